"""Hostile Jekyll posts that made Liquid take minutes or never finish (a post
of 300,000 ``{{``: python-liquid's lexer searched to the end of the text from
every delimiter never closed, the post was lexed again for each, and the
abandoned worker kept lexing) render in bounded time and keep their text;
the linear lexer finds python-liquid's own tokens."""

from __future__ import annotations

import html
import random
import re
import threading
from pathlib import Path

from liquid.lex import get_lexer

from reader.core.article.codec import load_article
from reader.core.library.sitecontext import site_context_for
from reader.core.render import liquid
from reader.core.render.liquid import MAX_TAGS, LiquidResult, render_liquid
from reader.core.render.pipeline import RenderResult, render_article
from reader.core.render.sitecontext import SiteContext, TemplateLimits

from .guards import finishes

TOO_LARGE = "an expression too large to read; shown as written"


def _site(root: Path, seconds: float = 60) -> SiteContext:
    # a deadline no loaded machine reaches: what is tested is that the work is bounded
    return SiteContext(kind="jekyll", root=root, limits=TemplateLimits(seconds=seconds))


def _liquid(source: str, site: SiteContext) -> LiquidResult:
    result = finishes(render_liquid, source, site, {"title": "T"})
    assert isinstance(result, LiquidResult), result
    return result


def _shown(result: LiquidResult) -> str:
    """The text after evaluation, without the notices."""
    out = result.restore(result.text)
    return re.sub(r'<span class="template-notice">[^<]*</span>', "", out)


def _messages(result: LiquidResult) -> list[str]:
    return [notice.message for notice in result.notices]


def _render_post(root: Path, body: str) -> RenderResult:
    (root / "_posts").mkdir()
    (root / "_config.yml").write_text("title: Site\n")
    post = root / "_posts" / "2021-01-01-b.md"
    post.write_text("---\ntitle: t\n---\n" + body)
    article = load_article(post)
    info = site_context_for(article)
    assert info is not None and info.context.kind == "jekyll"
    result = finishes(lambda: render_article(article, site=info.context))
    assert isinstance(result, RenderResult), result
    return result


def test_a_post_of_300000_unclosed_braces_is_shown_as_written(tmp_path):
    result = _render_post(tmp_path, "{{" * 300_000 + "\n")
    text = html.unescape(re.sub(r"<[^>]*>", "", result.body_html))
    assert "{{" * 300_000 in text
    assert [p.message for p in result.problems] == [
        f"more than {MAX_TAGS:,} tags; shown unevaluated"
    ]


def test_unclosed_braces_up_to_the_tag_limit_are_text(tmp_path):
    for source in ("{{" * MAX_TAGS, "{%" * MAX_TAGS, "a {{ b " * (MAX_TAGS // 2)):
        result = _liquid(source, _site(tmp_path))
        assert _shown(result) == source
        assert len(result.notices) == 1 and _messages(result)[0].endswith("is never closed")


def test_many_cycle_tags_are_bounded(tmp_path):
    site = _site(tmp_path)
    many = '{% cycle "a","b" %}' * 100_000
    result = _liquid(many, site)
    assert _messages(result) == [f"more than {MAX_TAGS:,} tags; shown unevaluated"]
    assert result.text.endswith("\n\n" + many)
    result = _liquid('{% cycle "a","b" %}' * 9_000 + " end", site)
    assert result.text == "ab" * 4_500 + " end" and result.notices == []


def test_tags_that_made_python_liquids_lexer_backtrack(tmp_path):
    site = _site(tmp_path)
    result = _liquid("a {{" + " " * 200_000 + "}} b", site)
    assert _shown(result) == "a  b" and len(result.notices) == 1
    result = _liquid("{% if" + " " * 200_000 + "%}x{% endif %} after", site)
    assert _shown(result).endswith(" after") and _messages(result) == ["missing expression"]
    name = "{%" + "a" * 200_000 + " rest"
    result = _liquid(name, site)
    assert _shown(result) == name and _messages(result) == ["'{%' is never closed"]
    result = _liquid("{% raw %}" * 9_000 + " after", site)
    assert _shown(result).endswith(" after") and "'raw' is never closed" in _messages(result)


def test_unclosed_blocks_are_named_in_order(tmp_path):
    site = _site(tmp_path)
    result = _liquid("{% if x %}" * 9_000 + " after", site)
    assert _shown(result).endswith(" after") and "'if' is never closed" in _messages(result)
    result = _liquid("{% if a %}\nx\n{% for i in b %}\ny", site)
    assert [(n.line, n.message) for n in result.notices] == [
        (1, "'if' is never closed"),
        (3, "'for' is never closed"),
    ]
    assert _shown(result) == "\nx\n\ny"


def test_include_parameters_with_unclosed_variables(tmp_path):
    source = "{% include x.html " + "a={{ " * 7_000 + "%} after"  # within MAX_EXPRESSION
    result = _liquid(source, _site(tmp_path))
    assert _shown(result) == " after"
    assert _messages(result) == ["include 'x.html': not found"]


def test_expressions_too_large_to_read_are_shown_as_written(tmp_path):
    site = _site(tmp_path)
    for tag in (
        "{% assign x = " + "(" * 50_000 + " %}",
        "{{ " + "a." * 30_000 + "b }}",
        "{% liquid echo a" + " " * 20_000 + "x %}",
        "{{ " + "a[" * 200 + " }}",
    ):
        result = _liquid("before " + tag + " after", site)
        assert _shown(result) == "before " + tag + " after"
        assert _messages(result) == [TOO_LARGE]
    result = _liquid("{% if " + "(" * 5_000 + " %}x{% endif %} after", site)
    assert _shown(result) == "{% if " + "(" * 5_000 + " %}x after"  # and an unknown endif
    assert _messages(result) == [TOO_LARGE, "unknown tag 'endif'"]
    # a long filter chain without brackets is read as before
    result = _liquid("{{ 'x'" + " | append: 'y'" * 2_000 + " | size }}", site)
    assert result.text == "2001" and result.notices == []


def test_the_deadline_is_kept_while_the_template_is_read(tmp_path):
    site = _site(tmp_path, seconds=0)
    source = '{% cycle "a","b" %}' * 9_000 + " end"
    result = _liquid(source, site)
    assert _messages(result) == ["took longer than 0 s; shown unevaluated"]
    assert result.text.endswith("\n\n" + source)

    def worker_stopped() -> bool:
        while any(t.name == "liquid" for t in threading.enumerate()):
            threading.Event().wait(0.05)
        return True

    assert finishes(worker_stopped, timeout=30) is True  # abandoned work does not go on


def test_unclosed_delimiters_in_text_comments_and_whitespace_control(tmp_path):
    site = _site(tmp_path)
    result = _liquid("x  {{- y", site)  # not an opening: no whitespace control either
    assert _shown(result) == "x  {{- y" and _messages(result) == ["'{{' is never closed"]
    result = _liquid("x {% comment %} {{ {% endcomment %} y", site)
    assert result.text == "x  y" and result.notices == []
    result = _liquid("p {{{{ q\n{{{% if true %}r{% endif %}", site)
    assert _shown(result) == "p {{{{ q\n{{r"
    assert [(n.line, n.message) for n in result.notices] == [(1, "'{{' is never closed")]
    result = _liquid("a {{- 'b' -}} {{{% if true %}c{% endif %}", site)
    assert _shown(result) == "ab{{c" and result.notices == []


# -- the lexer finds python-liquid's tokens ---------------------------------------

_PIECES = [
    *["{{", "}}", "{%", "%}", "-", " ", "  ", "\n", "\t", "x", "{", "}", "%", "#", "_", "1"],
    *["raw", "endraw", "doc", "enddoc", "comment", "endcomment", "if", "a.b", "'s'", "é"],
    *["\u00a0", "\u2003", "{% raw %}", "{% endraw %}", "{%- raw -%}", "{% comment %}"],
    *["{% endcomment %}", "{{- x -}}", "{% if x %}", "{%-", "-%}", "-}}", "{% doc %}"],
    "{%enddoc%}",
]


def _tokens(lex, text: str) -> object:
    try:
        return [(t.kind, t.value, t.start_index) for t in lex(text)]
    except Exception as exc:  # the same error, at the same place
        return type(exc).__name__, str(exc), exc.token.start_index  # type: ignore[attr-defined]


def test_the_lexer_finds_python_liquids_tokens():
    rng = random.Random(7)
    theirs = get_lexer()
    for _case in range(5_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 20)))
        ours = liquid._tokenize  # noqa: SLF001  (the lexer against python-liquid's)
        assert _tokens(ours, text) == _tokens(theirs, text), text
