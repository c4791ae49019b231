"""Which folder is the library: where reading state and other app-owned
files (``.article-reader/``) live and what every state key is relative to.
No Qt here."""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["STATE_FOLDER", "find_library_root", "has_state_folder", "known_library_root"]

STATE_FOLDER = ".article-reader"
"""The hidden folder at the library root holding the app's own files."""


def has_state_folder(folder: str | os.PathLike) -> bool:
    """Whether ``folder`` holds a ``.article-reader/`` that is a folder of its
    own.  A symbolic link named so is not one: a git clone or a sync tool
    carries links, and state read or written through it would be outside
    the library (:mod:`reader.core.common.links`)."""
    try:
        return stat.S_ISDIR(os.lstat(os.path.join(folder, STATE_FOLDER)).st_mode)
    except (OSError, ValueError):
        return False


def find_library_root(path: str | os.PathLike, *, indexed: bool = False) -> Path:
    """The library ``path`` (a file or a folder) belongs to, resolved.

    Walk up from ``path`` (a file: its folder) to the nearest folder holding
    ``.article-reader/`` (a folder, not a link: :func:`has_state_folder`);
    else the site root (:func:`reader.core.article.boundary.site_root`);
    else, with ``indexed``, the nearest folder at or above it that was
    opened as a library (it has an index in the cache: a file named on its
    own, as ``mark`` takes them, belongs to the library it is listed in,
    before that library keeps any state); else the folder itself."""
    start = _start(path)
    return known_library_root(start, indexed=indexed) or start.resolve()


def known_library_root(path: str | os.PathLike, *, indexed: bool = False) -> Path | None:
    """The library ``path`` belongs to, as :func:`find_library_root` finds
    it, or None when nothing says which folder that is (no state folder,
    site or, with ``indexed``, index at or above it): the folder of ``path``
    would be a guess."""
    from reader.core.article.boundary import site_root

    start = _start(path)
    for folder in (start, *start.parents):
        if has_state_folder(folder):
            return folder.resolve()
    site = site_root(start)
    if site is not None:
        return site
    if indexed:
        for folder in (start, *start.parents):
            if _has_index(folder):
                return folder.resolve()
    return None


def _start(path: str | os.PathLike) -> Path:
    """``path`` made absolute; a file: its folder."""
    start = Path(os.path.abspath(os.path.expanduser(os.fspath(path))))
    return start if os.path.isdir(start) else start.parent  # (no error: a name too long…)


def _has_index(folder: Path) -> bool:
    """Whether ``folder`` has an index in the (default) cache."""
    from reader.core.article.cache import library_cache_dir

    try:
        return (library_cache_dir(folder) / "index.sqlite3").is_file()
    except (OSError, ValueError):
        return False
