"""Closing a library (and rebuilding its index) while other threads use it.

Closing an SQLite connection while another thread is inside a statement on
it can crash the process, so the risky sequences run in a child process:
a crash fails the test instead of killing pytest.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from reader.core.edit.journal import Journal
from reader.core.library.facade import CacheError, Library, LibraryClosed
from reader.core.library.index import IndexDB, is_interrupted

from .libhelpers import article, write

REPO = Path(__file__).resolve().parents[2]
HANG_GUARD = 300  # seconds: a child that takes longer hung

# The child: a generated library with a full-text index in shards (several
# tables: a search uses helper threads), then rounds of threads that list,
# stream, search, count, make the taxonomy and write, while the main thread
# closes the library under them.  Each thread goes on until it meets
# LibraryClosed (what close() stopped) or is told the library was closed (a
# call after close() opens the index again, as it always did); nothing else.
# One more thread holds a stream open, half read, as close() comes.
CHILD = r"""
import itertools, json, random, sys, threading
from pathlib import Path

import reader.core.library.index as index_module
import reader.core.library.refresh as refresh_module
from reader.core.library.facade import Library, LibraryClosed
from tests.fixtures.library_gen import write_library

root, cache, rounds, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
index_module._cores = lambda: 4  # helper threads for every search, even on one core
refresh_module.BULK_THRESHOLD = 100  # the first index in shards, as a large library's
rng = random.Random(seed)
write_library(root, 1200, size=1200)
with Library.open(root, cache_dir=cache) as lib:
    stats = lib.refresh(parallel=True, worker_start="forkserver", fulltext=True)
    assert stats.parallel, stats
    # (shards: a search asks several tables, on helper threads)
    assert list(lib.index_path.parent.glob(lib.index_path.name + "-fts*-0")), "no shards"

KINDS = (
    "iter_query", "iter_query_lines", "iter_find", "search", "search_query",
    "query", "count", "taxonomy", "listing", "write", "paused_stream",
)


def step(lib, kind, number, started):
    if kind == "iter_query":
        for position, _ in enumerate(lib.iter_query()):
            if position == 5:
                started.set()  # closed, maybe, while the stream waits here
    elif kind == "iter_query_lines":
        for position, _ in enumerate(lib.iter_query_lines()):
            if position == 5:
                started.set()
    elif kind == "iter_find":
        for position, _ in enumerate(lib.iter_find("the OR a")):
            if position == 5:
                started.set()
    elif kind == "search":
        lib.search("the", limit=50)
    elif kind == "search_query":
        lib.search_query("the -zzz", limit=50)
    elif kind == "query":
        lib.query()
    elif kind == "count":
        lib.count()
    elif kind == "taxonomy":
        lib.taxonomy()
    elif kind == "listing":
        for position, _ in enumerate(lib.listing()):  # summaries read a page at a time
            if position == 500:
                break
    elif kind == "write":
        path = root / f"written-{threading.get_ident()}.md"
        path.write_text(f"---\ntitle: Written {number}\n---\nbody {number}\n", encoding="utf-8")
        lib.update_paths([path])
    started.set()


def run(lib, kind, started, outcome, closed):
    try:
        if kind == "paused_stream":
            rows = lib.iter_query_lines()
            next(rows)
            started.set()
            assert closed.wait(120)
            for _ in rows:
                pass
        for number in itertools.count():
            if closed.is_set():
                outcome.append("stopped")
                return
            step(lib, kind, number, started)
    except LibraryClosed:
        outcome.append("LibraryClosed")
    except BaseException as exc:
        outcome.append(f"{type(exc).__name__}: {exc}")
        started.set()


outcomes = {kind: [] for kind in KINDS}
for _ in range(rounds):
    lib = Library.open(root, cache_dir=cache)
    events = {kind: threading.Event() for kind in KINDS}
    closed = threading.Event()
    threads = [
        threading.Thread(target=run, args=(lib, kind, events[kind], outcomes[kind], closed))
        for kind in KINDS
    ]
    for thread in threads:
        thread.start()
    for event in events.values():
        assert event.wait(120), "a thread never got going"
    threading.Event().wait(rng.random() * 0.02)  # somewhere else in each round
    lib.close()
    closed.set()
    for thread in threads:
        thread.join(120)
        assert not thread.is_alive(), "a thread hung after close()"
    lib.close()  # twice: harmless (and closes what was opened again since)
with Library.open(root, cache_dir=cache) as lib:  # opened again: whole, not rebuilt
    outcomes["reopened"] = [lib.rebuilt, lib.count()]
print(json.dumps(outcomes))
"""


def _run_child(tmp_path: Path, rounds: int, seed: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONFAULTHANDLER": "1"}
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(tmp_path / "lib"),
            str(tmp_path / "cache"),
            str(rounds),
            str(seed),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert child.returncode == 0, (child.returncode, child.stderr[-4000:])
    return json.loads(child.stdout.splitlines()[-1])


def test_close_while_threads_list_search_count_and_write_never_crashes(tmp_path):
    rounds = 12
    outcomes = _run_child(tmp_path, rounds, seed=1)
    reopened = outcomes.pop("reopened")
    assert outcomes.pop("paused_stream") == ["LibraryClosed"] * rounds
    for kind, seen in outcomes.items():
        assert len(seen) == rounds and set(seen) <= {"LibraryClosed", "stopped"}, (kind, seen)
    # an interrupted query is no damage: the index was never rebuilt
    assert reopened[0] is False and reopened[1] >= 1200


# -- in-process: each outcome, step by step (events, no timing) ---------------------


class Stall:
    """Every SQLite connection made meanwhile stalls the first statement over
    rows (see _STALLED) that the thread which called :meth:`arm` runs, until
    ``interrupt()`` is called on that connection (as close() does): a
    statement caught in the middle, whatever the library runs."""

    def __init__(self) -> None:
        self.thread: int | None = None
        self.entered = threading.Event()

    def arm(self) -> None:
        self.thread = threading.get_ident()


# The statements that stall: those that step through rows (SQLite looks at an
# interrupt between rows; a statement of one step runs to its end, and the
# next one of the same use still runs on the old connection).
_STALLED = re.compile(
    r"^(SELECT|DELETE|WITH)\b.*\bFROM (articles|entries)\b(?!.*\bLIMIT 1\b)", re.S
)


@pytest.fixture
def stall(monkeypatch) -> Stall:
    control = Stall()
    real_connect = sqlite3.connect

    class Stalling(sqlite3.Connection):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.interrupted = threading.Event()
            self.sql = ""
            self.set_trace_callback(self.trace)
            self.set_progress_handler(self.progress, 2)

        def trace(self, sql: str) -> None:
            self.sql = sql

        def progress(self) -> int:
            # (not the set-up of a new connection, its PRAGMAs, some not
            # traced: close() has not seen it yet)
            if control.thread == threading.get_ident() and _STALLED.search(self.sql):
                control.thread = None  # once
                control.entered.set()
                self.interrupted.wait(60)
            return 0  # (go on: the interrupt stops the statement)

        def interrupt(self) -> None:
            super().interrupt()
            self.interrupted.set()

    def connect(*args, **kwargs):
        kwargs.setdefault("factory", Stalling)
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    return control


def _in_thread(target) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(target())
        except BaseException as exc:  # (checked by the test)
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.fixture
def indexed(open_library, root, stall):
    for number in range(30):
        write(root, f"a{number:02}.md", article(f"Heron {number}", tags="[birds]"))
    return open_library(fulltext=True)


def _stalled(stall: Stall, call) -> tuple[threading.Thread, list[object]]:
    """``call()`` on a thread of its own, once its statement stalls."""

    def armed():
        stall.arm()
        return call()

    thread, outcome = _in_thread(armed)
    assert stall.entered.wait(60), outcome
    return thread, outcome


@pytest.mark.parametrize(
    "way",
    ["count", "query", "taxonomy", "search", "find", "iter_query", "listing", "update_paths"],
)
def test_close_stops_a_statement_running_on_another_thread(indexed, stall, cache_dir, way):
    lib = indexed
    calls = {
        "count": lib.count,
        "query": lib.query,
        "taxonomy": lib.taxonomy,
        "search": lambda: lib.search("heron"),
        "find": lambda: lib.find("heron tag:birds"),
        "iter_query": lambda: list(lib.iter_query()),
        "listing": lambda: lib.listing(),
        "update_paths": lambda: lib.update_paths([lib.root / "a00.md", lib.root / "gone.md"]),
    }
    resets: list[bool] = []
    real_reset = IndexDB.reset

    def reset(self):
        resets.append(True)
        real_reset(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(IndexDB, "reset", reset)
        thread, outcome = _stalled(stall, calls[way])
        lib.close()  # returns at once: the statement is still inside SQLite
        thread.join(30)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], LibraryClosed), outcome
    assert resets == []  # an interrupted query is no damage: nothing rebuilt
    with Library.open(lib.root, cache_dir=cache_dir) as again:
        assert not again.rebuilt and again.count() == 30


def test_a_write_stopped_by_close_is_rolled_back(indexed, stall):
    db = IndexDB(indexed.index_path, str(indexed.root))
    before = indexed.count()

    def delete_all():
        with db.write() as conn:
            conn.execute("DELETE FROM articles WHERE id > 0")

    thread, outcome = _stalled(stall, delete_all)
    db.close()
    thread.join(30)
    assert isinstance(outcome[0], LibraryClosed), outcome
    assert indexed.count() == before  # nothing of it was written
    assert db.count() == before  # (used again: opened again)
    db.close()


def _index_files_open(index: Path) -> int:
    """How many descriptors of this process are open on the index file."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(index):
                count += 1
        except OSError:
            pass
    return count


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="/proc")
def test_close_closes_the_connections_of_idle_threads_at_once(indexed):
    # every way of reading ends its use of its connection: none is left to
    # its thread to close later
    lib = indexed
    index = lib.index_path.resolve()

    def read_everything():
        lib.query()
        list(lib.iter_query())
        list(lib.iter_query_lines())
        lib.search("heron")
        lib.search_query("heron tag:birds")
        lib.count()
        lib.taxonomy()
        lib.find("heron")
        list(lib.listing())
        lib.fulltext_pending()
        lib.update_paths([lib.root / "a00.md"])
        return _index_files_open(index)

    thread, outcome = _in_thread(read_everything)
    thread.join(60)
    assert isinstance(outcome[0], int) and outcome[0] >= 2, outcome  # this thread's and main's
    lib.close()  # (the thread is alive no more; its connection is idle)
    assert _index_files_open(index) == 0


def test_a_stream_open_on_another_thread_ends_with_library_closed(indexed):
    lib = indexed
    paused, closed = threading.Event(), threading.Event()

    def stream():
        rows = lib.iter_query()
        next(rows)
        paused.set()
        assert closed.wait(30)
        return sum(1 for _ in rows)

    thread, outcome = _in_thread(stream)
    assert paused.wait(30)
    lib.close()
    closed.set()
    thread.join(30)
    assert isinstance(outcome[0], LibraryClosed), outcome


def test_a_stream_on_the_closing_thread_ends_with_library_closed(indexed):
    lines = indexed.iter_query_lines()
    next(lines)
    indexed.close()
    with pytest.raises(LibraryClosed):
        list(lines)


def test_a_rebuild_stops_a_statement_of_another_thread_and_waits_for_it(indexed, stall):
    # IndexDB.reset (a damaged index rebuilt) on one thread while another is
    # inside a statement: that one is stopped ("interrupted", not damage),
    # and the old file is deleted only once it has let go
    db = IndexDB(indexed.index_path, str(indexed.root))
    thread, outcome = _stalled(stall, db.count)
    db.reset()
    thread.join(30)
    assert isinstance(outcome[0], sqlite3.OperationalError), outcome
    assert is_interrupted(outcome[0])
    assert db.count() == 0  # the new, empty index
    follow, counted = _in_thread(db.count)
    follow.join(30)
    assert counted == [0]
    db.close()


def test_closed_twice_as_a_context_manager_and_opened_again(root, cache_dir):
    write(root, "a.md", article("Heron"))
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh()
        assert lib.count() == 1
    lib.close()  # again
    assert lib.count() == 1  # used after close: the index is opened again
    lib.close()
    with Library.open(root, cache_dir=cache_dir) as again:
        assert again.count() == 1 and not again.rebuilt


def test_journal_close_stops_an_operation_of_another_thread(tmp_path, stall):
    # the undo journal's one connection is shared by every thread: close()
    # interrupts an operation and closes the connection only after it
    journal = Journal(tmp_path / "journal.sqlite3")
    op = journal.begin("test")
    for number in range(20):
        journal.record(op, f"a{number}.md", b"old", b"new")
    thread, outcome = _stalled(stall, lambda: journal.entries(op))
    journal.close()
    thread.join(30)
    assert isinstance(outcome[0], CacheError), outcome
    with pytest.raises(CacheError):
        journal.moves(op)


def test_a_query_stopped_by_a_rebuild_on_another_thread_is_asked_again(indexed, stall, monkeypatch):
    # one thread finds the index damaged and rebuilds it (reset) while
    # another's query runs: that query is stopped, not crashed, and not
    # taken for damage of its own (no second rebuild): asked again, it
    # returns what the new index holds
    import reader.core.library.facade as facade_module

    lib = indexed
    resets: list[bool] = []
    real_reset = IndexDB.reset

    def reset(self):
        resets.append(True)
        real_reset(self)

    real_taxonomy = facade_module.cached_taxonomy
    damaged = [True]

    def taxonomy_of_a_damaged_index(db):
        if damaged:
            damaged.clear()
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real_taxonomy(db)

    monkeypatch.setattr(IndexDB, "reset", reset)
    monkeypatch.setattr(facade_module, "cached_taxonomy", taxonomy_of_a_damaged_index)
    thread, outcome = _stalled(stall, lib.query)
    assert lib.taxonomy() is not None  # (rebuilt the index: stops the query)
    thread.join(60)
    assert not thread.is_alive()
    assert [summary.path for summary in outcome[0]] == [s.path for s in lib.query()], outcome
    assert len(outcome[0]) == 30
    assert resets == [True]  # the damage's rebuild only


def test_a_rebuild_inside_a_use_waits_for_the_other_threads_use_only(indexed, stall, monkeypatch):
    # reset() inside a use of this thread's connection, which another thread
    # also uses (a stream's page read there): it waits for that use to end,
    # not for its own one (which cannot end before reset returns)
    import reader.core.library.index as index_module

    db = IndexDB(indexed.index_path, str(indexed.root))
    lease = db.lease()

    def page():
        with db.use(lease) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()

    thread, outcome = _stalled(stall, page)
    waits_after_it_ended: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        if not thread.is_alive():
            waits_after_it_ended.append(seconds)
            # (one may come between reset's look at the uses and the end of the thread)
            assert len(waits_after_it_ended) < 3, "reset waits for its own thread's use"
        real_sleep(seconds)

    monkeypatch.setattr(
        index_module, "time", types.SimpleNamespace(monotonic=time.monotonic, sleep=sleep)
    )
    with db.use():
        db.reset()
    thread.join(30)
    assert isinstance(outcome[0], sqlite3.OperationalError) and is_interrupted(outcome[0])
    assert db.count() == 0
    db.close()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="/proc")
def test_the_index_closes_the_connection_its_folders_were_read_on(indexed):
    # IndexDB.article_folders read in a use, as every other reader of the
    # index: a thread gone since leaves no connection open after close()
    index = indexed.index_path.resolve()
    indexed.close()
    db = IndexDB(indexed.index_path, str(indexed.root))
    thread, outcome = _in_thread(lambda: [db.article_folders(), db.article_folders()])
    thread.join(60)
    assert outcome == [[set(), set()]], outcome  # (the articles are at the top)
    db.close()
    assert _index_files_open(index) == 0


def test_a_connection_first_asked_for_outside_a_use_is_left_to_its_thread(indexed):
    # IndexDB.conn() outside a use hands out a connection its thread may run
    # a statement on at any time: close() on another thread must not close
    # it (under a running statement that can crash), the first time a
    # thread asks as well as later ones
    indexed.close()
    db = IndexDB(indexed.index_path, str(indexed.root))
    asked, closed = threading.Event(), threading.Event()

    def loose() -> int:
        conn = db.conn()  # this thread's first
        asked.set()
        assert closed.wait(60)
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    thread, outcome = _in_thread(loose)
    assert asked.wait(60)
    db.close()
    closed.set()
    thread.join(60)
    assert outcome == [30], outcome
    db.close()
