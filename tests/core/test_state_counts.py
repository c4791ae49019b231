"""Unread counts per navigation group."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.library.state.counts import unread_counts


@dataclass
class Listed:
    path: str
    date: str | None = "2021-04-16T15:21:00"
    date_source: str | None = "front-matter"
    author: str | None = None
    problem_count: int = 0
    categories: tuple[tuple[str, ...], ...] = ()
    tags: tuple[str, ...] = ()


def test_unread_counts_follow_the_tree_keys():
    rows = [
        Listed("a.md", categories=(("金融", "银行"), ("金融", "证券")), tags=("x", "x")),
        Listed("b.md", categories=(("金融",),), author="张三"),
        Listed("c.md", date=None, date_source="file-time", problem_count=2),
        Listed("d.md", tags=("x",)),
    ]
    counts = unread_counts(rows, read={"d.md"}, starred={"a.md", "d.md"}, later={"c.md"})
    assert counts[("all",)] == counts[("unread",)] == 3
    assert counts[("category", "金融")] == 2  # a.md once, though in two sub-categories
    assert counts[("category", "金融", "银行")] == 1
    assert counts[("categories",)] == 2 and counts[("uncategorized",)] == 1
    assert counts[("tag", "x")] == 1 and counts[("tags",)] == 1  # d.md is read
    assert counts[("author", "张三")] == 1 and counts[("authors",)] == 1
    assert counts[("year", 2021)] == counts[("month", 2021, 4)] == counts[("day", 2021, 4, 16)]
    assert counts[("dates",)] == 2 and counts[("undated",)] == 1
    assert counts[("problems",)] == 1
    assert counts[("starred",)] == 1 and counts[("later",)] == 1
    assert unread_counts(rows, read={r.path for r in rows}) == {}
