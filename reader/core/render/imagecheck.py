"""Whether a local image is safe to hand to Qt's image readers.

Qt draws an SVG's ``<use>`` by drawing what it points at, every time: ten
groups of ten ``<use>`` of the group before are 10¹⁰ shapes from a 3 KB
file, and the reader's window (or a PDF export) hangs drawing them, the
billion laughs of SVG.  A ``<use>`` that points at its own ancestor never
ends.  :func:`image_refusal` counts the shapes an SVG expands to, in time
linear in its size, and refuses one that expands past
:data:`MAX_SVG_EXPANSION` or loops, or that is larger than
:data:`MAX_SVG_BYTES` (compressed ``.svgz`` files are counted unpacked).

An SVG may also point outside itself: ``<image href="/home/me/private.png">``,
``<use href="other.svg#x">``, a ``url(...)`` in its style, a style sheet.
Qt's SVG reader follows such references to any file on the machine (the
library's boundary is checked for the article's own ``<img>``, not for what
the picture then loads), and one that names a FIFO hangs it.  Such an SVG is
refused ("linked"): only references inside the file (``#id``) and raster
images given as ``data:`` URLs are drawn.

A raster image (PNG, JPEG, GIF, WebP, BMP) whose header claims more than
:data:`MAX_IMAGE_PIXELS` would take more memory than Qt allows itself
(256 MB): Qt refuses it and leaves a blank the size of the picture; it is
refused here first, from the header alone, with a note in its place.
"""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, unquote_to_bytes
from xml.etree import ElementTree

from reader.core.common.files import open_regular

__all__ = [
    "MAX_IMAGE_PIXELS",
    "MAX_SVG_BYTES",
    "MAX_SVG_EXPANSION",
    "data_picture",
    "data_url_bytes",
    "data_url_head",
    "image_refusal",
    "is_svg",
    "jpeg_frame",
    "raster_size",
    "too_many_pixels",
]

#: The largest SVG (unpacked) shown, in bytes.
MAX_SVG_BYTES = 8 * 1024 * 1024
#: The most elements an SVG may expand to once every ``<use>`` is followed.
MAX_SVG_EXPANSION = 200_000

#: The most pixels a raster image may have: 256 MB at 4 bytes a pixel, Qt's
#: own limit for decoding one.
MAX_IMAGE_PIXELS = 256 * 1024 * 1024 // 4

_GZIP = b"\x1f\x8b"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8")
_SVG_SUFFIXES = (".svg", ".svgz")


def _raster_magic(head: bytes) -> bool:
    """Whether ``head`` begins as a PNG, GIF, JPEG, WebP or BMP file does."""
    return (
        head.startswith(_RASTER_MAGIC)
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or head.startswith(b"BM")
    )


def is_svg(data: bytes, name: str = "") -> bool:
    """True when a file named ``name`` whose bytes start with ``data`` may
    be drawn by Qt's SVG reader: named ``.svg`` or ``.svgz`` (Qt goes by the
    name first), gzipped (``.svgz``), or holding ``<svg`` anywhere in
    ``data`` without a raster image's header (Qt looks at the content when
    the name's reader fails: an SVG named ``.png`` is drawn as an SVG, and
    ``<svg`` may follow kilobytes of comments)."""
    if name.lower().endswith(_SVG_SUFFIXES) or data.startswith(_GZIP):
        return True
    return not _raster_magic(data) and b"<svg" in data.lower()


def image_refusal(path: Path) -> str | None:
    """Why the image at ``path`` must not be drawn ("large", "complex",
    "linked": see the module's docstring), or
    None when it may (or when it is neither an SVG nor a raster image whose
    size its header gives)."""
    named_svg = path.name.lower().endswith(_SVG_SUFFIXES)
    try:
        with open_regular(path) as handle:  # a FIFO swapped in is not waited on
            data = handle.read(4096)
            if _raster_magic(data) and not named_svg:
                size = raster_size(data, handle)  # a photo: only its header is read
                too_many = size is not None and size[0] * size[1] > MAX_IMAGE_PIXELS
                return "large" if too_many else None
            data += handle.read(MAX_SVG_BYTES + 1 - len(data))
    except OSError:
        return None  # unreadable: Qt will not draw it either
    if data.startswith(_GZIP):
        unpacker = zlib.decompressobj(wbits=47)  # gzip or zlib header
        try:
            data = unpacker.decompress(data, MAX_SVG_BYTES + 1)
        except zlib.error:
            return None  # not a gzip stream Qt could read either
    if not is_svg(data, path.name):
        return None  # (neither a raster image nor an SVG: no reader of Qt's draws it)
    if len(data) > MAX_SVG_BYTES:
        return "large"
    lowered = data.lower()
    if b"<?xml-stylesheet" in lowered:
        return "linked"
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        # Qt may still draw part of a broken file (an entity ElementTree
        # does not define, say): one that may point anywhere is refused
        if b"<use" in lowered:
            return "complex"
        if any(mark in lowered for mark in (b"href", b"url(", b"@import", b"<!entity")):
            return "linked"
        return None
    if _links_outside(root):
        return "linked"
    width, height = _svg_size(root)
    if width * height > MAX_IMAGE_PIXELS:
        return "large"  # Qt draws an SVG into an image of its own size
    return "complex" if _expansion(root) > MAX_SVG_EXPANSION else None


def too_many_pixels(data: bytes) -> bool:
    """Whether the raster image ``data`` starts (PNG, JPEG, GIF, WebP, BMP)
    claims more than :data:`MAX_IMAGE_PIXELS` in its header."""
    size = raster_size(data) if _raster_magic(data) else None
    return size is not None and size[0] * size[1] > MAX_IMAGE_PIXELS


_ICON_MAGIC = b"\x00\x00\x01\x00"


def data_url_head(url: str) -> bytes | None:
    """The first bytes (enough for a JPEG's frame header) of what the
    ``data:`` URL ``url`` holds (see :func:`data_url_bytes`)."""
    return data_url_bytes(url, _JPEG_SCAN_LIMIT)


def data_url_bytes(url: str, limit: int | None = None) -> bytes | None:
    """What the ``data:`` URL ``url`` holds, base64 or percent-escaped (with
    ``limit``: about its first ``limit`` bytes); None when it is no
    ``data:`` URL."""
    header, comma, payload = url.strip().partition(",")
    header = "".join(header.split()).lower()  # ("; base64": as the sanitizer reads it)
    if not comma or not header.startswith("data:"):
        return None
    if not header.endswith(";base64"):
        return unquote_to_bytes(payload if limit is None else payload[: limit * 3])
    if limit is not None:
        payload = payload[: limit * 2]
    text = re.sub(r"[^A-Za-z0-9+/]", "", unquote(payload))
    if limit is not None:
        text = text[: (limit * 4 // 3) // 4 * 4]
    left = len(text) % 4  # (its padding was taken out with the blanks)
    text = text + "=" * (4 - left) if left > 1 else text[: len(text) - left]
    return base64.b64decode(text)


def data_image(url: str) -> tuple[str, bytes] | None:
    """``(media type, bytes)`` of a ``data:image/…`` URL, whatever its
    parameters (``;charset=utf-8;base64``, ``;name=a.png``) and whether
    base64 or percent-escaped; None for any other URL.  The bytes still have
    to be checked for what they are (see :func:`data_picture`)."""
    header = url.lstrip()[:256].partition(",")[0]
    media_type = header[5:].partition(";")[0].strip().lower()
    if header[:5].lower() != "data:" or not media_type.startswith("image/"):
        return None
    try:
        data = data_url_bytes(url)
    except ValueError:  # (base64 that cannot be read)
        return None
    return (media_type, data) if data is not None else None


def data_picture(url: str) -> tuple[str | None, int]:
    """Whether the picture of the ``data:`` URL ``url`` may be drawn, by its
    bytes, not its label: ``(refusal, pixels)``.  ``"removed"`` when they
    are no raster picture (Qt draws what the bytes are: an SVG labelled
    ``image/png`` was drawn, with the files it points at and its ``<use>``
    bombs), ``"large"`` when its header claims more than
    :data:`MAX_IMAGE_PIXELS` (a GIF of 60,000² pixels is a few dozen bytes);
    else None and the pixels it claims (0 when its header does not say)."""
    data = data_url_head(url)
    if data is None or not (_raster_magic(data) or data.startswith(_ICON_MAGIC)):
        return "removed", 0
    size = raster_size(data)
    pixels = size[0] * size[1] if size is not None else 0
    return ("large" if pixels > MAX_IMAGE_PIXELS else None), pixels


# A raster picture inside the file: drawn from its own bytes, loads nothing.
_RASTER_DATA_RE = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp|bmp)[;,]", re.IGNORECASE)
_CSS_URL_RE = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


def _inside_reference(value: str) -> bool:
    """Whether an ``href`` or ``url()`` target stays inside the file: a
    ``#id``, or a ``data:`` raster picture that is one by its bytes (an SVG
    labelled ``image/png`` inside an SVG was drawn, and what it points at)."""
    value = value.strip()
    if value.startswith("#"):
        return True
    return _RASTER_DATA_RE.match(value) is not None and data_picture(value)[0] is None


def _links_outside(root: ElementTree.Element) -> bool:
    """Whether any element of the SVG refers to something outside it: an
    ``href`` in any namespace, a ``url()`` in an attribute or a style
    sheet, an ``@import``."""
    for element in root.iter():
        for name, value in element.attrib.items():
            if (name == "href" or name.endswith("}href")) and not _inside_reference(value):
                return True
            value = _css_unescaped(value)
            if "url(" in value.lower() and _css_links_outside(value):
                return True
        text = _css_unescaped(element.text or "")
        if ("url(" in text.lower() or "@import" in text.lower()) and _css_links_outside(text):
            return True
    return False


_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(.))", re.DOTALL)


def _css_unescaped(css: str) -> str:
    """``css`` with its escapes read (``\\75rl(`` is ``url(``, as Qt's CSS
    reader takes it); a text without a backslash as it is."""
    if "\\" not in css:
        return css

    def character(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(2)
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code < 0xE000 else "\ufffd"

    return _CSS_ESCAPE.sub(character, css)


def _css_links_outside(css: str) -> bool:
    if "@import" in css.lower():
        return True
    return any(not _inside_reference(match.group(2)) for match in _CSS_URL_RE.finditer(css))


_LENGTH_RE = re.compile(r"\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([a-z]*)\s*", re.I)
_PX_PER = {
    "": 1.0,
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "in": 96.0,
    "cm": 96 / 2.54,
    "mm": 96 / 25.4,
}


def _length(value: str | None) -> float | None:
    match = _LENGTH_RE.fullmatch(value or "")
    if match is None or match.group(2).lower() not in _PX_PER:
        return None
    return float(match.group(1)) * _PX_PER[match.group(2).lower()]


def _svg_size(root: ElementTree.Element) -> tuple[float, float]:
    """The size Qt gives the picture: ``width`` and ``height``, else the
    ``viewBox``'s (0 when neither says)."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        box_width, box_height = _length(box[2]), _length(box[3])
        width = box_width if width is None else width
        height = box_height if height is None else height
    return width or 0.0, height or 0.0


def _expansion(root: ElementTree.Element) -> int:
    """How many elements drawing ``root`` visits (more than
    :data:`MAX_SVG_EXPANSION` for a ``<use>`` loop)."""
    over = MAX_SVG_EXPANSION + 1
    ids: dict[str, ElementTree.Element] = {}
    for element in root.iter():
        name = element.get("id")
        if name is not None:
            ids.setdefault(name, element)

    def target(element: ElementTree.Element) -> ElementTree.Element | None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag != "use" and not tag.endswith("}use"):
            return None
        href = element.get(_XLINK_HREF) or element.get("href") or ""
        return ids.get(href[1:]) if href.startswith("#") else None

    sizes: dict[int, int] = {}
    open_: set[int] = set()  # on the path being expanded: a way back is a loop
    stack: list[tuple[ElementTree.Element, bool]] = [(root, False)]
    while stack:
        element, finished = stack.pop()
        key = id(element)
        linked = target(element)
        if finished:
            size = 1 + sum(sizes[id(child)] for child in element)
            if linked is not None:
                size += sizes[id(linked)]
            sizes[key] = min(size, over)
            open_.discard(key)
            continue
        if key in sizes:
            continue
        open_.add(key)
        stack.append((element, True))
        for part in [*element, *([linked] if linked is not None else [])]:
            if id(part) in open_:
                return over
            if id(part) not in sizes:
                stack.append((part, False))
    return sizes[id(root)]


_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_SCAN_LIMIT = 1 << 20  # a frame header comes after the metadata, well within this


def raster_size(head: bytes, handle: BinaryIO | None = None) -> tuple[int, int] | None:
    """(width, height) from the header of a PNG, GIF, BMP, WebP or JPEG
    file that starts with ``head``; a JPEG's frame header may come after
    its metadata, which is read on from ``handle`` (at most 1 MB).  None
    for anything else."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    if head.startswith(b"BM") and len(head) >= 26:
        width = int.from_bytes(head[18:22], "little", signed=True)
        height = int.from_bytes(head[22:26], "little", signed=True)
        return abs(width), abs(height)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and len(head) >= 30:
        kind = head[12:16]
        if kind == b"VP8X":
            return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(
                head[27:30], "little"
            )
        if kind == b"VP8L":
            bits = int.from_bytes(head[21:25], "little")
            return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
        if kind == b"VP8 ":
            return (
                int.from_bytes(head[26:28], "little") & 0x3FFF,
                int.from_bytes(head[28:30], "little") & 0x3FFF,
            )
        return None
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head, handle)
    return None


def _jpeg_size(head: bytes, handle: BinaryIO | None) -> tuple[int, int] | None:
    data = head
    if handle is not None:
        data += handle.read(_JPEG_SCAN_LIMIT - len(head))
    return jpeg_frame(data)


def jpeg_frame(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the frame header of the JPEG ``data``, found by
    walking its markers from the start; None when they are broken (leave
    it to Qt) or the scan begins before any frame header."""
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None  # not a marker where one must be: leave it to Qt
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in _JPEG_FRAMES:
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            width = int.from_bytes(data[at + 7 : at + 9], "big")
            return width, height
        if marker == 0xDA or length < 2:  # the scan began before any frame header
            return None
        at += 2 + length
    return None
