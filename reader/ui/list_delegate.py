"""Two lines per row in the article list: the title, then a second line.

While searching the second line is the hit's snippet (its matches in bold);
when the pane is too narrow for the columns it is the date, author and
categories.  The list pane decides which (:attr:`TitleDelegate.second_line`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem

from reader.ui.models import SECOND_LINE_ROLE

__all__ = ["TitleDelegate", "snippet_segments"]

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
