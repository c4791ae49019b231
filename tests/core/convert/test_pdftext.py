"""The ToUnicode maps of a PDF Qt wrote: ideographs put back where Qt named
a radical that the font draws with the same glyph."""

from __future__ import annotations

import zlib

from reader.core.convert.pdftext import with_text_mapped

MAPPING = {0x2F42: 0x6587, 0x2ED3: 0x957F}  # ⽂ → 文, ⻓ → 长

CMAP = (
    b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    b"3 beginbfrange\n<0000> <0000> <0000>\n"
    b"<0001> <0004> [<5143> <2F42> <2ED3> <0031> ]\n"
    b"<2F42> <2F43> <2F42>\n"  # a counting range: its codes count up from the first
    b"endbfrange\n"
    b"2 beginbfchar\n<2F42> <2ED3>\n<0009> <2F42>\nendbfchar\n"
    b"endcmap\nend\nend\n"
)


def _pdf(stream: bytes, compressed: bool = False) -> bytes:
    body = zlib.compress(stream) if compressed else stream
    flate = b" /Filter /FlateDecode" if compressed else b""
    return (
        b"%%PDF-1.4\n1 0 obj\n<< /Type /Font /ToUnicode 7 0 R >>\nendobj\n"
        b"7 0 obj\n<< /Length %d%s >>\nstream\n%s\nendstream\nendobj\n"
        b"xref\n0 8\ntrailer\n<< /Size 8 >>\nstartxref\n0\n%%%%EOF\n" % (len(body), flate, body)
    )


def test_the_destinations_of_a_to_unicode_map_are_put_back_in_place():
    pdf = _pdf(CMAP)
    mapped = with_text_mapped(pdf, MAPPING)
    assert len(mapped) == len(pdf)  # every offset of the cross-reference table holds
    assert b"<0001> <0004> [<5143> <6587> <957F> <0031> ]\n" in mapped
    assert b"<2F42> <2F43> <2F42>\n" in mapped  # (left: the second code would be 6588)
    assert b"<2F42> <957F>\n<0009> <6587>\n" in mapped  # sources stay, destinations change
    assert mapped.replace(b"6587", b"2F42").replace(b"957F", b"2ED3") == pdf


def test_a_compressed_map_or_no_mapping_leaves_the_file_as_it_is():
    compressed = _pdf(CMAP, compressed=True)
    assert with_text_mapped(compressed, MAPPING) == compressed
    assert with_text_mapped(_pdf(CMAP), {}) == _pdf(CMAP)
    unrelated = b"%PDF-1.4\n1 0 obj\n<< /Length 4 >>\nstream\n<2F42>\nendstream\nendobj\n"
    assert with_text_mapped(unrelated, MAPPING) == unrelated
