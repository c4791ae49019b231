"""Taking articles out and bringing pages in: export (EPUB, PDF, an HTML
folder) and import of saved web pages; see reader.core.convert."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_FILE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Command,
    SubParsers,
    drop_errors,
    err,
    error_line,
    library_parser,
    open_library,
    path_value,
    printable,
    refuse_bad_text,
    refuse_missing_folder,
    say,
    signals_deferred,
)
from reader.cli.saved import add_saved_option

if TYPE_CHECKING:
    from pathlib import Path

    from reader.core.common.tasks import Progress
    from reader.core.convert.export import ExportResult
    from reader.core.library.facade import Library


class _ProgressLine:
    """``exported 12/300`` rewritten in place on a terminal; silent otherwise
    (also on a dumb one, ``TERM=dumb``, which cannot erase a line)."""

    def __init__(self, verb: str):
        self.verb = verb
        self.live = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
        self.shown = False

    def __call__(self, done: int, total: int, item: str) -> None:
        if self.live:
            self.shown = self._write(f"\r{self.verb} {done}/{total}\x1b[K")

    def end(self) -> None:
        if self.shown:
            self._write("\r\x1b[K")

    def _write(self, text: str) -> bool:
        """Whether ``text`` went to the terminal; one that cannot take it
        (gone: an I/O error) takes nothing more, and the export goes on."""
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except (OSError, ValueError):
            self.live = False
            drop_errors()
            return False
        return True


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reader.cli.library import ignored_texts, note_ignored, query_error
    from reader.cli.saved import resolve_saved
    from reader.cli.state import query_states
    from reader.core.convert.export import ExportCancelled, ExportError, check_output
    from reader.core.library.querylang import QueryError, is_metadata_only, parse

    # argparse requires exactly one of them, but an empty value is given too
    # (`--epub ""`), and would be taken as the current folder
    kind, option, value = next(
        (kind, option, value)
        for kind, option, value in (
            ("epub", "--epub", args.epub),
            ("pdf", "--pdf", args.pdf),
            ("html", "--html-dir", args.html_dir),
        )
        if value is not None
    )
    if not value:
        err(f"article-reader export: error: {option} needs a path, not an empty value")
        return EXIT_USAGE
    if value == "-":  # (a file named "-" was written, where a script meant its output)
        err(
            f"article-reader export: error: {option} - : exports are written to a file, "
            "not to standard output (a file named '-': ./-)"
        )
        return EXIT_USAGE
    out = Path(value)
    # (a title not UTF-8 lost its byte without a word)
    failed = refuse_bad_text("export", [("--title", args.title)])
    if failed is not None:
        return failed
    failed = resolve_saved(args, "export")  # --saved NAME: its query
    if failed is not None:
        return failed
    try:
        expr = parse(args.query or "")
    except QueryError as exc:
        return query_error("export", exc, args)
    note_ignored("export", ignored_texts(expr))
    missing = refuse_missing_folder(args.library)  # (a loop of links ended in a traceback)
    if missing is not None:
        return missing
    try:
        # (with the library named: one inside OUT is said before it is opened)
        # (the index of a --cache-dir too: refused before a PDF's Qt is started)
        from reader.core.article.cache import library_cache_dir

        in_use = [library_cache_dir(args.library, getattr(args, "cache_dir", None))]
        check_output(out, args.force, folder=kind == "html", library=args.library, keep=in_use)
    except ExportError as exc:
        err(printable(f"article-reader export: error: {exc}"))
        return EXIT_FILE
    opened = open_library(args, fulltext=not is_metadata_only(expr))
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    with library:
        try:
            paths = [s.path for s in library.find(expr, sort="-date", states=query_states(library))]
        except QueryError as exc:
            exc.text = args.query or ""
            return query_error("export", exc, args)
        if not paths:
            # (exit 1, as grep: a script's next step would look for OUT)
            err(f"no article matches; nothing exported (no {printable(str(out))})")
            return EXIT_PROBLEMS
        progress = _ProgressLine("exported")
        stop = threading.Event()
        try:
            result = _export(kind, library, paths, out, args, progress, stop)
        except ExportCancelled:
            err("cancelled; nothing was written")
            return 130
        except ExportError as exc:
            err(error_line(exc))
            return EXIT_FILE
        except OSError as exc:  # (what the export did not name itself)
            err(printable(f"error: {out}: {exc.strerror or exc}"))
            return EXIT_FILE
        except KeyboardInterrupt:
            stop.set()
            raise
        finally:
            progress.end()
        for path, why in result.skipped:
            err(printable(f"error: {library.root / path}: {why}; skipped"))
        for problem in result.problems:  # (in the book all the same: as its text, with notices)
            err(printable(problem))
        err(
            printable(
                f"exported {result.articles} article(s) and {result.images} image(s) to {out}"
            )
        )
        # (the files the index could not read were named above: as for list
        # and search, the book lacks what they hold)
        return EXIT_FILE if result.skipped or stats.unreadable else EXIT_OK


def _export(
    kind: str,
    library: Library,
    paths: list[str],
    out: Path,
    args: argparse.Namespace,
    progress: Progress,
    stop: threading.Event,
) -> ExportResult:
    from reader.core.convert.export import export_epub, export_html_folder

    if kind == "epub":
        return export_epub(
            library,
            paths,
            out,
            toc=args.toc,
            title=args.title,
            force=args.force,
            progress=progress,
            cancel=stop.is_set,
        )
    if kind == "html":
        return export_html_folder(
            library,
            paths,
            out,
            toc=args.toc,
            title=args.title,
            force=args.force,
            progress=progress,
            cancel=stop.is_set,
        )
    # PDF needs Qt's printing: the one command that loads Qt, offscreen.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reader.ui.pdf_export import export_pdf_offscreen

    return export_pdf_offscreen(
        library,
        paths,
        out,
        toc=args.toc,
        title=args.title,
        force=args.force,
        progress=progress,
        cancel=stop.is_set,
    )


def cmd_import(args: argparse.Namespace) -> int:
    from reader.core.article.model import ArticleError
    from reader.core.convert.webpage import import_pages

    # (the library's own unreadable files are not the import's business, as
    # for publish: they were listed as errors, and the import exited 0)
    opened = open_library(args, writes=True, fulltext=True, list_unreadable=False)
    if opened is None:
        return EXIT_FILE
    library, _ = opened
    with library:
        progress = _ProgressLine("imported")
        try:
            # Ctrl+C, SIGTERM, SIGHUP: the page being imported is finished,
            # and what was imported so far is said (it said "interrupted",
            # with dozens of articles made and not named)
            with signals_deferred() as stopped:
                outcomes, failed = import_pages(
                    library,
                    args.files,
                    args.on_duplicate,
                    progress=progress,
                    cancel=lambda: bool(stopped),
                )
        except ArticleError as exc:
            progress.end()
            err(error_line(exc))
            return EXIT_FILE
        progress.end()
        for outcome in outcomes:
            if outcome.action == "skipped":
                why = "the same address" if outcome.duplicate == "source" else "the same text"
                line = f"{outcome.page}: skipped, already in the library as {outcome.path} ({why})"
            else:
                line = f"{outcome.page}: {outcome.action} {library.root / (outcome.path or '')}"
                if outcome.images:
                    line += f" with {outcome.images} image(s)"
            say(printable(line))
            for warning in outcome.warnings:
                err(printable(f"warning: {outcome.page}: {warning}"))
        for page, message in failed:
            err(printable(f"error: {message}" if page in message else f"error: {page}: {message}"))
        created = sum(1 for o in outcomes if o.action != "skipped")
        skipped = len(outcomes) - created
        err(f"{created} page(s) imported, {skipped} duplicate(s) skipped, {len(failed)} failed")
        if stopped:
            left = len(args.files) - len(outcomes) - len(failed)
            err(f"stopped: {left} page(s) not imported")
            return 128 + stopped[0]
        return EXIT_FILE if failed else EXIT_OK


def register(sub: SubParsers, commands: dict[str, Command]) -> None:
    p = library_parser(
        sub,
        "export",
        help="export articles as one EPUB book, a PDF or a static HTML folder",
        description="Export the articles matching --query (default: all, newest first) "
        "as one file or folder. Images are taken only from the library and the offline "
        "image cache; nothing is downloaded.",
    )
    p.add_argument("--query", metavar="Q", help="which articles (see list --query)")
    add_saved_option(p)
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--epub", metavar="OUT", help="one EPUB 3 book")
    out.add_argument("--pdf", metavar="OUT", help="one PDF with a table of contents")
    out.add_argument("--html-dir", metavar="OUT", help="a folder: index.html and one page each")
    p.add_argument(
        "--toc",
        choices=("date", "category"),
        default="date",
        help="group the table of contents by month or by category (default: date)",
    )
    p.add_argument("--title", metavar="TITLE", help="the book's title (default: the folder name)")
    p.add_argument("--force", action="store_true", help="replace an existing OUT")
    commands["export"] = cmd_export

    p = library_parser(
        sub,
        "import",
        help="import saved web pages (HTML, single-file HTML) as articles",
    )
    p.add_argument("files", nargs="+", metavar="FILE", type=path_value, help="saved .html pages")
    p.add_argument(
        "--on-duplicate",
        choices=("skip", "keep-both", "replace"),
        default="skip",
        help="a page the library has already (same address or same text): default skip",
    )
    commands["import"] = cmd_import
