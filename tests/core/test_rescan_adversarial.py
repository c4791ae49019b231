"""Adversarial cases for the pooled rescan's folder fingerprints: whatever
changes on disk after the digests were kept, a pooled refresh leaves the
index a plain refresh builds from scratch."""

from __future__ import annotations

import os
import shutil

import pytest

import reader.core.library.rescan as rescan_module
from reader.core.library.facade import Library

from .libhelpers import article, index_connection, write


@pytest.fixture
def pooled(monkeypatch):
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 0)
    monkeypatch.setattr(rescan_module, "TOP_FILES_SHARE", 1.0)
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)


def _digests(lib):
    with index_connection(lib) as conn:
        rows = conn.execute("SELECT key, value FROM meta WHERE key LIKE 'folder-digest:%'")
        return dict(rows.fetchall())


def _states(lib):
    with index_connection(lib) as conn:
        rows = conn.execute("SELECT path, mtime_ns, size, ctime_ns, inode, title FROM articles")
        return sorted(rows.fetchall())


def _settled(root, open_library):
    for folder in ("a", "b", "c"):
        for n in range(3):
            write(root, f"{folder}/{n}.md", article(f"{folder} {n}"))
        write(root, f"{folder}/deep/deeper/x.md", article(f"{folder} deep"))
    lib = open_library()
    lib.refresh()
    kept = _digests(lib)
    assert kept and all(v.split(" ")[1].startswith("q:") for v in kept.values())
    assert lib.refresh().parsed == 0
    return lib


def _as_fresh(lib, root, tmp_path):
    fresh = Library.open(root, cache_dir=tmp_path / "fresh-cache")
    try:
        fresh.refresh(parallel=False)
        return _states(fresh)
    finally:
        fresh.close()


def _check(lib, root, tmp_path):
    lib.refresh()
    assert [s[0] for s in _states(lib)] == [s[0] for s in _as_fresh(lib, root, tmp_path)]
    assert _states(lib) == _as_fresh(lib, root, tmp_path)
    # and once more, now that digests may have been kept again
    lib.refresh()
    assert _states(lib) == _as_fresh(lib, root, tmp_path)


CHANGES = {}


def change(fn):
    CHANGES[fn.__name__] = fn
    return fn


@change
def touch_r_same_size(root):
    p = root / "a" / "deep" / "deeper" / "x.md"
    st = os.stat(p)
    p.write_bytes(p.read_bytes().replace(b"a deep", b"A DEEP"))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))


@change
def non_utf8_file(root):
    (root / "a" / "deep").joinpath(os.fsdecode(b"caf\xe9.md")).write_text(article("latin1"))


@change
def newline_name(root):
    write(root, "b/two\nlines.md", article("newline"))


@change
def new_sub_sub_folder(root):
    write(root, "c/deep/deeper/deepest/new.md", article("new deep"))


@change
def folder_replaced_by_file(root):
    shutil.rmtree(root / "c" / "deep")
    write(root, "c/deep", "a file now")


@change
def article_named_folder(root):
    write(root, "a/deep/folder.md/inside.md", article("inside"))


@change
def case_only_rename(root):
    os.rename(root / "a" / "1.md", root / "a" / "1.MD")


@change
def swap_names(root):
    os.rename(root / "a" / "1.md", root / "a" / "t")
    os.rename(root / "a" / "2.md", root / "a" / "1.md")
    os.rename(root / "a" / "t", root / "a" / "2.md")


@change
def swap_top_folders(root):
    os.rename(root / "a", root / "t")
    os.rename(root / "b", root / "a")
    os.rename(root / "t", root / "b")


@change
def site_in_folder(root):
    write(root, "a/_config.yml", "title: x\n")
    write(root, "a/public/p.md", article("generated"))


@change
def root_becomes_site(root):
    write(root, "_config.yml", "title: x\n")
    write(root, "source/_posts/p.md", article("post"))


@change
def conflict_copy(root):
    write(root, "b/deep/deeper/x (conflicted copy 2024-01-02).md", article("copy"))


@change
def temporary(root):
    write(root, "b/deep/.x.md.0a1b2c3d.artmp", "half")


@change
def deep_symlink(root):
    os.symlink(root / "a" / "0.md", root / "b" / "deep" / "deeper" / "l.md")


@change
def fifo(root):
    os.mkfifo(root / "b" / "deep" / "p.md")


@change
def socket_file(root):
    import socket

    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(root / "b" / "deep" / "s.md"))
    finally:
        s.close()


@change
def hidden_and_leftovers(root):
    write(root, "c/.hidden.md", article("hidden"))
    write(root, "c/deep/x.md~", article("left"))
    write(root, "c/deep/#x.md#", article("left"))
    write(root, "c/node_modules/n.md", article("nm"))


@change
def top_folder_deleted(root):
    shutil.rmtree(root / "c")


@change
def moved_between_folders(root):
    os.rename(root / "a" / "deep" / "deeper" / "x.md", root / "b" / "deep" / "x2.md")


@change
def file_replaced_by_rename_time_put_back(root):
    p = root / "c" / "0.md"
    st = os.stat(p)
    q = root / "c" / "tmp"
    q.write_bytes(p.read_bytes().replace(b"c 0", b"C 0"))
    os.utime(q, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(q, p)


@change
def non_utf8_top_folder(root):
    folder = root / os.fsdecode(b"d\xe9j\xe0")
    folder.mkdir()
    (folder / "x.md").write_text(article("latin1 folder"))


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_change_after_digests_were_kept(pooled, open_library, root, tmp_path, name):
    lib = _settled(root, open_library)
    CHANGES[name](root)
    _check(lib, root, tmp_path)


@pytest.mark.parametrize("content", ["an article", "no article"])
def test_a_top_level_folder_whose_name_is_not_utf8(pooled, open_library, root, tmp_path, content):
    lib = _settled(root, open_library)
    folder = root / os.fsdecode(b"d\xe9j\xe0")
    folder.mkdir()
    if content == "an article":
        (folder / "x.md").write_text(article("latin1 folder"))
    else:
        (folder / "picture.png").write_bytes(b"\x89PNG")
    stats = lib.refresh()
    assert stats.parsed == 0
    assert [p.path for p in stats.unreadable] == (
        [os.fsdecode(b"d\xe9j\xe0/x.md")] if content == "an article" else []
    )
    assert _states(lib) == _as_fresh(lib, root, tmp_path)
    assert lib.refresh().parsed == 0


@pytest.fixture
def in_process(monkeypatch):
    """The workers' folders compared in this process, one after the other
    (so that a test can change the disk between a folder's fingerprint and
    its scan, whatever the pool's start method)."""

    def serial(function, root, batches, cancel=None, worker_start=None):
        for batch in batches:
            yield batch, function(root, batch)

    monkeypatch.setattr(rescan_module, "pool_map", serial)
    monkeypatch.setattr(
        rescan_module, "call_apart", lambda function, root, item, *rest: function(root, item)
    )


def test_a_folder_swapped_while_it_was_compared(
    pooled, in_process, open_library, root, tmp_path, monkeypatch
):
    """The folder is another directory when its fingerprint is made and the
    indexed one again when it is scanned (an atomic swap of a folder, twice
    over): the digest kept must not stand for the other directory."""
    lib = _settled(root, open_library)
    other = tmp_path / "other"
    for name in ("x.md", "y.md", "z.md"):
        write(other, name, article(f"other {name}"))
    aside = tmp_path / "aside"

    def swap_in_other():
        os.rename(root / "a", aside)
        os.rename(other, root / "a")

    def swap_back():
        os.rename(root / "a", other)
        os.rename(aside, root / "a")

    real_scan = rescan_module.scan_flat

    def scan_after_swapping_back(at, folder, **kwargs):
        if folder == "a" and aside.exists():
            swap_back()
        return real_scan(at, folder, **kwargs)

    swap_in_other()
    with monkeypatch.context() as patch:
        patch.setattr(rescan_module, "scan_flat", scan_after_swapping_back)
        assert lib.refresh().parsed == 0  # the scan found the indexed folder
    assert not aside.exists()
    swap_in_other()  # for good, this time
    stats = lib.refresh()
    assert (stats.added, stats.removed) == (3, 4)
    assert _states(lib) == _as_fresh(lib, root, tmp_path)


def test_the_index_changed_before_the_digests_were_kept(
    pooled, in_process, open_library, root, tmp_path, monkeypatch, cache_dir
):
    """Another process indexes an edit between this rescan and the keeping
    of its digests: none is kept, and the edit is not lost."""
    lib = _settled(root, open_library)
    write(root, "b/deep/deeper/x.md", article("b deep, edited"))
    kept = _digests(lib)
    real_keep = rescan_module.keep_digests

    def keep_after_another_refresh(db, found):
        other = Library.open(root, cache_dir=cache_dir)
        try:
            assert other.refresh(parallel=False).updated == 1
        finally:
            other.close()
        real_keep(db, found)

    with monkeypatch.context() as patch:
        real_rescan = rescan_module.rescan

        def rescan_then_other(db, at, **kwargs):
            found = real_rescan(db, at, **kwargs)
            assert found is not None and set(found.on_disk) == {"b/deep/deeper/x.md"}
            keep_after_another_refresh(db, found)
            return found

        patch.setattr(rescan_module, "rescan", rescan_then_other)
        lib.refresh()
    assert _digests(lib) == kept  # (stale now: made before the other refresh)
    assert lib.summary("b/deep/deeper/x.md").title == "b deep, edited"
    _check(lib, root, tmp_path)


def test_a_folder_deleted_between_its_fingerprint_and_its_scan(
    pooled, in_process, open_library, root, tmp_path, monkeypatch
):
    lib = _settled(root, open_library)
    write(root, "c/new.md", article("new"))  # the fingerprint differs: c is scanned
    real_scan = rescan_module.scan_flat

    def delete_then_scan(at, folder, **kwargs):
        if folder == "c":
            shutil.rmtree(root / "c")
        return real_scan(at, folder, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(rescan_module, "scan_flat", delete_then_scan)
        stats = lib.refresh()
    assert stats.removed == 4 and not stats.unreadable
    _check(lib, root, tmp_path)


@pytest.mark.parametrize("where", ["a", "a/deep"])
def test_a_file_made_during_a_folders_scan_and_removed_after_is_not_kept(
    pooled, in_process, open_library, root, tmp_path, monkeypatch, where
):
    """The fingerprint sees the folder without the file, the scan with it;
    once it is gone again the folder is as fingerprinted, and the digest
    kept must not stand for the scan that indexed the file."""
    lib = _settled(root, open_library)
    write(root, "a/0.md", article("a 0, edited"))  # the fingerprint differs: a is scanned
    real_scan = rescan_module.scan_flat

    def make_then_scan(at, folder, **kwargs):
        if folder == "a":
            write(root, f"{where}/during.md", article("made during the scan"))
        return real_scan(at, folder, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(rescan_module, "scan_flat", make_then_scan)
        assert lib.refresh().added == 1
    os.remove(root / where / "during.md")
    assert lib.refresh().removed == 1
    _check(lib, root, tmp_path)


def test_hidden_names_made_at_a_folders_top_need_no_scan(
    pooled, in_process, open_library, root, tmp_path, monkeypatch
):
    """The library's own state folder, git's, an editor's swap file: the
    scan never reads them, and a folder where they come and go is not
    scanned again."""
    lib = _settled(root, open_library)
    kept = _digests(lib)
    (root / ".article-reader").mkdir()
    write(root, ".article-reader/device.json", "{}")
    write(root, "a/.0.md.swp", "swap")
    write(root, "b/0.md~", "backup")
    (root / "c" / ".git").mkdir()

    def no_scan(*args, **kwargs):
        raise AssertionError("scanned")

    with monkeypatch.context() as patch:
        patch.setattr(rescan_module, "scan_flat", no_scan)
        assert lib.refresh().parsed == 0
    assert _digests(lib) == kept
    _check(lib, root, tmp_path)
