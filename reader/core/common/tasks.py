"""The callbacks every long core operation takes (refresh, full text, bulk
edits, undo, offline downloads).  No Qt here.

One signature each, so the window and the command line wrap them once."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Cancel", "Progress"]

Progress = Callable[[int, int, str], None]
"""``progress(done, total, item)``: ``done`` of ``total`` steps are finished;
``item`` names the one just done (a path or a URL; ``""`` when there is none)."""

Cancel = Callable[[], bool]
"""``cancel()`` returns True to stop early; what was done so far is kept.
(A ``threading.Event`` is passed as ``event.is_set``.)"""
