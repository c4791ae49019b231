"""The article list pane: the search box above the list of articles.

It owns the list view, its model and their wiring (sorting, the delayed open
of the row selected, the delayed search); which rows to list, and what to
show, the window decides (:class:`~reader.ui.main_window.MainWindow`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.ui.models import DATE, SNIPPET, TITLE, ArticleListModel, sort_rows

__all__ = ["ArticleListView", "ListPane"]

SEARCH_DELAY_MS = 200
ARTICLE_DELAY_MS = 40
SEARCH_LIMIT = 500


class ArticleListView(QTableView):
    """The list: j/k move, Enter/Space open.

    A table view rather than a tree view: QTreeView lays out every row of the
    model on each reset (a Python call per row, 130 ms for 100,000 rows),
    QTableView only the visible ones.
    """

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_J:
            self.move_current(1)
        elif key == Qt.Key.Key_K:
            self.move_current(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.open_requested.emit()
        else:
            super().keyPressEvent(event)

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

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list_model = ArticleListModel(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("search")
        self.search_field.setPlaceholderText(self.tr("Search the library (Ctrl+K)"))
        self.search_field.setAccessibleName(self.tr("Search the library"))
        self.search_field.setClearButtonEnabled(True)
        self.list_view = ArticleListView(self)
        self.list_view.setObjectName("articles")
        self.list_view.setAccessibleName(self.tr("Articles"))
        self.list_view.setModel(self.list_model)
        self.list_view.setSortingEnabled(True)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.header().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.list_view.header().setSectionsMovable(True)
        self.list_view.setColumnWidth(0, 260)
        self.list_view.setColumnWidth(1, 90)
        self.list_view.setColumnWidth(2, 100)
        self.list_view.setColumnHidden(SNIPPET, True)
        column.addWidget(self.search_field)
        column.addWidget(self.list_view, 1)

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
        self.list_view.header().sortIndicatorChanged.connect(lambda *_: self.sort_changed.emit())
        self._article_timer.timeout.connect(self.open_current)
        self.search_field.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_field.returnPressed.connect(self._search_now)
        self._search_timer.timeout.connect(self._search_now)

    # -- what is listed ------------------------------------------------------------------

    def query_job(self, wanted: dict, library=None) -> Callable:
        """A function computing (rows, snippets) for the list as it is set now:
        the search, or else the group filter ``wanted`` (keyword arguments of
        :class:`reader.core.library.query.Query`) in the list's order; called
        on a worker with the library (``library`` None: passed later)."""
        text = self.search_field.text().strip()
        header = self.list_view.header()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()

        def work(lib=library):
            if text:
                from reader.core.library.querylang import QueryError

                try:  # the query language; its errors show under the box (QueryFeedback)
                    hits = lib.search_query(text, SEARCH_LIMIT)
                except QueryError:
                    hits = []
                return [h.summary for h in hits], {h.path: h.snippet for h in hits}
            from reader.core.library.query import Query  # imported off the GUI thread

            descending = order == Qt.SortOrder.DescendingOrder
            sql_sort = {DATE: "date", TITLE: "title"}.get(column)
            if sql_sort:  # the index sorts these the same way, faster
                return lib.query(Query(**wanted, sort=("-" if descending else "") + sql_sort)), None
            return sort_rows(lib.query(Query(**wanted)), column, order), None

        return work

    def fill(self, rows, snippets) -> None:
        """List ``rows``; ``snippets`` (None: not a search) ranks them as search hits."""
        searching = snippets is not None
        header = self.list_view.header()
        self.list_model.set_rows(
            rows,
            snippets,
            ranked=searching,
            sorted_by=(header.sortIndicatorSection(), header.sortIndicatorOrder()),
        )
        self.list_view.setColumnHidden(SNIPPET, not searching)

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.reload_requested.emit()

    def clear_search(self) -> None:
        """End the search, if there is one."""
        if self.search_field.text():
            self.search_field.clear()

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    # -- the current row -----------------------------------------------------------------

    def current_path(self) -> str | None:
        """The article of the current row (None: no current row)."""
        index = self.list_view.currentIndex()
        return self.list_model.path_at(index.row()) if index.isValid() else None

    def has_current(self) -> bool:
        return self.list_view.currentIndex().isValid()

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
        """Put the selection back on ``rel`` (a switch was cancelled)."""
        if rel:
            self.make_current(rel)
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
