"""The library's groups with counts: category tree, tags, dates, authors and
the special groups.  No Qt here."""

from __future__ import annotations

import contextlib
import json
import sqlite3
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


def load_taxonomy(conn: sqlite3.Connection) -> Taxonomy:
    nodes: dict[tuple[str, ...], CategoryNode] = {}
    roots: list[CategoryNode] = []
    rows = conn.execute(
        "SELECT path, count(*), sum(exact) FROM article_categories GROUP BY path ORDER BY path"
    )
    for key, count, own in rows:
        path = tuple(key.split(LEVEL_SEP))
        node = CategoryNode(path[-1], path, count, own or 0)
        nodes[path] = node
        parent = nodes.get(path[:-1]) if len(path) > 1 else None
        (parent.children if parent is not None else roots).append(node)

    def order(items: list[CategoryNode]) -> None:
        items.sort(key=lambda n: (n.name.casefold(), n.name))
        for item in items:
            order(item.children)

    order(roots)
    tags = conn.execute(
        "SELECT tag, count(*) AS n FROM article_tags GROUP BY tag ORDER BY n DESC, tag"
    ).fetchall()
    authors = conn.execute(
        "SELECT author, count(*) AS n FROM articles WHERE author IS NOT NULL "
        "GROUP BY author ORDER BY n DESC, author"
    ).fetchall()
    years: dict[int, DateNode] = {}
    months: dict[tuple[int, int], DateNode] = {}
    for year, month, day, count in conn.execute(
        "SELECT year, month, day, count(*) FROM articles WHERE year IS NOT NULL "
        "GROUP BY year, month, day ORDER BY year DESC, month DESC, day DESC"
    ):
        year_node = years.get(year)
        if year_node is None:
            year_node = years[year] = DateNode("year", year, 0)
        year_node.count += count
        month_node = months.get((year, month))
        if month_node is None:
            month_node = months[(year, month)] = DateNode("month", month, 0)
            year_node.children.append(month_node)
        month_node.count += count
        month_node.children.append(DateNode("day", day, count))
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
        tags=[(t, n) for t, n in tags],
        authors=[(a, n) for a, n in authors],
        dates=list(years.values()),
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


def cached_taxonomy(db: IndexDB) -> Taxonomy:
    """:func:`load_taxonomy`, kept in the index between changes: the index
    counts every change to its articles (meta ``changes``, kept by
    triggers), and the taxonomy is stored with the count it was computed
    at.  Counting a million articles takes a second or two; the cached
    counts come back in milliseconds until an article changes."""
    conn = db.conn()
    conn.execute("BEGIN")  # one snapshot: the count and the rows it counts
    try:
        changes = db.get_meta("changes")
        cached = db.get_meta("taxonomy")
        if changes is not None and cached is not None:
            stored_at, _, text = cached.partition(" ")
            if stored_at == changes:
                with contextlib.suppress(ValueError, KeyError, TypeError, IndexError):
                    return taxonomy_of_json(text)
        taxonomy = load_taxonomy(conn)
    finally:
        conn.execute("COMMIT")
    if changes is not None:
        # A cache of a cache: an index that cannot take it now does without.
        with contextlib.suppress(sqlite3.Error, CacheError), db.write() as wconn:
            db.set_meta(wconn, "taxonomy", f"{changes} {taxonomy_json(taxonomy)}")
    return taxonomy
