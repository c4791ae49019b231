"""Make available offline: download the remote images of an article, of the
articles listed, or of the whole library, on a worker, with progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from collections.abc import Callable

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

    def make_offline(self, paths: list[str] | Callable[[], list[str]] | None) -> None:
        """Download the images of ``paths`` (None: of every article; a
        function: the paths it gives, asked on the worker, as a search's
        matches all are)."""
        library = self._session.library
        if library is None:
            return
        if self._task is not None:  # (said: a second press did nothing, silently)
            self.message.emit(
                self.tr("Offline copies are being made already; cancel them to start others."),
                5000,
            )
            return
        from reader.core.article.model import ArticleError
        from reader.core.render.offline import make_available_offline

        images_dir = self._images_dir

        def work(report, cancelled):
            if callable(paths):
                rels = paths()
            else:
                rels = paths if paths is not None else [s.path for s in library.query()]
            unread: list[str] = []  # an article gone meanwhile: the others' images still come

            def articles():
                for rel in rels:
                    try:
                        yield library.load(rel)
                    except (ArticleError, OSError) as exc:
                        unread.append(str(exc))

            from reader.core.library.sitecontext import site_of

            result = make_available_offline(  # its progress also names the URL
                articles(),
                cache_dir=images_dir,
                progress=lambda d, t, _url: report(d, t),
                cancel=cancelled,
                site_for=lambda article: site_of(article, library=library),
            )
            return result, unread

        def done(outcome):
            self._task = None
            report, unread = outcome
            text = (
                self.tr("Offline copies cancelled: %1 downloaded, %2 already available, %3 failed")
                if report.cancelled
                else self.tr("Offline: %1 downloaded, %2 already available, %3 failed")
            )
            text = (
                text.replace("%1", str(len(report.downloaded)))
                .replace("%2", str(len(report.already_cached)))
                .replace("%3", str(len(report.failed)))
            )
            if unread:
                text = (
                    self.tr("%1; %n article(s) could not be read, e.g. %2", "", len(unread))
                    .replace("%1", text)
                    .replace("%2", unread[0])
                )
            self.message.emit(text, 10000)
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
