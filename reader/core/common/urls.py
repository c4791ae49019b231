"""Addresses from articles and pages, taken apart without raising.  No Qt here.

``urllib.parse.urlsplit`` raises ValueError for an address it cannot take
apart (a bracketed host that is no IPv6 address, ``http://[zz]/``; an
unclosed ``[``): one such link in one article stopped a whole export, and one
such image in one page a whole import.  An address from a file goes through
:func:`split_url`, and one that cannot be taken apart is treated as no
address (dropped to its text, left out), as an unsafe one is."""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit

__all__ = ["join_url", "split_url"]


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
