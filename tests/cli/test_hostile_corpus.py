"""Every command over a corpus of hostile files (tests/hostile.py).

Each command must finish (a generous hang guard), exit with a documented
code, print no traceback, name the file it could not handle, and leave
every file it did not mean to change byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import DEVICE_LINK, FIFO, OVERSIZED, is_regular, run_per_file, write_corpus

pytestmark = pytest.mark.slow

HANG_GUARD = 300  # seconds for one command over the whole corpus


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ARTICLE_READER_CACHE_DIR"] = os.fspath(cache)
    return env


def _run(args: list[str], cache: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            args,
            env=_env(cache),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=HANG_GUARD,
            cwd=cwd,
        )
    except subprocess.TimeoutExpired as exc:  # pragma: no cover - the failure we guard against
        pytest.fail(f"hang: {args[:4]} did not finish in {HANG_GUARD} s; output: {exc.stdout!r}")


def _assert_clean(result: subprocess.CompletedProcess, allowed: set[int]) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in allowed, (result.returncode, result.stderr[-3000:])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def snapshot():
    def take(paths):
        return {p: p.read_bytes() for p in paths if is_regular(p)}

    return take


@pytest.mark.parametrize("command", ["show", "show-json", "check", "render", "set-dry", "set"])
def test_each_file_command_on_each_hostile_file(command, corpus, tmp_path, snapshot):
    # `set` writes, so it gets its own copy.
    files = write_corpus(tmp_path / "copy") if command == "set" else corpus
    before = snapshot(files.values())
    run = run_per_file(command, list(files.values()), _env(tmp_path / "cache"), HANG_GUARD)
    assert not run.hung, f"hang guard: stopped at {run.last_started}"
    assert run.returncode == 0, run.stderr[-3000:]
    done = run.outcomes
    assert len(done) == len(files), f"stopped at {run.last_started}"
    for name, path in files.items():
        outcome = done[os.fspath(path)]
        assert "Traceback" not in outcome["stderr"], (name, outcome["stderr"][-2000:])
        assert outcome["code"] in {0, 1, 3}, (name, outcome)
        if outcome["code"] == 3:
            assert name[:40] in outcome["stderr"], (name, outcome["stderr"][:500])
        # Output stays within a small multiple of the input (no alias bombs).
        assert outcome["stdout_len"] < 40 * 1024 * 1024, name
    for name in (FIFO, DEVICE_LINK, OVERSIZED):
        if name in files:
            assert done[os.fspath(files[name])]["code"] == 3, name
    after = snapshot(files.values())
    changed = {p.name for p in before if before[p] != after[p]}
    if command == "set":
        # Only files that parse without errors may be rewritten, and only by x: 1.
        for path in before:
            if path.name in changed:
                assert done[os.fspath(path)]["code"] == 0, path.name
    else:
        assert changed == set()


def test_library_commands_on_a_hostile_library(tmp_path, snapshot):
    library = tmp_path / "library"
    files = write_corpus(library)
    cache = tmp_path / "cache"
    before = snapshot(files.values())
    cli = [sys.executable, "-m", "reader"]
    lib = os.fspath(library)
    for args in (
        ["check", lib],
        ["check", lib, "--json"],
        ["index", lib],
        ["list", lib],
        ["list", lib, "--json", "--excerpts"],
        ["list", lib, "--problems"],
        ["list", lib, "--text", "知识产权"],
        ["search", lib, "知识产权"],
        ["search", lib, "everything"],
        ["rename-tag", lib, "a", "z", "--dry-run"],
        ["rename-category", lib, "A", "C", "--dry-run"],
    ):
        result = _run([*cli, *args], cache)
        _assert_clean(result, {0, 1, 3})
        if args[0] in ("check", "index", "list"):
            for name in (FIFO, DEVICE_LINK):
                assert name not in result.stdout, (args, name)
    assert snapshot(files.values()) == before

    result = _run([*cli, "rename-tag", lib, "a", "z"], cache)
    _assert_clean(result, {0, 3})
    after = snapshot(files.values())
    listed = _run([*cli, "list", lib, "--problems", "--json"], cache)
    broken = {json.loads(line)["path"] for line in listed.stdout.splitlines()}
    for path, data in before.items():
        rel = path.relative_to(library).as_posix()
        if rel in broken and after[path] != data:
            # a file with problems may only change if its problems are warnings
            shown = _run([*cli, "show", "--json", os.fspath(path)], cache)
            problems = json.loads(shown.stdout.splitlines()[0])["problems"]
            assert all(p["severity"] != "error" for p in problems), rel
    result = _run([*cli, "undo", lib], cache)
    _assert_clean(result, {0, 3})
    assert snapshot(files.values()) == before


def test_a_library_holding_only_special_files(tmp_path):
    library = tmp_path / "specials"
    library.mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(library / "a.md")
    (library / "b.md").symlink_to("/dev/zero")
    (library / "c.md").symlink_to(library / "c.md")  # a link to itself
    (library / "d.md").symlink_to(library / "missing.md")  # dangling
    result = _run([sys.executable, "-m", "reader", "list", os.fspath(library)], tmp_path / "c")
    _assert_clean(result, {0, 3})
    shutil.rmtree(library)
