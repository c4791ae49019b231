"""Full-text search: building the index text and ranked queries.  No Qt here.

The FTS5 table is *contentless* (it stores only the index, not a second copy
of every article): snippets are cut from the file itself, which is always
current.  A changed or deleted article leaves its old entry behind, unlinked
from any article, so it is never returned; :meth:`Library.build_fulltext`
rebuilds the table when such dead entries pile up.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass

from reader.core.article.model import ArticleError
from reader.core.article.readfile import read_article_bytes
from reader.core.article.split import as_utf8, split
from reader.core.common.tasks import Progress
from reader.core.library.fulltext import (
    QueryTerm,
    fts_match,
    parse_query,
    plain_text,
    snippet,
)
from reader.core.library.fulltext_tables import FulltextTables
from reader.core.library.index import IndexDB
from reader.core.library.query import SUMMARY_SELECT, Query, compile_where
from reader.core.library.records import ExcerptSource, Summary, fulltext_entry, meta_text

__all__ = [
    "SearchHit",
    "build_fulltext",
    "fulltext_entries",
    "meta_text",
    "search",
    "top_matches",
]

# bm25 weights for the columns title, meta, body.
_WEIGHTS = (8.0, 3.0, 1.0)
_BATCH = 400
# ... and at most about this many bytes of index text (UTF-8) held at once: a
# batch of large articles is written as it goes, not kept whole in memory.
_BATCH_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search result: ``score`` is bm25 (higher is better)."""

    summary: Summary
    snippet: str
    score: float

    @property
    def path(self) -> str:
        return self.summary.path

    @property
    def title(self) -> str:
        return self.summary.title

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "title": self.title,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


def body_text(root: str, rel: str) -> tuple[str, int, int] | None:
    """The plain text of an article's body, with the file's (mtime_ns, size);
    ``None`` when the file cannot be read (see :func:`read_article_bytes`)."""
    try:
        raw, st = read_article_bytes(os.path.join(root, rel))
    except ArticleError:
        return None
    body = split(as_utf8(raw)[0]).body
    del raw  # only the body is needed from here on
    from reader.core.article.codec import body_format_of  # local: codec pulls in yaml

    fmt = body_format_of(body, rel)
    return plain_text(body, fmt), st.st_mtime_ns, st.st_size


# One article waiting for the full-text index, as IndexDB.pending_fulltext lists it.
PendingRow = tuple[int, str, int, int, str, str, str, "str | None"]
# What IndexDB.add_fulltext takes for one article.
Entry = tuple[int, int, int, bytes, bytes, bytes, str]


def fulltext_entries(root: str, rows: list[PendingRow]) -> list[Entry | None]:
    """The full-text entries of pending ``rows``: ``None`` for a file that
    changed since it was listed, or is gone (the next refresh sees to it).
    A plain module-level function: it runs in worker processes."""
    entries: list[Entry | None] = []
    for article_id, rel, mtime_ns, size, title, categories, tags, author in rows:
        try:
            result = body_text(root, rel)
            if result is None or result[1] != mtime_ns or result[2] != size:
                entries.append(None)
                continue
            text = fulltext_entry(title, categories, tags, author, result[0])
        except Exception:  # (a mistake of ours: that article is not searchable, the rest are)
            entries.append(None)
            continue
        del result
        entries.append((article_id, mtime_ns, size, *text))
    return entries


def _pending_batches(db: IndexDB) -> Iterator[list[PendingRow]]:
    last = 0
    while True:
        rows = db.pending_fulltext(_BATCH, after=last)
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def build_fulltext(
    db: IndexDB,
    root: str,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    *,
    parallel: bool | None = None,
    worker_start: str | None = None,
) -> int:
    """Index the text of every article not yet in the full-text table.
    Returns how many were added.  Safe to cancel at any time.  Many
    articles are read in a process pool (``parallel`` and ``worker_start``
    as for :func:`~reader.core.library.refresh.sync`); one writer stores them."""
    from reader.core.library.refresh import PARALLEL_THRESHOLD, pool_map, workers

    # The shards attached (and checked) first: one lost since (a cache
    # cleaner, a partial restore) makes its articles pending now, to be read
    # again here, not at the search that follows, which found nothing.
    db.fulltext_tables()
    live = db.count()
    dead = db.fulltext_dead()
    if dead > max(1000, live // 2) and not db.loads_running():
        # (never under a load that still writes its shards: see loads_running)
        db.reset_fulltext()
    total = db.fulltext_pending()
    if parallel is None:
        parallel = total > PARALLEL_THRESHOLD and workers() > 1
    done = 0
    added = 0
    entries: list[Entry] = []
    chars = 0

    def store() -> None:
        nonlocal added, chars
        db.add_fulltext(entries)
        added += len(entries)
        entries.clear()
        chars = 0

    batches = _pending_batches(db)
    results: Generator[tuple[list[PendingRow], list[Entry | None]], None, None]
    if parallel and total:
        results = pool_map(fulltext_entries, root, batches, cancel, worker_start)
    else:
        results = ((rows, fulltext_entries(root, rows)) for rows in batches)
    with contextlib.closing(results):
        for rows, found in results:
            for entry in found:
                if entry is None:
                    continue
                entries.append(entry)
                chars += len(entry[5])
                if chars > _BATCH_BYTES:
                    store()
            done += len(rows)
            if len(entries) >= _BATCH:
                store()
            if progress is not None:
                progress(min(done, total), total, "")
            if cancel is not None and cancel():
                break
    store()
    return added


def search(
    db: IndexDB,
    root: str,
    text: str | Sequence[QueryTerm],
    *,
    limit: int = 50,
    markers: tuple[str, str] = ("«", "»"),
    escape: Callable[[str], str] | None = None,
    within: Query | None = None,
    width: int = 120,
    excerpts: ExcerptSource | None = None,
    filters: tuple[list[str], list[object]] | None = None,
) -> list[SearchHit]:
    """Articles matching ``text``, best first, each with a marked snippet.
    ``text`` is a query's text, or its terms (the query language's words
    and phrases: a phrase that holds a quote is one, which its text, read
    again, was not).

    ``within`` narrows the search to a filter (its ``text`` and ``sort`` are
    ignored); ``filters`` does the same with SQL conditions over ``articles a``
    and their parameters (see :func:`reader.core.library.querylang.compile_expr`).
    ``escape`` (e.g. ``html.escape``) is applied to snippet text
    but not to the markers.

    Ranking (see :func:`_ranked`): articles matching in the title or the
    metadata come first, ranked by bm25 over those columns; the rest follow,
    ranked by bm25 over all columns.  Snippets are cut only for the hits
    returned.
    """
    terms = parse_query(text) if isinstance(text, str) else list(text)
    match = fts_match(terms)
    if match is None or int(limit) <= 0:
        return []
    limit = int(limit)
    where, params = compile_where(_without_text(within)) if within is not None else ([], [])
    if filters is not None:
        where, params = [*where, *filters[0]], [*params, *filters[1]]
    fts = db.fulltext_tables()
    if where:
        rows = _filtered(db, fts, match, where, params, limit)
    else:
        rows = _ranked(db, fts, match, limit, db.fulltext_dead())
    hits = []
    for row in rows:
        summary = Summary(row[:-1], excerpts)
        hits.append(
            SearchHit(summary, _snippet(root, summary, terms, markers, escape, width), -row[-1])
        )
    return hits


_BM25 = ", ".join(str(w) for w in _WEIGHTS)

# bm25 costs about a microsecond per matching article, so ranking a word found
# in most of 100,000 articles would take 50-100 ms.  Each tier therefore ranks
# at most this many candidates (the most recently indexed ones) when a term is
# that common; title and metadata matches, the first tier, are far fewer.
MAX_RANKED = 20_000


def top_matches(
    db: IndexDB, fts: FulltextTables, expression: str, count: int
) -> list[tuple[int, float]]:
    """The ``count`` best (fts rowid, bm25) of ``expression``, ranking at most
    :data:`MAX_RANKED` candidates: the most recent of each table's share.

    Each table walks its matches newest first and stops after its share (no
    second pass to find where the share ends), ranks them and keeps its
    ``count`` best; the tables run side by side (see
    :meth:`IndexDB.each_fulltext_table`).  Equal scores keep the order of
    the tables, then of the row ids."""
    share = max(1, MAX_RANKED // len(fts.schemas))
    sql = (
        f"SELECT rowid, score FROM (SELECT rowid, bm25(fts, {_BM25}) AS score FROM {{}}.fts "
        "WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY score, rowid LIMIT ?"
    )

    def best(conn: sqlite3.Connection, schema: str) -> list[tuple[int, float]]:
        return conn.execute(sql.format(schema), (expression, share, count)).fetchall()

    found = [
        (score, position, rowid)
        for position, rows in enumerate(db.each_fulltext_table(fts, best))
        for rowid, score in rows
    ]
    found.sort()
    return [(rowid, score) for score, _, rowid in found[:count]]


def _ranked(db: IndexDB, fts: FulltextTables, match: str, limit: int, dead: int) -> list[tuple]:
    """Summary rows plus bm25 of the ``limit`` best matches: title/metadata
    matches first, then the others (two FTS5 queries, each bounded)."""
    # A few spare rows for entries of changed articles, which no longer join.
    want = limit + min(limit, 50) + dead
    primary = f"{{title meta}} : ({match})"
    found = top_matches(db, fts, primary, want)
    if len(found) < want:
        rest = f"({match}) NOT ({primary})"
        found += top_matches(db, fts, rest, want - len(found))
    if not found:
        return []
    order = {rowid: position for position, (rowid, _) in enumerate(found)}
    scores = dict(found)
    rowids = list(order)
    conn = db.conn()
    rows = []
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        rows += conn.execute(
            f"SELECT {SUMMARY_SELECT}, a.fts_rowid FROM articles a "
            f"WHERE a.fts_rowid IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
    rows.sort(key=lambda row: order[row[-1]])
    return [(*row[:-1], scores[row[-1]]) for row in rows[:limit]]


def _filtered(
    db: IndexDB,
    fts: FulltextTables,
    match: str,
    where: list[str],
    params: list[object],
    limit: int,
) -> list[tuple]:
    """Summary rows plus bm25 of the ``limit`` best matches inside a filter:
    every match is ranked.  Each table keeps its best inside the filter (the
    tables side by side, see :meth:`IndexDB.each_fulltext_table`), then the
    best of those: equal scores in the order of the tables, then as each
    table gave them (as SQLite merges a ``UNION ALL`` ordered by score)."""
    head = f"SELECT {SUMMARY_SELECT}, f.score FROM (SELECT rowid, bm25(fts, {_BM25}) AS score FROM "
    tail = (
        ".fts WHERE fts MATCH ?) f JOIN articles a ON a.fts_rowid = f.rowid WHERE "
        + " AND ".join(where)
        + " ORDER BY f.score LIMIT ?"
    )

    def best(conn: sqlite3.Connection, schema: str) -> list[tuple]:
        return conn.execute(head + schema + tail, [match, *params, limit]).fetchall()

    rows = [row for table in db.each_fulltext_table(fts, best) for row in table]
    rows.sort(key=lambda row: row[-1])  # stable: the tables' order, then each table's
    return rows[:limit]


def _without_text(query: Query) -> Query:
    from dataclasses import replace

    return replace(query, text=None)


def _snippet(
    root: str,
    summary: Summary,
    terms: list[QueryTerm],
    markers: tuple[str, str],
    escape: Callable[[str], str] | None,
    width: int,
) -> str:
    result = body_text(root, summary.path)
    text = result[0] if result is not None else ""
    return snippet(text, terms, markers, width=width, escape=escape)
