"""One open library, kept current in the background.

:class:`LibrarySession` owns the :class:`reader.core.library.facade.Library` and the
worker pool.  Opening shows what the index already knows at once (a warm
start), then refreshes from disk, then completes the full-text index; every
step runs on a worker thread and reports back through signals.

Changes reported by the file watcher (:meth:`LibrarySession.update_paths`)
go through a coalescing queue: the paths are added to a *dirty* set, and one
update at a time takes the whole set.  A change that arrives while a refresh
or an update is running stays in the set and is taken by the next update,
which starts as soon as the running job *ends* — finished, failed or
cancelled alike — so no change waits for a job that will never report, and
updates never overlap (their results would arrive in any order).

The jobs that opening starts (the listeners' of :attr:`LibrarySession.opened`
— reading state, saved searches, git status — and the refresh) are made
while the warm start is delivered but started only after it, once the window
has painted the tree and the first rows: running meanwhile, they would take
the GIL from the model and the delegates at every row.

A job that fails says why once (:attr:`LibrarySession.failed`).  What stays
true after it — the index is a temporary one, the library did not open, the
index or the search index is not up to date — is also a standing warning
(:attr:`LibrarySession.warning`, :meth:`LibrarySession.warnings`) until it
ends: the next open, or the same job done.  The window's other parts (the
reading state, saved searches, the form) keep theirs there too, each under
a key of its own with a short name they give (:meth:`LibrarySession.warn`,
``run(…, warning=(what, name))``): one place says what stays wrong.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from reader.ui.tasks import Task, run_task

if TYPE_CHECKING:
    from reader.core.library.facade import Library

__all__ = [
    "NOT_INDEXED",
    "NOT_OPENED",
    "NOT_SEARCHABLE",
    "NOT_UPDATED",
    "TEMPORARY_INDEX",
    "LibrarySession",
]

#: The standing warnings (see :attr:`LibrarySession.warning`): the index is
#: a temporary one, not kept (until another library opens); the library did
#: not open (until another open); a refresh, or an update of changed paths,
#: failed (until a refresh, or any refresh or update, is done); the full-text
#: index was not completed (until it is); the library's folder is gone
#: (until it is back).
LIBRARY_GONE = "library gone"
TEMPORARY_INDEX = "temporary index"
NOT_OPENED = "not opened"
NOT_INDEXED = "not indexed"
NOT_UPDATED = "not updated"
NOT_SEARCHABLE = "not searchable"
WAITING_FOR_INDEX = "waiting for another index"
EDIT_CUT_SHORT = "edit cut short"  # the last edit's process was killed half way

#: File times are coarse (a clock tick or more): compare with some slack.
_CLOCK_SLACK_NS = 2_000_000_000


def _nothing() -> None:
    """A job that does nothing (it makes a pool's thread)."""


def _folders(root: Path, paths: list[str]) -> list[str]:
    """The folders holding articles (for the file watcher), root first."""
    folders = {str(root)}
    for rel in paths:
        parent = os.path.dirname(rel)
        while parent and str(root / parent) not in folders:
            folders.add(str(root / parent))
            parent = os.path.dirname(parent)
    return sorted(folders)


_IS_DIR = methodcaller("is_dir")


def _new_folders(library, changed: list[str], watched: frozenset[str], since_ns: int) -> list[str]:
    """Folders holding indexed articles that appeared below the changed
    folders and are not watched yet (``git pull`` bringing a new folder).

    Only subfolders changed since ``since_ns`` (their ``st_ctime_ns``; the
    last refresh found everything older) are looked into, so a change in a
    folder full of Hexo asset folders costs a ``scandir``, not a walk.  A
    folder counts when the index has its articles, the same rule as
    :func:`_folders` after a refresh (generated ``public/`` stays out)."""
    from reader.core.library.scan import relative_path, scan  # on the worker, not at start-up

    root = library.root
    found: set[str] = set()
    for path in changed:
        if not os.path.isdir(path) or relative_path(root, path) is None:
            continue
        try:
            with os.scandir(path) as listing:  # (the folders picked out in C: a folder of
                folders = list(filter(_IS_DIR, listing))  # a million files is 1M entries)
            children = [
                entry.path
                for entry in folders
                if entry.path not in watched and entry.stat().st_ctime_ns >= since_ns
            ]
        except OSError:
            continue
        for child in children:
            rel = relative_path(root, child)
            if not rel:
                continue
            samples: dict[str, str] = {}  # folder → one of its articles
            for article in scan(root, rel):
                samples.setdefault(os.path.dirname(article), article)
            indexed = [a for a in samples.values() if library.summary(a) is not None]
            found.update(_folders(root, indexed))
    return sorted(found - watched - {str(root)})


class LibrarySession(QObject):
    opened = Signal(object)  # the Library
    warm_start = Signal(object, object)  # taxonomy, what open(prepare=…) returned
    taxonomy_ready = Signal(object)  # Taxonomy
    folders_ready = Signal(list)  # folders to watch
    refreshed = Signal(object)  # RefreshStats (after a refresh or an update)
    progress = Signal(str, int, int)  # what, done, total
    fulltext_added = Signal(int)  # articles the search index took in (a pass ended)
    idle = Signal()  # no background job left
    failed = Signal(str)  # a job failed, or the index is a temporary one: why (said once)
    #: A standing warning began or changed (``why``) or ended (``""``);
    #: ``what`` is its key: the session's own are TEMPORARY_INDEX, NOT_OPENED,
    #: NOT_INDEXED, NOT_UPDATED, NOT_SEARCHABLE (the window names them),
    #: others come with their short name (:meth:`warning_name`).
    warning = Signal(str, str)  # what, why

    def __init__(self, cache_dir: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.cache_dir = cache_dir
        self.library: Library | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        # workers live as long as the session: each keeps its index connection
        # (by thread id) instead of opening another when a new thread starts
        self.pool.setExpiryTimeout(-1)
        #: One thread for the writes of the state the app owns (the reading
        #: state): done in the order asked, off the window's thread.
        self.writes = QThreadPool(self)
        self.writes.setMaxThreadCount(1)
        self.writes.setExpiryTimeout(-1)
        # Its thread made now, not at the first article shown: a thread made
        # while the library's update makes a million names (their pages
        # faulted in) waited 74-84 ms for the process's memory map.
        self.writes.start(_nothing)
        self._jobs: set[Task] = set()
        self._long: Task | None = None  # the running refresh
        self._update: Task | None = None  # the running update of changed paths
        self._dirty: dict[str, None] = {}  # changed paths not yet taken by an update
        self._fulltext: Task | None = None
        self._fulltext_again = False
        self._folders: frozenset[str] = frozenset()  # last sent through folders_ready
        self._scanned_ns = 0  # when the last refresh started (wall clock, like st_ctime)
        self._generation = 0
        #: Jobs made while the first rows are being shown, started right after
        #: (see :meth:`open`); None: jobs start at once.
        self._held: list[tuple[Task, QThreadPool]] | None = None
        self._waiting: list[tuple[Task, QThreadPool]] = []  # held jobs not started yet
        self._warnings: dict[str, str] = {}  # what → why (see warning)
        self._names: dict[str, str] = {}  # what → its short name, when its owner gave one

    # -- helpers ---------------------------------------------------------------------

    def run(
        self,
        fn,
        on_done=None,
        on_error=None,
        *,
        warning: tuple[str, str] | None = None,
        ordered: bool = False,
        **kwargs,
    ) -> Task:
        """``run_task`` on this session's pool; the job is cancelled on close.

        ``ordered``: a write of the state the app owns, run on
        :attr:`writes`, after those asked before it (closing waits for them).

        ``warning`` is ``(what, name)``: when the job fails, the standing
        warning ``what`` (shortly ``name``) begins, with the error as why,
        while the library it ran for is open; when it succeeds, ``what``
        ends.  Either way ``on_done`` or ``on_error`` (without it: said once
        through :attr:`failed`) is called after."""
        if warning is not None:
            on_done, on_error = self._warning_handlers(warning, on_done, on_error)
        held = self._held
        if held is None and ordered and self._waiting:
            held = self._waiting  # (after the writes held while opening, not before)
        pool = self.writes if ordered else self.pool
        task = run_task(
            fn,
            on_done,
            on_error or self._report_error,
            pool=pool,
            parent=self,
            start=held is None,
            **kwargs,
        )
        if held is not None:
            held.append((task, pool))
        self._jobs.add(task)
        task.ended.connect(lambda t=task: self._job_ended(t))
        return task

    def _job_ended(self, task: Task) -> None:
        self._jobs.discard(task)
        if task is self._long:
            self._long = None
            self._start_update()
        if task is self._update:
            self._update = None
            self._start_update()
        if task is self._fulltext:
            self._fulltext = None
            if self._fulltext_again:
                self._fulltext_again = False
                self.build_fulltext()
        if not self._jobs:
            self.idle.emit()

    def _report_error(self, exc: BaseException) -> None:
        self.failed.emit(self.why_failed(exc))

    def why_failed(self, exc: BaseException) -> str:
        """What is said of a job that failed: the refusal (a file, the index)
        as it is; a mistake of Article Reader's own named as one ("string
        index out of range" alone said nothing of where or whose)."""
        import sqlite3

        from reader.core.article.model import ArticleError
        from reader.core.library.querylang import QueryError

        if isinstance(exc, ArticleError | OSError | sqlite3.Error | QueryError):
            return str(exc) or type(exc).__name__
        return (
            self.tr("A mistake in Article Reader (%1: %2); please report it")
            .replace("%1", type(exc).__name__)
            .replace("%2", str(exc))
        )

    def warnings(self) -> dict[str, str]:
        """The standing warnings about the open library: what → why (see
        :attr:`warning`), in the order they began."""
        return dict(self._warnings)

    def warning_name(self, what: str) -> str:
        """The short name the standing warning ``what`` was given ("" for
        the session's own: the window names them)."""
        return self._names.get(what, "")

    def warn(self, what: str, why: str, name: str = "") -> None:
        """Begin or change (``why``) or end (``""``) the standing warning
        ``what`` about the open library; ``name`` is what the status bar
        calls it (already translated), ``why`` what the tooltip adds.  It
        ends by itself when another library opens."""
        if self._warnings.get(what, "") == why and self._names.get(what, "") == name:
            return
        if why:
            self._warnings[what] = why
            if name:
                self._names[what] = name
            else:
                self._names.pop(what, None)
        else:
            self._warnings.pop(what, None)
            self._names.pop(what, None)
        self.warning.emit(what, why)

    def _warning_handlers(
        self,
        warning: tuple[str, str],
        on_done: Callable[[object], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> tuple[Callable[[object], None], Callable[[BaseException], None]]:
        """``on_done`` and ``on_error`` of a job that ends (done) or begins
        (failed) the standing warning ``warning`` (see :meth:`run`)."""
        what, name = warning
        generation = self._generation

        def done(result: object) -> None:
            if generation == self._generation:
                self.warn(what, "")
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.warn(what, self.why_failed(exc), name)
            (on_error or self._report_error)(exc)

        return done, failed

    def _failed_with(self, what: str, generation: int) -> Callable[[BaseException], None]:
        """An error handler for a job: says why (:attr:`failed`) and, while
        the library it ran for is open, begins the standing warning ``what``
        (not while :data:`LIBRARY_GONE` stands: that says why already)."""

        def failed(exc: BaseException) -> None:
            if generation == self._generation and not self._warnings.get(LIBRARY_GONE):
                self.warn(what, self.why_failed(exc))
            self._report_error(exc)

        return failed

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    # -- opening ---------------------------------------------------------------------

    def open(self, root: str, prepare=None) -> None:
        """Open ``root``.  When its index already knows articles, their
        taxonomy and ``prepare(library)`` (computed on the same worker, e.g.
        the first page of the list) arrive through :attr:`warm_start` before
        the refresh from disk starts."""
        for what in list(self._warnings):  # they were about the library open until now
            self.warn(what, "")
        self.close()
        self._generation += 1
        generation = self._generation
        cache_dir = self.cache_dir

        def work():
            from reader.core.library.facade import Library  # imported off the GUI thread

            # An unwritable cache gives a temporary index (library.warning) rather than no library.
            library = Library.open(root, cache_dir, fallback=True)
            library.responsive = True  # (its large fingerprints made in worker processes)
            library.worker_start = "forkserver"  # (Qt's threads: this process must not fork)
            taxonomy = library.taxonomy()
            extra = prepare(library) if prepare is not None and taxonomy.total else None
            return library, taxonomy, extra, library.interrupted_operation()

        def done(result):
            library, taxonomy, extra, cut = result
            if generation != self._generation:
                library.close()
                return
            self.library = library
            # What the listeners start (the reading state, saved searches, git
            # status, the refresh) waits until the tree and the first rows are
            # in: on other threads it would hold the GIL while they are made.
            held: list[tuple[Task, QThreadPool]] = []
            self._held = held
            try:
                self.opened.emit(library)
                if library.warning:
                    self.warn(TEMPORARY_INDEX, library.warning)
                    self.failed.emit(library.warning)
                if cut is not None:  # (a bulk edit or publish killed half way: said)
                    from reader.ui.problem_text import operation_text

                    self.warn(
                        EDIT_CUT_SHORT,
                        self.tr(
                            "The last edit (%1) was cut short before it ended; what it "
                            "changed stays as it is. Edit › Undo Last Bulk Edit takes it back."
                        ).replace("%1", operation_text(cut.description)),
                        self.tr("Last edit cut short"),
                    )
                if taxonomy.total:
                    self.warm_start.emit(taxonomy, extra)
                self.refresh()
            finally:
                self._held = None
            if generation != self._generation:  # closed (or another opened) meanwhile
                for task, _pool in held:
                    self._jobs.discard(task)
                    task.deleteLater()
            elif held:
                self._waiting = held
                QTimer.singleShot(1, self, self._start_held)

        self.run(work, done, self._failed_with(NOT_OPENED, generation))

    def _start_held(self) -> None:
        waiting, self._waiting = self._waiting, []
        for task, pool in waiting:
            pool.start(task.run)

    def refresh(self) -> None:
        """Rescan the whole library, then complete the full-text index."""
        library = self.library
        if library is None or self._long is not None:
            return
        generation = self._generation
        if library.first_load_running():  # (the refresh waits for it: said, not silent)
            self.warn(
                WAITING_FOR_INDEX,
                self.tr(
                    "Another program is building this library's index; the list fills when it ends."
                ),
            )

        def work(report, cancelled):
            started_ns = time.time_ns()
            stats = library.refresh(
                lambda d, t, _path: report(d, t), cancelled, worker_start="forkserver"
            )
            taxonomy = library.taxonomy()
            root = library.root
            folders = [str(root), *(str(root / rel) for rel in library.article_folders())]
            return stats, taxonomy, sorted(folders), started_ns

        def done(result):
            if generation != self._generation:
                return
            stats, taxonomy, folders, started_ns = result
            self._folders = frozenset(folders)
            self._scanned_ns = started_ns
            self.warn(WAITING_FOR_INDEX, "")
            self.warn(NOT_INDEXED, "")
            self.warn(NOT_UPDATED, "")
            self.taxonomy_ready.emit(taxonomy)
            self.folders_ready.emit(folders)
            self.refreshed.emit(stats)
            self.build_fulltext()  # changes that came meanwhile: see _job_ended

        not_indexed = self._failed_with(NOT_INDEXED, generation)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.warn(WAITING_FOR_INDEX, "")
                self.progress.emit("index", 1, 1)  # (over: "Indexing 0%" stood for good)
            not_indexed(exc)

        self._long = self.run(
            work, done, failed, on_progress=lambda d, t: self.progress.emit("index", d, t)
        )

    def build_fulltext(self) -> None:
        library = self.library
        if library is None:
            return
        if self._fulltext is not None:
            self._fulltext_again = True
            return
        generation = self._generation

        def work(report, cancelled):
            return library.build_fulltext(
                lambda d, t, _item: report(d, t), cancelled, worker_start="forkserver"
            )

        def done(added):
            if generation == self._generation:
                self.warn(NOT_SEARCHABLE, "")
                self.progress.emit("fulltext", 1, 1)
                if added:
                    self.fulltext_added.emit(added)

        not_searchable = self._failed_with(NOT_SEARCHABLE, generation)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.progress.emit("fulltext", 1, 1)  # (over, if not done)
            not_searchable(exc)

        self._fulltext = self.run(
            work,
            done,
            failed,
            on_progress=lambda d, t: self.progress.emit("fulltext", d, t),
        )

    def update_paths(self, paths: list[str]) -> None:
        """Re-index changed files or folders (from the watcher).

        The paths join the dirty set; an update starts unless a refresh or
        an update is running, in which case the next one takes them when
        that job ends (see the module docstring)."""
        if self.library is None:
            return
        self._dirty.update(dict.fromkeys(paths))
        self._start_update()

    def _start_update(self) -> None:
        library = self.library
        if library is None or not self._dirty or self._long is not None:
            return
        if self._update is not None:
            return
        paths, self._dirty = list(self._dirty), {}
        generation = self._generation
        watched = self._folders
        since_ns = self._scanned_ns - _CLOCK_SLACK_NS

        def work():
            # stopped when the window closes or opens another library (not by
            # Cancel, which stops the indexing: the watcher's changes stay)
            stats = library.update_paths(paths, lambda: generation != self._generation)
            taxonomy = library.taxonomy()
            return stats, taxonomy, _new_folders(library, paths, watched, since_ns)

        def done(result):
            if generation != self._generation:
                return
            stats, taxonomy, new_folders = result
            if new_folders:
                self._folders = self._folders | set(new_folders)
                self.folders_ready.emit(sorted(self._folders))
            self.warn(NOT_UPDATED, "")
            self.taxonomy_ready.emit(taxonomy)
            self.refreshed.emit(stats)
            self.build_fulltext()  # cheap when nothing is pending

        self._update = self.run(work, done, self._failed_with(NOT_UPDATED, generation))

    def wait_for_writes(self) -> None:
        """Wait until the writes asked for so far (``ordered`` jobs) are done."""
        self.writes.waitForDone()

    def cancel_background(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def close(self) -> None:
        """Cancel and wait for the jobs, then close the library."""
        self._generation += 1
        self.cancel_background()
        for task, _pool in self._waiting:  # held, never started: they will not end
            self._jobs.discard(task)
            task.deleteLater()
        self._waiting = []
        self.pool.waitForDone()
        self.wait_for_writes()
        self._dirty.clear()
        self._long = self._update = self._fulltext = None
        self._folders = frozenset()
        self._fulltext_again = False
        self._warnings = {}  # (no one is told: the window is closing, or open() told it)
        self._names = {}
        if self.library is not None:
            self.library.close()
            self.library = None
