"""The callbacks every long core operation takes (refresh, full text, bulk
edits, undo, offline downloads).  No Qt here.

One signature each, so the window and the command line wrap them once."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable

__all__ = ["Cancel", "Progress", "exit_with_parent"]

Progress = Callable[[int, int, str], None]
"""``progress(done, total, item)``: ``done`` of ``total`` steps are finished;
``item`` names the one just done (a path or a URL; ``""`` when there is none)."""

Cancel = Callable[[], bool]
"""``cancel()`` returns True to stop early; what was done so far is kept.
(A ``threading.Event`` is passed as ``event.is_set``.)"""


def exit_with_parent(pid: int) -> None:
    """A process pool's initializer: end this worker soon after the process
    ``pid`` (the pool's owner) is gone, and keep the garbage collector off
    what the worker inherited.  A pool's workers otherwise outlive
    an owner killed with ``kill -9`` and wait for work forever (holding their
    memory, and a shard's write transaction).  POSIX only (on Windows,
    ``os.kill`` would end the owner instead of probing it)."""
    # What this process inherited from its owner (a forked worker holds the
    # owner's lists of a million paths) is never garbage here: the collector
    # skips it instead of walking it at each full collection (which also
    # writes to every page it walks, undoing the sharing of a fork).
    gc.freeze()
    if os.name != "posix":
        return

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pragma: no cover - the pid was reused
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
