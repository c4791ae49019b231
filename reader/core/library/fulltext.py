"""Plain text for excerpts, snippets and the full-text index.  No Qt here.

Chinese, Japanese and Korean are written without spaces between words, so a
word tokenizer sees a whole sentence as one "word".  :func:`index_text`
therefore rewrites every run of CJK characters into overlapping bigrams plus
the run's last character on its own (``知识产权`` → ``知识 识产 产权 权``) before
the text reaches SQLite's ``unicode61`` tokenizer:

* a CJK query of two or more characters becomes a phrase of its bigrams
  (``产权`` → ``"产权"``; ``知识产权`` → ``"知识 识产 产权"``), which matches
  exactly the texts that contain it as a substring;
* a single CJK character becomes the prefix query ``"权"*``: every occurrence
  of a character either starts a bigram or ends its run, so nothing is missed;
* other scripts keep their words, and every query word is also a prefix
  (``regul`` finds *regulation*).

The bigrams go into the index, and into queries, as ASCII tokens
(:func:`cjk_token`: ``知识`` → ``_77e58bc6``): the tokenizer reads ASCII in
a fast path, where each CJK character costs it two table searches (case
folding, then diacritics), and the full-text insert took 30% less time for
the generated library.  The ``_`` in front keeps them apart from the words of
any text: the tokenizer is told ``_`` is part of a word (``tokenchars``), and
:func:`index_text` and queries turn every other ``_`` into a space, where the
tokenizer cut words before.
"""

from __future__ import annotations

import functools
import html
import operator
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from reader.core.article.split import readable
from reader.core.common.text import HAN_KANA, unwrap_lines, wrapped_newline

__all__ = [
    "QueryTerm",
    "chars_within",
    "collapse_whitespace",
    "compile_patterns",
    "either_width",
    "excerpt",
    "excerpt_of_plain",
    "excerpt_of_text",
    "fts_match",
    "index_bytes",
    "index_text",
    "narrow",
    "parse_query",
    "plain_text",
    "snippet",
    "text_width",
    "utf8",
]

# Han (incl. extension A and compatibility), kana, Hangul, CJK symbols that are letters.
_CJK_CLASS = (
    "\u3005\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3105-\u312f"
    "\u3131-\u318e\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
    "\U00020000-\U0003134f"
)


@functools.cache
def _cjk(kind: str) -> re.Pattern[str]:
    """The CJK patterns, compiled when first used: each takes ~15 ms to
    compile, which opening a library in the window does not need to pay."""
    # "[c][c]*" rather than "[c]+": a pattern that starts with a character
    # class lets the regular expression engine skip ahead to a character of
    # that class in C; one that starts with a repeat is tried at every
    # position (the split below took 0.6x the time written this way).
    pattern = {
        "run": f"[{_CJK_CLASS}][{_CJK_CLASS}]*",
        "split": f"([{_CJK_CLASS}][{_CJK_CLASS}]*)",  # split() keeps the runs
        "char": f"[{_CJK_CLASS}]",
        "not": f"[^{_CJK_CLASS}]",
    }[kind]
    return re.compile(pattern)


# Fullwidth Latin letters and digits (ＧＤＰ, ２０２１: common in Chinese and
# Japanese text) stand for the ASCII ones, as Unicode's compatibility
# normalisation (NFKC) says; the tokenizer would keep them apart.
_FULLWIDTH_CLASS = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_NARROW = {
    code: code - 0xFEE0
    for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(start, end + 1)
}


@functools.cache
def _fullwidth_runs() -> re.Pattern[str]:
    return re.compile(f"[{_FULLWIDTH_CLASS}][{_FULLWIDTH_CLASS}]*")


def _narrowed(match: re.Match[str]) -> str:
    return match.group(0).translate(_NARROW)


def narrow(text: str) -> str:
    """``text`` with its fullwidth Latin letters and digits as ASCII (only
    those: fullwidth punctuation separates words either way), for the index
    and for queries alike; a text without any is returned as it is, found
    in one pass in C."""
    if text.isascii():
        return text
    return _fullwidth_runs().sub(_narrowed, text)


_UTF16 = "utf-16-be"
# The hexadecimal digits of a UTF-16 code unit are four ASCII bytes: one item
# of an array of 32-bit items (only moved around, never read as numbers, so
# their byte order does not matter).  A token's slot in the index text is
# three such items: this mark ("_" after blanks), then the digits of the
# bigram's two code units (see _index_piece).
_SLOT_MARK = array("I", b"   _")

# Every pattern here runs in linear time on any text: a failed attempt never
# scans past the next place where another attempt would start (a tag stops at
# the next "<", a link at the next "[", a line pattern at the line's end), so
# a megabyte of "<b" or "[" costs one pass, not one pass per character.
_RAW_NAMES = ("script", "style", "template")
_RAW_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW_NAMES}
_COMMENT_OPEN = re.compile("<!--")
_COMMENT_CLOSE = re.compile("-->")
# Where a long body may be cut into pieces (comments and scripts are gone
# by then): HTML before a "<", as no tag holds one; Markdown at a blank line,
# which no construct we strip spans, else at a line break.
_HTML_CUTS = (re.compile("<"),)
_MARKDOWN_CUTS = (re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)"), re.compile(r"\r?\n|\r"))
# The elements whose tags part words: address article aside blockquote br dd
# div dl dt figcaption figure footer h1-h6 header hr li main nav ol p pre
# section table tbody td tfoot th thead tr ul, written as a tree of their
# letters, which the regular expression engine tries at each "<" in a few
# steps instead of one name after another (3.5 µs less an HTML article of the
# generated library; tests/core/test_complete_index.py tries every name).
_BLOCK_TAG_TREE = (
    "a(?:ddress|rticle|side)|b(?:lockquote|r)|d(?:[dlt]|iv)|f(?:igcaption|igure|ooter)|"
    "h(?:[1-6r]|eader)|li|main|nav|ol|p(?:re)?|section|t(?:able|body|[dhr]|foot|head)|ul"
)
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAG_TREE})\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>")

# The whole-line patterns start with the line break before the line (the piece
# gets one in front while they run): a pattern that starts with a literal
# character is searched for that character first, in C, where one that starts
# with ``^`` is tried at every position (about three times slower on the
# generated library).  None of them goes past the end of its line, so each
# matches exactly the lines that ``^...$`` in MULTILINE mode matches.
_MD_FENCE = re.compile(r"\n {0,3}(?:```|~~~)[^\n]*")
# A link's destination may hold one level of parentheses (Wikipedia's "Foo_(bar)").
_MD_DESTINATION = r"\((?:[^()\[\]]|\([^()\[\]]*\))*\)"
_MD_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _MD_DESTINATION)
_MD_LINK = re.compile(r"\[([^\[\]]*)\]" + _MD_DESTINATION)
_MD_REF_DEF = re.compile(r"\n {0,3}\[[^\[\]]+\]:\s+\S+[^\n]*")
_MD_LINE_MARKS = re.compile(r"\n {0,3}(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+|\d+[.)][ \t]+)")
_MD_TABLE_RULE = re.compile(
    r"\n[ \t]*(?:\|[ \t]*)?:?-{3,}:?(?:[ \t]*\|[ \t]*:?-{3,}:?)*[ \t]*(?:\|[ \t]*)?(?=\n|\Z)"
)
_MD_HR = re.compile(r"\n {0,3}(?:[-*_][ \t]*){3,}(?=\n|\Z)")
_SPACE = re.compile(r"\s")
# Emphasis and strikethrough marks (a run taken whole), but not "_" inside a
# word (my__var, snake__case: CommonMark shows them), nor "*" between two
# digits (2*3, 2**10); "**" and "~~" inside a word are emphasis (这是**重要**的).
# Each way starts with the mark it takes, and what may not come before the
# run is looked behind its first mark: written with the conditions first
# ("(?<![*_~])(?:(?<![^\W_])_{2,}|..."), the pattern was tried at every
# position of the body, 10 times slower on Markdown with emphasis in it
# (tests/core/test_fulltext_patterns.py checks the two agree).
_MD_EMPHASIS = re.compile(
    r"(?:_(?<![*~\w]_)_+"  # "__" not after a letter or digit (nor a mark)
    r"|_(?<![*_~]_)_+(?![^\W_])"  # "__" not before one
    r"|\*(?<![*_~\d]\*)\**"  # "*" not after a digit
    r"|\*(?<![*_~]\*)\**(?!\d)"  # "*" not before one
    r"|~(?<![*_~\d]~)~+"  # "~~" not after a digit
    r"|~(?<![*_~]~)~+(?!\d))"  # "~~" not before one
    r"(?![*_~])"
)
# Characters shown as nothing (a soft hyphen, zero-width spaces and joiners,
# a word joiner): the tokenizer cut a word there (Donau&shy;dampf&shy;schiff).
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def _drop_invisible(text: str) -> str:
    """``text`` without the characters shown as nothing.  Looked for one by
    one first (a search for one character runs through a text in a tight
    loop; the pattern, a class, tests each character in turn: 30 µs a
    body of the generated library, for characters that are rarely there)."""
    if text.isascii() or not any(char in text for char in _INVISIBLE_CHARS):
        return text
    return _INVISIBLE.sub("", text)


# <https://example.org/a>, <someone@example.org> (CommonMark's autolinks)
_MD_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")

# A match's first group, as a replacement: called in C (a template such as
# r"\1" is expanded by Python code at each match, twice as slow for a page
# of links).  Each pattern it replaces with always sets that group.
_FIRST_GROUP = operator.methodcaller("group", 1)

# Long texts are processed in pieces of about this many characters, cut where
# nothing spans the cut (see _pieces), so that the lists Python builds on the
# way (words, bigrams) stay small whatever the size of the article.
_PIECE = 1 << 16


@functools.cache
def _hidden_open(names: tuple[str, ...]) -> re.Pattern:
    """The start of a comment or of an element named in ``names``."""
    if not names:
        return _COMMENT_OPEN
    return re.compile(rf"<!--|<({'|'.join(names)})\b[^<>]*>", re.IGNORECASE)


def _drop_hidden(body: str) -> str:
    """``body`` without its comments and its ``<script>``, ``<style>`` and
    ``<template>`` elements, in one pass.

    A comment never closed hides the rest of the body, as in a browser.  An
    element never closed stays (its tags are removed later, like any other),
    and once one is found unclosed no later one of that name is looked for:
    there is no closing tag after it either.  Linear time, and the kept text
    is gathered in groups, so a body of a million comments is no list of a
    million pieces.
    """
    kept: list[str] = []
    group: list[str] = []
    position = search_from = 0
    names: tuple[str, ...] = _RAW_NAMES
    while True:
        opening = _hidden_open(names).search(body, search_from)
        if opening is None:
            break
        search_from = opening.end()
        if opening.group(0) == "<!--":
            closing = _COMMENT_CLOSE.search(body, opening.end())
        else:
            name = opening.group(1).lower()
            closing = _RAW_CLOSE[name].search(body, opening.end())
            if closing is None:  # and none later: look for the other names only
                names = tuple(n for n in names if n != name)
                continue
        # (nothing in its place: as a browser shows it, a comment inside a
        # word, 知识<!-- x -->产权, leaves the word whole)
        group.append(body[position : opening.start()])
        if closing is None:  # an unclosed comment
            position = len(body)
            break
        position = search_from = closing.end()
        if len(group) >= 4096:
            kept.append("".join(group))
            group.clear()
    if position == 0:
        return body
    group.append(body[position:])
    kept.append("".join(group))
    return "".join(kept)


# A fence's opening line: at the body's start (_FENCE_AT_START), else after a
# line break, which the pattern starts with (one that starts with "^" is
# tried at every position: 60 µs a page of Markdown with code in it).
_FENCE_AT_START = re.compile(r" {0,3}(`{3,}|~{3,})")
_FENCE_OPEN = re.compile(r"\n {0,3}(`{3,}|~{3,})")


def _fence_opening(body: str, position: int) -> re.Match[str] | None:
    """The first fence's opening line starting at ``position`` or later (the
    match of ``^ {0,3}(`{3,}|~{3,})`` in MULTILINE mode there: its group 1
    and its end are the same)."""
    if position == 0:
        first = _FENCE_AT_START.match(body)
        if first is not None:
            return first
    return _FENCE_OPEN.search(body, max(position - 1, 0))


# Runs of backticks, and blank lines (which end a paragraph, and with it any
# code span not closed in it): looked for apart, each pattern starting with
# the character it takes, which the engine skips to in a tight loop (as one
# pattern, "`+|\n[ \t]*(?=\r?\n)", it tested every character against the
# two: 100 µs a page of Markdown with code in it; see _inline_code).
_BACKTICKS = re.compile("`+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\r?\n)")


def _code_spans(body: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The code spans the runs of backticks of one paragraph make: each run,
    from the left, with the next run of its length (linear: each run's next
    of its length is found from the right first).  A run after a backslash
    opens none."""
    following: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = seen.get(length)
        seen[length] = index
    spans = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        closing = following[index]
        escaped = start > 0 and body[start - 1] == "\\"
        if closing is None or escaped:
            index += 1
            continue
        spans.append((end, runs[closing][0]))
        index = closing + 1
    return spans


def _inline_code(
    body: str, runs: list[tuple[int, int]], fences: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The code spans of the runs of backticks ``runs`` outside the fenced
    blocks ``fences`` (in order): a paragraph's runs are paired among
    themselves (see :func:`_code_spans`), and a blank line or a fence ends
    the paragraph.  The blank lines are found apart, each pattern starting
    with the character it takes (one for both tested every character
    against the two)."""
    blanks = [match.start() for match in _BLANK_LINE.finditer(body)]
    spans: list[tuple[int, int]] = []
    paragraph: list[tuple[int, int]] = []
    blank = fence = 0
    for run in runs:
        start = run[0]
        ended = False
        while blank < len(blanks) and blanks[blank] < start:  # a blank line before it
            blank += 1
            ended = True
        while fence < len(fences) and fences[fence][1] <= start:
            fence += 1
        inside = fence < len(fences) and fences[fence][0] <= start
        if (ended or inside) and paragraph:
            spans.extend(_code_spans(body, paragraph))
            paragraph = []
        if not inside:
            paragraph.append(run)
    if paragraph:
        spans.extend(_code_spans(body, paragraph))
    return spans


def _code_as_text(body: str) -> str:
    """A Markdown body with the ``<`` of its code (fenced blocks, inline
    spans) written ``&lt;``: code shows its markup as text, so ``<!--`` or
    ``<script>`` there is no comment or script, which hid the rest of the
    article from search (the entity is read back as ``<`` at the end).
    Linear: each fence looks for its own closing line once, and each run of
    backticks is paired with the next run of its length."""
    code: list[tuple[int, int]] = []
    position = 0
    fenced_code = "```" in body or "~~~" in body
    while fenced_code:
        opening = _fence_opening(body, position)
        if opening is None:
            break
        fence = opening.group(1)
        line_end = body.find("\n", opening.end())
        if line_end == -1 or (fence[0] == "`" and "`" in body[opening.end() : line_end]):
            position = opening.end()  # (no code after it; a ``` info string has no backtick)
            continue
        # (from the line break before the next line: see _FENCE_OPEN)
        closing = re.compile(
            rf"\n {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE
        ).search(body, line_end)
        end = closing.start() + 1 if closing is not None else len(body)
        code.append((line_end + 1, end))
        position = closing.end() if closing is not None else len(body)
    # inline code, outside the fences: as CommonMark pairs the runs of
    # backticks, from the left, a run with the next of its length in the
    # same paragraph; one with none is text (and an escaped one is none)
    runs = [match.span() for match in _BACKTICKS.finditer(body)]
    if len(runs) > 1:  # (a single run pairs with none)
        code.extend(_inline_code(body, runs, list(code)))
    if not code:
        return body
    pieces: list[str] = []
    copied = 0
    for start, end in sorted(code):
        if start < copied:
            continue  # (an inline span inside a fence's line: already taken)
        pieces.append(body[copied:start])
        pieces.append(body[start:end].replace("<", "&lt;"))
        copied = end
    pieces.append(body[copied:])
    return "".join(pieces)


def _pieces(
    text: str, cuts: tuple[re.Pattern[str], ...] = (_SPACE,), size: int = _PIECE
) -> Iterator[str]:
    """``text`` in consecutive pieces of at least ``size`` characters, each
    ending just before a match of one of ``cuts`` (whitespace by default: no
    word is cut), or at the end.  The first pattern is preferred if it matches
    within the next ``size`` characters, then the next one; linear time."""
    length = len(text)
    start = 0
    while start < length:
        end = start + size
        if end >= length:
            yield text[start:]
            return
        found = None
        for cut in cuts:
            found = cut.search(text, end, end + size)
            if found is not None:
                break
        else:
            found = cuts[-1].search(text, end + size)
        end = found.start() if found is not None else length
        yield text[start:end]
        start = end


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace as one space, none at either end (``" ".join(text.split())``
    without a list of every word of a long text)."""
    if len(text) <= _PIECE:
        return " ".join(text.split())
    return " ".join(filter(None, (" ".join(piece.split()) for piece in _pieces(text))))


def plain_text(
    body: str,
    body_format: str,
    limit: int | None = None,
    *,
    collapse: bool = True,
    surrogates: bool = True,
) -> str:
    """The readable text of a body: tags and markup removed, entities decoded,
    whitespace collapsed.  ``limit`` reads only about that many characters of
    the source (for excerpts).  Bytes that are not UTF-8 are dropped.

    ``collapse=False`` may leave runs of whitespace (a short body's are kept
    as they are): the words are the same, and the full-text index, which
    sees only words, does not pay for collapsing them.  See
    :func:`excerpt_of_text` for an excerpt of such text.

    ``surrogates=False`` says the body is known to hold no lone surrogate
    (a parsed article whose body is UTF-8: see ``codec.NOT_UTF8``), so it is
    not looked for again.

    Linear in the length of the body; a long body goes through in pieces (see
    _pieces), so the memory it takes is a small multiple of its size.
    """
    if limit is not None and len(body) > limit:
        body = body[:limit]
        open_tag = body.rfind("<")
        if open_tag > body.rfind(">"):
            body = body[:open_tag]  # do not leave half a tag behind
    if surrogates:
        body = readable(body)
    if "<" in body and body_format == "markdown" and ("`" in body or "~~~" in body):
        body = _code_as_text(body)
    if "<" in body:
        body = _drop_hidden(body)
    if len(body) <= _PIECE:
        plain = _plain_piece(body, body_format)
        return collapse_whitespace(plain) if collapse else plain
    markdown = body_format == "markdown"
    if markdown and "\n" in body:
        # joined before the cuts: a word wrapped at a cut (知识⏎产权, a
        # paragraph of 64K characters without a blank line) was never found
        body = _join_wrapped(body, markdown=True)
    pieces = _pieces(body, _MARKDOWN_CUTS if markdown else _HTML_CUTS)
    return _join_collapsed(_plain_piece(piece, body_format, joined=markdown) for piece in pieces)


def _join_collapsed(texts: Iterable[str]) -> str:
    """``collapse_whitespace`` of the texts put together: a word may go on from
    one text into the next, and whitespace at either side of a cut counts."""
    out: list[str] = []
    space = False  # whitespace since the last word
    for text in texts:
        if not text:
            continue
        words = collapse_whitespace(text)
        if not words:
            space = True
            continue
        if out and (space or text[0].isspace()):
            out.append(" ")
        out.append(words)
        space = text[-1].isspace()
    return "".join(out)


def _plain_piece(body: str, body_format: str, *, joined: bool = False) -> str:
    """Markup out of one piece of a body; whitespace is collapsed afterwards.
    A line break between two Chinese or Japanese characters goes: a word
    wrapped there (知识\n产权) is still found (``joined``: gone already)."""
    if "\n" in body and not joined:
        body = _join_wrapped(body, body_format == "markdown")
    if body_format == "markdown":
        body = "\n" + body  # the line break before the first line (see _MD_FENCE)
        if "```" in body or "~~~" in body:
            body = _MD_FENCE.sub("\n ", body)
        if "]" in body:
            if "]:" in body:
                body = _MD_REF_DEF.sub("\n ", body)
            body = _MD_IMAGE.sub(_FIRST_GROUP, body)
            body = _MD_LINK.sub(_FIRST_GROUP, body)
        if "---" in body:
            body = _MD_TABLE_RULE.sub("\n ", body)
        body = _MD_HR.sub("\n ", body)
        body = _MD_LINE_MARKS.sub("\n", body)[1:]
        if "*" in body or "_" in body or "~~" in body:
            body = _MD_EMPHASIS.sub("", body)
        if "`" in body:
            body = body.replace("`", "")
        body = body.replace("|", " ")
        if "<" in body:  # an autolink shows its address: no tag to drop
            body = _MD_AUTOLINK.sub(_FIRST_GROUP, body)
    if "<" in body:
        body = _BLOCK.sub(" ", body)
        body = _TAG.sub("", body)
    if "&" in body:
        body = html.unescape(body)
    if "\ufffd" in body:
        body = body.replace("\ufffd", "")
    return _drop_invisible(body)


def _join_wrapped(body: str, markdown: bool) -> str:
    """``body`` without the line breaks between two Chinese or Japanese
    characters inside a paragraph.  In Markdown a line break after a
    heading's line or a table's row ends a block: it stays (标题⏎正文 is
    no word, nor 红⏎香蕉 across two rows)."""
    if not markdown:
        return unwrap_lines(body)

    def join(match: re.Match[str]) -> str:
        line = body[body.rfind("\n", 0, match.start()) + 1 : match.start()]
        if "|" in line or line.lstrip(" ").startswith("#"):
            return match.group()
        if ">" in match.group() and not line.lstrip(" ").startswith(">"):
            return match.group()  # a quote after a paragraph begins a block of its own
        return ""

    return _wrapped_in_quotes("\r" in body).sub(join, body)


@functools.cache
def _wrapped_in_quotes(carriage_returns: bool = True) -> re.Pattern[str]:
    """``wrapped_break`` in Markdown, where the next line may go on with the
    quote's marks (``> 知识⏎> 产权``): they go with the break.  Without
    ``carriage_returns``, for a text that holds none: starting with the
    ``\\n`` (see ``reader.core.common.text.wrapped_newline``)."""
    if not carriage_returns:
        return re.compile(f"\\n(?<=[{HAN_KANA}]\\n)[ \\t]*(?:>[ \\t]*)*(?=[{HAN_KANA}])")
    return re.compile(
        f"[\\r\\n](?:(?<=[{HAN_KANA}]\\r)\\n|(?<=[{HAN_KANA}]\\n))[ \\t]*(?:>[ \\t]*)*"
        f"(?=[{HAN_KANA}])"
    )


def compile_patterns() -> None:
    """Compile now the patterns that the full text of an article needs and
    that are otherwise compiled on first use (see :func:`_cjk`)."""
    _cjk("split")
    _cjk("char")
    _wide()
    _wide_runs()
    wrapped_newline()
    _wrapped_in_quotes(False)


def excerpt(body: str, body_format: str, length: int = 200) -> str:
    """About ``length`` columns of plain text from the start of the body (see
    :func:`excerpt_of_plain`)."""
    length = max(length, 0)
    limit = max(3 * length, 64)  # (grows: never 0, whatever the length)
    text = plain_text(body, body_format, limit=limit)
    while len(text) <= length and len(body) > limit:
        limit *= 4
        text = plain_text(body, body_format, limit=limit)
    return excerpt_of_plain(text, length)


def excerpt_of_text(text: str, length: int = 200) -> str:
    """:func:`excerpt_of_plain` of ``collapse_whitespace(text)``, collapsing
    only the start of the text: the collapsed start of a text is the start of
    the collapsed text, and the excerpt needs only ``length + 1`` characters
    of it."""
    length = max(length, 0)
    size = max(4 * length, 64)  # (grows: never 0, whatever the length)
    while True:
        start = collapse_whitespace(text[:size])
        if len(start) > length or size >= len(text):
            return excerpt_of_plain(start, length)
        size *= 4


def excerpt_of_plain(text: str, length: int = 200) -> str:
    """The excerpt of text that is plain already (the output of
    :func:`plain_text`): its start, at most ``length`` columns wide, where a
    wide character (Chinese, Japanese, Korean, full-width forms) takes two,
    as on screen.  So an excerpt fills the same width in every script, as a
    list shows it, and a Chinese one is not twice as long to read and to
    keep in the index as a Latin one."""
    size = chars_within(text, length)
    if size >= len(text):
        return text
    cut = text[:size]
    space = cut.rfind(" ")
    if space > size * 0.6 and not _cjk("char").match(text[size - 1 : size + 1] or " "):
        cut = cut[:space]
    return cut.rstrip() + "…"


# East Asian Wide and Fullwidth characters (Unicode 14's East_Asian_Width W
# and F: CJK, kana, Hangul, full-width forms, the emoji shown wide, such as
# U+2705 and U+1F680), and the emoji blocks of Markus Kuhn's wcwidth.
_WIDE_CLASS = (
    "\u1100-\u115f\u231a-\u231b\u2329-\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd-\u25fe"
    "\u2614-\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa-\u26ab\u26bd-\u26be"
    "\u26c4-\u26c5\u26ce\u26d4\u26ea\u26f2-\u26f3\u26f5\u26fa\u26fd\u2705"
    "\u270a-\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf"
    "\u2b1b-\u2b1c\u2b50\u2b55\u2e80-\u303e\u3040-\ua4cf\ua960-\ua97c\uac00-\ud7a3"
    "\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U00016fe0-\U00016fe4\U00016ff0-\U00016ff1\U00017000-\U000187f7"
    "\U00018800-\U00018cd5\U00018d00-\U00018d08\U0001aff0-\U0001aff3"
    "\U0001aff5-\U0001affb\U0001affd-\U0001affe\U0001b000-\U0001b122"
    "\U0001b150-\U0001b152\U0001b164-\U0001b167\U0001b170-\U0001b2fb\U0001f004"
    "\U0001f0cf\U0001f18e\U0001f191-\U0001f19a\U0001f200-\U0001f202"
    "\U0001f210-\U0001f23b\U0001f240-\U0001f248\U0001f250-\U0001f251"
    "\U0001f260-\U0001f265\U0001f300-\U0001f64f\U0001f680-\U0001f6c5\U0001f6cc"
    "\U0001f6d0-\U0001f6d2\U0001f6d5-\U0001f6d7\U0001f6dd-\U0001f6df"
    "\U0001f6eb-\U0001f6ec\U0001f6f4-\U0001f6fc\U0001f7e0-\U0001f7eb\U0001f7f0"
    "\U0001f900-\U0001f9ff\U0001fa70-\U0001fa74\U0001fa78-\U0001fa7c"
    "\U0001fa80-\U0001fa86\U0001fa90-\U0001faac\U0001fab0-\U0001faba"
    "\U0001fac0-\U0001fac5\U0001fad0-\U0001fad9\U0001fae0-\U0001fae7"
    "\U0001faf0-\U0001faf6\U00020000-\U0002fffd\U00030000-\U0003fffd"
)


# No character before this one is wide.
_FIRST_WIDE = "\u1100"


@functools.cache
def _wide() -> re.Pattern[str]:
    return re.compile(f"[{_WIDE_CLASS}]")


@functools.cache
def _wide_runs() -> re.Pattern[str]:
    """Runs of wide characters and runs of the others."""
    return re.compile(f"[{_WIDE_CLASS}][{_WIDE_CLASS}]*|[^{_WIDE_CLASS}][^{_WIDE_CLASS}]*")


def text_width(text: str) -> int:
    """How many columns ``text`` takes on screen (a wide character two)."""
    if text.isascii() or max(text) < _FIRST_WIDE:  # (most scripts: in C)
        return len(text)
    return len(text) + len(_wide().findall(text))


def chars_within(text: str, width: int) -> int:
    """How many characters of the start of ``text`` fit in ``width`` columns:
    its runs of wide and of narrow characters added up, in C but for a loop
    over the runs (a handful in most texts)."""
    if width <= 0:
        return 0
    head = text[:width]
    if head.isascii() or max(head) < _FIRST_WIDE:
        return len(head)
    used = chars = 0
    for run in _wide_runs().findall(head):
        step = 2 if _wide().match(run) else 1
        if used + step * len(run) > width:
            return chars + (width - used) // step
        used += step * len(run)
        chars += len(run)
    return chars


def cjk_token(gram: str) -> str:
    """The index's token for a CJK bigram or single character (see the module
    docstring): ``_`` and the hexadecimal digits of its UTF-16 code units,
    ``知识`` → ``_77e58bc6``, ``权`` → ``_6743``."""
    return "_" + gram.encode(_UTF16).hex()


def _run_tokens(run: str, trailing_unigram: bool) -> list[str]:
    """A CJK run's bigrams (and its last character on its own), as written:
    ``知识产权`` → ``知识 识产 产权 (权)``; a run of one character is itself."""
    if len(run) == 1:
        return [run]
    grams = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*grams, run[-1]] if trailing_unigram else grams


def _pair_slots(units: bytes) -> bytes:
    """The token slots of the adjacent pairs of the UTF-16 code units
    ``units`` (big-endian, two bytes each): twelve ASCII bytes per pair,
    blanks and ``_``, then the hexadecimal digits of the pair's two units
    (``   _77e58bc6``); pair k is bytes ``12 * k`` to ``12 * k + 12``.  The
    digits of a unit are four bytes, one item of a 32-bit array, laid out by
    slice assignment, in C."""
    digits = array("I", units.hex().encode("ascii"))
    slots = _SLOT_MARK * (3 * len(digits) - 3)
    slots[1::3] = digits[:-1]
    slots[2::3] = digits[1:]
    return slots.tobytes()


def _index_piece(text: str) -> str:
    """:func:`index_text` of a piece of text, in a constant number of passes
    over it whatever the number of CJK runs, and one step per run.

    Every run is put into one string, the runs separated by a space and a
    space after the last: ``知识产权 城市 ``.  Its UTF-16 code units go into
    one slot of twelve characters per adjacent pair of characters (see
    :func:`_pair_slots`).  Inside a run a pair is a bigram; the run's last
    character with the space after it is its trailing unigram, whose token
    is its slot without the last four digits (``   _6743`` of
    ``   _67430020``); the slot of the separating space and the next run's
    first character is left out: each run's share is one slice.  A piece
    holding a character beyond the Basic Multilingual Plane (two code units)
    is written one token at a time instead.  (Only the tokens count: FTS5
    sees no difference in the blanks around them.)
    """
    parts = _cjk("split").split(text)
    if len(parts) == 1:
        return text
    joined = " ".join(parts[1::2]) + " "
    units = joined.encode(_UTF16)
    if len(units) != 2 * len(joined):
        for index in range(1, len(parts), 2):
            written = map(cjk_token, _run_tokens(parts[index], True))
            parts[index] = " ".join(written)
        return " ".join(parts)
    tokens = _pair_slots(units).decode("ascii")
    start = 0
    for index in range(1, len(parts), 2):
        end = start + len(parts[index])
        parts[index] = tokens[12 * start : 12 * end - 4]
        start = end + 1
    return " ".join(parts)


def utf8(text: str) -> bytes:
    """``text`` as UTF-8; a lone surrogate (the body's plain text has none,
    but SQLite could store no text holding one) becomes ``?``."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def index_bytes(text: str) -> bytes:
    """``utf8(index_text(text))``, what SQLite stores, made as bytes from the
    start for a text of CJK runs: the tokens are ASCII already, and a text
    joined of them and of Chinese punctuation would be made as two bytes a
    character, then encoded again (for the generated library that joining
    and encoding took longer than finding the runs).  The parts between the
    runs are encoded together, joined by NUL and split again; a text holding
    NUL, a lone surrogate or a character beyond the Basic Multilingual Plane
    in a run, or a long text, goes the way of :func:`index_text`."""
    if "_" in text:
        text = text.replace("_", " ")
    if text.isascii():
        return text.encode("ascii")
    if len(text) > _PIECE:
        return utf8(index_text(text))
    parts = _cjk("split").split(text)
    if len(parts) == 1:
        return utf8(narrow(text))
    joined = " ".join(parts[1::2]) + " "
    units = joined.encode(_UTF16)
    others = parts[0::2]
    try:
        # (narrowed here, where the fullwidth letters are: not in the runs)
        encoded = narrow("\0".join(others)).encode("utf-8").split(b"\0")
    except UnicodeEncodeError:
        encoded = []
    if len(units) != 2 * len(joined) or len(encoded) != len(others):
        return utf8(_index_piece(narrow(text)))
    tokens = _pair_slots(units)
    out = [b""] * len(parts)
    out[0::2] = encoded
    start = 0
    for index in range(1, len(parts), 2):
        end = start + len(parts[index])
        out[index] = tokens[12 * start : 12 * end - 4]
        start = end + 1
    return b" ".join(out)


def index_text(text: str) -> str:
    """Text as it goes into the full-text index: CJK runs as the tokens of
    their bigrams (see :func:`cjk_token`), ``_`` as a space (the index's
    tokenizer keeps ``_`` in a word, for those tokens; every other word is
    cut there as before).

    A long text goes in pieces of about :data:`_PIECE` characters, cut before
    a character that is not CJK; a run longer than that is cut inside, the
    pieces overlapping by one character (the bigram across the cut is kept,
    and no unigram is added there), so the memory taken stays small."""
    if "_" in text:
        text = text.replace("_", " ")
    if text.isascii():
        return text
    text = narrow(text)
    if not _cjk("char").search(text):
        return text
    if len(text) <= _PIECE:
        return _index_piece(text)
    out: list[str] = []
    start, length = 0, len(text)
    while start < length:
        end = start + _PIECE
        if end >= length:
            out.append(_index_piece(text[start:]))
            break
        found = _cjk("not").search(text, end, end + _PIECE)
        if found is not None:
            out.append(_index_piece(text[start : found.start()]))
            start = found.start()
        else:  # inside one long run: drop the trailing unigram (" _6743 ")
            piece = _index_piece(text[start : end + 1])
            out.append(piece[: piece.rstrip(" ").rfind(" ") + 1])
            start = end
    return "".join(out)


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One term of a search: the literal text, and how it is matched."""

    text: str
    phrase: bool  # quoted by the user

    def fts(self) -> str | None:
        """The FTS5 expression for this term, or ``None`` if it has no tokens."""
        tokens = _query_tokens(self.text)
        if not tokens:
            return None
        last = tokens[-1]
        prefix = len(last) == 1 and _cjk("char").match(last) is not None
        prefix = prefix or (not self.phrase and _cjk("char").match(last) is None)
        body = " ".join(cjk_token(t) if _cjk("char").match(t) else t for t in tokens)
        return '"' + body.replace('"', '""') + '"' + (" *" if prefix else "")

    def pattern(self) -> str:
        """A regular expression finding this term in plain text (for snippets)."""
        # (a letter or digit finds its fullwidth form too, as the index does)
        words = [either_width(w) for w in self.text.split()]
        joined = r"\s*".join(words)
        if not self.phrase and not _cjk("char").search(self.text[-1:]) and self.text[-1:].isalnum():
            joined += f"[^\\W{_CJK_CLASS}]*"  # the rest of the word, not the Chinese after it
        return joined


def either_width(word: str) -> str:
    """A pattern finding ``word`` with any of its ASCII letters and digits
    written fullwidth, and the other way round (``GDP`` finds ＧＤＰ)."""
    parts = []
    for char in narrow(word):
        wide = ord(char) + 0xFEE0
        if char.isascii() and char.isalnum() and wide in _NARROW:
            parts.append(f"[{char}{chr(wide)}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


# A query's words: runs of word characters but "_" (a space in the index).
_TOKEN = re.compile(r"[^\W_]+")


def _query_tokens(text: str) -> list[str]:
    """The words of a query, a CJK run as its bigrams (as written: the index
    holds their tokens, see :func:`cjk_token`).  A run followed by another
    word of the query has its last character as a token of its own too, as
    the index has it there: without it ``使用Python`` was never next to
    ``Python`` and found nothing.  (The query's last run has none: it may
    go on in the text, ``知识产`` finds ``知识产权``.)"""
    parts: list[tuple[str, bool]] = []  # (text, whether a CJK run)
    for chunk in _TOKEN.findall(narrow(_drop_invisible(text))):
        position = 0
        for match in _cjk("run").finditer(chunk):
            if match.start() > position:
                parts.append((chunk[position : match.start()], False))
            parts.append((match.group(0), True))
            position = match.end()
        if position < len(chunk):
            parts.append((chunk[position:], False))
    tokens: list[str] = []
    for index, (part, run) in enumerate(parts):
        if run:
            tokens.extend(_run_tokens(part, index < len(parts) - 1))
        else:
            tokens.append(part)
    return tokens


_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')


def parse_query(text: str) -> list[QueryTerm]:
    """Split a user's query into terms: words, and ``"quoted phrases"``."""
    terms: list[QueryTerm] = []
    for match in _QUERY_PART.finditer(text):
        if match.group(1) is not None:
            phrase = " ".join(match.group(1).split())
            if phrase:
                terms.append(QueryTerm(phrase, True))
        else:
            word = match.group(2).strip("\"'")
            if word:
                terms.append(QueryTerm(word, False))
    return terms


def fts_match(terms: list[QueryTerm]) -> str | None:
    """An FTS5 MATCH expression requiring every term, or ``None`` when empty."""
    parts = [expr for expr in (term.fts() for term in terms) if expr]
    return " AND ".join(parts) if parts else None


def snippet(
    text: str,
    terms: list[QueryTerm],
    markers: tuple[str, str] = ("«", "»"),
    *,
    width: int = 120,
    escape: Callable[[str], str] | None = None,
) -> str:
    """A window of ``text`` around the first match, with matches marked.

    ``escape`` (e.g. ``html.escape``) is applied to the text but not to the
    markers, so a GUI can pass ``("<b>", "</b>")``.
    """
    esc = escape or (lambda s: s)
    patterns = [t.pattern() for t in terms if t.text.strip()]
    if not text:
        return ""
    if not patterns:
        cut = text[:width]
        return esc(cut) + ("…" if len(text) > width else "")
    finder = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    first = finder.search(text)
    if first is None:
        start = 0
    else:
        start = max(0, first.start() - width // 4)
        if start:
            space = text.rfind(" ", max(0, start - 15), start)
            if space != -1 and not _cjk("char").search(text[start : start + 1]):
                start = space + 1
    end = min(len(text), start + width)
    window = text[start:end]
    out: list[str] = ["…"] if start > 0 else []
    position = 0
    for match in finder.finditer(window):
        if match.end() == match.start():
            continue
        out.append(esc(window[position : match.start()]))
        out.append(markers[0] + esc(match.group(0)) + markers[1])
        position = match.end()
    out.append(esc(window[position:]))
    if end < len(text):
        out.append("…")
    return "".join(out)
