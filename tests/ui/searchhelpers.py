"""Typing a search in the window and waiting for its own rows.

Waiting for the next ``list_filled`` is not enough: a filling of the list
already on its way (the group listed again after a refresh, the search run
before the search index took in a change) can come first, and a test then
reads rows that are not the search's."""

from __future__ import annotations

from PySide6.QtCore import Qt


def search_shown(window, text: str) -> bool:
    """The list shows the search for ``text`` (within a reading group the
    search also carries the group's clause), and no job is left that could
    fill it again."""
    shown = window.list_pane.search
    if shown is None or window.session.busy:
        return False
    return shown.text == text or shown.text.startswith(f"{text} ")


def search_for(qtbot, window, text: str, timeout: int = 20000) -> None:
    """Type ``text`` in the search box, press Return, and wait until the
    list shows that search's rows."""
    window.search_field.setText(text)  # (keyClicks cannot type CJK)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search_shown(window, text.strip()), timeout=timeout)
