"""The list pane as a person meets it: the true count of a search, more rows
as the list scrolls, the search scope, relevance order, Escape, the empty
message, and the columns fitted to the width."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from reader.ui.list_pane import SEARCH_PAGE
from reader.ui.models import AUTHOR, CATEGORIES, DATE, SECOND_LINE_ROLE, TITLE
from tests.ui.searchhelpers import search_for

COUNT = SEARCH_PAGE * 2 + 50

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def big_library(tmp_path):
    root = tmp_path / "big"
    root.mkdir()
    for n in range(COUNT):
        category = "金融" if n % 2 else "科技"
        (root / f"post-{n:04d}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2020-01-{n % 28 + 1:02d}\n"
            f"author: Writer {n % 7}\ncategories: [{category}]\n---\n\n"
            f"A common word in every body, number {n}.\n",
            encoding="utf-8",
        )
    return root


@pytest.fixture
def big(qtbot, window, big_library):
    with qtbot.waitSignal(
        window.session.progress,
        timeout=60000,
        check_params_cb=lambda what, done, total: what == "fulltext" and done == total,
    ):
        window.open_library(str(big_library))
    qtbot.waitUntil(lambda: window.list_model.rowCount() == COUNT, timeout=20000)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def _search(qtbot, window, text):
    search_for(qtbot, window, text)


def test_search_shows_the_true_count_and_loads_more_as_the_list_scrolls(qtbot, big):
    window = big
    _search(qtbot, window, "common")
    pane = window.list_pane
    assert pane.search is not None and pane.search.total == COUNT
    assert window.list_model.rowCount() == SEARCH_PAGE  # one page fetched, not all
    assert window.count_label.text().startswith(f"{COUNT} result")
    bar = window.list_view.verticalScrollBar()
    for _ in range(10):
        if window.list_model.rowCount() == COUNT:
            break
        rows = window.list_model.rowCount()
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda r=rows: window.list_model.rowCount() > r, timeout=20000)
    assert window.list_model.rowCount() == COUNT
    assert len(set(window.list_model.paths())) == COUNT  # no row twice
    assert not pane.has_more()


def test_search_within_the_selected_group_and_all_articles_in_one_click(qtbot, big):
    window = big
    index = window.nav_model.find(("category", "金融"))
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.tree.setCurrentIndex(index)
    pane = window.list_pane
    assert pane.search_field.placeholderText() == "Search in 金融…"
    assert pane.all_button.isHidden()  # nothing to widen yet
    _search(qtbot, window, "common")
    half = COUNT // 2
    assert pane.search.total == half and pane.search.scope == {"category": ("金融",)}
    label = window.count_label.text()
    assert label.startswith(f"{half} result") and label.endswith(" in 金融")
    assert all(s.categories == (("金融",),) for s in map(window.list_model.summary, range(50)))
    assert pane.all_button.isVisible()
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        qtbot.mouseClick(pane.all_button, Qt.MouseButton.LeftButton)
    assert window.node_key == ("all",)
    assert pane.search_field.text() == "common"  # the search stays, now over everything
    assert pane.search.total == COUNT
    assert pane.search_field.placeholderText() == "Search the library (Ctrl+K)"
    assert pane.all_button.isHidden()


def test_relevance_order_is_shown_in_the_header(qtbot, big):
    window = big
    header = window.list_view.header()
    assert header.isSortIndicatorShown()
    _search(qtbot, window, "common")
    assert not header.isSortIndicatorShown()
    title = window.list_model.headerData(TITLE, Qt.Orientation.Horizontal)
    assert "relevance" in title
    window.list_view.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)  # the person sorts
    assert window.list_model.headerData(TITLE, Qt.Orientation.Horizontal) == "Title"
    assert header.isSortIndicatorShown()
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.search_field.clear()
    assert header.isSortIndicatorShown()


def test_escape_clears_the_search_and_an_empty_result_says_so(qtbot, big):
    window = big
    pane = window.list_pane
    _search(qtbot, window, "nosuchwordanywhere")
    assert window.list_model.rowCount() == 0
    assert "nosuchwordanywhere" in pane.empty_message()
    assert pane.empty_label.isVisible()
    pane.search_field.setFocus()
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        qtbot.keyClick(pane.search_field, Qt.Key.Key_Escape)
    assert pane.search_field.text() == ""
    assert pane.empty_message() == "" and window.list_model.rowCount() == COUNT
    qtbot.keyClick(pane.search_field, Qt.Key.Key_Escape)  # a second Escape leaves the box
    qtbot.waitUntil(lambda: window.list_view.hasFocus(), timeout=5000)
    _search(qtbot, window, "common")
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        qtbot.keyClick(window.list_view, Qt.Key.Key_Escape)  # from the list, too
    assert pane.search_field.text() == ""


def test_columns_fit_the_width_and_narrow_lists_show_two_lines(qtbot, big):
    window = big
    pane = window.list_pane
    view = window.list_view
    window.splitter.setSizes([200, 900, 400])
    qtbot.waitUntil(lambda: not view.isColumnHidden(CATEGORIES), timeout=5000)
    assert not pane.is_narrow()
    for column in (DATE, AUTHOR, CATEGORIES):
        assert not view.isColumnHidden(column)
    date_width = view.columnWidth(DATE)
    assert date_width >= view.fontMetrics().horizontalAdvance("2020-01-01")
    assert view.columnWidth(AUTHOR) >= view.fontMetrics().horizontalAdvance("Writer 6")
    assert view.columnWidth(TITLE) >= date_width  # the title keeps the room left
    # one line: the view's own delegate paints the titles (no Python paint per row)
    assert view.itemDelegateForColumn(TITLE) is None
    window.splitter.setSizes([200, 260, 900])
    qtbot.waitUntil(pane.is_narrow, timeout=5000)
    for column in (DATE, AUTHOR, CATEGORIES):
        assert view.isColumnHidden(column)
    assert pane.title_delegate.second_line
    assert view.itemDelegateForColumn(TITLE) is pane.title_delegate
    second = window.list_model.index(0, TITLE).data(SECOND_LINE_ROLE)
    summary = window.list_model.summary(0)
    assert second.startswith(summary.date[:10]) and summary.author in second and "·" in second
    assert view.verticalHeader().defaultSectionSize() >= 2 * view.fontMetrics().height()
    window.splitter.setSizes([200, 900, 400])  # wide again: one line, the view's delegate
    qtbot.waitUntil(lambda: not pane.is_narrow(), timeout=5000)
    assert not pane.title_delegate.second_line
    assert view.itemDelegateForColumn(TITLE) is None


def test_a_header_saved_by_an_older_version_is_fitted_again(qtbot):
    from PySide6.QtWidgets import QHeaderView

    from reader.ui.list_pane import ListPane

    old = ListPane()
    qtbot.addWidget(old)
    header = old.list_view.header()
    header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    old.list_view.setColumnHidden(4, False)  # the old snippet column
    header.setSortIndicator(TITLE, Qt.SortOrder.AscendingOrder)
    saved = header.saveState()
    pane = ListPane()
    qtbot.addWidget(pane)
    pane.restore_header(saved)
    restored = pane.list_view.header()
    assert restored.sectionResizeMode(TITLE) == QHeaderView.ResizeMode.Stretch
    assert not restored.stretchLastSection()
    assert pane.list_view.isColumnHidden(4)
    assert restored.sortIndicatorSection() == TITLE  # the sort is kept


def test_the_search_box_names_nested_groups_in_full(qtbot, big):
    window = big
    for key, name in (
        (("month", 2020, 1), "2020 › "),
        (("year", 2020), "2020"),
        (("author", "Writer 3"), "Writer 3"),
    ):
        index = window.nav_model.find(key)
        assert index.isValid(), key
        with qtbot.waitSignal(window.list_filled, timeout=20000):
            window.tree.setCurrentIndex(index)
        placeholder = window.search_field.placeholderText()
        assert placeholder.startswith(f"Search in {name}") and placeholder.endswith("…")


def test_sorting_a_group_runs_its_query_again_and_keeps_the_article(qtbot, big):
    window = big
    model = window.list_model
    window.list_view.setCurrentIndex(model.index(5, 0))
    qtbot.waitUntil(lambda: window.reader.current is not None, timeout=10000)
    current = window.reader.current
    for column, order in (
        (AUTHOR, Qt.SortOrder.AscendingOrder),
        (TITLE, Qt.SortOrder.DescendingOrder),
        (CATEGORIES, Qt.SortOrder.AscendingOrder),
        (DATE, Qt.SortOrder.AscendingOrder),
    ):
        with qtbot.waitSignal(window.list_filled, timeout=20000):
            window.list_view.sortByColumn(column, order)
        assert model.rowCount() == COUNT
        values = [model.index(r, column).data() for r in range(COUNT)]
        key = str.casefold if column in (TITLE, AUTHOR) else None
        assert values == sorted(values, key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        assert window.list_pane.current_path() == current  # the selection followed the article
        assert window.reader.current == current


BOOKBINDING = "_posts/2023-05-02-bookbinding.md"


def _shown_with_search_focused(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.focus_search()
    qtbot.waitUntil(window.search_field.hasFocus, timeout=5000)


def test_down_in_the_search_box_goes_to_the_first_row_of_the_list(qtbot, opened):
    window = opened
    _shown_with_search_focused(qtbot, window)
    assert not window.list_view.selectionModel().hasSelection()
    first = window.list_model.path_at(0)
    with qtbot.waitSignal(window.article_shown, timeout=10000) as shown:
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
        assert window.list_view.hasFocus()
        assert window.list_view.currentIndex().row() == 0
        assert window.list_view.selectionModel().isRowSelected(0)
    assert shown.args == [first]  # it opens, as j on the list would


def test_page_down_in_the_search_box_goes_to_the_row_selected(qtbot, opened):
    window = opened
    third = window.list_model.path_at(2)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.list_pane.make_current(third)
    _shown_with_search_focused(qtbot, window)
    qtbot.keyClick(window.search_field, Qt.Key.Key_PageDown)
    assert window.list_view.hasFocus()
    assert window.list_pane.current_path() == third  # not the first row
    assert window.list_view.selectionModel().isRowSelected(2)
    assert window.reader.current == third


def test_down_right_after_typing_goes_to_the_results_of_what_was_typed(qtbot, opened):
    window = opened
    _shown_with_search_focused(qtbot, window)
    qtbot.keyClicks(window.search_field, "bookbinding")
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)  # before the search ran
    assert window.list_model.rowCount() >= 1
    assert window.list_pane.search is not None and window.list_pane.search.text == "bookbinding"
    assert window.list_view.hasFocus()
    assert window.list_pane.current_path() == BOOKBINDING
    qtbot.waitUntil(lambda: window.reader.current == BOOKBINDING, timeout=10000)


def test_down_with_nothing_listed_keeps_the_keyboard_in_the_search_box(qtbot, opened):
    window = opened
    _shown_with_search_focused(qtbot, window)
    qtbot.keyClicks(window.search_field, "nosuchwordanywhere")
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.list_model.rowCount() == 0
    qtbot.waitUntil(window.search_field.hasFocus, timeout=5000)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)  # nothing to go to: it stays
    assert window.search_field.hasFocus() and window.search_field.text() == "nosuchwordanywhere"


def test_home_and_end_go_to_the_first_and_the_last_article(qtbot, opened):
    # in a table they went to the row's first and last column: no move at all
    view = opened.list_view
    view.setFocus()
    view.setCurrentIndex(opened.list_model.index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == opened.list_model.rowCount() - 1
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == 0


@pytest.mark.parametrize(("key", "row"), [("End", -1), ("Home", 0), ("Return", 0)])
def test_end_home_and_enter_from_no_current_row(qtbot, opened, key, row):
    # End made the first row current (Qt's move from no row), and Enter did nothing
    window = opened
    view = opened.list_view
    model = opened.list_model
    view.setCurrentIndex(QModelIndex())
    assert not view.currentIndex().isValid()
    wanted = model.path_at(model.rowCount() - 1 if row < 0 else row)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        qtbot.keyClick(view, getattr(Qt.Key, f"Key_{key}"))
    assert view.currentIndex().row() == model.row_of(wanted)
    assert window.reader.current == wanted


def test_a_search_while_the_index_is_built_says_it_is_not_the_whole_answer(qtbot, opened):
    # "No articles match … Try fewer words." and counts that grew, read as final
    window = opened
    pane = window.list_pane
    search_for(qtbot, window, "zzqqxxnothing")
    window.show_progress("fulltext", 5, 10)
    assert "so far" in pane.empty_label.message()
    assert "still being built" in window.count_label.text()
    window.show_progress("fulltext", 10, 10)
    assert "so far" not in pane.empty_label.message()
    assert "so far" not in window.count_label.text()
