"""The window opens a library even where its index cannot be kept."""

from __future__ import annotations

import threading

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


def test_pool_workers_keep_one_index_connection_each(qapp, tmp_path):
    """A QThreadPool worker starts each task with a new Python thread state
    (an empty ``threading.local``); the index still gives the thread the
    connection it had, instead of a new one (and its page cache) per task."""
    from PySide6.QtCore import QThreadPool

    from reader.core.library.index import IndexDB

    db = IndexDB(tmp_path / "index.sqlite3", str(tmp_path))
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    seen: list[int] = []
    done = threading.Semaphore(0)

    def task() -> None:
        try:
            conn = db.conn()
            conn.execute("SELECT count(*) FROM articles").fetchone()
            seen.append(id(conn))
        finally:
            done.release()

    try:
        for _ in range(6):  # one after the other, on the pool's one thread
            pool.start(task)
            assert done.acquire(timeout=20)
    finally:
        pool.waitForDone(20000)
        db.close()
    assert len(seen) == 6 and len(set(seen)) == 1
