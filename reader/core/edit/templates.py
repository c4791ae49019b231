"""What a new article starts from: the library's own habits, or a default.  No Qt here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from reader.core.article.dates import DateStyle, format_date
from reader.core.article.model import Article
from reader.core.article.patch import dump_value
from reader.core.edit.fields import written_style

__all__ = [
    "DEFAULT_TEMPLATE",
    "Template",
    "template_from",
]


@dataclass(frozen=True)
class Template:
    """What a new article in a library starts from."""

    keys: tuple[str, ...]  # most common keys first, "title" and "date" always in
    date_style: DateStyle
    defaults: dict[str, Any]  # typical values for keys such as comments or layout

    def front_matter(
        self,
        title: str,
        when: datetime,
        categories: Iterable[str] | Iterable[Sequence[str]] = (),
        author: str | None = None,
        tags: Iterable[str] = (),
    ) -> bytes:
        """The new article's bytes: YAML front matter with ``keys`` in order and
        an empty body.  ``categories`` is one hierarchy (``["金融", "银行"]``)
        or several (``[["金融", "银行"], ["新闻"]]``)."""
        paths = _category_paths_arg(categories)
        tag_names = [t.strip() for t in tags if t and t.strip()]
        lines = []
        for key in self.keys:
            if key == "title":
                value: Any = title
            elif key in ("date", "updated"):
                offset = self.date_style.offset.strip()
                if offset and when.tzinfo is None:
                    when = when.astimezone()  # (the library's dates say their offset)
                if offset.upper() in ("Z", "UTC", "GMT"):  # (they are in UTC)
                    when = when.astimezone(UTC)
                lines.append(f"{key}: {format_date(when, self.date_style)}")
                continue
            elif key in ("categories", "category"):
                if not paths:
                    continue
                value = paths[0] if len(paths) == 1 else paths
            elif key in ("tags", "tag"):
                value = tag_names
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
                    lines += [f"  - {_inline(item)}" for item in value]
            else:
                lines.append(f"{key}: {_inline(value)}")
        return ("---\n" + "\n".join(lines) + "\n---\n\n").encode("utf-8")


def _inline(value: Any) -> str:
    """``value`` as YAML on the rest of one line: a list or a mapping in flow
    style (in block style, an item that is a path ``[Yes, No]`` broke the
    list it was in: ``  - - 'Yes'\n- 'No'``)."""
    return dump_value(value, flow=True) if isinstance(value, list | dict) else dump_value(value)


def _category_paths_arg(categories: Iterable[str] | Iterable[Sequence[str]]) -> list[list[str]]:
    items = list(categories)
    if all(isinstance(item, str) for item in items):
        flat = [str(c).strip() for c in items if str(c).strip()]
        return [flat] if flat else []
    paths = []
    for item in items:
        names = [item] if isinstance(item, str) else list(item)
        path = [str(c).strip() for c in names if str(c).strip()]
        if path:
            paths.append(path)
    return paths


DEFAULT_TEMPLATE = Template(
    ("title", "date", "categories", "tags", "author"),
    DateStyle(kind="iso", separator=" "),
    {},
)


"""A new article's shape in a library with no articles to learn from."""

_TEMPLATE_DEFAULT_KEYS = {"comments", "layout", "published", "draft", "toc", "author"}


def template_from(articles: Iterable[Article], limit_keys: int = 12) -> Template:
    """A template made of the most common keys in ``articles``, with the
    dominant date style and the usual value of flag-like keys (the author
    only when most of those with one share it: one person's library)."""
    key_counts: Counter[str] = Counter()
    styles: Counter[DateStyle] = Counter()
    values: dict[str, Counter] = {}
    for article in articles:
        if article.has_errors:
            continue
        key_counts.update(article.metadata.keys())
        if article.date is not None and article.date_source == "front-matter":
            # as the file spells it (a YAML timestamp's own text: its value
            # keeps no "T", no fraction's digits)
            written = written_style(article, "date") if "date" in article.metadata else None
            styles[written or article.date.style] += 1
        for key in _TEMPLATE_DEFAULT_KEYS:
            value = article.metadata.get(key)
            if isinstance(value, bool | str | int) and key in article.metadata:
                values.setdefault(key, Counter())[value] += 1
    common = [key for key, _ in key_counts.most_common() if key not in ("title", "date")]
    keys = ("title", "date", *common[: max(0, limit_keys - 2)])
    style = styles.most_common(1)[0][0] if styles else DateStyle(kind="iso", separator=" ")
    if not style.has_time:  # (its month's and comma's spelling kept: "January 2, 2024")
        style = replace(style, has_time=False)
    defaults = {}
    for key, counter in values.items():
        if not counter:
            continue
        value, count = counter.most_common(1)[0]
        if key == "author" and count * 2 <= counter.total():
            # (a library of many authors: the first one met was written
            # into every new article, a name not the user's; one article's
            # author is its one author's)
            continue
        defaults[key] = value
    return Template(keys, style, defaults)
