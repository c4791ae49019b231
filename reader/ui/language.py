"""Changing the language while the app runs.

Qt widgets take their texts when they are built, so a new language is
applied by installing its catalogue and opening the window again in it
(:meth:`reader.ui.main_window.MainWindow.reopen`), with the same library,
article, geometry and panes; nothing has to restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QGuiApplication

from reader.ui.i18n import install_translators, language_for

__all__ = ["switch_language"]


def switch_language(app: QCoreApplication, preference: str) -> list[QTranslator]:
    """Replace the application's translators with those of ``preference``
    (``system``, ``en`` or ``zh_CN``); returns the new ones (their parent is
    ``app``, which keeps them)."""
    for old in app.findChildren(QTranslator):
        if old.parent() is app:
            app.removeTranslator(old)
            old.deleteLater()
    installed = install_translators(app, preference)
    app.setProperty("readerLanguage", language_for(preference) or "")
    QGuiApplication.setApplicationDisplayName(QCoreApplication.translate("App", "Article Reader"))
    return installed
