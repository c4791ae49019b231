"""Editing state for one article, with no Qt: the diff beside the editor.

:class:`MetadataDiff` holds the pending changes to an article's front matter
(keys set, keys removed) against the values read from the file, and turns
them into new file bytes through the lossless patch.  The form in the window
is a view of it; undo and redo replay its operations.

Also here: how each key is edited (:func:`field_kind`), parsing and checking
what people type (:func:`parse_value_text`, :func:`parse_date_text`), saving
the front-matter text as a whole (:func:`replace_front_text`, for the Raw
tab) and the template for new articles (:func:`template_from`).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from .article import ERROR, Article, ArticleError
from .codec import parse_front_matter
from .dates import DateStyle, format_date, parse_date
from .patch import dump_value, patch_metadata, same_value
from .split import Split, decode, join

__all__ = [
    "FieldKind",
    "MetadataDiff",
    "ValueError_",
    "field_kind",
    "parse_date_text",
    "parse_value_text",
    "replace_front_text",
    "template_from",
    "unified_diff",
]


class FieldKind:
    TITLE = "title"
    DATE = "date"
    CATEGORIES = "categories"
    TAGS = "tags"
    BOOLEAN = "boolean"
    URL = "url"
    LONG_TEXT = "long-text"
    TEXT = "text"
    YAML = "yaml"


_URL_KEYS = {"headimg", "thumbnail", "cover"}
_LONG_TEXT_KEYS = {"excerpt", "description", "summary"}


def field_kind(key: str, value: Any) -> str:
    """Which editor a key gets, from its name and its current value."""
    if key == "title":
        return FieldKind.TITLE
    if key in ("date", "updated"):
        return FieldKind.DATE
    if key in ("categories", "category"):
        return FieldKind.CATEGORIES
    if key in ("tags", "tag"):
        return FieldKind.TAGS
    if isinstance(value, bool):
        return FieldKind.BOOLEAN
    if key in _URL_KEYS and (value is None or isinstance(value, str)):
        return FieldKind.URL
    if key in _LONG_TEXT_KEYS and (value is None or isinstance(value, str)):
        return FieldKind.LONG_TEXT
    if isinstance(value, str) and "\n" not in value:
        return FieldKind.TEXT
    return FieldKind.YAML


@dataclass(frozen=True)
class ValueError_:
    message: str
    line: int | None = None  # 1-based line inside the edited text
    column: int | None = None


def parse_value_text(text: str) -> tuple[Any, ValueError_ | None]:
    """A YAML value typed into the form: ``(value, None)`` or ``(None, error)``."""
    try:
        return yaml.safe_load(text) if text.strip() else None, None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        return None, ValueError_(str(exc.problem or exc.context or "invalid YAML"), line, column)
    except (yaml.YAMLError, ValueError) as exc:
        return None, ValueError_(f"invalid YAML: {exc}")


def parse_date_text(text: str) -> tuple[datetime | date | None, ValueError_ | None]:
    """A date typed into the form, in any of the spellings the codec reads."""
    parsed = parse_date(text.strip())
    if parsed is None:
        return None, ValueError_(f"not a date: {text.strip()!r}")
    return parsed.value, None


def value_text(value: Any) -> str:
    """The text a YAML value editor shows for ``value``."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return dump_value(value, None, flow=False).rstrip("\n")
    return dump_value(value)


_MISSING = object()


@dataclass
class MetadataDiff:
    """Pending front-matter changes for one article.

    ``set_value`` and ``remove`` record edits; ``value`` gives what the form
    shows; ``new_bytes`` gives the file as it would be saved.  Setting a key
    back to its original value drops the change, so an article edited back
    to where it started is not modified and is never rewritten.
    """

    article: Article
    changes: dict[str, Any] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    @property
    def original(self) -> dict[str, Any]:
        return self.article.metadata

    def keys(self) -> list[str]:
        """The keys in form order: the file's keys, then new ones."""
        keys = [k for k in self.original if k not in self.removed]
        keys += [k for k in self.changes if k not in self.original]
        return keys

    def value(self, key: str, default: Any = None) -> Any:
        if key in self.changes:
            return self.changes[key]
        if key in self.removed:
            return default
        return self.original.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        if key in self.removed:
            self.removed.remove(key)
        if key in self.original and same_value(self.original[key], value):
            self.changes.pop(key, None)
        else:
            self.changes[key] = value

    def remove(self, key: str) -> None:
        self.changes.pop(key, None)
        if key in self.original and key not in self.removed:
            self.removed.append(key)

    def revert(self, key: str | None = None) -> None:
        if key is None:
            self.changes.clear()
            self.removed.clear()
            return
        self.changes.pop(key, None)
        if key in self.removed:
            self.removed.remove(key)

    def is_modified(self, key: str | None = None) -> bool:
        if key is None:
            return bool(self.changes or self.removed)
        return key in self.changes or key in self.removed

    def status(self, key: str) -> str:
        """``added``, ``changed``, ``removed`` or ``unchanged`` (for the form's markers)."""
        if key in self.removed:
            return "removed"
        if key in self.changes:
            return "changed" if key in self.original else "added"
        return "unchanged"

    def new_bytes(self) -> bytes:
        """The file with the changes applied (``article.raw`` when there are none)."""
        return patch_metadata(self.article, self.changes, self.removed)

    def diff_text(self) -> str:
        return unified_diff(self.article.raw, self.new_bytes(), self.article.display_path)

    def rebase(self, article: Article) -> MetadataDiff:
        """The same edits on a newer version of the file ("keep mine")."""
        rebased = MetadataDiff(article)
        for key, value in self.changes.items():
            rebased.set_value(key, value)
        for key in self.removed:
            if key in article.metadata:
                rebased.remove(key)
        return rebased


def unified_diff(old: bytes, new: bytes, name: str) -> str:
    """A unified diff of two versions of a file (empty when they are equal)."""
    if old == new:
        return ""
    lines = difflib.unified_diff(
        decode(old).splitlines(keepends=True),
        decode(new).splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    no_newline = "\n\\ No newline at end of file\n"
    text = "".join(line if line.endswith(("\n", "\r")) else line + no_newline for line in lines)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def replace_front_text(article: Article, front_text: str) -> bytes:
    """The file with its front-matter text replaced as a whole (the Raw tab).

    Works for broken files too: that is how they get fixed.  The new text
    must parse; otherwise :class:`ArticleError` names the line in the file.
    Everything outside the front matter stays byte for byte.
    """
    parts = article.parts
    if parts.format is None:
        if not front_text.strip():
            return article.raw
        nl = parts.newline
        if not front_text.endswith(("\n", "\r")):
            front_text += nl
        new_parts = Split(parts.bom, "", "---" + nl, front_text, "---" + nl, parts.body, "yaml")
    else:
        new_parts = parts.replace_front(front_text)
    _, problems, _ = parse_front_matter(new_parts)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ArticleError(errors[0].message, article.display_path, errors[0].line)
    return join(new_parts)


@dataclass(frozen=True)
class Template:
    """What a new article in a library starts from."""

    keys: tuple[str, ...]  # most common keys first, "title" and "date" always in
    date_style: DateStyle
    defaults: dict[str, Any]  # typical values for keys such as comments or layout

    def front_matter(
        self, title: str, when: datetime, categories: Iterable[str] = (), author: str | None = None
    ) -> bytes:
        lines = []
        for key in self.keys:
            if key == "title":
                value: Any = title
            elif key in ("date", "updated"):
                lines.append(f"{key}: {format_date(when, self.date_style)}")
                continue
            elif key in ("categories", "category"):
                path = [c for c in categories if c]
                if not path:
                    continue
                value = path
            elif key in ("tags", "tag"):
                value = []
            elif key == "author":
                value = author or self.defaults.get("author")
                if not value:
                    continue
            elif key in self.defaults:
                value = self.defaults[key]
            else:
                continue
            if isinstance(value, list):
                if not value:
                    lines.append(f"{key}: []")
                else:
                    lines.append(f"{key}:")
                    lines += [f"  - {dump_value(item)}" for item in value]
            else:
                lines.append(f"{key}: {dump_value(value)}")
        return ("---\n" + "\n".join(lines) + "\n---\n\n").encode("utf-8")


_TEMPLATE_DEFAULT_KEYS = {"comments", "layout", "published", "draft", "toc", "author"}


def template_from(articles: Iterable[Article], limit_keys: int = 12) -> Template:
    """A template made of the most common keys in ``articles``, with the
    dominant date style and the usual value of flag-like keys."""
    key_counts: Counter[str] = Counter()
    styles: Counter[DateStyle] = Counter()
    values: dict[str, Counter] = {}
    for article in articles:
        if article.has_errors:
            continue
        key_counts.update(article.metadata.keys())
        if article.date is not None and article.date_source == "front-matter":
            raw = article.metadata.get("date")
            spelled = parse_date(raw) if isinstance(raw, str) else article.date
            if spelled is not None:
                styles[spelled.style] += 1
        for key in _TEMPLATE_DEFAULT_KEYS:
            value = article.metadata.get(key)
            if isinstance(value, bool | str | int) and key in article.metadata:
                values.setdefault(key, Counter())[value] += 1
    common = [key for key, _ in key_counts.most_common() if key not in ("title", "date")]
    keys = ("title", "date", *common[: max(0, limit_keys - 2)])
    style = styles.most_common(1)[0][0] if styles else DateStyle(kind="iso", separator=" ")
    if not style.has_time:
        style = DateStyle(kind=style.kind, padded=style.padded, has_time=False)
    defaults = {key: counter.most_common(1)[0][0] for key, counter in values.items() if counter}
    return Template(keys, style, defaults)
