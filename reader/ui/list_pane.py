"""The article list pane: the search box above the list of articles.

It owns the list view, its model and their wiring (sorting, the delayed open
of the row selected, the delayed search, the next page of search results as
the list scrolls, the columns fitted to the width); which rows to list, and
what to show, the window decides (:class:`~reader.ui.main_window.MainWindow`).

A search runs in one place, :meth:`ListPane.run_search`: the text typed and
the filter of the selected group (the *scope*) go in, the ranked rows, their
snippets and the true number of matches come out.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.models import (
    AUTHOR,
    CATEGORIES,
    DATE,
    SNIPPET,
    TITLE,
    ArticleListModel,
)
from reader.ui.query_feedback import FittedLabel
from reader.ui.shown_text import shortened
from reader.ui.viewport import set_python_viewport

if TYPE_CHECKING:
    from reader.core.library.hints import UnknownName
    from reader.ui.list_delegate import TitleDelegate

__all__ = ["ArticleListView", "ListPane", "SearchState"]

SEARCH_DELAY_MS = 200
ARTICLE_DELAY_MS = 40
#: Search results are fetched this many at a time, the next page as the list
#: scrolls near its end; the count shown is always the true number.
SEARCH_PAGE = 200
#: The summaries of this many rows at the top of a listing are read on the
#: worker that makes it (more than a screenful, and the rows the columns are
#: fitted to); the others are read as they are shown.
FIRST_ROWS = 256
#: Below this width (in average characters) the list shows one column, two
#: lines per row: the title, then date · author · categories.
NARROW_CHARS = 52
#: The author and categories columns are as wide as their widest text among
#: this many rows at the top of the list, of which this many are measured.
CONTENT_ROWS = 200
CONTENT_MEASURED = 8


def _rough_width(text: str) -> int:
    """``text``'s width in narrow characters, roughly: a character of three
    UTF-8 bytes (CJK, most wide ones) counts as two."""
    return len(text) + (len(text.encode()) - len(text)) // 2


def unknown_in(library, text: str) -> tuple[UnknownName, ...]:
    """The names the filters of the query ``text`` ask for that no article
    of ``library`` has (none when it does not parse); on a worker."""
    from reader.core.library.querylang import QueryError, parse

    try:
        expr = parse(text)
    except QueryError:
        return ()
    return tuple(library.unknown_names(expr=expr))


def _sentences(sentences: Iterable[str]) -> str:
    """Sentences one after another: a space after one that ends with a
    Western stop, none after a Chinese or Japanese one (。？！)."""
    out = ""
    for sentence in sentences:
        if out and not out.endswith(("。", "？", "！")):
            out += " "
        out += sentence
    return out


def sql_sort(column: int, order: Qt.SortOrder) -> str:
    """The index's sort (:data:`reader.core.library.query.SORTS`) for a list column."""
    name = {TITLE: "title", DATE: "date", AUTHOR: "author", CATEGORIES: "categories"}
    return ("-" if order == Qt.SortOrder.DescendingOrder else "") + name.get(column, "date")


@dataclass(frozen=True)
class SearchState:
    """A search as it was run: its text, its scope (keyword arguments of
    :class:`reader.core.library.query.Query`) and the true number of matches."""

    text: str
    scope: dict[str, Any]
    total: int
    # with no match: the names its filters ask for that no article has
    # (reader.core.library.hints), said over the empty list
    unknown: tuple[UnknownName, ...] = ()


class SearchField(QLineEdit):
    """The search box: Escape clears it (and a second Escape leaves it);
    Down or Page Down goes to the results (as from a browser's address bar)."""

    escaped = Signal()
    down_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_Escape and plain:
            if self.text():
                self.clear()
            else:
                self.escaped.emit()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and plain:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class ArticleListView(QTableView):
    """The list: j/k move, Enter/Space open.

    A table view rather than a tree view: QTreeView lays out every row of the
    model on each reset (a Python call per row, 130 ms for 100,000 rows),
    QTableView only the visible ones.
    """

    open_requested = Signal()
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        set_python_viewport(self)  # see reader.ui.viewport
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        columns = self.horizontalHeader()
        columns.setStretchLastSection(True)
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def header(self) -> QHeaderView:
        """The column header (the name QTreeView gives it)."""
        return self.horizontalHeader()

    def focusInEvent(self, event) -> None:
        """The keyboard comes to the list (Ctrl+2, Tab) and leaves its rows
        as they are: Qt would make the first row current when none is (the
        article shown is not listed), and a current row opens, so the
        article being read would change.  Without a current row, Down or j
        goes to the first row, and opens it, as asked."""
        selection = self.selectionModel()
        if selection is None or self.currentIndex().isValid():
            super().focusInEvent(event)
            return
        blocked = selection.blockSignals(True)
        try:
            super().focusInEvent(event)
            if selection.currentIndex().isValid():
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            selection.blockSignals(blocked)
        self.viewport().update()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        model = self.model()
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and not self.currentIndex().isValid():
            # Qt makes the first row current for any move from no row: End too
            if model is not None and model.rowCount():
                last = key == Qt.Key.Key_End
                self.setCurrentIndex(model.index(model.rowCount() - 1 if last else 0, 0))
            return
        if key == Qt.Key.Key_J:
            self.move_current(1)
        elif key == Qt.Key.Key_K:
            self.move_current(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if not self.currentIndex().isValid():
                self.move_current(1)  # no row yet: the first one (Enter did nothing)
            self.open_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        else:
            super().keyPressEvent(event)

    def moveCursor(self, action, modifiers):
        """Home and End go to the first and the last article: in a table
        they went to the row's first and last column, which in a list of
        whole rows is no move at all."""
        if action in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    def move_current(self, step: int) -> None:
        """Make the row ``step`` rows down (up, negative) current."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        # Before anything is selected, j/k start at the first row (the view may
        # already have a current index without a selection).
        selection = self.selectionModel()
        selected = selection is not None and selection.hasSelection()
        current = self.currentIndex()
        row = current.row() + step if current.isValid() and selected else 0
        row = max(0, min(model.rowCount() - 1, row))
        self.setCurrentIndex(model.index(row, 0))


class ListPane(QWidget):
    """The search box and the article list."""

    open_requested = Signal(str)  # an article to show: Enter, or a row made current
    reload_requested = Signal()  # the search or a slow sort wants the list filled again
    sort_changed = Signal()  # the sort indicator moved
    more_requested = Signal()  # scrolled near the end of a search with more matches
    all_articles_requested = Signal()  # "All articles": search the whole library

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # answers the query language's is:unread/is:starred/is:later (the
        # reading state's query_states), once the state is there
        self.states: Callable[[str], Collection[str]] | None = None
        # why the group shown cannot list its articles (a saved search whose
        # query does not run), said where the list would be; None: no reason
        self.scope_problem: Callable[[], str | None] | None = None
        # the search index is still being built: a search finds only part
        self.index_building = False
        self.list_model = ArticleListModel(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.search_field = SearchField(self)
        self.search_field.setObjectName("search")
        self.search_field.setClearButtonEnabled(True)
        self.all_button = QToolButton(self)
        self.all_button.setObjectName("searchAll")
        self.all_button.setText(self.tr("All articles"))
        self.all_button.setToolTip(self.tr("Search all articles, not only the selected group"))
        self.all_button.setAccessibleName(self.tr("Search all articles"))
        self.all_button.hide()
        self._scope_label: str | None = None
        self.set_scope(None)
        search_row = QHBoxLayout()
        search_row.setContentsMargins(0, 0, 0, 0)
        search_row.setSpacing(2)
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.all_button)
        self.list_view = ArticleListView(self)
        self.list_view.setObjectName("articles")
        self.list_view.setAccessibleName(self.tr("Articles"))
        self.list_view.setModel(self.list_model)
        self.list_view.setSortingEnabled(True)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.header().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.list_view.header().setSectionsMovable(True)
        self._fit_header()
        self.list_view.setColumnHidden(SNIPPET, True)  # snippets are the title's second line
        # The title's second line (searching, or a narrow pane) is painted by a
        # delegate of our own, made and set when first needed: a Python paint()
        # per row costs more than the rest of the row (the view's own delegate
        # paints the one-line rows).
        self._title_delegate: TitleDelegate | None = None
        self._two_lines = False  # wanted
        self._delegate_set = False  # the title delegate is the title column's
        # (a search of one long word, quoted in it, is cut to the list's width)
        self.empty_label = FittedLabel(self.list_view.viewport())
        self.empty_label.setObjectName("emptyList")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        column.addLayout(search_row)
        column.addWidget(self.list_view, 1)
        self.search: SearchState | None = None  # the search listed (None: a group)
        # how many times the list was filled: rows fetched for an earlier
        # filling are not appended to this one (see add_more)
        self._fills = 0
        self._loading_more = False
        self._exhausted = False  # the search gave all the rows it can rank
        # Down was pressed in the search box before its results came: the
        # first of them is selected when they do (see enter_list)
        self._enter_when_filled = False
        self._narrow: bool | None = None

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._article_timer = QTimer(self)
        self._article_timer.setSingleShot(True)
        self._article_timer.setInterval(ARTICLE_DELAY_MS)

        selection = self.list_view.selectionModel()
        selection.currentChanged.connect(
            lambda current, _previous: self._article_timer.start() if current.isValid() else None
        )
        self.list_view.open_requested.connect(self.open_current)
        self.list_model.defer_long_sorts = True
        self.list_model.sort_requested.connect(lambda *_: self.reload_requested.emit())
        self.list_view.header().sortIndicatorChanged.connect(self._sorted_by_column)
        self._article_timer.timeout.connect(self.open_current)
        self.search_field.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_field.textChanged.connect(lambda _t: self._update_all_button())
        self.search_field.returnPressed.connect(self._search_now)
        self.search_field.escaped.connect(lambda: self.list_view.setFocus())
        self.search_field.down_pressed.connect(self.enter_list)
        self.list_view.escape_pressed.connect(self.clear_search)
        self._search_timer.timeout.connect(self._search_now)
        self.all_button.clicked.connect(self.all_articles_requested)
        self.list_view.verticalScrollBar().valueChanged.connect(lambda _v: self._maybe_more())
        self.list_view.verticalScrollBar().rangeChanged.connect(lambda *_: self._maybe_more())

    # -- what is listed ------------------------------------------------------------------

    @staticmethod
    def run_search(
        library, text: str, scope: dict, limit: int, states=None
    ) -> tuple[list, dict, int]:
        """The search, in one place: the ``limit`` best matches of ``text``
        (the query language, :mod:`reader.core.library.querylang`) within
        ``scope`` (keyword arguments of :class:`reader.core.library.query.Query`;
        empty: the whole library), their snippets by path, and the true number
        of matches.  ``states`` answers ``is:unread`` and the like.  Runs on a
        worker; a query that does not parse lists nothing (its error shows
        under the box, see ``QueryFeedback``)."""
        from reader.core.library.query import Query  # imported off the GUI thread
        from reader.core.library.querylang import QueryError, parse

        within = Query(**scope) if scope else None
        try:
            expr = parse(text)
            hits = library.search_query(expr, limit, states=states, within=within)
            total = library.count_matching(expr, states=states, within=within)
        except QueryError:
            return [], {}, 0
        return [h.summary for h in hits], {h.path: h.snippet for h in hits}, max(total, len(hits))

    def query_job(
        self,
        wanted: dict,
        library=None,
        within: str = "",
        listing: Callable[[Any, Any], Any] | None = None,
        first_rows: int | None = None,
    ) -> Callable:
        """A function computing (rows, snippets, search) for the list as it is
        set now: the search within the group filter ``wanted`` (keyword
        arguments of :class:`reader.core.library.query.Query`), or else that
        group in the list's order, as a
        :class:`~reader.core.library.listing.Listing` (snippets and search
        None); called on a worker with the library (``library`` None: passed
        later).  ``within`` is a query-language clause the search must also
        meet (``is:unread`` for the Unread group), added when the text
        parses; ``listing(library, query)`` makes the group's listing
        (default: ``library.listing(query)``; a reading group narrows it).
        ``first_rows``: only the group's first rows (the window's first
        paint; the whole listing follows)."""
        text = self.search_field.text().strip()
        if text and within:
            from reader.core.library.querylang import QueryError, parse

            try:
                parse(text)
                text = f"{text} {within}"  # clauses are ANDed; an OR binds tighter
            except QueryError:
                pass  # the error shows under the box; the search lists nothing
        header = self.list_view.header()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        scope = dict(wanted)
        run_search, states = self.run_search, self.states
        # The same search listed again (the library changed on disk, a
        # sync tool wrote): as many rows as it lists now, so that the pages
        # fetched as it scrolled, and the article open among them, stay
        # listed (they went, back to the first page).
        page = SEARCH_PAGE
        shown = self.search
        if shown is not None and shown.text == text and shown.scope == scope:
            page = max(page, self.list_model.rowCount())

        def work(lib=library):
            if text:
                rows, snippets, total = run_search(lib, text, scope, page, states)
                unknown = () if total else unknown_in(lib, text)
                return rows, snippets, SearchState(text, scope, total, unknown)
            from reader.core.library.query import Query  # imported off the GUI thread

            query = Query(**wanted, sort=sql_sort(column, order), limit=first_rows)
            rows = listing(lib, query) if listing is not None else lib.listing(query)
            rows.prefetch(FIRST_ROWS)  # here on the worker: the first rows show at once
            return rows, None, None

        return work

    def fill(self, rows, snippets, search: SearchState | None = None) -> None:
        """List ``rows``; ``snippets`` (None: not a search) ranks them as search
        hits, of ``search`` (its true count; None: all of them are listed).
        (The window then selects the article it shows, if listed.)"""
        searching = snippets is not None
        if searching and search is None:
            search = SearchState(self.search_field.text().strip(), {}, len(rows))
        self.search = search if searching else None
        self._fills += 1
        self._loading_more = False
        self._exhausted = searching and len(rows) < SEARCH_PAGE
        header = self.list_view.header()
        self.list_model.set_rows(
            rows,
            snippets,
            ranked=searching,
            sorted_by=(header.sortIndicatorSection(), header.sortIndicatorOrder()),
        )
        header.setSortIndicatorShown(not searching)  # relevance: the header says so
        self._update_layout()
        self._update_empty()
        self._maybe_more()
        if self._enter_when_filled:
            self._enter_when_filled = False
            if self.list_view.hasFocus():
                if self.list_model.rowCount():
                    self.enter_list()
                else:  # nothing matches: the keyboard is back where the words are
                    self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the next page of search results -----------------------------------------------

    def has_more(self) -> bool:
        """Whether the search listed has matches not fetched yet."""
        return (
            self.search is not None
            and not self._exhausted
            and self.list_model.rowCount() < self.search.total
        )

    def _maybe_more(self) -> None:
        if self._loading_more or not self.has_more():
            return
        bar = self.list_view.verticalScrollBar()
        if bar.maximum() - bar.value() <= 2 * max(bar.pageStep(), 1):
            self.more_requested.emit()

    def more_job(self, library) -> Callable | None:
        """A function fetching the next page of the search listed (for a
        worker), or None when there is none or one is on its way; give its
        result to :meth:`add_more`."""
        search = self.search
        if search is None or self._loading_more or not self.has_more():
            return None
        self._loading_more = True
        limit = self.list_model.rowCount() + SEARCH_PAGE
        run_search, states, fills = self.run_search, self.states, self._fills
        text, scope = search.text, search.scope

        def work():
            return fills, limit, run_search(library, text, scope, limit, states)

        return work

    def further_job(self, library, wanted: Callable[[str], bool]) -> Callable | None:
        """A function (for a worker, with ``progress=True``: it is given
        ``report`` and ``cancelled``) fetching the search's matches past the
        rows listed until they hold one that is ``wanted`` (asked on the
        worker, of each match not listed): the next page, then twice as
        many, and so on, until cancelled.  It gives a result for
        :meth:`add_more`, or None when no match not listed is wanted
        (nothing is fetched then) or when cancelled.  None instead of the
        function when every match is listed."""
        search = self.search
        if search is None or not self.has_more():
            return None
        listed, every = self.list_model.paths_reader(), self.listed_paths_job(library)
        count = self.list_model.rowCount()
        run_search, states, fills = self.run_search, self.states, self._fills
        text, scope = search.text, search.scope

        def work(_report, cancelled: Callable[[], bool]):
            known = set(listed())
            found = {path for path in every() if path not in known and wanted(path)}
            page = SEARCH_PAGE
            while found:
                if cancelled():  # (another library opening waits for this worker)
                    return None
                limit = count + page
                rows, snippets, total = run_search(library, text, scope, limit, states)
                if len(rows) < limit or any(summary.path in found for summary in rows):
                    return fills, limit, (rows, snippets, total)
                page *= 2
            return None

        return work

    def add_more(self, result) -> bool:
        """Append the rows fetched by :meth:`more_job` or :meth:`further_job`;
        False when another search was listed meanwhile (nothing appended)."""
        fills, limit, (rows, snippets, total) = result
        search = self.search
        if search is None or fills != self._fills:
            return False
        self._loading_more = False
        self.search = SearchState(search.text, search.scope, total)
        self._exhausted = len(rows) < limit
        self.list_model.append_rows(rows, snippets)
        self._maybe_more()
        return True

    def more_failed(self) -> None:
        self._loading_more = False

    def listed_count(self) -> int:
        """How many articles are listed: all a search's matches, fetched yet or not."""
        search = self.search
        if search is not None and self.has_more():
            return search.total
        return self.list_model.rowCount()

    def listed_paths_job(self, library) -> Callable[[], list[str]]:
        """A function giving the paths of every article listed (a worker's,
        or called now): a search's matches all, not only the pages fetched
        as the list scrolled ("Mark All as Read" of "1,208 results" marked
        the first 200), in no particular order then."""
        search = self.search
        if search is None or not self.has_more():
            return self.list_model.paths_reader()
        text, scope, states = search.text, dict(search.scope), self.states

        def work() -> list[str]:
            from reader.core.library.query import Query  # imported off the GUI thread

            paths = library.matching_paths(text, states=states)
            if scope:  # the group searched within
                inside = set(library.listing(Query(**scope)).paths())
                paths = [path for path in paths if path in inside]
            return paths

        return work

    # -- the search box --------------------------------------------------------------------

    def set_scope(self, label: str | None) -> None:
        """The group a search covers, named in the search box (None: all articles)."""
        self._scope_label = label
        if label:
            self.search_field.setPlaceholderText(self.tr("Search in %1…").replace("%1", label))
            self.search_field.setAccessibleName(self.tr("Search in %1").replace("%1", label))
        else:
            self.search_field.setPlaceholderText(self.tr("Search the library (Ctrl+K)"))
            self.search_field.setAccessibleName(self.tr("Search the library"))
        self._update_all_button()

    def scope_label(self) -> str | None:
        return self._scope_label

    def _update_all_button(self) -> None:
        self.all_button.setVisible(bool(self._scope_label) and bool(self.search_field.text()))

    def _sorted_by_column(self, *_args) -> None:
        self.list_view.header().setSortIndicatorShown(True)  # no longer by relevance
        self.sort_changed.emit()

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.reload_requested.emit()

    def clear_search(self) -> None:
        """End the search, if there is one."""
        if self.search_field.text():
            self.search_field.clear()

    def set_index_building(self, building: bool) -> None:
        """Whether the search index is still being built (what a search
        finds and counts is then part of what it will)."""
        if building != self.index_building:
            self.index_building = building
            self._update_empty()

    def _update_empty(self) -> None:
        if self.list_model.rowCount():
            self.empty_label.hide()
            return
        text = self.search_field.text().strip()
        if self.search is not None and text and not self._query_parses(text):
            # nothing was searched for: fewer words is no help (the error
            # shows under the box, see QueryFeedback)
            message = self.tr("“%2” cannot be searched for until the query is corrected.")
            message = message.replace("%2", shortened(text))
        elif self.search is not None and text and self.search.unknown:
            message = self.tr("No articles match “%2”.").replace("%2", shortened(text))
            message += "\n" + _sentences(self._unknown_text(u) for u in self.search.unknown[:2])
        elif self.search is not None and text and self.index_building:
            message = self.tr(
                "No articles match “%2” so far: the search index is still being built."
            ).replace("%2", shortened(text))
        elif self.search is not None and text:
            if self._scope_label:
                message = self.tr("No articles in %1 match “%2”.").replace("%1", self._scope_label)
                message += "\n" + self.tr("Try All articles, or fewer words.")
            elif len(text.split()) > 1:
                message = self.tr("No articles match “%2”.") + "\n" + self.tr("Try fewer words.")
            else:  # (fewer than one word is no advice)
                message = self.tr("No articles match “%2”.") + "\n"
                message += self.tr("Check the spelling, or try another word.")
            message = message.replace("%2", shortened(text))
        else:
            problem = self.scope_problem() if self.scope_problem is not None else None
            message = problem or self.tr("No articles here.")
        self.empty_label.set_message(message)
        self.empty_label.setAccessibleName(message)
        self._place_empty_label()
        self.empty_label.show()

    def _unknown_text(self, unknown: UnknownName) -> str:
        """A name no article has, and the close ones, in the window's language."""
        if unknown.kind == "category":
            text = self.tr("No article has the category “%1”.")
        elif unknown.kind == "tag":
            text = self.tr("No article has the tag “%1”.")
        elif unknown.kind == "author":
            text = self.tr("No article has the author “%1”.")
        else:
            text = self.tr("No article has a value for the key “%1”.")
        text = text.replace("%1", shortened(unknown.name))
        if unknown.close:
            names = self.tr(" or ").join(f"“{shortened(name)}”" for name in unknown.close)
            text = _sentences([text, self.tr("Did you mean %1?").replace("%1", names)])
        return text

    def _query_parses(self, text: str) -> bool:
        from reader.core.library.querylang import QueryError, parse_or_error

        return not isinstance(parse_or_error(text, self.states), QueryError)

    def _place_empty_label(self) -> None:
        viewport = self.list_view.viewport()
        self.empty_label.setGeometry(viewport.rect().adjusted(12, 12, -12, -12))

    def empty_message(self) -> str:
        """The message shown over an empty list ("" when the list has rows)."""
        return "" if self.empty_label.isHidden() else self.empty_label.message()

    # -- fitting the width -----------------------------------------------------------------

    def _fit_header(self) -> None:
        header = self.list_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)

    def restore_header(self, state) -> None:
        """Restore the header as saved (sort column and order, column order);
        the widths and which columns show stay fitted to the width."""
        self.list_view.header().restoreState(state)
        self._fit_header()
        self._narrow = None
        self._update_layout()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_layout()
        if not self.empty_label.isHidden():
            self._place_empty_label()

    @property
    def title_delegate(self) -> TitleDelegate:
        """The delegate painting the title's second line (made when first used)."""
        if self._title_delegate is None:
            from reader.ui.list_delegate import TitleDelegate

            self._title_delegate = TitleDelegate(self.list_view)
            self._title_delegate.second_line = self._two_lines
        return self._title_delegate

    def _show_second_line(self, shown: bool) -> None:
        """Titles in two lines (the title delegate) or in one (the view's own).

        Hidden or without rows, the pane only notes which: until the window
        is laid out its width is not the one it shows its rows in."""
        self._two_lines = shown
        if self._title_delegate is not None:
            self._title_delegate.second_line = shown
        if shown != self._delegate_set and self.isVisible() and self.list_model.rowCount():
            self._delegate_set = shown
            # None (Qt's nullptr) gives the column back to the view's own delegate
            delegate = self.title_delegate if shown else None
            self.list_view.setItemDelegateForColumn(TITLE, delegate)  # type: ignore[arg-type]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._show_second_line(self._two_lines)

    def is_narrow(self) -> bool:
        """Whether the list shows one column, two lines per row."""
        return bool(self._narrow)

    def columns_width(self) -> int:
        """The width the pane shows its columns at with room for titles
        (narrower than ``NARROW_CHARS``: two-line rows)."""
        view = self.list_view
        char = max(view.fontMetrics().averageCharWidth(), 1)
        frame = self.width() - (view.viewport().width() or view.width())
        return (NARROW_CHARS + 6) * char + frame

    def _update_layout(self) -> None:
        """Columns sized by their content and priority (title, date, author,
        categories); when too narrow for them, one column of two-line rows."""
        view = self.list_view
        metrics = view.fontMetrics()
        char = max(metrics.averageCharWidth(), 1)
        width = view.viewport().width() or view.width()
        narrow = width < NARROW_CHARS * char
        searching = self.search is not None
        self._show_second_line(narrow or searching)
        lines = 2 if (narrow or searching) else 1
        rows = view.verticalHeader()
        height = lines * metrics.height() + (8 if lines == 2 else 6)
        if rows.defaultSectionSize() != height:
            rows.setDefaultSectionSize(height)
        if narrow != self._narrow:
            self._narrow = narrow
        pad = 2 * char + 8
        date_width = metrics.horizontalAdvance("0000-00-00") + pad
        author_width = self._content_width(AUTHOR, metrics, 14 * char) + pad
        categories_width = self._content_width(CATEGORIES, metrics, 22 * char) + pad
        title_min = 18 * char
        show_date = not narrow
        show_author = not narrow and width - date_width - author_width >= title_min
        show_categories = show_author and (
            width - date_width - author_width - categories_width >= title_min
        )
        for column, shown, size in (
            (DATE, show_date, date_width),
            (AUTHOR, show_author, author_width),
            (CATEGORIES, show_categories, categories_width),
        ):
            view.setColumnHidden(column, not shown)
            if shown and view.columnWidth(column) != size:
                view.setColumnWidth(column, size)
        view.setColumnHidden(SNIPPET, True)

    def _content_width(self, column: int, metrics, cap: int) -> int:
        """The width the first rows' ``column`` needs (at most ``cap``).

        Only the widest-looking texts are measured (a wide character, CJK,
        counted as two): shaping each of 200 texts cost more than the rest
        of filling the list."""
        model = self.list_model
        header = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        widest = metrics.horizontalAdvance(header) + 16
        texts = set(model.column_texts(column, CONTENT_ROWS))
        for text in heapq.nlargest(CONTENT_MEASURED, texts, key=_rough_width):
            widest = max(widest, metrics.horizontalAdvance(text))
            if widest >= cap:
                return cap
        return widest

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def enter_list(self) -> None:
        """Down or Page Down in the search box: the keyboard goes to the
        list, on the row selected, else on the first row (selected).  A
        search typed but not run yet runs now, and its first row is the one
        selected when its results come; an empty list keeps the keyboard in
        the box (there is nothing to go to)."""
        view = self.list_view
        if self._search_timer.isActive():
            self._enter_when_filled = True
            self._search_now()
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.list_model.rowCount() == 0:
            return
        selection = view.selectionModel()
        selected = selection.selectedIndexes() if selection is not None else []
        if selected:
            index = self.list_model.index(selected[0].row(), 0)
            if view.currentIndex().row() != index.row():
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            index = self.list_model.index(0, 0)
            view.setCurrentIndex(index)  # selects it: it opens, as j on the list would
        view.scrollTo(index)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the current row -----------------------------------------------------------------

    def current_path(self) -> str | None:
        """The article of the current row (None: no current row)."""
        index = self.list_view.currentIndex()
        return self.list_model.path_at(index.row()) if index.isValid() else None

    def has_current(self) -> bool:
        return self.list_view.currentIndex().isValid()

    def current_row(self) -> int:
        """The current row (-1: none)."""
        index = self.list_view.currentIndex()
        return index.row() if index.isValid() else -1

    def open_current(self) -> None:
        """Ask for the current row's article to be shown now."""
        self._article_timer.stop()
        index = self.list_view.currentIndex()
        path = self.list_model.path_at(index.row()) if index.isValid() else None
        if path:
            self.open_requested.emit(path)

    def make_current(self, rel: str) -> None:
        """Make the row of ``rel`` current, if it is listed."""
        row = self.list_model.row_of(rel)
        if row >= 0:
            self.list_view.setCurrentIndex(self.list_model.index(row, 0))

    def reselect(self, rel: str | None) -> None:
        """Put the selection back on ``rel`` (a switch was cancelled).  When
        ``rel`` is not listed (a search that does not find it), no row is
        current: the row chosen stayed so, and the list's next filling took
        it for the article to show and asked about the unsaved edits again."""
        if rel and self.list_model.row_of(rel) >= 0:
            self.make_current(rel)
        else:
            selection = self.list_view.selectionModel()
            if selection is not None:
                selection.clear()
        self._article_timer.stop()

    def select_listed(self, rel: str) -> bool:
        """Select and show the row of ``rel`` without opening it (the window
        shows it itself); False when it is not listed."""
        row = self.list_model.row_of(rel)
        if row < 0:
            return False
        index = self.list_model.index(row, 0)
        self.list_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.list_view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        # That selection is ours: the article is shown or shown just below; the
        # delayed open it started would only render it again, over any newer request.
        self._article_timer.stop()
        return True
