"""Make available offline: download the remote images of an article, of the
articles listed, or of the whole library, on a worker, with progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from reader.ui.session import LibrarySession
    from reader.ui.tasks import Task

__all__ = ["OfflineActions"]


class OfflineActions(QObject):
    """One download at a time; the window shows what it reports."""

    progress = Signal(str, int, int)  # "offline", done, total (done >= total: over)
    message = Signal(str, int)  # status text, milliseconds
    finished = Signal()  # copies were made: the article shown may look different now

    def __init__(
        self, session: LibrarySession, images_dir: str | None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self._session = session
        self._images_dir = images_dir
        self._task: Task | None = None

    def busy(self) -> bool:
        """A download is running."""
        return self._task is not None

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def make_offline(self, paths: list[str] | None) -> None:
        """Download the images of ``paths`` (None: of every article)."""
        library = self._session.library
        if library is None or self._task is not None:
            return
        from reader.core.render.offline import make_available_offline

        images_dir = self._images_dir

        def work(report, cancelled):
            rels = paths if paths is not None else [s.path for s in library.query()]
            articles = (library.load(rel) for rel in rels)
            return make_available_offline(  # its progress also names the URL
                articles,
                cache_dir=images_dir,
                progress=lambda d, t, _url: report(d, t),
                cancel=cancelled,
            )

        def done(report):
            self._task = None
            self.message.emit(
                self.tr("Offline: %1 downloaded, %2 already available, %3 failed")
                .replace("%1", str(len(report.downloaded)))
                .replace("%2", str(len(report.already_cached)))
                .replace("%3", str(len(report.failed))),
                10000,
            )
            self.progress.emit("offline", 1, 1)
            self.finished.emit()

        def failed(exc):
            self._task = None
            self.progress.emit("offline", 1, 1)
            self.message.emit(str(exc), 10000)

        self._task = self._session.run(
            work, done, failed, on_progress=lambda d, t: self.progress.emit("offline", d, t)
        )
        self.progress.emit("offline", 0, 0)
