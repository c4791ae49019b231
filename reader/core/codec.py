"""Read articles: split, parse the front matter into plain values, and derive
the fields a reader needs (title, dates, categories, tags, author, body format).

Parsing never raises on bad input: every defect becomes a :class:`Problem`
with a severity, a message and a line.  Writing lives in :mod:`.patch` and
:mod:`.storage`.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from . import taxonomy
from .article import ERROR, WARNING, Article, Problem
from .dates import DateStyle, ParsedDate, date_from_filename, parse_date
from .fastyaml import parse_simple
from .limits import DEFAULT_LIMITS, Limits
from .readfile import read_article_bytes
from .split import Split, split

__all__ = ["load_article", "parse_article", "parse_front_matter"]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.1 (PyYAML, Jekyll's Psych) and YAML 1.2 (Hugo, js-yaml in places) read
# these plain scalars differently.
_AMBIGUOUS_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_AMBIGUOUS_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_AMBIGUOUS_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_AMBIGUOUS_ANY = re.compile(
    "|".join(
        f"(?:{r.pattern})" for r in (_AMBIGUOUS_BOOL, _AMBIGUOUS_OCTAL, _AMBIGUOUS_SEXAGESIMAL)
    )
)
_AMBIGUOUS_FIRST = frozenset("yYnNoO+-0123456789")
# A cheap test for text that may hold one of the above, before walking every node.
_AMBIGUOUS_HINT = re.compile(
    r"(?<![\w'\"])(?:[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF|[-+]?0[0-7_]+"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+)(?![\w'\"])"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_SURROGATE = re.compile(r"[\udc80-\udcff]")


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int, first_line: int):
        self.key, self.line, self.first_line = key, line, first_line


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The YAML safe loader, refusing duplicate keys."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise _DuplicateKeyError(key_node.value, key_node.start_mark.line, seen[key])
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
# A plain "=" resolves to YAML 1.1's obsolete "value" type; every generator reads it as text.
_Loader.add_constructor("tag:yaml.org,2002:value", _Loader.construct_yaml_str)


def _walk_scalars(node, out: list):
    if isinstance(node, yaml.ScalarNode):
        out.append(node)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _walk_scalars(child, out)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk_scalars(key, out)
            _walk_scalars(value, out)


def _ambiguity(node) -> str | None:
    if node.style not in (None, ""):  # quoted or block scalars are unambiguous
        return None
    return _ambiguity_text(node.value)


def _ambiguity_text(text: str) -> str | None:
    """A warning for a plain scalar that YAML 1.1 and 1.2 read differently."""
    if _AMBIGUOUS_BOOL.match(text):
        return (
            f"'{text}' is a boolean in YAML 1.1 but a string in YAML 1.2; "
            "quote it or write true/false"
        )
    if _AMBIGUOUS_OCTAL.match(text) and text.lstrip("+-") not in ("0",):
        return f"'{text}' is an octal number in YAML 1.1 but decimal in YAML 1.2; quote it"
    if _AMBIGUOUS_SEXAGESIMAL.match(text):
        return f"'{text}' is a base-60 number in YAML 1.1 but a string in YAML 1.2; quote it"
    return None


def _parse_yaml(text: str, first_line: int, problems: list[Problem]) -> tuple[Any, dict[str, int]]:
    simple = parse_simple(text)
    if simple is not None:
        data, relative_lines, plains = simple
        for number, plain in plains:
            if plain[0] in _AMBIGUOUS_FIRST and _AMBIGUOUS_ANY.match(plain):
                message = _ambiguity_text(plain)
                if message:
                    problems.append(Problem(WARNING, message, first_line + number))
        return data, {key: first_line + n for key, n in relative_lines.items()}
    return _parse_yaml_full(text, first_line, problems)


def _parse_yaml_full(
    text: str, first_line: int, problems: list[Problem]
) -> tuple[Any, dict[str, int]]:
    loader = _Loader(text)
    key_lines: dict[str, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            return None, key_lines
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_lines.setdefault(key_node.value, first_line + key_node.start_mark.line)
        if _AMBIGUOUS_HINT.search(text):
            scalars: list = []
            _walk_scalars(node, scalars)
            for scalar in scalars:
                message = _ambiguity(scalar)
                if message:
                    problems.append(Problem(WARNING, message, first_line + scalar.start_mark.line))
        data = loader.construct_document(node)
    except _DuplicateKeyError as exc:
        problems.append(
            Problem(
                ERROR,
                f"duplicate key '{exc.key}' (first defined on line {first_line + exc.first_line})",
                first_line + exc.line,
            )
        )
        return None, key_lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        message = f"invalid YAML: {exc.problem or exc.context or 'syntax error'}"
        if exc.context and exc.problem:
            message = f"invalid YAML: {exc.problem} ({exc.context})"
        if "\t" in text and "tab" not in message:
            tab_line = next(
                (
                    i
                    for i, ln in enumerate(text.splitlines())
                    if ln[: len(ln) - len(ln.lstrip())].count("\t")
                ),
                None,
            )
            if tab_line is not None:
                message += "; YAML does not allow tabs for indentation"
                line = first_line + tab_line
        problems.append(Problem(ERROR, message, line))
        return None, key_lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problems.append(Problem(ERROR, f"invalid YAML: {exc}", line))
        return None, key_lines
    except (ValueError, OverflowError, RecursionError, TypeError) as exc:
        # e.g. a timestamp such as 2021-02-30 that the resolver accepts
        problems.append(Problem(ERROR, f"invalid YAML value: {exc}", first_line))
        return None, key_lines
    finally:
        loader.dispose()
    return data, key_lines


def _guess_key_lines(text: str, first_line: int, keys) -> dict[str, int]:
    found: dict[str, int] = {}
    wanted = {str(k) for k in keys}
    for number, line in enumerate(text.splitlines()):
        match = re.match(r'\s*"?([^"=:]+?)"?\s*[=:]', line)
        if match and match.group(1) in wanted and match.group(1) not in found:
            found[match.group(1)] = first_line + number
    return found


def _parse_toml(text: str, first_line: int, problems: list[Problem]) -> tuple[Any, dict[str, int]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = first_line + int(match.group(1)) - 1 if match else first_line
        problems.append(Problem(ERROR, f"invalid TOML: {exc}", line))
        return None, {}
    return data, _guess_key_lines(text, first_line, data)


def _parse_json(text: str, first_line: int, problems: list[Problem]) -> tuple[Any, dict[str, int]]:
    source = text if text.lstrip().startswith("{") else "{" + text + "}"
    if not source.strip("{} \t\r\n"):
        return None, {}

    def pairs_hook(pairs):
        result = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"duplicate key '{key}'")
            result[key] = value
        return result

    try:
        data = json.loads(source, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        problems.append(Problem(ERROR, f"invalid JSON: {exc.msg}", first_line + exc.lineno - 1))
        return None, {}
    except (ValueError, RecursionError) as exc:
        problems.append(Problem(ERROR, f"invalid JSON: {exc}", first_line))
        return None, {}
    return data, _guess_key_lines(text, first_line, data if isinstance(data, dict) else {})


_PARSERS = {"yaml": _parse_yaml, "toml": _parse_toml, "json": _parse_json}


def parse_front_matter(parts: Split) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
    """Parse ``parts.front`` into a mapping with ``str`` keys; problems carry file lines."""
    problems: list[Problem] = []
    if parts.format is None:
        return {}, problems, {}
    first_line = parts.front_start_line
    match = _SURROGATE.search(parts.front) if parts.front.isascii() is False else None
    if match:
        line = first_line + _line_of(parts.front, match.start()) - 1
        problems.append(Problem(ERROR, "front matter is not valid UTF-8", line))
        return {}, problems, {}
    data, key_lines = _PARSERS[parts.format](parts.front, first_line, problems)
    if data is None:
        return {}, problems, key_lines
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a string"}.get(type(data), f"a {type(data).__name__}")
        problems.append(
            Problem(
                ERROR, f"front matter must be a mapping of keys to values, not {kind}", first_line
            )
        )
        return {}, problems, key_lines
    metadata = {k if isinstance(k, str) else _key_text(k): v for k, v in data.items()}
    return metadata, problems, key_lines


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


_HTML_START = re.compile(
    r"\s*<(?:!doctype|html|head|body|div|p|section|article|main|header|h[1-6]|table|ul|ol|"
    r"blockquote|figure|img|span|a|strong|em|b|i|br|hr|pre|center|font|dl|nav|aside|br|video)\b",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_SETEXT_HEADING = re.compile(r"^ {0,3}(\S[^\n]*)\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def body_format_of(body: str, path: Path | None) -> str:
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in (".html", ".htm"):
        return "html"
    head = body[:2048]
    if _HTML_START.match(head):
        return "html"
    return "markdown"


def _first_heading(body: str, body_format: str) -> str | None:
    head = body[:20000]
    if body_format == "html":
        match = _HTML_HEADING.search(head)
        if match:
            import html

            text = html.unescape(_TAG.sub("", match.group(2))).strip()
            return " ".join(text.split()) or None
        return None
    match = _MD_HEADING.search(head)
    if match:
        return match.group(1).strip() or None
    match = _SETEXT_HEADING.search(head)
    if match:
        return match.group(1).strip() or None
    return None


def parse_article(
    raw: bytes,
    path: str | os.PathLike | None = None,
    *,
    mtime_ns: int | None = None,
    size: int | None = None,
) -> Article:
    """Parse the bytes of an article.  Never raises for bad content."""
    file_path = path if isinstance(path, Path) or path is None else Path(path)
    try:
        text = raw.decode("utf-8")
        valid_utf8 = True
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "surrogateescape")
        valid_utf8 = False
    parts = split(text)
    metadata, problems, key_lines = parse_front_matter(parts)

    if not raw:
        problems.append(Problem(WARNING, "empty file", 1))
    if parts.unclosed:
        problems.append(
            Problem(WARNING, "an opening front-matter delimiter is never closed; read as body", 1)
        )
    body = parts.body
    match = None if valid_utf8 else _SURROGATE.search(body)
    if match:
        line = parts.body_start_line + _line_of(body, match.start()) - 1
        problems.append(
            Problem(
                ERROR, "the file is not valid UTF-8; it is shown but will not be rewritten", line
            )
        )
    elif len(raw.translate(None, _CONTROL_BYTES)) != len(raw):  # fast pre-check
        match = _CONTROL.search(body)
        if match:
            line = parts.body_start_line + _line_of(body, match.start()) - 1
            problems.append(
                Problem(WARNING, f"control character U+{ord(match.group(0)):04X} in the body", line)
            )

    body_format = body_format_of(body, file_path)

    # Title: front matter, else the first heading, else the file name.
    title_value = metadata.get("title")
    title = taxonomy._text(title_value) if title_value is not None else None
    if not title:
        title = _first_heading(body, body_format)
    if not title:
        title = file_path.stem if file_path is not None else ""

    # Dates
    date_value: ParsedDate | None = None
    date_source: str | None = None
    if "date" in metadata and metadata["date"] is not None:
        date_value = parse_date(metadata["date"])
        if date_value is None:
            problems.append(
                Problem(
                    WARNING,
                    f"cannot read date {str(metadata['date'])!r}",
                    key_lines.get("date"),
                )
            )
        else:
            date_source = "front-matter"
    if date_value is None and file_path is not None:
        date_value = date_from_filename(file_path.name)
        if date_value is not None:
            date_source = "filename"
        elif mtime_ns is not None:
            date_value = ParsedDate(
                datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).astimezone(),
                DateStyle(kind="iso", separator="T", offset="+00:00"),
            )
            date_source = "file-time"
    updated: ParsedDate | None = None
    if metadata.get("updated") is not None:
        updated = parse_date(metadata["updated"])
        if updated is None:
            problems.append(
                Problem(
                    WARNING,
                    f"cannot read updated date {str(metadata['updated'])!r}",
                    key_lines.get("updated"),
                )
            )

    for key, alias in (("categories", "category"), ("tags", "tag")):
        if key in metadata and alias in metadata:
            problems.append(
                Problem(
                    WARNING,
                    f"both '{key}' and '{alias}' are set; '{alias}' is ignored",
                    key_lines.get(alias),
                )
            )
    categories = taxonomy.categories_from(
        metadata["categories"] if "categories" in metadata else metadata.get("category")
    )
    tags = taxonomy.tags_from(metadata["tags"] if "tags" in metadata else metadata.get("tag"))
    author = taxonomy.author_from(metadata.get("author"))

    if problems:
        display = os.fspath(file_path) if file_path is not None else None
        problems = [
            p if p.path is not None else Problem(p.severity, p.message, p.line, display)
            for p in problems
        ]
        problems.sort(key=lambda p: (p.line or 0, p.severity != ERROR))
    return Article(
        path=file_path,
        raw=raw,
        parts=parts,
        metadata=metadata,
        problems=problems,
        title=title,
        date=date_value,
        date_source=date_source,
        updated=updated,
        categories=categories,
        tags=tags,
        author=author,
        body_format=body_format,
        key_lines=key_lines,
        mtime_ns=mtime_ns,
        size=size,
    )


def load_article(path: str | os.PathLike, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Read and parse a file.  Raises :class:`~reader.core.article.ArticleError`
    only when it cannot be read: missing, unreadable, not a regular file (a
    FIFO, a device), or over ``limits.max_article_bytes``."""
    file_path = Path(path)
    raw, stat = read_article_bytes(file_path, limits.max_article_bytes)
    return parse_article(raw, file_path, mtime_ns=stat.st_mtime_ns, size=stat.st_size)
