"""Work-arounds for bugs of the Qt binding, in one place.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it, so every emission from Python drops one reference of
``True``.  ``True`` starts with only a few dozen references, so after a
little while Python aborts with "bool_dealloc: deallocating True or False".
:func:`emit` emits and, when the running binding has that bug (probed once,
on first use), gives the reference back.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

__all__ = ["emit"]


class _Probe(QObject):
    ping = Signal()


@cache
def _emit_drops_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    result = probe.ping.emit()
    del result
    dropped = sys.getrefcount(True) < before
    if dropped:
        _give_back()
    return dropped


def _give_back() -> None:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)``, minus the binding's reference leak."""
    drops = _emit_drops_true()
    result = signal.emit(*args)
    if drops and result is True:
        _give_back()
