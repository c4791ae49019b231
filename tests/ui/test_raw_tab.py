"""The Raw tab through the real widgets: keys typed into the QPlainTextEdit,
saved with the window's Save action, and the file compared byte for byte."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

# The window is shown so that the keys go to a focused editor, as they do for a person.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SEED_YAML = [
    "title: 夜航船上的一小时",
    "categories:",
    "  - [旅行, 港口]",
    "  - [摄影, 夜景]",
    "author: 周明远",
    "date: Fri, 16 Apr 2021 15:21:00 GMT",
    "headimg: https://pics.example.net/ferry/cover.jpg",
    "thumbnail: https://pics.example.net/ferry/thumb.jpg",
    "comments: true",
]
SEED_TOML = [
    'title = "夜航船上的一小时"',
    'categories = [["旅行", "港口"], ["摄影", "夜景"]]',
    'author = "周明远"',
    'date = "Fri, 16 Apr 2021 15:21:00 GMT"',
    "comments = true",
]
BODY = ["<h2>出港</h2>", "<p>码头的灯一盏盏亮起来。</p>"]


def seed_bytes(
    front: list[str], delimiter: str = "---", newline: str = "\n", bom: bool = False
) -> bytes:
    """A seed-shaped article: a blank line, the front matter, an HTML body."""
    lines = ["", delimiter, *front, delimiter, *BODY]
    return (b"\xef\xbb\xbf" if bom else b"") + (newline.join(lines) + newline).encode()


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "LIB"
    (root / "_posts").mkdir(parents=True)
    (root / "_posts" / "seed.md").write_bytes(seed_bytes(SEED_YAML))
    (root / "_posts" / "seed-toml.md").write_bytes(seed_bytes(SEED_TOML, "+++", "\r\n", bom=True))
    return root


@pytest.fixture
def lib_window(qtbot, window, library):
    with qtbot.waitSignal(
        window.session.progress,
        timeout=20000,
        check_params_cb=lambda what, done, total: what == "fulltext" and done == total,
    ):
        window.open_library(str(library))
    qtbot.waitUntil(lambda: window.list_model.rowCount() > 0, timeout=10000)
    return window


def _raw_tab(qtbot, window, rel):
    """Open ``rel``, Ctrl+E, the Raw tab, the keyboard in the text."""
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    window.editing.toggle_form(True)
    form = window.editing.form
    assert form.rel == rel
    form.tabs.setCurrentIndex(1)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    form.raw.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.raw, timeout=5000)
    return form


def _save(window) -> None:
    assert window.editing.save_action.isEnabled()
    window.editing.save_action.trigger()


@pytest.mark.parametrize(
    ("rel", "front", "line", "delimiter", "newline", "bom"),
    [
        ("_posts/seed.md", SEED_YAML, "draft: true", "---", "\n", False),
        ("_posts/seed-toml.md", SEED_TOML, "draft = true", "+++", "\r\n", True),
    ],
)
def test_a_key_typed_at_the_very_end_saves_exactly_that_line(
    qtbot, lib_window, library, rel, front, line, delimiter, newline, bom
):
    form = _raw_tab(qtbot, lib_window, rel)
    QTest.keyClick(form.raw, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.raw, line)
    assert form.raw_error.isHidden()
    _save(lib_window)
    saved = (library / rel).read_bytes()
    assert saved == seed_bytes([*front, line], delimiter, newline, bom)
    assert not form.is_modified()


def test_typing_then_undoing_it_saves_nothing(qtbot, lib_window, library):
    path = library / "_posts" / "seed.md"
    before, stat = path.read_bytes(), path.stat()
    form = _raw_tab(qtbot, lib_window, "_posts/seed.md")
    QTest.keyClick(form.raw, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.raw, "draft: true")
    assert form.is_modified()
    while form.raw.document().isUndoAvailable() or form.undo_stack.canUndo():
        QTest.keyClick(form.raw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        if not form.is_modified():
            break
    assert not form.is_modified()
    assert "draft" not in form.raw_text()
    lib_window.editing.save_action.trigger()  # nothing to save
    assert lib_window.editing.save()
    assert path.read_bytes() == before
    after = path.stat()
    assert (after.st_mtime_ns, after.st_ino) == (stat.st_mtime_ns, stat.st_ino)  # not rewritten


def test_typing_at_the_start_of_the_text(qtbot, lib_window, library):
    form = _raw_tab(qtbot, lib_window, "_posts/seed.md")
    QTest.keyClick(form.raw, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.raw, "layout: post")
    QTest.keyClick(form.raw, Qt.Key.Key_Return)
    _save(lib_window)
    assert (library / "_posts" / "seed.md").read_bytes() == seed_bytes(["layout: post", *SEED_YAML])


def test_an_emptied_text_keeps_the_delimiters_and_the_body(qtbot, lib_window, library):
    form = _raw_tab(qtbot, lib_window, "_posts/seed-toml.md")
    QTest.keyClick(form.raw, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(form.raw, Qt.Key.Key_Delete)
    assert form.raw_text() == ""
    _save(lib_window)
    assert (library / "_posts" / "seed-toml.md").read_bytes() == seed_bytes(
        [], "+++", "\r\n", bom=True
    )


def test_deleting_the_line_break_before_the_closing_delimiter_changes_nothing(
    qtbot, lib_window, library
):
    path = library / "_posts" / "seed.md"
    before = path.read_bytes()
    form = _raw_tab(qtbot, lib_window, "_posts/seed.md")
    QTest.keyClick(form.raw, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(form.raw, Qt.Key.Key_Backspace)
    assert form.raw_text().endswith("comments: true")
    assert not form.is_modified() and form.raw_error.isHidden()
    assert lib_window.editing.save()
    assert path.read_bytes() == before


def test_a_closing_delimiter_typed_into_the_text_is_refused_with_its_line(
    qtbot, lib_window, library
):
    path = library / "_posts" / "seed.md"
    before = path.read_bytes()
    form = _raw_tab(qtbot, lib_window, "_posts/seed.md")
    QTest.keyClick(form.raw, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(form.raw, Qt.Key.Key_Down)
    qtbot.keyClicks(form.raw, "---")
    QTest.keyClick(form.raw, Qt.Key.Key_Return)
    assert not form.raw_error.isHidden()
    assert "would end the front matter" in form.raw_error.text()
    assert form.error_line() == 2
    assert not lib_window.editing.save()
    assert path.read_bytes() == before
    QTest.keyClick(form.raw, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(form.raw, Qt.Key.Key_Down)
    for _ in range(4):  # take it out again: savable, and nothing to write
        QTest.keyClick(form.raw, Qt.Key.Key_Delete)
    assert form.raw_error.isHidden() and not form.is_modified()


def test_no_break_spaces_survive_a_raw_edit(qtbot, lib_window, library):
    path = library / "_posts" / "nbsp.md"
    front = ["title: 'A\u00a0title with a no-break space'", "note: 'x\u2028y'"]
    path.write_bytes(seed_bytes(front))
    lib_window.session.update_paths([str(path)])
    form = _raw_tab(qtbot, lib_window, "_posts/nbsp.md")
    QTest.keyClick(form.raw, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.raw, "draft: true")
    _save(lib_window)
    assert path.read_bytes() == seed_bytes([*front, "draft: true"])


def test_text_the_editor_cannot_hold_is_read_only(qtbot, lib_window, library):
    from reader.core.article.codec import load_article

    path = library / "_posts" / "separator.md"
    path.write_bytes(seed_bytes(['title: "one\u2029two"']))
    lib_window.session.update_paths([str(path)])
    form = _raw_tab(qtbot, lib_window, "_posts/separator.md")
    assert form.raw.isReadOnly() and not form.raw_note.isHidden()
    qtbot.keyClicks(form.raw, "x")
    assert not form.is_modified()
    form.load("_posts/seed.md", load_article(library / "_posts" / "seed.md"))
    assert not form.raw.isReadOnly() and form.raw_note.isHidden()


def test_the_source_editor_keeps_no_break_spaces(qtbot, lib_window, library):
    path = library / "_posts" / "nbsp-body.md"
    path.write_bytes(b"---\ntitle: x\n---\n<p>a\xc2\xa0b</p>\n")
    lib_window.session.update_paths([str(path)])
    with qtbot.waitSignal(lib_window.article_shown, timeout=10000):
        lib_window.show_article("_posts/nbsp-body.md")
    lib_window.editing.edit_source()
    editor = lib_window.editing.source_editor
    QTest.keyClick(editor.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.editor, "<p>c</p>")
    assert editor.check()
    with qtbot.waitSignal(editor.finished, timeout=5000):
        editor.save_button.click()
    assert path.read_bytes() == b"---\ntitle: x\n---\n<p>a\xc2\xa0b</p>\n<p>c</p>"


def test_a_broken_crlf_file_is_fixed_by_typing_and_keeps_its_line_ends(qtbot, lib_window, library):
    path = library / "_posts" / "broken.md"
    broken = ['title = "夜航船', *SEED_TOML[1:]]
    path.write_bytes(seed_bytes(broken, "+++", "\r\n", bom=True))
    lib_window.session.update_paths([str(path)])
    form = _raw_tab(qtbot, lib_window, "_posts/broken.md")
    assert not form.raw_error.isHidden() and form.error_line() == 1
    assert "\r" not in form.raw_text()
    QTest.keyClick(form.raw, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(form.raw, Qt.Key.Key_End)
    qtbot.keyClicks(form.raw, '"')
    assert form.raw_error.isHidden() and form.tabs.isTabEnabled(0)
    _save(lib_window)
    assert path.read_bytes() == seed_bytes(
        ['title = "夜航船"', *SEED_TOML[1:]], "+++", "\r\n", bom=True
    )


def test_deleting_the_last_line_next_to_the_closing_delimiter(qtbot, lib_window, library):
    form = _raw_tab(qtbot, lib_window, "_posts/seed.md")
    QTest.keyClick(form.raw, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(form.raw, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(form.raw, Qt.Key.Key_Delete)
    assert form.raw_text().endswith("thumb.jpg\n")
    _save(lib_window)
    assert (library / "_posts" / "seed.md").read_bytes() == seed_bytes(SEED_YAML[:-1])


def test_saving_keeps_the_cursor_where_it_was_typing(qtbot, lib_window, library):
    form = _raw_tab(qtbot, lib_window, "_posts/seed.md")
    cursor = form.raw.textCursor()
    block = form.raw.document().findBlockByNumber(4)  # author: 周明远
    cursor.setPosition(block.position() + block.length() - 1)
    form.raw.setTextCursor(cursor)
    qtbot.keyClicks(form.raw, "X")
    where = form.raw.textCursor().position()
    _save(lib_window)
    assert "author: 周明远X" in (library / "_posts" / "seed.md").read_text("utf-8")
    assert QApplication.focusWidget() is form.raw
    assert form.raw.textCursor().position() == where  # not thrown back to the top
    qtbot.keyClicks(form.raw, "Y")
    assert "author: 周明远XY" in form.raw.toPlainText()


def test_a_utf16_file_is_not_rewritten_from_the_raw_tab(qtbot, lib_window, library):
    # read through its byte-order mark, its Raw tab took a key and Save wrote
    # the file back as UTF-8
    wide = "\n".join(["---", "title: Wide", "tags: [x]", "---", "line one", ""])
    raw = wide.encode("utf-16")
    (library / "_posts" / "wide.md").write_bytes(raw)
    with qtbot.waitSignal(lib_window.session.refreshed, timeout=20000):
        lib_window.session.refresh()
    form = _raw_tab(qtbot, lib_window, "_posts/wide.md")
    QTest.keyClick(form.raw, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.raw, "draft: true")
    assert not lib_window.editing.save()
    assert (library / "_posts" / "wide.md").read_bytes() == raw
    assert "UTF-16" in lib_window.statusBar().currentMessage()


def test_with_no_article_shown_the_raw_tab_takes_no_typing(qtbot, lib_window):
    # it took keys that went nowhere (no article to apply them to)
    window = lib_window
    window.editing.toggle_form(True)
    form = window.editing.form
    assert form.edit is None
    form.tabs.setCurrentIndex(1)
    window.show()
    qtbot.waitExposed(window)
    form.raw.setFocus()
    qtbot.keyClicks(form.raw, "title: lost")
    assert form.raw.isReadOnly() and form.raw_text() == ""
    assert not form.is_modified()
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("_posts/seed.md")
    assert not form.raw.isReadOnly() and "夜航船" in form.raw_text()
    form.clear()
    assert form.raw.isReadOnly() and form.raw_text() == ""


def test_tab_leaves_the_raw_text_and_types_nothing(qtbot, lib_window, library):
    # Tab typed a tab character (refused by YAML as indentation) and kept the
    # keyboard in the text: the article was modified by moving around
    form = _raw_tab(qtbot, lib_window, "_posts/seed.md")
    before = form.raw_text()
    qtbot.keyClick(form.raw, Qt.Key.Key_Tab)
    assert form.raw_text() == before and not form.is_modified()
    assert QApplication.focusWidget() is not form.raw
