"""Undo and redo from the keyboard, through the real widgets: in the Raw tab
they are exact inverses (N undos then N redos put everything back, and no
undo is a step that changes nothing), typing that does not parse is a step
of its own, and outside the form (the search box) the keys never undo or
redo a form edit out of sight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.formhelpers import CTRL, SHIFT, TITLE, cursor_after, focus, open_form

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _state(form):
    return form.raw_text(), form.edit.diff.value("title"), form.problems()


def test_undo_then_redo_in_the_raw_tab_puts_everything_back(qtbot, opened):
    form = open_form(qtbot, opened)
    title = form.editors["title"].line
    focus(qtbot, title)
    title.end(False)
    qtbot.keyClicks(title, "T")
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, "ab")  # one run of typing
    qtbot.keyClick(form.raw, Qt.Key.Key_Return)
    qtbot.keyClicks(form.raw, "layout: post")  # a new line: a step of its own
    states = [_state(form)]
    assert "comments: trueab\nlayout: post" in states[0][0]
    assert states[0][1] == TITLE + "T"

    while form.undo_stack.canUndo():
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
        assert _state(form) != states[-1], "every undo changes something"
        states.append(_state(form))
    assert len(states) == 4  # the new line, "ab", the title
    assert not form.is_modified() and "ab" not in form.raw_text()
    assert form.edit.diff.value("title") == TITLE

    for expected in reversed(states[:-1]):
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
        assert _state(form) == expected
    assert not form.undo_stack.canRedo()
    # and once more, with Ctrl+Y for redo
    for _ in range(3):
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
    for _ in range(3):
        qtbot.keyClick(form.raw, Qt.Key.Key_Y, CTRL)
    assert _state(form) == states[0]


def test_undo_keeps_typing_in_the_raw_tab_that_does_not_parse(qtbot, opened):
    form = open_form(qtbot, opened)
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClick(form.raw, Qt.Key.Key_Return)
    qtbot.keyClicks(form.raw, "layout: [post")  # does not parse: only the Raw tab has it
    typed = _state(form)
    assert typed[2] and "layout: [post" in typed[0]
    assert form.raw_error.isVisibleTo(form)

    states = [typed]
    while form.undo_stack.canUndo():
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
        assert _state(form) != states[-1], "every undo changes something"
        states.append(_state(form))
    assert not states[1][2] and "[post" not in states[1][0]  # the last text that parsed
    assert not form.is_modified() and "layout" not in form.raw_text()
    for expected in reversed(states[:-1]):
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
        assert _state(form) == expected
    assert form.raw_error.isVisibleTo(form)  # the typing that does not parse, with its error
    assert not opened.editing.save()  # still not savable: nothing was lost or fixed
    # redo has nothing to throw away the typing for
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _state(form) == typed
    # undone again after the redo: the same steps, none that changes nothing
    for expected in states[1:]:
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
        assert _state(form) == expected
    assert not form.undo_stack.canUndo()


def test_typing_that_does_not_parse_taken_away_by_hand_is_a_step_too(qtbot, opened):
    form = open_form(qtbot, opened)
    cursor_after(qtbot, form, "comments: ")
    original = _state(form)
    qtbot.keyClicks(form.raw, "[[")  # "comments: [[true" does not parse, nor does "[true"
    typed = _state(form)
    assert typed[2]
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
    assert _state(form) == original
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _state(form) == typed
    for _ in range(2):  # taken away again by hand: the text of the edit, nothing pushed
        qtbot.keyClick(form.raw, Qt.Key.Key_Backspace)
    assert _state(form) == original
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
    assert _state(form) == typed  # undoing the Backspaces, not a step that changes nothing
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
    assert _state(form) == original
    assert not form.undo_stack.canUndo()
    for expected in (typed, original):
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
        assert _state(form) == expected
    # fixed by typing right after typing that does not parse was redone
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
    assert _state(form) == typed
    qtbot.keyClick(form.raw, Qt.Key.Key_End)
    qtbot.keyClicks(form.raw, "]]")
    fixed = _state(form)
    assert not fixed[2] and form.edit.diff.value("comments") == [[True]]
    for expected in (typed, original):
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
        assert _state(form) == expected
    for expected in (typed, fixed):
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
        assert _state(form) == expected


def test_the_search_box_never_undoes_or_redoes_a_form_edit(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    title = form.editors["title"].line
    focus(qtbot, title)
    title.end(False)
    qtbot.keyClicks(title, "ZZ")
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)  # in the form: the form's undo
    assert form.edit.diff.value("title") == TITLE and form.undo_stack.canRedo()

    search = window.findChild(QLineEdit, "search")
    window.focus_search()
    qtbot.waitUntil(search.hasFocus, timeout=5000)
    qtbot.keyClicks(search, "abc")
    for modifiers, key in ((CTRL, Qt.Key.Key_Y), (CTRL | SHIFT, Qt.Key.Key_Z)):
        qtbot.keyClick(search, key, modifiers)
        assert form.edit.diff.value("title") == TITLE, "no redo behind the person's back"
        assert title.text() == TITLE
    assert QApplication.focusWidget() is search

    focus(qtbot, title)
    qtbot.keyClick(title, Qt.Key.Key_Y, CTRL)  # redo, in the form
    assert form.edit.diff.value("title") == TITLE + "ZZ"
    window.focus_search()
    qtbot.waitUntil(search.hasFocus, timeout=5000)
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)  # the search box's own undo
    assert form.edit.diff.value("title") == TITLE + "ZZ"
    assert search.text() == ""
    # the Edit menu's items still work from anywhere
    window.editing.undo_action.trigger()
    assert form.edit.diff.value("title") == TITLE
    window.editing.redo_action.trigger()
    assert form.edit.diff.value("title") == TITLE + "ZZ"


def test_the_keys_undo_the_shown_form_from_the_list_too(qtbot, opened):
    """The Edit menu offers Undo with Ctrl+Z: with the focus in the list (no
    undo of its own) the keys did nothing.  They undo and redo the form's
    edit while the form is shown, and nothing while it is hidden."""
    form = open_form(qtbot, opened)
    title = form.editors["title"].line
    focus(qtbot, title)
    title.end(False)
    qtbot.keyClicks(title, "ZZ")
    focus(qtbot, opened.list_view)
    qtbot.keyClick(opened.list_view, Qt.Key.Key_Z, CTRL)
    assert form.edit.diff.value("title") == TITLE and title.text() == TITLE
    qtbot.keyClick(opened.list_view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert form.edit.diff.value("title") == TITLE + "ZZ"
    opened.editing.toggle_form(False)
    focus(qtbot, opened.list_view)
    qtbot.keyClick(opened.list_view, Qt.Key.Key_Z, CTRL)
    assert form.edit.diff.value("title") == TITLE + "ZZ", "no undo out of sight"
