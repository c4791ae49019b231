"""The front matter and the whole file as editable text: the Raw tab's view,
putting its text back losslessly, and the source editor's layout.  No Qt here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.core.article.codec import NOT_UTF8, parse_article
from reader.core.article.conflicts import conflict_blocks, conflict_message
from reader.core.article.model import Article, ArticleError
from reader.core.article.split import Split, decode, encode, join, split
from reader.core.common.sequences import opcodes
from reader.core.edit.fields import ValueError_
from reader.core.edit.merge3 import MINE, merge_text

__all__ = [
    "TextLayout",
    "file_line",
    "front_text_error",
    "front_view",
    "keep_mine_source",
    "replace_front_text",
    "source_bytes",
    "source_text",
]


def front_view(front: str) -> str:
    """Front-matter text as the Raw tab shows it: ``\\n`` line ends only (a
    text editor turns ``\\r\\n`` and ``\\r`` into its own line breaks)."""
    return _NEWLINE.sub("\n", front)


_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|\Z)")


def _lines_with_ends(text: str) -> list[tuple[str, str]]:
    """``(content, line end)`` per line; only the last line may lack an end."""
    lines: list[tuple[str, str]] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and (not text or lines):
            break
        lines.append((match.group(1), match.group(2)))
    return lines


def _front_from_view(parts: Split, text: str) -> str:
    """The Raw tab's text back as front-matter text for ``parts``.

    Lines the text shares with the current front matter keep their own line
    ends (a file with mixed line ends is not normalised by a one-line edit);
    new lines get the file's line end.  The last line gets a line end too,
    because the closing delimiter (or the body) must start on a line of its
    own: a text typed after the last line break would otherwise run into it
    (``draft: true---``).  Only a front matter that ends the file without a
    line end (Hugo's bare JSON) stays without one.
    """
    newline = parts.newline
    old = _lines_with_ends(parts.front)
    new = [content for content, _ in _lines_with_ends(front_view(text))]
    if not new:
        return ""
    ends = [newline] * len(new)
    for tag, i1, i2, j1, _j2 in opcodes([c for c, _ in old], new):
        if tag == "equal":
            for offset in range(i2 - i1):
                ends[j1 + offset] = old[i1 + offset][1] or newline
    if not front_view(text).endswith("\n"):
        keeps_no_end = (
            parts.format is not None
            and not parts.closer
            and not parts.body
            and not parts.front.endswith(("\n", "\r"))
        )
        ends[-1] = "" if keeps_no_end else ends[-1]
    return "".join(content + end for content, end in zip(new, ends, strict=True))


def _with_front_text(article: Article, front_text: str) -> Article | None:
    """The article with its front-matter text replaced by the Raw tab's text,
    always computed from ``article`` as read (never from an earlier edit);
    None when the text leaves the file as it is.  Raises :class:`ArticleError`
    (naming the file's line) when the result would not parse, would not read
    back with exactly this front matter and this body, or has an error."""
    parts = article.parts
    if parts.format is None:
        if not front_text.strip():
            return None
        nl = parts.newline
        parts = Split(parts.bom, "", "---" + nl, "", "---" + nl, parts.body, "yaml")
    new_parts = parts.replace_front(_front_from_view(parts, front_text))
    raw = join(new_parts)
    if raw == article.raw:
        return None
    reread = split(decode(raw))
    if reread != new_parts:
        # A line of the text reads as the closing delimiter ("---", "...",
        # "+++"): the rest of the text would become body.
        if reread.closer and len(reread.front) < len(new_parts.front):
            raise ArticleError(
                f"the line {reread.closer.strip()!r} would end the front matter here; "
                "indent or quote it",
                article.display_path,
                reread.body_start_line - 1,
            )
        raise ArticleError(
            "this text would not read back as the front matter of the file", article.display_path
        )
    new = parse_article(raw, article.path, mtime_ns=article.mtime_ns, size=article.size)
    if new.errors:
        error = new.errors[0]
        raise ArticleError(error.message, article.display_path, error.line)
    return new


def replace_front_text(article: Article, front_text: str) -> bytes:
    """The file with its front-matter text replaced as a whole (the Raw tab).

    ``front_text`` is the Raw tab's text (any line ends).  Works for broken
    files too: that is how they get fixed.  The result is always computed
    from ``article`` itself: the text is the single source of truth for the
    front matter, and everything outside it (BOM, leading blank lines,
    delimiters, body) stays byte for byte.  Raises :class:`ArticleError`,
    naming the line in the file, when the text cannot be saved.
    """
    new = _with_front_text(article, front_text)
    return article.raw if new is None else new.raw


def _first_front_line(parts: Split) -> int:
    """The file's line of the Raw tab's first line (see :func:`file_line`)."""
    return parts.front_start_line if parts.format is not None else 2


def file_line(parts: Split, row: int) -> int:
    """The line of the file that line ``row`` of the Raw tab is (or becomes,
    once saved), 1-based and counted from the top of the file, as the
    problems of an article count them: the opening ``---`` of a file that
    starts with it is line 1, so the front matter's first line is line 2.
    (A file without front matter gets its text under a new ``---``.)  Every
    line number shown to the user is a line of the file: the reader's
    problems, the list's tooltips, the Raw tab's error."""
    return _first_front_line(parts) + row - 1


def front_text_error(article: Article, front_text: str) -> ValueError_ | None:
    """What is wrong with ``front_text`` as the article's front matter (the Raw
    tab), with the line counted inside ``front_text``; None when it can be saved.
    An error outside the front matter (in the body) names the file's line in
    the message instead."""
    marked = conflict_blocks(front_text, fences_from=None)  # front matter has no code blocks
    if marked:
        shift = _first_front_line(article.parts) - 1  # said as the file's lines
        return ValueError_(conflict_message(marked[0], shift), marked[0].start)
    try:
        replace_front_text(article, front_text)
    except ArticleError as exc:
        if exc.line is None:
            return ValueError_(exc.message)
        line = exc.line - _first_front_line(article.parts) + 1
        blocks = front_view(front_text).count("\n") + 1  # the lines an editor shows
        if line > blocks + 1:
            return ValueError_(f"{exc.message} (line {exc.line} of the file)")
        return ValueError_(exc.message, max(1, min(line, blocks)))
    return None


_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class TextLayout:
    """What a plain-text editor does not keep: the line ending (the file's
    first), the BOM, whether the bytes were valid UTF-8 at all, and each
    line's own ending (``lines``: content and ending, as read), so that a
    file of mixed line endings keeps them where its lines are unchanged."""

    newline: str = "\n"
    bom: bool = False
    valid_utf8: bool = True
    lines: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)


def source_text(raw: bytes) -> tuple[str, TextLayout]:
    """The file as an editor shows it (``\\n`` line ends, no BOM) and its layout."""
    text = decode(raw)
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    match = _NEWLINE.search(text)
    try:
        raw.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    newline = match.group(0) if match else "\n"
    mixed = any(end != newline for end in _NEWLINE.findall(text))
    lines = tuple(_lines_with_ends(text)) if mixed else ()
    layout = TextLayout(newline, bom, valid, lines)
    return text.replace("\r\n", "\n").replace("\r", "\n"), layout


def source_bytes(text: str, layout: TextLayout | None = None) -> bytes:
    """The bytes to save for an editor's text: the file's line endings and
    BOM back, UTF-8 with ``surrogateescape`` (undecodable bytes kept).  In
    a file of mixed line endings, a line the text shares with the file, or
    edited in place, keeps its own; a new line takes the file's first."""
    layout = layout or TextLayout()
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if layout.lines:
        new = _lines_with_ends(text)
        ends = [layout.newline if end else "" for _, end in new]
        old = layout.lines
        for tag, i1, i2, j1, j2 in opcodes([c for c, _ in old], [c for c, _ in new]):
            # a line kept, or edited in place (as many lines for as many),
            # keeps its own ending
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for offset in range(i2 - i1):
                    if ends[j1 + offset] and old[i1 + offset][1]:
                        ends[j1 + offset] = old[i1 + offset][1]
        text = "".join(content + end for (content, _), end in zip(new, ends, strict=True))
    elif layout.newline != "\n":
        text = text.replace("\n", layout.newline)
    if layout.bom:
        text = "\ufeff" + text
    return text.encode("utf-8", "surrogateescape")


def keep_mine_source(base: bytes, mine: bytes, theirs: bytes) -> bytes:
    """The source editor's text (``mine``, edited from ``base``) kept over a
    version another program wrote meanwhile (``theirs``), line by line: the
    lines they changed that were not edited here come in byte for byte
    (their line ends, bytes that are not UTF-8), and where both changed the
    same lines, these edits win.  When they changed the file's line ends
    (or its BOM) throughout, the lines are compared without them and the
    file takes theirs.  All of ``mine`` when the merge would not read (bytes
    that are not UTF-8 excepted, when theirs has them too)."""
    base_text, base_layout = source_text(base)
    their_text, their_layout = source_text(theirs)
    if (base_layout.newline, base_layout.bom) != (their_layout.newline, their_layout.bom):
        merged_text = merge_text(base_text, source_text(mine)[0], their_text)
        merged = source_bytes(merged_text.pick(MINE), their_layout)
    else:
        merged = encode(merge_text(decode(base), decode(mine), decode(theirs)).pick(MINE))
    if merged == mine:
        return mine
    allowed = {NOT_UTF8} & {problem.message for problem in parse_article(theirs).errors}
    if any(problem.message not in allowed for problem in parse_article(merged).errors):
        return mine
    return merged
