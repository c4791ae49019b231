"""The app's own folders inside a library, never through a symbolic link.
No Qt here.

A library's ``.article-reader`` folder (reading state, saved searches, the
schema) comes with the library: a git clone or a sync tool carries symbolic
links as they are.  Files are opened without following a link in their last
part only (``O_NOFOLLOW``), and folders are made and entered through links,
so one named ``.article-reader`` (or ``state`` in it) would have the app read
and create files wherever it points, outside the library."""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["LINKED_FILE", "LINKED_FOLDER", "linked_folder"]

LINKED_FOLDER = (
    "a symbolic link (or a folder outside the library); the app's own files are "
    "never read or written through it"
)
"""Why a folder :func:`linked_folder` names is not used (after its path and a colon)."""

LINKED_FILE = "a symbolic link; the app's own files are never read or written through one"
"""Why one of the app's own files is not used (after ``is``)."""


def linked_folder(root: str | os.PathLike, folder: str | os.PathLike) -> Path | None:
    """The first folder from ``root`` (not included) down to ``folder``
    that is a symbolic link or resolves outside ``root`` (a Windows
    junction); None when there is none, ``folder`` itself when it is not
    below ``root``.  A folder not made yet is fine: it will be made a real
    one (so is one that cannot be entered: writing there fails on its own)."""
    top = os.path.abspath(root)
    inside = os.path.realpath(top).rstrip(os.sep) + os.sep
    try:
        parts = Path(os.path.abspath(folder)).relative_to(top).parts
    except ValueError:
        return Path(folder)
    current = Path(top)
    for part in parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode) or not os.path.realpath(current).startswith(inside):
            return current
    return None
