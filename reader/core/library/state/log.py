"""One device's log of reading-state changes: parsing, appending, compacting.

A log is ``.article-reader/state/<device-uuid>.jsonl``.  Each line is one
change::

    {"t": 1864425600000000, "dev": "<uuid>", "path": "2021/post.md",
     "fp": "1a2b.Xy_0Zq", "field": "read", "value": true}

``t`` is a :class:`~.clock.HybridClock` value, ``path`` is relative to the
library root (posix), ``fp`` the article's :func:`fingerprint` (may be
``null``), ``value`` ``null`` means "back to the default".

Compaction rewrites a device's own log as a header line and one short row
per article, paths sorted and sharing their prefix with the row before::

    {"compacted": 1, "dev": "<uuid>", "base": T, "rows": BYTES}
    ["0|2021/post.md", "1a2b.Xy_0Zq", "r", 1200, 1, "s", 1200, 1]

(a row: ``"<shared prefix length>|<rest of the path>"``, the fingerprint,
then per field its letter, ``T - t`` and the value).  Changes appended later
follow in the full form.  Only the device that owns a log appends to it or
compacts it, under the log's own lock (``flock`` on the file, re-taken if a
compaction replaced it) with one ``write`` per batch; a line cut short by a
crash or an interrupted copy is skipped, and the next append starts on a new
line.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from reader.core.common.device import is_device_id
from reader.core.common.files import open_regular
from reader.core.common.flock import unlock, wait_for_lock
from reader.core.library.state.clock import LOGICAL_BITS

__all__ = [
    "FIELDS",
    "FIELD_NAME",
    "MAX_LINE_BYTES",
    "MAX_WARNINGS",
    "READ_BLOCK",
    "Change",
    "LineBlocks",
    "LogParser",
    "ParsedLog",
    "Warnings",
    "append_changes",
    "append_lines",
    "compact_log",
    "encode_change",
    "fingerprint",
    "latest_believable_t",
    "locked",
    "parse_log",
    "read_regular",
    "valid_path",
    "valid_t",
    "value_rank",
]

FIELDS = ("read", "starred", "later", "progress", "opened", "edited")
"""The fields of an article's state, in the order they are shown."""

_LETTER = {"read": "r", "starred": "s", "later": "l", "progress": "p", "opened": "o", "edited": "e"}
_FIELD_OF = {letter: field for field, letter in _LETTER.items()}
# What a newer build's field (or its letter in a compacted row) may be named:
# such a change is kept as it is, never taken for a damaged line.
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_MAX_T = 2**53
_MAX_DIGITS = 9  # of a compacted row's shared-prefix length (a path is never that long)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
MAX_LINE_BYTES = 64 * 2**10
"""A line longer than this is no change any device wrote (a path is a few
kilobytes at most): it is skipped with a warning, and never held whole (a
log of one 200 MB line took 1.6 GB to read, and its "path" stayed in the
state)."""
READ_BLOCK = 4 * 2**20
"""A log is read (and merged, and compacted) this much at a time."""
MAX_WARNINGS = 10
"""Bad lines of one log reported each with its line; beyond this many they
are counted in one more warning (a log of 100,000 bad lines must not make
every command print 100,000 lines)."""


class Change(NamedTuple):
    t: int
    dev: str
    path: str
    fp: str | None
    field: str
    value: Any


class ParsedLog(NamedTuple):
    changes: list[Change]
    warnings: list[str]


def fingerprint(data: bytes) -> str:
    """A short content fingerprint: the size (hex) and 4 bytes of BLAKE2b.
    The size lets a caller find candidates for a renamed article from file
    sizes alone, reading only those."""
    digest = hashlib.blake2b(data, digest_size=4).digest()
    return f"{len(data):x}.{base64.urlsafe_b64encode(digest).decode('ascii').rstrip('=')}"


def fingerprint_size(fp: str) -> int | None:
    """The file size recorded in a :func:`fingerprint`, or None."""
    head = fp.partition(".")[0]
    try:
        return int(head, 16)
    except ValueError:
        return None


def _valid_value(field: str, value: Any) -> bool:
    if value is None:
        return True
    if field in ("read", "starred"):
        return isinstance(value, bool)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    # Compared, never converted: a JSON integer of 400 digits overflows a
    # float; NaN fails every comparison.  Past 2**53 a number is not exact
    # in JSON everywhere, and no field needs more (a queue place is a clock
    # value, a time is seconds since the epoch).
    if not -_MAX_T < value < _MAX_T:
        return False
    if field == "progress":
        return 0 <= value <= 1
    return True


_BACKSLASH_SEPARATES = "\\" in (os.sep, os.altsep)


def valid_path(path: Any) -> bool:
    if type(path) is not str or not path:
        return False
    framed = f"/{path}/"  # every part between slashes: none empty, "." or ".."
    if "//" in framed or "/./" in framed or "/../" in framed or "\x00" in path:
        return False
    if "\\" in path and _BACKSLASH_SEPARATES:  # a name's own character elsewhere
        return False
    if not path.isascii():
        try:  # a name that is not UTF-8 (lone surrogates) cannot be written to a log
            path.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


#: How far ahead of now a change may be dated and still be believed: no
#: clock is a century wrong (one that is, is damaged or forged data).
BELIEVABLE_AHEAD_MS = 100 * 365 * 24 * 3600 * 1000


def latest_believable_t() -> int:
    """The latest change time a log line may hold and be read (now and
    :data:`BELIEVABLE_AHEAD_MS`)."""
    return (time.time_ns() // 1_000_000 + BELIEVABLE_AHEAD_MS) << LOGICAL_BITS


def valid_t(t: Any) -> bool:
    """Whether ``t`` is a clock value a log may hold."""
    return type(t) is int and 0 < t < _MAX_T


def encode_change(change: Change) -> bytes:
    """One change as a full-form log line (with its newline)."""
    record = {
        "t": change.t,
        "dev": change.dev,
        "path": change.path,
        "fp": change.fp,
        "field": change.field,
        "value": change.value,
    }
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class Warnings:
    """The warnings of one log: the first :data:`MAX_WARNINGS` bad lines each
    with its line number (``PATH:N: why``, the form of every file-and-line
    message), and a count of the rest (:meth:`lines`)."""

    __slots__ = ("kept", "limit", "more", "source")

    def __init__(self, source: str, limit: int = MAX_WARNINGS) -> None:
        self.source = source
        self.limit = limit
        self.kept: list[str] = []
        self.more = 0

    def add(self, number: int, why: str) -> None:
        """A bad line (``why`` ends with what was done: ``; skipped``)."""
        if len(self.kept) < self.limit:
            self.kept.append(f"{self.source}:{number}: {why}")
        else:
            self.more += 1

    def lines(self) -> list[str]:
        if not self.more:
            return list(self.kept)
        return [*self.kept, f"{self.source}: …and {self.more:,} more bad line(s); skipped"]


def _load_items(lines: list[bytes]) -> list[Any] | None:
    """All lines parsed in one go (the common case), or None if any is damaged."""
    try:
        items: list[Any] = json.loads(b"[" + b",".join(lines) + b"]")
        return items
    except (ValueError, RecursionError):
        return None


_BAD_JSON = object()  # an item that was not JSON (``null`` is a JSON line of its own)
_TOO_LONG = object()  # a line longer than MAX_LINE_BYTES
_TOO_LONG_WHY = f"longer than {MAX_LINE_BYTES // 2**10} KB; skipped"


class LogParser:
    """Parses one log a block of whole lines at a time (:meth:`feed`), so
    that a large log is read in bounded memory: the compaction header and
    the previous row's path carry over from block to block, line numbers
    count on, and the warnings are capped (:class:`Warnings`)."""

    def __init__(
        self,
        source: str,
        lines_before: int = 0,
        context: tuple[tuple[str, int] | None, str] = (None, ""),
    ) -> None:
        """``lines_before``: the lines of the file before the first block
        fed (a log read on from where it was read up to), so that warnings
        give the line of the file; ``context``: the :attr:`context` there."""
        self.source = source
        self.warnings = Warnings(source)
        #: Lines of fields this build does not know, whole (a newer build's,
        #: see :func:`compact_log`): collected when set to a list.
        self.foreign: list[bytes] | None = None
        self._lines = lines_before  # lines of the file up to the end of the blocks fed
        # No clock is this far ahead: a change dated past it is damaged or
        # forged (one at the end of the range blocked its article's field on
        # every device for good: no later change could be dated after it)
        self._latest = min(_MAX_T, latest_believable_t())
        self._devices: dict[Any, bool] = {}
        self._header, self._previous = context

    @property
    def context(self) -> tuple[tuple[str, int] | None, str]:
        """The compaction header in force and the previous row's path, at
        the end of the blocks fed: what reading on from there needs (the
        rest of a compacted log copied in two goes was refused row by row)."""
        return self._header, self._previous

    @property
    def lines(self) -> int:
        """The lines of the file up to the end of the blocks fed (each ended
        by a newline; a last line without one is not counted)."""
        return self._lines

    def feed(self, data: bytes, *, warn: bool = True) -> list[Change]:
        """The changes in ``data`` (whole lines; a last line without its
        newline is taken as cut short); ``warn`` false: bad lines are
        skipped without a warning (a tail that may still be growing)."""
        base = self._lines
        raw_lines = data.split(b"\n")
        self._lines += len(raw_lines) - 1
        numbered = [(base + i + 1, line) for i, line in enumerate(raw_lines) if line.strip()]
        if not numbered:
            return []
        last = base + len(raw_lines)
        cut_short = not data.endswith(b"\n")
        warnings = self.warnings if warn else Warnings(self.source, 0)
        # (a line too long is skipped whatever it holds: the same as when
        # :class:`LineBlocks` meets it across blocks and never holds it whole)
        too_long = any(len(line) > MAX_LINE_BYTES for _, line in numbered)
        items = None if too_long else _load_items([line for _, line in numbered])
        if items is None or len(items) != len(numbered):
            items = []
            for _number, line in numbered:
                if len(line) > MAX_LINE_BYTES:
                    items.append(_TOO_LONG)
                    continue
                try:
                    items.append(json.loads(line))
                except (ValueError, RecursionError):
                    items.append(_BAD_JSON)
        changes: list[Change] = []
        append = changes.append
        make = tuple.__new__  # Change(...) without its Python-level __new__ (100,000s of lines)
        devices = self._devices
        valid_value = _valid_value
        header = self._header
        previous = self._previous
        fields = _LETTER
        latest = self._latest
        foreign = self.foreign
        for (number, line), item in zip(numbered, items, strict=True):
            if item is _TOO_LONG:
                warnings.add(number, _TOO_LONG_WHY)
                continue
            if item is _BAD_JSON:
                cut = number == last and cut_short
                why = "an incomplete last line (cut short)" if cut else "not JSON"
                warnings.add(number, f"{why}; skipped")
                continue
            if type(item) is dict:
                if "compacted" in item:
                    owner, base_t = item.get("dev"), item.get("base")
                    if isinstance(owner, str) and is_device_id(owner) and isinstance(base_t, int):
                        header = (owner, base_t) if 0 < base_t < latest else None
                        previous = ""
                        if header is not None:
                            continue
                    warnings.add(number, "a damaged compaction header; skipped")
                    header = None
                    continue
                t: Any = item.get("t")
                dev: Any = item.get("dev")
                path: Any = item.get("path")
                field: Any = item.get("field")
                fp, value = item.get("fp"), item.get("value")
                known = devices.get(dev) if type(dev) is str else False
                if known is None:
                    known = devices[dev] = is_device_id(dev)
                if type(t) is int and latest <= t < _MAX_T and known:
                    year = 1970 + (t >> LOGICAL_BITS) // 31_556_952_000
                    warnings.add(number, f"dated in the year {year} (damaged or forged); skipped")
                    continue
                if (
                    known
                    and type(t) is int
                    and 0 < t < latest
                    and type(field) is str
                    and field in fields
                    and valid_path(path)
                    and (fp is None or (type(fp) is str and fp.isascii()))
                    and (
                        (value is None or type(value) is bool)
                        if field == "read" or field == "starred"
                        else valid_value(field, value)
                    )
                ):
                    append(make(Change, (t, dev, path, fp, field, value)))
                    continue
                if (
                    known
                    and type(t) is int
                    and 0 < t < latest
                    and type(field) is str
                    and field not in fields
                    and FIELD_NAME.fullmatch(field)
                    and valid_path(path)
                ):
                    # a field of a newer build: not read here, not a damage
                    # (said at every command, and dropped by a compaction)
                    if foreign is not None:
                        foreign.append(line.strip() + b"\n")
                    continue
                warnings.add(number, "not a reading-state change; skipped")
                continue
            if type(item) is list and header is not None:
                path, row, unknown = _parse_row(item, header, previous)
                if path is not None:
                    previous = path  # (a row refused still gives the next its prefix)
                if row is not None:
                    changes.extend(row)
                    if unknown and foreign is not None:
                        foreign.append(_foreign_row(header, path, item[1], unknown))
                    continue
            warnings.add(number, "not a reading-state change; skipped")
        self._header, self._previous = header, previous
        return changes

    def skip_long_line(self) -> None:
        """The next line of the file was longer than :data:`MAX_LINE_BYTES`
        and skipped unread (by :class:`LineBlocks`): counted, with a warning."""
        self._lines += 1
        self.warnings.add(self._lines, _TOO_LONG_WHY)


class LineBlocks:
    """The changes in an open log, from where it is positioned, read a block
    of whole lines at a time and fed to ``parser`` (iterate: one list of
    changes per block), in bounded memory: a line longer than
    :data:`MAX_LINE_BYTES` is skipped as it goes by (:meth:`LogParser.skip_long_line`),
    never held whole.  ``block``: the bytes read at a time (default
    :data:`READ_BLOCK`); at most ``limit`` bytes are read (None: to the end).

    After the iteration, :attr:`whole` is the bytes of whole lines read
    (through the last newline) and :attr:`tail` the last line when no
    newline ends it (for the caller to take or leave: it may still be
    growing); :attr:`long_tail` says the data ended inside a line too long
    to keep."""

    def __init__(
        self,
        handle: BinaryIO,
        parser: LogParser,
        block: int | None = None,
        limit: int | None = None,
    ) -> None:
        self._handle, self._parser, self._limit = handle, parser, limit
        self._block = block or READ_BLOCK
        self.whole = 0
        self.tail = b""
        self.long_tail = False

    def __iter__(self) -> Iterator[list[Change]]:
        pending: list[bytes] = []  # the start of a line not ended yet (joined once)
        held = 0  # the bytes in ``pending``
        skipped = 0  # the bytes so far of a line too long to keep (0: none)
        left = self._limit
        while left is None or left > 0:
            block = self._handle.read(self._block if left is None else min(self._block, left))
            if not block:
                break
            if left is not None:
                left -= len(block)
            if skipped:
                first = block.find(b"\n") + 1
                if not first:
                    skipped += len(block)
                    continue
                self.whole += skipped + first
                self._parser.skip_long_line()
                skipped = 0
                block = block[first:]
            end = block.rfind(b"\n") + 1
            rest = block[end:]
            if end:
                lines = b"".join([*pending, block[:end]]) if pending else block[:end]
                pending, held = [], 0
                self.whole += len(lines)
                yield self._parser.feed(lines)
            if held + len(rest) > MAX_LINE_BYTES:
                skipped = held + len(rest)
                pending, held = [], 0
            elif rest:
                pending.append(rest)
                held += len(rest)
        self.tail = b"".join(pending)
        self.long_tail = skipped > 0


def parse_log(data: bytes, source: str) -> ParsedLog:
    """The changes in a log's bytes; damaged or foreign lines are skipped,
    each with a warning naming ``source`` and the line (the first
    :data:`MAX_WARNINGS` of them, then how many more)."""
    parser = LogParser(source)
    changes = parser.feed(data)
    return ParsedLog(changes, parser.warnings.lines())


def _parse_row(
    item: list[Any], header: tuple[str, int], previous: str
) -> tuple[str | None, list[Change] | None, list[Any]]:
    """The path of a compacted row (None: it names none), its changes
    (None: the row is refused) and the cells of letters this build does
    not know (a newer build's fields: passed over, not a damage), flat."""
    if len(item) < 5 or (len(item) - 2) % 3:
        return None, None, []
    key, fp = item[0], item[1]
    if not isinstance(key, str):
        return None, None, []
    shared, bar, rest = key.partition("|")
    # ASCII digits only, and few: str.isdigit() takes "²" (which int()
    # refuses) and int() refuses more than 4,300 digits
    if not bar or not (0 < len(shared) <= _MAX_DIGITS and shared.isascii() and shared.isdigit()):
        return None, None, []
    cut = int(shared)
    if cut > len(previous):
        return None, None, []
    path = previous[:cut] + rest
    if not valid_path(path) or not (fp is None or (isinstance(fp, str) and fp.isascii())):
        return path, None, []
    dev, base = header
    out = []
    unknown: list[Any] = []
    for i in range(2, len(item), 3):
        letter, delta, value = item[i], item[i + 1], item[i + 2]
        if type(delta) is not int or not 0 <= delta < base or not isinstance(letter, str):
            return path, None, []
        field = _FIELD_OF.get(letter)
        if field is None:
            if not FIELD_NAME.fullmatch(letter):
                return path, None, []
            unknown += [letter, delta, value]
            continue
        if field in ("read", "starred") and type(value) is int:
            value = bool(value)
        if not _valid_value(field, value):
            return path, None, []
        out.append(Change(base - delta, dev, path, fp or None, field, value))
    return path, out, unknown


def _foreign_of(line: bytes) -> Any:
    """The device a kept line (or header and row) of a newer build is of."""
    try:
        return json.loads(line.split(b"\n", 1)[0]).get("dev")
    except (ValueError, AttributeError, RecursionError):
        return None


def _foreign_row(header: tuple[str, int], path: str, fp: Any, cells: list[Any]) -> bytes:
    """The cells of a compacted row that this build does not know, as a row
    of their own under a header of their own (its path whole), to be kept."""
    dev, base = header
    head = json.dumps({"compacted": 1, "dev": dev, "base": base}, separators=(",", ":"))
    row = json.dumps([f"0|{path}", fp or "", *cells], ensure_ascii=False, separators=(",", ":"))
    return f"{head}\n{row}\n".encode()


def value_rank(value: Any) -> str:
    """An order of a field's values that every process agrees on (their
    JSON text): of two changes of one device stamped with one time (two of
    its processes at once), the larger value is the one kept, whichever
    line came first."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def compact_rows(dev: str, changes: Iterable[Change], foreign: Sequence[bytes] = ()) -> bytes:
    """The compacted form of ``changes`` (one device's latest per path and
    field; see the module docstring), with the ``foreign`` lines after it
    as they are (fields of a newer build, see :func:`compact_log`)."""
    latest: dict[str, dict[str, Change]] = {}
    for change in changes:
        cells = latest.setdefault(change.path, {})
        old = cells.get(change.field)
        if (
            old is None
            or change.t > old.t
            or (
                change.t == old.t
                and change.value != old.value
                and value_rank(change.value) > value_rank(old.value)
            )
        ):  # (the one the merge keeps, see merge.Merged.apply)
            cells[change.field] = change
    kept = b"".join(dict.fromkeys(foreign))  # (each once: a compaction keeps them again)
    if not latest:
        return kept
    base = max(c.t for cells in latest.values() for c in cells.values())
    out: list[str] = []
    previous = ""
    dumps = json.dumps
    for path in sorted(latest):
        cells = latest[path]
        shared = len(os.path.commonprefix((previous, path)))  # noqa: RUF071 (by character)
        fp = next((c.fp for c in sorted(cells.values(), key=lambda c: -c.t) if c.fp), None)
        row: list[Any] = [f"{shared}|{path[shared:]}", fp or ""]
        for field in FIELDS:
            cell = cells.get(field)
            if cell is not None:
                value = cell.value
                if isinstance(value, bool):
                    value = int(value)
                row += [_LETTER[field], base - cell.t, value]
        out.append(dumps(row, ensure_ascii=False, separators=(",", ":")))
        # a backslash is refused as a name's character where it separates
        # folders (and by builds before 2026-12-05): the row after it is
        # written whole, so a reader that passes this one over reads it right
        previous = path if "\\" not in path else ""
    rows = ("\n".join(out) + "\n").encode("utf-8") + kept
    # "rows": their size, for compact_if_large (readers before it ignore it)
    header = {"compacted": 1, "dev": dev, "base": base, "rows": len(rows)}
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + rows


def compacted_size(path: Path) -> int | None:
    """The size of the rows the log at ``path`` was last compacted to, from
    its header; None when it has no such header (never compacted, or by a
    build that did not write it) or cannot be read."""
    try:
        with open_regular(path, follow_links=False) as handle:
            first = handle.read(256).split(b"\n", 1)[0]
        header = json.loads(first)
    except (OSError, ValueError):
        return None
    rows = header.get("rows") if type(header) is dict and "compacted" in header else None
    return rows if type(rows) is int and rows >= 0 else None


# -- the log file's lock -------------------------------------------------------------


def _lock(fd: int, path: Path) -> None:
    """Lock the state file open as ``fd``, waiting up to the write path's
    :data:`~reader.core.article.storage.LOCK_TIMEOUT` for another process
    (one stopped with Ctrl+Z, or a network folder that hangs, held it for
    ever: every later mark waited without a word).  Then raises
    :class:`~reader.core.article.storage.LockTimeoutError` naming ``path``."""
    from reader.core.article import storage

    if not wait_for_lock(fd, time.monotonic() + storage.LOCK_TIMEOUT):
        raise storage.LockTimeoutError(
            "another program has held this state file for too long; not saved", path
        )


@contextlib.contextmanager
def _locked_log(path: Path) -> Iterator[int]:
    """The log opened for appending (created if missing) and locked; the
    descriptor names the file now at ``path`` (a compaction may have
    replaced the one first opened)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        # never through a link: a synced folder could hold one named like our log
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _NONBLOCK, 0o644)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(path))
        try:
            _lock(fd, path)
            try:
                same = os.fstat(fd).st_ino == os.lstat(path).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        with contextlib.suppress(OSError):
            unlock(fd)
        os.close(fd)
    try:
        yield fd
    finally:
        with contextlib.suppress(OSError):
            unlock(fd)
        os.close(fd)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the cross-process lock of the (lock) file at ``path``, created
    when missing; for state files other than logs (the undo record)."""
    with _locked_log(path):
        yield


def read_regular(path: Path) -> bytes:
    """The bytes of the regular file at ``path`` (a state file, the snapshot,
    the undo record), opened without blocking and never through a link: a
    FIFO put in its place (in a synced folder, in the cache) is refused, not
    waited on (see :func:`~reader.core.common.files.open_regular`).  Raises
    :class:`OSError`."""
    with open_regular(path, follow_links=False) as handle:
        return handle.read()


def _ends_with_newline(path: Path) -> bool:
    try:
        with open_regular(path, follow_links=False) as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell() == 0:
                return True
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"
    except OSError:
        return True


def append_changes(path: Path, changes: Sequence[Change]) -> None:
    """Append ``changes`` to the log at ``path`` in one write, under its lock,
    and flush them to disk.  Raises :class:`OSError` when it cannot."""
    if not changes:
        return
    append_lines(path, b"".join(encode_change(c) for c in changes))


def append_lines(path: Path, data: bytes) -> None:
    """Append ``data`` (whole lines, each ending in a newline) to the log at
    ``path`` in one write, under its lock, and flush it to disk; a line left
    cut short there by a crash stays alone on its line.  Shared by every
    per-device log (reading state, saved searches).  Raises :class:`OSError`."""
    if not data:
        return
    with _locked_log(path) as fd:
        if not _ends_with_newline(path):
            data = b"\n" + data  # a line cut short by a crash stays alone
        size = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except BaseException:
            # All or nothing: a write cut short (the disk full) left the
            # lines that fitted and a line cut in two, which another device
            # read as a change (a saved search without its query) and every
            # reader warned of from then on.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
                os.fsync(fd)
            raise


def compact_log(path: Path, dev: str, keep: Iterable[Change] = ()) -> tuple[int, int]:
    """Rewrite the log at ``path`` keeping its latest change per path and
    field (plus ``keep``: changes re-keyed after a rename), atomically and
    under its lock.  Returns the sizes before and after, in bytes."""
    from reader.core.article.storage import write_atomic

    def own(reader: LineBlocks) -> Iterator[Change]:
        for changes in reader:
            yield from (c for c in changes if c.dev == dev)
        yield from (c for c in parser.feed(reader.tail) if c.dev == dev)  # a last line unended
        yield from keep

    with _locked_log(path):
        # Read a block at a time, never whole: the log may hold a line of
        # any length (a 600 MB one took 2.4 GB to compact).
        with open_regular(path, follow_links=False) as handle:
            size = os.fstat(handle.fileno()).st_size
            parser = LogParser(os.fspath(path))
            # Lines of fields this build does not know (a newer build's, on
            # this device: two versions installed) are kept as they are:
            # dropped, a compaction lost that build's state for good.
            parser.foreign = []
            changes = list(own(LineBlocks(handle, parser)))
            new = compact_rows(dev, changes, [f for f in parser.foreign if _foreign_of(f) == dev])
        write_atomic(path, new, mode=0o644)
    return size, len(new)
