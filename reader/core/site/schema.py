"""The schema of a library's front matter: inferred from its articles,
saved as one commented, hand-edited TOML file, and checked.  No Qt here.

The file is ``.article-reader/schema.toml`` at the library root: one file
shared by every device and meant to be committed (the one exception to the
one-file-per-device rule of app state).  It looks like::

    [keys.title]
    type = "string"        # string, list, date, boolean, url, number, mapping
    required = true        # check reports an article without it
    share = 1.0            # how many articles had it when it was inferred

    [keys.date]
    type = "date"
    required = true
    spelling = "2001-02-03 04:05:06"   # dates look like this one

    [keys.layout]
    type = "string"
    values = ["post", "page"]          # the allowed values

    [keys.categories]
    type = "list"
    shape = "path"         # "path": one path; "paths": a list of paths

Writing it is lossless: a new inference only adds the keys the file does
not have yet, and never touches the tables, values and comments a person
wrote (:func:`merge_schema`); the write is locked, re-checked against what
was read, and atomic.  A schema that cannot be read is reported with its
line and changes nothing.
"""

from __future__ import annotations

import os
import re
import stat as statmod
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.article.codec import toml_error_place
from reader.core.article.dates import DateStyle, format_date, parse_date
from reader.core.article.limits import describe_size
from reader.core.article.model import WARNING, Article, ArticleError
from reader.core.article.readfile import read_article_bytes
from reader.core.article.storage import (
    FileChangedError,
    create_exclusive,
    locked,
    replace_checked,
)
from reader.core.common.links import LINKED_FILE, LINKED_FOLDER, linked_folder
from reader.core.edit.fields import written_style

if TYPE_CHECKING:  # tomlkit is imported when the file is read or written
    import tomlkit
    import tomlkit.items

__all__ = [
    "SCHEMA_FOLDER",
    "SCHEMA_NAME",
    "Finding",
    "KeyRule",
    "Schema",
    "SchemaError",
    "check_article",
    "date_spelling",
    "infer_schema",
    "infer_schema_by_folder",
    "load_schema",
    "merge_schema",
    "read_site_file",
    "schema_path",
    "schema_spelling",
    "shown_spelling",
    "spelling_style",
    "value_type",
    "write_schema",
    "written_style",
]

SCHEMA_FOLDER = ".article-reader"
SCHEMA_NAME = "schema.toml"
TYPES = ("string", "list", "date", "boolean", "url", "number", "mapping")
REQUIRED_SHARE = 0.95
"""A key at least this common is inferred as required."""
MAX_VALUES = 8
"""A string key with at most this many distinct values (each used at least
twice on average) gets them as its allowed values."""
_REFERENCE = datetime(2001, 2, 3, 4, 5, 6)
_REFERENCE_ZONE = timezone(timedelta(hours=8))
SCHEMA_LIMIT = 1024 * 1024


class SchemaError(ArticleError):
    """The schema file cannot be read or written (its path and line say where)."""


@dataclass(frozen=True)
class KeyRule:
    """What the schema says about one key."""

    name: str
    type: str | None = None
    required: bool = False
    share: float | None = None
    values: tuple[str, ...] = ()
    spelling: str | None = None
    shape: str | None = None


@dataclass(frozen=True)
class Schema:
    """The rules of a library (``keys``), and of folders whose articles
    differ (``folders``: a folder path → its own rules, which replace the
    library's for those keys)."""

    keys: Mapping[str, KeyRule] = field(default_factory=dict)
    articles: int = 0  # how many articles it was inferred from
    folders: Mapping[str, Mapping[str, KeyRule]] = field(default_factory=dict)
    # the folder (with its "/") the paths asked about are in, below the
    # schema's own (see below)
    prefix: str = ""

    def rule(self, key: str) -> KeyRule | None:
        return self.keys.get(key)

    def below(self, folder: str) -> Schema:
        """The schema as the library in ``folder`` (below the folder it is
        kept in, posix) reads it: its paths are relative to ``folder``."""
        folder = folder.strip("/")
        if folder in ("", "."):  # (the folder it is kept in)
            return self
        return replace(self, prefix=f"{self.prefix}{folder}/")

    def for_path(self, rel: str) -> Schema:
        """The rules for the article at ``rel`` (relative to the library):
        the library's, with those of its deepest listed folder in their place."""
        if not self.folders:
            return self
        folder = self.folder_of(rel)
        if folder is None:
            return self
        return Schema({**self.keys, **self.folders[folder]}, self.articles)

    def folder_of(self, rel: str) -> str | None:
        """The listed folder whose rules the article at ``rel`` follows, if any."""
        rel = self.prefix + rel
        return max(
            (f for f in self.folders if rel.startswith(f.rstrip("/") + "/")),
            key=len,
            default=None,
        )

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, rule in self.keys.items() if rule.required)


@dataclass(frozen=True)
class Finding:
    """A schema violation: a warning, with the file's line where known."""

    path: str
    line: int | None
    key: str
    message: str
    severity: str = WARNING

    def __str__(self) -> str:
        where = f":{self.line}" if self.line else ""
        return f"{self.path}{where}: {self.severity}: {self.message}"


# -- types and spellings ---------------------------------------------------------------


def value_type(value: Any) -> str | None:
    """The schema type of a front-matter value (None for null)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, datetime | date):
        return "date"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(("http://", "https://")) and " " not in text:
            return "url"
        if len(text) <= 64 and text[:1].isalnum() and parse_date(text) is not None:
            return "date"  # (2021-04-16, and RFC 2822's "Mon, 01 Mar 2021 …" too)
        return "string"
    return "string"


def date_spelling(style: DateStyle) -> str:
    """How a date spelled in ``style`` looks: the reference date in that style
    (its seconds only where the style writes seconds: a time is never cut,
    so ``04:05:06`` would be written whole in a style of ``16:45``; its
    offset zero where the style names the zone, ``Z`` or ``GMT``, which
    only a zero offset is written as).  An offset written in digits is
    spelled with the reference's own (``+08:00``), whatever its value: ``+00:00``
    and ``+08:00`` are one spelling (told apart, ``fix`` could never make
    a ``Z`` date right in a site of ``+08:00``: it keeps the moment and its
    offset, ``+00:00``), and a zone name after a blank (``… 14:10:00 GMT``)
    is a name too (it was spelled like ``… 04:05:06 +08:00``)."""
    reference = _REFERENCE
    if not (style.seconds or style.fraction_digits):
        reference = reference.replace(second=0)
    if style.offset:
        zero = style.offset.strip() in _ZONE_NAMES
        reference = reference.replace(tzinfo=UTC if zero else _REFERENCE_ZONE)
    return format_date(reference, style)


#: Offsets written as a name, which only a zero offset is spelled as.
_ZONE_NAMES = ("Z", "z", "GMT", "UT", "UTC")


def spelling_style(spelling: str) -> DateStyle | None:
    """The style a spelling example stands for (None when it is no date)."""
    parsed = parse_date(spelling)
    return parsed.style if parsed is not None else None


@lru_cache(maxsize=256)
def schema_spelling(spelling: str) -> str | None:
    """What the schema's ``spelling`` example means: its style, spelled as
    :func:`date_spelling` spells a date's (``2021-04-16`` is ``2001-02-03``,
    ``Fri, 16 Apr 2021 15:21:00 GMT`` is ``Sat, 03 Feb 2001 04:05:06 GMT``),
    which is what an article's date is compared with; None when it is no
    date.  (Compared as written, any example but the reference moment
    matched no article, and ``fix --respell-dates`` could make none match.)"""
    style = spelling_style(spelling)
    return date_spelling(style) if style is not None else None


def _quoted(value: object, most: int = 120) -> str:
    """``value`` quoted for a message, cut to ``most`` characters (a
    spelling of 110 KB was said whole by check and fix)."""
    text = repr(value)
    return text if len(text) <= most else text[: most - 2] + "…" + text[-1]


def shown_spelling(spelling: str) -> str:
    """The schema's ``spelling`` in a message: as it is compared
    (:func:`schema_spelling`), with the example as written when that differs."""
    meant = schema_spelling(spelling)
    if meant is None or meant == spelling:
        return _quoted(spelling)
    return f"{_quoted(meant)} (written {_quoted(spelling)})"


def _value_spelling(article: Article, key: str) -> str | None:
    style = written_style(article, key)
    if style is None and key == "date" and article.date_source == "front-matter":
        style = article.date.style if article.date is not None else None
    return date_spelling(style) if style is not None else None


def _category_shape(value: Any) -> str | None:
    if isinstance(value, str):
        return "path"
    if isinstance(value, list):
        return "paths" if any(isinstance(item, list) for item in value) else "path"
    return None


# -- inference ---------------------------------------------------------------------------


def infer_schema(articles: Iterable[Article]) -> Schema:
    """A schema proposed from ``articles`` (those whose front matter reads)."""
    total = 0
    present: Counter[str] = Counter()
    types: dict[str, Counter[str]] = {}
    spellings: dict[str, Counter[str]] = {}
    values: dict[str, Counter[str]] = {}
    shapes: Counter[str] = Counter()
    for article in articles:
        if article.has_errors or article.format is None:
            continue
        total += 1
        for key, value in article.metadata.items():
            present[key] += 1
            kind = value_type(value)
            if kind is None:
                continue
            types.setdefault(key, Counter())[kind] += 1
            if kind == "date":
                spelling = _value_spelling(article, key)
                if spelling:
                    spellings.setdefault(key, Counter())[spelling] += 1
            elif kind == "string" and isinstance(value, str) and len(value) <= 80:
                # (a TOML time, 14:10:00, is a "string" with no len(): a traceback)
                values.setdefault(key, Counter())[value.strip()] += 1
            if key in ("categories", "category"):
                shape = _category_shape(value)
                if shape:
                    shapes[shape] += 1
    rules: dict[str, KeyRule] = {}
    for key, count in sorted(present.items(), key=lambda kv: (-kv[1], kv[0])):
        kinds = types.get(key)
        kind = kinds.most_common(1)[0][0] if kinds else None
        if key in ("categories", "category", "tags", "tag") and kinds and "list" in kinds:
            kind = "list"
        share = round(count / total, 3) if total else 0.0
        allowed: tuple[str, ...] = ()
        seen = values.get(key)
        if kind == "string" and seen and key not in ("title", "description", "excerpt"):
            typed = sum(seen.values())
            if len(seen) <= MAX_VALUES and typed >= 2 * len(seen) and typed >= 3:
                allowed = tuple(sorted(seen))
        spelling = None
        if kind == "date" and key in spellings:
            spelling = spellings[key].most_common(1)[0][0]
        shape = None
        if key in ("categories", "category") and shapes:
            shape = shapes.most_common(1)[0][0]
        rules[key] = KeyRule(
            key, kind, share >= REQUIRED_SHARE and total >= 2, share, allowed, spelling, shape
        )
    return Schema(rules, total)


FOLDER_MIN_ARTICLES = 20
"""A folder gets rules of its own only when it holds at least this many articles."""


def infer_schema_by_folder(
    items: Iterable[tuple[str, Article]], min_articles: int = FOLDER_MIN_ARTICLES
) -> Schema:
    """:func:`infer_schema` for the whole library, plus, for each top-level
    folder of at least ``min_articles`` articles (when there are several),
    the rules in which its articles differ from the library's."""
    by_folder: dict[str, list[Article]] = {}
    everything: list[Article] = []
    for rel, article in items:
        everything.append(article)
        top, sep, _rest = rel.partition("/")
        if sep:
            by_folder.setdefault(top, []).append(article)
    library = infer_schema(everything)
    folders: dict[str, dict[str, KeyRule]] = {}
    big = {name: arts for name, arts in by_folder.items() if len(arts) >= min_articles}
    if len(big) >= 2 or (big and sum(map(len, big.values())) < library.articles):
        for name, articles in sorted(big.items()):
            own = infer_schema(articles)
            differing = {
                key: rule for key, rule in own.keys.items() if _differs(rule, library.keys.get(key))
            }
            if differing:
                folders[name] = differing
    return Schema(library.keys, library.articles, folders)


def _differs(rule: KeyRule, base: KeyRule | None) -> bool:
    if base is None:
        return rule.required or bool(rule.values)
    return (rule.type, rule.required, rule.values, rule.spelling, rule.shape) != (
        base.type,
        base.required,
        base.values,
        base.spelling,
        base.shape,
    )


# -- the file ------------------------------------------------------------------------------


def schema_path(root: str | os.PathLike) -> Path:
    return Path(root) / SCHEMA_FOLDER / SCHEMA_NAME


def read_site_file(
    path: str | os.PathLike, limit: int, *, follow_links: bool = True
) -> bytes | None:
    """The bytes of one of a site's own small files (the schema, a
    scaffold), or None when there is no such file (a link to nothing
    included).  Read as articles are (:func:`read_article_bytes`): a regular
    file only, opened without blocking (a FIFO put there must not hang a
    command), at most ``limit`` bytes.

    Raises :class:`ArticleError` naming ``path``, whose message says why in
    words that fit any file: ``is a FIFO (named pipe), not a regular file``,
    ``is a folder``, ``is larger than 1 MB``, ``cannot be read: …``;
    ``is a symbolic link`` with ``follow_links=False``."""
    try:
        return read_article_bytes(path, limit, follow_links=follow_links)[0]
    except ArticleError as exc:
        failure = exc
    if not follow_links and os.path.islink(path):
        raise ArticleError(f"is {LINKED_FILE}", path) from None
    # Its own words are an article's: say what the file is, from a stat.
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a loop of links, a folder that cannot be entered
        raise ArticleError(f"cannot be read: {exc.strerror or exc}", path) from None
    if statmod.S_ISDIR(st.st_mode):
        why = "is a folder"
    elif statmod.S_ISREG(st.st_mode) and st.st_size > limit:
        why = f"is larger than {describe_size(limit)}"
    else:
        why = failure.message.removesuffix("; not read")
        why = why.replace("cannot read:", "cannot be read:").replace("no such file", "is gone")
    raise ArticleError(why, path) from None


def _read(path: Path) -> bytes | None:
    try:
        return read_site_file(path, SCHEMA_LIMIT, follow_links=False)
    except ArticleError as exc:
        raise SchemaError(f"the schema {exc.message}; not read", path) from None


def _parse(path: Path, data: bytes) -> tomlkit.TOMLDocument:
    import tomlkit
    import tomlkit.exceptions

    from reader.core.common.text import NotUTF8Error, site_text

    try:
        text = site_text(data)
    except NotUTF8Error as exc:
        raise SchemaError(f"the schema is {exc.message}", path, exc.line) from None
    from reader.core.site.detect import LONG_NUMBER, MAX_DEPTH, long_number_line, nesting_line

    deep = nesting_line(text, "toml")  # (tomlkit recurses once per level)
    if deep is not None:
        raise SchemaError(f"the schema nests deeper than {MAX_DEPTH} levels", path, deep)
    long_line = long_number_line(text)  # (tomlkit raises a bare ValueError)
    if long_line is not None:
        raise SchemaError(f"the schema holds {LONG_NUMBER}", path, long_line)
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        message, line = _toml_problem(text, exc)
        raise SchemaError(f"invalid TOML: {message}", path, line) from None
    except (ValueError, RecursionError) as exc:  # what tomlkit did not foresee
        raise SchemaError(f"invalid TOML: {exc}", path, None) from None


def _toml_problem(text: str, exc: Exception) -> tuple[str, int]:
    """What is wrong with the TOML ``text`` tomlkit refused, and its line.
    tomlkit's own words can mislead (at the end of the text it names a NUL
    character on line 1: ``Unexpected character: '\\x00' at line 1 col 0``):
    the standard library's parser says it plainly, with the right place."""
    import tomllib

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as plain:
        return toml_error_place(str(plain), text, "the end of the file")
    # (tomlkit refused what tomllib reads: its own words, its position as a column)
    message = str(exc)
    line = getattr(exc, "line", None)
    col = getattr(exc, "col", None)
    if isinstance(line, int) and isinstance(col, int):
        message = message.removesuffix(f" at line {line} col {col}") + f" (column {col + 1})"
    return message, line if isinstance(line, int) and line > 0 else 1


def _refuse_linked(root: str | os.PathLike, path: Path) -> None:
    """:class:`SchemaError` when the schema's folder is a symbolic link (or
    resolves outside the library), or the schema file itself is one (even a
    link to nothing): never read or written through one
    (:mod:`reader.core.common.links`).  Reading it again refuses a link put
    there since (``O_NOFOLLOW``)."""
    link = linked_folder(root, path.parent)
    if link is not None:
        raise SchemaError(f"{link}: {LINKED_FOLDER}", path)
    if os.path.islink(path):
        raise SchemaError(f"the schema is {LINKED_FILE}", path)


def nearest_schema(folder: str | os.PathLike, top: str | os.PathLike | None) -> Schema | None:
    """The schema of the library in ``folder``: its own, else the nearest
    one above it up to ``top`` (a site's root: the site's schema applies to
    the library of its posts folder), read as from ``folder``
    (:meth:`Schema.below`); None when there is none.  Raises
    :class:`SchemaError` as :func:`load_schema`."""
    start = Path(folder).resolve()
    end = Path(top).resolve() if top is not None else start
    if not start.is_relative_to(end):
        end = start
    for place in (start, *start.parents):
        schema = load_schema(place)
        if schema is not None:
            return schema.below(start.relative_to(place).as_posix())
        if place == end:
            return None
    return None


def load_schema(root: str | os.PathLike) -> Schema | None:
    """The library's schema, or None when it has none.  Raises
    :class:`SchemaError` (with the line) when the file cannot be used."""
    path = schema_path(root)
    _refuse_linked(root, path)
    data = _read(path)
    if data is None:
        return None
    import tomlkit.exceptions

    document = _parse(path, data)
    try:
        written = _as_written(document)
    except tomlkit.exceptions.TOMLKitError as exc:
        # (a table declared twice, apart, holding the same key: tomlkit took
        # the file and failed as it was read)
        raise SchemaError(f"invalid TOML: {exc}", path, None) from None
    return _schema_of(path, data, written)


def _as_written(document: tomlkit.TOMLDocument) -> dict[str, Any]:
    """``document`` as Python values, a date spelling written unquoted as
    it is written: ``2001-02-03T04:05:06Z`` was read as a date and spelled
    ``2001-02-03 04:05:06+00:00``, and ``fix --respell-dates`` then wrote
    every article's date so."""
    import tomlkit.items

    key_tables = [document.get("keys")]
    folders = document.get("folders")
    if isinstance(folders, dict):
        key_tables += [table.get("keys") for table in folders.values() if isinstance(table, dict)]
    for keys in key_tables:
        for table in keys.values() if isinstance(keys, dict) else ():
            spelling = table.get("spelling") if isinstance(table, dict) else None
            if isinstance(spelling, tomlkit.items.Date | tomlkit.items.DateTime):
                table["spelling"] = spelling.as_string()
    return document.unwrap()


def _schema_of(path: Path, data: bytes, document: Mapping[str, Any]) -> Schema:
    """The schema the parsed ``document`` (of the file's bytes ``data``)
    says.  Raises :class:`SchemaError` with the line of a value that does
    not fit."""
    try:
        unknown = [name for name in document if name not in ("articles", "keys", "folders")]
        if unknown:
            raise _Misfit(
                f"unknown table or key {_quoted(unknown[0])} (the schema has articles, [keys] "
                "and [folders])",
                (str(unknown[0]),),
            )
        articles = document.get("articles", 0)
        if isinstance(articles, bool) or not isinstance(articles, int) or articles < 0:
            # (articles = "x" was taken for 0, without a word)
            raise _Misfit(
                "articles must be a whole number (how many articles the schema was inferred from)",
                ("articles",),
            )
        rules = _rules(document.get("keys", {}), ("keys",), path)
        folders_table = document.get("folders", {})
        if not isinstance(folders_table, dict):
            raise _Misfit("[folders] must be a table of folders", ("folders",))
        folders: dict[str, dict[str, KeyRule]] = {}
        for folder, table in folders_table.items():
            dotted = _dotted(("folders", str(folder)))
            if not isinstance(table, dict):
                raise _Misfit(f"{dotted} must be a table", ("folders", str(folder)))
            if not _is_folder(str(folder)):
                # (a folder of the library: "../../etc" is none, and no
                # article's path is ever in it)
                raise _Misfit(
                    f"{dotted}: {_quoted(str(folder))} is not a folder of the library (a path "
                    'inside it, like "news" or "news/2021")',
                    ("folders", str(folder)),
                )
            extra = [name for name in table if name != "keys"]
            if extra:
                raise _Misfit(
                    f"{dotted}: unknown table or key {_quoted(extra[0])} (a folder has [keys])",
                    ("folders", str(folder)),
                    str(extra[0]),
                )
            folders[str(folder).strip("/")] = _rules(
                table.get("keys", {}), ("folders", str(folder), "keys"), path
            )
    except _Misfit as exc:
        text = data.decode("utf-8", "replace")
        raise SchemaError(exc.message, path, _line_of(text, exc.where, exc.field)) from None
    return Schema(rules, articles, folders)


def _dotted(where: tuple[str, ...]) -> str:
    """``where`` as a dotted TOML key, a name that is not bare quoted
    (``keys."".x``, not ``keys..x``)."""
    return ".".join(
        name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else '"' + name.replace('"', '\\"') + '"'
        for name in where
    )


def _is_folder(name: str) -> bool:
    """Whether ``name`` is a folder's path inside the library (posix,
    from the library's own: a "/" before or after it is dropped): no ".."
    or "." part, no empty one, no backslash, no drive (``C:``)."""
    if re.match(r"[A-Za-z]:", name.strip("/")):
        return False
    parts = name.strip("/").split("/")
    return all(part not in ("", ".", "..") and "\\" not in part for part in parts)


class _Misfit(Exception):
    """A value of the schema that does not fit: what, and where (the table's
    path and the field), to find its line."""

    def __init__(self, message: str, where: tuple[str, ...], field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.field = field


def _line_of(text: str, where: tuple[str, ...], field: str | None) -> int | None:
    """The line of the table ``where`` (``[keys.date]``), or of its ``field``
    in it; else of the last part as a key (``date = 5`` under ``[keys]``);
    None when it is spelled some other way (dotted keys, inline tables)."""

    def part(name: str) -> str:
        bare = re.escape(name)
        if not name:  # ("" is written quoted: keys."".x)
            return r"(?:\"\"|'')"
        return rf"(?:{bare}|\"{bare}\"|'{bare}')"

    lines = text.splitlines()
    # the field as a table, or a table under it (``[keys."".x]``, only
    # declared by the table in it; ``[key.title]``, ``[folders.x.key.title]``)
    path = (*where, field) if field is not None else where
    under = re.compile(r"^\s*\[\[?\s*" + r"\s*\.\s*".join(map(part, path)) + r"\s*[.\]]")
    header = re.compile(r"^\s*\[\[?\s*" + r"\s*\.\s*".join(map(part, where)) + r"\s*\]")
    for number, line in enumerate(lines, 1):
        if not header.match(line):
            continue
        if field is not None:
            key = re.compile(r"^\s*" + part(field) + r"\s*=")
            for offset, inner in enumerate(lines[number:], number + 1):
                if re.match(r"^\s*\[", inner):
                    break
                if key.match(inner):
                    return offset
            table = next((n for n, line in enumerate(lines, 1) if under.match(line)), None)
            return table or number
        return number
    if len(where) > 1:
        parent = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(map(part, where[:-1])) + r"\s*\]")
        key = re.compile(r"^\s*" + part(where[-1]) + r"\s*=")
        inside = False
        for number, line in enumerate(lines, 1):
            if re.match(r"^\s*\[", line):
                inside = bool(parent.match(line))
            elif inside and key.match(line):
                return number
    if len(where) == 1:
        key = re.compile(r"^\s*" + part(where[0]) + r"\s*=")
        for number, line in enumerate(lines, 1):
            if re.match(r"^\s*\[", line):
                break
            if key.match(line):
                return number
    return next((number for number, line in enumerate(lines, 1) if under.match(line)), None)


def _first_line_of(text: str, name: str) -> int | None:
    """The first line that starts the table ``name`` or one inside it
    (``[keys.title]``, ``keys.title.type = …``), or None."""

    start = re.compile(rf"^\s*(?:\[\[?\s*)?(?:{re.escape(name)}|\"{re.escape(name)}\")\s*[.=\]]")
    for number, line in enumerate(text.splitlines(), 1):
        if start.match(line):
            return number
    return None


_RULE_FIELDS = ("type", "required", "share", "values", "spelling", "shape")


def _is_share(value: object) -> bool:
    """Whether ``value`` is a share of articles: a number from 0 to 1."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 0 <= value <= 1  # (NaN compares false; an int of any size compares)


def _rules(keys: Any, where: tuple[str, ...], path: Path) -> dict[str, KeyRule]:
    if not isinstance(keys, dict):
        raise _Misfit(f"[{_dotted(where)}] must be a table of keys", where)
    rules: dict[str, KeyRule] = {}
    for name, table in keys.items():
        at = (*where, str(name))
        key = _dotted(at)
        if not isinstance(table, dict):
            raise _Misfit(f"{key} must be a table", at)
        unknown = [field for field in table if field not in _RULE_FIELDS]
        if unknown:  # (a misspelt "requird = true" did nothing, without a word)
            raise _Misfit(
                f"{key}: unknown field {_quoted(unknown[0])} (one of {', '.join(_RULE_FIELDS)})",
                at,
                str(unknown[0]),
            )
        if not isinstance(table.get("required", False), bool):
            raise _Misfit(f"{key}: required must be true or false", at, "required")
        if table.get("shape") not in (None, "path", "paths"):
            raise _Misfit(f'{key}: shape must be "path" or "paths"', at, "shape")
        kind = table.get("type")
        if kind is not None and kind not in TYPES:
            raise _Misfit(
                f"{key}: unknown type {_quoted(kind)} (one of {', '.join(TYPES)})", at, "type"
            )
        allowed = table.get("values", [])
        if not isinstance(allowed, list):
            raise _Misfit(f"{key}: values must be a list", at, "values")
        odd = next((value for value in allowed if not isinstance(value, str)), None)
        if odd is not None:  # (compared with text only: 1 and [2] allowed nothing)
            raise _Misfit(
                f"{key}: values must be a list of text (quoted): {_quoted(odd)} is not",
                at,
                "values",
            )
        spelling = table.get("spelling")
        if isinstance(spelling, date):  # written unquoted: a TOML date
            spelling = str(spelling)
        # (the example stands for its style: any date written that way)
        if spelling is not None and (
            not isinstance(spelling, str) or schema_spelling(spelling) is None
        ):
            raise _Misfit(
                f"{key}: spelling {_quoted(spelling)} is not a date (like 2001-02-03)",
                at,
                "spelling",
            )
        share = table.get("share")
        if share is not None and not _is_share(share):
            # (a share of 1 followed by 400 zeros was an OverflowError)
            raise _Misfit(f"{key}: share must be a number from 0 to 1", at, "share")
        rules[str(name)] = KeyRule(
            str(name),
            kind,
            table.get("required") is True,
            float(share) if share is not None else None,
            tuple(str(v) for v in allowed),
            spelling or None,
            str(table["shape"]) if table.get("shape") in ("path", "paths") else None,
        )
    return rules


_HEADER = """\
# The front matter of this library, as `article-reader schema infer` found it.
# This file is yours: edit it, commit it.  `article-reader check` reports the
# articles that break it (as warnings), and the window's form uses it.
#
#   type      string, list, date, boolean, url, number or mapping
#   required  true: every article must have the key
#   share     how many of the articles had the key when this was inferred
#   values    the allowed values, when they are few
#   spelling  dates are spelled like this example
#   shape     categories: "path" (one path) or "paths" (a list of paths)
#
# [folders."NAME".keys.KEY] tables hold the rules of a folder whose articles
# differ; they replace the library's rules for the articles in that folder.
#
# Inferring again adds the keys this file does not have and changes nothing else.
"""


def _table(rule: KeyRule) -> tomlkit.items.Table:
    import tomlkit

    table = tomlkit.table()
    if rule.type:
        table.add("type", rule.type)
    table.add("required", rule.required)
    if rule.share is not None:
        table.add("share", rule.share)
    if rule.values:
        table.add("values", list(rule.values))
    if rule.spelling:
        table.add("spelling", rule.spelling)
    if rule.shape:
        table.add("shape", rule.shape)
    return table


def merge_schema(existing: bytes | None, inferred: Schema, path: Path) -> tuple[bytes, list[str]]:
    """The schema file's new bytes, and the keys added.  The existing text
    keeps every byte; only tables for keys it lacks are appended.  Raises
    :class:`SchemaError`, naming the line, when the existing schema is one
    :func:`load_schema` refuses, or the keys cannot be added to it."""
    import tomlkit
    import tomlkit.items

    if existing is None:
        document = tomlkit.document()
        for line in _HEADER.splitlines():
            document.add(tomlkit.comment(line[2:]) if line.startswith("#") else tomlkit.nl())
        document.add("articles", inferred.articles)
        document.add(tomlkit.nl())
        keys = tomlkit.table(is_super_table=True)
        for name, rule in inferred.keys.items():
            keys.add(name, _table(rule))
        document.add("keys", keys)
        added = list(inferred.keys)
        if inferred.folders:
            document.add("folders", _folders_table(inferred.folders))
            added += [
                f"folders.{folder}.{name}"
                for folder, rules in inferred.folders.items()
                for name in rules
            ]
        return tomlkit.dumps(document).encode("utf-8"), added
    document = _parse(path, existing)
    # a schema check would refuse is refused here too, with its line: keys
    # added to it would not make it one
    _schema_of(path, existing, _as_written(document))
    have = document.get("keys")
    missing = [name for name in inferred.keys if have is None or name not in have]
    have_folders = document.get("folders")
    new_folders = {
        folder: rules
        for folder, rules in inferred.folders.items()
        if not have_folders or folder not in have_folders
    }
    if not missing and not new_folders:
        return existing, []
    text = existing.decode("utf-8")
    for name, table, adding in (("keys", have, missing), ("folders", have_folders, new_folders)):
        if adding and isinstance(table, tomlkit.items.InlineTable):
            raise SchemaError(
                f"{name} is written as an inline table ({name} = {{ … }}), to which no "
                f"table can be added; write it as [{name}.NAME] tables to infer again",
                path,
                _line_of(text, (name,), None),
            )
    newline = "\r\n" if "\r\n" in text else "\n"
    addition = tomlkit.document()
    keys = tomlkit.table(is_super_table=True)
    for name in missing:
        keys.add(name, _table(inferred.keys[name]))
    if missing:
        addition.add("keys", keys)
    if new_folders:
        addition.add("folders", _folders_table(new_folders))
    appended = tomlkit.dumps(addition).replace("\n", newline)
    joined = (
        text + ("" if text.endswith(("\n", "\r")) or not text else newline) + newline + appended
    )
    try:
        _parse(path, joined.encode("utf-8"))  # proves it still reads
    except SchemaError as exc:
        # (the line is that of the text appended: the file's own line of
        # the table that was added to, when it is found, says where to look)
        count = text.count("\n") + 1
        at = exc.line if exc.line is not None and exc.line <= count else None
        for table, adding in (("keys", missing), ("folders", new_folders)):
            if at is None and adding:
                at = _line_of(text, (table,), None) or _first_line_of(text, table)
        raise SchemaError(
            f"the inferred keys cannot be added to the schema as it is written: {exc.message}",
            path,
            at,
        ) from None
    names = missing + [
        f"folders.{folder}.{name}" for folder, rules in new_folders.items() for name in rules
    ]
    return joined.encode("utf-8"), names


def _folders_table(folders: Mapping[str, Mapping[str, KeyRule]]) -> Any:
    import tomlkit

    table = tomlkit.table(is_super_table=True)
    for folder, rules in folders.items():
        inner = tomlkit.table(is_super_table=True)
        keys = tomlkit.table(is_super_table=True)
        for name, rule in rules.items():
            keys.add(name, _table(rule))
        inner.add("keys", keys)
        table.add(folder, inner)
    return table


def planned_schema(root: str | os.PathLike, inferred: Schema) -> tuple[Path, bytes, list[str]]:
    """What :func:`write_schema` would write (the schema file, its new
    bytes, the keys added), written nowhere; refused as it would refuse."""
    path = schema_path(root)
    _refuse_linked(root, path)
    data, added = merge_schema(_read(path), inferred, path)
    return path, data, added


def write_schema(root: str | os.PathLike, inferred: Schema) -> tuple[Path, list[str]]:
    """Save ``inferred`` to the schema file (created, or merged losslessly
    into the existing one); returns its path and the keys added.  Locked and
    atomic; a file changed meanwhile by someone else is not overwritten."""
    path = schema_path(root)
    _refuse_linked(root, path)
    with locked(path):
        existing = _read(path)
        data, added = merge_schema(existing, inferred, path)
        if existing is None:
            try:
                path.parent.mkdir(exist_ok=True)
                create_exclusive(path, data)
            except FileExistsError:
                raise SchemaError("the schema was created meanwhile; infer again", path) from None
            except OSError as exc:
                raise SchemaError(f"cannot write the schema: {exc.strerror or exc}", path) from None
        elif data != existing:
            try:
                replace_checked(path, existing, data)
            except FileChangedError:
                raise SchemaError("the schema changed meanwhile; infer again", path) from None
    return path, added


# -- checking --------------------------------------------------------------------------------


DRAFT_EXEMPT = ("date",)
"""Keys a draft may lack: publishing sets them (``hexo publish``)."""


def check_article(
    schema: Schema,
    path: str,
    article: Article,
    *,
    draft: bool = False,
    provided: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The schema's warnings for one article (none when its front matter
    does not read: that is an error of its own).  A ``draft`` may lack
    :data:`DRAFT_EXEMPT` keys; ``provided`` keys come from the site's
    defaults (Jekyll's ``defaults``) and are never missing."""
    if article.has_errors or article.format is None:
        return []
    found: list[Finding] = []
    metadata = article.metadata
    lines = article.key_lines
    first = article.parts.front_start_line
    for name, rule in schema.keys.items():
        if name not in metadata:
            if name in provided:
                continue
            if rule.required and not (draft and name in DRAFT_EXEMPT):
                found.append(Finding(path, first, name, f"the required key '{name}' is missing"))
            continue
        value = metadata[name]
        line = lines.get(name)
        kind = value_type(value)
        if kind is None or rule.type is None:
            continue
        if kind != rule.type and not (rule.type == "string" and kind in ("url", "date")):
            found.append(
                Finding(path, line, name, f"'{name}' is a {kind}, the schema says {rule.type}")
            )
            continue
        if rule.values and isinstance(value, str) and value.strip() not in rule.values:
            allowed = ", ".join(rule.values)
            found.append(
                Finding(
                    path, line, name, f"'{name}' is {_quoted(value.strip())}, not one of: {allowed}"
                )
            )
        if rule.type == "date" and rule.spelling:
            spelling = _value_spelling(article, name)
            if spelling is not None and spelling != schema_spelling(rule.spelling):
                found.append(
                    Finding(
                        path,
                        line,
                        name,
                        f"'{name}' is spelled like {_quoted(spelling)}, "
                        f"the schema like {shown_spelling(rule.spelling)}",
                    )
                )
        if rule.shape == "paths" and _category_shape(value) == "path":
            found.append(
                Finding(path, line, name, f"'{name}' is one path, the schema says a list of paths")
            )
    return found


class SpellingTally:
    """How the articles ``check`` went through spell each date key the
    schema gives a ``spelling``, to say once, at the schema's line, a
    spelling none of them writes: an article each flagged for it says
    nothing of the cause (a schema inferred by a build before 2026-12-05
    may hold a spelling no file writes; or a person changed it to respell
    them all)."""

    def __init__(self, schema: Schema) -> None:
        self._schema = schema
        self._seen: dict[tuple[str | None, str], Counter[str]] = {}

    def add(self, rel: str, article: Article) -> None:
        """Count ``article`` (at ``rel`` in the library)."""
        if article.has_errors or article.format is None:
            return
        folder = self._schema.folder_of(rel) if self._schema.folders else None
        rules = self._schema.for_path(rel)
        for name, rule in rules.keys.items():
            if rule.type != "date" or not rule.spelling or name not in article.metadata:
                continue
            spelling = _value_spelling(article, name)
            if spelling is not None:
                own = folder is not None and name in self._schema.folders[folder]
                self._seen.setdefault((folder if own else None, name), Counter())[spelling] += 1

    def unmatched(self, root: str | os.PathLike) -> list[Finding]:
        """A warning at the schema's line for each spelling that two or more
        articles counted spell otherwise, and none as it says."""
        found: list[Finding] = []
        text: str | None = None
        path = schema_path(root)
        for (folder, name), spellings in self._seen.items():
            rules = self._schema.keys if folder is None else self._schema.folders[folder]
            spelling = rules[name].spelling
            total = sum(spellings.values())
            if total < 2 or spelling is None or spellings[schema_spelling(spelling) or spelling]:
                continue
            if text is None:
                data = _read(path)
                text = data.decode("utf-8", "replace") if data else ""
            where = ("keys", name) if folder is None else ("folders", folder, "keys", name)
            most, _ = spellings.most_common(1)[0]
            found.append(
                Finding(
                    str(path),
                    _line_of(text, where, "spelling"),
                    name,
                    f"none of the {total} articles with '{name}' spells it like "
                    f"{shown_spelling(spelling)} (most like {_quoted(most)}), so each is reported: "
                    "correct the spelling here "
                    "(a schema inferred before 2026-12-05 may hold one no file writes), "
                    "or respell them all with fix --respell-dates",
                )
            )
        return found
