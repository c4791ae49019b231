"""Cross-process file locks: take one without blocking, wait for one up to
a deadline, release it.  No Qt here.

The write path's lock files and the state store's files share these (they
were two copies of the same platform code and backoff loop).  ``flock`` on
POSIX; on Windows a one-byte ``msvcrt`` lock at the start of the file.
"""

from __future__ import annotations

import os
import sys
import time

__all__ = ["try_lock", "unlock", "wait_for_lock"]

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock(fd: int) -> bool:
        """Lock ``fd`` if no other holds it: True when taken, False when held."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def unlock(fd: int) -> None:
        """Release the lock taken on ``fd``."""
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def try_lock(fd: int) -> bool:
        """Lock ``fd`` if no other holds it: True when taken, False when held.
        Other errors (``ENOLCK`` where no lock service runs) are raised."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def unlock(fd: int) -> None:
        """Release the lock taken on ``fd``."""
        fcntl.flock(fd, fcntl.LOCK_UN)


def wait_for_lock(fd: int, deadline: float | None) -> bool:
    """Lock ``fd``, trying again (2 ms, doubling up to 50 ms) until the
    ``time.monotonic()`` ``deadline``; None tries once.  True when taken,
    False when another still held it at the deadline.  Errors other than
    "held" are raised (:func:`try_lock`)."""
    delay = 0.002
    while not try_lock(fd):
        if deadline is None or time.monotonic() >= deadline:
            return False
        time.sleep(delay)
        delay = min(delay * 2, 0.05)
    return True
