"""The key:value pairs a first load stages (IndexDB.bulk_load): whoever else
writes the index meanwhile, or after a load killed or whose last move
failed, filters find each article's own pairs and no others."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

import reader.core.library.index as index_module
import reader.core.library.refresh as refresh_module
from reader.core.article.cache import CacheError
from reader.core.library.facade import Library

from .test_fulltext_shards import run_killed, staged_pairs

COUNT = 250  # (a serial refresh reports its progress every 100 articles)


def _text(number: int, series: str) -> str:
    return f"---\ntitle: 'T{number}'\nseries: {series}\ndate: 2021-04-16\n---\n<p>w{number}</p>\n"


@pytest.fixture
def library(root, monkeypatch):
    """COUNT articles whose first index is a bulk load, in small batches."""
    monkeypatch.setattr(refresh_module, "BULK_THRESHOLD", 3)
    monkeypatch.setattr(refresh_module, "_BULK_BATCH", 4)
    for number in range(COUNT):
        (root / f"n{number:03}.md").write_text(_text(number, f"S{number}"), encoding="utf-8")
    return root


def _paths(lib: Library, query: str) -> list[str]:
    return sorted(summary.path for summary in lib.find(query))


def _fields_of_each(index_path) -> dict[str, list[str]]:
    with closing(sqlite3.connect(index_path)) as conn:
        rows = conn.execute(
            "SELECT a.path, f.key || '=' || f.value FROM article_fields f"
            " LEFT JOIN articles a ON a.id = f.article_id ORDER BY 1, 2"
        ).fetchall()
    fields: dict[str, list[str]] = {}
    for path, pair in rows:
        fields.setdefault(path, []).append(pair)
    return fields


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_another_writer_during_a_load_leaves_no_pairs_of_the_old_version(
    library, cache_dir, change
):
    # Another window (or command) on the same index writes articles the load
    # has staged: an edit kept the old pair beside the new one, and the
    # pairs of a deleted article went to the next article given its id.
    other = Library.open(library, cache_dir=cache_dir)
    loader = Library.open(library, cache_dir=cache_dir)
    done_once: list[bool] = []

    def progress(done, total, rel):
        if done == 100 and not done_once:
            done_once.append(True)
            staged = staged_pairs(loader.index_path)
            assert staged > 0
            if change == "edit":
                (library / "n002.md").write_text(_text(2, "NEW"), encoding="utf-8")
                assert other.update_paths(["n002.md"]).updated == 1
            else:  # the article with the highest id so far
                with closing(sqlite3.connect(loader.index_path)) as conn:
                    (last,) = conn.execute("SELECT path FROM articles ORDER BY id DESC").fetchone()
                (library / last).unlink()
                other.update_paths([last])
                done_once.append(last)
            # only that article's staged pairs went: the other writer moved
            # none of the load's (millions of them, inside its own write,
            # held the load up for seconds)
            assert staged_pairs(loader.index_path) == staged - 2

    try:
        assert loader.refresh(progress, parallel=False).added >= COUNT - 1
        assert done_once
        fields = _fields_of_each(loader.index_path)
        assert None not in fields  # no pairs of an article not in the index
        for path, pairs in fields.items():
            number = int(path[1:4])
            series = "new" if change == "edit" and number == 2 else f"s{number}"
            assert pairs == [f"series={series}", f"title=t{number}"], path
        if change == "edit":
            assert _paths(loader, "series:s2") == [] and _paths(other, "series:new") == ["n002.md"]
        else:
            gone = done_once[1]
            assert _paths(loader, f"series:s{int(gone[1:4])}") == []
        assert staged_pairs(loader.index_path) == 0
    finally:
        loader.close()
        other.close()


def test_pairs_left_staged_by_a_failed_move_are_moved_by_the_next_refresh(
    library, cache_dir, monkeypatch
):
    # The disk was full as a load's end moved its pairs: the load reported
    # it, filters found nothing, and an edit in the same session brought
    # back the article's old pair beside its new one on the next open.
    lib = Library.open(library, cache_dir=cache_dir)
    original = index_module._move_staged_fields  # noqa: SLF001 (the disk full at this step)

    def full_disk(conn):
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        try:
            return original(conn)
        finally:
            conn.execute("PRAGMA max_page_count=1073741823")  # room again afterwards

    monkeypatch.setattr(index_module, "_move_staged_fields", full_disk)
    try:
        with pytest.raises(CacheError, match="full"):
            lib.refresh(parallel=False)
        monkeypatch.setattr(index_module, "_move_staged_fields", original)
        assert lib.count() == COUNT and staged_pairs(lib.index_path) > 0
        (library / "n005.md").write_text(_text(5, "NEW"), encoding="utf-8")
        lib.update_paths(["n005.md"])  # the same session
        assert staged_pairs(lib.index_path) == 0
        assert _paths(lib, "series:new") == ["n005.md"] and _paths(lib, "series:s5") == []
        assert _paths(lib, "series:s6") == ["n006.md"]
        lib.close()
        lib = Library.open(library, cache_dir=cache_dir)
        assert _paths(lib, "series:new") == ["n005.md"] and _paths(lib, "series:s5") == []
    finally:
        lib.close()


def test_pairs_left_staged_are_moved_by_a_refresh_with_nothing_to_write(
    library, cache_dir, monkeypatch
):
    lib = Library.open(library, cache_dir=cache_dir)
    try:
        monkeypatch.setattr(index_module, "_move_staged_fields", lambda conn: False)
        lib.refresh(parallel=False)  # (as if every move had failed)
        assert staged_pairs(lib.index_path) > 0 and _paths(lib, "series:s6") == []
        monkeypatch.undo()
        lib.refresh()  # nothing changed on disk
        assert staged_pairs(lib.index_path) == 0 and _paths(lib, "series:s6") == ["n006.md"]
    finally:
        lib.close()


# A first index in small batches (a bulk load, its pairs staged) that does
# ``{at_100}`` once 100 articles are stored.
SMALL_BATCH_LOAD = """
import os, signal, sys, time
from pathlib import Path
import reader.core.library.refresh as refresh_module
from reader.core.library.facade import Library

refresh_module.BULK_THRESHOLD = 3
refresh_module._BULK_BATCH = 4
lib = Library.open(sys.argv[1], cache_dir=sys.argv[2])

def progress(done, total, rel):
    if done >= 100:
{at_100}

lib.refresh(progress, parallel=False)
"""
KILLED = SMALL_BATCH_LOAD.format(at_100="        os.kill(os.getpid(), signal.SIGKILL)")


def test_a_window_open_before_a_load_was_killed_finds_its_pairs_after_a_refresh(library, cache_dir):
    other = Library.open(library, cache_dir=cache_dir)  # open before the load began
    try:
        run_killed(KILLED, library, cache_dir)
        assert staged_pairs(other.index_path) > 0
        other.refresh(parallel=False)
        assert other.count() == COUNT and staged_pairs(other.index_path) == 0
        assert _paths(other, "series:s5") == ["n005.md"]
    finally:
        other.close()


def test_a_load_whose_index_was_closed_part_way_loads_no_more(library, cache_dir):
    # The window closed the index under a running first load: the object
    # went on staging every pair it wrote (and moved none), so filters
    # found nothing until the library was opened again.
    import threading

    from reader.core.library.index import LibraryClosed

    lib = Library.open(library, cache_dir=cache_dir)

    def progress(done, total, rel):
        if done == 100:
            closer = threading.Thread(target=lib.close)
            closer.start()
            closer.join()

    try:
        with pytest.raises(LibraryClosed):
            lib.refresh(progress, parallel=False)
        (library / "n005.md").write_text(_text(5, "NEW"), encoding="utf-8")
        lib.update_paths(["n005.md"])
        lib.refresh(parallel=False)
        assert lib.count() == COUNT and staged_pairs(lib.index_path) == 0
        assert _paths(lib, "series:new") == ["n005.md"] and _paths(lib, "series:s5") == []
        assert _paths(lib, "series:s200") == ["n200.md"]
        # and what else the load left (its indexes dropped, the full text
        # merging nothing) was made good by the refresh, not the next open
        from reader.core.library.index import _SECONDARY_INDEXES

        with closing(sqlite3.connect(lib.index_path)) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            merging = dict(conn.execute("SELECT k, v FROM fts_config").fetchall())
        assert set(_SECONDARY_INDEXES) <= names
        assert merging.get("automerge") != 0
    finally:
        lib.close()


PAUSED = SMALL_BATCH_LOAD.format(  # (the marker says it is loading; the test kills it)
    at_100='        Path(sys.argv[3]).write_text("loading")\n        time.sleep(600)'
)


def test_a_refresh_that_waited_for_a_load_then_killed_moves_what_it_staged(
    library, cache_dir, tmp_path
):
    # A command (or window) waited for another process's first index, which
    # was then killed: it took the turn, found the rows that load stored, and
    # left its staged pairs where no filter sees them (the turn it held
    # itself counted as a load still running).
    import subprocess
    import sys
    import time

    marker = tmp_path / "loading"
    loader = subprocess.Popen(
        [sys.executable, "-c", PAUSED, str(library), str(cache_dir), str(marker)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert loader.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        waiter = Library.open(library, cache_dir=cache_dir)  # (too early to heal)
        assert staged_pairs(waiter.index_path) > 0

        def cancel() -> bool:  # first asked while waiting for the turn
            if loader.poll() is None:
                loader.kill()
                loader.wait(60)
            return False

        try:
            waiter.refresh(None, cancel, parallel=False)
            assert waiter.count() == COUNT and staged_pairs(waiter.index_path) == 0
            assert _paths(waiter, "series:s5") == ["n005.md"]
            assert _paths(waiter, "series:s240") == ["n240.md"]
        finally:
            waiter.close()
    finally:
        if loader.poll() is None:
            loader.kill()
            loader.wait(60)
    assert loader.returncode == -9  # (killed while it loaded, as the case says)


def test_rows_another_writer_added_during_a_load_keep_their_own_pairs(library, cache_dir):
    # Another writer added an article that a later batch of the load holds:
    # the load gave it a new id (INSERT OR REPLACE), and the old id's
    # categories, tags and pairs stayed, counted by the taxonomy and found
    # by no filter, whatever refreshed later.
    other = Library.open(library, cache_dir=cache_dir)
    loader = Library.open(library, cache_dir=cache_dir)

    def progress(done, total, rel):
        if done == 100:
            assert other.update_paths(["n240.md"]).added == 1

    try:
        loader.refresh(progress, parallel=False)
        loader.refresh(parallel=False)
        with closing(sqlite3.connect(loader.index_path)) as conn:
            orphans = {
                table: conn.execute(
                    f"SELECT count(*) FROM {table}"
                    " WHERE article_id NOT IN (SELECT id FROM articles)"
                ).fetchone()[0]
                for table in ("article_fields", "article_categories", "article_tags")
            }
        assert orphans == {"article_fields": 0, "article_categories": 0, "article_tags": 0}
        assert _paths(loader, "series:s240") == ["n240.md"] and loader.count() == COUNT
        assert None not in _fields_of_each(loader.index_path)  # (no pair of no article)
    finally:
        other.close()
        loader.close()


def test_a_load_closed_before_it_began_stages_nothing_after(library, cache_dir, monkeypatch):
    # The index closed between the load's first write and its first batch:
    # the object was left staging every pair it wrote later (and moving none).
    from reader.core.library.index import IndexDB, LibraryClosed

    lib = Library.open(library, cache_dir=cache_dir)
    real_use = IndexDB.use
    calls: list[int] = []

    def use_closed_once(self, *args, **kwargs):
        # (the moment: the load stages its pairs, its next use of the index fails)
        if self._fields_table != "article_fields" and not calls:
            calls.append(1)
            raise LibraryClosed("closed meanwhile")
        return real_use(self, *args, **kwargs)

    try:
        monkeypatch.setattr(IndexDB, "use", use_closed_once)
        with pytest.raises(LibraryClosed):
            lib.refresh(parallel=False)
        monkeypatch.undo()
        assert calls == [1]
        lib.refresh(parallel=False)
        assert lib.count() == COUNT and staged_pairs(lib.index_path) == 0
        assert _paths(lib, "series:s7") == ["n007.md"]
    finally:
        lib.close()
