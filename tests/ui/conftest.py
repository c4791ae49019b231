"""Fixtures for the window tests: isolated settings, a private cache, a copy
of the sample library."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QGuiApplication

from reader.assets import sample_library
from reader.core.library.scan import scan
from tests.gitrepo import git_env, no_git  # noqa: F401  (real git repositories in tmp)


@pytest.fixture
def settings(tmp_path):
    from reader.ui.settings import Settings

    return Settings.from_file(str(tmp_path / "settings.ini"))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("ARTICLE_READER_CACHE_DIR", str(folder))
    return str(folder)


@pytest.fixture(scope="session")
def sample_count():
    """How many articles the sample library holds, as the scanner counts
    them (so that adding a sample article does not break the window tests)."""
    return len(scan(sample_library()))


@pytest.fixture
def library_copy(tmp_path):
    target = tmp_path / "library"
    shutil.copytree(sample_library(), target)
    return target


@pytest.fixture
def window(qtbot, settings, cache_dir):
    from reader.ui.main_window import MainWindow

    win = MainWindow(settings, cache_dir=cache_dir)
    qtbot.addWidget(win)
    yield win
    win.session.close()


@pytest.fixture
def opened(qtbot, window, library_copy):
    """The window with the sample library copy open, list filled, search ready."""
    with qtbot.waitSignal(
        window.session.progress,
        timeout=20000,
        check_params_cb=lambda what, done, total: what == "fulltext" and done == total,
    ):
        window.open_library(str(library_copy))
    qtbot.waitUntil(lambda: window.list_model.rowCount() > 0, timeout=10000)
    return window


@pytest.fixture(autouse=True)
def _discard_unsaved_edits_on_close(monkeypatch):
    """pytest-qt closes the windows before fixtures end: a window left with
    unsaved edits would wait on the Save/Discard/Cancel box.  Tests that
    check the prompt patch ``ask_unsaved`` themselves."""
    from reader.ui.form import dialogs

    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.DISCARD)


#: How long a modal dialog of a test may wait for an answer (a test that
#: answers one does so in milliseconds).
MODAL_PATIENCE_MS = 15_000

#: Functions that show a modal dialog of their own (no Python ``exec`` to
#: watch): a test that reaches one without patching it fails at once.
_STATIC_DIALOGS = {
    "QFileDialog": (
        "getOpenFileName",
        "getOpenFileNames",
        "getSaveFileName",
        "getExistingDirectory",
        "getOpenFileUrl",
        "getSaveFileUrl",
    ),
    "QInputDialog": ("getItem", "getText", "getInt", "getDouble", "getMultiLineText"),
    "QMessageBox": ("question", "information", "warning", "critical", "about"),
    "QColorDialog": ("getColor",),
    "QFontDialog": ("getFont",),
}


def _dialog_named(dialog) -> str:
    text = dialog.text() if hasattr(dialog, "text") and callable(dialog.text) else ""
    return f"{type(dialog).__name__} {dialog.windowTitle()!r} {text!r}".strip()


@pytest.fixture(autouse=True)
def _no_modal_dialog_left_unanswered(monkeypatch):
    """A modal dialog nobody answers held the suite until its timeout, with
    nothing to say which.  Each one is now closed after
    :data:`MODAL_PATIENCE_MS` and fails its test, naming the dialog; the
    static dialogs (file choosers, ``QMessageBox.warning``…) fail at once."""
    from PySide6 import QtWidgets
    from PySide6.QtCore import QTimer

    left: list[str] = []
    original = QtWidgets.QDialog.exec

    def watched_exec(dialog, *args):
        def give_up() -> None:
            if dialog.isVisible():
                left.append(_dialog_named(dialog))
                dialog.done(QtWidgets.QDialog.DialogCode.Rejected)

        QTimer.singleShot(MODAL_PATIENCE_MS, dialog, give_up)
        return original(dialog, *args)

    monkeypatch.setattr(QtWidgets.QDialog, "exec", watched_exec)
    for class_name, names in _STATIC_DIALOGS.items():
        for name in names:

            def refused(*args, _name=f"{class_name}.{name}", **kwargs):
                raise AssertionError(f"{_name} was shown by a test without patching it")

            monkeypatch.setattr(getattr(QtWidgets, class_name), name, staticmethod(refused))
    yield
    if left:
        pytest.fail("modal dialog(s) left unanswered: " + "; ".join(left), pytrace=False)


@pytest.fixture(autouse=True)
def _default_locale_kept():
    """A language installed by a test sets the default locale (month names
    follow the window's language): the next test starts with the one before."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def zh_catalogue(qapp):
    """The Chinese catalogue installed in the application (no window or
    setting needed); taken out afterwards."""
    from reader.ui.i18n import TsTranslator, catalogue_path

    translator = TsTranslator(catalogue_path("zh_CN"))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.fixture
def chinese(qapp, settings):
    """The language set to Chinese; the application's language as it was
    afterwards (its translators, its language, its display name)."""
    before = set(qapp.findChildren(QTranslator))
    language, name = qapp.property("readerLanguage"), QGuiApplication.applicationDisplayName()
    settings.set("language", "zh_CN")
    yield
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
    qapp.setProperty("readerLanguage", language)
    QGuiApplication.setApplicationDisplayName(name)
