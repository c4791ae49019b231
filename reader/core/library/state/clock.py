"""A hybrid logical clock packed into one integer.

``t = milliseconds since the epoch << LOGICAL_BITS | counter``.  Each new
change gets ``max(wall clock, last seen + 1)``, and every ``t`` read from
another device's log is :meth:`observed`, so a change made here is later than
every change this device has seen, even when the clocks of the two machines
disagree.  The integer stays below 2**53 (exact in JSON everywhere) until the
year 2248."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["LOGICAL_BITS", "HybridClock", "wall_ms"]

LOGICAL_BITS = 10


def wall_ms(t: int) -> int:
    """The wall-clock part of ``t``, in milliseconds since the epoch."""
    return t >> LOGICAL_BITS


class HybridClock:
    """Hands out strictly increasing ``t`` values.  Thread-safe."""

    def __init__(self, now_ms: Callable[[], int] | None = None) -> None:
        self._now_ms = now_ms or (lambda: time.time_ns() // 1_000_000)
        self._last = 0
        self._lock = threading.Lock()

    def now(self) -> int:
        with self._lock:
            self._last = max(self._now_ms() << LOGICAL_BITS, self._last + 1)
            return self._last

    def observe(self, t: int) -> None:
        """Take in a ``t`` seen elsewhere: later :meth:`now` values exceed it."""
        with self._lock:
            if t > self._last:
                self._last = t

    @property
    def last(self) -> int:
        return self._last
