"""Saved searches in the window: a "Saved searches" group near the top of
the tree, one node per search with its live count (counted on a worker
whenever the library, the reading state or the searches change), "Save
Search…" from the search box's text, and renaming and deleting from the
node's context menu and the Edit menu.  Selecting a node lists its matches
(the node carries the matching paths, like the site groups); a query that
no longer parses shows its error instead of a list.

The searches are :class:`~reader.core.library.state.searches.SavedSearches`
(``.article-reader/searches/<device>.jsonl``); this module never writes a
file itself.

What stays wrong stays said in the status bar until it is not, among the
window's standing warnings (:meth:`reader.ui.session.LibrarySession.warn`):
searches that could not be loaded, read again or counted (until they are),
and damaged lines skipped in their logs (until another library opens)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from reader.core.library.state.searches import SavedSearch, SavedSearches
    from reader.ui.main_window import MainWindow
    from reader.ui.models import NavNode

__all__ = [
    "GROUP",
    "KIND",
    "NOT_COUNTED",
    "NOT_LOADED",
    "NOT_POLLED",
    "SKIPPED",
    "SavedEntry",
    "SavedSearchesController",
    "saved_group_node",
]

GROUP = "saved_searches"  # the group's node kind (and key)
KIND = "saved"  # a saved search's node kind; its key is ("saved", id)
POLL_MS = 3000
RECOUNT_DELAY_MS = 250

#: The saved searches' standing warnings (keys of the session's warnings):
#: not loaded (until the next open), another device's changes not read
#: (until a poll succeeds), not counted (until a count succeeds), damaged
#: lines skipped in the logs (until another library opens).
NOT_LOADED = "saved searches not loaded"
NOT_POLLED = "saved searches not read"
NOT_COUNTED = "saved searches not counted"
SKIPPED = "saved-search lines skipped"
THIS_COMPUTER_ONLY = "saved searches on this computer only"


@dataclass(frozen=True, slots=True)
class SavedEntry:
    """A saved search as the tree shows it: its matches (None: not counted
    yet) or the reason its query cannot run."""

    id: str
    name: str
    query: str
    paths: tuple[str, ...] | None = None
    error: str | None = None


def group_label() -> str:
    return QCoreApplication.translate("NavigationModel", "Saved searches")


def saved_group_node(entries: list[SavedEntry], root: NavNode, row: int) -> NavNode:
    """The "Saved searches" node with one child per entry."""
    from reader.ui.models import NavNode

    group = NavNode(GROUP, (GROUP,), group_label(), 0, root, row)
    group.groups = len(entries)
    group.children.extend(entry_nodes(entries, group))
    return group


def entry_nodes(entries: list[SavedEntry], group: NavNode) -> list[NavNode]:
    from reader.ui.models import NavNode

    nodes = []
    for row, entry in enumerate(entries):
        paths = entry.paths or ()
        node = NavNode(KIND, (KIND, entry.id), entry.name, len(paths), group, row)
        node.paths = paths
        nodes.append(node)
    return nodes


def saved_data(node: NavNode, column: int, role: int, entry: SavedEntry | None) -> Any:
    """What the tree shows for a saved-search node or the group, where it
    differs from other nodes (None: as for any node)."""
    translate = QCoreApplication.translate
    if node.kind == GROUP:
        if role == Qt.ItemDataRole.DisplayRole and column == 1:
            return ""
        if column == 0 and role in (
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            count = QLocale().toString(node.groups or 0)
            return (
                translate("NavigationModel", "%1: %2 saved")
                .replace("%1", node.label)
                .replace("%2", count)
            )
        return None
    if entry is None:
        return None
    if entry.error is not None:
        problem = translate("NavigationModel", "This query does not run: %1").replace(
            "%1", entry.error
        )
        if role == Qt.ItemDataRole.DisplayRole and column == 1:
            return "!"
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tip(entry.name, entry.query, problem)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.name}, {problem}"
        return None
    if entry.paths is None and role == Qt.ItemDataRole.DisplayRole and column == 1:
        return "…"
    if role == Qt.ItemDataRole.ToolTipRole and column == 0:
        count = QCoreApplication.translate(
            "NavigationModel", "%n article(s)", "", len(entry.paths or ())
        )
        return _tip(f"{entry.name}: {count}", entry.query)
    return None


def _tip(*lines: str) -> str:
    """A tooltip of plain lines (a name or query that looks like HTML stays text)."""
    return (
        "<p style='white-space: pre-wrap;'>" + "<br>".join(_html_escape(x) for x in lines) + "</p>"
    )


def count_searches(
    library: Any, searches: list[SavedSearch], states: Any = None
) -> list[SavedEntry]:
    """Each saved search's matching paths (on a worker): the query language
    over the library's index; a query that does not parse or cannot run
    gets its error instead, in the window's language (QCoreApplication's
    translate is thread-safe)."""
    from reader.core.library.querylang import QueryError, parse
    from reader.ui.query_feedback import query_error_text

    out = []
    for search in searches:
        try:
            expr = parse(search.query)
            paths = tuple(sorted(library.matching_paths(expr, states=states)))
        except QueryError as exc:
            exc.text = search.query
            error = query_error_text(exc)
            out.append(SavedEntry(search.id, search.name, search.query, None, error))
            continue
        out.append(SavedEntry(search.id, search.name, search.query, paths))
    return out


class SavedSearchesController(QObject):
    """Saved searches for ``window``; :attr:`searches` is None until a
    library's are loaded."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.searches: SavedSearches | None = None
        self._generation = 0
        self._polling = False
        self._recounting = False
        self._recount_again = False
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self._recount_timer = QTimer(self)
        self._recount_timer.setSingleShot(True)
        self._recount_timer.setInterval(RECOUNT_DELAY_MS)
        self._recount_timer.timeout.connect(self.recount)
        window.session.opened.connect(self._library_opened)
        window.session.refreshed.connect(lambda _stats: self.schedule_recount())
        window.reading.changed.connect(self.schedule_recount)
        window.tree.selectionModel().currentChanged.connect(self._node_changed)

    # -- menus ---------------------------------------------------------------------------

    def build_actions(self, menu: QMenu) -> None:
        w = self._window
        w.add_action(menu, self.tr("S&ave Search…"), self.save_search, "Ctrl+Shift+K", "saveSearch")
        w.add_action(
            menu,
            self.tr("Rename Save&d Search…"),
            self.rename_selected,
            "Ctrl+Alt+E",
            "renameSavedSearch",
        )
        w.add_action(
            menu,
            self.tr("De&lete Saved Search"),
            self.delete_selected,
            "Ctrl+Alt+Shift+K",
            "deleteSavedSearch",
        )

    def add_node_actions(self, menu: QMenu, node: NavNode) -> None:
        """Rename and Delete in the context menu of a saved search's node;
        Save Search… on the group's."""
        if node.kind == GROUP:
            menu.addAction(self.tr("Save Search…"), self.save_search)
            menu.addSeparator()
        elif node.kind == KIND:
            search_id = node.key[1]
            menu.addAction(self.tr("Rename Saved Search…"), lambda: self.rename(search_id))
            menu.addAction(self.tr("Delete Saved Search"), lambda: self.delete(search_id))
            menu.addSeparator()

    # -- loading and counting --------------------------------------------------------------

    def _library_opened(self, library: Any) -> None:
        self._generation += 1
        generation = self._generation
        self.poll_timer.stop()
        self._polling = self._recounting = self._recount_again = False
        self.searches = None
        self._window.nav_model.set_saved_searches([])  # the library left behind had its own

        def work() -> SavedSearches:
            from reader.core.library.root import find_library_root
            from reader.core.library.state.searches import SavedSearches

            return SavedSearches.open(find_library_root(library.root))

        def done(searches: SavedSearches) -> None:
            if generation != self._generation:
                return
            self.searches = searches
            self._report_warnings()
            self._show_names()
            self.poll_timer.start()
            self.recount()

        self._window.run(work, done, warning=(NOT_LOADED, self.tr("Saved searches not loaded")))

    def _report_warnings(self) -> None:
        """Lines of the logs skipped are said in full once, then stay among
        the standing warnings until another library opens; searches kept on
        this computer only (a link in the folder's place, a library that
        cannot be written) are said while they are, with why."""
        searches = self.searches
        if searches is None:
            return
        found = searches.warnings[:]  # (a worker may append meanwhile)
        del searches.warnings[: len(found)]
        skipped = [w for w in found if not searches.is_place_warning(w)]
        note = searches.location_note
        self._window.session.warn(
            THIS_COMPUTER_ONLY, note or "", self.tr("Saved searches kept on this computer only")
        )
        if skipped:
            text = self.tr("%n saved-search line(s) skipped, e.g. %1", "", len(skipped))
            text = text.replace("%1", skipped[0])
            self._window.session.warn(SKIPPED, text, self.tr("Saved-search lines skipped"))
            self._window.show_status(text, 10000)

    def poll(self) -> None:
        """Take in another device's changes (on a worker)."""
        searches = self.searches
        if searches is None or self._polling:
            return
        self._polling = True
        generation = self._generation

        def done(changed: bool) -> None:
            self._polling = False
            if generation != self._generation:
                return
            self._report_warnings()  # (a damaged line need not change a search)
            if changed:
                self._show_names()
                self.schedule_recount()

        def failed(_exc: BaseException) -> None:
            self._polling = False  # (a standing warning: said once, not every few seconds)

        self._window.run(
            searches.poll,
            done,
            failed,
            warning=(NOT_POLLED, self.tr("Saved searches of other devices not read")),
        )

    def _show_names(self) -> None:
        """The names at once (counts keep what they had until recounted)."""
        searches = self.searches
        if searches is None:
            return
        model = self._window.nav_model
        known = {entry.id: entry for entry in model.saved_entries()}
        entries = []
        for search in searches.searches():
            old = known.get(search.id)
            same = old is not None and old.query == search.query
            entries.append(
                SavedEntry(
                    search.id,
                    search.name,
                    search.query,
                    old.paths if same and old is not None else None,
                    old.error if same and old is not None else None,
                )
            )
        self._set_entries(entries)

    def schedule_recount(self) -> None:
        self._recount_timer.start()

    def recount(self) -> None:
        """Count every saved search on a worker (one count at a time)."""
        searches, library = self.searches, self._window.library
        if searches is None or library is None:
            return
        if self._recounting:
            self._recount_again = True
            return
        self._recounting = True
        self._recount_again = False
        generation = self._generation
        listed = searches.searches()
        state = self._window.reading.state
        states = state.query_states if state is not None else None

        def work() -> list[SavedEntry]:
            return count_searches(library, listed, states)

        def done(entries: list[SavedEntry]) -> None:
            ended()
            if generation == self._generation:
                self._set_entries(self._current(entries))

        def ended(_exc: BaseException | None = None) -> None:
            self._recounting = False
            if self._recount_again:
                self.schedule_recount()

        self._window.run(
            work, done, ended, warning=(NOT_COUNTED, self.tr("Saved searches not counted"))
        )

    def _current(self, counted: list[SavedEntry]) -> list[SavedEntry]:
        """The saved searches as they are now, with the counts of ``counted``
        where the query is still the one counted (a search renamed, added
        or deleted while counting shows as it is now; a changed query is
        counted again)."""
        searches = self.searches
        if searches is None:
            return counted
        by_id = {entry.id: entry for entry in counted}
        out = []
        for search in searches.searches():
            entry = by_id.get(search.id)
            if entry is None or entry.query != search.query:
                out.append(SavedEntry(search.id, search.name, search.query))
                self.schedule_recount()
            else:
                out.append(
                    SavedEntry(search.id, search.name, search.query, entry.paths, entry.error)
                )
        return out

    def _set_entries(self, entries: list[SavedEntry]) -> None:
        w = self._window
        key = w.node_key
        before = w.nav_model.saved_entry(key[1]) if key[0] == KIND else None
        counted_before = {entry.id: entry.paths for entry in w.nav_model.saved_entries()}
        w.nav_model.set_saved_searches(entries)
        if any(counted_before.get(entry.id) != entry.paths for entry in entries if entry.paths):
            w.reading.schedule_recount()  # (their unread counts, "(3)" as every group's)
        later = w.take_node_later()
        if later is not None and w.select_node(later):
            return  # (listed as it is selected)
        if key[0] == GROUP:
            # the group lists what the searches find: again once they are
            # counted, or one is added or deleted
            found = {path for entry in entries for path in entry.paths or ()}
            if found != {path for paths in counted_before.values() for path in paths or ()}:
                w.reload_list()
            return
        if key[0] != KIND:
            return
        after = w.nav_model.saved_entry(key[1])
        if after is None:  # deleted (here or on another device): back to All articles
            w.show_all_articles()
            return
        if w.node_key != key:
            # the searches were listed again in another order (one added or
            # renamed): the tree's current row went to the group, and with it
            # the list to every article.  Selected again, the list is its own
            # (the search in the box stays, within it).
            w.select_node(key)
            return
        renamed = before is not None and before.name != after.name
        if renamed:
            # the search box (and the count, "… in NAME") name the selected
            # search: they follow a rename, here or on another device
            w.list_pane.set_scope(after.name)
        # List again when the search changed or gained matches; an article
        # that stopped matching (read just now, for is:unread) stays listed
        # until the search is selected again, as in the Unread group.
        if (
            before is None
            or before.query != after.query
            or before.paths is None
            or not set(after.paths or ()) <= set(before.paths)
            or (renamed and w.list_pane.search is not None)  # "%n results in NAME"
        ):
            w.reload_list()
            self._show_error(after)

    # -- selecting -------------------------------------------------------------------------

    def _node_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        node = self._window.nav_model.node(current)
        if node.kind == KIND:
            self._show_error(self._window.nav_model.saved_entry(node.key[1]))

    def _show_error(self, entry: SavedEntry | None) -> None:
        text = self.error_text(entry)
        if text is None:
            return
        self._window.show_status(text, 15000)
        self._window.reader.show_message(text)

    def error_text(self, entry: SavedEntry | None) -> str | None:
        """Why the saved search ``entry`` lists nothing: its query does not
        run (None: it runs)."""
        if entry is None or entry.error is None:
            return None
        text = self.tr("The saved search “%1” does not run: %2")
        return text.replace("%1", entry.name).replace("%2", entry.error)

    def selected_problem(self) -> str | None:
        """:meth:`error_text` of the saved search selected in the tree."""
        search_id = self.selected_id()
        if search_id is None:
            return None
        return self.error_text(self._window.nav_model.saved_entry(search_id))

    def selected_id(self) -> str | None:
        key = self._window.node_key
        return key[1] if key[0] == KIND else None

    # -- changing --------------------------------------------------------------------------

    def save_search(self) -> str | None:
        """Save the search box's text under a name the user gives; returns
        the new search's id (None: nothing saved)."""
        from reader.ui.form import dialogs

        w = self._window
        text = w.list_pane.search_field.text().strip()
        if self.searches is None:
            w.show_status(self.tr("Open a library first."), 5000)
            return None
        if not text:
            dialogs.inform(
                w.dialog_parent,
                self.tr("Save Search"),
                self.tr("Type a search in the search box first, then save it."),
            )
            return None
        from reader.core.library.querylang import QueryError, parse
        from reader.ui.query_feedback import query_error_text

        try:
            parse(text)
        except QueryError as exc:
            exc.text = text
            dialogs.inform(
                w.dialog_parent,
                self.tr("Save Search"),
                self.tr("This search cannot be saved: %1").replace("%1", query_error_text(exc)),
                warning=True,
            )
            return None
        from reader.core.library.state.searches import MAX_NAME

        saved = self._named(
            self.tr("Save Search"),
            self.tr("Name of the saved search:"),
            text[:MAX_NAME].rstrip(),  # (a long search is cut, not refused at once)
            lambda searches, name: searches.add(name, text),
        )
        if saved is None:
            return None
        self._show_names()
        self.recount()
        # shown where it went (a collapsed group hid it: saved, and nothing seen)
        tree, model = w.tree, w.nav_model
        node = model.find((KIND, saved.id))
        if node.isValid():
            tree.expand(node.parent())
            tree.scrollTo(node)
        return saved.id

    def rename_selected(self) -> None:
        search_id = self.selected_id()
        if search_id is None:
            self._window.show_status(self.tr("Select a saved search in the tree first."), 5000)
            return
        self.rename(search_id)

    def delete_selected(self) -> None:
        search_id = self.selected_id()
        if search_id is None:
            self._window.show_status(self.tr("Select a saved search in the tree first."), 5000)
            return
        self.delete(search_id)

    def rename(self, search_id: str, name: str | None = None) -> bool:
        """Rename a saved search (``name`` None: ask for it)."""
        searches = self.searches
        search = searches.get(search_id) if searches is not None else None
        if search is None:
            return False
        if name is None:
            renamed = self._named(
                self.tr("Rename Saved Search"),
                self.tr("New name:"),
                search.name,
                lambda searches, new_name: searches.rename(search_id, new_name),
            )
        else:
            new_name = name
            renamed = self._change(lambda s: s.rename(search_id, new_name))
        if renamed is None:
            return False
        self._show_names()
        return True

    def delete(self, search_id: str, *, confirm: bool = True) -> bool:
        from reader.ui.form import dialogs

        searches = self.searches
        search = searches.get(search_id) if searches is not None else None
        if search is None:
            return False
        if confirm and not dialogs.confirm(  # No is the default: Enter deletes nothing
            self._window.dialog_parent,
            self.tr("Delete Saved Search"),
            self.tr("Delete the saved search “%1”? No article is changed.").replace(
                "%1", search.name
            ),
        ):
            return False
        if self._change(lambda s: s.delete(search_id)) is None:
            return False
        self._show_names()
        return True

    def _name_problem(self, exc: Any) -> str:
        """A translated message for a refused name (``SearchNameError``)."""
        texts = {
            "empty": self.tr("A saved search needs a name."),
            "long": self.tr("The name is too long."),
            "control": self.tr("The name cannot hold control or invisible characters."),
            "taken": self.tr("A saved search called “%1” exists already.").replace("%1", exc.name),
            "query-long": self.tr("The search is too long to be saved."),
            "text": self.tr("The name holds characters that are not text."),
            "query-text": self.tr("The search holds characters that are not text."),
        }
        return texts.get(exc.reason, str(exc))

    def _named(self, title: str, label: str, text: str, change: Any) -> Any:
        """Ask for a name (``text`` first) and ``change(searches, name)``
        with it; a name refused (taken, too long…) is said, then asked for
        again as typed, to be corrected rather than typed anew.  None:
        cancelled, or the searches could not be written."""
        while True:
            name = self._ask_name(title, label, text)
            if name is None:
                return None
            result, refused = self._try_change(lambda searches, n=name: change(searches, n))
            if not refused:
                return result
            text = name

    def _ask_name(self, title: str, label: str, text: str) -> str | None:
        """The name typed (as wide a field as a file name's, OK only with a
        name), None when cancelled."""
        from reader.ui.form.dialogs import ask_text

        return ask_text(self._window.dialog_parent, title, label, text)

    def _change(self, change: Any) -> Any:
        """Run ``change(searches)``; a refused name or an unwritable log is
        shown, and gives None."""
        return self._try_change(change)[0]

    def _try_change(self, change: Any) -> tuple[Any, bool]:
        """Run ``change(searches)``: (what it gave, else None; whether it
        refused the name).  A refused name or an unwritable log is shown."""
        from reader.core.library.state.searches import SearchGoneError, SearchNameError
        from reader.ui.form import dialogs

        searches = self.searches
        if searches is None:
            return None, False
        refused = False
        try:
            return change(searches) or True, False
        except SearchNameError as exc:
            message = self._name_problem(exc)
            refused = exc.reason not in ("query-long", "query-text")  # (the name is not why)
        except SearchGoneError:
            message = self.tr(
                "This saved search is not there any more: it was deleted meanwhile, "
                "in another window or on another device."
            )
        except OSError as exc:
            message = self.tr("The saved searches cannot be written: %1").replace(
                "%1", f"{searches.log_path}: {exc.strerror or exc}"
            )
        dialogs.inform(self._window.dialog_parent, self.tr("Saved Searches"), message, warning=True)
        return None, refused


def _html_escape(text: str) -> str:
    import html  # with the first tooltip, not at start-up

    return html.escape(text)
