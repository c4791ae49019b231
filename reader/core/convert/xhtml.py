"""Sanitized HTML fragments as well-formed XHTML, with their images and links
made local to an export.  No Qt here.

The render pipeline's output is safe but HTML: optional end tags may be left
out and a block may sit inside a paragraph.  :func:`to_xhtml` re-emits it as
XML (every element closed, void elements self-closed, text escaped),
closes a paragraph where a block starts inside it, renames obsolete elements
to ``span``, keeps a short list of attributes and hands every image and link
to the caller, who decides what it becomes in the export.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

__all__ = ["to_xhtml"]

_VOID = frozenset({"br", "hr", "img", "col", "wbr"})
_BLOCK = frozenset(
    {
        "address",
        "blockquote",
        "div",
        "dl",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "ol",
        "p",
        "pre",
        "table",
        "ul",
        "figure",
    }
)
_KEEP = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "address",
    }
)
_ATTRIBUTES = {
    "*": frozenset({"class", "id", "title", "lang", "dir"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "ol": frozenset({"start", "reversed"}),
    "time": frozenset({"datetime"}),
}
# An element that ends the open one of the same kind (HTML's optional end tags).
_SIBLINGS = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr"},
    "td": {"td", "th"},
    "th": {"td", "th"},
}
_ID = re.compile(r"[^A-Za-z0-9_.-]")

#: ``image(src, alt)`` → the ``src`` to use in the export, or ``None`` to drop it.
ImageMap = Callable[[str, str], "str | None"]
#: ``link(href)`` → the ``href`` to use, or ``None`` to keep the text only.
LinkMap = Callable[[str], "str | None"]


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


class _Writer(HTMLParser):
    def __init__(self, image: ImageMap, link: LinkMap, id_prefix: str):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.image = image
        self.link = link
        self.id_prefix = id_prefix

    def _close_to(self, index: int) -> None:
        while len(self.stack) > index:
            self.out.append(f"</{self.stack.pop()}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag not in _KEEP:
            tag = "div" if tag in ("center", "figure", "figcaption", "section") else "span"
        if tag in _BLOCK and "p" in self.stack:
            self._close_to(len(self.stack) - 1 - self.stack[::-1].index("p"))
        siblings = _SIBLINGS.get(tag)
        if siblings and self.stack and self.stack[-1] in siblings:
            self._close_to(len(self.stack) - 1)
        allowed = _ATTRIBUTES["*"] | _ATTRIBUTES.get(tag, frozenset())
        values = {name.lower(): value or "" for name, value in attrs if name.lower() in allowed}
        if tag == "img":
            src = self.image(values.get("src", ""), values.get("alt", ""))
            if src is None:
                alt = values.get("alt", "")
                if alt:
                    self.out.append(f'<span class="image-note">[{html.escape(alt)}]</span>')
                return
            values["src"] = src
            values.setdefault("alt", "")
        if tag == "a" and "href" in values:
            href = self.link(values["href"])
            if href is None:
                del values["href"]
            elif href.startswith("#"):
                values["href"] = "#" + self.id_prefix + _ID.sub("_", href[1:])
            else:
                values["href"] = href
        if "id" in values:
            values["id"] = self.id_prefix + _ID.sub("_", values["id"])
        text = "".join(f' {name}="{_attr(value)}"' for name, value in values.items())
        if tag in _VOID:
            self.out.append(f"<{tag}{text}/>")
        else:
            self.out.append(f"<{tag}{text}>")
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID and self.stack:
            self._close_to(len(self.stack) - 1)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag not in _KEEP:
            tag = "div" if tag in ("center", "figure", "figcaption", "section") else "span"
        if tag in _VOID:
            return
        if tag in self.stack:
            self._close_to(len(self.stack) - 1 - self.stack[::-1].index(tag))

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))


def to_xhtml(fragment: str, *, image: ImageMap, link: LinkMap, id_prefix: str = "") -> str:
    """``fragment`` as well-formed XHTML; ``id_prefix`` keeps the ids of
    several articles in one page apart (links to ``#id`` follow)."""
    writer = _Writer(image, link, id_prefix)
    writer.feed(fragment)
    writer.close()
    writer._close_to(0)
    return "".join(writer.out)
