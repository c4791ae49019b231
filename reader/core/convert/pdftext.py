"""The text layer of a PDF that Qt wrote: what a search or a copy in a PDF
viewer gets.  No Qt here.

Qt's PDF writer tells viewers which character each glyph stands for in the
font's ``ToUnicode`` map, and takes the lowest code point the font draws with
that glyph.  CJK fonts (Noto CJK, Source Han) draw a Kangxi radical (U+2F00 to
U+2FDF) or a radical of the supplement (U+2E80 to U+2EFF) with the glyph of
the ideograph it looks like, and those code points are lower: 文 became ⽂ and
长 ⻓ in the text layer, and a search of the PDF for 中文 found nothing.
:func:`with_text_mapped` puts the ideographs back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["RADICALS", "with_text_mapped"]

#: The code points that share glyphs with ideographs in CJK fonts.
RADICALS = range(0x2E80, 0x2FE0)

_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
_HEX = re.compile(rb"<([0-9A-Fa-f]{4})>")
_SECTION = re.compile(rb"begin(bfrange|bfchar)\s(.*?)end\1", re.DOTALL)


def with_text_mapped(pdf: bytes, mapping: Mapping[int, int]) -> bytes:
    """``pdf`` with each character of ``mapping``'s keys that its fonts'
    ``ToUnicode`` maps give a glyph made the character it maps to (both of
    the Basic Multilingual Plane).  Only uncompressed maps (as Qt writes
    them) are changed, in place and to text of the same length, so every
    offset of the file's cross-reference table stays right."""
    if not mapping:
        return pdf
    out = bytearray(pdf)
    for number in {int(m.group(1)) for m in _TO_UNICODE.finditer(pdf)}:
        header = re.search(rb"(?:^|[\r\n])%d\s+0\s+obj\b" % number, pdf)
        if header is None:
            continue
        start = pdf.find(b"stream", header.end())
        end = pdf.find(b"endstream", start)
        if start < 0 or end < 0 or b"begincmap" not in pdf[start:end]:
            continue  # (compressed, or not a map)
        for section in _SECTION.finditer(pdf, start, end):
            _map_section(out, section, mapping)
    return bytes(out)


def _map_section(out: bytearray, section: re.Match[bytes], mapping: Mapping[int, int]) -> None:
    """Map the destinations of one ``bfrange`` or ``bfchar`` section: each
    line's codes after its one (bfchar) or two (bfrange) source codes; a
    range ``<lo> <hi> <first>`` of more than one code is left as it is (its
    destinations count up from ``first``)."""
    kind = section.group(1)
    sources = 2 if kind == b"bfrange" else 1
    position = section.start(2)
    for line in section.group(2).splitlines(keepends=True):
        codes = list(_HEX.finditer(line))
        counting = kind == b"bfrange" and b"[" not in line and len(codes) == 3
        if counting and codes[0].group(1).lower() != codes[1].group(1).lower():
            position += len(line)
            continue
        for code in codes[sources:]:
            mapped = mapping.get(int(code.group(1), 16))
            if mapped is not None and mapped <= 0xFFFF:
                at = position + code.start(1)
                out[at : at + 4] = b"%04X" % mapped
        position += len(line)
