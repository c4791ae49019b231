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
    assert settings.get("theme") == "system"
    assert settings.get("zoom") == 0
    assert settings.get("reading_positions") == {}
    with pytest.raises(ValueError):
        settings.set("theme", "purple")
    with pytest.raises(KeyError):
        settings.get("no_such_setting")


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
