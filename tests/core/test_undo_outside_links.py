"""Undo never writes through a symbolic link to outside the library: a file
(or a folder on its way) that became one since the edit is skipped and
reported, as every other write command refuses one; the rest of the undo
goes on.  Bulk edits, "import" over an article (a journaled write), a
trashed article written again, and publish's moves."""

from __future__ import annotations

from pathlib import Path

import pytest

import reader.core.edit.bulk as bulk
from reader.cli import main
from reader.cli.common import EXIT_FILE
from reader.core.edit.journal import Journal
from reader.core.library.facade import Library
from tests.fixtures.sites import copy_site

from .libhelpers import write

OUTSIDE = "a symbolic link to outside the library"
RAW = "---\ntitle: {name}\ncategories: [Old]\n---\nbody\n"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _folder_linked_out(root: Path, outside: Path, rel: str) -> Path:
    """Move the library's folder ``rel`` to ``outside`` and leave a link to
    it in its place; its new, real place."""
    real = outside / rel.replace("/", "_")
    (root / rel).rename(real)
    (root / rel).symlink_to(real, target_is_directory=True)
    return real


def _file_linked_out(root: Path, outside: Path, rel: str) -> Path:
    """Move the library's file ``rel`` out (its bytes as they are) and leave
    a link to it in its place; its new, real place."""
    real = outside / "victim.md"
    (root / rel).rename(real)
    (root / rel).symlink_to(real)
    return real


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("link", ["folder", "file"])
def test_undo_of_a_bulk_edit_skips_a_link_to_outside(open_library, root, outside, link):
    write(root, "d/a.md", RAW.format(name="a"))
    write(root, "b.md", RAW.format(name="b"))
    lib = open_library()
    plan = lib.plan_category_rename("Old", "New")
    assert sorted(lib.apply(plan).changed) == ["b.md", "d/a.md"]
    if link == "folder":
        _folder_linked_out(root, outside, "d")
    else:  # its bytes are the ones the edit wrote: undo took it for the edited file
        _file_linked_out(root, outside, "d/a.md")
    before = _files(outside)
    result = lib.undo_last()
    assert result.skipped == [("d/a.md", f"{OUTSIDE}; not restored")]
    assert result.restored == ["b.md"] and not result.failed
    assert (root / "b.md").read_text() == RAW.format(name="b")
    assert _files(outside) == before  # nothing outside the library was written


@pytest.mark.parametrize("link", ["folder", "file"])
def test_a_bulk_edit_never_writes_through_a_link_made_after_its_plan(
    open_library, root, outside, link
):
    # The plan was made (the preview dialog open), then a folder was moved to
    # another disk and linked back: the edit wrote the file outside the
    # library, and its undo then refused to restore it
    write(root, "d/a.md", RAW.format(name="a"))
    write(root, "b.md", RAW.format(name="b"))
    lib = open_library()
    plan = lib.plan_category_rename("Old", "New")
    if link == "folder":
        _folder_linked_out(root, outside, "d")
    else:
        _file_linked_out(root, outside, "d/a.md")
    before = _files(outside)
    result = lib.apply(plan)
    assert result.changed == ["b.md"]
    assert result.skipped == [("d/a.md", OUTSIDE)]
    assert _files(outside) == before  # nothing outside the library was written


def test_the_undo_command_reports_a_link_to_outside(root, cache_dir, outside, capsys):
    write(root, "d/a.md", RAW.format(name="a"))
    write(root, "b.md", RAW.format(name="b"))
    assert main(["rename-category", str(root), "Old", "New"]) == 0
    real = _folder_linked_out(root, outside, "d")
    edited = (real / "a.md").read_bytes()
    capsys.readouterr()
    assert main(["undo", str(root)]) == EXIT_FILE  # as for any file undo skips
    out, err = capsys.readouterr()
    assert f"{root / 'd' / 'a.md'}: {OUTSIDE}; not restored; skipped" in err
    assert f"{root / 'b.md'}: restored" in out and "a.md: restored" not in out
    assert (real / "a.md").read_bytes() == edited
    assert (root / "b.md").read_text() == RAW.format(name="b")


@pytest.mark.parametrize("link", ["folder", "file"])
def test_undo_of_an_import_over_an_article_skips_a_link_to_outside(
    open_library, root, outside, link
):
    # "import" over an existing article is a journaled write (write_undoable)
    write(root, "d/a.md", RAW.format(name="a"))
    lib = open_library()
    assert lib.write_undoable(lib.load("d/a.md"), b"---\ntitle: imported\n---\n", "import x")
    if link == "folder":
        _folder_linked_out(root, outside, "d")
    else:
        _file_linked_out(root, outside, "d/a.md")
    before = _files(outside)
    result = lib.undo_last()
    assert result.skipped == [("d/a.md", f"{OUTSIDE}; not restored")] and not result.restored
    assert _files(outside) == before


def test_undo_of_a_trash_never_writes_the_file_again_through_a_link(tmp_path, outside):
    root = tmp_path / "library"
    write(root, "d/doomed.md", RAW.format(name="doomed"))
    write(root, "kept/also.md", RAW.format(name="also"))
    journal = Journal(tmp_path / "journal.sqlite3")
    op = journal.begin("move two to the trash")
    for rel in ("d/doomed.md", "kept/also.md"):
        journal.record_removal(op, rel, (root / rel).read_bytes())
        (root / rel).unlink()
    journal.finish(op)
    real = _folder_linked_out(root, outside, "d")
    result = bulk.undo_last(str(root), journal)
    journal.close()
    assert result.skipped == [("d/doomed.md", f"{OUTSIDE}; not restored")]
    assert result.restored == ["kept/also.md"] and not result.failed
    assert not (real / "doomed.md").exists() and _files(outside) == {}


@pytest.mark.parametrize("side", ["old place", "new place"])
def test_undo_of_a_move_never_moves_through_a_link(tmp_path, outside, side):
    root = tmp_path / "library"
    write(root, "drafts/a.md", "a\n")
    write(root, "keep/b.md", "b\n")
    (root / "posts").mkdir()
    (root / "other").mkdir()
    journal = Journal(tmp_path / "journal.sqlite3")
    op = journal.begin("publish two")
    for old, new in (("drafts/a.md", "posts/a.md"), ("keep/b.md", "other/b.md")):
        journal.record_move(op, old, new)
        (root / old).rename(root / new)
    journal.finish(op)
    # the folder of a's old place, or of its new one, leads out since
    linked = "drafts" if side == "old place" else "posts"
    real = _folder_linked_out(root, outside, linked)
    before = _files(outside)
    result = bulk.undo_last(str(root), journal)
    journal.close()
    named = "drafts/a.md" if side == "old place" else "posts/a.md"
    assert [path for path, _ in result.skipped] == [named] and not result.failed
    assert OUTSIDE in result.skipped[0][1]
    assert result.restored == ["other/b.md", "keep/b.md"]
    assert _files(outside) == before  # nothing moved out, nothing taken in
    # left where the edit put it: in the library, or in the folder now outside
    assert (root / "posts/a.md" if side == "old place" else real / "a.md").exists()


def test_undo_of_a_publish_never_moves_the_post_out_of_the_library(tmp_path, outside):
    root = copy_site("hexo", tmp_path)
    with Library.open(root, tmp_path / "cache") as library:
        library.refresh()
        new = library.publish("source/_drafts/my-draft.md")
        real = _folder_linked_out(root, outside, "source/_drafts")
        before = _files(outside)
        result = library.undo_last()
    assert {path for path, _ in result.skipped} == {
        "source/_drafts/my-draft.md",
        "source/_drafts/my-draft",
    }
    assert all(OUTSIDE in reason for _, reason in result.skipped) and not result.failed
    assert _files(outside) == before and not (real / "my-draft.md").exists()
    assert (root / new).is_file()  # it stays where the publish put it
