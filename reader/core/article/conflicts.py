"""Merge conflict markers left in an article by git (or by a sync tool that
merges text): ``<<<<<<<``, optionally ``|||||||`` (diff3), ``=======``,
``>>>>>>>``.  No Qt here.

:func:`conflict_problems` turns them into problems with line numbers;
:func:`split_conflicts` takes the text apart into the two (or three) sides.
Only a complete block counts (an opener, a separator, a closer, in that
order), so a Markdown heading underlined with seven ``=`` is not a conflict;
nor are markers inside a fenced code block (an article about git shows
them).  A conflict in the front matter is an error (it cannot be read); one
in the body is a warning (the front matter can still be edited safely).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.article.model import ERROR, WARNING, Problem

__all__ = [
    "ConflictBlock",
    "Sides",
    "conflict_blocks",
    "conflict_message",
    "conflict_problems",
    "split_conflicts",
]

_OPEN, _BASE, _SEP, _CLOSE = "<<<<<<<", "|||||||", "=======", ">>>>>>>"
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def _marker(line: str, marker: str) -> bool:
    if not line.startswith(marker):
        return False
    rest = line[len(marker) :]
    return not rest.strip("\r\n") or rest[0] in " \t"


@dataclass(frozen=True, slots=True)
class ConflictBlock:
    """One conflict: the 1-based lines of its markers (``base`` is ``None``
    without a diff3 base section)."""

    start: int
    base: int | None
    separator: int
    end: int


@dataclass(frozen=True, slots=True)
class Sides:
    """The text as each side had it; ``base`` is ``None`` when the markers
    carry no base section (plain ``merge`` style)."""

    mine: str
    theirs: str
    base: str | None


def _lines(text: str) -> list[str]:
    lines = _LINES.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def conflict_blocks(text: str, fences_from: int | None = 1, size: int = 7) -> list[ConflictBlock]:
    """The complete conflict blocks in ``text``.  Markers inside a fenced
    code block are an example, not a conflict; fences count from the line
    ``fences_from`` on (the body's first: front matter has no code blocks,
    and a fence opened in a block scalar must not hide the file's real
    conflicts), and not at all with None.  ``size``: the markers' length
    (git's ``conflict-marker-size`` attribute; 7 unless a file sets it)."""
    if size > len(text):  # (no line of the text is that long: no marker)
        return []
    opener, base_marker, separator, closer = (
        mark[0] * size for mark in (_OPEN, _BASE, _SEP, _CLOSE)
    )
    if opener not in text:
        return []
    blocks = []
    start = base = sep = None
    fence: str | None = None
    for number, line in enumerate(_lines(text), 1):
        opened = _FENCE.match(line) if fences_from is not None and number >= fences_from else None
        if start is None and opened is not None:
            mark = opened.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark) :]:
                fence = None
            continue
        if fence is not None:
            continue
        if _marker(line, opener):
            start, base, sep = number, None, None
        elif start is not None and sep is None and base is None and _marker(line, base_marker):
            base = number
        elif start is not None and sep is None and _marker(line, separator):
            sep = number
        elif start is not None and sep is not None and _marker(line, closer):
            blocks.append(ConflictBlock(start, base, sep, number))
            start = base = sep = None
    return blocks


def conflict_problems(
    text: str, path: str | None = None, body_start_line: int | None = None, size: int = 7
) -> list[Problem]:
    """One problem per conflict block, on the line of its ``<<<<<<<``: an
    error when it starts before ``body_start_line`` (or that is unknown), a
    warning in the body.  ``size``: the markers' length (see
    :func:`conflict_blocks`)."""
    blocks = conflict_blocks(text, body_start_line or 1, size)
    problems = []
    for block in blocks:
        front = body_start_line is None or block.start < body_start_line
        problems.append(
            Problem(
                ERROR if front else WARNING,
                conflict_message(block, body=not front),
                block.start,
                path,
            )
        )
    return problems


def conflict_message(block: ConflictBlock, shift: int = 0, *, body: bool = False) -> str:
    """What is said of ``block``, its lines moved by ``shift`` (a text that
    starts at the file's line ``shift + 1``).  In the front matter it
    blocks every edit; in the ``body`` it is kept as it is by an edit of the
    front matter, and blocks a commit (it said "before editing" there too,
    and the edit went through)."""
    lines = f"unresolved merge conflict (lines {block.start + shift}–{block.end + shift})"
    return (
        f"{lines}: resolve it before committing" if body else f"{lines}: resolve it before editing"
    )


def split_conflicts(text: str) -> Sides | None:
    """The text with each conflict block replaced by its ``mine`` (the
    ``<<<<<<<`` side), ``theirs`` (the ``>>>>>>>`` side) and, when every
    block has one, ``base`` section; ``None`` when there is no conflict."""
    blocks = conflict_blocks(text)
    if not blocks:
        return None
    lines = _lines(text)
    mine: list[str] = []
    theirs: list[str] = []
    base: list[str] | None = [] if all(b.base is not None for b in blocks) else None
    position = 0
    for block in blocks:
        common = lines[position : block.start - 1]
        for side in (mine, theirs, base):
            if side is not None:
                side.extend(common)
        mine_end = (block.base if block.base is not None else block.separator) - 1
        mine.extend(lines[block.start : mine_end])
        if base is not None and block.base is not None:
            base.extend(lines[block.base : block.separator - 1])
        theirs.extend(lines[block.separator : block.end - 1])
        position = block.end
    tail = lines[position:]
    for side in (mine, theirs, base):
        if side is not None:
            side.extend(tail)
    return Sides("".join(mine), "".join(theirs), "".join(base) if base is not None else None)
