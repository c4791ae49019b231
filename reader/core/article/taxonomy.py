"""Categories, tags and authors, normalised the way Hexo reads them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

__all__ = [
    "author_from",
    "categories_from",
    "category_key",
    "format_category_path",
    "name_text",
    "parse_category_path",
    "tags_from",
]

CATEGORY_SEPARATOR = " › "


def name_text(value: object) -> str | None:
    """A scalar front-matter value as the name of a category, tag or author
    (and a title): its text stripped, ``true``/``false``, a date in ISO
    form; ``None`` for an empty value or one that is not a scalar."""
    if type(value) is str:  # the common case first: isinstance of unions is slow
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def categories_from(value: object) -> list[tuple[str, ...]]:
    """Hexo's rules:

    * a string is one category;
    * a flat list is one hierarchy (``[a, b, c]`` is a › b › c);
    * when any element is a list, every element is a hierarchy of its own;
    * nulls are dropped and numbers become text.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        name = name_text(value)
        return [(name,)] if name else []
    if any(isinstance(item, list) for item in value):
        paths: dict[tuple[str, ...], None] = {}  # ordered, and linear for many paths
        for item in value:
            items = item if isinstance(item, list) else [item]
            path = tuple(name for name in (name_text(i) for i in items) if name)
            if path:
                paths.setdefault(path)
        return list(paths)
    path = tuple(name for name in (name_text(i) for i in value) if name)
    return [path] if path else []


def tags_from(value: object) -> list[str]:
    """Tags are a flat set; a string is one tag.  Order of first use is kept."""
    if value is None:
        return []
    items: Iterable[object] = value if isinstance(value, list) else [value]
    tags: dict[str, None] = {}  # ordered, and linear for many tags
    for item in items:
        if isinstance(item, list):
            for sub in tags_from(item):
                tags.setdefault(sub)
            continue
        name = name_text(item)
        if name:
            tags.setdefault(name)
    return list(tags)


def author_from(value: object) -> str | None:
    """``author`` as a display string: a name, ``{name: …}`` or a list of them."""
    if isinstance(value, dict):
        return name_text(value.get("name") or value.get("nick") or value.get("title"))
    if isinstance(value, list):
        names = [name for name in (author_from(item) for item in value) if name]
        return ", ".join(names) or None
    return name_text(value)


def category_key(path: Iterable[str]) -> str:
    """A stable string key for a category path (levels joined by U+001F)."""
    return "\x1f".join(path)


def parse_category_path(text: str, separator: str = "/") -> tuple[str, ...]:
    """``"金融/银行"`` → ``("金融", "银行")``: a category path as it is typed (on
    the command line, in dialogs).

    A name may hold the separator itself: it is typed ``\\/``, and a backslash
    ``\\\\``, the way :func:`format_category_path` prints them, so that every
    category printed can be given back (``A\\/B`` is the one category "A/B",
    ``A/B`` is B under A).  Any other backslash is kept as it is.  Names are
    stripped the way they are read from front matter; empty levels are dropped.
    """
    names: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("\\", i) and text.startswith(separator, i + 1):
            current.append(separator)
            i += 1 + len(separator)
        elif text.startswith("\\\\", i):
            current.append("\\")
            i += 2
        elif text.startswith(separator, i):
            names.append("".join(current))
            current = []
            i += len(separator)
        else:
            current.append(text[i])
            i += 1
    names.append("".join(current))
    return tuple(name.strip() for name in names if name.strip())


def display_category_path(path: Iterable[str]) -> str:
    """The path as the window's editors show it, ``金融 / 银行``: levels joined
    by `` / ``, names escaped as in :func:`format_category_path`, so that
    :func:`parse_category_path` reads it back (``A\\/B / C``)."""
    return " / ".join(format_category_path([name]) for name in path)


def format_category_path(path: Iterable[str], separator: str = "/") -> str:
    """The category path as it is typed: names joined by ``separator``, with a
    separator or a backslash inside a name escaped (see :func:`parse_category_path`)."""
    return separator.join(
        name.replace("\\", "\\\\").replace(separator, "\\" + separator) for name in path
    )
