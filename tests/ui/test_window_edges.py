"""The window at its edges: a narrow window keeps the article readable (the
front-matter form goes under it), the tree cuts a name but never its unread
count, a place not read keeps the start of its path, a long status message
is cut before the widgets on the right of the status bar, a missing file is
said in the window's words, and the query note is where the guide says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QStyleOptionViewItem

from reader.ui.i18n import TsTranslator, catalogue_path
from reader.ui.models import KEY_ROLE, NAME_ROLE, UNREADABLE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
BOOKBINDING = "_posts/2023-05-02-bookbinding.md"


def _open(qtbot, window, library, width: int, height: int, article: str = BOOKBINDING):
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library), article)
    return window


def _show_form(qtbot, window):
    window.editing.toggle_form(True)
    form = window.editing.form
    qtbot.waitUntil(lambda: form.isVisible() and form.rel == BOOKBINDING, timeout=10000)
    return form


def _in_reader(widget, reader) -> QRect:
    return QRect(widget.mapTo(reader, widget.rect().topLeft()), widget.size())


# -- the reader pane in a narrow window -------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(640, 560), (800, 600)])
def test_a_narrow_window_puts_the_form_under_a_readable_article(
    qtbot, window, library_copy, width, height
):
    _open(qtbot, window, library_copy, width, height)
    form = _show_form(qtbot, window)
    reader = window.reader
    qtbot.waitUntil(reader.panels_stacked, timeout=5000)
    qtbot.waitUntil(lambda: form.width() > 0 and reader.browser.height() > 0, timeout=5000)
    assert window.width() == width  # the panes' minimums do not hold the window wider
    article = _in_reader(reader.browser, reader)
    below = _in_reader(form, reader)
    assert article.width() >= reader.article_minimum()
    assert below.top() >= article.bottom()  # the form is under the article
    assert article.height() >= below.height()  # and takes at most half the height
    assert form.width() >= form.minimumWidth()  # and its fields keep their width
    assert window.minimumSizeHint().width() <= 640


def test_a_wide_window_keeps_the_form_beside_the_article(qtbot, window, library_copy):
    _open(qtbot, window, library_copy, 1366, 768)
    form = _show_form(qtbot, window)
    reader = window.reader
    qtbot.waitUntil(lambda: form.width() > 0, timeout=5000)
    assert not reader.panels_stacked()
    article = _in_reader(reader.browser, reader)
    beside = _in_reader(form, reader)
    assert beside.left() > article.right()
    assert article.width() >= reader.article_minimum()


def test_narrowing_the_window_moves_the_form_under_the_article_and_back(
    qtbot, window, library_copy
):
    _open(qtbot, window, library_copy, 1366, 768)
    form = _show_form(qtbot, window)
    reader = window.reader
    window.resize(700, 600)
    qtbot.waitUntil(reader.panels_stacked, timeout=5000)
    assert window.width() == 700
    qtbot.waitUntil(lambda: reader.browser.width() >= reader.article_minimum(), timeout=5000)
    window.resize(1920, 1080)
    window.splitter.setSizes([300, 400, 1200])
    qtbot.waitUntil(lambda: not reader.panels_stacked(), timeout=5000)
    assert _in_reader(form, reader).left() > _in_reader(reader.browser, reader).right()


def test_a_wider_window_widens_the_article_and_the_form_keeps_its_width(
    qtbot, window, library_copy
):
    # (a window opened again in a new language is laid out after its sizes
    # are restored: the form came back 90-270 px wider)
    _open(qtbot, window, library_copy, 1366, 768)
    form = _show_form(qtbot, window)
    reader = window.reader
    qtbot.waitUntil(lambda: form.width() > 0, timeout=5000)
    assert not reader.panels_stacked()
    article, panel = reader.splitter.sizes()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: reader.splitter.sizes()[0] > article + 200, timeout=5000)
    assert reader.splitter.sizes()[1] == panel
    window.resize(1500, 900)
    qtbot.waitUntil(lambda: reader.splitter.sizes()[0] < article + 200, timeout=5000)
    assert reader.splitter.sizes()[1] == panel


def test_the_form_comes_back_at_its_width_after_a_narrow_window(qtbot, window, library_copy):
    # (window attack) narrowed until the form went under the article, then
    # wide again: the form came back 60-80 px narrower (the sizes a
    # narrowing window had squeezed)
    _open(qtbot, window, library_copy, 1366, 768)
    form = _show_form(qtbot, window)
    reader = window.reader
    qtbot.waitUntil(lambda: form.width() > 0, timeout=5000)
    width = reader.splitter.sizes()[1]
    for narrower in (1100, 900, 700):  # (squeezed on the way, then under the article)
        window.resize(narrower, 600)
        qtbot.wait(20)
    qtbot.waitUntil(reader.panels_stacked, timeout=5000)
    window.resize(1920, 1080)
    window.splitter.setSizes([300, 400, 1200])
    qtbot.waitUntil(lambda: not reader.panels_stacked(), timeout=5000)
    assert reader.splitter.sizes()[1] == width


def test_a_new_window_shows_the_form_at_the_width_the_user_gave_it(
    qtbot, settings, cache_dir, library_copy
):
    # (window attack) the window opened again in a new language showed the
    # form at 380 px, not the 517 the user had dragged it to
    from reader.ui.main_window import MainWindow

    settings.set("side_panel_width", 517)
    win = MainWindow(settings, cache_dir=cache_dir)
    qtbot.addWidget(win)
    try:
        _open(qtbot, win, library_copy, 1920, 1080)
        form = _show_form(qtbot, win)
        qtbot.waitUntil(lambda: form.width() > 0, timeout=5000)
        assert win.reader.splitter.sizes()[1] == 517
        win.save_state()
        assert settings.get("side_panel_width") == 517
    finally:
        win.session.close()


# -- the tree: the name is cut, its unread count never -----------------------------------


def _option(tree, index: QModelIndex) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    option.rect = tree.visualRect(index)
    return option


def _painted(tree, index: QModelIndex) -> tuple[str, float, int]:
    """(the text painted, its width, the width of the item's rectangle)."""
    delegate = tree.itemDelegateForIndex(index)
    option = _option(tree, index)
    text = delegate.shown_text(option, index)
    font = tree.model().data(index, Qt.ItemDataRole.FontRole) or tree.font()  # bold names
    return text, QFontMetricsF(font).horizontalAdvance(text), option.rect.width()


def _children(model, parent: QModelIndex) -> list[QModelIndex]:
    return [model.index(row, 0, parent) for row in range(model.rowCount(parent))]


def test_a_narrow_tree_cuts_the_name_and_keeps_the_unread_count(qtbot, window, library_copy):
    _open(qtbot, window, library_copy, 1000, 700)
    tree, model = window.tree, window.nav_model
    categories = model.find(("categories",))
    tree.expand(categories)
    travel = next(i for i in _children(model, categories) if model.data(i, NAME_ROLE) == "旅行")
    key = model.data(travel, KEY_ROLE)
    technology = model.find(("category", "Technology"))
    model.set_unread_counts({key: 3, ("category", "Technology"): 12})
    assert model.data(travel) == "旅行 (3)"
    sizes = window.splitter.sizes()
    cut = []
    for width in (150, 120, 90, 70):
        window.splitter.setSizes([width, sizes[1], sum(sizes) - width - sizes[1]])
        qtbot.waitUntil(lambda w=width: abs(tree.width() - w) <= 2, timeout=5000)
        for index, name, count in ((travel, "旅行", "(3)"), (technology, "Technology", "(12)")):
            text, advance, room = _painted(tree, index)
            assert advance <= room, (width, text)  # nothing else cuts it
            shown = text.removesuffix(count).rstrip()
            if "(" in text:
                assert text.endswith(" " + count), (width, text)  # the count is whole
                assert shown.rstrip("…"), (width, text)  # beside some of the name
            else:
                assert width < 120, text  # or not shown, where the name has no room
            if shown != name:  # the name is cut at its end: its start stays
                assert shown.endswith("…") and name.startswith(shown[:-1]), (width, text)
                cut.append(text)
    assert any(t.endswith("… (12)") for t in cut), cut  # a name was cut, its count kept


def test_a_right_to_left_name_keeps_its_unread_count_after_it(qtbot, window, library_copy):
    # "בדיקה Notes 2024 חיפוש (1)" was painted with its "(1)" between the words
    from tests.core.libhelpers import article, write

    name = "בדיקה Notes 2024 חיפוש"
    write(library_copy, "rtl/one.md", article("One", categories=[name]))
    _open(qtbot, window, library_copy, 1000, 700)
    tree, model = window.tree, window.nav_model
    index = model.find(("category", name))
    tree.expand(model.find(("categories",)))
    model.set_unread_counts({("category", name): 1})
    assert model.data(index) == f"{name} (1)"  # (the model's text as ever)
    text, advance, room = _painted(tree, index)
    assert text == f"\u2068{name}\u2069 (1)" and advance <= room
    sizes = window.splitter.sizes()
    window.splitter.setSizes([110, sizes[1], sum(sizes) - 110 - sizes[1]])
    qtbot.waitUntil(lambda: abs(tree.width() - 110) <= 2, timeout=5000)
    text, advance, room = _painted(tree, index)
    assert text.startswith("\u2068") and text.endswith("…\u2069 (1)") and advance <= room
    latin = model.find(("category", "Technology"))
    model.set_unread_counts({("category", "Technology"): 12})
    assert "\u2068" not in _painted(tree, latin)[0]  # (left to right: as before)


def test_a_place_not_read_keeps_the_start_of_its_path(qtbot, window, library_copy):
    folder = library_copy / "a-very-long-folder-name-with-articles" / "and-a-subfolder"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "a-named-pipe-that-looks-like-an-article.md")  # never read, as root too
    _open(qtbot, window, library_copy, 1000, 700)
    qtbot.waitUntil(window.problems_button.isVisible, timeout=20000)
    window.show_problems()
    tree, model = window.tree, window.nav_model
    problems = model.find(("problems",))
    (place,) = _children(model, problems)
    assert model.data(place, KEY_ROLE)[0] == UNREADABLE
    full = model.data(place)
    assert full.startswith("a-very-long-folder-name-with-articles/and-a-subfolder/")
    assert tree.isFirstColumnSpanned(0, problems)  # no count beside it: the row is its own
    text, advance, room = _painted(tree, place)
    assert text != full and text.endswith("…"), text  # cut at its end, not in its middle
    assert full.startswith(text[:-1]) and text.startswith("a-very-long-folder")
    assert advance <= room
    assert model.data(place, Qt.ItemDataRole.ToolTipRole) == full  # the whole path and why


# -- the status bar ----------------------------------------------------------------------


def test_a_long_status_message_is_cut_before_the_widgets_on_the_right(qtbot, window, library_copy):
    _open(qtbot, window, library_copy, 900, 600)
    bar = window.statusBar()
    window.warning_label.setText("⚠ Temporary index: not kept")
    window.warning_label.show()
    long = "Something happened to " + "/a/long/path" * 20 + "/name.md, and then more"
    window.show_status(long, 60000)
    qtbot.waitUntil(lambda: window.warning_label.isVisible(), timeout=5000)
    assert bar.currentMessage() == long  # what was said stays whole
    shown = bar.shown_message()
    assert shown.endswith("…") and long.startswith(shown[:-1])
    room = bar.message_rect()
    assert bar.fontMetrics().horizontalAdvance(shown) <= room.width()
    for widget in (window.warning_label, window.count_label):
        assert room.right() < widget.geometry().left(), widget  # never under them
    assert bar.toolTip() == long
    window.show_status("Saved", 60000)
    assert bar.shown_message() == "Saved"
    assert bar.toolTip() == ""  # nothing cut: nothing to show in full
    bar.grab()  # the message is painted (the paint runs through the cut text)


# -- the reader's message when the file is missing ---------------------------------------


def test_a_missing_file_is_said_in_the_windows_words(qtbot, window, library_copy):
    _open(qtbot, window, library_copy, 1200, 700)
    window.watcher.clear()  # not noticed: the list then shows it still
    gone = library_copy / "_posts" / "reading-offline.markdown"
    gone.unlink()
    window.show_article("_posts/reading-offline.markdown")
    qtbot.waitUntil(lambda: window.reader.current is None and bool(window.reader.message))
    lines = window.reader.message.splitlines()
    assert lines[0] == f"This article's file is missing: {gone}"
    assert lines[1] == "It may have been moved, renamed or deleted."
    assert "no such file" not in window.reader.message


def test_a_list_filled_later_keeps_the_missing_files_message(qtbot, window, library_copy):
    """The list filled after the failure (a refresh that found the file gone)
    does not cover it with "choose an article"; choosing another group does."""
    window.resize(1200, 700)
    window.show()
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.open_library(str(library_copy))  # no article chosen
    assert window.current_article() is None
    window.watcher.clear()
    gone = library_copy / "_posts" / "reading-offline.markdown"
    gone.unlink()
    window.show_article("_posts/reading-offline.markdown")
    qtbot.waitUntil(lambda: window.reader.message.startswith("This article's file is missing"))
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.reload_list()
    assert window.reader.current is None
    assert window.reader.message.startswith("This article's file is missing")
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.tree.setCurrentIndex(window.nav_model.find(("tags",)))
    assert window.reader.message == "Choose an article from the list to read it."


def test_the_missing_file_back_is_shown_again(qtbot, window, library_copy):
    """Deleted while shown (the watcher sees it), then put back by a sync
    tool: the reader shows the article again, not its old "missing"."""
    rel = "_posts/reading-offline.markdown"
    _open(qtbot, window, library_copy, 1200, 700, rel)
    path = library_copy / rel
    data = path.read_bytes()
    path.unlink()
    qtbot.waitUntil(
        lambda: window.reader.message.startswith("This article's file is missing"), timeout=20000
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        path.write_bytes(data)
    assert shown.args == [rel] and window.reader.current == rel
    assert window.current_article() == rel


def test_another_error_keeps_its_text_after_a_sentence(qtbot, window, library_copy):
    _open(qtbot, window, library_copy, 1200, 700)
    (library_copy / "folder.md").mkdir()
    window.show_article("folder.md")
    qtbot.waitUntil(lambda: window.reader.current is None and bool(window.reader.message))
    first, *rest = window.reader.message.splitlines()
    assert first == "This article cannot be shown:"
    assert rest == [f"{library_copy / 'folder.md'}: is a folder, not an article"]


def test_the_messages_are_translated():
    translator = TsTranslator(catalogue_path("zh_CN"))
    for source in (
        "This article's file is missing: %1",
        "It may have been moved, renamed or deleted.",
        "This article cannot be shown:",
    ):
        assert translator.translate("MainWindow", source), source


# -- the query note, where the guide says it is ------------------------------------------


def test_the_query_note_is_where_the_guide_says(qtbot, window, library_copy):
    _open(qtbot, window, library_copy, 1200, 700)
    window.search_field.setText("( notebook")
    feedback = window.query_feedback
    qtbot.waitUntil(lambda: bool(feedback.note_text), timeout=5000)
    label, field = feedback.label, window.search_field
    pane = window.list_pane
    assert label.isVisible()
    assert (
        label.mapTo(pane, label.rect().topLeft()).y()
        >= field.mapTo(pane, field.rect().bottomLeft()).y()
    )
    assert (
        label.mapTo(pane, label.rect().bottomLeft()).y()
        <= window.list_view.mapTo(pane, window.list_view.rect().topLeft()).y()
    )
    guide = (ROOT / "docs" / "query.md").read_text(encoding="utf-8")
    assert "under the search box" in guide and "above the search box" not in guide
    assert "shown under the\nsearch box" in guide
