"""Syntax colours for article source: YAML front matter, then a Markdown or
HTML body.  The block state remembers where a line is (front matter, body,
inside an HTML comment or a fenced code block)."""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from reader.ui.theme import contrast

__all__ = ["SourceHighlighter", "readable"]

START, FRONT, BODY, COMMENT, FENCE = -1, 1, 2, 3, 4
AA_TEXT = 4.5  # WCAG AA, normal-size text


def readable(color: str, background: QColor) -> QColor:
    """``color`` if it reads on ``background`` (4.5:1), else the nearest
    shade of its hue that does.  On a dark background a dark colour first
    turns as light as it was dark (black bold text turns white, as the
    text does), then lighter still if it must."""
    shade = QColor(color)
    if contrast(shade, background) >= AA_TEXT:
        return shade
    hue, saturation, lightness = shade.hslHueF(), shade.hslSaturationF(), shade.lightnessF()
    dark = background.lightnessF() < 0.5
    if dark and lightness < 0.5:
        lightness = 1 - lightness
    step = 0.01 if dark else -0.01
    while True:
        shade = QColor.fromHslF(hue, saturation, lightness)
        if contrast(shade, background) >= AA_TEXT or lightness in (0.0, 1.0):
            return shade
        lightness = min(1.0, max(0.0, lightness + step))


def _view(document: QTextDocument) -> QWidget | None:
    """The widget showing ``document`` (a plain text edit's own document is
    a child of its text control), None for a document on its own."""
    owner = document.parent()
    while owner is not None:
        if isinstance(owner, QWidget):
            return owner
        owner = owner.parent()
    return None


def _format(color: QColor, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(color)
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
_COMMENT = ("#757575", False, True)
_DELIM = ("#9e9e9e", True, False)
_FENCE = ("#ad1457", False, False)


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
    whole document is front matter).

    The colours are made readable on the Base colour of the widget showing
    the document (the application's without one), and again when that
    widget's palette changes (a change of theme): see :func:`readable`."""

    def __init__(self, document: QTextDocument, body: str = "markdown"):
        super().__init__(document)
        self.body = body
        self._astral: list[int] = []
        self._view = _view(document)
        if self._view is not None:
            self._view.installEventFilter(self)
        self._recolour()

    def readable_color(self, color: str) -> QColor:
        """``color`` as drawn on the background: :func:`readable`."""
        if color not in self._colors:
            self._colors[color] = readable(color, self._background)
        return self._colors[color]

    def _recolour(self) -> None:
        palette = self._view.palette() if self._view is not None else QGuiApplication.palette()
        self._background = palette.color(QPalette.ColorRole.Base)
        self._colors: dict[str, QColor] = {}

        def fmt(color: str, bold: bool, italic: bool) -> QTextCharFormat:
            return _format(self.readable_color(color), bold, italic)

        self._rules = {
            kind: [(p, g, fmt(c, b, i)) for p, g, c, b, i in rules]
            for kind, rules in (("yaml", _YAML), ("markdown", _MARKDOWN), ("html", _HTML))
        }
        self._comment, self._delim, self._fence = (fmt(*f) for f in (_COMMENT, _DELIM, _FENCE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.PaletteChange
            and self._view is not None
            and self._view.palette().color(QPalette.ColorRole.Base) != self._background
        ):
            self._recolour()
            self.rehighlight()
        return super().eventFilter(watched, event)

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
            self._paint(text, 0, len(text), self._delim)
            self.setCurrentBlockState(FRONT)
            return
        if previous == START and not stripped:
            self.setCurrentBlockState(START)
            return
        if previous == FRONT:
            if stripped in ("---", "...", "+++", ";;;"):
                self._paint(text, 0, len(text), self._delim)
                self.setCurrentBlockState(BODY)
            else:
                self._apply("yaml", text)
                self.setCurrentBlockState(FRONT)
            return
        state = BODY if previous in (START, BODY) else previous
        if state == FENCE or (self.body == "markdown" and stripped.startswith(("```", "~~~"))):
            self._paint(text, 0, len(text), self._fence)
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
                self._paint(text, comment, len(text), self._comment)

    def _comments(self, text: str, state: int) -> None:
        """HTML comments, across lines."""
        position = 0
        inside = state == COMMENT
        while position <= len(text):
            if inside:
                end = text.find("-->", position)
                if end < 0:
                    self._paint(text, position, len(text), self._comment)
                    self.setCurrentBlockState(COMMENT)
                    return
                self._paint(text, position, end + 3, self._comment)
                position = end + 3
                inside = False
            start = text.find("<!--", position)
            if start < 0:
                break
            position = start
            inside = True
        self.setCurrentBlockState(BODY)
