"""A screen reader reads the window meaningfully: every widget the keyboard
reaches has a name through Qt's accessibility interface (QAccessible), and the
tree, the list, the reader and the form fields say what they hold."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from tests.ui.searchhelpers import search_for

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _name(widget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, widget
    return interface.text(QAccessible.Text.Name)


def _tab_reachable(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
    ]


def test_the_panes_have_names(qtbot, opened):
    window = opened
    window.show()
    qtbot.waitExposed(window)
    assert _name(window.tree) == "Library groups"
    assert _name(window.list_view) == "Articles"
    assert _name(window.reader.browser) == "Article"
    assert _name(window.search_field) == "Search the library"
    assert QAccessible.queryAccessibleInterface(window.tree).role() == QAccessible.Role.Tree
    assert QAccessible.queryAccessibleInterface(window.list_view).role() == QAccessible.Role.Table


def test_rows_and_tree_nodes_read_with_their_counts_and_second_lines(qtbot, opened):
    window = opened
    all_articles = window.nav_model.find(("all",))
    text = all_articles.data(Qt.ItemDataRole.AccessibleTextRole)
    assert text.startswith("All articles, ") and "article" in text
    search_for(qtbot, window, "饺子")
    row = window.list_model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "饺子" in row and "«" not in row  # the title, then the snippet, no markers


def test_every_widget_the_keyboard_reaches_has_a_name(qtbot, opened):
    window = opened
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("_posts/river-walk.md")
    window.editing.toggle_form(True)
    window.reader.find_bar.open()
    window.show()
    qtbot.waitExposed(window)
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}" for w in _tab_reachable(window) if not _name(w)
    ]
    assert not unnamed, unnamed


def test_form_fields_are_named_after_their_keys(qtbot, opened):
    window = opened
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("_posts/river-walk.md")
    window.editing.toggle_form(True)
    form = window.editing.form
    for key, editor in form.editors.items():
        target = editor.focusProxy() or editor
        assert key in _name(target), key
    assert form.editors["date"].zone.accessibleName() == "Time zone"  # its Name is its value


def test_a_screen_reader_reads_tree_nodes_and_list_rows_through_qaccessible(qtbot, opened):
    window = opened
    window.show()
    qtbot.waitExposed(window)
    tree = QAccessible.queryAccessibleInterface(window.tree)
    items = [tree.child(n) for n in range(tree.childCount())]
    names = [i.text(QAccessible.Text.Name) for i in items if i.role() == QAccessible.Role.TreeItem]
    everything = next(n for n in names if n.startswith("All articles, "))
    assert "article" in everything[len("All articles") :]
    assert "All articles" not in everything[len("All articles") :]  # said once
    assert any(n.startswith("Categories, ") and "categor" in n[12:] for n in names)
    table = QAccessible.queryAccessibleInterface(window.list_view)
    cells = [table.child(n) for n in range(table.childCount())]
    first = next(c for c in cells if c.role() == QAccessible.Role.Cell)
    title = window.list_model.summary(0).title
    assert first.text(QAccessible.Text.Name).startswith(title)
    assert "·" in first.text(QAccessible.Text.Name)  # the second line is read too
