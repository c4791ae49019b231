"""Start the desktop app (the Qt part is imported only here, lazily)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from reader.core.common.dirs import APP_DIR_NAME as ORGANIZATION

if TYPE_CHECKING:  # Qt and the window are imported lazily, when the app starts
    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Settings


def _initial_target(settings: Settings, path: str | None) -> tuple[str, str | None]:
    """(library folder, article to select) for the command line ``path``."""
    from reader.assets import user_sample_library

    if path:
        target = Path(path).expanduser().resolve()
        if target.is_file():
            return str(target.parent), target.name
        return str(target), None
    last = settings.get("last_library")
    if last and os.path.isdir(last):
        return last, settings.get("last_article") or None
    return str(user_sample_library()), None


def create_window(
    settings: Settings, path: str | None = None, cache_dir: str | None = None
) -> MainWindow:
    """The main window with its library opening (a QApplication must exist)."""
    from reader.ui.main_window import MainWindow

    window = MainWindow(settings, cache_dir=cache_dir)
    root, article = _initial_target(settings, path)
    window.open_library(root, article)
    return window


#: At most this long after the window is shown, the collector is back on
#: even if the list never fills (a library that cannot be opened).
STARTUP_GC_PAUSE_MS = 3000


def pause_gc_for_startup() -> Callable[[], None]:
    """Turn Python's cyclic garbage collector off for the start-up; returns
    the call that turns it on again (once; later calls do nothing).

    Start-up makes lasting objects (modules, classes, widgets, the first
    rows) and next to no garbage, but the collector walks them again and
    again as they are made: 7% of the instructions to a window with its
    first rows painted (Callgrind, 10,000 articles).  Only a collector that
    was on is turned on again."""
    was_on = gc.isenabled()
    gc.disable()
    resumed = False

    def resume() -> None:
        nonlocal resumed
        if not resumed:
            resumed = True
            if was_on:
                gc.enable()

    return resume


def resume_gc_once_filled(window: MainWindow, resume: Callable[[], None]) -> None:
    """``resume()`` once ``window`` has painted its first rows (after the
    event that filled its list), or :data:`STARTUP_GC_PAUSE_MS` after now."""
    from PySide6.QtCore import Qt, QTimer

    window.list_filled.connect(
        lambda _rows: QTimer.singleShot(0, resume), Qt.ConnectionType.SingleShotConnection
    )
    QTimer.singleShot(STARTUP_GC_PAUSE_MS, resume)


def no_display_reason(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why the window cannot open here, or None: on Linux and the BSDs,
    without ``DISPLAY`` or ``WAYLAND_DISPLAY`` (an SSH session, a server, a
    container) and no ``QT_QPA_PLATFORM`` chosen, Qt ends the process with
    an abort (exit 134) and a page about its platform plugins."""
    if platform.startswith(("win", "darwin", "cygwin")) or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
        "the commands work without one: run 'article-reader --help'"
    )


def run_app(path: str | None) -> int:
    if path and not os.path.exists(path):
        print(f"article-reader: {path}: no such file or folder", file=sys.stderr)
        return 2
    reason = no_display_reason(os.environ)
    if reason is not None:
        print(f"article-reader: error: {reason}", file=sys.stderr)
        return 3
    resume_gc = pause_gc_for_startup()
    try:
        return _run_app(path, resume_gc)
    finally:
        resume_gc()


def _run_app(path: str | None, resume_gc: Callable[[], None]) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from reader.ui.pyside_imports import lighten_feature_checks

    lighten_feature_checks()  # before the window's modules are imported
    from reader.assets import resource_path
    from reader.ui.i18n import install_translators, language_for
    from reader.ui.settings import Settings
    from reader.ui.theme import ui_font

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(ORGANIZATION)
    QGuiApplication.setDesktopFileName("io.github.article_reader.ArticleReader")
    # instance() is typed as the base class; the one made here is a QApplication
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    settings, settings_note = Settings.for_user()
    if settings_note is not None:
        print(f"article-reader: warning: {settings_note}", file=sys.stderr)
    preference = settings.get("language")
    translators = install_translators(app, preference)
    app.setProperty("readerLanguage", language_for(preference) or "")
    # Qt appends the display name to window titles: in the user's language.
    QGuiApplication.setApplicationDisplayName(QCoreApplication.translate("App", "Article Reader"))
    app.setFont(ui_font())
    icon = resource_path("icons", "article-reader.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    window = create_window(settings, path)
    resume_gc_once_filled(window, resume_gc)
    window.show()
    if os.environ.get("ARTICLE_READER_STARTUP_PROBE") == "1":
        from reader.selftest import startup_probe  # packaging/measure.py times start-up

        startup_probe(app, window)
    code = app.exec()
    del translators
    return code
