"""The emit() work-around keeps ``True``'s reference count intact."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from reader.ui.qtcompat import emit


class _Sender(QObject):
    ping = Signal(int)


def test_emit_does_not_drop_references_to_true(qapp):
    sender = _Sender()
    seen = []
    sender.ping.connect(seen.append)
    emit(sender.ping, 0)  # the first call probes the binding
    before = sys.getrefcount(True)
    for n in range(200):
        emit(sender.ping, n)
    assert abs(sys.getrefcount(True) - before) <= 2  # unfixed: 200 fewer
    assert seen[-1] == 199
