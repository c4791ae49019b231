"""Unread counts for every group of the navigation tree.  No Qt here.

The keys are the tree's node keys: ``("all",)``, ``("category", *path)``
for every level of every category path, ``("tag", t)``, ``("author", a)``,
``("year", y)``, ``("month", y, m)``, ``("day", y, m, d)``,
``("uncategorized",)``, ``("undated",)``, ``("problems",)``, the containers
``("categories",)``, ``("tags",)``, ``("dates",)``, ``("authors",)`` (unread
articles with any), and the reading
groups ``("unread",)``, ``("starred",)``, ``("later",)`` (unread ones among
them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from reader.core.library.catalog import CategoryNode, Taxonomy

__all__ = ["ListedArticle", "group_totals", "unread_counts", "unread_counts_of_library"]


class ListedArticle(Protocol):
    """What the counts need of a listed article (a ``Summary`` has it)."""

    @property
    def path(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def date_source(self) -> str | None: ...
    @property
    def author(self) -> str | None: ...
    @property
    def problem_count(self) -> int: ...
    @property
    def categories(self) -> tuple[tuple[str, ...], ...]: ...
    @property
    def tags(self) -> tuple[str, ...]: ...


def unread_counts(
    articles: Iterable[Any],
    read: frozenset[str] | set[str],
    starred: frozenset[str] | set[str] = frozenset(),
    later: frozenset[str] | set[str] = frozenset(),
) -> Counter[tuple]:
    """How many of ``articles`` (:class:`ListedArticle`) not in ``read`` each
    group holds."""
    counts: Counter[tuple] = Counter()
    for article in articles:
        path = article.path
        if path in read:
            continue
        keys: list[tuple] = [("all",), ("unread",)]
        if path in starred:
            keys.append(("starred",))
        if path in later:
            keys.append(("later",))
        categories = article.categories
        if categories:
            prefixes = {cat[:i] for cat in categories for i in range(1, len(cat) + 1)}
            keys += [("category", *prefix) for prefix in prefixes]
            keys.append(("categories",))
        else:
            keys.append(("uncategorized",))
        tags = set(article.tags)
        if tags:
            keys += [("tag", tag) for tag in tags]
            keys.append(("tags",))
        if article.author:
            keys += [("author", article.author), ("authors",)]
        date = article.date
        if date and article.date_source in ("front-matter", "filename") and len(date) >= 10:
            try:
                y, m, d = int(date[:4]), int(date[5:7]), int(date[8:10])
            except ValueError:
                keys.append(("undated",))
            else:
                keys += [("year", y), ("month", y, m), ("day", y, m, d), ("dates",)]
        else:
            keys.append(("undated",))
        if article.problem_count:
            keys.append(("problems",))
        counts.update(keys)
    return counts


def group_totals(taxonomy: Taxonomy) -> Counter[tuple]:
    """How many articles each group of the tree holds, in the keys of
    :func:`unread_counts` (what it returns when nothing is read, but for the
    reading groups), from the index's counts instead of from every row."""
    totals: Counter[tuple] = Counter()
    totals[("all",)] = totals[("unread",)] = taxonomy.total

    def categories(nodes: list[CategoryNode]) -> None:
        for node in nodes:
            totals[("category", *node.path)] = node.count
            categories(node.children)

    categories(taxonomy.categories)
    totals[("categories",)] = taxonomy.total - taxonomy.uncategorized
    totals[("uncategorized",)] = taxonomy.uncategorized
    for tag, count in taxonomy.tags:
        totals[("tag", tag)] = count
    totals[("tags",)] = taxonomy.tagged
    for author, count in taxonomy.authors:
        if author:
            totals[("author", author)] = count
            totals[("authors",)] += count
    for year in taxonomy.dates:
        totals[("year", year.value)] = year.count
        for month in year.children:
            totals[("month", year.value, month.value)] = month.count
            for day in month.children:
                totals[("day", year.value, month.value, day.value)] = day.count
    totals[("dates",)] = taxonomy.total - taxonomy.undated
    totals[("undated",)] = taxonomy.undated
    totals[("problems",)] = taxonomy.problems
    return +totals  # no empty groups, as unread_counts


def unread_counts_of_library(
    taxonomy: Taxonomy,
    summaries_for: Callable[[Iterable[str]], Iterable[Any]],
    read: frozenset[str] | set[str],
    starred: frozenset[str] | set[str] = frozenset(),
    later: frozenset[str] | set[str] = frozenset(),
) -> tuple[Counter[tuple], dict[str, int]]:
    """:func:`unread_counts` of every article of a library, and the sizes of
    the reading groups (``unread``, ``starred``, ``later``), in time that
    grows with the articles read, starred or queued, not with the library:
    the groups' sizes come from the index (``taxonomy``), and only the read
    articles are counted one by one, to be taken away.  ``summaries_for``
    returns the indexed articles among some paths (``Library.summaries_for``)."""
    marked = summaries_for(set(read) | set(starred) | set(later))
    read_rows = []
    sizes = {"starred": 0, "later": 0}
    for row in marked:
        if row.path in starred:
            sizes["starred"] += 1
        if row.path in later:
            sizes["later"] += 1
        if row.path in read:
            read_rows.append(row)
    totals = group_totals(taxonomy)
    totals[("starred",)] = sizes["starred"]
    totals[("later",)] = sizes["later"]
    counts = totals - unread_counts(read_rows, frozenset(), starred, later)
    sizes["unread"] = counts.get(("unread",), 0)
    return counts, sizes
