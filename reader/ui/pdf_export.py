"""PDF export and printing with Qt's own printing (QTextDocument on a
QPdfWriter or a QPrinter): a title, a table of contents with page numbers,
one article per page run, page numbers at the foot of every page, CJK fonts.

The book is laid out in several documents (the contents, each article, a
very long article in pieces by its blocks), each well under the height at
which Qt's layout stops (see :data:`DOCUMENT_HEIGHT_LIMIT`), and painted one
after the other with one run of page numbers.

The articles are rendered by the same pipeline as the EPUB export
(:func:`reader.core.convert.export.prepare_chapters`): sanitized bodies,
local and offline-cached images only, nothing fetched.  The command line
imports this module lazily for ``export --pdf`` only
(:func:`export_pdf_offscreen`).
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImageReader,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRawFont,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)

from reader.core.article.storage import write_atomic
from reader.core.common.apart import Apart, ApartCancelled, ApartFailed, run_apart
from reader.core.common.files import open_regular
from reader.core.common.tasks import Cancel, Progress
from reader.core.convert.export import (
    Chapter,
    ExportCancelled,
    ExportError,
    ExportResult,
    ImageCollector,
    book_language,
    check_output,
    group_chapters,
    install_output,
    link_chapters,
    prepare_chapters,
    staging,
    text_direction,
    title_of_book,
    writing,
)
from reader.core.convert.pdftext import RADICALS, with_text_mapped
from reader.core.library.facade import Library
from reader.core.render.blocks import bound_blocks, bound_nesting

__all__ = [
    "DOCUMENT_HEIGHT_LIMIT",
    "Pages",
    "default_font",
    "export_pdf",
    "export_pdf_offscreen",
    "fit_images",
    "map_text_layer",
    "paint_document",
    "paint_documents",
    "pdf_document_html",
    "text_layer_mapping",
]

Pages = Callable[[int, int], None]
"""``pages(done, total)``: ``done`` of the book's ``total`` pages are painted."""

#: The tallest document laid out at once, in the device's pixels.  Qt lays a
#: QTextDocument out in fixed-point numbers that end at QFIXED_MAX
#: (8,388,607): what lies beyond (5,574 A4 pages at 150 dpi) was silently
#: lost.  A book is laid out in parts (the contents, each article; a longer
#: article in pieces by its blocks) each well under it.
DOCUMENT_HEIGHT_LIMIT = 4_000_000.0
#: An article of more bytes of XHTML than this is cut into pieces by its
#: blocks before it is laid out (not laid out whole only to be cut then).
PART_BYTES = 1_000_000

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


@functools.cache
def _bmp() -> str:
    """Every character of the Basic Multilingual Plane past ASCII (no surrogates)."""
    return "".join(chr(c) for c in (*range(0x80, 0xD800), *range(0xE000, 0x10000)))


def text_layer_mapping(font: QFont, text: str) -> dict[int, int]:
    """What the text layer of a PDF Qt drew ``text`` into with ``font``
    says wrongly, and what it should say.  Qt names each glyph by the lowest
    code point the font draws with it, and CJK fonts share glyphs: the
    radicals with ideographs (文 was ⽂), and full-width punctuation with
    other symbols (／ was ∕ U+2215, ～ was 〜, 〈〉 were 〈〉).  For each character
    of ``text`` whose glyph's lowest code point is another one that ``text``
    does not hold, that code point is mapped to it (one ``text`` holds too
    cannot be told apart, and stays)."""
    chars = {char for char in text if "\x7f" < char <= "\uffff" and not "\ud800" <= char < "\ue000"}
    if not chars:
        return {}
    mapping: dict[int, int] = {}
    left = sorted(chars)
    for family in font.families() or [font.family()]:
        raw = QRawFont.fromFont(QFont(family))
        if not raw.isValid() or not left:
            continue
        glyphs = raw.glyphIndexesForString("".join(left))
        drawn = [(char, glyph) for char, glyph in zip(left, glyphs, strict=True) if glyph]
        if not drawn:
            continue
        lowest: dict[int, str] = {}
        for char, glyph in zip(_bmp(), raw.glyphIndexesForString(_bmp()), strict=True):
            if glyph:
                lowest.setdefault(glyph, char)
        for char, glyph in drawn:
            named = lowest.get(glyph, char)
            if named != char and named not in chars:
                mapping.setdefault(ord(named), ord(char))
        # (a character this family draws is drawn by it: later ones are fallbacks)
        left = [char for char, glyph in zip(left, glyphs, strict=True) if not glyph]
    return mapping


def map_text_layer(pdf: str | os.PathLike, font: QFont, text: str | None = None) -> None:
    """Put the characters Qt named by others back into the text layer of
    the PDF at ``pdf`` that Qt wrote with ``font`` (see
    :func:`text_layer_mapping`; without the ``text`` drawn, only the
    ideographs written as radicals, see :mod:`reader.core.convert.pdftext`).
    The file is replaced atomically: a PDF printed to a file may be where
    the user keeps it.  Only a regular
    file is read (never waiting: "Print to File" may name a FIFO, which Qt
    wrote to and a read would wait on for ever); anything else raises
    :class:`~reader.core.common.files.NotRegularFileError` (an OSError)."""
    with open_regular(pdf) as handle:
        data = handle.read()
    mapping = radical_ideographs(font) if text is None else text_layer_mapping(font, text)
    mapped = with_text_mapped(data, mapping)
    if mapped != data:
        write_atomic(pdf, mapped)


# What a contents line never shows: characters XML does not allow and other
# control characters (as tofu boxes), as the EPUB leaves them out.
_NOT_SHOWN = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Around a title: FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, so that a
# right-to-left title (or one holding a direction override, U+202E) leaves
# the page number beside it as it is (24 was shown as 42).
_ISOLATE = "\u2068{}\u2069"


def _e(text: str) -> str:
    return html.escape(_NOT_SHOWN.sub("", text), quote=True)


def pdf_document_html(
    title: str,
    groups: list[tuple[str, list[Chapter]]],
    pages: dict[int, int] | None,
    labels: dict[str, str],
) -> str:
    """The title and the table of contents (with ``pages``: article number
    → page; without, a placeholder as wide as ``labels["width"]`` digits)
    as a rich-text fragment; each title isolated from its page number."""
    placeholder = "0" * int(labels.get("width", "3"))
    toc: list[str] = [f"<h1>{_e(title)}</h1>", f"<h2>{_e(labels['contents'])}</h2>"]
    number = 0
    for key, members in groups:
        toc.append(f'<p class="toc-group">{_e(key or labels["none"])}</p>')
        for chapter in members:
            number += 1
            page = (pages or {}).get(number)
            shown = _ISOLATE.format(_e(chapter.title))
            toc.append(
                f'<p dir="ltr" style="margin-left: 12pt"><a href="#a{number}">{shown}</a>'
                f" … {page if page is not None else placeholder}</p>"
            )
    return "".join(toc)


def _article_html(number: int, chapter: Chapter) -> str:
    return f'<a name="a{number}"></a>{chapter.body}'


def _page_size(device: QPagedPaintDevice) -> QSizeF:
    """A page's text area on ``device`` less the footer, in its pixels."""
    rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
    return QSizeF(rect.width(), rect.height() - device.logicalDpiY() * 0.4)


def fit_images(
    body: str, device: QPagedPaintDevice, base: QUrl | None = None, copies: str | None = None
) -> str:
    """``body`` (HTML) with its pictures fitted to the pages of ``device``,
    as a book's are (see :meth:`_Layout.fitted`): for printing an article."""
    return _Layout(device, default_font(), DOCUMENT_HEIGHT_LIMIT).fitted(body, base, copies)


def paint_document(document: QTextDocument, device: QPagedPaintDevice) -> int:
    """Paint ``document`` page by page on ``device`` (a QPdfWriter or a
    QPrinter) with the page number at the foot; returns the page count."""
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(_page_size(device))
    return paint_documents([document], device)


def paint_documents(
    documents: Sequence[QTextDocument],
    device: QPagedPaintDevice,
    cancel: Cancel | None = None,
    pages: Pages | None = None,
) -> int:
    """Paint ``documents`` (laid out for ``device``'s pages, see
    :func:`paint_document`), each from a new page, with the page numbers of
    one book at the foot; returns the page count.  ``cancel`` is asked
    before each page; it raises :class:`ExportCancelled` when it says so.
    ``pages(done, total)`` is told of each page painted."""
    page_size = _page_size(device)
    footer = device.logicalDpiY() * 0.4
    for document in documents:
        split_at_pages(document)
    total = sum(document.pageCount() for document in documents)
    painter = QPainter(device)
    number = 0
    try:
        for document in documents:
            number_font = QFont(document.defaultFont())
            number_font.setPointSizeF(9)
            for index in range(document.pageCount()):
                if cancel is not None and cancel():
                    raise ExportCancelled
                if number:
                    device.newPage()
                number += 1
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
                    str(number),
                )
                if pages is not None:
                    pages(number, total)
    finally:
        painter.end()
    return number


def split_at_pages(document: QTextDocument) -> int:
    """Split each paragraph that goes on from one page to the next into two
    paragraphs at the page's end, which look the same (no margin between
    them, no indent); the number split.

    Painting a page, Qt draws a paragraph from the last of its lines *above*
    the page (``QTextLayout::draw`` takes the last line entirely above the
    clip for the first to draw): clipped away, it was not seen, but its text
    went into the PDF's text layer, where a search or a copy found the last
    line of every page twice.  A paragraph that starts on the page has no
    line above it.  The rest of a list item is no item of its own (no second
    bullet), indented as the item is; a table cell's paragraph is cut as any
    other (in its cell)."""
    height = document.pageSize().height()
    if height <= 0:
        return 0
    split = 0
    # The cuts are found on one layout and made in one edit block, from the
    # last: one cut at a time, each laid the rest of the document out again
    # (a 2 MB paragraph of <br> lines took two minutes).  A cut may move what
    # follows (a Chinese paragraph's lines placed again), and the cuts found
    # after it are then at the wrong lines: looked for again until none is
    # left (three looks left lines in two pages from about the two hundredth
    # page on; a 5 MB article takes five or six, each a fraction of its layout).
    for _ in range(40):
        # (laid out first: a block not laid out yet has no lines, and a
        # document printed before anything asked for its pages was not cut)
        document.pageCount()
        cuts = _page_cuts(document, height)
        if not cuts:
            break
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for at in reversed(cuts):
            block = document.findBlock(at)
            before = QTextBlockFormat(block.blockFormat())
            after = QTextBlockFormat(before)
            after.setTopMargin(0)
            after.setTextIndent(0)
            before.setBottomMargin(0)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(before)
            cursor.setPosition(at)
            if block.text()[at - block.position() - 1] == "\u2028":
                # after a line break (<br>): the paragraph break takes its place,
                # else the first part ended with an empty line
                cursor.setPosition(at - 1)
                cursor.setPosition(at, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertBlock(after, cursor.charFormat())
            listed = cursor.block().textList()
            if listed is not None:
                # the rest of a list item: no second bullet (or number), the
                # item's indent kept
                indent = listed.format().indent()
                listed.remove(cursor.block())
                rest = QTextBlockFormat(cursor.block().blockFormat())
                rest.setIndent(indent)
                cursor.setBlockFormat(rest)
        cursor.endEditBlock()
        split += len(cuts)
    return split


def _page_cuts(document: QTextDocument, height: float) -> list[int]:
    """The positions in ``document`` where a paragraph goes on to the next
    page (see :func:`split_at_pages`), in order."""
    layout = document.documentLayout()
    cuts: list[int] = []
    block = document.begin()
    while block.isValid():
        lines = block.layout()
        if (
            lines is not None
            and lines.lineCount() > 1
            # (a justified paragraph's last line is not justified: split,
            # the page's last line would change)
            and not block.blockFormat().alignment() & Qt.AlignmentFlag.AlignJustify
        ):
            top = layout.blockBoundingRect(block).y()
            page = (top + lines.lineAt(0).y()) // height
            for index in range(1, lines.lineCount()):
                line = lines.lineAt(index)
                line_page = (top + line.y()) // height
                if line_page != page:
                    cuts.append(block.position() + line.textStart())
                    page = line_page
        block = block.next()
    return cuts


def _labels(language: str, toc: str) -> dict[str, str]:
    zh = language == "zh"
    none = (
        ("未注明日期" if zh else "Undated")
        if toc == "date"
        else ("未分类" if zh else "Uncategorized")
    )
    return {"contents": "目录" if zh else "Contents", "none": none}


# -- cutting a part too tall for one document -------------------------------------------------


def _cut_text(text: str, size: int) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, cut at a line
    break, else at a space, else anywhere."""
    pieces: list[str] = []
    while len(text) > size:
        cut = text.rfind("\n", 1, size)
        if cut <= 0:
            cut = text.rfind(" ", 1, size)
        if cut <= 0:
            cut = size
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text or not pieces else pieces


def _start_tag(element: ElementTree.Element, first: bool) -> str:
    attributes = "".join(
        f' {name}="{html.escape(value, quote=True)}"'
        for name, value in element.attrib.items()
        if first or name not in ("id", "name")  # (an anchor is where the element starts)
    )
    return f"<{element.tag}{attributes}>"


def _cut_content(element: ElementTree.Element, size: int) -> list[str]:
    """What ``element`` holds (its text and its children, not its own tags)
    as XHTML in pieces of about ``size`` characters, cut between children;
    a child too big alone is cut inside, each piece in a copy of it."""
    items: list[tuple[str, ElementTree.Element | None]] = []
    if element.text:
        items.append((element.text, None))
    for element_child in element:
        items.append((ElementTree.tostring(element_child, encoding="unicode"), element_child))
    pieces: list[str] = []
    current: list[str] = []
    length = 0
    for text, child in items:
        if len(text) > size:
            # cut inside; what came before it goes with its first piece
            # (a title alone on a page, the article on the next, otherwise)
            if child is None:
                cut = [html.escape(part, quote=False) for part in _cut_text(text, size)]
            else:
                end = f"</{child.tag}>"
                inner = _cut_content(child, size)
                cut = [_start_tag(child, i == 0) + part + end for i, part in enumerate(inner)]
            cut[0] = "".join(current) + cut[0]
            pieces.extend(cut)
            current, length = [], 0
            if child is not None and child.tail:  # (begins what comes next)
                tails = [html.escape(part, quote=False) for part in _cut_text(child.tail, size)]
                pieces.extend(tails[:-1])
                current, length = [tails[-1]], len(tails[-1])
            continue
        if child is None:
            text = html.escape(text, quote=False)
        if current and length + len(text) > size:
            pieces.append("".join(current))
            current, length = [], 0
        current.append(text)
        length += len(text)
    if current:
        pieces.append("".join(current))
    # (a piece of white space alone would be a blank page: it goes with the one before)
    merged: list[str] = []
    for piece in pieces:
        if merged and not piece.strip():
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _cut(fragment: str, size: int) -> list[str]:
    """The XHTML ``fragment`` in pieces of about ``size`` characters (by its
    blocks; see :func:`_cut_content`); ``[fragment]`` when it cannot be cut."""
    try:
        root = ElementTree.fromstring(f"<root>{fragment}</root>")
    except ElementTree.ParseError:
        return [fragment]
    return _cut_content(root, size) or [fragment]


# -- laying the book out -----------------------------------------------------------------------

#: The longest side of a picture Qt's PDF writer can store: it stores
#: pictures as JPEG, whose side is at most this long; a longer one is an
#: empty stream (a blank in the PDF).  Such a picture is scaled down first.
JPEG_MAX_PIXELS = 65_500
# the pixels a scaled-down copy has for each CSS pixel it is drawn on (about
# 300 dpi on paper)
_PRINT_SCALE = 3


def _smaller_copy(path: str, width: int, height: int, folder: str | None = None) -> str | None:
    """The picture at ``path`` scaled to ``width`` × ``height`` pixels and
    saved as a PNG beside it, or in ``folder`` (a picture of the library
    printed: never written beside it): the copy's path, or None when it
    cannot be read."""
    reader = QImageReader(path)
    reader.setScaledSize(QSize(width, height))
    image = reader.read()
    stem = os.path.splitext(path)[0]
    if folder is not None:
        digest = hashlib.blake2b(os.fsencode(path), digest_size=8).hexdigest()
        stem = os.path.join(folder, digest)
    copy = f"{stem}-smaller.png"
    if image.isNull() or not image.save(copy):
        return None
    return copy


_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


class _Layout:
    """Documents laid out for the pages of ``device``."""

    def __init__(
        self, device: QPagedPaintDevice, font: QFont, limit: float, cancel: Cancel | None = None
    ):
        self.device = device
        self.cancel = cancel
        self.font = font
        self.limit = limit
        self.page = _page_size(device)
        # the largest image in CSS pixels (QTextDocument draws them at the
        # device's resolution over 96 dpi): the text area, less the margins
        self.image_width = self.page.width() * 0.95 * 96 / device.logicalDpiX()
        self.image_height = self.page.height() * 0.85 * 96 / device.logicalDpiY()

    def document(self, fragment: str, direction: str = "ltr") -> QTextDocument:
        """``fragment`` as a document of the book's pages; ``direction``
        ``rtl``: its blocks read right to left (an Arabic or Hebrew article:
        its text, headings and lists were set against the left edge)."""
        document = QTextDocument()
        document.setDefaultFont(self.font)
        # (Qt gives every block of an <html><body> page the direction of its
        # body: left to right unless it says otherwise)
        body = '<body dir="rtl">' if direction == "rtl" else "<body>"
        # (lists and quotes nested deeper than a page's width can indent: as
        # the reader shows them; a page drew nothing of them past the
        # fifteenth level, and its text layer lost them)
        page = (
            f"<html><head><style>{_CSS}</style></head>{body}{bound_nesting(fragment)}</body></html>"
        )
        document.setHtml(bound_blocks(page))
        document.documentLayout().setPaintDevice(self.device)
        document.setPageSize(self.page)
        return document

    def fitted(self, body: str, base: QUrl | None = None, copies: str | None = None) -> str:
        """``body`` with each image wider or taller than a page given the
        size that fits, keeping its shape (QTextDocument ignores the CSS
        ``max-width``: a 4000 pixels wide image spilled over four pages).
        ``base`` resolves relative addresses; a picture too long for the
        PDF writer is drawn from a smaller copy (see :data:`JPEG_MAX_PIXELS`)
        made beside it, or in the folder ``copies``."""

        def fit(match: re.Match[str]) -> str:
            tag = match.group(0)
            src = _SRC.search(tag)
            if src is None:
                return tag
            url = QUrl(html.unescape(src.group(1)))
            path = (base.resolved(url) if base is not None else url).toLocalFile()
            size = QImageReader(path).size()
            width, height = size.width(), size.height()
            if width <= 0 or height <= 0:
                return tag
            scale = min(1.0, self.image_width / width, self.image_height / height)
            wide, high = max(1, int(width * scale)), max(1, int(height * scale))
            if max(width, height) > JPEG_MAX_PIXELS:  # (a size given in the tag too)
                smaller = _smaller_copy(path, wide * _PRINT_SCALE, high * _PRINT_SCALE, copies)
                if smaller is None:
                    return ""  # (drawn, it would be an empty picture: left out)
                copy = QUrl.fromLocalFile(smaller).toString()
                tag = tag.replace(src.group(0), f' src="{_e(copy)}"')
            if scale >= 1.0 or " width=" in tag or " height=" in tag:
                return tag
            return f'{tag[:4]} width="{wide}" height="{high}"{tag[4:]}'

        return _IMG.sub(fit, body)

    def parts(
        self, fragment: str, what: str | os.PathLike, direction: str = "ltr"
    ) -> list[QTextDocument]:
        """``fragment`` laid out as one document or, when it is too tall for
        one, as several (cut by its blocks), each read in ``direction``.
        Raises :class:`ExportError` naming ``what`` when a piece that cannot
        be cut further is too tall."""
        pending = deque(_cut(fragment, PART_BYTES) if len(fragment) > PART_BYTES else [fragment])
        done: list[QTextDocument] = []
        while pending:
            if self.cancel is not None and self.cancel():
                raise ExportCancelled
            piece = pending.popleft()
            document = self.document(piece, direction)
            if document.pageCount() * self.page.height() <= self.limit:
                done.append(document)
                continue
            halves = _cut(piece, len(piece) // 2 + 1)
            if len(halves) < 2:
                raise ExportError(
                    "is too long to be laid out in a PDF, even cut in parts; not exported", what
                )
            pending.extendleft(reversed(halves))
        return done


def _book(
    title: str,
    groups: list[tuple[str, list[Chapter]]],
    labels: dict[str, str],
    device: QPagedPaintDevice,
    font: QFont,
    *,
    library_root: Path,
    out: str | os.PathLike,
    cancel: Cancel | None = None,
) -> list[QTextDocument]:
    """The book as documents to paint one after the other: the contents, then
    each article from a new page (a long one in several documents, see
    :data:`DOCUMENT_HEIGHT_LIMIT`).  The contents are laid out again until
    their own length no longer moves the page numbers they show."""
    layout = _Layout(device, font, DOCUMENT_HEIGHT_LIMIT, cancel)
    articles: list[list[QTextDocument]] = []
    for _, members in groups:
        for chapter in members:
            if cancel is not None and cancel():
                raise ExportCancelled
            fragment = layout.fitted(_article_html(len(articles) + 1, chapter))
            direction = text_direction(chapter.language)
            articles.append(layout.parts(fragment, library_root / chapter.path, direction))
    lengths = [sum(document.pageCount() for document in parts) for parts in articles]
    labels = {**labels, "width": str(len(str(sum(lengths) + 9)))}
    contents = layout.parts(pdf_document_html(title, groups, None, labels), out)
    for _ in range(8):
        start = sum(document.pageCount() for document in contents)
        pages: dict[int, int] = {}
        page = start + 1
        for number, length in enumerate(lengths, 1):
            pages[number] = page
            page += length
        contents = layout.parts(pdf_document_html(title, groups, pages, labels), out)
        if sum(document.pageCount() for document in contents) == start:
            break
    return [*contents, *(document for parts in articles for document in parts)]


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
    pages: Pages | None = None,
    apart: bool = False,
) -> ExportResult:
    """Write ``paths`` as one PDF at ``out``.  Needs a QGuiApplication, but
    with ``apart`` (a window's worker thread): the articles are read here,
    and the book is laid out and painted by Qt in a process of its own,
    killed at once when cancelled; its crash is an :class:`ExportError`.
    ``pages`` as for :func:`paint_documents`.  Raises :class:`ExportError`
    or :class:`ExportCancelled`; a cancelled or failed export leaves no
    file behind."""
    target = Path(out)
    # the index in use (wherever --cache-dir put it) and the images' cache
    keep = [library.cache_dir, *([Path(image_cache)] if image_cache is not None else [])]
    check_output(target, force, folder=False, library=library.root, keep=keep)
    with staging(target) as stage, writing(target):
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
        # (one document: a place in another article by its own anchor, as
        # the ids are written; else the article's start)
        link_chapters(groups, lambda number, fragment: fragment or f"#a{number}")
        # (as the EPUB's: a 0 to 0 tie between "zh" and "en" gave books in
        # en-US or German a Chinese contents page)
        language = book_language(chapters)
        job = _Book(
            title_of_book(library, title),
            groups,
            _labels(language, toc),
            library.root,
            target,
            stage / "book.pdf",
        )
        if apart:
            _made_apart(job, cancel, pages)
        else:
            try:
                _make(job, cancel, pages)
            except BaseException as exc:
                # The documents, the writer and its buffer belong to this
                # thread: the frames that hold them go with the traceback
                # here, not in the thread the exception is handed to (Qt
                # warned of timers stopped from another thread).
                _without_frames(exc)
                raise
        # checked again right before: what is at ``out`` may have changed
        install_output(
            job.built, target, folder=False, force=force, library=library.root, keep=keep
        )
    return ExportResult.of(target, chapters, len(images.files), skipped, language)


@dataclass(frozen=True, slots=True)
class _Book:
    """What Qt needs to write a book: it pickles, for another process."""

    title: str
    groups: list[tuple[str, list[Chapter]]]
    labels: dict[str, str]
    library_root: Path
    out: Path
    built: Path  # (the new file the PDF is written to)


def _make(book: _Book, cancel: Cancel | None, pages: Pages | None) -> None:
    """Write ``book`` as a PDF at ``book.built``, in this process."""
    data = _pdf_bytes(
        book.title,
        book.groups,
        book.labels,
        library_root=book.library_root,
        out=book.out,
        cancel=cancel,
        pages=pages,
    )
    _write_whole(book.built, data)


def _made_apart(book: _Book, cancel: Cancel | None, pages: Pages | None) -> None:
    """:func:`_make` in a process of its own (see :func:`export_pdf`)."""

    def told(message: Any) -> None:
        if pages is not None:
            pages(*message)

    try:
        run_apart(Apart(_make_here, book), cancel=cancel, on_message=told, start=_APART_START)
    except ApartCancelled:
        raise ExportCancelled from None
    except ApartFailed as exc:
        raise ExportError(
            f"could not be written: the process laying it out {exc}", book.out
        ) from None
    except MemoryError:
        raise ExportError("could not be written: not enough memory", book.out) from None


#: How :func:`_made_apart` starts its process: never a fork of this one
#: (a fork keeps none of Qt's threads, and any lock one of them held).
_APART_START = "forkserver"


def _make_here(book: _Book, say: Callable[[Any], None]) -> None:
    """In the process of :func:`_made_apart`: Qt offscreen (no window, no
    display), then :func:`_make`, each page said as ``(done, total)``."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QCoreApplication.instance() or QGuiApplication(["article-reader"])
    try:
        _make(book, None, lambda done, total: say((done, total)))
    finally:
        del app


def _pdf_bytes(
    title: str,
    groups: list[tuple[str, list[Chapter]]],
    labels: dict[str, str],
    *,
    library_root: Path,
    out: Path,
    cancel: Cancel | None,
    pages: Pages | None = None,
) -> bytes:
    """The book as the bytes of a PDF, with its text layer repaired."""
    # Written in memory, then to the file by Python: Qt's writer says
    # nothing of a write that failed (a full disk left a cut PDF, which
    # --force put over a good one); the caller's write raises, and only a
    # whole file is put in the place of ``out``.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
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
    font = default_font()
    documents = _book(
        title, groups, labels, writer, font, library_root=library_root, out=out, cancel=cancel
    )
    paint_documents(documents, writer, cancel, pages)
    drawn = "".join(document.toPlainText() for document in documents)
    del writer, documents  # (the painter's end finished the PDF)
    data = bytes(buffer.data().data())
    buffer.close()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-32:]:
        raise ExportError("Qt could not write the PDF", out)
    return with_text_mapped(data, text_layer_mapping(font, drawn))


def _without_frames(exc: BaseException | None) -> None:
    """Drop the tracebacks of ``exc`` and of the exceptions it holds."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        if exc.__cause__ is not None:
            _without_frames(exc.__cause__)
        exc = exc.__context__


def _write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to the new file ``path`` and onto the disk; raises
    OSError (a full disk, a quota) rather than leaving a part of it."""
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


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
