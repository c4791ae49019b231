"""The questions editing asks.  Tests replace these module functions to
answer them (``monkeypatch.setattr(dialogs, "ask_unsaved", …)``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.ui.form.highlighter import SourceHighlighter
from reader.ui.shown_text import qt_length

if TYPE_CHECKING:
    from reader.core.edit.diff import ConflictDiffs

__all__ = [
    "ConflictDialog",
    "DiffDialog",
    "ask_conflict",
    "ask_item",
    "ask_text",
    "ask_unsaved",
    "confirm",
    "confirm_box",
    "inform",
    "run_dialog",
    "show_diff",
]

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
MINE, THEIRS = "mine", "theirs"


class DiffView(QPlainTextEdit):
    """A read-only unified diff, coloured."""

    def __init__(self, text: str, parent: QWidget):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlainText(text)
        self.highlighter = DiffHighlighter(self.document())


def diff_view(text: str, parent: QWidget) -> DiffView:
    return DiffView(text, parent)


class DiffHighlighter(SourceHighlighter):
    """Added lines green, removed lines red (readable on the background,
    :meth:`SourceHighlighter.readable_color`)."""

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---")):
            color = "#757575"
        elif text.startswith("+"):
            color = "#2e7d32"
        elif text.startswith("-"):
            color = "#c62828"
        elif text.startswith("@@"):
            color = "#1565c0"
        else:
            return
        self.setFormat(0, qt_length(text), self.readable_color(color))  # (an emoji is two units)


class DiffDialog(QDialog):
    def __init__(self, title: str, diff: str, parent: QWidget | None = None, note: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("diffDialog")
        self.resize(760, 480)
        column = QVBoxLayout(self)
        # what the differences cannot show (typed text that does not parse)
        self.note = QLabel(note, self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.note.setObjectName("diffNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.view = diff_view(diff or self.tr("No changes."), self)
        self.view.setAccessibleName(self.tr("Changes"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column.addWidget(self.note)
        column.addWidget(self.view, 1)
        column.addWidget(buttons)


class ConflictDialog(QDialog):
    """The file changed on disk while the form has unsaved edits.

    Show Differences shows three diffs (:class:`reader.core.edit.diff.ConflictDiffs`):
    the other program's change, yours (both against the version you started
    from), and what Keep Mine would write over the file now on disk."""

    def __init__(
        self, name: str, diffs: ConflictDiffs, parent: QWidget | None = None, note: str = ""
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("The File Changed on Disk"))
        self.setObjectName("conflictDialog")
        self.choice = CANCEL
        column = QVBoxLayout(self)
        label = QLabel(
            self.tr(
                "%1 was changed by another program while you were editing it. "
                "Keep your edits on top of the new file, or take the new file "
                "and drop your edits?"
            ).replace("%1", name),
            self,
        )
        label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        label.setWordWrap(True)
        # what the differences cannot show (typed text that does not parse),
        # and why Keep Mine cannot be chosen (it was greyed out without a
        # word, the reason only in a tab of the differences)
        if diffs.merged is None and diffs.problem:
            note = "\n\n".join(part for part in (diffs.problem, note) if part)
        self.note = QLabel(note, self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.note.setObjectName("conflictNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("conflictDiffs")
        self.tabs.setAccessibleName(self.tr("Differences"))
        none = self.tr("No changes.")
        self.theirs_view = diff_view(diffs.theirs or none, self)
        self.theirs_view.setAccessibleName(self.tr("Their change"))
        self.mine_view = diff_view(diffs.mine or none, self)
        self.mine_view.setAccessibleName(self.tr("Your edits"))
        merged = diffs.merged if diffs.merged is not None else (diffs.problem or "")
        self.merged_view = diff_view(merged or none, self)
        self.merged_view.setAccessibleName(self.tr("What Keep Mine writes"))
        self.tabs.addTab(self.theirs_view, self.tr("T&heir change"))
        self.tabs.addTab(self.mine_view, self.tr("&Your edits"))
        self.tabs.addTab(self.merged_view, self.tr("What &Keep Mine writes"))
        self.tabs.hide()
        buttons = QDialogButtonBox(self)
        self.mine = QPushButton(self.tr("Keep &Mine"), self)
        self.mine.setEnabled(diffs.merged is not None)
        if diffs.merged is None and diffs.problem:
            self.mine.setToolTip(diffs.problem)
        self.theirs = QPushButton(self.tr("&Take Theirs"), self)
        self.show_diff = QPushButton(self.tr("Show &Differences"), self)
        self.show_diff.setCheckable(True)
        buttons.addButton(self.mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.theirs, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.show_diff, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter keeps the edits: Keep Mine, or Cancel when the edits cannot be
        # applied, never Take Theirs (which drops them).
        self.theirs.setAutoDefault(False)
        if self.mine.isEnabled():
            self.mine.setDefault(True)
        else:
            self.cancel.setDefault(True)
            self.cancel.setFocus()
        self.mine.clicked.connect(lambda: self._choose(MINE))
        self.theirs.clicked.connect(lambda: self._choose(THEIRS))
        self.show_diff.toggled.connect(self._toggle_diff)
        buttons.rejected.connect(self.reject)
        column.addWidget(label)
        column.addWidget(self.note)
        column.addWidget(self.tabs, 1)
        column.addWidget(buttons)

    def _toggle_diff(self, on: bool) -> None:
        self.tabs.setVisible(on)
        if on:
            self.resize(max(self.width(), 760), max(self.height(), 460))

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def set_unsaved_mnemonics(box: QMessageBox) -> None:
    """&Save, &Discard, &Cancel: each answer of the unsaved-changes box has
    its Alt key (the platform's labels may have none)."""
    for button, text in (
        (QMessageBox.StandardButton.Save, QCoreApplication.translate("Dialogs", "&Save")),
        (QMessageBox.StandardButton.Discard, QCoreApplication.translate("Dialogs", "&Discard")),
        (QMessageBox.StandardButton.Cancel, QCoreApplication.translate("Dialogs", "&Cancel")),
    ):
        found = box.button(button)
        if found is not None:
            found.setText(text)


def plain_box(box: QMessageBox) -> QMessageBox:
    """``box`` showing its texts as they are, its informative text too: a
    title or a file name holding a tag was shown as HTML (a page's title
    ``<img src=/dev/stdin>`` held the window for good, another drew a
    picture of the machine's).  Call it once the texts are set."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    return box


def unsaved_box(parent: QWidget | None, name: str) -> QMessageBox:
    """The Save / Discard / Cancel box for unsaved edits of ``name``."""
    title = QCoreApplication.translate("Dialogs", "Unsaved Changes")
    text = QCoreApplication.translate("Dialogs", "%1 has unsaved changes. Save them?")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title,
        text.replace("%1", name),
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    set_unsaved_mnemonics(box)
    return plain_box(box)


def ask_unsaved(parent: QWidget, name: str) -> str:
    """Save, Discard or Cancel for unsaved edits of ``name``."""
    box = unsaved_box(parent, name)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def ask_conflict(parent: QWidget, name: str, diffs: ConflictDiffs, note: str = "") -> str:
    """``mine``, ``theirs`` or ``cancel``; ``diffs`` shows both sides and the
    merge; ``note`` says what they cannot show."""
    dialog = ConflictDialog(name, diffs, parent, note)
    dialog.exec()
    return dialog.choice


def show_diff(parent: QWidget, title: str, diff: str, note: str = "") -> None:
    DiffDialog(title, diff, parent, note).exec()


# A run of this many characters with no space in a question is given places
# to break (a name 300 characters long made the dialog 2,000 pixels wide,
# its buttons past the screen's edge).
_UNBROKEN = re.compile(r"\S{40}(?=\S)")


def _question(parent: QWidget, title: str, label: str) -> QInputDialog:
    """An input dialog whose question wraps within the parent's screen."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(_UNBROKEN.sub(lambda m: m.group(0) + "\u200b", label))
    screen = parent.screen() if parent is not None else None
    width = screen.availableGeometry().width() if screen is not None else 1024
    for shown in dialog.findChildren(QLabel):
        shown.setWordWrap(True)
        shown.setMaximumWidth(max(240, min(640, width - 80)))
    dialog.setProperty("fieldWidth", max(200, min(460, width - 140)))
    return dialog


def _widen_fields(dialog: QInputDialog) -> None:
    """Room for a file name and the title (a 180-pixel field held a name
    of 250 characters, and the title was cut to "Rena… eader")."""
    for field in (*dialog.findChildren(QLineEdit), *dialog.findChildren(QComboBox)):
        field.setMinimumWidth(int(dialog.property("fieldWidth")))


def _name_part(text: str) -> tuple[int, int] | None:
    """Where the name in the file name ``text`` starts and how long it is
    (as the line edit counts: an emoji is two): what typing replaces.  Not
    its article extension (``.md``), nor the date it starts with
    (``2020-11-21-``: typing a name dropped the article's date); None when
    ``text`` has no article extension."""
    from reader.core.article.dates import date_prefix_length
    from reader.core.library.scan import ARTICLE_SUFFIXES

    dot = text.rfind(".")
    if dot <= 0 or text[dot:].lower() not in ARTICLE_SUFFIXES:
        return None
    start = date_prefix_length(text)
    if start >= dot:  # (a name that is only a date: "2020-11-21.md")
        start = 0
    return qt_length(text[:start]), qt_length(text[start:dot])


def _ok_only_with_text(dialog: QInputDialog) -> None:
    """OK pressable only while the field holds more than blanks: an empty
    name or title was taken as Cancel, and the dialog closed without a word."""
    from PySide6.QtWidgets import QDialogButtonBox

    dialog.sizeHint()  # (lays the dialog out: its buttons are made then)
    for box in dialog.findChildren(QDialogButtonBox):
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(dialog.textValue().strip()))
            dialog.textValueChanged.connect(lambda value, ok=ok: ok.setEnabled(bool(value.strip())))


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """The text typed, stripped; None when cancelled (OK needs some text)."""
    dialog = _question(parent, title, label)
    dialog.setTextValue(text)
    _widen_fields(dialog)
    _ok_only_with_text(dialog)
    chosen = _name_part(text)
    if chosen is not None:  # a file name: its name chosen, its extension kept
        start, length = chosen
        for line in dialog.findChildren(QLineEdit):
            # (once shown: showing it chooses the whole text)
            QTimer.singleShot(0, line, lambda line=line: line.setSelection(start, length))
    try:
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.textValue()
    finally:
        dialog.deleteLater()
    return value.strip() if ok and value.strip() else None


def ask_item(
    parent: QWidget, title: str, label: str, items: list[str], current: str = ""
) -> str | None:
    dialog = _question(parent, title, label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(True)
    for box in dialog.findChildren(QComboBox):  # (as wide as its longest item, else)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(40)
    _widen_fields(dialog)
    if current in items:
        dialog.setTextValue(current)
    try:
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.textValue()
    finally:
        dialog.deleteLater()
    return value.strip() if ok and value.strip() else None


def run_dialog(dialog: QDialog) -> bool:
    """Run a prepared dialog (a bulk preview); True when accepted."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def confirm_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """The Yes / No box of :func:`confirm`: No is the default (and Esc), so
    that Enter never does what is asked (trash a file, undo a bulk edit)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return plain_box(box)


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask a question whose Yes changes files; True only when Yes is chosen."""
    box = confirm_box(parent, title, text)
    try:
        return box.exec() == QMessageBox.StandardButton.Yes
    finally:
        box.deleteLater()


def inform(parent: QWidget, title: str, text: str, *, warning: bool = False) -> None:
    """A message with OK, its text shown as it is (see :func:`plain_box`)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = plain_box(QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent))
    try:
        box.exec()
    finally:
        box.deleteLater()
