"""A site's data files (``_data/*.yml``) are loaded by libyaml when it is
installed: the same values as the pure-Python loader, and for text neither
loads, the same error at the same line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article.codec import YAMLValueError, parse_yaml_data, parse_yaml_value

BOMB = "a: &a [1,2,3,4,5,6,7,8,9,10]\n" + "".join(
    f"{k}: &{k} [{','.join([f'*{p}'] * 10)}]\n" for p, k in zip("abcd", "bcde", strict=True)
)

TEXTS = [
    "- name: Ann\n  joined: 2020-01-02\n  tags: [a, b]\n- name: Bo\n",
    "title: 文章\nlist:\n  - 1\n  - 2.5\n  - true\n  - ~\n",
    "a: &x {k: v}\nb: *x\n",
    "text: |\n  two\n  lines\n",
    "",
    "just a string\n",
    "a: 1\na: 2\n",  # duplicate key
    "a: [1, 2\nb: 3\n",  # unclosed
    "a: &x [1]\nb: *y\n",  # undefined alias
    "x: \x07\n",  # control character
    "- " * 200 + "x\n",  # nesting
    BOMB,
    "a: !!python/object:os.system x\n",
    "a: 9" + "9" * 5000 + "\n",
    # loaded by libyaml as a number too long to write in digits (the check
    # of the pure-Python way was skipped: rendering it failed unnamed)
    "a: 1\nbig: 0b" + "1" * 20_000 + "\n",
    "big: 0x" + "f" * 4_000 + "\n",
    "a: &r [*r]\n",  # alias inside its own anchor
    "\t- tab\n",
    "key: 'unclosed\n",
    "key: !\n",  # (a tag: libyaml reads "", PyYAML None)
    "? !\n",
    "- Hello!\n- wow !\n",
]


def outcome(parse, text):
    try:
        return ("value", parse(text))
    except YAMLValueError as exc:
        return ("error", exc.message, exc.line, exc.column)


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_value_or_the_same_error_as_the_pure_python_loader(text):
    assert outcome(parse_yaml_data, text) == outcome(parse_yaml_value, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab:-[]{},&*!|>'\"# \n\t\\1.~?%@`", max_size=40))
def test_what_the_pure_python_loader_reads_is_read_alike(text):
    expected = outcome(parse_yaml_value, text)
    if expected[0] == "value":
        assert outcome(parse_yaml_data, text) == expected


@pytest.mark.parametrize("escape", ["\\U00110000", "\\U7FFFFFFF", "\\UFFFFFFFF"])
@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('x: "{}"\n', 1),
        ('a: 1\nx: !!str "{}"\n', 2),  # a tag: the pure-Python loader's way
        ('a: &a [1]\nb: *a\nc:\n  - "ok"\n  - "{}"\n', 5),
    ],
)
def test_an_escape_past_unicode_is_an_error_on_its_line(text, line, escape):
    # PyYAML's scanner made the character with chr(), whose ValueError or
    # OverflowError went out unnamed (a data file took the render down)
    for parse in (parse_yaml_data, parse_yaml_value):
        with pytest.raises(YAMLValueError) as caught:
            parse(text.format(escape))
        assert caught.value.message == (
            f"the escape {escape} is past U+10FFFF, the last Unicode character"
        )
        assert caught.value.line == line
    # the last character there is, and one past it as text, are read
    assert parse_yaml_data('x: "\\U0010FFFF"\n') == {"x": "\U0010ffff"}
    assert parse_yaml_value(f"x: '{escape}'\n") == {"x": escape}


def test_an_escape_in_single_quotes_is_text_and_never_blamed():
    # '\U00110000' is text in single quotes: the error was the date's, or
    # the double-quoted escape's, and was said to be that text's
    with pytest.raises(YAMLValueError, match="day is out of range"):
        parse_yaml_value("['\\U00110000', 2024-02-30]")
    with pytest.raises(YAMLValueError) as caught:
        parse_yaml_value("x: '\\U00110000'\ny: \"\\UFFFFFFFF\"\n")
    assert "\\UFFFFFFFF" in caught.value.message and caught.value.line == 2
