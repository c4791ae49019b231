"""Save pressed while some input does not parse: nothing is saved (not the
other edits either), the status bar says why, naming the field, and that
input is brought into view with the keyboard focus.  Ctrl+S did nothing at
all (the Save action and button were disabled, without a word).

A YAML field's list item or value with nothing typed yet (``- ``, on the way
to ``- b``) is such input: YAML reads it as null, and it was saved as
``- null`` without a word."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from reader.ui.form import dialogs
from tests.ui.formhelpers import (
    BAD,
    CTRL,
    RIVER,
    SHIFT,
    cursor_after,
    focus,
    open_form,
    press,
    type_bad_date,
)

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing)"  # offscreen
)

LISTED = "_posts/listed.md"
LISTED_TEXT = (
    "---\ntitle: Listed\ndate: 2021-05-01 09:00:00\naliases:\n  - /old/listed/\n---\n\nBody.\n"
)


@pytest.fixture
def listed(library_copy):
    """An article with a list edited as YAML (``aliases``), written before
    the library is opened."""
    (library_copy / LISTED).write_text(LISTED_TEXT, encoding="utf-8")
    return library_copy / LISTED


def _status(window) -> str:
    return window.statusBar().currentMessage()


def _in_view(form, widget) -> bool:
    """``widget`` is inside the part of the Fields tab scrolled into view."""
    viewport = form.fields_scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return QRect(QPoint(0, 0), viewport.size()).contains(QRect(top_left, widget.size()))


def _type_in(qtbot, text_edit, text):
    """The keyboard at the end of a multi-line field, ``text`` typed there."""
    focus(qtbot, text_edit)
    cursor = text_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    text_edit.setTextCursor(cursor)
    for char in text:
        if char == "\n":
            qtbot.keyClick(text_edit, Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(text_edit, char)


def test_ctrl_s_says_why_nothing_is_saved_and_shows_the_field(qtbot, opened, library_copy):
    window = opened
    window.resize(900, 420)  # the date scrolled out of view once the list has the focus
    before = (library_copy / RIVER).read_bytes()
    form = open_form(qtbot, window)
    title = form.editors["title"].line
    focus(qtbot, title)
    title.selectAll()
    qtbot.keyClicks(title, "A new title")  # an edit that parses, saved with the rest or not at all
    date = type_bad_date(qtbot, form)
    form.fields_scroll.verticalScrollBar().setValue(
        form.fields_scroll.verticalScrollBar().maximum()
    )
    focus(qtbot, window.list_view)
    assert not _in_view(form, date.error_label)
    press(CTRL, Qt.Key.Key_S)
    assert (library_copy / RIVER).read_bytes() == before  # not half of the edits either
    assert form.is_modified() and form.edit.diff.value("title") == "A new title"
    message = _status(window)
    assert message.startswith("Not saved: date: Not a date: 2021-02-30")
    assert QApplication.focusWidget() is date.text
    assert date.text.text() == BAD and date.error_label.isVisibleTo(form)
    assert _in_view(form, date.error_label) and _in_view(form, date.text)


def test_the_save_button_and_the_menu_say_so_too(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = open_form(qtbot, window)
    date = type_bad_date(qtbot, form)
    assert form.save_button.isEnabled() and window.editing.save_action.isEnabled()
    for press_save in (form.save_button.click, window.editing.save_action.trigger):
        window.statusBar().clearMessage()
        focus(qtbot, form.editors["title"].line)
        press_save()
        assert _status(window).startswith("Not saved: date: ")
        assert QApplication.focusWidget() is date.text
    assert (library_copy / RIVER).read_bytes() == before
    # once the date is one, the same key saves
    date.text.selectAll()
    qtbot.keyClicks(date.text, "2021-02-28 10:00:00")
    press(CTRL, Qt.Key.Key_S)
    assert not form.is_modified()
    assert b"date: 2021-02-28 10:00:00 +0800" in (library_copy / RIVER).read_bytes()


def test_ctrl_s_with_the_form_hidden_shows_it(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = open_form(qtbot, window)
    date = type_bad_date(qtbot, form)
    window.editing.toggle_form(False)
    focus(qtbot, window.list_view)
    press(CTRL, Qt.Key.Key_S)
    assert not form.isHidden() and window.editing.form_action.isChecked()
    assert QApplication.focusWidget() is date.text
    assert _status(window).startswith("Not saved: date: ")
    assert (library_copy / RIVER).read_bytes() == before


def test_ctrl_s_shows_the_raw_text_that_does_not_parse(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = open_form(qtbot, window)
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, ": [oops")
    assert form.fields_locked()
    form.tabs.setCurrentIndex(0)  # the Fields tab says why they are locked
    focus(qtbot, window.list_view)
    press(CTRL, Qt.Key.Key_S)
    assert form.tabs.currentIndex() == 1 and QApplication.focusWidget() is form.raw
    assert form.raw.textCursor().blockNumber() + 1 == form.error_line()
    assert _status(window).startswith("Not saved: Raw: ")
    assert (library_copy / RIVER).read_bytes() == before


# -- a YAML list item typed but empty ------------------------------------------------------


def test_an_empty_list_item_is_refused_at_the_field_not_saved_as_null(
    qtbot, listed, opened, monkeypatch
):
    window = opened
    form = open_form(qtbot, window, LISTED)
    aliases = form.editors["aliases"]
    assert aliases.text.toPlainText() == "- /old/listed/"
    _type_in(qtbot, aliases.text, "\n- ")
    assert aliases.error == (
        "line 2: a list item with nothing after “-”: type its value, or null for an empty item"
    )
    assert aliases.error_label.isVisibleTo(form)
    assert form.edit.diff.value("aliases") == ["/old/listed/"]  # no null item in the edit
    # saved now: refused, said, the field focused; the file as it was
    press(CTRL, Qt.Key.Key_S)
    assert listed.read_text(encoding="utf-8") == LISTED_TEXT
    assert _status(window).startswith("Not saved: aliases: line 2: a list item")
    assert QApplication.focusWidget() is aliases.text
    # another article: asked; Save is refused the same way and the form stays
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.SAVE)
    window.show_article(RIVER)
    assert window.reader.current == LISTED and form.rel == LISTED
    assert listed.read_text(encoding="utf-8") == LISTED_TEXT
    assert aliases.text.toPlainText() == "- /old/listed/\n- "  # kept as typed
    # the item typed: saved as typed
    qtbot.keyClicks(aliases.text, "/older/listed/")
    assert aliases.error is None
    press(CTRL, Qt.Key.Key_S)
    saved = listed.read_text(encoding="utf-8")
    assert "  - /old/listed/\n  - /older/listed/\n" in saved and "null" not in saved


def test_null_typed_is_a_null_item_and_an_empty_value_in_a_mapping_is_refused(
    qtbot, listed, opened
):
    window = opened
    form = open_form(qtbot, window, LISTED)
    aliases = form.editors["aliases"]
    _type_in(qtbot, aliases.text, "\n- null")
    assert aliases.error is None
    assert form.edit.diff.value("aliases") == ["/old/listed/", None]  # asked for: kept
    aliases.text.setPlainText("path: /old/\nnote: ")
    assert aliases.error == "line 2: “note:” has no value: type its value, or null for none"
    aliases.text.setPlainText("path: /old/\nnote: ~")
    assert aliases.error is None
    assert form.edit.diff.value("aliases") == {"path": "/old/", "note": None}
    aliases.text.setPlainText("")  # the whole value emptied: null, as before
    assert aliases.error is None and form.edit.diff.value("aliases") is None


def test_an_empty_list_item_stays_as_typed_through_undo_and_redo(qtbot, listed, opened):
    form = open_form(qtbot, opened, LISTED)
    aliases = form.editors["aliases"]
    _type_in(qtbot, aliases.text, "\n- ")
    press(CTRL)  # undo: the typing that does not parse is a step first
    assert aliases.text.toPlainText() == "- /old/listed/" and not form.is_modified()
    press(CTRL | SHIFT)
    assert form.editors["aliases"].text.toPlainText() == "- /old/listed/\n- "
    assert form.editors["aliases"].error is not None
    assert form.edit.diff.value("aliases") == ["/old/listed/"]


def test_a_key_added_to_a_long_form_is_scrolled_into_view(qtbot, opened):
    # the new field had the keyboard below the part of the form in view
    window = opened
    window.resize(1000, 500)
    form = open_form(qtbot, window)
    for n in range(12):
        form.add_key(f"extra{n:02d}")
    form.fields_scroll.verticalScrollBar().setValue(0)
    focus(qtbot, form.new_key)
    qtbot.keyClicks(form.new_key, "subtitle")
    qtbot.keyClick(form.new_key, Qt.Key.Key_Return)
    editor = form.editors["subtitle"]
    assert form.fields_scroll.verticalScrollBar().value() > 0
    assert _in_view(form, editor) and editor.isAncestorOf(QApplication.focusWidget())


def test_the_refusal_leaves_the_status_bar_once_the_input_is_corrected(qtbot, opened, library_copy):
    # (review) "Not saved: date: Not a date: …" stayed in the status bar
    # after the date was corrected, saying what no longer held
    window = opened
    form = open_form(qtbot, window)
    date = type_bad_date(qtbot, form)
    form.save_button.click()
    assert _status(window).startswith("Not saved: date: ")
    focus(qtbot, date.text)
    date.text.selectAll()
    qtbot.keyClicks(date.text, "2021-02-28 10:00:00")
    assert not form.problems()
    assert _status(window) == ""
    # another message said since is not taken back
    date.text.selectAll()
    qtbot.keyClicks(date.text, BAD)
    form.save_button.click()
    window.show_status("Something else", 0)
    date.text.selectAll()
    qtbot.keyClicks(date.text, "2021-02-28 10:00:00")
    assert _status(window) == "Something else"
