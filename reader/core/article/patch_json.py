"""Lossless edits of JSON front matter (Hexo's ``;;;`` and Hugo's bare object).  No Qt here."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reader.core.article.model import ArticleError
from reader.core.article.patch_lists import _Element, _Seq, _splice
from reader.core.article.patch_values import _line_start, kind_name, same_value
from reader.core.article.patch_yaml import _date_text
from reader.core.article.split import Split

__all__ = []


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


def _json_members(text: str, start: int = 0) -> tuple[list[_Member], int, int]:
    """Members of the object at ``start`` (the top-level one by default)
    with offsets, plus the offsets just after ``{`` and of ``}`` (both 0/len
    for Hexo's brace-less objects)."""
    decoder = json.JSONDecoder()
    pos = _match_end(_WS, text, start)
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
    if isinstance(value, float) and not math.isfinite(value):
        raise ArticleError("JSON has no NaN or infinity")
    if value is not None and not isinstance(value, str | bool | int | float):
        # (YAML's !!binary, !!set, !!omap and !!pairs make bytes, sets, tuples)
        raise ArticleError(f"JSON has no {kind_name(value)} value")
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
    edits = _object_edits(text, 0, metadata, sets, removes, parts.newline, itemwise)
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    for start, end, replacement in edits:
        text = text[:start] + replacement + text[end:]
    return text


def _nested_sets(old: Any, new: Any) -> tuple[dict, list[str]] | None:
    """The members to set and remove that make the object ``old`` into
    ``new``, or ``None`` unless both are objects (of text keys)."""
    if not isinstance(old, dict) or not isinstance(new, dict) or not old or not new:
        return None
    if not all(isinstance(key, str) for key in (*old, *new)):
        return None
    sets = {k: v for k, v in new.items() if k not in old or not _same(old[k], v)}
    return sets, [k for k in old if k not in new]


def _same(old: Any, new: Any) -> bool:
    return same_value(old, new) and same_value(new, old)


def _object_edits(
    text: str,
    start: int,
    metadata: dict,
    sets: dict,
    removes: list[str],
    nl: str,
    itemwise: bool,
) -> list[tuple[int, int, str]]:
    """The edits that set ``sets`` and remove ``removes`` in the object at
    ``start`` (whose members are ``metadata``).  A member whose object
    changes is edited member by member too, when that object takes lines of
    its own; the members around an edit keep their text."""
    members, open_end, _ = _json_members(text, start)
    index = {m.key: i for i, m in enumerate(members)}
    edits: list[tuple[int, int, str]] = []
    for key, value in sets.items():
        if key in index:
            member = members[index[key]]
            if itemwise and isinstance(value, list) and text[member.value_start] == "[":
                items = _splice(text, _json_seq(text, member.value_start), value, nl)
                if items is not None:
                    edits.extend(items)
                    continue
            nested = _nested_sets(metadata.get(key), value)
            inner = text[member.value_start : member.value_end]
            lines = "\n" in inner or "\r" in inner
            if itemwise and nested is not None and inner.startswith("{") and lines:
                inner_sets, inner_removes = nested
                edits.extend(
                    _object_edits(
                        text,
                        member.value_start,
                        metadata[key],
                        inner_sets,
                        inner_removes,
                        nl,
                        itemwise,
                    )
                )
                continue
            edits.append(
                (member.value_start, member.value_end, _json_text(value, metadata.get(key)))
            )
    gone = set(removes)
    kept = [m for m in members if m.key not in gone]
    if members and not kept:  # every member goes: back to an empty object
        tail = _match_end(_LINE_TAIL, text[members[-1].value_end :], 0)
        edits.append((open_end, members[-1].value_end + tail, ""))
    else:
        first_kept = members.index(kept[0]) if kept else 0
        for i, member in enumerate(members):
            if member.key not in gone:
                continue
            if i < first_kept:  # before every member kept: up to the next one's key
                edits.append((member.key_start, members[i + 1].key_start, ""))
            else:  # from the end of the one before it (its comma goes)
                edits.append((members[i - 1].value_end, member.value_end, ""))
    new_members = [(k, v) for k, v in sets.items() if k not in index]
    if new_members:
        written = [
            f"{json.dumps(k, ensure_ascii=False)}: {_json_text(v, None)}" for k, v in new_members
        ]
        if members:
            last = members[-1]
            line_begin = _line_start(text, last.key_start)
            indent = text[line_begin : last.key_start]
            indent = indent if not indent.strip() else "  "
        if kept:
            addition = "".join(f",{nl}{indent}{member}" for member in written)
            edits.append((kept[-1].value_end, kept[-1].value_end, addition))
        else:
            braces = text[:open_end].rstrip().endswith("{")
            if not members:
                indent = "  " if braces else ""
            lead = nl if braces else ""
            addition = f",{nl}".join(f"{indent}{member}" for member in written)
            edits.append((open_end, open_end, lead + addition + nl))
    return edits
