"""The command line's side of the adversarial pass on the write path: a
lock another writer keeps, an index that cannot be written during undo, a
file git still has in conflict.  One line naming the file, the right exit
code, no traceback."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.article import storage
from reader.core.article.cache import library_cache_dir
from tests.core.libhelpers import article, write
from tests.gitrepo import commit_all, git, init_repo, needs_git


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err


# -- a lock another writer keeps -----------------------------------------------------------


def test_set_names_the_file_whose_lock_another_writer_keeps(tmp_path, monkeypatch, capsys):
    # was: "error: <article>: another program has been writing this file for too long"
    path = write(tmp_path, "post.md", article("Post", tags="[a]"))
    before = path.read_bytes()
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.1)
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with storage.locked(path):
            taken.set()
            done.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(60)
        assert main(["set", str(path), "-s", "title=New"]) == 3
    finally:
        done.set()
        holder.join(60)
    err = capsys.readouterr().err
    _no_traceback(err)
    assert f"error: {path}: another program has been writing this file" in err
    assert path.read_bytes() == before
    assert main(["set", str(path), "-s", "title=New"]) == 0  # no stale lock


# -- undo without a writable index -----------------------------------------------------------


def test_undo_puts_the_files_back_when_the_index_cannot_be_written(root, cache_dir, capsys):
    # was: "error: …/index.sqlite3: cannot write the index", nothing undone,
    # though the journal (kept apart from the index) could do it all
    for name in ("a", "b"):
        write(root, f"{name}.md", article(name.upper(), tags="[old]"))
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    assert main(["rename-tag", str(root), "old", "new"]) == 0
    index = library_cache_dir(root, cache_dir) / "index.sqlite3"
    for companion in index.parent.glob("index.sqlite3*"):
        companion.unlink()
    index.mkdir()  # the index cannot be opened, let alone written
    capsys.readouterr()
    assert main(["undo", str(root)]) == 0
    out, err = capsys.readouterr()
    _no_traceback(err)
    assert "warning:" in err and "index.sqlite3" in err
    assert "undid rename tag old → new: 2 file(s) restored" in err
    assert sorted(Path(line.split(": ")[0]).name for line in out.splitlines()) == ["a.md", "b.md"]
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before
    assert main(["undo", str(root)]) == 0  # the journal knows it is undone
    assert "nothing to undo" in capsys.readouterr().err


def _block_index_and_journal(root, cache_dir) -> None:
    """A folder in place of the index and of the undo journal: neither opens."""
    folder = library_cache_dir(root, cache_dir)
    for name in ("index.sqlite3", "journal.sqlite3"):
        for companion in folder.glob(f"{name}*"):
            companion.unlink()
        (folder / name).mkdir()


def test_undo_refuses_when_its_journal_cannot_be_opened(root, cache_dir, capsys):
    write(root, "a.md", article("A", tags="[old]"))
    assert main(["rename-tag", str(root), "old", "new"]) == 0
    changed = (root / "a.md").read_bytes()
    _block_index_and_journal(root, cache_dir)
    capsys.readouterr()
    assert main(["undo", str(root)]) == 3
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "journal.sqlite3" in err and "error:" in err
    assert (root / "a.md").read_bytes() == changed


def test_undo_without_its_journal_never_undoes_an_older_mark_all_instead(root, cache_dir, capsys):
    write(root, "2021/a.md", article("A", tags="[old]"))
    assert main(["mark", str(root), str(root / "2021"), "--read"]) == 0  # undoable, older
    assert main(["rename-tag", str(root), "old", "new"]) == 0  # the last edit
    _block_index_and_journal(root, cache_dir)
    capsys.readouterr()
    assert main(["undo", str(root)]) == 3
    assert "journal.sqlite3" in capsys.readouterr().err
    assert main(["list", str(root), "--unread"]) == 0
    out = capsys.readouterr().out
    assert "a.md" not in out  # still read: the mark-all was not undone


# -- check and git's unmerged files ------------------------------------------------------------


def _merge_conflict(top: Path, text: str, mine: str, theirs: str) -> Path:
    """``a.md`` holding ``text``, changed one way on a branch and another on
    main, then merged: git stops with the file unmerged."""
    init_repo(top)
    write(top, "a.md", text)
    commit_all(top, "base")
    git(top, "checkout", "-q", "-b", "other")
    write(top, "a.md", text.replace("x = 1", theirs))
    commit_all(top, "theirs")
    git(top, "checkout", "-q", "main")
    write(top, "a.md", text.replace("x = 1", mine))
    commit_all(top, "mine")
    git(top, "merge", "-q", "other", check=False)
    assert git(top, "status", "--porcelain") == "UU a.md\n"
    return top / "a.md"


FENCED = "---\ntitle: Code\n---\nIntro\n\n```python\nx = 1\n```\n\nEnd\n"


@needs_git
def test_check_reports_an_unmerged_file_whose_markers_are_in_a_code_block(
    tmp_path, git_env, capsys
):
    # was: exit 0 and no word of it (markers in a fence are taken for an example)
    path = _merge_conflict(tmp_path / "lib", FENCED, "x = 3", "x = 2")
    for target in (path, path.parent):
        assert main(["check", str(target)]) == 1
        out, err = capsys.readouterr()
        _no_traceback(err)
        assert f"{path}:7: error: unresolved merge conflict (lines 7–11)" in out
        assert "git lists the file as unmerged" in out


@needs_git
def test_check_reports_an_unmerged_file_even_once_its_markers_are_gone(tmp_path, git_env, capsys):
    path = _merge_conflict(tmp_path / "lib", FENCED, "x = 3", "x = 2")
    git(path.parent, "checkout", "-q", "--theirs", "a.md")  # resolved, not yet added
    assert main(["check", "--json", str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert "git lists the file as unmerged" in out and '"line": null' in out
    git(path.parent, "add", "a.md")
    assert main(["check", str(path.parent)]) == 0


@needs_git
def test_check_leaves_alone_an_example_both_sides_of_the_merge_show(tmp_path, git_env, capsys):
    example = "```\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n```\n"
    path = _merge_conflict(tmp_path / "lib", example + FENCED, "x = 3", "x = 2")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "lines 2–6" not in out  # the example, in both sides
    assert f"{path}:14: error: unresolved merge conflict (lines 14–18)" in out  # the merge's


def test_an_undo_that_could_not_restore_every_file_says_it_is_not_complete(
    root, cache_dir, monkeypatch, capsys
):
    # was: "undid rename tag …" though the edit stayed to be undone
    import reader.core.edit.bulk as bulk
    from reader.core.article.model import ArticleError

    for name in ("a", "b"):
        write(root, f"{name}.md", article(name.upper(), tags="[old]"))
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    assert main(["rename-tag", str(root), "old", "new"]) == 0
    real_load = bulk.load_article

    def unreadable_b(path):
        if Path(path).name == "b.md":
            raise ArticleError("cannot read: Input/output error", path)
        return real_load(path)

    capsys.readouterr()
    with monkeypatch.context() as patched:  # (the cache folder's own patch stays)
        patched.setattr(bulk, "load_article", unreadable_b)
        assert main(["undo", str(root)]) == 3
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "undo of rename tag old → new is not complete: 1 file(s) restored, 1 could not be" in err
    assert f"error: {root / 'b.md'}: cannot read: Input/output error" in err
    assert main(["undo", str(root)]) == 0
    assert "undid rename tag old → new: 1 file(s) restored" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before


@needs_git
def test_check_of_an_unmerged_file_with_many_fenced_blocks_takes_no_time(tmp_path, git_env):
    """Each conflict block inside a code fence was looked for in the whole
    text of each side of the merge: tens of thousands of them (a crafted
    index in a synced library) against sides of a few megabytes took
    minutes (2.7 MB against 7 MB: 95 s).  Now each side is read once."""
    import subprocess
    import sys

    top = init_repo(tmp_path / "lib")
    blocks = 30_000
    block = "```\n<<<<<<< a\nx{}\n=======\ny\n>>>>>>> b\n```\n"
    write(top, "a.md", "---\ntitle: A\n---\n" + "".join(block.format(i) for i in range(blocks)))
    side = "---\ntitle: A\n---\n" + "".join(f"line {i} of ordinary text\n" for i in range(120_000))
    blob = (
        subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            cwd=top,
            input=side.encode(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    entries = "".join(f"100644 {blob} {stage}\ta.md\n" for stage in (1, 2, 3))
    subprocess.run(
        ["git", "update-index", "--index-info"], cwd=top, input=entries.encode(), check=True
    )
    assert git(top, "ls-files", "-u").count("a.md") == 3
    try:  # (a hang guard, not a timing: the linear check takes about a second)
        done = subprocess.run(
            [sys.executable, "-m", "reader", "check", str(top)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure guarded against
        pytest.fail("check of 30,000 fenced conflict blocks did not finish in 120 s")
    assert done.returncode == 1, done.stderr[-2000:]
    _no_traceback(done.stderr)
    assert (
        done.stdout.count("git lists the file as unmerged: these markers are the merge's") == blocks
    )


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_an_index_that_is_no_file_is_named_for_what_it_is(root, tmp_path, capsys, kind):
    # said only SQLite's "unable to open database file" / "disk I/O error",
    # with advice to choose a writable folder (the folder was writable)
    import os

    from reader.core.article.cache import library_cache_dir

    (root / "a.md").write_text("---\ntitle: a\n---\nb\n", encoding="utf-8")
    cache = tmp_path / "cache"
    index = library_cache_dir(root, cache) / "index.sqlite3"
    index.parent.mkdir(parents=True)
    if kind == "folder":
        index.mkdir()
    else:
        os.mkfifo(index)
    assert main(["index", str(root), "--cache-dir", str(cache)]) == 3
    err = capsys.readouterr().err
    _no_traceback(err)
    expected = "it is a folder, not a file" if kind == "folder" else "it is not a regular file"
    assert f"error: {index}: cannot write the index: {expected}" in err
