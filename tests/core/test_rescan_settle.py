"""A folder's digest is kept with a scan only when the folder's times, taken
before its fingerprint, would show a change made during the scan: on a file
system whose times are coarse (whole seconds: FAT, HFS+, many network
shares), a folder changed within that grain of the stamp may change again
with the same times, and a file made during the scan and removed after
would then stay indexed for good (the folder back as fingerprinted)."""

from __future__ import annotations

import os
import time

import pytest

import reader.core.library.rescan as rescan_module
import reader.core.library.scan as scan_module
from reader.core.library.facade import Library
from reader.core.library.scan import folder_stamp, unchanged_since

from .libhelpers import article, index_connection, write

SECOND = 1_000_000_000


def _in_whole_seconds(result):
    """A stat result with its times cut to whole seconds, as a coarse file
    system gives them."""
    if not isinstance(result, os.stat_result):
        return result
    times = [result.st_atime_ns, result.st_mtime_ns, result.st_ctime_ns]
    atime, mtime, ctime = (value - value % SECOND for value in times)
    head = (*tuple(result)[:7], atime // SECOND, mtime // SECOND, ctime // SECOND)
    extra = {
        "st_atime": atime / SECOND,
        "st_mtime": mtime / SECOND,
        "st_ctime": ctime / SECOND,
        "st_atime_ns": atime,
        "st_mtime_ns": mtime,
        "st_ctime_ns": ctime,
        "st_blksize": result.st_blksize,
        "st_blocks": result.st_blocks,
    }
    return os.stat_result(head, extra)


@pytest.fixture
def coarse(monkeypatch):
    """Every stat of this process in whole seconds."""
    for name in ("stat", "lstat", "fstat"):
        real = getattr(os, name)

        def coarse_stat(*args, _real=real, **kwargs):
            return _in_whole_seconds(_real(*args, **kwargs))

        monkeypatch.setattr(os, name, coarse_stat)


@pytest.fixture
def one_folder(monkeypatch):
    """Small libraries are taken as one folder, compared in this process."""
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 0)
    monkeypatch.setattr(rescan_module, "pool_map", _in_this_process)
    monkeypatch.setattr(rescan_module, "call_apart", _apart_here)


def _in_this_process(function, root, batches, cancel=None, worker_start=None):
    for batch in batches:
        yield batch, function(root, batch)


def _apart_here(function, root, item, cancel=None, worker_start=None):
    return function(root, item)


def _paths(lib):
    with index_connection(lib) as conn:
        return sorted(path for (path,) in conn.execute("SELECT path FROM articles"))


def _digests(lib):
    with index_connection(lib) as conn:
        rows = conn.execute("SELECT value FROM meta WHERE key LIKE 'folder-digest:%'")
        return [value for (value,) in rows]


def _on_disk(root):
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
        if name.endswith(".md")
    )


def _early_in_a_second():
    """Wait for the start of a second: what follows happens within it."""
    while time.time() % 1 > 0.2:
        time.sleep(0.01)


def _made_during(monkeypatch, module, name, path):
    """The scan ``module.name`` makes ``path`` before it looks."""
    real = getattr(module, name)

    def make_then_scan(*args, **kwargs):
        write(path.parent, path.name, article("made during the scan"))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, make_then_scan)


def test_a_folder_changed_just_now_is_not_settled(root, monkeypatch):
    monkeypatch.setattr(scan_module, "SETTLE_NS", 60 * SECOND)
    write(root, "a/1.md", article("one"))
    stamp = folder_stamp(root, "a")
    assert stamp is not None and not stamp.settled
    assert not unchanged_since(root, "a", stamp)  # (even when it did not change)
    monkeypatch.setattr(scan_module, "SETTLE_NS", 0)
    stamp = folder_stamp(root, "a")
    assert stamp is not None and stamp.settled and unchanged_since(root, "a", stamp)
    write(root, "a/2.md", article("two"))
    assert not unchanged_since(root, "a", stamp)
    assert folder_stamp(root, "missing") is None and not unchanged_since(root, "missing", None)


def test_times_in_whole_seconds_settle_only_seconds_later(coarse, root):
    write(root, "a/1.md", article("one"))
    stamp = folder_stamp(root, "a")
    assert stamp is not None and stamp.ctime_ns % SECOND == 0
    assert not stamp.settled  # (SETTLE_NS is 0 in the tests; the coarse grain is not)


def test_a_library_compared_just_after_a_change_keeps_no_digest_until_settled(
    one_folder, open_library, root, monkeypatch
):
    monkeypatch.setattr(scan_module, "SETTLE_NS", 60 * SECOND)
    for number in range(3):
        write(root, f"{number}.md", article(f"Flat {number}"))
    lib = open_library()
    assert not any("q:" in value for value in _digests(lib))
    monkeypatch.setattr(scan_module, "SETTLE_NS", 0)
    assert lib.refresh().parsed == 0
    assert any("q:" in value for value in _digests(lib))


@pytest.mark.parametrize("workers", [1, 2])
def test_coarse_times_a_file_made_during_the_whole_librarys_scan(
    coarse, one_folder, open_library, root, monkeypatch, workers
):
    monkeypatch.setattr(rescan_module, "workers", lambda: workers)
    for number in range(6):
        write(root, f"{number}.md", article(f"Flat {number}"))
    lib = open_library()
    _early_in_a_second()
    write(root, "new.md", article("New"))  # the top changed: it is compared
    with monkeypatch.context() as patched:
        _made_during(patched, rescan_module, "scan", root / "during.md")
        assert lib.refresh().added == 2
    time.sleep(1.1)  # (the top's times, in whole seconds, move on)
    os.remove(root / "during.md")
    assert lib.refresh().removed == 1
    assert _paths(lib) == _on_disk(root)


def test_coarse_times_a_file_made_during_a_folders_scan(
    coarse, one_folder, open_library, root, monkeypatch
):
    monkeypatch.setattr(rescan_module, "TOP_FILES_SHARE", 1.0)
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    for folder in ("a", "b"):
        for number in range(3):
            write(root, f"{folder}/{number}.md", article(f"{folder} {number}"))
    lib = open_library()
    _early_in_a_second()
    write(root, "a/new.md", article("New"))
    real_scan = rescan_module.scan_flat

    def make_then_scan(at, folder, **kwargs):
        if folder == "a":
            write(root, "a/during.md", article("made during the scan"))
        return real_scan(at, folder, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(rescan_module, "scan_flat", make_then_scan)
        assert lib.refresh().added == 2
    time.sleep(1.1)
    os.remove(root / "a" / "during.md")
    assert lib.refresh().removed == 1
    assert _paths(lib) == _on_disk(root)


def test_coarse_times_a_file_made_during_a_first_loads_scan(coarse, root, tmp_path, monkeypatch):
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 5)
    for number in range(6):
        write(root, f"{number}.md", article(f"Flat {number}"))
    _early_in_a_second()
    write(root, "new.md", article("New"))
    with Library.open(root, cache_dir=tmp_path / "cache") as lib:
        with monkeypatch.context() as patched:
            _made_during(patched, scan_module, "scan", root / "during.md")
            assert lib.refresh().added == 8
        time.sleep(1.1)
        os.remove(root / "during.md")
        assert lib.refresh().removed == 1
        assert _paths(lib) == _on_disk(root)


def test_a_modification_time_ahead_of_the_clock_does_not_keep_a_folder_unsettled(
    one_folder, open_library, root, monkeypatch
):
    """Anyone may set a folder's modification time (touch -d, tar, a copy
    from a machine whose clock is ahead); its change time is the file
    system's own."""
    for number in range(3):
        write(root, f"{number}.md", article(f"Flat {number}"))
    day_ahead = time.time_ns() + 86_400 * SECOND
    os.utime(root, ns=(day_ahead, day_ahead))
    stamp = folder_stamp(root, "")
    assert stamp is not None and stamp.settled
    lib = open_library()
    assert any("q:" in value for value in _digests(lib))
