"""Edits in both tabs of the form, through the real widgets: while the Raw
tab's text does not parse the fields cannot be edited (fixing that text
applies it whole, which silently undid an edit made in the Fields tab
meanwhile); typed input that does not parse, in the Raw tab and in a field
at once, is never lost by undo, redo or Revert, and undo and redo stay
exact inverses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.formhelpers import (
    BAD,
    CTRL,
    DATE,
    SHIFT,
    TITLE,
    cursor_after,
    focus,
    open_form,
    type_bad_date,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _state(form):
    date = form.editors.get("date")
    return (
        form.raw_text() if form.problems() or form.tabs.currentIndex() == 1 else None,
        form.edit.diff.value("title"),
        date.text.text() if date is not None else None,
        tuple(form.problems()),
    )


def _locked(form) -> bool:
    """The Fields tab cannot be edited, and says why."""
    page = form.fields_scroll.widget()
    return (
        not page.isEnabled()
        and form.fields_note.isVisibleTo(form.tabs.widget(0))
        and not form.new_key.isEnabled()
        and not form.add_button.isEnabled()
    )


def test_the_fields_wait_while_the_raw_text_does_not_parse(qtbot, opened):
    form = open_form(qtbot, opened)
    assert not _locked(form) and form.fields_note.isHidden()
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, ": [oops")
    assert form.problems() and _locked(form)
    stale = form.raw_text()

    form.tabs.setCurrentIndex(0)  # the user goes to the Fields tab
    assert form.tabs.currentIndex() == 0 and _locked(form)
    assert form.fields_note.isVisible()
    # the focus left with the Raw tab: to the note, not to the Revert button
    assert QApplication.focusWidget() is form.fields_note
    qtbot.keyClick(form.fields_note, Qt.Key.Key_Space)
    assert form.raw_text() == stale and form.problems()
    title = form.editors["title"].line
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " EDITED")  # a disabled field takes no key
    form.set_key_value("title", "Set elsewhere")  # nor an edit from a menu
    form.add_key("newkey")
    form.remove_key("author")
    assert title.text() == TITLE and form.edit.diff.value("title") == TITLE
    assert "newkey" not in form.edit.diff and "author" in form.edit.diff
    opened.editing.move_to_category()  # says why instead of asking
    assert form.tabs.currentIndex() == 1 and form.raw_text() == stale

    # the typo taken out: the text applies, nothing was lost on the way
    cursor_after(qtbot, form, "comments: true: [oops")
    for _ in range(len(": [oops")):
        qtbot.keyClick(form.raw, Qt.Key.Key_Backspace)
    assert not form.problems() and not _locked(form) and not form.is_modified()

    # now the fields: the edit is in the Raw text too, and undo is exact
    form.tabs.setCurrentIndex(0)
    title = form.editors["title"].line
    focus(qtbot, title)
    title.end(False)
    qtbot.keyClicks(title, " EDITED")
    assert form.edit.diff.value("title") == TITLE + " EDITED"
    cursor_after(qtbot, form, "comments: true")
    assert f'title: "{TITLE} EDITED"' in form.raw_text()
    qtbot.keyClicks(form.raw, ": [oops")
    assert _locked(form)
    states = [_state(form)]
    while form.can_undo():
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
        assert _state(form) != states[-1], "every undo changes something"
        states.append(_state(form))
    assert not form.is_modified() and not _locked(form)
    for expected in reversed(states[:-1]):
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
        assert _state(form) == expected
    assert _locked(form) and form.edit.diff.value("title") == TITLE + " EDITED"
    assert not form.undo_stack.canRedo()


def test_input_in_a_field_and_in_the_raw_tab_survives_undo_and_redo(qtbot, opened):
    form = open_form(qtbot, opened)
    type_bad_date(qtbot, form)
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, ": [oops")
    assert len(form.problems()) == 2 and _locked(form)
    assert form.undo_stack.count() == 0  # the date typed on the way to 2021-02-30 left none
    assert opened.editing.undo_action.isEnabled()  # the typing is undone first
    states = [_state(form)]
    while form.can_undo():
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
        assert _state(form) != states[-1], "every undo changes something"
        states.append(_state(form))
    assert not form.problems() and not form.is_modified()
    assert form.editors["date"].text.text() == DATE
    for expected in reversed(states[:-1]):
        qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
        assert _state(form) == expected
    assert form.editors["date"].text.text() == BAD
    assert _locked(form) and not form.can_redo()
    assert not opened.editing.redo_action.isEnabled()


def test_revert_takes_typed_input_that_does_not_parse_and_undo_gives_it_back(qtbot, opened):
    form = open_form(qtbot, opened)
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, ": [oops")
    typed = _state(form)
    assert typed[3] and form.is_modified() and form.revert_button.isEnabled()
    form.revert_button.click()
    assert not form.problems() and not form.is_modified() and not _locked(form)
    assert ": [oops" not in form.raw_text()
    focus(qtbot, form.raw)
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
    assert _state(form) == typed and _locked(form)
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL | SHIFT)
    assert not form.problems() and ": [oops" not in form.raw_text()


def test_typed_input_given_back_puts_the_cursor_after_it_past_emoji(qtbot, opened):
    # Qt counts the text in UTF-16 units, two for an emoji: the cursor
    # landed a place early per emoji before the change
    form = open_form(qtbot, opened)
    form.tabs.setCurrentIndex(1)
    focus(qtbot, form.raw)
    cursor = form.raw.document().find("comments: true")
    cursor.clearSelection()
    form.raw.setTextCursor(cursor)
    form.raw.insertPlainText("  # 😀😀 note\nbad: [oops")
    assert form.problems()
    form.revert_button.click()
    assert not form.problems()
    focus(qtbot, form.raw)
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, CTRL)
    assert form.problems() and "😀😀" in form.raw_text()
    assert form.raw.textCursor().position() == form.raw.document().find("[oops").selectionEnd()
