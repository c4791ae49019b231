"""An edit cut short (its process killed half way: a bulk edit, a publish) is
taken once from the journal; one that ended, one undone and one of a live
process (which holds the library's lock) are not."""

from __future__ import annotations

from reader.core.article.storage import library_locked
from reader.core.edit.journal import Journal
from tests.core.libhelpers import article, write


def test_an_operation_begun_and_never_finished_is_taken_once(tmp_path):
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    done = journal.begin("tag a → b")
    journal.record(done, "a.md", b"old", b"new")
    journal.finish(done)
    assert journal.take_interrupted() is None  # (it ended)
    cut = journal.begin("tag b → c")
    journal.record(cut, "a.md", b"new", b"newer")
    journal.close()  # (its process killed: never finished)
    journal = Journal(path)
    taken = journal.take_interrupted()
    assert taken is not None and (taken.id, taken.description) == (cut, "tag b → c")
    assert journal.take_interrupted() is None  # (said once)
    journal.close()


def test_one_undone_or_that_changed_nothing_is_not_taken(tmp_path):
    journal = Journal(tmp_path / "journal.sqlite3")
    empty = journal.begin("tag x → y")  # (killed before its first write)
    assert journal.take_interrupted() is None
    cut = journal.begin("tag a → b")
    journal.record(cut, "a.md", b"old", b"new")
    journal.mark_undone(cut)
    assert journal.take_interrupted() is None
    assert empty != cut
    journal.close()


def test_one_of_a_process_holding_the_library_is_not_taken(open_library, root):
    write(root, "a.md", article("A"))
    lib = open_library()
    op = lib.journal.begin("tag a → b")
    lib.journal.record(op, "a.md", b"old", b"new")
    with library_locked(root):  # (its process is still at work)
        assert lib.interrupted_operation() is None
    cut = lib.interrupted_operation()
    assert cut is not None and cut.id == op
    assert lib.interrupted_operation() is None
