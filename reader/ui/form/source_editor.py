"""Edit source: the whole file in a plain-text editor with Markdown, HTML and
YAML colours.  The bytes go back through the same atomic, conflict-checked
save as the form (the controller saves; this only edits and checks)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.core.article.codec import parse_article
from reader.core.article.model import Article
from reader.core.edit.source import source_bytes, source_text
from reader.ui.form import dialogs
from reader.ui.form.highlighter import SourceHighlighter
from reader.ui.form.plain_text import exact_text, holds_exactly
from reader.ui.shown_text import one_line
from reader.ui.theme import error_color

__all__ = ["SourceEditor"]

CHECK_DELAY_MS = 250


class SourceEditor(QDialog):
    save_requested = Signal(bytes)

    def __init__(self, rel: str, article: Article, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sourceEditor")
        self.setWindowTitle(self.tr("Source of %1").replace("%1", one_line(rel)) + "[*]")
        self.resize(820, 640)
        self.article = article
        text, self.text_layout = source_text(article.raw)
        self.valid_utf8 = self.text_layout.valid_utf8
        # Text the editor would change on the way in (see .plain_text) is not editable.
        self.exact = self.valid_utf8 and holds_exactly(text)
        self._original = text
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("sourceText")
        self.editor.setAccessibleName(self.tr("Article source"))
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = SourceHighlighter(self.editor.document(), article.body_format)
        self.editor.setPlainText(text)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.status.setObjectName("sourceStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        column = QVBoxLayout(self)
        column.addWidget(self.editor, 1)
        column.addWidget(self.status)
        column.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self.editor.textChanged.connect(self._changed)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save)
        self.check()
        if not self.valid_utf8:
            self.editor.setReadOnly(True)
            self.save_button.setEnabled(False)
            self.status.setText(
                self.tr(
                    "This file is not valid UTF-8; editing it here would "
                    "change bytes, so it is read-only."
                )
            )
        elif not self.exact:
            self.editor.setReadOnly(True)
            self.save_button.setEnabled(False)
            self.status.setText(
                self.tr(
                    "This file holds a paragraph separator (U+2029), which "
                    "this editor would turn into a line break, so it is "
                    "read-only."
                )
            )

    def text(self) -> str:
        """The text as typed; no-break spaces stay no-break spaces."""
        return exact_text(self.editor)

    def new_bytes(self) -> bytes:
        return source_bytes(self.text(), self.text_layout)

    def _changed(self) -> None:
        self.setWindowModified(self.text() != self._original)
        self._timer.start()

    def check(self) -> bool:
        """Check the text as the codec reads it; errors name the line."""
        self._timer.stop()
        if not self.exact:
            return False
        parsed = parse_article(self.new_bytes(), self.article.path)
        errors = parsed.errors
        if errors:
            first = errors[0]
            where = self.tr("Line %1: ").replace("%1", str(first.line)) if first.line else ""
            self.status.setText(where + first.message)
            self.status.setStyleSheet(f"color: {error_color(self.status.palette()).name()};")
        else:
            self.status.setText(self.tr("The front matter reads correctly."))
            self.status.setStyleSheet("")
        self.save_button.setEnabled(not errors)
        return not errors

    def _save(self) -> None:
        if self.check():
            self.save_requested.emit(self.new_bytes())

    def reject(self) -> None:
        """Closing with unsaved edits asks first; Save chosen for text that
        does not read says why it cannot, and goes to the line (it did
        nothing, without a word)."""
        if self.isWindowModified():
            answer = dialogs.ask_unsaved(self, self.windowTitle().replace("[*]", ""))
            if answer == dialogs.SAVE:
                if not self.check():
                    self._explain_refusal()
                    return
                self._save()
                return
            if answer == dialogs.CANCEL:
                return
        super().reject()

    def _explain_refusal(self) -> None:
        parsed = parse_article(self.new_bytes(), self.article.path) if self.exact else None
        first = parsed.errors[0] if parsed is not None and parsed.errors else None
        dialogs.inform(
            self,
            self.tr("Not Saved"),
            self.tr(
                "%1\n\nThe text cannot be saved until it reads correctly. Correct it, "
                "or close and choose Discard to leave the file as it is."
            ).replace("%1", self.status.text()),
        )
        if first is not None and first.line:
            block = self.editor.document().findBlockByNumber(first.line - 1)
            if block.isValid():
                cursor = self.editor.textCursor()
                cursor.setPosition(block.position())
                self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def saved(self) -> None:
        """The controller wrote the bytes: close."""
        self.setWindowModified(False)
        self.accept()
