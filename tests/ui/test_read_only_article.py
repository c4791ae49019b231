"""A read-only article is shown read-only in the window, and nothing writes it."""

from __future__ import annotations

import pytest

ARTICLE = b"---\ntitle: Locked\ntags: [a]\n---\n<p>body</p>\n"


@pytest.fixture
def lib_window(qtbot, window, tmp_path):
    root = tmp_path / "LIB"
    root.mkdir()
    (root / "locked.md").write_bytes(ARTICLE)
    (root / "locked.md").chmod(0o444)
    (root / "open.md").write_bytes(ARTICLE.replace(b"Locked", b"Open"))
    with qtbot.waitSignal(
        window.session.progress,
        timeout=20000,
        check_params_cb=lambda what, done, total: what == "fulltext" and done == total,
    ):
        window.open_library(str(root))
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=10000)
    yield window, root
    (root / "locked.md").chmod(0o644)


def _form_for(qtbot, window, rel):
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    window.editing.toggle_form(True)
    form = window.editing.form
    assert form.rel == rel
    return form


def test_read_only_article_cannot_be_edited_or_saved(qtbot, lib_window):
    window, root = lib_window
    form = _form_for(qtbot, window, "locked.md")
    assert form.read_only and form.read_only_note.isVisibleTo(form)
    assert not form.fields_scroll.widget().isEnabled() and form.raw.isReadOnly()
    assert not form.save_button.isEnabled()
    assert not form.new_key.isEnabled() and not form.add_button.isEnabled()
    assert window.editing.save()  # nothing pending: nothing written
    assert (root / "locked.md").read_bytes() == ARTICLE

    # The next, writable, article is editable again.
    form = _form_for(qtbot, window, "open.md")
    assert not form.read_only and not form.read_only_note.isVisibleTo(form)
    assert form.fields_scroll.widget().isEnabled() and not form.raw.isReadOnly()
    assert form.new_key.isEnabled() and form.add_button.isEnabled()


def test_saving_a_file_made_read_only_meanwhile_is_refused(qtbot, lib_window):
    window, root = lib_window
    form = _form_for(qtbot, window, "open.md")
    form.set_key_value("title", "Changed")
    (root / "open.md").chmod(0o444)
    try:
        assert window.editing.save() is False
        assert "read-only" in window.statusBar().currentMessage()
        assert (root / "open.md").read_bytes() == ARTICLE.replace(b"Locked", b"Open")
        assert form.is_modified()  # the edit is kept, not lost
    finally:
        (root / "open.md").chmod(0o644)


@pytest.mark.parametrize("then", ["save", "revert"])
def test_why_a_save_failed_stays_said_until_saved_or_reverted(qtbot, lib_window, then):
    from reader.ui.form.controller import NOT_SAVED

    window, root = lib_window
    form = _form_for(qtbot, window, "open.md")
    form.set_key_value("title", "Changed")
    (root / "open.md").chmod(0o444)
    try:
        assert window.editing.save() is False
    finally:
        (root / "open.md").chmod(0o644)
    label = window.warning_label
    why = window.session.warnings()[NOT_SAVED]
    assert why.startswith("open.md: ") and "read-only" in why
    assert "Edits not saved" in label.text() and "read-only" in label.toolTip()
    window.statusBar().clearMessage()  # the message goes; the reason stays
    assert not label.isHidden() and form.is_modified()
    if then == "save":
        assert window.editing.save()
        assert b"Changed" in (root / "open.md").read_bytes()
    else:
        window.editing.revert()
    assert not form.is_modified()
    assert NOT_SAVED not in window.session.warnings() and label.isHidden()
