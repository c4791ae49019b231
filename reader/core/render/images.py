"""Decide what each image of an article loads.

Local images are looked up the way static site generators lay them out:

* next to the article (``photo.jpg``, ``images/photo.jpg``, ``../x.png``);
* in the Hexo post asset folder, named like the post's file stem
  (``source/_posts/hello.md`` → ``source/_posts/hello/photo.jpg``);
* in Hexo's ``source/`` and ``source/images/`` folders, and for site-absolute
  paths (``/images/x.png``) in ``source/``, Hugo's ``static/`` and the site
  root.

Nothing outside the boundary of :mod:`reader.core.article.boundary` is loaded: the
library root that was opened, else the nearest real site root above the
article (a configuration *with* its content folder beside it), else the
article's folder.  Every candidate is resolved (symbolic links, ``..``,
percent-encoding, ``file:`` URLs) before it is compared with it.

Remote images are privacy-sensitive: loading one tells its server that you
are reading the article.  They are loaded only when the render allows it
(``remote_images=True``, or the host is in ``allowed_hosts``); otherwise an
offline copy made by :mod:`reader.core.render.offline` is used if there is one, and
failing that the image becomes a short note naming its host.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PureWindowsPath
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from reader.core.article.boundary import local_boundary, within
from reader.core.common.urls import split_url
from reader.core.render.imagecache import (
    cached_image,
    idna_host,
    legacy_remote_url,
    normalize_remote_url,
)
from reader.core.render.imagecheck import MAX_IMAGE_PIXELS, data_picture, image_refusal
from reader.core.render.sanitize import ImageDecision, is_safe_image_data_url, url_scheme

__all__ = ["DATA_PIXELS", "MESSAGES", "ImageResolver", "file_url", "language_of"]

#: The notes shown in place of images that are not loaded.
MESSAGES = {
    "en": {
        "blocked": "Remote image blocked",
        "missing": "Image not found",
        "outside": "Image outside the library not loaded",
        "removed": "Image removed",
        "large": "Image too large to show",
        "complex": "Image too complex to show",
        "linked": "Image that loads other files not shown",
    },
    "zh": {
        "blocked": "已阻止远程图片",
        "missing": "找不到图片",
        "outside": "图片不在资料库内，未加载",
        "removed": "图片已移除",
        "large": "图片过大，未显示",
        "complex": "图片过于复杂，未显示",
        "linked": "图片会加载其他文件，未显示",
    },
}


#: The most pixels the ``data:`` pictures of one article may have together:
#: four pictures at the limit of one (:data:`MAX_IMAGE_PIXELS`), twenty
#: photos of 12 megapixels.  Each one just under that limit, sixteen WebP
#: pictures of 2.5 KB each took 4 GB once drawn.
DATA_PIXELS = 4 * MAX_IMAGE_PIXELS


def language_of(locale: str) -> str:
    """``"zh_CN"``, ``"zh-Hans"`` → ``"zh"``; anything unknown → ``"en"``."""
    language = re.split(r"[-_.@]", locale.strip().lower(), maxsplit=1)[0]
    return language if language in MESSAGES else "en"


def file_url(path: Path) -> str:
    """A ``file:`` URL for an absolute path, safe to put in an attribute."""
    return path.as_uri().replace("&", "%26")


@dataclass(eq=False)
class ImageResolver:
    """An image hook for :func:`reader.core.render.sanitize.sanitize_html`.

    Call it with each image's ``src`` and ``alt``; afterwards
    ``blocked_remote``, ``remote_urls``, ``remote_hosts`` and
    ``local_images`` describe what the article asked for.
    """

    article_path: Path | None
    library_root: Path | None = None
    remote_images: bool = False
    allowed_hosts: frozenset[str] = frozenset()
    cache_dir: Path | None = None
    language: str = "en"
    # the site's base path (Jekyll's baseurl: "/blog"), which a site-absolute
    # address may start with ({{ site.baseurl }}/assets/a.png); "" for none
    base_path: str = ""

    blocked_remote: list[str] = field(default_factory=list)
    remote_urls: list[str] = field(default_factory=list)
    remote_hosts: set[str] = field(default_factory=set)
    local_images: list[str] = field(default_factory=list)
    # the pixels of the data: pictures let through, all of them together
    # held to DATA_PIXELS
    _data_pixels: int = field(default=0, init=False, repr=False)
    # what each of the lists above holds, to add each once in constant time
    # (a list's own `in` made 20,000 remote images 6 s to render, 100,000
    # minutes)
    _seen: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        # as written and as addresses are (IDNA: münchen.de allowed, the
        # address's host is xn--mnchen-3ya.de)
        hosts = {host.lower() for host in self.allowed_hosts}
        self.allowed_hosts = frozenset(
            hosts | {idna for host in hosts if (idna := idna_host(host)) is not None}
        )

    def _once(self, kind: str, items: list[str], value: str) -> None:
        """Add ``value`` to ``items`` (the list named ``kind``) unless it is there."""
        seen = self._seen.get(kind)
        if seen is None:
            seen = self._seen[kind] = set(items)
        if value not in seen:
            seen.add(value)
            items.append(value)

    # -- the hook ---------------------------------------------------------

    def __call__(self, src: str, alt: str) -> ImageDecision:
        scheme = url_scheme(src)
        if scheme in ("http", "https") or (scheme is None and src.strip().startswith("//")):
            return self._remote(src, alt)
        if scheme == "data":
            if not is_safe_image_data_url(src):
                return self._note("removed", alt)
            refusal, pixels = data_picture(html.unescape(src))
            if refusal is None and self._data_pixels + pixels > DATA_PIXELS:
                refusal = "large"
            if refusal is not None:
                return self._note(refusal, alt)
            self._data_pixels += pixels
            return ImageDecision(src=src)
        if scheme not in (None, "file") and not _is_windows_path(src):
            return self._note("removed", alt)
        status, path = self._local(src)
        if path is None:
            return self._note(status, alt)
        refusal = image_refusal(path)  # an SVG whose drawing never ends, a 20,000² photo
        if refusal is not None:
            return self._note(refusal, alt)
        text = str(path)
        self._once("local", self.local_images, text)
        return ImageDecision(src=file_url(path))

    def _note(self, kind: str, alt: str, host: str = "") -> ImageDecision:
        message = MESSAGES[self.language][kind]
        details = " — ".join(part for part in (alt.strip(), host) if part)
        text = f"[{message}: {details}]" if details else f"[{message}]"
        return ImageDecision(note=text, note_class=f"image-{kind}")

    # -- remote -----------------------------------------------------------

    def _remote(self, src: str, alt: str) -> ImageDecision:
        url = normalize_remote_url(src)
        if url is None:
            return self._note("removed", alt)
        host = (urlsplit(url).hostname or "").lower()
        self._once("remote", self.remote_urls, url)
        self.remote_hosts.add(host)
        # The offline copy first, whatever the policy: it is what was made
        # to be read offline (an allowed host was asked again and, away from
        # the network, the picture was missing with its copy in the cache).
        copy = cached_image(url, self.cache_dir)
        if copy is None:  # (one made before addresses were written as now)
            old = legacy_remote_url(src)
            copy = cached_image(old, self.cache_dir) if old is not None and old != url else None
        if copy is not None:
            # what the server sent, checked as a file of the library is (an
            # SVG sent as image/png was drawn, with what it points at)
            refusal = image_refusal(copy)
            if refusal is not None:
                return self._note(refusal, alt, host)
            self._once("local", self.local_images, str(copy))
            return ImageDecision(src=file_url(copy))
        if self.remote_images or host in self.allowed_hosts:
            # the address as normalized, not as written: "//host/x" would be
            # read against the article's file: address (a local file), and
            # "HTTPS://Host/x" is not the address the window allowed
            return ImageDecision(src=url)
        self._once("blocked", self.blocked_remote, url)
        return self._note("blocked", alt, host)

    # -- local ------------------------------------------------------------

    @cached_property
    def _article_dir(self) -> Path | None:
        if self.article_path is None:
            return None
        return Path(os.path.abspath(self.article_path)).parent

    @cached_property
    def _root(self) -> Path | None:
        """The boundary nothing may be loaded from outside of (resolved)."""
        return local_boundary(self.article_path, self.library_root)

    @cached_property
    def _ancestors(self) -> list[Path]:
        """The article's folder and its parents up to the boundary (only the
        boundary when the article lies outside it)."""
        folder, root = self._article_dir, self._root
        if root is None:
            return []
        if folder is None or not within(folder, root):
            return [root]
        chain = []
        for ancestor in [folder, *folder.parents]:
            chain.append(ancestor)
            if ancestor.resolve() == root:
                break
        return chain

    @cached_property
    def _source_dirs(self) -> list[Path]:
        """Hexo ``source`` folders around the article."""
        found = []
        for ancestor in self._ancestors:
            if ancestor.name == "source":
                found.append(ancestor)
            elif (ancestor / "source").is_dir():
                found.append(ancestor / "source")
        return list(dict.fromkeys(found))

    @cached_property
    def _site_dirs(self) -> list[Path]:
        """Where a site-absolute path (``/images/x.png``) may point."""
        found = list(self._source_dirs)
        for ancestor in self._ancestors:
            if (ancestor / "static").is_dir():
                found.append(ancestor / "static")
        found.extend(self._ancestors[-1:])
        return list(dict.fromkeys(found))

    def _candidates(self, src: str) -> list[Path]:
        text = html.unescape(src).strip()
        if url_scheme(text) == "file":
            parts = split_url(text)
            if parts is None:
                return []
            if parts.netloc.lower() not in ("", "localhost"):
                return [_NETWORK]  # file://host/share/x.png
            return [Path(url2pathname(parts.path))]
        text = unquote(text).replace("\\", "/")
        names = [text]
        stripped = re.split(r"[?#]", text, maxsplit=1)[0]
        if stripped != text:
            names.append(stripped)
        candidates: list[Path] = []
        folder = self._article_dir
        for name in names:
            if not name:
                continue
            if name.startswith("/") or _is_windows_path(name):
                relative = name.lstrip("/")
                if not _is_windows_path(name):
                    candidates.extend(base / relative for base in self._site_dirs)
                    base_path = self.base_path.strip("/")
                    if base_path and relative.startswith(base_path + "/"):
                        below = relative[len(base_path) + 1 :]
                        candidates.extend(base / below for base in self._site_dirs)
                candidates.append(Path(name))
                continue
            if folder is not None and self.article_path is not None:  # the one implies the other
                candidates.append(folder / name)
                candidates.append(folder / Path(self.article_path).stem / name)
            for source in self._source_dirs:
                candidates.append(source / name)
                if not name.startswith("images/"):
                    candidates.append(source / "images" / name)
        return candidates

    def _local(self, src: str) -> tuple[str, Path | None]:
        root = self._root
        outside = False
        for candidate in self._candidates(src):
            if _network_path(candidate):
                # never looked at: on Windows, checking \\host\share\x.png
                # connects to the host and hands it the user's login hash
                outside = True
                continue
            try:
                if not candidate.is_file():
                    continue
                resolved = candidate.resolve()
            except (OSError, ValueError, RuntimeError):
                continue
            if within(resolved, root):
                return "ok", resolved
            outside = True
        return ("outside" if outside else "missing"), None


# What a file: address on another host stands for among the candidates.
_NETWORK = Path("//network")


def _network_path(path: Path) -> bool:
    """Whether ``path`` names a file on another machine (``//host/share/x``,
    ``\\\\host\\share\\x``: a UNC path on Windows; POSIX keeps two leading
    slashes apart too)."""
    text = str(path).replace("\\", "/")
    return text.startswith("//") or path.drive.replace("\\", "/").startswith("//")


def _is_windows_path(text: str) -> bool:
    return re.match(r"[A-Za-z]:[\\/]", text) is not None and PureWindowsPath(text).is_absolute()


def preview_image_path(
    url: str,
    article_path: str | os.PathLike | None,
    library_root: str | os.PathLike | None,
    cache_dir: str | os.PathLike | None,
) -> Path | None:
    """A local picture for an image URL of the front matter, never fetched:
    the offline copy of a web address, or a file next to the article (or under
    the library root, where Hexo's ``/images/…`` live).  Local files load only
    inside the boundary of :mod:`reader.core.article.boundary`, as in the reader."""
    from reader.core.article.boundary import local_boundary, within
    from reader.core.render.imagecache import cached_image, normalize_remote_url

    url = (url or "").strip()
    if not url:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) and not url.lower().startswith("file:"):
        normal = normalize_remote_url(url)
        if normal is None or cache_dir is None:
            return None
        return cached_image(normal, cache_dir)
    if url.lower().startswith("file:"):
        from urllib.parse import unquote

        boundary = local_boundary(article_path, library_root)
        parts = split_url(url)
        if parts is None:
            return None
        candidate = Path(unquote(parts.path))
        return candidate if within(candidate, boundary) and candidate.is_file() else None
    boundary = local_boundary(article_path, library_root)
    rel = url.split("?", 1)[0].split("#", 1)[0]
    bases: list[Path] = []
    if article_path is not None and not rel.startswith("/"):
        bases.append(Path(article_path).parent)
    if library_root is not None:
        root = Path(library_root)
        bases += [root, root / "source"]
    for base in bases:
        candidate = base / rel.lstrip("/")
        try:
            if within(candidate, boundary) and candidate.is_file():
                return candidate
        except OSError:
            continue
    return None
