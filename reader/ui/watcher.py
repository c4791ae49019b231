"""Notice changes made by other programs (an editor, ``git pull``).

A :class:`QFileSystemWatcher` watches the library's folders (and the open
article's file, for in-place writes); bursts of events are collected and
reported once, after a quiet period, as one :attr:`changed` signal.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

__all__ = ["LibraryWatcher"]

DEBOUNCE_MS = 300


class LibraryWatcher(QObject):
    changed = Signal(list)  # absolute paths of changed files or folders

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS):
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_change)
        self._watcher.fileChanged.connect(self._on_change)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._flush)
        self._pending: set[str] = set()
        self._file: str | None = None

    def watch_folders(self, folders: list[str]) -> None:
        current = set(self._watcher.directories())
        wanted = {f for f in folders if os.path.isdir(f)}
        gone = sorted(current - wanted)
        new = sorted(wanted - current)
        if gone:
            self._watcher.removePaths(gone)
        if new:
            self._watcher.addPaths(new)

    def watch_file(self, path: str | None) -> None:
        """Also watch one file (the open article)."""
        if self._file and self._file in self._watcher.files():
            self._watcher.removePath(self._file)
        self._file = path
        if path and os.path.isfile(path):
            self._watcher.addPath(path)

    def clear(self) -> None:
        paths = self._watcher.directories() + self._watcher.files()
        if paths:
            self._watcher.removePaths(paths)
        self._pending.clear()
        self._timer.stop()
        self._file = None

    def folders(self) -> list[str]:
        return list(self._watcher.directories())

    def _on_change(self, path: str) -> None:
        self._pending.add(path)
        # A file replaced by an atomic save is dropped from the watch: re-add it.
        if path == self._file and os.path.isfile(path) and path not in self._watcher.files():
            self._watcher.addPath(path)
        self._timer.start()

    def _flush(self) -> None:
        paths, self._pending = sorted(self._pending), set()
        if self._file and os.path.isfile(self._file) and self._file not in self._watcher.files():
            self._watcher.addPath(self._file)
        if paths:
            self.changed.emit(paths)
