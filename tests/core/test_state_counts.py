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


def _varied_library(root):
    from .libhelpers import article, write

    write(root, "a.md", article("A", categories="[[金融, 银行], [金融, 证券]]", tags="[x, x, y]"))
    write(root, "b.md", article("B", categories="[金融]", author="张三", date="2020-02-29"))
    write(root, "c.md", article("C", date=None))  # file time: undated
    write(root, "2019-05-06-d.md", article("D", date=None, tags="[y]"))  # date from the name
    write(root, "e.md", "---\ntitle: [unclosed\n---\nbody\n")  # a problem
    write(root, "f/g.html", article("G", categories="Notes", author="Ada", date="1999-12-31"))
    write(root, "h.md", article("H", categories="[[A, B, C]]", tags="[z]", author="Ada"))


def test_library_counts_equal_counting_every_row(open_library, root):
    from reader.core.library.state.counts import unread_counts_of_library

    _varied_library(root)
    lib = open_library()
    rows = lib.query()
    paths = sorted(row.path for row in rows)
    assert len(paths) == 7
    taxonomy = lib.taxonomy()
    cases = [
        (set(), set(), set()),
        ({paths[0]}, {paths[0], paths[1]}, {paths[2]}),
        (set(paths[::2]), set(paths[1::3]), set(paths[:3])),
        (set(paths), set(paths), set(paths)),
        ({"gone.md", paths[3]}, {"gone.md"}, {"also-gone.md", paths[4]}),  # not in the index
    ]
    for read, starred, later in cases:
        counts, sizes = unread_counts_of_library(taxonomy, lib.summaries_for, read, starred, later)
        assert counts == unread_counts(rows, read, starred, later), (read, starred, later)
        assert sizes == {
            "unread": sum(1 for p in paths if p not in read),
            "starred": sum(1 for p in paths if p in starred),
            "later": sum(1 for p in paths if p in later),
        }


def test_summaries_for_returns_the_indexed_ones(open_library, root):
    _varied_library(root)
    lib = open_library()
    paths = [row.path for row in lib.query()]
    found = lib.summaries_for([*paths, "missing.md", paths[0]])
    assert sorted(row.path for row in found) == sorted(paths)
    assert lib.summaries_for([]) == []


def test_the_varied_library_has_every_kind_of_group(open_library, root):
    _varied_library(root)
    counts = unread_counts(open_library().query(), set())
    for key in [("problems",), ("year", 2019), ("undated",), ("uncategorized",), ("tag", "y")]:
        assert counts[key] >= 1, key
    assert counts[("category", "A", "B", "C")] == 1 and counts[("author", "Ada")] == 2
