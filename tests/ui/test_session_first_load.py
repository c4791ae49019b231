"""The window opening a library whose index another program is building for
the first time: it waits for that program (two first loads at once lost full
text), and says so in the status bar until the list fills."""

from __future__ import annotations

from reader.core.article.cache import library_cache_dir
from reader.core.library import refresh as refresh_module
from reader.core.library.index import IndexDB
from reader.core.library.scan import scan
from reader.ui.session import WAITING_FOR_INDEX


def test_the_window_says_it_waits_for_another_programs_first_index(
    qtbot, window, library_copy, cache_dir
):
    root = str(library_copy)
    db = IndexDB(library_cache_dir(library_copy, cache_dir) / "index.sqlite3", root)
    try:
        with db.first_load_turn():  # another program's turn
            window.open_library(root)
            qtbot.waitUntil(lambda: WAITING_FOR_INDEX in window.session.warnings(), timeout=20000)
            label = window.warning_label
            assert not label.isHidden()
            assert label.text() == "⚠ Waiting for another program's index"
            assert window.list_model.rowCount() == 0
            refresh_module.sync(db, root, scan(root), {})  # it fills the index
    finally:
        db.close()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 16, timeout=20000)
    qtbot.waitUntil(lambda: window.warning_label.isHidden(), timeout=20000)
