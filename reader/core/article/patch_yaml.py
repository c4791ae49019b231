"""Lossless edits of YAML front matter: only the changed keys' text is rewritten,
in the style of the value it replaces.  No Qt here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from typing import Any

import yaml

from reader.core.article.codec import (
    TAB_IN_SCALAR,
    holds_stand_ins,
    restored,
    unbroken,
    untabbed,
)
from reader.core.article.dates import DateStyle, ParsedDate, format_date, parse_date
from reader.core.article.model import ArticleError
from reader.core.article.patch_lists import _align, _Element, _Moved, _runs, _Seq, _splice
from reader.core.article.patch_values import (
    _BREAKS,
    _DEFAULT_DATE_STYLE,
    _line_end,
    _line_start,
    _same_date,
    dump_value,
    item_key,
    same_value,
)
from reader.core.article.split import Split
from reader.core.article.yamlload import PureSafeLoader
from reader.core.article.yamlload import SafeLoader as CheckedLoader

__all__ = ["top_entries"]


@dataclass(slots=True)
class _Entry:
    key: str
    key_node: yaml.Node
    value_node: yaml.Node
    start: int  # offset of the key line's start
    end: int  # offset just past the key's last line (trailing blanks/comments excluded)


_NULL_TAG = "tag:yaml.org,2002:null"


def _yaml_entries(front: str) -> tuple[yaml.MappingNode | None, list[_Entry]]:
    node = yaml.compose(front, Loader=PureSafeLoader)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG):
        return None, []  # (``~`` or ``null``: no keys, as the reader reads it)
    if not isinstance(node, yaml.MappingNode):
        raise ArticleError("front matter is not a mapping")
    return node, _mapping_entries(front, node, len(front))


def top_entries(front: str) -> tuple[yaml.MappingNode | None, list[_Entry]]:
    """The front matter's mapping node and its top-level entries, by the
    offsets of ``front`` (what the patcher and the date respeller edit).  A
    tab PyYAML refuses where the reader takes a blank is composed as a
    space (every offset stays).  Raises :class:`yaml.YAMLError` or
    :class:`ArticleError` (not a mapping)."""
    try:
        return _yaml_entries(front)
    except yaml.MarkedYAMLError:
        spaced = _tabs_read(front)
        if spaced is None:
            raise
        return _yaml_entries(spaced)


def _tabs_read(text: str) -> str | None:
    """``text`` with each tab PyYAML refuses made what the reader reads it as,
    in a form PyYAML composes, every offset kept (see ``untabbed`` in the
    codec): a space, or in a plain scalar ``TAB_IN_SCALAR``, which
    :func:`_back` makes a tab again (a space made ``a<TAB>b`` "a b", a value
    other than the file's, and the list or mapping holding it was written
    again whole, comments lost)."""
    return untabbed(text, TAB_IN_SCALAR)


def _rest(text: str, index: int) -> str:
    """The text from ``index`` to the end of its line."""
    end = _line_end(text, index)
    return text[index:end].rstrip("\r\n")


def _back(value: Any) -> Any:
    """``value`` read from text made by :func:`unbroken` and :func:`_tabs_read`,
    with the characters the stand-ins stand for."""
    value = restored(value)
    if isinstance(value, str):
        return value.replace(TAB_IN_SCALAR, "\t") if TAB_IN_SCALAR in value else value
    if isinstance(value, dict):
        return {_back(k): _back(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_back(item) for item in value)
    return value


def _mapping_entries(front: str, node: yaml.MappingNode, limit: int) -> list[_Entry]:
    """The entries of the block mapping ``node``, whose text ends by
    ``limit``: each from its key's line to its value's last line."""
    pairs = node.value
    entries: list[_Entry] = []
    for index, (key_node, value_node) in enumerate(pairs):
        start = _line_start(front, key_node.start_mark.index)
        end = (
            _line_start(front, pairs[index + 1][0].start_mark.index)
            if index + 1 < len(pairs)
            else limit
        )
        end = _trim_trailing(front, start, end, value_node, key_node.start_mark.column)
        key = _back(str(key_node.value))  # (see unbroken, _tabs_read)
        entries.append(_Entry(key, key_node, value_node, start, end))
    return entries


def _trim_trailing(
    text: str, start: int, limit: int, value_node: yaml.Node, column: int = 0
) -> int:
    """Exclude trailing blank lines and comments from a key's span, unless
    they are part of a block scalar's content.  Comments indented deeper than
    the key (``column``) stay with it; those at its level or less go with
    what follows."""
    minimum = _line_end(text, start)
    if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
        minimum = max(minimum, _content_end(text, value_node))
    end = limit
    while end > minimum:
        line_begin = _line_start(
            text, end - 1 if text[end - 1] not in "\r\n" else _eol_start(text, end)
        )
        line = text[line_begin:end].rstrip("\r\n")
        content = line.lstrip(" \t")
        if not line.strip() or (content.startswith("#") and len(line) - len(content) <= column):
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
    if style.kind == "rfc2822" and new.year < 1000:
        # RFC 2822 years are 1900 and later, and a reader of "01 Jan 0999"
        # may take it for 1999 (or a two-digit year): ISO 8601 says it plainly.
        return _iso_text(new)
    text = format_date(new, style)
    spelled = parse_date(text)
    if spelled is None or not _same_date(spelled.value, new):
        # The old spelling cannot hold this value (a time, an offset or a
        # fraction it never had): write it in full ISO 8601 instead.
        text = _iso_text(new)
    elif parsed is not None and isinstance(old_value, str):
        text = _finer_fraction(text, new, parsed, old_value)
    return text


_FRACTION = re.compile(r":\d{2}[.,](\d+)")


def _finer_fraction(text: str, new: datetime | date, parsed: ParsedDate, old_text: str) -> str:
    """``text`` with the old spelling's digits finer than a microsecond
    (``.123456789``: a value holds six) when the new value has the same
    microseconds: a changed day does not silently cut the nanoseconds."""
    old = parsed.value
    if not (isinstance(new, datetime) and isinstance(old, datetime)):
        return text
    old_match = _FRACTION.search(old_text)
    new_match = _FRACTION.search(text)
    if old_match is None or new_match is None or len(old_match.group(1)) <= 6:
        return text
    if new.microsecond != old.microsecond or new_match.group(1)[:6] != old_match.group(1)[:6]:
        return text
    return text[: new_match.start(1)] + old_match.group(1) + text[new_match.end(1) :]


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


def _block_list(
    values: list, indent: str, gap: str, style: str | None, nl: str, block_maps: bool = False
) -> str:
    """Items of a block list; a mapping item in flow style (``- {a: 1}``),
    or ``block_maps`` as a block mapping after its "- ", the way a list of
    mappings is usually written."""
    lines = []
    for item in values:
        if isinstance(item, list):
            text = _flow_list(item, style)
        elif isinstance(item, dict) and item and block_maps:
            under = " " * (len(indent) + 1 + len(gap))
            text = dump_value(item, None, flow=False).rstrip("\n").replace("\n", nl + under)
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


_NOT_IN_BLOCK = re.compile("[\r\x85\u2028\u2029]")


def _fits_block(value: str) -> bool:
    """Whether a literal block scalar holds ``value`` as it is: no character
    YAML does not allow bare (a control character), no line break but
    ``\n`` (a ``\r`` is read as one; U+2028 and its kin are breaks in YAML
    1.1), and the first line with text not indented (the block's own
    indentation is found from it; a tab there is an error), no line of
    spaces alone before it."""
    if _NOT_IN_BLOCK.search(value) or yaml.reader.Reader.NON_PRINTABLE.search(value):
        return False
    for line in value.split("\n"):
        if line.strip(" "):
            return not line.startswith((" ", "\t"))
        if line:
            return False
    return True


def _new_key_text(key: str) -> str:
    text = dump_value(key)
    return text


def _patch_yaml(
    parts: Split, metadata: dict, sets: dict, removes: list[str], itemwise: bool = True
) -> str:
    original = parts.front
    nl = parts.newline
    # U+2028 and its kin read as the codec reads them (see unbroken): the
    # edits are found in the text with stand-ins, which has the same offsets,
    # and made to the file's own text
    front = original
    if not holds_stand_ins(sets):
        front = unbroken(original) or original
    try:
        node, entries = top_entries(front)  # (the text cut is ``front``)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ArticleError(
            f"invalid YAML: {problem}",
            None,
            parts.front_start_line + mark.line if mark is not None else parts.front_start_line,
        ) from None
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
            edits.append((entry.start, _kept_blank_end(front, entries, entry), ""))

    appended: list[str] = []
    # a new key goes where the others are (``  title: x`` indented: so is
    # it); the mapping's own column, which an explicit key (``? title``)
    # starts at, not its key's
    indent = " " * node.start_mark.column if node is not None and entries else ""
    for key, value in sets.items():
        entry = by_key.get(key)
        if entry is None:
            inline, following = _fresh_value_text(value, None, seq_indent, nl)
            following = _indented(following, indent, nl)
            appended.append(f"{indent}{_new_key_text(key)}:{inline}{following}{nl}")
            continue
        edits.extend(
            _replace_entry(front, entry, metadata.get(key), value, seq_indent, nl, itemwise)
        )
    # A key kept whose value is an alias (``other: *base``) of a value this
    # edit changes or removes gets that value written out: it kept the alias,
    # which then read the new value, or named an anchor no longer there.
    # (an alias inside a kept value, ``<<: *base`` among them: the whole
    # value written out)
    for each in entries:
        if each.key in sets or each.key in removes or each.key not in metadata:
            continue
        targets = _alias_targets(each)
        if any(_touched(front, target, edits) for target in targets):
            old = metadata[each.key]
            whole = itemwise and _is_alias(each)
            edits.extend(_replace_entry(front, each, old, old, seq_indent, nl, whole))

    # Back to front; at one offset a deletion goes before an insertion there.
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    front = original
    for start, end, replacement in edits:
        front = front[:start] + restored(replacement) + front[end:]
    if appended:
        if node is None:
            front = _without_null(front)
        if front and not front.endswith(("\n", "\r")):
            front += nl
        front += "".join(appended)
    return front


def _without_null(front: str) -> str:
    """``front`` without the ``~`` or ``null`` it is (the keys added after
    it were no mapping), its comments kept: the line it is alone on goes."""
    try:
        node = yaml.compose(unbroken(front) or front, Loader=PureSafeLoader)
    except yaml.YAMLError:
        return front
    if not isinstance(node, yaml.ScalarNode) or node.tag != _NULL_TAG:
        return front
    start, end = node.start_mark.index, node.end_mark.index
    line_start, line_end = _line_start(front, start), _line_end(front, end)
    if not front[line_start:start].strip() and not front[end:line_end].strip():
        return front[:line_start] + front[line_end:]
    return front[:start] + front[end:line_end].lstrip(" \t") + front[line_end:]


def _kept_blank_end(front: str, entries: list[_Entry], entry: _Entry) -> int:
    """Where the text removed with ``entry`` ends: its end, or past the
    blank lines after it when the entry before it is a block scalar that
    keeps its trailing blank lines (``|+``), which would take them in."""
    index = entries.index(entry)
    before = entries[index - 1].value_node if index else None
    if not (
        isinstance(before, yaml.ScalarNode)
        and before.style in ("|", ">")
        and "+" in _rest(front, before.start_mark.index).split("#")[0]
    ):
        return entry.end
    end = entry.end
    while end < len(front):
        stop = _line_end(front, end)
        if front[end:stop].strip(" \t\r\n") or stop == end:
            break
        end = stop
    return end


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
    list item by item where it can (see _splice), a mapping over a block
    mapping key by key (see _mapping_edits), else the whole value."""
    node = entry.value_node
    if _is_alias(entry):
        # an alias (``other: *base``): its node is the anchored one, written
        # elsewhere; the key gets a value of its own (on one line: in the
        # alias's place, a comment after it kept), a list or mapping in flow
        # style when the anchored one is (``u: *x`` of ``t: &x [1]``: ``u: [1]``)
        inline, following = _fresh_value_text(value, old_value, seq_indent, nl)
        flow = isinstance(node, yaml.SequenceNode | yaml.MappingNode) and node.flow_style
        if flow and isinstance(value, list) and value:
            inline, following = " " + _flow_list(value, None), ""
        elif flow and isinstance(value, dict) and value:
            inline, following = " " + dump_value(value, None, flow=True), ""
        key_line_end = _line_end(front, entry.key_node.start_mark.index)
        star = _ALIAS.search(front, entry.key_node.end_mark.index, key_line_end)
        following = _indented(following, " " * entry.key_node.start_mark.column, nl)
        if star is not None and not following and inline.strip():
            return [(star.start(), star.end(), inline.strip())]
        if star is not None and following and not inline.strip() and key_line_end == entry.end:
            begin = len(front[: star.start()].rstrip(" \t"))  # ("key:  # comment")
            if not front[star.end() : key_line_end].strip():  # no comment after it
                return [(begin, star.end(), following.rstrip("\r\n"))]
            lead = "" if front[key_line_end - 1] in "\r\n" else nl
            lines = following[len(nl) :] + nl
            return [(begin, star.end(), ""), (key_line_end, key_line_end, lead + lines)]
        return [(entry.start, entry.end, _key_prefix(front, entry) + inline + following + nl)]
    # (not when written again whole: should an edit made in parts not read
    # back, patch_metadata writes the values whole, as before them)
    if itemwise and isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        nested = _mapping_edits(front, node, entry.end, old_value, value, seq_indent, nl, itemwise)
        if nested is not None:
            return nested
    if itemwise and isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        flow = _flow_mapping_text(front, node, old_value, value)
        if flow is not None:
            return [(node.start_mark.index, node.end_mark.index, flow)]
    if itemwise and isinstance(node, yaml.SequenceNode):
        items = _item_edits(front, node, entry.end, old_value, value, seq_indent, nl)
        if items is not None:
            return items
    if (
        itemwise
        and isinstance(node, yaml.SequenceNode)
        and isinstance(value, list)
        and (value or node.flow_style)
    ):
        seq = _yaml_seq(front, node, PureSafeLoader(""))
        edits = _splice(front, seq, value, nl) if seq is not None else None
        if edits is not None:
            return edits
    return [_replace_whole(front, entry, old_value, value, seq_indent, nl)]


_ALIAS = re.compile(r"\*[^\s,\[\]{}]+")


def _is_alias(entry: _Entry) -> bool:
    """Whether the entry's value is an alias (its node, the anchored one,
    lies outside the entry's text)."""
    return not entry.start <= entry.value_node.start_mark.index <= entry.end


def _alias_targets(entry: _Entry) -> list[yaml.Node]:
    """The anchored nodes the entry's value refers to by an alias (an alias
    composes as its anchored node, which lies outside the entry's text)."""
    found: list[yaml.Node] = []
    seen: set[int] = set()
    todo = [entry.value_node]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if not entry.start <= node.start_mark.index <= entry.end:
            found.append(node)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend(item for pair in node.value for item in pair)
    return found


def _text_end(node: yaml.Node) -> int:
    """Where the text of ``node`` ends (a block collection's end mark is
    where the next token starts: at its last value's end instead)."""
    if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _text_end(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.index


def _touched(front: str, node: yaml.Node, edits: list[tuple[int, int, str]]) -> bool:
    """Whether one of ``edits`` changes the text of ``node`` (an anchored
    value): replaces or removes some of it, or inserts within it or right
    after its last line (an item or key added to a block collection)."""
    start, end = node.start_mark.index, _text_end(node)
    after = _line_end(front, end)
    return any((a < end and b > start) if a < b else start < a <= after for a, b, _ in edits)


def _mapping_edits(
    front: str,
    node: yaml.MappingNode,
    end: int,
    old_value: Any,
    value: Any,
    seq_indent: tuple[str, str],
    nl: str,
    itemwise: bool,
) -> list[tuple[int, int, str]] | None:
    """The edits that write the mapping ``value`` over the block mapping
    ``node`` (its text ending by ``end``) one key at a time, as the front
    matter's own keys are: the lines of the keys that keep their values stay
    as they are (a flow list beside the key edited was written again as a
    block list), or ``None`` when the mapping is not one this can do (flow
    style, keys that are not scalars or repeat, merge keys, the first key of
    an item of a list removed), or when the text made does not read back as
    ``value``."""
    if node.flow_style or not node.value or not value or not isinstance(value, dict):
        return None
    if not isinstance(old_value, dict):
        return None
    entries = _mapping_entries(front, node, end)
    keys = _key_values([each.key_node for each in entries])
    if keys is None or len(set(keys)) != len(keys) or set(keys) != set(old_value):
        return None
    edits: list[tuple[int, int, str]] = []
    if not _own_lines(front, node):  # an item of a list: "- " before its first key
        entries[0].start = node.start_mark.index
        if keys[0] not in value:  # the next key moves up after the "- "
            if len(keys) < 2 or keys[1] not in value:
                return None
            between = front[entries[0].end : entries[1].key_node.start_mark.index]
            if between.strip():
                return None  # (a comment above the next key: it would go)
            edits.append((entries[0].start, entries[1].key_node.start_mark.index, ""))
    for number, (key, each) in enumerate(zip(keys, entries, strict=True)):
        if key not in value:
            if number or _own_lines(front, node):
                edits.append((each.start, each.end, ""))
            continue
        old, new = old_value[key], value[key]
        if same_value(old, new) and same_value(new, old):
            continue
        edits.extend(_replace_entry(front, each, old, new, seq_indent, nl, itemwise))
    indent = " " * entries[0].key_node.start_mark.column
    added = []
    for key in value:
        if key not in old_value:
            inline, following = _fresh_value_text(value[key], None, seq_indent, nl)
            following = _indented(following, indent, nl)
            added.append(f"{indent}{_new_key_text(key)}:{inline}{following}{nl}")
    if added:
        at = entries[-1].end
        lead = nl if at == 0 or front[at - 1] not in "\r\n" else ""
        edits.append((at, at, lead + "".join(added)))
    if not edits or not _reads_back(front, node, end, edits, value):
        return None
    return edits


def _flow_mapping_text(
    front: str, node: yaml.MappingNode, old_value: Any, value: dict
) -> str | None:
    """The flow mapping ``node`` (``{a: 1, b: 2}``) with ``value`` written
    over it key by key: the keys that keep their values keep their text (a
    ``yes``, a quote, a ``~``), the separators stay, keys added go at its
    end.  ``None`` when it is not one this can do (a block mapping, keys that
    are not plain scalars or repeat, aliases, comments between the entries)
    or when the text made does not read back as ``value``."""
    start, end = node.start_mark.index, node.end_mark.index
    if not node.flow_style or not node.value or not value or not isinstance(old_value, dict):
        return None
    pairs = node.value
    keys = _key_values([key_node for key_node, _ in pairs])
    if keys is None or len(set(keys)) != len(keys) or set(keys) != set(old_value):
        return None
    spans: list[tuple[int, int]] = []
    for key_node, value_node in pairs:
        first = key_node.start_mark.index
        last = max(key_node.end_mark.index, value_node.end_mark.index)
        inside = start < first <= value_node.start_mark.index <= last < end
        if not inside or (spans and first < spans[-1][1]):
            return None  # (an alias: its node is written elsewhere)
        if "?" in front[spans[-1][1] if spans else start + 1 : first]:
            return None  # an explicit key ("? a : 1"): its "?" is not in its text
        spans.append((first, last))
    opening, closing = front[start + 1 : spans[0][0]], front[spans[-1][1] : end - 1]
    separators = [front[a[1] : b[0]] for a, b in pairwise(spans)] or [", "]
    if any("#" in text for text in (opening, closing, *separators)):
        return None
    entries = []
    for key, (_key, value_node), (first, last) in zip(keys, pairs, spans, strict=True):
        if key not in value:
            continue
        old, new = old_value[key], value[key]
        if same_value(old, new) and same_value(new, old):
            entries.append(front[first:last])
            continue
        if value_node.start_mark.index == value_node.end_mark.index:
            return None  # a key with no value ("{a, b: 1}", "{a: , b: 1}"): written whole
        if isinstance(value_node, yaml.MappingNode) and isinstance(new, dict) and new:
            text = _flow_mapping_text(front, value_node, old, new)
            text = text or dump_value(new, None, flow=True)  # (that value alone whole)
        elif isinstance(new, list):
            text = _flow_list(new, _scalar_style(value_node))
        elif isinstance(new, dict):
            text = dump_value(new, None, flow=True)
        else:
            scalar = isinstance(value_node, yaml.ScalarNode) and value_node.style is None
            old_text = front[value_node.start_mark.index : value_node.end_mark.index]
            text = _flow_scalar(new, _scalar_style(value_node), old_text if scalar else None)
        entries.append(front[first : value_node.start_mark.index] + text)
    for key, new in value.items():
        if key not in old_value:
            text = dump_value(new, None, flow=True) if isinstance(new, dict) else None
            text = text or (_flow_list(new, None) if isinstance(new, list) else None)
            entries.append(f"{_flow_scalar(key, None)}: {text or _flow_scalar(new, None)}")
    if not entries:
        return None
    between = iter(separators + [separators[-1]] * len(entries))
    text = (
        "{" + opening + entries[0] + "".join(next(between) + e for e in entries[1:]) + closing + "}"
    )
    try:
        loaded = yaml.load(text, Loader=CheckedLoader)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError, TypeError):
        return None
    return text if same_value(loaded, value) and same_value(value, loaded) else None


def _key_values(nodes: list[yaml.Node]) -> list[Any] | None:
    """The keys of a mapping as read from their nodes (``yes:`` is True,
    ``1:`` is 1), or ``None`` if one is not a plain scalar or is a merge key
    (``<<``)."""
    loader = PureSafeLoader("")
    keys = []
    try:
        for node in nodes:
            if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":merge"):
                return None
            key = _back(loader.construct_object(node, deep=True))
            hash(key)
            keys.append(key)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return None
    finally:
        loader.dispose()
    return keys


def _own_lines(front: str, node: yaml.Node) -> bool:
    """Whether nothing but blanks is before the node on its first line (not
    so for the mapping of a list's item, after its "- ")."""
    index = node.start_mark.index
    return not front[_line_start(front, index) : index].strip()


def _item_edits(
    front: str,
    node: yaml.SequenceNode,
    end: int,
    old_value: Any,
    value: Any,
    seq_indent: tuple[str, str],
    nl: str,
) -> list[tuple[int, int, str]] | None:
    """The edits that write the list ``value`` over the block list of
    mappings ``node`` (its text ending by ``end``) item by item: the items
    kept stay as they are, an item changed in place is edited one key at a
    time (see :func:`_mapping_edits`), items added are written as block
    mappings, items removed lose their lines.  ``None`` for a list of texts
    and numbers (see _splice) or what this cannot do."""
    if node.flow_style or not isinstance(old_value, list) or not isinstance(value, list):
        return None
    if len(node.value) != len(old_value) or not node.value or not value:
        return None  # (an empty list: written "[]" whole)
    if not any(isinstance(item, yaml.MappingNode) for item in node.value):
        return None  # a list of texts and numbers: item by item (see _splice)
    if not all(_alone_on_dash_line(front, item) for item in node.value):
        return None
    indent, gap = _block_seq_indent(front, node)
    maps = any(isinstance(i, yaml.MappingNode) and not i.flow_style for i in node.value)
    last = len(node.value) - 1

    def item_text(value: Any) -> str:
        """A moved item's own text (comments above it included), else the
        new item written as a block mapping."""
        if not isinstance(value, _Moved):
            return _block_list([value], indent, gap, None, nl, maps)
        text = front[
            _item_start(front, node, value.index) : _item_end(front, node, value.index, end)
        ]
        return text if text.endswith(("\n", "\r")) else text + nl

    edits: list[tuple[int, int, str]] = []
    deleted: list[int] = []
    for op in _align(old_value, value, moves=True, key=item_key):
        if op[0] == "change":  # an item changed in place: key by key
            _, index, new = op
            item = node.value[index]
            if not isinstance(item, yaml.MappingNode):
                return None
            stop = _item_end(front, node, index, end)
            found = _mapping_edits(front, item, stop, old_value[index], new, seq_indent, nl, True)
            if found is None:
                return None
            edits.extend(found)
        elif op[0] == "delete":
            deleted.append(op[1])
        else:  # items added: above the next item and its comments, or after the last
            _, after, values = op
            at = (
                _item_start(front, node, after + 1)
                if after < last
                else _item_end(front, node, last, end)
            )
            lead = nl if at == 0 or front[at - 1] not in "\r\n" else ""
            edits.append((at, at, lead + "".join(item_text(v) for v in values)))
    for first, final in _runs(deleted):  # items removed, with the comments above them
        edits.append((_item_start(front, node, first), _item_end(front, node, final, end), ""))
    return edits or None


def _alone_on_dash_line(front: str, item: yaml.Node) -> bool:
    """Whether the item is the only one its line's "-" starts (not in a list
    inside a list: "- - a")."""
    index = item.start_mark.index
    return re.fullmatch(r"[ \t]*-[ \t]+", front[_line_start(front, index) : index]) is not None


def _item_start(front: str, node: yaml.SequenceNode, index: int) -> int:
    """Where the text of item ``index`` of the block list ``node`` starts:
    at the comment and blank lines right above its "-" (no deeper than it:
    those are the item's), else at the line of its "-"."""
    dash = _line_start(front, node.value[index].start_mark.index)
    column = len(front[dash:]) - len(front[dash:].lstrip(" \t"))
    start = dash
    while start > 0:
        above = _line_start(front, _eol_start(front, start))  # (a "\r\n" is one break)
        line = front[above:start].rstrip("\r\n")
        content = line.lstrip(" \t")
        if content and not (content.startswith("#") and len(line) - len(content) <= column):
            break
        if index and above <= node.value[index - 1].start_mark.index:
            break  # (the item before it)
        start = above
    return start


def _item_end(front: str, node: yaml.SequenceNode, index: int, end: int) -> int:
    """Where the text of item ``index`` of the block list ``node`` (ending by
    ``end``) ends: where the next item's text starts (see _item_start), or
    past the last item's last line (its trailing blank lines and comments
    left out)."""
    if index + 1 < len(node.value):
        return _item_start(front, node, index + 1)
    item = node.value[index]
    dash = _line_start(front, item.start_mark.index)
    column = len(front[dash:]) - len(front[dash:].lstrip(" \t"))
    return _trim_trailing(front, dash, end, item, column)


def _reads_back(
    front: str, node: yaml.Node, end: int, edits: list[tuple[int, int, str]], value: dict
) -> bool:
    """Whether the text of the mapping ``node`` (ending by ``end``), edited,
    reads back as ``value``.  Its first line is read at its own column (an
    item's mapping starts after "- ")."""
    start = node.start_mark.index
    # to where the mapping ends, blank lines after it included: a last value
    # kept with "|+" holds them
    stop = max(end, min(len(front), node.end_mark.index))
    region = front[start:stop]
    ordered = sorted(edits, key=lambda e: (e[0], e[1]))
    if any(a[1] > b[0] for a, b in pairwise(ordered)):
        return False  # edits that overlap
    # back to front in the order _patch_yaml applies them (two insertions at
    # one offset: the same text as will be written)
    for begin, finish, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if not start <= begin <= finish <= end:
            return False
        region = region[: begin - start] + text + region[finish - start :]
    region = " " * node.start_mark.column + region
    if "\t" in region:  # a tab PyYAML refuses where the reader takes a blank
        region = _tabs_read(region) or region
    try:
        loaded = yaml.load(region, Loader=CheckedLoader)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError, TypeError):
        return False
    if not isinstance(loaded, dict):
        return False
    # (a region cut from a front with stand-ins for line separators: see unbroken)
    return any(
        same_value(read, value) and same_value(value, read) for read in (loaded, _back(loaded))
    )


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
        comment = _after(_key_line_comment(front, entry), True)
        return entry.start, entry.end, _key_prefix(front, entry) + " " + text + comment + nl

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
            # "[]" after the colon, a comment after it kept after it
            colon = entry.start + len(_key_prefix(front, entry))
            tail = front[colon:key_line_end].rstrip("\r\n")
            tail = tail if tail.strip() else ""
            return entry.start, entry.end, front[entry.start : colon] + " []" + tail + nl
        maps = any(isinstance(i, yaml.MappingNode) and not i.flow_style for i in node.value)
        return key_line_end, entry.end, _block_list(value, indent, gap, old_style, nl, maps)

    # Multi-line strings over block scalars keep the block style (those a
    # block scalar can hold: see _fits_block).
    if (
        isinstance(node, yaml.ScalarNode)
        and node.style in ("|", ">")
        and isinstance(value, str)
        and _fits_block(value)
    ):
        header_start = value_start
        indent = _block_indent(front, node) or "  "
        indicator = front[header_start] if front[header_start] in "|>" else "|"
        if indicator == ">" and "\n" in value.rstrip("\n"):
            indicator = "|"  # folded, its line breaks would read as spaces
        header, content = _block_scalar(value, indicator, indent, nl)
        comment = _after(_key_line_comment(front, entry), True)  # ("|  # shown on …")
        head = front[entry.start : header_start] + header + comment + nl
        return entry.start, entry.end, head + content

    # Mappings written on one line ({a: 1}) stay on one line.
    if single_line and isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        return value_start, value_end, dump_value(value, None, flow=True)

    # Mappings over block mappings keep the indentation.
    if isinstance(value, dict) and isinstance(node, yaml.MappingNode) and not node.flow_style:
        indent = _block_indent(front, node) or "  "
        return key_line_end, entry.end, _block_mapping(value, indent, nl)

    inline, following = _fresh_value_text(value, old_value, seq_indent, nl)
    empty = isinstance(node, yaml.ScalarNode) and node.value == "" and node.style is None
    if following and (empty or (single_line and isinstance(node, yaml.ScalarNode))):
        # a block list or mapping where there was a scalar or nothing: its
        # lines go under the key line, whose comment stays (and the comment
        # lines under the key): they were replaced with the value
        colon = entry.start + len(_key_prefix(front, entry))
        start = colon if empty else max(colon, len(front[:value_start].rstrip(" \t")))
        keep = front[colon if empty else value_end : entry.end]
        if not keep.endswith(("\n", "\r")):
            keep += nl
        following = _indented(following, " " * entry.key_node.start_mark.column, nl)
        return start, entry.end, keep + following[len(nl) :] + nl
    if empty and not following and _only_comments(front[key_line_end : entry.end]):
        # a key with no value and comment lines under it: the value goes on
        # the key's line, the comments stay (they were replaced with the key)
        colon = entry.start + len(_key_prefix(front, entry))
        tail = front[colon:key_line_end].rstrip("\r\n")
        blank = len(tail) - len(tail.lstrip(" \t"))
        if not tail.strip():  # nothing after the colon but blanks
            return colon, colon + blank, inline
        return colon, colon, inline  # (a comment after the colon stays after the value)
    following = _indented(following, " " * entry.key_node.start_mark.column, nl)
    # The comment on the key's line (after the colon, or after the value
    # written there) stays there: it went with the old value.
    comment = _after(_key_line_comment(front, entry), bool(inline.strip()))
    colon = entry.start + len(_key_prefix(front, entry))
    tail = front[colon:key_line_end].rstrip("\r\n")
    if comment and not inline.strip() and tail.strip().startswith("#"):
        # the key's line as it was ("meta:    # m"), and a comment after the
        # value's end after it
        comment = tail + comment[len(" " + tail.strip()) :]
    return entry.start, entry.end, _key_prefix(front, entry) + inline + comment + following + nl


def _key_line_comment(front: str, entry: _Entry) -> str:
    """The comments of ``entry``'s value that are not lines of their own:
    on the key's line after its colon (after a value written there too, a
    block scalar's header, a flow list's ``[``), and after the end of a
    value of several lines (a quoted or plain scalar, a flow list), joined;
    "" when there are none."""
    on_key = _comment_in(front, entry.start + len(_key_prefix(front, entry)))
    node = entry.value_node
    key_line_end = _line_end(front, entry.key_node.start_mark.index)
    end = node.end_mark.index
    last = ""
    # after a scalar of several lines, or a flow list or mapping (a block
    # value ends where the next key begins: its comment is that key's)
    flow = isinstance(node, yaml.ScalarNode) and node.style not in ("|", ">")
    if end > key_line_end and (flow or getattr(node, "flow_style", False)):
        last = _comment_in(front, end)
    return "  ".join(part for part in (on_key, last) if part)


def _comment_in(front: str, start: int) -> str:
    """The comment on the line from ``start`` to its end: from a ``#``
    after a blank, outside quotes; "" when there is none."""
    end = _line_end(front, start)
    quote = ""
    before = " "
    at = start
    while at < end:
        char = front[at]
        if quote == "'":
            if char == "'" and front[at + 1 : at + 2] == "'":
                at += 2  # ('' inside single quotes)
                continue
            if char == "'":
                quote = ""
        elif quote == '"':
            if char == "\\":
                at += 2
                continue
            if char == '"':
                quote = ""
        elif char in "'\"" and before in " \t[{,:":
            quote = char
        elif char == "#" and before in " \t":
            return front[at:end].rstrip("\r\n")
        before = char
        at += 1
    return ""


def _after(comment: str, value: bool) -> str:
    """``comment`` as written after a value (``value``) or a bare colon."""
    if not comment:
        return ""
    return ("  " if value else " ") + comment


def _only_comments(text: str) -> bool:
    """Whether ``text`` (whole lines) holds only comments and blank lines."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _indented(lines: str, indent: str, nl: str) -> str:
    """The value lines ``lines`` (each after a line break) of a key
    indented by ``indent`` (a key inside a mapping), indented alike."""
    return lines.replace(nl, nl + indent) if indent else lines


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


def _yaml_seq(front: str, node: yaml.SequenceNode, loader: yaml.SafeLoader) -> _Seq | None:
    """The sequence's elements with their offsets and values, or None when it
    cannot be edited item-wise (an alias among them)."""
    if not node.flow_style and not node.value:
        return None
    if node.flow_style and front[node.start_mark.index : node.start_mark.index + 1] != "[":
        return None
    values = _back(loader.construct_object(node, deep=True))
    elements: list[_Element] = []
    last = node.start_mark.index
    for child, value in zip(node.value, values, strict=True):
        start, end = child.start_mark.index, child.end_mark.index
        empty = start == end  # "-" alone: a null with no text to splice
        if start < last or end > node.end_mark.index or (not empty and front[start] == "*"):
            return None  # an alias (its marks are the anchor's)
        nested = _yaml_seq(front, child, loader) if isinstance(child, yaml.SequenceNode) else None
        # an anchor, a tag or an empty item stays exactly as it is (a change
        # to it rewrites the whole list)
        fixed = empty or front[start] in "&!"
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
