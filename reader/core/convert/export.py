"""Export a selection of articles as one EPUB 3 book or a static HTML folder.
No Qt here (PDF, which needs Qt's printing, is ``reader.ui.pdf_export``).

Each article goes through the render pipeline the window uses (so the body
is sanitized exactly as it is shown), with remote images blocked: only
images inside the library, or copies in the offline image cache, are put
into the export, and nothing is fetched.  The output is written beside its
final place and renamed there when complete, so a cancelled or failed
export leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import mimetypes
import os
import posixpath
import re
import shutil
import stat
import tempfile
import unicodedata
import uuid
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote
from urllib.request import url2pathname

from reader.core.article.model import ERROR, Article, ArticleError
from reader.core.common.files import NotRegularFileError, open_regular, place_new
from reader.core.common.tasks import Cancel, Progress
from reader.core.common.urls import split_url
from reader.core.convert.xhtml import ID_CHARS as _ID_CHARS
from reader.core.convert.xhtml import to_xhtml, xml_chars, xml_escape
from reader.core.library.facade import Library
from reader.core.library.sitecontext import site_of
from reader.core.render.direction import rtl_language_of, text_direction
from reader.core.render.imagecheck import MAX_IMAGE_PIXELS, jpeg_frame, too_many_pixels
from reader.core.render.pipeline import (
    article_lang,
    is_language_tag,
    render_article,
    without_bidi_controls,
)

__all__ = [
    "FORMATS",
    "TOCS",
    "Chapter",
    "ExportCancelled",
    "ExportError",
    "ExportResult",
    "ImageCollector",
    "book_direction",
    "book_language",
    "detect_language",
    "export_epub",
    "export_html_folder",
    "group_chapters",
    "install_output",
    "prepare_chapters",
    "shown_text",
    "sniff_image",
    "text_direction",
    "title_of_book",
    "writing",
]

FORMATS = ("epub", "html")
TOCS = ("date", "category")
# The file an HTML export folder carries, so that --force replaces only a
# folder that an export made.
EXPORT_MARKER = ".article-reader-export"


class ExportError(ArticleError):
    """The export cannot be written (existing output, unwritable folder…)."""


class ExportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass(slots=True)
class Chapter:
    """One article, rendered for an export."""

    path: str
    title: str
    date: str | None  # ISO, only when the article is really dated
    author: str | None
    categories: tuple[tuple[str, ...], ...]
    language: str
    body: str  # XHTML, images pointing into images/
    group: str = ""
    # what the export should say of it (``FILE:LINE: error: …``): its
    # front matter's errors (it is in the book as its text) and what its
    # rendering found (a template's notices), as ``render`` says them
    problems: tuple[str, ...] = ()


@dataclass(slots=True)
class ExportResult:
    out: Path
    articles: int
    images: int
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    language: str = "en"
    problems: list[str] = field(default_factory=list)  # of the articles exported

    @classmethod
    def of(
        cls,
        out: Path,
        chapters: Sequence[Chapter],
        images: int,
        skipped: list[tuple[str, str]],
        language: str,
    ) -> ExportResult:
        found = [problem for chapter in chapters for problem in chapter.problems]
        return cls(out, len(chapters), images, skipped, language, found)


# -- language -------------------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str, declared: str = "") -> str:
    """A BCP 47 tag for ``text``: ``declared`` (the article's own ``lang``
    key) when it is shaped as a language tag (see
    :func:`~reader.core.render.pipeline.is_language_tag`; anything else is
    not trusted), else ``ja``/``ko``/``zh`` when those scripts make up a
    good part of its letters, else ``en``."""
    if declared and is_language_tag(declared):
        return declared.replace("_", "-")
    sample = text[:4000]
    letters = len(_LETTER.findall(sample)) or 1
    if len(_KANA.findall(sample)) > letters * 0.05:
        return "ja"
    if len(_HANGUL.findall(sample)) > letters * 0.2:
        return "ko"
    if len(_HAN.findall(sample)) > letters * 0.2:
        return "zh"
    return rtl_language_of(sample) or "en"


# -- images -----------------------------------------------------------------------------

_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}


#: The image types an EPUB holds without a fallback (EPUB 3's core media types).
EPUB_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/svg+xml"})

MAX_IMAGE_BYTES = 32 * 2**20  # a bigger "image" is left out (a text note stays)
# What makes an SVG more than a picture, looked for in its bytes first (also
# with a namespace prefix: `<x:script xmlns:x="…/svg">` is a script): an SVG
# holding any of it is refused, never cleaned.  A declaration of entities
# (or any internal DTD subset) and CDATA sections (which hide markup from a
# search of the bytes) are refused too.
_SVG_UNSAFE = re.compile(
    rb"<\s*(?:[\w.-]+:)?(?:script|foreignobject|handler|listener|iframe|embed|object)\b"
    rb"|[\s/\"'](?:[\w.-]+:)?on[a-z]+\s*="
    rb"|(?:java|vb)script\s*:"
    rb"|<!entity|<!doctype[^>]*\[|<!\[cdata\[",
    re.I,
)
# The same on the parsed tree, by local names and decoded values (a character
# reference spells `javascript:` without those bytes).
_SVG_UNSAFE_ELEMENTS = frozenset(
    {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
)
_SVG_UNSAFE_VALUE = re.compile(r"(?:java|vb)script:|data:(?:text/html|image/svg)", re.I)
_SVG_BLANKS = re.compile(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028\u2029\ufeff]+")


def _svg_is_safe(data: bytes) -> bool:
    """Whether ``data`` is well-formed XML holding no script, event handler,
    ``javascript:`` address, foreign object or entity declaration (under any
    namespace prefix)."""
    if _SVG_UNSAFE.search(data):
        return False
    import xml.dom.minidom
    from xml.dom.minidom import CDATASection, DocumentType, Element, Node, Text
    from xml.parsers.expat import ExpatError

    try:
        document = xml.dom.minidom.parseString(data)
    except (ExpatError, ValueError):
        return False
    pending: list[Node] = list(document.childNodes)
    while pending:
        node = pending.pop()
        if isinstance(node, DocumentType):
            if node.internalSubset or node.entities.length:
                return False
            continue
        if isinstance(node, CDATASection):
            return False
        if isinstance(node, Element):
            local = node.tagName.rpartition(":")[2].lower()
            if local in _SVG_UNSAFE_ELEMENTS:
                return False
            for name, value in node.attributes.items():
                if name.rpartition(":")[2].lower().startswith("on"):
                    return False
                if _SVG_UNSAFE_VALUE.search(_SVG_BLANKS.sub("", value)):
                    return False
        elif isinstance(node, Text):
            if _SVG_UNSAFE_VALUE.search(_SVG_BLANKS.sub("", node.data)):
                return False
        elif node.nodeType in (node.ENTITY_REFERENCE_NODE, node.PROCESSING_INSTRUCTION_NODE):
            return False
        pending.extend(node.childNodes)
    return True


def _png_whole(data: bytes) -> bool:
    """Whether ``data`` is a PNG a reader can decode: its header chunk first,
    with a size; every chunk to the end chunk whole, its checksum right; the
    image data a whole zlib stream.  (A reading system or epubcheck rejects
    the book for one whose pixels are garbage; bytes after the end are kept,
    as files may carry some.)"""
    if data[12:16] != b"IHDR":
        return False
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if not (width and height) or width * height > MAX_IMAGE_PIXELS:
        return False  # (more pixels than Qt, or a reader, decodes)
    # the pixel data a PNG of that size and kind holds (its bits a pixel, a
    # filter byte a row, and for interlacing a few more a row): more is no
    # PNG, and a bomb
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(data[25], 4)
    most = (width * height * channels * max(data[24], 1) + 7) // 8 + 4 * height + 64
    unpacker = zlib.decompressobj()
    produced = 0
    at = 8
    while at + 12 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        end = at + 8 + length
        if end + 4 > len(data):
            return False  # cut short
        if zlib.crc32(data[at + 4 : end]) != int.from_bytes(data[end : end + 4], "big"):
            return False
        if kind == b"IDAT":
            chunk = data[at + 8 : end]
            try:
                while not unpacker.eof:  # (the pixels are counted, not kept)
                    out = len(unpacker.decompress(chunk, 1 << 20))
                    produced += out
                    chunk = unpacker.unconsumed_tail
                    if produced > most:
                        return False
                    if not chunk and not out:
                        break  # (the next chunk goes on with the stream)
            except zlib.error:
                return False
        elif kind == b"IEND":
            return unpacker.eof
        at = end + 4
    return False


def sniff_image(data: bytes, claimed: str) -> str | None:
    """The media type of ``data`` by its first bytes (``claimed``: what its
    name or data: URL says), or None when it is not an image a reading
    system can show: a damaged or mislabelled file would make the book
    invalid, and an SVG with scripts or entities is not shown either."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png" if _png_whole(data) else None
    if too_many_pixels(data):
        return None  # (a GIF of 60,000² pixels is a few dozen bytes: a reader's bomb)
    if data.startswith(b"\xff\xd8\xff"):
        # a frame header with a size before the scan; then the end marker
        # (anywhere: a motion photo carries a video after it)
        frame = jpeg_frame(data)
        scan = data.find(b"\xff\xda", 2)
        whole = frame is not None and frame[0] > 0 and frame[1] > 0 and scan > 0
        return "image/jpeg" if whole and b"\xff\xd9" in data[scan:] else None
    if data.startswith((b"GIF87a", b"GIF89a")):
        # a header, an image (its descriptor, after the colour table) and the end
        table = 3 * 2 ** ((data[10] & 7) + 1) if len(data) > 10 and data[10] & 0x80 else 0
        whole = len(data) > 13 + table and b"," in data[13 + table : -1]
        return "image/gif" if whole and b";" in data[-16:] else None
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        size = int.from_bytes(data[4:8], "little")
        return "image/webp" if data[12:15] == b"VP8" and size + 8 <= len(data) else None
    if data.startswith(b"BM") and claimed == "image/bmp":
        return "image/bmp"  # (kept by an import; an EPUB cannot hold it)
    if claimed == "image/svg+xml" and b"<svg" in data[:4096] and _svg_is_safe(data):
        return "image/svg+xml"
    return None


class ImageCollector:
    """The images of an export: each file once, named by its content (only
    real images, by their first bytes, up to :data:`MAX_IMAGE_BYTES`)."""

    def __init__(self, folder: Path, prefix: str, media_types: Collection[str] | None = None):
        self.folder = folder
        self.prefix = prefix  # how pages refer to the folder ("../images/")
        # the kinds kept (None: any image); a kind left out stays its text
        self.media_types = media_types
        self.files: dict[str, str] = {}  # name → media type
        self._sniffed: dict[tuple[str, str], str | None] = {}  # (digest, claimed) → name
        #: The folders whose files may be taken (the library, the offline
        #: image cache: see :func:`prepare_chapters`); empty: any the
        #: renderer gave.
        self.allowed: list[str] = []

    def _store(self, data: bytes, claimed: str) -> str | None:
        if len(data) > MAX_IMAGE_BYTES:
            return None
        digest = hashlib.sha256(data).hexdigest()[:24]
        if (digest, claimed) in self._sniffed:  # (the same image again: looked at once)
            known = self._sniffed[(digest, claimed)]
            return None if known is None else self.prefix + known
        media_type = sniff_image(data, claimed)
        extension = _EXTENSIONS.get(media_type or "")
        wanted = self.media_types is None or media_type in self.media_types
        if media_type is None or extension is None or not wanted:
            self._sniffed[(digest, claimed)] = None
            return None
        name = digest + extension
        self._sniffed[(digest, claimed)] = name
        if name not in self.files:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / name).write_bytes(data)
            self.files[name] = media_type
        return self.prefix + name

    def __call__(self, src: str, alt: str) -> str | None:
        src = html.unescape(src)
        if src.lstrip()[:5].lower() == "data:":
            from reader.core.render.imagecheck import data_image

            inlined = data_image(src)
            if inlined is None:
                return None
            return self._store(inlined[1], inlined[0].replace("jpg", "jpeg"))
        parts = split_url(src)
        if parts is None or parts.scheme != "file":
            return None  # remote images were blocked by the renderer: never fetched
        # decoded once, as the renderer encoded it (decoded twice, a folder
        # named "%2e%2e" became ".." and an export took a picture from
        # anywhere on the disk), and checked against the folders allowed
        path = Path(url2pathname(parts.path))
        if self.allowed:
            real = os.path.realpath(path)
            if not any(
                real == top or real.startswith(top.rstrip(os.sep) + os.sep) for top in self.allowed
            ):
                return None
        media_type = mimetypes.guess_type(path.name)[0] or ""
        try:
            with open_regular(path) as handle:  # a FIFO or a device would never end
                data = handle.read(MAX_IMAGE_BYTES + 1)
        except OSError:
            return None
        return self._store(data, media_type)


def _link(href: str) -> str | None:
    text = href.strip()
    if text.startswith("#"):
        return text
    parts = split_url(text)  # (None: an address no one can take apart, dropped to its text)
    scheme = parts.scheme.lower() if parts is not None else ""
    return text if scheme in ("http", "https", "mailto") else None


#: What a link to another article of the export points at until the book's
#: files are named (:func:`link_chapters`): its path in the library.
_CHAPTER_LINK = "article-reader-chapter:"
_CHAPTER_HREF = re.compile(r' href="article-reader-chapter:([^"#]*)(?:#([^"]*))?"')
_IDS = re.compile(r' id="([^"]*)"')


def _linker(
    rel: str,
    exported: Mapping[str, int],
    id_prefixes: bool,
    address: Callable[[str], str | None] | None = None,
) -> Callable[[str], str | None]:
    """:func:`_link` for the article ``rel``, which also keeps its links to
    other articles of the export (``exported``: path → number), as the
    reader follows them: relative to the article (they were left as text,
    even to the next chapter), or by the site's address (``address``: the
    article an address names, see
    :meth:`reader.core.library.facade.Library.article_at_address`)."""
    folder = posixpath.dirname(rel)

    def link(href: str) -> str | None:
        parts = split_url(href.strip())
        named: str | None = None
        if address is not None and parts is not None and parts.path.startswith("/"):
            named = address(href)
            if named not in exported:
                named = None
        if named is None:
            kept = _link(href)
            if kept is not None:
                return kept
            if parts is None or parts.scheme or parts.netloc or not parts.path:
                return None
            named = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        number = exported.get(named)
        if number is None:
            return None  # (not in the export: its text only, as before)
        fragment = ""
        if parts is not None and parts.fragment:  # (the id as the export writes ids: see to_xhtml)
            written = _ID_CHARS.sub("_", unquote(parts.fragment))
            fragment = f"#a{number}-{written}" if id_prefixes else f"#{written}"
        return f"{_CHAPTER_LINK}{quote(named, safe='/')}{fragment}"

    return link


def link_chapters(
    groups: Sequence[tuple[str, Sequence[Chapter]]], target: Callable[[int, str], str]
) -> None:
    """Point the chapters' links to other chapters at them, once the book's
    order is known: ``target(number, fragment)`` is the ``href`` of the
    ``number``-th chapter of the book (1-based, as the groups list them)
    with ``fragment`` (``#id`` or "")."""
    numbers: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    for chapter in (chapter for _, members in groups for chapter in members):
        numbers[chapter.path] = len(numbers) + 1
        ids[chapter.path] = set(_IDS.findall(chapter.body))

    def pointed(found: re.Match[str]) -> str:
        path = unquote(found.group(1))
        number = numbers.get(path)
        if number is None:  # (a chapter that could not be read: its text only)
            return ""
        # a place the chapter has (a Markdown heading has no id): else its start
        fragment = found.group(2) or ""
        place = f"#{fragment}" if fragment and fragment in ids[path] else ""
        return f' href="{html.escape(target(number, place))}"'

    for _, members in groups:
        for chapter in members:
            if _CHAPTER_LINK in chapter.body:
                chapter.body = _CHAPTER_HREF.sub(pointed, chapter.body)


# -- chapters --------------------------------------------------------------------------------


def prepare_chapters(
    library: Library,
    paths: Sequence[str],
    images: ImageCollector | None,
    *,
    locale: str = "en",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    id_prefixes: bool = False,
    image_cache: str | os.PathLike | None = None,
) -> tuple[list[Chapter], list[tuple[str, str]]]:
    """Render ``paths`` (relative to the library) into chapters; unreadable
    articles are skipped and reported.  ``image_cache`` is the offline image
    cache (default: the user's).  Raises :class:`ExportCancelled`."""
    chapters: list[Chapter] = []
    skipped: list[tuple[str, str]] = []
    total = len(paths)
    exported = {rel: number for number, rel in enumerate(paths, 1)}
    if images is not None:  # (pictures only from the library and the offline copies)
        images.allowed = [os.path.realpath(library.root)] + [
            os.path.realpath(folder) for folder in _in_use(library, image_cache)[1:]
        ]
    # (a few index look-ups each: the same address in many chapters is looked up once)
    address = functools.lru_cache(maxsize=4096)(library.article_at_address)
    for done, rel in enumerate(paths, 1):
        if cancel is not None and cancel():
            raise ExportCancelled
        try:
            article = library.load(rel)
        except ArticleError as exc:
            skipped.append((rel, exc.at_line))
        else:
            link = _linker(rel, exported, id_prefixes, address)
            chapters.append(
                _chapter(
                    library, article, rel, images, locale, done, id_prefixes, image_cache, link
                )
            )
        if progress is not None:  # (one skipped too: the last one made the bar stop short)
            progress(done, total, rel)
    return chapters, skipped


def _chapter(
    library: Library,
    article: Article,
    rel: str,
    images: ImageCollector | None,
    locale: str,
    number: int,
    id_prefixes: bool,
    image_cache: str | os.PathLike | None,
    link: Callable[[str], str | None] = _link,
) -> Chapter:
    # (as the reader pane shows it: a Jekyll or Hugo post with its site's
    # Liquid and shortcodes evaluated, never their raw text)
    result = render_article(
        article,
        library_root=library.root,
        locale=locale,
        theme="light",
        cache_dir=image_cache,
        site=site_of(article, library=library),
    )
    body = to_xhtml(
        result.body_html,
        image=images if images is not None else (lambda src, alt: None),
        link=link,
        id_prefix=f"a{number}-" if id_prefixes else "",
    )
    dated = article.date is not None and article.date_source in ("front-matter", "filename")
    # The declared language only when the reader takes it too: `lang: 中文`
    # written as is makes the book invalid (epubcheck RSC-005), so such a
    # value falls back to the language of the text, as in the window.
    language = detect_language(article.title + " " + article.body, article_lang(article))
    said = set(article.problems)
    problems = [str(p) for p in article.problems if p.severity == ERROR]
    problems += [str(p) for p in result.problems if p not in said]
    problems = list(dict.fromkeys(problems))  # (an include's notice, once: not thousands)
    return Chapter(
        path=rel,
        problems=tuple(problems),
        title=_chapter_title(article.title, rel),
        date=article.date.isoformat() if dated and article.date is not None else None,
        author=article.author,
        categories=tuple(tuple(c) for c in article.categories),
        language=language,
        body=body,
    )


def group_chapters(chapters: list[Chapter], toc: str) -> list[tuple[str, list[Chapter]]]:
    """The chapters in book order, grouped for the table of contents: by
    month (newest first, undated last) or by first category (alphabetical,
    uncategorized last)."""
    if toc not in TOCS:
        raise ValueError(f"unknown table of contents {toc!r}; use one of {', '.join(TOCS)}")
    groups: dict[str, list[Chapter]] = {}
    for chapter in chapters:
        if toc == "date":
            key = chapter.date[:7] if chapter.date else ""
        else:
            # as the contents show it: categories alike there are one group
            key = shown_text(" / ".join(chapter.categories[0])) if chapter.categories else ""
        chapter.group = key
        groups.setdefault(key, []).append(chapter)
    for members in groups.values():
        # titles A to Z among articles of one date (and the undated ones),
        # the dates newest first for a contents by date (a stable sort)
        members.sort(key=lambda c: c.title)
        members.sort(key=lambda c: c.date or "", reverse=toc == "date")
    named = sorted((k for k in groups if k), reverse=toc == "date")
    order = named + ([""] if "" in groups else [])
    return [(key, groups[key]) for key in order]


def _group_label(key: str, toc: str, language: str) -> str:
    shown = shown_text(key)
    if shown:  # (a category of control characters only: an empty label failed epubcheck)
        return shown
    if toc == "date":
        return "未注明日期" if language == "zh" else "Undated"
    return "未分类" if language == "zh" else "Uncategorized"


def book_language(chapters: Sequence[Chapter]) -> str:
    """The language most of ``chapters`` are in ("en" for none): the book's,
    and its headings' (the contents, "Undated").  Tags of one language are
    counted together (``he`` and ``he-IL``), the most common spelling kept;
    a tie goes to the language of the first chapters."""
    counts = Counter(
        chapter.language.replace("_", "-").split("-")[0].lower() for chapter in chapters
    )
    if not counts:
        return "en"
    primary = counts.most_common(1)[0][0]
    spellings = Counter(
        chapter.language
        for chapter in chapters
        if chapter.language.replace("_", "-").split("-")[0].lower() == primary
    )
    return spellings.most_common(1)[0][0]


def book_direction(chapters: Sequence[Chapter]) -> str:
    """``rtl`` when most of ``chapters`` are written right to left (the
    order the book's pages turn in), else ``ltr``: by the chapters, not by
    the book's language (four chapters of seven in Arabic and Hebrew turned
    left to right; a tie of one Arabic and one English chapter, right)."""
    rtl = sum(1 for chapter in chapters if text_direction(chapter.language) == "rtl")
    return "rtl" if rtl * 2 > len(chapters) else "ltr"


# -- writing the output ------------------------------------------------------------------


def _put_new(built: Path, place: Path, out: str | os.PathLike) -> None:
    """Move the file ``built`` to ``place`` only if nothing is there: a file
    another program wrote at ``out`` since it was checked is not replaced
    without ``--force``.  A hard link is made and fails if the name is taken
    (at once, unlike a check then a rename; see :func:`place_new`)."""
    try:
        place_new(built, place)
    except FileExistsError:
        raise ExportError("already exists (give --force to replace it)", out) from None
    with contextlib.suppress(FileNotFoundError):
        built.unlink()  # (its second name, when it was linked)


def _place(out: str | os.PathLike) -> Path:
    """``out`` as an absolute path, the folders above it resolved (symlinks
    followed) but its own name kept: a symlink given as the output is what
    is replaced, never its target.  ``.``, ``..`` or ``/`` name a folder only
    through the path itself, so those are resolved whole (``.`` has no name
    to put a sibling beside)."""
    path = Path(out)
    if path.name in ("", ".."):
        return Path(os.path.realpath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def _within(path: str | os.PathLike, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it, by the folders' identity
    (device and inode) rather than their names: symlinks on either side and
    a second name for the same folder (a bind mount) do not hide it.  A
    ``path`` that does not exist holds nothing to keep: False."""
    try:
        target = os.stat(folder)
        os.stat(path)
    except OSError:
        return False
    current = Path(os.path.realpath(path))
    for candidate in (current, *current.parents):
        try:
            info = os.stat(candidate)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


# What an HTML export writes, and nothing else: a folder holding anything
# more is not replaced, because deleting it could delete something of the
# user's (their library moved in there, notes put beside the pages).
_EXPORT_FILES = frozenset({"index.html", "style.css", EXPORT_MARKER})
_EXPORT_FOLDERS = {
    "articles": re.compile(r"a[0-9]{5,}\.html"),
    "images": re.compile(
        rf"[0-9a-f]{{24}}(?:{'|'.join(re.escape(x) for x in sorted(set(_EXTENSIONS.values())))})"
    ),
}


def _not_an_export(folder: Path) -> str | None:
    """Why replacing ``folder`` could delete something that is not an earlier
    export (the message of the refusal), or None when it is empty or holds
    the export marker and only what an export writes.  Raises OSError when
    it cannot be listed."""
    with os.scandir(folder) as scan:
        entries = list(scan)
    if not entries:
        return None
    if EXPORT_MARKER not in {entry.name for entry in entries}:
        return "is a folder that no export made; not replaced"
    foreign: list[str] = []
    for entry in entries:
        if entry.name in _EXPORT_FILES and entry.is_file(follow_symlinks=False):
            continue
        pattern = _EXPORT_FOLDERS.get(entry.name)
        if pattern is None or not entry.is_dir(follow_symlinks=False):
            foreign.append(entry.name)
            continue
        with os.scandir(entry.path) as inner:
            foreign.extend(
                f"{entry.name}/{item.name}"
                for item in inner
                if not (pattern.fullmatch(item.name) and item.is_file(follow_symlinks=False))
            )
    if not foreign:
        return None
    foreign.sort()
    shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
    return f"holds files that no export made ({shown}); not replaced"


#: The hidden folders of other programs no export writes into, wherever
#: they are in a library (the version control's, and the library's state).
_KEPT_FOLDERS = frozenset({".git", ".hg", ".svn", ".article-reader"})


def _in_hidden_folder(real: Path, root: Path, names: frozenset[str] | None = None) -> bool:
    """Whether ``real`` is below a hidden folder (``.git``) of ``root``: any
    one, or one of ``names``."""
    if not real.is_relative_to(root):
        return False
    return any(
        part.startswith(".") and (names is None or part in names)
        for part in real.relative_to(root).parts[:-1]
    )


def _is_a_book(path: Path) -> bool:
    """Whether the file at ``path`` (a link followed) begins as an EPUB (a
    ZIP whose first entry is its ``mimetype``) or a PDF does."""
    try:
        with open_regular(path) as handle:
            head = handle.read(64)
    except (OSError, NotRegularFileError):
        return False
    return head.startswith(b"%PDF-") or (
        head.startswith(b"PK\x03\x04") and b"mimetypeapplication/epub+zip" in head
    )


def check_output(
    out: Path,
    force: bool,
    *,
    folder: bool,
    library: str | os.PathLike | None = None,
    keep: Sequence[str | os.PathLike] = (),
) -> None:
    """Refuse an existing ``out`` unless ``force``.  A file is replaced only
    when it is a regular file or a symlink (the link itself is replaced,
    never its target): never a folder, a device or a FIFO.  A folder is
    replaced only when an earlier export made it (it holds the export
    marker and nothing else than an export writes) and neither the
    ``library`` nor a folder of ``keep`` (the caches in use) is inside it.
    Inside the ``library`` folder, an HTML folder (its pages would be read
    as articles) or a file named like an article (``--force`` would replace
    an article outside the library's checked write) is refused; so is
    anything inside the library's own state folder or inside a folder of
    ``keep`` or the library's index folder (``--force`` replaced a reading
    state log, the index or the undo journal with a book).  Inside the
    library, a file is replaced only when it is a book (an EPUB or a PDF,
    by its first bytes: ``--force`` wrote over ``_config.yml``, an image
    or ``.git/config``), and nothing is written in a hidden folder."""
    place = _place(out)
    stored = False  # whether what is written lands in the library (a link: itself replaced)
    if library is not None:
        from reader.core.article.cache import library_cache_dir
        from reader.core.library.root import STATE_FOLDER, find_library_root
        from reader.core.library.scan import ARTICLE_SUFFIXES
        from reader.core.render.imagecache import default_cache_dir

        # (the folder opened, and the library it is in: a subfolder opened
        # with --force wrote a book over an article of the library above)
        roots = {Path(library).resolve(), find_library_root(library).resolve()}
        real = Path(os.path.realpath(place))
        inside = any(real.is_relative_to(root) for root in roots)
        # (what is written is placed in place's folder, a link at place
        # replaced itself: that folder, by its identity, decides)
        if any(_within(place.parent, root / STATE_FOLDER) for root in roots):
            raise ExportError(
                f"is inside the library's own folder ({STATE_FOLDER}); not written", out
            )
        if inside and folder:
            raise ExportError("is inside the library; choose a folder outside it", out)
        if inside and out.name.lower().endswith(ARTICLE_SUFFIXES):
            raise ExportError("is named like an article of the library; not written", out)
        spot = Path(os.path.realpath(place.parent)) / place.name
        stored = any(spot.is_relative_to(root) for root in roots)
        # (a hidden folder of the folder opened; .git and its kin of the
        # library above it too: a library may live in a dot-folder of it)
        opened = Path(library).resolve()
        if _in_hidden_folder(spot, opened) or any(
            _in_hidden_folder(spot, root, _KEPT_FOLDERS) for root in roots
        ):
            raise ExportError(
                "is inside a hidden folder of the library (.git and its kin); not written", out
            )
        # the caches the caller named, and those of the user's own place
        keep = [*keep, library_cache_dir(library), default_cache_dir()]
    for path in keep:
        if _within(place.parent, Path(path)):
            raise ExportError(f"is inside {path}, a cache folder in use; not written", out)
    try:
        mode = os.lstat(place).st_mode
    except FileNotFoundError:
        if not place.parent.is_dir():
            raise ExportError("the folder to write into does not exist", out.parent) from None
        return
    except OSError as exc:  # (a file named as a folder above it: "Not a directory")
        raise ExportError(f"cannot be written there: {exc.strerror or exc}", out) from None
    # What is never replaced is said at once, --force or not.
    if folder:
        if not stat.S_ISDIR(mode):
            raise ExportError("exists and is not a folder; not replaced", out)
        if library is not None and _within(library, place):
            raise ExportError(f"holds the library ({library}); not replaced", out)
        for path in keep:
            if _within(path, place):
                raise ExportError(f"holds {path}, a cache folder in use; not replaced", out)
    elif place.is_dir():  # (a symlink to a folder too: as before, not replaced)
        raise ExportError("is a folder; not replaced", out)
    elif not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        # a device or a FIFO: "replacing" /dev/null would break the system
        raise ExportError("is not a regular file; not replaced", out)
    elif stat.S_ISLNK(mode) and _system_link(place):
        # /dev/stdout and its kin: a link to the process's own output (a
        # pipe, a terminal, the file a shell redirected it to), whose
        # replacement by a regular file breaks every program after
        raise ExportError(
            "is a link to a device, a pipe or the system's own files; not replaced", out
        )
    if not force:
        raise ExportError("already exists (give --force to replace it)", out)
    if stored and not folder and not _is_a_book(place):
        raise ExportError(
            "exists inside the library and is not a book an export wrote (an EPUB or a "
            "PDF); not replaced",
            out,
        )
    if folder:
        try:
            problem = _not_an_export(place)
        except OSError as exc:
            raise ExportError(f"cannot be read: {exc.strerror or exc}", out) from None
        if problem is not None:
            raise ExportError(problem, out)


_SYSTEM_FOLDERS = ("/dev", "/proc", "/sys")


def _system_link(link: Path) -> bool:
    """Whether the symbolic link ``link`` lives in, or leads into, the
    system's folders of devices and processes, or leads to anything but a
    regular file (a link to nothing may be replaced)."""

    def system(path: str) -> bool:
        return any(path == top or path.startswith(top + "/") for top in _SYSTEM_FOLDERS)

    if system(os.path.realpath(link.parent)):
        return True
    # each link on the way (realpath would follow /proc/self/fd/1 to the
    # file a shell redirected the output to)
    hop = os.path.abspath(link)
    for _ in range(40):
        if not os.path.islink(hop):
            break
        hop = os.path.normpath(os.path.join(os.path.dirname(hop), os.readlink(hop)))
        if system(os.path.join(os.path.realpath(os.path.dirname(hop)), os.path.basename(hop))):
            return True
    try:
        return not stat.S_ISREG(os.stat(link).st_mode)
    except OSError:
        return False  # (a link to nothing)


STAGING_PREFIX = ".article-reader-export-"
# A staging folder this old was left by an export that was killed.
STALE_STAGING_SECONDS = 6 * 3600


def sweep_stale_staging(folder: Path) -> None:
    """Remove the staging folders of exports killed in ``folder`` (ours by
    name, untouched for hours); anything else is left alone."""
    import time

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(STAGING_PREFIX):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False) and (
                now - entry.stat(follow_symlinks=False).st_mtime > STALE_STAGING_SECONDS
            ):
                shutil.rmtree(entry.path, ignore_errors=True)


@contextlib.contextmanager
def writing(out: str | os.PathLike) -> Iterator[None]:
    """Any OSError while an export is built (in its staging folder, which
    the user never sees) as an :class:`ExportError` naming ``out``: a full
    disk is ``OUT: No space left on device``, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise ExportError(exc.strerror or str(exc), out) from None


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out`` (so the result is renamed into place,
    never copied), removed afterwards whatever happens."""
    parent = _place(out).parent  # (beside `.` is its parent, not inside it)
    sweep_stale_staging(parent)
    try:
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    except OSError as exc:
        raise ExportError(f"cannot write here: {exc.strerror or exc}", out.parent) from None
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _in_use(library: Library, image_cache: str | os.PathLike | None) -> list[Path]:
    """The folders an export of ``library`` reads besides the library: its
    index, and the offline image cache (given, else the user's)."""
    from reader.core.render.imagecache import default_cache_dir

    return [
        library.cache_dir,
        Path(image_cache) if image_cache is not None else default_cache_dir(),
    ]


def install_output(
    built: Path,
    out: Path,
    *,
    folder: bool,
    force: bool,
    library: str | os.PathLike | None = None,
    keep: Sequence[str | os.PathLike] = (),
) -> None:
    """Put ``built`` (a file or folder in :func:`staging`) in ``out``'s place.

    The checks of :func:`check_output` are made again first: the export
    took a while, and what is at ``out`` now may not be what was checked (a
    FIFO or a library moved there meanwhile).  A folder replaced is renamed
    aside and checked once more under that name, which nothing else uses,
    before it is deleted; it is put back when anything fails."""
    check_output(out, force, folder=folder, library=library, keep=keep)
    place = _place(out)
    try:
        if not folder:
            if force:
                os.replace(built, place)  # (a symlink is replaced itself)
            else:
                _put_new(built, place, out)
            return
        if not os.path.lexists(place):
            built.rename(place)  # (fails on a folder made there meanwhile unless empty)
            return
        old = place.with_name(_aside_name(place.name))
        place.rename(old)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror or exc}", out) from None
    try:
        problem = _not_an_export(old)
    except OSError as exc:
        problem = f"cannot be read: {exc.strerror or exc}"
    if problem is None:
        try:
            built.rename(place)
        except OSError as exc:
            problem = f"cannot write: {exc.strerror or exc}"
        else:
            shutil.rmtree(old, ignore_errors=True)
            return
    try:
        old.rename(place)
    except OSError:
        problem += f" (it is kept as {old})"
    raise ExportError(problem, out)


def _aside_name(name: str) -> str:
    """The hidden name an earlier export folder ``name`` is kept under while
    the new one takes its place: ``.NAME.old-XXXXXXXX``, the name cut short
    (at a whole character) so that the whole stays within the 255 bytes a
    file name may take (a name of 242 bytes or more failed "File name too
    long", though the export had made it)."""
    suffix = f".old-{uuid.uuid4().hex[:8]}"
    room = 255 - 1 - len(suffix)
    encoded = os.fsencode(name)
    if len(encoded) > room:
        name = os.fsdecode(encoded[:room].decode("utf-8", "ignore").encode("utf-8"))
    return f".{name}{suffix}"


_CSS = """\
body { font-family: serif; line-height: 1.6; margin: 0 4%; }
h1.article-title { font-size: 1.5em; margin: 0.5em 0 0.2em; }
.article-meta, .article-taxonomy { color: #555; font-size: 0.9em; margin: 0.2em 0; }
.article-taxonomy .category, .article-taxonomy .tag { margin-right: 0.6em; }
img { max-width: 100%; height: auto; }
p.figure { text-align: center; }
pre { white-space: pre-wrap; font-size: 0.85em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #999; padding: 0.2em 0.4em; }
.image-note { color: #777; font-style: italic; }
nav ol { list-style: none; padding-left: 1em; }
html[dir="rtl"] nav ol { padding-left: 0; padding-right: 1em; }
html[dir="rtl"] .article-taxonomy .category, html[dir="rtl"] .article-taxonomy .tag {
  margin-right: 0; margin-left: 0.6em;
}
"""


def _e(text: str) -> str:
    return xml_escape(text)


def _xhtml_page(title: str, body: str, language: str, css: str, *, epub: bool) -> str:
    namespaces = ' xmlns:epub="http://www.idpf.org/2007/ops"' if epub else ""
    prolog = '<?xml version="1.0" encoding="utf-8"?>\n' if epub else ""
    # (a page in Arabic or Hebrew laid out left to right put its text and
    # its lists on the wrong side)
    direction = ' dir="rtl"' if text_direction(language) == "rtl" else ""
    return (
        f"{prolog}<!DOCTYPE html>\n"
        f'<html xmlns="http://www.w3.org/1999/xhtml"{namespaces} lang="{_e(language)}" '
        f'xml:lang="{_e(language)}"{direction}>\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{_e(title)}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{_e(css)}"/>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def shown_text(text: str | None) -> str:
    """``text`` as a title shows it: without what XML cannot hold and without
    bidirectional controls (see :func:`without_bidi_controls`), its blanks
    collapsed ("" when nothing is left to show: no character that draws
    anything, only zero-width and other format characters, fillers or marks
    with nothing to mark, made an entry of the contents no one could see)."""
    shown = " ".join(without_bidi_controls(xml_chars(text or "")).split())
    return shown if any(map(_draws, shown)) else ""


# Characters that are letters or symbols to Unicode but draw nothing.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _draws(char: str) -> bool:
    """Whether ``char`` draws anything where it stands."""
    if char.isspace() or char in _BLANK_GLYPHS:
        return False
    return unicodedata.category(char) not in ("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp")


def _chapter_title(title: str, rel: str) -> str:
    """An article's title in the contents and its page's ``<title>``: its
    own, else (nothing in it shows: blanks, control characters) its file's
    name without the extension, as an article without a title has (an empty
    ``<title>`` and a link with no text made a book that failed epubcheck,
    RSC-005, and an entry without a title in a PDF's contents)."""
    name = PurePosixPath(rel).name
    return (
        shown_text(title) or shown_text(PurePosixPath(name).stem) or shown_text(name) or "Untitled"
    )


def title_of_book(library: Library, title: str | None) -> str:
    """The book's title: the one given, else the library folder's name, else
    "Articles" -- the first that shows something (a title of blanks or
    control characters made a book that failed epubcheck, RSC-005)."""
    return shown_text(title) or shown_text(library.root.name) or "Articles"


def export_epub(
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
    now: datetime | None = None,
    image_cache: str | os.PathLike | None = None,
) -> ExportResult:
    """Write ``paths`` as one EPUB 3 book at ``out``: a table of contents
    grouped by ``toc`` (``date`` or ``category``), one chapter per article
    with its title, date, author and categories, local and offline-cached
    images only.  Raises :class:`ExportError` (existing ``out`` without
    ``force``, unwritable folder) or :class:`ExportCancelled`."""
    target = Path(out)
    if toc not in TOCS:
        raise ValueError(f"unknown table of contents {toc!r}; use one of {', '.join(TOCS)}")
    keep = _in_use(library, image_cache)
    check_output(target, force, folder=False, library=library.root, keep=keep)
    with staging(target) as stage, writing(target):
        # (EPUB 3's core media types: a WebP needs a fallback the book has not)
        images = ImageCollector(stage / "images", "../images/", EPUB_IMAGE_TYPES)
        chapters, skipped = prepare_chapters(
            library,
            paths,
            images,
            locale=locale,
            progress=progress,
            cancel=cancel,
            image_cache=image_cache,
        )
        groups = group_chapters(chapters, toc)
        link_chapters(groups, lambda number, fragment: f"a{number:05d}.xhtml{fragment}")
        language = book_language(chapters)
        book = stage / "book.epub"
        _write_epub(book, library, groups, images, language, toc, title, now)
        if cancel is not None and cancel():
            raise ExportCancelled
        install_output(book, target, folder=False, force=force, library=library.root, keep=keep)
    return ExportResult.of(target, chapters, len(images.files), skipped, language)


def _write_epub(
    book: Path,
    library: Library,
    groups: list[tuple[str, list[Chapter]]],
    images: ImageCollector,
    language: str,
    toc: str,
    title: str | None,
    now: datetime | None,
) -> None:
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    book_title = title_of_book(library, title)
    ordered = [chapter for _, members in groups for chapter in members]
    identity = hashlib.sha256("\n".join(c.path for c in ordered).encode()).hexdigest()
    # (a folder name that is not UTF-8 as its bytes' escapes: uuid5 takes text)
    root = os.fsencode(library.root).decode("utf-8", "backslashreplace")
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, root + identity)}"
    authors = Counter(c.author for c in ordered if c.author)
    creator = authors.most_common(1)[0][0] if authors else "Article Reader"
    dates = sorted(c.date[:10] for c in ordered if c.date)
    book_date = dates[-1] if dates else stamp.date().isoformat()

    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
    ]
    spine = []
    nav_items = []
    chapter_files: list[tuple[str, str]] = []
    number = 0
    for key, members in groups:
        entries = []
        for chapter in members:
            number += 1
            name = f"text/a{number:05d}.xhtml"
            chapter_files.append(
                (
                    name,
                    _xhtml_page(
                        chapter.title,
                        f'<div class="article">{chapter.body}</div>',
                        chapter.language,
                        "../style.css",
                        epub=True,
                    ),
                )
            )
            manifest.append(
                f'<item id="a{number}" href="{name}" media-type="application/xhtml+xml"/>'
            )
            spine.append(f'<itemref idref="a{number}"/>')
            entries.append(f'<li><a href="{name}">{_e(chapter.title)}</a></li>')
        label = _group_label(key, toc, language)
        nav_items.append(f"<li><span>{_e(label)}</span><ol>{''.join(entries)}</ol></li>")
    for index, (name, media_type) in enumerate(sorted(images.files.items()), 1):
        manifest.append(f'<item id="img{index}" href="images/{name}" media-type="{media_type}"/>')
    heading = "目录" if language == "zh" else "Contents"
    nav_body = (
        f'<nav epub:type="toc" id="toc"><h1>{_e(heading)}</h1><ol>{"".join(nav_items)}</ol></nav>'
    )
    if not nav_items:
        nav_body = (
            f'<nav epub:type="toc" id="toc"><h1>{_e(heading)}</h1>'
            f'<ol><li><a href="nav.xhtml#toc">{_e(book_title)}</a></li></ol></nav>'
        )
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        f'unique-identifier="bookid" xml:lang="{_e(language)}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="bookid">{_e(identifier)}</dc:identifier>\n'
        f"<dc:title>{_e(book_title)}</dc:title>\n"
        f"<dc:creator>{_e(creator)}</dc:creator>\n"
        f"<dc:language>{_e(language)}</dc:language>\n"
        f"<dc:date>{book_date}</dc:date>\n"
        f'<meta property="dcterms:modified">{stamp.strftime("%Y-%m-%dT%H:%M:%SZ")}</meta>\n'
        "</metadata>\n<manifest>\n"
        + "\n".join(manifest)
        + "\n</manifest>\n"
        + (
            '<spine page-progression-direction="rtl">\n'
            if book_direction(ordered) == "rtl"
            else "<spine>\n"
        )
        + ("\n".join(spine) if spine else '<itemref idref="nav"/>')
        + "\n</spine>\n</package>\n"
    )
    container = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" '
        'media-type="application/oebps-package+xml"/></rootfiles>\n</container>\n'
    )
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        deflate = zipfile.ZIP_DEFLATED
        archive.writestr("META-INF/container.xml", container, compress_type=deflate)
        archive.writestr("OEBPS/content.opf", opf, compress_type=deflate)
        archive.writestr(
            "OEBPS/nav.xhtml",
            _xhtml_page(heading, nav_body, language, "style.css", epub=True),
            compress_type=deflate,
        )
        archive.writestr("OEBPS/style.css", _CSS, compress_type=deflate)
        for name, page in chapter_files:
            archive.writestr(f"OEBPS/{name}", page, compress_type=deflate)
        for name in sorted(images.files):
            archive.write(images.folder / name, f"OEBPS/images/{name}", compress_type=deflate)


def export_html_folder(
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
    """Write ``paths`` as a static folder: ``index.html`` (grouped by ``toc``)
    and one page per article under ``articles/``, images under ``images/``;
    everything offline.  An existing ``out`` is replaced only with ``force``
    and only when an export made it."""
    target = Path(out)
    if toc not in TOCS:
        raise ValueError(f"unknown table of contents {toc!r}; use one of {', '.join(TOCS)}")
    keep = _in_use(library, image_cache)
    check_output(target, force, folder=True, library=library.root, keep=keep)
    with staging(target) as stage, writing(target):
        built = stage / "site"
        built.mkdir()
        images = ImageCollector(built / "images", "../images/")
        chapters, skipped = prepare_chapters(
            library,
            paths,
            images,
            locale=locale,
            progress=progress,
            cancel=cancel,
            image_cache=image_cache,
        )
        groups = group_chapters(chapters, toc)
        link_chapters(groups, lambda number, fragment: f"a{number:05d}.html{fragment}")
        language = book_language(chapters)
        book_title = title_of_book(library, title)
        (built / "articles").mkdir()
        index_items = []
        number = 0
        for key, members in groups:
            entries = []
            for chapter in members:
                number += 1
                name = f"articles/a{number:05d}.html"
                back = "返回目录" if language == "zh" else "Contents"
                body = (
                    f'<p class="nav"><a href="../index.html">{_e(back)}</a></p>'
                    f'<div class="article">{chapter.body}</div>'
                )
                (built / name).write_text(
                    _xhtml_page(chapter.title, body, chapter.language, "../style.css", epub=False),
                    encoding="utf-8",
                )
                date = (
                    f' <span class="article-meta">{_e(chapter.date[:10])}</span>'
                    if (chapter.date)
                    else ""
                )
                entries.append(f'<li><a href="{name}">{_e(chapter.title)}</a>{date}</li>')
            label = _group_label(key, toc, language)
            index_items.append(f"<li><h2>{_e(label)}</h2><ol>{''.join(entries)}</ol></li>")
        index = f"<h1>{_e(book_title)}</h1><nav><ol>{''.join(index_items)}</ol></nav>"
        (built / "index.html").write_text(
            _xhtml_page(book_title, index, language, "style.css", epub=False), encoding="utf-8"
        )
        (built / "style.css").write_text(_CSS, encoding="utf-8")
        (built / EXPORT_MARKER).write_text("made by article-reader export\n", encoding="utf-8")
        if cancel is not None and cancel():
            raise ExportCancelled
        install_output(built, target, folder=True, force=force, library=library.root, keep=keep)
    return ExportResult.of(target, chapters, len(images.files), skipped, language)
