"""Lossless edits of TOML front matter (through tomlkit, which keeps the rest).  No Qt here."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from typing import Any

from reader.core.article.codec import TOML_INT_MAX, TOML_INT_MIN
from reader.core.article.model import ArticleError
from reader.core.article.patch_lists import _align, _freeze, _Moved
from reader.core.article.patch_values import kind_name, same_value
from reader.core.article.patch_yaml import _date_text
from reader.core.article.split import Split, file_lines
from reader.core.common.sequences import opcodes

__all__ = []


def _patch_toml(
    parts: Split, metadata: dict, sets: dict, removes: list[str], itemwise: bool = True
) -> str:
    import tomlkit

    front = parts.front
    moved: set[str] = set()
    if itemwise:  # a top-level array's items moved as lines, their comments with them
        for key, value in sets.items():
            rewritten = _moved_lines(front, key, metadata.get(key), value, parts.newline)
            if rewritten is not None:
                front = rewritten
                moved.add(key)
    try:
        document = tomlkit.parse(front)
    except tomlkit.exceptions.ParseError as exc:
        raise ArticleError(f"invalid TOML: {exc}") from None
    values = {}
    for key, value in sets.items():
        old = metadata.get(key)
        if isinstance(value, datetime | date) and isinstance(old, str):
            value = _date_text(value, old)
        values[key] = _toml_value(value)
    # Keys that are there already change in place (tomlkit keeps the rest as it was).
    changed = {k: v for k, v in values.items() if k in metadata and k not in moved}
    try:
        for key, value in changed.items():
            _toml_set(document, key, metadata[key], value, itemwise)
    except (*_TOMLKIT_FAILURES, tomlkit.exceptions.TOMLKitError) as exc:
        # tomlkit failing inside (an IndexError deleting the last of a table's
        # dotted keys, ``x.y = 1``): refused, and written whole when this was
        # an edit in parts (see patch_metadata)
        raise ArticleError(f"cannot apply this edit in place: {type(exc).__name__}") from None
    text = _no_blank_lines_added(front, tomlkit.dumps(document)) if changed else front
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


_TOMLKIT_FAILURES = (IndexError, KeyError, ValueError, TypeError, AttributeError, AssertionError)

_SCALARS = (str, int, float, bool)


#: A top-level key whose array opens on its line, the items on the lines
#: after (``tags = [  # comment``): the key as it is spelled, bare or quoted.
_ARRAY_OPENING = re.compile(
    r"""^(?P<key>[A-Za-z0-9_-]+|"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*')"""
    r"[ \t]*=[ \t]*\[[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)",
    re.MULTILINE,
)


def _exact(value: Any) -> Any:
    """:func:`_freeze` telling apart what compares equal but is not the same
    value written back: ``0.0`` and ``-0.0`` (and a NaN alike with itself)."""
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, list):
        return ("list", tuple(_exact(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((str(k), _exact(v)) for k, v in value.items()))
    return _freeze(value)


def _moved_lines(front: str, key: str, old: Any, new: Any, nl: str) -> str | None:
    """``front`` with the top-level array ``key`` (``old``) made ``new`` by
    moving its lines, when items move and the array is written one item a
    line (``  "alpha", # first``), without comment lines of its own: each
    moved item keeps its line, comment and all (tomlkit deletes an item and
    inserts it again, its comment left behind).  Items added get a line of
    their own, like the first item's; items removed lose theirs.  None when
    no item moves, or the array is written otherwise (tomlkit edits it).
    The key may be spelled quoted (``"tags" = [``); a text that only looks
    like the array (inside a multi-line string before it) is passed over:
    the result must read as ``front`` with ``key`` made ``new``, nothing else."""
    if not (isinstance(old, list) and isinstance(new, list) and old and new):
        return None
    if not all(type(v) in _SCALARS for v in (*old, *new)):
        return None
    ops = _align(old, new, moves=True, key=_exact)
    if not any(isinstance(v, _Moved) for op in ops if op[0] == "insert" for v in op[2]):
        return None
    try:
        expected = tomllib.loads(front)
    except tomllib.TOMLDecodeError:
        return None
    if key not in expected:
        return None
    expected[key] = new
    top = front[: _toml_top_end(front)]
    for start in _ARRAY_OPENING.finditer(top):
        try:
            if tomllib.loads(f"{start['key']} = 0") != {key: 0}:
                continue
        except tomllib.TOMLDecodeError:
            continue
        rewritten = _lines_moved(front, start.end(), old, new, nl)
        if rewritten is None:
            continue
        try:
            if _exact(tomllib.loads(rewritten)) == _exact(expected):
                return rewritten
        except tomllib.TOMLDecodeError:
            continue
    return None


def _lines_moved(front: str, at: int, old: list, new: list, nl: str) -> str | None:
    """``front`` with the item lines of the array whose first item line is at
    offset ``at`` (``old``, one item a line) arranged as ``new``; None when
    the lines there are not ``old`` so written."""
    import tomlkit

    lines = file_lines(front[at:])
    if len(lines) <= len(old) or not lines[len(old)].lstrip().startswith("]"):
        return None
    items = [_item_line(line) for line in lines[: len(old)]]
    if any(item is None for item in items):
        return None
    parsed = [item for item in items if item is not None]
    for item, value in zip(parsed, old, strict=True):
        try:
            read = tomllib.loads(f"x = {item[1]}")["x"]
        except tomllib.TOMLDecodeError:
            return None
        if _exact(read) != _exact(value):
            return None
    commas = [item[2] for item in parsed]
    trailing = all(commas)
    if not trailing and (not all(commas[:-1]) or commas[-1]):
        return None  # (commas written some other way)
    unused: dict[Any, list[int]] = {}
    for i, value in enumerate(old):
        unused.setdefault(_exact(value), []).append(i)
    indent = parsed[0][0]
    like = tomlkit.parse(f"x = {parsed[0][1]}")["x"]
    out: list[str] = []
    for j, value in enumerate(new):
        places = unused.get(_exact(value))
        last = j == len(new) - 1
        comma = "," if trailing or not last else ""
        if places:
            item_indent, text, _, tail, end = parsed[places.pop(0)]
            out.append(f"{item_indent}{text}{comma}{tail}{end or nl}")
        else:
            spelled = tomlkit.item(_toml_like(value, like)).as_string()
            out.append(f"{indent}{spelled}{comma}{nl}")
    return front[:at] + "".join(out) + "".join(lines[len(old) :])


def _item_line(line: str) -> tuple[str, str, bool, str, str] | None:
    """An array's item line cut into its indent, the item's text, whether a
    comma follows, what follows that (blanks and a comment) and its line
    end; None when the line is not one item (a comment line, a blank line,
    two items, a value over several lines)."""
    body = line.rstrip("\r\n")
    end = line[len(body) :]
    stripped = body.lstrip(" \t")
    indent = body[: len(body) - len(stripped)]
    if not stripped or stripped[0] in "#]":
        return None
    quote: str | None = None
    escaped = False
    cut = len(stripped)
    for position, char in enumerate(stripped):
        if quote is not None:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            if stripped.startswith(char * 3, position):
                return None  # (a multi-line string)
            quote = char
        elif char == "#":
            cut = position
            break
    if quote is not None:
        return None
    value_part, comment = stripped[:cut], stripped[cut:]
    text = value_part.rstrip(" \t")
    comma = text.endswith(",")
    if comma:
        text = text[:-1].rstrip(" \t")
    if not text:
        return None  # (two items on the line: the caller's reading of it fails)
    tail = (
        value_part[len(value_part.rstrip(" \t")) :] + comment
        if not comma
        else (value_part[value_part.rindex(",") + 1 :] + comment)
    )
    return indent, text, comma, tail, end


def _no_blank_lines_added(before: str, after: str) -> str:
    """``after`` without the blank lines tomlkit adds with a key (one after
    a key added to a table that a sub-table follows): a blank line changes no
    value, and the file keeps its own spacing."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    kept: list[str] = []
    for tag, _i1, _i2, j1, j2 in opcodes(old, new):
        added = new[j1:j2]
        if tag == "insert" and any(line.strip() for line in added):
            added = [line for line in added if line.strip()]
        kept.extend(added)
    return "".join(kept)


def _toml_set(container: Any, key: str, old: Any, value: Any, itemwise: bool) -> None:
    """Set ``container[key]`` (whose value read ``old``) to ``value``: a list
    over an array item by item where it can (see _toml_splice), a mapping
    over a table key by key, tables of an array of tables one by one (their
    other keys, their comments and the tables' places kept: a ``[seo]``
    table was written again as an inline table, without its comments), else
    the whole value."""
    from tomlkit.items import AoT, Array

    current = container.get(key)
    if itemwise and isinstance(current, Array) and _toml_splice(current, old, value):
        return
    if itemwise and _toml_update(current, old, value, itemwise):
        return
    if itemwise and isinstance(current, AoT) and _aot_splice(current, old, value):
        return
    # Written whole.  An array of several lines written over with another
    # shape: a comment after its "[" ("cats = [  # as the theme wants")
    # stays, after the value (it went with the array's items).
    opened = current.as_string().split("\n", 1) if isinstance(current, Array) else []
    after = opened[0].strip()[1:].strip() if len(opened) == 2 else ""
    container[key] = value
    if after.startswith("#") and not isinstance(value, list):
        item = getattr(container, "item", None)  # (get() gives a bool as a bool)
        written = item(key) if item is not None else container.get(key)
        trivia = getattr(written, "trivia", None)
        if trivia is not None and not trivia.comment:
            written.comment(after)


def _aot_splice(aot: Any, old: Any, new: Any) -> bool:
    """Edit an array of tables (``[[links]]``) table by table: a table
    changed key by key, tables removed and added as tables (the others keep
    their comments: an item added wrote the whole array again, on one line);
    False, changing nothing, unless ``new`` is a list of mappings of text keys."""
    if (
        not isinstance(old, list)
        or not isinstance(new, list)
        or len(old) != len(aot)
        or not new
        or not all(isinstance(v, dict) and all(isinstance(k, str) for k in v) for v in new)
    ):
        return False
    import tomlkit

    def table(value: dict) -> Any:
        made = tomlkit.table()
        for name, item in value.items():
            made[name] = item
        return made

    # Back to front, so that the indexes of the operations still to come hold.
    ops = sorted(_align(old, new), key=lambda op: op[1] + (0.5 if op[0] == "insert" else 0))
    for op in reversed(ops):
        if op[0] == "change":
            _, i, value = op
            if not _toml_update(aot[i], old[i], value, True):
                aot[i] = table(value)
        elif op[0] == "delete":
            del aot[op[1]]
        else:
            _, after, values = op
            for offset, value in enumerate(values):
                aot.insert(after + 1 + offset, table(value))
    return True


def _toml_update(table: Any, old: Any, value: Any, itemwise: bool) -> bool:
    """Make the tomlkit table ``table`` (whose value read ``old``) hold the
    mapping ``value`` key by key; False, changing nothing, if it is not a
    table or either is not a mapping of text keys."""
    from tomlkit.container import OutOfOrderTableProxy
    from tomlkit.items import InlineTable, Table

    if (
        not isinstance(table, Table | InlineTable | OutOfOrderTableProxy)
        or not isinstance(old, dict)
        or not isinstance(value, dict)
        or (not value and not isinstance(table, Table))  # (an empty [table] stays)
        or not all(isinstance(k, str) for k in (*old, *value))
    ):
        return False
    for gone in [k for k in old if k not in value]:
        del table[gone]
    for name, item in value.items():
        if name not in old:
            table[name] = item
            continue
        plain = item.unwrap() if hasattr(item, "unwrap") else item  # (tomlkit's items)
        if not (same_value(old[name], plain) and same_value(plain, old[name])):
            _toml_set(table, name, old[name], item, itemwise)
    return True


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
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        # an array of inline tables, on the key's line like every other new
        # value: a list of them tomlkit made an array of tables ("[[key]]"),
        # which on a line of its own ("key = name = ...") was no TOML
        import tomlkit

        array = tomlkit.array()
        array.extend(_toml_value(v) for v in value)
        return array
    if isinstance(value, list):
        return [_toml_value(v) for v in value]
    if isinstance(value, dict):
        import tomlkit

        table = tomlkit.inline_table()  # one line, like every other new value
        table.update({str(k): _toml_value(v) for k, v in value.items()})
        return table
    if value is None:
        raise ArticleError("TOML has no null value; remove the key instead")
    if not isinstance(value, str | bool | int | float | datetime | date | time):
        # (YAML's !!binary, !!set, !!omap and !!pairs make bytes, sets, tuples)
        raise ArticleError(f"TOML has no {kind_name(value)} value")
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and not TOML_INT_MIN <= value <= TOML_INT_MAX
    ):
        shown = str(value) if value.bit_length() <= 128 else "an integer of more than 38 digits"
        raise ArticleError(
            f"{shown} is beyond TOML's 64-bit integers (Hugo cannot read it); "
            "quote it to keep it as text"
        )
    return value
