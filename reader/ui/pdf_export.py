"""PDF export and printing with Qt's own printing (QTextDocument on a
QPdfWriter or a QPrinter): a title, a table of contents with page numbers,
one article per page run, page numbers at the foot of every page, CJK fonts.

The articles are rendered by the same pipeline as the EPUB export
(:func:`reader.core.convert.export.prepare_chapters`): sanitized bodies,
local and offline-cached images only, nothing fetched.  The command line
imports this module lazily for ``export --pdf`` only
(:func:`export_pdf_offscreen`).
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRawFont,
    QTextDocument,
)

from reader.core.article.storage import write_atomic
from reader.core.common.files import open_regular
from reader.core.common.tasks import Cancel, Progress
from reader.core.convert.export import (
    Chapter,
    ExportCancelled,
    ExportError,
    ExportResult,
    ImageCollector,
    check_output,
    group_chapters,
    install_output,
    prepare_chapters,
    staging,
)
from reader.core.convert.pdftext import RADICALS, with_text_mapped
from reader.core.library.facade import Library

__all__ = [
    "default_font",
    "export_pdf",
    "export_pdf_offscreen",
    "map_text_layer",
    "paint_document",
    "pdf_document_html",
]

_LATIN_FAMILIES = (
    "DejaVu Serif",
    "Liberation Serif",
    "Noto Serif",
    "Times New Roman",
    "Georgia",
    "Times",
)
_CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi")
_CSS = """
body { font-size: 11pt; }
h1 { font-size: 18pt; margin-top: 0; }
h2 { font-size: 14pt; }
.article-meta, .article-taxonomy { color: #555555; font-size: 9pt; }
.toc-group { font-weight: bold; margin-top: 8pt; }
pre { font-size: 8pt; white-space: pre-wrap; }
"""


def default_font() -> QFont:
    """A Latin serif font with a serif CJK font behind it, each the first
    installed of its list, else the default.

    The Latin font comes first for the PDF's text layer: what Qt writes for
    Noto CJK's digits maps back to no character, so with the CJK font alone
    ``abc123`` and every date were found by no search in the PDF and were
    missing from copied text (the page itself showed them)."""
    families = set(QFontDatabase.families())
    chosen = [
        next((family for family in kind if family in families), None)
        for kind in (_LATIN_FAMILIES, _CJK_FAMILIES)
    ]
    present = [family for family in chosen if family is not None]
    if not present:
        return QFont()
    font = QFont(present[0])
    font.setFamilies(present)
    font.setPointSizeF(11)
    return font


def radical_ideographs(font: QFont) -> dict[int, int]:
    """For each CJK radical (see :data:`RADICALS`) that a family of
    ``font`` draws with an ideograph's glyph, that ideograph (the first
    family that has the radical decides)."""
    ideographs = "".join(chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)))
    radicals = "".join(chr(c) for c in RADICALS)
    mapping: dict[int, int] = {}
    for family in font.families() or [font.family()]:
        raw = QRawFont.fromFont(QFont(family))
        if not raw.isValid():
            continue
        by_glyph: dict[int, str] = {}
        for char, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs), strict=True):
            if glyph:
                by_glyph.setdefault(glyph, char)
        for char, glyph in zip(radicals, raw.glyphIndexesForString(radicals), strict=True):
            if glyph and glyph in by_glyph:
                mapping.setdefault(ord(char), ord(by_glyph[glyph]))
    return mapping


def map_text_layer(pdf: str | os.PathLike, font: QFont) -> None:
    """Put the ideographs Qt wrote as radicals back into the text layer of
    the PDF at ``pdf`` that Qt wrote with ``font`` (see
    :mod:`reader.core.convert.pdftext`).  The file is replaced atomically:
    a PDF printed to a file may be where the user keeps it.  Only a regular
    file is read (never waiting: "Print to File" may name a FIFO, which Qt
    wrote to and a read would wait on for ever); anything else raises
    :class:`~reader.core.common.files.NotRegularFileError` (an OSError)."""
    with open_regular(pdf) as handle:
        data = handle.read()
    mapped = with_text_mapped(data, radical_ideographs(font))
    if mapped != data:
        write_atomic(pdf, mapped)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def pdf_document_html(
    title: str,
    groups: list[tuple[str, list[Chapter]]],
    pages: dict[int, int] | None,
    labels: dict[str, str],
) -> str:
    """The whole book as one rich-text document: the title and the table of
    contents (with ``pages``: article number → page), then every article
    starting on a new page, each with an anchor ``a<number>``."""
    toc: list[str] = [f"<h1>{_e(title)}</h1>", f"<h2>{_e(labels['contents'])}</h2>"]
    articles: list[str] = []
    number = 0
    for key, members in groups:
        toc.append(f'<p class="toc-group">{_e(key or labels["none"])}</p>')
        for chapter in members:
            number += 1
            page = (pages or {}).get(number)
            dots = f" … {page}" if page is not None else " … 000"
            toc.append(
                f'<p style="margin-left: 12pt"><a href="#a{number}">{_e(chapter.title)}</a>'
                f"{_e(dots)}</p>"
            )
            articles.append(
                f'<div style="page-break-before: always"><a name="a{number}"></a>'
                f"{chapter.body}</div>"
            )
    return f"<html><head><style>{_CSS}</style></head><body>{''.join(toc + articles)}</body></html>"


def _anchor_pages(document: QTextDocument, page_height: float) -> dict[int, int]:
    """Article number → 1-based page, from where each anchor was laid out."""
    layout = document.documentLayout()
    pages: dict[int, int] = {}
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            names = iterator.fragment().charFormat().anchorNames()
            for name in names:
                if name.startswith("a") and name[1:].isdigit():
                    top = layout.blockBoundingRect(block).top()
                    pages[int(name[1:])] = int(top // page_height) + 1
            iterator += 1
        block = block.next()
    return pages


def paint_document(document: QTextDocument, device: QPagedPaintDevice) -> int:
    """Paint ``document`` page by page on ``device`` (a QPdfWriter or a
    QPrinter) with the page number at the foot; returns the page count."""
    layout = device.pageLayout()
    rect = layout.paintRectPixels(device.logicalDpiX())
    footer = device.logicalDpiY() * 0.4
    page_size = QSizeF(rect.width(), rect.height() - footer)
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(page_size)
    count = document.pageCount()
    painter = QPainter(device)
    try:
        number_font = QFont(document.defaultFont())
        number_font.setPointSizeF(9)
        for index in range(count):
            if index:
                device.newPage()
            painter.save()
            painter.translate(0, -index * page_size.height())
            clip = QRectF(0, index * page_size.height(), page_size.width(), page_size.height())
            painter.setClipRect(clip)
            document.drawContents(painter, clip)
            painter.restore()
            painter.setFont(number_font)
            painter.drawText(
                QRectF(QPointF(0, page_size.height()), QSizeF(page_size.width(), footer)),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                str(index + 1),
            )
    finally:
        painter.end()
    return count


def _labels(language: str, toc: str) -> dict[str, str]:
    zh = language == "zh"
    none = (
        ("未注明日期" if zh else "Undated")
        if toc == "date"
        else ("未分类" if zh else "Uncategorized")
    )
    return {"contents": "目录" if zh else "Contents", "none": none}


def _book(
    title: str, groups: list[tuple[str, list[Chapter]]], labels: dict[str, str], device: QPdfWriter
) -> QTextDocument:
    """The document, laid out twice: once to learn where each article
    starts, once with those page numbers in the table of contents."""
    document = QTextDocument()
    document.setDefaultFont(default_font())
    document.setHtml(pdf_document_html(title, groups, None, labels))
    rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
    document.documentLayout().setPaintDevice(device)
    height = rect.height() - device.logicalDpiY() * 0.4
    document.setPageSize(QSizeF(rect.width(), height))
    pages = _anchor_pages(document, height)
    document.setHtml(pdf_document_html(title, groups, pages, labels))
    return document


def export_pdf(
    library: Library,
    paths: Sequence[str],
    out: str | os.PathLike,
    *,
    toc: str = "date",
    title: str | None = None,
    locale: str = "en",
    force: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    image_cache: str | os.PathLike | None = None,
) -> ExportResult:
    """Write ``paths`` as one PDF at ``out``.  Needs a QGuiApplication.
    Raises :class:`ExportError` or :class:`ExportCancelled`; a cancelled or
    failed export leaves no file behind."""
    target = Path(out)
    check_output(target, force, folder=False, library=library.root)
    with staging(target) as stage:
        images = ImageCollector(
            stage / "images", QUrl.fromLocalFile(str(stage / "images")).toString() + "/"
        )
        chapters, skipped = prepare_chapters(
            library,
            paths,
            images,
            locale=locale,
            progress=progress,
            cancel=cancel,
            id_prefixes=True,
            image_cache=image_cache,
        )
        groups = group_chapters(chapters, toc)
        language = max(
            ("zh", "en"), key=lambda lang: sum(1 for c in chapters if c.language == lang)
        )
        book_title = title or library.root.name or "Articles"
        built = stage / "book.pdf"
        writer = QPdfWriter(str(built))
        writer.setTitle(book_title)
        writer.setCreator("Article Reader")
        writer.setResolution(150)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(18, 18, 18, 14),
                QPageLayout.Unit.Millimeter,
            )
        )
        document = _book(book_title, groups, _labels(language, toc), writer)
        if cancel is not None and cancel():
            raise ExportCancelled
        paint_document(document, writer)
        del writer  # finishes the file
        if not built.is_file():
            raise ExportError("Qt could not write the PDF", target)
        map_text_layer(built, document.defaultFont())
        # checked again right before: what is at ``out`` may have changed
        install_output(built, target, folder=False, force=force, library=library.root)
    return ExportResult(target, len(chapters), len(images.files), skipped, language)


def export_pdf_offscreen(
    library: Library,
    paths: Sequence[str],
    out: str | os.PathLike,
    *,
    toc: str = "date",
    title: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportResult:
    """:func:`export_pdf` for the command line: makes the offscreen
    QGuiApplication it needs when there is none."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QCoreApplication.instance() or QGuiApplication(["article-reader"])
    try:
        return export_pdf(
            library,
            paths,
            out,
            toc=toc,
            title=title,
            force=force,
            progress=progress,
            cancel=cancel,
        )
    finally:
        del app
