"""A front-matter error has the same line in the reader's notice and in the
Raw tab: the line of the file, the opening ``---`` being line 1 (the Raw tab
names its own line too)."""

from __future__ import annotations

import pytest

BROKEN = b"---\ntitle: ok\nkey: : :\n---\n\nBody\n"  # the error: the file's line 3


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize(("lead", "line"), [(b"", 3), (b"\n\n", 5)])
def test_the_reader_and_the_raw_tab_name_the_same_line(qtbot, window, library_copy, lead, line):
    (library_copy / "broken.md").write_bytes(lead + BROKEN)
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.open_library(str(library_copy))
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.show_article("broken.md")
    assert window.reader.result.raw
    shown = window.reader.browser.toPlainText()
    assert f"line {line}: error: invalid YAML" in shown
    window.editing.toggle_form(True)
    form = window.editing.form
    assert form.tabs.currentIndex() == 1  # the Raw tab: the fields cannot be read
    assert form.raw_error.text().startswith(f"Line 2 (line {line} of the file): invalid YAML")
    assert form.error_line() == 2  # marked on the text's own second line
    # typed: one line more above the error, one line further down in both
    form.raw.setPlainText("title: ok\nmore: 1\nkey: : :\n")
    assert form.raw_error.text().startswith(f"Line 3 (line {line + 1} of the file): invalid YAML")
    assert form.error_line() == 3
