"""What the sanitizer lets through: tags, attributes, CSS properties, URL schemes,
what is renamed and what is dropped with its content.  Tables only; the tree
walker and the CSS sanitizer that apply them are in ``sanitize``.  No Qt here."""

from __future__ import annotations

# The shim re-exports html5lib's Filter and getTreeWalker; its stubs leave them out.

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "DROP_WITH_CONTENT",
    "MAX_DEPTH",
    "MAX_TABLE_DEPTH",
    "SAFE_CSS_PROPERTIES",
]


#: Elements kept (possibly renamed for Qt, see ``_RENAME``).
ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "article",
        "aside",
        "b",
        "bdi",
        "bdo",
        "big",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "font",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)


#: Elements removed together with everything inside them.  They are let
#: through bleach (which would otherwise keep their text) and dropped by our
#: filter right after it.
DROP_WITH_CONTENT = frozenset(
    [
        "applet",
        "audio",
        "button",
        "canvas",
        "embed",
        "frame",
        "frameset",
        "head",
        "iframe",
        "input",
        "map",
        "math",
        "noembed",
        "noframes",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
        "video",
    ]
)


_PASSED_TO_FILTER = DROP_WITH_CONTENT | {"input"}


_GLOBAL_ATTRIBUTES = ["title", "lang", "dir", "class", "id", "style", "align"]


#: Attributes kept, by element (``*`` applies to every element).
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": [*_GLOBAL_ATTRIBUTES, "href", "name"],
    "img": [*_GLOBAL_ATTRIBUTES, "src", "alt", "width", "height"],
    "td": [*_GLOBAL_ATTRIBUTES, "colspan", "rowspan", "valign", "width", "bgcolor"],
    "th": [*_GLOBAL_ATTRIBUTES, "colspan", "rowspan", "valign", "width", "bgcolor"],
    "table": [*_GLOBAL_ATTRIBUTES, "border", "cellpadding", "cellspacing", "width", "bgcolor"],
    "col": [*_GLOBAL_ATTRIBUTES, "span", "width"],
    "colgroup": [*_GLOBAL_ATTRIBUTES, "span", "width"],
    "ol": [*_GLOBAL_ATTRIBUTES, "start", "type", "reversed"],
    "ul": [*_GLOBAL_ATTRIBUTES, "type"],
    "li": [*_GLOBAL_ATTRIBUTES, "value"],
    "font": [*_GLOBAL_ATTRIBUTES, "color"],
    "input": ["type", "checked"],  # task lists; turned into ☐/☑ by our filter
}


#: The few CSS properties kept in ``style`` attributes: harmless, and things
#: articles really use for meaning (emphasis colour, centred captions,
#: first-line indents in Chinese text).
SAFE_CSS_PROPERTIES = frozenset(
    {
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "text-decoration",
        "text-align",
        "text-indent",
        "vertical-align",
    }
)


_COLOR_PROPERTIES = frozenset({"color", "background-color"})


_COLOR_ATTRIBUTES = frozenset({"color", "bgcolor"})


# bleach checks these schemes for every URL attribute; our filter then
# narrows them per attribute (``data:`` and ``file:`` only for images).
_BLEACH_PROTOCOLS = frozenset({"http", "https", "mailto", "ftp", "file", "data"})


_LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})


_IMAGE_SCHEMES = frozenset({"http", "https", "file"})


#: Elements Qt's rich-text engine does not know, and what to show instead.
_RENAME = {
    "article": "div",
    "aside": "div",
    "details": "div",
    "figure": "div",
    "figcaption": "p",
    "footer": "div",
    "header": "div",
    "hgroup": "div",
    "main": "div",
    "nav": "div",
    "section": "div",
    "summary": "p",
    "del": "s",
    "strike": "s",
    "ins": "u",
    "mark": "span",
    "abbr": "span",
    "acronym": "span",
    "bdi": "span",
    "bdo": "span",
    "data": "span",
    "time": "span",
    "q": "span",
    "ruby": "span",
    "rt": "span",
    "rp": "span",
}


_RENAME_CLASS = {"mark": "mark", "figcaption": "caption", "summary": "summary"}


#: Deepest element nesting kept; deeper tags are removed (their text stays).
MAX_DEPTH = 96

#: Most tables kept one inside another; a table deeper than this is laid out
#: as blocks (its rows and cells become ``div``: the text stays, in order).
#: Qt's table layout takes about twice as long for each level: 24 levels
#: (824 bytes) kept a PDF export or a print busy for minutes, out of reach
#: of SIGTERM; 8 levels take milliseconds.
MAX_TABLE_DEPTH = 8
_TABLE_PARTS = frozenset(
    {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"}
)


_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


# Elements whose end tag may be left out: they do not nest in practice, and
# counting them would make ordinary sloppy HTML look deep.
_OPTIONAL_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "option",
        "optgroup",
        "rt",
        "rp",
        "caption",
    ]
)
