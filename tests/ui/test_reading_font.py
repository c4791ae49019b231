"""The reading font of Preferences in the window: the article is laid out
in it (it did nothing: the article's own stylesheet named the theme's
fonts), Chinese text still in a CJK font behind it, a hostile name no more
than a name to Qt's stylesheet parser, and printing in its own font."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QTextBrowser

from reader.core.article.codec import parse_article
from reader.core.render.pipeline import font_family_name, render_article
from reader.ui.preferences import PreferencesDialog, default_family
from reader.ui.theme import CJK_FAMILIES
from tests.core.test_render_font import HOSTILE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

LATIN = ("DejaVu Serif", "Nimbus Roman", "DejaVu Sans")
TEXT = "Hello world 你好世界"


def _installed(*families: str) -> list[str]:
    present = set(QFontDatabase.families())
    return [family for family in families if family in present]


@pytest.fixture
def fonts():
    latin, cjk = _installed(*LATIN), _installed(*CJK_FAMILIES)
    if len(latin) < 2 or not cjk:
        pytest.skip("needs two Latin fonts and a CJK font installed")
    return latin


def _runs(browser: QTextBrowser) -> dict[str, set[str]]:
    """The fonts the text of the paragraph holding TEXT is drawn in: "latin"
    and "cjk" → the families of the glyph runs of those parts."""
    block = browser.document().firstBlock()
    while block.isValid() and TEXT not in block.text():
        block = block.next()
    assert block.isValid()
    layout = block.layout()
    start = block.text().index(TEXT)
    runs: dict[str, set[str]] = {}
    for part, offset, length in (("latin", 0, 11), ("cjk", 12, 4)):
        glyphs = layout.glyphRuns(start + offset, length)
        runs[part] = {run.rawFont().familyName() for run in glyphs if run.glyphIndexes()}
    return runs


@pytest.fixture
def shown(qtbot, window, library_copy):
    (library_copy / "fonts.md").write_text(
        f"---\ntitle: Fonts\ndate: 2024-03-03\n---\n\n{TEXT}\n", encoding="utf-8"
    )
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "fonts.md")
    return window


def _choose(qtbot, window, family: str) -> None:
    """Choose ``family`` in Preferences, as the window does after OK."""
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.font_family.setCurrentFont(QFont(family))
    assert dialog.font_family.currentText() == family
    dialog.accept()
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.apply_preferences()


def test_the_article_is_read_in_the_font_chosen_and_chinese_in_a_cjk_font(qtbot, shown, fonts):
    window = shown
    before = _runs(window.reader.browser)
    assert not before["latin"] & set(fonts)  # the theme's CJK font draws the Latin text too
    for family in fonts[:2]:
        _choose(qtbot, window, family)
        assert window.settings.get("font_family") == family
        runs = _runs(window.reader.browser)
        assert runs["latin"] == {family}
        assert runs["cjk"] and runs["cjk"] <= set(CJK_FAMILIES)  # the theme's, behind it
    # the theme's own font again: the setting goes back to "the default"
    _choose(qtbot, window, default_family(window.settings.get("theme")))
    assert window.settings.get("font_family") == ""
    assert _runs(window.reader.browser) == before


def test_printing_keeps_its_own_font(qtbot, shown, fonts):
    window = shown
    _choose(qtbot, window, fonts[0])
    assert fonts[0] in window.reader.result.html
    title, html, _folder = window.collections.current_print_html()
    assert title == "Fonts" and fonts[0] not in html


def test_a_font_not_installed_here_stays_chosen_when_the_box_is_left_alone(qtbot, settings):
    settings.set("font_family", "A Font From Another Computer")
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.font_family.currentText() == default_family("system")
    dialog.accept()
    assert settings.get("font_family") == "A Font From Another Computer"


def test_the_box_shows_the_themes_font_and_another_chosen_is_kept(qtbot, settings, fonts):
    # sepia reads in a serif CJK font: its sans one, chosen, was taken for
    # "the default" (the window's font) and not kept
    serif, sans = _installed("Noto Serif CJK SC"), _installed("Noto Sans CJK SC")
    if not serif or not sans:
        pytest.skip("needs Noto Serif CJK SC and Noto Sans CJK SC")
    settings.set("theme", "sepia")
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.font_family.currentText() == "Noto Serif CJK SC"
    dialog.font_family.setCurrentFont(QFont("Noto Sans CJK SC"))
    dialog.accept()
    assert settings.get("font_family") == "Noto Sans CJK SC"


@pytest.mark.parametrize("family", HOSTILE)
def test_a_hostile_family_name_is_only_a_name_to_qt(qapp, family):
    article = parse_article(f"---\ntitle: T\n---\n\n{TEXT}\n\nSecond.\n".encode(), None)

    def laid_out(name: str) -> tuple[list[str], list[tuple[str, str, bool]]]:
        browser = QTextBrowser()
        browser.setHtml(render_article(article, font_family=name).html)
        blocks, block = [], browser.document().firstBlock()
        while block.isValid():
            char = block.begin().fragment().charFormat() if block.text() else None
            if char is not None:
                color = char.foreground().color().name()
                blocks.append((block.text(), color, char.fontWeight() > QFont.Weight.Normal))
            block = block.next()
        first = browser.document().firstBlock()
        while TEXT not in first.text():
            first = first.next()
        families = first.begin().fragment().charFormat().fontFamilies() or []
        return families, blocks

    families, blocks = laid_out(family)
    reference_families, reference = laid_out("X")
    assert blocks == reference  # the same text, colours and weights
    assert families[0] == font_family_name(family)
    assert families[1:] == reference_families[1:]
