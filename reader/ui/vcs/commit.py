"""The commit dialog: the changed articles, with what the app itself edited
ticked, and a message suggested from the edits."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.ui.form.plain_text import exact_text
from reader.ui.shown_text import one_line
from reader.ui.vcs.sizing import fit_size

__all__ = ["CommitDialog"]

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class CommitDialog(QDialog):
    def __init__(
        self,
        parent: QWidget,
        changes: dict[str, str],
        edited: Collection[str],
        operations: Sequence[tuple[str, Collection[str]]] = (),
        titles: dict[str, str] | None = None,
        message: str = "",
    ):
        """``message``: a message typed before (a commit that failed), shown
        instead of a suggestion."""
        super().__init__(parent)
        self.setObjectName("commitDialog")
        self.setWindowTitle(self.tr("Commit"))
        fit_size(self, 640, 520)
        self._operations = operations
        self._titles = titles or {}
        kinds = {
            "modified": self.tr("modified"),
            "new": self.tr("new"),
            "untracked": self.tr("untracked"),
            "deleted": self.tr("deleted"),
            "renamed": self.tr("renamed"),
            "conflicted": self.tr("in conflict"),
        }
        intro = QLabel(self.tr("Changed articles (those this app edited are ticked):"), self)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        intro.setWordWrap(True)
        self.files = QListWidget(self)
        self.files.setObjectName("commitFiles")
        self.files.setAccessibleName(self.tr("Changed articles"))
        for path, kind in sorted(changes.items()):
            item = QListWidgetItem(f"{one_line(path)}  ({kinds.get(kind, kind)})", self.files)
            item.setData(PATH_ROLE, path)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = path in edited
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.message_edit = QPlainTextEdit(self)
        self.message_edit.setObjectName("commitMessage")
        self.message_edit.setAccessibleName(self.tr("Commit message"))
        self.message_edit.setPlaceholderText(self.tr("Describe the change"))
        self.message_edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(self)
        self.commit_button = buttons.addButton(
            self.tr("Commit"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.files, 2)
        layout.addWidget(QLabel(self.tr("Message:"), self))
        layout.addWidget(self.message_edit, 1)
        layout.addWidget(buttons)
        self._typed = bool(message)
        self.files.itemChanged.connect(lambda _item: self._suggest())
        self.message_edit.textChanged.connect(self._update_button)
        if message:
            self.message_edit.setPlainText(message)
        self._suggest()
        self.message_edit.textChanged.connect(self._typed_now)

    def _typed_now(self) -> None:
        self._typed = True

    def _suggest(self) -> None:
        """A message from the ticked articles' edits, until the user types one."""
        if self._typed:
            self._update_button()
            return
        from reader.core.library.changes import suggest_message

        text = suggest_message(self.chosen(), self._operations, self._titles)
        self.message_edit.blockSignals(True)
        self.message_edit.setPlainText(text)
        self.message_edit.blockSignals(False)
        self._update_button()

    def _update_button(self) -> None:
        self.commit_button.setEnabled(bool(self.chosen()) and bool(self.message().strip()))

    def chosen(self) -> list[str]:
        """The ticked articles' paths."""
        return [
            self.files.item(row).data(PATH_ROLE)
            for row in range(self.files.count())
            if self.files.item(row).checkState() == Qt.CheckState.Checked
        ]

    def message(self) -> str:
        """The message as typed (no-break spaces kept: see exact_text); a
        line break typed with Shift+Enter (U+2028 in the editor) is one."""
        return exact_text(self.message_edit).replace("\u2028", "\n")
