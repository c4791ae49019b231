"""Start the desktop app (the Qt part is imported only here, lazily)."""

from __future__ import annotations

import os
import sys
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


def run_app(path: str | None) -> int:
    if path and not os.path.exists(path):
        print(f"article-reader: {path}: no such file or folder", file=sys.stderr)
        return 2
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
    settings = Settings()
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
    window.show()
    if os.environ.get("ARTICLE_READER_STARTUP_PROBE") == "1":
        from reader.selftest import startup_probe  # packaging/measure.py times start-up

        startup_probe(app, window)
    code = app.exec()
    del translators
    return code
