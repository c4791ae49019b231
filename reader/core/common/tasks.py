"""The callbacks every long core operation takes (refresh, full text, bulk
edits, undo, offline downloads).  No Qt here.

One signature each, so the window and the command line wrap them once."""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = [
    "Cancel",
    "Progress",
    "exit_when_unheard",
    "exit_with_parent",
    "install_stop_handlers",
    "restore_handlers",
    "signals_held",
]

Progress = Callable[[int, int, str], None]
"""``progress(done, total, item)``: ``done`` of ``total`` steps are finished;
``item`` names the one just done (a path or a URL; ``""`` when there is none)."""

Cancel = Callable[[], bool]
"""``cancel()`` returns True to stop early; what was done so far is kept.
(A ``threading.Event`` is passed as ``event.is_set``.)"""


def exit_with_parent(pid: int) -> None:
    """A process pool's initializer: end this worker soon after the process
    ``pid`` (the pool's owner) is gone, leave Ctrl+C to the owner, and keep
    the garbage collector off what the worker inherited.  A pool's workers otherwise outlive
    an owner killed with ``kill -9`` and wait for work forever (holding their
    memory, and a shard's write transaction).  POSIX only (on Windows,
    ``os.kill`` would end the owner instead of probing it)."""
    # Ctrl+C is the owner's to handle: it stops the pool.  A terminal sends
    # it to the whole process group, and a worker it interrupted while it held
    # the pool's queue lock left the others waiting for that lock, and the
    # owner waiting for them, for ever (or the owner said a worker "ended
    # unexpectedly", with the workers' tracebacks).
    import signal  # (not imported to open a library: 2 ms of the window's start)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
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


def exit_when_unheard(connection: Connection) -> None:
    """End this process (exit code 1) once the other end of ``connection``,
    the sending end of a one-way pipe whose reader is the process waiting for
    an answer, is closed: that process no longer listens (cancelled, or it
    could not kill this one: a process started by a forkserver that died
    is no child of it).  POSIX only; elsewhere nothing is watched.  (A
    forked process holds a copy of the reading end too, so this never
    fires there: its parent, whose own child it is, kills it.)"""
    import select

    if not hasattr(select, "poll"):
        return
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLERR | select.POLLHUP)

    def watch() -> None:
        poller.poll()  # (a pipe's writer sees POLLERR once no reader is left)
        os._exit(1)

    threading.Thread(target=watch, name="exit-when-unheard", daemon=True).start()


#: Seconds after the first signal :func:`signals_held` noted within which
#: the same again is the same request (a terminal sends Ctrl+C to the whole
#: process group; ``timeout -s INT`` sends it twice); one later is acted on
#: at once, should the work be stuck.
REPEAT_SECONDS = 2.0


#: The signals that stop a command: Ctrl+C, ``kill``, the terminal closed.
STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def install_stop_handlers(
    handler: Callable[[int, Any], None],
    *,
    over_default: bool = True,
    names: tuple[str, ...] = STOP_SIGNALS,
) -> dict[int, Any]:
    """Make ``handler`` the handler of the signals ``names`` (those this
    system has), except one that is ignored (``nohup``: it stays ignored),
    or left to the system unless ``over_default``; the handlers replaced,
    by number, for :func:`restore_handlers`.  Only in the main thread, where
    Python runs signal handlers (elsewhere: nothing, ``{}``)."""
    import signal

    previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in names:
        number = getattr(signal, name, None)
        if number is None:
            continue
        current = signal.getsignal(number)
        if current in (signal.SIG_IGN, None) or (current == signal.SIG_DFL and not over_default):
            continue
        with contextlib.suppress(ValueError, OSError):
            previous[number] = signal.signal(number, handler)
    return previous


def restore_handlers(previous: dict[int, Any]) -> None:
    """Give back the handlers :func:`install_stop_handlers` replaced."""
    import signal

    for number, handler in previous.items():
        signal.signal(number, handler)


@contextlib.contextmanager
def signals_held() -> Iterator[Cancel]:
    """While a process pool works: Ctrl+C (SIGINT), SIGTERM and SIGHUP are
    noted, and the callable this gives says whether one came, so that the
    work stops at its next step (pass it on as ``cancel``).  When the block
    ends, the pool shut down, the first one noted goes to the handler there
    was before (a ``KeyboardInterrupt`` by default), as if it came then.

    Raised at once, inside the pool's machinery, a ``KeyboardInterrupt``
    left it half started or half shut down: the command waited for its
    workers for ever, or failed with "cannot join thread before it is
    started".  A signal more than :data:`REPEAT_SECONDS` after the first is
    handled at once, as before (stuck work can still be stopped).  Only in
    the main thread, where Python runs signal handlers; elsewhere (the
    window's workers) nothing changes."""
    noted: list[tuple[int, float]] = []
    previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return

    def note(signum: int, frame: Any) -> None:
        if noted and time.monotonic() - noted[0][1] > REPEAT_SECONDS:
            handler = previous.get(signum)
            if callable(handler):
                handler(signum, frame)
            return
        noted.append((signum, time.monotonic()))

    previous = install_stop_handlers(note, over_default=False)
    try:
        yield lambda: bool(noted)
    finally:
        restore_handlers(previous)
        if noted:
            signum = noted[0][0]
            handler = previous.get(signum)
            if callable(handler):
                handler(signum, None)
