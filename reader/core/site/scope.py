"""What counts as an article in a site, and what kind of article it is.
No Qt here.

:func:`classify` takes a path relative to the site root and says
``"post"``, ``"draft"``, ``"page"`` or ``None`` (not an article):

* **Hexo**: only ``source/`` (``source_dir``); ``_posts`` holds posts,
  ``_drafts`` drafts; other folders and files starting with ``_`` are
  skipped, as Hexo skips them; the rest of ``source/`` are pages.
* **Jekyll**: ``_posts`` and ``_drafts``; collection folders (``_docs``)
  and Markdown files outside ``_`` folders are pages; layouts, includes,
  data, ``vendor``, ``exclude`` entries are not articles.
* **Hugo**: only ``content/``; files in a main section (``posts``,
  ``post``, ``blog`` or ``params.mainSections``) are posts, the rest pages.
  (A Hugo draft is a post with ``draft: true``, which the index knows.)

Everywhere: scaffolds and archetypes are templates, never articles; a
repository's ``README``, ``LICENSE``, ``CHANGELOG``, ``robots.txt`` and
other ``.txt`` files, themes and ``node_modules`` are not articles; pages
are Markdown (``.md``, ``.markdown``, ``.mdown``) while posts and drafts may
also be HTML.
"""

from __future__ import annotations

from reader.core.site.detect import HEXO, HUGO, JEKYLL, Site, path_prefixes

__all__ = ["DRAFT", "PAGE", "POST", "POST_SUFFIXES", "classify", "draft_flag", "may_hold_articles"]

POST = "post"
DRAFT = "draft"
PAGE = "page"

POST_SUFFIXES = (".md", ".markdown", ".mdown", ".html", ".htm")
_PAGE_SUFFIXES = (".md", ".markdown", ".mdown")
_NOT_ARTICLES = ("readme", "license", "licence", "changelog", "contributing", "code_of_conduct")
_JEKYLL_SKIP = frozenset({"vendor", "node_modules", "_site", "gemfiles", "assets"})


def _inside(rel: str, folder: str) -> bool:
    return not folder or rel == folder or rel.startswith(folder + "/")


def _under(rel: str, folder: str) -> str:
    return rel[len(folder) + 1 :] if folder else rel


def _is_repo_file(name: str) -> bool:
    stem = name.lower().rsplit(".", 1)[0]
    return stem in _NOT_ARTICLES


def classify(site: Site, rel: str) -> str | None:
    """``"post"``, ``"draft"``, ``"page"`` or None for the file at ``rel``
    (a posix path relative to the site root)."""
    parts = [p for p in rel.split("/") if p]
    if not parts:
        return None
    name = parts[-1].lower()
    if not name.endswith(POST_SUFFIXES):
        return None
    if site.kind == HEXO:
        return _hexo(site, rel, name)
    if site.kind == JEKYLL:
        return _jekyll(site, rel, parts, name)
    if site.kind == HUGO:
        return _hugo(site, rel, name)
    return None


# The site's own folders beside its source, when the source is the site's
# folder itself (source_dir: .)
_HEXO_OWN = frozenset({"scaffolds", "themes", "node_modules", "public"})


def _hexo(site: Site, rel: str, name: str) -> str | None:
    if not _inside(rel, site.content_dir):
        return None
    if site.posts_dir and _inside(rel, site.posts_dir):
        return POST
    if site.drafts_dir and _inside(rel, site.drafts_dir):
        return DRAFT
    inner = _under(rel, site.content_dir).split("/")
    if any(part.startswith("_") for part in inner):
        return None
    if not site.content_dir and len(inner) > 1 and inner[0] in _HEXO_OWN:
        return None
    if not name.endswith(_PAGE_SUFFIXES) or (len(inner) == 1 and _is_repo_file(name)):
        return None
    return PAGE


def _jekyll(site: Site, rel: str, parts: list[str], name: str) -> str | None:
    if site.posts_dir and _inside(rel, site.posts_dir):
        return POST
    if site.drafts_dir and _inside(rel, site.drafts_dir):
        return DRAFT
    inside = path_prefixes(rel)  # (set look-ups: a site may list thousands)
    if not site.collection_set.isdisjoint(inside):
        return PAGE if name.endswith(_PAGE_SUFFIXES) or name.endswith(".html") else None
    if any(p.startswith("_") or p.lower() in _JEKYLL_SKIP for p in parts[:-1]):
        return None
    if not site.exclude_set.isdisjoint(inside):
        return None
    if not name.endswith(_PAGE_SUFFIXES) or _is_repo_file(name):
        return None
    return PAGE


def _hugo(site: Site, rel: str, name: str) -> str | None:
    if not _inside(rel, site.content_dir) or not name.endswith((*_PAGE_SUFFIXES, ".html")):
        return None
    inner = _under(rel, site.content_dir).split("/")
    if len(inner) > 1 and inner[0] in site.main_section_set and not name.startswith("_index."):
        return POST
    return PAGE


def may_hold_articles(site: Site, rel_dir: str) -> bool:
    """False when no file under the folder ``rel_dir`` can be an article (so a
    scan need not enter it: ``node_modules``, ``themes``, ``scaffolds``…)."""
    if not rel_dir:
        return True
    parts = rel_dir.split("/")
    if site.kind in (HEXO, HUGO):
        content = site.content_dir
        if not content:
            return True
        return _inside(rel_dir, content) or _inside(content, rel_dir)
    # Jekyll: the site's own folders, those inside them and those above them
    if rel_dir in site.article_dir_parents or not site.article_dirs.isdisjoint(
        path_prefixes(rel_dir)
    ):
        return True
    return not any(p.startswith("_") or p.lower() in _JEKYLL_SKIP for p in parts)


# What Hugo reads as true in a ``draft`` given as text ("true" in quotes):
# Go's strconv.ParseBool, through cast.ToBool; any other text is false.
_TRUE_TEXT = frozenset({"1", "t", "T", "TRUE", "true", "True"})


def draft_flag(value: object) -> bool:
    """Whether a ``draft`` value makes a draft, as Hugo reads it (a draft
    is a Hugo article whose ``draft`` is true)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return isinstance(value, str) and value in _TRUE_TEXT
