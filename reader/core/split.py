"""Split an article file into its parts, and join them back byte for byte.

The file's bytes are decoded as UTF-8 with ``surrogateescape``, so any byte
sequence, valid UTF-8 or not, survives ``join(split(raw)) == raw``.

Recognised front matter (first non-blank line of the file):

* YAML: ``---`` … ``---`` (Jekyll also closes with ``...``)
* TOML: ``+++`` … ``+++``
* JSON: Hexo's ``;;;`` … ``;;;`` and Hugo's bare ``{`` … ``}`` object

A UTF-8 BOM, CRLF line endings, blank lines before the opening delimiter and
trailing whitespace on delimiter lines are all tolerated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

__all__ = ["BOM", "Split", "decode", "encode", "join", "split"]

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


def decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _lines(text: str, start: int = 0):
    """Yield (start, end, content) for each line from ``start``; content has no newline."""
    pos = start
    length = len(text)
    while pos < length:
        match = _LINE_RE.match(text, pos)
        end = match.end()
        content = match.group(0).rstrip("\r\n")
        yield pos, end, content
        pos = end


def split(raw: bytes | str) -> Split:
    text = decode(raw) if isinstance(raw, bytes) else raw
    bom = BOM if text.startswith(BOM) else ""
    rest = text[len(bom) :]

    start = _BLANK_LINES.match(rest).end()
    if start >= len(rest):
        return Split(bom, "", "", "", "", rest, None)
    line = _LINE_RE.match(rest, start)
    end = line.end()
    marker = line.group(0).rstrip("\r\n").rstrip(" \t")
    if marker in _DELIMS:
        fmt = _DELIMS[marker][0]
        match = _find_closer(rest, end, fmt) if rest[end - 1] in "\r\n" else None
        if match is None:
            return Split(bom, "", "", "", "", rest, None, unclosed=True)
        c_start, c_end = match.span()
        return Split(
            bom,
            rest[:start],
            rest[start:end],
            rest[end:c_start],
            rest[c_start:c_end],
            rest[c_end:],
            fmt,
        )

    if marker.startswith("{"):
        close = _hugo_json_end(rest, start)
        if close is not None:
            # The object ends on a "}" that closes its line; the rest is the body.
            line_end = close
            for _, l_end, _ in _lines(rest, close):
                line_end = l_end
                break
            return Split(bom, rest[:start], "", rest[start:line_end], "", rest[line_end:], "json")
    return Split(bom, "", "", "", "", rest, None)


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


def _hugo_json_end(text: str, start: int) -> int | None:
    """End offset of a JSON object starting at ``start``, if it closes a line."""
    try:
        _, end = json.JSONDecoder().raw_decode(text, start)
    except (ValueError, RecursionError):
        # A broken object still counts as front matter when a line holding only
        # "}" closes it, so that the error can be reported instead of the whole
        # thing being shown as body text.
        first_line = True
        for l_start, _, content in _lines(text, start):
            if first_line:
                first_line = False
                if content.strip() != "{":
                    return None
                continue
            if content.rstrip(" \t") == "}":
                return l_start + content.index("}") + 1
        return None
    trailing = re.match(r"[ \t]*(?:\r\n|\r|\n|$)", text[end:])
    return end if trailing else None


def join(parts: Split) -> bytes:
    return encode(parts.text())
