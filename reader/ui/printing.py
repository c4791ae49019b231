"""Printing the article being read (Ctrl+P), with Qt's own printing.

The article is rendered again in the light theme (paper is white), laid
out in a QTextDocument and painted page by page with page numbers
(:func:`reader.ui.pdf_export.paint_document`); the print dialog lets the
user choose a printer or "Print to File" (PDF).
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPagedPaintDevice, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from reader.core.render.blocks import bound_blocks, bound_nesting

__all__ = ["article_document", "print_article", "print_document"]


def article_document(
    html: str,
    base_path: str | os.PathLike | None = None,
    device: QPagedPaintDevice | None = None,
    copies: str | None = None,
) -> QTextDocument:
    """A QTextDocument of a rendered article, ready to print; for ``device``
    (the printer), its pictures fitted to the page as an exported book's are:
    a wider one was cut off at the page's edge, and one too long for a PDF
    blank (its smaller copy made in the folder ``copies``, never beside it)."""
    from PySide6.QtCore import QUrl

    from reader.ui.pdf_export import default_font, fit_images

    document = QTextDocument()
    document.setDefaultFont(default_font())
    base = QUrl.fromLocalFile(os.fspath(base_path)) if base_path is not None else None
    if base is not None:
        document.setBaseUrl(base)
    if device is not None:
        html = fit_images(html, device, base, copies)
    document.setHtml(bound_blocks(bound_nesting(html)))
    return document


def print_document(document: QTextDocument, printer: QPrinter) -> int:
    """Print ``document`` on ``printer`` with page numbers; the page count.

    Printed to a PDF file ("Print to File"), the file's text layer gets the
    same repair as an exported PDF: CJK fonts draw some ideographs with the
    glyph of a radical, and Qt names the radical in the text a viewer
    searches and copies (see :mod:`reader.core.convert.pdftext`)."""
    from reader.ui.pdf_export import map_text_layer, paint_document

    pages = paint_document(document, printer)  # (ending the painter ends the file)
    name = printer.outputFileName()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and name:
        with contextlib.suppress(OSError):  # (the PDF is whole; only its text layer is Qt's)
            map_text_layer(name, document.defaultFont(), document.toPlainText())
    return pages


def print_article(
    parent: QWidget, html: str, title: str, base_path: str | os.PathLike | None = None
) -> bool:
    """Ask for a printer and print the article ``html``; False when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Printing", "Print Article"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    with tempfile.TemporaryDirectory(prefix="article-reader-print-") as copies:
        print_document(article_document(html, base_path, printer, copies), printer)
    return True
