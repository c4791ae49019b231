"""The taxonomy is kept in the index between changes, and never stale."""

from __future__ import annotations

import os

import pytest

import reader.core.library.catalog as catalog_module
from reader.core.library.catalog import load_taxonomy, taxonomy_json, taxonomy_of_json

from .libhelpers import article, index_connection, write


def _library(root):
    write(root, "a.md", article("A", categories="[[新闻, 本地], [新闻, 国际]]", tags="[x, y]"))
    write(root, "b.md", article("B", categories="[Notes]", author="Ada", date="2019-05-06"))
    write(root, "c.md", article("C", date=None))
    write(root, "d/e.md", "---\ntitle: [unclosed\n---\nbody\n")  # a problem
    write(root, "2020-01-02-f.md", article("F", date=None, tags="[y]"))


def _fresh(lib):
    with index_connection(lib) as conn:
        return load_taxonomy(conn)


def test_the_cached_taxonomy_is_the_computed_one(open_library, root, monkeypatch):
    _library(root)
    lib = open_library()
    first = lib.taxonomy()
    first.site = None
    assert taxonomy_json(first) == taxonomy_json(_fresh(lib))
    assert first.total == 5 and first.errors == 1 and first.undated == 2
    assert first.uncategorized == 3 and first.tagged == 2

    def not_again(conn):
        raise AssertionError("computed again although nothing changed")

    monkeypatch.setattr(catalog_module, "load_taxonomy", not_again)
    again = lib.taxonomy()
    again.site = None
    assert taxonomy_json(again) == taxonomy_json(first)
    assert again.category(("新闻", "本地")).count == 1


@pytest.mark.parametrize("change", ["edit", "delete", "add", "rename"])
def test_any_change_to_the_articles_computes_it_again(open_library, root, change):
    _library(root)
    lib = open_library()
    before = lib.taxonomy()
    if change == "edit":
        write(root, "b.md", article("B", categories="[Elsewhere]", author="Bo", date="2001-02-03"))
    elif change == "delete":
        os.remove(root / "a.md")
    elif change == "add":
        write(root, "g.md", article("G", tags="[z]"))
    else:
        os.rename(root / "c.md", root / "2018-07-08-c.md")  # now dated by its name
    lib.refresh()
    after = lib.taxonomy()
    after.site = None
    assert taxonomy_json(after) == taxonomy_json(_fresh(lib))
    assert taxonomy_json(after) != taxonomy_json(before)


def test_a_damaged_cache_is_computed_again(open_library, root):
    _library(root)
    lib = open_library()
    lib.taxonomy()
    with index_connection(lib) as conn:
        changes = conn.execute("SELECT value FROM meta WHERE key='changes'").fetchone()[0]
        conn.execute("UPDATE meta SET value=? WHERE key='taxonomy'", (f"{changes} {{broken",))
    taxonomy = lib.taxonomy()
    assert taxonomy.total == 5 and taxonomy.errors == 1


def test_json_round_trip_keeps_every_count(open_library, root):
    _library(root)
    computed = _fresh(open_library())
    assert taxonomy_json(taxonomy_of_json(taxonomy_json(computed))) == taxonomy_json(computed)
    [news] = [n for n in taxonomy_of_json(taxonomy_json(computed)).categories if n.name == "新闻"]
    assert news.path == ("新闻",)
    assert {c.path for c in news.children} == {("新闻", "本地"), ("新闻", "国际")}
    assert news.count == 1 and news.own_count == 0


def test_groups_with_numbers_are_in_the_order_a_person_reads(open_library, root):
    # (review) the tree listed Cat1, Cat10, Cat100, Cat2 and Author 79, Author 8
    from .libhelpers import article, write

    for n in (1, 2, 10, 100):
        write(root, f"c{n}.md", article(f"T{n}", categories=f"Cat{n}", tags=f"t{n}"))
    for n in (8, 79, 80):
        write(root, f"a{n}.md", article(f"A{n}", author=f"Author {n}"))
    library = open_library()
    taxonomy = library.taxonomy()
    names = [node.name for node in taxonomy.categories]
    assert names[:4] == ["Cat1", "Cat2", "Cat10", "Cat100"]
    assert [tag for tag, _ in taxonomy.tags] == ["t1", "t2", "t10", "t100"]
    authors = [name for name, _ in taxonomy.authors]
    assert authors.index("Author 8") < authors.index("Author 79") < authors.index("Author 80")
