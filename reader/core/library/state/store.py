"""The reading state of one library, as the window and the command line use it::

    state = ReadingState.open(find_library_root(folder), library=folder)
    state.mark(["2021/post.md"], "starred", True)
    unread = state.unread(library_paths)            # or state.paths_with("read", True)
    state.poll()                                     # another device's new lines, live

Where it lives: this device appends to ``.article-reader/state/<device>.jsonl``
at the library root; every ``*.jsonl`` there (every device's log) is read and
merged (:mod:`.merge`).  When the library folder cannot be written, this
device's log goes to the per-user data folder instead (:attr:`read_only`
says so and :attr:`location_note` says where); both are read.  So it does
when ``.article-reader`` (or ``state`` in it) is a symbolic link: a git clone
or a sync tool carries links, and state is never read or written through one
(nothing is ever created outside the library).

Keys in the logs are paths relative to the library root (posix); the paths
this object takes and gives are relative to ``library`` (the folder opened,
at or below the root; by default the root itself).  A path that is gone
but whose fingerprint matches a file of the same size that has no state is
taken to have been renamed outside the app (:meth:`resolve_moves`).

Query seam (for ``is:unread``, ``is:starred``, ``is:later``):
:meth:`paths_with` and :meth:`unread` return sets of relative paths.
No Qt here."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import marshal
import os
import stat
import threading
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from reader.core.article.model import ArticleError
from reader.core.article.storage import LockTimeoutError
from reader.core.common.device import device_id
from reader.core.common.dirs import user_data_dir
from reader.core.common.files import NotRegularFileError, file_kind, named_exactly, open_regular
from reader.core.common.links import LINKED_FOLDER, linked_folder
from reader.core.library.root import STATE_FOLDER
from reader.core.library.state.clock import LOGICAL_BITS, HybridClock, wall_ms
from reader.core.library.state.log import (
    FIELDS,
    READ_BLOCK,
    Change,
    LineBlocks,
    LogParser,
    ParsedLog,
    append_changes,
    append_lines,
    compact_log,
    compacted_size,
    encode_change,
    fingerprint,
    fingerprint_size,
    locked,
    parse_log,
    read_regular,
    valid_path,
    valid_t,
)
from reader.core.library.state.merge import Cell, Merged

__all__ = [
    "FIELDS",
    "ArticleSizes",
    "ArticleState",
    "DeviceLogs",
    "MarkAll",
    "ReadingState",
    "fingerprint",
]


# File systems keep change times to 2 s (FAT) at worst: a file renamed in the
# same instant as its state was written still counts as renamed after it.
_CHANGE_SLACK_MS = 2000


def _other_forms(keys: Iterable[str]) -> dict[str, list[str]]:
    """Each of ``keys`` that is not ASCII, with its spellings in the other
    Unicode forms (composed, decomposed): wholly one form or the other
    first, then folder by folder (a Mac may keep a folder's name composed
    and a file's decomposed) while there are at most 32 such mixes."""
    forms: dict[str, list[str]] = {}
    for key in keys:
        if key.isascii():
            continue
        parts = key.split("/")
        whole = [
            "/".join(unicodedata.normalize(form, part) for part in parts) for form in ("NFC", "NFD")
        ]
        variants = [
            list(dict.fromkeys([part, *(unicodedata.normalize(f, part) for f in ("NFC", "NFD"))]))
            for part in parts
        ]
        mixes: list[str] = []
        if sum(len(v) > 1 for v in variants) <= 5:
            spellings = [""]
            for choices in variants:
                spellings = [f"{s}/{v}" if s else v for s in spellings for v in choices]
            mixes = spellings
        others = [s for s in dict.fromkeys([*whole, *mixes]) if s != key]
        if others:
            forms[key] = others
    return forms


def _lexists(root: Path, rel: str, listed: dict[str, frozenset[str] | None]) -> bool:
    """Whether a file is at ``rel`` under ``root`` under that very name: a
    path that cannot be looked at (no permission) counts as there, it is not
    known to be gone; on a volume that ignores case, ``Note.md`` renamed
    ``note.md`` (or its folder so renamed) is gone, its state goes to the
    new name.  ``listed`` keeps the folders' names (see ``named_exactly``)."""
    try:
        os.lstat(root.joinpath(*rel.split("/")))
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError):
        return True
    return named_exactly(root, rel, listed)


class ArticleSizes(Protocol):
    """What :meth:`ReadingState.resolve_moves` needs of a library (a
    ``Library`` has it): which paths are articles, and the sizes of the
    articles state may have moved to (every article's, or some candidates';
    asked for only when some state belongs to no article)."""

    def ids_of_paths(self, paths: Iterable[str]) -> Mapping[str, int]: ...

    def file_sizes(self) -> Mapping[str, int]: ...


STATE_SUBFOLDER = "state"
# 7: the device it was made for (its edits are that device's: another device
#    sharing the cache, or this one under a new id, took them for its own)
SNAPSHOT_VERSION = 7
HEAD_BYTES = 64
TAIL_BYTES = 4096  # the end of what was read of a log, checked (hashed) before reading on
MAX_LOG_BYTES = 256 * 2**20  # a log beyond this is not ours to parse (100k articles: ~5 MB)
MAX_FUTURE_MS = 24 * 3600 * 1000  # changes further ahead than this are skipped
SNAPSHOT_AFTER = 5000  # changes parsed on open that make it worth writing the snapshot
UNDO_DEPTH = 20
COMPACT_RATIO = 2.0  # compact the own log once it is this many times the compacted size


@dataclass(frozen=True, slots=True)
class ArticleState:
    """One article's merged state (defaults for what was never set)."""

    read: bool = False
    starred: bool = False
    later: float | None = None  # the queue position (lower first); None: not queued
    progress: float = 0.0  # how far it was read, 0..1
    opened: float | None = None  # unix time it was last opened
    edited: float | None = None  # unix time the app last wrote it

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "starred": self.starred,
            "later": self.later is not None,
            "progress": self.progress,
            "opened": self.opened,
            "edited": self.edited,
        }


@dataclass(frozen=True, slots=True)
class MarkAll:
    """A "mark all as read" that can be undone."""

    time: float  # unix time it was done
    description: str
    count: int  # articles it changed


@dataclass(slots=True)
class _Seen:
    """How far a log file has been read."""

    inode: int
    offset: int  # bytes taken in (always just after a newline)
    size: int
    mtime_ns: int
    tail_warned: int = -1  # the offset whose cut-short tail was reported
    head: bytes = b""  # the first bytes: a log rewritten in place starts differently
    lines: int = 0  # the lines before ``offset`` (for the line numbers of warnings)
    tail: bytes = b""  # a hash of the last TAIL_BYTES before ``offset``
    header: tuple[str, int] | None = None  # the parser's context at ``offset``
    previous: str = ""  # (see LogParser.context)


def library_key(root: Path) -> str:
    """A short name for ``root`` in per-user folders."""
    return hashlib.blake2b(os.fsencode(root), digest_size=8).hexdigest()


def kept_elsewhere(
    what: str, link: Path | None, private_folder: Path, unwritable: str | None = None
) -> str:
    """Why and where ``what`` (``"reading state is"``, ``"saved searches
    are"``) kept outside the library: a symbolic link in its folder's place,
    or a library that cannot be written (``unwritable``: what of it, when
    known; see :func:`unwritable_folder`)."""
    if link is not None:
        why = f"{link} is a symbolic link"
    else:
        why = unwritable or "the library folder cannot be written"
    return f"{why}; {what} kept in {private_folder}"


class DeviceLogs:
    """Where a store keeps its logs, one file per device: ``shared_folder`` in
    the library (``subfolder`` of the state folder), or ``private_folder`` in
    the per-user data folder when the library cannot be written or the shared
    folder is reached through a symbolic link (see :meth:`_shared_usable`).
    ``what`` names the store in notes (``"reading state is"``)."""

    what = "state is"

    def __init__(
        self,
        root: str | os.PathLike,
        subfolder: str,
        device: str | None,
        data_dir: str | os.PathLike | None,
        clock: HybridClock | None,
    ) -> None:
        self.root = Path(root).resolve()
        self._data_dir = Path(data_dir) if data_dir is not None else user_data_dir()
        self.device = device or device_id(self._data_dir)
        self.shared_folder = self.root / STATE_FOLDER / subfolder
        self.private_folder = self._data_dir / subfolder / library_key(self.root)
        self.clock = clock or HybridClock()
        self.warnings: list[str] = []
        self.read_only = False
        self._link: Path | None = None  # the link the shared folder is reached through
        self._unwritable: str | None = None  # why the shared folder cannot be written
        if self._shared_usable():
            self._unwritable = unwritable_folder(self.shared_folder, self.root)
            self.read_only = self._unwritable is not None

    @property
    def log_path(self) -> Path:
        """This device's log (in the library, or the per-user folder when read-only)."""
        folder = self.private_folder if self.read_only else self.shared_folder
        return folder / f"{self.device}.jsonl"

    @property
    def location_note(self) -> str | None:
        """Why and where the logs are kept outside the library, or None."""
        if not self.read_only:
            return None
        return kept_elsewhere(self.what, self._link, self.private_folder, self._unwritable)

    def _shared_usable(self) -> bool:
        """Whether the library's folder for the logs may be read and written:
        not when it (or ``.article-reader``) is a symbolic link or resolves
        outside the library (:func:`~reader.core.common.links.linked_folder`).
        Checked on every poll and write, since a sync tool may put a link
        in its place while the window is open.  The first time it may not,
        this device's log moves to the per-user folder, as for a library
        that cannot be written, with a warning."""
        if self._link is not None:
            return False
        link = linked_folder(self.root, self.shared_folder)
        if link is None:
            return True
        self._link = link
        self.read_only = True
        self.warnings.append(f"{link}: {LINKED_FOLDER}")
        return False

    def _move_private(self, exc: OSError) -> str:
        """This device's log in the library could not be appended to
        (``exc``): keep it per user from now on; why, for a warning.  The
        note on where the logs are kept names the log and why too (a folder
        in the log's place is not a library that cannot be written)."""
        log = self.log_path
        why = _unwritable(log, exc)
        self.read_only = True
        self._unwritable = f"{log} cannot be written ({why})"
        return why

    def _bring_back(
        self,
        parse: Callable[[bytes, str], ParsedLog],
        encode: Callable[[Change], bytes],
    ) -> None:
        """This device's log kept per user while the library could not be
        written (a read-only folder, a full disk) goes back into the
        library once it can be: appended to this device's log there, then
        removed.  It stayed per user for good, where no other device saw
        those changes, and they were lost once the library folder moved.
        Nothing happens when the library still cannot be written (or the
        state folder is not there yet: written first by the app itself)."""
        private = self.private_folder / f"{self.device}.jsonl"
        if self.read_only or not os.path.isfile(private):
            return
        if not self._shared_usable() or not os.path.isdir(self.shared_folder.parent):
            return
        try:
            parsed = parse(read_regular(private), os.fspath(private))
            if parsed.changes:
                self.shared_folder.mkdir(exist_ok=True)
                append_lines(self.log_path, b"".join(encode(c) for c in parsed.changes))
            os.unlink(private)  # (after the append: a crash between repeats it, harmlessly)
        except (OSError, LockTimeoutError):
            return  # (kept per user, read from there as before; tried again next time)

    def _refuse_gone_root(self) -> None:
        """Raise :class:`FileNotFoundError` when the library's folder is gone
        (moved or deleted while the window is open): a log written there
        made its folders again, a library of nothing at the old place."""
        if not self.read_only and not os.path.isdir(self.root):
            raise FileNotFoundError(
                errno.ENOENT,
                "the library's folder is gone (moved or deleted); nothing was written",
                os.fspath(self.root),
            )


class ReadingState(DeviceLogs):
    """The merged reading state of the library at ``root``.  Thread-safe.

    ``device`` is this device's id (default :func:`device_id`), ``data_dir``
    the per-user data folder (default :func:`user_data_dir`)."""

    what = "reading state is"

    def __init__(
        self,
        root: str | os.PathLike,
        *,
        device: str | None = None,
        data_dir: str | os.PathLike | None = None,
        clock: HybridClock | None = None,
        cache_dir: str | os.PathLike | None = None,
        library: str | os.PathLike | None = None,
    ) -> None:
        super().__init__(root, STATE_SUBFOLDER, device, data_dir, clock)
        # The paths this object takes and gives are relative to ``library``
        # (a folder at or below the root: the folder the window opened);
        # the keys in the logs are relative to the root.
        base = Path(library).resolve().relative_to(self.root).as_posix() if library else "."
        self._prefix = "" if base == "." else base + "/"
        self._undo_file = self._data_dir / "state-undo" / f"{library_key(self.root)}.json"
        self._cache_dir, self._library = cache_dir, library  # (for :meth:`_rebuild`)
        self._merged = Merged()
        self._seen: dict[str, _Seen] = {}
        self._lock = threading.RLock()  # the merged state
        self._poll_lock = threading.RLock()  # reading the logs (and _seen)
        # One write at a time, taken before the others: the changes are
        # stamped, appended and applied in one order, while the merged
        # state's lock is not held over the disk (a reader, the window's
        # thread, waited on another thread's fsync: 110 ms at a million).
        self._write_lock = threading.RLock()
        self._cache: dict[tuple[str, Any], frozenset[str]] = {}
        self._refused: set[str] = set()  # logs reported as unreadable
        self._future: list[Change] = []  # changes dated too far ahead, for later
        # the time of each (key, field) of the last write stamped after a
        # change dated ahead (see stamps): past the clock, and so past the
        # span of a mark all as read (its undo record names them)
        self._stamped_ahead: dict[tuple[str, str], int] = {}
        # key → (when this device last wrote it, the file's fingerprint then)
        self._own_edits: dict[str, tuple[float, str | None]] = {}
        from reader.core.article.cache import library_cache_dir

        self._snapshot_file = library_cache_dir(self.root, cache_dir) / "reading-state.marshal"
        self._unsaved = 0  # changes merged since the snapshot was written

    @classmethod
    def open(cls, root: str | os.PathLike, **kwargs: Any) -> ReadingState:
        """The state of the library at ``root``, loaded: from the merged
        snapshot in the per-library cache when there is one, plus whatever
        the logs gained since (see :meth:`save_snapshot`)."""
        state = cls(root, **kwargs)
        state._bring_back(parse_log, encode_change)
        state._load_snapshot()
        state.poll()
        if state._unsaved >= SNAPSHOT_AFTER:
            state.save_snapshot()
        return state

    # -- the snapshot: the merged state as of known log offsets, in the user cache ---------

    def _load_snapshot(self) -> None:
        try:
            data = marshal.loads(read_regular(self._snapshot_file))
        except (OSError, ValueError, EOFError, TypeError):
            return
        if not (
            isinstance(data, tuple)
            and len(data) == 8
            and data[0] == SNAPSHOT_VERSION
            and all(isinstance(item, dict) for item in data[2:6])
            and isinstance(data[1], int)
            and isinstance(data[6], list)
            and data[7] == self.device
        ):
            return
        _version, max_t, seen, tables, fps, own_edits, future, _device = data
        try:
            future_changes = [Change(*change) for change in future]
        except TypeError:
            return
        if not all(type(value) is tuple and len(value) == 2 for value in own_edits.values()):
            return
        if set(tables) != set(FIELDS):
            return
        try:
            seen_logs = {key: _Seen(*value) for key, value in seen.items()}
        except TypeError:
            return
        if not all(_usable_context(v.header, v.previous) for v in seen_logs.values()):
            return
        if not all(os.path.lexists(key) for key in seen_logs):
            return  # a log was deleted (a reset, a retired device): merge from the files
        self._seen = seen_logs
        merged = self._merged
        merged.fields, merged.fps, merged.max_t = tables, fps, max_t
        self._own_edits = own_edits
        self._future = future_changes
        horizon = change_horizon()
        if max_t > horizon:  # (this device's own change stamped after one dated ahead)
            max_t = max(
                (cell[0] for _p, _f, cell in merged.cells() if cell[0] <= horizon), default=0
            )
        self.clock.observe(max_t)

    def save_snapshot(self) -> None:
        """Write the merged state, and how far each log was read, to the
        per-library cache, so that the next :meth:`open` parses only what
        is new.  Failing to write it only costs time."""
        from reader.core.article.storage import write_atomic

        # This device's own changes are merged when written, but their lines
        # are only counted as read by a poll: read them now, so that every
        # change the snapshot holds is in a log it has checked (see :meth:`_rebuild`).
        self.poll()
        with self._poll_lock, self._lock:
            if self._unsaved == 0 and self._snapshot_file.exists():
                return  # nothing new since it was written
            merged = self._merged
            seen = {
                key: (
                    *(v.inode, v.offset, v.size, v.mtime_ns, v.tail_warned),
                    *(v.head, v.lines, v.tail, v.header, v.previous),
                )
                for key, v in self._seen.items()
            }
            data = marshal.dumps(
                (
                    SNAPSHOT_VERSION,
                    merged.max_t,
                    seen,
                    merged.fields,
                    merged.fps,
                    self._own_edits,
                    # changes dated too far ahead, still waiting for their time
                    [tuple(change) for change in self._future],
                    self.device,
                )
            )
            self._unsaved = 0
        with contextlib.suppress(OSError, ArticleError):
            self._snapshot_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self._snapshot_file, data, mode=0o600)

    # -- where it lives ------------------------------------------------------------------

    # -- loading ---------------------------------------------------------------------------

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

    def poll(self) -> set[str]:
        """Read what is new in every log (new logs, lines appended) and merge
        it in; when a log is gone or no longer what was read of it (a
        compaction, an earlier version put back), merge every log afresh
        (:meth:`_rebuild`).  Returns the paths whose state changed.  Cheap
        when nothing changed: one listing and a stat per log."""
        changed: set[str] = set()
        if not self.read_only and not os.path.isdir(self.root):
            # the library's folder is gone (moved, or a drive unmounted): its
            # logs are not gone with it, only out of reach; what was read stays
            return changed
        # Reading and parsing happen outside the state's lock (the window
        # keeps reading the state meanwhile); polls take turns.  (Not under
        # the write lock: a save on the window's thread marks the article
        # edited, and waited for a whole poll of a long log.)
        with self._poll_lock:
            logs = self._log_files()
            if not self._seen.keys() <= {os.fspath(path) for path in logs}:
                return set(self._paths(self._rebuild()))  # a log is gone
            for path in logs:
                taken = self._take_in(path)
                if taken is None:  # a log is no longer what was read of it
                    return set(self._paths(changed | self._rebuild()))
                changed |= taken
            if self._future:
                horizon = change_horizon()
                due = [c for c in self._future if c.t <= horizon]
                if due:
                    self._future = [c for c in self._future if c.t > horizon]
                    self.clock.observe(max(c.t for c in due))
                    with self._lock:
                        changed |= self._merged.apply(due)
                        self._cache.clear()
        return set(self._paths(changed))

    def _take_in(self, path: Path) -> set[str] | None:
        """Merge what is new in the log at ``path``; the keys whose state
        changed, or None when the log is no longer a continuation of what
        was read of it (see :meth:`_rebuild`)."""
        key = os.fspath(path)
        try:
            st = os.lstat(path)
        except OSError:
            return set()
        seen = self._seen.get(key)
        if not stat.S_ISREG(st.st_mode):  # a link, a folder, a FIFO: never followed or read
            if seen is not None:
                return None  # (what was read of it cannot be vouched for any more)
            if key not in self._refused:
                self._refused.add(key)
                self.warnings.append(f"{path}: not a regular file; skipped")
            return set()
        if st.st_size > MAX_LOG_BYTES:
            if seen is not None:
                return None
            if key not in self._refused:
                self._refused.add(key)
                self.warnings.append(f"{path}: larger than {MAX_LOG_BYTES // 2**20} MB; skipped")
            return set()
        if (
            seen is not None
            and seen.inode == st.st_ino
            and seen.size == st.st_size
            and seen.mtime_ns == st.st_mtime_ns
        ):
            return set()
        if (
            seen is not None
            and seen.offset
            and (st.st_size < seen.offset or st.st_mtime_ns < seen.mtime_ns)
        ):
            return None  # shorter, or an earlier version put back (with its time)
        start = 0
        if seen is not None and seen.inode == st.st_ino:
            start = seen.offset
        # Read and merged a block at a time: a large log (another device's,
        # or one full of damaged lines) costs a block of memory, not its size.
        changed: set[str] = set()
        future = 0
        try:
            try:
                handle = open_regular(path, follow_links=False)
            except NotRegularFileError:
                return set() if seen is None else None  # swapped since the lstat
            with handle:
                head = handle.read(HEAD_BYTES)
                if seen is not None and seen.offset and not _continues(handle, head, seen):
                    return None  # rewritten (a compaction, a version put back)
                parser = (
                    LogParser(key, seen.lines, (seen.header, seen.previous))
                    if seen is not None and start
                    else LogParser(key)
                )
                handle.seek(start)
                reader = LineBlocks(handle, parser, READ_BLOCK, MAX_LOG_BYTES)
                for block in reader:
                    taken, ahead = self._merge_in(block)
                    changed |= taken
                    future += ahead
                new = _Seen(st.st_ino, start + reader.whole, st.st_size, st.st_mtime_ns, head=head)
                new.lines = parser.lines
                new.header, new.previous = parser.context
                if seen is not None and seen.inode == st.st_ino:
                    new.tail_warned = seen.tail_warned
                tail = reader.tail
                last = parser.feed(tail, warn=False) if tail.strip() else []
                if last:  # a whole last line without its newline
                    changed |= self._merge_in(last)[0]
                    new.offset += len(tail)  # (its line is counted with its newline)
                    new.header, new.previous = parser.context
                elif (tail.strip() or reader.long_tail) and new.tail_warned != new.offset:
                    new.tail_warned = new.offset
                    self.warnings.append(
                        f"{path}: the last line is incomplete (still being copied?); "
                        "skipped until it is complete"
                    )
                new.tail = _tail(handle, new.offset)
        except OSError as exc:
            self.warnings.append(f"{path}: cannot be read: {exc.strerror or exc}; skipped")
            return changed
        self.warnings += parser.warnings.lines()
        if future:
            self.warnings.append(
                f"{path}: {future} change(s) dated more than a day ahead "
                "(a clock set wrong?); skipped for now"
            )
        self._seen[key] = new
        return changed

    def _rebuild(self) -> set[str]:
        """Merge every log afresh, and take the result for the state; the
        keys whose state changed.

        The merge is a maximum: nothing read from a log can be taken back by
        reading more.  So when a log is no longer a continuation of what was
        read of it -- it is gone, shorter, its first bytes or the end of
        what was read differ, or it is dated earlier -- what it held may be
        in no file any more (an earlier version put back by ``git
        checkout`` or a sync tool's "restore", a retired device's log
        deleted), and the state (and the snapshot it would be saved to)
        must be made from the files alone, as another machine or a fresh
        cache makes it.  A compaction (another device's, or this device's
        in another process) takes this way too: it only costs one parse of
        the logs, and telling it from an earlier version put back would
        trust the log's own word.  A log appended to, or copied anew by a
        sync tool with lines added, is read on as before."""
        fresh = ReadingState(
            self.root,
            device=self.device,
            data_dir=self._data_dir,
            clock=self.clock,
            cache_dir=self._cache_dir,
            library=self._library,
        )
        fresh.warnings.clear()  # (its own note of a linked folder: made here already)
        fresh._refused = set(self._refused)
        fresh.poll()
        with self._lock:
            old = self._merged
            changed = _differing(old, fresh._merged)
            self._merged, self._seen = fresh._merged, fresh._seen
            self._future, self._own_edits = fresh._future, fresh._own_edits
            self._unsaved = max(fresh._unsaved, 1)  # the snapshot is out of date
            self._cache.clear()
        self._refused |= fresh._refused
        self.warnings += fresh.warnings
        return changed

    def _merge_in(self, changes: list[Change]) -> tuple[set[str], int]:
        """Merge ``changes`` read from a log; the paths whose state changed,
        and how many changes were put aside as dated too far ahead."""
        if not changes:
            return set(), 0
        horizon = change_horizon()
        # Another device's change dated ahead waits for its time.  This
        # device's own are taken in (they follow one that was, see
        # :meth:`_stamps`; or this clock was set ahead once): they are what
        # the user did here.  Neither moves the clock.
        device = self.device
        future = [c for c in changes if c.t > horizon and c.dev != device]
        if future:
            changes = [c for c in changes if c.t <= horizon or c.dev == device]
            self._future += future  # taken in once their time has come
            if not changes:
                return set(), len(future)
        self.clock.observe(max((c.t for c in changes if c.t <= horizon), default=0))
        with self._lock:
            self._unsaved += len(changes)
            self._note_own_edits(changes)
            changed = self._merged.apply(changes)
            if changed:
                self._cache.clear()
            return changed, len(future)

    # -- reading ---------------------------------------------------------------------------

    def get(self, path: str) -> ArticleState:
        """The state of the article at ``path`` (relative to the root)."""
        with self._lock:
            row = self._merged.row(self._prefix + path)
        if not row:
            return ArticleState()
        values = {field: cell[2] for field, cell in row.items() if cell[2] is not None}
        return ArticleState(**values)

    def value(self, path: str, field: str) -> Any:
        with self._lock:
            return self._merged.value(self._prefix + path, field)

    def is_read(self, path: str) -> bool:
        return self.value(path, "read") is True

    def paths_with(self, field: str, value: Any = True) -> frozenset[str]:
        """The paths whose ``field`` is ``value`` (``value`` ``...``: any value
        that is set).  Cached until the state changes.  This is the seam for
        query terms: ``is:unread`` is "listed and not in paths_with("read")",
        ``is:starred`` is ``paths_with("starred")``, ``is:later`` is
        ``paths_with("later", ...)``."""
        if field not in FIELDS:
            raise ValueError(f"unknown reading-state field {field!r}")
        key = (field, value)
        with self._lock:
            cached = self._cache.get(key)
            if cached is None:
                table = self._merged.fields[field]
                if value is ...:
                    found = [p for p, cell in table.items() if cell[2] is not None]
                else:
                    kind = type(value)
                    found = [
                        p for p, cell in table.items() if cell[2] == value and type(cell[2]) is kind
                    ]
                cached = self._cache[key] = frozenset(self._paths(found))
            return cached

    def query_states(self, name: str) -> frozenset[str]:
        """The paths the query language's ``is:`` terms ask for (its
        ``StateProvider``): ``read``, ``starred`` or ``later`` (any place in
        the queue); ``is:unread`` is everything but ``read``."""
        return self.paths_with(name, ... if name == "later" else True)

    def unread(self, paths: Iterable[str]) -> list[str]:
        """Those of ``paths`` that are not read, in their order."""
        read = self.paths_with("read", True)
        return [p for p in paths if p not in read]

    def later_queue(self) -> list[str]:
        """The read-later queue, first to read first."""
        with self._lock:
            queued = [
                (cell[2], path)
                for path, cell in self._merged.fields["later"].items()
                if cell[2] is not None
            ]
        return self._paths(path for _, path in sorted(queued))

    def edited_paths(self, since: float | None = None, *, this_device: bool = False) -> set[str]:
        """The articles the app has written (``since``: at or after that unix
        time).  By default on any device (the merged ``edited`` field);
        ``this_device``: those this device wrote, by its own log (what
        ``commit --only-edited`` wants)."""
        with self._lock:
            times: Iterable[tuple[str, Any]]
            if this_device:
                times = ((path, own[0]) for path, own in self._own_edits.items())
            else:
                times = ((p, c[2]) for p, c in self._merged.fields["edited"].items())
            return set(
                self._paths(
                    path
                    for path, when in times
                    if when is not None and (since is None or when >= since)
                )
            )

    def edited_after(self, path: str, committed: float | None) -> bool:
        """Whether this device's app wrote ``path`` after its last commit at
        ``committed``, as :meth:`edited_after_commit` decides, or the file
        still holds what the app last wrote: for a file git reports changed,
        that write is not in the commit, whatever the commit's time says (a
        commit made on a machine whose clock is ahead)."""
        key = self._prefix + path
        with self._lock:
            mine = self._own_edits.get(key)
        if mine is None:
            return False
        when, fp = mine
        if committed is None or when > committed + 1:
            return True
        return self._as_left(key, fp)

    def _as_left(self, key: str, fp: str | None) -> bool:
        """Whether the file ``key`` is as the app's last write left it: the
        same fingerprint, or gone when the app left it gone (a move's old
        path: in the commit's own second, a publish's removal of the draft
        was left out of ``commit --only-edited`` while its new post went in)."""
        if fp is not None:
            return self._fingerprint(key) == fp
        return not os.path.lexists(self.root.joinpath(*key.split("/")))

    def edited_after_commit(self, committed: float | None) -> set[str]:
        """The articles this device's app wrote after their last commit, made
        at ``committed`` (a unix time; None: never committed): what ``commit
        --only-edited`` takes.

        Git keeps a commit's time in whole seconds, so an edit in the second
        ``committed`` names may be the very edit that commit took, and a
        hand edit since would pass for the app's.  Such an edit counts only
        while the file still holds what the app wrote (the fingerprint of
        its ``edited`` change).  So does one of the next second: times
        written before they kept milliseconds were rounded to the second.
        A later edit is surely after the commit, an earlier one before it."""
        prefix = self._prefix
        with self._lock:
            own = [(key, *mine) for key, mine in self._own_edits.items() if key.startswith(prefix)]
        found = [
            key
            for key, when, fp in own
            if committed is None
            or when > committed + 1
            or (when >= committed and self._as_left(key, fp))
        ]
        return set(self._paths(found))

    def _note_own_edits(self, changes: Iterable[Change]) -> None:
        """Remember when this device last wrote each article, and the
        article's fingerprint then (by its own log)."""
        own = self._own_edits
        device = self.device
        for change in changes:
            if change.field != "edited" or change.dev != device or change.value is None:
                continue
            known = own.get(change.path)
            if known is None or change.value >= known[0]:
                own[change.path] = (change.value, change.fp)

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """Every article's fields that are set: ``{path: {field: value}}``."""
        with self._lock:
            out: dict[str, dict[str, Any]] = {}
            prefix, cut = self._prefix, len(self._prefix)
            for path, field, cell in self._merged.cells():
                if cell[2] is not None and path.startswith(prefix):
                    out.setdefault(path[cut:], {})[field] = cell[2]
            return out

    def _paths(self, keys: Iterable[str]) -> list[str]:
        """Log keys (relative to the root) as this object's paths (relative to
        its library folder); keys outside that folder are left out."""
        prefix = self._prefix
        if not prefix:
            return list(keys)
        cut = len(prefix)
        return [key[cut:] for key in keys if key.startswith(prefix)]

    # -- changing --------------------------------------------------------------------------

    def _fingerprint(self, path: str) -> str | None:
        """The fingerprint of the file at ``path``; None when it cannot be
        read, is not a regular file (a FIFO would block) or is larger than an
        article can be (it is never read whole)."""
        from reader.core.article.limits import MAX_ARTICLE_BYTES

        try:
            with open_regular(self.root.joinpath(*path.split("/"))) as handle:
                if os.fstat(handle.fileno()).st_size > MAX_ARTICLE_BYTES:
                    return None
                return fingerprint(handle.read(MAX_ARTICLE_BYTES + 1))
        except OSError:
            return None

    def mark(
        self,
        paths: Sequence[str],
        field: str,
        value: Any,
        *,
        fingerprints: Mapping[str, str | None] | None = None,
    ) -> set[str]:
        """Set ``field`` to ``value`` (None: back to the default) for
        ``paths``; one append to this device's log.  Fingerprints are read
        from the files unless given.  Returns the paths whose state changed
        (one a poll on another thread took in from the log first, between the
        write and its merge here, is not among them: changed all the same).
        Raises :class:`OSError` when the log cannot be written anywhere."""
        if field not in FIELDS:
            raise ValueError(f"unknown reading-state field {field!r}")
        prefix = self._prefix
        fps = {prefix + p: fp for p, fp in (fingerprints or {}).items()}
        return self._write([(prefix + p, field, value) for p in paths], fps)

    def set_values(self, values: Sequence[tuple[str, str, Any]]) -> set[str]:
        """Set several (path, field, value) at once (one append)."""
        prefix = self._prefix
        return self._write([(prefix + p, f, v) for p, f, v in values], None)

    def _write(
        self,
        values: Sequence[tuple[str, str, Any]],
        fingerprints: Mapping[str, str | None] | None,
    ) -> set[str]:
        """Append (key, field, value) changes, keys relative to the root;
        returns the paths (this object's) whose state changed."""
        if not values:
            return set()
        _check_keys(key for key, _field, _value in values)
        fps: dict[str, str | None] = dict(fingerprints or {})
        for path, _field, _value in values:
            if path not in fps:
                fps[path] = self._fingerprint(path)
        with self._write_lock:
            with self._lock:
                stamps = self._stamps([(path, field) for path, field, _value in values])
                changes = [
                    Change(t, self.device, path, fps[path], field, value)
                    for t, (path, field, value) in zip(stamps, values, strict=True)
                ]
                check_clock(max(stamps), self.log_path, self.clock)
            self._append(changes)  # (not applied when it fails: shown as it was)
            return self._applied(changes)

    def _applied(self, changes: list[Change]) -> set[str]:
        """Apply ``changes`` of this device, just written to its log; the
        paths (this object's) whose state changed."""
        with self._lock:
            last = self.clock.last
            self._stamped_ahead = {
                (change.path, change.field): change.t for change in changes if change.t > last
            }
            self._note_own_edits(changes)
            changed = self._merged.apply(changes)
            if changed:
                self._cache.clear()
            return set(self._paths(changed))

    def _stamps(self, cells: Sequence[tuple[str, str]]) -> list[int]:
        """The change time of each (key, field) written now (:func:`stamps`)."""
        return stamps(self.clock, cells, self._merged, self._future)

    def _append(self, changes: list[Change]) -> None:
        self._shared_usable()  # (a link in its place since: per user from now on)
        self._refuse_gone_root()
        try:
            append_changes(self.log_path, changes)
        except OSError as exc:
            if self.read_only:
                raise
            log = self.log_path
            self.warnings.append(f"{log}: cannot be written ({self._move_private(exc)})")
            append_changes(self.log_path, changes)

    def mark_opened(self, path: str, progress: float | None = None) -> None:
        """``path`` was opened now (and read up to ``progress``)."""
        values: list[tuple[str, str, Any]] = [(path, "opened", round(time.time()))]
        if progress is not None:
            values.append((path, "progress", round(min(max(progress, 0.0), 1.0), 4)))
        self.set_values(values)

    def set_progress(self, path: str, progress: float) -> None:
        progress = round(min(max(progress, 0.0), 1.0), 4)
        if self.value(path, "progress") != progress:
            self.mark([path], "progress", progress)

    def toggle(self, paths: Sequence[str], field: str) -> Any:
        """Flip ``field`` (read, starred or later) for ``paths``: on for all
        when any is off, else off.  Returns the new value."""
        if field == "later":
            on = any(self.value(p, "later") is None for p in paths)
            value: Any = self.next_later() if on else None
        else:
            value = not all(self.value(p, field) is True for p in paths)
        self.mark(paths, field, value)
        return value

    def next_later(self) -> int:
        """The queue position of an article added to the read-later queue now
        (the end of the queue)."""
        return self.clock.now()

    # -- the write observer of the Library facade -------------------------------------------

    def edited(self, paths: Sequence[str]) -> None:
        """The app wrote these articles (called by the Library facade).  The
        time keeps its milliseconds: git keeps a commit's in whole seconds,
        and :meth:`edited_after_commit` must tell an edit in that second from
        the commit."""
        now = round(time.time(), 3)
        with contextlib.suppress(OSError, LockTimeoutError):
            self.mark(paths, "edited", now)

    def moved(self, old: str, new: str) -> None:
        """The app renamed or moved an article: its state goes with it."""
        with contextlib.suppress(OSError, LockTimeoutError):
            self._carry({self._prefix + old: self._prefix + new})

    def _carry(self, moves: Mapping[str, str]) -> None:
        """Copy the state of each old key to its new key."""
        values = []
        with self._lock:
            was_read = {old: self._merged.fields["read"].get(old) for old in moves}
            for old, new in moves.items():
                row = self._merged.row(old)
                # "edited" only when it is this device's: written here, it
                # would pass another device's edit for this one's (and
                # commit --only-edited took it, without its old path)
                values += [
                    (new, f, c[2])
                    for f, c in row.items()
                    if c[2] is not None and (f != "edited" or c[1] == self.device)
                ]
                # and cleared at the old path: a new article made there later
                # starts afresh instead of inheriting it
                # ("edited" stays: a commit of the app's edits includes the old path)
                values += [
                    (old, f, None) for f, c in row.items() if c[2] is not None and f != "edited"
                ]
        self._write(values, None)
        with contextlib.suppress(OSError, LockTimeoutError):
            self._carry_undo(moves, was_read)

    def _carry_undo(self, moves: Mapping[str, str], was_read: Mapping[str, Cell | None]) -> None:
        """Carry the articles of the "mark all as read" records that can be
        undone to their new keys (``moves``: old → new; ``was_read``: the
        read state of each old key before), with the time of the read state
        written there: undone, an article renamed since was left read, said
        to be "kept as read or unread since"."""
        if not self._undo_file.exists():
            return
        with self._undo_locked():
            stack = self._load_undo()
            cells = self._merged.fields["read"]
            changed = False
            for record in stack:
                previous = record["previous"]
                carried = record.get("carried")
                if not isinstance(carried, dict):
                    carried = {}
                exact = _exact_times(record)
                after, until = record.get("after", 0), record.get("until", 0)
                for old, new in moves.items():
                    if old not in previous or new in previous:
                        continue
                    before, cell = was_read.get(old), cells.get(new)
                    if before is None or before[1] != self.device:
                        continue  # (read or unread on another device since)
                    if not (after < before[0] <= until or exact.get(old) == before[0]):
                        continue  # (marked since: not the mark all's)
                    if cell is None or cell[1] != self.device or cell[2] is not True:
                        continue
                    record["carried"] = carried
                    previous[new] = previous.pop(old)
                    carried.pop(old, None)
                    carried[new] = cell[0]
                    changed = True
            if changed:
                self._save_undo(stack)

    def resolve_moves(self, library: Mapping[str, int] | ArticleSizes) -> dict[str, str]:
        """Find articles renamed or moved outside the app and carry their state.

        ``library`` gives every article's size in bytes: a mapping, or the
        library itself (:class:`ArticleSizes`; then the sizes are read only
        when some state belongs to no article, which keeps this cheap in a
        large library).  A state key that is no longer an article is matched
        by fingerprint with an article of the recorded size that has no state
        (only those files are read).  Returns ``{old: new}``."""
        prefix = self._prefix
        with self._lock:
            # Only the keys below the library folder: the articles given are
            # that folder's, and a key outside it is not gone for being
            # unlisted (its state would be carried onto an identical copy).
            cells = {path for path in self._merged.paths() if path.startswith(prefix)}
        if not isinstance(library, Mapping):
            inside = [path[len(prefix) :] for path in cells]
            present = {prefix + path for path in library.ids_of_paths(inside)}
            spelled = _other_forms(cells - present)
            asked = [form[len(prefix) :] for forms in spelled.values() for form in forms]
            there = library.ids_of_paths(asked)
            cells -= self._sync_forms(spelled, {prefix + path for path in there})
            # (what is there keeps its state: the sizes asked for next may
            # be of some articles only, the candidates, see FolderSizes)
            held = self._holding(cells)
            orphans = self._orphans(self._holding(cells, edited=True), present)
            if not orphans:
                return {}
            sizes = {prefix + path: size for path, size in library.file_sizes().items()}
        else:
            sizes = {prefix + path: size for path, size in library.items()}
            cells -= self._sync_forms(_other_forms(cells - sizes.keys()), sizes)
            held = self._holding(cells)
            orphans = self._orphans(self._holding(cells, edited=True), sizes)
            if not orphans:
                return {}
        wanted = {fingerprint_size(fp) for fp in orphans}
        candidates: dict[str, list[tuple[int, str]]] = {}
        for path, size in sizes.items():
            # (a path whose state was all carried away holds none: an
            # article renamed back to it takes its state back)
            if size not in wanted or path in held:
                continue
            fp = self._fingerprint(path)
            if fp is not None and fp in orphans:
                changed = self._changed_ms(path)
                if changed is not None:
                    candidates.setdefault(fp, []).append((changed, path))
        moves: dict[str, str] = {}

        # The states' times are of the clocks that wrote them, the files' of
        # this file system: less their slack, and less how far this clock
        # is ahead (it took in changes from a device whose clock runs fast).
        ahead = max(0, wall_ms(self.clock.last) - time.time_ns() // 1_000_000)

        def written(old: str) -> int:
            return wall_ms(self._merged.fps[old][0]) - _CHANGE_SLACK_MS - ahead

        def seen_here(old: str) -> bool:  # (this device read or marked its file)
            return any(cell[1] == self.device for cell in self._merged.row(old).values())

        for fp, found in candidates.items():
            olds = sorted(orphans[fp], key=lambda old: -self._merged.fps[old][0])
            if len(found) <= len(olds):  # one article for each state: no choice to make
                # (whatever its change time: a rename may leave it as it was --
                # Windows, some network shares -- or the clock that wrote the
                # state may be ahead of the file system's; and a duplicate
                # deleted leaves its state to its twin, as a rename would).
                # But a state only other devices gave may be of an article
                # that has not arrived yet (a sync tool copies the library's
                # hidden folder first): an identical stub here takes it only
                # when renamed since it was written, not its twin.
                for old, (changed, path) in zip(olds, found, strict=False):
                    if seen_here(old) or written(old) <= changed:
                        moves[old] = path
                continue
            # More articles of these bytes than states (identical stubs, a
            # template): any of them took the state of one renamed, or
            # deleted, before.  A file renamed had its status changed after
            # its state was written (where the system says so: not Windows,
            # whose "change time" is the file's birth): the newest such one
            # takes it, and none changed before the state was written does.
            found.sort(reverse=True)
            for changed, path in found:
                for old in olds:
                    if written(old) <= changed:
                        moves[old] = path
                        olds.remove(old)
                        break
        if moves:
            with contextlib.suppress(OSError, LockTimeoutError):
                self._carry(moves)
        cut = len(prefix)
        return {old[cut:]: new[cut:] for old, new in moves.items() if old.startswith(prefix)}

    def _sync_forms(self, spelled: Mapping[str, list[str]], articles: Collection[str]) -> set[str]:
        """Keys whose article is here under another Unicode form of its name
        (``spelled``: key → its other spellings; ``articles``: the paths
        there are): a Mac's decomposed "é" synced to a system keeping it
        composed.  They are one article's name on two devices: neither is
        gone, nor a rename (carried and cleared, the mark was undone on the
        Mac; carried and kept, the two went apart).  Each field changed
        later under the other form is written here under this one's, with
        the time it was changed (a copy made now would beat a later change
        on the other device, its clock behind this one's), so both devices
        end with the same state.  Returns the keys so matched."""
        matched = {}
        for key, forms in spelled.items():
            form = next((f for f in forms if f in articles), None)
            if form is not None:
                matched[key] = form
        changes: list[Change] = []
        with self._lock:
            for key, form in matched.items():
                here = self._merged.row(form)
                # every spelling of the article known: the latest change of
                # each field among them all is the one (with three devices'
                # spellings, copying pair by pair went round for ever)
                spellings = [key, *spelled[key]]
                rows = [self._merged.row(s) for s in spellings if s != form]
                for field in {f for row in rows for f in row}:
                    cells = [row[field] for row in rows if field in row]
                    if field == "edited":
                        cells = [c for c in cells if c[1] == self.device]
                    if not cells:
                        continue
                    t, dev, value = max(cells, key=lambda cell: (cell[0], cell[1]))
                    mine = here.get(field, (0, "", None))
                    if (t, dev) <= mine[:2] or mine[2] == value:
                        continue
                    # (the same time, unless this device's name would lose the tie)
                    at = t if (t, self.device) > mine[:2] else mine[0] + 1
                    changes.append(Change(at, self.device, form, None, field, value))
        if changes:
            with contextlib.suppress(OSError, LockTimeoutError), self._write_lock:
                self._append(changes)
                with self._lock:
                    if self._merged.apply(changes):
                        self._cache.clear()
        return set(matched)

    def _changed_ms(self, path: str) -> int | None:
        """When the file at ``path`` last had its name or bytes changed (its
        status change time, in milliseconds); None when it cannot be read."""
        try:
            return os.stat(self.root.joinpath(*path.split("/"))).st_ctime_ns // 1_000_000
        except OSError:
            return None

    def _holding(self, paths: Iterable[str], *, edited: bool = False) -> set[str]:
        """Those of ``paths`` that hold some state: a field set, not cleared
        (a rename carries an article's state away and clears it at its old
        path: that path held it no more, and an article renamed back there
        was never given it back).  "edited" counts only with ``edited``: it
        stays at the old path on purpose (see :meth:`_carry`), and is
        carried all the same."""
        with self._lock:
            tables = [
                table for field, table in self._merged.fields.items() if edited or field != "edited"
            ]
            return {
                path
                for path in paths
                if any(
                    (cell := table.get(path)) is not None and cell[2] is not None
                    for table in tables
                )
            }

    def _orphans(self, cells: Iterable[str], articles: Collection[str]) -> dict[str, list[str]]:
        """The state keys of ``cells`` that are not ``articles``, have a
        fingerprint and no file (one there, unlisted -- a hidden name, a
        link -- was not renamed: its state would go to an identical article),
        by fingerprint."""
        orphans: dict[str, list[str]] = {}
        with self._lock:
            for path in cells:
                if path in articles:
                    continue
                known = self._merged.fps.get(path)
                if known is not None:
                    orphans.setdefault(known[1], []).append(path)
        listed: dict[str, frozenset[str] | None] = {}
        for fp, paths in list(orphans.items()):
            gone = [p for p in paths if not _lexists(self.root, p, listed)]
            if gone:
                orphans[fp] = gone
            else:
                del orphans[fp]
        return orphans

    # -- mark all as read, and its undo -----------------------------------------------------

    def mark_all_read(self, paths: Sequence[str], description: str = "") -> MarkAll:
        """Mark ``paths`` read, remembering each one's earlier value for
        :meth:`undo_mark_all`."""
        prefix = self._prefix
        with self._write_lock, self._lock:  # the undo record names keys (relative to the root)
            previous = {
                prefix + p: self._merged.value(prefix + p, "read") for p in dict.fromkeys(paths)
            }
            _check_keys(previous)
            todo = [key for key, v in previous.items() if v is not True]
            record = MarkAll(time.time(), description or f"mark {len(todo)} as read", len(todo))
            if not todo:
                return record  # nothing changed: nothing to undo (an undo goes further back)
            with self._undo_locked():  # another process may mark all or undo meanwhile
                # the clock's span of the changes written: an undo puts back
                # only the articles whose read state is still one of them
                after = self.clock.now()
                self._write([(key, "read", True) for key in todo], None)
                stack = self._load_undo()
                stack.append(
                    {
                        "time": record.time,
                        "description": record.description,
                        "previous": {p: previous[p] for p in todo},
                        "after": after,
                        "until": self.clock.last,
                        # (those stamped after a change dated ahead, each at its time)
                        "stamped": {
                            key: t
                            for (key, field), t in self._stamped_ahead.items()
                            if field == "read"
                        },
                    }
                )
                try:
                    self._save_undo(stack[-UNDO_DEPTH:])
                except (OSError, LockTimeoutError):
                    # no undo for it (the per-user folder full or not
                    # writable): not done, rather than done for good
                    with contextlib.suppress(OSError, LockTimeoutError):
                        self._write([(key, "read", previous[key]) for key in todo], None)
                    raise
            return record

    def last_mark_all(self) -> MarkAll | None:
        """The "mark all as read" :meth:`undo_mark_all` would undo, or None."""
        stack = self._load_undo()
        if not stack:
            return None
        top = stack[-1]
        return MarkAll(top["time"], top["description"], len(top["previous"]))

    def undo_mark_all(self) -> MarkAll | None:
        """Put back what the last "mark all as read" changed, except where
        the read state changed since (here or on another device: read again,
        marked unread); None when there is nothing to undo.  The count is of
        the articles put back."""
        self.poll()  # another device's later marks win over the undo
        with self._write_lock, self._lock, self._undo_locked():
            stack = self._load_undo()
            if not stack:
                return None
            top = stack.pop()
            previous: dict[str, Any] = top["previous"]
            after, until = top.get("after"), top.get("until")
            if isinstance(after, int) and isinstance(until, int):
                cells = self._merged.fields["read"]
                exact = _exact_times(top)
                previous = {
                    key: value
                    for key, value in previous.items()
                    if (cell := cells.get(key)) is not None
                    and cell[1] == self.device
                    # marked by it, or carried with a rename since (see _carry_undo)
                    and (after < cell[0] <= until or exact.get(key) == cell[0])
                }
            # the record goes first: should the undo not be written, it is
            # put back (an undo that was done stayed to be undone again,
            # over what was marked since)
            self._save_undo(stack)
            try:
                self._write([(key, "read", v) for key, v in previous.items()], None)
            except (OSError, LockTimeoutError):
                with contextlib.suppress(OSError, LockTimeoutError):
                    self._save_undo([*stack, top])
                raise
            return MarkAll(top["time"], top["description"], len(previous))

    def _undo_locked(self) -> contextlib.AbstractContextManager[None]:
        self._undo_file.parent.mkdir(parents=True, exist_ok=True)
        return locked(self._undo_file.with_name(self._undo_file.name + ".lock"))

    def _load_undo(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(read_regular(self._undo_file))
        except (OSError, ValueError, RecursionError):  # (damaged: nested past Python's stack)
            return []
        if not isinstance(data, list):
            return []
        return [
            item
            for item in data
            if isinstance(item, dict)
            and type(item.get("time")) in (int, float)
            and 0 <= item["time"] < 2**53  # (compared: a huge integer overflows a float)
            and isinstance(item.get("description"), str)
            and isinstance(item.get("previous"), dict)
            and all(type(item.get(k, 0)) is int for k in ("after", "until"))
            and all(v is None or isinstance(v, bool) for v in item["previous"].values())
            and all(valid_path(key) for key in item["previous"])
        ]

    def _save_undo(self, stack: list[dict[str, Any]]) -> None:
        from reader.core.article.storage import write_atomic

        self._undo_file.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(stack, ensure_ascii=False).encode("utf-8")
        write_atomic(self._undo_file, data, mode=0o600)

    # -- compaction ----------------------------------------------------------------------------

    def compact(self) -> tuple[int, int]:
        """Compact this device's own log (only its own).  Returns the sizes
        before and after, in bytes ((0, 0) when it has none)."""
        path = self.log_path
        if not path.exists():
            return (0, 0)
        with self._write_lock, self._poll_lock, self._lock:  # (the log rewritten)
            sizes = compact_log(path, self.device)
            self._seen.pop(os.fspath(path), None)
            self.poll()
            return sizes

    def compact_if_large(self) -> bool:
        """Compact the own log when it has grown well past its compacted size."""
        path = self.log_path
        try:
            size = path.stat().st_size
        except OSError:
            return False
        if size <= 4096:
            return False
        # the size it was compacted to, when its header says: the cells this
        # device last won are fewer when another device changed them since,
        # and every mark rewrote a log compaction could not shrink
        compacted = compacted_size(path)
        if compacted is None:
            with self._lock:
                mine = sum(1 for _p, _f, cell in self._merged.cells() if cell[1] == self.device)
            compacted = 40 * max(mine, 1)
        if size > COMPACT_RATIO * compacted:
            with contextlib.suppress(OSError, LockTimeoutError):
                self.compact()
                return True
        return False


def stamps(
    clock: HybridClock, cells: Sequence[tuple[str, str]], merged: Merged, held: Iterable[Change]
) -> list[int]:
    """The change time of each (key, field) of ``cells`` written now, in
    order: the clock's, or just after the latest change known of that cell
    (in ``merged``, or ``held`` back) when that one is later.

    Such a change was dated ahead by a device whose clock is wrong and waits
    for its time (:data:`MAX_FUTURE_MS`); it does not move the clock (every
    change made after it would be dated ahead too).  Stamped by the clock
    alone, what the user does here would be overturned once it is due."""
    latest: dict[tuple[str, str], int] = {}
    for change in held:
        cell = (change.path, change.field)
        latest[cell] = max(latest.get(cell, 0), change.t)
    tables = merged.fields
    out = []
    for key, field in cells:
        t = clock.now()
        known = tables[field].get(key)
        floor = max(latest.get((key, field), 0), known[0] if known is not None else 0)
        if t <= floor:  # (past what a log holds: refused, see check_clock)
            t = floor + 1
            latest[(key, field)] = t
        out.append(t)
    return out


def _usable_context(header: Any, previous: Any) -> bool:
    """Whether a parser's context read from the snapshot is one it gives."""
    if header is not None and not (
        type(header) is tuple
        and len(header) == 2
        and type(header[0]) is str
        and type(header[1]) is int
    ):
        return False
    return type(previous) is str


def _exact_times(record: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of a "mark all as read" record written at a time of their
    own, outside its span: stamped after a change dated ahead, or carried
    with a rename (:meth:`ReadingState._carry_undo`)."""
    exact: dict[str, Any] = {}
    for name in ("stamped", "carried"):
        times = record.get(name)
        if isinstance(times, dict):
            exact.update(times)
    return exact


def change_horizon() -> int:
    """The latest change time taken in now (:data:`MAX_FUTURE_MS` ahead)."""
    return (time.time_ns() // 1_000_000 + MAX_FUTURE_MS) << LOGICAL_BITS


def check_clock(t: int, log: Path, clock: HybridClock | None = None) -> None:
    """Raise :class:`OSError` for a change time ``t`` that no log may hold
    (:func:`~.log.valid_t`), before anything is written: the line would be
    skipped by every reader, and what it saved lost.  Either this device's
    ``clock`` is centuries ahead, or a change already in the logs is dated
    at the very end of what they hold (a damaged or forged line), and no
    later one can be stamped after it: the write said it was done and
    changed nothing."""
    if valid_t(t):
        return
    if clock is not None and valid_t(clock.last):
        reason = (
            "a change already in the logs is dated at the end of what a log can hold "
            "(a damaged or forged line): no change can be dated after it"
        )
    else:
        reason = "this device's clock is past what the log can hold (is the date set right?)"
    raise OSError(errno.ERANGE, reason, os.fspath(log))


def _unwritable(log: Path, exc: OSError) -> str:
    """Why the log at ``log`` could not be appended to: what is in its place
    when that is no regular file (a FIFO said "No such device or address"),
    else the system's reason."""
    try:
        mode = os.lstat(log).st_mode
    except OSError:
        mode = stat.S_IFREG
    kind = "a symbolic link" if stat.S_ISLNK(mode) else file_kind(mode)
    return f"it is {kind}, not a regular file" if kind else (exc.strerror or str(exc))


def _tail(handle: BinaryIO, offset: int) -> bytes:
    """A hash of the last :data:`TAIL_BYTES` before ``offset`` in an open
    log: what was read of a log ends the same way when it was only
    appended to (or copied anew with lines added)."""
    start = max(0, offset - TAIL_BYTES)
    handle.seek(start)
    return hashlib.blake2b(handle.read(offset - start), digest_size=16).digest()


def _continues(handle: BinaryIO, head: bytes, seen: _Seen) -> bool:
    """Whether the open log (whose first bytes are ``head``) goes on from
    what was read of it: it starts and, where that reading ended, ends the same."""
    return head[: len(seen.head)] == seen.head and _tail(handle, seen.offset) == seen.tail


def _differing(old: Merged, new: Merged) -> set[str]:
    """The keys with a field whose value differs between two merged states."""
    changed: set[str] = set()
    for field, table in old.fields.items():
        other = new.fields[field]
        for key in table.keys() | other.keys():
            a, b = table.get(key), other.get(key)
            before, after = (None if a is None else a[2]), (None if b is None else b[2])
            if before != after or type(before) is not type(after):
                changed.add(key)
    return changed


def _check_keys(keys: Iterable[str]) -> None:
    """Raise :class:`ValueError` for a path that cannot be a state key (not
    relative, or a file name that is not UTF-8), before anything is written."""
    for key in keys:
        if not valid_path(key):
            raise ValueError(f"{key!r}: not a path the reading state can keep")


def unwritable_folder(folder: Path, root: Path) -> str | None:
    """Why ``folder`` (inside ``root``) can be neither written nor created,
    or None when it can: it exists and can be written, or its nearest
    existing ancestor can.  A file where a folder should be is named as one
    (it said "the library folder cannot be written")."""
    probe = folder
    while not probe.exists():
        if probe == root or probe.parent == probe:
            break
        probe = probe.parent
    if probe.is_dir():
        if os.access(probe, os.W_OK | os.X_OK):
            return None
        return (
            "the library folder cannot be written"
            if probe == root
            else f"{probe} cannot be written"
        )
    if not probe.exists():
        return f"{probe} is missing"
    from reader.core.common.files import what_is_at

    return f"{probe} is {what_is_at(probe)}, not a folder"  # (a file, a FIFO (named pipe)…)


class DeviceEdits:
    """What the app edited on this device, for committing only those
    (``reader.core.library.changes.EditedPaths``): ``edited_paths()`` gives
    library-relative paths."""

    def __init__(self, state: ReadingState) -> None:
        self._state = state

    def edited_paths(self) -> set[str]:
        return self._state.edited_paths(this_device=True)

    def edited_paths_since(self, since: float | None) -> set[str]:
        """Those this device wrote after their commit at ``since`` (git's
        unix time, in whole seconds; see :meth:`ReadingState.edited_after_commit`)."""
        return self._state.edited_after_commit(since)

    def edited_after(self, path: str, committed: float | None) -> bool:
        """One changed article of :meth:`edited_paths_since` (see
        :meth:`ReadingState.edited_after`)."""
        return self._state.edited_after(path, committed)
