"""Addresses from articles and pages, taken apart without raising.  No Qt here.

``urllib.parse.urlsplit`` raises ValueError for an address it cannot take
apart (a bracketed host that is no IPv6 address, ``http://[zz]/``; an
unclosed ``[``): one such link in one article stopped a whole export, and one
such image in one page a whole import.  An address from a file goes through
:func:`split_url`, and one that cannot be taken apart is treated as no
address (dropped to its text, left out), as an unsafe one is."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit

__all__ = ["join_url", "split_url", "valid_uri"]

# what RFC 3986 lets stand unescaped in each part ("%" only before two hex
# digits: a lone one is escaped first)
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = _SUB_DELIMS + ":@/%~"
_QUERY_SAFE = _PATH_SAFE + "?"
_USER_SAFE = _SUB_DELIMS + ":%~"
_LONE_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_HOST_LABEL = re.compile(r"[A-Za-z0-9_-]{1,63}")  # ("_": names browsers open)
_SERVER_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})


def split_url(text: str) -> SplitResult | None:
    """``urlsplit(text)``, or None when it cannot be taken apart."""
    try:
        return urlsplit(text)
    except ValueError:
        return None


def join_url(base: str, text: str) -> str | None:
    """``urljoin(base, text)``, or None when either cannot be taken apart."""
    try:
        return urljoin(base, text)
    except ValueError:
        return None


def _escaped(text: str, safe: str) -> str:
    return quote(_LONE_PERCENT.sub("%25", text), safe=safe)


def _host(parts: SplitResult) -> str | None:
    """The host and port of ``parts`` as a URI spells them (a name in IDNA,
    an IPv6 address in brackets), or None when they are not a host."""
    try:
        name, port = parts.hostname or "", parts.port
    except ValueError:  # (a port that is no number, or beyond 65535)
        return None
    if ":" in name:
        host = f"[{name}]"  # (urlsplit took the brackets apart: an IPv6 address)
    else:
        try:
            ascii_name = name.encode("idna").decode("ascii") if name else ""
        except UnicodeError:
            return None
        labels = ascii_name.rstrip(".").split(".")
        if ascii_name and not all(_HOST_LABEL.fullmatch(label) for label in labels):
            return None
        host = ascii_name
    return host if port is None else f"{host}:{port}"


def valid_uri(text: str) -> str | None:
    """``text`` as a URI that RFC 3986 reads (what EPUB checkers want):
    each part escaped where it holds what that part may not (a space, a
    bracket outside a host, a second ``#``, a ``%`` before no hex digits),
    an international host name in IDNA.  None when it cannot be one: a
    host that is no host name, a server address without a host."""
    parts = split_url(text.strip())
    if parts is None or (parts.scheme and not _SCHEME.fullmatch(parts.scheme)):
        return None
    netloc = ""
    if parts.netloc or parts.scheme.lower() in _SERVER_SCHEMES:
        host = _host(parts)
        if not host:
            return None
        user = parts.netloc.rpartition("@")[0]
        netloc = (_escaped(user, _USER_SAFE) + "@" if "@" in parts.netloc else "") + host
    path = _escaped(parts.path, _PATH_SAFE)
    if netloc and path and not path.startswith("/"):
        path = "/" + path
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            path,
            _escaped(parts.query, _QUERY_SAFE),
            _escaped(parts.fragment, _QUERY_SAFE),
        )
    )
