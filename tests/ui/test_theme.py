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


# -- the outline of check boxes and radio buttons (WCAG 1.4.11, non-text contrast) ----


@pytest.mark.parametrize("theme", THEMES)
def test_the_indicator_outline_colour_meets_3_to_1(theme):
    c = palette_colors(theme)
    for bg in ("window", "base", "alt", "button"):
        assert contrast(c["outline"], c[bg]) >= AA_UI, (theme, "outline", bg)


def _outline_contrast(image, rect, background: str) -> float:
    """The highest contrast against ``background`` of the pixels where the
    outline of the indicator in ``rect`` is drawn: its left edge, on the row
    through its middle (a check box's side, a radio button's leftmost point)."""
    y = rect.center().y()
    pixels = [image.pixelColor(x, y).name() for x in range(rect.left(), rect.left() + 3)]
    return max(contrast(p, background) for p in pixels)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("theme", THEMES)
def test_an_unchecked_check_box_and_radio_button_show_their_outline(qtbot, qapp, theme):
    from PySide6.QtWidgets import (
        QCheckBox,
        QDialog,
        QRadioButton,
        QStyle,
        QStyleOptionButton,
        QVBoxLayout,
    )

    before = qapp.palette()
    try:
        apply_palette(qapp, theme)
        dialog = QDialog()
        qtbot.addWidget(dialog)
        layout = QVBoxLayout(dialog)
        box, radio = QCheckBox("Unchecked", dialog), QRadioButton("Off", dialog)
        layout.addWidget(box)
        layout.addWidget(radio)
        dialog.show()
        qtbot.waitExposed(dialog)
        image = dialog.grab().toImage()
        background = PALETTES[theme]["window"]
        assert image.pixelColor(1, 1).name() == background  # the dialog's own background
        for widget, element in (
            (box, QStyle.SubElement.SE_CheckBoxIndicator),
            (radio, QStyle.SubElement.SE_RadioButtonIndicator),
        ):
            option = QStyleOptionButton()
            widget.initStyleOption(option)
            rect = widget.style().subElementRect(element, option, widget)
            rect.translate(widget.pos())
            ratio = _outline_contrast(image, rect, background)
            assert ratio >= AA_UI, (theme, type(widget).__name__, round(ratio, 2))
            inside = image.pixelColor(rect.center()).name()  # the base colour, in the box
            assert _outline_contrast(image, rect, inside) >= AA_UI, (theme, inside)
    finally:
        qapp.setPalette(before)


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
@pytest.mark.parametrize("theme", THEMES)
def test_a_menu_check_box_shows_its_outline(qtbot, qapp, theme):
    from PySide6.QtWidgets import QMenu

    from reader.ui.theme import outline_indicators

    before = qapp.palette()
    try:
        apply_palette(qapp, theme)
        menu = QMenu()
        qtbot.addWidget(menu)
        plain = menu.addAction("Same text")
        checkable = menu.addAction("Same text")
        checkable.setCheckable(True)  # unchecked: only the outline tells it is a check box
        outline_indicators([menu], theme)
        menu.popup(menu.pos())
        qtbot.waitExposed(menu)
        image = menu.grab().toImage()
        a, b = menu.actionGeometry(plain), menu.actionGeometry(checkable)
        background = image.pixelColor(a.right() - 2, a.center().y()).name()
        # the rows differ only where the check box is drawn
        drawn = [
            image.pixelColor(x, b.top() + y).name()
            for y in range(b.height())
            for x in range(b.width())
            if image.pixelColor(x, a.top() + y) != image.pixelColor(x, b.top() + y)
        ]
        assert drawn
        best = max(contrast(colour, background) for colour in drawn)
        assert best >= AA_UI, (theme, round(best, 2))
        menu.hide()
    finally:
        qapp.setPalette(before)


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_windows_menus_show_check_box_outlines(qtbot, qapp, window, theme):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    before = qapp.palette()
    try:
        window.set_theme(theme)
        menu = window.findChild(QMenu, "articleMenu")
        checkable = next(a for a in menu.actions() if a.objectName() == "editFrontMatter")
        assert checkable.isCheckable() and not checkable.isChecked()
        twin = QAction(menu)  # the same row without a check box
        twin.setText(checkable.text())
        twin.setShortcut(checkable.shortcut())
        menu.insertAction(checkable, twin)
        menu.popup(window.pos())
        qtbot.waitExposed(menu)
        image = menu.grab().toImage()
        a, b = menu.actionGeometry(twin), menu.actionGeometry(checkable)
        background = image.pixelColor(a.right() - 2, a.top() + 2).name()
        drawn = [
            image.pixelColor(x, b.top() + y).name()
            for y in range(b.height())
            for x in range(b.width())
            if image.pixelColor(x, a.top() + y) != image.pixelColor(x, b.top() + y)
        ]
        assert drawn
        best = max(contrast(colour, background) for colour in drawn)
        assert best >= AA_UI, (theme, round(best, 2))
        menu.hide()
        menu.removeAction(twin)
    finally:
        qapp.setPalette(before)
