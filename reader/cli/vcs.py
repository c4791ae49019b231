"""Git from the command line: ``history FILE`` and ``commit LIBRARY -m MSG``.
They run the user's own ``git`` (reader.core.vcs); without it, or outside a
work tree, they exit 3 with a message that says which."""

from __future__ import annotations

import argparse
import os
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_FILE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Command,
    SubParsers,
    err,
    err_block,
    limit_value,
    not_a_file,
    path_value,
    printable,
    refuse_missing_folder,
    say,
    write_json_line,
)

if TYPE_CHECKING:
    from reader.core.library.changes import EditedPaths


def edit_log(library_root: str) -> EditedPaths | None:
    """What the app edited on this device (the reading-state store's
    ``edited_paths()``)."""
    from reader.cli.state import device_edits

    return device_edits(library_root)


def _git_error(exc: Exception) -> None:
    """Git's message as lines, its tab-indented advice (``\tgit config
    --global --add safe.directory …``) indented with spaces, not shown as
    ``\t`` (a tab further in a line is still shown as ``\t``)."""
    lines = str(exc).split("\n")
    err_block("\n".join(_INDENT.sub(lambda m: "    " * len(m.group()), line) for line in lines))


_INDENT = re.compile(r"^\t+")


def cmd_history(args: argparse.Namespace) -> int:
    from reader.core.vcs.git import GitError, open_repo

    if args.limit is not None and args.limit < 0:  # (0 lists nothing, as for list and search)
        err("article-reader history: error: --limit must be 0 or more")
        return EXIT_USAGE
    path = os.path.abspath(args.file)
    reason = not_a_file(path, "not a file")  # (what it is: a folder, a FIFO…)
    if reason is not None:
        err(printable(f"error: {args.file}: {reason}"))
        return EXIT_FILE
    try:
        repo = open_repo(path)
        rel = repo.relative(path)
        versions = repo.log(rel, limit=args.limit)
    except GitError as exc:  # git's message may be several lines
        _git_error(exc)
        return EXIT_FILE
    for version in versions:
        if args.json:
            write_json_line(
                {
                    "commit": version.commit,
                    "date": version.date.isoformat(),
                    "author": version.author,
                    "email": version.email,
                    "subject": version.subject,
                    "path": version.path,
                }
            )
        elif version.path != rel:  # (before a rename: its name then)
            print(printable(f"{version.line()}  (as {version.path})"))
        else:
            print(printable(version.line()))
    if not versions and args.limit != 0:
        err(printable(f"{args.file}: no committed versions"))
    return EXIT_OK


# After this long, a git command that still runs is said to (its hooks: a
# pre-commit hook that hung kept `commit` silent for its whole 10 minutes).
SLOW_GIT_SECONDS = 5.0


def _said_when_slow(what: str) -> Callable[[], bool]:
    """A ``cancel`` for git that never cancels, but says once, after
    :data:`SLOW_GIT_SECONDS`, that ``what`` still runs and how to stop it."""
    started = time.monotonic()
    said = False

    def check() -> bool:
        nonlocal said
        if not said and time.monotonic() - started > SLOW_GIT_SECONDS:
            said = True
            err(f"{what} is still running (its hooks); Ctrl+C stops it")
        return False

    return check


def cmd_commit(args: argparse.Namespace) -> int:
    from reader.core.library.changes import (
        changed_articles,
        commit_articles,
        edited_since_commit,
    )
    from reader.core.vcs.git import GitError, open_repo

    if any(not message.strip() for message in args.message):
        err("article-reader commit: error: the message (-m) must not be empty")
        return EXIT_USAGE
    # (-m a -m b: two paragraphs, as git commit makes them)
    args.message = "\n\n".join(message.strip("\n") for message in args.message)
    root = os.path.abspath(args.library)
    if refuse_missing_folder(args.library) is not None:
        return EXIT_FILE
    try:
        repo = open_repo(root)
        articles = changed_articles(root, repo)
        changed = [c.path for c in articles]
        if args.only_edited:
            log = edit_log(root)
            if log is None:
                err(
                    "error: --only-edited needs the device's record of what the app edited "
                    "(the reading-state store), which this build does not have; "
                    "run without --only-edited to commit every changed article"
                )
                return EXIT_FILE
            changed = edited_since_commit(repo, articles, log)
            if not changed and articles:
                err(printable(_none_edited(args.library, log, len(articles))))
                return EXIT_OK
        if not changed:
            err("nothing to commit: no changed articles")
            return EXIT_OK
        commit, committed = commit_articles(
            root, repo, changed, args.message, cancel=_said_when_slow("git commit")
        )
    except GitError as exc:  # git's message may be several lines
        _git_error(exc)
        return EXIT_FILE
    for path in committed:
        say(printable(path))
    err(f"committed {len(committed)} article(s) as {commit[:8]}")
    left = [path for path in changed if path not in committed]
    for path in left:  # (never said to be committed when the commit does not hold it)
        err(printable(f"error: {path}: not committed: {commit[:8]} does not hold it as it is"))
    try:
        detached = repo.branch() is None
        rebasing = detached and repo.rebasing()
    except GitError:
        detached = rebasing = False
    if rebasing:  # (the advice below would be wrong: the rebase puts it on its branch)
        err(
            f"note: a rebase is in progress: {commit[:8]} goes onto the branch when it "
            "ends; go on with: git rebase --continue"
        )
    elif detached:
        err(
            f"warning: HEAD is detached: {commit[:8]} is on no branch; "
            f"keep it with: git branch NAME {commit[:8]}"
        )
    return EXIT_PROBLEMS if left else EXIT_OK


def _none_edited(library: str, log: EditedPaths, count: int) -> str:
    """Why ``--only-edited`` found nothing among ``count`` changed articles
    of ``library``, and how to commit them: not a bare "no changed
    articles" when there are some."""
    from reader.core.library.root import STATE_FOLDER, find_library_root, has_state_folder

    left = f"{count} changed article(s) left out; commit them without --only-edited"
    if set(log.edited_paths()):
        why = "none of its changed articles was edited by this app since it was last committed"
    else:
        why = "no edits made by this app on this device are recorded for it"
        if not has_state_folder(find_library_root(library)):  # (kept only beside the state)
            why += f" (they are recorded only in a library that has a {STATE_FOLDER} folder)"
    return f"nothing to commit in {library}: {why}; {left}"


def register(sub: SubParsers, commands: dict[str, Command]) -> None:
    p = sub.add_parser("history", help="list the git versions of an article")
    p.add_argument("file", metavar="FILE", type=path_value)
    p.add_argument("--json", action="store_true", help="one JSON object per version per line")
    p.add_argument(
        "--limit", type=limit_value, metavar="N", help="at most N versions (0: none; default: all)"
    )
    commands["history"] = cmd_history

    p = sub.add_parser(
        "commit",
        help="git commit the changed articles of a library",
        description="Commit every changed article inside LIBRARY (never a file outside it) "
        "with the user's own git, hooks and signing.",
    )
    p.add_argument("library", metavar="LIBRARY", type=path_value, help="the library folder")
    p.add_argument(
        "-m",
        "--message",
        required=True,
        action="append",
        metavar="MSG",
        help="the commit message (given again, another paragraph, as git takes it)",
    )
    p.add_argument(
        "--only-edited",
        action="store_true",
        help="only the articles this app edited on this device",
    )
    commands["commit"] = cmd_commit
