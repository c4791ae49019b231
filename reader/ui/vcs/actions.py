"""The Git menu and what it keeps current: each article's status, the
"Changed since last commit" and "Sync conflicts" groups, and the commands
History, Commit, Pull, Push and Resolve Conflict.

Every git command runs on a worker (reader.core.vcs runs the user's own
``git`` with a timeout); without git, or outside a work tree, the commands
say so instead of failing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMenu

if TYPE_CHECKING:
    from reader.core.library.changes import EditedPaths
    from reader.core.library.conflicts import PendingConflict
    from reader.core.vcs.git import Repo
    from reader.ui.main_window import MainWindow

__all__ = ["VcsActions"]

_MARKS = {
    "modified": "M",
    "new": "A",
    "untracked": "U",
    "deleted": "D",
    "renamed": "R",
    "conflicted": "C",
}
CONFLICT_MARK = "⇄"


class _Lines(QObject):
    """Carries git's progress lines from the worker to the GUI thread."""

    line = Signal(str)


def holding_repo(repo: Repo, root: Path, rel: str) -> Repo:
    """The work tree that holds the article ``rel`` of the library at
    ``root``: a submodule's, for an article inside one (its history is
    there; the library's work tree said it had no committed versions, as
    ``article-reader history`` does not), else ``repo``."""
    from reader.core.vcs.git import GitError, open_repo

    folder = root.joinpath(*rel.split("/")).parent
    if folder == repo.root:
        return repo
    try:
        holder = open_repo(folder, repo.git)
    except GitError:
        return repo
    return holder if holder.root != repo.root else repo


class VcsActions(QObject):
    """The Git menu of ``window`` and the state behind it."""

    status_changed = Signal()

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.repo: Repo | None = None
        self.unavailable: str | None = None  # why git cannot be used here
        self.changes: dict[str, str] = {}  # library-relative path → kind
        self.conflicts: list[PendingConflict] = []
        #: What the app edited on this device (the reading-state store's
        #: ``edited_paths()``); the commit dialog pre-ticks those.
        self.edit_log: EditedPaths | None = None
        self._edited: set[str] | None = None
        # the library, message and articles of a commit that failed: offered
        # again there
        self._draft: tuple[Path, str, list[str]] | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.update_status)

        bar = window.menuBar()
        self.menu = QMenu(self.tr("&Git"), window)
        self.menu.setObjectName("gitMenu")
        help_action = bar.actions()[-1] if bar.actions() else None
        if help_action is not None:
            bar.insertMenu(help_action, self.menu)
        else:
            bar.addMenu(self.menu)
        w = window
        self.history_action = w.add_action(
            self.menu, self.tr("Article &History…"), self.show_history, "Ctrl+Alt+H", "gitHistory"
        )
        self.commit_action = w.add_action(
            self.menu, self.tr("&Commit…"), self.commit, "Ctrl+Alt+K", "gitCommit"
        )
        self.menu.addSeparator()
        self.pull_action = w.add_action(
            self.menu, self.tr("&Pull"), self.pull, "Ctrl+Alt+Down", "gitPull"
        )
        self.push_action = w.add_action(
            self.menu, self.tr("P&ush"), self.push, "Ctrl+Alt+Up", "gitPush"
        )
        self.menu.addSeparator()
        self.resolve_action = w.add_action(
            self.menu,
            self.tr("&Resolve Conflict…"),
            self.resolve,
            "Ctrl+Alt+C",
            "resolveConflict",
        )
        w.session.opened.connect(lambda _library: self.schedule_update())
        w.session.refreshed.connect(lambda _stats: self.schedule_update())
        w.library_changed.connect(self.schedule_update)

    # -- status --------------------------------------------------------------------------

    def schedule_update(self) -> None:
        """Update the status soon (changes on disk come in bursts)."""
        self._timer.start()

    def update_status(self) -> None:
        """Ask git (on a worker) which articles changed and which conflicts wait."""
        library = self._window.library
        if library is None:
            return
        self._generation += 1
        generation = self._generation

        def work() -> tuple[Any, str | None, dict[str, str], list, set[str] | None]:
            from reader.core.library.changes import changed_articles
            from reader.core.library.conflicts import pending_conflicts
            from reader.core.vcs.git import GitError, open_repo

            repo, reason, changed = None, None, []
            try:
                repo = open_repo(library.root)
                changed = changed_articles(library.root, repo)
            except GitError as exc:
                reason = exc.message
                repo = None
            changes = {c.path: c.kind for c in changed}
            edited = None
            log = self.edit_log
            if repo is not None and log is not None:
                from reader.core.library.changes import edited_since_commit

                try:  # what the app edited after each file's last commit
                    edited = set(edited_since_commit(repo, changed, log))
                except (GitError, OSError, ValueError):
                    edited = None
            conflicts = pending_conflicts(library, repo, changed)
            return repo, reason, changes, conflicts, edited

        def done(result: tuple[Any, str | None, dict[str, str], list, set[str] | None]) -> None:
            if generation != self._generation or self._window.library is not library:
                return
            self.repo, self.unavailable, self.changes, self.conflicts, self._edited = result
            self._show_status()

        self._window.run(work, done, lambda exc: None)

    def _show_status(self) -> None:
        marks = {path: _MARKS.get(kind, "•") for path, kind in self.changes.items()}
        for conflict in self.conflicts:
            marks[conflict.path] = " ".join(filter(None, (marks.get(conflict.path), CONFLICT_MARK)))
        w = self._window
        w.list_model.set_marks(marks)
        groups: dict[str, tuple[str, ...]] = {}
        if self.repo is not None:
            # what the list can show: a deleted article is only in the commit dialog
            groups["changed"] = tuple(p for p, kind in self.changes.items() if kind != "deleted")
        if self.conflicts:
            groups["conflicts"] = tuple(c.path for c in self.conflicts)
        before = w.tree.currentIndex()
        was = w.nav_model.node(before).key if before.isValid() else None
        w.nav_model.set_path_groups(groups)
        if was in (("changed",), ("conflicts",)) and was[0] not in groups:
            w.tree.setCurrentIndex(w.nav_model.find(("all",)))  # its group went away
        elif w.tree.currentIndex().isValid():
            key = w.nav_model.node(w.tree.currentIndex()).key
            if key in (("changed",), ("conflicts",)):
                w.reload_list()
        self.status_changed.emit()

    # -- helpers -------------------------------------------------------------------------

    def _need_repo(self) -> Repo | None:
        """The work tree, or None after saying why there is none."""
        from reader.ui.form import dialogs

        if self._window.library is None:
            return None
        if self.repo is None:
            # the core's reasons, in the window's language (git's own words stay)
            known = {
                "not inside a git work tree": self.tr("it is not in a git work tree"),
                "not inside a git work tree (a bare repository?)": self.tr(
                    "it is not in a git work tree (a bare repository?)"
                ),
                "git is not installed (no 'git' on the PATH)": self.tr(
                    "git is not installed (no “git” on the PATH)"
                ),
                "no such folder": self.tr("its folder is not there"),
            }
            reason = known.get(self.unavailable or "", self.unavailable) or self.tr(
                "The library is not in a git work tree."
            )
            dialogs.inform(
                self._window,
                self.tr("Git"),
                self.tr("Git cannot be used for this library: %1").replace("%1", reason),
            )
            return None
        return self.repo

    def show_error(self, title: str, exc: BaseException) -> None:
        """Git's own error, verbatim."""
        from PySide6.QtWidgets import QMessageBox

        from reader.ui.form import dialogs

        text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        box = QMessageBox(QMessageBox.Icon.Warning, title, title, parent=self._window)
        box.setObjectName("gitError")
        box.setInformativeText(text)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dialogs.plain_box(box)  # (git's message names files: as it is)
        # room for a line of git's output (a hook's lines broke every
        # 260 px, a path in two, and the title was cut)
        info = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if info is not None:
            metrics = info.fontMetrics()
            screen = self._window.screen()
            widest = screen.availableGeometry().width() * 2 // 3 if screen is not None else 900
            info.setMinimumWidth(min(metrics.averageCharWidth() * 72, widest))
        box.open()

    # -- commands ------------------------------------------------------------------------

    def show_history(self) -> None:
        repo = self._need_repo()
        rel = self._window.current_article()
        library = self._window.library
        if repo is None or not rel or library is None:
            return
        from reader.ui.vcs.history import HistoryDialog

        dialog = HistoryDialog(self._window, self, holding_repo(repo, library.root, rel), rel)
        dialog.open()

    def commit(self) -> None:
        from reader.ui.form import dialogs

        repo = self._need_repo()
        library = self._window.library
        if repo is None or library is None:
            return
        if not self.changes:
            dialogs.inform(
                self._window,
                self.tr("Commit"),
                self.tr("No article changed since the last commit."),
            )
            return
        from reader.ui.vcs.commit import CommitDialog

        edited = self._edited_paths()
        operations = self._recent_operations()
        draft = ""
        if self._draft is not None and self._draft[0] == library.root:
            _root, draft, ticked = self._draft
            edited = set(ticked)  # (as they were ticked for it)
        dialog = CommitDialog(self._window, self.changes, edited, operations, self._titles(), draft)
        dialog.accepted.connect(lambda: self.run_commit(repo, dialog.chosen(), dialog.message()))
        dialog.open()

    def _edited_paths(self) -> set[str]:
        """What the app itself edited: the device's record when there is
        one, else the paths of the last bulk edit still in the undo journal."""
        if self._edited is not None:  # found with the status, after each last commit
            return set(self._edited)
        if self.edit_log is not None:
            return set(self.edit_log.edited_paths())
        return set().union(*(paths for _d, paths in self._recent_operations()))

    def _recent_operations(self) -> list[tuple[str, set[str]]]:
        library = self._window.library
        if library is None:
            return []
        try:
            operation = library.last_operation()
            if operation is None:
                return []
            paths = {entry.path for entry in library.journal.entries(operation.id)}
        except Exception:  # no journal (temporary index, damaged): nothing to suggest from
            return []
        return [(operation.description, paths)]

    def _titles(self) -> dict[str, str]:
        library = self._window.library
        titles: dict[str, str] = {}
        if library is None or len(self.changes) > 1:
            return titles  # a title is only used for a single article's message
        for path in self.changes:
            summary = library.summary(path)
            if summary is not None:
                titles[path] = summary.title
        return titles

    def run_commit(self, repo: Repo, paths: list[str], message: str) -> None:
        library = self._window.library
        if library is None or not paths:
            return
        root = library.root

        def work(_report: object, cancelled: Callable[[], bool]) -> tuple[str, list[str], bool]:
            from reader.core.library.changes import commit_articles
            from reader.core.vcs.git import GitError

            # Cancelled when the window closes or another library opens: a
            # hook that hangs is stopped instead of holding the window.
            commit, committed = commit_articles(root, repo, paths, message, cancelled)
            try:
                detached = repo.branch() is None
            except GitError:
                detached = False
            return commit, committed, detached

        def done(result: tuple[str, list[str], bool]) -> None:
            commit, committed, detached = result
            self._draft = None
            text = self.tr("Committed %n article(s) as %1", "", len(committed))
            if detached:
                text += " " + self.tr("(on no branch: HEAD is detached)")
            self._window.show_status(text.replace("%1", commit[:8]), 8000)
            self.schedule_update()

        def failed(exc: BaseException) -> None:
            if self._window.library is not library:
                return  # stopped because the library closed: nothing to tell
            self._window.show_status("", 1)
            self._draft = (root, message, list(paths))  # (the next Commit offers them again)
            self.show_error(self.tr("Commit failed"), exc)

        self._window.show_status(self.tr("Committing…"), 0)
        self._window.run(
            work,
            done,
            failed,
            progress=True,
        )

    def pull(self) -> None:
        self._network("pull")

    def push(self) -> None:
        self._network("push")

    def _network(self, what: str) -> None:
        from PySide6.QtWidgets import QProgressDialog

        repo = self._need_repo()
        library = self._window.library
        if repo is None or library is None:
            return
        label = self.tr("Pulling…") if what == "pull" else self.tr("Pushing…")
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, self._window)
        dialog.setObjectName("gitProgress")
        dialog.setWindowTitle(self.tr("Git"))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        lines = _Lines(self)
        lines.line.connect(lambda text: dialog.setLabelText(f"{label}\n{text}"))
        stop = threading.Event()
        dialog.canceled.connect(stop.set)

        def work(_report: object, cancelled: Callable[[], bool]) -> tuple[str, list[str]]:
            method = repo.pull if what == "pull" else repo.push
            before = repo.head() if what == "pull" else None
            output = method(lines.line.emit, lambda: stop.is_set() or cancelled())
            after = repo.head() if what == "pull" else None
            changed = []
            if before and after and before != after:
                changed = [str(repo.absolute(p)) for p in repo.changed_between(before, after)]
            elif what == "pull" and not before:
                changed = [str(library.root)]
            return output, changed

        def finish() -> None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
            self.schedule_update()

        def done(result: tuple[str, list[str]]) -> None:
            output, changed = result
            finish()
            if changed:  # the watcher sees them too; this is at once
                self._window.update_paths(changed)
            last = output.strip().splitlines()[-1] if output.strip() else ""
            text = self.tr("Pull finished") if what == "pull" else self.tr("Push finished")
            self._window.show_status(f"{text}: {last}" if last else text, 8000)

        def failed(exc: BaseException) -> None:
            finish()
            if self._window.library is not library:
                return  # stopped because the library closed: nothing to tell
            title = self.tr("Pull failed") if what == "pull" else self.tr("Push failed")
            self.show_error(title, exc)

        dialog.show()
        self._window.run(work, done, failed, progress=True)

    def resolve(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from reader.ui.form import dialogs

        library = self._window.library
        if library is None:
            return
        if not self.conflicts:
            dialogs.inform(
                self._window, self.tr("Resolve Conflict"), self.tr("No conflict is pending.")
            )
            return
        current = self._window.current_article()
        pending = next((c for c in self.conflicts if c.path == current), None)
        if pending is None:
            names = [c.path for c in self.conflicts]
            name, ok = QInputDialog.getItem(
                self._window,
                self.tr("Resolve Conflict"),
                self.tr("Article with a pending conflict:"),
                names,
                0,
                False,
            )
            if not ok:
                return
            pending = self.conflicts[names.index(name)]
        self.open_conflict(pending.path, pending.copies[0] if pending.copies else None)

    def open_conflict(self, path: str, copy: str | None) -> None:
        """Open the resolution view for ``path`` (against the sync-tool ``copy``)."""
        library = self._window.library
        if library is None:
            return
        if self._window.editing.form_rel() == path and not self._window.editing.confirm_leave():
            return
        repo = self.repo

        def work() -> Any:
            from reader.core.library.conflicts import GIT, open_conflict
            from reader.core.library.facade import LibraryError

            case = open_conflict(library, path, copy, repo)
            if case.kind != GIT or repo is None:
                return case
            top_relative = repo.relative(library.root.joinpath(*path.split("/")))
            if not repo.edited_since_conflict(top_relative, case.current.raw):
                return case
            # Edited since git left it: a plan from git's three versions
            # would replace those edits on save.  The conflict markers still
            # in the file give the sides instead, the edits in them.
            try:
                return open_conflict(library, path, copy, None)
            except LibraryError:
                raise LibraryError(
                    "the file was edited since git left it in conflict and holds no conflict "
                    "markers any more: check it, then commit it (that marks it resolved); "
                    "nothing was changed",
                    case.current.display_path,
                ) from None

        def done(case: Any) -> None:
            from reader.ui.vcs.conflict import ConflictDialog

            dialog = ConflictDialog(self._window, self, case)
            dialog.open()

        self._window.run(work, done, lambda exc: self.show_error(self.tr("Cannot resolve"), exc))
