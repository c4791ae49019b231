"""The ``article-reader`` command line.

Without a command it starts the desktop app; with one of the commands below
it works on files and libraries through :mod:`reader.core`.  Qt is never
imported on the command path, and each command imports only what it needs.

Exit codes: 0 ok, 1 problems found, 2 usage error, 3 a file could not be read
or written (or has an error that blocks the operation).

The commands live in modules by what they work on (``files``, ``library``);
each has a ``register(sub, commands)`` that adds its parsers, and this module
puts the command tree together.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import errno
import io
import os
import shlex
import sys
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from typing import TextIO

from reader import __version__
from reader.cli import collections, files, library, saved, site, state, vcs
from reader.cli.common import (
    EXIT_FILE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Command,
    OutputError,
    Parser,
    drop_output,
    err,
    guard_output,
    lose_output,
    output_lost,
    printable,
    said,
)

__all__ = ["command_names", "main", "run_command", "usage_text"]

_USAGE_HEAD = """\
usage:
  article-reader [LIBRARY_OR_FILE]
        open the desktop app (the last library, or the bundled sample library
        on first start)
  article-reader COMMAND [ARGS...]
        work from the command line

commands:
"""

_USAGE_TAIL = """
options:
  -h, --help      show this help and exit
  --version       show the version and exit
  --self-test     check that this installation works (offscreen) and exit

Run 'article-reader COMMAND --help' for a command's options.
Exit codes: 0 ok, 1 problems found, 2 usage error, 3 a file could not be read or written
(or what the command needs is not there: the library folder, a site, a git work tree),
70 a mistake in Article Reader itself, 130 interrupted (Ctrl+C),
143 and 129 stopped by SIGTERM or SIGHUP.
"""


def usage_text() -> str:
    """The top-level help, made from the parsers themselves (so it never
    drifts from the options they take)."""
    parser, _ = _build_parser()
    lines = [_USAGE_HEAD]
    for sub, help_text in _subcommands(parser):
        usage = " ".join(sub.format_usage().split())  # one line, re-wrapped below
        usage = usage.removeprefix("usage: article-reader ").replace(" [-h]", "")
        lines.append(
            textwrap.fill(
                usage, 78, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False
            )
        )
        lines.append(f"\n        {help_text}\n" if help_text else "\n")
    lines.append(_USAGE_TAIL)
    return "".join(lines)


def _command_parser(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The parser of the (sub-)command ``args`` were parsed for."""
    current = parser
    while True:
        for action in current._actions:  # (as in _subcommands)
            if isinstance(action, argparse._SubParsersAction):
                name = getattr(args, action.dest, None)
                if name in action.choices:
                    current = action.choices[name]
                    break
        else:
            return current


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[argparse.ArgumentParser, str]]:
    """Each sub-command's parser and its one-line help, in the order they were added."""
    for action in parser._actions:  # argparse has no public way to list sub-commands
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return [(sub, helps.get(name, "")) for name, sub in action.choices.items()]
    return []


def _build_parser() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    parser = Parser(prog="article-reader", description="Article Reader command line.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    commands: dict[str, Command] = {}
    for module in (files, library, site, state, vcs, collections, saved):
        module.register(sub, commands)
    return parser, commands


# The options whose value may start with "-": a sort order, a query (its
# first term left out: ``--where -draft:true``), a name, a title, a message.
_NEGATIVE_VALUED = frozenset(
    ("--sort", "--query", "--text", "--saved", "--title", "--where", "-m", "--message")
)


_SEARCH_VALUED = frozenset(("--limit", "--cache-dir", "--max-wait"))  # search's valued options
_SEARCH_OPTIONS = _SEARCH_VALUED | {"--json", "--help"}


class _QueryFirst(Exception):
    """``search -word LIB``: a query that leaves a word out, given before
    the library (it was taken for the library's name)."""


def _join_negative_values(argv: Sequence[str]) -> list[str]:
    """``--sort -date`` → ``--sort=-date``: argparse takes ``-date`` for an
    option; so for a query that starts by leaving something out
    (``--query -draft:true``, ``--text -word``) and a name or a title that
    starts with "-" (``--saved -old``, ``--where -draft:true``, ``-m -typo``)."""
    out: list[str] = []
    placed = 0  # the positional arguments of `search` so far (its LIBRARY, its QUERY)
    for position, arg in enumerate(argv):
        if arg == "--":  # what follows is positional as it is (`search -- -lib notes`)
            out.extend(argv[position:])
            break
        if (
            out
            and out[-1] in _NEGATIVE_VALUED
            and arg.startswith("-")
            and not arg.startswith("--")
            and len(arg) > 1
        ):
            out[-1] = f"{out[-1]}={arg}"
        elif (
            argv[0] == "search"
            and position > 0
            and arg.startswith("-")
            and arg[1:2] not in ("-", "")
            and arg != "-h"
            and out[-1] not in _SEARCH_VALUED
        ):
            if not placed:  # (`search --json -word .` searched a library named "-word")
                if f"-{arg}" in _SEARCH_OPTIONS or {"-h", "--help"} & set(argv):
                    out.append(arg)  # (`-json` for --json: argparse names it; help shown)
                    continue
                raise _QueryFirst(arg)
            # `search LIB -word`: a QUERY that starts by leaving a word out
            # (search has long options only; argparse reads an argument that
            # does not start with "-" as a value, and the query ignores the
            # space; a space after it was not enough for "-hello", which
            # argparse read as -h with "ello")
            out.append(" " + arg)
            placed += 1
        elif (
            argv[0] == "saved"
            and len(out) >= 2
            and arg.startswith("-")
            and len(arg) > 1
            and arg[1] != "-"  # (an option: `--rename a --json` renamed it to "--json")
            and (out[-2] in ("--add", "--rename") or out[-1] in ("--add", "--rename", "--delete"))
        ):
            # `saved LIB --add NAME -draft:true`: a QUERY that starts by
            # leaving something out, or a name that starts with "-" (the
            # space is dropped again: names and queries are trimmed)
            out.append(" " + arg)
        else:
            if position > 0 and not arg.startswith("-") and out[-1] not in _SEARCH_VALUED:
                placed += 1
            out.append(arg)
    return out


def _tolerant_output() -> None:
    """A standard output that cannot encode every character (``LANG`` or
    ``PYTHONIOENCODING`` naming Latin-1, say) shows those it cannot as
    escapes (``\\u91d1``) instead of ending the command with a traceback."""
    for out in (sys.stdout, sys.stderr):
        encoding = getattr(out, "encoding", None) or "utf-8"
        # ("surrogateescape" in the C locale without UTF-8 mode: it writes
        # only lone surrogates back as bytes; any other character failed,
        # exit 70 "internal error")
        if codecs.lookup(encoding).name != "utf-8" and getattr(out, "errors", "") in (
            "strict",
            "surrogateescape",
        ):
            with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
                out.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


def _closed_streams() -> None:
    """A standard output or error the caller closed (``>&-``, ``2>&-``) is
    ``None`` in Python (``list`` ended in a traceback, and a message to a
    ``None`` standard error went to standard output, into a listing).
    Output to a closed standard output is an output that cannot be written,
    as ``ls`` has it: said on standard error, exit 3 (it was lost without a
    word, exit 0); what would go to a closed standard error goes nowhere."""
    if sys.stdout is None:
        sys.stdout = cast("TextIO", _ClosedOutput())
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


class _ClosedOutput(io.TextIOBase):
    """Standard output that the caller closed: every write fails as writing
    to a closed descriptor does."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    @property
    def buffer(self) -> _ClosedOutput:
        return self  # (bytes fail alike)


def run_command(argv: Sequence[str]) -> int:
    _closed_streams()
    _tolerant_output()
    with guard_output():
        code = _run_command(argv)
        return _output_status(code)


def _output_status(code: int) -> int:
    """``code``, once what standard output still holds is written.  Output
    that could not be written (a full disk) makes a 0 or a 1 a 3, as for any
    file not written (it was a traceback, or nothing said at all); a reader
    gone meanwhile changes nothing (Python's own last flush said 'Exception
    ignored' and made it 120)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        drop_output()
    except OutputError as exc:
        lose_output(exc)
    except (OSError, ValueError):  # (a stand-in stream, closed in-process)
        pass
    if output_lost() is not None and code in (EXIT_OK, EXIT_PROBLEMS):
        return EXIT_FILE
    return code


def _run_command(argv: Sequence[str]) -> int:
    try:
        parser, commands = _build_parser()  # (its imports: a Ctrl+C right away lands here)
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    try:
        try:
            joined = _join_negative_values(argv)
        except _QueryFirst as exc:
            search = _command_parser(parser, argparse.Namespace(command="search"))
            word = printable(str(exc))
            search.error(
                f"{word} comes before LIBRARY; give the library first: "
                f"article-reader search LIBRARY {shlex.quote(word)}"
            )
        args, extra = parser.parse_known_args(joined)
        if extra:
            # said by the command's own parser (argparse has the top-level one
            # say it: no command named, and the usage of every command)
            # (without the space put before a "-word", see _join_negative_values)
            unknown = printable(" ".join(e[1:] if e.startswith(" -") else e for e in extra))
            _command_parser(parser, args).error(f"unrecognized arguments: {unknown}")
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        with _stopped_as_interrupted():
            return commands[args.command](args)
    except _Stopped as exc:
        err("stopped")
        return 128 + exc.signum
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except BrokenPipeError:
        # `article-reader list … | head` closed the pipe: not an error.
        drop_output()
        return EXIT_OK
    except OutputError as exc:  # a listing into a full disk: said, not a traceback
        lose_output(exc)
        return EXIT_FILE
    except Exception as exc:  # (after BrokenPipeError: an Exception too)
        # A refusal the command did not report itself (the library closed
        # under a command run in-process, a pool's worker killed): one line,
        # no traceback.
        from reader.core.article.cache import CacheBusy, CacheError
        from reader.core.article.model import ArticleError
        from reader.core.article.storage import LockTimeoutError

        if not isinstance(exc, ArticleError):
            return _internal_error(exc)
        from reader.cli.common import error_line

        err(error_line(exc))
        # (the index or journal busy or unwritable, a state file's lock held
        # for too long: a file, not the articles)
        file = CacheBusy | CacheError | LockTimeoutError
        return EXIT_FILE if isinstance(exc, file) else EXIT_PROBLEMS


#: The exit code of a mistake of Article Reader's own (sysexits' EX_SOFTWARE).
EXIT_INTERNAL = 70


def _internal_error(exc: Exception) -> int:
    """A mistake of Article Reader's own, not of the files or the command
    line: one line saying so, not a traceback (``ARTICLE_READER_DEBUG=1``
    shows it, for a report)."""
    if os.environ.get("ARTICLE_READER_DEBUG", "") not in ("", "0"):
        raise exc
    from reader.cli.common import printable

    if isinstance(exc, OSError):  # (a file or the machine refused: not our mistake)
        where = f"{exc.filename}: " if exc.filename else ""
        err(printable(f"error: {where}{exc.strerror or exc}"))
        return EXIT_FILE
    if isinstance(exc, MemoryError):
        err("error: out of memory; nothing more was done")
        return EXIT_FILE
    err(
        f"error: internal error: {type(exc).__name__}: {printable(str(exc))} (a mistake in Article "
        "Reader, not in your files; run again with ARTICLE_READER_DEBUG=1 to see where, "
        "and please report it)"
    )
    return EXIT_INTERNAL


class _Stopped(KeyboardInterrupt):
    """A command stopped by SIGTERM or SIGHUP."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stopped_as_interrupted() -> Iterator[None]:
    """Ctrl+C, SIGTERM (``kill``, a service stopping) and SIGHUP (the
    terminal closed) stop a command: the ``finally`` blocks and context
    managers on the way out run, so an export's staging folder and a write's
    temporary file go at once instead of at the next sweep, and a pool's
    workers are told to end.  While that runs, the same signal again within
    :data:`~reader.core.common.tasks.REPEAT_SECONDS` is passed over (a
    terminal or ``timeout`` sends it to the whole process group; it broke
    the pool's shutdown half way, and the command waited for ever);
    one after that ends the command at once (exit 130, or 128 + the signal),
    as ``kill -9`` would: what the write path and the index leave so is
    cleared at their next use.  A signal that was ignored (``nohup``) stays
    ignored; only in the main thread, where Python runs signal handlers."""
    import signal
    import time

    from reader.core.common.tasks import REPEAT_SECONDS, install_stop_handlers, restore_handlers

    owner = os.getpid()
    first: list[float] = []  # when the first signal came

    def stop(signum: int, _frame: object) -> None:
        if os.getpid() != owner:  # a pool's worker forked meanwhile
            if signum == signal.SIGINT:
                return  # (the owner stops the pool)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if first:
            if time.monotonic() - first[0] < REPEAT_SECONDS:
                return
            with contextlib.suppress(OSError):
                os.write(2, b"interrupted again: stopped at once\n")
            os._exit(130 if signum == signal.SIGINT else 128 + signum)
        first.append(time.monotonic())
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise _Stopped(signum)

    previous = install_stop_handlers(stop)
    try:
        yield
    finally:
        restore_handlers(previous)


def _print_text(text: str) -> int:
    """``text`` on standard output, as a command writes it (a closed or full
    output is no traceback); the exit code."""
    _closed_streams()
    with guard_output():
        said(lambda: sys.stdout.write(text))
        return _output_status(EXIT_OK)


def command_names() -> set[str]:
    return set(_build_parser()[1])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    asks_help = bool(argv) and argv[0] in ("-h", "--help", "help")
    if asks_help and len(argv) == 2 and argv[1] in command_names():
        return run_command([argv[1], "--help"])  # (help list: the command's own help)
    if argv and argv[0] in ("-h", "--help", "help", "--version", "--self-test") and argv[1:]:
        # (`--version x` and `help lsit` did what they do alone, exit 0)
        if asks_help and len(argv) == 2 and not argv[1].startswith("-"):
            err(
                printable(
                    f"article-reader: error: no command {argv[1]!r} "
                    "(run 'article-reader --help' for the commands)"
                )
            )
        else:
            err(printable(f"article-reader: error: {argv[0]} takes nothing after it"))
        return EXIT_USAGE
    if asks_help:
        return _print_text(usage_text())
    if argv and argv[0] == "--version":
        return _print_text(f"article-reader {__version__}\n")
    if argv and argv[0] == "--self-test":
        from reader.selftest import run_self_test

        return run_self_test()
    try:
        command = bool(argv) and not argv[0].startswith("-") and argv[0] in command_names()
    except KeyboardInterrupt:  # (the commands' modules are imported: Ctrl+C right away)
        err("interrupted")
        return 130
    if command:
        return run_command(argv)
    return _launch_gui(argv)


def _launch_gui(argv: list[str]) -> int:
    unknown = [a for a in argv if a.startswith("-")]
    if unknown:
        err(f"article-reader: error: unknown option {unknown[0]}\n")
        err(usage_text())
        return EXIT_USAGE
    if len(argv) > 1 and not os.path.lexists(argv[0]):
        # `article-reader lsit ~/news`: a command mistyped, not two things to open
        err(
            printable(
                f"article-reader: error: no command {argv[0]!r} "
                "(run 'article-reader --help' for the commands)"
            )
        )
        return EXIT_USAGE
    if len(argv) > 1:
        err("article-reader: error: give at most one library folder or file to open\n")
        err(usage_text())
        return EXIT_USAGE
    if argv and not argv[0]:
        # an unset "$LIB": Path("") is the current folder, and the window
        # opened the library of last time
        err("article-reader: error: an empty name; give a library folder or file to open")
        return EXIT_USAGE
    if argv and not Path(argv[0]).exists():
        why = "no such file or folder"
        if os.path.islink(argv[0]):  # (a loop of links was "no such file" too)
            try:
                os.stat(argv[0])
            except OSError as exc:
                looped = exc.errno == errno.ELOOP
                why = "a loop of symbolic links" if looped else "a symbolic link to nothing"
        err(printable(f"article-reader: error: {argv[0]}: {why}"))
        return EXIT_USAGE
    from reader.app import run_app

    return run_app(argv[0] if argv else None)
