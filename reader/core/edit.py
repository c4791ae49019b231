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
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .article import Article, ArticleError
from .codec import YAMLValueError, parse_article, parse_yaml_value
from .dates import DateStyle, format_date, parse_date
from .patch import dump_value, patch_metadata, same_value
from .split import Split, decode, join, split
from .taxonomy import categories_from, tags_from

__all__ = [
    "ArticleEdit",
    "FieldKind",
    "MetadataDiff",
    "TextLayout",
    "ValueError_",
    "categories_value",
    "field_kind",
    "front_text_error",
    "front_view",
    "parse_date_text",
    "parse_value_text",
    "preview_image_path",
    "replace_front_text",
    "source_bytes",
    "source_text",
    "tags_value",
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
# Characters a multi-line text editor turns into its own line breaks: text
# holding them is edited as YAML, where they are escapes (``"\\r"``, ``"\\P"``).
_EDITOR_BREAKS = re.compile("[\r\u2029]")
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
    if key in _LONG_TEXT_KEYS and (
        value is None or (isinstance(value, str) and not _EDITOR_BREAKS.search(value))
    ):
        return FieldKind.LONG_TEXT
    if isinstance(value, str) and "\n" not in value:
        return FieldKind.TEXT
    return FieldKind.YAML


_SCALAR_AFTER_KEY = re.compile(r"\s*:[ \t]*([^#\r\n]*?)[ \t]*(?:#.*)?$")


def scalar_spelling(article: Article, key: str) -> str | None:
    """How a top-level key's one-line value is spelled in a YAML front matter
    (``"yes"`` for ``draft: yes``); None when unknown (not YAML, no such key,
    or the value is not on the key's line)."""
    parts = article.parts
    line_no = article.key_lines.get(key)
    if parts.format != "yaml" or line_no is None:
        return None
    lines = parts.front.splitlines()
    index = line_no - parts.front_start_line
    if not 0 <= index < len(lines):
        return None
    line = lines[index]
    for spelled in (key, f'"{key}"', f"'{key}'"):
        if line.lstrip().startswith(spelled):
            match = _SCALAR_AFTER_KEY.match(line, line.index(spelled) + len(spelled))
            if match and match.group(1):
                return match.group(1)
    return None


def is_plain_boolean(article: Article, key: str) -> bool:
    """Whether ``key`` is a boolean spelled ``true``/``false`` (any case) in the
    file, or a boolean not spelled in the file at all; False for YAML 1.1
    spellings (``yes``/``no``/``on``/``off``…) and for values that are not
    booleans."""
    if not isinstance(article.metadata.get(key), bool):
        return False
    spelling = scalar_spelling(article, key)
    return spelling is None or spelling.lower() in ("true", "false")


@dataclass(frozen=True)
class ValueError_:
    message: str
    line: int | None = None  # 1-based line inside the edited text
    column: int | None = None


def parse_value_text(text: str) -> tuple[Any, ValueError_ | None]:
    """A YAML value typed into the form: ``(value, None)`` or ``(None, error)``."""
    try:  # the codec's loader: bounded like front matter (no recursive aliases)
        return parse_yaml_value(text) if text.strip() else None, None
    except YAMLValueError as exc:
        return None, ValueError_(exc.message, exc.line, exc.column)


def parse_date_text(text: str) -> tuple[datetime | date | None, ValueError_ | None]:
    """A date typed into the form, in any of the spellings the codec reads."""
    parsed = parse_date(text.strip())
    if parsed is None:
        return None, ValueError_(f"not a date: {text.strip()!r}")
    return parsed.value, None


def value_text(value: Any) -> str:
    """The text a YAML value editor shows for ``value``.  Strings holding a
    carriage return or a paragraph separator are double-quoted with escapes:
    a text editor would turn those characters into line breaks."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        text = dump_value(value, None, flow=False).rstrip("\n")
        return (
            dump_value(value, '"', flow=False).rstrip("\n") if _EDITOR_BREAKS.search(text) else text
        )
    text = dump_value(value)
    return dump_value(value, '"') if _EDITOR_BREAKS.search(text) else text


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

    def __contains__(self, key: object) -> bool:
        return key in self.keys()

    def __iter__(self):
        return iter(self.keys())

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


def front_view(front: str) -> str:
    """Front-matter text as the Raw tab shows it: ``\\n`` line ends only (a
    text editor turns ``\\r\\n`` and ``\\r`` into its own line breaks)."""
    return _NEWLINE.sub("\n", front)


_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|\Z)")


def _lines_with_ends(text: str) -> list[tuple[str, str]]:
    """``(content, line end)`` per line; only the last line may lack an end."""
    lines = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and (not text or lines):
            break
        lines.append((match.group(1), match.group(2)))
    return lines


def _front_from_view(parts: Split, text: str) -> str:
    """The Raw tab's text back as front-matter text for ``parts``.

    Lines the text shares with the current front matter keep their own line
    ends (a file with mixed line ends is not normalised by a one-line edit);
    new lines get the file's line end.  The last line gets a line end too,
    because the closing delimiter (or the body) must start on a line of its
    own: a text typed after the last line break would otherwise run into it
    (``draft: true---``).  Only a front matter that ends the file without a
    line end (Hugo's bare JSON) stays without one.
    """
    newline = parts.newline
    old = _lines_with_ends(parts.front)
    new = [content for content, _ in _lines_with_ends(front_view(text))]
    if not new:
        return ""
    ends = [newline] * len(new)
    matcher = difflib.SequenceMatcher(None, [c for c, _ in old], new, autojunk=False)
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                ends[j1 + offset] = old[i1 + offset][1] or newline
    if not front_view(text).endswith("\n"):
        keeps_no_end = (
            parts.format is not None
            and not parts.closer
            and not parts.body
            and not parts.front.endswith(("\n", "\r"))
        )
        ends[-1] = "" if keeps_no_end else ends[-1]
    return "".join(content + end for content, end in zip(new, ends, strict=True))


def _with_front_text(article: Article, front_text: str) -> Article | None:
    """The article with its front-matter text replaced by the Raw tab's text,
    always computed from ``article`` as read (never from an earlier edit);
    None when the text leaves the file as it is.  Raises :class:`ArticleError`
    (naming the file's line) when the result would not parse, would not read
    back with exactly this front matter and this body, or has an error."""
    parts = article.parts
    if parts.format is None:
        if not front_text.strip():
            return None
        nl = parts.newline
        parts = Split(parts.bom, "", "---" + nl, "", "---" + nl, parts.body, "yaml")
    new_parts = parts.replace_front(_front_from_view(parts, front_text))
    raw = join(new_parts)
    if raw == article.raw:
        return None
    reread = split(decode(raw))
    if reread != new_parts:
        # A line of the text reads as the closing delimiter ("---", "...",
        # "+++"): the rest of the text would become body.
        if reread.closer and len(reread.front) < len(new_parts.front):
            raise ArticleError(
                f"the line {reread.closer.strip()!r} would end the front matter here; "
                "indent or quote it",
                article.display_path,
                reread.body_start_line - 1,
            )
        raise ArticleError(
            "this text would not read back as the front matter of the file", article.display_path
        )
    new = parse_article(raw, article.path, mtime_ns=article.mtime_ns, size=article.size)
    if new.errors:
        error = new.errors[0]
        raise ArticleError(error.message, article.display_path, error.line)
    return new


def replace_front_text(article: Article, front_text: str) -> bytes:
    """The file with its front-matter text replaced as a whole (the Raw tab).

    ``front_text`` is the Raw tab's text (any line ends).  Works for broken
    files too: that is how they get fixed.  The result is always computed
    from ``article`` itself: the text is the single source of truth for the
    front matter, and everything outside it (BOM, leading blank lines,
    delimiters, body) stays byte for byte.  Raises :class:`ArticleError`,
    naming the line in the file, when the text cannot be saved.
    """
    new = _with_front_text(article, front_text)
    return article.raw if new is None else new.raw


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
                    lines += [f"  - {dump_value(item)}" for item in value]
            else:
                lines.append(f"{key}: {dump_value(value)}")
        return ("---\n" + "\n".join(lines) + "\n---\n\n").encode("utf-8")


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


# -- values of the structured editors ---------------------------------------------------


def categories_value(paths: Iterable[Iterable[str]], original: Any = None) -> Any:
    """The ``categories`` value for hierarchy ``paths``, shaped like ``original``
    where possible: one one-level path stays a string if it was one, one path is
    a flat list (Hexo's hierarchy), several paths are a list of lists."""
    clean = [[str(name).strip() for name in path if str(name).strip()] for path in paths]
    clean = [path for path in clean if path]
    if not clean:
        return [] if not isinstance(original, str) else ""
    if len(clean) == 1:
        path = clean[0]
        if len(path) == 1 and (isinstance(original, str) or original is None):
            return path[0] if isinstance(original, str) else [path[0]]
        if (
            isinstance(original, list)
            and original
            and all(isinstance(item, list) for item in original)
        ):
            return [path]
        return path
    # Several hierarchies: a one-level path the file wrote as a plain name
    # (``[[Tech, Python], Notes]``) stays a plain name.
    plain = set()
    if isinstance(original, list):
        plain = {item for item in original if isinstance(item, str)}
    return [path[0] if len(path) == 1 and path[0] in plain else path for path in clean]


def category_paths(value: Any) -> list[tuple[str, ...]]:
    """The hierarchy paths a ``categories`` value names (Hexo's rules)."""
    return categories_from(value)


def tags_value(tags: Iterable[str], original: Any = None) -> Any:
    """The ``tags`` value for ``tags``: a string stays a string while there is one tag."""
    names: list[str] = []
    for tag in tags:
        tag = str(tag).strip()
        if tag and tag not in names:
            names.append(tag)
    if isinstance(original, str) and len(names) == 1:
        return names[0]
    return names


def tag_list(value: Any) -> list[str]:
    return tags_from(value)


def front_text_error(article: Article, front_text: str) -> ValueError_ | None:
    """What is wrong with ``front_text`` as the article's front matter (the Raw
    tab), with the line counted inside ``front_text``; None when it can be saved.
    An error outside the front matter (in the body) names the file's line in
    the message instead."""
    try:
        replace_front_text(article, front_text)
    except ArticleError as exc:
        if exc.line is None:
            return ValueError_(exc.message)
        first = article.parts.front_start_line if article.parts.format is not None else 2
        line = exc.line - first + 1
        blocks = front_view(front_text).count("\n") + 1  # the lines an editor shows
        if line > blocks + 1:
            return ValueError_(f"{exc.message} (line {exc.line} of the file)")
        return ValueError_(exc.message, max(1, min(line, blocks)))
    return None


class ArticleEdit:
    """Everything pending for one open article.

    ``original`` is the file as read (what a save is checked against and what
    every Raw-tab text is applied to).  ``raw_text`` is the Raw tab's text
    once something was typed there: while the person types in the Raw tab it
    is the single source of truth for the front matter, and ``base`` is
    ``original`` with exactly that text as its front matter (``original``
    itself when that changes no byte).  The form's :class:`MetadataDiff`
    holds the Fields tab's edits on top of ``base``.
    """

    def __init__(self, original: Article):
        self.original = original
        self.raw_text: str | None = None
        self.diff = MetadataDiff(original)

    @property
    def base(self) -> Article:
        return self.diff.article

    @property
    def editable(self) -> bool:
        """Whether the form can edit keys (the front matter parses)."""
        return not self.base.has_errors

    def front_text(self) -> str:
        """The Raw tab's text: what was typed there, else the front matter as
        it would be saved (with ``\\n`` line ends)."""
        if self.raw_text is not None and not self.diff.is_modified():
            return self.raw_text
        if self.base.has_errors or not self.diff.is_modified():
            return front_view(self.base.parts.front)
        return front_view(split(decode(self.new_bytes())).front)

    def front_text_error(self, front_text: str) -> ValueError_ | None:
        """Why :meth:`set_front_text` would refuse ``front_text`` (None: it would not)."""
        return front_text_error(self.original, front_text)

    def set_front_text(self, front_text: str) -> None:
        """Take the Raw tab's text as the whole front matter, applied to the
        original file (the Fields tab's edits are part of the text already);
        raises :class:`ArticleError` when it cannot be saved, changing nothing."""
        if front_text == self.front_text():
            return
        new = _with_front_text(self.original, front_text)
        self.raw_text = front_text
        self.diff = MetadataDiff(self.original if new is None else new)

    def new_bytes(self) -> bytes:
        return self.diff.new_bytes() if self.diff.is_modified() else self.base.raw

    def is_modified(self) -> bool:
        return self.base is not self.original or self.diff.is_modified()

    def has_changes(self) -> bool:
        """Whether saving would write anything."""
        try:
            return self.new_bytes() != self.original.raw
        except ArticleError:
            return True

    def diff_text(self, name: str | None = None) -> str:
        """The pending changes as a unified diff; ``name`` is the file's name in
        the headers (the library-relative path; the file's path by default)."""
        return unified_diff(self.original.raw, self.new_bytes(), name or self.original.display_path)

    def snapshot(self) -> tuple:
        """The whole editing state, for undo and redo."""
        return (self.diff.article, dict(self.diff.changes), list(self.diff.removed), self.raw_text)

    def restore(self, state: tuple) -> None:
        base, changes, removed, raw_text = state
        self.diff = MetadataDiff(base, dict(changes), list(removed))
        self.raw_text = raw_text

    def revert(self) -> None:
        """Drop every edit: the file as read."""
        self.restore((self.original, {}, [], None))

    def rebase(self, article: Article) -> ArticleEdit:
        """The same edits on a newer version of the file ("keep mine"); raises
        :class:`ArticleError` when the Raw tab's text cannot be applied to it."""
        edit = ArticleEdit(article)
        if self.raw_text is not None and (self.is_modified() or article.raw == self.original.raw):
            edit.set_front_text(self.front_text())
        else:
            edit.diff = self.diff.rebase(article)
        return edit


# -- the whole file as text (the source editor) ------------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class TextLayout:
    """What a plain-text editor does not keep: the line ending, the BOM, and
    whether the bytes were valid UTF-8 at all."""

    newline: str = "\n"
    bom: bool = False
    valid_utf8: bool = True


def source_text(raw: bytes) -> tuple[str, TextLayout]:
    """The file as an editor shows it (``\\n`` line ends, no BOM) and its layout."""
    text = decode(raw)
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    match = _NEWLINE.search(text)
    try:
        raw.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    layout = TextLayout(match.group(0) if match else "\n", bom, valid)
    return text.replace("\r\n", "\n").replace("\r", "\n"), layout


def source_bytes(text: str, layout: TextLayout | None = None) -> bytes:
    """The bytes to save for an editor's text: the file's line ending and BOM
    back, UTF-8 with ``surrogateescape`` (undecodable bytes kept)."""
    layout = layout or TextLayout()
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if layout.newline != "\n":
        text = text.replace("\n", layout.newline)
    if layout.bom:
        text = "\ufeff" + text
    return text.encode("utf-8", "surrogateescape")


def preview_image_path(
    url: str,
    article_path: str | os.PathLike | None,
    library_root: str | os.PathLike | None,
    cache_dir: str | os.PathLike | None,
) -> Path | None:
    """A local picture for an image URL of the front matter, never fetched:
    the offline copy of a web address, or a file next to the article (or under
    the library root, where Hexo's ``/images/…`` live).  Local files load only
    inside the boundary of :mod:`reader.core.boundary`, as in the reader."""
    from .boundary import local_boundary, within
    from .imagecache import cached_image, normalize_remote_url

    url = (url or "").strip()
    if not url:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) and not url.lower().startswith("file:"):
        normal = normalize_remote_url(url)
        if normal is None or cache_dir is None:
            return None
        return cached_image(normal, cache_dir)
    if url.lower().startswith("file:"):
        from urllib.parse import unquote, urlparse

        boundary = local_boundary(article_path, library_root)
        candidate = Path(unquote(urlparse(url).path))
        return candidate if within(candidate, boundary) and candidate.is_file() else None
    boundary = local_boundary(article_path, library_root)
    rel = url.split("?", 1)[0].split("#", 1)[0]
    bases: list[Path] = []
    if article_path is not None and not rel.startswith("/"):
        bases.append(Path(article_path).parent)
    if library_root is not None:
        root = Path(library_root)
        bases += [root, root / "source"]
    for base in bases:
        candidate = base / rel.lstrip("/")
        try:
            if within(candidate, boundary) and candidate.is_file():
                return candidate
        except OSError:
            continue
    return None
