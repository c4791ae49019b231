from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.core.article.codec import parse_article
from reader.core.article.model import ArticleError
from reader.core.article.patch import patch_metadata, same_value
from reader.core.article.split import file_lines

from .strategies import articles, new_values

SEED_LIKE = (
    "\n---\n"
    "title: '吸引全球企业发布创新成果 上交会助力跨国技术转移交易'\n"
    "categories: \n"
    " - 金融\n"
    " - 证券时报网\n"
    " - 要闻\n"
    "headimg: 'https://img.example.org/400/300?random=1'\n"
    "author: 证券时报网\n"
    "comments: false\n"
    "date: Fri, 16 Apr 2021 15:21:00 GMT\n"
    "thumbnail: 'https://img.example.org/400/300?random=1'\n"
    "---\n\n"
    "<div>   \n<p>正文 <strong>加粗</strong></p>\n</div>\n            "
).encode()


def patched(raw: bytes, changes=None, remove=(), name="post.md") -> bytes:
    return patch_metadata(parse_article(raw, name), changes, remove)


def changed_lines(old: bytes, new: bytes) -> list[str]:
    """Lines removed or added between two versions (newlines kept)."""
    matcher = difflib.SequenceMatcher(
        a=old.decode().splitlines(True), b=new.decode().splitlines(True), autojunk=False
    )
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out += ["-" + line for line in matcher.a[i1:i2]]
            out += ["+" + line for line in matcher.b[j1:j2]]
    return out


# --- properties -------------------------------------------------------------

lossless = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)


@lossless
@given(articles(), new_values)
def test_adding_then_removing_a_key_restores_the_bytes(generated, value):
    article = parse_article(generated.raw, "post.md")
    assume(not article.has_errors)
    added = patch_metadata(article, {"zz_new": value})
    again = parse_article(added, "post.md")
    assert again.metadata["zz_new"] == value or same_value(again.metadata["zz_new"], value)
    assert patch_metadata(again, remove=["zz_new"]) == generated.raw


@lossless
@given(articles(), new_values, st.data())
def test_changing_one_key_leaves_every_other_line_identical(generated, value, data):
    article = parse_article(generated.raw, "post.md")
    assume(not article.has_errors)
    key = data.draw(st.sampled_from(generated.keys))
    new_raw = patch_metadata(article, {key: value})
    result = parse_article(new_raw, "post.md")
    assert not result.has_errors
    assert same_value(result.metadata[key], value)
    for other in generated.keys:
        if other != key:
            assert same_value(result.metadata[other], article.metadata[other])
    # Outside the key's own lines nothing changed, byte for byte.
    lines = generated.text.splitlines(keepends=True)
    first, count = generated.key_lines[key]
    before = "".join(lines[:first]).encode()
    after = "".join(lines[first + count :]).encode()
    assert new_raw.startswith(before)
    assert new_raw.endswith(after)
    # The key's new lines end the way the article's lines do: every line break
    # in them is the article's newline, none the other kind.
    changed = new_raw[len(before) : len(new_raw) - len(after)]
    assert changed.endswith(generated.newline.encode())
    if generated.newline == "\r\n":
        assert changed.count(b"\n") == changed.count(b"\r\n")
    else:
        assert b"\r\n" not in changed


@lossless
@given(articles(), st.data())
def test_removing_one_key_removes_only_its_lines(generated, data):
    article = parse_article(generated.raw, "post.md")
    assume(not article.has_errors)
    key = data.draw(st.sampled_from(generated.keys))
    new_raw = patch_metadata(article, remove=[key])
    lines = generated.text.splitlines(keepends=True)
    first, count = generated.key_lines[key]
    expected = "".join(lines[:first] + lines[first + count :]).encode()
    assert new_raw == expected


@lossless
@given(articles())
def test_no_real_change_returns_the_same_bytes(generated):
    article = parse_article(generated.raw, "post.md")
    assume(not article.has_errors)
    same = dict(article.metadata)
    assert patch_metadata(article, same) is article.raw


# --- the seed's shape ---------------------------------------------------------


def test_seed_title_change_keeps_quoting_and_everything_else():
    new = patched(SEED_LIKE, {"title": "新标题：上交会"})
    assert changed_lines(SEED_LIKE, new) == [
        "-title: '吸引全球企业发布创新成果 上交会助力跨国技术转移交易'\n",
        "+title: '新标题：上交会'\n",
    ]


def test_seed_date_stays_rfc2822():
    new_date = datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)
    new = patched(SEED_LIKE, {"date": new_date})
    assert changed_lines(SEED_LIKE, new) == [
        "-date: Fri, 16 Apr 2021 15:21:00 GMT\n",
        "+date: Sun, 02 Jan 2022 03:04:05 GMT\n",
    ]


def test_seed_category_block_list_keeps_indentation_and_key_line():
    new = patched(SEED_LIKE, {"categories": ["金融", "证券时报"]})
    assert changed_lines(SEED_LIKE, new) == [
        "- - 证券时报网\n",
        "- - 要闻\n",
        "+ - 证券时报\n",
    ]
    assert b"categories: \n - \xe9\x87\x91\xe8\x9e\x8d\n" in new


def test_seed_boolean_and_thumbnail_survive_unrelated_edit():
    new = patched(SEED_LIKE, {"author": "新华社"})
    article = parse_article(new, "p.txt")
    assert article.metadata["comments"] is False
    assert article.metadata["thumbnail"] == "https://img.example.org/400/300?random=1"
    assert new.endswith(b"</div>\n            ")


def test_new_keys_go_at_the_end_in_the_block_list_style_of_the_file():
    new = patched(SEED_LIKE, {"tags": ["技术贸易", "上海"]})
    assert changed_lines(SEED_LIKE, new) == ["+tags:\n", "+ - 技术贸易\n", "+ - 上海\n"]
    assert new.index(b"tags:") > new.index(b"thumbnail:")


# --- styles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "value", "expected"),
    [
        ("title: plain words", "new words", "title: new words"),
        ("title: 'single'", "it's", "title: 'it''s'"),
        ('title: "double"', 'say "hi"', 'title: "say \\"hi\\""'),
        ("title: plain", "true", "title: 'true'"),
        ("title: plain", "a: b", "title: 'a: b'"),
        ("title: plain  # keep me", "other", "title: other  # keep me"),
        ("title: plain", "中文 😀 emoji", "title: 中文 😀 emoji"),
        ("comments: False", True, "comments: True"),
        ("count: 3", 4, "count: 4"),
        ("tags: [a, b]", ["c", "d"], "tags: [c, d]"),
        ("tags: ['a', 'b']", ["c"], "tags: ['c']"),
        ("tags: a", ["x", "z"], "tags:\n- x\n- z"),
        ("title: short", "x" * 300, "title: " + "x" * 300),
    ],
)
def test_new_value_follows_the_old_style(line, value, expected):
    raw = f"---\nfirst: 1\n{line}\nlast: 2\n---\nbody\n".encode()
    new = patched(raw, {line.split(":")[0]: value})
    assert new == f"---\nfirst: 1\n{expected}\nlast: 2\n---\nbody\n".encode()


@pytest.mark.parametrize(
    ("old", "new_value", "expected"),
    [
        (
            "Fri, 16 Apr 2021 15:21:00 GMT",
            datetime(2021, 5, 1, 8, 0, tzinfo=UTC),
            "Sat, 01 May 2021 08:00:00 GMT",
        ),
        ("2021-04-16 15:21:00", datetime(2021, 5, 1, 8, 0), "2021-05-01 08:00:00"),
        (
            "2021-04-16T15:21:00+08:00",
            datetime(2021, 5, 1, 8, 0, tzinfo=timezone(timedelta(hours=8))),
            "2021-05-01T08:00:00+08:00",
        ),
        (
            "2021-04-16T15:21:00.123Z",
            datetime(2021, 5, 1, 8, 0, tzinfo=UTC),
            "2021-05-01T08:00:00.000Z",
        ),
        ("2021-04-16", date(2021, 5, 1), "2021-05-01"),
        ("2013/7/13 20:46:25", datetime(2014, 8, 3, 9, 5, 0), "2014/8/3 09:05:00"),
        (
            "2021-04-16 10:00:00 +0800",
            datetime(2021, 5, 1, 8, 0, tzinfo=timezone(timedelta(hours=8))),
            "2021-05-01 08:00:00 +0800",
        ),
        ("Apr 24 2014", date(2015, 1, 2), "Jan 2 2015"),
        ("2021年4月16日", date(2022, 12, 5), "2022年12月5日"),
        ("'2021-04-16 15:21:00'", datetime(2021, 5, 1, 8, 0), "'2021-05-01 08:00:00'"),
    ],
)
def test_dates_keep_their_format(old, new_value, expected):
    raw = f"---\ndate: {old}\n---\n".encode()
    assert patched(raw, {"date": new_value}) == f"---\ndate: {expected}\n---\n".encode()


def test_same_date_in_another_spelling_is_no_change():
    raw = b"---\ndate: Fri, 16 Apr 2021 15:21:00 GMT\n---\n"
    article = parse_article(raw, "p.md")
    same = datetime(2021, 4, 16, 15, 21, tzinfo=UTC)
    assert patch_metadata(article, {"date": same}) is article.raw


def test_block_scalar_stays_block():
    raw = b"---\ndescription: |\n  line one\n  line two\nnext: 1\n---\n"
    new = patched(raw, {"description": "first\nsecond\n"})
    assert new == b"---\ndescription: |\n  first\n  second\nnext: 1\n---\n"


def test_nested_mapping_is_rewritten_with_its_indentation_and_neighbours_kept():
    raw = b"---\nseo:\n    keywords: [a]\n    robots: index\n# comment stays\nafter: 1\n---\n"
    new = patched(raw, {"seo": {"keywords": ["b"], "robots": "noindex"}})
    article = parse_article(new, "p.md")
    assert article.metadata["seo"] == {"keywords": ["b"], "robots": "noindex"}
    assert b"# comment stays\nafter: 1\n" in new
    assert new.startswith(b"---\nseo:\n    keywords:")


@pytest.mark.parametrize(
    ("raw", "changes", "expected"),
    [
        (  # a list written over with a scalar
            b"---\ncategories:  # as the theme wants\n  - A\nnext: 1\n---\n",
            {"categories": "B"},
            b"---\ncategories: B  # as the theme wants\nnext: 1\n---\n",
        ),
        (  # a mapping written over with a list
            b"---\nmeta:    # m\n  a: 1\n---\n",
            {"meta": [1, 2]},
            b"---\nmeta:    # m\n- 1\n- 2\n---\n",
        ),
        (  # a list written over with a mapping, the comment right after the colon
            b"---\nlst: #l\n  - 1\n---\n",
            {"lst": {"x": 1}},
            b"---\nlst: #l\n  x: 1\n---\n",
        ),
        (  # a list written over with a string of several lines
            b"---\nnote:  # keep\n  - x\n---\n",
            {"note": "one\ntwo\n"},
            None,
        ),
    ],
)
def test_a_comment_after_the_colon_stays_when_the_value_changes_shape(raw, changes, expected):
    # (it went with the old value: "categories:  # as the theme wants")
    new = patched(raw, changes)
    if expected is not None:
        assert new == expected
    article = parse_article(new, "p.md")
    assert not article.errors
    for key, value in changes.items():
        assert article.metadata[key] == value
    comment = raw.split(b"#", 1)[1].split(b"\n", 1)[0]
    assert b"#" + comment + b"\n" in new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("key: |  # KEEP\n  line1\n  line2\n", "one line"),  # a block scalar's header
        ("key: >-  # KEEP\n  folded\n", "l1\nl2\n"),
        ("updated:  # KEEP\n", date(2024, 5, 1)),  # a date over nothing
        ("key:  # KEEP\n  - a\n", date(2024, 5, 2)),  # a date over a list
        ("key: hello  # KEEP\n", []),  # a one-line value to a flow shape
        ("key: hello  # KEEP\n", {}),
        ("key: [  # KEEP\n  a, b]\n", "x"),  # after a flow list's "["
        ("key: [a,  # inner\n  b]  # KEEP\n", "x"),  # after its end
        ('key: "a\n  b"  # KEEP\n', 7),  # after a quoted scalar of two lines
        ("key: a\n  b  # KEEP\n", ["p"]),  # after a plain scalar of two lines
        ("key: 'it''s # x'  # KEEP\n", None),
        ("key:  # inner\n  'a\n  b'  # KEEP\n", {"k": 1}),  # (review: both kept)
    ],
)
def test_the_comments_of_a_value_stay_whatever_its_new_shape(old, new):
    # (adversary) 190 of 468 shape changes lost a comment that was not a
    # line of its own: after a block scalar's header, any date written over
    # a value with one, a one-line value set to [] or {}, a flow list's
    raw = f"---\ntitle: T  # TITLE\n{old}after: 1  # AFTER\n---\nbody\n".encode()
    key = old.partition(":")[0]
    out = patched(raw, {key: new}).decode()
    assert "# KEEP" in out and "title: T  # TITLE\n" in out and "after: 1  # AFTER\n" in out
    if "# inner" in old:
        assert "# inner" in out
    assert parse_article(out.encode(), "p.md").metadata[key] == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("categories:\n  - Tech\n  - Linux\n", "Tech"),
        ("categories:\n- Tech\n", date(2024, 1, 2)),
        ("meta:\n  a: 1\n", [1]),
    ],
)
def test_the_next_keys_comment_is_never_taken_for_a_block_values(old, new):
    # (review) a block list or mapping ends where the next key begins: its
    # comment was copied onto the key written over
    raw = f"---\n{old}tags: [a, b]  # the next key's\n---\nbody\n".encode()
    key = old.partition(":")[0]
    out = patched(raw, {key: new}).decode()
    assert out.count("# the next key's") == 1 and "tags: [a, b]  # the next key's" in out


def test_a_comment_after_a_toml_arrays_bracket_stays_when_the_value_changes_shape():
    raw = (
        b'+++\ntags = ["a"]  # note\ncats = [ # multi\n  "A",\n  "B",\n]\nn = [  # n\n 1,\n]\n+++\n'
    )
    new = patched(raw, {"tags": "x", "cats": "C", "n": {"a": 1}})
    assert new == b'+++\ntags = "x"  # note\ncats = "C" # multi\nn = {a = 1} # n\n+++\n'
    assert parse_article(new, "p.md").metadata == {"tags": "x", "cats": "C", "n": {"a": 1}}
    # a scalar alone (the review: the value was written whole, without it)
    raw = b'+++\ncats = [  # w\n  "a",\n  "b",\n]\n+++\n'
    assert patched(raw, {"cats": "news"}) == b'+++\ncats = "news" # w\n+++\n'
    assert patched(raw, {"cats": True}) == b"+++\ncats = true # w\n+++\n"  # (a bool too)


def test_list_of_lists_is_written_as_hexo_hierarchies():
    raw = b"---\ncategories:\n- a\n---\n"
    new = patched(raw, {"categories": [["金融", "银行"], ["科技"]]})
    assert new == "---\ncategories:\n- [金融, 银行]\n- [科技]\n---\n".encode()
    assert parse_article(new, "p.md").categories == [("金融", "银行"), ("科技",)]


def test_crlf_and_bom_are_kept_for_new_and_changed_keys():
    raw = "\ufeff---\r\ntitle: a\r\ntags:\r\n  - x\r\n---\r\nbody\r\n".encode()
    new = patched(raw, {"title": "b", "tags": ["w", "z"], "extra": [1]})
    assert (
        new
        == (
            "\ufeff---\r\ntitle: b\r\ntags:\r\n  - w\r\n  - z\r\nextra:\r\n  - 1\r\n---\r\nbody\r\n"
        ).encode()
    )


def test_cjk_is_never_escaped_and_long_values_never_wrap():
    long_title = "很长的标题" * 60
    new = patched(b"---\ntitle: x\n---\n", {"title": long_title, "note": "line\nbreak"})
    text = new.decode()
    assert long_title in text
    assert "\\u" not in text
    assert text.count("\n") == 4  # ---, title, note, ---


def test_removing_the_last_key_keeps_trailing_comment():
    raw = b"---\na: 1\nb: 2\n# trailing comment\n---\n"
    assert patched(raw, remove=["b"]) == b"---\na: 1\n# trailing comment\n---\n"


def test_keys_that_trip_python_frontmatter_are_editable():
    raw = b"---\ncontent: c\nhandler: h\n2021: year\n---\nbody\n"
    article = parse_article(raw, "p.md")
    assert article.metadata == {"content": "c", "handler": "h", "2021": "year"}
    new = patch_metadata(article, {"handler": "x", "2021": "y"})
    assert new == b"---\ncontent: c\nhandler: x\n2021: 'y'\n---\nbody\n"


def test_file_without_front_matter_gets_one():
    new = patched(b"# Title\n\ntext\n", {"title": "T"})
    assert new == b"---\ntitle: T\n---\n# Title\n\ntext\n"


def test_article_with_errors_is_never_patched():
    article = parse_article(b"---\ntitle: [unclosed\n---\n", "bad.md")
    with pytest.raises(ArticleError) as info:
        patch_metadata(article, {"title": "x"})
    assert str(info.value).startswith("bad.md:2: not saved")  # the line of the opening [


# --- TOML and JSON ------------------------------------------------------------


def test_toml_change_add_remove_roundtrip():
    raw = (
        b'+++\ntitle = "Hello"  # c\ndate = 2021-04-16T15:21:00+08:00\ntags = ["a"]\n'
        b"\n[params]\nx = 1\n+++\nbody\n"
    )
    article = parse_article(raw, "p.md")
    new = patch_metadata(article, {"title": "World"})
    assert new == raw.replace(b'"Hello"', b'"World"')
    added = patch_metadata(article, {"draft": True})
    assert parse_article(added, "p.md").metadata["draft"] is True
    assert patch_metadata(parse_article(added, "p.md"), remove=["draft"]) == raw


def test_json_change_add_remove_roundtrip():
    raw = b'{\n  "title": "Hello",\n  "tags": ["a", "b"]\n}\n\nbody\n'
    article = parse_article(raw, "p.md")
    assert patch_metadata(article, {"title": "世界"}) == raw.replace(b'"Hello"', '"世界"'.encode())
    added = patch_metadata(article, {"draft": False})
    assert added == b'{\n  "title": "Hello",\n  "tags": ["a", "b"],\n  "draft": false\n}\n\nbody\n'
    assert patch_metadata(parse_article(added, "p.md"), remove=["draft"]) == raw
    removed = patch_metadata(article, remove=["title"])
    assert removed == b'{\n  "tags": ["a", "b"]\n}\n\nbody\n'


def test_hexo_json_front_matter_edit():
    raw = b';;;\n"title": "Hello",\n"date": "2013/7/13 20:46:25"\n;;;\nbody\n'
    new = patched(raw, {"date": datetime(2014, 1, 2, 3, 4, 5)})
    assert new == raw.replace(b"2013/7/13 20:46:25", b"2014/1/2 03:04:05")


_JSON_KEYS = st.lists(
    st.sampled_from(["title", "tags", "draft", "n", "键"]), min_size=0, max_size=4, unique=True
)


@lossless
@given(
    _JSON_KEYS,
    st.sampled_from(["  ", "\t", ""]),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    new_values,
    st.data(),
)
def test_json_front_matter_round_trips(keys, indent, newline, braces, value, data):
    members = [f'{indent}"{key}": {i}' for i, key in enumerate(keys)]
    inner = ("," + newline).join(members)
    if braces:
        raw = "{" + newline + inner + (newline if inner else "") + "}" + newline + "body"
    else:
        raw = ";;;" + newline + inner + (newline if inner else "") + ";;;" + newline + "body"
    raw = raw.encode()
    article = parse_article(raw, "p.md")
    assume(not article.has_errors)
    added = patch_metadata(article, {"zz": value})
    again = parse_article(added, "p.md")
    assert same_value(again.metadata["zz"], value)
    assert patch_metadata(again, remove=["zz"]) == raw
    if keys:
        key = data.draw(st.sampled_from(keys))
        changed = parse_article(patch_metadata(article, {key: value}), "p.md")
        assert same_value(changed.metadata[key], value)
        assert {k: v for k, v in changed.metadata.items() if k != key} == {
            k: v for k, v in article.metadata.items() if k != key
        }


@pytest.mark.parametrize(
    "raw",
    [
        b"+++\n+++\nb",
        b'+++\ntitle = "x"\n[params]\na = 1\n+++\nb',
        b'+++\ntitle = "x"\n\n# the params\n[params]\na = 1\n+++\nb',
        b'+++\r\ntitle = "x"\r\n\r\n[params]\r\na = 1\r\n+++\r\nb',
        b'+++\ntags = [\n "a",\n]\ntitle = "t"\n+++\n',
        b"+++\n# only a comment\n[params]\na = 1\n+++\n",
    ],
)
def test_toml_add_then_remove_restores_the_bytes(raw):
    article = parse_article(raw, "p.md")
    new = {"k": "v", "d": date(2021, 1, 2), "t2": [1, 2], "m": {"x": 1}}
    added = patch_metadata(article, new)
    again = parse_article(added, "p.md")
    assert {k: again.metadata[k] for k in new} == new
    assert again.metadata.get("params", {}) == article.metadata.get("params", {})
    assert patch_metadata(again, remove=list(new)) == raw


def test_toml_multi_line_value_is_removed_whole():
    raw = b'+++\ntags = [\n "a",\n]\ntitle = "t"\n+++\n'
    assert patched(raw, remove=["tags"]) == b'+++\ntitle = "t"\n+++\n'


@pytest.mark.parametrize(
    ("line", "value", "expected"),
    [
        ("published: yes", False, "published: no"),
        ("published: No", True, "published: Yes"),
        ("flag: on", False, "flag: off"),
        ("flag: true", False, "flag: false"),
    ],
)
def test_booleans_keep_their_vocabulary(line, value, expected):
    raw = f"---\n{line}\n---\n".encode()
    assert patched(raw, {line.split(":")[0]: value}) == f"---\n{expected}\n---\n".encode()


def test_one_line_mapping_stays_on_one_line():
    raw = b"---\nmeta: {nested: {a: 1, b: [2, 3]}}\nx: 1\n---\n"
    new = patched(raw, {"meta": {"nested": {"a": 1, "b": [2, 3, 4]}}})
    assert new == b"---\nmeta: {nested: {a: 1, b: [2, 3, 4]}}\nx: 1\n---\n"


@pytest.mark.parametrize(
    ("old", "new_value", "expected"),
    [
        # The old spelling cannot hold the new value: full ISO 8601 instead of a refusal.
        ("Fri, 16 Apr 2021 15:21:00 GMT", date(2022, 11, 3), "2022-11-03"),
        (
            "2021-04-16T15:21:00Z",
            datetime(2022, 11, 3, 4, 5, 6, 500000, tzinfo=UTC),
            "2022-11-03 04:05:06.500000+00:00",
        ),
        (
            "Apr 24 2014",
            datetime(2022, 11, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=1))),
            "2022-11-03 04:05:06+01:00",
        ),
        # Long month names, commas and minutes-only times are kept.
        ("April 24, 2014", date(2022, 11, 3), "November 3, 2022"),
        ("2021年4月16日 15:21", datetime(2022, 11, 3, 4, 5), "2022年11月3日 04:05"),
    ],
)
def test_dates_fall_back_to_iso_only_when_the_style_cannot_hold_them(old, new_value, expected):
    raw = f"---\ndate: {old}\n---\n".encode()
    assert patched(raw, {"date": new_value}) == f"---\ndate: {expected}\n---\n".encode()


def test_unclosed_front_matter_is_never_patched():
    article = parse_article(b"---\ntitle: x\n\nbody\n", "u.md")
    with pytest.raises(ArticleError, match=r"u\.md:1: not saved"):
        patch_metadata(article, {"title": "y"})


# --- lists edited item by item ------------------------------------------------
#
# A list value that changes item-wise (one item renamed, removed or added at
# the end) changes only that item's text: comments on the other items and on
# the key line, their quoting, indentation and the list's style stay.

POOL = [
    "alpha",
    "beta",
    "gamma",
    "Delta",
    "news",
    "技术",
    "交易",
    "知识产权",
    "上海",
    "emoji😀",
    "x y",
    "v1.2",
]


@dataclass
class Listed:
    """A file whose ``tags`` list was laid out by ``listed_files``, with the
    offsets a precise expectation needs."""

    text: str
    values: list[str]
    styles: list[str]
    spans: list[tuple[int, int]]  # each item's own text
    lines: list[tuple[int, int]]  # each item's whole line(s) (block, one-a-line flow)
    commas: list[int | None]  # offset of the comma after each item (flow)
    layout: str  # "block", "inline" (flow on the key line), "lines" (flow, one a line)
    lead: str  # block: "indent - gap"; lines: the indentation
    spacing: str  # inline: what follows each comma
    newline: str
    fmt: str  # "yaml", "json" or "toml"

    @property
    def raw(self) -> bytes:
        return self.text.encode("utf-8")


def _quoted(word: str, style: str, fmt: str) -> str:
    if fmt == "json" or (fmt == "toml" and style != "'"):
        return '"' + word + '"'
    return f"{style}{word}{style}"


@st.composite
def listed_files(draw, fmt: str = "yaml") -> Listed:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    values = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=5, unique=True))
    quotes = {"yaml": ["", "'", '"'], "toml": ["'", '"'], "json": ['"']}[fmt]
    styles = [draw(st.sampled_from(quotes)) for _ in values]
    comments = fmt != "json"
    layouts = ["inline", "lines"] + (["block"] if fmt == "yaml" else [])
    layout = draw(st.sampled_from(layouts))
    hash_ = "#"
    sep = {"yaml": ": ", "toml": " = ", "json": ": "}[fmt]
    key = '"tags"' if fmt == "json" else "tags"
    opener, closer = {"yaml": ("---", "---"), "toml": ("+++", "+++"), "json": ("{", "}")}[fmt]
    first_line = {"yaml": "title: Post", "toml": 'title = "Post"', "json": '"title": "Post",'}
    last_line = {"yaml": "after: kept", "toml": "after = 1", "json": '"after": 1'}
    text = opener + nl + first_line[fmt] + nl
    if comments and draw(st.booleans()):
        text += f"{hash_} before the list{nl}"
    key_comment = f"  {hash_} the tags" if comments and draw(st.booleans()) else ""
    item_comments = [
        f"  {hash_} why {i}" if comments and draw(st.booleans()) else "" for i in range(len(values))
    ]
    spans, lines, commas = [], [], []
    lead = spacing = ""
    if layout == "block":
        indent = draw(st.sampled_from(["", " ", "  ", "    "]))
        gap = draw(st.sampled_from([" ", "  "]))
        lead = f"{indent}-{gap}"
        text += f"{key}:{key_comment}{nl}"
        for i, (word, style) in enumerate(zip(values, styles, strict=True)):
            if i and draw(st.booleans()):
                text += f"{indent}{hash_} between{nl}"
            begin = len(text)
            text += lead
            spans.append((len(text), len(text) + len(_quoted(word, style, fmt))))
            text += _quoted(word, style, fmt) + item_comments[i] + nl
            lines.append((begin, len(text)))
            commas.append(None)
    elif layout == "inline":
        spacing = draw(st.sampled_from([" ", ""]))
        text += f"{key}{sep}["
        for i, (word, style) in enumerate(zip(values, styles, strict=True)):
            if i:
                commas.append(len(text))
                text += "," + spacing
            spans.append((len(text), len(text) + len(_quoted(word, style, fmt))))
            text += _quoted(word, style, fmt)
        commas.append(None)
        text += "]" + ("," if fmt == "json" else "") + key_comment + nl
        lines = [(0, 0)] * len(values)
    else:
        lead = draw(st.sampled_from(["  ", "    "] + (["\t"] if fmt != "yaml" else [])))
        trailing = fmt != "json" and draw(st.booleans())
        text += f"{key}{sep}[{key_comment}{nl}"
        for i, (word, style) in enumerate(zip(values, styles, strict=True)):
            begin = len(text)
            text += lead
            spans.append((len(text), len(text) + len(_quoted(word, style, fmt))))
            text += _quoted(word, style, fmt)
            if i < len(values) - 1 or trailing:
                commas.append(len(text))
                text += ","
            else:
                commas.append(None)
            text += item_comments[i] + nl
            lines.append((begin, len(text)))
        text += "]" + ("," if fmt == "json" else "") + nl
    text += last_line[fmt] + nl + closer + nl + "body" + nl
    return Listed(text, values, styles, spans, lines, commas, layout, lead, spacing, nl, fmt)


def _patched_tags(listed: Listed, new: list) -> str:
    article = parse_article(listed.raw, "post.md")
    assert not article.has_errors, article.problems
    assert article.metadata["tags"] == listed.values
    result = patch_metadata(article, {"tags": new})
    again = parse_article(result, "post.md")
    assert not again.has_errors and again.metadata["tags"] == new
    assert again.metadata["after"] == article.metadata["after"]
    return result.decode("utf-8")


def _word_not_in(values: list[str]):
    return st.sampled_from([w for w in [*POOL, "zz", "新名"] if w not in values])


@lossless
@given(st.sampled_from(["yaml", "json", "toml"]).flatmap(listed_files), st.data())
def test_renaming_one_item_changes_only_its_text(listed, data):
    k = data.draw(st.integers(0, len(listed.values) - 1))
    word = data.draw(_word_not_in(listed.values))
    new = [*listed.values[:k], word, *listed.values[k + 1 :]]
    start, end = listed.spans[k]
    expected = listed.text[:start] + _quoted(word, listed.styles[k], listed.fmt) + listed.text[end:]
    assert _patched_tags(listed, new) == expected


@lossless
@given(st.sampled_from(["yaml", "json"]).flatmap(listed_files), st.data())
def test_removing_one_item_removes_only_its_line_or_element(listed, data):
    n = len(listed.values)
    k = data.draw(st.integers(0, n - 1))
    new = listed.values[:k] + listed.values[k + 1 :]
    text, spans = listed.text, listed.spans
    if listed.layout == "block":
        begin, end = listed.lines[k]
        expected = text[:begin] + text[end:]
    elif listed.layout == "inline":
        if k + 1 < n:  # the element and the comma after it
            expected = text[: spans[k][0]] + text[spans[k + 1][0] :]
        elif k:  # the last element and the comma before it
            expected = text[: spans[k - 1][1]] + text[spans[k][1] :]
        else:
            expected = text[: spans[k][0]] + text[spans[k][1] :]
    else:
        begin, end = listed.lines[k]
        expected = text[:begin] + text[end:]
        comma = listed.commas[k - 1] if k else None
        if listed.commas[k] is None and comma is not None:
            # the element now last loses its comma (JSON allows no trailing comma)
            expected = text[:comma] + text[comma + 1 : begin] + text[end:]
    if not new and listed.layout == "block":
        # an empty block list has no item lines: "tags: []" on the key line
        return
    assert _patched_tags(listed, new) == expected


@lossless
@given(st.sampled_from(["yaml", "json"]).flatmap(listed_files), st.data())
def test_adding_an_item_at_the_end_adds_only_it(listed, data):
    word = data.draw(_word_not_in(listed.values))
    new = [*listed.values, word]
    text, last = listed.text, len(listed.values) - 1
    quoted = _quoted(word, listed.styles[last], listed.fmt)
    _, end = listed.spans[last]
    if listed.layout == "block":
        at = listed.lines[last][1]
        expected = text[:at] + f"{listed.lead}{quoted}{listed.newline}" + text[at:]
    elif listed.layout == "inline":
        spacing = listed.spacing if last else " "
        expected = text[:end] + f",{spacing}{quoted}" + text[end:]
    elif listed.commas[last] is not None:
        at = listed.lines[last][1]
        expected = text[:at] + f"{listed.lead}{quoted},{listed.newline}" + text[at:]
    else:  # the old last element gets a comma; the new one has none, like it
        at = listed.lines[last][1]
        expected = (
            text[:end] + "," + text[end:at] + f"{listed.lead}{quoted}{listed.newline}" + text[at:]
        )
    assert _patched_tags(listed, new) == expected


@lossless
@given(listed_files("yaml"), st.data())
def test_reordering_a_block_list_moves_each_items_lines_with_their_comment(listed, data):
    # a moved item was deleted and written again: its comment was lost, or a
    # "change" put another item's value before it
    assume(listed.layout == "block")
    order = data.draw(st.permutations(range(len(listed.values))))
    result = _patched_tags(listed, [listed.values[i] for i in order])  # (reads back in order)
    # every line is still there once, each item's with its comment; the
    # lines that are only comments stay where they were
    assert sorted(result.splitlines(keepends=True)) == sorted(listed.text.splitlines(keepends=True))
    first, last = listed.lines[0][0], listed.lines[-1][1]
    assert result[:first] == listed.text[:first]
    assert result.endswith(listed.text[last:])


@lossless
@given(listed_files("toml"), st.data())
def test_toml_reordering_an_array_of_lines_moves_each_item_with_its_comment(listed, data):
    # tomlkit deleted a moved item and inserted it again, its comment left
    # behind (lost): the lines move now, a comma put or taken where needed
    assume(listed.layout == "lines")
    n = len(listed.values)
    order = data.draw(st.permutations(range(n)))
    result = _patched_tags(listed, [listed.values[i] for i in order])
    text = listed.text
    first, last = listed.lines[0][0], listed.lines[-1][1]
    assert result[:first] == text[:first]
    assert result.endswith(text[last:])
    trailing = listed.commas[-1] is not None
    got = file_lines(result[first : len(result) - (len(text) - last)])
    assert len(got) == n
    for place, i in enumerate(order):
        begin, end = listed.lines[i]
        after = listed.spans[i][1]  # the line without its comma, and with one
        bare = text[begin:after] + text[after + (listed.commas[i] is not None) : end]
        cut = after - begin
        with_comma = bare[:cut] + "," + bare[cut:]
        assert got[place] == (with_comma if place < n - 1 or trailing else bare)


@pytest.mark.parametrize("key", ["tags", '"tags"', "'tags'"])
@pytest.mark.parametrize("decoy", [False, True])
def test_toml_moved_items_keep_their_comments_however_the_key_is_spelled(key, decoy):
    # a quoted key ("tags" = [) or the same lines earlier inside a multi-line
    # string went the tomlkit way: "b" lost its comment, and with an item
    # added the comment of "b" went to the new item
    before = '''desc = """\ntags = [\n  "a",\n  "b",\n]\n"""\n''' if decoy else ""
    front = f'{before}{key} = [\n  "a", # of a\n  "b", # of b\n]\nafter = 1\n'
    raw = f"+++\n{front}+++\nbody\n".encode()
    result = patched(raw, {"tags": ["b", "a", "new"]})
    expected = front.replace(
        '  "a", # of a\n  "b", # of b\n]', '  "b", # of b\n  "a", # of a\n  "new",\n]'
    )
    assert result == f"+++\n{expected}+++\nbody\n".encode()


def test_toml_moved_signed_zeros_keep_their_signs():
    # 0.0 and -0.0 are equal: the lines of the two were taken for either,
    # and the array written back [-0.0, 0.0] read [0.0, -0.0]
    raw = b"+++\nn = [\n  0.0, # plus\n  -0.0, # minus\n  1.5, # other\n]\n+++\nbody\n"
    result = patched(raw, {"n": [1.5, -0.0, 0.0]})
    assert result == b"+++\nn = [\n  1.5, # other\n  -0.0, # minus\n  0.0, # plus\n]\n+++\nbody\n"


@lossless
@given(listed_files("toml"), st.data())
def test_toml_removing_one_item_removes_only_it(listed, data):
    n = len(listed.values)
    k = data.draw(st.integers(0, n - 1))
    result = _patched_tags(listed, listed.values[:k] + listed.values[k + 1 :])
    # One stretch of text went, holding the item (and its comment), nothing else.
    text = listed.text
    width = len(text) - len(result)
    start, end = listed.spans[k]
    others = [span for i, span in enumerate(listed.spans) if i != k]
    cuts = [
        (a, a + width)
        for a in range(start + 1)
        if a + width >= end
        and text[:a] + text[a + width :] == result
        and all(e <= a or s >= a + width for s, e in others)
    ]
    assert cuts, result
    a, b = cuts[0]
    assert text[a:b].count("#") <= 1 and "# the tags" not in text[a:b]


def test_rename_keeps_the_comments_of_the_other_items():
    raw = b"---\ntags:\n  - ab\n  - keep  # why\n---\nbody\n"
    assert patched(raw, {"tags": ["zz", "keep"]}) == raw.replace(b"- ab", b"- zz")


def test_an_empty_item_stays_as_it_was_written():
    # "-" alone is a null with no text: renaming another item leaves it be
    # (it was written back as "- null"); removing it rewrites the list
    raw = b"---\ncategories:\n- Tech\n-\n- Web\n---\nbody\n"
    assert patched(raw, {"categories": ["New", None, "Web"]}) == raw.replace(b"Tech", b"New")
    assert patched(raw, {"categories": ["Tech", "Web"]}) == (
        b"---\ncategories:\n- Tech\n- Web\n---\nbody\n"
    )


def test_nested_category_lists_change_only_the_renamed_name():
    raw = (
        "---\ncategories:  # two hierarchies\n"
        "  - [金融, '证券时报网']  # news\n  - [科技]  # tech\n---\n"
    ).encode()
    renamed = patched(raw, {"categories": [["金融", "证券时报"], ["科技"]]})
    assert renamed == raw.replace("'证券时报网'".encode(), "'证券时报'".encode())
    merged = patched(raw, {"categories": [["金融", "证券时报网"]]})
    assert merged == raw.replace("  - [科技]  # tech\n".encode(), b"")
    moved = patched(raw, {"categories": [["财经", "金融", "证券时报网"], ["科技"]]})
    assert moved == raw.replace("[金融,".encode(), "[财经, 金融,".encode())


def test_block_list_of_block_lists_renames_in_place():
    raw = b"---\ncategories:\n  -\n    - a  # x\n    - b\n  - - c\n---\n"
    new = patched(raw, {"categories": [["a", "B"], ["c"]]})
    assert new == raw.replace(b"    - b\n", b"    - B\n")


def test_flow_list_over_several_lines_stays_a_flow_list():
    raw = b"---\ntags: [a,\n  b, c]  # end\n---\n"
    assert (
        patched(raw, {"tags": ["a", "b", "c", "d"]}) == b"---\ntags: [a,\n  b, c, d]  # end\n---\n"
    )
    assert patched(raw, {"tags": ["a", "c"]}) == b"---\ntags: [a,\n  c]  # end\n---\n"


def test_an_item_that_cannot_change_in_place_rewrites_the_list():
    # An anchored item must stay where it is; the whole list is written
    # instead, and `same`, which would lose its anchor, gets its value
    # written out (it was refused: "found undefined alias")
    raw = b"---\ntags:\n  - &t a\n  - b\nsame: *t\n---\n"
    article = parse_article(raw, "p.md")
    assert (
        patch_metadata(article, {"tags": ["z", "b"]}) == b"---\ntags:\n  - z\n  - b\nsame: a\n---\n"
    )
    assert patched(raw, {"tags": ["a", "z"]}) == raw.replace(b"  - b\n", b"  - z\n")


def test_renaming_a_quoted_item_keeps_its_quotes_and_flow_indicators_get_some():
    raw = b"---\ntags: [a, 'b', \"c\"]\n---\n"
    assert patched(raw, {"tags": ["a", "x", "c"]}) == b"---\ntags: [a, 'x', \"c\"]\n---\n"
    assert patched(raw, {"tags": ["y,z", "b", "c"]}) == b"---\ntags: ['y,z', 'b', \"c\"]\n---\n"


def test_toml_arrays_keep_comments_and_quoting():
    raw = (
        b"+++\ntitle = 'x'\ntags = [\n  \"ab\",  # first\n  'keep', # why\n]\n"
        b'cats = [["a", "b"], [\'c\']]  # trailing\n+++\nbody\n'
    )
    assert patched(raw, {"tags": ["zz", "keep"]}) == raw.replace(b'"ab"', b'"zz"')
    assert patched(raw, {"tags": ["keep"]}) == raw.replace(b'  "ab",  # first\n', b"")
    assert patched(raw, {"tags": ["ab", "keep", "new"]}) == raw.replace(
        b"# why\n", b"# why\n  'new',\n"
    )
    assert patched(raw, {"cats": [["a", "B"], ["c"]]}) == raw.replace(b'"b"]', b'"B"]')


def test_pretty_json_arrays_keep_their_layout():
    raw = b'{\n    "tags": [\n        "ab",\n        "keep"\n    ],\n    "n": 1\n}\nbody\n'
    assert patched(raw, {"tags": ["zz", "keep"]}) == raw.replace(b'"ab"', b'"zz"')
    assert patched(raw, {"tags": ["ab", "keep", "n"]}) == raw.replace(
        b'"keep"\n', b'"keep",\n        "n"\n'
    )
    assert patched(raw, {"tags": ["ab"]}) == raw.replace(b'"ab",\n        "keep"', b'"ab"')


def test_emoji_in_double_quotes_is_written_as_itself():
    raw = b'---\ntitle: "old"\n---\n'
    new = patched(raw, {"title": "新 😀 \\U0001F600"})
    assert new == '---\ntitle: "新 😀 \\\\U0001F600"\n---\n'.encode()
    assert parse_article(new, "p.md").metadata["title"] == "新 😀 \\U0001F600"


@pytest.mark.parametrize(
    "value",
    [
        *("y", "Y", "n", "N", "on", "off", "yes", "0777", "12:30"),
        *("1e3", "1.5e3", "+.5", "0o17", "0912345678", "08540"),
    ],
)
def test_values_yaml_versions_read_differently_are_quoted(value):
    article = parse_article(b"---\ntitle: x\n---\nbody\n", "post.md")
    raw = patch_metadata(article, {"flag": value, "tags": [value, "plain"]})
    again = parse_article(raw, "post.md")
    assert again.metadata["flag"] == value and again.metadata["tags"] == [value, "plain"]
    assert again.problems == []


@pytest.mark.parametrize(
    "raw",
    [
        b"---\ntitle: old\n---\nbody\n",
        b"+++\ntitle = 'old'\n+++\nbody\n",
        b'{\n  "title": "old"\n}\nbody\n',
        b"no front matter\n",
    ],
)
@pytest.mark.parametrize(
    "changes",
    [
        {"title": "a\udcffb"},
        {"title": ["ok", "\ud800"]},
        {"title": {"k": "\udfff"}},
        {"ke\udcffy": "v"},
    ],
)
def test_a_lone_surrogate_in_a_change_is_refused_in_every_format(tmp_path, raw, changes):
    # Not a UnicodeEncodeError from deep in a patcher: a refusal naming the file.
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError
    from reader.core.article.patch import patch_metadata

    path = tmp_path / "a.md"
    path.write_bytes(raw)
    with pytest.raises(ArticleError) as caught:
        patch_metadata(load_article(path), changes)
    assert "not a character" in caught.value.message
    assert caught.value.path is not None


TABBED = (
    b"---\ntitle:\tOld\ntags:\t[a,\tb]\nlist:\n-\tp\n- \tq\nnum: 1\t\nq: 'in\tside'\n---\nbody\n"
)


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"title": "New"}, TABBED.replace(b"Old", b"New")),
        ({"num": 2}, TABBED.replace(b"num: 1\t", b"num: 2\t")),
        ({"tags": ["a", "b", "c"]}, TABBED.replace(b"[a,\tb]", b"[a,\tb, c]")),
        ({"added": "v"}, TABBED.replace(b"\n---\nbody", b"\nadded: v\n---\nbody")),
    ],
)
def test_a_tab_after_a_colon_or_dash_reads_and_edits_losslessly(tmp_path, changes, expected):
    # The reader takes "key:<TAB>value" (as YAML 1.2 and js-yaml do) though
    # PyYAML refuses it; an edit of such a file changes only its value.
    from reader.core.article.codec import load_article
    from reader.core.article.patch import patch_metadata

    path = tmp_path / "tabbed.md"
    path.write_bytes(TABBED)
    article = load_article(path)
    assert not article.problems and article.metadata["title"] == "Old"
    assert patch_metadata(article, changes) == expected


def test_nan_is_the_same_value_as_itself():
    # NaN equals nothing, itself neither: a file holding .nan could not be edited
    nan = float("nan")
    assert same_value(nan, nan) and same_value([nan, 1], [nan, 1])
    assert not same_value(nan, 1.0) and not same_value(1.0, nan)
    article = parse_article(b"---\ntitle: x\nscore: .nan\nlist: [.nan, 1]\n---\nbody\n", "n.md")
    raw = patch_metadata(article, {**article.metadata, "title": "y"})
    assert raw == b"---\ntitle: 'y'\nscore: .nan\nlist: [.nan, 1]\n---\nbody\n"


@pytest.mark.parametrize(
    ("raw", "value", "said"),
    [
        (b'+++\ntitle = "x"\n+++\nb\n', b"hello", "TOML has no binary value"),
        (b'+++\ntitle = "x"\n+++\nb\n', {"a"}, "TOML has no set value"),
        (b'+++\ntitle = "x"\n+++\nb\n', [("a", 1)], "TOML has no pair value"),
        # TOML's integers are 64-bit: Hugo refuses a file with a larger one
        (b'+++\ntitle = "x"\n+++\nb\n', 2**63, "beyond TOML's 64-bit integers"),
        (b'+++\ntitle = "x"\n+++\nb\n', [1, -(2**63) - 1], "beyond TOML's 64-bit integers"),
        (b'+++\ntitle = "x"\n+++\nb\n', {"w": 10**30}, "beyond TOML's 64-bit integers"),
        (b'{\n"title": "x"\n}\nb\n', b"hello", "JSON has no binary value"),
        (b'{\n"title": "x"\n}\nb\n', [1, {"a"}], "JSON has no set value"),
        (b'{\n"title": "x"\n}\nb\n', float("nan"), "JSON has no NaN or infinity"),
        (b'{\n"title": "x"\n}\nb\n', float("-inf"), "JSON has no NaN or infinity"),
    ],
)
def test_values_only_yaml_has_are_refused_in_toml_and_json(raw, value, said):
    article = parse_article(raw, "t.md")
    assert not article.has_errors
    with pytest.raises(ArticleError, match=said):
        patch_metadata(article, {**article.metadata, "k": value})
    with pytest.raises(ArticleError, match=said):  # replacing a value as well as adding one
        patch_metadata(article, {**article.metadata, "title": value})


def test_toml_integers_at_64_bits_are_written_and_beyond_them_warn():
    article = parse_article(b'+++\ntitle = "x"\n+++\nb\n', "t.md")
    raw = patch_metadata(article, {**article.metadata, "lo": -(2**63), "hi": 2**63 - 1})
    assert raw == b'+++\ntitle = "x"\nlo = -9223372036854775808\nhi = 9223372036854775807\n+++\nb\n'
    assert parse_article(raw, "t.md").problems == []
    # a file holding one (Python's tomllib reads it) warns, at the key or table header
    big = parse_article(
        b'+++\ntitle = "x"\nweight = 99999999999999999999\n\n[params]\n'
        b"list = [1, -9223372036854775809]\n[[menu.main]]\nw = 1\n+++\nb\n",
        "t.md",
    )
    assert [(p.severity, p.line, p.message) for p in big.problems] == [
        (
            "warning",
            3,
            "99999999999999999999 in 'weight' is beyond TOML's 64-bit integers "
            "(Hugo cannot read it); quote it to keep it as text",
        ),
        (
            "warning",
            5,
            "-9223372036854775809 in 'params' is beyond TOML's 64-bit integers "
            "(Hugo cannot read it); quote it to keep it as text",
        ),
    ]
    assert not big.has_errors  # still edited: the other keys change as before


def test_a_json_number_beyond_a_double_keeps_its_text_through_edits():
    # read as infinity (a warning): an edit of the other keys, or of the list
    # that holds it, writes its text again, never null nor Infinity; a change
    # that would write the infinity itself is refused
    raw = (
        b';;;\n{"title": "a", "x": 1e999999, "tags": ["t", -1e999], '
        b'"m": {"k": 1e999, "n": 1}}\n;;;\nb\n'
    )
    article = parse_article(raw, "j.md")
    assert len(article.problems) == 3 and not article.has_errors
    changed = {**article.metadata, "title": "B", "tags": ["u", *article.metadata["tags"][1:]]}
    assert patch_metadata(article, changed) == raw.replace(b'"a"', b'"B"').replace(b'"t"', b'"u"')
    assert patch_metadata(article, {}, ["title"]) == raw.replace(b'"title": "a", ', b"")
    with pytest.raises(ArticleError, match="JSON has no NaN or infinity"):
        patch_metadata(article, {**article.metadata, "m": {**article.metadata["m"], "n": 2}})


_NESTED = (
    b"---\ntitle: t\nseo:\n  keywords: [open source, maintenance]  # kw\n"
    b"  robots: index, follow\n  # about the nested block\n  nested:\n    deep: 1\n"
    b"    other: [a, b]\nlayout: post\n---\nbody\n"
)


def _changed_lines(old: bytes, new: bytes) -> list[str]:
    diff = difflib.unified_diff(old.decode().splitlines(), new.decode().splitlines(), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.parametrize(
    ("change", "lines"),
    [
        (
            lambda seo: {**seo, "robots": "index, follow, noarchive"},
            ["-  robots: index, follow", "+  robots: index, follow, noarchive"],
        ),
        (lambda seo: {**seo, "added": "value"}, ["+  added: value"]),
        (
            lambda seo: {k: v for k, v in seo.items() if k != "robots"},
            ["-  robots: index, follow"],
        ),
        (
            lambda seo: {**seo, "nested": {**seo["nested"], "deep": 2}},
            ["-    deep: 1", "+    deep: 2"],
        ),
        (
            lambda seo: {**seo, "keywords": [*seo["keywords"], "x"]},
            [
                "-  keywords: [open source, maintenance]  # kw",
                "+  keywords: [open source, maintenance, x]  # kw",
            ],
        ),
        (
            lambda seo: {**seo, "robots": ["a", "b"]},
            ["-  robots: index, follow", "+  robots:", "+  - a", "+  - b"],
        ),
        (
            lambda seo: {**seo, "extra": {"first": 1, "second": [1, 2]}},
            ["+  extra:", "+    first: 1", "+    second:", "+    - 1", "+    - 2"],
        ),
    ],
)
def test_a_mapping_is_edited_one_key_at_a_time(change, lines):
    # editing one key of `seo` wrote its other keys again (a flow list as a block list)
    article = parse_article(_NESTED, "n.md")
    new_raw = patch_metadata(article, {**article.metadata, "seo": change(article.metadata["seo"])})
    assert _changed_lines(_NESTED, new_raw) == lines
    crlf = _NESTED.replace(b"\n", b"\r\n")
    article = parse_article(crlf, "n.md")
    new_crlf = patch_metadata(article, {**article.metadata, "seo": change(article.metadata["seo"])})
    assert new_crlf == new_raw.replace(b"\n", b"\r\n")


def test_a_mapping_with_merge_keys_or_other_keys_is_written_whole():
    raw = b"---\nbase: &b\n  a: 1\nother:\n  <<: *b\n  c: 3\nnums:\n  1: one\n  2: two\n---\n"
    article = parse_article(raw, "m.md")
    new_raw = patch_metadata(
        article, {**article.metadata, "other": {"a": 1, "c": 4}, "nums": {1: "one", 2: "deux"}}
    )
    assert parse_article(new_raw, "m.md").metadata == {
        "base": {"a": 1},
        "other": {"a": 1, "c": 4},
        "nums": {1: "one", 2: "deux"},
    }


_TOML_TABLE = (
    b'+++\ntitle = "t"\n\n[seo]\nkeywords = [ "a", "b" ]  # kw\nrobots = "index"\n'
    b"\n[params]\nx = 1\n+++\nbody\n"
)
_JSON_OBJECT = (
    b'{\n  "title": "t",\n  "seo": {\n    "keywords": ["a", "b"],\n'
    b'    "robots": "index"\n  },\n  "x": 1\n}\nbody\n'
)


@pytest.mark.parametrize(
    ("raw", "change", "lines"),
    [
        (
            _TOML_TABLE,
            lambda seo: {**seo, "robots": "noindex"},
            ['-robots = "index"', '+robots = "noindex"'],
        ),
        (_TOML_TABLE, lambda seo: {**seo, "new": "v"}, ['+new = "v"']),
        (_TOML_TABLE, lambda seo: {"keywords": seo["keywords"]}, ['-robots = "index"']),
        (
            _JSON_OBJECT,
            lambda seo: {**seo, "robots": "noindex"},
            ['-    "robots": "index"', '+    "robots": "noindex"'],
        ),
        (
            _JSON_OBJECT,
            lambda seo: {**seo, "new": "v"},
            ['-    "robots": "index"', '+    "robots": "index",', '+    "new": "v"'],
        ),
        (
            _JSON_OBJECT,
            lambda seo: {"robots": seo["robots"]},
            ['-    "keywords": ["a", "b"],'],
        ),
    ],
)
def test_a_toml_table_or_json_object_is_edited_one_key_at_a_time(raw, change, lines):
    # a [seo] table became an inline table without its comment; a JSON object one line
    article = parse_article(raw, "n.md")
    new_raw = patch_metadata(article, {**article.metadata, "seo": change(article.metadata["seo"])})
    assert _changed_lines(raw, new_raw) == lines


_JSON_THREE = b'{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\nbody\n'


@pytest.mark.parametrize(
    ("raw", "sets", "removes", "expected"),
    [
        # every member removed: the closing brace went too, the front matter lost
        (_JSON_THREE, {}, ["a", "b", "c"], b"{}\nbody\n"),
        (_JSON_THREE, {"d": 4}, ["a", "b", "c"], b'{\n  "d": 4\n}\nbody\n'),
        (_JSON_THREE, {"d": 4}, ["a", "b"], b'{\n  "c": 3,\n  "d": 4\n}\nbody\n'),
        (_JSON_THREE, {}, ["a", "c"], b'{\n  "b": 2\n}\nbody\n'),
        (b'"a": 1,\n"b": 2\n;;;\nbody\n', {"c": 3}, ["a", "b"], b'"c": 3\n;;;\nbody\n'),
        (
            b'{\n  "seo": {\n    "a": 1,\n    "b": 2\n  },\n  "x": 1\n}\nbody\n',
            {"seo": {"c": 3}},
            [],
            b'{\n  "seo": {\n    "c": 3\n  },\n  "x": 1\n}\nbody\n',
        ),
    ],
)
def test_json_members_all_removed_or_replaced(raw, sets, removes, expected):
    article = parse_article(raw, "j.md")
    assert patch_metadata(article, sets, removes) == expected


@pytest.mark.parametrize(
    ("raw", "changes", "lines"),
    [
        (  # the last value kept with |+ holds the blank line after it
            b"---\ns:\n  a: x  # c\n  b: |+\n    t\n\nz: 1\n---\n",
            {"s": {"a": 42, "b": "t\n\n"}},
            ["-  a: x  # c", "+  a: 42  # c"],
        ),
        (  # a tab where the reader takes a blank
            b"---\ns:\n  a: 1\t# c\n  b: 2\n---\n",
            {"s": {"a": 1, "b": 3}},
            ["-  b: 2", "+  b: 3"],
        ),
        (  # an alias gets a value of its own (the key line kept "*b")
            b"---\nbase: &b\n  a: 1\nother: *b\n---\n",
            {"other": {"a": 2}},
            ["-other: *b", "+other:", "+  a: 2"],
        ),
        (  # an alias of a list was spliced where the list is written
            b"---\ntags: &t\n  - a\n  - b\nother: *t\n---\n",
            {"other": ["a", "c"]},
            ["-other: *t", "+other:", "+  - a", "+  - c"],
        ),
    ],
)
def test_nested_edits_with_kept_blanks_tabs_and_aliases(raw, changes, lines):
    article = parse_article(raw, "n.md")
    assert _changed_lines(raw, patch_metadata(article, changes)) == lines


def test_lines_written_over_a_folded_scalar_are_a_literal_block():
    # folded (>), the line breaks read back as spaces: the edit was refused,
    # and inside a mapping the whole mapping was written again
    raw = b"---\ns:\n  a: 'q'  # c\n  b: >\n    t0\nz: >\n  t1\n---\n"
    article = parse_article(raw, "f.md")
    new_raw = patch_metadata(article, {"s": {"a": "q", "b": "l1\nl2\n"}, "z": "one\ntwo\n"})
    assert new_raw == b"---\ns:\n  a: 'q'  # c\n  b: |\n    l1\n    l2\nz: |\n  one\n  two\n---\n"
    assert patch_metadata(article, {"z": "one line\n"}).endswith(b"z: >\n  one line\n---\n")


def test_a_mapping_with_keys_that_are_not_text_is_edited_one_key_at_a_time():
    # `yes:` (True) and `1:` keys had the mapping written whole, comments lost
    raw = b"---\ns:\n  yes: a  # c\n  z: c\nn:\n  1: one  # c\n  2: two\n---\n"
    article = parse_article(raw, "k.md")
    changes = {"s": {True: "a", "z": "d"}, "n": {1: "one", 2: "deux", 3: "trois"}}
    assert _changed_lines(raw, patch_metadata(article, changes)) == [
        "-  z: c",
        "+  z: d",
        "-  2: two",
        "+  2: deux",
        "+  3: trois",
    ]


@pytest.mark.parametrize(
    ("raw", "change", "lines"),
    [
        (  # dotted keys: moved under the others as an inline table, comment lost
            b"+++\na.b = 1  # c\na.c = 2\nz = 3\n+++\n",
            lambda m: {"a": {**m["a"], "b": 7}},
            ["-a.b = 1  # c", "+a.b = 7  # c"],
        ),
        (  # tables out of order: both written again as one inline table at the top
            b"+++\n[a.b]\nx = 1\n[c]\nz = 1\n[a]\ny = 2  # k\n+++\n",
            lambda m: {"a": {**m["a"], "y": 7}},
            ["-y = 2  # k", "+y = 7  # k"],
        ),
        (  # an array of tables: written again whole, its comment lost
            b"+++\n[[x]]\na = 1\n[[x]]\na = 2  # c\n+++\n",
            lambda m: {"x": [m["x"][0], {**m["x"][1], "a": 5}]},
            ["-a = 2  # c", "+a = 5  # c"],
        ),
        (  # the last key of a table removed: the [seo] table stays, empty
            b'+++\ntitle = "t"\n[seo]\n# about\nk = 1  # c\n+++\n',
            lambda m: {"seo": {}},
            ["-k = 1  # c"],
        ),
    ],
)
def test_toml_tables_of_every_kind_are_edited_one_key_at_a_time(raw, change, lines):
    article = parse_article(raw, "t.md")
    new_raw = patch_metadata(article, change(article.metadata))
    assert _changed_lines(raw, new_raw) == lines


_LINKS = (
    b"---\nlinks:\n  - name: a  # c\n    url: x\n  - name: b  # d\n    url: y\n"
    b"    tags: [p, q]\n  -   name: c\n      url: w\nz: 1\n---\n"
)


@pytest.mark.parametrize(
    ("change", "lines"),
    [
        (lambda m: m[1].update(url="z"), ["-    url: y", "+    url: z"]),
        (
            lambda m: m[1].update(tags=["p", "q", "r"]),
            ["-    tags: [p, q]", "+    tags: [p, q, r]"],
        ),
        (lambda m: m[0].update(extra="e"), ["+    extra: e"]),
        (lambda m: m[1].pop("url"), ["-    url: y"]),
        (lambda m: m[1].pop("name"), ["-  - name: b  # d", "-    url: y", "+  - url: y"]),
        (lambda m: m[2].update(url="v"), ["-      url: w", "+      url: v"]),
        (lambda m: m.append({"name": "d", "url": "e"}), ["+  - name: d", "+    url: e"]),
        (lambda m: m.pop(), ["-  -   name: c", "-      url: w"]),
    ],
)
def test_a_list_of_mappings_is_edited_item_by_item_and_key_by_key(change, lines):
    # editing one item wrote every item again in flow style, comments lost
    article = parse_article(_LINKS, "l.md")
    links = [dict(item) for item in article.metadata["links"]]
    change(links)
    assert _changed_lines(_LINKS, patch_metadata(article, {"links": links})) == lines


def test_items_added_to_a_list_of_mappings_anywhere_are_block_mappings():
    # added at the front, each item's text moved to the next item's place
    # (a comment of item a went with the new one)
    article = parse_article(_LINKS, "l.md")
    old = [dict(item) for item in article.metadata["links"]]
    links = [{"name": "new", "url": "u"}, old[0], {"name": "mid"}, *old[1:]]
    new_raw = patch_metadata(article, {"links": links})
    assert _changed_lines(_LINKS, new_raw) == [
        "+  - name: new",
        "+    url: u",
        "+  - name: mid",
    ]
    assert parse_article(new_raw, "l.md").metadata["links"] == links
    # removed from the middle: its lines go
    without = patch_metadata(article, {"links": [old[0], old[2]]})
    assert _changed_lines(_LINKS, without) == [
        "-  - name: b  # d",
        "-    url: y",
        "-    tags: [p, q]",
    ]


_COMMENTED = b"---\nitems:\n  # c-a\n  - name: a\n  # c-b\n  - name: b\n  # end\nz: 1\n---\n"


@pytest.mark.parametrize(
    ("change", "lines"),
    [
        # the comments above an item go and come with it
        (lambda m: m[1:], ["-  # c-a", "-  - name: a"]),
        (lambda m: m[:1], ["-  # c-b", "-  - name: b"]),
        (lambda m: [m[0], {"name": "new"}, m[1]], ["+  - name: new"]),
        (lambda m: [*m, {"name": "new"}], ["+  - name: new"]),
    ],
)
def test_the_comments_above_an_item_stay_with_it(change, lines):
    article = parse_article(_COMMENTED, "c.md")
    items = change([dict(item) for item in article.metadata["items"]])
    new_raw = patch_metadata(article, {"items": items})
    assert _changed_lines(_COMMENTED, new_raw) == lines
    assert parse_article(new_raw, "c.md").metadata["items"] == items
    if len(items) == 3 and items[1] == {"name": "new"}:  # above b's comment, not under it
        assert b"  - name: new\n  # c-b\n  - name: b\n" in new_raw


def test_items_of_a_list_of_mappings_moved_take_their_text_and_comments():
    article = parse_article(_COMMENTED, "c.md")
    items = [dict(item) for item in article.metadata["items"]]
    swapped = patch_metadata(article, {"items": items[::-1]})
    assert (
        swapped == b"---\nitems:\n  # c-b\n  - name: b\n  # c-a\n  - name: a\n  # end\nz: 1\n---\n"
    )
    # moved and another added beside it: the added one is new text
    moved = patch_metadata(article, {"items": [items[1], {"name": "new"}, items[0]]})
    assert moved == (
        b"---\nitems:\n  # c-b\n  - name: b\n  - name: new\n  # c-a\n  - name: a\n  # end\n"
        b"z: 1\n---\n"
    )
    links = parse_article(_LINKS, "l.md")
    old = [dict(item) for item in links.metadata["links"]]
    rotated = patch_metadata(links, {"links": [old[2], old[0], old[1]]})
    assert parse_article(rotated, "l.md").metadata["links"] == [old[2], old[0], old[1]]
    assert sorted(rotated.splitlines()) == sorted(_LINKS.splitlines())


def test_removing_block_items_around_a_comment_line_keeps_the_line():
    # the two items were removed as one run, the comment between them with them
    raw = b"---\ntags:\n- a\n- b\n# keep me\n- c\n- d\n---\n"
    article = parse_article(raw, "t.md")
    assert (
        patch_metadata(article, {"tags": ["a", "d"]}) == b"---\ntags:\n- a\n# keep me\n- d\n---\n"
    )


def test_a_list_of_mappings_edited_in_two_places_at_once_or_emptied():
    # a new key and an item added to its nested list: two insertions at one
    # place, checked in one order and written in the other (refused)
    raw = b"---\nitems:\n- id: 1\n  c:\n  - h: 1\n---\n"
    article = parse_article(raw, "t.md")
    items = [{"id": 1, "c": [{"h": 1}, {"h": 0}], "a": 1}]
    new_raw = patch_metadata(article, {"items": items})
    assert parse_article(new_raw, "t.md").metadata["items"] == items
    assert _changed_lines(raw, new_raw) == ["+  - h: 0", "+  a: 1"]
    emptied = patch_metadata(article, {"items": []})  # (the lines went, the key read as null)
    assert emptied == b"---\nitems: []\n---\n"


def test_an_items_first_key_with_a_comment_under_it_is_not_removed_with_the_comment():
    raw = b"---\nitems:\n- name: a\n  # inner\n  url: u1\n---\n"
    article = parse_article(raw, "f.md")
    new_raw = patch_metadata(article, {"items": [{"url": "u1"}]})
    assert parse_article(new_raw, "f.md").metadata["items"] == [{"url": "u1"}]


def test_a_key_added_to_a_toml_table_before_a_sub_table_adds_no_blank_line():
    raw = b'+++\ntitle = "t"\n[params]\ncolor = "red"\n[params.nested]\ndeep = 1\n+++\nbody\n'
    article = parse_article(raw, "t.md")
    params = {**article.metadata["params"], "shape": "round"}
    new_raw = patch_metadata(article, {"params": params})
    assert _changed_lines(raw, new_raw) == ['+shape = "round"']


@pytest.mark.parametrize(
    ("raw", "changes", "expected"),
    [
        (b"---\na:\n  # note\nb: 1\n---\n", {"a": "x"}, b"---\na: x\n  # note\nb: 1\n---\n"),
        (
            b"---\ns:\n  a:\n    # c\n  b: 1\n---\n",
            {"s": {"a": 5, "b": 1}},
            b"---\ns:\n  a: 5\n    # c\n  b: 1\n---\n",
        ),
        (b"---\na:   # why\n  # note\n---\n", {"a": 7}, b"---\na: 7   # why\n  # note\n---\n"),
        (b"---\na:\r\n  # note\r\n---\r\n", {"a": 2}, b"---\na: 2\r\n  # note\r\n---\r\n"),
    ],
)
def test_a_value_given_to_a_key_with_comments_under_it_keeps_them(raw, changes, expected):
    # the comment lines under a key with no value went with it
    assert patch_metadata(parse_article(raw, "c.md"), changes) == expected


def test_a_front_matter_with_line_separators_is_edited_in_place():
    raw = "---\ntitle: Markets\u2028today  # copied\ntags:\n- a\u2028b  # one\n- c\n---\nbody\n"
    article = parse_article(raw.encode(), "p.md")
    assert not article.has_errors
    renamed = patch_metadata(article, {"tags": ["a\u2028b", "d"]})
    assert _changed_lines(raw.encode(), renamed) == ["-- c", "+- d"]
    added = patch_metadata(article, {"tags": ["c", "a\u2028b"]})  # moved, with its comment
    assert added.decode() == raw.replace("- a\u2028b  # one\n- c\n", "- c\n- a\u2028b  # one\n")
    # a new value with a separator is written escaped, as YAML 1.1 readers need it
    titled = patch_metadata(article, {"title": "new\u2028title"})
    assert titled.decode().startswith('---\ntitle: "new\\Ltitle"  # copied\n')
    assert parse_article(titled, "p.md").metadata["title"] == "new\u2028title"


# --- found by the fuzzer (tests/core/test_patch_fuzz.py) ----------------------


def test_a_tab_after_a_block_scalars_indicator_does_not_stop_every_edit():
    # libyaml (the reader) takes the tab, PyYAML refused it: "invalid YAML"
    # for any edit of a file that reads without a problem
    raw = b"---\ntitle: |\t# a note\n  alpha\n---\n"
    assert patched(raw, {"x": 1}) == b"---\ntitle: |\t# a note\n  alpha\nx: 1\n---\n"


@pytest.mark.parametrize(
    ("raw", "changes", "expected"),
    [
        # composed as "tab here", the list did not match the file's values and
        # was written whole: the kept item lost its comment and got the other's
        (
            b"---\ntags:\n- b  # c1\n- tab\there  # c2\n---\nBody.",
            {"tags": ["tab\there"]},
            b"---\ntags:\n- tab\there  # c2\n---\nBody.",
        ),
        (
            b"---\np:\n  title: a\tb  # keep\n  x: 1  # c\n---\n",
            {"p": {"title": "a\tb", "x": 2}},
            b"---\np:\n  title: a\tb  # keep\n  x: 2  # c\n---\n",
        ),
    ],
)
def test_a_tab_inside_a_plain_scalar_is_a_character_of_it(raw, changes, expected):
    assert patched(raw, changes) == expected


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("  lead\nx\n", '"  lead\\nx\\n"'),  # (a block's first line sets its indentation)
        ("\tx\ny", '"\\tx\\ny"'),
        ("x\x9b\n", '"x\\x9B\\n"'),  # (no control character bare in YAML)
        ("a\r\nb", '"a\\r\\nb"'),
        ("a\u2028b\nc", '"a\\Lb\\nc"'),  # (a line break in YAML 1.1)
    ],
)
def test_a_value_a_block_scalar_cannot_hold_is_written_quoted_over_one(value, written):
    # written as a block scalar it did not read back: the edit was refused
    raw = b"---\nnote: |\n  a\n  b\nz: 1\n---\n"
    new_raw = patched(raw, {"note": value})
    assert new_raw == f"---\nnote: {written}\nz: 1\n---\n".encode()
    assert parse_article(new_raw, "p.md").metadata["note"] == value


@pytest.mark.parametrize(
    ("raw", "changes", "expected"),
    [
        # a mapping "on one line" over two, with a bare "\n" in a "\r\n" file
        (
            b"---\r\nparams: {a: 1}\r\nz: 1\r\n---\r\n",
            {"params": {"a": "x\ny"}},
            b'---\r\nparams: {a: "x\\ny"}\r\nz: 1\r\n---\r\n',
        ),
        (
            b"---\r\nl:\r\n- {a: 1}\r\n---\r\n",
            {"l": [{"a": 1}, {"a": "x\ny"}]},
            b'---\r\nl:\r\n- {a: 1}\r\n- {a: "x\\ny"}\r\n---\r\n',
        ),
        # U+2028 folded with the indentation, read back with spaces: refused
        (
            b"---\nparams: {a: 1}\n---\n",
            {"params": {"a": "x\u2028y"}},
            b'---\nparams: {a: "x\\Ly"}\n---\n',
        ),
    ],
)
def test_texts_with_line_breaks_in_collections_are_written_on_one_line(raw, changes, expected):
    assert patched(raw, changes) == expected


@pytest.mark.parametrize(
    ("raw", "changes", "remove", "expected"),
    [
        (
            b"---\ntags: &t\n- a\n- b\nother: *t  # same\n---\n",
            {"tags": ["b", "a"]},
            (),
            b"---\ntags: &t\n- b\n- a\nother:  # same\n- a\n- b\n---\n",
        ),
        (
            b"---\nx: &anc '#hash'\nnote: *anc # a note\n---\n",
            {"x": True},
            (),
            b"---\nx: true\nnote: '#hash' # a note\n---\n",
        ),
        (b"---\nt: &t a\nother: *t\n---\n", {}, ("t",), b"---\nother: a\n---\n"),
        (
            b"---\nbase: &b {a: 1}\nm:\n  <<: *b\n  c: 2\n---\n",
            {"base": {"a": 2}},
            (),
            b"---\nbase: {a: 2}\nm:\n  a: 1\n  c: 2\n---\n",
        ),
    ],
)
def test_an_alias_of_a_value_changed_or_removed_keeps_its_value(raw, changes, remove, expected):
    # refused: "invalid YAML: found undefined alias", or "does not read back"
    assert patched(raw, changes, remove) == expected


def test_items_of_a_list_of_mappings_moved_in_a_crlf_file_keep_their_line_ends():
    # each moved item's text began between the "\r" and the "\n" of a line end
    raw = b"---\r\nseries:\r\n- id: a\r\n- url: b\r\nz: 1\r\n---\r\n"
    assert patched(raw, {"series": [{"url": "b"}, {"id": "a"}]}) == (
        b"---\r\nseries:\r\n- url: b\r\n- id: a\r\nz: 1\r\n---\r\n"
    )
    raw = b"---\rseries:\r# ca\r- id: a\r\r# cb\r- url: b\rz: 1\r---\r"
    assert patched(raw, {"series": [{"url": "b"}, {"id": "a"}]}) == (
        b"---\rseries:\r\r# cb\r- url: b\r# ca\r- id: a\rz: 1\r---\r"
    )


@pytest.mark.parametrize(
    ("raw", "changes", "expected"),
    [
        # "[]" went after the comment: read as null, refused
        (
            b"---\nparams:  # c\n- a\nz: 1\n---\n",
            {"params": []},
            b"---\nparams: []  # c\nz: 1\n---\n",
        ),
        # the comment on the key line, and under it, went
        (
            b"---\ndraft:  # why\nc: x\n---\n",
            {"draft": {"a": "b"}},
            b"---\ndraft:  # why\n  a: b\nc: x\n---\n",
        ),
        (
            b"---\ndraft: ~  # why\n  # under\nc: x\n---\n",
            {"draft": ["a"]},
            b"---\ndraft:  # why\n  # under\n- a\nc: x\n---\n",
        ),
    ],
)
def test_a_comment_on_the_key_line_stays_when_the_value_changes_kind(raw, changes, expected):
    assert patched(raw, changes) == expected


def test_removing_the_key_after_a_block_scalar_that_keeps_blank_lines():
    # the blank line after the key removed joined "|+": refused
    raw = b"---\nseries: |+\n  v1.2\ndraft: 2021-04-16\n\nx: 1\n---\n"
    assert patched(raw, remove=["draft"]) == b"---\nseries: |+\n  v1.2\nx: 1\n---\n"


def test_toml_lists_of_mappings_added_and_tables_added_to_an_array_of_tables():
    raw = b'+++\ntitle = 1\n[[links]]\nname = "a"  # first\n[[links]]\nname = "b"\n+++\nbody\n'
    article = parse_article(raw, "t.md")
    # an array of tables written on one line: "added = name = ..." (refused)
    added = patch_metadata(article, {"added": [{"name": "x"}]})
    assert added == raw.replace(b"title = 1\n", b'title = 1\nadded = [{name = "x"}]\n')
    # a table added among them: the array was written whole, on one line
    links = [{"name": "a"}, {"url": "G"}, {"name": "b"}]
    assert patch_metadata(article, {"links": links}) == raw.replace(
        b'[[links]]\nname = "b"', b'[[links]]\nurl = "G"\n[[links]]\nname = "b"'
    )


def test_toml_dotted_keys_all_replaced_do_not_crash():
    # tomlkit raised IndexError deleting the last dotted key of a table
    raw = b"+++\n[site]\nx.y = 1\nx.z = 2\n+++\nbody\n"
    new_raw = patched(raw, {"site": {"x": {"b": 1}}})
    assert parse_article(new_raw, "t.md").metadata["site"] == {"x": {"b": 1}}


def test_a_signed_zero_is_another_value():
    # -0.0 == 0.0 in Python, yet the file reads otherwise: the form and set
    # took typing one over the other for no change, and saved nothing
    assert not same_value(0.0, -0.0) and not same_value([-0.0], [0.0])
    assert same_value(-0.0, -0.0) and same_value({"a": 0.0}, {"a": 0.0})
    assert same_value(float("nan"), float("nan")) and not same_value(1.0, float("nan"))
    article = parse_article(b"---\nx: 0.0\n---\n", "z.md")
    assert b"x: -0.0\n" in patch_metadata(article, {"x": -0.0})


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: {**m, "a": 3}, "m: {a: 3, n: 2, y: on, q: 'x', z: ~}\n"),
        (lambda m: {k: v for k, v in m.items() if k != "n"}, "m: {a: 1, y: on, q: 'x', z: ~}\n"),
        (lambda m: {**m, "k, v": [1]}, "m: {a: 1, n: 2, y: on, q: 'x', z: ~, 'k, v': [1]}\n"),
        (lambda m: {"z": None}, "m: {z: ~}\n"),
    ],
)
def test_a_flow_mapping_is_edited_key_by_key(change, expected):
    # the whole mapping was written again: {a: 3, 'n': 2, 'y': true, q: x, z: null}
    article = parse_article(b"---\nm: {a: 1, n: 2, y: on, q: 'x', z: ~}\n---\nb\n", "a.md")
    new = patch_metadata(article, {"m": change(article.metadata["m"])})
    assert new == b"---\n" + expected.encode() + b"---\nb\n"


def test_a_flow_mapping_on_several_lines_keeps_its_lines_and_nested_ones_their_text():
    raw = b"---\nm: {\n  a: 1,\n  b: yes\n}\nd: {x: {p: yes, q: 1}, r: [1, 2]}\n---\nb\n"
    article = parse_article(raw, "a.md")
    new = patch_metadata(
        article, {"m": {"a": 2, "b": True}, "d": {"x": {"p": True, "q": 2}, "r": [1, 2, 3]}}
    )
    assert new == b"---\nm: {\n  a: 2,\n  b: yes\n}\nd: {x: {p: yes, q: 2}, r: [1, 2, 3]}\n---\nb\n"


def test_a_flow_mapping_with_an_alias_or_a_comment_is_written_whole_and_reads_back():
    raw = b"---\nx: &v 5\nm: {a: *v, b: 1}\nc: {a: 1, # note\n  b: 2}\n---\nb\n"
    article = parse_article(raw, "a.md")
    new = parse_article(patch_metadata(article, {"m": {"a": 5, "b": 2}, "c": {"a": 1}}), "a.md")
    assert new.metadata == {"x": 5, "m": {"a": 5, "b": 2}, "c": {"a": 1}}


@pytest.mark.parametrize(
    ("raw", "change", "expected"),
    [
        # an empty mapping inside: that value alone is written whole
        ("m: {x: {}, y: 1}", {"x": {"p": 1}, "y": 1}, "m: {x: {p: 1}, y: 1}"),
        # a key with no value: the mapping whole (it read "{a: 5 , b: 1}")
        ("m: {a: , b: 1}", {"a": 5, "b": 1}, "m: {a: 5, b: 1}"),
        # an explicit key: its "?" stayed when it went, on the next key
        ("m: {? a : 1, b: 2}", {"b": 2}, "m: {b: 2}"),
    ],
)
def test_a_flow_mapping_it_cannot_edit_in_parts_reads_back_as_the_edit(raw, change, expected):
    article = parse_article(f"---\n{raw}\n---\nb\n".encode(), "a.md")
    new = patch_metadata(article, {"m": change})
    assert new == f"---\n{expected}\n---\nb\n".encode()
    assert parse_article(new, "a.md").metadata["m"] == change


@pytest.mark.parametrize(
    ("sets", "added"),
    [
        ({"author": "Z"}, "  author: Z\n"),
        ({"tags2": ["a", "b"]}, "  tags2:\n  - a\n  - b\n"),
        ({"seo": {"robots": "none"}}, "  seo:\n    robots: none\n"),
    ],
)
def test_a_key_added_to_an_indented_mapping_is_indented_alike(sets, added):
    # written at column 0, the text no longer parsed, and the edit was refused
    raw = b"---\n  title: x\n  tags: [a]\n---\nbody\n"
    new = patch_metadata(parse_article(raw, "a.md"), sets)
    assert new == raw.replace(b"---\nbody", added.encode() + b"---\nbody")
    assert parse_article(new, "a.md").metadata == {"title": "x", "tags": ["a"], **sets}


def test_a_key_added_after_an_explicit_key_goes_at_the_mapping_s_column():
    # (the explicit key's own column, 2, was taken: the text no longer parsed)
    raw = b"---\n? title\n: x\nb: 1\n---\nbody\n"
    new = patch_metadata(parse_article(raw, "a.md"), {"author": "Z"})
    assert new == b"---\n? title\n: x\nb: 1\nauthor: Z\n---\nbody\n"


@pytest.mark.parametrize(
    ("front", "kept"),
    [
        ("~\n", ""),
        ("null\n", ""),
        ("Null\n", ""),
        ("# before\n~\n# after\n", "# before\n# after\n"),
        ("~ # nothing yet\n", "# nothing yet\n"),
    ],
)
def test_a_null_front_matter_takes_keys_as_an_empty_one_does(front, kept):
    # read as no keys, and check said nothing; set refused it, "front
    # matter is not a mapping", with no line
    raw = f"---\n{front}---\nbody\n".encode()
    out = patched(raw, {"title": "x"})
    assert out == f"---\n{kept}title: x\n---\nbody\n".encode()
    assert parse_article(out, "post.md").metadata == {"title": "x"}
    assert patched(raw, remove=["title"]) == raw


# --- a "?" inside a flow collection's plain scalar ----------------------------

QUESTION_IN_FLOW = (
    b"---\ntitle: Links\nlinks: [https://x.org/?q=1, a ?b]\ntags: {k?: v}\n---\nbody\n"
)


def test_an_article_with_a_question_mark_in_a_flow_list_can_be_edited():
    # libyaml (the reader) reads it as YAML 1.2 does; PyYAML's own scanner,
    # which the patcher composes with, refused it: every edit was refused.
    assert parse_article(QUESTION_IN_FLOW, "a.md").metadata["links"] == [
        "https://x.org/?q=1",
        "a ?b",
    ]
    new = patched(QUESTION_IN_FLOW, {"title": "Other"})
    assert changed_lines(QUESTION_IN_FLOW, new) == ["-title: Links\n", "+title: Other\n"]
    new = patched(QUESTION_IN_FLOW, {"links": ["https://x.org/?q=1", "c?d"]})
    assert changed_lines(QUESTION_IN_FLOW, new) == [
        "-links: [https://x.org/?q=1, a ?b]\n",
        "+links: [https://x.org/?q=1, c?d]\n",
    ]
    assert parse_article(new, "a.md").metadata["tags"] == {"k?": "v"}
    new = patched(QUESTION_IN_FLOW, remove=["links"])
    assert changed_lines(QUESTION_IN_FLOW, new) == ["-links: [https://x.org/?q=1, a ?b]\n"]


@pytest.mark.parametrize(
    "text",
    [
        "x: [a?b, c]",
        "x: [a ?b]",
        "x: [a?]",
        "x: [a?,b]",
        "x: [a?\n  ?b]",
        "x: {k?: v, a?b}",
        "x: [a, ?b]",
        "x: [a?]b]",
        "x: a?b",
    ],
)
def test_the_pure_loader_reads_question_marks_as_libyaml_does(text):
    yaml = pytest.importorskip("yaml")
    from reader.core.article.yamlload import PureSafeLoader

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml is not installed")

    def read(loader):
        try:
            return yaml.load(text, Loader=loader)
        except yaml.YAMLError:
            return "refused"

    assert read(PureSafeLoader) == read(yaml.CSafeLoader)
