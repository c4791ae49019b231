"""Where offline copies of remote images live, and how they are named.

A copy of ``url`` is stored as ``<cache>/<k[:2]>/<k><ext>`` where ``k`` is
the SHA-256 of the normalised URL and ``ext`` comes from the content type it
was served with.  :mod:`reader.core.render.offline` writes the files; rendering only
looks them up, so nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from reader.core.common.dirs import user_cache_dir

__all__ = [
    "EXTENSIONS",
    "cache_key",
    "cached_image",
    "cached_image_path",
    "default_cache_dir",
    "normalize_remote_url",
]


#: Content type → file extension for the image types we keep.  SVG is not
#: among them: it is a document that can carry scripts, not a picture.
EXTENSIONS = {
    "image/png": ".png",
    "image/apng": ".png",
    "image/jpeg": ".jpg",
    "image/pjpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
    "image/x-ms-bmp": ".bmp",
    "image/avif": ".avif",
    "image/tiff": ".tiff",
    "image/x-icon": ".ico",
    "image/vnd.microsoft.icon": ".ico",
}
#: Extension for any other raster ``image/*`` type.
OTHER_EXTENSION = ".img"
_ALL_EXTENSIONS = tuple(dict.fromkeys([*EXTENSIONS.values(), OTHER_EXTENSION]))

_SPACE_RE = re.compile(r"[\s\x00-\x1f\x7f]+")  # (the old keys': see legacy_remote_url)
#: What a browser drops from an address: tabs, line breaks, other controls.
_DROPPED_RE = re.compile(r"[\x00-\x1f\x7f]+")
_ESCAPE_RE = re.compile(r"%[0-9a-fA-F]{2}")
#: The characters an address keeps as they are (RFC 3986's reserved and
#: unreserved ones, and "%" of the escapes already written).
_KEPT = "/%:@!$&'()*+,;=~-._"


def default_cache_dir() -> Path:
    """The per-user cache folder for offline images (not created here)."""
    return user_cache_dir() / "images"


def normalize_remote_url(src: str) -> str | None:
    """``src`` as an absolute ``http``/``https`` URI, or None if it is not remote.

    Entities are decoded, surrounding blanks and embedded tabs, line breaks
    and other controls dropped (as a browser does), and a protocol-relative
    ``//host/path`` becomes ``https://host/path``.  Written as the window
    asks for it (``QUrl``'s fully encoded form): the scheme and host in
    lower case, a host of other scripts in IDNA, spaces and characters
    beyond ASCII percent-encoded as UTF-8 (``图片.png`` was downloaded as
    text urllib could not send, and asked for by the window under another
    spelling: never shown; a space was dropped, another picture fetched).
    """
    text = _DROPPED_RE.sub("", html.unescape(src).strip())
    if text.startswith("//"):
        text = "https:" + text
    try:
        parts = urlsplit(text)
        hostname = parts.hostname
        port = parts.port
        if parts.scheme.lower() not in ("http", "https") or not hostname:
            return None
        host = idna_host(hostname)
        if host is None:
            return None
        if ":" in host:  # (an IPv6 address)
            host = f"[{host}]"
        user = parts.netloc.rpartition("@")[0]
        netloc = (f"{quote(user, safe=_KEPT)}@" if user else "") + host
        if port is not None:
            netloc += f":{port}"
        path, query, fragment = (
            _ESCAPE_RE.sub(lambda m: m.group().upper(), quote(part, safe=_KEPT + "?"))
            for part in (parts.path, parts.query, parts.fragment)
        )
        written = urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))
        again = urlsplit(written)  # (one that does not read back is no address)
        if again.hostname != host.strip("[]") or again.port != port:
            return None
    except (ValueError, UnicodeError):  # (a host no one can read, text not UTF-8)
        return None
    return written


def idna_host(host: str) -> str | None:
    """``host`` in lower case, in IDNA when it is of another script
    (``münchen.de``: ``xn--mnchen-3ya.de``); None when it cannot be."""
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def legacy_remote_url(src: str) -> str | None:
    """``src`` as addresses were written before 2026-12-06 (as written,
    blanks dropped): the key of offline copies made then, looked up when
    there is none under :func:`normalize_remote_url`'s."""
    text = _SPACE_RE.sub("", html.unescape(src))
    if text.startswith("//"):
        text = "https:" + text
    try:
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
    except ValueError:
        return None
    return text


def cache_key(url: str) -> str:
    """The file name stem for ``url`` (already normalised) in the cache."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def cached_image_path(url: str, cache_dir: str | os.PathLike, content_type: str) -> Path:
    """Where the copy of ``url`` served as ``content_type`` is stored."""
    key = cache_key(url)
    extension = EXTENSIONS.get(content_type.lower(), OTHER_EXTENSION)
    return Path(cache_dir) / key[:2] / (key + extension)


def cached_image(url: str, cache_dir: str | os.PathLike | None = None) -> Path | None:
    """The offline copy of ``url`` (normalised), if one exists."""
    key = cache_key(url)
    folder = Path(cache_dir if cache_dir is not None else default_cache_dir()) / key[:2]
    if not folder.is_dir():
        return None
    for extension in _ALL_EXTENSIONS:
        candidate = folder / (key + extension)
        if candidate.is_file():
            return candidate
    return None
