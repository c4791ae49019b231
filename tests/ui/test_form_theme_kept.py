"""A theme change while the front-matter form holds unsaved edits keeps them
unsaved: Save stays on, leaving the article asks first, Ctrl+S writes them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.formhelpers import CTRL, RIVER, focus, open_form

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing)"  # offscreen
)


def _type_at_end(qtbot, line, text: str) -> None:
    focus(qtbot, line)
    line.end(False)
    QTest.keyClicks(line, text)


def test_a_theme_change_keeps_unsaved_form_edits_unsaved(qtbot, opened):
    window = opened
    form = open_form(qtbot, window)
    path = window.library.root / RIVER
    before = path.read_bytes()
    title = form.editors["title"].line
    _type_at_end(qtbot, title, " TH4")
    assert form.is_modified()
    for theme in ("dark", "sepia", "light"):
        with qtbot.waitSignal(window.article_shown, timeout=10000):
            window.set_theme(theme)
        assert title.text().endswith(" TH4")
        assert form.is_modified(), theme
        assert window.editing.save_action.isEnabled(), theme
    assert path.read_bytes() == before
    focus(qtbot, title)
    QTest.keyClick(title, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: path.read_bytes() != before, timeout=10000)
    assert " TH4" in path.read_text(encoding="utf-8")
    assert not form.is_modified()
