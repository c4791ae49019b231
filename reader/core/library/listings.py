"""The text of a large listing, kept while nothing changes.  No Qt here.

``article-reader list`` of a million articles spends most of its time making
the lines (SQLite's expression, ≈ 2.8 µs a row) and then making them fit for
a terminal; with nothing changed since the last time, the same text comes
out.  So the text of a listing of at least :data:`KEEP_FROM` lines is kept in
the index, compressed (≈ 0.3 of the text), and given back as long as it would
come out the same.  It is keyed by everything it is made from:

* the query's SQL and parameters (the lines' expression is part of the SQL);
* the caller's ``form``: the name of what it makes of each block of lines,
  with whatever that depends on;
* the index's count of changes (meta ``changes``), which the index's
  triggers raise on every article row written or deleted and on every update
  of a column a query reads (see ``reader.core.library.index``).  It only
  grows, and a rebuilt index starts without listings.

A listing is read by one statement (one consistent view of the index: a
listing replaced meanwhile cannot come out half old, half new), and kept
only when the count of changes was the same before its query began and after
its last row.  Queries of the full text are never kept (the full-text index
is not counted).  At most :data:`KEPT` listings are kept; stale ones are
dropped whenever one is kept.  Keeping one never fails a listing: an index
that cannot be written is simply not used for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from reader.core.article.cache import CacheError

if TYPE_CHECKING:
    from reader.core.library.index import IndexDB

__all__ = [
    "KEEP_FROM",
    "KEPT",
    "STORED",
    "Block",
    "has_listings",
    "listing_key",
    "made_and_kept",
    "stored",
    "texts",
]

# A listing of fewer lines is made each time (a hundred thousand take ≈ 0.4 s).
KEEP_FROM = 20_000
# Listings kept at most (each ≈ 37 MB at a million articles).
KEPT = 3
# zlib's fastest level: a million lines in ≈ 1.6 s of one core, on a thread
# (zlib lets go of the GIL), 116 MB → 37 MB; read back in ≈ 0.6 s.
_LEVEL = 1

# What a caller makes of a block of lines: its text.
Block = Callable[[list[str]], str]

_TABLES = (
    """CREATE TABLE IF NOT EXISTS listings(
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    changes TEXT NOT NULL,
    lines INTEGER NOT NULL,
    made REAL NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS listing_blocks(
    listing INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY(listing, seq)
)""",
)

# The kept blocks of a listing (parameter: its key) as (compressed text,
# lines), if it was kept at the index's present count of changes.  One
# statement: one consistent view of the index.
STORED = (
    "SELECT b.data, b.lines FROM listings l JOIN listing_blocks b ON b.listing = l.id"
    " WHERE l.key = ? AND l.changes = (SELECT value FROM meta WHERE key = 'changes')"
    " ORDER BY b.seq"
)


def listing_key(sql: str, params: Sequence[object], form: str) -> str:
    """The key of a listing: a digest of its query and of the caller's form."""
    text = repr((sql, tuple(params), form))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


# The tables of kept listings, and the triggers that count the changes
# (see reader.core.library.index) a kept listing is only good with.
_NEEDED = (
    "SELECT count(*) FROM sqlite_master WHERE (type = 'table'"
    " AND name IN ('listings', 'listing_blocks')) OR (type = 'trigger' AND tbl_name = 'articles'"
    " AND name IN ('articles_inserted', 'articles_deleted', 'articles_updated'))"
)


def has_listings(conn: sqlite3.Connection) -> bool:
    """Whether the index has the tables of kept listings (an index made by
    an older version, or that never kept one, has not; a damaged one may
    have one of the two) and counts its changes (a damaged schema may have
    lost a trigger: then no kept listing is good)."""
    return conn.execute(_NEEDED).fetchone()[0] == 5


def stored(conn: sqlite3.Connection, key: str) -> tuple[str, list[object]]:
    """:data:`STORED` for the listing ``key``, or a query of no rows when
    the index has no listings (asked on each try: an index rebuilt because
    it was damaged has none)."""
    if has_listings(conn):
        return STORED, [key]
    return "SELECT x'', 0 WHERE 0", []


def texts(
    db: IndexDB, key: str, rows: Iterable[Sequence[tuple[bytes, int]]]
) -> Iterator[tuple[bytes, int]]:
    """The ``(text, lines)`` blocks of pages of :data:`STORED`'s rows for
    the listing ``key``, the text encoded as :func:`made_and_kept` gives it.
    A block that does not decompress (a damaged index file) drops the
    listing and raises :class:`CacheError`: part of it may be out already."""
    for page in rows:
        for data, lines in page:
            try:
                text = zlib.decompress(data)
            except zlib.error as exc:
                with contextlib.suppress(sqlite3.Error, CacheError), db.write() as conn:
                    _drop(conn, "key = ?", (key,))
                raise CacheError(
                    f"{db.path}: a listing kept in the index is damaged ({exc}); it is "
                    "dropped: run the command again"
                ) from exc
            yield text, lines


def made_and_kept(
    db: IndexDB,
    key: str,
    pages: Iterator[list[str]],
    block: Block,
    changes_before: str | None,
) -> Iterator[tuple[bytes, int]]:
    """``(block(page), len(page))`` for each page of lines, the text encoded
    in UTF-8 (a lone surrogate passed through); when all of them
    were given out, they hold at least :data:`KEEP_FROM` lines and the
    index's count of changes is still ``changes_before`` (read before the
    pages' query began), their text is kept under ``key``.  Each text is
    compressed on a thread while the next page is made."""
    compressing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="listing")
    kept: list[tuple[Future[bytes], int]] = []
    total = 0
    finished = False
    try:
        for page in pages:
            data = block(page).encode("utf-8", "surrogatepass")
            if changes_before is not None:
                kept.append((compressing.submit(zlib.compress, data, _LEVEL), len(page)))
            total += len(page)
            yield data, len(page)
        finished = True
    finally:
        if not finished or total < KEEP_FROM:
            for future, _ in kept:
                future.cancel()
            kept.clear()
        compressing.shutdown(wait=True)
    if kept:
        _keep(db, key, changes_before, [(f.result(), n) for f, n in kept], total)


def _keep(
    db: IndexDB, key: str, changes: str | None, blocks: list[tuple[bytes, int]], total: int
) -> None:
    """Keep a listing's compressed blocks, unless the index changed since
    its query began; drop the stale listings and the oldest beyond
    :data:`KEPT`.  An index that cannot be written keeps nothing."""
    with contextlib.suppress(sqlite3.Error, CacheError), db.write() as conn:
        if db.get_meta("changes") != changes:
            return  # made from an index that has changed since: never kept
        for table in _TABLES:
            conn.execute(table)
        _drop(conn, "changes != ? OR key = ?", (changes, key))  # stale, or this one's
        # the oldest beyond KEPT, counting this one
        oldest = "id IN (SELECT id FROM listings ORDER BY made DESC LIMIT -1 OFFSET ?)"
        _drop(conn, oldest, (KEPT - 1,))
        listing = conn.execute(
            "INSERT INTO listings(key, changes, lines, made) VALUES (?, ?, ?, ?)",
            (key, changes, total, time.time()),
        ).lastrowid
        conn.executemany(
            "INSERT INTO listing_blocks VALUES (?, ?, ?, ?)",
            [(listing, seq, lines, data) for seq, (data, lines) in enumerate(blocks)],
        )


def _drop(conn: sqlite3.Connection, where: str, params: tuple[object, ...]) -> None:
    """Drop the listings ``where`` holds for (an SQL condition on ``listings``)."""
    conn.execute(
        f"DELETE FROM listing_blocks WHERE listing IN (SELECT id FROM listings WHERE {where})",
        params,
    )
    conn.execute(f"DELETE FROM listings WHERE {where}", params)
