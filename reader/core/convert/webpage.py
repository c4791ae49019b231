"""Import pages saved from a browser as articles of the library.  No Qt here.

A saved page (plain HTML, or a single-file page with its images inlined as
``data:`` URLs) becomes an article in the library's own shape: front matter
like its neighbours (:meth:`Library.plan_new_article`) with the title, the
date from the page's meta tags, the author and a ``source`` key holding the
page's address; the main content, sanitized, as the body.  Inlined images
(and images the browser saved in a folder beside the page) are saved in the
article's asset folder (``post.md`` → ``post/``, as Hexo lays them out) and
referenced locally.  The page itself is only read.

Every article is written through the library (the one write path), after
its images: the article's appearance is the commit, so an import stopped
midway leaves at most an asset folder without its article, which the next
import of the page fills and uses.  Duplicates — the same source address
(its scheme and host in any case, the rest exactly), or the same text — are
found first and handled as the caller chooses (:data:`ON_DUPLICATE`).  In a
Jekyll site's ``_posts`` the article is named by its date, as Jekyll needs;
template syntax in the page's text (``{{ … }}``, ``{% … %}``, ``{{< … >}}``)
is kept from being run as the site's templates.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import html
import itertools
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from reader.core.article.model import Article, ArticleError
from reader.core.article.split import readable
from reader.core.common.files import NotRegularFileError, open_regular
from reader.core.common.tasks import Cancel, Progress
from reader.core.common.urls import join_url, split_url
from reader.core.convert import SINGLE_FILE_SUFFIXES
from reader.core.edit.bulk import OUTSIDE_LINK, leads_outside
from reader.core.library.facade import Library, LibraryError, NewArticle
from reader.core.render.imagecheck import data_image
from reader.core.render.sanitize import ImageDecision, sanitize_html

__all__ = [
    "ON_DUPLICATE",
    "SINGLE_FILE_SUFFIXES",
    "ImportOutcome",
    "WebPage",
    "find_duplicate",
    "import_page",
    "import_pages",
    "is_single_file_page",
    "read_web_page",
]

#: What to do with a page the library already has.
ON_DUPLICATE = ("skip", "keep-both", "replace")
MAX_PAGE_BYTES = 64 * 1024 * 1024
#: A page of more elements is refused: each costs the importer's tree, its
#: walk and the sanitizer (about 11 s and 600 MB a million); a long news
#: page holds a few thousand, and 20 million in 60 MB took 10 minutes and
#: 10 GB.
MAX_PAGE_ELEMENTS = 500_000
#: The images one page keeps as files beside its article, and their bytes
#: together; any more are left out, a note in their place (one page of
#: 50,000 distinct one-pixel images wrote 50,000 files into the library).
MAX_PAGE_IMAGES = 1000
MAX_PAGE_IMAGE_BYTES = 256 * 1024 * 1024
# Deeper elements are kept as siblings at this depth: the page's tree is
# walked recursively, and real pages nest far less.
MAX_DEPTH = 150

_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "button",
        "select",
        "textarea",
        "head",
    }
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
# What a ``<head>`` holds: any other element starts the body (as browsers
# read a page whose ``</head>`` and ``<body>`` are left out).
_HEAD_CONTENT = frozenset(
    {"title", "meta", "link", "style", "script", "base", "noscript", "template", "head"}
)
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
}
_SAVED_FROM = re.compile(r"(?:saved from url=\(\d+\)|url:)\s*(https?://\S+)", re.IGNORECASE)
_CONTENT_HINT = re.compile(r"article|content|post|entry|main|text|body|story|detail", re.I)
_NOISE_HINT = re.compile(r"comment|share|related|sidebar|footer|header|nav|menu|ad[s-]", re.I)


# -- a small DOM ------------------------------------------------------------------------


@dataclass(eq=False)
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)
    parent: _Node | None = None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> list[_Node]:
        found = [self]
        for child in self.children:
            if isinstance(child, _Node):
                found.extend(child.iter())
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.current = self.root
        self.metas: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.base: str | None = None  # the first ``<base href>``
        self.lang: str | None = None  # the ``<html lang>`` (or ``xml:lang``)
        self.title: list[str] = []
        self.comments: list[str] = []
        self._in_title = False
        self._title_done = False  # the page's title was read (later ones are not it)
        # The elements being left out (a ``nav``, the ``head``, a ``noscript``
        # in it), each with how many of its kind are open inside it.  Only its
        # own kind is counted: an element whose end tag HTML lets a page leave
        # out (``<li>``, ``<option>``, ``<p>``) would otherwise keep a count
        # up for good, and the whole article after the menu would be lost.
        self._dropping: list[list[Any]] = []  # [tag, open count]
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            self.metas.append(values)
        elif tag == "link":
            self.links.append(values)
        elif tag == "base" and self.base is None and values.get("href", "").strip():
            self.base = values["href"].strip()
        elif tag == "html" and self.lang is None:
            self.lang = values.get("lang") or values.get("xml:lang") or None
        elif tag == "title" and not self._title_done:
            # the page's own title: the first, not one inside an <svg> (an
            # icon's "Menu icon" was added to it) or other dropped content
            self._in_title = all(entry[0] == "head" for entry in self._dropping)
        if self._dropping:
            top = self._dropping[-1]
            if top[0] == "head" and tag not in _HEAD_CONTENT:
                self._dropping.clear()  # `<body>` or content: the head ended unclosed
            elif top[0] == "head" and tag in ("noscript", "template"):
                self._dropping.append([tag, 1])  # (may hold anything: not the body yet)
            else:
                if tag == top[0] and tag not in _VOID:
                    top[1] += 1
                return
        if tag in _DROP:
            self._dropping.append([tag, 1])
            return
        node = _Node(tag, values, parent=self.current)
        self.current.children.append(node)
        if tag not in _VOID and self._depth < MAX_DEPTH:
            self.current = node
            self._depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._dropping:
            # closed as it opens (`<svg … />`): it leaves nothing open to drop
            self.handle_endtag(tag)
        elif tag not in _VOID and self.current.tag == tag:
            self.current = self.current.parent or self.root
            self._depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self._title_done = True
        if self._dropping:
            if tag in ("body", "html"):
                self._dropping.clear()
            for index in range(len(self._dropping) - 1, -1, -1):
                if self._dropping[index][0] == tag:
                    self._dropping[index][1] -= 1
                    if self._dropping[index][1] <= 0:
                        del self._dropping[index:]  # (and what was left open in it)
                    break
            return
        node: _Node | None = self.current
        depth = self._depth
        while node is not None and node.tag != tag:
            node = node.parent
            depth -= 1
        if node is not None and node.parent is not None:
            self.current = node.parent
            self._depth = depth - 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        if not self._dropping:
            self.current.children.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _serialize(node: _Node | str) -> str:
    if isinstance(node, str):
        return html.escape(node, quote=False)
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in node.attrs.items())
    if node.tag in _VOID:
        return f"<{node.tag}{attrs}>"
    inner = "".join(_serialize(child) for child in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


# -- reading a page ----------------------------------------------------------------------------


@dataclass(slots=True)
class WebPage:
    """A saved page, read: what the article is made of."""

    title: str
    date: datetime | date | None
    author: str | None
    source: str | None
    body: str  # sanitized HTML, images pointing at ``images`` by name
    images: dict[str, bytes]  # file name → bytes, to be saved beside the article
    text: str  # the body's plain text, for finding duplicates
    language: str | None = None  # its language tag (``<html lang>``), when well formed


def _meta(
    builder: _Builder, *names: str, accept: Callable[[str], bool] | None = None
) -> str | None:
    """The first ``<meta>`` content of ``names`` (in their order) that is not
    blank and that ``accept`` takes."""
    for name in names:
        for meta in builder.metas:
            key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
            if key == name and meta.get("content", "").strip():
                content = " ".join(meta["content"].split())
                if accept is None or accept(content):
                    return content
    return None


def _not_an_address(text: str) -> bool:
    # article:author is often a profile address, not a name
    return _scheme(text) not in ("http", "https")


def _page_date(builder: _Builder) -> datetime | date | None:
    from reader.core.article.dates import parse_date

    candidates = [
        _meta(
            builder,
            "article:published_time",
            "og:published_time",
            "datepublished",
            "publishdate",
            "pubdate",
            "publish_date",
            "date",
            "dc.date",
            "dcterms.created",
            "article:modified_time",
        )
    ]
    candidates += [node.attrs.get("datetime") for node in builder.root.iter() if node.tag == "time"]
    for text in candidates:
        if not text:
            continue
        parsed = parse_date(text.strip())
        if parsed is not None:
            return parsed.value
    return None


def _scheme(url: str) -> str:
    """The scheme of ``url`` ("" for none, or for an address no one can take apart)."""
    parts = split_url(url)
    return parts.scheme if parts is not None else ""


def _source(builder: _Builder) -> str | None:
    for link in builder.links:
        if "canonical" in link.get("rel", "").lower().split() and link.get("href", "").strip():
            url = link["href"].strip()
            if _scheme(url) in ("http", "https"):
                return url
    og_url = _meta(builder, "og:url")
    if og_url and _scheme(og_url) in ("http", "https"):
        return og_url
    for comment in builder.comments:
        match = _SAVED_FROM.search(comment)
        if match:
            return match.group(1)
    return None


def _document_base(builder: _Builder, source: str | None) -> str | None:
    """The address the page's relative links and images are read against, as
    a browser reads them: its ``<base href>`` (itself read against the
    page's address), else the page's address; None when neither is a web
    address."""
    base = source if source is not None and split_url(source) is not None else None
    if builder.base is not None:
        joined = join_url(source, builder.base) if source is not None else builder.base
        parts = split_url(joined) if joined is not None else None
        # (a host too: "http:foo/" read against an https page gave "http:///foo/")
        if parts is not None and parts.scheme in ("http", "https") and parts.hostname:
            return joined
    return base


def _stripped_length(node: _Node, length: int) -> int:
    """``len(node.text().strip())`` from the text's ``length``: only the
    whitespace at either end is read (the text itself is not put together)."""
    lead = _edge_space(node, reverse=False)
    if lead >= length:
        return 0
    return length - lead - _edge_space(node, reverse=True)


def _edge_space(node: _Node, reverse: bool) -> int:
    """How many whitespace characters ``node``'s text starts (or ends) with."""
    count = 0
    stack: list[_Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            text = item[::-1] if reverse else item
            stripped = len(text) - len(text.lstrip())
            count += stripped
            if stripped < len(text):
                return count
        else:
            children = item.children
            stack.extend(children if reverse else reversed(children))
    return count


_MOST_OF_THE_TEXT = 0.7  # see _main_content


def _main_content(root: _Node) -> _Node:
    """The element holding the article: an ``<article>`` with real text, else
    the element whose paragraphs hold the most text (a parent gets a
    paragraph's length, a grandparent half of it), else ``<body>``."""
    nodes = root.iter()
    scores: dict[int, float] = {}
    by_id = {id(node): node for node in nodes}
    # Text and link lengths of every element, in one pass from the leaves
    # up: asked of each element anew, they cost the depth of the page times
    # its size (70 nested blocks around 20,000 links took over two minutes).
    lengths: dict[int, int] = {}
    links_in: dict[int, int] = {}
    for node in reversed(nodes):  # (children come after their parent in iter())
        length = links = 0
        for child in node.children:
            if isinstance(child, str):
                length += len(child)
            else:
                length += lengths[id(child)]
                links += links_in[id(child)]
        lengths[id(node)] = length
        links_in[id(node)] = links + (length if node.tag == "a" else 0)
    for node in nodes:
        if node.tag not in ("p", "br") or node.parent is None:
            continue
        length = _stripped_length(node, lengths[id(node)]) if node.tag == "p" else 20
        if length < 10:
            continue
        parent = node.parent
        scores[id(parent)] = scores.get(id(parent), 0.0) + length
        if parent.parent is not None:
            scores[id(parent.parent)] = scores.get(id(parent.parent), 0.0) + length / 2
    for key, score in list(scores.items()):
        node = by_id[key]
        hint = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}"
        if node.tag == "article" or _CONTENT_HINT.search(hint):
            score *= 1.25
        if _NOISE_HINT.search(hint):
            score *= 0.3
        links = links_in[key]
        total = lengths[key] or 1
        scores[key] = score * (1 - min(links / total, 0.9))
    if scores:
        chosen = by_id[max(scores, key=scores.__getitem__)]
        # The paragraphs chosen must hold most of the page's text (that of
        # its links aside: menus, lists of other stories).  A story told in
        # list items, table cells or plain blocks, with one short paragraph
        # elsewhere (a copyright line), was imported as that line alone;
        # one in two sections lost the second.  Their nearest container
        # that holds enough of it is taken instead: never the text lost.
        page = next((node for node in nodes if node.tag == "body"), root)
        whole = lengths[id(page)] - links_in[id(page)]
        while chosen is not page and chosen.parent is not None:
            if lengths[id(chosen)] - links_in[id(chosen)] >= _MOST_OF_THE_TEXT * whole:
                break
            chosen = chosen.parent
        return chosen
    for tag in ("article", "main", "body"):
        for node in nodes:
            if node.tag == tag:
                return node
    return root


def _absolute_links(content: _Node, base: str) -> None:
    """Make the page's relative links absolute against its address, as its
    images are (a link to "/about" led nowhere in the library); a link to a
    place in the page ("#notes") stays."""
    for node in content.iter():
        href = node.attrs.get("href", "").strip() if node.tag == "a" else ""
        if not href or href.startswith("#"):
            continue
        parts = split_url(href)
        if parts is not None and not parts.scheme:
            joined = join_url(base, href)
            if joined is not None:
                node.attrs["href"] = joined


class _ImageSaver:
    """The sanitizer's image hook for an import: inlined and saved-beside
    images are kept as files, remote ones keep their address."""

    def __init__(self, page: Path, base_url: str | None):
        self.page = page
        self.base_url = base_url
        self.images: dict[str, bytes] = {}
        self.inline: dict[str, str] = {}  # token → the data: URL it stands for
        self._sniffed: dict[tuple[str, str], str | None] = {}  # → the extension, if an image
        self._bytes = 0  # (of the images kept)

    def _keep(self, data: bytes, media_type: str, alt: str) -> ImageDecision:
        from reader.core.convert.export import MAX_IMAGE_BYTES, sniff_image

        # by its bytes, not its label: a damaged data: URL or a file named
        # .png that is something else is not saved into the library
        claimed = media_type.lower().replace("jpg", "jpeg")
        digest = hashlib.sha256(data).hexdigest()[:16]
        if (digest, claimed) not in self._sniffed:  # (the same image again: looked at once)
            sniffed = sniff_image(data, claimed) if 0 < len(data) <= MAX_IMAGE_BYTES else None
            self._sniffed[(digest, claimed)] = _EXTENSIONS.get(sniffed or "")
        extension = self._sniffed[(digest, claimed)]
        if extension is None or not data:
            return ImageDecision(note=f"[{alt}]" if alt else "[image]", note_class="image-removed")
        name = "img-" + digest + extension
        if name not in self.images:
            if (
                len(self.images) >= MAX_PAGE_IMAGES
                or self._bytes + len(data) > MAX_PAGE_IMAGE_BYTES
            ):  # (see MAX_PAGE_IMAGES: left out, said in its place)
                return ImageDecision(
                    note=f"[{alt}]" if alt else "[image]", note_class="image-removed"
                )
            self._bytes += len(data)
        self.images[name] = data
        return ImageDecision(src=name)

    def __call__(self, src: str, alt: str) -> ImageDecision:
        src = html.unescape(src).strip()
        src = self.inline.get(src, src)
        if src[:5].lower() == "data:":
            inlined = data_image(src)
            if inlined is None or not inlined[1]:
                return ImageDecision(note=f"[{alt}]" if alt else "[image]")
            return self._keep(inlined[1], inlined[0], alt)
        parts = split_url(src)
        if parts is None:  # an address no one can take apart: no image
            return ImageDecision(note=f"[{alt}]" if alt else "[image]", note_class="image-removed")
        if parts.scheme in ("http", "https"):
            return ImageDecision(src=src)
        if src.startswith("//"):
            return ImageDecision(src="https:" + src)
        if not parts.scheme and parts.path:
            local = (self.page.parent / unquote(parts.path)).resolve()
            folder = self.page.parent.resolve()
            if local.is_file() and folder in local.parents:
                import mimetypes

                from reader.core.convert.export import MAX_IMAGE_BYTES

                try:
                    data = b"" if local.stat().st_size > MAX_IMAGE_BYTES else local.read_bytes()
                except OSError:
                    data = b""
                return self._keep(data, mimetypes.guess_type(local.name)[0] or "", alt)
            joined = join_url(self.base_url, src) if self.base_url else None
            if joined is not None:
                return ImageDecision(src=joined)
        return ImageDecision(note=f"[{alt}]" if alt else "[image]", note_class="image-removed")


SINGLE_FILE_REFUSAL = "a single-file page (MHTML) cannot be imported; save the page as HTML"
_MIME_HEADER = re.compile(rb"^MIME-Version\s*:", re.IGNORECASE | re.MULTILINE)
_MIME_RELATED = re.compile(rb"^Content-Type\s*:\s*multipart/", re.IGNORECASE | re.MULTILINE)


def is_single_file_page(path: str | os.PathLike, head: bytes = b"") -> bool:
    """Whether ``path`` is a single-file page (MHTML), by its name or, given
    its first bytes ``head``, by its MIME headers (a Blink ``.mhtml`` renamed
    ``.html``)."""
    if os.fspath(path).lower().endswith(SINGLE_FILE_SUFFIXES):
        return True
    end = min((i for i in (head.find(b"\r\n\r\n"), head.find(b"\n\n")) if i >= 0), default=-1)
    headers = head[:end] if end >= 0 else b""
    return bool(_MIME_HEADER.search(headers) and _MIME_RELATED.search(headers))


def read_web_page(path: str | os.PathLike) -> WebPage:
    """Read a saved page (never changing it).  Raises :class:`ArticleError`
    naming the file when it cannot be read, is a single-file page (MHTML,
    see :func:`is_single_file_page`) or holds no text."""
    from reader.core.convert.export import shown_text
    from reader.core.library.fulltext import collapse_whitespace, plain_text

    page = Path(path)
    try:
        # never blocks on a FIFO, never reads a device without end
        with open_regular(page) as handle:
            raw = handle.read(MAX_PAGE_BYTES + 1)
    except NotRegularFileError:
        raise ArticleError("not a saved page (not a regular file)", page) from None
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror or exc}", page) from None
    if len(raw) > MAX_PAGE_BYTES:
        raise ArticleError("the page is larger than 64 MB", page)
    if is_single_file_page(page, raw[:8192]):
        raise ArticleError(SINGLE_FILE_REFUSAL, page)
    text = _decode(raw)
    if not _TAG.search(text):
        raise ArticleError("not a saved page (no HTML in it)", page)
    if next(itertools.islice(_START_TAG.finditer(text), MAX_PAGE_ELEMENTS, None), None):
        raise ArticleError(
            f"the page has more than {MAX_PAGE_ELEMENTS:,} elements (a long page has a "
            "few thousand); not imported",
            page,
        )
    builder = _Builder()
    builder.feed(_comments_as_browsers_end_them(text))
    builder.close()
    content = _main_content(builder.root)
    title = (
        _meta(builder, "og:title", "twitter:title", "headline")
        or next((" ".join(n.text().split()) for n in content.iter() if n.tag == "h1"), "")
        or " ".join("".join(builder.title).split())
        or readable(page.stem)  # (a name's bytes that are not UTF-8: U+FFFD)
    )
    for node in content.iter():  # the title is in the header: not twice
        if node.tag == "h1" and " ".join(node.text().split()) == title and node.parent:
            node.parent.children.remove(node)
            break
    source = _source(builder)
    base = _document_base(builder, source)
    if base is not None:
        _absolute_links(content, base)
    saver = _ImageSaver(page, base)
    for node in content.iter():
        # inlined images are set aside for the sanitizer's pass (megabytes of
        # base64 in an attribute cost it seconds and a gigabyte); the hook
        # gets each back by its token
        src = node.attrs.get("src", "") if node.tag == "img" else ""
        if src.lstrip()[:5].lower() == "data:":
            token = f"inline-image-{len(saver.inline)}"
            saver.inline[token] = src
            node.attrs["src"] = token
    inner = "".join(_serialize(child) for child in content.children)
    body = sanitize_html(inner, image_hook=saver).strip()
    # The page's text is text: a ``{{ page.title }}``, a ``{% tag %}`` or a
    # ``{{< shortcode >}}`` in it must not be run as the site's templates
    # (Jekyll's Liquid, Hugo's shortcodes, Hexo's tags) when the article is
    # shown or built; the brace before it as a character reference reads
    # the same and opens no template.
    body = _TEMPLATE_OPENER.sub("&#123;", body)
    plain = collapse_whitespace(plain_text(body, "html"))
    if not plain and not saver.images:
        raise ArticleError("the page holds no text to import", page)
    author = _meta(builder, "author", "article:author", "dc.creator", "byl", accept=_not_an_address)
    # (as an export shows a title: a title of bidirectional controls or of
    # marks that draw nothing was imported as such, a title no one could see)
    title = shown_text(_CONTROL.sub(" ", title)) or shown_text(readable(page.stem)) or "Untitled"
    author = (shown_text(_CONTROL.sub(" ", author)) or None) if author else None
    # (a <title> of 220,000 characters went whole into the front matter)
    title, author = _cut(title, MAX_TITLE_CHARS), author and _cut(author, MAX_TITLE_CHARS)
    language = _language(builder)
    if language is not None and not _language_fits(language, f"{title} {plain}"):
        language = None  # (a theme's lang="en-US" over an Arabic article)
    return WebPage(title, _page_date(builder), author, source, body, saver.images, plain, language)


_CHINESE = frozenset({"zh", "yue", "cmn", "wuu", "hak", "nan", "gan", "hsn", "lzh"})


def _language_fits(language: str, text: str) -> bool:
    """Whether the page's declared ``language`` can be its text's: a text
    in a script written right to left needs a language written so, a text
    mostly in Chinese, Japanese or Korean one of those, and a text in
    neither neither.  (Themes declare the site's language on every page:
    lang="en-US" on an Arabic article made the reader lay it out left to
    right, and the export label it English.)"""
    from reader.core.convert.export import detect_language
    from reader.core.render.direction import text_direction

    found = detect_language(text)
    primary = language.replace("_", "-").split("-")[0].lower()
    if text_direction(found) == "rtl" or text_direction(language) == "rtl":
        return text_direction(found) == text_direction(language)
    if found == "zh":
        return primary in _CHINESE or primary == "ja"  # (a Japanese text of kanji alone)
    if found in ("ja", "ko"):
        return primary == found
    return primary not in _CHINESE and primary not in ("ja", "ko")


def _language(builder: _Builder) -> str | None:
    """The page's language: its ``<html lang>``, else its ``content-language``
    (the first of a list) or ``og:locale`` (``fa_IR`` → ``fa-IR``); a value
    that is no well-formed language tag is not trusted (``lang=""`` says
    "unknown")."""
    from reader.core.render.pipeline import is_language_tag

    declared = [builder.lang or ""]
    declared += [
        meta.get("content", "").split(",")[0]
        for meta in builder.metas
        if meta.get("http-equiv", "").strip().lower() == "content-language"
    ]
    declared.append(_meta(builder, "og:locale") or "")
    for value in declared:
        tag = value.strip().replace("_", "-")
        if tag and is_language_tag(tag):
            return tag
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
#: A title (or author) longer than this is cut, with "…" (a page's whole text
#: in its <title> made a front matter no list or form could show).
MAX_TITLE_CHARS = 300


def _cut(text: str, most: int) -> str:
    """``text``, or its first ``most`` characters and "…" (cut at a blank
    when there is one in the last fifth)."""
    if len(text) <= most:
        return text
    head = text[: most - 1]
    blank = head.rfind(" ")
    if blank > most * 4 // 5:
        head = head[:blank]
    return head.rstrip() + "…"


# What opens a template of a site: Liquid's and Nunjucks' ``{{``, ``{%`` (Hexo's ``{#``
# too), Hugo's ``{{<`` and ``{{%``.
_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")


# What any saved page holds somewhere: a tag.  A file without one (a text
# file, a key, ``/etc/passwd`` behind a link named ``page.html``) is no page,
# and is not copied into the library.
_TAG = re.compile(r"<(?:!doctype|[a-z][a-z0-9-]*[\s/>])", re.IGNORECASE)
_START_TAG = re.compile(r"<[A-Za-z]")  # (an element, as a browser counts them, about)
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


# The charsets a page may declare that are read as it says; any other label
# (a codec of Python's that is no web encoding: ``rot13``, ``punycode``,
# ``undefined``) is passed over.  Names as :func:`codecs.lookup` gives them.
_WEB_ENCODINGS = frozenset(
    {
        "utf-8",
        "gb18030",
        "gbk",
        "gb2312",
        "hz",
        "big5",
        "big5hkscs",
        "cp950",
        "shift_jis",
        "cp932",
        "euc_jp",
        "iso2022_jp",
        "euc_kr",
        "cp949",
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "mac-cyrillic",
        "cp866",
        "cp874",
        "tis-620",
        "ascii",
        *(f"cp{number}" for number in range(1250, 1259)),
        *(f"iso8859-{number}" for number in range(1, 17)),
    }
)
# What browsers read for some labels (the WHATWG Encoding standard): a page
# saying Latin-1 or ASCII is Windows-1252; one saying GB2312 or GBK may use
# any character of GB18030.
_AS_BROWSERS_READ = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    # the vendors' supersets browsers read (碁, 髙, €, ①…)
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _declared_encoding(raw: bytes) -> str | None:
    """The charset the page's head names, as the codec to read it with, or
    None when it names none (or no web encoding)."""
    import codecs

    head = raw[:4096].decode("ascii", "replace")
    match = re.search(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", head, re.IGNORECASE)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1)).name
    except LookupError:
        return None
    # (a charset read from ASCII bytes cannot be UTF-16 or UTF-32: browsers
    # read such a page as UTF-8; decoded so, its text would be nonsense)
    if name not in _WEB_ENCODINGS:
        return None
    return _AS_BROWSERS_READ.get(name, name)


def _mostly_decodes(text: str) -> bool:
    """Whether ``text`` (decoded with replacement) is mostly what it was
    meant to be: the characters that were bad bytes (U+FFFD) are few next to
    the other non-ASCII characters."""
    bad = text.count("\ufffd")
    good = sum(1 for char in text if char > "\x7f") - bad
    return good >= 4 * bad


def _looks_like_gb(raw: bytes) -> bool:
    """Whether the non-ASCII bytes of ``raw`` look like Chinese text in GBK
    (GB18030): in GB2312's range both bytes of nearly every character are at
    least 0xA1, so they come in runs of such pairs; Latin-1 and Windows-1252
    text has isolated high bytes, often followed by ASCII letters (which
    GB18030 would read as one character with them: ``Résumé`` as ``R閟um``)."""
    pairs = other = 0
    for run in _HIGH_RUN.finditer(raw):
        chunk = run.group(0)
        if len(chunk) >= 2 and min(chunk) >= 0xA1:
            pairs += len(chunk) // 2
            other += len(chunk) % 2
        else:
            other += len(chunk)
    return pairs > 0 and pairs >= 4 * other


def _utf16_unmarked(raw: bytes) -> str | None:
    """The text of a page in UTF-16 without a byte order mark, or None.
    Its markup and its blanks are ASCII, so one byte of each of their pairs
    is NUL (the second in little-endian order, the first in big-endian),
    far more often than the other byte (a CJK character's low byte is NUL
    now and then).  Read only when it decodes to tags, with few characters
    that are no text (a bad code unit is read as U+FFFD, as browsers do)."""
    sample = raw[:65536]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    for encoding, zeros, others in (
        ("utf-16-le", sample[1::2].count(0), sample[0::2].count(0)),
        ("utf-16-be", sample[0::2].count(0), sample[1::2].count(0)),
    ):
        if zeros < pairs * 0.01 or zeros < 4 * others:
            continue
        text = raw[: len(raw) // 2 * 2].decode(encoding, "replace")
        head = text[:4096]
        if not _TAG.search(head):
            return None
        control = sum(1 for char in head if char < " " and char not in "\t\n\r")
        return text if control <= len(head) // 100 else None
    return None


def _decode(raw: bytes) -> str:
    """The text of a saved page: by its byte order mark (or the NULs of
    UTF-16 without one), else by the charset it declares (bad bytes
    replaced, unless nearly all are bad: then the declaration is wrong and
    the bytes say what they are), else UTF-8, else GB18030 when the bytes
    look like it, else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    for bom, encoding in _UTF16_BOMS:
        # (a page saved as "Unicode" on Windows; junk that only starts with
        # these two bytes does not decode to tags, and is read as below)
        if raw.startswith(bom):
            # (a bad code unit is read as U+FFFD, as browsers do: the page
            # was "no HTML in it")
            text = raw[2 : 2 + (len(raw) - 2) // 2 * 2].decode(encoding, "replace")
            if _TAG.search(text[:4096]):
                return text
            break
    unmarked = _utf16_unmarked(raw)
    if unmarked is not None:
        return unmarked
    declared = _declared_encoding(raw)
    if declared is not None and declared != "utf-8" and not raw.isascii():
        # Bytes that are all valid UTF-8, non-ASCII among them, are UTF-8
        # whatever the page declares: text in another encoding almost never
        # is (a page re-saved as UTF-8 kept its old "iso-8859-1", and was
        # imported as mojibake, its title "é”™è¯¯" and its file name too)
        try:
            return raw.decode("utf-8")
        except UnicodeError:
            pass
    if declared is not None:
        try:
            return raw.decode(declared)
        except UnicodeError:
            text = raw.decode(declared, "replace")
            if _mostly_decodes(text):
                return text  # (a bad byte or two in a page that is what it says)

    try:
        return raw.decode("utf-8")
    except UnicodeError:
        text = raw.decode("utf-8", "replace")
        if _mostly_decodes(text):
            return text
    found = _japanese_or_korean(raw)
    if found is not None:
        return found
    if _looks_like_gb(raw):
        return raw.decode("gb18030", "replace")
    found = _traditional_chinese(raw)
    if found is not None:
        return found
    # (UTF-8 where it is, the bytes that are not read as Windows-1252: a
    # footer pasted from an older page made a UTF-8 page Windows-1252 whole,
    # its title and text mojibake)
    return _utf8_else_cp1252(raw)


_COMMENT_START = re.compile("<!--")
_COMMENT_END = re.compile("--!?>")


def _comments_as_browsers_end_them(text: str) -> str:
    """``text`` with its comments ended where a browser ends them, each
    written ``<!--…-->`` (its text kept: "saved from url" is read from one):
    ``<!-->`` and ``<!--->`` are empty, ``--!>`` ends one as ``-->`` does,
    and one never ended hides the rest of the page.  Python's parser read
    on to the next ``-->`` (and lost the paragraphs between), and showed a
    comment never ended as text (a note the page never showed)."""
    if "<!--" not in text:
        return text
    pieces: list[str] = []
    at = 0
    for start in _COMMENT_START.finditer(text):
        if start.start() < at:
            continue  # (inside the comment just written)
        pieces.append(text[at : start.start()])
        body = start.end()
        if text.startswith(">", body) or text.startswith("->", body):
            pieces.append("<!---->")
            at = body + (1 if text.startswith(">", body) else 2)
            continue
        end = _COMMENT_END.search(text, body)
        if end is None:
            return "".join(pieces)
        pieces.append(f"<!--{text[body : end.start()]}-->")
        at = end.end()
    pieces.append(text[at:])
    return "".join(pieces)


def _utf8_else_cp1252(raw: bytes) -> str:
    """``raw`` read as UTF-8 where it is UTF-8, and as Windows-1252 where it
    is not (a page of both; one all of Windows-1252 reads as that whole)."""
    text = raw.decode("utf-8", "surrogateescape")  # (a byte that is not: a lone surrogate)
    return _ESCAPED_BYTES.sub(
        lambda run: bytes(ord(char) - 0xDC00 for char in run.group(0)).decode("cp1252", "replace"),
        text,
    )


_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


_KANA = re.compile("[\u3041-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


def _strictly(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeError:
        return None


def _japanese_or_korean(raw: bytes) -> str | None:
    """A page in Shift_JIS or EUC-JP (its text read so is a fifth kana or
    more: Chinese and Korean read so hold next to none), or in EUC-KR (read
    so, 40 Hangul syllables or more, nearly all its text, in short words
    between spaces; Chinese read so makes Hangul too, but in runs as long as
    its sentences).  Either was read as Windows-1252 or GB18030 before:
    mojibake in the title and the text."""
    for codec in ("cp932", "euc_jp"):
        text = _strictly(raw, codec)
        if text is not None:
            runs = _NON_ASCII_RUN.findall(text)
            wide = sum(map(len, runs))
            if wide and len(_KANA.findall(text)) >= 0.2 * wide:
                return text
    text = _strictly(raw, "cp949")
    if text is not None:
        runs = _NON_ASCII_RUN.findall(text)
        wide = sum(map(len, runs))
        hangul = len(_HANGUL.findall(text))
        # (enough of it to tell: a few Chinese words read so are Hangul too)
        if hangul >= 40 and hangul >= 0.9 * wide and wide <= 6 * len(runs):
            return text
    return None


def _traditional_chinese(raw: bytes) -> str | None:
    """A page in Big5 (its text read so is nearly all of Big5's more common
    characters; Latin text in Windows-1252 read so is not): half its
    characters' second bytes are ASCII, which GB18030's test refuses."""
    text = _strictly(raw, "cp950")
    if text is None:
        return None
    wide = [char for char in text if char > "\x7f"]
    if not wide:
        return None
    common = sum(1 for char in wide if _common_big5(char))
    return text if common >= 0.8 * len(wide) else None


def _common_big5(char: str) -> bool:
    """Whether ``char`` is among Big5's frequently used characters (first
    bytes 0xA4-0xC6) or its punctuation and symbols (0xA1-0xA3)."""
    try:
        lead = char.encode("cp950")[0]
    except UnicodeError:
        return False
    return 0xA1 <= lead <= 0xC6


# -- duplicates and writing --------------------------------------------------------------------


SHORT_TEXT = 80  # characters (without spaces) below which the text alone is not enough


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _address_key(address: str) -> tuple[str, ...]:
    """``address`` as two addresses of one page compare: the scheme and the
    host without case (as the web reads them), the rest (user, path, query,
    fragment) exactly; one that cannot be taken apart as its text."""
    text = address.strip()
    parts = split_url(text)
    if parts is None:
        return (text,)
    user, at, host = parts.netloc.rpartition("@")
    return (parts.scheme.lower(), user + at + host.lower(), parts.path, parts.query, parts.fragment)


def find_duplicate(library: Library, page: WebPage) -> tuple[str, str] | None:
    """``(path, "source" | "content")`` of an article the library already has
    for ``page``: the same ``source`` address, else the same title and text,
    else the same text found through the full-text index."""
    from reader.core.library.querylang import And, Field, Text

    if page.source:
        # The index compares ``source`` without case, as it does every
        # ``key:value``: its hits are only candidates, confirmed by the
        # article's own address (``/wiki/Nice`` is not ``/wiki/NICE``).
        wanted_address = _address_key(page.source)
        for hit in library.find(And((Field("source", page.source),)), sort="path"):
            try:
                found = library.load(hit.path).metadata.get("source")
            except ArticleError:
                continue
            addresses = found if isinstance(found, list) else [found]
            if any(
                isinstance(address, str) and _address_key(address) == wanted_address
                for address in addresses
            ):
                return hit.path, "source"
    wanted = _normal(page.text)
    candidates = [s.path for s in library.find(And((Field("title", page.title),)), limit=20)]
    sample = page.text[:40].strip()
    # a short text ("Photo", a caption) says little: then only an article of
    # the same title is the same page
    if sample and len(wanted) >= SHORT_TEXT:
        phrase = And((Text(" ".join(sample.split()[:8]) if " " in sample else sample, True),))
        candidates += [hit.path for hit in library.search_query(phrase, limit=20)]
    for rel in dict.fromkeys(candidates):
        try:
            article = library.load(rel)
        except ArticleError:
            continue
        from reader.core.library.fulltext import plain_text

        if _normal(plain_text(article.body, article.body_format)) == wanted:
            return rel, "content"
    return None


@dataclass(slots=True)
class ImportOutcome:
    """What became of one page: ``action`` is ``created``, ``replaced`` or
    ``skipped``; ``path`` the article; ``duplicate`` why it was one;
    ``warnings`` what of the page was left out."""

    page: str
    action: str
    path: str | None
    duplicate: str | None = None
    images: int = 0
    warnings: list[str] = field(default_factory=list)  # what was left out, and why


_OWN_KEYS = frozenset(
    [
        "author",
        "authors",
        "source",
        "url",
        "link",
        "permalink",
        "slug",
        "description",
        "excerpt",
        "summary",
        "image",
        "cover",
        "thumbnail",
        "id",
        "uuid",
        "guid",
        "canonical",
        "original",
        "lang",  # (a neighbour's language is not the page's)
        "language",
    ]
)


def _article_bytes(
    library: Library, page: WebPage, folder: str | None = None, warnings: list[str] | None = None
) -> NewArticle:
    """The article ``page`` becomes, shaped like its neighbours; what it
    leaves out (a date that cannot be written) is added to ``warnings``."""
    from reader.core.article.codec import body_format_of, parse_article
    from reader.core.article.patch import patch_metadata

    if warnings is None:
        warnings = []
    when = page.date
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)
    try:
        plan = library.plan_new_article(page.title, now=when)
    except LibraryError as exc:
        if when is None:
            raise
        # a date that cannot be written (0001-01-01 east of UTC): the page
        # is imported without it, and the caller says so
        warnings.append(f"{exc.message}; imported without a date")
        when = None
        plan = library.plan_new_article(page.title)
    article = parse_article(plan.data)
    changes: dict[str, object] = {}
    if page.author:
        changes["author"] = page.author
    if page.source:
        changes["source"] = page.source
    if page.language:  # (the key the neighbours use; the reader reads either)
        changes["language" if "language" in article.metadata else "lang"] = page.language
    remove: list[str] = []
    if when is None:
        remove += [key for key in ("date", "updated") if key in article.metadata]
    # the neighbours' usual values suit flags (layout, draft), not what names
    # one article: a page without an author must not get a neighbour's
    remove += [
        key for key in article.metadata if key.casefold() in _OWN_KEYS and key not in changes
    ]
    front = patch_metadata(article, changes, remove)
    body = page.body
    if body_format_of(body, None) != "html":
        # a page whose text comes before its first tag: in a .md file it was
        # read as Markdown ("__init__" bold, "[a](url)" a link, a duplicate
        # never found again); in a block it is read as the HTML it is
        body = f"<div>\n{body}\n</div>"
    data = front.rstrip(b"\n") + b"\n\n" + body.encode("utf-8") + b"\n"
    if folder is not None:  # (an article written over: its name stays)
        return NewArticle(page.title, folder, data)
    name = _site_post_name(library, page.title, plan.folder, when)
    return NewArticle(page.title, plan.folder, data, name, _extension(library))


def _extension(library: Library) -> str:
    """The extension of an imported article: ``.html`` in a Hugo site, whose
    Markdown renderer leaves raw HTML out by default (the page built empty),
    and which builds ``.html`` content as it is; ``.md`` elsewhere."""
    from reader.core.site.detect import HUGO

    site = library.site
    return ".html" if site is not None and site.kind == HUGO else ".md"


@dataclass
class _SavedImages:
    """The files (and the folder) :func:`_save_images` made: removed again
    when the article they were saved for is not written after all."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    made_folder: bool = False

    def remove(self) -> None:
        for path in reversed(self.files):
            with contextlib.suppress(OSError):
                os.unlink(path)
        self.files.clear()
        if self.made_folder:
            self.made_folder = False
            with contextlib.suppress(OSError):
                os.rmdir(self.folder)  # (only while it is empty)


def _asset_folder(library: Library, rel: str) -> Path:
    """The asset folder of the article ``rel`` (``a/post.md`` → ``a/post/``)."""
    return library.root.joinpath(*rel.split("/")).with_suffix("")


def _save_images(library: Library, folder: Path, images: dict[str, bytes]) -> _SavedImages:
    """Save the page's images in the article's asset ``folder``, each file
    whole or not at all; a file of that name (named by its content) is
    kept.  A folder that is there already (the article's own, or what an
    import stopped before its article was written left) is used, its stale
    temporary files swept.  On any error, or when the import is stopped,
    what this call made is removed again."""
    from reader.core.article.storage import create_exclusive, sweep_stale_temporaries

    saved = _SavedImages(folder)
    if not images:
        return saved
    if folder.is_symlink():  # (it could lead anywhere outside the library)
        raise LibraryError("a symbolic link; the page's images are not saved through it", folder)
    if leads_outside(library.root, folder):
        # (a folder on its way swapped for a link: checked here, before the
        # article's own write path checks it, since the images go first)
        raise LibraryError(f"{OUTSIDE_LINK}; the page's images are not saved through it", folder)
    try:
        if folder.is_dir():
            with contextlib.suppress(OSError, ArticleError):
                sweep_stale_temporaries(folder)  # (a killed import's temporary image)
        else:
            folder.mkdir()
            saved.made_folder = True
        for name, data in images.items():
            try:
                create_exclusive(folder / name, data)
            except FileExistsError:
                continue
            saved.files.append(folder / name)
    except OSError as exc:
        saved.remove()
        raise LibraryError(
            f"cannot save the page's images: {exc.strerror or exc}", folder
        ) from None
    except BaseException:
        saved.remove()
        raise
    return saved


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``data`` (never
    blocks on a FIFO, never follows a link)."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        with open_regular(path) as handle:
            return bool(handle.read(len(data) + 1) == data)
    except (OSError, NotRegularFileError):
        return False


def _holds_articles(folder: Path) -> bool:
    """Whether ``folder`` is a folder (not a link) that holds articles: a
    category's, never an article's asset folder."""
    from reader.core.common.files import holds_files_ending
    from reader.core.library.scan import ARTICLE_SUFFIXES

    return (
        folder.is_dir() and not folder.is_symlink() and holds_files_ending(folder, ARTICLE_SUFFIXES)
    )


def _fits_images(folder: Path, images: dict[str, bytes]) -> bool:
    """Whether the page's images can be saved in the existing ``folder``:
    each is either not there or there already with the same bytes (what an
    import stopped before its article was written left), never another
    file, a link or a folder of that name."""
    return all(
        not os.path.lexists(folder / name) or _holds(folder / name, data)
        for name, data in images.items()
    )


# The longest file name kept for an import's article: the write path's own
# limit (255 bytes with its temporary file's additions) less room for a
# number (``-9999``), so the name the images' folder is made for is the
# name the article is written under.
_NAME_ROOM = 255 - len("-9999") * 2 - len("..12345678.artmp")


def _name_with_room_for_images(
    library: Library, plan: NewArticle, images: dict[str, bytes] | None = None
) -> str:
    """The file name (without extension) for ``plan``'s article whose asset
    folder (the same name, without extension) can hold the page's images:
    the first of ``name``, ``name-2``… that no article (of any type) has and
    beside which there is no folder, or a folder (never a file or a link)
    that holds no article and where the images fit (:func:`_fits_images`):
    the images went into a folder of articles of that name, which a publish
    then moved with them."""
    from reader.core.article.slug import slugify
    from reader.core.library.scan import ARTICLE_SUFFIXES

    base = plan.name or slugify(plan.title)
    room = _NAME_ROOM - len(plan.extension.encode("utf-8"))
    encoded = base.encode("utf-8")
    if len(encoded) > room:
        base = encoded[:room].decode("utf-8", "ignore").rstrip("-") or "article"
    folder = library.root.joinpath(*plan.folder.split("/")) if plan.folder else library.root
    suffixes = dict.fromkeys((plan.extension, *ARTICLE_SUFFIXES))
    for number in range(1, 10_000):
        name = base if number == 1 else f"{base}-{number}"
        if any(os.path.lexists(folder / (name + suffix)) for suffix in suffixes):
            continue  # (an article's folder is its own)
        beside = folder / name
        if not os.path.lexists(beside):
            return name
        if (
            beside.is_dir()
            and not beside.is_symlink()
            and not _holds_articles(beside)  # (a category's: not its own)
            and _fits_images(beside, images or {})
        ):
            return name
    return base  # (the library's own free-name loop takes it from here)


def _written_as(library: Library, plan: NewArticle, name: str) -> bool:
    """Whether ``plan``'s article was created after all (as ``name``,
    ``name-2``…, the write path's free names) by a create that failed or
    was stopped on its way out."""
    folder = library.root.joinpath(*plan.folder.split("/")) if plan.folder else library.root
    for number in range(1, 10_000):
        path = folder / f"{name if number == 1 else f'{name}-{number}'}{plan.extension}"
        if not os.path.lexists(path):
            return False
        if _holds(path, plan.data):
            return True
    return False


def _site_post_name(library: Library, title: str, folder: str, when: datetime | None) -> str | None:
    """The name (without extension) the site gives a post written in
    ``folder``, where the site needs one: Jekyll builds only the posts of
    ``_posts`` named ``YYYY-MM-DD-title`` (named as
    :meth:`Library.plan_site_article` names them).  None elsewhere."""
    site = library.site
    if site is None:
        return None
    from reader.core.library.facade import relative_path
    from reader.core.site.detect import JEKYLL
    from reader.core.site.scope import POST, classify

    if site.kind != JEKYLL:
        return None
    leaf = library.root.joinpath(*folder.split("/"), "x.md") if folder else library.root / "x.md"
    rel = relative_path(site.root, leaf)
    if rel is None or classify(site, rel) != POST:
        return None
    try:
        planned = library.plan_site_article(title, now=when)
    except LibraryError:
        planned = library.plan_site_article(title)  # (a date the name cannot hold)
    return planned.name if planned is not None else None


def import_page(
    library: Library,
    path: str | os.PathLike,
    on_duplicate: str = "skip",
    *,
    decide: Callable[[WebPage, str, str], str] | None = None,
) -> ImportOutcome:
    """Import one saved page.  A duplicate is skipped, kept beside the old
    one (``keep-both``) or written over it (``replace``, through the
    library's checked write, journaled: undo puts the old article back);
    ``decide(page, path, why)`` may choose per page
    instead (the window asks the user).  Raises :class:`ArticleError`."""
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(f"on_duplicate is one of {', '.join(ON_DUPLICATE)}")
    from reader.core.convert.export import _within

    if _within(path, library.root):
        # an article of the library (or a file beside them) imported again
        # became a stripped copy of it: title from its name, no date, author
        # or categories
        raise ArticleError("is inside the library; only pages from outside it are imported", path)
    from reader.core.article.storage import locked

    page = read_web_page(path)
    # The check for a duplicate and the writing are one step for every
    # process importing into this library (the same page imported six times
    # at once made six articles): a cross-process lock, named after the
    # library's folder (nothing is written in it for the lock).
    with locked(library.root / IMPORT_LOCK_NAME):
        return _import_read(library, page, os.fspath(path), on_duplicate, decide)


#: The name, in the library's folder, the import lock is taken for (no file
#: of that name is made there: the lock files are the write path's own).
IMPORT_LOCK_NAME = ".article-reader-import"


def _import_read(
    library: Library,
    page: WebPage,
    name: str,
    on_duplicate: str,
    decide: Callable[[WebPage, str, str], str] | None,
) -> ImportOutcome:
    # Images first, the article last: the article's appearance is the
    # commit.  An import stopped in between (a kill, a full disk) leaves at
    # most an asset folder without an article, which the next import of the
    # page finds free and fills (:func:`_name_with_room_for_images`); a
    # failure removes what was saved.
    warnings: list[str] = []
    duplicate = find_duplicate(library, page)
    if duplicate is not None:
        existing, why = duplicate
        choice = decide(page, existing, why) if decide is not None else on_duplicate
        if choice == "skip":
            return ImportOutcome(name, "skipped", existing, why)
        if choice == "replace":
            return _replace(library, page, name, existing, why, warnings)
    plan = _article_bytes(library, page, warnings=warnings)
    if not page.images:
        rel = library.create_planned(plan)
    else:
        base = _name_with_room_for_images(library, plan, page.images)
        plan = dataclasses.replace(plan, name=base)
        folder_rel = f"{plan.folder}/{base}" if plan.folder else base
        saved = _save_images(library, _asset_folder(library, folder_rel), page.images)
        try:
            rel = library.create_planned(plan)
        except BaseException:
            if not _written_as(library, plan, base):
                saved.remove()
            raise
        if rel.rpartition("/")[2].rpartition(".")[0] != base:
            # another writer took the name meanwhile: the article is ``-2``
            try:
                _save_images(library, _asset_folder(library, rel), page.images)
            except LibraryError as exc:
                raise LibraryError(
                    f"{exc.message}; the article {rel} was created without them", exc.path
                ) from None
            finally:
                saved.remove()
    return ImportOutcome(
        name, "created", rel, duplicate[1] if duplicate else None, len(page.images), warnings
    )


def _replace(
    library: Library, page: WebPage, name: str, existing: str, why: str, warnings: list[str]
) -> ImportOutcome:
    """Write ``page`` over the article ``existing`` (journaled: undo puts it
    back), its images first; a replace refused writes nothing."""
    from reader.core.article.storage import ReadOnlyError

    old = library.load(existing)
    if library.is_read_only(existing):
        # (refused before the images are saved: not after)
        raise ReadOnlyError("file is read-only; not saved", old.path)
    folder = _asset_folder(library, existing)
    if page.images and _holds_articles(folder):
        # (as a new import's images never go there: see _name_with_room_for_images)
        raise LibraryError(
            "the folder of the article's name holds articles; the page's images would go "
            "among them (publish leaves such a folder behind); not replaced (keep both instead)",
            folder,
        )
    data = _replacement_bytes(library, page, old, existing, warnings)
    saved = _save_images(library, folder, page.images)
    try:
        library.write_undoable(old, data, f"import {os.path.basename(name)} over {existing}")
    except ArticleError:
        # refused (changed meanwhile, read-only, a full disk): not written,
        # unless it was, and the index is what failed
        if old.path is not None and not _holds(old.path, data):
            saved.remove()
        raise
    except BaseException:
        if old.path is not None and _holds(old.path, old.raw):  # (stopped before it wrote)
            saved.remove()
        raise
    return ImportOutcome(name, "replaced", existing, why, len(page.images), warnings)


# Keys an article may keep its page's address under.
_ADDRESS_KEYS = frozenset({"url", "link", "canonical", "original", "source_url", "origin"})


def _replacement_bytes(
    library: Library, page: WebPage, old: Article, existing: str, warnings: list[str]
) -> bytes:
    """``old`` with the text of ``page``, and its title, author and address
    where the page has them.  Everything else of the old front matter (keys
    set by hand: categories, tags, notes, its date, its layout and shape) is
    kept as it was written.  Front matter that cannot be edited losslessly
    (an error in it) is written anew, shaped like the neighbours, and the
    caller is told (undo puts the old one back)."""
    from reader.core.article.codec import body_format_of
    from reader.core.article.patch import patch_metadata
    from reader.core.article.split import encode, split

    changes: dict[str, object] = {"title": page.title}
    kept = {key.casefold() for key in old.metadata}
    # each under the key the article has for it (an "authors" list got an
    # "author" beside it, a "url" a "source"), else under the import's own
    if page.author and ("author" in kept or not kept & {"authors", "creator", "by"}):
        changes["author"] = page.author
    if page.source and ("source" in kept or not kept & _ADDRESS_KEYS):
        changes["source"] = page.source
    if page.date is not None and "date" not in kept:
        changes["date"] = page.date  # (an article imported undated, its page dated now)
    if page.language and not kept & {"lang", "language"}:  # (one set by hand stays)
        changes["lang"] = page.language
    try:
        front = patch_metadata(old, changes)
    except ArticleError:
        why = old.errors[0].message if old.errors else "it cannot be edited losslessly"
        warnings.append(
            f"the front matter of {existing} could not be kept ({why}); it was written anew"
        )
        return _article_bytes(library, page, existing.rpartition("/")[0], warnings).data
    parts = split(front)
    body = page.body
    if body_format_of(body, None) != "html":
        body = f"<div>\n{body}\n</div>"
    newline = parts.newline
    text = "\n" + body + "\n"
    if newline != "\n":
        text = text.replace("\n", newline)
    if parts.format is None:  # (no front matter at all, and none added)
        return encode(parts.bom + text.lstrip("\r\n"))
    return encode(parts.bom + parts.lead + parts.opener + parts.front + parts.closer + text)


def import_pages(
    library: Library,
    paths: Sequence[str | os.PathLike],
    on_duplicate: str = "skip",
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    decide: Callable[[WebPage, str, str], str] | None = None,
) -> tuple[list[ImportOutcome], list[tuple[str, str]]]:
    """Import several pages; returns the outcomes and the (page, error) of
    those that failed (the others are imported all the same)."""
    outcomes: list[ImportOutcome] = []
    failed: list[tuple[str, str]] = []
    for done, path in enumerate(paths, 1):
        if cancel is not None and cancel():
            break
        try:
            outcomes.append(import_page(library, path, on_duplicate, decide=decide))
        except ArticleError as exc:
            failed.append((os.fspath(path), str(exc)))
        if progress is not None:
            progress(done, len(paths), os.fspath(path))
    return outcomes, failed
