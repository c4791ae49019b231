"""The full text's fast patterns find exactly what their plain forms find.

The patterns that strip Markdown emphasis and join lines wrapped between
Chinese characters were rewritten to start with the character they take
(the regular expression engine skips to a literal character in a tight
loop, and tries a pattern that starts with a look-behind at every position).
Each is checked here against its plain form, the definition, on many short
random texts over the characters that matter to it."""

from __future__ import annotations

import random
import re

import pytest

from reader.core.common.text import HAN_KANA, unwrap_lines, wrapped_break, wrapped_newline
from reader.core.library import fulltext
from reader.core.library.fulltext import plain_text

# The definitions, as first written: the conditions first.
EMPHASIS = re.compile(
    r"(?<![*_~])(?:(?<![^\W_])_{2,}|_{2,}(?![^\W_])"
    r"|(?<!\d)(?:\*+|~~+)|(?:\*+|~~+)(?!\d))(?![*_~])"
)
BACKTICKS_OR_BLANK = re.compile(r"`+|\n[ \t]*(?=\r?\n)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\[\]]+\]:\s+\S+.*$", re.MULTILINE)
QUOTED_BREAK = re.compile(
    f"[\\r\\n](?:(?<=[{HAN_KANA}]\\r)\\n|(?<=[{HAN_KANA}]\\n))[ \\t]*(?:>[ \\t]*)*(?=[{HAN_KANA}])"
)

ROUNDS = 40_000


def _texts(alphabet: list[str], seed: int, longest: int = 16):
    rnd = random.Random(seed)
    for _ in range(ROUNDS):
        yield "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, longest)))


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_emphasis_pattern_takes_what_its_definition_takes(seed):
    alphabet = ["*", "_", "~", "**", "__", "~~", "a", "é", "1", "٣", " ", "中", "\n", "-", "."]
    fast = fulltext._MD_EMPHASIS  # noqa: SLF001 (the pattern itself, against its definition)
    for text in _texts(alphabet, seed):
        assert _spans(fast, text) == _spans(EMPHASIS, text), repr(text)


def test_emphasis_is_stripped_as_before_from_markdown():
    body = "这是**重要**的, 2*3 and 2**10, snake__case, __init__, ~~gone~~ and *a* _b_ __c__"
    assert plain_text(body, "markdown", collapse=False) == EMPHASIS.sub("", body)


@pytest.mark.parametrize("seed", [4, 5])
def test_lines_wrapped_between_chinese_characters_are_joined_as_defined(seed):
    alphabet = ["知", "识", "あ", "a", " ", "\t", "\n", "\r", "\r\n", ">", "한"]
    for text in _texts(alphabet, seed):
        assert unwrap_lines(text) == wrapped_break().sub("", text), repr(text)
        if "\r" not in text:
            assert _spans(wrapped_newline(), text) == _spans(wrapped_break(), text), repr(text)


@pytest.mark.parametrize("seed", [6, 7])
def test_quoted_markdown_lines_are_joined_as_defined(seed):
    alphabet = ["知", "识", "a", " ", "\t", "\n", "\r\n", ">", "> ", "#", "|"]
    newline_only = fulltext._wrapped_in_quotes(False)  # noqa: SLF001 (against its definition)
    checked = 0
    for text in _texts(alphabet, seed):
        if "\r" not in text:
            assert _spans(newline_only, text) == _spans(QUOTED_BREAK, text), repr(text)
            checked += 1
    assert checked > ROUNDS // 4


def test_a_quoted_chinese_line_wrapped_by_hand_is_one_word():
    for newline in ("\n", "\r\n"):
        body = f"> 知识{newline}> 产权 and more"
        assert plain_text(body, "markdown").startswith("知识产权"), repr(newline)


def test_invisible_characters_are_dropped_wherever_they_are():
    for char in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
        text = f"Donau{char}dampf{char}schiff 知{char}识"
        assert plain_text(text, "html", collapse=False) == "Donaudampfschiff 知识"
    assert plain_text("plain ascii", "html") == "plain ascii"
    assert plain_text("知识 without any", "html") == "知识 without any"


FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


def code_as_text_as_defined(body: str) -> str:
    """``_code_as_text`` as first written (its patterns starting with ``^``
    or a class, one loop over the runs of backticks and blank lines)."""
    code: list[tuple[int, int]] = []
    position = 0
    while "```" in body or "~~~" in body:
        opening = FENCE_OPEN.search(body, position)
        if opening is None:
            break
        fence = opening.group(1)
        line_end = body.find("\n", opening.end())
        if line_end == -1 or (fence[0] == "`" and "`" in body[opening.end() : line_end]):
            position = opening.end()
            continue
        closing = re.compile(
            rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE
        ).search(body, line_end + 1)
        code.append((line_end + 1, closing.start() if closing is not None else len(body)))
        position = closing.end() if closing is not None else len(body)
    pair = fulltext._code_spans  # noqa: SLF001 (the pairing, the same in both)
    fences = iter(list(code))
    fenced = next(fences, None)
    paragraph: list[tuple[int, int]] = []
    for match in BACKTICKS_OR_BLANK.finditer(body):
        while fenced is not None and fenced[1] <= match.start():
            fenced = next(fences, None)
        if match.group()[0] != "`" or (fenced is not None and fenced[0] <= match.start()):
            code.extend(pair(body, paragraph))
            paragraph = []
            continue
        paragraph.append(match.span())
    code.extend(pair(body, paragraph))
    pieces: list[str] = []
    copied = 0
    for start, end in sorted(code):
        if start < copied:
            continue
        pieces.append(body[copied:start])
        pieces.append(body[start:end].replace("<", "&lt;"))
        copied = end
    pieces.append(body[copied:])
    return "".join(pieces)


@pytest.mark.parametrize("seed", [8, 9])
def test_code_in_markdown_is_found_as_defined(seed):
    alphabet = ["`", "``", "```", "~~~", "\n", "\r\n", " ", "   ", "\t", "a", "<", "\\", "\n\n"]
    fast = fulltext._code_as_text  # noqa: SLF001 (against its definition)
    for text in _texts(alphabet, seed, longest=24):
        assert fast(text) == code_as_text_as_defined(text), repr(text)


@pytest.mark.parametrize("seed", [10, 11])
def test_reference_definitions_are_dropped_as_defined(seed):
    alphabet = ["[", "]", "]:", ":", " ", "  ", "\n", "\t", "a", "\r", "\u2028", "[r]: u", "    "]
    fast = fulltext._MD_REF_DEF  # noqa: SLF001 (the pattern itself, against its definition)
    for text in _texts(alphabet, seed, longest=20):
        body = "\n" + text  # (as the Markdown's plain text sees it: a break before the first line)
        assert fast.sub("\n ", body) == REFERENCE_DEFINITION.sub(" ", body), repr(text)


def test_markdown_with_code_and_references_reads_as_before():
    body = (
        "Intro <b>bold</b> and `a <tag>` span.\n\n"
        "```html\n<script>x</script>\n```\n\n"
        "[ref]: https://example.org/a\n"
        "  [other]: <https://example.org/b> 'title'\n"
        "Text after ``double `tick` span`` and 知识\n产权.\n"
    )
    text = plain_text(body, "markdown")
    assert "a <tag>" in text and "<script>x</script>" in text
    assert "example.org/a" not in text and "'title'" not in text
    assert "double `tick` span" not in text and "double tick span" in text
    assert "知识产权" in text


@pytest.mark.parametrize(
    ("body", "shown", "hidden"),
    [
        ("```\n<!-- not a comment -->\n```\nafter", ["<!-- not a comment -->", "after"], []),
        ("  ~~~~\n<script>x</script>\n  ~~~~~\n<!-- gone -->", ["<script>x</script>"], ["gone"]),
        ("text\n   ```js\n<b>kept</b>\n```", ["<b>kept</b>"], []),
        ("text\n    ```\n<!-- an indented fence is no fence -->", [], ["indented"]),
        ("```a`b\n<!-- no fence: a backtick in its info -->", [], ["info"]),
        ("~~~\n<style>open to the end</style>", ["<style>open to the end</style>"], []),
        (
            "```\n<i>one</i>\n```\n\n```\n<i>two</i>\n```\n<!-- x -->",
            ["<i>one</i>", "<i>two</i>"],
            ["x"],
        ),
    ],
)
def test_code_in_fences_shows_its_markup_as_text(body, shown, hidden):
    text = plain_text(body, "markdown")
    for words in shown:
        assert words in text, (body, text)
    for words in hidden:
        assert words not in text, (body, text)
