"""The undo journal's moves (publish, unpublish): recorded before they
happen, undone last-first, and added to journals made before they existed."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from reader.core.edit.bulk import undo_last
from reader.core.edit.journal import Journal

OLD_SCHEMA = """
CREATE TABLE operations(id INTEGER PRIMARY KEY, created REAL NOT NULL,
    description TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0);
CREATE TABLE entries(operation_id INTEGER NOT NULL, path TEXT NOT NULL,
    old_bytes BLOB NOT NULL, old_sha TEXT NOT NULL, new_sha TEXT NOT NULL,
    PRIMARY KEY(operation_id, path));
"""


def test_an_old_journal_gains_the_moves_table(tmp_path):
    path = tmp_path / "journal.sqlite3"
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(OLD_SCHEMA)
    journal = Journal(path)
    op = journal.begin("publish a → b")
    journal.record_move(op, "a.md", "b.md")
    journal.finish(op)
    assert journal.moves(op) == [("a.md", "b.md")]
    assert journal.last() is not None  # an operation with only a move is kept
    journal.close()


def test_moves_are_undone_last_first_and_never_overwrite(tmp_path):
    root = tmp_path / "lib"
    (root / "one").mkdir(parents=True)
    (root / "one" / "a.md").write_text("a\n")
    journal = Journal(tmp_path / "journal.sqlite3")
    op = journal.begin("two moves")
    journal.record_move(op, "one/a.md", "two/a.md")
    (root / "two").mkdir()
    (root / "one" / "a.md").rename(root / "two" / "a.md")
    journal.record_move(op, "two/a.md", "three/a.md")
    (root / "three").mkdir()
    (root / "two" / "a.md").rename(root / "three" / "a.md")
    (root / "x.md").write_text("x\n")
    journal.record_move(op, "x.md", "y.md")  # never happened (a crash): passed over
    journal.finish(op)
    result = undo_last(str(root), journal)
    assert (root / "one" / "a.md").read_text() == "a\n"
    assert not (root / "three" / "a.md").exists()
    assert not result.failed and not result.skipped
    assert (root / "x.md").read_text() == "x\n"
    # a place taken since is reported, not overwritten
    op = journal.begin("again")
    journal.record_move(op, "one/a.md", "four/a.md")
    (root / "four").mkdir()
    (root / "one" / "a.md").rename(root / "four" / "a.md")
    (root / "one" / "a.md").write_text("someone else\n")
    journal.finish(op)
    result = undo_last(str(root), journal)
    assert result.skipped and "exists again" in result.skipped[0][1]
    assert (root / "one" / "a.md").read_text() == "someone else\n"
    assert (root / "four" / "a.md").read_text() == "a\n"
    journal.close()


def test_an_operation_dropped_for_doing_nothing_leaves_no_folders_to_the_next(tmp_path):
    # finish() dropped the operation and kept its folders: the next one took
    # its id (the largest plus one) and, undone, removed folders it never made
    root = tmp_path / "lib"
    root.mkdir()
    journal = Journal(tmp_path / "journal.sqlite3")
    failed = journal.begin("publish a → 2024/a")
    journal.record_folders(failed, ["2024"])
    journal.finish(failed)  # (its move failed and was forgotten: nothing done)
    (root / "2024").mkdir()  # made since, by someone else, and empty
    (root / "b.md").write_text("new\n")
    edit = journal.begin("an edit")
    journal.record(edit, "b.md", b"old\n", b"new\n")
    journal.finish(edit)
    assert journal.folders(edit) == []
    undo_last(str(root), journal)
    assert (root / "2024").is_dir()
    assert (root / "b.md").read_text() == "old\n"
    journal.close()


def test_an_operations_files_count_those_moved_but_not_their_asset_folders(tmp_path):
    # "Undo “publish a → b” (0 file(s))?": a publish that only moves, and a
    # rename, wrote no entry
    journal = Journal(tmp_path / "journal.sqlite3")
    op = journal.begin("publish _drafts/p.md → _posts/p.md")
    journal.record_move(op, "_drafts/p.md", "_posts/p.md")
    journal.record_move(op, "_drafts/p", "_posts/p")  # its asset folder
    journal.finish(op)
    assert journal.last().files == 1
    journal.mark_undone(op)
    op = journal.begin("publish _drafts/q.v2.md → _posts/2024-01-01-q.v2.md")
    journal.record_move(op, "_drafts/q.v2.md", "_posts/2024-01-01-q.v2.md")
    journal.record(op, "_posts/2024-01-01-q.v2.md", b"old", b"new")  # written too: one file
    journal.record_move(op, "_drafts/q.v2", "_posts/2024-01-01-q.v2")
    journal.finish(op)
    assert journal.last().files == 1
    journal.mark_undone(op)
    op = journal.begin("rename tag a → b")
    for name in ("x.md", "y.md"):
        journal.record(op, name, b"old", b"new")
    journal.finish(op)
    assert journal.last().files == 2
    journal.close()


def test_an_undo_killed_before_it_was_marked_done_leaves_no_folders(tmp_path, monkeypatch):
    # (review) killed after the operation was marked undone and before the
    # folders its move made were removed: no later undo came back to them
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.md").write_text("a\n")
    journal = Journal(tmp_path / "journal.sqlite3")
    op = journal.begin("move a → sub/deeper/a")
    journal.record_folders(op, ["sub/deeper", "sub"])
    (root / "sub" / "deeper").mkdir(parents=True)
    journal.record_move(op, "a.md", "sub/deeper/a.md")
    (root / "a.md").rename(root / "sub" / "deeper" / "a.md")
    journal.finish(op)

    def killed(op_id: int) -> None:
        raise KeyboardInterrupt  # (as a kill there: nothing after it happens)

    with monkeypatch.context() as patched:
        patched.setattr(journal, "mark_undone", killed)
        with pytest.raises(KeyboardInterrupt):
            undo_last(str(root), journal)
    assert (root / "a.md").read_text() == "a\n" and not (root / "sub").exists()
    again = undo_last(str(root), journal)  # the same operation, ended now
    assert not again.failed and not again.skipped
    assert journal.last() is None  # undone now
    assert (root / "a.md").read_text() == "a\n" and not (root / "sub").exists()
    journal.close()
