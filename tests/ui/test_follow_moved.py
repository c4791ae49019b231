"""The article read, moved or renamed by another program (its folder too):
the reader, the form's unsaved edits and the reading state go with it.  They
stayed with the old path: the read mark went to a path no article has, and
Save offered to write the file again where its folder was gone, and failed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

REL = "news/2021/library-late-hours.html"
NEW = "press/2021/library-late-hours.html"


def _edit_title(qtbot, window, rel):
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.show_article(rel)
    window.editing.toggle_form(True)
    form = window.editing.form
    line = form.editors["title"].line
    line.setText(line.text() + "!")
    line.textEdited.emit(line.text())
    assert form.is_modified()
    return line.text()


def test_the_article_read_follows_its_folder_moved(qtbot, opened, library_copy):
    window = opened
    title = _edit_title(qtbot, window, REL)
    (library_copy / "news").rename(library_copy / "press")  # a file manager, say
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    qtbot.waitUntil(lambda: window.reader.current == NEW, timeout=20000)
    form = window.editing.form
    assert form.rel == NEW and form.is_modified()
    assert form.editors["title"].line.text() == title
    assert "press/2021" in window.statusBar().currentMessage()
    assert window.editing.save()
    saved = (library_copy / NEW).read_text(encoding="utf-8")
    assert title.replace("!", "") in saved and "!" in saved
    assert not (library_copy / "news").exists()  # not written again where it was
    state = window.reading.state
    window.reading.toggle("starred", [window.reader.current])
    qtbot.waitUntil(lambda: state.get(NEW).starred, timeout=20000)
    assert not state.get(REL).starred


def test_the_article_read_follows_a_rename_without_edits(qtbot, opened, library_copy):
    window = opened
    rel = "making-dumplings.md"
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.show_article(rel)
    (library_copy / rel).rename(library_copy / "dumplings.md")
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    qtbot.waitUntil(lambda: window.reader.current == "dumplings.md", timeout=20000)
    assert window.reader.result is not None  # shown from there, not "the file is missing"


def test_an_article_deleted_is_not_followed_to_a_copy_of_it(qtbot, opened, library_copy):
    # the copy, there before, was taken for its new place: the unsaved edit
    # went with it, and Save wrote it into the copy
    window = opened
    rel = "making-dumplings.md"
    (library_copy / "other").mkdir()
    copy = library_copy / "other" / "copy.md"
    copy.write_bytes((library_copy / rel).read_bytes())
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    _edit_title(qtbot, window, rel)
    before = copy.read_bytes()
    (library_copy / rel).unlink()
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    qtbot.wait(300)  # (a follow would have started on a worker)
    assert window.editing.form.rel == rel and window.reader.current != "other/copy.md"
    assert copy.read_bytes() == before


def test_followed_after_the_reader_said_the_file_was_missing(qtbot, opened, library_copy):
    # the watcher's render found the file gone before the refresh ended: the
    # reader dropped it, and the refresh then followed nothing
    window = opened
    title = _edit_title(qtbot, window, REL)
    (library_copy / "news").rename(library_copy / "press")
    window.show_article(REL, reload=True)  # (as the watcher does: "the file is missing")
    qtbot.waitUntil(
        lambda: window.reader.current == NEW or "missing" in window.reader.message,
        timeout=20000,
    )
    window.session.refresh()
    qtbot.waitUntil(lambda: window.reader.current == NEW, timeout=20000)
    form = window.editing.form
    assert form.rel == NEW and form.editors["title"].line.text() == title
    assert window.editing.save()
    assert "!" in (library_copy / NEW).read_text(encoding="utf-8")


def test_a_move_through_the_window_is_not_said_to_be_another_programs(
    qtbot, opened, library_copy, monkeypatch
):
    from reader.ui.form import dialogs

    window = opened
    rel = "making-dumplings.md"
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.show_article(rel)
    monkeypatch.setattr(dialogs, "ask_item", lambda *a, **k: "news")
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.editing.move_to_folder()
    window.session.refresh()  # (as the watcher would, at once)
    qtbot.waitUntil(lambda: window.reader.current == "news/making-dumplings.md", timeout=20000)
    qtbot.wait(300)
    assert not any("by another program" in text for text in said), said


def test_the_list_keeps_the_article_read_current_after_another_program_renames_it(
    qtbot, opened, library_copy
):
    # (adversarial review) the reader followed the rename (seen by the
    # watcher), but no row was current any more: the next article (j) was
    # the list's first
    window = opened
    rel = window.list_model.path_at(2)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.list_pane.make_current(rel)
    new = "renamed-" + rel.rpartition("/")[2]
    (library_copy / rel).rename(library_copy / new)
    qtbot.waitUntil(lambda: window.reader.current == new, timeout=20000)
    qtbot.waitUntil(lambda: window.list_pane.current_path() == new, timeout=10000)
    assert window.list_model.row_of(new) == 2
