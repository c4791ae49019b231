"""The Export dialog: the selected article or the articles listed (a group,
a tree node, a search) as one EPUB book, a PDF or an HTML folder, with a
table of contents by date or by category, progress and Cancel.

Every format is written on a worker (:func:`reader.ui.tasks.run_task`),
the PDF too: Qt lays text out and paints a PDF on any thread (pictures are
loaded as QImage there).  On the GUI thread, a long article's layout held
the window for minutes and Cancel waited for it.  Nothing is fetched:
images come from the library and the offline image cache only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.form import dialogs
from reader.ui.settings import EXPORT_FORMATS, EXPORT_TOCS
from reader.ui.shown_text import literal, one_line, plain_tip, shortened
from reader.ui.tasks import Task, run_task

if TYPE_CHECKING:
    from reader.core.convert.export import ExportResult
    from reader.core.library.facade import Library

__all__ = ["ExportDialog", "default_file_name"]

FORMATS = EXPORT_FORMATS
_SUFFIX = {"epub": ".epub", "pdf": ".pdf", "html": ""}
#: The file name made from the title is cut to this many characters (and
#: UTF-8 bytes): a long search as the title gave a name no disk takes.
NAME_CHARS = 80
NAME_BYTES = 200
#: Characters a file name cannot hold on some disk (Windows, FAT, macOS).
_NOT_IN_NAMES = frozenset('/\\:*?"<>|')


def default_file_name(title: str) -> str:
    """A file name for an export titled ``title``, without its suffix: the
    characters some disk refuses replaced by "-", cut to a length every
    disk takes; "articles" when nothing is left."""
    name = "".join(
        "-" if char in _NOT_IN_NAMES or not char.isprintable() else char
        for char in " ".join(title.split())
    )[:NAME_CHARS]
    while len(name.encode("utf-8")) > NAME_BYTES:
        name = name[:-1]
    name = name.strip(" .")  # (Windows drops them at the end; a leading dot hides it)
    return name or "articles"


@dataclass(frozen=True, slots=True)
class ExportChoices:
    """What the Export dialog starts from: the choices of the last export."""

    export_format: str = "epub"
    toc: str = "date"
    folder: str = ""  # where the export went ("" : the home folder)


class ExportDialog(QDialog):
    """Export ``listed`` (the articles the list shows, ``group`` names them)
    or ``selected`` (the current article) from ``library``."""

    exported = Signal(object)  # the ExportResult

    def __init__(
        self,
        library: Library,
        listed: Sequence[str],
        selected: str | None,
        group: str,
        *,
        locale: str = "en",
        image_cache: str | os.PathLike | None = None,
        last: ExportChoices | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Articles"))
        self.setObjectName("exportDialog")
        self._library = library
        self._listed = list(listed)
        self._selected = selected
        self._locale = locale
        self._image_cache = image_cache
        self._task: Task | None = None
        self._running = False
        self._writing = ""  # (the name of the file an export writes)
        self.result_value: ExportResult | None = None

        # (a long name, a saved search's say, shortened: the dialog grew
        # wider than the screen; the whole name is its tooltip)
        self.listed_button = QRadioButton(
            self.tr("The %n article(s) listed: %1", "", len(self._listed)).replace(
                "%1", literal(shortened(one_line(group), 40))
            )
        )
        self.listed_button.setToolTip(plain_tip(one_line(group)))
        self.selected_button = QRadioButton(self.tr("The selected a&rticle"))
        self.selected_button.setEnabled(selected is not None)
        self.listed_button.setEnabled(bool(self._listed))
        scope = QButtonGroup(self)
        scope.addButton(self.listed_button)
        scope.addButton(self.selected_button)
        (self.listed_button if self._listed else self.selected_button).setChecked(True)

        self.format_box = QComboBox()
        self.format_box.addItem(self.tr("EPUB book (.epub)"), "epub")
        self.format_box.addItem(self.tr("PDF document (.pdf)"), "pdf")
        self.format_box.addItem(self.tr("HTML folder (index and one page each)"), "html")
        self.toc_box = QComboBox()
        self.toc_box.addItem(self.tr("By date (month)"), "date")
        self.toc_box.addItem(self.tr("By category"), "category")
        self.title_field = QLineEdit(group or library.root.name)
        self.output_field = QLineEdit()
        self.output_field.setObjectName("exportOutput")
        browse = QPushButton(self.tr("C&hoose…"))
        browse.clicked.connect(self.choose_output)
        # (enabled when no export runs: those that are at the start)
        choices = (
            self.listed_button,
            self.selected_button,
            self.format_box,
            self.toc_box,
            self.title_field,
            self.output_field,
            browse,
        )
        self._choices = [(widget, widget.isEnabled()) for widget in choices]
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_field, 1)
        output_row.addWidget(browse)

        self.progress = QProgressBar()
        self.progress.setRange(0, max(1, len(self._listed)))
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("&Articles:"), self.listed_button)
        form.addRow("", self.selected_button)
        form.addRow(self.tr("&Format:"), self.format_box)
        form.addRow(self.tr("C&ontents:"), self.toc_box)
        form.addRow(self.tr("&Title:"), self.title_field)
        save_to = QLabel(self.tr("Sa&ve to:"))
        save_to.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        save_to.setBuddy(self.output_field)
        form.addRow(save_to, output_row)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._cancel_text = self.cancel_button.text()  # ("Close" once an export is done)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)

        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addWidget(self.buttons)
        self._folder = Path.home()  # (where the file named after the title goes)
        if last is not None:  # the choices of the export made last
            if last.export_format in FORMATS:
                self.set_format(last.export_format)
            if last.toc in EXPORT_TOCS:
                self.set_toc(last.toc)
            if last.folder and os.path.isdir(last.folder):  # (a folder since removed: home)
                self._folder = Path(last.folder)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.resize(520, self.sizeHint().height())

    # -- choices -------------------------------------------------------------------------

    @property
    def export_format(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(FORMATS.index(name))

    def set_toc(self, name: str) -> None:
        self.toc_box.setCurrentIndex(0 if name == "date" else 1)

    def output_path(self) -> Path:
        """Where the export goes: the name typed, a relative one in the
        folder the dialog suggested (it went into whatever folder the app
        was started from: ``/`` from a desktop menu)."""
        out = Path(os.path.expanduser(self.output_field.text().strip()))
        return out if out.is_absolute() else Path(os.path.abspath(self._folder / out))

    def choices(self) -> ExportChoices:
        """The format, contents and folder chosen (the folder the file or
        the HTML folder goes in), for the next export to start from."""
        out = self.output_path() if self.output_field.text().strip() else self._folder / "-"
        return ExportChoices(
            self.export_format, str(self.toc_box.currentData()), os.fspath(out.parent)
        )

    def paths(self) -> list[str]:
        if self.selected_button.isChecked() and self._selected is not None:
            return [self._selected]
        return list(self._listed)

    def _format_changed(self) -> None:
        text = self.output_field.text().strip()
        if not text:
            text = str(self._folder / default_file_name(self.title_field.text()))
        stem = text
        for suffix in (".epub", ".pdf"):
            stem = stem.removesuffix(suffix)
        self.output_field.setText(stem + _SUFFIX[self.export_format])

    def choose_output(self) -> None:
        current = self.output_field.text()
        if self.export_format == "html":
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Export to Folder"), current)
        else:
            filters = {
                "epub": self.tr("EPUB books (*.epub)"),
                "pdf": self.tr("PDF documents (*.pdf)"),
            }[self.export_format]
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), current, filters)
        if chosen:
            self.output_field.setText(chosen)

    # -- running -------------------------------------------------------------------------

    def _confirm_replace(self, out: Path) -> bool | None:
        """None: nothing to replace; True: replace; False: the user declined."""
        if not os.path.lexists(out):
            return None
        return dialogs.confirm(  # No is the default: Enter keeps what is there
            self,
            self.tr("Replace?"),
            self.tr("%1 already exists. Replace it?").replace("%1", str(out)),
        )

    def start_export(self, *, force: bool | None = None) -> None:
        """Start the export with the choices made; ``force`` answers the
        "replace?" question in advance (tests, scripts)."""
        if self._running:
            return
        if not self.output_field.text().strip():
            self.status.setText(self.tr("Choose where to save the export."))
            return
        out = self.output_path()
        from reader.core.convert.export import ExportError, check_output

        try:
            # What is never replaced (a device, a folder holding the library…)
            # is said now, not after the user has agreed to replace it.
            check_output(out, True, folder=self.export_format == "html", library=self._library.root)
        except ExportError as exc:
            self.progress.setValue(0)  # (an export before ended at 100%: not this one)
            self.status.setText(self.tr("Export failed: %1").replace("%1", str(exc)))
            return
        if force is None:
            replace = self._confirm_replace(out)
            if replace is False:
                return
            force = bool(replace)
        paths = self.paths()
        self._writing = out.name
        self._set_running(True)
        self.cancel_button.setText(self._cancel_text)  # (it cancels this one)
        self.progress.setRange(0, max(1, len(paths)))
        self.progress.setValue(0)
        self.status.setText(self.tr("Exporting…"))
        toc = str(self.toc_box.currentData())
        title = self.title_field.text().strip() or None
        locale, cache = self._locale, self._image_cache
        from reader.core.convert.export import export_epub, export_html_folder
        from reader.ui.pdf_export import export_pdf

        write = export_epub if self.export_format == "epub" else export_html_folder
        pdf = self.export_format == "pdf"
        library = self._library

        def work(report, is_cancelled):
            options: dict[str, Any] = {
                "toc": toc,
                "title": title,
                "locale": locale,
                "force": force,
                "image_cache": cache,
                "progress": lambda done, total, _item: report(done, total),
                "cancel": is_cancelled,
            }
            if pdf:
                # (laid out by Qt in a process of its own: on this worker
                # it could take one of Qt's locks while the window's thread,
                # holding it, waited for Python's, and the window froze for
                # good; its pages are said as they are painted)
                return export_pdf(library, paths, out, apart=True, pages=report, **options)
            return write(library, paths, out, **options)

        self._task = run_task(
            work,
            self._finished,
            self._failed,
            on_progress=self._progressed,
            parent=self,
        )

    def _progressed(self, done: int, total: int) -> None:
        if total > 0 and done >= total:
            # every article read: the book (its images, its pages) is being
            # written, which took as long again with the bar full and still
            self.progress.setRange(0, 0)
            self.status.setText(self.tr("Writing %1…").replace("%1", one_line(self._writing)))
            return
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _finished(self, result: ExportResult) -> None:
        self._set_running(False)
        self._task = None
        self.result_value = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        text = self.tr("Exported %n article(s) to %1.", "", result.articles).replace(
            "%1", str(result.out)
        )
        if result.skipped:  # (named: which ones, the tooltip says why)
            text += " " + self.tr(
                "%n article(s) could not be read, e.g. %1.", "", len(result.skipped)
            ).replace("%1", one_line(result.skipped[0][0]))
        if result.problems:  # (exported as the reader shows them: as text, with notices)
            text += " " + self.tr(
                "%n problem(s) found; those articles are in it as the reader shows them.",
                "",
                len(result.problems),
            )
        said = [f"{path}: {why}" for path, why in result.skipped] + result.problems
        self.status.setToolTip(plain_tip("\n".join(one_line(line) for line in said[:20])))
        self.status.setText(text)
        self.cancel_button.setText(self.tr("Close"))
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        from reader.core.convert.export import ExportCancelled

        self._set_running(False)
        self._task = None
        self.progress.setRange(0, 1)  # (not busy any more)
        self.progress.setValue(0)
        if isinstance(exc, ExportCancelled):
            self.status.setText(self.tr("Cancelled; nothing was written."))
        else:
            self.status.setText(self.tr("Export failed: %1").replace("%1", str(exc)))

    def stop(self, timeout: float = 30.0) -> None:
        """Cancel a running export and wait (up to ``timeout`` seconds) for
        its worker to stop: the window is closing.  A PDF's layout on the
        worker went on while the application ended under it (a crash)."""
        task = self._task
        if self._running and task is not None:
            task.cancel()
            task.wait(timeout)

    def cancel(self) -> None:
        """Cancel a running export (nothing is written), else close."""
        if self._running:
            if self._task is not None:
                self._task.cancel()
            self.status.setText(self.tr("Cancelling…"))
            return
        super().reject()

    def reject(self) -> None:
        if self._running:  # Escape or the close button: cancel first
            self.cancel()
            return
        super().reject()

    @property
    def running(self) -> bool:
        return self._running

    def _set_running(self, running: bool) -> None:
        """While an export runs its choices are shown as made, not editable
        (a format or a name changed meanwhile was not the export's)."""
        self._running = running
        self.export_button.setEnabled(not running)
        for widget, idle in self._choices:
            widget.setEnabled(idle and not running)
