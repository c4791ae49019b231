"""The library's groups with counts: category tree, tags, dates, authors and
the special groups.  No Qt here."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.library.records import LEVEL_SEP

if TYPE_CHECKING:
    from reader.core.library.sitegroups import SiteGroups

__all__ = ["CategoryNode", "DateNode", "Taxonomy", "load_taxonomy"]


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
    total, uncategorized, undated, problems, errors = conn.execute(
        "SELECT count(*), coalesce(sum(categories = ''), 0), coalesce(sum(year IS NULL), 0), "
        "coalesce(sum(problem_count > 0), 0), coalesce(sum(error_count > 0), 0) FROM articles"
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
