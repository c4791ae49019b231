"""Light, dark and sepia: the application palette and the reader's theme.

``system`` follows :meth:`QStyleHints.colorScheme` (and changes with it).
Palettes are built here rather than relying on the platform, so that dark
and sepia also work where the platform has no notion of them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["apply_palette", "effective_theme", "ui_font"]

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


_DARK = {
    "window": "#2b2b2e",
    "text": "#e6e6e6",
    "base": "#1f1f22",
    "alt": "#27272b",
    "button": "#35353a",
    "highlight": "#3d6fb4",
    "highlighted": "#ffffff",
    "link": "#8ab4f8",
    "tip": "#3a3a3f",
    "tiptext": "#f0f0f0",
    "mid": "#4a4a50",
    "light": "#505056",
    "placeholder": "#8d8d93",
    "bright": "#ff6b6b",
}
_SEPIA = {
    "window": "#efe4cc",
    "text": "#433422",
    "base": "#f7efdc",
    "alt": "#f1e6cf",
    "button": "#e8dabd",
    "highlight": "#a5773f",
    "highlighted": "#ffffff",
    "link": "#7a4a12",
    "tip": "#fbf4e4",
    "tiptext": "#433422",
    "mid": "#c9b48f",
    "light": "#fbf6ea",
    "placeholder": "#8f7b5f",
    "bright": "#b03a2e",
}


def apply_palette(app: QApplication, theme: str) -> None:
    """Give ``app`` the palette of ``theme`` (already resolved)."""
    if theme == "dark":
        app.setPalette(_palette(_DARK))
    elif theme == "sepia":
        app.setPalette(_palette(_SEPIA))
    else:
        app.setPalette(app.style().standardPalette())


def ui_font(family: str = "", size: int = 0) -> QFont:
    """The reading font: the preference, else a CJK-capable sans serif."""
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
