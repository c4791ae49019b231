"""Field kinds and the text of values in the form's editors.  No Qt here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reader.core.article.codec import YAMLValueError, boolean_over_text, parse_typed_value
from reader.core.article.dates import OVERPRECISE_TIME, DateStyle, parse_date
from reader.core.article.model import Article
from reader.core.article.patch import dump_value
from reader.core.article.split import file_lines
from reader.core.article.taxonomy import categories_from, tags_from

__all__ = [
    "FieldKind",
    "ValueError_",
    "categories_value",
    "category_paths",
    "empty_entry",
    "field_kind",
    "is_plain_boolean",
    "parse_date_text",
    "parse_value_text",
    "scalar_spelling",
    "tag_list",
    "tags_value",
    "typed_tags",
    "value_text",
    "written_style",
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

#: What Python (and YAML) take for the end of a line: text holding any of
#: them is not one line, and gets no one-line editor (whose line breaks
#: typed or pasted become spaces: one loaded would be changed by any edit).
LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def field_kind(key: str, value: Any) -> str:
    """Which editor a key gets, from its name and its current value.  A
    known key whose value is not of the shape its editor shows whole (a
    title that is a number or a mapping, tags that repeat or hold numbers,
    categories of numbers) gets the YAML editor: the special editor showed
    it as text and saved it as text, or rebuilt the whole list from its
    own reading of it (``tags: [a, a, 1]`` saved as ``['a', '1', …]``)."""
    if key == "title" and _one_line_text(value):
        return FieldKind.TITLE
    if key in ("date", "updated") and (value is None or isinstance(value, str | date)):
        return FieldKind.DATE
    if key in ("categories", "category") and _names_or_paths(value):
        return FieldKind.CATEGORIES
    if key in ("tags", "tag") and _plain_tags(value):
        return FieldKind.TAGS
    if key in ("title", "date", "updated", "categories", "category", "tags", "tag"):
        return FieldKind.YAML
    if isinstance(value, bool):
        return FieldKind.BOOLEAN
    if key in _URL_KEYS and (value is None or _one_line_text(value)):
        return FieldKind.URL
    if key in _LONG_TEXT_KEYS and (
        value is None or (isinstance(value, str) and not _EDITOR_BREAKS.search(value))
    ):
        return FieldKind.LONG_TEXT
    if _one_line_text(value):
        return FieldKind.TEXT
    return FieldKind.YAML


def _one_line_text(value: Any) -> bool:
    return isinstance(value, str) and LINE_BREAKS.search(value) is None


def _plain_name(value: Any) -> bool:
    """A name a category or tag editor shows and writes back as it is."""
    return _one_line_text(value) and value == value.strip() and value != ""


def _names_or_paths(value: Any) -> bool:
    """``categories`` as the categories editor writes them: none, a name, a
    list of names (one hierarchy), or a list of names and lists of names."""
    if value is None or _plain_name(value):
        return True
    if not isinstance(value, list):
        return False
    return all(
        _plain_name(item)
        or (isinstance(item, list) and item and all(_plain_name(name) for name in item))
        for item in value
    )


def _plain_tags(value: Any) -> bool:
    """``tags`` as the tags editor writes them: none, a name, or a list of
    different names."""
    if value is None or _plain_name(value):
        return True
    return (
        isinstance(value, list)
        and all(_plain_name(tag) for tag in value)
        and len(set(value)) == len(value)
    )


_SCALAR_AFTER_KEY = re.compile(r"\s*:[ \t]*([^#\r\n]*?)[ \t]*(?:#.*)?$")


def scalar_spelling(article: Article, key: str) -> str | None:
    """How a top-level key's one-line value is spelled in a YAML front matter
    (``"yes"`` for ``draft: yes``); None when unknown (not YAML, no such key,
    or the value is not on the key's line)."""
    parts = article.parts
    line_no = article.key_lines.get(key)
    if parts.format != "yaml" or line_no is None:
        return None
    lines = [line.rstrip("\r\n") for line in file_lines(parts.front)]
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


def written_style(article: Article, key: str) -> DateStyle | None:
    """How ``key``'s date is spelled in the file (None: it is no date).  A
    YAML timestamp (``date: 2023-05-02T14:10:00Z``) is read as a date
    object, which keeps no spelling: its own text is read from its line."""
    value = article.metadata.get(key)
    if isinstance(value, date):  # (datetime too)
        text = scalar_spelling(article, key)
        if text is None:  # a TOML date (Hugo's), as much a value without a spelling
            text = _toml_value_text(article, key)
        written = parse_date(text) if text is not None else None
        if written is not None and written.value == value:
            return written.style
    parsed = parse_date(value)
    return parsed.style if parsed is not None else None


def _toml_value_text(article: Article, key: str) -> str | None:
    """The text of a top-level key's one-line value in a TOML front matter
    (``2023-05-02T14:10:00+08:00`` for ``date = 2023-05-02T14:10:00+08:00  #
    c``); None when unknown.  (A TOML date's spelling was its value's
    default, ``2001-02-03 04:05:06+00:00`` for every one with an offset: a
    site whose every date reads ``…T…+08:00`` was said to spell them so,
    and ``fix`` rewrote a YAML date written ``…T…+08:00`` with a blank.)"""
    parts = article.parts
    line_no = article.key_lines.get(key)
    if parts.format != "toml" or line_no is None:
        return None
    lines = file_lines(parts.front)
    index = line_no - parts.front_start_line
    if not 0 <= index < len(lines):
        return None
    spelled = "|".join(re.escape(k) for k in (key, f'"{key}"', f"'{key}'"))
    line = lines[index].rstrip("\r\n")
    match = re.match(rf"[ \t]*(?:{spelled})[ \t]*=[ \t]*([^#]*?)[ \t]*(?:#.*)?$", line)
    return match.group(1) if match and match.group(1) else None


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


def parse_value_text(text: str, held: Any = None) -> tuple[Any, ValueError_ | None]:
    """A YAML value typed into the form: ``(value, None)`` or ``(None, error)``.
    ``held`` is the value the key holds now: ``yes``/``no``/``on``/``off``
    typed over text, a number, a list or a mapping is refused (see
    :func:`boolean_over_text`), as ``set -s`` refuses it."""
    try:  # the codec's loader: bounded like front matter (no recursive aliases)
        value = parse_typed_value(text) if text.strip() else None
    except YAMLValueError as exc:
        return None, ValueError_(exc.message, exc.line, exc.column)
    why = boolean_over_text(text, held) if isinstance(value, bool) else None
    if why is not None:
        return None, ValueError_(why)
    return value, None


def parse_date_text(text: str) -> tuple[datetime | date | None, ValueError_ | None]:
    """A date typed into the form, in any of the spellings the codec reads."""
    parsed = parse_date(text.strip())
    if parsed is None:
        return None, ValueError_(f"not a date: {text.strip()!r}")
    if OVERPRECISE_TIME.search(text):
        # a date and time keeps microseconds: more digits would be cut on saving
        return None, ValueError_(f"more than six digits after the seconds: {text.strip()!r}")
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


def categories_value(paths: Iterable[Iterable[str]], original: Any = None) -> Any:
    """The ``categories`` value for hierarchy ``paths``, shaped like ``original``
    where possible: one one-level path stays a string if it was one, one path is
    a flat list (Hexo's hierarchy), several paths are a list of lists.  Paths
    that read as ``original`` does give ``original`` itself."""
    clean = [[str(name).strip() for name in path if str(name).strip()] for path in paths]
    clean = [path for path in clean if path]
    if [tuple(path) for path in clean] == categories_from(original):
        return original  # nothing changed: not even its spelling
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
    """The ``tags`` value for ``tags``: a string stays a string while there is
    one tag; tags that read as ``original`` does give ``original`` itself (a
    tag added and removed again, or ``tags:`` left empty, is no change)."""
    names: list[str] = []
    for tag in tags:
        tag = str(tag).strip()
        if tag and tag not in names:
            names.append(tag)
    if names == tags_from(original):
        return original
    if isinstance(original, str) and len(names) == 1:
        return names[0]
    return names


def tag_list(value: Any) -> list[str]:
    return tags_from(value)


def _next_comma(text: str, start: int) -> int:
    """Where the next comma (ASCII or full-width) from ``start`` is, or the
    end of ``text``."""
    found = [i for i in (text.find(",", start), text.find("，", start)) if i >= 0]
    return min(found, default=len(text))


def typed_tags(text: str) -> list[str]:
    """The tags typed as ``text``: separated by commas (ASCII or
    full-width), a tag that holds a comma in double quotes (``"R, D", web``:
    two tags).  A quote inside a tag is its own (``5" floppy``), and so are
    the quotes of a tag that goes on after them (``"Hello" song``); an
    unclosed one runs to the end.  Blank tags are left out."""
    tags: list[str] = []
    at, end = 0, len(text)
    while at <= end:
        while at < end and text[at].isspace():
            at += 1
        close = text.find('"', at + 1) if at < end and text[at] == '"' else -1
        after = _next_comma(text, close) if close >= 0 else end
        if at < end and text[at] == '"' and (close < 0 or not text[close + 1 : after].strip()):
            # quoted to its comma (or to the end, unclosed): the quotes go
            rest = after
            tag = text[at + 1 : close if close >= 0 else end]
        else:  # (a quote inside a tag, or one followed by more text, is its own)
            rest = _next_comma(text, at)
            tag = text[at:rest]
        if tag.strip():
            tags.append(tag.strip())
        at = rest + 1
    return tags


def unclosed_tag_quote(text: str) -> bool:
    """Whether a tag typed as ``text`` opens a quote it never closes before a
    comma (``"R, D`` : :func:`typed_tags` would take the rest as one tag,
    commas and all, which the form asks to be closed instead; ``"Weird Al``
    is the tag it reads)."""
    at, end = 0, len(text)
    while at <= end:
        while at < end and text[at].isspace():
            at += 1
        if at < end and text[at] == '"':
            close = text.find('"', at + 1)
            if close < 0:
                return _next_comma(text, at) < end
            after = _next_comma(text, close)
            if not text[close + 1 : after].strip():
                at = after + 1
                continue
        at = _next_comma(text, at) + 1
    return False


_SET_TAG = "tag:yaml.org,2002:set"


def empty_entry(text: str) -> tuple[int, str | None] | None:
    """The first item of a list, or value of a mapping, in ``text`` (YAML
    that parses) written as nothing at all (not ``null``, ``~`` or ``''``):
    its line (1-based) and, for a mapping's value, its key's text (None for a
    list's item); None when there is none.  YAML reads such an entry as
    null: typed into the form on the way to a value (``- `` before ``- b``),
    it would be saved as ``- null`` without a word."""
    import yaml

    from reader.core.article.yamlload import PureSafeLoader

    loader = getattr(yaml, "CSafeLoader", PureSafeLoader)
    # Each open collection: [is a mapping, nodes read in it, the last key's
    # text and line, is a set] (a mapping's nodes are key, value, key,
    # value…; a set's values are nothing by definition: ``!!set {a, b}``).
    levels: list[list[Any]] = []
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                levels.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue  # the stream's and the document's start and end
            level = levels[-1] if levels else None
            line = event.start_mark.line if event.start_mark is not None else 0
            empty = (
                isinstance(event, yaml.ScalarEvent)
                and event.value == ""
                and not event.style
                and event.tag is None
                and event.implicit[0]
            )
            if level is not None:
                is_map, read = level[0], level[1]
                level[1] += 1
                if is_map and read % 2 == 0:  # a key
                    shown = event.value if isinstance(event, yaml.ScalarEvent) else "…"
                    level[2], level[3] = shown, line
                elif empty and not level[4]:
                    return (level[3] + 1, level[2]) if is_map else (line + 1, None)
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                is_map = isinstance(event, yaml.MappingStartEvent)
                levels.append([is_map, 0, "", 0, is_map and event.tag == _SET_TAG])
    except yaml.YAMLError:
        return None
    return None
