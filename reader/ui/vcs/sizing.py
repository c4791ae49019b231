"""Dialog sizes that fit the screen: a 1024×600 netbook has no room for a
1000×680 dialog, whose buttons would then be below the screen's edge."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["fit_size"]

FRAME = 40  # title bar and borders, before the dialog has a frame to measure


def fit_size(dialog: QWidget, width: int, height: int) -> None:
    """Resize ``dialog`` to ``width`` × ``height``, less what the available
    area of its parent's screen (panels excluded) cannot hold."""
    parent = dialog.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
    if screen is None:
        dialog.resize(width, height)
        return
    area = screen.availableGeometry()
    dialog.resize(
        max(320, min(width, area.width() - 16)), max(240, min(height, area.height() - FRAME))
    )
