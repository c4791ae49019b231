"""Long paragraphs cut into blocks Qt can lay out (reader/core/render/blocks.py)."""

from __future__ import annotations

import html
import re

import pytest

from reader.core.render.blocks import SEPARATOR, WORD_LIMIT, bound_blocks

BLOCK_EDGE = re.compile(r"</?(?:p|div|li|td|th|pre|blockquote|h[1-6]|ul|ol|table|tr|body)\b[^>]*>")


def block_texts(document: str) -> list[str]:
    """The text of each block Qt would make: between block tags, and at
    each separator (tags out, entities as one character)."""
    texts = []
    for run in BLOCK_EDGE.split(document):
        for piece in run.split(SEPARATOR):
            texts.append(html.unescape(re.sub(r"<[^>]*>", "", piece)))
    return texts


def words_of(text: str) -> list[str]:
    return text.replace(SEPARATOR, " ").split()


def test_a_short_document_is_the_same_object():
    document = "<p>" + "word " * 100 + "</p>"
    assert bound_blocks(document, 1000) is document


def test_many_short_paragraphs_are_left_alone():
    document = "<body>" + "<p>a few words in a paragraph</p>" * 5000 + "</body>"
    assert bound_blocks(document, 100) is document


@pytest.mark.parametrize(
    "inner",
    [
        "plain words " * 3000,
        '<b>bold words</b> and <i>more <a href="x">linked</a> words</i> ' * 1500,
        "知识产权" * 9000,
        "x" * 40_000,
        "a &amp; b &lt;c&gt; &#x4e2d; " * 2500,
    ],
)
@pytest.mark.parametrize("container", ["p", "li", "td", "blockquote", "div"])
def test_no_block_is_longer_than_the_limit_and_no_text_is_lost(inner, container):
    document = f"<html><body><{container}>{inner}</{container}></body></html>"
    bounded = bound_blocks(document, 1000)
    assert bounded.replace(SEPARATOR, "") == document
    assert max(len(text) for text in block_texts(bounded)) <= 1000
    assert bounded.count(SEPARATOR) >= len(html.unescape(re.sub("<[^>]*>", "", inner))) // 1000 - 1


def test_words_are_cut_after_a_space():
    document = "<p>" + " ".join(f"word{n}" for n in range(20_000)) + "</p>"
    bounded = bound_blocks(document, 5000)
    assert words_of(bounded) == words_of(document)
    for at in (m.start() for m in re.finditer(SEPARATOR, bounded)):
        assert bounded[at - 1] == " "


@pytest.mark.parametrize(
    "inner",
    [
        "x" * 2_000_000,
        "a few words " * 1000 + "y" * 100_000 + " and words after " * 1000,
        "知识产权" * 50_000,  # (no blanks in Chinese either)
    ],
)
def test_a_long_word_goes_in_short_blocks(inner):
    # (review) Qt lays a block's word out whole before it breaks it: a line
    # of 2,000,000 letters in blocks of 20,000 took seconds at each resize
    document = f"<p>{inner}</p>"
    bounded = bound_blocks(document)
    assert bounded.replace(SEPARATOR, "") == document
    texts = block_texts(bounded)
    assert max(len(word) for text in texts for word in text.split()) <= WORD_LIMIT
    # the text around the long word is cut after its blanks, as before
    for at in (m.start() for m in re.finditer(SEPARATOR, bounded)):
        assert bounded[at - 1] == " " or bounded[at - 1] in "xy知识产权"


def test_an_entity_is_never_cut():
    document = "<p>" + "&amp;" * 10_000 + "</p>"
    bounded = bound_blocks(document, 999)
    for piece in bounded[3:-4].split(SEPARATOR):
        assert re.fullmatch("(?:&amp;)+", piece), piece[:20]


def test_style_and_script_text_are_never_cut():
    css = "p { color: red; } " * 5000
    document = f"<html><head><style>{css}</style></head><body><p>short</p></body></html>"
    assert bound_blocks(document, 1000) == document
    words = "word " * 1000
    document = f"<html><head><style>{css}</style>{words}</head><body>{words}</body></html>"
    bounded = bound_blocks(document, 1000)
    assert f"<style>{css}</style>" in bounded
    assert bounded.replace(SEPARATOR, "") == document
    assert bounded.count(SEPARATOR) >= 8


def test_preformatted_lines_start_blocks_of_their_own():
    lines = "\n".join("line of code " * 50 for _ in range(100))
    document = f"<pre>{lines}</pre>"
    assert bound_blocks(document, 1000) is document  # each line is 650 characters
    long_line = "y" * 3000
    bounded = bound_blocks(f"<pre>short\n{long_line}\nend</pre>", 1000)
    assert bounded.replace(SEPARATOR, "") == f"<pre>short\n{long_line}\nend</pre>"
    assert bounded.count(SEPARATOR) == 2


def test_text_spread_over_inline_elements_counts_as_one_block():
    document = "<p>" + "<span>ten chars</span>" * 300 + "</p>"
    bounded = bound_blocks(document, 1000)
    assert bounded.count(SEPARATOR) >= 2
    assert bounded.replace(SEPARATOR, "") == document
    for piece in bounded.split(SEPARATOR):  # never inside a tag
        assert piece.count("<") == piece.count(">")


def test_a_tag_is_never_cut_even_without_spaces():
    link = '<a href="https://example.org/a-long-address" title="x &gt; y">link</a>'
    document = "<p>" + link * 2000 + "</p>"
    bounded = bound_blocks(document, 500)
    assert bounded.replace(SEPARATOR, "") == document
    assert bounded.count(SEPARATOR) > 100
    for piece in bounded[3:-4].split(SEPARATOR):
        assert re.fullmatch(f"(?:{re.escape(link)})+", piece), piece[:80]


def test_a_tag_longer_than_the_limit_or_over_lines_is_never_cut():
    # a ">" inside a long attribute value was taken for the tag's end; in
    # <pre>, a tag over two lines was cut at its line break
    link = '<a href="https://e.org/?q=' + "q" * 3000 + '&amp;x=1>2">text</a>'
    document = "<p>" + "word " * 300 + link + " more" * 300 + "</p>"
    bounded = bound_blocks(document, 1000)
    assert bounded.replace(SEPARATOR, "") == document
    assert link.removesuffix("text</a>") in bounded  # the tag whole
    multi = '<a href="x" title="' + "t" * 50 + '\nsecond">LINK</a>'
    document = "<pre>" + "x" * 1990 + multi + " tail\n</pre>"
    bounded = bound_blocks(document, 2000)
    assert multi in bounded and bounded.replace(SEPARATOR, "") == document


def test_lists_and_quotes_nested_deeper_than_the_limit_keep_their_text_at_the_limit():
    from reader.core.render.blocks import bound_nesting

    deep = "".join(f"<ul><li>level {n}" for n in range(40)) + "</li></ul>" * 40
    out = bound_nesting(deep, 8)
    depth = deepest = 0
    for tag in re.finditer(r"<(/?)ul>", out):
        depth += -1 if tag.group(1) else 1
        deepest = max(deepest, depth)
    assert deepest == 8 and depth == 0
    assert all(f"level {n}" in out for n in range(40))
    assert out.count("<li>") == 40
    quotes = "<blockquote>" * 3 + "q" + "</blockquote>" * 3
    assert bound_nesting(quotes, 8) is quotes
