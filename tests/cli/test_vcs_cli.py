"""history FILE and commit LIBRARY -m MSG [--only-edited], on real git
repositories in tmp folders, and without git."""

from __future__ import annotations

import json
import os

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write
from tests.gitrepo import commit_all, git, init_repo, needs_git, signed_commit


@pytest.fixture
def site(tmp_path, git_env):
    top = init_repo(tmp_path / "site")
    posts = top / "source" / "_posts"
    write(posts, "a.md", article("Alpha"))
    write(posts, "b.md", article("Beta"))
    write(top, "_config.yml", "title: site\n")
    commit_all(top, "first post\tand\x1b[31m red", "2024-01-01T09:00:00+08:00")
    write(posts, "a.md", article("Alpha 2"))
    commit_all(top, "retitle 标题", "2024-02-01T09:00:00+08:00")
    return top


@needs_git
def test_history_prints_one_line_per_version(site, capsys):
    assert main(["history", str(site / "source" / "_posts" / "a.md")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "2024-02-01T09:00:00+08:00 Ann Author  retitle 标题" in lines[0]
    assert "\x1b" not in lines[1] and "\\x1b[31m" in lines[1]
    assert main(["history", "--json", str(site / "source" / "_posts" / "a.md")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["subject"] for r in rows] == ["retitle 标题", "first post\tand\x1b[31m red"]


@needs_git
def test_commit_takes_every_changed_article_and_nothing_outside(site, capsys):
    posts = site / "source" / "_posts"
    write(posts, "a.md", article("Alpha 3"))
    write(posts, "new.md", article("New"))
    write(posts, "data.json", "{}")
    write(site, "_config.yml", "title: changed\n")
    assert main(["commit", str(posts), "-m", "Update posts"]) == 0
    assert capsys.readouterr().out.split() == ["a.md", "new.md"]
    shown = git(site, "show", "--name-only", "--format=%s", "HEAD").split("\n")
    assert shown[0] == "Update posts"
    assert [line for line in shown[1:] if line] == ["source/_posts/a.md", "source/_posts/new.md"]
    status = git(site, "status", "--porcelain")
    assert "_config.yml" in status and "data.json" in status
    assert main(["commit", str(posts), "-m", "again"]) == 0
    assert "nothing to commit" in capsys.readouterr().err


@needs_git
def test_only_edited_commits_what_the_app_wrote_on_this_device(site, capsys):
    posts = site / "source" / "_posts"
    # the library has a reading state (the window or `mark` made it)
    assert main(["mark", str(site), str(posts / "b.md"), "--star"]) == 0
    assert main(["set", str(posts / "a.md"), "-s", "title=Alpha by the app"]) == 0
    write(posts, "b.md", article("Beta by another editor"))
    capsys.readouterr()
    assert main(["commit", str(posts), "-m", "App edits", "--only-edited"]) == 0
    assert capsys.readouterr().out.split() == ["a.md"]
    assert git(site, "show", "--name-only", "--format=", "HEAD").split() == ["source/_posts/a.md"]
    assert "b.md" in git(site, "status", "--porcelain")
    # nothing the app edited is left: nothing to commit, HEAD stays
    head = git(site, "rev-parse", "HEAD")
    assert main(["commit", str(posts), "-m", "again", "--only-edited"]) == 0
    said = capsys.readouterr().err
    assert "nothing to commit" in said
    assert "none of its changed articles was edited by this app" in said
    assert "1 changed article(s) left out; commit them without --only-edited" in said
    assert git(site, "rev-parse", "HEAD") == head


@needs_git
def test_outside_a_work_tree_and_bad_input(tmp_path, git_env, capsys):
    write(tmp_path / "plain", "a.md", article("A"))
    assert main(["history", str(tmp_path / "plain" / "a.md")]) == 3
    assert "not inside a git work tree" in capsys.readouterr().err
    assert main(["commit", str(tmp_path / "plain"), "-m", "x"]) == 3
    assert "not inside a git work tree" in capsys.readouterr().err
    assert main(["history", str(tmp_path / "missing.md")]) == 3
    assert main(["commit", str(tmp_path / "plain"), "-m", "  "]) == 2


def test_without_git_both_exit_3_with_a_clear_message(tmp_path, no_git, capsys):
    write(tmp_path / "lib", "a.md", article("A"))
    assert main(["history", str(tmp_path / "lib" / "a.md")]) == 3
    assert "git is not installed" in capsys.readouterr().err
    assert main(["commit", str(tmp_path / "lib"), "-m", "x"]) == 3
    assert "git is not installed" in capsys.readouterr().err


@needs_git
def test_only_edited_commits_what_the_edit_log_names(site, capsys, monkeypatch):
    import reader.cli.vcs as vcs_cli

    posts = site / "source" / "_posts"
    write(posts, "a.md", article("Alpha by the app"))
    write(posts, "b.md", article("Beta by another editor"))

    class EditLog:
        def edited_paths(self):
            return ["a.md", "../../_config.yml"]

    monkeypatch.setattr(vcs_cli, "edit_log", lambda root: EditLog())
    assert main(["commit", str(posts), "-m", "App edits", "--only-edited"]) == 0
    assert capsys.readouterr().out.split() == ["a.md"]
    assert git(site, "show", "--name-only", "--format=", "HEAD").split() == ["source/_posts/a.md"]
    assert "b.md" in git(site, "status", "--porcelain")


@needs_git
def test_commit_on_a_detached_head_warns_and_markers_are_refused(site, capsys):
    posts = site / "source" / "_posts"
    git(site, "checkout", "-q", "--detach", "HEAD")
    write(posts, "a.md", article("Alpha detached"))
    assert main(["commit", str(posts), "-m", "on no branch"]) == 0
    err = capsys.readouterr().err
    assert "HEAD is detached" in err and "git branch NAME" in err
    git(site, "checkout", "-q", "main")
    write(posts, "b.md", "---\n<<<<<<< ours\ntitle: B1\n=======\ntitle: B2\n>>>>>>> theirs\n---\n")
    head = git(site, "rev-parse", "HEAD")
    assert main(["commit", str(posts), "-m", "markers"]) == 3
    err = capsys.readouterr().err
    assert "b.md:2" in err and "unresolved merge conflict (lines 2–6)" in err
    assert git(site, "rev-parse", "HEAD") == head


@needs_git
def test_only_edited_leaves_a_hand_edit_made_after_the_apps_edit_was_committed(site, capsys):
    posts = site / "source" / "_posts"
    assert main(["mark", str(site), str(posts / "b.md"), "--star"]) == 0
    assert main(["set", str(posts / "a.md"), "-s", "title=Alpha by the app"]) == 0
    assert main(["set", str(posts / "b.md"), "-s", "title=Beta by the app"]) == 0
    git(site, "add", "source/_posts/a.md")
    git(  # the app's edit of a.md committed (later than the edit), b.md's not yet
        site,
        "commit",
        "-q",
        "-m",
        "by hand",
        "--",
        "source/_posts/a.md",
        GIT_COMMITTER_DATE="2099-01-01T00:00:00+00:00",
    )
    write(posts, "a.md", article("Alpha changed by hand since"))
    capsys.readouterr()
    assert main(["commit", str(posts), "-m", "App edits", "--only-edited"]) == 0
    assert capsys.readouterr().out.split() == ["b.md"]
    assert "a.md" in git(site, "status", "--porcelain")


@needs_git
def test_only_edited_takes_the_apps_edit_after_a_commit_dated_ahead(site, capsys):
    # a commit pulled from a machine whose clock is two hours fast: the
    # app's later edit looked older than it, and nothing was committed
    posts = site / "source" / "_posts"
    assert main(["mark", str(site), str(posts / "b.md"), "--star"]) == 0  # (a state)
    write(posts, "a.md", article("Alpha by hand"))
    git(site, "add", "source/_posts/a.md")
    git(site, "commit", "-q", "-m", "skewed", GIT_COMMITTER_DATE="2099-01-01T00:00:00+00:00")
    assert main(["set", str(posts / "a.md"), "-s", "title=Alpha by the app"]) == 0
    capsys.readouterr()
    assert main(["commit", str(posts), "-m", "App edits", "--only-edited"]) == 0
    assert capsys.readouterr().out.split() == ["a.md"]


@needs_git
def test_history_and_commit_never_run_what_the_repositorys_config_names(site, capsys):
    """``history`` runs ``git log``: the library's own ``.git/config`` asking
    for signatures to be shown (``gpg.program``) or naming an fsmonitor
    runs nothing; nor does the status ``commit`` looks at first (the commit
    itself, asked for, is the user's own git)."""
    marker = site.parent / "ran"
    for role in ("gpg", "fsmonitor"):
        script = site / ".git" / f"{role}.sh"
        script.write_text(f"#!/bin/sh\necho {role} >> '{marker}'\nexit 1\n")
        script.chmod(0o755)
    write(site / "source" / "_posts", "a.md", article("Alpha signed"))
    git(site, "add", "-A")
    signed_commit(site, "signed")
    git(site, "config", "log.showSignature", "true")
    git(site, "config", "gpg.program", str(site / ".git" / "gpg.sh"))
    git(site, "config", "core.fsmonitor", str(site / ".git" / "fsmonitor.sh"))
    posts = site / "source" / "_posts"
    assert main(["history", str(posts / "a.md")]) == 0
    assert "signed" in capsys.readouterr().out.splitlines()[0]
    assert main(["commit", str(posts), "-m", "nothing"]) == 0
    assert "nothing to commit" in capsys.readouterr().err
    assert not marker.exists()
    git(site, "log", "-1", "--format=%s")  # the config is live for the user's own git
    assert marker.read_text().split() == ["gpg"]


@needs_git
def test_commit_refuses_a_git_conflict_inside_a_code_fence(tmp_path, git_env, capsys):
    top = init_repo(tmp_path / "lib")
    fenced = "---\ntitle: Code\n---\nIntro\n\n```python\nx = 1\n```\n\nEnd\n"
    write(top, "a.md", fenced)
    commit_all(top, "base")
    git(top, "checkout", "-q", "-b", "other")
    write(top, "a.md", fenced.replace("x = 1", "x = 2"))
    commit_all(top, "other")
    git(top, "checkout", "-q", "main")
    write(top, "a.md", fenced.replace("x = 1", "x = 3"))
    commit_all(top, "mine")
    git(top, "merge", "-q", "other", check=False)
    head = git(top, "rev-parse", "HEAD")
    assert main(["commit", str(top), "-m", "merge"]) == 3
    err = capsys.readouterr().err
    assert "a.md:7" in err and "unmerged" in err and "Traceback" not in err
    assert git(top, "rev-parse", "HEAD") == head
    assert git(top, "status", "--porcelain") == "UU a.md\n"


@needs_git
def test_git_configuration_pointed_at_dev_null_is_no_fifo(site, capsys, monkeypatch):
    # found in an adversarial review: GIT_CONFIG_GLOBAL=/dev/null (as git's
    # manual suggests, to leave the user's settings out) or an excludes file
    # set to /dev/null stopped every git call as "a character device"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    git(site, "config", "core.excludesFile", "/dev/null")
    posts = site / "source" / "_posts"
    write(posts, "a.md", article("Alpha nulled"))
    assert main(["history", str(posts / "a.md")]) == 0
    assert main(["commit", str(posts), "-m", "with /dev/null"]) == 0
    assert capsys.readouterr().out.split()[-1] == "a.md"
    assert git(site, "log", "-1", "--format=%s") == "with /dev/null\n"
    # a device that never ends still is one git would read for ever
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/zero")
    assert main(["history", str(posts / "a.md")]) == 3
    assert "git would wait on /dev/zero: it is a character device" in capsys.readouterr().err


@needs_git
def test_commit_in_the_middle_of_a_rebase_says_how_to_go_on(site, capsys):
    # found in an adversarial review: a commit made while a rebase stopped
    # at a conflict was said to be "on no branch; keep it with git branch",
    # when `git rebase --continue` puts it on the branch
    posts = site / "source" / "_posts"
    git(site, "checkout", "-q", "-b", "side", "HEAD~1")
    write(posts, "a.md", article("Alpha on the side"))
    commit_all(site, "side")
    git(site, "rebase", "main", check=False)  # stops: a.md is in conflict
    write(posts, "a.md", article("Alpha resolved"))
    assert main(["commit", str(posts), "-m", "resolved"]) == 0
    err = capsys.readouterr().err
    assert "a rebase is in progress" in err and "git rebase --continue" in err
    assert "git branch NAME" not in err
    git(site, "rebase", "--continue", GIT_EDITOR="true")
    assert git(site, "log", "-1", "--format=%s", "side") == "resolved\n"


@needs_git
def test_check_finds_longer_markers_in_a_file_marked_resolved(tmp_path, git_env, capsys):
    # .gitattributes "conflict-marker-size=12", the file git-added with them in it
    top = init_repo(tmp_path / "lib")
    (top / ".gitattributes").write_text("*.md conflict-marker-size=12\n")
    write(top, "a.md", article("A"))
    commit_all(top, "base")
    git(top, "checkout", "-q", "-b", "side")
    write(top, "a.md", article("Side"))
    commit_all(top, "side")
    git(top, "checkout", "-q", "main")
    write(top, "a.md", article("Main"))
    commit_all(top, "main")
    git(top, "merge", "-q", "side", check=False)
    git(top, "add", "a.md")
    capsys.readouterr()
    assert main(["check", str(top)]) == 1
    out = capsys.readouterr().out
    assert f"{top / 'a.md'}:2: error: unresolved merge conflict (lines 2–" in out


@needs_git
def test_history_follows_renames_naming_the_old_path_but_never_copies(tmp_path, git_env, capsys):
    top = init_repo(tmp_path / "lib")
    write(
        top, "a.md", article("Alpha", body="long body line one\nline two\nline three\nline four\n")
    )
    commit_all(top, "add a")
    write(
        top, "new.md", article("New", body="long body line one\nline two\nline three\nline four\n")
    )
    commit_all(top, "add new")  # looks like a.md, which stays: a copy, not a rename
    assert main(["history", str(top / "new.md")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].endswith("add new")
    git(top, "mv", "a.md", "b.md")
    git(top, "commit", "-q", "-m", "rename")
    assert main(["history", str(top / "b.md")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].endswith("rename")
    assert lines[1].endswith("add a  (as a.md)")
    assert main(["history", "--json", str(top / "b.md")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["path"] for r in rows] == ["b.md", "a.md"]


@needs_git
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_gits_advice_lines_are_shown_readably(tmp_path, git_env, capsys):
    top = init_repo(tmp_path / "lib")
    write(top, "a.md", article("Alpha"))
    commit_all(top, "add a")
    for folder, _, files in os.walk(top):
        os.chown(folder, 65534, 65534)
        for name in files:
            os.chown(os.path.join(folder, name), 65534, 65534)
    assert main(["history", str(top / "a.md")]) == 3
    err = capsys.readouterr().err
    assert "dubious ownership" in err
    assert "\\t" not in err and "git config --global --add safe.directory" in err


def test_a_commit_whose_hook_takes_long_says_it_still_runs(site, capsys, monkeypatch):
    # a pre-commit hook that hung kept the command silent for its 10 minutes
    import reader.cli.vcs as vcs

    monkeypatch.setattr(vcs, "SLOW_GIT_SECONDS", 0.2)
    hook = site / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nsleep 1\n")
    hook.chmod(0o755)
    write(site / "source" / "_posts", "a.md", article("Alpha 4"))
    assert main(["commit", str(site), "-m", "slow hook"]) == 0
    said = capsys.readouterr().err
    assert said.count("git commit is still running (its hooks); Ctrl+C stops it") == 1
    assert "committed 1 article(s)" in said


@needs_git
@pytest.mark.parametrize("how", ["publish", "rename", "trash"])
def test_only_edited_commits_both_sides_of_the_apps_move(site, capsys, how, monkeypatch):
    # a publish committed only its new post: the draft stayed in HEAD beside
    # it, and its removal was left uncommitted (a rename the same; a trash
    # was not committed at all)
    from reader.cli.state import attach_state
    from reader.core.library.facade import Library

    drafts = site / "source" / "_drafts"
    write(drafts, "my-draft.md", article("My draft"))
    commit_all(site, "a draft", "2024-03-01T09:00:00+08:00")
    assert main(["mark", str(site), str(drafts / "my-draft.md"), "--star"]) == 0  # (a state)
    if how == "publish":
        assert main(["publish", str(site), str(drafts / "my-draft.md")]) == 0
    else:
        monkeypatch.setattr("send2trash.send2trash", os.unlink)
        with Library.open(site) as library:
            attach_state(library)
            if how == "rename":
                library.rename("source/_drafts/my-draft.md", "renamed.md")
            else:
                library.trash("source/_drafts/my-draft.md")
    capsys.readouterr()
    assert main(["commit", str(site), "-m", how, "--only-edited"]) == 0
    assert git(site, "status", "--porcelain", "--", "source") == ""
    tree = git(site, "ls-tree", "-r", "--name-only", "HEAD").split()
    assert "source/_drafts/my-draft.md" not in tree
    moved = [name for name in tree if name.endswith("my-draft.md") or "renamed" in name]
    assert len(moved) == (0 if how == "trash" else 1)


@needs_git
def test_only_edited_without_a_reading_state_says_what_it_left_out(site, capsys):
    # `set` records its edits only in a library that has .article-reader/:
    # "no changed articles" was said of a library with one, edited by set
    posts = site / "source" / "_posts"
    assert main(["set", str(posts / "a.md"), "-s", "title=Alpha by the app"]) == 0
    assert not (site / ".article-reader").exists()
    capsys.readouterr()
    head = git(site, "rev-parse", "HEAD")
    assert main(["commit", str(posts), "-m", "App edits", "--only-edited"]) == 0
    said = capsys.readouterr().err
    assert "no changed articles" not in said
    assert f"nothing to commit in {posts}: no edits made by this app" in said
    assert "recorded only in a library that has a .article-reader folder" in said
    assert "1 changed article(s) left out; commit them without --only-edited" in said
    assert git(site, "rev-parse", "HEAD") == head
    assert main(["commit", str(posts), "-m", "All edits"]) == 0
    assert capsys.readouterr().out.split() == ["a.md"]


def _merge_waiting(tmp_path):
    """The tester's repository: a merge of ``side`` waits to be committed
    and ``lib/x.md`` was deleted meanwhile."""
    top = init_repo(tmp_path / "r")
    write(top / "lib", "a.md", "---\ntitle: A\n---\n")
    write(top / "lib", "x.md", "---\ntitle: X\n---\n")
    commit_all(top, "init", "2024-01-01T09:00:00+08:00")
    git(top, "checkout", "-q", "-b", "side")
    write(top, "side.txt", "s\n")
    commit_all(top, "side", "2024-01-02T09:00:00+08:00")
    git(top, "checkout", "-q", "main")
    git(top, "merge", "-q", "--no-ff", "--no-commit", "side")
    (top / "lib" / "x.md").unlink()
    return top


@needs_git
def test_commit_during_a_merge_commits_a_deleted_article(tmp_path, git_env, capsys):
    # it said "committed 1 article(s)"; HEAD still had lib/x.md, " D" after
    top = _merge_waiting(tmp_path)
    assert main(["commit", str(top / "lib"), "-m", "merge side"]) == 0
    out, said = capsys.readouterr()
    assert out.split() == ["x.md"] and "committed 1 article(s)" in said
    assert git(top, "ls-tree", "-r", "--name-only", "HEAD").split() == ["lib/a.md", "side.txt"]
    assert len(git(top, "rev-parse", "HEAD^@").split()) == 2
    assert git(top, "status", "--porcelain") == ""


@needs_git
def test_commit_names_an_article_the_commit_left_out(tmp_path, git_env, capsys):
    # never "committed" for what the commit does not hold: exit 1, named
    top = _merge_waiting(tmp_path)
    hook = top / ".git" / "hooks" / "pre-commit"  # it puts the deleted article back
    hook.write_text("#!/bin/sh\ngit reset -q HEAD -- lib/x.md\n")
    hook.chmod(0o755)
    assert main(["commit", str(top / "lib"), "-m", "merge side"]) == 1
    out, said = capsys.readouterr()
    assert out.split() == [] and "committed 0 article(s)" in said
    assert "error: x.md: not committed: " in said
    assert "lib/x.md" in git(top, "ls-tree", "-r", "--name-only", "HEAD").split()


@needs_git
def test_history_lists_the_merge_that_resolved_a_conflict(tmp_path, git_env, capsys):
    # --follow left merges out: the commit holding the current text was not listed
    top = init_repo(tmp_path / "lib")
    write(top, "a.md", article("Alpha"))
    commit_all(top, "add a", "2024-01-01T09:00:00+08:00")
    git(top, "checkout", "-q", "-b", "side")
    write(top, "a.md", article("Side"))
    commit_all(top, "side title", "2024-01-02T09:00:00+08:00")
    git(top, "checkout", "-q", "main")
    write(top, "a.md", article("Main"))
    commit_all(top, "main title", "2024-01-03T09:00:00+08:00")
    git(top, "merge", "-q", "side", check=False)
    write(top, "a.md", article("Both"))
    commit_all(top, "merge side", "2024-01-04T09:00:00+08:00")
    assert main(["history", "--json", str(top / "a.md")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["subject"] for r in rows] == ["merge side", "main title", "side title", "add a"]
    assert rows[0]["commit"] == git(top, "rev-parse", "HEAD").strip()


@needs_git
def test_commit_with_no_author_known_says_so_in_one_line(site, capsys, git_env, monkeypatch):
    # (review) git's ten lines of "Author identity unknown … Please tell me
    # who you are" were printed as they were, indented
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key)
    monkeypatch.delenv("EMAIL", raising=False)
    git(site, "config", "--global", "user.useConfigOnly", "true")  # (no guess from the host)
    write(site / "source" / "_posts", "a.md", article("Alpha edited"))
    assert main(["commit", str(site), "-m", "edits"]) == 3
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"error: {site}: git knows no author to commit as: set one with "
        'git config --global user.name "Your Name" and git config --global user.email '
        "you@example.com (without --global, for this repository alone)"
    ]
    assert git(site, "status", "--porcelain")  # (nothing committed: the edit still there)


@needs_git
def test_commit_takes_each_message_as_a_paragraph(site, capsys):
    # (review) -m a -m b kept b alone, then was refused; git makes paragraphs
    write(site / "source" / "_posts", "a.md", article("Alpha again"))
    assert main(["commit", str(site), "-m", "Title line", "-m", "Why it changed."]) == 0
    assert git(site, "log", "-1", "--format=%B").strip() == "Title line\n\nWhy it changed."
    assert main(["commit", str(site), "-m", "a", "-m", " "]) == 2
