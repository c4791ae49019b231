"""The colours of the source editor and of the diff view read on the editor's
background (WCAG AA, 4.5:1) in the three themes: they were the light theme's
everywhere (bold Markdown black on the dark theme's #1f1f22, 1.28:1)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit

from reader.ui.form.dialogs import DiffDialog
from reader.ui.form.highlighter import SourceHighlighter
from reader.ui.theme import PALETTES, apply_palette, contrast

THEMES = ("light", "dark", "sepia")
AA_TEXT = 4.5

MARKDOWN = """\
---
title: "A title"  # a comment
draft: false
date: 2024-05-01
tags:
  - one
---
# A heading

Some **bold**, some *italic*, `code`, a [link](https://example.org).

- an item
> a quote
{% include note.html %}
<p class="x">Tom &amp; Jerry</p> <!-- a comment -->

```python
print("fenced")
```
"""

DIFF = """\
--- a/article.md
+++ b/article.md
@@ -1,3 +1,3 @@
 title: same
-title: old
+title: new
"""

#: The colours the light theme drew before (``#ef6c00`` and ``#9e9e9e`` were
#: below 4.5:1 even there).
LIGHT_BEFORE = {
    "#1565c0",
    "#2e7d32",
    "#8e24aa",
    "#ef6c00",
    "#000000",
    "#424242",
    "#ad1457",
    "#00838f",
    "#6d4c41",
    "#757575",
    "#9e9e9e",
    "#c62828",
}


@pytest.fixture(params=THEMES)
def theme(request, qapp):
    before = qapp.palette()
    apply_palette(qapp, request.param)
    yield request.param
    qapp.setPalette(before)


def foregrounds(editor: QPlainTextEdit) -> set[str]:
    """The text colours the highlighter drew in ``editor``."""
    document = editor.document()
    colours = set()
    for number in range(document.blockCount()):
        for r in document.findBlockByNumber(number).layout().formats():
            brush = QTextCharFormat(r.format).foreground()
            colours.add(brush.color().name())
    return colours


def assert_readable(editor: QPlainTextEdit, theme: str) -> set[str]:
    background = editor.palette().color(QPalette.ColorRole.Base)
    assert background.name() == PALETTES[theme]["base"]
    colours = foregrounds(editor)
    ratios = {c: round(contrast(QColor(c), background), 2) for c in colours}
    low = {c: ratio for c, ratio in ratios.items() if ratio < AA_TEXT}
    assert not low, (theme, low)
    return colours


def source_editor(qtbot, text: str, body: str = "markdown") -> QPlainTextEdit:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(text)
    editor.highlighter = SourceHighlighter(editor.document(), body)
    editor.highlighter.rehighlight()
    return editor


def test_the_source_colours_read_on_the_editor_in_each_theme(qtbot, theme):
    editor = source_editor(qtbot, MARKDOWN)
    colours = assert_readable(editor, theme)
    assert len(colours) >= 10  # every kind of colour was drawn


def test_the_html_and_front_matter_colours_read_in_each_theme(qtbot, theme):
    html = MARKDOWN.replace("```python", "").replace("```", "")
    assert_readable(source_editor(qtbot, html, "html"), theme)
    assert_readable(source_editor(qtbot, "title: 'x'  # c\nok: yes\n", "yaml-only"), theme)


def test_the_source_editor_dialog_colours_read_in_each_theme(qtbot, theme, tmp_path):
    from reader.core.article.codec import load_article
    from reader.ui.form.source_editor import SourceEditor

    path = tmp_path / "a.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    dialog = SourceEditor("a.md", load_article(path))
    qtbot.addWidget(dialog)
    dialog.highlighter.rehighlight()
    assert len(assert_readable(dialog.editor, theme)) >= 10


def test_the_diff_colours_read_in_each_theme(qtbot, theme):
    dialog = DiffDialog("Changes", DIFF)
    qtbot.addWidget(dialog)
    dialog.view.highlighter.rehighlight()
    assert len(assert_readable(dialog.view, theme)) == 4  # headers, removed, added, hunk


def test_the_colours_follow_a_change_of_theme(qtbot, qapp):
    before = qapp.palette()
    try:
        apply_palette(qapp, "light")
        editor = source_editor(qtbot, MARKDOWN)
        assert "#000000" in foregrounds(editor)  # bold
        apply_palette(qapp, "dark")
        assert "#000000" not in assert_readable(editor, "dark")
    finally:
        qapp.setPalette(before)


def test_the_light_theme_keeps_its_colours_that_read():
    from reader.ui.form.highlighter import readable

    white = QColor(PALETTES["light"]["base"])
    for colour in LIGHT_BEFORE:
        shown = readable(colour, white)
        assert contrast(shown, white) >= AA_TEXT, colour
        if contrast(QColor(colour), white) >= AA_TEXT:
            assert shown.name() == colour
