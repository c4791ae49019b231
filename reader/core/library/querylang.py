"""The query language of the search box, ``list --query`` and ``search``.  No Qt here.

One grammar everywhere (``docs/query.md`` has it in EBNF)::

    cat:金融/证券时报网 date:2021-04 -draft:true 知识产权 OR "intellectual property"

* a query is a list of *clauses* that must all hold (implicit AND);
* a clause is one or more *terms* joined by ``OR`` (``OR`` binds tighter
  than the implicit AND: ``a b OR c`` is *a and (b or c)*);
* a term is a word, a ``"quoted phrase"`` or a ``field:value`` filter,
  optionally negated by a leading ``-``.

:func:`parse` turns text into an :class:`Expr` (or raises
:class:`QueryError` with the position); :func:`to_text` prints an
expression in the canonical form that parses back to the same expression;
:func:`compile_expr` turns it into SQL over the index (``a`` is the
``articles`` table).  States (``is:unread``…) come from a
:data:`StateProvider` the caller passes; without one they are an error.

A word or phrase with no letter or digit (``(``, ``*``, ``%``) has nothing
to search for: it is ignored, as if it were not typed, by every way of
running a query (so ``(`` alone finds what the empty query finds, and
``Tom & Jerry`` what ``Tom Jerry`` finds); :func:`ignored_words` names them
for the caller to say so.
"""

from __future__ import annotations

import calendar
import contextlib
import json
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

from reader.core.library.fulltext import QueryTerm, fts_match
from reader.core.library.fulltext_tables import MAIN_FULLTEXT, FulltextTables
from reader.core.library.records import LEVEL_SEP, QUERY_FIELDS, field_text

__all__ = [
    "ERROR_KINDS",
    "FIELDS",
    "HAS_VALUES",
    "MAX_TERMS",
    "STATES",
    "And",
    "Expr",
    "Field",
    "Not",
    "Or",
    "QueryError",
    "StateProvider",
    "Term",
    "Text",
    "compile_expr",
    "ignored_words",
    "is_metadata_only",
    "needs_fulltext_match",
    "parse",
    "parse_or_error",
    "ranking_text",
    "searchable",
    "shown_ignored",
    "to_text",
]

#: The states ``is:`` names; a :data:`StateProvider` answers for them.
STATES = ("unread", "starred", "later")
HAS_VALUES = ("image", "problems")
BODY_VALUES = ("html", "markdown")

#: Field names with a meaning of their own; any other name is a front-matter key.
FIELDS = QUERY_FIELDS  # the index keeps no key:value pairs of these names

#: ``provider(field)`` → the relative paths of the articles whose
#: reading-state ``field`` is set: ``"read"``, ``"starred"`` or ``"later"``.
#: ``is:unread`` is every article *not* in ``provider("read")`` (so the
#: provider never lists the whole library).  The reading-state store's
#: ``paths_with`` fits: ``lambda f: store.paths_with(f, ... if f == "later" else True)``.
StateProvider: TypeAlias = Callable[[str], Collection[str]]


#: The kinds of :class:`QueryError`, each with the ``values`` it carries.
ERROR_KINDS = {
    "quote-not-closed": (),
    "space-after-quote": (),
    "empty-phrase": (),
    "minus-alone": (),
    "minus-twice": (),
    "name-missing": (),
    "value-missing": ("name",),
    "word-not-text": (),
    "phrase-not-text": (),
    "name-not-text": (),
    "value-not-text": ("name",),
    "not-one-of": ("name", "allowed", "value"),
    "year": ("value",),
    "date": ("value",),
    "no-month": ("month",),
    "no-day": ("day",),
    "no-day-in-month": ("date", "month", "days"),
    "date-range-ends": (),
    "date-range-reversed": ("start", "end"),
    "category-empty": ("name",),
    "too-many-terms": ("count", "most"),
    "or-at-start": (),
    "or-at-end": (),
    "or-twice": (),
    "no-reading-state": ("state",),
}


class QueryError(ValueError):
    """A query that cannot be parsed or run: ``message`` (English, for the
    command line) and ``position`` (0-based character offset into ``text``;
    ``len(text)`` for "at the end").

    ``kind`` (one of :data:`ERROR_KINDS`) and ``values`` (the texts the
    message names, in order: a field's name, a value as typed…) say the same
    for a caller that words the message itself (the window translates it;
    see ``reader/ui/query_feedback.py``)."""

    def __init__(
        self,
        message: str,
        position: int,
        text: str = "",
        kind: str = "",
        values: tuple[str, ...] = (),
    ):
        self.message = message
        self.position = position
        self.text = text
        self.kind = kind
        self.values = values
        super().__init__(f"{message} (at character {position + 1})")

    def pointer(self, shown: Callable[[str], str] | None = None) -> str:
        """Two lines: the query, and a caret under the position.  A long
        query is shown around the position only (``…`` where it is cut).
        ``shown`` writes a piece of the query as it is to be shown (a
        terminal's escapes for control characters and line breaks: the caret
        is placed under what is shown, not under what was typed)."""
        write = shown if shown is not None else (lambda text: text)
        start = max(0, self.position - POINTER_CONTEXT)
        end = self.position + POINTER_CONTEXT
        before = ("…" if start else "") + write(self.text[start : self.position])
        after = write(self.text[self.position : end]) + ("…" if end < len(self.text) else "")
        return f"{before}{after}\n{' ' * _columns(before)}^"


#: Characters of a value or a name a message quotes; a longer one is cut
#: (with "…"): the error's pointer shows where it is, and a megabyte of a
#: mistyped value is no message to read.
SHOWN_VALUE = 40


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "…"


def _columns(text: str) -> int:
    """How many columns ``text`` takes in a terminal: a wide character two,
    a combining mark or a format character (a zero-width space) none."""
    columns = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        columns += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return columns


#: Characters of the query shown on each side of an error's position.
POINTER_CONTEXT = 60


# -- the expression ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A word (``phrase`` false: also a prefix) or a quoted phrase."""

    text: str
    phrase: bool = False
    position: int = field(default=-1, compare=False)


@dataclass(frozen=True, slots=True)
class Field:
    """``name:value``; ``name`` is casefolded, ``value`` as typed (unquoted)."""

    name: str
    value: str
    position: int = field(default=-1, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    term: Text | Field


Term: TypeAlias = Text | Field | Not


@dataclass(frozen=True, slots=True)
class Or:
    terms: tuple[Term, ...]  # two or more


@dataclass(frozen=True, slots=True)
class And:
    clauses: tuple[Term | Or, ...]  # zero (everything) or more


Expr: TypeAlias = And


# -- parsing ---------------------------------------------------------------------------

_FIELD_NAME = re.compile(r'[^\s:"\-][^\s:"]*')
# A lone surrogate: a byte of a command-line argument that was not UTF-8
# (Python keeps it as U+DC80..U+DCFF), or one half of a pair.  No index value
# holds one, and SQLite cannot even be given one: the query is refused.
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(slots=True)
class _Token:
    kind: str  # "or", "term"
    term: Term | None
    position: int


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """The unescaped text of the string starting at the quote ``start``, and
    the index after its closing quote.  ``\\"`` is a quote, ``\\\\`` a
    backslash; any other backslash stays."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
        elif char == '"':
            return "".join(out), i + 1
        else:
            out.append(char)
            i += 1
    raise QueryError("a quote is not closed", start, text, "quote-not-closed")


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    length = len(text)
    while i < length:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negated = text[i] == "-"
        if negated:
            i += 1
            if i >= length or text[i].isspace():
                raise QueryError(
                    "'-' must be followed by what to leave out", start, text, "minus-alone"
                )
            if text[i] == "-":
                raise QueryError(
                    "'-' twice: leave out a word or a filter once", start, text, "minus-twice"
                )
        term: Text | Field
        if text[i] == '"':
            value, i = _read_quoted(text, i)
            if i < length and not text[i].isspace():
                raise QueryError(
                    "put a space after the closing quote", i, text, "space-after-quote"
                )
            _refuse_surrogates(text, start, i, "the phrase", "phrase-not-text")
            term = Text(" ".join(value.split()), True, start)
            if not term.text:
                raise QueryError("an empty phrase", start, text, "empty-phrase")
        else:
            end = i
            while end < length and not text[end].isspace():
                end += 1
            word = text[i:end]
            name = _FIELD_NAME.match(word)
            if word == "OR" and not negated:
                tokens.append(_Token("or", None, start))
                i = end
                continue
            if word.startswith(":"):
                raise QueryError("a field name is missing before ':'", i, text, "name-missing")
            if name is not None and word[name.end() : name.end() + 1] == ":":
                value_start = i + name.end() + 1
                if value_start < length and text[value_start] == '"':
                    value, end = _read_quoted(text, value_start)
                    if end < length and not text[end].isspace():
                        raise QueryError(
                            "put a space after the closing quote", end, text, "space-after-quote"
                        )
                else:
                    value = text[value_start:end]
                if not value.strip():
                    raise QueryError(
                        f"a value is missing after '{_shown(name.group(0))}:'",
                        value_start,
                        text,
                        "value-missing",
                        (_shown(name.group(0)),),
                    )
                _refuse_surrogates(text, i, value_start, "the field name", "name-not-text")
                _refuse_surrogates(
                    text,
                    value_start,
                    end,
                    f"the value of '{_shown(name.group(0))}:'",
                    "value-not-text",
                    (_shown(name.group(0)),),
                )
                term = _field(name.group(0).casefold(), value, i, value_start, text)
            else:
                term = Text(word, False, start)
                _refuse_surrogates(text, i, end, "the word", "word-not-text")
            i = end
        tokens.append(_Token("term", Not(term) if negated else term, start))
    return tokens


def _refuse_surrogates(
    text: str, start: int, end: int, what: str, kind: str, values: tuple[str, ...] = ()
) -> None:
    """A :class:`QueryError` at the first lone surrogate in ``text[start:end]``."""
    bad = _SURROGATE.search(text, start, end)
    if bad is not None:
        raise QueryError(f"{what} is not valid UTF-8 text", bad.start(), text, kind, values)


def _field(name: str, value: str, position: int, value_start: int, text: str) -> Field:
    """Check the value of a field with a meaning of its own; enumerated values
    are kept in lower case."""
    if name in ("is", "has", "body"):
        allowed = {"is": STATES, "has": HAS_VALUES, "body": BODY_VALUES}[name]
        if value.lower() not in allowed:
            raise QueryError(
                f"{name}: is one of {', '.join(allowed)}, not {_shown(value)!r}",
                value_start,
                text,
                "not-one-of",
                (name, ", ".join(allowed), _shown(value)),
            )
        value = value.lower()
    elif name == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise QueryError(
                f"year: takes four digits, not {_shown(value)!r}",
                value_start,
                text,
                "year",
                (_shown(value),),
            )
    elif name == "date":
        _date_range(value, value_start, text)  # raises when malformed
    elif name in ("cat", "category"):
        from reader.core.article.taxonomy import parse_category_path

        if not parse_category_path(value):
            raise QueryError(
                f"{name}: needs a category name", value_start, text, "category-empty", (name,)
            )
    return Field(name, value, position)


#: Words and filters a query may hold: more is no search anyone types, and
#: each is a condition SQLite evaluates (20,000 repeated words ran for minutes).
MAX_TERMS = 256


def parse(text: str) -> Expr:
    """The expression of ``text``; raises :class:`QueryError` with the position."""
    tokens = _tokens(text)
    terms = [token for token in tokens if token.kind != "or"]
    if len(terms) > MAX_TERMS:
        raise QueryError(
            f"too many words and filters ({len(terms)}; at most {MAX_TERMS})",
            terms[MAX_TERMS].position,
            text,
            "too-many-terms",
            (str(len(terms)), str(MAX_TERMS)),
        )
    clauses: list[Term | Or] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "or":
            if i == 0:
                message, kind = "OR at the start: put a word or filter before it", "or-at-start"
            else:
                message, kind = "OR twice: put a word or filter between", "or-twice"
            raise QueryError(message, token.position, text, kind)
        group: list[Term] = [token.term] if token.term is not None else []
        i += 1
        while i < len(tokens) and tokens[i].kind == "or":
            if i + 1 >= len(tokens):
                raise QueryError(
                    "OR at the end: put a word or filter after it", len(text), text, "or-at-end"
                )
            following = tokens[i + 1]
            if following.kind == "or" or following.term is None:
                raise QueryError(
                    "OR twice: put a word or filter between", following.position, text, "or-twice"
                )
            group.append(following.term)
            i += 2
        clauses.append(group[0] if len(group) == 1 else Or(tuple(group)))
    return And(tuple(clauses))


def parse_or_error(text: str, states: StateProvider | None = None) -> Expr | QueryError:
    """For a search box: the expression, or the :class:`QueryError` to show —
    also for ``is:`` without a ``states`` provider, which the query could not
    run without (checked without touching any index)."""
    try:
        expr = parse(text)
        compile_expr(expr, states, text=text)
    except QueryError as exc:
        return exc
    return expr


# -- printing --------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bare_ok(value: str) -> bool:
    return bool(value) and not any(c.isspace() for c in value) and not value.startswith('"')


def _term_text(term: Term) -> str:
    if isinstance(term, Not):
        return "-" + _term_text(term.term)
    if isinstance(term, Field):
        value = term.value if _bare_ok(term.value) else _quote(term.value)
        return f"{term.name}:{value}"
    if term.phrase:
        return _quote(term.text)
    return term.text


def to_text(expr: Expr) -> str:
    """The canonical text of ``expr``; :func:`parse` reads it back to ``expr``."""
    parts = []
    for clause in expr.clauses:
        if isinstance(clause, Or):
            parts.append(" OR ".join(_term_text(term) for term in clause.terms))
        else:
            parts.append(_term_text(clause))
    return " ".join(parts)


# -- meaning -----------------------------------------------------------------------


def _date_range(value: str, position: int, text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The inclusive (low, high) (year, month, day) bounds of a ``date:`` value:
    ``2021``, ``2021-04``, ``2021-04-05``, ``>=2021-01-01`` (also ``>``, ``<``,
    ``<=``), ``2021-01..2021-06`` (either end may be left out)."""
    low_open: tuple[int, ...] = (0, 0, 0)
    high_open: tuple[int, ...] = (9999, 99, 99)

    def one(part: str, offset: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        match = _DATE.fullmatch(part)
        if match is None:
            raise QueryError(
                f"date: takes 2021, 2021-04, 2021-04-05, >=2021-01-01 or "
                f"2021-01..2021-06, not {_shown(value)!r}",
                position + offset,
                text,
                "date",
                (_shown(value),),
            )
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        if month is not None and not 1 <= month <= 12:
            raise QueryError(
                f"no month {month}", position + offset, text, "no-month", (str(month),)
            )
        if day is not None and not 1 <= day <= 31:
            raise QueryError(f"no day {day}", position + offset, text, "no-day", (str(day),))
        if month is None:
            return (year, 0, 0), (year, 99, 99)
        if day is None:
            return (year, month, 0), (year, month, 99)
        days = calendar.monthrange(year, month)[1] if year else 31
        if day > days:  # (2021-02-31 found nothing, without a word)
            spelled, within = part, f"{year:04d}-{month:02d}"
            raise QueryError(
                f"there is no {spelled}: {within} has {days} days",
                position + offset,
                text,
                "no-day-in-month",
                (spelled, within, str(days)),
            )
        return (year, month, day), (year, month, day)

    if ".." in value:
        first, _, second = value.partition("..")
        if not first and not second:
            raise QueryError(
                "date: a range needs at least one end", position, text, "date-range-ends"
            )
        low = one(first, 0)[0] if first else low_open
        high = one(second, len(first) + 2)[1] if second else high_open
        if low > high:  # (2021-06..2021-01 found nothing, without a word)
            raise QueryError(
                f"date: the range {value} ends before it starts",
                position + len(first) + 2,
                text,
                "date-range-reversed",
                (first, second),
            )
        return low, high
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            low, high = one(value[len(op) :], len(op))
            if op == ">=":
                return low, high_open
            if op == "<=":
                return low_open, high
            if op == ">":
                return _after(high), high_open
            return low_open, _before(low)
    return one(value, 0)


def _after(bound: tuple[int, ...]) -> tuple[int, ...]:
    year, month, day = bound
    return (year, month, day + 1)


def _before(bound: tuple[int, ...]) -> tuple[int, ...]:
    year, month, day = bound
    return (year, month, day - 1)


_YMD = "(a.year*10000 + coalesce(a.month, 0)*100 + coalesce(a.day, 0))"


# The tables behind the set-like filters: (table, its columns compared, in order).
_SET_TABLES = {
    "cat": ("article_categories", ("path",)),
    "tag": ("article_tags", ("tag",)),
    "key": ("article_fields", ("key", "value")),
}


def set_filter(term: Field) -> tuple[str, list[object]] | None:
    """For a filter answered by one of the index's side tables (``cat:``,
    ``tag:``, any front-matter key): ``(table, parameters)`` — the table's
    rows with those column values are the matching articles.  ``None`` for
    the other filters."""
    name, value = term.name, term.value
    if name in ("cat", "category"):
        from reader.core.article.taxonomy import parse_category_path

        return "cat", [_either_form(LEVEL_SEP.join(parse_category_path(value)))]
    if name == "tag":
        return "tag", [_either_form(value)]
    if name in FIELDS:
        return None
    text = field_text(value) or value.casefold()
    meaning = _YES_NO.get(text)
    if meaning is not None:
        # ``draft: yes`` is read as YAML 1.1 reads it, a boolean (kept as
        # "true"): ``draft:yes`` finds it, and a quoted "yes" as well
        return "key", [name, (text, meaning)]
    # each spelling as the index keeps a value: casefolded, a long one as
    # its digest (the typed text digested first had no spellings to find)
    typed = value.strip().casefold()
    forms = tuple(
        dict.fromkeys(field_text(f) or f for form in _value_spellings(typed) for f in _forms(form))
    )
    return "key", [name, forms if len(forms) > 1 else text]


def _forms(text: str) -> tuple[str, ...]:
    """``text`` with its accents composed and decomposed (``é`` as one
    letter, or as ``e`` and a combining accent), as a file may write them:
    ``cat:Économie`` found nothing in a file that wrote the other form."""
    return tuple(dict.fromkeys((text, *(unicodedata.normalize(f, text) for f in ("NFC", "NFD")))))


def _either_form(text: str) -> str | tuple[str, ...]:
    forms = _forms(text)
    return forms if len(forms) > 1 else text


def _value_spellings(text: str) -> tuple[str, ...]:
    """``text`` and the ways the index may keep the value typed so: a value
    is kept as the front matter's reader gives it, so ``version: 1.10`` is
    the number 1.1, ``score: 5.0`` is 5.0 and ``when: 2024-01-02 10:00:00``
    a time written with a ``T``; typed as written in the file, each found
    nothing.  A number finds the same number however written (5, 5.0)."""
    forms = [text]
    number: int | float | None = None
    if text.isascii():  # (int() reads other scripts' digits too: ٧ is 7)
        try:
            number = int(text)
        except ValueError:
            with contextlib.suppress(ValueError):
                number = float(text)
        if (number is None or _OCTAL.fullmatch(text)) and _YAML11_NUMBER.match(text):
            # (0x1F is 31, 0b101 5, .inf, 10:30 is 630, 010 is 8: as the file's reader reads them)
            yaml11 = _yaml11_number(text)
            if yaml11 is not None and not math.isfinite(yaml11):
                forms.append(str(yaml11))
            elif yaml11 is not None:
                forms.append(str(yaml11))
                if number is None:
                    number = yaml11
    if number is not None and math.isfinite(number):
        forms.append(str(number))
        if isinstance(number, int):
            forms.append(str(float(number)))
        elif number.is_integer():
            forms.append(str(int(number)))
    elif len(text) > 10 and text[:4].isdigit() and text[4:5] == "-":
        with contextlib.suppress(ValueError):
            forms.append(datetime.fromisoformat(text.upper()).isoformat().casefold())
    return tuple(dict.fromkeys(forms))


_OCTAL = re.compile(r"[-+]?0[0-7]+")
# What YAML 1.1 reads as a number that Python's int() and float() do not:
# hexadecimal, octal and binary, base 60, digits with "_", .inf and .nan.
_YAML11_NUMBER = re.compile(r"[-+]?(?:0[xob]|0[0-7]|\.(?:inf|nan)\b|[0-9][0-9_]*[:_])", re.I)


def _yaml11_number(text: str) -> int | float | None:
    """The number the front matter's reader makes of ``text``, or None."""
    import yaml

    from reader.core.article.yamlload import SafeLoader

    try:
        value = yaml.load(text, Loader=SafeLoader)
    except Exception:  # (not YAML: no number)
        return None
    return value if type(value) in (int, float) else None


# YAML 1.1's boolean words (the front matter's reader takes ``yes`` as true)
_YES_NO = {"yes": "true", "on": "true", "no": "false", "off": "false"}


def _column_where(columns: tuple[str, ...], params: list[object]) -> tuple[str, list[object]]:
    """``column=?`` for each of ``columns`` (``column IN (?, ?)`` for a tuple
    of values), and the parameters in their order."""
    parts: list[str] = []
    flat: list[object] = []
    for column, param in zip(columns, params, strict=True):
        if isinstance(param, tuple):
            parts.append(f"{column} IN ({', '.join('?' * len(param))})")
            flat += param
        else:
            parts.append(f"{column}=?")
            flat.append(param)
    return " AND ".join(parts), flat


def set_count_sql(term: Field) -> tuple[str, list[object]] | None:
    """A cheap ``SELECT count(*)`` of the articles a set-like filter matches
    (its side table only), to choose which filter drives a query."""
    found = set_filter(term)
    if found is None:
        return None
    table, columns = _SET_TABLES[found[0]]
    where, params = _column_where(columns, found[1])
    return f"SELECT count(*) FROM {table} WHERE {where}", params


def _set_sql(term: Field, drive: bool) -> tuple[str, list[object]] | None:
    """``a.id IN (…)`` for the filter that drives the query (SQLite walks its
    matches), a correlated ``EXISTS`` probe for the others (one index lookup
    per candidate, instead of building a set of every match)."""
    found = set_filter(term)
    if found is None:
        return None
    table, columns = _SET_TABLES[found[0]]
    where, params = _column_where(columns, found[1])
    if drive:
        return f"a.id IN (SELECT article_id FROM {table} WHERE {where})", params
    return f"EXISTS (SELECT 1 FROM {table} s WHERE {where} AND s.article_id=a.id)", params


def _field_sql(
    term: Field, states: StateProvider | None, text: str, drive: bool = True
) -> tuple[str, list[object]]:
    name, value = term.name, term.value
    as_set = _set_sql(term, drive)
    if as_set is not None:
        return as_set
    if name == "author":
        forms = _forms(value)
        return f"a.author IN ({', '.join('?' * len(forms))})", list(forms)
    if name == "year":
        return "a.year=?", [int(value)]
    if name == "date":
        low, high = _date_range(value, term.position, text)
        if low[1:] == (0, 0) and high[1:] == (99, 99) and low[0] == high[0]:
            return "a.year=?", [low[0]]
        if low == high:
            return "a.year=? AND a.month=? AND a.day=?", list(low)
        if low[0] == high[0] and low[1] == high[1] and low[2] == 0 and high[2] == 99:
            return "a.year=? AND a.month=?", [low[0], low[1]]
        lo = low[0] * 10000 + low[1] * 100 + low[2]
        hi = high[0] * 10000 + high[1] * 100 + high[2]
        return (
            f"a.year BETWEEN ? AND ? AND {_YMD} BETWEEN ? AND ?",
            [low[0], high[0], lo, hi],
        )
    if name == "has":
        return ("a.has_image=1" if value == "image" else "a.problem_count > 0"), []
    if name == "body":
        # "+": no index for a column of two values (the planner would take it
        # over a selective one such as the year's)
        return "+a.body_format=?", [value]
    if name == "is":
        if states is None:
            raise QueryError(
                f"is:{value} needs the reading state, which is not available here",
                term.position,
                text,
                "no-reading-state",
                (value,),
            )
        if value == "unread":
            read = json.dumps(sorted(states("read")))
            return "a.path NOT IN (SELECT value FROM json_each(?))", [read]
        paths = json.dumps(sorted(states(value)))
        return "a.path IN (SELECT value FROM json_each(?))", [paths]
    raise AssertionError(f"unhandled field {name}")  # pragma: no cover - set_filter has the rest


def searchable(term: Text) -> bool:
    """Whether a word or phrase holds something to search for: a letter or a
    digit.  One that does not (``(``, ``*``, ``%``, ``\\``) is *ignored*:
    the query means what it would without it (see :func:`ignored_words`)."""
    return fts_match([QueryTerm(term.text, term.phrase)]) is not None


def ignored_words(expr: Expr) -> tuple[Text, ...]:
    """The words and phrases of ``expr`` with nothing to search for, in the
    order typed, each text once: they are ignored everywhere (``find``,
    ``count_matching``, ``search_query``; ``-(`` and ``a OR (`` too), as if
    they were not typed, so a query of only such words finds what the empty
    query finds.  Callers say so: the window under the search box, the
    command line on standard error."""
    found: dict[str, Text] = {}
    for clause in expr.clauses:
        for term in clause.terms if isinstance(clause, Or) else (clause,):
            inner = term.term if isinstance(term, Not) else term
            if isinstance(inner, Text) and not searchable(inner):
                found.setdefault(_term_text(inner), inner)
    return tuple(found.values())


#: How many ignored words a note names; more are said as "…".
SHOWN_IGNORED = 5


def shown_ignored(texts: Sequence[str]) -> list[str]:
    """Ignored words (:func:`ignored_words`, as typed) as a note names them:
    each cut to :data:`SHOWN_VALUE` characters, at most
    :data:`SHOWN_IGNORED` of them, then "…" when there are more (a word of
    100,000 brackets was written out whole, and so was each of thousands of
    such words)."""
    shown = [_shown(text) for text in texts[:SHOWN_IGNORED]]
    return [*shown, "…"] if len(texts) > SHOWN_IGNORED else shown


def _text_sql(term: Text, fts: FulltextTables) -> tuple[str, list[object]] | None:
    match = fts_match([QueryTerm(term.text, term.phrase)])
    if match is None:
        return None  # nothing to search for: ignored (see ignored_words)
    return f"a.fts_rowid IN ({fts.matching_rowids()})", fts.params(match)


def _term_sql(
    term: Term,
    states: StateProvider | None,
    text: str,
    drive: bool = True,
    fts: FulltextTables = MAIN_FULLTEXT,
) -> tuple[str, list[object]] | None:
    if isinstance(term, Not):
        inner = _term_sql(term.term, states, text, drive=False, fts=fts)
        if inner is None:
            return None
        return f"NOT coalesce(({inner[0]}), 0)", inner[1]
    if isinstance(term, Field):
        return _field_sql(term, states, text, drive)
    return _text_sql(term, fts)


def compile_expr(
    expr: Expr,
    states: StateProvider | None = None,
    *,
    skip: Collection[Term | Or] = (),
    text: str = "",
    driver: Field | None = None,
    fts: FulltextTables = MAIN_FULLTEXT,
) -> tuple[list[str], list[object]]:
    """SQL conditions (to be joined with AND) over ``articles a`` and their
    parameters (``fts``: where the full-text index is).  ``skip`` leaves out
    clauses the caller handles itself (the ranked words of ``search``);
    ``text`` is the query's text, for errors.
    ``driver`` is the set-like filter (see :func:`set_filter`) SQLite should
    walk first, the most selective one (default: the first in the query);
    the others are probed per candidate.

    Raises :class:`QueryError` for ``is:`` without a ``states`` provider."""
    where: list[str] = []
    params: list[object] = []
    if driver is None:
        driver = next(
            (c for c in expr.clauses if isinstance(c, Field) and set_filter(c) is not None), None
        )
    skipped = {id(clause) for clause in skip}
    for clause in expr.clauses:
        if id(clause) in skipped:
            continue
        if isinstance(clause, Or):
            parts = []
            for term in clause.terms:
                compiled = _term_sql(term, states, text, fts=fts)
                if compiled is None:
                    continue  # an ignored word: the OR of the others
                parts.append(f"({compiled[0]})")
                params.extend(compiled[1])
            if parts:  # (none: every term ignored, no condition)
                where.append("(" + " OR ".join(parts) + ")")
        else:
            drive = not isinstance(clause, Field) or clause is driver
            compiled = _term_sql(clause, states, text, drive, fts)
            if compiled is not None:
                where.append(compiled[0])
                params.extend(compiled[1])
    return where, params


def needs_fulltext_match(expr: Expr) -> bool:
    """True when every article ``expr`` finds is in the full-text index: a
    word or phrase with searchable characters stands alone (not negated, not
    in an OR).  Such a query can be counted table by table (an article's
    full-text row is in one table only) and the counts added."""
    return any(
        isinstance(clause, Text) and fts_match([QueryTerm(clause.text, clause.phrase)]) is not None
        for clause in expr.clauses
    )


def is_metadata_only(expr: Expr) -> bool:
    """True when no clause needs the full-text index."""

    def text_free(term: Term) -> bool:
        inner = term.term if isinstance(term, Not) else term
        return isinstance(inner, Field) or not searchable(inner)

    for clause in expr.clauses:
        terms = clause.terms if isinstance(clause, Or) else (clause,)
        if not all(text_free(term) for term in terms):
            return False
    return True


def ranking_text(expr: Expr) -> tuple[str, list[Text]]:
    """The words and phrases ``search`` ranks by (those that stand alone, not
    negated and not in an OR, and not ignored: see :func:`ignored_words`) as
    full-text query text, and those clauses.  None: the matches come in the
    listing's order."""
    ranked = [clause for clause in expr.clauses if isinstance(clause, Text) and searchable(clause)]
    return to_text(And(tuple(ranked))), ranked
