"""The reading state and saved searches from the command line, against what
an adversarial review found: hostile lines in another device's log, a clock
far ahead, a linked state folder, a listing of a subfolder, and
``commit --only-edited`` in the second of the app's edit."""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.library.root import STATE_FOLDER
from tests.core.libhelpers import article, write
from tests.gitrepo import commit_all, git, init_repo, needs_git

DEV_B = "bbbbbbbb-0000-4000-8000-000000000002"
HEADER = '{"compacted":1,"dev":"' + DEV_B + '","base":1000000}\n'


def _paths(text: str) -> list[str]:
    return [json.loads(line)["path"] for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "line",
    [
        '{"t":1000,"dev":"'
        + DEV_B
        + '","path":"a.md","fp":null,"field":"later","value":1'
        + "0" * 400
        + "}",
        HEADER + '["\u00b2|a.md","","r",5,1]',
        HEADER + '["' + "1" * 5000 + '|a.md","","r",5,1]',
    ],
)
def test_a_hostile_line_in_another_devices_log_is_a_warning(root, cache_dir, capsys, line):
    # finding 2: every state command exited 1 with a traceback, and `set`
    # did so after writing the article
    write(root, "a.md", article("A"))
    log = root / STATE_FOLDER / "state" / f"{DEV_B}.jsonl"
    log.parent.mkdir(parents=True)
    log.write_text(line + "\n", encoding="utf-8")
    number = line.count("\n") + 1
    assert main(["list", str(root), "--unread", "--json"]) == 0
    out, err = capsys.readouterr()
    assert _paths(out) == ["a.md"]
    assert f"{log}:{number}: not a reading-state change; skipped" in err
    assert main(["mark", str(root / "a.md"), "--star"]) == 0
    assert main(["set", str(root / "a.md"), "-s", "title=B"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "saved" in out
    assert "title: 'B'" in (root / "a.md").read_text(encoding="utf-8")
    assert main(["list", str(root), "--starred", "--json"]) == 0
    assert _paths(capsys.readouterr().out) == ["a.md"]


def test_a_saved_search_after_a_line_dated_far_ahead_is_kept(root, cache_dir, capsys):
    # finding 8: reported saved, then lost
    write(root, "a.md", article("A", tags="[a]"))
    folder = root / STATE_FOLDER / "searches"
    folder.mkdir(parents=True)
    line = {"t": 2**53 - 1, "dev": DEV_B, "id": "abc", "field": "name", "value": "Other"}
    (folder / f"{DEV_B}.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["saved", str(root), "--add", "Mine", "tag:a"]) == 0
    assert main(["saved", str(root), "--json"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(row)["name"] for row in out.splitlines()] == ["Mine"]
    assert "a day ahead" in err and "not a saved-search change" not in err
    assert main(["list", str(root), "--saved", "Mine", "--json"]) == 0
    assert _paths(capsys.readouterr().out) == ["a.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_linked_state_folder_is_never_written_through(root, cache_dir, capsys, tmp_path):
    # finding 4: mark, saved --add and set wrote into the folder the link names
    write(root, "a.md", article("A", tags="[a]"))
    victim = tmp_path / "victim"
    victim.mkdir()
    (root / STATE_FOLDER).symlink_to(victim)
    assert main(["mark", str(root / "a.md"), "--read"]) == 0
    err = capsys.readouterr().err
    assert "symbolic link" in err and err.count("reading state is kept in") == 1
    assert main(["saved", str(root), "--add", "X", "tag:a"]) == 0
    assert main(["set", str(root / "a.md"), "-s", "title=B"]) == 0
    assert list(victim.iterdir()) == []
    capsys.readouterr()
    assert main(["list", str(root), "--unread", "--json"]) == 0
    assert _paths(capsys.readouterr().out) == []  # kept per user, and read back
    assert main(["list", str(root), "--saved", "X", "--json"]) == 0
    assert _paths(capsys.readouterr().out) == ["a.md"]


def test_listing_a_subfolder_changes_no_state(root, cache_dir, capsys):
    # finding 1: `list LIB/b` carried a/post.md's state to its copy b/copy.md
    write(root, "a/post.md", article("Same"))
    write(root, "b/copy.md", article("Same"))
    (root / STATE_FOLDER).mkdir()
    assert main(["mark", str(root / "a" / "post.md"), "--star", "--read"]) == 0
    capsys.readouterr()
    assert main(["list", str(root / "b"), "--json"]) == 0
    assert main(["list", str(root / "b"), "--unread", "--json"]) == 0
    assert _paths(capsys.readouterr().out) == ["copy.md", "copy.md"]
    assert main(["list", str(root), "--starred", "--json"]) == 0
    assert _paths(capsys.readouterr().out) == ["a/post.md"]
    assert main(["list", str(root), "--unread", "--json"]) == 0
    assert _paths(capsys.readouterr().out) == ["b/copy.md"]


@needs_git
def test_only_edited_leaves_a_hand_edit_after_a_commit_in_the_second_of_the_apps_edit(
    tmp_path, git_env, cache_dir, capsys, monkeypatch
):
    # finding 9: `set …; commit --only-edited` in one second, then a hand edit:
    # the next `commit --only-edited` took the hand edit for the app's
    from reader.core.library.state import ReadingState

    top = init_repo(tmp_path / "lib")
    write(top, "a.md", article("A"))
    write(top, ".gitignore", ".article-reader/\n")
    commit_all(top, "base")
    assert main(["mark", str(top), str(top / "a.md"), "--star"]) == 0
    assert main(["set", str(top / "a.md"), "-s", "title=By the app"]) == 0
    edited = ReadingState.open(top).get("a.md").edited
    assert edited is not None
    when = f"@{math.floor(edited)} +0000"  # git's time: the second of the edit
    monkeypatch.setenv("GIT_COMMITTER_DATE", when)
    monkeypatch.setenv("GIT_AUTHOR_DATE", when)
    capsys.readouterr()
    assert main(["commit", str(top), "-m", "app edit", "--only-edited"]) == 0
    assert capsys.readouterr().out.split() == ["a.md"]
    head = git(top, "rev-parse", "HEAD")
    with open(top / "a.md", "a", encoding="utf-8") as handle:
        handle.write("a hand edit\n")
    assert main(["commit", str(top), "-m", "WRONG", "--only-edited"]) == 0
    assert "nothing to commit" in capsys.readouterr().err
    assert git(top, "rev-parse", "HEAD") == head
    assert "a.md" in git(top, "status", "--porcelain")


@needs_git
def test_only_edited_takes_both_halves_of_a_move_in_the_second_of_the_last_commit(
    tmp_path, git_env, cache_dir, capsys, monkeypatch
):
    # (git attack) a publish in the second of the last commit: the new post
    # was committed, the draft's removal left out (` D`), without a word
    top = init_repo(tmp_path / "site")
    write(top, "_config.yml", "title: Blog\n")
    write(top, ".gitignore", ".article-reader/\n")
    write(top, "_drafts/draft-one.md", "---\ntitle: Draft one\ndate: 2024-05-01\n---\nText.\n")
    write(top, "_posts/2024-01-01-older.md", "---\ntitle: Older\n---\nText.\n")
    (top / STATE_FOLDER).mkdir()
    when = f"@{math.floor(time.time()) + 1} +0000"  # (the app's move falls in its second)
    monkeypatch.setenv("GIT_COMMITTER_DATE", when)
    monkeypatch.setenv("GIT_AUTHOR_DATE", when)
    commit_all(top, "init")
    assert main(["publish", str(top), str(top / "_drafts" / "draft-one.md")]) == 0
    capsys.readouterr()
    assert main(["commit", str(top), "-m", "publish", "--only-edited"]) == 0
    committed = set(capsys.readouterr().out.split())
    assert committed == {"_drafts/draft-one.md", "_posts/2024-05-01-draft-one.md"}
    assert git(top, "status", "--porcelain").strip() == ""


def test_record_edited_never_turns_a_written_article_into_a_failure(
    root, cache_dir, capsys, monkeypatch
):
    # finding 2: whatever goes wrong recording the edit, the write stands
    from reader.core.library.state import ReadingState

    write(root, "a.md", article("A"))
    (root / STATE_FOLDER).mkdir()

    def broken(*args, **kwargs):
        raise RuntimeError("the state could not be opened")

    monkeypatch.setattr(ReadingState, "open", classmethod(broken))
    assert main(["set", str(root / "a.md"), "-s", "title=B"]) == 0
    out, err = capsys.readouterr()
    assert "saved" in out and "Traceback" not in err
    assert f"{Path(root / 'a.md')}" in err and "not recorded" in err
    assert "title: 'B'" in (root / "a.md").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_schema_infer_never_writes_through_a_linked_state_folder(root, cache_dir, capsys, tmp_path):
    # finding 4 (sibling): schema infer wrote victim/schema.toml
    write(root, "a.md", article("A", tags="[a]"))
    victim = tmp_path / "victim"
    victim.mkdir()
    (root / STATE_FOLDER).symlink_to(victim)
    assert main(["schema", "infer", str(root)]) == 3
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err
    assert list(victim.iterdir()) == []
