"""Saved searches from the command line: ``saved LIBRARY`` lists them and
manages them (``--add``, ``--rename``, ``--delete``), and ``list --saved
NAME`` / ``export --saved NAME`` run one (see
reader.core.library.state.searches)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_FILE,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    SubParsers,
    err,
    library_parser,
    printable,
    refuse_bad_text,
    refuse_missing_folder,
    write_json_line,
)

if TYPE_CHECKING:
    from reader.core.library.state.searches import SavedSearch, SavedSearches

__all__ = ["add_saved_option", "register", "resolve_saved"]


def open_searches(library: str | os.PathLike) -> SavedSearches:
    """The saved searches of the library ``library`` belongs to; their
    warnings (damaged log lines) go to standard error."""
    from reader.core.library.root import find_library_root
    from reader.core.library.state.searches import SavedSearches

    searches = SavedSearches.open(find_library_root(library))
    for warning in searches.warnings:
        err(printable(f"warning: {warning}"))
    searches.warnings.clear()
    return searches


def add_saved_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--saved",
        metavar="NAME",
        help="the query of a saved search (see the saved command); not with --query",
    )


def resolve_saved(args: argparse.Namespace, command: str) -> int | None:
    """Put the query of ``--saved NAME`` in ``args.query``; an exit code after
    reporting a problem (an unknown name: usage), else None."""
    name = getattr(args, "saved", None)
    if name is None:
        return None
    if args.query is not None:
        err(f"article-reader {command}: error: give --query or --saved, not both")
        return EXIT_USAGE
    failed = refuse_bad_text(command, [("--saved", name)])
    if failed is not None:
        return failed
    missing = refuse_missing_folder(args.library)
    if missing is not None:
        return missing
    found = _named(open_searches(args.library), name)
    if found is None:
        err(printable(f"article-reader {command}: error: no saved search called {name!r}"))
        return EXIT_USAGE
    args.query = found.query
    return None


def _named(searches: SavedSearches, name: str) -> SavedSearch | None:
    """The saved search called ``name`` (see ``SavedSearches.find``); when
    devices saved one of that name each, a note says which one this is and
    how to tell them apart."""
    found = searches.named(name)
    if len(found) > 1:
        first = found[0]
        called = (
            f"are called {first.name!r}"
            if all(s.name == first.name for s in found)
            else f"match {name.strip()!r}"
        )
        err(
            printable(
                f"note: {len(found)} saved searches {called} (saved on more than one device); "
                f"this is the one saved first, {first.name!r} ({first.query}); "
                "rename one of them (saved --rename) to tell them apart"
            )
        )
    return found[0] if found else None


def cmd_saved(args: argparse.Namespace) -> int:
    from reader.core.library.querylang import QueryError, parse
    from reader.core.library.state.searches import SearchGoneError, SearchNameError

    names = [("NAME", (args.add or [None])[0]), ("NAME", args.delete)]
    names += [("OLD", args.rename[0]), ("NEW", args.rename[1])] if args.rename else []
    failed = refuse_bad_text("saved", names)  # (a query is the parser's to check)
    if failed is not None:
        return failed
    missing = refuse_missing_folder(args.library)
    if missing is not None:
        return missing
    searches = open_searches(args.library)
    try:
        if args.add is not None:
            name, query = args.add[0], args.add[1].strip()  # (see _join_negative_values)
            try:
                expr = parse(query)
            except QueryError as exc:
                from reader.cli.library import query_error

                exc.text = query
                return query_error("saved", exc)
            from reader.cli.library import ignored_texts, note_ignored

            note_ignored("saved", ignored_texts(expr))
            saved = searches.add(name, query)
            err(printable(f"saved {saved.name!r}"))
        elif args.rename is not None:
            old, new = args.rename
            found = _named(searches, old)
            if found is None:
                return _unknown(old)
            saved = searches.rename(found.id, new, was=found.name)
            err(printable(f"renamed {found.name!r} to {saved.name!r}"))
        elif args.delete is not None:
            found = _named(searches, args.delete)
            if found is None:
                return _unknown(args.delete)
            searches.delete(found.id, was=found.name)
            err(printable(f"deleted {found.name!r}"))
        else:
            listed = searches.searches()
            for search in listed:
                if args.json:
                    write_json_line(search.as_dict())
                else:
                    print(f"{printable(search.name)}\t{printable(search.query)}")
            if not args.json:
                err(f"{len(listed)} saved search(es)")
    except SearchNameError as exc:
        err(printable(f"article-reader saved: error: {exc}"))
        return EXIT_USAGE
    except SearchGoneError:  # deleted by another process since it was found
        return _unknown(args.rename[0] if args.rename is not None else args.delete)
    except BrokenPipeError:
        raise  # (the list's reader went away: no error, as for every command)
    except OSError as exc:
        err(printable(f"error: {searches.log_path}: cannot be written: {exc.strerror or exc}"))
        return EXIT_FILE
    note = searches.location_note
    if note is not None and (args.add or args.rename or args.delete):
        err(printable(f"note: {note}"))
    return EXIT_OK


def _unknown(name: str) -> int:
    err(printable(f"article-reader saved: error: no saved search called {name.strip()!r}"))
    return EXIT_USAGE


def register(sub: SubParsers, commands: dict[str, Command]) -> None:
    p = library_parser(
        sub,
        "saved",
        help="list saved searches, or add, rename or delete one",
        description="Saved searches are kept in the library's .article-reader/searches "
        "folder, one file per device, and merge when the library is synced. Without an "
        "option they are listed (name, a tab, the query).",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--add", nargs=2, metavar=("NAME", "QUERY"), help="save QUERY (docs/query.md) as NAME"
    )
    which.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a saved search")
    which.add_argument("--delete", metavar="NAME", help="delete a saved search")
    p.add_argument(
        "--json",
        action="store_true",
        help="list as JSON Lines: id, name, query, created (seconds since 1970)",
    )
    commands["saved"] = cmd_saved
