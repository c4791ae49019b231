"""What the edit controller needs from the window it edits in.

:class:`~reader.ui.form.controller.EditController` talks to the window only
through :class:`EditorHost`; :class:`~reader.ui.main_window.MainWindow`
implements it with public members, and the controller never imports the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMenu, QWidget

    from reader.core.library.catalog import Taxonomy
    from reader.core.library.facade import Library
    from reader.ui.reader_view import ReaderView
    from reader.ui.tasks import Task

__all__ = ["EditorHost"]


class EditorHost(Protocol):
    """The window, as the edit controller sees it."""

    @property
    def library(self) -> Library | None:
        """The open library (None before one is opened)."""
        ...

    @property
    def taxonomy(self) -> Taxonomy | None:
        """The library's groups as last read (completions for the form)."""
        ...

    @property
    def node_key(self) -> tuple:
        """The key of the group selected in the navigation tree."""
        ...

    @property
    def images_dir(self) -> str | None:
        """Where offline copies of remote images are kept."""
        ...

    @property
    def reader(self) -> ReaderView:
        """The reader pane (the form docks beside it)."""
        ...

    @property
    def dialog_parent(self) -> QWidget:
        """The widget dialogs and the source editor open over."""
        ...

    def add_action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[..., Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | list | None = None,
        name: str = "",
        before: QAction | None = None,
    ) -> QAction:
        """A new action in ``menu`` (before ``before``, else at its end),
        its shortcut working anywhere in the window."""
        ...

    def show_status(self, text: str, ms: int) -> None:
        """A message in the status bar for ``ms`` milliseconds."""
        ...

    def take_back_status(self, text: str) -> None:
        """Clear the status bar's message if it is still ``text`` (said of
        something that no longer holds)."""
        ...

    def warn(self, what: str, why: str, name: str = "") -> None:
        """Begin (``why``) or end (``""``) the standing warning ``what``,
        shown in the status bar as ``name`` (translated) until it ends (see
        :meth:`reader.ui.session.LibrarySession.warn`)."""
        ...

    def set_modified(self, rel: str | None) -> None:
        """``rel`` has unsaved edits (None: nothing has)."""
        ...

    def run(self, work: Callable[..., Any], done=None, failed=None, **kwargs) -> Task:
        """Run ``work`` on the library session's workers."""
        ...

    def update_paths(self, paths: list[str]) -> None:
        """These files changed through us: the index and the groups follow."""
        ...

    def show_after_change(self, rel: str | None) -> None:
        """The library changed on disk through us: groups and list follow, and
        ``rel`` (if given) is selected and shown once listed."""
        ...

    def stop_showing(self) -> None:
        """The article shown went away through us (moved to the trash): the
        reader shows nothing, and what was still reading it is dropped."""
        ...

    def library_folders(self) -> list[str]:
        """The library's folders (absolute paths)."""
        ...

    def show_article(self, rel: str, *, reload: bool = False) -> None:
        """Show ``rel`` in the reader (``reload``: read it again)."""
        ...

    def rerender(self) -> None:
        """Render the article being shown again."""
        ...

    def widen_reader(self, width: int) -> None:
        """Give the reader pane ``width`` pixels if the tree and the list can
        spare them (a panel opened beside the article)."""
        ...
