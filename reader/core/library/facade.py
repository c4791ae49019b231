"""A library: a folder of articles with its persistent index.  No Qt here.

This is the API the desktop app and the command line use::

    lib = Library.open("~/blog/source/_posts")      # index in the user cache
    lib.refresh()                                   # stat all, parse what changed
    lib.build_fulltext()                            # may run later, in the background
    for s in lib.query(Query(category=("金融",), sort="-date")):
        print(s.path, s.title, s.date)
    hits = lib.search("知识产权", limit=20, markers=("<b>", "</b>"), escape=html.escape)
    plan = lib.plan_category_rename("金融/银行", "财经/银行")
    print(plan.diff()); lib.apply(plan); lib.undo_last()

Every method may be called from any thread: each thread gets its own
database connection, writes are serialised, and refreshes and edits hold a
library lock so that they never interleave.  Paths given to and returned by
the library are relative to its root, in posix form (``2021/post.md``).

Why one module of this size: it is the single facade the window and the
command line use; the work itself lives in the modules beside it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import json
import operator
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import threading
import time
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as date_type
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from reader.core.article.cache import (
    CacheError,
    IndexDamagedError,
    cache_error,
    cache_root,
    is_corruption,
    is_unwritable,
    library_cache_dir,
)
from reader.core.article.model import Article, ArticleError
from reader.core.common.tasks import Cancel, Progress
from reader.core.library.catalog import Taxonomy, cached_taxonomy
from reader.core.library.fulltext_tables import FulltextTables
from reader.core.library.index import IndexDB, LibraryClosed, is_interrupted
from reader.core.library.listing import Listing, ordered_ids
from reader.core.library.query import (
    LIST_LINE_SELECT,
    SUMMARY_SELECT,
    Query,
    compile_count,
    compile_query,
    compile_where,
)
from reader.core.library.records import (
    ExcerptSource,
    PathProblem,
    Summary,
    field_text,
    summaries,
)

if TYPE_CHECKING:
    from reader.core.edit.bulk import BulkPlan, BulkResult, UndoResult
    from reader.core.edit.journal import Journal, JournalDamagedError, Operation
    from reader.core.library.hints import UnknownName
    from reader.core.library.index import IndexedState
    from reader.core.library.listings import Block
    from reader.core.library.querylang import Expr, Or, StateProvider, Term
    from reader.core.library.refresh import RefreshStats
    from reader.core.library.scan import FileStat, ScanResult
    from reader.core.library.search import SearchHit
    from reader.core.library.sitegroups import SiteGroupCache, SiteGroups
    from reader.core.site.detect import Site
    from reader.core.site.fix import FixPlan, FixRule
    from reader.core.site.schema import Finding, Schema

_T = TypeVar("_T")
# A query compiled when asked: (SQL, parameters).  Compiled again when the
# index is rebuilt midway (its full-text tables are others then).
_Compiled = Callable[[], tuple[str, Sequence[object]]]
_first_of_each = functools.partial(map, operator.itemgetter(0))  # a page's first column
# Rows fetched at a time when a listing is streamed (Library.iter_query).
_STREAM_PAGE = 2000

__all__ = [
    "CacheError",
    "JournalDamagedError",
    "Library",
    "LibraryClosed",
    "LibraryError",
    "NewArticle",
    "Query",
    "RefreshStats",
    "SearchHit",
    "Summary",
    "Taxonomy",
    "WriteObserver",
]


# Opening a library and listing it needs the index, the listing and the
# taxonomy: the refresh, the full-text search and the undo journal are
# imported where they are used, and their names that this module offers are
# looked up on first use.
_LAZY_NAMES = {
    "JournalDamagedError": "reader.core.edit.journal",
    "RefreshStats": "reader.core.library.refresh",
    "SearchHit": "reader.core.library.search",
}


def __getattr__(name: str) -> Any:
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def relative_path(root: str | os.PathLike, path: str | os.PathLike) -> str | None:
    """:func:`reader.core.library.scan.relative_path` (the scan, and the site
    detection it builds on, are imported when first needed)."""
    from reader.core.library.scan import relative_path as relative

    return relative(root, path)


# Names no one sees as they are: control characters, and the marks that set
# the direction of the text after them (an override spells a name backwards).
_UNSEEN_IN_NAMES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# Names Windows keeps for its devices, with any extension (CON.md is CON).
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")]
)


class LibraryError(ArticleError):
    """A library operation was refused (bad path, name taken, …)."""


@contextlib.contextmanager
def _pool_failure() -> Iterator[None]:
    """A process of a refresh's pool that died (killed, out of memory) as a
    :class:`LibraryError`: what was stored before stays, and the next
    refresh reads the rest again."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield
    except BrokenProcessPool as exc:
        raise LibraryError(
            "a worker process reading the articles ended unexpectedly (killed, or out of"
            " memory); what was indexed is kept: run it again to index the rest"
        ) from exc


class WriteObserver(Protocol):
    """Told about the articles the library wrote (the reading state records
    ``edited``; see :meth:`Library.attach_observer`).  Must not raise."""

    def edited(self, paths: Sequence[str]) -> None: ...

    def moved(self, old: str, new: str) -> None: ...


NEW_ARTICLE_SAMPLE = 200
"""How many of the newest articles a new article's template learns from."""


@dataclass(frozen=True, slots=True)
class NewArticle:
    """A new article as planned by :meth:`Library.plan_new_article`."""

    title: str
    folder: str  # relative to the library root, "" for the root
    data: bytes  # the whole file
    name: str | None = None  # the file name without extension (default: the title's slug)
    extension: str = ".md"


def _category_path(value: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        from reader.core.article.taxonomy import parse_category_path

        return parse_category_path(value)
    return tuple(part.strip() for part in value if part and part.strip())


#: How long a bulk edit or undo from the command line waits for another's
#: turn (see :meth:`Library.bulk_turn`), in seconds.
BULK_TURN_WAIT = 600.0


def _not_moved(source: Path, target: Path) -> bool:
    """Whether a move of ``source`` to ``target`` that failed left it where
    it was, with no second name at ``target`` (a move stopped between its
    link and its unlink has both: undo drops the second)."""
    try:
        return source.exists() and not (target.exists() and os.path.samefile(source, target))
    except OSError:
        return False


class Library:
    """A folder of articles and its index.  Use :meth:`open`.

    ``warning`` is ``None``, or why this library runs on a temporary index
    (see :meth:`open` with ``fallback``); ``temporary`` says whether it does.

    ``responsive`` is set by a process with a window to keep responsive: a
    large library's fingerprint (see :mod:`~reader.core.library.rescan`)
    is then made wholly in a worker process, not on threads of this one.
    ``worker_start`` is how worker processes start when a call names no way
    (``None``: see :meth:`refresh`); a process with threads Python cannot
    see (Qt's) sets ``"forkserver"``, as such a process must not fork.
    """

    def __init__(self, root: str | os.PathLike, cache_dir: str | os.PathLike | None = None):
        root_path = Path(os.path.expanduser(os.fspath(root)))
        try:
            folder = stat.S_ISDIR(os.stat(root_path).st_mode)
        except ValueError:
            folder = False
        except OSError as exc:  # (a name too long, no permission: said, not a traceback)
            if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
                raise LibraryError(f"cannot be read: {exc.strerror or exc}", root_path) from None
            folder = False
        if not folder:
            from reader.core.common.files import not_a_folder

            raise LibraryError(not_a_folder(root_path), root_path)
        self.root: Path = root_path.resolve()
        self._root_str = os.fspath(self.root)
        self.cache_dir: Path = library_cache_dir(self.root, cache_dir)
        # the folder of every library's cache (the reading state's snapshot goes there too)
        self.cache_root: Path = cache_root(cache_dir)
        self.warning: str | None = None
        self.responsive = False
        self.worker_start: str | None = None
        self._temporary_folder: str | None = None  # removed on close
        self._journal: Journal | None = None
        self._journal_folder: Path | None = self.cache_dir
        self._observer: WriteObserver | None = None
        # why the index could not take in what this library last wrote
        # (see _index_written); None again after a whole refresh
        self.index_behind: str | None = None
        self._lock = threading.RLock()  # refreshes and edits
        self._db = IndexDB(self.cache_dir / "index.sqlite3", self._root_str)
        self._excerpts = ExcerptSource(self._db, self._root_str)
        self._copies: dict[str, str] = {}  # sync-tool conflict copy → original (by scans)
        # what the last scans could not read: path → why (replaced, never changed in place)
        self._unreadable: dict[str, str] = {}
        self._site: tuple[Site | None] | None = None
        self._site_cache: SiteGroupCache | None = None  # made on first use

    @classmethod
    def open(
        cls,
        root: str | os.PathLike,
        cache_dir: str | os.PathLike | None = None,
        *,
        fallback: bool = False,
    ) -> Library:
        """Open the library at ``root``; the index is created when missing.
        Call :meth:`refresh` to bring it up to date.

        When the index cannot be written (a read-only file, folder or file
        system, a full disk, a cache path that is a file) this raises
        :class:`CacheError` — or, with ``fallback``, opens the library on a
        temporary index instead, with the reason in :attr:`warning`.  Such a
        library can be read and searched, but refuses bulk edits, since
        their undo journal would have no safe home."""
        try:
            return cls(root, cache_dir)
        except CacheError as exc:
            if not fallback:
                raise
            return cls.open_temporary(root, f"{exc}; using a temporary index for now")

    @classmethod
    def open_temporary(
        cls,
        root: str | os.PathLike,
        warning: str | None = None,
        *,
        journal_of: str | os.PathLike | None = None,
    ) -> Library:
        """Open the library on a new index in a temporary folder, removed on
        :meth:`close` (for when the real cache cannot be used: ``warning``).

        Such a library has no undo journal (see :attr:`journal`) unless
        ``journal_of`` names the cache folder (as given to :meth:`open`)
        whose journal to keep using: the index is a cache, and undo needs
        only the journal, which may be writable when the index is not."""
        folder = tempfile.mkdtemp(prefix="article-reader-index-")
        try:
            library = cls(root, folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        library._temporary_folder = folder
        library.warning = warning
        library._journal_folder = (
            library_cache_dir(library.root, journal_of) if journal_of is not None else None
        )
        return library

    def attach_observer(self, observer: WriteObserver | None) -> None:
        """Tell ``observer`` (None: no one) about every article written through
        this library: write, create, rename, move, bulk edits and undo."""
        self._observer = observer

    def _edited(self, paths: Sequence[str]) -> None:
        if self._observer is not None and paths:
            self._observer.edited(list(paths))

    @property
    def temporary(self) -> bool:
        """True when the index is a temporary one (see :meth:`open`)."""
        return self._temporary_folder is not None

    @property
    def index_path(self) -> Path:
        return self._db.path

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the index (and the undo journal).  Safe while other threads
        still read or write: a statement running on them stops with
        :class:`LibraryClosed`, as does a stream's next page (see
        :meth:`IndexDB.close`); never waits for them.  Closing twice is
        harmless; a later call opens the index again."""
        self._db.close()
        if self._journal is not None:
            self._journal.close()
        if self._temporary_folder is not None:
            shutil.rmtree(self._temporary_folder, ignore_errors=True)
            self._temporary_folder = None

    # -- keeping the index current ---------------------------------------------------

    def _recovering(self, action: Callable[[], _T]) -> _T:
        """Run ``action``; if the index turns out to be damaged, rebuild it and
        retry.  An index that can no longer be read or written (its file or
        folder made read-only, the disk full) raises :class:`CacheError`.
        A query that :meth:`close` stopped raises :class:`LibraryClosed`; one
        stopped by another thread's rebuild runs again on the new index."""
        try:
            with self._db.use():
                return action()
        except sqlite3.DatabaseError as exc:
            if not is_interrupted(exc):
                self._raise_unless_damaged(exc)
            else:  # not damage: another thread's rebuild (IndexDB.reset) stopped it
                # (one that close() stopped raised LibraryClosed: see IndexDB.use)
                with self._lock:  # (once that rebuild is over)
                    pass
                with self._db.use():
                    return action()
        with self._lock:
            self._db.reset()
            # (the full text too: a search run again on an index of the
            # metadata alone found nothing, without a word)
            self._sync_all(fulltext=True)
        with self._db.use():
            return action()

    def _raise_unless_damaged(self, exc: sqlite3.DatabaseError) -> None:
        """Re-raise ``exc`` (as a :class:`CacheError` where it means the index
        cannot be used) unless it means the index is damaged."""
        if is_interrupted(exc):  # stopped by a rebuild (or close(): LibraryClosed): no damage
            raise exc
        if is_corruption(exc):
            return
        if is_unwritable(exc):
            raise cache_error(exc, self._db.path) from exc
        raise exc

    def _sync_all(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        parallel: bool | None = None,
        worker_start: str | None = None,
        fulltext: bool = False,
    ) -> RefreshStats:
        worker_start = worker_start or self.worker_start
        if self._db.is_empty() or self._db.first_load_running():
            # an empty index is filled by one process at a time: another
            # filling it now (even once it has stored its first rows) is
            # waited for, and what it did is kept
            from reader.core.library.refresh import RefreshStats

            with self._db.first_load_turn(cancel) as turn:
                if not turn:  # stopped while waiting: nothing done
                    return RefreshStats(cancelled=True)
                return self._sync_from_scan(progress, cancel, parallel, worker_start, fulltext)
        return self._sync_from_scan(progress, cancel, parallel, worker_start, fulltext)

    def _sync_from_scan(
        self,
        progress: Progress | None,
        cancel: Cancel | None,
        parallel: bool | None,
        worker_start: str | None,
        fulltext: bool,
    ) -> RefreshStats:
        from reader.core.library.refresh import sync
        from reader.core.library.rescan import (
            before_first_load,
            keep_digests,
            keep_first_digest,
            rescan,
        )
        from reader.core.library.scan import scan

        found = None
        first = changes = None
        if parallel is not False:  # a large indexed library: compared on every core
            found = rescan(
                self._db,
                self._root_str,
                worker_start=worker_start,
                cancel=cancel,
                apart=self.responsive,
            )
            stopped = cancel is not None and cancel()
            if found is None and not stopped and self._db.count() == 0:  # (made before the scan)
                first = before_first_load(self._root_str, worker_start, cancel, self.responsive)
        if found is None and self.responsive and cancel is not None and cancel():
            # (not the plain scan instead: a window closing waited for it,
            # seconds at a million files; the command line's search, given
            # no time, still scans to say how much was left out)
            from reader.core.library.refresh import RefreshStats

            return RefreshStats(cancelled=True)
        if found is not None:
            on_disk, indexed = found.on_disk, found.indexed
        else:
            changes = self._db.get_meta("changes")
            on_disk, indexed = scan(self._root_str), self._db.file_states()
            if first is not None:
                first = first.after_scan(self._root_str)
        self._check_folder()  # (gone during the scan: it found nothing, not every file gone)
        self._copies = dict(on_disk.copies)
        noted = found is not None or first is not None
        if noted:
            self._db.record_own_changes()  # (see keep_digests; ended below, after the sync)
        try:
            stats = sync(
                self._db,
                self._root_str,
                on_disk,
                indexed,
                progress,
                cancel,
                parallel,
                worker_start,
                fulltext,
            )
        finally:
            own = self._db.own_changes() if noted else []
        if found is not None:
            stats.scanned += found.unchanged
            stats.unchanged += found.unchanged
            if not (stats.unreadable or stats.cancelled):
                # as indexed now: the next rescan reads no rows (nor scans)
                keep_digests(self._db, found, own)
        elif first is not None and not (stats.unreadable or stats.cancelled):
            keep_first_digest(self._db, first, changes, on_disk, own)
        self._note_unreadable("", stats.unreadable, stats.cancelled)
        return stats

    def refresh(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        parallel: bool | None = None,
        worker_start: str | None = None,
        fulltext: bool = False,
    ) -> RefreshStats:
        """Rescan the whole library: parse new and changed files, drop deleted
        ones.  ``fulltext`` also puts what is read into the full-text index,
        in the same read of each file (the complete index in one pass; the
        window lists first and leaves that to :meth:`build_fulltext`).
        ``progress(done, total, path)`` is called while parsing; ``cancel()``
        returning True stops early (what was parsed is kept).  ``parallel``
        forces the process pool on or off (default: on for large batches).
        ``worker_start`` is how the pool's processes start (``"fork"``,
        ``"forkserver"``, ``"spawn"``): a caller that runs threads the
        interpreter cannot see (a Qt application) must not let them fork;
        the default forks only while this is the process's one thread."""
        started = time.perf_counter()
        with self._lock, _pool_failure():
            self._check_folder()
            try:
                with self._db.use():
                    stats = self._sync_all(progress, cancel, parallel, worker_start, fulltext)
            except sqlite3.DatabaseError as exc:
                self._raise_unless_damaged(exc)
                self._db.reset()
                with self._db.use():
                    stats = self._sync_all(progress, cancel, parallel, worker_start, fulltext)
        if not stats.cancelled:
            self.index_behind = None  # (what was written meanwhile is indexed now)
        stats.seconds = time.perf_counter() - started
        return stats

    @property
    def rebuilt(self) -> bool:
        """True when the index had to be created from scratch on open."""
        return self._db.rebuilt

    def _index_written(self, paths: Iterable[str | os.PathLike]) -> None:
        """Index files this library has just written.  Should the index not
        take them now (its disk full, another program holding it), the
        write stands, as written and journaled: it is not reported as
        failed, and what follows it still happens (the reading state moved
        along, the edit recorded).  The next refresh indexes them (their
        size and time differ from the index's); :attr:`index_behind` says
        why meanwhile.  (A publish that had moved and dated the draft said
        only "cannot write the index", exit 3, and its star was lost.)"""
        try:
            self.update_paths(paths)
        except CacheError as exc:
            self.index_behind = str(exc)

    def update_paths(
        self, paths: Iterable[str | os.PathLike], cancel: Cancel | None = None
    ) -> RefreshStats:
        """Re-index the given files or folders (absolute, or relative to the
        root) after a change on disk: what changed is re-parsed, what is gone
        is dropped.  For the GUI's file watcher.  ``cancel()`` true stops it
        soon (the window closing), ``cancelled`` set: what was not compared
        yet is left as it was indexed, for the next refresh."""
        from reader.core.library.refresh import RefreshStats

        total = RefreshStats()
        with self._lock, _pool_failure():
            self._check_folder()
            for item in paths:
                if cancel is not None and cancel():
                    total.cancelled = True
                    break
                rel = relative_path(self.root, item)
                if rel is None:
                    continue
                total.merge(self._recovering(functools.partial(self._update_one, rel, cancel)))
        return total

    def _check_folder(self) -> None:
        """Raise :class:`LibraryError` when the library's folder is not there
        now (renamed, moved, on a drive not mounted): a scan of nothing would
        drop every row, and a million articles be read again once it is back."""
        if not os.path.isdir(self._root_str):
            raise LibraryError(
                "the library folder is not there now (moved, renamed, or on a drive not "
                "mounted); its index is kept as it was",
                self._root_str,
            )

    def _update_one(self, rel: str, cancel: Cancel | None = None) -> RefreshStats:
        from reader.core.library.scan import FileStat, has_links, look_at

        absolute = os.path.join(self._root_str, *rel.split("/")) if rel else self._root_str
        if os.path.isdir(absolute):
            if rel and has_links(self._root_str, rel):
                return self._sync_all(cancel=cancel)
            # The root (something came or went at the top: a file, the
            # library's own state folder) is compared as a refresh compares
            # it (a large library in worker processes, from its digests),
            # never waiting here for another process's first load.
            if not rel and not (self._db.is_empty() or self._db.first_load_running()):
                return self._sync_all(cancel=cancel)
            return self._update_folder(rel, cancel)
        if os.path.lexists(absolute) and has_links(self._root_str, rel):
            return self._sync_all(cancel=cancel)
        self._note_copies(rel, {})
        paths = [rel]
        if not os.path.lexists(absolute):  # its conflict copies are articles again
            orphans = [c for c, original in self._copies.items() if original == rel]
            for copy in orphans:
                self._note_copies(copy, {})
            paths += [c for c in orphans if c not in self._copies]
        seen = {p: look_at(self._root_str, p) for p in paths}
        on_disk = {p: st for p, st in seen.items() if isinstance(st, FileStat)}
        indexed = self._db.states_for(paths)
        indexed.update(self._db.states_under(rel))  # a deleted folder
        self._check_folder()  # (gone meanwhile: its files are not gone)
        stats = self._sync_part(on_disk, indexed, cancel)
        # (an article's name on a FIFO, a device: said as a full scan says it)
        stats.unreadable.extend(st for st in seen.values() if isinstance(st, PathProblem))
        self._note_unreadable(rel, stats.unreadable, stats.cancelled)
        return stats

    def _update_folder(self, rel: str, cancel: Cancel | None = None) -> RefreshStats:
        """:meth:`update_paths` of the sub-folder ``rel``: its scan compared
        with its rows (a large folder's in a process of its own)."""
        from reader.core.library.refresh import RefreshStats
        from reader.core.library.rescan import rescan_folder
        from reader.core.library.scan import is_utf8_name, scan

        if not is_utf8_name(rel):  # (no index row can be under it: the whole scan says why)
            return self._sync_all(cancel=cancel)
        rescanned = rescan_folder(self._db, self._root_str, rel, self.worker_start, cancel)
        if rescanned is None and cancel is not None and cancel():
            return RefreshStats(cancelled=True)  # (as it was indexed: the next refresh compares it)
        if rescanned is None:
            found = scan(self._root_str, rel)
            if found.linked:  # an article reached through a link is listed once: by the whole scan
                return self._sync_all(cancel=cancel)
            on_disk, unchanged = found, 0
        elif rescanned.on_disk.linked:  # (as above, without scanning it again here)
            return self._sync_all(cancel=cancel)
        else:
            on_disk, unchanged = rescanned.on_disk, rescanned.unchanged
        self._check_folder()  # (gone during the scan: it found nothing, not every file gone)
        self._note_copies(rel, on_disk.copies)
        indexed = self._db.states_under(rel) if rescanned is None else rescanned.indexed
        stats = self._sync_part(on_disk, indexed, cancel)
        stats.scanned += unchanged
        stats.unchanged += unchanged
        self._note_unreadable(rel, stats.unreadable, stats.cancelled)
        return stats

    def _sync_part(
        self,
        on_disk: ScanResult | dict[str, FileStat],
        indexed: dict[str, IndexedState],
        cancel: Cancel | None,
    ) -> RefreshStats:
        """:func:`~reader.core.library.refresh.sync` of part of the library
        for :meth:`update_paths`: stopped by ``cancel`` (a checkout that
        changed 20,000 files is 20,000 parses), in this library's processes."""
        from reader.core.library.refresh import sync

        return sync(
            self._db,
            self._root_str,
            on_disk,
            indexed,
            cancel=cancel,
            worker_start=self.worker_start,
        )

    def _note_unreadable(
        self, rel: str, found: Iterable[PathProblem], cancelled: bool = False
    ) -> None:
        """Forget what could not be read at or under ``rel`` (``""``: the
        whole library), then note ``found``: what a scan of it could not read.
        ``cancelled``: the files were not all read; only what is indexed now
        (read since) is forgotten."""
        under = f"{rel}/" if rel else ""
        kept = {
            path: why
            for path, why in self._unreadable.items()
            if cancelled or (rel and path != rel and not path.startswith(under))
        }
        if cancelled and kept:
            for path in self._db.states_for(list(kept)):
                del kept[path]
        kept.update((problem.path, problem.message) for problem in found)
        self._unreadable = kept  # replaced whole: readers on other threads see either

    def unreadable(self) -> list[PathProblem]:
        """The files and folders the library's scans could not read (no
        permission, a link that loops, a name that is not UTF-8…), by path,
        each with why: as the last :meth:`refresh` found them, brought up to
        date by each :meth:`update_paths`.  An entry stays until a scan of
        its place reads it (or finds it gone).  ``""`` is the root itself."""
        return [PathProblem(path, why) for path, why in sorted(self._unreadable.items())]

    def _note_copies(self, rel: str, found: Mapping[str, str]) -> None:
        """Forget the conflict copies at or under ``rel``, then note ``found``
        (a single copy that still exists is noted again)."""
        from reader.core.library.sync_copies import existing_original, is_listed_file

        under = f"{rel}/" if rel else ""
        for copy in [c for c in self._copies if c == rel or c.startswith(under)]:
            del self._copies[copy]
        self._copies.update(found)
        parent, _, name = rel.rpartition("/")
        folder = f"{parent}/" if parent else ""
        original = (
            existing_original(name, lambda n: is_listed_file(self._abs(folder + n)))
            if rel
            else None
        )
        if original is not None and os.path.isfile(self._abs(rel)):
            self._copies[rel] = folder + original

    def sync_conflicts(self) -> dict[str, list[str]]:
        """The conflict copies sync tools left (Syncthing, Dropbox, Nextcloud),
        grouped under their original: ``{article: [copy, …]}``, as the last
        refresh or update found them.  Copies are never listed as articles."""
        grouped: dict[str, list[str]] = {}
        with self._lock:
            for copy, original in sorted(self._copies.items()):
                grouped.setdefault(original, []).append(copy)
        return grouped

    def build_fulltext(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        parallel: bool | None = None,
        worker_start: str | None = None,
    ) -> int:
        """Add every article missing from the full-text index (after a refresh
        the metadata is listed at once; the GUI runs this in the background).
        Returns how many articles were indexed.  Many articles are read in a
        process pool; ``parallel`` and ``worker_start`` as for :meth:`refresh`."""
        from reader.core.library.search import build_fulltext

        with _pool_failure():
            return self._recovering(
                lambda: build_fulltext(
                    self._db,
                    self._root_str,
                    progress,
                    cancel,
                    parallel=parallel,
                    worker_start=worker_start or self.worker_start,
                )
            )

    def first_load_running(self) -> bool:
        """Whether another process fills this library's empty index now: a
        refresh waits for it (see :meth:`IndexDB.first_load_turn`).  Asks
        only a lock file: never waits, whatever this library is doing."""
        return self._db.first_load_running()

    def relink_lost_fulltext(self) -> int:
        """Make pending again the articles whose full text is in no table
        of the index (see :meth:`IndexDB.relink_lost_fulltext`): the next
        :meth:`build_fulltext` reads them again.  Returns how many."""
        with self._lock:
            return self._recovering(self._db.relink_lost_fulltext)

    def fulltext_pending(self) -> int:
        """How many articles are not yet searchable."""
        return self._recovering(self._db.fulltext_pending)

    # -- reading the index ---------------------------------------------------------

    def query(self, query: Query | None = None) -> list[Summary]:
        """The articles matching ``query`` (all, newest first, by default)."""
        source = self._excerpts

        def read() -> list[Summary]:
            # (compiled in the same use of the connection as the query runs:
            # the full-text tables it names are that connection's)
            sql, params = compile_query(
                query or Query(), fts=self._db.fulltext_tables(), every_row=True
            )
            return _all_summaries(self._db.conn(), sql, params, source)

        return self._recovering(read)

    def iter_query(self, query: Query | None = None) -> Iterator[Summary]:
        """:meth:`query` one row at a time: however many match, only a page
        of rows is in memory (the CLI lists a million articles this way)."""
        return self._streamed(
            lambda: compile_query(query or Query(), fts=self._db.fulltext_tables(), every_row=True)
        )

    def iter_query_lines(self, query: Query | None = None) -> Iterator[str]:
        """:meth:`iter_query` as the lines ``article-reader list`` prints
        (see :data:`~reader.core.library.query.LIST_LINE_SELECT`), not yet
        made printable."""
        return self._streamed_lines(
            lambda: compile_query(
                query or Query(), LIST_LINE_SELECT, self._db.fulltext_tables(), every_row=True
            )
        )

    def iter_query_text(
        self, query: Query | None, block: Block, *, form: str
    ) -> Iterator[tuple[bytes, int]]:
        """The lines of :meth:`iter_query_lines`, a page at a time, as
        ``(block(page), len(page))``: what the caller makes of them (its
        ``form`` names that, and whatever it depends on), encoded in UTF-8
        (a lone surrogate passed through), ready to be written out.  A large listing's
        text is kept in the index and given back while nothing has changed
        (see :mod:`~reader.core.library.listings`): a million lines listed
        again cost reading it, not making them."""
        from reader.core.library import listings

        query = query or Query()

        def compiled() -> tuple[str, Sequence[object]]:
            tables = self._db.fulltext_tables()
            return compile_query(query, LIST_LINE_SELECT, tables, every_row=True)

        def pages() -> Iterator[list[str]]:
            return map(list, map(_first_of_each, self._pages(compiled)))

        if query.text is not None:  # the full text's index is not counted: never kept
            return listings.made_and_kept(self._db, "", pages(), block, None)
        sql, params = compiled()
        key = listings.listing_key(sql, params, form)
        rows = self._pages(lambda: listings.stored(self._db.conn(), key), size=1)
        first = next(rows, None)
        if first:
            return listings.texts(self._db, key, itertools.chain([first], rows))
        before = self._db.get_meta("changes")
        return listings.made_and_kept(self._db, key, pages(), block, before)

    def _streamed_lines(self, compiled: _Compiled) -> Iterator[str]:
        """The one text column of ``sql``'s rows (see :meth:`_pages`), taken
        in C (no Python code runs per line)."""
        return itertools.chain.from_iterable(map(_first_of_each, self._pages(compiled)))

    def _streamed(self, compiled: _Compiled) -> Iterator[Summary]:
        """The rows of ``sql`` as summaries (see :meth:`_pages`)."""
        return summaries(self._pages(compiled), self._excerpts)

    def _pages(self, compiled: _Compiled, size: int = 0) -> Iterator[list[tuple]]:
        """The rows of ``sql``, fetched in pages of ``size`` (0:
        :data:`_STREAM_PAGE`) on this thread's connection (a damaged index
        is rebuilt before the first); the cursor is closed when they are all
        read or the iterator is dropped."""
        db = self._db

        def start() -> tuple[Any, sqlite3.Cursor]:
            lease = db.lease()  # the cursor's connection, used again for each page
            with db.use(lease) as conn:
                return lease, conn.execute(*compiled())

        lease, cursor = self._recovering(start)

        def fetch() -> list[tuple]:
            with db.use(lease):
                return cursor.fetchmany(size or _STREAM_PAGE)

        def pages() -> Iterator[list[tuple]]:
            # Each page in a use of the cursor's connection: close() on
            # another thread interrupts it (LibraryClosed here) instead of
            # closing the connection under it.
            nonlocal lease, cursor
            given = False
            try:
                while True:
                    try:
                        page = fetch()
                    except sqlite3.DatabaseError as exc:
                        # Damage found in a row (a title not UTF-8), not as
                        # the query began: the index is rebuilt; before
                        # anything was given the query runs again, after it
                        # this says so rather than give a part as the whole.
                        self._raise_unless_damaged(exc)
                        with contextlib.suppress(sqlite3.Error):
                            cursor.close()
                        with self._lock:
                            self._db.reset()
                            self._sync_all(fulltext=True)
                        if given:
                            raise IndexDamagedError(
                                "the index was found damaged and has been rebuilt; "
                                "run the command again",
                                db.path,
                            ) from None
                        lease, cursor = self._recovering(start)
                        page = fetch()
                    if not page:
                        return
                    given = True
                    yield page
            finally:
                with contextlib.suppress(LibraryClosed, sqlite3.Error), db.use(lease):
                    cursor.close()

        return pages()

    def listing(
        self, query: Query | None = None, *, keep: Callable[[str], bool] | None = None
    ) -> Listing:
        """The articles matching ``query`` in its order, as a :class:`Listing`:
        only their ids are read now (ordered by SQL), their summaries a page
        at a time when asked for.  ``keep`` narrows them by path (a reading
        group: unread, starred).  A query with a ``limit`` gives the first
        rows only (``complete`` False): with the date index, the newest
        articles of a million at once."""

        def read() -> array:
            sql, params = compile_query(
                query or Query(), "a.id, a.path" if keep else "a.id", self._db.fulltext_tables()
            )
            # (the index sorts in temporary files: a million rows are not
            # sorted on the heap of each worker thread)
            return ordered_ids(self._db.conn().execute(sql, params), keep)

        ids = self._recovering(read)
        return Listing(ids, self, complete=query is None or query.limit is None)

    def listing_of_paths(self, paths: Sequence[str], query: Query | None = None) -> Listing:
        """The articles of ``paths`` in that order (the read-later queue),
        those that match ``query`` (all: None) and are indexed."""
        wanted = list(dict.fromkeys(paths))

        def read() -> dict[str, int]:
            where, params = compile_where(query or Query(), self._db.fulltext_tables())
            where.append("a.path IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(wanted))
            sql = "SELECT a.path, a.id FROM articles a WHERE " + " AND ".join(where)
            return dict(self._db.conn().execute(sql, params))

        found = self._recovering(read)
        return Listing(array("q", (found[p] for p in wanted if p in found)), self)

    def summaries_by_id(self, ids: Sequence[int]) -> dict[int, Summary]:
        """``{id: Summary}`` of the index rows ``ids`` (ids not indexed are left out)."""
        if not ids:
            return {}
        sql = (
            f"SELECT a.id, {SUMMARY_SELECT} FROM articles a "
            "WHERE a.id IN (SELECT value FROM json_each(?))"
        )
        param = _json_ids(ids)
        source = self._excerpts
        return self._recovering(
            lambda: {
                row[0]: Summary(row[1:], source) for row in self._db.conn().execute(sql, (param,))
            }
        )

    def paths_by_id(self, ids: Sequence[int]) -> dict[int, str]:
        """``{id: path}`` of the index rows ``ids``."""
        if not ids:
            return {}
        sql = "SELECT a.id, a.path FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))"
        param = _json_ids(ids)
        return self._recovering(lambda: dict(self._db.conn().execute(sql, (param,))))

    def ids_of_paths(self, paths: Iterable[str]) -> dict[str, int]:
        """``{path: id}`` of the indexed ``paths`` (the others are left out)."""
        return dict(self._rows_for_paths("a.path, a.id", paths))

    def count(self, query: Query | None = None) -> int:
        def read() -> int:
            sql, params = compile_count(query or Query(), self._db.fulltext_tables())
            return self._db.conn().execute(sql, params).fetchone()[0]

        return self._recovering(read)

    def summary(self, path: str | os.PathLike) -> Summary | None:
        rel = self._rel(path)
        row = self._recovering(
            lambda: (
                self._db.conn()
                .execute(f"SELECT {SUMMARY_SELECT} FROM articles a WHERE a.path=?", (rel,))
                .fetchone()
            )
        )
        return Summary(row, self._excerpts) if row else None

    def summaries_for(self, paths: Iterable[str]) -> list[Summary]:
        """The indexed articles among ``paths`` (relative posix paths), in no
        particular order; paths not in the index are left out."""
        source = self._excerpts
        return [Summary(row, source) for row in self._rows_for_paths(SUMMARY_SELECT, paths)]

    def _rows_for_paths(self, columns: str, paths: Iterable[str]) -> list[tuple]:
        """``SELECT columns FROM articles a`` for the indexed articles among
        ``paths``, in one statement (the paths go in as one JSON array)."""
        wanted = list(paths)
        if not wanted:
            return []
        sql = f"SELECT {columns} FROM articles a WHERE a.path IN (SELECT value FROM json_each(?))"
        param = json.dumps(wanted)
        return self._recovering(lambda: self._db.conn().execute(sql, (param,)).fetchall())

    def article_folders(self) -> list[str]:
        """The folders holding indexed articles, directly or in a folder
        below, as relative posix paths in order; not the library's top.
        (Cheap at any size: one row per folder is read, see
        :func:`~reader.core.library.index.article_folders`.)"""
        return sorted(self._recovering(self._db.article_folders))

    def unknown_names(
        self,
        *,
        category: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        expr: Expr | None = None,
    ) -> list[UnknownName]:
        """The names these filters ask for that no article has, with close
        names that articles do have (see :mod:`.hints`): what to say when a
        filtered listing comes out empty."""
        from reader.core.library.hints import MAX_CANDIDATES, unknown_names

        db = self._db
        return unknown_names(
            self._recovering(lambda: cached_taxonomy(db)),  # (not the site's groups)
            lambda: self._recovering(lambda: db.field_keys(MAX_CANDIDATES)),
            lambda key: self._recovering(lambda: db.has_field_key(key)),
            category=category,
            tag=tag,
            author=author,
            expr=expr,
        )

    def find_moved(self, rel: str, raw: bytes, inode: int) -> str | None:
        """Where the article that was at ``rel``, holding ``raw`` in the file
        ``inode``, is now, when another program moved or renamed it (its
        folder too): the one indexed article of the same size and inode, not
        at ``rel``, whose file holds exactly ``raw``; None when ``rel`` is
        still there, or no article or more than one holds those bytes.  (A
        move keeps the file's inode: an article deleted is not "moved" to a
        copy of it that was there before.)  Call it after a refresh."""
        from reader.core.article.readfile import read_article_bytes

        if os.path.lexists(self.root.joinpath(*rel.split("/"))):
            return None

        def same_file() -> list[str]:
            with self._db.use() as conn:
                rows = conn.execute(
                    "SELECT path FROM articles WHERE size=? AND inode=?", (len(raw), inode)
                )
                return [row[0] for row in rows if row[0] != rel]

        found = []
        for path in self._recovering(same_file):
            try:
                data, st = read_article_bytes(self.root.joinpath(*path.split("/")))
            except ArticleError:
                continue
            if data == raw and st.st_ino == inode:
                found.append(path)
                if len(found) > 1:
                    return None  # copies: which one it became is not known
        return found[0] if found else None

    def article_at_address(self, href: str) -> str | None:
        """The article a link by the site's own address names (see
        :mod:`reader.core.library.addresses`: ``/2021/01/06/second/``, the
        site's full address), as a path in the library; None when ``href``
        is no address of the site, or names none of its articles, or more
        than one.  A plain folder has no addresses."""
        from reader.core.library import addresses

        site = self.site
        if site is None:
            return None
        if len(href) > addresses.MAX_ADDRESS:
            return None
        path = addresses.address_path(href, addresses.site_address(site.kind, site.config))
        if path is None:
            return None
        keys = json.dumps(["url"] if site.kind == "hugo" else ["permalink"])

        def rows(sql: str, params: tuple) -> list[tuple]:
            return self._recovering(lambda: self._db.conn().execute(sql, params).fetchall())

        def by_permalink(forms: list[str]) -> list[addresses.Candidate]:
            values = json.dumps([field_text(form) for form in forms])
            found = rows(
                "SELECT a.path, a.date, a.categories FROM article_fields f "
                "JOIN articles a ON a.id = f.article_id "
                "WHERE f.key IN (SELECT value FROM json_each(?)) "
                "AND f.value IN (SELECT value FROM json_each(?))",
                (keys, values),
            )
            return [_address_candidate(row) for row in found]

        def by_name(name: str) -> list[addresses.Candidate]:
            slug = field_text(name)
            like = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            found = rows(
                "SELECT a.path, a.date, a.categories, a.title, EXISTS(SELECT 1 FROM "
                "article_fields f WHERE f.article_id = a.id AND f.key = 'slug' AND f.value = ?) "
                "FROM articles a WHERE a.path LIKE ? ESCAPE '\\' OR a.path LIKE ? ESCAPE '\\' "
                "OR a.id IN (SELECT article_id FROM article_fields "
                "WHERE key = 'slug' AND value = ?)",
                (slug, f"%{like}.%", f"%{like}/%index.%", slug),
            )
            folded = name.casefold()
            named = [
                _address_candidate(row)
                for row in found
                if row[4] or addresses.name_of(row[0]).casefold() == folded
            ]
            if named or len(name) < 3:
                return named
            # Hugo's :slug is the title's when no slug is given
            from reader.core.article.slug import slugify

            words = like.replace("-", "%")
            found = rows(
                "SELECT a.path, a.date, a.categories, a.title FROM articles a "
                "WHERE a.title LIKE ? ESCAPE '\\' AND a.id NOT IN "
                "(SELECT article_id FROM article_fields WHERE key = 'slug')",
                (f"%{words}%",),
            )
            return [
                _address_candidate(row) for row in found if slugify(row[3]).casefold() == folded
            ]

        try:
            return addresses.choose(path, by_permalink, by_name)
        except sqlite3.Error:  # (a pattern the index cannot take: no article of it)
            return None

    def file_sizes(self) -> dict[str, int]:
        """``{path: size in bytes}`` of every indexed article (for finding
        renamed articles by fingerprint; see ``ReadingState.resolve_moves``)."""
        return self._recovering(lambda: {p: st[1] for p, st in self._db.file_states().items()})

    def taxonomy(self) -> Taxonomy:
        """Category tree, tags, dates, authors and special groups, with counts;
        and the site's groups (:meth:`site_groups`)."""
        taxonomy = self._recovering(lambda: cached_taxonomy(self._db))
        taxonomy.site = self.site_groups()
        return taxonomy

    def site_groups(self) -> SiteGroups | None:
        """Drafts, pages and the articles with schema warnings; None for a
        plain folder without a schema."""
        from reader.core.library.root import STATE_FOLDER

        site = self.site
        if site is None and not os.path.lexists(
            os.path.join(self._root_str, STATE_FOLDER, "schema.toml")  # site.schema.schema_path
        ):
            return None  # no need to load the schema's module to find no schema
        from reader.core.site.schema import SchemaError

        try:
            schema, problem = self.schema(), None
        except SchemaError as exc:
            schema, problem = None, str(exc)
        if site is None and schema is None and problem is None:
            return None
        rows = self._recovering(
            lambda: self._db.conn().execute("SELECT path, size, mtime_ns FROM articles").fetchall()
        )
        site_rel: dict[str, str] = {}
        if site is not None and site.root != self.root:
            prefix = relative_path(site.root, self.root) or ""
            site_rel = {row[0]: f"{prefix}/{row[0]}" if prefix else row[0] for row in rows}
        if self._site_cache is None:
            from reader.core.library.sitegroups import SiteGroupCache

            self._site_cache = SiteGroupCache()
        return self._site_cache.groups(self._root_str, site, site_rel, rows, schema, problem)

    def schema_findings(self, path: str | os.PathLike) -> tuple[Finding, ...]:
        """The schema warnings of one article as of the last :meth:`site_groups`."""
        if self._site_cache is None:
            return ()
        return self._site_cache.findings(self._rel(path))

    def search(
        self,
        text: str,
        limit: int = 50,
        markers: tuple[str, str] = ("«", "»"),
        *,
        escape: Callable[[str], str] | None = None,
        within: Query | None = None,
    ) -> list[SearchHit]:
        """Full-text search, best first (bm25), each hit with a snippet whose
        matches are wrapped in ``markers``.  Only articles already in the
        full-text index are found (see :meth:`build_fulltext`)."""
        from reader.core.library.search import search

        return self._recovering(
            lambda: search(
                self._db,
                self._root_str,
                text,
                limit=limit,
                markers=markers,
                escape=escape,
                within=within,
                excerpts=self._excerpts,
            )
        )

    def find(
        self,
        query: str | Expr,
        *,
        sort: str = "-date",
        limit: int | None = None,
        offset: int = 0,
        states: StateProvider | None = None,
        within: Query | None = None,
    ) -> list[Summary]:
        """The articles matching a query of the query language (see
        :mod:`reader.core.library.querylang`), in ``sort`` order; ``within``
        narrows them further (its ``sort`` and paging are ignored).  Raises
        :class:`~reader.core.library.querylang.QueryError` for a query that
        does not parse, or names a state (``is:unread``) without ``states``."""
        source = self._excerpts
        # (compiled inside the retry: after a rebuild the full-text tables are others)
        return self._recovering(
            lambda: _all_summaries(
                self._db.conn(), *self._find_sql(query, sort, limit, offset, states, within), source
            )
        )

    def iter_find(
        self,
        query: str | Expr,
        *,
        sort: str = "-date",
        limit: int | None = None,
        states: StateProvider | None = None,
        within: Query | None = None,
    ) -> Iterator[Summary]:
        """:meth:`find` one row at a time (see :meth:`iter_query`).  The
        query is parsed and compiled at once: a :class:`QueryError` is raised
        here, not while iterating."""
        return self._streamed(
            lambda: self._find_sql(query, sort, limit, 0, states, within, every_row=True)
        )

    def iter_find_lines(
        self,
        query: str | Expr,
        *,
        sort: str = "-date",
        limit: int | None = None,
        states: StateProvider | None = None,
        within: Query | None = None,
    ) -> Iterator[str]:
        """:meth:`iter_find` as the lines ``article-reader list`` prints
        (see :meth:`iter_query_lines`)."""
        return self._streamed_lines(
            lambda: self._find_sql(
                query, sort, limit, 0, states, within, every_row=True, columns=LIST_LINE_SELECT
            )
        )

    def _find_sql(
        self,
        query: str | Expr,
        sort: str,
        limit: int | None,
        offset: int,
        states: StateProvider | None,
        within: Query | None,
        *,
        every_row: bool = False,
        columns: str = SUMMARY_SELECT,
    ) -> tuple[str, list[object]]:
        from reader.core.library.querylang import parse

        expr = parse(query) if isinstance(query, str) else query
        text = query if isinstance(query, str) else ""
        tables = self._db.fulltext_tables()
        where, params = _narrowed(*self._compile(expr, states, text, fts=tables), within, tables)
        sql, base = compile_query(
            Query(sort=sort, limit=limit, offset=offset),
            columns,
            every_row=every_row,
            filtered=bool(where),
        )
        if where:
            head, _, tail = sql.partition(" ORDER BY ")
            sql = f"{head} WHERE {' AND '.join(where)} ORDER BY {tail}"
        return sql, [*params, *base]

    def _compile(
        self,
        expr: Expr,
        states: StateProvider | None,
        text: str,
        skip: Sequence[Term | Or] = (),
        fts: FulltextTables | None = None,
    ) -> tuple[list[str], list[object]]:
        """:func:`~reader.core.library.querylang.compile_expr` with the most
        selective set-like filter driving (counted in its side table first:
        an index range, far cheaper than a wrong plan); ``fts``: the
        full-text tables to ask (default: all of them)."""
        if fts is None:
            fts = self._db.fulltext_tables()
        return self._compile_each(expr, states, text, [fts], skip)[0]

    def _compile_each(
        self,
        expr: Expr,
        states: StateProvider | None,
        text: str,
        each: Sequence[FulltextTables],
        skip: Sequence[Term | Or] = (),
    ) -> list[tuple[list[str], list[object]]]:
        """:meth:`_compile` for each of the full-text tables ``each``, the
        driving filter chosen once."""
        from reader.core.library.querylang import Field, compile_expr, set_count_sql

        candidates = [c for c in expr.clauses if isinstance(c, Field) and set_count_sql(c)]
        driver = None
        if len(candidates) > 1:
            conn = self._db.conn()

            def size(field: Field) -> int:
                counted = set_count_sql(field)
                assert counted is not None
                return int(conn.execute(*counted).fetchone()[0])

            driver = self._recovering(lambda: min(candidates, key=size))
        return [
            compile_expr(expr, states, text=text, skip=skip, driver=driver, fts=fts) for fts in each
        ]

    def count_matching(
        self,
        query: str | Expr,
        *,
        states: StateProvider | None = None,
        within: Query | None = None,
    ) -> int:
        """How many articles :meth:`find` returns for ``query`` (``within``
        narrows them as there)."""
        from reader.core.library.querylang import parse

        expr = parse(query) if isinstance(query, str) else query
        text = query if isinstance(query, str) else ""
        # (compiled again after a rebuild: the full-text tables are others)
        return self._recovering(lambda: self._count(expr, states, text, within))

    def _count(
        self, expr: Expr, states: StateProvider | None, text: str, within: Query | None
    ) -> int:
        from reader.core.library.querylang import needs_fulltext_match

        tables = self._db.fulltext_tables()
        if len(tables.schemas) > 1 and needs_fulltext_match(expr):
            # Each table's matches counted apart, side by side (see
            # IndexDB.each_fulltext_table): an article's row is in one table.
            each = [FulltextTables((schema,)) for schema in tables.schemas]
            compiled = self._compile_each(expr, states, text, each)
            counts = {
                schema: _count_sql(*_narrowed(where, params, within, FulltextTables((schema,))))
                for schema, (where, params) in zip(tables.schemas, compiled, strict=True)
            }

            def count_in(conn: sqlite3.Connection, schema: str) -> int:
                return int(conn.execute(*counts[schema]).fetchone()[0])

            return sum(self._db.each_fulltext_table(tables, count_in))
        sql, params = _count_sql(
            *_narrowed(*self._compile(expr, states, text, fts=tables), within, tables)
        )
        return int(self._db.conn().execute(sql, params).fetchone()[0])

    def matching_paths(
        self, query: str | Expr, *, states: StateProvider | None = None
    ) -> list[str]:
        """The paths of the articles :meth:`find` returns for ``query``, in no
        particular order: only the paths are read (a saved search's count
        and members)."""
        from reader.core.library.querylang import parse

        expr = parse(query) if isinstance(query, str) else query
        text = query if isinstance(query, str) else ""

        def paths() -> list[str]:  # compiled inside the retry, as find's
            where, params = self._compile(expr, states, text)
            sql = "SELECT a.path FROM articles a"
            if where:
                sql += f" WHERE {' AND '.join(where)}"
            return [row[0] for row in self._db.conn().execute(sql, params)]

        return self._recovering(paths)

    def search_query(
        self,
        query: str | Expr,
        limit: int = 50,
        markers: tuple[str, str] = ("«", "»"),
        *,
        escape: Callable[[str], str] | None = None,
        states: StateProvider | None = None,
        sort: str = "-date",
        within: Query | None = None,
    ) -> list[SearchHit]:
        """``search`` with the query language: the words and phrases that
        stand alone rank the hits (as in :meth:`search`); every other clause
        filters them, and ``within`` narrows them (as in :meth:`find`).
        Without such words the matches come in ``sort`` order, with the start
        of each article as the snippet."""
        from reader.core.library.fulltext import QueryTerm
        from reader.core.library.querylang import parse, ranking_text
        from reader.core.library.search import SearchHit, search

        expr = parse(query) if isinstance(query, str) else query
        text, ranked = ranking_text(expr)
        source_text = query if isinstance(query, str) else ""
        if not ranked or not text.strip():
            return [
                SearchHit(summary, summary.excerpt or "", 0.0)
                for summary in self.find(expr, sort=sort, limit=limit, states=states, within=within)
            ]

        def ranked_search() -> list[SearchHit]:
            # compiled again after a rebuild: the full-text tables are others
            tables = self._db.fulltext_tables()
            filters = _narrowed(
                *self._compile(expr, states, source_text, skip=ranked, fts=tables), within, tables
            )
            return search(
                self._db,
                self._root_str,
                [QueryTerm(clause.text, clause.phrase) for clause in ranked],
                limit=limit,
                markers=markers,
                escape=escape,
                filters=filters,
                excerpts=self._excerpts,
            )

        return self._recovering(ranked_search)

    # -- single articles ---------------------------------------------------------------

    def _rel(self, path: str | os.PathLike) -> str:
        if "\x00" in os.fspath(path):
            raise LibraryError("a path cannot hold a NUL character", repr(os.fspath(path)))
        rel = relative_path(self.root, path)
        if not rel or any(part in ("", ".", "..") for part in rel.split("/")):
            raise LibraryError("not inside the library", os.fspath(path))
        return rel

    def _abs(self, rel: str) -> Path:
        return self.root.joinpath(*rel.split("/"))

    def _inside(self, rel: str) -> Path:
        """The absolute path of ``rel`` for a write, refused when it, or the
        nearest of its folders that exists, leads out of the library through
        a link (the scan lists no link, but every write takes a path).  The
        same check as undo's (:func:`reader.core.edit.bulk.leads_outside`)."""
        from reader.core.edit.bulk import leads_outside

        target = self._abs(rel)
        if leads_outside(self.root, target):
            raise LibraryError("the path leads outside the library (through a link)", target)
        return target

    def load(self, path: str | os.PathLike) -> Article:
        """Read and parse one article (raises :class:`ArticleError` if unreadable)."""
        from reader.core.article.boundary import within
        from reader.core.article.codec import load_article

        target = self._abs(self._rel(path))
        if not within(target, self.root) and os.path.lexists(target):
            # a link that leads out of the library (the scan never lists one)
            raise LibraryError("the file is a link to outside the library", target)
        return load_article(target)

    def save(
        self,
        article: Article,
        changes: Mapping[str, Any] | None = None,
        remove: Iterable[str] = (),
    ) -> bool:
        """Change front-matter keys losslessly and write the file atomically.
        Returns False when nothing changed.  Raises
        :class:`~reader.core.article.storage.FileChangedError` when the file changed on
        disk since ``article`` was read (nothing is written)."""
        from reader.core.article.patch import patch_metadata

        return self.write(article, patch_metadata(article, changes, remove))

    def write(self, article: Article, new_raw: bytes, *, update_index: bool = True) -> bool:
        """Replace the article's bytes with ``new_raw`` through the one write
        path (:func:`reader.core.article.storage.save_article`: locked, re-checked
        against ``article.raw``, atomic, read-only files refused) and update
        the index.  Returns False, writing nothing, when the bytes are the same.

        The file's own cross-process lock makes the write safe; the library's
        lock is taken only for the index, so a save never waits for a long
        refresh.  ``update_index=False`` leaves the index to the caller (the
        window updates it on a worker)."""
        from reader.core.article.storage import save_article

        if article.path is None:
            raise LibraryError("the article has no file")
        rel = self._rel(article.path)
        self._inside(rel)
        saved = save_article(article, new_raw)
        if saved:
            self._edited([rel])
        if saved and update_index:
            self._index_written([rel])
        return saved

    def write_again(self, article: Article, new_raw: bytes) -> None:
        """Create the article's file again with ``new_raw``: another program
        deleted or moved it while it was edited here, and the edits would
        have nowhere to go.  Under the file's lock, by an exclusive create:
        refused, writing nothing, when a file is in its place again (or its
        folder is gone too)."""
        from reader.core.article.storage import create_article_at, refuse_decoded
        from reader.core.common.files import what_is_at

        if article.path is None:
            raise LibraryError("the article has no file")
        refuse_decoded(article)
        rel = self._rel(article.path)
        self._inside(rel)
        path = self._abs(rel)
        if not os.path.isdir(path.parent):
            raise LibraryError("its folder is gone too; nothing was written", path)
        try:
            create_article_at(path, new_raw)
        except FileExistsError:
            raise LibraryError(
                f"{what_is_at(path)} is in its place again; nothing was written", path
            ) from None
        self._edited([rel])

    def write_undoable(
        self,
        article: Article,
        new_raw: bytes,
        description: str,
        *,
        trash: tuple[str, bytes] | None = None,
    ) -> bool:
        """:meth:`write`, journaled like a bulk edit so that :meth:`undo_last`
        ("Undo Last Bulk Edit") puts the old bytes back (restoring a version,
        resolving a conflict).  Returns False, writing nothing, when the
        bytes are the same.  ``trash``: (a path, the bytes it holds), moved
        to the system trash in the same step once the write is made (a sync
        tool's conflict copy, resolved), so that the undo brings both back:
        undone alone, the resolution left the conflict gone, its copy only
        in the system's trash.  Recorded as the app's edits (Commit ticks
        them, ``commit --only-edited`` takes them)."""
        from reader.core.article.storage import FileChangedError, library_locked, save_article

        if article.path is None:
            raise LibraryError("the article has no file")
        rel = self._rel(article.path)
        self._inside(rel)
        gone = self._rel(trash[0]) if trash is not None else None
        if new_raw == article.raw and trash is None:
            return False
        saved = False
        refused: ArticleError | None = None  # (the copy's trash, once the write is made)
        with library_locked(self.root), self._lock:
            journal = self.journal
            op_id = journal.begin(description)
            try:
                if new_raw != article.raw:
                    journal.record(op_id, rel, article.raw, new_raw)
                    try:
                        saved = save_article(article, new_raw)
                    except (FileChangedError, ArticleError):
                        journal.forget(op_id, rel)
                        raise
                if trash is not None and gone is not None:
                    try:
                        self._trash_step(journal, op_id, gone, trash[1])
                    except ArticleError as exc:  # (changed since: it stays, said)
                        refused = exc
            finally:
                journal.finish(op_id)
                written = [rel] if gone is None else [rel, gone]
                self._index_written(written)
        self._edited(written if refused is None else [rel])
        if refused is not None:
            raise refused
        return saved

    def is_read_only(self, path: str | os.PathLike) -> bool:
        """Whether the article's file may not be written (see
        :func:`reader.core.article.storage.is_read_only`)."""
        from reader.core.article.storage import is_read_only

        return is_read_only(self._abs(self._rel(path)))

    def plan_new_article(
        self,
        title: str,
        category: Sequence[str] = (),
        *,
        now: datetime | None = None,
        sample: int = NEW_ARTICLE_SAMPLE,
    ) -> NewArticle:
        """What "New Article" would create for ``title``, written nowhere yet.

        The front matter follows the library's own habits (the most common
        keys of its ``sample`` newest articles, their date spelling and usual
        flag values; see :func:`reader.core.edit.template_from`), and the
        folder is where most of the newest articles of ``category`` (else of
        the library) live."""
        from reader.core.edit.templates import DEFAULT_TEMPLATE, template_from

        title = title.strip()
        if not title:
            raise LibraryError("an article needs a title")
        _refuse_non_characters("title", title)
        _refuse_non_characters("category", list(category))
        category = tuple(name for name in category if name)
        newest = self.query(Query(sort="-date", limit=sample))
        articles = []
        for summary in newest:
            try:
                articles.append(self.load(summary.path))
            except ArticleError:
                continue
        template = template_from(articles) if articles else DEFAULT_TEMPLATE
        near = (
            self.query(Query(category=category, sort="-date", limit=sample)) if category else newest
        )
        folders: dict[str, int] = {}
        for summary in near or newest:
            folder = summary.path.rpartition("/")[0]
            folders[folder] = folders.get(folder, 0) + 1
        folder = max(folders, key=folders.__getitem__) if folders else ""
        when = (now or datetime.now()).replace(microsecond=0)
        style = template.date_style
        try:
            if when.tzinfo is None and (style.offset or style.kind == "rfc2822"):
                when = when.astimezone()
            data = template.front_matter(title, when, category)
        except (OverflowError, ValueError):
            # (0001-01-01 east of UTC is in year 0 once given its offset)
            raise LibraryError(
                f"the date {when.isoformat()} cannot be written with this time zone's offset"
            ) from None
        return NewArticle(title, folder, data)

    def create_planned(self, plan: NewArticle) -> str:
        """Create the article of :meth:`plan_new_article`; returns its path."""
        if plan.name:
            return self._create_named(plan.name, plan.folder, plan.data, plan.extension)
        return self._create(plan.title, plan.folder, plan.data, plan.extension)

    def _create_named(self, base: str, folder: str, data: bytes, extension: str) -> str:
        from reader.core.article.storage import create_article_file

        folder_rel = self._folder(folder)
        target_dir = self._abs(folder_rel) if folder_rel else self.root
        with self._lock:
            created = create_article_file(target_dir, base, extension, data)
            rel = f"{folder_rel}/{created.name}" if folder_rel else created.name
            self._index_written([rel])
        self._edited([rel])  # (as every write: see attach_observer)
        return rel

    # -- the site around the library -------------------------------------------------

    @property
    def site(self) -> Site | None:
        """The Hexo, Jekyll or Hugo site the library is (or is inside), read
        once; None for a plain folder."""
        if self._site is None:
            from reader.core.article.boundary import site_root

            if site_root(self.root) is None:  # a plain folder: no need to load the detection
                self._site = (None,)
            else:
                from reader.core.site.detect import find_site

                self._site = (find_site(self.root),)
        return self._site[0]

    def reload_site(self) -> Site | None:
        """Read the site's configuration again (after it changed)."""
        self._site = None
        return self.site

    def plan_site_article(
        self, title: str, *, draft: bool = False, now: datetime | None = None
    ) -> NewArticle | None:
        """A new article the way the site makes it (its scaffold or archetype,
        file-name pattern and folder), or None when the library is no Hexo
        or Hugo site (then :meth:`plan_new_article`)."""
        from reader.core.article.slug import slugify
        from reader.core.site.scaffold import plan_site_article

        site = self.site
        title = title.strip()
        if site is None or not title:
            return None
        _refuse_non_characters("title", title)
        when = (now or datetime.now()).replace(microsecond=0)
        planned = plan_site_article(site, title, when, draft=draft)
        if planned is None and site.posts_dir and site.drafts_dir:
            # Jekyll: no scaffold; the library's habits, in _posts with a dated name
            habits = self.plan_new_article(title, now=when)
            folder = relative_path(
                self.root, site.path(site.drafts_dir if draft else site.posts_dir)
            )
            if folder is None:
                return None
            # (%Y gives "1" for the year 1: Jekyll builds only 4-digit-year names)
            day = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
            name = slugify(title) if draft else f"{day}-{slugify(title)}"
            return NewArticle(title, folder, habits.data, name, ".md")
        if planned is None:
            return None
        folder = relative_path(self.root, site.path(planned.folder))
        if folder is None:
            return None
        return NewArticle(title, folder, planned.data, planned.base, planned.extension)

    def publish(
        self, path: str | os.PathLike, *, publish: bool = True, now: datetime | None = None
    ) -> str:
        """Publish a draft (or unpublish a post with ``publish=False``) the
        way the site does (see :mod:`reader.core.site.publish`); undoable
        with :meth:`undo_last`.  Returns the article's new path.  As for a
        rename, the observer is told of the move (the reading state goes
        along: the date publishing adds leaves no fingerprint to find it by)."""
        from reader.core.article.storage import library_locked
        from reader.core.site.publish import apply_publish, plan_publish, relocated

        site = self.site
        if site is None:
            raise LibraryError("not a Hexo, Jekyll or Hugo site: nothing to publish", self.root)
        rel = self._rel(path)
        site_rel = relative_path(site.root, self._abs(rel))
        if site_rel is None:
            raise LibraryError("the article is not inside the site", self._abs(rel))
        with library_locked(self.root), self._lock:
            article = self.load(rel)
            plan = plan_publish(site, site_rel, article, publish=publish, now=now)
            new_rel = relative_path(self.root, site.path(plan.new_path))
            assets = []
            for old, new in plan.asset_moves:
                old_l = relative_path(self.root, site.path(old))
                new_l = relative_path(self.root, site.path(new))
                if old_l and new_l:
                    assets.append((old_l, new_l))
            if not new_rel:
                raise LibraryError(
                    f"{plan.new_path} is outside the library; open the site's root to {plan.verb}",
                    self._abs(rel),
                )
            self._inside(new_rel)
            apply_publish(
                self._root_str, relocated(plan, rel, new_rel, tuple(assets)), self.journal
            )
            self._index_written([rel, new_rel])
        if new_rel != rel and self._observer is not None:
            self._observer.moved(rel, new_rel)
        # both names: a commit of the app's edits takes the old one's removal
        # too (the new name alone left the draft in the commit beside its post)
        self._edited([rel, new_rel] if new_rel != rel else [new_rel])
        return new_rel

    def create_article(
        self,
        title: str,
        folder: str = "",
        *,
        categories: Sequence[Sequence[str] | str] | None = None,
        tags: Sequence[str] | None = None,
        author: str | None = None,
        date: datetime | date_type | None = None,
        extension: str = ".md",
    ) -> str:
        """Create ``folder/<slug of title>.md`` with YAML front matter and an
        empty body; returns its relative path.  The name never collides with
        an existing file (``-2``, ``-3`` … are appended)."""
        from reader.core.edit.templates import DEFAULT_TEMPLATE
        from reader.core.library.scan import ARTICLE_SUFFIXES

        if not title.strip():
            raise LibraryError("an article needs a title")
        _refuse_non_characters("title", title)
        _refuse_non_characters("author", author)
        _refuse_non_characters("category", list(categories or []))
        _refuse_non_characters("tag", list(tags or []))
        if extension.lower() not in ARTICLE_SUFFIXES:
            raise LibraryError(f"{extension!r} is not an article file type")
        when = date if date is not None else datetime.now().replace(microsecond=0)
        if not isinstance(when, datetime):
            when = datetime(when.year, when.month, when.day)
        paths = [list(_category_path(p)) for p in (categories or []) if _category_path(p)]
        data = DEFAULT_TEMPLATE.front_matter(title.strip(), when, paths, author, tags or ())
        return self._create(title, folder, data, extension)

    def _create(self, title: str, folder: str | os.PathLike, data: bytes, extension: str) -> str:
        from reader.core.article.slug import slugify

        return self._create_named(slugify(title), os.fspath(folder), data, extension)

    def _folder(self, folder: str | os.PathLike) -> str:
        from reader.core.library.scan import is_utf8_name

        text = os.fspath(folder)
        if text in ("", "."):
            return ""
        if "\x00" in text:
            raise LibraryError("a folder name cannot hold a NUL character", repr(text))
        rel = relative_path(self.root, text)
        if rel is None or any(part in ("", ".", "..") for part in rel.split("/")):
            raise LibraryError("the folder is not inside the library", text)
        if not is_utf8_name(rel):  # (the library's own folder may have any name)
            raise LibraryError("a folder whose name is not valid UTF-8 is not listed", ascii(text))
        self._inside(rel)
        return rel

    def rename(self, path: str | os.PathLike, new_name: str) -> str:
        """Rename an article within its folder; returns the new relative path.
        A name without an article suffix keeps the old suffix."""
        from reader.core.library.scan import ARTICLE_SUFFIXES, is_utf8_name

        if (
            not new_name
            or "/" in new_name
            or "\\" in new_name
            or "\x00" in new_name
            or new_name in (".", "..")
        ):
            raise LibraryError(f"{new_name!r} is not a file name")
        if new_name.startswith("."):
            raise LibraryError(f"{new_name!r} would hide the article (names starting with '.')")
        if not is_utf8_name(new_name):
            # the scan could not list it: the article would leave the library
            raise LibraryError(f"{new_name!a} is not valid UTF-8 as a file name")
        if len(new_name.encode("utf-8", "surrogateescape")) > 240:
            raise LibraryError(f"{new_name!r} is too long for a file name")
        if _UNSEEN_IN_NAMES.search(new_name):
            # a right-to-left override shows "notes\u202etxt.md" as "notesdm.txt"
            raise LibraryError(f"{new_name!a} holds a control character or a direction mark")
        rel = self._rel(path)
        if not new_name.lower().endswith(ARTICLE_SUFFIXES):
            new_name += os.path.splitext(rel)[1]
        stem = new_name.split(".")[0].rstrip(" ").upper()
        if stem in _WINDOWS_DEVICES or new_name.endswith((" ", ".")):
            # (a synced copy on Windows could not be made, or not under this name)
            raise LibraryError(f"{new_name!r} cannot be a file's name on Windows")
        parent = rel.rpartition("/")[0]
        return self._move(rel, f"{parent}/{new_name}" if parent else new_name)

    def move(self, path: str | os.PathLike, folder: str | os.PathLike) -> str:
        """Move an article to another folder of the library (created if
        needed); never into one the library does not list (a hidden folder,
        ``.git``, a site's output, outside a site's content): the article
        would be gone from it."""
        from reader.core.library.scan import would_list

        rel = self._rel(path)
        folder_rel = self._folder(folder)
        name = rel.rpartition("/")[2]
        new_rel = f"{folder_rel}/{name}" if folder_rel else name
        if new_rel != rel and not would_list(self._root_str, new_rel):
            raise LibraryError(
                "the library does not list articles in this folder (a hidden one, one a site "
                "makes, or outside its content); the article would be gone from it",
                os.path.join(self._root_str, *folder_rel.split("/")),
            )
        return self._move(rel, new_rel)

    def _move(self, rel: str, new_rel: str) -> str:
        """Move the article ``rel`` to ``new_rel``, journaled (with the
        folders the move makes) so that :meth:`undo_last` moves it back: a
        rename or a move typed by mistake was for good.  Without a journal
        (a temporary index, a cache that cannot be written) it moves all the
        same, as a save writes without one."""
        from reader.core.article.storage import NameTakenError, library_locked, move_article
        from reader.core.edit.bulk import missing_folders

        if new_rel == rel:
            return rel
        source = self._inside(rel)
        if not source.is_file():
            raise LibraryError("no such article", source)
        target = self._inside(new_rel)
        verb = "rename" if rel.rpartition("/")[0] == new_rel.rpartition("/")[0] else "move"
        with library_locked(self.root), self._lock:
            log = self._journal_or_none()
            op_id = None
            if log is not None:
                op_id = log.begin(f"{verb} file {rel} → {new_rel}")
                created = missing_folders(self._root_str, new_rel)
                if created:
                    log.record_folders(op_id, created)
                log.record_move(op_id, rel, new_rel)
            try:
                move_article(source, target)
            except (ArticleError, KeyboardInterrupt) as exc:
                if log is not None and op_id is not None and _not_moved(source, target):
                    log.forget_move(op_id, rel)  # (nothing to undo)
                if isinstance(exc, NameTakenError):  # (named as in the library: the dialog
                    raise LibraryError(exc.message, new_rel) from None  # grew to a full path)
                raise
            finally:
                if log is not None and op_id is not None:
                    log.finish(op_id)
            self._index_written([rel, new_rel])
        if self._observer is not None:
            self._observer.moved(rel, new_rel)
        self._edited([rel, new_rel])  # (both: see publish)
        return new_rel

    def trash(
        self, path: str | os.PathLike, *, expected: bytes | None = None, journal: bool = True
    ) -> bool:
        """Move an article to the system trash (never deleted outright); with
        ``expected``, only while the file still holds those bytes.  Journaled
        (``journal``) so that :meth:`undo_last` writes it again where it was;
        not a symbolic link (undo would make it a copy of its target), nor
        without a journal.  Returns whether it can be undone so."""
        from reader.core.article.readfile import read_article_bytes
        from reader.core.article.storage import library_locked, trash_article

        rel = self._rel(path)
        target = self._inside(rel)
        if not os.path.lexists(target):
            raise LibraryError("no such article", target)
        # journaled like a bulk edit: Undo Last Bulk Edit (and `undo`) writes
        # it again where it was; without a journal, the system trash keeps it
        raw = expected
        if raw is None:
            raw, _ = read_article_bytes(target)
        with library_locked(self.root), self._lock:
            log = self._journal_or_none() if journal and not os.path.islink(target) else None
            if log is None:
                trash_article(target, expected=raw)
            else:
                op_id = log.begin(f"move {rel} to the trash")
                try:
                    self._trash_step(log, op_id, rel, raw)
                finally:
                    log.finish(op_id)
            self._index_written([rel])
        self._edited([rel])  # (its removal is the app's edit: commit --only-edited takes it)
        return log is not None

    def _trash_step(self, log: Journal, op_id: int, rel: str, raw: bytes) -> None:
        """Move the file ``rel`` (holding ``raw``) to the system trash, as a
        step of the journal's operation ``op_id`` (with its mode, owner and
        group, which undo gives back); a symbolic link is trashed without
        the step (undo would make it a copy of its target)."""
        from reader.core.article.storage import trash_article

        target = self._inside(rel)
        if not os.path.lexists(target):
            return  # (gone already, a sync tool's copy say: nothing to trash)
        if os.path.islink(target):
            trash_article(target, expected=raw)
            return
        try:
            st: os.stat_result | None = os.stat(target)
        except OSError:
            st = None
        log.record_removal(op_id, rel, raw, st)
        try:
            trash_article(target, expected=raw)
        except ArticleError:
            log.forget(op_id, rel)
            raise

    # -- the schema ----------------------------------------------------------------------

    def articles(
        self, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> Iterator[tuple[str, Article]]:
        """Every indexed article, read from disk, in path order (unreadable
        ones are passed over: the index reports them)."""
        paths = [s.path for s in self.query(Query(sort="path"))]
        for done, rel in enumerate(paths, 1):
            if cancel is not None and cancel():
                return
            if progress is not None:
                progress(done, len(paths), rel)
            try:
                yield rel, self.load(rel)
            except ArticleError:
                continue

    def infer_schema(self, progress: Progress | None = None) -> Schema:
        """The schema proposed by the library's articles, with rules of their
        own for top-level folders whose articles differ (nothing written)."""
        from reader.core.site.schema import infer_schema_by_folder

        return infer_schema_by_folder(self.articles(progress))

    def save_schema(self, schema: Schema) -> tuple[Path, list[str]]:
        """Write ``schema`` to ``.article-reader/schema.toml`` (merged
        losslessly into a hand-edited one); returns the file and the keys added."""
        from reader.core.site.schema import write_schema

        return write_schema(self.root, schema)

    def planned_schema(self, schema: Schema) -> bytes:
        """What :meth:`save_schema` would write (``schema`` merged into the
        hand-edited file as it is), written nowhere."""
        from reader.core.site.schema import planned_schema

        return planned_schema(self.root, schema)[1]

    def schema(self) -> Schema | None:
        """The library's schema: its own file, else its site's (at the
        site's root, above a library of its posts folder, as ``check`` finds
        it), or None.  Raises :class:`~reader.core.site.schema.SchemaError`
        when it cannot be read."""
        from reader.core.site.schema import nearest_schema

        site = self.site
        return nearest_schema(self.root, site.root if site is not None else None)

    def check_schema(self, schema: Schema, progress: Progress | None = None) -> list[Finding]:
        """Every article's schema warnings (file and line)."""
        from reader.core.site.schema import check_article

        found: list[Finding] = []
        for rel, article in self.articles(progress):
            found.extend(check_article(schema.for_path(rel), rel, article))
        return found

    def plan_fix(
        self,
        rule: FixRule,
        *,
        where: Callable[[Article], bool] | None = None,
        paths: Collection[str] | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> FixPlan:
        """Plan one schema fix across the library (see
        :mod:`reader.core.site.fix`), or across ``paths`` of it (those a
        query found, say), and of those only the articles ``where`` holds
        for; apply it with :meth:`apply`, undo with :meth:`undo_last`."""
        from reader.core.site.fix import plan_fix

        schema = self.schema() if rule.kind == "respell-dates" else None
        candidates = [s.path for s in self.query(Query(sort="path"))]
        if paths is not None:
            wanted = set(paths)
            candidates = [rel for rel in candidates if rel in wanted]
        return plan_fix(self._root_str, rule, candidates, schema, where, progress, cancel)

    # -- bulk edits ------------------------------------------------------------------

    def interrupted_operation(self) -> Operation | None:
        """The last operation to undo when it was cut short (its process
        killed, the power cut, half of a bulk edit or a publish done), said
        once (see :meth:`Journal.take_interrupted`); None when there is
        none, no journal, or another process holds the library's lock (its
        operation may be running)."""
        from reader.core.article.storage import LockTimeoutError, library_locked

        if self._journal_folder is None:
            return None
        if self._journal is None and not (self._journal_folder / "journal.sqlite3").is_file():
            return None  # (nothing ever journaled: none made here)
        from reader.core.edit.journal import any_running

        path = self._journal_folder / "journal.sqlite3"
        try:
            with library_locked(self.root, timeout=0.0), self._lock:
                # (looked at read-only first: a damaged journal is left for
                # the edit that needs it to put aside and say so)
                if self._journal is None and not any_running(path):
                    return None
                return self.journal.take_interrupted()
        except (LockTimeoutError, ArticleError):  # (busy; a journal that cannot be read)
            return None

    def _journal_or_none(self) -> Journal | None:
        """:attr:`journal`, or None where there is none to write (a
        temporary index, a cache that cannot be written, a damaged journal
        just put aside): an edit of one article is made without an undo
        step then."""
        from reader.core.article.cache import CacheError
        from reader.core.edit.journal import JournalDamagedError

        try:
            return self.journal
        except (CacheError, JournalDamagedError):
            return None

    @property
    def journal(self) -> Journal:
        """The undo journal of bulk edits, opened on first use.

        Raises :class:`CacheError` when it cannot be written (and always on a
        temporary index opened without the journal of a cache folder: undo
        history must outlive the process), and :class:`JournalDamagedError`
        once when it is damaged — it is then kept aside, and the next use
        starts a new journal.  Either way before a bulk edit or an undo has
        written anything."""
        if self._journal is None or self._journal.closed:
            if self._journal_folder is None:
                raise CacheError(
                    "bulk edits and undo need an undo journal in a writable cache folder "
                    f"({self.warning or 'this library has a temporary index'})",
                    self.root,
                )
            self._journal = None
            from reader.core.edit.journal import Journal

            self._journal = Journal(self._journal_folder / "journal.sqlite3")
        return self._journal

    def _candidates_for_category(self, path: tuple[str, ...]) -> list[str]:
        from reader.core.library.records import LEVEL_SEP

        rows = self._db.conn().execute(
            "SELECT a.path FROM article_categories c JOIN articles a ON a.id=c.article_id "
            "WHERE c.path=? ORDER BY a.path",
            (LEVEL_SEP.join(path),),
        )
        return [row[0] for row in rows]

    def _with_broken(self, candidates: list[str]) -> list[str]:
        """Add the articles whose front matter does not parse: they might hold
        the name too, so a plan reports them as skipped."""
        broken = self._recovering(
            lambda: [
                row[0]
                for row in self._db.conn().execute(
                    "SELECT path FROM articles WHERE error_count > 0"
                )
            ]
        )
        return sorted(set(candidates).union(broken))

    def plan_category_rename(
        self,
        old: str | Sequence[str],
        new: str | Sequence[str],
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Cancel | None = None,
    ) -> BulkPlan:
        """Plan renaming, merging or moving a category path (``"金融/银行"`` or
        a tuple): every category path starting with ``old`` gets ``new`` in
        its place.  Nothing is written; see :meth:`apply`."""
        from reader.core.edit.bulk import plan_edit

        old_path, new_path = _category_path(old), _category_path(new)
        if not old_path or not new_path:
            raise LibraryError("category paths must not be empty")
        candidates = self._recovering(lambda: self._candidates_for_category(old_path))
        candidates = self._with_broken(candidates)
        return plan_edit(
            self._root_str, "category", old_path, new_path, candidates, progress, cancel
        )

    def plan_tag_rename(
        self,
        old: str,
        new: str,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Cancel | None = None,
    ) -> BulkPlan:
        """Plan renaming a tag, or merging it into another one."""
        from reader.core.edit.bulk import plan_edit

        old, new = old.strip(), new.strip()
        if not old or not new:
            raise LibraryError("tag names must not be empty")
        candidates = self._recovering(
            lambda: [
                row[0]
                for row in self._db.conn().execute(
                    "SELECT a.path FROM article_tags t JOIN articles a ON a.id=t.article_id "
                    "WHERE t.tag=? ORDER BY a.path",
                    (old,),
                )
            ]
        )
        candidates = self._with_broken(candidates)
        return plan_edit(self._root_str, "tag", (old,), (new,), candidates, progress, cancel)

    @contextlib.contextmanager
    def bulk_turn(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """This library's turn for a bulk edit or an undo, held from its plan
        to its end (the command line): a second one started meanwhile waits,
        then plans on what the first wrote.  Planned before the first was
        written, it skipped every file the first changed ("changed on disk
        since the plan was made"), left half done.  ``waiting`` is called
        when the turn is another's (to say so); raises
        :class:`~reader.core.article.storage.LockTimeoutError` when it is
        still another's after :data:`BULK_TURN_WAIT` seconds."""
        from reader.core.article.storage import LockTimeoutError, library_locked

        turn = contextlib.ExitStack()
        try:
            turn.enter_context(library_locked(self.root, timeout=0, purpose="plan"))
        except LockTimeoutError:
            if waiting is not None:
                waiting()
            turn.enter_context(library_locked(self.root, timeout=BULK_TURN_WAIT, purpose="plan"))
        with turn:
            yield

    def apply(
        self,
        plan: BulkPlan,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Cancel | None = None,
    ) -> BulkResult:
        """Carry out a plan file by file (journaled for :meth:`undo_last`);
        files changed since the plan, or unparsable, are skipped and reported."""
        from reader.core.article.storage import library_locked
        from reader.core.edit.bulk import apply_plan

        with library_locked(self.root), self._lock:
            result = apply_plan(self._root_str, plan, self.journal, progress, cancel)
            # (the files are written and journaled: an index that cannot
            # take them now leaves the edit reported, see _index_written)
            self._index_written([item.path for item in plan.items])
        self._edited(result.changed)
        return result

    def history_left_behind(self) -> str | None:
        """The folder a moved library was at, when the undo history kept for
        that place (the journal is kept by the library's path) can undo its
        last bulk edit here: the folder is gone, and every file that edit
        wrote is in this library, holding what it wrote.  None otherwise.
        Read only; for saying why there is nothing to undo."""
        import sqlite3

        from reader.core.edit.journal import REMOVED

        own = self._journal_folder
        if own is None or not own.parent.is_dir():
            return None
        for folder in sorted(own.parent.iterdir()):
            journal, index = folder / "journal.sqlite3", folder / "index.sqlite3"
            if folder == own or not journal.is_file() or not index.is_file():
                continue
            try:
                with contextlib.closing(
                    sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
                ) as conn:
                    row = conn.execute("SELECT value FROM meta WHERE key='root'").fetchone()
                with contextlib.closing(
                    sqlite3.connect(f"{journal.as_uri()}?mode=ro", uri=True)
                ) as conn:
                    last = conn.execute(
                        "SELECT id FROM operations WHERE undone=0 ORDER BY id DESC LIMIT 1"
                    ).fetchone()
                    entries = (
                        conn.execute(
                            "SELECT path, new_sha FROM entries WHERE operation_id=?", (last[0],)
                        ).fetchall()
                        if last is not None
                        else []
                    )
            except sqlite3.Error:
                continue
            former = str(row[0]) if row is not None else None
            if former is None or os.path.exists(former) or not entries:
                continue
            written = [(str(p), str(sha)) for p, sha in entries if sha != REMOVED]
            if written and all(self._holds(path, sha) for path, sha in written):
                return former
        return None

    def _holds(self, rel: str, sha: str) -> bool:
        """Whether the article at ``rel`` holds the bytes of digest ``sha``."""
        from reader.core.article.readfile import read_article_bytes
        from reader.core.edit.journal import sha256

        try:
            data, _ = read_article_bytes(self._abs(rel))
        except (ArticleError, LibraryError):
            return False
        return sha256(data) == sha

    def last_operation(self) -> Operation | None:
        """The bulk edit :meth:`undo_last` would undo, if any."""
        return self.journal.last()

    def undo_last(self, progress: Callable[[int, int, str], None] | None = None) -> UndoResult:
        """Undo the most recent bulk edit; files changed since are skipped and
        reported.  Returns an :class:`~reader.core.edit.bulk.UndoResult`
        (``description`` is ``None`` when there was nothing to undo).  An
        article the edit moved (a publish) and that is moved back takes its
        reading state back along, through the observer."""
        from reader.core.article.storage import library_locked
        from reader.core.edit.bulk import undo_last

        with library_locked(self.root), self._lock:
            last = self.journal.last()
            moves = self.journal.moves(last.id) if last is not None else []
            result = undo_last(self._root_str, self.journal, progress)
            self._index_written(result.restored)
        if self._observer is not None:
            restored = set(result.restored)
            for old, new in reversed(moves):
                if {old, new} <= restored and os.path.isfile(self._abs(old)):
                    self._observer.moved(new, old)
        self._edited(result.restored)
        return result


def _address_candidate(row: tuple) -> Any:
    """An :class:`~reader.core.library.addresses.Candidate` of an index row
    (path, date, categories, …)."""
    from reader.core.library.addresses import Candidate
    from reader.core.library.records import LEVEL_SEP, PATH_SEP

    path, date, categories = row[:3]
    levels = tuple(tuple(c.split(LEVEL_SEP)) for c in categories.split(PATH_SEP) if c)
    return Candidate(path, date, levels)


def _refuse_non_characters(what: str, value: object) -> None:
    """A new article's title (or its author, categories, tags) holding a
    lone surrogate (a name that was not UTF-8, half of a pasted pair)
    cannot be written as UTF-8: refused before anything is made (written
    as an escape, it made front matter that did not read back: no title,
    an error).  As :meth:`Library.save` refuses such a value."""
    from reader.core.article.codec import lone_surrogate

    found = lone_surrogate(value)
    if found:
        raise LibraryError(
            f"the {what} {value!a} holds \\u{ord(found):04x}, "
            "which is not a character; nothing was created"
        )


def _count_sql(where: list[str], params: list[object]) -> tuple[str, list[object]]:
    """How many articles meet the conditions ``where`` (over ``articles a``)."""
    sql = "SELECT count(*) FROM articles a" + (f" WHERE {' AND '.join(where)}" if where else "")
    return sql, params


def _narrowed(
    where: list[str], params: list[object], within: Query | None, fts: FulltextTables
) -> tuple[list[str], list[object]]:
    """SQL conditions over ``articles a`` with those of ``within`` added, its
    text searched in ``fts`` (its sort and paging aside).  (Its text was
    left out: ``list --query Q --text T`` listed what Q found, T or not.)"""
    if within is None:
        return where, params
    from reader.core.library.query import compile_where

    more, more_params = compile_where(within, fts)
    return [*where, *more], [*params, *more_params]


def _all_summaries(
    conn: sqlite3.Connection, sql: str, params: Sequence[object], source: ExcerptSource
) -> list[Summary]:
    """Every row of ``sql`` as a summary, made a page of rows at a time (in C)."""
    cursor = conn.execute(sql, params)
    try:
        pages = iter(functools.partial(cursor.fetchmany, _STREAM_PAGE), [])
        return list(summaries(pages, source))
    finally:
        cursor.close()


def _json_ids(ids: Sequence[int]) -> str:
    """``ids`` as a JSON array (for ``json_each``: one parameter, any length)."""
    return "[" + ",".join(map(str, ids)) + "]"
