"""The form at its edges: a long key's name gives way (cut in its middle,
whole in its tooltip) instead of pushing every field out of the right of a
narrow form, where they could not be seen or reached; the question about
unsaved edits is asked once, whatever happens while it is open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from reader.ui.form import dialogs
from tests.ui.formhelpers import RIVER, open_form

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

LONG_KEY = "search_engine_description_en"
LONG = "_posts/long-key.md"


@pytest.fixture
def long_key(library_copy):
    (library_copy / LONG).write_text(
        f"---\ntitle: Long\ndate: 2021-05-01 09:00:00\n{LONG_KEY}: A page about a key\n---\n\nB.\n",
        encoding="utf-8",
    )


def _inside(form, widget) -> bool:
    """``widget`` ends left of the right edges of the fields' viewport and of
    the form (the scroll area once stood out of the form, cut off by it)."""
    viewport = form.fields_scroll.viewport()
    right = widget.rect().topRight()
    return (
        widget.mapTo(viewport, right).x() < viewport.width()
        and widget.mapTo(form, right).x() < form.width()
    )


def test_a_long_key_leaves_the_fields_in_a_narrow_form(qtbot, window, library_copy, long_key):
    window.resize(700, 600)  # the reader narrow: the form under the article
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), LONG)
    form = open_form(qtbot, window, LONG)
    qtbot.waitUntil(window.reader.panels_stacked, timeout=5000)
    assert window.width() == 700  # not made wider by the name
    assert form.fields_scroll.horizontalScrollBar().maximum() == 0
    scroll = form.fields_scroll
    assert scroll.mapTo(form, scroll.rect().topRight()).x() < form.width()
    for key in ("title", "date", LONG_KEY):
        remove = form.fields_scroll.widget().findChild(QToolButton, f"remove-{key}")
        assert _inside(form, remove), key
    date = form.editors["date"].text
    assert _inside(form, date)
    assert date.width() > date.fontMetrics().horizontalAdvance("2021-05-01 09:00:00")
    label = form.labels[LONG_KEY]
    assert label.text() == LONG_KEY  # cut only where it is drawn
    assert label.width() < label.fontMetrics().horizontalAdvance(LONG_KEY)
    assert label.toolTip() == LONG_KEY
    form.editors[LONG_KEY].line.setText("Changed")
    form.editors[LONG_KEY].line.textEdited.emit("Changed")
    assert label.text() == f"● {LONG_KEY}" and label.toolTip() == f"{LONG_KEY}\nChanged"
    assert form.labels["title"].toolTip() == ""  # a short name is never cut


@pytest.mark.parametrize("answer", [dialogs.CANCEL, dialogs.DISCARD])
def test_the_list_filled_again_under_the_unsaved_edits_question_asks_no_second_time(
    qtbot, opened, monkeypatch, answer
):
    """Another row chosen with edits not saved: while the question is open,
    the list is filled again (a file changed on disk) and chose that row
    again, which asked a second time over the first question."""
    window = opened
    form = open_form(qtbot, window, RIVER)
    form.editors["title"].line.setText("Changed")
    form.editors["title"].line.textEdited.emit("Changed")
    other = next(path for path in window.list_model.paths() if path != RIVER)
    asked = []

    def ask(parent, name):
        asked.append(name)
        if len(asked) == 1:  # the list fills again while the question is open
            with qtbot.waitSignal(window.list_filled, timeout=20000):
                window.reload_list()
        return answer

    monkeypatch.setattr(dialogs, "ask_unsaved", ask)
    window.list_pane.make_current(other)
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    shown = RIVER if answer == dialogs.CANCEL else other
    qtbot.waitUntil(lambda: window.reader.current == shown, timeout=10000)
    qtbot.wait(200)  # (the list's delayed open, had it been asked again)
    assert asked == [RIVER]
    assert window.reader.current == shown and window.list_pane.current_path() == shown
    if answer == dialogs.CANCEL:
        assert form.rel == RIVER and form.edit.diff.value("title") == "Changed"
    else:
        assert form.rel == other and not form.is_modified()


def test_a_switch_cancelled_from_an_article_not_listed_is_not_asked_again(
    qtbot, opened, monkeypatch
):
    """The article with unsaved edits is not in the list (a search that does
    not find it): another row chosen, the question answered Cancel.  The
    row stayed the list's current one, so the next filling of the list (a
    file changed on disk, the search's next page) took it for the article
    to show and asked again, unprompted."""
    window = opened
    form = open_form(qtbot, window, RIVER)
    form.editors["title"].line.setText("Changed")
    form.editors["title"].line.textEdited.emit("Changed")
    asked = []
    monkeypatch.setattr(
        dialogs, "ask_unsaved", lambda _p, name: asked.append(name) or dialogs.CANCEL
    )
    window.search_field.setFocus()
    window.search_field.setText("bookbinding")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)  # searched now
    # (the search's own rows: a filling of the list before them, the
    # search's first and empty one, ended a wait for list_filled, and the
    # test read an empty list once in a CI run)
    qtbot.waitUntil(
        lambda: window.list_model.rowCount() >= 1 and RIVER not in window.list_model.paths(),
        timeout=20000,
    )
    window.list_pane.make_current(window.list_model.path_at(0))
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert window.reader.current == RIVER
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.reload_list()
    qtbot.wait(200)  # (the list's delayed open, had it been asked again)
    assert asked == [RIVER]
    assert window.reader.current == RIVER and form.edit.diff.value("title") == "Changed"
    assert window.list_pane.current_path() is None  # no row stands for the article shown


# -- a YAML value's box is as tall as its lines ----------------------------------------


def _yaml_box(qtbot, text: str):
    from reader.ui.form.editors import YamlEditor

    editor = YamlEditor("value")
    qtbot.addWidget(editor)
    editor.resize(300, 400)
    editor.show()
    qtbot.waitExposed(editor)
    editor.text.setPlainText(text)
    return editor


def _lines_fit(box) -> bool:
    return box.verticalScrollBar().maximum() == 0


def test_a_number_gets_a_box_of_one_line(qtbot):
    editor = _yaml_box(qtbot, "3")
    box = editor.text
    line = box.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: _lines_fit(box), timeout=5000)
    assert box.height() < 2 * line + 2 * box.document().documentMargin() + 2 * box.frameWidth()


def test_the_box_grows_with_the_lines_typed_up_to_seven(qtbot):
    editor = _yaml_box(qtbot, "a: 1\nb:\n- x\n- y")
    box = editor.text
    qtbot.waitUntil(lambda: _lines_fit(box), timeout=5000)
    four = box.height()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, "- z")
    qtbot.waitUntil(lambda: box.height() > four, timeout=5000)
    assert _lines_fit(box)
    box.setPlainText("\n".join(f"- {n}" for n in range(30)))
    qtbot.waitUntil(lambda: not _lines_fit(box), timeout=5000)  # (more scroll)
    assert box.height() < 8 * box.fontMetrics().lineSpacing() + 20


def test_a_long_line_wrapped_is_shown_whole(qtbot):
    editor = _yaml_box(qtbot, "word " * 40)
    box = editor.text
    qtbot.waitUntil(lambda: _lines_fit(box), timeout=5000)
    assert box.height() > 2 * box.fontMetrics().lineSpacing()


def test_lines_of_cjk_text_fit_their_box_too(qtbot):
    # (window attack) a CJK line is taller than the font's line spacing,
    # which was taken for every line: the box scrolled its first line away
    editor = _yaml_box(qtbot, "a: 中文\nb: 标签\nc: 分类\nd: 作者")
    box = editor.text
    qtbot.waitUntil(lambda: _lines_fit(box), timeout=5000)
    editor.text.setPlainText("\n".join(f"- 第{n}行" for n in range(7)))
    qtbot.waitUntil(lambda: _lines_fit(box), timeout=5000)
