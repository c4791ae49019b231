"""WCAG AA contrast in the three themes, measured from the theme colours:
the window's palettes (reader.ui.theme) and the reader's stylesheet colours
(reader.core.render.pipeline.theme_colors)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from reader.core.render.pipeline import theme_colors
from reader.ui.theme import PALETTES, apply_palette, palette_colors

THEMES = ("light", "dark", "sepia")
AA_TEXT = 4.5  # normal-size text
AA_UI = 3.0  # focus indicators and other non-text parts


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", THEMES)
def test_the_window_palette_meets_wcag_aa(theme):
    c = palette_colors(theme)
    for fg, bg in (
        ("text", "window"),
        ("text", "base"),
        ("text", "alt"),
        ("text", "button"),
        ("highlighted", "highlight"),
        ("link", "base"),
        ("placeholder", "base"),  # snippets, second lines, messages
        ("placeholder", "window"),
        ("tiptext", "tip"),
    ):
        assert contrast(c[fg], c[bg]) >= AA_TEXT, (theme, fg, bg, contrast(c[fg], c[bg]))
    for bg in ("window", "base"):  # the selection and focus frame stand out
        assert contrast(c["highlight"], c[bg]) >= AA_UI, (theme, "highlight", bg)


@pytest.mark.parametrize("theme", THEMES)
def test_the_reader_colours_meet_wcag_aa(theme):
    c = theme_colors(theme)
    for fg, bg in (
        ("text", "background"),
        ("muted", "background"),
        ("muted", "code-background"),
        ("link", "background"),
        ("code-text", "code-background"),
        ("quote-text", "background"),
        ("note-text", "note-background"),
        ("text", "mark-background"),
        ("tag", "background"),
        ("text", "table-header-background"),
    ):
        assert contrast(c[fg], c[bg]) >= AA_TEXT, (theme, fg, bg, contrast(c[fg], c[bg]))


@pytest.mark.parametrize("theme", THEMES)
def test_the_palette_applied_is_the_one_measured(qapp, theme):
    before = qapp.palette()
    try:
        apply_palette(qapp, theme)
        palette = qapp.palette()
        role = QPalette.ColorRole
        for name, r in (
            ("text", role.Text),
            ("base", role.Base),
            ("placeholder", role.PlaceholderText),
            ("highlight", role.Highlight),
        ):
            assert palette.color(r).name() == PALETTES[theme][name]
    finally:
        qapp.setPalette(before)
