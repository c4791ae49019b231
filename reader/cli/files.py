"""Commands on single files: show, set, check, render."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.common import (
    EXIT_FILE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Command,
    SubParsers,
    err,
    folder_value,
    path_value,
    printable,
    printable_lines,
    refuse_bad_text,
    refuse_missing_folder,
    say,
    say_json,
    write_json_line,
)

if TYPE_CHECKING:
    from reader.core.article.model import Article, Problem
    from reader.core.vcs.git import Repo

# show


def cmd_show(args: argparse.Namespace) -> int:
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError

    status = EXIT_OK
    for name in args.files:
        try:
            article = load_article(name)
        except ArticleError as exc:
            err(printable(f"error: {exc}"))
            status = EXIT_FILE
            continue
        for problem in article.problems:
            err(printable(problem))
        if article.has_errors:
            status = EXIT_FILE
        if args.json:
            from reader.cli.state import show_states

            data = article.summary_dict()
            # the name as it is (summary_dict's is for display): write_json_line
            # gives one that is not UTF-8 as text and as its bytes (path_b64)
            data["path"] = article.display_path
            data["state"] = show_states([name]).get(name)
            write_json_line(data)
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
        print(f"{label:<{width}}  {printable(value)}")
    print()


# ---------------------------------------------------------------------------
# set


def _parse_assignments(pairs: Sequence[str], remove: Sequence[str] = ()) -> dict[str, object]:
    """The keys ``-s KEY=VALUE`` sets, with their values.  Raises ValueError
    on a pair that is not one, a value refused, and options that contradict
    each other: a key set to two values, or set and removed (``-u``) --
    which was meant cannot be told, and the last one given silently won."""
    # The codec's loader: the same limits as front matter (no recursive or
    # exploding aliases, bounded nesting), so a value is refused here, not
    # after it has been written.
    from reader.cli.common import locale_hint
    from reader.core.article.codec import YAMLValueError, parse_typed_value
    from reader.core.article.patch_values import same_value

    changes: dict[str, object] = {}
    given: dict[str, str] = {}  # each key's -s, as typed
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValueError(f"-s expects KEY=VALUE, got {pair!r}")
        try:
            value = parse_typed_value(text) if text.strip() else ""
        except YAMLValueError as exc:
            where = f" (column {exc.column})" if exc.column is not None else ""
            why = exc.message + locale_hint(text)  # (the C locale without UTF-8 mode)
            raise ValueError(f"-s {key}: the value is refused{where}: {why}") from None
        if key in changes and not same_value(changes[key], value):
            raise ValueError(
                f"-s {given[key]!r} and -s {pair!r} give the key {key!r} two values; give one"
            )
        changes[key] = value
        given[key] = pair
    for name in remove:
        key = name.strip()
        if not key:  # (no key is named that: every file was "unchanged")
            raise ValueError(f"-u expects a KEY, got {name!r}")
        if key in changes:
            raise ValueError(
                f"-s {given[key]!r} and -u {name!r} both name the key {key!r}; "
                "set it or remove it, not both"
            )
    return changes


def cmd_set(args: argparse.Namespace) -> int:
    from reader.core.article.codec import boolean_over_text, load_article
    from reader.core.article.model import ArticleError
    from reader.core.article.patch import patch_metadata
    from reader.core.article.storage import (
        FileChangedError,
        LockTimeoutError,
        ReadOnlyError,
        update_article,
    )

    remove = list(dict.fromkeys(args.unset or []))  # (-u a -u a: once)
    # a key (or value) not UTF-8 is the command line's mistake, as everywhere
    # (a key was refused per file, exit 3, with "\udcff" in the message; a
    # key to remove was looked for and found nowhere)
    bad = refuse_bad_text(
        "set",
        [("-s", pair.partition("=")[0]) for pair in args.set or []]
        + [("-u", key) for key in remove],
    )
    if bad is not None:
        return bad
    try:
        changes = _parse_assignments(args.set or [], remove)
    except ValueError as exc:
        err(printable(f"article-reader set: error: {exc}"))
        return EXIT_USAGE
    if not changes and not remove:
        err("article-reader set: error: nothing to do; give -s KEY=VALUE or -u KEY")
        return EXIT_USAGE

    # A value typed as yes/no/on/off is a boolean only where the key holds
    # one or is not there yet (see boolean_over_text): per file.
    typed = {pair.partition("=")[0].strip(): pair.partition("=")[2] for pair in args.set or []}

    def change(article: Article) -> bytes:
        for key, text in typed.items():
            why = boolean_over_text(text, article.metadata.get(key))
            if why is not None:
                raise ArticleError(f"-s {key}: {why}", article.path)
        return patch_metadata(article, changes, remove)

    status = EXIT_OK
    saved_files: list[str] = []
    for name in args.files:
        if args.dry_run:
            try:
                article = load_article(name)
                new_raw = change(article)
            except ArticleError as exc:
                err(printable(f"error: {exc}; skipped"))
                status = EXIT_FILE
                continue
            sys.stdout.write(
                printable_lines(unified_diff(article.raw, new_raw, article.display_path))
            )
            for problem in _new_problems(article, new_raw):
                err(printable(str(problem)))
            continue
        # Read, patch and write under the file's lock: a concurrent writer's
        # change is read first and kept, never overwritten.
        try:
            article, new_raw, saved = update_article(name, change)
        except (FileChangedError, ReadOnlyError, LockTimeoutError) as exc:
            err(printable(f"error: {exc}"))
            status = EXIT_FILE
            continue
        except ArticleError as exc:  # unreadable, or the change was refused
            err(printable(f"error: {exc}; skipped"))
            status = EXIT_FILE
            continue
        say(printable(f"{article.display_path}: {'saved' if saved else 'unchanged'}"))
        if saved:
            saved_files.append(name)
            for problem in _new_problems(article, new_raw):
                err(printable(str(problem)))
    if saved_files:  # for `commit --only-edited`
        from reader.cli.state import record_edited

        record_edited(saved_files)
    return status


def _new_problems(before: Article, new_raw: bytes) -> list[Problem]:
    """The problems the saved bytes have that the article did not have
    before (a date that is no date, a key its alias hides): said after
    ``saved`` so that a mistyped value is seen, not found later."""
    from reader.core.article.codec import parse_article

    after = parse_article(new_raw, before.path)
    had = {problem.message for problem in before.problems}
    return [problem for problem in after.problems if problem.message not in had]


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
    errors = [printable(f"error: {path / p.path}: {p.message}") for p in found.unreadable]
    return [path / rel for rel in sorted(found)], errors


def _template_warnings(article: Article) -> list[Problem]:
    """Template problems of a Jekyll or Hugo article (reader.core.render.sitetemplates)."""
    body = article.body
    if "{{" not in body and "{%" not in body:
        return []
    from reader.core.library.sitecontext import site_context_for
    from reader.core.render.sitetemplates import template_problems

    site = site_context_for(article)
    return template_problems(article, site.context) if site is not None else []


def _unmerged_files(root: Path, files: Sequence[Path]) -> tuple[Repo | None, dict[str, str]]:
    """Those of ``files`` that git lists as unmerged (a merge, rebase or
    stash pop stopped at a conflict in them): their real paths and their
    paths in the work tree; none when ``root`` is not in a git work tree or
    git cannot say.  One ``git ls-files -u`` (the index only: no file is
    read, no filter runs)."""
    if not files:
        return None, {}
    from reader.core.vcs.git import GitError, open_repo

    try:
        folder = os.path.abspath(root if root.is_dir() else root.parent)
        repo = open_repo(folder)
        under = repo.relative(folder)
        listed = repo.run(["ls-files", "-u", "-z", "--full-name", "--", under or "."]).stdout
    except GitError:
        return None, {}
    unmerged = {}
    for entry in listed.split(b"\0"):
        _, tab, name = entry.partition(b"\t")
        if tab:
            top_relative = os.fsdecode(name)
            unmerged[os.path.realpath(repo.absolute(top_relative))] = top_relative
    checked = {os.path.realpath(path) for path in files}
    return repo, {real: rel for real, rel in unmerged.items() if real in checked}


def _block_texts(text: str, size: int = 7) -> list[str]:
    """The text of each conflict block in ``text``, fences or not (its
    lines whole, from the opening marker's to the closing one's)."""
    from reader.core.article.conflicts import conflict_blocks
    from reader.core.article.split import file_lines

    blocks = conflict_blocks(text, fences_from=None, size=size)
    lines = file_lines(text) if blocks else []
    return ["".join(lines[block.start - 1 : block.end]) for block in blocks]


def _longer_markers(article: Article, size: int) -> list[Problem]:
    """The conflict blocks of ``article`` whose markers are ``size`` long (a
    file whose attributes set ``conflict-marker-size``), as its own problems
    say those of seven."""
    from reader.core.article.conflicts import conflict_problems
    from reader.core.article.split import decode

    text = decode(article.raw)
    return conflict_problems(text, article.display_path, article.parts.body_start_line, size)


def _unmerged_problems(
    article: Article, repo: Repo, top_relative: str, size: int = 7
) -> list[Problem]:
    """What ``check`` says of an article git lists as unmerged, beyond the
    conflicts its problems name already: the conflict blocks inside fenced
    code blocks that neither side of the merge had (git's, then, not an
    example the article shows), else that git still has the file in conflict."""
    from reader.core.article.conflicts import conflict_blocks, conflict_message
    from reader.core.article.model import ERROR, Problem
    from reader.core.article.split import decode, file_lines
    from reader.core.vcs.git import GitError

    if any("unresolved merge conflict" in p.message for p in article.problems):
        return []
    where = article.display_path
    text = decode(article.raw)
    # a fence hides nothing of git's; markers as long as .gitattributes makes them
    blocks = conflict_blocks(text, fences_from=None, size=size)
    if blocks:
        try:
            sides = [decode(side) for side in repo.stages(top_relative)[1:] if side is not None]
        except GitError:
            sides = []
        # The blocks the sides hold, each side read once (a block looked for
        # in the whole of each side took minutes for tens of thousands).
        in_sides = {text for side in sides for text in _block_texts(side, size)}
        lines = file_lines(text)
        blocks = [
            block for block in blocks if "".join(lines[block.start - 1 : block.end]) not in in_sides
        ]
    if blocks:
        return [
            Problem(
                ERROR,
                f"{conflict_message(block, body=True)} (git lists the file as unmerged: "
                "these markers are the merge's, inside a code block too)",
                block.start,
                where,
            )
            for block in blocks
        ]
    message = "git lists the file as unmerged: resolve the conflict, then 'git add' the file"
    return [Problem(ERROR, message, None, where)]


def cmd_check(args: argparse.Namespace) -> int:
    from reader.cli.site import print_site_warnings, site_warnings
    from reader.core.article.codec import load_article
    from reader.core.article.model import ERROR, ArticleError, Problem
    from reader.core.library.records import NAME_NOT_UTF8, name_not_utf8
    from reader.core.library.scan import is_gone

    root = Path(args.path)
    try:
        os.stat(root)
    except FileNotFoundError:  # (also a link to nothing)
        err(printable(f"error: {root}: no such file or folder"))
        return EXIT_FILE
    except OSError as exc:  # a loop of links, a name too long, a folder not to be entered
        err(printable(f"error: {root}: cannot read: {exc.strerror or exc}"))
        return EXIT_FILE
    files, errors = _article_files(root) if root.is_dir() else ([root], [])
    for line in errors:
        err(line)
    # The site's configuration, scaffolds and schema: warnings (exit 1 only
    # with --strict).  In JSON an article's own go on its line, with its problems.
    warnings = site_warnings(root if root.is_dir() else root.parent, files)
    own_warnings: dict[str, list[dict[str, Any]]] = {}
    rest = warnings
    if args.json:
        names = {str(path) for path in files}
        rest = []
        for warning in warnings:
            path, number, message = warning
            if path in names:
                entry: dict[str, Any] = {"severity": "warning", "message": message, "line": number}
                own_warnings.setdefault(path, []).append(entry)
            else:
                rest.append(warning)
    status = EXIT_OK
    unreadable = bool(errors)
    checked = len(files)
    repo, unmerged = _unmerged_files(root, files)
    # markers as long as .gitattributes makes them (conflict-marker-size), in
    # files git still lists as unmerged and in those marked resolved by hand
    sizes: dict[str, int] = {}
    if repo is not None:
        in_repo = {os.path.realpath(p): repo.relative(p) for p in files}
        sizes = repo.marker_sizes(list(in_repo.values()))
    for file_path in files:
        try:
            article = load_article(file_path)
        except ArticleError as exc:
            if root.is_dir() and is_gone(file_path):
                checked -= 1  # deleted since the folder was listed: simply gone
                continue
            err(printable(f"error: {exc}"))
            unreadable = True
            continue
        own = article.problems
        if root.is_dir() and name_not_utf8(os.path.relpath(file_path, root)):
            # (list, search and every bulk edit refuse the library for it: a
            # check of the folder passed it)
            own = [*own, Problem(ERROR, NAME_NOT_UTF8, None, article.display_path)]
        top_relative = unmerged.get(os.path.realpath(file_path)) if unmerged else None
        size = sizes.get(in_repo.get(os.path.realpath(file_path), ""), 7) if sizes else 7
        longer = _longer_markers(article, size) if size != 7 else []
        own = own + longer
        if repo is not None and top_relative is not None and not longer:
            own = own + _unmerged_problems(article, repo, top_relative, size)
        if own:
            status = EXIT_PROBLEMS
        # Jekyll Liquid / Hugo shortcode problems: warnings (exit 1 only with --strict).
        template_warnings = _template_warnings(article)
        if template_warnings and args.strict:
            status = EXIT_PROBLEMS
        problems = own + template_warnings
        if args.json:
            found = [p.as_dict() for p in problems] + own_warnings.get(str(file_path), [])
            say_json({"path": article.display_path, "problems": found})
        else:
            for problem in problems:
                say(printable(problem))
    print_site_warnings(rest, as_json=args.json)
    if warnings and args.strict:
        status = EXIT_PROBLEMS
    if not args.json:
        count = len(warnings)
        said = f", {count} site or schema warning(s)" if count else ""
        err(f"checked {checked} file(s){said}")
    return EXIT_FILE if unreadable else status


# ---------------------------------------------------------------------------
# render


def cmd_render(args: argparse.Namespace) -> int:
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError
    from reader.core.library.sitecontext import site_context_for
    from reader.core.render.pipeline import render_article

    try:
        article = load_article(args.file)
    except ArticleError as exc:
        err(printable(f"error: {exc}"))
        return EXIT_FILE
    for problem in article.problems:
        err(printable(problem))
    # The boundary for local files (reader.core.article.boundary): LIBRARY, else the
    # renderer finds the nearest real site root above the file itself.
    library_root = Path(args.library) if args.library else None
    if library_root is not None:
        missing = refuse_missing_folder(library_root)
        if missing is not None:
            return missing
        inside = os.path.realpath(library_root)
        if os.path.commonpath([inside, os.path.realpath(args.file)]) != inside:
            # (rendered all the same, without a word: its pictures then were not shown)
            err(
                printable(
                    f"warning: {args.file} is not inside {library_root}: that library's "
                    "site is not its own, and its local files outside it are not shown"
                )
            )
    site = site_context_for(article, library_root=library_root)  # Jekyll Liquid, Hugo shortcodes
    for site_problem in site.problems if site is not None else ():
        err(printable(f"warning: {site_problem}"))
    result = render_article(
        article,
        theme=args.theme,
        remote_images=args.remote_images,
        library_root=library_root,
        site=site.context if site is not None else None,
    )
    # what rendering found (a template's notices, with their lines), said as
    # the article's own problems are above; stdout and the exit code are the same
    said = set(article.problems)
    for problem in result.problems:
        if problem not in said:
            said.add(problem)
            err(printable(problem))
    sys.stdout.write(result.html)
    if not result.html.endswith("\n"):
        sys.stdout.write("\n")
    return EXIT_FILE if article.has_errors else EXIT_OK


def register(sub: SubParsers, commands: dict[str, Command]) -> None:
    p = sub.add_parser("show", help="print parsed articles")
    p.add_argument("files", nargs="+", metavar="FILE", type=path_value)
    p.add_argument("--json", action="store_true", help="one JSON object per file per line")
    commands["show"] = cmd_show

    p = sub.add_parser(
        "set",
        help="change front matter losslessly",
        description="Set or remove front-matter keys. VALUE is YAML: -s 'tags=[a, b]', "
        "-s comments=false, -s 'title=\"Re: x\"'. Only the changed keys' lines change. "
        "A key is named once: set to two values, or set and removed, it is refused.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", type=path_value)
    p.add_argument("-s", "--set", action="append", metavar="KEY=VALUE", help="set KEY to VALUE")
    p.add_argument("-u", "--unset", action="append", metavar="KEY", help="remove KEY")
    p.add_argument("--dry-run", action="store_true", help="print a unified diff, write nothing")
    commands["set"] = cmd_set

    p = sub.add_parser("check", help="list problems in a file or a folder")
    p.add_argument("path", metavar="PATH", type=path_value)
    p.add_argument("--json", action="store_true", help="JSON Lines: path and problems per file")
    p.add_argument("--strict", action="store_true", help="exit 1 on schema and site warnings too")
    commands["check"] = cmd_check

    p = sub.add_parser("render", help="print the HTML the reader pane shows")
    p.add_argument("file", metavar="FILE", type=path_value)
    p.add_argument("--remote-images", action="store_true", help="let remote images load")
    p.add_argument("--theme", choices=("light", "dark", "sepia"), default="light")
    p.add_argument(
        "--library",
        type=folder_value,
        metavar="LIBRARY",
        help=(
            "local images load only from inside LIBRARY; without it, from inside the nearest "
            "site root above FILE (a folder with a Hexo/Jekyll _config.yml and source/ or "
            "_posts/, or with a Hugo config and content/; a config file alone does not "
            "count), else from FILE's folder"
        ),
    )
    commands["render"] = cmd_render
