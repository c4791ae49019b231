"""The folders holding indexed articles (what the window watches), read
from the index one folder at a time."""

from __future__ import annotations

import posixpath
import sqlite3
from contextlib import closing

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.library.index import article_folders

from .libhelpers import article, write


def _expected(paths: list[str]) -> list[str]:
    """Every folder of every path, and their ancestors: the plain way."""
    found: set[str] = set()
    for path in paths:
        parent = posixpath.dirname(path)
        while parent:
            found.add(parent)
            parent = posixpath.dirname(parent)
    return sorted(found)


def test_folders_of_a_library_with_nesting_and_awkward_names(open_library, root):
    rels = [
        "top.md",
        "a.md",  # sorts before "a/…", which sorts before "a-b/…" and "a0/…"
        "a/x.md",
        "a/b/c/deep.md",  # b and c hold no article of their own: still listed
        "a-b/y.md",
        "a0/z.md",
        "a.b/w.md",
        "100% [draft]_*?/v.md",
        "中文/文章.md",
        "only-assets/picture.png",  # not an article: its folder is not listed
        "empty-after/.hidden.md",  # a skipped name
    ]
    for rel in rels:
        write(root, rel, article(rel))
    lib = open_library()
    indexed = [summary.path for summary in lib.query()]
    assert "a/b/c/deep.md" in indexed and "only-assets/picture.png" not in indexed
    assert lib.article_folders() == _expected(indexed)
    assert "a/b" in lib.article_folders() and "only-assets" not in lib.article_folders()


def test_folders_of_an_empty_library_and_of_one_with_top_files_only(open_library, root):
    lib = open_library()
    assert lib.article_folders() == []
    write(root, "one.md", article("One"))
    lib.refresh()
    assert lib.article_folders() == []


def test_a_folder_whose_articles_are_gone_is_no_longer_listed(open_library, root):
    write(root, "keep/a.md", article("A"))
    gone = write(root, "gone/sub/b.md", article("B"))
    lib = open_library()
    assert lib.article_folders() == ["gone", "gone/sub", "keep"]
    gone.unlink()
    lib.refresh()
    assert lib.article_folders() == ["keep"]


_NAME = st.text(alphabet="ab0-./_%中", min_size=1, max_size=3).filter(
    lambda name: "/" not in name and name not in (".", "..")
)


@settings(max_examples=200)
@given(st.lists(st.lists(_NAME, min_size=1, max_size=4).map("/".join), max_size=30))
def test_the_same_folders_as_the_plain_way_for_any_paths(paths):
    """On the index's own table (paths as stored): names that sort around
    "/" (".", "-", "0") and any nesting."""
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE articles (path TEXT UNIQUE)")
        conn.executemany("INSERT OR IGNORE INTO articles VALUES (?)", [(p,) for p in paths])
        stored = [row[0] for row in conn.execute("SELECT path FROM articles")]
        assert sorted(article_folders(conn)) == _expected(stored)
