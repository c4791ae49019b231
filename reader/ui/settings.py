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

import builtins
import json
import os
import shutil
import stat
import sys
import tempfile
import weakref
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

__all__ = [
    "PREFERENCES",
    "STATE",
    "Setting",
    "Settings",
    "native_settings_file",
    "settings_files_read",
]

PREFS = "prefs"
STATE = "state"

THEMES = ("system", "light", "dark", "sepia")
REMOTE_POLICIES = ("ask", "always", "never")
LANGUAGES = ("system", "en", "zh_CN")
MAX_RECENT = 10
MAX_POSITIONS = 500
MAX_HOSTS = 10_000
MAX_READ_AFTER = 600  # seconds (the Preferences dialog's range)
ZOOM_BOUNDS = (-8, 12)  # steps (Zoom In and Out stop there)
EXPORT_FORMATS = ("epub", "pdf", "html")
EXPORT_TOCS = ("date", "category")


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
    """One setting: its type and default, and what a value read from the
    file must be (the file is the user's to edit, or to damage): one of
    ``choices``; an int within ``bounds`` (clamped); a list of ``items``
    (others dropped) of at most ``limit`` (the first ones kept); a dict of
    at most ``limit`` entries, its values numbers within ``bounds``."""

    group: str  # PREFS or STATE
    name: str
    type: type
    default: Any
    choices: tuple | None = None
    bounds: tuple[float, float] | None = None
    items: builtins.type | None = None
    limit: int | None = None

    @property
    def key(self) -> str:
        return f"{self.group}/{self.name}"


_TABLE = (
    # Preferences
    Setting(PREFS, "theme", str, "system", THEMES),
    Setting(PREFS, "font_family", str, ""),  # "" = the platform's default (CJK aware)
    Setting(PREFS, "font_size", int, 0, bounds=(0, LARGEST_FONT)),  # 0 = the default size
    Setting(PREFS, "zoom", int, 0, bounds=ZOOM_BOUNDS),  # steps of QTextBrowser.zoomIn
    Setting(PREFS, "remote_images", str, "ask", REMOTE_POLICIES),
    Setting(PREFS, "allowed_hosts", list, [], items=str, limit=MAX_HOSTS),
    Setting(PREFS, "language", str, "system", LANGUAGES),
    Setting(PREFS, "mark_read_after", int, 3, bounds=(0, MAX_READ_AFTER)),  # s; 0 = never
    Setting(PREFS, "mark_read_at_end", int, 1, (0, 1)),  # scrolled to the end: read
    # Window state
    Setting(STATE, "geometry", QByteArray, QByteArray()),
    Setting(STATE, "window_state", QByteArray, QByteArray()),
    Setting(STATE, "main_splitter", QByteArray, QByteArray()),
    Setting(STATE, "reader_splitter", QByteArray, QByteArray()),
    Setting(STATE, "side_panel_width", int, 0, bounds=(0, 100_000)),  # 0 = not known
    Setting(STATE, "list_header", QByteArray, QByteArray()),
    Setting(STATE, "recent_libraries", list, [], items=str, limit=MAX_RECENT),
    Setting(STATE, "last_library", str, ""),
    Setting(STATE, "last_article", str, ""),
    Setting(STATE, "reading_positions", dict, {}, bounds=(0.0, 1.0), limit=MAX_POSITIONS),
    # the Export dialog's last choices (kept once an export is made)
    Setting(STATE, "export_format", str, "epub", EXPORT_FORMATS),
    Setting(STATE, "export_toc", str, "date", EXPORT_TOCS),
    Setting(STATE, "export_folder", str, ""),  # "" = the home folder
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

    @classmethod
    def for_user(cls) -> tuple[Settings, str | None]:
        """The user's settings (the organization and application names
        set), and ``None``; or, when the settings file is there but is no
        regular file (a FIFO: Qt read it as it made the settings, and the
        app never started; a folder, a device), settings kept in a
        temporary file for this session only, and why."""
        for path in settings_files_read():
            try:
                mode = os.stat(path).st_mode  # (a dotfile linked elsewhere is followed)
            except OSError:
                continue
            if not stat.S_ISREG(mode):
                folder = tempfile.mkdtemp(prefix="article-reader-settings-")
                settings = cls.from_file(os.path.join(folder, "settings.conf"))
                weakref.finalize(settings, shutil.rmtree, folder, True)  # (gone with them)
                why = f"{path}: not a regular file; settings are not kept after this session"
                return settings, why
        return cls(), None

    def get(self, name: str) -> Any:
        spec = SETTINGS[name]
        raw = self.qsettings.value(spec.key, None)
        if raw is None:
            return _copy(spec.default)
        try:
            value = _decode(spec, raw)
        except (TypeError, ValueError, RecursionError):  # (a list nested 100,000 deep)
            return _copy(spec.default)
        if spec.choices is not None and value not in spec.choices:
            return _copy(spec.default)
        return _within(spec, value)

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


def settings_files_read() -> list[str]:
    """Every file :class:`QSettings` reads for the user's settings (it falls
    back to the organization's file, and to those of the system's
    configuration folders): where any is a FIFO, making the settings waits
    on it.  Empty where they are no files (Windows, macOS)."""
    own = native_settings_file()
    if own is None:
        return []
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    organization = QCoreApplication.organizationName()
    name = os.path.basename(own)
    folders = QStandardPaths.standardLocations(
        QStandardPaths.StandardLocation.GenericConfigLocation
    )
    found = [own]
    for folder in dict.fromkeys([os.path.dirname(os.path.dirname(own)), *folders]):
        found += [
            os.path.join(folder, organization, name),
            os.path.join(folder, f"{organization}.conf"),
        ]
    return list(dict.fromkeys(found))


def native_settings_file() -> str | None:
    """The file :class:`QSettings` keeps the user's settings in, where it is
    a file of a known place (Linux and other Unix systems: an INI file in
    the configuration folder); None elsewhere (the Windows registry, macOS
    preferences)."""
    if sys.platform.startswith(("win", "darwin")):
        return None
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    organization = QCoreApplication.organizationName()
    name = QCoreApplication.applicationName() or organization
    if not folder or not organization:
        return None
    return os.path.join(folder, organization, f"{name}.conf")


def _within(spec: Setting, value: Any) -> Any:
    """``value`` (of the setting's type) as the setting allows it (see
    :class:`Setting`): a settings file saying ``zoom=1000000000`` or
    ``recent_libraries="[null]"`` stopped the window at every start."""
    if spec.type is int and spec.bounds is not None:
        low, high = spec.bounds
        return int(max(low, min(high, value)))
    if spec.type is list:
        if spec.items is not None:
            value = [item for item in value if type(item) is spec.items]
        return value[: spec.limit] if spec.limit is not None else value
    if spec.type is dict and spec.bounds is not None:
        low, high = spec.bounds
        kept = {
            key: number
            for key, number in value.items()
            if isinstance(key, str)
            and type(number) in (int, float)
            and low <= number <= high  # (NaN is none of them)
        }
        if spec.limit is not None and len(kept) > spec.limit:  # the newest kept
            kept = dict(list(kept.items())[-spec.limit :])
        return kept
    return value


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
