"""The main window: navigation tree | article list | reader.

It wires the parts together and holds no logic of its own beyond that: the
library lives in :class:`~reader.ui.session.LibrarySession`, models in
:mod:`reader.ui.models`, the list pane in :mod:`reader.ui.list_pane`, the
reader pane in :mod:`reader.ui.reader_view`, the menus in
:mod:`reader.ui.actions`, offline copies in :mod:`reader.ui.offline_actions`
and editing in :mod:`reader.ui.form` (which sees the window only as an
:class:`~reader.ui.form.host.EditorHost`).

It is this long because showing an article is coordinated here: a render
races the list filling, the edit form and changes on disk, and the counters
that settle those races live in one place.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QRect,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStatusBar,
    QToolButton,
    QTreeView,
    QWidget,
)

from reader import __version__
from reader.ui.actions import Shortcut, WindowActions, add_action
from reader.ui.collections_actions import CollectionsActions
from reader.ui.focus_ring import FocusRing
from reader.ui.form import EditController
from reader.ui.list_pane import FIRST_ROWS, ListPane
from reader.ui.models import UNREADABLE, NavigationModel, unreadable_label
from reader.ui.offline_actions import OfflineActions
from reader.ui.query_feedback import QueryFeedback
from reader.ui.reader_view import ReaderView
from reader.ui.reading import READING_GROUPS, ReadingController, state_listing
from reader.ui.saved_searches import KIND as SAVED_SEARCH
from reader.ui.saved_searches import SavedSearchesController
from reader.ui.session import (
    LIBRARY_GONE,
    NOT_INDEXED,
    NOT_OPENED,
    NOT_SEARCHABLE,
    NOT_UPDATED,
    TEMPORARY_INDEX,
    WAITING_FOR_INDEX,
    LibrarySession,
)
from reader.ui.settings import Settings, fitted_font_size
from reader.ui.shown_text import one_line, plain_tip, shown_address
from reader.ui.theme import apply_palette, effective_theme, outline_indicators
from reader.ui.vcs import VcsActions
from reader.ui.watcher import DiskState, LibraryWatcher

if TYPE_CHECKING:
    from reader.core.library.catalog import Taxonomy
    from reader.core.library.facade import Library
    from reader.core.render.cache import RenderCache
    from reader.ui.form.controller import FormHandover
    from reader.ui.list_delegate import GroupDelegate
    from reader.ui.tasks import Task

__all__ = ["MainWindow"]

ZOOM_STEP = 1.1
#: While a library opens the panes keep what they show (nothing, at start-up)
#: until its first rows are in, at most this long (a cold index takes longer).
PAINT_HOLD_MS = 400
#: An article not shown this long after it was chosen is said to be opening.
OPENING_NOTICE_MS = 400


class ArticleMissing(Exception):
    """The file of the article to show is not there (moved, renamed, deleted)."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


class MessageBar(QStatusBar):
    """A status bar whose message is cut with "…" to the room left of the
    widgets on its right (the counts, the warnings: QStatusBar would draw a
    long one up to them, or under them); the whole message is its tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.messageChanged.connect(self._message_changed)

    def message_rect(self) -> QRect:
        """Where the message is drawn: left of the first widget shown on the
        right (right of it, right to left), with a gap."""
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        left, right = 6, self.width() - 12
        shown = [
            child
            for child in self.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child.isVisible() and not child.isWindow()
        ]
        for child in shown:
            if rtl:
                left = max(left, child.geometry().right() + 8)
            else:
                right = min(right, child.x() - 8)
        return QRect(left, 0, max(0, right - left), self.height())

    def shown_message(self) -> str:
        """The message as it is drawn: cut to its room ("" when none)."""
        text = one_line(self.currentMessage())
        if not text:
            return ""
        width = self.message_rect().width()
        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)

    def _message_changed(self, _text: str = "") -> None:
        message = self.currentMessage()
        cut = bool(message) and self.shown_message() != one_line(message)
        tip = message if cut else ""
        if self.toolTip() != tip:
            self.setToolTip(tip)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._message_changed()

    def paintEvent(self, event) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        # QStatusBar.paintEvent, with the message cut to its room
        from PySide6.QtWidgets import QSizeGrip, QStyle, QStyleOption  # not at start-up

        self._message_changed()  # the widgets on the right may have changed
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        style = self.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isVisible() and not child.isWindow() and not isinstance(child, QSizeGrip):
                frame = QStyleOption()
                frame.rect = child.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                frame.state = QStyle.StateFlag.State_None
                style.drawPrimitive(
                    QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, child
                )
        painter.setPen(self.palette().windowText().color())
        painter.drawText(
            self.message_rect(),
            int(
                Qt.AlignmentFlag.AlignLeading
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextSingleLine
            ),
            self.shown_message(),
        )


def _folder_identity(path: str | os.PathLike) -> tuple[int, int] | None:
    """The device and inode of the folder at ``path`` (None: none there)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class MainWindow(QMainWindow):
    article_shown = Signal(str)  # relative path, after the reader shows it
    list_filled = Signal(int)  # rows in the list
    library_changed = Signal()  # after an external change was taken in
    reopened = Signal(object)  # the window that replaced this one (a new language)

    def __init__(
        self, settings: Settings, cache_dir: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.settings = settings
        self.cache_dir = cache_dir
        self.images_dir = os.path.join(cache_dir, "images") if cache_dir else None
        self.session = LibrarySession(cache_dir, self)
        self.watcher = LibraryWatcher(self)
        self.nav_model = NavigationModel(self)
        self.offline = OfflineActions(self.session, self.images_dir, self)
        self._node_key: tuple = ("all",)
        self._node_later: tuple | None = None  # see take_node_later
        self._taxonomy: Taxonomy | None = None
        self._said_unreadable: set[str] = set()  # the places not read, said in a message
        self._wanted_article: str | None = None
        # the article read, followed to where another program moved it, not
        # listed yet: made the list's current row once it is
        self._followed_to: str | None = None
        # the article the reader says could not be shown (its file gone…):
        # a list filled later does not cover that with "choose an article"
        self._failed_article: str | None = None
        # the article read that went away through the window (trashed): the
        # next filling of the list shows the one that took its row
        self._went_away: str | None = None
        self._failed_missing = False  # it failed because its file was missing
        self._list_generation = 0
        self._render_generation = 0
        self._library_gone = False  # (said by check_library_folder)
        self._library_identity: tuple[int, int] | None = None
        self._render_cache: RenderCache | None = None  # made on the first render
        self._rendered_generation = 0  # the last render that ended
        self._render_target: str | None = None  # the article the latest render is for
        self._shown_disk: tuple[str, bytes, DiskState] | None = None  # rel, bytes, state
        # the article last shown, kept when its file goes missing: its path,
        # bytes and inode, by which it is found again (see _follow_moved)
        self._last_shown: tuple[str, bytes, int] | None = None
        self._image_failures: tuple[str, dict[str, str]] | None = None  # rel, URL → reason
        self.successor: MainWindow | None = None  # the window opened in a new language
        # the groups open in the window this one replaced (None: as at a start)
        self._expand_first: list[tuple] | None = None
        self.built_language = settings.get("language")  # the window's texts are in it
        self.setWindowTitle(self.tr("Article Reader"))
        self.setAcceptDrops(True)
        self._build_widgets()
        self.editing = EditController(self)
        self.reading = ReadingController(self)
        self.saved_searches = SavedSearchesController(self)
        # (a saved search whose query does not run says so where the list
        # would be, and in the reader: "No articles here." hid why)
        self.list_pane.scope_problem = self.saved_searches.selected_problem
        self.collections = CollectionsActions(self)
        self.window_actions = WindowActions(self)
        self.open_action = self.window_actions.open_action
        self.recent_menu = self.window_actions.recent_menu
        self.theme_actions = self.window_actions.theme_actions
        self.vcs = VcsActions(self)  # git and sync-tool conflicts (reader.ui.vcs)
        self._connect()
        self._restore_state()
        self.apply_preferences()

    # -- construction ------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)

        self.tree = QTreeView(self.splitter)
        self.tree.setObjectName("navigation")
        self.tree.setAccessibleName(self.tr("Library groups"))
        self.tree.setModel(self.nav_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderHidden(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # Names first: the counts take the width of the widest count (not of
        # the hidden header's label) and are hidden when what that leaves the
        # names is too narrow (see _fit_tree_columns); a name too long for its
        # room is cut at its end, its unread count "(3)" kept whole
        # (GroupDelegate, set with the first groups: see _measure_counts), and
        # a path under Problems keeps its start.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._group_delegate: GroupDelegate | None = None
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self._count_width = 0  # the count column's width when shown
        self._name_room = 0  # the least width the names keep before the counts go
        self._measure_timer = QTimer(self)
        self._measure_timer.setSingleShot(True)
        self._measure_timer.timeout.connect(self._measure_counts)
        for signal in (
            self.nav_model.modelReset,
            self.nav_model.dataChanged,
            self.nav_model.rowsInserted,
            self.nav_model.rowsRemoved,
        ):
            signal.connect(lambda *_args: self._measure_timer.start())
        header.sectionResized.connect(self._fit_tree_columns)
        # the places not read, under Problems, have no count: their path takes the row
        self.nav_model.modelReset.connect(self._span_unreadable)
        self.nav_model.rowsInserted.connect(self._span_unreadable)

        self.list_pane = ListPane(self.splitter)
        self.list_model = self.list_pane.list_model
        self.list_view = self.list_pane.list_view
        self.search_field = self.list_pane.search_field
        self.query_feedback = QueryFeedback(self.search_field)

        self.reader = ReaderView(self.splitter)
        self.reader.browser.setObjectName("article")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setSizes([200, 380, 620])
        self.setCentralWidget(self.splitter)
        # The pane with the keyboard focus shows it: a ring in the selection colour.
        self.focus_ring = FocusRing([self.tree, self.list_view, self.reader.browser], self)

        status = MessageBar(self)
        self.setStatusBar(status)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.count_label.setAccessibleName(self.tr("Article count"))
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Background work"))
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel background work"))
        self.cancel_button.hide()
        # What stays wrong stays said, until it is not (see _show_warnings,
        # _show_unreadable): a timed message would be gone in seconds.
        self.warning_label = QLabel(self)
        self.warning_label.setTextFormat(
            Qt.TextFormat.PlainText
        )  # (a name, a title: shown as it is)
        self.warning_label.setObjectName("statusWarning")
        self.warning_label.setAccessibleName(self.tr("Warning"))
        self.warning_label.hide()
        self.problems_button = QToolButton(self)
        self.problems_button.setObjectName("unreadableWarning")
        self.problems_button.setAutoRaise(True)
        self.problems_button.setAccessibleName(self.tr("Files or folders not read"))
        self.problems_button.setToolTip(self.tr("Listed under Problems: click to show them"))
        self.problems_button.hide()
        status.addPermanentWidget(self.warning_label)
        status.addPermanentWidget(self.problems_button)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)

    def _span_unreadable(self, *_args) -> None:
        problems = self.nav_model.find(("problems",))
        for row in range(self.nav_model.rowCount(problems) if problems.isValid() else 0):
            if not self.tree.isFirstColumnSpanned(row, problems):
                self.tree.setFirstColumnSpanned(row, problems, True)

    def _measure_counts(self) -> None:
        """The groups or their counts changed: the count column is as wide as
        the widest count, and the names want the room of the widest group's
        name (with its unread count)."""
        tree, model = self.tree, self.nav_model
        if self._group_delegate is None and model.rowCount():
            # made with the first groups, not with the window (its module waits)
            from reader.ui.list_delegate import GroupDelegate

            self._group_delegate = GroupDelegate(tree)
            tree.setItemDelegateForColumn(0, self._group_delegate)
        self._count_width = max(0, tree.sizeHintForColumn(1))
        names = (tree.sizeHintForIndex(model.index(row, 0)) for row in range(model.rowCount()))
        self._name_room = max((size.width() for size in names), default=0) + tree.indentation()
        self._fit_tree_columns()

    def _fit_tree_columns(self, *_args) -> None:
        """Show the counts only where the groups' names fit beside them: the
        names come first, and a count is never cut to other digits (it is
        whole or not shown; the tooltip and the accessible text say it)."""
        header = self.tree.header()
        width = self._count_width
        show = width > 0 and self.tree.viewport().width() - width >= self._name_room
        if header.isSectionHidden(1) == show:
            header.setSectionHidden(1, not show)
        if show and header.sectionSize(1) != width:
            header.resizeSection(1, width)

    def add_action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[..., Any],
        shortcut: Shortcut | None = None,
        name: str = "",
        before: QAction | None = None,
    ) -> QAction:
        """A new action of the window in ``menu`` (see :func:`reader.ui.actions.add_action`)."""
        return add_action(self, menu, text, slot, shortcut, name, before)

    def _connect(self) -> None:
        self.tree.selectionModel().currentChanged.connect(self._node_changed)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        pane = self.list_pane
        pane.open_requested.connect(self.show_article)
        pane.reload_requested.connect(self.reload_list)
        pane.sort_changed.connect(self._update_count)
        pane.more_requested.connect(self._load_more)
        pane.all_articles_requested.connect(self.show_all_articles)
        self.reader.link_activated.connect(self.follow_link)
        self.reader.link_hovered.connect(self._link_hovered)
        self.reader.banner.load_once.connect(self.load_images_once)
        self.reader.banner.always_allow.connect(self.always_allow_hosts)
        self.cancel_button.clicked.connect(self.cancel_background)
        self.problems_button.clicked.connect(self.show_problems)
        self.offline.progress.connect(self.show_progress)
        self.offline.message.connect(self.show_status)
        self.offline.finished.connect(self.rerender)
        s = self.session
        s.opened.connect(self._library_opened)
        s.warm_start.connect(self._warm_start)
        s.taxonomy_ready.connect(self._taxonomy_ready)
        s.folders_ready.connect(self.watcher.watch_folders)
        s.progress.connect(self.show_progress)
        s.refreshed.connect(self._refreshed)
        s.fulltext_added.connect(self._search_index_grew)
        # said in full once; what stays true stays in the status bar (_show_warnings)
        s.failed.connect(lambda message: self.statusBar().showMessage(message, 10000))
        s.failed.connect(lambda _message: self._release_paint())
        s.warning.connect(self._show_warnings)
        self.watcher.changed.connect(self._external_change)
        self.watcher.root_changed.connect(self.check_library_folder)
        self.session.refreshed.connect(self.check_library_folder)
        hints = QApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: self.apply_preferences())

    # -- opening -----------------------------------------------------------------------

    @property
    def library(self) -> Library | None:
        return self.session.library

    # -- what the edit controller needs (reader.ui.form.host.EditorHost) ---------------

    @property
    def taxonomy(self) -> Taxonomy | None:
        return self._taxonomy

    @property
    def node_key(self) -> tuple:
        return self._node_key

    @property
    def dialog_parent(self) -> QWidget:
        return self

    def show_status(self, text: str, ms: int) -> None:
        self.statusBar().showMessage(text, ms)

    def take_back_status(self, text: str) -> None:
        if text and self.statusBar().currentMessage() == text:
            self.statusBar().clearMessage()

    def warn(self, what: str, why: str, name: str = "") -> None:
        self.session.warn(what, why, name)

    def set_modified(self, rel: str | None) -> None:
        self.setWindowModified(rel is not None)
        self.list_model.set_modified(rel)

    def run(self, work: Callable[..., Any], done=None, failed=None, **kwargs) -> Task:
        return self.session.run(work, done, failed, **kwargs)

    def update_paths(self, paths: list[str]) -> None:
        self.session.update_paths(paths)

    def show_after_change(self, rel: str | None) -> None:
        if rel:
            self._wanted_article = rel
        self.session.update_paths([])

    def library_folders(self) -> list[str]:
        return self.watcher.folders()

    def _tree_menu(self, point: QPoint) -> None:
        index = self.tree.indexAt(point)
        if not index.isValid():
            return
        node = self.nav_model.node(index)
        if node.kind == UNREADABLE:
            return  # not an article group: nothing to export, mark or rename
        menu = self.editing.group_menu(node.kind, node.key, self.tree) or QMenu(self.tree)
        self.saved_searches.add_node_actions(menu, node)
        self.reading.add_group_actions(menu, node.key)
        self.collections.add_tree_actions(menu, index)
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def open_path(self, path: str | os.PathLike) -> None:
        """Open a library folder, or a file's folder with that article selected."""
        target = Path(path).expanduser().resolve()
        article = None
        if target.is_file():
            article, target = target.name, target.parent
        self.open_library(str(target), article)

    def open_library(self, root: str, article: str | None = None) -> None:
        if not self.editing.confirm_leave():
            return
        self._save_position()
        self.editing.clear()
        self.watcher.clear()
        self._render_generation += 1  # a render still running is for the old library
        self._render_target = self._shown_disk = self._failed_article = None
        self._last_shown = None
        self.reader.clear()
        self.nav_model.set_taxonomy(None)
        self.nav_model.set_unreadable([])
        self._show_unreadable(0)
        self._said_unreadable = set()
        self._taxonomy = None
        self.list_model.set_rows([])
        self._wanted_article = article
        self._node_key = ("all",)
        self._node_later = None
        self.list_pane.set_scope(None)
        # Qt appends the application's (translated) display name: "blog — Article Reader".
        self.setWindowTitle(Path(root).name + "[*]")
        self.settings.set("last_library", root)
        self.window_actions.update_recent(self.settings.add_recent_library(root))
        # the first rows only: the whole list follows (reload_list, on the taxonomy)
        self.session.open(root, self._list_job(None, first_rows=FIRST_ROWS))
        self._hold_paint()

    def _hold_paint(self) -> None:
        """Paint the panes next with the library's tree and first rows in them.

        Empty panes painted meanwhile (at start-up: the first paint of the
        window) would only be painted again, and their paint, Python code on
        this thread, would take turns with the worker opening the library."""
        if self.splitter.updatesEnabled():
            self.splitter.setUpdatesEnabled(False)
            QTimer.singleShot(PAINT_HOLD_MS, self, self._release_paint)

    def _release_paint(self) -> None:
        if not self.splitter.updatesEnabled():
            self.splitter.setUpdatesEnabled(True)

    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Open a Library Folder"), self.settings.get("last_library")
        )
        if folder:
            self.open_library(folder)

    def _library_opened(self, library) -> None:
        self._library_gone = False
        self._library_identity = _folder_identity(library.root)
        self.watcher.watch_root(os.fspath(library.root))
        self._release_paint()  # painted once the warm start (if any) filled the panes
        self.statusBar().showMessage(self.tr("Opened %1").replace("%1", str(library.root)), 3000)

    def _warm_start(self, taxonomy, listed) -> None:
        self._taxonomy_ready(taxonomy, reload=listed is None)
        if listed is not None:
            self._fill_list(*listed)
        # Painted now, while the session holds the jobs that follow (see
        # LibrarySession.open): on a worker they would take the GIL from the
        # model and the delegates at every row.
        if self.isVisible():
            self.repaint()

    def _taxonomy_ready(self, taxonomy, reload: bool = True) -> None:
        first = self.nav_model.rowCount() == 0
        if not first and taxonomy == self._taxonomy:
            if reload:
                self.reload_list()  # same groups; the articles may still have changed
            return
        self._taxonomy = taxonomy
        self.list_model.schema_findings = dict(taxonomy.site.findings) if taxonomy.site else {}
        expanded = [] if first else self._expanded_keys()
        self.nav_model.set_taxonomy(taxonomy)
        index = self.nav_model.find(self._node_key)
        later = None
        if not index.isValid():
            # a saved search's node comes with the searches, after the groups
            later = self._node_key if self._node_key[0] == SAVED_SEARCH else None
            self._node_key = ("all",)
            index = self.nav_model.find(self._node_key)
        if first:
            wanted = self._expand_first
            expanded = [("categories",)] if wanted is None else wanted
        for key in expanded:
            found = self.nav_model.find(key)
            if found.isValid():
                self.tree.expand(found)
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._node_later = later or self._node_later
        self.list_pane.set_scope(self._scope_label())
        self.reload_list()

    def take_node_later(self) -> tuple | None:
        """The group to select once it is in the tree (a saved search chosen
        before the searches were loaded: in the window a new language
        opened), unless another was chosen since; asked once."""
        later, self._node_later = self._node_later, None
        return later

    def _expanded_keys(self) -> list[tuple]:
        keys = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(self.nav_model.rowCount(parent)):
                index = self.nav_model.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    keys.append(self.nav_model.node(index).key)
                    stack.append(index)
        return keys

    def _search_index_grew(self, _added: int) -> None:
        """Articles went into the search index (new, changed, renamed: a
        search listed before found none of them until typed again): a
        search shown is run again."""
        if self.search_field.text().strip():
            self.reload_list()

    def _refreshed(self, stats) -> None:
        """A refresh or an update ended: what could not be read is listed
        under Problems and counted in the status bar (until a scan reads
        it) and, when this scan found some not said before, said in a
        message.  (Every refresh said them again, over the message of
        whatever had just happened: "Not saved: …" was gone at once.)"""
        library = self.library
        unreadable = library.unreadable() if library is not None else []
        if library is not None:
            self.nav_model.set_unreadable(unreadable)
            self._show_unreadable(len(unreadable))
        found = {
            problem.path: problem.message
            for problem in stats.unreadable
            if problem.path not in self._said_unreadable
        }
        self._said_unreadable = {problem.path for problem in unreadable} | set(found)
        self._follow_moved()
        if found:
            first = min(found)
            self.statusBar().showMessage(
                self.tr(
                    "%n file(s) or folder(s) could not be read, e.g. %1 (see Problems)",
                    "",
                    len(found),
                ).replace("%1", unreadable_label(first, found[first])),
                10000,
            )

    def _follow_moved(self) -> None:
        """The article read was moved or renamed by another program (its
        folder too): the reader, the form with its unsaved edits and the
        reading state go with it to its new place (they stayed with the old
        path: read marks went there, and Save offered to write the file
        again where its folder was gone).  Looked for after each refresh,
        by its bytes and its inode (a move keeps it), also when the reader
        already said the file was missing; not followed while the window
        moves a file itself, nor when copies make the place unsure."""
        library, last = self.library, self._last_shown
        rel = self.reader.current or (self._failed_article if self._failed_missing else None)
        if library is None or not rel or last is None or last[0] != rel:
            return
        if self._render_target != rel or self.editing.changing or self._moved_here(rel):
            return  # (another article is on its way, or the window moves one)
        if os.path.lexists(library.root.joinpath(*rel.split("/"))):
            return
        raw, inode, state = last[1], last[2], self.reading.state

        def work():
            from reader.core.article.model import ArticleError

            new = library.find_moved(rel, raw, inode)
            if new is None:
                return None
            try:
                article = library.load(new)
            except ArticleError:
                return None  # (moved on again: the next refresh looks again)
            if state is not None:
                state.moved(rel, new)  # (if it had no state yet, or no fingerprint)
            return new, article

        def done(found) -> None:
            shown = self.reader.current or (self._failed_article if self._failed_missing else None)
            here = self.library is library and shown == rel and self._render_target == rel
            if (
                found is not None
                and here
                and not self.editing.changing
                and not self._moved_here(rel)
            ):
                self._moved_to(rel, *found)

        self.run(work, done, lambda _exc: None)

    def _moved_here(self, rel: str) -> bool:
        """Whether the window moved ``rel`` itself just now: it wants to show
        another article once the list has it (see :meth:`show_after_change`)."""
        return self._wanted_article not in (None, rel)

    def _moved_to(self, rel: str, new: str, article) -> None:
        from reader.core.article.model import ArticleError

        carried = self.editing.handover()
        self.editing.loaded = (new, article)  # (what the form shows when it is shown)
        if carried is not None and carried.rel == rel:
            try:
                edit = carried.edit.rebase(article)  # (the same bytes, at its new path)
            except ArticleError:
                edit = None
            # (its undo steps were made on the old path's file: not carried)
            carried = replace(carried, rel=new, edit=edit, history=None) if edit else None
            if carried is not None:
                self.take_form(carried)
        # its row current (the list may have been filled again without it
        # already: no row was current, and the next article was the first);
        # else once the list has it, while it is the article read
        self._followed_to = None if self.list_pane.select_listed(new) else new
        self.show_article(new)
        self.statusBar().showMessage(
            self.tr("%1 was moved to %2 by another program; it is shown from there")
            .replace("%1", one_line(rel))
            .replace("%2", one_line(new)),
            8000,
        )

    def _show_unreadable(self, count: int) -> None:
        """``count`` files or folders could not be read: said in the status
        bar while there are any (a click shows them under Problems)."""
        if count:
            self.problems_button.setText(self.tr("%n file(s) or folder(s) not read", "", count))
        self.problems_button.setVisible(count > 0)

    def show_problems(self) -> None:
        """Choose the Problems group in the tree: the articles with problems
        and, under it, the files and folders that could not be read."""
        index = self.nav_model.find(("problems",))
        if not index.isValid():
            return
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.expand(index)
        self.tree.scrollTo(index)
        self.tree.setFocus()

    def _warning_text(self, what: str) -> str:
        """The status bar's short name of the standing warning ``what``: the
        name its owner gave it, else the window's for the session's own."""
        name = self.session.warning_name(what)
        if name:
            return name
        texts = {
            TEMPORARY_INDEX: self.tr("Temporary index: not kept"),
            NOT_OPENED: self.tr("The library could not be opened"),
            NOT_INDEXED: self.tr("The index is not up to date"),
            NOT_UPDATED: self.tr("The index is not up to date"),
            NOT_SEARCHABLE: self.tr("Search is incomplete"),
            WAITING_FOR_INDEX: self.tr("Waiting for another program's index"),
        }
        return texts.get(what, what)

    def _show_warnings(self, *_changed) -> None:
        """The session's standing warnings (an index not kept or not up to
        date…) stay in the status bar while they hold, each said shortly;
        why is in the tooltip (and was said in full when it began)."""
        warnings = self.session.warnings()
        names = {what: self._warning_text(what) for what in warnings}
        label = self.warning_label
        shown = list(dict.fromkeys(names.values()))
        # two at most, so that many warnings never widen the window: all are in the tooltip
        text = self.tr("; ", "between two warnings in the status bar").join(shown[:2])
        if len(shown) > 2:
            text += self.tr(" (+%1 more)").replace("%1", str(len(shown) - 2))
        label.setText("⚠ " + text)
        why = "\n".join(f"{names[what]}: {one_line(text)}" for what, text in warnings.items())
        label.setToolTip(plain_tip(why))
        label.setAccessibleDescription(why)
        label.setVisible(bool(warnings))

    # -- the list ------------------------------------------------------------------------

    def _node_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        key = self.nav_model.node(current).key
        self._node_later = None  # (chosen since)
        if key != self._node_key:
            self._node_key = key
            self._failed_article = None  # another group chosen: the reader says what it holds
            self.list_pane.set_scope(self._scope_label())  # a search stays, within the group
            self.reload_list()

    def _scope_label(self) -> str | None:
        """The selected group's name for the search box (None: all articles)."""
        index = self.nav_model.find(self._node_key)
        if not index.isValid():
            return None
        node = self.nav_model.node(index)
        if node.kind in READING_GROUPS:
            return node.label  # searched with is:unread and the like
        if node.kind == UNREADABLE:
            return node.key[1] or "."  # its path, not why
        if not self.nav_model.filter_for(index):  # path groups (git, conflicts) filter too
            return None
        if node.kind == "category":
            return " › ".join(node.key[1:])
        if node.kind == "month" and node.parent is not None:
            return f"{node.parent.label} › {node.label}"  # 2021 › April
        return node.label

    def show_all_articles(self) -> None:
        """Select All articles (a search then covers the whole library)."""
        self.select_node(("all",))

    def select_node(self, key: tuple) -> bool:
        """Select the tree's group ``key``; False when the tree has none."""
        index = self.nav_model.find(key)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        return index.isValid()

    def current_filter(self) -> dict:
        """Keyword arguments of :class:`reader.core.library.query.Query` for the selected group."""
        index = self.nav_model.find(self._node_key)
        return self.nav_model.filter_for(index) if index.isValid() else {}

    def _list_job(self, library, first_rows: int | None = None):
        """A function computing (rows, snippets, search) for the list as it is
        set now (see :meth:`ListPane.query_job`); called on a worker with the
        library (``library`` None: passed later)."""
        kind, state = self._node_key[0], self.reading.state
        # a search in Unread, Starred or Read later stays within that group
        within = f"is:{kind}" if kind in READING_GROUPS else ""
        if kind not in READING_GROUPS:
            return self.list_pane.query_job(
                self.current_filter(), library, within, first_rows=first_rows
            )
        return self.list_pane.query_job(
            self.current_filter(),
            library,
            within,
            lambda lib, query: state_listing(state, lib, query, kind),
            first_rows,
        )

    def reload_list_if_reading_group(self) -> None:
        """The reading state arrived: a reading group (Unread…) lists anew."""
        if self._node_key[0] in READING_GROUPS:
            self.reload_list()

    def reload_list(self) -> None:
        """Fill the list for the selected group, or for the search, on a worker."""
        library = self.library
        if library is None:
            return
        self._list_generation += 1
        generation = self._list_generation
        job = self._list_job(library)

        def done(result):
            if generation == self._list_generation:
                self._fill_list(*result)

        self.session.run(job, done)

    def _load_more(self) -> None:
        """The next page of search results, as the list scrolls near its end."""
        library = self.library
        job = self.list_pane.more_job(library) if library is not None else None
        if job is None:
            return

        def done(result):
            self.list_pane.add_more(result)
            self._update_count()

        self.session.run(job, done, lambda _exc: self.list_pane.more_failed())

    def _fill_list(self, rows, snippets, search=None) -> None:
        followed, self._followed_to = self._followed_to, None
        current = self._wanted_article or self.current_article()
        # (the list's own row: a lazy listing finds a trashed path no more)
        row_before = self.list_pane.current_row() if current else -1
        self.list_pane.fill(rows, snippets, search)
        if not current and self._missing_file_back():
            current = self._failed_article  # shown again, not "missing" still
        went_away, self._went_away = self._went_away, None
        if (
            current
            and current == went_away
            and current != self._wanted_article
            and self.reader.current is None
            and row_before >= 0
            and self.list_model.row_of(current) < 0
        ):
            # The article read went away through the window (to the trash):
            # the one that took its row is shown, as a mail reader does (it
            # was shown again, "missing", and the list lost its place).
            count = self.list_model.rowCount()
            current = self.list_model.path_at(min(row_before, count - 1)) if count else None
        if followed is not None and followed == self._render_target and not self._wanted_article:
            # (still the article read: its row once listed; else looked for again)
            if self.list_model.row_of(followed) >= 0:
                current = followed
            else:
                self._followed_to = followed
        if current and self.list_pane.select_listed(current):
            self._wanted_article = None
        elif current and self.library is not None and current == self._wanted_article:
            pass  # not in this group (yet); the reader shows it anyway
        self._update_count()
        if current and current != self.reader.current:
            self.show_article(current)
        elif not current and self.reader.current is None and self._failed_article is None:
            self.reader.show_message(self._nothing_shown_text(bool(rows)))
        self.list_filled.emit(len(rows))

    def _missing_file_back(self) -> bool:
        """The article whose file was missing is listed and on disk again
        (a sync tool put it back)."""
        failed, library = self._failed_article, self.library
        if failed is None or library is None or not self._failed_missing:
            return False
        return self.list_model.row_of(failed) >= 0 and (library.root / failed).is_file()

    def _nothing_shown_text(self, rows: bool) -> str:
        """What the reader says while no article is chosen."""
        if self._node_key[0] == UNREADABLE:  # a file or folder that could not be read
            path = self._node_key[1]
            why = self.nav_model.unreadable().get(path)
            if why is not None:
                return unreadable_label(path, why)
        if rows:
            return self.tr("Choose an article from the list to read it.")
        return self.saved_searches.selected_problem() or self.tr("No articles here.")

    def _update_count(self) -> None:
        count = self.list_model.rowCount()
        search = self.list_pane.search
        if search is not None:
            text = self.tr("%n result(s)", "", search.total)
            scope = self.list_pane.scope_label()
            if scope:
                text = self.tr("%1 in %2").replace("%1", text).replace("%2", scope)
            if self.list_pane.index_building:
                text = self.tr("%1 so far (the search index is still being built)").replace(
                    "%1", text
                )
        else:
            if not self.list_model.complete:  # the first rows: the group says how many
                index = self.nav_model.find(self._node_key)
                count = max(count, self.nav_model.node(index).count if index.isValid() else 0)
            text = self.tr("%n article(s)", "", count)
        self.count_label.setText(text)

    def current_article(self) -> str | None:
        if self.list_pane.has_current():
            return self.list_pane.current_path()
        return self.reader.current

    def focus_search(self) -> None:
        self.list_pane.focus_search()

    # -- the reader ----------------------------------------------------------------------

    def open_current(self) -> None:
        self.list_pane.open_current()

    def render_options(self) -> dict:
        s = self.settings
        size = fitted_font_size(s.get("font_size")) or 12.0
        policy = s.get("remote_images")
        return {
            "theme": effective_theme(s.get("theme")),
            "remote_images": policy == "always",
            "allowed_hosts": frozenset(s.get("allowed_hosts")),
            "cache_dir": self.images_dir,
            "locale": self.locale_name(),
            "font_size": round(size * ZOOM_STEP ** s.get("zoom"), 1),
        }

    def locale_name(self) -> str:
        app = QApplication.instance()
        language = app.property("readerLanguage") if app is not None else None
        return language or self.locale().name()

    def show_article(self, rel: str, *, reload: bool = False, anchor: str = "") -> None:
        """Show the article ``rel`` (at ``anchor``, a link's ``#place``, when given)."""
        library = self.library
        if library is None or not rel:
            return
        self._went_away = None  # (another article asked for: that one is shown)
        if rel != self.reader.current:
            if self.editing.form_rel() not in (None, rel) and not self.editing.confirm_leave():
                if not self.editing.asking_to_leave():  # (else the open question decides)
                    self.list_pane.reselect(self.reader.current)
                return
            self._save_position()
            self._image_failures = None
            self.editing.switching_to(rel)
        self._render_generation += 1
        generation = self._render_generation
        self._render_target = rel
        # the reading font is the reader's own: printing keeps its own font
        options = dict(self.render_options(), font_family=self.settings.get("font_family"))
        root = library.root
        position = None
        if not reload and rel != self.reader.current:
            position = self.reading.position(rel)
            if position is None:  # no reading state (yet): the old place, in the settings
                position = self.settings.reading_position(str(root), rel)
        # Watch before the worker reads: a change landing meanwhile then still
        # gives an event, and with it another render (see reader.ui.watcher).
        path = os.fspath(root.joinpath(*rel.split("/")))
        self.watcher.watch_file(path)
        if not reload:
            # An article that takes a while (a megabyte of text) is said to be
            # on its way: the pane kept the one before, or "Choose an article"
            opening = self._opening_text(rel)

            def still_opening() -> None:
                if (
                    generation == self._render_generation
                    and self._rendered_generation != generation
                ):
                    self.statusBar().showMessage(opening)

            QTimer.singleShot(OPENING_NOTICE_MS, self, still_opening)

        def work():
            from reader.core.library.sitecontext import site_context_for  # off the GUI thread
            from reader.core.render.cache import RenderCache  # imported off the GUI thread
            from reader.core.render.pipeline import render_article

            cache = self._render_cache
            if cache is None:
                cache = self._render_cache = RenderCache()
            state = DiskState.of(path)  # before reading: the bytes are at least this new
            try:
                article = library.load(rel)
            except Exception as exc:
                if not os.path.lexists(path):  # gone (or never there): said as such
                    raise ArticleMissing(path) from exc
                raise
            site = site_context_for(article, library=library)  # Jekyll/Hugo templates
            context = site.context if site is not None else None
            rendered = render_article(
                article, library_root=root, site=context, cache=cache, **options
            )
            return article, rendered, state

        def done(result):
            if generation != self._render_generation:
                return
            self._rendered_generation = generation
            self._end_opening_notice(rel)
            article, rendered, state = result
            self._shown_disk = (rel, article.raw, state)
            if state.file is not None:
                self._last_shown = (rel, article.raw, state.file[0])
            self._failed_article = None
            self.reader.show_result(rel, rendered, position, options["font_size"], anchor)
            failures = self._image_failures
            if failures is not None and failures[0] == rel and rendered.blocked_remote:
                self.reader.banner.show_failed(
                    {u: r for u, r in failures[1].items() if u in rendered.blocked_remote}
                    or failures[1]
                )
            self.editing.article_loaded(rel, article)
            self.settings.set("last_article", rel)
            self.article_shown.emit(rel)

        def failed(exc):
            if generation == self._render_generation:
                self._rendered_generation = generation
                self._end_opening_notice(rel)
                self._shown_disk = None
                self._failed_article = rel
                self._failed_missing = isinstance(exc, ArticleMissing)
                self.reader.show_message(self._failure_text(exc))
                self.editing.switch_failed(rel)

        self.session.run(work, done, failed)

    def _opening_text(self, rel: str) -> str:
        return self.tr("Opening %1…").replace("%1", one_line(rel))

    def _end_opening_notice(self, rel: str) -> None:
        if self.statusBar().currentMessage() == self._opening_text(rel):
            self.statusBar().clearMessage()

    def stop_showing(self) -> None:
        """The article shown went away through the window (its file moved
        to the trash): the reader shows nothing, and a render or a check of
        it still running, started by the watcher when the file went, is
        dropped (it said the file was missing)."""
        self._went_away = self.reader.current
        self._render_generation += 1
        self._rendered_generation = self._render_generation
        self._render_target = self._shown_disk = self._failed_article = None
        self.reader.clear()

    def _failure_text(self, exc: BaseException) -> str:
        """What the reader says when an article cannot be shown: a missing
        file in the window's words, any other error as it came, after a
        sentence that says what failed."""
        if isinstance(exc, ArticleMissing):
            return "\n".join(
                (
                    self.tr("This article's file is missing: %1").replace("%1", one_line(exc.path)),
                    self.tr("It may have been moved, renamed or deleted."),
                )
            )
        return f"{self.tr('This article cannot be shown:')}\n{exc}"

    def rerender(self) -> None:
        if self.reader.current:
            self.show_article(self.reader.current, reload=True)

    def _save_position(self) -> None:
        if self.library is not None and self.reader.current:
            fraction = self.reader.browser.scroll_fraction()
            if not self.reading.save_position(self.reader.current, fraction):
                self.settings.set_reading_position(
                    str(self.library.root), self.reader.current, fraction
                )

    def follow_link(self, url: QUrl) -> None:
        """Web links open in the browser; links to articles open here, only
        inside the library (reader.core.article.boundary: links out of it, symbolic
        ones too, are not followed)."""
        scheme = url.scheme()
        if scheme in ("http", "https", "") and self._follow_address(url):
            return  # (a link by the site's address to one of its articles)
        if scheme in ("http", "https", "mailto", "ftp"):
            from PySide6.QtGui import QDesktopServices

            if not QDesktopServices.openUrl(url):
                address = shown_address(url)
                clipboard = QApplication.clipboard()
                if clipboard is not None:
                    clipboard.setText(url.toString())
                self.statusBar().showMessage(
                    self.tr("No web browser could open %1; the address was copied.").replace(
                        "%1", address
                    ),
                    15000,
                )
            return
        if scheme not in ("", "file") or self.library is None:
            return
        if scheme == "" and not url.path() and url.fragment():
            self.reader.browser.scrollToAnchor(url.fragment())
            return
        root = self.library.root
        if url.scheme() == "file":
            target = Path(url.toLocalFile())
            try:
                rel = target.resolve().relative_to(root).as_posix()
            except (OSError, ValueError, RuntimeError):
                rel = url.toLocalFile()
        else:
            base = posixpath.dirname(self.reader.current or "")
            rel = posixpath.normpath(posixpath.join(base, unquote(url.path())))
        outside = rel == ".." or rel.startswith(("../", "/"))
        from reader.core.article.boundary import within  # not needed at start-up

        if outside or not (root / rel).is_file() or not within(root / rel, root):
            self.statusBar().showMessage(
                self.tr("Not found: %1").replace("%1", one_line(rel)), 5000
            )
            return
        # (selected, not opened: the list's delayed open of its row showed it
        # again over this one, at its start instead of at the anchor)
        self.list_pane.select_listed(rel)
        self.show_article(rel, anchor=url.fragment())

    def _follow_address(self, url: QUrl) -> bool:
        """Open the article a link by the site's own address names (a path
        from the site's root, or its full address: see
        reader.core.library.addresses); False when it names none."""
        from reader.core.article.model import ArticleError

        library = self.library
        if library is None or (not url.scheme() and not url.path().startswith("/")):
            return False
        try:
            encoded = QUrl.ComponentFormattingOption.FullyEncoded
            rel = library.article_at_address(url.toString(encoded))
        except ArticleError:  # (the index cannot be read now: followed as before)
            return False
        if rel is None or not (library.root / rel).is_file():
            return False
        # (selected, not opened: the list's delayed open of its row showed it
        # again over this one, at its start instead of at the anchor)
        self.list_pane.select_listed(rel)
        self.show_article(rel, anchor=url.fragment())
        return True

    def load_images_once(self) -> None:
        """Fetch the blocked remote images of the article shown, once, through
        the core's checked downloader (its size, type and time limits) into
        the image cache, then show them; say which failed and why."""
        result = self.reader.result
        rel = self.reader.current
        if result is not None and rel is not None and self.reader.browser.fetch_failures:
            self.reader.banner.reset_button()
            self.show_article(rel, reload=True)  # Try again: allowed images fetch anew
            return
        if result is None or rel is None or not result.blocked_remote:
            return
        urls = list(result.blocked_remote)
        images_dir = self.images_dir
        self.reader.banner.show_loading()

        def work():
            from reader.core.render.offline import download_images

            return download_images(urls, cache_dir=images_dir)

        def done(report):
            self._image_failures = (rel, dict(report.failed)) if report.failed else None
            if report.failed:
                first, reason = next(iter(report.failed.items()))
                self.statusBar().showMessage(
                    self.tr("%n image(s) could not be loaded", "", len(report.failed))
                    + f": {first}: {reason}",
                    15000,
                )
            if rel == self.reader.current:
                self.reader.banner.reset_button()
                self.show_article(rel, reload=True)

        def failed(exc):
            self._image_failures = (rel, dict.fromkeys(urls, str(exc)))
            if rel == self.reader.current:
                self.reader.banner.show_failed(self._image_failures[1])

        self.session.run(work, done, failed)

    def _link_hovered(self, address: str) -> None:
        """The address of the link under the mouse, in the status bar."""
        if address:
            self.statusBar().showMessage(address)
        else:
            self.statusBar().clearMessage()

    def always_allow_hosts(self) -> None:
        result = self.reader.result
        if result is None or not result.remote_hosts:
            return
        hosts = sorted(set(self.settings.get("allowed_hosts")) | set(result.remote_hosts))
        self.settings.set("allowed_hosts", hosts)
        self.rerender()

    def zoom(self, step: int) -> None:
        zoom = 0 if step == 0 else max(-8, min(12, self.settings.get("zoom") + step))
        self.settings.set("zoom", zoom)
        self.rerender()

    def set_theme(self, theme: str) -> None:
        self.settings.set("theme", theme)
        self.apply_preferences()

    def apply_preferences(self) -> None:
        theme = self.settings.get("theme")
        self.theme_actions[theme].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_palette(app, effective_theme(theme))
        # the menus' check boxes ("Edit Front Matter") with an outline that shows
        outline_indicators(self.menuBar().findChildren(QMenu), effective_theme(theme))
        self.rerender()

    def show_preferences(self) -> None:
        from reader.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec():
            self.apply_preferences()
            # also a language chosen before, when the window could not open in it then
            if self.settings.get("language") != self.built_language:
                self.change_language()

    def change_language(self) -> MainWindow | None:
        """Open the window again in the language now set (:meth:`reopen`);
        when it cannot be now, say why (the language then applies at the
        next start)."""
        successor = self.reopen()
        if successor is not None:
            return successor
        problem = self.editing.handover_problem()
        later = self.tr("The new language applies at the next start.")
        self.show_status(later, 10000)
        if problem is not None:
            from reader.ui.form import dialogs

            why = self.tr(
                "The window cannot open again in the new language now: the front "
                "matter form holds input that does not parse, which would be lost "
                "(%1). Correct or undo it, then choose the language again."
            ).replace("%1", one_line(problem))
            dialogs.inform(self, self.tr("Language Not Changed"), f"{why}\n\n{later}")
        return None

    def reopen(self) -> MainWindow | None:
        """Open the window again in the language now set (same library,
        article, group, search, geometry and panes, the groups open and the
        pane with the keyboard; the find bar with its text and match; the
        front-matter form as it is, with its unsaved edits, its undo steps
        and its tab, even when its file went away meanwhile) and close this
        one.  None when the form holds typed input that does not parse,
        which only its field keeps (see :meth:`change_language`): the window
        then stays as it is."""
        focus = self.focusWidget()  # (before the form goes, which moves it)
        self.editing.commit_typing()  # a tag typed without Enter goes along
        if self.editing.handover_problem() is not None:
            return None
        from reader.ui.language import switch_language

        app = QApplication.instance()
        if app is None:
            return None
        carried = self.editing.handover()
        root = str(self.library.root) if self.library is not None else None
        if carried is not None and root is None:
            return None  # edits with no library to open them in again: kept here
        switch_language(app, self.settings.get("language"))
        self.save_state()
        article = self.reader.current
        if carried is not None:
            article = carried.rel
            self.editing.clear()  # the edits move to the new window: nothing to ask here
        successor = MainWindow(self.settings, self.cache_dir)
        self.successor = successor
        successor._expand_first = self._expanded_keys()  # the groups open stay open
        # the search typed goes along, within the group it searched
        successor.search_field.setText(self.search_field.text())
        if root is not None:
            successor.open_library(root, article)
            successor._node_key = self._node_key  # selected once the groups are in
            if carried is not None:
                successor.take_form(carried)
        find = self.reader.find_state()  # the find bar too: its text, open, its match
        if find is not None:
            successor.reader.take_find(find, article)
        # the keyboard in the same pane (the form and the find bar took theirs)
        panes = (
            (self.tree, successor.tree),
            (self.list_view, successor.list_view),
            (self.reader.browser, successor.reader.browser),
            (self.search_field, successor.search_field),
        )
        for pane, same in panes:
            if focus is pane:
                same.setFocus(Qt.FocusReason.OtherFocusReason)
        successor.show()
        self.reopened.emit(successor)
        self.close()
        return successor

    def take_form(self, carried: FormHandover) -> None:
        """Show the front-matter form as ``carried`` has it (an article's
        edit, unsaved changes, undo steps and tab included) at once, and let
        it follow the library once that article is shown: how a window
        opened in a new language takes over the one it replaces."""
        self.editing.take_over(carried)

        def shown(shown_rel: str) -> None:
            if shown_rel == carried.rel:
                self.article_shown.disconnect(shown)
                self.editing.follow_library(shown_rel)

        self.article_shown.connect(shown)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About Article Reader"),
            self.tr(
                "Article Reader %1\nRead and losslessly edit folders of articles with front matter."
            ).replace("%1", __version__),
        )

    # -- offline copies ------------------------------------------------------------------

    def offline_article(self) -> None:
        if self.reader.current:
            self.offline.make_offline([self.reader.current])

    def offline_group(self) -> None:
        if self.library is not None:  # a search's matches all, not the pages fetched only
            self.offline.make_offline(self.list_pane.listed_paths_job(self.library))

    def offline_library(self) -> None:
        if self.library is not None:
            self.offline.make_offline(None)

    def cancel_background(self) -> None:
        self.offline.cancel()
        self.session.cancel_background()

    def show_progress(self, what: str, done: int, total: int) -> None:
        """Background work ``what`` has done ``done`` of ``total`` (done >= total: over)."""
        labels = {
            "index": self.tr("Indexing %p%"),
            "fulltext": self.tr("Search index %p%"),
            "offline": self.tr("Offline copies %p%"),
        }
        if what in ("index", "fulltext"):
            # a search meanwhile finds part of what it will: said, in its
            # count and when it finds nothing ("No articles match", then
            # counts that grew, read as final)
            building = not (total and done >= total)
            if building != self.list_pane.index_building:
                self.list_pane.set_index_building(building)
                self._update_count()
        if total and done >= total:
            self.progress.hide()
            self.cancel_button.hide()
            return
        self.progress.setFormat(labels.get(what, "%p%"))
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self.progress.show()
        self.cancel_button.show()

    # -- external changes ----------------------------------------------------------------

    def _external_change(self, paths: list[str]) -> None:
        """Files changed on disk: re-index them (the session queues what
        arrives while it is busy) and check the article being shown, or being
        rendered, when it or its folder is among them."""
        self.check_library_folder()
        self.session.update_paths(paths)
        rendering = self._rendered_generation != self._render_generation
        target = self._render_target if rendering else self.reader.current
        # (an article that could not be shown, a FIFO in its place: shown
        # once its file is back, not only when another one is chosen)
        target = target or self._failed_article
        if target and self.library is not None:
            absolute = os.fspath(self.library.root.joinpath(*target.split("/")))
            if absolute in paths or os.path.dirname(absolute) in paths:
                self._reload_if_changed(target)
        self.library_changed.emit()

    def check_library_folder(self, *_args: object) -> None:
        """The library's own folder moved or deleted: said, and standing until
        it is back (its reading state is kept; nothing is written there).
        Back, it is watched and read again: files may have changed meanwhile."""
        library = self.library
        if library is None:
            return
        gone = not os.path.isdir(library.root)
        identity = _folder_identity(library.root)
        # back, or another folder put in its place (mv lib lib.old; mv new lib):
        # the watches of before are on what went away
        back = not gone and (self._library_gone or identity != self._library_identity)
        self._library_gone = gone
        if identity is not None:
            self._library_identity = identity
        if back:  # what changed meanwhile is read again, and watched where it is now
            self.watcher.rewatch()
            self.session.refresh()
        self.session.warn(
            LIBRARY_GONE,
            self.tr(
                "The folder %1 is no longer there (moved, renamed or deleted). Nothing "
                "is saved until it is back; to read it where it is now, open that folder."
            ).replace("%1", os.fspath(library.root))
            if gone
            else "",
            self.tr("Library folder gone"),
        )

    def _reload_if_changed(self, rel: str) -> None:
        """Render ``rel`` again when its bytes, or its folder's entries (an
        image may have appeared), changed since it was shown.

        While a render is still running it may have read the file before the
        change, so a new one starts (and supersedes it).  Otherwise a worker
        compares: the file's :class:`DiskState` first (no read, so an event
        caused by reading, an access-time update, cannot cause another), then
        the bytes."""
        library = self.library
        shown = self._shown_disk
        if library is None:
            return
        if self._rendered_generation != self._render_generation or shown is None or shown[0] != rel:
            self.show_article(rel, reload=True)
            return
        generation = self._render_generation
        path = os.fspath(library.root.joinpath(*rel.split("/")))
        _rel, raw, state = shown

        def work():
            now = DiskState.of(path)
            if now == state and state.settled():
                return None
            return library.load(rel), now

        def done(result):
            if result is None or generation != self._render_generation:
                return  # unchanged, or a newer render read the file after us
            article, now = result
            if article.raw != raw or now.folder != state.folder:
                self.show_article(rel, reload=True)
                return
            self._shown_disk = (rel, raw, now)
            self.editing.article_loaded(rel, article)  # same bytes, maybe touched

        def failed(_exc):
            if generation == self._render_generation:
                self.show_article(rel, reload=True)  # which shows why

        self.session.run(work, done, failed)

    # -- window state ----------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = self.settings
        if s.get("geometry").isEmpty() or not self.restoreGeometry(s.get("geometry")):
            self.fit_to_screen()
        elif not self._fits_screen():
            self.fit_to_screen()  # saved on a larger screen (or at a smaller scale)
        if not s.get("window_state").isEmpty():
            self.restoreState(s.get("window_state"))
        if not s.get("main_splitter").isEmpty():
            self.splitter.restoreState(s.get("main_splitter"))
        if not s.get("reader_splitter").isEmpty():
            self.reader.restore_panes(s.get("reader_splitter"))
        self.reader.panel_width = s.get("side_panel_width") or None
        if not s.get("list_header").isEmpty():
            self.list_pane.restore_header(s.get("list_header"))
        self.window_actions.update_recent(s.get("recent_libraries"))

    def _fits_screen(self) -> bool:
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return True
        area = screen.availableGeometry()
        return self.width() <= area.width() and self.height() <= area.height()

    def fit_to_screen(self) -> None:
        """The first-start size: the screen's available area (panels and docks
        excluded) less the window frame on a laptop, most of it on a large
        screen, centred; the panes shared 2 : 3 : 6 between tree, list and
        reader."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(1200, 760)
            return
        area = screen.availableGeometry()
        frame = 40  # title bar and borders, before the window has a frame to measure
        # A laptop screen is used whole; a large one mostly (4/5), up to 2400×1500.
        width = area.width() - 16 if area.width() <= 1600 else min(area.width() * 4 // 5, 2400)
        height = (
            area.height() - frame
            if area.height() <= 1000
            else min(area.height() * 17 // 20, 1500, area.height() - frame)
        )
        width, height = max(320, width), max(240, height)
        self.resize(width, height)
        self.move(
            area.left() + (area.width() - width) // 2,
            area.top() + max(0, (area.height() - height - frame) // 2),
        )
        self.splitter.setSizes(self.pane_sizes(width))

    def widen_reader(self, width: int) -> None:
        """Give the reader ``width`` pixels, as far as the list can spare
        them and keep its columns, then the tree, keeping its groups' names."""
        tree, listed, reader = self.splitter.sizes()
        short = width - reader
        if short <= 0 or not self.splitter.isVisible():
            return
        from_list = min(short, max(0, listed - max(260, self.list_pane.columns_width())))
        from_tree = min(short - from_list, max(0, tree - max(180, self._tree_needed())))
        if from_list or from_tree:
            self.splitter.setSizes(
                [tree - from_tree, listed - from_list, reader + from_list + from_tree]
            )

    def pane_sizes(self, width: int) -> list[int]:
        """The first-start widths of tree, list and reader in a window
        ``width`` wide: 2 : 3 : 6, the tree widened (up to 3/10) until its
        group names, bold, and their counts fit."""
        # (at least room for a category's name a level down: in a window 800
        # pixels wide the tree had 140, "Co… (1)", "Cra… (1)")
        tree = max(width * 2 // 11, min(max(self._tree_needed(), 200), width * 3 // 10))
        return [tree, width * 3 // 11, width - tree - width * 3 // 11]

    def _tree_needed(self) -> int:
        """The tree's width for its group names, bold, and their counts."""
        from PySide6.QtWidgets import QStyle

        from reader.ui.models import group_labels

        bold = QFont(self.tree.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        label = max(metrics.horizontalAdvance(text) for text in group_labels())
        style = self.tree.style()
        indent = self.tree.indentation() + 2 * style.pixelMetric(
            QStyle.PixelMetric.PM_FocusFrameHMargin
        )
        # the label with its unread count, "Unread (1,234)", and the count's column
        unread = metrics.horizontalAdvance(" (000)")
        return label + unread + indent + metrics.horizontalAdvance(" 00,000") + 24

    def save_state(self) -> None:
        s = self.settings
        self._save_position()
        self.reading.finish_writes()  # (a position not saved there: in the settings)
        s.set("geometry", self.saveGeometry())
        s.set("window_state", self.saveState())
        s.set("main_splitter", self.splitter.saveState())
        s.set("reader_splitter", self.reader.splitter.saveState())
        s.set("side_panel_width", self.reader.panel_width or 0)
        s.set("list_header", self.list_view.header().saveState())
        s.sync()

    def closeEvent(self, event) -> None:
        if not self.editing.confirm_leave():
            event.ignore()
            return
        self.save_state()
        self.collections.stop_exports()  # (before the library they read closes)
        self.reading.close()
        self.watcher.clear()
        self.session.close()
        super().closeEvent(event)

    # -- drag and drop -----------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and os.path.exists(urls[0].toLocalFile()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = event.mimeData().urls()
        files = [url.toLocalFile() for url in urls if url.isLocalFile()]
        if files and self.collections.dropped(files):
            event.acceptProposedAction()
            return
        if urls and urls[0].isLocalFile():
            self.open_path(urls[0].toLocalFile())
            event.acceptProposedAction()
