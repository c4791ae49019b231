"""The find bar from the keyboard: Shift+Enter finds the previous match (it
found the next one and then the previous, so it stayed), and the count of
one article is not said over another (it stayed "3 of 8")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def apples(qtbot, window, library_copy):
    for name, title, text in (
        ("apples.md", "Fruit", "Apple one, apple two, and APPLE three."),
        ("pears.md", "Other fruit", "Pears."),
    ):
        (library_copy / name).write_text(
            f"---\ntitle: {title}\ndate: 2024-03-03\n---\n\n{text}\n", encoding="utf-8"
        )
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "apples.md")
    window.activateWindow()
    bar = window.reader.find_bar
    bar.open()
    qtbot.waitUntil(bar.field.hasFocus, timeout=5000)
    qtbot.keyClicks(bar.field, "apple")
    assert bar.status.text() == "1 of 3"
    return window


def test_shift_enter_finds_the_previous_match(qtbot, apples):
    field = apples.reader.find_bar.field
    status = apples.reader.find_bar.status
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert status.text() == "3 of 3"
    qtbot.keyClick(field, Qt.Key.Key_Return, SHIFT)
    assert status.text() == "2 of 3"
    qtbot.keyClick(field, Qt.Key.Key_Enter, SHIFT | Qt.KeyboardModifier.KeypadModifier)
    assert status.text() == "1 of 3"
    qtbot.keyClick(field, Qt.Key.Key_Return, SHIFT)  # wraps to the last
    assert status.text() == "3 of 3"


def test_another_article_is_not_given_the_count_of_the_one_before(qtbot, apples):
    bar = apples.reader.find_bar
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 3"
    with qtbot.waitSignal(apples.article_shown, timeout=10000):
        apples.show_article("pears.md")
    assert bar.isVisible() and bar.field.text() == "apple"
    assert bar.status.text() == ""
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "Not found"
    with qtbot.waitSignal(apples.article_shown, timeout=10000):
        apples.show_article("apples.md")
    assert bar.status.text() == ""
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "1 of 3"
