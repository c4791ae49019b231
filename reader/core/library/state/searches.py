"""Saved searches: named queries of the query language, kept beside the
library in ``.article-reader/searches/<device-uuid>.jsonl`` and merged across
devices the way the reading state is (the same clock, log lock and append,
and merge: :mod:`.clock`, :mod:`.log`, :mod:`.merge`)::

    searches = SavedSearches.open(find_library_root(folder))
    news = searches.add("April news", "cat:金融 date:2021-04 is:unread")
    searches.rename(news.id, "April")
    searches.find("April")                      # → SavedSearch, or None
    searches.poll()                             # another device's new lines

Each line of a log is one change of one field of one saved search::

    {"t": 1864425600000000, "dev": "<uuid>", "id": "<32 hex>",
     "field": "name", "value": "April news"}

``field`` is ``name``, ``query`` (its text, in the grammar of
``docs/query.md``), ``created`` (unix time) or ``deleted`` (true).  A search
is keyed by its stable ``id``, and per search and field the change with the
highest ``(t, dev)`` wins, so a rename on one machine and an edit of the
query on another both hold, and a delete wins over anything older.  A
damaged or foreign line is skipped with a warning naming the file and line.
When the library cannot be written, or ``.article-reader`` (or ``searches``
in it) is a symbolic link, this device's log goes to the per-user data
folder (:attr:`SavedSearches.read_only`).  A change dated more than a day
ahead (a clock set wrong) waits for its time, as in the reading state.
Never inside an article.  No Qt here."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import threading
import time
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.common.device import is_device_id
from reader.core.common.files import NotRegularFileError, open_regular
from reader.core.common.links import LINKED_FOLDER
from reader.core.library.state.clock import HybridClock
from reader.core.library.state.log import (
    FIELD_NAME,
    Change,
    ParsedLog,
    Warnings,
    append_lines,
    locked,
    valid_t,
)
from reader.core.library.state.merge import Merged
from reader.core.library.state.store import (
    DeviceLogs,
    change_horizon,
    check_clock,
    stamps,
)

__all__ = [
    "SEARCH_FIELDS",
    "SavedSearch",
    "SavedSearches",
    "SearchGoneError",
    "SearchNameError",
    "check_name",
    "check_query",
    "encode_search_change",
    "parse_search_log",
]

SEARCHES_SUBFOLDER = "searches"
SEARCH_FIELDS = ("name", "query", "created", "deleted")
MAX_NAME = 200
MAX_QUERY = 10_000
MAX_LOG_BYTES = 16 * 2**20
# This device's own log is compacted (its latest change per search and
# field kept) when it grows past this: every rename and edit of a query adds
# a line, and a log past MAX_LOG_BYTES is not read, its searches gone.
COMPACT_AT = 2**20
# Past this, this device's own log is not compacted either (read a line at a
# time, but every search and field it names is kept in memory meanwhile).
MAX_COMPACT_BYTES = 256 * 2**20
_MAX_SEARCH_LINE = 8 * MAX_QUERY + 1024  # a valid change's line is shorter
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Marks that show nothing and are no part of a word (zero-width space,
# word joiner, byte order mark, the direction marks): a new name holding one
# looked like another name, or like none.  (Refused for new names only: a
# log read keeps what it has; the joiners of Persian and emoji are kept.)
_INVISIBLE = re.compile(r"[\u200b\u200e\u200f\u061c\u2060-\u2064\ufeff]")
# Unicode's default-ignorable characters (soft hyphen, joiners, variation
# selectors, fillers…): no part of how a name is told apart.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]"
)
# Characters that are letters or symbols to Unicode but draw nothing.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# A lone surrogate: a byte of a command-line argument that was not UTF-8, or
# a JSON escape that names no character; it cannot be written to a log.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class SearchNameError(ValueError):
    """A name (or query) that cannot be used; ``reason`` is ``empty``,
    ``long``, ``control``, ``text``, ``taken``, ``query-long`` or
    ``query-text`` (for a translated message), ``name`` the name that is
    taken.  ``text``: not valid UTF-8 text (a lone surrogate)."""

    def __init__(self, message: str, reason: str, name: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.name = name


class SearchGoneError(KeyError):
    """The saved search is not there (any more): deleted by another window,
    process or device between finding it and changing it."""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: str
    name: str
    query: str
    created: float | None  # unix time

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "query": self.query, "created": self.created}


def _valid_value(field: str, value: Any) -> bool:
    if field == "name":
        return (
            type(value) is str
            and 0 < len(value) <= MAX_NAME
            and not _CONTROL.search(value)
            and not _SURROGATE.search(value)
        )
    if field == "query":
        return type(value) is str and len(value) <= MAX_QUERY and not _SURROGATE.search(value)
    if field == "created":
        return type(value) in (int, float) and 0 <= value < 2**40
    return value is None or type(value) is bool  # deleted


def encode_search_change(change: Change) -> bytes:
    """One change (its id in the ``path`` place) as a log line, with its newline."""
    record = {
        "t": change.t,
        "dev": change.dev,
        "id": change.path,
        "field": change.field,
        "value": change.value,
    }
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def parse_search_log(data: bytes, source: str) -> ParsedLog:
    """The changes in a saved-search log's bytes (the id in each change's
    ``path``); damaged or foreign lines are skipped, each with a warning
    naming ``source`` and the line (the first few of them, then how many more)."""
    lines = data.split(b"\n")
    changes: list[Change] = []
    warnings = Warnings(source)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (ValueError, RecursionError):
            cut = number == len(lines) and not data.endswith(b"\n")
            why = "an incomplete last line (cut short)" if cut else "not JSON"
            warnings.add(number, f"{why}; skipped")
            continue
        if type(item) is dict:
            t: Any = item.get("t")
            dev: Any = item.get("dev")
            key: Any = item.get("id")
            field, value = item.get("field"), item.get("value")
            if (
                valid_t(t)
                and is_device_id(dev)
                and type(key) is str
                and _ID.fullmatch(key)
                and field in SEARCH_FIELDS
                and _valid_value(field, value)
            ):
                changes.append(Change(t, dev, key, None, field, value))
                continue
            if _newer_field(item):
                continue  # (a field of a newer build: passed over, not a damage)
        warnings.add(number, "not a saved-search change; skipped")
    return ParsedLog(changes, warnings.lines())


def _newer_field(item: dict[str, Any]) -> bool:
    """Whether a log line's ``item`` is a change of a field this build does
    not know (a newer build's): well formed otherwise, kept by a compaction."""
    key, field = item.get("id"), item.get("field")
    return (
        valid_t(item.get("t"))
        and is_device_id(item.get("dev"))
        and type(key) is str
        and _ID.fullmatch(key) is not None
        and type(field) is str
        and field not in SEARCH_FIELDS
        and FIELD_NAME.fullmatch(field) is not None
    )


def _held(change: Change, horizon: int, device: str) -> bool:
    """Whether ``change`` waits for its time: another device's, dated ahead."""
    return change.t > horizon and change.dev != device


def _folded(name: str) -> str:
    """A name as names are told apart: without regard to case, nor to how
    its accents are written (``café`` typed as one letter or as ``e`` and
    a combining accent: two names that looked the same were both kept), nor
    to the marks that draw nothing (``Notes`` and ``Notes`` with a soft
    hyphen or a variation selector after it were two "Notes" rows)."""
    return _IGNORABLE.sub("", unicodedata.normalize("NFC", name)).casefold()


def _draws(char: str) -> bool:
    """Whether ``char`` draws anything of its own where it stands."""
    if char in _BLANK_GLYPHS or _IGNORABLE.match(char):
        return False
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me")


def check_name(name: str) -> str:
    """``name`` with its ends trimmed, or :class:`SearchNameError`."""
    name = name.strip()
    if not name:
        raise SearchNameError("a saved search needs a name", "empty")
    if len(name) > MAX_NAME:
        raise SearchNameError(f"a saved search's name has at most {MAX_NAME} characters", "long")
    if _CONTROL.search(name) or _INVISIBLE.search(name):
        raise SearchNameError(
            "a saved search's name cannot hold control or invisible characters", "control"
        )
    if not any(map(_draws, name)):  # (accents on nothing, fillers, blanks: no name to see)
        raise SearchNameError("a saved search needs a name", "empty")
    if _SURROGATE.search(name):
        raise SearchNameError("a saved search's name is not valid UTF-8 text", "text")
    return name


def check_query(query: str) -> str:
    """``query`` if it can be saved, or :class:`SearchNameError` (its
    grammar is the caller's to check)."""
    if len(query) > MAX_QUERY:
        raise SearchNameError(f"a saved query has at most {MAX_QUERY} characters", "query-long")
    if _SURROGATE.search(query):
        raise SearchNameError("a saved query is not valid UTF-8 text", "query-text")
    return query


class SavedSearches(DeviceLogs):
    """The merged saved searches of the library at ``root``.  Thread-safe.

    ``device`` is this device's id (default :func:`device_id`), ``data_dir``
    the per-user data folder (default :func:`user_data_dir`)."""

    what = "saved searches are"

    def __init__(
        self,
        root: str | os.PathLike,
        *,
        device: str | None = None,
        data_dir: str | os.PathLike | None = None,
        clock: HybridClock | None = None,
    ) -> None:
        super().__init__(root, SEARCHES_SUBFOLDER, device, data_dir, clock)
        self._lock = threading.RLock()
        self._files: dict[str, tuple[tuple[int, int, int], list[Change]]] = {}
        self._warned: set[tuple[str, tuple[int, int, int]]] = set()
        self._merged = Merged(SEARCH_FIELDS)
        self._waiting: int | None = None  # the earliest change held back as dated ahead

    @classmethod
    def open(cls, root: str | os.PathLike, **kwargs: Any) -> SavedSearches:
        searches = cls(root, **kwargs)
        searches._bring_back(parse_search_log, encode_search_change)
        if searches._own_log_size() > MAX_LOG_BYTES:  # (not read as it is: compacted first)
            searches.compact_if_large()
        searches.poll()
        return searches

    def _own_log_size(self) -> int:
        """The size of this device's own log; 0 when it is none to compact
        (missing, or no regular file)."""
        try:
            st = os.lstat(self.log_path)
        except OSError:
            return 0
        return st.st_size if stat.S_ISREG(st.st_mode) else 0

    def compact_if_large(self) -> bool:
        """Compact this device's own log when it passed :data:`COMPACT_AT`
        and twice what its compacted form would take (so that a log that
        compaction cannot shrink is not rewritten at every save), but not
        past :data:`MAX_COMPACT_BYTES` (a log grown that far is no one's
        saved searches: it stays unread, said)."""
        size = self._own_log_size()
        if size <= COMPACT_AT or size > MAX_COMPACT_BYTES:
            return False
        with self._lock:
            mine = [
                Change(cell[0], cell[1], key, None, field, cell[2])
                for field, cells in self._merged.fields.items()
                for key, cell in cells.items()
                if cell[1] == self.device
            ]
        if size <= 2 * sum(len(encode_search_change(change)) for change in mine):
            return False
        try:
            self.compact()
        except OSError:
            return False
        return True

    def compact(self) -> tuple[int, int]:
        """Rewrite this device's own log with its latest change per search
        and field (a deleted search keeps its deletion, which must win over
        other devices' older lines), atomically and under the log's lock; its
        lines are read one at a time, never whole.  Returns the sizes
        before and after, in bytes."""
        from reader.core.article.storage import write_atomic

        path = self.log_path
        latest: dict[tuple[str, str], Change] = {}
        newer: dict[bytes, None] = {}  # lines of a newer build's fields, kept as they are
        with self._lock, locked(path):
            with open_regular(path, follow_links=False) as handle:
                size = os.fstat(handle.fileno()).st_size
                while line := handle.readline(_MAX_SEARCH_LINE):
                    if not line.endswith(b"\n") and len(line) == _MAX_SEARCH_LINE:
                        while (rest := handle.readline(_MAX_SEARCH_LINE)) and not rest.endswith(
                            b"\n"
                        ):
                            pass  # a line no change is as long as: skipped whole
                        continue
                    with contextlib.suppress(ValueError, RecursionError):
                        item = json.loads(line)
                        mine = type(item) is dict and item.get("dev") == self.device
                        if mine and _newer_field(item):
                            newer[line.strip() + b"\n"] = None
                    for change in parse_search_log(line, os.fspath(path)).changes:
                        if change.dev != self.device:
                            continue
                        known = latest.get((change.path, change.field))
                        if known is None or known.t <= change.t:
                            latest[(change.path, change.field)] = change
            kept = sorted(latest.values(), key=lambda change: change.t)
            data = b"".join(encode_search_change(change) for change in kept) + b"".join(newer)
            write_atomic(path, data, mode=0o644)
            self._files.pop(os.fspath(path), None)
        self.poll()
        return size, len(data)

    def is_place_warning(self, warning: str) -> bool:
        """Whether ``warning`` (one of :attr:`warnings`) is about where the
        searches are kept (a link, a library not writable), not a line."""
        return warning.startswith(f"{self.shared_folder}: ") or warning.endswith(
            f": {LINKED_FOLDER}"
        )

    # -- loading -------------------------------------------------------------------------

    def _log_files(self) -> list[Path]:
        found = []
        shared = [self.shared_folder] if self._shared_usable() else []
        for folder in (*shared, self.private_folder):
            try:
                names = os.listdir(folder)
            except OSError as exc:
                # (none yet is no news; a folder that cannot be listed hid
                # every log in it, all the marks gone without a word)
                if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
                    why = f"{folder}: cannot be read: {exc.strerror or exc}; its logs skipped"
                    if why not in self.warnings:
                        self.warnings.append(why)
                continue
            found += [folder / n for n in sorted(names) if n.endswith(".jsonl") and n[0] != "."]
        return found

    def _read(self, path: Path) -> tuple[tuple[int, int, int], list[Change]] | None:
        key = os.fspath(path)
        try:
            st = os.lstat(path)
        except OSError:
            return None
        signature = (st.st_ino, st.st_size, st.st_mtime_ns)
        known = self._files.get(key)
        if known is not None and known[0] == signature:
            return known
        warn = (key, signature) not in self._warned
        self._warned.add((key, signature))
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_LOG_BYTES:
            if warn:
                why = "not a regular file" if not stat.S_ISREG(st.st_mode) else "too large"
                self.warnings.append(f"{path}: {why}; skipped")
            return (signature, [])
        try:
            with open_regular(path, follow_links=False) as handle:
                data = handle.read(MAX_LOG_BYTES)
        except NotRegularFileError:
            return (signature, [])  # swapped for something else since the stat
        except OSError as exc:
            if warn:
                self.warnings.append(f"{path}: cannot be read: {exc.strerror or exc}; skipped")
            return (signature, [])
        parsed = parse_search_log(data, key)
        if warn:
            self.warnings += parsed.warnings
            horizon = change_horizon()
            device = self.device  # (this device's own are taken in: see poll)
            ahead = sum(1 for c in parsed.changes if c.t > horizon and c.dev != device)
            if ahead:
                self.warnings.append(
                    f"{path}: {ahead} change(s) dated more than a day ahead "
                    "(a clock set wrong?); skipped for now"
                )
        return (signature, parsed.changes)

    def poll(self) -> bool:
        """Read the logs again where they changed (a listing and a stat per
        log when nothing did) and merge them.  Returns whether any saved
        search changed."""
        if not self.read_only and not os.path.isdir(self.root):
            return False  # the library's folder is gone: what was read stays
        with self._lock:
            files: dict[str, tuple[tuple[int, int, int], list[Change]]] = {}
            for path in self._log_files():
                read = self._read(path)
                if read is not None:
                    files[os.fspath(path)] = read
            horizon = change_horizon()
            if (
                files.keys() == self._files.keys()
                and all(files[k][0] == self._files[k][0] for k in files)
                and (self._waiting is None or self._waiting > horizon)
            ):
                return False
            before = self.searches()
            self._files = files
            merged = Merged(SEARCH_FIELDS)  # the merge is a maximum: rebuilt from every log
            device = self.device
            held = [c for _s, log in files.values() for c in log if _held(c, horizon, device)]
            for _signature, changes in files.values():
                # Another device's change dated too far ahead waits for its
                # time: taken in, it would move this device's clock past what
                # a log may hold, and every search saved after it would be
                # skipped by every reader.  This device's own are taken in
                # (see :func:`~.store.stamps`), and move no clock either.
                merged.apply(c for c in changes if not _held(c, horizon, device))
            self._merged = merged
            self._waiting = min((c.t for c in held), default=None)
            seen = [c.t for _s, log in files.values() for c in log if c.t <= horizon]
            self.clock.observe(max(seen, default=0))
            return self.searches() != before

    # -- reading -------------------------------------------------------------------------

    def searches(self) -> list[SavedSearch]:
        """The saved searches (not deleted), by name, then by id."""
        with self._lock:
            merged = self._merged
            out = []
            for key in merged.fields["name"]:
                query = merged.value(key, "query")
                # (a search whose query line was lost, cut short by a sync:
                # run as the empty query, it matched every article)
                if merged.value(key, "deleted") or query is None:
                    continue
                created = merged.value(key, "created")
                out.append(SavedSearch(key, merged.value(key, "name"), query, created))
        return sorted(out, key=lambda s: (s.name.casefold(), s.name, s.created or 0, s.id))

    def find(self, name: str) -> SavedSearch | None:
        """The saved search called ``name`` (trimmed; exact, else ignoring
        case), or None.  Two devices may have saved the same name: the one
        created first is found (:meth:`named` gives them all)."""
        found = self.named(name)
        return found[0] if found else None

    def named(self, name: str) -> list[SavedSearch]:
        """Every saved search called ``name`` (trimmed; exact, else ignoring
        case), the one created first first.  More than one when devices
        saved a search of that name each before they synchronised."""
        name = name.strip()
        listed = self.searches()
        found = [s for s in listed if s.name == name] or [
            s for s in listed if _folded(s.name) == _folded(name)
        ]
        return sorted(found, key=lambda s: (s.created or 0, s.id))

    def get(self, search_id: str) -> SavedSearch | None:
        return next((s for s in self.searches() if s.id == search_id), None)

    # -- changing ------------------------------------------------------------------------

    def _write(self, values: Sequence[tuple[str, str, Any]]) -> None:
        with self._lock:
            horizon, device = change_horizon(), self.device
            held = [c for _s, log in self._files.values() for c in log if _held(c, horizon, device)]
            cells = [(key, field) for key, field, _value in values]
            times = stamps(self.clock, cells, self._merged, held)
            changes = [
                Change(t, device, key, None, field, value)
                for t, (key, field, value) in zip(times, values, strict=True)
            ]
            check_clock(max(times), self.log_path, self.clock)
            self._shared_usable()  # (a link in its place since: per user from now on)
            self._refuse_gone_root()
            data = b"".join(encode_search_change(c) for c in changes)
            try:
                append_lines(self.log_path, data)
            except OSError as exc:
                if self.read_only:
                    raise
                why = self._move_private(exc)
                self.warnings.append(f"{self.shared_folder}: cannot be written ({why})")
                append_lines(self.log_path, data)
            self._merged.apply(changes)
            self.compact_if_large()

    def _free_name(self, name: str, search_id: str | None = None) -> str:
        name = check_name(name)
        taken = self.find(name)
        if taken is not None and taken.id != search_id and _folded(taken.name) == _folded(name):
            raise SearchNameError(
                f"a saved search called {taken.name!r} exists already", "taken", taken.name
            )
        return name

    @contextlib.contextmanager
    def _turn(self) -> Iterator[None]:
        """This device's turn to name a search, across processes: the logs
        read again, then the name checked and written under one lock (two
        ``saved --add`` of one name at once both found it free, and both
        were saved).  Devices apart can still both take a name before they
        synchronise: :meth:`named` gives them all."""
        from reader.core.article.storage import LockTimeoutError, locked

        with self._lock:
            try:
                # A name in the library's own folder, never made: its lock is
                # one whatever exists yet.  (The log's own path named its lock
                # by its folder while there was none, then by the folder, then
                # by the file: three processes, three locks, and a name saved
                # twice while the first one made the log.)
                with locked(self.root / f".article-reader-searches-{self.device}"):
                    self.poll()
                    yield
            except LockTimeoutError as exc:  # (its lock held too long by another writer)
                raise OSError(errno.EAGAIN, exc.message, os.fspath(self.log_path)) from None

    def add(self, name: str, query: str) -> SavedSearch:
        """Save ``query`` as ``name``.  Raises :class:`SearchNameError` for a
        name that is empty or taken, :class:`OSError` when nothing can be
        written; the query's grammar is the caller's to check."""
        with self._turn():
            name = self._free_name(name)
            check_query(query)
            key = uuid.uuid4().hex
            created = round(time.time(), 3)
            self._write([(key, "created", created), (key, "name", name), (key, "query", query)])
            return SavedSearch(key, name, query, created)

    def rename(self, search_id: str, name: str, *, was: str | None = None) -> SavedSearch:
        """``was``: the name it was found by; when another process renamed it
        meanwhile, it is not there by that name any more (SearchGoneError):
        two renames of one name both said they had renamed it."""
        with self._turn():
            search = self._existing(search_id, was)
            name = self._free_name(name, search_id)
            if name != search.name:
                self._write([(search_id, "name", name)])
            return SavedSearch(search.id, name, search.query, search.created)

    def set_query(self, search_id: str, query: str) -> SavedSearch:
        with self._turn():  # (the logs read again: it may be deleted meanwhile)
            search = self._existing(search_id)
            check_query(query)
            if query != search.query:
                self._write([(search_id, "query", query)])
            return SavedSearch(search.id, search.name, query, search.created)

    def delete(self, search_id: str, *, was: str | None = None) -> None:
        """Raises :class:`SearchGoneError` when it is not there (any more),
        or, given ``was``, no longer by that name (a delete racing a rename
        deleted the search just renamed)."""
        with self._turn():
            self._existing(search_id, was)
            self._write([(search_id, "deleted", True)])

    def _existing(self, search_id: str, was: str | None = None) -> SavedSearch:
        search = self.get(search_id)
        if search is None or (was is not None and search.name != was):
            raise SearchGoneError(search_id)
        return search
