"""The window's parts on their own: the list pane, the offline downloads, the
edit controller's view of the window (EditorHost), and no attribute of a
reader.ui class shadowing a Qt method."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from PySide6.QtCore import Qt

import reader.ui
from reader.core.library.facade import Library
from reader.core.library.query import Query
from reader.ui.form.host import EditorHost
from reader.ui.list_pane import ListPane
from reader.ui.models import SECOND_LINE_ROLE, SNIPPET
from reader.ui.offline_actions import OfflineActions
from reader.ui.session import LibrarySession

UI = Path(reader.ui.__file__).parent


def _rows(library_copy, cache_dir):
    with Library.open(library_copy, cache_dir) as library:
        library.refresh()
        return library.query(Query(sort="title"))


def test_list_pane_searches_after_a_pause_or_at_once_on_return(qtbot):
    pane = ListPane()
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.reload_requested, timeout=2000):
        pane.search_field.setText("饺子")
    with qtbot.waitSignal(pane.reload_requested, timeout=50):
        qtbot.keyClick(pane.search_field, Qt.Key.Key_Return)
    with qtbot.waitSignal(pane.reload_requested, timeout=2000):
        pane.clear_search()
    assert pane.search_field.text() == ""


def test_list_pane_selects_listed_rows_and_asks_to_open_them(qtbot, library_copy, cache_dir):
    rows = _rows(library_copy, cache_dir)
    pane = ListPane()
    qtbot.addWidget(pane)
    pane.fill(rows, None)
    assert pane.list_model.rowCount() == len(rows)
    assert pane.list_view.isColumnHidden(SNIPPET)  # the snippet column is for search hits
    assert not pane.has_current() and pane.current_path() is None
    assert not pane.select_listed("no/such/article.md")
    wanted = rows[2].path
    with qtbot.assertNotEmitted(pane.open_requested, wait=200):
        assert pane.select_listed(wanted)  # the window shows it itself
    assert pane.current_path() == wanted
    with qtbot.waitSignal(pane.open_requested, timeout=2000) as opened:
        pane.list_view.move_current(1)  # a row made current opens after a moment
    assert opened.args == [pane.current_path()] and pane.current_path() != wanted
    with qtbot.waitSignal(pane.open_requested, timeout=50) as opened:
        pane.open_current()
    assert opened.args == [pane.current_path()]


def test_list_pane_search_job_returns_hits_with_snippets(qtbot, library_copy, cache_dir):
    pane = ListPane()
    qtbot.addWidget(pane)
    pane.search_field.setText("饺子")
    with Library.open(library_copy, cache_dir) as library:
        library.refresh()
        library.build_fulltext()
        rows, snippets, search = pane.query_job({}, library)()
        pane.search_field.clear()
        listed, none, no_search = pane.query_job({}, library)()
    assert rows and snippets is not None and set(snippets) == {r.path for r in rows}
    assert search.text == "饺子" and search.total == len(rows) and search.scope == {}
    assert none is None and no_search is None and len(listed) == 16
    pane.fill(rows, snippets, search)
    assert pane.list_view.isColumnHidden(SNIPPET)  # the snippet is the title's second line
    assert "饺子" in pane.list_model.index(0, 0).data(SECOND_LINE_ROLE)


def test_offline_actions_need_an_open_library(qtbot):
    session = LibrarySession()
    offline = OfflineActions(session, None)
    with qtbot.assertNotEmitted(offline.progress, wait=100):
        offline.make_offline(None)
    assert not offline.busy()
    offline.cancel()  # nothing running: nothing to cancel
    session.close()


def test_the_edit_controller_sees_the_window_only_as_an_editor_host(window):
    tree = ast.parse((UI / "form" / "controller.py").read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "reader.ui.form.host" in imported
    assert "reader.ui.main_window" not in imported
    members = [
        name for name in vars(EditorHost) if not name.startswith("_") and name not in vars(object)
    ]
    assert "library" in members and "show_after_change" in members
    assert all(hasattr(window, name) for name in members)
    assert window.editing.host is window


def _assigned_attributes(cls: ast.ClassDef) -> set[str]:
    names = set()
    for node in ast.walk(cls):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for item in target.elts if isinstance(target, ast.Tuple) else [target]:
                if (
                    isinstance(item, ast.Attribute)
                    and isinstance(item.value, ast.Name)
                    and item.value.id == "self"
                ):
                    names.add(item.attr)
    return names


def test_no_attribute_shadows_a_qt_method():
    shadowing = []
    for path in sorted(UI.rglob("*.py")):
        module_name = ".".join(path.relative_to(UI.parent.parent).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = None
        for cls in tree.body:
            if not isinstance(cls, ast.ClassDef):
                continue
            module = module or importlib.import_module(module_name)
            qt_bases = [
                base
                for base in getattr(module, cls.name).__mro__
                if base.__module__.startswith("PySide6")
            ]
            for name in _assigned_attributes(cls):
                if any(hasattr(base, name) for base in qt_bases):
                    shadowing.append(f"{module_name}.{cls.name}.{name}")
    assert not shadowing, shadowing
