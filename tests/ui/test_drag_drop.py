"""Dropping a folder (or a file) onto the window opens it as the library."""

from __future__ import annotations

from tests.fixtures.library_gen import write_library
from tests.ui.drophelpers import drag_enter, drop


def test_dropping_a_folder_opens_it(qtbot, window, tmp_path):
    folder = tmp_path / "dropped"
    write_library(folder, 5, seed=3, size=500)
    assert drag_enter(window, folder)
    drop(window, folder)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 5, timeout=20000)
    assert window.library is not None
    assert window.library.root == folder.resolve()


def test_dragging_something_that_does_not_exist_is_refused(window, tmp_path):
    assert not drag_enter(window, tmp_path / "missing")
