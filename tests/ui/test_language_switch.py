"""Changing the language while the form holds edits: they go to the new
window with their undo steps and the tab shown, even when the article's file
went away meanwhile; a change that cannot be made now says why."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.ui.form import dialogs

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

RIVER = "_posts/river-walk.md"
TITLE = "沿着小河走到入海口"


def _form(qtbot, window, rel=RIVER):
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    window.editing.toggle_form(True)
    return window.editing.form


def _edit(form, key, value):
    line = form.editors[key].line
    line.setText(value)
    line.textEdited.emit(value)


def _reopen(qtbot, window):
    successor = window.change_language()
    assert successor is not None
    qtbot.addWidget(successor)
    return successor


def test_edits_of_a_file_that_went_away_go_to_the_new_window(
    qtbot, opened, library_copy, chinese, monkeypatch
):
    form = _form(qtbot, opened)
    _edit(form, "title", "Changed")
    (library_copy / RIVER).rename(library_copy / "moved-away.md")  # a sync tool, say
    monkeypatch.setattr(
        dialogs, "ask_unsaved", lambda *_: pytest.fail("nothing to ask: the edits go along")
    )
    successor = _reopen(qtbot, opened)
    try:
        new_form = successor.editing.form
        assert new_form.rel == RIVER and not new_form.isHidden()
        assert new_form.is_modified() and new_form.edit.diff.value("title") == "Changed"
        assert new_form.editors["title"].line.text() == "Changed"
        assert successor.isWindowModified()
        # the new window tries to show the article and says why it cannot
        qtbot.waitUntil(lambda: "river-walk.md" in successor.reader.message, timeout=20000)
        assert successor.reader.current is None
        assert new_form.rel == RIVER and not new_form.isHidden()
        assert new_form.is_modified() and new_form.edit.diff.value("title") == "Changed"
        # saving says the file went away and offers to write it again; declined,
        # the edits stay
        offered = []
        monkeypatch.setattr(
            dialogs, "confirm", lambda parent, title, text: offered.append(text) or False
        )
        assert not successor.editing.save()
        assert offered and "已不在磁盘上" in offered[0]  # (the window is in Chinese)
        assert new_form.is_modified()
        # closing asks, as it always does with unsaved edits
        asked = []
        monkeypatch.setattr(
            dialogs, "ask_unsaved", lambda parent, name: asked.append(name) or dialogs.CANCEL
        )
        assert not successor.close()
        assert asked == [RIVER] and successor.isVisible()
    finally:
        monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.DISCARD)
        successor.session.close()


def test_the_undo_steps_and_the_tab_go_to_the_new_window(qtbot, opened, chinese):
    form = _form(qtbot, opened)
    _edit(form, "title", "First")
    _edit(form, "author", "Someone")
    form.undo_stack.undo()  # the author again; redo would bring "Someone" back
    form.tabs.setCurrentIndex(1)
    assert 'title: "First"' in form.raw_text()
    successor = _reopen(qtbot, opened)
    try:
        new_form = successor.editing.form
        qtbot.waitUntil(lambda: successor.reader.current == RIVER, timeout=20000)
        assert new_form.tabs.currentIndex() == 1
        assert 'title: "First"' in new_form.raw_text()
        stack = new_form.undo_stack
        assert (stack.count(), stack.index()) == (2, 1)
        # named in the new window's language (it said "撤销 Edit title")
        assert [stack.text(n) for n in range(2)] == ["编辑 title", "编辑 author"]
        assert successor.editing.undo_action.isEnabled()
        assert successor.editing.redo_action.isEnabled()
        stack.redo()
        assert new_form.edit.diff.value("author") == "Someone"
        stack.undo()
        stack.undo()
        assert new_form.edit.diff.value("title") == TITLE and not new_form.is_modified()
        stack.redo()
        assert new_form.edit.diff.value("title") == "First"
    finally:
        successor.session.close()


def test_a_language_change_that_cannot_be_made_now_says_why(
    qtbot, opened, settings, chinese, monkeypatch
):
    form = _form(qtbot, opened)
    form.tabs.setCurrentIndex(1)
    form.raw.setPlainText("title: [unclosed\n")  # typed in the Raw tab, kept only there
    told = []
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: told.append((title, text)))
    assert opened.change_language() is None
    assert opened.successor is None and not opened.editing.form.isHidden()
    assert form.raw_text() == "title: [unclosed\n"  # nothing lost
    assert len(told) == 1
    title, text = told[0]
    assert title == "Language Not Changed"
    assert "does not parse" in text and "next start" in text
    assert form.problems()[0] in text  # which input: the Raw tab's, and its error
    assert "next start" in opened.statusBar().currentMessage()

    # corrected, the language chosen before applies the next time the
    # preferences are confirmed (the setting is the new language already)
    from reader.ui.preferences import PreferencesDialog

    monkeypatch.setattr(PreferencesDialog, "exec", lambda dialog: True)
    form.raw.setPlainText(form.edit.front_text())
    assert not form.problems()
    opened.show_preferences()
    successor = opened.successor
    assert successor is not None and len(told) == 1
    qtbot.addWidget(successor)
    try:
        assert successor.menuBar().actions()[0].text() == "文件(&F)"
    finally:
        successor.session.close()


def _commit_input(widget, text):
    """``text`` committed by an input method (as Chinese is typed)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_the_new_key_typed_and_the_keyboard_go_to_the_new_window(qtbot, opened, chinese):
    form = _form(qtbot, opened)
    opened.show()
    qtbot.waitExposed(opened)
    opened.activateWindow()
    _edit(form, "title", "Changed")
    form.new_key.setFocus()
    qtbot.waitUntil(form.new_key.hasFocus, timeout=5000)
    qtbot.keyClicks(form.new_key, "sub")
    _commit_input(form.new_key, "标题")  # typed, Add Key not pressed yet
    successor = _reopen(qtbot, opened)
    try:
        new_form = successor.editing.form
        assert new_form.new_key.text() == "sub标题"
        assert new_form.edit.diff.value("title") == "Changed"
        assert new_form.window().focusWidget() is new_form.new_key  # to go on typing
        successor.activateWindow()
        qtbot.waitUntil(new_form.new_key.hasFocus, timeout=5000)
        qtbot.keyClick(new_form.new_key, Qt.Key.Key_Return)
        assert "sub标题" in new_form.editors and new_form.new_key.text() == ""
    finally:
        successor.session.close()


def test_the_new_key_typed_in_an_unchanged_form_goes_along_too(qtbot, opened, chinese):
    form = _form(qtbot, opened)
    form.new_key.setText("subtitle")
    assert not form.is_modified()
    successor = _reopen(qtbot, opened)
    try:
        assert successor.editing.form.new_key.text() == "subtitle"
    finally:
        successor.session.close()


def test_the_search_typed_and_its_group_go_to_the_new_window(qtbot, opened, chinese):
    group = opened.nav_model.find(("category", "旅行"))
    assert group.isValid()
    opened.tree.setCurrentIndex(group)
    qtbot.waitUntil(lambda: opened.node_key == ("category", "旅行"), timeout=20000)
    opened.search_field.setText("海鸥")
    qtbot.keyClick(opened.search_field, Qt.Key.Key_Return)

    def searched(window) -> bool:
        # (waited for as a state, not as a signal: the group's own listing, or
        # a refresh's, may fill the list between the search and its results)
        search = window.list_pane.search
        return (
            search is not None
            and search.scope == {"category": ("旅行",)}
            and window.list_model.paths() == [RIVER]
        )

    qtbot.waitUntil(lambda: searched(opened), timeout=20000)
    successor = _reopen(qtbot, opened)
    try:
        assert successor.search_field.text() == "海鸥"
        qtbot.waitUntil(lambda: searched(successor), timeout=20000)
        assert successor.node_key == ("category", "旅行")
    finally:
        successor.session.close()


def test_a_selected_saved_search_stays_selected_in_the_new_window(qtbot, opened, chinese):
    """The saved searches come into the tree after the groups: the new window
    looked for the selected one among the groups alone, and showed All
    articles instead."""
    from reader.ui.saved_searches import KIND

    qtbot.waitUntil(lambda: opened.saved_searches.searches is not None, timeout=20000)
    search = opened.saved_searches.searches.add("Gulls", "海鸥")
    opened.saved_searches.poll()
    key = (KIND, search.id)
    qtbot.waitUntil(lambda: opened.nav_model.find(key).isValid(), timeout=20000)
    opened.tree.setCurrentIndex(opened.nav_model.find(key))
    qtbot.waitUntil(lambda: opened.list_model.paths() == [RIVER], timeout=20000)
    successor = _reopen(qtbot, opened)
    try:
        qtbot.waitUntil(lambda: successor.node_key == key, timeout=20000)
        qtbot.waitUntil(lambda: successor.list_model.paths() == [RIVER], timeout=20000)
        current = successor.tree.currentIndex()
        assert successor.nav_model.node(current).key == key
    finally:
        successor.session.close()
