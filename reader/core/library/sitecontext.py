"""Build the :class:`~reader.core.render.sitecontext.SiteContext` a Jekyll or
Hugo article is rendered against.

The renderer never reads a site itself; the window and ``article-reader
render`` call :func:`site_context_for` and pass the result to
``render_article(..., site=...)``; what renders an article the way the reader
pane shows it without reporting the site's problems (an export, printing,
offline copies) takes :func:`site_of`.  Read here, within limits:

* the configuration (``_config.yml``; Hugo's ``hugo.toml``/``config.*``),
* the data files (Jekyll ``_data/``, Hugo ``data/``: YAML, JSON, CSV; TOML
  for Hugo), at most :data:`MAX_DATA_FILES` files of at most
  :data:`MAX_DATA_BYTES` each and :data:`MAX_DATA_TOTAL` together, folders
  nested at most :data:`MAX_DATA_DEPTH`, read for at most
  :data:`MAX_DATA_SECONDS` seconds,
* ``site.posts`` from the library's index (or, without a library, from the
  names of the files in ``_posts/``), only when the body uses it,
* a link resolver for ``post_url``, ``link`` and ``ref``/``relref``.

A file that cannot be read is left out and reported in
:attr:`SiteInfo.problems`; nothing here raises for bad site files.
Contexts are cached per site and rebuilt when a configuration or data file
changes (by size, modification and change time).
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import os
import re
import threading
import time
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.article.boundary import HEXO_JEKYLL_CONFIGS, HUGO_CONFIGS, jekyll_source, within
from reader.core.article.codec import parse_yaml_data, toml_error_place
from reader.core.article.model import ArticleError
from reader.core.article.readfile import read_article_bytes
from reader.core.render.sitecontext import SiteContext, SiteKind
from reader.core.site.detect import (
    LONG_NUMBER,
    MAX_DEPTH,
    long_number_line,
    nesting_line,
    value_problem,
)

if TYPE_CHECKING:
    from reader.core.article.model import Article
    from reader.core.library.facade import Library

__all__ = [
    "MAX_DATA_BYTES",
    "MAX_DATA_DEPTH",
    "MAX_DATA_FILES",
    "MAX_DATA_SECONDS",
    "MAX_DATA_TOTAL",
    "SiteInfo",
    "find_site",
    "read_site_config",
    "site_context_for",
    "site_of",
    "site_problems",
]

MAX_DATA_FILES = 500
MAX_DATA_BYTES = 2 * 1024 * 1024
MAX_DATA_DEPTH = 4
MAX_DATA_TOTAL = 16 * 1024 * 1024
MAX_DATA_SECONDS = 10
"""Data files are read one after another until this many seconds have gone
(YAML is slow to parse: a dense megabyte takes seconds); the rest are
skipped and said so."""
MAX_CONFIG_BYTES = 1024 * 1024
#: Folders of a site that hold templates and data, not pages.
_TEMPLATE_FOLDERS = frozenset({"_includes", "_layouts", "_data", "layouts", "data", "themes"})
_POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".html", ".htm", ".textile")


@dataclass(frozen=True)
class SiteInfo:
    """A built context and the site files that could not be read."""

    context: SiteContext
    problems: tuple[str, ...] = ()


# -- to be replaced by reader.core.site when "Know the site" lands -------------


def find_site(path: str | os.PathLike) -> tuple[SiteKind, Path] | None:
    """The Jekyll or Hugo site ``path`` lies in: its kind and root (found by
    :func:`reader.core.site.detect.find_site`).  Hexo sites give ``None``:
    their tags are rendered by ``hexo_tags``."""
    from reader.core.site.detect import HUGO, JEKYLL
    from reader.core.site.detect import find_site as detect_site

    site = detect_site(path)
    if site is None or site.kind not in (JEKYLL, HUGO):
        return None
    kind: SiteKind = "jekyll" if site.kind == JEKYLL else "hugo"
    return kind, site.root.resolve()


def read_site_config(root: Path, kind: SiteKind) -> tuple[dict[str, Any], list[str]]:
    """The site's configuration as a (copied) mapping, and the problems
    reading it, from :func:`reader.core.site.detect.load_site`."""
    from reader.core.site.detect import load_site

    site = load_site(root)
    return copy.deepcopy(dict(site.config)), list(site.problems)


_CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")


# -----------------------------------------------------------------------------


def _read_structured(path: Path, max_bytes: int) -> tuple[Any, str]:
    """A YAML, JSON, TOML or CSV file's value, or a problem naming the file."""
    from reader.core.common.text import NotUTF8Error, site_text

    try:
        data, _stat = read_article_bytes(path, max_bytes, of="a site's data file")
        text = site_text(data)
    except ArticleError as exc:
        return None, str(exc)
    except NotUTF8Error as exc:
        where = f":{exc.line}" if exc.line else ""
        return None, f"{path}{where}: the data file is {exc.message}"
    suffix = path.suffix.lower()
    if suffix in (".json", ".toml"):
        deep = nesting_line(text, suffix[1:])
        if deep is not None:
            return None, f"{path}:{deep}: nests deeper than {MAX_DEPTH} levels"
    try:
        if suffix == ".json":
            return json.loads(text), ""
        if suffix == ".toml":
            long_line = long_number_line(text) if len(text) > 3_000 else None
            if long_line is not None:  # (hexadecimal digits: read, and failed when shown)
                return None, f"{path}:{long_line}: {LONG_NUMBER}"
            return tomllib.loads(text), ""
        if suffix in (".csv", ".tsv"):
            dialect = "excel-tab" if suffix == ".tsv" else "excel"
            return list(csv.DictReader(io.StringIO(text), dialect=dialect)), ""
        return parse_yaml_data(text), ""
    except tomllib.TOMLDecodeError as exc:
        message, toml_line = toml_error_place(str(exc), text, "the end of the file")
        return None, f"{path}:{toml_line}: invalid TOML: {message}"
    except RecursionError:
        return None, f"{path}: nests too deeply to read"
    except (ValueError, csv.Error) as exc:  # YAMLValueError is a ValueError
        long_line = long_number_line(text) if suffix in (".json", ".toml") else None
        if long_line is not None:  # (Python's own words name a function to call)
            return None, f"{path}:{long_line}: {LONG_NUMBER}"
        line = getattr(exc, "line", None) or getattr(exc, "lineno", None)
        where = f":{line}" if line else ""
        return None, f"{path}{where}: {str(exc).splitlines()[0] if str(exc) else 'unreadable'}"


_DATA_SUFFIXES = {".yml", ".yaml", ".json", ".csv", ".tsv", ".toml"}


def _read_data(folder: Path, problems: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    count = 0
    total = 0
    stopped = False  # (said once, however deep the folder it happened in)
    deadline = time.monotonic() + MAX_DATA_SECONDS

    def stop(problem: str) -> None:
        nonlocal stopped
        stopped = True
        problems.append(problem)

    def walk(directory: Path, into: dict[str, Any], depth: int) -> None:
        nonlocal count, total
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            problems.append(f"{directory}: {exc.strerror or exc}")
            return
        for entry in entries:
            if stopped:
                return
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if not within(path, folder.resolve()):
                continue
            if entry.is_dir():
                if depth < MAX_DATA_DEPTH:
                    walk(path, into.setdefault(entry.name, {}), depth + 1)
                continue
            suffix = path.suffix.lower()
            if suffix not in _DATA_SUFFIXES:
                continue
            count += 1
            if count > MAX_DATA_FILES:
                return stop(f"{folder}: more than {MAX_DATA_FILES} data files; the rest skipped")
            if total > MAX_DATA_TOTAL:
                return stop(
                    f"{folder}: more than {MAX_DATA_TOTAL:,} bytes of data; the rest skipped"
                )
            if time.monotonic() > deadline:
                return stop(
                    f"{folder}: reading the data files took more than {MAX_DATA_SECONDS} "
                    f"seconds; the rest skipped from {path.relative_to(folder).as_posix()} on"
                )
            with contextlib.suppress(OSError):  # unreadable: _read_structured says so
                total += path.stat().st_size
            value, problem = _read_structured(path, MAX_DATA_BYTES)
            if problem:
                problems.append(problem)
                continue
            unusable = value_problem(value)
            if unusable is not None:
                problems.append(f"{path}: {unusable}; skipped")
                continue
            into[path.stem] = value

    walk(folder, data, 0)
    return data


def _signature(paths: Iterable[Path]) -> tuple[tuple[str, int, int, int], ...]:
    found = []
    for path in paths:
        try:
            st = path.stat()
        except (OSError, ValueError):  # (ValueError: a NUL in a name)
            continue
        found.append((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(found)


def _data_files(folder: Path) -> list[Path]:
    found: list[Path] = [folder]
    if not folder.is_dir():
        return found
    for directory, subdirectories, files in os.walk(folder):
        if directory[len(str(folder)) :].count(os.sep) >= MAX_DATA_DEPTH:
            subdirectories[:] = []
        found.extend(Path(directory, name) for name in files)
        if len(found) > MAX_DATA_FILES * 2:
            break
    return found


#: root → (the configuration files' signature, the data folder, its files'
#: signature, the built context)
_cache: dict[Path, tuple[tuple[Any, ...], Path, tuple[Any, ...], SiteInfo]] = {}
_cache_lock = threading.Lock()


def _data_folder(root: Path, folder: Path, problems: list[str]) -> Path | None:
    """The site's data folder, or None when it is missing or leads out of the
    site (a ``_data`` that is a link to a private folder is not read)."""
    if not folder.is_dir():
        return None
    if not within(folder, root.resolve()):
        problems.append(f"{folder}: the data folder is a link to outside the site; not read")
        return None
    return folder


def _base_info(kind: SiteKind, root: Path) -> SiteInfo:
    from reader.core.site.detect import load_site

    config_names = HEXO_JEKYLL_CONFIGS if kind == "jekyll" else HUGO_CONFIGS
    config_files = [root / name for name in config_names]
    if kind == "hugo":
        config_files.extend(_data_files(root / "config" / "_default")[:51])
    config_key = _signature(config_files)
    with _cache_lock:
        cached = _cache.get(root)
    if (
        cached is not None
        and cached[0] == config_key
        and _signature(_data_files(cached[1])) == cached[2]
    ):
        return cached[3]
    site = load_site(root)
    config, problems = copy.deepcopy(dict(site.config)), list(site.problems)
    # the folders the configuration names (data_dir, dataDir, contentDir)
    candidate = site.path(site.data_dirs[0])
    data_key = _signature(_data_files(candidate))
    data_folder = _data_folder(root, candidate, problems)
    data = _read_data(data_folder, problems) if data_folder is not None else {}
    if kind == "hugo" and not any(str(key).lower() == "params" for key in config):
        # (Hugo reads its keys in any case: an empty "params" beside the
        # site's [Params] hid them)
        config["params"] = {}
    # Jekyll's site may be a folder of the root's (source: src): its
    # _includes and _posts are there (they were looked for at the root:
    # every include "not found", no post_url, an empty site.posts)
    if kind == "jekyll":
        named = (jekyll_source(root, name) for name in HEXO_JEKYLL_CONFIGS)
        source = next((folder for folder in named if folder is not None), root)
        includes = config.get("includes_dir")
        includes_dir = source / (
            includes if isinstance(includes, str) and _plain_folder(includes) else "_includes"
        )
        content_dir = source
    else:
        includes_dir, content_dir = None, site.path(site.content_dir)
    context = SiteContext(
        kind=kind,
        root=root,
        config=config,
        data=data,
        includes_dir=includes_dir,
        content_dir=content_dir,
    )
    info = SiteInfo(context, tuple(problems))
    with _cache_lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[root] = (config_key, candidate, data_key, info)
    return info


def _plain_folder(name: object) -> bool:
    """Whether ``name`` (a configuration's value) names a folder below the
    site's own: text, relative, without ``..``."""
    return (
        isinstance(name, str)
        and bool(name.strip())
        and not os.path.isabs(name)
        and ".." not in name.replace("\\", "/").split("/")
    )


# -- posts and links ---------------------------------------------------------

_DATED_NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")


def _post_url(rel_in_site: str) -> str:
    name = Path(rel_in_site).stem
    match = _DATED_NAME_RE.match(name)
    if match:
        year, month, day, slug = match.groups()
        return f"/{year}/{month}/{day}/{slug}.html"
    return "/" + name + ".html"


def _posts(root: Path, library: Library | None, library_root: Path | None) -> list[dict[str, Any]]:
    """``site.posts`` of the Jekyll site whose source folder (``_posts``'
    parent: the site's root, or the folder ``source:`` names) is ``root``."""
    posts: list[dict[str, Any]] = []
    if library is not None and library_root is not None:
        try:
            prefix = root.relative_to(library_root).as_posix()
        except ValueError:
            prefix = None
        if prefix is not None:
            start = "" if prefix == "." else prefix + "/"
            for summary in library.query():
                rel = summary.path
                if not rel.startswith(start) or "/_posts/" not in "/" + rel[len(start) :]:
                    continue
                in_site = rel[len(start) :]
                posts.append(
                    {
                        "title": summary.title,
                        "date": summary.date,
                        "url": _post_url(in_site),
                        "path": in_site,
                        "categories": [list(c) for c in summary.categories],
                        "tags": list(summary.tags),
                    }
                )
    else:
        folder = root / "_posts"
        for directory, _subdirectories, files in os.walk(folder):
            for name in files:
                if name.endswith(_POST_SUFFIXES):
                    in_site = Path(directory, name).relative_to(root).as_posix()
                    match = _DATED_NAME_RE.match(Path(name).stem)
                    title = (match.group(4) if match else Path(name).stem).replace("-", " ")
                    if len(posts) < _TITLES_READ:  # (the name's words beyond: no index here)
                        title = _title_of(Path(directory, name)) or title
                    posts.append(
                        {
                            "title": title,
                            "date": "-".join(match.groups()[:3]) if match else None,
                            "url": _post_url(in_site),
                            "path": in_site,
                        }
                    )
            if len(posts) > 100_000:
                break
    posts.sort(key=lambda post: str(post.get("date") or ""), reverse=True)
    return posts


#: Without an index (``article-reader render``), the titles of this many
#: posts are read from their files for ``site.posts`` (each a file read);
#: the rest are their names' words.
_TITLES_READ = 2000


def _title_of(path: Path) -> str | None:
    """The title in the front matter of the post at ``path``, or None; read
    once while the file keeps its size and time (every article of a check
    that names ``site.posts`` asked for all of them again)."""
    from reader.core.article.codec import load_article

    try:
        st = path.stat()
    except OSError:
        return None
    # (its inode and change time too: rewritten in place within a second, at
    # the same size, a file keeps its time on a disk that keeps whole seconds)
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    with _titles_lock:
        if key in _titles:
            return _titles[key]
    try:
        title = load_article(path).metadata.get("title")
    except (ArticleError, OSError):
        title = None
    found = title if isinstance(title, str) and title.strip() else None
    with _titles_lock:
        if len(_titles) >= 4 * _TITLES_READ:
            _titles.clear()
        _titles[key] = found
    return found


#: (post, size, times, inode) → its title (see :func:`_title_of`)
_titles: dict[tuple[str, int, int, int, int], str | None] = {}
_titles_lock = threading.Lock()


class _Resolver:
    """Finds the article a ``post_url``, ``link`` or ``ref`` names."""

    def __init__(
        self, kind: SiteKind, root: Path, library_root: Path, content: Path | None = None
    ) -> None:
        self.kind = kind
        self.root = root
        self.content = content or root / "content"
        self.library_root = library_root
        self._names: dict[str, str] | None = None
        self._lock = threading.Lock()

    def __call__(self, how: str, target: str) -> str | None:
        target = target.strip().strip("\"'").strip()
        if not target or "\x00" in target or ".." in target.split("/"):
            return None
        if how == "post_url":
            return self._post(target)
        if how == "link":  # (Jekyll: relative to its source folder)
            return self._existing(self.content / target.lstrip("/"))
        return self._ref(target)

    def _existing(self, path: Path) -> str | None:
        try:
            if not path.is_file() or not within(path, self.root):
                return None
            return path.resolve().relative_to(self.library_root).as_posix()
        except (OSError, ValueError):
            return None

    def _post(self, target: str) -> str | None:
        folder = self.content / "_posts"
        for suffix in _POST_SUFFIXES:
            found = self._existing(folder / (target + suffix))
            if found:
                return found
        stem = target.rsplit("/", 1)[-1]
        found_rel = self._by_name(folder).get(stem)
        return self._existing(self.root / found_rel) if found_rel else None

    def _ref(self, target: str) -> str | None:
        content = self.content
        target = target.lstrip("/")
        base = content / target
        candidates = [base, base.with_suffix(".md"), base / "_index.md", base / "index.md"]
        if not target.endswith(".md"):
            candidates.insert(1, Path(str(base) + ".md"))
        for candidate in candidates:
            found = self._existing(candidate)
            if found:
                return found
        stem = Path(target).stem if target.endswith(".md") else Path(target).name
        found_rel = self._by_name(content).get(stem)
        return self._existing(self.root / found_rel) if found_rel else None

    def _by_name(self, folder: Path) -> dict[str, str]:
        """File stem → path in the site, for the folder searched (bounded)."""
        with self._lock:
            if self._names is None:
                names: dict[str, str] = {}
                count = 0
                for directory, _subdirectories, files in os.walk(folder):
                    for name in files:
                        stem = Path(name).stem
                        if stem in ("index", "_index"):
                            stem = Path(directory).name
                        path = Path(directory, name).relative_to(self.root).as_posix()
                        names.setdefault(stem, path)
                        count += 1
                    if count > 200_000:
                        break
                self._names = names
            return self._names


def _uses_posts(body: str) -> bool:
    return "site.posts" in body or "site.related_posts" in body


def site_problems(path: str | os.PathLike) -> list[str] | None:
    """What is wrong with the site files of the Jekyll or Hugo site ``path``
    is in (its configuration, then its data files), as
    :attr:`SiteInfo.problems` has them; None when ``path`` is in no such site."""
    found = find_site(path)
    if found is None:
        return None
    return list(_base_info(*found).problems)


def site_context_for(
    article: Article,
    *,
    library: Library | None = None,
    library_root: str | os.PathLike | None = None,
) -> SiteInfo | None:
    """The site context ``article`` renders against, or None (not Jekyll/Hugo).

    ``library`` (open) gives ``site.posts`` from its index; without it the
    names in ``_posts/`` do.  Links are written relative to ``library_root``
    (default: the library's root, else the site's root).
    """
    body = article.body
    if article.path is None or ("{{" not in body and "{%" not in body):
        return None  # nothing for a template engine: rendered as before
    found = find_site(article.path)
    if found is None:
        return None
    kind, root = found
    try:
        parts = Path(os.path.abspath(article.path)).relative_to(root).parts
    except ValueError:
        parts = ()
    if parts and parts[0] in _TEMPLATE_FOLDERS:
        return None  # an include or layout is shown as its source, not evaluated as a page
    info = _base_info(kind, root)
    if library_root is None and library is not None:
        library_root = library.root
    links_root = Path(library_root).resolve() if library_root is not None else root
    if not within(root, links_root) and not within(links_root, root):
        links_root = root
    posts: list[Mapping[str, object]] = []
    source = info.context.content_dir or root  # (Jekyll's source folder, Hugo's content)
    if kind == "jekyll" and _uses_posts(article.body):
        posts = list(_posts(source, library, links_root if library is not None else None))
    context = replace(
        info.context,
        posts=tuple(posts),
        resolve_link=_Resolver(kind, root, links_root, source),
        library_root=links_root,
    )
    return SiteInfo(context, info.problems)


def site_of(
    article: Article,
    *,
    library: Library | None = None,
    library_root: str | os.PathLike | None = None,
) -> SiteContext | None:
    """The :class:`SiteContext` alone of :func:`site_context_for` (None: not
    Jekyll/Hugo), for ``render_article(..., site=site_of(article, ...))``:
    an export, printing and offline copies render an article as the reader
    pane does, its Liquid and shortcodes evaluated."""
    info = site_context_for(article, library=library, library_root=library_root)
    return info.context if info is not None else None
