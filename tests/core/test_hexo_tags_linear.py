"""Hostile pages that made the Hexo tag scanner search to the end of the text
from every opener (20,000 lines opening a code fence took 40 s) keep all
their text, and the linear scanner finds what the regular expression it
replaced found."""

from __future__ import annotations

import html
import random
import re

import pytest

from reader.core.article.codec import parse_article
from reader.core.render import hexo_tags
from reader.core.render.pipeline import render_article

from .guards import finishes


def expanded(text: str, *, markdown: bool = False) -> hexo_tags.Expansion:
    result = finishes(
        lambda: hexo_tags.expand(text, markdown=markdown, render_block=lambda c, d: c)
    )
    assert isinstance(result, hexo_tags.Expansion), result
    return result


def shown_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def body_text(raw: str) -> str:
    result = finishes(lambda: render_article(parse_article(raw.encode(), "a.md")))
    assert not isinstance(result, BaseException), result
    assert not result.raw
    return shown_text(result.body_html.split('<div class="article-body">', 1)[1])


def test_thousands_of_lines_opening_a_fence_keep_their_text():
    fences = "```js\n" * 20_000
    expansion = expanded("{% note %}\n" + fences)
    assert expansion.text.endswith("\n" + fences)  # never closed: not code, left as written
    assert shown_text(expansion.restore(expansion.text)) == "{% note %}\n" + fences
    text = body_text("---\ntitle: t\n---\n{% note %}\n" + fences)
    assert "{% note %}" in text
    assert text.count("```js") == 20_000 - 1  # the first opens a code block to the end


def test_a_fence_opened_with_a_long_run_of_ticks():
    text = "{% a %}\n" + "`" * 50_000 + "\n" + "x {% b %}\n" * 50_000
    expansion = expanded(text)
    assert len(expansion.fragments) == 50_001  # no closing line: the tags are not code
    assert shown_text(expansion.restore(expansion.text)) == text


def test_fences_close_as_before():
    text = "{% a %}\n````\n{% in %}\n```\n{% in %}\n````\n{% b %}\n~~~\n{% in %}\n~~~~~\n"
    expansion = expanded(text)
    assert expansion.text.count("{% in %}") == 3  # inside fences: left alone
    assert [f for f, _block in expansion.fragments.values()] == [
        '<code class="hexo-tag">{% a %}</code>',
        '<code class="hexo-tag">{% b %}</code>',
    ]


def test_many_unclosed_code_block_tags_keep_their_text():
    text = "{% codeblock %}\n" * 100_000
    expansion = expanded(text)
    assert len(expansion.fragments) == 100_000
    assert shown_text(expansion.restore(expansion.text)) == text


def test_many_unclosed_tags_and_comments_are_left_as_written():
    for text in ("{%a " * 300_000, "{#" * 300_000, "{%" + "a" * 300_000):
        expansion = expanded(text)
        assert expansion.text == text and not expansion.fragments


def test_thousands_of_differently_named_blocks_pair_in_one_pass():
    text = "".join(f"{{% x{i} %}}body {i}{{% endx{i} %}}\n" for i in range(20_000))
    expansion = expanded(text)
    shown = expansion.restore(expansion.text)
    assert shown.count('<div class="hexo-block">') == 20_000
    assert '<p class="hexo-block-label">x19999</p>body 19999</div>' in shown


# -- the scanner finds what the regular expression it replaced found -----------

_OLD_TOKEN_RE = re.compile(
    r"""(?P<fence>^[ \t]{0,3}(?P<ticks>`{3,}|~{3,})[^\n]*\n
        (?:.*?\n)??[ \t]{0,3}(?P=ticks)[`~]*[ \t]*$)
    |(?P<comment>\{\#[^\n]{0,1000}?\#\})
    |(?P<tag>\{%-?[ \t]*(?P<name>[A-Za-z_]\w{0,40})(?P<args>[^\n]{0,1000}?)-?%\})""",
    re.MULTILINE | re.DOTALL | re.VERBOSE,
)


def _old_tokens(text: str) -> list[tuple[str, int, int, str, str]]:
    found = []
    position = 0
    while (match := _OLD_TOKEN_RE.search(text, position)) is not None:
        kind = "fence" if match.group("fence") else "comment" if match.group("comment") else "tag"
        found.append(
            (kind, match.start(), match.end(), match.group("name") or "", match.group("args") or "")
        )
        position = match.end()
    return found


def _old_pairs(text: str, name: str) -> dict[int, tuple[int, int]]:
    pairs: dict[int, tuple[int, int]] = {}
    open_tags: list[int] = []
    block = re.compile(r"\{%-?[ \t]*(end)?" + re.escape(name) + r"\b[^\n]{0,1000}?-?%\}")
    for match in block.finditer(text):
        if match.group(1):
            if open_tags:
                pairs[open_tags.pop()] = (match.start(), match.end())
        else:
            open_tags.append(match.start())
    return pairs


_PIECES = [
    *["{%", "%}", "{#", "#}", "-", " ", "\t", "\n", "\n", "```", "````", "~~~", "`", "~"],
    *["note", "end", "endnote", "NOTE", "endend", "x", "_", "é", "\r\n", "a" * 45, " " * 330],
    *["{% note %}", "{% endnote %}", "{%- note -%}", "{% endnote%}", "\n```\n", "\n   ```\n"],
    *["{% x %}", "{% endx %}", "{% endendx %}", "{% img /a.png 10 %}", "y" * 499, "\n````js\n"],
]


def test_the_scanner_finds_what_the_regular_expression_found():
    rng = random.Random(5)
    for _case in range(4000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30)))
        scanner = hexo_tags._Scanner(text)  # noqa: SLF001  (the scanner against its oracle)
        found = []
        position = 0
        while (token := scanner.search(position)) is not None:
            found.append((token.kind, token.start, token.end, token.name, token.args))
            position = token.end
        assert found == _old_tokens(text), text
        names = {name.lower() for name in re.findall(r"\{%-?[ \t]*end(\w{1,40})", text)}
        pairs = hexo_tags._pair_tags(text, names)  # noqa: SLF001  (the pairing, likewise)
        assert pairs == {name: _old_pairs(text, name) for name in names}, text


def test_a_line_of_many_tags_is_read_in_a_bounded_time_per_tag():
    # (review) each tag looked back over the 1,100 characters before it for a
    # link's target, a regular expression tried at each of them: a line of
    # 400,000 tags took over a minute
    text = "{% a %}" * 400_000
    expansion = finishes(
        lambda: hexo_tags.expand(text, markdown=True, render_block=lambda c, d: c), timeout=60
    )
    assert isinstance(expansion, hexo_tags.Expansion), expansion
    assert len(expansion.fragments) == 400_000
    assert shown_text(expansion.restore(expansion.text)) == text


@pytest.mark.parametrize(
    ("unit", "count", "fragments"),
    [("[a]({% a %}) ", 600_000, 0), ("=" * 60 + "{% a %}", 150_000, 150_000)],
)
def test_a_line_of_many_links_is_read_in_a_bounded_time_per_tag(unit, count, fragments):
    # (review) a tag after "(" or "=" still had an expression tried at each
    # of the 1,100 characters before it, up to eight times
    text = unit * count
    expansion = finishes(
        lambda: hexo_tags.expand(text, markdown=True, render_block=lambda c, d: c), timeout=60
    )
    assert isinstance(expansion, hexo_tags.Expansion), expansion
    assert len(expansion.fragments) == fragments


def test_a_tag_in_a_links_target_after_other_tags_is_still_an_address():
    # (review) nine tags before it in the address: the last was taken as text
    nine = "".join(f"{{{{ page.p{i} }}}}&" for i in range(9))
    for before in ["", "{{ site.url }}", "{{ site.url }}{{ site.baseurl }}/x/", nine]:
        text = f"[the post]({before}{{% post_path hello %}})"
        expansion = expanded(text, markdown=True)
        assert not expansion.fragments, (before, expansion.fragments)
