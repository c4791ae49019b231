"""The rescan of a large indexed library on a process pool finds exactly
what the plain scan and comparison find."""

from __future__ import annotations

import os
import shutil
import signal
import time
from functools import partial

import pytest

import reader.core.library.rescan as rescan_module
from reader.core.library.facade import Library
from reader.core.library.index import IndexDB, top_level
from reader.core.library.rescan import compare_folders, rescan
from reader.core.library.scan import SETTLE_NS as _REAL_SETTLE_NS  # (before the tests' patch)
from reader.core.library.scan import scan

from .libhelpers import article, index_connection, write


@pytest.fixture
def pooled(monkeypatch):
    """Small libraries take the pooled path too, on any machine."""
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 0)
    monkeypatch.setattr(rescan_module, "TOP_FILES_SHARE", 1.0)
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)


@pytest.fixture
def index_of():
    """The index of an open library, as its own IndexDB (closed at the end)."""
    opened = []

    def factory(lib):
        db = IndexDB(lib.index_path, str(lib.root))
        opened.append(db)
        return db

    yield factory
    for db in opened:
        db.close()


def _library(root):
    for folder in ("2019", "2020", "2021/deep", "gone", "later-hidden"):
        for number in range(3):
            write(root, f"{folder}/{number}.md", article(f"{folder} {number}"))
    write(root, "top.md", article("Top"))
    write(root, "top-edited.md", article("Top edited"))
    write(root, "2020/post (conflicted copy 2024-01-02).md", article("copy"))
    write(root, "2020/post.md", article("Original"))
    write(root, "node_modules/x.md", article("never an article"))
    _settle()


def _settle():
    """Wait until the folders just written are settled for a worker too:
    the tests' own process trusts a folder's times at once (SETTLE_NS is 0
    there, tests/conftest.py), a pool's worker only when it is a fork of
    it; one started by a forkserver (any test before left a thread behind)
    kept no fingerprint digest of a folder written 100 ms before."""
    time.sleep(_REAL_SETTLE_NS / 1e9 + 0.02)


def _change(root):
    write(root, "2019/0.md", article("2019 0, edited, and longer"))
    os.remove(root / "2020" / "1.md")
    write(root, "2021/deep/new.md", article("New"))
    shutil.rmtree(root / "gone")
    os.rename(root / "later-hidden", root / ".hidden")
    write(root, "top-edited.md", article("Top edited once more"))
    write(root, "top-new.md", article("Top new"))
    write(root, "fresh/only.md", article("A new folder"))


def _expected(lib):
    """The plain way: every file against every row."""
    on_disk = scan(lib.root)
    with index_connection(lib) as conn:
        rows = conn.execute("SELECT path, mtime_ns, size, ctime_ns, inode FROM articles")
        states = {row[0]: tuple(row[1:]) for row in rows}
    changed = {p for p, st in on_disk.items() if states.get(p) != tuple(st)}
    gone = set(states) - set(on_disk)
    return on_disk, changed, gone


def _assert_as_a_fresh_index(lib, root, tmp_path):
    """``lib``'s index lists what a fresh one, filled the plain way, lists."""
    fresh = Library.open(root, cache_dir=tmp_path / "fresh-cache")
    try:
        fresh.refresh(parallel=False)

        def listing(library):
            return sorted((r.path, r.title, r.size) for r in library.query())

        assert listing(lib) == listing(fresh)
        assert lib.sync_conflicts() == fresh.sync_conflicts()
    finally:
        fresh.close()


def test_the_pooled_rescan_finds_what_the_plain_one_finds(pooled, open_library, root, index_of):
    _library(root)
    lib = open_library()
    assert lib.count() == 18  # the conflict copy is set aside
    _change(root)
    on_disk, changed, gone = _expected(lib)
    assert changed == {
        "2019/0.md",
        "2021/deep/new.md",
        "top-edited.md",
        "top-new.md",
        "fresh/only.md",
    }
    assert gone == {"2020/1.md", *(f"gone/{n}.md" for n in range(3))} | {
        f"later-hidden/{n}.md" for n in range(3)
    }
    found = rescan(index_of(lib), str(lib.root))
    assert found is not None
    assert set(found.on_disk) == changed
    assert set(found.indexed) == gone | {"2019/0.md", "top-edited.md"}
    assert found.unchanged == len(on_disk) - len(changed)
    assert (
        found.on_disk.copies
        == on_disk.copies
        == {"2020/post (conflicted copy 2024-01-02).md": "2020/post.md"}
    )


def test_refresh_through_the_pool_leaves_the_index_a_full_scan_builds(
    pooled, open_library, root, tmp_path
):
    _library(root)
    lib = open_library()
    _change(root)
    stats = lib.refresh()
    assert (stats.added, stats.updated, stats.removed) == (3, 2, 7)
    assert stats.scanned == stats.unchanged + 5
    _assert_as_a_fresh_index(lib, root, tmp_path)
    again = lib.refresh()
    assert again.parsed == again.removed == 0 and again.unchanged == again.scanned == 14


def test_a_symbolic_link_means_the_plain_scan(pooled, open_library, root, index_of):
    _library(root)
    os.symlink(root / "2019", root / "2021" / "linked")
    lib = open_library()
    assert rescan(index_of(lib), str(lib.root)) is None
    assert lib.refresh().parsed == 0


def test_small_libraries_and_one_core_scan_the_plain_way(open_library, root, monkeypatch, index_of):
    _library(root)
    lib = open_library()
    db = index_of(lib)
    assert rescan(db, str(lib.root)) is None  # below PARALLEL_RESCAN
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 0)
    assert rescan(db, str(lib.root)) is None  # three files at the top of 18: too many
    monkeypatch.setattr(rescan_module, "TOP_FILES_SHARE", 1.0)
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    assert rescan(db, str(lib.root)) is not None
    monkeypatch.setattr(rescan_module, "workers", lambda: 1)
    assert rescan(db, str(lib.root)) is None  # one core


def test_top_level_steps_over_each_folder(open_library, root):
    for rel in ["a.md", "a/1.md", "a/2.md", "a-b/1.md", "a.b.md", "a0.md", "b/c/d.md", "z.md"]:
        write(root, rel, article(rel))
    lib = open_library()
    with index_connection(lib) as conn:
        files, folders = top_level(conn, 100)
        assert set(files) == {"a.md", "a.b.md", "a0.md", "z.md"}
        assert folders == {"a", "a-b", "b"}
        with pytest.raises(OverflowError):
            top_level(conn, 2)


def _digests(lib):
    with index_connection(lib) as conn:
        rows = conn.execute("SELECT key, value FROM meta WHERE key LIKE 'folder-digest:%'")
        return dict(rows.fetchall())


def test_an_unchanged_library_keeps_its_folder_digests(pooled, open_library, root):
    _library(root)
    lib = open_library()
    assert _digests(lib) == {}  # the first rescan parsed everything
    lib.refresh()
    kept = _digests(lib)
    assert set(kept) == {
        f"folder-digest:{f}" for f in ("2019", "2020", "2021", "gone", "later-hidden")
    }
    lib.refresh()
    assert _digests(lib) == kept


def test_a_kept_digest_spares_reading_the_rows(pooled, open_library, root, monkeypatch, index_of):
    from reader.core.library.rescan import compare_folders

    _library(root)
    lib = open_library()
    lib.refresh()
    db = index_of(lib)
    [[part]] = [compare_folders(str(root), [(str(db.path), "2019", None)])]
    digest = part.digest

    def no_rows(conn, folder):
        raise AssertionError("the index was read")

    monkeypatch.setattr(rescan_module, "states_under", no_rows)
    [part] = compare_folders(str(root), [(str(db.path), "2019", digest)])
    assert (part.unchanged, part.changed, part.states) == (3, {}, {})
    write(root, "2019/1.md", article("2019 1 edited"))  # the digest changes with the file
    with pytest.raises(AssertionError, match="the index was read"):
        compare_folders(str(root), [(str(db.path), "2019", digest)])


@pytest.mark.parametrize(
    "change",
    [
        "same size edit",
        "mtime put back",
        "replaced by rename",
        "link added",
        "new file",
        "removed",
        "renamed",
        "index changed",
    ],
)
def test_changes_after_the_digests_were_kept_are_found(pooled, open_library, root, change):
    _library(root)
    lib = open_library()
    lib.refresh()
    assert _digests(lib)
    path = root / "2020" / "2.md"
    before = os.stat(path)
    if change == "same size edit":
        text = path.read_bytes()
        path.write_bytes(text.replace(b"2020 2", b"2020 X"))
        stats = lib.refresh()
        assert stats.updated == 1 and lib.summary("2020/2.md").title == "2020 X"
    elif change in ("mtime put back", "replaced by rename"):
        # as cp -p / rsync -t leave it: same size, the old modification time
        text = path.read_bytes().replace(b"2020 2", b"2020 Y")
        if change == "mtime put back":
            path.write_bytes(text)
        else:
            (root / "2020" / ".tmp-new").write_bytes(text)
            os.replace(root / "2020" / ".tmp-new", path)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert os.stat(path).st_mtime_ns == before.st_mtime_ns
        assert os.stat(path).st_size == before.st_size
        stats = lib.refresh()
        assert stats.updated == 1 and lib.summary("2020/2.md").title == "2020 Y"
    elif change == "link added":
        listed = [row.path for row in lib.query()]
        os.symlink(root / "2019" / "0.md", root / "2020" / "link.md")
        stats = lib.refresh()  # a link anywhere: the plain scan, the file listed once
        assert stats.parsed == 0
        assert [row.path for row in lib.query()] == listed
    elif change == "new file":
        write(root, "2021/deep/more.md", article("More"))
        assert lib.refresh().added == 1
    elif change == "removed":
        path.unlink()
        assert lib.refresh().removed == 1 and lib.summary("2020/2.md") is None
    elif change == "renamed":
        path.rename(root / "2021" / "deep" / "moved.md")
        stats = lib.refresh()
        assert (stats.added, stats.removed) == (1, 1) and lib.summary("2020/2.md") is None
        assert lib.summary("2021/deep/moved.md").title == "2020 2"
    else:
        # The index changes without the disk (another process's refresh, say):
        # every kept digest is stale, and the plain comparison puts the row back.
        with index_connection(lib) as conn:
            conn.execute("DELETE FROM articles WHERE path = '2020/2.md'")
        assert lib.refresh().added == 1
    assert lib.refresh().parsed == 0


def test_a_folders_fingerprint_changes_with_what_its_scan_depends_on(root):
    from reader.core.library.scan import fingerprint

    for rel in ("a/1.md", "a/2.html", "a/deep/3.md", "a/node_modules/x.md", "a/.git/HEAD"):
        write(root, rel, article(rel))
    write(root, "a/picture.png", b"\x89PNG")
    first = fingerprint(root, "a")
    assert first is not None and fingerprint(root, "a") == first
    # what the scan never enters does not matter, nor do those folders' own
    # times (a new name there: git, or the library's own state at its top)
    write(root, "a/node_modules/x.md", article("x, edited"))
    write(root, "a/.git/HEAD", "ref: refs/heads/other\n")
    write(root, "a/.git/index.lock", "")
    os.replace(root / "a" / ".git" / "index.lock", root / "a" / ".git" / "index")
    write(root, "a/node_modules/new/y.md", article("y"))
    assert fingerprint(root, "a") == first
    # nor do the names it skips, made or changed (an editor's leftovers,
    # the library's own hidden state folder), nor the folder's own times
    write(root, "a/notes.txt~", "an editor's leftover")
    write(root, "a/#draft.md#", "an autosave")
    write(root, "a/.1.md.swp", "a swap file")
    (root / "a" / ".article-reader").mkdir()
    os.chmod(root / "a" / ".article-reader", 0o700)
    os.utime(root / "a", ns=(1, 1))
    assert fingerprint(root, "a") == first
    # (a sub-folder's times are: a file made and removed in it while it was
    # scanned is then found, as the folder's own stamp finds it at its top)
    write(root, "a/deep/.hidden.md", article("hidden"))
    assert fingerprint(root, "a") != first
    first = fingerprint(root, "a")

    def edit_in_place_time_put_back():
        path = root / "a" / "deep" / "3.md"
        before = os.stat(path)
        path.write_bytes(path.read_bytes().replace(b"deep", b"DEEP"))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    changes = [
        edit_in_place_time_put_back,
        lambda: write(root, "a/deep/new.md", article("new")),
        lambda: (root / "a" / "2.html").rename(root / "a" / "2.htm"),
        lambda: os.remove(root / "a" / "1.md"),
        lambda: os.chmod(root / "a" / "2.htm", 0o600),
        lambda: (root / "a" / "sub").mkdir(),  # a new name is a change
        lambda: os.chmod(root / "a" / "sub", 0o700),  # and a folder's mode
        lambda: write(root, "a/notes.txt", "a file named as no article"),
        lambda: os.chmod(root / "a", 0o700),  # the folder's own mode
    ]
    seen = {first}
    for change in changes:
        change()
        now = fingerprint(root, "a")
        assert now is not None and now not in seen, change
        seen.add(now)


@pytest.mark.parametrize("what", ["link", "conflict copy", "temporary", "fifo folder"])
def test_no_fingerprint_where_the_scan_must_decide(root, what):
    from reader.core.library.scan import fingerprint

    write(root, "a/1.md", article("one"))
    write(root, "a/b/2.md", article("two"))
    if what == "link":
        os.symlink(root / "a" / "1.md", root / "a" / "b" / "linked.md")
    elif what == "conflict copy":
        write(root, "a/b/2 (conflicted copy 2024-01-02).md", article("copy"))
    elif what == "temporary":
        write(root, "a/b/.2.md.0a1b2c3d.artmp", "half")
    else:
        os.mkfifo(root / "a" / "b" / "pipe.md")
        assert fingerprint(root, "a") is not None  # a pipe is no article, and never opened
        return
    assert fingerprint(root, "a") is None
    assert fingerprint(root, "missing") is None


def test_a_sites_output_beside_its_configuration_is_not_entered_by_a_fingerprint(root):
    from reader.core.library.scan import fingerprint

    write(root, "a/1.md", article("one"))
    write(root, "a/public/index.md", article("generated"))
    write(root, "a/my_config.yml", "a look-alike of a configuration\n")
    first = fingerprint(root, "a")
    write(root, "a/public/index.md", article("generated again, and longer"))
    second = fingerprint(root, "a")
    assert second != first  # no site here: its public folder is entered
    write(root, "a/_config.yml", "title: A site\n")
    beside = fingerprint(root, "a")
    write(root, "a/public/index.md", article("generated a third time, longer still"))
    assert fingerprint(root, "a") == beside  # a site's output: never entered
    os.remove(root / "a" / "_config.yml")
    assert fingerprint(root, "a") not in (beside, None)
    write(root, "a/public/index.md", article("generated once more, and longer again"))
    assert fingerprint(root, "a") != beside


@pytest.mark.parametrize("others", [0, 1, 40])
def test_a_temporary_file_among_other_hidden_names_means_no_fingerprint(root, others):
    from reader.core.library.scan import fingerprint

    write(root, "a/1.md", article("one"))
    for number in range(others):  # the listing's order is the system's: any place
        write(root, f"a/.hidden-{number}", "")
        write(root, f"a/{number}.txt", "")
    assert fingerprint(root, "a") is not None
    write(root, "a/.1.md.0a1b2c3d.artmp", "half")
    assert fingerprint(root, "a") is None
    os.remove(root / "a" / ".1.md.0a1b2c3d.artmp")
    write(root, "a/.1.md.0a1b2c3d.artmp.not", "")  # a look-alike is no temporary file
    assert fingerprint(root, "a") is not None


def test_an_unchanged_folder_costs_its_fingerprint_alone(
    pooled, open_library, root, monkeypatch, index_of
):
    from reader.core.library.rescan import compare_folders

    _library(root)
    lib = open_library()
    lib.refresh()
    kept = _digests(lib)
    assert kept["folder-digest:2019"].split(" ")[1].startswith("q:")
    assert kept["folder-digest:2019"].endswith(":3")  # its count of articles
    # a conflict copy in 2020: its digest is made the old way, from the scan
    assert not kept["folder-digest:2020"].split(" ")[1].startswith("q:")
    assert lib.refresh().parsed == 0 and _digests(lib) == kept

    def no_scan(*args, **kwargs):
        raise AssertionError("the folder was scanned")

    monkeypatch.setattr(rescan_module, "scan_flat", no_scan)
    monkeypatch.setattr(rescan_module, "states_under", no_scan)
    db = index_of(lib)
    digest = kept["folder-digest:2021"].split(" ")[1]
    [part] = compare_folders(str(root), [(str(db.path), "2021", digest)])
    assert (part.unchanged, part.changed, part.states, part.digest) == (3, {}, {}, digest)
    write(root, "2021/deep/0.md", article("2021 0 edited"))
    with pytest.raises(AssertionError, match="the folder was scanned"):
        compare_folders(str(root), [(str(db.path), "2021", digest)])


def test_a_site_keeps_digests_made_from_its_scan(pooled, open_library, root):
    _library(root)
    write(root, "_config.yml", "title: A site\n")
    write(root, "source/_posts/a.md", article("A post"))
    lib = open_library()
    lib.refresh()
    assert all(not value.split(" ")[1].startswith("q:") for value in _digests(lib).values())
    assert lib.refresh().parsed == 0


@pytest.mark.parametrize("start", [None, "spawn"])
def test_a_windows_library_has_its_fingerprint_made_in_a_worker(root, tmp_path, monkeypatch, start):
    """A library opened by a window (``responsive``) has the fingerprint of
    a large library taken as one folder made wholly in a worker process, at
    its first load, its refreshes and the watcher's updates of its top: at
    a million names, listing, joining and encoding them on a thread of the
    window's process kept its thread waiting for the interpreter's lock."""
    from reader.core.library.scan import fingerprint

    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 5)
    monkeypatch.setattr(rescan_module, "APART_FILES", 10)  # (a library "this large")
    _flat(root)
    serial = fingerprint(root, "")
    here = os.getpid()
    made_here = []

    def only_apart(function):
        def guarded(*args, **kwargs):
            if os.getpid() == here:  # (a forked worker runs it too: allowed there)
                made_here.append(function.__name__)
            return function(*args, **kwargs)

        return guarded

    monkeypatch.setattr(rescan_module, "fingerprint", only_apart(rescan_module.fingerprint))
    monkeypatch.setattr(
        rescan_module, "stat_on_every_core", only_apart(rescan_module.stat_on_every_core)
    )
    with Library.open(root, cache_dir=tmp_path / "cache") as lib:
        lib.responsive = True
        assert lib.refresh(worker_start=start).added == 13  # the first load
        kept = {"folder-digest:": f"{_changes(lib)} q:{serial}:13"}
        assert _digests(lib) == kept  # (made before its scan: see before_first_load)
        stats = lib.refresh(worker_start=start)
        assert (stats.unchanged, stats.parsed) == (13, 0)
        assert _digests(lib) == kept
        write(root, "07.md", article("Flat 7, edited"))
        assert lib.refresh(worker_start=start).updated == 1
        write(root, "new.md", article("New at the top"))
        assert lib.update_paths([root]).added == 1  # (the watcher's way)
        assert lib.summary("new.md").title == "New at the top"
        assert list(_digests(lib)) == ["folder-digest:"]
    assert made_here == []
    with Library.open(root, cache_dir=tmp_path / "cache") as lib:  # not a window's
        assert lib.refresh().unchanged == 14
    assert made_here  # (the guard itself sees this process's fingerprints)


@pytest.mark.parametrize("why", ["copy", "temporary"])
def test_a_windows_library_without_a_fingerprint_is_compared_in_a_worker(
    root, tmp_path, monkeypatch, why
):
    """A large library taken as one folder whose fingerprint cannot be
    made (a sync tool's copy, a killed writer's file at its top) is, for a
    window, scanned and compared in a worker: the scan and every row on the
    window's threads went past 1 GB at a million files.  What changed is
    found all the same, the copy noted, and no digest kept."""
    import reader.core.library.scan as scan_module

    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 5)
    monkeypatch.setattr(rescan_module, "APART_FILES", 10)
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    for number in range(12):
        write(root, f"{number:02d}.md", article(f"Flat {number}"))
    here = os.getpid()
    scanned_here = []

    def only_apart(function):
        def guarded(*args, **kwargs):
            if os.getpid() == here:
                scanned_here.append(args)
            return function(*args, **kwargs)

        return guarded

    with Library.open(root, cache_dir=tmp_path / "cache") as lib:
        lib.responsive = True
        assert lib.refresh().added == 12
        if why == "copy":
            write(root, "03 (conflicted copy 2024-01-02).md", article("Flat 3, elsewhere"))
        else:
            write(root, ".03.md.0a1b2c3d.artmp", "half")
        monkeypatch.setattr(rescan_module, "scan", only_apart(rescan_module.scan))
        monkeypatch.setattr(scan_module, "scan", only_apart(scan_module.scan))
        write(root, "05.md", article("Flat 5, edited"))
        os.remove(root / "07.md")
        stats = lib.refresh(worker_start="spawn")
        assert (stats.updated, stats.removed, stats.unchanged) == (1, 1, 10)
        assert lib.summary("05.md").title == "Flat 5, edited"
        write(root, "new.md", article("New at the top"))
        assert lib.update_paths([root]).added == 1  # (the watcher's way)
        assert lib.count() == 12
        if why == "copy":
            assert lib.sync_conflicts() == {"03.md": ["03 (conflicted copy 2024-01-02).md"]}
        now = _changes(lib)  # (the first load's digest stays, at an older count)
        assert not any(value.startswith(f"{now} ") for value in _digests(lib).values())
        assert scanned_here == []


@pytest.mark.parametrize("stage", ["fingerprint", "compare", "update"])
def test_a_windows_update_cancelled_stops_at_once_without_the_plain_scan(
    root, tmp_path, monkeypatch, stage
):
    """Cancelled (the window closing) while its worker fingerprints or
    compares the library, the watcher's update of the top ends without the
    plain scan on this process's threads instead (closing waited seconds
    for it at a million files), says it was cancelled, and leaves the index
    as it was: the next update finds the change."""
    import reader.core.library.refresh as refresh_module
    import reader.core.library.scan as scan_module

    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 5)
    monkeypatch.setattr(rescan_module, "APART_FILES", 10)
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    for number in range(12):
        write(root, f"{number:02d}.md", article(f"Flat {number}"))
    starts = []
    call_apart = refresh_module.call_apart

    asked = [0]  # times cancel() was asked since the last process was asked for

    def noted(function, root, item, cancel=None, worker_start=None):
        starts.append(worker_start)
        asked[0] = 0
        return call_apart(function, root, item, cancel, worker_start)

    monkeypatch.setattr(rescan_module, "call_apart", noted)
    with Library.open(root, cache_dir=tmp_path / "cache") as lib:
        lib.responsive = True
        lib.worker_start = "spawn"  # (as a window names forkserver: never fork)
        lib.refresh()
        assert starts and set(starts) == {"spawn"}  # (the library's own way, for every process)
        starts.clear()
        write(root, "new.md", article("New at the top"))

        def cancel():  # true while the stage's process runs (asked once before it starts)
            asked[0] += 1
            running = len(starts) == (1 if stage == "fingerprint" else 2) and asked[0] > 1
            return stage == "update" or running

        def not_here(*args, **kwargs):
            raise AssertionError("scanned in this process")

        with monkeypatch.context() as patched:
            patched.setattr(scan_module, "scan", not_here)
            patched.setattr(rescan_module, "scan", not_here)
            stats = lib.update_paths([root], cancel)
        assert stats.cancelled and stats.added == 0
        assert lib.summary("new.md") is None
        assert starts == {"update": [], "fingerprint": ["spawn"], "compare": ["spawn"] * 2}[stage]
        assert lib.update_paths([root]).added == 1
        assert lib.summary("new.md").title == "New at the top"


def test_a_windows_small_library_has_its_fingerprint_made_in_its_own_process(
    whole, open_library, root, monkeypatch
):
    """Below APART_FILES no process is started for the fingerprint (100-200
    ms each refresh); and none for a fingerprint that cannot be made (on
    Windows): the library is then compared in a worker (compare_whole)."""
    import reader.core.library.refresh as refresh_module

    started = []

    def no_process(work, **kwargs):
        started.append(work.job[0])  # (the function call_apart was given)
        raise AssertionError("a process started")

    monkeypatch.setattr(refresh_module, "run_apart", no_process)
    _flat(root)
    lib = open_library()
    lib.responsive = True
    lib.refresh()
    assert lib.refresh().unchanged == 13
    assert list(_digests(lib)) == ["folder-digest:"]
    assert set(started) <= {rescan_module.compare_whole}  # (no fingerprint made apart)
    monkeypatch.setattr(rescan_module, "APART_FILES", 1)
    monkeypatch.setattr(rescan_module, "can_fingerprint", lambda: False)  # (Windows)
    called = []

    def compare_only(function, *args):
        called.append(function)
        assert function is rescan_module.compare_whole, "a process started for no fingerprint"
        return rescan_module.compare_whole(*args[:2])  # (here: the same answer)

    monkeypatch.setattr(rescan_module, "call_apart", compare_only)
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    assert lib.refresh().unchanged == 13
    assert called == [rescan_module.compare_whole]


def _changes(lib):
    with index_connection(lib) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()[0]


def test_a_refresh_that_changed_the_index_keeps_its_digests(pooled, open_library, root):
    # its own writes were the only changes since the scan: the digests hold at
    # the new count, and the next rescan neither scans nor reads those folders
    _library(root)
    lib = open_library()
    lib.refresh()
    write(root, "2019/1.md", article("2019 1, edited"))
    (root / "2021" / "deep" / "2.md").unlink()
    stats = lib.refresh()
    assert (stats.updated, stats.removed) == (1, 1)
    kept = _digests(lib)
    assert kept and {value.split(" ")[0] for value in kept.values()} == {str(_changes(lib))}
    assert lib.refresh().parsed == 0 and _digests(lib) == kept
    assert lib.summary("2019/1.md").title == "2019 1, edited"


def test_digests_are_not_kept_over_another_writers_change(
    pooled, open_library, root, cache_dir, monkeypatch
):
    import reader.core.library.refresh as refresh_module

    _library(root)
    lib = open_library()
    lib.refresh()
    other = Library.open(root, cache_dir=cache_dir)
    real_sync = refresh_module.sync
    done = []

    def another_writer_first(*args, **kwargs):
        # after this refresh's scan, before its own writes: another process
        if not done:
            done.append(True)
            write(root, "2020/0.md", article("2020 0, by the other"))
            other.refresh(parallel=False)
        return real_sync(*args, **kwargs)

    write(root, "2019/1.md", article("2019 1, edited"))
    monkeypatch.setattr(refresh_module, "sync", another_writer_first)
    try:
        lib.refresh()
    finally:
        monkeypatch.setattr(refresh_module, "sync", real_sync)
        other.close()
    counts = {value.split(" ")[0] for value in _digests(lib).values()}
    assert str(_changes(lib)) not in counts  # stale: the next rescan compares
    assert lib.refresh().parsed == 0
    assert lib.summary("2020/0.md").title == "2020 0, by the other"
    assert lib.summary("2019/1.md").title == "2019 1, edited"


def _compare_and_interrupt(*args, **kwargs):
    """``compare_folders`` that first sends Ctrl+C to the pool's owner."""
    os.kill(os.getppid(), signal.SIGINT)
    return compare_folders(*args, **kwargs)


def test_ctrl_c_while_the_pool_compares_is_raised_when_the_rescan_gives_up(
    pooled, open_library, root, index_of, monkeypatch
):
    # (review) the rescan gave up on a linked article while the pool held a
    # Ctrl+C: the pool's generator was left to the collector, which printed
    # "Exception ignored" and dropped it; the command went on, exit 0
    _library(root)
    lib = open_library()
    os.symlink(root / "2019" / "0.md", root / "2019" / "zz-link.md")  # (in the first batch)
    monkeypatch.setattr(rescan_module, "compare_folders", _compare_and_interrupt)
    with pytest.raises(KeyboardInterrupt):
        # forked, whatever threads this process has (after the window's
        # tests, a forkserver's worker had neither the patch nor this
        # process for its parent)
        rescan(index_of(lib), str(lib.root), worker_start="fork")


def test_a_relative_cache_folder_works_with_the_pool(pooled, root, tmp_path, monkeypatch):
    # (review) `index --cache-dir c7 LIB` a second time: the pooled rescan
    # made a URI of the relative index path, exit 70
    _library(root)
    monkeypatch.chdir(tmp_path)
    with Library.open(root, cache_dir="relative-cache") as lib:
        lib.refresh()
    _change(root)
    with Library.open(root, cache_dir="relative-cache") as lib:
        stats = lib.refresh()
        assert stats.parsed >= 5


@pytest.fixture
def whole(monkeypatch):
    """Small libraries are taken as one folder, as a large one whose files
    are at its top (say a scraper's folder) is."""
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 0)


def _flat(root):
    write(root, ".article-reader/schema.toml", "")  # (the library's own folder)
    for number in range(12):
        write(root, f"{number:02d}.md", article(f"Flat {number}"))
    write(root, "notes/inside.md", article("Inside"))
    write(root, "node_modules/x.md", article("never an article"))
    _settle()


def test_a_library_of_files_at_its_top_is_taken_as_one_folder(
    whole, open_library, root, monkeypatch, index_of
):
    _flat(root)
    lib = open_library()
    assert lib.refresh().unchanged == 13
    [kept] = _digests(lib).values()
    assert list(_digests(lib)) == ["folder-digest:"]  # (the whole library's)

    def no_scan(*args, **kwargs):
        raise AssertionError("scanned")

    monkeypatch.setattr(rescan_module, "scan", no_scan)
    monkeypatch.setattr(IndexDB, "file_states", no_scan)
    stats = lib.refresh()  # the fingerprint alone: no scan, no rows read
    assert (stats.scanned, stats.unchanged, stats.parsed) == (13, 13, 0)
    assert _digests(lib) == {"folder-digest:": kept}
    # the library's own state, written at its top, is no change to its articles
    write(root, ".article-reader/device.json.tmp", "{}")
    os.replace(root / ".article-reader" / "device.json.tmp", root / ".article-reader" / "x.json")
    assert lib.refresh().unchanged == 13
    write(root, "notes/inside.md", article("Inside, edited"))
    # not the digest kept: compared in a worker, whose scan (patched: it
    # raises, there too) failed, and the plain way is left to the caller
    monkeypatch.setattr(rescan_module, "call_apart", _apart_here)
    assert rescan(index_of(lib), str(lib.root)) is None


@pytest.mark.parametrize(
    "change", ["same size edit", "new file", "removed", "renamed", "copy", "link", "index"]
)
def test_changes_to_a_library_taken_as_one_folder_are_found(
    whole, open_library, root, tmp_path, change
):
    _flat(root)
    lib = open_library()
    lib.refresh()
    assert _digests(lib)
    path = root / "05.md"
    if change == "same size edit":
        before = os.stat(path)
        path.write_bytes(path.read_bytes().replace(b"Flat 5", b"Flat X"))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "new file":
        write(root, "notes/deeper/new.md", article("New"))
    elif change == "removed":
        path.unlink()
    elif change == "renamed":
        path.rename(root / "notes" / "moved.md")
    elif change == "copy":  # a sync tool's conflict copy: no fingerprint, the plain scan
        write(root, "05 (conflicted copy 2024-01-02).md", article("Flat 5, elsewhere"))
    elif change == "link":  # no fingerprint either
        os.symlink(root / "00.md", root / "notes" / "link.md")
    else:  # the index changed without the disk: the digest kept is stale
        with index_connection(lib) as conn:
            conn.execute("DELETE FROM articles WHERE path = '05.md'")
    lib.refresh()
    _assert_as_a_fresh_index(lib, root, tmp_path)
    assert lib.refresh().parsed == 0


def test_the_librarys_own_state_folder_at_its_top_needs_no_compare(
    whole, open_library, root, monkeypatch
):
    """Made at the first mark of a library of files at its top, the hidden
    state folder changes the top folder's names and times; the scan never
    reads it, and at a million files the compare cost 20 s and 800 MB."""
    write(root, "01.md", article("One"))
    write(root, "02.md", article("Two"))
    lib = open_library()
    lib.refresh()
    [kept] = _digests(lib).values()
    (root / ".article-reader").mkdir()
    write(root, ".article-reader/device.json", "{}")
    write(root, ".01.md.swp", "an editor's swap file")

    def no_scan(*args, **kwargs):
        raise AssertionError("scanned")

    with monkeypatch.context() as patched:
        patched.setattr(rescan_module, "scan", no_scan)
        patched.setattr(IndexDB, "file_states", no_scan)
        assert lib.refresh().unchanged == 2
    assert list(_digests(lib).values()) == [kept]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_made_during_the_whole_librarys_scan_and_removed_after_is_not_kept(
    whole, open_library, root, monkeypatch, workers
):
    """The fingerprint sees the top without the file, the scan with it; once
    it is gone again the top is as fingerprinted: the digest kept must not
    stand for the scan that indexed it."""
    monkeypatch.setattr(rescan_module, "workers", lambda: workers)
    _flat(root)
    lib = open_library()
    lib.refresh()
    write(root, "05.md", article("Flat 5, edited"))  # the fingerprint differs
    real_scan = rescan_module.scan

    def make_then_scan(at, *args, **kwargs):
        write(root, "during.md", article("made during the scan"))
        return real_scan(at, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(rescan_module, "scan", make_then_scan)
        patched.setattr(rescan_module, "pool_map", _in_this_process)
        patched.setattr(rescan_module, "call_apart", _apart_here)
        assert lib.refresh().added == 1
    os.remove(root / "during.md")
    assert lib.refresh().removed == 1
    assert lib.refresh().parsed == 0


def _apart_here(function, root, item, cancel=None, worker_start=None):
    """``call_apart`` here, whatever start method a process would have (a
    test's patches reach it; an earlier test's threads made it forkserver)."""
    try:
        return function(root, item)
    except Exception:  # (as call_apart: the callers have another way)
        return None


def _in_this_process(function, root, batches, cancel=None, worker_start=None):
    """``pool_map`` one batch after the other here (a test's patches reach it)."""
    for batch in batches:
        yield batch, function(root, batch)


def test_a_file_made_during_a_first_loads_scan_and_removed_after_is_not_kept(
    root, tmp_path, monkeypatch
):
    import reader.core.library.scan as scan_module

    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 5)
    _flat(root)
    real_scan = scan_module.scan

    def make_then_scan(at, *args, **kwargs):
        write(root, "during.md", article("made during the scan"))
        return real_scan(at, *args, **kwargs)

    with Library.open(root, cache_dir=tmp_path / "cache") as lib:
        with monkeypatch.context() as patched:
            patched.setattr(scan_module, "scan", make_then_scan)
            assert lib.refresh().added == 14
        assert _digests(lib) == {}  # (the top changed between the fingerprint and the scan)
        os.remove(root / "during.md")
        assert lib.refresh().removed == 1


def test_one_core_takes_the_library_as_one_folder(whole, open_library, root, monkeypatch):
    monkeypatch.setattr(rescan_module, "workers", lambda: 1)
    for folder in ("2019", "2020"):
        for number in range(3):
            write(root, f"{folder}/{number}.md", article(f"{folder} {number}"))
    lib = open_library()
    lib.refresh()
    assert list(_digests(lib)) == ["folder-digest:"]
    write(root, "2020/1.md", article("2020 1, edited"))
    assert lib.refresh().updated == 1
    assert lib.summary("2020/1.md").title == "2020 1, edited"


def test_a_site_is_never_taken_as_one_folder(whole, open_library, root):
    write(root, "_config.yml", "title: A site\n")
    for number in range(4):
        write(root, f"source/_posts/{number}.md", article(f"Post {number}"))
    lib = open_library()
    lib.refresh()
    assert _digests(lib) == {}  # (its content rules depend on more than its files)


def test_a_large_folders_entries_are_stat_ed_on_every_core(whole, open_library, root, monkeypatch):
    """The fingerprint of a folder of many files (SPLIT_NAMES, lowered here)
    has its entries stat-ed by a pool, a part for each core: the same
    fingerprint as one process makes, and a change is still found."""
    import reader.core.library.scan as scan_module
    from reader.core.library.scan import fingerprint

    _flat(root)
    serial = fingerprint(root, "")
    monkeypatch.setattr(scan_module, "SPLIT_NAMES", 1)
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    pooled = partial(rescan_module.stat_on_every_core, worker_start="spawn")
    assert serial is not None and fingerprint(root, "", pooled) == serial
    lib = open_library()
    lib.refresh()
    assert _digests(lib) == {"folder-digest:": f"{_changes(lib)} q:{serial}:13"}
    write(root, "07.md", article("Flat 7, edited"))
    assert lib.refresh().updated == 1
    assert lib.summary("07.md").title == "Flat 7, edited"

    def gone(folder, names):  # (a file removed between the listing and its stat)
        raise FileNotFoundError(2, "No such file or directory")

    assert fingerprint(root, "", gone) is None
    assert fingerprint(root, "", lambda folder, names: b"\0" * 8) is None  # short


def _changes(lib):
    with index_connection(lib) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()[0]


@pytest.mark.parametrize("fulltext", [False, True])
def test_a_first_load_keeps_the_digest_of_a_library_taken_as_one_folder(
    root, tmp_path, monkeypatch, fulltext
):
    """The first reopen after the first index of a large library of files
    at its top reads nothing either (at a million: 1.3 GB to compare)."""
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 5)
    _flat(root)
    with Library.open(root, cache_dir=tmp_path / "cache") as lib:
        assert lib.refresh(fulltext=fulltext).added == 13
        [(key, kept)] = _digests(lib).items()
        assert key == "folder-digest:" and kept.endswith(":13")

        def no_scan(*args, **kwargs):
            raise AssertionError("scanned")

        with monkeypatch.context() as patched:
            patched.setattr(rescan_module, "scan", no_scan)
            patched.setattr(IndexDB, "file_states", no_scan)
            assert lib.refresh().unchanged == 13
        write(root, "04.md", article("Flat 4, edited"))
        assert lib.refresh().updated == 1


@pytest.mark.parametrize("what", ["unreadable", "few files", "conflict copy"])
def test_a_first_load_keeps_no_digest_it_cannot_stand_by(root, tmp_path, monkeypatch, what):
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 5)
    _flat(root)
    if what == "unreadable":
        os.mkfifo(root / "pipe.md")
    elif what == "few files":
        monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 50)
    else:
        write(root, "03 (conflicted copy 2024-01-02).md", article("Flat 3, elsewhere"))
    with Library.open(root, cache_dir=tmp_path / "cache") as lib:
        lib.refresh()
        assert _digests(lib) == {}


def test_a_library_taken_as_one_folder_is_split_again_once_its_files_are_in_folders(
    whole, open_library, root, monkeypatch
):
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    _flat(root)
    lib = open_library()
    lib.refresh()
    assert list(_digests(lib)) == ["folder-digest:"]
    for number in range(12):  # sorted into two folders, as a user might
        folder = "early" if number < 6 else "late"
        (root / folder).mkdir(exist_ok=True)
        os.rename(root / f"{number:02d}.md", root / folder / f"{number:02d}.md")
    stats = lib.refresh()  # the plain scan (the fingerprint differs), no new digest kept
    assert (stats.added, stats.removed) == (12, 12)
    lib.refresh()  # split by the pool, each folder's digest kept
    assert set(_digests(lib)) == {f"folder-digest:{f}" for f in ("early", "late", "notes")}
    assert lib.refresh().parsed == 0


def _spy_on_the_pool(monkeypatch):
    """The functions handed to worker processes (the pool, or a process of
    their own), by name, in order."""
    handed: list[str] = []

    def spying_on(real):
        def spy(function, *args, **kwargs):
            handed.append(function.__name__)
            return real(function, *args, **kwargs)

        return spy

    monkeypatch.setattr(rescan_module, "pool_map", spying_on(rescan_module.pool_map))
    monkeypatch.setattr(rescan_module, "call_apart", spying_on(rescan_module.call_apart))
    return handed


@pytest.mark.parametrize("change", ["edited", "same size edit", "new", "removed", "copy", "fifo"])
def test_a_change_the_watcher_saw_in_a_large_folder_is_compared_in_a_worker(
    pooled, open_library, root, tmp_path, monkeypatch, change
):
    _library(root)
    lib = open_library()
    handed = _spy_on_the_pool(monkeypatch)
    path = root / "2019" / "1.md"
    if change == "edited":
        write(root, "2019/1.md", article("2019 1, edited, and longer"))
    elif change == "same size edit":
        before = os.stat(path)
        path.write_bytes(path.read_bytes().replace(b"2019 1", b"2019 X"))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "new":
        write(root, "2019/deeper/new.md", article("New"))
    elif change == "removed":
        path.unlink()
    elif change == "copy":
        write(root, "2019/1 (conflicted copy 2024-01-02).md", article("2019 1, elsewhere"))
    else:
        os.mkfifo(root / "2019" / "pipe.md")
    stats = lib.update_paths([root / "2019"])
    assert handed == ["compare_folder"]
    assert stats.scanned == 3 + (change == "new") - (change == "removed")
    assert stats.parsed == (change in ("edited", "same size edit", "new"))
    assert stats.unchanged == stats.scanned - stats.parsed
    _assert_as_a_fresh_index(lib, root, tmp_path)
    assert [p.path for p in lib.unreadable()] == (["2019/pipe.md"] if change == "fifo" else [])
    # the other folders were not looked at
    write(root, "2020/0.md", article("2020 0, edited meanwhile"))
    assert lib.update_paths([root / "2019"]).parsed == 0
    assert lib.summary("2020/0.md").title == "2020 0"


@pytest.mark.parametrize("when", ["before", "during"])
def test_a_change_in_a_large_folder_cancelled_stops_at_once_without_the_plain_scan(
    pooled, open_library, root, monkeypatch, when
):
    """Cancelled (the window closing) before or while a process of its own
    compares the folder the watcher saw change, the update ends without
    the plain scan here, says it was cancelled, and leaves the index as it
    was: the next update finds the change."""
    import reader.core.library.scan as scan_module

    _library(root)
    lib = open_library()
    lib.worker_start = "spawn"  # (as a window names forkserver: never fork)
    handed = _spy_on_the_pool(monkeypatch)
    write(root, "2019/new.md", article("New in 2019"))
    asked = []  # cancel() asked once the compare's process was asked for

    def cancel():  # true from the start, or once that process runs (not before it starts)
        if handed:
            asked.append(1)
        return when == "before" or len(asked) > 1

    def not_here(*args, **kwargs):
        raise AssertionError("scanned in this process")

    with monkeypatch.context() as patched:
        patched.setattr(scan_module, "scan", not_here)
        patched.setattr(rescan_module, "scan", not_here)
        stats = lib.update_paths([root / "2019"], cancel)
    assert stats.cancelled and stats.added == 0
    assert handed == ([] if when == "before" else ["compare_folder"])
    assert (len(asked) >= 2) == (when == "during")
    assert lib.summary("2019/new.md") is None
    assert lib.update_paths([root / "2019"]).added == 1
    assert lib.summary("2019/new.md").title == "New in 2019"


@pytest.mark.parametrize("parallel", [False, True])
def test_a_large_folders_update_cancelled_after_its_compare_stops_reading(
    pooled, open_library, root, tmp_path, monkeypatch, parallel
):
    """A checkout changed every file of a large folder: cancelled once the
    compare has answered, the update stops reading them (closing the window
    waited for every parse), leaves the rest as it was indexed, and the next
    update reads them."""
    import reader.core.library.refresh as refresh_module

    if parallel:
        monkeypatch.setattr(refresh_module, "PARALLEL_THRESHOLD", 10)
    for number in range(60):
        write(root, f"sub/{number:02d}.md", article(f"Sub {number}"))
    lib = open_library()
    lib.worker_start = "spawn"  # (as a window names forkserver: never fork)
    for number in range(60):
        write(root, f"sub/{number:02d}.md", article(f"Sub {number}, checked out anew"))
    answered = []
    real = rescan_module.call_apart

    def noting(*args, **kwargs):
        answer = real(*args, **kwargs)
        answered.append(answer)
        return answer

    monkeypatch.setattr(rescan_module, "call_apart", noting)
    stats = lib.update_paths([root / "sub"], lambda: bool(answered))
    assert answered and answered[0] is not None  # (the compare itself was not cancelled)
    assert stats.cancelled and stats.parsed < 60
    titles = [row.title for row in lib.query()]
    assert len(titles) == 60 and sum("anew" in title for title in titles) == stats.parsed
    assert lib.update_paths([root / "sub"]).parsed == 60 - stats.parsed
    _assert_as_a_fresh_index(lib, root, tmp_path)


def test_a_large_folder_holding_a_link_is_not_scanned_again_here(
    pooled, open_library, root, tmp_path, monkeypatch
):
    """The compare's process met a symbolic link in the folder: the whole
    library's scan takes over (an article reached through a link is listed
    once), without the folder scanned again here first."""
    import reader.core.library.scan as scan_module

    _library(root)
    lib = open_library()
    os.symlink(root / "2020", root / "2019" / "link")
    write(root, "2019/new.md", article("New in 2019"))
    scanned = []
    real_scan = scan_module.scan

    def noting_scan(at, *args, **kwargs):
        scanned.append(args[:1])
        return real_scan(at, *args, **kwargs)

    handed = _spy_on_the_pool(monkeypatch)
    with monkeypatch.context() as patched:
        patched.setattr(scan_module, "scan", noting_scan)
        patched.setattr(rescan_module, "scan", noting_scan)
        stats = lib.update_paths([root / "2019"])
    assert handed[0] == "compare_folder"
    assert ("2019",) not in scanned
    assert stats.added == 1 and lib.summary("2019/new.md").title == "New in 2019"
    _assert_as_a_fresh_index(lib, root, tmp_path)


def test_a_refresh_cancelled_before_it_starts_hands_out_no_work(
    pooled, open_library, root, tmp_path
):
    """Cancelled before the pool's first folder is handed out (the window
    closing as a refresh begins), no process compares anything: closing
    waited for the folders in flight."""
    _library(root)
    lib = open_library()
    _change(root)
    from concurrent.futures import ProcessPoolExecutor

    submitted = []
    real_submit = ProcessPoolExecutor.submit

    def noting_submit(pool, function, *args, **kwargs):
        submitted.append(function.__name__)
        return real_submit(pool, function, *args, **kwargs)

    asked = []

    def cancel():  # false for the rescan's own first look, true after it
        asked.append(1)
        return len(asked) > 1

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(ProcessPoolExecutor, "submit", noting_submit)
        stats = lib.refresh(cancel=cancel)
    assert submitted == [] and stats.cancelled and stats.parsed == 0
    assert lib.refresh().parsed > 0
    _assert_as_a_fresh_index(lib, root, tmp_path)


def test_a_compare_stopped_by_a_signal_only_noted_is_not_taken_as_whole(
    pooled, open_library, root, tmp_path, monkeypatch
):
    """Ctrl+C while the pool compares the folders, under a handler that only
    notes it (the command line's, while a bulk edit finishes): the pool
    stops, and the folders it did not compare are not taken as empty (the
    edited article's row was left stale, the digests of the folders not
    compared thrown away): the library is compared the plain way instead."""
    for folder in range(12):
        for number in range(5):
            write(root, f"f{folder:02d}/{number}.md", article(f"T{folder} {number}"))
    lib = open_library()
    later = time.time_ns() + 10**9
    os.utime(write(root, "f11/0.md", article("Edited")), ns=(later, later))
    real_pool_map = rescan_module.pool_map

    def interrupted_pool_map(function, at, batches, cancel=None, worker_start=None):
        def handed_out():
            for number, batch in enumerate(batches):
                if number == 1:
                    os.kill(os.getpid(), signal.SIGINT)
                yield batch

        return real_pool_map(function, at, handed_out(), cancel, worker_start)

    noted = []
    monkeypatch.setattr(rescan_module, "pool_map", interrupted_pool_map)
    previous = signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum))
    try:
        stats = lib.update_paths([root])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert noted == [signal.SIGINT]
    assert not stats.cancelled and stats.scanned == 60 and stats.updated == 1
    assert lib.summary("f11/0.md").title == "Edited"
    _assert_as_a_fresh_index(lib, root, tmp_path)


def _unreadable_while(monkeypatch, broken):
    """Files named ``*bad.md`` cannot be read while ``broken[0]`` is true."""
    import reader.core.library.refresh as refresh_module
    from reader.core.library.records import PathProblem

    real = refresh_module.read_record

    def read_record(at, rel, *args, **kwargs):
        if rel.endswith("bad.md") and broken[0]:
            return PathProblem(rel, "cannot read: Permission denied")
        return real(at, rel, *args, **kwargs)

    monkeypatch.setattr(refresh_module, "read_record", read_record)


def _cancelled_at(call):
    """A cancel() that turns true at its ``call``-th asking."""
    asked = []

    def cancel():
        asked.append(1)
        return len(asked) >= call

    return cancel


def test_a_cancelled_update_of_the_top_forgets_no_file_it_did_not_read(
    open_library, root, monkeypatch
):
    _unreadable_while(monkeypatch, [True])
    write(root, "a.md", article("A"))
    write(root, "sub/bad.md", article("Bad"))
    lib = open_library()
    assert [p.path for p in lib.unreadable()] == ["sub/bad.md"]
    stats = lib.update_paths([root], _cancelled_at(3))
    assert stats.cancelled and stats.parsed == 0
    assert [p.path for p in lib.unreadable()] == ["sub/bad.md"]


def test_a_cancelled_update_forgets_a_file_it_read_since(open_library, root, monkeypatch):
    broken = [True]
    _unreadable_while(monkeypatch, broken)
    write(root, "sub/a-bad.md", article("Bad"))
    write(root, "sub/b.md", article("B"))
    lib = open_library()
    assert [p.path for p in lib.unreadable()] == ["sub/a-bad.md"]
    broken[0] = False  # (its permissions mended)
    later = time.time_ns() + 10**9
    os.utime(write(root, "sub/b.md", article("B, edited")), ns=(later, later))
    stats = lib.update_paths([root / "sub"], _cancelled_at(4))
    assert stats.cancelled and lib.summary("sub/a-bad.md").title == "Bad"
    assert lib.summary("sub/b.md").title == "B"  # (not read: cancelled first)
    assert lib.unreadable() == []


def test_a_first_load_cancelled_before_it_starts_makes_no_fingerprint(root, tmp_path, monkeypatch):
    """A window closed as its first load begins: no fingerprint of the
    library is made first (0.2 s at 50,000 files, for nothing)."""

    def not_made(*args, **kwargs):
        raise AssertionError("a fingerprint was made")

    _flat(root)
    monkeypatch.setattr(rescan_module, "before_first_load", not_made)
    with Library.open(root, cache_dir=tmp_path / "cache") as lib:
        lib.responsive = True
        stats = lib.refresh(cancel=lambda: True)
        assert stats.cancelled and lib.count() == 0


def test_a_small_folder_or_one_core_is_compared_here(pooled, open_library, root, monkeypatch):
    _library(root)
    lib = open_library()
    handed = _spy_on_the_pool(monkeypatch)
    write(root, "2019/0.md", article("2019 0, edited, and longer"))
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 4)  # the folder holds 3
    assert lib.update_paths([root / "2019"]).updated == 1
    monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 3)
    monkeypatch.setattr(rescan_module, "workers", lambda: 1)
    write(root, "2019/0.md", article("2019 0, edited twice, and longer"))
    assert lib.update_paths([root / "2019"]).updated == 1
    assert handed == []
    assert lib.summary("2019/0.md").title == "2019 0, edited twice, and longer"


def test_a_change_the_watcher_saw_at_the_top_is_compared_as_a_refresh_compares(
    whole, open_library, root, tmp_path, monkeypatch
):
    _flat(root)
    lib = open_library()
    lib.refresh()
    monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    handed = _spy_on_the_pool(monkeypatch)
    write(root, "new.md", article("New at the top"))
    (root / "03.md").unlink()
    stats = lib.update_paths([root])
    assert (stats.added, stats.removed) == (1, 1)
    assert handed == ["compare_whole"]  # not scanned in this process
    _assert_as_a_fresh_index(lib, root, tmp_path)
    assert _digests(lib)  # kept: the next look at the top costs its fingerprint alone
    assert lib.update_paths([root]).parsed == 0
    assert handed[1:] == []


def test_the_index_says_whether_a_folder_holds_a_number_of_articles(open_library, root, index_of):
    _library(root)
    db = index_of(open_library())
    assert db.holds_at_least("2019", 3) and not db.holds_at_least("2019", 4)
    assert db.holds_at_least("2021", 3) and db.holds_at_least("2021/deep", 3)
    assert not db.holds_at_least("2019/deep", 1) and not db.holds_at_least("201", 1)
    assert db.holds_at_least("", 18) and not db.holds_at_least("", 19)
    assert db.holds_at_least("nowhere", 0)


def test_a_change_at_the_top_does_not_wait_for_another_first_load(open_library, root):
    # (it waited for the other's turn, up to half an hour, holding the
    # library: a window could not close until the other process was done)
    import threading

    lib = open_library()  # an empty library: its index is empty
    write(root, "a.md", article("A"))
    other = IndexDB(lib.index_path, str(lib.root))
    try:
        with other.first_load_turn():  # another process's first load
            stats: list = []
            worker = threading.Thread(target=lambda: stats.append(lib.update_paths([root])))
            worker.start()
            worker.join(60)
            assert not worker.is_alive()
    finally:
        other.close()
    assert stats[0].added == 1 and lib.summary("a.md").title == "A"


@pytest.mark.parametrize("forced", [False, True])
@pytest.mark.parametrize("link", ["file", "folder"])
def test_an_article_reached_through_a_link_in_a_folder_is_listed_once(
    open_library, root, tmp_path, monkeypatch, forced, link
):
    if forced:  # the folder compared in a worker
        monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 0)
        monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    _library(root)
    lib = open_library()
    if link == "file":
        os.symlink(os.path.join("..", "2020", "0.md"), root / "2019" / "link.md")
    else:
        os.symlink(os.path.join("..", "2021"), root / "2019" / "linked")
    lib.update_paths([root / "2019"])
    _assert_as_a_fresh_index(lib, root, tmp_path)


def test_a_folder_whose_name_is_not_utf8_is_said_unreadable(open_library, root, tmp_path):
    _library(root)
    lib = open_library()
    name = os.fsdecode(b"caf\xe9")
    os.mkdir(os.path.join(root, name))
    write(root, f"{name}/inside.md", article("Inside"))
    lib.update_paths([root / name])  # (raised UnicodeEncodeError)
    _assert_as_a_fresh_index(lib, root, tmp_path)
    with Library.open(root, cache_dir=tmp_path / "another") as fresh:
        fresh.refresh()
        assert lib.unreadable() == fresh.unreadable()
    assert [p.path for p in lib.unreadable()] == [f"{name}/inside.md"]


def test_a_library_whose_folder_is_gone_keeps_its_index(open_library, root, tmp_path):
    from reader.core.library.facade import LibraryError

    _library(root)
    lib = open_library()
    count = lib.count()
    away = tmp_path / "unmounted"
    os.rename(root, away)
    with pytest.raises(LibraryError, match="not there now"):
        lib.update_paths([root, root / "2019", root / "2019" / "0.md"])
    with pytest.raises(LibraryError, match="not there now"):
        lib.refresh()
    assert lib.count() == count  # (every row was dropped: all read again once it was back)
    os.rename(away, root)
    stats = lib.refresh()
    assert stats.parsed == 0 and stats.unchanged == count


@pytest.mark.parametrize("pooled_way", [False, True])
@pytest.mark.parametrize("what", ["refresh", "folder"])
def test_a_library_whose_folder_goes_during_the_scan_keeps_its_index(
    open_library, root, tmp_path, monkeypatch, what, pooled_way
):
    """The drive is unmounted while the scan runs: the scan finds nothing,
    which is no reason to drop every row (all read again once it is back)."""
    import reader.core.library.scan as scan_module
    from reader.core.library.facade import LibraryError

    if pooled_way:  # (the compare in a process of its own, the folder gone after it)
        monkeypatch.setattr(rescan_module, "PARALLEL_RESCAN", 0)
        monkeypatch.setattr(rescan_module, "workers", lambda: 2)
    _library(root)
    lib = open_library()
    count = lib.count()
    away = tmp_path / "unmounted"
    write(root, "2019/new.md", article("New"))
    real_scan = scan_module.scan
    real_apart = rescan_module.call_apart

    def scan_then_go(at, *args, **kwargs):
        found = real_scan(at, *args, **kwargs)
        os.rename(root, away)
        return found

    def apart_then_go(*args, **kwargs):
        answer = real_apart(*args, **kwargs)
        os.rename(root, away)
        return answer

    with monkeypatch.context() as patched:
        if pooled_way and what == "folder":
            patched.setattr(rescan_module, "call_apart", apart_then_go)
        else:
            patched.setattr(scan_module, "scan", scan_then_go)
            patched.setattr(rescan_module, "scan", scan_then_go)
        with pytest.raises(LibraryError, match="not there now"):
            if what == "refresh":
                lib.refresh(parallel=False)
            else:
                lib.update_paths([root / "2019"])
    assert lib.count() == count
    os.rename(away, root)
    stats = lib.refresh()
    assert stats.added == 1 and stats.removed == 0
    _assert_as_a_fresh_index(lib, root, tmp_path)


def test_a_folders_names_in_pieces_make_the_same_fingerprint(root, monkeypatch):
    """A large folder's names are joined, searched and digested a piece at
    a time (a whole million in one call held the interpreter's lock): with
    pieces of three names the fingerprint is the one of a single piece, and
    what is in a later piece is found there."""
    import reader.core.library.scan as scan_module
    from reader.core.library.scan import fingerprint

    listdir = os.listdir  # in name order: which piece a name falls in is then known
    monkeypatch.setattr(os, "listdir", lambda where=".": sorted(listdir(where)))
    for number in range(11):
        write(root, f"a/{number:02d}.md", article(f"article {number}"))
    write(root, "a/sub/deep.md", article("deep"))
    write(root, "a/.hidden", "")
    write(root, "a/zz-notes~", "")
    whole = fingerprint(root, "a")
    assert whole is not None
    monkeypatch.setattr(scan_module, "_PIECE_NAMES", 3)
    assert fingerprint(root, "a") == whole
    write(root, "a/zz.swp", "")  # skipped, last in the last piece (".hidden" first in the first)
    assert fingerprint(root, "a") == whole
    write(root, "a/10.md", article("article 10, edited to be longer"))
    edited = fingerprint(root, "a")
    assert edited not in (whole, None)
    write(root, "a/10 (Conflicted copy).md", article("article 10"))
    assert fingerprint(root, "a") is None  # a sync tool's copy: the scan decides
    os.remove(root / "a" / "10 (Conflicted copy).md")
    write(root, "a/.10.md.0a1b2c3d.artmp", "half")
    assert fingerprint(root, "a") is None  # a killed writer's file: the scan sweeps it
    os.remove(root / "a" / ".10.md.0a1b2c3d.artmp")
    assert fingerprint(root, "a") == edited
    monkeypatch.setattr(scan_module, "_PIECE_NAMES", 32_768)
    assert fingerprint(root, "a") == edited
    write(root, "a/_config.yml", "title: A site\n")  # the site's output, never entered
    write(root, "a/public/index.md", article("generated"))
    beside = fingerprint(root, "a")
    monkeypatch.setattr(scan_module, "_PIECE_NAMES", 2)
    assert fingerprint(root, "a") == beside
    write(root, "a/public/index.md", article("generated again, and longer"))
    assert fingerprint(root, "a") == beside
