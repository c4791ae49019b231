"""The conflict copies sync tools leave beside a file, recognised by name.
No Qt here.

* Syncthing: ``post.sync-conflict-20240102-030405-ABCDEFG.md``
* Dropbox: ``post (Alice's conflicted copy 2024-01-02).md`` (also without
  the name, and with a ``(1)`` inside or after the parentheses)
* Nextcloud: ``post (conflicted copy 2024-01-02 030405).md``
* ownCloud (older clients): ``post_conflict-20240102-030405.md``

Such a copy is never listed as an article of its own: the scanner sets it
aside under its original (:attr:`reader.core.library.scan.ScanResult.copies`).
A copy of a copy (two devices in conflict over a conflict copy) goes under
the first name of its chain that exists: :func:`original_names`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable

__all__ = ["COPY_MARK", "existing_original", "original_name", "original_names"]

# Every conflict copy's name holds this, in any case (a cheap first test).
COPY_MARK = "conflict"

# A file name may hold a newline: ``.`` matches it too (DOTALL) and ``\Z``
# ends the name (``$`` also matches before a last newline, which was dropped
# from the original's name).
_FLAGS = re.IGNORECASE | re.DOTALL
_SYNCTHING = re.compile(
    r"^(?P<stem>.+)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(?P<ext>\.[^.]+)?\Z", _FLAGS
)
_CONFLICTED_COPY = re.compile(
    r"^(?P<stem>.+?) \((?:[^()]*? )?conflicted copy(?: [^()]*?)?(?: \(\d+\))?\)"
    r"(?: \(\d+\))?(?P<ext>\.[^.]+)?\Z",
    _FLAGS,
)
_OWNCLOUD = re.compile(r"^(?P<stem>.+)_conflict-\d{8}-\d{6}(?P<ext>\.[^.]+)?\Z", _FLAGS)


def original_name(name: str) -> str | None:
    """The name of the file ``name`` is a sync-tool conflict copy of, or
    ``None`` when it is not one."""
    if COPY_MARK not in name.lower():
        return None
    for pattern in (_SYNCTHING, _CONFLICTED_COPY, _OWNCLOUD):
        match = pattern.match(name)
        if match:
            return match.group("stem") + (match.group("ext") or "")
    return None


def original_names(name: str) -> list[str]:
    """The chain of names ``name`` is a conflict copy of, nearest first: for
    a copy of a copy, the copy it was made of, then that copy's original.
    Empty when ``name`` is not a conflict copy."""
    chain: list[str] = []
    current = original_name(name)
    while current is not None and current not in chain and len(chain) < 32:
        chain.append(current)
        current = original_name(current)
    return chain


def is_listed_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a file the library lists as an article: a regular
    file, not a link (a copy grouped under a folder, a FIFO or a link of the
    original's name was listed nowhere, and could not be opened)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def existing_original(name: str, exists: Callable[[str], bool]) -> str | None:
    """The name to group the copy ``name`` under: the first of its chain,
    from the true original back to the nearest copy, for which ``exists``
    holds; ``None`` when it is not a copy or none of them exists (then the
    copy is an article of its own, never hidden).  ``exists`` is true of a
    file the library lists only (see :func:`is_listed_file`)."""
    for candidate in reversed(original_names(name)):
        if exists(candidate):
            return candidate
    return None
