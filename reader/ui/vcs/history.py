"""An article's git history: each version with its date, author and
message; the front-matter and body diff of a version against the current
text or against the version before it; and "Restore this version", a normal
lossless save that Undo Last Bulk Edit takes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.form import dialogs
from reader.ui.form.dialogs import diff_view
from reader.ui.shown_text import one_line
from reader.ui.vcs.sizing import fit_size

if TYPE_CHECKING:
    from reader.core.vcs.git import Repo, Version
    from reader.ui.main_window import MainWindow
    from reader.ui.vcs.actions import VcsActions

__all__ = ["HistoryDialog"]

CURRENT, PREVIOUS = 0, 1


class HistoryDialog(QDialog):
    def __init__(self, window: MainWindow, vcs: VcsActions, repo: Repo, rel: str):
        super().__init__(window)
        self.setObjectName("historyDialog")
        self._window = window
        self._vcs = vcs
        self._repo = repo
        self.rel = rel
        self.versions: list[Version] = []
        self._current: bytes | None = None
        self._cache: dict[str, bytes] = {}
        self.setWindowTitle(self.tr("History of %1").replace("%1", one_line(rel)))
        fit_size(self, 980, 620)

        self.summary = QLabel(self.tr("Reading the history…"), self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.summary.setObjectName("historySummary")
        self.summary.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setObjectName("historyVersions")
        self.list.setAccessibleName(self.tr("Versions"))
        self.list.setHeaderLabels([self.tr("Date"), self.tr("Author"), self.tr("Message")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.currentItemChanged.connect(lambda *_: self._show_diff())

        self.compare = QComboBox(self)
        self.compare.setObjectName("historyCompare")
        self.compare.setAccessibleName(self.tr("Compare with"))
        self.compare.addItems(
            [
                self.tr("Changes to restore it (against the current text)"),
                self.tr("What this version changed (against the version before)"),
            ]
        )
        self.compare.currentIndexChanged.connect(lambda _i: self._show_diff())
        self.front_label = QLabel(self.tr("Front matter"), self)
        self.front_label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.front = diff_view("", self)
        self.front.setObjectName("historyFrontDiff")
        self.front.setAccessibleName(self.tr("Front-matter changes"))
        self.body_label = QLabel(self.tr("Body"), self)
        self.body_label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.body = diff_view("", self)
        self.body.setObjectName("historyBodyDiff")
        self.body.setAccessibleName(self.tr("Body changes"))

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Compare:"), right))
        row.addWidget(self.compare, 1)
        right_layout.addLayout(row)
        right_layout.addWidget(self.front_label)
        right_layout.addWidget(self.front, 1)
        right_layout.addWidget(self.body_label)
        right_layout.addWidget(self.body, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([380, 600])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(self.tr("&Restore This Version"), self)
        self.restore_button.setObjectName("restoreVersion")
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self._load()

    # -- loading -------------------------------------------------------------------------

    def _load(self) -> None:
        library = self._window.library
        repo, rel = self._repo, self.rel
        if library is None:
            return
        absolute = library.root.joinpath(*rel.split("/"))

        def work() -> tuple[list[Version], bytes]:
            versions = repo.log(repo.relative(absolute))
            return versions, library.load(rel).raw

        self._window.run(work, self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(getattr(exc, "message", None) or str(exc))

    def _loaded(self, result: tuple[list[Version], bytes]) -> None:
        self.versions, self._current = result
        if not self.versions:
            self.summary.setText(self.tr("This article has no committed versions yet."))
            return
        self.summary.setText(self.tr("%n version(s)", "", len(self.versions)))
        for version in self.versions:
            item = QTreeWidgetItem(
                [
                    version.date.strftime("%Y-%m-%d %H:%M"),
                    one_line(version.author),
                    one_line(version.subject),
                ]
            )
            item.setToolTip(2, f"{version.commit}\n{version.path}")
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)

    def _selected(self) -> int:
        item = self.list.currentItem()
        return self.list.indexOfTopLevelItem(item) if item is not None else -1

    def _bytes(self, commit: str | None, path: str | None) -> bytes:
        """The file ``path`` as of ``commit`` as git checks it out (its line
        ends and encoding: compared with the current text, the blob as
        stored showed every line changed under ``core.autocrlf``); empty
        when there is none (before the file was made)."""
        if commit is None or path is None:
            return b""
        key = f"{commit}:{path}"
        if key not in self._cache:
            self._cache[key] = self._repo.show(commit, path, conversions=True)
        return self._cache[key]

    def _show_diff(self) -> None:
        from reader.core.edit.versions import version_diff
        from reader.core.vcs.git import GitError

        index = self._selected()
        self.restore_button.setEnabled(index >= 0)
        if index < 0 or self._current is None:
            return
        version = self.versions[index]
        try:
            chosen = self._bytes(version.commit, version.path)
            if self.compare.currentIndex() == CURRENT:
                diff = version_diff(self._current, chosen, "current", version.short)
            else:
                # against the commit's own (first) parent: the version listed
                # below it may be another branch's
                before = self._bytes(version.parent, version.parent_path)
                name = version.parent[:8] if version.parent and version.parent_path else "-"
                diff = version_diff(before, chosen, name, version.short)
        except GitError as exc:
            self.front.setPlainText(exc.message)
            self.body.setPlainText("")
            return
        same = self.tr("(no change)")
        self.front.setPlainText(diff.front_matter or same)
        self.body.setPlainText(diff.body or same)

    # -- restoring -----------------------------------------------------------------------

    def restore(self) -> None:
        index = self._selected()
        library = self._window.library
        if index < 0 or library is None:
            return
        version = self.versions[index]
        editing = self._window.editing
        if editing.form_rel() == self.rel and not editing.confirm_leave():
            return
        # No is the default: Enter must not replace the text
        if not dialogs.confirm(
            self,
            self.tr("Restore This Version"),
            self.tr(
                "Replace the current text of %1 with the version of %2 (%3)?\n"
                "Edit › Undo Last Bulk Edit puts the current text back."
            )
            .replace("%1", self.rel)
            .replace("%2", version.date.strftime("%Y-%m-%d %H:%M"))
            .replace("%3", version.subject),
        ):
            return
        rel = self.rel
        name = rel.rpartition("/")[2]

        def work() -> Any:
            # what git checkout would write (line ends, encoding, filters)
            old = self._repo.show(version.commit, version.path, checkout=True)
            current = library.load(rel)
            return library.write_undoable(current, old, f"restore {name} to {version.short}")

        def done(changed: bool) -> None:
            if changed:
                text = self.tr("Restored %1 to the version of %2").replace("%1", one_line(rel))
                self._window.show_status(text.replace("%2", version.short), 8000)
                self._window.show_after_change(rel)
            self._vcs.schedule_update()
            self.accept()

        self._window.run(work, done, lambda exc: self._vcs.show_error(self.tr("Not restored"), exc))
