"""Every setting of the desktop app, declared once with its type and default.

Two groups are kept apart (and stored under different prefixes):

* ``prefs/…`` — the user's preferences: theme, font, zoom, remote images,
  language.  The Preferences dialog edits these.
* ``state/…`` — window state: geometry, splitters, recent libraries, the last
  library and article, reading positions.  Nobody edits these by hand.

:class:`Settings` wraps one :class:`QSettings`; tests inject one pointing at a
file in ``tmp_path`` (see :func:`Settings.from_file`).  Nothing happens at
import time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["PREFERENCES", "STATE", "Setting", "Settings"]

PREFS = "prefs"
STATE = "state"

THEMES = ("system", "light", "dark", "sepia")
REMOTE_POLICIES = ("ask", "always", "never")
LANGUAGES = ("system", "en", "zh_CN")
MAX_RECENT = 10
MAX_POSITIONS = 500


SMALLEST_FONT = 6
"""The smallest reading font size, in points (1 made the article a speck)."""
LARGEST_FONT = 48


def fitted_font_size(size: int) -> int:
    """``size`` as a font size the reader uses: 0 (the default) or within
    :data:`SMALLEST_FONT` to :data:`LARGEST_FONT` (a settings file may say 1)."""
    if size <= 0:
        return 0
    return max(SMALLEST_FONT, min(LARGEST_FONT, size))


@dataclass(frozen=True, slots=True)
class Setting:
    group: str  # PREFS or STATE
    name: str
    type: type
    default: Any
    choices: tuple | None = None

    @property
    def key(self) -> str:
        return f"{self.group}/{self.name}"


_TABLE = (
    # Preferences
    Setting(PREFS, "theme", str, "system", THEMES),
    Setting(PREFS, "font_family", str, ""),  # "" = the platform's default (CJK aware)
    Setting(PREFS, "font_size", int, 0),  # 0 = the platform's default size
    Setting(PREFS, "zoom", int, 0),  # steps of QTextBrowser.zoomIn
    Setting(PREFS, "remote_images", str, "ask", REMOTE_POLICIES),
    Setting(PREFS, "allowed_hosts", list, []),
    Setting(PREFS, "language", str, "system", LANGUAGES),
    Setting(PREFS, "mark_read_after", int, 3),  # seconds open; 0 = never
    Setting(PREFS, "mark_read_at_end", int, 1, (0, 1)),  # scrolled to the end: read
    # Window state
    Setting(STATE, "geometry", QByteArray, QByteArray()),
    Setting(STATE, "window_state", QByteArray, QByteArray()),
    Setting(STATE, "main_splitter", QByteArray, QByteArray()),
    Setting(STATE, "reader_splitter", QByteArray, QByteArray()),
    Setting(STATE, "list_header", QByteArray, QByteArray()),
    Setting(STATE, "recent_libraries", list, []),
    Setting(STATE, "last_library", str, ""),
    Setting(STATE, "last_article", str, ""),
    Setting(STATE, "reading_positions", dict, {}),
)

SETTINGS: dict[str, Setting] = {s.name: s for s in _TABLE}
PREFERENCES = tuple(s.name for s in _TABLE if s.group == PREFS)


class Settings:
    """Typed access to the declared settings.  Unknown names are errors."""

    def __init__(self, qsettings: QSettings | None = None):
        self.qsettings = qsettings if qsettings is not None else QSettings()

    @classmethod
    def from_file(cls, filename: str) -> Settings:
        return cls(QSettings(filename, QSettings.Format.IniFormat))

    def get(self, name: str) -> Any:
        spec = SETTINGS[name]
        raw = self.qsettings.value(spec.key, None)
        if raw is None:
            return _copy(spec.default)
        try:
            value = _decode(spec, raw)
        except (TypeError, ValueError):
            return _copy(spec.default)
        if spec.choices is not None and value not in spec.choices:
            return _copy(spec.default)
        return value

    def set(self, name: str, value: Any) -> None:
        spec = SETTINGS[name]
        if spec.choices is not None and value not in spec.choices:
            raise ValueError(f"{name}: {value!r} is not one of {spec.choices}")
        self.qsettings.setValue(spec.key, _encode(spec, value))

    def reset(self, name: str) -> None:
        self.qsettings.remove(SETTINGS[name].key)

    def sync(self) -> None:
        self.qsettings.sync()

    # -- helpers for the structured state ---------------------------------------

    def add_recent_library(self, path: str) -> list[str]:
        recent = [p for p in self.get("recent_libraries") if p != path]
        recent.insert(0, path)
        del recent[MAX_RECENT:]
        self.set("recent_libraries", recent)
        return recent

    def reading_position(self, library: str, rel: str) -> float:
        return float(self.get("reading_positions").get(f"{library}\n{rel}", 0.0))

    def set_reading_position(self, library: str, rel: str, fraction: float) -> None:
        positions = self.get("reading_positions")
        key = f"{library}\n{rel}"
        positions.pop(key, None)
        if fraction > 0.001:
            positions[key] = round(fraction, 4)
        while len(positions) > MAX_POSITIONS:  # oldest first (dicts keep order)
            positions.pop(next(iter(positions)))
        self.set("reading_positions", positions)


def _copy(value: Any) -> Any:
    if isinstance(value, list | dict):
        return type(value)(value)
    if isinstance(value, QByteArray):
        return QByteArray(value)
    return value


def _encode(spec: Setting, value: Any) -> Any:
    if spec.type in (list, dict):
        return json.dumps(value, ensure_ascii=False)
    if spec.type is QByteArray:
        return QByteArray(value)
    return spec.type(value)


def _decode(spec: Setting, raw: Any) -> Any:
    if spec.type in (list, dict):
        value = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(value, spec.type):
            raise TypeError(spec.name)
        return value
    if spec.type is QByteArray:
        if isinstance(raw, QByteArray):
            return raw
        if isinstance(raw, bytes):
            return QByteArray(raw)
        raise TypeError(spec.name)
    if spec.type is int:
        return int(raw)
    if spec.type is str:
        return str(raw)
    return spec.type(raw)
