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
from urllib.parse import unquote

from reader.core.common.urls import split_url, valid_uri
from reader.core.render.allowlist import ALLOWED_TAGS

__all__ = ["to_xhtml", "xml_chars", "xml_escape"]

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
# The elements kept as themselves: what the sanitizer lets through
# (reader.core.render.allowlist), less the obsolete ones and the HTML5
# sectioning, disclosure and figure elements, which become spans (see
# :func:`to_xhtml`); one list of allowed tags, so the two never drift apart.
_NOT_KEPT = frozenset(
    {
        "acronym",
        "article",
        "aside",
        "big",
        "center",
        "data",
        "details",
        "figcaption",
        "figure",
        "font",
        "footer",
        "header",
        "hgroup",
        "main",
        "nav",
        "section",
        "strike",
        "summary",
        "tt",
        "wbr",
    }
)
_KEEP = ALLOWED_TAGS - _NOT_KEPT
_ATTRIBUTES = {
    "*": frozenset({"class", "id", "title", "dir"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "ol": frozenset({"start", "reversed"}),
}
# Attributes whose value must have a given form to be valid (X)HTML.
_FORMS = {
    "dir": re.compile(r"ltr|rtl|auto"),
    "colspan": re.compile(r"[1-9][0-9]{0,3}"),
    "rowspan": re.compile(r"[0-9]{1,4}"),
    "start": re.compile(r"-?[0-9]{1,9}"),
    "reversed": re.compile(r"|reversed"),
}
# Elements that may hold only phrasing content: a block starting inside one
# closes it (and the inline elements open in it) first.
_PHRASING_ONLY = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "i",
        "ins",
        "kbd",
        "mark",
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
        "time",
        "u",
        "var",
        "dt",
        "caption",
    }
)
# Elements allowed only inside certain parents; elsewhere they become a div.
_PARENTS = {
    "li": {"ol", "ul"},
    "dt": {"dl"},
    "dd": {"dl"},
    "tr": {"table", "tbody", "thead", "tfoot"},
    "td": {"tr"},
    "th": {"tr"},
    "tbody": {"table"},
    "thead": {"table"},
    "tfoot": {"table"},
    "caption": {"table"},
    "col": {"colgroup", "table"},
    "colgroup": {"table"},
}
_ROW_GROUPS = frozenset({"table", "tbody", "thead", "tfoot"})
# What a stray child of a list or a table is put in.
_IMPLICIT = {"ol": ("li",), "ul": ("li",), "dl": ("dd",), "tr": ("td",), "colgroup": ()}
_IMPLICIT.update({name: ("tr", "td") for name in _ROW_GROUPS - {"table"}})
_IMPLICIT["table"] = ("tbody", "tr", "td")
# Where each child of a table may stand (XHTML's order: caption, colgroups,
# thead, the body rows, tfoot).  A parser puts a late ``<caption>`` or a second
# ``<thead>`` where the page has it, which makes the book invalid (epubcheck
# RSC-005): what comes out of order is made a row group of the body instead.
_TABLE_PHASE = {"caption": 1, "colgroup": 2, "thead": 3, "tbody": 4, "tr": 4}
_TABLE_PARTS = ("caption", "colgroup", "thead", "tbody", "tfoot")
# An element that ends the open one of the same kind (HTML's optional end tags).
_SIBLINGS = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr"},
    "td": {"td", "th"},
    "th": {"td", "th"},
}
# (a body or a column group opened here is closed by what follows it)
_SIBLINGS.update({name: {"tbody", "colgroup"} for name in _TABLE_PARTS})
_SIBLINGS["tr"] = {"tr", "colgroup"}
# Elements that may not hold one of their own kind: an inner one is a span.
_NOT_NESTED = frozenset({"a", "dfn", "address"})
_ID = re.compile(r"[^A-Za-z0-9_.-]")
#: What an id may hold in the export (anything else is written "_").
ID_CHARS = _ID

#: ``image(src, alt)`` → the ``src`` to use in the export, or ``None`` to drop it.
ImageMap = Callable[[str, str], "str | None"]
#: ``link(href)`` → the ``href`` to use, or ``None`` to keep the text only.
LinkMap = Callable[[str], "str | None"]


# characters XML 1.0 does not allow anywhere (a NUL, most C0 controls, lone
# surrogates, U+FFFE/U+FFFF): dropped, or the page would not parse
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars(text: str) -> str:
    """``text`` without the characters XML does not allow (not escaped)."""
    return _NOT_XML.sub("", text)


def xml_escape(text: str, *, quote: bool = True) -> str:
    """``text`` escaped for XML content or attribute values, without the
    characters XML does not allow."""
    return html.escape(_NOT_XML.sub("", text), quote=quote)


def _checkable_uri(href: str) -> str | None:
    """``href`` as :func:`~reader.core.common.urls.valid_uri` writes it, or
    None when a checker still reads no address in that: a scheme with
    nothing after it but a fragment (``mailto:``, ``mailto:?``,
    ``mailto:#x``: epubcheck RSC-020 "is not a valid URI"), or an authority
    without a host (``http://:80/``)."""
    uri = valid_uri(href)
    parts = split_url(uri) if uri is not None else None
    if uri is None or parts is None:
        return None
    if parts.scheme and not (parts.netloc or parts.path or parts.query):
        return None
    if parts.netloc and not parts.hostname:
        return None
    return uri


def _attr(value: str) -> str:
    return xml_escape(value)


def _attributes(values: dict[str, str]) -> str:
    return "".join(f' {name}="{_attr(value)}"' for name, value in values.items())


class _Writer(HTMLParser):
    def __init__(self, image: ImageMap, link: LinkMap, id_prefix: str):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        # the name each open element had in the source ("" for one opened
        # here), so that an end tag closes what its start tag opened even
        # when that was made a span, a div or a table body
        self.names: list[str] = []
        # per open table (by its index in ``stack``): the furthest place in
        # _TABLE_PHASE its children have reached; per open dl: the last of
        # dt and dd in it ("" for neither: a dd needs a dt before it, a dt
        # a dd after it)
        self.tables: dict[int, int] = {}
        self.lists: dict[int, str] = {}
        self.image = image
        self.link = link
        self.id_prefix = id_prefix
        self.ids: set[str] = set()
        # the links to an anchor of the page: (their place in ``out``, their
        # tag's name and attributes, the id they go to), checked at the end,
        # when every id is known
        self.fragments: list[tuple[int, str, dict[str, str], str]] = []

    def _close_to(self, index: int) -> None:
        while len(self.stack) > index:
            tag = self.stack.pop()
            if self.lists.pop(len(self.stack), None) == "dt":
                self.out.append("<dd></dd>")  # a term needs a definition after it
            self.out.append(f"</{tag}>")
            self.names.pop()
            self.tables.pop(len(self.stack), None)

    def _table_child(self, tag: str) -> str:
        """``tag`` opening in the table on top of the stack, as it may stand
        there: a tfoot, and a caption, colgroup or thead out of order, as a
        tbody (a footer is shown where it is written)."""
        index = len(self.stack) - 1
        phase = self.tables.get(index, 4)
        wanted = _TABLE_PHASE.get(tag, 4)
        if tag == "tfoot" or wanted < phase or (wanted == phase and wanted in (1, 3)):
            tag, wanted = "tbody", 4
        self.tables[index] = wanted
        return tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = source = tag.lower()
        if tag not in _KEEP:
            tag = "div" if tag in ("center", "figure", "figcaption", "section") else "span"
        if tag in _NOT_NESTED and tag in self.stack:
            tag = "span"
        if tag in _BLOCK or tag in _PARENTS:
            while self.stack and self.stack[-1] in _PHRASING_ONLY and tag not in _PHRASING_ONLY:
                self._close_to(len(self.stack) - 1)
        siblings = _SIBLINGS.get(tag)
        if siblings and self.stack and self.stack[-1] in siblings:
            self._close_to(len(self.stack) - 1)
        if self.stack and self.stack[-1] == "table" and tag in (*_TABLE_PHASE, "tfoot", "col"):
            if tag in ("tr", "col"):
                # rows always in a body (never beside one), columns in a group
                wrapper = self._table_child("colgroup" if tag == "col" else "tbody")
                if tag == "col" and wrapper != "colgroup":
                    return  # (a column among the rows: nothing to show)
                self._open(wrapper)
            else:
                tag = self._table_child(tag)
        parents = _PARENTS.get(tag)
        if parents is not None and (not self.stack or self.stack[-1] not in parents):
            if tag in ("td", "th") and self.stack and self.stack[-1] in _ROW_GROUPS:
                self._open_implicit("tr")
            elif not (tag == "tr" and self.stack and self.stack[-1] in _ROW_GROUPS):
                tag = "div"
        if parents is None or tag == "div":
            self._wrap_in_container()
        if tag in _BLOCK and self.stack and self.stack[-1] in _PHRASING_ONLY:
            tag = "span"
        if tag in ("dt", "dd") and self.stack and self.stack[-1] == "dl":
            self._list_item(tag)
        allowed = _ATTRIBUTES["*"] | _ATTRIBUTES.get(tag, frozenset())
        values = {name.lower(): value or "" for name, value in attrs if name.lower() in allowed}
        for name, form in _FORMS.items():
            if name in values and not form.fullmatch(values[name].strip().lower()):
                del values[name]
        if "reversed" in values:
            values["reversed"] = "reversed"
        if tag == "img":
            src = self.image(values.get("src", ""), values.get("alt", ""))
            if src is None:
                alt = values.get("alt", "")
                if alt:
                    self.out.append(f'<span class="image-note">[{xml_escape(alt)}]</span>')
                return
            values["src"] = src
            values.setdefault("alt", "")
        if tag == "a" and "href" in values:
            href = self.link(values["href"])
            if href is None:
                del values["href"]
            elif href.startswith("#"):
                # (as a browser reads it: "#a%20b" is the place "a b")
                values["href"] = "#" + self.id_prefix + _ID.sub("_", unquote(href[1:]))
            elif (uri := _checkable_uri(href)) is not None:
                values["href"] = uri
            else:
                del values["href"]  # (no address: its text only)
        if "id" in values:
            identifier = self.id_prefix + _ID.sub("_", values["id"])
            if not values["id"] or identifier in self.ids:
                del values["id"]  # ids must be unique in a page
            else:
                self.ids.add(identifier)
                values["id"] = identifier
        if tag == "a" and values.get("href", "").startswith("#"):
            self.fragments.append((len(self.out), tag, dict(values), values["href"][1:]))
        text = _attributes(values)
        if tag in _VOID:
            self.out.append(f"<{tag}{text}/>")
        else:
            self._open(tag, text, source)

    def _open(self, tag: str, text: str = "", name: str = "") -> None:
        self.out.append(f"<{tag}{text}>")
        self.stack.append(tag)
        self.names.append(name)
        if tag == "table":
            self.tables[len(self.stack) - 1] = 0
        elif tag == "dl":
            self.lists[len(self.stack) - 1] = ""

    def _list_item(self, tag: str) -> None:
        """A ``dt`` or ``dd`` opening in the dl on top of the stack."""
        index = len(self.stack) - 1
        if tag == "dd" and not self.lists.get(index):
            self.out.append("<dt></dt>")  # a definition needs a term before it
        self.lists[index] = tag

    def _open_implicit(self, tag: str) -> None:
        if tag == "tbody" and self.stack and self.stack[-1] == "table":
            self._table_child(tag)
        elif tag == "dd" and self.stack and self.stack[-1] == "dl":
            self._list_item(tag)
        self._open(tag)

    def _wrap_in_container(self) -> None:
        """Content inside a list or a table, outside its items or cells, goes
        into an item or a cell opened for it."""
        if self.stack and self.stack[-1] == "colgroup":
            self._close_to(len(self.stack) - 1)  # (it holds columns only)
        if self.stack and self.stack[-1] in _IMPLICIT:
            for tag in _IMPLICIT[self.stack[-1]]:
                self._open_implicit(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID and self.stack:
            self._close_to(len(self.stack) - 1)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _VOID:
            return
        if tag in self.names:  # (closing what is open inside it too)
            self._close_to(len(self.names) - 1 - self.names[::-1].index(tag))

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in _IMPLICIT:
            if not data.strip():
                return
            self._wrap_in_container()
        # quotes too: text never reads as an attribute to what scans the
        # page's tags afterwards (link_chapters: a code sample's ` id="x"`
        # was taken for an anchor, its ` href="article-reader-chapter:…"` rewritten)
        self.out.append(xml_escape(data))


def to_xhtml(fragment: str, *, image: ImageMap, link: LinkMap, id_prefix: str = "") -> str:
    """``fragment`` as well-formed XHTML; ``id_prefix`` keeps the ids of
    several articles in one page apart (links to ``#id`` follow)."""
    writer = _Writer(image, link, id_prefix)
    writer.feed(fragment)
    writer.close()
    writer._close_to(0)
    # A link to an anchor that is not in the page goes nowhere: its text only.
    # Only the links' own start tags are rewritten, never text that looks
    # like one (a code sample `<a href="#top">`).
    for index, tag, values, target in writer.fragments:
        if target not in writer.ids:
            del values["href"]
            writer.out[index] = f"<{tag}{_attributes(values)}>"
    return "".join(writer.out)
