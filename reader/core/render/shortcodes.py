"""Hugo shortcodes, shown the way the site shows them (without running Go templates).

* Hugo's built-ins render natively: ``highlight`` (a code block),
  ``figure``, ``ref``/``relref`` (links into the library, through the
  caller's resolver), ``param``, ``details``, and ``qr`` as its text;
  ``youtube``, ``vimeo``, ``x``/``twitter``/``tweet`` and ``instagram``
  become link cards, never embeds (``gist`` too); ``comment`` hides its content.
* Escaped shortcodes, ``{{</* name */>}}``, show their own text.
* The site's own shortcodes (``layouts/shortcodes/*.html``) are not
  executed: they show as a subtle labelled block ("new-in 0.120") with their
  inner content rendered as Markdown; a code-like shortcode's inner content
  shows as a code block.
* ``{{% include "path" %}}`` inlines a page of the site's content folder
  (without its front matter; never a hidden file, nor one that is no page:
  see :data:`PAGE_SUFFIXES`), nested at most
  :attr:`TemplateLimits.include_depth` deep.

Like :mod:`.hexo_tags`, :func:`expand` swaps each shortcode for a
placeholder before Markdown; :meth:`Expansion.restore` puts the HTML in
after it.  All HTML is sanitized afterwards with the rest of the article.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from reader.core.article.boundary import within
from reader.core.article.model import ArticleError
from reader.core.article.readfile import read_article_bytes
from reader.core.article.split import as_utf8, split
from reader.core.common.files import hidden_below, not_read_because
from reader.core.render.hexo_tags import Expansion, NextFinder
from reader.core.render.sitecontext import (
    SiteContext,
    TemplateLimits,
    TemplateNotice,
    in_link_destination,
    link_href,
    notices_after_links,
    template_value,
)

__all__ = [
    "MAX_NESTING",
    "MAX_NOTICES",
    "PAGE_SUFFIXES",
    "Budget",
    "ShortcodeResult",
    "expand",
    "has_shortcodes",
]

#: Shortcodes nested inside each other deeper than this show their inner
#: content as text (a page of thousands of nested shortcodes would otherwise
#: exhaust the stack and the memory).
MAX_NESTING = 32

#: Notices per expansion (more are dropped: the first ones say enough).
MAX_NOTICES = 100

#: ``render_block(text, depth)`` → HTML for a shortcode's inner Markdown.
BlockRenderer = Callable[[str, int], str]

#: Where a shortcode opens, and where one may close.
_OPENER_RE = re.compile(r"\{\{[<%]")
#: The longest text between a shortcode's delimiters.
_MAX_BODY = 4000
_ARG_RE = re.compile(r'(?:([\w-]{1,100})=)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+))', re.DOTALL)
_ESCAPED_RE = re.compile(r"^\{\{([<%])\s*/\*\s?(.*?)\s?\*/\s*([>%])\}\}$", re.DOTALL)
_NAME_RE = re.compile(r"[\w./-]{1,100}")

#: Shortcodes whose inner content is code (the Hugo docs' own and common ones).
_CODE_LIKE = re.compile(r"(?:^|[-_])(?:code|output|syntax|snippet|listing)(?:$|[-_])|^code", re.I)


class Budget:
    """What one page's includes may cost together: bytes read (the output
    limit) and wall-clock time (the per-article limit).  Shared by the nested
    expansions of one page, so that a file included twice by itself cannot
    fan out exponentially within the depth limit."""

    def __init__(self, limits: TemplateLimits) -> None:
        self.bytes_left = limits.output_bytes
        self.deadline = time.monotonic() + limits.seconds
        self.limits = limits
        # the file's line of the page's own shortcode being expanded: what
        # is met inside the content it includes or holds is said at it
        self.origin_line: int | None = None

    def spend(self, size: int) -> str | None:
        """None if ``size`` more bytes may be included, else why not."""
        if time.monotonic() > self.deadline:
            return f"took longer than {self.limits.seconds:g} s"
        if size > self.bytes_left:
            return f"more than {self.limits.output_bytes:,} bytes included"
        self.bytes_left -= size
        return None


def has_shortcodes(text: str) -> bool:
    return "{{<" in text or "{{%" in text


@dataclass
class ShortcodeResult:
    expansion: Expansion
    notices: list[TemplateNotice] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.expansion.text

    def restore(self, rendered: str) -> str:
        return self.expansion.restore(rendered)


@dataclass
class _Token:
    start: int
    end: int
    name: str
    args: str
    closing: bool
    self_closing: bool
    escaped: bool
    markdown: bool  # {{% %}}: inner content is Markdown
    source: str


def _token(text: str, start: int, close: int) -> _Token | None:
    """The shortcode from the opener at ``start`` to the closer at ``close``
    (``{{<``/``{{%`` … ``>}}``/``%}}``), or None when it is not one (the two
    disagree, or no name)."""
    body = text[start + 3 : close]
    delimiter = text[start + 2]
    if (delimiter == "<") != (text[close] == ">"):
        return None
    escaped = body.startswith("/*") and body.rstrip().endswith("*/")
    inner = body.strip()
    if escaped:
        inner = inner[2:-2].strip()
    closing = inner.startswith("/")
    if closing:
        inner = inner[1:].strip()
    self_closing = inner.endswith("/")
    if self_closing:
        inner = inner[:-1].rstrip()
    name_match = _NAME_RE.match(inner)
    if name_match is None:
        return None
    name, args = name_match.group(0), inner[name_match.end() :].strip()
    markdown = delimiter == "%"
    end = close + 3
    return _Token(start, end, name, args, closing, self_closing, escaped, markdown, text[start:end])


def _tokens(text: str) -> list[_Token]:
    """The shortcodes of ``text`` in order, in time linear in the text.

    A shortcode runs from ``{{<`` or ``{{%`` to the first ``>}}`` or
    ``%}}`` at most 4,000 characters on (the two must agree).  Searching
    from every opener for its closing made a page of 300,000 ``{{%`` take
    40 s: the openers share one forward search for the next closing instead,
    and when there is none, no later opener has one either.
    """
    found = []
    next_angle = NextFinder(text, ">}}")
    next_percent = NextFinder(text, "%}}")
    position = 0
    while True:
        opener = _OPENER_RE.search(text, position)
        if opener is None:
            break
        start = opener.start()
        body_start = start + 3
        closings = [q for q in (next_angle(body_start), next_percent(body_start)) if q >= 0]
        if not closings:
            break
        close = min(closings)
        if close - body_start > _MAX_BODY:
            position = start + 1
            continue
        position = close + 3
        token = _token(text, start, close)
        if token is not None:
            found.append(token)
    return found


def _pairs(tokens: list[_Token]) -> dict[int, int]:
    """Opening token index → its closing token index (same name, nested)."""
    pairs: dict[int, int] = {}
    stacks: dict[tuple[str, bool], list[int]] = {}
    for index, token in enumerate(tokens):
        if token.self_closing or token.escaped:
            continue
        key = (token.name, token.escaped)
        if token.closing:
            stack = stacks.get(key)
            if stack:
                pairs[stack.pop()] = index
        else:
            stacks.setdefault(key, []).append(index)
    return pairs


def _args(text: str) -> tuple[list[str], dict[str, str]]:
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG_RE.finditer(text):
        key, double, raw, bare = match.groups()
        if double is not None:
            value = re.sub(r"\\(.)", r"\1", double)
        else:
            value = raw if raw is not None else bare or ""
        if key:
            named[key.lower()] = value
        else:
            positional.append(value)
    return positional, named


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


class _Expander:
    def __init__(
        self,
        site: SiteContext,
        page: dict[str, object],
        *,
        markdown: bool,
        render_block: BlockRenderer,
        depth: int,
        article_path: Path | None,
        first_line: int = 1,
        budget: Budget | None = None,
    ) -> None:
        self.first_line = first_line
        self.budget = budget or Budget(site.limits)
        self.site = site
        self.page = page
        self.markdown = markdown
        self.render_block = render_block
        self.depth = depth
        self.article_path = article_path
        self.expansion = Expansion("", secrets.token_hex(6))
        self.notices: list[TemplateNotice] = []
        self.text = ""
        self.counted = (0, 0)  # (position, newlines before it): see line()
        #: notices written inside a link's target: moved after the link
        self.after_links: list[str] = []

    def placeholder(self, fragment: str, block: bool) -> str:
        key = f"HEXOTAG{self.expansion.nonce}X{len(self.expansion.fragments)}X"
        self.expansion.fragments[key] = (fragment, block)
        return f"\n\n{key}\n\n" if block and self.markdown else key

    def line(self, position: int) -> int:
        """The file's line of ``position``, counted on from the position asked
        for before (shortcodes are met in order: counting from the start each
        time was quadratic in a page of many notices)."""
        counted_to, newlines = self.counted if position >= self.counted[0] else (0, 0)
        newlines += self.text.count("\n", counted_to, position)
        self.counted = (position, newlines)
        return newlines + self.first_line

    def notice(self, message: str, position: int) -> str:
        if len(self.notices) >= MAX_NOTICES:
            return ""  # a page of nothing but errors: the first ones say enough
        # inside included or inner content the count is not the file's line:
        # the page's shortcode that led there is named instead
        line = self.line(position) if self.depth == 0 else self.budget.origin_line
        self.notices.append(TemplateNotice(line, message))
        where = f" (line {line})" if line is not None else ""
        text = _e(f"Shortcode: {message}{where}")
        return self.placeholder(f'<span class="template-notice">{text}</span>', False)

    def run(self, text: str) -> Expansion:
        self.text = text
        self.counted = (0, 0)
        tokens = _tokens(text)
        pairs = _pairs(tokens)
        pieces: list[str] = []
        position = 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.start < position:
                index += 1
                continue
            pieces.append(text[position : token.start])
            if time.monotonic() > self.budget.deadline:  # the rest stays as written
                seconds = self.site.limits.seconds
                pieces.append(self.notice(f"took longer than {seconds:g} s", token.start))
                position = token.start
                break
            position = token.end
            close = pairs.get(index)
            inner: str | None = None
            if close is not None:
                inner = text[token.end : tokens[close].start]
                position = tokens[close].end
            if token.escaped:
                pieces.append(self.placeholder(_e(_unescape(token.source)), False))
            elif token.closing:
                pieces.append(self.placeholder("", False))  # a stray closing tag
            else:
                pieces.append(self.shortcode(token, inner))
            index = close + 1 if close is not None else index + 1
        pieces.append(text[position:])
        self.expansion.text = notices_after_links("".join(pieces), self.after_links)
        return self.expansion

    # -- the shortcodes ------------------------------------------------------

    def shortcode(self, token: _Token, inner: str | None) -> str:
        name = token.name.lower()
        positional, named = _args(token.args)
        handler = _BUILTINS.get(name)
        if handler is not None:
            result = handler(self, token, positional, named, inner)
            if result is not None:
                return result
        return self.custom(token, inner)

    def custom(self, token: _Token, inner: str | None) -> str:
        label = f"{token.name} {token.args}".strip()
        label = re.sub(r"\s+", " ", label)
        if inner is None:
            return self.placeholder(f'<span class="shortcode-label">{_e(label)}</span>', False)
        if _CODE_LIKE.search(token.name):
            body = _code(_trim(inner), "")
        else:
            body = self.inner_html(token, inner)
        fragment = (
            f'<div class="shortcode-block"><p class="shortcode-label">{_e(label)}</p>{body}</div>'
        )
        return self.placeholder(fragment, True)

    def inner_html(self, token: _Token, inner: str) -> str:
        """A block shortcode's inner content as HTML: rendered as Markdown,
        or shown as text when nested too deep or out of time."""
        refused = None
        if self.depth >= MAX_NESTING:
            refused = f"'{token.name}': nested deeper than {MAX_NESTING}"
        elif time.monotonic() > self.budget.deadline:
            refused = f"'{token.name}': took longer than {self.site.limits.seconds:g} s"
        if refused is None:
            self._entering(token)
            return self.render_block(_trim(inner), self.depth + 1)
        if len(self.notices) < MAX_NOTICES and not any(n.message == refused for n in self.notices):
            line = self.line(token.start) if self.depth == 0 else self.budget.origin_line
            self.notices.append(TemplateNotice(line, refused))
        note = _e(f"Shortcode: {refused}")
        return f'<span class="template-notice">{note}</span>' + _code(_trim(inner), "")

    def highlight(
        self, token: _Token, positional: list[str], named: dict[str, str], inner: str | None
    ) -> str | None:
        if inner is None:
            return None
        language = positional[0] if positional else named.get("lang", "")
        return self.placeholder(_code(_trim(inner), language), True)

    def figure(
        self, token: _Token, positional: list[str], named: dict[str, str], inner: str | None
    ) -> str | None:
        src = named.get("src") or (positional[0] if positional else "")
        if not src:
            return None
        src = self.static_src(src)
        alt = named.get("alt") or named.get("title") or ""
        attributes = [f'src="{_e(src)}"', f'alt="{_e(alt)}"']
        for key in ("width", "height"):
            if named.get(key, "").isdigit():
                attributes.append(f'{key}="{named[key]}"')
        image = f"<img {' '.join(attributes)}>"
        if named.get("link"):
            image = f'<a href="{_e(named["link"])}">{image}</a>'
        caption_parts = []
        if named.get("title"):
            caption_parts.append(f"<strong>{_e(named['title'])}</strong>")
        if named.get("caption"):
            caption_parts.append(_e(named["caption"]))
        if named.get("attr"):
            attribution = _e(named["attr"])
            if named.get("attrlink"):
                attribution = f'<a href="{_e(named["attrlink"])}">{attribution}</a>'
            caption_parts.append(attribution)
        caption = f'<p class="caption">{" ".join(caption_parts)}</p>' if caption_parts else ""
        return self.placeholder(f'<div class="figure"><p>{image}</p>{caption}</div>', True)

    def static_src(self, src: str) -> str:
        """A site-absolute ``/images/a.png`` is Hugo's ``static/images/a.png``:
        written relative to the article when that file exists in the site."""
        if not src.startswith("/") or src.startswith("//") or self.article_path is None:
            return src
        candidate = self.site.root / "static" / src.lstrip("/")
        if not candidate.is_file() or not within(candidate, self.site.root.resolve()):
            return src
        try:
            relative = posixpath.relpath(candidate.as_posix(), self.article_path.parent.as_posix())
        except ValueError:
            return src
        return quote(relative, safe="/.-_~")

    def ref(
        self, token: _Token, positional: list[str], named: dict[str, str], inner: str | None
    ) -> str | None:
        target = named.get("path") or (positional[0] if positional else "")
        if not target:
            return None
        fragment = ""
        if "#" in target:
            target, fragment = target.split("#", 1)
        href = link_href(self.site, self.article_path, "ref", target) if target else ""
        if href is not None:
            href += f"#{quote(fragment, safe='')}" if fragment else ""
            if not href or in_link_destination(self.text, token.start):
                return href  # [text]({{< ref "b.md" >}}): the address, as Hugo gives it
            # in the text: Hugo prints the address; here it is a link the
            # window follows to the article (a relative path, never a web site)
            return self.placeholder(f'<a href="{_e(href)}">{_e(href)}</a>', False)
        # Hugo stops the build here ("REF_NOT_FOUND"): a notice where the link was
        note = self.notice(f"{token.name}: no article '{target}'", token.start)
        if not in_link_destination(self.text, token.start):
            # (past MAX_NOTICES, the name as written)
            return note or self.placeholder(_e(target), False)
        # the target of a Markdown link: a link to nowhere, the notice after it
        if note:
            self.after_links.append(note)
        return "#" + quote(fragment or target, safe="") + note

    def param(
        self, token: _Token, positional: list[str], named: dict[str, str], inner: str | None
    ) -> str | None:
        key = positional[0] if positional else named.get("name", "")
        if not key:
            return None
        value = _dig(self.page, key)
        if value is None:  # (Hugo's keys in any case: [Params] Foo is params.foo)
            value = _dig(dict(self.site.config), f"params.{key}")
        if value is None:
            return self.notice(f"param '{key}' is not set", token.start)
        return self.placeholder(_e(value), False)

    def details(
        self, token: _Token, positional: list[str], named: dict[str, str], inner: str | None
    ) -> str | None:
        summary = named.get("summary") or "Details"
        body = self.inner_html(token, inner or "")
        return self.placeholder(
            f'<div class="details"><p class="details-summary"><strong>{_e(summary)}</strong></p>'
            f"{body}</div>",
            True,
        )

    def qr(
        self, token: _Token, positional: list[str], named: dict[str, str], inner: str | None
    ) -> str | None:
        value = named.get("text") or (_trim(inner) if inner else "")
        if not value:
            return None
        shown = _e(value)
        if re.match(r"https?://", value):
            shown = f'<a href="{_e(value)}">{shown}</a>'
        return self.placeholder(f'<p class="qr-text">QR: {shown}</p>', True)

    def include(
        self, token: _Token, positional: list[str], named: dict[str, str], inner: str | None
    ) -> str | None:
        name = positional[0] if positional else named.get("path", "")
        limit = self.site.limits.include_depth
        if self.depth >= limit:
            return self.notice(f"include '{name}': deeper than {limit}", token.start)
        path, problem = _content_path(self.site, name)
        if path is None:
            return self.notice(f"include '{name}': {problem}", token.start)
        try:
            data, _stat = read_article_bytes(
                path, self.site.limits.include_bytes, of="an included file"
            )
        except ArticleError as exc:
            return self.notice(f"include '{name}': {exc.message}", token.start)
        refused = self.budget.spend(len(data))
        if refused is not None:
            return self.notice(f"include '{name}': {refused}", token.start)
        body = split(as_utf8(data)[0]).body
        self._entering(token)
        return self.placeholder(self.render_block(body, self.depth + 1), True)

    def _entering(self, token: _Token) -> None:
        """The page's own ``token`` opens content rendered on its own (an
        include, a block's inner text): what is met there is said at its line."""
        if self.depth == 0:
            self.budget.origin_line = self.line(token.start)

    def card(self, site_name: str, url: str) -> str:
        return self.placeholder(
            f'<p class="link-card"><a href="{_e(url)}">{_e(site_name)}: {_e(url)}</a></p>', True
        )


def _video(site_name: str, template: str, key: str = "id") -> Callable[..., str | None]:
    def render(
        expander: _Expander,
        token: _Token,
        positional: list[str],
        named: dict[str, str],
        inner: str | None,
    ) -> str | None:
        ident = named.get(key) or (positional[0] if positional else "")
        if not re.fullmatch(r"[\w.-]{1,100}", ident):
            return None
        return expander.card(site_name, template.format(quote(ident)))

    return render


def _x(
    expander: _Expander,
    token: _Token,
    positional: list[str],
    named: dict[str, str],
    inner: str | None,
) -> str | None:
    user = named.get("user") or (positional[0] if len(positional) > 1 else "")
    ident = named.get("id") or (positional[-1] if positional else "")
    if not re.fullmatch(r"\d{1,30}", ident):
        return None
    if user and re.fullmatch(r"\w{1,50}", user):
        url = f"https://x.com/{user}/status/{ident}"
    else:
        url = f"https://x.com/i/status/{ident}"
    return expander.card("X", url)


def _method(name: str) -> Callable[..., str | None]:
    def call(
        expander: _Expander,
        token: _Token,
        positional: list[str],
        named: dict[str, str],
        inner: str | None,
    ) -> str | None:
        result: str | None = getattr(expander, name)(token, positional, named, inner)
        return result

    return call


_BUILTINS: dict[str, Callable[..., str | None]] = {
    "highlight": _method("highlight"),
    "figure": _method("figure"),
    "ref": _method("ref"),
    "relref": _method("ref"),
    "param": _method("param"),
    "details": _method("details"),
    "qr": _method("qr"),
    "include": _method("include"),
    "youtube": _video("YouTube", "https://www.youtube.com/watch?v={}"),
    "vimeo": _video("Vimeo", "https://vimeo.com/{}"),
    "instagram": _video("Instagram", "https://www.instagram.com/p/{}/"),
    "x": _x,
    "gist": lambda expander, token, positional, named, inner: (
        expander.card("Gist", "https://gist.github.com/" + "/".join(map(quote, positional[:2])))
        if len(positional) >= 2
        else None
    ),
    "comment": lambda expander, token, positional, named, inner: expander.placeholder("", False),
    "twitter": _x,
    "tweet": _x,
}


def _unescape(source: str) -> str:
    """``{{</* name */>}}`` → ``{{< name >}}``."""
    return _ESCAPED_RE.sub(r"{{\1 \2 \3}}", source, count=1)


def _trim(text: str) -> str:
    text = re.sub(r"\A[ \t]*\r?\n", "", text)
    return re.sub(r"\r?\n[ \t]*\Z", "", text)


def _code(code: str, language: str) -> str:
    language = re.sub(r"[^\w+#.-]", "", language)
    attribute = f' class="language-{_e(language)}"' if language else ""
    return (
        f'<div class="code-block"><pre><code{attribute}>'
        f"{html.escape(code, quote=False)}</code></pre></div>"
    )


def _dig(mapping: object, key: str) -> object:
    value = mapping
    for part in key.split("."):
        if isinstance(value, dict):
            lowered = {str(k).lower(): v for k, v in value.items()}
            value = lowered.get(part.lower())
        else:
            return None
    value = template_value(value)  # (bytes are text, a set or a tuple a list)
    if value is None or isinstance(value, dict | list):
        return None
    return value


#: The files an include reads: the pages of the site, by the suffixes the
#: library reads articles by (``reader.core.library.scan.ARTICLE_SUFFIXES``,
#: which render may not import).  Hugo's include returns a page, never the
#: site's configuration or data (with ``contentDir = "."`` they are in the
#: content folder: ``hugo.toml`` was shown).
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".txt", ".html", ".htm")

_HIDDEN = "hidden files and folders (.git, .env…) are not read"
_NOT_A_PAGE = "not a content page (.md, .markdown, .html…)"


def _content_path(site: SiteContext, name: str) -> tuple[Path | None, str]:
    """The content file ``{{% include "name" %}}`` reads (resolved), or None
    and why not.  ``name`` may leave out the page's suffix (``notes`` is
    ``notes.md``) or name its folder (``notes/index.md``, ``notes/_index.md``):
    each of those is checked as the name itself is, where it is written and
    where its links lead (``notes.md``, a link to ``.git/config``, was read
    when only ``notes`` had been checked)."""
    if not name or "\x00" in name:
        return None, "no file named"
    root = site.root.resolve()
    base = site.content_dir or site.root / "content"
    path = base.joinpath(*[part for part in name.split("/") if part])
    if not within(path, root):
        return None, "outside the site"
    # a content file: the site's configuration, data or .git are no page
    inside = base.resolve() if within(base, root) else None
    if not within(path, inside):
        return None, "not a content file (outside content/)"
    if hidden_below(path, root):  # (a hidden folder, or a link to one)
        return None, _HIDDEN
    if path.is_file() or (os.path.lexists(path) and not path.is_dir()):
        candidates = [path]
    else:
        folders = [path / "index", path / "_index"] if path.is_dir() else []
        candidates = [
            stem.with_name(stem.name + suffix)
            for stem in (path, *folders)
            for suffix in PAGE_SUFFIXES
        ]
    for candidate in candidates:
        if not os.path.lexists(candidate):
            continue
        if not within(candidate, inside):
            return None, "not a content file (outside content/)"
        # (with contentDir = ".", .git/config was a content file, and a remote's
        # token in it was shown; a .env beside the posts too)
        if hidden_below(candidate, root):
            return None, _HIDDEN
        resolved = candidate.resolve()
        # a page where it is named and where it leads (notes.md, a link to
        # hugo.toml, is the configuration)
        if not all(p.name.lower().endswith(PAGE_SUFFIXES) for p in (candidate, resolved)):
            return None, _NOT_A_PAGE
        if not candidate.is_file():
            return None, not_read_because(candidate)
        return resolved, ""
    return None, "not found"


def expand(
    text: str,
    site: SiteContext,
    page: dict[str, object],
    *,
    markdown: bool,
    render_block: BlockRenderer,
    depth: int = 0,
    article_path: Path | None = None,
    first_line: int = 1,
    budget: Budget | None = None,
) -> ShortcodeResult:
    """Replace the shortcodes in ``text`` by placeholders (see the module)."""
    expander = _Expander(
        site,
        page,
        markdown=markdown,
        render_block=render_block,
        depth=depth,
        article_path=article_path,
        first_line=first_line,
        budget=budget,
    )
    if not has_shortcodes(text):
        expander.expansion.text = text
        return ShortcodeResult(expander.expansion)
    expansion = expander.run(text)
    return ShortcodeResult(expansion, expander.notices)
