"""Rescanning a large indexed library on every core.  No Qt here.

Opening a library that is indexed already costs one ``stat`` per file, and
in Python a good deal more than the system call: at a million articles a
plain :func:`~reader.core.library.scan.scan` takes seconds.  Here the
top-level folders are handed to a process pool, and each worker compares
what it finds with the index's rows for its folder itself (on its own
read-only connection), so that only the differences come back: an unchanged
library costs the workers' share of the scan and nothing else.

When nothing changed, even the index's rows need not be read: after a
rescan that found the whole library as indexed, each folder's *digest* is
kept in the index, with the index's count of changes (meta ``changes``, kept
by triggers) taken before the scan began.  Next time a worker whose folder
has the same digest, while the index has not changed since, knows the folder
is as indexed.  Any change to the index makes every digest stale; any change
on disk changes the digest.  The digest is the folder's
:func:`~reader.core.library.scan.fingerprint` (the names and stat values of
its entries, made by C functions mapped over them, before the scan), so an
unchanged folder costs one ``stat`` per entry and nothing per file in
Python; where there is none (a site, a link, a conflict copy) it is a hash
of the scan's own paths and stat values, kept as two flat lists
(:func:`~reader.core.library.scan.scan_flat`), and the ``FileStat`` of each
file is built only when the digest differs and the rows must be compared.
(A folder's own times cannot stand for its files': an edit in place changes
neither.)

The result is exactly what the plain scan and comparison give; whenever the
split could change it (a symbolic link anywhere: a file reached twice must be
listed once), :func:`rescan` declines and the caller scans the plain way.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
from array import array
from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.core.article.cache import CacheError
from reader.core.library.index import (
    IndexDB,
    IndexedState,
    file_states,
    states_under,
    top_level,
)
from reader.core.library.records import PathProblem
from reader.core.library.refresh import call_apart, gc_paused, pool_map, workers
from reader.core.library.scan import (
    FileStat,
    FlatScan,
    FolderStamp,
    ScanResult,
    can_fingerprint,
    fingerprint,
    folder_stamp,
    is_utf8_name,
    scan,
    scan_flat,
    site_of_root,
    stat_values,
    unchanged_since,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reader.core.common.tasks import Cancel

__all__ = [
    "PARALLEL_RESCAN",
    "TOP_FILES_SHARE",
    "FirstDigest",
    "Rescan",
    "before_first_load",
    "compare_folder",
    "compare_folders",
    "compare_whole",
    "keep_digests",
    "keep_first_digest",
    "rescan",
    "rescan_folder",
    "stat_on_every_core",
]

_DIGEST_KEY = "folder-digest:"  # + folder name: "<changes> <digest>" in meta
_QUICK = "q:"  # a digest made of a folder's fingerprint: "q:<fingerprint>:<articles>"
_WHOLE = ""  # the folder of a library taken as one (see _whole): no folder has this name
_IS_FOLDER = methodcaller("is_dir", follow_symlinks=False)

# Indexed articles from which a rescan is worth a process pool.
PARALLEL_RESCAN = 20_000
# Above this share of the library in files at its top, the split saves little.
TOP_FILES_SHARE = 0.1


@dataclass(slots=True)
class Rescan:
    """What :func:`~reader.core.library.refresh.sync` needs to bring the
    index up to date: ``on_disk`` holds only the new and changed files (with
    the unreadable places and the conflict copies of the whole library),
    ``indexed`` the index rows of those and of the articles that are gone;
    ``unchanged`` counts the rest."""

    on_disk: ScanResult = field(default_factory=ScanResult)
    indexed: dict[str, IndexedState] = field(default_factory=dict)
    unchanged: int = 0
    changes: str | None = None  # the index's count of changes before the scan
    digests: dict[str, str] = field(default_factory=dict)  # folder → digest of its files
    kept: dict[str, str] = field(default_factory=dict)  # the digests the index held

    def take(self, folder: str, part: _Part) -> None:
        """Keep what a worker found of ``folder`` (its digest, if any)."""
        self.on_disk.update(part.changed)
        self.indexed.update(part.states)
        self.unchanged += part.unchanged
        self.on_disk.unreadable.extend(part.unreadable)
        self.on_disk.copies.update(part.copies)
        if part.digest:
            self.digests[folder] = part.digest

    def add(self, found: ScanResult, states: dict[str, IndexedState]) -> None:
        """Compare one part of the library (``found`` on disk, ``states``
        indexed) and keep the differences."""
        on_disk = self.on_disk
        for path, stat in found.items():
            state = states.get(path)
            if state is not None and state[:4] == stat:
                self.unchanged += 1
                continue
            on_disk[path] = stat
            if state is not None:
                self.indexed[path] = state
        for path, state in states.items():
            if path not in found:
                self.indexed[path] = state
        on_disk.unreadable.extend(found.unreadable)
        on_disk.copies.update(found.copies)


@dataclass(slots=True)
class _Part:
    """One worker's folder, compared: the differences only."""

    changed: dict[str, FileStat]
    states: dict[str, IndexedState]  # of the changed files and of the gone ones
    unchanged: int
    unreadable: list[PathProblem]
    copies: dict[str, str]
    linked: bool
    digest: str

    @classmethod
    def compared(cls, found: ScanResult, states: dict[str, IndexedState], digest: str) -> _Part:
        """The part of a scan ``found`` compared with the index rows ``states``."""
        local = Rescan()
        local.add(found, states)
        return cls(
            dict(local.on_disk),
            local.indexed,
            local.unchanged,
            found.unreadable,
            found.copies,
            found.linked,
            digest,
        )


def _read_only(db_path: str) -> contextlib.closing[sqlite3.Connection]:
    """A read-only connection to the index file ``db_path`` (in a worker)."""
    uri = Path(db_path).as_uri() + "?mode=ro"
    return contextlib.closing(sqlite3.connect(uri, uri=True, timeout=30.0))


def _digest(found: FlatScan) -> str:
    """A hash of the names and stat values of the files of a scan, in the
    order the scan met them (the system lists an unchanged folder in the
    same order; another order only means the slower comparison)."""
    if found.found:  # files reached through links: the caller declines anyway
        return ""
    digest = hashlib.blake2b(digest_size=20)
    digest.update("\0".join(found.rels).encode("utf-8", "surrogatepass"))
    try:
        digest.update(array("q", found.values).tobytes())
    except OverflowError:  # a stat value beyond 64 bits: no digest, the rows are read
        return ""
    return digest.hexdigest()


def compare_folders(root: str, jobs: list[tuple[str, str, str | None]]) -> list[_Part]:
    """In a worker: scan each ``(index file, folder, kept digest)`` and
    compare it with the index's rows for that folder (unless its digest is
    the kept one: then it is as indexed).

    A folder's digest is its :func:`~reader.core.library.scan.fingerprint`
    with the count of its articles (``q:<fingerprint>:<count>``), made before
    the scan, so that a change during the scan can only make it stale: an
    unchanged folder then costs the fingerprint alone.  Where there is no
    fingerprint (a site, a link, a conflict copy), the digest is made from
    the scan itself, as before."""
    plain = site_of_root(root) is None
    parts = []
    for db_path, folder, kept in jobs:
        stamp = folder_stamp(root, folder) if plain else None
        quick = fingerprint(root, folder) if stamp is not None else None
        if quick is not None and kept is not None and kept.startswith(f"{_QUICK}{quick}:"):
            count = int(kept.rpartition(":")[2])
            parts.append(_Part({}, {}, count, [], {}, False, kept))
            continue
        with gc_paused():  # a folder's stat results all live to its end
            flat = scan_flat(root, folder)
        digest = _digest(flat)
        matched = bool(digest) and digest == kept  # a digest kept by an older version
        extra = flat.found
        if (
            quick is not None
            and not (extra.unreadable or extra.copies or extra.linked)
            and unchanged_since(root, folder, stamp)  # (the scan saw what the fingerprint did)
        ):
            digest = f"{_QUICK}{quick}:{len(flat)}"  # kept from now on
        if matched:
            parts.append(
                _Part({}, {}, len(flat), extra.unreadable, extra.copies, extra.linked, digest)
            )
            continue
        found = flat.result()
        with _read_only(db_path) as conn:
            states = states_under(conn, folder)
        parts.append(_Part.compared(found, states, digest))
    return parts


def _nothing_to_split(root: str, count: int) -> bool:
    """Whether the top of a library of ``count`` articles, as listed (no
    ``stat`` per entry: a folder's kind comes with its name), holds fewer
    than two folders or more other entries than :data:`TOP_FILES_SHARE` of
    its articles.  For a library whose files are at the top the scan of the
    top is the scan of nearly everything, and is not needed to tell."""
    kinds = _top_kinds(root)
    if kinds is None:
        return False  # (the scan of the top says what is wrong)
    folders = sum(kinds)
    return folders < 2 or len(kinds) - folders > count * TOP_FILES_SHARE


def _top_kinds(root: str) -> list[bool] | None:
    """Whether each entry at the top of ``root`` is a folder, as listed;
    ``None`` when it cannot be listed."""
    try:
        with os.scandir(root) as listing:
            return list(map(_IS_FOLDER, listing))  # (each entry freed as it is seen)
    except OSError:
        return None


# A library of fewer files has its fingerprint made here even when ``apart``
# asks for a worker process (see :func:`_fingerprint_whole`): starting one
# costs 100-200 ms, and a tenth of a million names held the interpreter's
# lock in turns short enough for a window.
APART_FILES = 100_000


def _fingerprint_whole(
    root: str, worker_start: str | None, cancel: Cancel | None, apart: bool = False
) -> str | None:
    """The fingerprint of the whole library, a large folder's entries
    stat-ed on every core (see :func:`stat_on_every_core`); with ``apart``,
    made wholly in one worker process, its entries stat-ed there (about 1.4
    times as long, on one core), for a process with a window to keep
    responsive: listing a million names, joining, searching and encoding
    them and gathering their values is work the interpreter's lock is held
    for, in many short turns, and each turn kept the window's thread
    waiting for the lock back after each of its calls into Qt."""
    if apart:
        if not can_fingerprint():  # (no process started for nothing)
            return None
        return call_apart(_fingerprint_apart, root, _WHOLE, cancel, worker_start)
    pooled = None
    if workers() > 1:
        pooled = functools.partial(stat_on_every_core, worker_start=worker_start, cancel=cancel)
    return fingerprint(root, _WHOLE, pooled)


def _fingerprint_apart(root: str, folder: str) -> str | None:
    """In a worker: the :func:`~reader.core.library.scan.fingerprint` of
    ``folder``, every entry stat-ed here."""
    return fingerprint(root, folder)


def _whole(
    db: IndexDB,
    root: str,
    worker_start: str | None = None,
    cancel: Cancel | None = None,
    apart: bool = False,
) -> Rescan | None:
    """The differences for a large library taken as one folder (its files
    at the top, say a scraper's folder of a million articles): its
    fingerprint is made first, and when it is the one kept nothing changed
    and nothing is scanned or read (at 100,000 files in one folder: 0.7 s
    and 42 MB, against 1.8 s and 134 MB for the scan and every row);
    otherwise the plain scan is compared with every row, and the digest
    kept for the next time.  ``None`` for a site or where there is no
    fingerprint (a symbolic link, a conflict copy, a killed writer's
    temporary file): the plain way then, but with ``apart`` (see
    :func:`_fingerprint_whole`) in a worker."""
    if site_of_root(root) is not None:
        return None
    stamp = folder_stamp(root, _WHOLE)
    if stamp is None:
        return None
    quick = _fingerprint_whole(root, worker_start, cancel, apart)
    if cancel is not None and cancel():
        return None
    if quick is None and not (apart and workers() > 1):
        return None
    result = Rescan(changes=db.get_meta("changes"))
    result.kept = _kept_digests(db, result.changes)
    kept = result.kept.get(_WHOLE)
    if quick is not None and kept is not None and kept.startswith(f"{_QUICK}{quick}:"):
        result.unchanged = int(kept.rpartition(":")[2])
        result.digests[_WHOLE] = kept
        return result
    # No fingerprint (a sync tool's copy, a killed writer's file, an entry
    # that cannot be read): a window's library still has the plain scan
    # compared in a worker, no digest kept; on this process's threads it
    # held every row and a FileStat per file (past 1 GB at a million).
    digest = f"{_QUICK}{quick}" if quick is not None else ""
    if workers() < 2:
        part = _compared_whole(root, digest, stamp, db.file_states)
    else:  # (its memory is a worker's: about 1 GB at a million files)
        # a process of its own, killed at once when cancelled (a window
        # closing waited seconds for it); None: cancelled, or it failed
        # (then the plain way says why, if anything is wrong)
        job = [(str(db.path), digest, stamp)]
        parts = call_apart(compare_whole, root, job, cancel, worker_start)
        if parts is None:
            return None
        [part] = parts
    result.take(_WHOLE, part)
    return result


def compare_whole(root: str, jobs: list[tuple[str, str, FolderStamp]]) -> list[_Part]:
    """In a worker: :func:`_compared_whole` on the index file of the one job
    ``(index file, digest, stamp)``, opened read-only."""
    [(db_path, digest, stamp)] = jobs

    def states() -> dict[str, IndexedState]:
        with _read_only(db_path) as conn:
            return file_states(conn)

    return [_compared_whole(root, digest, stamp, states)]


def _compared_whole(
    root: str,
    digest: str,
    stamp: FolderStamp,
    states: Callable[[], dict[str, IndexedState]],
) -> _Part:
    """The plain scan of the whole library compared with every row of its
    index (``states()``): the differences only, so that the caller's memory
    holds no ``FileStat`` per file when this runs in a worker.  The part's
    digest is ``digest`` and the number of articles found
    (``q:<fingerprint>:<articles>``), or empty where none may be kept (or
    ``digest`` is empty: no fingerprint could be made): an
    unreadable file, a conflict copy, a link, a library the pool would
    split (two top-level folders or more, few files at its top), or a top
    folder not :func:`~reader.core.library.scan.unchanged_since` ``stamp``,
    the one taken before the fingerprint."""
    with gc_paused():  # the stat results all live to the end
        found = scan(root)
        split = workers() > 1 and _splits(found)  # (then the pool's way next time)
        kept = bool(digest) and not (found.unreadable or found.copies or found.linked or split)
        kept = kept and unchanged_since(root, _WHOLE, stamp)
        return _Part.compared(found, states(), f"{digest}:{len(found)}" if kept else "")


def rescan_folder(
    db: IndexDB,
    root: str,
    folder: str,
    worker_start: str | None = None,
    cancel: Cancel | None = None,
) -> Rescan | None:
    """The differences for the sub-folder ``folder`` of the library (a change
    the file watcher saw there), found by a process of its own that scans it
    and reads the index's rows for it itself, as a refresh compares a folder:
    this process then holds no ``FileStat`` per file nor every row, and
    never the interpreter's lock while they are made (at a million files,
    the window's peak went past 1 GB and its event loop stalled for half a
    second).  ``cancel()`` true kills that process at once (the window
    closing waited for the whole compare).  ``None`` below
    :data:`PARALLEL_RESCAN` indexed articles in the folder, on one core,
    or when the process failed or was cancelled: the caller asks
    ``cancel()`` again, and else takes the plain scan.  A folder holding a
    symbolic link comes back with ``on_disk.linked`` set: the caller then
    takes the whole library's scan."""
    if workers() < 2 or not db.holds_at_least(folder, PARALLEL_RESCAN):
        return None
    part = call_apart(compare_folder, root, (str(db.path), folder), cancel, worker_start)
    if part is None:
        return None
    result = Rescan(changes=db.get_meta("changes"))
    result.take(folder, part)
    result.on_disk.linked = part.linked
    return result


def compare_folder(root: str, job: tuple[str, str]) -> _Part:
    """In a process of its own: the plain scan of ``job``'s folder (``(index
    file, folder)``) compared with the index's rows for it (read-only)."""
    db_path, folder = job
    with gc_paused():  # the stat results all live to the end
        found = scan(root, folder)
        with _read_only(db_path) as conn:
            states = states_under(conn, folder)
        return _Part.compared(found, states, "")


def _splits(found: ScanResult) -> bool:
    """Whether the pool would split the library of the scan ``found`` (two
    top-level folders or more, and few files at its top): then no digest of
    it as one folder is kept, and its next refresh is split."""
    top = sum(1 for path in found if "/" not in path)
    if top > len(found) * TOP_FILES_SHARE:
        return False
    heads = {path.partition("/")[0] for path in found if "/" in path}
    return len(heads) >= 2


class FirstDigest(NamedTuple):
    """A library's fingerprint made before its first load's scan
    (:func:`before_first_load`), and the top folder's stamp taken before it."""

    quick: str
    stamp: FolderStamp

    def after_scan(self, root: str) -> FirstDigest | None:
        """This, when the top folder is as it was at the fingerprint now
        that the scan is over; ``None`` when the scan may have seen other
        names or another directory (then no digest is kept)."""
        return self if unchanged_since(root, _WHOLE, self.stamp) else None


def before_first_load(
    root: str,
    worker_start: str | None = None,
    cancel: Cancel | None = None,
    apart: bool = False,
) -> FirstDigest | None:
    """The fingerprint of a library about to be indexed for the first time
    that its next refresh will take as one folder (:data:`PARALLEL_RESCAN`
    files or more at its top), made before its scan: kept with the index the
    load makes (see :func:`keep_first_digest`), the first reopen reads
    nothing either (at a million files in one folder, the scan and every row
    compared took about 1.3 GB).  ``None`` for any other library, a site, or
    where there is no fingerprint.  ``apart`` as for :func:`_fingerprint_whole`."""
    kinds = _top_kinds(root)
    if kinds is None or len(kinds) - sum(kinds) < PARALLEL_RESCAN:
        return None
    apart = apart and len(kinds) >= APART_FILES
    if site_of_root(root) is not None:
        return None
    stamp = folder_stamp(root, _WHOLE)
    if stamp is None:
        return None
    quick = _fingerprint_whole(root, worker_start, cancel, apart)
    return None if quick is None else FirstDigest(quick, stamp)


def keep_first_digest(
    db: IndexDB,
    first: FirstDigest,
    changes: str | None,
    on_disk: ScanResult,
    own: Sequence[tuple[str | None, str | None]],
) -> None:
    """After a first load of the library fingerprinted ``first``
    (:func:`before_first_load`, still so after the scan), the index's count of changes ``changes``
    before its scan, ``on_disk`` what the scan found, every file read: keep
    the library's digest, as :func:`keep_digests` keeps a rescan's."""
    if on_disk.unreadable or on_disk.copies or on_disk.linked:
        return
    found = Rescan(changes=changes)
    found.digests[_WHOLE] = f"{_QUICK}{first.quick}:{len(on_disk)}"
    keep_digests(db, found, own)


_STAT_PART = 32_768


def stat_on_every_core(
    folder: str,
    names: list[str],
    worker_start: str | None = None,
    cancel: Cancel | None = None,
) -> array[int]:
    """:func:`~reader.core.library.scan.stat_values` of ``names`` in
    ``folder``, a part for each core: one ``stat`` system call per file, in
    the kernel for most of its time, is the fingerprint of a folder of a
    million files.  Raises :class:`OSError` when cancelled (no fingerprint)."""
    # Parts of at most 32,768 names: each is pickled for its worker in one
    # call that holds the interpreter's lock (a quarter of a million names,
    # 60 ms: the window's event loop waited as long).
    size = max(1, min(_STAT_PART, -(-len(names) // (2 * workers()))))
    parts = ([names[start : start + size]] for start in range(0, len(names), size))
    # Gathered a part at a time: joined at the end, then copied into the
    # fingerprint's array, they were two copies of 40 MB at a million names,
    # each in one call holding the interpreter's lock, their pages new.
    values = array("q")
    with contextlib.closing(pool_map(_stat_part, folder, parts, cancel, worker_start)) as done:
        for _, part in done:
            values.frombytes(part)
    if cancel is not None and cancel():
        raise OSError("cancelled")
    return values


def _stat_part(folder: str, batch: list[list[str]]) -> bytes:
    """In a worker: :func:`~reader.core.library.scan.stat_values` of a part."""
    [names] = batch
    return stat_values(folder, names)


def _kept_digests(db: IndexDB, changes: str | None) -> dict[str, str]:
    """The folder digests kept at the index's present count of changes."""
    if changes is None:
        return {}
    rows = db.conn().execute(
        "SELECT key, value FROM meta WHERE key >= ? AND key < ?",
        (_DIGEST_KEY, _DIGEST_KEY[:-1] + chr(ord(_DIGEST_KEY[-1]) + 1)),
    )
    kept = {}
    for key, value in rows:
        at, _, digest = str(value).partition(" ")
        if at == changes:
            kept[key[len(_DIGEST_KEY) :]] = digest
    return kept


def keep_digests(
    db: IndexDB, found: Rescan, own: Sequence[tuple[str | None, str | None]] = ()
) -> None:
    """After a rescan and the refresh that brought the index up to date
    with it (every file read, nothing unreadable): keep its folder digests,
    for the next one.  ``own`` is the ``(before, after)`` counts of changes
    of the refresh's own writes of articles (:meth:`IndexDB.own_changes`),
    in order.  Nothing is kept unless those writes were the only changes to
    the index since the scan began: then the index is what the scan found,
    and each digest holds (a folder's fingerprint was made before its scan:
    had the folder changed since, it would not be found again)."""
    if found.changes is None or not found.digests:
        return
    if not own and found.digests == found.kept:
        return  # nothing written, and kept already
    with contextlib.suppress(sqlite3.Error, CacheError), db.write() as conn:
        at: str | None = found.changes
        for before, after in own:
            if before != at:
                return  # someone else's change came before this write
            at = after
        if db.get_meta("changes") != at:
            return  # or after the last one
        conn.execute(
            "DELETE FROM meta WHERE key >= ? AND key < ?",
            (_DIGEST_KEY, _DIGEST_KEY[:-1] + chr(ord(_DIGEST_KEY[-1]) + 1)),
        )
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [(_DIGEST_KEY + f, f"{at} {d}") for f, d in found.digests.items()],
        )


def rescan(
    db: IndexDB,
    root: str,
    *,
    worker_start: str | None = None,
    cancel: Cancel | None = None,
    apart: bool = False,
) -> Rescan | None:
    """The differences between the library's files and its index, found by
    a process pool; ``None`` when the plain scan is the right way (a small
    or unindexed library, a symbolic link, a top-level folder whose name is
    not UTF-8, or a cancelled rescan).  One core, fewer than two top-level
    folders or many files at the top leave nothing to split: the library is
    then taken as one folder (see :func:`_whole`; ``apart`` as there)."""
    if cancel is not None and cancel():  # (before any process is started)
        return None
    count = db.count()
    if count < PARALLEL_RESCAN:
        return None
    apart = apart and count >= APART_FILES
    # The library as one folder: on one core, when the last refresh took it
    # so and kept its digest (nothing changed since: the layout neither; at
    # a million files in one folder the listing below takes a second), or
    # when its top leaves nothing to split.
    if (
        workers() < 2
        or _WHOLE in _kept_digests(db, db.get_meta("changes"))
        or _nothing_to_split(root, count)
    ):
        return _whole(db, root, worker_start, cancel, apart)
    top = scan(root, descend=False)
    if top.linked:
        return None
    if len(top.folders) < 2 or len(top) > count * TOP_FILES_SHARE:
        return _whole(db, root, worker_start, cancel, apart)
    if not all(map(is_utf8_name, top.folders)):
        return None  # a folder name the index cannot hold as text (nor its digest)
    try:
        top_states, indexed_folders = top_level(db.conn(), int(count * TOP_FILES_SHARE))
    except OverflowError:
        return None
    result = Rescan(changes=db.get_meta("changes"))
    kept = result.kept = _kept_digests(db, result.changes)
    result.add(top, top_states)
    for folder in indexed_folders.difference(top.folders):  # gone, or no longer scanned
        result.add(ScanResult(), db.states_under(folder))
    jobs = ([(str(db.path), folder, kept.get(folder))] for folder in top.folders)
    # closed here, not when collected: a Ctrl+C the pool held is raised
    # from its close (collected, it was printed as "Exception ignored" and
    # the command went on, exit 0)
    taken = 0
    with contextlib.closing(pool_map(compare_folders, root, jobs, cancel, worker_start)) as done:
        for batch, parts in done:
            for (_, folder, _), part in zip(batch, parts, strict=True):
                if part.linked:
                    return None
                result.take(folder, part)
                taken += 1
    if taken < len(top.folders) or (cancel is not None and cancel()):
        return None  # (stopped: a Ctrl+C that the command only noted stops the pool too)
    return result
