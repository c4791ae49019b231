"""Syntax colours for article source: YAML front matter, then a Markdown or
HTML body.  The block state remembers where a line is (front matter, body,
inside an HTML comment or a fenced code block)."""

from __future__ import annotations

import bisect
import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

__all__ = ["SourceHighlighter"]

START, FRONT, BODY, COMMENT, FENCE = -1, 1, 2, 3, 4


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


_YAML = [
    (re.compile(r"^\s*(?:- )?([^\s:#][^:#]*?)\s*:(?=\s|$)"), 1, "#1565c0", True, False),
    (re.compile(r"(['\"]).*?\1"), 0, "#2e7d32", False, False),
    (re.compile(r"\b(?:true|false|null|yes|no)\b", re.I), 0, "#8e24aa", False, False),
    (
        re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w-])"),
        0,
        "#ef6c00",
        False,
        False,
    ),
]
_MARKDOWN = [
    (re.compile(r"^#{1,6}\s.*$"), 0, "#1565c0", True, False),
    (re.compile(r"\*\*[^*]+\*\*|__[^_]+__"), 0, "#000000", True, False),
    (
        re.compile(r"(?<![*\w])\*[^*\s][^*]*\*(?!\*)|(?<!\w)_[^_\s][^_]*_(?!\w)"),
        0,
        "#424242",
        False,
        True,
    ),
    (re.compile(r"`[^`]+`"), 0, "#ad1457", False, False),
    (re.compile(r"!?\[[^\]]*\]\([^)]*\)"), 0, "#00838f", False, False),
    (re.compile(r"^\s*(?:[-*+]|\d+\.)\s"), 0, "#ef6c00", True, False),
    (re.compile(r"^>.*$"), 0, "#6d4c41", False, True),
    (re.compile(r"\{%.*?%\}"), 0, "#8e24aa", False, False),
]
_HTML = [
    (re.compile(r"</?[A-Za-z][\w:-]*|/?>"), 0, "#1565c0", False, False),
    (re.compile(r"\s([A-Za-z_:][\w:.-]*)(?==)"), 1, "#ef6c00", False, False),
    (re.compile(r"=\s*(\"[^\"]*\"|'[^']*')"), 1, "#2e7d32", False, False),
    (re.compile(r"&[#\w]+;"), 0, "#8e24aa", False, False),
]
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_COMMENT = _format("#757575", italic=True)
_DELIM = _format("#9e9e9e", bold=True)
_FENCE = _format("#ad1457")


def yaml_comment_start(line: str) -> int | None:
    """Where the comment of a YAML ``line`` starts: a ``#`` at its start or
    after a blank, outside a quoted value (``'a # b'`` is text; ``it's #
    c`` has a comment: a quote opens a string only where a value starts).
    None without one, or when a quoted value goes on past the line."""
    value_starts = True
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char in " \t":
            i += 1
            continue
        if char == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
        if value_starts and char in "'\"":
            end = _quote_end(line, i)
            if end is None:
                return None
            i, value_starts = end + 1, False
            continue
        after = line[i + 1 : i + 2]
        value_starts = char in "[{," or (char in ":-?" and after in ("", " ", "\t"))
        i += 1
    return None


def _quote_end(line: str, start: int) -> int | None:
    """The index of the quote closing the one at ``start`` (``''`` inside
    single quotes and ``\\"`` inside double quotes are no end), or None."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        char = line[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and line[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


class SourceHighlighter(QSyntaxHighlighter):
    """``body``: ``markdown``, ``html`` or ``yaml-only`` (the Raw tab: the
    whole document is front matter)."""

    def __init__(self, document: QTextDocument, body: str = "markdown"):
        super().__init__(document)
        self.body = body
        self._astral: list[int] = []
        self._rules = {
            "yaml": [(p, g, _format(c, b, i)) for p, g, c, b, i in _YAML],
            "markdown": [(p, g, _format(c, b, i)) for p, g, c, b, i in _MARKDOWN],
            "html": [(p, g, _format(c, b, i)) for p, g, c, b, i in _HTML],
        }

    def set_body(self, body: str) -> None:
        self.body = body
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        # (the positions of the line's characters beyond the BMP, for _paint)
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        previous = self.previousBlockState()
        if self.body == "yaml-only":
            self._apply("yaml", text)
            self.setCurrentBlockState(FRONT)
            return
        stripped = text.strip().lstrip("\ufeff")
        if previous == START and stripped in ("---", "+++", ";;;"):
            self._paint(text, 0, len(text), _DELIM)
            self.setCurrentBlockState(FRONT)
            return
        if previous == START and not stripped:
            self.setCurrentBlockState(START)
            return
        if previous == FRONT:
            if stripped in ("---", "...", "+++", ";;;"):
                self._paint(text, 0, len(text), _DELIM)
                self.setCurrentBlockState(BODY)
            else:
                self._apply("yaml", text)
                self.setCurrentBlockState(FRONT)
            return
        state = BODY if previous in (START, BODY) else previous
        if state == FENCE or (self.body == "markdown" and stripped.startswith(("```", "~~~"))):
            self._paint(text, 0, len(text), _FENCE)
            opening = state != FENCE
            closes = state == FENCE and stripped.startswith(("```", "~~~"))
            self.setCurrentBlockState(FENCE if opening else (BODY if closes else FENCE))
            return
        self._apply("html", text)
        if self.body == "markdown":
            self._apply("markdown", text)
        self._comments(text, state)

    def _paint(self, text: str, start: int, end: int, fmt: QTextCharFormat) -> None:
        """``fmt`` on ``text[start:end]``: Qt counts a line's positions in
        UTF-16 code units, two for a character beyond the Basic Multilingual
        Plane (an emoji), which Python counts as one (the colours after an
        emoji were drawn one place early per emoji).  Where the line's
        emoji are is found once per line (see :meth:`highlightBlock`)."""
        astral = self._astral
        if not astral:
            self.setFormat(start, end - start, fmt)
            return
        before = bisect.bisect_left(astral, start)
        inside = bisect.bisect_left(astral, end) - before
        self.setFormat(start + before, end - start + inside, fmt)

    def _apply(self, kind: str, text: str) -> None:
        for pattern, group, fmt in self._rules[kind]:
            for match in pattern.finditer(text):
                start, end = match.span(group)
                if start >= 0:
                    self._paint(text, start, end, fmt)
        if kind == "yaml":
            comment = yaml_comment_start(text)
            if comment is not None:
                self._paint(text, comment, len(text), _COMMENT)

    def _comments(self, text: str, state: int) -> None:
        """HTML comments, across lines."""
        position = 0
        inside = state == COMMENT
        while position <= len(text):
            if inside:
                end = text.find("-->", position)
                if end < 0:
                    self._paint(text, position, len(text), _COMMENT)
                    self.setCurrentBlockState(COMMENT)
                    return
                self._paint(text, position, end + 3, _COMMENT)
                position = end + 3
                inside = False
            start = text.find("<!--", position)
            if start < 0:
                break
            position = start
            inside = True
        self.setCurrentBlockState(BODY)
