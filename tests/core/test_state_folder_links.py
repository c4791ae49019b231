"""The library's state folder (``.article-reader`` and the folders in it) as
a symbolic link, which a git clone or a sync tool can carry: never read or
written through, so nothing is ever created outside the library."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader.core.library.root import STATE_FOLDER, find_library_root
from reader.core.library.state import ReadingState
from reader.core.library.state.log import Change, encode_change
from reader.core.library.state.searches import SavedSearches

from .libhelpers import article, write

DEV_A = "aaaaaaaa-0000-4000-8000-000000000001"
DEV_B = "bbbbbbbb-0000-4000-8000-000000000002"

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` and its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def victim_with_logs(victim: Path) -> None:
    """Logs outside the library that must never be taken in either."""
    change = encode_change(Change(5 << 10, DEV_B, "a.md", None, "starred", True))
    for sub in ("state", "searches"):
        (victim / sub).mkdir(parents=True)
    (victim / "state" / f"{DEV_B}.jsonl").write_bytes(change)
    line = b'{"t":5120,"dev":"%s","id":"abc","field":"name","value":"Planted"}\n'
    (victim / "searches" / f"{DEV_B}.jsonl").write_bytes(line.replace(b"%s", DEV_B.encode()))


def linked_library(tmp_path: Path, which: str) -> tuple[Path, Path]:
    """A library whose ``.article-reader`` (``which`` "top") or whose
    ``.article-reader/state`` and ``.article-reader/searches`` (``which``
    "sub") are links to folders outside it."""
    lib, victim = tmp_path / "lib", tmp_path / "victim"
    write(lib, "a.md", article("A"))
    victim_with_logs(victim)
    if which == "top":
        (lib / STATE_FOLDER).symlink_to(Path("..") / "victim")
    else:
        (lib / STATE_FOLDER).mkdir()
        for sub in ("state", "searches"):
            (lib / STATE_FOLDER / sub).symlink_to(victim / sub)
    return lib, victim


@pytest.mark.parametrize("which", ["top", "sub"])
def test_reading_state_is_kept_per_user_not_through_a_linked_state_folder(tmp_path, which):
    lib, victim = linked_library(tmp_path, which)
    before = files_in(victim)
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    assert state.read_only
    assert state.paths_with("starred") == frozenset()  # the planted log is not read
    assert any("symbolic link" in w and STATE_FOLDER in w for w in state.warnings)
    assert state.location_note is not None and "symbolic link" in state.location_note
    assert str(state.private_folder) in state.location_note
    state.mark(["a.md"], "read", True)
    state.mark_all_read(["a.md"])
    state.compact()
    assert files_in(victim) == before
    assert state.log_path.is_relative_to(tmp_path / "data")
    assert ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data").is_read("a.md")


@pytest.mark.parametrize("which", ["top", "sub"])
def test_saved_searches_are_kept_per_user_not_through_a_linked_state_folder(tmp_path, which):
    lib, victim = linked_library(tmp_path, which)
    before = files_in(victim)
    searches = SavedSearches.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    assert searches.read_only and searches.searches() == []
    assert any("symbolic link" in w for w in searches.warnings)
    assert all(searches.is_place_warning(w) for w in searches.warnings)
    assert searches.location_note is not None
    assert searches.location_note.endswith(
        f"; saved searches are kept in {searches.private_folder}"
    )
    assert "is a symbolic link" in searches.location_note
    mine = searches.add("Mine", "tag:a")
    assert files_in(victim) == before
    again = SavedSearches.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    assert [s.id for s in again.searches()] == [mine.id]


def test_a_state_folder_swapped_for_a_link_while_open_is_left_alone(tmp_path):
    lib, victim = tmp_path / "lib", tmp_path / "victim"
    write(lib, "a.md", article("A"))
    victim.mkdir()
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    searches = SavedSearches.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    state.mark(["a.md"], "starred", True)
    searches.add("Before", "tag:a")
    assert not state.read_only and not searches.read_only
    shutil.move(lib / STATE_FOLDER, victim / "moved")  # a sync tool replaces it by a link
    (lib / STATE_FOLDER).symlink_to(victim / "moved")
    before = files_in(victim)
    state.mark(["a.md"], "read", True)
    searches.add("After", "tag:b")
    assert files_in(victim) == before
    assert state.read_only and searches.read_only
    assert any("symbolic link" in w for w in state.warnings)
    state.poll()
    assert state.is_read("a.md")


def test_a_linked_state_folder_does_not_mark_a_library(tmp_path):
    lib, victim = tmp_path / "lib", tmp_path / "victim"
    write(lib, "sub/a.md", article("A"))
    (lib / STATE_FOLDER).mkdir()
    victim.mkdir()
    (lib / "sub" / STATE_FOLDER).symlink_to(victim)
    assert find_library_root(lib / "sub" / "a.md") == lib.resolve()


def test_the_schema_is_never_read_or_written_through_a_linked_state_folder(tmp_path):
    from reader.core.site.schema import KeyRule, Schema, SchemaError, load_schema, write_schema

    lib, victim = tmp_path / "lib", tmp_path / "victim"
    write(lib, "a.md", article("A"))
    victim.mkdir()
    (victim / "schema.toml").write_text('[keys.title]\ntype = "number"\n')
    (lib / STATE_FOLDER).symlink_to(victim)
    before = files_in(victim)
    with pytest.raises(SchemaError) as refused:
        load_schema(lib)
    assert "symbolic link" in str(refused.value) and str(lib / STATE_FOLDER) in str(refused.value)
    with pytest.raises(SchemaError):
        write_schema(lib, Schema({"title": KeyRule("title", "string", True)}, 1))
    assert files_in(victim) == before


def test_the_schema_file_as_a_link_is_never_read_or_written_through(tmp_path):
    from reader.core.site.schema import (
        KeyRule,
        Schema,
        SchemaError,
        load_schema,
        read_site_file,
        schema_path,
        write_schema,
    )

    lib, victim = tmp_path / "lib", tmp_path / "victim.toml"
    write(lib, "a.md", article("A"))
    victim.write_text('# secret = "hunter2"\n[keys.title]\ntype = "number"\n')
    path = schema_path(lib)
    path.parent.mkdir()
    path.symlink_to(victim)
    before = victim.read_bytes()
    with pytest.raises(SchemaError) as refused:
        load_schema(lib)
    assert refused.value.path == str(path)
    assert refused.value.message == (
        "the schema is a symbolic link; the app's own files are never read or written through one"
    )
    with pytest.raises(SchemaError):
        write_schema(lib, Schema({"title": KeyRule("title", "string", True)}, 1))
    assert victim.read_bytes() == before and path.is_symlink()
    # a link swapped in after the check is refused by the read itself
    from reader.core.article.model import ArticleError

    with pytest.raises(ArticleError, match="is a symbolic link"):
        read_site_file(path, 1 << 20, follow_links=False)
    assert read_site_file(path, 1 << 20) == before  # (a site's own files may be links)
