"""Full-text search: building the index text and ranked queries.  No Qt here.

The FTS5 table is *contentless* (it stores only the index, not a second copy
of every article): snippets are cut from the file itself, which is always
current.  A changed or deleted article leaves its old entry behind, unlinked
from any article, so it is never returned; :meth:`Library.build_fulltext`
rebuilds the table when such dead entries pile up.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.article.model import ArticleError
from reader.core.article.readfile import read_article_bytes
from reader.core.article.split import split
from reader.core.common.tasks import Progress
from reader.core.library.fulltext import (
    QueryTerm,
    excerpt_of_plain,
    fts_match,
    index_text,
    parse_query,
    plain_text,
    snippet,
)
from reader.core.library.index import IndexDB
from reader.core.library.query import SUMMARY_SELECT, Query, compile_where
from reader.core.library.records import LEVEL_SEP, PATH_SEP, ExcerptSource, Summary

__all__ = ["SearchHit", "build_fulltext", "search"]

# bm25 weights for the columns title, meta, body.
_WEIGHTS = (8.0, 3.0, 1.0)
_BATCH = 400
# ... and at most about this many characters of index text held at once: a
# batch of large articles is written as it goes, not kept whole in memory.
_BATCH_CHARS = 16 * 1024 * 1024


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


def meta_text(categories: str, tags: str, author: str | None) -> str:
    cats = " ".join(categories.replace(LEVEL_SEP, " ").split(PATH_SEP)) if categories else ""
    return " ".join(part for part in (cats, tags.replace(PATH_SEP, " "), author or "") if part)


def body_text(root: str, rel: str) -> tuple[str, int, int] | None:
    """The plain text of an article's body, with the file's (mtime_ns, size);
    ``None`` when the file cannot be read (see :func:`read_article_bytes`)."""
    try:
        raw, st = read_article_bytes(os.path.join(root, rel))
    except ArticleError:
        return None
    body = split(raw).body
    del raw  # only the body is needed from here on
    from reader.core.article.codec import body_format_of  # local: codec pulls in yaml

    fmt = body_format_of(body, rel)
    return plain_text(body, fmt), st.st_mtime_ns, st.st_size


def build_fulltext(
    db: IndexDB,
    root: str,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Index the text of every article not yet in the full-text table.
    Returns how many were added.  Safe to cancel at any time."""
    live = db.count()
    dead = db.fulltext_dead()
    if dead > max(1000, live // 2):
        db.reset_fulltext()
    total = db.fulltext_pending()
    done = 0
    added = 0
    skipped: set[int] = set()
    while True:
        if cancel is not None and cancel():
            break
        batch = [row for row in db.pending_fulltext(_BATCH + len(skipped)) if row[0] not in skipped]
        if not batch:
            break
        entries = []
        chars = 0
        for article_id, rel, mtime_ns, size, title, categories, tags, author in batch:
            result = body_text(root, rel)
            if result is None or result[1] != mtime_ns or result[2] != size:
                skipped.add(article_id)  # changed or gone: the next refresh sees to it
                continue
            body = index_text(result[0])
            entries.append(
                (
                    article_id,
                    mtime_ns,
                    size,
                    index_text(title),
                    index_text(meta_text(categories, tags, author)),
                    body,
                    excerpt_of_plain(result[0]),
                )
            )
            del result, body
            chars += len(entries[-1][5])
            if chars > _BATCH_CHARS:
                db.add_fulltext(entries)
                added += len(entries)
                entries, chars = [], 0
        db.add_fulltext(entries)
        added += len(entries)
        done += len(batch)
        if progress is not None:
            progress(min(done, total), total, "")
    return added


def search(
    db: IndexDB,
    root: str,
    text: str,
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
    terms = parse_query(text)
    match = fts_match(terms)
    if match is None or int(limit) <= 0:
        return []
    limit = int(limit)
    where, params = compile_where(_without_text(within)) if within is not None else ([], [])
    if filters is not None:
        where, params = [*where, *filters[0]], [*params, *filters[1]]
    conn = db.conn()
    if where:
        # A filter: rank every match, keep the ones inside the filter.
        sql = (
            f"SELECT {SUMMARY_SELECT}, f.score FROM "
            f"(SELECT rowid, bm25(fts, {_BM25}) AS score FROM fts WHERE fts MATCH ?) f "
            "JOIN articles a ON a.fts_rowid = f.rowid WHERE "
            + " AND ".join(where)
            + " ORDER BY f.score LIMIT ?"
        )
        rows = conn.execute(sql, [match, *params, limit]).fetchall()
    else:
        rows = _ranked(conn, match, limit, db.fulltext_dead())
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


def _top(conn: sqlite3.Connection, expression: str, count: int) -> list[tuple[int, float]]:
    """The ``count`` best (fts rowid, bm25) of ``expression``, ranking at most
    :data:`MAX_RANKED` candidates."""
    sql = f"SELECT rowid, bm25(fts, {_BM25}) AS score FROM fts WHERE fts MATCH ?"
    params: list[object] = [expression]
    bound = conn.execute(
        "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (expression, MAX_RANKED),
    ).fetchone()
    if bound is not None:
        sql += " AND rowid > ?"
        params.append(bound[0])
    sql += " ORDER BY score LIMIT ?"
    params.append(count)
    return conn.execute(sql, params).fetchall()


def _ranked(conn: sqlite3.Connection, match: str, limit: int, dead: int) -> list[tuple]:
    """Summary rows plus bm25 of the ``limit`` best matches: title/metadata
    matches first, then the others (two FTS5 queries, each bounded)."""
    # A few spare rows for entries of changed articles, which no longer join.
    want = limit + min(limit, 50) + dead
    primary = f"{{title meta}} : ({match})"
    found = _top(conn, primary, want)
    if len(found) < want:
        rest = f"({match}) NOT ({primary})"
        found += _top(conn, rest, want - len(found))
    if not found:
        return []
    order = {rowid: position for position, (rowid, _) in enumerate(found)}
    scores = dict(found)
    rowids = list(order)
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
