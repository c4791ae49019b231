"""Listings: ordered ids by SQL, summaries a page at a time (no Qt)."""

from __future__ import annotations

from array import array

import pytest

from reader.core.library.listing import Listing
from reader.core.library.query import Query

from .libhelpers import article, write

AUTHORS = ["zoe", "Adam", None, "bob", "Émile"]


@pytest.fixture
def library(root, open_library):
    for i in range(40):
        day = 1 + i % 28
        write(
            root,
            f"posts/p{i:02d}.md",
            article(
                f"Title {39 - i:02d}",
                date=None if i % 10 == 9 else f"2021-03-{day:02d} 10:{i:02d}:00",
                author=AUTHORS[i % len(AUTHORS)],
                categories=None if i % 4 == 3 else f"[C{i % 3}]",
            ),
        )
    return open_library()


def paths_of(library, sort: str, **filters) -> list[str]:
    return [s.path for s in library.query(Query(sort=sort, **filters))]


@pytest.mark.parametrize("sort", ["date", "-date", "title", "-title", "path"])
def test_listing_is_in_the_query_order(library, sort):
    listing = library.listing(Query(sort=sort))
    assert isinstance(listing.ids, array) and listing.ids.typecode == "q"
    assert len(listing) == 40
    assert [s.path for s in listing] == paths_of(library, sort)
    assert listing.paths() == paths_of(library, sort)


@pytest.mark.parametrize("sort", ["author", "-author"])
def test_author_sort_puts_articles_without_an_author_last(library, sort):
    rows = list(library.listing(Query(sort=sort)))
    authors = [s.author for s in rows]
    named = [a for a in authors if a]
    assert authors[len(named) :] == [None] * (len(authors) - len(named))
    keys = [a.casefold() for a in named[:24] if a.isascii()]
    expected = sorted(keys, reverse=sort.startswith("-"))
    assert keys == expected


@pytest.mark.parametrize("sort", ["categories", "-categories"])
def test_categories_sort_puts_uncategorized_last(library, sort):
    rows = list(library.listing(Query(sort=sort)))
    cats = [s.categories for s in rows]
    filled = [c for c in cats if c]
    assert cats[len(filled) :] == [()] * (len(cats) - len(filled))
    assert filled == sorted(filled, reverse=sort.startswith("-"))


def test_listing_filters_like_query(library):
    listing = library.listing(Query(category=("C1",), sort="title"))
    assert [s.path for s in listing] == paths_of(library, "title", category=("C1",))
    assert len(listing) == library.count(Query(category=("C1",)))


def test_keep_narrows_by_path(library):
    keep = {"posts/p03.md", "posts/p17.md", "posts/p30.md"}
    listing = library.listing(Query(sort="path"), keep=keep.__contains__)
    assert listing.paths() == sorted(keep)


def test_listing_of_paths_keeps_the_given_order(library):
    queue = ["posts/p30.md", "posts/missing.md", "posts/p03.md", "posts/p30.md"]
    listing = library.listing_of_paths(queue)
    assert listing.paths() == ["posts/p30.md", "posts/p03.md"]
    # p30 is in category C0 (30 % 3 == 0), p03 is uncategorized (3 % 4 == 3)
    narrowed = library.listing_of_paths(queue, Query(category=("C0",)))
    assert narrowed.paths() == ["posts/p30.md"]


class _Counting:
    """The library as a listing's source, counting the summaries it reads."""

    def __init__(self, library, calls: list[int]):
        self._library = library
        self._calls = calls

    def summaries_by_id(self, ids):
        self._calls.append(len(ids))
        return self._library.summaries_by_id(ids)

    def paths_by_id(self, ids):
        return self._library.paths_by_id(ids)

    def ids_of_paths(self, paths):
        return self._library.ids_of_paths(paths)


def test_pages_are_read_on_demand_and_bounded(library):
    calls: list[int] = []

    ids = library.listing(Query(sort="path")).ids
    listing = Listing(ids, _Counting(library, calls), page=8, pages_kept=2)
    assert calls == []  # nothing read until asked
    first = listing[0]
    assert first is not None and first.path == "posts/p00.md"
    listing[7]
    assert calls == [8]  # one page
    listing[8], listing[39]
    assert calls == [8, 8, 8] and listing.cached_pages() == 2
    listing[0]  # the first page was dropped: read again
    assert calls == [8, 8, 8, 8]
    with pytest.raises(IndexError):
        listing[40]


def test_position_of_and_gone_articles(library, root):
    listing = library.listing(Query(sort="path"))
    assert listing.position_of("posts/p05.md") == 5
    assert listing.position_of("posts/nope.md") == -1
    (root / "posts" / "p05.md").unlink()
    library.refresh()
    listing.forget()
    assert listing[5] is None  # gone since the listing was made: no crash
    assert listing.path_at(5) is None
    assert "posts/p05.md" not in listing.paths()
    assert len(listing.paths()) == 39
    assert listing.position_of("posts/p05.md") == -1


def test_empty_listing(library):
    listing = library.listing(Query(author="nobody"))
    assert len(listing) == 0 and not listing
    assert listing.paths() == []
    assert library.summaries_by_id([]) == {}


def test_prefetch_reads_the_first_pages_once(library):
    calls: list[int] = []

    listing = Listing(library.listing(Query(sort="path")).ids, _Counting(library, calls), page=16)
    listing.prefetch(20)
    assert calls == [16, 16] and listing.cached_pages() == 2
    listing.prefetch(1000)  # no further than the listing
    assert calls == [16, 16, 8]
    assert [s.path for s in listing][:3] == ["posts/p00.md", "posts/p01.md", "posts/p02.md"]
    assert calls == [16, 16, 8]


def test_iter_query_gives_the_rows_of_query_one_at_a_time(library):
    rows = library.iter_query(Query(category=("C2",), sort="title"))
    assert not isinstance(rows, list)
    assert [s.path for s in rows] == paths_of(library, "title", category=("C2",))
    assert len(list(library.iter_query())) == 40


def test_a_limited_query_gives_the_first_rows_of_the_whole_listing(library):
    head = library.listing(Query(sort="-date", limit=8))
    whole = library.listing(Query(sort="-date"))
    assert not head.complete and whole.complete
    assert list(head.ids) == list(whole.ids[:8])
    assert head.paths() == paths_of(library, "-date")[:8]
