"""Light, dark and sepia: the application palette and the reader's theme.

``system`` follows :meth:`QStyleHints.colorScheme` (and changes with it).
Palettes are built here rather than relying on the platform, so that dark
and sepia also work where the platform has no notion of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

__all__ = [
    "FRAME_CLASSES",
    "INDICATOR_CLASSES",
    "PALETTES",
    "UNCHANGED_CLASSES",
    "apply_palette",
    "contrast",
    "effective_theme",
    "error_color",
    "frame_palette",
    "indicator_palette",
    "outline_indicators",
    "palette_colors",
    "ui_font",
]

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
)


def effective_theme(preference: str) -> str:
    """``light``, ``dark`` or ``sepia`` for a preference (``system`` resolved)."""
    if preference in ("light", "dark", "sepia"):
        return preference
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def _palette(colors: dict[str, str]) -> QPalette:
    role = QPalette.ColorRole
    palette = QPalette()
    mapping = {
        "window": (role.Window,),
        "text": (role.WindowText, role.Text, role.ButtonText),
        "base": (role.Base,),
        "alt": (role.AlternateBase,),
        "button": (role.Button,),
        "highlight": (role.Highlight,),
        "highlighted": (role.HighlightedText,),
        "link": (role.Link,),
        "tip": (role.ToolTipBase,),
        "tiptext": (role.ToolTipText,),
        "mid": (role.Mid, role.Dark),
        "light": (role.Light, role.Midlight),
        "placeholder": (role.PlaceholderText,),
        "bright": (role.BrightText,),
    }
    for name, roles in mapping.items():
        for r in roles:
            palette.setColor(r, QColor(colors[name]))
    disabled = QColor(colors["placeholder"])
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    # a field that cannot be edited has the window's background, not a
    # field's: in the dark theme only its text told it apart
    palette.setColor(QPalette.ColorGroup.Disabled, role.Base, QColor(colors["window"]))
    return palette


#: The palettes, measured against WCAG AA (4.5:1 for text, in
#: tests/ui/test_theme.py): text, secondary (placeholder) text, links, tips
#: and selected text on their backgrounds.  ``outline`` is not a palette
#: role: it is the outline of an unchecked check box or radio button and the
#: frame of a text field, spin box or combo box, 3:1 against the backgrounds
#: it is drawn on (see :func:`indicator_palette` and :func:`frame_palette`).
#: A focused field's frame is Fusion's: ``highlight`` 125% darker, but made
#: light (HSL lightness 160) when that is still brighter than value 160 —
#: so a light theme's highlight has an HSV value of 200 at most, a dark
#: theme's over 200 (3:1 against the window, measured on rendered frames).
_LIGHT = {
    "window": "#efefef",
    "text": "#1a1a1a",
    "base": "#ffffff",
    "alt": "#f5f5f5",
    "button": "#e8e8e8",
    "highlight": "#2f64c8",  # value 200 at most: a focused field's frame is dark (below)
    "highlighted": "#ffffff",
    "link": "#0b57d0",
    "tip": "#ffffdc",
    "tiptext": "#1a1a1a",
    "mid": "#b8b8b8",
    "light": "#ffffff",
    "placeholder": "#666666",
    "bright": "#c62828",
    "outline": "#7a7a7a",
}
_DARK = {
    "window": "#2b2b2e",
    "text": "#e6e6e6",
    "base": "#1f1f22",
    "alt": "#27272b",
    "button": "#35353a",
    "highlight": "#1e78ca",  # value over 200: a focused field's frame is light (below)
    "highlighted": "#ffffff",
    "link": "#8ab4f8",
    "tip": "#3a3a3f",
    "tiptext": "#f0f0f0",
    "mid": "#4a4a50",
    "light": "#505056",
    "placeholder": "#a0a0a6",
    "bright": "#ff6b6b",
    "outline": "#9d9da3",
}
_SEPIA = {
    "window": "#efe4cc",
    "text": "#433422",
    "base": "#f7efdc",
    "alt": "#f1e6cf",
    "button": "#e8dabd",
    "highlight": "#85592a",
    "highlighted": "#ffffff",
    "link": "#7a4a12",
    "tip": "#fbf4e4",
    "tiptext": "#433422",
    "mid": "#c9b48f",
    "light": "#fbf6ea",
    "placeholder": "#6e5c45",
    "bright": "#b03a2e",
    "outline": "#806f55",
}


PALETTES = {"light": _LIGHT, "dark": _DARK, "sepia": _SEPIA}


def palette_colors(theme: str) -> dict[str, str]:
    """The colours of ``theme``'s palette by name (``text``, ``base``, ``highlight``…)."""
    return dict(PALETTES[theme])


#: The widgets that draw check box and radio button indicators and never
#: paint their own Window colour: they get :func:`indicator_palette` as
#: their class palette.  (Not QMenu: a combo box's popup paints its items in
#: QMenu's Window colour; menus get it one by one, :func:`outline_indicators`.)
INDICATOR_CLASSES = ("QCheckBox", "QRadioButton", "QListWidget")


def indicator_palette(theme: str) -> QPalette:
    """A palette with only the Window role set, for widgets that draw check
    box or radio button indicators: Fusion draws their outline in Window
    darker by 140% and lighter by 110%, which on the palettes' own Window
    colours is 1.2:1 (dark) to 1.8:1 (light) against the background.  Here
    Window is the colour that gives ``outline`` (3:1, tests/ui/test_theme.py).
    Set on its own, the role leaves the others to follow the application."""
    colors = PALETTES.get(theme, _LIGHT)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colors["outline"]).lighter(140).darker(110))
    return palette


#: The widgets whose frame Fusion draws in their Window colour darker by 140%
#: (a plain text edit's 8% lighter than that): on the palettes' own Window
#: colours, 1.2:1 (dark) to 1.8:1 (light) against the window, a field nearly
#: invisible.  They get :func:`frame_palette` as their class palette; none
#: paints its own Window colour.  (Not QTextEdit: the only one in the window
#: is the reader, a QTextBrowser and no field; its subclass would match it.)
FRAME_CLASSES = ("QLineEdit", "QAbstractSpinBox", "QComboBox", "QPlainTextEdit")

#: What would take the Window colour of :data:`FRAME_CLASSES` from them and
#: keeps the application's palette instead: a widget's scroll bars inherit its
#: palette, and so does a combo box's popup (a window Qt lets inherit): its
#: frame and scroll bar would change colour, not just the combo box's frame.
UNCHANGED_CLASSES = ("QScrollBar", "QComboBoxPrivateContainer")


def frame_palette(theme: str) -> QPalette:
    """A palette with only the Window role set, for :data:`FRAME_CLASSES`:
    Window is the colour whose 140% darker shade is ``outline`` (3:1 against
    the window and the field, measured on rendered frames in
    tests/ui/test_theme.py)."""
    colors = PALETTES.get(theme, _LIGHT)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colors["outline"]).lighter(140))
    return palette


def apply_palette(app: QApplication, theme: str) -> None:
    """Give ``app`` the palette of ``theme`` (already resolved).

    The application palette replaces every class palette (Qt's rule), so
    those of :data:`INDICATOR_CLASSES`, :data:`FRAME_CLASSES` and
    :data:`UNCHANGED_CLASSES` are set again after it.  Each is a palette of
    its own: one Qt takes for a copy of the application's gives way to the
    parent's (a combo box's popup would take the combo box's)."""
    colors = PALETTES.get(theme, _LIGHT)
    app.setPalette(_palette(colors))
    for names, window in (
        (INDICATOR_CLASSES, indicator_palette(theme).window().color()),
        (FRAME_CLASSES, frame_palette(theme).window().color()),
        (UNCHANGED_CLASSES, None),
    ):
        palette = _palette(colors)
        if window is not None:
            palette.setColor(QPalette.ColorRole.Window, window)
        for name in names:
            # (the stub types the class name as bytes; PySide takes, and needs, str)
            app.setPalette(palette, name)  # type: ignore[arg-type]
    # Qt posts the application palette's change to the windows already shown
    # instead of sending it: delivered now, every widget has the theme when
    # this returns (a first change was reported to darken the reader alone)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)


def outline_indicators(widgets: Iterable[QWidget], theme: str) -> None:
    """Give ``widgets`` (menus with check boxes) the outline of ``theme``:
    their Window role only (:func:`indicator_palette`), set again on each
    change of theme."""
    palette = indicator_palette(theme)
    for widget in widgets:
        widget.setPalette(palette)


def ui_font(family: str = "", size: int = 0) -> QFont:
    """The reading font: the preference, else a CJK-capable sans serif."""
    from PySide6.QtGui import QFontDatabase

    font = QFont(QApplication.font())
    families = set(QFontDatabase.families())
    if family and family in families:
        font.setFamily(family)
    else:
        cjk = [f for f in CJK_FAMILIES if f in families]
        if cjk:
            font.setFamilies([font.family(), *cjk])
    if size > 0:
        font.setPointSize(size)
    return font


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


#: Error reds for a light and for a dark background (WCAG AA on either kind).
_ERROR_ON_LIGHT = "#b71c1c"
_ERROR_ON_DARK = "#ff8a80"


def error_color(palette: QPalette) -> QColor:
    """The colour of error text on ``palette``'s window: the theme's own red
    (BrightText, :mod:`reader.ui.theme`) when it is readable there (4.5:1),
    else a red made for a light or a dark background, whichever reads better
    (a palette that is not the application's own, whose BrightText is white)."""
    window = palette.color(QPalette.ColorRole.Window)
    bright = palette.color(QPalette.ColorRole.BrightText)
    if contrast(bright, window) >= 4.5 and bright.hsvSaturation() > 0:
        return bright
    return max((QColor(_ERROR_ON_LIGHT), QColor(_ERROR_ON_DARK)), key=lambda c: contrast(c, window))
