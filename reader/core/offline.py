"""Make articles available offline: download their remote images into a cache.

Only on request ("Make available offline"): rendering never fetches anything.
The copies go into the user cache folder (see
:func:`reader.core.imagecache.default_cache_dir`) named after a hash of their
URL, where :func:`reader.core.render.render_article` finds them and shows
them instead of the blocked remote image.  Article files are never touched.

Each download is bounded in size and time, must be served as a raster
``image/*`` type (not SVG) over ``http``/``https`` (redirects included), and
is written atomically, so a cancelled or failed download leaves nothing
behind.  Uses the standard library only; run it off the GUI thread.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import __version__
from .article import Article
from .imagecache import cached_image, cached_image_path, default_cache_dir, normalize_remote_url
from .render import render_article
from .sanitize import url_scheme

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "OfflineReport",
    "download_images",
    "make_available_offline",
    "remote_images_of",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Seconds allowed for one image: connecting, and reading all of it.
DEFAULT_TIMEOUT = 20.0
_CHUNK = 64 * 1024
USER_AGENT = f"ArticleReader/{__version__} (offline copy of an article's images)"

#: ``progress(done, total, url)`` after each URL, whatever its outcome.
Progress = Callable[[int, int, str], None]
#: A ``threading.Event`` or a callable returning True to stop.
Cancel = threading.Event | Callable[[], bool]


class DownloadError(Exception):
    """One image could not be downloaded; the message says why."""


class _Cancelled(Exception):
    pass


@dataclass
class OfflineReport:
    """What :func:`download_images` did, URL by URL."""

    downloaded: list[str] = field(default_factory=list)
    already_cached: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # URL → reason
    skipped: list[str] = field(default_factory=list)  # not tried: cancelled
    cancelled: bool = False
    bytes_downloaded: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to other http/https URLs."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(
                newurl, code, "redirect to a non-HTTP address refused", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _is_cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def remote_images_of(article: Article, *, cache_dir: str | os.PathLike | None = None) -> list[str]:
    """The remote image URLs an article shows (hero image included), in order,
    then those of its other image keys (``thumbnail`` and ``photos`` too, which
    the form previews)."""
    urls = list(render_article(article, cache_dir=cache_dir, raw_fallback=False).remote_images)
    for key in ("headimg", "cover", "thumbnail", "photos"):
        value = article.metadata.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                url = item.strip()
                if url_scheme(url) in ("http", "https") and url not in urls:
                    urls.append(url)
    return urls


def make_available_offline(
    articles: Iterable[Article],
    *,
    cache_dir: str | os.PathLike | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> OfflineReport:
    """Download the remote images of ``articles`` into the cache."""
    urls: list[str] = []
    for article in articles:
        if _is_cancelled(cancel):
            return OfflineReport(cancelled=True)
        urls.extend(remote_images_of(article, cache_dir=cache_dir))
    return download_images(
        urls,
        cache_dir=cache_dir,
        progress=progress,
        cancel=cancel,
        max_bytes=max_bytes,
        timeout=timeout,
    )


def download_images(
    urls: Iterable[str],
    *,
    cache_dir: str | os.PathLike | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> OfflineReport:
    """Download ``urls`` (each once) into ``cache_dir``; never raises for a bad URL.

    ``progress`` is called after each URL; ``cancel`` is checked before each
    one and while reading, and stops the run (``report.cancelled``).
    """
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    wanted = list(dict.fromkeys(u for u in (normalize_remote_url(u) or u for u in urls) if u))
    report = OfflineReport()
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    for done, url in enumerate(wanted, start=1):
        if _is_cancelled(cancel):
            report.cancelled = True
            report.skipped.extend(wanted[done - 1 :])
            break
        try:
            if normalize_remote_url(url) is None:
                raise DownloadError("not an http or https address")
            if cached_image(url, folder) is not None:
                report.already_cached.append(url)
            else:
                size = _download(opener, url, folder, max_bytes, timeout, cancel)
                report.downloaded.append(url)
                report.bytes_downloaded += size
        except _Cancelled:
            report.cancelled = True
            report.skipped.extend(wanted[done - 1 :])
            break
        except DownloadError as exc:
            report.failed[url] = str(exc)
        if progress is not None:
            progress(done, len(wanted), url)
    return report


def _download(
    opener: urllib.request.OpenerDirector,
    url: str,
    folder: Path,
    max_bytes: int,
    timeout: float,
    cancel: Cancel | None,
) -> int:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type().lower()
            if not content_type.startswith("image/") or "svg" in content_type:
                raise DownloadError(f"not an image (served as {content_type})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise DownloadError(f"too large ({int(length)} bytes; limit {max_bytes})")
            target = cached_image_path(url, folder, content_type)
            target.parent.mkdir(parents=True, exist_ok=True)
            return _save(response, target, max_bytes, deadline, cancel)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise DownloadError(f"cannot connect: {exc.reason}") from None
    except TimeoutError:
        raise DownloadError("timed out") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise DownloadError(f"download failed: {exc or type(exc).__name__}") from None


def _save(response, target: Path, max_bytes: int, deadline: float, cancel: Cancel | None) -> int:
    """Copy the response into ``target`` atomically; the size written."""
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=".part-", suffix=target.suffix
    )
    total = 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            while chunk := response.read(_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise DownloadError(f"too large (more than {max_bytes} bytes)")
                if time.monotonic() > deadline:
                    raise DownloadError("timed out")
                if _is_cancelled(cancel):
                    raise _Cancelled
                handle.write(chunk)
        if total == 0:
            raise DownloadError("empty response")
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return total
