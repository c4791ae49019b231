"""A first index written by several processes: each pool worker keeps the
full text of its articles in a shard of its own, and searches ask every
shard (``reader.core.library.shards``, ``IndexDB.fulltext_tables``)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from contextlib import closing

import pytest

import reader.core.library.refresh as refresh_module
from reader.core.library.facade import Library
from reader.core.library.index import IndexDB
from reader.core.library.query import Query

from .libhelpers import article, index_connection, write

QUERIES = ["知识产权", "产权", "城", "word7", "word", "tagged", '"kettle bridge"', "bridge"]
# key:value filters (a bulk load stages their pairs and moves them in at its end)
FIELD_QUERIES = ["title:t7", "tags:tagged", "series:s1", "-series:s2"]


def make_library(root, count: int = 40) -> None:
    for number in range(count):
        zh = "城市图书馆" if number % 2 else "知识产权"
        tags = "[tagged]" if number % 3 == 0 else "[]"
        body = f"<p>{zh} word{number}</p>\n" + ("kettle bridge\n" if number % 5 == 0 else "")
        text = article(f"T{number}", tags=tags, body=body)
        text = text.replace("---\n", f"---\nseries: S{number % 3}\n", 1)
        write(root, f"y{number % 4}/n{number:03}.md", text)


def found(lib: Library) -> dict[str, list[str]]:
    hits = {q: sorted(hit.path for hit in lib.search(q, limit=1000)) for q in QUERIES}
    for q in FIELD_QUERIES:
        hits[q] = sorted(summary.path for summary in lib.find(q))
    return hits


def run_killed(script: str, root, cache_dir) -> str:
    """Run ``script``, a load that kills itself (SIGKILL) part way, in a
    process of its own with the library and cache folders; its output.
    (Into files, not pipes: a killed load's pool processes, which hold the
    same output, may outlive it a moment, and a pipe is read to its end.)"""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        killed = subprocess.run(
            [sys.executable, "-c", script, str(root), str(cache_dir)],
            timeout=120,
            stdout=out,
            stderr=err,
        )
        out.seek(0)
        err.seek(0)
        output, errors = out.read().decode(), err.read().decode()
    assert killed.returncode == -9, errors
    return output


def staged_pairs(index_path) -> int:
    """The key:value pairs a bulk load left staged (not yet found by filters)."""
    with closing(sqlite3.connect(index_path)) as conn:
        try:
            return conn.execute("SELECT count(*) FROM article_fields_load").fetchone()[0]
        except sqlite3.OperationalError:  # (never staged: no such table)
            return 0


def counted(lib: Library) -> dict[str, int]:
    return {q: lib.count(Query(text=q)) for q in QUERIES}


def shard_files(lib: Library) -> list[str]:
    prefix = lib.index_path.name + "-fts"
    return sorted(
        p.name
        for p in lib.index_path.parent.iterdir()
        if p.name.startswith(prefix) and not p.name.endswith(("-wal", "-shm", "-lock", "-journal"))
    )


@pytest.fixture
def bulk(monkeypatch):
    """Small libraries take the bulk-load path, in several chunks."""
    monkeypatch.setattr(refresh_module, "BULK_THRESHOLD", 3)
    monkeypatch.setattr(refresh_module, "_CHUNK", 4)


def sharded(root, cache_dir, start: str = "forkserver") -> Library:
    lib = Library.open(root, cache_dir=cache_dir)
    stats = lib.refresh(parallel=True, worker_start=start, fulltext=True)
    assert stats.parallel and not stats.cancelled
    return lib


@pytest.mark.parametrize("start", ["forkserver", "spawn"])
def test_a_bulk_load_in_shards_finds_what_one_writer_finds(bulk, root, cache_dir, tmp_path, start):
    make_library(root)
    with Library.open(root, cache_dir=tmp_path / "plain") as plain:
        plain.refresh(parallel=False, fulltext=True)
        expected, expected_counts = found(plain), counted(plain)
        assert shard_files(plain) == []
    with sharded(root, cache_dir, start) as lib:
        assert lib.fulltext_pending() == 0
        assert len(shard_files(lib)) == refresh_module.workers()
        assert found(lib) == expected
        assert counted(lib) == expected_counts
        assert expected["知识产权"] and expected["城"] and expected['"kettle bridge"']
        assert len(expected["series:s1"]) == 13 and expected["title:t7"] == ["y3/n007.md"]
        assert staged_pairs(lib.index_path) == 0
        # the query language and a search inside a filter ask every shard too
        both = sorted(s.path for s in lib.find("城 tag:tagged"))
        assert both == sorted(set(expected["城"]) & set(expected["tagged"]))
        inside = lib.search("word", within=Query(tag="tagged"), limit=1000)
        assert sorted(h.path for h in inside) == expected["tagged"]
        # excerpts came from the workers with the rest of the row
        assert lib.summary("y1/n001.md").excerpt == "城市图书馆 word1"
    with Library.open(root, cache_dir=cache_dir) as again:  # a new process's view
        assert found(again) == expected


def test_changed_and_deleted_articles_after_a_sharded_load(bulk, root, cache_dir):
    make_library(root)
    with sharded(root, cache_dir) as lib:
        assert [h.path for h in lib.search("word7")] == ["y3/n007.md"]
        write(root, "y3/n007.md", article("T7", body="<p>renamed quietly</p>\n"))
        (root / "y1/n001.md").unlink()
        lib.refresh(fulltext=True)
        assert lib.search("word7") == []
        assert [h.path for h in lib.search("quietly")] == ["y3/n007.md"]
        assert "y1/n001.md" not in {h.path for h in lib.search("城", limit=1000)}
        assert lib.count(Query(text="word1")) == len(
            {h.path for h in lib.search("word1", limit=1000)}
        )


def test_emptying_the_full_text_drops_the_shards(bulk, root, cache_dir):
    make_library(root)
    with sharded(root, cache_dir) as lib:
        before = found(lib)
        db = IndexDB(lib.index_path, str(lib.root))
        try:
            db.reset_fulltext()
        finally:
            db.close()
        assert shard_files(lib) == []
        assert lib.search("知识产权") == []  # this connection lets go of them too
        assert lib.fulltext_pending() == 40
        assert lib.build_fulltext() == 40
        assert found(lib) == before


@pytest.mark.parametrize("damage", ["missing", "garbage"])
def test_a_lost_shard_makes_its_articles_pending_again(bulk, root, cache_dir, damage):
    make_library(root)
    with sharded(root, cache_dir) as lib:
        before = found(lib)
        path = lib.index_path.with_name(shard_files(lib)[0])
    if damage == "missing":
        path.unlink()
    else:
        path.write_bytes(b"not a database " * 1000)
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.search("知识产权")  # no error: the shard is dropped
        assert lib.fulltext_pending() == 40
        assert shard_files(lib) == []
        lib.build_fulltext()
        assert found(lib) == before


@pytest.mark.parametrize("damage", ["missing", "garbage"])
def test_a_shard_lost_before_a_search_is_read_again_before_it(
    bulk, root, cache_dir, damage, capsys
):
    # `search` (and list --query) found nothing the first time: the shard
    # was found lost at the search itself, after the full text was built
    from reader.cli import main

    make_library(root)
    with sharded(root, cache_dir) as lib:
        before = found(lib)
        path = lib.index_path.with_name(shard_files(lib)[-1])
    if damage == "missing":
        path.unlink()
    else:
        path.write_bytes(b"not a database " * 1000)
    capsys.readouterr()
    assert main(["search", str(root), "知识产权", "--json", "--limit", "100"]) == 0
    hits = [json.loads(line)["path"] for line in capsys.readouterr().out.splitlines()]
    assert sorted(hits) == before["知识产权"] and len(hits) == 20
    with Library.open(root, cache_dir=cache_dir) as lib:
        assert lib.fulltext_pending() == 0
        assert found(lib) == before


def test_rows_a_shard_never_committed_are_pending_after_a_crash(bulk, root, cache_dir):
    make_library(root)
    with sharded(root, cache_dir) as lib:
        before = found(lib)
    # What a load killed before its shards committed leaves: the shards not
    # checked yet, and two articles pointing at rows that no shard holds.
    with index_connection(lib) as conn:
        conn.execute(
            "UPDATE meta SET value = json_set(value, '$.checked', json('false')) "
            "WHERE key = 'fts_shards'"
        )
        conn.execute(
            "UPDATE articles SET fts_rowid = fts_rowid + 100000 "
            "WHERE path IN ('y0/n000.md', 'y2/n002.md')"
        )
    with Library.open(root, cache_dir=cache_dir) as lib:
        assert lib.fulltext_pending() == 2
        assert lib.build_fulltext() == 2
        assert found(lib) == before


KILLED_LOAD = """
import os, signal, sys
import reader.core.library.refresh as refresh_module
from reader.core.library.facade import Library

refresh_module.BULK_THRESHOLD = 3
refresh_module._CHUNK = 4
lib = Library.open(sys.argv[1], cache_dir=sys.argv[2])

def progress(done, total, path):
    if done >= 12:
        os.kill(os.getpid(), signal.SIGKILL)

lib.refresh(progress, parallel=True, worker_start="forkserver", fulltext=True)
"""


def test_a_load_killed_mid_way_is_completed_next_time(root, cache_dir, tmp_path):

    make_library(root)
    with Library.open(root, cache_dir=tmp_path / "plain") as plain:
        plain.refresh(parallel=False, fulltext=True)
        expected = found(plain)
    run_killed(KILLED_LOAD, root, cache_dir)
    # the killed writer's pool workers end too: none keeps a shard locked
    shards = sorted(cache_dir.rglob("*-fts*-[0-9]"))
    assert shards
    for shard in shards:
        with closing(sqlite3.connect(shard, timeout=20, isolation_level=None)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh(fulltext=True)
        lib.build_fulltext()
        assert lib.count() == 40 and lib.fulltext_pending() == 0
        assert found(lib) == expected
        # the killed load's lock file is gone once its leftovers are checked
        assert not [p for p in lib.index_path.parent.iterdir() if "lock" in p.name]


def test_a_cancelled_sharded_load_keeps_what_it_stored(bulk, root, cache_dir):
    make_library(root)
    with Library.open(root, cache_dir=cache_dir) as lib:
        calls: list[int] = []

        def cancel() -> bool:
            calls.append(1)
            return len(calls) > 2

        stats = lib.refresh(parallel=True, worker_start="forkserver", fulltext=True, cancel=cancel)
        assert stats.cancelled
        stored = lib.count()
        assert 0 < stored < 40
        assert lib.fulltext_pending() == 0
        assert lib.count(Query(text="word")) == stored
        lib.refresh(fulltext=True)
        assert lib.count() == 40 and lib.fulltext_pending() == 0
        assert lib.count(Query(text="word")) == 40


def test_no_more_shards_than_sqlite_attaches(bulk, root, cache_dir, monkeypatch):
    import reader.core.library.index as index_module

    monkeypatch.setattr(index_module, "MAX_SHARDS", 3)
    monkeypatch.setattr(refresh_module, "_workers", lambda: 5)
    make_library(root)
    with sharded(root, cache_dir) as lib:
        assert len(shard_files(lib)) == 3
        assert lib.fulltext_pending() == 0
        assert len(lib.search("word", limit=1000)) == 40


def test_a_common_word_ranks_a_bounded_share_of_each_shard(bulk, root, cache_dir, monkeypatch):
    import reader.core.library.search as search_module

    monkeypatch.setattr(search_module, "MAX_RANKED", 6)
    make_library(root)
    with sharded(root, cache_dir) as lib:
        hits = lib.search("word", limit=5)
        assert len(hits) == 5
        assert all("word" in hit.snippet for hit in hits)
        # at most MAX_RANKED candidates in all, the newest of each shard's share
        everything = {hit.path for hit in lib.search("word", limit=40)}
        # (however the chunks fell to the workers: a shard's share may hold fewer)
        assert 0 < len(everything) <= 6 and "y3/n039.md" in everything


def test_shards_that_cannot_be_attached_now_are_not_taken_for_lost(bulk, root, cache_dir):
    make_library(root)
    with sharded(root, cache_dir) as lib:
        before = found(lib)
        index_path, library = lib.index_path, str(lib.root)
    db = IndexDB(index_path, library)
    try:
        conn = db.conn()
        for number in range(10):  # SQLite attaches at most ten databases
            conn.execute(f"ATTACH DATABASE ':memory:' AS other{number}")
        assert db.fulltext_tables().schemas == ("main",)  # not now...
        for number in range(10):
            conn.execute(f"DETACH DATABASE other{number}")
        later = db.fulltext_tables().schemas  # ...but later (the shards that hold rows)
        assert later and all(schema.startswith("fts_shard") for schema in later)
    finally:
        db.close()
    with Library.open(root, cache_dir=cache_dir) as lib:
        assert lib.fulltext_pending() == 0
        assert found(lib) == before


def test_opening_the_index_while_a_sharded_load_runs_loses_nothing(
    bulk, root, cache_dir, monkeypatch
):
    # Rows are written while the shards still hold their text uncommitted; a
    # window or a second command opening the index then must not take those
    # rows for the leftovers of a load cut short.
    monkeypatch.setattr(refresh_module, "_BULK_BATCH", 4)
    make_library(root)
    with Library.open(root, cache_dir=cache_dir) as lib:
        opened: list[int] = []

        def progress(done: int, total: int, path: str) -> None:
            if done >= 12 and not opened:
                other = IndexDB(lib.index_path, str(lib.root))  # as another process does
                try:
                    opened.append(other.count())  # rows of the load are stored already
                finally:
                    other.close()

        lib.refresh(progress, parallel=True, worker_start="forkserver", fulltext=True)
        assert opened and opened[0] > 0
        assert lib.fulltext_pending() == 0
        assert lib.count(Query(text="word")) == 40


def test_a_search_while_a_sharded_load_runs_sees_the_shards_afterwards(
    bulk, root, cache_dir, monkeypatch
):
    # A connection that first looked at the shards while they were empty
    # (the window counting a group during the first index) must find their
    # rows once they are written; the load's own check must not take them
    # for lost either.
    monkeypatch.setattr(refresh_module, "_BULK_BATCH", 4)
    make_library(root)
    with Library.open(root, cache_dir=cache_dir) as lib:
        during: list[int] = []

        def progress(done: int, total: int, path: str) -> None:
            if done >= 12 and not during:
                during.append(lib.count(Query(text="word")))

        lib.refresh(progress, parallel=True, worker_start="forkserver", fulltext=True)
        assert during and during[0] < 40
        assert lib.fulltext_pending() == 0
        assert lib.count(Query(text="word")) == 40
        assert len(lib.search("word", limit=1000)) == 40


def test_a_load_after_loads_killed_early_keeps_only_its_own_shards(bulk, root, cache_dir):
    # A load killed before it stored a row leaves the index empty and its
    # shards listed; the next load starts afresh instead of piling them up
    # (past ten, SQLite cannot attach them all and the full text is lost).
    make_library(root)
    with Library.open(root, cache_dir=cache_dir) as lib:
        db = IndexDB(lib.index_path, str(lib.root))
        try:
            for _ in range(5):
                db.begin_shards(refresh_module.workers(), 40)
        finally:
            db.close()
    with sharded(root, cache_dir) as lib:
        assert len(shard_files(lib)) == refresh_module.workers()
        assert not [p for p in lib.index_path.parent.iterdir() if "lock" in p.name]
        assert lib.fulltext_pending() == 0
        assert lib.count(Query(text="word")) == 40


def test_two_first_indexes_at_once_leave_no_orphans(bulk, root, cache_dir):
    # A second process that found the index empty (the first had stored
    # nothing yet) reads every article again: its rows replace the first
    # one's, whose full-text rows are dead (counted: build_fulltext gives
    # their space back once they are many, and searches rank around them),
    # and whose tags, categories and fields go.
    from reader.core.library.scan import scan

    make_library(root)
    with sharded(root, cache_dir) as lib:
        expected = found(lib)
        db = IndexDB(lib.index_path, str(lib.root))
        try:
            refresh_module.sync(db, str(lib.root), scan(str(lib.root)), {}, fulltext=True)
            assert db.fulltext_dead() == 40
        finally:
            db.close()
        with index_connection(lib) as conn:
            for table in ("article_tags", "article_categories", "article_fields"):
                orphans = conn.execute(
                    f"SELECT count(*) FROM {table} "
                    "WHERE article_id NOT IN (SELECT id FROM articles)"
                ).fetchone()[0]
                assert orphans == 0, table
        assert lib.count() == 40 and lib.fulltext_pending() == 0
        assert found(lib) == expected


def shard_rows_unused(lib: Library) -> int:
    """How many full-text rows the shards hold that no article points at."""
    with index_connection(lib) as conn:
        used = {row[0] for row in conn.execute("SELECT fts_rowid FROM articles")}
    unused = 0
    for name in shard_files(lib):
        with closing(sqlite3.connect(lib.index_path.with_name(name))) as shard:
            unused += sum(
                1 for (rowid,) in shard.execute("SELECT id FROM fts_docsize") if rowid not in used
            )
    return unused


def test_rows_a_cancelled_load_wrote_for_nothing_count_as_dead(bulk, root, cache_dir):
    # Chunks in flight when a load is cancelled are stored in the shards but
    # never in the index: dead rows, counted as such (build_fulltext gives
    # their space back once they are many; searches rank around them).
    make_library(root)
    with Library.open(root, cache_dir=cache_dir) as lib:
        calls: list[int] = []

        def cancel() -> bool:
            calls.append(1)
            return len(calls) > 1

        stats = lib.refresh(parallel=True, worker_start="forkserver", fulltext=True, cancel=cancel)
        assert stats.cancelled and lib.count() < 40
        unused = shard_rows_unused(lib)
        assert unused > 0
        db = IndexDB(lib.index_path, str(lib.root))
        try:
            assert db.fulltext_dead() == unused
        finally:
            db.close()


def test_two_loads_at_once_attach_no_more_shards_than_sqlite_can(
    bulk, root, cache_dir, monkeypatch
):
    # Another process's load runs (its lock held, its shards listed, no row
    # stored yet): this load takes what shards are left, so that every
    # connection can still attach them all (SQLite: at most ten).
    import reader.core.library.index as index_module

    monkeypatch.setattr(refresh_module, "_workers", lambda: 6)
    make_library(root)
    with Library.open(root, cache_dir=cache_dir) as lib:
        other = IndexDB(lib.index_path, str(lib.root))
        try:
            other.begin_shards(6, 40)
            stats = lib.refresh(parallel=True, worker_start="forkserver", fulltext=True)
            assert stats.parallel
            assert len(shard_files(lib)) <= index_module.MAX_SHARDS
            assert lib.fulltext_pending() == 0
            assert lib.count(Query(text="word")) == 40
        finally:
            other.close()


def _tables_holding_rows(lib: Library) -> int:
    db = IndexDB(lib.index_path, str(lib.root))
    try:
        return len(db.fulltext_tables().schemas)
    finally:
        db.close()


def sharded_in_two(root, cache_dir) -> Library:
    """:func:`sharded`, its full text in two tables at least, and four of
    the ``same/`` articles read again (their files touched).

    The load's workers take its chunks as they come: on a busy machine one
    worker may take them all, and every row is in one shard (the articles
    read again go to the largest).  What these tests compare needs rows in
    several tables: the load is made again until it has them (the state is
    the test's precondition, not what it checks)."""
    import os
    import shutil

    for _attempt in range(8):
        lib = sharded(root, cache_dir)
        for number in range(4):
            path = root / f"same/s{number:02}.md"
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        lib.refresh(fulltext=True)
        if _tables_holding_rows(lib) >= 2:
            return lib
        lib.close()
        shutil.rmtree(cache_dir, ignore_errors=True)
    raise AssertionError("eight loads in a row put every row in one table")


def _ranked_as_before(conn, schemas, expression: str, count: int, max_ranked: int) -> list:
    """The ranking of the newest candidates as it was done in one query:
    per table, the row id where its share of the newest matches ends; then
    the union of the shares ranked by bm25 (equal scores in the union's
    order: the tables', then the row ids')."""
    share = max(1, max_ranked // len(schemas))
    branches, params = [], []
    for schema in schemas:
        bound = conn.execute(
            f"SELECT rowid FROM {schema}.fts WHERE fts MATCH ? "
            "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (expression, share),
        ).fetchone()
        branch = f"SELECT rowid, bm25(fts, 8.0, 3.0, 1.0) AS score FROM {schema}.fts "
        branch += "WHERE fts MATCH ?"
        params.append(expression)
        if bound is not None:
            branch += " AND rowid > ?"
            params.append(bound[0])
        branches.append(branch)
    sql = "SELECT rowid, score FROM (" + " UNION ALL ".join(branches) + ") ORDER BY score LIMIT ?"
    return conn.execute(sql, [*params, count]).fetchall()


def test_each_shard_ranks_its_newest_share_as_one_query_over_all_did(
    bulk, root, cache_dir, monkeypatch
):
    import reader.core.library.index as index_module
    import reader.core.library.search as search_module
    from reader.core.library.fulltext import fts_match, parse_query

    monkeypatch.setattr(index_module, "_cores", lambda: 4)  # helper threads, even on one core
    make_library(root)
    # the same text in both shards: equal scores, ordered by table and row id
    for number in range(12):
        write(root, f"same/s{number:02}.md", article("Same", body="<p>知识产权 walrus</p>\n"))
    with sharded_in_two(root, cache_dir) as lib:
        db = IndexDB(lib.index_path, str(lib.root))
    try:
        tables = db.fulltext_tables()
        assert len(tables.schemas) >= 2
        conn = db.conn()
        compared = 0
        for query in [*QUERIES, "walrus", "知识产权 walrus", "absent"]:
            match = fts_match(parse_query(query))
            primary = f"{{title meta}} : ({match})"
            for expression in (match, primary, f"({match}) NOT ({primary})"):
                for max_ranked in (1, 4, 7, 20, 1000):
                    monkeypatch.setattr(search_module, "MAX_RANKED", max_ranked)
                    for count in (1, 3, 50):
                        expected = _ranked_as_before(
                            conn, tables.schemas, expression, count, max_ranked
                        )
                        got = search_module.top_matches(db, tables, expression, count)
                        assert got == expected, (query, expression, max_ranked, count)
                        compared += bool(expected)
        assert compared > 100
        # equal scores did occur (the dead rows of the four read again count too)
        ties = _ranked_as_before(conn, tables.schemas, '"walrus"', 50, 1000)
        assert len(ties) >= 12 and len({score for _, score in ties}) < len(ties)
    finally:
        db.close()


def test_a_search_inside_a_filter_ranks_as_one_query_over_all_shards_did(
    bulk, root, cache_dir, monkeypatch
):
    import reader.core.library.index as index_module
    from reader.core.library.fulltext import fts_match, parse_query
    from reader.core.library.query import compile_where
    from reader.core.library.search import search

    monkeypatch.setattr(index_module, "_cores", lambda: 4)  # helper threads, even on one core
    make_library(root)
    for number in range(12):  # equal scores in every shard
        write(
            root, f"same/s{number:02}.md", article("Same", tags="[tagged]", body="<p>walrus</p>\n")
        )
    with sharded_in_two(root, cache_dir) as lib:
        db = IndexDB(lib.index_path, str(lib.root))
    try:
        tables = db.fulltext_tables()
        assert len(tables.schemas) >= 2
        conn = db.conn()
        compared = 0
        for within in (Query(tag="tagged"), Query(year=2021), Query(tag="none")):
            where, params = compile_where(within)
            for query in [*QUERIES, "walrus", "word walrus"]:
                match = fts_match(parse_query(query))
                expected_rows = conn.execute(
                    "SELECT a.path, f.score FROM ("
                    + tables.scored("8.0, 3.0, 1.0")
                    + ") f JOIN articles a ON a.fts_rowid = f.rowid WHERE "
                    + " AND ".join(where)
                    + " ORDER BY f.score LIMIT ?",
                    [*tables.params(match), *params, 7],
                ).fetchall()
                hits = search(db, str(root), query, limit=7, within=within)
                assert [(h.path, -h.score) for h in hits] == expected_rows, (within, query)
                compared += len(hits)
        assert compared > 20
    finally:
        db.close()


def test_counts_of_the_query_language_add_up_over_the_shards(
    bulk, root, cache_dir, tmp_path, monkeypatch
):
    import reader.core.library.index as index_module

    monkeypatch.setattr(index_module, "_cores", lambda: 4)  # helper threads, even on one core
    make_library(root)
    write(root, "z/other.md", article("Walrus", tags="[tagged]", body="<p>no match words</p>\n"))
    for number in range(4):
        write(root, f"same/s{number:02}.md", article("Same", body="<p>知识产权 walrus</p>\n"))
    expressions = [
        *QUERIES,
        "walrus",
        "城 tag:tagged",
        "城 -tag:tagged",
        "word OR tag:tagged",  # an OR: counted over all tables at once
        "-知识产权",
        "-word7 城",
        "知识产权 word1",
        '"kettle bridge" 城',
        "tag:tagged",
        "year:2021 word",
        "nothing-matches-this",
        "城 ...",  # a word without searchable characters beside one with
    ]
    scopes = [None, Query(tag="tagged"), Query(year=2021), Query(year=1999)]
    with Library.open(root, cache_dir=tmp_path / "plain") as plain:
        plain.refresh(parallel=False, fulltext=True)
        expected = {
            (text, str(scope)): plain.count_matching(text, within=scope)
            for text in expressions
            for scope in scopes
        }
    with sharded_in_two(root, cache_dir) as lib:
        for text in expressions:
            for scope in scopes:
                got = lib.count_matching(text, within=scope)
                assert got == expected[text, str(scope)], (text, scope)
                assert got == len(lib.find(text, within=scope))
        # the main table holds rows too once an article changes
        write(root, "y1/n001.md", article("T1", body="<p>城市 word1 changed</p>\n"))
        lib.refresh(fulltext=True)
        assert lib.count_matching("城") == len(lib.find("城")) == expected["城", "None"]
        assert lib.count_matching("changed") == 1
    assert sum(expected[text, "None"] > 0 for text in expressions) > 10


def test_a_count_over_the_shards_chooses_its_driving_filter_once(
    bulk, root, cache_dir, tmp_path, monkeypatch
):
    # each table's count is compiled apart; the side-table counts that
    # choose which filter drives are made once, not once per table
    import reader.core.library.index as index_module
    import reader.core.library.querylang as querylang

    monkeypatch.setattr(index_module, "_cores", lambda: 4)
    make_library(root)
    for number in range(4):
        write(root, f"same/s{number:02}.md", article("Same", body="<p>知识产权 walrus</p>\n"))
    text = "城 tag:tagged kind:note"
    with Library.open(root, cache_dir=tmp_path / "plain") as plain:
        plain.refresh(parallel=False, fulltext=True)
        expected = plain.count_matching("城 tag:tagged")
    calls: list[object] = []
    counted = querylang.set_count_sql

    def counting(term):
        calls.append(term)
        return counted(term)

    with sharded_in_two(root, cache_dir) as lib:
        monkeypatch.setattr(querylang, "set_count_sql", counting)
        assert lib.count_matching("城 tag:tagged") == expected
        assert len(calls) == 1  # one set-like filter: nothing to choose
        calls.clear()
        assert lib.count_matching(text) == 0
        assert len(calls) == 4  # both filters seen, then both counted: once


def _library_found_damaged_once(root, monkeypatch):
    """A library of four alike articles (besides the generated ones), and
    ``(damaged, once_damaged)``: ``IndexDB.each_fulltext_table`` to patch in,
    which finds the index damaged the first time it asks several tables
    (``damaged`` is emptied then)."""
    import reader.core.library.index as index_module

    monkeypatch.setattr(index_module, "_cores", lambda: 4)
    make_library(root)
    for number in range(4):
        write(root, f"same/s{number:02}.md", article("Same", body="<p>知识产权 walrus</p>\n"))
    real = IndexDB.each_fulltext_table
    damaged = [True]

    def once_damaged(self, tables, work):
        if damaged and len(tables.schemas) > 1:
            damaged.clear()
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(self, tables, work)

    return damaged, once_damaged


def test_a_count_over_the_shards_after_the_index_was_found_damaged(
    bulk, root, cache_dir, monkeypatch
):
    # damage found while counting rebuilds the index; the count asked again
    # is compiled again, over the tables there are then (not the shards'
    # schemas of before, which are gone: "no such table")
    damaged, once_damaged = _library_found_damaged_once(root, monkeypatch)

    with sharded_in_two(root, cache_dir) as lib:
        expected = lib.count_matching("知识产权 walrus")
        assert expected == 4
        monkeypatch.setattr(IndexDB, "each_fulltext_table", once_damaged)
        counted = lib.count_matching("知识产权 walrus")
        assert not damaged  # the damage was met, the index rebuilt
        assert counted == len(lib.find("知识产权 walrus"))
        lib.build_fulltext()
        assert lib.count_matching("知识产权 walrus") == expected


def test_a_search_in_a_filter_after_the_index_was_found_damaged(bulk, root, cache_dir, monkeypatch):
    # as a count: the filters (here a word left out, which names every
    # full-text table) are compiled again after the rebuild
    damaged, once_damaged = _library_found_damaged_once(root, monkeypatch)

    with sharded_in_two(root, cache_dir) as lib:
        query = "知识产权 -walrus tag:tagged"
        expected = sorted(hit.path for hit in lib.search_query(query, limit=100))
        assert expected
        monkeypatch.setattr(IndexDB, "each_fulltext_table", once_damaged)
        lib.search_query(query, limit=100)  # no "no such table"
        assert not damaged
        lib.build_fulltext()
        assert sorted(hit.path for hit in lib.search_query(query, limit=100)) == expected


@pytest.mark.parametrize("way", ["find", "iter_find", "iter_find_lines", "matching_paths"])
def test_a_find_over_the_shards_after_the_index_was_found_damaged(
    bulk, root, cache_dir, monkeypatch, way
):
    # as a count: damage met while the query runs rebuilds the index, and the
    # query asked again is compiled again (the shards it named are gone)
    make_library(root)
    for number in range(4):
        write(root, f"same/s{number:02}.md", article("Same", body="<p>知识产权 walrus</p>\n"))
    query = "知识产权 walrus"

    def run(lib):
        found = getattr(lib, way)(query)
        if way == "iter_find_lines":
            return sorted(line.rsplit("  ", 1)[-1] for line in found)
        if way == "matching_paths":
            return sorted(found)
        return sorted(summary.path for summary in found)

    class Damaged:
        """The thread's connection, whose next statement naming a shard
        finds the index damaged (once)."""

        def __init__(self, conn):
            self._conn = conn

        def execute(self, sql, *args):
            if damaged and "fts_shard" in sql:
                damaged.clear()
                raise sqlite3.DatabaseError("database disk image is malformed")
            return self._conn.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._conn, name)

    real_conn, real_use = IndexDB.conn, IndexDB.use
    damaged: list[bool] = []

    @contextlib.contextmanager
    def use(self, held=None):
        with real_use(self, held) as conn:
            yield Damaged(conn)

    monkeypatch.setattr(IndexDB, "conn", lambda self: Damaged(real_conn(self)))
    monkeypatch.setattr(IndexDB, "use", use)
    with sharded_in_two(root, cache_dir) as lib:
        expected = run(lib)
        assert len(expected) == 4
        damaged.append(True)
        after = run(lib)  # no "no such table"
        assert not damaged  # the damage was met, the index rebuilt
        assert after == sorted(s.path for s in lib.find(query))
        lib.build_fulltext()
        assert run(lib) == expected


def test_the_writer_prepares_what_forked_workers_need():
    """Before it forks the pool, the writer imports the codec and compiles the
    patterns every worker needs (once, not in each worker)."""
    import sys

    from reader.core.library.fulltext import compile_patterns
    from reader.core.library.shards import prepare_fork

    prepare_fork()
    assert "reader.core.article.codec" in sys.modules
    compile_patterns()  # (again: nothing more to do)


def _secondary_indexes(lib: Library) -> set[str]:
    with index_connection(lib) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type='index'").fetchall()
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return {row[0] for row in rows}


def _listed(lib: Library) -> list[tuple]:
    return [(s.path, s.title, s.tags, s.categories, s.author, s.date) for s in lib.query(Query())]


KILLED_WITH_PAIRS_STAGED = """
import os, signal, sys
import reader.core.library.refresh as refresh_module
from reader.core.library.facade import Library

refresh_module.BULK_THRESHOLD = 3
refresh_module._BULK_BATCH = 4  # rows (and their staged pairs) committed as they come
refresh_module._TAIL = 0  # (the tail would move them in before the end)
lib = Library.open(sys.argv[1], cache_dir=sys.argv[2])
path = str(lib.index_path)

def progress(done, total, rel):
    if done >= 24:
        print(path, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

lib.refresh(progress, parallel=False, fulltext=True)
"""


def test_pairs_a_killed_load_left_staged_are_found_once_the_index_is_opened(
    root, cache_dir, tmp_path
):

    make_library(root)
    with Library.open(root, cache_dir=tmp_path / "plain") as plain:
        plain.refresh(parallel=False, fulltext=True)
        expected = found(plain)
    index_path = run_killed(KILLED_WITH_PAIRS_STAGED, root, cache_dir).strip()
    assert staged_pairs(index_path) > 0  # committed with their rows, not moved yet
    with Library.open(root, cache_dir=cache_dir) as lib:
        # (the rows the killed load committed are not read again: their
        # pairs are the ones it staged)
        assert staged_pairs(index_path) == 0
        lib.refresh(fulltext=True)
        lib.build_fulltext()
        assert lib.count() == 40
        assert found(lib) == expected


def test_an_article_changed_or_removed_during_a_load_keeps_no_staged_pairs(root, cache_dir):
    # a row written twice in one load (another process's first index wrote it
    # meanwhile) or removed keeps no pairs of its first version
    from reader.core.library.scan import scan

    make_library(root, count=8)
    db = IndexDB(cache_dir / "index.sqlite3", str(root))
    try:
        with db.bulk_load():
            refresh_module.sync(db, str(root), scan(str(root)), {}, fulltext=False)
            write(root, "y3/n007.md", article("Seven", body="<p>changed</p>\n"))
            (root / "y1/n005.md").unlink()
            indexed = db.file_states()
            refresh_module.sync(db, str(root), scan(str(root)), indexed, fulltext=False)
            assert staged_pairs(db.path) > 0
        assert staged_pairs(db.path) == 0
        with closing(sqlite3.connect(db.path)) as conn:
            pairs = conn.execute(
                "SELECT f.key, f.value FROM article_fields f JOIN articles a"
                " ON a.id = f.article_id WHERE a.path = 'y3/n007.md'"
            ).fetchall()
            orphans = conn.execute(
                "SELECT count(*) FROM article_fields"
                " WHERE article_id NOT IN (SELECT id FROM articles)"
            ).fetchone()[0]
        assert sorted(pairs) == [("title", "seven")] and orphans == 0
    finally:
        db.close()


def test_indexes_built_while_a_sharded_load_runs_give_the_same_index(
    bulk, root, cache_dir, tmp_path, monkeypatch
):
    """The secondary indexes built midway (the tail of a load, see
    parse_in_pool) hold the rows written after them too: the same lists,
    counts and searches as indexes built at the end, and a sound file."""
    from reader.core.library.index import _SECONDARY_INDEXES

    make_library(root)
    with Library.open(root, cache_dir=tmp_path / "plain") as lib:
        lib.refresh(parallel=False, fulltext=True)
        expected = (_listed(lib), found(lib), counted(lib), lib.count(Query(tag="tagged")))
        assert _secondary_indexes(lib) >= set(_SECONDARY_INDEXES)
    built: list[bool] = []
    staged_after_build: list[int] = []
    original_apply, original_build = IndexDB.apply_changes, IndexDB.build_next_index

    def apply_changes(self, *args, **kwargs):
        original_apply(self, *args, **kwargs)
        if not built:  # after the first rows: every index, the rest go in through them
            while original_build(self):
                built.append(True)
            # (the first step moved the pairs staged so far; the rest go in directly)
            staged_after_build.append(staged_pairs(self.path))

    monkeypatch.setattr(IndexDB, "apply_changes", apply_changes)
    monkeypatch.setattr(refresh_module, "_BULK_BATCH", 4)
    monkeypatch.setattr(refresh_module, "_TAIL", 0)  # (not in the tail: here)
    with sharded(root, cache_dir) as lib:
        assert len(built) == len(_SECONDARY_INDEXES) + 1  # (the staged pairs moved first)
        assert staged_after_build == [0]
        assert staged_pairs(lib.index_path) == 0
        assert _secondary_indexes(lib) >= set(_SECONDARY_INDEXES)
        assert (_listed(lib), found(lib), counted(lib), lib.count(Query(tag="tagged"))) == expected


@pytest.mark.parametrize("cancel_in_tail", [False, True])
def test_a_sharded_load_with_its_tail_ends_with_every_index_and_no_worker_left(
    bulk, root, cache_dir, monkeypatch, cancel_in_tail
):
    """Whether the writer builds indexes while the last chunks are parsed
    depends on the workers' pace: either way, and cancelled then or not, the
    load ends with every secondary index, the full text merging again, and
    no process of its pool."""
    import multiprocessing

    from reader.core.library.index import _SECONDARY_INDEXES

    monkeypatch.setattr(refresh_module, "_TAIL", 1000)  # every wait after the last submission
    make_library(root)
    steps: list[bool] = []
    original = IndexDB.build_next_index

    def build_next_index(self):
        steps.append(original(self))
        return steps[-1]

    monkeypatch.setattr(IndexDB, "build_next_index", build_next_index)
    with Library.open(root, cache_dir=cache_dir) as lib:
        stats = lib.refresh(
            parallel=True,
            worker_start="forkserver",
            fulltext=True,
            cancel=(lambda: bool(steps)) if cancel_in_tail else None,
        )
        assert stats.parallel
        assert not multiprocessing.active_children() or all(
            p.name.startswith("ForkServer") for p in multiprocessing.active_children()
        )
        assert _secondary_indexes(lib) >= set(_SECONDARY_INDEXES)
        assert lib.fulltext_pending() == 0
        if stats.cancelled:
            assert steps and 0 < lib.count() < 40
        else:
            assert lib.count() == 40
        lib.refresh(fulltext=True)
        assert lib.count() == 40 and lib.count(Query(text="word")) == 40


def test_a_first_index_waits_for_another_process_filling_it(bulk, root, cache_dir):
    # Two processes filling an empty index at once: each replaced the other's
    # rows, and the first to finish threw away the full text the other was
    # still writing (hundreds of articles never found again, and `index`
    # said all was well).  The second now waits, then finds the index filled.
    import threading

    from reader.core.library.scan import scan

    make_library(root)
    with sharded(root, cache_dir) as reference:
        expected = found(reference)
    fresh = cache_dir.parent / "fresh-cache"
    with (
        Library.open(root, cache_dir=fresh) as first,
        Library.open(root, cache_dir=fresh) as second,
    ):
        db = IndexDB(first.index_path, str(first.root))
        try:
            with db.first_load_turn():  # another process's turn
                done = threading.Event()
                stats: list = []

                def refresh() -> None:
                    stats.append(second.refresh(parallel=True, fulltext=True))
                    done.set()

                worker = threading.Thread(target=refresh)
                worker.start()
                assert not done.wait(0.5)  # waits while the other fills the index
                refresh_module.sync(db, str(first.root), scan(str(first.root)), {}, fulltext=True)
        finally:
            db.close()
        assert done.wait(60)
        worker.join()
        assert stats[0].added == 0 and stats[0].unchanged == 40  # found it filled
        assert found(second) == expected and second.fulltext_pending() == 0


def test_a_wait_for_another_first_index_given_up_does_nothing(bulk, root, cache_dir):
    # (given up -- a deadline, the window closed -- it went on without the
    # turn: it scanned every file and dropped the index's indexes in the
    # middle of the other's load)
    make_library(root, count=8)
    with Library.open(root, cache_dir=cache_dir) as lib:
        db = IndexDB(lib.index_path, str(lib.root))
        try:
            with db.first_load_turn():
                stats = lib.refresh(lambda *_: None, lambda: True, fulltext=True)
        finally:
            db.close()
        assert stats.cancelled and stats.scanned == 0 and lib.count() == 0


def test_a_first_index_stored_in_part_is_still_waited_for(bulk, root, cache_dir):
    # The turn was taken only while the index was empty: a process that came
    # once the first batch was stored ran a whole refresh beside the load.
    import threading

    from reader.core.library.scan import scan

    make_library(root)
    with Library.open(root, cache_dir=cache_dir) as second:
        db = IndexDB(second.index_path, str(second.root))
        try:
            with db.first_load_turn():
                some = dict(list(scan(str(second.root)).items())[:5])
                refresh_module.sync(db, str(second.root), some, {}, fulltext=True)
                assert second.count() == 5
                done = threading.Event()
                worker = threading.Thread(target=lambda: (second.refresh(), done.set()))
                worker.start()
                assert not done.wait(0.5)  # waits for the rest of the load
                rest = scan(str(second.root))
                refresh_module.sync(db, str(second.root), rest, db.file_states(), fulltext=True)
        finally:
            db.close()
        assert done.wait(60)
        worker.join()
        assert second.count() == 40 and second.fulltext_pending() == 0


def test_dead_rows_are_never_given_back_under_a_running_load(bulk, root, cache_dir):
    # build_fulltext empties the full text once most of its rows are dead: run
    # while another process's load wrote its shards, that threw the shards
    # away under it, and its rows then pointed at nothing
    make_library(root)
    with sharded(root, cache_dir) as lib:
        expected = found(lib)
        with index_connection(lib) as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('fts_dead', '100000')")
            conn.commit()
        other = IndexDB(lib.index_path, str(lib.root))
        try:
            other.begin_shards(1, 10)  # a load that runs now, in "another process"
            assert lib.build_fulltext() == 0
            assert found(lib) == expected
        finally:
            other.check_shards(complete=True)
            other.close()


def test_a_running_loads_shard_not_there_yet_is_not_taken_for_lost(bulk, root, cache_dir):
    # A shard of another process's running load, caught between its steps
    # (its file made or its journal switched as its writer ends), made a
    # search throw every shard away, the running load's included
    make_library(root)
    with sharded(root, cache_dir) as lib:
        expected = found(lib)
        other = IndexDB(lib.index_path, str(lib.root))
        try:
            _, paths = other.begin_shards(1, 10)
            paths[0].unlink()  # not there for now
            with Library.open(root, cache_dir=cache_dir) as reader:
                assert found(reader) == expected
                assert reader.fulltext_pending() == 0
        finally:
            other.check_shards(complete=True)
            other.close()


def test_index_reads_again_the_articles_whose_full_text_was_lost(bulk, root, cache_dir):
    # An index damaged before two first loads took turns: rows pointing at
    # full text in no table; `index` said all was well and left them so
    from reader.cli import main

    make_library(root)
    with sharded(root, cache_dir) as lib:
        expected = found(lib)
        with index_connection(lib) as conn:
            conn.execute("UPDATE articles SET fts_rowid = fts_rowid + 1000000 WHERE id % 3 = 0")
            conn.commit()
        assert found(lib) != expected
    assert main(["index", str(root)]) == 0
    with Library.open(root, cache_dir=cache_dir) as lib:
        assert found(lib) == expected and lib.fulltext_pending() == 0
        assert lib.relink_lost_fulltext() == 0  # nothing lost now


def test_a_lost_shard_is_dealt_with_only_after_a_running_load(bulk, root, cache_dir):
    # A finished load's shard found lost emptied the full text at once, and
    # every shard file with it: a running load's shards and lock included
    make_library(root)
    with sharded(root, cache_dir) as lib:
        finished = shard_files(lib)
        other = IndexDB(lib.index_path, str(lib.root))
        try:
            _, running = other.begin_shards(1, 10)
            lib.index_path.with_name(finished[0]).unlink()
            with Library.open(root, cache_dir=cache_dir) as reader:
                reader.search("word", limit=5)
                assert all(path.exists() for path in running)
                assert other.loads_running()
        finally:
            other.check_shards(complete=True)
            other.close()
        with Library.open(root, cache_dir=cache_dir) as reader:
            reader.search("word", limit=5)  # now: the lost shard's articles are read again
            assert reader.fulltext_pending() == 40


def test_a_command_waiting_for_another_first_index_says_so(
    bulk, root, cache_dir, capsys, monkeypatch
):
    # (it waited in silence: a first index of a million takes minutes)
    import threading

    from reader.cli import main
    from reader.core.library.scan import scan

    asked = threading.Event()
    running = Library.first_load_running

    def watched(self):
        try:
            return running(self)
        finally:
            asked.set()

    monkeypatch.setattr(Library, "first_load_running", watched)
    make_library(root, count=8)
    with Library.open(root, cache_dir=cache_dir) as lib:
        db = IndexDB(lib.index_path, str(lib.root))
        try:
            with db.first_load_turn():
                codes: list[int] = []
                command = threading.Thread(target=lambda: codes.append(main(["list", str(root)])))
                command.start()
                assert asked.wait(60)  # (asked while the other's turn lasts)
                refresh_module.sync(db, str(lib.root), scan(str(lib.root)), {}, fulltext=True)
        finally:
            db.close()
        command.join(60)
    assert codes == [0]
    assert "another process is building this library's index; waiting" in capsys.readouterr().err


def test_an_article_changed_after_a_sharded_load_ranks_as_in_a_fresh_index(
    bulk, root, cache_dir, tmp_path
):
    # Its full text went to the index's own table, nearly empty after a load
    # into shards: there every word was in nearly every row, bm25 scored it
    # about 0, and the article sank under every other match.
    #
    # Each shard ranks by its own statistics, and which chunks a worker takes
    # depends on timing.  So the word searched is in one other article only:
    # the edited one goes to the largest shard, where the word is at least as
    # rare as in any other, and it wins there on its four occurrences to one
    # (it ranked first whatever the shards hold; about 0 in the bug).
    make_library(root)
    write(root, "y0/n000.md", article("T0", body="<p>知识产权 word0 lantern</p>\n"))
    with sharded(root, cache_dir) as lib:
        edited = root / "y1" / "n001.md"
        edited.write_text(
            article("T1", body="<p>lantern lantern lantern lantern bridge</p>\n"), encoding="utf-8"
        )
        lib.refresh(fulltext=True)
        hits = [hit.path for hit in lib.search("lantern", limit=20)]
        assert hits == ["y1/n001.md", "y0/n000.md"]
        with index_connection(lib) as conn:
            assert conn.execute("SELECT count(*) FROM fts_docsize").fetchone()[0] == 0
    with Library.open(root, cache_dir=tmp_path / "fresh") as fresh:
        fresh.refresh(parallel=False, fulltext=True)  # one table: the reference
        assert [hit.path for hit in fresh.search("lantern", limit=20)] == hits


def test_small_writes_into_a_shard_merge_its_segments(bulk, root, cache_dir):
    # (a load leaves its shards without merging: small writes piled up
    # segments that every search then read one by one)
    import os

    make_library(root)
    with sharded(root, cache_dir) as lib:
        for round_ in range(40):
            path = root / f"y{round_ % 4}" / f"n{round_:03}.md"
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            lib.refresh(fulltext=True)
        segments = 0
        for name in shard_files(lib):
            with closing(sqlite3.connect(lib.index_path.with_name(name))) as shard:
                count = shard.execute("SELECT count(DISTINCT segid) FROM fts_idx").fetchone()[0]
                segments = max(segments, count)
        assert segments <= 16
        assert lib.fulltext_pending() == 0
