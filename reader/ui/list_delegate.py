"""Two lines per row in the article list: the title, then a second line.

While searching the second line is the hit's snippet (its matches in bold);
when the pane is too narrow for the columns it is the date, author and
categories.  The list pane decides which (:attr:`TitleDelegate.second_line`).

The navigation tree's names are painted by :class:`GroupDelegate`: a name too
long for its room is cut at its end, and its unread count "(3)" is never cut
(whole, or not shown when no letter of the name would be left beside it).
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem

from reader.ui.models import NAME_ROLE, SECOND_LINE_ROLE

__all__ = ["GroupDelegate", "TitleDelegate", "snippet_segments"]

_Index = QModelIndex | QPersistentModelIndex


def snippet_segments(text: str, markers: tuple[str, str] = ("«", "»")) -> list[tuple[str, bool]]:
    """``"a «b» c"`` → ``[("a ", False), ("b", True), (" c", False)]``."""
    opening, closing = markers
    segments: list[tuple[str, bool]] = []
    rest = text
    while rest:
        start = rest.find(opening)
        if start < 0:
            segments.append((rest, False))
            break
        end = rest.find(closing, start + len(opening))
        if end < 0:
            segments.append((rest, False))
            break
        if start:
            segments.append((rest[:start], False))
        segments.append((rest[start + len(opening) : end], True))
        rest = rest[end + len(closing) :]
    return [(s, bold) for s, bold in segments if s]


class TitleDelegate(QStyledItemDelegate):
    """Paints the title column in one line, or two (``second_line`` on)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.second_line = False

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        if self.second_line:
            size.setHeight(2 * option.fontMetrics.height() + 8)
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        second = index.data(SECOND_LINE_ROLE) if self.second_line else None
        if not second:
            super().paint(painter, option, index)
            return
        from PySide6.QtWidgets import QStyle  # its enums are many: made when first needed

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        quiet_role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        rect = opt.rect.adjusted(4, 3, -4, -3)
        metrics = QFontMetrics(opt.font)
        line = metrics.height()
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, text_role))
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        painter.drawText(
            top,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setPen(opt.palette.color(group, quiet_role))
        x = rect.left()
        y = rect.top() + line
        for text, bold in snippet_segments(str(second)):
            font = QFont(opt.font)
            font.setBold(bold)
            fm = QFontMetrics(font)
            room = rect.right() - x
            if room <= fm.horizontalAdvance("…"):
                break
            shown = fm.elidedText(text.replace("\n", " "), Qt.TextElideMode.ElideRight, room)
            painter.setFont(font)
            painter.drawText(
                QRect(x, y, room, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                shown,
            )
            x += fm.horizontalAdvance(shown)
            if shown != text:
                break
        painter.restore()


class GroupDelegate(QStyledItemDelegate):
    """Paints the navigation tree's names: one too long for its room is cut
    at its end ("Technol… (3)"; a path under Problems keeps its start), and
    its unread count is whole, or not shown where not a letter of the name
    would be left beside it.  The whole name is in the tooltip."""

    def shown_text(self, option: QStyleOptionViewItem, index: _Index) -> str:
        """The text painted for ``index`` in ``option.rect``."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        return self._fitted(opt, index)

    def _fitted(self, opt: QStyleOptionViewItem, index: _Index) -> str:
        from PySide6.QtWidgets import QStyle  # its enums are many: made when first needed

        text = opt.text
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        # the style's own margin inside the text's rectangle (QCommonStyle)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        room = rect.width() - 2 * margin - 1  # 1: the style's text layout rounds up
        metrics = QFontMetricsF(opt.font)
        name = index.data(NAME_ROLE)
        name = str(name) if name else ""
        suffix = text[len(name) :] if name and text.startswith(name) else ""
        if not suffix:
            name = text
        if metrics.horizontalAdvance(text) <= room:
            return _isolated(name, suffix)
        if suffix:
            left = room - metrics.horizontalAdvance(suffix)
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(left, 0.0))
            if shown.rstrip("…"):  # some of the name beside the whole count
                return _isolated(shown, suffix)
        # no room for a letter of the name beside its count: the name alone (a
        # count is whole or not shown, as in the count column; the tooltip says it)
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0.0))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        from PySide6.QtWidgets import QStyle

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = self._fitted(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)


def _isolated(name: str, suffix: str) -> str:
    """``name`` then its count ``suffix``; a name written right to left kept
    apart from the count (a first-strong isolate): "בדיקה Notes 2024 חיפוש"
    showed its "(1)" between its words."""
    if suffix and any(unicodedata.bidirectional(char) in ("R", "AL") for char in name):
        return f"\u2068{name}\u2069{suffix}"
    return name + suffix
