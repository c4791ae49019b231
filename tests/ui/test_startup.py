"""Start-up: what the session's listeners start while the first rows are
being shown waits until they are painted, and still runs; closing at that
moment drops it."""

from __future__ import annotations

import threading

import pytest

from tests.core.libhelpers import article, write


def _library(tmp_path):
    root = tmp_path / "library"
    for i in range(5):
        write(root, f"a{i}.md", article(f"Article {i}", categories="[News]"))
    return root


def _warm_index(root, cache_dir):
    from reader.core.library.facade import Library

    with Library.open(root, cache_dir) as library:
        library.refresh()


def test_jobs_made_during_the_warm_start_run_after_it(qtbot, window, cache_dir, tmp_path):
    root = _library(tmp_path)
    _warm_index(root, cache_dir)
    ran = threading.Event()
    during: list[bool] = []
    results: list[int] = []

    def warm(_taxonomy, _listed):
        window.session.run(lambda: ran.set() or 7, results.append)
        # not started while the tree and the first rows are being made and painted
        during.append(ran.wait(0.3))

    window.session.warm_start.connect(warm)
    window.open_library(str(root))
    qtbot.waitUntil(lambda: results == [7], timeout=20000)
    assert during == [False]
    assert window.list_model.rowCount() == 5
    # the listeners' own jobs ran too: the reading state and the saved searches
    qtbot.waitUntil(lambda: window.reading.state is not None, timeout=20000)
    qtbot.waitUntil(lambda: window.saved_searches.searches is not None, timeout=20000)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60000)


def test_closing_during_the_warm_start_drops_the_waiting_jobs(qtbot, window, cache_dir, tmp_path):
    root = _library(tmp_path)
    _warm_index(root, cache_dir)
    ran = threading.Event()

    def warm(_taxonomy, _listed):
        window.session.run(ran.set)
        window.session.close()

    window.session.warm_start.connect(warm)
    window.open_library(str(root))
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 5, timeout=20000)
    qtbot.wait(50)  # the event loop runs: nothing left over starts
    assert window.library is None
    assert not window.session.busy
    assert not ran.is_set()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_first_rows_are_painted_before_the_background_jobs_start(
    qtbot, window, cache_dir, tmp_path
):
    root = _library(tmp_path)
    _warm_index(root, cache_dir)
    window.show()
    qtbot.waitExposed(window)
    painted: list[int] = []
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(window.list_model.rowCount())
            return False

    paints = Paints(window)
    window.list_view.viewport().installEventFilter(paints)
    started_at: list[int] = []
    window.session.warm_start.connect(
        lambda *_: window.session.run(lambda: None, lambda _r: started_at.append(len(painted)))
    )
    window.open_library(str(root))
    qtbot.waitUntil(lambda: bool(started_at), timeout=20000)
    # a paint with the rows in came before the held job could report back
    assert 5 in painted[: started_at[0]]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_panes_are_next_painted_with_the_first_rows(
    qtbot, window, cache_dir, tmp_path, monkeypatch
):
    """Opening a library, the panes keep what they show until its tree and
    first rows are in (no paint of empty panes between), then paint them."""
    from PySide6.QtCore import QEvent, QObject

    import reader.ui.main_window as main_window

    root = _library(tmp_path)
    _warm_index(root, cache_dir)
    window.show()
    qtbot.waitExposed(window)
    painted: list[tuple[int, int]] = []

    class Paints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append((window.list_model.rowCount(), window.nav_model.rowCount()))
            return False

    paints = Paints(window)
    window.list_view.viewport().installEventFilter(paints)
    # however slow the worker, the panes wait for it (not for the fallback timer)
    monkeypatch.setattr(main_window, "PAINT_HOLD_MS", 600_000)
    window.open_library(str(root))
    assert not window.splitter.updatesEnabled()
    qtbot.waitUntil(lambda: bool(painted), timeout=20000)
    assert painted[0][0] == 5 and painted[0][1] > 0
    assert window.splitter.updatesEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_panes_held_for_a_library_without_a_warm_index_paint_when_it_opens(
    qtbot, window, cache_dir, tmp_path, monkeypatch
):
    import reader.ui.main_window as main_window

    root = _library(tmp_path)  # no index yet: nothing to show before the refresh
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(main_window, "PAINT_HOLD_MS", 600_000)
    with qtbot.waitSignal(window.session.opened, timeout=20000):
        window.open_library(str(root))
    assert window.splitter.updatesEnabled()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 5, timeout=20000)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_find_bar_made_on_first_use_opens_from_its_shortcut(qtbot, opened):
    from PySide6.QtCore import Qt

    from reader.ui.find_bar import FindBar

    window = opened
    assert not window.findChildren(FindBar)  # not made at start-up
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.list_pane.make_current(window.list_model.paths()[0])
        window.show_article(window.list_model.paths()[0])
    window.reader.browser.setFocus()
    qtbot.waitUntil(window.reader.browser.hasFocus, timeout=5000)
    qtbot.keyClick(window.reader.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.reader.find_bar
    qtbot.waitUntil(bar.field.hasFocus, timeout=5000)
    assert bar.isVisible()
    word = window.reader.browser.toPlainText().split()[0]
    qtbot.keyClicks(bar.field, word)  # typing searches
    assert window.reader.browser.textCursor().selectedText() == word
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    qtbot.waitUntil(window.reader.browser.hasFocus, timeout=5000)  # back to the article


def _window_script(script: str, *args) -> dict:
    """Run ``script`` (a window's start, offscreen) in a fresh process with
    ``args``; what it printed last, as JSON."""
    import json
    import os
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


WINDOW_TYPES = """
import json, os, sys
import PySide6.QtWidgets as W
lazy = "QWizard" not in vars(W)  # PySide makes its classes when first named (6.7+)
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
window = MainWindow(Settings.from_file(sys.argv[1]), cache_dir=sys.argv[2])
window.show()
app.processEvents()
viewport = window.list_view.viewport()
LATER = (
    "reader.ui.list_delegate", "html", "yaml", "reader.core.article.codec",
    "reader.core.article.patch", "reader.ui.form.editors",
)
print(json.dumps({
    "modules": [m for m in LATER if m in sys.modules],
    "lazy": lazy,
    "every_widget_class": "QWizard" in vars(W),
    "viewport": [viewport.objectName(), viewport.autoFillBackground(),
                 viewport.backgroundRole().name, viewport.parent() is window.list_view],
}))
window.close()
"""


def test_the_window_does_not_make_every_widget_class_at_start(tmp_path):
    """Asked for a viewport Qt made, PySide would make every widget class to
    find its type: the list's viewport is made in Python, set up as Qt's."""
    seen = _window_script(WINDOW_TYPES, tmp_path / "s.ini", tmp_path / "cache")
    assert seen["viewport"] == ["qt_scrollarea_viewport", True, "Base", True]
    # the two-line delegate and html (tooltips) wait for their first use, and
    # the form's editors, the codec and YAML for the first article shown
    assert seen["modules"] == []
    if not seen["lazy"]:
        pytest.skip("this PySide makes all its classes on import")
    assert not seen["every_widget_class"]


OPENED_MODULES = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
window = MainWindow(Settings.from_file(sys.argv[1]), cache_dir=sys.argv[2])
window.show()
LATER = (
    "reader.core.site.detect", "tomllib", "reader.core.render.blocks",
    "reader.core.article.conflicts",
)
seen = {}
def check():
    if not (window.list_model.rowCount() and window.nav_model.rowCount()):
        QTimer.singleShot(1, check)
        return
    seen["rows"] = window.list_model.rowCount()
    seen["modules"] = [m for m in LATER if m in sys.modules]
    app.quit()
window.open_library(sys.argv[3])
QTimer.singleShot(0, check)
QTimer.singleShot(60000, app.quit)
app.exec()
print(json.dumps(seen))
window.close()
"""


def test_opening_a_plain_folder_loads_no_site_or_render_code_before_its_rows(tmp_path):
    """The window's first rows of a folder that is no site come without the
    site's detection (and its TOML reader), the renderer's bounds or the
    three-way merge's conflicts: the start-up imports nothing it does not show."""
    root = _library(tmp_path)
    cache = tmp_path / "cache"
    _warm_index(root, cache)
    seen = _window_script(OPENED_MODULES, tmp_path / "s.ini", cache, root)
    assert seen["rows"] == 5
    assert seen["modules"] == []


# -- the collector, paused for the start-up (reader.app) ------------------------------


@pytest.fixture
def gc_on():
    """The collector on for the test, and as it was after it."""
    import gc

    was = gc.isenabled()
    gc.enable()
    yield gc
    (gc.enable if was else gc.disable)()


def test_the_collector_is_paused_and_resumed_once(gc_on):
    from reader.app import pause_gc_for_startup

    resume = pause_gc_for_startup()
    assert not gc_on.isenabled()
    resume()
    assert gc_on.isenabled()
    gc_on.disable()  # turned off by someone else since: a second call leaves it so
    resume()
    assert not gc_on.isenabled()


def test_a_collector_that_was_off_stays_off(gc_on):
    from reader.app import pause_gc_for_startup

    gc_on.disable()
    resume = pause_gc_for_startup()
    resume()
    assert not gc_on.isenabled()


def test_the_collector_resumes_once_the_first_rows_are_painted(
    qtbot, window, cache_dir, tmp_path, gc_on
):
    from reader.app import pause_gc_for_startup, resume_gc_once_filled

    root = _library(tmp_path)
    _warm_index(root, cache_dir)
    filled: list[bool] = []  # the collector's state as the list fills
    window.list_filled.connect(lambda _rows: filled.append(gc_on.isenabled()))
    resume = pause_gc_for_startup()
    resume_gc_once_filled(window, resume)
    window.open_library(str(root))
    qtbot.waitUntil(lambda: gc_on.isenabled(), timeout=20000)
    assert filled[0] is False  # still paused while the first rows went in
    assert window.list_model.rowCount() == 5


def test_the_collector_resumes_after_a_while_if_the_list_never_fills(
    qtbot, window, monkeypatch, gc_on
):
    import reader.app
    from reader.app import pause_gc_for_startup, resume_gc_once_filled

    monkeypatch.setattr(reader.app, "STARTUP_GC_PAUSE_MS", 50)
    resume = pause_gc_for_startup()
    resume_gc_once_filled(window, resume)  # no library opened: no rows ever
    assert not gc_on.isenabled()
    qtbot.waitUntil(lambda: gc_on.isenabled(), timeout=10000)
