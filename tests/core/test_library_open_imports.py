"""Opening a warm index and listing it imports only what that needs: the
refresh, the scan, the full-text search, the undo journal and the site's
modules load when first used (the window's start-up waits for this import)."""

from __future__ import annotations

import json
import subprocess
import sys

from reader.core.library.facade import Library
from tests.core.libhelpers import article, write

LATER = (
    "reader.core.article.slug",
    "reader.core.edit.journal",
    "reader.core.library.fulltext",
    "reader.core.library.refresh",
    "reader.core.library.rescan",
    "reader.core.library.scan",
    "reader.core.library.search",
    "reader.core.site.detect",
    "reader.core.site.schema",
)

OPEN_AND_LIST = """
import json, sys
from reader.core.library.facade import Library
from reader.core.library.query import Query
with Library.open(sys.argv[1], sys.argv[2]) as library:
    taxonomy = library.taxonomy()
    listing = library.listing(Query(sort="-date"))
    titles = [listing[i].title for i in range(len(listing))]
print(json.dumps({
    "total": taxonomy.total,
    "site": taxonomy.site is not None,
    "titles": titles,
    "modules": sorted(m for m in sys.modules if m.startswith("reader.")),
}))
"""


def _open_and_list(root, cache) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST, str(root), str(cache)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return json.loads(out)


def test_opening_and_listing_a_warm_index_imports_no_refresh_search_or_site(tmp_path):
    root, cache = tmp_path / "library", tmp_path / "cache"
    write(root, "a.md", article("Alpha", categories="[News]", date="2021-01-01"))
    write(root, "sub/b.md", article("Beta", date="2022-01-01"))
    (root / ".article-reader" / "state").mkdir(parents=True)  # reading state, no schema
    with Library.open(root, cache) as library:
        library.refresh()
    seen = _open_and_list(root, cache)
    assert seen["total"] == 2 and seen["titles"] == ["Beta", "Alpha"]
    assert not seen["site"]
    assert not [m for m in LATER if m in seen["modules"]]


def test_a_site_or_a_schema_still_gives_the_site_groups(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "_config.yml").parent.mkdir(parents=True)
    (site / "_config.yml").write_text("title: blog\n", encoding="utf-8")
    write(site, "source/_posts/a.md", article("Alpha"))
    write(site, "source/_drafts/b.md", article("Draft"))
    with Library.open(site / "source", cache) as library:
        library.refresh()
    assert _open_and_list(site / "source", cache)["site"]

    plain = tmp_path / "plain"
    write(plain, "a.md", article("Alpha"))
    write(plain, ".article-reader/schema.toml", '[keys.title]\ntype = "string"\n')
    with Library.open(plain, tmp_path / "cache2") as library:
        library.refresh()
        assert library.site is None
        assert library.site_groups() is not None  # the schema's warnings group
    assert _open_and_list(plain, tmp_path / "cache2")["site"]


def test_the_facade_still_offers_the_names_it_loads_later():
    import pytest

    from reader.core.edit.journal import JournalDamagedError
    from reader.core.library import facade
    from reader.core.library.refresh import RefreshStats
    from reader.core.library.search import SearchHit

    assert facade.JournalDamagedError is JournalDamagedError
    assert facade.RefreshStats is RefreshStats
    assert facade.SearchHit is SearchHit
    with pytest.raises(AttributeError):
        _ = facade.NoSuchName  # type: ignore[attr-defined]
    assert Library.__module__ == facade.__name__
