"""Translations of the user interface.

The catalogues are Qt Linguist ``.ts`` files in ``resources/translations``.
:class:`TsTranslator` reads them directly, so no ``lrelease`` step (and no
compiled ``.qm`` that could drift from its source) is needed; Qt's own
strings (standard dialogs and buttons) come from Qt's ``qtbase_*.qm``.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from reader.assets import resource_path

__all__ = ["AVAILABLE", "TsTranslator", "install_translators", "language_for"]

#: Languages with a catalogue (besides English, the source language).
AVAILABLE = ("zh_CN",)


def catalogue_path(language: str) -> Path:
    return resource_path("translations", f"article-reader_{language}.ts")


def plural_index(language: str, n: int) -> int:
    """Which ``numerusform`` a count takes (Qt Linguist's order of forms)."""
    if language.startswith(("zh", "ja", "ko")):
        return 0
    return 0 if n == 1 else 1


def load_catalogue(path: str | os.PathLike) -> dict[tuple[str, str, str], str | tuple[str, ...]]:
    """``{(context, source, disambiguation): translation}`` of a ``.ts`` file;
    plural messages map to the tuple of their forms.  Unfinished and
    obsolete entries are left out."""
    catalogue: dict[tuple[str, str, str], str | tuple[str, ...]] = {}
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None:
                continue
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = tuple(form.text or "" for form in translation.findall("numerusform"))
            text: str | tuple[str, ...] = forms if forms else (translation.text or "")
            if not text or not all(text):
                continue
            comment = message.findtext("comment") or ""
            catalogue[(name, source, comment)] = text
    return catalogue


class TsTranslator(QTranslator):
    def __init__(self, path: str | os.PathLike, parent=None):
        super().__init__(parent)
        self._catalogue = load_catalogue(path)
        self._language = Path(path).stem.split("_", 1)[-1]

    def translate(self, context, source_text, disambiguation=None, n=-1):
        text = self._catalogue.get((context, source_text, disambiguation or ""))
        if text is None and disambiguation:
            text = self._catalogue.get((context, source_text, ""))
        if text is None:
            return None
        if isinstance(text, tuple):
            count = n if n is not None and n >= 0 else 1
            text = text[min(plural_index(self._language, count), len(text) - 1)]
        if n is not None and n >= 0:
            # as Qt's own %Ln: "10,000 articles", "10,000 篇文章"
            text = text.replace("%n", QLocale().toString(n))
        return text

    def isEmpty(self) -> bool:
        return not self._catalogue

    def language(self) -> str:
        return self._language

    def __len__(self) -> int:
        return len(self._catalogue)


def language_for(preference: str, locale: QLocale | None = None) -> str | None:
    """The catalogue to use: the preference, else the system locale's; None = English."""
    if preference and preference != "system":
        return preference if preference in AVAILABLE else None
    locale = locale or QLocale.system()
    for name in locale.uiLanguages():
        normal = name.replace("-", "_")
        if normal in AVAILABLE:
            return normal
        if normal.startswith("zh") and "Hant" not in normal and normal not in ("zh_TW", "zh_HK"):
            return "zh_CN"
        if normal.startswith("en"):
            return None
    return None


def install_translators(app: QCoreApplication, preference: str) -> list[QTranslator]:
    """Install our catalogue and Qt's for ``preference``; returns the installed
    translators (keep them; remove them with ``app.removeTranslator``)."""
    language = language_for(preference)
    installed: list[QTranslator] = []
    # Month names and numbers follow the window's language, not the system's
    # (a Chinese window listed "October" in its Dates tree)
    system = QLocale.system()
    if language is not None:
        QLocale.setDefault(QLocale(language))
    elif system.language() == QLocale.Language.English:
        QLocale.setDefault(system)  # (its own English: en_GB, en_IN…)
    else:
        QLocale.setDefault(QLocale("en_US"))
    if language is None:
        # English is the source language; its catalogue only holds plural forms.
        english = catalogue_path("en")
        if english.is_file():
            ours = TsTranslator(english, app)
            app.installTranslator(ours)
            installed.append(ours)
        return installed
    path = catalogue_path(language)
    if path.is_file():
        ours = TsTranslator(path, app)
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", folder):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
