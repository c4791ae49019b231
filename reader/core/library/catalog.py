"""The library's groups with counts: category tree, tags, dates, authors and
the special groups.  No Qt here."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.article.cache import CacheError
from reader.core.library.records import LEVEL_SEP

if TYPE_CHECKING:
    from reader.core.library.index import IndexDB
    from reader.core.library.sitegroups import SiteGroups

__all__ = ["CategoryNode", "DateNode", "Taxonomy", "cached_taxonomy", "load_taxonomy"]


@dataclass(slots=True)
class CategoryNode:
    """``count``: articles in this category or below (each once);
    ``own_count``: articles whose category path ends exactly here."""

    name: str
    path: tuple[str, ...]
    count: int = 0
    own_count: int = 0
    children: list[CategoryNode] = field(default_factory=list)

    def find(self, path: tuple[str, ...]) -> CategoryNode | None:
        node: CategoryNode | None = self
        for name in path[len(self.path) :]:
            node = next((c for c in node.children if c.name == name), None) if node else None
        return node


@dataclass(slots=True)
class DateNode:
    """A year, month or day with its article count (``value`` is the number)."""

    level: str  # "year", "month" or "day"
    value: int
    count: int
    children: list[DateNode] = field(default_factory=list)


@dataclass(slots=True)
class Taxonomy:
    total: int
    categories: list[CategoryNode]
    tags: list[tuple[str, int]]  # by count, then name
    authors: list[tuple[str, int]]
    dates: list[DateNode]  # newest year first
    uncategorized: int
    undated: int
    problems: int
    errors: int
    site: SiteGroups | None = None  # drafts, pages, schema warnings (Library.taxonomy)
    tagged: int = 0  # articles with at least one tag

    def category(self, path: tuple[str, ...]) -> CategoryNode | None:
        for node in self.categories:
            if node.name == path[0]:
                return node.find(tuple(path))
        return None


_DIGITS = re.compile(r"([0-9]{1,30})")


def natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """``name`` to sort by as a person reads it: without regard to case, and
    its numbers by their value ("Cat2" before "Cat10", "Author 8" before
    "Author 79"; as text, "Cat10" came first)."""
    return tuple(
        (0, int(part), part) if index % 2 else (1, 0, part)
        for index, part in enumerate(_DIGITS.split(name.casefold()))
        if part or index == 0
    )


def _by_count(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``(name, count)`` most counted first, then by :func:`natural_key`."""
    items.sort(key=lambda item: (-item[1], natural_key(item[0]), item[0]))
    return items


def _category_tree(rows: Iterable[tuple[str, int, int]]) -> list[CategoryNode]:
    """The category tree of ``(path key, count, own count)`` rows in path order."""
    nodes: dict[tuple[str, ...], CategoryNode] = {}
    roots: list[CategoryNode] = []
    for key, count, own in rows:
        path = tuple(key.split(LEVEL_SEP))
        node = CategoryNode(path[-1], path, count, own or 0)
        nodes[path] = node
        parent = nodes.get(path[:-1]) if len(path) > 1 else None
        (parent.children if parent is not None else roots).append(node)

    def order(items: list[CategoryNode]) -> None:
        items.sort(key=lambda n: (natural_key(n.name), n.name))
        for item in items:
            order(item.children)

    order(roots)
    return roots


def _date_tree(rows: Iterable[tuple[int | None, int | None, int | None, int]]) -> list[DateNode]:
    """Years, months and days of ``(year, month, day, count)`` rows, newest first."""
    years: dict[int | None, DateNode] = {}
    months: dict[tuple[int | None, int | None], DateNode] = {}
    for year, month, day, count in rows:
        year_node = years.get(year)
        if year_node is None:
            year_node = years[year] = DateNode("year", year, 0)  # type: ignore[arg-type]
        year_node.count += count
        month_node = months.get((year, month))
        if month_node is None:
            month_node = months[(year, month)] = DateNode("month", month, 0)  # type: ignore[arg-type]
            year_node.children.append(month_node)
        month_node.count += count
        month_node.children.append(DateNode("day", day, count))  # type: ignore[arg-type]
    return list(years.values())


def load_taxonomy(conn: sqlite3.Connection) -> Taxonomy:
    roots = _category_tree(
        conn.execute(
            "SELECT path, count(*), sum(exact) FROM article_categories GROUP BY path ORDER BY path"
        )
    )
    tags = conn.execute(
        "SELECT tag, count(*) AS n FROM article_tags GROUP BY tag ORDER BY n DESC, tag"
    ).fetchall()
    authors = conn.execute(
        "SELECT author, count(*) AS n FROM articles WHERE author IS NOT NULL "
        "GROUP BY author ORDER BY n DESC, author"
    ).fetchall()
    dates = _date_tree(
        conn.execute(
            "SELECT year, month, day, count(*) FROM articles WHERE year IS NOT NULL "
            "GROUP BY year, month, day ORDER BY year DESC, month DESC, day DESC"
        )
    )
    # Each count from an index (a scan of the articles themselves reads every row).
    total, uncategorized, undated, problems, errors = conn.execute(
        "SELECT (SELECT count(*) FROM articles), "
        "(SELECT count(*) FROM articles WHERE categories = ''), "
        "(SELECT count(*) FROM articles WHERE year IS NULL), "
        "(SELECT count(*) FROM articles WHERE problem_count > 0), "
        "(SELECT count(*) FROM articles WHERE problem_count > 0 AND error_count > 0)"
    ).fetchone()
    (tagged,) = conn.execute("SELECT count(DISTINCT article_id) FROM article_tags").fetchone()
    return Taxonomy(
        total=total,
        tagged=tagged,
        categories=roots,
        tags=_by_count([(t, n) for t, n in tags]),
        authors=_by_count([(a, n) for a, n in authors]),
        dates=dates,
        uncategorized=uncategorized,
        undated=undated,
        problems=problems,
        errors=errors,
    )


def _category_json(node: CategoryNode) -> list:
    return [node.name, node.count, node.own_count, [_category_json(c) for c in node.children]]


def _category_of(data: list, parent: tuple[str, ...]) -> CategoryNode:
    name, count, own, children = data
    path = (*parent, name)
    return CategoryNode(name, path, count, own, [_category_of(c, path) for c in children])


def _date_json(node: DateNode) -> list:
    return [node.value, node.count, [_date_json(c) for c in node.children]]


def _date_of(data: list, depth: int = 0) -> DateNode:
    value, count, children = data
    level = ("year", "month", "day")[depth]
    return DateNode(level, value, count, [_date_of(c, depth + 1) for c in children])


def taxonomy_json(taxonomy: Taxonomy) -> str:
    """The counts of a taxonomy as JSON (its site groups are not kept)."""
    return json.dumps(
        {
            "total": taxonomy.total,
            "tagged": taxonomy.tagged,
            "categories": [_category_json(n) for n in taxonomy.categories],
            "tags": taxonomy.tags,
            "authors": taxonomy.authors,
            "dates": [_date_json(n) for n in taxonomy.dates],
            "uncategorized": taxonomy.uncategorized,
            "undated": taxonomy.undated,
            "problems": taxonomy.problems,
            "errors": taxonomy.errors,
        },
        ensure_ascii=False,
    )


def taxonomy_of_json(text: str) -> Taxonomy:
    data = json.loads(text)
    return Taxonomy(
        total=data["total"],
        tagged=data["tagged"],
        categories=[_category_of(n, ()) for n in data["categories"]],
        tags=[(t, n) for t, n in data["tags"]],
        authors=[(a, n) for a, n in data["authors"]],
        dates=[_date_of(n) for n in data["dates"]],
        uncategorized=data["uncategorized"],
        undated=data["undated"],
        problems=data["problems"],
        errors=data["errors"],
    )


# -- the taxonomy kept up to date from the changes ---------------------------------
#
# Counting a million articles again takes 0.6-0.7 s.  While a counted taxonomy
# is kept in the index, triggers write each change to the rows it counts into
# ``taxonomy_log`` (an article's author, date and flags; a category row; a tag
# row: +1 added, -1 removed), and the next taxonomy is the kept one plus the
# log, summed by SQL.  The log is written only while meta ``taxonomy_log``
# holds its bound (the highest log id allowed); a batch larger than that (a
# first index) stops the log and empties it, and the next taxonomy is counted
# again from the tables.  Nothing here changes the index's schema version: an
# index without the log is given it by the first count, in the same
# transaction that starts it.

#: More changed rows than this and the taxonomy is counted again instead.
LOG_LIMIT = 200_000

_LOG_ON = "EXISTS (SELECT 1 FROM meta WHERE key = 'taxonomy_log')"
_ARTICLE_COLUMNS = (
    "author, year, month, day, categories = '', problem_count > 0, "
    "problem_count > 0 AND error_count > 0"
)
_LOG_ARTICLE = "INSERT INTO taxonomy_log(kind, sign, k1, k2, k3, k4, k5, k6, k7)"
_LOG_ROW = "INSERT INTO taxonomy_log(kind, sign, k1, k2)"


def _article_select(sign: int, row: str) -> str:
    columns = (
        f"{row}.author, {row}.year, {row}.month, {row}.day, {row}.categories = '', "
        f"{row}.problem_count > 0, {row}.problem_count > 0 AND {row}.error_count > 0"
    )
    return f"{_LOG_ARTICLE} VALUES ('a', {sign}, {columns});"


_LOG_TRIGGERS: dict[str, str] = {
    # INSERT OR REPLACE of a row that exists: its DELETE fires no trigger
    # (recursive triggers are off), so the row it replaces is logged here.
    "taxonomy_log_replaced": (
        f"BEFORE INSERT ON articles WHEN {_LOG_ON} BEGIN {_LOG_ARTICLE} "
        f"SELECT 'a', -1, {_ARTICLE_COLUMNS} FROM articles "
        "WHERE id = NEW.id OR path = NEW.path; END"
    ),
    "taxonomy_log_inserted": (
        f"AFTER INSERT ON articles WHEN {_LOG_ON} BEGIN {_article_select(1, 'NEW')} END"
    ),
    "taxonomy_log_deleted": (
        f"AFTER DELETE ON articles WHEN {_LOG_ON} BEGIN {_article_select(-1, 'OLD')} END"
    ),
    "taxonomy_log_updated": (
        "AFTER UPDATE OF author, year, month, day, categories, problem_count, error_count "
        f"ON articles WHEN {_LOG_ON} BEGIN {_article_select(-1, 'OLD')} "
        f"{_article_select(1, 'NEW')} END"
    ),
    "taxonomy_log_category_inserted": (
        f"AFTER INSERT ON article_categories WHEN {_LOG_ON} BEGIN "
        f"{_LOG_ROW} VALUES ('c', 1, NEW.path, NEW.exact); END"
    ),
    "taxonomy_log_category_deleted": (
        f"AFTER DELETE ON article_categories WHEN {_LOG_ON} BEGIN "
        f"{_LOG_ROW} VALUES ('c', -1, OLD.path, OLD.exact); END"
    ),
    "taxonomy_log_category_updated": (
        f"AFTER UPDATE ON article_categories WHEN {_LOG_ON} BEGIN "
        f"{_LOG_ROW} VALUES ('c', -1, OLD.path, OLD.exact); "
        f"{_LOG_ROW} VALUES ('c', 1, NEW.path, NEW.exact); END"
    ),
    # k2 of a tag row: its article (whether the article has a tag at all is
    # worked out when the log is read: a lookup here would run per row of a
    # batch, without the secondary indexes a bulk load drops)
    "taxonomy_log_tag_inserted": (
        f"AFTER INSERT ON article_tags WHEN {_LOG_ON} BEGIN "
        f"{_LOG_ROW} VALUES ('t', 1, NEW.tag, NEW.article_id); END"
    ),
    "taxonomy_log_tag_deleted": (
        f"AFTER DELETE ON article_tags WHEN {_LOG_ON} BEGIN "
        f"{_LOG_ROW} VALUES ('t', -1, OLD.tag, OLD.article_id); END"
    ),
    "taxonomy_log_tag_updated": (
        f"AFTER UPDATE ON article_tags WHEN {_LOG_ON} BEGIN "
        f"{_LOG_ROW} VALUES ('t', -1, OLD.tag, OLD.article_id); "
        f"{_LOG_ROW} VALUES ('t', 1, NEW.tag, NEW.article_id); END"
    ),
    # past its bound the log stops (and is emptied): the next taxonomy is counted
    "taxonomy_log_full": (
        "AFTER INSERT ON taxonomy_log WHEN NEW.id > "
        "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'taxonomy_log') BEGIN "
        "DELETE FROM meta WHERE key = 'taxonomy_log'; DELETE FROM taxonomy_log; END"
    ),
}
_TRIGGER_SQL = {name: f"CREATE TRIGGER {name} {body}" for name, body in _LOG_TRIGGERS.items()}
_LOG_TABLE = (
    "CREATE TABLE IF NOT EXISTS taxonomy_log(id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "kind TEXT NOT NULL, sign INTEGER NOT NULL, k1, k2, k3, k4, k5, k6, k7)"
)


class _Mismatch(Exception):
    """The log does not fit the kept taxonomy (count it again)."""


def _log_ready(conn: sqlite3.Connection, stored_at: str | None) -> bool:
    """Whether every change since the taxonomy kept at change ``stored_at``
    is in the log: the log is on, was started from that very taxonomy (a
    version of the app without the log may have kept another since), and
    all its triggers are there (a trigger lost with its table would have
    missed changes)."""
    at = conn.execute("SELECT value FROM meta WHERE key = 'taxonomy_log_at'").fetchone()
    on = conn.execute("SELECT 1 FROM meta WHERE key = 'taxonomy_log'").fetchone()
    if on is None or at is None or stored_at is None or at[0] != stored_at:
        return False
    return _triggers(conn) == _TRIGGER_SQL


def _triggers(conn: sqlite3.Connection) -> dict[str, str]:
    """The log's triggers in the index, by name (their SQL text)."""
    return dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'taxonomy_log%'"
        ).fetchall()
    )


def _apply_log(taxonomy: Taxonomy, conn: sqlite3.Connection, upto: int) -> Taxonomy:
    """``taxonomy`` with the logged changes up to id ``upto`` added (summed by SQL)."""
    categories: dict[str, list[int]] = {}

    def walk(nodes: list[CategoryNode]) -> None:
        for node in nodes:
            categories[LEVEL_SEP.join(node.path)] = [node.count, node.own_count]
            walk(node.children)

    walk(taxonomy.categories)
    dates: dict[tuple[int | None, int | None, int | None], int] = {}
    for year in taxonomy.dates:
        for month in year.children:
            for day in month.children:
                dates[(year.value, month.value, day.value)] = day.count
    tags = dict(taxonomy.tags)
    authors = dict(taxonomy.authors)
    total, tagged = taxonomy.total, taxonomy.tagged
    uncategorized, undated = taxonomy.uncategorized, taxonomy.undated
    problems, errors = taxonomy.problems, taxonomy.errors
    for author, year, month, day, uncat, problem, error, n in conn.execute(
        "SELECT k1, k2, k3, k4, k5, k6, k7, sum(sign) FROM taxonomy_log "
        "WHERE kind = 'a' AND id <= ? GROUP BY k1, k2, k3, k4, k5, k6, k7",
        (upto,),
    ):
        if not n:
            continue
        total += n
        if author is not None:
            authors[author] = authors.get(author, 0) + n
        if year is not None:
            dates[(year, month, day)] = dates.get((year, month, day), 0) + n
        else:
            undated += n
        uncategorized += n if uncat else 0
        problems += n if problem else 0
        errors += n if error else 0
    for key, n, own in conn.execute(
        "SELECT k1, sum(sign), sum(sign * k2) FROM taxonomy_log "
        "WHERE kind = 'c' AND id <= ? GROUP BY k1",
        (upto,),
    ):
        counts = categories.setdefault(key, [0, 0])
        counts[0] += n
        counts[1] += own
    for tag, n in conn.execute(
        "SELECT k1, sum(sign) FROM taxonomy_log WHERE kind = 't' AND id <= ? GROUP BY k1",
        (upto,),
    ):
        tags[tag] = tags.get(tag, 0) + n
    # an article whose tags changed: tagged now (in this snapshot), and before
    # its logged changes
    for now, net in conn.execute(
        "SELECT (SELECT count(*) FROM article_tags t WHERE t.article_id = l.k2), sum(l.sign) "
        "FROM taxonomy_log l WHERE l.kind = 't' AND l.id <= ? GROUP BY l.k2",
        (upto,),
    ):
        tagged += (now > 0) - (now - net > 0)

    def kept(counts: dict) -> dict:
        if any(n < 0 for n in counts.values()):
            raise _Mismatch
        return {k: n for k, n in counts.items() if n}

    if min(total, tagged, uncategorized, undated, problems, errors) < 0 or any(
        c < 0 or o < 0 or o > c for c, o in categories.values()
    ):
        raise _Mismatch
    tag_counts, author_counts, date_counts = kept(tags), kept(authors), kept(dates)

    def newest_first(value: int | None) -> tuple[bool, int]:
        return (value is not None, value or 0)  # SQL: NULL below every number

    return Taxonomy(
        total=total,
        tagged=tagged,
        categories=_category_tree((key, c, o) for key, (c, o) in sorted(categories.items()) if c),
        tags=_by_count(list(tag_counts.items())),
        authors=_by_count(list(author_counts.items())),
        dates=_date_tree(
            (y, m, d, n)
            for (y, m, d), n in sorted(
                date_counts.items(),
                key=lambda item: tuple(newest_first(v) for v in item[0]),
                reverse=True,
            )
        ),
        uncategorized=uncategorized,
        undated=undated,
        problems=problems,
        errors=errors,
    )


def _start_log(conn: sqlite3.Connection, changes: str) -> None:
    """Create the log and its triggers if missing, empty it and turn it on
    for the taxonomy kept at change ``changes``."""
    conn.execute(_LOG_TABLE)
    present = _triggers(conn)
    for name, sql in present.items():
        if _TRIGGER_SQL.get(name) != sql:  # another version's: replaced
            conn.execute(f"DROP TRIGGER {name}")
    for name, sql in _TRIGGER_SQL.items():
        if present.get(name) != sql:
            conn.execute(sql)
    conn.execute("DELETE FROM taxonomy_log")
    _bound_log(conn, changes)


def _bound_log(conn: sqlite3.Connection, changes: str) -> None:
    """Log at most :data:`LOG_LIMIT` more rows, for the taxonomy kept at ``changes``."""
    (last,) = conn.execute(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'taxonomy_log'), 0)"
    ).fetchone()
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('taxonomy_log', ?)", (str(last + LOG_LIMIT),))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('taxonomy_log_at', ?)", (changes,))


def cached_taxonomy(db: IndexDB) -> Taxonomy:
    """:func:`load_taxonomy`, kept in the index between changes: the index
    counts every change to its articles (meta ``changes``, kept by
    triggers), and the taxonomy is stored with the count it was computed
    at.  It comes back in milliseconds until an article changes; after a
    change it is the kept taxonomy plus the logged changes (see
    ``taxonomy_log`` above), and counted again (0.6-0.7 s at a million
    articles) only when there is no log to go by."""
    conn = db.conn()
    taxonomy: Taxonomy | None = None
    logged_upto: int | None = None  # the log ids counted in ``taxonomy``
    conn.execute("BEGIN")  # one snapshot: the count and the rows it counts
    try:
        changes = db.get_meta("changes")
        cached = db.get_meta("taxonomy")
        stored_at, _, text = (cached or "").partition(" ")
        ready = _log_ready(conn, stored_at)
        last = (
            conn.execute("SELECT coalesce(max(id), 0) FROM taxonomy_log").fetchone()[0]
            if ready
            else 0
        )
        if changes is not None and cached is not None:
            with contextlib.suppress(ValueError, KeyError, TypeError, IndexError, RecursionError):
                kept = taxonomy_of_json(text)
                if stored_at == changes and not last:
                    return kept
                if ready:
                    with contextlib.suppress(_Mismatch):
                        taxonomy, logged_upto = _apply_log(kept, conn, last), last
        if taxonomy is None:
            taxonomy = load_taxonomy(conn)
    finally:
        conn.execute("COMMIT")
    if changes is not None:
        # A cache of a cache: an index that cannot take it now does without.
        with contextlib.suppress(sqlite3.Error, CacheError), db.write() as wconn:
            now = wconn.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()
            if logged_upto is not None and _log_ready(wconn, stored_at):
                # the log goes on from the counted ids (later ones stay)
                wconn.execute("DELETE FROM taxonomy_log WHERE id <= ?", (logged_upto,))
                _bound_log(wconn, changes)
            elif now is not None and now[0] == changes:
                _start_log(wconn, changes)  # nothing changed since the count: log from here
            else:
                wconn.execute("DELETE FROM meta WHERE key = 'taxonomy_log'")
            db.set_meta(wconn, "taxonomy", f"{changes} {taxonomy_json(taxonomy)}")
    return taxonomy
