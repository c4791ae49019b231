"""The window opens a library even where its index cannot be kept."""

from __future__ import annotations

from tests.core.libhelpers import article, write


def test_an_unusable_cache_opens_the_library_on_a_temporary_index(qtbot, settings, tmp_path):
    from reader.ui.main_window import MainWindow

    library = tmp_path / "library"
    write(library, "a.md", article("Alpha"))
    write(library, "b.md", article("Beta"))
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("x")
    window = MainWindow(settings, cache_dir=str(blocker))
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.session.failed, timeout=20000) as warned:
            window.open_library(str(library))
        [message] = warned.args
        assert str(blocker) in message and "temporary index" in message
        qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=20000)
        assert window.library.temporary
        assert str(blocker) in window.statusBar().currentMessage()
        temporary = window.library.cache_dir
    finally:
        window.session.close()
    assert not temporary.exists()
    assert blocker.read_text() == "x"
