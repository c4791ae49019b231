"""Which folder is the library: where reading state and other app-owned
files (``.article-reader/``) live and what every state key is relative to.
No Qt here."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["STATE_FOLDER", "find_library_root"]

STATE_FOLDER = ".article-reader"
"""The hidden folder at the library root holding the app's own files."""


def find_library_root(path: str | os.PathLike) -> Path:
    """The library ``path`` (a file or a folder) belongs to, resolved.

    Walk up from ``path`` (a file: its folder) to the nearest folder holding
    ``.article-reader/``; else the site root
    (:func:`reader.core.article.boundary.site_root`); else the folder itself."""
    from reader.core.article.boundary import site_root

    start = Path(os.path.abspath(os.path.expanduser(os.fspath(path))))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if (folder / STATE_FOLDER).is_dir():
            return folder.resolve()
    site = site_root(start)
    return site if site is not None else start.resolve()
