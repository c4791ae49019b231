"""Dropping files on the window, as a file manager does (a copy action with
the files' URLs).

An event does not own its drag data: the ``QMimeData`` is kept in a local
variable until the window has handled the event (a temporary is freed at
once, and the window then reads freed memory)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent


def file_urls(*paths) -> QMimeData:
    """Drag data holding ``paths`` as local-file URLs."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return data


def _event(kind, window_point, data):
    return kind(
        window_point,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def drag_enter(window, *paths) -> bool:
    """Drag ``paths`` over ``window``: whether the window accepts them."""
    data = file_urls(*paths)
    event = _event(QDragEnterEvent, QPoint(10, 10), data)
    event.ignore()  # accepted only if the window accepts it
    window.dragEnterEvent(event)
    return event.isAccepted()


def drop(window, *paths) -> None:
    """Drop ``paths`` on ``window``."""
    data = file_urls(*paths)
    window.dropEvent(_event(QDropEvent, QPointF(10, 10), data))
