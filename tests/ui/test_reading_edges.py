"""The window's reading features at their edges: the keyboard coming to the
list while the article read is not listed, and what the reader keeps
through a change of group, library or language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

RIVER = "_posts/river-walk.md"


def _action(window, name):
    found = [a for a in window.actions() if a.objectName() == name]
    assert found, name
    return found[0]


def _select_node(qtbot, window, key):
    index = window.nav_model.find(key)
    assert index.isValid(), key
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )


def _show(qtbot, window, rel):
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)


def test_going_to_the_list_keeps_the_article_read_when_it_is_not_listed(qtbot, opened):
    window = opened
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    _show(qtbot, window, RIVER)
    _select_node(qtbot, window, ("category", "Crafts"))  # the river walk is not in it
    assert window.list_model.row_of(RIVER) < 0 and window.list_model.rowCount() > 0
    assert window.reader.current == RIVER
    go_to_list = next(a for a in window.actions() if a.text() == "Go to Arti&cles")
    go_to_list.trigger()
    qtbot.waitUntil(window.list_view.hasFocus, timeout=5000)
    qtbot.wait(300)  # (the delayed open of a row made current is 40 ms)
    assert window.reader.current == RIVER
    assert window.current_article() == RIVER  # no row stands for it
    # the list is refilled (a change on disk, the reading state): still the river walk
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.reload_list()
    qtbot.wait(300)
    assert window.reader.current == RIVER
    # asked for, the first row opens
    first = window.list_model.path_at(0)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        qtbot.keyClick(window.list_view, "j")
    assert window.reader.current == first


def _sizes(browser):
    """The point size of the first heading after the title, and of the first
    paragraph, as the reader lays them out."""
    heading = body = None
    block = browser.document().firstBlock().next()
    while block.isValid() and (heading is None or body is None):
        size = block.begin().fragment().charFormat().font().pointSizeF()
        if block.blockFormat().headingLevel() and heading is None:
            heading = size
        elif not block.blockFormat().headingLevel() and block.text() and body is None:
            body = size
        block = block.next()
    return heading, body


def test_headings_grow_with_the_reading_size_and_the_zoom(qtbot, window, library_copy):
    (library_copy / "headed.md").write_text(
        "---\ntitle: Headed\ndate: 2024-03-03\n---\n\nSome text.\n\n## A section\n\nMore text.\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "headed.md")
    heading, body = _sizes(window.reader.browser)
    assert heading > body
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.zoom(8)
    larger_heading, larger_body = _sizes(window.reader.browser)
    assert larger_body > body
    assert larger_heading > larger_body  # it stayed at its first size, under the text
    assert larger_heading / larger_body == pytest.approx(heading / body, rel=0.05)


def test_offline_copies_go_on_past_an_article_gone_and_say_it(qtbot, opened, library_copy):
    window = opened
    (library_copy / "remote.md").write_text(
        "---\ntitle: Remote picture\ndate: 2030-01-01\n---\n\n"
        "![a](https://127.0.0.1:9/picture.png)\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.session.update_paths([str(library_copy / "remote.md")])
    assert "remote.md" in window.list_model.paths()
    gone = next(p for p in window.list_model.paths() if p != "remote.md")
    window.watcher.clear()  # (unseen: the list still has it)
    (library_copy / gone).unlink()
    messages = []
    window.offline.message.connect(lambda text, _ms: messages.append(text))
    window.offline.make_offline([gone, "remote.md"])  # (as the group's would be)
    qtbot.waitUntil(lambda: not window.offline.busy(), timeout=20000)
    assert len(messages) == 1
    # the other's image was tried (nothing listens on port 9), the one gone is named
    assert messages[0].startswith("Offline: 0 downloaded, 0 already available, 1 failed")
    assert "; 1 article(s) could not be read, e.g. " in messages[0] and gone in messages[0]


def test_offline_copies_cancelled_or_asked_for_twice_say_so(qtbot, opened):
    window = opened
    messages = []
    window.offline.message.connect(lambda text, _ms: messages.append(text))
    window.offline_library()
    window.offline_library()  # pressed again while the first runs
    assert messages == ["Offline copies are being made already; cancel them to start others."]
    window.cancel_background()
    qtbot.waitUntil(lambda: not window.offline.busy(), timeout=20000)
    assert messages[1].startswith("Offline copies cancelled:")


@pytest.fixture
def many(qtbot, window, tmp_path):
    """A library of 260 articles, 250 of them about seagulls: more than one
    page of search results (200)."""
    folder = tmp_path / "many"
    folder.mkdir()
    # (the reading state's folder made now: made by a test's first mark, it
    # is a change in the library's folder, which lists the search again)
    (folder / ".article-reader" / "state").mkdir(parents=True)
    for n in range(260):
        word = "seagull" if n < 250 else "heron"
        (folder / f"a{n:03}.md").write_text(
            f"---\ntitle: Note {n}\ndate: 2020-01-{n % 28 + 1:02}\n"
            f"categories: [{'Birds' if n % 2 else 'Shore'}]\n---\n\nA {word} seen.\n",
            encoding="utf-8",
        )
    with qtbot.waitSignal(
        window.session.progress,
        timeout=60000,
        check_params_cb=lambda what, done, total: what == "fulltext" and done == total,
    ):
        window.open_library(str(folder))
    qtbot.waitUntil(lambda: window.reading.state is not None, timeout=10000)
    # the jobs after the full text (the groups, then the list again) ended:
    # a list filled again after a test's search dropped the pages it fetched
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20000)
    return window


def _search(qtbot, window, text):
    window.search_field.setText(text)
    pane = window.list_pane
    qtbot.waitUntil(lambda: pane.search is not None and pane.search.text == text, timeout=20000)
    return pane.search


def test_mark_all_as_read_marks_every_match_of_a_search_not_the_page_fetched(qtbot, many):
    window = many
    search = _search(qtbot, window, "seagull")
    assert search.total == 250 and window.list_model.rowCount() == 200  # one page fetched
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    _action(window, "markAllRead").trigger()
    qtbot.waitUntil(lambda: any(m.startswith("Marked") for m in messages), timeout=20000)
    assert "Marked 250 article(s) as read" in messages
    read = window.reading.state.paths_with("read", True)
    assert len(read) == 250 and all(window.library.summary(p).title for p in read)
    # within a group, the group's matches only
    window.reading.state.undo_mark_all()
    _select_node(qtbot, window, ("category", "Birds"))
    search = _search(qtbot, window, "seagull OR heron")
    assert search.total == 130 and window.list_pane.listed_count() == 130
    birds = sorted(window.list_pane.listed_paths_job(window.library)())
    assert len(birds) == 130 and birds == sorted(
        p for p in window.library.matching_paths("category:Birds")
    )


def test_export_offers_every_match_of_a_search(qtbot, many):
    window = many
    _search(qtbot, window, "seagull")
    assert window.list_model.rowCount() == 200
    dialog = window.collections.show_export()
    qtbot.addWidget(dialog)
    assert len(dialog.paths()) == 250
    assert dialog.listed_button.text().startswith("The 250 article(s) listed")


def test_a_site_pasted_as_an_address_in_preferences_is_its_host(qtbot, settings):
    from reader.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.hosts.setPlainText(
        "https://Images.Example.org/photos/2024/\ncdn.example.net:8443\n\nplain.example.com.\n"
    )
    dialog.accept()
    assert settings.get("allowed_hosts") == [
        "cdn.example.net",
        "images.example.org",
        "plain.example.com",
    ]


def test_the_groups_open_and_the_pane_with_the_keyboard_go_to_the_new_window(
    qtbot, opened, chinese
):
    window = opened
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    _show(qtbot, window, RIVER)
    window.tree.expand(window.nav_model.find(("tags",)))
    window.tree.collapse(window.nav_model.find(("categories",)))
    window.list_view.setFocus()
    qtbot.waitUntil(window.list_view.hasFocus, timeout=5000)
    successor = window.change_language()
    assert successor is not None
    qtbot.addWidget(successor)
    try:
        qtbot.waitUntil(lambda: successor.reader.current == RIVER, timeout=20000)
        model, tree = successor.nav_model, successor.tree
        assert tree.isExpanded(model.find(("tags",)))
        assert not tree.isExpanded(model.find(("categories",)))
        assert successor.focusWidget() is successor.list_view
        qtbot.wait(300)
        assert successor.reader.current == RIVER  # (the list's keyboard opened nothing)
    finally:
        successor.session.close()
