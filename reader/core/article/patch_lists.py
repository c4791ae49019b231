"""Changing a list item by item in its text: the old and new items aligned, and
only the renamed, removed or added items' text spliced (YAML and JSON).  No Qt here."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import yaml

from reader.core.article.patch_values import _NEWLINE_RE, _line_end, _line_start
from reader.core.common.sequences import opcodes

__all__ = []


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


@dataclass(frozen=True, slots=True)
class _Moved:
    """A new item that is old item ``index`` moved: where the old item's text
    stands alone on its lines, those lines move with it, comment and all."""

    index: int
    value: Any


def _align(
    old: list, new: list, moves: bool = False, key: Callable[[Any], Any] = _freeze
) -> list[tuple]:
    """Item operations turning ``old`` into ``new``: ("change", i, value),
    ("delete", i) and ("insert", after_i, [values]) (after_i -1: before all).

    With ``moves``, an item that leaves one place and comes back at another
    is a :class:`_Moved` among the inserted values, and the changes around
    it are deletions and insertions too: an item paired with another as a
    "change" keeps its own text's comment, which would then speak of the
    other item.  Items are alike when their ``key`` is."""
    frozen_old = [key(v) for v in old]
    frozen_new = [key(v) for v in new]
    blocks = [c for c in opcodes(frozen_old, frozen_new) if c[0] != "equal"]
    source: dict[int, int] = {}  # new index -> the old index it moved from
    if moves:
        left: dict[Any, list[int]] = {}
        for _, i1, i2, _, _ in blocks:
            for i in range(i1, i2):
                left.setdefault(frozen_old[i], []).append(i)
        for _, _, _, j1, j2 in blocks:
            for j in range(j1, j2):
                places = left.get(frozen_new[j])
                if places:
                    source[j] = places.pop(0)
    taken = set(source.values())
    ops: list[tuple] = []
    for _, i1, i2, j1, j2 in blocks:
        if any(j in source for j in range(j1, j2)) or any(i in taken for i in range(i1, i2)):
            ops.extend(("delete", i) for i in range(i1, i2))
            if j2 > j1:
                values = [
                    _Moved(source[j], new[j]) if j in source else new[j] for j in range(j1, j2)
                ]
                ops.append(("insert", i1 - 1, values))
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
    # (a block list's items moved keep their lines; a flow list's are written again)
    ops = _align([e.value for e in seq.elements], new, moves=seq.block)
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
    for first, last in _runs(deleted, _apart(text, seq) if seq.block else None):
        deletion = _deletion(text, seq, first, last)
        if deletion is None:
            return None
        edits.extend(deletion)
    return edits


def _runs(indexes: list[int], apart: set[int] | None = None) -> list[tuple[int, int]]:
    """Consecutive runs (first, last) of sorted ``indexes``; a run does not
    go on past an index in ``apart``."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indexes):
        if runs and runs[-1][1] == i - 1 and not (apart and i - 1 in apart):
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _apart(text: str, seq: _Seq) -> set[int]:
    """The elements of a block list with lines between them and the next
    one (comments, blank lines): removing both keeps those lines."""
    elements = seq.elements
    return {
        i
        for i, (element, following) in enumerate(pairwise(elements))
        if _line_end(text, element.end) < _line_start(text, following.start)
    }


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
    own: dict[int, str] = {}  # position in values -> a moved item's own lines
    if seq.block:
        for position, value in enumerate(values):
            if isinstance(value, _Moved) and _alone(text, seq, elements[value.index])[0]:
                moved = elements[value.index]
                lines_of = text[_line_start(text, moved.start) : _line_end(text, moved.end)]
                own[position] = lines_of.rstrip("\r\n")
    emitted = [
        own.get(position)
        if position in own
        else seq.emit(value.value if isinstance(value, _Moved) else value, like, False)
        for position, value in enumerate(values)
    ]
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
        lines = "".join(
            f"{e}{nl}" if position in own else f"{lead}{e}{nl}" for position, e in enumerate(texts)
        )
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
