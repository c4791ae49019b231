"""Adversarial review: reading-state logs that are hostile in size (a line of
any length in another device's log, or in this device's own when it is
compacted) are read in bounded memory, with a warning naming the line."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from reader.core.library.root import STATE_FOLDER
from reader.core.library.state import ReadingState
from reader.core.library.state.log import (
    MAX_LINE_BYTES,
    Change,
    compact_log,
    encode_change,
    parse_log,
)

from .libhelpers import article, write

DEV_A = "aaaaaaaa-0000-4000-8000-000000000001"
DEV_B = "bbbbbbbb-0000-4000-8000-000000000002"
T = 1_700_000_000_000 << 10  # a clock value of 2023


def _library(root: Path) -> list[str]:
    paths = [f"2021/post-{i}.md" for i in range(3)]
    for i, rel in enumerate(paths):
        write(root, rel, article(f"Post {i}", body=f"<p>body {i}</p>\n"))
    return paths


def _line(dev: str, path: str, field: str, value: object, t: int = T) -> bytes:
    return encode_change(Change(t, dev, path, None, field, value))


def _peak(call):
    """What ``call`` returns, and the most memory Python held meanwhile."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_line_of_megabytes_in_another_devices_log_is_skipped_unheld(tmp_path, monkeypatch):
    # A log of one 200 MB line took 1.6 GB to read, and a "path" that long
    # stayed in the state: a line is never held longer than MAX_LINE_BYTES.
    from reader.core.library.state import store

    lib = tmp_path / "lib"
    paths = _library(lib)
    huge = _line(DEV_B, "2021/" + "x" * (8 * 2**20), "starred", True)  # valid JSON, 8 MB
    log = lib / STATE_FOLDER / "state" / f"{DEV_B}.jsonl"
    log.parent.mkdir(parents=True)
    log.write_bytes(
        _line(DEV_B, paths[0], "read", True)
        + huge
        + _line(DEV_B, paths[1], "starred", True)
        + huge.rstrip(b"\n")  # and a last line cut short in the middle of another
    )
    monkeypatch.setattr(store, "READ_BLOCK", 64 * 2**10)

    def load():
        return ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data")

    state, peak = _peak(load)
    assert peak < 4 * 2**20  # blocks of 64 KB: never the 8 MB line
    assert state.snapshot() == {paths[0]: {"read": True}, paths[1]: {"starred": True}}
    assert f"{log}:2: longer than {MAX_LINE_BYTES // 1024} KB; skipped" in state.warnings
    assert any(w.startswith(f"{log}: the last line is incomplete") for w in state.warnings)

    # read in one block (as the default block size reads a short log), the
    # same line is skipped the same way: nothing depends on where blocks end
    monkeypatch.setattr(store, "READ_BLOCK", 64 * 2**20)
    whole = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data-whole")
    assert whole.snapshot() == state.snapshot()
    assert f"{log}:2: longer than {MAX_LINE_BYTES // 1024} KB; skipped" in whole.warnings
    parsed = parse_log(log.read_bytes(), "log")
    assert "log:2: longer than 64 KB; skipped" in parsed.warnings
    assert len(parsed.changes) == 2


def test_a_log_growing_after_a_long_line_is_read_on_from_the_right_place(tmp_path, monkeypatch):
    from reader.core.library.state import store

    lib = tmp_path / "lib"
    paths = _library(lib)
    log = lib / STATE_FOLDER / "state" / f"{DEV_B}.jsonl"
    log.parent.mkdir(parents=True)
    log.write_bytes(b"#" * (MAX_LINE_BYTES * 3) + b"\n" + _line(DEV_B, paths[0], "read", True))
    monkeypatch.setattr(store, "READ_BLOCK", 10_000)
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    assert state.paths_with("read") == {paths[0]}
    state.warnings.clear()
    with log.open("ab") as handle:
        handle.write(b"{damaged\n" + _line(DEV_B, paths[2], "starred", True, T + 1))
    assert state.poll() == {paths[2]}
    assert state.warnings == [f"{log}:3: not JSON; skipped"]  # counted past the long one


def test_compacting_the_own_log_reads_it_a_block_at_a_time(tmp_path, monkeypatch):
    # compact_log read the whole log at once: 600 MB of it took 2.4 GB
    from reader.core.library.state import log as logmodule

    lib = tmp_path / "lib"
    paths = _library(lib)
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    state.mark(paths[:2], "read", True)
    own = state.log_path
    with own.open("ab") as handle:
        handle.write(b"\0" * (8 * 2**20) + b"\n")  # a run of junk, as a damaged disk leaves
        handle.write(_line(DEV_A, paths[2], "later", 5, state.clock.now()))
    monkeypatch.setattr(logmodule, "READ_BLOCK", 64 * 2**10)

    sizes, peak = _peak(lambda: compact_log(own, DEV_A))
    assert peak < 4 * 2**20
    assert sizes[0] > 8 * 2**20 > sizes[1]
    again = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data", cache_dir=tmp_path)
    assert again.snapshot() == {
        paths[0]: {"read": True},
        paths[1]: {"read": True},
        paths[2]: {"later": 5},
    }
    assert again.warnings == []  # the junk is gone with the compaction


def test_something_in_place_of_the_own_log_is_named_with_what_it_is(tmp_path):
    # A FIFO, a folder or a link where this device's log goes: the warning
    # named the state folder, with "No such device or address" for a FIFO.
    import os

    lib = tmp_path / "lib"
    paths = _library(lib)
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    own = state.log_path
    own.parent.mkdir(parents=True)
    cases = [
        (lambda: os.mkfifo(own), "a FIFO (named pipe)"),
        (lambda: own.mkdir(), "a folder"),
        (lambda: own.symlink_to(os.devnull), "a symbolic link"),
    ]
    for index, (make, kind) in enumerate(cases):
        make()
        state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / f"data{index}")
        state.warnings.clear()
        state.mark(paths[:1], "starred", True)
        assert state.warnings == [f"{own}: cannot be written (it is {kind}, not a regular file)"]
        assert state.read_only and state.log_path.parent == state.private_folder
        assert state.paths_with("starred") == {paths[0]}
        if own.is_dir() and not own.is_symlink():
            own.rmdir()
        else:
            own.unlink()
