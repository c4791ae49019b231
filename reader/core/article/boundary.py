"""Which local files an article may load: one rule, used everywhere.

An article is untrusted input (a saved news page, someone else's blog), so
the images and links it names are only followed inside a boundary folder:

1. the **library root that was opened** — the window's library, and
   ``render FILE --library LIBRARY``; else, for a single file
   (``render FILE``),
2. the **nearest real site root** above the file: a folder holding

   * a Hexo or Jekyll configuration (``_config.yml``, ``_config.yaml`` or
     ``_config.toml``) with a ``source/`` (Hexo) or ``_posts/`` (Jekyll)
     folder beside it, or
   * a Hugo configuration (``hugo.toml``, ``hugo.yaml``, ``hugo.json``,
     ``config.toml``, ``config.yaml``, ``config.json`` or a
     ``config/_default/`` folder) with a ``content/`` folder beside it,
     or the folder its ``contentDir`` names (in either place);

3. else the **file's own folder**.

A configuration file alone never widens the boundary: a stray
``config.yaml`` in a home folder is not a site.  A path is inside the
boundary when it is after resolving symbolic links, ``..`` and
percent-encoding, so ``../x``, ``%2e%2e/x``, absolute paths, ``file:`` URLs
and links that point out all end up outside.  No Qt here.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path

__all__ = [
    "HEXO_JEKYLL_CONFIGS",
    "HUGO_CONFIGS",
    "is_site_root",
    "local_boundary",
    "site_root",
    "unusable_configs",
    "within",
]

#: Hexo and Jekyll configuration files; a site has ``source/`` or ``_posts/`` beside one.
HEXO_JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml", "_config.json")
#: Hugo configuration files; a site has ``content/`` beside one (or ``config/_default/``).
HUGO_CONFIGS = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
)

#: Where a Hugo configuration may be, from the site's root: the root's own
#: files, then those of the configuration folder (``config/_default/``).
_HUGO_CONFIG_PATHS = (*HUGO_CONFIGS, *(f"config/_default/{name}" for name in HUGO_CONFIGS))


def is_site_root(folder: str | os.PathLike) -> bool:
    """True when ``folder`` is the root of a Hexo, Jekyll or Hugo site (see
    the module docstring): a configuration *and* the content folder it
    belongs with."""
    folder = Path(folder)
    try:
        hexo_or_jekyll = (folder / "source").is_dir() or (folder / "_posts").is_dir()
        if hexo_or_jekyll and any((folder / name).is_file() for name in HEXO_JEKYLL_CONFIGS):
            return True
        if (folder / "content").is_dir() and (
            any((folder / name).is_file() for name in HUGO_CONFIGS)
            or (folder / "config" / "_default").is_dir()
        ):
            return True
        # Hugo's content folder may have another name (contentDir = "src"),
        # named in the configuration or in the configuration folder's, and
        # Jekyll's site may be in a folder of its own (source: src)
        return any(_content_dir_named(folder, name) for name in _HUGO_CONFIG_PATHS) or any(
            jekyll_source(folder, name) is not None for name in HEXO_JEKYLL_CONFIGS
        )
    except OSError:  # an unreadable folder is no site
        return False


def _content_dir_named(folder: Path, name: str) -> bool:
    """Whether the Hugo configuration ``name`` in ``folder`` (a path below
    it: ``config/_default/hugo.toml``) names a content folder of its own
    (``contentDir``, from the site's root) that is there, inside ``folder``."""
    return _named_folder(folder, name, "contentdir") is not None


def jekyll_source(folder: Path, name: str) -> Path | None:
    """The folder Jekyll's configuration ``name`` in ``folder`` names as the
    site's (``source:``; else ``folder`` itself), when it is there, inside
    ``folder``, holding the posts (``_posts``, or ``_posts`` in the folder
    ``collections_dir`` names); else None."""
    found = _named_folder(folder, name, "source")
    source = found if found is not None else folder
    if found is not None and (found / "_posts").is_dir():
        return found
    # (the configuration is in folder; collections_dir is in the source)
    named = _named_value(str(folder / name), _config_bytes(folder / name), "collections_dir")
    collections = _inside(source, named) if named is not None else None
    if collections is not None and (collections / "_posts").is_dir():
        return source
    return None


def _config_bytes(path: Path) -> bytes:
    try:
        if not path.is_file() or path.stat().st_size > 1024 * 1024:
            return b""
        return path.read_bytes()
    except OSError:
        return b""


def _inside(folder: Path, named: str) -> Path | None:
    """``folder / named`` when it is a folder inside ``folder``; else None."""
    content = (folder / named).resolve()
    inside = content.is_relative_to(folder.resolve()) and content != folder.resolve()
    return content if content.is_dir() and inside else None


def _named_folder(folder: Path, name: str, key: str) -> Path | None:
    """The folder inside ``folder`` that the configuration ``name`` there
    names with ``key`` (any case), when it is there; else None."""
    path = folder / name
    try:
        if not path.is_file() or path.stat().st_size > 1024 * 1024:
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    named = _named_value(str(path), raw, key)
    return _inside(folder, named) if named is not None else None


def _named_value(where: str, raw: bytes, key: str) -> str | None:
    """The string the configuration ``raw`` (the file ``where``) sets
    ``key`` to (any case), or None.  Parsed only when the key is written in
    it somewhere, and once for the same bytes: a large configuration took seconds to
    parse, and every look at the site (each command asks several times)
    parsed it again."""
    if not re.search(re.escape(key.encode()), raw, re.IGNORECASE):
        return None
    with _named_lock:
        cached = _named_cache.get((where, key))
    if cached is not None and cached[0] == raw:
        return cached[1]
    named = _parse_named(where, raw, key)
    with _named_lock:
        if len(_named_cache) >= 16:
            _named_cache.clear()
        _named_cache[(where, key)] = (raw, named)
    return named


def _parse_named(where: str, raw: bytes, key: str) -> str | None:
    try:
        text = raw.decode("utf-8")
        if where.endswith(".toml"):
            import tomllib

            config = tomllib.loads(text)
        elif where.endswith(".json"):
            import json

            config = json.loads(text)
        else:
            import yaml

            from reader.core.article.yamlload import PureSafeLoader

            config = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", PureSafeLoader))
    except Exception:  # (unreadable, not UTF-8, broken, nested too deep…): not said here
        return None
    if not isinstance(config, dict):
        return None
    named = next((v for k, v in config.items() if str(k).lower() == key), None)
    if not isinstance(named, str) or not named.strip() or os.path.isabs(named) or "\0" in named:
        return None  # (a NUL names no folder: resolving it was a ValueError)
    return named


#: (configuration file, key) → its bytes when last parsed and the value
#: found for the key (see :func:`_named_value`).
_named_cache: dict[tuple[str, str], tuple[bytes, str | None]] = {}
_named_lock = threading.Lock()


def site_root(path: str | os.PathLike) -> Path | None:
    """The nearest site root at or above ``path``'s folder (a file) or
    ``path`` itself (a folder), resolved; None when there is none."""
    start = Path(os.path.abspath(path))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if is_site_root(folder):
            return folder.resolve()
    return None


def local_boundary(
    article_path: str | os.PathLike | None, library_root: str | os.PathLike | None = None
) -> Path | None:
    """The folder nothing outside of which is loaded for ``article_path``
    (resolved), by the rule of the module docstring; None when there is
    neither a library root nor an article path (then nothing local loads)."""
    if library_root is not None:
        return Path(library_root).resolve()
    if article_path is None:
        return None
    return site_root(article_path) or Path(os.path.abspath(article_path)).parent.resolve()


def within(path: str | os.PathLike, boundary: str | os.PathLike | None) -> bool:
    """True when ``path`` resolves (links followed) inside ``boundary``
    (already resolved, as :func:`local_boundary` returns it)."""
    if boundary is None:
        return False
    try:
        return Path(path).resolve().is_relative_to(boundary)
    except (OSError, ValueError, RuntimeError):  # unreadable, NUL bytes, link loops
        return False


def unusable_configs(path: str | os.PathLike) -> list[str]:
    """For a ``path`` in no site: the configuration files at or above it that
    would make a site of their folder (a content folder beside) but are no
    regular file (a FIFO, a folder, a device, a link to nothing), said plainly;
    such a folder is no site, and nothing else would say why."""
    from reader.core.common.files import file_kind

    start = Path(os.path.abspath(path))
    if not start.is_dir():
        start = start.parent
    found = []
    for folder in (start, *start.parents):
        names: tuple[str, ...] = ()
        with contextlib.suppress(OSError):
            if (folder / "source").is_dir() or (folder / "_posts").is_dir():
                names += HEXO_JEKYLL_CONFIGS
            if (folder / "content").is_dir():
                names += HUGO_CONFIGS
        for name in names:
            config = folder / name
            try:
                mode = config.stat().st_mode
            except FileNotFoundError:
                if config.is_symlink():
                    found.append(f"{config}: the configuration is a link to nothing; no site here")
                continue
            except OSError as exc:
                found.append(f"{config}: cannot read the configuration: {exc.strerror or exc}")
                continue
            kind = file_kind(mode)
            if kind is not None:
                found.append(f"{config}: the configuration is {kind}, not a file; no site here")
        if found:
            break
    return found
