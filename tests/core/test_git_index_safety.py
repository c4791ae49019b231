"""What the user's git holds is never lost to a commit, a restore or a pull
the app runs: a failed merge commit leaves the index as it was, a staged
removal stays staged, a restored version is what ``git checkout`` writes,
and a pull never opens an editor nor leaves a rebase half done."""

from __future__ import annotations

import pytest

from reader.core.library.changes import changed_articles, commit_articles
from reader.core.vcs.git import GitError, open_repo
from tests.gitrepo import commit_all, git, init_repo, needs_git

pytestmark = needs_git


def art(title: str, body: str = "body") -> str:
    return f"---\ntitle: {title}\n---\n\n{body}\n"


def _conflicted_merge(top):
    """A merge stopped on a conflict in a.md (then resolved by hand in the
    work tree, not added) with b.md partially staged beside it."""
    init_repo(top)
    (top / "a.md").write_text(art("A"))
    (top / "b.md").write_text(art("B", "one\n\ntwo"))
    commit_all(top, "base")
    git(top, "checkout", "-q", "-b", "other")
    (top / "a.md").write_text(art("A other"))
    commit_all(top, "other")
    git(top, "checkout", "-q", "main")
    (top / "a.md").write_text(art("A main"))
    commit_all(top, "main")
    git(top, "merge", "-q", "other", check=False)
    assert git(top, "ls-files", "-u", "a.md")  # stages 1, 2, 3
    (top / "a.md").write_text(art("A resolved"))  # by hand, not added
    (top / "b.md").write_text(art("B", "one staged\n\ntwo"))
    git(top, "add", "b.md")  # what the user staged of it ...
    (top / "b.md").write_text(art("B", "one staged\n\ntwo not staged"))  # ... and not
    return top


def _index_state(top) -> tuple[str, str, str]:
    return (
        git(top, "ls-files", "-s"),
        git(top, "status", "--porcelain"),
        git(top, "diff", "--cached", "b.md"),
    )


def _refusing_hook(top) -> None:
    hook = top / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint: refused' >&2\nexit 1\n")
    hook.chmod(0o755)


def test_a_refused_merge_commit_leaves_the_index_as_it_was(tmp_path, git_env):
    top = _conflicted_merge(tmp_path / "blog")
    before = _index_state(top)
    assert "UU a.md" in before[1] and "MM b.md" in before[1]
    _refusing_hook(top)
    repo = open_repo(top)
    head = repo.head()
    with pytest.raises(GitError, match="lint: refused"):
        commit_articles(top, repo, ["a.md", "b.md"], "merge")
    assert repo.head() == head and repo.merging()
    assert _index_state(top) == before  # still in conflict, b.md staged in part
    assert not list((top / ".git").glob("index*.lock"))
    assert not list((top / ".git").glob("index.article-reader-*"))  # no copy left behind


def test_a_merge_commit_whose_signing_fails_leaves_the_index_as_it_was(tmp_path, git_env):
    top = _conflicted_merge(tmp_path / "blog")
    git(top, "config", "commit.gpgsign", "true")
    git(top, "config", "gpg.program", "false")
    before = _index_state(top)
    repo = open_repo(top)
    with pytest.raises(GitError):
        repo.commit(["a.md", "b.md"], "merge")
    assert _index_state(top) == before
    assert not list((top / ".git").glob("index*.lock"))


def test_a_cancelled_merge_commit_leaves_the_index_as_it_was(tmp_path, git_env):
    top = _conflicted_merge(tmp_path / "blog")
    before = _index_state(top)
    marker = tmp_path / "hook-started"
    hook = top / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 300\n")
    hook.chmod(0o755)
    repo = open_repo(top)
    with pytest.raises(GitError, match="cancelled"):
        repo.commit(["a.md", "b.md"], "merge", cancel=marker.exists)
    assert _index_state(top) == before
    assert not list((top / ".git").glob("index*.lock"))
    hook.unlink()
    commit = repo.commit(["a.md", "b.md"], "merge")  # then it goes through
    assert len(git(top, "log", "-1", "--format=%P", commit).split()) == 2
    assert git(top, "show", f"{commit}:a.md") == art("A resolved")


def test_a_merge_commit_cancelled_once_it_landed_is_committed(tmp_path, git_env):
    # (review) the commit was made, and was said to have been cancelled: the
    # user was told it failed, and tried again
    top = _conflicted_merge(tmp_path / "blog")
    marker = tmp_path / "hook-started"
    hook = top / ".git" / "hooks" / "post-commit"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 300\n")
    hook.chmod(0o755)
    repo = open_repo(top)
    head = repo.head()
    commit = repo.commit(["a.md", "b.md"], "merge", cancel=marker.exists)
    assert commit != head and not repo.merging()
    assert len(git(top, "log", "-1", "--format=%P", commit).split()) == 2
    assert not list((top / ".git").glob("index*.lock"))


def test_a_merge_commit_that_works_is_unchanged(tmp_path, git_env):
    top = _conflicted_merge(tmp_path / "blog")
    repo = open_repo(top)
    commit, chosen = commit_articles(top, repo, ["a.md", "b.md"], "merge")
    assert chosen == ["a.md", "b.md"]
    assert git(top, "show", f"{commit}:b.md") == art("B", "one staged\n\ntwo not staged")
    assert git(top, "status", "--porcelain") == ""
    assert not list((top / ".git").glob("index.article-reader-*"))


def test_a_staged_removal_of_a_kept_file_is_left_as_the_user_made_it(tmp_path, git_env, capsys):
    from reader.cli import main

    top = init_repo(tmp_path / "blog")
    (top / "a.md").write_text(art("A"))
    (top / "c.md").write_text(art("C"))
    commit_all(top, "base")
    git(top, "rm", "-q", "--cached", "c.md")  # stop tracking it, keep the file
    assert git(top, "status", "--porcelain") == "D  c.md\n?? c.md\n"
    repo = open_repo(top)
    assert [c.path for c in changed_articles(top, repo)] == []
    assert main(["commit", str(top), "-m", "x"]) == 0
    captured = capsys.readouterr()
    assert "c.md" not in captured.out and "nothing to commit" in captured.err
    assert git(top, "status", "--porcelain") == "D  c.md\n?? c.md\n"  # still staged
    with pytest.raises(GitError, match="not a changed article"):
        commit_articles(top, repo, ["c.md"], "x")
    # beside an article that did change: only that one is committed
    (top / "a.md").write_text(art("A2"))
    assert main(["commit", str(top), "-m", "y"]) == 0
    assert capsys.readouterr().out.split() == ["a.md"]
    assert git(top, "show", "--name-only", "--format=", "HEAD").split() == ["a.md"]
    assert git(top, "status", "--porcelain") == "D  c.md\n?? c.md\n"


def _diverged(tmp_path, conflict: bool = False):
    """A clone with a commit of its own, behind a remote with another."""
    origin = init_repo(tmp_path / "origin")
    (origin / "a.md").write_text(art("A"))
    commit_all(origin, "base")
    top = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(top))
    (origin / "a.md").write_text(art("A remote"))
    commit_all(origin, "remote")
    if conflict:
        (top / "a.md").write_text(art("A local"))
    else:
        (top / "b.md").write_text(art("B"))
    commit_all(top, "local")
    return top


def _editor(tmp_path, marker):
    """An editor that says it ran (an interactive one would wait for the user)."""
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize(
    "settings",
    [
        {"pull.rebase": "interactive"},
        {"pull.rebase": "true", "sequence.editor": "EDITOR", "rebase.autoSquash": "true"},
        {"pull.rebase": "false", "pull.ff": "false"},  # a merge commit's message
    ],
)
def test_a_pull_never_opens_an_editor(tmp_path, git_env, monkeypatch, settings):
    for name in ("GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    top = _diverged(tmp_path)
    marker = tmp_path / "editor-ran"
    editor = _editor(tmp_path, marker)
    git(top, "config", "core.editor", editor)
    for key, value in settings.items():
        git(top, "config", key, editor if value == "EDITOR" else value)
    repo = open_repo(top)
    repo.pull()
    assert not marker.exists()
    assert not repo.rebasing() and not repo.merging()
    subjects = git(top, "log", "--format=%s").split("\n")
    assert {"local", "remote", "base"} <= set(subjects)
    assert (top / "a.md").read_text() == art("A remote")


def test_a_failed_pull_leaves_no_rebase_it_started(tmp_path, git_env):
    top = _diverged(tmp_path, conflict=True)
    git(top, "config", "pull.rebase", "true")
    repo = open_repo(top)
    head = repo.head()
    with pytest.raises(GitError, match="rebase the pull started was aborted"):
        repo.pull()
    assert not repo.rebasing()
    assert not (top / ".git" / "rebase-merge").exists()
    assert repo.head() == head and repo.branch() == "main"
    assert git(top, "status", "--porcelain") == ""
    assert (top / "a.md").read_text() == art("A local")


def test_a_cancelled_pull_leaves_no_rebase_it_started(tmp_path, git_env):
    top = _diverged(tmp_path)
    git(top, "config", "pull.rebase", "true")
    marker = tmp_path / "hook-started"
    hook = top / ".git" / "hooks" / "post-checkout"  # runs once the rebase has begun
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 300\n")
    hook.chmod(0o755)
    repo = open_repo(top)
    head = repo.head()
    with pytest.raises(GitError, match="cancelled"):
        repo.pull(cancel=marker.exists)
    assert not repo.rebasing()
    assert repo.head() == head and repo.branch() == "main"
    hook.unlink()
    repo.pull()  # the next pull works
    assert (top / "a.md").read_text() == art("A remote")


def test_a_version_to_restore_is_what_git_checkout_writes(tmp_path, git_env):
    top = init_repo(tmp_path / "blog")
    (top / ".gitattributes").write_text(
        "u.md text working-tree-encoding=UTF-16LE eol=crlf\nc.md text eol=crlf\n"
    )
    (top / "u.md").write_bytes(art("U 标题").replace("\n", "\r\n").encode("utf-16-le"))
    (top / "c.md").write_bytes(art("C").replace("\n", "\r\n").encode())
    (top / "p.md").write_bytes(art("P").encode())
    commit_all(top, "v1")
    git(top, "config", "filter.shout.smudge", "tr a-z A-Z")  # the user's own filter
    (top / ".gitattributes").write_text(
        "u.md text working-tree-encoding=UTF-16LE eol=crlf\nc.md text eol=crlf\np.md filter=shout\n"
    )
    repo = open_repo(top)
    head = repo.head()
    assert head is not None
    for name in ("u.md", "c.md"):
        assert repo.show(head, name, checkout=True) == (top / name).read_bytes()
    assert repo.show(head, "c.md") == art("C").encode()  # the display: as stored
    assert repo.show(head, "p.md", checkout=True) == art("P").upper().encode()
    assert repo.show(head, "p.md") == art("P").encode()
    with pytest.raises(GitError, match="more than"):
        repo.show(head, "u.md", 20, checkout=True)


def test_a_version_restored_with_autocrlf_can_be_committed(tmp_path, git_env):
    top = init_repo(tmp_path / "blog")
    git(top, "config", "core.autocrlf", "true")
    (top / "p.md").write_bytes(art("P1").replace("\n", "\r\n").encode())
    first = commit_all(top, "v1")
    (top / "p.md").write_bytes(art("P2").replace("\n", "\r\n").encode())
    commit_all(top, "v2")
    repo = open_repo(top)
    old = repo.show(first, "p.md", checkout=True)
    assert old == art("P1").replace("\n", "\r\n").encode()
    (top / "p.md").write_bytes(old)
    assert repo.commit(["p.md"], "restore v1")
    assert git(top, "status", "--porcelain") == ""


def test_the_sides_of_a_conflict_have_the_work_tree_line_ends(tmp_path, git_env):
    top = init_repo(tmp_path / "blog")
    (top / ".gitattributes").write_text("*.md text eol=crlf\n")
    (top / "p.md").write_bytes(art("Base").replace("\n", "\r\n").encode())
    commit_all(top, "base")
    git(top, "checkout", "-q", "-b", "other")
    (top / "p.md").write_bytes(art("Other").replace("\n", "\r\n").encode())
    commit_all(top, "other")
    git(top, "checkout", "-q", "main")
    (top / "p.md").write_bytes(art("Main").replace("\n", "\r\n").encode())
    commit_all(top, "main")
    git(top, "merge", "-q", "other", check=False)
    base, ours, theirs = open_repo(top).stages("p.md")
    assert base == art("Base").replace("\n", "\r\n").encode()
    assert ours == art("Main").replace("\n", "\r\n").encode()
    assert theirs == art("Other").replace("\n", "\r\n").encode()


def _git_conflict(top, style: str | None = None, crlf: bool = False):
    init_repo(top)
    if crlf:
        (top / ".gitattributes").write_text("*.md text eol=crlf\n")
    if style:
        git(top, "config", "merge.conflictStyle", style)
    (top / "p.md").write_text(art("P", "one\n\nbase"))
    commit_all(top, "base")
    git(top, "checkout", "-q", "-b", "feature/x")
    (top / "p.md").write_text(art("P", "one\n\ntheirs"))
    commit_all(top, "theirs")
    git(top, "checkout", "-q", "main")
    (top / "p.md").write_text(art("P", "one\n\nours"))
    commit_all(top, "ours")
    git(top, "merge", "-q", "feature/x", check=False)
    assert b"<<<<<<< HEAD" in (top / "p.md").read_bytes()
    return top


@pytest.mark.parametrize(
    ("style", "crlf"), [(None, False), ("diff3", False), ("zdiff3", True), ("merge", True)]
)
def test_a_conflict_as_git_left_it_is_not_edited(tmp_path, git_env, style, crlf):
    top = _git_conflict(tmp_path / "blog", style, crlf)
    repo = open_repo(top)
    current = (top / "p.md").read_bytes()
    assert not repo.edited_since_conflict("p.md", current)
    assert repo.edited_since_conflict("p.md", current.replace(b"one", b"one, edited"))
    assert repo.edited_since_conflict("p.md", current + b"\nA new paragraph.\n")
    assert repo.edited_since_conflict("p.md", art("P", "one\n\nresolved").encode())
