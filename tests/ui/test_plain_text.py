"""Text editors give back exactly the text typed: no-break spaces and line
separators survive (``toPlainText()`` turns them into spaces and line breaks)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit

from reader.core.article.codec import parse_article
from reader.core.edit.fields import value_text
from reader.ui.form.plain_text import exact_text, holds_exactly


def test_exact_text_keeps_what_to_plain_text_changes(qtbot):
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    text = "a\u00a0b\u2028c\nd\n\n"
    editor.setPlainText(text)
    assert editor.toPlainText() != text  # why exact_text exists
    assert exact_text(editor) == text


def test_holds_exactly():
    assert holds_exactly("a\u00a0b\u2028c\nd")
    assert not holds_exactly("a\u2029b")  # the document's own paragraph break
    assert not holds_exactly("a\rb")
    assert not holds_exactly("bad \udcff byte")


def test_long_text_and_yaml_editors_keep_no_break_spaces(qtbot):
    from reader.ui.form.editors import LongTextEditor, YamlEditor

    long_text = LongTextEditor("description")
    yaml_text = YamlEditor("extra")
    qtbot.addWidget(long_text)
    qtbot.addWidget(yaml_text)
    reported: list = []
    long_text.edited.connect(reported.append)
    yaml_text.edited.connect(reported.append)
    long_text.set_value("第一段\u00a0内容")
    yaml_text.set_value({"note": "x\u00a0y"})
    QTest.keyClick(long_text.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(long_text.text, "!")
    QTest.keyClick(yaml_text.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(yaml_text.text, "z")
    assert reported[-2] == "第一段\u00a0内容!"
    assert reported[-1] == {"note": "x\u00a0yz"}


def test_a_value_holding_a_paragraph_separator_round_trips_through_the_yaml_editor(qtbot):
    from reader.ui.form.editors import YamlEditor

    value = parse_article('---\nnote: "one\u2029two"\n---\n'.encode(), "p.md").metadata["note"]
    assert "\u2029" in value and holds_exactly(value_text(value))
    editor = YamlEditor("note")
    qtbot.addWidget(editor)
    reported: list = []
    editor.edited.connect(reported.append)
    editor.set_value(value)
    QTest.keyClick(editor.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text, " ")  # a trailing space: the same YAML value
    assert reported == [value]
