"""Make available offline: download remote images into the cache from a local server."""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.core.article.codec import parse_article
from reader.core.render.imagecache import cached_image, cached_image_path
from reader.core.render.offline import download_images, make_available_offline
from reader.core.render.pipeline import render_article
from tests.fixtures.trickle_server import TrickleServer

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


SVG_OUT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image xlink:href="/etc/hostname" width="9" height="9"/></svg>'
)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    release: threading.Event
    requests: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def _send(self, status: int, content_type: str, body: bytes, length: int | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        # A client that gave up (a deadline under test) has closed the socket.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path.startswith("/img/"):
            self._send(200, "image/png", PNG)
        elif self.path == "/photo.jpg":
            self._send(200, "image/jpeg; charset=binary", b"\xff\xd8\xff\xe0" + b"j" * 100)
        elif self.path == "/page.html":
            self._send(200, "text/html; charset=utf-8", b"<html>not an image</html>")
        elif self.path == "/vector.svg":
            self._send(200, "image/svg+xml", b"<svg onload='alert(1)'/>")
        elif self.path == "/cut.png":  # a connection cut: half of what was announced
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(2 * len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
            self.close_connection = True
        elif self.path == "/gzipped.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
        elif self.path == "/drawing.png":  # an SVG that points outside, sent as a PNG
            self._send(200, "image/png", SVG_OUT)
        elif self.path == "/huge.png":
            self._send(200, "image/png", PNG + b"\0" * 5000)
        elif self.path == "/liar.png":  # no Content-Length: the size check happens while reading
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG + b"\0" * 5000)
            self.close_connection = True
        elif self.path == "/slow.png":
            self.server.release.wait(5)
            self._send(200, "image/png", PNG)
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/moved.png":
            self.send_response(301)
            self.send_header("Location", "/img/target.png")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, "text/plain", b"missing")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.release = threading.Event()
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _post(tmp_path: Path, base: str, name: str = "post.md", images: tuple[str, ...] = ()) -> Path:
    path = tmp_path / "library" / name
    path.parent.mkdir(exist_ok=True)
    lines = [f"![pic {i}]({base}{image})" for i, image in enumerate(images)]
    path.write_text(
        f"---\ntitle: {name}\nheadimg: {base}/img/hero.png\n---\n" + "\n\n".join(lines) + "\n",
        encoding="utf-8",
    )
    return path


def _load(path: Path):
    return parse_article(path.read_bytes(), path)


def test_make_available_offline_downloads_and_render_uses_the_copies(
    server: str, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    post = _post(tmp_path, server, images=("/img/a.png", "/photo.jpg", "/img/a.png"))
    before = (post.read_bytes(), post.stat().st_mtime_ns)
    progress: list[tuple[int, int, str]] = []

    report = make_available_offline(
        [_load(post)], cache_dir=cache, progress=lambda *args: progress.append(args)
    )

    urls = [f"{server}/img/hero.png", f"{server}/img/a.png", f"{server}/photo.jpg"]
    assert report.downloaded == urls
    assert report.failed == {} and report.ok and not report.cancelled
    assert report.bytes_downloaded == 2 * len(PNG) + 104
    assert progress == [(1, 3, urls[0]), (2, 3, urls[1]), (3, 3, urls[2])]
    assert cached_image(urls[2], cache).suffix == ".jpg"
    assert cached_image(urls[1], cache).read_bytes() == PNG
    assert (post.read_bytes(), post.stat().st_mtime_ns) == before  # article untouched

    result = render_article(_load(post), cache_dir=cache)
    assert result.blocked_remote == []
    assert server not in result.body_html
    assert str(cached_image(urls[0], cache)) in result.local_images

    again = make_available_offline([_load(post)], cache_dir=cache)
    assert again.downloaded == [] and again.already_cached == urls

    # (images attack) a site allowed, or every remote image: the copies are
    # still what is shown (away from the network, an allowed site's picture
    # was asked for again and missing, its copy in the cache)
    host = server.split("//", 1)[1].split(":", 1)[0]
    for allowed in ({"allowed_hosts": frozenset({host})}, {"remote_images": True}):
        shown = render_article(_load(post), cache_dir=cache, **allowed)
        assert server not in shown.body_html, allowed
        assert str(cached_image(urls[0], cache)) in shown.local_images


def test_failures_are_reported_per_url(server: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    urls = [
        f"{server}/page.html",
        f"{server}/vector.svg",
        f"{server}/nothing.png",
        f"{server}/huge.png",
        f"{server}/liar.png",
        f"{server}/to-file",
        "http://127.0.0.1:1/refused.png",
        "file:///etc/hostname",
        f"{server}/img/fine.png",
    ]
    report = download_images(urls, cache_dir=cache, max_bytes=1000, timeout=5)
    assert report.downloaded == [f"{server}/img/fine.png"]
    failed = report.failed
    assert "not an image (served as text/html)" in failed[urls[0]]
    assert "not an image (served as image/svg+xml)" in failed[urls[1]]
    assert failed[urls[2]].startswith("HTTP 404")
    assert failed[urls[3]].startswith("too large (")
    assert failed[urls[4]].startswith("too large (")
    assert "redirect" in failed[urls[5]].lower()
    assert failed[urls[6]].startswith("cannot connect")
    assert failed["file:///etc/hostname"] == "not an http or https address"
    assert not report.ok
    leftovers = [p for p in cache.rglob("*") if p.is_file()]
    assert leftovers == [cached_image(f"{server}/img/fine.png", cache)]


def test_redirects_to_images_are_followed(server: str, tmp_path: Path) -> None:
    report = download_images([f"{server}/moved.png"], cache_dir=tmp_path)
    assert report.downloaded == [f"{server}/moved.png"]
    assert cached_image(f"{server}/moved.png", tmp_path).read_bytes() == PNG


@pytest.mark.parametrize(
    ("source", "target", "refused"),
    [
        ("http://93.184.216.34/a.png", "http://169.254.169.254/latest/meta-data", True),
        ("http://93.184.216.34/a.png", "http://127.0.0.1:8080/admin.png", True),
        ("https://93.184.216.34/a.png", "http://192.168.1.1/router.png", True),
        ("http://93.184.216.34/a.png", "http://[::1]/x.png", True),
        ("http://93.184.216.34/a.png", "https://8.8.8.8/b.png", False),
        ("http://192.168.1.10/a.png", "http://192.168.1.10/b.png", False),  # a NAS's own
    ],
)
def test_a_public_picture_never_redirects_into_the_readers_network(source, target, refused):
    # a picture on a public host answered 302 to 127.0.0.2 (or a cloud's
    # metadata address), and the download fetched and cached what was there
    import email.message
    import urllib.error
    import urllib.request

    from reader.core.render.offline import _HttpOnlyRedirects

    handler = _HttpOnlyRedirects()
    request = urllib.request.Request(source)
    headers = email.message.Message()
    if refused:
        with pytest.raises(urllib.error.HTTPError, match="private or local address"):
            handler.redirect_request(request, None, 302, "Found", headers, target)
    else:
        assert handler.redirect_request(request, None, 302, "Found", headers, target) is not None


def test_timeout(server: str, tmp_path: Path) -> None:
    report = download_images([f"{server}/slow.png"], cache_dir=tmp_path, timeout=0.3)
    assert report.failed[f"{server}/slow.png"] in ("timed out", "cannot connect: timed out")


def test_cancellation_with_an_event(server: str, tmp_path: Path) -> None:
    cancel = threading.Event()
    urls = [f"{server}/img/{n}.png" for n in range(5)]
    report = download_images(
        urls,
        cache_dir=tmp_path,
        cancel=cancel.is_set,
        progress=lambda done, total, url: cancel.set(),
    )
    assert report.cancelled and not report.ok
    assert report.downloaded == urls[:1]
    assert report.skipped == urls[1:]
    assert all(cached_image(url, tmp_path) is None for url in urls[1:])


def test_cancellation_with_a_callable_before_anything(server: str, tmp_path: Path) -> None:
    post = _post(tmp_path, server, images=("/img/a.png",))
    report = make_available_offline([_load(post)], cache_dir=tmp_path / "c", cancel=lambda: True)
    assert report.cancelled and report.downloaded == []


def test_thumbnail_and_photos_are_made_available_too(server: str, tmp_path: Path) -> None:
    post = tmp_path / "thumbs.md"
    post.write_text(
        f"---\ntitle: t\nheadimg: {server}/img/hero.png\nthumbnail: {server}/img/a.png\n"
        f"photos:\n  - {server}/photo.jpg\n---\nBody.\n",
        encoding="utf-8",
    )
    report = make_available_offline([_load(post)], cache_dir=tmp_path / "cache")
    assert report.downloaded == [
        f"{server}/img/hero.png",
        f"{server}/img/a.png",
        f"{server}/photo.jpg",
    ]


def test_the_images_a_site_template_shows_are_made_available(server: str, tmp_path: Path) -> None:
    # the images were looked for in the article rendered without its site:
    # a Hugo figure's or a Jekyll include's picture was never downloaded
    from reader.core.library.sitecontext import site_of

    root = tmp_path / "library"
    (root / "hugo" / "content").mkdir(parents=True)
    (root / "hugo" / "hugo.toml").write_text('title = "H"\n', encoding="utf-8")
    hugo = root / "hugo" / "content" / "a.md"
    hugo.write_text(
        f'---\ntitle: A\n---\n{{{{< figure src="{server}/img/figure.png" >}}}}\n',
        encoding="utf-8",
    )
    (root / "jekyll" / "_posts").mkdir(parents=True)
    (root / "jekyll" / "_includes").mkdir()
    (root / "jekyll" / "_config.yml").write_text("title: J\n", encoding="utf-8")
    (root / "jekyll" / "_includes" / "pic.html").write_text(
        '<img src="{{ include.src }}" alt="pic">\n', encoding="utf-8"
    )
    jekyll = root / "jekyll" / "_posts" / "2021-01-01-b.md"
    jekyll.write_text(
        f'---\ntitle: B\n---\n{{% include pic.html src="{server}/img/include.png" %}}\n',
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    report = make_available_offline(
        [_load(hugo), _load(jekyll)], cache_dir=cache, site_for=lambda article: site_of(article)
    )
    assert report.downloaded == [f"{server}/img/figure.png", f"{server}/img/include.png"]
    for post in (hugo, jekyll):  # (read as the reader pane shows them: from the copies)
        article = _load(post)
        shown = render_article(article, cache_dir=cache, site=site_of(article))
        assert shown.blocked_remote == [] and len(shown.local_images) == 1


# -- deadlines and cancel against a server that trickles ---------------------------


@pytest.fixture
def direct(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the environment: the tests talk to 127.0.0.1 only."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")


@pytest.fixture
def trickle(direct: None) -> Iterator[TrickleServer]:
    with TrickleServer(interval=0.5) as server:
        yield server


def _download_in_thread(urls: list[str], **kwargs) -> tuple[threading.Thread, dict]:
    """Run ``download_images`` on a thread, so that a hang cannot hang the test."""
    outcome: dict = {}

    def work() -> None:
        outcome["report"] = download_images(urls, **kwargs)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, outcome


def _finished(thread: threading.Thread) -> bool:
    thread.join(timeout=60)  # a hang guard, not a timing assertion
    return not thread.is_alive()


@pytest.mark.parametrize("path", ["/body.png", "/headers.png", "/silent.png"])
def test_the_overall_deadline_holds_against_a_trickle(
    trickle: TrickleServer, tmp_path: Path, path: str
) -> None:
    """A byte every half second keeps every socket read short; the one
    deadline still ends the download, and the connection is closed."""
    url = trickle.url(path)
    thread, outcome = _download_in_thread([url], cache_dir=tmp_path, timeout=1.0)
    assert _finished(thread)
    report = outcome["report"]
    assert report.failed == {url: "timed out"}
    assert report.downloaded == [] and not report.cancelled
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    if path != "/silent.png":
        assert trickle.client_closed.wait(timeout=30)  # we hung up, the server noticed


@pytest.mark.parametrize("path", ["/body.png", "/headers.png", "/silent.png"])
def test_cancel_stops_a_read_in_progress(trickle: TrickleServer, tmp_path: Path, path: str) -> None:
    cancel = threading.Event()
    url = trickle.url(path)
    thread, outcome = _download_in_thread(
        [url], cache_dir=tmp_path, timeout=600, cancel=cancel.is_set
    )
    assert trickle.started.wait(timeout=30)  # the slow part is under way
    cancel.set()
    assert _finished(thread)
    report = outcome["report"]
    assert report.cancelled and report.skipped == [url]
    assert report.downloaded == [] and report.failed == {}
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_the_size_limit_stops_an_endless_chunked_body(trickle: TrickleServer, tmp_path: Path):
    url = trickle.url("/endless.png")
    thread, outcome = _download_in_thread([url], cache_dir=tmp_path, max_bytes=100_000)
    assert _finished(thread)
    assert outcome["report"].failed == {url: "too large (more than 100000 bytes)"}
    assert trickle.client_closed.wait(timeout=30)
    assert trickle.sent < trickle.endless_bytes
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


# -- HTTPS goes through the same guarded connection ------------------------------


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (certificate, key)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return cert, key


@pytest.fixture
def tls_server(direct: None, certificate: tuple[Path, Path]) -> Iterator[tuple[str, Path]]:
    """The image server of the tests above, over TLS: (base URL, its certificate)."""
    cert, key = certificate
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.release = threading.Event()
    httpd.requests = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=30)


def test_https_downloads_and_verifies_certificates(
    tls_server: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, cert = tls_server
    url = f"{base}/img/secure.png"
    untrusted = download_images([url], cache_dir=tmp_path, timeout=30)
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.failed[url]
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # read by the default context
    report = download_images([url, f"{base}/moved.png"], cache_dir=tmp_path, timeout=30)
    assert report.failed == {}
    assert cached_image(url, tmp_path).read_bytes() == PNG
    assert cached_image(f"{base}/moved.png", tmp_path).read_bytes() == PNG


def test_a_stalled_tls_handshake_keeps_the_deadline_and_the_cancel(
    direct: None, tmp_path: Path
) -> None:
    """A server that accepts the connection and never answers the handshake."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        url = f"https://127.0.0.1:{listener.getsockname()[1]}/x.png"
        thread, outcome = _download_in_thread([url], cache_dir=tmp_path, timeout=1.0)
        listener.settimeout(30)
        connection, _ = listener.accept()
        with connection:
            assert _finished(thread)
        assert outcome["report"].failed == {url: "timed out"}

        cancel = threading.Event()
        thread, outcome = _download_in_thread(
            [url], cache_dir=tmp_path, timeout=600, cancel=cancel.is_set
        )
        connection, _ = listener.accept()
        with connection:
            cancel.set()
            assert _finished(thread)
        assert outcome["report"].cancelled and outcome["report"].skipped == [url]


def test_a_copy_kept_offline_is_checked_as_a_file_of_the_library_is(
    server: str, tmp_path: Path
) -> None:
    # the server's word (image/png) was taken: an SVG sent so was drawn from
    # the copy, with the file outside the library it points at
    cache = tmp_path / "cache"
    post = _post(tmp_path, server, images=("/drawing.png",))
    report = make_available_offline([_load(post)], cache_dir=cache)
    assert f"{server}/drawing.png" in report.downloaded
    result = render_article(_load(post), cache_dir=cache)
    assert "Image that loads other files not shown: pic 0" in result.html
    assert str(cached_image(f"{server}/drawing.png", cache)) not in result.local_images


def test_a_cut_or_compressed_picture_is_not_kept(server: str, tmp_path: Path) -> None:
    # a connection cut halfway was kept as the picture, and never fetched
    # again ("already cached"); a gzip stream was kept as a .png
    from reader.core.render.offline import download_images

    cache = tmp_path / "cache"
    urls = [f"{server}/cut.png", f"{server}/gzipped.png"]
    for _ in range(2):
        report = download_images(urls, cache_dir=cache)
        assert report.downloaded == [] and report.already_cached == []
        assert report.failed[urls[0]] == f"cut short ({len(PNG)} of {2 * len(PNG)} bytes)"
        assert report.failed[urls[1]] == "sent compressed (gzip); not kept"
    assert [cached_image(url, cache) for url in urls] == [None, None]
    assert not [p for p in cache.rglob("*") if p.is_file()]


def test_addresses_of_other_scripts_and_with_spaces_are_fetched_as_written(
    server: str, tmp_path: Path
) -> None:
    # (images attack) <img src="…/图片.png"> failed with "'ascii' codec can't
    # encode", the window never asked for the Markdown one (another
    # spelling), and a space was dropped: another picture fetched
    cache = tmp_path / "cache"
    post = tmp_path / "library" / "post.md"
    post.parent.mkdir()
    post.write_text(
        f"---\ntitle: t\n---\nPictures:\n\n![md]({server}/img/标题.png)\n\n"
        f'<img src="{server}/img/图片.png">\n\n<img src="{server}/img/a b.png">\n',
        encoding="utf-8",
    )
    report = make_available_offline([_load(post)], cache_dir=cache)
    assert report.failed == {} and len(report.downloaded) == 3
    assert f"{server}/img/%E5%9B%BE%E7%89%87.png" in report.downloaded
    assert f"{server}/img/a%20b.png" in report.downloaded
    shown = render_article(_load(post), cache_dir=cache)
    assert shown.blocked_remote == [] and len(shown.local_images) == 3


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("HTTP://Host/图片.png", "http://host/%E5%9B%BE%E7%89%87.png"),
        ("http://h/a b.png", "http://h/a%20b.png"),
        ("http://h/%e5%9b%be.png", "http://h/%E5%9B%BE.png"),
        ("//例子.测试/x.png", "https://xn--fsqu00a.xn--0zwm56d/x.png"),
        ("http://h/a\n.png", "http://h/a.png"),
        ("http://[::1]:8080/a.png?q=中", "http://[::1]:8080/a.png?q=%E4%B8%AD"),
    ],
)
def test_a_remote_address_is_written_as_the_window_asks_for_it(written, normalized) -> None:
    from PySide6.QtCore import QUrl

    from reader.core.render.imagecache import normalize_remote_url

    assert normalize_remote_url(written) == normalized
    assert QUrl(normalized).toString(QUrl.ComponentFormattingOption.FullyEncoded) == normalized


def test_a_partial_download_a_killed_process_left_is_swept(server: str, tmp_path: Path) -> None:
    # (images attack) kill -9 during a download left `.part-*` files (each up
    # to the size limit) in the cache for ever
    import os
    import time

    from reader.core.render.imagecache import normalize_remote_url
    from reader.core.render.offline import STALE_PART_SECONDS

    cache = tmp_path / "cache"
    url = normalize_remote_url(f"{server}/img/a.png")
    folder = cached_image_path(url, cache, "image/png").parent
    folder.mkdir(parents=True)
    old, new = folder / ".part-killed.png", folder / ".part-writing.png"
    for part in (old, new):
        part.write_bytes(b"half")
    long_ago = time.time() - STALE_PART_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    post = _post(tmp_path, server, images=("/img/a.png",))
    make_available_offline([_load(post)], cache_dir=cache)
    assert not old.exists() and new.exists()  # (one being written now is left alone)


def test_an_address_that_cannot_be_written_back_is_no_image_not_a_failed_render(
    tmp_path: Path,
) -> None:
    # (review) "http://[::1]@h.example]/p.png" was written back as an address
    # that did not read again: the whole article showed as raw text
    post = tmp_path / "post.md"
    post.write_text(
        '---\ntitle: t\n---\n<p>Before <img src="http://[::1]@h.example]/p.png"> after.</p>\n',
        encoding="utf-8",
    )
    result = render_article(_load(post))
    assert not result.problems and "Before" in result.body_html and "after." in result.body_html


def test_copies_made_before_and_allowed_hosts_of_other_scripts_still_show(tmp_path: Path) -> None:
    # (review) the addresses' new spelling left the offline copies made
    # under the old one unused, and an allowed "münchen.de" no longer matched
    from reader.core.render.imagecache import legacy_remote_url

    cache = tmp_path / "cache"
    old = legacy_remote_url("https://Example.com/pic.png")
    stored = cached_image_path(old, cache, "image/png")
    stored.parent.mkdir(parents=True)
    stored.write_bytes(PNG)
    post = tmp_path / "post.md"
    post.write_text(
        '---\ntitle: t\n---\n<p><img src="https://Example.com/pic.png" alt="one">'
        '<img src="https://münchen.de/pic.png" alt="two"></p>\n',
        encoding="utf-8",
    )
    result = render_article(_load(post), cache_dir=cache, allowed_hosts={"münchen.de"})
    assert str(stored) in result.local_images  # (the copy made before)
    assert "https://xn--mnchen-3ya.de/pic.png" in result.body_html  # (allowed: asked for)
    assert result.blocked_remote == []
