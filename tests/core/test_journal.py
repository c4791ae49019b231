"""The undo journal: damage is reported and kept aside, never silently dropped;
a journal that cannot be written stops a bulk edit before its first write."""

from __future__ import annotations

import os
import sqlite3

import pytest

from reader.core.edit.journal import Journal, JournalDamagedError
from reader.core.library.facade import CacheError, Library

from .libhelpers import article, write

PAGE = 4096


def _page_of(path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[
            0
        ]
    finally:
        conn.close()


def _garbage(path):
    path.write_bytes(b"not a journal at all\n" * 300)


def _emptied(path):
    path.write_bytes(b"")


def _truncated(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 123])


def _malformed(path):
    """The entries table's first page overwritten: the header and the
    operations still read, the old bytes do not."""
    number = _page_of(path, "entries")
    data = bytearray(path.read_bytes())
    data[(number - 1) * PAGE : number * PAGE] = b"\xa5" * PAGE
    path.write_bytes(bytes(data))


def _wrong_schema(path):
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE operations(id INTEGER PRIMARY KEY, note TEXT)")
    conn.commit()
    conn.close()


def _extra_column(path):
    """Another version's journal (or a hand's): every table there, one with
    a column more.  Its inserts failed halfway through a bulk edit with a
    traceback ("table entries has 6 columns but 5 values were supplied")."""
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE entries ADD COLUMN extra TEXT")
    conn.commit()
    conn.close()


DAMAGE = {
    "extra-column": _extra_column,
    "garbage": _garbage,
    "empty": _emptied,
    "truncated": _truncated,
    "malformed": _malformed,
    "wrong-schema": _wrong_schema,
}


@pytest.fixture
def edited(open_library, root):
    """A library after one bulk edit (tag IPO → 上市), with its journal closed."""
    for name in ("a", "b"):
        write(root, f"{name}.md", article(name.upper(), tags="[IPO]", body="x" * 5000 + "\n"))
    lib = open_library()
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    assert len(lib.apply(lib.plan_tag_rename("IPO", "上市")).changed) == 2
    path = lib.journal.path
    lib.close()
    return root, path, before


def _files(root):
    return {p.name: p.read_bytes() for p in root.iterdir()}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_undo_with_a_damaged_journal_is_an_error_and_the_journal_is_kept(edited, cache_dir, damage):
    root, path, _ = edited
    DAMAGE[damage](path)
    damaged = path.read_bytes()
    after_edit = _files(root)
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh()
        with pytest.raises(JournalDamagedError) as caught:
            lib.undo_last()
        error = caught.value
        assert error.path == str(path)
        assert str(error) == f"{path}: the undo journal is damaged; kept as {error.aside}"
        assert error.aside.parent == path.parent
        assert error.aside.name.startswith("journal.sqlite3.damaged-")
        assert error.aside.read_bytes() == damaged
        assert not path.exists()
        assert _files(root) == after_edit  # nothing restored from a damaged journal
        # Said once: the journal now starts afresh, and says so by being empty.
        assert lib.last_operation() is None
    assert error.aside.read_bytes() == damaged


def test_a_new_bulk_edit_after_the_damage_is_journaled_afresh(edited, cache_dir):
    root, path, _ = edited
    _garbage(path)
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh()
        with pytest.raises(JournalDamagedError):
            lib.journal  # noqa: B018 - opening it finds the damage
        before = _files(root)
        assert len(lib.apply(lib.plan_tag_rename("上市", "IPO2")).changed) == 2
        assert len(lib.undo_last().restored) == 2
        assert _files(root) == before


def test_a_journal_that_cannot_be_created_stops_the_edit_before_any_write(
    open_library, root, cache_dir
):
    write(root, "a.md", article("A", tags="[IPO]"))
    lib = open_library()
    (lib.cache_dir / "journal.sqlite3").mkdir()  # in the way, even for root
    before = _files(root)
    plan = lib.plan_tag_rename("IPO", "上市")
    with pytest.raises(CacheError) as caught:
        lib.apply(plan)
    assert "undo journal" in str(caught.value)
    assert str(lib.cache_dir / "journal.sqlite3") in str(caught.value)
    assert _files(root) == before
    with pytest.raises(CacheError):
        lib.undo_last()


def test_a_new_journal_appears_whole(tmp_path):
    """Created under a temporary name and linked into place: no empty
    journal file is ever visible (an empty one is therefore damage)."""
    path = tmp_path / "cache" / "journal.sqlite3"
    journal = Journal(path)
    try:
        assert journal.last() is None
        assert os.path.getsize(path) > 0
        assert sorted(p.name for p in path.parent.iterdir()) == ["journal.sqlite3"]
    finally:
        journal.close()


def test_damage_found_while_reading_entries_is_handled_too(tmp_path):
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    op = journal.begin("edit")
    for number in range(40):
        journal.record(op, f"{number}.md", os.urandom(3000), b"new")
    journal.close()
    number = _page_of(path, "entries")
    data = bytearray(path.read_bytes())
    last_page = len(data) // PAGE
    assert last_page > number
    data[(last_page - 1) * PAGE :] = b"\x00" * PAGE  # a leaf of entries, not the root
    path.write_bytes(bytes(data))
    journal = Journal(path)
    try:
        with pytest.raises(JournalDamagedError) as caught:
            journal.entries(journal.last().id)
        assert caught.value.aside.exists() and not path.exists()
        assert journal.closed
    finally:
        journal.close()


def test_a_temporary_index_undoes_from_the_journal_of_the_cache_it_names(edited, cache_dir):
    """The index is a cache: on a temporary one (the real index unwritable),
    undo still has the library's journal when it is named; without it, the
    temporary index has no journal, and bulk edits and undo are refused."""
    root, path, before = edited
    with (
        Library.open_temporary(root, "the index is read-only") as lib,
        pytest.raises(CacheError, match="the index is read-only"),
    ):
        lib.undo_last()
    with Library.open_temporary(root, "the index is read-only", journal_of=cache_dir) as lib:
        lib.refresh()
        assert lib.journal.path == path
        assert len(lib.undo_last().restored) == 2
    assert _files(root) == before
    assert path.exists()  # (the journal stays where it was; the index was temporary)


def test_a_copy_damaged_inside_the_journal_is_never_written_back(edited, cache_dir):
    # Bytes changed inside a stored copy (a bad sector): SQLite reads the
    # blob without a word, and undo wrote the garbage into the article.
    root, path, before = edited
    data = bytearray(path.read_bytes())
    at = data.find(b"x" * 64)
    assert at > 0
    data[at : at + 8] = b"GARBAGE!"
    path.write_bytes(bytes(data))
    after_edit = _files(root)
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh()
        result = lib.undo_last()
        damaged = [p for p, why in result.skipped if "journal's copy of it is damaged" in why]
        assert damaged and not set(damaged) & set(result.restored)
        for name, data in _files(root).items():
            assert data in (before[name], after_edit[name])  # never the garbage
            assert b"GARBAGE!" not in data
        assert sorted([*damaged, *result.restored]) == ["a.md", "b.md"]
