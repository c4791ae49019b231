"""Reading a long search, and mark-alls at their edges: Next Unread goes on
past the rows fetched so far (it said "No unread articles here." with
unread matches further down), a mark-all that ends after another library
opened says nothing of it, and Undo Mark All as Read pressed twice quickly
undoes one mark-all (it undid two), naming the one it undoes."""

from __future__ import annotations

import pytest

from tests.ui import test_reading_edges
from tests.ui.test_reading_edges import _action, _search

#: the fixture: a library of 260 articles, 250 of them about seagulls
many = test_reading_edges.many

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _open_row(qtbot, window, row):
    path = window.list_model.path_at(row)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.list_pane.make_current(path)
    assert window.reader.current == path
    return path


def _messages(window) -> list[str]:
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    return said


def _settled(qtbot, window):
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20000)


def test_next_unread_goes_past_the_rows_fetched_to_the_next_unread_match(qtbot, many):
    window = many
    _search(qtbot, window, "seagull")
    model = window.list_model
    assert model.rowCount() == 200 and window.list_pane.has_more()
    fetched = set(model.paths())
    window.reading.state.mark(sorted(fetched), "read", True)
    _open_row(qtbot, window, 199)  # the last row fetched
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        _action(window, "nextUnread").trigger()
    found = shown.args[0]
    assert found not in fetched and not window.reading.state.is_read(found)
    assert found in window.library.matching_paths("seagull")
    assert model.row_of(found) == 200  # the next match in rank order, now listed
    assert window.list_pane.current_path() == found
    assert 200 < model.rowCount() <= 250


def test_next_unread_past_the_rows_fetched_goes_round_or_says_there_is_none(qtbot, many):
    window = many
    _search(qtbot, window, "seagull")
    model = window.list_model
    state = window.reading.state
    left = model.path_at(3)
    every = window.library.matching_paths("seagull")
    state.mark([p for p in every if p != left], "read", True)
    _open_row(qtbot, window, 199)
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        _action(window, "nextUnread").trigger()
    assert shown.args[0] == left  # none further down: from the top
    assert model.rowCount() == 200  # nothing fetched that was not wanted
    state.mark([left], "read", True)
    said = _messages(window)
    _action(window, "nextUnread").trigger()
    qtbot.waitUntil(lambda: "No unread articles here." in said, timeout=20000)
    assert window.reader.current == left


def test_next_unread_after_another_list_was_filled_goes_nowhere(qtbot, many):
    window = many
    _search(qtbot, window, "seagull")
    fetched = window.list_model.paths()
    window.reading.state.mark(fetched, "read", True)
    shown_first = _open_row(qtbot, window, 199)
    _action(window, "nextUnread").trigger()  # looks on a worker…
    window.list_pane.fill([], None)  # …while the list is filled with another
    _settled(qtbot, window)
    assert window.reader.current == shown_first
    assert window.list_model.rowCount() == 0


def test_next_unread_cancelled_goes_nowhere_and_may_be_asked_again(qtbot, many):
    window = many
    _search(qtbot, window, "seagull")
    window.reading.state.mark(window.list_model.paths(), "read", True)
    shown_first = _open_row(qtbot, window, 199)
    _action(window, "nextUnread").trigger()
    window.cancel_background()  # the status bar's Cancel
    _settled(qtbot, window)
    assert window.reader.current == shown_first
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        _action(window, "nextUnread").trigger()
    assert window.list_model.row_of(shown.args[0]) == 200


def test_a_mark_all_ending_after_another_library_opened_says_nothing_of_it(
    qtbot, many, library_copy
):
    window = many
    state = window.reading.state
    count = window.list_model.rowCount()
    said = _messages(window)
    _action(window, "markAllRead").trigger()  # ends while the other library opens
    window.open_library(str(library_copy))
    qtbot.waitUntil(
        lambda: window.reading.state is not None and window.reading.state is not state,
        timeout=20000,
    )
    _settled(qtbot, window)
    assert len(state.paths_with("read", True)) == count  # marked, in its own library
    assert not [text for text in said if text.startswith("Marked")]
    assert window.library.root == library_copy.resolve()


def test_undo_pressed_twice_undoes_one_mark_all_and_says_which(qtbot, many):
    window = many
    state = window.reading.state
    undo = _action(window, "undoMarkAllRead")
    assert undo.text() == "Undo Mar&k All as Read" and not undo.isEnabled()
    said = _messages(window)
    window.reading.mark_group_read(("category", "Birds"))
    qtbot.waitUntil(lambda: "Marked 130 article(s) as read" in said, timeout=20000)
    birds = set(state.paths_with("read", True))
    assert len(birds) == 130
    qtbot.waitUntil(undo.isEnabled, timeout=10000)
    assert undo.text() == "Undo Mar&king 130 Article(s) as Read"
    # herons: 10, of which 5 are birds (read already)
    _search(qtbot, window, "heron")
    _action(window, "markAllRead").trigger()
    assert not undo.isEnabled()  # until the mark-all is done: it would undo the one before
    undo.trigger()
    qtbot.waitUntil(lambda: "Marked 5 article(s) as read" in said, timeout=20000)
    _settled(qtbot, window)
    assert not [text for text in said if text.startswith("Undid")]
    qtbot.waitUntil(undo.isEnabled, timeout=10000)
    assert undo.text() == "Undo Mar&king 5 Article(s) as Read"
    undo.trigger()
    undo.trigger()  # pressed again before the first is done
    window.reading.undo_mark_all()  # (and asked for by other means)
    qtbot.waitUntil(lambda: "Undid marking 5 article(s) as read" in said, timeout=20000)
    _settled(qtbot, window)
    assert [text for text in said if text.startswith("Undid")] == [
        "Undid marking 5 article(s) as read"
    ]
    assert set(state.paths_with("read", True)) == birds  # the birds' mark-all is left
    qtbot.waitUntil(undo.isEnabled, timeout=10000)
    assert undo.text() == "Undo Mar&king 130 Article(s) as Read"


def test_a_search_listed_again_after_a_change_on_disk_keeps_the_pages_fetched(qtbot, many):
    # listed again (a sync tool wrote in the library), it went back to its
    # first page: the rows fetched as it scrolled, and the article open
    # among them, were no longer listed
    window = many
    _search(qtbot, window, "seagull")
    model = window.list_model
    with qtbot.waitSignal(window.list_pane.more_requested, timeout=10000):
        window.list_view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 250, timeout=20000)
    path = _open_row(qtbot, window, 230)
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.update_paths([str(window.library.root)])
    assert model.rowCount() == 250
    assert window.list_pane.current_path() == path and model.row_of(path) == 230


def test_next_unread_still_goes_when_the_list_is_filled_again_meanwhile(qtbot, many):
    # the list filled again while Next Unread looked past the rows fetched
    # (a change on disk): the key press did nothing
    window = many
    _search(qtbot, window, "seagull")
    model = window.list_model
    fetched = set(model.paths())
    window.reading.state.mark(sorted(fetched), "read", True)
    _open_row(qtbot, window, 199)
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        _action(window, "nextUnread").trigger()
        window.reload_list()  # (filled again while it looks)
    found = shown.args[0]
    assert found not in fetched and not window.reading.state.is_read(found)
    assert found in window.library.matching_paths("seagull")
    # (whether it stays listed depends on which of the two lands last: the
    # list filled again may hold the first page only)
