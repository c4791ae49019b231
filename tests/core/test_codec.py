from __future__ import annotations

import os
from datetime import UTC, date, datetime

import pytest

from reader.core.article.codec import load_article, parse_article
from reader.core.article.model import ERROR, WARNING

SEED_LIKE = (
    "\n---\n"
    "title: '吸引全球企业发布创新成果 上交会助力跨国技术转移交易'\n"
    "categories: \n - 金融\n - 证券时报网\n - 要闻\n"
    "headimg: 'https://img.example.org/a.jpg'\n"
    "author: 证券时报网\n"
    "comments: false\n"
    "date: Fri, 16 Apr 2021 15:21:00 GMT\n"
    "thumbnail: 'https://img.example.org/a.jpg'\n"
    "---\n\n<div>   \n<p>正文</p>\n</div>\n            "
).encode()


def errors(article):
    return [p for p in article.problems if p.severity == ERROR]


def warnings_of(article):
    return [p for p in article.problems if p.severity == WARNING]


def test_seed_shape_reads_correctly():
    article = parse_article(SEED_LIKE, "000_seed.txt")
    assert article.title == "吸引全球企业发布创新成果 上交会助力跨国技术转移交易"
    assert article.date.isoformat() == "2021-04-16T15:21:00+00:00"
    assert article.date_source == "front-matter"
    assert article.categories == [("金融", "证券时报网", "要闻")]
    assert article.body_format == "html"
    assert article.author == "证券时报网"
    assert article.metadata["comments"] is False
    assert article.image() == "https://img.example.org/a.jpg"
    assert article.problems == []


def test_summary_dict_has_the_documented_keys():
    data = parse_article(SEED_LIKE, "seed.txt").summary_dict()
    assert set(data) == {
        "path",
        "format",
        "title",
        "date",
        "date_source",
        "updated",
        "categories",
        "tags",
        "author",
        "body_format",
        "metadata",
        "problems",
    }
    assert data["format"] == "yaml"
    assert data["categories"] == [["金融", "证券时报网", "要闻"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("'Travel'", [("Travel",)]),
        ("[金融, 证券时报网, 要闻]", [("金融", "证券时报网", "要闻")]),
        (
            "[[Diary, PlayStation], [Diary, Games], Life]",
            [("Diary", "PlayStation"), ("Diary", "Games"), ("Life",)],
        ),
        ("[a, null, 2021]", [("a", "2021")]),
        ("", []),
    ],
)
def test_categories_follow_hexo(value, expected):
    article = parse_article(f"---\ncategories: {value}\n---\n".encode(), "p.md")
    assert article.categories == expected


def test_category_alias_and_tags():
    article = parse_article(b"---\ncategory: [a, b]\ntag: one\n---\n", "p.md")
    assert article.categories == [("a", "b")]
    assert article.tags == ["one"]
    article = parse_article(b"---\ntags: [x, y, x, 3]\n---\n", "p.md")
    assert article.tags == ["x", "y", "3"]


def test_display_title_falls_back_to_heading_then_file_name():
    assert (
        parse_article(b"---\nauthor: a\n---\n# Heading one\n\ntext", "x.md").title == "Heading one"
    )
    assert parse_article(b"<div><h2>Html <b>head</b></h2></div>", "x.html").title == "Html head"
    assert parse_article(b"plain text", "/lib/my-note.md").title == "my-note"


def test_date_from_filename_then_file_time(tmp_path):
    article = parse_article(b"---\ntitle: t\n---\n", "2020-11-21-first-snow.md")
    assert article.date.value == date(2020, 11, 21)
    assert article.date_source == "filename"
    path = tmp_path / "undated.md"
    path.write_bytes(b"---\ntitle: t\n---\n")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    article = load_article(path)
    assert article.date_source == "file-time"
    assert article.date.value.timestamp() == 1_600_000_000


def test_unparseable_date_is_a_warning_with_a_line():
    article = parse_article(b"---\ntitle: t\ndate: someday soon\n---\n", "p.md")
    assert not article.has_errors
    assert [(p.line, p.severity) for p in article.problems] == [(3, WARNING)]
    assert "someday soon" in article.problems[0].message
    assert article.date is None or article.date_source != "front-matter"


def test_yaml_timestamps_and_updated():
    article = parse_article(b"---\ndate: 2021-04-16 15:21:00\nupdated: 2021-05-01\n---\n", "p.md")
    assert article.date.value == datetime(2021, 4, 16, 15, 21)
    assert article.updated.value == date(2021, 5, 1)


def test_toml_and_json_front_matter():
    toml = parse_article(b'+++\ntitle = "T"\ndate = 2021-04-16T15:21:00Z\n+++\n# body\n', "p.md")
    assert toml.format == "toml"
    assert toml.title == "T"
    assert toml.date.value == datetime(2021, 4, 16, 15, 21, tzinfo=UTC)
    hexo = parse_article(b';;;\n"title": "J",\n"date": "2013/7/13 20:46:25"\n;;;\nbody', "p.md")
    assert hexo.format == "json"
    assert hexo.date.value == datetime(2013, 7, 13, 20, 46, 25)
    hugo = parse_article(b'{\n "title": "H",\n "tags": ["a"]\n}\nbody', "p.md")
    assert hugo.title == "H" and hugo.tags == ["a"]


def test_body_format_detection():
    assert parse_article(b"---\nt: 1\n---\n<div><p>x</p></div>", "a.txt").body_format == "html"
    assert (
        parse_article(b"---\nt: 1\n---\n# x\n\n<div>inline</div>", "a.md").body_format == "markdown"
    )
    assert parse_article(b"just text", "a.htm").body_format == "html"


@pytest.mark.parametrize(
    "body",
    [
        '<img src="cover.png" alt="cover">\n\n## Intro\n\nSome **bold** text.\n',
        '<div align="center"><img src="a.png"></div>\n\n- one\n- two\n',
        "<a href='x'>x</a> and a [link](https://example.org/a_b).\n",
        "<span>note</span>\n\n> quoted\n",
        "<b>x</b>\n\n```\ncode\n```\n",
        "<br>\n\n1. first\n2. second\n",
        '<p align="center"><img src="c.jpg"></p>\r\n\r\n## Intro\r\n\r\n- a\r\n- b\r\n',
        '<img src=c.jpg>\n\nSee [the docs](http://x.org "Docs")',
        "<img src=c.jpg>\n\n[Foo](https://en.wikipedia.org/wiki/Foo_(bar))",
        "<img src=c.jpg>\n\nIntro\n=====\n",
        "<img src=c.jpg>\n\n*italic* words, some `code`",
        "<img src=c.jpg>\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        "<img src=cover.jpg>\n\nintro\n\n<!-- more -->\n\n## Heading\n",
        # (review) a picture indented under a list item, HTML shown as code,
        # a closing tag named in the text
        '<img src="c.png">\n\n## Steps\n\n- Open the **app**\n\n    <img src="s.png">\n\n- Next\n',
        '<img src="a">\n\n## Example\n\n    <div>indented code</div>\n',
        '<img src="a">\n\n## Title\n\nWrap the text in <p>...</p> tags.\n',
        '<img src="a">\n\n- item with <p>para</p>\n',
        '<img src="a">\n\n| a | b |\n|---|---|\n| <p>x</p> | y |\n',
        '<img src="a">\n\n> quote text</p>\n',
    ],
)
def test_a_body_opening_with_a_tag_but_written_in_markdown_is_markdown(body):
    # (a Hexo post opening with its cover image: its site renders Markdown)
    assert parse_article(f"---\nt: 1\n---\n{body}".encode(), "p.md").body_format == "markdown"


@pytest.mark.parametrize(
    "body",
    [
        "<div>   \n<p>记者 张三</p><p>上交会助力技术转移</p>\n                  \n</div>\n",
        "<img src=x><br>Some text, 5 * 3 = 15<br>\n\n<p>2021 - 2022</p>\n",
        "<p>a</p>\n\n    <p>indented - not a list</p>\n",
        "<section><h2>x</h2><ul><li>one</li></ul></section>",
        # (review) blocks only their own end closes, across blank lines
        "<pre><code>import os\n\n# print the cwd\nprint(1)\n</code></pre>",
        '<div id="app"></div>\n\n<script>\nvar a=1;\n\n/**\n * Says hi\n */\n</script>',
        "<p>Install it:</p>\n<pre><code># install\npip install x\n\n# run it\n"
        "    python -m x --serve\n</code></pre>\n<p>Done.</p>\n",
        # HTML laid out as HTML: text ending a block
        "<b>Key points</b>\n<p>\n1. Taxes rise\n</p>",
        '<span class="dateline">WASHINGTON</span> - x\n<p>Budget:</p>\n<ul>\n- item\n</ul>',
        # Windows line ends
        '<img src="x.jpg">\r\nAP photo - **Reuters**\r\n',
        '<img src="x.jpg" alt="y">\r\n<p>The plan:</p>\r\n<pre>\r\n- step\r\n</pre>\r\n',
    ],
)
def test_a_body_saved_as_html_stays_html(body):
    assert parse_article(f"---\nt: 1\n---\n{body}".encode(), "p.md").body_format == "html"


# --- bad input: never crashes, always a problem with a line -----------------------


@pytest.mark.parametrize(
    ("raw", "line", "needle"),
    [
        (b"---\ntitle: ok\ntags: [a, b\n---\n", 3, "invalid YAML"),
        (b"---\ntitle: ok\nlist:\n\t- a\n---\n", 4, "tab"),
        (b"---\ntitle: a\nauthor: x\ntitle: b\n---\n", 4, "duplicate key 'title'"),
        (b"---\n- just\n- a list\n---\n", 2, "mapping"),
        (b"\n\n---\njust a string\n---\n", 4, "mapping"),
        (b"---\ntitle: caf\xe9\n---\n", 2, "UTF-8"),
        (b"---\ntitle: a\x01b\n---\n", 2, "invalid YAML"),
        (b"+++\ntitle = \n+++\n", 2, "invalid TOML"),
        (b';;;\n"title": "x",,\n;;;\n', 2, "invalid JSON"),
        (b'{\n  "a": 1,\n  "a": 2\n}\n', 1, "duplicate key"),
        (b"---\ntitle: x\n---\nbody \xff\xfe bytes\n", 4, "UTF-8"),
    ],
)
def test_bad_input_is_an_error_with_file_and_line(raw, line, needle):
    article = parse_article(raw, "/lib/bad.md")
    found = errors(article)
    assert found, article.problems
    assert found[0].line == line
    assert needle.lower() in found[0].message.lower()
    assert str(found[0]).startswith(f"/lib/bad.md:{line}: error:")
    assert article.has_errors
    # The body is still there to show.
    assert article.raw == raw


_SIX_KEYS = b"title: x\na: 1\nb: [1, 2]\nc: {d: 3}\ne: 5\nf: 6\n"


@pytest.mark.parametrize(
    ("raw", "line", "needle"),
    [
        # values the resolver takes for dates or times that cannot be made: on their own line
        (b"---\n" + _SIX_KEYS + b"date: 2021-02-30\n---\nbody\n", 8, "day is out of range"),
        (b"---\n" + _SIX_KEYS + b"date: 0000-01-01\n---\n", 8, "year 0 is out of range"),
        (b"---\n" + _SIX_KEYS + b"d: 2021-01-01 10:00:60\n---\n", 8, "second must be in"),
        (b"---\ntitle: x\nlist:\n  - a\n  - 2021-02-30\n---\n", 5, "day is out of range"),
        (b"---\ntitle: x\nmap: {a: 1,\n  b: 2021-02-30}\n---\n", 4, "day is out of range"),
        (b"\n\n---\ntitle: x\n2021-02-30: key\n---\n", 5, "day is out of range"),
    ],
)
def test_a_value_that_cannot_be_made_is_reported_on_its_own_line(raw, line, needle):
    (found,) = errors(parse_article(raw, "/lib/bad.md"))
    assert (found.line, found.message.startswith("invalid YAML value: ")) == (line, True)
    assert needle in found.message


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (b"+++\ntitle = 'x'\na = 1\nb = 2\nc = @\n+++\n", 5, "Invalid value (column 5)"),
        (b"\n+++\ntitle = 'x'\na = 1\na = 2\n+++\n", 5, "Cannot overwrite a value (column 6)"),
        (b"+++\ntitle = 'x'\nb = [\n\n+++\n", 3, "(at the end of the front matter)"),
    ],
)
def test_a_toml_error_gives_the_files_line_only(raw, line, message):
    # tomllib says "(at line 4, column 5)", a line of the front matter, not of the file
    (found,) = errors(parse_article(raw, "/lib/bad.md"))
    assert found.line == line
    assert found.message.startswith("invalid TOML: ") and found.message.endswith(message)
    assert "line" not in found.message


def test_a_typed_value_that_cannot_be_made_says_its_line():
    from reader.core.article.codec import YAMLValueError, parse_yaml_value

    with pytest.raises(YAMLValueError) as refused:
        parse_yaml_value("[a,\n 2021-02-30]")
    assert refused.value.line == 2 and "day is out of range" in refused.value.message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("1:30", "1:30 is 90 in YAML 1.1"),
        ("12:30:00", "12:30:00 is 45000 in YAML 1.1"),
        ("017", "017 is 15 in YAML 1.1"),
        ("1_000", "1_000 is 1000 in YAML 1.1"),
        ("0b11", "0b11 is 3 in YAML 1.1"),
        ("1_0.5", "1_0.5 is 10.5 in YAML 1.1"),
        ("[a, 1:30]", "1:30 is 90"),
        ("2021-10-03 10:00:00.1234567", "more than six digits after the seconds"),
    ],
)
def test_a_typed_value_saved_as_another_value_is_refused(text, said):
    from reader.core.article.codec import YAMLValueError, parse_typed_value, parse_yaml_value

    with pytest.raises(YAMLValueError) as refused:
        parse_typed_value(text)
    assert said in refused.value.message and "quote it" in refused.value.message
    parse_yaml_value(text)  # a site's data file reads it as YAML 1.1 does


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("007", 7),
        ("0", 0),
        ("+12", 12),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("yes", True),
        ("'1:30'", "1:30"),
    ],
)
def test_a_typed_value_both_yaml_versions_read_alike_is_taken(text, value):
    from reader.core.article.codec import parse_typed_value

    assert parse_typed_value(text) == value


@pytest.mark.parametrize("text", ["line1\nline2", "line1\r\nline2", '"line1\n line2"'])
def test_a_typed_value_whose_line_breaks_yaml_would_join_is_refused(text):
    # set -s $'k=line1\nline2' saved "line1 line2" without a word
    from reader.core.article.codec import YAMLValueError, parse_typed_value

    with pytest.raises(YAMLValueError, match="line breaks would be saved as spaces"):
        parse_typed_value(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("|\n  line1\n  line2\n", "line1\nline2\n"),
        ("- a\n- b", ["a", "b"]),
        ('"a\\nb"', "a\nb"),
        # (a folded block joins its lines as asked: the review found it refused)
        (">-\n  a long\n  text", "a long text"),
        (">\n  a long\n  text\n", "a long text\n"),
        ("!!str >-\n  a\n  b", "a b"),
    ],
)
def test_typed_values_over_lines_that_keep_them_are_taken(text, value):
    from reader.core.article.codec import parse_typed_value

    assert parse_typed_value(text) == value


def test_a_typed_value_ending_too_soon_says_so_not_nul():
    from reader.core.article.codec import YAMLValueError, parse_typed_value

    with pytest.raises(YAMLValueError) as caught:
        parse_typed_value("&")
    assert "\\x00" not in caught.value.message


@pytest.mark.parametrize("text", ["#ff0000", "  # a note"])
def test_a_typed_value_that_is_only_a_comment_is_refused_not_null(text):
    from reader.core.article.codec import YAMLValueError, parse_typed_value

    with pytest.raises(YAMLValueError, match="read as nothing"):
        parse_typed_value(text)
    assert parse_typed_value("~") is None and parse_typed_value("null") is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("---", " is read as nothing; "),
        ("!", " is read as nothing; "),
        ("&a", " is read as nothing; "),
        ("#it's", " is read as nothing ('#' starts a comment); quote it ('#it''s')"),
    ],
)
def test_a_typed_value_read_as_nothing_says_why(text, why):
    from reader.core.article.codec import YAMLValueError, parse_typed_value

    with pytest.raises(YAMLValueError) as refused:
        parse_typed_value(text)
    assert refused.value.message.startswith(text + why)


@pytest.mark.parametrize(
    ("text", "comment", "line", "column", "hint"),
    [
        ("a #b", "#b", 1, 3, "quote the value ('a #b')"),
        ("C# and F# #1", "#1", 1, 11, "quote the value ('C# and F# #1')"),
        ("it's #1", "#1", 1, 6, "quote the value ('it''s #1')"),
        ("[a, b]  # the tags", "# the tags", 1, 9, "remove it, or quote"),
        ("a: 1\nb: 2 # two\n", "# two", 2, 6, "remove it, or quote"),
        ("- a\n# between\n- b", "# between", 2, 1, "remove it, or quote"),
        ('"quoted" #1', "#1", 1, 10, "quote the value"),
    ],
)
def test_a_typed_value_holding_a_comment_is_refused_not_cut(text, comment, line, column, hint):
    """A value is saved, not its text: ``set -s 'title=C# and F# #1'`` saved
    ``C# and F#`` without a word."""
    from reader.core.article.codec import YAMLValueError, parse_typed_value

    with pytest.raises(YAMLValueError) as refused:
        parse_typed_value(text)
    message = refused.value.message
    assert message.startswith(f"{comment} is a YAML comment, which would not be saved; {hint}")
    assert (refused.value.line, refused.value.column) == (line, column)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("C#", "C#"),
        ("a#b", "a#b"),
        ("'#1'", "#1"),
        ('"a #b"', "a #b"),
        ("[a#b, '#c']", ["a#b", "#c"]),
        ("|\n  text # kept\n  more\n", "text # kept\nmore\n"),
        ("{k: 'x # y'}", {"k": "x # y"}),
    ],
)
def test_a_hash_inside_a_value_is_no_comment(text, value):
    from reader.core.article.codec import parse_typed_value

    assert parse_typed_value(text) == value


_HEX = "0x" + "f" * 4000  # 4,817 decimal digits: more than Python writes


@pytest.mark.parametrize(
    "front",
    [
        f"title: x\nn: {_HEX}\n",
        f"title: x\nn: [1, {{deep: [{_HEX}]}}]\n",
        "title: x\nn: 0" + "7" * 5000 + "\n",  # octal in YAML 1.1
        "title: x\nn: " + "9" * 5000 + "\n",
        f"title: x\n? {_HEX}\n: key\n",
    ],
)
def test_a_number_too_long_to_write_is_an_error_on_its_line(front):
    # read, it could not be shown, indexed or written: one such file took
    # `list`, `search` and `index` of its whole library down with a traceback
    article = parse_article(f"---\n{front}---\nbody\n".encode(), "/lib/n.md")
    (found,) = errors(article)
    assert (found.message, found.line) == ("a number of more than 4,300 digits; not read", 3)
    assert article.metadata == {} and article.body == "body\n"


def test_a_toml_number_too_long_to_write_is_an_error():
    article = parse_article(f'+++\ntitle = "x"\nn = {_HEX}\n+++\nbody\n'.encode(), "/lib/t.md")
    (found,) = errors(article)
    assert found.message == "a number of more than 4,300 digits; not read"


def test_a_typed_number_too_long_to_write_is_refused():
    from reader.core.article.codec import YAMLValueError, parse_typed_value

    for text in (_HEX, "9" * 5000, f"[{_HEX}]"):
        with pytest.raises(YAMLValueError) as refused:
            parse_typed_value(text)
        assert refused.value.message == "a number of more than 4,300 digits"
    assert parse_typed_value("0x" + "f" * 3000) == int("f" * 3000, 16)  # 3,613 digits


def test_long_runs_of_digits_are_searched_in_linear_time():
    # runs one digit short of the search, many of them: each run is passed once
    front = "".join(f"k{i}: '{'a' * 2999}'\n" for i in range(300))
    article = parse_article(f"---\n{front}---\nbody\n".encode(), "/lib/runs.md")
    assert not errors(article)


def test_empty_file_and_control_characters_in_body_are_warnings():
    empty = parse_article(b"", "e.md")
    assert [p.message for p in empty.problems] == ["empty file"]
    assert not empty.has_errors
    ctrl = parse_article(b"---\ntitle: x\n---\nline one\nbad \x07 bell\n", "c.md")
    assert [(p.severity, p.line) for p in ctrl.problems] == [(WARNING, 5)]


def test_keys_python_frontmatter_trips_on_are_fine():
    article = parse_article(b"---\ncontent: c\nhandler: h\n2021: year\n---\n", "k.md")
    assert article.metadata == {"content": "c", "handler": "h", "2021": "year"}
    assert article.problems == []


@pytest.mark.parametrize(
    "value",
    [
        *("no", "off", "yes", "On", "0777", "12:30", "y"),
        *("1e3", "-1E-3", "1.5e3", "+.5", "0o17", "0912345678", "08540"),
    ],
)
def test_ambiguous_values_warn(value):
    article = parse_article(f"---\ntitle: t\nflag: {value}\n---\n".encode(), "a.md")
    assert [(p.severity, p.line) for p in article.problems] == [(WARNING, 3)]
    assert "YAML 1.1" in article.problems[0].message
    # the full parser's path (a nested value) says the same
    nested = parse_article(f"---\ntitle: t\nflag:\n  x: [{value}]\n---\n".encode(), "a.md")
    assert [p.message for p in nested.problems] == [article.problems[0].message]


@pytest.mark.parametrize(
    "value",
    [
        *("'no'", '"0777"', "true", "false", "0", "12", "1.5", "'12:30'", "1.5e+3", ".5", "'1e3'"),
        *("!!str yes", "!!bool yes", "!!str 1e3", "!!float 1e3", "!!str 0777", "!!int 0777"),
    ],
)
def test_unambiguous_values_do_not_warn(value):
    article = parse_article(f"---\nflag: {value}\n---\n".encode(), "a.md")
    assert article.problems == []


def test_unclosed_front_matter_is_a_warning_and_body():
    article = parse_article(b"---\ntitle: x\n\nbody\n", "u.md")
    assert article.format is None
    assert not article.has_errors
    assert "never closed" in article.problems[0].message


def test_load_article_errors_name_the_file(tmp_path):
    from reader.core.article.model import ArticleError

    with pytest.raises(ArticleError, match=r"missing\.md: no such file"):
        load_article(tmp_path / "missing.md")
    with pytest.raises(ArticleError, match="is a folder"):
        load_article(tmp_path)


def test_deep_nesting_and_huge_values_do_not_crash():
    deep = b"---\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n"
    article = parse_article(deep, "deep.md")
    assert article.raw == deep  # either parsed or reported, never raised
    big = b"---\ntitle: " + b"a" * 200_000 + b"\n---\n"
    assert parse_article(big, "big.md").title == "a" * 200_000


def test_a_lone_equals_sign_is_text():
    assert parse_article(b"---\nt: =\n---\n", "e.md").metadata == {"t": "="}


def test_both_a_key_and_its_alias_warn():
    article = parse_article(b"---\ncategories: [a]\ncategory: b\ntags: x\ntag: z\n---\n", "k.md")
    assert article.categories == [("a",)] and article.tags == ["x"]
    assert [(p.severity, p.line) for p in article.problems] == [(WARNING, 3), (WARNING, 5)]
    assert "'category' is ignored" in article.problems[0].message


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("title: a\ndate: 2020-01-01\ntags: [a, b\nauthor: x\n", 4),  # the case
        ("title: a\ntags: {a: b\nx: 1\ny: 2\n", 3),
        ('title: "abc\nx: 1\ny: 2\n', 2),
        ("title: 'abc\nx: 1\n", 2),
    ],
)
def test_an_unclosed_bracket_or_quote_points_at_its_opening_line(front, line):
    article = parse_article(f"---\n{front}---\nbody\n".encode(), "/lib/bad.md")
    found = errors(article)
    assert found and found[0].line == line, article.problems


def test_an_unclosed_bracket_in_a_typed_value_points_at_its_opening_line():
    from reader.core.article.codec import YAMLValueError, parse_yaml_value

    with pytest.raises(YAMLValueError) as caught:
        parse_yaml_value("[a,\n b\nc: d\n")
    assert caught.value.line == 1


@pytest.mark.parametrize("text", ["a\x01b", "\x00", "a\udcffb", "x: \x7f", "[\x1b]"])
def test_a_typed_value_with_a_character_yaml_refuses_is_a_value_error(text):
    # The pure-Python loader refuses these characters as it is made, before
    # parsing: that too is a YAMLValueError, never an escaping ReaderError.
    from reader.core.article.codec import YAMLValueError, parse_yaml_value

    with pytest.raises(YAMLValueError) as caught:
        parse_yaml_value(text)
    assert "\n" not in caught.value.message
    assert "<unicode string>" not in caught.value.message


@pytest.mark.parametrize(
    "front, line",
    [
        ("a: &x 1\nb: *x\nc: \x01\n", 4),  # aliases: the walk over them first
        ("a: 1\nb: [x]\nc: {d: \x01}\n", 4),
        ("title: t\nk:\n  - 1\n  - \x07\n", 5),
    ],
)
def test_a_control_character_yaml_refuses_is_one_line_at_its_own_line(front, line):
    article = parse_article(f"---\n{front}---\nbody\n".encode(), "/lib/ctl.md")
    found = errors(article)
    assert found and found[0].line == line, article.problems
    assert "\n" not in found[0].message and "<unicode string>" not in found[0].message
    assert "U+00" in found[0].message


def test_a_tab_after_a_colon_reads_the_same_with_or_without_a_nested_key():
    # The fast reader takes "key:<TAB>value"; front matter it leaves to the
    # full parser (here for the nested mapping) reads the tab the same way.
    simple = parse_article(b"---\ntitle:\tOld\ntags:\n-\ta\n---\nbody\n", "/lib/a.md")
    nested = parse_article(
        b"---\ntitle:\tOld\ntags:\n-\ta\nextra:\n  k:\tv\n  q: 'in\tside'\n---\nbody\n", "/lib/b.md"
    )
    assert not simple.problems and not nested.problems, nested.problems
    assert simple.metadata == {"title": "Old", "tags": ["a"]}
    assert nested.metadata == {
        "title": "Old",
        "tags": ["a"],
        "extra": {"k": "v", "q": "in\tside"},  # a tab inside a value stays
    }
    assert nested.key_lines == {"title": 2, "tags": 3, "extra": 5}


def test_a_tab_that_indents_is_still_an_error_at_its_line():
    article = parse_article(b"---\ntitle: t\nextra:\n\tk: v\n---\nbody\n", "/lib/a.md")
    found = errors(article)
    assert found and found[0].line == 4 and "tab" in found[0].message, article.problems


def test_many_tabs_in_large_front_matter_stay_bounded():
    # Each refused tab costs a scan of the text: a budget bounds the scans.
    from reader.core.article.codec import untabbed

    text = "k:\t[" + ",\t".join(["v"] * 20_000) + "]\nx: {a: 1}\n"
    spaced = untabbed(text)
    assert spaced is not None and len(spaced) == len(text)
    assert spaced.count("\t") < text.count("\t")  # gave up before every tab was seen to


@pytest.mark.parametrize(
    "front, line",
    [
        ('1: a\n"1": b\n', 3),
        ('"1": a\n1: b\n', 3),
        ("title: t\ntrue: c\n'true': d\n", 4),
        ("true: a\nTrue: b\n", 3),
        ("1: a\n1.0: b\n", 3),
        ("1: a\n01: b\n", 3),
        ("~: x\nnull: y\n", 3),
        ("2021-01-01: a\n'2021-01-01': b\n", 3),
        ("title: t\nx: {1: a, '1': b}\n", 3),
    ],
)
def test_keys_that_are_one_as_text_are_a_duplicate_not_a_hidden_value(front, line):
    # Read on, one value would be shown and the other hidden (and an edit of
    # the key could not say which it changes).
    article = parse_article(f"---\n{front}---\nbody\n".encode(), "/lib/k.md")
    found = errors(article)
    assert found and "duplicate key" in found[0].message and found[0].line == line
    assert article.metadata == {}


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_title_is_a_character_as_hexo_reads_it(char):
    # PyYAML reads U+2028, U+2029 and U+0085 as line breaks (YAML 1.1): a
    # title copied from a web page was an error, "could not find expected ':'"
    raw = f"---\ntitle: Markets{char}today\ntags: [a{char}b, c]\n{char}key: 1\n---\nbody\n"
    article = parse_article(raw.encode("utf-8"), "p.md")
    escape = {"\u2028": "L", "\u2029": "P", "\x85": "N"}[char]
    assert [(p.severity, p.line, p.message) for p in article.problems] == [
        (
            WARNING,
            2,
            f"U+{ord(char):04X} is a line break in YAML 1.1 (Jekyll, Hugo) and a character in "
            f"YAML 1.2 (Hexo); to keep it for both, write it as \\{escape} inside double quotes",
        )
    ]
    assert article.metadata == {
        "title": f"Markets{char}today",
        "tags": [f"a{char}b", "c"],
        f"{char}key": 1,
    }
    assert article.key_lines["tags"] == 3 and article.key_lines[f"{char}key"] == 4


def test_lines_after_a_line_separator_are_numbered_as_an_editor_numbers_them():
    # every line after one was reported a line too far
    raw = '---\ntitle: "a\u2028b"\nx\u2028y: 1\nk: 1\nk: 2\n---\nbody\n'.encode()
    problems = parse_article(raw, "p.md").problems
    assert [(p.line, p.message) for p in problems] == [
        (5, "duplicate key 'k' (first defined on line 4)")
    ]  # (an error: the line separator's warning waits until the file reads)
    crlf = parse_article(b"---\r\na: 1\r\n\r\nb: x\xe2\x80\xa9y\r\n---\r\n", "c.md")
    assert [p.line for p in crlf.problems] == [4]
    duplicate = "---\na\u2028b: 1\na\u2028b: 2\n---\n".encode()
    (problem,) = parse_article(duplicate, "d.md").problems
    assert (
        problem.line == 3
        and problem.message == "duplicate key 'a\u2028b' (first defined on line 2)"
    )


def test_a_front_matter_holding_the_noncharacters_is_read_as_before():
    # U+FDD0-U+FDD2 stand in for the separators while the YAML is read; a
    # text that holds them already is read as PyYAML reads it
    import yaml

    front = 'title: "x\ufdd0"\nsub: "a\u2028b"\n'
    article = parse_article(f"---\n{front}---\n".encode(), "p.md")
    assert not article.has_errors
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert article.metadata == yaml.load(front, Loader=loader)
    assert article.metadata["title"] == "x\ufdd0"


@pytest.mark.parametrize(
    "front",
    [
        "k:\n-\ta\tb\n",  # a tab after "-" too: "a b" before
        "k:\ta\tb\n",
        "k:\n- a\tb\n",
    ],
)
def test_a_tab_inside_a_plain_scalar_is_read_as_itself_whatever_else_has_tabs(front):
    # (the tabs PyYAML refuses were all made spaces once one after a "-" or
    # a "key:" was: the value depended on the rest of the file)
    article = parse_article(f"---\n{front}---\n".encode(), "p.md")
    assert not article.problems
    value = article.metadata["k"]
    assert value in (["a\tb"], "a\tb")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: A\n---\nbody\n",
        "# No front matter\n\nJust text, in English.\n",
        "---\ntitle: 中文标题\n---\n正文" + "，中文的正文" * 50 + "\n",
        # NULs only in the spaces and line breaks between the words
        "Программирование представляет собой процесс создания программ.\n" * 30,
    ],
)
def test_utf16_without_a_byte_order_mark_is_not_taken_for_utf8(encoding, text):
    """UTF-16 text without a BOM is valid UTF-8 to a decoder (a NUL in every
    other byte): it read as a body with a control character, and ``set``
    wrote a UTF-8 front matter in front of the UTF-16 bytes.  Now it is an
    error, like any text that is not UTF-8, and nothing writes it."""
    from reader.core.article.model import ArticleError
    from reader.core.article.patch import patch_metadata

    article = parse_article(text.encode(encoding), "/lib/u.md")
    said = [p.message for p in errors(article)]
    utf16 = "the file looks like UTF-16 text, not UTF-8; it is shown but will not be rewritten"
    assert said[0] == utf16 if "中" not in text else said  # (Chinese: not UTF-8 at all, often)
    with pytest.raises(ArticleError):
        patch_metadata(article, {**article.metadata, "author": "Zed"})


@pytest.mark.parametrize(
    ("encoding", "name"), [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")]
)
def test_a_byte_order_mark_names_the_encoding(encoding, name):
    """A file saved as UTF-16 or UTF-32 with its byte-order mark was called
    "not valid UTF-8" at some line, as if a byte had gone bad there; the mark
    says what the whole file is."""
    from reader.core.article.model import ArticleError
    from reader.core.article.patch import patch_metadata

    raw = "---\ntitle: 中文\n---\nbody 正文\n".encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    article = parse_article(raw, "/lib/u.md")
    said = [(p.message, p.line) for p in errors(article)]
    assert said == [
        (f"the file looks like {name} text, not UTF-8; it is shown but will not be rewritten", 1)
    ]
    with pytest.raises(ArticleError):
        patch_metadata(article, {**article.metadata, "author": "Zed"})


def test_a_few_nuls_in_utf8_text_are_a_warning_not_utf16():
    raw = b"---\ntitle: A\n---\n" + b"text with a NUL \x00 here\n" * 20 + b"\x00\x00\x00\x00"
    article = parse_article(raw, "/lib/n.md")
    assert errors(article) == []
    assert [p.message for p in article.problems] == ["control character U+0000 in the body"]


def test_toml_key_lines_skip_arrays_and_multi_line_strings():
    """A TOML table's key is on its header; an array's item or a line in a
    multi-line string that looks like a header or a key is not."""
    raw = (
        b'+++\ntitle = "t"\nmatrix = [\n  ["date"],\n  ["params"]\n]\nnote = """\n'
        b'[params]\ndate = x\n"""\ndate = "not a date"\n[\'params\']\n'
        b"big = 99999999999999999999\n+++\nbody\n"
    )
    article = parse_article(raw, "/lib/t.md")
    assert [(p.line, p.message[:24]) for p in article.problems] == [
        (11, "cannot read date 'not a "),
        (12, "99999999999999999999 in "),
    ]


def test_toml_key_lines_with_crlf_line_breaks():
    raw = (
        b'+++\r\ntitle = "t" # c\r\nnote = """\r\n[params]\r\n"""\r\n'
        b'date = "not a date"\r\n[params]\r\nbig = 99999999999999999999\r\n+++\r\nbody\r\n'
    )
    article = parse_article(raw, "/lib/t.md")
    assert [p.line for p in article.problems] == [6, 7]


def test_json_key_lines_are_not_taken_from_arrays_that_look_like_toml_headers():
    raw = b'{\n"title": "t",\n"m": [\n  ["date"],\n  ["x"]\n],\n"date": "not a date"\n}\nbody\n'
    article = parse_article(raw, "/lib/j.md")
    assert [(p.line, p.message) for p in article.problems] == [(7, "cannot read date 'not a date'")]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("[2024, 1, 2]", "'[2024, 1, 2]'"),
        ("{year: 2024, m: 五月}", '\'{"year": 2024, "m": "五月"}\''),
        ("{2024-01-01: x}", '\'{"2024-01-01": "x"}\''),  # (a date as a key: a crash)
        ("[{2024-01-01 10:00:00: x}]", '\'[{"2024-01-01 10:00:00": "x"}]\''),
    ],
)
def test_a_list_or_mapping_as_a_date_is_quoted_as_json_not_as_python(value, said):
    # "cannot read date \"{'y': 2024}\"": Python's spelling of the mapping
    raw = f"---\ntitle: t\ndate: {value}\n---\nbody\n".encode()
    article = parse_article(raw, "/lib/d.md")
    assert [(p.line, p.message) for p in article.problems] == [(3, f"cannot read date {said}")]


@pytest.mark.parametrize(
    ("front", "line", "said"),
    [
        (
            "1: one\ntrue: yes-key\n",
            4,
            "the keys '1' (line 3) and 'true' cannot be told apart here (a true or false "
            "key equals 1 or 0); rename one",
        ),
        ("false: a\n0: b\n", 4, "the keys 'false' (line 3) and '0' cannot be told apart"),
        ("1: one\n1.0: x\n", 4, "duplicate key '1.0': the same key as '1' on line 3"),
        ("t: 1\nt: 2\n", 4, "duplicate key 't' (first defined on line 3)"),
    ],
)
def test_keys_one_to_python_are_refused_with_what_makes_them_one(front, line, said):
    # "duplicate key 'true'" for the keys 1 and true, which YAML, js-yaml and
    # Ruby keep apart (the refusal stands: a dict would keep one of them)
    article = parse_article(f"---\ntitle: t\n{front}---\nb\n".encode(), "/lib/k.md")
    [problem] = [p for p in article.problems if p.severity == "error"]
    assert problem.line == line and problem.message.startswith(said)


def test_front_matter_never_closed_is_said_on_its_opening_line():
    # (review) always "line 1", blank lines before the opening line or not
    for raw, line in ((b"---\ntitle: a\nbody\n", 1), (b"\n \r\n---\ntitle: a\nbody\n", 3)):
        [problem] = parse_article(raw, "/lib/u.md").problems
        assert "never closed" in problem.message and problem.line == line


def test_a_time_zone_offset_of_a_day_or_more_is_said_plainly():
    # "offset must be a timedelta strictly between -timedelta(hours=24) and
    # timedelta(hours=24), not datetime.timedelta(days=4, seconds=16740)."
    raw = b"---\ntitle: tz\ndate: 2020-01-01 10:00:00 +99:99\n---\nx\n"
    [problem] = [p for p in parse_article(raw, "/lib/tz.md").problems if p.severity == "error"]
    assert problem.line == 3 and "a time zone offset of 24 hours or more" in problem.message
    assert "timedelta" not in problem.message


@pytest.mark.parametrize(
    ("front", "key"),
    [
        ("tags: [1, null, {x: y}, ok]", "tags"),
        ("tag:\n  - a\n  - {x: y}", "tag"),
        ("categories: [a, [b, {c: d}]]", "categories"),
        ("categories: {a: b}", "categories"),
    ],
)
def test_names_holding_a_mapping_warn_that_it_is_left_out(front, key):
    # left out of the list, the tree and the index without a word
    from reader.core.article.codec import parse_article

    article = parse_article(f"---\ntitle: t\n{front}\n---\nb\n".encode(), "a.md")
    [warning] = [p for p in article.problems if "mapping" in p.message]
    assert warning.line == 3 and warning.message.startswith(f"'{key}' holds a mapping")
    assert not article.has_errors


@pytest.mark.parametrize(
    "line",
    [
        "a: !!timestamp x",
        'a: !!timestamp ""',
        "!!timestamp x: 1",
        "a: !!bool x",
        'a: !!bool ""',
        'a: !!int ""',
        'a: !!float ""',
        "a: !!int _",
        "a: [1, !!bool x]",
    ],
)
def test_a_tagged_scalar_yaml_cannot_make_is_an_error_with_its_line(line):
    # (fuzzing) PyYAML's constructors failed with KeyError, IndexError or
    # AttributeError: past every handler, one line stopped the library
    from reader.core.article.codec import YAMLValueError, parse_article, parse_typed_value

    article = parse_article(f"---\ntitle: t\n{line}\n---\nb\n".encode(), "a.md")
    assert [error.line for error in article.errors] == [3]
    assert "cannot be read as" in article.errors[0].message
    with pytest.raises(YAMLValueError, match="cannot be read as"):
        parse_typed_value(line if line.startswith("!!") else line.partition(": ")[2])


def test_a_toml_number_of_thousands_of_digits_is_an_error_with_its_line():
    from reader.core.article.codec import parse_article

    article = parse_article(
        b'+++\ntitle = "t"\n[[x]]\nb = [' + b"1" * 4301 + b"]\n+++\nb\n", "a.md"
    )
    assert [(e.line, e.message) for e in article.errors] == [
        (4, "a number of more than 4,300 digits; not read")
    ]


def test_a_key_removed_twice_is_removed_once_in_every_format():
    from reader.core.article.codec import parse_article
    from reader.core.article.patch import patch_metadata

    for raw in (
        b'+++\ntitle = "x"\nk = 1\n+++\n',
        b"---\ntitle: x\nk: 1\n---\n",
        b'{"title": "x", "k": 1}\n',
    ):
        patched = patch_metadata(parse_article(raw, "a.md"), {}, ["k", "k"])
        assert parse_article(patched, "a.md").metadata == {"title": "x"}


def test_a_toml_number_beyond_a_double_warns_at_its_key():
    # (review) as a JSON one: read as infinity without a word; TOML's own
    # inf is no mistake
    import math

    from reader.core.article.codec import parse_article

    article = parse_article(
        b'+++\ntitle = "a"\nx = 1e999\nok = inf\nno = -inf\n[t]\ndeep = [-1_0e9_99]\n+++\nbody\n',
        "t.md",
    )
    said = " is beyond the largest number TOML readers keep (about 1.8e308): read as "
    tail = "infinity; quote it to keep it as text"
    assert [(p.severity, p.line, p.message) for p in article.problems] == [
        (WARNING, 3, f"1e999 in 'x'{said}{tail}"),
        (WARNING, 6, f"-1_0e9_99 in 't'{said}{tail}"),
    ]
    assert article.metadata["x"] == math.inf and article.metadata["ok"] == math.inf


def test_a_json_number_beyond_a_double_warns_at_its_key():
    # it was read as infinity (null in show --json) without a word, while a
    # TOML integer beyond 64 bits warns
    import math

    from reader.core.article.codec import parse_article

    article = parse_article(
        b';;;\n{"title": "a",\n "x": 1e999999,\n "ok": 1.5e308, "inf": Infinity,\n'
        b' "list": [1, -1e400],\n "obj": {"deep": [2E+999]}}\n;;;\nbody\n',
        "j.md",
    )
    said = " is beyond the largest number JSON readers keep (about 1.8e308): read as "
    tail = "infinity (null in JSON output); quote it to keep it as text"
    assert [(p.severity, p.line, p.message) for p in article.problems] == [
        (WARNING, 3, f"1e999999 in 'x'{said}{tail}"),
        (WARNING, 5, f"-1e400 in 'list'{said}{tail}"),
        (WARNING, 6, f"2E+999 in 'obj'{said}{tail}"),
    ]
    # the value kept as read (as a TOML integer's): Python's infinity
    assert article.metadata["x"] == math.inf and article.metadata["list"] == [1, -math.inf]
    assert article.metadata["ok"] == 1.5e308
    long = b'{"title": "a", "x": 1' + b"0" * 400 + b".5}\n\nbody\n"
    assert [p.message.split(" in ")[0] for p in parse_article(long, "j.md").problems] == [
        "a number"
    ]


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        (b'---\ntitle: "a\\u009b31m b"\nx: "\\x07"\n---\nbody\n', 2),  # a YAML escape
        (b'+++\ntitle = "a\xc2\x9b31m b"\nx = "\\u0007"\n+++\nbody\n', 2),  # TOML takes it bare
        (b';;;\n{"title": "a\xc2\x9b31m b",\n"x": "\\u0007"}\n;;;\nbody\n', 2),  # JSON too
    ],
)
def test_a_c1_control_character_in_front_matter_warns_as_a_c0_one(raw, line):
    # U+009B (CSI) starts an escape sequence in a terminal as ESC [ does: only
    # U+0007 was said
    from reader.core.article.codec import parse_article

    article = parse_article(raw, "c1.md")
    assert [(p.severity, p.line, p.message) for p in article.problems] == [
        (WARNING, line, "control character U+009B in 'title'"),
        (WARNING, line + 1, "control character U+0007 in 'x'"),
    ]
    assert article.metadata["title"] == "a\x9b31m b"  # kept as it is
    key = parse_article(b'{"k\xc2\x80ey": 1, "nel": "a\xc2\x85b"}\n\nbody\n', "k.md")
    # (U+0085 is a line break, as \n is: no control character to warn of)
    assert [p.message for p in key.problems] == ["control character U+0080 in 'k\\x80ey'"]
