"""Reading state in the window: bold unread, the star, counts, the reading
groups, the toggles, mark all as read with undo, next unread, marking read
after a while, and another device's log picked up live."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from reader.core.library.root import STATE_FOLDER
from reader.core.library.state import ReadingState, counts
from reader.ui.models import TITLE
from reader.ui.reading import (
    NOT_COUNTED,
    NOT_FOLLOWED,
    NOT_LOADED,
    NOT_POLLED,
    NOT_SAVED,
    SKIPPED,
    THIS_COMPUTER_ONLY,
)
from tests.ui.searchhelpers import search_for

OTHER_DEVICE = "cccccccc-0000-4000-8000-000000000003"


@pytest.fixture
def reading(qtbot, opened):
    qtbot.waitUntil(lambda: opened.reading.state is not None, timeout=10000)
    # the unread counts arrive from a worker
    qtbot.waitUntil(lambda: opened.nav_model.unread_count(("all",)) > 0, timeout=10000)
    return opened


def _action(window, name):
    found = [a for a in window.actions() if a.objectName() == name]
    assert found, name
    return found[0]


def _bold(window, row):
    font = window.list_model.index(row, TITLE).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


def _select_rows(window, rows):
    selection = window.list_view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            window.list_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def _select_node(qtbot, window, key):
    index = window.nav_model.find(key)
    assert index.isValid(), key
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )


def test_unread_rows_are_bold_and_the_groups_come_first(reading, sample_count):
    window = reading
    assert all(_bold(window, row) for row in range(window.list_model.rowCount()))
    spoken = window.list_model.index(0, TITLE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith(", unread")
    labels = [window.nav_model.index(r, 0).data() for r in range(3)]
    assert labels[1:] == ["Starred", "Read later"]
    assert labels[0] == "Unread"
    assert window.nav_model.unread_count(("all",)) == sample_count
    all_index = window.nav_model.find(("all",))
    assert all_index.data() == f"All articles ({sample_count})"
    unread_index = window.nav_model.find(("unread",))
    assert unread_index.siblingAtColumn(1).data() == str(sample_count)
    # the name's "(n)" and the column's number: each says which count it is
    tip = Qt.ItemDataRole.ToolTipRole
    said = f"{sample_count} unread"
    assert all_index.data(tip).endswith(said)
    assert all_index.siblingAtColumn(1).data(tip) == all_index.data(tip)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_keyboard_toggles_star_read_and_later(qtbot, reading, library_copy):
    window = reading
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.list_view.setFocus()
    _select_rows(window, [0])
    path = window.list_model.path_at(0)
    qtbot.keyClick(window.list_view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.list_model.index(0, TITLE).data().startswith("★ "))
    qtbot.keyClick(window.list_view, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: not _bold(window, 0))
    qtbot.keyClick(window.list_view, Qt.Key.Key_L)
    state = window.reading.state
    qtbot.waitUntil(lambda: state.later_queue() == [path])
    assert state.get(path).starred and state.get(path).read
    assert state.later_queue() == [path]
    # the groups list what the state says, and the counts follow
    qtbot.waitUntil(lambda: window.nav_model.find(("starred",)).siblingAtColumn(1).data() == "1")
    _select_node(qtbot, window, ("starred",))
    assert window.list_model.paths() == [path]
    _select_node(qtbot, window, ("later",))
    assert window.list_model.paths() == [path]
    # another window (another process of this device) sees it from the files
    assert ReadingState.open(library_copy).get(path).starred
    # the menu entries exist, with the single-key shortcuts
    assert _action(window, "toggleStar").shortcut().toString() == "S"
    assert _action(window, "nextUnread").shortcut().toString() == "N"


def test_mark_all_as_read_and_undo_restore_the_exact_state(qtbot, reading):
    window = reading
    state = window.reading.state
    _select_rows(window, [1])
    window.reading.toggle("read")
    qtbot.waitUntil(lambda: not _bold(window, 1))
    _select_rows(window, [2])
    window.reading.toggle("starred")
    qtbot.waitUntil(lambda: len(state.paths_with("starred")) == 1)
    qtbot.wait(200)  # the "opened" record of the article shown has landed
    before = state.snapshot()
    _select_rows(window, [])
    _action(window, "markAllRead").trigger()
    qtbot.waitUntil(lambda: not any(_bold(window, r) for r in range(window.list_model.rowCount())))
    qtbot.waitUntil(lambda: window.nav_model.unread_count(("all",)) == 0, timeout=10000)
    undo = _action(window, "undoMarkAllRead")
    assert undo.isEnabled()
    rows = window.list_model.rowCount()
    marked = f"Marked {rows - 1} article(s) as read"  # one of them was read already
    assert window.statusBar().currentMessage() == marked
    # what the command line's undo names: what was marked, counted by the core
    record = state.last_mark_all()
    assert record is not None and record.description == f"mark {rows - 1} as read"
    undo.trigger()
    qtbot.waitUntil(lambda: _bold(window, 0))
    assert state.snapshot() == before
    assert not _bold(window, 1) and _bold(window, 0)
    # the undo names what it changed back, not the size of the list
    undone = f"Undid marking {rows - 1} article(s) as read"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == undone)


def test_mark_a_group_read_from_the_tree(qtbot, reading):
    window = reading
    key = ("category", "Notes")
    count = window.nav_model.node(window.nav_model.find(key)).count
    assert window.nav_model.unread_count(key) == count > 0
    window.reading.mark_group_read(key)
    qtbot.waitUntil(lambda: window.nav_model.unread_count(key) == 0, timeout=10000)
    assert window.nav_model.find(key).data() == "Notes"


def test_next_unread_skips_read_articles(qtbot, reading):
    window = reading
    _select_rows(window, [1, 2])
    window.reading.toggle("read")
    qtbot.waitUntil(lambda: not _bold(window, 2))
    window.list_view.setCurrentIndex(window.list_model.index(0, 0))
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        _action(window, "nextUnread").trigger()
    assert blocker.args[0] == window.list_model.path_at(3)


def test_an_article_open_for_a_while_is_marked_read(qtbot, reading):
    window = reading
    window.settings.set("mark_read_after", 1)
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
    path = blocker.args[0]
    qtbot.waitUntil(lambda: window.reading.state.is_read(path), timeout=15000)
    assert window.reading.state.get(path).opened is not None


def test_never_marks_read_by_itself_when_turned_off(qtbot, reading):
    window = reading
    window.settings.set("mark_read_after", 0)
    window.settings.set("mark_read_at_end", 0)
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
    bar = window.reader.browser.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: window.reading.state.get(blocker.args[0]).opened is not None)
    assert not window.reading.state.is_read(blocker.args[0])
    assert not window.reading.read_timer.isActive()


def test_the_reading_position_lives_in_the_state(qtbot, reading):
    window = reading
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
    first = blocker.args[0]
    assert window.reading.save_position(first, 0.5)
    assert window.reading.position(first) == 0.5
    assert window.settings.get("reading_positions") == {}


def test_a_position_not_kept_in_a_held_state_file_stops_nothing(
    qtbot, reading, library_copy, monkeypatch
):
    # the log's lock held by another process: the lock's timeout (an
    # ArticleError) escaped save_position, and the article switch stopped
    # (the window keeps the position in its settings instead)
    import fcntl

    from reader.core.article import storage

    window = reading
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
    first = blocker.args[0]
    assert window.reading.save_position(first, 0.25)
    window.session.wait_for_writes()  # (the log made)
    (log,) = (library_copy / STATE_FOLDER / "state").glob("*.jsonl")
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.2)
    root = str(window.library.root)
    with open(log, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert window.reading.save_position(first, 0.5)  # (asked: written on a worker)
        assert window.reading.position(first) == 0.5
        # not kept in the state: kept in the window's settings instead
        qtbot.waitUntil(lambda: window.settings.reading_position(root, first) == 0.5)
        assert window.reading.state.get(first).progress == 0.25
        assert window.reading.position(first) == 0.5  # (reopened: where it was left, not 0.25)
        with qtbot.waitSignal(window.article_shown, timeout=10000) as switched:
            window.list_view.setCurrentIndex(window.list_model.index(1, 0))
        left = window.reading.position(first)  # (where the reader was, asked as it switched)
        qtbot.waitUntil(lambda: window.settings.reading_position(root, first) == left)
    assert switched.args[0] != first and window.reader.current == switched.args[0]
    assert window.reading.state.get(first).progress == 0.25


def test_writes_queued_behind_a_held_state_file_fail_at_once_and_closing_keeps_them(
    qtbot, reading, library_copy, monkeypatch
):
    # each write queued behind a held log waited the lock's whole timeout
    # in turn, and the window's closing waited for all of them; positions
    # not saved reached the settings only after the settings were synced
    import fcntl

    from reader.core.article import storage
    from reader.core.library.state import store

    window = reading
    paths = [window.list_model.path_at(row) for row in range(3)]
    assert window.reading.save_position(paths[0], 0.1)
    window.session.wait_for_writes()  # (the log made)
    (log,) = (library_copy / STATE_FOLDER / "state").glob("*.jsonl")
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.3)
    tried = []
    real = store.append_changes

    def append(path, changes):
        tried.append(path)
        real(path, changes)

    monkeypatch.setattr(store, "append_changes", append)
    root = str(window.library.root)
    with open(log, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        for number, rel in enumerate(paths):
            assert window.reading.save_position(rel, 0.2 + number / 10)
        window.reading.finish_writes()  # (as the window's closing does)
        # the settings have them at once, before the event loop turns again
        assert [window.settings.reading_position(root, rel) for rel in paths] == [0.2, 0.3, 0.4]
    assert len(tried) == 1  # the first waited; those asked meanwhile did not wait again
    assert [window.reading.position(rel) for rel in paths] == [0.2, 0.3, 0.4]
    # asked after the lock is let go: saved in the state again
    assert window.reading.save_position(paths[0], 0.7)
    window.reading.finish_writes()
    assert window.reading.state.get(paths[0]).progress == 0.7
    qtbot.waitUntil(lambda: window.reading.position(paths[1]) == 0.3)
    assert window.reading.position(paths[0]) == 0.7


def test_a_position_asked_again_is_the_one_kept(qtbot, reading):
    # left at 0.3, then 0.5, then 0.3 again: the first write's end took the
    # third ask for itself (same value), and the second one's 0.5 was shown
    window = reading
    rel = window.list_model.path_at(0)
    for fraction in (0.3, 0.5, 0.3):
        assert window.reading.save_position(rel, fraction)
    assert window.reading.position(rel) == 0.3
    window.reading.finish_writes()
    assert window.reading.state.get(rel).progress == 0.3
    qtbot.wait(50)  # (the writes' ends delivered)
    assert window.reading.position(rel) == 0.3


def test_switching_articles_saves_the_position_in_order_off_the_windows_thread(
    qtbot, reading, monkeypatch
):
    # the position of the article left was written (and fsynced) on the
    # window's thread: a switch stalled behind the disk (110 ms at a million)
    import threading

    from reader.core.library.state import store

    window = reading
    first, second = window.list_model.path_at(0), window.list_model.path_at(1)
    threads = []
    real = store.append_changes

    def append(path, changes):
        threads.append(threading.current_thread())
        real(path, changes)

    monkeypatch.setattr(store, "append_changes", append)
    for fraction in (0.1, 0.2, 0.3, 0.4):  # many asked at once: the last one wins
        assert window.reading.save_position(first, fraction)
        assert window.reading.position(first) == fraction  # (asked, not written yet)
    assert window.reading.save_position(second, 0.9)
    window.session.wait_for_writes()
    assert threads and threading.main_thread() not in threads
    assert window.reading.state.get(first).progress == 0.4
    assert window.reading.state.get(second).progress == 0.9
    qtbot.waitUntil(lambda: window.session.writes.activeThreadCount() == 0)
    assert window.reading.position(first) == 0.4  # (from the state, once written)


def test_another_devices_log_is_picked_up(qtbot, reading, library_copy):
    window = reading
    path = window.list_model.path_at(0)
    folder = library_copy / STATE_FOLDER / "state"
    folder.mkdir(parents=True, exist_ok=True)
    line = {
        "t": time.time_ns() // 1_000_000 << 10,
        "dev": OTHER_DEVICE,
        "path": path,
        "fp": None,
        "field": "read",
    }
    lines = [dict(line, value=True), dict(line, field="starred", value=True)]
    (folder / f"{OTHER_DEVICE}.jsonl").write_text(
        "".join(json.dumps(item) + "\n" for item in lines) + "damaged line\n"
    )
    (folder / f".{uuid.uuid4()}.tmp").write_text("partial")
    with qtbot.waitSignal(window.reading.changed, timeout=10000):
        window.reading.poll()  # the timer's work, without waiting for it
    assert not _bold(window, 0)
    assert window.list_model.index(0, TITLE).data().startswith("★ ")
    assert "skipped" in window.statusBar().currentMessage()


def test_a_library_whose_state_folder_cannot_be_made_says_so(qtbot, window, library_copy):
    (library_copy / STATE_FOLDER).write_text("a file in the way")
    window.open_library(str(library_copy))
    qtbot.waitUntil(lambda: window.reading.state is not None, timeout=20000)
    assert window.reading.state.read_only
    # among the window's standing warnings, with where it is kept in the tooltip
    assert THIS_COMPUTER_ONLY in window.session.warnings()
    label = window.warning_label
    assert label.isVisibleTo(window) and "this computer" in label.text()
    assert str(window.reading.state.private_folder) in label.toolTip()


def test_preferences_set_when_articles_count_as_read(qtbot, settings):
    from reader.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.read_after.value() == 3 and dialog.read_at_end.isChecked()
    dialog.read_after.setValue(0)
    dialog.read_at_end.setChecked(False)
    dialog.save()
    assert settings.get("mark_read_after") == 0
    assert settings.get("mark_read_at_end") == 0
    assert dialog.read_after.text() == "Never"


def test_another_library_brings_its_own_state(qtbot, reading, tmp_path):
    window = reading
    other = tmp_path / "other"
    other.mkdir()
    (other / "only.md").write_text("---\ntitle: Only one\ndate: 2020-01-01\n---\nbody\n")
    ReadingState.open(other).mark(["only.md"], "starred", True)
    first = window.reading.state
    window.open_library(str(other))
    qtbot.waitUntil(
        lambda: window.reading.state not in (None, first) and window.list_model.rowCount() == 1,
        timeout=20000,
    )
    qtbot.waitUntil(lambda: window.list_model.index(0, TITLE).data().startswith("★ "))
    qtbot.waitUntil(lambda: window.nav_model.unread_count(("all",)) == 1, timeout=10000)
    assert window.nav_model.find(("starred",)).siblingAtColumn(1).data() == "1"


def test_a_search_in_a_reading_group_stays_within_it_and_says_so(qtbot, reading):
    window = reading
    _select_rows(window, [0])
    starred = window.list_model.path_at(0)
    window.reading.toggle("starred")
    qtbot.waitUntil(lambda: window.reading.state.get(starred).starred, timeout=10000)
    _select_node(qtbot, window, ("starred",))
    assert "Starred" in window.search_field.placeholderText()
    search_for(qtbot, window, "-draft:true")  # every article matches
    assert window.list_model.rowCount() == 1
    assert window.list_model.path_at(0) == starred
    assert window.list_pane.search.total == 1  # the true count, of the group
    window.show_all_articles()  # "All articles" in one click searches everything
    qtbot.waitUntil(lambda: window.list_model.rowCount() > 1, timeout=10000)


def test_reading_group_listings_narrow_the_query_in_sql(tmp_path):
    """Unread and Starred are the group's query with the state's paths added
    (``exclude_paths`` / ``paths``), also when the query has its own."""
    from reader.core.library.facade import Library
    from reader.core.library.query import Query
    from reader.ui.reading import state_listing

    root = tmp_path / "lib"
    for name, category in (("a", "X"), ("b", "X"), ("c", "Y"), ("d", "X")):
        (root / name).mkdir(parents=True)
        (root / name / "p.md").write_text(
            f"---\ntitle: {name}\ncategories: [{category}]\ndate: 2020-01-0{ord(name) - 96}\n---\n"
        )
    state = ReadingState.open(root)
    state.mark(["a/p.md", "c/p.md"], "read", True)
    state.mark(["b/p.md", "c/p.md", "d/p.md"], "starred", True)
    with Library.open(root, tmp_path / "cache") as lib:
        lib.refresh()

        def paths(kind, **query):
            return state_listing(state, lib, Query(sort="path", **query), kind).paths()

        assert paths("unread") == ["b/p.md", "d/p.md"]
        assert paths("unread", category=("X",)) == ["b/p.md", "d/p.md"]
        assert paths("unread", exclude_paths=["d/p.md"]) == ["b/p.md"]
        assert paths("starred") == ["b/p.md", "c/p.md", "d/p.md"]
        assert paths("starred", category=("X",)) == ["b/p.md", "d/p.md"]
        assert paths("starred", paths=["a/p.md", "d/p.md"]) == ["d/p.md"]
        assert state_listing(None, lib, Query(), "starred").paths() == []


# -- what stays wrong stays said (the window's standing warnings) ----------------------------


def test_marks_that_could_not_be_saved_are_said_until_a_save_succeeds(qtbot, reading):
    window = reading
    state = window.reading.state
    path = window.list_model.path_at(0)
    # a folder where each log would be: appending fails, even as root
    shared = state.log_path
    private = state.private_folder / f"{state.device}.jsonl"
    shared.mkdir(parents=True)
    private.mkdir(parents=True)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and messages.append(text))
    with qtbot.waitSignal(
        window.session.warning, timeout=10000, check_params_cb=lambda what, why: what == NOT_SAVED
    ):
        window.reading.toggle("starred", [path])
    assert not state.get(path).starred  # not kept
    assert any(m.startswith("The reading state could not be saved: ") for m in messages)
    label = window.warning_label
    assert "Reading state not saved" in label.text()
    assert str(private) in label.toolTip()
    window.statusBar().clearMessage()  # the message goes; the warning stays
    assert not label.isHidden() and NOT_SAVED in window.session.warnings()

    private.rmdir()  # the next save succeeds: the warning ends
    with qtbot.waitSignal(
        window.session.warning, timeout=10000, check_params_cb=lambda what, why: what == NOT_SAVED
    ):
        window.reading.toggle("starred", [path])
    assert state.get(path).starred
    assert NOT_SAVED not in window.session.warnings()
    assert "Reading state not saved" not in label.text()
    # the library turned out unwritable: the state is kept here, and said so with why
    warnings = window.session.warnings()
    assert "cannot be written" in warnings[THIS_COMPUTER_ONLY]
    assert str(state.private_folder) in warnings[THIS_COMPUTER_ONLY]
    assert "on this computer only" in label.text()
    assert SKIPPED not in warnings  # (a folder that cannot be written is not a line skipped)


def test_a_group_that_could_not_be_marked_read_is_said_until_a_save_succeeds(
    qtbot, reading, monkeypatch
):
    from reader.core.library.facade import Library

    window = reading

    def failing(self, *args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Library, "listing", failing)
    with qtbot.waitSignal(
        window.session.warning, timeout=10000, check_params_cb=lambda what, why: what == NOT_SAVED
    ):
        window.reading.mark_group_read(("category", "Notes"))
    monkeypatch.undo()
    assert "Input/output error" in window.session.warnings()[NOT_SAVED]
    assert "Reading state not saved" in window.warning_label.text()
    with qtbot.waitSignal(
        window.session.warning, timeout=10000, check_params_cb=lambda what, why: what == NOT_SAVED
    ):
        window.reading.toggle("starred", [window.list_model.path_at(0)])
    assert NOT_SAVED not in window.session.warnings()


def test_a_state_that_could_not_be_loaded_is_said_until_one_is(
    qtbot, window, library_copy, monkeypatch
):
    def failing(cls, *args, **kwargs):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(ReadingState, "open", classmethod(failing))
    with qtbot.waitSignal(
        window.session.warning, timeout=20000, check_params_cb=lambda what, why: what == NOT_LOADED
    ):
        window.open_library(str(library_copy))
    assert "Permission denied" in window.session.warnings()[NOT_LOADED]
    assert "Reading state not loaded" in window.warning_label.text()
    monkeypatch.undo()
    window.open_library(str(library_copy))
    qtbot.waitUntil(lambda: window.reading.state is not None, timeout=20000)
    assert NOT_LOADED not in window.session.warnings()


@pytest.mark.parametrize(
    ("what", "name", "target", "run"),
    [
        (
            NOT_FOLLOWED,
            "Reading state of renamed articles not followed",
            (ReadingState, "resolve_moves"),
            lambda window: window.session.refresh(),
        ),
        (
            NOT_POLLED,
            "Reading state of other devices not read",
            (ReadingState, "poll"),
            lambda window: window.reading.poll(),
        ),
        (
            NOT_COUNTED,
            "Unread counts not up to date",
            (counts, "unread_counts_of_library"),
            lambda window: window.reading.recount(),
        ),
    ],
)
def test_a_background_job_that_failed_is_said_until_it_succeeds(
    qtbot, reading, monkeypatch, what, name, target, run
):
    window = reading

    def failing(*args, **kwargs):
        raise OSError(28, "No space left on device")

    owner, attribute = target
    monkeypatch.setattr(owner, attribute, failing)
    with qtbot.waitSignal(
        window.session.warning, timeout=20000, check_params_cb=lambda w, why: w == what
    ):
        run(window)
    assert "No space left on device" in window.session.warnings()[what]
    assert name in window.warning_label.text() and not window.warning_label.isHidden()
    monkeypatch.undo()
    with qtbot.waitSignal(
        window.session.warning, timeout=20000, check_params_cb=lambda w, why: w == what and not why
    ):
        run(window)
    assert what not in window.session.warnings()


def test_damaged_lines_stay_said_until_another_library_opens(
    qtbot, reading, library_copy, tmp_path
):
    window = reading
    folder = library_copy / STATE_FOLDER / "state"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{OTHER_DEVICE}.jsonl").write_text("damaged line\n")
    with qtbot.waitSignal(
        window.session.warning, timeout=10000, check_params_cb=lambda what, why: what == SKIPPED
    ):
        window.reading.poll()
    label = window.warning_label
    assert "Reading-state lines skipped" in label.text()
    assert f"{OTHER_DEVICE}.jsonl" in label.toolTip() and "skipped" in label.toolTip()
    window.statusBar().clearMessage()
    assert not label.isHidden()
    other = tmp_path / "other"
    other.mkdir()
    (other / "only.md").write_text("---\ntitle: Only one\n---\nbody\n")
    window.open_library(str(other))
    qtbot.waitUntil(lambda: window.reading.state is not None, timeout=20000)
    assert SKIPPED not in window.session.warnings()


def _library_gone(qtbot, window, *, said: bool):
    """Waits for the standing warning "Library folder gone" to begin
    (``said``) or to end."""
    from reader.ui.session import LIBRARY_GONE

    return qtbot.waitSignal(
        window.session.warning,
        timeout=10000,
        check_params_cb=lambda what, why: what == LIBRARY_GONE and bool(why) == said,
    )


def test_a_library_folder_moved_away_is_said_and_never_made_again(qtbot, opened, library_copy):
    # the window made the old folder again to save a reading position, and
    # its state read as empty: every article unread, no word of the move
    from reader.ui.session import LIBRARY_GONE

    window = opened
    rel = window.list_model.path_at(0)
    window.show_article(rel)
    qtbot.waitUntil(lambda: window.reader.current == rel, timeout=10000)
    unread = window.reading.state.paths_with("read")
    moved = library_copy.with_name("moved")
    library_copy.rename(moved)
    with _library_gone(qtbot, window, said=True):
        pass
    assert str(library_copy) in window.session.warnings()[LIBRARY_GONE]
    window.show_article(window.list_model.path_at(1))  # saves where the last one was left
    window.reading.finish_writes()  # (written on a worker: tried by now)
    qtbot.wait(300)
    assert not library_copy.exists()
    assert window.reading.state.paths_with("read") == unread
    moved.rename(library_copy)
    with _library_gone(qtbot, window, said=False):
        window.session.refresh()  # (Reload Library)


def test_a_library_folder_moved_away_loses_no_rows_and_comes_back_by_itself(
    qtbot, opened, library_copy
):
    # no word of the move for seconds; a file changed in the moved folder took
    # the articles beside it out of the list; back, it stood "gone" until F5

    window = opened
    count = window.list_model.rowCount()
    moved = library_copy.with_name("moved")
    with _library_gone(qtbot, window, said=True):
        library_copy.rename(moved)
    (moved / "notes" / "keeping-notes.md").touch()
    qtbot.wait(1500)
    assert window.list_model.rowCount() == count
    with _library_gone(qtbot, window, said=False):
        moved.rename(library_copy)
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        (library_copy / "notes" / "new-note.md").write_text("---\ntitle: New\n---\nBody.\n")
    qtbot.waitUntil(lambda: window.list_model.rowCount() == count + 1, timeout=10000)


def test_reloading_a_library_whose_folder_is_gone_keeps_its_rows_and_says_it_once(
    qtbot, opened, library_copy
):
    # the refresh found nothing on disk and dropped every row: an empty list,
    # every article read again once the folder was back
    from reader.ui.session import LIBRARY_GONE

    window = opened
    count = window.list_model.rowCount()
    moved = library_copy.with_name("moved")
    with _library_gone(qtbot, window, said=True):
        library_copy.rename(moved)
    with qtbot.waitSignal(window.session.failed, timeout=10000) as failure:
        window.session.refresh()  # (Reload Library)
    assert "not there now" in failure.args[0]
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10000)
    assert window.library.count() == count and window.list_model.rowCount() == count
    assert [what for what, why in window.session.warnings().items() if why] == [LIBRARY_GONE]
    moved.rename(library_copy)
    with _library_gone(qtbot, window, said=False):
        window.session.refresh()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10000)
    assert window.list_model.rowCount() == count
    assert not any(window.session.warnings().values())


def test_a_library_folder_swapped_for_another_of_its_name_is_read_again(
    qtbot, opened, library_copy
):
    # mv lib lib.old; mv lib.new lib: the watches stayed on the old folder,
    # and the new one's articles were never seen
    import shutil

    window = opened
    count = window.list_model.rowCount()
    other = library_copy.with_name("other")
    shutil.copytree(library_copy, other)
    (other / "notes" / "swapped-in.md").write_text("---\ntitle: Swapped in\n---\nBody.\n")
    library_copy.rename(library_copy.with_name("old"))
    other.rename(library_copy)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == count + 1, timeout=15000)
    with qtbot.waitSignal(window.list_filled, timeout=15000):
        (library_copy / "notes" / "later.md").write_text("---\ntitle: Later\n---\nBody.\n")
    qtbot.waitUntil(lambda: window.list_model.rowCount() == count + 2, timeout=10000)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_reading_groups_export_and_mark_all_take_its_articles_only(qtbot, reading):
    # "Export This Group…" on Starred exported the whole library (its node's
    # filter is everything), and so did a mark-all of a group of paths
    from PySide6.QtWidgets import QMenu

    window = reading
    starred = window.list_model.path_at(0)
    window.reading.state.mark([starred], "starred", True)
    menu = QMenu(window)
    window.collections.add_tree_actions(menu, window.nav_model.find(("starred",)))
    menu.actions()[-1].trigger()
    dialog = window.collections.export_dialog
    qtbot.addWidget(dialog)
    assert dialog.paths() == [starred]
    window.reading.state.mark([starred], "read", True)
    work = window.reading.group_paths(("unread",))
    assert work is not None
    unread = work()
    assert starred not in unread and len(unread) == window.list_model.rowCount() - 1


def test_a_held_undo_record_does_not_refuse_the_marks_queued_behind_it(qtbot, reading, monkeypatch):
    # (review) any lock timeout was taken for the state's log held: a
    # mark-all whose undo record's lock timed out made every write queued
    # meanwhile fail at once, though the log was free
    from reader.core.article.storage import LockTimeoutError
    from reader.core.library.state import store

    window = reading
    first, second = window.list_model.path_at(0), window.list_model.path_at(1)

    def undo_held(self, paths, description=""):
        raise LockTimeoutError("held too long", "/elsewhere/state-undo.lock")

    monkeypatch.setattr(store.ReadingState, "mark_all_read", undo_held)
    window.reading.mark_all_read()
    window.reading.toggle("starred", [first])
    window.reading.save_position(second, 0.6)
    window.reading.finish_writes()
    assert window.reading.state.get(first).starred
    assert window.reading.state.get(second).progress == 0.6


def test_a_position_not_saved_gives_way_to_another_devices_newer_one(
    qtbot, reading, library_copy, monkeypatch
):
    # (review) a position this window could not save stayed shown over the
    # state's, even once another device's newer one had been taken in
    import fcntl

    from reader.core.article import storage

    window = reading
    rel = window.list_model.path_at(0)
    assert window.reading.save_position(rel, 0.25)
    window.reading.finish_writes()
    (log,) = (library_copy / STATE_FOLDER / "state").glob("*.jsonl")
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.2)
    with open(log, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        window.reading.save_position(rel, 0.5)
        window.reading.finish_writes()
    assert window.reading.position(rel) == 0.5  # (not saved: shown from here)
    folder = library_copy / STATE_FOLDER / "state"
    line = {
        "t": time.time_ns() // 1_000_000 << 10,
        "dev": OTHER_DEVICE,
        "path": rel,
        "fp": None,
        "field": "progress",
        "value": 0.9,
    }
    (folder / f"{OTHER_DEVICE}.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    window.reading.poll()
    qtbot.waitUntil(lambda: window.reading.position(rel) == 0.9, timeout=10000)
