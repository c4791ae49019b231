"""Undo against files that changed under it: one that cannot be read for
now keeps the edit undoable; one that is gone for good does not hold the
undo of everything older hostage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import reader.core.edit.bulk as bulk
from reader.core.article.model import ArticleError
from reader.core.edit.journal import Journal

RAW = "---\ntitle: {name}\ntags: [old]\n---\nbody\n"


@pytest.fixture
def edited(tmp_path) -> tuple[Path, Journal, dict[str, bytes]]:
    """A library whose three articles a tag rename changed, and its journal."""
    root = tmp_path / "library"
    root.mkdir()
    for name in ("a", "b", "c"):
        (root / f"{name}.md").write_text(RAW.format(name=name))
    originals = {p.name: p.read_bytes() for p in root.iterdir()}
    journal = Journal(tmp_path / "journal.sqlite3")
    plan = bulk.plan_edit(str(root), "tag", ["old"], ["new"], sorted(originals))
    assert len(bulk.apply_plan(str(root), plan, journal).changed) == 3
    yield root, journal, originals
    journal.close()


def test_a_file_unreadable_for_now_keeps_the_edit_undoable(edited, monkeypatch):
    # was: skipped like a deleted file, and the edit marked undone: once the
    # file could be read again no undo could give it its old bytes back
    root, journal, originals = edited
    real_load = bulk.load_article

    def unreadable_b(path: str | os.PathLike) -> object:
        if Path(path).name == "b.md":
            raise ArticleError("cannot read: Input/output error", path)
        return real_load(path)

    with monkeypatch.context() as patched:
        patched.setattr(bulk, "load_article", unreadable_b)
        first = bulk.undo_last(str(root), journal)
    assert first.restored == ["a.md", "c.md"]
    assert [path for path, _ in first.failed] == ["b.md"] and not first.skipped
    assert journal.last() is not None  # still undoable
    second = bulk.undo_last(str(root), journal)
    assert second.restored == ["b.md"] and not second.failed and not second.skipped
    assert {p.name: p.read_bytes() for p in root.iterdir()} == originals
    assert journal.last() is None


@pytest.mark.parametrize("replace", ["delete", "folder", "dangling link"])
def test_a_file_gone_for_good_is_skipped_and_the_rest_undone(edited, replace):
    root, journal, originals = edited
    target = root / "b.md"
    target.unlink()
    if replace == "folder":
        target.mkdir()
    elif replace == "dangling link":
        target.symlink_to(root / "nowhere.md")
    result = bulk.undo_last(str(root), journal)
    assert result.restored == ["a.md", "c.md"] and not result.failed
    assert [path for path, _ in result.skipped] == ["b.md"]
    assert journal.last() is None  # done: an older edit is next
    for name in ("a.md", "c.md"):
        assert (root / name).read_bytes() == originals[name]
