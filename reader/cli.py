"""The ``article-reader`` command line.

Without a command it starts the desktop app; with one of the commands below
it works on files and libraries through :mod:`reader.core`.  Qt is never
imported on the command path, and each command imports only what it needs.

Exit codes: 0 ok, 1 problems found, 2 usage error, 3 a file could not be read
or written (or has an error that blocks the operation).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_FILE = 3

USAGE = """\
usage:
  article-reader [LIBRARY_OR_FILE]        open the desktop app (the last library,
                                          or the bundled sample library on first start)
  article-reader COMMAND [ARGS...]        work from the command line

commands:
  show FILE... [--json]                   print parsed articles
  set FILE... -s KEY=VALUE... [-u KEY...] [--dry-run]
                                          change front matter losslessly
  check PATH [--json]                     list problems in a file or folder
  render FILE [--remote-images] [--theme light|dark|sepia]
                                          print the HTML the reader pane shows
  list LIBRARY [filters] [--sort ...] [--json]
                                          list a library's articles
  search LIBRARY QUERY [--limit N] [--json]
                                          full-text search
  index LIBRARY                           build or refresh the library index
  rename-category LIBRARY OLD NEW [--dry-run]
  rename-tag LIBRARY OLD NEW [--dry-run]  bulk edits across a library
  undo LIBRARY                            undo the last bulk edit

options:
  -h, --help      show this help and exit
  --version       show the version and exit
  --self-test     check that this installation works (offscreen) and exit

Run 'article-reader COMMAND --help' for a command's options.
Exit codes: 0 ok, 1 problems found, 2 usage error, 3 a file could not be read or written.
"""


class _Parser(argparse.ArgumentParser):
    """argparse with our exit code for usage errors (2, as argparse already uses)."""

    def error(self, message: str):  # pragma: no cover - exercised via SystemExit
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _write_json_line(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# show


def cmd_show(args: argparse.Namespace) -> int:
    from .core.article import ArticleError
    from .core.codec import load_article

    status = EXIT_OK
    for name in args.files:
        try:
            article = load_article(name)
        except ArticleError as exc:
            _err(f"error: {exc}")
            status = EXIT_FILE
            continue
        for problem in article.problems:
            _err(str(problem))
        if article.has_errors:
            status = EXIT_FILE
        if args.json:
            _write_json_line(article.summary_dict())
        else:
            _print_article(article)
    return status


def _print_article(article) -> None:
    from .core.taxonomy import CATEGORY_SEPARATOR

    rows = [
        ("path", article.display_path),
        ("title", article.title),
        ("date", f"{article.date.isoformat()} ({article.date_source})" if article.date else "-"),
        ("updated", article.updated.isoformat() if article.updated else "-"),
        ("author", article.author or "-"),
        (
            "categories",
            "; ".join(CATEGORY_SEPARATOR.join(path) for path in article.categories) or "-",
        ),
        ("tags", ", ".join(article.tags) or "-"),
        ("format", f"{article.format or 'none'} front matter, {article.body_format} body"),
        ("problems", str(len(article.problems))),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print()


# ---------------------------------------------------------------------------
# set


def _parse_assignments(pairs: Sequence[str]) -> dict[str, object]:
    # The codec's loader: the same limits as front matter (no recursive or
    # exploding aliases, bounded nesting), so a value is refused here, not
    # after it has been written.
    from .core.codec import YAMLValueError, parse_yaml_value

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
    from .core.article import ArticleError
    from .core.codec import load_article
    from .core.patch import patch_metadata
    from .core.storage import save_article

    try:
        changes = _parse_assignments(args.set or [])
    except ValueError as exc:
        _err(f"article-reader set: error: {exc}")
        return EXIT_USAGE
    remove = list(args.unset or [])
    if not changes and not remove:
        _err("article-reader set: error: nothing to do; give -s KEY=VALUE or -u KEY")
        return EXIT_USAGE

    status = EXIT_OK
    for name in args.files:
        try:
            article = load_article(name)
            new_raw = patch_metadata(article, changes, remove)
        except ArticleError as exc:
            _err(f"error: {exc}; skipped")
            status = EXIT_FILE
            continue
        if args.dry_run:
            sys.stdout.write(unified_diff(article.raw, new_raw, article.display_path))
            continue
        try:
            saved = save_article(article, new_raw)
        except ArticleError as exc:
            _err(f"error: {exc}")
            status = EXIT_FILE
            continue
        print(f"{article.display_path}: {'saved' if saved else 'unchanged'}")
    return status


def unified_diff(old: bytes, new: bytes, name: str) -> str:
    from .core.edit import unified_diff as diff

    return diff(old, new, name)


# ---------------------------------------------------------------------------
# check


def _article_files(path: Path) -> list[Path]:
    from .core.scan import scan

    return [path / rel for rel in sorted(scan(path))]


def cmd_check(args: argparse.Namespace) -> int:
    from .core.article import ArticleError
    from .core.codec import load_article

    root = Path(args.path)
    if not root.exists():
        _err(f"error: {root}: no such file or folder")
        return EXIT_FILE
    files = _article_files(root) if root.is_dir() else [root]
    status = EXIT_OK
    unreadable = False
    for file_path in files:
        try:
            article = load_article(file_path)
        except ArticleError as exc:
            _err(f"error: {exc}")
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
                print(problem)
    if not args.json:
        _err(f"checked {len(files)} file(s)")
    return EXIT_FILE if unreadable else status


# ---------------------------------------------------------------------------
# render


def cmd_render(args: argparse.Namespace) -> int:
    from .core.article import ArticleError
    from .core.codec import load_article
    from .core.render import render_article

    try:
        article = load_article(args.file)
    except ArticleError as exc:
        _err(f"error: {exc}")
        return EXIT_FILE
    for problem in article.problems:
        _err(str(problem))
    # Without --library the renderer finds the site (Hexo/Hugo) root itself.
    library_root = Path(args.library) if args.library else None
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


def _open_library(args: argparse.Namespace):
    """The library, refreshed (never stale); ``None`` after reporting an error."""
    from .core.article import ArticleError
    from .core.library import Library

    try:
        library = Library.open(args.library, cache_dir=args.cache_dir)
    except ArticleError as exc:
        _err(f"error: {exc}")
        return None, None
    stats = library.refresh()
    for unreadable in stats.unreadable:
        _err(f"error: {library.root / unreadable.path}: {unreadable.message}")
    return library, stats


def _report_skipped(library, skipped, failed=()) -> int:
    for path, reason in [*skipped, *failed]:
        _err(f"error: {library.root / path}: {reason}; skipped")
    return EXIT_FILE if skipped or failed else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from .core.query import Query
    from .core.taxonomy import CATEGORY_SEPARATOR, parse_category_path

    library, stats = _open_library(args)
    if library is None:
        return EXIT_FILE
    with library:
        if args.text:
            library.build_fulltext()
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
                cats = "; ".join(CATEGORY_SEPARATOR.join(p) for p in row.categories)
                flag = f"  [{row.problem_count} problem(s)]" if row.problem_count else ""
                print(f"{date:<10}  {row.title}  ({cats or '-'})  {row.path}{flag}")
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
    library, stats = _open_library(args)
    if library is None:
        return EXIT_FILE
    with library:
        library.build_fulltext()
        markers = ("«", "»") if args.json else ("[", "]")
        hits = library.search(args.query, limit=args.limit, markers=markers)
        for hit in hits:
            if args.json:
                _write_json_line(hit.as_dict())
            else:
                print(f"{hit.path}  {hit.title}")
                if hit.snippet:
                    print(f"    {hit.snippet}")
        if not args.json:
            _err(f"{len(hits)} result(s)")
    return EXIT_FILE if stats.unreadable else EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    import time

    started = time.perf_counter()
    library, stats = _open_library(args)
    if library is None:
        return EXIT_FILE
    with library:
        listed = time.perf_counter() - started
        indexed = library.build_fulltext()
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
    from .core.article import ArticleError

    library, _ = _open_library(args)
    if library is None:
        return EXIT_FILE
    with library:
        try:
            if kind == "category":
                plan = library.plan_category_rename(args.old, args.new)
            else:
                plan = library.plan_tag_rename(args.old, args.new)
        except (ArticleError, ValueError) as exc:
            _err(f"article-reader: error: {exc}")
            return EXIT_USAGE
        if args.dry_run:
            sys.stdout.write(plan.diff())
            _err(f"{plan.description}: {len(plan.items)} file(s) would change")
            return _report_skipped(library, plan.skipped)
        if not plan.items:
            _err(f"{plan.description}: no article has it; nothing to do")
            return _report_skipped(library, plan.skipped)
        result = library.apply(plan)
        for path in result.changed:
            print(f"{library.root / path}: saved")
        _err(
            f"{plan.description}: {len(result.changed)} file(s) changed (undo: article-reader "
            f"undo {args.library})"
        )
        return _report_skipped(library, [*plan.skipped, *result.skipped], result.failed)


def cmd_rename_category(args: argparse.Namespace) -> int:
    return _bulk(args, "category")


def cmd_rename_tag(args: argparse.Namespace) -> int:
    return _bulk(args, "tag")


def cmd_undo(args: argparse.Namespace) -> int:
    library, _ = _open_library(args)
    if library is None:
        return EXIT_FILE
    with library:
        result = library.undo_last()
        if result.description is None:
            _err("nothing to undo")
            return EXIT_OK
        for path in result.restored:
            print(f"{library.root / path}: restored")
        _err(f"undid {result.description}: {len(result.restored)} file(s) restored")
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
        help="the library folder (local images may not leave it; default: the file's folder)",
    )
    commands["render"] = cmd_render

    _add_library_commands(sub, commands)
    return parser, commands


def _add_library_commands(sub, commands: dict[str, Command]) -> None:
    """Commands over a whole library (its index); see reader.core.library."""

    def library_parser(name: str, **kwargs):
        p = sub.add_parser(name, **kwargs)
        p.add_argument("library", metavar="LIBRARY", help="the library folder")
        p.add_argument(
            "--cache-dir",
            metavar="DIR",
            help="where the index lives (default: $ARTICLE_READER_CACHE_DIR or the user cache)",
        )
        return p

    p = library_parser("list", help="list a library's articles")
    p.add_argument("--category", metavar="A/B", help="in this category or below (levels: /)")
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
        "into 财经/银行/零售. Renaming onto an existing category merges them.",
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
        sys.stdout.write(USAGE)
        return EXIT_OK
    if argv and argv[0] == "--version":
        print(f"article-reader {__version__}")
        return EXIT_OK
    if argv and argv[0] == "--self-test":
        from .selftest import run_self_test

        return run_self_test()
    if argv and not argv[0].startswith("-") and argv[0] in command_names():
        return run_command(argv)
    return _launch_gui(argv)


def _launch_gui(argv: list[str]) -> int:
    unknown = [a for a in argv if a.startswith("-")]
    if unknown:
        _err(f"article-reader: error: unknown option {unknown[0]}\n")
        _err(USAGE)
        return EXIT_USAGE
    if len(argv) > 1:
        _err("article-reader: error: give at most one library folder or file to open\n")
        _err(USAGE)
        return EXIT_USAGE
    if argv and not Path(argv[0]).exists():
        _err(f"article-reader: error: {argv[0]}: no such file or folder")
        return EXIT_USAGE
    from .app import run_app

    return run_app(argv[0] if argv else None)
