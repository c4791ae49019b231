"""rename-category and rename-tag from the command line: a rename onto the
same name is a no-op, lists keep their comments, a ``/`` inside a category
name is typed ``\\/``."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write


def _snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture
def library(root, cache_dir):
    write(root, "a.md", article("A", categories="' A '", tags="[a, b]"))
    write(root, "b.md", article("B", categories="[A, B]", tags="\n  - a\n  - keep  # why"))
    return root


@pytest.mark.parametrize(
    ("command", "old", "new", "message"),
    [
        ("rename-tag", "a", "a", "rename-tag: 'a' and 'a' are the same tag; nothing to do"),
        ("rename-tag", "a", " a ", "rename-tag: 'a' and 'a' are the same tag; nothing to do"),
        ("rename-category", "A", " A ", "'A' and 'A' are the same category; nothing to do"),
        ("rename-category", "A/B", "A / B", "'A/B' and 'A/B' are the same category"),
    ],
)
@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_a_rename_onto_the_same_name_writes_nothing(
    library, capsys, command, old, new, message, dry_run
):
    before = _snapshot(library)
    assert main([command, str(library), old, new, *dry_run]) == 0
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""
    assert _snapshot(library) == before
    assert main(["undo", str(library)]) == 0
    assert "nothing to undo" in capsys.readouterr().err


def test_names_differing_in_case_are_renamed(library, capsys):
    assert main(["rename-tag", str(library), "a", "A"]) == 0
    capsys.readouterr()
    assert main(["list", str(library), "--json", "--tag", "A"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_rename_tag_keeps_the_comments_of_other_items(library, capsys):
    text = (library / "b.md").read_text(encoding="utf-8")
    assert main(["rename-tag", str(library), "a", "zz"]) == 0
    assert "2 file(s) changed" in capsys.readouterr().err
    assert (library / "b.md").read_text(encoding="utf-8") == text.replace("- a\n", "- zz\n")
    assert "  - keep  # why\n" in text


def test_a_category_with_a_slash_in_its_name_can_be_addressed(root, cache_dir, capsys):
    write(root, "literal.md", article("Literal", categories="'A/B'"))
    write(root, "nested.md", article("Nested", categories="[A, B]"))
    assert main(["list", str(root), "--sort", "title"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "(A\\/B)  literal.md" in lines[0] and "(A/B)  nested.md" in lines[1]
    # What list prints goes back to --category and rename-category as it is.
    printed = lines[0].split("(")[1].split(")")[0]
    assert main(["list", str(root), "--json", "--category", printed]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["path"] for r in rows] == ["literal.md"]
    assert main(["list", str(root), "--json", "--category", "A/B"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["path"] for r in rows] == ["nested.md"]
    nested = (root / "nested.md").read_bytes()
    assert main(["rename-category", str(root), printed, "C"]) == 0
    captured = capsys.readouterr()
    assert "rename category A\\/B → C: 1 file(s) changed" in captured.err
    assert "categories: 'C'" in (root / "literal.md").read_text(encoding="utf-8")
    assert (root / "nested.md").read_bytes() == nested


@pytest.mark.parametrize("command", ["rename-tag", "rename-category"])
@pytest.mark.parametrize("others", [True, False])
def test_a_bulk_edit_that_could_not_read_a_file_says_so_and_exits_3(
    library, capsys, command, others
):
    # A file the index cannot read (here its name is not UTF-8; for a user,
    # also one they may not read) may hold the name too: the edit is not
    # reported as complete, whether or not other files changed.
    import os

    old = "a" if command == "rename-tag" else "A"
    if not others:
        for name in ("a.md", "b.md"):
            (library / name).unlink()
        write(library, "c.md", article("C"))
    hidden = os.path.join(os.fsencode(library), b"\xff.md")
    with open(hidden, "wb") as handle:
        handle.write(article("H", categories="A", tags="[a]").encode())
    assert main([command, str(library), old, "Z"]) == 3
    err = capsys.readouterr().err
    assert "not valid UTF-8" in err
    assert "1 file(s) could not be read" in err
    assert "no article has it" not in err
    with open(hidden, "rb") as handle:
        assert handle.read() == article("H", categories="A", tags="[a]").encode()


def test_a_bulk_edit_started_during_another_plans_on_what_that_one_wrote(root, cache_dir, tmp_path):
    # planned before the other edit wrote, it then skipped every file that
    # edit changed ("changed on disk since the plan was made"), exit 3, half done
    import os
    import subprocess
    import sys
    import time

    from reader.core.article.storage import library_locked
    from reader.core.library.facade import Library

    for number in range(12):
        write(root, f"n{number}.md", article(f"N{number}", categories="[Old]", tags="[a]"))
    assert main(["index", str(root)]) == 0
    env = {**os.environ, "ARTICLE_READER_CACHE_DIR": str(cache_dir)}
    library = Library.open(root, cache_dir)
    try:
        # another edit's turn (its plan made, its files being written)
        with library.bulk_turn(), library_locked(root):
            second = subprocess.Popen(
                [sys.executable, "-m", "reader", "rename-category", str(root), "Old", "New"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            time.sleep(2)  # (it has started, and waits)
            for number in range(12):
                path = root / f"n{number}.md"
                path.write_bytes(path.read_bytes().replace(b"tags: [a]", b"tags: [zz]"))
        _out, errors = second.communicate(timeout=120)
        code = second.returncode
    finally:
        library.close()
    assert code == 0, errors
    assert "changed on disk" not in errors
    assert "waiting for another bulk edit or undo in this library to end" in errors
    for number in range(12):
        text = (root / f"n{number}.md").read_text(encoding="utf-8")
        assert "New" in text and "Old" not in text and "tags: [zz]" in text


def test_an_undo_waits_for_a_bulk_edit_s_turn(root, cache_dir):
    import os
    import subprocess
    import sys
    import time

    from reader.core.library.facade import Library

    write(root, "a.md", article("A", categories="[Old]"))
    assert main(["rename-category", str(root), "Old", "New"]) == 0
    env = {**os.environ, "ARTICLE_READER_CACHE_DIR": str(cache_dir)}
    library = Library.open(root, cache_dir)
    try:
        with library.bulk_turn():
            undo = subprocess.Popen(
                [sys.executable, "-m", "reader", "undo", str(root)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            time.sleep(2)
            assert undo.poll() is None  # (waiting)
            assert "New" in (root / "a.md").read_text(encoding="utf-8")
        _out, errors = undo.communicate(timeout=120)
    finally:
        library.close()
    assert undo.returncode == 0, errors
    assert "waiting for another bulk edit" in errors
    assert "Old" in (root / "a.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "old", "note"),
    [
        ("rename-tag", "B", "no article has the tag 'B'; did you mean 'b'?"),
        ("rename-category", "a/b", "no article has the category 'a/b'; did you mean 'A/B'?"),
        ("rename-tag", "zzz", "no article has the tag 'zzz'"),
    ],
)
@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_a_rename_of_a_name_no_article_has_names_the_close_ones(
    library, capsys, command, old, note, dry_run
):
    before = _snapshot(library)
    assert main([command, str(library), old, "new", *dry_run]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert f"article-reader {command}: note: {note}" in lines
    assert _snapshot(library) == before


def test_a_rename_that_changes_files_says_no_more(library, capsys):
    assert main(["rename-tag", str(library), "b", "bee", "--dry-run"]) == 0
    assert "note:" not in capsys.readouterr().err


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_a_stop_during_undo_waits_for_its_end(library, capsys, monkeypatch, name):
    # A stop after the edit was marked undone (its index update still
    # running) said only "stopped" (exit 143): the undo run again, as that
    # suggested, undid the edit before it as well.
    import os
    import signal

    from reader.core.library.facade import Library

    assert main(["rename-tag", str(library), "a", "x"]) == 0
    assert main(["rename-tag", str(library), "b", "y"]) == 0
    capsys.readouterr()
    real = Library.undo_last

    def stopped_midway(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        os.kill(os.getpid(), getattr(signal, name))  # as the last step ends
        return result

    monkeypatch.setattr(Library, "undo_last", stopped_midway)
    assert main(["undo", str(library)]) == 0
    err = capsys.readouterr().err
    assert "undid rename tag b → y: 1 file(s) restored" in err
    assert "the undo was finished first" in err
    monkeypatch.setattr(Library, "undo_last", real)
    assert main(["list", str(library), "--json", "--tag", "x"]) == 0  # the first edit stays
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_an_edit_the_journal_stops_before_any_file_says_nothing_was_written(
    library, capsys, monkeypatch
):
    # it said "no file was changed", then "the files above stay changed
    # (undo restores them)"
    from reader.core.article.cache import CacheError
    from reader.core.edit.journal import Journal

    def full(self, op_id, path, old_bytes, new_bytes):
        raise CacheError("cannot write the undo journal: database or disk is full", "journal")

    monkeypatch.setattr(Journal, "record", full)
    before = _snapshot(library)
    assert main(["rename-tag", str(library), "a", "z"]) == 3
    said = capsys.readouterr().err
    assert "no file was changed" in said and "nothing was written" in said
    assert "files above" not in said and "undo restores" not in said
    assert _snapshot(library) == before


def test_undo_of_an_edit_killed_before_its_first_write_says_it_had_changed_nothing(
    library, cache_dir, capsys
):
    # it said "undid rename tag a → z: 0 file(s) restored", as if files
    # could not be put back
    import os
    import subprocess
    import sys

    assert main(["rename-tag", str(library), "b", "bee"]) == 0
    before = _snapshot(library)
    killed = (
        "import os, sys\n"
        "import reader.core.edit.bulk as bulk\n"
        "def killed(*_args, **_kwargs):\n"
        "    os._exit(137)  # (as kill -9 after the journal's first entry)\n"
        "bulk.save_article = killed\n"
        "from reader.cli import main\n"
        "sys.exit(main(['rename-tag', sys.argv[1], 'a', 'z']))\n"
    )
    env = {**os.environ, "ARTICLE_READER_CACHE_DIR": str(cache_dir)}
    child = subprocess.run(
        [sys.executable, "-c", killed, str(library)], env=env, capture_output=True, timeout=120
    )
    assert child.returncode == 137, child.stderr
    assert _snapshot(library) == before
    capsys.readouterr()
    assert main(["undo", str(library)]) == 0
    said = capsys.readouterr().err
    assert "undid rename tag a → z: nothing to put back, its files hold their bytes" in said
    assert "0 file(s)" not in said
    assert _snapshot(library) == before
    assert main(["undo", str(library)]) == 0  # the edit before it is next
    assert "undid rename tag b → bee: 1 file(s) restored" in capsys.readouterr().err


def test_undo_in_a_moved_library_says_where_its_history_stayed(library, cache_dir, capsys):
    # the journal is kept by the library's path: moved, "nothing to undo", silently
    assert main(["rename-tag", str(library), "a", "z"]) == 0
    moved = library.parent / "moved"
    library.rename(moved)
    capsys.readouterr()
    assert main(["undo", str(moved)]) == 0
    said = capsys.readouterr().err
    assert said.startswith("nothing to undo\n")
    assert f"the undo history stayed with {library}" in said and "move the library back" in said
    moved.rename(library)  # as the note says
    assert main(["undo", str(library)]) == 0
    assert "restored" in capsys.readouterr().out
    # a history whose files differ says nothing
    assert main(["rename-tag", str(library), "b", "y"]) == 0
    library.rename(moved)
    (moved / "a.md").write_text("---\ntitle: changed since\n---\n")
    capsys.readouterr()
    assert main(["undo", str(moved)]) == 0
    assert capsys.readouterr().err == "nothing to undo\n"


def test_undo_of_an_edit_whose_files_were_put_back_since_does_not_say_it_was_stopped(
    library, capsys
):
    # "it had changed no file (it was stopped before its first write)": the
    # edit had finished; another program (git checkout) had put them back
    before = {p: p.read_bytes() for p in library.iterdir() if p.is_file()}
    assert main(["rename-tag", str(library), "a", "z"]) == 0
    assert {p: p.read_bytes() for p in before} != before
    for path, data in before.items():
        path.write_bytes(data)
    capsys.readouterr()
    assert main(["undo", str(library)]) == 0
    said = capsys.readouterr().err
    assert "nothing to put back" in said and "or they were put back since" in said
    assert {p: p.read_bytes() for p in before} == before


def test_undo_that_put_nothing_back_does_not_say_it_undid(library, capsys):
    # "undid rename tag a → z: 0 file(s) restored" read as done
    assert main(["rename-tag", str(library), "a", "z"]) == 0
    changed = [p for p in library.iterdir() if p.is_file() and "z" in p.read_text("utf-8")]
    for path in changed:
        path.write_text(path.read_text("utf-8") + "edited since\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["undo", str(library)]) == 3
    said = capsys.readouterr().err.splitlines()
    assert said[0] == (
        "undo of rename tag a → z put nothing back: its files are not as it left them "
        "(below); it is no longer in the undo history"
    )
    assert len(said) == 1 + len(changed) and "undid" not in "\n".join(said)
    assert all(line.endswith("changed since the edit; not restored; skipped") for line in said[1:])


@pytest.mark.parametrize("name", ["my lib", "-lib", "it's"])
def test_the_undo_a_bulk_edit_names_can_be_pasted(tmp_path, capsys, monkeypatch, name):
    # the library's name unquoted ("undo my lib": two arguments), a name
    # taken for an option, and --cache-dir left out ("nothing to undo")
    import shlex

    monkeypatch.chdir(tmp_path)
    write(tmp_path / name, "a.md", article("A", tags="[a]"))
    cache = tmp_path / "my cache"
    typed = ["--", name] if name.startswith("-") else [name]
    assert main(["rename-tag", "--cache-dir", str(cache), *typed, "a", "z"]) == 0
    said = capsys.readouterr().err
    hint = said[said.index("(undo: ") + len("(undo: ") : said.rindex(")")]
    command, *argv = shlex.split(hint)
    assert command == "article-reader"
    assert main(argv) == 0
    assert "undid rename tag a → z: 1 file(s) restored" in capsys.readouterr().err
    assert "tags: [a]" in (tmp_path / name / "a.md").read_text("utf-8")
