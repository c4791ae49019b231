"""reader.core.vcs.git on real repositories made in tmp folders."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from reader.core.vcs.git import (
    CONFLICTED,
    MODIFIED,
    NEW,
    UNTRACKED,
    GitError,
    GitUnavailable,
    open_repo,
)
from tests.gitrepo import commit_all, git, init_repo, needs_git, signed_commit

pytestmark = needs_git


@pytest.fixture
def repo_dir(tmp_path, git_env):
    folder = init_repo(tmp_path / "blog")
    (folder / "posts").mkdir()
    (folder / "posts" / "a.md").write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    (folder / "posts" / "财经 b.md").write_text("---\ntitle: B\n---\n", encoding="utf-8")
    commit_all(folder, "first", "2024-01-01T09:00:00+08:00")
    return folder


def test_status_per_path_modified_new_untracked(repo_dir):
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A2\n---\nbody\n", encoding="utf-8")
    (repo_dir / "posts" / "new.md").write_text("x\n", encoding="utf-8")
    git(repo_dir, "add", "posts/new.md")
    (repo_dir / "posts" / "未跟踪 :(glob)*.md").write_text("y\n", encoding="utf-8")
    status = open_repo(repo_dir / "posts").status()
    assert {p: s.kind for p, s in status.items()} == {
        "posts/a.md": MODIFIED,
        "posts/new.md": NEW,
        "posts/未跟踪 :(glob)*.md": UNTRACKED,
    }


def test_open_repo_finds_the_top_from_a_subfolder_and_a_file(repo_dir):
    assert open_repo(repo_dir / "posts").root == repo_dir.resolve()
    assert open_repo(repo_dir / "posts" / "a.md").root == repo_dir.resolve()


def test_history_follows_renames_with_dates_authors_messages(repo_dir):
    git(repo_dir, "mv", "posts/a.md", "posts/renamed.md")
    commit_all(repo_dir, "rename a", "2024-02-01T09:00:00+08:00")
    (repo_dir / "posts" / "renamed.md").write_text("---\ntitle: A3\n---\nbody\n", encoding="utf-8")
    commit_all(repo_dir, "retitle\n\nlonger text", "2024-03-01T09:00:00+08:00")
    repo = open_repo(repo_dir)
    versions = repo.log("posts/renamed.md")
    assert [v.subject for v in versions] == ["retitle", "rename a", "first"]
    assert [v.path for v in versions] == ["posts/renamed.md", "posts/renamed.md", "posts/a.md"]
    assert versions[0].author == "Ann Author"
    assert versions[2].date.isoformat() == "2024-01-01T09:00:00+08:00"
    assert repo.show(versions[2].commit, versions[2].path) == b"---\ntitle: A\n---\nbody\n"
    assert "retitle" in versions[0].line()


def test_history_of_a_new_file_under_a_name_renamed_away_is_its_own(repo_dir):
    # --follow went on by name into the older file's versions, the commit
    # that renamed it away among them (showing it there failed)
    git(repo_dir, "mv", "posts/a.md", "posts/moved.md")
    commit_all(repo_dir, "move a away", "2024-02-01T09:00:00+08:00")
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: New A\n---\n", encoding="utf-8")
    commit_all(repo_dir, "a new a", "2024-03-01T09:00:00+08:00")
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: New A2\n---\n", encoding="utf-8")
    commit_all(repo_dir, "edit new a", "2024-04-01T09:00:00+08:00")
    repo = open_repo(repo_dir)
    assert [v.subject for v in repo.log("posts/a.md")] == ["edit new a", "a new a"]
    moved = repo.log("posts/moved.md")
    assert [(v.subject, v.path) for v in moved] == [
        ("move a away", "posts/moved.md"),
        ("first", "posts/a.md"),
    ]
    for version in [*repo.log("posts/a.md"), *moved]:
        assert repo.show(version.commit, version.path)


def test_history_of_a_file_removed_from_git_but_on_disk_lists_its_versions(repo_dir):
    # (review) the removal stopped the history at once: none of the
    # versions that could bring it back were listed
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A2\n---\n", encoding="utf-8")
    commit_all(repo_dir, "a2", "2024-02-01T09:00:00+08:00")
    git(repo_dir, "rm", "-q", "--cached", "posts/a.md")
    git(repo_dir, "commit", "-q", "-m", "untrack a")
    repo = open_repo(repo_dir)
    versions = repo.log("posts/a.md")
    assert [v.subject for v in versions] == ["a2", "first"]
    assert repo.show(versions[0].commit, "posts/a.md") == b"---\ntitle: A2\n---\n"


def test_history_is_read_as_utf8_whatever_the_log_encoding_set(repo_dir, monkeypatch):
    # i18n.logOutputEncoding=latin1 gave "J\udcf6s\udce9"
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Jösé Ünï")
    (repo_dir / "posts" / "a.md").write_text("changed\n", encoding="utf-8")
    commit_all(repo_dir, "ünï subject", "2024-02-01T09:00:00+08:00")  # (all in Latin-1)
    git(repo_dir, "config", "i18n.logOutputEncoding", "latin1")
    newest = open_repo(repo_dir).log("posts/a.md")[0]
    assert (newest.author, newest.subject) == ("Jösé Ünï", "ünï subject")


def test_history_of_a_file_never_committed_is_empty(repo_dir):
    (repo_dir / "posts" / "fresh.md").write_text("x\n", encoding="utf-8")
    assert open_repo(repo_dir).log("posts/fresh.md") == []


def test_commit_takes_exactly_the_given_paths(repo_dir):
    (repo_dir / "posts" / "a.md").write_text("changed a\n", encoding="utf-8")
    (repo_dir / "posts" / "财经 b.md").write_text("changed b\n", encoding="utf-8")
    (repo_dir / "posts" / "new.md").write_text("new\n", encoding="utf-8")
    (repo_dir / "other.txt").write_text("staged elsewhere\n", encoding="utf-8")
    git(repo_dir, "add", "other.txt")
    repo = open_repo(repo_dir)
    head = repo.commit(["posts/a.md", "posts/new.md"], "Edit a, add new\n\n#1 is not a comment")
    assert git(repo_dir, "show", "--name-only", "--format=", head).split("\n")[:2] == [
        "posts/a.md",
        "posts/new.md",
    ]
    assert "#1 is not a comment" in git(repo_dir, "log", "-1", "--format=%B")
    left = repo.status()
    assert set(left) == {"posts/财经 b.md", "other.txt"}
    assert left["other.txt"].kind == NEW  # still staged, not committed


def test_commit_refuses_an_empty_message_and_no_paths(repo_dir):
    repo = open_repo(repo_dir)
    with pytest.raises(GitError):
        repo.commit([], "msg")
    with pytest.raises(GitError):
        repo.commit(["posts/a.md"], "  ")


def test_a_failing_hook_is_reported_verbatim(repo_dir):
    hook = repo_dir / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by the team hook' >&2\nexit 1\n")
    hook.chmod(0o755)
    (repo_dir / "posts" / "a.md").write_text("changed\n", encoding="utf-8")
    with pytest.raises(GitError, match="refused by the team hook"):
        open_repo(repo_dir).commit(["posts/a.md"], "try")


def test_pull_and_push_with_progress_and_verbatim_errors(tmp_path, repo_dir):
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo_dir), str(remote))
    git(repo_dir, "remote", "add", "origin", str(remote))
    git(repo_dir, "fetch", "-q", "origin")
    git(repo_dir, "branch", "-q", "--set-upstream-to=origin/main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "posts" / "a.md").write_text("---\ntitle: From elsewhere\n---\n", encoding="utf-8")
    commit_all(other, "elsewhere")
    git(other, "push", "-q")
    repo = open_repo(repo_dir)
    lines: list[str] = []
    repo.pull(lines.append)
    assert "From elsewhere" in (repo_dir / "posts" / "a.md").read_text(encoding="utf-8")
    (repo_dir / "posts" / "a.md").write_text("mine\n", encoding="utf-8")
    repo.commit(["posts/a.md"], "mine")
    repo.push(lines.append)
    assert git(remote, "log", "-1", "--format=%s").strip() == "mine"
    assert lines  # git's progress and summary lines reached the callback
    git(repo_dir, "remote", "set-url", "origin", str(tmp_path / "missing.git"))
    with pytest.raises(GitError, match=r"missing\.git"):
        repo.pull()


def test_merge_conflict_stages(repo_dir):
    git(repo_dir, "checkout", "-q", "-b", "side")
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: Theirs\n---\nbody\n", encoding="utf-8")
    commit_all(repo_dir, "theirs")
    git(repo_dir, "checkout", "-q", "main")
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: Mine\n---\nbody\n", encoding="utf-8")
    commit_all(repo_dir, "mine")
    git(repo_dir, "merge", "-q", "side", check=False)
    repo = open_repo(repo_dir)
    assert repo.merging()
    assert repo.status()["posts/a.md"].kind == CONFLICTED
    base, ours, theirs = repo.stages("posts/a.md")
    assert b"title: A" in (base or b"")
    assert b"Mine" in (ours or b"") and b"Theirs" in (theirs or b"")
    assert repo.stages("posts/a.md", max_bytes=len(base or b"") - 1) == (None, None, None)


def test_a_version_larger_than_an_article_may_be_is_refused_unread(repo_dir):
    # (a file committed in an article's place: history and check held it in memory)
    repo = open_repo(repo_dir)
    size = len(repo.show("HEAD", "posts/a.md"))
    assert len(repo.show("HEAD", "posts/a.md", max_bytes=size)) == size
    with pytest.raises(GitError, match=rf"that version is {size} bytes, more than the 20 bytes"):
        repo.show("HEAD", "posts/a.md", max_bytes=20)
    with pytest.raises(GitError, match=r"posts/nothing\.md"):
        repo.show("HEAD", "posts/nothing.md")


def test_without_git_or_outside_a_work_tree(tmp_path, no_git):
    with pytest.raises(GitUnavailable, match="git is not installed"):
        open_repo(tmp_path)


def test_outside_a_work_tree(tmp_path, git_env):
    with pytest.raises(GitUnavailable, match="not inside a git work tree"):
        open_repo(tmp_path)


def test_hostile_names_and_a_deletion_are_committed_as_themselves(repo_dir):
    names = ["posts/-rf.md", "posts/:(glob)*.md", "posts/line\nbreak.md", "posts/*.md"]
    for name in names:
        (repo_dir / name).write_text("x\n", encoding="utf-8")
    (repo_dir / "posts" / "a.md").unlink()
    (repo_dir / "posts" / "bystander.md").write_text("not chosen\n", encoding="utf-8")
    repo = open_repo(repo_dir)
    status = repo.status()
    assert status["posts/a.md"].kind == "deleted"
    assert all(status[name].kind == UNTRACKED for name in names)
    head = repo.commit([*names, "posts/a.md"], "hostile")
    committed = git(repo_dir, "show", "-z", "--name-only", "--format=", head).strip("\0\n")
    assert sorted(committed.split("\0")) == sorted([*names, "posts/a.md"])
    assert set(repo.status()) == {"posts/bystander.md"}


def test_a_repository_git_refuses_says_why_verbatim(repo_dir):
    (repo_dir / ".git" / "config").write_text("[core\n\tbroken", encoding="utf-8")
    with pytest.raises(GitUnavailable, match="bad config"):
        open_repo(repo_dir)


def test_a_git_that_hangs_is_stopped_with_what_it_started(repo_dir):
    repo = open_repo(repo_dir)
    # an alias that starts a shell which starts a long sleep: all of it is stopped
    with pytest.raises(GitError, match="did not finish within 1 s"):
        repo.run(["-c", "alias.slow=!sleep 300", "slow"], timeout=1)


def test_changed_between_two_commits(repo_dir):
    repo = open_repo(repo_dir)
    before = repo.head()
    (repo_dir / "posts" / "财经 b.md").write_text("changed\n", encoding="utf-8")
    after = repo.commit(["posts/财经 b.md"], "b")
    assert repo.changed_between(before, after) == ["posts/财经 b.md"]
    with pytest.raises(GitError):
        repo.changed_between("--output=x", after)


def test_a_commit_whose_hook_hangs_is_stopped_when_cancelled(repo_dir):
    hook = repo_dir / ".git" / "hooks" / "pre-commit"
    marker = repo_dir.parent / "hook-started"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 300\n")
    hook.chmod(0o755)
    (repo_dir / "posts" / "a.md").write_text("changed\n", encoding="utf-8")
    repo = open_repo(repo_dir)
    # cancelled once the hook runs (what closing the window does)
    with pytest.raises(GitError, match="was cancelled"):
        repo.commit(["posts/a.md"], "try", cancel=marker.exists)
    assert repo.status()["posts/a.md"].kind == MODIFIED  # nothing committed
    hook.unlink()
    assert repo.commit(["posts/a.md"], "again")  # no lock left behind


def test_variables_a_git_hook_leaves_never_point_at_another_repository(
    repo_dir, tmp_path, monkeypatch
):
    other = init_repo(tmp_path / "other")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    monkeypatch.setenv("GIT_OBJECT_DIRECTORY", str(other / ".git" / "objects"))
    (repo_dir / "posts" / "a.md").write_text("changed\n", encoding="utf-8")
    repo = open_repo(repo_dir / "posts")
    assert repo.root == repo_dir
    assert repo.status()["posts/a.md"].kind == MODIFIED
    commit = repo.commit(["posts/a.md"], "here")
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.delenv("GIT_INDEX_FILE")
    monkeypatch.delenv("GIT_OBJECT_DIRECTORY")
    assert git(repo_dir, "log", "-1", "--format=%H").strip() == commit
    assert git(other, "rev-parse", "--verify", "-q", "HEAD", check=False) == ""


def test_status_never_locks_the_index_of_the_users_own_git(repo_dir):
    """While the user's git holds index.lock (a commit in a terminal), the
    app's status still answers, and never takes the lock itself."""
    lock = repo_dir / ".git" / "index.lock"
    lock.write_bytes(b"")  # the user's git is busy
    (repo_dir / "posts" / "a.md").write_text("changed\n", encoding="utf-8")
    repo = open_repo(repo_dir)
    assert repo.status()["posts/a.md"].kind == MODIFIED
    assert lock.read_bytes() == b""  # still theirs
    lock.unlink()
    git(repo_dir, "update-index", "--refresh", check=False)
    before = (repo_dir / ".git" / "index").stat().st_mtime_ns
    (repo_dir / "posts" / "a.md").touch()
    repo.status()
    assert (repo_dir / ".git" / "index").stat().st_mtime_ns == before  # not rewritten


def _program(repo_dir, marker, role: str) -> str:
    """A program inside ``.git`` that notes ``role`` in ``marker`` and
    passes its input through."""
    script = repo_dir / ".git" / f"{role}.sh"
    script.write_text(f"#!/bin/sh\necho {role} >> '{marker}'\ncat\n")
    script.chmod(0o755)
    return str(script)


def _hostile_config(repo_dir, marker):
    """A repository whose own ``.git/config`` (synced along with the library)
    names programs for git to run: each notes its role in ``marker``.
    HEAD is a commit with a signature, so ``log.showSignature`` has
    something to verify."""
    hooks = repo_dir / ".git" / "team-hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "pre-commit"):
        (hooks / hook).write_text(f"#!/bin/sh\necho {hook} >> '{marker}'\n")
        (hooks / hook).chmod(0o755)
    (repo_dir / ".gitattributes").write_text("*.md filter=team diff=team\n", encoding="utf-8")
    commit_all(repo_dir, "attributes")
    parent = git(repo_dir, "rev-parse", "HEAD").strip()
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A signed\n---\n", encoding="utf-8")
    git(repo_dir, "add", "posts/a.md")
    commit = signed_commit(repo_dir, "signed")
    settings = {
        "core.fsmonitor": _program(repo_dir, marker, "fsmonitor"),
        "core.hooksPath": str(hooks),
        "core.pager": _program(repo_dir, marker, "pager"),
        "log.showSignature": "true",
        "gpg.program": _program(repo_dir, marker, "gpg"),
        "filter.team.clean": _program(repo_dir, marker, "clean"),
        "filter.team.smudge": _program(repo_dir, marker, "smudge"),
        "filter.team.required": "true",
        "diff.team.textconv": _program(repo_dir, marker, "textconv"),
        "diff.external": _program(repo_dir, marker, "external"),
    }
    for key, value in settings.items():
        git(repo_dir, "config", key, value)
    return parent, commit


def test_the_repositorys_own_config_runs_nothing_on_the_apps_own_calls(repo_dir):
    """Opening, status, history, a version's text: what the app runs by
    itself never runs a program the repository's config names (it may have
    come with the library from anyone); a commit the user asks for still
    runs their hooks."""
    marker = repo_dir.parent / "ran"
    parent, head = _hostile_config(repo_dir, marker)
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A changed\n---\n", encoding="utf-8")
    (repo_dir / "posts" / "new.md").write_text("new\n", encoding="utf-8")
    # A tracked file whose stat data no longer matches the index but whose
    # size does: a status must compare its content, through the clean filter
    # (without this, whether git compared any content depended on timing).
    os.utime(repo_dir / "posts" / "财经 b.md", ns=(1_000_000_000, 1_000_000_000))

    repo = open_repo(repo_dir / "posts")
    assert repo.head() == head and repo.branch() == "main" and not repo.merging()
    status = repo.status()
    assert status["posts/a.md"].kind == MODIFIED and status["posts/new.md"].kind == UNTRACKED
    versions = repo.log("posts/a.md")
    assert [v.subject for v in versions] == ["signed", "first"]
    assert repo.last_commit_time("posts/a.md") == 1700000000
    assert repo.show(head, "posts/a.md") == b"---\ntitle: A signed\n---\n"
    assert repo.changed_between(parent, head) == ["posts/a.md"]
    assert not marker.exists()

    git(repo_dir, "status", "--porcelain")  # the user's own git does run them
    git(repo_dir, "log", "-1", "--format=%s", check=False)
    assert {"fsmonitor", "clean", "gpg"} <= set(marker.read_text().split())
    marker.unlink()
    repo.commit(["posts/a.md"], "by hand")  # asked for: the team's hook runs
    ran = marker.read_text().split()
    assert "pre-commit" in ran
    assert "fsmonitor" not in ran  # (a speed-up, never needed: off for these too)


def test_git_config_in_the_environment_does_not_hide_the_repositorys_filters(
    repo_dir, tmp_path, monkeypatch
):
    # GIT_CONFIG is read by `git config` alone: the filter drivers to switch
    # off were listed from it, while `git status` ran the repository's own
    marker = repo_dir.parent / "ran"
    (repo_dir / ".gitattributes").write_text("*.md filter=team\n", encoding="utf-8")
    commit_all(repo_dir, "attributes")
    git(repo_dir, "config", "filter.team.clean", _program(repo_dir, marker, "clean"))
    os.utime(repo_dir / "posts" / "a.md", ns=(1_000_000_000, 1_000_000_000))
    empty = tmp_path / "empty.cfg"
    empty.write_text("[core]\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG", str(empty))
    open_repo(repo_dir).status()
    repo = open_repo(repo_dir)
    repo.log("posts/a.md")
    assert not marker.exists()


@pytest.mark.parametrize(
    "variable", ["GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS"]
)
def test_a_pathspec_setting_in_the_environment_breaks_no_git_call(repo_dir, monkeypatch, variable):
    # every call failed: "global 'literal' pathspec setting is incompatible
    # with all other global pathspec settings"
    monkeypatch.setenv(variable, "1")
    (repo_dir / "posts" / "a.md").write_text("changed\n", encoding="utf-8")
    repo = open_repo(repo_dir)
    assert repo.status()["posts/a.md"].kind == MODIFIED
    assert [v.subject for v in repo.log("posts/a.md")] == ["first"]
    assert repo.commit(["posts/a.md"], "with the setting")


def test_a_filter_driver_git_cannot_be_told_to_skip_stops_the_status(repo_dir):
    marker = repo_dir.parent / "ran"
    (repo_dir / ".gitattributes").write_text("*.md filter=a=b\n", encoding="utf-8")
    git(repo_dir, "config", "filter.a=b.clean", _program(repo_dir, marker, "clean"))
    (repo_dir / "posts" / "a.md").write_text("changed\n", encoding="utf-8")
    with pytest.raises(GitError, match=r"filter driver 'a=b'") as caught:
        open_repo(repo_dir).status()
    assert str(caught.value.path).endswith(".git/config")
    assert not marker.exists()


def test_a_merge_commit_refused_for_open_conflicts_marks_nothing_resolved(repo_dir):
    git(repo_dir, "checkout", "-q", "-b", "side")
    for name in ("a.md", "财经 b.md"):
        (repo_dir / "posts" / name).write_text(f"theirs {name}\n", encoding="utf-8")
    commit_all(repo_dir, "theirs")
    git(repo_dir, "checkout", "-q", "main")
    for name in ("a.md", "财经 b.md"):
        (repo_dir / "posts" / name).write_text(f"mine {name}\n", encoding="utf-8")
    commit_all(repo_dir, "mine")
    git(repo_dir, "merge", "-q", "side", check=False)
    (repo_dir / "posts" / "a.md").write_text("resolved\n", encoding="utf-8")
    repo = open_repo(repo_dir)
    with pytest.raises(GitError, match=r"still in conflict: posts/财经 b\.md"):
        repo.commit(["posts/a.md"], "merge")
    assert {p: s.kind for p, s in repo.status().items()} == {
        "posts/a.md": CONFLICTED,  # not added: the user's own git finds it as it was
        "posts/财经 b.md": CONFLICTED,
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize(
    ("where", "config"),
    [
        (".git/included.cfg", "[include]\n\tpath = included.cfg\n"),
        (".git/deeper.cfg", '[include]\n\tpath = ok.cfg\n[includeIf "gitdir:/x/"]\n\tpath=""\n'),
        ("elsewhere/waiting", "[include]\n\tpath = ../elsewhere/waiting\n"),
        (".gitignore", ""),
        (".git/info/exclude", ""),
    ],
)
def test_a_fifo_git_would_wait_on_is_named_and_git_is_not_run(repo_dir, where, config):
    """A FIFO as a file git opens first (an included configuration, the
    ignore files) held every git call for its 60 s timeout: it is named at
    once instead, and nothing waits."""
    from tests.core.guards import finishes

    repo = open_repo(repo_dir)
    if where == ".git/deeper.cfg":  # an include of an include
        (repo_dir / ".git" / "ok.cfg").write_text("[include]\n\tpath = deeper.cfg\n")
    if config:
        with open(repo_dir / ".git" / "config", "a", encoding="utf-8") as handle:
            handle.write(config)
    fifo = repo_dir / where
    fifo.parent.mkdir(exist_ok=True)
    if fifo.exists():
        fifo.unlink()
    os.mkfifo(fifo)
    named = repo_dir / ".git" / ".." / where if where.startswith("elsewhere") else fifo
    for attempt in (repo.status, lambda: open_repo(repo_dir / "posts"), repo.head):
        refused = finishes(attempt, timeout=20)
        assert isinstance(refused, GitError), refused
        assert str(refused).endswith(
            f"git would wait on {named}: it is a FIFO (named pipe), not a regular file; git not run"
        ), str(refused)
    fifo.unlink()
    assert open_repo(repo_dir).status() == {}


@pytest.mark.skipif(
    not os.path.exists(f"/proc/{os.getpid()}/wchan") or not hasattr(os, "mkfifo"),
    reason="the wait on a FIFO is seen through Linux's /proc",
)
def test_a_fifo_git_opens_anywhere_stops_git_at_once_with_its_name(repo_dir):
    """A folder's own .gitignore cannot be listed before git runs: git is
    seen waiting to open it, and stopped, instead of waiting its timeout."""
    from tests.core.guards import finishes

    os.mkfifo(repo_dir / "posts" / ".gitignore")
    refused = finishes(open_repo(repo_dir).status, timeout=30)
    assert isinstance(refused, GitError), refused
    assert str(refused).endswith(
        f"git status waited to open {repo_dir / 'posts' / '.gitignore'}, "
        "a FIFO (named pipe); stopped"
    ), str(refused)


@pytest.mark.parametrize(
    ("text", "included"),
    [
        ("[include]\n\tpath = a.cfg\n", ["a.cfg"]),
        ("[include]\n\tpath = a.cfg#note\n", ["a.cfg"]),
        ("[include]\n\tpath = a.cfg ; note\n", ["a.cfg"]),
        ("[include] path = a.cfg\n", ["a.cfg"]),
        ("[Include]path=a.cfg\n", ["a.cfg"]),
        ("[include]\n\tPATH = a\\\n.cfg\n", ["a.cfg"]),
        ('[include]\n\tpath = "a"" b.cfg"\n', ["a b.cfg"]),
        ('[include]\n\tpath = "x#y.cfg"\n', ["x#y.cfg"]),
        ('[include "x"]\n\tpath = a.cfg\n', []),  # include.x.path: git ignores it
        ('[includeIf "gitdir:/w/"]\n\tpath = a.cfg\n', ["a.cfg"]),  # whatever the condition
        ("[includeIf.gitdir:/w/]\n\tpath = a.cfg\n", ["a.cfg"]),
        ("# [include]\n; path = a.cfg\n[core]\n\tpath = b.cfg\n", []),
    ],
)
def test_the_included_files_are_read_as_git_reads_its_configuration(tmp_path, text, included):
    from reader.core.vcs.waits import config_paths

    config = tmp_path / "config"
    config.write_text(text)
    assert config_paths(config) == ([tmp_path / name for name in included], [])


def test_files_a_configuration_names_are_found(tmp_path):
    from reader.core.vcs.waits import config_paths

    config = tmp_path / "config"
    config.write_text(
        "[core]\n\texcludesFile = ~/ignore\n\tattributesFile = attrs\n[mailmap]\n\tfile = /m\n"
    )
    home = os.path.expanduser("~")
    assert config_paths(config) == ([], [Path(home) / "ignore", tmp_path / "attrs", Path("/m")])


def test_a_commit_message_or_author_cannot_forge_a_version(repo_dir):
    # the separators the log was split by, in a subject and an author: a
    # made-up version appeared, and --limit 1 gave two
    forged = "ok\x1edeadbeef" * 5 + "\x1fLinus\x1fl@x\x1f2005-04-07T22:13:13+00:00\x1fforged"
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A2\n---\n", encoding="utf-8")
    commit_all(repo_dir, forged, "2024-02-01T09:00:00+08:00")
    versions = open_repo(repo_dir).log("posts/a.md")
    assert [v.subject for v in versions] == [forged, "first"]
    assert [v.author for v in versions] == [versions[1].author] * 2
    assert len(open_repo(repo_dir).log("posts/a.md", limit=1)) == 1


def test_a_post_commit_hooks_background_job_never_holds_up_the_commit(repo_dir):
    # The job keeps git's output open as long as it runs: the commit waited
    # for it until its time ran out, then said it had failed and took the
    # new article out of the index (its removal staged for the next commit).
    job = repo_dir.parent / "job-pid"
    hook = repo_dir / ".git" / "hooks" / "post-commit"
    hook.write_text(f"#!/bin/sh\necho committed\nsleep 300 &\necho $! > '{job}'\nexit 0\n")
    hook.chmod(0o755)
    (repo_dir / "posts" / "a.md").write_text("changed\n", encoding="utf-8")
    (repo_dir / "posts" / "new.md").write_text("new\n", encoding="utf-8")
    repo = open_repo(repo_dir)
    started = time.monotonic()
    held = []

    def hang_guard() -> bool:  # (generous: the job would hold it 300 s)
        if time.monotonic() - started > 60:
            held.append(True)
        return bool(held)

    try:
        made = repo.commit(["posts/a.md", "posts/new.md"], "with a hook", cancel=hang_guard)
    finally:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(job.read_text()), signal.SIGKILL)
    assert not held, "the commit waited for the hook's background job"
    assert made == repo.head()
    shown = git(repo_dir, "show", "--name-only", "--format=", made).split("\n")
    assert shown[:2] == ["posts/a.md", "posts/new.md"]
    assert repo.status() == {}


def test_a_commit_stopped_in_its_post_commit_hook_is_reported_made(repo_dir):
    # cancelled (closing the window) once the commit has landed, while the
    # post-commit hook runs: committed, and the new article stays tracked
    marker = repo_dir.parent / "post-commit-started"
    hook = repo_dir / ".git" / "hooks" / "post-commit"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nexec sleep 300\n")
    hook.chmod(0o755)
    (repo_dir / "posts" / "new.md").write_text("new\n", encoding="utf-8")
    repo = open_repo(repo_dir)
    before = repo.head()
    made = repo.commit(["posts/new.md"], "stopped late", cancel=marker.exists)
    assert made != before and made == repo.head()
    assert git(repo_dir, "show", "--name-only", "--format=", made).split("\n")[0] == "posts/new.md"
    assert repo.status() == {}


def test_history_keeps_the_first_version_whatever_log_show_root_says(repo_dir):
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A2\n---\nbody\n", encoding="utf-8")
    commit_all(repo_dir, "second", "2024-02-01T09:00:00+08:00")
    git(repo_dir, "config", "log.showRoot", "false")
    versions = open_repo(repo_dir).log("posts/a.md")
    assert [v.subject for v in versions] == ["second", "first"]


def test_a_pull_whose_post_merge_hook_leaves_a_job_running_ends_with_git(tmp_path, repo_dir):
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo_dir), str(remote))
    git(repo_dir, "remote", "add", "origin", str(remote))
    git(repo_dir, "fetch", "-q", "origin")
    git(repo_dir, "branch", "-q", "--set-upstream-to=origin/main")
    git(repo_dir, "config", "pull.rebase", "false")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "posts" / "a.md").write_text("---\ntitle: From elsewhere\n---\n", encoding="utf-8")
    commit_all(other, "elsewhere")
    git(other, "push", "-q")
    job = tmp_path / "job-pid"
    hook = repo_dir / ".git" / "hooks" / "post-merge"
    hook.write_text(f"#!/bin/sh\necho merged >&2\nsleep 300 &\necho $! > '{job}'\n")
    hook.chmod(0o755)
    started = time.monotonic()
    held = []

    def hang_guard() -> bool:  # (generous: the job would hold the pull 300 s)
        if time.monotonic() - started > 60:
            held.append(True)
        return bool(held)

    lines: list[str] = []
    try:
        open_repo(repo_dir).pull(lines.append, cancel=hang_guard)
    finally:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(job.read_text()), signal.SIGKILL)
    assert not held, "the pull waited for the hook's background job"
    assert "From elsewhere" in (repo_dir / "posts" / "a.md").read_text(encoding="utf-8")
    assert "merged" in lines


def test_a_merge_commit_records_deleted_files_and_a_conflict_resolved_by_deleting(repo_dir):
    # the deletions were left out of the merge: one stayed in HEAD, and a
    # modify/delete conflict resolved by deleting was "still in conflict"
    git(repo_dir, "checkout", "-q", "-b", "side")
    git(repo_dir, "rm", "-q", "posts/a.md")
    (repo_dir / "side.txt").write_text("side\n", encoding="utf-8")
    commit_all(repo_dir, "side removes a", "2024-02-01T09:00:00+08:00")
    git(repo_dir, "checkout", "-q", "main")
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A2\n---\nbody\n", encoding="utf-8")
    commit_all(repo_dir, "main edits a", "2024-02-02T09:00:00+08:00")
    git(repo_dir, "merge", "-q", "side", check=False)
    repo = open_repo(repo_dir)
    assert repo.status()["posts/a.md"].kind == CONFLICTED
    (repo_dir / "posts" / "a.md").unlink()
    (repo_dir / "posts" / "财经 b.md").unlink()
    repo.commit(["posts/a.md", "posts/财经 b.md"], "merge side")
    assert len(git(repo_dir, "rev-parse", "HEAD^@").split()) == 2  # the merge, made
    assert git(repo_dir, "ls-tree", "-r", "--name-only", "HEAD").split() == ["side.txt"]
    assert repo.status() == {}
    assert repo.files(repo.head() or "", "posts") == set()


def _dated_merge(folder: Path, message: str, when: str) -> None:
    git(folder, "commit", "-q", "-m", message, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)


def test_history_lists_merges_that_changed_the_file_against_their_first_parent(repo_dir):
    # --follow left every merge out: a conflict resolved in the merge and an
    # edit made in one (an "evil merge") were no version of the file
    a = repo_dir / "posts" / "a.md"
    git(repo_dir, "checkout", "-q", "-b", "side")
    a.write_text("---\ntitle: Side\n---\nbody\n", encoding="utf-8")
    side = commit_all(repo_dir, "side edit", "2024-02-01T09:00:00+08:00")
    git(repo_dir, "checkout", "-q", "main")
    a.write_text("---\ntitle: Main\n---\nbody\n", encoding="utf-8")
    main = commit_all(repo_dir, "main edit", "2024-02-02T09:00:00+08:00")
    git(repo_dir, "merge", "-q", "side", check=False)
    a.write_text("---\ntitle: Both\n---\nbody\n", encoding="utf-8")
    resolved = commit_all(repo_dir, "merge side", "2024-02-03T09:00:00+08:00")
    git(repo_dir, "checkout", "-q", "-b", "other")
    (repo_dir / "posts" / "other.md").write_text("other\n", encoding="utf-8")
    commit_all(repo_dir, "other file", "2024-02-04T09:00:00+08:00")
    git(repo_dir, "checkout", "-q", "main")
    git(repo_dir, "merge", "-q", "--no-ff", "--no-commit", "other")
    a.write_text("---\ntitle: Evil\n---\nbody\n", encoding="utf-8")
    git(repo_dir, "add", "posts/a.md")
    _dated_merge(repo_dir, "evil merge", "2024-02-05T09:00:00+08:00")
    evil = git(repo_dir, "rev-parse", "HEAD").strip()
    git(repo_dir, "mv", "posts/a.md", "posts/moved.md")
    commit_all(repo_dir, "move", "2024-02-06T09:00:00+08:00")
    repo = open_repo(repo_dir)
    versions = repo.log("posts/moved.md")
    assert [v.subject for v in versions] == [
        "move",
        "evil merge",
        "merge side",
        "main edit",
        "side edit",
        "first",
    ]
    assert [v.path for v in versions] == ["posts/moved.md"] + ["posts/a.md"] * 5
    assert repo.show(versions[2].commit, versions[2].path) == b"---\ntitle: Both\n---\nbody\n"
    # each version's own parent, not the one listed after it (another branch's)
    assert [(v.parent, v.parent_path) for v in versions[:5]] == [
        (evil, "posts/a.md"),
        (resolved, "posts/a.md"),
        (main, "posts/a.md"),
        (versions[5].commit, "posts/a.md"),
        (versions[5].commit, "posts/a.md"),
    ]
    assert side == versions[4].commit
    assert (versions[5].parent, versions[5].parent_path) == (None, None)
    limited = repo.log("posts/moved.md", limit=3)
    assert [v.subject for v in limited] == ["move", "evil merge", "merge side"]


def test_history_of_a_file_made_on_a_merged_branch_goes_on_into_it(repo_dir):
    # the merge that brought it made the file against its first parent:
    # its history goes on in the branch merged, where it was made (the merge
    # changed nothing of it: not a version, as git log -- PATH lists it)
    git(repo_dir, "checkout", "-q", "-b", "side")
    n = repo_dir / "posts" / "n.md"
    n.write_text("---\ntitle: N\n---\n", encoding="utf-8")
    made = commit_all(repo_dir, "n made", "2024-02-01T09:00:00+08:00")
    n.write_text("---\ntitle: N2\n---\n", encoding="utf-8")
    commit_all(repo_dir, "n edited", "2024-02-02T09:00:00+08:00")
    git(repo_dir, "checkout", "-q", "main")
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A2\n---\n", encoding="utf-8")
    commit_all(repo_dir, "main edit", "2024-02-03T09:00:00+08:00")
    git(repo_dir, "merge", "-q", "--no-ff", "--no-commit", "side")
    _dated_merge(repo_dir, "merge side", "2024-02-04T09:00:00+08:00")
    versions = open_repo(repo_dir).log("posts/n.md")
    assert [v.subject for v in versions] == ["n edited", "n made"]
    assert (versions[1].commit, versions[1].parent_path) == (made, None)


def test_history_keeps_a_merged_branchs_rename_and_edits(repo_dir):
    # (review) a pull request that renamed the file and edited it, merged
    # with --no-ff: listing merges followed the old name at the merge, and
    # the branch's rename and edit were lost
    git(repo_dir, "checkout", "-q", "-b", "side")
    git(repo_dir, "mv", "posts/a.md", "posts/b.md")
    commit_all(repo_dir, "side rename", "2024-02-01T09:00:00+08:00")
    (repo_dir / "posts" / "b.md").write_text("---\ntitle: B\n---\nedited\n", encoding="utf-8")
    commit_all(repo_dir, "side edit", "2024-02-02T09:00:00+08:00")
    git(repo_dir, "checkout", "-q", "main")
    (repo_dir / "other.txt").write_text("x\n", encoding="utf-8")
    commit_all(repo_dir, "unrelated", "2024-02-03T09:00:00+08:00")
    git(repo_dir, "merge", "-q", "--no-ff", "--no-commit", "side")
    _dated_merge(repo_dir, "merge pull request", "2024-02-04T09:00:00+08:00")
    subjects = [v.subject for v in open_repo(repo_dir).log("posts/b.md")]
    assert subjects[:2] == ["side edit", "side rename"]
    assert "merge pull request" not in subjects  # (it changed nothing of the file)


def test_history_keeps_gits_order_and_its_newest_version_within_a_limit(repo_dir):
    # (second review) the versions were sorted by their authors' dates: a
    # commit rebased today but written last week sank below older ones, and
    # history --limit 3 left the newest version out
    a = repo_dir / "posts" / "a.md"
    git(repo_dir, "checkout", "-q", "-b", "side")
    a.write_text("---\ntitle: A\n---\nside\n", encoding="utf-8")
    commit_all(repo_dir, "side edit", "2024-01-02T10:00:00+00:00")
    git(repo_dir, "checkout", "-q", "main")
    (repo_dir / "g.md").write_text("g\n", encoding="utf-8")
    commit_all(repo_dir, "other", "2024-01-02T11:00:00+00:00")
    git(repo_dir, "merge", "-q", "--no-ff", "--no-commit", "side")
    _dated_merge(repo_dir, "merge side", "2024-01-03T10:00:00+00:00")
    a.write_text("---\ntitle: A\n---\nside\nrebased\n", encoding="utf-8")
    git(repo_dir, "add", "-A")
    git(
        repo_dir,
        "commit",
        "-q",
        "-m",
        "rebased edit",
        GIT_AUTHOR_DATE="2023-12-25T10:00:00+00:00",  # (written before the rest)
        GIT_COMMITTER_DATE="2024-01-04T10:00:00+00:00",
    )
    repo = open_repo(repo_dir)
    subjects = [v.subject for v in repo.log("posts/a.md")]
    assert subjects[0] == "rebased edit" and subjects[-1] == "first"
    assert [v.subject for v in repo.log("posts/a.md", limit=2)] == subjects[:2]


def test_history_of_a_renamed_file_leaves_out_merges_of_a_new_file_of_its_old_name(repo_dir):
    # (second review) notes.md renamed archive.md, a new notes.md made: a
    # merge that changed the new one was listed as a version of archive.md
    git(repo_dir, "mv", "posts/a.md", "posts/archive.md")
    commit_all(repo_dir, "renamed", "2024-01-02T10:00:00+00:00")
    notes = repo_dir / "posts" / "a.md"
    notes.write_text("---\ntitle: New\n---\nnew\n", encoding="utf-8")
    commit_all(repo_dir, "a new a.md", "2024-01-03T10:00:00+00:00")
    git(repo_dir, "checkout", "-q", "-b", "side")
    (repo_dir / "s.md").write_text("s\n", encoding="utf-8")
    commit_all(repo_dir, "side", "2024-01-04T10:00:00+00:00")
    git(repo_dir, "checkout", "-q", "main")
    git(repo_dir, "merge", "-q", "--no-ff", "--no-commit", "side")
    notes.write_text("---\ntitle: New\n---\nnew, edited in the merge\n", encoding="utf-8")
    git(repo_dir, "add", "-A")
    _dated_merge(repo_dir, "merge editing the new a.md", "2024-01-05T10:00:00+00:00")
    subjects = [v.subject for v in open_repo(repo_dir).log("posts/archive.md")]
    assert subjects == ["renamed", "first"]


def test_history_of_a_file_renamed_away_and_back_keeps_its_later_merges(repo_dir):
    # (third review) a.md → b.md → a.md, then a merge editing a.md: the
    # merge was taken for one before the first rename, and left out
    git(repo_dir, "mv", "posts/a.md", "posts/b.md")
    commit_all(repo_dir, "to b", "2024-01-02T00:00:00+00:00")
    git(repo_dir, "mv", "posts/b.md", "posts/a.md")
    commit_all(repo_dir, "back to a", "2024-01-03T00:00:00+00:00")
    git(repo_dir, "checkout", "-q", "-b", "side")
    (repo_dir / "s.md").write_text("s\n", encoding="utf-8")
    commit_all(repo_dir, "side", "2024-01-04T00:00:00+00:00")
    git(repo_dir, "checkout", "-q", "main")
    git(repo_dir, "merge", "-q", "--no-ff", "--no-commit", "side")
    (repo_dir / "posts" / "a.md").write_text("---\ntitle: A\n---\nin the merge\n", encoding="utf-8")
    git(repo_dir, "add", "-A")
    _dated_merge(repo_dir, "merge editing a.md", "2024-01-05T00:00:00+00:00")
    repo = open_repo(repo_dir)
    subjects = [v.subject for v in repo.log("posts/a.md")]
    assert subjects == ["merge editing a.md", "back to a", "to b", "first"]
    # a limit lists the first of the same versions
    assert [v.subject for v in repo.log("posts/a.md", limit=2)] == subjects[:2]


@needs_git
def test_last_commit_times_of_many_paths_in_one_walk_agree_with_one_at_a_time(
    repo_dir, monkeypatch
):
    # (git attack) one `git log -1` per path: minutes for a bulk edit's
    # 2,000 articles in a long history, at every status update of the window
    names = ["posts/a.md", "posts/财经 b.md", "posts/\nleading newline.md", "posts/*.md"]
    for number, name in enumerate(names[2:]):
        (repo_dir / name).write_text(f"{number}\n", encoding="utf-8")
    commit_all(repo_dir, "more", "2024-02-01T09:00:00+00:00")
    git(repo_dir, "checkout", "-q", "-b", "side")
    (repo_dir / "posts" / "a.md").write_text("side\n", encoding="utf-8")
    commit_all(repo_dir, "side", "2024-03-01T09:00:00+00:00")
    git(repo_dir, "checkout", "-q", "main")
    (repo_dir / "posts" / "gone.md").write_text("x\n", encoding="utf-8")
    commit_all(repo_dir, "gone made", "2024-03-02T09:00:00+00:00")
    (repo_dir / "posts" / "gone.md").unlink()
    commit_all(repo_dir, "gone removed", "2024-03-03T09:00:00+00:00")
    env = {"GIT_AUTHOR_DATE": "2024-04-01T09:00:00+00:00"}
    git(repo_dir, "merge", "-q", "--no-ff", "-m", "merge side", "side",
        GIT_COMMITTER_DATE="2024-04-01T09:00:00+00:00", **env)  # fmt: skip
    repo = open_repo(repo_dir)
    asked = [*names, "posts/gone.md", "posts/never.md"]
    calls = []
    run = type(repo).run
    with monkeypatch.context() as patched:
        patched.setattr(
            type(repo), "run", lambda self, args, **kw: calls.append(args) or run(self, args, **kw)
        )
        times = repo.last_commit_times(asked, chunk=4, one_by_one=0)
    assert len(calls) == 2  # (one walk per chunk of paths)
    # the same as asked one at a time, where git stops at the first found
    assert times == repo.last_commit_times(asked, one_by_one=len(asked))
    day = {"2024-02-01": 1706778000.0, "2024-03-03": 1709456400.0, "2024-04-01": 1711962000.0}
    assert times == {
        "posts/a.md": day["2024-04-01"],  # (the merge that brought it to this branch)
        "posts/财经 b.md": 1704070800.0,
        "posts/\nleading newline.md": day["2024-02-01"],
        "posts/*.md": day["2024-02-01"],  # (a name, not a pattern)
        "posts/gone.md": day["2024-03-03"],  # (its removal)
        "posts/never.md": None,
    }
