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
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["ListedArticle", "unread_counts"]


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
