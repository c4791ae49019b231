"""Creating an article on a file system without hard links (FAT, some
network shares): the new file appears whole or not at all, also when the
write fails on the way."""

from __future__ import annotations

import errno
import os

import pytest

from reader.core.article.storage import create_exclusive
from reader.core.common import files

DATA = b"---\ntitle: New\n---\n" + b"body line\n" * 2000


@pytest.fixture
def no_hard_links(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    # (nor a rename that never replaces, which such a file system lacks too)
    monkeypatch.setattr(files, "_noreplace_rename", lambda: None)


def _listed(folder):
    return sorted(os.listdir(folder))


def test_the_new_file_is_made_whole(no_hard_links, tmp_path):
    create_exclusive(tmp_path / "new.md", DATA)
    assert (tmp_path / "new.md").read_bytes() == DATA
    assert _listed(tmp_path) == ["new.md"]  # no temporary file left


def test_a_taken_name_is_refused_and_kept(no_hard_links, tmp_path):
    (tmp_path / "new.md").write_bytes(b"someone else's\n")
    with pytest.raises(FileExistsError):
        create_exclusive(tmp_path / "new.md", DATA)
    assert (tmp_path / "new.md").read_bytes() == b"someone else's\n"
    assert _listed(tmp_path) == ["new.md"]


def test_a_failed_write_leaves_no_file_at_the_name(no_hard_links, monkeypatch, tmp_path):
    """The disk failing once the temporary file is written (its fsync is the
    first): an error, and no new file, whole or half."""
    real_fsync, calls = os.fsync, []

    def failing_after_the_first(fd):
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    def failing_replace(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_after_the_first)
    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        create_exclusive(tmp_path / "new.md", DATA)
    assert _listed(tmp_path) == []


def test_the_undo_journal_is_made_without_hard_links_and_never_replaced(no_hard_links, tmp_path):
    from reader.core.edit.journal import Journal

    journal = Journal(tmp_path / "journal.sqlite3")
    assert journal.last() is None
    journal.close()
    made = (tmp_path / "journal.sqlite3").read_bytes()
    Journal(tmp_path / "journal.sqlite3").close()  # opened again: the same file
    assert (tmp_path / "journal.sqlite3").read_bytes() == made
    assert _listed(tmp_path) == ["journal.sqlite3"]


def test_place_new_never_replaces_a_file_there(no_hard_links, tmp_path):
    from reader.core.common.files import place_new

    (tmp_path / "built").write_bytes(b"new\n")
    (tmp_path / "out").write_bytes(b"theirs\n")
    with pytest.raises(FileExistsError):
        place_new(tmp_path / "built", tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == b"theirs\n"
    place_new(tmp_path / "built", tmp_path / "free")
    assert (tmp_path / "free").read_bytes() == b"new\n"
    assert _listed(tmp_path) == ["free", "out"]


def test_a_move_without_hard_links_renames_and_never_replaces(no_hard_links, tmp_path):
    from reader.core.article.storage import NameTakenError, move_article

    (tmp_path / "a.md").write_bytes(DATA)
    (tmp_path / "taken.md").write_bytes(b"theirs\n")
    with pytest.raises(NameTakenError):
        move_article(tmp_path / "a.md", tmp_path / "taken.md")
    move_article(tmp_path / "a.md", tmp_path / "b.md")
    assert (tmp_path / "b.md").read_bytes() == DATA
    assert (tmp_path / "taken.md").read_bytes() == b"theirs\n"
    assert _listed(tmp_path) == ["b.md", "taken.md"]


def test_a_journal_being_made_by_another_process_is_waited_for(no_hard_links, tmp_path):
    """Without hard links, the empty file place_new reserves the journal's
    name with stands there until the new journal is renamed over it: a
    second process opening the journal then must not take it for a damaged
    (truncated) one and put it aside."""
    import threading
    import time

    from reader.core.edit.journal import Journal

    made = tmp_path / "made"
    made.mkdir()
    Journal(made / "journal.sqlite3").close()  # another process's, made whole
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"")  # its reservation of the name

    def finish() -> None:
        time.sleep(0.3)
        os.replace(made / "journal.sqlite3", path)

    other = threading.Thread(target=finish)
    other.start()
    try:
        journal = Journal(path)
    finally:
        other.join()
    assert journal.last() is None
    journal.close()
    assert _listed(tmp_path) == ["journal.sqlite3", "made"]  # nothing put aside
