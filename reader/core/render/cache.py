"""A bounded cache of rendered articles.  No Qt here.

Re-opening an article that was rendered before (the same bytes, the same
settings) returns the earlier result instead of parsing and sanitizing it
again.  The key is a hash of the article's bytes plus everything else the
result depends on (path, date, theme, images policy, locale, font size
and family…).

The one input that is not in the key is the disk around the article: a
local image may appear, an offline copy of a remote one may have been
downloaded.  An entry therefore remembers every image decision the render
made (``src``, ``alt`` → :class:`~reader.core.render.sanitize.ImageDecision`);
on a hit they are asked again of a new resolver, which costs a few ``stat``
calls, and the entry is used only if every answer is the same.

Bounded by a number of entries and by the total size of their HTML; the
least recently used go first.  Safe to share between threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.article.model import Problem
    from reader.core.render.sanitize import ImageDecision

__all__ = ["CachedRender", "RenderCache"]

ImageCall = tuple[str, str, "ImageDecision"]


@dataclass(frozen=True, slots=True)
class CachedRender:
    """What a render produced that does not depend on the resolver's lists:
    the document, its fragment, whether it is the raw view, its problems
    (as given to :class:`~reader.core.render.pipeline.RenderResult`), and the
    image decisions made on the way."""

    html: str
    body_html: str
    raw: bool
    problems: tuple[Problem, ...]
    images: tuple[ImageCall, ...]

    @property
    def size(self) -> int:
        return len(self.html) + len(self.body_html)


class RenderCache:
    """At most ``max_entries`` renders and about ``max_chars`` characters of HTML."""

    def __init__(self, max_entries: int = 64, max_chars: int = 64 * 1024 * 1024):
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._entries: OrderedDict[Hashable, CachedRender] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(
        self, key: Hashable, still_valid: Callable[[CachedRender], bool]
    ) -> CachedRender | None:
        """The entry for ``key`` if there is one and ``still_valid(entry)``;
        an entry that is no longer valid is dropped."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and still_valid(entry):
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                self.hits += 1
            return entry
        with self._lock:
            if entry is not None and self._entries.get(key) is entry:
                del self._entries[key]
                self._chars -= entry.size
            self.misses += 1
        return None

    def put(self, key: Hashable, entry: CachedRender) -> None:
        if entry.size > self.max_chars or self.max_entries <= 0:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._chars -= old.size
            self._entries[key] = entry
            self._chars += entry.size
            while len(self._entries) > self.max_entries or self._chars > self.max_chars:
                _, dropped = self._entries.popitem(last=False)
                self._chars -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0
