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
