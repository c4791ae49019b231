"""The reader's memory in the window: read, starred, read-later, progress.

:class:`ReadingController` opens the library's
:class:`~reader.core.library.state.ReadingState` beside it, shows it (bold
unread rows and a star in the list, unread counts in the tree, the Unread,
Starred and Read later groups), marks an article read after it has been open
a few seconds or scrolled to its end (Preferences), and offers the toggles
(m, s, l), "Mark All as Read" with undo and "Next Unread" (n).  Another
device's log appearing in the library is picked up by a poll every few
seconds (a listing and a stat per log when nothing changed).

Writes of state go to the state's own log through the core; this module
never writes a file itself.

What stays wrong stays said in the status bar until it is not, among the
window's standing warnings (:meth:`reader.ui.session.LibrarySession.warn`):
marks that could not be saved (until a save succeeds), a state that could
not be loaded, read or counted (until it is), damaged lines skipped in the
logs, and a state kept on this computer only.  A failure is also said in
full once, in a timed message.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from reader.ui.problem_text import failure_text

if TYPE_CHECKING:
    from reader.core.article.storage import LockTimeoutError
    from reader.core.library.state import MarkAll, ReadingState
    from reader.ui.main_window import MainWindow
    from reader.ui.tasks import Task

__all__ = [
    "NOT_COUNTED",
    "NOT_FOLLOWED",
    "NOT_LOADED",
    "NOT_POLLED",
    "NOT_SAVED",
    "READING_GROUPS",
    "SKIPPED",
    "THIS_COMPUTER_ONLY",
    "ReadingController",
    "state_listing",
]

READING_GROUPS = ("unread", "starred", "later")
POLL_MS = 3000
RECOUNT_DELAY_MS = 250

#: The reading state's standing warnings (keys of the session's warnings):
#: marks not saved (until a save succeeds), the state not loaded (until the
#: next open), other devices' changes not read (until a poll succeeds),
#: renamed articles' state not followed (until a refresh's check succeeds),
#: unread counts not made (until a count succeeds), damaged lines skipped in
#: the logs (until another library opens), and a state kept on this
#: computer only (while it is).
NOT_SAVED = "reading state not saved"
NOT_LOADED = "reading state not loaded"
NOT_POLLED = "reading state not read"
NOT_FOLLOWED = "reading state not followed"
NOT_COUNTED = "unread counts not made"
SKIPPED = "reading state lines skipped"
THIS_COMPUTER_ONLY = "reading state on this computer only"


def state_listing(state: ReadingState | None, library, query, kind: str):
    """The listing of ``query`` cut down to a reading group (read later in
    queue order), read on a worker: only the ids are kept.  The group's
    paths go to SQL with the query (one JSON parameter), so that no path of
    the other articles comes into Python."""
    from dataclasses import replace

    if state is None:
        return library.listing_of_paths([])
    if kind == "unread":
        read = state.paths_with("read", True)
        if query.exclude_paths:
            read = read | frozenset(query.exclude_paths)
        return library.listing(replace(query, exclude_paths=list(read)))
    if kind == "starred":
        starred = state.paths_with("starred", True)
        if query.paths is not None:
            starred = starred & frozenset(query.paths)
        return library.listing(replace(query, paths=list(starred)))
    return library.listing_of_paths(state.later_queue(), query)


class ReadingController(QObject):
    """Reading state for ``window``; ``state`` is None until a library's is loaded."""

    changed = Signal()  # the state changed (a mark here, or another device's)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.state: ReadingState | None = None
        self._generation = 0
        self._recount_generation = 0
        self._shown: str | None = None
        self._polling = False
        self._recounting = False
        self._recount_again = False
        self._marking_all = 0  # mark-alls under way (an undo waits for them)
        self._undoing = False  # an undo of a mark-all is under way
        self._last_mark_all: MarkAll | None = None  # what the undo would undo, as last read
        self._seeking = False  # Next Unread is looking past the rows fetched
        # rel → (the number of the ask, where it was left off): asked to be
        # saved and not known saved yet, or not saved (then in the settings).
        # The writes are on a worker, in order: reopened meanwhile, it is
        # shown there.
        self._positions: dict[str, tuple[int, float]] = {}
        self._asks = 0
        # Written by the writes' thread only: positions it could not save
        # (rel → (number, position)), read once it is done (see finish_writes),
        # and when and why a write last found the state's log held too long.
        self._unsaved: dict[str, tuple[int, float]] = {}
        self._refused: tuple[float, LockTimeoutError] | None = None
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.read_timer = QTimer(self)
        self.read_timer.setSingleShot(True)
        self.read_timer.timeout.connect(self._read_long_enough)
        self._recount_timer = QTimer(self)
        self._recount_timer.setSingleShot(True)
        self._recount_timer.setInterval(RECOUNT_DELAY_MS)
        self._recount_timer.timeout.connect(self.recount)
        self._session = window.session
        self._where_why = ""  # why the state is kept on this computer only, when said
        window.session.opened.connect(self._library_opened)
        window.session.refreshed.connect(self._refreshed)
        window.article_shown.connect(self._article_shown)
        bar = window.reader.browser.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        self.undo_action: QAction | None = None

    # -- menus ---------------------------------------------------------------------------

    def build_actions(self, article_menu: QMenu, edit_menu: QMenu) -> None:
        w = self._window
        article_menu.addSeparator()
        w.add_action(article_menu, self.tr("Next &Unread"), self.next_unread, "N", "nextUnread")
        w.add_action(
            article_menu,
            self.tr("Mark as &Read or Unread"),
            lambda: self.toggle("read"),
            "M",
            "toggleRead",
        )
        w.add_action(
            article_menu,
            self.tr("&Star or Unstar"),
            lambda: self.toggle("starred"),
            "S",
            "toggleStar",
        )
        w.add_action(
            article_menu,
            self.tr("Rea&d Later or Not"),
            lambda: self.toggle("later"),
            "L",
            "toggleLater",
        )
        w.add_action(
            article_menu,
            self.tr("Mark &All as Read"),
            self.mark_all_read,
            "Shift+M",
            "markAllRead",
        )
        self.undo_action = w.add_action(
            edit_menu,
            self.tr("Undo Mar&k All as Read"),
            self.undo_mark_all,
            "Ctrl+Alt+U",
            "undoMarkAllRead",
        )
        self.undo_action.setEnabled(False)

    def add_group_actions(self, menu: QMenu, key: tuple) -> None:
        """ "Mark All as Read" for the group ``key`` in the tree's context menu."""
        if menu.actions():
            menu.addSeparator()
        menu.addAction(self.tr("Mark All as Read"), lambda: self.mark_group_read(key))
        if self.undo_action is not None:
            menu.addAction(self.undo_action)

    # -- loading -------------------------------------------------------------------------

    def _library_opened(self, library) -> None:
        self._generation += 1
        generation = self._generation
        self.poll_timer.stop()
        self.read_timer.stop()
        self._shown = None
        # jobs of the library left behind may never report back
        self._polling = self._recounting = self._recount_again = False
        self._marking_all, self._undoing, self._seeking = 0, False, False
        self._positions, self._unsaved = {}, {}  # (those of the library left behind)
        if self.state is not None:
            self.state.save_snapshot()  # the library left behind
        self.state = None
        self._where_why = ""
        self._set_views(None)
        self._update_undo()  # (nothing to undo until its state is loaded)

        def work():
            from reader.core.library.root import find_library_root
            from reader.core.library.state import ReadingState

            # kept at the library root (a site's root, or the folder opened),
            # paths relative to the folder opened, as the list has them
            state = ReadingState.open(
                find_library_root(library.root), library=library.root, cache_dir=library.cache_root
            )
            state.compact_if_large()  # this device's own log only
            return state

        def done(state: ReadingState) -> None:
            if generation != self._generation:
                return
            self.state = state
            library.attach_observer(state)
            from reader.core.library.state import DeviceEdits

            self._window.vcs.edit_log = DeviceEdits(state)  # what Commit pre-ticks
            # the query language's is:unread, is:starred, is:later
            self._window.list_pane.states = state.query_states
            self._window.query_feedback.states = state.query_states
            self._set_views(state)
            self._report_warnings()
            self._update_undo()
            self.poll_timer.start()
            self.changed.emit()
            self.schedule_recount()
            self._window.reload_list_if_reading_group()

        self._window.run(work, done, warning=(NOT_LOADED, self.tr("Reading state not loaded")))

    def _refreshed(self, _stats) -> None:
        """After a refresh: find articles renamed outside the app (their
        state follows them) and count again."""
        state, library = self.state, self._window.library
        if state is None or library is None:
            return
        generation = self._generation

        def work():
            return state.resolve_moves(library)

        def done(moves) -> None:
            if generation == self._generation and moves:
                self._changed()

        self._window.run(
            work,
            done,
            warning=(NOT_FOLLOWED, self.tr("Reading state of renamed articles not followed")),
        )
        self.schedule_recount()

    def _set_views(self, state: ReadingState | None) -> None:
        w = self._window
        w.list_model.set_reading(state)
        if state is None:
            w.nav_model.set_unread_counts({})

    def _report_warnings(self) -> None:
        """Lines of the logs skipped (damaged, dated ahead…) are said in
        full once, then stay among the standing warnings until another
        library opens (a log read once is not read again); a state kept on
        this computer only (the library found unwritable, a link in its
        place) is said while it is, with why."""
        state = self.state
        if state is None:
            return
        found = state.warnings[:]  # (a worker may append meanwhile)
        del state.warnings[: len(found)]
        from reader.core.common.links import LINKED_FOLDER

        skipped = []
        # about the folder or this computer's log in it, not a line: said
        # with where the state is kept
        own_log = state.shared_folder / f"{state.device}.jsonl"
        about_place = (f"{state.shared_folder}: ", f"{own_log}: ")
        for warning in found:
            if warning.startswith(about_place) or warning.endswith(f": {LINKED_FOLDER}"):
                self._where_why = warning
            else:
                skipped.append(warning)
        note = state.location_note
        if note is not None and self._where_why:
            note = f"{note} ({self._where_why})"
        self._session.warn(
            THIS_COMPUTER_ONLY, note or "", self.tr("Reading state kept on this computer only")
        )
        if skipped:
            text = self.tr("%n reading-state line(s) skipped, e.g. %1", "", len(skipped))
            text = text.replace("%1", skipped[0])
            self._session.warn(SKIPPED, text, self.tr("Reading-state lines skipped"))
            self._window.show_status(text, 10000)

    def close(self) -> None:
        self.poll_timer.stop()
        self.read_timer.stop()
        self.finish_writes()  # (the snapshot holds them)
        if self.state is not None:
            self.state.save_snapshot()

    # -- keeping the views true ----------------------------------------------------------------

    def poll(self) -> None:
        """Take in what other devices (or processes) appended (on a worker:
        a new log may be long)."""
        state = self.state
        if state is None or self._polling:
            return
        self._polling = True
        generation = self._generation

        def done(changed) -> None:
            self._polling = False
            if generation != self._generation:
                return
            if changed:
                # a position this window could not save, since changed by
                # another device: the state's newer one is shown
                for rel in changed & self._positions.keys() & dict(self._unsaved).keys():
                    del self._positions[rel]
                self._changed()
            self._report_warnings()

        def failed(_exc) -> None:
            self._polling = False  # (a standing warning: said once, not every few seconds)

        self._window.run(
            state.poll,
            done,
            failed,
            warning=(NOT_POLLED, self.tr("Reading state of other devices not read")),
        )

    def _changed(self) -> None:
        self._window.list_model.reading_changed()
        self.schedule_recount()
        self._update_undo()
        self.changed.emit()

    def schedule_recount(self) -> None:
        self._recount_timer.start()

    def recount(self) -> None:
        """Count unread articles per group, on a worker (one count at a
        time: a change meanwhile counts again when it ends)."""
        state, library = self.state, self._window.library
        if state is None or library is None:
            return
        if self._recounting:
            self._recount_again = True
            return
        self._recounting = True
        self._recount_again = False
        self._recount_generation += 1
        generation = self._recount_generation
        # the saved searches' articles, as last counted (their unread counts too)
        saved = [(entry.id, entry.paths) for entry in self._window.nav_model.saved_entries()]

        def work():
            from reader.core.library.state.counts import unread_counts_of_library
            from reader.ui.saved_searches import KIND

            read = state.paths_with("read", True)
            counts, sizes = unread_counts_of_library(
                library.taxonomy(),
                library.summaries_for,
                read,
                state.paths_with("starred", True),
                state.paths_with("later", ...),
            )
            for search_id, paths in saved:
                unread = sum(1 for path in paths or () if path not in read)
                if unread:
                    counts[(KIND, search_id)] = unread
            return counts, sizes

        def done(result) -> None:
            ended()
            if generation == self._recount_generation and self.state is state:
                self._window.nav_model.set_unread_counts(*result)

        def ended(_exc=None) -> None:
            self._recounting = False
            if self._recount_again:
                self.schedule_recount()

        self._window.run(
            work, done, ended, warning=(NOT_COUNTED, self.tr("Unread counts not up to date"))
        )

    # -- changing ------------------------------------------------------------------------------

    def _mark(
        self,
        work: Callable[[ReadingState], Any],
        after: Callable[[Any], None] | None = None,
        *,
        quiet: bool = False,
    ) -> Task | None:
        """Run ``work`` on the state on a worker; then, if the library is
        still the one shown, refresh the views (``quiet``: nothing they show
        changed, e.g. the time last opened) and call ``after`` with its
        result.  The job (None: no state to change)."""
        state = self.state
        if state is None:
            return None

        generation, library = self._generation, self._window.library

        def done(result) -> None:
            if not self._still_shown(generation, library):
                return  # another library is shown, or opening: nothing here is about it
            self._session.warn(NOT_SAVED, "")  # saved: what failed before is no more
            self._report_warnings()  # (a library found unwritable: kept here from now on)
            if not quiet:
                self._changed()
            if after is not None:
                after(result)

        return self._window.run(
            self._ordered(lambda: work(state)), done, self._not_saved(generation), ordered=True
        )

    def _ordered(self, work: Callable[[], Any]) -> Callable[[], Any]:
        """``work`` as a job of the writes' thread (one at a time, in the
        order asked).  Should a write find the state's log held by another
        program for too long, the writes asked before that was known fail at
        once with the same error instead of waiting as long again each (the
        window's closing waits for them); those asked after try again."""
        asked = time.monotonic()

        def job() -> Any:
            from reader.core.article.storage import LockTimeoutError

            refused = self._refused
            if refused is not None and asked < refused[0]:
                # (a new error each time: one raised again and again kept
                # every job's frames, and what they held, in its traceback)
                raise LockTimeoutError(refused[1].message, refused[1].path)
            try:
                return work()
            except LockTimeoutError as exc:
                state = self.state
                # the log itself (not the undo record's lock, say: then the
                # log is free, and the writes queued try it)
                if state is not None and exc.path == os.fspath(state.log_path):
                    # (a copy: the one raised holds this job's frames)
                    self._refused = (time.monotonic(), LockTimeoutError(exc.message, exc.path))
                raise

        return job

    def _still_shown(self, generation: int, library) -> bool:
        """Whether the library of ``generation`` (``library``) is the one
        shown: not when another has opened since, nor while one opens (the
        window shows its name and empty panes, the state is the old one's)."""
        return generation == self._generation and self._window.library is library

    def _not_saved(self, generation: int) -> Callable[[BaseException], None]:
        """The error handler of a mark: said in full once, and among the
        standing warnings until a later save succeeds (the marks are not
        kept: the state shows them as they were)."""

        def failed(exc: BaseException) -> None:
            why = failure_text(exc)
            if generation == self._generation:
                self._session.warn(NOT_SAVED, why, self.tr("Reading state not saved"))
                self._report_warnings()
                # (the library's folder moved away: said at once, whether or
                # not the file watcher has told of it yet)
                self._window.check_library_folder()
            self._window.show_status(
                self.tr("The reading state could not be saved: %1").replace("%1", why), 10000
            )

        return failed

    def selected_paths(self) -> list[str]:
        """The selected rows' articles, else the article shown."""
        w = self._window
        rows = sorted({index.row() for index in w.list_view.selectionModel().selectedRows()})
        paths = [p for p in (w.list_model.path_at(r) for r in rows) if p]
        if not paths and w.reader.current:
            paths = [w.reader.current]
        return paths

    def toggle(self, field: str, paths: Sequence[str] | None = None) -> None:
        """Flip ``field`` (read, starred, later) for the selection."""
        paths = list(paths) if paths is not None else self.selected_paths()
        if not paths:
            return
        if field == "read":
            self.read_timer.stop()  # marked by hand: the timer must not undo it
        self._mark(lambda state: state.toggle(paths, field))

    def mark_all_read(self) -> None:
        """Mark the selection read when several rows are selected, else the
        whole list (the selected group or search)."""
        paths = self.selected_paths()
        if len(paths) <= 1:
            w = self._window
            if w.library is None:
                return
            # the list's paths are read on the worker (a million take seconds),
            # a search's all, not only the pages fetched as the list scrolled
            pane = w.list_pane
            self._mark_all(pane.listed_paths_job(w.library), pane.listed_count())
            return
        self._mark_all(paths)

    def _mark_all(self, paths: list[str] | Callable[[], list[str]], count: int = -1) -> None:
        """Mark ``paths`` read (a function giving them: called on the worker).
        What it marked is said only while its library is shown; the undo
        waits for it (it would undo the mark-all before)."""
        count = len(paths) if isinstance(paths, list) else count
        if not count:
            return

        def after(record) -> None:
            self._window.show_status(
                self.tr("Marked %n article(s) as read", "", record.count), 5000
            )

        task = self._mark(
            # (described by the core, which counts what it marks: the command
            # line's undo says it; written here, it counted the list, in the
            # window's language)
            lambda state: state.mark_all_read(paths if isinstance(paths, list) else paths()),
            after,
        )
        if task is not None:
            self._mark_all_started(task)

    def _mark_all_started(self, task: Task) -> None:
        """A mark-all (or the gathering of its paths) runs as ``task``: no
        undo until it has ended."""
        self._marking_all += 1
        self._offer_undo()
        generation = self._generation

        def ended() -> None:
            if generation == self._generation:
                self._marking_all = max(self._marking_all - 1, 0)
                self._offer_undo()

        task.ended.connect(ended)

    def group_paths(self, key: tuple) -> Callable[[], list[str]] | None:
        """The articles of the tree's group ``key``, found by the function
        returned (for a worker); None when it is not in the tree.  A reading
        group (Unread…) asks the reading state, and a group of paths (changed
        since the last commit, sync conflicts) lists its own: their nodes'
        filter is everything, and "Mark All as Read" of the changed articles
        marked the whole library, their export exported it."""
        w = self._window
        library, state = w.library, self.state
        index = w.nav_model.find(key)
        if library is None or not index.isValid():
            return None
        wanted = w.nav_model.filter_for(index)

        def work() -> list[str]:
            from reader.core.library.query import Query

            query = Query(**wanted)
            if key[0] in READING_GROUPS:
                return state_listing(state, library, query, key[0]).paths()
            return library.listing(query).paths()

        return work

    def mark_group_read(self, key: tuple) -> None:
        """Mark every article of the tree's group ``key`` read."""
        w = self._window
        library, state = w.library, self.state
        index = w.nav_model.find(key)
        if library is None or state is None or not index.isValid():
            return
        work = self.group_paths(key)
        if work is None:
            return

        generation = self._generation

        def done(paths: list[str]) -> None:
            if self._still_shown(generation, library):  # (not another library's state)
                self._mark_all(paths)

        # the group's paths not found: its marks are not saved, as when a write fails
        self._mark_all_started(w.run(work, done, self._not_saved(generation)))

    def undo_mark_all(self) -> None:
        """Undo the last mark-all; ignored while one is being undone or a
        mark-all is under way (a second press undid two)."""
        if self._undoing or self._marking_all:
            return

        def after(record) -> None:
            if record is not None:
                # the count of what was changed back: the description was
                # written before the mark knew how many were unread
                self._window.show_status(
                    self.tr("Undid marking %n article(s) as read", "", record.count), 5000
                )

        task = self._mark(lambda state: state.undo_mark_all(), after)
        if task is None:
            return
        self._undoing = True
        self._offer_undo()
        generation = self._generation

        def ended() -> None:
            if generation == self._generation:
                self._undoing = False
                self._offer_undo()  # (done read which mark-all is next to undo)

        task.ended.connect(ended)

    def _update_undo(self) -> None:
        """Read again which mark-all there is to undo, and offer it."""
        state = self.state
        self._last_mark_all = state.last_mark_all() if state is not None else None
        self._offer_undo()

    def _offer_undo(self) -> None:
        """The undo offered when there is a mark-all to undo and none is
        under way, named by how many articles that mark-all marked."""
        action = self.undo_action
        if action is None:
            return
        record = self._last_mark_all
        action.setEnabled(record is not None and not self._undoing and not self._marking_all)
        action.setText(self._undo_text(record))

    def _undo_text(self, record: MarkAll | None) -> str:
        if record is None or not record.count:
            return self.tr("Undo Mar&k All as Read")
        return self.tr("Undo Mar&king %n Article(s) as Read", "", record.count)

    def next_unread(self, *, again: bool = True) -> None:
        """Go to the next unread article in the list (from the top after the
        end).  Past the rows of a search fetched so far, its other matches
        are looked through on a worker, and fetched up to the first unread
        one (a search lists its matches a page at a time as it scrolls).
        Should the list be filled again meanwhile (a change on disk), it
        looks once more in the new list (``again``): the key press did
        nothing before."""
        w = self._window
        state = self.state
        model = w.list_model
        if state is None or not model.rowCount() or self._seeking:
            return  # (the one pressed before is still looking)
        read = state.paths_with("read", True)
        current = model.row_of(w.current_article() or "")
        if self._open_unread(range(current + 1, model.rowCount()), read):
            return
        pane, library = w.list_pane, w.library
        job = pane.further_job(library, lambda path: path not in read) if library else None
        if job is None:
            self._open_unread_from_top(read)
            return
        self._seeking = True
        generation = self._generation
        refilled: list[bool] = []

        def done(result) -> None:
            if task.is_cancelled() or not self._still_shown(generation, library):
                return  # cancelled, or another library: nothing of this one to go to
            if result is not None and not pane.add_more(result):
                refilled.append(True)  # the list was filled again meanwhile
                return
            now = state.paths_with("read", True)
            start = model.row_of(w.current_article() or "") + 1
            if not self._open_unread(range(start, model.rowCount()), now):
                self._open_unread_from_top(now)

        def ended() -> None:
            if generation == self._generation:
                self._seeking = False
                if refilled and again:  # (once: looked for in the new list)
                    QTimer.singleShot(0, lambda: self.next_unread(again=False))

        task = w.run(job, done, progress=True)  # (cancel is looked at between pages)
        task.ended.connect(ended)

    def _open_unread(self, rows: Iterable[int], read: frozenset[str]) -> bool:
        """Open the first article of ``rows`` of the list that is not
        ``read``; False when there is none.  Row by row (a page of the list
        at a time), not every path of a list that may hold a million."""
        w = self._window
        model, current = w.list_model, w.current_article()
        for row in rows:
            path = model.path_at(row)
            if path is not None and path not in read and path != current:
                w.list_pane.make_current(path)
                w.open_current()
                return True
        return False

    def _open_unread_from_top(self, read: frozenset[str]) -> None:
        """The list's first unread article up to the current one, else say
        there is none."""
        w = self._window
        current = w.list_model.row_of(w.current_article() or "")
        if not self._open_unread(range(0, max(current, 0) + 1), read):
            w.show_status(self.tr("No unread articles here."), 3000)

    # -- reading ---------------------------------------------------------------------------

    def position(self, rel: str) -> float | None:
        """Where ``rel`` was left off (None: unknown yet)."""
        state = self.state
        if state is None:
            return None
        if rel in self._positions:
            return self._positions[rel][1]
        return state.get(rel).progress

    def save_position(self, rel: str, fraction: float) -> bool:
        """Remember where ``rel`` was left off; False when there is no state
        yet.  Written on a worker, after the marks asked before (a write
        waits for the disk: on the window's thread, switching articles
        stalled).  Should it fail (its log's lock held too long, the disk
        full), the window's settings keep it instead, said nowhere."""
        state, library = self.state, self._window.library
        if state is None or library is None:
            return False
        fraction = round(min(max(fraction, 0.0), 1.0), 4)
        self._asks += 1
        ask = (self._asks, fraction)
        self._positions[rel] = ask
        generation, root = self._generation, str(library.root)
        positions, unsaved = self._positions, self._unsaved
        progress = self._ordered(lambda: state.set_progress(rel, fraction))

        def write() -> None:
            if positions.get(rel, ask)[0] > ask[0]:
                return  # asked again since: that later one is written
            try:
                progress()
            except BaseException:
                unsaved[rel] = ask
                raise
            if unsaved.get(rel, ask)[0] <= ask[0]:
                unsaved.pop(rel, None)  # (one not saved before: this one is)

        def written(_result=None) -> None:
            if generation == self._generation and positions.get(rel) == ask:
                del positions[rel]

        def failed(_exc: BaseException) -> None:
            # kept in the settings, and shown from here (the state has the old one)
            self._window.settings.set_reading_position(root, rel, fraction)

        self._window.run(write, written, failed, ordered=True)
        return True

    def finish_writes(self) -> None:
        """Wait for the writes asked so far; the positions among them that
        could not be saved in the state are kept in the window's settings
        (their own handlers run only once the event loop turns again: the
        window may be closing)."""
        self._session.wait_for_writes()
        library = self._window.library
        if library is None:
            return
        root = str(library.root)
        for rel, (_ask, fraction) in list(self._unsaved.items()):
            self._window.settings.set_reading_position(root, rel, fraction)

    def _article_shown(self, rel: str) -> None:
        state = self.state
        if rel == self._shown:
            return
        self._shown = rel
        self.read_timer.stop()
        if state is None:
            return
        self._mark(lambda s: s.mark_opened(rel), quiet=True)
        if state.is_read(rel):
            return
        seconds = self._window.settings.get("mark_read_after")
        if seconds > 0:
            self.read_timer.start(seconds * 1000)

    def _read_long_enough(self) -> None:
        self._mark_shown_read()

    def _scrolled(self, value: int) -> None:
        bar = self._window.reader.browser.verticalScrollBar()
        if (
            self._shown
            and bar.maximum() > 0
            and value >= bar.maximum()
            and self._window.settings.get("mark_read_at_end")
        ):
            self._mark_shown_read()

    def _mark_shown_read(self) -> None:
        rel, state = self._shown, self.state
        if rel is None or state is None or rel != self._window.reader.current:
            return
        self.read_timer.stop()
        if not state.is_read(rel):
            self._mark(lambda s: s.mark([rel], "read", True))
