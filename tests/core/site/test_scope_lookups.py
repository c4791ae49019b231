"""What counts as an article in a Jekyll site whose configuration lists
thousands of collections, excludes or defaults: the same answers as the
plain rules, looked up in sets (a 900 KB ``_config.yml`` listing 30,000 of
each made a scan of 2,000 files take 14 seconds, growing with both)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from reader.core.site.detect import HUGO, JEKYLL, Site, path_prefixes
from reader.core.site.scope import classify, may_hold_articles

BASE = Site(JEKYLL, Path("/site"), None, {}, (), "", "_posts", "_drafts", "")


def _inside(rel: str, folder: str) -> bool:
    return not folder or rel == folder or rel.startswith(folder + "/")


def plain_default_keys(site: Site, rel: str, kind: str | None) -> frozenset[str]:
    """The rule as it was written first: every scope compared with the path."""
    jekyll_type = {"post": "posts", "draft": "drafts", "page": "pages"}.get(kind or "", "")
    keys: set[str] = set()
    for prefix, scope_type, names in site.defaults:
        if prefix and not (rel == prefix or rel.startswith(prefix.rstrip("/") + "/")):
            continue
        if scope_type and scope_type != jekyll_type:
            continue
        keys.update(names)
    return frozenset(keys)


def plain_may_hold(site: Site, rel_dir: str) -> bool:
    if not rel_dir:
        return True
    dirs = [d for d in (site.posts_dir, site.drafts_dir, *site.collections) if d]
    if any(_inside(rel_dir, f) or _inside(f, rel_dir) for f in dirs):
        return True
    return not any(
        p.startswith("_") or p.lower() in ("vendor", "assets") for p in rel_dir.split("/")
    )


SITE = replace(
    BASE,
    collections=("_docs", "guides/_how", "_a/b"),
    exclude=("notes", "/drafts/old/", "x/y", ""),
    defaults=(
        ("", "posts", ("layout",)),
        ("docs", "", ("toc",)),
        ("docs/api", "pages", ("api",)),
        ("_posts/2020", "", ("old",)),
        ("a//b", "", ("odd",)),
    ),
)
NAMES = ["_docs", "guides", "_how", "_a", "b", "notes", "drafts", "old", "x", "y", "docs", "api"]
NAMES += ["_posts", "2020", "_drafts", "a", "", "vendor", "p.md", "index.html", "README.md"]


def test_the_lookups_agree_with_the_plain_rules():
    for depth in (1, 2, 3):
        for parts in itertools.product(NAMES, repeat=depth):
            rel = "/".join(parts)
            for kind in ("post", "draft", "page", None):
                assert SITE.default_keys(rel, kind) == plain_default_keys(SITE, rel, kind), rel
            assert may_hold_articles(SITE, rel) == plain_may_hold(SITE, rel), rel
    assert classify(SITE, "guides/_how/a.md") == "page"
    assert classify(SITE, "notes/a.md") is None
    assert classify(SITE, "drafts/old/a.md") is None
    assert classify(SITE, "drafts/a.md") == "page"
    assert classify(SITE, "x/y/z/a.md") is None and classify(SITE, "x/a.md") == "page"


def test_thousands_of_collections_and_excludes_are_set_lookups():
    many = replace(
        BASE,
        collections=tuple(f"_c{i}" for i in range(30_000)),
        exclude=tuple(f"e{i}" for i in range(30_000)),
        defaults=tuple((f"d{i}", "", ("k",)) for i in range(30_000)),
    )
    # 200,000 files: with a comparison per entry this is 10**10 of them
    for i in range(200_000):
        rel = f"_c{i % 40_000}/p{i}.md" if i % 2 else f"e{i % 40_000}/p{i}.md"
        expected = "page" if i % 2 and i % 40_000 < 30_000 else None
        if not i % 2:
            expected = None if i % 40_000 < 30_000 else "page"
        assert classify(many, rel) == expected
    assert many.default_keys("d5/x.md", "page") == {"k"}
    assert many.default_keys("d50000/x.md", "page") == frozenset()
    assert may_hold_articles(many, "_c7") and not may_hold_articles(many, "_c30001")


def test_path_prefixes():
    assert path_prefixes("a/b/c.md") == ["a", "a/b", "a/b/c.md"]
    assert path_prefixes("a") == ["a"]


def test_thousands_of_hugo_main_sections_are_a_set_lookup():
    hugo = Site(HUGO, Path("/site"), None, {}, (), "content", None, None, "archetypes")
    hugo = replace(hugo, main_sections=tuple(f"s{i}" for i in range(100_000)))
    for i in range(100_000):
        assert classify(hugo, f"content/posts{i}/p.md") == "page"
    assert classify(hugo, "content/s99999/p.md") == "post"
    assert classify(hugo, "content/s5/_index.md") == "page"
