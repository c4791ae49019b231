"""Notice changes made by other programs (an editor, ``git pull``).

A :class:`QFileSystemWatcher` watches the library's folders (and the open
article's file, for in-place writes); bursts of events are collected and
reported once, after a quiet period, as one :attr:`changed` signal.

Why a change is never missed here:

* **Watch before reading.**  The window calls :meth:`watch_file` *before* a
  worker reads the article, so a change that lands while the worker runs
  still produces an event (the other order leaves a gap no event covers).
* **Never re-watch a watched file.**  Removing a path and adding it again
  gives it a new inotify watch, and the events still queued for the old one
  are then dropped by Qt: a write that landed just before was lost.  So
  :meth:`watch_file` leaves an unchanged watch alone.
* **Follow replacements.**  A save that renames a new file over the old one
  leaves the watch on the old file (Qt drops it only once that file is
  gone for good, which an open handle delays).  On every event for the file
  or its folder the file's identity is compared with the watched one, and
  the path is watched again when it changed.  Folders that were deleted and
  created again (``git checkout``) are watched again the same way.
* **A steady stream still flushes.**  Each event restarts the quiet period,
  but the batch is reported at most :data:`MAX_DELAY_MS` after its first
  event, so a file rewritten every 200 ms cannot hold back the others.

Events also come for things that change nothing: reading a freshly written
file updates its access time, which inotify reports like a write.
:class:`DiskState` tells those apart from real changes without reading the
file, so the window renders again only when the bytes (or the folder's
entries, for images that appear) changed.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

__all__ = ["DEBOUNCE_MS", "MAX_DELAY_MS", "DiskState", "LibraryWatcher"]

DEBOUNCE_MS = 300
MAX_DELAY_MS = 1500
#: File times are coarse (a clock tick; two seconds on FAT): a state taken
#: closer than this to its last change cannot vouch that nothing changed since.
SETTLE_NS = 3_000_000_000


@dataclass(frozen=True)
class DiskState:
    """A file's identity, size and times, and its folder's identity and
    times, as :func:`os.stat` gives them (no read, so no access-time change).

    Equal states mean nothing but access times changed, provided the older
    state was :meth:`settled`.  A folder's times change when an entry is
    added, removed or renamed in it.  Take the state *before* reading the
    file, so that the bytes read are at least as new as the state."""

    file: tuple[int, int, int, int] | None  # inode, size, mtime, ctime
    folder: tuple[int, int, int] | None  # inode, mtime, ctime
    taken_ns: int = field(default=0, compare=False)

    @classmethod
    def of(cls, path: str) -> DiskState:
        taken_ns = time.time_ns()
        try:
            st = os.stat(path)
            file = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        except OSError:
            file = None
        try:
            st = os.stat(os.path.dirname(path))
            folder = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
        except OSError:
            folder = None
        return cls(file, folder, taken_ns)

    def settled(self) -> bool:
        """True when this state was taken long enough after the last change
        it records that a later change must show in the times."""
        times = [*(self.file or ())[2:], *(self.folder or ())[1:]]
        return bool(times) and self.taken_ns - max(times) > SETTLE_NS


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class LibraryWatcher(QObject):
    changed = Signal(list)  # absolute paths of changed files or folders
    # the library's own folder may have been moved, deleted or put back:
    # its parent folder changed, or events came while it was not there
    root_changed = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        max_delay_ms: int = MAX_DELAY_MS,
    ):
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_change)
        self._watcher.fileChanged.connect(self._on_change)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)
        self._debounce_ms = debounce_ms
        self._max_delay_ms = max(max_delay_ms, debounce_ms)
        self._first_pending = 0.0  # time.monotonic() of the batch's first event
        self._pending: set[str] = set()
        self._folders: set[str] = set()  # wanted, even while one is missing
        self._file: str | None = None
        self._file_identity: tuple[int, int] | None = None
        self._root: str | None = None
        self._parent: str | None = None

    def watch_root(self, root: str | None) -> None:
        """Also tell when the library's folder ``root`` itself is moved,
        renamed or deleted, or comes back (:attr:`root_changed`).  Qt says
        nothing when a watched folder is moved: its watch goes with it, and
        its events then came under the old paths (a file changed in the
        moved folder took the articles beside it out of the list).  So the
        folder above is watched for its entries, and while ``root`` is not
        there no change is reported."""
        if self._parent is not None and self._parent not in self._folders:
            self._watcher.removePath(self._parent)
        self._root = os.path.normpath(root) if root else None
        parent = os.path.dirname(self._root) if self._root else None
        self._parent = parent if parent and parent != self._root else None
        if self._parent is not None and os.path.isdir(self._parent):
            self._watcher.addPath(self._parent)

    def rewatch(self) -> None:
        """Watch every folder and the open file afresh: the library's folder
        came back, and the watches of before may be on what went away."""
        paths = self._watcher.directories() + self._watcher.files()
        if paths:
            self._watcher.removePaths(paths)
        wanted = sorted(f for f in self._folders | {self._parent or ""} if f and os.path.isdir(f))
        if wanted:
            self._watcher.addPaths(wanted)
        self._file_identity = None
        self._rewatch_file()

    def watch_folders(self, folders: list[str]) -> None:
        """Watch exactly ``folders`` (those that exist now; the others are
        watched once they appear)."""
        self._folders = set(folders)
        current = set(self._watcher.directories())
        wanted = {f for f in self._folders | {self._parent or ""} if f and os.path.isdir(f)}
        gone = sorted(current - wanted)
        new = sorted(wanted - current)
        if gone:
            self._watcher.removePaths(gone)
        if new:
            self._watcher.addPaths(new)

    def add_folders(self, folders: list[str]) -> None:
        """Also watch ``folders`` (new ones found after a change)."""
        self.watch_folders(sorted(self._folders | set(folders)))

    def watch_file(self, path: str | None) -> None:
        """Also watch one file (the open article); call it before reading it.

        Watching the file already watched keeps its watch (see the module
        docstring), unless it was replaced meanwhile."""
        if path is not None and path == self._file:
            self._rewatch_file()
            return
        if self._file and self._file in self._watcher.files():
            self._watcher.removePath(self._file)
        self._file = path
        self._file_identity = None
        self._rewatch_file()

    def clear(self) -> None:
        paths = self._watcher.directories() + self._watcher.files()
        if paths:
            self._watcher.removePaths(paths)
        self._pending.clear()
        self._timer.stop()
        self._folders = set()
        self._file = None
        self._file_identity = None
        self._root = self._parent = None

    def folders(self) -> list[str]:
        """The library's folders being watched (not the one above it)."""
        return [f for f in self._watcher.directories() if f != self._parent or f in self._folders]

    def files(self) -> list[str]:
        return list(self._watcher.files())

    # -- events ------------------------------------------------------------------------

    def _on_change(self, path: str) -> None:
        if path == self._parent and path not in self._folders:
            self.root_changed.emit()  # (its other entries are none of the library's)
            return
        if not self._pending:
            self._first_pending = time.monotonic()
        self._pending.add(path)
        self._rewatch_file()
        if path in self._folders and os.path.isdir(path) and path not in self.folders():
            self._watcher.addPath(path)  # deleted and created again
        waited_ms = (time.monotonic() - self._first_pending) * 1000
        self._timer.start(int(max(0, min(self._debounce_ms, self._max_delay_ms - waited_ms))))

    def _flush(self) -> None:
        paths, self._pending = sorted(self._pending), set()
        if self._root is not None and not os.path.isdir(self._root):
            self.root_changed.emit()  # (the events are of a folder moved away)
            return
        self._rewatch_file()
        watched = set(self._watcher.directories())
        back = sorted(f for f in self._folders - watched if os.path.isdir(f))
        if back:
            self._watcher.addPaths(back)
        if paths:
            self.changed.emit(paths)

    def _rewatch_file(self) -> None:
        """Make sure the open article's *current* file is watched."""
        path = self._file
        if not path:
            return
        identity = _identity(path)
        watched = path in self._watcher.files()
        if identity is None:  # gone for now; its folder's watch will tell when it is back
            if watched:
                self._watcher.removePath(path)
            self._file_identity = None
            return
        if watched and identity == self._file_identity:
            return
        if watched:
            self._watcher.removePath(path)  # on the replaced file: its events do not matter
        if os.path.isfile(path):
            self._watcher.addPath(path)
            self._file_identity = identity
