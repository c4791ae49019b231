"""Reading state on the command line: ``mark``, and the helpers ``list``,
``show`` and ``undo`` use for the state fields; see
reader.core.library.state."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.common import (
    EXIT_FILE,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    SubParsers,
    err,
    folder_value,
    not_a_file,
    path_value,
    printable,
    refuse_missing_folder,
    say,
)

if TYPE_CHECKING:
    from reader.core.library.changes import EditedPaths
    from reader.core.library.facade import Library
    from reader.core.library.querylang import StateProvider
    from reader.core.library.state import ReadingState

# flag -> (field, value); value None for "later" on: the end of the queue
_FLAGS: dict[str, tuple[str, Any]] = {
    "read": ("read", True),
    "unread": ("read", False),
    "star": ("starred", True),
    "unstar": ("starred", False),
    "later": ("later", ...),
    "not_later": ("later", None),
}


def open_state(
    root: str | os.PathLike,
    *,
    library: str | os.PathLike | None = None,
    writes: bool = False,
    cache_dir: str | os.PathLike | None = None,
) -> ReadingState:
    """The reading state kept at ``root`` (paths relative to ``library``, a
    folder at or below it; default the root); its warnings (damaged log
    lines; with ``writes``, a read-only library) go to standard error."""
    from reader.core.library.state import ReadingState

    state = ReadingState.open(root, library=library, cache_dir=cache_dir)
    report_warnings(state, writes=writes)
    return state


def report_warnings(state: ReadingState, *, writes: bool = False) -> None:
    for warning in state.warnings:
        err(printable(f"warning: {warning}"))
    state.warnings.clear()
    if writes and state.location_note:
        err(printable(f"note: {state.location_note}"))


def state_filter(args: argparse.Namespace) -> str | None:
    """Which of ``list --unread/--starred/--later`` was given (at most one)."""
    chosen = [name for name in ("unread", "starred", "later") if getattr(args, name, False)]
    if len(chosen) > 1:
        raise ValueError("give at most one of --unread, --starred, --later")
    return chosen[0] if chosen else None


def filter_rows(
    state: ReadingState, rows: Iterable[Any], which: str, keep_order: bool
) -> Iterator[Any]:
    """``rows`` (with a ``path``) that are unread, starred or read-later, as
    they come (a million unread articles are never held at once);
    read-later ones in queue order unless ``keep_order``."""
    if which == "unread":
        read = state.paths_with("read", True)
        return (row for row in rows if row.path not in read)
    if which == "starred":
        starred = state.paths_with("starred", True)
        return (row for row in rows if row.path in starred)
    queue = state.later_queue()
    queued = set(queue)
    if keep_order:
        return (row for row in rows if row.path in queued)
    by_path = {row.path: row for row in rows if row.path in queued}
    return (by_path[path] for path in queue if path in by_path)


def state_dict(state: ReadingState, path: str) -> dict[str, Any]:
    return state.get(path).as_dict()


def add_list_options(p: argparse.ArgumentParser) -> None:
    """``--unread``, ``--starred``, ``--later`` for ``list``."""
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--starred", action="store_true", help="only starred articles")
    p.add_argument(
        "--later",
        action="store_true",
        help="only articles in the read-later queue (in queue order unless --sort is given)",
    )


def show_states(files: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The state of each of ``files`` (as given), read from its library
    (found by :func:`reader.core.library.root.find_library_root`)."""
    from reader.core.library.root import find_library_root
    from reader.core.library.scan import relative_path

    states: dict[Path, ReadingState] = {}
    out = {}
    for name in files:
        try:
            root = find_library_root(name, indexed=True)
            if root not in states:
                states[root] = open_state(root)
            rel = relative_path(root, os.path.abspath(name))
        except OSError:
            continue
        if rel:
            out[name] = state_dict(states[root], rel)
    return out


def state_of(library: Library) -> ReadingState:
    """The reading state of a library opened by a command: kept at its
    library root (:func:`reader.core.library.root.find_library_root`),
    paths relative to the library's folder."""
    from reader.core.library.root import find_library_root

    root = find_library_root(library.root)
    return open_state(root, library=library.root, cache_dir=library.cache_root)


def query_states(library: Library) -> StateProvider | None:
    """The reading state's answer to ``is:unread``/``is:starred``/``is:later``
    (as ``list --query`` has it), or None when it cannot be read."""
    try:
        return state_of(library).query_states
    except OSError:
        return None


def device_edits(library_root: str | os.PathLike) -> EditedPaths:
    """The record of what this device's app wrote in the library at
    ``library_root`` (the folder given to the command)."""
    from reader.core.library.root import find_library_root
    from reader.core.library.state import DeviceEdits

    return DeviceEdits(open_state(find_library_root(library_root), library=library_root))


def record_edited(files: Sequence[str | os.PathLike]) -> None:
    """``set`` wrote these files: note them as edited by the app in their
    library's reading state, when that library has one already (as
    :func:`attach_state`).  Never an error, let alone a traceback: the files
    are written, and a state that cannot take the note (a damaged log, a
    folder that cannot be written) is worth a warning, not the failure of
    what was done."""
    from reader.core.library.root import STATE_FOLDER, find_library_root

    states: dict[Path, ReadingState] = {}
    for name in files:
        try:
            path = Path(name).resolve()
            root = find_library_root(path.parent)
            if not (root / STATE_FOLDER).is_dir():
                continue
            if root not in states:
                states[root] = open_state(root)
            states[root].edited([path.relative_to(root).as_posix()])
        except Exception as exc:  # the write stands, whatever went wrong here
            why = f"written, but not recorded as edited by the app: {exc}"
            err(printable(f"warning: {name}: {why}"))


def attach_state(library: Library) -> None:
    """Record what the library writes (``edited``) in the reading state, when
    the library has one already (an edit alone never creates
    ``.article-reader/`` in someone's folder; the window does, on opening)."""
    from reader.core.library.root import STATE_FOLDER, find_library_root

    if (find_library_root(library.root) / STATE_FOLDER).is_dir():
        with contextlib.suppress(OSError):
            library.attach_observer(state_of(library))


def undo_mark_all_if_latest(library: Library) -> int | None:
    """``undo``: when the last "mark all as read" is more recent than the
    last bulk edit still to undo, undo it and return the exit code; else
    None (the caller undoes the bulk edit)."""
    from reader.core.article.model import ArticleError

    try:
        state = state_of(library)
        last = state.last_mark_all()
    except OSError:
        return None
    if last is None:
        return None
    try:
        operation = library.last_operation()
    except ArticleError:
        operation = None
    if operation is not None and not operation.undone and operation.created > last.time:
        return None
    try:
        undone = state.undo_mark_all()
    except OSError as exc:
        err(printable(f"error: {state.log_path}: cannot be written: {exc.strerror or exc}"))
        return EXIT_FILE
    count = undone.count if undone is not None else 0
    kept = last.count - count
    since = f"; {kept} kept as read or unread since" if kept > 0 else ""
    err(printable(f"undid {last.description}: {count} article(s) unread again{since}"))
    return EXIT_OK


def _targets(args: argparse.Namespace) -> tuple[Path, Path, list[str]]:
    """The library root (where the state is kept), the library folder the
    PATHs are relative to (at or below the root), and the PATHs (as given).
    A LIBRARY or ``--library`` inside a library is only that folder: the
    root is found by walking up, as for every other command, so a second
    state folder never starts inside the first."""
    from reader.core.library.root import STATE_FOLDER, find_library_root, known_library_root

    paths: list[str] = list(args.paths)
    if args.library is not None:
        folder = Path(args.library).resolve()
        if len(paths) > 1 and os.path.isdir(paths[0]) and Path(paths[0]).resolve() == folder:
            # `mark LIB --library LIB PATH`: the library named twice, the
            # first as 'mark LIBRARY PATH...' names it, not a folder to mark
            # whole (every article of it was marked, also beside a PATH
            # outside it or mistyped)
            paths = paths[1:]
        return find_library_root(folder, indexed=True), folder, paths
    first = Path(paths[0])
    if len(paths) > 1 and os.path.isdir(first):
        folder = first.resolve()
        # A PATH is inside LIBRARY as cmd_mark reads it against the folder
        # (links resolved, as _same_library resolves them): by the names
        # alone, a LIBRARY that is a link to a folder held none of the
        # PATHs through the folder's own name, and was marked whole.
        inside = [_inside(folder, p) for p in paths[1:]]
        # mark LIBRARY PATH...: a PATH outside it (or outside the library
        # the first PATH is in) is an error of its own, not a reason to take
        # LIBRARY as a folder to mark whole (that starred every article of it)
        if any(inside) or not all(_same_library(first, p) for p in paths[1:]):
            return find_library_root(folder, indexed=True), folder, paths[1:]
    # The first PATH that is there names the library: a mistyped first one
    # made the current folder the library, and the state of the others was
    # written there, in a state folder of its own, where no listing saw it.
    named = next((p for p in paths if p.strip() and os.path.lexists(p)), paths[0])
    if (
        os.path.lexists(named)
        and not os.path.isdir(named)
        and known_library_root(named, indexed=True) is None
        and not os.path.lexists(os.path.join(os.path.dirname(os.path.abspath(named)), STATE_FOLDER))
    ):
        # The file's folder would be a guess: a file of _posts/ made _posts
        # the library, whose state no listing of the library saw, and whose
        # state folder, once made, won over the library's own ever after.
        raise _UnknownLibrary(named)
    root = find_library_root(named, indexed=True)
    return root, root, paths


class _UnknownLibrary(Exception):
    """No folder above a file to mark is known as its library."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _inside(folder: Path, name: str) -> bool:
    """Whether the PATH ``name`` is below ``folder`` (resolved) as
    :func:`cmd_mark` reads it: its folder's links followed, as for the
    library folder."""
    from reader.core.library.scan import relative_path

    rel = relative_path(folder, os.path.abspath(name))
    return rel is not None and rel != "" and ".." not in rel.split("/")


def _same_library(first: Path, other: str) -> bool:
    """Whether ``other`` is inside the library that ``first`` is in (so that
    the two can be marked as PATHs of one library)."""
    from reader.core.article.boundary import within
    from reader.core.library.root import find_library_root

    return within(other, find_library_root(first, indexed=True))


def _not_listed(folder: Path, target: Path) -> str | None:
    """Why ``list`` would not show ``target`` (under the library folder
    ``folder``) although it is there: a link to outside the library, or a
    sync tool's conflict copy set aside under its original."""
    from reader.core.library.sync_copies import existing_original, is_listed_file

    real, inside = os.path.realpath(target), os.path.realpath(folder)
    if os.path.lexists(target) and real != inside and not real.startswith(inside + os.sep):
        return "a symbolic link to outside the library"
    if not os.path.isdir(target):
        original = existing_original(target.name, lambda n: is_listed_file(target.parent / n))
        if original is not None:
            return (
                f"a sync tool's conflict copy of {original}, not an article of its own "
                "(resolve the conflict, or rename the copy)"
            )
    return None


_SKIPPED_FOLDER = (
    "a folder that list never enters (hidden, a tool's, or a site's generated output); "
    "nothing marked"
)


def _unlisted(folder: Path, rel: str) -> str:
    """Why ``list`` does not show the article file ``rel`` (there, regular,
    not a link out nor a conflict copy): its state would be kept for a path
    no listing shows -- and taken, when the file is renamed, for an
    identical article's."""
    from reader.core.library.scan import in_skipped_folder, is_skipped_name

    parts = rel.split("/")
    if is_skipped_name(parts[-1]):
        return "a hidden file or an editor's leftover, which list never shows; nothing marked"
    if in_skipped_folder(os.path.realpath(folder), parts[:-1]):
        return f"in {_SKIPPED_FOLDER}"
    return "outside the site's content, which list never shows; nothing marked"


def _as_listed(folder: Path, rel: str, target: Path) -> tuple[str, Path]:
    """``rel`` and ``target`` as ``list`` names them: a path through a link
    to a place inside the library is that place (its state was written under
    a path no listing shows)."""
    inside = os.path.realpath(folder)
    real = os.path.realpath(target)
    if real == os.path.abspath(target) or not os.path.lexists(target):
        return rel, target
    if real != inside and not real.startswith(inside + os.sep):
        return rel, target  # (outside: refused by _not_listed)
    listed = Path(os.path.relpath(real, inside)).as_posix()
    listed = "" if listed == "." else listed
    return listed, folder.joinpath(*listed.split("/")) if listed else folder


def _invalid_name(rel: str) -> str:
    """Why reading state cannot be kept for ``rel`` (see ``valid_path``)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8"
    return "the path cannot be kept in the reading state (a backslash on this system)"


def cmd_mark(args: argparse.Namespace) -> int:
    from reader.core.library.scan import (
        ARTICLE_SUFFIXES,
        FolderSizes,
        in_skipped_folder,
        relative_path,
        scan,
        stat_article,
    )
    from reader.core.library.state.log import valid_path

    chosen = [(flag, *_FLAGS[flag]) for flag in _FLAGS if getattr(args, flag)]
    if not chosen:
        err(
            "article-reader mark: error: give at least one of --read, --unread, --star, "
            "--unstar, --later, --not-later"
        )
        return EXIT_USAGE
    fields = [field for _, field, _ in chosen]
    if len(set(fields)) != len(fields):
        err(
            "article-reader mark: error: --read/--unread, --star/--unstar and "
            "--later/--not-later each take one side"
        )
        return EXIT_USAGE
    if args.library is not None:
        # as every command whose library is not there (list, undo, commit…): not usage
        missing = refuse_missing_folder(args.library)
        if missing is not None:
            return missing
    try:
        root, folder, names = _targets(args)
    except _UnknownLibrary as exc:
        err(
            printable(
                f"error: {exc.name}: not in a library opened before (no folder above it has "
                "been listed, indexed or opened in the window); name the library: "
                "mark --library DIR"
            )
        )
        return EXIT_USAGE
    status = EXIT_OK
    single: list[str] = []
    folders: list[str] = []
    scanned: set[str] = set()
    for name in names:
        if not name.strip():  # an empty "$FILE" in a script: never the whole folder
            err("error: an empty PATH; name a file or a folder")
            status = EXIT_USAGE
            continue
        rel = relative_path(folder, os.path.abspath(name))  # as the shell gave it
        if rel is None or any(part in ("..",) for part in rel.split("/")):
            if not os.path.lexists(name):
                err(printable(f"error: {name}: no such file or folder"))
                status = EXIT_FILE
                continue
            err(printable(f"error: {name}: not inside the library {folder}"))
            status = EXIT_USAGE
            continue
        target = folder.joinpath(*rel.split("/")) if rel else folder
        rel, target = _as_listed(folder, rel, target)
        why = _not_listed(folder, target) if os.path.isdir(target) else None
        if why is not None:  # what list never shows is never marked
            err(printable(f"error: {name}: {why}"))
            status = EXIT_FILE
            continue
        if os.path.isdir(target):
            if rel and in_skipped_folder(os.path.realpath(folder), rel.split("/")):
                err(printable(f"error: {name}: {_SKIPPED_FOLDER}"))
                status = EXIT_FILE
                continue
            if rel in scanned:  # (named twice: 'mark LIB LIB' said each problem twice)
                continue
            scanned.add(rel)
            result = scan(folder, rel) if rel else scan(folder)
            for problem in result.unreadable:  # (said, as list says them: never silent)
                err(printable(f"error: {folder / problem.path}: {problem.message}"))
                status = EXIT_FILE
            if not result and not result.unreadable:
                err(printable(f"note: {name}: no articles in this folder"))
            for found in sorted(result):
                if valid_path(found):
                    folders.append(found)
                else:  # as the index: such a name is not kept
                    err(printable(f"error: {folder / found}: {_invalid_name(found)}"))
                    status = EXIT_FILE
            continue
        why = not_a_file(target, "not an article file", missing="no such file or folder")
        if why is not None:
            err(printable(f"error: {name}: {why}"))
            status = EXIT_FILE
            continue
        if not target.name.lower().endswith(ARTICLE_SUFFIXES):
            err(printable(f"error: {name}: not an article file"))
            status = EXIT_FILE
            continue
        why = _not_listed(folder, target)
        if why is None and not valid_path(rel):
            why = _invalid_name(rel)
        if why is None and stat_article(folder, rel) is None:  # list never shows it
            why = _unlisted(folder, rel)
        if why is not None:
            err(printable(f"error: {name}: {why}"))
            status = EXIT_FILE
            continue
        single.append(rel)
    paths = list(dict.fromkeys([*single, *folders]))
    if not paths:
        err("0 article(s) marked")
        return status
    try:
        state = open_state(root, library=folder, writes=True)
        opened_note = state.location_note  # (said at the open)
        # renamed outside the app: the state follows first (as list does), or
        # the new path took the marks alone and the old one kept the rest
        state.resolve_moves(FolderSizes(folder, paths))
        values: list[tuple[str, str, Any]] = []
        for flag, field, value in chosen:
            if flag == "read" and folders:
                # a whole folder marked read: one "mark all as read", undoable
                state.mark_all_read(paths)
                continue
            if value is ...:  # the end of the queue, in the order given
                values += [(p, field, state.next_later()) for p in paths]
                continue
            values += [(p, field, value) for p in paths]
        state.set_values(values)
        state.compact_if_large()  # this device's own log only
        # (where the marks are kept is said again only when it changed
        # since: the library's log found unwritable, kept per user now)
        report_warnings(state, writes=state.location_note != opened_note)
    except OSError as exc:
        err(printable(f"error: {exc.filename or root}: cannot be written: {exc.strerror or exc}"))
        return EXIT_FILE
    labels = ", ".join(flag.replace("_", "-") for flag, _, _ in chosen)
    for path in paths:
        say(printable(f"{path}: {labels}"))
    err(f"{len(paths)} article(s) marked")
    return status


def register(sub: SubParsers, commands: dict[str, Command]) -> None:
    p = sub.add_parser(
        "mark",
        # (the LIBRARY that may come first shown too: argparse's own left it out)
        usage="%(prog)s [-h] [--library DIR] [--read] [--unread] [--star]\n"
        + " " * 27
        + "[--unstar] [--later] [--not-later] [LIBRARY] PATH [PATH ...]",
        help="mark articles read, unread, starred or read-later",
        description="Mark articles (files, or every article in a folder) in the reading "
        "state kept beside the library (.article-reader/state/); the articles themselves "
        "are never changed.  The library is found by walking up from the first PATH to a "
        "folder holding .article-reader/, a site root, or a folder listed or indexed "
        "before (in the default cache); a file that none of these claims is refused "
        "(exit 2).  --library names it, and so does 'mark LIBRARY PATH...'.  Marking a "
        "folder read can be undone with 'article-reader undo LIBRARY'.",
    )
    p.intermixed = True  # (mark LIB --star PATH: its options take no value but --library's)
    p.add_argument(
        "paths", nargs="+", metavar="PATH", type=path_value, help="article files or folders"
    )
    p.add_argument(
        "--library", metavar="DIR", type=folder_value, help="the library folder (default: found)"
    )
    p.add_argument("--read", action="store_true", help="mark read")
    p.add_argument("--unread", action="store_true", help="mark unread")
    p.add_argument("--star", action="store_true", help="star")
    p.add_argument("--unstar", action="store_true", help="remove the star")
    p.add_argument("--later", action="store_true", help="add to the end of the read-later queue")
    p.add_argument(
        "--not-later", dest="not_later", action="store_true", help="take out of the queue"
    )
    commands["mark"] = cmd_mark
