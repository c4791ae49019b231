"""Hexo's opener-less front matter: read, edited and joined back losslessly,
and ordinary Markdown with ``---`` rules never taken for front matter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.article.codec import parse_article
from reader.core.article.patch import patch_metadata
from reader.core.article.split import join, split


def test_yaml_lines_closed_by_a_bare_rule():
    raw = "title: 你好\ndate: 2024-02-03 09:30:00\ntags:\n- a\n- b\n---\nBody\n\n---\nmore\n"
    parts = split(raw.encode())
    assert parts.format == "yaml"
    assert parts.opener == ""
    assert parts.closer == "---\n"
    assert parts.body == "Body\n\n---\nmore\n"
    article = parse_article(raw.encode(), "a.md")
    assert article.title == "你好"
    assert article.tags == ["a", "b"]
    assert article.key_lines["tags"] == 3
    assert not article.problems


def test_json_members_closed_by_three_semicolons():
    raw = b'"title": "Hello",\n"date": "2013/7/13 20:46:25"\n;;;\nBody\n'
    parts = split(raw)
    assert (parts.format, parts.opener, parts.closer) == ("json", "", ";;;\n")
    article = parse_article(raw, "a.md")
    assert article.title == "Hello"
    assert article.date is not None and article.date.value.year == 2013


def test_edits_keep_every_other_byte():
    raw = b"title: Old\r\ncategories: x # keep\r\n---\r\nBody\r\n---\r\n"
    article = parse_article(raw, "a.md")
    new = patch_metadata(article, {"title": "New", "author": "Me"})
    assert new == b"title: New\r\ncategories: x # keep\r\nauthor: Me\r\n---\r\nBody\r\n---\r\n"
    assert parse_article(new, "a.md").metadata["author"] == "Me"
    json_raw = b'"title": "Old",\n"n": 1\n;;;\nBody\n'
    edited = patch_metadata(parse_article(json_raw, "a.md"), {"title": "New"})
    assert edited == b'"title": "New",\n"n": 1\n;;;\nBody\n'


PLAIN_BODIES = [
    b"Hello world\n---\n",  # a setext heading
    b"# Title\n\nSome text\n\n---\n\nMore\n",
    b"Text with: a colon but spaces in the key\n---\n",
    b"title: x\n\n---\n",  # a blank line: not Hexo's compact form
    b"- item\n---\n",
    b"a: &anchor 1\nb: *anchor\n---\n",  # anchors are never guessed at
    b"key: [unclosed\n---\n",  # not YAML
    b"\ntitle: x\n---\n",  # a blank lead
    b"title: x\nno colon here\n---\n",
    b'"title": "x",\nbroken\n;;;\n',
    b"title: x\n;;;\n",  # YAML lines with a JSON closer
]


def test_plain_markdown_stays_plain():
    for raw in PLAIN_BODIES:
        parts = split(raw)
        assert parts.format is None, raw
        assert parts.body == raw.decode()
        assert join(parts) == raw


KEYS = st.sampled_from(["title", "date", "tags", "author", "layout", "x_y", "a-b"])
VALUES = st.sampled_from(["x", "中文", "'q: r'", "2024-01-02", "[a, b]", "", "1", "true"])


@given(
    st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=6, unique_by=lambda kv: kv[0]),
    st.text(alphabet="ab-\n #:", max_size=60),
    st.sampled_from(["\n", "\r\n"]),
)
def test_round_trip_and_edit_of_generated_openerless_files(pairs, body, newline):
    front = "".join(f"{k}: {v}{newline}" for k, v in pairs)
    raw = (front + "---" + newline + body).encode()
    parts = split(raw)
    assert join(parts) == raw
    assert split(raw.decode()) == parts
    assert parts.format == "yaml" and parts.front == front and parts.body == body
    article = parse_article(raw, "a.md")
    assert not article.has_errors
    new = patch_metadata(article, {"added": "yes"})
    assert new.endswith(("---" + newline + body).encode())
    assert new.startswith(front.encode())
    assert parse_article(new, "a.md").metadata["added"] == "yes"


@given(st.binary(max_size=300))
def test_any_bytes_still_round_trip(raw):
    assert join(split(raw)) == raw
    assert join(split(b"title: x\n" + raw)) == b"title: x\n" + raw
