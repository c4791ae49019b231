"""Guards against known-broken Qt bindings.

PySide6 6.12.0's ``SignalInstance.emit()`` drops a reference to ``True`` on
every call, and the interpreter aborts after a few dozen emissions.
pyproject.toml excludes that release; this test fails loudly if a binding
with the same defect is ever installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    ping = Signal(int)


def test_emit_keeps_the_reference_count_of_true(qapp):
    sender = _Sender()
    seen = []
    sender.ping.connect(seen.append)
    before = sys.getrefcount(True)
    for n in range(20):  # few enough not to crash a broken binding
        sender.ping.emit(n)
    assert abs(sys.getrefcount(True) - before) <= 2
    assert seen == list(range(20))
