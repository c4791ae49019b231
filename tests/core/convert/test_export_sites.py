"""Exports of Jekyll and Hugo posts: rendered with their site's templates, as
the reader pane and ``article-reader render`` show them, every paragraph kept.

A Hugo post was exported with its shortcodes as raw text, and a shortcode
argument holding ``<script>`` made everything after it vanish (the book
written, exit 0); a Jekyll post showed ``{{ page.title }}`` and
``{% include %}`` as written."""

from __future__ import annotations

import re
import zipfile

import pytest

from reader.core.convert.export import export_epub, export_html_folder
from reader.core.library.sitecontext import site_of
from reader.core.render.pipeline import render_article
from tests.core.convert.test_export import epubcheck
from tests.core.libhelpers import write

HUGO_POST = (
    "---\ntitle: Hugo post\ndate: 2021-04-01\n---\nBefore the video.\n\n"
    "{{< youtube dQw4w9WgXcQ >}}\n\n"
    '{{< figure src="x.png" caption="<script>" >}}\n\n'
    "After the figure: this paragraph must survive.\n"
)
JEKYLL_POST = (
    "---\ntitle: Jekyll post\ndate: 2021-05-01\n---\n"
    "Title is {{ page.title }} on {{ site.title }}.\n\n"
    "{% include note.html %}\n\n"
    "After the include: this paragraph must survive.\n"
)
HUGO_REL = "hugo/content/posts/a.md"
JEKYLL_REL = "jekyll/_posts/2021-05-01-j.md"


def write_sites(root) -> None:
    """A Hugo site and a Jekyll site in ``root``, a post in each
    (:data:`HUGO_REL`, :data:`JEKYLL_REL`)."""
    write(root, "hugo/hugo.toml", 'baseURL = "https://ex.com/"\ntitle = "H"\n')
    write(root, HUGO_REL, HUGO_POST)
    write(root, "jekyll/_config.yml", "title: J site\n")
    write(root, "jekyll/_includes/note.html", '<p class="note">Note for {{ page.title }}</p>\n')
    write(root, JEKYLL_REL, JEKYLL_POST)


@pytest.fixture
def sites(open_library, root):
    write_sites(root)
    return open_library()


def _text(markup: str) -> str:
    """The words of ``markup``, its tags and blanks left out."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _shown(lib, rel: str) -> str:
    """The article's body as the reader pane renders it, as words."""
    article = lib.load(rel)
    return _text(render_article(article, site=site_of(article, library=lib)).body_html)


EXPECTED = {
    HUGO_REL: (
        "Before the video.",
        "YouTube: https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "<script>",  # (the caption, as text)
        "After the figure: this paragraph must survive.",
    ),
    JEKYLL_REL: (
        "Title is Jekyll post on J site.",
        "Note for Jekyll post",
        "After the include: this paragraph must survive.",
    ),
}


def _check(pages: dict[str, str], lib, rel: str) -> None:
    """``pages`` (title → exported page) show ``rel`` as the reader does,
    with no template left as written."""
    words = _text(pages[lib.summary(rel).title])
    for line in EXPECTED[rel]:
        assert line in words, words
    assert _shown(lib, rel) in words  # the whole body, as the reader pane shows it
    assert "{{" not in words and "{%" not in words


@pytest.mark.parametrize("rel", EXPECTED)
def test_an_epub_of_jekyll_and_hugo_posts_renders_their_templates(sites, tmp_path, rel):
    out = tmp_path / "sites.epub"
    export_epub(sites, list(EXPECTED), out)
    pages = {}
    with zipfile.ZipFile(out) as book:
        for name in book.namelist():
            if name.startswith("OEBPS/text/"):
                page = book.read(name).decode()
                pages[re.search(r"<title>(.*?)</title>", page).group(1)] = page
    _check(pages, sites, rel)


@pytest.mark.parametrize("rel", EXPECTED)
def test_an_html_folder_of_jekyll_and_hugo_posts_renders_their_templates(sites, tmp_path, rel):
    out = tmp_path / "site"
    export_html_folder(sites, list(EXPECTED), out)
    pages = {}
    for path in (out / "articles").iterdir():
        page = path.read_text(encoding="utf-8")
        pages[re.search(r"<title>(.*?)</title>", page).group(1)] = page
    _check(pages, sites, rel)


@pytest.mark.slow
def test_a_book_of_rendered_templates_passes_epubcheck(sites, tmp_path):
    out = tmp_path / "sites.epub"
    export_epub(sites, list(EXPECTED), out)
    epubcheck(out)
