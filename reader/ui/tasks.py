"""Run work on a :class:`QThreadPool`; deliver results on the GUI thread.

``run_task(fn, on_done, on_error)`` calls ``fn()`` on a worker thread and
then ``on_done(result)`` — or ``on_error(exception)`` — on the thread that
owns the task object (the GUI thread), through queued signals.

For long jobs pass ``progress=True``: ``fn`` is then called as
``fn(report, cancelled)`` where ``report(done, total)`` may be called from
the worker at any rate (it is throttled to the GUI) and ``cancelled()``
returns True once :meth:`Task.cancel` was called.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal, Slot

__all__ = ["Task", "run_task"]

_PROGRESS_INTERVAL = 0.05  # seconds between progress signals


class Task(QObject):
    """One unit of background work.  Lives on the GUI thread; its signals
    are emitted from the worker and therefore queued."""

    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception
    progressed = Signal(int, int)  # done, total
    ended = Signal()  # after finished or failed (either way)

    def __init__(self, fn: Callable[..., Any], with_progress: bool, parent: QObject | None):
        super().__init__(parent)
        self._fn = fn
        self._with_progress = with_progress
        self._cancel = threading.Event()
        self._ran = threading.Event()  # set by the worker as ``fn`` returns or raises
        self._last_report = 0.0
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False

    # -- worker side -------------------------------------------------------------

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._fn(self._report, self._cancel.is_set)
            else:
                result = self._fn()
        except BaseException as exc:
            self._ran.set()
            self._deliver("_failed_internal", exc)
        else:
            self._ran.set()
            self._deliver("_finished_internal", result)

    def _deliver(self, signal: str, value: object) -> None:
        """Emit the signal named ``signal`` with ``value``, unless the task
        was deleted meanwhile (its parent, a dialog, gone): no one is left
        to tell."""
        with contextlib.suppress(RuntimeError):  # ("Signal source has been deleted")
            getattr(self, signal).emit(value)

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_report >= _PROGRESS_INTERVAL:
            self._last_report = now
            self.progressed.emit(int(done), int(total))

    # Internal signals so that delivery (and bookkeeping) runs on our thread.
    _finished_internal = Signal(object)
    _failed_internal = Signal(object)

    # -- GUI side ----------------------------------------------------------------

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the worker to be done with
        ``fn`` (not for the result's delivery); whether it is.  For a window
        closing: work must not go on while the application ends under it
        (a PDF's worker kills the process laying it out and removes what
        it had staged)."""
        return self._ran.wait(timeout)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.result = result
        self.done = True
        self.finished.emit(result)
        self.ended.emit()
        self.deleteLater()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self.done = True
        self.failed.emit(exc)
        self.ended.emit()
        self.deleteLater()


def _raise(exc: BaseException) -> None:
    raise exc


def run_task(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    progress: bool = False,
    pool: QThreadPool | None = None,
    parent: QObject | None = None,
    start: bool = True,
) -> Task:
    """Start ``fn`` on ``pool`` (the global pool by default).

    Without ``on_error`` an exception is re-raised on the GUI thread, where
    it reaches ``sys.excepthook`` (and fails a pytest-qt test).  With
    ``start=False`` the task is made but not started: ``pool.start(task.run)``
    starts it later.
    """
    owner = parent if parent is not None else QCoreApplication.instance()
    task = Task(fn, progress or on_progress is not None, owner)
    task._finished_internal.connect(task._on_finished)
    task._failed_internal.connect(task._on_failed)
    if on_done is not None:
        task.finished.connect(on_done)
    task.failed.connect(on_error if on_error is not None else _raise)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if start:
        (pool or QThreadPool.globalInstance()).start(task.run)
    return task
