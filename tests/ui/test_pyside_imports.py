"""The cheaper answer to PySide6's per-module question gives the same answers."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from PySide6 import QtCore  # noqa: F401  (PySide6 loaded: its feature module exists)

from reader.ui.pyside_imports import (
    CHECK,
    FEATURE_MODULE,
    current_check,
    lighten_feature_checks,
    uses_pyside,
)

feature = sys.modules[FEATURE_MODULE]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def original(monkeypatch):
    """PySide6's own check, put back after the test."""
    check = current_check()
    monkeypatch.setattr(feature, CHECK, check)
    return getattr(check, "pyside_original", check)


def _module(tmp_path: Path, name: str, text: str | bytes) -> types.ModuleType:
    path = tmp_path / f"{name}.py"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    module = types.ModuleType(name)
    module.__file__ = str(path)
    return module


def test_same_answer_as_pyside_for_every_loaded_module(original):
    lighten_feature_checks()
    light = current_check()
    assert light is not original
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    assert len(modules) > 100
    differing = [m.__name__ for m in modules if light(m) != original(m)]
    assert differing == []
    # both kinds are among them
    assert light(sys.modules["reader.ui.pyside_imports"]) is True
    assert light(sys.modules["tests.ui.test_pyside_imports"]) is True
    assert light(sys.modules["reader.core.article.model"]) is False


def test_files_are_read_as_bytes(tmp_path, original):
    calls = []

    def otherwise(module):
        calls.append(module.__name__)
        return original(module)

    assert uses_pyside(_module(tmp_path, "a", "from PySide6 import QtCore\n"), otherwise)
    assert not uses_pyside(_module(tmp_path, "b", "import os\n"), otherwise)
    # latin-1 source with a coding line, and bytes that are not UTF-8
    latin = b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'  # PySide6\n"
    assert uses_pyside(_module(tmp_path, "c", latin), otherwise)
    assert calls == []


def test_modules_without_a_readable_source_are_asked_the_original_way(tmp_path, original):
    asked = []

    def otherwise(module):
        asked.append(module.__name__)
        return False

    gone = _module(tmp_path, "gone", "import PySide6\n")
    Path(gone.__file__).unlink()
    compiled = types.ModuleType("compiled")
    compiled.__file__ = str(tmp_path / "compiled.cpython-311-x86_64-linux-gnu.so")
    bare = types.ModuleType("bare")  # no file at all (built in)
    folder = types.ModuleType("folder")
    folder.__file__ = str(tmp_path)  # a folder named like nothing: not a .py
    for module in (gone, compiled, bare, sys, folder):
        assert uses_pyside(module, otherwise) is False
    assert asked == ["gone", "compiled", "bare", "sys", "folder"]
    # and PySide6's own answer for them is the same
    assert original(gone) is False
    assert original(bare) is False


def test_done_once(original):
    assert lighten_feature_checks() is True
    light = current_check()
    assert lighten_feature_checks() is False
    assert current_check() is light


def test_left_alone_without_pyside_feature_module(monkeypatch):
    monkeypatch.delitem(sys.modules, FEATURE_MODULE)
    assert lighten_feature_checks() is False


def test_left_alone_when_the_check_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, FEATURE_MODULE, types.ModuleType(FEATURE_MODULE))
    assert lighten_feature_checks() is False


@pytest.mark.slow
def test_the_app_answers_the_light_way(tmp_path):
    """The app's start-up puts the light check in place (before its window's
    modules are imported, so that they are asked the light way)."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from reader.app import run_app\n"
        "import gc\n"
        "status = run_app(sys.argv[1])\n"
        "from reader.ui.pyside_imports import current_check\n"
        "print('light' if hasattr(current_check(), 'pyside_original') else 'pyside', status)\n"
        "print('collector', 'on' if gc.isenabled() else 'off')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTEST", "XDG_"))}
    env.update(
        PYTHONPATH=str(REPO),
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        ARTICLE_READER_CACHE_DIR=str(tmp_path / "cache"),
        ARTICLE_READER_STARTUP_PROBE="1",
        QT_QPA_PLATFORM="offscreen",
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(library)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # (the collector paused for the start-up is on again once the app ends)
    assert done.stdout.splitlines()[-2:] == ["light 0", "collector on"]
