"""The reading font: a family name given to the render goes into the
article's own stylesheet (the only one Qt's browser reads), ahead of the
theme's fonts (which stay behind it for Chinese text), as a CSS string that
holds nothing but the name; and into the render cache's key."""

from __future__ import annotations

import re

import pytest
import tinycss2

from reader.core.article.codec import parse_article
from reader.core.render.cache import RenderCache
from reader.core.render.pipeline import (
    MAX_FONT_FAMILY,
    css_font_family,
    font_family_name,
    render_article,
    theme_colors,
)

HOSTILE = [
    'X"; } body { color: #ff0000 } p { "',
    "X</style><script>alert(1)</script><style>",
    'X\\"; color: red',
    "A\\000022; } body { color: #ff0000 } x {",
    "X\\",
    "X&lt;/style&gt;",
    "X/* comment */Y",
    "X\n} body { color: red }",
    "X\u202e\u2066evil\u2069",
    "X\x00\x1b[31m",
    "Rock 'n' Roll; M+ 1p (Condensed)",
    "文泉驿 微米黑",
]


def _article(text: str = "Hello 你好 world.\n\n## A section\n"):
    return parse_article(f"---\ntitle: Fonts\n---\n\n{text}".encode(), None)


def _sheet(html: str) -> str:
    sheets = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert len(sheets) == 1  # Qt reads the first <style> only
    return sheets[0]


def _rules(sheet: str) -> dict[str, list[tuple[str, list]]]:
    """Each rule's selector → its declarations (name, value tokens)."""
    rules: dict[str, list[tuple[str, list]]] = {}
    for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
        assert rule.type == "qualified-rule", rule
        selector = tinycss2.serialize(rule.prelude).strip()
        declarations = tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        )
        assert all(d.type == "declaration" for d in declarations), selector
        rules.setdefault(selector, []).extend(
            (d.name, [t for t in d.value if t.type not in ("whitespace", "comment")])
            for d in declarations
        )
    return rules


def _families(rules, selector: str) -> list[str]:
    """The font-family of ``selector``'s rule as a list of names."""
    value = next(v for name, v in rules[selector] if name == "font-family")
    names, current = [], []
    for token in value:
        if token.type == "literal" and token.value == ",":
            names.append(" ".join(current))
            current = []
        else:
            current.append(token.value)
    return [*names, " ".join(current)]


def test_the_family_goes_first_in_the_articles_own_stylesheet_with_the_theme_behind():
    plain = _rules(_sheet(render_article(_article()).html))
    chosen = _rules(_sheet(render_article(_article(), font_family="DejaVu Serif").html))
    theme = _families(plain, "body")
    assert theme[0] == "Noto Sans CJK SC"  # the light theme's, CJK first
    assert _families(chosen, "body") == ["DejaVu Serif", *theme]
    headings = "h1, h2, h3, h4, h5, h6"
    assert _families(chosen, headings) == ["DejaVu Serif", *_families(plain, headings)]
    assert _families(chosen, ".article-title")[0] == "DejaVu Serif"
    # code keeps its monospaced fonts; nothing else of the sheet changes
    assert _families(chosen, "code, kbd, samp, tt") == _families(plain, "code, kbd, samp, tt")
    assert chosen.keys() == plain.keys()


@pytest.mark.parametrize("theme", ["dark", "sepia"])
def test_each_theme_keeps_its_own_fonts_behind_the_family(theme):
    rules = _rules(_sheet(render_article(_article(), theme=theme, font_family="Lato").html))
    body = theme_colors(theme)["body-font"]
    assert _families(rules, "body")[0] == "Lato"
    assert _families(rules, "body")[1] == body.split(",")[0].strip().strip('"')


@pytest.mark.parametrize("family", HOSTILE)
def test_a_hostile_family_name_stays_one_name_in_the_sheet(family):
    reference = render_article(_article(), font_family="X").html
    html = render_article(_article(), font_family=family).html
    sheet = _sheet(html)
    # nothing the HTML around the sheet would read, no comment, no line break
    assert "<" not in sheet and "&" not in sheet and "/*" not in sheet
    assert html.count("</style>") == 1 and "<script" not in html
    rules, expected = _rules(sheet), _rules(_sheet(reference))
    assert rules.keys() == expected.keys()  # the same rules, the same declarations
    for selector, declarations in expected.items():
        assert [name for name, _ in rules[selector]] == [name for name, _ in declarations]
    first = next(v for name, v in rules["body"] if name == "font-family")[0]
    assert first.type == "string" and first.value == font_family_name(family)
    assert font_family_name(family)  # something of it is a name
    # the body after the sheet is the same article
    assert html.split("</style>")[1] == reference.split("</style>")[1]


def test_what_of_a_name_is_used():
    assert font_family_name(" DejaVu Serif \n") == "DejaVu Serif"
    assert font_family_name("X\u202eY\x00Z\\") == "XYZ"
    assert font_family_name("ＭＳ\u3000ゴシック") == "ＭＳ\u3000ゴシック"
    assert font_family_name("") == font_family_name(None) == font_family_name(" \t") == ""
    assert font_family_name("x" * MAX_FONT_FAMILY) == "x" * MAX_FONT_FAMILY
    assert font_family_name("x" * (MAX_FONT_FAMILY + 1)) == ""
    assert css_font_family("M+ 1p") == '"M\\00002b\\0000201p"'  # (CSS and Qt read it alike)
    assert css_font_family('A"B') == '"A\\"B"'
    with pytest.raises(TypeError):
        font_family_name(b"DejaVu Serif")  # type: ignore[arg-type]


def test_no_family_and_a_name_that_is_none_are_the_themes_fonts():
    plain = render_article(_article()).html
    assert render_article(_article(), font_family="").html == plain
    assert render_article(_article(), font_family="\x00\u202e ").html == plain
    assert render_article(_article(), font_family="y" * 10_000).html == plain


def test_the_family_is_part_of_the_cache_key():
    cache = RenderCache()
    article = _article()
    plain = render_article(article, cache=cache)
    serif = render_article(article, cache=cache, font_family="DejaVu Serif")
    sans = render_article(article, cache=cache, font_family="DejaVu Sans")
    assert len({plain.html, serif.html, sans.html}) == 3
    assert (cache.hits, cache.misses) == (0, 3)
    # the same name as used (spaces, control characters dropped) is the same entry
    again = render_article(article, cache=cache, font_family=" DejaVu Serif\u202e")
    assert again.html == serif.html and cache.hits == 1
    assert render_article(article, cache=cache).html == plain.html and cache.hits == 2
