"""The main window's flows, offscreen: groups, list, reader, search, banner,
live updates and broken files."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QItemSelectionModel, Qt

from reader.ui.models import SECOND_LINE_ROLE, SNIPPET, TITLE
from tests.ui.searchhelpers import search_for


def _select_node(window, key):
    index = window.nav_model.find(key)
    assert index.isValid(), key
    window.tree.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    return index


def _open_row(qtbot, window, row):
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.list_view.setCurrentIndex(window.list_model.index(row, 0))
    return blocker.args[0]


def test_tree_filters_list_and_reader_shows_article(qtbot, opened, sample_count):
    window = opened
    assert window.list_model.rowCount() == sample_count
    assert str(sample_count) in window.count_label.text()
    key = ("category", "Notes")
    count = window.nav_model.node(window.nav_model.find(key)).count
    with qtbot.waitSignal(window.list_filled, timeout=10000) as blocker:
        _select_node(window, key)
    assert blocker.args == [count]
    assert window.list_model.rowCount() == count < sample_count
    for row in range(count):
        categories = window.list_model.summary(row).categories
        assert any(path[0] == "Notes" for path in categories)
    rel = _open_row(qtbot, window, 0)
    summary = window.list_model.summary(0)
    assert rel == summary.path
    assert summary.title in window.reader.browser.toPlainText()
    assert window.settings.get("last_article") == rel


def test_keyboard_moves_through_the_list(qtbot, opened):
    window = opened
    window.list_view.setFocus()
    first = _open_row(qtbot, window, 0)
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        qtbot.keyClick(window.list_view, Qt.Key.Key_J)
    assert blocker.args[0] == window.list_model.path_at(1) != first
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        qtbot.keyClick(window.list_view, Qt.Key.Key_K)
    assert blocker.args[0] == first


def test_search_lists_matches_with_snippets(qtbot, opened, sample_count):
    window = opened
    search_for(qtbot, window, "饺子")
    assert window.list_model.rowCount() >= 1
    snippet = window.list_model.index(0, SNIPPET).data()
    assert "«饺子»" in snippet
    assert window.list_model.index(0, TITLE).data(SECOND_LINE_ROLE) == snippet
    assert window.list_pane.title_delegate.second_line  # shown under the title
    assert "result" in window.count_label.text()
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.search_field.clear()
    assert window.list_model.rowCount() == sample_count
    assert window.list_view.isColumnHidden(SNIPPET)


def test_remote_image_banner(qtbot, window, library_copy):
    (library_copy / "remote.md").write_text(
        "---\ntitle: Remote picture\ndate: 2024-02-02\n---\n\n"
        "Text before.\n\n![a picture](https://127.0.0.1:9/picture.png)\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "remote.md")
    banner = window.reader.banner
    assert not banner.isHidden()
    assert "127.0.0.1" in banner.label.toolTip()
    assert "1 remote image" in banner.label.text()
    assert window.reader.result.blocked_remote
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        banner.load_button.click()  # nothing listens on port 9: the fetch fails
    assert not banner.isHidden()  # and says so, instead of vanishing
    assert "could not be loaded" in banner.label.text()
    assert "https://127.0.0.1:9/picture.png" in banner.label.toolTip()
    assert "could not be loaded" in window.statusBar().currentMessage()
    assert window.settings.get("allowed_hosts") == []
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("notes/afternoon-tea.md")
    assert banner.isHidden()
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("remote.md")
    assert not banner.isHidden()  # "load once" was only for that visit
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        banner.always_button.click()
    assert window.settings.get("allowed_hosts") == sorted(window.reader.result.remote_hosts)
    assert banner.isHidden()


def _showing(window, rel, text):
    """A check for article_shown: ``rel`` is shown and its text has ``text``."""
    return lambda shown: shown == rel and text in window.reader.browser.toPlainText()


def test_external_changes_show_up_live(qtbot, opened, library_copy, sample_count):
    window = opened
    rel = _open_row(qtbot, window, 0)
    with qtbot.waitSignal(
        window.list_filled, timeout=20000, check_params_cb=lambda rows: rows == sample_count + 1
    ):
        (library_copy / "notes" / "brand-new.md").write_text(
            "---\ntitle: Written elsewhere\ndate: 2030-01-01\n---\n\nHello from outside.\n",
            encoding="utf-8",
        )
    assert "Written elsewhere" in [
        window.list_model.summary(r).title for r in range(sample_count + 1)
    ]
    path = library_copy / rel
    text = path.read_text(encoding="utf-8")
    with qtbot.waitSignal(
        window.article_shown,
        timeout=20000,
        check_params_cb=_showing(window, rel, "An added closing line."),
    ):
        path.write_text(text + "\n\nAn added closing line.\n", encoding="utf-8")
    with qtbot.waitSignal(
        window.article_shown,
        timeout=20000,
        check_params_cb=_showing(window, rel, "And a second one."),
    ):
        path.write_text(text + "\n\nAnd a second one.\n", encoding="utf-8")


def test_a_change_landing_while_the_render_worker_runs_is_shown(
    qtbot, opened, library_copy, monkeypatch
):
    """The worker has read the article; before it is shown, the file changes
    on disk.  The reader must end on the new text (the file is watched before
    the worker reads it, so the change is seen)."""
    window = opened
    _open_row(qtbot, window, 0)
    other = window.list_model.path_at(1)
    path = library_copy / other
    library = window.library
    original = library.load
    read, release = threading.Event(), threading.Event()

    def load(rel):
        article = original(rel)
        if rel == other and not read.is_set():
            read.set()
            release.wait(30)  # the test changes the file now
        return article

    monkeypatch.setattr(library, "load", load)
    window.list_view.setCurrentIndex(window.list_model.index(1, 0))
    window.open_current()  # what the selection does a moment later
    assert read.wait(30)
    path.write_text(
        path.read_text(encoding="utf-8") + "\n\nWritten while it rendered.\n", encoding="utf-8"
    )
    release.set()
    with qtbot.waitSignal(
        window.article_shown,
        timeout=20000,
        check_params_cb=_showing(window, other, "Written while it rendered."),
    ):
        pass


def test_an_event_that_changes_no_bytes_renders_nothing(qtbot, opened, library_copy):
    """Touching the open article (new times, same bytes) is reported by the
    watcher but renders nothing again; the form still learns the new time."""
    window = opened
    rel = _open_row(qtbot, window, 0)
    path = library_copy / rel
    shown = []
    window.article_shown.connect(shown.append)
    with qtbot.waitSignal(
        window.watcher.changed, timeout=20000, check_params_cb=lambda paths: str(path) in paths
    ):
        os.utime(path, ns=(path.stat().st_atime_ns + 10**9, path.stat().st_mtime_ns + 10**9))
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20000)  # the check has run
    assert shown == []
    assert window.reader.current == rel


def test_articles_in_a_new_folder_stay_live(qtbot, opened, library_copy, sample_count):
    """A folder that appears after opening (git pull) is watched from then on."""
    window = opened
    folder = library_copy / "2031" / "01"
    folder.mkdir(parents=True)
    post = folder / "pulled.md"
    with qtbot.waitSignal(
        window.list_filled, timeout=20000, check_params_cb=lambda rows: rows == sample_count + 1
    ):
        post.write_text("---\ntitle: Pulled in\ndate: 2031-01-01\n---\n\nNew.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: str(folder) in window.watcher.folders(), timeout=20000)

    def titled(_rows):
        return any(
            window.list_model.summary(r).title == "Pulled in, edited"
            for r in range(window.list_model.rowCount())
        )

    saved = folder / ".pulled.md.tmp"  # saved the way editors and git do: a rename over it
    saved.write_text(
        "---\ntitle: Pulled in, edited\ndate: 2031-01-01\n---\n\nNew.\n", encoding="utf-8"
    )
    with qtbot.waitSignal(window.list_filled, timeout=20000, check_params_cb=titled):
        os.replace(saved, post)


def test_broken_file_appears_under_problems_with_raw_text(qtbot, window, library_copy):
    (library_copy / "broken.md").write_text(
        "---\ntitle: Broken\ntags: [unclosed\n---\n\nBody of the broken article.\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.open_library(str(library_copy))
    qtbot.waitUntil(lambda: window.nav_model.find(("problems",)).isValid(), timeout=10000)
    problems = window.nav_model.node(window.nav_model.find(("problems",)))
    assert problems.count >= 1
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        _select_node(window, ("problems",))
    paths = window.list_model.paths()
    assert "broken.md" in paths
    row = window.list_model.row_of("broken.md")
    tooltip = window.list_model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "line" in tooltip
    _open_row(qtbot, window, row)
    assert window.reader.result.raw
    shown = window.reader.browser.toPlainText()
    assert "tags: [unclosed" in shown


def test_reader_invites_a_choice_before_any_article_is_open(opened):
    window = opened
    assert window.reader.current is None
    assert "Choose an article" in window.reader.browser.toPlainText()


def test_long_lists_are_sorted_on_a_worker(qtbot, opened, monkeypatch):
    window = opened
    monkeypatch.setattr(type(window.list_model), "SORT_HERE_AT_MOST", 3)
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.list_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # title
    titles = [
        window.list_model.summary(r).title.casefold() for r in range(window.list_model.rowCount())
    ]
    assert titles == sorted(titles)
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.list_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # author, sorted in Python
    rows = range(window.list_model.rowCount())
    authors = [window.list_model.summary(r).author or "" for r in rows]
    assert [a.casefold() for a in authors if a] == sorted(
        (a.casefold() for a in authors if a), reverse=True
    )


def test_first_j_opens_the_first_row(qtbot, opened):
    window = opened
    window.list_view.selectionModel().clearSelection()
    window.list_view.setFocus()
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        qtbot.keyClick(window.list_view, Qt.Key.Key_J)
    assert blocker.args[0] == window.list_model.path_at(0)


def test_an_article_slow_to_open_is_said_to_be_opening(qtbot, opened, monkeypatch):
    # a megabyte of text took seconds, and the pane said "Choose an article"
    # (or kept the one before) all the while
    import threading

    from reader.ui import main_window

    window = opened
    monkeypatch.setattr(main_window, "OPENING_NOTICE_MS", 10)
    release = threading.Event()
    library = window.library
    load = library.load

    def slow_load(rel):
        release.wait(20)
        return load(rel)

    monkeypatch.setattr(library, "load", slow_load)
    rel = window.list_model.path_at(1)
    window.show_article(rel)
    opening = lambda: window.statusBar().currentMessage().startswith("Opening ")  # noqa: E731
    qtbot.waitUntil(opening, timeout=5000)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        release.set()
    assert not window.statusBar().currentMessage().startswith("Opening ")
