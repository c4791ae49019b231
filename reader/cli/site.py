"""Commands that know the site: publish, unpublish, schema infer, fix; and
the schema and template warnings ``check`` adds.  See reader.core.site."""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_FILE,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    SubParsers,
    apply_stoppable,
    bulk_turn,
    err,
    error_line,
    library_parser,
    note_index_behind,
    open_library,
    path_value,
    printable,
    printable_lines,
    refuse_bad_text,
    report_applied,
    report_skipped,
    say,
    say_json,
    undo_command,
)

if TYPE_CHECKING:
    from reader.core.article.model import Article
    from reader.core.library.facade import Library
    from reader.core.site.fix import FixRule


# ---------------------------------------------------------------------------
# publish / unpublish


def _publish(args: argparse.Namespace, publish: bool) -> int:
    from reader.core.article.model import ArticleError

    verb = "publish" if publish else "unpublish"
    # One file is published: the library's other unreadable files (a FIFO, a
    # folder not to be entered) are not its business, and the file's own
    # problem is said once, by the publish itself.
    opened = open_library(args, writes=True, list_unreadable=False)
    if opened is None:
        return EXIT_FILE
    library, _ = opened
    with library:
        site = library.site
        if site is None:
            from reader.core.article.boundary import unusable_configs

            # (a _config.yml that is a FIFO, a folder or a loop of links: say why)
            for problem in unusable_configs(library.root):
                err(printable(f"warning: {problem}"))
            # The command line is well-formed: the folder is not what it
            # needs (as history and commit outside a git work tree): 3, not 2.
            err(printable(f"error: {library.root}: not inside a Hexo, Jekyll or Hugo site"))
            return EXIT_FILE
        for problem in site.problems:
            err(printable(f"warning: {problem}"))
        # FILE as the shell names it (from the current folder) when that is
        # a file of the library, else as the library does (`publish SITE
        # _drafts/x.md`, from anywhere); one found in neither is said where
        # it was meant (`publish pj pj/_drafts/nope.md` named
        # pj/pj/_drafts/nope.md, the library's folder twice)
        target = Path(args.file)
        if not target.is_absolute():
            from reader.core.library.scan import relative_path

            here = Path(os.path.abspath(target))
            mine = relative_path(library.root, str(here)) not in (None, "")
            if mine and (os.path.lexists(here) or not os.path.lexists(library.root / target)):
                target = here
        from reader.cli.state import attach_state

        attach_state(library)  # the reading state moves with the article
        try:
            new = library.publish(target, publish=publish)
        except ArticleError as exc:
            err(error_line(exc))
            return EXIT_FILE
        say(printable(f"{library.root / new}: {verb}ed"))
        err(printable(f"{verb}ed (undo: {undo_command(args)})"))
        note_index_behind(library)
        return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    return _publish(args, True)


def cmd_unpublish(args: argparse.Namespace) -> int:
    return _publish(args, False)


# ---------------------------------------------------------------------------
# schema infer


def cmd_schema_infer(args: argparse.Namespace) -> int:
    from reader.core.article.model import ArticleError

    opened = open_library(args, writes=False)
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    # (files that could not be read, said as errors, left out of the rules:
    # exit 3 as list says them, not 0)
    done = EXIT_FILE if stats.unreadable else EXIT_OK
    with library:
        schema = library.infer_schema()
        if args.dry_run:  # (merged into the file there, as the run would: or refused)
            try:
                data = library.planned_schema(schema)
            except ArticleError as exc:
                err(error_line(exc))
                return EXIT_FILE
            sys.stdout.write(data.decode("utf-8"))
            return done
        try:
            path, added = library.save_schema(schema)
        except ArticleError as exc:
            err(error_line(exc))
            return EXIT_FILE
        for name in added:
            rule = schema.keys.get(name)
            if rule is None:  # "folders.FOLDER.KEY": a folder's own rule
                folder, _, key = name.removeprefix("folders.").rpartition(".")
                rule = schema.folders.get(folder, {}).get(key)
                if rule is None:
                    continue
                name = f"{folder}/ {key}"
            extra = []
            if rule.required:
                extra.append("required")
            if rule.values:
                extra.append("values: " + ", ".join(rule.values))
            if rule.spelling:
                extra.append(f"spelled like {rule.spelling}")
            if rule.shape:
                extra.append(f"shape: {rule.shape}")
            share = f"{(rule.share or 0) * 100:.0f}%"
            detail = f" ({'; '.join(extra)})" if extra else ""
            say(printable(f"{name}: {rule.type or 'empty'}, in {share}{detail}"))
        kept = len(schema.keys) - len(added)
        err(
            printable(
                f"wrote {path}: {len(added)} key(s) added from {schema.articles} article(s)"
                + (f", {kept} key(s) already there kept as they are" if kept else "")
            )
        )
        return done


# ---------------------------------------------------------------------------
# fix


# The terms --where adds to the query language (a query finds articles by
# what the index knows; a fix also asks what their front matter holds):
# has:KEY and missing:KEY (a front-matter key there or not; has:image and
# has:problems keep the query language's meaning), path:PART (a part of the
# path in the library).  Each may be negated with "-"; all are ANDed.
_FIX_TERM = re.compile(r'(-?)(has|missing|path):("[^"]*"|[^"]+)')


@dataclass(frozen=True)
class Where:
    """What ``fix --where`` selects: a query of the query language (blank
    where the fix's own terms were, so that an error points into the text
    as typed) and the fix's own terms, ``(negated, name, value)``."""

    query: str
    terms: tuple[tuple[bool, str, str], ...]

    def path_holds(self, rel: str) -> bool:
        """Whether the path terms hold for the article at ``rel`` (in the
        library): tested before it is read, so that one they leave out is
        not reported when it does not parse."""
        return all(
            (value.strip("/") in rel) != negated
            for negated, name, value in self.terms
            if name == "path"
        )

    def test(self, root: str | os.PathLike) -> Callable[[Article], bool] | None:
        """The fix's own terms as a test of the articles of the library at
        ``root`` (None: there are none)."""
        if not self.terms:
            return None
        folder = Path(os.path.realpath(root))

        def holds(article: Article, name: str, value: str) -> bool:
            if name == "path":  # (in the library: its own folder's name matched every one)
                if article.path is None:
                    return False
                rel = Path(os.path.relpath(article.path, folder)).as_posix()
                return value.strip("/") in rel
            return (value in article.metadata) == (name == "has")

        terms = self.terms
        return lambda article: all(
            holds(article, name, value) != negated for negated, name, value in terms
        )


def parse_where(text: str) -> Where:
    """``--where`` split into its query and the fix's own terms (a token at
    a time; a quote runs to its closing quote, as in the query language).
    Raises ValueError for one of the fix's own terms next to ``OR``."""
    from reader.core.library.querylang import HAS_VALUES

    shown = list(text)
    terms: list[tuple[bool, str, str]] = []
    tokens: list[tuple[str, bool]] = []  # (token, one of the fix's own terms)
    i, end = 0, len(text)
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        start = i
        while i < end and not text[i].isspace():
            if text[i] == '"':
                close = text.find('"', i + 1)
                i = end if close < 0 else close + 1
            else:
                i += 1
        match = _FIX_TERM.fullmatch(text, start, i)
        tokens.append((text[start:i], False))
        if match is None:
            continue
        negated, name, value = match.group(1) == "-", match.group(2), match.group(3)
        if value.startswith('"'):
            value = value[1:-1]
        if name == "has" and value.lower() in HAS_VALUES:
            continue  # has:image, has:problems: the query's
        if not value:
            continue  # (the query says what is missing)
        terms.append((negated, name, value))
        tokens[-1] = (tokens[-1][0], True)
        shown[start:i] = " " * (i - start)
    for (first, own_first), (second, own_second) in itertools.pairwise(tokens):
        if ("OR" in (first, second)) and (own_first or own_second):
            term = first if own_first else second
            raise ValueError(f"{term} cannot be joined with OR: the terms of --where are ANDed")
    return Where("".join(shown), tuple(terms))


def cmd_fix(args: argparse.Namespace) -> int:
    from reader.cli.library import query_error
    from reader.cli.state import query_states
    from reader.core.article.codec import YAMLValueError, parse_typed_value
    from reader.core.article.model import ArticleError
    from reader.core.library.querylang import QueryError, is_metadata_only, parse
    from reader.core.site.fix import FixRule

    bad = refuse_bad_text("fix", [("--add", args.add), ("--where", args.where)])
    if bad is not None:
        return bad
    if args.add is not None:
        key, sep, text = args.add.partition("=")
        if not sep or not key.strip():
            err("article-reader fix: error: --add takes KEY=VALUE")
            return EXIT_USAGE
        try:
            value = parse_typed_value(text)
        except YAMLValueError as exc:
            err(printable(f"article-reader fix: error: {key}: {exc.message}"))
            return EXIT_USAGE
        rule = FixRule("add", key.strip(), value, text)
    elif args.categories_list:
        rule = FixRule("categories-list")
    else:
        rule = FixRule("respell-dates")
    where = expr = None
    if args.where:
        if rule.kind != "add":
            err("article-reader fix: error: --where goes with --add")
            return EXIT_USAGE
        try:
            where = parse_where(args.where)
        except ValueError as exc:
            err(printable(f"article-reader fix: error: --where: {exc}"))
            return EXIT_USAGE
        try:  # (checked before the library opens)
            expr = parse(where.query) if where.query.strip() else None
        except QueryError as exc:
            exc.text = args.where
            return query_error("fix", exc)
    opened = open_library(
        args, writes=not args.dry_run, fulltext=expr is not None and not is_metadata_only(expr)
    )
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    unread = len(stats.unreadable)
    with library:
        # (a second edit run meanwhile waits, then plans on what this one wrote)
        try:
            with bulk_turn(library, args.dry_run):
                paths = None
                if expr is not None:  # what list --query finds for the same query
                    try:
                        paths = [s.path for s in library.find(expr, states=query_states(library))]
                    except QueryError as exc:
                        exc.text = args.where
                        return query_error("fix", exc)
                if where is not None and any(name == "path" for _n, name, _v in where.terms):
                    listed = paths if paths is not None else [s.path for s in library.query()]
                    paths = [rel for rel in listed if where.path_holds(rel)]
                test = where.test(library.root) if where is not None else None
                return _fix_planned(args, rule, (test, paths), library, unread)
        except ArticleError as exc:
            err(error_line(exc))
            return EXIT_FILE


def _fix_planned(
    args: argparse.Namespace,
    rule: FixRule,
    where: tuple[Callable[[Article], bool] | None, list[str] | None],
    library: Library,
    unread: int,
) -> int:
    from reader.core.article.model import ArticleError
    from reader.core.library.facade import JournalDamagedError

    try:
        if rule.kind == "respell-dates" and library.schema() is None:
            from reader.core.site.schema import schema_path

            # what the command needs is not there (exit 3), not a usage error
            err(
                printable(
                    f"error: {schema_path(library.root)}: no schema; --respell-dates spells "
                    "dates as the schema says (article-reader schema infer "
                    f"{args.library} writes one); nothing was changed"
                )
            )
            return EXIT_FILE
        plan = library.plan_fix(rule, where=where[0], paths=where[1])
    except ArticleError as exc:
        err(error_line(exc))
        return EXIT_FILE
    description = printable(plan.description)
    for path, line, why in plan.left:  # what check will still report, said
        place = f"{library.root / path}:{line}" if line else f"{library.root / path}"
        err(printable(f"{place}: warning: {why}"))
    if args.dry_run:
        sys.stdout.write(printable_lines(plan.diff()))
        err(f"{description}: {len(plan.items)} file(s) would change")
        return report_skipped(library, plan.skipped, unread=unread)
    if not plan.items:
        err(f"{description}: nothing to do")
        return report_skipped(library, plan.skipped, unread=unread)
    try:
        try:
            library.journal.last()
        except JournalDamagedError as exc:
            err(f"warning: {exc}; a new undo journal is started for this edit")
        result, stopped_by = apply_stoppable(library, plan)
    except ArticleError as exc:
        err(error_line(exc))
        return EXIT_FILE
    return report_applied(
        library, undo_command(args), description, result, plan.skipped, unread, stopped_by
    )


# ---------------------------------------------------------------------------
# check: schema and template warnings


SiteWarning = tuple[str, int | None, str]  # path ("" for none), line, message


def site_warnings(root: Path, files: list[Path]) -> list[SiteWarning]:
    """The site's configuration and scaffold problems and the schema's
    findings for ``files`` (articles under the folder ``root``, each found
    under ``str(path)``), as warnings.  A schema that cannot be read is one."""
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError
    from reader.core.site.detect import find_site, unusable_configs
    from reader.core.site.scaffold import scaffold_problems
    from reader.core.site.schema import SchemaError, check_article, load_schema
    from reader.core.site.scope import draft_flag

    lines: list[SiteWarning] = []
    site = find_site(root)
    if site is not None:
        # Jekyll and Hugo: the data files' problems too (their templates read them)
        from reader.core.library.sitecontext import site_problems

        problems = site_problems(site.root)
        lines += [_placed(problem) for problem in (problems or site.problems)]
        lines += [(str(p), line, message) for p, line, message in scaffold_problems(site)]
    else:
        lines += [_placed(problem) for problem in unusable_configs(root)]
    schema = None
    schema_root = root.resolve()
    for folder in (root.resolve(), *root.resolve().parents):
        schema_root = folder
        try:
            schema = load_schema(folder)
        except SchemaError as exc:
            lines.append((str(exc.path or folder), exc.line, exc.message))
            break
        if schema is not None or (site is not None and folder == site.root):
            break
    if schema is not None:
        from reader.core.site.schema import SpellingTally
        from reader.core.site.scope import DRAFT, classify

        tally = SpellingTally(schema)
        for file_path in files:
            try:
                article = load_article(file_path)
            except ArticleError:
                continue  # reported as an error already
            draft = draft_flag(article.metadata.get("draft"))
            provided: frozenset[str] = frozenset()
            if site is not None:
                try:
                    rel = file_path.resolve().relative_to(site.root).as_posix()
                except ValueError:  # a link to outside the site
                    rel = ""
                kind = classify(site, rel) if rel else None
                draft = draft or kind == DRAFT
                provided = site.default_keys(rel, kind) if rel else provided
            try:
                in_library = file_path.resolve().relative_to(schema_root).as_posix()
            except ValueError:
                in_library = ""
            rules = schema.for_path(in_library)
            found = check_article(rules, str(file_path), article, draft=draft, provided=provided)
            for finding in found:
                lines.append((finding.path, finding.line, finding.message))
            tally.add(in_library, article)
        if root.resolve() == schema_root:  # (a folder's articles say nothing of the others)
            lines[:0] = [(f.path, f.line, f.message) for f in tally.unmatched(schema_root)]
    if not root.is_absolute():
        # the site's own files named as the articles are, relative to where
        # the command runs (they were absolute beside relative articles)
        lines = [(_as_given(path), line, message) for path, line, message in lines]
    return lines


def _as_given(path: str) -> str:
    """``path`` relative to the current folder when it is absolute."""
    if not path or not os.path.isabs(path):
        return path
    try:
        return os.path.relpath(path)
    except ValueError:  # (another drive)
        return path


# A site file's problem as the site's reading says it: "/site/_config.yml
# line 2: invalid YAML: …" or "/site/_data/x.json: not read: …".
_SITE_FILE_PROBLEM = re.compile(
    r"(?P<path>/.*?\.(?:ya?ml|toml|json|csv|tsv))(?: line (?P<line>\d+)|:(?P<at>\d+))?: "
    r"(?P<message>.+)",
    re.DOTALL,
)


def _placed(problem: str) -> SiteWarning:
    """``problem`` (a site file's, as said) as (path, line, message), so
    that ``check`` prints it as every other, ``FILE:LINE: warning: …``."""
    found = _SITE_FILE_PROBLEM.fullmatch(problem)
    if found is None:
        return ("", None, problem)
    line = found["line"] or found["at"]  # ("PATH line N: …" or "PATH:N: …")
    return (found["path"], int(line) if line else None, found["message"])


def print_site_warnings(lines: list[SiteWarning], *, as_json: bool) -> None:
    """Print what :func:`site_warnings` found (in JSON: a line per warning,
    for those ``check`` did not give with their article)."""
    for path, line, message in lines:
        if as_json:
            problem = {"severity": "warning", "message": message, "line": line}
            say_json({"path": path, "problems": [problem]})
        elif path:
            where = f":{line}" if line else ""
            say(printable(f"{path}{where}: warning: {message}"))
        else:
            say(printable(f"warning: {message}"))


def register(sub: SubParsers, commands: dict[str, Command]) -> None:
    for verb, command, text in (
        ("publish", cmd_publish, "publish a draft the way the site does (undo: undo)"),
        ("unpublish", cmd_unpublish, "turn a post back into a draft (undo: undo)"),
    ):
        p = library_parser(sub, verb, help=text)
        p.add_argument(
            "file",
            metavar="FILE",
            type=path_value,
            help="the article (relative to LIBRARY or here)",
        )
        commands[verb] = command

    p = sub.add_parser("schema", help="the library's front-matter schema")
    schema_sub = p.add_subparsers(
        dest="schema_command", metavar="{infer}", required=True, parser_class=type(p)
    )
    q = library_parser(
        schema_sub,
        "infer",
        help="infer the schema and save it in LIBRARY/.article-reader/schema.toml",
    )
    q.add_argument("--dry-run", action="store_true", help="print the schema that would be written")
    commands["schema"] = cmd_schema_infer

    p = library_parser(
        sub,
        "fix",
        help="apply one schema rule across the library (undo: undo)",
        description="Apply one rule across the library, losslessly and undoably. "
        "--where takes a query, as list --query does (cat:A/B, tag:NAME, date:2021, "
        "KEY:VALUE, words…), and has:KEY, missing:KEY and path:PART (a part of the path "
        "in the library), ANDed.",
    )
    rule = p.add_mutually_exclusive_group(required=True)
    rule.add_argument("--add", metavar="KEY=VALUE", help="add KEY (VALUE is YAML) where missing")
    rule.add_argument(
        "--categories-list", action="store_true", help="turn a scalar categories into a list"
    )
    rule.add_argument("--respell-dates", action="store_true", help="spell dates as the schema says")
    p.add_argument("--where", metavar="QUERY", help="only articles matching QUERY (with --add)")
    p.add_argument("--dry-run", action="store_true", help="print the diffs, write nothing")
    commands["fix"] = cmd_fix
