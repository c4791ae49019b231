"""Front matter built to hurt: nesting bombs, alias bombs, recursive aliases,
escapes that are not characters, control characters, huge front matter.

Each must become an error (or warning) problem on that one article, with a
line, and parsing must return: never raise, recurse without bound or expand.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article.codec import YAMLValueError, parse_article, parse_yaml_value
from reader.core.article.limits import MAX_ALIAS_NODES, MAX_NESTING, Limits
from reader.core.article.model import ERROR, WARNING
from reader.core.article.taxonomy import categories_from, tags_from
from reader.core.edit.fields import parse_value_text

from .guards import finishes

BILLION_LAUGHS = (
    "---\n"
    "title: lol\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "---\n"
    "# The body\n"
)


def only_error(article):
    errors = [p for p in article.problems if p.severity == ERROR]
    assert len(errors) == 1, article.problems
    return errors[0]


def assert_printable(article):
    """What ``show --json`` prints: small, and encodable as UTF-8."""
    text = json.dumps(article.summary_dict(), ensure_ascii=False)
    text.encode("utf-8")
    return text


# -- nesting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, line",
    [
        ("+++\nx = " + "[" * 2000 + "]" * 2000 + "\n+++\nbody\n", 2),
        ("+++\ntitle = 'ok'\nx = " + "[" * 2000 + "\n+++\nbody\n", 3),  # never closed
        ("+++\nx = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n+++\nbody\n", 2),
        ("+++\n[" + ".".join(["a"] * 5000) + "]\nx = 1\n+++\nbody\n", 2),  # tables
        (';;;\n"x": ' + "[" * 100_000 + "]" * 100_000 + "\n;;;\nbody\n", 2),
        ('{\n"x": ' + "[" * 100_000 + "]" * 100_000 + "\n}\nbody\n", 2),  # Hugo's bare JSON
        ("---\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\nbody\n", 2),
        ("---\nx: " + "[" * 150 + "]" * 150 + "\n---\nbody\n", 2),  # under libyaml's cap
        ("---\nx:\n" + "".join(" " * i + "k:\n" for i in range(1, 200)) + "---\nbody\n", 2),
        ("---\nx:\n" + "- " * 5000 + "deep\n---\nbody\n", 3),
    ],
    ids=[
        "toml-arrays",
        "toml-unclosed",
        "toml-inline-tables",
        "toml-dotted-table",
        "hexo-json",
        "hugo-json",
        "yaml-flow-100k",
        "yaml-flow-150",
        "yaml-block-mappings",
        "yaml-block-sequences",
    ],
)
def test_nesting_bombs_are_an_error_on_their_line(raw, line):
    article = parse_article(raw.encode(), "deep.md")
    error = only_error(article)
    assert error.line == line
    assert "nest" in error.message or "invalid" in error.message
    assert article.metadata == {}
    assert not article.front_matter_read
    assert len(assert_printable(article)) < 2000


def test_nesting_at_the_limit_is_read():
    value = "[" * MAX_NESTING + "1" + "]" * MAX_NESTING
    for raw in (f"---\nx: {value}\n---\n", f"+++\nx = {value}\n+++\n", f';;;\n"x": {value}\n;;;\n'):
        article = parse_article(raw.encode(), "a.md")
        assert article.problems == [], raw[:4]
        assert_printable(article)
    too_deep = "[" + value + "]"
    article = parse_article(f"---\nx: {too_deep}\n---\n".encode(), "a.md")
    assert "nests deeper than 100 levels" in only_error(article).message


def test_brackets_in_strings_and_comments_do_not_count():
    brackets = "[" * 300
    raw = f"+++\ntitle = \"{brackets}\"\nlit = '{brackets}'\n# {brackets}\n+++\nbody\n"
    assert parse_article(raw.encode(), "a.md").metadata["title"] == brackets
    raw = f"+++\nml = '''\n{brackets}\n'''\nbasic = \"\"\"\n{brackets}\"\"\"\n+++\n"
    assert parse_article(raw.encode(), "a.md").problems == []
    raw = f';;;\n"title": "{brackets}\\"{brackets}"\n;;;\n'
    article = parse_article(raw.encode(), "a.md")
    assert article.problems == [] and article.title.startswith("[[")


def test_the_nesting_limit_is_a_parameter():
    raw = b"---\nx: [[[1]]]\n---\n"
    assert parse_article(raw, "a.md").problems == []
    article = parse_article(raw, "a.md", limits=Limits(max_nesting=2))
    assert "deeper than 2 levels" in only_error(article).message


# -- aliases -------------------------------------------------------------------------


def test_billion_laughs_is_refused_on_the_line_of_the_alias():
    article = parse_article(BILLION_LAUGHS.encode(), "lol.md")
    error = only_error(article)
    assert "aliases expand to more than 10,000 values" in error.message
    assert error.line == 7  # "e: &e [*d, …": its first alias goes over (8,289 + 7,381)
    assert article.metadata == {}
    assert article.title == "The body"  # the body is still read
    assert len(assert_printable(article)) < 2000


def test_many_aliases_to_a_long_text_are_refused_by_size():
    text = "x" * 200_000
    raw = f"---\na: &a {text}\nb: [*a, *a, *a, *a, *a, *a]\n---\n"
    error = only_error(parse_article(raw.encode(), "a.md"))
    assert "1 MB of text" in error.message and error.line == 3


@pytest.mark.parametrize(
    "front, line",
    [
        ("a: &a [*a]\n", 2),
        ("a: &a {b: *a}\n", 2),
        ("a: &a\n  - x\n  - *a\n", 4),
        ("title: ok\nlist: &l\n  - [1, *l]\n", 4),
    ],
)
def test_a_recursive_alias_is_an_error_with_its_line(front, line):
    article = parse_article(f"---\n{front}---\nbody\n".encode(), "r.md")
    error = only_error(article)
    assert "recursive alias" in error.message and error.line == line
    assert article.metadata == {}
    assert_printable(article)


def test_ordinary_aliases_are_read():
    raw = b"---\nbase: &b {layout: post, comments: true}\npost: *b\ntags: &t [a, b]\nkw: *t\n---\n"
    article = parse_article(raw, "a.md")
    assert article.problems == []
    assert article.metadata["post"] == {"layout": "post", "comments": True}
    assert article.metadata["kw"] == ["a", "b"]


def test_the_alias_limits_are_parameters():
    raw = b"---\na: &a [1, 2, 3]\nb: [*a, *a]\n---\n"
    assert parse_article(raw, "a.md").problems == []
    limits = Limits(max_alias_nodes=7)
    error = only_error(parse_article(raw, "a.md", limits=limits))
    assert "more than 7 values" in error.message
    assert MAX_ALIAS_NODES == 10_000


def test_ambiguity_warnings_are_not_multiplied_by_aliases():
    raw = b"---\na: &a [no, 'x']\nb: [*a, *a, *a]\n---\n"
    warnings = [p for p in parse_article(raw, "a.md").problems if p.severity == WARNING]
    assert len(warnings) == 1 and warnings[0].line == 2


# -- texts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, line",
    [
        (b'---\ntitle: ok\nnote: "bell\\a"\n---\n', 3),
        (b'---\ntags: [a, "esc\\x1b[0m"]\n---\n', 2),
        (b';;;\n"title": "nul\\u0000"\n;;;\n', 2),
        (b'+++\ntitle = "del\\u007f"\n+++\n', 2),
        (b';;;\n"deep": {"k": ["\x7f"]}\n;;;\n', 2),  # a raw DEL is valid JSON
    ],
)
def test_control_characters_in_values_are_a_warning_with_the_key_line(raw, line):
    article = parse_article(raw, "a.md")
    warnings = [p for p in article.problems if "control character" in p.message]
    assert len(warnings) == 1, article.problems
    assert warnings[0].severity == WARNING and warnings[0].line == line
    assert not article.has_errors


def test_an_escape_that_is_not_a_character_is_an_error_and_shown_replaced():
    raw = b';;;\n"title": "caf\\udce9",\n"tags": ["ok", "\\ud800x"],\n"\\udfffkey": 1\n;;;\nbody\n'
    article = parse_article(raw, "a.md")
    errors = [p for p in article.problems if p.severity == ERROR]
    # An escaped key cannot be found in the text: its problem is on the first line.
    assert [p.line for p in errors] == [2, 2, 3]
    assert all("not a character" in p.message for p in errors)
    assert article.title == "caf\ufffd"
    assert article.tags == ["ok", "\ufffdx"]
    assert "\ufffdkey" in article.metadata
    assert_printable(article)


def test_a_body_that_is_not_utf8_gives_a_readable_title():
    article = parse_article(b"# caf\xe9 cr\xe8me\n\nbody\n", "a.md")
    assert article.title == "caf\ufffd cr\ufffdme"
    assert article.has_errors  # and so it is never rewritten
    assert_printable(article)


def test_huge_front_matter_is_refused_before_parsing():
    raw = ("---\ntags:\n" + "- x\n" * 300_000 + "---\nbody\n").encode()
    article = parse_article(raw, "a.md")
    error = only_error(article)
    assert "over the 1 MB limit" in error.message and error.line == 2
    small = parse_article(raw, "a.md", limits=Limits(max_front_matter_bytes=4 << 20))
    assert small.problems == [] and len(small.tags) == 1


def test_long_texts_in_dates_and_plain_scalars_parse_quickly():
    """Patterns with optional runs of blanks (dates, the fast YAML path) must
    not take time in the square of a value's length (here 400,000 blanks)."""
    blanks = " " * 400_000
    raw = f"---\ntitle: a{blanks}b\ndate: 2021年4月16{blanks}x\n---\n".encode()
    article = parse_article(raw, "post.md")
    assert article.title == f"a{blanks}b"
    assert article.date_source is None
    (warning,) = [p for p in article.problems if "cannot read date" in p.message]
    assert len(warning.message) < 120  # the value is quoted, not copied whole


# -- many values -----------------------------------------------------------------------


def test_a_flat_list_of_thousands_of_categories_is_refused():
    """Hexo reads a flat list as one path; the index stores each of its
    prefixes, so 60,000 names would be 60,000 ever longer rows."""
    names = ", ".join(f"c{i}" for i in range(60_000))
    article = finishes(parse_article, f"---\ncategories: [{names}]\n---\n".encode(), "a.md")
    error = only_error(article)
    assert "a category path of 60,000 levels is over the limit of 32" in error.message
    assert error.line == 2 and article.categories == []
    shallow = parse_article(b"---\ncategory: [a, b, c]\n---\n", "a.md")
    assert shallow.categories == [("a", "b", "c")]
    two_levels = Limits(max_category_levels=2)
    limited = parse_article(b"---\ncategory: [a, b, c]\n---\n", "a.md", limits=two_levels)
    assert limited.categories == [] and only_error(limited).line == 2


def test_many_tags_and_category_paths_are_read_in_linear_time():
    tags = [f"t{i}" for i in range(200_000)]
    assert finishes(tags_from, [*tags, *tags]) == tags
    paths = [[f"c{i}"] for i in range(200_000)]
    assert len(finishes(categories_from, [*paths, *paths])) == 200_000


# -- values typed by people --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("&a [*a]", "recursive alias"),
        ("{k: &a [1, *a]}", "recursive alias"),
        (BILLION_LAUGHS.split("\n", 2)[2].split("---")[0], "aliases expand"),
        ("[" * 5000 + "]" * 5000, "nests deeper"),
        ('"\\udce9"', "not a character"),
        ("{a: 1, a: 2}", "duplicate key"),
        ("[a, b", "expected"),
    ],
)
def test_parse_yaml_value_refuses_what_a_file_would_refuse(text, message):
    with pytest.raises(YAMLValueError) as caught:
        parse_yaml_value(text)
    assert message in caught.value.message


def test_parse_yaml_value_reads_ordinary_values():
    assert parse_yaml_value("[a, b]") == ["a", "b"]
    assert parse_yaml_value("false") is False
    assert parse_yaml_value("=") == "="
    assert parse_yaml_value("{a: &x 1, b: *x}") == {"a": 1, "b": 1}


# -- anything at all -----------------------------------------------------------------------

_SOUP = [
    *"[]{},#x知=\n\t\"'\x00\x7f",
    *("---\n", "+++\n", ";;;\n", "{\n", "}\n", "&a ", "*a", "&b ", "*b", "- ", "? ", ": "),
    *("  ", "\\u", "d800", "\\x07", "'''", '"""', "!!set ", "<<: "),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SOUP), max_size=60), st.sampled_from(["---", "+++", ";;;"]))
def test_any_front_matter_parses_to_printable_problems(pieces, delimiter):
    raw = (f"{delimiter}\n" + "".join(pieces) + f"\n{delimiter}\nbody\n").encode()
    article = parse_article(raw, "soup.md")
    assert_printable(article)
    for problem in article.problems:
        assert problem.line is None or problem.line >= 1


def test_the_form_reads_values_with_the_same_limits():
    value, error = parse_value_text("&a [*a]")
    assert value is None and "recursive alias" in error.message and error.line == 1
    value, error = parse_value_text("a: [1,\nb: 2")
    assert value is None and error.line == 1 and error.column == 4  # where the [ opens
    assert parse_value_text("[a, b]") == (["a", "b"], None)


@pytest.mark.parametrize(
    "front, message",
    [
        ("list:\n-\tx\n" + BILLION_LAUGHS.split("---\n")[1], "aliases expand"),
        ("list:\n-\tx\na: &a [*a]\n", "recursive alias"),
        ("list:\n-\tx\nx: " + "[" * 150 + "]" * 150 + "\n", "nests deeper"),
    ],
)
def test_a_tab_read_as_a_blank_does_not_skip_the_alias_and_nesting_checks(front, message):
    # The checks walk the text before it is parsed; a tab PyYAML refuses
    # (read as a blank, see codec.untabbed) must not let a bomb past them.
    article = parse_article(f"---\n{front}---\nThe body\n".encode(), "tab.md")
    assert message in only_error(article).message
    assert article.metadata == {}
