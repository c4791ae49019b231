"""The form as a person meets it: markers that survive adding a key, Tab that
never lands on a remove button, Remove This Key from the keyboard, the time
zone of a date, a "/" inside a category name, labels that are not clipped,
the window's shortcuts inside a field, and undo wherever the focus is."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QToolButton

from reader.ui.form import dialogs
from tests.ui.formhelpers import RIVER, focus, open_form

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _marked(form, key):
    return form.labels[key].text().startswith("●")


def test_adding_a_key_keeps_the_changed_markers_of_other_fields(qtbot, opened):
    form = open_form(qtbot, opened)
    title = form.editors["title"]
    title.line.setText("新的标题")
    title.line.textEdited.emit("新的标题")
    assert _marked(form, "title")
    form.new_key.setText("layout")
    form.add_button.click()
    assert "layout" in form.editors
    assert _marked(form, "title"), "the title is still changed"
    assert _marked(form, "layout")
    assert not _marked(form, "author")
    form.remove_key("comments")
    assert _marked(form, "title") and _marked(form, "layout")


def test_tab_goes_from_field_to_field_never_to_a_remove_button(qtbot, opened):
    form = open_form(qtbot, opened)
    title = form.editors["title"].line
    title.setFocus()
    qtbot.waitUntil(title.hasFocus, timeout=5000)
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and not focused.objectName().startswith("remove-")
    assert form.editors["date"].isAncestorOf(focused)  # the next field
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert "title" in form.editors and "date" in form.editors  # nothing removed
    for key in form.editors:
        button = form.fields_scroll.widget().findChild(QToolButton, f"remove-{key}")
        assert button is not None and button.focusPolicy() == Qt.FocusPolicy.NoFocus


def _tab_stops(start, count):
    """The next ``count`` Tab stops after ``start``, once round at most."""
    stops, widget = [], start
    for _ in range(2000):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            stops.append(widget)
            if len(stops) == count:
                break
    return stops


def test_tab_goes_through_the_fields_before_new_key_and_the_buttons(qtbot, opened):
    # New key and Add Key (under the fields) came right after the tab bar
    form = open_form(qtbot, opened)
    form.add_key("subtitle")  # (fields made again: the order is kept)
    fields = form.fields_scroll.widget()
    stops = _tab_stops(form.tabs.tabBar(), 60)
    inside = [n for n, w in enumerate(stops) if fields.isAncestorOf(w)]
    after = stops[inside[-1] + 1 : inside[-1] + 6]
    assert inside == list(range(inside[0], inside[-1] + 1))  # the fields together
    assert after == [
        form.new_key,
        form.add_button,
        form.save_button,
        form.revert_button,
        form.changes_button,
    ]
    assert form.new_key not in stops[: inside[0]]


def test_remove_this_key_from_the_keyboard(qtbot, opened):
    form = open_form(qtbot, opened)
    author = form.editors["author"].line
    author.setFocus()
    qtbot.waitUntil(author.hasFocus, timeout=5000)
    assert form.remove_key_action.shortcut().toString() == "Ctrl+Shift+Del"
    qtbot.keyClick(
        author,
        Qt.Key.Key_Delete,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert "author" not in form.editors
    assert "-author: '许安'" in form.edit.diff_text()
    focused = QApplication.focusWidget()
    assert focused is not None and form.editors["categories"].isAncestorOf(focused)
    form.undo_stack.undo()
    assert "author" in form.editors


def test_the_time_zone_of_a_date_can_be_changed(qtbot, opened, library_copy):
    window = opened
    form = open_form(qtbot, window)
    editor = form.editors["date"]
    assert editor.zone.currentText() == "UTC+08:00"
    index = editor.zone.findText("UTC+09:00")
    assert index >= 0
    editor.zone.setCurrentIndex(index)
    editor.zone.activated.emit(index)
    assert form.edit.diff.value("date") == datetime(
        2021, 10, 3, 10, 0, tzinfo=timezone(timedelta(hours=9))
    )
    assert window.editing.save()
    assert "date: 2021-10-03 10:00:00 +0900\n" in (library_copy / RIVER).read_text("utf-8")
    floating = editor.zone.findData(None)
    assert editor.zone.itemText(floating) == "no time zone"


def test_a_slash_inside_a_category_name_is_typed_escaped(qtbot, opened, library_copy):
    window = opened
    form = open_form(qtbot, window)
    categories = form.editors["categories"]
    line = categories.rows[0]
    assert "\\/" in line.toolTip()
    line.setText("旅行 / ")  # keyClicks cannot type CJK
    line.setFocus()
    line.end(False)
    qtbot.keyClicks(line, "A\\/B")
    assert categories.paths() == [["旅行", "A/B"]]
    assert window.editing.save()
    assert 'categories: ["旅行", "A/B"]' in (library_copy / RIVER).read_text("utf-8")


def test_the_form_labels_are_not_clipped_at_its_default_width(qtbot, opened):
    window = opened
    window.resize(1366, 768)
    form = open_form(qtbot, window)
    qtbot.waitUntil(lambda: form.width() > 0, timeout=5000)
    scroll = form.fields_scroll
    assert scroll.horizontalScrollBar().maximum() == 0  # nothing scrolls sideways
    for label in form.fields_scroll.widget().findChildren(QLabel):
        if label.objectName().startswith("label-"):
            assert label.width() >= label.sizeHint().width(), label.text()


def test_saving_keeps_the_focus_in_the_field_being_edited(qtbot, opened, library_copy):
    window = opened
    form = open_form(qtbot, window)
    author = form.editors["author"]
    author.setFocus()
    qtbot.waitUntil(lambda: form.focused_key() == "author", timeout=5000)
    line = QApplication.focusWidget()
    line.end(False)
    qtbot.keyClicks(line, "X")
    qtbot.keyClick(line, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Save
    qtbot.waitUntil(lambda: not form.is_modified(), timeout=5000)
    assert "许安X" in (library_copy / RIVER).read_text("utf-8")
    assert form.focused_key() == "author"  # not thrown to the tree
    qtbot.keyClicks(QApplication.focusWidget(), "Y")  # typing goes on where it was
    assert form.edit.diff.value("author") == "许安XY"


class _X11LineEdit(QLineEdit):
    """A line edit with X11's emacs-like bindings, which the offscreen platform
    (Windows bindings) does not have: Ctrl+U deletes the line, Ctrl+E goes to
    its end, Ctrl+K deletes to the end.  It claims those keys before the
    window's shortcuts, as a real one does on X11."""

    KEYS = (Qt.Key.Key_U, Qt.Key.Key_E, Qt.Key.Key_K)

    def _emacs(self, event) -> bool:
        return event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in self.KEYS

    def event(self, event):
        if event.type() == QEvent.Type.ShortcutOverride and self._emacs(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event):
        if self._emacs(event):
            if event.key() == Qt.Key.Key_E:
                self.end(False)
            elif event.key() == Qt.Key.Key_U:
                self.clear()
            else:
                self.del_()
            return
        super().keyPressEvent(event)


def test_the_windows_shortcuts_win_in_a_form_field(qtbot, opened):
    """Ctrl+U (Edit Source) and Ctrl+E (Edit Front Matter) in a field run the
    window's actions and leave the text alone, also where the platform's own
    line-edit bindings claim those keys (X11: Ctrl+U deletes the line)."""
    window = opened
    form = open_form(qtbot, window)
    title = form.editors["title"].line
    x11 = _X11LineEdit("an X11 line", form.editors["title"])
    x11.show()
    for line, text in ((title, "沿着小河走到入海口"), (x11, "an X11 line")):
        focus(qtbot, line)
        line.setCursorPosition(2)
        qtbot.keyClick(line, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
        editor = window.editing.source_editor
        assert editor is not None and editor.isVisible(), "Ctrl+U opens the source editor"
        assert line.text() == text and line.cursorPosition() == 2
        editor.reject()
        qtbot.waitUntil(lambda: window.editing.source_editor is None, timeout=5000)
        window.activateWindow()
        focus(qtbot, line)
        qtbot.keyClick(line, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        assert form.isHidden(), "Ctrl+E hides the form"
        assert line.text() == text and line.cursorPosition() == 2
        window.editing.toggle_form(True)
    assert not form.is_modified()


def test_ctrl_delete_in_a_field_deletes_a_word_and_never_asks_to_trash(qtbot, opened, monkeypatch):
    """Ctrl+Delete is Move to Trash, but in a text field it deletes the next
    word, as in every text field."""
    window = opened
    form = open_form(qtbot, window)
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text))
    line = form.editors["title"].line
    focus(qtbot, line)
    line.setText("one two three")
    line.setCursorPosition(4)
    qtbot.keyClick(line, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert asked == []
    assert line.text() == "one three"


def test_a_disabled_window_shortcut_does_not_reach_the_field(qtbot, opened):
    """While the window's action on a key is disabled the key does nothing in a
    field either: a key never means one thing here and another there."""
    window = opened
    form = open_form(qtbot, window)
    x11 = _X11LineEdit("an X11 line", form.editors["title"])
    x11.show()
    focus(qtbot, x11)
    action = window.findChild(QAction, "editSource")
    action.setEnabled(False)
    try:
        qtbot.keyClick(x11, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    finally:
        action.setEnabled(True)
    assert x11.text() == "an X11 line" and window.editing.source_editor is None
    qtbot.keyClicks(x11, "!")  # typing still goes to the field
    assert x11.text() == "an!X11 line" or x11.text().endswith("!")


def test_undo_and_redo_are_the_forms_wherever_its_focus_is(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    title, author = form.editors["title"].line, form.editors["author"].line
    focus(qtbot, title)
    title.selectAll()
    qtbot.keyClicks(title, "New")
    assert form.edit.diff.value("title") == "New"
    focus(qtbot, author)  # another field than the one edited
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(author, Qt.Key.Key_Z, ctrl)
    assert form.edit.diff.value("title") == "沿着小河走到入海口" and not form.is_modified()
    assert title.text() == "沿着小河走到入海口" and author.text() == "许安"
    qtbot.keyClick(author, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert form.edit.diff.value("title") == "New" and title.text() == "New"
    qtbot.keyClick(author, Qt.Key.Key_Z, ctrl)
    qtbot.keyClick(author, Qt.Key.Key_Y, ctrl)
    assert form.edit.diff.value("title") == "New" and title.text() == "New"
    # in the field edited too, the form's undo (not the line edit's own, which
    # changed the text behind the form's back)
    focus(qtbot, title)
    qtbot.keyClick(title, Qt.Key.Key_Z, ctrl)
    assert form.edit.diff.value("title") == title.text() == "沿着小河走到入海口"
    # in a field that is not a line edit (the new-key box, the tags entry)
    for widget in (form.new_key, form.editors["tags"].entry):
        focus(qtbot, widget)
        qtbot.keyClick(widget, Qt.Key.Key_Y, ctrl)
        assert form.edit.diff.value("title") == "New"
        qtbot.keyClick(widget, Qt.Key.Key_Z, ctrl)
        assert form.edit.diff.value("title") == "沿着小河走到入海口"
    # the Raw tab, with no typing of its own to undo, undoes the form's edit
    qtbot.keyClick(widget, Qt.Key.Key_Y, ctrl)
    form.tabs.setCurrentIndex(1)
    focus(qtbot, form.raw)
    assert 'title: "New"' in form.raw_text()
    qtbot.keyClick(form.raw, Qt.Key.Key_Z, ctrl)
    assert form.edit.diff.value("title") == "沿着小河走到入海口"
    assert 'title: "沿着小河走到入海口"' in form.raw_text()


def test_undoing_a_removed_key_keeps_the_focus_in_the_form(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    author = form.editors["author"].line
    focus(qtbot, author)
    qtbot.keyClick(
        author,
        Qt.Key.Key_Delete,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert "author" not in form.editors and form.focused_key() == "categories"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "author" in form.editors
    assert form.focused_key() == "categories"  # Ctrl+Z again would undo again
    assert not form.is_modified()


def test_the_menu_and_the_readme_name_the_same_redo_keys(window):
    from pathlib import Path

    redo = window.findChild(QAction, "redoEdit")
    keys = [key.toString() for key in redo.shortcuts()]
    assert keys[:2] == ["Ctrl+Shift+Z", "Ctrl+Y"]  # the menu shows the first
    assert window.findChild(QAction, "undoEdit").shortcut().toString() == "Ctrl+Z"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y, " in readme


def test_tab_from_the_tab_bar_lands_on_the_first_field(qtbot, opened):
    # the scroll area around the fields took a Tab stop of its own, showing nothing
    form = open_form(qtbot, opened)
    fields = form.fields_scroll.widget()
    first = next(w for w in _tab_stops(form.tabs.tabBar(), 60) if w is not form.fields_note)
    assert fields.isAncestorOf(first), first


@pytest.mark.parametrize("came_from", ["list", "reader"])
def test_hiding_the_form_gives_the_focus_back_where_it_was(qtbot, opened, came_from):
    # Ctrl+E from a field put the focus in the tree (the next in Qt's chain)
    window = opened
    form = open_form(qtbot, window)
    window.editing.form_action.trigger()  # (hidden, to be shown from the list or the article)
    window.list_pane.select_listed(RIVER)
    start = window.list_pane.list_view if came_from == "list" else window.reader.browser
    focus(qtbot, start)
    window.editing.form_action.trigger()  # (Ctrl+E) shown: the title field has the focus
    qtbot.waitUntil(lambda: form.isAncestorOf(QApplication.focusWidget()), timeout=5000)
    window.editing.form_action.trigger()  # hidden again
    assert form.isHidden()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=5000)
