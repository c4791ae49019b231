"""Split an article file into its parts, and join them back byte for byte.

The file's bytes are decoded as UTF-8 with ``surrogateescape``, so any byte
sequence, valid UTF-8 or not, survives ``join(split(raw)) == raw``.

Recognised front matter (first non-blank line of the file):

* YAML: ``---`` … ``---`` (Jekyll also closes with ``...``)
* TOML: ``+++`` … ``+++``
* JSON: Hexo's ``;;;`` … ``;;;`` and Hugo's bare ``{`` … ``}`` object
* Hexo's longer fences, ``----`` (YAML) or ``;;;;`` (JSON) closed by the
  same line, when what follows the opening line begins with a key
* Hexo's opener-less forms: ``key: value`` lines closed by a bare ``---``,
  and JSON members closed by ``;;;``, with no opening line (the
  :class:`Split` has an empty ``opener``).  Read conservatively, so that a
  Markdown body with a ``---`` rule stays a body: the file must start with a
  ``key:`` line (no blank lead), every line up to the closer must be a
  ``key: value`` line or the indented/``- `` continuation of one, and the
  text must parse as a YAML (JSON) mapping, as Hexo's ``hexo-front-matter``
  reads it.

A UTF-8 BOM, CRLF line endings, blank lines before the opening delimiter and
trailing whitespace on delimiter lines are all tolerated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.core.common.text import bom_encoding

__all__ = [
    "BOM",
    "Split",
    "as_utf8",
    "decode",
    "encode",
    "file_lines",
    "join",
    "readable",
    "split",
]

BOM = "\ufeff"

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
# Whitespace-only lines (each with its line end) before the first real line.
_BLANK_LINES = re.compile(r"(?:[ \t\f\v]*(?:\r\n|\r|\n))*")
_DELIMS = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",)), ";;;": ("json", (";;;",))}
# A closing delimiter line: at a line start, trailing blanks allowed, then a line end.
_CLOSERS = {
    fmt: re.compile(
        r"(?:(?<=\n)|(?<=\r))(?:"
        + "|".join(re.escape(c) for c in closers)
        + r")[ \t]*(?:\r\n|\r|\n|$)"
    )
    for fmt, closers in _DELIMS.values()
}
_CLOSERS_MULTILINE = {
    fmt: re.compile(
        r"^(?:" + "|".join(re.escape(c) for c in closers) + r")[ \t]*(?:\r\n|\r|\n|\Z)", re.M
    )
    for fmt, closers in _DELIMS.values()
}
_DELIMS_BY_FORMAT = {fmt: closers for fmt, closers in _DELIMS.values()}
_LONE_CR = re.compile(r"\r(?!\n)")
_FILE_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def file_lines(text: str) -> list[str]:
    """The lines of a file's text with their line ends, split only at
    ``\\n``, ``\\r\\n`` and ``\\r`` (``str.splitlines`` also splits at a form
    feed, ``\\x85``, ``\\u2028`` and others, which are no line ends in a file,
    for ``patch``, ``git``, an editor's line numbers or the line numbers the
    codec gives); only the last line may lack an end."""
    return _FILE_LINE.findall(text)


@dataclass(frozen=True, slots=True)
class Split:
    """The parts of an article file, as text (surrogate-escaped)."""

    bom: str  # "\ufeff" or ""
    lead: str  # blank lines before the opening delimiter
    opener: str  # the opening delimiter line, newline included ("" for Hugo JSON)
    front: str  # the front-matter text between the delimiters
    closer: str  # the closing delimiter line, newline included ("" for Hugo JSON)
    body: str
    format: str | None  # "yaml", "toml", "json" or None
    unclosed: bool = False  # an opening delimiter was seen but never closed

    @property
    def front_start_line(self) -> int:
        """1-based line number of the first front-matter line in the file."""
        return _count_lines(self.lead) + _count_lines(self.opener) + 1

    @property
    def body_start_line(self) -> int:
        return self.front_start_line + _count_lines(self.front) + _count_lines(self.closer)

    @property
    def newline(self) -> str:
        """The line ending the front matter uses (``\\n`` when it has none)."""
        for chunk in (self.opener, self.front, self.closer, self.body):
            match = re.search(r"\r\n|\r|\n", chunk)
            if match:
                return match.group(0)
        return "\n"

    def text(self) -> str:
        return self.bom + self.lead + self.opener + self.front + self.closer + self.body

    def replace_front(self, front: str) -> Split:
        return Split(
            self.bom,
            self.lead,
            self.opener,
            front,
            self.closer,
            self.body,
            self.format,
            self.unclosed,
        )


def _count_lines(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def as_utf8(raw: bytes) -> tuple[bytes, str | None]:
    """The bytes to split and the encoding they were read from: a file that
    starts with a UTF-16 or UTF-32 byte-order mark as UTF-8 (the mark
    dropped, what does not decode replaced) and that encoding's name; any
    other file as it is, and None.  Such a text is never written back: see
    ``Article.decoded_from``."""
    if raw[:1] not in (b"\xff", b"\xfe", b"\x00"):
        return raw, None
    marked = bom_encoding(raw)
    if marked is None:
        return raw, None
    return str(raw, marked.lower(), "replace").encode("utf-8", "surrogatepass"), marked


def decode(raw: bytes | memoryview) -> str:
    return str(raw, "utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


# Texts are tested for lone surrogates this many characters at a time.
_SURROGATE_TEST_MAX = 1 << 20


def _has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: the encoder finds one in C
    several times faster than a regular expression does (a megabyte at a
    time, so that a large text is not copied whole)."""
    for start in range(0, len(text), _SURROGATE_TEST_MAX):
        try:
            text[start : start + _SURROGATE_TEST_MAX].encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def readable(text: str) -> str:
    """``text`` with every lone surrogate as U+FFFD, so that it can be stored
    (SQLite), printed and shown.

    Lone surrogates are bytes that are not UTF-8, kept by :func:`decode`, or
    escapes such as JSON's ``"\\udce9"`` that name no character.  For display
    and the index only: the article itself keeps its bytes.
    """
    if text.isascii() or not _has_lone_surrogate(text):
        return text
    try:  # undecodable bytes: back to bytes, then decoded the forgiving way
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that stand for no byte
        return _LONE_SURROGATE.sub("\ufffd", text)


def _lines(text: str, start: int = 0) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, content) for each line from ``start``; content has no newline."""
    pos = start
    length = len(text)
    while pos < length:
        match = _LINE_RE.match(text, pos)
        assert match is not None  # the pattern matches the empty string
        end = match.end()
        content = match.group(0).rstrip("\r\n")
        yield pos, end, content
        pos = end


_BOM_BYTES = BOM.encode("utf-8")


def split(raw: bytes | str) -> Split:
    """The parts of an article, from its bytes or its (surrogate-escaped) text.

    From bytes, the file is never decoded as a whole: every character that
    decides where a part ends (delimiters, blanks, line ends, JSON's
    punctuation) is ASCII, and in UTF-8, valid or not, an ASCII byte is
    always that character and never part of another.  So the bytes are read
    as Latin-1 (one character per byte) to find the offsets; the blank lead
    and the delimiter lines are ASCII, so they are taken from that text as
    they are, and only the front matter and the body are decoded: the same
    parts, without holding the file twice as text.
    """
    if isinstance(raw, bytes):
        skip = len(_BOM_BYTES) if raw.startswith(_BOM_BYTES) else 0
        with memoryview(raw) as view:
            latin = str(view[skip:], "latin-1")
            lead, opener, front, closer, fmt, unclosed = _bounds(latin, from_bytes=True)
            ascii_parts = latin[:lead], latin[lead:opener], latin[front:closer]
            del latin
            front_text = decode(view[skip + opener : skip + front]) if front > opener else ""
            body = decode(view[skip + closer :])
        return Split(
            BOM if skip else "",
            ascii_parts[0],
            ascii_parts[1],
            front_text,
            ascii_parts[2],
            body,
            fmt,
            unclosed,
        )
    bom = BOM if raw.startswith(BOM) else ""
    rest = raw[len(bom) :]
    lead, opener, front, closer, fmt, unclosed = _bounds(rest)
    return Split(
        bom,
        rest[:lead],
        rest[lead:opener],
        rest[opener:front],
        rest[front:closer],
        rest[closer:],
        fmt,
        unclosed,
    )


def _bounds(rest: str, *, from_bytes: bool = False) -> tuple[int, int, int, int, str | None, bool]:
    """Where the parts of ``rest`` (the text after any BOM) end: the blank
    lead, the opening delimiter, the front matter and the closing delimiter
    (the body is what follows), the format, and whether an opening delimiter
    was left unclosed.  Only ASCII characters decide them (see :func:`split`)."""
    blank = _BLANK_LINES.match(rest)
    assert blank is not None  # the pattern matches the empty string
    start = blank.end()
    if start >= len(rest):
        return 0, 0, 0, 0, None, False
    line = _LINE_RE.match(rest, start)
    assert line is not None  # the pattern matches the empty string
    end = line.end()
    marker = line.group(0).rstrip("\r\n").rstrip(" \t")
    if marker in _DELIMS:
        fmt = _DELIMS[marker][0]
        match = _find_closer(rest, end, fmt) if rest[end - 1] in "\r\n" else None
        if match is None:
            return 0, 0, 0, 0, None, True
        c_start, c_end = match.span()
        return start, end, c_start, c_end, fmt, False
    if _LONG_FENCE.fullmatch(marker) and rest[end - 1] in "\r\n":
        long = _long_fenced(rest, end, marker)
        if long is not None:
            if long[3]:  # never closed: read as body, and said
                return 0, 0, 0, 0, None, True
            return (start, end, *long)

    if start == 0:
        bare = _openerless(rest, from_bytes)
        if bare is not None:
            return 0, 0, bare[0], bare[1], bare[2], False
    if marker.startswith("{"):
        close = _hugo_json_end(rest, start)
        if close is not None:
            # The object ends on a "}" that closes its line; the rest is the body.
            line_end = close
            for _, l_end, _ in _lines(rest, close):
                line_end = l_end
                break
            return start, start, line_end, line_end, "json", False
    return 0, 0, 0, 0, None, False


# Hexo's fences may be longer (``----``, ``;;;;``), closed by the same line.
_LONG_FENCE = re.compile(r"-{4,}|;{4,}")


def _long_fenced(text: str, pos: int, marker: str) -> tuple[int, int, str, bool] | None:
    """Hexo's front matter fenced by ``marker`` (four or more ``-`` or ``;``),
    after the opening line that ends at ``pos``: where its closer starts and
    ends, its format, and whether it is never closed (then the closer is
    nowhere: ``(0, 0, …, True)``).  None when what follows the marker does
    not begin as front matter does (a key, after any comments): a Markdown
    file that starts with a ``----`` rule.  What is fenced is read as front
    matter whatever it holds, so that a typo in it is an error, not a body
    that an edit would put a second block of front matter above."""
    fmt = "yaml" if marker[0] == "-" else "json"
    if not _begins_with_a_key(text, pos, fmt, marker):
        return None
    closer = re.compile(r"(?:(?<=\n)|(?<=\r))" + re.escape(marker) + r"[ \t]*(?:\r\n|\r|\n|$)")
    match = closer.search(text, pos)
    if match is None:
        return 0, 0, fmt, True
    return match.start(), match.end(), fmt, False


_QUOTED_KEY = re.compile(r"""[ \t]*(?:"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|$)""")


def _begins_with_a_key(text: str, pos: int, fmt: str, marker: str) -> bool:
    """Whether the first line at or after ``pos`` that is neither blank nor
    a YAML comment is a ``key:`` line (for JSON, a ``"member":``), or the
    closing ``marker`` (front matter with no key left: its last removed)."""
    for _start, _end, content in _lines(text, pos):
        if not content.strip() or (fmt == "yaml" and content.lstrip().startswith("#")):
            continue
        if content.rstrip(" \t") == marker:
            return True
        if fmt == "json":
            return _BARE_JSON_KEY.match(content) is not None
        return _BARE_KEY.match(content) is not None or _QUOTED_KEY.match(content) is not None
    return False


# Opener-less front matter (Hexo): what its lines may look like.
_BARE_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*[ \t]*:(?:[ \t]|$)")
_BARE_JSON_KEY = re.compile(r'[ \t]*"[^"\\]*(?:\\.[^"\\]*)*"[ \t]*:')
_BARE_CONTINUATION = re.compile(r"[ \t]+\S|-(?:[ \t]|$)")
_BARE_CLOSER = {"---": "yaml", ";;;": "json"}
_BARE_ALIAS = re.compile(r"(?:^|[\s\[{,:])[&*!]\S")
BARE_FRONT_LIMIT = 64 * 1024
"""The most text read as opener-less front matter (larger: a plain file)."""


def _openerless(text: str, from_bytes: bool) -> tuple[int, int, str] | None:
    """Where Hexo's opener-less front matter at the start of ``text`` ends
    (the closer line's start and end) and its format, or None."""
    first = True
    json_form = text.startswith('"')
    for l_start, l_end, content in _lines(text):
        if l_start > BARE_FRONT_LIMIT:
            return None
        marker = content.rstrip(" \t")
        fmt = _BARE_CLOSER.get(marker)
        if fmt is not None and not first:
            if (fmt == "json") != json_form:
                return None
            return (l_start, l_end, fmt) if _bare_mapping(text[:l_start], fmt, from_bytes) else None
        if json_form:
            ok = bool(content.strip()) and (not first or _BARE_JSON_KEY.match(content) is not None)
        elif first:
            ok = _BARE_KEY.match(content) is not None
        else:
            ok = _BARE_KEY.match(content) is not None or (
                _BARE_CONTINUATION.match(content) is not None
            )
        if not ok:
            return None
        first = False
    return None


def _bare_mapping(front: str, fmt: str, from_bytes: bool) -> bool:
    """True when ``front`` parses as a mapping (YAML without anchors, aliases
    or tags; or JSON members)."""
    if from_bytes:
        front = front.encode("latin-1").decode("utf-8", "surrogateescape")
    try:
        if fmt == "json":
            return isinstance(json.loads("{" + front + "}"), dict)
        if _BARE_ALIAS.search(front):
            return False
        import yaml

        from reader.core.article.yamlload import PureSafeLoader

        loader = getattr(yaml, "CSafeLoader", PureSafeLoader)
        data = yaml.load(front, Loader=loader)
    except Exception:  # yaml.YAMLError, ValueError, RecursionError…: not front matter
        return False
    return isinstance(data, dict) and bool(data)


def _find_closer(text: str, pos: int, fmt: str) -> re.Match | None:
    """The closing delimiter line at or after ``pos`` (a line start)."""
    if "\r" in text and _LONE_CR.search(text, pos):
        return _CLOSERS[fmt].search(text, pos)  # old Mac line ends: the general pattern
    # With only \n and \r\n line ends, "^" in MULTILINE mode is a line start.
    if text.startswith(_DELIMS_BY_FORMAT[fmt], pos):
        match = _CLOSERS[fmt].match(text, pos)
        if match:
            return match
    return _CLOSERS_MULTILINE[fmt].search(text, pos)


_KEY_AFTER_BRACE = re.compile(r'[ \t]*\{[ \t]*"')
_LINE_END_AFTER = re.compile(r"[ \t]*(?:\r\n|\r|\n|\Z)")


def _hugo_json_end(text: str, start: int) -> int | None:
    """End offset of a JSON object starting at ``start``, if it closes a line."""
    try:
        _, end = json.JSONDecoder().raw_decode(text, start)
    except (ValueError, RecursionError):
        # A broken object still counts as front matter when a line holding only
        # "}" closes it, so that the error can be reported instead of the whole
        # thing being shown as body text.  So does one that opens with a key
        # on its first line ('{"title": …'), closed by the first line ending
        # in "}": read as body, a trailing comma made the front matter text
        # of the article, and a save stacked new front matter above it.
        # (Not a loop over the lines: a file of 64 MB never closed took seconds.)
        line = _LINE_RE.match(text, start)
        assert line is not None  # the pattern matches the empty string
        first = line.group(0).rstrip("\r\n")
        alone = first.strip() == "{"
        if not alone and not _KEY_AFTER_BRACE.match(first):
            return None
        # every "}" found in C; the first that ends its line (and, for a
        # "{" alone, starts it) closes the object
        at = text.find("}", line.end() if alone else start)
        while at >= 0:
            if _LINE_END_AFTER.match(text, at + 1) and (not alone or text[at - 1] in "\r\n"):
                return at + 1
            at = text.find("}", at + 1)
        return None
    return end if _LINE_END_AFTER.match(text, end) else None  # (never a copy of the body)


def join(parts: Split) -> bytes:
    return encode(parts.text())
