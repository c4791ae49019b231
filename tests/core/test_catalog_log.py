"""After a change, the kept taxonomy plus the logged changes is exactly a
full recount (``catalog.taxonomy_log``), and the log falls back to a full
recount whenever it cannot vouch for every change."""

from __future__ import annotations

import os

import pytest

import reader.core.library.catalog as catalog_module
from reader.core.library.catalog import load_taxonomy, taxonomy_json

from .libhelpers import article, index_connection, write


def _library(root):
    write(root, "a.md", article("A", categories="[[新闻, 本地], [新闻, 国际]]", tags="[x, y]"))
    write(root, "b.md", article("B", categories="[Notes]", author="Ada", date="2019-05-06"))
    write(root, "c.md", article("C", date=None))
    write(root, "d/e.md", "---\ntitle: [unclosed\n---\nbody\n")  # a problem
    write(root, "2020-01-02-f.md", article("F", date=None, tags="[y]"))
    write(root, "g/h.md", article("H", categories="[[新闻, 本地, 区]]", tags="[x]", author="Bo"))


def _recounted(lib) -> str:
    with index_connection(lib) as conn:
        return taxonomy_json(load_taxonomy(conn))


def _taxonomy(lib) -> str:
    taxonomy = lib.taxonomy()
    taxonomy.site = None
    return taxonomy_json(taxonomy)


@pytest.fixture
def recounts(monkeypatch) -> list[int]:
    """The full recounts made by the library (the test's own are not counted)."""
    calls: list[int] = []

    def counting(conn):
        calls.append(1)
        return load_taxonomy(conn)

    monkeypatch.setattr(catalog_module, "load_taxonomy", counting)
    return calls


def _edits(root):
    """Adds, deletes, renames, category, tag, author and date edits, a
    problem fixed and one made, through the disk and through the library."""
    yield "add", lambda: write(root, "n/new.md", article("N", categories="[Notes]", tags="[z]"))
    yield "delete", lambda: os.remove(root / "a.md")
    yield "rename on disk", lambda: os.rename(root / "c.md", root / "2018-07-08-c.md")
    yield (
        "category edit",
        lambda: write(root, "b.md", article("B", categories="[[新闻, 国际]]", date="2019-05-06")),
    )
    yield "tag edit", lambda: write(root, "2020-01-02-f.md", article("F", date=None, tags="[]"))
    yield "author edit", lambda: write(root, "g/h.md", article("H", author="Cy", tags="[x, w]"))
    yield "problem fixed", lambda: write(root, "d/e.md", article("E", tags="[w]"))
    yield "problem made", lambda: write(root, "b.md", "---\ntitle: [x\n---\n")
    yield "date edit", lambda: write(root, "n/new.md", article("N", date="1999-12-31"))
    yield "same again", lambda: write(root, "n/new.md", article("N", date="1999-12-31"))


def test_each_change_logged_gives_the_full_recount(open_library, root, recounts):
    _library(root)
    lib = open_library()
    assert _taxonomy(lib) == _recounted(lib)  # counted, and the log started
    assert len(recounts) == 1
    for what, change in _edits(root):
        change()
        lib.refresh()
        expected = _recounted(lib)
        assert _taxonomy(lib) == expected, what
        assert _taxonomy(lib) == expected, what  # kept, and the log emptied
        with index_connection(lib) as conn:
            assert conn.execute("SELECT count(*) FROM taxonomy_log").fetchone() == (0,)
    assert len(recounts) == 1


def test_many_changes_at_once_and_through_the_library(open_library, root, recounts):
    _library(root)
    lib = open_library()
    lib.taxonomy()
    for _what, change in _edits(root):
        change()
    lib.refresh()
    new = lib.rename("g/h.md", "renamed.md")
    lib.move(new, "n")
    lib.trash("2018-07-08-c.md")
    lib.apply(lib.plan_category_rename("新闻", "News/World"))
    lib.apply(lib.plan_tag_rename("w", "x"))
    lib.undo_last()  # the tag rename, undone
    assert _taxonomy(lib) == _recounted(lib)
    assert len(recounts) == 1


def test_a_recount_when_the_log_cannot_vouch_for_the_changes(open_library, root, recounts):
    _library(root)
    lib = open_library()
    lib.taxonomy()
    # a batch larger than the log's bound stops it (and empties it)
    with index_connection(lib) as conn:
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'taxonomy_log'")
    for n in range(4):
        write(root, f"batch/{n}.md", article(f"B{n}", categories=f"[c{n}]", tags=f"[t{n}]"))
    lib.refresh()
    with index_connection(lib) as conn:
        assert conn.execute("SELECT 1 FROM meta WHERE key = 'taxonomy_log'").fetchone() is None
        assert conn.execute("SELECT count(*) FROM taxonomy_log").fetchone() == (0,)
    assert _taxonomy(lib) == _recounted(lib) and len(recounts) == 2
    # a trigger gone (its table dropped and made again): the log is not trusted
    with index_connection(lib) as conn:
        conn.execute("DROP TRIGGER taxonomy_log_tag_inserted")
    write(root, "batch/0.md", article("B0", tags="[u]"))
    lib.refresh()
    assert _taxonomy(lib) == _recounted(lib) and len(recounts) == 3
    # counted again, the log is whole once more
    write(root, "batch/1.md", article("B1", tags="[u, v]"))
    lib.refresh()
    assert _taxonomy(lib) == _recounted(lib) and len(recounts) == 3


def test_a_log_that_does_not_fit_the_kept_counts_is_not_used(open_library, root, recounts):
    _library(root)
    lib = open_library()
    lib.taxonomy()
    write(root, "a.md", article("A", tags="[x]"))
    lib.refresh()
    with index_connection(lib) as conn:  # a removal of a tag never counted
        conn.execute("INSERT INTO taxonomy_log(kind, sign, k1, k2) VALUES ('t', -1, 'nope', 0)")
    assert _taxonomy(lib) == _recounted(lib)
    assert len(recounts) == 2


def test_a_taxonomy_kept_by_a_version_without_the_log_is_not_added_to(open_library, root, recounts):
    _library(root)
    lib = open_library()
    lib.taxonomy()
    write(root, "z.md", article("Z", tags="[x]", author="Ada"))  # added: no count goes below 0
    lib.refresh()
    # that version counts and keeps the taxonomy; the triggers went on logging
    with index_connection(lib) as conn:
        (changes,) = conn.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()
        counted = taxonomy_json(load_taxonomy(conn))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'taxonomy'", (f"{changes} {counted}",))
    write(root, "y.md", article("Y", tags="[q]"))
    lib.refresh()
    assert _taxonomy(lib) == _recounted(lib)
    assert len(recounts) == 2
