"""The find bar from the keyboard: Shift+Enter finds the previous match (it
found the next one and then the previous, so it stayed), and the count of
one article is not said over another (it stayed "3 of 8")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def apples(qtbot, window, library_copy):
    for name, title, text in (
        ("apples.md", "Fruit", "Apple one, apple two, and APPLE three."),
        ("pears.md", "Other fruit", "Pears."),
    ):
        (library_copy / name).write_text(
            f"---\ntitle: {title}\ndate: 2024-03-03\n---\n\n{text}\n", encoding="utf-8"
        )
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "apples.md")
    window.activateWindow()
    bar = window.reader.find_bar
    bar.open()
    qtbot.waitUntil(bar.field.hasFocus, timeout=5000)
    qtbot.keyClicks(bar.field, "apple")
    assert bar.status.text() == "1 of 3"
    return window


def test_shift_enter_finds_the_previous_match(qtbot, apples):
    field = apples.reader.find_bar.field
    status = apples.reader.find_bar.status
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert status.text() == "3 of 3"
    qtbot.keyClick(field, Qt.Key.Key_Return, SHIFT)
    assert status.text() == "2 of 3"
    qtbot.keyClick(field, Qt.Key.Key_Enter, SHIFT | Qt.KeyboardModifier.KeypadModifier)
    assert status.text() == "1 of 3"
    qtbot.keyClick(field, Qt.Key.Key_Return, SHIFT)  # wraps to the last
    assert status.text() == "3 of 3"


def test_another_article_is_not_given_the_count_of_the_one_before(qtbot, apples):
    bar = apples.reader.find_bar
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 3"
    with qtbot.waitSignal(apples.article_shown, timeout=10000):
        apples.show_article("pears.md")
    assert bar.isVisible() and bar.field.text() == "apple"
    assert bar.status.text() == ""
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "Not found"
    with qtbot.waitSignal(apples.article_shown, timeout=10000):
        apples.show_article("apples.md")
    assert bar.status.text() == ""
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "1 of 3"


def test_the_find_bar_goes_to_the_window_opened_in_a_new_language(qtbot, apples, chinese):
    bar = apples.reader.find_bar
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 3"
    successor = apples.change_language()
    assert successor is not None
    qtbot.addWidget(successor)
    try:
        new_bar = successor.reader.find_bar
        assert new_bar.isVisible() and new_bar.field.text() == "apple"
        assert successor.focusWidget() is new_bar.field  # to go on typing
        qtbot.waitUntil(lambda: successor.reader.current == "apples.md", timeout=20000)
        assert new_bar.match_position() == (2, 3)  # the same match, counted
        assert new_bar.status.text() != ""
        qtbot.keyClick(new_bar.field, Qt.Key.Key_Return)
        assert new_bar.match_position() == (3, 3)
    finally:
        successor.session.close()


def test_a_closed_find_bar_keeps_its_text_in_the_new_window(qtbot, apples, chinese):
    bar = apples.reader.find_bar
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isHidden()
    successor = apples.change_language()
    assert successor is not None
    qtbot.addWidget(successor)
    try:
        new_bar = successor.reader.find_bar
        assert new_bar.isHidden() and new_bar.field.text() == "apple"
        qtbot.waitUntil(lambda: successor.reader.current == "apples.md", timeout=20000)
        assert successor.focusWidget() is not new_bar.field
    finally:
        successor.session.close()


def test_the_match_stays_selected_when_the_article_is_shown_again(qtbot, apples):
    bar = apples.reader.find_bar
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 3"
    with qtbot.waitSignal(apples.article_shown, timeout=10000):
        apples.zoom(1)  # shown again, larger
    assert bar.status.text() == "2 of 3"
    assert apples.reader.browser.textCursor().selectedText().casefold() == "apple"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "3 of 3"


def test_find_next_with_the_bar_closed_opens_it_to_say_the_count(qtbot, apples):
    bar = apples.reader.find_bar
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isHidden() and apples.reader.browser.hasFocus()
    find_next = next(a for a in apples.actions() if a.objectName() == "findNext")
    find_next.trigger()
    assert bar.isVisible() and bar.status.text() == "2 of 3"
    assert apples.reader.browser.hasFocus()  # still reading
    bar.hide_bar()
    bar.field.clear()
    find_next.trigger()  # nothing to find yet: the bar, to type it
    assert bar.isVisible()
    qtbot.waitUntil(bar.field.hasFocus, timeout=5000)


def test_with_no_article_shown_the_find_bar_finds_nothing_and_says_so(qtbot, window, library_copy):
    (library_copy / "apples.md").write_text(
        "---\ntitle: Fruit\ndate: 2024-03-03\n---\n\nAn article about apples.\n",
        encoding="utf-8",
    )
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.open_library(str(library_copy))
    reader = window.reader
    qtbot.waitUntil(lambda: "article" in reader.message, timeout=10000)  # "Choose an article…"
    assert reader.current is None
    bar = reader.find_bar
    bar.open()
    assert bar.status.text() == "No article to search"
    qtbot.waitUntil(bar.field.hasFocus, timeout=5000)
    qtbot.keyClicks(bar.field, "article")  # in the message shown instead of one
    assert bar.status.text() == "No article to search"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "No article to search"
    assert not bar.find_next() and not bar.find_previous()
    assert not reader.browser.textCursor().hasSelection()
    assert bar.match_position() == (0, 0) and bar.selected_match() == 0
    assert bar.state().match == 0
    # an article shown: it is searched
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("apples.md")
    assert bar.status.text() == ""
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "1 of 1"
    assert reader.browser.textCursor().selectedText() == "article"
    # and a message in its place again (another library opening): nothing
    reader.show_message("Choose an article from the list to read it.")
    assert bar.status.text() == ""
    assert not bar.find_next() and bar.status.text() == "No article to search"
    assert not reader.browser.textCursor().hasSelection()


def test_find_in_the_article_finds_letters_in_either_width(qtbot, window, library_copy):
    # the library's search found ＧＤＰ for GDP; Find in Article said "Not found"
    (library_copy / "wide.md").write_text(
        "---\ntitle: Wide\ndate: 2024-03-03\n---\n\n今年ＧＤＰ增长，gdp 也是 GDP。a.b (x)\n",
        encoding="utf-8",
    )
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "wide.md")
    bar = window.reader.find_bar
    bar.open()
    qtbot.keyClicks(bar.field, "GDP")
    assert bar.status.text() == "1 of 3"
    assert window.reader.browser.textCursor().selectedText() == "ＧＤＰ"
    bar.field.setText("ｇｄｐ")  # (typed with an input method)
    assert bar.match_position()[1] == 3
    bar.field.setText("")
    qtbot.keyClicks(bar.field, "a.b (x)")  # (its punctuation is no pattern)
    assert bar.status.text() == "1 of 1"


def test_matches_after_characters_beyond_the_basic_plane_are_counted_in_place(qtbot, apples):
    # the count reads the text once (a search per match held the window for
    # seconds in a long article); emoji are two of the document's positions
    window = apples
    path = window.library.root / "emoji.md"
    path.write_text(
        "---\ntitle: E\n---\n\n😀 apple 😀😀 apple 𠀀 apple\n\n" + "pear " * 20 + "apple\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.show_article("emoji.md")
    bar = window.reader.find_bar
    bar.search(from_start=True)
    assert bar.match_position() == (1, 4)
    for expected in (2, 3, 4, 1):
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
        assert bar.match_position() == (expected, 4)


def test_a_search_starts_where_the_reader_is_scrolled_to(qtbot, window, library_copy):
    # scrolled to the end, the search went to the first match, at the top
    paragraphs = "\n\n".join(
        ("Needle here. " if n in (0, 97) else "") + f"Paragraph {n} of filler words." * 3
        for n in range(100)
    )
    (library_copy / "long.md").write_text(
        f"---\ntitle: Long\ndate: 2024-03-03\n---\n\n{paragraphs}\n", encoding="utf-8"
    )
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "long.md")
    browser = window.reader.browser
    bar = browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())
    find = window.reader.find_bar
    find.open()
    qtbot.keyClicks(find.field, "needle")
    assert find.status.text() == "2 of 2"
    assert bar.value() > bar.maximum() // 2  # (still down there)
    qtbot.keyClick(find.field, Qt.Key.Key_Return)  # on from the match: wraps to the first
    assert find.status.text() == "1 of 2"
