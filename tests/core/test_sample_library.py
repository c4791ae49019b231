"""The bundled sample library: every article parses cleanly and together they
cover the shapes Article Reader claims to read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.assets import sample_library
from reader.core.article.codec import load_article
from reader.core.article.model import ERROR

ARTICLE_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".txt"}
CJK = re.compile(r"[\u4e00-\u9fff]")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def _article_paths() -> list[Path]:
    root = sample_library()
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES
    )


PATHS = _article_paths()


@pytest.fixture(scope="module")
def articles():
    return [load_article(path) for path in PATHS]


def _ids():
    root = sample_library()
    return [path.relative_to(root).as_posix() for path in PATHS]


@pytest.mark.parametrize("path", PATHS, ids=_ids())
def test_article_has_no_errors(path):
    article = load_article(path)
    assert article.errors == [], [str(p) for p in article.errors]
    assert not any(p.severity == ERROR for p in article.problems)
    assert article.title.strip()
    assert article.date is not None


def test_library_size():
    assert 12 <= len(PATHS) <= 20


def test_only_articles_in_the_library():
    # Any text file in the library is scanned as an article, so nothing else
    # may live there apart from the images the articles use.
    root = sample_library()
    for path in root.rglob("*"):
        if path.is_file():
            assert path.suffix.lower() in ARTICLE_SUFFIXES | {".png"}, path


def test_body_formats(articles):
    assert {a.body_format for a in articles} == {"html", "markdown"}


def test_languages(articles):
    chinese = [a for a in articles if CJK.search(a.title)]
    english = [a for a in articles if not CJK.search(a.title)]
    assert len(chinese) >= 4
    assert len(english) >= 4


def test_front_matter_formats(articles):
    assert {a.format for a in articles} == {"yaml", "toml", "json"}


def test_categories(articles):
    assert any(len(a.categories) > 1 for a in articles), "no article with several hierarchies"
    assert any(len(path) >= 3 for a in articles for path in a.categories)
    assert any(isinstance(a.metadata.get("categories"), str) for a in articles)


def test_tag_shapes(articles):
    shapes = {type(a.metadata.get("tags")).__name__ for a in articles if "tags" in a.metadata}
    assert {"list", "str"} <= shapes


def test_date_styles(articles):
    from_front_matter = [a for a in articles if a.date_source == "front-matter"]
    styles = {a.date.style for a in from_front_matter}
    assert len(styles) >= 6, styles
    kinds = {style.kind for style in styles}
    assert {"iso", "rfc2822", "slash", "monthname", "cjk"} <= kinds
    assert any(a.date_source == "filename" for a in articles)
    assert any(a.updated is not None for a in articles)


def test_byte_level_variants():
    raws = [path.read_bytes() for path in PATHS]
    assert any(raw.startswith(b"\xef\xbb\xbf") for raw in raws), "no article with a BOM"
    assert any(b"\r\n" in raw for raw in raws), "no article with CRLF line endings"


def test_local_images_exist(articles):
    local = []
    for article in articles:
        if article.body_format != "markdown":
            continue
        for target in MARKDOWN_IMAGE.findall(article.body):
            if "://" in target:
                continue
            image = article.path.parent / target
            assert image.is_file(), f"{article.path}: missing {target}"
            local.append(image)
        cover = article.metadata.get("cover")
        if isinstance(cover, str) and "://" not in cover:
            assert (article.path.parent / cover).is_file()
    assert local, "no article with a local image"
    for image in local:
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert image.stat().st_size < 30 * 1024
