"""The user's own ``git``, so that their configuration, hooks, credentials
and signing apply to what they ask for: a commit, a pull, a push.  No Qt
here.

What the app runs by itself (opening a library, the status it keeps up to
date, an article's history and old versions) is *hardened*: the
repository's own ``.git/config`` arrives with the library (a synced folder,
a shared drive, a clone someone else set up) and must not get a program
run just because the library was opened.  (``core.fsmonitor`` is off
for what the user asks for too: it only speeds a status up.)  Those calls
switch off every setting that would: ``core.fsmonitor`` (run by status), hooks
(``core.hooksPath`` pointed at nothing), ``log.showSignature`` (runs
``gpg.program``), diff drivers and external diffs (``--no-textconv
--no-ext-diff``), the pager (``--no-pager``), and any transport
(``GIT_ALLOW_PROTOCOL`` empty, ``GIT_NO_LAZY_FETCH``: a partial clone would
fetch a missing object through ssh, credential helpers or a remote
helper).  A status also compares files' content, through the clean filter
their attributes name: every filter driver the configuration defines is
switched off for it (a name git cannot be told on its command line, with
an ``=``, stops the status with an error instead).  What is left: a file
under a filter whose stat data changed may show as modified when only the
filter would have made it equal; and whatever the *user's* global and
system configuration runs (trusted, as for any git they run).

A FIFO where git would read first is named before git runs, and git seen
waiting to open one is stopped at once (:mod:`reader.core.vcs.waits`).

Every call runs ``git`` directly (never through a shell) with a timeout,
``-c core.quotepath=off`` and ``-z`` output where git offers it, and
``--literal-pathspecs``, so a file named ``:(glob)*`` or ``*.md`` is only
ever that file.  Credentials are never prompted for on a terminal
(``GIT_TERMINAL_PROMPT=0``, and git runs without one: ssh then asks through
its askpass program, or fails): a pull that needs a password fails with git's
own message, shown verbatim.

Paths given to and returned by a :class:`Repo` are relative to the work
tree's top folder, in posix form, unless a method says otherwise.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from reader.core.article.limits import MAX_ARTICLE_BYTES, describe_size
from reader.core.article.model import ArticleError
from reader.core.common.tasks import Cancel
from reader.core.vcs.waits import fifo_wait, waiting_file

__all__ = [
    "COMMIT_TIMEOUT",
    "GIT_TIMEOUT",
    "NETWORK_TIMEOUT",
    "FileStatus",
    "GitError",
    "GitUnavailable",
    "Repo",
    "Version",
    "find_git",
    "open_repo",
]

GIT_TIMEOUT = 60.0
"""Seconds a local git command may take (status, log, show, commit)."""

NETWORK_TIMEOUT = 900.0
"""Seconds a pull or push may take before it is stopped."""

COMMIT_TIMEOUT = 600.0
"""Seconds a commit may take: hooks run, and signing may ask for a passphrase."""

NEW = "new"  # added to the index, not in the last commit
MODIFIED = "modified"
UNTRACKED = "untracked"
DELETED = "deleted"
RENAMED = "renamed"
CONFLICTED = "conflicted"
REMOVED = "removed"  # staged for removal, the file kept in the work tree (git rm --cached)


class GitError(ArticleError):
    """A git command failed; ``message`` is git's own error, verbatim."""


class GitUnavailable(GitError):
    """There is no ``git`` to run, or the folder is not inside a work tree."""


@dataclass(frozen=True, slots=True)
class FileStatus:
    """One path's state against the last commit.  ``kind`` is one of
    ``new``, ``modified``, ``untracked``, ``deleted``, ``renamed``,
    ``conflicted``, ``removed`` (staged for removal while the file is kept:
    ``git rm --cached``, whose ``??`` line git also gives); ``code`` is
    git's two letters (``" M"``, ``"??"``…, ``"D "`` for ``removed``);
    ``original`` is the old path of a rename."""

    path: str
    kind: str
    code: str
    original: str | None = None


@dataclass(frozen=True, slots=True)
class Version:
    """One commit in a file's history; ``path`` is the file's name in that
    commit (``log --follow`` goes through renames).  ``parent`` is the
    commit's first parent (``None``: the first commit) and ``parent_path``
    the file's name there (``None``: the commit made the file): what the
    version changed is the difference from that one, not from the version
    listed after it, which may be another branch's."""

    commit: str
    author: str
    email: str
    date: datetime
    subject: str
    path: str
    parent: str | None = None
    parent_path: str | None = None

    @property
    def short(self) -> str:
        return self.commit[:8]

    def line(self) -> str:
        """``SHORT DATE AUTHOR SUBJECT``: one line per version."""
        return f"{self.short} {self.date.isoformat()} {self.author}  {self.subject}"


def find_git() -> str | None:
    """The ``git`` executable on the ``PATH``, or ``None``."""
    return shutil.which("git")


_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console flashes up


# Where git finds the repository, its index and objects (``git rev-parse
# --local-env-vars`` less the configuration): set when the app or the CLI is
# started from a git hook or alias, they would point at another repository.
_LOCATION_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",
    "GIT_SHALLOW_FILE",
    "GIT_PREFIX",
    "GIT_INTERNAL_SUPER_PREFIX",
    "GIT_NAMESPACE",
)


# What would overrule the calls' own settings: the other pathspec magics
# (with GIT_LITERAL_PATHSPECS every git call failed: "global 'literal'
# pathspec setting is incompatible"), and GIT_CONFIG, which only ``git
# config`` reads: the filter drivers were listed from that file, to be
# switched off, while ``git status`` ran the repository's own.
_OVERRULED_VARIABLES = (
    "GIT_GLOB_PATHSPECS",
    "GIT_NOGLOB_PATHSPECS",
    "GIT_ICASE_PATHSPECS",
    "GIT_CONFIG",
)


def _environment(hardened: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password on a terminal
    env["GIT_LITERAL_PATHSPECS"] = "1"
    # A status in the background never takes index.lock to refresh the index,
    # so the user's own git (or the app's commit) never finds it locked.
    env["GIT_OPTIONAL_LOCKS"] = "0"
    # Never an editor: git runs without a terminal, and a pull whose rebase
    # is interactive (pull.rebase=interactive) waited on one until stopped.
    # ":" takes the text as it is (the todo list, a message).
    env["GIT_EDITOR"] = ":"
    env["GIT_SEQUENCE_EDITOR"] = ":"
    env["GIT_MERGE_AUTOEDIT"] = "no"
    for name in _LOCATION_VARIABLES:  # the folder decides, not what a shell or hook left
        env.pop(name, None)
    for name in _OVERRULED_VARIABLES:
        env.pop(name, None)
    if hardened:
        # No transport at all (this overrides every protocol.*.allow).
        env["GIT_ALLOW_PROTOCOL"] = ""
        env["GIT_NO_LAZY_FETCH"] = "1"  # git 2.44+; older ones stop at the protocol
    return env


# What a hardened call switches off (see the module's docstring); given on
# the command line, which outranks every configuration file.
_HARDENED = (
    "--no-pager",
    "-c",
    "core.fsmonitor=",  # empty: off, for the boolean (2.36+) and the hook (older) forms
    "-c",
    f"core.hooksPath={os.devnull}",  # no hook can be found there
    "-c",
    "log.showSignature=false",
    "-c",
    "core.sshCommand=false",
    "-c",
    "credential.helper=",  # an empty value resets the list of helpers
)


# Off for what the user asks for too: a speed-up of status, never needed,
# and the one setting of a repository's own .git/config that runs a
# program on every index refresh (a library sent with a .git folder).
_ALWAYS = ("-c", "core.fsmonitor=")


def _command(git: str, args: Sequence[str], hardened: bool) -> list[str]:
    return [git, *(_HARDENED if hardened else _ALWAYS), "-c", "core.quotepath=off", *args]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _message(result: subprocess.CompletedProcess[bytes]) -> str:
    text = _decode(result.stderr or b"").strip() or _decode(result.stdout or b"").strip()
    if "user.email" in text and "user.name" in text and "git config" in text:
        # (git's ten lines of "Author identity unknown … Please tell me who
        # you are", in any language: its commands are never translated)
        return NO_IDENTITY
    return text or f"git exited with status {result.returncode}"


#: What a commit with no author known to git says, in one line.
NO_IDENTITY = (
    "git knows no author to commit as: set one with "
    'git config --global user.name "Your Name" and '
    "git config --global user.email you@example.com "
    "(without --global, for this repository alone)"
)


def _run(
    git: str,
    cwd: str | os.PathLike,
    args: Sequence[str],
    *,
    timeout: float = GIT_TIMEOUT,
    stdin: bytes | None = None,
    check: bool = True,
    what: str | os.PathLike | None = None,
    cancel: Cancel | None = None,
    hardened: bool = True,
) -> subprocess.CompletedProcess[bytes]:
    command = _command(git, args, hardened)
    waiting = waiting_file(Path(os.path.abspath(os.fspath(cwd))))
    if waiting is not None:
        path, kind = waiting
        raise GitError(
            f"git would wait on {path}: it is {kind}, not a regular file; git not run",
            what or cwd,
        )
    try:
        proc = subprocess.Popen(
            command,
            cwd=os.fspath(cwd),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(hardened),
            start_new_session=True,  # no terminal to prompt on: ssh asks via askpass or fails
            creationflags=_NO_WINDOW,
        )
    except FileNotFoundError:
        raise GitUnavailable("git is not installed (no 'git' on the PATH)", what or cwd) from None
    except OSError as exc:
        raise GitUnavailable(f"cannot run git: {exc.strerror or exc}", what or cwd) from None
    with proc:
        try:
            out, err = _communicate(proc, stdin or b"", timeout, cancel)
        except subprocess.TimeoutExpired:
            _kill(proc)
            proc.wait()
            message = f"git {args[0]} did not finish within {timeout:g} s; stopped"
            raise GitError(message, what or cwd) from None
        except _Cancelled:
            _kill(proc)
            proc.wait()
            raise GitError(f"git {args[0]} was cancelled", what or cwd) from None
        except _WaitsOnFifo as stuck:
            _kill(proc)
            proc.wait()
            name = f"{stuck.name}, " if stuck.name else ""
            message = f"git {args[0]} waited to open {name}a FIFO (named pipe); stopped"
            raise GitError(message, what or cwd) from None
        except BaseException:
            # Ctrl+C (KeyboardInterrupt) or any error here: git runs in a
            # session of its own, so the terminal's interrupt never reaches
            # it; left running, a commit waiting on a hook kept index.lock
            # and landed minutes after the command said "interrupted".
            _kill(proc)
            raise
    result = subprocess.CompletedProcess(command, proc.returncode, out, err)
    if check and result.returncode != 0:
        raise GitError(_message(result), what or cwd)
    return result


class _Cancelled(Exception):
    pass


class _WaitsOnFifo(Exception):
    def __init__(self, name: str | None) -> None:
        super().__init__(name)
        self.name = name


_POLL = 0.25  # seconds between looks at ``cancel`` while git runs


class _Pump:
    """Reads a pipe of git's to its end on a thread of its own, and closes
    it there; what came so far is :meth:`data`.  With ``sink``, each chunk
    is put there too as it comes."""

    def __init__(self, stream: IO[bytes], sink: queue.SimpleQueue[bytes] | None = None) -> None:
        self._chunks: list[bytes] = []
        self._sink = sink
        self.done = threading.Event()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while chunk := stream.read1(1 << 16):  # type: ignore[attr-defined]
                self._chunks.append(chunk)
                if self._sink is not None:
                    self._sink.put(chunk)
        except (OSError, ValueError):
            pass
        finally:
            with contextlib.suppress(OSError):
                stream.close()
            self.done.set()

    def data(self) -> bytes:
        return b"".join(list(self._chunks))


def _feed(stream: IO[bytes], data: bytes) -> None:
    """Write ``data`` to git's standard input on a thread of its own, then
    close it (git may stop reading: its input is then dropped)."""

    def write() -> None:
        with contextlib.suppress(OSError, ValueError):
            try:
                stream.write(data)
            finally:
                stream.close()

    threading.Thread(target=write, daemon=True).start()


def _pumps(
    proc: subprocess.Popen[bytes], sink: queue.SimpleQueue[bytes] | None = None
) -> tuple[_Pump, _Pump]:
    """Pumps for git's output and errors (``sink`` takes the errors as they
    come); the pipes are theirs from now on (``proc`` no longer closes them:
    a pipe a thread reads is not closed under it)."""
    assert proc.stdout is not None and proc.stderr is not None
    out, err = _Pump(proc.stdout), _Pump(proc.stderr, sink)
    proc.stdout = proc.stderr = None
    return out, err


# Once git itself has exited, its pipes are read this much longer at most: a
# hook's job left running in the background (a post-commit hook's
# ``notify &``) holds them open as long as it runs, and git does not wait
# for it either.  A command that waited for the pipes to close said that a
# commit made minutes before had failed, when its time ran out.
_HELD_OUTPUT = 2.0


def _communicate(
    proc: subprocess.Popen[bytes], stdin: bytes, timeout: float, cancel: Cancel | None
) -> tuple[bytes, bytes]:
    """Git's output and errors, once it has exited, within ``timeout``
    (:class:`subprocess.TimeoutExpired`), looking every quarter second at
    ``cancel`` (so a hook that hangs never holds up the caller, closing the
    window or opening another library, beyond that) and at whether git
    waits to open a FIFO (:func:`~reader.core.vcs.waits.fifo_wait`).  The
    output is what git wrote before it exited (see :data:`_HELD_OUTPUT`)."""
    out, err = _pumps(proc)
    assert proc.stdin is not None
    _feed(proc.stdin, stdin)
    proc.stdin = None
    deadline = time.monotonic() + timeout
    first = True
    while True:
        if cancel is not None and cancel():
            raise _Cancelled
        if not first:
            fifo = fifo_wait(proc.pid)
            if fifo is not None:
                raise _WaitsOnFifo(fifo[0])
        first = False
        left = deadline - time.monotonic()
        try:
            proc.wait(min(_POLL, max(left, 0.0)))
        except subprocess.TimeoutExpired:
            if left <= 0:
                raise subprocess.TimeoutExpired(proc.args, timeout) from None
            continue
        held = time.monotonic() + _HELD_OUTPUT
        for pump in (out, err):
            pump.done.wait(max(held - time.monotonic(), 0.0))
        return out.data(), err.data()


_GRACE = 3.0  # seconds git has to remove its lock files after SIGTERM


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Stop git and whatever it started (hooks, ssh): its whole process
    group.  First politely, so git removes its ``index.lock`` (a killed git
    leaves the repository locked for every later command), then for good."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (AttributeError, OSError):  # no process groups (Windows), or already gone
        with contextlib.suppress(OSError):
            proc.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(_GRACE)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # what is left of the group (a stuck hook)
    except (AttributeError, OSError):
        with contextlib.suppress(OSError):
            proc.kill()


def open_repo(path: str | os.PathLike, git: str | None = None) -> Repo:
    """The git work tree that holds ``path`` (a file or folder).  Raises
    :class:`GitUnavailable` when git is not installed or ``path`` is not in a
    work tree, with a message that says which."""
    executable = git or find_git()
    start = Path(os.path.abspath(os.fspath(path)))
    if executable is None:
        raise GitUnavailable("git is not installed (no 'git' on the PATH)", start)
    folder = start if start.is_dir() else start.parent
    if not folder.is_dir():
        raise GitUnavailable("no such folder", folder)
    result = _run(executable, folder, ["rev-parse", "--show-toplevel"], check=False, what=start)
    if result.returncode != 0:
        message = _message(result)
        if "not a git repository" in message.lower() or not message.strip():
            raise GitUnavailable("not inside a git work tree", start)
        raise GitUnavailable(message, start)  # e.g. "detected dubious ownership", verbatim
    top = _decode(result.stdout).removesuffix("\n")
    if not top:
        raise GitUnavailable("not inside a git work tree (a bare repository?)", start)
    return Repo(Path(top), executable)


_STATUS_KINDS = {"A": NEW, "M": MODIFIED, "T": MODIFIED, "D": DELETED, "R": RENAMED, "C": NEW}
_UNMERGED = {"DD", "AU", "UD", "UA", "DU", "AA", "UU"}


def _kind(code: str) -> str:
    if code == "??":
        return UNTRACKED
    if code in _UNMERGED:
        return CONFLICTED
    index, tree = code[0], code[1]
    if index in ("A", "C"):
        return NEW  # new in the index, maybe modified again since
    if "R" in code:
        return RENAMED
    if "D" in code:
        return DELETED
    return _STATUS_KINDS.get(tree if tree != " " else index, MODIFIED)


_HASH = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # a commit (SHA-1 or SHA-256)
_PROGRESS_SPLIT = re.compile(rb"[\r\n]")


def _unlabelled(text: bytes, size: int) -> bytes:
    """``text`` with each conflict marker's label taken off (``<<<<<<< HEAD``
    becomes ``<<<<<<<``)."""
    pattern = rb"^([<|>])\1{%d}(?:[ \t][^\n]*)?$" % (size - 1)
    return re.sub(pattern, lambda m: m.group(1) * size, text, flags=re.MULTILINE)


def _nul_list(paths: Iterable[str]) -> bytes:
    """Paths for ``--pathspec-from-file=- --pathspec-file-nul``."""
    return b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)


@dataclass(frozen=True, slots=True)
class Repo:
    """A git work tree: ``root`` is its top folder, ``git`` the executable."""

    root: Path
    git: str

    def run(
        self,
        args: Sequence[str],
        *,
        timeout: float = GIT_TIMEOUT,
        stdin: bytes | None = None,
        check: bool = True,
        cancel: Cancel | None = None,
        hardened: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``git ARGS`` in the work tree (no shell, with ``timeout``;
        stopped, with its hooks, as soon as ``cancel`` says so).  Hardened
        (see the module's docstring) unless ``hardened`` is false: only for
        what the user asked for, which runs their hooks and signing."""
        return _run(
            self.git,
            self.root,
            args,
            timeout=timeout,
            stdin=stdin,
            check=check,
            cancel=cancel,
            hardened=hardened,
        )

    # -- paths -------------------------------------------------------------------------

    def relative(self, path: str | os.PathLike) -> str:
        """``path`` (absolute, or relative to the top) as a top-relative posix path."""
        text = os.fspath(path)
        if not os.path.isabs(text):
            return Path(text).as_posix()
        real = os.path.realpath(text)
        root = os.path.realpath(self.root)
        rel = os.path.relpath(real, root)
        if rel == os.curdir:
            return ""
        if rel.startswith(os.pardir):
            raise GitError("not inside the git work tree", path)
        return Path(rel).as_posix()

    def absolute(self, rel: str) -> Path:
        return self.root.joinpath(*rel.split("/"))

    # -- state -------------------------------------------------------------------------

    def head(self) -> str | None:
        """The last commit's hash, or ``None`` before the first commit."""
        result = self.run(["rev-parse", "--verify", "-q", "HEAD"], check=False)
        return _decode(result.stdout).strip() or None if result.returncode == 0 else None

    def branch(self) -> str | None:
        """The checked-out branch's name, or ``None`` on a detached HEAD (a
        commit made there is on no branch, easily lost)."""
        result = self.run(["symbolic-ref", "-q", "--short", "HEAD"], check=False)
        name = _decode(result.stdout).strip()
        return name if result.returncode == 0 and name else None

    def rebasing(self) -> bool:
        """True while a rebase has stopped (at a conflict, an ``edit``): HEAD
        is detached meanwhile, and what is committed goes onto the branch
        when ``git rebase --continue`` ends it."""
        args = ["rev-parse", "--git-path", "rebase-merge", "--git-path", "rebase-apply"]
        result = self.run(args, check=False)
        if result.returncode != 0:
            return False
        for line in filter(None, _decode(result.stdout).splitlines()):
            folder = self.root / line  # (relative to the top, unless git gave it absolute)
            if folder.is_dir() and not (folder / "applying").exists():  # ("applying": git am's)
                return True
        return False

    def marker_sizes(self, paths: Sequence[str]) -> dict[str, int]:
        """The conflict markers' length git writes in each of ``paths``
        (top-relative) that sets another than 7 (the attribute
        ``conflict-marker-size``; ``.gitattributes`` is read, nothing runs)."""
        if not paths:
            return {}
        result = self.run(
            ["check-attr", "-z", "--stdin", "conflict-marker-size"],
            check=False,
            stdin=_nul_list(paths),
        )
        fields = result.stdout.split(b"\0") if result.returncode == 0 else []
        sizes = {}
        for path, _, value in zip(fields[0::3], fields[1::3], fields[2::3], strict=False):
            # any positive size git writes (more digits than a file could hold
            # markers of: no file holds them)
            if value.isdigit() and len(value) <= 12 and int(value) not in (0, 7):
                sizes[_decode(path)] = int(value)
        return sizes

    def merging(self) -> bool:
        """True while a merge waits to be committed."""
        result = self.run(["rev-parse", "-q", "--verify", "MERGE_HEAD"], check=False)
        return result.returncode == 0

    def status(self, under: Iterable[str] = ()) -> dict[str, FileStatus]:
        """Every changed, new or untracked file (each untracked file, not its
        folder), optionally only ``under`` the given top-relative paths.
        Submodules are not looked into (git would run a status in each,
        under its own configuration)."""
        args = [
            *self._filters_off(),
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--ignore-submodules=all",
        ]
        paths = [p for p in under]
        if paths:
            args += ["--", *[p or "." for p in paths]]
        out = self.run(args).stdout
        fields = out.split(b"\0")
        found: dict[str, FileStatus] = {}
        i = 0
        while i < len(fields):
            entry = fields[i]
            i += 1
            if len(entry) < 4:
                continue
            code = _decode(entry[:2])
            path = _decode(entry[3:])
            original = None
            if code[0] in "RC":  # the old path follows (only without --no-renames)
                original = _decode(fields[i]) if i < len(fields) else None
                i += 1
            status = FileStatus(path, _kind(code), code, original)
            earlier = found.get(path)
            if earlier is not None and "??" in (code, earlier.code):
                # "D " and "??": removed from the index, kept in the work tree
                # (git rm --cached): not a new file to add back
                staged = earlier if code == "??" else status
                status = FileStatus(path, REMOVED, staged.code, staged.original)
            found[path] = status
        return found

    def _filters_off(self) -> list[str]:
        """``-c`` options that switch off every filter driver the
        configuration defines: a status runs a changed file's clean filter
        to compare it, and the name a file's attributes give is anyone's.
        The user's own drivers too (git-lfs reads the repository's
        configuration, whose ``lfs.extension`` entries run programs).  A
        driver whose name git cannot take on its command line (it holds an
        ``=``) raises :class:`GitError` naming the file that defines it:
        nothing is run rather than it."""
        result = self.run(
            ["config", "-z", "--show-origin", "--name-only", "--get-regexp", r"^filter\..+\."],
            check=False,
        )
        if result.returncode not in (0, 1):  # 1: none defined
            raise GitError(_message(result), self.root)
        fields = [_decode(field) for field in result.stdout.split(b"\0")]
        names: dict[str, str] = {}
        for origin, key in zip(fields[::2], fields[1::2], strict=False):
            names.setdefault(key.rpartition(".")[0][len("filter.") :], origin)
        options = []
        for name, origin in sorted(names.items()):
            if "=" in name:
                where = origin.removeprefix("file:") if origin.startswith("file:") else ""
                raise GitError(
                    f"the configuration defines a filter driver {name!r} that git cannot be "
                    "told to skip; it would run on a status, so nothing was run",
                    self.root / where if where else self.root,
                )
            for key, value in (("clean", ""), ("smudge", ""), ("process", ""), ("required", "0")):
                options += ["-c", f"filter.{name}.{key}={value}"]
        return options

    # -- history -------------------------------------------------------------------------

    def log(self, path: str, limit: int | None = None) -> list[Version]:
        """The commits that changed ``path`` (top-relative), newest first,
        following renames (``git log --follow``), not copies: the history
        stops where the file was made as a copy of another, that stayed.
        The merge commits that changed the file against their first parent
        are among them (a conflict resolved, an edit made in the merge):
        ``--follow`` alone leaves every merge out.  They are asked for on
        their own: with ``--diff-merges`` the follow went on under the old
        name at a merge, and a merged branch's rename and edits were lost."""
        found = self._log(path, limit, ["--follow", "--root"])
        if found is None:
            return []
        # a merge against its first parent (git 2.31+; an older git lists no
        # merges), under each of the file's names
        names = list(dict.fromkeys([path, *(v.path for _t, v in found)]))
        merges = self._log(names, limit, ["--merges", "--diff-merges=first-parent"], quiet=True)
        known = {v.commit for _t, v in found}
        changed = [(t, m) for t, m in merges or () if m.commit not in known and m.parent_path]
        if changed:
            whole = limit is None or len(found) < limit  # (its oldest is the file's birth)
            changed = self._in_span(path, changed, found, whole)
        # each merge where git would list it: before the first version committed
        # earlier (git's own order kept: a commit rebased today, written last
        # week, is still the newest)
        versions: list[Version] = []
        for committed, version in found:
            while changed and changed[0][0] > committed:
                versions.append(changed.pop(0)[1])
            versions.append(version)
        versions += [m for _t, m in changed]
        return versions[:limit] if limit is not None else versions

    def _log(
        self, paths: str | list[str], limit: int | None, options: list[str], quiet: bool = False
    ) -> list[tuple[datetime, Version]] | None:
        """The versions ``git log OPTIONS -- PATHS`` lists (see :meth:`log`),
        each with its commit's time; None when the repository has no commits
        yet.  ``quiet``: a git that does not know an option lists nothing (an
        empty list), not an error."""
        # The fields are split by a token made for this call: a commit's
        # author or subject may hold any separator git could print (a
        # subject holding the old ones faked a whole version).
        token = secrets.token_hex(12)
        args = [
            "log",
            "--encoding=UTF-8",  # (over i18n.logOutputEncoding: latin1 gave "J\udcf6s\udce9")
            "--no-show-signature",
            "--no-textconv",
            "--no-ext-diff",
            *options,  # (--root: log.showRoot=false dropped the first version)
            "-z",
            "--name-status",
            f"--format=%x1e{token}%H{token}%P{token}%an{token}%ae{token}%aI{token}%cI{token}%s",
        ]
        if limit is not None:
            args.append(f"-n{int(limit)}")
        named = [paths] if isinstance(paths, str) else paths
        result = self.run([*args, "--", *named], check=False)
        if result.returncode != 0:
            message = _message(result)
            if "does not have any commits" in message or "bad default revision" in message:
                return None
            if quiet:
                return []
            raise GitError(message, self.absolute(named[0]))
        versions: list[tuple[datetime, Version]] = []
        for record in result.stdout.split(b"\x1e" + token.encode()):
            if not record.strip(b"\0\n"):
                continue
            header, _, names = record.partition(b"\0")  # (no field holds a NUL)
            fields = _decode(header).split(token)
            if len(fields) != 7 or not _HASH.fullmatch(fields[0]):
                continue
            commit, parents, author, email, when, committed, subject = fields
            # the status, then the name in that commit (a rename: old, new)
            status, *name_list = [_decode(n) for n in names.lstrip(b"\n").split(b"\0") if n] or [""]
            try:
                stamp = datetime.fromisoformat(when)
                made_at = datetime.fromisoformat(committed)
            except ValueError:
                continue
            if status.startswith("D"):
                # a commit that removed the name holds no version of it (to
                # show it failed); the versions before it are the file's, as
                # it was before it was removed (git rm --cached, or put back
                # since): listed.  A file made again under the name ends
                # its history at that commit ("A", below).
                continue
            name = name_list[-1] if name_list else named[0]
            first = (parents.split() or [""])[0]
            made = status.startswith("A")
            before = None if made else name_list[0] if name_list else name
            version = Version(commit, author, email, stamp, subject, name, first or None, before)
            versions.append((made_at, version))
            if made and isinstance(paths, str):
                break  # made here: what is older is another file's
        if not isinstance(paths, str):
            return versions
        kept = self._renames_only([v for _t, v in versions])
        return versions[: len(kept)]

    def _in_span(
        self,
        path: str,
        merges: list[tuple[datetime, Version]],
        found: list[tuple[datetime, Version]],
        whole: bool,
    ) -> list[tuple[datetime, Version]]:
        """Of ``merges`` (listed under one of the file's names), those of the
        file whose versions are ``found`` (newest first): after its birth
        (when ``whole``: the oldest found is it), and, under a name it had
        before a rename, before a rename away from that name (a file made
        under it since is another).  Two ``git rev-list`` at most, not one
        question a merge (3,000 merges took a minute)."""
        after: set[str] | None = None
        if whole and found:
            oldest = found[-1][1].commit
            listed = self.run(["rev-list", "--ancestry-path", f"{oldest}..HEAD"], check=False)
            after = set(_decode(listed.stdout).split()) | {oldest}
        renames = [v.commit for _t, v in found if v.parent_path and v.parent_path != v.path]
        before: set[str] = set()
        if renames and any(m.path != path for _t, m in merges):
            listed = self.run(["rev-list", *renames, "--"], check=False)
            before = set(_decode(listed.stdout).split())
        return [
            (t, m)
            for t, m in merges
            if (after is None or m.commit in after) and (m.path == path or m.commit in before)
        ]

    def _renames_only(self, versions: list[Version]) -> list[Version]:
        """``versions`` up to a name change that was a copy, not a rename:
        ``--follow`` also goes on into the history of a file the first
        version only looks like (the old name still there beside it)."""
        for i in range(len(versions) - 1):
            newer, older = versions[i], versions[i + 1]
            if older.path == newer.path:
                continue
            kept = self.run(["cat-file", "-e", f"{newer.commit}:{older.path}"], check=False)
            if kept.returncode == 0:
                return versions[: i + 1]
        return versions

    def files(self, commit: str, under: str = "") -> set[str]:
        """The files ``commit`` holds (top-relative), optionally only those
        in the folder ``under`` (top-relative)."""
        if not _HASH.fullmatch(commit):
            raise GitError(f"not a commit: {commit!r}", self.root)
        args = ["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit]
        out = self.run([*args, "--", under] if under else args).stdout
        return {_decode(name) for name in out.split(b"\0") if name}

    def last_commit_time(self, path: str) -> float | None:
        """When ``path`` (top-relative) was last committed (the committer's
        unix time), or ``None`` when it never was (see :meth:`last_commit_times`)."""
        return self.last_commit_times([path])[path]

    def last_commit_times(
        self, paths: Sequence[str], chunk: int = 400, one_by_one: int = 8
    ) -> dict[str, float | None]:
        """When each of ``paths`` (top-relative) was last committed on this
        branch (the committer's unix time; ``None``: never): the newest
        commit of HEAD's first-parent line that changed it against its first
        parent (a merge, for what it brought).  Up to ``one_by_one`` paths
        are asked one at a time (git stops at the first commit found);
        more, in one walk of the history per ``chunk`` paths (one ``git
        log`` per path took 0.12 s each in a history of 20,000 commits:
        minutes for a bulk edit's 2,000 articles, each time the window's
        status was updated)."""
        times: dict[str, float | None] = dict.fromkeys(paths)
        unique = list(times)
        args = ["log", "--no-show-signature", "--no-renames", "--format=%x01%ct", "--first-parent"]
        if len(unique) <= one_by_one:
            for path in unique:
                result = self.run([*args, "-1", "--", path], check=False)
                text = _decode(result.stdout).strip("\x01\n ")
                if result.returncode == 0 and text.isdigit():
                    times[path] = float(text)
            return times
        for start in range(0, len(unique), chunk):
            part = unique[start : start + chunk]
            wanted = set(part)
            result = self.run([*args, "--name-only", "-z", "--", *part], check=False)
            if result.returncode != 0:
                continue
            when: float | None = None
            first = False
            for token in result.stdout.split(b"\0"):
                if token.startswith(b"\x01"):
                    digits = token[1:].strip()
                    when = float(digits) if digits.isdigit() else None
                    first = True
                    continue
                if first and token.startswith(b"\n"):
                    token = token[1:]  # (the line break after the header)
                first = False
                name = _decode(token)
                if name in wanted and when is not None:
                    times[name] = when
                    wanted.discard(name)
        return times

    def show(
        self,
        commit: str,
        path: str,
        max_bytes: int = MAX_ARTICLE_BYTES,
        *,
        checkout: bool = False,
        conversions: bool = False,
    ) -> bytes:
        """The bytes of ``path`` (top-relative) as of ``commit``; ``commit`` may
        also be an index stage (``:1``, ``:2``, ``:3``).  A version larger
        than ``max_bytes`` raises :class:`GitError`.

        As stored in the repository, unless ``checkout``: then what ``git
        checkout`` would write (its line ends, ``working-tree-encoding`` and
        the user's smudge filters, which run as for a commit: only for what
        the user asked for, restoring that version).  ``conversions`` gives
        git's own conversions (line ends, encoding) with every filter
        driver switched off: nothing runs."""
        if not re.fullmatch(r"[0-9a-fA-F]{4,64}|HEAD|:[0-3]", commit):
            raise GitError(f"not a commit: {commit!r}", self.absolute(path))
        spec = f"{commit}:{path}"
        # its size first: a version of hundreds of megabytes (a file
        # committed in an article's place) is refused, not held in memory
        sized = self.run(["cat-file", "-s", spec], check=False)
        if sized.returncode != 0:
            raise GitError(_message(sized), self.absolute(path))
        size = int(sized.stdout.strip() or b"0")
        self._within(size, max_bytes, path)
        if checkout:
            args, hardened = ["cat-file", "--filters", spec], False
        elif conversions:
            try:
                args = [*self._filters_off(), "cat-file", "--filters", spec]
            except GitError:  # a driver that cannot be switched off: as stored
                args = ["cat-file", "blob", spec]
            hardened = True
        else:
            args, hardened = ["cat-file", "blob", spec], True
        timeout = COMMIT_TIMEOUT if checkout else GIT_TIMEOUT  # (a smudge filter may fetch)
        result = self.run(args, check=False, hardened=hardened, timeout=timeout)
        if result.returncode != 0:
            raise GitError(_message(result), self.absolute(path))
        self._within(len(result.stdout), max_bytes, path)  # (a filter may make it larger)
        return result.stdout

    def _within(self, size: int, max_bytes: int, path: str) -> None:
        if size > max_bytes:
            raise GitError(
                f"that version is {describe_size(size)}, more than the "
                f"{describe_size(max_bytes)} an article may be; not read",
                self.absolute(path),
            )

    def stages(
        self, path: str, max_bytes: int = MAX_ARTICLE_BYTES, *, checkout: bool = False
    ) -> tuple[bytes | None, bytes | None, bytes | None]:
        """A conflicted file's base, ours and theirs from the index (stages
        1, 2, 3), in the form the work tree has: git's line-end and
        ``working-tree-encoding`` conversions applied (filter drivers only
        with ``checkout``, see :meth:`show`); a side the file does not have,
        or larger than ``max_bytes``, is ``None``."""
        sides: list[bytes | None] = []
        for stage in (":1", ":2", ":3"):
            try:
                sides.append(self.show(stage, path, max_bytes, checkout=checkout, conversions=True))
            except GitError:
                sides.append(None)
        return sides[0], sides[1], sides[2]

    def edited_since_conflict(self, path: str, current: bytes) -> bool:
        """Whether ``current``, the work-tree bytes of a file git has in
        conflict (top-relative ``path``), differs from what the merge left
        in it: git's merge of the index's three stages, conflict markers and
        all (their labels, line ends and style aside).  True too when that
        cannot be told: a plan made from the stages alone would replace
        whatever the user already edited in the file."""
        try:
            ours, theirs = self.show(":2", path), self.show(":3", path)
        except GitError:
            return True
        try:
            base = self.show(":1", path)
        except GitError:
            base = b""  # added on both sides: git merges against nothing
        size = self.marker_sizes([path]).get(path, 7)
        seen = _unlabelled(current.replace(b"\r\n", b"\n"), size)
        with tempfile.TemporaryDirectory(prefix="article-reader-merge-") as folder:
            names = []
            for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
                names.append(os.path.join(folder, name))
                with open(names[-1], "wb") as handle:
                    handle.write(data)
            for style in ([], ["--diff3"], ["--zdiff3"]):
                merged = self.run(
                    ["merge-file", "-p", "-q", f"--marker-size={size}", *style, *names],
                    check=False,
                )
                if merged.returncode < 0 or merged.returncode > 127:  # (count of conflicts)
                    continue
                if _unlabelled(merged.stdout.replace(b"\r\n", b"\n"), size) == seen:
                    return False
        return True

    # -- commit --------------------------------------------------------------------------

    def commit(self, paths: Sequence[str], message: str, cancel: Cancel | None = None) -> str:
        """Commit exactly ``paths`` (top-relative; new files are added first,
        a deleted one is committed as its removal) with ``message``;
        whatever else is staged stays staged and is not committed.  Hooks
        and signing apply.  Returns the new commit's hash.

        While a merge waits to be committed, git only commits the whole
        merge: then every conflicted path must be among ``paths``.  With
        ``cancel``, git and its hooks are stopped as soon as it says so."""
        chosen = sorted(set(paths))
        if not chosen:
            raise GitError("nothing to commit: no paths chosen", self.root)
        if not message.strip():
            raise GitError("a commit needs a message", self.root)
        if "\0" in message:
            raise GitError("a commit message cannot hold a NUL character", self.root)
        spec = _nul_list(chosen)
        merging = self.merging()
        if merging:  # refused before the add, which would mark the chosen ones resolved
            self._refuse_open_conflicts(set(chosen))
            self._refuse_staged_beside_the_merge(set(chosen))
        present = [p for p in chosen if os.path.lexists(self.absolute(p))]
        if merging:
            gone = [p for p in chosen if p not in present]
            self._commit_merge(present, gone, message, cancel)
        else:
            self._commit_only(spec, present, message, cancel)
        head = self.head()
        if head is None:  # pragma: no cover - git said it committed
            raise GitError("git committed nothing", self.root)
        return head

    def _commit_merge(
        self, present: list[str], gone: list[str], message: str, cancel: Cancel | None
    ) -> None:
        """Commit the merge: the resolved files must be in the index (the
        merge commits the index), so ``present`` is added first and the
        removal of ``gone`` (deleted from the work tree; a modify/delete
        conflict resolved by deleting) staged: left out, the deletion was
        not in the commit, and a conflicted one stayed in conflict.  When
        the commit then fails (a hook refuses, signing fails, no identity,
        cancelled), the index is put back exactly as it was: the add had
        marked conflicted files resolved and replaced what the user had
        staged of a file (``git add -p``) with its whole content."""
        before = self.head()
        saved = self._save_index()
        try:
            if present:
                self.run(
                    ["add", "--pathspec-from-file=-", "--pathspec-file-nul"],
                    timeout=COMMIT_TIMEOUT,
                    stdin=_nul_list(present),
                    cancel=cancel,
                    hardened=False,  # the user's clean filters (git-lfs) make what is committed
                )
            if gone:
                self._unstage(gone, timeout=COMMIT_TIMEOUT, cancel=cancel)
            self._refuse_open_conflicts(set())
            self.run(
                ["commit", "--no-edit", "-m", message],
                timeout=COMMIT_TIMEOUT,
                cancel=cancel,
                hardened=False,
            )
        except BaseException as failure:
            if self._landed(before):
                return  # (stopped once it had landed: committed, as git says)
            if saved is not None:
                try:
                    self._restore_index(saved)
                except OSError as exc:
                    saved = None  # (the copy is kept: the message names it)
                    reason = getattr(failure, "message", None) or str(failure)
                    raise GitError(
                        f"{reason}\nand the index could not be put back as it was "
                        f"({exc.strerror or exc}); a copy of it is {exc.filename2}",
                        self.root,
                    ) from None
            raise
        finally:
            if saved is not None:
                with contextlib.suppress(OSError):
                    os.unlink(saved[1])

    def _landed(self, before: str | None) -> bool:
        """Whether the commit was made after all: HEAD moved (a failed
        commit never moves it; git moves it before it takes MERGE_HEAD
        away, and before the post-commit hook runs).  A commit stopped once
        it landed keeps the index it made."""
        try:
            return self.head() != before
        except GitError:
            return False

    def _index_file(self) -> Path:
        where = _decode(self.run(["rev-parse", "--git-path", "index"]).stdout).strip()
        return self.root / where  # (relative to the top, unless git gave it absolute)

    def _save_index(self) -> tuple[Path, Path] | None:
        """A copy of the index file beside it (``None``: there is none yet);
        returns the index's path and the copy's."""
        index = self._index_file()
        copy = index.with_name(f"{index.name}.article-reader-{secrets.token_hex(6)}")
        try:
            with open(index, "rb") as source, open(copy, "xb") as target:
                shutil.copyfileobj(source, target)
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                os.unlink(copy)
            return None
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(copy)
            raise GitError(
                f"cannot keep a copy of the index: {exc.strerror or exc}", index
            ) from None
        return index, copy

    def _restore_index(self, saved: tuple[Path, Path]) -> None:
        """Put the saved index back, as git writes one: into ``index.lock``
        (taken only when no other git holds it), renamed over the index."""
        index, copy = saved
        lock = index.with_name(index.name + ".lock")
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:  # (another git holds index.lock)
            raise OSError(
                exc.errno, f"{exc.strerror}: {lock}", str(lock), None, str(copy)
            ) from None
        try:
            with os.fdopen(fd, "wb") as target, open(copy, "rb") as source:
                shutil.copyfileobj(source, target)
                target.flush()
                os.fsync(target.fileno())
            os.replace(lock, index)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(lock)
            raise OSError(exc.errno, exc.strerror, exc.filename, None, str(copy)) from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(lock)
            raise

    def _commit_only(
        self, spec: bytes, present: list[str], message: str, cancel: Cancel | None
    ) -> None:
        """``git commit --only`` the paths of ``spec``: it takes each one's
        content from the work tree (through the user's clean filters).
        A new file must be known to the index first: it is added as an
        intent to add, taken back when the commit fails (a hook refuses, no
        identity, cancelled).  The index is otherwise left as it was: a
        ``git add`` of every path before the commit staged them whole even
        when the commit then failed, replacing what the user had staged of
        them (``git add -p``) and leaving new files added."""
        new: list[str] = []
        if present:
            status = self.status()
            new = [p for p in present if p in status and status[p].kind == UNTRACKED]
            kept = [p for p in present if p in status and status[p].kind == REMOVED]
            if kept:  # a commit --only would stage the file again: the removal lost
                raise GitError(
                    "staged for removal while the file is kept (git rm --cached): "
                    + ", ".join(kept[:5])
                    + "; commit that with git; nothing was committed",
                    self.root,
                )
        before = self.head()
        if new:
            self.run(
                ["add", "--intent-to-add", "--pathspec-from-file=-", "--pathspec-file-nul"],
                stdin=_nul_list(new),
                timeout=COMMIT_TIMEOUT,
                cancel=cancel,
                hardened=False,
            )
        try:
            self.run(
                [
                    "commit",
                    "--only",
                    "-m",
                    message,
                    "--pathspec-from-file=-",
                    "--pathspec-file-nul",
                ],
                stdin=spec,
                timeout=COMMIT_TIMEOUT,
                cancel=cancel,
                hardened=False,
            )
        except BaseException:
            if self._landed(before):
                # Stopped (its time ran out, cancelled, Ctrl+C) in a hook run
                # after the commit (post-commit): committed, as git says.
                # Taking the new files out of the index then staged their
                # removal for the next commit.
                return
            if new:
                with contextlib.suppress(GitError):
                    self._unstage(new)
            raise

    def _unstage(
        self, paths: list[str], *, timeout: float = GIT_TIMEOUT, cancel: Cancel | None = None
    ) -> None:
        """``git rm --cached`` ``paths`` (top-relative, given as literal
        pathspecs on standard input); one never in the index has nothing to
        remove (``--ignore-unmatch``)."""
        self.run(
            [
                "rm",
                "--cached",
                "-q",
                "--ignore-unmatch",
                "--pathspec-from-file=-",
                "--pathspec-file-nul",
            ],
            stdin=_nul_list(paths),
            timeout=timeout,
            cancel=cancel,
        )

    def _names(self, args: Sequence[str]) -> set[str]:
        out = self.run(
            ["diff", "--no-textconv", "--no-ext-diff", "--name-only", "-z", "--no-renames", *args]
        ).stdout
        return {_decode(name) for name in out.split(b"\0") if name}

    def _empty_tree(self) -> str:
        """The id of the empty tree in this repository's hash (nothing written)."""
        out = self.run(["hash-object", "-t", "tree", "--stdin"], stdin=b"").stdout
        return _decode(out).strip()

    def _refuse_staged_beside_the_merge(self, chosen: set[str]) -> None:
        """A merge commits the whole index: refused when it holds staged
        changes that neither the merge brought (the merged commits changed
        them since the merge base) nor ``chosen`` names, so that committing
        a library's articles never records a file staged outside it, or a
        non-article file, that the user did not ask for."""
        where = _decode(self.run(["rev-parse", "--git-path", "MERGE_HEAD"]).stdout).strip()
        try:  # (every head of an octopus merge, one a line)
            with open(os.path.join(self.root, where), "rb") as handle:
                heads = _decode(handle.read(64 * 1024)).split()
        except OSError:
            return  # the merge was ended meanwhile: git says what it commits
        merged: set[str] = set()
        for head in heads:
            if not _HASH.fullmatch(head):
                continue
            base = self.run(["merge-base", "HEAD", head], check=False)
            start = _decode(base.stdout).strip()
            if base.returncode != 0 or not _HASH.fullmatch(start):
                # unrelated histories (or a shallow clone without the base):
                # the merge brings every path of the other head's tree
                start = self._empty_tree()
            merged |= self._names([start, head])
        staged = self._names(["--cached", "HEAD"])
        extra = sorted(staged - merged - chosen)
        what = "the merge did not bring"
        if not extra:
            # A path the merge brought passed whatever was staged over it
            # (the user's own work in progress went into the merge commit):
            # it must hold what the merge made of it, unless git left it in
            # conflict (its resolution is the user's).
            extra = sorted(self._beyond_the_merge(heads, (staged & merged) - chosen))
            what = "beyond what the merge made of them"
        if extra:
            shown = ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
            raise GitError(
                f"a merge commit records the whole index, which also holds {len(extra)} staged "
                f"change(s) {what}: {shown}; unstage them (git restore --staged PATH) or "
                "commit the merge with git; nothing was committed",
                self.root,
            )

    def _beyond_the_merge(self, heads: Sequence[str], paths: set[str]) -> set[str]:
        """Which of ``paths`` (staged, brought by the merge of ``heads``)
        hold other than what the merge made of them; git's own merge of
        HEAD and the one head (``merge-tree``, git 2.38+) says.  Paths it
        leaves in conflict are the user's to resolve; an octopus merge or an
        older git is not checked."""
        if not paths or len(heads) != 1 or not _HASH.fullmatch(heads[0]):
            return set()
        done = self.run(
            ["merge-tree", "--write-tree", "--name-only", "--no-messages", "-z", "HEAD", heads[0]],
            check=False,
        )
        if done.returncode not in (0, 1):
            return set()  # (a git without --write-tree: not checked)
        tree, *conflicted = [_decode(part) for part in done.stdout.split(b"\0") if part]
        if not _HASH.fullmatch(tree):
            return set()
        return (self._names(["--cached", tree]) & paths) - set(conflicted)

    def _refuse_open_conflicts(self, chosen: set[str]) -> None:
        open_conflicts = [
            s.path for s in self.status().values() if s.kind == CONFLICTED and s.path not in chosen
        ]
        if open_conflicts:
            raise GitError(
                "a merge is in progress and these files are still in conflict: "
                + ", ".join(open_conflicts),
                self.root,
            )

    # -- pull and push -------------------------------------------------------------------

    def pull(
        self, progress: Callable[[str], None] | None = None, cancel: Cancel | None = None
    ) -> str:
        """``git pull`` (merging or rebasing without opening an editor, even
        when the user's rebase is interactive); returns git's output.  A
        failure raises :class:`GitError` with git's error verbatim.  A
        rebase the pull started and left unfinished (a conflict, cancelled,
        stopped) is aborted: the branch is as it was before the pull."""
        rebasing = self.rebasing()
        try:
            return self._network(["pull", "--progress", "--no-edit"], progress, cancel)
        except BaseException as failure:
            if rebasing or not self.rebasing():
                raise
            aborted = self.run(["rebase", "--abort"], check=False, hardened=False)
            if not isinstance(failure, GitError):
                raise
            if aborted.returncode == 0:
                note = (
                    "the rebase the pull started was aborted (there is nothing to continue): "
                    "the branch is as it was before the pull"
                )
            else:
                note = f"the rebase the pull started is unfinished: {_message(aborted)}"
            raise GitError(f"{failure.message}\n{note}", self.root) from None

    def changed_between(self, old: str, new: str) -> list[str]:
        """The files that differ between two commits (top-relative): what a
        pull changed, from the commit before it to the one after."""
        for commit in (old, new):
            if not re.fullmatch(r"[0-9a-fA-F]{4,64}", commit):
                raise GitError(f"not a commit: {commit!r}", self.root)
        args = ["diff", "--no-textconv", "--no-ext-diff", "--name-only", "-z", "--no-renames"]
        out = self.run([*args, old, new]).stdout
        return [_decode(name) for name in out.split(b"\0") if name]

    def push(
        self, progress: Callable[[str], None] | None = None, cancel: Cancel | None = None
    ) -> str:
        """``git push``; returns git's output (see :meth:`pull`)."""
        return self._network(["push", "--progress"], progress, cancel)

    def _network(
        self, args: list[str], progress: Callable[[str], None] | None, cancel: Cancel | None
    ) -> str:
        command = _command(self.git, args, hardened=False)  # asked for: the user's git
        try:
            proc = subprocess.Popen(
                command,
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_environment(hardened=False),
                start_new_session=True,
                creationflags=_NO_WINDOW,
            )
        except OSError as exc:
            raise GitUnavailable(f"cannot run git: {exc.strerror or exc}", self.root) from None
        lines: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        out, err = _pumps(proc, lines)
        deadline = time.monotonic() + NETWORK_TIMEOUT
        pending = b""
        code: int | None = None
        try:
            while code is None:
                if cancel is not None and cancel():
                    _kill(proc)
                    code = proc.wait()
                    break
                if time.monotonic() > deadline:
                    _kill(proc)
                    proc.wait()
                    raise GitError(
                        f"git {args[0]} did not finish within {NETWORK_TIMEOUT:g} s; stopped",
                        self.root,
                    )
                with contextlib.suppress(subprocess.TimeoutExpired):
                    code = proc.wait(0.1)
                if code is not None:  # what it wrote before it exited (see _HELD_OUTPUT)
                    held = time.monotonic() + _HELD_OUTPUT
                    for pump in (out, err):
                        pump.done.wait(max(held - time.monotonic(), 0.0))
                while True:
                    try:
                        chunk = lines.get_nowait()
                    except queue.Empty:
                        break
                    pending += chunk
                    *done, pending = _PROGRESS_SPLIT.split(pending)
                    for line in done:
                        if line.strip() and progress is not None:
                            progress(_decode(line).strip())
        finally:
            if proc.poll() is None:
                _kill(proc)
            proc.wait()
        output = _decode(out.data())
        errors = _decode(err.data())
        if code != 0:
            if cancel is not None and cancel():
                raise GitError(f"git {args[0]} was cancelled", self.root)
            text = errors.replace("\r", "\n").strip() or output.strip()
            raise GitError(text or f"git {args[0]} failed (status {code})", self.root)
        return (output + errors).strip()
