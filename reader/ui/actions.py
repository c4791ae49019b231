"""The window's menus and actions, with their keyboard shortcuts.

Every action is the window's (its shortcut works anywhere in it) and calls a
public method of the window or of one of its parts; the edit controller adds
its own actions to these menus (:meth:`EditController.build_actions`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from reader.ui.shown_text import literal

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

__all__ = ["WindowActions", "add_action"]

Shortcut = QKeySequence | QKeySequence.StandardKey | str | list


def add_action(
    owner: QWidget,
    menu: QMenu,
    text: str,
    slot: Callable[..., Any],
    shortcut: Shortcut | None = None,
    name: str = "",
    before: QAction | None = None,
) -> QAction:
    """A new action of ``owner`` in ``menu`` (before ``before``, else at its
    end); ``shortcut`` a key sequence, or a list of them.  ``slot`` is called
    without arguments."""
    action = QAction(owner)  # QAction(text, owner) would make QIcon's type, for its overloads
    action.setText(text)
    if shortcut is not None:
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(QKeySequence(shortcut))
    # triggered sends ``checked`` (False for a plain action); a slot's own
    # optional first parameter (Export's paths, a group's key) must never
    # take it: a checkable action's slot reads ``isChecked()`` itself.
    action.triggered.connect(lambda: slot())
    if name:
        action.setObjectName(name)
    if before is not None:
        menu.insertAction(before, action)
    else:
        menu.addAction(action)
    owner.addAction(action)
    return action


class WindowActions(QObject):
    """Builds the menu bar of ``window``: File, Edit, View, Article, Help."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        w = window
        bar = w.menuBar()
        sk = QKeySequence.StandardKey
        file_menu = bar.addMenu(self.tr("&File"))
        self.open_action = w.add_action(
            file_menu, self.tr("&Open Folder…"), w.choose_folder, sk.Open, "open"
        )
        self.recent_menu = file_menu.addMenu(self.tr("Open Re&cent"))
        file_menu.addSeparator()
        w.add_action(file_menu, self.tr("&Reload Library"), w.session.refresh, sk.Refresh, "reload")
        w.add_action(
            file_menu,
            self.tr("Make Library Available O&ffline"),
            w.offline_library,
            "Ctrl+Shift+L",
            "offlineLibrary",
        )
        file_menu.addSeparator()
        c = w.collections
        w.add_action(file_menu, self.tr("&Export…"), c.show_export, "Ctrl+Shift+E", "export")
        w.add_action(
            file_menu,
            self.tr("&Import Web Pages…"),
            c.web_import.choose_and_import,
            "Ctrl+Alt+O",
            "importPages",
        )
        w.add_action(file_menu, self.tr("&Print Article…"), c.print_current, sk.Print, "print")
        file_menu.addSeparator()
        w.add_action(file_menu, self.tr("&Quit"), w.close, "Ctrl+Q", "quit")

        reader = w.reader  # its find bar is made on first use
        edit_menu = bar.addMenu(self.tr("&Edit"))
        w.add_action(
            edit_menu, self.tr("&Find in Article…"), lambda: reader.find_bar.open(), sk.Find, "find"
        )
        w.add_action(
            edit_menu,
            self.tr("Find &Next"),
            lambda: reader.find_bar.find_next(),
            sk.FindNext,
            "findNext",
        )
        w.add_action(
            edit_menu,
            self.tr("Find &Previous"),
            lambda: reader.find_bar.find_previous(),
            sk.FindPrevious,
            "findPrevious",
        )
        w.add_action(edit_menu, self.tr("&Search Library…"), w.focus_search, "Ctrl+K", "search")
        edit_menu.addSeparator()
        w.add_action(
            edit_menu, self.tr("Pr&eferences…"), w.show_preferences, "Ctrl+,", "preferences"
        )

        view_menu = bar.addMenu(self.tr("&View"))
        w.add_action(
            view_menu, self.tr("Zoom &In"), partial(w.zoom, 1), ["Ctrl+=", "Ctrl++"], "zoomIn"
        )
        w.add_action(view_menu, self.tr("Zoom &Out"), partial(w.zoom, -1), "Ctrl+-", "zoomOut")
        w.add_action(view_menu, self.tr("&Actual Size"), partial(w.zoom, 0), "Ctrl+0", "zoomReset")
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        self.theme_group = QActionGroup(w)
        self.theme_actions: dict[str, QAction] = {}
        for value, label, key in (
            ("system", self.tr("Follow the &System"), "Ctrl+Shift+0"),
            ("light", self.tr("&Light"), "Ctrl+Shift+1"),
            ("dark", self.tr("&Dark"), "Ctrl+Shift+2"),
            ("sepia", self.tr("S&epia"), "Ctrl+Shift+3"),
        ):
            action = w.add_action(
                theme_menu, label, partial(w.set_theme, value), key, f"theme-{value}"
            )
            action.setCheckable(True)
            self.theme_group.addAction(action)
            self.theme_actions[value] = action
        view_menu.addSeparator()
        w.add_action(view_menu, self.tr("Go to &Groups"), w.tree.setFocus, "Ctrl+1")
        w.add_action(view_menu, self.tr("Go to Arti&cles"), w.list_view.setFocus, "Ctrl+2")
        w.add_action(view_menu, self.tr("Go to &Reader"), w.reader.browser.setFocus, "Ctrl+3")

        article_menu = bar.addMenu(self.tr("&Article"))
        article_menu.setObjectName("articleMenu")
        w.add_action(
            article_menu,
            self.tr("&Next Article"),
            partial(w.list_view.move_current, 1),
            "Alt+Down",
            "next",
        )
        w.add_action(
            article_menu,
            self.tr("&Previous Article"),
            partial(w.list_view.move_current, -1),
            "Alt+Up",
            "previous",
        )
        open_action = QAction(w.list_view)
        open_action.setText(self.tr("&Open Article"))
        open_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(w.open_current)
        article_menu.addAction(open_action)
        article_menu.addSeparator()
        self.load_images_action = w.add_action(
            article_menu,
            self.tr("&Load Remote Images Once"),
            w.load_images_once,
            "Ctrl+Shift+I",
            "loadImages",
        )
        w.add_action(
            article_menu,
            self.tr("Al&ways Load Images from This Site"),
            w.always_allow_hosts,
            "Ctrl+Alt+I",
            "allowHosts",
        )
        w.add_action(
            article_menu,
            self.tr("Make Article Available O&ffline"),
            w.offline_article,
            "Ctrl+Shift+O",
            "offlineArticle",
        )
        w.add_action(
            article_menu,
            self.tr("Make &Group Available Offline"),
            w.offline_group,
            "Ctrl+Shift+G",
            "offlineGroup",
        )

        w.editing.build_actions(file_menu, edit_menu, article_menu)
        w.reading.build_actions(article_menu, edit_menu)
        w.saved_searches.build_actions(edit_menu)
        from reader.ui.site_actions import SiteActions

        self.site_actions = SiteActions(w, article_menu, edit_menu)

        help_menu = bar.addMenu(self.tr("&Help"))
        w.add_action(help_menu, self.tr("&About Article Reader"), w.show_about, "F1", "about")

    def update_recent(self, recent: list[str]) -> None:
        """The Open Recent menu lists ``recent`` (newest first)."""
        self.recent_menu.clear()
        for number, path in enumerate(recent, 1):
            text = f"&{number} {literal(path)}" if number < 10 else literal(path)
            action = self.recent_menu.addAction(text)
            if number < 10:
                action.setShortcut(QKeySequence(f"Ctrl+Alt+{number}"))
            action.triggered.connect(partial(self._window.open_library, path))
        self.recent_menu.setEnabled(bool(recent))
