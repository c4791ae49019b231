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


# -- the frames of text fields, spin boxes and combo boxes (WCAG 1.4.11) -------------------


def _fields(parent):
    """An empty line edit, combo box, editable combo box, spin box and plain
    text edit in ``parent``'s layout."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

    combo, editable = QComboBox(parent), QComboBox(parent)
    combo.addItems(["One", "Two"])
    editable.setEditable(True)
    editable.addItems(["Three", "Four"])
    text = QPlainTextEdit(parent)
    text.setFixedHeight(60)
    fields = [QLineEdit(parent), combo, editable, QSpinBox(parent), text]
    for field in fields:
        parent.layout().addWidget(field)
    return fields


def _framed(top) -> list:
    """The text fields, spin boxes and combo boxes of ``top`` that draw a
    frame and are wholly shown (not a spin box's or combo box's own field)."""
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QFrame,
        QLineEdit,
        QPlainTextEdit,
        QWidget,
    )

    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox | QPlainTextEdit):
            continue
        if not widget.isVisible() or widget.visibleRegion().boundingRect() != widget.rect():
            continue
        if isinstance(widget, QLineEdit) and (
            not widget.hasFrame() or isinstance(widget.parent(), QAbstractSpinBox | QComboBox)
        ):
            continue
        if isinstance(widget, QPlainTextEdit) and widget.frameShape() == QFrame.Shape.NoFrame:
            continue
        found.append(widget)
    return found


def _frame_contrast(image, top, widget, gap: int = 2) -> tuple[float, float]:
    """The contrast of ``widget``'s frame (its left edge, on the row through
    its middle) against what is next to it outside, ``gap`` pixels to the
    left, and against its inside, as rendered in ``image`` of ``top``."""
    from PySide6.QtCore import QPoint

    left = widget.mapTo(top, QPoint(0, 0))
    y = left.y() + widget.height() // 2
    edge = [image.pixelColor(x, y).name() for x in range(left.x(), left.x() + 3)]
    outside = image.pixelColor(left.x() - gap, y).name()
    inside = image.pixelColor(left.x() + 4, y).name()
    return max(contrast(e, outside) for e in edge), max(contrast(e, inside) for e in edge)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("theme", THEMES)
def test_the_frames_of_fields_show_against_the_window_and_the_field(qtbot, qapp, theme):
    from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout

    before = qapp.palette()
    try:
        apply_palette(qapp, theme)
        dialog = QDialog()
        qtbot.addWidget(dialog)
        QVBoxLayout(dialog)
        button = QPushButton("Focus here", dialog)  # the fields show their plain frame
        dialog.layout().addWidget(button)
        fields = _fields(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        button.setFocus()
        image = dialog.grab().toImage()
        assert image.pixelColor(1, 1).name() == PALETTES[theme]["window"]
        assert set(_framed(dialog)) == set(fields)
        for field in fields:
            outside, inside = _frame_contrast(image, dialog, field)
            name = type(field).__name__
            assert outside >= AA_UI, (theme, name, "window", round(outside, 2))
            assert inside >= AA_UI, (theme, name, "inside", round(inside, 2))
    finally:
        qapp.setPalette(before)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("theme", THEMES)
def test_a_focused_field_shows_its_frame(qtbot, qapp, theme):
    from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

    before = qapp.palette()
    try:
        apply_palette(qapp, theme)
        dialog = QDialog()
        qtbot.addWidget(dialog)
        QVBoxLayout(dialog)
        field = QLineEdit(dialog)
        dialog.layout().addWidget(field)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        image = dialog.grab().toImage()
        outside, _inside = _frame_contrast(image, dialog, field)
        assert outside >= AA_UI, (theme, round(outside, 2))
    finally:
        qapp.setPalette(before)


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")
@pytest.mark.parametrize("theme", THEMES)
def test_popups_menus_and_scroll_bars_keep_the_window_colour(qtbot, qapp, theme):
    """Only the frames change: a combo box's popup (which Qt gives the combo
    box's palette), a field's scroll bars (its children) and menus keep the
    theme's Window colour, as they were."""
    from PySide6.QtWidgets import QDialog, QMenu, QVBoxLayout

    before = qapp.palette()
    try:
        apply_palette(qapp, theme)
        dialog = QDialog()
        qtbot.addWidget(dialog)
        QVBoxLayout(dialog)
        _line, combo, editable, _spin, text = _fields(dialog)
        text.setPlainText("line\n" * 40)
        dialog.show()
        qtbot.waitExposed(dialog)
        window = PALETTES[theme]["window"]
        role = QPalette.ColorRole.Window
        for box in (combo, editable):
            box.showPopup()
            popup = box.view().window()
            qtbot.waitExposed(popup)
            assert popup is not dialog
            assert popup.palette().color(role).name() == window, type(box)
            assert box.view().verticalScrollBar().palette().color(role).name() == window
            box.hidePopup()
        assert text.verticalScrollBar().palette().color(role).name() == window
        menu = QMenu()
        qtbot.addWidget(menu)
        assert menu.palette().color(role).name() == window
    finally:
        qapp.setPalette(before)


def _assert_frames_show(top, theme: str, expected: int) -> None:
    image = top.grab().toImage()
    framed = _framed(top)
    assert len(framed) >= expected, [w.accessibleName() for w in framed]
    for widget in framed:
        outside, _inside = _frame_contrast(image, top, widget)
        assert outside >= AA_UI, (theme, widget.accessibleName(), round(outside, 2))


@pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing)", extend=True
)
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_fields_of_preferences_and_of_the_form_show(qtbot, qapp, opened, theme):
    from reader.ui.preferences import PreferencesDialog

    window = opened
    before = qapp.palette()
    try:
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.article_shown, timeout=10000):
            window.show_article("_posts/river-walk.md")
        window.editing.toggle_form(True)
        window.set_theme(theme)
        # the search box, title, date, time zone, author, category, new tag, new key
        _assert_frames_show(window, theme, 8)
        dialog = PreferencesDialog(window.settings, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        # theme, font, font size, remote images, sites, mark read after, language
        _assert_frames_show(dialog, theme, 7)
        dialog.reject()
    finally:
        qapp.setPalette(before)


def test_style_sheets_colour_text_only_with_measured_colours():
    # A hint in the palette's `mid` (1.7:1) and error reds fixed for a light
    # background (2.4:1 on dark) slipped past the measured palettes: text in a
    # style sheet takes a role measured above, or error_color's red.
    import re
    from pathlib import Path

    import reader.ui

    measured = {"text", "window-text", "placeholder-text", "highlighted-text", "link"}
    found = []
    for path in sorted(Path(reader.ui.__file__).parent.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            css = r"(?<![-\w])color:\s*(#\w+|palette\([\w-]+\)|rgba?\([^)]*\)|[a-z]+)\s*[;\"'}]"
            for match in re.finditer(css, line):
                value = match.group(1)
                role = re.fullmatch(r"palette\(([\w-]+)\)", value)
                if role and role.group(1) in measured:
                    continue
                found.append(f"{path.name}:{number}: {value}")
    assert [f for f in found if not f.startswith("pdf_export.py")] == []


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_change_of_theme_reaches_the_whole_window_at_once(qtbot, qapp, window):
    # Qt posts the palette change to shown windows: until it was delivered,
    # the menu bar, tree, list and status bar kept the old colours
    window.show()
    qtbot.waitExposed(window)
    before = qapp.palette()
    try:
        window.set_theme("dark")  # nothing run in between
        dark = PALETTES["dark"]
        for widget in (window, window.menuBar(), window.statusBar(), window.tree):
            assert widget.palette().color(QPalette.ColorRole.Window).name() == dark["window"]
        assert window.tree.palette().color(QPalette.ColorRole.Base).name() == dark["base"]
    finally:
        qapp.setPalette(before)
