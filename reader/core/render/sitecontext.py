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

import posixpath
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
    "link_href",
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
    is Jekyll's ``_includes`` folder; ``content_dir`` Hugo's ``content``.
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
