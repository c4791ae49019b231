"""Importing saved web pages in the window: pages dropped on it or chosen
with File ▸ Import Web Pages.  A page the library has already (the same
address or the same text) is a question for the user: skip it, keep both,
or replace the old article.

Reading the pages and looking for duplicates runs on a worker; the
questions are asked on the GUI thread; the import itself (through the
library's one write path) runs on a worker again.  Both run through the
window's ``run`` (its session's pool), whose closing of a library waits for
them: another library opened meanwhile no longer stops a search for
duplicates or an import midway (a statement running when a library closes
stops with an error).  An import that started after its library was closed
opens that library's index again, and closes it when done.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reader.core.convert import PAGE_SUFFIXES, SINGLE_FILE_SUFFIXES
from reader.ui.problem_text import failure_text
from reader.ui.tasks import run_task

if TYPE_CHECKING:
    from reader.core.library.facade import Library

__all__ = ["WebImport", "is_web_page"]


#: ``ask(page_title, existing_path, why)`` → "skip", "keep-both", "replace"
#: or "" to stop; the window's default asks with a message box.
Ask = Callable[[str, str, str], str]

#: ``run(work, done, failed)``: runs ``work`` on a worker, then ``done(result)``
#: or ``failed(exception)`` on the GUI thread (see :func:`run_task`).
Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], Any]


def is_web_page(path: str | os.PathLike) -> bool:
    return os.fspath(path).lower().endswith(PAGE_SUFFIXES) and os.path.isfile(path)


class WebImport(QObject):
    """Imports pages into the library ``library()`` returns."""

    imported = Signal(list)  # relative paths created or replaced
    message = Signal(str)  # a line for the status bar

    def __init__(self, library: Callable[[], Library | None], parent: QWidget, run: Run = run_task):
        super().__init__(parent)
        self._library = library
        self._run = run
        self._parent = parent
        self.ask: Ask = self._ask_user
        self._apply_all: str | None = None

    def choose_and_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(
            self._parent,
            self.tr("Import Web Pages"),
            "",
            self.tr("Saved web pages (*.html *.htm *.xhtml)"),
        )
        if files:
            self.import_files(files)

    def import_files(self, files: Sequence[str]) -> None:
        """Import ``files``: find duplicates first (worker), ask, then write."""
        library = self._library()
        if library is None:
            self.message.emit(self.tr("Open a library first, then drop the pages on it."))
            return
        from reader.core.article.model import ArticleError
        from reader.core.convert.webpage import find_duplicate, read_web_page

        pages = list(files)
        single_file = self.tr(
            "a single-file page (MHTML) cannot be imported; save the page as HTML"
        )

        def scan() -> list[tuple[str, str, str, str] | tuple[str, str]]:
            found: list[tuple[str, str, str, str] | tuple[str, str]] = []
            for path in pages:
                if os.fspath(path).lower().endswith(SINGLE_FILE_SUFFIXES):
                    found.append((path, f"{path}: {single_file}"))
                    continue
                try:
                    page = read_web_page(path)
                except ArticleError as exc:
                    found.append((path, failure_text(exc)))
                    continue
                duplicate = find_duplicate(library, page)
                if duplicate is not None:
                    found.append((path, page.title, duplicate[0], duplicate[1]))
            return found

        self._run(scan, lambda found: self._decide(library, pages, found), self._failed)

    def _decide(self, library: Library, pages: list[str], found: list) -> None:
        self._apply_all = None
        choices: dict[str, str] = {}
        errors = [item for item in found if len(item) == 2]
        for item in found:
            if len(item) != 4:
                continue
            path, title, existing, why = item
            choice = self._apply_all or self.ask(title, existing, why)
            if not choice:
                self.message.emit(self.tr("Import cancelled."))
                return
            choices[path] = choice
        wanted = [p for p in pages if p not in {e[0] for e in errors}]

        def work() -> tuple[list, list]:
            from reader.core.convert.webpage import import_page

            outcomes, failed = [], []
            for path in wanted:
                try:
                    # "skip": a page that was no duplicate when scanned may be one of an
                    # earlier page of this same drop (the same page dropped twice)
                    outcomes.append(import_page(library, path, choices.get(path, "skip")))
                except Exception as exc:
                    failed.append((path, failure_text(exc)))
            return outcomes, failed

        def failed(exc: BaseException) -> None:
            self._let_go(library)
            self._failed(exc)

        self._run(work, lambda result: self._done(result, errors, library), failed)

    def _let_go(self, library: Library) -> None:
        """Close ``library`` again if the window closed it meanwhile (the
        import opened its index again)."""
        if self._library() is not library:
            library.close()

    def _done(self, result: tuple[list, list], errors: list, library: Library) -> None:
        outcomes, failed = result
        changed = [o.path for o in outcomes if o.action != "skipped" and o.path]
        problems = [message for _, message in [*errors, *failed]]
        text = self.tr("Imported %n page(s).", "", len(changed))
        skipped = sum(1 for o in outcomes if o.action == "skipped")
        if skipped:
            text += " " + self.tr("%n duplicate(s) skipped.", "", skipped)
        if problems:
            text += " " + self.tr("%n page(s) could not be imported:", "", len(problems))
            text += " " + "; ".join(problems)
        # what of a page was left out (a date no time zone can write)
        notes = [f"{os.path.basename(o.page)}: {note}" for o in outcomes for note in o.warnings]
        if notes:
            text += " " + "; ".join(notes)
        self.message.emit(text)
        # (another library opened meanwhile: its window is not to show them)
        if changed and self._library() is library:
            self.imported.emit(changed)
        self._let_go(library)

    def _failed(self, exc: BaseException) -> None:
        self.message.emit(self.tr("Import failed: %1").replace("%1", failure_text(exc)))

    def _ask_user(self, title: str, existing: str, why: str) -> str:
        from PySide6.QtWidgets import QCheckBox, QMessageBox

        from reader.ui.form.dialogs import plain_box

        box = QMessageBox(self._parent)
        box.setWindowTitle(self.tr("Already in the Library"))
        reason = (
            self.tr("It has the same address as %1.")
            if why == "source"
            else self.tr("It has the same text as %1.")
        ).replace("%1", existing)
        box.setText(self.tr("“%1” is already in the library.").replace("%1", title))
        box.setInformativeText(reason)
        skip = box.addButton(self.tr("Skip"), QMessageBox.ButtonRole.RejectRole)
        both = box.addButton(self.tr("Keep Both"), QMessageBox.ButtonRole.AcceptRole)
        replace = box.addButton(self.tr("Replace"), QMessageBox.ButtonRole.DestructiveRole)
        stop = box.addButton(QMessageBox.StandardButton.Cancel)
        every = QCheckBox(self.tr("Do the same for the other duplicates"))
        box.setCheckBox(every)
        box.setDefaultButton(skip)
        plain_box(box)  # (the page's title, as it is: a tag in it was HTML)
        box.exec()
        clicked = box.clickedButton()
        choice = ""
        if clicked is skip:
            choice = "skip"
        elif clicked is both:
            choice = "keep-both"
        elif clicked is replace:
            choice = "replace"
        del stop  # Cancel (or closing the box): stop the import
        if choice and every.isChecked():
            self._apply_all = choice
        return choice
