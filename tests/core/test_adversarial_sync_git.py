"""Adversarial review: the user's git, interrupted or in odd states."""

from __future__ import annotations

import pytest

from reader.core.vcs.git import MODIFIED, GitError, open_repo
from tests.gitrepo import commit_all, git, init_repo, needs_git

pytestmark = needs_git


@pytest.fixture
def repo_dir(tmp_path, git_env):
    folder = init_repo(tmp_path / "blog")
    (folder / "a.md").write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    commit_all(folder, "first")
    return folder


def test_an_interrupted_commit_stops_git_and_its_hook(repo_dir):
    # Ctrl+C during a commit whose hook hangs: the command said "interrupted"
    # but git (in a session of its own, out of the terminal's reach) went on
    # waiting for the hook, holding index.lock, and committed when it ended.
    hook = repo_dir / ".git" / "hooks" / "pre-commit"
    marker = repo_dir.parent / "hook-started"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 300\n")
    hook.chmod(0o755)
    (repo_dir / "a.md").write_text("changed\n", encoding="utf-8")
    repo = open_repo(repo_dir)

    def interrupt() -> bool:
        if marker.exists():  # the hook runs: the user presses Ctrl+C
            raise KeyboardInterrupt
        return False

    with pytest.raises(KeyboardInterrupt):
        repo.commit(["a.md"], "try", cancel=interrupt)
    assert not list((repo_dir / ".git").glob("*.lock"))  # git was stopped, its locks gone
    assert repo.status()["a.md"].kind == MODIFIED  # nothing committed
    hook.unlink()
    assert repo.commit(["a.md"], "again")


def test_a_refused_commit_leaves_the_index_as_it_was(repo_dir):
    # A commit git refuses (a team's hook, no identity) staged every chosen
    # file whole beforehand: a new file stayed added, and what the user had
    # staged of a file (git add -p) was replaced by all of it.
    (repo_dir / "a.md").write_text("---\ntitle: A\n---\nbody\nstaged\n", encoding="utf-8")
    git(repo_dir, "add", "a.md")  # what the user staged of it ...
    (repo_dir / "a.md").write_text("---\ntitle: A\n---\nbody\nstaged\nnot\n", encoding="utf-8")
    (repo_dir / "new.md").write_text("---\ntitle: New\n---\n", encoding="utf-8")
    before = git(repo_dir, "status", "--porcelain"), git(repo_dir, "diff", "--cached")
    assert before[0] == "MM a.md\n?? new.md\n"
    hook = repo_dir / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint: refused' >&2\nexit 1\n")
    hook.chmod(0o755)
    repo = open_repo(repo_dir)
    head = repo.head()
    with pytest.raises(GitError, match="lint: refused"):
        repo.commit(["a.md", "new.md"], "refused")
    assert repo.head() == head
    assert (git(repo_dir, "status", "--porcelain"), git(repo_dir, "diff", "--cached")) == before

    hook.unlink()  # and a commit that goes through takes both files whole
    commit = repo.commit(["a.md", "new.md"], "both")
    assert git(repo_dir, "show", "--name-only", "--format=", commit).split() == ["a.md", "new.md"]
    assert git(repo_dir, "show", f"{commit}:a.md").endswith("staged\nnot\n")
    assert git(repo_dir, "status", "--porcelain") == ""
