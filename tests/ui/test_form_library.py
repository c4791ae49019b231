"""Editing against the disk and the library: conflicts, the source editor,
new articles, rename/move/trash and bulk renames with undo, and questions
whose default answer (Enter) never loses anything."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from reader.core.article.model import ArticleError
from reader.ui.form import dialogs
from tests.ui.formhelpers import held_until
from tests.ui.searchhelpers import search_for

RIVER = "_posts/river-walk.md"


def _show(qtbot, window, rel):
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    window.editing.toggle_form(True)
    return window.editing.form


def _type_title(form, text):
    form.editors["title"].line.setText(text)
    form.editors["title"].line.textEdited.emit(text)


def _change_on_disk(qtbot, window, path, old: bytes, new: bytes):
    """Another program edits the file; the watcher reloads the article."""
    data = path.read_bytes()
    assert old in data
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        path.write_bytes(data.replace(old, new))


def test_clean_form_just_reloads_when_the_file_changes(qtbot, opened, library_copy, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)
    monkeypatch.setattr(
        dialogs,
        "ask_conflict",
        lambda *a: (_ for _ in ()).throw(AssertionError("no conflict for a clean form")),
    )
    _change_on_disk(qtbot, window, library_copy / RIVER, b"comments: true", b"comments: false")
    assert form.editors["comments"].box.isChecked() is False
    assert not form.is_modified()


def test_conflict_keep_mine_rebases_the_edits(qtbot, opened, library_copy, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    asked = []
    monkeypatch.setattr(
        dialogs,
        "ask_conflict",
        lambda parent, name, diff, note="": asked.append(diff) or dialogs.MINE,
    )
    _change_on_disk(qtbot, window, library_copy / RIVER, b"comments: true", b"comments: false")
    assert len(asked) == 1
    diffs = asked[0]
    assert '+title: "Mine"' in diffs.merged and "comments: false" not in diffs.merged
    assert "-comments: true" in diffs.theirs and "+comments: false" in diffs.theirs
    assert "title" not in diffs.theirs  # the other program did not touch the title
    assert '+title: "Mine"' in diffs.mine and "+comments" not in diffs.mine
    assert form.is_modified()
    assert form.edit.original.raw == (library_copy / RIVER).read_bytes()
    assert form.editors["title"].line.text() == "Mine"
    assert window.editing.save()
    data = (library_copy / RIVER).read_text(encoding="utf-8")
    assert 'title: "Mine"' in data and "comments: false" in data  # theirs kept too


def test_keep_mine_asked_by_save_saves(qtbot, opened, library_copy, monkeypatch):
    # the change is met by Save itself (before the watcher says): Keep Mine
    # saves the edits on the new file, as Save was asked to
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    monkeypatch.setattr(dialogs, "ask_conflict", lambda *args, **kwargs: dialogs.MINE)
    path = library_copy / RIVER
    path.write_bytes(path.read_bytes().replace(b"comments: true", b"comments: false"))
    window.editing.save()
    data = path.read_text(encoding="utf-8")
    assert 'title: "Mine"' in data and "comments: false" in data
    assert not form.is_modified()


def test_undo_after_save_gives_back_the_file_as_it_was(qtbot, opened, library_copy):
    # Ctrl+Z after Ctrl+S did nothing: a wrong edit saved was there for good
    window = opened
    path = library_copy / RIVER
    before = path.read_bytes()
    form = _show(qtbot, window, RIVER)
    old_title = form.editors["title"].line.text()
    _type_title(form, "Mine")
    assert window.editing.save()
    saved = path.read_bytes()
    assert saved != before and not form.is_modified()
    qtbot.wait(1500)  # the watcher sees the save: the step stays
    assert form.can_undo() and form.undo_stack.undoText() == "Save"
    assert window.findChild(QAction, "undoEdit").text() == "&Undo Save"  # the menu says which
    form.undo_stack.undo()
    assert form.is_modified() and form.editors["title"].line.text() == old_title
    assert form.labels["title"].text().startswith("●")  # (it had no marker)
    assert not form.labels["author"].text().startswith("●")
    assert path.read_bytes() == saved  # nothing written until saved
    form.undo_stack.redo()
    assert not form.is_modified() and form.editors["title"].line.text() == "Mine"
    form.undo_stack.undo()
    assert window.editing.save()
    assert path.read_bytes() == before  # every byte as it was


def test_a_change_seen_while_the_dialog_is_open_does_not_undo_keep_mine(
    qtbot, opened, library_copy, monkeypatch
):
    # the watcher's event held while the dialog was open was replayed with
    # the version the dialog answered: the saved title went back in the form,
    # Undo Save was lost, and the next edit met a false conflict
    from reader.core.article.codec import load_article

    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    path = library_copy / RIVER
    path.write_bytes(path.read_bytes().replace(b"comments: true", b"comments: false"))

    def answer(*args, **kwargs):
        window.editing.article_loaded(RIVER, load_article(path))  # the watcher, meanwhile
        return dialogs.MINE

    monkeypatch.setattr(dialogs, "ask_conflict", answer)
    window.editing.save()
    data = path.read_text(encoding="utf-8")
    assert 'title: "Mine"' in data and "comments: false" in data
    assert form.editors["title"].line.text() == "Mine" and not form.is_modified()
    assert form.edit.original.raw == path.read_bytes()
    assert form.undo_stack.undoText() == "Save"


def test_conflict_take_theirs_drops_the_edits(qtbot, opened, library_copy, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    monkeypatch.setattr(dialogs, "ask_conflict", lambda parent, name, diff, note="": dialogs.THEIRS)
    _change_on_disk(qtbot, window, library_copy / RIVER, b"comments: true", b"comments: false")
    assert not form.is_modified()
    assert form.editors["title"].line.text() == "沿着小河走到入海口"
    assert form.editors["comments"].box.isChecked() is False


def test_save_never_overwrites_a_file_changed_meanwhile(qtbot, opened, library_copy, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    window.watcher.clear()  # the change is noticed only when saving
    path = library_copy / RIVER
    path.write_bytes(path.read_bytes().replace(b"comments: true", b"comments: false"))
    theirs = path.read_bytes()
    monkeypatch.setattr(dialogs, "ask_conflict", lambda parent, name, diff, note="": dialogs.CANCEL)
    assert not window.editing.save()
    assert path.read_bytes() == theirs
    assert form.is_modified()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_source_editor_saves_the_whole_file_with_its_line_endings(qtbot, opened, library_copy):
    window = opened
    crlf = library_copy / "crlf.md"
    crlf.write_bytes(b"\xef\xbb\xbf---\r\ntitle: CRLF\r\n---\r\n\r\nOld body\r\n")
    window.session.update_paths([str(crlf)])
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("crlf.md")
    window.editing.edit_source()
    editor = window.editing.source_editor
    assert editor is not None and editor.isVisible()
    text = editor.editor.toPlainText()
    assert "Old body" in text
    editor.editor.setPlainText(text.replace("Old body", "New body\n\n## 小节"))
    assert editor.check()
    editor.editor.setPlainText(text.replace("title: CRLF", "title: [broken"))
    assert not editor.check() and not editor.save_button.isEnabled()
    assert editor.status.text().startswith("Line 2: ")  # where the unclosed [ opens
    editor.editor.setPlainText(text.replace("Old body", "New body\n\n## 小节"))
    qtbot.waitUntil(editor.save_button.isEnabled, timeout=5000)  # checked as typed
    assert editor.isWindowModified()
    with qtbot.waitSignal(editor.finished, timeout=5000):
        editor.save_button.click()
    assert crlf.read_bytes() == (
        b"\xef\xbb\xbf---\r\ntitle: CRLF\r\n---\r\n\r\nNew body\r\n\r\n## "
        + "小节".encode()
        + b"\r\n"
    )


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_closing_the_source_editor_with_save_on_broken_text_says_why(
    qtbot, opened, library_copy, monkeypatch
):
    # Esc, then Save (the default) on text that does not read: nothing
    # happened, and nothing was said
    window = opened
    _show(qtbot, window, RIVER)
    before = (library_copy / RIVER).read_bytes()
    window.editing.edit_source()
    editor = window.editing.source_editor
    text = editor.editor.toPlainText()
    editor.editor.setPlainText(text.replace("title:", "title: [broken", 1))
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.SAVE)
    said = []
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: said.append(text))
    editor.reject()
    assert said and said[0].startswith("Line 3: ") and "cannot be saved" in said[0]
    assert editor.isVisible() and editor.editor.textCursor().blockNumber() == 2  # line 3
    assert (library_copy / RIVER).read_bytes() == before
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.DISCARD)
    editor.reject()
    assert (library_copy / RIVER).read_bytes() == before


def _source_edited_then_changed_on_disk(qtbot, window, path):
    """The source editor open on RIVER with ``comments`` changed, and the
    file changed by another program meanwhile (its author); the editor and
    the text it started from."""
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(RIVER)
    window.editing.edit_source()
    editor = window.editing.source_editor
    text = editor.editor.toPlainText()
    editor.editor.setPlainText(text.replace("comments: true", "comments: false"))
    window.watcher.clear()  # the other program's write, noticed when saving
    path.write_bytes(path.read_bytes().replace("author: '许安'".encode(), b"author: 'Xu'"))
    return editor, text


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_source_editor_keep_mine_keeps_their_change_to_other_lines(
    qtbot, opened, library_copy, monkeypatch
):
    window = opened
    path = library_copy / RIVER
    editor, text = _source_edited_then_changed_on_disk(qtbot, window, path)
    asked = []

    def ask(parent, name, diff, note=""):
        asked.append(diff)
        return dialogs.MINE

    monkeypatch.setattr(dialogs, "ask_conflict", ask)
    with qtbot.waitSignal(editor.finished, timeout=5000):
        editor.save_button.click()
    saved = path.read_text(encoding="utf-8")
    assert "author: 'Xu'" in saved and "comments: false" in saved  # both changes
    assert saved.replace("author: 'Xu'", "author: '许安'") == text.replace(
        "comments: true", "comments: false"
    )
    assert "-author: 'Xu'" not in asked[0].merged  # the dialog showed it kept


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_source_editor_keep_mine_that_cannot_be_written_asks_again(
    qtbot, opened, library_copy, monkeypatch
):
    """The merged version's write fails (a full disk): Save again runs into
    the other program's version again and asks, never writes over it."""
    window = opened
    path = library_copy / RIVER
    editor, _text = _source_edited_then_changed_on_disk(qtbot, window, path)
    asked = []
    monkeypatch.setattr(
        dialogs, "ask_conflict", lambda *args, **kwargs: asked.append(1) or dialogs.MINE
    )
    library, calls = window.library, []
    real_write = library.write

    def write(article, data, **kwargs):
        calls.append(data)
        if len(calls) == 2:  # the merged bytes: the disk is full just then
            raise ArticleError("no space left on device", str(path))
        return real_write(article, data, **kwargs)

    monkeypatch.setattr(library, "write", write)
    editor.save_button.click()
    assert editor.isVisible() and "no space left" in editor.status.text()
    assert "许安" not in path.read_text(encoding="utf-8")  # nothing written over theirs
    with qtbot.waitSignal(editor.finished, timeout=5000):
        editor.save_button.click()  # the user tries again
    assert len(asked) == 2  # asked again
    saved = path.read_text(encoding="utf-8")
    assert "comments: false" in saved and "author: 'Xu'" in saved


def test_new_article_from_the_library_template(qtbot, opened, library_copy, monkeypatch):
    window = opened
    key = ("category", "生活")
    index = window.nav_model.find(key)
    assert index.isValid()
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.tree.setCurrentIndex(index)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "新的一天")
    # The watcher may show the open article again meanwhile: wait for the new one.
    with qtbot.waitSignal(
        window.article_shown, timeout=20000, check_params_cb=lambda rel: rel.endswith("新的一天.md")
    ) as shown:
        window.editing.new_article()
    rel = shown.args[0]
    data = (library_copy / rel).read_text(encoding="utf-8")
    assert data.startswith("---\ntitle: 新的一天\ndate: ")
    assert "categories:\n  - 生活\n" in data
    assert not window.editing.form.isHidden() and window.editing.form.rel == rel
    assert window.list_model.row_of(rel) >= 0
    # a second one with the same title gets a free name
    with qtbot.waitSignal(
        window.article_shown,
        timeout=20000,
        check_params_cb=lambda rel: rel.endswith("新的一天-2.md"),
    ):
        window.editing.new_article()
    assert (library_copy / rel).with_name("新的一天-2.md").is_file()


def test_rename_move_and_trash(qtbot, opened, library_copy, monkeypatch):
    window = opened
    _show(qtbot, window, RIVER)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "river.md")
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        window.editing.rename_file()
    assert shown.args[0] == "_posts/river.md"
    assert (library_copy / "_posts/river.md").is_file()
    assert not (library_copy / RIVER).exists()
    bar = window.statusBar()
    assert bar.currentMessage() == f"Renamed {RIVER} to _posts/river.md"
    monkeypatch.setattr(
        dialogs, "ask_item", lambda parent, title, label, items, current="": "notes"
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        window.editing.move_to_folder()
    assert shown.args[0] == "notes/river.md"
    # (a failure said before stayed, saying the opposite of what was done)
    assert bar.currentMessage() == "Moved _posts/river.md to notes/river.md"
    trashed = []
    monkeypatch.setattr(
        dialogs, "confirm", lambda parent, title, text: trashed.append(text) or False
    )
    window.editing.trash()
    assert trashed and (library_copy / "notes/river.md").is_file()  # declined: kept
    sent = []
    monkeypatch.setattr(
        "send2trash.send2trash", lambda path: sent.append(path) or __import__("os").unlink(path)
    )
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.editing.trash()
    assert sent and not (library_copy / "notes/river.md").exists()
    assert window.list_model.row_of("notes/river.md") == -1


def test_a_failed_rename_says_what_was_not_done(qtbot, opened, library_copy, monkeypatch):
    window = opened
    _show(qtbot, window, RIVER)
    taken = library_copy / "_posts" / "taken.md"
    taken.write_bytes(b"---\ntitle: Taken\n---\n")
    asked = []

    def ask(parent, title, label, text=""):
        asked.append((label, text))
        return "taken.md" if len(asked) == 1 else None  # then cancelled

    monkeypatch.setattr(dialogs, "ask_text", ask)
    bar = window.statusBar()
    said = []
    bar.messageChanged.connect(said.append)
    window.editing.rename_file()
    # asked again with the name as typed and why, not to be typed again
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10000)
    label, text = asked[1]
    assert text == "taken.md" and label.startswith("Not renamed: ") and "taken.md" in label
    assert any(m.startswith("Not renamed: ") and "taken.md" in m for m in said)
    assert (library_copy / RIVER).is_file() and taken.read_bytes() == b"---\ntitle: Taken\n---\n"
    # (review) given up: the refusal no longer stands in the status bar
    assert not bar.currentMessage().startswith("Not renamed")


SNOW = "_posts/2020-11-21-first-snow.md"  # (dated by its name alone)


def test_a_rename_that_drops_the_date_of_the_name_asks_first(
    qtbot, opened, library_copy, monkeypatch
):
    # (review) 初雪 renamed first-snow.md took the file's time for its date,
    # jumped to the top of the list, and nothing was said
    window = opened
    _show(qtbot, window, SNOW)
    asked, confirmed = [], []
    answers = iter(["first-snow.md", None])

    def ask(parent, title, label, text=""):
        asked.append((label, text))
        return next(answers)

    monkeypatch.setattr(dialogs, "ask_text", ask)
    monkeypatch.setattr(
        dialogs, "confirm", lambda parent, title, text: confirmed.append(text) or False
    )
    window.editing.rename_file()
    assert len(confirmed) == 1
    assert "2020-11-21" in confirmed[0] and "first-snow.md" in confirmed[0]
    # declined: asked again with the date put back, and nothing renamed
    assert asked[1][1] == "2020-11-21-first-snow.md"
    assert "its date comes from its name: it is put back at the start" in asked[1][0]
    assert (library_copy / SNOW).is_file()
    # a name that keeps the date, or gives another, is not asked about
    confirmed.clear()
    monkeypatch.setattr(
        dialogs, "ask_text", lambda parent, title, label, text="": "2020-11-22-snow.md"
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        window.editing.rename_file()
    assert shown.args[0] == "_posts/2020-11-22-snow.md" and not confirmed
    _show(qtbot, window, "_posts/2020-11-22-snow.md")
    monkeypatch.setattr(
        dialogs, "ask_text", lambda parent, title, label, text="": "2020-11-21-snow.md"
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        window.editing.rename_file()
    assert shown.args[0] == "_posts/2020-11-21-snow.md" and not confirmed
    # and one the user says yes to is renamed
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "snow.md")
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        window.editing.rename_file()
    assert shown.args[0] == "_posts/snow.md"


def test_a_rename_of_an_article_dated_in_its_front_matter_is_not_asked_about(
    qtbot, opened, library_copy, monkeypatch
):
    window = opened
    path = library_copy / "_posts" / "2022-03-01-maintaining-a-small-library.md"
    assert b"\ndate:" in path.read_bytes()  # (its date is its own)
    _show(qtbot, window, "_posts/2022-03-01-maintaining-a-small-library.md")
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "small.md")
    monkeypatch.setattr(dialogs, "confirm", lambda *args: pytest.fail("asked"))
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        window.editing.rename_file()
    assert shown.args[0] == "_posts/small.md"


def test_move_to_category_is_an_undoable_form_edit(qtbot, opened, library_copy, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)
    monkeypatch.setattr(
        dialogs, "ask_item", lambda parent, title, label, items, current="": "生活 / 城市"
    )
    window.editing.move_to_category()
    assert form.edit.diff.value("categories") == ["生活", "城市"]
    form.undo_stack.undo()
    assert not form.is_modified()


def test_bulk_tag_rename_with_preview_and_undo(qtbot, opened, library_copy, monkeypatch):
    window = opened
    # every file but the reading state the window keeps beside the articles
    before = {
        p: p.read_bytes()
        for p in library_copy.rglob("*")
        if p.is_file() and ".article-reader" not in p.parts
    }
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "秋季")
    previews = []

    def accept(dialog):
        previews.append((dialog.files.count(), dialog.diff.toPlainText()))
        return True

    monkeypatch.setattr(dialogs, "run_dialog", accept)
    with qtbot.waitSignal(
        window.session.taxonomy_ready,
        timeout=20000,
        check_params_cb=lambda t: any(n == "秋季" for n, _ in t.tags),
    ):
        window.editing.rename_group(("tag", "秋天"))
    assert previews and previews[0][0] >= 1
    assert '-tags: ["河流", "散步", "秋天"]' in previews[0][1]
    assert '+tags: ["河流", "散步", "秋季"]' in previews[0][1]
    assert b'"\xe7\xa7\x8b\xe5\xad\xa3"' in (library_copy / RIVER).read_bytes()
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    with qtbot.waitSignal(
        window.session.taxonomy_ready,
        timeout=20000,
        check_params_cb=lambda t: any(n == "秋天" for n, _ in t.tags),
    ):
        window.editing.undo_bulk()
    after = {
        p: p.read_bytes()
        for p in library_copy.rglob("*")
        if p.is_file() and ".article-reader" not in p.parts
    }
    assert after == before


def test_bulk_preview_dialog_lists_files_and_diffs(qtbot, opened):
    from reader.ui.form.bulk_dialog import BulkPreviewDialog

    plan = opened.library.plan_category_rename(("生活",), ("日常",))
    dialog = BulkPreviewDialog(plan, opened)
    qtbot.addWidget(dialog)
    assert dialog.files.count() == len(plan.items) + len(plan.skipped) >= 2
    dialog.files.setCurrentRow(1)
    assert dialog.diff.toPlainText() == plan.items[1].diff
    assert dialog.apply_button.isEnabled()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_declined_conflict_is_not_asked_again_for_the_same_version(
    qtbot, opened, library_copy, monkeypatch
):
    """Cancel in the conflict dialog: re-renders and further watcher events for
    the same disk version do not bring it back; a new change does; a save
    still refuses to overwrite and asks once."""
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    asked = []
    monkeypatch.setattr(
        dialogs,
        "ask_conflict",
        lambda parent, name, diff, note="": asked.append(name) or dialogs.CANCEL,
    )
    path = library_copy / RIVER
    _change_on_disk(qtbot, window, path, b"comments: true", b"comments: false")
    assert asked == [RIVER]
    for _ in range(2):  # zoom, theme change: the same file read again
        with qtbot.waitSignal(window.article_shown, timeout=10000):
            window.rerender()
    window.editing.article_loaded(RIVER, window.library.load(RIVER))  # a second event
    assert asked == [RIVER]
    assert form.is_modified() and form.editors["title"].line.text() == "Mine"
    theirs = path.read_bytes()
    assert not window.editing.save()  # never overwrites, asks once
    assert asked == [RIVER, RIVER]
    assert path.read_bytes() == theirs
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.rerender()
    assert len(asked) == 2
    _change_on_disk(qtbot, window, path, b"author: '\xe8\xae\xb8\xe5\xae\x89'", b"author: 'Xu'")
    assert len(asked) == 3  # a new version is asked about
    assert form.editors["title"].line.text() == "Mine"


def test_conflict_dialog_is_not_stacked(qtbot, opened, library_copy, monkeypatch):
    """A change noticed while the dialog is open waits for it: one dialog at a
    time, and the newer version is asked about after the first closes."""
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    path = library_copy / RIVER
    asked = []

    def ask(parent, name, diff, note=""):
        asked.append(diff)
        if len(asked) == 1:  # events arrive while the dialog runs its loop
            editing = window.editing
            editing.article_loaded(RIVER, window.library.load(RIVER))
            path.write_bytes(path.read_bytes().replace("author: '许安'".encode(), b"author: 'Xu'"))
            editing.article_loaded(RIVER, window.library.load(RIVER))
            assert len(asked) == 1
        return dialogs.CANCEL if len(asked) == 1 else dialogs.MINE

    monkeypatch.setattr(dialogs, "ask_conflict", ask)
    _change_on_disk(qtbot, window, path, b"comments: true", b"comments: false")
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10000)
    assert form.edit.original.raw == path.read_bytes()
    assert form.editors["title"].line.text() == "Mine"


def test_trash_with_unsaved_edits_says_they_are_lost(qtbot, opened, library_copy, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or False)
    window.editing.trash()
    assert len(asked) == 1 and "unsaved changes" in asked[0] and RIVER in asked[0]
    assert (library_copy / RIVER).is_file()
    assert form.is_modified() and form.editors["title"].line.text() == "Mine"  # kept
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    monkeypatch.setattr("send2trash.send2trash", lambda path: __import__("os").unlink(path))
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.editing.trash()
    assert len(asked) == 2 and "unsaved changes" in asked[1]
    assert not (library_copy / RIVER).exists()
    assert not form.is_modified() and not window.isWindowModified()


def test_a_trash_that_fails_keeps_the_unsaved_edits(qtbot, opened, library_copy, monkeypatch):
    # the form was cleared before the trash ran: when it failed, the file
    # stayed and the edits the user agreed to lose with it were gone
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)

    def refuse(path):
        raise PermissionError(1, "Operation not permitted", path)

    monkeypatch.setattr("send2trash.send2trash", refuse)
    window.editing.trash()
    qtbot.waitUntil(
        lambda: "Not moved to the trash" in window.statusBar().currentMessage(), timeout=10000
    )
    assert (library_copy / RIVER).is_file()
    assert form.rel == RIVER and form.isEnabled()
    assert form.is_modified() and form.editors["title"].line.text() == "Mine"


def test_nothing_frees_the_form_while_its_file_goes_to_the_trash(
    qtbot, opened, library_copy, monkeypatch
):
    # the watcher's reload of the file being trashed failed (it was gone),
    # which gave the form typing back; done() then cleared what was typed
    import threading

    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    release = threading.Event()

    def slow_trash(path):
        release.wait(20)
        __import__("os").unlink(path)

    monkeypatch.setattr("send2trash.send2trash", slow_trash)
    window.editing.trash()
    assert not form.isEnabled()
    window.editing.switch_failed()
    window.editing.article_loaded(RIVER, window.library.load(RIVER))
    assert not form.isEnabled()
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        release.set()
    assert form.isEnabled() and not form.is_modified()


@pytest.mark.parametrize("operation", ["rename", "move"])
def test_the_form_takes_no_typing_while_its_file_is_renamed_or_moved(
    qtbot, opened, library_copy, monkeypatch, operation
):
    # typed while the rename ran (a large library: seconds), the edits went
    # to a path no longer there, and the question about them came after
    window = opened
    form = _show(qtbot, window, RIVER)
    library = window.library
    release = held_until(monkeypatch, library, operation)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "river.md")
    monkeypatch.setattr(
        dialogs, "ask_item", lambda parent, title, label, items, current="": "notes"
    )
    if operation == "rename":
        window.editing.rename_file()
    else:
        window.editing.move_to_folder()
    assert not form.isEnabled()
    window.editing.switch_failed()  # (nothing else frees it meanwhile)
    window.editing.article_loaded(RIVER, library.load(RIVER))
    assert not form.isEnabled()
    qtbot.keyClicks(form.editors["title"].line, "typed")
    assert not form.is_modified()
    target = "_posts/river.md" if operation == "rename" else "notes/river-walk.md"
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        release.set()
    assert shown.args[0] == target
    assert form.isEnabled() and form.rel == target and not form.is_modified()


@pytest.mark.parametrize("operation", ["rename", "move"])
def test_the_form_takes_typing_again_only_off_the_path_gone(
    qtbot, opened, library_copy, monkeypatch, operation
):
    # freed as the rename ended, the form was still on the old path until
    # the window showed the new one: typing went to a file no longer there
    window = opened
    form = _show(qtbot, window, RIVER)
    library = window.library
    release = held_until(monkeypatch, library, operation)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "river.md")
    monkeypatch.setattr(
        dialogs, "ask_item", lambda parent, title, label, items, current="": "notes"
    )
    freed = []

    def enabled_on() -> bool:
        if form.isEnabled():
            freed.append(form.rel)
            return True
        return False

    if operation == "rename":
        window.editing.rename_file()
    else:
        window.editing.move_to_folder()
    release.set()
    qtbot.waitUntil(enabled_on, timeout=20000)
    assert freed[0] != RIVER  # (cleared, or on the new path already)


def test_another_library_opened_during_a_rename_is_left_as_it_opens(
    qtbot, opened, library_copy, monkeypatch, tmp_path
):
    # the rename's end showed its new path in the library opened meanwhile:
    # "This article's file is missing", and the status said it was renamed
    import threading

    window = opened
    _show(qtbot, window, RIVER)
    library = window.library
    release = held_until(monkeypatch, library, "rename")
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "river.md")
    window.editing.rename_file()
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.md").write_text("---\ntitle: One\n---\n\nText.\n", encoding="utf-8")
    threading.Timer(0.3, release.set).start()
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(other), "one.md")
    qtbot.wait(500)
    assert window.reader.current == "one.md" and window.reader.message == ""
    assert "Renamed" not in window.statusBar().currentMessage()
    assert (library_copy / "_posts" / "river.md").is_file()  # (done, in its own library)


def test_a_second_rename_asked_while_one_runs_is_refused_and_said(
    qtbot, opened, library_copy, monkeypatch
):
    import threading

    window = opened
    form = _show(qtbot, window, RIVER)
    library = window.library
    release = threading.Event()
    real = library.rename
    calls = []

    def slow(*args, **kwargs):
        calls.append(args)
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(library, "rename", slow)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "river.md")
    window.editing.rename_file()
    window.editing.rename_file()
    assert "Still changing" in window.statusBar().currentMessage()
    assert not form.isEnabled()
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        release.set()
    assert len(calls) == 1 and form.isEnabled()


def test_a_failed_move_gives_the_form_back(qtbot, opened, library_copy, monkeypatch):
    window = opened
    form = _show(qtbot, window, RIVER)

    def refuse(rel, folder):
        raise ArticleError("refused here", rel)

    monkeypatch.setattr(window.library, "move", refuse)
    monkeypatch.setattr(
        dialogs, "ask_item", lambda parent, title, label, items, current="": "notes"
    )
    window.editing.move_to_folder()
    qtbot.waitUntil(lambda: "Not moved: " in window.statusBar().currentMessage(), timeout=10000)
    assert "refused here" in window.statusBar().currentMessage()
    assert form.isEnabled() and form.rel == RIVER
    assert (library_copy / RIVER).is_file()


def test_the_form_takes_no_typing_while_the_next_article_is_read(
    qtbot, opened, library_copy, monkeypatch
):
    # typed into the form of the article left while the next one was read
    # (a slow one: seconds), the edits were dropped without a word when it came
    import threading

    from reader.core.render import pipeline

    window = opened
    form = _show(qtbot, window, RIVER)
    other = "notes/afternoon-tea.md"
    release = threading.Event()
    render = pipeline.render_article

    def slow(article, **kwargs):
        release.wait(20)
        return render(article, **kwargs)

    monkeypatch.setattr(pipeline, "render_article", slow)
    window.show_article(other)
    assert form.isEnabled()  # (a quick read never greys it: a moment's grace)
    qtbot.waitUntil(lambda: not form.isEnabled(), timeout=5000)
    title = form.editors["title"].line
    qtbot.keyClicks(title, "typed")
    assert not form.is_modified()
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        release.set()
    assert form.rel == other and form.isEnabled() and not form.is_modified()


def _edits_and_another(qtbot, window):
    """The form on RIVER with its title edited, and another article read:
    the form, that article's path and the article."""
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    other = "notes/afternoon-tea.md"
    return form, other, window.library.load(other)


def test_edits_to_another_article_are_asked_about_when_the_next_one_comes(
    qtbot, opened, library_copy, monkeypatch
):
    window = opened
    form, other, article = _edits_and_another(qtbot, window)
    asked = []
    monkeypatch.setattr(
        dialogs, "ask_unsaved", lambda parent, name: asked.append(name) or dialogs.CANCEL
    )
    with qtbot.waitSignal(window.article_shown, timeout=10000) as shown:
        window.editing.article_loaded(other, article)
    assert shown.args == [RIVER]  # (back to the article the edits are to: asked once)
    assert asked == [RIVER]
    assert form.rel == RIVER and form.editors["title"].line.text() == "Mine"
    assert RIVER in window.statusBar().currentMessage()
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.DISCARD)
    window.editing.article_loaded(other, article)
    assert form.rel == other and not form.is_modified()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_conflict_dialog_shows_both_sides_and_the_merge(qtbot):
    from reader.core.edit.diff import conflict_diffs

    base = b"---\ntitle: Old\ncomments: true\n---\nBody\n"
    theirs = base.replace(b"comments: true", b"comments: false")
    mine = base.replace(b"title: Old", b"title: Mine")
    merged = theirs.replace(b"title: Old", b"title: Mine")
    dialog = dialogs.ConflictDialog(
        "post.md", conflict_diffs(base, theirs, mine, merged, "post.md")
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tabs.isHidden()
    dialog.show_diff.click()
    assert dialog.tabs.isVisible() and dialog.tabs.count() == 3
    assert "+comments: false" in dialog.theirs_view.toPlainText()
    assert "+title: Mine" in dialog.mine_view.toPlainText()
    merged_text = dialog.merged_view.toPlainText()
    assert "+title: Mine" in merged_text and "-title: Old" in merged_text
    assert "-comments" not in merged_text and "+comments" not in merged_text  # theirs is kept
    for button in (dialog.mine, dialog.theirs, dialog.show_diff):
        assert "&" in button.text()
    assert dialog.mine.isEnabled()
    broken = conflict_diffs(base, theirs, mine, None, "post.md", "cannot apply")
    refused = dialogs.ConflictDialog("post.md", broken)
    qtbot.addWidget(refused)
    assert not refused.mine.isEnabled()
    assert refused.merged_view.toPlainText() == "cannot apply"
    # and why is said without opening the differences (Keep Mine was greyed
    # out without a word)
    refused.show()
    assert refused.tabs.isHidden()
    assert refused.note.isVisible() and refused.note.text() == "cannot apply"
    assert refused.mine.toolTip() == "cannot apply"
    both = dialogs.ConflictDialog("post.md", broken, None, "kept as typed")
    qtbot.addWidget(both)
    assert both.note.text() == "cannot apply\n\nkept as typed"


def test_the_unsaved_changes_box_has_mnemonics(qtbot):
    from PySide6.QtWidgets import QMessageBox

    box = dialogs.unsaved_box(None, "post.md")
    qtbot.addWidget(box)
    texts = [
        box.button(b).text()
        for b in (
            QMessageBox.StandardButton.Save,
            QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
    ]
    assert texts == ["&Save", "&Discard", "&Cancel"]


def _answer_with_enter(qtbot, seen: list):
    """Press Enter in the next modal box, as someone who reads too fast."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if box is None:  # not shown yet
            QTimer.singleShot(10, press)
            return
        no = box.button(QMessageBox.StandardButton.No)
        seen.append((box.text(), box.defaultButton() is no))
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_enter_in_the_trash_question_keeps_the_article_and_its_edits(qtbot, opened, library_copy):
    """Yes was the default: Enter moved the file to the trash and lost the edits."""
    window = opened
    form = _show(qtbot, window, RIVER)
    _type_title(form, "Mine")
    seen: list = []
    _answer_with_enter(qtbot, seen)
    window.editing.trash()
    assert len(seen) == 1 and "unsaved changes" in seen[0][0] and seen[0][1]  # No: the default
    assert (library_copy / RIVER).is_file()
    assert form.is_modified() and form.editors["title"].line.text() == "Mine"
    box = dialogs.confirm_box(None, "Move to Trash", "Move it?")
    qtbot.addWidget(box)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.No)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_enter_in_the_conflict_dialog_never_takes_theirs(qtbot):
    """Take Theirs drops the edits: Enter means Keep Mine, or Cancel when the
    edits cannot be applied (Take Theirs had the focus and Enter then)."""
    from reader.core.edit.diff import conflict_diffs

    base = b"---\ntitle: Old\ncomments: true\n---\nBody\n"
    theirs = base.replace(b"comments: true", b"comments: false")
    mine = base.replace(b"title: Old", b"title: Mine")
    merged = theirs.replace(b"title: Old", b"title: Mine")
    for merge, expected in ((merged, dialogs.MINE), (None, dialogs.CANCEL)):
        dialog = dialogs.ConflictDialog(
            "post.md", conflict_diffs(base, theirs, mine, merge, "post.md", "cannot apply")
        )
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
        assert not dialog.theirs.isDefault() and not dialog.theirs.autoDefault()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        assert dialog.choice == expected
        assert dialog.result() == (QDialog.DialogCode.Accepted if merge else 0)


def test_a_trashed_article_is_not_shown_as_missing_and_comes_back_with_undo(
    qtbot, opened, library_copy, monkeypatch
):
    window = opened
    _show(qtbot, window, RIVER)
    content = (library_copy / RIVER).read_bytes()
    monkeypatch.setattr("send2trash.send2trash", lambda path: __import__("os").unlink(path))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.editing.trash()
    qtbot.wait(200)
    assert window.reader.current != RIVER  # (it said the file was missing)
    assert "Undo Last Bulk Edit" in window.statusBar().currentMessage()
    assert not window.editing.revert_action.isEnabled()
    monkeypatch.setattr(dialogs, "inform", lambda *args: pytest.fail(f"said {args}"))
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.editing.undo_bulk()
    qtbot.waitUntil(lambda: (library_copy / RIVER).exists(), timeout=10000)
    assert (library_copy / RIVER).read_bytes() == content
    qtbot.waitUntil(lambda: window.list_model.row_of(RIVER) >= 0, timeout=10000)


def test_an_article_that_comes_while_the_question_is_open_waits_for_its_answer(
    qtbot, opened, library_copy, monkeypatch
):
    # a render landing while the question about the edits was on screen went
    # back to their article on its own, under the open question
    window = opened
    form, other, article = _edits_and_another(qtbot, window)
    asked = []

    def ask(parent, name):
        asked.append(name)
        window.editing.article_loaded(other, article)  # (arrives meanwhile)
        return dialogs.CANCEL

    monkeypatch.setattr(dialogs, "ask_unsaved", ask)
    with qtbot.assertNotEmitted(window.article_shown, wait=1000):  # (nothing shown again)
        assert not window.editing.confirm_leave()
    assert asked == [RIVER]  # asked once
    assert form.rel == RIVER and form.editors["title"].line.text() == "Mine"


def test_a_search_shown_finds_the_article_renamed_from_it(qtbot, opened, monkeypatch):
    # the list said "No articles match" after the rename until the search
    # was typed again (the renamed article was not in the search index yet)
    window = opened
    search_for(qtbot, window, "入海口")
    assert window.list_model.row_of(RIVER) != -1
    _show(qtbot, window, RIVER)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "river.md")
    window.editing.rename_file()
    qtbot.waitUntil(lambda: window.list_model.row_of("_posts/river.md") != -1, timeout=20000)
    assert window.list_model.row_of(RIVER) == -1


def test_an_undo_that_skips_a_file_says_why(qtbot, opened, library_copy, monkeypatch):
    # "0 files restored. 1 file skipped." said nothing of why
    window = opened
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    library = window.library
    plan = library.plan_tag_rename("河流", "溪流")
    assert plan.items
    library.apply(plan)
    changed = library_copy / plan.items[0].path
    changed.write_bytes(changed.read_bytes() + b"\nedited by hand\n")
    window.editing.undo_bulk()
    qtbot.waitUntil(lambda: "skipped" in window.statusBar().currentMessage(), timeout=20000)
    message = window.statusBar().currentMessage()
    assert "skipped, e.g. " in message and plan.items[0].path in message


def test_an_undo_that_put_nothing_back_does_not_say_files_were_restored(
    qtbot, opened, library_copy, monkeypatch
):
    # "0 file(s) restored." read as done
    window = opened
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    library = window.library
    plan = library.plan_tag_rename("河流", "溪流")
    library.apply(plan)
    for item in plan.items:
        changed = library_copy / item.path
        changed.write_bytes(changed.read_bytes() + b"\nedited by hand\n")
    window.editing.undo_bulk()
    qtbot.waitUntil(lambda: "skipped" in window.statusBar().currentMessage(), timeout=20000)
    message = window.statusBar().currentMessage()
    assert message.startswith("Nothing was put back") and "file(s) restored" not in message


def test_an_undo_of_an_edit_stopped_before_its_first_write_says_it_changed_nothing(
    qtbot, opened, library_copy, monkeypatch
):
    # "0 file(s) restored." as if files could not be put back
    window = opened
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    journal = window.library.journal
    path = library_copy / RIVER
    before = path.read_bytes()
    op_id = journal.begin("rename tag 河流 → 溪流")  # (as kill -9 left it: journaled, not written)
    journal.record(op_id, RIVER, before, before.replace("河流".encode(), "溪流".encode()))
    window.editing.undo_bulk()
    qtbot.waitUntil(
        lambda: "Nothing to put back" in window.statusBar().currentMessage(), timeout=20000
    )
    assert "restored" not in window.statusBar().currentMessage()
    assert path.read_bytes() == before


def test_an_undo_asked_while_a_rename_runs_is_refused_and_said(
    qtbot, opened, library_copy, monkeypatch
):
    # (review) the undo ran beside the rename, and whichever ended first
    # gave the form typing back while the other still worked
    window = opened
    _show(qtbot, window, RIVER)
    library = window.library
    release = held_until(monkeypatch, library, "rename")
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "river.md")
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    library.apply(library.plan_tag_rename("河流", "溪流"))
    window.editing.rename_file()
    undone = []
    monkeypatch.setattr(library, "undo_last", lambda *a, **k: undone.append(a))
    window.editing.undo_bulk()
    qtbot.waitUntil(lambda: "Still changing" in window.statusBar().currentMessage(), timeout=10000)
    assert not undone
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        release.set()


def test_an_article_that_cannot_be_shown_takes_the_form_off_the_one_before(
    qtbot, opened, library_copy
):
    # the list and the reader were on the new article, and the form still
    # showed the one before, taking edits to it
    window = opened
    form = _show(qtbot, window, RIVER)
    assert form.rel == RIVER
    other = "notes/keeping-notes.md"
    (library_copy / other).unlink()
    window.show_article(other)
    qtbot.waitUntil(lambda: "missing" in window.reader.message, timeout=10000)
    assert form.rel is None and form.isEnabled()
    window.editing.toggle_form(False)
    window.editing.toggle_form(True)
    assert form.rel is None


def test_edits_typed_while_the_next_article_was_read_stay_when_it_fails(
    qtbot, opened, library_copy
):
    window = opened
    form = _show(qtbot, window, RIVER)
    other = "notes/keeping-notes.md"
    (library_copy / other).unlink()
    window.editing.switching_to(other)
    _type_title(form, "Mine")
    window.editing.switch_failed(other)
    assert form.rel == RIVER and form.is_modified() and form.isEnabled()


def test_an_article_trashed_here_is_not_then_said_to_be_missing(
    qtbot, opened, library_copy, monkeypatch
):
    # the watcher saw the file go while the trash ran, and its check of the
    # article shown failed after the trash had cleared the reader
    import os
    import threading

    window = opened
    _show(qtbot, window, RIVER)
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    gone, release = threading.Event(), threading.Event()

    def slow_trash(path):
        os.unlink(path)
        gone.set()
        release.wait(20)

    monkeypatch.setattr("send2trash.send2trash", slow_trash)
    window.editing.trash()
    assert gone.wait(20)
    window.watcher.changed.emit([str(library_copy / RIVER)])
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        release.set()
    qtbot.wait(300)
    assert "missing" not in window.reader.message
    assert window.reader.current != RIVER  # (the article that took its row, if any)


def test_trashing_the_article_chosen_in_the_list_shows_the_one_that_takes_its_row(
    qtbot, opened, library_copy, monkeypatch
):
    # chosen in the list, the trashed article was shown again as "missing",
    # and the list had no current row (Down went to the first)
    window = opened
    model = window.list_model
    row = model.row_of(RIVER)
    assert 0 <= row < model.rowCount() - 1
    following = model.path_at(row + 1)
    window.list_pane.select_listed(RIVER)
    _show(qtbot, window, RIVER)
    assert window.current_article() == RIVER
    monkeypatch.setattr("send2trash.send2trash", lambda path: __import__("os").unlink(path))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.editing.trash()
    qtbot.wait(300)
    assert window.reader.current == following
    assert "missing" not in window.reader.message
    assert window.list_pane.current_path() == following
    assert model.row_of(following) == row


def test_a_search_typed_while_the_chosen_article_opens_keeps_it(qtbot, opened, monkeypatch):
    # (review) the rule for a trashed article took the chosen one, still
    # rendering and not in the search's list, for gone: the search's row in
    # its place was opened instead
    import threading

    import reader.core.render.pipeline as pipeline

    window = opened
    model = window.list_model
    rows = [model.path_at(i) for i in range(model.rowCount())]
    library = window.library
    cats = {rel: {"/".join(c) for c in library.load(rel).categories} for rel in rows}
    chosen = next(
        r
        for i, r in enumerate(rows)
        if i >= 2 and cats[r] and any(c not in cats[r] for o in rows for c in cats[o])
    )
    other = next(c for o in rows for c in cats[o] if c not in cats[chosen] and "/" not in c)
    gate = threading.Event()
    real = pipeline.render_article

    def slow(article, **kwargs):
        if str(article.path).endswith(chosen):
            gate.wait(20)
        return real(article, **kwargs)

    monkeypatch.setattr(pipeline, "render_article", slow)
    shown = []
    window.article_shown.connect(shown.append)
    window.list_pane.select_listed(chosen)
    window.show_article(chosen)  # (rendering: "Opening …")
    try:
        window.search_field.setText(f"cat:{other}")
        window.list_pane.reload_requested.emit()
        qtbot.waitUntil(lambda: model.row_of(chosen) < 0 and model.rowCount() > 0, timeout=10000)
        qtbot.wait(300)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.reader.current == chosen, timeout=10000)
    assert shown in ([], [chosen]) or set(shown) == {chosen}


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_saving_leaves_the_focus_in_the_form(qtbot, opened):
    # (review) a click on Save disabled it with the focus on it, and Qt
    # handed the focus on to the tree: the next letter typed went there
    from PySide6.QtWidgets import QApplication

    window = opened
    form = _show(qtbot, window, RIVER)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    line = form.editors["author"].line
    qtbot.waitUntil(line.isVisible, timeout=10000)
    line.setFocus()
    qtbot.waitUntil(line.hasFocus, timeout=5000)
    line.end(False)
    qtbot.keyClicks(line, " Jr")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.is_modified(), timeout=10000)
    line = form.editors["author"].line  # (the field, shown again as saved)
    assert QApplication.focusWidget() is line  # (a click takes no focus)
    # by the keyboard: Tab to Save, Space; the focus goes back into the form
    qtbot.keyClicks(line, "!")
    form.save_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(form.save_button.hasFocus, timeout=5000)
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not form.is_modified(), timeout=10000)
    focused = QApplication.focusWidget()
    assert focused is not None and form.isAncestorOf(focused)
    assert focused not in (form.save_button, form.revert_button, form.changes_button)


def test_an_edit_cut_short_is_said_when_the_library_opens_and_ends_with_its_undo(
    qtbot, window, library_copy, cache_dir, monkeypatch
):
    # (data-safety attack) a publish killed half way left the post in
    # _posts and its images in _drafts, and nothing said so anywhere
    from reader.core.library.facade import Library
    from reader.ui.session import EDIT_CUT_SHORT

    path = library_copy / RIVER
    before = path.read_bytes()
    with Library.open(str(library_copy), cache_dir) as library:
        op = library.journal.begin("tag 河流 → 江河")
        library.journal.record(op, RIVER, before, before + b"x")
    path.write_bytes(before + b"x")  # (written, then killed before the end)
    with qtbot.waitSignal(
        window.session.warning,
        timeout=20000,
        check_params_cb=lambda what, why: what == EDIT_CUT_SHORT,
    ) as said:
        window.open_library(str(library_copy))
    assert "cut short" in said.args[1] and "Undo Last Bulk Edit" in said.args[1]
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    with qtbot.waitSignal(
        window.session.warning,
        timeout=20000,
        check_params_cb=lambda what, why: what == EDIT_CUT_SHORT and not why,
    ):
        window.editing.undo_bulk()
    qtbot.waitUntil(lambda: path.read_bytes() == before, timeout=20000)
