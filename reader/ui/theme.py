"""Light, dark and sepia: the application palette and the reader's theme.

``system`` follows :meth:`QStyleHints.colorScheme` (and changes with it).
Palettes are built here rather than relying on the platform, so that dark
and sepia also work where the platform has no notion of them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["PALETTES", "apply_palette", "effective_theme", "palette_colors", "ui_font"]

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
    return palette


#: The palettes, measured against WCAG AA (4.5:1 for text, in
#: tests/ui/test_theme.py): text, secondary (placeholder) text, links, tips
#: and selected text on their backgrounds.
_LIGHT = {
    "window": "#efefef",
    "text": "#1a1a1a",
    "base": "#ffffff",
    "alt": "#f5f5f5",
    "button": "#e8e8e8",
    "highlight": "#2f65ca",
    "highlighted": "#ffffff",
    "link": "#0b57d0",
    "tip": "#ffffdc",
    "tiptext": "#1a1a1a",
    "mid": "#b8b8b8",
    "light": "#ffffff",
    "placeholder": "#666666",
    "bright": "#c62828",
}
_DARK = {
    "window": "#2b2b2e",
    "text": "#e6e6e6",
    "base": "#1f1f22",
    "alt": "#27272b",
    "button": "#35353a",
    "highlight": "#2079c4",
    "highlighted": "#ffffff",
    "link": "#8ab4f8",
    "tip": "#3a3a3f",
    "tiptext": "#f0f0f0",
    "mid": "#4a4a50",
    "light": "#505056",
    "placeholder": "#a0a0a6",
    "bright": "#ff6b6b",
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
}


PALETTES = {"light": _LIGHT, "dark": _DARK, "sepia": _SEPIA}


def palette_colors(theme: str) -> dict[str, str]:
    """The colours of ``theme``'s palette by name (``text``, ``base``, ``highlight``…)."""
    return dict(PALETTES[theme])


def apply_palette(app: QApplication, theme: str) -> None:
    """Give ``app`` the palette of ``theme`` (already resolved)."""
    app.setPalette(_palette(PALETTES.get(theme, _LIGHT)))


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
