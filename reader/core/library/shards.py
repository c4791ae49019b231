"""Writing the full text of a first index from several processes.  No Qt here.

SQLite lets one process at a time write a database, and the full-text
index's own work (tokenizing, building segments) is as much as reading and
parsing the articles: with one writer, a two-core machine could not index
faster than that writer.  So a bulk load into an empty index gives each
process of the pool a *shard*: a database file of its own with its own
full-text table (:meth:`IndexDB.begin_shards`).  A worker reads and parses
its articles, stores their full text in its shard, and returns their index
rows; the writer stores the rows with the full-text row ids the shard holds.
Searches ask every table (see :mod:`.fulltext_tables`).  A shard commits
every few tens of megabytes and when its worker exits; until then its rows
are simply not found yet.

When the pool shuts down, each worker commits and, if its shard holds many
segments, merges them (unless the load was cancelled).  A worker killed or
failing before it committed leaves articles whose full-text row is nowhere:
:meth:`IndexDB.check_shards` makes them pending again, after the load or, if
the whole process died, when the index is next opened (not while the load
runs: the writer holds a lock of the load's own, ``<index>-fts<base>-lock``).
Rows a shard holds for articles never stored (the chunks in flight when a
load is cancelled or killed) are counted as dead.

The state below is the worker process's own: set by :func:`start_worker`,
the pool's initializer, and used by the tasks that process runs.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING

from reader.core.library.records import PathProblem, Record, read_records, with_excerpt

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Event

__all__ = ["index_chunk", "prepare_fork", "start_worker"]

_INSERT = (
    "INSERT INTO fts(rowid, title, meta, body) "
    "VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))"
)


# A shard commits when this many bytes of text went in since its last commit
# (and when its worker exits).  Each commit writes the text as one segment;
# fewer, larger segments need no merging at the end of a load of 10,000
# articles, and a commit keeps the write-ahead log from growing without bound.
COMMIT_BYTES = 32 * 1024 * 1024
# At the end of a load, a shard of more segments than this is merged into one.
# Measured on the generated 100,000 articles (two shards of 19 and 20
# segments): the standard searches took as long as on the same shards merged
# (median 10-34 ms against 12-30 ms), and merging them took 3 s of both
# cores at the end of the load (4% of it).  A million articles make about 200
# segments a shard, which are merged.
MAX_SEGMENTS = 32


class _Shard:
    """This worker's shard: its connection, and whether the load was cancelled."""

    def __init__(self, path: str, cancelled: Event):
        self.cancelled = cancelled
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF")  # as the index's own bulk load
        self.pending = 0  # bytes of text since the last commit

    def store(self, rows: list[tuple[int, bytes, bytes, bytes]]) -> None:
        """Store full-text rows, committing now and then (see COMMIT_BYTES)."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany(_INSERT, rows)
        self.pending += sum(len(row[3]) for row in rows)
        if self.pending >= COMMIT_BYTES:
            self.conn.execute("COMMIT")
            self.pending = 0

    def finish(self) -> None:
        """Commit, merge the shard if it has many segments (unless the load
        was cancelled), and close it.  Runs as the worker exits; should it
        fail, the writer finds the rows missing (IndexDB.check_shards)."""
        with contextlib.suppress(sqlite3.Error):
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
            if not self.cancelled.is_set():
                segments = self.conn.execute("SELECT count(DISTINCT segid) FROM fts_idx")
                if segments.fetchone()[0] > MAX_SEGMENTS:
                    self.conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
                    self.conn.executescript("PRAGMA incremental_vacuum;")
        with contextlib.suppress(sqlite3.Error):
            # Searches attach shards read-only, which a database in WAL mode
            # allows only while its -shm file exists.
            self.conn.execute("PRAGMA journal_mode=DELETE")
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()


_shard: _Shard | None = None


def prepare_fork() -> None:
    """Import and compile what every worker needs to read an article (the
    article codec, the CJK and wide-character patterns), once in this
    process before it forks the pool, rather than in each worker: about 40 ms
    of each worker's start on the generated library."""
    from reader.core.article import codec  # noqa: F401  (imported on first use otherwise)
    from reader.core.library.fulltext import compile_patterns

    compile_patterns()


def start_worker(paths: Queue[str], cancelled: Event, writer: int) -> None:
    """The pool's initializer: take one shard file of ``paths`` for this
    process (the queue holds one per worker), and merge it as the process
    exits.  ``cancelled`` is set by the writer (process ``writer``) when the
    load stops early; should the writer die, so does this worker."""
    from multiprocessing import util

    from reader.core.common.tasks import exit_with_parent

    global _shard
    exit_with_parent(writer)
    _shard = _Shard(paths.get(timeout=60), cancelled)
    util.Finalize(_shard, _shard.finish, exitpriority=10)


def index_chunk(root: str, rels: list[str], first_rowid: int) -> list[Record | PathProblem]:
    """Read ``rels`` with their full text; store the full text in this
    worker's shard under row ids ``first_rowid + i`` (``i`` the position in
    ``rels``) and return the records carrying those row ids instead."""
    if _shard is None:  # pragma: no cover - start_worker always runs first
        raise RuntimeError("index_chunk runs in a shard worker only")
    results = read_records(root, rels, fulltext=True)
    rows: list[tuple[int, bytes, bytes, bytes]] = []
    out: list[Record | PathProblem] = []
    for offset, result in enumerate(results):
        if isinstance(result, PathProblem):
            out.append(result)
            continue
        row, prefixes, tags, fields, entry = result
        assert entry is not None and not isinstance(entry, int)
        rowid = first_rowid + offset
        rows.append((rowid, entry[0], entry[1], entry[2]))
        out.append((with_excerpt(row, entry[3]), prefixes, tags, fields, rowid))
    if rows:
        _shard.store(rows)
    return out
