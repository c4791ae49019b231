"""Which article a link by the site's own address names.  No Qt here.

A post of a Hexo, Jekyll or Hugo site links to another by the address the
site gives it (``/2021/01/06/second/``, ``{{ site.baseurl }}/blog/second.html``,
``https://example.org/posts/second/``), not by its file.  The reader follows
such a link, and an export makes it a link between chapters, by finding the
article the address names:

* the address is the site's own: a path from its root, or a full address on
  the host of its ``url`` (Jekyll, Hexo) or ``baseURL`` (Hugo), below the
  path the site is served under (``baseurl``, ``root``);
* an article whose front matter gives that address (``permalink``; Hugo's
  ``url``) is the one;
* else the address's last part is the article's name: its ``slug``, or its
  file's name (without a Jekyll date, or the folder of a Hugo page bundle);
  a date in the address (``/2021/``, ``/2021/01/06/``) must be its date, and
  when several remain, the one whose folders or categories the address
  names; else none (an address that names two articles leads to neither).

Every pattern a site may set is not computed: the names and dates of
addresses are what their patterns are made of, and they are read back here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from reader.core.common.urls import split_url

__all__ = ["Candidate", "SiteAddress", "address_path", "choose", "name_of", "site_address"]

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_PAGE_FILE = re.compile(r"(?:index|_index)\.[A-Za-z0-9]+$")
_EXTENSION = re.compile(r"\.(?:html?|php|xml)$", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
#: The pages a site lists its articles on, by tag, category, author or page
#: number: an address under one names a list, not the article of that name
#: (/tags/python/ opened the post python.md).
LISTING_FOLDERS = frozenset(
    {"tags", "tag", "categories", "category", "authors", "author", "page", "archives", "series"}
)
#: An address longer than this names no article (and a pattern of its size
#: is more than the index's LIKE takes).
MAX_ADDRESS = 2048
_TWO = re.compile(r"^\d{2}$")


@dataclass(frozen=True)
class SiteAddress:
    """Where a site is served: its host (lower case; None: not said) and
    the path under it (``/`` or ``/blog/``)."""

    host: str | None = None
    base: str = "/"


@dataclass(frozen=True)
class Candidate:
    """An article an address may name: its path in the library, its date
    (ISO text, or None) and categories (each a tuple of levels)."""

    path: str
    date: str | None = None
    categories: tuple[tuple[str, ...], ...] = ()


def site_address(kind: str, config: Mapping[str, Any]) -> SiteAddress:
    """Where the site of ``kind`` (``hexo``, ``jekyll``, ``hugo``) with
    ``config`` is served."""
    if kind == "hugo":  # (Hugo reads its keys in any case: BaseURL, baseurl)
        url = next((v for k, v in config.items() if str(k).lower() == "baseurl" and v), None)
        base = None
    elif kind == "hexo":
        url, base = config.get("url"), config.get("root")
    else:
        url, base = config.get("url"), config.get("baseurl")
    host = None
    if isinstance(url, str) and url.strip():
        parts = split_url(url.strip())
        if parts is not None and parts.netloc:
            host = parts.hostname.lower() if parts.hostname else None
            if base is None:
                base = parts.path
    if not isinstance(base, str):
        base = ""
    base = "/" + base.strip().strip("/")
    return SiteAddress(host, base if base == "/" else base + "/")


def address_path(href: str, site: SiteAddress) -> str | None:
    """The path within the site (``/2021/01/06/second/``, decoded, without
    the base it is served under) that ``href`` names; None when it names no
    page of this site: a relative link (a file's), another host, ``mailto:``."""
    parts = split_url(href.strip())
    if parts is None:
        return None
    scheme = parts.scheme.lower()
    if scheme or parts.netloc:
        if scheme not in ("http", "https", "") or not parts.netloc:
            return None
        host = (parts.hostname or "").lower()
        if site.host is None or host != site.host:
            return None
    path = unquote(parts.path)
    if not path.startswith("/") or "\x00" in path:
        return None
    path = posixpath.normpath(path) + ("/" if path.endswith("/") and path != "/" else "")
    if path.startswith("//"):
        path = path[1:]
    base = site.base
    if base != "/":
        if path + "/" == base:
            return "/"
        if not path.startswith(base):
            return None
        path = path[len(base) - 1 :]
    return path


def name_of(path: str) -> str:
    """An article's name as an address may give it, from its path in the
    library: its file's name without a Jekyll date and its extension, or
    the folder of a Hugo page bundle (``posts/trip/index.md``: ``trip``)."""
    folder, _, file_name = path.rpartition("/")
    if _PAGE_FILE.fullmatch(file_name) and folder:
        return folder.rpartition("/")[2]
    stem = file_name.rpartition(".")[0] or file_name
    return _DATE_PREFIX.sub("", stem)


def _parts(path: str) -> tuple[str, tuple[str, ...], list[str]]:
    """The name an address path ends with, the date it holds ((), (y,),
    (y, m) or (y, m, d)) and its other parts (lower case)."""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return "", (), []
    last = segments[-1]
    if _PAGE_FILE.fullmatch(last) or last.lower() in ("index.html", "index.htm"):
        segments.pop()
        if not segments:
            return "", (), []
        last = segments[-1]
    name = _EXTENSION.sub("", last)
    rest = segments[:-1]
    date: tuple[str, ...] = ()
    others: list[str] = []
    at = 0
    while at < len(rest):
        if not date and _YEAR.match(rest[at]):
            found = [rest[at]]
            for following in rest[at + 1 : at + 3]:
                if not _TWO.match(following):
                    break
                found.append(following)
            date = tuple(found)
            at += len(found)
            continue
        others.append(rest[at].lower())
        at += 1
    return name, date, others


def choose(
    path: str,
    by_permalink: Callable[[list[str]], list[Candidate]],
    by_name: Callable[[str], list[Candidate]],
) -> str | None:
    """The article the address ``path`` (from :func:`address_path`) names,
    or None.  ``by_permalink(forms)``: the articles whose front matter gives
    one of those addresses; ``by_name(name)``: those whose slug or file name
    may be ``name`` (both may give more than the exact ones: they are
    checked here)."""
    trimmed = path.strip("/")
    if not trimmed or len(trimmed) > MAX_ADDRESS:
        return None
    forms = sorted({f"/{trimmed}", f"/{trimmed}/", trimmed, f"{trimmed}/"})
    exact = {c.path for c in by_permalink(forms)}
    if len(exact) == 1:
        return exact.pop()
    if exact:
        return None  # (two articles give one address: neither is it)
    name, date, others = _parts(path)
    if not name or LISTING_FOLDERS & set(others):
        return None
    found = [c for c in by_name(name) if _dated(c, date)]
    return _best(found, others)


def _dated(candidate: Candidate, date: tuple[str, ...]) -> bool:
    if not date:
        return True
    if candidate.date is None:
        return False
    return candidate.date.startswith("-".join(date))


def _best(found: Iterable[Candidate], others: list[str]) -> str | None:
    unique = {c.path: c for c in found}
    if len(unique) <= 1:
        return next(iter(unique), None)
    wanted = set(others)
    scores: dict[str, int] = {}
    for path, candidate in unique.items():
        named = {part.lower() for part in path.split("/")[:-1]}
        named |= {level.lower() for levels in candidate.categories for level in levels}
        named |= {
            level.lower().replace(" ", "-") for levels in candidate.categories for level in levels
        }
        scores[path] = len(wanted & named)
    best = max(scores.values())
    top = [path for path, score in scores.items() if score == best]
    return top[0] if len(top) == 1 else None
