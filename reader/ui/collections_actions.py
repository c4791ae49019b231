"""The window's side of collections: Export (a selection, the group or
search listed), Print (Ctrl+P) and Import Web Pages (also by dropping
pages on the window).  Holds no state of its own beyond its helpers; the
window creates one and the menus call it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QMenu

from reader.ui.web_import import WebImport, is_web_page

if TYPE_CHECKING:
    from reader.ui.export_dialog import ExportDialog
    from reader.ui.main_window import MainWindow

__all__ = ["CollectionsActions"]


class CollectionsActions(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.web_import = WebImport(lambda: window.library, window, window.run)
        self.web_import.message.connect(lambda text: window.show_status(text, 8000))
        self.web_import.imported.connect(self._imported)
        self.export_dialog: ExportDialog | None = None

    # -- export ---------------------------------------------------------------------------

    def group_name(self) -> str:
        w = self._window
        search = w.list_pane.search_field.text().strip()
        if search:
            return search
        return w.nav_model.name(w.nav_model.find(w.node_key))

    def show_export(
        self, paths: list[str] | None = None, group: str | None = None
    ) -> ExportDialog | None:
        """Open the Export dialog for ``paths`` (default: the articles
        listed) and the selected article."""
        from reader.ui.export_dialog import ExportChoices, ExportDialog

        w = self._window
        library = w.library
        if library is None:
            w.show_status(self.tr("Open a library first."), 5000)
            return None
        if paths is None:  # a search's matches all, not only the pages fetched yet
            paths = w.list_pane.listed_paths_job(library)()
        dialog = ExportDialog(
            library,
            paths,
            w.current_article(),
            self.group_name() if group is None else group,
            locale=w.locale_name(),
            image_cache=w.images_dir,
            last=ExportChoices(
                w.settings.get("export_format"),
                w.settings.get("export_toc"),
                w.settings.get("export_folder"),
            ),
            parent=w.dialog_parent,
        )
        dialog.exported.connect(lambda _result: self._keep_choices(dialog))
        self.export_dialog = dialog
        dialog.show()
        return dialog

    def _keep_choices(self, dialog: ExportDialog) -> None:
        """An export made: the next one starts from its format, contents and folder."""
        choices = dialog.choices()
        settings = self._window.settings
        settings.set("export_format", choices.export_format)
        settings.set("export_toc", choices.toc)
        settings.set("export_folder", choices.folder)

    def stop_exports(self) -> None:
        """Cancel every export under way and wait for its worker: the window
        is closing (see :meth:`ExportDialog.stop`)."""
        from reader.ui.export_dialog import ExportDialog

        for dialog in self._window.findChildren(ExportDialog):
            dialog.stop()

    def add_tree_actions(self, menu: QMenu, index: QModelIndex) -> None:
        """Add "Export This Group…" for the tree node at ``index`` to ``menu``."""
        w = self._window
        node = w.nav_model.node(index)
        name = w.nav_model.name(index)

        def export_node() -> None:
            work = w.reading.group_paths(node.key)
            if work is not None:
                self.show_export(work(), name)

        if menu.actions():
            menu.addSeparator()
        action = menu.addAction(self.tr("Export This Group…"))
        action.triggered.connect(export_node)

    # -- print ----------------------------------------------------------------------------

    def print_current(self) -> None:
        """Print the article being read (Ctrl+P)."""
        from reader.ui.printing import print_article

        w = self._window
        html = self.current_print_html()
        if html is None:
            w.show_status(self.tr("Choose an article to print."), 5000)
            return
        title, text, folder = html
        print_article(w.dialog_parent, text, title, folder)

    def current_print_html(self) -> tuple[str, str, str] | None:
        """(title, HTML in the light theme, folder) of the article being read."""
        from reader.core.article.model import ArticleError
        from reader.core.library.sitecontext import site_of
        from reader.core.render.pipeline import render_article

        w = self._window
        library, rel = w.library, w.reader.current
        if library is None or not rel:
            return None
        try:
            article = library.load(rel)
        except ArticleError as exc:
            w.show_status(str(exc), 8000)
            return None
        options = dict(w.render_options(), theme="light", font_size=None)
        site = site_of(article, library=library)  # Jekyll/Hugo templates, as the reader shows
        rendered = render_article(article, library_root=library.root, site=site, **options)
        folder = os.fspath(library.root.joinpath(*rel.split("/")).parent) + os.sep
        return rendered.title, rendered.html, folder

    # -- import -----------------------------------------------------------------------------

    def dropped(self, paths: list[str]) -> bool:
        """Import dropped saved pages into the open library; False when they
        are not pages (the window then opens what was dropped)."""
        pages = [path for path in paths if is_web_page(path)]
        if not pages or self._window.library is None:
            return False
        root = self._window.library.root
        if any(os.path.abspath(p).startswith(os.fspath(root) + os.sep) for p in pages):
            return False  # a page inside the library is an article to open
        self.web_import.import_files(pages)
        return True

    def _imported(self, paths: list[str]) -> None:
        w = self._window
        w.update_paths(paths)
        w.show_after_change(paths[0])
