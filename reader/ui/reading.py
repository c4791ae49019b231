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

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from reader.core.library.state import ReadingState
    from reader.ui.main_window import MainWindow

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
            self.tr("S&tar or Unstar"),
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
            self.tr("Undo Mark All as Read"),
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
        if self.state is not None:
            self.state.save_snapshot()  # the library left behind
        self.state = None
        self._where_why = ""
        self._set_views(None)

        def work():
            from reader.core.library.root import find_library_root
            from reader.core.library.state import ReadingState

            # kept at the library root (a site's root, or the folder opened),
            # paths relative to the folder opened, as the list has them
            state = ReadingState.open(find_library_root(library.root), library=library.root)
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

        def work():
            from reader.core.library.state.counts import unread_counts_of_library

            return unread_counts_of_library(
                library.taxonomy(),
                library.summaries_for,
                state.paths_with("read", True),
                state.paths_with("starred", True),
                state.paths_with("later", ...),
            )

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
    ):
        """Run ``work`` on the state on a worker; then refresh the views
        (``quiet``: nothing they show changed, e.g. the time last opened)."""
        state = self.state
        if state is None:
            return

        generation = self._generation

        def done(result) -> None:
            if generation == self._generation:
                self._session.warn(NOT_SAVED, "")  # saved: what failed before is no more
                self._report_warnings()  # (a library found unwritable: kept here from now on)
            if not quiet:
                self._changed()
            if after is not None:
                after(result)

        self._window.run(lambda: work(state), done, self._not_saved(generation))

    def _not_saved(self, generation: int) -> Callable[[BaseException], None]:
        """The error handler of a mark: said in full once, and among the
        standing warnings until a later save succeeds (the marks are not
        kept: the state shows them as they were)."""

        def failed(exc: BaseException) -> None:
            why = str(exc) or type(exc).__name__
            if generation == self._generation:
                self._session.warn(NOT_SAVED, why, self.tr("Reading state not saved"))
                self._report_warnings()
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
        """Mark ``paths`` read (a function giving them: called on the worker)."""
        count = len(paths) if isinstance(paths, list) else count
        if not count:
            return
        description = self.tr("mark %n article(s) as read", "", count)

        def after(record) -> None:
            self._window.show_status(
                self.tr("Marked %n article(s) as read", "", record.count), 5000
            )

        self._mark(
            lambda state: state.mark_all_read(
                paths if isinstance(paths, list) else paths(), description
            ),
            after,
        )

    def mark_group_read(self, key: tuple) -> None:
        """Mark every article of the tree's group ``key`` read."""
        w = self._window
        library, state = w.library, self.state
        index = w.nav_model.find(key)
        if library is None or state is None or not index.isValid():
            return
        wanted = w.nav_model.node(index).filter()

        def work():
            from reader.core.library.query import Query

            query = Query(**wanted)
            if key[0] in READING_GROUPS:
                return state_listing(state, library, query, key[0]).paths()
            return library.listing(query).paths()

        # the group's paths not found: its marks are not saved, as when a write fails
        w.run(work, self._mark_all, self._not_saved(self._generation))

    def undo_mark_all(self) -> None:
        def after(record) -> None:
            if record is not None:
                # the count of what was changed back: the description was
                # written before the mark knew how many were unread
                self._window.show_status(
                    self.tr("Undid marking %n article(s) as read", "", record.count), 5000
                )

        self._mark(lambda state: state.undo_mark_all(), after)

    def _update_undo(self) -> None:
        if self.undo_action is not None:
            state = self.state
            self.undo_action.setEnabled(state is not None and state.last_mark_all() is not None)

    def next_unread(self) -> None:
        """Go to the next unread article in the list (from the top after the end)."""
        w = self._window
        state = self.state
        model = w.list_model
        count = model.rowCount()
        if state is None or not count:
            return
        read = state.paths_with("read", True)
        current = model.row_of(w.current_article() or "")
        # row by row from the current one (a page of the list at a time), not
        # every path of a list that may hold a million
        order = itertools.chain(range(current + 1, count), range(0, max(current, 0) + 1))
        for row in order:
            path = model.path_at(row)
            if path is not None and path not in read and row != current:
                w.list_pane.make_current(path)
                w.open_current()
                return
        w.show_status(self.tr("No unread articles here."), 3000)

    # -- reading ---------------------------------------------------------------------------

    def position(self, rel: str) -> float | None:
        """Where ``rel`` was left off (None: unknown yet)."""
        state = self.state
        if state is None:
            return None
        return state.get(rel).progress

    def save_position(self, rel: str, fraction: float) -> bool:
        """Remember where ``rel`` was left off; False when there is no state yet."""
        state = self.state
        if state is None:
            return False
        try:
            state.set_progress(rel, fraction)
        except OSError:
            return False
        return True

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
