"""Live changes are never missed: the file watcher and the session's queue of
updates, with the interleavings forced (a worker blocked on an event while
the files change again), and waits on signals rather than sleeps."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from reader.ui.session import LibrarySession
from reader.ui.watcher import SETTLE_NS, DiskState, LibraryWatcher

HANG_GUARD_MS = 20000  # generous: these waits end on a signal, not on time


def _article(title: str, body: str = "Body.") -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-02\n---\n\n{body}\n"


# -- the watcher ---------------------------------------------------------------------


@pytest.fixture
def watcher(qtbot):
    watcher = LibraryWatcher(debounce_ms=50, max_delay_ms=400)
    yield watcher
    watcher.clear()


def _reports(path: Path):
    return lambda paths: os.fspath(path) in paths


def test_watching_the_open_file_again_keeps_its_pending_events(qtbot, watcher, tmp_path):
    """The window watches the file it is about to read; doing so again for
    the same file must not drop an event that is already waiting (a new
    inotify watch would: Qt ignores what was queued for the old one)."""
    post = tmp_path / "post.md"
    post.write_text(_article("One"), encoding="utf-8")
    watcher.watch_file(os.fspath(post))
    with qtbot.waitSignal(watcher.changed, timeout=HANG_GUARD_MS, check_params_cb=_reports(post)):
        post.write_text(_article("Two"), encoding="utf-8")
        watcher.watch_file(os.fspath(post))  # before the event loop has read the event


def test_a_file_replaced_while_still_open_is_watched_again(qtbot, watcher, tmp_path):
    """An atomic save renames a new file over the watched one; while anything
    still holds the old file open, Qt keeps watching that old file."""
    post = tmp_path / "post.md"
    post.write_text(_article("One"), encoding="utf-8")
    watcher.watch_file(os.fspath(post))
    with open(post, "rb"):  # the old file stays alive
        with qtbot.waitSignal(watcher.changed, timeout=HANG_GUARD_MS):
            fresh = tmp_path / ".post.md.tmp"
            fresh.write_text(_article("Two"), encoding="utf-8")
            os.replace(fresh, post)
        with qtbot.waitSignal(
            watcher.changed, timeout=HANG_GUARD_MS, check_params_cb=_reports(post)
        ):
            post.write_text(_article("Three"), encoding="utf-8")  # in place, new file


def test_a_folder_deleted_and_created_again_is_watched_again(qtbot, watcher, tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    watcher.watch_folders([os.fspath(tmp_path), os.fspath(sub)])
    with qtbot.waitSignal(watcher.changed, timeout=HANG_GUARD_MS):
        shutil.rmtree(sub)
    with qtbot.waitSignal(
        watcher.changed, timeout=HANG_GUARD_MS, check_params_cb=_reports(tmp_path)
    ):
        sub.mkdir()
    assert os.fspath(sub) in watcher.folders()
    with qtbot.waitSignal(watcher.changed, timeout=HANG_GUARD_MS, check_params_cb=_reports(sub)):
        (sub / "new.md").write_text(_article("New"), encoding="utf-8")


def test_a_steady_stream_of_changes_is_still_reported(qtbot, watcher, tmp_path):
    """Each event restarts the quiet period; a file rewritten more often than
    that must not hold the batch back until it stops."""
    post = tmp_path / "busy.log.md"
    post.write_text("0", encoding="utf-8")
    watcher.watch_file(os.fspath(post))
    writes = {"left": 400}

    def write_again() -> None:
        writes["left"] -= 1
        post.write_text(str(writes["left"]), encoding="utf-8")
        if writes["left"] == 0:
            timer.stop()

    timer = QTimer()
    timer.setInterval(20)  # well inside the 50 ms quiet period
    timer.timeout.connect(write_again)
    with qtbot.waitSignal(watcher.changed, timeout=HANG_GUARD_MS):
        timer.start()
    assert writes["left"] > 0  # reported while the writes went on
    timer.stop()


def test_disk_state_tells_real_changes_from_reads(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(_article("One"), encoding="utf-8")
    before = DiskState.of(os.fspath(post))
    post.read_bytes()
    assert DiskState.of(os.fspath(post)) == before  # a read changes nothing we compare
    (tmp_path / "image.png").write_bytes(b"png")
    assert DiskState.of(os.fspath(post)).folder != before.folder  # an entry was added
    post.write_text(_article("Two, longer"), encoding="utf-8")
    assert DiskState.of(os.fspath(post)).file != before.file
    assert not before.settled()  # just written: times cannot vouch for the next change
    old = DiskState(before.file, before.folder, before.taken_ns + SETTLE_NS + 1)
    assert old.settled()


# -- the session's queue of updates -----------------------------------------------------


@pytest.fixture
def library_root(tmp_path) -> Path:
    root = tmp_path / "library"
    (root / "notes").mkdir(parents=True)
    (root / "a.md").write_text(_article("A"), encoding="utf-8")
    (root / "notes" / "b.md").write_text(_article("B"), encoding="utf-8")
    return root


@pytest.fixture
def session(qtbot, tmp_path, library_root):
    session = LibrarySession(cache_dir=os.fspath(tmp_path / "cache"))
    with qtbot.waitSignal(session.idle, timeout=HANG_GUARD_MS):
        session.open(os.fspath(library_root))
    yield session
    session.close()
    # Deliver what the finished jobs posted while the session is still alive.
    QCoreApplication.sendPostedEvents()


def test_a_change_during_a_refresh_that_fails_is_not_dropped(
    qtbot, session, library_root, monkeypatch
):
    library = session.library
    entered, release = threading.Event(), threading.Event()

    def failing_refresh(progress=None, cancel=None, **kwargs):
        entered.set()
        release.wait(30)
        raise OSError("the disk went away for a moment")

    monkeypatch.setattr(library, "refresh", failing_refresh)
    with qtbot.waitSignal(session.refreshed, timeout=HANG_GUARD_MS):
        session.refresh()
        assert entered.wait(30)
        (library_root / "late.md").write_text(_article("Late"), encoding="utf-8")
        session.update_paths([os.fspath(library_root)])  # from the watcher, mid-refresh
        release.set()
    assert library.summary("late.md") is not None


def test_changes_during_an_update_wait_and_coalesce(qtbot, session, library_root, monkeypatch):
    library = session.library
    original = library.update_paths
    calls: list[list[str]] = []
    running = {"now": 0, "most": 0}
    lock = threading.Lock()
    entered, release = threading.Event(), threading.Event()

    def blocking_update(paths, cancel=None):
        with lock:
            calls.append(sorted(os.path.basename(p) for p in paths))
            running["now"] += 1
            running["most"] = max(running["most"], running["now"])
        try:
            if len(calls) == 1:
                entered.set()
                release.wait(30)
            return original(paths, cancel)
        finally:
            with lock:
                running["now"] -= 1

    monkeypatch.setattr(library, "update_paths", blocking_update)
    first, second, third = (library_root / n for n in ("a.md", "c.md", "d.md"))
    first.write_text(_article("A2"), encoding="utf-8")
    session.update_paths([os.fspath(first)])
    assert entered.wait(30)
    second.write_text(_article("C"), encoding="utf-8")
    session.update_paths([os.fspath(second)])
    third.write_text(_article("D"), encoding="utf-8")
    session.update_paths([os.fspath(third)])
    with qtbot.waitSignal(session.idle, timeout=HANG_GUARD_MS):
        release.set()
    assert calls == [["a.md"], ["c.md", "d.md"]]  # one more update took both
    assert running["most"] == 1  # updates never overlap
    assert library.summary("a.md").title == "A2"
    assert library.summary("c.md") is not None and library.summary("d.md") is not None


def test_a_new_folder_is_watched_after_the_update_that_found_it(qtbot, session, library_root):
    new = library_root / "2024" / "06"
    new.mkdir(parents=True)
    (new / "june.md").write_text(_article("June"), encoding="utf-8")
    (library_root / "2024" / "assets").mkdir()  # no articles: not watched
    with qtbot.waitSignal(session.folders_ready, timeout=HANG_GUARD_MS) as blocker:
        session.update_paths([os.fspath(library_root)])
    folders = blocker.args[0]
    assert os.fspath(library_root / "2024") in folders
    assert os.fspath(new) in folders
    assert os.fspath(library_root / "notes") in folders
    assert os.fspath(library_root / "2024" / "assets") not in folders


def test_a_refresh_watches_the_top_and_every_folder_holding_articles(qtbot, session, library_root):
    deep = library_root / "2024" / "06" / "days"
    deep.mkdir(parents=True)
    (deep / "x.md").write_text(_article("X"), encoding="utf-8")
    (library_root / "assets").mkdir()  # no articles: not watched
    with qtbot.waitSignal(session.folders_ready, timeout=HANG_GUARD_MS) as blocker:
        session.refresh()
    expected = [library_root, library_root / "2024", library_root / "2024" / "06", deep]
    expected.append(library_root / "notes")
    assert blocker.args[0] == sorted(map(os.fspath, expected))


def test_the_library_folder_moved_away_and_back_is_told(qtbot, watcher, tmp_path):
    # Qt says nothing when a watched folder itself is moved; its watches went
    # with it, and a change inside came under the old paths
    root = tmp_path / "library"
    (root / "notes").mkdir(parents=True)
    watcher.watch_root(str(root))
    watcher.watch_folders([str(root), str(root / "notes")])
    assert watcher.folders() == sorted(watcher.folders()) and str(tmp_path) not in watcher.folders()
    reported: list[list[str]] = []
    watcher.changed.connect(reported.append)
    moved = tmp_path / "moved"
    with qtbot.waitSignal(watcher.root_changed, timeout=10000):
        root.rename(moved)
    (moved / "notes" / "new.md").write_text("x")
    qtbot.wait(1000)
    assert reported == []  # (not the library's: it is not there)
    with qtbot.waitSignal(watcher.root_changed, timeout=10000):
        moved.rename(root)
    watcher.rewatch()
    with qtbot.waitSignal(watcher.changed, timeout=10000) as changed:
        (root / "notes" / "later.md").write_text("y")
    assert str(root / "notes") in changed.args[0]
    (tmp_path / "unrelated.txt").write_text("z")  # the folder above: no library change
    qtbot.wait(600)
    assert all(str(tmp_path / "unrelated.txt") not in paths for paths in reported)


def test_a_file_with_an_empty_list_item_is_listed_and_later_files_too(qtbot, session, library_root):
    # "- " with its blank stopped the refresh ("string index out of range"),
    # and every update after it: no file added later was listed
    odd = library_root / "odd.md"
    odd.write_text("---\ntitle: Odd\ntags:\n- \n---\nbody\n", encoding="utf-8")
    with qtbot.waitSignal(session.refreshed, timeout=HANG_GUARD_MS):
        session.update_paths([os.fspath(odd)])
    later = library_root / "later.md"
    later.write_text(_article("Later"), encoding="utf-8")
    with qtbot.waitSignal(session.refreshed, timeout=HANG_GUARD_MS):
        session.update_paths([os.fspath(library_root)])
    assert session.library.summary("odd.md").title == "Odd"
    assert session.library.summary("later.md") is not None


def test_a_refresh_that_fails_on_a_mistake_of_ours_ends_its_progress_and_says_so(
    qtbot, session, monkeypatch
):
    def mistaken_refresh(progress=None, cancel=None, **kwargs):
        progress(0, 10, "")
        raise IndexError("string index out of range")

    monkeypatch.setattr(session.library, "refresh", mistaken_refresh)
    said: list[str] = []
    progress: list[tuple[str, int, int]] = []
    session.failed.connect(said.append)
    session.progress.connect(lambda *args: progress.append(args))
    with qtbot.waitSignal(session.idle, timeout=HANG_GUARD_MS):
        session.refresh()
    assert said == [
        "A mistake in Article Reader (IndexError: string index out of range); please report it"
    ]
    index = [(done, total) for what, done, total in progress if what == "index"]
    assert index and index[-1][0] >= index[-1][1] > 0  # over: the bar is hidden
