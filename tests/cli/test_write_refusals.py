"""Writes the write path refuses whole: an article that would grow past the
size an article may have (no command could open it again, undo included),
and a lock that cannot be taken at all.  One line naming the file, exit 3,
every file as it was."""

from __future__ import annotations

import errno
import fcntl
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.article.limits import MAX_ARTICLE_BYTES
from tests.core.libhelpers import article, write


def _one_error_line(err: str, *parts: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert any(all(part in line for part in parts) for line in lines), err


def test_an_edit_that_would_pass_the_article_size_limit_is_refused(tmp_path, capsys):
    head = b"---\ntitle: a\ncategories: T\n---\n"
    edge = tmp_path / "edge.md"
    edge.write_bytes(head + b"y" * (MAX_ARTICLE_BYTES - len(head) - 1) + b"\n")
    before = edge.read_bytes()
    assert main(["set", "-s", "title=a longer title", str(edge)]) == 3
    _one_error_line(
        capsys.readouterr().err, "edge.md", "over the 67,108,864-byte limit", "not saved"
    )
    assert edge.read_bytes() == before
    assert list(tmp_path.iterdir()) == [edge]  # no temporary file left


def test_a_bulk_edit_skips_the_article_it_would_make_too_large(root, cache_dir, capsys):
    write(root, "small.md", article("Small", categories="T"))
    head = b"---\ntitle: big\ncategories: T\n---\n"
    big = Path(root) / "big.md"
    big.write_bytes(head + b"y" * (MAX_ARTICLE_BYTES - len(head) - 1) + b"\n")
    before = big.read_bytes()
    small = (Path(root) / "small.md").read_bytes()
    code = main(["rename-category", "--cache-dir", str(cache_dir), str(root), "T", "Technik"])
    assert code == 3
    _one_error_line(capsys.readouterr().err, "big.md", "over the 67,108,864-byte limit")
    assert big.read_bytes() == before
    assert b"Technik" in (Path(root) / "small.md").read_bytes()
    assert main(["undo", "--cache-dir", str(cache_dir), str(root)]) == 0
    assert (Path(root) / "small.md").read_bytes() == small and big.read_bytes() == before


@pytest.fixture
def no_locks(monkeypatch):
    """flock fails as on a network folder without a lock service."""

    def refuse(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)


def test_a_lock_that_cannot_be_taken_is_an_error_naming_it(root, cache_dir, no_locks, capsys):
    write(root, "a.md", article("A", categories="T"))
    path = Path(root) / "a.md"
    before = path.read_bytes()
    assert main(["set", "-s", "x=1", str(path)]) == 3
    _one_error_line(capsys.readouterr().err, ".lock", "cannot take the write lock")
    code = main(["rename-category", "--cache-dir", str(cache_dir), str(root), "T", "U"])
    assert code == 3
    _one_error_line(capsys.readouterr().err, ".lock", "cannot take the library lock")
    assert path.read_bytes() == before
