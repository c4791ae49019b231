"""The form as a person meets it: markers that survive adding a key, Tab that
never lands on a remove button, Remove This Key from the keyboard, the time
zone of a date, a "/" inside a category name, and labels that are not clipped."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

RIVER = "_posts/river-walk.md"


def _form(qtbot, window, rel=RIVER):
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    window.editing.toggle_form(True)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window.editing.form


def _marked(form, key):
    return form.labels[key].text().startswith("●")


def test_adding_a_key_keeps_the_changed_markers_of_other_fields(qtbot, opened):
    form = _form(qtbot, opened)
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
    form = _form(qtbot, opened)
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


def test_remove_this_key_from_the_keyboard(qtbot, opened):
    form = _form(qtbot, opened)
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
    form = _form(qtbot, window)
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
    form = _form(qtbot, window)
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
    form = _form(qtbot, window)
    qtbot.waitUntil(lambda: form.width() > 0, timeout=5000)
    scroll = form.fields_scroll
    assert scroll.horizontalScrollBar().maximum() == 0  # nothing scrolls sideways
    for label in form.fields_scroll.widget().findChildren(QLabel):
        if label.objectName().startswith("label-"):
            assert label.width() >= label.sizeHint().width(), label.text()


def test_saving_keeps_the_focus_in_the_field_being_edited(qtbot, opened, library_copy):
    window = opened
    form = _form(qtbot, window)
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
