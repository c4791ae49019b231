"""Lossless front-matter edits.

``patch_metadata`` changes, adds or removes top-level keys by rewriting only
the text of those keys.  Every other byte of the file stays as it was: the
other keys with their quoting, order, comments and indentation, the body, the
line endings and the BOM.  A new value is written in the style of the value
it replaces (quoted stays quoted, an RFC 2822 date stays RFC 2822, a block
list stays a block list with the same indentation); new keys go at the end.
A list changes item by item: renaming, removing or appending one item
rewrites only that item, so comments on the other items stay (YAML, TOML and
JSON alike).

Every patch is verified by parsing the result again: if the new front matter
does not read back as exactly the intended metadata, nothing is returned and
:class:`ArticleError` is raised instead.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from reader.core.article.codec import parse_front_matter, yaml_version_ambiguity
from reader.core.article.dates import DateStyle, ParsedDate, format_date, parse_date
from reader.core.article.model import Article, ArticleError
from reader.core.article.split import Split, join

__all__ = ["dump_value", "patch_metadata", "same_value"]

_NO_WRAP = 1 << 30
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")
_DEFAULT_DATE_STYLE = DateStyle(kind="iso", separator=" ", seconds=True)


class _Dumper(yaml.SafeDumper):
    """Safe dumper that never emits aliases, and quotes a string that YAML 1.1
    and 1.2 would read differently when plain (``y``, ``n``, ``on``, ``0777``:
    PyYAML itself leaves ``y`` and ``n`` bare), so what we write never draws
    the warning the codec gives such values."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if yaml_version_ambiguity(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def dump_value(value: Any, style: str | None = None, flow: bool | None = None) -> str:
    """YAML text for ``value``: CJK and emoji as themselves, never wrapped."""
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        width=_NO_WRAP,
        default_style=style,
        default_flow_style=flow,
        sort_keys=False,
    )
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    if "\\U" in text and (style == '"' or (isinstance(value, str) and text.startswith('"'))):
        text = _ASTRAL_ESCAPE.sub(_astral, text)
    return text.rstrip("\n") if not isinstance(value, dict | list) or flow else text


# PyYAML escapes every character beyond U+FFFF in double quotes (emoji among
# them), even with allow_unicode; a backslash itself is written "\\".
_ASTRAL_ESCAPE = re.compile(r"\\\\|\\U([0-9A-Fa-f]{8})")


def _astral(match: re.Match) -> str:
    if match.group(1) is None:
        return match.group(0)
    char = chr(int(match.group(1), 16))
    return char if char.isprintable() else match.group(0)


def same_value(old: Any, new: Any) -> bool:
    """Whether writing ``new`` over ``old`` would change nothing a reader sees."""
    if isinstance(new, datetime | date) and not isinstance(old, datetime | date):
        parsed = parse_date(old)
        return parsed is not None and _same_date(parsed.value, new)
    if isinstance(new, datetime | date) and isinstance(old, datetime | date):
        return _same_date(old, new)
    if type(old) is not type(new):
        return False
    if isinstance(new, dict):
        return old.keys() == new.keys() and all(same_value(old[k], new[k]) for k in new)
    if isinstance(new, list):
        return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new)


def _same_date(a: datetime | date, b: datetime | date) -> bool:
    if isinstance(a, datetime) != isinstance(b, datetime):
        return False
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return False
        return a == b and a.utcoffset() == b.utcoffset()
    return a == b


def patch_metadata(
    article: Article,
    changes: Mapping[str, Any] | None = None,
    remove: Iterable[str] = (),
) -> bytes:
    """The article's bytes with ``changes`` set and ``remove`` keys removed.

    Returns ``article.raw`` itself when nothing really changes.  Raises
    :class:`ArticleError` when the article has errors (it is never rewritten)
    or when the edit cannot be made losslessly.
    """
    if article.has_errors:
        first = article.errors[0]
        raise ArticleError(
            f"not saved: the file has an error ({first.message}); fix it first",
            article.display_path,
            first.line,
        )
    if article.parts.unclosed:
        raise ArticleError(
            "not saved: the opening front-matter delimiter is never closed; fix the file first",
            article.display_path,
            1,
        )
    metadata = article.metadata
    sets = {
        str(k): v
        for k, v in (changes or {}).items()
        if str(k) not in metadata or not same_value(metadata[str(k)], v)
    }
    removes = [str(k) for k in remove if str(k) in metadata and str(k) not in sets]
    if not sets and not removes:
        return article.raw

    if article.parts.format is None:
        new_parts = _add_front_matter(article.parts, sets)
        _verify(article, new_parts, sets, removes)
        return join(new_parts)
    # Lists are edited item by item; should such an edit not read back as
    # intended, the whole list is written instead (verified as well).
    itemwise = any(isinstance(v, list) for v in sets.values())
    try:
        return join(_patched_parts(article, sets, removes, itemwise))
    except ArticleError:
        if not itemwise:
            raise
    return join(_patched_parts(article, sets, removes, False))


def _patched_parts(article: Article, sets: dict, removes: list[str], itemwise: bool) -> Split:
    parts = article.parts
    assert parts.format is not None  # a file without front matter takes _add_front_matter
    try:
        new_front = _PATCHERS[parts.format](parts, article.metadata, sets, removes, itemwise)
    except ArticleError as exc:
        if exc.path is None:
            raise ArticleError(exc.message, article.display_path, exc.line) from None
        raise
    new_parts = parts.replace_front(new_front)
    _verify(article, new_parts, sets, removes)
    return new_parts


def _verify(article: Article, new_parts: Split, sets: dict, removes: list[str]) -> None:
    new_meta, problems, _ = parse_front_matter(new_parts)
    errors = [p for p in problems if p.severity == "error"]
    expected = {k: v for k, v in article.metadata.items() if k not in removes}
    expected.update(sets)
    if (
        errors
        or set(new_meta) != set(expected)
        or any(
            not same_value(new_meta.get(k), v) and not same_value(v, new_meta.get(k))
            for k, v in expected.items()
        )
    ):
        detail = errors[0].message if errors else "the result does not read back as the edit"
        raise ArticleError(f"cannot apply this edit losslessly: {detail}", article.display_path)


# ---------------------------------------------------------------------------
# YAML


@dataclass(slots=True)
class _Entry:
    key: str
    key_node: yaml.Node
    value_node: yaml.Node
    start: int  # offset of the key line's start
    end: int  # offset just past the key's last line (trailing blanks/comments excluded)


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def _line_end(text: str, index: int) -> int:
    """Offset just past the line containing ``index`` (newline included)."""
    match = _NEWLINE_RE.search(text, index)
    return match.end() if match else len(text)


def _yaml_entries(front: str) -> tuple[yaml.MappingNode | None, list[_Entry]]:
    node = yaml.compose(front, Loader=yaml.SafeLoader)
    if node is None:
        return None, []
    if not isinstance(node, yaml.MappingNode):
        raise ArticleError("front matter is not a mapping")
    pairs = node.value
    entries: list[_Entry] = []
    for index, (key_node, value_node) in enumerate(pairs):
        start = _line_start(front, key_node.start_mark.index)
        limit = (
            _line_start(front, pairs[index + 1][0].start_mark.index)
            if index + 1 < len(pairs)
            else len(front)
        )
        end = _trim_trailing(front, start, limit, value_node)
        entries.append(_Entry(str(key_node.value), key_node, value_node, start, end))
    return node, entries


def _trim_trailing(text: str, start: int, limit: int, value_node: yaml.Node) -> int:
    """Exclude trailing blank lines and column-0 comments from a key's span,
    unless they are part of a block scalar's content."""
    minimum = _line_end(text, start)
    if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
        minimum = max(minimum, _content_end(text, value_node))
    end = limit
    while end > minimum:
        line_begin = _line_start(
            text, end - 1 if text[end - 1] not in "\r\n" else _eol_start(text, end)
        )
        line = text[line_begin:end].rstrip("\r\n")
        if line.strip() == "" or line.startswith("#"):
            end = line_begin
            continue
        break
    return max(end, minimum)


def _eol_start(text: str, end: int) -> int:
    """Start of the newline sequence that ends at ``end``."""
    if text[end - 1] == "\n" and end >= 2 and text[end - 2] == "\r":
        return end - 2
    return end - 1


def _content_end(text: str, node: yaml.Node) -> int:
    """For block scalars: the end of the last non-blank content line."""
    end = node.end_mark.index
    segment = text[node.start_mark.index : end]
    stripped = segment.rstrip(" \t\r\n")
    return _line_end(text, node.start_mark.index + len(stripped)) if stripped else end


def _block_seq_indent(front: str, node: yaml.SequenceNode) -> tuple[str, str]:
    """(indent before "-", spacing after "-") of a block sequence's first item."""
    if not node.value:
        return "  ", " "
    item = node.value[0]
    line_begin = _line_start(front, item.start_mark.index)
    line = front[line_begin : item.start_mark.index]
    match = re.match(r"^([ \t]*)-([ \t]+)", line)
    if match:
        return match.group(1), match.group(2)
    return "  ", " "


def _default_seq_indent(front: str, entries: list[_Entry]) -> tuple[str, str]:
    for entry in entries:
        node = entry.value_node
        if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
            return _block_seq_indent(front, node)
    return "", " "


def _scalar_style(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return node.style if node.style in ("'", '"') else None
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            style = _scalar_style(child)
            if style is not None or isinstance(child, yaml.ScalarNode):
                return style
    return None


def _emit_scalar(value: Any, style: str | None, old_text: str | None = None) -> str:
    """A one-line scalar in ``style`` (None, "'" or '"')."""
    if isinstance(value, bool) and old_text is not None and style is None:
        # Keep the file's vocabulary: yes/no and on/off stay what they were.
        pairs = {
            "yes": ("yes", "no"),
            "no": ("yes", "no"),
            "y": ("y", "n"),
            "n": ("y", "n"),
            "on": ("on", "off"),
            "off": ("on", "off"),
        }
        true_word, false_word = pairs.get(old_text.lower(), ("true", "false"))
        word = true_word if value else false_word
        if old_text.isupper():
            return word.upper()
        if old_text[:1].isupper():
            return word.capitalize()
        return word
    if value is None:
        return "" if old_text == "" else "null"
    if isinstance(value, str) and (_BREAKS.search(value) or not value.isprintable()):
        style = '"'  # escapes keep line breaks and control characters on one line
    if isinstance(value, str) and style is None:
        text = dump_value(value)
        return text if "\n" not in text else dump_value(value, '"')
    if isinstance(value, str):
        text = dump_value(value, style)
        return text if "\n" not in text else dump_value(value, '"')
    return dump_value(value, None, flow=True)


def _date_text(new: datetime | date, old_value: Any) -> str:
    parsed: ParsedDate | None = parse_date(old_value) if old_value is not None else None
    style = parsed.style if parsed is not None else _DEFAULT_DATE_STYLE
    if parsed is None and isinstance(new, datetime) and new.tzinfo is not None:
        style = DateStyle(kind="iso", separator=" ", seconds=True, offset="+00:00")
    if parsed is None and not isinstance(new, datetime):
        style = DateStyle(kind="iso", has_time=False)
    # The old value had no time: keep it that way unless a time was given.
    if (
        parsed is not None
        and not isinstance(parsed.value, datetime)
        and isinstance(new, datetime)
        and (new.time() != datetime.min.time() or new.tzinfo is not None)
    ):
        style = DateStyle(
            kind=style.kind if style.kind != "cjk" else "iso",
            separator=" ",
            offset="+00:00" if new.tzinfo is not None else "",
        )
    if (
        parsed is not None
        and isinstance(new, datetime)
        and new.tzinfo is not None
        and not style.offset
        and style.kind in ("iso", "slash", "monthname", "cjk")
    ):
        style = DateStyle(
            kind="iso",
            separator=style.separator,
            seconds=style.seconds,
            fraction_digits=style.fraction_digits,
            offset="+00:00",
        )
    if parsed is not None and isinstance(new, datetime) and new.tzinfo is None and style.offset:
        style = DateStyle(
            kind="iso" if style.kind == "rfc2822" else style.kind,
            separator=style.separator if style.kind != "rfc2822" else " ",
            seconds=True,
            fraction_digits=style.fraction_digits,
            offset="",
        )
    text = format_date(new, style)
    spelled = parse_date(text)
    if spelled is None or not _same_date(spelled.value, new):
        # The old spelling cannot hold this value (a time, an offset or a
        # fraction it never had): write it in full ISO 8601 instead.
        text = _iso_text(new)
    return text


def _iso_text(value: datetime | date) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    text = value.isoformat(sep=" ", timespec="microseconds" if value.microsecond else "seconds")
    return text


def _flow_list(values: list, style: str | None, spacing: str = ", ") -> str:
    items = []
    for item in values:
        if isinstance(item, list):
            items.append(_flow_list(item, style, spacing))
        elif isinstance(item, dict):
            items.append(dump_value(item, None, flow=True))
        else:
            items.append(_flow_scalar(item, style))
    return "[" + spacing.join(items) + "]"


def _flow_scalar(value: Any, style: str | None, old_text: str | None = None) -> str:
    """A scalar inside ``[…]``, where plain text may not hold flow indicators."""
    text = _emit_scalar(value, style, old_text)
    if isinstance(value, str) and style is None and re.search(r"[,\[\]{}#&*!|>%@`]", value):
        text = _emit_scalar(value, '"' if "'" in value else "'")
    return text


def _block_list(values: list, indent: str, gap: str, style: str | None, nl: str) -> str:
    lines = []
    for item in values:
        if isinstance(item, list):
            text = _flow_list(item, style)
        elif isinstance(item, dict):
            text = dump_value(item, None, flow=True)
        else:
            text = _emit_scalar(item, style)
        lines.append(f"{indent}-{gap}{text}{nl}")
    return "".join(lines)


def _block_mapping(value: dict, indent: str, nl: str) -> str:
    text = dump_value(value, None, flow=False)
    return "".join(f"{indent}{line}{nl}" for line in text.splitlines())


def _block_scalar(value: str, header: str, indent: str, nl: str) -> tuple[str, str]:
    """(header text, content lines) of a literal/folded block scalar."""
    indicator = header[0]
    if value.endswith("\n\n"):
        chomp = "+"
    elif value.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    content = value[:-1] if value.endswith("\n") and chomp != "+" else value
    if chomp == "+":
        content = value[:-1]
    lines = content.split("\n")
    body = "".join((f"{indent}{line}" if line else "") + nl for line in lines)
    return indicator + chomp, body


def _new_key_text(key: str) -> str:
    text = dump_value(key)
    return text


def _patch_yaml(
    parts: Split, metadata: dict, sets: dict, removes: list[str], itemwise: bool = True
) -> str:
    front = parts.front
    nl = parts.newline
    try:
        node, entries = _yaml_entries(front)
    except yaml.YAMLError as exc:
        raise ArticleError(f"invalid YAML: {exc}") from None
    if node is not None and node.flow_style:
        raise ArticleError("a flow-style ({…}) front matter mapping cannot be edited in place")
    seq_indent = _default_seq_indent(front, entries)

    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    by_key: dict[str, _Entry] = {}
    for each in entries:
        by_key.setdefault(each.key, each)

    for key in removes:
        entry = by_key.get(key)
        if entry is not None:
            edits.append((entry.start, entry.end, ""))

    appended: list[str] = []
    for key, value in sets.items():
        entry = by_key.get(key)
        if entry is None:
            appended.append(_fresh_entry(_new_key_text(key), value, seq_indent, nl))
            continue
        edits.extend(
            _replace_entry(front, entry, metadata.get(key), value, seq_indent, nl, itemwise)
        )

    # Back to front; at one offset a deletion goes before an insertion there.
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    for start, end, replacement in edits:
        front = front[:start] + replacement + front[end:]
    if appended:
        if front and not front.endswith(("\n", "\r")):
            front += nl
        front += "".join(appended)
    return front


def _fresh_value_text(
    value: Any, old_value: Any, seq_indent: tuple[str, str], nl: str
) -> tuple[str, str]:
    """(text after "key:", following lines) for a value with no style to follow."""
    if isinstance(value, datetime | date):
        return " " + _date_text(value, old_value), ""
    if isinstance(value, list):
        if not value:
            return " []", ""
        indent, gap = seq_indent
        return "", nl + _block_list(value, indent, gap, None, nl).rstrip("\r\n")
    if isinstance(value, dict):
        if not value:
            return " {}", ""
        return "", nl + _block_mapping(value, "  ", nl).rstrip("\r\n")
    text = _emit_scalar(value, None)
    return (" " + text if text else ""), ""


def _fresh_entry(key_text: str, value: Any, seq_indent: tuple[str, str], nl: str) -> str:
    inline, following = _fresh_value_text(value, None, seq_indent, nl)
    return f"{key_text}:{inline}{following}{nl}"


def _replace_entry(
    front: str,
    entry: _Entry,
    old_value: Any,
    value: Any,
    seq_indent: tuple[str, str],
    nl: str,
    itemwise: bool = True,
) -> list[tuple[int, int, str]]:
    """The edits that write ``value`` over the entry's value: a list over a
    list item by item where it can (see _splice), else the whole value."""
    node = entry.value_node
    if (
        itemwise
        and isinstance(node, yaml.SequenceNode)
        and isinstance(value, list)
        and (value or node.flow_style)
    ):
        seq = _yaml_seq(front, node, yaml.SafeLoader(""))
        edits = _splice(front, seq, value, nl) if seq is not None else None
        if edits is not None:
            return edits
    return [_replace_whole(front, entry, old_value, value, seq_indent, nl)]


def _replace_whole(
    front: str, entry: _Entry, old_value: Any, value: Any, seq_indent: tuple[str, str], nl: str
) -> tuple[int, int, str]:
    node = entry.value_node
    key_line_end = _line_end(front, entry.key_node.start_mark.index)
    value_start = node.start_mark.index
    value_end = node.end_mark.index
    single_line = (
        value_start < key_line_end
        and value_end <= key_line_end
        and not (isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"))
        and not (isinstance(node, yaml.ScalarNode) and node.value == "" and node.style is None)
    )
    old_style = _scalar_style(node)

    # Dates keep their spelling and quoting.  The scalar's own text says how
    # it was spelled, even when YAML read it as a timestamp.
    if isinstance(value, datetime | date):
        spelled = node.value if isinstance(node, yaml.ScalarNode) and node.value else old_value
        text = _date_text(value, spelled)
        if old_style is not None:
            text = _emit_scalar(text, old_style)
        if single_line and isinstance(node, yaml.ScalarNode):
            return value_start, value_end, text
        return entry.start, entry.end, _key_prefix(front, entry) + " " + text + nl

    # Scalars written over one-line scalars: only the value text changes.
    if single_line and isinstance(node, yaml.ScalarNode) and not isinstance(value, list | dict):
        old_text = front[value_start:value_end] if node.style is None else None
        return value_start, value_end, _emit_scalar(value, old_style, old_text)

    # Lists over flow lists stay flow lists (on one line).
    if isinstance(node, yaml.SequenceNode) and node.flow_style and isinstance(value, list):
        old = front[value_start:value_end]
        spacing = ", " if ", " in old or len(node.value) < 2 else ","
        return value_start, value_end, _flow_list(value, old_style, spacing)

    # Lists over block lists: keep the key line, rewrite the items.
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and isinstance(value, list):
        indent, gap = _block_seq_indent(front, node) if node.value else seq_indent
        if not value:
            head = front[entry.start : key_line_end].rstrip("\r\n")
            return entry.start, entry.end, head.rstrip() + " []" + nl
        return key_line_end, entry.end, _block_list(value, indent, gap, old_style, nl)

    # Multi-line strings over block scalars keep the block style.
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") and isinstance(value, str):
        header_start = value_start
        indent = _block_indent(front, node) or "  "
        indicator = front[header_start] if front[header_start] in "|>" else "|"
        header, content = _block_scalar(value, indicator, indent, nl)
        head = front[entry.start : header_start] + header + nl
        return entry.start, entry.end, head + content

    # Mappings written on one line ({a: 1}) stay on one line.
    if single_line and isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        return value_start, value_end, dump_value(value, None, flow=True)

    # Mappings over block mappings keep the indentation.
    if isinstance(value, dict) and isinstance(node, yaml.MappingNode) and not node.flow_style:
        indent = _block_indent(front, node) or "  "
        return key_line_end, entry.end, _block_mapping(value, indent, nl)

    inline, following = _fresh_value_text(value, old_value, seq_indent, nl)
    return entry.start, entry.end, _key_prefix(front, entry) + inline + following + nl


def _key_prefix(front: str, entry: _Entry) -> str:
    """The key as written, with its colon: ``title:``, ``'title':``."""
    key_end = entry.key_node.end_mark.index
    colon = front.find(":", key_end)
    return front[entry.start : colon + 1]


def _block_indent(front: str, node: yaml.Node) -> str:
    """Indentation of the first content line below a block node's key line."""
    start = _line_end(front, node.start_mark.index)
    if isinstance(node, yaml.MappingNode) and node.value:
        start = _line_start(front, node.value[0][0].start_mark.index)
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", front[start : node.end_mark.index + 1]):
        line = match.group(0).rstrip("\r\n")
        if line.strip():
            return line[: len(line) - len(line.lstrip(" "))]
        if not match.group(0):
            break
    return ""


# ---------------------------------------------------------------------------
# Lists, item by item
#
# A list that changes item-wise (a tag renamed, one removed, one added at the
# end) is edited in place: only the changed item's text is rewritten, a removed
# item loses its own line (block style) or its element and one comma (flow
# style), and new items go next to their neighbours in their style.  Comments,
# quoting and spacing of every other item stay as they were.  The same engine
# serves YAML block and flow sequences and JSON arrays; TOML arrays are edited
# item-wise through tomlkit (see _toml_splice).


@dataclass(slots=True)
class _Element:
    start: int  # offsets of the element's text in the front matter
    end: int
    value: Any
    node: yaml.Node | None = None  # YAML only: style, nesting
    nested: _Seq | None = None  # the element is itself a list that can be spliced
    fixed: bool = False  # an anchor or tag is on it: it stays exactly as it is


@dataclass(slots=True)
class _Seq:
    block: bool  # a YAML block sequence ("- a" lines); else flow/JSON "[a, b]"
    open_end: int  # flow: just after "["
    elements: list[_Element]
    comment: str | None  # the comment leader ("#" in YAML, None in JSON)
    emit: Callable[[Any, _Element | None, bool], str | None]  # (value, like, for a change)


def _freeze(value: Any) -> Any:
    """A hashable stand-in for ``value`` that tells ``1`` from ``True`` and ``"1"``."""
    if isinstance(value, list):
        return ("list", tuple(_freeze(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((str(k), _freeze(v)) for k, v in value.items()))
    try:
        hash(value)
    except TypeError:
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


def _align(old: list, new: list) -> list[tuple]:
    """Item operations turning ``old`` into ``new``: ("change", i, value),
    ("delete", i) and ("insert", after_i, [values]) (after_i -1: before all)."""
    matcher = difflib.SequenceMatcher(
        None, [_freeze(v) for v in old], [_freeze(v) for v in new], autojunk=False
    )
    ops: list[tuple] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        ops.extend(("change", i1 + t, new[j1 + t]) for t in range(paired))
        ops.extend(("delete", i) for i in range(i1 + paired, i2))
        if j1 + paired < j2:
            ops.append(("insert", i1 + paired - 1, new[j1 + paired : j2]))
    return ops


def _splice(text: str, seq: _Seq, new: list, nl: str) -> list[tuple[int, int, str]] | None:
    """Edits that turn ``seq`` into ``new`` item by item, or None when that
    cannot be done in place (the caller then rewrites the whole list)."""
    ops = _align([e.value for e in seq.elements], new)
    if any(op[0] != "insert" and seq.elements[op[1]].fixed for op in ops):
        return None
    edits: list[tuple[int, int, str]] = []
    deleted: list[int] = []
    for op in ops:
        if op[0] == "change":
            _, i, value = op
            element = seq.elements[i]
            if element.nested is not None and isinstance(value, list):
                inner = _splice(text, element.nested, value, nl)
                if inner is None:
                    return None
                edits.extend(inner)
                continue
            replacement = seq.emit(value, element, True)
            if replacement is None:
                return None
            edits.append((element.start, element.end, replacement))
        elif op[0] == "delete":
            deleted.append(op[1])
        else:
            _, after, values = op
            insertion = _insertion(text, seq, after, values, nl)
            if insertion is None:
                return None
            edits.extend(insertion)
    for first, last in _runs(deleted):
        deletion = _deletion(text, seq, first, last)
        if deletion is None:
            return None
        edits.extend(deletion)
    return edits


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs (first, last) of sorted ``indexes``."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indexes):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


_DASH = re.compile(r"[ \t]*-[ \t]+")
_SPACES = re.compile(r"[ \t]*")
_COMMA = re.compile(r"[ \t]*,([ \t]*)")


def _rest_of_line(text: str, index: int) -> str:
    """The text from ``index`` to the end of its line (newline excluded)."""
    match = _NEWLINE_RE.search(text, index)
    return text[index : match.start() if match else len(text)]


def _only_comment(rest: str, comment: str | None) -> bool:
    """Whether ``rest`` is blank or (where the format has comments) a comment."""
    stripped = rest.strip(" \t")
    return not stripped or (comment is not None and stripped.startswith(comment))


def _alone(text: str, seq: _Seq, element: _Element) -> tuple[bool, bool]:
    """(whether the element fills its line(s) alone, whether a comma follows it).

    A block item is alone after "- "; a flow element when only blanks come
    before it on its line and at most its comma after it.  A trailing comment
    belongs to the element."""
    begin = _line_start(text, element.start)
    prefix = _DASH if seq.block else _SPACES
    if not prefix.fullmatch(text, begin, element.start):
        return False, False
    rest = _rest_of_line(text, element.end).lstrip(" \t")
    comma = not seq.block and rest.startswith(",")
    return _only_comment(rest[1:] if comma else rest, seq.comment), comma


def _comma_after(text: str, index: int) -> int | None:
    """Offset of the comma that follows ``index`` past blanks, if any."""
    match = _COMMA.match(text, index)
    return match.start(1) - 1 if match else None


def _deletion(text: str, seq: _Seq, first: int, last: int) -> list[tuple[int, int, str]] | None:
    """Edits removing elements ``first``..``last``: their lines when they stand
    alone, else (flow) the elements and one comma."""
    elements = seq.elements
    run = elements[first : last + 1]
    placement = [_alone(text, seq, e) for e in run]
    if all(alone for alone, _ in placement):
        lines = (_line_start(text, run[0].start), _line_end(text, run[-1].end), "")
        if seq.block or placement[-1][1] or last + 1 < len(elements) or first == 0:
            return [lines]
        # The list's last elements, without a trailing comma: the element now
        # last loses its comma, and keeps its comment.
        comma = _comma_after(text, elements[first - 1].end)
        return [lines] if comma is None else [lines, (comma, comma + 1, "")]
    if seq.block:
        return None
    if last + 1 < len(elements):  # "b, " up to the next element
        return [(run[0].start, elements[last + 1].start, "")]
    if first > 0:  # the last elements: ", b" from the previous one's end
        return [(elements[first - 1].end, run[-1].end, "")]
    return [(run[0].start, run[-1].end, "")]  # all of them: "[]"


def _separator(text: str, seq: _Seq) -> str:
    """The comma and spacing the flow list uses between elements on one line."""
    for element in seq.elements[:-1]:
        match = _COMMA.match(text, element.end)
        if match and _rest_of_line(text, match.end()):
            return "," + (" " if match.group(1) else "")
    return ", "


def _insertion(
    text: str, seq: _Seq, after: int, values: list, nl: str
) -> list[tuple[int, int, str]] | None:
    """Edits adding ``values`` after element ``after`` (-1: before the first),
    in the layout and quoting of that neighbour."""
    elements = seq.elements
    like = elements[after] if after >= 0 else (elements[0] if elements else None)
    emitted = [seq.emit(value, like, False) for value in values]
    texts = [text for text in emitted if text is not None]
    if len(texts) < len(emitted):
        return None
    if like is None:  # "[]"
        return [(seq.open_end, seq.open_end, ", ".join(texts))]
    begin = _line_start(text, like.start)
    alone, comma = _alone(text, seq, like)
    if seq.block:
        if not alone:
            return None
        lead = text[begin : like.start]  # indentation, "-" and the gap
        lines = "".join(f"{lead}{e}{nl}" for e in texts)
        if after < 0:
            return [(begin, begin, lines)]
        at = _line_end(text, like.end)
        if at == len(text) and not text.endswith(("\n", "\r")):
            lines = nl + lines.removesuffix(nl)
        return [(at, at, lines)]
    if alone:  # one element a line: new lines beside it
        indent = text[begin : like.start]
        if after < 0 or comma:
            lines = "".join(f"{indent}{e},{nl}" for e in texts)
            at = begin if after < 0 else _line_end(text, like.end)
            return [(at, at, lines)]
        # After the last element, which has no comma: it gets one, the new
        # elements follow on lines of their own, the last again without.
        lines = "".join(f"{indent}{e}," + nl for e in texts[:-1]) + f"{indent}{texts[-1]}{nl}"
        at = _line_end(text, like.end)
        if at == len(text) and not text.endswith(("\n", "\r")):
            lines = nl + lines.removesuffix(nl)
        return [(like.end, like.end, ","), (at, at, lines)]
    separator = _separator(text, seq)
    if after < 0:
        return [(like.start, like.start, "".join(f"{e}{separator}" for e in texts))]
    return [(like.end, like.end, "".join(f"{separator}{e}" for e in texts))]


def _yaml_seq(front: str, node: yaml.SequenceNode, loader: yaml.SafeLoader) -> _Seq | None:
    """The sequence's elements with their offsets and values, or None when it
    cannot be edited item-wise (an alias or an empty item among them)."""
    if not node.flow_style and not node.value:
        return None
    if node.flow_style and front[node.start_mark.index : node.start_mark.index + 1] != "[":
        return None
    values = loader.construct_object(node, deep=True)
    elements: list[_Element] = []
    last = node.start_mark.index
    for child, value in zip(node.value, values, strict=True):
        start, end = child.start_mark.index, child.end_mark.index
        if start < last or end > node.end_mark.index or start == end or front[start] == "*":
            return None  # an alias (its marks are the anchor's), or an empty item
        nested = _yaml_seq(front, child, loader) if isinstance(child, yaml.SequenceNode) else None
        fixed = front[start] in "&!"
        elements.append(_Element(start, end, value, child, None if fixed else nested, fixed))
        last = end
    block = not node.flow_style

    def emit(value: Any, like: _Element | None, change: bool) -> str | None:
        like_node = like.node if like is not None else None
        if change and not _inline_node(like_node):
            return None  # a block collection or block scalar: not one span of text
        style = _scalar_style(like_node) if like_node is not None else None
        old_text = None
        if (
            change
            and like is not None
            and isinstance(like_node, yaml.ScalarNode)
            and like_node.style is None
        ):
            old_text = front[like.start : like.end]
        if isinstance(value, list):
            return _flow_list(value, style)
        if isinstance(value, dict):
            return dump_value(value, None, flow=True)
        text = (
            _emit_scalar(value, style, old_text) if block else _flow_scalar(value, style, old_text)
        )
        return None if "\n" in text or "\r" in text else text

    return _Seq(block, node.start_mark.index + 1, elements, "#", emit)


def _inline_node(node: yaml.Node | None) -> bool:
    """Whether the node's text is one span a one-line value can replace."""
    if isinstance(node, yaml.ScalarNode):
        return node.style not in ("|", ">")
    return isinstance(node, yaml.CollectionNode) and bool(node.flow_style)


# ---------------------------------------------------------------------------
# TOML


def _patch_toml(
    parts: Split, metadata: dict, sets: dict, removes: list[str], itemwise: bool = True
) -> str:
    import tomlkit
    from tomlkit.items import Array

    try:
        document = tomlkit.parse(parts.front)
    except tomlkit.exceptions.ParseError as exc:
        raise ArticleError(f"invalid TOML: {exc}") from None
    values = {}
    for key, value in sets.items():
        old = metadata.get(key)
        if isinstance(value, datetime | date) and isinstance(old, str):
            value = _date_text(value, old)
        values[key] = _toml_value(value)
    # Keys that are there already change in place (tomlkit keeps the rest as it was).
    changed = {k: v for k, v in values.items() if k in metadata}
    for key, value in changed.items():
        old = document.get(key)
        if itemwise and isinstance(old, Array) and _toml_splice(old, metadata[key], value):
            continue
        document[key] = value
    text = tomlkit.dumps(document) if changed else parts.front
    # New and removed top-level keys are whole lines of their own, so that adding
    # a key and removing it again gives back the same bytes.
    text, leftover_removes = _toml_remove_lines(text, removes)
    added = {k: v for k, v in values.items() if k not in metadata}
    text, leftover_adds = _toml_add_lines(text, added, parts.newline)
    if leftover_removes or leftover_adds:
        document = tomlkit.parse(text.replace("\r\n", "\n"))
        for key in leftover_removes:
            del document[key]
        for key, value in leftover_adds.items():
            document[key] = value
        text = tomlkit.dumps(document)
    if parts.newline != "\n":
        text = re.sub(r"(?<!\r)\n", parts.newline, text)
    return text


_TOML_HEADER = re.compile(r"^\[", re.MULTILINE)


def _toml_top_end(text: str) -> int:
    """Offset of the first table header at the start of a line (or the end)."""
    match = _TOML_HEADER.search(text)
    return match.start() if match else len(text)


def _toml_remove_lines(text: str, keys: list[str]) -> tuple[str, list[str]]:
    import tomlkit

    leftover = []
    for key in keys:
        top = text[: _toml_top_end(text)]
        spelled = re.escape(tomlkit.key(key).as_string())
        match = re.search(rf"^{spelled}[ \t]*=[^\r\n]*(?:\r\n|\r|\n|$)", top, re.MULTILINE)
        if match is None:
            leftover.append(key)
            continue
        try:
            tomllib.loads(match.group(0))  # the whole value is on this line
        except tomllib.TOMLDecodeError:
            leftover.append(key)
            continue
        text = text[: match.start()] + text[match.end() :]
    return text, leftover


def _toml_add_lines(text: str, values: dict, nl: str) -> tuple[str, dict]:
    import tomlkit

    lines = "".join(
        f"{tomlkit.key(k).as_string()} = {tomlkit.item(v).as_string()}{nl}"
        for k, v in values.items()
    )
    if not lines:
        return text, {}
    end = _toml_top_end(text)
    if end < len(text):
        # Before the first table, after the last top-level line (not after the
        # blank lines and comments that introduce the table).
        before = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)", text[:end])  # whole lines
        while before and (not before[-1].strip() or before[-1].lstrip().startswith("#")):
            end -= len(before.pop())
    elif text and not text.endswith(("\n", "\r")):
        lines = nl + lines
    return text[:end] + lines + text[end:], {}


def _toml_splice(array: Any, old: Any, new: Any) -> bool:
    """Edit a tomlkit array in place item by item (tomlkit keeps the other
    items' text, comments and layout); False when ``old`` does not match it."""
    from tomlkit.items import Array

    if not isinstance(old, list) or not isinstance(new, list) or len(old) != len(array):
        return False
    # Back to front, so that the indexes of the operations still to come hold.
    ops = sorted(_align(old, new), key=lambda op: op[1] + (0.5 if op[0] == "insert" else 0))
    for op in reversed(ops):
        if op[0] == "change":
            _, i, value = op
            current = array[i]
            if isinstance(current, Array) and _toml_splice(current, old[i], value):
                continue
            array[i] = _toml_like(value, current)
        elif op[0] == "delete":
            del array[op[1]]
        else:
            _, after, values = op
            like = array[max(after, 0)] if len(array) else None
            for offset, value in enumerate(values):
                array.insert(after + 1 + offset, _toml_like(value, like))
    return True


def _toml_like(value: Any, like: Any) -> Any:
    """``value`` for TOML, a string quoted like ``like`` ('literal' or "basic")."""
    import tomlkit
    from tomlkit.items import String

    if (
        isinstance(value, str)
        and isinstance(like, String)
        and like.as_string().startswith("'")
        and not like.as_string().startswith("'''")
        and "'" not in value
        and value.isprintable()
    ):
        return tomlkit.string(value, literal=True)
    return _toml_value(value)


def _toml_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_toml_value(v) for v in value]
    if isinstance(value, dict):
        import tomlkit

        table = tomlkit.inline_table()  # one line, like every other new value
        table.update({str(k): _toml_value(v) for k, v in value.items()})
        return table
    if value is None:
        raise ArticleError("TOML has no null value; remove the key instead")
    return value


# ---------------------------------------------------------------------------
# JSON


@dataclass(slots=True)
class _Member:
    key: str
    key_start: int
    value_start: int
    value_end: int


_WS = re.compile(r"[ \t\r\n]*")
_LINE_TAIL = re.compile(r"[ \t]*(?:\r\n|\r|\n)?")


def _match_end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern`` (one that matches the empty string) stops matching at ``pos``."""
    match = pattern.match(text, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _json_members(text: str) -> tuple[list[_Member], int, int]:
    """Members of the top-level object with offsets, plus the offsets just
    after ``{`` and of ``}`` (both 0/len for Hexo's brace-less objects)."""
    decoder = json.JSONDecoder()
    pos = _match_end(_WS, text, 0)
    braces = text.startswith("{", pos)
    if braces:
        pos += 1
    open_end = pos
    members: list[_Member] = []
    while True:
        pos = _match_end(_WS, text, pos)
        if pos >= len(text) or text[pos] == "}":
            break
        key_start = pos
        key, pos = decoder.raw_decode(text, pos)
        pos = _match_end(_WS, text, pos)
        if not text.startswith(":", pos):
            raise ArticleError("invalid JSON front matter")
        pos = _match_end(_WS, text, pos + 1)
        value_start = pos
        _, pos = decoder.raw_decode(text, pos)
        members.append(_Member(str(key), key_start, value_start, pos))
        pos = _match_end(_WS, text, pos)
        if text.startswith(",", pos):
            pos += 1
    close = pos if braces else len(text.rstrip(" \t\r\n"))
    return members, open_end, close


def _json_text(value: Any, old: Any) -> str:
    if isinstance(value, datetime | date):
        value = _date_text(value, old)
    return json.dumps(_jsonable(value), ensure_ascii=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _json_seq(text: str, start: int) -> _Seq:
    """The elements of the JSON array whose ``[`` is at ``start``."""
    decoder = json.JSONDecoder()
    elements: list[_Element] = []
    pos = start + 1
    while True:
        pos = _match_end(_WS, text, pos)
        if pos >= len(text) or text[pos] == "]":
            break
        value, end = decoder.raw_decode(text, pos)
        nested = _json_seq(text, pos) if text[pos] == "[" else None
        elements.append(_Element(pos, end, value, None, nested))
        pos = _match_end(_WS, text, end)
        if text.startswith(",", pos):
            pos += 1
    return _Seq(False, start + 1, elements, None, _json_emit)


def _json_emit(value: Any, _like: _Element | None, _change: bool) -> str:
    return json.dumps(_jsonable(value), ensure_ascii=False)


def _patch_json(
    parts: Split, metadata: dict, sets: dict, removes: list[str], itemwise: bool = True
) -> str:
    text = parts.front
    members, open_end, _ = _json_members(text)
    index = {m.key: i for i, m in enumerate(members)}
    edits: list[tuple[int, int, str]] = []
    for key, value in sets.items():
        if key in index:
            member = members[index[key]]
            if itemwise and isinstance(value, list) and text[member.value_start] == "[":
                items = _splice(text, _json_seq(text, member.value_start), value, parts.newline)
                if items is not None:
                    edits.extend(items)
                    continue
            edits.append(
                (member.value_start, member.value_end, _json_text(value, metadata.get(key)))
            )
    for key in removes:
        i = index[key]
        member = members[i]
        if i > 0:
            edits.append((members[i - 1].value_end, member.value_end, ""))
        elif i + 1 < len(members):
            edits.append((member.key_start, members[i + 1].key_start, ""))
        else:  # the only member: back to an empty object, as adding one left it
            tail = _match_end(_LINE_TAIL, text[member.value_end :], 0)
            edits.append((open_end, member.value_end + tail, ""))
    new_members = [(k, v) for k, v in sets.items() if k not in index]
    if new_members:
        nl = parts.newline
        if members:
            last = members[-1]
            line_begin = _line_start(text, last.key_start)
            indent = text[line_begin : last.key_start]
            indent = indent if not indent.strip() else "  "
            insert_at = last.value_end
            if removes and last.key in removes:
                kept = [m for m in members if m.key not in removes]
                insert_at = kept[-1].value_end if kept else open_end
            addition = "".join(
                f",{nl}{indent}{json.dumps(k, ensure_ascii=False)}: {_json_text(v, None)}"
                for k, v in new_members
            )
            if not [m for m in members if m.key not in removes]:
                addition = addition[1:]
            edits.append((insert_at, insert_at, addition))
        else:
            braces = text[:open_end].rstrip().endswith("{")
            lead, indent = (nl, "  ") if braces else ("", "")
            addition = f",{nl}".join(
                f"{indent}{json.dumps(k, ensure_ascii=False)}: {_json_text(v, None)}"
                for k, v in new_members
            )
            edits.append((open_end, open_end, lead + addition + nl))
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    for start, end, replacement in edits:
        text = text[:start] + replacement + text[end:]
    return text


_PATCHERS = {"yaml": _patch_yaml, "toml": _patch_toml, "json": _patch_json}


def _add_front_matter(parts: Split, sets: dict) -> Split:
    """A file without front matter gets a YAML block at the top."""
    nl = parts.newline
    front = "".join(_fresh_entry(_new_key_text(k), v, ("", " "), nl) for k, v in sets.items())
    return Split(parts.bom, "", "---" + nl, front, "---" + nl, parts.body, "yaml")
