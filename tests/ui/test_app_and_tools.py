"""Start-up choices, remembered window state, and the reading tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.app import _initial_target, create_window
from reader.assets import sample_library

# Shown windows make the offscreen platform say this; it is harmless.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def test_first_start_opens_a_user_copy_of_the_sample_library(settings):
    root, article = _initial_target(settings, None)
    assert article is None
    copy = Path(root)
    assert copy != sample_library() and copy.is_dir()
    installed = sorted(p.relative_to(sample_library()) for p in sample_library().rglob("*"))
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == installed
    (copy / "notes" / "old-radio.txt").write_text("edited")  # the installed file stays
    assert (sample_library() / "notes" / "old-radio.txt").read_text() != "edited"
    assert _initial_target(settings, None)[0] == root  # made once, then reused


def test_reopens_the_last_library_and_article(settings, library_copy):
    settings.set("last_library", str(library_copy))
    settings.set("last_article", "notes/afternoon-tea.md")
    assert _initial_target(settings, None) == (str(library_copy), "notes/afternoon-tea.md")


def test_a_file_opens_its_folder_with_the_article_selected(
    qtbot, settings, cache_dir, library_copy
):
    path = library_copy / "notes" / "old-radio.txt"
    assert _initial_target(settings, str(path)) == (str(library_copy / "notes"), "old-radio.txt")
    window = create_window(settings, str(path), cache_dir)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.reader.current == "old-radio.txt", timeout=20000)
    qtbot.waitUntil(lambda: window.current_article() == "old-radio.txt", timeout=10000)
    assert settings.get("last_library") == str(library_copy / "notes")
    window.close()


def test_window_state_is_remembered(qtbot, settings, cache_dir, library_copy):
    from reader.ui.main_window import MainWindow

    first = MainWindow(settings, cache_dir=cache_dir)
    qtbot.addWidget(first)
    first.resize(760, 540)  # within the 800×600 offscreen screen
    first.show()
    first.splitter.setSizes([150, 250, 350])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(settings, cache_dir=cache_dir)
    qtbot.addWidget(second)
    second.show()
    assert second.splitter.sizes() == sizes
    assert second.size() == first.size()
    second.close()


def test_reading_position_is_remembered(qtbot, opened):
    window = opened
    qtbot.waitUntil(lambda: window.reading.state is not None, timeout=10000)
    rel = "making-dumplings.md"
    window.resize(900, 300)
    window.show()
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    bar = window.reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum() // 2)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("notes/afternoon-tea.md")
    # kept in the library's reading state (issue 11), no longer in the settings
    assert 0.3 < window.reading.position(rel) < 0.7
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    qtbot.waitUntil(lambda: abs(bar.value() - bar.maximum() // 2) <= 2, timeout=5000)


def test_zoom_theme_find_and_space(qtbot, opened):
    window = opened
    window.resize(900, 400)
    window.show()
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("making-dumplings.md")
    base = window.render_options()["font_size"]
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.findChild(type(window.open_action), "zoomIn").trigger()
    assert window.settings.get("zoom") == 1
    assert window.render_options()["font_size"] > base
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.findChild(type(window.open_action), "zoomReset").trigger()
    assert window.render_options()["font_size"] == base

    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.theme_actions["dark"].trigger()
    assert window.reader.result.theme == "dark"
    assert window.palette().window().color().lightness() < 100
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.theme_actions["sepia"].trigger()
    assert window.reader.result.theme == "sepia"
    assert window.settings.get("theme") == "sepia"

    bar = window.find_bar = window.reader.find_bar
    bar.open()
    assert bar.isVisible()
    bar.field.setText("饺子")
    assert bar.search(from_start=True)
    assert window.reader.browser.textCursor().selectedText() == "饺子"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()

    browser = window.reader.browser
    scroll = browser.verticalScrollBar()
    scroll.setValue(0)
    qtbot.keyClick(browser, Qt.Key.Key_Space)
    assert scroll.value() == scroll.pageStep()


def test_every_menu_action_has_a_shortcut_and_widgets_have_names(window):
    def actions(menu):
        for action in menu.actions():
            if action.menu():
                yield from actions(action.menu())
            elif not action.isSeparator():
                yield action

    missing = [
        a.text()
        for m in window.menuBar().actions()
        for a in actions(m.menu())
        if a.shortcut().isEmpty() and a.parent() is not window.recent_menu
    ]
    assert not missing
    for widget in (
        window.tree,
        window.list_view,
        window.search_field,
        window.reader.browser,
        window.reader.banner,
        window.reader.find_bar.field,
    ):
        assert widget.accessibleName()


def test_window_title_names_the_library_once(qtbot, window, library_copy):
    window.open_library(str(library_copy))
    # "[*]" is Qt's modified marker; Qt appends the app's display name itself.
    assert window.windowTitle() == "library[*]"
