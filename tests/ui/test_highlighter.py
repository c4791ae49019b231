"""The source editor's colours: a YAML comment is told from a ``#`` inside
a quoted value (everything after it was drawn as a comment)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCharFormat, QTextDocument

from reader.ui.form.highlighter import SourceHighlighter, yaml_comment_start


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("subtitle: 'A: colon # hash ''quote'' \"dq\"'", None),
        ("title: it's # a comment", 12),
        ('a: "x # y \\" z" # after', 16),
        ("# the whole line", 0),
        ("a: b#c", None),  # no blank before it: text
        ('a: "goes on # to the next line', None),
        ("- 'q # r' # s", 10),
        ("k: [a, 'b # c'] # d", 16),
        ("url: http://example.org/#part", None),
        ("", None),
    ],
)
def test_where_a_yaml_comment_starts(line, start):
    assert yaml_comment_start(line) == start


def test_a_hash_inside_a_quoted_value_is_not_drawn_as_a_comment(qapp):
    document = QTextDocument()
    document.setPlainText("---\nsubtitle: 'A # B' # note\n---\nbody\n")
    highlighter = SourceHighlighter(document)
    highlighter.rehighlight()
    line = document.findBlockByNumber(1)
    italic = [
        (r.start, r.length)
        for r in line.layout().formats()
        if QTextCharFormat(r.format).fontItalic()
    ]
    comment = line.text().index("# note")
    assert italic == [(comment, len(line.text()) - comment)]


def test_colours_after_an_emoji_fall_on_their_own_characters(qapp):
    # Qt counts a line in UTF-16 units, two for an emoji: each colour after
    # one was drawn a place early per emoji
    document = QTextDocument()
    document.setPlainText("---\ntitle: '😀😀😀'  # comment\n---\n**bold** 🙂 *em* <!-- c -->\n")
    highlighter = SourceHighlighter(document)
    highlighter.rehighlight()

    def spans(number: int, italic: bool) -> list[str]:
        block = document.findBlockByNumber(number)
        units = block.text().encode("utf-16-le")
        return [
            units[2 * r.start : 2 * (r.start + r.length)].decode("utf-16-le")
            for r in block.layout().formats()
            if QTextCharFormat(r.format).fontItalic() == italic
        ]

    assert spans(1, italic=True) == ["# comment"]
    assert "'😀😀😀'" in spans(1, italic=False)
    assert spans(3, italic=True) == ["*em*", "<!-- c -->"]


def test_a_diff_line_with_emoji_is_coloured_to_its_end(qapp):
    from reader.ui.form.dialogs import DiffHighlighter

    document = QTextDocument()
    document.setPlainText("+title: 😀😀 new\n-title: old\n")
    highlighter = DiffHighlighter(document)
    highlighter.rehighlight()
    block = document.findBlockByNumber(0)
    (whole,) = block.layout().formats()
    assert (whole.start, whole.length) == (0, len(block.text().encode("utf-16-le")) // 2)


def test_a_long_line_of_many_colours_is_coloured_in_one_pass(qapp):
    # each colour looked for the line's emoji from its start: a 340 KB line
    # of Markdown took a minute to colour (a hang guard, not a timing test)
    import time

    line = "**b** `c` [x](y) " * 20000
    document = QTextDocument()
    highlighter = SourceHighlighter(document)
    document.setPlainText(f"---\ntitle: x\n---\n{line}😀 **end**\n")
    started = time.monotonic()
    highlighter.rehighlight()
    assert time.monotonic() - started < 30  # (generous: the line took 58 s)
    block = document.findBlockByNumber(3)
    units = block.text().encode("utf-16-le")
    bold = [
        units[2 * r.start : 2 * (r.start + r.length)].decode("utf-16-le")
        for r in block.layout().formats()
        if QTextCharFormat(r.format).fontWeight() > 500
    ]
    assert bold[-1] == "**end**" and len(bold) == 20001
