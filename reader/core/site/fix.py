"""Fix one schema rule across a library, as a bulk edit: plan (with a
diff) → apply (journaled, so ``undo`` undoes it) → undo.  No Qt here.

The rules:

* ``add``: give every article that lacks ``key`` the value ``value``;
* ``categories-list``: turn a scalar ``categories`` (``categories: 编程``)
  into a list with that one path (``[编程]``), the shape Hexo reads alike;
* ``respell-dates``: spell every date key the schema gives a ``spelling``
  the way it says (the moment stays the same).

Each change is lossless: through :func:`reader.core.article.patch.patch_metadata`,
so only the lines of that key change; a respelled date in YAML or TOML (whose
patch would keep the old spelling) by replacing only the text of its value,
where its parser places it, comments kept.  The plan is applied by
:func:`reader.core.edit.bulk.apply_plan` (re-checked, atomic, journaled).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from reader.core.article.codec import load_article
from reader.core.article.dates import DateStyle, format_date, parse_date
from reader.core.article.model import Article, ArticleError
from reader.core.article.patch import patch_metadata
from reader.core.common.tasks import Cancel, Progress
from reader.core.edit.bulk import BulkPlan, PlanItem
from reader.core.edit.diff import unified_diff
from reader.core.edit.journal import sha256
from reader.core.site.schema import (
    Schema,
    date_spelling,
    schema_spelling,
    shown_spelling,
    spelling_style,
    written_style,
)

__all__ = ["FixPlan", "FixRule", "changes_for", "plan_fix"]

_NATIVE_DATE = re.compile(r"\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?)?")


@dataclass(frozen=True)
class FixRule:
    """One rule: ``kind`` is "add", "categories-list" or "respell-dates"."""

    kind: str
    key: str = ""
    value: Any = None
    value_text: str = ""  # as typed, for the description

    @property
    def description(self) -> str:
        if self.kind == "add":
            return f"fix: add {self.key}={self.value_text}"
        return f"fix: {self.kind}"


@dataclass(slots=True)
class FixPlan(BulkPlan):
    """A :class:`~reader.core.edit.bulk.BulkPlan` for a fix rule.  ``left``:
    what the rule cannot make as the schema says and leaves (path, line,
    why), so that what ``check`` still reports after it is explained."""

    rule: FixRule | None = None
    left: list[tuple[str, int | None, str]] = field(default_factory=list)

    @property
    def description(self) -> str:
        return self.rule.description if self.rule is not None else "fix"


@dataclass(frozen=True)
class Respelled:
    """A date to write in another spelling: the same moment, new text."""

    text: str
    moment: datetime | date


def _respell(article: Article, changes: dict[str, Any]) -> bytes:
    """The article with each date of ``changes`` (all :class:`Respelled`)
    re-spelled in place: only the text of the value itself changes (its
    quotes kept), found by where the front matter's own parser puts it (the
    YAML node, the TOML value after ``key =``), never by searching the line
    for the old text, so a comment that names the date stays as it was.
    JSON front matter, whose dates are text, takes the lossless patch path
    (:func:`patch_metadata`).  The result is read again to prove that only
    those values changed, the rest of the file byte for byte, and each date
    to the same moment.  Raises :class:`ArticleError` (naming the file and
    the key's line) when the value's place cannot be found for sure."""
    from reader.core.article.codec import parse_article
    from reader.core.article.split import join

    for name, new in changes.items():
        old = article.metadata.get(name)
        if not isinstance(old, str) and not _NATIVE_DATE.fullmatch(new.text):
            # (_respellings leaves such a date, with a warning: never here)
            raise ArticleError(
                f"'{name}' would turn from a date into text; not re-spelled",
                article.display_path,
                article.key_lines.get(name),
            )
    old_spans = sorted((*_value_span(article, name), name) for name in changes)
    # (start, end, name) in the file's order: the old front matter with only
    # those values replaced is what the new one must be, to the byte
    pieces: list[str] = []
    at = 0
    places: dict[str, tuple[int, int]] = {}  # name → the new value's place
    length = 0
    for start, end, name in old_spans:
        if start < at:
            raise ArticleError(
                f"cannot re-spell '{name}' in place",
                article.display_path,
                article.key_lines.get(name),
            )
        text = changes[name].text
        length += start - at
        places[name] = (length, length + len(text))
        length += len(text)
        pieces += [article.parts.front[at:start], text]
        at = end
    pieces.append(article.parts.front[at:])
    expected = join(article.parts.replace_front("".join(pieces)))
    if article.format == "json":
        # JSON has no dates of its own: each is text, and text is what the
        # lossless patch path writes (in its quotes, the rest kept)
        raw = patch_metadata(article, {name: new.text for name, new in changes.items()})
    else:
        # (the patch path writes a date in the spelling of the one it
        # replaces, which is the very thing to change here)
        raw = expected
    check = parse_article(raw, article.path)
    if not check.has_errors:
        # only the values changed (the rest of the file, comments among it,
        # is the old one's), and the new text reads as the value and nothing
        # else (not a plain scalar that ran on, nor a comment it began)
        for name, place in places.items():
            try:
                found: tuple[int, int] | None = _value_span(check, name)
            except ArticleError:
                found = None
            if raw != expected or found != place:
                raise ArticleError(
                    f"cannot re-spell '{name}' in place: more than its value would change; "
                    "respell it by hand",
                    article.display_path,
                    article.key_lines.get(name),
                )
    if check.has_errors:
        raise ArticleError("re-spelling would break the front matter", article.display_path)
    for key, value in article.metadata.items():
        if key in changes:
            reread = parse_date(check.metadata.get(key))
            if reread is None or reread.value != changes[key].moment:
                raise ArticleError(f"re-spelling '{key}' would change it", article.display_path)
        elif check.metadata.get(key) != value:
            raise ArticleError(f"re-spelling would change '{key}'", article.display_path)
    if set(check.metadata) != set(article.metadata):
        raise ArticleError("re-spelling would change the keys", article.display_path)
    return raw


# A top-level TOML key's line: the key, ``=``, one value on the line (a
# string in quotes or a bare date) and at most a comment after it.
_TOML_LINE = re.compile(
    r"""[ \t]*(?P<key>[A-Za-z0-9_-]+|"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*')[ \t]*=[ \t]*"""
    r"""(?P<value>"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|\d[\d:.+\-TtZz ]*[\dZz])"""
    r"""[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)?"""
)

_YAML_PROPERTIES = re.compile(r"(?:[!&][^ \t]*[ \t]+)+")

_LINE_BREAK = re.compile("[\r\n\x85\u2028\u2029]")


def _value_span(article: Article, name: str) -> tuple[int, int]:
    """Where in the article's front matter the text of the date ``name`` is:
    the offsets of the value itself, inside its quotes if it has them (after
    its tag or anchor).  Raises :class:`ArticleError` when that place is not
    certain (a value over several lines, an alias, a TOML line holding more
    than the key, its value and a comment)."""
    front = article.parts.front
    line = article.key_lines.get(name)
    if article.format == "yaml":
        span = _yaml_value_span(front, name)
    elif article.format == "json":
        span = _json_value_span(front, name)
    elif article.format == "toml" and line is not None:
        span = _toml_value_span(
            front, name, article.metadata.get(name), line - article.parts.front_start_line
        )
    else:
        span = "its line is not known"
    if isinstance(span, str):
        raise ArticleError(
            f"cannot re-spell '{name}' in place: {span}; respell it by hand",
            article.display_path,
            line,
        )
    return span


def _yaml_value_span(front: str, name: str) -> tuple[int, int] | str:
    """The place of the one-line scalar value of the top-level key ``name``
    (by the node PyYAML composes, as the lossless patcher finds it), or why
    there is none."""
    import yaml

    from reader.core.article.codec import unbroken
    from reader.core.article.patch_yaml import top_entries

    text = unbroken(front) or front  # (every offset kept)
    try:
        _, entries = top_entries(text)
    except (yaml.YAMLError, ArticleError):
        return "the front matter does not read as a YAML mapping"
    found = [entry for entry in entries if entry.key == name]
    if len(found) != 1:
        return "the key is not there once"
    entry = found[0]
    node = entry.value_node
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, "'", '"'):
        return "its value is not a plain or quoted scalar"
    start, end = node.start_mark.index, node.end_mark.index
    if not entry.key_node.end_mark.index <= start <= end <= entry.end:
        return "its value is an alias"
    if _LINE_BREAK.search(front, start, end):
        return "its value is not on one line"
    # (a node's marks take in its tag and anchor: ``!!str &d 2021/04/16``)
    properties = _YAML_PROPERTIES.match(front, start, end)
    if properties is not None:
        start = properties.end()
    value = front[start:end]
    if not value or value[0] in "!&*":
        return "its value is not a plain or quoted scalar"
    if node.style is None:
        return start, end
    if len(value) < 2 or value[0] != node.style or value[-1] != node.style:
        return "its value is not a plain or quoted scalar"
    return start + 1, end - 1


def _json_value_span(front: str, name: str) -> tuple[int, int] | str:
    """The place of the text of the top-level member ``name`` (JSON), inside
    its quotes, or why there is none."""
    from reader.core.article.patch_json import _json_members

    try:
        members, _, _ = _json_members(front)
    except (ValueError, ArticleError):
        return "the front matter does not read as a JSON object"
    found = [member for member in members if member.key == name]
    if len(found) != 1:
        return "the key is not there once"
    start, end = found[0].value_start, found[0].value_end
    if end - start < 2 or front[start] != '"' or front[end - 1] != '"':
        return "its value is not text"
    return start + 1, end - 1


def _toml_value_span(front: str, name: str, old: Any, index: int) -> tuple[int, int] | str:
    """The place of the value of the top-level key ``name`` on the
    ``index``-th line of ``front`` (TOML), or why there is none: the line
    must be the key, ``=``, that value alone and at most a comment."""
    import tomllib

    from reader.core.article.patch_values import same_value
    from reader.core.article.split import file_lines

    lines = file_lines(front)
    if not 0 <= index < len(lines):
        return "its line is not in the front matter"
    offset = sum(len(line) for line in lines[:index])
    match = _TOML_LINE.fullmatch(lines[index])
    if match is None:
        return "its line holds more than the key and its value"
    try:
        keys = tomllib.loads(f"{match.group('key')} = 0")
        value = tomllib.loads(f"v = {match.group('value')}")["v"]
    except tomllib.TOMLDecodeError:
        return "its line does not read as the key and its value"
    if list(keys) != [name] or not same_value(old, value) or type(old) is not type(value):
        return "its line does not read as the key and its value"
    start, end = offset + match.start("value"), offset + match.end("value")
    if match.group("value")[0] in "\"'":
        start, end = start + 1, end - 1
    return start, end


_COMMENTED_SCALAR = re.compile(
    r"^(?P<key>[\w-]+[ \t]*:[ \t]+)(?P<value>[^\s\[{\"'#,][^#,\[\]{}]*?)(?P<rest>[ \t]+#.*)$"
)


def _listed_in_place(article: Article, changes: dict[str, Any]) -> bytes | None:
    """A scalar ``categories`` whose line ends in a comment, turned into a
    flow list on the same line (``categories: [News] # the comment``), so the
    comment stays; None when the line is not that simple (or this is not YAML)."""
    from reader.core.article.codec import parse_article
    from reader.core.article.split import decode, encode, file_lines

    if article.format != "yaml":
        return None
    lines = file_lines(decode(article.raw))
    for name in changes:
        number = article.key_lines.get(name)
        if number is None or number > len(lines):
            return None
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        match = _COMMENTED_SCALAR.match(body)
        if match is None:
            return None
        value = match.group("value").rstrip()
        lines[number - 1] = (
            match.group("key") + "[" + value + "]" + match.group("rest") + line[len(body) :]
        )
    raw = encode("".join(lines))
    check = parse_article(raw, article.path)
    if check.has_errors:
        return None
    for key, value in article.metadata.items():
        if check.metadata.get(key) != changes.get(key, value):
            return None
    return raw


def _comments_kept(old: bytes, new: bytes) -> bool:
    """Whether every ``# comment`` of ``old``'s front matter is still in ``new``."""
    from reader.core.article.split import split

    before, after = split(old), split(new)
    comments = re.findall(r"(?:^|[ \t])(#[^\r\n]*)", before.front, re.M)
    return all(comment in after.front for comment in comments)


def changes_for(rule: FixRule, article: Article, schema: Schema | None) -> dict[str, Any]:
    """The keys ``rule`` changes in ``article`` (empty: nothing to do)."""
    metadata = article.metadata
    if rule.kind == "add":
        return {} if rule.key in metadata else {rule.key: rule.value}
    changes: dict[str, Any] = {}
    if rule.kind == "categories-list":
        for key in ("categories", "category"):
            value = metadata.get(key)
            if isinstance(value, str) and value.strip():
                changes[key] = [value]
            elif isinstance(value, (int, float, date)) and not isinstance(value, bool):
                changes[key] = [value]  # categories: 2020 is the category 2020
        return changes
    if rule.kind == "respell-dates":
        for name, (respelled, _) in _respellings(article, schema).items():
            if respelled is not None:
                changes[name] = respelled
        return changes
    raise ValueError(f"unknown fix rule {rule.kind!r}")


def _respellings(
    article: Article, schema: Schema | None
) -> dict[str, tuple[Respelled | None, str | None]]:
    """Each date key of ``article`` not spelled as ``schema`` says: its new
    spelling (None when there is none that keeps the moment and differs
    from the one it has), and why what it becomes is still not the
    schema's spelling (None when it is)."""
    found: dict[str, tuple[Respelled | None, str | None]] = {}
    if schema is None:
        return found
    metadata = article.metadata
    for name, key_rule in schema.keys.items():
        if key_rule.type != "date" or not key_rule.spelling or name not in metadata:
            continue
        # (the example means its style: 2021-04-16 is spelled like 2001-02-03)
        wanted = spelling_style(key_rule.spelling)
        meant = schema_spelling(key_rule.spelling)
        parsed = parse_date(metadata[name])
        written = written_style(article, name)
        if wanted is None or meant is None or parsed is None or written is None:
            continue
        if date_spelling(written) == meant:
            # spelled as the site spells it, as check finds (a YAML
            # timestamp's spelling is its text, not its value's:
            # 2021-04-16T10:00:00+08:00 was rewritten with a blank)
            continue
        value = parsed.value
        # A time without an offset is the site's own time zone, which is not
        # known here: spelled with this machine's offset it was another
        # moment, and the write path's last check refused the file (exit 3,
        # no advice).  So are fractions of a second the spelling drops.
        style = wanted
        if style.offset and isinstance(value, datetime) and value.tzinfo is None:
            style = replace(style, offset="")  # as near as it goes: all but the zone
        text = format_date(value, style)
        reread = parse_date(text)
        respelled = None
        if reread is not None and reread.style != written and _same_moment(reread.value, value):
            respelled = Respelled(text, parsed.value)
        # A date the front matter holds as one (a YAML or TOML date) that
        # the spelling would make text: left as it is, with what to do (the
        # type is not this rule's to change; it was refused at the write,
        # exit 3, as if the file had failed)
        to_text = (
            respelled is not None
            and not isinstance(metadata[name], str)
            and not _NATIVE_DATE.fullmatch(respelled.text)
        )
        if to_text:
            respelled = None
        became = reread.style if respelled is not None and reread is not None else written
        why = None
        if to_text:
            why = (
                f"not like the schema's {shown_spelling(key_rule.spelling)}: it is a "
                f"{(article.format or '').upper()} date, which that spelling would make "
                "text; respell it by hand if the site reads such text as a date, or change "
                "the schema's spelling"
            )
            why = f"'{name}' stays spelled like {date_spelling(became)!r}, {why}"
        elif date_spelling(became) != meant:
            why = _why_not_respelled(name, parsed.value, wanted, key_rule.spelling, became)
            what = "is respelled" if respelled is not None else "stays spelled"
            why = f"'{name}' {what} like {date_spelling(became)!r}, {why}"
        found[name] = (respelled, why)
    return found


def _same_moment(a: datetime | date, b: datetime | date) -> bool:
    """Whether two dates are the same moment: aware with aware, floating with
    floating, a day with a day (a floating time is no moment of its own)."""
    if isinstance(a, datetime) != isinstance(b, datetime):
        return False
    if (
        isinstance(a, datetime)
        and isinstance(b, datetime)
        and (a.tzinfo is None) != (b.tzinfo is None)
    ):
        return False
    return a == b


def _why_not_respelled(
    name: str, value: datetime | date, wanted: DateStyle, spelling: str, became: DateStyle
) -> str:
    """Why a date cannot be spelled as the schema says and keep its moment."""
    if wanted.has_time and not isinstance(value, datetime):
        reason = "it has no time, which the schema's spelling has; add one by hand"
    elif isinstance(value, datetime) and value.tzinfo is None and wanted.offset:
        reason = (
            "it has no time zone, which the schema's spelling has (the site's own is not "
            "known here); add it by hand"
        )
    elif isinstance(value, datetime) and value.microsecond and wanted.fraction_digits < 6:
        reason = (
            "it has fractions of a second, which the schema's spelling drops (dropping them "
            "would change the moment); change it by hand"
        )
    elif isinstance(value, datetime) and value.tzinfo is not None and not wanted.offset:
        reason = (
            "it has an offset, which the schema's spelling lacks (dropping it would change "
            "the moment); change it by hand, or give the spelling an offset"
        )
    else:
        reason = "no spelling of that moment reads like it"
    return f"not like the schema's {shown_spelling(spelling)}: {reason}"


def plan_fix(
    root: str,
    rule: FixRule,
    candidates: Sequence[str],
    schema: Schema | None = None,
    where: Callable[[Article], bool] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> FixPlan:
    """Plan ``rule`` over ``candidates`` (relative paths); nothing is written."""
    plan = FixPlan(rule.kind, (rule.key,), (rule.value_text,), rule=rule)
    total = len(candidates)
    for done, rel in enumerate(candidates, 1):
        if cancel is not None and cancel():
            break
        if progress is not None:
            progress(done, total, rel)
        try:
            article = load_article(os.path.join(root, rel))
        except ArticleError as exc:
            plan.skipped.append((rel, exc.at_line))
            continue
        if article.has_errors:
            first = article.errors[0]
            where_text = f"line {first.line}: " if first.line else ""
            plan.skipped.append((rel, f"does not parse ({where_text}{first.message})"))
            continue
        if article.format is None or (where is not None and not where(article)):
            continue  # no front matter: nothing to fix
        rules = schema.for_path(rel) if schema else None
        if rule.kind == "respell-dates":
            for name, (_, why) in _respellings(article, rules).items():
                if why is not None:
                    plan.left.append((rel, article.key_lines.get(name), why))
        changes = changes_for(rule, article, rules)
        if not changes:
            continue
        try:
            if rule.kind == "respell-dates":
                new_raw = _respell(article, changes)
            elif rule.kind == "categories-list" and (listed := _listed_in_place(article, changes)):
                new_raw = listed
            else:
                new_raw = patch_metadata(article, changes)
                if not _comments_kept(article.raw, new_raw):
                    raise ArticleError(
                        "the change would drop a comment; not changed", article.display_path
                    )
        except ArticleError as exc:
            plan.skipped.append((rel, exc.at_line))
            continue
        if new_raw == article.raw:
            continue
        key = next(iter(changes))
        plan.items.append(
            PlanItem(
                rel,
                key,
                article.metadata.get(key),
                getattr(changes[key], "text", changes[key]),
                sha256(article.raw),
                new_raw,
                unified_diff(article.raw, new_raw, rel),
            )
        )
    return plan
