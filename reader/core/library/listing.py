"""Long lists without holding them.  No Qt here.

A :class:`Listing` is the ordered ids of a query's matches (an ``array('q')``:
8 MB for a million articles, ordered by SQL), and fetches the summaries of a
page of positions when they are asked for, keeping a bounded number of pages.
The window's article list shows one; sorting by another column is a new
listing computed on a worker, never a sort of a million rows in Python.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Protocol

from reader.core.library.records import Summary

__all__ = ["PAGE", "PAGES_KEPT", "Listing", "ListingSource"]

#: Summaries are fetched this many positions at a time …
PAGE = 128
#: … and at most this many pages are kept (8,192 summaries, a few MB).
PAGES_KEPT = 64
#: Paths are read this many ids per query (:meth:`Listing.paths`).
_PATH_CHUNK = 20_000
#: A listing's ids are fetched this many rows at a time.
_ID_CHUNK = 10_000


class ListingSource(Protocol):
    """Where a listing's summaries come from (the :class:`Library`)."""

    def summaries_by_id(self, ids: Sequence[int]) -> dict[int, Summary]: ...

    def paths_by_id(self, ids: Sequence[int]) -> dict[int, str]: ...

    def ids_of_paths(self, paths: Iterable[str]) -> dict[str, int]: ...


class Listing:
    """The articles of a query, in order, by position.

    ``len(listing)`` is the number of matches; ``listing[i]`` the
    :class:`Summary` at position ``i`` (``None`` when that article left the
    index since the listing was made).  Only the pages asked for are read.
    A listing is used from one thread at a time (the window's GUI thread);
    the source gives each thread its own connection.
    """

    __slots__ = ("_ids", "_page", "_pages", "_pages_kept", "_source", "complete")

    def __init__(
        self,
        ids: array,
        source: ListingSource,
        *,
        page: int = PAGE,
        pages_kept: int = PAGES_KEPT,
        complete: bool = True,
    ):
        if ids.typecode != "q":
            raise ValueError("a listing's ids are an array('q')")
        self._ids = ids
        self._source = source
        self._page = max(1, page)
        self._pages_kept = max(1, pages_kept)
        self._pages: OrderedDict[int, list[Summary | None]] = OrderedDict()
        #: False for the first rows only (a query with a limit): the whole
        #: listing follows.
        self.complete = complete

    @property
    def ids(self) -> array:
        """The ids in listing order (do not change it)."""
        return self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return len(self._ids) > 0

    def __getitem__(self, position: int) -> Summary | None:
        if not 0 <= position < len(self._ids):
            raise IndexError(position)
        number, offset = divmod(position, self._page)
        page = self._pages.get(number)
        if page is None:
            page = self._load(number)
        else:
            self._pages.move_to_end(number)
        return page[offset]

    def __iter__(self) -> Iterator[Summary | None]:
        for position in range(len(self._ids)):
            yield self[position]

    def _load(self, number: int) -> list[Summary | None]:
        start = number * self._page
        wanted = self._ids[start : start + self._page]
        found = self._source.summaries_by_id(wanted)
        page = [found.get(i) for i in wanted]
        self._pages[number] = page
        while len(self._pages) > self._pages_kept:
            self._pages.popitem(last=False)
        return page

    def prefetch(self, stop: int) -> None:
        """Read the pages of positions ``0 .. stop`` now (on the worker that
        made the listing, so that the first rows show without a query)."""
        for number in range(min(-(-stop // self._page), -(-len(self._ids) // self._page))):
            if number not in self._pages:
                self._load(number)

    def cached_pages(self) -> int:
        """How many pages of summaries are held now (at most ``pages_kept``)."""
        return len(self._pages)

    def forget(self) -> None:
        """Drop the summaries held (the index changed: read them again)."""
        self._pages.clear()

    def path_at(self, position: int) -> str | None:
        """The path at ``position`` (``None``: out of range, or gone)."""
        if not 0 <= position < len(self._ids):
            return None
        summary = self[position]
        return summary.path if summary is not None else None

    def position_of(self, path: str) -> int:
        """The position of ``path`` in the listing, or -1."""
        found = self._source.ids_of_paths([path]).get(path)
        if found is None:
            return -1
        try:
            return self._ids.index(found)
        except ValueError:
            return -1

    def paths(self) -> list[str]:
        """Every path, in order (read in chunks; articles gone are left out)."""
        result: list[str] = []
        ids = self._ids
        for start in range(0, len(ids), _PATH_CHUNK):
            chunk = ids[start : start + _PATH_CHUNK]
            found = self._source.paths_by_id(chunk)
            result += [found[i] for i in chunk if i in found]
        return result


def ordered_ids(rows: Iterable[tuple[int, str]], keep: Callable[[str], bool] | None) -> array:
    """The ids of ``(id, path)`` rows whose path ``keep`` accepts (all: None).
    Without ``keep`` the rows may be ``(id,)``; a cursor is read in chunks,
    its ids taken in C (no Python code runs per row, and the GUI thread gets
    the interpreter back sooner)."""
    ids = array("q")
    if keep is not None:
        ids.extend(row[0] for row in rows if keep(row[1]))
        return ids
    first = itemgetter(0)
    fetchmany = getattr(rows, "fetchmany", None)
    if fetchmany is None:
        ids.extend(map(first, rows))
        return ids
    while chunk := fetchmany(_ID_CHUNK):
        ids.extend(map(first, chunk))
    return ids
