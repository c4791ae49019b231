"""Commands over a whole library (its index): list, search, index, the bulk
renames and undo; see reader.core.library.facade."""

from __future__ import annotations

import argparse
import codecs
import itertools
import os
import sys
from typing import TYPE_CHECKING, cast

from reader.cli.common import (
    CACHE_HINT,
    EXIT_FILE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    PRINTABLE_FORM,
    Command,
    Once,
    OnceQuery,
    SubParsers,
    apply_stoppable,
    bulk_turn,
    err,
    error_line,
    library_parser,
    limit_value,
    note_index_behind,
    note_unknown,
    open_library,
    printable,
    printable_block,
    printable_lines,
    refuse_bad_text,
    report_applied,
    report_skipped,
    say,
    signals_deferred,
    undo_command,
    write_json_line,
    year_value,
)
from reader.cli.saved import add_saved_option, resolve_saved
from reader.cli.state import add_list_options

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reader.core.library.facade import Library
    from reader.core.library.querylang import Expr, QueryError
    from reader.core.library.records import Summary
    from reader.core.library.refresh import RefreshStats


def cmd_list(args: argparse.Namespace) -> int:
    from reader.cli.state import filter_rows, state_dict, state_filter, state_of
    from reader.core.article.taxonomy import parse_category_path
    from reader.core.library.query import Query, ignored_text_words
    from reader.core.library.querylang import QueryError, is_metadata_only, parse

    if args.limit is not None and args.limit < 0:
        err("article-reader list: error: --limit must be 0 or more")
        return EXIT_USAGE
    # an option that would change nothing is a mistyped command, not a no-op
    for given, needed in (("--exact", "--category"), ("--excerpts", "--json")):
        if getattr(args, given[2:]) and not getattr(args, needed[2:]):
            err(f"article-reader list: error: {given} works only with {needed}")
            return EXIT_USAGE
    failed = refuse_bad_text(
        "list", [("--tag", args.tag), ("--category", args.category), ("--author", args.author)]
    )
    if failed is not None:
        return failed
    # ("/", " / ": every article was listed)
    if args.category is not None and not parse_category_path(args.category):
        err(
            printable(
                f"article-reader list: error: --category {args.category!r} names no "
                "category (levels are separated by /)"
            )
        )
        return EXIT_USAGE
    failed = resolve_saved(args, "list")  # --saved NAME: its query
    if failed is not None:
        return failed
    try:
        which = state_filter(args)
    except ValueError as exc:
        err(f"article-reader list: error: {exc}")
        return EXIT_USAGE
    if args.month is not None and args.day is not None:
        # (no year: a day no month of any year has, as --query date: says)
        import calendar

        year = args.year if args.year is not None else 2000  # (a leap year: 29 Feb is one)
        if year >= 1 and args.day > calendar.monthrange(min(year, 9999), args.month)[1]:
            err(
                f"article-reader list: error: there is no day {args.day} in month {args.month}"
                + (f" of {args.year}" if args.year is not None else "")
            )
            return EXIT_USAGE
    expr = None
    if args.query is not None:
        try:
            expr = parse(args.query)
        except QueryError as exc:
            return query_error("list", exc, args)
    ignored = ignored_texts(expr) if expr is not None else []
    note_ignored("list", ignored + ignored_text_words(args.text))
    _note_text_negation(args.text)
    needs_text = bool(args.text) or (expr is not None and not is_metadata_only(expr))
    opened = open_library(args, fulltext=needs_text)
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    with library:
        query = Query(
            category=parse_category_path(args.category) if args.category else None,
            descendants=not args.exact,
            tag=args.tag,
            author=args.author,
            year=args.year,
            month=args.month,
            day=args.day,
            problems=args.problems,
            uncategorized=args.uncategorized,
            undated=args.undated,
            text=args.text,
            sort=args.sort or "-date",
            limit=None if which else args.limit,
        )
        state = state_of(library) if which or args.json or expr is not None else None
        if state is not None:
            state.resolve_moves(library)  # renamed outside the app: state follows
        # Streamed: a million articles are listed with a page of rows in memory.
        # The plain lines of every article come made by the index, one
        # text column per row; a reading-state filter or JSON needs the rows.
        as_lines = not (args.json or which)
        rows: Iterable[Summary] | Iterable[str]
        if expr is None and as_lines:
            # made printable a block at a time; a large listing's text is kept
            listed = _write_texts(
                library.iter_query_text(query, printable_block, form=PRINTABLE_FORM)
            )
            err(f"{listed} article(s)")
            if not listed:
                note_unknown("list", library, expr=expr, **_named_filters(args))
            return _list_status(args, stats, listed)
        if expr is None:
            rows = library.iter_query(query)
        else:
            try:
                find = library.iter_find_lines if as_lines else library.iter_find
                rows = find(
                    expr,
                    sort=args.sort or "-date",
                    limit=None if which else args.limit,
                    within=query,
                    states=state.query_states if state is not None else None,
                )
            except QueryError as exc:
                exc.text = args.query
                return query_error("list", exc, args)
        if which and state is not None:
            rows = filter_rows(state, rows, which, keep_order=args.sort is not None)
            if args.limit is not None:
                rows = itertools.islice(rows, args.limit)
        listed = 0
        if as_lines:
            listed = _write_lines(cast("Iterable[str]", rows))
            err(f"{listed} article(s)")
        elif args.json:
            for row in cast("Iterable[Summary]", rows):
                listed += 1
                data = row.as_dict(excerpt=args.excerpts)
                if state is not None:
                    data["state"] = state_dict(state, row.path)
                write_json_line(data)
        else:
            listed = _write_lines(map(_line, cast("Iterable[Summary]", rows)))
            err(f"{listed} article(s)")
        if not listed:
            note_unknown("list", library, expr=expr, **_named_filters(args))
    return _list_status(args, stats, listed)


def _named_filters(args: argparse.Namespace) -> dict[str, str | None]:
    """The filters of ``list`` by a name, for :func:`note_unknown`."""
    return {"category": args.category, "tag": args.tag, "author": args.author}


def _list_status(args: argparse.Namespace, stats: RefreshStats, listed: int) -> int:
    if stats.unreadable:
        return EXIT_FILE
    if args.problems and listed:
        return EXIT_PROBLEMS
    return EXIT_OK


_LINES_PER_WRITE = 2000


def _line(row: Summary) -> str:
    """The line of ``list`` for an article (the index makes the same for
    every article: ``Library.iter_query_lines``): its date (none for the
    file's time), title, categories as they are typed (so that they can be
    given back to --category and rename-category), path and problems."""
    problems = row.problem_count
    date = (row.date or "")[:10] if row.date_source != "file-time" else ""
    return f"{date:<10}  {row.title}  ({row.categories_text() or '-'})  {row.path}" + (
        f"  [{problems} problem(s)]" if problems else ""
    )


def _write_lines(lines: Iterable[str]) -> int:
    """Write ``lines``, made printable, a block at a time; how many.  (The
    blocks are cut in C: no Python code runs per line.)"""
    rest = iter(lines)
    listed = 0
    write = sys.stdout.write
    while block := list(itertools.islice(rest, _LINES_PER_WRITE)):
        write(printable_block(block))
        listed += len(block)
    return listed


def _write_texts(blocks: Iterable[tuple[bytes, int]]) -> int:
    """Write ``(UTF-8 text, lines)`` blocks; how many lines.  Straight to
    the bytes under standard output when it writes UTF-8 (a million lines:
    no 116 MB decoded and encoded again), else through it."""
    out = sys.stdout
    raw = getattr(out, "buffer", None)
    if os.linesep != "\n" or codecs.lookup(out.encoding or "ascii").name != "utf-8":
        raw = None  # (Windows: the text layer writes each "\n" as "\r\n")
    out.flush()
    listed = 0
    for data, lines in blocks:
        if raw is not None:
            raw.write(data)
        else:
            out.write(data.decode("utf-8", "surrogatepass"))
        listed += lines
    if raw is not None:
        raw.flush()
    return listed


def query_error(command: str, exc: QueryError, args: argparse.Namespace | None = None) -> int:
    """Report a query that does not parse (or cannot run), with a caret under
    the position, naming the saved search it came from (``--saved NAME`` in
    ``args``); the usage exit code."""
    saved = getattr(args, "saved", None)
    where = f"the query of the saved search {saved!r}" if saved is not None else "the query"
    err(printable(f"article-reader {command}: error in {where}: {exc}"))
    for line in exc.pointer(printable).split("\n"):  # (printable leaves no other \n)
        err("  " + line)
    return EXIT_USAGE


def ignored_texts(expr: Expr) -> list[str]:
    """The words of ``expr`` the query ignores, as typed (quoted if phrases)."""
    from reader.core.library.querylang import And, ignored_words, to_text

    return [to_text(And((word,))) for word in ignored_words(expr)]


def _note_text_negation(text: str | None) -> None:
    """``--text`` takes words that must all be there; a word written
    ``-word`` is searched for as ``word`` (it listed the articles holding
    the word it was meant to leave out, without a word): said, with the
    way to leave it out."""
    words = (text or "").split()
    if "OR" in words[1:-1]:
        # (every word must be there: "OR" is one of them, and a or b found nothing)
        either = " ".join(words)
        err(
            printable(
                f"article-reader list: note: --text takes every word, 'OR' among them; "
                f"for either word, use --query {either!r}"
            )
        )
    left_out = [w for w in words if w[:1] == "-" and w[1:2].isalnum()]
    if left_out:
        shown = ", ".join(f"'{w}'" for w in left_out)
        err(
            printable(
                f"article-reader list: note: --text leaves nothing out: {shown} searched for "
                f"as {', '.join(repr(w[1:]) for w in left_out)}; to leave a word out, "
                f"use --query {left_out[0]!r}"
            )
        )


def note_ignored(command: str, words: list[str]) -> None:
    """Say on standard error which words of a query were ignored (no letter
    or digit: nothing to search for; see querylang.ignored_words)."""
    if words:
        from reader.core.library.querylang import shown_ignored

        shown = ", ".join(w if w == "…" else f"'{w}'" for w in shown_ignored(words))
        err(
            printable(
                f"article-reader {command}: note: ignored {shown}: "
                "a word needs a letter or a digit to be searched for"
            )
        )


def cmd_search(args: argparse.Namespace) -> int:
    from reader.core.library.querylang import QueryError, parse

    if args.limit < 0:  # (0 lists nothing, as for list and history)
        err("article-reader search: error: --limit must be 0 or more")
        return EXIT_USAGE
    if args.query.startswith(" -"):
        # (the space the command line put before "-word", see
        # _join_negative_values: an error said its place one character on)
        args.query = args.query[1:]
    try:
        expr = parse(args.query)
    except QueryError as exc:
        return query_error("search", exc, args)
    note_ignored("search", ignored_texts(expr))
    if args.max_wait is not None and not args.max_wait >= 0:  # negative, or nan
        err("article-reader search: error: --max-wait must be 0 or more")
        return EXIT_USAGE
    opened = open_library(args, fulltext=True, max_wait=args.max_wait)
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    with library:
        from reader.cli.state import state_of

        rows = library.count()
        searchable = rows - library.fulltext_pending()
        # files changed since the index that were not read again in time:
        # their rows (and words) are as they were (a stale title, a word
        # gone still found), whatever the count of rows says; the new files
        # not read (no row yet) are said apart
        unread = stats.scanned - stats.unchanged - stats.parsed - len(stats.unreadable)
        behind = unread - max(0, stats.scanned - rows - len(stats.unreadable))
        if stats.cancelled and not stats.scanned and library.first_load_running():
            # Another process is filling the index (the wait for its turn
            # ended at the deadline): "0 result(s)" alone read as an answer.
            err(
                f"article-reader search: another process is building the index: only the "
                f"{searchable} article(s) indexed so far were searched; search again once it "
                f"is done (or without --max-wait)"
            )
        elif stats.cancelled:
            if searchable < stats.scanned:  # answered from what is ready: say how much
                err(
                    f"article-reader search: {searchable} of {stats.scanned} article(s) are "
                    f"indexed so far and were searched; run 'article-reader index' (or search "
                    f"without --max-wait) to index the rest"
                )
            if behind > 0:  # (and, new articles or not, what changed was not read again)
                err(
                    f"article-reader search: {behind} article(s) changed since the index was "
                    f"made were not read again in time and were searched as they were; run "
                    f"'article-reader index' (or search without --max-wait) to read them"
                )

        markers = ("«", "»") if args.json else ("[", "]")
        state = state_of(library)
        state.resolve_moves(library)
        try:
            hits = library.search_query(
                expr, limit=args.limit, markers=markers, states=state.query_states
            )
        except QueryError as exc:
            exc.text = args.query
            return query_error("search", exc, args)
        for hit in hits:
            if args.json:
                write_json_line(hit.as_dict())
            else:
                print(printable(f"{hit.path}  {hit.title}"))
                if hit.snippet:
                    print(f"    {printable(hit.snippet)}")
        if not args.json:
            err(f"{len(hits)} result(s)")
        if not hits and args.limit:
            note_unknown("search", library, expr=expr)
    return EXIT_FILE if stats.unreadable else EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    import time

    from reader.core.article.model import ArticleError

    started = time.perf_counter()
    # Building the index is the point of this command: no temporary index.
    opened = open_library(args, writes=True, fulltext=True, verify=True)
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    with library:
        try:
            indexed = library.count() - library.fulltext_pending()
        except ArticleError as exc:  # the disk filled up, say
            err(error_line(exc))
            return EXIT_FILE
        total = time.perf_counter() - started
        taxonomy = library.taxonomy()
        say(f"index: {library.index_path}")
        say(
            f"articles: {taxonomy.total} (added {stats.added}, updated {stats.updated}, "
            f"removed {stats.removed}, unchanged {stats.unchanged}, "
            f"unreadable {len(stats.unreadable)})"
        )
        say(f"full text: {indexed} article(s) indexed")
        say(
            f"categories: {len(taxonomy.categories)} top-level, tags: {len(taxonomy.tags)}, "
            f"authors: {len(taxonomy.authors)}, with problems: {taxonomy.problems}"
        )
        say(f"time: {total:.2f} s in all (metadata, excerpts and full text)")
    return EXIT_FILE if stats.unreadable else EXIT_OK


def _bulk(args: argparse.Namespace, kind: str) -> int:
    from reader.core.article.model import ArticleError

    command = f"rename-{kind}"
    failed = _check_names(command, kind, args.old, args.new)
    if failed is not None:
        return failed
    opened = open_library(args, writes=not args.dry_run)
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    unread = len(stats.unreadable)
    with library:
        # (a second edit run meanwhile waits, then plans on what this one wrote)
        try:
            with bulk_turn(library, args.dry_run):
                return _bulk_planned(args, kind, command, library, unread)
        except ArticleError as exc:
            err(error_line(exc))
            return EXIT_FILE


def _bulk_planned(
    args: argparse.Namespace, kind: str, command: str, library: Library, unread: int
) -> int:
    from reader.core.article.model import ArticleError
    from reader.core.library.facade import JournalDamagedError

    try:
        if kind == "category":
            plan = library.plan_category_rename(args.old, args.new)
        else:
            plan = library.plan_tag_rename(args.old, args.new)
    except (ArticleError, ValueError) as exc:
        # a refusal about the arguments names no file (not "<article>: …")
        text = exc.message if isinstance(exc, ArticleError) and exc.path is None else exc
        err(printable(f"article-reader {command}: error: {text}"))
        return EXIT_USAGE
    if plan.same_names:
        err(
            printable(
                f"{command}: '{plan.old_text}' and '{plan.new_text}' are the same {kind}; "
                "nothing to do"
            )
        )
        return EXIT_OK
    description = printable(plan.description)
    if not plan.items and not plan.skipped:
        note_unknown(command, library, **{kind: args.old})
    if args.dry_run:
        sys.stdout.write(printable_lines(plan.diff()))
        err(f"{description}: {len(plan.items)} file(s) would change")
        return report_skipped(library, plan.skipped, unread=unread)
    if not plan.items and plan.skipped:  # (it has some: they cannot be changed)
        err(f"{description}: no file could be changed (below)")
    elif not plan.items:
        which = "no article that could be read" if unread else "no article"
        err(f"{description}: {which} has it; nothing to do")
    if not plan.items:
        return report_skipped(library, plan.skipped, unread=unread)
    from reader.cli.state import attach_state

    attach_state(library)
    try:
        try:
            library.journal.last()  # a damaged journal is found (and kept aside) now
        except JournalDamagedError as exc:
            err(f"warning: {exc}; a new undo journal is started for this edit")
        result, stopped_by = apply_stoppable(library, plan)
    except ArticleError as exc:  # the journal cannot be opened or written: see Library.journal
        err(error_line(exc))
        return EXIT_FILE
    return report_applied(
        library, undo_command(args), description, result, plan.skipped, unread, stopped_by
    )


def _check_names(command: str, kind: str, old: str, new: str) -> int | None:
    """Refuse OLD or NEW when it is empty or not text, naming the argument
    (before the library is opened); the usage exit code then, else None."""
    from reader.core.article.taxonomy import parse_category_path

    failed = refuse_bad_text(command, [("OLD", old), ("NEW", new)])
    if failed is not None:
        return failed
    for name, value in (("OLD", old), ("NEW", new)):
        empty = not parse_category_path(value) if kind == "category" else not value.strip()
        if empty:
            what = "a category path" if kind == "category" else "a tag name"
            err(f"article-reader {command}: error: {name}: {what} must not be empty")
            return EXIT_USAGE
    return None


def cmd_rename_category(args: argparse.Namespace) -> int:
    return _bulk(args, "category")


def cmd_rename_tag(args: argparse.Namespace) -> int:
    return _bulk(args, "tag")


def _open_for_undo(args: argparse.Namespace) -> Library | None:
    """The library for ``undo`` (refreshed, as :func:`open_library` opens
    it), or None after an error.  The index is a cache: when it cannot be
    written (a read-only file or folder, a full disk), undo still puts the
    files back, from the journal, on a temporary index, after a warning;
    only a journal that cannot be written stops it."""
    from reader.core.article.cache import cache_root
    from reader.core.article.model import ArticleError
    from reader.core.library.facade import CacheError, Library

    library = None
    try:
        try:
            library = Library.open(args.library, cache_dir=args.cache_dir)
            stats = library.refresh()
        except CacheError as exc:
            if library is not None:
                library.close()
                library = None
            err(printable(f"warning: {exc}; undoing from the undo journal alone ({CACHE_HINT})"))
            library = Library.open_temporary(
                args.library, str(exc), journal_of=args.cache_dir or cache_root()
            )
            # Refused now if the journal cannot be used either (else a
            # "mark all as read" older than the last bulk edit would be undone).
            library.last_operation()
            return library
    except ArticleError as exc:
        if library is not None:
            library.close()
        err(error_line(exc))
        return None
    for unreadable in stats.unreadable:
        err(printable(f"error: {library.root / unreadable.path}: {unreadable.message}"))
    return library


def cmd_undo(args: argparse.Namespace) -> int:
    from reader.cli.state import attach_state, undo_mark_all_if_latest
    from reader.core.article.model import ArticleError

    library = _open_for_undo(args)
    if library is None:
        return EXIT_FILE
    with library:
        undone = undo_mark_all_if_latest(library)  # the newer of the two is undone
        if undone is not None:
            return undone
        attach_state(library)
        try:
            # (not between another edit's plan and its writes: see bulk_turn)
            # A stop asked for meanwhile waits for the undo's end: stopped
            # after the edit was marked undone, the command said "stopped",
            # and the undo run again then undid the edit before it.
            with bulk_turn(library), signals_deferred() as stopped:
                result = library.undo_last()
        except ArticleError as exc:  # a damaged or unwritable journal, among others
            err(error_line(exc))
            return EXIT_FILE
        if stopped:
            err("the stop asked for came during the undo: the undo was finished first")
        if result.description is None:
            err("nothing to undo")
            former = library.history_left_behind()
            if former is not None:
                # (the undo history is kept by the library's path)
                err(
                    printable(
                        f"note: the undo history stayed with {former}, where this library "
                        "was before it was moved; its last bulk edit changed these same "
                        "files: move the library back there to undo it"
                    )
                )
            return EXIT_OK
        for path in result.restored:
            say(printable(f"{library.root / path}: restored"))
        if result.failed:  # the journal keeps the edit undoable (see bulk.undo_last)
            err(
                printable(
                    f"undo of {result.description} is not complete: "
                    f"{result.count} file(s) restored, {len(result.failed)} could not be "
                    "(below); run undo again once they can be read and written"
                )
            )
        elif result.changed_nothing:
            err(
                printable(
                    f"undid {result.description}: nothing to put back, its files hold their "
                    "bytes from before it (it was stopped before its first write, or they were "
                    "put back since)"
                )
            )
        elif not result.restored and result.skipped:
            # ("undid …: 0 file(s) restored" read as done)
            err(
                printable(
                    f"undo of {result.description} put nothing back: its files are not as it "
                    "left them (below); it is no longer in the undo history"
                )
            )
        else:
            err(printable(f"undid {result.description}: {result.count} file(s) restored"))
        note_index_behind(library)
        return report_skipped(library, result.skipped, result.failed)


def register(sub: SubParsers, commands: dict[str, Command]) -> None:
    p = library_parser(sub, "list", help="list a library's articles")
    p.add_argument(
        "--category",
        action=OnceQuery,
        metavar="A/B",
        help="in this category or below (levels: /; a / inside a name: \\/, as list prints it)",
    )
    p.add_argument("--exact", action="store_true", help="with --category: not in sub-categories")
    p.add_argument("--tag", action=OnceQuery, metavar="TAG")
    p.add_argument("--year", action=Once, type=year_value, metavar="Y")
    p.add_argument("--month", action=Once, type=int, metavar="M", choices=range(1, 13))
    p.add_argument("--day", action=Once, type=int, metavar="D", choices=range(1, 32))
    p.add_argument("--author", action=OnceQuery, metavar="NAME")
    p.add_argument("--problems", action="store_true", help="only articles with problems")
    p.add_argument("--uncategorized", action="store_true")
    p.add_argument("--undated", action="store_true")
    p.add_argument(
        "--text", action=Once, metavar="QUERY", help="only articles matching a full-text query"
    )
    p.add_argument(
        "--query",
        action=OnceQuery,
        metavar="Q",
        help="only articles matching a query: cat:A/B tag:x author:y date:2021-04 "
        'year:2021 has:image body:html key:value "phrase" -word a OR b (docs/query.md)',
    )
    add_saved_option(p)
    p.add_argument(
        "--sort",
        default=None,
        choices=("date", "-date", "title", "-title", "updated", "-updated"),
        help="sort order; a leading - is descending; default -date (--later: queue order)",
    )
    p.add_argument(
        "--limit", type=limit_value, metavar="N", help="at most N articles (0: none; default: all)"
    )
    add_list_options(p)
    p.add_argument("--json", action="store_true", help="JSON Lines, one article per line")
    p.add_argument(
        "--excerpts", action="store_true", help="with --json: add a plain-text excerpt of each"
    )
    commands["list"] = cmd_list

    p = library_parser(
        sub,
        "search",
        help="full-text search (Chinese and English); the words rank, filters as in list --query",
    )
    p.add_argument("query", metavar="QUERY")
    p.add_argument(
        "--limit",
        type=limit_value,
        default=20,
        metavar="N",
        help="at most N results (0: none; default 20)",
    )
    p.add_argument("--json", action="store_true", help="JSON Lines: path, title, snippet, score")
    p.add_argument(
        "--max-wait",
        type=float,
        metavar="SECONDS",
        help="index for at most this long first, then search what is indexed and say how "
        "much that is (default: index everything first)",
    )
    commands["search"] = cmd_search

    p = library_parser(sub, "index", help="build or refresh the library index")
    commands["index"] = cmd_index

    p = library_parser(
        sub,
        "rename-category",
        help="rename, merge or move a category path in every article",
        description="Replace the prefix OLD with NEW in every category path that starts "
        "with OLD (levels separated by /): 金融/银行 → 财经/银行 also turns 金融/银行/零售 "
        "into 财经/银行/零售. Renaming onto an existing category merges them. A / inside a "
        "name is written \\/ (a category named A/B is A\\/B).",
    )
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--dry-run", action="store_true", help="print the diffs, write nothing")
    commands["rename-category"] = cmd_rename_category

    p = library_parser(sub, "rename-tag", help="rename a tag (or merge it into another)")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--dry-run", action="store_true", help="print the diffs, write nothing")
    commands["rename-tag"] = cmd_rename_tag

    p = library_parser(sub, "undo", help='undo the last bulk edit or "mark all as read"')
    commands["undo"] = cmd_undo
