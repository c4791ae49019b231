"""The conflict copies sync tools leave beside a file, recognised by name.
No Qt here.

* Syncthing: ``post.sync-conflict-20240102-030405-ABCDEFG.md``
* Dropbox: ``post (Alice's conflicted copy 2024-01-02).md`` (also without
  the name, and with a trailing ``(1)``)
* Nextcloud: ``post (conflicted copy 2024-01-02 030405).md``
* ownCloud (older clients): ``post_conflict-20240102-030405.md``

Such a copy is never listed as an article of its own: the scanner sets it
aside under its original (:attr:`reader.core.library.scan.ScanResult.copies`).
"""

from __future__ import annotations

import re

__all__ = ["original_name"]

_SYNCTHING = re.compile(
    r"^(?P<stem>.+)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(?P<ext>\.[^.]+)?$", re.IGNORECASE
)
_CONFLICTED_COPY = re.compile(
    r"^(?P<stem>.+?) \((?:[^()]*? )?conflicted copy(?: [^()]*?)?(?: \(\d+\))?\)(?P<ext>\.[^.]+)?$",
    re.IGNORECASE,
)
_OWNCLOUD = re.compile(r"^(?P<stem>.+)_conflict-\d{8}-\d{6}(?P<ext>\.[^.]+)?$", re.IGNORECASE)


def original_name(name: str) -> str | None:
    """The name of the file ``name`` is a sync-tool conflict copy of, or
    ``None`` when it is not one."""
    if "conflict" not in name.lower():
        return None
    for pattern in (_SYNCTHING, _CONFLICTED_COPY, _OWNCLOUD):
        match = pattern.match(name)
        if match:
            return match.group("stem") + (match.group("ext") or "")
    return None
