"""The ``article-reader`` command line.

Without a command it starts the desktop app; with one of the commands below
it works on files and libraries through :mod:`reader.core`.  Qt is never
imported on the command path, and each command imports only what it needs.

Exit codes: 0 ok, 1 problems found, 2 usage error, 3 a file could not be read
or written (or has an error that blocks the operation).

Why one module of this size: each command is a short function over the
core, and argparse wants the whole command tree in one place.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from reader import __version__

if TYPE_CHECKING:  # each command imports what it needs when it runs
    from reader.core.article.model import Article
    from reader.core.library.facade import Library
    from reader.core.library.refresh import RefreshStats

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_FILE = 3

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
Exit codes: 0 ok, 1 problems found, 2 usage error, 3 a file could not be read or written.
"""


def usage_text() -> str:
    """The top-level help, made from the parsers themselves (so it never
    drifts from the options they take)."""
    parser, _ = _build_parser()
    lines = [_USAGE_HEAD]
    for sub, help_text in _subcommands(parser):
        usage = " ".join(sub.format_usage().split())  # one line, re-wrapped below
        usage = usage.removeprefix("usage: article-reader ").replace(" [-h]", "")
        lines.append(textwrap.fill(usage, 78, initial_indent="  ", subsequent_indent="    "))
        lines.append(f"\n        {help_text}\n" if help_text else "\n")
    lines.append(_USAGE_TAIL)
    return "".join(lines)


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[argparse.ArgumentParser, str]]:
    """Each sub-command's parser and its one-line help, in the order they were added."""
    for action in parser._actions:  # argparse has no public way to list sub-commands
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return [(sub, helps.get(name, "")) for name, sub in action.choices.items()]
    return []


class _Parser(argparse.ArgumentParser):
    """argparse with our exit code for usage errors (2, as argparse already uses)."""

    def error(self, message: str) -> NoReturn:  # pragma: no cover - exercised via SystemExit
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _err(message: str) -> None:
    print(message, file=sys.stderr)


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
    return _NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _printable(text: object) -> str:
    """``text`` safe for one line of a terminal: the characters above shown as
    escapes (``\\x1b``, ``\\n``, ``\\u202e``); everything else, Chinese and
    emoji included, as itself."""
    return _UNPRINTABLE.sub(_escape, str(text))


def _printable_lines(text: str) -> str:
    """:func:`_printable` for text of several lines (a diff): the line breaks
    (``\\n``, ``\\r\\n``) stay."""
    lines = text.split("\n")
    last = len(lines) - 1
    return "\n".join(
        _printable(line[:-1]) + "\r" if i < last and line.endswith("\r") else _printable(line)
        for i, line in enumerate(lines)
    )


def _write_json_line(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False)
    text = _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    sys.stdout.write(text + "\n")


# ---------------------------------------------------------------------------
# show


def cmd_show(args: argparse.Namespace) -> int:
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError

    status = EXIT_OK
    for name in args.files:
        try:
            article = load_article(name)
        except ArticleError as exc:
            _err(_printable(f"error: {exc}"))
            status = EXIT_FILE
            continue
        for problem in article.problems:
            _err(_printable(problem))
        if article.has_errors:
            status = EXIT_FILE
        if args.json:
            _write_json_line(article.summary_dict())
        else:
            _print_article(article)
    return status


def _print_article(article: Article) -> None:
    """The article as label/value lines; values are made safe for a terminal,
    categories are written as they are typed (``A/B``, ``A\\/B``)."""
    from reader.core.article.taxonomy import format_category_path

    rows = [
        ("path", article.display_path),
        ("title", article.title),
        ("date", f"{article.date.isoformat()} ({article.date_source})" if article.date else "-"),
        ("updated", article.updated.isoformat() if article.updated else "-"),
        ("author", article.author or "-"),
        (
            "categories",
            "; ".join(format_category_path(path) for path in article.categories) or "-",
        ),
        ("tags", ", ".join(article.tags) or "-"),
        ("format", f"{article.format or 'none'} front matter, {article.body_format} body"),
        ("problems", str(len(article.problems))),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {_printable(value)}")
    print()


# ---------------------------------------------------------------------------
# set


def _parse_assignments(pairs: Sequence[str]) -> dict[str, object]:
    # The codec's loader: the same limits as front matter (no recursive or
    # exploding aliases, bounded nesting), so a value is refused here, not
    # after it has been written.
    from reader.core.article.codec import YAMLValueError, parse_yaml_value

    changes: dict[str, object] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValueError(f"-s expects KEY=VALUE, got {pair!r}")
        try:
            changes[key] = parse_yaml_value(text) if text.strip() else ""
        except YAMLValueError as exc:
            where = f" (column {exc.column})" if exc.column is not None else ""
            raise ValueError(
                f"-s {key}: the value is not valid YAML{where}: {exc.message}"
            ) from None
    return changes


def cmd_set(args: argparse.Namespace) -> int:
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError
    from reader.core.article.patch import patch_metadata
    from reader.core.article.storage import (
        FileChangedError,
        LockTimeoutError,
        ReadOnlyError,
        update_article,
    )

    try:
        changes = _parse_assignments(args.set or [])
    except ValueError as exc:
        _err(f"article-reader set: error: {exc}")
        return EXIT_USAGE
    remove = list(args.unset or [])
    if not changes and not remove:
        _err("article-reader set: error: nothing to do; give -s KEY=VALUE or -u KEY")
        return EXIT_USAGE

    def change(article: Article) -> bytes:
        return patch_metadata(article, changes, remove)

    status = EXIT_OK
    for name in args.files:
        if args.dry_run:
            try:
                article = load_article(name)
                new_raw = change(article)
            except ArticleError as exc:
                _err(_printable(f"error: {exc}; skipped"))
                status = EXIT_FILE
                continue
            sys.stdout.write(
                _printable_lines(unified_diff(article.raw, new_raw, article.display_path))
            )
            continue
        # Read, patch and write under the file's lock: a concurrent writer's
        # change is read first and kept, never overwritten.
        try:
            article, _, saved = update_article(name, change)
        except (FileChangedError, ReadOnlyError, LockTimeoutError) as exc:
            _err(_printable(f"error: {exc}"))
            status = EXIT_FILE
            continue
        except ArticleError as exc:  # unreadable, or the change was refused
            _err(_printable(f"error: {exc}; skipped"))
            status = EXIT_FILE
            continue
        print(_printable(f"{article.display_path}: {'saved' if saved else 'unchanged'}"))
    return status


def unified_diff(old: bytes, new: bytes, name: str) -> str:
    from reader.core.edit.diff import unified_diff as diff

    return diff(old, new, name)


# ---------------------------------------------------------------------------
# check


def _article_files(path: Path) -> tuple[list[Path], list[str]]:
    """The articles under ``path``, and an error line for each folder (or
    link) the scan could not read."""
    from reader.core.library.scan import scan

    found = scan(path)
    errors = [_printable(f"error: {path / p.path}: {p.message}") for p in found.unreadable]
    return [path / rel for rel in sorted(found)], errors


def cmd_check(args: argparse.Namespace) -> int:
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError
    from reader.core.library.scan import is_gone

    root = Path(args.path)
    if not root.exists():
        _err(f"error: {root}: no such file or folder")
        return EXIT_FILE
    files, errors = _article_files(root) if root.is_dir() else ([root], [])
    for line in errors:
        _err(line)
    status = EXIT_OK
    unreadable = bool(errors)
    checked = len(files)
    for file_path in files:
        try:
            article = load_article(file_path)
        except ArticleError as exc:
            if root.is_dir() and is_gone(file_path):
                checked -= 1  # deleted since the folder was listed: simply gone
                continue
            _err(_printable(f"error: {exc}"))
            unreadable = True
            continue
        if article.problems:
            status = EXIT_PROBLEMS
        if args.json:
            _write_json_line(
                {"path": article.display_path, "problems": [p.as_dict() for p in article.problems]}
            )
        else:
            for problem in article.problems:
                print(_printable(problem))
    if not args.json:
        _err(f"checked {checked} file(s)")
    return EXIT_FILE if unreadable else status


# ---------------------------------------------------------------------------
# render


def cmd_render(args: argparse.Namespace) -> int:
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError
    from reader.core.render.pipeline import render_article

    try:
        article = load_article(args.file)
    except ArticleError as exc:
        _err(_printable(f"error: {exc}"))
        return EXIT_FILE
    for problem in article.problems:
        _err(str(problem))
    # The boundary for local files (reader.core.article.boundary): LIBRARY, else the
    # renderer finds the nearest real site root above the file itself.
    library_root = Path(args.library) if args.library else None
    if library_root is not None and not library_root.is_dir():
        _err(f"error: {library_root}: not a folder")
        return EXIT_FILE
    result = render_article(
        article,
        theme=args.theme,
        remote_images=args.remote_images,
        library_root=library_root,
    )
    sys.stdout.write(result.html)
    if not result.html.endswith("\n"):
        sys.stdout.write("\n")
    return EXIT_FILE if article.has_errors else EXIT_OK


# ---------------------------------------------------------------------------
# library commands: list, search, index, rename-category, rename-tag, undo


_CACHE_HINT = "choose a writable folder with --cache-dir DIR or $ARTICLE_READER_CACHE_DIR"


def _error_line(exc: Exception) -> str:
    """``error: PATH: MESSAGE``, with a hint when the cache folder is the problem."""
    from reader.core.article.cache import CacheError

    hint = f" ({_CACHE_HINT})" if isinstance(exc, CacheError) else ""
    return _printable(f"error: {exc}{hint}")


def _open_library(
    args: argparse.Namespace, *, writes: bool = False, fulltext: bool = False
) -> tuple[Library, RefreshStats] | None:
    """The library, refreshed (never stale) and with ``fulltext`` its
    full-text index complete; ``None`` after reporting an error.

    When the index cannot be written (also when the disk fills up while it
    is brought up to date), commands that only read (``writes`` false) carry
    on with a temporary index after a one-line warning; those that write
    refuse, because their undo journal needs a safe home."""
    from reader.core.article.model import ArticleError
    from reader.core.library.facade import CacheError, Library

    def prepared(library: Library) -> RefreshStats:
        stats = library.refresh()
        if fulltext:
            library.build_fulltext()
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
            if writes:
                _err(_error_line(exc))
                return None
            _err(_printable(f"warning: {exc}; using a temporary index for now ({_CACHE_HINT})"))
            library = Library.open_temporary(args.library, str(exc))
            stats = prepared(library)
    except ArticleError as exc:
        if library is not None:
            library.close()
        _err(_printable(f"error: {exc}"))
        return None
    for unreadable in stats.unreadable:
        _err(_printable(f"error: {library.root / unreadable.path}: {unreadable.message}"))
    return library, stats


def _report_skipped(
    library: Library,
    skipped: Sequence[tuple[str, str]],
    failed: Sequence[tuple[str, str]] = (),
) -> int:
    for path, reason in [*skipped, *failed]:
        _err(_printable(f"error: {library.root / path}: {reason}; skipped"))
    return EXIT_FILE if skipped or failed else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from reader.core.article.taxonomy import format_category_path, parse_category_path
    from reader.core.library.query import Query

    opened = _open_library(args, fulltext=bool(args.text))
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
            sort=args.sort,
            limit=args.limit,
        )
        rows = library.query(query)
        if args.json:
            for row in rows:
                _write_json_line(row.as_dict(excerpt=args.excerpts))
        else:
            for row in rows:
                date = (row.date or "")[:10] if row.date_source != "file-time" else ""
                # Categories as they are typed, so that they can be given back to
                # --category and rename-category; one line per article.
                cats = "; ".join(format_category_path(p) for p in row.categories)
                flag = f"  [{row.problem_count} problem(s)]" if row.problem_count else ""
                line = f"{date:<10}  {row.title}  ({cats or '-'})  {row.path}{flag}"
                print(_printable(line))
            _err(f"{len(rows)} article(s)")
    if stats.unreadable:
        return EXIT_FILE
    if args.problems and rows:
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        _err("article-reader search: error: --limit must be at least 1")
        return EXIT_USAGE
    opened = _open_library(args, fulltext=True)
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    with library:
        markers = ("«", "»") if args.json else ("[", "]")
        hits = library.search(args.query, limit=args.limit, markers=markers)
        for hit in hits:
            if args.json:
                _write_json_line(hit.as_dict())
            else:
                print(_printable(f"{hit.path}  {hit.title}"))
                if hit.snippet:
                    print(f"    {_printable(hit.snippet)}")
        if not args.json:
            _err(f"{len(hits)} result(s)")
    return EXIT_FILE if stats.unreadable else EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    import time

    from reader.core.article.model import ArticleError

    started = time.perf_counter()
    # Building the index is the point of this command: no temporary index.
    opened = _open_library(args, writes=True)
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    with library:
        listed = time.perf_counter() - started
        try:
            indexed = library.build_fulltext()
        except ArticleError as exc:  # the disk filled up, say
            _err(_error_line(exc))
            return EXIT_FILE
        total = time.perf_counter() - started
        taxonomy = library.taxonomy()
        print(f"index: {library.index_path}")
        print(
            f"articles: {taxonomy.total} (added {stats.added}, updated {stats.updated}, "
            f"removed {stats.removed}, unchanged {stats.unchanged}, "
            f"unreadable {len(stats.unreadable)})"
        )
        print(f"full text: {indexed} article(s) indexed")
        print(
            f"categories: {len(taxonomy.categories)} top-level, tags: {len(taxonomy.tags)}, "
            f"authors: {len(taxonomy.authors)}, with problems: {taxonomy.problems}"
        )
        print(f"time: {listed:.2f} s to list, {total:.2f} s in all")
    return EXIT_FILE if stats.unreadable else EXIT_OK


def _bulk(args: argparse.Namespace, kind: str) -> int:
    from reader.core.article.model import ArticleError
    from reader.core.library.facade import JournalDamagedError

    command = f"rename-{kind}"
    opened = _open_library(args, writes=not args.dry_run)
    if opened is None:
        return EXIT_FILE
    library, _ = opened
    with library:
        try:
            if kind == "category":
                plan = library.plan_category_rename(args.old, args.new)
            else:
                plan = library.plan_tag_rename(args.old, args.new)
        except (ArticleError, ValueError) as exc:
            _err(_printable(f"article-reader {command}: error: {exc}"))
            return EXIT_USAGE
        if plan.same_names:
            _err(
                _printable(
                    f"{command}: '{plan.old_text}' and '{plan.new_text}' are the same {kind}; "
                    "nothing to do"
                )
            )
            return EXIT_OK
        description = _printable(plan.description)
        if args.dry_run:
            sys.stdout.write(_printable_lines(plan.diff()))
            _err(f"{description}: {len(plan.items)} file(s) would change")
            return _report_skipped(library, plan.skipped)
        if not plan.items:
            _err(f"{description}: no article has it; nothing to do")
            return _report_skipped(library, plan.skipped)
        try:
            try:
                library.journal.last()  # a damaged journal is found (and kept aside) now
            except JournalDamagedError as exc:
                _err(f"warning: {exc}; a new undo journal is started for this edit")
            result = library.apply(plan)
        except ArticleError as exc:  # the journal cannot be opened or written: see Library.journal
            _err(_error_line(exc))
            return EXIT_FILE
        for path in result.changed:
            print(_printable(f"{library.root / path}: saved"))
        if result.changed:
            _err(
                f"{description}: {len(result.changed)} file(s) changed (undo: article-reader "
                f"undo {_printable(args.library)})"
            )
        else:
            _err(f"{description}: no file was changed")
        return _report_skipped(library, [*plan.skipped, *result.skipped], result.failed)


def cmd_rename_category(args: argparse.Namespace) -> int:
    return _bulk(args, "category")


def cmd_rename_tag(args: argparse.Namespace) -> int:
    return _bulk(args, "tag")


def cmd_undo(args: argparse.Namespace) -> int:
    from reader.core.article.model import ArticleError

    opened = _open_library(args, writes=True)
    if opened is None:
        return EXIT_FILE
    library, _ = opened
    with library:
        try:
            result = library.undo_last()
        except ArticleError as exc:  # a damaged or unwritable journal, among others
            _err(_error_line(exc))
            return EXIT_FILE
        if result.description is None:
            _err("nothing to undo")
            return EXIT_OK
        for path in result.restored:
            print(_printable(f"{library.root / path}: restored"))
        _err(_printable(f"undid {result.description}: {len(result.restored)} file(s) restored"))
        return _report_skipped(library, result.skipped, result.failed)


# ---------------------------------------------------------------------------
# parser

Command = Callable[[argparse.Namespace], int]


def _build_parser() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    parser = _Parser(prog="article-reader", description="Article Reader command line.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands: dict[str, Command] = {}

    p = sub.add_parser("show", help="print parsed articles")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per file per line")
    commands["show"] = cmd_show

    p = sub.add_parser(
        "set",
        help="change front matter losslessly",
        description="Set or remove front-matter keys. VALUE is YAML: -s 'tags=[a, b]', "
        "-s comments=false, -s 'title=\"Re: x\"'. Only the changed keys' lines change.",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-s", "--set", action="append", metavar="KEY=VALUE", help="set KEY to VALUE")
    p.add_argument("-u", "--unset", action="append", metavar="KEY", help="remove KEY")
    p.add_argument("--dry-run", action="store_true", help="print a unified diff, write nothing")
    commands["set"] = cmd_set

    p = sub.add_parser("check", help="list problems in a file or a folder")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="JSON Lines: path and problems per file")
    commands["check"] = cmd_check

    p = sub.add_parser("render", help="print the HTML the reader pane shows")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--remote-images", action="store_true", help="let remote images load")
    p.add_argument("--theme", choices=("light", "dark", "sepia"), default="light")
    p.add_argument(
        "--library",
        metavar="LIBRARY",
        help=(
            "local images load only from inside LIBRARY; without it, from inside the nearest "
            "site root above FILE (a folder with a Hexo/Jekyll _config.yml and source/ or "
            "_posts/, or with a Hugo config and content/; a config file alone does not "
            "count), else from FILE's folder"
        ),
    )
    commands["render"] = cmd_render

    _add_library_commands(sub, commands)
    return parser, commands


def _add_library_commands(
    sub: argparse._SubParsersAction[_Parser], commands: dict[str, Command]
) -> None:
    """Commands over a whole library (its index); see reader.core.library.facade."""

    def library_parser(name: str, **kwargs: Any) -> _Parser:
        p = sub.add_parser(name, **kwargs)
        p.add_argument("library", metavar="LIBRARY", help="the library folder")
        p.add_argument(
            "--cache-dir",
            metavar="DIR",
            help="where the index lives (default: $ARTICLE_READER_CACHE_DIR or the user cache)",
        )
        return p

    p = library_parser("list", help="list a library's articles")
    p.add_argument(
        "--category",
        metavar="A/B",
        help="in this category or below (levels: /; a / inside a name: \\/, as list prints it)",
    )
    p.add_argument("--exact", action="store_true", help="with --category: not in sub-categories")
    p.add_argument("--tag", metavar="TAG")
    p.add_argument("--year", type=int, metavar="Y")
    p.add_argument("--month", type=int, metavar="M", choices=range(1, 13))
    p.add_argument("--day", type=int, metavar="D", choices=range(1, 32))
    p.add_argument("--author", metavar="NAME")
    p.add_argument("--problems", action="store_true", help="only articles with problems")
    p.add_argument("--uncategorized", action="store_true")
    p.add_argument("--undated", action="store_true")
    p.add_argument("--text", metavar="QUERY", help="only articles matching a full-text query")
    p.add_argument(
        "--sort",
        default="-date",
        choices=("date", "-date", "title", "-title", "updated", "-updated"),
        help="sort order; a leading - is descending; default -date",
    )
    p.add_argument("--limit", type=int, metavar="N")
    p.add_argument("--json", action="store_true", help="JSON Lines, one article per line")
    p.add_argument(
        "--excerpts", action="store_true", help="with --json: add a plain-text excerpt of each"
    )
    commands["list"] = cmd_list

    p = library_parser("search", help="full-text search (Chinese and English)")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--json", action="store_true", help="JSON Lines: path, title, snippet, score")
    commands["search"] = cmd_search

    p = library_parser("index", help="build or refresh the library index")
    commands["index"] = cmd_index

    p = library_parser(
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

    p = library_parser("rename-tag", help="rename a tag (or merge it into another)")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--dry-run", action="store_true", help="print the diffs, write nothing")
    commands["rename-tag"] = cmd_rename_tag

    p = library_parser("undo", help="undo the last bulk edit")
    commands["undo"] = cmd_undo


def _join_negative_values(argv: Sequence[str]) -> list[str]:
    """``--sort -date`` → ``--sort=-date``: argparse takes ``-date`` for an option."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] == "--sort" and arg.startswith("-") and arg[1:2].isalpha():
            out[-1] = f"--sort={arg}"
        else:
            out.append(arg)
    return out


def run_command(argv: Sequence[str]) -> int:
    parser, commands = _build_parser()
    try:
        args = parser.parse_args(_join_negative_values(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # `article-reader list … | head` closed the pipe: not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def command_names() -> set[str]:
    return set(_build_parser()[1])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(usage_text())
        return EXIT_OK
    if argv and argv[0] == "--version":
        print(f"article-reader {__version__}")
        return EXIT_OK
    if argv and argv[0] == "--self-test":
        from reader.selftest import run_self_test

        return run_self_test()
    if argv and not argv[0].startswith("-") and argv[0] in command_names():
        return run_command(argv)
    return _launch_gui(argv)


def _launch_gui(argv: list[str]) -> int:
    unknown = [a for a in argv if a.startswith("-")]
    if unknown:
        _err(f"article-reader: error: unknown option {unknown[0]}\n")
        _err(usage_text())
        return EXIT_USAGE
    if len(argv) > 1:
        _err("article-reader: error: give at most one library folder or file to open\n")
        _err(usage_text())
        return EXIT_USAGE
    if argv and not Path(argv[0]).exists():
        _err(f"article-reader: error: {argv[0]}: no such file or folder")
        return EXIT_USAGE
    from reader.app import run_app

    return run_app(argv[0] if argv else None)
