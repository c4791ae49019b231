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

import html
import re
import secrets
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, urlsplit

__all__ = ["Expansion", "expand", "plugin_tag_html"]

#: ``render_block(text, depth)`` → HTML for the content of a block tag.
BlockRenderer = Callable[[str, int], str]

MAX_DEPTH = 8

_TOKEN_RE = re.compile(
    r"""(?P<fence>^[ \t]{0,3}(?P<ticks>`{3,}|~{3,})[^\n]*\n
        (?:.*?\n)??[ \t]{0,3}(?P=ticks)[`~]*[ \t]*$)
    |(?P<comment>\{\#[^\n]{0,1000}?\#\})
    |(?P<tag>\{%-?[ \t]*(?P<name>[A-Za-z_]\w{0,40})(?P<args>[^\n]{0,1000}?)-?%\})""",
    re.MULTILINE | re.DOTALL | re.VERBOSE,
)
_END_NAME_RE = re.compile(r"\{%-?[ \t]*end(\w{1,40})")
_URL_RE = re.compile(
    r"^(?:https?:)?//|^/|^\.{1,2}/|^[\w.-]+\.(?:png|jpe?g|gif|webp|bmp|svg|avif)\b", re.I
)
_LINK_URL_RE = re.compile(r"^(?:https?://|//|/|\.{1,2}/|mailto:|#)", re.I)
_NUMBER_RE = re.compile(r"^\d+(?:px|%)?$")

_CODE_TAGS = {"codeblock", "code", "highlight", "include_code"}
_QUOTE_TAGS = {"blockquote", "quote", "pullquote"}


@lru_cache(maxsize=64)
def _block_re(name: str) -> re.Pattern[str]:
    return re.compile(r"\{%-?[ \t]*(end)?" + re.escape(name) + r"\b[^\n]{0,1000}?-?%\}")


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
    pairs: dict[str, dict[int, tuple[int, int]]] = {}
    pieces: list[str] = []
    position = 0

    def placeholder(fragment: str, block: bool) -> str:
        key = f"HEXOTAG{expansion.nonce}X{len(expansion.fragments)}X"
        expansion.fragments[key] = (fragment, block)
        return f"\n\n{key}\n\n" if block and markdown else key

    while True:
        match = _TOKEN_RE.search(text, position)
        if match is None:
            break
        pieces.append(text[position : match.start()])
        position = match.end()
        if match.group("fence"):
            pieces.append(match.group("fence"))
            continue
        if match.group("comment"):
            continue
        name = match.group("name").lower()
        args = match.group("args").strip()
        if name in ended:
            if name not in pairs:
                pairs[name] = _pair_tags(text, name)
            span = pairs[name].get(match.start())
            if span is not None and span[0] >= position:
                content = _trim_newlines(text[position : span[0]])
                position = span[1]
                pieces.append(placeholder(_block(name, args, content, render_block, depth), True))
                continue
        pieces.append(placeholder(_inline(name, args, match.group("tag")), False))
    pieces.append(text[position:])
    expansion.text = "".join(pieces)
    return expansion


def _pair_tags(text: str, name: str) -> dict[int, tuple[int, int]]:
    """Match every ``{% name %}`` with its ``{% endname %}`` in one pass.

    Maps the start of each opening tag that is closed to the (start, end) of
    its closing tag.  Unclosed tags are left out.
    """
    pairs: dict[int, tuple[int, int]] = {}
    open_tags: list[int] = []
    for match in _block_re(name).finditer(text):
        if match.group(1):
            if open_tags:
                pairs[open_tags.pop()] = (match.start(), match.end())
        else:
            open_tags.append(match.start())
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
    parts = urlsplit(url)
    path = parts.path if len(parts.path) <= 30 else parts.path[:29] + "…"
    return (parts.hostname or "") + (path if path != "/" else "")


# -- inline tags --------------------------------------------------------------


def _inline(name: str, args: str, source: str) -> str:
    handler = _INLINE.get(name)
    if handler is None:
        return _raw_tag(source)
    result = handler(_split_args(args))
    return result if result is not None else _raw_tag(source)


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
