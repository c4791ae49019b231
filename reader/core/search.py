"""Full-text search: building the index text and ranked queries.  No Qt here.

The FTS5 table is *contentless* (it stores only the index, not a second copy
of every article): snippets are cut from the file itself, which is always
current.  A changed or deleted article leaves its old entry behind, unlinked
from any article, so it is never returned; :meth:`Library.build_fulltext`
rebuilds the table when such dead entries pile up.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from .fulltext import QueryTerm, fts_match, index_text, parse_query, plain_text, snippet
from .index import IndexDB
from .query import SUMMARY_SELECT, Query, compile_where
from .records import LEVEL_SEP, PATH_SEP, Summary
from .split import split

__all__ = ["SearchHit", "build_fulltext", "search"]

# bm25 weights for the columns title, meta, body.
_WEIGHTS = (8.0, 3.0, 1.0)
_BATCH = 400


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
    """The plain text of an article's body, with the file's (mtime_ns, size)."""
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except OSError:
        return None
    parts = split(raw)
    body = parts.body
    from .codec import body_format_of  # local: codec pulls in yaml

    fmt = body_format_of(body, _PathLike(rel))
    return plain_text(body, fmt), st.st_mtime_ns, st.st_size


class _PathLike:
    """Just enough of ``Path`` for :func:`body_format_of` (its suffix)."""

    __slots__ = ("suffix",)

    def __init__(self, rel: str):
        self.suffix = os.path.splitext(rel)[1]


def build_fulltext(
    db: IndexDB,
    root: str,
    progress: Callable[[int, int], None] | None = None,
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
        for article_id, rel, mtime_ns, size, title, categories, tags, author in batch:
            result = body_text(root, rel)
            if result is None or result[1] != mtime_ns or result[2] != size:
                skipped.add(article_id)  # changed or gone: the next refresh sees to it
                continue
            entries.append(
                (
                    article_id,
                    mtime_ns,
                    size,
                    index_text(title),
                    index_text(meta_text(categories, tags, author)),
                    index_text(result[0]),
                )
            )
        db.add_fulltext(entries)
        added += len(entries)
        done += len(batch)
        if progress is not None:
            progress(min(done, total), total)
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
) -> list[SearchHit]:
    """Articles matching ``text``, best first, each with a marked snippet.

    ``within`` narrows the search to a filter (its ``text`` and ``sort`` are
    ignored).  ``escape`` (e.g. ``html.escape``) is applied to snippet text
    but not to the markers.
    """
    terms = parse_query(text)
    match = fts_match(terms)
    if match is None:
        return []
    where, params = compile_where(_without_text(within)) if within is not None else ([], [])
    weights = ", ".join(str(w) for w in _WEIGHTS)
    inner = f"SELECT rowid, bm25(fts, {weights}) AS score FROM fts WHERE fts MATCH ?"
    inner_params: list[object] = [match]
    if not where:
        # Rank inside FTS5 and join only the best rows (a few spare for entries
        # of changed articles, which no longer join).
        inner += " ORDER BY score LIMIT ?"
        inner_params.append(int(limit) + min(int(limit), 50) + db.fulltext_dead())
    sql = (
        f"SELECT {SUMMARY_SELECT}, f.score FROM ({inner}) f "
        "JOIN articles a ON a.fts_rowid = f.rowid"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY f.score LIMIT ?"
    rows = db.conn().execute(sql, [*inner_params, *params, int(limit)]).fetchall()
    hits = []
    for row in rows:
        summary = Summary(row[:-1])
        hits.append(
            SearchHit(summary, _snippet(root, summary, terms, markers, escape, width), -row[-1])
        )
    return hits


def _without_text(query: Query) -> Query:
    from dataclasses import replace

    return replace(query, text=None)


def _snippet(root, summary: Summary, terms: list[QueryTerm], markers, escape, width) -> str:
    result = body_text(root, summary.path)
    text = result[0] if result is not None else ""
    return snippet(text, terms, markers, width=width, escape=escape)
