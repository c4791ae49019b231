"""The Preferences dialog, the side-panel slot, and offline copies."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel

from reader.ui.preferences import PreferencesDialog


def test_preferences_dialog_saves_what_was_chosen(qtbot, settings):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.theme.currentData() == "system"
    dialog.theme.setCurrentIndex(dialog.theme.findData("sepia"))
    dialog.remote.setCurrentIndex(dialog.remote.findData("never"))
    dialog.hosts.setPlainText("Images.Example.org\n  cdn.example.net \n")
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.font_size.setValue(14)
    dialog.accept()
    assert settings.get("theme") == "sepia"
    assert settings.get("remote_images") == "never"
    assert settings.get("allowed_hosts") == ["cdn.example.net", "images.example.org"]
    assert settings.get("language") == "zh_CN"
    assert settings.get("font_size") == 14


def test_the_font_size_is_default_or_a_readable_size(qtbot, settings, window):
    # 1 pt was allowed, and made the article a speck in the middle of the pane
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    box = dialog.font_size
    assert box.value() == 0 and box.text() == "Default"
    box.stepBy(1)
    assert box.value() == 6  # from Default, the smallest readable size
    box.stepBy(-1)
    assert box.value() == 0
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "2")
    box.editingFinished.emit()
    assert box.value() == 6
    box.setValue(300)
    assert box.value() == 48
    # a settings file that says 1 (by hand, or an older build) is read as 6
    settings.set("font_size", 1)
    assert window.render_options()["font_size"] == 6


def test_reader_has_room_for_a_side_panel(window):
    assert window.reader.splitter.count() == 1  # the form is built when first needed
    form = window.editing.form
    assert window.reader.splitter.widget(1) is form  # the front-matter form
    panel = QLabel("another panel")
    window.reader.add_side_panel(panel)
    assert window.reader.splitter.count() == 3
    assert window.reader.splitter.widget(2) is panel


def test_make_article_available_offline_runs_in_the_background(qtbot, window, library_copy):
    (library_copy / "remote.md").write_text(
        "---\ntitle: Remote picture\n---\n\n![a](https://127.0.0.1:9/picture.png)\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "remote.md")
    window.offline_article()
    # Started, not finished: the progress bar says so until the task reports.
    assert not window.progress.isHidden()
    assert window.progress.format().startswith("Offline")
    assert "Offline:" not in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "Offline:" in window.statusBar().currentMessage(), timeout=20000)
    qtbot.waitUntil(lambda: not window.offline.busy(), timeout=20000)
    message = window.statusBar().currentMessage()
    assert "1 failed" in message  # nothing listens on port 9
    assert window.progress.isHidden()


def test_offline_copies_take_the_pictures_a_site_shortcode_shows(qtbot, window, library_copy):
    # the pictures were looked for in the article rendered without its site:
    # a Hugo figure's picture was never asked for ("0 failed", nothing made)
    site = library_copy / "site"
    (site / "content").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "H"\n', encoding="utf-8")
    (site / "content" / "fig.md").write_text(
        '---\ntitle: Figure\n---\n\n{{< figure src="https://127.0.0.1:9/figure.png" >}}\n',
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "site/content/fig.md")
    window.offline_article()
    qtbot.waitUntil(lambda: "Offline:" in window.statusBar().currentMessage(), timeout=20000)
    qtbot.waitUntil(lambda: not window.offline.busy(), timeout=20000)
    assert "1 failed" in window.statusBar().currentMessage()  # asked for: nothing listens on 9


def test_the_font_box_shows_the_font_in_use_and_keeps_the_default_unset(qtbot, settings):
    from reader.ui.preferences import default_family

    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.font_family.currentText()  # not empty
    # the font articles are read in: the theme's first installed one
    assert dialog.font_family.currentText() == default_family(settings.get("theme"))
    dialog.accept()
    assert settings.get("font_family") == ""  # the default stays "the default"
    family = next(f for f in QFontDatabase.families() if f != dialog.font_family.currentText())
    settings.set("font_family", family)
    chosen = PreferencesDialog(settings)
    qtbot.addWidget(chosen)
    assert chosen.font_family.currentText() == family


def test_the_dialog_says_the_language_applies_at_once(qtbot, settings):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("applies at once" in text for text in notes)
    assert not any("restart" in text for text in notes)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_new_language_applies_live(qtbot, qapp, opened, library_copy):
    from PySide6.QtCore import QTranslator

    window = opened
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("_posts/river-walk.md")
    window.settings.set("language", "zh_CN")
    try:
        successor = window.reopen()
        assert successor is not None
        qtbot.addWidget(successor)
        qtbot.waitUntil(lambda: successor.reader.current == "_posts/river-walk.md", timeout=20000)
        titles = [action.text() for action in successor.menuBar().actions()]
        assert titles[0] == "文件(&F)"
        assert successor.library.root == window_root(library_copy)
        assert not window.isVisible()
        successor.session.close()
    finally:
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)


def window_root(path):
    return path.resolve()


def _reopen_in_chinese(qtbot, qapp, window):
    from PySide6.QtCore import QTranslator

    window.settings.set("language", "zh_CN")
    successor = window.reopen()
    if successor is not None:
        qtbot.addWidget(successor)

    def restore():
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)

    return successor, restore


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_form_and_its_unsaved_edits_stay_open_in_the_new_language(
    qtbot, qapp, opened, monkeypatch
):
    from reader.ui.form import dialogs

    window = opened
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("_posts/river-walk.md")
    window.editing.toggle_form(True)
    title = window.editing.form.editors["title"]
    title.line.setText("Changed")
    title.line.textEdited.emit("Changed")
    assert window.editing.form.is_modified()

    def ask(parent, name):
        raise AssertionError("nothing to ask: the edits go with the window")

    monkeypatch.setattr(dialogs, "ask_unsaved", ask)
    successor, restore = _reopen_in_chinese(qtbot, qapp, window)
    try:
        assert successor is not None
        form = successor.editing.form
        qtbot.waitUntil(
            lambda: form.rel == "_posts/river-walk.md" and form.is_modified(), timeout=20000
        )
        assert not form.isHidden()
        assert successor.editing.form_action.isChecked()
        assert form.edit.diff.value("title") == "Changed"
        assert form.editors["title"].line.text() == "Changed"
        assert successor.isWindowModified()
        assert not window.isVisible()
        successor.session.close()
    finally:
        restore()
        monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.DISCARD)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_open_form_without_edits_stays_open_in_the_new_language(qtbot, qapp, opened):
    window = opened
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("_posts/river-walk.md")
    window.editing.toggle_form(True)
    successor, restore = _reopen_in_chinese(qtbot, qapp, window)
    try:
        assert successor is not None
        qtbot.waitUntil(
            lambda: successor.editing.form_rel() == "_posts/river-walk.md", timeout=20000
        )
        form = successor.editing.form
        assert not form.isHidden() and not form.is_modified()
        successor.session.close()
    finally:
        restore()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_input_that_does_not_parse_keeps_the_window_in_its_language(qtbot, qapp, opened):
    window = opened
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("_posts/river-walk.md")
    window.editing.toggle_form(True)
    form = window.editing.form
    form.tabs.setCurrentIndex(1)
    form.raw.setPlainText("title: [unclosed\n")  # typed in the Raw tab, kept only there
    assert form.problems()
    successor, restore = _reopen_in_chinese(qtbot, qapp, window)
    try:
        assert successor is None and window.successor is None
        assert not form.isHidden() and form.is_modified()
        assert form.raw.toPlainText() == "title: [unclosed\n"
    finally:
        restore()
