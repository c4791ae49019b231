"""The groups tree in a narrow window: the names come first, and a count is
whole or not shown (never cut to other digits)."""

from __future__ import annotations

import pytest


def _fit(qtbot, window, width: int) -> None:
    sizes = window.splitter.sizes()
    window.splitter.setSizes([width, sizes[1], sum(sizes) - width - sizes[1]])
    qtbot.waitUntil(lambda: abs(window.tree.width() - width) <= 2, timeout=5000)
    qtbot.wait(10)  # the header lays its sections out


def _check(window) -> tuple[bool, list[str]]:
    """(whether the counts are shown, the names cut while counts are shown)."""
    tree, model = window.tree, window.nav_model
    viewport = tree.viewport().width()
    shown = not tree.header().isSectionHidden(1)
    cut = []
    for row in range(model.rowCount()):
        name, count = model.index(row, 0), model.index(row, 1)
        if not shown:
            continue
        rect = tree.visualRect(count)
        # the count is whole: inside the view, as wide as its text needs
        assert rect.left() >= 0 and rect.right() < viewport, (row, rect, viewport)
        assert rect.width() >= tree.sizeHintForIndex(count).width(), (row, rect)
        needed = tree.sizeHintForIndex(name).width()
        if tree.visualRect(name).width() < needed:
            cut.append(str(model.data(name)))
    return shown, cut


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("width", [70, 110, 140])
def test_a_narrow_tree_keeps_the_names_and_never_cuts_a_count(qtbot, opened, width):
    window = opened
    window.resize(500, 500)
    window.show()
    qtbot.waitExposed(window)
    _fit(qtbot, window, width)
    shown, cut = _check(window)
    assert cut == [], (width, shown)  # counts are shown only beside whole names


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_wide_tree_shows_the_counts_beside_whole_names(qtbot, opened):
    window = opened
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    _fit(qtbot, window, 300)
    shown, cut = _check(window)
    assert shown and cut == []
    _fit(qtbot, window, 80)
    assert window.tree.header().isSectionHidden(1)  # hidden when narrow
    _fit(qtbot, window, 300)
    assert not window.tree.header().isSectionHidden(1)  # and back when wide again


@pytest.mark.parametrize("width", [784, 1350, 1904])
def test_the_first_start_tree_has_room_for_a_name_a_level_down(window, width):
    # at 800 pixels the tree had 140: "Co… (1)", "Cra… (1)" under Categories
    tree, listed, reader = window.pane_sizes(width)
    assert tree + listed + reader == width
    assert tree >= min(200, width * 3 // 10)
    assert reader >= width * 2 // 5  # the article keeps the largest pane
