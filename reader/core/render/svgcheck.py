"""Whether a local SVG image is safe to hand to Qt's SVG renderer.

Qt draws an SVG's ``<use>`` by drawing what it points at, every time: ten
groups of ten ``<use>`` of the group before are 10¹⁰ shapes from a 3 KB
file, and the reader's window (or a PDF export) hangs drawing them, the
billion laughs of SVG.  A ``<use>`` that points at its own ancestor never
ends.  :func:`svg_refusal` counts the shapes the file expands to, in time
linear in its size, and refuses one that expands past
:data:`MAX_SVG_EXPANSION` or loops, or that is larger than
:data:`MAX_SVG_BYTES` (compressed ``.svgz`` files are counted unpacked).
Anything that is not an SVG is left to Qt's image readers, which have
their own allocation limit.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from xml.etree import ElementTree

__all__ = ["MAX_SVG_BYTES", "MAX_SVG_EXPANSION", "is_svg", "svg_refusal"]

#: The largest SVG (unpacked) shown, in bytes.
MAX_SVG_BYTES = 8 * 1024 * 1024
#: The most elements an SVG may expand to once every ``<use>`` is followed.
MAX_SVG_EXPANSION = 200_000

_GZIP = b"\x1f\x8b"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def is_svg(head: bytes) -> bool:
    """True when the first bytes of a file are an SVG or a gzipped file
    (which Qt's SVG reader opens as ``.svgz``)."""
    if head.startswith(_GZIP):
        return True
    text = head[:4096].lower()
    return b"<svg" in text and b"<html" not in text


def svg_refusal(path: Path) -> str | None:
    """Why the SVG at ``path`` must not be drawn ("large", "complex"), or
    None when it may (or when it is not an SVG at all)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(4096)
            if not is_svg(data):
                return None  # a photo: only its first bytes are read
            data += handle.read(MAX_SVG_BYTES + 1 - len(data))
    except OSError:
        return None  # unreadable: Qt will not draw it either
    if data.startswith(_GZIP):
        unpacker = zlib.decompressobj(wbits=47)  # gzip or zlib header
        try:
            data = unpacker.decompress(data, MAX_SVG_BYTES + 1)
        except zlib.error:
            return None  # not a gzip stream Qt could read either
        if b"<svg" not in data[:4096].lower():
            return None
    if len(data) > MAX_SVG_BYTES:
        return "large"
    return "complex" if _expansion(data) > MAX_SVG_EXPANSION else None


def _expansion(data: bytes) -> int:
    """How many elements drawing ``data`` visits (more than
    :data:`MAX_SVG_EXPANSION` for a ``<use>`` loop); a file that does not
    parse is counted by its ``<use`` elements alone, each as a limit's worth
    when there are any (Qt may still draw part of a broken file)."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return MAX_SVG_EXPANSION + 1 if b"<use" in data.lower() else 0
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
