"""Saved searches in the window: the tree group with live counts, Save
Search… from the search box, rename and delete, selecting lists the
matches, a broken query shows its error, another device's search appears
live, and a saved search's node exports."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMenu

from reader.core.library.root import STATE_FOLDER
from reader.ui.form import dialogs
from reader.ui.saved_searches import (
    GROUP,
    KIND,
    NOT_COUNTED,
    NOT_LOADED,
    NOT_POLLED,
    SKIPPED,
    THIS_COMPUTER_ONLY,
)

OTHER_DEVICE = "cccccccc-0000-4000-8000-000000000003"


@pytest.fixture
def saving(qtbot, opened, monkeypatch):
    qtbot.waitUntil(lambda: opened.saved_searches.searches is not None, timeout=10000)
    names: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_text", lambda parent, title, label, text="": names.pop(0) if names else None
    )
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    return opened, names


def _year_query(window) -> tuple[str, list[str]]:
    """A query matching some of the sample's articles, and what the core finds for it."""
    rows = window.library.query()
    year = next(row.date[:4] for row in rows if row.date)
    query = f"year:{year}"
    return query, sorted(row.path for row in window.library.find(query))


def _select(window, key):
    index = window.nav_model.find(key)
    assert index.isValid(), key
    window.tree.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    return index


def _saved_nodes(window):
    group = window.nav_model.find((GROUP,))
    assert group.isValid()
    model = window.nav_model
    return [model.index(row, 0, group) for row in range(model.rowCount(group))]


def _open_another_library(qtbot, window, tmp_path):
    """Open a library of one note, ``tmp_path / "other"``, and wait until the
    saved searches are that library's."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.md").write_text("---\ntitle: Note\n---\nbody\n", encoding="utf-8")
    window.open_library(str(other))
    qtbot.waitUntil(
        lambda: (
            window.saved_searches.searches is not None
            and window.saved_searches.searches.root == other.resolve()
        ),
        timeout=10000,
    )


def test_save_select_rename_and_delete(qtbot, saving, monkeypatch):
    window, names = saving
    query, expected = _year_query(window)
    assert expected
    group = window.nav_model.find((GROUP,))
    assert group.row() == 3  # right after Unread, Starred and Read later
    assert window.nav_model.rowCount(group) == 0
    window.list_pane.search_field.setText(query)
    names.append("This year")
    search_id = window.saved_searches.save_search()
    assert search_id is not None
    key = (KIND, search_id)
    qtbot.waitUntil(lambda: window.nav_model.find(key).isValid(), timeout=10000)
    index = window.nav_model.find(key)
    qtbot.waitUntil(lambda: index.siblingAtColumn(1).data() == str(len(expected)), timeout=10000)
    assert index.data() == "This year"
    assert "year:" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert str(len(expected)) in index.data(Qt.ItemDataRole.AccessibleTextRole)
    window.list_pane.search_field.clear()
    _select(window, key)
    qtbot.waitUntil(lambda: sorted(window.list_model.paths()) == expected, timeout=10000)
    # rename from the node's context menu
    menu = QMenu(window)
    window.saved_searches.add_node_actions(menu, window.nav_model.node(index))
    names.append("Renamed")
    next(a for a in menu.actions() if a.text() == "Rename Saved Search…").trigger()
    assert window.nav_model.find(key).data() == "Renamed"
    # a name that is taken is refused with a message, nothing changes
    warnings: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda *a, **k: warnings.append(a[2]))
    window.list_pane.search_field.setText("tag:x")
    names.append("renamed")
    assert window.saved_searches.save_search() is None
    assert warnings and "exists already" in warnings[0]
    # delete from the Edit menu, with the node selected
    action = next(a for a in window.actions() if a.objectName() == "deleteSavedSearch")
    action.trigger()
    assert not window.nav_model.find(key).isValid()
    qtbot.waitUntil(lambda: window.node_key == ("all",), timeout=10000)
    assert window.saved_searches.searches.searches() == []


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_another_devices_search_and_a_broken_query(qtbot, saving, library_copy):
    window, _names = saving
    query, expected = _year_query(window)
    folder = library_copy / STATE_FOLDER / "searches"
    folder.mkdir(parents=True, exist_ok=True)
    t = 1_700_000_000_000 << 10  # (in the past: a change dated far ahead waits for its time)
    lines = [
        {"t": t, "dev": OTHER_DEVICE, "id": "a" * 32, "field": "name", "value": "来自另一台"},
        {"t": t, "dev": OTHER_DEVICE, "id": "a" * 32, "field": "query", "value": query},
        {"t": t, "dev": OTHER_DEVICE, "id": "b" * 32, "field": "name", "value": "Broken"},
        {"t": t, "dev": OTHER_DEVICE, "id": "b" * 32, "field": "query", "value": "cat:x OR"},
    ]
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines) + "damaged\n"
    (folder / f"{OTHER_DEVICE}.jsonl").write_text(text, encoding="utf-8")
    window.saved_searches.poll()
    qtbot.waitUntil(lambda: len(_saved_nodes(window)) == 2, timeout=10000)
    good = window.nav_model.find((KIND, "a" * 32))
    broken = window.nav_model.find((KIND, "b" * 32))
    qtbot.waitUntil(lambda: good.siblingAtColumn(1).data() == str(len(expected)), timeout=10000)
    qtbot.waitUntil(lambda: broken.siblingAtColumn(1).data() == "!", timeout=10000)
    assert "OR" in broken.data(Qt.ItemDataRole.ToolTipRole)
    _select(window, (KIND, "b" * 32))
    message = window.statusBar().currentMessage()
    assert "Broken" in message and "OR" in message
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 0, timeout=10000)
    # and it stays said where the list would be, and in the reader ("No
    # articles here." hid it once the status bar's message was gone)
    empty = window.list_pane.empty_label
    qtbot.waitUntil(lambda: "Broken" in empty.accessibleName(), timeout=5000)
    assert not empty.isHidden()
    assert "does not run" in empty.accessibleName() and "OR" in empty.accessibleName()
    window.statusBar().clearMessage()
    window.reload_list()
    qtbot.waitUntil(lambda: "does not run" in empty.accessibleName(), timeout=5000)
    assert "does not run" in window.reader.browser.toPlainText()
    # the export dialog takes a saved search's node
    menu = QMenu(window)
    window.collections.add_tree_actions(menu, good)
    menu.actions()[-1].trigger()
    dialog = window.collections.export_dialog
    qtbot.addWidget(dialog)
    assert sorted(dialog.paths()) == expected


def test_counts_follow_the_reading_state(qtbot, saving):
    window, names = saving
    qtbot.waitUntil(lambda: window.reading.state is not None, timeout=10000)
    window.list_pane.search_field.setText("is:starred")
    names.append("Starred ones")
    search_id = window.saved_searches.save_search()
    index = window.nav_model.find((KIND, search_id))
    qtbot.waitUntil(lambda: index.siblingAtColumn(1).data() == "0", timeout=10000)
    path = window.library.query()[0].path
    window.reading.toggle("starred", [path])
    qtbot.waitUntil(lambda: index.siblingAtColumn(1).data() == "1", timeout=10000)


def test_another_library_does_not_show_the_last_ones(qtbot, saving, tmp_path):
    window, names = saving
    window.list_pane.search_field.setText("year:2021")
    names.append("Only here")
    assert window.saved_searches.save_search() is not None
    assert len(_saved_nodes(window)) == 1
    window.list_pane.search_field.clear()
    _open_another_library(qtbot, window, tmp_path)
    qtbot.waitUntil(lambda: window.nav_model.find((GROUP,)).isValid(), timeout=10000)
    assert _saved_nodes(window) == []


def test_the_actions_are_reached_from_the_keyboard(qtbot, saving):
    from PySide6.QtGui import QKeySequence

    window, names = saving
    actions = {a.objectName(): a for a in window.actions()}
    keys = {
        "saveSearch": "Ctrl+Shift+K",
        "renameSavedSearch": "Ctrl+Alt+E",
        "deleteSavedSearch": "Ctrl+Alt+Shift+K",
    }
    for name, key in keys.items():
        assert actions[name].shortcut() == QKeySequence(key), name
    window.list_pane.search_field.setText("year:2021")
    names.append("By keyboard")
    actions["saveSearch"].trigger()
    qtbot.waitUntil(lambda: len(_saved_nodes(window)) == 1, timeout=10000)
    node = _saved_nodes(window)[0]
    assert node.data() == "By keyboard"
    _select(window, window.nav_model.node(node).key)
    names.append("Renamed by keyboard")
    actions["renameSavedSearch"].trigger()
    assert _saved_nodes(window)[0].data() == "Renamed by keyboard"


def test_a_rename_while_counting_is_not_undone_by_the_count(qtbot, saving):
    window, names = saving
    query, expected = _year_query(window)
    window.list_pane.search_field.setText(query)
    names.append("Before")
    search_id = window.saved_searches.save_search()  # counting starts on a worker
    assert window.saved_searches.rename(search_id, "After")
    index = window.nav_model.find((KIND, search_id))
    qtbot.waitUntil(lambda: index.siblingAtColumn(1).data() == str(len(expected)), timeout=10000)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10000)
    assert window.nav_model.find((KIND, search_id)).data() == "After"


def test_a_name_that_is_not_text_is_refused_with_its_own_message(qtbot, saving, monkeypatch):
    window, names = saving
    warnings: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda *a, **k: warnings.append(a[2]))
    window.list_pane.search_field.setText("tag:x")
    names.append("bad \udce9 name")  # a lone surrogate: not text any file can hold
    assert window.saved_searches.save_search() is None
    assert warnings == ["The name holds characters that are not text."]
    assert window.saved_searches.searches.searches() == []
    # (a search typed in the field is always text: Qt makes a lone
    # surrogate U+FFFD before the query is read)


def test_the_search_box_follows_a_rename_and_a_delete_of_the_selected_search(qtbot, saving):
    # review: after a rename the box still said "Search in <old name>…"
    window, names = saving
    query, expected = _year_query(window)
    pane = window.list_pane
    pane.search_field.setText(query)
    names.append("Before")
    search_id = window.saved_searches.save_search()
    key = (KIND, search_id)
    index = window.nav_model.find(key)
    qtbot.waitUntil(lambda: index.siblingAtColumn(1).data() == str(len(expected)), timeout=10000)
    pane.search_field.setText("a")  # a search within the saved search
    _select(window, key)
    qtbot.waitUntil(lambda: window.count_label.text().endswith(" in Before"), timeout=10000)
    assert pane.search_field.placeholderText() == "Search in Before…"
    assert window.saved_searches.rename(search_id, "After")
    assert pane.search_field.placeholderText() == "Search in After…"
    assert pane.search_field.accessibleName() == "Search in After"
    qtbot.waitUntil(lambda: window.count_label.text().endswith(" in After"), timeout=10000)
    assert pane.scope_label() == "After"
    assert window.saved_searches.delete(search_id, confirm=False)
    qtbot.waitUntil(lambda: window.node_key == ("all",), timeout=10000)
    assert pane.search_field.placeholderText() == "Search the library (Ctrl+K)"
    assert pane.scope_label() is None
    qtbot.waitUntil(lambda: " in " not in window.count_label.text(), timeout=10000)


# -- what stays wrong stays said (the window's standing warnings) ----------------------------


def _said(qtbot, window, what, *, ended=False, timeout=10000):
    """A ``with`` block that waits for the session's standing warning ``what``
    to begin (or, with ``ended``, to end)."""
    return qtbot.waitSignal(
        window.session.warning,
        timeout=timeout,
        check_params_cb=lambda w, why: w == what and (not why) == ended,
    )


def test_a_damaged_line_alone_is_said_and_stays_said(qtbot, saving, library_copy, tmp_path):
    window, _names = saving
    folder = library_copy / STATE_FOLDER / "searches"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{OTHER_DEVICE}.jsonl").write_text("damaged\n", encoding="utf-8")
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and messages.append(text))
    with _said(qtbot, window, SKIPPED):
        window.saved_searches.poll()  # no search changed: said all the same
    assert any(m.startswith("1 saved-search line(s) skipped, e.g. ") for m in messages)
    label = window.warning_label
    assert "Saved-search lines skipped" in label.text()
    assert f"{OTHER_DEVICE}.jsonl" in label.toolTip()
    window.statusBar().clearMessage()
    assert not label.isHidden()
    _open_another_library(qtbot, window, tmp_path)
    assert SKIPPED not in window.session.warnings()


def test_searches_kept_on_this_computer_only_are_said_with_why(
    qtbot, window, library_copy, tmp_path
):
    """A link in the searches folder's place: the searches are kept per user,
    said as such (a link is not a skipped line), until another library opens."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (library_copy / STATE_FOLDER).mkdir(exist_ok=True)
    (library_copy / STATE_FOLDER / "searches").symlink_to(outside)
    with _said(qtbot, window, THIS_COMPUTER_ONLY, timeout=20000):
        window.open_library(str(library_copy))
    why = window.session.warnings()[THIS_COMPUTER_ONLY]
    searches = window.saved_searches.searches
    assert searches is not None and searches.read_only
    assert why == (
        f"{library_copy.resolve() / STATE_FOLDER / 'searches'} is a symbolic link; "
        f"saved searches are kept in {searches.private_folder}"
    )
    assert SKIPPED not in window.session.warnings()
    assert "Saved searches kept on this computer only" in window.warning_label.text()
    assert list(outside.iterdir()) == []
    _open_another_library(qtbot, window, tmp_path)
    assert THIS_COMPUTER_ONLY not in window.session.warnings()


def test_searches_that_could_not_be_loaded_are_said_until_they_are(
    qtbot, window, library_copy, monkeypatch
):
    from reader.core.library.state.searches import SavedSearches

    def failing(cls, *args, **kwargs):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(SavedSearches, "open", classmethod(failing))
    with _said(qtbot, window, NOT_LOADED, timeout=20000):
        window.open_library(str(library_copy))
    assert "Permission denied" in window.session.warnings()[NOT_LOADED]
    assert "Saved searches not loaded" in window.warning_label.text()
    monkeypatch.undo()
    window.open_library(str(library_copy))
    qtbot.waitUntil(lambda: window.saved_searches.searches is not None, timeout=20000)
    assert NOT_LOADED not in window.session.warnings()


def test_a_poll_or_a_count_that_failed_is_said_until_one_succeeds(qtbot, saving, monkeypatch):
    from reader.core.library.facade import Library
    from reader.core.library.state.searches import SavedSearches

    window, names = saving
    window.list_pane.search_field.setText("year:2021")
    names.append("Counted")
    assert window.saved_searches.save_search() is not None

    def failing(*args, **kwargs):
        raise OSError(5, "Input/output error")

    for what, name, owner, attribute, run in [
        (NOT_POLLED, "Saved searches of other devices not read", SavedSearches, "poll", "poll"),
        (NOT_COUNTED, "Saved searches not counted", Library, "matching_paths", "recount"),
    ]:
        monkeypatch.setattr(owner, attribute, failing)
        with _said(qtbot, window, what):
            getattr(window.saved_searches, run)()
        assert "Input/output error" in window.session.warnings()[what]
        assert name in window.warning_label.text()
        monkeypatch.undo()
        qtbot.waitUntil(lambda: not window.session.busy, timeout=10000)
        with _said(qtbot, window, what, ended=True):
            getattr(window.saved_searches, run)()
        assert what not in window.session.warnings()


def test_a_saved_search_shows_its_unread_count_as_every_group_does(qtbot, saving):
    # it showed its total alone: no "(3)" and not bold, though its articles were unread
    window, names = saving
    query = "date:2000..2100"  # every dated article of the sample
    expected = sorted(row.path for row in window.library.find(query))
    assert len(expected) >= 2
    window.list_pane.search_field.setText(query)
    names.append("This year")
    key = (KIND, window.saved_searches.save_search())

    def shown():
        index = window.nav_model.find(key)
        return index.data() if index.isValid() else None

    qtbot.waitUntil(lambda: shown() == f"This year ({len(expected)})", timeout=20000)
    index = window.nav_model.find(key)
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    window.reading.toggle("read", [expected[0]])
    qtbot.waitUntil(lambda: shown() == f"This year ({len(expected) - 1})", timeout=20000)
    window.reading.toggle("read", expected[1:])
    qtbot.waitUntil(lambda: shown() == "This year", timeout=20000)


def test_the_selected_search_stays_selected_when_the_searches_are_reordered(qtbot, saving):
    # (adversarial review) a search saved or renamed so that the order of the
    # searches changed moved the tree's current row to the group: the list
    # showed every article, and the status bar still named the search
    window, names = saving
    query, expected = _year_query(window)
    window.list_pane.search_field.setText(query)
    names.append("Middle")
    search_id = window.saved_searches.save_search()
    key = (KIND, search_id)
    qtbot.waitUntil(lambda: window.nav_model.find(key).isValid(), timeout=10000)
    window.list_pane.search_field.clear()
    _select(window, key)
    qtbot.waitUntil(lambda: sorted(window.list_model.paths()) == expected, timeout=10000)
    # saved from the box while it is selected: the new one comes first
    window.list_pane.search_field.setText("tag:nothing-at-all")
    names.append("Aaa first")
    assert window.saved_searches.save_search() is not None
    qtbot.waitUntil(lambda: window.nav_model.rowCount(window.nav_model.find((GROUP,))) == 2)
    assert window.node_key == key
    window.list_pane.search_field.clear()
    qtbot.waitUntil(lambda: sorted(window.list_model.paths()) == expected, timeout=10000)
    # renamed to come last
    menu = QMenu(window)
    window.saved_searches.add_node_actions(menu, window.nav_model.node(window.nav_model.find(key)))
    names.append("Zzz last")
    next(a for a in menu.actions() if a.text() == "Rename Saved Search…").trigger()
    assert window.nav_model.find(key).data() == "Zzz last"
    assert window.node_key == key
    assert window.list_pane.scope_label() == "Zzz last"
    qtbot.wait(200)  # (a list of every article would be on its way)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10000)
    assert sorted(window.list_model.paths()) == expected


def test_the_saved_searches_group_lists_what_they_find(qtbot, saving):
    # (adversarial review) it listed every article, and exported them so;
    # (review) selected before a search was counted, it stayed short of it
    window, names = saving
    query, expected = _year_query(window)
    _select(window, (GROUP,))
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 0, timeout=10000)
    window.list_pane.search_field.setText(query)
    names.append("This year")
    search_id = window.saved_searches.save_search()
    qtbot.waitUntil(lambda: window.nav_model.find((KIND, search_id)).isValid(), timeout=10000)
    window.list_pane.search_field.clear()  # (the group still selected)
    qtbot.waitUntil(lambda: sorted(window.list_model.paths()) == expected, timeout=10000)
