"""Long paragraphs cut into blocks that Qt can lay out.  No Qt here.

Qt's text document lays out a paragraph (one of its blocks) as a whole, in
time that grows faster than its length: one paragraph of 500,000 characters
took 0.5 s in ``setHtml``, one of 5,000,000 (a minified web page saved as
an article, a text with no line breaks) 7.7 s, and every resize as much
again, while the same text in paragraphs of 10,000 characters took 0.3 s.
:func:`bound_blocks` puts a paragraph separator (U+2029, which Qt's HTML
import turns into a new block with the same formats) into the text of any
block that would be longer than ``limit`` characters, after a space where
there is one.  Only the reader's Qt documents (the pane, printing, the PDF
export) take it: the separator begins a new line there, where a browser
would show a line break or nothing at all.
"""

from __future__ import annotations

import re

__all__ = ["BLOCK_LIMIT", "NESTING_LIMIT", "WORD_LIMIT", "bound_blocks", "bound_nesting"]

BLOCK_LIMIT = 20_000
"""The most characters of text a block of the reader's documents holds."""

WORD_LIMIT = 1_000
"""The most characters of a word (a run without a blank) in one block: Qt
lays a word out whole before it breaks its line inside it (a line of
2,000,000 letters was laid out again in 1.5 s at each resize in blocks of
20,000; its words cut into blocks of 1,000, 0.36 s, as much as words take)."""

SEPARATOR = "\u2029"

# The elements whose tags begin or end a block of Qt's document.
_BLOCK_NAMES = (
    "address", "blockquote", "body", "center", "dd", "div", "dl", "dt",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li", "ol", "p", "pre",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
)  # fmt: skip
# A block tag, kept by split() between the runs of everything else.  Tags
# as the sanitizer writes them: names in lower case (matched so, three times
# as fast as without regard to case), attribute values quoted, "<" escaped
# in them and in text, so a run of text never holds a "<" or a ">".
_BLOCK_TAG = re.compile(rf"""(</?(?:{"|".join(_BLOCK_NAMES)})\b(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_BLOCK_EDGE = re.compile(rf"</?(?:{'|'.join(_BLOCK_NAMES)})\b")
# A whole tag, its quoted values holding what they may; one over lines.
_WHOLE_TAG = re.compile(r"""<[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>""")
_TAG_OVER_LINES = re.compile(r"<[A-Za-z/][^<>]*\n")
# Elements whose text is no text of the page, never cut.
_RAW_NAMES = ("style", "script", "title", "textarea")
_RAW = re.compile(rf"(<({'|'.join(_RAW_NAMES)})\b.*?</\2\s*>)", re.DOTALL)


def bound_blocks(html: str, limit: int = BLOCK_LIMIT) -> str:
    """``html`` with a paragraph separator wherever a block would hold more
    than ``limit`` characters (tags counted: a block of much markup is cut
    sooner), after a space of its text where there is one, never inside a
    tag or an entity.  In ``<pre>`` each line is a block of its own.
    Returned as it is when no block is that long; linear in its length."""
    limit = max(limit, 16)
    if len(html) <= limit:
        return html
    if max(map(len, _BLOCK_EDGE.split(html))) <= limit:
        return html  # (a quick look first: no run is that long, tags and all)
    parts = _BLOCK_TAG.split(html)  # runs at even places, block tags between
    changed = False
    in_pre = 0
    for place, part in enumerate(parts):
        if place % 2:
            name = part[1:5]
            if name.startswith("pre") and not part[4:5].isalnum():
                in_pre += 1
            elif name == "/pre":
                in_pre = max(in_pre - 1, 0)
            continue
        if len(part) <= limit:
            continue
        if in_pre and not _TAG_OVER_LINES.search(part):
            bounded = "\n".join(_bound_run(line, limit) for line in part.split("\n"))
        else:
            bounded = _bound_run(part, limit)
        if bounded != part:
            parts[place] = bounded
            changed = True
    return "".join(parts) if changed else html


def _bound_run(run: str, limit: int) -> str:
    """One run between block tags, cut every ``limit`` characters at most;
    ``<style>`` and the like are passed over whole."""
    if len(run) <= limit:
        return run
    if any(f"<{name}" in run for name in _RAW_NAMES) and _RAW.search(run):
        pieces = _RAW.split(run)  # text, element, its name, text…
        return "".join(
            piece if place % 3 else _bound_run(piece, limit)
            for place, piece in enumerate(pieces)
            if place % 3 != 2
        )
    out: list[str] = []
    brackets = _Brackets(run)
    start = 0
    while start < len(run):
        end = start + limit
        ahead = _WORD.match(run, start, min(len(run), start + WORD_LIMIT + 1))
        if ahead is not None and ahead.end() - start > WORD_LIMIT:
            cut = _placed_cut(
                run, start, start + WORD_LIMIT, brackets
            )  # a long word, cut every so often
        else:
            # (looked for in this block's room only: linear in the run's length)
            word = _LONG_WORD.search(run, start, min(len(run), end))
            if word is not None:
                cut = _placed_cut(run, start, word.start(), brackets)  # a long word begins a block
            elif len(run) - start <= limit:
                break
            else:
                cut = _cut_at(run, start, end, limit, brackets)
        out.append(run[start:cut])
        out.append(SEPARATOR)
        start = cut
    out.append(run[start:])
    return "".join(out)


# A word: a run without a blank.  A long one is looked for from the start of
# a word only (from every letter of a word, the search went over the rest of
# it again each time).
_WORD = re.compile(r"[^ \n\t]*")
_LONG_WORD = re.compile(f"(?<![^ \n\t])[^ \n\t]{{{WORD_LIMIT + 1},}}")


class _Brackets:
    """Whether a place of one run is in text, not inside a tag: the next
    angle bracket after it opens a tag (or there is none).  The place of
    the next ">" is kept from one question to the next (a run of text
    without one was searched to its end at every cut: 10 MB of text took
    seconds)."""

    def __init__(self, run: str) -> None:
        self.run = run
        self.asked = len(run) + 1  # the place the kept answer was found from
        self.closing = -1  # the first ">" at or after it, or -1

    def in_text(self, position: int) -> bool:
        run = self.run
        if not (self.asked <= position and (self.closing == -1 or position <= self.closing)):
            self.asked, self.closing = position, run.find(">", position)
        closing = self.closing
        return closing == -1 or run.find("<", position, closing) > -1


def _cut_at(run: str, start: int, end: int, limit: int, brackets: _Brackets) -> int:
    """Where to cut ``run`` after ``start``, at or before ``end`` if it can:
    after the last whitespace of text within the last quarter of the room;
    else at ``end`` if that is in text, or at the tag it is in (before it,
    else after it); never inside an entity (``&amp;``)."""
    floor = max(start + 1, end - limit // 4)
    for space in (" ", "\n", "\t"):
        position = run.rfind(space, floor, end)
        while position >= floor and not brackets.in_text(position):
            tag = run.rfind("<", floor, position)
            position = run.rfind(space, floor, tag) if tag != -1 else -1
        if position >= floor:
            return position + 1
    return _placed_cut(run, start, end, brackets)


def _placed_cut(run: str, start: int, position: int, brackets: _Brackets) -> int:
    """A cut at ``position`` (after ``start``) if that is in text, or at the
    tag it is in (before it, else after it); never inside an entity."""
    if not brackets.in_text(position):
        tag = run.rfind("<", start, position)
        if tag > start:
            return tag
        # after the tag, whole: an attribute's value may hold a ">"
        whole = _WHOLE_TAG.match(run, run.rfind("<", 0, position))
        return whole.end() if whole is not None else len(run)
    entity = run.rfind("&", max(start + 1, position - 32), position)
    if entity != -1 and ";" not in run[entity:position]:
        return entity
    return position


NESTING_LIMIT = 8
"""The most lists and quotes one inside another a reader's document shows."""

_NESTING_TAG = re.compile(r"<(/?)(ul|ol|dl|blockquote)\b[^>]*>")


def bound_nesting(html: str, limit: int = NESTING_LIMIT) -> str:
    """``html`` without the list and quote tags nested deeper than
    ``limit``: what they hold stays, at the deepest level shown.  Qt indents
    each level by as much again, so that from the fourteenth the text had a
    column of a word's width, and past the hundred and fifteenth nothing
    was drawn at all; a browser would scroll sideways instead."""
    if (
        html.count("<ul") + html.count("<ol") + html.count("<blockquote") + html.count("<dl")
        <= limit
    ):
        return html
    kept: list[bool] = []  # for each open list or quote: whether its tags stay
    depth = 0
    pieces: list[str] = []
    copied = 0
    for match in _NESTING_TAG.finditer(html):
        if match.group(1):
            if not kept:
                continue  # (a closing tag with no opening one: left to Qt)
            stays = kept.pop()
            depth -= stays
        else:
            stays = depth < limit
            kept.append(stays)
            depth += stays
        if not stays:
            pieces.append(html[copied : match.start()])
            copied = match.end()
    if not pieces:
        return html
    pieces.append(html[copied:])
    return "".join(pieces)
