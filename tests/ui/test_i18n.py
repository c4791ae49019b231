"""Every translatable string of reader/ui has a Simplified Chinese translation,
and the catalogue is used at run time."""

from __future__ import annotations

import ast
import contextlib
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

import reader.ui
from reader.ui.i18n import TsTranslator, catalogue_path, language_for, load_catalogue


def _strings() -> set[tuple[str, str]]:
    """(context, source) of every ``self.tr("…")`` and
    ``QCoreApplication.translate("Ctx", "…")`` call in reader/ui."""
    found: set[tuple[str, str]] = set()
    for path in Path(reader.ui.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in ast.walk(tree):
            if not isinstance(cls, ast.ClassDef):
                continue
            for node in ast.walk(cls):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "tr"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "self"
                ):
                    assert isinstance(node.args[0], ast.Constant), ast.dump(node)
                    found.add((cls.name, node.args[0].value))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "translate"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "QCoreApplication"
            ):
                context, source = node.args[:2]
                assert isinstance(context, ast.Constant) and isinstance(source, ast.Constant)
                found.add((context.value, source.value))
    return found


def test_every_ui_string_has_a_chinese_translation():
    strings = _strings()
    assert len(strings) > 80
    catalogue = {
        (context, source) for context, source, _ in load_catalogue(catalogue_path("zh_CN"))
    }
    missing = sorted(strings - catalogue)
    assert not missing, missing


def test_front_matter_has_one_name_in_chinese():
    # (window attack) the conflict and history dialogs said 前言 ("preface"),
    # the rest of the window 前置元数据
    for (_context, source, _comment), translation in load_catalogue(
        catalogue_path("zh_CN")
    ).items():
        if "front matter" in source.lower() or "front-matter" in source.lower():
            texts = translation if isinstance(translation, list | tuple) else [translation]
            assert all("前言" not in text for text in texts), (source, translation)
            assert any("前置元数据" in text for text in texts), (source, translation)


def test_translator_translates_plurals_and_placeholders(qapp):
    translator = TsTranslator(catalogue_path("zh_CN"))
    assert translator.translate("NavigationModel", "All articles") == "全部文章"
    assert translator.translate("MainWindow", "%n article(s)", None, 3) == "3 篇文章"
    assert translator.translate("MainWindow", "no such string") is None
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "%n result(s)", None, 2) == "2 个结果"
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("NavigationModel", "All articles") == "All articles"


def test_english_plurals():
    translator = TsTranslator(catalogue_path("en"))
    assert translator.translate("MainWindow", "%n article(s)", None, 1) == "1 article"
    assert translator.translate("MainWindow", "%n article(s)", None, 16) == "16 articles"
    assert translator.translate("MainWindow", "%n result(s)", None, 0) == "0 results"
    assert translator.translate("NavigationModel", "All articles") is None  # source text stays


@pytest.mark.parametrize(
    ("language", "said"), [("en", "10,000 articles"), ("zh_CN", "10,000 篇文章")]
)
def test_large_counts_are_grouped_as_the_language_writes_them(language, said):
    # "10000 articles" (Qt's own %Ln groups the digits; the catalogue's %n did not)
    before = QLocale()
    QLocale.setDefault(QLocale("en_US" if language == "en" else language))
    try:
        translator = TsTranslator(catalogue_path(language))
        assert translator.translate("MainWindow", "%n article(s)", None, 10000) == said
        assert "1 " in translator.translate("MainWindow", "%n article(s)", None, 1)
    finally:
        QLocale.setDefault(before)


def test_every_plural_string_has_english_forms():
    plurals = {(c, s) for c, s in _strings() if "%n" in s}
    english = {(c, s) for c, s, _ in load_catalogue(catalogue_path("en"))}
    assert plurals and not sorted(plurals - english)


@pytest.mark.parametrize(
    ("preference", "locale", "expected"),
    [
        ("system", "zh_CN", "zh_CN"),
        ("system", "en_US", None),
        ("en", "zh_CN", None),
        ("zh_CN", "en_US", "zh_CN"),
    ],
)
def test_language_follows_the_locale_unless_overridden(preference, locale, expected):
    assert language_for(preference, QLocale(locale)) == expected


def test_window_in_chinese(qtbot, qapp, settings, cache_dir):
    from reader.ui.main_window import MainWindow

    translator = TsTranslator(catalogue_path("zh_CN"))
    qapp.installTranslator(translator)
    try:
        window = MainWindow(settings, cache_dir=cache_dir)
        qtbot.addWidget(window)
        titles = [action.text() for action in window.menuBar().actions()]
        assert titles[0] == "文件(&F)"
        assert window.search_field.placeholderText() == "搜索资料库 (Ctrl+K)"
        window.session.close()
    finally:
        qapp.removeTranslator(translator)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_catalogues_have_no_unfinished_entries(language):
    import xml.etree.ElementTree as ET

    root = ET.parse(catalogue_path(language)).getroot()
    unfinished = [
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
        if message.find("translation") is not None
        and message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
    ]
    assert not unfinished, unfinished
    empty = [
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
        if not "".join(message.find("translation").itertext()).strip()
    ]
    assert not empty, empty


def test_the_new_strings_read_in_chinese(qapp):
    translator = TsTranslator(catalogue_path("zh_CN"))
    assert translator.translate("ListPane", "Search in %1…") == "在“%1”中搜索…"
    assert translator.translate("NavigationModel", "%n categories", None, 12) == "12 个分类"
    assert translator.translate("FindBar", "%1 of %2") == "第 %1 处，共 %2 处"


@contextlib.contextmanager
def _language(qapp, preference: str):
    """The application in ``preference``'s language while the block runs;
    afterwards no catalogue of it is left installed (the English one left
    gave later tests its plurals: "15 articles" where they read the source
    text's "15 article(s)")."""
    from PySide6.QtCore import QLocale, QTranslator

    from reader.ui.language import switch_language

    language = qapp.property("readerLanguage")
    before = set(qapp.findChildren(QTranslator))
    locale = QLocale()
    try:
        switch_language(qapp, preference)
        yield
    finally:
        switch_language(qapp, "en")
        for translator in set(qapp.findChildren(QTranslator)) - before:
            qapp.removeTranslator(translator)
        qapp.setProperty("readerLanguage", language)
        QLocale.setDefault(locale)


@pytest.mark.parametrize(("preference", "october"), [("zh_CN", "十月"), ("en", "October")])
def test_month_names_follow_the_windows_language(qapp, preference, october):
    # the Dates tree of a Chinese window said "October": the system's locale
    from reader.ui.models import month_name

    with _language(qapp, preference):
        assert month_name(10) == october


def test_qts_own_file_dialog_reads_in_chinese(qapp):
    # "Look in:", "Files of type:" and the type "Folder" stayed English in the
    # Import Web Pages dialog: Qt's own Chinese catalogue lacks them
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QLabel

    with _language(qapp, "zh_CN"):
        dialog = QFileDialog(None, "x")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        labels = sorted(label.text() for label in dialog.findChildren(QLabel))
        assert labels == sorted(["查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："])
        assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"
        dialog.deleteLater()


def test_why_git_cannot_be_used_reads_in_chinese(qtbot, qapp, opened, monkeypatch):
    # "此文库无法使用 Git：not inside a git work tree": the core's reason in English
    from reader.ui.form import dialogs

    said: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda *a, **k: said.append(a[2]))
    vcs = opened.vcs
    qtbot.waitUntil(lambda: vcs.unavailable is not None, timeout=20000)
    with _language(qapp, "zh_CN"):
        vcs.show_history()
    assert said == ["此文库无法使用 Git：它不在 git 工作区中"]
