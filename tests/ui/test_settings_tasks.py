"""Settings (declared once, typed, isolated per test) and run_task."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QByteArray, QThread

from reader.ui.settings import PREFERENCES, SETTINGS, Settings
from reader.ui.tasks import run_task


def test_defaults_types_and_round_trip(tmp_path):
    path = str(tmp_path / "s.ini")
    settings = Settings.from_file(path)
    for name, spec in SETTINGS.items():
        assert settings.get(name) == spec.default
    settings.set("theme", "sepia")
    settings.set("zoom", 3)
    settings.set("allowed_hosts", ["img.example.org"])
    settings.set("geometry", QByteArray(b"\x01\x02"))
    settings.set_reading_position("/lib", "a.md", 0.5)
    settings.add_recent_library("/one")
    settings.add_recent_library("/two")
    settings.add_recent_library("/one")
    settings.sync()
    again = Settings.from_file(path)
    assert again.get("theme") == "sepia"
    assert again.get("zoom") == 3
    assert again.get("allowed_hosts") == ["img.example.org"]
    assert bytes(again.get("geometry")) == b"\x01\x02"
    assert again.reading_position("/lib", "a.md") == 0.5
    assert again.reading_position("/lib", "b.md") == 0.0
    assert again.get("recent_libraries") == ["/one", "/two"]


def test_preferences_and_window_state_are_kept_apart(tmp_path):
    settings = Settings.from_file(str(tmp_path / "s.ini"))
    settings.set("theme", "dark")
    settings.set("last_library", "/lib")
    keys = settings.qsettings.allKeys()
    assert "prefs/theme" in keys and "state/last_library" in keys
    assert set(PREFERENCES) == {
        "theme",
        "font_family",
        "font_size",
        "zoom",
        "remote_images",
        "allowed_hosts",
        "language",
        "mark_read_after",
        "mark_read_at_end",
    }


def test_bad_values_fall_back_to_the_default(tmp_path):
    settings = Settings.from_file(str(tmp_path / "s.ini"))
    settings.qsettings.setValue("prefs/theme", "purple")
    settings.qsettings.setValue("prefs/zoom", "lots")
    settings.qsettings.setValue("state/reading_positions", "[not json")
    settings.qsettings.setValue("state/recent_libraries", "[" * 100_000 + "]" * 100_000)
    assert settings.get("recent_libraries") == []  # (nested past Python's stack: no crash)
    assert settings.get("theme") == "system"
    assert settings.get("zoom") == 0
    assert settings.get("reading_positions") == {}
    with pytest.raises(ValueError):
        settings.set("theme", "purple")
    with pytest.raises(KeyError):
        settings.get("no_such_setting")


def test_values_a_settings_file_may_hold_are_kept_within_what_the_app_takes(tmp_path):
    # recent_libraries="[null]" stopped the window at every start; a zoom of
    # a billion, hosts that are no text and a day-long "mark read after"
    # raised on every article shown
    path = tmp_path / "s.ini"
    path.write_text(
        "[prefs]\n"
        "zoom=1000000000\n"
        "mark_read_after=99999999999\n"
        "font_size=-3\n"
        'allowed_hosts="[[1], 2, \\"img.example.org\\", null]"\n'
        "[state]\n"
        'recent_libraries="[null, 1, {\\"a\\": 2}, \\"/one\\"]"\n'
        'reading_positions="{\\"/lib\\\\na.md\\": \\"abc\\", \\"/lib\\\\nb.md\\": 0.5, '
        '\\"/lib\\\\nc.md\\": 7, \\"/lib\\\\nd.md\\": true}"\n',
        encoding="utf-8",
    )
    settings = Settings.from_file(str(path))
    assert settings.get("zoom") == 12
    assert settings.get("mark_read_after") == 600
    assert settings.get("font_size") == 0
    assert settings.get("allowed_hosts") == ["img.example.org"]
    assert settings.get("recent_libraries") == ["/one"]
    assert settings.get("reading_positions") == {"/lib\nb.md": 0.5}
    assert settings.reading_position("/lib", "a.md") == 0.0


def test_a_long_recent_list_in_the_file_is_cut_to_its_length(tmp_path):
    import json

    settings = Settings.from_file(str(tmp_path / "s.ini"))
    settings.qsettings.setValue(
        "state/recent_libraries", json.dumps([f"/n/{i}" for i in range(100_000)])
    )
    assert settings.get("recent_libraries") == [f"/n/{i}" for i in range(10)]


def test_a_settings_file_that_is_a_fifo_gives_settings_for_the_session(qapp, tmp_path, monkeypatch):
    # Qt read the FIFO as it made the settings: the app never started
    import os

    from reader.ui import settings as settings_module

    fifo = tmp_path / "article-reader.conf"
    os.mkfifo(fifo)
    monkeypatch.setattr(settings_module, "settings_files_read", lambda: [str(fifo)])
    settings, why = Settings.for_user()
    assert why is not None and str(fifo) in why and "not a regular file" in why
    settings.set("zoom", 2)
    assert settings.get("zoom") == 2 and settings.qsettings.fileName() != str(fifo)


def test_the_user_settings_file_is_where_qt_keeps_it(tmp_path):
    # In a process of its own: Qt keeps the settings folder it found first for
    # the whole process, and a file dialog of another test made it look there
    import os
    import subprocess
    import sys

    if sys.platform.startswith(("win", "darwin")):
        pytest.skip("no settings file there")
    code = (
        "from PySide6.QtCore import QCoreApplication, QSettings\n"
        "from reader.ui.settings import native_settings_file\n"
        "app = QCoreApplication([])\n"
        "QCoreApplication.setOrganizationName('article-reader-test')\n"
        "QCoreApplication.setApplicationName('article-reader-test')\n"
        "print(native_settings_file())\n"
        "print(QSettings().fileName())\n"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    ours, qts = done.stdout.splitlines()[-2:]
    assert ours == qts and ours.startswith(str(tmp_path))


def test_run_task_delivers_on_the_gui_thread(qtbot):
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(value):
        seen["value"] = value
        seen["done_thread"] = QThread.currentThread()

    task = run_task(work, done)
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert seen["value"] == 42
    assert seen["worker"] != threading.get_ident()
    assert seen["done_thread"] == QThread.currentThread()


def test_run_task_reports_errors_progress_and_cancel(qtbot):
    errors = []
    task = run_task(lambda: 1 / 0, on_error=errors.append)
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)

    started = threading.Event()
    progress = []

    def long_job(report, cancelled):
        report(1, 10)
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        return "stopped"

    results = []
    task = run_task(long_job, results.append, on_progress=lambda d, t: progress.append((d, t)))
    assert started.wait(5)
    task.cancel()
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert results == ["stopped"]
    assert progress == [(1, 10)]


def test_a_task_can_be_waited_for_and_outlive_its_parent(qtbot, capfd):
    # a window closing waits for an export's worker (a PDF laid out on it
    # went on while the application ended: a crash); a task whose dialog
    # was deleted meanwhile ends without a traceback on its worker
    from PySide6.QtCore import QObject, QThreadPool

    release = threading.Event()
    results = []

    def held(report, cancelled):
        release.wait(10)
        return "done"

    parent = QObject()
    task = run_task(held, results.append, progress=True, parent=parent)
    assert not task.wait(0.05)
    errors: list[BaseException] = []
    before = threading.excepthook
    threading.excepthook = lambda args: errors.append(args.exc_value)
    try:
        parent.deleteLater()  # (the task with it)
        qtbot.waitUntil(lambda: not _alive(task), timeout=5000)
        release.set()
        assert QThreadPool.globalInstance().waitForDone(5000)
    finally:
        threading.excepthook = before
    assert errors == [] and results == []
    assert "Signal source has been deleted" not in capfd.readouterr().err
    quick = run_task(lambda report, cancelled: 7, results.append, progress=True)
    assert quick.wait(5)


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


def test_the_files_read_include_the_organization_s(qapp, tmp_path, monkeypatch):
    # a FIFO as the organization-wide file hung the start as the app's did
    import sys

    from PySide6.QtCore import QCoreApplication

    from reader.ui.settings import settings_files_read

    if sys.platform.startswith(("win", "darwin")):
        pytest.skip("no settings files there")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("article-reader-test")
    QCoreApplication.setApplicationName("article-reader-test")
    try:
        files = settings_files_read()
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])
    assert str(tmp_path / "article-reader-test" / "article-reader-test.conf") == files[0]
    assert str(tmp_path / "article-reader-test.conf") in files
