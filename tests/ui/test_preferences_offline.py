"""The Preferences dialog, the side-panel slot, and offline copies."""

from __future__ import annotations

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
