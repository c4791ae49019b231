"""Scroll areas with a viewport made in Python.

Asked for the viewport Qt made itself (``view.viewport()``), PySide looks its
Python type up among every widget class, making each of them and their enums
(tens of milliseconds, once; at start-up it was the single largest cost of
the list).  A viewport made here, and set up as Qt sets up its own, is
returned as the object it is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QWidget

__all__ = ["set_python_viewport"]


def set_python_viewport(view: QAbstractItemView) -> QWidget:
    """Give the item view ``view`` a new viewport like the one Qt makes.

    Only for item views: a text view keeps its own (QTextEdit holds on to
    the viewport it made; replacing it crashes in its resize)."""
    viewport = QWidget(view)
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    view.setViewport(viewport)
    return viewport
