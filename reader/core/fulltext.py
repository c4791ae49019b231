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
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = [
    "QueryTerm",
    "excerpt",
    "excerpt_of_plain",
    "fts_match",
    "index_text",
    "parse_query",
    "plain_text",
    "snippet",
]

# Han (incl. extension A and compatibility), kana, Hangul, CJK symbols that are letters.
_CJK_CLASS = (
    "\u3005\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3105-\u312f"
    "\u3131-\u318e\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")

_BLOCK_TAGS = (
    "address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|"
    "hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
_SCRIPT_STYLE = re.compile(
    r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>")

_MD_FENCE = re.compile(r"^ {0,3}(?:```|~~~)[^\n]*$", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
_MD_LINE_MARKS = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.MULTILINE
)
_MD_TABLE_RULE = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)
_MD_HR = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.MULTILINE)


def plain_text(body: str, body_format: str, limit: int | None = None) -> str:
    """The readable text of a body: tags and markup removed, entities decoded,
    whitespace collapsed.  ``limit`` reads only about that many characters of
    the source (for excerpts)."""
    if limit is not None and len(body) > limit:
        body = body[:limit]
        open_tag = body.rfind("<")
        if open_tag > body.rfind(">"):
            body = body[:open_tag]  # do not leave half a tag behind
    if body_format == "markdown":
        if "```" in body or "~~~" in body:
            body = _MD_FENCE.sub(" ", body)
        if "]" in body:
            body = _MD_REF_DEF.sub(" ", body)
            body = _MD_IMAGE.sub(r"\1", body)
            body = _MD_LINK.sub(r"\1", body)
        if "---" in body:
            body = _MD_TABLE_RULE.sub(" ", body)
        body = _MD_HR.sub(" ", body)
        body = _MD_LINE_MARKS.sub("", body)
        for mark in ("~~", "___", "__", "*", "`"):
            if mark in body:
                body = body.replace(mark, "")
        body = body.replace("|", " ")
    if "<" in body:
        lowered = body.lower()
        if "<script" in lowered or "<style" in lowered or "<template" in lowered:
            body = _SCRIPT_STYLE.sub(" ", body)
        if "<!--" in body:
            body = _COMMENT.sub(" ", body)
        body = _BLOCK.sub(" ", body)
        body = _TAG.sub("", body)
    if "&" in body:
        body = html.unescape(body)
    if "\ufffd" in body:
        body = body.replace("\ufffd", "")
    return " ".join(body.split())


def excerpt(body: str, body_format: str, length: int = 200) -> str:
    """About ``length`` characters of plain text from the start of the body."""
    limit = 3 * length
    text = plain_text(body, body_format, limit=limit)
    while len(text) <= length and len(body) > limit:
        limit *= 4
        text = plain_text(body, body_format, limit=limit)
    return excerpt_of_plain(text, length)


def excerpt_of_plain(text: str, length: int = 200) -> str:
    """The excerpt of text that is plain already (the output of :func:`plain_text`)."""
    if len(text) <= length:
        return text
    cut = text[:length]
    space = cut.rfind(" ")
    if space > length * 0.6 and not _CJK_CHAR.match(text[length - 1 : length + 1] or " "):
        cut = cut[:space]
    return cut.rstrip() + "…"


def _bigrams(run: str, trailing_unigram: bool) -> str:
    if len(run) == 1:
        return run
    grams = [run[i : i + 2] for i in range(len(run) - 1)]
    if trailing_unigram:
        grams.append(run[-1])
    return " ".join(grams)


def index_text(text: str) -> str:
    """Text as it goes into the full-text index (CJK runs as bigrams)."""
    if not _CJK_CHAR.search(text):
        return text
    return _CJK_RUN.sub(lambda m: " " + _bigrams(m.group(0), True) + " ", text)


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
        body = " ".join(tokens)
        last = tokens[-1]
        prefix = len(last) == 1 and _CJK_CHAR.match(last) is not None
        prefix = prefix or (not self.phrase and _CJK_CHAR.match(last) is None)
        return '"' + body.replace('"', '""') + '"' + (" *" if prefix else "")

    def pattern(self) -> str:
        """A regular expression finding this term in plain text (for snippets)."""
        words = [re.escape(w) for w in self.text.split()]
        joined = r"\s*".join(words)
        if not self.phrase and not _CJK_CHAR.search(self.text[-1:]) and self.text[-1:].isalnum():
            joined += r"\w*"
        return joined


_TOKEN = re.compile(r"\w+", re.UNICODE)


def _query_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for chunk in _TOKEN.findall(text):
        position = 0
        for match in _CJK_RUN.finditer(chunk):
            if match.start() > position:
                tokens.append(chunk[position : match.start()])
            run = match.group(0)
            tokens.extend(_bigrams(run, False).split())
            position = match.end()
        if position < len(chunk):
            tokens.append(chunk[position:])
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
    escape=None,
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
            if space != -1 and not _CJK_CHAR.search(text[start : start + 1]):
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
