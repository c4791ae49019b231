"""Make untrusted article HTML safe to display.

Articles come from anywhere (saved news pages, other people's blogs), so their
HTML is treated as hostile.  :func:`sanitize_html` runs it through bleach with
an allowlist of tags, attributes and CSS properties, then through a second
filter of ours that

* drops ``script``/``style``/``template``/``svg``/``math``/``iframe``/… *with*
  their content (bleach would keep the text of a stripped element, so the
  source of a script would show up as text);
* checks every ``href``/``src`` again, after decoding entities and removing
  the whitespace and control characters browsers ignore, so that
  ``jav&#x09;ascript:`` and friends never survive; ``data:`` URLs are kept
  only for raster images in ``<img src>``;
* renames the HTML5 elements Qt's rich text engine does not know to ones it
  does (``section`` → ``div``, ``del`` → ``s``, …) and turns task-list
  checkboxes into ☐/☑;
* hands every image to an optional *image hook*, which decides what is
  loaded (see :mod:`reader.core.render.images`).

Deeply nested input is flattened first (:func:`limit_nesting`): the HTML5
tree builder is quadratic in the nesting depth and Qt lays nested blocks out
recursively.

Nothing here imports Qt.  A :class:`bleach.sanitizer.Cleaner` is not
thread-safe, so each thread gets its own.
"""

from __future__ import annotations

import contextvars
import html
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import tinycss2
from bleach._vendor.html5lib.constants import tokenTypes as _TOKEN_TYPES  # type: ignore[import-not-found]
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import TAG_TOKEN_TYPE_CHARACTERS as _CHARACTERS

# The shim re-exports html5lib's Filter and getTreeWalker; its stubs leave them out.
from bleach.html5lib_shim import (  # type: ignore[attr-defined]
    BleachHTMLParser,
    BleachHTMLTokenizer,
    Filter,
    ReparseException,
    getTreeWalker,
)
from bleach.sanitizer import Cleaner

from reader.core.common.text import unwrap_lines
from reader.core.render.allowlist import (
    _BLEACH_PROTOCOLS,
    _COLOR_ATTRIBUTES,
    _COLOR_PROPERTIES,
    _IMAGE_SCHEMES,
    _LINK_SCHEMES,
    _OPTIONAL_END,
    _PASSED_TO_FILTER,
    _RENAME,
    _RENAME_CLASS,
    _TABLE_PARTS,
    _VOID,
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DROP_WITH_CONTENT,
    MAX_DEPTH,
    MAX_TABLE_DEPTH,
    SAFE_CSS_PROPERTIES,
)

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "MAX_DEPTH",
    "SAFE_CSS_PROPERTIES",
    "ImageDecision",
    "ImageHook",
    "ReaderCSSSanitizer",
    "clean_text",
    "is_safe_image_data_url",
    "limit_nesting",
    "sanitize_html",
    "url_scheme",
]


# A tag as HTML's tokenizer reads it: its name runs to a blank, "/" or ">";
# a value quoted right after "=" may hold "<" and ">"; any length.  (Only the
# tags it counted were removed: a "<" in a quoted value, attributes past
# 4,000 characters or a name past 41 hid a tag from the count, and 20,000
# nested divs took minutes to lay out.)  Possessive and atomic: linear.
_TAG_RE = re.compile(
    r"""<(/?)([A-Za-z][^\s/>]*+)(?>[^"'>=]++|=\s*+(?:"[^"]*+"|'[^']*+')|["'=])*+>"""
)


# Characters browsers ignore inside a URL scheme, or that disguise one.
_URL_JUNK_RE = re.compile(
    "[\x00-\x20\x7f-\xa0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff`]+"
)


_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")


# (with parameters a browser reads too: ``;charset=utf-8``, ``;name=a.png``)
_DATA_IMAGE_RE = re.compile(
    r"data:image/(?:png|jpe?g|gif|webp|bmp|x-icon|vnd\.microsoft\.icon)"
    r"(?:;[a-z0-9._-]+=[a-z0-9._%+-]*)*;base64,[a-z0-9+/=%]*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ImageDecision:
    """What to do with one ``<img>``.

    With ``src`` set the image is kept and loads ``src``; with ``src`` None it
    is replaced by a short text note (``note``) styled by ``note_class``.
    """

    src: str | None = None
    note: str = ""
    note_class: str = "image-note"


#: ``hook(src, alt) -> ImageDecision``; ``src`` is the attribute as written
#: (entities not yet decoded).
ImageHook = Callable[[str, str], ImageDecision]


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in ``value`` (lower case), or None.

    Entities are decoded and every whitespace, control and invisible
    character is removed first, which is stricter than browsers are: a
    mangled ``java\\tscript:`` reads as ``javascript``.
    """
    text = _URL_JUNK_RE.sub("", html.unescape(value)).lower()
    match = _SCHEME_RE.match(text)
    return match.group(1) if match else None


def is_safe_image_data_url(value: str) -> bool:
    """True for a base64 ``data:`` URL of a raster image (never SVG)."""
    text = _URL_JUNK_RE.sub("", html.unescape(value))
    return _DATA_IMAGE_RE.fullmatch(text) is not None


#: Functions in a style value nest at most this deep (``calc(var(…))``); a
#: declaration nested deeper is dropped.
MAX_CSS_FUNCTION_DEPTH = 16


class ReaderCSSSanitizer(CSSSanitizer):
    """bleach's CSS sanitizer, also checking *values*.

    bleach only filters property names, so ``color: url(…)`` would pass.  A
    declaration is kept only when its value is made of plain keywords,
    numbers, lengths, percentages, hex colours and ``rgb()``/``hsl()``
    calls: no ``url()``, ``expression()``, ``image-set()``, escapes or
    strings.  ``!important`` is dropped.
    """

    _SAFE_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla"})
    _IDENT_RE = re.compile(r"-?[a-z][a-z0-9-]{0,40}", re.IGNORECASE)
    _HASH_RE = re.compile(r"[0-9a-f]{3,8}", re.IGNORECASE)
    _UNIT_RE = re.compile(r"[a-z%]{1,4}", re.IGNORECASE)

    def __init__(self, allowed_css_properties: frozenset[str] = SAFE_CSS_PROPERTIES):
        super().__init__(
            allowed_css_properties=allowed_css_properties, allowed_svg_properties=frozenset()
        )

    def sanitize_css(self, style: str) -> str:
        # Articles repeat the same few style attributes over and over.
        return self._sanitize_cached(style)

    @lru_cache(maxsize=512)  # noqa: B019 - a handful of long-lived instances
    def _sanitize_cached(self, style: str) -> str:
        # bleach hands over the attribute as written, entities included;
        # a browser decodes them before the CSS parser runs.
        try:
            declarations = tinycss2.parse_declaration_list(
                html.unescape(style), skip_comments=True, skip_whitespace=True
            )
        except RecursionError:  # (blocks nested thousands deep: no style kept)
            return ""
        kept = []
        for declaration in declarations:
            if declaration.type != "declaration":
                continue
            if declaration.lower_name not in self.allowed_css_properties:
                continue
            if not all(self._safe(token) for token in declaration.value):
                continue
            if declaration.lower_name == "text-indent" and not _modest_indent(declaration.value):
                continue
            value = tinycss2.serialize(declaration.value).strip()
            if value:
                kept.append(f"{declaration.lower_name}: {value}")
        return "; ".join(kept)

    def _safe(self, token: Any, depth: int = 0) -> bool:
        """Whether ``token`` (a function: its arguments, nested at most
        :data:`MAX_CSS_FUNCTION_DEPTH` deep) is safe to keep.  (Unbounded,
        400 nested ``rgb(`` raised RecursionError: the article shown as
        raw text.)"""
        kind = token.type
        if kind == "whitespace":
            return True
        if kind == "ident":
            return self._IDENT_RE.fullmatch(token.value) is not None
        if kind == "hash":
            return self._HASH_RE.fullmatch(token.value) is not None
        if kind in ("number", "percentage"):
            return True
        if kind == "dimension":
            return self._UNIT_RE.fullmatch(token.unit) is not None
        if kind == "literal":
            return token.value in (",", "/")
        if kind == "function":
            return (
                depth < MAX_CSS_FUNCTION_DEPTH
                and token.lower_name in self._SAFE_FUNCTIONS
                and all(self._safe(argument, depth + 1) for argument in token.arguments)
            )
        return False


# How far a first line may be indented, in pixels at 16 px to the em: a
# hanging indent of a few ems to a deep one.  Beyond that an indent only
# pushes the text out of the pane (a page 100,000 pixels wide) or hides it
# off its left edge.
_INDENT_RANGE = (-64.0, 320.0)
_PX_PER_UNIT = {
    "px": 1.0,
    "em": 16.0,
    "rem": 16.0,
    "ex": 8.0,
    "ch": 8.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "in": 96.0,
    "cm": 96 / 2.54,
    "mm": 96 / 25.4,
}


def _modest_indent(value: list[Any]) -> bool:
    tokens = [token for token in value if token.type != "whitespace"]
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if token.type == "number" and token.value == 0:
        return True
    if token.type == "percentage":
        pixels = token.value * 8.0  # of a reading column of about 800 pixels
    elif token.type == "dimension" and token.lower_unit in _PX_PER_UNIT:
        pixels = token.value * _PX_PER_UNIT[token.lower_unit]
    else:
        return False
    return _INDENT_RANGE[0] <= pixels <= _INDENT_RANGE[1]


# Size attributes (HTML's "100", "50%"): a table or image wider or taller than
# this, a border or cell spacing this thick, or a cell spanning more columns
# than HTML allows, only makes the page huge; such a value is dropped (an
# image then has its own size, scaled to the pane).
_MAX_PIXELS = {"width": 4000, "height": 4000, "border": 20, "cellpadding": 100, "cellspacing": 100}
_MAX_SPAN = {"colspan": 1000, "rowspan": 65534}
_SIZE_RE = re.compile(r"\s*(\d{1,9})(?:\.\d*)?\s*(%?)\s*")


def _size_ok(name: str, value: str) -> bool:
    match = _SIZE_RE.fullmatch(value)
    if match is None:
        return False
    number = int(match.group(1))
    if name in _MAX_SPAN:
        return not match.group(2) and number <= _MAX_SPAN[name]
    if match.group(2):
        return number <= 100
    return number <= _MAX_PIXELS[name]


def _limit_sizes(name: str, attributes: dict) -> dict:
    """``attributes`` without the size attributes :func:`_size_ok` refuses;
    an image loses both its width and height when either is refused (one
    alone would stretch it)."""
    refused = [
        key
        for key, value in attributes.items()
        if key[1] in _MAX_PIXELS or key[1] in _MAX_SPAN
        if not _size_ok(key[1], value)
    ]
    if not refused:
        return attributes
    if name == "img":
        refused += [(None, "width"), (None, "height")]
    for key in refused:
        attributes.pop(key, None)
    return attributes


# html5lib grows a tag name one character at a time by string concatenation,
# so a megabyte of "<b<b<b…" (one tag name: "<" does not end it) took minutes.
# No element has a name that long: its "<"s are escaped first, which is what
# the cleaner makes of such a tag anyway (shown as text).
_LONG_TAG_NAME_RE = re.compile(r"</?[A-Za-z][^\t\n\f\r />]{255,}")


def _escape_tag_name(match: re.Match[str]) -> str:
    return match.group(0).replace("<", "&lt;")


def limit_nesting(text: str, max_depth: int = MAX_DEPTH) -> str:
    """Remove start and end tags nested deeper than ``max_depth``.

    A quick, linear scan that only approximates HTML's rules (void elements
    and elements with optional end tags do not count), which is all it needs
    to do: the result is sanitized afterwards anyway.  Text is never removed.
    """
    if text.count("<") <= max_depth:
        return text
    depth = 0
    pieces: list[str] = []
    last = 0
    # (no tag ends past the last ">": a "<" there is never looked past it --
    # "<a<a<a…" without one was a scan to the end from each "<")
    for match in _TAG_RE.finditer(text, 0, text.rfind(">") + 1):
        name = match.group(2).lower()
        if name in _VOID or name in _OPTIONAL_END:
            continue
        if match.group(1):  # end tag
            drop = depth > max_depth
            depth = max(depth - 1, 0)
        else:
            depth += 1
            drop = depth > max_depth
        if drop:
            pieces.append(text[last : match.start()])
            last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


# Per-render settings for the filter.  A ContextVar, because bleach builds
# filters itself from their class and we keep one Cleaner per thread.
_settings: contextvars.ContextVar[tuple[ImageHook | None, bool]] = contextvars.ContextVar(
    "reader_sanitize_settings", default=(None, True)
)


class _ReaderFilter(Filter):
    """Our pass over bleach's output (see the module documentation)."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        image_hook, keep_colors = _settings.get()
        skipping = 0
        renamed: list[str | None] = []
        # tables open as tables, and tables open inside those deeper than
        # MAX_TABLE_DEPTH (laid out as blocks: every table part in them is a
        # div; being the deepest, they close first)
        tables = flattened = 0
        preformatted = 0  # pre elements let through and open: their line breaks show
        for token in super().__iter__():
            kind = token["type"]
            if skipping:
                if kind == "StartTag":
                    skipping += 1
                elif kind == "EndTag":
                    skipping -= 1
                continue
            if kind not in ("StartTag", "EndTag", "EmptyTag"):
                if kind == "Characters" and not preformatted and "\n" in token["data"]:
                    # Chinese or Japanese wrapped by hand (知识⏎产权): no
                    # space between two of their characters (CSS's rule)
                    token = {**token, "data": unwrap_lines(token["data"])}
                yield token
                continue
            name = token["name"]
            if name == "input":
                if kind != "EndTag":
                    yield from self._checkbox(token)
                continue
            if name in DROP_WITH_CONTENT:
                if kind == "StartTag":
                    skipping = 1
                continue
            if kind == "EndTag":
                if name == "table":
                    if flattened:
                        flattened -= 1
                    else:
                        tables = max(tables - 1, 0)
                replacement = renamed.pop() if renamed else None
                if replacement:
                    token = {**token, "name": replacement}
                if token["name"] == "pre":
                    preformatted = max(0, preformatted - 1)
                yield token
                continue
            attributes = _limit_sizes(name, self._check_urls(name, dict(token.get("data") or {})))
            if not keep_colors:
                for key in [k for k in attributes if k[1] in _COLOR_ATTRIBUTES]:
                    del attributes[key]
            if name == "img":
                yield from self._image(token, attributes, image_hook)
                continue
            new_name = _RENAME.get(name)
            if name in _TABLE_PARTS:
                if name == "table" and (flattened or tables >= MAX_TABLE_DEPTH):
                    flattened += 1
                elif name == "table":
                    tables += 1
                if flattened:
                    if kind == "EmptyTag":
                        continue  # (a column: nothing to show)
                    new_name = "div"
                    attributes = {k: v for k, v in attributes.items() if k[1] in ("class", "id")}
            if new_name:
                css_class = _RENAME_CLASS.get(name)
                if css_class:
                    old = attributes.get((None, "class"), "")
                    attributes[(None, "class")] = f"{old} {css_class}".strip()
            if kind == "StartTag":
                renamed.append(new_name)
                preformatted += (new_name or name) == "pre"
            yield {**token, "name": new_name or name, "data": attributes}

    @staticmethod
    def _check_urls(name: str, attributes: dict) -> dict:
        keys: tuple[tuple[None, str], ...] = ((None, "href"), (None, "src"))
        for key in keys:
            value = attributes.get(key)
            if value is None:
                continue
            scheme = url_scheme(value)
            if scheme is None:
                continue
            if key[1] == "src" and name == "img":
                ok = scheme in _IMAGE_SCHEMES or (
                    scheme == "data" and is_safe_image_data_url(value)
                )
            else:
                ok = scheme in _LINK_SCHEMES
            if not ok:
                del attributes[key]
        return attributes

    @staticmethod
    def _checkbox(token: dict) -> Iterator[dict[str, Any]]:
        attributes = token.get("data") or {}
        if attributes.get((None, "type"), "").lower() != "checkbox":
            return
        checked = (None, "checked") in attributes
        yield {"type": "Characters", "data": "☑" if checked else "☐"}

    @staticmethod
    def _image(
        token: dict, attributes: dict, image_hook: ImageHook | None
    ) -> Iterator[dict[str, Any]]:
        src = attributes.get((None, "src"))
        alt = html.unescape(attributes.get((None, "alt"), ""))
        if not src:
            decision = ImageDecision(note=alt or "image", note_class="image-note")
        elif image_hook is None:
            decision = ImageDecision(src=src)
        else:
            decision = image_hook(src, alt)
        if decision.src is not None:
            attributes[(None, "src")] = decision.src
            yield {**token, "type": "EmptyTag", "name": "img", "data": attributes}
            return
        yield {
            "type": "StartTag",
            "name": "span",
            "namespace": token.get("namespace"),
            "data": {(None, "class"): decision.note_class},
        }
        yield {"type": "Characters", "data": decision.note}
        yield {"type": "EndTag", "name": "span", "namespace": token.get("namespace")}


# An ElementTree element, or the walker's (element, index, parents, flag) tuple.
_WalkNode = Any


class _LinearTreeWalker(getTreeWalker("etree")):  # type: ignore[misc]
    """html5lib's ElementTree walker, without its quadratic step.

    On the way back up, the stock walker finds a parent's position among its
    siblings with ``list.index`` (and checks it with ``list.count``), which
    makes a wide element, a table of 10 000 rows or an article of 10 000
    paragraphs, take seconds.  This walker remembers the positions on the way
    down.  Nodes are the same ``(element, index, parents, flag)`` tuples,
    except that ``parents`` holds ``(element, index)`` pairs.
    """

    def getFirstChild(self, node: _WalkNode) -> _WalkNode | None:
        if isinstance(node, tuple):
            element, key, parents, flag = node
        else:
            element, key, parents, flag = node, None, [], None
        if flag in ("text", "tail"):
            return None
        if element.text:
            return element, key, parents, "text"
        if len(element):
            parents.append((element, key))
            return element[0], 0, parents, None
        return None

    def getNextSibling(self, node: _WalkNode) -> _WalkNode | None:
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            if len(element):
                parents.append((element, key))
                return element[0], 0, parents, None
            return None
        if element.tail and flag != "tail":
            return element, key, parents, "tail"
        siblings = parents[-1][0]
        if key < len(siblings) - 1:
            return siblings[key + 1], key + 1, parents, None
        return None

    def getParentNode(self, node: _WalkNode) -> _WalkNode | None:
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            return (element, key, parents, None) if parents else element
        parent, parent_key = parents.pop()
        return (parent, parent_key, parents, None) if parents else parent


class _Pieces:
    """A comment's text while the tokenizer reads it: html5lib adds to it
    with ``+=`` a piece at a time, which copies the whole text each time."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def __iadd__(self, text: str) -> _Pieces:
        self.parts.append(text)
        return self

    def __str__(self) -> str:
        return "".join(self.parts)


_SPACE_CHARACTERS = _TOKEN_TYPES["SpaceCharacters"]
_COMMENT = _TOKEN_TYPES["Comment"]
_PARSE_ERROR = _TOKEN_TYPES["ParseError"]
_FEW_ATTRIBUTES = 32


class _LinearTokenizer(BleachHTMLTokenizer):
    """bleach's tokenizer without html5lib's quadratic steps.

    * A text is handed over in pieces (one at each ``&`` and each ``<`` that
      starts no tag) and the tree builder adds each piece to the text before
      it, copying it: a megabyte of ``&#65;`` or ``<`` took minutes.
      Consecutive pieces are joined here first (spaces only into a text
      already begun, so that the newline after ``<pre>`` is still dropped;
      the parse errors between them only go to a list nobody reads).
    * Each attribute's name was compared with every earlier one of the tag
      (to report a duplicate, which nothing reads): a tag with 100,000
      attributes took minutes.
    * A comment grew a piece at a time by copying (a megabyte of ``<!--``),
      and so did an attribute's value (a megabyte of ``&`` in one value).
    """

    def __iter__(self) -> Iterator[Any]:
        pending: list[str] = []
        first: Any = None
        token: Any
        for token in super().__iter__():
            kind = token["type"]
            # (a NUL alone stays a token of its own: the tree builder drops it
            # in a body, and would keep it inside a joined text)
            if (kind == _CHARACTERS and token["data"] and token["data"] != "\x00") or (
                kind == _SPACE_CHARACTERS and first is not None
            ):
                if first is None:
                    first = token
                pending.append(token["data"])
                continue
            if kind == _PARSE_ERROR:  # only counted: the text goes on around it
                yield token
                continue
            if first is not None:
                first["data"] = "".join(pending) if len(pending) > 1 else pending[0]
                yield first
                first, pending = None, []
            if kind == _COMMENT and isinstance(token["data"], _Pieces):
                token["data"] = str(token["data"])
            yield token
        if first is not None:
            first["data"] = "".join(pending)
            yield first

    def attributeNameState(self) -> bool:
        current: Any = self.currentToken
        attributes = current["data"]
        if len(attributes) <= _FEW_ATTRIBUTES:
            return bool(super().attributeNameState())
        following = self.stream.char()
        self.stream.unget(following)
        if following == ">":  # the tag ends: html5lib emits the token in this step
            return bool(super().attributeNameState())
        current["data"] = attributes[-1:]  # the only one it compares now
        try:
            return bool(super().attributeNameState())
        finally:
            current["data"] = attributes

    def processEntityInAttribute(self, allowedChar: str | None) -> None:
        # an attribute's value is added to at each "&" (and the text up to the
        # next): from the first one, in pieces (a value without one, nearly
        # every value, stays a plain text: no cost to an ordinary page)
        token: Any = self.currentToken
        attributes = token["data"]
        if isinstance(attributes[-1][1], str):
            pieces = _Pieces()
            pieces += attributes[-1][1]
            attributes[-1][1] = pieces
        super().processEntityInAttribute(allowedChar)

    def emitCurrentToken(self) -> None:
        token: Any = self.currentToken
        attributes = token.get("data") if token else None
        if isinstance(attributes, list):
            for attribute in attributes:
                if isinstance(attribute[1], _Pieces):
                    attribute[1] = str(attribute[1])
        super().emitCurrentToken()

    def markupDeclarationOpenState(self) -> bool:
        result = bool(super().markupDeclarationOpenState())
        token: Any = self.currentToken
        if token and token.get("type") == _COMMENT and token.get("data") == "":
            token["data"] = _Pieces()
        return result


class _LinearParser(BleachHTMLParser):
    """bleach's parser with :class:`_LinearTokenizer`."""

    def _parse(
        self,
        stream: Any,
        innerHTML: bool = False,
        container: str = "div",
        scripting: bool = True,
        **kwargs: Any,
    ) -> None:
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = _LinearTokenizer(
            stream=stream, consume_entities=self.consume_entities, parser=self, **kwargs
        )
        self.reset()
        try:
            self.mainLoop()
        except ReparseException:
            self.reset()
            self.mainLoop()


def _index_from_end(items: Any, item: Any) -> int:
    """Where ``item`` (itself, not an equal one) is among ``items``, looked
    for from the end."""
    for index in range(len(items) - 1, -1, -1):
        if items[index] is item:
            return index
    raise ValueError("the node to insert before is not a child")


@cache
def _fostering_tree() -> type:
    """html5lib's ElementTree builder, with what it does for each element
    and text out of place in a table ("foster parenting": moved before the
    table) made right and linear.

    * The moved element was put in the parent's ElementTree element but not
      in its list of child nodes, which is what a fragment's root hands on:
      at an article's top level, ``<table>Caption<br>text<tr>…`` lost
      ``Caption`` and ``text`` (inside a ``div`` they were kept).
    * The table's place was found by copying all the parent's children into
      a list and searching it from the start, for every element moved there
      before: ``<table>`` and forty thousand ``<br>``, ``<input>`` or
      ``</p>`` took 12–15 s.  It is looked for from the end, where the
      elements moved before it are not."""
    from bleach._vendor.html5lib import treebuilders  # type: ignore[import-not-found]

    builder = treebuilders.getTreeBuilder("etree")

    def insertBefore(self: Any, node: Any, refNode: Any) -> None:
        self._element.insert(_index_from_end(self._element, refNode._element), node._element)
        self._childNodes.insert(_index_from_end(self._childNodes, refNode), node)
        node.parent = self

    def insertText(self: Any, data: str, insertBefore: Any = None) -> None:
        if insertBefore is None or not len(self._element):
            builder.elementClass.insertText(self, data, insertBefore)
            return
        index = _index_from_end(self._element, insertBefore._element)
        if index > 0:
            previous = self._element[index - 1]
            previous.tail = (previous.tail or "") + data
        else:
            self._element.text = (self._element.text or "") + data

    methods = {"insertBefore": insertBefore, "insertText": insertText}
    classes = {
        name: type(name, (getattr(builder, name),), methods)
        for name in ("elementClass", "fragmentClass", "documentClass")
    }
    return type("_FosteringTreeBuilder", (builder,), classes)


_local = threading.local()


def _cleaner(keep_colors: bool) -> Cleaner:
    cleaners = getattr(_local, "cleaners", None)
    if cleaners is None:
        cleaners = _local.cleaners = {}
    cleaner = cleaners.get(keep_colors)
    if cleaner is None:
        properties = SAFE_CSS_PROPERTIES if keep_colors else SAFE_CSS_PROPERTIES - _COLOR_PROPERTIES
        cleaner = Cleaner(
            tags=ALLOWED_TAGS | _PASSED_TO_FILTER,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=_BLEACH_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[_ReaderFilter],
            css_sanitizer=ReaderCSSSanitizer(properties),
        )
        # bleach keeps the walker class here; its stubs type it as an instance.
        cleaner.walker = _LinearTreeWalker  # type: ignore[assignment]  # see the class
        parser = _LinearParser if _linear_parser_agrees() else BleachHTMLParser
        cleaner.parser = parser(
            tags=cleaner.tags,
            strip=True,
            consume_entities=False,
            namespaceHTMLElements=False,
            tree=_fostering_tree(),
        )
        cleaners[keep_colors] = cleaner
    return cleaner


# Fragments on which :class:`_LinearParser` must give what bleach's own
# parser gives (the steps it changes: texts in pieces, entities, ``<`` that
# starts no tag, the newline after <pre>, many attributes, comments).
_PARSER_CHECKS = (
    "<p>a &amp; b &#65;&#x42; &nbsp;c < d <e f</p>",
    "<pre>\nkept</pre><pre>\n\ntwo</pre>",
    "<p " + " ".join(f"a{i}=x" for i in range(40)) + " title=t a1=y>x</p>",
    "a<!-- c -- d --><b>b</b><!--x",
    "<table><tr><td>1<td>2</table>\u00a0 &lt;&gt; & &unknown; &#0; &#x110000;",
    "<a href=\"/x?a=1&amp;b=2&c\" title='t &amp; &#65;&' class=u&amp;v lang=>x</a>",
    '<p title="a\x00b" dir=rtl title=second>y</p><abbr title="&notit; &not">z</abbr>',
    "'>\x00 a\x00b <b>\x00</b>",
)


@lru_cache(maxsize=1)
def _linear_parser_agrees() -> bool:
    """Whether :class:`_LinearParser` (built on bleach's and html5lib's
    internals) parses as bleach's own parser does, checked once: a bleach
    whose internals changed gets its own parser, quadratic steps and all,
    rather than a wrong one."""
    try:
        css = ReaderCSSSanitizer(SAFE_CSS_PROPERTIES)
        plain = Cleaner(ALLOWED_TAGS, ALLOWED_ATTRIBUTES, strip=True, css_sanitizer=css)
        linear = Cleaner(ALLOWED_TAGS, ALLOWED_ATTRIBUTES, strip=True, css_sanitizer=css)
        linear.parser = _LinearParser(
            tags=linear.tags, strip=True, consume_entities=False, namespaceHTMLElements=False
        )
        return all(linear.clean(text) == plain.clean(text) for text in _PARSER_CHECKS)
    except Exception:  # any failure of the internals: not used
        return False


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Remove control characters and replace lone surrogates (undecodable bytes) by U+FFFD."""
    text = _CONTROL_RE.sub("", text)
    return _SURROGATE_RE.sub("\ufffd", text)


def sanitize_html(
    text: str,
    *,
    image_hook: ImageHook | None = None,
    keep_colors: bool = True,
    max_depth: int = MAX_DEPTH,
) -> str:
    """Return a safe HTML fragment for ``text``.

    ``image_hook`` decides what each image loads (default: keep its checked
    ``src``).  ``keep_colors=False`` drops colours set by the article, for
    dark themes where black text would vanish.
    """
    text = clean_text(text)
    if "<" in text:
        text = _LONG_TAG_NAME_RE.sub(_escape_tag_name, text)
    text = limit_nesting(text, max_depth)
    many_entities = text.count("&") > _MANY_ENTITIES and not _PLACEHOLDER_RE.search(text)
    if many_entities:
        text = _hide_text_entities(text)
    token = _settings.set((image_hook, keep_colors))
    try:
        cleaned = _cleaner(keep_colors).clean(text)
    finally:
        _settings.reset(token)
    return _show_text_entities(cleaned) if many_entities else cleaned


# html5lib adds each entity of a text to the text before it by string
# concatenation, so a paragraph of a hundred thousand "&lt;" took minutes.  In
# a text with many entities the four that escape markup are replaced (outside
# tags only) by private-use characters first and put back in the output, where
# they are written the same way.  (Not in a text that holds those characters.)
_MANY_ENTITIES = 2000
_PLACEHOLDERS = {"lt": "\U0010fff0", "gt": "\U0010fff1", "amp": "\U0010fff2", "quot": "\U0010fff3"}
_RESTORE = {placeholder: f"&{name};" for name, placeholder in _PLACEHOLDERS.items()}
_PLACEHOLDER_RE = re.compile("[\U0010fff0-\U0010fff3]")
_TAG_OR_ENTITY_RE = re.compile(r"(<[^<>]*>)|&(lt|gt|amp|quot);")


def _hide_text_entities(text: str) -> str:
    return _TAG_OR_ENTITY_RE.sub(lambda m: m.group(1) or _PLACEHOLDERS[m.group(2)], text)


def _show_text_entities(text: str) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: _RESTORE[m.group(0)], text)
