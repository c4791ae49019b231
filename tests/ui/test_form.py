"""The front-matter form: typed editors, saving only the edited keys, undo,
revert, the Raw tab (also for broken files) and the modified markers."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QToolButton

from reader.ui.form import dialogs


def _show(qtbot, window, rel):
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    window.editing.toggle_form(True)
    form = window.editing.form
    assert form.rel == rel
    return form


def _changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    old, new = before.decode().splitlines(), after.decode().splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def _type(qtbot, line, text):
    """Type ``text`` over the whole of a line edit, as a person would."""
    line.selectAll()
    qtbot.keyClicks(line, text)


def _save(qtbot, window):
    assert window.editing.save()
    assert not window.editing.form.is_modified()


RIVER = "_posts/river-walk.md"
FAIR = "news/2021/tech-fair-opens.html"
GARDEN = "_posts/community-garden.md"


def test_title_edit_saves_only_that_line(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    editor = form.editors["title"]
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "A new title")
    assert form.is_modified()
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()
    row = window.list_model.row_of(RIVER)
    if row >= 0:
        assert window.list_model.index(row, 0).data().startswith("● ")
    assert form.labels["title"].text() == "● title"
    _save(qtbot, window)
    after = (library_copy / RIVER).read_bytes()
    assert _changed_lines(before, after) == [
        ('title: "沿着小河走到入海口"', 'title: "A new title"')
    ]
    assert not window.isWindowModified()
    assert form.edit.original.raw == after


def test_boolean_checkbox_and_undo_redo(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    box = form.editors["comments"].box
    assert box.isChecked()
    box.click()
    assert form.edit.diff.value("comments") is False
    assert window.editing.undo_action.isEnabled()
    form.undo_stack.undo()
    assert box.isChecked()
    assert not form.is_modified()
    form.undo_stack.redo()
    assert not box.isChecked()
    _save(qtbot, window)
    assert _changed_lines(before, (library_copy / RIVER).read_bytes()) == [
        ("comments: true", "comments: false")
    ]


def test_date_keeps_the_offset_and_the_spelling(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    editor = form.editors["date"]
    assert editor.zone.currentText() == "UTC+08:00"
    assert editor.text.text() == "2021-10-03 10:00:00"  # the offset is the box's
    _type(qtbot, editor.text, "2021-10-04 10:00:00")
    value = form.edit.diff.value("date")
    assert value == datetime(2021, 10, 4, 10, 0, tzinfo=timezone(timedelta(hours=8)))
    _save(qtbot, window)
    assert _changed_lines(before, (library_copy / RIVER).read_bytes()) == [
        ("date: 2021-10-03 10:00:00 +0800", "date: 2021-10-04 10:00:00 +0800")
    ]


def test_rfc2822_date_stays_rfc2822(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / FAIR).read_bytes()
    form = _show(qtbot, window, FAIR)
    editor = form.editors["date"]
    assert editor.zone.currentText() == "UTC+00:00"
    assert editor.text.text() == "2021-04-17 09:30:00"
    _type(qtbot, editor.text, "2021-04-17 10:30:00")
    _save(qtbot, window)
    assert _changed_lines(before, (library_copy / FAIR).read_bytes()) == [
        ("date: Sat, 17 Apr 2021 09:30:00 GMT", "date: Sat, 17 Apr 2021 10:30:00 GMT")
    ]


def test_tags_chips_and_categories_paths(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    tags = form.editors["tags"]
    assert tags.tags == ["河流", "散步", "秋天"]
    tags.remove_tag("散步")
    tags.entry.setText("徒步, 秋天")
    qtbot.keyClick(tags.entry, Qt.Key.Key_Return)
    assert tags.tags == ["河流", "秋天", "徒步"]
    tags.entry.setText('"R, D"')
    qtbot.keyClick(tags.entry, Qt.Key.Key_Return)
    assert tags.tags == ["河流", "秋天", "徒步", "R, D"]
    tags.remove_tag("R, D")
    categories = form.editors["categories"]
    assert [line.text() for line in categories.rows] == ["旅行 / 徒步"]
    categories.rows[0].setText("旅行 / 河边")
    categories.rows[0].textEdited.emit("旅行 / 河边")
    _save(qtbot, window)
    assert _changed_lines(before, (library_copy / RIVER).read_bytes()) == [
        ('categories: ["旅行", "徒步"]', 'categories: ["旅行", "河边"]'),
        ('tags: ["河流", "散步", "秋天"]', 'tags: ["河流", "秋天", "徒步"]'),
    ]


def test_url_preview_from_a_local_file_and_long_text(qtbot, opened, library_copy):
    window = opened
    form = _show(qtbot, window, "_posts/2023-05-02-bookbinding.md")
    cover = form.editors["cover"]
    assert cover.has_preview()
    cover.line.setText("https://images.example.org/nowhere.jpg")
    cover.line.textEdited.emit(cover.line.text())
    assert not cover.has_preview()  # not cached, and never fetched
    form.undo_stack.undo()
    assert cover.line.text() == "2023-05-02-bookbinding/stitch.png"
    assert cover.has_preview()
    form = _show(qtbot, window, "news/2021/library-late-hours.html")
    assert form.editors["description"].text.toPlainText().startswith("从九月下旬开始")


def test_url_preview_refuses_an_svg_the_reader_refuses(qtbot, opened, library_copy):
    """The preview handed any picture in the library to QPixmap: an SVG that
    draws a file from anywhere on the machine drew it, and one of nested
    <use> held the window for minutes."""
    folder = library_copy / "_posts" / "2023-05-02-bookbinding"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    (folder / "linked.svg").write_text(
        f'{svg} width="9" height="9"><image width="9" height="9" xlink:href="/etc/x.png"/></svg>'
    )
    groups = '<g id="l0"><rect width="1" height="1"/></g>' + "".join(
        f'<g id="l{n}">' + f'<use xlink:href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, 11)
    )
    (folder / "bomb.svg").write_text(f'{svg} width="9" height="9"><defs>{groups}</defs></svg>')
    form = _show(qtbot, opened, "_posts/2023-05-02-bookbinding.md")
    cover = form.editors["cover"]
    for name, note in (("linked.svg", "loads other files"), ("bomb.svg", "too complex")):
        cover.line.setText(f"2023-05-02-bookbinding/{name}")
        cover.line.textEdited.emit(cover.line.text())
        assert not cover.has_preview()
        assert note in cover.note.text()
    form.undo_stack.undo()
    form.undo_stack.undo()
    assert cover.has_preview()  # the picture it had


def test_yaml_editor_validates_and_blocks_saving(qtbot, opened, library_copy):
    window = opened
    form = _show(qtbot, window, "_posts/2022-03-01-maintaining-a-small-library.md")
    before = (library_copy / "_posts/2022-03-01-maintaining-a-small-library.md").read_bytes()
    author = form.editors["author"]
    assert "Tomás Reyes" in author.text.toPlainText()
    assert form.save_button.isEnabled() is False  # nothing to save yet
    author.text.setPlainText("name: [broken")
    assert author.error and author.error_label.isVisible() is not None
    assert form.problems()
    assert not window.editing.save()  # refused: the field says why
    assert author.text.toPlainText() == "name: [broken"  # the input is kept
    assert (
        library_copy / "_posts/2022-03-01-maintaining-a-small-library.md"
    ).read_bytes() == before
    author.text.setPlainText("name: Tomás Reyes\nurl: https://example.org/tomas")
    assert not form.problems()
    assert form.save_button.isEnabled() and window.editing.save_action.isEnabled()
    _save(qtbot, window)
    after = (library_copy / "_posts/2022-03-01-maintaining-a-small-library.md").read_bytes()
    assert _changed_lines(before, after) == [
        ("  url: https://example.org/~tomas", "  url: https://example.org/tomas")
    ]


def test_add_and_remove_keys_then_revert(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    form.new_key.setText("layout")
    form.add_button.click()
    assert "layout" in form.editors
    form.editors["layout"].line.setText("post")
    form.editors["layout"].line.textEdited.emit("post")
    form.remove_key("comments")
    assert "comments" not in form.editors
    assert "+layout: post" in form.edit.diff_text()
    assert "-comments: true" in form.edit.diff_text()
    form.revert()
    assert not form.is_modified()
    assert "comments" in form.editors and "layout" not in form.editors
    form.undo_stack.undo()  # the revert is undoable too
    assert form.is_modified() and "layout" in form.editors
    window.statusBar().showMessage("Your edits were applied to the new file; not saved yet.")
    window.editing.revert()  # (the menu's Revert Article)
    assert not form.is_modified()
    assert window.statusBar().currentMessage() == f"Reverted the edits of {RIVER}"
    assert (library_copy / RIVER).read_bytes() == before


def test_raw_tab_edits_and_shows_errors(qtbot, opened, library_copy):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    form.tabs.setCurrentIndex(1)
    text = form.raw.toPlainText()
    assert text.startswith("# 从旧博客迁移过来的文章")
    form.raw.setPlainText(text.replace("comments: true", "comments: [oops"))
    assert form.raw_error.isVisible() or not form.raw_error.isHidden()
    assert form.is_modified() and "[oops" in form.raw.toPlainText()  # kept
    assert form.error_line() is not None
    assert form.problems()
    assert not window.editing.save()
    form.raw.setPlainText(text.replace("comments: true", "comments: false"))
    assert not form.problems()
    assert form.is_modified()
    form.tabs.setCurrentIndex(0)
    assert form.editors["comments"].box.isChecked() is False
    _save(qtbot, window)
    assert _changed_lines(before, (library_copy / RIVER).read_bytes()) == [
        ("comments: true", "comments: false")
    ]


def test_broken_file_is_fixed_through_the_raw_tab(qtbot, opened, library_copy):
    window = opened
    broken = library_copy / "broken.md"
    broken.write_bytes(b"---\ntitle: Broken\ntags: [a, b\ndate: 2021-01-01\n---\n\nBody\n")
    window.session.update_paths([str(broken)])
    form = _show(qtbot, window, "broken.md")
    assert form.tabs.currentIndex() == 1
    assert not form.tabs.isTabEnabled(0)
    assert form.error_line() == 2  # the line of the unclosed [
    assert not form.raw_error.isHidden()
    text = form.raw.toPlainText()
    form.raw.setPlainText(text.replace("tags: [a, b", "tags: [a, b]"))
    assert form.raw_error.isHidden()
    assert form.tabs.isTabEnabled(0)
    _save(qtbot, window)
    assert broken.read_bytes() == (
        b"---\ntitle: Broken\ntags: [a, b]\ndate: 2021-01-01\n---\n\nBody\n"
    )


def test_show_changes_displays_the_diff(qtbot, opened, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)
    form.editors["title"].line.setText("X")
    form.editors["title"].line.textEdited.emit("X")
    shown = []
    monkeypatch.setattr(
        dialogs, "show_diff", lambda parent, title, diff, note="": shown.append(diff)
    )
    form.changes_button.click()
    assert '-title: "沿着小河走到入海口"' in shown[0] and '+title: "X"' in shown[0]
    headers = shown[0].splitlines()[:2]
    assert headers == [f"--- a/{RIVER}", f"+++ b/{RIVER}"]  # library-relative, no a//tmp


def test_show_changes_says_typed_raw_text_that_does_not_parse_is_not_in_them(
    qtbot, opened, monkeypatch
):
    # the diff showed the last Raw text that parsed, as if it were what was typed
    window = opened
    form = _show(qtbot, window, RIVER)
    form.tabs.setCurrentIndex(1)
    form.raw.setPlainText(form.raw.toPlainText() + "broken: [\n")
    qtbot.waitUntil(lambda: bool(form.pending_inputs()), timeout=5000)
    shown = []
    monkeypatch.setattr(
        dialogs, "show_diff", lambda parent, title, diff, note="": shown.append((diff, note))
    )
    form.changes_button.click()
    assert shown and "does not parse" in shown[0][1]
    assert "broken" not in shown[0][0]


@pytest.mark.parametrize("answer", [dialogs.SAVE, dialogs.DISCARD, dialogs.CANCEL])
def test_switching_article_asks_first(qtbot, opened, library_copy, monkeypatch, answer):
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    form.editors["title"].line.setText("Edited")
    form.editors["title"].line.textEdited.emit("Edited")
    asked = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: asked.append(name) or answer)
    if answer == dialogs.CANCEL:
        window.show_article(GARDEN)
        assert window.reader.current == RIVER
        assert form.is_modified() and form.editors["title"].line.text() == "Edited"
    else:
        with qtbot.waitSignal(window.article_shown, timeout=10000):
            window.show_article(GARDEN)
        assert window.reader.current == GARDEN
    assert asked == [RIVER]
    after = (library_copy / RIVER).read_bytes()
    if answer == dialogs.SAVE:
        assert b'title: "Edited"' in after
    else:
        assert after == before


def test_quitting_with_unsaved_edits_asks(qtbot, opened, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)
    form.editors["title"].line.setText("Edited")
    form.editors["title"].line.textEdited.emit("Edited")
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.CANCEL)
    assert not window.close()
    assert form.is_modified()
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.DISCARD)
    assert window.close()


def test_ctrl_e_action_toggles_the_form_and_actions_have_shortcuts(qtbot, opened):
    window = opened
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(RIVER)
    action = window.findChild(type(window.editing.form_action), "editFrontMatter")
    assert action.shortcut().toString() == "Ctrl+E"
    action.trigger()
    assert not window.editing.form.isHidden() and window.editing.form.rel == RIVER
    action.trigger()
    assert window.editing.form.isHidden()
    for name in (
        "save",
        "newArticle",
        "undoEdit",
        "redoEdit",
        "revert",
        "showChanges",
        "editSource",
        "renameFile",
        "moveToFolder",
        "moveToCategory",
        "trash",
        "renameGroup",
        "undoBulk",
    ):
        found = window.findChild(type(action), name)
        assert found is not None and not found.shortcut().isEmpty(), name


def test_switching_library_asks_first(qtbot, opened, library_copy, monkeypatch, tmp_path):
    window = opened
    form = _show(qtbot, window, RIVER)
    form.editors["title"].line.setText("Edited")
    form.editors["title"].line.textEdited.emit("Edited")
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.CANCEL)
    other = tmp_path / "other"
    other.mkdir()
    window.open_library(str(other))
    assert window.library.root == library_copy
    assert form.is_modified()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_raw_typing_that_fixes_a_broken_file_stays_in_the_raw_tab(qtbot, opened, library_copy):
    from PySide6.QtWidgets import QApplication, QLabel

    window = opened
    broken = library_copy / "broken.md"
    broken.write_bytes(b"---\ntitle: Broken\ntags: [a, b\ndate: 2021-01-01\n---\n\nBody\n")
    window.session.update_paths([str(broken)])
    form = _show(qtbot, window, "broken.md")
    assert form.tabs.currentIndex() == 1
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    form.raw.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.raw, timeout=5000)
    end = form.raw.document().find("tags: [a, b").selectionEnd()
    cursor = form.raw.textCursor()
    cursor.setPosition(end)
    form.raw.setTextCursor(cursor)
    qtbot.keyClicks(form.raw, "]")
    assert form.raw_error.isHidden() and form.tabs.isTabEnabled(0)
    assert form.tabs.currentIndex() == 1  # no tab switch while typing
    assert QApplication.focusWidget() is form.raw
    qtbot.keyClicks(form.raw, " ")
    assert form.raw.textCursor().position() == end + 2
    form.tabs.setCurrentIndex(0)  # the user switches: Fields shows the current state
    assert set(form.editors) == {"title", "tags", "date"}
    assert form.editors["tags"].tags == ["a", "b"]
    assert not any(
        "does not parse" in label.text()
        for label in form.fields_scroll.widget().findChildren(QLabel)
    )


def test_yes_no_booleans_get_the_yaml_editor(qtbot, opened, library_copy):
    from reader.ui.form.editors import BoolEditor, YamlEditor

    window = opened
    path = library_copy / "flags.md"
    path.write_bytes(
        b"---\ntitle: Flags\ncomments: true\ndraft: yes\npublished: Off\n---\n\nBody\n"
    )
    window.session.update_paths([str(path)])
    form = _show(qtbot, window, "flags.md")
    assert isinstance(form.editors["comments"], BoolEditor)
    draft, published = form.editors["draft"], form.editors["published"]
    assert isinstance(draft, YamlEditor) and isinstance(published, YamlEditor)
    assert draft.text.toPlainText() == "yes"  # as the file spells it
    assert published.text.toPlainText() == "Off"
    assert not form.is_modified()
    draft.text.setPlainText("no")
    assert form.edit.diff.value("draft") is False
    form.undo_stack.undo()
    assert draft.text.toPlainText() == "yes" and not form.is_modified()


def test_a_value_longer_than_32767_characters_is_kept_whole(qtbot, opened, library_copy):
    """A line edit holds 32,767 characters unless told otherwise: a 48,000
    character title was shown cut, and one Backspace at its end saved it
    cut by 15,000 characters.  Every one-line field of the form holds any
    length; the categories' rows, a new tag and a new key's name too."""
    from PySide6.QtWidgets import QLineEdit

    title = "".join(f"{n:05d}-" for n in range(8000)) + "END"
    path = library_copy / "long.md"
    path.write_bytes(
        f"---\ntitle: {title}\nauthor: {title}\ncategories: [{title}]\n---\nBody\n".encode()
    )
    opened.session.update_paths([str(path)])
    form = _show(qtbot, opened, "long.md")
    editor = form.editors["title"]
    assert editor.line.text() == title
    editor.line.setFocus()
    editor.line.end(False)
    qtbot.keyClick(editor.line, Qt.Key.Key_Backspace)
    _save(qtbot, opened)
    saved = opened.library.load("long.md").metadata
    assert saved["title"] == title[:-1]
    assert saved["author"] == title and saved["categories"] == [title]
    for line in form.findChildren(QLineEdit):
        if line.objectName() != "qt_spinbox_lineedit":
            assert line.maxLength() > 10**9, line.accessibleName()


def test_an_ampersand_in_a_tag_or_key_is_shown_not_taken_for_a_shortcut(
    qtbot, opened, library_copy
):
    """Qt reads "&" in a button's text as a shortcut: a tag "R&D" was shown
    "RD" and Alt+D removed it; a key "a&b" beside its field the same."""
    path = library_copy / "amp.md"
    path.write_bytes(b'---\ntitle: Amp\ntags: [R&D, "Tom & Jerry"]\na&b: 1\n---\nBody\n')
    opened.session.update_paths([str(path)])
    form = _show(qtbot, opened, "amp.md")
    chips = form.editors["tags"].findChildren(QToolButton, "tagChip")
    assert [chip.text() for chip in chips] == ["R&&D  ×", "Tom && Jerry  ×"]
    assert form.labels["a&b"].text() == "a&&b"
    opened.activateWindow()
    qtbot.keyClick(form, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert form.editors["tags"].tags == ["R&D", "Tom & Jerry"] and not form.is_modified()


def test_a_value_of_another_shape_gets_the_yaml_field_and_is_kept(qtbot, opened, library_copy):
    """Tags that were a mapping were shown as no chips, and a tag added and
    removed saved ``tags: []``; ``tags: [a, a, 1]`` was saved rebuilt from
    the chips; a title that was a list was shown as Python text.  Such
    values get the YAML field, and an edit of another key keeps them."""
    from reader.ui.form.editors import TagsEditor, YamlEditor

    raw = b"---\ntitle: [a, b]\ntags: {a: 1, b: 2}\ncategories: [1, 2]\nseries: x\n---\nBody\n"
    path = library_copy / "shapes.md"
    path.write_bytes(raw)
    opened.session.update_paths([str(path)])
    form = _show(qtbot, opened, "shapes.md")
    for key in ("title", "tags", "categories"):
        assert isinstance(form.editors[key], YamlEditor), key
    assert form.editors["tags"].text.toPlainText() == "a: 1\nb: 2"
    _type(qtbot, form.editors["series"].line, "z")
    _save(qtbot, opened)
    assert path.read_bytes() == raw.replace(b"series: x", b"series: z")
    # plain tags keep their chips; one added and removed again is no edit
    path.write_bytes(b"---\ntitle: T\ntags:\n---\nBody\n")
    opened.session.update_paths([str(path)])
    form = _show(qtbot, opened, "shapes.md")
    tags = form.editors["tags"]
    assert isinstance(tags, TagsEditor)
    tags.add_tag("zz")
    tags.remove_tag("zz")
    assert not form.is_modified()


def test_yes_typed_over_a_list_is_refused_at_the_field(qtbot, opened, library_copy):
    """The form's YAML field refuses yes/no/on/off typed over a value that is
    not a boolean, as ``set -s`` does: YAML 1.1 reads it as a boolean, YAML
    1.2 (Hugo) and the person as text.  Over a yes/no boolean it is the
    boolean (test above); ``false`` is taken anywhere."""
    from reader.ui.form.editors import YamlEditor

    path = library_copy / "flags.md"
    path.write_bytes(b"---\ntitle: Flags\nseries: [a, b]\n---\n\nBody\n")
    opened.session.update_paths([str(path)])
    form = _show(qtbot, opened, "flags.md")
    series = form.editors["series"]
    assert isinstance(series, YamlEditor)
    series.text.setPlainText("no")
    assert series.error == (
        "no is false in YAML 1.1 (Jekyll) and text in YAML 1.2 (Hugo), and the key holds "
        "a list here; quote it ('no') to keep it as text, or type false"
    )
    assert form.edit.diff.value("series") == ["a", "b"]  # nothing taken
    series.text.setPlainText("'no'")
    assert series.error is None and form.edit.diff.value("series") == "no"
    series.text.setPlainText("false")
    assert series.error is None and form.edit.diff.value("series") is False


def test_an_impossible_date_is_refused_at_the_field_and_not_saved(qtbot, opened, library_copy):
    """2021-02-30 was turned into another date (the spin box skipped to the
    hours: 2021-02-03 01:00:00) and saved; now the text stays, the field says
    why it is not a date, and nothing is saved until it is one."""
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    editor = form.editors["date"]
    _type(qtbot, editor.text, "2021-02-30 10:00:00")
    assert editor.text.text() == "2021-02-30 10:00:00"  # kept as typed
    assert editor.error == "Not a date: 2021-02-30 10:00:00 (2021-02 has 28 days)"
    assert editor.error_label.isVisibleTo(form) and editor.error_label.text() == editor.error
    assert "02-30" not in str(form.edit.diff.value("date"))
    assert form.problems()
    assert not window.editing.save()
    assert (library_copy / RIVER).read_bytes() == before
    _type(qtbot, editor.text, "2021-13-01")
    assert editor.error == "Not a date: 2021-13-01 (there is no month 13)"
    _type(qtbot, editor.text, "2021-02-28 10:00:00")
    assert editor.error is None and not editor.error_label.isVisibleTo(form)
    _save(qtbot, window)
    assert _changed_lines(before, (library_copy / RIVER).read_bytes()) == [
        ("date: 2021-10-03 10:00:00 +0800", "date: 2021-02-28 10:00:00 +0800")
    ]


def test_a_typed_date_takes_its_offset_and_a_date_alone_stays_a_date(qtbot, opened):
    form = _show(qtbot, opened, RIVER)
    editor = form.editors["date"]
    _type(qtbot, editor.text, "2021-10-05 08:30:00 +0900")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)  # each date entered, not typed on the way
    assert form.edit.diff.value("date") == datetime(
        2021, 10, 5, 8, 30, tzinfo=timezone(timedelta(hours=9))
    )
    assert editor.zone.currentText() == "UTC+09:00"
    _type(qtbot, editor.text, "2021-10-05")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert form.edit.diff.value("date") == date(2021, 10, 5)
    assert editor.zone.isVisibleTo(form) and not editor.zone.isEnabled()  # no jump while typing
    _type(qtbot, editor.text, "2021-10-05 09:00")  # the offset of the box again
    assert form.edit.diff.value("date") == datetime(
        2021, 10, 5, 9, 0, tzinfo=timezone(timedelta(hours=9))
    )


@pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)
def test_the_day_is_picked_from_a_calendar(qtbot, opened):
    window = opened
    form = _show(qtbot, window, RIVER)
    window.show()
    qtbot.waitExposed(window)
    editor = form.editors["date"]
    qtbot.mouseClick(editor.pick, Qt.MouseButton.LeftButton)
    calendar = editor.calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate() == QDate(2021, 10, 3)
    calendar.setSelectedDate(QDate(2021, 10, 9))
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.calendar is None, timeout=5000)
    assert editor.text.text() == "2021-10-09 10:00:00"  # the time stays
    assert form.edit.diff.value("date") == datetime(
        2021, 10, 9, 10, 0, tzinfo=timezone(timedelta(hours=8))
    )


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
def test_the_date_stays_readable_in_a_narrow_window(qtbot, opened, tmp_path):
    window = opened
    window.resize(window.minimumSizeHint().width(), 500)
    form = _show(qtbot, window, RIVER)
    window.show()
    qtbot.waitExposed(window)
    window.reader.splitter.setSizes([window.width(), 1])  # the form as narrow as it goes
    qtbot.waitUntil(lambda: form.width() == form.minimumWidth(), timeout=5000)
    form.grab().save(str(tmp_path / "narrow-form.png"))  # to look at when it fails
    editor = form.editors["date"]
    line = editor.text
    metrics = line.fontMetrics()
    assert line.width() > metrics.horizontalAdvance("2021-10-03 10:00:00")
    assert line.minimumWidth() == 0 and editor.minimumWidth() == editor.readable_width() > 0
    # the whole field is in the form: nothing is cut off at its right edge
    viewport = form.fields_scroll.viewport()
    right = line.mapTo(viewport, line.rect().topRight()).x()
    assert right < viewport.width()
    remove = form.fields_scroll.widget().findChild(QToolButton, "remove-date")
    assert remove.mapTo(viewport, remove.rect().topRight()).x() < viewport.width()


@pytest.mark.parametrize("again", [True, False])
def test_edits_to_a_file_deleted_meanwhile_can_be_saved_again(
    qtbot, opened, library_copy, monkeypatch, again
):
    # Save said "no such file", and the unsaved-edits prompt's Save did
    # nothing: the edits could only be discarded
    window = opened
    before = (library_copy / RIVER).read_bytes()
    form = _show(qtbot, window, RIVER)
    _type(qtbot, form.editors["title"].line, "Kept through the deletion")
    (library_copy / RIVER).unlink()
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or again)
    assert window.editing.save() is again
    assert asked and asked[0].startswith(f"{RIVER} is no longer on disk")
    if again:
        after = (library_copy / RIVER).read_bytes()
        assert _changed_lines(before, after) == [
            ('title: "沿着小河走到入海口"', 'title: "Kept through the deletion"')
        ]
        assert not form.is_modified() and form.edit.original.raw == after
    else:
        assert not (library_copy / RIVER).exists() and form.is_modified()
        assert "the file is no longer on disk" in window.statusBar().currentMessage()


@pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)
def test_the_calendar_stays_on_the_screen(qtbot, opened):
    # under a field near the screen's right edge it ran past it, its last
    # column and the next month's arrow out of reach
    window = opened
    form = _show(qtbot, window, RIVER)
    window.show()
    qtbot.waitExposed(window)
    area = window.screen().availableGeometry()
    window.move(area.right() - window.width() + 200, area.bottom() - window.height() + 100)
    editor = form.editors["date"]
    qtbot.mouseClick(editor.pick, Qt.MouseButton.LeftButton)
    calendar = editor.calendar
    assert calendar is not None and calendar.isVisible()
    placed = calendar.geometry()
    slack = 4  # (the offscreen platform puts a popup 2 pixels off where it is moved)
    assert placed.right() <= area.right() + slack and placed.bottom() <= area.bottom() + slack
    assert placed.left() >= area.left() and placed.top() >= area.top()
    calendar.close()


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
def test_a_long_name_in_a_question_keeps_the_dialog_on_the_screen(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    name = "x" * 300 + ".md"
    seen = []

    def look():
        box = QApplication.activeModalWidget()
        seen.append(box.frameGeometry().width())
        box.reject()

    QTimer.singleShot(100, look)
    label = f"Not renamed: {name}: the name is too long\n\nNew file name:"
    assert dialogs.ask_text(window, "Rename File", label, name) is None
    assert seen and seen[0] <= window.screen().availableGeometry().width()
    QTimer.singleShot(100, look)
    assert dialogs.ask_item(window, "Move to Folder", label, ["a", name], name) is None
    assert len(seen) == 2 and seen[1] <= window.screen().availableGeometry().width()


def _tab_stops(start, count):
    """``count`` widgets Tab reaches after ``start`` (those that take it)."""
    from PySide6.QtCore import Qt

    found, widget = [], start
    while len(found) < count:
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(start.window()):
            found.append(widget)
    return found


def test_tab_goes_through_categories_and_tags_as_they_are_laid_out(qtbot):
    # Add category (below the rows) came before them, and the tag entry
    # (below the chips) before the chips
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    from reader.ui.form.editors import CategoriesEditor, TagsEditor

    pane = QWidget()
    qtbot.addWidget(pane)
    column = QVBoxLayout(pane)
    categories = CategoriesEditor("categories", [], pane)
    tags = TagsEditor("tags", [], pane)
    after = QLineEdit(pane)  # (the next field)
    for widget in (categories, tags, after):
        column.addWidget(widget)
    categories.show_value([["A"], ["B", "C"]])
    categories.show_value([["D"], ["E"]])  # (shown again: the rows made anew)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    stops = _tab_stops(categories.rows[0], 4)
    assert stops[1] is categories.rows[1]
    assert stops[3] is categories.add_button
    tags.show_value(["x", "y"])
    chips = [tags.flow.itemAt(i).widget() for i in range(tags.flow.count())]
    assert _tab_stops(chips[0], 2) == [chips[1], tags.entry]


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
def test_a_file_name_asked_for_has_its_name_chosen_not_its_extension(qtbot, window):
    # typing replaced ".md" with the name
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit

    seen = []

    def look():
        box = QApplication.activeModalWidget()
        line = box.findChild(QLineEdit)
        seen.append((line.selectedText(), box.width()))
        box.reject()

    QTimer.singleShot(100, look)
    assert dialogs.ask_text(window, "Rename File", "New file name:", "river-walk.md") is None
    assert seen[0][0] == "river-walk"
    assert seen[0][1] >= 300  # (room for a name and the title)
    # (review) nor the date the name starts with: typing a name dropped it
    for name, chosen in (
        ("2020-11-21-first-snow.md", "first-snow"),
        ("2020-11-21.md", "2020-11-21"),
    ):
        QTimer.singleShot(100, look)
        assert dialogs.ask_text(window, "Rename File", "New file name:", name) is None
        assert seen[-1][0] == chosen


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
def test_ok_takes_no_empty_or_blank_answer(qtbot, window):
    # an empty or blank name was taken as Cancel: the dialog closed without a word
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

    seen = []

    def look():
        box = QApplication.activeModalWidget()
        ok = box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        line = box.findChild(QLineEdit)
        seen.append(ok.isEnabled())
        for typed in ("", "   ", " a "):
            line.setText(typed)
            seen.append(ok.isEnabled())
        ok.click()

    QTimer.singleShot(100, look)
    assert dialogs.ask_text(window, "Rename File", "New file name:", "river-walk.md") == "a"
    assert seen == [True, False, False, True]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_fields_do_not_move_when_a_key_is_marked_changed(qtbot, opened):
    # (window attack) the first edit made "title" "● title" in bold: the
    # column of names widened, and every field moved about 17 px right
    window = opened
    form = _show(qtbot, window, RIVER)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: form.editors["date"].isVisible(), timeout=10000)
    editor = form.editors["title"]
    before = {
        key: form.editors[key].mapTo(form, form.editors[key].rect().topLeft()).x()
        for key in ("title", "date", "author")
    }
    label_hint = form.labels["title"].sizeHint().width()
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "A new title")
    assert form.labels["title"].text() == "● title"
    qtbot.wait(50)
    after = {
        key: form.editors[key].mapTo(form, form.editors[key].rect().topLeft()).x()
        for key in ("title", "date", "author")
    }
    assert after == before
    assert (
        form.labels["title"].sizeHint().width() == label_hint
    )  # (the widest key's sets the column)
