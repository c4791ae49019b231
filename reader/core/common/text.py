"""A site's own text files (a configuration, a data file, the schema, an
include) as UTF-8 text, or plain words saying why not.  No Qt here.

Such files are read as UTF-8 (a UTF-8 byte-order mark is dropped).  A file
saved in another encoding is refused, never read with its bytes replaced: a
``_config.yml`` saved as UTF-16 reads as UTF-8 with a NUL after every letter,
which a YAML parser reports as a control character "at position 7".
:func:`site_text` says instead that the file is UTF-16 (with or without a
byte-order mark), or which byte on which line is not UTF-8.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "HAN_KANA",
    "NotUTF8Error",
    "bom_encoding",
    "site_text",
    "unwrap_lines",
    "wide_encoding",
    "wrapped_break",
    "wrapped_newline",
]

#: A regular expression's character class (without its brackets) of the
#: Chinese and Japanese letters: Han (with extension A, the compatibility
#: ideographs and the planes beyond), kana and bopomofo.  Those languages
#: put no space between words, so a line break between two of these is no
#: word boundary (a text wrapped by hand).  Hangul is not one: Korean puts
#: spaces between its words.
HAN_KANA = (
    "\u3005\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3105-\u312f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_SAMPLE = 1 << 16  # bytes looked at for the NULs of UTF-16 or UTF-32 without a mark


class NotUTF8Error(ValueError):
    """The bytes are not UTF-8 text.  ``message`` reads after "the file is"
    (``UTF-16 text, not UTF-8; save it as UTF-8``, ``not UTF-8 text (the
    byte 0xE9); save it as UTF-8``); ``line`` is the 1-based line of the
    first byte that is not UTF-8 (the caller names it with the file), or
    None when a line means nothing (the whole file is in another encoding)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def bom_encoding(raw: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when ``raw`` starts with that encoding's
    byte-order mark, else None."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    return None


def wide_encoding(raw: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when ``raw`` (without a byte-order mark) looks
    like text in that encoding: NULs in most of the places the high bytes of
    Latin letters, digits and punctuation take, few elsewhere.  For UTF-16,
    one byte in twenty at one parity is enough (the spaces and line breaks
    between Cyrillic or Greek words), with ten times fewer at the other (a
    NUL in UTF-8 text falls at either; U+4E00 and its kin put a few there)."""
    sample = raw[:_SAMPLE]
    if len(sample) < 2 or b"\x00" not in sample:
        return None
    quads = len(sample) // 4
    if quads:
        for zeros, others in (((1, 2, 3), (0,)), ((0, 1, 2), (3,))):  # little, big endian
            zero = sum(sample[i::4][:quads].count(0) for i in zeros)
            other = sum(sample[i::4][:quads].count(0) for i in others)
            if zero >= max(4, 0.9 * 3 * quads) and other < 0.1 * quads:
                return "UTF-32"
    pairs = len(sample) // 2
    even, odd = sample[0::2][:pairs].count(0), sample[1::2][:pairs].count(0)
    if max(even, odd) >= max(4, pairs // 20) and min(even, odd) <= max(even, odd) // 10:
        return "UTF-16"
    return None


def site_text(raw: bytes) -> str:
    """``raw`` as text: UTF-8, a byte-order mark dropped.  Raises
    :class:`NotUTF8Error` for UTF-16 or UTF-32 (with or without a mark) and
    for any byte that is not UTF-8, saying which and on which line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    else:
        wide = bom_encoding(raw) or wide_encoding(raw)
        if wide is not None:
            raise NotUTF8Error(f"{wide} text, not UTF-8; save it as UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise NotUTF8Error(
            f"not UTF-8 text (the byte 0x{byte:02X}); save it as UTF-8", line
        ) from None


@functools.cache
def wrapped_break() -> re.Pattern[str]:
    """A line break (``\\n`` or ``\\r\\n``) between two Chinese or Japanese
    characters, with the blanks that indent the next line: a text wrapped by
    hand (知识⏎产权), which is no word boundary there.  Compiled when first
    used.  See :func:`unwrap_lines` for a faster way to remove them."""
    return re.compile(
        f"[\\r\\n](?:(?<=[{HAN_KANA}]\\r)\\n|(?<=[{HAN_KANA}]\\n))[ \\t]*(?=[{HAN_KANA}])"
    )


@functools.cache
def wrapped_newline() -> re.Pattern[str]:
    """:func:`wrapped_break` in a text that holds no ``\\r``: the pattern
    starts with the ``\\n`` itself, which the regular expression engine
    skips to in a tight loop; one that starts with a class of characters,
    as ``[\\r\\n]`` does, tests each character in turn (13 times slower on
    the generated library's bodies)."""
    return re.compile(f"\\n(?<=[{HAN_KANA}]\\n)[ \\t]*(?=[{HAN_KANA}])")


def unwrap_lines(text: str) -> str:
    """``text`` without the line breaks :func:`wrapped_break` finds."""
    if "\n" not in text:
        return text
    return (wrapped_break() if "\r" in text else wrapped_newline()).sub("", text)
