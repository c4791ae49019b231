"""Helpers for the front-matter form tests: open an article in the window with
the form shown, move the keyboard focus, put the cursor in the Raw tab, type
a date that does not parse, and press keys where the focus is.

Plain functions over the window and the form the tests pass in: no state of
their own.  (This module is not a test module, so pytest does not rewrite its
``assert`` statements: each says what went wrong in its message.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

RIVER = "_posts/river-walk.md"
"""The sample library's article the form tests edit."""
TITLE = "沿着小河走到入海口"
"""Its title."""
DATE = "2021-10-03 10:00:00"
"""Its date, as the date field shows it."""
BAD = "2021-02-30"
"""A date that does not parse (there is no 30 February)."""

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_form(qtbot, window, rel=RIVER):
    """Show the article ``rel`` in ``window`` with the front-matter form open,
    the window shown and active; return the form."""
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    window.editing.toggle_form(True)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window.editing.form


def focus(qtbot, widget):
    """Give ``widget`` the keyboard focus and wait until it has it."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=5000)


def cursor_after(qtbot, form, text):
    """The keyboard in the Raw tab, right after ``text``."""
    form.tabs.setCurrentIndex(1)
    focus(qtbot, form.raw)
    cursor = form.raw.textCursor()
    cursor.setPosition(form.raw_text().index(text) + len(text))
    form.raw.setTextCursor(cursor)


def type_bad_date(qtbot, form, text=BAD):
    """Type ``text`` over the date field's text, one key at a time, and check
    that the field shows an error for it; return the date's editor."""
    date = form.editors["date"]
    focus(qtbot, date.text)
    date.text.selectAll()
    for char in text:
        qtbot.keyClicks(date.text, char)
    assert date.error is not None, f"the date typed ({text!r}) shows no error"
    return date


def press(combination, key=Qt.Key.Key_Z):
    """``combination`` pressed where the keyboard focus is now."""
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    QTest.keyClick(widget, key, combination)


def undo():
    """Ctrl+Z where the keyboard focus is now."""
    press(CTRL)


def redo():
    """Ctrl+Shift+Z where the keyboard focus is now."""
    press(CTRL | SHIFT)


def held_until(monkeypatch, owner, name: str):
    """Make ``owner.name`` (a library operation run on a worker) wait until
    the event returned is set, then do what it did: the window's state while
    it runs can be looked at.  (It gives up waiting after 20 s.)"""
    import threading

    release = threading.Event()
    real = getattr(owner, name)

    def held(*args, **kwargs):
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return release
