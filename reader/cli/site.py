"""Commands that know the site: publish, unpublish, schema infer, fix; and
the schema and template warnings ``check`` adds.  See reader.core.site."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    printable,
    printable_lines,
    refuse_bad_text,
    report_applied,
    report_skipped,
    say,
    say_json,
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
            from reader.core.site.detect import unusable_configs

            # (a _config.yml that is a FIFO, a folder or a loop of links: say why)
            for problem in unusable_configs(library.root):
                err(printable(f"warning: {problem}"))
            # The command line is well-formed: the folder is not what it
            # needs (as history and commit outside a git work tree): 3, not 2.
            err(printable(f"error: {library.root}: not inside a Hexo, Jekyll or Hugo site"))
            return EXIT_FILE
        for problem in site.problems:
            err(printable(f"warning: {problem}"))
        target = Path(args.file)
        if (
            not target.is_absolute()
            and not os.path.lexists(library.root / target)
            and os.path.lexists(Path.cwd() / target)
        ):
            target = Path.cwd() / target
        from reader.cli.state import attach_state

        attach_state(library)  # the reading state moves with the article
        try:
            new = library.publish(target, publish=publish)
        except ArticleError as exc:
            err(error_line(exc))
            return EXIT_FILE
        say(printable(f"{library.root / new}: {verb}ed"))
        err(printable(f"{verb}ed (undo: article-reader undo {args.library})"))
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
    library, _ = opened
    with library:
        schema = library.infer_schema()
        if args.dry_run:
            from reader.core.site.schema import merge_schema, schema_path

            data, _added = merge_schema(None, schema, schema_path(library.root))
            sys.stdout.write(data.decode("utf-8"))
            return EXIT_OK
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
        return EXIT_OK


# ---------------------------------------------------------------------------
# fix


# A stand-in for the shared query grammar (being built in parallel): terms
# "key:value" ANDed; "cat:NAME" (a category level), "tag:NAME", "has:KEY",
# "missing:KEY", "path:PREFIX".  To be replaced by the shared parser when it lands.
def _term_test(key: str, value: str, root: Path) -> Callable[[Article], bool]:
    from reader.core.article.taxonomy import name_text

    def matches(found: Any) -> bool:
        if isinstance(found, list):
            return any(matches(item) for item in found)
        return name_text(found) == value

    def test(article: Article) -> bool:
        if key == "cat":
            return any(value in path for path in article.categories)
        if key == "tag":
            return value in article.tags
        if key == "has":
            return value in article.metadata
        if key == "missing":
            return value not in article.metadata
        if key == "path":  # (the path in the library: the library's own folder matched every one)
            if article.path is None:
                return False
            rel = Path(os.path.relpath(article.path, root)).as_posix()
            return value.strip("/") in rel
        return matches(article.metadata.get(key))

    return test


def where_predicate(text: str, root: str | os.PathLike) -> Callable[[Article], bool]:
    """A predicate over the articles of the library at ``root`` for
    ``--where``; raises ValueError on a bad term."""
    folder = Path(os.path.realpath(root))
    tests: list[Callable[[Article], bool]] = []
    for term in text.split():
        key, sep, value = term.partition(":")
        if not sep or not key or not value:
            raise ValueError(f"{term!r} is not a key:value term")
        if key.startswith("-"):
            # the query language's "leave out" (-cat:x) was read as a key "-cat"
            # that no article has: the fix then found nothing, silently
            raise ValueError(
                f"{term!r}: terms cannot be left out with '-' here; "
                "use missing:KEY for the articles without a key"
            )
        tests.append(_term_test(key, value, folder))
    return lambda article: all(test(article) for test in tests)


def cmd_fix(args: argparse.Namespace) -> int:
    from reader.core.article.codec import YAMLValueError, parse_typed_value
    from reader.core.article.model import ArticleError
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
    where = None
    if args.where:
        if rule.kind != "add":
            err("article-reader fix: error: --where goes with --add")
            return EXIT_USAGE
        try:
            where_predicate(args.where, args.library)  # its terms checked before the library opens
        except ValueError as exc:
            err(printable(f"article-reader fix: error: --where: {exc}"))
            return EXIT_USAGE
    opened = open_library(args, writes=not args.dry_run)
    if opened is None:
        return EXIT_FILE
    library, stats = opened
    unread = len(stats.unreadable)
    if args.where:  # (over the library's own root, as it resolved it)
        where = where_predicate(args.where, library.root)
    with library:
        # (a second edit run meanwhile waits, then plans on what this one wrote)
        try:
            with bulk_turn(library, args.dry_run):
                return _fix_planned(args, rule, where, library, unread)
        except ArticleError as exc:
            err(error_line(exc))
            return EXIT_FILE


def _fix_planned(
    args: argparse.Namespace, rule: FixRule, where: Any, library: Library, unread: int
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
        plan = library.plan_fix(rule, where=where)
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
        library, args.library, description, result, plan.skipped, unread, stopped_by
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
        lines += [("", None, problem) for problem in (problems or site.problems)]
        lines += [(str(p), line, message) for p, line, message in scaffold_problems(site)]
    else:
        lines += [("", None, problem) for problem in unusable_configs(root)]
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
    return lines


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
        p.add_argument("file", metavar="FILE", help="the article (relative to LIBRARY or here)")
        commands[verb] = command

    p = sub.add_parser("schema", help="the library's front-matter schema")
    schema_sub = p.add_subparsers(dest="schema_command", required=True, parser_class=type(p))
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
        "--where takes key:value terms, ANDed (cat:NAME, tag:NAME, has:KEY, missing:KEY, "
        "path:PART, or any front-matter KEY:VALUE).",
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
