"""Work done in a process of its own, waited for with a way to cancel it.

For work that must not share this process: Qt laying out a book on a
window's worker thread held Python's lock while it waited for one of Qt's
own, which the window's thread held while it waited for Python's (the
window froze for good), and a crash there took the window with it.  Here
the work runs in a fresh process (never a fork of one with Qt's threads),
sends what it has to say through a pipe, and is killed at once when
cancelled.  No Qt here.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from reader.core.common.tasks import Cancel, exit_when_unheard, exit_with_parent

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

__all__ = ["Apart", "ApartCancelled", "ApartFailed", "process_context", "run_apart"]

_Job = TypeVar("_Job")
_Result = TypeVar("_Result")

#: How often :func:`run_apart` looks whether it was cancelled, in seconds.
POLL_SECONDS = 0.05


class ApartCancelled(Exception):
    """:func:`run_apart` was cancelled: its process was killed."""


class ApartFailed(Exception):
    """The process of :func:`run_apart` ended without an answer (a crash,
    a kill, no memory) or could not be started; ``exitcode`` as
    :attr:`multiprocessing.Process.exitcode` (negative: the signal).  Its
    text says what happened to the process ("was stopped by SIGSEGV")."""

    def __init__(self, message: str, exitcode: int | None = None):
        super().__init__(message)
        self.exitcode = exitcode


def process_context(start: str | None = None) -> BaseContext:
    """The start method for processes of this one: ``start`` when the
    caller names one (a caller with threads Python cannot see, such as a
    Qt application, must not fork), else ``fork`` while this is the
    process's only thread (the fastest), else ``forkserver`` where there is
    one, else ``spawn``."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if start is None:
        start = "fork" if threading.active_count() == 1 else "forkserver"
    if start not in methods:
        start = "forkserver" if start == "fork" and "forkserver" in methods else "spawn"
    return multiprocessing.get_context(start)


class Apart(Generic[_Job, _Result]):
    """What :func:`run_apart` runs: ``function(job, say)`` in the other
    process, where ``say(message)`` hands ``message`` to the caller's
    ``on_message`` (in order, before the answer)."""

    def __init__(self, function: Callable[[_Job, Callable[[Any], None]], _Result], job: _Job):
        self.function = function
        self.job = job


def run_apart(
    work: Apart[_Job, _Result],
    *,
    cancel: Cancel | None = None,
    on_message: Callable[[Any], None] | None = None,
    start: str | None = None,
) -> _Result:
    """The answer of ``work`` run in a process of its own (``start`` as for
    :func:`process_context`; a process with Qt's threads passes
    ``"forkserver"`` or ``"spawn"``).  ``work.function`` and ``work.job``
    must pickle (a function at a module's top level).

    Raises what the work raised (as it pickles; else :class:`ApartFailed`
    saying it), :class:`ApartCancelled` when ``cancel()`` said so (the
    process is killed at once, whether or not it had answered: the caller
    keeps nothing of it), and :class:`ApartFailed` when the process ended
    without an answer.  A process this one cannot kill (one whose
    forkserver died) ends itself once the pipe is closed here."""
    if cancel is not None and cancel():
        raise ApartCancelled
    context = process_context(start)
    receiving, sending = context.Pipe(duplex=False)
    # (every context has a Process: the base class is typed without it)
    process = context.Process(  # type: ignore[attr-defined]
        target=_serve, args=(sending, os.getpid(), work), daemon=True
    )
    try:
        try:
            process.start()
        except OSError as exc:  # (no memory, no processes left)
            raise ApartFailed(f"could not be started: {exc.strerror or exc}") from None
        sending.close()  # (the child's end: the pipe ends when the child does)
        while True:
            if cancel is not None and cancel():
                raise ApartCancelled
            if not receiving.poll(POLL_SECONDS):
                if process.is_alive() or receiving.poll(0):  # (or it answered as it ended)
                    continue
                process.join()
                raise ApartFailed(_ended(process.exitcode), process.exitcode)
            try:
                kind, value = receiving.recv()
            except (EOFError, OSError):  # (ended in the middle of a message, or before one)
                process.join()
                raise ApartFailed(_ended(process.exitcode), process.exitcode) from None
            except Exception as exc:  # (a message that does not unpickle here)
                raise ApartFailed(f"gave an answer that could not be read: {exc}") from None
            if kind == "say":
                if on_message is not None:
                    on_message(value)
                continue
            if cancel is not None and cancel():  # (asked while the answer came: kept nothing)
                raise ApartCancelled
            if kind == "raised":
                raise value
            result: _Result = value
            return result
    finally:
        sending.close()
        receiving.close()
        if process.pid is not None:
            if process.is_alive():
                process.kill()
            process.join()


def _ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        import signal

        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == getattr(signal, "SIGKILL", None):  # (what the kernel does out of memory)
            return f"was stopped by {name} (as when memory runs out)"
        return f"was stopped by {name}"
    return f"ended without an answer (exit code {exitcode})"


def _serve(sending: Connection, parent: int, work: Apart[Any, Any]) -> None:
    """In :func:`run_apart`'s process: run ``work``, saying its messages
    and then ``("answer", result)`` or ``("raised", exception)``."""
    exit_with_parent(parent)
    exit_when_unheard(sending)

    def say(message: Any) -> None:
        sending.send(("say", message))

    try:
        answer: tuple[str, Any] = ("answer", work.function(work.job, say))
    except Exception as exc:  # (said to the caller, who raises it)
        exc.__traceback__ = None
        answer = ("raised", exc)
    except BaseException as exc:  # (SystemExit, KeyboardInterrupt: the caller asked for neither)
        answer = ("raised", ApartFailed(f"failed: {type(exc).__name__}: {exc}"))
    with contextlib.suppress(OSError):  # (the caller gone, or no longer listening)
        try:
            sending.send(answer)
        except Exception as exc:  # (an answer or an exception that does not pickle)
            sending.send(("raised", ApartFailed(f"failed: {type(exc).__name__}: {exc}")))
        sending.close()
