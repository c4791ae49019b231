"""What a Jekyll or Hugo page is rendered against: the site's context.

``render`` never reads the library or a site's configuration itself; the
caller (:mod:`reader.core.library.sitecontext`) builds a :class:`SiteContext`
and passes it to :func:`reader.core.render.pipeline.render_article`.  It is
frozen: one context can be shared by renders on several threads.

Limits (:class:`TemplateLimits`), all documented defaults:

* 100,000 loop iterations (nested loops count as their product),
* 1 MB of template output,
* include depth 10 (Liquid ``include``, Hugo ``{{% include %}}``),
* 2 seconds of wall-clock time per article,
* 256 KB per included file.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote

__all__ = [
    "LinkResolver",
    "SiteContext",
    "SiteKind",
    "TemplateLimits",
    "TemplateNotice",
    "in_link_destination",
    "link_href",
    "notices_after_links",
    "template_value",
    "template_value_kept",
]

SiteKind = Literal["jekyll", "hugo"]

#: ``resolver(kind, target)`` → the linked article's path relative to the
#: library root (posix), or ``None`` when there is no such article.  ``kind``
#: is ``"post_url"`` (Jekyll ``{% post_url 2010-07-21-name %}``), ``"link"``
#: (Jekyll ``{% link _posts/2016-07-26-name.md %}``) or ``"ref"`` (Hugo
#: ``ref``/``relref``).
LinkResolver = Callable[[str, str], "str | None"]


def _no_links(kind: str, target: str) -> str | None:
    return None


@dataclass(frozen=True)
class TemplateLimits:
    """Bounds on template evaluation (see the module's documentation)."""

    loop_iterations: int = 100_000
    output_bytes: int = 1_000_000
    include_depth: int = 10
    seconds: float = 2.0
    include_bytes: int = 256 * 1024


@dataclass(frozen=True)
class SiteContext:
    """A Jekyll or Hugo site, as much of it as a page's templates may see.

    ``root`` is the site's folder; ``config`` its configuration (``site.*``
    for Jekyll, ``site.Params``/``.Site`` for Hugo); ``data`` the data
    files (``site.data``), ``posts`` the site's posts as mappings with at
    least ``title``, ``url`` and ``date`` (``site.posts``, newest first);
    ``resolve_link`` finds the article a link points at.  ``includes_dir``
    is Jekyll's ``_includes`` folder; ``content_dir`` Hugo's ``content``, or
    Jekyll's source folder (the root, or the folder ``source:`` names).
    ``library_root`` is the folder the reader opened (links are written
    relative to the article inside it).
    """

    kind: SiteKind
    root: Path
    config: Mapping[str, object] = field(default_factory=dict)
    data: Mapping[str, object] = field(default_factory=dict)
    posts: Sequence[Mapping[str, object]] = ()
    resolve_link: LinkResolver = _no_links
    includes_dir: Path | None = None
    content_dir: Path | None = None
    library_root: Path | None = None
    limits: TemplateLimits = field(default_factory=TemplateLimits)


@dataclass(frozen=True)
class TemplateNotice:
    """A template problem: ``line`` is 1-based in the file (None: unknown)."""

    line: int | None
    message: str


def link_href(site: SiteContext, article_path: Path | None, kind: str, target: str) -> str | None:
    """The href, relative to the article's folder, of the article ``target``
    names (through the site's resolver), or None.  The window follows such
    relative links to the article, inside the library only."""
    try:
        rel = site.resolve_link(kind, target.strip())
    except (OSError, ValueError):
        rel = None
    if not rel:
        return None
    base = site.library_root or site.root
    destination = base.joinpath(*rel.split("/"))
    start = article_path.parent if article_path is not None else base
    try:
        relative = posixpath.relpath(destination.as_posix(), start.as_posix())
    except ValueError:
        return None
    return quote(relative, safe="/.-_~")


#: What stands just before a link's target: ``[text](`` or ``![alt](``
#: (``(<`` too), a reference definition ``[id]:``, an HTML ``href=`` or
#: ``src=`` (quoted or not) or any quoted HTML attribute (``content="``).
_DESTINATION_RE = re.compile(
    r"""(?:\]\([ \t]*<?|\b(?:href|src)[ \t]*=[ \t]*["']?|\b[\w:.-]{1,100}=["'])\Z""",
    re.IGNORECASE,
)
# A reference definition, from the start of its line (not a footnote's [^1]:).
_REFERENCE_RE = re.compile(r"[ ]{0,3}\[(?!\^)[^\]\n]{1,999}\]:[ \t]*<?\Z")
# How far before a target _DESTINATION_RE looks (its longest way of writing
# one, blanks inside it aside).
_DESTINATION_REACH = 120


def in_link_destination(text: str, position: int, memo: dict[int, int] | None = None) -> bool:
    """Whether ``position`` in ``text`` is where a link's target (or an HTML
    attribute's value) is written: ``[text](HERE)``, ``[id]: HERE``,
    ``href="HERE"``.  Only an address may stand there: neither a notice
    nor a link of its own.  A scanner that asks this of each tag of a text,
    in order, passes the same ``memo`` (a dict) for each: where the address
    of each tag began is kept, and a line of thousands of tags is not looked
    back over again for each of them."""
    low = max(0, position - 1100)  # (a bounded look back: many links on one long line)
    line_start = text.rfind("\n", low, position) + 1
    if line_start == 0 and low > 0:
        before = "\x00" + text[low:position]  # (not the line's start: no ^ here)
        offset = low - 1
    else:
        before = text[line_start:position]
        offset = line_start
    if _destination_before(before, len(before)):
        return True
    # the address may begin before the tag: ``({{ site.baseurl }}{% post_url x %})``,
    # ``href="/blog/{% link a.md %}"``
    start = _address_start(before, offset, memo)
    if memo is not None:
        memo[position] = offset + start
    if start < len(before):
        # (where the address may start after its own "=" or "<": href=/blog/…)
        cuts = [start, *_cuts_after(before, start, 7)]
        if any(_destination_before(before, cut) for cut in cuts):
            return True
    # ``[text](`` then a line break: the target on the next line (CommonMark
    # allows blanks and one line ending there)
    if line_start and not before.strip(" \t<"):
        previous = text[max(low, text.rfind("\n", low, line_start - 1) + 1) : line_start - 1]
        return previous.rstrip(" \t\r").endswith("](")
    return False


def _destination_before(before: str, end: int) -> bool:
    """Whether a link's target may start at ``end`` of ``before`` (a line,
    or the end of one).  Every way of writing one ends with one of
    ``(<:="'``, blanks after it aside: anything else is no target, told
    without an expression; each is then looked for only as far back as it
    can reach (a reference definition from the line's start only)."""
    last = end
    while last > 0 and before[last - 1] in " \t":
        last -= 1
    if last == 0 or before[last - 1] not in "(<:=\"'":
        return False
    if _DESTINATION_RE.search(before, max(0, last - _DESTINATION_REACH), end) is not None:
        return True
    return before[:1] in (" ", "[") and _REFERENCE_RE.match(before, 0, end) is not None


def _cuts_after(before: str, start: int, count: int) -> list[int]:
    """The places just after the first ``count`` "=" or "<" of ``before``
    from ``start`` on, in order."""
    cuts: list[int] = []
    for mark in "=<":  # (the first ``count`` of each, then the first of both)
        at = before.find(mark, start)
        for _ in range(count):
            if at < 0:
                break
            cuts.append(at + 1)
            at = before.find(mark, at + 1)
    return sorted(cuts)[:count]


# A run of the characters an address may hold, matched on the text reversed
# (backwards, in C).
_ADDRESS_RUN = re.compile(r"[^ \t\r\n()<>\"'\[\]{}]*")
# At most this many template tags are looked back over for one address
# without a memo (see in_link_destination); with one, each tag is passed
# over once, whatever their number.
_TAGS_IN_ADDRESS = 64


def _address_start(before: str, offset: int = 0, memo: dict[int, int] | None = None) -> int:
    """Where the address that ``before`` ends with begins: back over the
    characters an address may hold and whole template tags (``{{ … }}``,
    ``{% … %}``, each at most 200 characters); ``len(before)`` when it ends
    with none.  ``offset``: where ``before`` starts in its text, the keys
    of ``memo`` (where the addresses of tags before began) being places in
    the text."""
    backwards = before[::-1]
    size = len(before)
    at = size
    tags = 0
    while at > 0:
        if memo is not None and at < size:
            known = memo.get(offset + at)
            if known is not None:
                return max(known - offset, 0)
        if before.startswith(("}}", "%}"), at - 2):
            if tags == _TAGS_IN_ADDRESS:
                break
            opener = "{{" if before[at - 2] == "}" else "{%"
            found = before.rfind(opener, max(0, at - 200), at - 2)
            if found < 0:
                break
            at = found
            tags += 1
            continue
        run = _ADDRESS_RUN.match(backwards, size - at)
        if run is None or run.end() == size - at:
            break
        at = size - run.end()
    return at


def notices_after_links(text: str, keys: Sequence[str]) -> str:
    """``text`` with each of ``keys`` (the placeholder of a notice written
    right after a link target that was not found) moved past the ``)`` that
    ends its Markdown link, so that the notice shows after the link; where
    no ``)`` follows (an HTML attribute, a link with a title) the notice is
    left out of the text (it is still reported)."""
    for key in keys:

        def move(match: re.Match[str], key: str = key) -> str:
            closing = match.group(1)
            return closing + key if closing else ""

        text = re.sub(re.escape(key) + r"(>?\))?", move, text)
    return text


#: What templates see as it is: text, numbers, booleans, nothing, dates and
#: times (``datetime`` is a ``date``).  Lists and mappings are walked.
_PLAIN = (str, int, float, bool, type(None), _dt.date, _dt.time)
#: Deeper than this a value is left as it is (configuration, data and front
#: matter are refused well before: see ``reader.core.site.detect.MAX_DEPTH``).
_MAX_DEPTH = 100
_WALKING = object()


def template_value(value: object) -> object:
    """``value`` (front matter, configuration, data) as a template may see it:
    only text, numbers, booleans, dates, times, lists and mappings.

    YAML's ``!!binary`` is text (its bytes read as UTF-8, as Jekyll prints
    them), a ``!!set`` a list of its members in order, ``!!omap`` and
    ``!!pairs`` entries (tuples) lists; any other object is its text.  A
    Python ``repr`` (``b'…'``, ``{'a', 'b'}``, ``('a', 1)``) never reaches a
    page.  Containers holding nothing to change are given back as they are,
    and a container met twice (a YAML alias) is converted once."""
    return _plain(value, {}, 0)


def _plain(value: object, memo: dict[int, object], depth: int) -> object:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    key = id(value)
    done = memo.get(key)
    if done is _WALKING:
        return value  # (a value that holds itself: left as it is)
    if done is not None:
        return done
    if depth > _MAX_DEPTH:
        return value if isinstance(value, dict | list) else str(value)
    memo[key] = _WALKING
    result: object
    if isinstance(value, Mapping):
        items = [(_key(k), _plain(v, memo, depth + 1)) for k, v in value.items()]
        same = type(value) is dict and all(
            k is k0 and v is v0 for (k, v), (k0, v0) in zip(items, value.items(), strict=True)
        )
        result = value if same else dict(items)
    elif isinstance(value, list | tuple | set | frozenset):
        members = list(value)
        if isinstance(value, set | frozenset):
            members.sort(key=str)
        converted = [_plain(item, memo, depth + 1) for item in members]
        same = type(value) is list and all(a is b for a, b in zip(converted, members, strict=True))
        result = value if same else converted
    else:
        result = str(value)
    memo[key] = result
    return result


def _key(key: object) -> object:
    """A mapping's key as a template may look it up (always hashable)."""
    if isinstance(key, _PLAIN):
        return key
    if isinstance(key, bytes | bytearray):
        return bytes(key).decode("utf-8", "replace")
    return str(key)


#: id → (the value, what :func:`template_value` made of it), kept while the
#: value is: a site's configuration and data are converted once, not per page.
_kept: dict[int, tuple[object, object]] = {}
_kept_lock = threading.Lock()


def template_value_kept(value: object) -> object:
    """:func:`template_value` of ``value``, remembered for as long as the
    same object (a cached site's configuration or data) comes again."""
    with _kept_lock:
        hit = _kept.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    result = template_value(value)
    with _kept_lock:
        if len(_kept) >= 16:
            _kept.clear()
        _kept[id(value)] = (value, result)
    return result
