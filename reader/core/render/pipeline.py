"""Render an article to a safe, self-contained HTML document for reading.

This is the API the GUI and the command line use::

    result = render_article(article, theme="dark", locale="zh_CN")
    browser.setHtml(result.html)
    if result.blocked_remote:
        show_banner(result.remote_hosts)      # "Load once" / "Always for this site"

The pipeline: Hexo/Liquid tag plugins are expanded (:mod:`.hexo_tags`),
Markdown bodies are rendered with markdown-it-py (CommonMark, tables,
strikethrough, footnotes, task lists, inline HTML, linkify), a header with
the title, date, author, categories, tags and hero image is put on top, and
everything is sanitized (:mod:`.sanitize`) while images are resolved
(:mod:`.images`): local ones only inside the boundary of :mod:`.boundary`
(the library root that was opened, else the nearest real site root, else
the article's folder), remote ones blocked unless allowed.  The theme's CSS
(``resources/styles``) is embedded in the result.

An article whose front matter has errors is shown as its raw text
with the problems listed, and so is anything that fails to render: rendering
never raises for bad content.  No Qt here.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import tinycss2
from linkify_it import LinkifyIt  # type: ignore[import-untyped]
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import table as _table_rule
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from reader.assets import resource_path
from reader.core.article.model import ERROR, WARNING, Article, Problem
from reader.core.render import hexo_tags
from reader.core.render.cache import CachedRender, RenderCache
from reader.core.render.datefmt import DateFormatter, format_display_date
from reader.core.render.images import ImageResolver, language_of
from reader.core.render.sanitize import ImageDecision, clean_text, sanitize_html
from reader.core.render.sitecontext import SiteContext

__all__ = [
    "DEFAULT_FONT_SIZE",
    "THEMES",
    "RenderResult",
    "article_lang",
    "css_font_family",
    "font_family_name",
    "is_language_tag",
    "reading_margin",
    "reads_right_to_left",
    "render_article",
    "render_body",
    "render_markdown",
    "theme_colors",
    "theme_css",
    "without_bidi_controls",
]

logger = logging.getLogger(__name__)

THEMES = ("light", "dark", "sepia")
#: Base text size in points; the view zooms on top of it.
DEFAULT_FONT_SIZE = 12.0
# Themes whose background is dark enough that an article's own text colours
# (usually black) would be unreadable; those colours are dropped.
_DARK_THEMES = frozenset({"dark"})

_TEXT = {
    "en": {
        "has_errors": "This article has errors and is shown exactly as it is in the file.",
        "failed": "This article could not be displayed and is shown as it is in the file.",
        "line": "line {}",
        "error": "error",
        "warning": "warning",
    },
    "zh": {
        "has_errors": "此文章有错误，按文件原文显示。",
        "failed": "此文章无法显示，按文件原文显示。",
        "line": "第 {} 行",
        "error": "错误",
        "warning": "警告",
    },
}


@dataclass
class RenderResult:
    """A rendered article.

    ``html`` is a complete document with the theme's CSS embedded;
    ``body_html`` is the sanitized fragment inside its ``<body>``.
    ``blocked_remote`` lists the remote image URLs that were *not* loaded
    (in order, without repeats) and ``remote_hosts`` the hosts of all
    remote images, loaded or not, for "Always for this site".
    ``remote_images`` lists every remote image URL and ``local_images``
    every local file the document loads (offline copies included).
    ``raw`` is true when the article is shown as raw text; ``problems``
    then says why.
    """

    html: str
    body_html: str
    title: str
    theme: str
    blocked_remote: list[str] = field(default_factory=list)
    remote_hosts: set[str] = field(default_factory=set)
    remote_images: list[str] = field(default_factory=list)
    local_images: list[str] = field(default_factory=list)
    raw: bool = False
    problems: list[Problem] = field(default_factory=list)


# -- themes -------------------------------------------------------------------

_VAR_RE = re.compile(r"var\(\s*(--[\w-]+)\s*\)")
_COMMENT_RE = re.compile(r"/\*.*?\*/\s*", re.DOTALL)


def _check_theme(theme: str) -> None:
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")


@cache
def _theme_variables(theme: str) -> dict[str, str]:
    _check_theme(theme)
    source = resource_path("styles", "themes", f"{theme}.css").read_text(encoding="utf-8")
    variables: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(source, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        for declaration in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if declaration.type == "declaration" and declaration.name.startswith("--"):
                variables[declaration.name] = tinycss2.serialize(declaration.value).strip()
    for name, value in variables.items():  # a variable may refer to earlier ones
        variables[name] = _VAR_RE.sub(lambda m: variables.get(m.group(1), ""), value)
    return variables


def theme_colors(theme: str = "light") -> dict[str, str]:
    """The theme's variables without the leading ``--`` (``background``, ``text``, ``link``…).

    The view uses them for the widget palette around the document.
    """
    return {name[2:]: value for name, value in _theme_variables(theme).items()}


#: A reading font's family name longer than this is no family's (the
#: longest installed ones are under 80 characters); it is not used.
MAX_FONT_FAMILY = 200
# ASCII punctuation goes into a family's CSS string as a 6-digit escape (no
# terminator needed after 6 digits, in browsers and in Qt alike; a space
# after one is escaped too: CSS would take it for the escape's end, Qt for a
# space), except the quote, as \" : Qt decodes an escape before it tokenizes
# the sheet, and a quote escaped in hex ended the string there (and the
# sheet with it).
_FAMILY_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_")


def font_family_name(family: str | None) -> str:
    """What of ``family`` (a font's family name as the user chose it, or as
    a settings file says) is used: no control or format characters
    (bidirectional ones too), no backslash (Qt reads an escaped one as the
    start of another escape, and no family's name holds one), no spaces
    around it; ``""`` for none, or a name longer than :data:`MAX_FONT_FAMILY`."""
    if family is None:
        return ""
    if not isinstance(family, str):
        raise TypeError(f"a font family is a string, not {type(family).__name__}")
    kept = "".join(
        ch for ch in family if ch != "\\" and (ch.isprintable() or unicodedata.category(ch) == "Zs")
    ).strip()
    return kept if len(kept) <= MAX_FONT_FAMILY else ""


def css_font_family(family: str | None) -> str:
    """``family`` as a quoted CSS string that holds nothing but that name,
    for a stylesheet inside ``<style>`` (``""``: no name to use, see
    :func:`font_family_name`).  ASCII punctuation is escaped (``<`` and
    ``&`` would be read by the HTML around the sheet, the rest by CSS);
    letters of other scripts are kept as they are."""
    name = font_family_name(family)
    if not name:
        return ""
    pieces = []
    escaped = False  # the piece before is a hex escape
    for ch in name:
        if ch == '"':
            pieces.append('\\"')
            escaped = False
        elif (ch in _FAMILY_PLAIN or ord(ch) > 0x7F) and not (escaped and ch == " "):
            pieces.append(ch)
            escaped = False
        else:  # (CSS takes a space after a hex escape for its end, Qt for a space)
            pieces.append(f"\\{ord(ch):06x}")
            escaped = True
    return '"' + "".join(pieces) + '"'


@lru_cache(maxsize=64)
def theme_css(
    theme: str = "light", font_size: float = DEFAULT_FONT_SIZE, font_family: str = ""
) -> str:
    """The reader stylesheet for ``theme``, with text sized from ``font_size``
    (points) and set in ``font_family`` (a family name; ``""``: the theme's
    fonts).  The theme's fonts stay behind the family chosen, for what it
    has no glyph of (Chinese text in a Latin font)."""
    variables = dict(_theme_variables(theme))
    family = css_font_family(font_family)
    if family:
        for name in ("--body-font", "--heading-font"):
            fallback = variables.get(name) or variables.get("--body-font", "sans-serif")
            variables[name] = f"{family}, {fallback}"
    base = float(font_size)
    for name, factor in (
        ("body", 1.0),
        ("small", 0.85),
        ("code", 0.9),
        ("h1", 1.6),
        ("h2", 1.4),
        ("h3", 1.2),
        ("title", 1.8),
    ):
        variables[f"--size-{name}"] = f"{base * factor:.1f}pt"
    source = resource_path("styles", "reader.css").read_text(encoding="utf-8")
    source = _COMMENT_RE.sub("", source).lstrip()
    return _VAR_RE.sub(lambda m: variables.get(m.group(1), "inherit"), source)


def reading_margin(
    viewport_width: int, font_px: float, *, cjk: bool = True, minimum: int = 16
) -> int:
    """Side margin (px) that keeps lines at a comfortable length.

    QTextBrowser ignores ``max-width``, so the view sets its document margin
    to this: about 38 characters per line for Chinese and Japanese text
    (each character is one em wide) and about 70 for Latin text.
    """
    measure = font_px * (38 if cjk else 34)
    return max(minimum, int((viewport_width - measure) / 2))


# -- Markdown and tags --------------------------------------------------------

_local = threading.local()


# What every link _Linkify keeps holds: a scheme's "//" (https://…),
# "mailto:", the "@" of an e-mail address, or "www.".
_LINK_MARK = re.compile(r"//|[mM][aA][iI][lL][tT][oO]:|@|[wW][wW][wW]\.")
_LONG_TEXT = 4096  # a text longer than this is searched around its marks only
_AROUND = 2048  # and this far on either side of a mark, to the nearest whitespace
_WHITESPACE = re.compile(r"\s")


class _Linkify(LinkifyIt):
    """linkify-it without its "fuzzy" links: a web address is a link when it
    has a scheme (``https://…``, ``mailto:``…) or starts with ``www.``, as
    Hugo's Goldmark (and GitHub) link them.  A bare name with a dot is text:
    ``b.md``, ``notes.md`` and ``README.md`` (``.md`` is a country's domain)
    were links to web sites, and so was a Hugo ``ref`` to another article.

    A long text (a paragraph of megabytes) is searched only around the
    places where a kept link can be (:data:`_LINK_MARK`), each to the
    whitespace around it: the library's own searches (every fuzzy host
    name as well) took 2 s over a paragraph of 5 MB, holding the
    interpreter all that time, so the window stood still while the article
    rendered on another thread.  No link holds whitespace, so the links
    are the same."""

    def pretest(self, text: str) -> bool:
        if len(text) <= _LONG_TEXT:
            return bool(super().pretest(text))
        return _LINK_MARK.search(text) is not None

    def test(self, text: str) -> bool:
        if len(text) <= _LONG_TEXT:
            return bool(super().test(text))
        return self.match(text) is not None

    def match(self, text: str) -> list[Any] | None:
        found = super().match(text) if len(text) <= _LONG_TEXT else self._match_around(text)
        if not found:
            return None
        kept = [link for link in found if link.schema or link.raw[:4].lower() == "www."]
        return kept or None

    def _match_around(self, text: str) -> list[Any]:
        found: list[Any] = []
        end = 0  # where the last window ended
        for mark in _LINK_MARK.finditer(text):
            if mark.start() < end:
                continue  # (searched with the window before)
            before = text[max(end, mark.start() - _AROUND) : mark.start()]
            word = before.rsplit(None, 1)[-1] if before and not before[-1].isspace() else ""
            start = mark.start() - len(word)
            space = _WHITESPACE.search(text, mark.end(), mark.end() + _AROUND)
            end = space.start() if space is not None else min(len(text), mark.end() + _AROUND)
            for link in super().match(text[start:end]) or ():
                link.index += start
                link.last_index += start
                found.append(link)
        return found


# markdown-it's own inline linkify rule looked for the scheme before each
# "://" over all the text since the last token (the paragraph's, where no
# link was made: "a:// " twenty thousand times took 36 s), and gave the
# link matcher the rest of the paragraph, copied, at each one (twenty
# thousand links of "http://a": 73 s).  This one looks back as far as a
# scheme goes and forward as far as an address goes, the same otherwise.
_SCHEME_BEFORE = re.compile(r"(?:^|[^a-z0-9.+-])([a-z][a-z0-9.+-]*)$", re.IGNORECASE)
_SCHEME_LOOK = 64  # the longest scheme looked for before "://"
_ADDRESS_LOOK = 2048  # the longest web address taken from plain text (as browsers once had)


def _linkify_inline(state: StateInline, silent: bool) -> bool:
    """markdown-it's ``linkify`` inline rule, in time linear in the text."""
    if not state.md.options.linkify or state.linkLevel > 0:
        return False
    pos = state.pos
    if pos + 3 > state.posMax or state.src[pos : pos + 3] != "://":
        return False
    tail = state.pending[-_SCHEME_LOOK:]
    found = _SCHEME_BEFORE.search(tail)
    if found is None or (found.start(1) == 0 and len(state.pending) > len(tail)):
        return False  # (no scheme, or a word longer than any scheme)
    proto = found.group(1)
    if state.src[pos - len(proto) : pos] != proto:
        # (what is pending is not the text just before: a link label's text
        # looked through silently; the scheme was a word from elsewhere, and
        # the position went backwards: "inline rule didn't increment")
        return False
    linkify = state.md.linkify
    if linkify is None:
        return False
    end = min(state.posMax, pos + _ADDRESS_LOOK)
    space = _WHITESPACE.search(state.src, pos, end)  # (no address holds a blank)
    link = linkify.match_at_start(state.src[pos - len(proto) : space.start() if space else end])
    if not link:
        return False
    url: str = link.url.rstrip("*")  # (a '*' at the end is emphasis)
    if len(url) <= len(proto) + 3:  # (never a step back, nor none)
        return False
    full_url = state.md.normalizeLink(url)
    if not state.md.validateLink(full_url):
        return False
    if not silent:
        state.pending = state.pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": full_url}
        token.markup = "linkify"
        token.info = "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos += len(url) - len(proto)
    return True


def _markdown() -> MarkdownIt:
    """A configured renderer for this thread (linkify keeps state per call)."""
    md = getattr(_local, "markdown", None)
    if md is None:
        md = (
            MarkdownIt("commonmark", {"html": True, "linkify": True, "typographer": False})
            .enable(["table", "strikethrough", "linkify"])
            .use(footnote_plugin)
        )
        md.linkify = _Linkify()
        md.helpers = _Helpers()  # type: ignore[assignment]  # (this renderer's own)
        # (the footnote plugin's ^[inline notes] call the module's label parser)
        md.inline.ruler.at("footnote_inline", _footnote_inline)
        md.inline.ruler.at("linkify", _linkify_inline)
        md.core.ruler.after("inline", "github-tasklists", _tasklists)
        md.options["maxNesting"] = _MAX_NESTING
        md.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
        md.block.ruler.before("table", "flatten_deep", _flatten_deep)
        _local.markdown = md
    return md


# How many times its own length the text of a paragraph is scanned for the
# ends of link labels before "[" opens none any more: ordinary text scans a
# label to its "]" (a few characters); only labels that never close, one
# after the other, come near it.
_LABEL_SCANS = 32
# ... and a budget any paragraph has, whatever its length: a few thousand
# characters of code-like prose ("a[i" a hundred times) scan for labels a
# hundred times each, and its links came out as text with the budget alone.
_LABEL_BASE = 4_000_000


class _Helpers:
    """markdown-it's helpers, its link label's parser made to give up at
    once where no "]" follows: it scanned to the end of the paragraph at
    every "[" (up to ``maxNesting`` levels down), and a megabyte of "![", of
    "[ " or of "[" on lines of their own took half a minute to a minute."""

    def __init__(self) -> None:
        import markdown_it.helpers as helpers

        self.parseLinkDestination = helpers.parseLinkDestination
        self.parseLinkTitle = helpers.parseLinkTitle
        self._parse_label = helpers.parseLinkLabel

    # (markdown-it's names: its rules call them so)
    def parseLinkLabel(self, state: StateInline, start: int, disableNested: bool = False) -> int:
        last = getattr(state, "_reader_last_close", None)
        if last is None or last[0] is not state.src:
            # (the text, its last "]", and what is left of the budget for scans)
            last = [state.src, state.src.rfind("]"), _LABEL_SCANS * len(state.src) + _LABEL_BASE]
            state._reader_last_close = last  # type: ignore[attr-defined]
        if last[1] <= start or last[2] <= 0:
            # no "]" after it anywhere: no label ends; or labels that never
            # closed were scanned for many times the text's length already
            # (one "]" at the end of a megabyte of "![")
            return -1
        end = self._parse_label(state, start, disableNested)
        last[2] -= (end if end >= 0 else state.posMax) - start
        return end


def _footnote_inline(state: StateInline, silent: bool) -> bool:
    """The footnote plugin's ``^[inline note]``, through this renderer's
    label parser (see :class:`_Helpers`)."""
    from mdit_py_plugins.footnote import index

    start = state.pos
    if state.src[start : start + 2] != "^[":
        return False
    if state.md.helpers.parseLinkLabel(state, start + 1) < 0:
        return False  # (no "]" ends it: the plugin's own scan is not run)
    return index.footnote_inline(state, silent)


# A Markdown table gets as many cells in each row as its header has: a
# header of 1,000 columns over 65 one-letter rows is 65,000 cells from 2 KB
# (markdown-it bounds that per table only), and a few such tables took
# minutes to sanitize and to lay out.  Cells come from the text's own bytes
# (one at least each), so the cells of all the tables of a text may number
# its length plus _TABLE_CELL_SLACK; a table beyond that is left as the
# lines of text it was written as.
_TABLE_CELL_SLACK = 16384
_TABLE_CELLS = "reader_table_cells"


def _bounded_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if silent:
        return bool(_table_rule(state, start_line, end_line, True))
    first = len(state.tokens)
    if not _table_rule(state, start_line, end_line, False):
        return False
    cells = sum(1 for token in state.tokens[first:] if token.type in ("td_open", "th_open"))
    used = state.env.get(_TABLE_CELLS, 0) + cells
    if used > len(state.src) + _TABLE_CELL_SLACK:
        del state.tokens[first:]
        state.line = start_line
        return False
    state.env[_TABLE_CELLS] = used
    return True


# Task lists ("- [ ] to do", "- [x] done"), as mdit-py-plugins' tasklists
# plugin makes them, in one pass: that plugin looks for each item's list by
# walking back over every token before it, and a list of 100,000 items (800
# KB) took a quarter of an hour.  Here the lists open around the current token
# are kept on a stack.
_TODO_RE = re.compile(r"\[[ xX]\][ \t\n\v\f\r]+")
_CHECKBOXES = {
    " ": '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">',
    "x": '<input class="task-list-item-checkbox" checked="checked" disabled="disabled" '
    'type="checkbox">',
}


def _tasklists(state: StateCore) -> None:
    tokens = state.tokens
    lists: list[Token] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(token)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif (
            kind == "inline"
            and 2 <= index < len(tokens) - 1
            and tokens[index - 1].type == "paragraph_open"
            and tokens[index - 2].type == "list_item_open"
            and _TODO_RE.match(token.content)
            and token.children
        ):
            checkbox = Token("html_inline", "", 0)
            mark = token.content[1].lower()
            if token.content[3] == " ":
                checkbox.content = _CHECKBOXES[mark]
            token.children.insert(0, checkbox)
            token.children[1].content = token.children[1].content[3:]
            token.content = token.content[3:]
            tokens[index - 2].attrSet("class", "task-list-item")
            if lists:
                lists[-1].attrSet("class", "contains-task-list")


# markdown-it drops everything below ``maxNesting`` levels of blocks (it stops
# there to bound its recursion).  From _FLAT_LEVEL on, well before that, the
# rule below takes over: every remaining line of the innermost container
# becomes a paragraph of its own, its list and quote markers removed, so a
# list or quote nested 200 deep still shows every word, flattened.
_MAX_NESTING = 40
_FLAT_LEVEL = 30
_LEADING_MARKERS_RE = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*")


def _flatten_deep(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.level < _FLAT_LEVEL or silent:
        return False
    line = start_line
    while line < end_line:
        if state.isEmpty(line):
            line += 1
            continue
        if state.sCount[line] < state.blkIndent:
            break  # the container ends here
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        text = _LEADING_MARKERS_RE.sub("", text, count=1)
        if text.strip():
            # Not "paragraph_open": a tight list would hide those, and run
            # the lines' words together.
            token = state.push("flat_paragraph_open", "p", 1)
            token.map = [line, line + 1]
            token = state.push("inline", "", 0)
            token.content = text
            token.map = [line, line + 1]
            token.children = []
            state.push("flat_paragraph_close", "p", -1)
        line += 1
    if line == start_line:
        return False
    state.line = line
    return True


# markdown-it drops whatever lies deeper than ``maxNesting``; quotes nested
# that deep are flattened first so that their text survives.
_DEEP_QUOTES_RE = re.compile(r"^((?:[ \t]{0,3}>){16})(?:[ \t]{0,3}>)+", re.MULTILINE)


# markdown-it parses a link label at every "[", up to maxNesting levels deep:
# a megabyte of "[" took 40 scans per character (about a minute).  No run
# that long is a link (links do not nest), so each run of at least
# _BRACKET_RUN is set aside, a private-use character standing in for it, and
# put back in the HTML, where "[" needs no escaping.  Should a stand-in not
# come through once each (a source that holds that character already, say),
# the runs are escaped instead: slower, the same text.
_BRACKET_RUN = 64
_BRACKET_RUN_RE = re.compile(rf"\[{{{_BRACKET_RUN},}}")
_STAND_IN = "\U0010fff4"


def _escape_bracket_run(match: re.Match[str]) -> str:
    return "\\[" * (len(match.group(0)) - 8) + "[" * 8


# A block that a tag, a shortcode or Liquid made stands in the text as its
# placeholder on a line of its own, between blank lines (see
# hexo_tags.Expansion).  Written at the start of its line, it ended the list
# its tag was written in: the code of a list item went below the list, and
# the item's next paragraph, indented, became code.  It goes where its tag
# was, at the content column of the list item above it (never deeper: four
# blanks more would make it code).
_BLOCK_KEY = re.compile(r"\n\n(HEXOTAG[0-9a-f]+X[0-9]+X)(?=\n\n)")
_LIST_ITEM = re.compile(r"( *)(?:[-*+]|[0-9]{1,9}[.)])( {1,4})(?=\S)")
_ITEM_LOOK_BACK = 20  # lines above a placeholder looked at for its list item


def _placed_blocks(text: str) -> str:
    """``text`` with each block placeholder whose tag was indented (a list
    item's content) put at its list item's content column."""
    if "HEXOTAG" not in text:
        return text

    def placed(match: re.Match[str]) -> str:
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        indent = start - line_start  # the blanks the tag was written after
        if indent == 0 or text[line_start:start].strip(" "):
            return match.group(0)
        column = _item_column(text, line_start, indent)
        return f"\n\n{' ' * column}{match.group(1)}" if column else match.group(0)

    return _BLOCK_KEY.sub(placed, text)


def _item_column(text: str, end: int, indent: int) -> int:
    """The content column of the list item whose content a line at ``end``
    (the start of that line) indented by ``indent`` blanks belongs to, found
    in the few lines above it; 0 when there is none."""
    floor = indent
    for _ in range(_ITEM_LOOK_BACK):
        if end == 0:
            return 0
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start : end - 1]
        end = start
        if not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        if item is not None and item.end() <= floor:
            return item.end()
        lead = len(item.group(1)) if item is not None else len(line) - len(line.lstrip(" "))
        if lead == 0:
            return 0
        floor = min(floor, lead)
    return 0


def _markdown_html(text: str) -> str:
    text = _placed_blocks(text)
    if ">>>>>>>>>>>>>>>>" in text or "> > > > > > > > " in text:
        text = _DEEP_QUOTES_RE.sub(r"\1", text)
    if "[" * _BRACKET_RUN not in text:
        return _markdown().render(text)
    runs = _BRACKET_RUN_RE.findall(text)
    if _STAND_IN not in text:
        rendered = _markdown().render(_BRACKET_RUN_RE.sub(_STAND_IN, text))
        if rendered.count(_STAND_IN) == len(runs):
            pending = iter(runs)
            return re.sub(_STAND_IN, lambda _: next(pending), rendered)
    return _markdown().render(_BRACKET_RUN_RE.sub(_escape_bracket_run, text))


def render_markdown(text: str) -> str:
    """Markdown → HTML (not sanitized), Hexo tags expanded."""
    return _render_source(text, markdown=True)


def render_body(body: str, body_format: str) -> str:
    """An article body (``"markdown"`` or ``"html"``) → HTML (not sanitized)."""
    return _render_source(body, markdown=body_format == "markdown")


def _render_source(text: str, *, markdown: bool, depth: int = 0) -> str:
    if depth >= hexo_tags.MAX_DEPTH:
        return _markdown_html(text) if markdown else text

    def render_block(content: str, inner_depth: int) -> str:
        return _render_source(content, markdown=markdown, depth=inner_depth)

    expansion = hexo_tags.expand(text, markdown=markdown, render_block=render_block, depth=depth)
    rendered = _markdown_html(expansion.text) if markdown else expansion.text
    return expansion.restore(rendered)


# -- the header ---------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(clean_text(text), quote=True)


# Bidirectional embeddings, overrides and isolates in a value of the front
# matter would reorder the header's text around it (the separators, the
# next tag); the header shows each value in its stored order.
_BIDI_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(text: str) -> str:
    """``text`` without bidirectional embeddings, overrides and isolates
    (U+202A-U+202E, U+2066-U+2069), which reorder the text shown after it
    when left open: a title of "Invoice \u202efdp.exe" showed its date reversed."""
    return _BIDI_CONTROLS_RE.sub("", text)


def _value(text: str) -> str:
    return _e(without_bidi_controls(text))


def _title_is_from_body(article: Article) -> bool:
    """True when the title was taken from the body's first heading."""
    if article.metadata.get("title"):
        return False
    return article.path is None or article.title != article.path.stem


def _header_html(
    article: Article, locale: str, date_formatter: DateFormatter | None, rtl: bool = False
) -> str:
    """The article's title, date, author, categories and tags; ``rtl``: on a
    page read right to left, where a date in Latin letters is isolated (its
    day stood at its end: "January 2024 1")."""
    parts = ['<div class="article-header">']
    if article.title and not _title_is_from_body(article):
        title = without_bidi_controls(article.title)
        if not any(char.isprintable() and not char.isspace() for char in title):
            # nothing to see (control characters, direction marks): the
            # file's name, as the list and a book's contents show it
            title = article.path.stem if article.path is not None else title
        parts.append(f'<h1 class="article-title">{_e(title)}</h1>')
    meta = []
    if article.date is not None:
        text = (
            date_formatter(article.date)
            if date_formatter is not None
            else format_display_date(article.date, locale)
        )
        if rtl:
            text = f"\u2068{text}\u2069"  # (first strong isolate … pop)
        meta.append(f'<span class="article-date">{_e(text)}</span>')
    if article.author:
        meta.append(f'<span class="article-author">{_value(article.author)}</span>')
    if meta:
        parts.append(f'<p class="article-meta">{" · ".join(meta)}</p>')
    taxonomy = [
        f'<span class="category">{" › ".join(_value(name) for name in path)}</span>'
        for path in article.categories
    ]
    taxonomy.extend(f'<span class="tag">#{_value(tag)}</span>' for tag in article.tags)
    if taxonomy:
        # (" · " between them, as in the line above: the window's browser shows
        # an em space as one space, and "Open Source Essays" or "#open source
        # #python" read as other categories and tags)
        parts.append(f'<p class="article-taxonomy">{" · ".join(taxonomy)}</p>')
    hero = article.image()
    if hero:
        parts.append(f'<p class="hero"><img src="{_e(hero)}" alt="{_value(article.title)}"></p>')
    parts.append('</div><hr class="header-rule">')
    return "".join(parts)


# -- the raw view ------------------------------------------------------------


def _raw_html(article: Article, problems: Iterable[Problem], message: str, language: str) -> str:
    text = _TEXT[language]
    items = []
    for problem in problems:
        where = text["line"].format(problem.line) if problem.line is not None else ""
        severity = text["error"] if problem.severity == ERROR else text["warning"]
        label = f"{where}: {severity}" if where else severity
        items.append(
            f'<li class="problem-{problem.severity}">{_e(label)}: {_e(problem.message)}</li>'
        )
    raw = clean_text(article.raw.decode("utf-8", "replace"))
    return (
        '<div class="article-header">'
        f'<h1 class="article-title">{_value(article.title or article.display_path)}</h1></div>'
        f'<div class="problems"><p>{_e(message)}</p><ul>{"".join(items)}</ul></div>'
        f'<pre class="raw">{html.escape(raw, quote=False)}</pre>'
    )


def _document(
    fragment: str,
    *,
    title: str,
    theme: str,
    font_size: float,
    font_family: str,
    lang: str,
    rtl: bool = False,
) -> str:
    background = theme_colors(theme).get("background", "#ffffff")
    lang_attribute = f' lang="{_e(lang)}"' if lang else ""
    # (Qt sets every block of a page left to right unless its body says
    # otherwise: an Arabic or Hebrew article stood against the left edge)
    direction = ' dir="rtl"' if rtl else ""
    return (
        f"<!DOCTYPE html>\n<html{lang_attribute}>\n<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{_value(title)}</title>\n"
        f"<style>\n{theme_css(theme, font_size, font_family)}</style>\n"
        f'</head>\n<body class="theme-{theme}" bgcolor="{_e(background)}"{direction}>\n'
        f"{fragment}\n</body>\n</html>\n"
    )


# A paragraph that holds nothing but images (linked or not).  Matched on
# sanitizer output, where every "<" in text and attributes is escaped.
_FIGURE_RE = re.compile(
    r"<p>(?=\s*(?:(?:<a [^<>]*>\s*)?<img [^<>]*>\s*(?:</a>\s*)?(?:<br>\s*)?)+</p>)"
)


def _mark_figures(fragment: str) -> str:
    """Give image-only paragraphs ``class="figure"`` (see reader.css)."""
    return _FIGURE_RE.sub('<p class="figure">', fragment) if "<img" in fragment else fragment


# Qt lays a table out as a grid of rows × columns: a row of 1,000 cells (or
# one cell spanning 1,000 columns) over 3,000 one-cell rows is three million
# cells from 90 KB, and the window hung for minutes in setHtml.  The cells
# a grid has beyond the table's own <td> and <th> are counted over the whole
# article; a table that takes them past _MAX_GRID_PADDING is shown as lines
# of text instead (its cells side by side in each row).  Matched on
# sanitizer output, where every tag is well formed and its attribute values
# are double-quoted.
_MAX_GRID_PADDING = 50_000
# A table wider than this is shown as lines of text too: Qt gave each of 300
# columns one character's width (a word in a column of letters), and laid
# them out in 2.5 s, and again at every resize.
_MAX_COLUMNS = 50
_TAG_SCAN_RE = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:[^>"]|"[^"]*")*)>')
_COLSPAN_RE = re.compile(r'\bcolspan="(\d+)"')
_ROWSPAN_RE = re.compile(r'\browspan="(\d+)"')
_FLAT_TAGS = {
    "table": ('<div class="table">', "</div>"),
    "tr": ("<p>", "</p>"),
    "td": ("<span>", "</span> "),
    "th": ("<b>", "</b> "),
    "caption": ("<p>", "</p>"),
}


def _bound_tables(fragment: str) -> str:
    if "<table" not in fragment:
        return fragment
    # per open table: [start, rows, widest row, cells, width of the current row]
    open_tables: list[list[int]] = []
    # per open table: the cells of rows before spanning into the next rows,
    # [rows left, columns] (a cell of rowspan="R" pushes the cells of the
    # next R - 1 rows to the right: Qt lays out rows × their sum columns)
    spanning: list[list[list[int]]] = []
    padding = 0
    flatten: list[tuple[int, int]] = []
    for match in _TAG_SCAN_RE.finditer(fragment):
        closing, name = match.group(1), match.group(2)
        if name == "table":
            if not closing:
                open_tables.append([match.start(), 0, 0, 0, 0])
                spanning.append([])
            elif open_tables:
                start, rows, widest, cells, _ = open_tables.pop()
                spanning.pop()
                extra = max(rows * widest - cells, 0)
                if padding + extra > _MAX_GRID_PADDING or widest > _MAX_COLUMNS:
                    flatten.append((start, match.end()))
                else:
                    padding += extra
        elif not open_tables or closing:
            continue
        elif name == "tr":
            table = open_tables[-1]
            table[1] += 1
            spans = spanning[-1]
            for below in spans:
                below[0] -= 1
            spans[:] = [below for below in spans if below[0] > 0]
            table[4] = sum(columns for _, columns in spans)
            table[2] = max(table[2], table[4])
        elif name in ("td", "th"):
            table = open_tables[-1]
            attributes = match.group(3)
            wide = _COLSPAN_RE.search(attributes)
            columns = max(int(wide.group(1)), 1) if wide else 1
            table[3] += 1
            table[4] += columns
            table[2] = max(table[2], table[4])
            down = _ROWSPAN_RE.search(attributes)
            rows_down = int(down.group(1)) if down else 1
            if rows_down > 1 and table[2] <= _MAX_COLUMNS:  # (past it: flattened anyway)
                spanning[-1].append([rows_down, columns])
                table[3] += columns * (rows_down - 1)  # the places it fills below
    if not flatten:
        return fragment
    pieces, last = [], 0
    for start, end in sorted(flatten):
        if start < last:
            continue  # inside a table flattened already
        pieces.append(fragment[last:start])
        pieces.append(_TAG_SCAN_RE.sub(_flat_tag, fragment[start:end]))
        last = end
    pieces.append(fragment[last:])
    return "".join(pieces)


def _flat_tag(match: re.Match[str]) -> str:
    name = match.group(2)
    if name in _FLAT_TAGS:
        return _FLAT_TAGS[name][1 if match.group(1) else 0]
    if name in ("thead", "tbody", "tfoot", "colgroup", "col"):
        return ""
    return match.group(0)


# A well-formed BCP 47 tag (RFC 5646's langtag; "_" as locales spell "-"):
# language (and extended language), script, region, variants, extensions,
# private use.  ("en-x", "abcd", 200 subtags: the shape of a tag only, which
# validators of a book's language refuse.)
_LANGUAGE_TAG = re.compile(
    r"(?:[a-z]{2,3}(?:[-_][a-z]{3}){0,3}|[a-z]{5,8})"
    r"(?:[-_][a-z]{4})?"
    r"(?:[-_](?:[a-z]{2}|[0-9]{3}))?"
    r"(?:[-_](?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:[-_][a-wyz0-9](?:[-_][a-z0-9]{2,8})+)*"
    r"(?:[-_]x(?:[-_][a-z0-9]{1,8})+)?",
    re.IGNORECASE,
)
_LONGEST_TAG = 64


def is_language_tag(value: str) -> bool:
    """Whether ``value`` is a well-formed BCP 47 language tag (``zh``,
    ``zh-Hant-TW``; ``zh_TW`` as locales spell it): what may go into a
    page's ``lang`` attribute."""
    return (
        len(value) <= _LONGEST_TAG
        and value.isascii()
        and _LANGUAGE_TAG.fullmatch(value) is not None
    )


def reads_right_to_left(article: Article, lang: str | None = None) -> bool:
    """Whether the article is written right to left: by its own language
    (``lang:``, see :func:`article_lang`), else by its letters (Arabic,
    Hebrew… a fifth of those of its title and the start of its body)."""
    from reader.core.render.direction import rtl_language_of, text_direction

    lang = article_lang(article) if lang is None else lang
    if lang:
        return text_direction(lang) == "rtl"
    return rtl_language_of(f"{article.title} {article.body[:4000]}") is not None


def article_lang(article: Article) -> str:
    """The article's own language (its ``lang`` or ``language`` key) when it
    is shaped as a language tag (:func:`is_language_tag`), else ``""``."""
    for key in ("lang", "language"):
        value = article.metadata.get(key)
        if isinstance(value, str) and is_language_tag(value):
            return value
    return ""


def _site_body(article: Article, site: SiteContext, problems: list[Problem]) -> str:
    """The body with the site's templates evaluated; their notices become warnings."""
    from reader.core.render.sitetemplates import page_of, render_site_body  # site articles only

    rendered = render_site_body(
        clean_text(article.body),
        article.body_format,
        site,
        page_of(article),
        article_path=article.path,
        markdown_html=_markdown_html,
        first_line=article.parts.body_start_line,
    )
    for notice in rendered.notices:
        problems.append(Problem(WARNING, notice.message, notice.line, article.display_path))
    return rendered.html


# -- the API ------------------------------------------------------------------


def render_article(
    article: Article,
    *,
    theme: str = "light",
    remote_images: bool = False,
    allowed_hosts: Iterable[str] = frozenset(),
    library_root: str | os.PathLike | None = None,
    cache_dir: str | os.PathLike | None = None,
    locale: str = "en",
    raw_fallback: bool = True,
    font_size: float | None = None,
    font_family: str | None = None,
    date_formatter: DateFormatter | None = None,
    site: SiteContext | None = None,
    cache: RenderCache | None = None,
) -> RenderResult:
    """Render ``article`` for reading.

    :param theme: ``"light"``, ``"dark"`` or ``"sepia"`` (:data:`THEMES`).
    :param remote_images: load remote images (for this render only).
    :param allowed_hosts: hosts whose images are always loaded.
    :param library_root: the library that was opened; no local file outside
        it is loaded.  Default: the nearest real site root above the article
        (a Hexo/Jekyll ``_config.yml`` with ``source/`` or ``_posts/`` beside
        it, a Hugo config with ``content/`` beside it), else the article's
        folder; see :mod:`reader.core.article.boundary`.
    :param cache_dir: where offline copies of remote images are looked up
        (default: the user cache, see :mod:`reader.core.render.offline`).
    :param locale: the reader's locale (``"en"``, ``"en_US"``, ``"zh_CN"``…)
        for the date and the few words the renderer writes itself.
    :param raw_fallback: show an article with errors as raw text (with its
        problems) instead of rendering what could be read.
    :param font_size: base text size in points (default
        :data:`DEFAULT_FONT_SIZE`).
    :param font_family: the family name of the font to read in (default:
        the theme's fonts, which stay behind it for the characters it lacks);
        see :func:`css_font_family` for what of a name is used.
    :param date_formatter: formats the date instead of ``locale``.
    :param site: the Jekyll or Hugo site the article belongs to; its Liquid
        or shortcodes are then evaluated (:mod:`.sitetemplates`), and their
        problems added to ``problems`` as warnings.
    :param cache: a :class:`~reader.core.render.cache.RenderCache`: the same
        bytes with the same settings (and the same image decisions) are not
        rendered twice.

    Raises :class:`ValueError` for an unknown theme, nothing for bad content.
    """
    _check_theme(theme)
    size = float(font_size) if font_size else DEFAULT_FONT_SIZE
    family = font_family_name(font_family)  # (names that come out the same are one key)
    language = language_of(locale)

    def new_resolver() -> ImageResolver:
        return ImageResolver(
            article_path=article.path,
            library_root=Path(library_root) if library_root is not None else None,
            remote_images=remote_images,
            allowed_hosts=frozenset(allowed_hosts),
            cache_dir=Path(cache_dir) if cache_dir is not None else None,
            language=language,
            base_path=_base_path(site),
        )

    resolver = new_resolver()
    key: tuple | None = None
    if site is not None:
        # Liquid and shortcodes read the site's configuration, data and posts,
        # which may change without the article changing: never cached
        cache = None
    if cache is not None:
        key = _cache_key(
            article,
            (theme, bool(remote_images), resolver.allowed_hosts),
            (_fspath(library_root), _fspath(cache_dir)),
            (locale, raw_fallback, size, family, date_formatter),
        )

        def still_valid(entry: CachedRender) -> bool:
            return all(resolver(src, alt) == decision for src, alt, decision in entry.images)

        cached = cache.get(key, still_valid)
        if cached is not None:
            problems = list(cached.problems)
            return _result(
                article, theme, resolver, cached.html, cached.body_html, cached.raw, problems
            )
        resolver = new_resolver()  # the check above may have filled its lists
    images: list[tuple[str, str, ImageDecision]] = []

    def image_hook(src: str, alt: str) -> ImageDecision:
        decision = resolver(src, alt)
        images.append((src, alt, decision))
        return decision

    raw = failed = False
    problems = list(article.problems)
    lang = article_lang(article)
    rtl = reads_right_to_left(article, lang)
    if raw_fallback and not article.front_matter_read:
        fragment = _raw_html(article, problems, _TEXT[language]["has_errors"], language)
        raw = True
    else:
        try:
            if site is None:
                body_html = render_body(clean_text(article.body), article.body_format)
            else:
                body_html = _site_body(article, site, problems)
            source = (
                _header_html(article, locale, date_formatter, rtl)
                + f'<div class="article-body">{body_html}</div>'
            )
            fragment = sanitize_html(
                source, image_hook=image_hook, keep_colors=theme not in _DARK_THEMES
            )
            fragment = _bound_tables(_mark_figures(fragment))
        except Exception as exc:  # a reader must show something, whatever the input
            logger.exception("cannot render %s", article.display_path)
            failure = Problem(
                ERROR, f"cannot be rendered: {type(exc).__name__}", None, article.display_path
            )
            problems.append(failure)
            resolver = ImageResolver(article_path=article.path, language=language)
            images.clear()
            fragment = _raw_html(article, problems, _TEXT[language]["failed"], language)
            raw = failed = True
    document = _document(
        fragment,
        title=article.title,
        theme=theme,
        font_size=size,
        font_family=family,
        lang=lang,
        rtl=not raw and rtl,
    )
    if cache is not None and key is not None and not failed:  # a failure is tried again
        cache.put(key, CachedRender(document, fragment, raw, tuple(problems), tuple(images)))
    return _result(article, theme, resolver, document, fragment, raw, problems)


def _base_path(site: SiteContext | None) -> str:
    """The path a site is served below (Jekyll's ``baseurl: /blog``), which
    its templates put before site-absolute addresses; "" for none."""
    if site is None or site.kind != "jekyll":
        return ""
    value = site.config.get("baseurl")
    return value.strip() if isinstance(value, str) and "://" not in value else ""


def _fspath(path: str | os.PathLike | None) -> str | None:
    return None if path is None else os.fspath(path)


def _cache_key(article: Article, *options: tuple) -> tuple:
    """Everything a render depends on but the disk around the article.  A
    new parameter of :func:`render_article` that changes its output (a site
    context, say) must go into the key too, or the cache be skipped with it."""
    digest = hashlib.blake2b(article.raw, digest_size=20).digest()
    date = article.date.isoformat() if article.date is not None else None
    problems = tuple((p.severity, p.message, p.line) for p in article.problems)
    path = os.fspath(article.path) if article.path is not None else None
    return (digest, len(article.raw), path, date, article.date_source, problems, *options)


def _result(
    article: Article,
    theme: str,
    resolver: ImageResolver,
    document: str,
    fragment: str,
    raw: bool,
    problems: list[Problem],
) -> RenderResult:
    return RenderResult(
        html=document,
        body_html=fragment,
        title=article.title,
        theme=theme,
        blocked_remote=list(resolver.blocked_remote),
        remote_hosts=set(resolver.remote_hosts),
        remote_images=list(resolver.remote_urls),
        local_images=list(resolver.local_images),
        raw=raw,
        problems=problems,
    )
