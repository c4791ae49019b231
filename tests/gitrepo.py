"""Real git repositories in tmp folders for the tests, independent of the
machine's git configuration (no global or system config; a fixed author)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def git_env(tmp_path_factory, monkeypatch) -> dict[str, str]:
    """An environment whose git knows nothing of the machine's settings."""
    home = tmp_path_factory.mktemp("git-home")
    config = home / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    values = {
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ann Author",
        "GIT_AUTHOR_EMAIL": "ann@example.org",
        "GIT_COMMITTER_NAME": "Ann Author",
        "GIT_COMMITTER_EMAIL": "ann@example.org",
        "GIT_AUTHOR_DATE": "2024-03-01T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2024-03-01T10:00:00+08:00",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def git(cwd: Path, *args: str, check: bool = True, **env: str) -> str:
    """Run git in ``cwd`` (the test's own hand, not the code under test)."""
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def init_repo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    return folder


def commit_all(folder: Path, message: str, when: str | None = None) -> str:
    git(folder, "add", "-A")
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    git(folder, "commit", "-q", "-m", message, **env)
    return git(folder, "rev-parse", "HEAD").strip()


@pytest.fixture
def no_git(monkeypatch, tmp_path_factory) -> None:
    """A PATH on which there is no git at all."""
    empty = tmp_path_factory.mktemp("no-git-bin")
    monkeypatch.setenv("PATH", str(empty))


def signed_commit(folder: Path, subject: str) -> str:
    """Commit the index as a commit that carries a (fake) signature, made by
    hand so no key is needed; returns its hash.  ``git log
    --show-signature`` then has something to give ``gpg.program``."""
    parent = git(folder, "rev-parse", "HEAD").strip()
    tree = git(folder, "write-tree").strip()
    text = (
        f"tree {tree}\nparent {parent}\n"
        "author Ann Author <ann@example.org> 1700000000 +0000\n"
        "committer Ann Author <ann@example.org> 1700000000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n"
        f"\n{subject}\n"
    )
    result = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=folder,
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    commit = result.stdout.strip()
    git(folder, "update-ref", "HEAD", commit)
    return commit
