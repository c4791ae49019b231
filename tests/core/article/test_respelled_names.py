"""Renaming an article to the same name spelled otherwise (``hello.md`` →
``Hello.md``) on a file system that ignores case (macOS, Windows): the name
"exists already" there, as the article itself.  Linux file systems here
tell case apart, so the folder entry lookups are folded as such a file
system folds them (``CaseBlind``)."""

from __future__ import annotations

import os
import types

import pytest

from reader.core.article import storage
from reader.core.article.storage import NameTakenError, move_article


class CaseBlind:
    """``os`` as seen on a case-insensitive, case-keeping file system: a name
    finds the folder entry spelled like it in any case; a rename onto the
    same entry spells it anew; listing gives the names as kept."""

    def __init__(self) -> None:
        self.path = types.SimpleNamespace(**vars(os.path))
        self.path.lexists = lambda p: os.path.lexists(self.entry(p))
        self.path.isfile = lambda p: os.path.isfile(self.entry(p))
        self.path.islink = lambda p: os.path.islink(self.entry(p))

    def __getattr__(self, name: str):
        return getattr(os, name)

    def entry(self, path) -> str:
        folder, name = os.path.split(os.fspath(path))
        try:
            names = os.listdir(folder or ".")
        except OSError:
            return os.fspath(path)
        return next((os.path.join(folder, n) for n in names if n.lower() == name.lower()), path)

    def lstat(self, path, **kw):
        return os.lstat(self.entry(path), **kw)

    def link(self, source, target, **kw):
        if os.path.lexists(self.entry(target)):
            raise FileExistsError(17, "File exists", os.fspath(target))
        os.link(self.entry(source), target, **kw)

    def rename(self, source, target):
        source, existing = self.entry(source), self.entry(target)
        if os.path.lexists(existing) and existing != source:
            os.unlink(existing)  # (rename replaces, as everywhere)
        os.rename(source, target)


@pytest.fixture
def case_blind(monkeypatch):
    monkeypatch.setattr(storage, "os", CaseBlind())


def test_a_name_spelled_otherwise_is_the_article_itself(case_blind, tmp_path):
    (tmp_path / "hello.md").write_bytes(b"---\ntitle: Hello\n---\nbody\n")
    move_article(tmp_path / "hello.md", tmp_path / "Hello.md")
    assert sorted(os.listdir(tmp_path)) == ["Hello.md"]
    assert (tmp_path / "Hello.md").read_bytes() == b"---\ntitle: Hello\n---\nbody\n"


def test_another_file_with_the_name_in_another_case_is_never_replaced(case_blind, tmp_path):
    # a folder copied from a case-sensitive disk can hold both
    (tmp_path / "hello.md").write_bytes(b"mine\n")
    (tmp_path / "other.md").write_bytes(b"theirs\n")
    with pytest.raises(NameTakenError):
        move_article(tmp_path / "other.md", tmp_path / "HELLO.md")
    assert (tmp_path / "hello.md").read_bytes() == b"mine\n"
    assert (tmp_path / "other.md").read_bytes() == b"theirs\n"


def test_a_second_name_of_the_same_file_is_not_the_article_respelled(tmp_path):
    (tmp_path / "a.md").write_bytes(b"one file, two names\n")
    os.link(tmp_path / "a.md", tmp_path / "A.md")
    with pytest.raises(NameTakenError):
        move_article(tmp_path / "a.md", tmp_path / "A.md")
    assert sorted(os.listdir(tmp_path)) == ["A.md", "a.md"]


def test_a_link_respelled_keeps_pointing_at_its_file(case_blind, tmp_path):
    (tmp_path / "real.md").write_bytes(b"text\n")
    os.symlink("real.md", tmp_path / "post.md")
    move_article(tmp_path / "post.md", tmp_path / "Post.md")
    assert sorted(os.listdir(tmp_path)) == ["Post.md", "real.md"]
    assert os.readlink(tmp_path / "Post.md") == "real.md"


class CaseBlindNoInodes(CaseBlind):
    """The same, on a share that gives every file the inode number 0 (a
    number that says nothing: Python's ``st_ino`` "if non-zero")."""

    def lstat(self, path, **kw):
        st = super().lstat(path, **kw)
        return os.stat_result((st.st_mode, 0, *tuple(st)[2:]))


def test_an_inode_number_of_0_never_makes_another_file_the_article(monkeypatch, tmp_path):
    monkeypatch.setattr(storage, "os", CaseBlindNoInodes())
    (tmp_path / "hello.md").write_bytes(b"mine\n")
    (tmp_path / "other.md").write_bytes(b"theirs\n")
    with pytest.raises(NameTakenError):
        move_article(tmp_path / "other.md", tmp_path / "HELLO.md")
    assert (tmp_path / "hello.md").read_bytes() == b"mine\n"
    assert (tmp_path / "other.md").read_bytes() == b"theirs\n"


def test_the_same_file_in_another_folder_is_not_the_article_respelled(case_blind, tmp_path):
    # its second name (a hard link) there, in another case: renamed onto,
    # a real case-blind disk does nothing (the same file) and says it did
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "hello.md").write_bytes(b"one file, two folders\n")
    os.link(tmp_path / "x" / "hello.md", tmp_path / "y" / "hello.md")
    with pytest.raises(NameTakenError):
        move_article(tmp_path / "x" / "hello.md", tmp_path / "y" / "HELLO.md")
    assert os.listdir(tmp_path / "x") == ["hello.md"]
    assert os.listdir(tmp_path / "y") == ["hello.md"]
