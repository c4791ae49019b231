"""Matching two sequences (lines, list items) in bounded time.  No Qt here.

:class:`difflib.SequenceMatcher` without its junk heuristic finds the
longest matches exactly, but its work grows with the pairs of equal
elements times the matches it finds: a 20,000-line file with an edit at
each end took 13 s when a few lines repeated (blank lines, the same
paragraphs), 53 s when they were all alike, 500 blank lines against 250 a
second, and two 60,000-line sequences with many short matches minutes.
Here:

* two sequences small enough (the product of their lengths at most
  :data:`EXACT_BUDGET`, the estimated work at most :data:`COST_BUDGET`)
  are matched by difflib alone, as before;
* in larger ones the common start and end are matched first, in linear
  time (almost every edit touches one stretch of a file);
* what lies between goes to the exact matcher under the same two limits
  (and while the estimated work so far is at most :data:`EXACT_TOTAL`);
* a larger stretch is cut at anchors, elements found exactly once on each
  side, in the longest order both sides agree on (patience diff), or,
  without any, elements found as often on each side; each piece between
  two anchors is matched the same way, and in a piece without an anchor
  the runs of one element (120 unticked boxes) are matched whole, within
  the same limits, else it is left unmatched (a replacement).

The total work is capped (:data:`WORK_FACTOR` times the lengths): past it,
the pieces left are replacements.  Either way the result is a valid
alignment of the two sequences, and exactly difflib's for small ones.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from itertools import pairwise

__all__ = [
    "COST_BUDGET",
    "EXACT_BUDGET",
    "EXACT_TOTAL",
    "WORK_FACTOR",
    "Opcode",
    "matching_blocks",
    "opcodes",
    "unified_lines",
]

#: Above this product of a stretch's two lengths, it is cut at anchors.
EXACT_BUDGET = 250_000
#: Above this estimate of the exact matcher's work on a stretch (the pairs of
#: equal elements, times the shorter length: each pair may be looked at once
#: per match found), it is cut at anchors too: 500 blank lines against 250
#: took a second.
COST_BUDGET = 1_000_000
#: The exact matcher's estimated work in all, at most.
EXACT_TOTAL = 4 * COST_BUDGET
#: How often an element may be found on each side, at most, to anchor a
#: stretch that has no element found once on each side.
REPEATED_ANCHOR = 64
#: The elements looked at, at most, as a multiple of the two lengths.
WORK_FACTOR = 24

#: ``(tag, i1, i2, j1, j2)`` as :meth:`difflib.SequenceMatcher.get_opcodes`.
Opcode = tuple[str, int, int, int, int]
Block = tuple[int, int, int]


def _ends(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> tuple[int, int]:
    """How many elements ``a[alo:ahi]`` and ``b[blo:bhi]`` share at their
    start, and then at their end (not overlapping the start)."""
    limit = min(ahi - alo, bhi - blo)
    head = 0
    while head < limit and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while tail < limit - head and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
        tail += 1
    return head, tail


def _exact(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[Block]:
    matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
    return [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]


def _exact_cost(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> int:
    """An estimate of difflib's work on the stretch (see :data:`COST_BUDGET`)."""
    in_b: dict[Hashable, int] = {}
    for j in range(blo, bhi):
        in_b[b[j]] = in_b.get(b[j], 0) + 1
    pairs = sum(in_b.get(a[i], 0) for i in range(alo, ahi))
    return pairs * min(ahi - alo, bhi - blo)


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of elements found once in ``a[alo:ahi]`` and once in
    ``b[blo:bhi]``, the longest run of them in the same order on both sides.
    Without any such element, the elements found as often on each side (at
    most :data:`REPEATED_ANCHOR` times), the k-th in a paired with the k-th
    in b: a text repeated three times on both sides still lines up."""
    where_b: dict[Hashable, list[int]] = {}
    for j in range(blo, bhi):
        where_b.setdefault(b[j], []).append(j)
    in_a: dict[Hashable, int] = {}
    for i in range(alo, ahi):
        if a[i] in where_b:
            in_a[a[i]] = in_a.get(a[i], 0) + 1
    pairs: list[tuple[int, int]] = []
    for limit in (1, REPEATED_ANCHOR):
        taken: dict[Hashable, int] = {}
        for i in range(alo, ahi):
            element = a[i]
            count = in_a.get(element, 0)
            if 0 < count <= limit and len(where_b[element]) == count:
                k = taken.get(element, 0)
                taken[element] = k + 1
                pairs.append((i, where_b[element][k]))
        if pairs:
            break
    # the longest increasing run of the b indices, in a's order (patience)
    tops: list[int] = []  # the smallest b index ending a run of each length
    ends: list[int] = []  # the pair that ends it
    before: list[int] = []  # the pair before each pair in its run
    for k, (_i, j) in enumerate(pairs):
        length = bisect_left(tops, j)
        if length == len(tops):
            tops.append(j)
            ends.append(k)
        else:
            tops[length] = j
            ends[length] = k
        before.append(ends[length - 1] if length else -1)
    chain: list[tuple[int, int]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        chain.append(pairs[k])
        k = before[k]
    chain.reverse()
    return chain


def _run_list(seq: Sequence[Hashable], lo: int, hi: int) -> list[tuple[int, int]]:
    """``seq[lo:hi]`` as runs of one element: (start, length)."""
    runs: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        j = i + 1
        while j < hi and seq[j] == seq[i]:
            j += 1
        runs.append((i, j - i))
        i = j
    return runs


Piece = tuple[int, int, int, int]


def _runs(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    allowed: int,
) -> tuple[int, list[Block], list[Piece]] | None:
    """A stretch without anchors, its runs of one element (120 lines alike,
    one of them changed on the other side) taken as one element each and
    matched exactly: two matched runs share as many elements as the shorter
    has, the longer one's extra ones left next to the side of it where the
    other has more unmatched (a line ticked before a run of unticked ones is
    a replacement, not an insertion and a deletion at the far end).  The
    estimated work, the matched blocks, and the pieces left between them;
    None when that work is more than the exact matcher's limits (or
    ``allowed``)."""
    runs_a, runs_b = _run_list(a, alo, ahi), _run_list(b, blo, bhi)
    first_a = [a[i] for i, _n in runs_a]
    first_b = [b[j] for j, _n in runs_b]
    if len(first_a) * len(first_b) > EXACT_BUDGET:
        return None
    cost = _exact_cost(first_a, first_b, 0, len(first_a), 0, len(first_b))
    if cost > min(COST_BUDGET, allowed):
        return None
    pairs = [
        (runs_a[x + k], runs_b[y + k])
        for x, y, n in _exact(first_a, first_b, 0, len(first_a), 0, len(first_b))
        for k in range(n)
    ]
    blocks: list[Block] = []
    gaps: list[Piece] = []
    if not pairs:
        return cost, blocks, gaps  # nothing in common: a replacement
    at_a, at_b = alo, blo  # the end of the last match
    run_end_a, run_end_b = alo, blo  # the end of the last matched runs
    for (sa, la), (sb, lb) in pairs:
        before_a, before_b = sa - run_end_a, sb - run_end_b  # unmatched since the last runs
        run_end_a, run_end_b = sa + la, sb + lb
        if la > lb:
            sa += min(la - lb, max(0, before_b - before_a))
        elif lb > la:
            sb += min(lb - la, max(0, before_a - before_b))
        n = min(la, lb)
        if at_a < sa and at_b < sb:
            gaps.append((at_a, sa, at_b, sb))
        blocks.append((sa, sb, n))
        at_a, at_b = sa + n, sb + n
    if at_a < ahi and at_b < bhi:
        gaps.append((at_a, ahi, at_b, bhi))
    return cost, blocks, gaps


def _take(found: tuple, blocks: list[Block], pieces: list) -> int:
    """Add what :func:`_runs` found to ``blocks`` and ``pieces``; its cost."""
    cost, matched, gaps = found
    blocks += matched
    pieces += gaps
    return int(cost)


def _blocks(a: Sequence[Hashable], b: Sequence[Hashable], like_difflib: bool) -> list[Block]:
    if (
        like_difflib
        and len(a) * len(b) <= EXACT_BUDGET
        and _exact_cost(a, b, 0, len(a), 0, len(b)) <= COST_BUDGET
    ):
        return _exact(a, b, 0, len(a), 0, len(b))  # difflib's own alignment
    blocks: list[Block] = []
    budget = WORK_FACTOR * (len(a) + len(b) + 1)
    exact_left = EXACT_TOTAL
    pieces = [(0, len(a), 0, len(b))]
    while pieces:
        alo, ahi, blo, bhi = pieces.pop()
        head, tail = _ends(a, b, alo, ahi, blo, bhi)
        if head:
            blocks.append((alo, blo, head))
        if tail:
            blocks.append((ahi - tail, bhi - tail, tail))
        alo, blo, ahi, bhi = alo + head, blo + head, ahi - tail, bhi - tail
        if alo == ahi or blo == bhi:
            continue
        size = (ahi - alo) + (bhi - blo)
        if size > budget:
            continue  # past the cap: a replacement
        budget -= size
        if (ahi - alo) * (bhi - blo) <= EXACT_BUDGET:
            if not like_difflib:  # runs first (see matching_blocks)
                found = _runs(a, b, alo, ahi, blo, bhi, exact_left)
                if found is not None:
                    exact_left -= _take(found, blocks, pieces)
                    continue
            cost = _exact_cost(a, b, alo, ahi, blo, bhi)
            if cost <= min(COST_BUDGET, exact_left):
                exact_left -= cost
                blocks += _exact(a, b, alo, ahi, blo, bhi)
                continue
        budget -= 2 * size
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        if not anchors:  # runs of one element, matched whole
            found = _runs(a, b, alo, ahi, blo, bhi, exact_left)
            if found is not None:
                exact_left -= _take(found, blocks, pieces)
            continue
        edges = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
        for (i0, j0), (i1, j1) in pairwise(edges):
            if i0 >= alo:
                blocks.append((i0, j0, 1))
            if i0 + 1 < i1 and j0 + 1 < j1:
                pieces.append((i0 + 1, i1, j0 + 1, j1))
    return sorted(blocks)


def matching_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], like_difflib: bool = True
) -> list[Block]:
    """The matching stretches ``(i, j, n)`` (``a[i:i+n] == b[j:j+n]``), in
    order and not overlapping, neighbours joined, without the zero-length
    end marker that :meth:`~difflib.SequenceMatcher.get_matching_blocks` adds.
    Not ``like_difflib`` (for merges), the common start and end are matched
    first even in small sequences, as git does, and runs of one element are
    matched whole (see :func:`_runs`) before the rest: difflib matches the
    longest stretch first, and in lines that repeat (a list of unticked
    boxes, one ticked) that can be one shifted from the change, which then
    reaches over lines nobody changed, a false clash in a merge."""
    merged: list[Block] = []
    for i, j, n in _blocks(a, b, like_difflib):
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            last = merged.pop()
            merged.append((last[0], last[1], last[2] + n))
        else:
            merged.append((i, j, n))
    return merged


def opcodes(
    a: Sequence[Hashable], b: Sequence[Hashable], like_difflib: bool = True
) -> list[Opcode]:
    """How to turn ``a`` into ``b``: ``equal``, ``replace``, ``delete`` and
    ``insert`` stretches covering both sequences, as
    :meth:`~difflib.SequenceMatcher.get_opcodes` gives them (see
    :func:`matching_blocks` for ``like_difflib``)."""
    out: list[Opcode] = []
    i = j = 0
    for ai, bj, n in [*matching_blocks(a, b, like_difflib), (len(a), len(b), 0)]:
        if i < ai and j < bj:
            out.append(("replace", i, ai, j, bj))
        elif i < ai:
            out.append(("delete", i, ai, j, bj))
        elif j < bj:
            out.append(("insert", i, ai, j, bj))
        if n:
            out.append(("equal", ai, ai + n, bj, bj + n))
        i, j = ai + n, bj + n
    return out


def _grouped(ops: list[Opcode], context: int) -> list[list[Opcode]]:
    """The changes in hunks, each with ``context`` equal elements around it,
    as :meth:`~difflib.SequenceMatcher.get_grouped_opcodes` groups them."""
    if not ops:
        return []
    ops = list(ops)
    tag, i1, i2, j1, j2 = ops[0]
    if tag == "equal":
        ops[0] = (tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2)
    tag, i1, i2, j1, j2 = ops[-1]
    if tag == "equal":
        ops[-1] = (tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context))
    groups: list[list[Opcode]] = []
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            groups.append(group)
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        groups.append(group)
    return [g for g in groups if any(op[0] != "equal" for op in g)]


def _hunk_range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def unified_lines(
    a: Sequence[str], b: Sequence[str], fromfile: str, tofile: str, context: int = 3
) -> list[str]:
    """The lines of a unified diff of the lines ``a`` and ``b`` (with their
    line ends), in the format of :func:`difflib.unified_diff`, matched by
    :func:`opcodes` (bounded time); empty when nothing differs."""
    out: list[str] = []
    for group in _grouped(opcodes(a, b), context):
        if not out:
            out += [f"--- {fromfile}\n", f"+++ {tofile}\n"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_hunk_range(first[1], last[2])} +{_hunk_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in a[i1:i2]]
                continue
            if tag in {"replace", "delete"}:
                out += ["-" + line for line in a[i1:i2]]
            if tag in {"replace", "insert"}:
                out += ["+" + line for line in b[j1:j2]]
    return out
