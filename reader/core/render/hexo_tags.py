"""Show Hexo (and Jekyll Liquid) tag plugins as something readable.

``{% blockquote Author, Source %}…{% endblockquote %}`` becomes a quotation,
``{% img /a.png 200 "Title" %}`` an image, ``{% codeblock %}`` and
``{% highlight %}`` code, ``{% link %}`` a link, ``{% youtube id %}`` a link
to the video; a tag we do not know is shown as its own text, escaped, and an
unknown block tag keeps its content.  Tags inside fenced code blocks are left
alone, as Hexo does.

Expansion works with placeholders so that it can run *before* Markdown:
:func:`expand` swaps every tag for a random token and remembers the HTML it
stands for; after the Markdown renderer has run, :meth:`Expansion.restore`
puts the HTML in.  The HTML is sanitized afterwards like the rest of the
article, so tags cannot smuggle anything in.
"""

from __future__ import annotations

import bisect
import html
import re
import secrets
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

from reader.core.common.urls import split_url
from reader.core.render.sitecontext import in_link_destination

__all__ = ["Expansion", "NextFinder", "expand", "plugin_tag_html"]

#: ``render_block(text, depth)`` → HTML for the content of a block tag.
BlockRenderer = Callable[[str, int], str]

MAX_DEPTH = 8

#: Where a token may start: a line opening a code fence, a ``{#`` or a ``{%``.
_START_RE = re.compile(r"^[ \t]{0,3}+(?=`{3}|~{3})|\{[#%]", re.MULTILINE)
#: The opening line of a fence: its indentation and its run of ticks.
_FENCE_OPEN_RE = re.compile(r"[ \t]{0,3}+(`{3,}+|~{3,}+)")
#: A line that may close a fence: its run of ticks, then nothing but ticks and blanks.
_FENCE_CLOSE_RE = re.compile(r"^[ \t]{0,3}+(`{3,}+|~{3,}+)[`~]*+[ \t]*+$", re.MULTILINE)
#: A tag up to its name (at most 41 characters long; longer names go on into the arguments).
_TAG_HEAD_RE = re.compile(r"\{%-?[ \t]*+([A-Za-z_]\w{0,40})")
#: A tag up to its whole first word (block tags are paired by whole names).
_BLOCK_HEAD_RE = re.compile(r"\{%-?[ \t]*+(\w++)")
#: The longest ``{# comment #}`` and the longest arguments of a tag.
_MAX_TAG = 1000
_END_NAME_RE = re.compile(r"\{%-?[ \t]*end(\w{1,40})")
_URL_RE = re.compile(
    r"^(?:https?:)?//|^/|^\.{1,2}/|^[\w.-]+\.(?:png|jpe?g|gif|webp|bmp|svg|avif)\b", re.I
)
_LINK_URL_RE = re.compile(r"^(?:https?://|//|/|\.{1,2}/|mailto:|#)", re.I)
_NUMBER_RE = re.compile(r"^\d+(?:px|%)?$")

_CODE_TAGS = {"codeblock", "code", "highlight", "include_code"}
_QUOTE_TAGS = {"blockquote", "quote", "pullquote"}


class NextFinder:
    """Where ``needle`` next occurs in ``text`` from a position on.

    Made for scanners whose positions only grow: one forward search answers
    every query up to the occurrence it found, so that a text of a hundred
    thousand openers with no closing is searched once, not once per opener.
    """

    __slots__ = ("found", "needle", "since", "text")

    def __init__(self, text: str, needle: str) -> None:
        self.text = text
        self.needle = needle
        self.since = len(text) + 1  # nothing searched yet
        self.found = -1

    def __call__(self, position: int) -> int:
        """The index of the first ``needle`` at or after ``position``, or -1."""
        if position < self.since or 0 <= self.found < position:
            self.since = position
            self.found = self.text.find(self.needle, position)
        return self.found


class _Token(NamedTuple):
    kind: str  # "fence", "comment" or "tag"
    start: int
    end: int
    name: str = ""
    args: str = ""


@dataclass
class _FenceClosings:
    """The lines that may close a fence of one tick character, in order."""

    starts: list[int] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)  # how many ticks each line starts with
    ends: list[int] = field(default_factory=list)
    #: the longest run on this line or any later one
    longest_after: list[int] = field(default_factory=list)


class _Scanner:
    """Finds fenced code, ``{# comments #}`` and ``{% tags %}`` in order, in
    time linear in the text.

    A regular expression that looks for each opener's closing searches from
    every opener to the end of a text that has none: 20,000 lines opening a
    fence took 40 s, 300,000 ``{%a`` 14 s.  The scanner instead remembers
    where the next closing of each kind is (one forward search serves all the
    openers before it) and lists the lines that may close a fence once.  It
    finds what the regular expression it replaces found: a fence runs to the
    first later line with at least as many of its ticks (or, when there is
    none, as many as any later line has, but at least three); a comment or
    tag ends at the first ``#}`` or ``%}`` on its line, within 1,000
    characters.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.next_comment_end = NextFinder(text, "#}")
        self.next_tag_end = NextFinder(text, "%}")
        self.next_newline = NextFinder(text, "\n")
        self.closings: dict[str, _FenceClosings] | None = None

    def search(self, position: int) -> _Token | None:
        """The first token that starts at or after ``position``."""
        text = self.text
        while True:
            match = _START_RE.search(text, position)
            if match is None:
                return None
            start = match.start()
            if text[start] != "{":
                token = self.fence(start)
            elif text[start + 1] == "#":
                token = self.comment(start)
            else:
                token = self.tag(start)
            if token is not None:
                return token
            position = start + 1

    def on_one_line(self, start: int, end: int) -> bool:
        newline = self.next_newline(start)
        return newline < 0 or newline >= end

    def comment(self, start: int) -> _Token | None:
        content = start + 2
        end = self.next_comment_end(content)
        if end < 0 or end - content > _MAX_TAG or not self.on_one_line(content, end):
            return None
        return _Token("comment", start, end + 2)

    def tag(self, start: int) -> _Token | None:
        head = _TAG_HEAD_RE.match(self.text, start)
        if head is None:
            return None
        args_start = head.end()
        end = self.next_tag_end(args_start)
        if end < 0 or not self.on_one_line(args_start, end):
            return None
        args_end = end - 1 if end > args_start and self.text[end - 1] == "-" else end  # -%}
        if args_end - args_start > _MAX_TAG:
            return None
        return _Token("tag", start, end + 2, head.group(1), self.text[args_start:args_end])

    def fence(self, start: int) -> _Token | None:
        opener = _FENCE_OPEN_RE.match(self.text, start)
        if opener is None:  # pragma: no cover - _START_RE saw the ticks
            return None
        ticks = opener.group(1)
        newline = self.text.find("\n", opener.end())
        if newline < 0:
            return None
        closings = self.fence_closings().get(ticks[0])
        if closings is None:
            return None
        index = bisect.bisect_left(closings.starts, newline + 1)
        if index == len(closings.starts):
            return None
        wanted = min(len(ticks), closings.longest_after[index])
        while closings.runs[index] < wanted:  # the lines skipped are inside the fence
            index += 1
        return _Token("fence", start, closings.ends[index])

    def fence_closings(self) -> dict[str, _FenceClosings]:
        if self.closings is None:
            self.closings = {}
            for match in _FENCE_CLOSE_RE.finditer(self.text):
                run = match.group(1)
                closings = self.closings.setdefault(run[0], _FenceClosings())
                closings.starts.append(match.start())
                closings.runs.append(len(run))
                closings.ends.append(match.end())
            for closings in self.closings.values():
                longest = 0
                closings.longest_after = [0] * len(closings.runs)
                for index in range(len(closings.runs) - 1, -1, -1):
                    longest = max(longest, closings.runs[index])
                    closings.longest_after[index] = longest
        return self.closings


@dataclass
class Expansion:
    """Text with tags replaced by placeholders, and the HTML they stand for."""

    text: str
    nonce: str = ""
    #: placeholder → (HTML, is a block)
    fragments: dict[str, tuple[str, bool]] = field(default_factory=dict)

    def restore(self, rendered: str) -> str:
        """Put the tags' HTML into ``rendered`` (the text after Markdown).

        A block placeholder that Markdown wrapped in a paragraph of its own
        loses the paragraph.
        """
        if not self.fragments:
            return rendered
        pattern = re.compile(f"(<p>)?(HEXOTAG{self.nonce}X\\d+X)(</p>)?")

        def replace(match: re.Match[str]) -> str:
            fragment, block = self.fragments.get(match.group(2), (match.group(2), False))
            if block and match.group(1) and match.group(3):
                return fragment
            return (match.group(1) or "") + fragment + (match.group(3) or "")

        return pattern.sub(replace, rendered)


def expand(text: str, *, markdown: bool, render_block: BlockRenderer, depth: int = 0) -> Expansion:
    """Replace the tags in ``text`` by placeholders.

    ``markdown`` says whether the text will go through Markdown next (block
    placeholders then get paragraphs of their own).  ``render_block``
    renders the content of block tags such as ``blockquote``.
    """
    expansion = Expansion(text, secrets.token_hex(6))
    if "{%" not in text and "{#" not in text:
        return expansion
    ended = {name.lower() for name in _END_NAME_RE.findall(text)}
    pieces: list[str] = []
    position = 0
    destinations: dict[int, int] = {}  # (see in_link_destination)

    def placeholder(fragment: str, block: bool) -> str:
        key = f"HEXOTAG{expansion.nonce}X{len(expansion.fragments)}X"
        expansion.fragments[key] = (fragment, block)
        return f"\n\n{key}\n\n" if block and markdown else key

    scanner = _Scanner(text)
    pairs: dict[str, dict[int, tuple[int, int]]] | None = None
    while True:
        token = scanner.search(position)
        if token is None:
            break
        pieces.append(text[position : token.start])
        position = token.end
        if token.kind == "fence":
            pieces.append(text[token.start : token.end])
            continue
        if token.kind == "comment":
            continue
        name = token.name.lower()
        args = token.args.strip()
        if name in ended:
            if pairs is None:
                pairs = _pair_tags(text, ended)
            span = pairs[name].get(token.start)
            if span is not None and span[0] >= position:
                content = _trim_newlines(text[position : span[0]])
                position = span[1]
                pieces.append(placeholder(_block(name, args, content, render_block, depth), True))
                continue
        if in_link_destination(text, token.start, destinations):
            # ``[the post]({% post_path hello %})``: only an address may stand
            # there (the tag's HTML there gave a link inside a link's address)
            pieces.append(_address(name, args))
            continue
        source = text[token.start : token.end]
        pieces.append(placeholder(_inline(name, args, source), False))
    pieces.append(text[position:])
    expansion.text = "".join(pieces)
    return expansion


def _pair_tags(text: str, names: set[str]) -> dict[str, dict[int, tuple[int, int]]]:
    """Match every ``{% name %}`` with its ``{% endname %}``, for all the
    ``names`` in one pass over the text (a pass per name was quadratic in a
    page of thousands of differently named blocks).

    Maps each name to the start of each of its opening tags that is closed,
    mapped to the (start, end) of its closing tag.  Unclosed tags are left
    out.  Names match whole and case-sensitively (``names`` are lower case),
    and a tag ends at the first ``%}`` on its line, within 1,000 characters
    of its name; tags of one name do not overlap.
    """
    pairs: dict[str, dict[int, tuple[int, int]]] = {name: {} for name in names}
    open_tags: dict[str, list[int]] = {name: [] for name in names}
    resume: dict[str, int] = {}  # where the last tag of a name ended
    next_end = NextFinder(text, "%}")
    next_newline = NextFinder(text, "\n")
    start = text.find("{%")
    while start >= 0:
        head = _BLOCK_HEAD_RE.match(text, start)
        word = head.group(1) if head is not None else ""
        roles = []  # (name, closing): ``{% endless %}`` closes ``less`` and opens ``endless``
        if word in pairs:
            roles.append((word, False))
        if word.startswith("end") and word[3:] in pairs:
            roles.append((word[3:], True))
        if head is not None and roles:
            args_start = head.end()
            end = next_end(args_start)
            newline = next_newline(args_start)
            args_end = end - 1 if end > args_start and text[end - 1] == "-" else end
            closed = end >= 0 and (newline < 0 or newline > end)
            if closed and args_end - args_start <= _MAX_TAG:
                for name, closing in roles:
                    if start < resume.get(name, 0):
                        continue
                    resume[name] = end + 2
                    if not closing:
                        open_tags[name].append(start)
                    elif open_tags[name]:
                        pairs[name][open_tags[name].pop()] = (start, end + 2)
        start = text.find("{%", start + 2)
    return pairs


def _trim_newlines(text: str) -> str:
    text = re.sub(r"\A[ \t]*\r?\n", "", text)
    return re.sub(r"\r?\n[ \t]*\Z", "", text)


def _split_args(args: str) -> list[str]:
    try:
        return shlex.split(args)
    except ValueError:
        return args.split()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _raw_tag(source: str) -> str:
    return f'<code class="hexo-tag">{_e(source)}</code>'


# -- block tags ---------------------------------------------------------------


def _block(name: str, args: str, content: str, render_block: BlockRenderer, depth: int) -> str:
    if name in _CODE_TAGS:
        return _code_block(name, args, content)
    if name in ("raw", "verbatim"):
        return render_block(content, MAX_DEPTH)  # no tag expansion inside
    inner = render_block(content, depth + 1) if depth < MAX_DEPTH else f"<pre>{_e(content)}</pre>"
    if name in _QUOTE_TAGS:
        footer = _quote_footer(args) if name != "pullquote" else ""
        return f'<blockquote class="hexo-quote">{inner}{footer}</blockquote>'
    label = f"{name} {args}".strip()
    return f'<div class="hexo-block"><p class="hexo-block-label">{_e(label)}</p>{inner}</div>'


def _code_block(name: str, args: str, content: str) -> str:
    words = args.split()
    language = ""
    title_words: list[str] = []
    link = ""
    for index, word in enumerate(words):
        lowered = word.lower()
        if lowered.startswith("lang:"):
            language = word[5:]
        elif name == "highlight" and index == 0:
            language = word
        elif ":" in word and not _LINK_URL_RE.match(word) and not link:
            continue  # an option such as line_number:false
        elif _LINK_URL_RE.match(word) and not link:
            link = word
        elif not link and name != "highlight":
            title_words.append(word)
    language = re.sub(r"[^\w+#.-]", "", language)
    code_class = f' class="language-{_e(language)}"' if language else ""
    caption = ""
    title = " ".join(title_words)
    if title or link:
        link_html = f' <a href="{_e(link)}">{_e(link)}</a>' if link else ""
        caption = f'<p class="code-caption">{_e(title)}{link_html}</p>'
    code = html.escape(content, quote=False)
    return f'<div class="code-block">{caption}<pre><code{code_class}>{code}</code></pre></div>'


def _quote_footer(args: str) -> str:
    """``Author, Source http://link Link title`` → a citation line."""
    if not args:
        return ""
    words = args.split()
    link_index = next((i for i, w in enumerate(words) if re.match(r"https?://", w)), None)
    if link_index is None:
        who, link, link_title = args, "", ""
    else:
        who = " ".join(words[:link_index])
        link = words[link_index]
        link_title = " ".join(words[link_index + 1 :])
    parts = [_e(who.strip())] if who.strip() else []
    if link:
        text = link_title or _short_url(link)
        parts.append(f'<a href="{_e(link)}">{_e(text)}</a>')
    return f'<p class="quote-source">— {", ".join(parts)}</p>' if parts else ""


def _short_url(url: str) -> str:
    parts = split_url(url)
    if parts is None:
        return url if len(url) <= 40 else url[:39] + "…"
    path = parts.path if len(parts.path) <= 30 else parts.path[:29] + "…"
    return (parts.hostname or "") + (path if path != "/" else "")


# -- inline tags --------------------------------------------------------------


def _inline(name: str, args: str, source: str) -> str:
    handler = _INLINE.get(name)
    if handler is None:
        return _raw_tag(source)
    result = handler(_split_args(args))
    return result if result is not None else _raw_tag(source)


def _address(name: str, args: str) -> str:
    """What an inline tag written as a link's address stands for: the post
    or asset it names (as the reader finds it: its name), else nothing."""
    if name not in ("post_path", "post_link", "asset_path", "asset_link"):
        return ""
    words = _split_args(args)
    return quote(words[0], safe="/.-_~%#") if words else ""


def plugin_tag_html(name: str, args: str) -> str | None:
    """HTML for an inline plugin tag Hexo and Jekyll plugins share (``gist``,
    ``youtube``, ``vimeo``, ``img``…), or None when it is not one of them or
    its arguments do not fit.  Used by :mod:`.liquid` for tags Liquid lacks."""
    handler = _INLINE.get(name.lower())
    return handler(_split_args(args)) if handler is not None else None


def _img(words: list[str], asset: bool = False) -> str | None:
    """``[class …] src [width [height]] ["title" ["alt"]]``."""
    if asset:  # the slug is a bare file name: the first word with a dot
        index = next((i for i, w in enumerate(words) if "." in w or "/" in w), 0 if words else None)
    else:
        index = next((i for i, w in enumerate(words) if _URL_RE.match(w)), None)
    if index is None:
        return None
    src = words[index]
    rest = words[index + 1 :]
    size: list[str] = []
    while rest and _NUMBER_RE.match(rest[0]) and len(size) < 2:
        size.append(rest.pop(0))
    title = rest[0] if rest else ""
    alt = rest[1] if len(rest) > 1 else title
    attributes = [f'src="{_e(src)}"', f'alt="{_e(alt)}"']
    if title:
        attributes.append(f'title="{_e(title)}"')
    for attribute, value in zip(("width", "height"), size, strict=False):
        if value.isdigit():
            attributes.append(f'{attribute}="{value}"')
    return f"<img {' '.join(attributes)}>"


def _link(words: list[str]) -> str | None:
    index = next((i for i, w in enumerate(words) if _LINK_URL_RE.match(w)), None)
    if index is None:
        return None
    url = words[index]
    text = " ".join(words[:index]) or url
    return f'<a href="{_e(url)}">{_e(text)}</a>'


def _post_link(words: list[str]) -> str | None:
    if not words:
        return None
    title = " ".join(w for w in words[1:] if w.lower() not in ("true", "false")) or words[0]
    return f'<span class="post-link">{_e(title)}</span>'


def _asset_link(words: list[str]) -> str | None:
    if not words:
        return None
    text = " ".join(w for w in words[1:] if w.lower() not in ("true", "false")) or words[0]
    return f'<a href="{_e(quote(words[0], safe="/.-_~%"))}">{_e(text)}</a>'


def _video(site: str, template: str) -> Callable[[list[str]], str | None]:
    def render(words: list[str]) -> str | None:
        if not words or not re.fullmatch(r"[\w/-]{1,100}", words[0]):
            return None
        url = template.format(quote(words[0]))
        return f'<span class="embed"><a href="{_e(url)}">{_e(site)}: {_e(url)}</a></span>'

    return render


def _iframe(words: list[str]) -> str | None:
    if not words or not re.match(r"https?://", words[0]):
        return None
    return f'<span class="embed"><a href="{_e(words[0])}">{_e(words[0])}</a></span>'


_INLINE: dict[str, Callable[[list[str]], str | None]] = {
    "img": _img,
    "image": _img,
    "asset_img": lambda words: _img(words, asset=True),
    "asset_image": lambda words: _img(words, asset=True),
    "link": _link,
    "post_link": _post_link,
    "post_path": lambda words: f'<span class="post-link">{_e(words[0])}</span>' if words else None,
    "asset_link": _asset_link,
    "asset_path": lambda words: _e(words[0]) if words else None,
    "youtube": _video("YouTube", "https://www.youtube.com/watch?v={}"),
    "vimeo": _video("Vimeo", "https://vimeo.com/{}"),
    "gist": _video("Gist", "https://gist.github.com/{}"),
    "jsfiddle": _video("JSFiddle", "https://jsfiddle.net/{}/"),
    "iframe": _iframe,
}
