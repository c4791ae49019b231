"""Typed input that does not parse (a date's text, the Raw tab's) is never
lost by another operation of the form, through the real widgets: Keep Mine
when the file changed on disk keeps it as typed (and the conflict dialog
says so); Remove This Key, a day picked from the calendar, a tag added or
Move to Category keep it as a step, so undo gives it back; after undo, redo
and Revert the keyboard focus stays in the form, so the next Ctrl+Z works;
Save can be used again once the field with the error is gone; an empty date
says so."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.ui.form import dialogs
from tests.ui.formhelpers import (
    BAD,
    CTRL,
    DATE,
    RIVER,
    SHIFT,
    cursor_after,
    focus,
    open_form,
    redo,
    type_bad_date,
    undo,
)

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing)"  # offscreen
)


def _save_action(window):
    return window.editing.save_action


# -- Keep Mine ---------------------------------------------------------------------------


def test_keep_mine_keeps_the_raw_text_and_the_date_typed_as_they_are(
    qtbot, opened, library_copy, monkeypatch
):
    window = opened
    form = open_form(qtbot, window)
    type_bad_date(qtbot, form)
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, ": [oops")
    typed = form.raw_text()
    assert form.fields_locked() and len(form.problems()) == 2
    notes = []

    def ask(parent, name, diff, note=""):
        notes.append(note)
        return dialogs.MINE

    monkeypatch.setattr(dialogs, "ask_conflict", ask)
    path = library_copy / RIVER
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        path.write_bytes(path.read_bytes().replace("author: '许安'".encode(), b"author: 'Xu'"))
    assert len(notes) == 1 and "Keep Mine keeps it" in notes[0]  # the dialog says so
    assert form.edit.original.raw == path.read_bytes()  # rebased on the new file
    # the text typed stays, with its error (the fields stay locked); the other
    # program's change to a line not typed over is taken into it
    merged = typed.replace("author: '许安'", "author: 'Xu'")
    assert merged != typed and form.raw_text() == merged and form.tabs.currentIndex() == 1
    assert form.fields_locked() and form.fields_note.isVisibleTo(form.tabs.widget(0))
    assert any(problem.startswith("Raw: ") for problem in form.problems())
    assert form.editors["date"].text.text() == BAD
    # undo shows the edit's own text (their author in it); redo the typing again
    focus(qtbot, form.raw)
    undo()
    assert ": [oops" not in form.raw_text() and "author: 'Xu'" in form.raw_text()
    assert not form.fields_locked()
    redo()
    assert form.raw_text() == merged and form.fields_locked()


def _keep_mine_after(qtbot, window, monkeypatch, path, old, new):
    """The file changed by another program (``old`` replaced by ``new``) and
    Keep Mine chosen in the conflict dialog."""
    monkeypatch.setattr(dialogs, "ask_conflict", lambda *args, **kwargs: dialogs.MINE)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        path.write_bytes(path.read_bytes().replace(old.encode(), new.encode()))


def test_raw_text_kept_and_then_fixed_saves_the_other_programs_change_too(
    qtbot, opened, library_copy, monkeypatch
):
    window = opened
    form = open_form(qtbot, window)
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, ": [oops")
    assert form.fields_locked()
    path = library_copy / RIVER
    _keep_mine_after(qtbot, window, monkeypatch, path, "author: '许安'", "author: 'Xu'")
    for _ in ": [oops":  # the typo fixed where it was typed
        qtbot.keyClick(form.raw, Qt.Key.Key_Backspace)
    qtbot.keyClick(form.raw, Qt.Key.Key_Return)
    qtbot.keyClicks(form.raw, "summary: walked")
    assert not form.fields_locked() and not form.problems()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.is_modified(), timeout=10000)
    saved = path.read_text(encoding="utf-8")
    assert "author: 'Xu'" in saved and "许安" not in saved  # their change stays
    assert "comments: true\nsummary: walked\n" in saved  # and so does mine


def test_raw_text_typed_over_the_line_they_changed_keeps_both_marked(
    qtbot, opened, library_copy, monkeypatch
):
    window = opened
    form = open_form(qtbot, window)
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, ": [oops")
    cursor_after(qtbot, form, "author: '许安")  # typed while the text does not parse
    qtbot.keyClicks(form.raw, " and Lin")
    path = library_copy / RIVER
    _keep_mine_after(qtbot, window, monkeypatch, path, "author: '许安'", "author: 'Xu'")
    text = form.raw_text()
    mine, theirs = text.index("<<<<<<< mine (typed here)"), text.index("author: 'Xu'")
    assert mine < text.index("author: '许安 and Lin'") < text.index("=======") < theirs
    assert text.index(">>>>>>> theirs (the file now)") > theirs
    assert form.fields_locked() and form.problems()  # nothing picked for you
    assert "marked in the Raw tab" in window.statusBar().currentMessage()
    assert "conflict" in form.raw_error.text()
    assert path.read_text(encoding="utf-8").count("author:") == 1  # nothing written


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("国庆假期".encode(), b"caf\xe9"),  # a byte that is not UTF-8, in the body
        ("author: '许安'".encode(), b"author: ['Xu'"),  # their front matter does not read
    ],
)
def test_raw_text_kept_when_the_new_file_cannot_be_edited(
    qtbot, opened, library_copy, monkeypatch, old, new
):
    window = opened
    form = open_form(qtbot, window)
    cursor_after(qtbot, form, "comments: true")
    qtbot.keyClicks(form.raw, ": [oops")
    path = library_copy / RIVER
    monkeypatch.setattr(dialogs, "ask_conflict", lambda *args, **kwargs: dialogs.MINE)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        path.write_bytes(path.read_bytes().replace(old, new))
    assert not form.edit.editable and form.edit.original.raw == path.read_bytes()
    assert "comments: true: [oops" in form.raw_text()  # still there, with its error
    assert any(problem.startswith("Raw: ") for problem in form.problems())
    assert form.tabs.currentIndex() == 1


def test_the_conflict_dialog_says_nothing_more_without_typed_input(
    qtbot, opened, library_copy, monkeypatch
):
    window = opened
    form = open_form(qtbot, window)
    form.editors["title"].line.setFocus()
    qtbot.keyClicks(form.editors["title"].line, "!")
    notes = []
    monkeypatch.setattr(
        dialogs, "ask_conflict", lambda parent, name, diff, note="": notes.append(note) or "cancel"
    )
    path = library_copy / RIVER
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        path.write_bytes(path.read_bytes().replace(b"comments: true", b"comments: false"))
    assert notes == [""]


def test_the_conflict_dialog_shows_its_note(qtbot):
    from reader.core.edit.diff import ConflictDiffs

    diffs = ConflictDiffs(theirs="", mine="", merged="")
    dialog = dialogs.ConflictDialog("a.md", diffs, None, "kept as typed")
    qtbot.addWidget(dialog)
    assert dialog.note.text() == "kept as typed" and not dialog.note.isHidden()
    plain = dialogs.ConflictDialog("a.md", diffs, None)
    qtbot.addWidget(plain)
    assert plain.note.isHidden()


# -- the focus after undo, redo and Revert -----------------------------------------------


def test_the_focus_stays_in_the_form_when_undo_switches_tabs(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    type_bad_date(qtbot, form)
    cursor_after(qtbot, form, "author: ")
    qtbot.keyClicks(form.raw, "Q")
    steps = form.undo_stack.index()
    assert steps >= 2  # the date typed is a step of its own, then the Raw edit
    while form.can_undo():
        undo()
        assert form.has_focus_within(), QApplication.focusWidget()
        assert form.undo_stack.index() < steps
        steps = form.undo_stack.index()
    assert form.tabs.currentIndex() == 0  # the date's text was shown where it is
    assert form.focused_key() == "date"  # the field just changed
    assert form.editors["date"].text.text() == DATE and not form.is_modified()
    while form.can_redo():
        redo()
        assert form.has_focus_within(), QApplication.focusWidget()
    assert form.editors["date"].text.text() == BAD and "author: Q" in form.edit.front_text()


def test_revert_pressed_from_the_keyboard_leaves_the_focus_in_the_form(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    cursor_after(qtbot, form, "author: ")
    qtbot.keyClicks(form.raw, "Z")
    focus(qtbot, form.revert_button)
    qtbot.keyClick(form.revert_button, Qt.Key.Key_Space)
    assert not form.is_modified() and not form.revert_button.isEnabled()
    assert form.has_focus_within() and QApplication.focusWidget() is form.raw
    undo()
    assert form.is_modified() and "author: Z" in form.edit.front_text()
    redo()
    assert not form.is_modified()


# -- Remove This Key ---------------------------------------------------------------------


def test_remove_key_keeps_the_typed_date_for_undo_and_save_works_again(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    date = type_bad_date(qtbot, form)
    assert form.problems()
    qtbot.keyClick(date.text, Qt.Key.Key_Delete, CTRL | SHIFT)
    assert "date" not in form.editors
    assert form.problems() == [] and form.is_modified()
    assert not form.problems() and _save_action(window).isEnabled()
    assert form.has_focus_within()
    undo()
    assert form.editors["date"].text.text() == BAD and form.editors["date"].error
    assert form.problems()
    redo()
    assert "date" not in form.editors and not form.problems()
    undo()
    undo()
    assert form.editors["date"].text.text() == DATE and not form.is_modified()


def test_the_remove_button_keeps_the_typed_date_too(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    type_bad_date(qtbot, form)
    from PySide6.QtWidgets import QToolButton

    button = form.fields_scroll.widget().findChild(QToolButton, "remove-date")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "date" not in form.editors and not form.problems()
    form.undo_stack.undo()
    assert form.editors["date"].text.text() == BAD


# -- the calendar --------------------------------------------------------------------------


def test_a_day_picked_keeps_the_typed_date_for_undo(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    date = type_bad_date(qtbot, form)
    qtbot.mouseClick(date.pick, Qt.MouseButton.LeftButton)
    calendar = date.calendar
    assert calendar is not None
    qtbot.waitUntil(lambda: calendar.isVisible(), timeout=5000)
    target = QApplication.focusWidget() or calendar
    QTest.keyClick(target, Qt.Key.Key_Right)
    QTest.keyClick(target, Qt.Key.Key_Return)
    assert date.calendar is None or not date.calendar.isVisible()
    picked = form.editors["date"].text.text()
    assert picked.startswith("2021-10-04") and form.editors["date"].error is None
    assert form.problems() == [] and form.save_button.isEnabled()
    focus(qtbot, form.editors["date"].text)
    undo()
    assert form.editors["date"].text.text() == BAD and form.editors["date"].error
    redo()
    assert form.editors["date"].text.text() == picked and not form.problems()


# -- other edits while a date does not parse ---------------------------------------------


def test_a_tag_added_while_the_date_does_not_parse_keeps_redo(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    type_bad_date(qtbot, form)
    entry = form.editors["tags"].entry
    focus(qtbot, entry)
    qtbot.keyClicks(entry, "sea")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert "sea" in form.edit.diff.value("tags")
    undo()
    assert "sea" not in form.edit.diff.value("tags")
    assert form.editors["date"].text.text() == BAD  # typed before the tag: stays
    assert form.can_redo()  # the date typed before is no typing since: redo stays
    redo()
    assert "sea" in form.edit.diff.value("tags") and form.editors["date"].text.text() == BAD
    undo()
    undo()
    assert form.editors["date"].text.text() == DATE and not form.is_modified()


def test_move_to_category_keeps_the_typed_date(qtbot, opened, monkeypatch):
    window = opened
    form = open_form(qtbot, window)
    type_bad_date(qtbot, form)
    monkeypatch.setattr(
        dialogs, "ask_item", lambda parent, title, label, items, current="": "生活 / 城市"
    )
    window.editing.move_to_category()
    assert form.edit.diff.value("categories") == ["生活", "城市"]
    assert form.editors["date"].text.text() == BAD and form.problems()
    form.undo_stack.undo()
    assert form.edit.diff.value("categories") == ["旅行", "徒步"]
    assert form.editors["date"].text.text() == BAD
    form.undo_stack.undo()
    assert form.editors["date"].text.text() == DATE and not form.is_modified()


def test_add_key_keeps_the_typed_date_and_its_error(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    type_bad_date(qtbot, form)
    focus(qtbot, form.new_key)
    qtbot.keyClicks(form.new_key, "subtitle")
    qtbot.keyClick(form.new_key, Qt.Key.Key_Return)
    assert "subtitle" in form.editors
    assert form.editors["date"].text.text() == BAD and form.problems()
    undo()
    assert "subtitle" not in form.editors and form.editors["date"].text.text() == BAD
    undo()
    assert form.editors["date"].text.text() == DATE and not form.is_modified()


# -- what an empty date says ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_date_says_it_is_empty(qtbot, opened, text):
    form = open_form(qtbot, opened)
    date = form.editors["date"]
    focus(qtbot, date.text)
    date.text.selectAll()
    qtbot.keyClick(date.text, Qt.Key.Key_Delete)
    qtbot.keyClicks(date.text, text)
    assert date.error == "Empty: type a date, or remove the key"
    assert form.problems()


def test_a_time_more_precise_than_microseconds_is_not_cut(qtbot, opened):
    form = open_form(qtbot, opened)
    date = type_bad_date(qtbot, form, "2021-10-03 10:00:00.1234567")
    assert date.error.startswith("Not saved as typed: 2021-10-03 10:00:00.1")
    assert "six digits" in date.error and form.problems()
    qtbot.keyClick(date.text, Qt.Key.Key_Backspace)  # six digits: a date
    assert date.error is None and not form.problems() and form.save_button.isEnabled()


def test_a_line_break_pasted_shows_as_a_space_in_the_error(qtbot, opened):
    form = open_form(qtbot, opened)
    date = form.editors["date"]
    focus(qtbot, date.text)
    QApplication.clipboard().setText("2021-04-17\nfoo")
    date.text.selectAll()
    qtbot.keyClick(date.text, Qt.Key.Key_V, CTRL)
    assert date.error is not None
    assert "\n" not in date.error and "2021-04-17 foo" in date.error


def test_a_line_break_pasted_into_a_one_line_field_becomes_a_space(
    qtbot, opened, library_copy, monkeypatch
):
    # the field showed a space, and the file got "\n": the title became a
    # quoted YAML string, shown as a YAML box after the save
    form = open_form(qtbot, opened)
    title = form.editors["title"].line
    focus(qtbot, title)
    title.end(False)
    QApplication.clipboard().setText(" line one\nline two\r\n\u2028three")
    qtbot.keyClick(title, Qt.Key.Key_V, CTRL)
    assert title.text() == "沿着小河走到入海口 line one line two three"
    assert title.cursorPosition() == len(title.text())  # (after what was pasted)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    with qtbot.waitSignal(opened.article_shown, timeout=20000):
        _save_action(opened).trigger()
    saved = (library_copy / RIVER).read_text(encoding="utf-8")
    assert 'title: "沿着小河走到入海口 line one line two three"\n' in saved


def test_tags_pasted_one_a_line_are_added_as_several_tags(qtbot, opened):
    form = open_form(qtbot, opened)
    tags = form.editors["tags"]
    focus(qtbot, tags.entry)
    QApplication.clipboard().setText("海\n山\n")
    qtbot.keyClick(tags.entry, Qt.Key.Key_V, CTRL)
    assert tags.entry.text() == "海, 山, "
    qtbot.keyClick(tags.entry, Qt.Key.Key_Return)
    assert tags.tags[-2:] == ["海", "山"]
