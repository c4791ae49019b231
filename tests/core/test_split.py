from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.article.split import decode, join, readable, split

from .strategies import articles


@given(st.binary(max_size=400))
def test_join_split_gives_back_any_bytes(raw):
    assert join(split(raw)) == raw


_PIECES = [*'-+;{}.\r\n \t\ufeffab:"', "---", "----", "+++", ";;;", ";;;;", "\r\n"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_join_split_gives_back_delimiter_soup(pieces):
    raw = "".join(pieces).encode("utf-8")
    assert join(split(raw)) == raw


@given(articles())
def test_join_split_gives_back_generated_articles(generated):
    parts = split(generated.raw)
    assert parts.format == "yaml"
    assert join(parts) == generated.raw


def test_seed_shape_blank_line_before_opener():
    raw = b"\n---\ntitle: x\n---\n\n<div>\n</div>\n      \n"
    parts = split(raw)
    assert parts.format == "yaml"
    assert parts.lead == "\n"
    assert parts.front == "title: x\n"
    assert parts.body == "\n<div>\n</div>\n      \n"
    assert parts.front_start_line == 3


def test_bom_crlf_and_trailing_spaces_on_delimiters():
    raw = "\ufeff---  \r\ntitle: x\r\n--- \t\r\nbody\r\n".encode()
    parts = split(raw)
    assert parts.bom == "\ufeff"
    assert parts.opener == "---  \r\n"
    assert parts.closer == "--- \t\r\n"
    assert parts.newline == "\r\n"
    assert join(parts) == raw


def test_jekyll_dots_close_yaml():
    parts = split(b"---\ntitle: x\n...\nbody\n")
    assert parts.format == "yaml"
    assert parts.body == "body\n"


def test_toml_and_hexo_json_and_hugo_json():
    assert split(b'+++\ntitle = "x"\n+++\nbody').format == "toml"
    hexo = split(b';;;\n"title": "x"\n;;;\nbody')
    assert hexo.format == "json"
    assert hexo.front == '"title": "x"\n'
    hugo = split(b'{\n  "title": "x",\n  "tags": ["a"]\n}\n\nbody\n')
    assert hugo.format == "json"
    assert hugo.front.startswith("{") and hugo.front.endswith("}\n")
    assert hugo.body == "\nbody\n"


def test_no_front_matter_is_all_body():
    parts = split(b"# Just markdown\n\ntext\n")
    assert parts.format is None
    assert parts.body == "# Just markdown\n\ntext\n"


def test_unclosed_opener_is_body_with_flag():
    parts = split(b"---\ntitle: x\nno closer\n")
    assert parts.format is None
    assert parts.unclosed
    assert join(parts) == b"---\ntitle: x\nno closer\n"


def test_markdown_starting_with_brace_is_not_json():
    parts = split(b"{% raw %}\ntext\n}\n")
    assert parts.format is None


def test_broken_hugo_json_is_still_front_matter():
    parts = split(b'{\n  "title": "x",\n}\nbody\n')
    assert parts.format == "json"
    assert parts.body == "body\n"


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        (b'{"title": "one line", "date": "2021-01-01", }\nbody\n', 1),
        (b'{"title": "x"\n,"tags": ["x",]}\nbody\n', 2),
        (b'{"a": ' * 1000 + b"1" + b"}" * 1000 + b"\nbody\n", 1),  # (too deep for json)
    ],
)
def test_broken_json_front_matter_opening_with_a_key_is_front_matter_too(raw, line):
    # read as body (no problem said), and a save stacked YAML front matter above it
    from reader.core.article.codec import parse_article
    from reader.core.article.model import ArticleError
    from reader.core.article.patch import patch_metadata

    parts = split(raw)
    assert parts.format == "json" and parts.body == "body\n"
    article = parse_article(raw, "a.md")
    assert [error.line for error in article.errors] == [line]
    with pytest.raises(ArticleError, match="has an error"):
        patch_metadata(article, {"draft": True})


def test_a_body_opening_with_a_quoted_brace_that_never_closes_stays_body():
    assert split(b'{"just text on a line\nand more\n').format is None


_BYTE_PIECES = [
    *(p.encode("utf-8") for p in _PIECES),
    b"\xef\xbb\xbf",  # a BOM (anywhere)
    "é知".encode(),
    b"\xe9",  # Latin-1, not UTF-8
    b"\xe2\x82",  # half a UTF-8 sequence
    b"\xff",
    b'{"a": "\xe9"}',
    b'"\\u00e9"',
    "\u2028\x85".encode(),
]


@given(st.lists(st.sampled_from(_BYTE_PIECES), max_size=40))
def test_split_of_bytes_is_split_of_their_text(pieces):
    """Bytes are split without decoding the whole file (offsets found on the
    bytes read as Latin-1): the parts are exactly those of the decoded text."""
    raw = b"".join(pieces)
    assert split(raw) == split(decode(raw))
    assert join(split(raw)) == raw


def test_readable_replaces_lone_surrogates():
    assert readable("plain ascii") == "plain ascii"
    assert readable("知识 café") == "知识 café"
    assert readable(decode(b"caf\xe9 au lait")) == "caf\ufffd au lait"
    assert readable("a\ud800b") == "a\ufffdb"  # an escape that stands for no byte
    readable(decode(b"\xff\xfe" + "知".encode())).encode("utf-8")  # storable


def test_hexo_longer_fences_hold_front_matter():
    # Hexo reads "----" … "----" (and ";;;;" … ";;;;") as front matter; read
    # as a body, `set` put a second block above it and the site lost the first
    raw = b"----\r\ntitle: Old\ntags: [a]\n----  \nBody\n----\nmore\n"
    parts = split(raw)
    assert (parts.format, parts.opener, parts.front) == (
        "yaml",
        "----\r\n",
        "title: Old\ntags: [a]\n",
    )
    assert (parts.closer, parts.body) == ("----  \n", "Body\n----\nmore\n")
    assert join(parts) == raw
    json_form = split(b';;;;\n"title": "J",\n"n": 1\n;;;;\nBody\n')
    assert (json_form.format, json_form.front) == ("json", '"title": "J",\n"n": 1\n')


def test_a_long_rule_is_not_taken_for_a_fence():
    for raw in (
        b"----\nJust a rule, then prose.\n\n----\nmore\n",  # (no key: a Markdown rule)
        b"----\n\nSome words: and more\n----\n",  # (words, then a colon: not a key)
    ):
        parts = split(raw)
        assert parts.format is None and parts.body == raw.decode() and not parts.unclosed
        assert join(parts) == raw


def test_a_long_fence_never_closed_is_said_and_read_as_body():
    for raw in (b"----\ntitle: x\n-----\nbody\n", b"----\ntitle: x\n"):
        parts = split(raw)
        assert parts.format is None and parts.body == raw.decode() and parts.unclosed
        assert join(parts) == raw


def test_what_a_long_fence_holds_is_front_matter_even_when_it_does_not_parse():
    # (review) a typo, an anchor or a tag made it a body, and `set` put a
    # second block of front matter above it
    from reader.core.article.codec import parse_article

    for front in (
        "title: [unclosed\n",
        "title: &a x\nother: *a\n",
        "when: !!timestamp 2024-01-01\n",
    ):
        raw = f"# comment\n{front}".encode()
        parts = split(b"----\n" + raw + b"----\nbody\n")
        assert parts.format == "yaml" and parts.front == raw.decode()
    broken = parse_article(b"----\ntitle: [unclosed\n----\nbody\n", "/lib/p.md")
    assert broken.errors and broken.errors[0].line == 2


def test_set_edits_a_hexo_long_fenced_block_in_place(tmp_path):
    from reader.cli import main

    path = tmp_path / "p.md"
    path.write_bytes(b"----\ntitle: Old\ntags: [a]  # kept\n----\nBody\n")
    assert main(["set", "-s", "title=New", str(path)]) == 0
    assert path.read_bytes() == b"----\ntitle: New\ntags: [a]  # kept\n----\nBody\n"


def test_the_last_key_of_a_long_fenced_block_can_be_removed(tmp_path):
    from reader.cli import main

    path = tmp_path / "p.md"
    path.write_bytes(b"----\ntitle: x\n----\nbody\n")
    assert main(["set", "-u", "title", str(path)]) == 0
    assert path.read_bytes() == b"----\n----\nbody\n"
    assert main(["set", "-s", "title=New", str(path)]) == 0
    assert path.read_bytes() == b"----\ntitle: New\n----\nbody\n"
