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
    import yaml

    changes: dict[str, object] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValueError(f"-s expects KEY=VALUE, got {pair!r}")
        try:
            changes[key] = yaml.safe_load(text) if text.strip() else ""
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (column {mark.column + 1})" if mark is not None else ""
            reason = getattr(exc, "problem", None) or exc
            raise ValueError(f"-s {key}: the value is not valid YAML{where}: {reason}") from None
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
    import difflib

    from .core.split import decode

    if old == new:
        return ""
    lines = difflib.unified_diff(
        decode(old).splitlines(keepends=True),
        decode(new).splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    text = "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
    library_root = Path(args.library) if args.library else Path(args.file).resolve().parent
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


def run_command(argv: Sequence[str]) -> int:
    parser, commands = _build_parser()
    try:
        args = parser.parse_args(list(argv))
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
