"""A visible focus ring for the window's panes.

The tree, the list and the reader look the same whether or not they have the
keyboard focus (their selection stays highlighted either way), so the pane
that has it gets a ring in the selection colour drawn over its edge.  A
style sheet would do the same but stops the panes from following palette
changes (the themes), so the ring is a transparent widget on top.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

__all__ = ["FocusRing"]

WIDTH = 2


class FocusRing(QWidget):
    """Draws a ring around whichever of ``panes`` has the focus (inside
    ``window``); passes every mouse event through."""

    def __init__(self, panes: Sequence[QWidget], window: QWidget):
        super().__init__(window)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._panes = list(panes)
        # the pane with the focus; only its moves and resizes are watched (a
        # filter on every pane would run Python for each of their events)
        self._target: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.hide()

    def _alive(self) -> list[QWidget]:
        """The panes not deleted yet (the window may be closing)."""
        return [pane for pane in self._panes if isValid(pane)]

    def _pane_of(self, widget: QWidget | None) -> QWidget | None:
        for pane in self._alive():
            if widget is not None and (widget is pane or pane.isAncestorOf(widget)):
                return pane
        return None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not isValid(self):
            return
        pane = self._pane_of(new)
        if pane is None and new is not None and self.window().isAncestorOf(new):
            self.target = None  # another widget of the window: it shows its own focus
        elif pane is not None:
            self.target = pane
        self._place()

    @property
    def target(self) -> QWidget | None:
        return self._target

    @target.setter
    def target(self, pane: QWidget | None) -> None:
        if pane is self._target:
            return
        if self._target is not None and isValid(self._target):
            self._target.removeEventFilter(self)
        self._target = pane
        if pane is not None:
            pane.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._place()
        return False

    def _place(self) -> None:
        target = self._target
        parent = self.parentWidget()
        if target is not None and not isValid(target):
            target = self._target = None
        if target is None or parent is None or not target.isVisible():
            self.hide()
            return
        top_left = target.mapTo(parent, target.rect().topLeft())
        self.setGeometry(QRect(top_left, target.size()))
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, _event) -> None:
        from PySide6.QtGui import QPainter, QPen  # made when the ring first shows

        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight))
        pen.setWidth(WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))
