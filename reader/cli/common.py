"""What every command shares: exit codes, the argument parser class, safe
terminal output, and opening a library with its index up to date."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

if TYPE_CHECKING:  # each command imports what it needs when it runs
    from reader.core.edit.bulk import BulkPlan, BulkResult
    from reader.core.library.facade import Library
    from reader.core.library.querylang import Expr
    from reader.core.library.refresh import RefreshStats

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_FILE = 3


class Parser(argparse.ArgumentParser):
    """argparse with our exit code for usage errors (2, as argparse already
    uses), and every option of one value refused when given twice (see
    :class:`Once`: ``export --epub a.epub --epub b.epub`` wrote b alone,
    ``fix --add a=1 --add b=2`` added b alone, without a word)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (the registry is shared with the parser's groups: their options too)
        self.register("action", None, Once)
        self.register("action", "store", Once)

    def error(self, message: str) -> NoReturn:  # pragma: no cover - exercised via SystemExit
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    #: Options may stand between the positional arguments (set on a
    #: command's parser whose options take no value that a forgotten quote
    #: could spill into its positionals: ``mark``; see parse_known_args).
    intermixed = False

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """For an :attr:`intermixed` parser, options between the positional
        arguments too: ``mark LIB --star PATH`` (argparse alone gave the
        first run of positionals to them all, and refused ``PATH`` as an
        unrecognized argument).  A command line argparse parses whole is
        parsed as it does; everything after ``--`` is positional."""
        parsed, extra = super().parse_known_args(args, namespace)
        given = list(sys.argv[1:] if args is None else args)
        cut = given.index("--") if "--" in given else len(given)
        if (
            not self.intermixed
            or not extra
            or namespace is not None
            or (cut == len(given) and all(text.startswith("-") for text in extra))
        ):
            return parsed, extra
        # Parsed again: the options first wherever they are, then the
        # positionals in order as if given last (what argparse's
        # parse_intermixed_args does, but keeping what follows "--"
        # positional: argparse's drops the "--" in some places)
        positionals = self._get_positional_actions()
        saved = [(action, action.nargs, action.default) for action in positionals]
        required = [(action, action.required) for action in self._get_optional_actions()]
        groups = [(group, group.required) for group in self._mutually_exclusive_groups]
        try:
            for action in positionals:
                action.nargs = action.default = argparse.SUPPRESS
            parsed, rest = super().parse_known_args(given[:cut], None)
            for action, nargs, default in saved:
                action.nargs, action.default = nargs, default
            for action, _ in required:
                action.required = False
            for group, _ in groups:
                group.required = False
            return super().parse_known_args([*rest, *given[cut:]], parsed)
        finally:
            for action, nargs, default in saved:
                action.nargs, action.default = nargs, default
            for action, was in required:
                action.required = was
            for group, was in groups:
                group.required = was

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse's own passes over an OSError, and leaves what it could not
        # write buffered: Python's last flush said 'Exception ignored' and
        # made the exit code 120 (an unknown option, both streams closed pipes)
        if not message:
            return
        file = file or sys.stderr
        try:
            file.write(message)
        except OutputError as exc:  # (a guarded standard output: --help into a full disk)
            lose_output(exc)
        except (OSError, ValueError):
            if file is sys.stderr:
                drop_errors()
            elif file is sys.stdout:
                drop_output()
        except AttributeError:  # (no stream at all)
            pass


class Once(argparse.Action):
    """An option of one value that may be given once: a second is a usage
    error naming both (``list --tag a --tag b`` listed the articles tagged
    b, the a dropped without a word)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        if not self.option_strings:  # (a positional: argparse gives it once)
            setattr(namespace, self.dest, values)
            return
        seen = f"_{self.dest}_given"
        if getattr(namespace, seen, False):
            before = getattr(namespace, self.dest)
            parser.error(
                f"{option_string} given twice ({_shown(before)}, then {_shown(values)}): "
                "give it once" + (f"; {self.help_twice}" if self.help_twice else "")
            )
        setattr(namespace, seen, True)
        setattr(namespace, self.dest, values)

    help_twice = ""


def _shown(value: Any) -> str:
    """An option's value as typed (``'a' 'x'`` for one of two words)."""
    return " ".join(map(repr, value)) if isinstance(value, list) else repr(value)


class OnceQuery(Once):
    help_twice = "for articles matching both, one --query with both terms ('tag:a tag:b')"


#: The largest ``--limit`` taken as it is: more than any library holds,
#: and far from what SQLite's integers and ``itertools.islice`` take (the
#: search adds to it).
MAX_LIMIT = 10**15


def limit_value(text: str) -> int:
    """``--limit N`` as a number: a whole number as ``int`` reads it (a
    negative one is the command's to refuse), one beyond :data:`MAX_LIMIT`
    read as that -- as many as there are (it went to SQLite and
    ``itertools.islice`` as it was: an OverflowError's traceback)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    return min(value, MAX_LIMIT)


def folder_value(text: str) -> str:
    """A folder given (``--cache-dir DIR``): an empty one is refused (it
    was taken for the current folder, where the index was written)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("a folder is needed, not an empty name")
    return text


def path_value(text: str) -> str:
    """A file or folder named (LIBRARY, FILE, PATH): an empty one is
    refused.  An unset variable in a script (``list "$LIB"``) was taken for
    the current folder: run from ``/``, it indexed the whole machine."""
    if not text:
        raise argparse.ArgumentTypeError("a path is needed, not an empty name")
    return text


def year_value(text: str) -> int:
    """``--year Y`` as a number: a year of four digits, as ``year:`` in a
    query takes (a number beyond SQLite's integers was an OverflowError's
    traceback; 0 and -1 matched nothing without a word)."""
    if not re.fullmatch(r"[0-9]{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"a year has four digits, not {text!r}")
    return int(text)


def err(message: str) -> None:
    """``message`` on a line of standard error.  A standard error that cannot
    be written (``2>&-`` made a pipe whose reader has gone, ``2>/dev/full``)
    takes nothing more: the command carries on and keeps its exit code (a
    BrokenPipeError here ended ``set`` at its first message, exit 0)."""
    try:
        print(message, file=sys.stderr)
    except (OSError, ValueError):  # (ValueError: a stream closed in-process)
        drop_errors()


def drop_errors() -> None:
    """Send the rest of standard error nowhere: it cannot be written."""
    _drop("stderr")


# What a terminal must not get raw from a file's text: control characters
# (escape sequences; newlines and tabs that would break one line per item),
# bidirectional overrides that reorder what is shown, and lone surrogates
# (undecodable file names) that cannot even be encoded.  JSON escapes the C0
# controls itself; the others are valid raw in JSON, and escaped there too.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNPRINTABLE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_JSON_UNSAFE = re.compile(f"[{_BEYOND_C0}]")
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8: shown as that byte
        return f"\\x{code - 0xDC00:02x}"
    # (a control character from U+0080 is \u0085: \x85 is the byte)
    return _NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}")


def printable(text: object) -> str:
    """``text`` safe for one line of a terminal: the characters above shown as
    escapes (``\\x1b``, ``\\n``, ``\\u202e``); everything else, Chinese and
    emoji included, as itself."""
    return _UNPRINTABLE.sub(_escape, str(text))


_UNPRINTABLE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_BEYOND_C0}]")


def printable_block(lines: Sequence[str]) -> str:
    """``lines``, each made :func:`printable` and ended by a newline: one
    search of the whole block when none needs an escape (a million lines
    of ``list``), else line by line."""
    if not lines:
        return ""
    text = "\n".join(lines)
    # Everything printable() escapes is unprintable to str.isprintable (a
    # line break too), which is cheaper than the search; what it alone finds
    # unprintable (a no-break space, a joiner) is left to the search.
    if "".join(lines).isprintable() or (
        text.count("\n") == len(lines) - 1 and _UNPRINTABLE_BUT_NEWLINE.search(text) is None
    ):
        return text + "\n"
    return "".join(printable(line) + "\n" for line in lines)


# What printable_block makes of lines, named for a kept listing's text (see
# Library.iter_query_text): the characters it escapes, and a version to raise
# whenever the way it escapes them changes.
PRINTABLE_FORM = f"printable 2 {_UNPRINTABLE.pattern!r} {_UNPRINTABLE_BUT_NEWLINE.pattern!r}"


def printable_lines(text: str) -> str:
    """:func:`printable` for text of several lines (a diff): the line breaks
    (``\\n``, ``\\r\\n``) stay, and a lone ``\\r`` -- a line end of its own
    in a file of old Mac line ends, and so in its diff (see
    :func:`reader.core.article.split.file_lines`) -- ends a line as ``\\r\\n``
    does: split at ``\\n`` alone, such a diff was one line of ``\\r`` escapes
    with its ``+`` and ``-`` in the middle."""
    from reader.core.article.split import file_lines

    out = []
    for line in file_lines(text):
        if line.endswith("\r\n"):
            out.append(printable(line[:-2]) + "\r\n")
        elif line.endswith("\r"):
            out.append(printable(line[:-1]) + "\r\n")
        elif line.endswith("\n"):
            out.append(printable(line[:-1]) + "\n")
        else:
            out.append(printable(line))
    return "".join(out)


def json_path(data: dict[str, Any], key: str = "path") -> dict[str, Any]:
    """``data`` with its ``key`` (a file's path) fit for any JSON reader.

    A file name that is not UTF-8 reaches Python as lone surrogates
    (U+DC80..U+DCFF, one per byte), which JSON can only write as ``\\udcXX``
    escapes: strict readers refuse the line (Rust's serde_json), others turn
    them into U+FFFD (Go's, jq), and the name is lost either way.  So ``key``
    shows each such byte as U+FFFD (as ``show`` and the window show the
    name), and ``KEY_b64`` is added right after it: the name's exact bytes,
    base64, to find the file again (``base64 -d``; Python:
    ``base64.b64decode``).  A path that is valid UTF-8 -- nearly every one
    -- is left as it is, with no ``KEY_b64``."""
    value = data.get(key)
    if not isinstance(value, str) or value.isascii() or _LONE_SURROGATE.search(value) is None:
        return data
    import base64

    from reader.core.article.split import readable

    out: dict[str, Any] = {}
    for name, item in data.items():
        if name != key:
            out[name] = item
            continue
        out[key] = readable(value)
        # (a surrogate that stands for no byte names no file on disk: no KEY_b64)
        with contextlib.suppress(UnicodeEncodeError):
            out[f"{key}_b64"] = base64.b64encode(os.fsencode(value)).decode("ascii")
    return out


def write_json_line(data: object) -> None:
    """``data`` as one line of JSON that every JSON reader takes: a top-level
    ``path`` that is not UTF-8 as :func:`json_path` writes it, and any other
    lone surrogate (text that names no character: a git commit message that
    is not UTF-8) as U+FFFD, as the core shows such text; the characters of
    :data:`_JSON_UNSAFE` escaped."""
    if isinstance(data, dict):
        data = json_path(data)
    text = json.dumps(data, ensure_ascii=False)
    text = _JSON_UNSAFE.sub(_json_escape, text)  # (one pass: surrogates included)
    sys.stdout.write(text + "\n")


def _json_escape(match: re.Match) -> str:
    char = match.group()
    return "\ufffd" if "\ud800" <= char <= "\udfff" else f"\\u{ord(char):04x}"


def _drop(name: str) -> None:
    """Send the rest of ``sys.<name>`` nowhere (what is buffered too)."""
    stream = getattr(sys, name)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())  # (what is buffered goes there too)
        finally:
            os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no file descriptor: a stand-in stream
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def drop_output() -> None:
    """Send the rest of standard output nowhere: its reader has gone (``| head``)."""
    _drop("stdout")


class OutputError(Exception):
    """Standard output could not be written, and not because its reader has
    gone: a full disk (``> /dev/full``), an I/O error.  Raised by writes to
    a standard output :func:`guard_output` wrapped, in place of the
    ``OSError`` (which ended a command in a traceback); not an ``OSError``
    itself, so that no handler of a file's errors takes it for one."""

    def __init__(self, exc: OSError):
        super().__init__(exc.strerror or str(exc))
        self.reason = exc.strerror or str(exc)


class _GuardedStream:
    """A stream (standard output, or the bytes under it) whose ``write`` and
    ``flush`` raise :class:`OutputError` for an ``OSError`` other than a
    closed pipe; everything else is the stream's own."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, data: Any) -> Any:
        try:
            return self._stream.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from None

    @property
    def buffer(self) -> _GuardedStream:
        return _GuardedStream(self._stream.buffer)  # (AttributeError: a stand-in has none)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


#: Why standard output could not be written in this command (None: it could).
_output_lost: list[str] = []


@contextlib.contextmanager
def guard_output() -> Iterator[None]:
    """Standard output wrapped while a command runs (see :class:`_GuardedStream`);
    as it was afterwards."""
    _output_lost.clear()
    original = sys.stdout
    sys.stdout = cast("TextIO", _GuardedStream(original))
    try:
        yield
    finally:
        if isinstance(sys.stdout, _GuardedStream):
            sys.stdout = original


def output_lost() -> str | None:
    """Why standard output could not be written in this command, if it could not."""
    return _output_lost[0] if _output_lost else None


def lose_output(exc: OutputError) -> None:
    """Standard output cannot be written (a full disk): said once on standard
    error, and the rest of the output dropped; the command's exit code then
    says a file could not be written (see ``run_command``)."""
    if not _output_lost:
        _output_lost.append(exc.reason)
        err(printable(f"error: standard output: {exc.reason}; the output is incomplete"))
    drop_output()


def say(text: str = "") -> None:
    """``print(text)`` for what a command reports while it works or once it
    has, where its work or its exit code does not end with the output: once
    the reader of standard output has gone (``set *.md -s k=v | head -1``),
    the rest of the output is dropped and the command carries on, so every
    file is still written and the exit code still says what happened.
    (Listings stop at a closed pipe instead: see ``run_command``.)  Output
    that cannot be written otherwise (a full disk) is said once, and the
    command carries on too."""
    said(lambda: print(text))


def say_json(data: object) -> None:
    """:func:`write_json_line` as :func:`say` writes a line."""
    said(lambda: write_json_line(data))


def said(write: Callable[[], object]) -> None:
    """Run ``write`` (to standard output) as :func:`say` does: a reader gone
    drops the rest of the output, a full disk is said once; no exception."""
    try:
        write()
    except BrokenPipeError:
        drop_output()
    except OutputError as exc:
        lose_output(exc)


# A lone surrogate: how Python keeps a byte of a command-line argument that
# is not UTF-8 (U+DC80..U+DCFF), or half of a pair.  Such an argument can be
# neither looked up (SQLite takes UTF-8 text only) nor written to a file.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def note_unknown(
    command: str,
    library: Library,
    *,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    expr: Expr | None = None,
) -> None:
    """After a listing or a plan that came out empty, say on standard error
    which names its filters ask for that no article has, and the close names
    articles do have (names compare exactly: ``--tag Python`` misses
    ``python``; see ``Library.unknown_names``)."""
    for unknown in library.unknown_names(category=category, tag=tag, author=author, expr=expr):
        err(printable(f"article-reader {command}: note: {unknown.message()}"))


def refuse_bad_text(command: str, values: Sequence[tuple[str, str | None]]) -> int | None:
    """Report the first of ``values`` (the argument's name, its value or
    ``None`` when not given) that is not valid UTF-8 text; the usage exit
    code then, else None."""
    for name, value in values:
        if value is not None and _LONE_SURROGATE.search(value):
            err(
                printable(f"article-reader {command}: error: {name}: not valid UTF-8 text: {value}")
                + locale_hint(value)
            )
            return EXIT_USAGE
    return None


def locale_hint(value: str) -> str:
    """Why text given as valid UTF-8 reached the command as bytes that are
    not (the C locale without Python's UTF-8 mode decodes arguments as
    ASCII), and what to do; "" when that is not why."""
    encoding = sys.getfilesystemencoding()
    if not _LONE_SURROGATE.search(value) or encoding.lower().replace("-", "") == "utf8":
        return ""
    try:
        value.encode(encoding, "surrogateescape").decode("utf-8")
    except (UnicodeError, LookupError):
        return ""
    return (
        f" (it is UTF-8, but this locale reads arguments as {encoding}: "
        "run with LC_ALL=C.UTF-8 or PYTHONUTF8=1)"
    )


def not_a_file(
    path: str | os.PathLike, instead: str, *, missing: str = "no such file"
) -> str | None:
    """Why ``path`` is not the regular file a command needs, in the words
    ``show`` and ``check`` use: ``missing`` when there is nothing there (a
    link to nothing too), ``is a FIFO (named pipe), INSTEAD`` (a folder, a
    device, a socket), ``cannot read: …`` (a loop of links); None for a
    regular file.  Only a stat: nothing is opened, so a FIFO never blocks."""
    from reader.core.common.files import file_kind

    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return missing
    except OSError as exc:  # a loop of links, a name too long
        return f"cannot read: {exc.strerror or exc}"
    kind = file_kind(st.st_mode)
    return None if kind is None else f"is {kind}, {instead}"


def refuse_missing_folder(path: str | os.PathLike) -> int | None:
    """Report ``path`` (a LIBRARY, ``--library DIR``) when it is not a
    folder (missing, a file, a FIFO, a loop of links), in the words and with
    the exit code of every command whose library is not there; that exit
    code then, else None."""
    if os.path.isdir(path):
        return None
    from reader.core.common.files import not_a_folder

    err(printable(f"error: {os.fspath(path)}: {not_a_folder(path)}"))
    return EXIT_FILE


CACHE_HINT = "choose a writable folder with --cache-dir DIR or $ARTICLE_READER_CACHE_DIR"


def error_line(exc: Exception) -> str:
    """``error: PATH: MESSAGE``, with a hint when the cache folder is the problem."""
    from reader.core.article.cache import CacheError, IndexDamagedError

    hint = (
        f" ({CACHE_HINT})"
        if isinstance(exc, CacheError) and not isinstance(exc, IndexDamagedError)
        else ""
    )
    return printable(f"error: {exc}{hint}")


def err_block(message: object) -> None:
    """An error of several lines (git's own message, say) as lines: the
    first prefixed ``error: ``, the others indented under it, each made
    :func:`printable` (a line break shown as a line break, not as ``\\n``);
    blank lines are left out."""
    lines = [line for line in str(message).splitlines() if line.strip()] or [""]
    err(printable(f"error: {lines[0]}"))
    for line in lines[1:]:
        err("  " + printable(line))


def open_library(
    args: argparse.Namespace,
    *,
    writes: bool = False,
    fulltext: bool = False,
    max_wait: float | None = None,
    list_unreadable: bool = True,
    verify: bool = False,
) -> tuple[Library, RefreshStats] | None:
    """The library, refreshed (never stale) and with ``fulltext`` its
    full-text index complete; ``None`` after reporting an error.  With
    ``max_wait`` (seconds), bringing the index up to date stops at that
    deadline, keeping what it finished (``stats.cancelled`` then).  The
    files the refresh could not read are listed as errors, unless
    ``list_unreadable`` is false (a command about one file, which says that
    file's own problem, in ``stats.unreadable`` still).  With ``verify``,
    the articles whose full text the index lost are read again.

    When the index cannot be written (also when the disk fills up while it
    is brought up to date), commands that only read (``writes`` false) carry
    on with a temporary index after a one-line warning; those that write
    refuse, because their undo journal needs a safe home."""
    from reader.core.article.cache import CacheBusy
    from reader.core.article.model import ArticleError
    from reader.core.library.facade import CacheError, Library

    deadline = None if max_wait is None else time.monotonic() + max(0.0, max_wait)

    def past_deadline() -> bool:
        return deadline is not None and time.monotonic() >= deadline

    def prepared(library: Library) -> RefreshStats:
        # The full text from the same read of each file as the metadata.
        cancel = past_deadline if deadline is not None else None
        if library.first_load_running():  # (the refresh waits for it: said, not silent)
            err(
                "another process is building this library's index; waiting for it to end "
                "(Ctrl+C to stop)"
            )
        stats = library.refresh(fulltext=fulltext, cancel=cancel)
        if fulltext and not stats.cancelled:
            if verify:
                library.relink_lost_fulltext()
            library.build_fulltext(cancel=cancel)
            stats.cancelled = past_deadline()
        return stats

    library = None
    try:
        try:
            library = Library.open(args.library, cache_dir=args.cache_dir)
            stats = prepared(library)
        except CacheError as exc:
            if library is not None:
                library.close()
                library = None
            if writes or isinstance(exc, CacheBusy):  # (busy: said, not built again)
                err(error_line(exc))
                return None
            err(printable(f"warning: {exc}; using a temporary index for now ({CACHE_HINT})"))
            library = Library.open_temporary(args.library, str(exc))
            stats = prepared(library)
    except ArticleError as exc:
        if library is not None:
            library.close()
        err(printable(f"error: {exc}"))
        return None
    for unreadable in stats.unreadable if list_unreadable else ():
        err(printable(f"error: {library.root / unreadable.path}: {unreadable.message}"))
    say_interrupted(library, args)
    return library, stats


def say_interrupted(library: Library, args: argparse.Namespace) -> None:
    """Warn, once, of the library's last edit when it was cut short (a
    bulk edit or a publish killed half way: a post in _posts, its images
    still in _drafts, and nothing said)."""
    cut = library.interrupted_operation()
    if cut is not None:
        err(
            printable(
                f"warning: the last edit ({cut.description}) was cut short before it "
                f"ended; what it changed stays as it is ({undo_command(args)} takes it back)"
            )
        )


def report_skipped(
    library: Library,
    skipped: Sequence[tuple[str, str]],
    failed: Sequence[tuple[str, str]] = (),
    unread: int = 0,
) -> int:
    """Report the files a command skipped or could not write; ``unread``
    counts the files the index could not read (each reported already by
    :func:`open_library`), which an edit over the library could not look
    into either: the command did not do all it was asked to."""
    for path, reason in [*skipped, *failed]:
        err(printable(f"error: {library.root / path}: {reason}; skipped"))
    if unread:
        err(f"{unread} file(s) could not be read (above); any of them may need this edit too")
    return EXIT_FILE if skipped or failed or unread else EXIT_OK


def bulk_turn(library: Library, dry_run: bool = False) -> contextlib.AbstractContextManager[None]:
    """The library's turn for a bulk edit or undo (see
    :meth:`~reader.core.library.facade.Library.bulk_turn`), saying when it
    waits for another's; none for a dry run (it writes nothing)."""
    if dry_run:
        return contextlib.nullcontext()
    return library.bulk_turn(
        lambda: err("waiting for another bulk edit or undo in this library to end…")
    )


@contextlib.contextmanager
def signals_deferred() -> Iterator[list[int]]:
    """Ctrl+C, SIGTERM and SIGHUP while this runs are noted in the list it
    gives (their numbers), not raised: what runs inside finishes its step
    (or, asked through the list, stops between steps) and is reported.  A
    second signal stops it at once, as the command's own handler does."""
    from reader.core.common.tasks import install_stop_handlers, restore_handlers

    received: list[int] = []
    previous: dict[int, Any] = {}

    def stop(signum: int, frame: Any) -> None:
        if received:  # asked twice: at once, as the command's own handler does
            handler = previous.get(signum)
            if callable(handler):
                handler(signum, frame)
            raise KeyboardInterrupt
        received.append(signum)
        # (said at once: a step can be long, a page of megabytes read, and
        # the command seemed to ignore it; written past Python's buffer,
        # which the signal may have come in the middle of)
        with contextlib.suppress(OSError):
            os.write(2, b"stopping after the step being done (again to stop at once)\n")

    previous.update(install_stop_handlers(stop))
    try:
        yield received
    finally:
        restore_handlers(previous)


def apply_stoppable(library: Library, plan: BulkPlan) -> tuple[BulkResult, int | None]:
    """Carry out ``plan``; Ctrl+C, SIGTERM or SIGHUP stop it after the file
    it is writing, so that the files changed so far are still reported with
    the undo command (stopped at once, the command said only "stopped").
    The result, and the number of the signal that stopped it (None: it ran
    to its end).  A second signal stops it at once, as before."""
    with signals_deferred() as received:
        result = library.apply(plan, cancel=lambda: bool(received))
    return result, (received[0] if received else None)


def note_index_behind(library: Library) -> None:
    """Warn when the index could not take in what was just written (its
    disk full, another program holding it): the files are written all the
    same, and the next command that can write the index takes them in."""
    if library.index_behind:
        err(
            printable(
                f"warning: {library.index_behind}; the files were written all the same, "
                "and the index takes them in at the next command that can write it"
            )
        )


def undo_command(args: argparse.Namespace) -> str:
    """The ``undo`` command that undoes what the command of ``args`` did,
    ready to paste: its LIBRARY as typed and its ``--cache-dir`` (the undo
    journal is there; without it, 'nothing to undo'), each quoted for the
    shell, a name starting with ``-`` made ``./-…`` (else taken for an option)."""

    def quoted(path: str) -> str:
        return shlex.quote(f"./{path}" if path.startswith("-") else path)

    words = ["article-reader", "undo"]
    cache_dir = getattr(args, "cache_dir", None)
    if cache_dir:
        words += ["--cache-dir", quoted(cache_dir)]
    return " ".join([*words, quoted(args.library)])


def report_applied(
    library: Library,
    undo: str,
    description: str,
    result: BulkResult,
    skipped: Sequence[tuple[str, str]],
    unread: int = 0,
    signal_number: int | None = None,
) -> int:
    """Report a bulk edit that was applied: each file saved, how many (with
    the ``undo`` command, see :func:`undo_command`), an edit stopped early
    (the journal could not be written, or ``signal_number`` came: the exit
    code is then 128 and it), and what :func:`report_skipped` reports; the
    exit code."""
    for path in result.changed:
        say(printable(f"{library.root / path}: saved"))
    if result.changed:
        err(f"{description}: {len(result.changed)} file(s) changed (undo: {printable(undo)})")
    else:
        err(f"{description}: no file was changed")
    if result.stopped is not None:
        done = (
            "the files above stay changed (undo restores them)"
            if result.changed
            else "nothing was written"
        )
        err(
            printable(
                f"error: stopped early: {result.stopped}; {done}; "
                "make room for the journal and run it again"
            )
        )
    note_index_behind(library)
    code = report_skipped(library, [*skipped, *result.skipped], result.failed, unread=unread)
    if signal_number is not None and result.cancelled:  # (else it came after the last file)
        left = len(result.changed) + len(result.skipped) + len(result.failed)
        err(f"stopped: the edit was stopped before it was done ({left} file(s) reached)")
        return 128 + signal_number
    return code


Command = Callable[[argparse.Namespace], int]
SubParsers = argparse._SubParsersAction  # the value of ``add_subparsers()``


def library_parser(sub: SubParsers, name: str, **kwargs: Any) -> Parser:
    """A sub-command over a whole library: its LIBRARY and --cache-dir."""
    p: Parser = sub.add_parser(name, **kwargs)
    p.add_argument("library", metavar="LIBRARY", type=path_value, help="the library folder")
    p.add_argument(
        "--cache-dir",
        metavar="DIR",
        type=folder_value,
        help="where the index lives (default: $ARTICLE_READER_CACHE_DIR or the user cache)",
    )
    return p
