"""Make articles available offline: download their remote images into a cache.

Only on request ("Make available offline"): rendering never fetches anything.
The copies go into the user cache folder (see
:func:`reader.core.render.imagecache.default_cache_dir`) named after a hash of their
URL, where :func:`reader.core.render.pipeline.render_article` finds them and shows
them instead of the blocked remote image.  Article files are never touched.

Each download is bounded in size and time, must be served as a raster
``image/*`` type (not SVG) over ``http``/``https`` (redirects included), and
is written atomically, so a cancelled or failed download leaves nothing
behind.  Uses the standard library only; run it off the GUI thread.

Why the time limit needs more than socket timeouts: a socket timeout bounds
one read, so a server that sends one byte a second never trips it, and the
buffered reader under :mod:`http.client` waits for a whole chunk before our
code sees anything.  So every wait of a download (the name lookup, the
connect, the TLS handshake, sending the request, the status line, the
headers, the body) is cut into slices of at most :data:`_SLICE` seconds, and
between slices the one deadline of that image and the cancel are checked
(:class:`_Deadline`, :class:`_GuardedSocket`).  When either trips, the
connection is closed and the download ends within about a slice.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import http.client
import io
import ipaddress
import os
import select
import socket
import stat
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from reader import __version__
from reader.core.article.model import Article
from reader.core.common.tasks import Cancel, Progress
from reader.core.common.urls import split_url
from reader.core.render.imagecache import (
    cached_image,
    cached_image_path,
    default_cache_dir,
    normalize_remote_url,
)
from reader.core.render.pipeline import render_article
from reader.core.render.sanitize import url_scheme
from reader.core.render.sitecontext import SiteContext

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

    # One address of socket.getaddrinfo: (family, type, proto, canonname, sockaddr).
    _AddrInfo = tuple[
        socket.AddressFamily,
        socket.SocketKind,
        int,
        str,
        tuple[str, int] | tuple[str, int, int, int] | tuple[int, bytes],
    ]

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "OfflineReport",
    "download_images",
    "make_available_offline",
    "remote_images_of",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Seconds allowed for one image, all told: looking the name up, connecting,
#: the headers and all of the body, redirects included.
DEFAULT_TIMEOUT = 20.0
_CHUNK = 64 * 1024
#: The longest a download waits without checking its deadline and cancel.
_SLICE = 0.25
_IN_PROGRESS = frozenset(
    {errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, getattr(errno, "WSAEWOULDBLOCK", -1)}
)
USER_AGENT = f"ArticleReader/{__version__} (offline copy of an article's images)"


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
    """Follow redirects only to other http/https URLs, and from a public
    address never to a private, loopback or link-local one: an article's
    picture on a public host must not turn the click that loads it into a
    request to the reader's own network (a router, a cloud's metadata
    address).  An address of the reader's network written in the article
    itself is loaded when asked (a NAS serving a library's pictures): the
    banner names its host."""

    def __init__(self, deadline: _Deadline | None = None):
        super().__init__()
        self._deadline = deadline

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        parts = split_url(newurl)
        if parts is None or parts.scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(
                newurl, code, "redirect to a non-HTTP address refused", headers, fp
            )
        target = urllib.parse.urlsplit(newurl).hostname or ""
        if self._local(target) and not self._local(urllib.parse.urlsplit(req.full_url).hostname):
            raise urllib.error.HTTPError(
                newurl, code, "redirect to a private or local address refused", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def _local(self, host: str | None) -> bool:
        """Whether ``host`` is (or resolves to) an address that is not
        public: loopback, private, link-local, reserved."""
        if not host:
            return False
        try:
            addresses = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            if self._deadline is None:
                return False
            try:
                found = _resolve(host, 80, self._deadline)
            except (OSError, UnicodeError):
                return False  # (the connection says why it cannot be made)
            addresses = []
            for *_, sockaddr in found:
                with contextlib.suppress(ValueError):
                    addresses.append(ipaddress.ip_address(str(sockaddr[0]).split("%")[0]))
        return any(not address.is_global for address in addresses)


class _Deadline:
    """The one deadline of a download (redirects included) and its cancel."""

    def __init__(self, seconds: float, cancel: Cancel | None):
        self.end = time.monotonic() + seconds
        self.cancel = cancel

    def check(self) -> None:
        """Raise if the download was cancelled or its time is up."""
        if _is_cancelled(self.cancel):
            raise _Cancelled
        if time.monotonic() >= self.end:
            raise DownloadError("timed out")

    def slice(self) -> float:
        """How long the next wait may last before we look again."""
        return min(_SLICE, max(0.01, self.end - time.monotonic()))


class _GuardedSocket:
    """A connected socket (plain or TLS) whose waits last one slice at most.

    :mod:`http.client` reads through ``makefile("rb")`` and writes with
    ``sendall``; both go through :meth:`recv_into` and :meth:`sendall` here,
    which check the deadline before every slice.  (A socket's own
    ``makefile`` cannot be used: after one timeout it refuses to read again.)
    Like a real socket, the connection stays open until both the socket and
    the files made from it are closed, because :mod:`urllib` closes the
    socket as soon as the headers have arrived.
    """

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self._sock: socket.socket | None = sock
        self._deadline = deadline
        self._files = 0
        self._closed = False

    def __getattr__(self, name: str) -> Any:  # setsockopt, getpeername, ...
        return getattr(self._sock, name)

    def recv_into(self, buffer: WriteableBuffer) -> int:
        sock = self._socket()
        while True:
            self._deadline.check()
            sock.settimeout(self._deadline.slice())
            try:
                return sock.recv_into(buffer)
            except TimeoutError:
                continue

    def sendall(self, data: ReadableBuffer) -> None:
        sock = self._socket()
        view = memoryview(data).cast("B")
        while view:
            self._deadline.check()
            sock.settimeout(self._deadline.slice())
            try:
                view = view[sock.send(view) :]
            except TimeoutError:
                continue

    def handshake(self) -> None:
        """Finish a TLS handshake started with ``do_handshake_on_connect=False``."""
        sock = self._socket()
        while True:
            self._deadline.check()
            sock.settimeout(self._deadline.slice())
            try:
                sock.do_handshake()  # type: ignore[attr-defined]  # an SSLSocket here
                return
            except TimeoutError:
                continue

    def makefile(self, mode: str = "r", *args: Any, **kwargs: Any) -> io.BufferedReader:
        if mode != "rb":
            raise ValueError(f"unsupported mode {mode!r}")
        self._files += 1
        return io.BufferedReader(_GuardedReader(self))

    def detach(self) -> socket.socket:
        """Give up the socket (to wrap it in TLS); closing this no longer closes it."""
        sock, self._sock = self._socket(), None
        return sock

    def close(self) -> None:
        self._closed = True
        self._close_if_unused()

    def _file_closed(self) -> None:
        self._files -= 1
        self._close_if_unused()

    def _close_if_unused(self) -> None:
        if self._closed and self._files <= 0 and self._sock is not None:
            sock, self._sock = self._sock, None
            sock.close()

    def _socket(self) -> socket.socket:
        if self._sock is None:
            raise OSError(errno.EBADF, "connection closed")
        return self._sock


class _GuardedReader(io.RawIOBase):
    """The raw stream under the buffered reader ``makefile`` returns."""

    def __init__(self, sock: _GuardedSocket):
        self._guarded = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        return self._guarded.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            super().close()
            self._guarded._file_closed()


def _resolve(host: str, port: int, deadline: _Deadline) -> Sequence[_AddrInfo]:
    """``getaddrinfo`` within the deadline.  An address needs no lookup; a
    name is looked up on a helper thread, because the system resolver cannot
    be interrupted (the thread ends when the resolver gives up)."""
    try:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError):
        pass
    found: list[Sequence[_AddrInfo]] = []  # the lookup's result, or
    failed: list[OSError | UnicodeError] = []  # its error
    finished = threading.Event()

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except (OSError, UnicodeError) as exc:
            failed.append(exc)
        finally:
            finished.set()

    threading.Thread(target=lookup, name="offline-resolve", daemon=True).start()
    while not finished.wait(deadline.slice()):
        deadline.check()
    if failed:
        raise failed[0]
    return found[0]


def _connect(
    deadline: _Deadline,
    address: tuple[str, int],
    timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
) -> _GuardedSocket:
    """A replacement for :func:`socket.create_connection` that keeps the deadline."""
    host, port = address
    failure: OSError | None = None
    for family, kind, proto, _name, sockaddr in _resolve(host, port, deadline):
        sock = socket.socket(family, kind, proto)
        try:
            if source_address:
                sock.bind(source_address)
            sock.setblocking(False)
            error = sock.connect_ex(sockaddr)
            while error in _IN_PROGRESS:
                deadline.check()
                _, writable, failed = select.select([], [sock], [sock], deadline.slice())
                if writable or failed:
                    error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, os.strerror(error))
            return _GuardedSocket(sock, deadline)
        except OSError as exc:
            sock.close()
            failure = exc
        except BaseException:
            sock.close()
            raise
    raise failure or OSError(f"no address for {host}")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, deadline: _Deadline, **kwargs: Any):
        super().__init__(host, **kwargs)
        self._create_connection = functools.partial(_connect, deadline)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, deadline: _Deadline, **kwargs: Any):
        super().__init__(host, **kwargs)
        self._deadline = deadline
        self._create_connection = functools.partial(_connect, deadline)

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)  # TCP (and a proxy's tunnel), guarded
        # _create_connection made it (see __init__): a guarded socket
        plain = cast(_GuardedSocket, self.sock).detach()
        try:
            # _context and _tunnel_host: http.client's own, which its stubs leave out
            tls = self._context.wrap_socket(  # type: ignore[attr-defined]
                plain,
                server_hostname=self._tunnel_host or self.host,  # type: ignore[attr-defined]
                do_handshake_on_connect=False,
            )
        except BaseException:
            plain.close()
            raise
        self.sock = _GuardedSocket(tls, self._deadline)
        self.sock.handshake()


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_GuardedHTTPConnection, deadline=self._deadline), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            functools.partial(_GuardedHTTPSConnection, deadline=self._deadline),
            req,
            context=self._context,  # type: ignore[attr-defined]  # urllib's own; not in its stubs
        )


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """urllib as usual (proxies from the environment, redirects to http/https
    only), with every connection kept to ``deadline``."""
    return urllib.request.build_opener(
        _HttpOnlyRedirects(deadline), _GuardedHTTPHandler(deadline), _GuardedHTTPSHandler(deadline)
    )


def _is_cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    return bool(cancel())


def remote_images_of(
    article: Article,
    *,
    cache_dir: str | os.PathLike | None = None,
    site: SiteContext | None = None,
) -> list[str]:
    """The remote image URLs an article shows (hero image included), in order,
    then those of its other image keys (``thumbnail`` and ``photos`` too, which
    the form previews).  ``site``: the Jekyll or Hugo site it is rendered
    against, as the reader pane does (an image a ``figure`` shortcode or a
    Liquid include shows is found only then)."""
    rendered = render_article(article, cache_dir=cache_dir, raw_fallback=False, site=site)
    urls = list(rendered.remote_images)
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
    site_for: Callable[[Article], SiteContext | None] | None = None,
) -> OfflineReport:
    """Download the remote images of ``articles`` into the cache.

    ``site_for`` gives each article's Jekyll or Hugo site context (the
    caller's :func:`reader.core.library.sitecontext.site_of`: this layer
    never reads a site), so that the images found are those the reader pane
    shows; without it templates are left unevaluated."""
    urls: list[str] = []
    for article in articles:
        if _is_cancelled(cancel):
            return OfflineReport(cancelled=True)
        site = site_for(article) if site_for is not None else None
        urls.extend(remote_images_of(article, cache_dir=cache_dir, site=site))
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
                size = _download(url, folder, max_bytes, _Deadline(timeout, cancel))
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


def _download(url: str, folder: Path, max_bytes: int, deadline: _Deadline) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
    try:
        with _opener(deadline).open(request, timeout=_SLICE) as response:
            content_type = response.headers.get_content_type().lower()
            if not content_type.startswith("image/") or "svg" in content_type:
                raise DownloadError(f"not an image (served as {content_type})")
            coding = (response.headers.get("Content-Encoding") or "").strip().lower()
            if coding not in ("", "identity"):
                # (kept as it came, a gzip stream named .png was no picture)
                raise DownloadError(f"sent compressed ({coding}); not kept")
            length = response.headers.get("Content-Length")
            expected = int(length) if length and length.strip().isdigit() else None
            if expected is not None and expected > max_bytes:
                raise DownloadError(f"too large ({expected} bytes; limit {max_bytes})")
            target = cached_image_path(url, folder, content_type)
            target.parent.mkdir(parents=True, exist_ok=True)
            return _save(response, target, max_bytes, deadline, expected)
    except urllib.error.HTTPError as exc:
        exc.close()  # its body is not read: hang up now
        raise DownloadError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise DownloadError(f"cannot connect: {exc.reason}") from None
    except TimeoutError:
        raise DownloadError("timed out") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise DownloadError(f"download failed: {exc or type(exc).__name__}") from None


_PART = ".part-"
#: A partial download older than this is what a killed one left (one being
#: written is seconds old: downloads have a deadline of their own).
STALE_PART_SECONDS = 6 * 3600


def _sweep_parts(folder: Path, now: float | None = None) -> None:
    """Remove the partial downloads a killed process left in ``folder``
    (each up to the size limit, kept for ever before)."""
    cutoff = (time.time() if now is None else now) - STALE_PART_SECONDS
    try:
        names = [name for name in os.listdir(folder) if name.startswith(_PART)]
    except OSError:
        return
    for name in names:
        path = folder / name
        with contextlib.suppress(OSError):
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                os.unlink(path)


def _save(
    response: IO[bytes],
    target: Path,
    max_bytes: int,
    deadline: _Deadline,
    expected: int | None = None,
) -> int:
    """Copy the response into ``target`` atomically; the size written.

    Never reads more than one byte past ``max_bytes``; the deadline is
    checked inside every read (see :class:`_GuardedSocket`) and between them.
    A body shorter than the ``expected`` length it was sent with (a
    connection cut) is not kept: kept, it was a cut picture for good, never
    fetched again."""
    _sweep_parts(target.parent)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=_PART, suffix=target.suffix)
    total = 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            while chunk := response.read(min(_CHUNK, max_bytes + 1 - total)):
                total += len(chunk)
                if total > max_bytes:
                    raise DownloadError(f"too large (more than {max_bytes} bytes)")
                deadline.check()
                handle.write(chunk)
        if total == 0:
            raise DownloadError("empty response")
        if expected is not None and total < expected:
            raise DownloadError(f"cut short ({total} of {expected} bytes)")
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return total
