"""The window's site actions: Publish, Unpublish (Article menu) and
Schema › Infer Schema (Edit menu).  They run through the library
(:meth:`~reader.core.library.facade.Library.publish`,
:meth:`~reader.core.library.facade.Library.save_schema`) on a worker; a
publish is undone with Edit › Undo Last Bulk Edit."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from reader.ui.shown_text import one_line

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

__all__ = ["SiteActions"]


class SiteActions(QObject):
    """Adds the site actions to ``article_menu`` and ``edit_menu``."""

    def __init__(self, window: MainWindow, article_menu: QMenu, edit_menu: QMenu):
        super().__init__(window)
        self._window = window
        article_menu.addSeparator()
        self.publish_action = window.add_action(
            article_menu,
            self.tr("Publis&h Draft"),
            partial(self.publish, True),
            "Ctrl+Alt+P",
            "publish",
        )
        self.unpublish_action = window.add_action(
            article_menu,
            self.tr("Unpu&blish Post"),
            partial(self.publish, False),
            "Ctrl+Alt+Shift+P",
            "unpublish",
        )
        schema_menu = edit_menu.addMenu(self.tr("Sc&hema"))
        schema_menu.setObjectName("schemaMenu")
        self.infer_action = window.add_action(
            schema_menu, self.tr("&Infer Schema"), self.infer_schema, "Ctrl+Alt+S", "inferSchema"
        )
        window.session.opened.connect(self._opened)

    def _opened(self, library) -> None:
        """A site whose configuration is missing or broken is said so (it
        changes nothing: the site's defaults are used), and so is a
        configuration that is no file (a FIFO, a folder, a link to nothing),
        which makes its folder no site at all: its posts would show their
        Liquid and shortcodes raw, and nothing else would say why."""
        site = library.site  # read on the worker already, with the groups
        problems = list(site.problems) if site is not None else []
        if site is None:
            from reader.core.article.boundary import unusable_configs

            problems = unusable_configs(library.root)  # (a few stat calls)
        if problems:
            text = self.tr("Site configuration: %1").replace("%1", problems[0])
            self._window.show_status(text, 15000)

    def publish(self, publish: bool = True) -> None:
        w = self._window
        library, rel = w.library, w.reader.current
        if library is None or not rel:
            w.show_status(self.tr("Open an article first."), 5000)
            return
        if library.site is None:
            w.show_status(self.tr("This library is not a Hexo, Jekyll or Hugo site."), 8000)
            return
        if not w.editing.confirm_leave():
            return

        def done(new_rel: str) -> None:
            w.show_after_change(new_rel)
            text = (
                self.tr("Published %1 (Edit › Undo Last Bulk Edit undoes it)")
                if publish
                else self.tr("Unpublished %1 (Edit › Undo Last Bulk Edit undoes it)")
            )
            w.show_status(text.replace("%1", new_rel), 10000)

        w.editing.hold_during(
            rel,
            lambda: library.publish(rel, publish=publish),
            done,
            lambda exc: w.show_status(str(exc) or type(exc).__name__, 10000),
        )

    def infer_schema(self) -> None:
        w = self._window
        library = w.library
        if library is None:
            return

        def work() -> tuple[str, int]:
            path, added = library.save_schema(library.infer_schema())
            return str(path), len(added)

        def done(result: tuple[str, int]) -> None:
            path, added = result
            text = self.tr("Wrote %1: %n key(s) added.", "", added).replace("%1", one_line(path))
            w.show_status(text, 10000)
            w.show_after_change(None)

        def failed(exc: BaseException) -> None:
            why = one_line(str(exc) or type(exc).__name__)
            w.show_status(self.tr("Schema not saved: %1").replace("%1", why), 10000)

        w.run(work, done, failed)
