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
