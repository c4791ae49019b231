"""Three-way merges of an article: per front-matter key (base, mine, theirs:
pick one or type a value) and line by line for the body.  No Qt here.

The result is built on *mine*: its bytes are kept and only the keys whose
chosen value differs are rewritten (:func:`reader.core.article.patch.patch_metadata`),
so comments, key order, quoting and line endings stay; the body is replaced
by the merged text.  A body that still holds conflict markers the merge
wrote is refused, never saved half-resolved (markers the article quoted on
either side are its text).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.article.codec import (
    parse_article,
)
from reader.core.article.conflicts import conflict_blocks
from reader.core.article.model import Article, ArticleError
from reader.core.article.patch import patch_metadata
from reader.core.article.patch_values import dump_value, item_key, same_value
from reader.core.article.split import file_lines, join, split
from reader.core.common.sequences import matching_blocks, opcodes
from reader.core.edit.fields import parse_value_text

__all__ = [
    "BASE",
    "MINE",
    "MISSING",
    "THEIRS",
    "Chunk",
    "Edited",
    "KeyMerge",
    "MergePlan",
    "TextMerge",
    "alike",
    "merge_text",
    "merge_value",
    "plan_merge",
]

MINE = "mine"
THEIRS = "theirs"
BASE = "base"


class _Missing:
    """A key one side does not have."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Edited:
    """A value typed by the user instead of picking a side (``MISSING``
    removes the key)."""

    value: Any


Choice = str | Edited  # MINE, THEIRS, BASE or Edited(value)


# -- text -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chunk:
    """A stretch of the merged text.  ``conflict`` is True when both sides
    changed it differently; otherwise ``text`` is the merged text."""

    mine: str
    theirs: str
    base: str | None
    conflict: bool
    text: str


@dataclass(frozen=True, slots=True)
class TextMerge:
    chunks: tuple[Chunk, ...]

    @property
    def conflicts(self) -> int:
        return sum(chunk.conflict for chunk in self.chunks)

    def text(self, mine_label: str = "mine", theirs_label: str = "theirs") -> str:
        """The merged text; each conflict left as a marked block for the user
        to edit (``<<<<<<< mine`` … ``=======`` … ``>>>>>>> theirs``)."""
        out: list[str] = []
        for chunk in self.chunks:
            if not chunk.conflict:
                out.append(chunk.text)
                continue
            newline = "\r\n" if "\r\n" in chunk.mine + chunk.theirs else "\n"
            if out and out[-1] and not out[-1].endswith(("\n", "\r")):
                out.append(newline)
            out.append(f"<<<<<<< {mine_label}{newline}")
            out.append(_ended(chunk.mine, newline))
            out.append(f"======={newline}")
            out.append(_ended(chunk.theirs, newline))
            out.append(f">>>>>>> {theirs_label}{newline}")
        return "".join(out)

    def pick(self, side: str) -> str:
        """The merged text with every conflict taken from ``side``."""
        return "".join(
            (chunk.mine if side == MINE else chunk.theirs) if chunk.conflict else chunk.text
            for chunk in self.chunks
        )


def _ended(text: str, newline: str) -> str:
    return text if not text or text.endswith(("\n", "\r")) else text + newline


def _lines(text: str) -> list[str]:
    return file_lines(text)


def _mapping(base: list[str], other: list[str]) -> dict[int, int]:
    found: dict[int, int] = {}
    for i, j, n in matching_blocks(base, other, like_difflib=False):
        for k in range(n):
            found[i + k] = j + k
    return found


def merge_text(base: str | None, mine: str, theirs: str) -> TextMerge:
    """Merge ``mine`` and ``theirs`` line by line against ``base``: a stretch
    only one side changed takes that side's change; a stretch both changed
    the same way takes it once; one both changed differently is a conflict.
    Without a base every difference is a conflict."""
    a, c = _lines(mine), _lines(theirs)
    chunks: list[Chunk] = []
    if base is None:
        for tag, i1, i2, j1, j2 in opcodes(a, c):
            left, right = "".join(a[i1:i2]), "".join(c[j1:j2])
            if tag == "equal":
                chunks.append(Chunk(left, right, None, False, left))
            else:
                chunks.append(Chunk(left, right, None, True, ""))
        return TextMerge(tuple(chunks))
    b = _lines(base)
    to_a, to_c = _mapping(b, a), _mapping(b, c)
    where = [0] * len(b)  # the chunk of each base line
    ib = ia = ic = 0
    while True:
        j = ib
        while j < len(b) and not (j in to_a and j in to_c):
            j += 1
        ja, jc = (to_a[j], to_c[j]) if j < len(b) else (len(a), len(c))
        base_part, mine_part, their_part = "".join(b[ib:j]), "".join(a[ia:ja]), "".join(c[ic:jc])
        if base_part or mine_part or their_part:
            where[ib:j] = [len(chunks)] * (j - ib)
            if mine_part == their_part or their_part == base_part:
                chunks.append(Chunk(mine_part, their_part, base_part, False, mine_part))
            elif mine_part == base_part:
                chunks.append(Chunk(mine_part, their_part, base_part, False, their_part))
            else:
                fine = _merged_apart(base_part, mine_part, their_part)
                chunks.append(Chunk(mine_part, their_part, base_part, fine is None, fine or ""))
        if j >= len(b):
            break
        chunks.append(Chunk(b[j], b[j], b[j], False, b[j]))
        ib, ia, ic = j + 1, ja + 1, jc + 1
    return TextMerge(tuple(_joined(_moves_kept(chunks, b, where, (a, to_a), (c, to_c)))))


def _moves_kept(
    chunks: list[Chunk],
    base: list[str],
    where: list[int],
    mine: tuple[list[str], dict[int, int]],
    theirs: tuple[list[str], dict[int, int]],
) -> list[Chunk]:
    """The chunks, with each clean one that puts back a line (found once in
    the base) that one side moved away from a stretch the other changed
    made a conflict.  Matched the other way round, the move is a deletion
    and an insertion: with the other side's deletion of the line (its
    ``draft: true`` deleted, moved to the top by the other) the line came
    back, the delete lost; with a line it added next to it, that line went
    to the wrong side of it."""
    count = Counter(base)
    moved: dict[str, set[str]] = {}  # the line, and the sides that moved it
    for (lines, to_side), side in ((mine, MINE), (theirs, THEIRS)):
        present = set(lines)
        for k, line in enumerate(base):
            if count[line] == 1 and k not in to_side and line in present:
                chunk = chunks[where[k]]
                if (chunk.theirs if side == MINE else chunk.mine) != chunk.base:
                    moved.setdefault(line, set()).add(side)
    if not moved:
        return chunks
    out = []
    for chunk in chunks:
        if not chunk.conflict and chunk.mine != chunk.theirs and chunk.text:
            kept = Counter(line for line in _lines(chunk.text) if line in moved)
            if kept:
                other = {MINE: Counter(_lines(chunk.theirs)), THEIRS: Counter(_lines(chunk.mine))}
                if any(n > other[side][line] for line, n in kept.items() for side in moved[line]):
                    chunk = dataclasses.replace(chunk, conflict=True, text="")
        out.append(chunk)
    return out


Edit = tuple[int, int, list[str]]


def _edits(base: list[str], other: list[str]) -> list[Edit]:
    """``other`` as replacements of stretches of ``base``: (start, end, lines)."""
    return [
        (i, j, other[k:m])
        for tag, i, j, k, m in opcodes(base, other, like_difflib=False)
        if tag != "equal"
    ]


def _touch(first: Edit, second: Edit) -> bool:
    """Whether two edits of the two sides touch the same lines of the base
    (an insertion inside the other's stretch, or both at one place), or an
    insertion is right before or after lines the other deleted or replaced
    with more or fewer lines: where it goes is not known (a list item added
    after a list the other side removed would join the list before it).
    Changes to neighbouring lines still merge: each side changing lines in
    place or deleting them, a line added after one the other changed."""
    (s1, e1, lines1), (s2, e2, lines2) = first, second
    if s1 == e1 and s2 == e2:
        return s1 == s2
    if s1 == e1:
        return s2 < s1 < e2 or (s1 in (s2, e2) and len(lines2) != e2 - s2)
    if s2 == e2:
        return s1 < s2 < e1 or (s2 in (s1, e1) and len(lines1) != e1 - s1)
    return s1 < e2 and s2 < e1


def _any_touch(mine: list[Edit], theirs: list[Edit]) -> bool:
    """Whether an edit of one side touches one of the other's; each list is
    in order and its edits apart, so only neighbours in order are compared."""
    starts = [start for start, _end, _lines in theirs]
    for edit in mine:
        k = max(0, bisect_left(starts, edit[0]) - 1)
        while k < len(theirs) and theirs[k][0] <= edit[1]:
            if _touch(edit, theirs[k]):
                return True
            k += 1
    return False


def _merged_apart(base: str, mine: str, theirs: str) -> str | None:
    """A stretch both sides changed, merged when their changes touch
    different lines of it (a key edited on one line, the next key on the
    other: front matter has a key a line, and diff3 would call that a
    conflict); None when they touch the same line, or both insert at one
    place, or a line without its line break would end up before another
    (the last line of a file: the two would be joined)."""
    b = _lines(base)
    mine_edits, their_edits = _edits(b, _lines(mine)), _edits(b, _lines(theirs))
    if _any_touch(mine_edits, their_edits) or _moves(b, mine_edits) or _moves(b, their_edits):
        return None
    out: list[str] = []
    at = 0
    for start, end, lines in sorted(
        mine_edits + their_edits, key=lambda edit: (edit[0], edit[1] > edit[0], edit[1])
    ):
        out += b[at:start]
        out += lines
        at = max(at, end)
    out += b[at:]
    if any(not line.endswith(("\n", "\r")) for line in out[:-1]):
        return None
    return "".join(out)


def _moves(base: list[str], edits: list[Edit]) -> bool:
    """Whether the edits take away a line found once in ``base`` and put it
    back elsewhere: a move, which the other side's changes around it may
    have counted on staying (a line added before it) or taken away."""
    count = Counter(base)
    taken = {line for start, end, _lines in edits for line in base[start:end] if count[line] == 1}
    return any(line in taken for _start, _end, lines in edits for line in lines)


def _joined(chunks: list[Chunk]) -> list[Chunk]:
    """Neighbouring clean chunks as one (each run joined once: adding them up
    one by one copied the text so far at every line)."""
    out: list[Chunk] = []
    run: list[Chunk] = []

    def flush() -> None:
        if not run:
            return
        bases = [chunk.base for chunk in run]
        out.append(
            Chunk(
                "".join(chunk.mine for chunk in run),
                "".join(chunk.theirs for chunk in run),
                None if any(b is None for b in bases) else "".join(b or "" for b in bases),
                False,
                "".join(chunk.text for chunk in run),
            )
            if len(run) > 1
            else run[0]
        )
        run.clear()

    for chunk in chunks:
        if chunk.conflict:
            flush()
            out.append(chunk)
        else:
            run.append(chunk)
    flush()
    return out


# -- front matter -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyMerge:
    """One front-matter key on the three sides (``MISSING`` where a side
    lacks it).  ``changed_by`` is ``""`` (no side changed it), ``mine``,
    ``theirs``, ``both`` (the same way) or ``conflict``."""

    key: str
    base: Any
    mine: Any
    theirs: Any
    changed_by: str

    @property
    def conflict(self) -> bool:
        return self.changed_by == "conflict"

    @property
    def default(self) -> str:
        """The side taken unless the user picks another."""
        return THEIRS if self.changed_by == THEIRS else MINE

    def value(self, choice: Choice) -> Any:
        if isinstance(choice, Edited):
            return choice.value
        return {MINE: self.mine, THEIRS: self.theirs, BASE: self.base}[choice]

    @staticmethod
    def text(value: Any) -> str:
        """A value as YAML text, for showing and editing in one line, that
        :meth:`parse` reads back as the same value: in double quotes, with
        escapes, when it holds a character that is not printable (a line
        break, U+0085, U+2028, U+2029, a control character), which YAML or a
        line editor would take as a break or drop."""
        if value is MISSING:
            return ""
        texts = [dump_value(value, style, flow).rstrip("\n") for style, flow in _STYLES]
        for fits in (str.isprintable, _one_line, lambda text: True):
            for text in texts:
                if fits(text) and _reads_back(text, value):
                    return text
        return texts[0]

    @staticmethod
    def parse(text: str, held: Any = MISSING) -> Edited:
        """A typed value (YAML); an empty text removes the key.  Raises
        :class:`ArticleError` when it does not parse, or when it is
        yes/no/on/off over ``held``, a value that is not a boolean (see
        :func:`boolean_over_text`)."""
        if not text.strip():
            return Edited(MISSING)
        value, problem = parse_value_text(text, None if held is MISSING else held)
        if problem is not None:
            raise ArticleError(f"not a valid value: {problem.message}")
        return Edited(value)

    def typed(self, text: str) -> Edited:
        """:meth:`parse` of ``text`` typed for this key: over my side's value,
        or theirs where mine has none."""
        return self.parse(text, self.theirs if self.mine is MISSING else self.mine)


#: How :meth:`KeyMerge.text` writes a value, in order of preference: as it
#: would be saved, in flow style, in double quotes.
_STYLES = ((None, None), (None, True), ('"', True))


def _one_line(text: str) -> bool:
    return len(text.splitlines()) <= 1


def _reads_back(text: str, value: Any) -> bool:
    try:
        read = KeyMerge.parse(text).value
    except ArticleError:
        return False
    return _identical(read, value)


def _identical(left: Any, right: Any) -> bool:
    """Equal and of the same types, all the way down."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(
            _identical(key, other) and _identical(left[key], right[other])
            for key, other in zip(left, right, strict=True)
        )
    if isinstance(left, list | tuple):
        return len(left) == len(right) and all(map(_identical, left, right))
    return bool(left == right) or (left != left and right != right)


def alike(left: Any, right: Any) -> bool:
    """The same value to a reader (:data:`MISSING` alike only to itself)."""
    if left is MISSING or right is MISSING:
        return left is right
    return bool(same_value(left, right)) and bool(same_value(right, left))


def merge_value(base: Any, mine: Any, theirs: Any) -> Any:
    """Keep Mine for one value, part by part: what only they changed is
    theirs, what I changed is mine.  Mappings merge key by key and lists of
    items item by item (an item each side changed, merged the same way, in
    place), all the way down; where both changed the same part differently,
    mine.  :data:`MISSING` stands for a key a side does not have (and is
    what comes back for a key the merge drops)."""
    if alike(mine, base):
        return theirs  # (they changed it, or nobody did)
    if alike(theirs, base) or alike(mine, theirs):
        return mine
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        merged = {}
        for key in [*theirs, *(key for key in mine if key not in theirs)]:
            value = merge_value(
                base.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING)
            )
            if value is not MISSING:
                merged[key] = value
        return merged
    if isinstance(base, list) and isinstance(mine, list) and isinstance(theirs, list):
        return _merged_items(base, mine, theirs)
    return mine


def _merged_items(base: list, mine: list, theirs: list) -> list:
    """:func:`merge_value` for lists, item by item.  Each side's items are
    matched to the base's (equal items; an item changed in place, or the
    first items of a stretch replaced, by position); then each base item is
    merged (:func:`merge_value`: gone if a side dropped it and the other did
    not change it, mine if I changed it and they dropped it), and the items
    a side added go where it added them, theirs before mine (both once)."""
    keys = [item_key(v) for v in base]
    mine_of, mine_added = _matched(keys, [item_key(v) for v in mine])
    theirs_of, theirs_added = _matched(keys, [item_key(v) for v in theirs])
    merged: list = []
    for gap in range(len(base) + 1):
        theirs_new = [theirs[j] for j in theirs_added[gap]]
        merged.extend(theirs_new)
        merged.extend(
            mine[j] for j in mine_added[gap] if not any(alike(mine[j], t) for t in theirs_new)
        )
        if gap == len(base):
            break
        ours, other = mine_of[gap], theirs_of[gap]
        value = merge_value(
            base[gap],
            mine[ours] if ours is not None else MISSING,
            theirs[other] if other is not None else MISSING,
        )
        if value is not MISSING:
            merged.append(value)
    return merged


def _matched(base: list[str], other: list[str]) -> tuple[list[int | None], list[list[int]]]:
    """For each base item, the index of the other side's item it became
    (``None``: dropped), and for each gap before base item ``g`` (and after
    the last), the indexes of the items added there."""

    became: list[int | None] = [None] * len(base)
    added: list[list[int]] = [[] for _ in range(len(base) + 1)]
    for tag, i1, i2, j1, j2 in opcodes(base, other):
        if tag in ("equal", "replace"):
            paired = min(i2 - i1, j2 - j1)
            for k in range(paired):
                became[i1 + k] = j1 + k
            added[i1 + paired].extend(range(j1 + paired, j2))
        elif tag == "insert":
            added[i1].extend(range(j1, j2))
    return became, added


def _changed_by(base: Any, mine: Any, theirs: Any, has_base: bool) -> str:
    if alike(mine, theirs):
        return "" if has_base and alike(base, mine) else ("both" if has_base else "")
    if not has_base:
        return "conflict"
    if alike(base, mine):
        return THEIRS
    if alike(base, theirs):
        return MINE
    return "conflict"


@dataclass(frozen=True, slots=True)
class MergePlan:
    """How mine and theirs differ, key by key and in the body; build the
    resolved file with :meth:`result`."""

    mine: Article
    theirs: Article
    base: Article | None
    keys: tuple[KeyMerge, ...]
    body: TextMerge

    @property
    def conflicts(self) -> int:
        return sum(k.conflict for k in self.keys) + self.body.conflicts

    def result(self, choices: Mapping[str, Choice] | None = None, body: str | None = None) -> bytes:
        """The resolved file: mine's bytes with each key set to its chosen
        value (default :attr:`KeyMerge.default`) and the body replaced by
        ``body`` (default: the merged body).  Raises :class:`ArticleError`
        when a conflict is left unresolved (a conflicting key without a
        choice, conflict markers in the body) or the change cannot be made
        losslessly."""
        chosen = dict(choices or {})
        unresolved = [k.key for k in self.keys if k.conflict and k.key not in chosen]
        if unresolved:
            raise ArticleError(
                "choose a value for " + ", ".join(unresolved), self.mine.display_path
            )
        text = body if body is not None else self.body.text()
        left = _unresolved(text, self.body, body is None)
        if left:
            raise ArticleError(
                f"the body still has {len(left)} unresolved conflict(s)",
                self.mine.display_path,
                self.mine.parts.body_start_line + left[0] - 1,
            )
        changes: dict[str, Any] = {}
        remove: list[str] = []
        for key in self.keys:
            value = key.value(chosen.get(key.key, key.default))
            if value is MISSING:
                if key.mine is not MISSING:
                    remove.append(key.key)
            elif key.mine is MISSING or not alike(key.mine, value):
                changes[key.key] = value
        patched = patch_metadata(self.mine, changes, remove)
        parts = split(patched)
        if parts.body == text:
            return patched
        return join(dataclasses.replace(parts, body=text))


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")  # as conflict_blocks counts lines
_OPENER = re.compile(r"<<<<<<<(?:[ \t]|\r|\n|$)")


def _marked(text: str) -> tuple[list[tuple[int, str]], int]:
    """The complete conflict blocks in ``text``, fenced or not (the line of
    each opener and the block's text), and the count of opener lines."""
    if "<<<<<<<" not in text:
        return [], 0
    lines = _LINE.findall(text)
    blocks = conflict_blocks(text, None)
    found = [(block.start, "".join(lines[block.start - 1 : block.end])) for block in blocks]
    return found, sum(1 for line in lines if _OPENER.match(line))


def _unresolved(text: str, merged: TextMerge, its_own: bool) -> list[int]:
    """The lines of the conflicts left in ``text`` (the merged body when
    ``its_own``, else the user's).  A complete block is content when the body
    taken all from mine or all from theirs holds it (an article quoting
    markers, in a code block or not), as many times; the merge's own blocks,
    or more copies, or more openers than either side had (a block around a
    quoted one) are conflicts left."""
    if its_own and merged.conflicts:  # marked by text(): "<<<<<<< mine"
        lines = _LINE.findall(text)
        own = [n for n, line in enumerate(lines, 1) if line.rstrip("\r\n") == "<<<<<<< mine"]
        return (own + [1] * merged.conflicts)[: merged.conflicts]
    found, openers = _marked(text)
    if not found:
        return []
    content: Counter[str] = Counter()
    most = 0
    for side in (MINE, THEIRS):
        blocks, side_openers = _marked(merged.pick(side))
        content |= Counter(block for _line, block in blocks)
        most = max(most, side_openers)
    left = []
    for line, block in found:
        if content[block] > 0:
            content[block] -= 1
        else:
            left.append(line)
    if not left and openers > most:
        left = [found[0][0]]
    return left


def _article(raw: bytes, path: Path | None, side: str) -> Article:
    article = parse_article(raw, path)
    if article.has_errors and not article.front_matter_read:
        first = article.errors[0]
        raise ArticleError(
            f"{side}: the front matter does not parse ({first.message})",
            article.display_path,
            first.line,
        )
    return article


def plan_merge(
    base: bytes | None, mine: bytes, theirs: bytes, path: str | Path | None = None
) -> MergePlan:
    """Compare the three versions of an article (``base`` ``None`` when there
    is no common ancestor: then every difference is a conflict)."""
    where = Path(path) if path is not None else None
    mine_article = _article(mine, where, MINE)
    their_article = _article(theirs, where, THEIRS)
    base_article = _article(base, where, BASE) if base is not None else None
    base_meta = base_article.metadata if base_article is not None else {}
    names: list[str] = list(mine_article.metadata)
    for source in (their_article.metadata, base_meta):
        names.extend(k for k in source if k not in names)
    keys = []
    for name in names:
        b = base_meta.get(name, MISSING)
        m = mine_article.metadata.get(name, MISSING)
        t = their_article.metadata.get(name, MISSING)
        keys.append(KeyMerge(name, b, m, t, _changed_by(b, m, t, base_article is not None)))
    body = merge_text(
        base_article.body if base_article is not None else None,
        mine_article.body,
        their_article.body,
    )
    return MergePlan(mine_article, their_article, base_article, tuple(keys), body)
