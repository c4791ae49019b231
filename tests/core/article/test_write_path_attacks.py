"""The write path under attack: another writer that keeps the lock, a move
killed half way, a file system without hard links.  Each test names the
defect it keeps fixed."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from send2trash.exceptions import TrashPermissionError

from reader.core.article import storage
from reader.core.article.model import ArticleError
from reader.core.article.storage import LockTimeoutError, locked, move_article, trash_article

RAW = b"---\ntitle: Old\ntags: [a]\n---\nBody\n"


@contextmanager
def held_elsewhere(*paths: Path) -> Iterator[None]:
    """The write locks of ``paths`` held by another thread (the lock is
    re-entrant within one) until the block ends."""
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with locked(*paths):
            taken.set()
            done.wait(60)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert taken.wait(60)
        yield
    finally:
        done.set()
        thread.join(60)


def test_a_lock_that_stays_taken_names_the_file_it_waited_for(tmp_path):
    # The timeout said "<article>: another program has been writing this
    # file for too long", naming no file at all.
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    with (
        held_elsewhere(second),
        pytest.raises(LockTimeoutError) as caught,
        locked(first, second, timeout=0.05),
    ):
        pass
    assert caught.value.path == str(second)
    assert str(caught.value).startswith(f"{second}: ")


def test_the_default_wait_is_the_one_set_when_the_lock_is_taken(tmp_path, monkeypatch):
    target = tmp_path / "post.md"
    target.write_bytes(RAW)
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.05)
    with held_elsewhere(target), pytest.raises(LockTimeoutError) as caught:
        storage.replace_checked(target, RAW, RAW.replace(b"Old", b"New"))
    assert caught.value.path == str(target)
    assert target.read_bytes() == RAW


# -- moves ---------------------------------------------------------------------------------


def test_a_move_never_replaces_a_file_that_appears_at_its_target(tmp_path, monkeypatch):
    source, target = tmp_path / "a.md", tmp_path / "b.md"
    source.write_bytes(RAW)
    target.write_bytes(b"someone else's\n")
    real_lexists = os.path.lexists
    # the target appears after the check, before the rename
    monkeypatch.setattr(
        os.path, "lexists", lambda path: False if Path(path) == target else real_lexists(path)
    )
    with pytest.raises(storage.NameTakenError):
        move_article(source, target)
    assert source.read_bytes() == RAW and target.read_bytes() == b"someone else's\n"


# -- the trash -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (
            PermissionError(13, "Permission denied", b"/home/ann/.local/share/Trash/files"),
            "Permission denied (/home/ann/.local/share/Trash/files)",
        ),
        (
            TrashPermissionError(b"/media/usb/.Trash-1000"),
            "Permission denied (/media/usb/.Trash-1000)",
        ),
    ],
)
def test_a_trash_that_cannot_be_written_is_named_as_text(tmp_path, monkeypatch, failure, said):
    # was: "cannot move to the trash: [Errno 13] Permission denied: b'/home/…'"
    import send2trash

    post = tmp_path / "post.md"
    post.write_bytes(RAW)

    def refuse(path: str) -> None:
        raise failure

    monkeypatch.setattr(send2trash, "send2trash", refuse)
    with pytest.raises(ArticleError) as caught:
        trash_article(post, expected=RAW)
    assert str(caught.value) == f"{post}: cannot move to the trash: {said}"
    assert post.read_bytes() == RAW
