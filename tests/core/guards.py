"""A hang guard for tests of code that must never block or run away."""

from __future__ import annotations

import threading


def finishes(function, *args, timeout: float = 60):
    """Run ``function(*args)`` in a thread and fail, instead of hanging, if it
    has not returned within ``timeout`` seconds (a guard, not a timing test).
    Returns what it returned, or the exception it raised."""
    outcome: list = []

    def target():
        try:
            outcome.append(function(*args))
        except BaseException as exc:  # handed back to the test
            outcome.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=timeout)
    assert not thread.is_alive(), f"{getattr(function, '__name__', function)} did not return"
    return outcome[0]
