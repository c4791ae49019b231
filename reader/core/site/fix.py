"""Fix one schema rule across a library, as a bulk edit: plan (with a
diff) → apply (journaled, so ``undo`` undoes it) → undo.  No Qt here.

The rules:

* ``add``: give every article that lacks ``key`` the value ``value``;
* ``categories-list``: turn a scalar ``categories`` (``categories: 编程``)
  into a list with that one path (``[编程]``), the shape Hexo reads alike;
* ``respell-dates``: spell every date key the schema gives a ``spelling``
  the way it says (the moment stays the same).

Each change goes through :func:`reader.core.article.patch.patch_metadata`,
so only the lines of that key change; the plan is applied by
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
from reader.core.site.schema import Schema, date_spelling, spelling_style, written_style

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
    re-spelled in place: on its own line, the old text of the value is
    replaced by the new one (its quotes kept), and the result is parsed again
    to prove that only those dates changed, each to the same moment."""
    from reader.core.article.codec import parse_article
    from reader.core.article.split import decode, encode, file_lines

    text = decode(article.raw)
    lines = file_lines(text)
    for name, new in changes.items():
        number = article.key_lines.get(name)
        old = article.metadata.get(name)
        if number is None or not 0 < number <= len(lines):
            raise ArticleError(f"cannot find the line of '{name}'", article.display_path)
        old_text = old if isinstance(old, str) else None
        line = lines[number - 1]
        if old_text is None:
            # a date the front matter reads as a date: its text is on the line
            candidates = [m for m in _NATIVE_DATE.finditer(line) if parse_date(m.group(0))]
            if len(candidates) != 1:
                raise ArticleError(
                    f"cannot re-spell '{name}' in place", article.display_path, number
                )
            old_text = candidates[0].group(0)
        if line.count(old_text) != 1:
            raise ArticleError(f"cannot re-spell '{name}' in place", article.display_path, number)
        value = new.text
        if not isinstance(old, str) and not _NATIVE_DATE.fullmatch(value):
            raise ArticleError(
                f"'{name}' would turn from a date into text; not re-spelled",
                article.display_path,
                number,
            )
        lines[number - 1] = line.replace(old_text, value)
    raw = encode("".join(lines))
    check = parse_article(raw, article.path)
    if check.has_errors:
        raise ArticleError("re-spelling would break the front matter", article.display_path)
    for key, value in article.metadata.items():
        if key in changes:
            reread = parse_date(check.metadata.get(key))
            if reread is None or reread.value != changes[key].moment:
                raise ArticleError(f"re-spelling '{key}' would change it", article.display_path)
        elif check.metadata.get(key) != value:
            raise ArticleError(f"re-spelling would change '{key}'", article.display_path)
    return raw


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
        wanted = spelling_style(key_rule.spelling)
        parsed = parse_date(metadata[name])
        written = written_style(article, name)
        if wanted is None or parsed is None or written is None:
            continue
        if date_spelling(written) == key_rule.spelling:
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
        became = reread.style if respelled is not None and reread is not None else written
        why = None
        if date_spelling(became) != key_rule.spelling:
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
    return f"not like the schema's {spelling!r}: {reason}"


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
