"""Preview of a bulk edit (rename or merge a category or tag): the files it
changes, each with its diff, and the files it skips, before anything is
written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader.ui.form.dialogs import diff_view
from reader.ui.shown_text import one_line

__all__ = ["BulkPreviewDialog"]

DIFF_ROLE = Qt.ItemDataRole.UserRole + 1


class BulkPreviewDialog(QDialog):
    """The plan's files and diffs; Apply only when there is something to apply.

    A rename onto the same name (after normalisation: " a " is "a") comes as
    an empty plan that says so; the dialog says so too, instead of "0 files"."""

    def __init__(self, plan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bulkPreview")
        self.plan = plan
        old, new = plan.old_text, plan.new_text
        if plan.kind == "category":
            title = self.tr("Rename Category %1 to %2")
        else:
            title = self.tr("Rename Tag %1 to %2")
        self.setWindowTitle(title.replace("%1", old).replace("%2", new))
        self.resize(860, 540)
        self.summary = summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        summary.setObjectName("bulkSummary")
        if plan.same_names:
            if plan.kind == "category":
                text = self.tr("“%1” and “%2” are the same category; nothing to do.")
            else:
                text = self.tr("“%1” and “%2” are the same tag; nothing to do.")
            summary.setText(text.replace("%1", old).replace("%2", new))
        else:
            summary.setText(self.tr("%n file(s) will change.", "", len(plan.items)))
        if plan.skipped:
            summary.setText(
                summary.text() + " " + self.tr("%n file(s) skipped.", "", len(plan.skipped))
            )
        self.files = QListWidget(self)
        self.files.setObjectName("bulkFiles")
        self.files.setAccessibleName(self.tr("Files"))
        for item in plan.items:
            row = QListWidgetItem(item.path, self.files)
            row.setData(DIFF_ROLE, item.diff)
        for path, reason in plan.skipped:
            row = QListWidgetItem(
                self.tr("%1 (skipped: %2)").replace("%1", one_line(path)).replace("%2", reason),
                self.files,
            )
            row.setForeground(QBrush(QColor("#9e9e9e")))
            row.setData(DIFF_ROLE, "")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.files)
        self.diff = diff_view("", splitter)
        self.diff.setAccessibleName(self.tr("Changes to the file"))
        splitter.addWidget(self.diff)
        splitter.setSizes([260, 600])
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(
            self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setEnabled(bool(plan.items))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(summary)
        column.addWidget(splitter, 1)
        column.addWidget(buttons)
        self.files.currentItemChanged.connect(self._show)
        if self.files.count():
            self.files.setCurrentRow(0)

    def _show(self, item, _previous=None) -> None:
        self.diff.setPlainText(item.data(DIFF_ROLE) if item is not None else "")
