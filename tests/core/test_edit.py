from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from reader.core.article.codec import parse_article
from reader.core.article.dates import DateStyle
from reader.core.article.model import ArticleError
from reader.core.edit.diff import ArticleEdit, MetadataDiff
from reader.core.edit.fields import (
    FieldKind,
    categories_value,
    field_kind,
    is_plain_boolean,
    parse_date_text,
    parse_value_text,
    scalar_spelling,
    tags_value,
    typed_tags,
    value_text,
)
from reader.core.edit.source import (
    TextLayout,
    front_text_error,
    keep_mine_source,
    replace_front_text,
    source_bytes,
    source_text,
)
from reader.core.edit.templates import template_from
from reader.core.render.images import preview_image_path

RAW = (
    b"---\ntitle: 'Old'\ncategories:\n - a\n - b\ncomments: false\n"
    b"date: Fri, 16 Apr 2021 15:21:00 GMT\nthumbnail: 'https://x.example/a.png'\n---\nBody\n"
)


@pytest.fixture
def article():
    return parse_article(RAW, "post.md")


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        ("title", "x", FieldKind.TITLE),
        ("date", "2021-01-01", FieldKind.DATE),
        ("updated", None, FieldKind.DATE),
        ("categories", ["a"], FieldKind.CATEGORIES),
        ("tags", "one", FieldKind.TAGS),
        ("comments", False, FieldKind.BOOLEAN),
        ("draft", True, FieldKind.BOOLEAN),
        ("thumbnail", "https://x", FieldKind.URL),
        ("description", "long", FieldKind.LONG_TEXT),
        ("layout", "post", FieldKind.TEXT),
        ("seo", {"a": 1}, FieldKind.YAML),
        ("count", 3, FieldKind.YAML),
        ("categories", [["a", "b"], "c"], FieldKind.CATEGORIES),
        ("tags", ["a", "b"], FieldKind.TAGS),
        ("tags", None, FieldKind.TAGS),
        # a value its key's own editor would not show whole: the YAML editor
        ("title", {"en": "Hi"}, FieldKind.YAML),
        ("title", ["a", "b"], FieldKind.YAML),
        ("title", 34, FieldKind.YAML),
        ("title", True, FieldKind.YAML),
        ("title", date(2021, 1, 1), FieldKind.YAML),
        ("title", None, FieldKind.YAML),
        ("title", "two\nlines", FieldKind.YAML),
        ("date", 20210101, FieldKind.YAML),
        ("date", ["2021-01-01"], FieldKind.YAML),
        ("tags", {"a": 1, "b": 2}, FieldKind.YAML),
        ("tags", 42, FieldKind.YAML),
        ("tags", ["a", "a", "b"], FieldKind.YAML),
        ("tags", ["a", 1, True, None], FieldKind.YAML),
        ("tags", [" s "], FieldKind.YAML),
        ("tags", ["x", ["y"]], FieldKind.YAML),
        ("categories", [1, 2], FieldKind.YAML),
        ("categories", {"a": 1}, FieldKind.YAML),
        ("categories", [["a"], []], FieldKind.YAML),
    ],
)
def test_field_kind(key, value, kind):
    """(A value the tags editor showed as chips, or a title shown as text,
    was saved rebuilt from that reading: ``tags: {a: 1}`` saved as ``[]``,
    ``title: 0042`` as ``'34'``.)"""
    assert field_kind(key, value) == kind


@pytest.mark.parametrize("original", [None, "a", ["a", "b"], [["x", "y"], "z"], "x / y"])
def test_tags_and_categories_read_as_before_give_the_value_as_it_was(original):
    """A tag added and removed again, or the rows as they were, are no edit:
    the value itself comes back (``tags:`` left empty was saved ``[]``)."""
    from reader.core.article.taxonomy import categories_from, tags_from

    assert tags_value(tags_from(original), original) is original
    assert categories_value(categories_from(original), original) is original


def test_diff_set_revert_and_no_op(article):
    diff = MetadataDiff(article)
    assert not diff.is_modified()
    diff.set_value("title", "New")
    assert diff.status("title") == "changed"
    assert diff.value("title") == "New"
    diff.set_value("title", "Old")
    assert not diff.is_modified()
    assert diff.new_bytes() is article.raw


def test_diff_add_remove_and_order(article):
    diff = MetadataDiff(article)
    diff.set_value("tags", ["x"])
    diff.remove("thumbnail")
    assert diff.status("tags") == "added"
    assert diff.status("thumbnail") == "removed"
    assert diff.keys() == ["title", "categories", "comments", "date", "tags"]
    new = diff.new_bytes()
    assert b"thumbnail" not in new
    assert new.endswith(b"date: Fri, 16 Apr 2021 15:21:00 GMT\ntags:\n - x\n---\nBody\n")
    diff.revert("thumbnail")
    assert b"thumbnail" in diff.new_bytes()
    diff.revert()
    assert diff.new_bytes() == RAW


def test_diff_text_shows_only_the_changed_line(article):
    diff = MetadataDiff(article)
    diff.set_value("comments", True)
    text = diff.diff_text()
    assert "-comments: false\n+comments: true\n" in text
    assert text.count("\n-") == 1 and text.count("\n+") == 2  # header line +++ and one change


def test_rebase_keeps_my_edits_on_their_file(article):
    diff = MetadataDiff(article)
    diff.set_value("title", "Mine")
    theirs = parse_article(RAW.replace(b"Body", b"Their body").replace(b"a\n", b"c\n"), "post.md")
    rebased = diff.rebase(theirs)
    new = rebased.new_bytes()
    assert b"title: 'Mine'" in new and b"Their body" in new and b" - c\n" in new


def test_date_edit_keeps_format(article):
    diff = MetadataDiff(article)
    diff.set_value("date", datetime(2022, 3, 4, 5, 6, 7, tzinfo=UTC))
    assert b"date: Fri, 04 Mar 2022 05:06:07 GMT" in diff.new_bytes()


def test_parse_value_text():
    assert parse_value_text("[a, b]") == (["a", "b"], None)
    assert parse_value_text("") == (None, None)
    value, error = parse_value_text("a: [1,\nb: 2")
    assert value is None and error.line == 1  # the line of the unclosed [


def test_parse_date_text():
    assert parse_date_text("2021-04-16") == (date(2021, 4, 16), None)
    value, error = parse_date_text("tomorrow-ish")
    assert value is None and "not a date" in error.message


@pytest.mark.parametrize(
    "text",
    ["2021-10-03 10:00:00.1234567", "2021-10-03T10:00:00.123456789Z", "2021-10-03 1:02:03,9999999"],
)
def test_a_time_more_precise_than_microseconds_is_refused_not_cut(text):
    value, error = parse_date_text(text)
    assert value is None and "six digits" in error.message


def test_a_yaml_field_refuses_a_time_it_would_cut():
    value, error = parse_value_text("[2021-10-03 10:00:00.1234567]")
    assert value is None and "six digits" in error.message and error.line == 1
    value, error = parse_value_text("'2021-10-03 10:00:00.1234567'")
    assert error is None and value == "2021-10-03 10:00:00.1234567"


def test_a_time_with_microseconds_is_taken():
    value, error = parse_date_text("2021-10-03 10:00:00.123456 +08:00")
    assert error is None and value.microsecond == 123456


def test_value_text_round_trips():
    for value in ({"a": [1, 2]}, ["x", "中文"], 3, "text", True):
        assert parse_value_text(value_text(value))[0] == value


def test_replace_front_text_fixes_a_broken_file():
    broken = parse_article(b"---\ntitle: [oops\n---\nBody stays\n", "b.md")
    assert broken.has_errors
    fixed = replace_front_text(broken, "title: fixed\n")
    assert fixed == b"---\ntitle: fixed\n---\nBody stays\n"


def test_replace_front_text_refuses_invalid_yaml_with_the_file_line(article):
    with pytest.raises(ArticleError, match=r"post\.md:4: invalid YAML"):
        replace_front_text(article, "title: x\nbad: [\n")


def test_template_from_library():
    articles = [
        parse_article(
            f"---\ntitle: t{i}\ndate: 2021/4/{i + 1} 10:00:00\nlayout: post\ncomments: true\n"
            f"categories: [a]\n---\n".encode(),
            f"p{i}.md",
        )
        for i in range(5)
    ]
    articles.append(parse_article(b"---\ntitle: x\ndate: 2021-01-01\n---\n", "x.md"))
    template = template_from(articles)
    assert template.keys[:2] == ("title", "date")
    assert set(template.keys) == {"title", "date", "layout", "comments", "categories"}
    assert template.date_style.kind == "slash"
    raw = template.front_matter("New 新文章", datetime(2026, 11, 25, 9, 30), categories=["a", "b"])
    article = parse_article(raw, "new.md")
    assert not article.problems
    assert article.metadata["date"] == "2026/11/25 09:30:00"
    assert article.metadata["layout"] == "post" and article.metadata["comments"] is True
    assert article.categories == [("a", "b")]
    assert article.title == "New 新文章"


@pytest.mark.parametrize(
    ("spelled", "expected"),
    [
        ("January 2, 2024", "June 7, 2025"),  # (was "Jun 7 2025")
        ("Jan 2, 2024", "Jun 7, 2025"),
        ("2024-01-02T10:11:12", "2025-06-07T08:09:10"),  # (a YAML timestamp: lost the T)
        ("2024-01-02 10:11:12.345", "2025-06-07 08:09:10.000"),  # (was six digits)
        ("2024-01-02T10:11:12Z", "2025-06-07T00:09:10Z"),
    ],
)
def test_a_new_article_spells_its_date_as_the_library_does(spelled, expected, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        articles = [
            parse_article(f"---\ntitle: t\ndate: {spelled}\n---\nb\n".encode(), f"a{i}.md")
            for i in range(3)
        ]
        raw = template_from(articles).front_matter("N", datetime(2025, 6, 7, 8, 9, 10))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert raw.decode().split("\n")[2] == f"date: {expected}"


def test_template_for_an_empty_library():
    template = template_from([])
    assert template.keys == ("title", "date")
    assert template.date_style == DateStyle(kind="iso", separator=" ")


# -- the window's helpers ------------------------------------------------------------------


def test_categories_value_keeps_the_shape():
    assert categories_value([["Essays"]], "Other") == "Essays"
    assert categories_value([["A", "B"]], ["X"]) == ["A", "B"]
    assert categories_value([["A", "B"]], [["X"], ["Y"]]) == [["A", "B"]]
    assert categories_value([["A", "B"], ["C"]], ["X"]) == [["A", "B"], ["C"]]
    assert categories_value([[" "]], ["X"]) == []


def test_tags_value_keeps_a_single_string():
    assert tags_value(["one"], "old") == "one"
    assert tags_value(["one", "two", "one", " "], "old") == ["one", "two"]
    assert tags_value(["a"], ["b"]) == ["a"]


def test_article_edit_folds_raw_text_and_form_edits(article):
    edit = ArticleEdit(article)
    edit.diff.set_value("title", "New")
    front = edit.front_text()
    assert "title: 'New'" in front
    edit.set_front_text(front.replace("comments: false", "comments: true"))
    edit.diff.set_value("thumbnail", "https://x.example/b.png")
    new = edit.new_bytes()
    assert b"title: 'New'" in new and b"comments: true" in new and b"b.png" in new
    assert new.endswith(b"---\nBody\n")
    state = edit.snapshot()
    edit.revert()
    assert not edit.is_modified() and edit.new_bytes() == RAW
    edit.restore(state)
    assert edit.new_bytes() == new
    theirs = parse_article(RAW.replace(b"Body", b"Their body"), "post.md")
    assert edit.rebase(theirs).new_bytes() == new.replace(b"Body", b"Their body")


def test_keep_mine_of_raw_text_keeps_their_change_to_another_line(article):
    edit = ArticleEdit(article)
    edit.set_front_text(edit.front_text().replace("comments: false", "comments: true"))
    theirs = parse_article(RAW.replace(b"title: 'Old'", b"title: 'Theirs'"), "post.md")
    new = edit.rebase(theirs).new_bytes()
    assert b"title: 'Theirs'" in new and b"comments: true" in new


def test_keep_mine_of_raw_text_wins_on_the_same_line(article):
    edit = ArticleEdit(article)
    edit.set_front_text(edit.front_text().replace("title: 'Old'", "title: 'Mine'"))
    theirs = parse_article(RAW.replace(b"title: 'Old'", b"title: 'Theirs'"), "post.md")
    new = edit.rebase(theirs).new_bytes()
    assert b"title: 'Mine'" in new and b"Theirs" not in new


def test_raw_text_that_does_not_parse_is_carried_to_the_newer_file(article):
    edit = ArticleEdit(article)
    typed = edit.front_text().replace("comments: false", "comments: [oops")
    theirs = parse_article(RAW.replace(b"title: 'Old'", b"title: 'Theirs'"), "post.md")
    carried = edit.carry_typed_text(typed, edit.rebase(theirs), ("mine", "theirs"))
    assert carried == typed.replace("title: 'Old'", "title: 'Theirs'")
    assert edit.carry_typed_text(typed, edit, ("mine", "theirs")) == typed  # no newer file


def test_raw_text_typed_over_their_change_keeps_both_between_markers(article):
    edit = ArticleEdit(article)
    typed = edit.front_text().replace("title: 'Old'", "title: 'Mine").replace("- b", "- b\n - c")
    theirs = parse_article(RAW.replace(b"title: 'Old'", b"title: 'Theirs'"), "post.md")
    carried = edit.carry_typed_text(typed, edit.rebase(theirs), ("typed", "file"))
    marked = "<<<<<<< typed\ntitle: 'Mine\n=======\ntitle: 'Theirs'\n>>>>>>> file\n"
    assert carried.startswith(marked)
    assert " - c\n" in carried  # the rest of the typing kept
    assert edit.front_text_error(carried) is not None  # it cannot be saved as it is


def test_keep_mine_of_raw_text_keeps_their_change_on_the_next_line(article):
    edit = ArticleEdit(article)
    edit.set_front_text(edit.front_text().replace("comments: false", "comments: false\nnew: 1"))
    theirs = parse_article(RAW.replace(b"comments: false", b"comments: true"), "post.md")
    new = edit.rebase(theirs).new_bytes()
    assert b"comments: true\nnew: 1\n" in new


def test_conflict_markers_in_raw_text_never_parse_even_after_a_fence(article):
    """A block scalar with a code fence does not make the markers an example:
    the Raw text is front matter, and the markers would be saved in a value."""
    text = (
        "summary: |\n  ```\ntags: [a,\n<<<<<<< mine\n  - b,\n=======\n  c\n>>>>>>> theirs\n  d]\n"
    )
    problem = front_text_error(article, text)
    assert problem is not None and problem.line == 4
    assert problem.message == "unresolved merge conflict (lines 5–9): resolve it before editing"


def test_front_text_error_counts_lines_in_the_text(article):
    problem = front_text_error(article, "title: x\ntags: [a\n")
    assert problem is not None and problem.line in (2, 3)
    assert front_text_error(article, "title: x\n") is None


def test_keep_mine_source_merges_their_other_lines_and_keeps_their_layout():
    base = b"---\ntitle: a\nauthor: x\n---\nOne\n\nTwo\n"
    mine = base.replace(b"Two", b"Two, edited")
    theirs = base.replace(b"author: x", b"author: y").replace(b"\n", b"\r\n")
    assert keep_mine_source(base, mine, theirs) == mine.replace(b"author: x", b"author: y").replace(
        b"\n", b"\r\n"
    )
    clash = base.replace(b"Two", b"Two, theirs")
    assert keep_mine_source(base, mine, clash) == mine  # the same line: mine
    broken = base.replace(b"author: x", b"author: [y")  # their front matter does not read
    assert keep_mine_source(base, mine, broken) == mine


def test_keep_mine_source_keeps_their_bytes_and_line_ends_as_they_wrote_them():
    base = b"---\ntitle: a\nauthor: x\n---\nOne\n\nThree\n"
    mine = base.replace(b"One", b"One edited")
    theirs = base.replace(b"author: x", b"author: y").replace(b"Three\n", b"Thr\xe9e\r\nFour\r")
    assert keep_mine_source(base, mine, theirs) == theirs.replace(b"One", b"One edited")


def test_keep_mine_source_merges_changes_on_neighbouring_lines():
    base = b"---\ntitle: a\nauthor: x\ntags: [q]\n---\nBody\n"
    mine = base.replace(b"title: a", b"title: b")
    theirs = base.replace(b"author: x", b"author: y")
    assert keep_mine_source(base, mine, theirs) == mine.replace(b"author: x", b"author: y")


def test_source_text_round_trip_keeps_bom_and_line_ends():
    raw = b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nBody\r\n"
    text, layout = source_text(raw)
    assert text == "---\ntitle: x\n---\nBody\n"
    assert layout == TextLayout("\r\n", True, True)
    assert source_bytes(text, layout) == raw
    bad = b"---\ntitle: x\n---\n\xff\n"
    text, layout = source_text(bad)
    assert not layout.valid_utf8 and source_bytes(text, layout) == bad


@pytest.mark.parametrize(
    "raw",
    [
        b"---\ntitle: Mixed\n---\nBody line 1\r\nBody line 2\rold-mac line\n",
        b"---\r\ntitle: Mixed\r\n---\r\nunix line\nwindows line\r\nlast",
        b"\xef\xbb\xbf---\rtitle: x\r---\nBody\r\n\r\n\n",
    ],
)
def test_the_source_of_mixed_line_ends_keeps_each_unchanged_lines_own(raw):
    # every line ending was rewritten to the file's first, edited or not
    text, layout = source_text(raw)
    assert source_bytes(text, layout) == raw
    edited = text.replace("title: ", "title: New ", 1)
    edited += ("" if edited.endswith("\n") else "\n") + "added line\n"
    out = source_bytes(edited, layout)
    newline = layout.newline
    expected = raw.replace(b"title: ", b"title: New ", 1)
    if not raw.endswith((b"\n", b"\r")):
        expected += newline.encode()
    assert out == expected + b"added line" + newline.encode()


def test_a_line_edited_in_place_keeps_its_own_ending():
    raw = b"---\ntitle: Mixed\n---\none\r\ntwo\rthree\n"
    text, layout = source_text(raw)
    edited = text.replace("one", "ONE").replace("two", "TWO")
    assert source_bytes(edited, layout) == b"---\ntitle: Mixed\n---\nONE\r\nTWO\rthree\n"
    grown = text.replace("two\n", "two\ninserted\n")
    assert source_bytes(grown, layout) == b"---\ntitle: Mixed\n---\none\r\ntwo\rinserted\nthree\n"


def test_keep_mine_source_keeps_mixed_line_ends_of_both():
    base = b"---\ntitle: a\n---\none\r\ntwo\rthree\n"
    text, layout = source_text(base)
    mine = source_bytes(text.replace("title: a", "title: b"), layout)
    theirs = base.replace(b"three", b"three edited")
    assert keep_mine_source(base, mine, theirs) == b"---\ntitle: b\n---\none\r\ntwo\rthree edited\n"


def test_preview_image_path_is_local_or_cached(tmp_path):
    (tmp_path / "posts").mkdir()
    picture = tmp_path / "posts" / "a.png"
    picture.write_bytes(b"png")
    article_path = tmp_path / "posts" / "p.md"
    assert preview_image_path("a.png", article_path, tmp_path, None) == picture
    assert preview_image_path("/posts/a.png", article_path, tmp_path, None) == picture
    assert (
        preview_image_path("https://example.org/a.png", article_path, tmp_path, tmp_path / "cache")
        is None
    )
    assert preview_image_path("", article_path, tmp_path, None) is None


def test_preview_image_path_stays_inside_the_library(tmp_path):
    library = tmp_path / "library"
    (library / "posts").mkdir(parents=True)
    secret = tmp_path / "private" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(b"png")
    (library / "posts" / "link.png").symlink_to(secret)
    article_path = library / "posts" / "p.md"
    outside = ("../../private/secret.png", f"file://{secret}", "link.png", "/../private/secret.png")
    for url in outside:
        assert preview_image_path(url, article_path, library, None) is None, url


def test_categories_value_keeps_plain_names_in_a_list_of_hierarchies():
    from reader.core.edit.fields import categories_value

    original = [["Tech", "Python"], "Notes"]
    paths = [("Tech", "Python"), ("Notes",), ("Life", "Cooking")]
    assert categories_value(paths, original) == [["Tech", "Python"], "Notes", ["Life", "Cooking"]]


def test_is_plain_boolean_only_for_true_and_false_spellings():
    raw = (
        b'\xef\xbb\xbf\n---\r\na: true\r\nb: False  # c\r\nc: yes\r\n"d": off\r\n'
        b"e: 'yes'\r\nf: 3\r\ng:\r\n  - on\r\n---\r\nBody\r\n"
    )
    article = parse_article(raw, "post.md")
    assert article.metadata["c"] is True and article.metadata["d"] is False
    assert [is_plain_boolean(article, k) for k in "abcdefg"] == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    assert scalar_spelling(article, "c") == "yes" and scalar_spelling(article, "b") == "False"
    assert scalar_spelling(article, "missing") is None
    toml = parse_article(b"+++\nflag = true\n+++\nBody\n", "post.md")
    assert is_plain_boolean(toml, "flag")


def test_text_an_editor_would_break_is_edited_as_escaped_yaml():
    """A text editor turns a carriage return or a paragraph separator into a
    line break: such strings get the YAML editor, double-quoted with escapes."""
    assert field_kind("description", "one\u2029\ntwo") == FieldKind.YAML
    # (a line edit turns line breaks typed into spaces: one loaded would change)
    assert field_kind("description", "one\u2029two") == FieldKind.YAML
    assert field_kind("description", "one\r\ntwo") == FieldKind.YAML
    assert field_kind("description", "one\ntwo") == FieldKind.LONG_TEXT
    for value in ("one\u2029two", "a\rb", ["x\u2029"], {"k": "a\r\nb"}):
        text = value_text(value)
        assert "\r" not in text and "\u2029" not in text
        assert parse_value_text(text)[0] == value
    assert value_text("no\u00a0break") == "no\u00a0break"  # unchanged otherwise


def test_a_version_diff_splits_lines_only_at_line_ends():
    from reader.core.edit.versions import version_diff

    old = b"---\ntitle: a\n---\npage one\x0cpage two\xe2\x80\xa8more\nline\n"
    diff = version_diff(old, old.replace(b"line\n", b"line 2\n"))
    assert diff.body.split("\n")[2:] == [
        "@@ -1,2 +1,2 @@",
        " page one\x0cpage two\u2028more",
        "-line",
        "+line 2",
        "",
    ]


_NESTED_BASE = (
    b"---\ntitle: T\nseo:\n  keywords: [open source, maintenance]\n  robots: index, follow\n"
    b"links:\n  - name: a\n    url: x\n  - name: b\n    url: y\n---\nbody\n"
)


def _keep_mine(mine_change, theirs_raw: bytes) -> dict:
    original = parse_article(_NESTED_BASE, "k.md")
    diff = MetadataDiff(original)
    for key, value in mine_change(original.metadata).items():
        diff.set_value(key, value)
    theirs = parse_article(theirs_raw, "k.md")
    return parse_article(diff.rebase(theirs).new_bytes(), "k.md").metadata


def test_keep_mine_keeps_their_change_to_another_part_of_a_value_i_changed():
    # mine seo.robots, theirs seo.keywords: Keep Mine took their keywords back
    meta = _keep_mine(
        lambda m: {"seo": {**m["seo"], "robots": "noindex"}},
        _NESTED_BASE.replace(b"[open source,", b"[THEIRS,"),
    )
    assert meta["seo"] == {"keywords": ["THEIRS", "maintenance"], "robots": "noindex"}


def test_keep_mine_merges_a_list_of_mappings_item_by_item():
    links = lambda m: [dict(item) for item in m["links"]]  # noqa: E731
    theirs = _NESTED_BASE.replace(b"url: y", b"url: Y").replace(
        b"---\nbody", b"  - name: c\n    url: z\n---\nbody"
    )

    def mine(m):
        items = links(m)
        items[0]["url"] = "X"
        return {"links": items}

    meta = _keep_mine(mine, theirs)
    assert meta["links"] == [
        {"name": "a", "url": "X"},
        {"name": "b", "url": "Y"},
        {"name": "c", "url": "z"},
    ]

    def mine_same_item(m):  # one item, each side another key of it
        items = links(m)
        items[1]["name"] = "B"
        return {"links": items}

    meta = _keep_mine(mine_same_item, _NESTED_BASE.replace(b"url: y", b"url: Y"))
    assert meta["links"][1] == {"name": "B", "url": "Y"}

    def mine_clash(m):  # the same key of one item: mine
        items = links(m)
        items[1]["url"] = "mine"
        return {"links": items}

    meta = _keep_mine(mine_clash, _NESTED_BASE.replace(b"url: y", b"url: Y"))
    assert meta["links"][1] == {"name": "b", "url": "mine"}


def test_a_spelling_is_read_on_its_own_line_after_a_line_separator():
    # str.splitlines split the title's U+2028: each later key's line was
    # taken from the line before it
    raw = "---\ntitle: a\u2028b\r\ndraft: yes\ncomments: true\n---\nBody\n".encode()
    article = parse_article(raw, "post.md")
    assert not article.has_errors  # (warnings: each on its own line)
    assert [p.line for p in article.problems] == [2, 3]  # the separator, the "yes"
    assert scalar_spelling(article, "draft") == "yes"
    assert scalar_spelling(article, "comments") == "true"
    assert [is_plain_boolean(article, k) for k in ("draft", "comments")] == [False, True]


def test_a_three_way_merge_keeps_a_line_separator_inside_its_line():
    # str.splitlines made "one\u2028" and "still one" two lines: changes to
    # each half of one line merged, and conflict markers went mid-line
    from reader.core.edit.merge3 import merge_text

    base = "one\u2028still one\ntwo\n"
    mine = "one, mine\u2028still one\ntwo\n"
    theirs = "one\u2028still one, theirs\ntwo\n"
    merged = merge_text(base, mine, theirs)
    assert merged.conflicts == 1
    lines = merged.text().split("\n")
    assert lines[0] == "<<<<<<< mine" and lines[1] == "one, mine\u2028still one"
    assert lines[2] == "=======" and lines[3] == "one\u2028still one, theirs"
    assert lines[4] == ">>>>>>> theirs" and lines[5] == "two"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- a\n- \n", (2, None)),
        ("- a\n-\n- c\n", (2, None)),
        ("x: 1\ny:\n", (2, "y")),
        ("outer:\n  - a\n  - \n", (3, None)),
        ("outer:\n  inner:\n", (2, "inner")),
        ("- a\n- null\n- ~\n- ''\n- \"\"\n", None),
        ("x: null\ny: ~\n", None),
        ("[a, b]\n", None),
        ("{a: 1}\n", None),
        ("- [unclosed\n", None),  # (not YAML: said by the parse, not here)
        # a set's members have no values (YAML's own syntax for one): not refused
        ("x: !!set\n  ? a\n  ? b\n", None),
        ("- !!set {a, b}\n", None),
        ("x: !!set {a, b}\ny:\n", (2, "y")),
        ("x: !!set\n  ? a\ny:\n  - \n", (4, None)),
    ],
)
def test_an_entry_written_as_nothing_is_found_with_its_line(text, found):
    from reader.core.edit.fields import empty_entry

    assert empty_entry(text) == found


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("a, b", ["a", "b"]),
        ("徒步，秋天", ["徒步", "秋天"]),
        ('"R, D", web', ["R, D", "web"]),
        ('web, "Tom, Jerry"', ["web", "Tom, Jerry"]),
        ('5" floppy, x', ['5" floppy', "x"]),
        ('"unclosed, to the end', ["unclosed, to the end"]),
        ('"Hello" song, web', ['"Hello" song', "web"]),
        (" , ,, ", []),
    ],
)
def test_typed_tags_split_at_commas_outside_double_quotes(typed, tags):
    # a tag holding a comma could not be typed: every comma split it
    assert typed_tags(typed) == tags


@pytest.mark.parametrize(
    ("typed", "unclosed"),
    [
        ('"unclosed, to the end', True),
        ('a, b,, "R, D", "unclosed, x , ,  ', True),
        ('"R, D", web', False),
        ('5" floppy, x', False),
        ('"Hello" song, web', False),
        ("a, b", False),
        ('"a"，"b', False),
        ('"a"，"b, c', True),
        ('"Weird Al', False),  # (the tag it reads: Weird Al)
    ],
)
def test_an_unclosed_quote_in_typed_tags_is_told(typed, unclosed):
    from reader.core.edit.fields import unclosed_tag_quote

    assert unclosed_tag_quote(typed) is unclosed


def test_typed_text_over_their_line_keeps_both_when_it_parsed_once(article):
    # the title typed over was valid for a moment (so the edit held it); then
    # the text stopped parsing: Keep Mine gave the typed title alone, no
    # markers, and the next save wrote over their title
    edit = ArticleEdit(article)
    valid = edit.front_text().replace("title: 'Old'", "title: 'Old RAW'")
    edit.set_front_text(valid)
    typed = valid + "broken: [\n"
    theirs = parse_article(RAW.replace(b"title: 'Old'", b"title: 'Theirs'"), "post.md")
    carried = edit.carry_typed_text(typed, edit.rebase(theirs), ("typed", "file"))
    assert "<<<<<<< typed\ntitle: 'Old RAW'\n=======\ntitle: 'Theirs'\n>>>>>>> file\n" in carried
    assert carried.endswith("broken: [\n")


@pytest.mark.parametrize(
    "paths",
    [
        [["Yes", "No"], ["News"]],  # (names YAML must quote: dumped in block style)
        [["金融", "银行"], ["a: b", "c"], ["it’s", "l'x"]],
        [["x" * 70, "y" * 70], ["d"]],
    ],
)
def test_a_new_article_with_several_category_paths_is_valid_yaml(paths):
    # "categories:\n  - - 'Yes'\n- 'No'\n\n  - [News]": a file that does not parse
    from reader.core.edit.templates import DEFAULT_TEMPLATE

    raw = DEFAULT_TEMPLATE.front_matter("T", datetime(2024, 5, 6, 7, 8, 9), paths)
    article = parse_article(raw, "new.md")
    assert not article.errors
    assert article.metadata["categories"] == paths
    assert "\n\n  -" not in raw.decode()


def test_a_template_default_that_is_a_mapping_stays_on_its_line():
    from dataclasses import replace

    from reader.core.edit.templates import DEFAULT_TEMPLATE

    template = replace(
        DEFAULT_TEMPLATE,
        keys=(*DEFAULT_TEMPLATE.keys, "params"),
        defaults={**DEFAULT_TEMPLATE.defaults, "params": {"toc": True, "series": ["a"]}},
    )
    raw = template.front_matter("T", datetime(2024, 5, 6, 7, 8, 9), [])
    article = parse_article(raw, "new.md")
    assert not article.errors
    assert article.metadata["params"] == {"toc": True, "series": ["a"]}


@pytest.mark.parametrize("brk", ["\r", "\v", "\f", "\x1c", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("key", ["title", "subtitle", "cover", "tags"])
def test_text_with_any_line_break_gets_no_one_line_editor(key, brk):
    # a one-line field turns the line breaks typed into it into spaces: one
    # loaded from the file (a title "Tea\\Ltime") was changed by any edit
    from reader.core.edit.fields import FieldKind

    value = f"one{brk}two"
    assert field_kind(key, [value] if key == "tags" else value) == FieldKind.YAML
    assert field_kind(key, ["one two"] if key == "tags" else "one two") != FieldKind.YAML


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        (["Ann", "Ann", "Ann", "Bob"], "Ann"),  # (one person's library)
        (["Ann", "Bob", "Cem", "Dee"], None),  # (every article another's: no one's name)
        (["Ann", "Ann", "Bob", "Bob"], None),  # (no majority)
        (["Ann"], "Ann"),  # (one article: its author's library so far)
        (["Ann", "Bob"], None),
    ],
)
def test_a_new_article_takes_an_author_only_from_a_one_author_library(authors, expected):
    # (review) in a library of many authors the first one met was written
    # into every new article
    articles = [
        parse_article(f"---\ntitle: t{i}\nauthor: {name}\n---\nb\n".encode(), f"a{i}.md")
        for i, name in enumerate(authors)
    ]
    article = parse_article(
        template_from(articles).front_matter("N", datetime(2025, 6, 7, 8, 9, 10)), "n.md"
    )
    assert article.metadata.get("author") == expected
