"""After the "file changed on disk" question, the keyboard is back where
the user was typing (it went to the tree: the next letters starred the
article, marked it unread, jumped the tree)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.formhelpers import RIVER, focus, open_form


def _answer(button_name: str, seen: list[str]):
    def answer():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(50, answer)
            return
        seen.append(box.objectName())
        getattr(box, button_name).click()

    return answer


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("button", ["mine", "theirs", "cancel"])
def test_the_field_being_typed_in_has_the_keyboard_after_the_question(
    qtbot, opened, library_copy, button
):
    window = opened
    form = open_form(qtbot, window, RIVER)
    line = form.editors["author"].line
    focus(qtbot, line)
    QTest.keyClicks(line, "Mira")
    seen: list[str] = []
    QTimer.singleShot(50, _answer(button, seen))
    path = library_copy / RIVER
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        path.write_bytes(path.read_bytes().replace(b"comments: true", b"comments: false"))
    qtbot.waitUntil(lambda: seen == ["conflictDialog"], timeout=10000)
    window.activateWindow()  # (as the window manager does once the question is gone)
    qtbot.wait(200)
    author = form.editors["author"].line
    qtbot.waitUntil(author.hasFocus, timeout=5000)
    text, count = author.text(), window.list_model.rowCount()
    QTest.keyClicks(QApplication.focusWidget(), "s")
    assert len(author.text()) == len(text) + 1 and author.text().count("s") == text.count("s") + 1
    assert window.list_model.rowCount() == count


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
def test_the_cursor_stays_where_it_was_in_the_field(qtbot, opened, library_copy):
    # (review) the keyboard came back, its cursor at the start of the field
    window = opened
    form = open_form(qtbot, window, RIVER)
    line = form.editors["author"].line
    focus(qtbot, line)
    QTest.keyClicks(line, "Mira")
    line.setCursorPosition(1)
    seen: list[str] = []
    QTimer.singleShot(50, _answer("mine", seen))
    path = library_copy / RIVER
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        path.write_bytes(path.read_bytes().replace(b"comments: true", b"comments: false"))
    qtbot.waitUntil(lambda: seen == ["conflictDialog"], timeout=10000)
    window.activateWindow()
    author = form.editors["author"].line
    qtbot.waitUntil(author.hasFocus, timeout=5000)
    assert author.cursorPosition() == 1
