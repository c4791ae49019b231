"""The conflict resolution view: per front-matter key the base, mine and
theirs (click one to take it, or type the value), and the body merged with
any conflicting stretch left marked for editing.  Saving is an ordinary
lossless save; a sync tool's copy then goes to the trash."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.edit.source import TextLayout, source_bytes, source_text
from reader.ui.form.plain_text import exact_text, holds_exactly
from reader.ui.shown_text import one_line
from reader.ui.theme import error_color
from reader.ui.vcs.sizing import fit_size

if TYPE_CHECKING:
    from reader.core.library.conflicts import ConflictCase
    from reader.ui.main_window import MainWindow
    from reader.ui.vcs.actions import VcsActions

__all__ = ["ConflictDialog"]

KEY, BASE_COL, MINE_COL, THEIRS_COL, RESULT = range(5)
_SIDES = {BASE_COL: "base", MINE_COL: "mine", THEIRS_COL: "theirs"}


class ConflictDialog(QDialog):
    def __init__(self, window: MainWindow, vcs: VcsActions, case: ConflictCase):
        super().__init__(window)
        self.setObjectName("conflictDialog")
        self._window = window
        self._vcs = vcs
        self.case = case
        plan = case.plan
        self.choices: dict[str, Any] = {}  # key → "mine" / "theirs" / "base" / Edited
        self._built = False
        self.setWindowTitle(self.tr("Resolve Conflict in %1").replace("%1", one_line(case.path)))
        fit_size(self, 1000, 680)

        if case.kind == "copy":
            source = self.tr("A sync tool left a conflicting copy: %1").replace(
                "%1", case.copy or ""
            )
            mine, theirs = self.tr("This file"), self.tr("The copy")
        elif case.kind == "git":
            source = self.tr("A git merge left this article in conflict.")
            mine, theirs = self.tr("Ours"), self.tr("Theirs")
        else:
            source = self.tr("This article holds merge conflict markers.")
            mine, theirs = self.tr("Ours"), self.tr("Theirs")
        self.source_label = QLabel(source, self)
        self.source_label.setTextFormat(
            Qt.TextFormat.PlainText
        )  # (a name, a title: shown as it is)
        self.source_label.setWordWrap(True)
        self.keys_label = QLabel(self)
        self.keys_label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.keys_label.setWordWrap(True)

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("conflictKeys")
        self.table.setAccessibleName(self.tr("Front-matter keys"))
        base_header = self.tr("Base") if plan.base is not None else self.tr("Base (none)")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Key"), base_header, mine, theirs, self.tr("Result (editable)")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KEY, QHeaderView.ResizeMode.ResizeToContents)
        self._rows: list[Any] = [k for k in plan.keys if k.changed_by]
        self.table.setRowCount(len(self._rows))
        for row, key in enumerate(self._rows):
            self.table.setItem(row, KEY, self._cell(key.key))
            for column, side in _SIDES.items():
                item = self._cell(key.text(getattr(key, side)) or self.tr("(absent)"))
                item.setToolTip(self.tr("Click to take this value"))
                self.table.setItem(row, column, item)
            result = QTableWidgetItem()
            result.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsSelectable
            )
            self.table.setItem(row, RESULT, result)
            if not key.conflict:
                self.take(row, {"mine": MINE_COL, "theirs": THEIRS_COL}[key.default])
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellClicked.connect(self._clicked)
        self.table.itemChanged.connect(self._edited)

        self.body_label = QLabel(self)
        self.body_label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("conflictBody")
        self.body.setAccessibleName(self.tr("Merged body"))
        self.body.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._body_exact = self._body_shown = ""
        self._layout = TextLayout()
        self.set_body(plan.body.text(mine, theirs))
        self.body.textChanged.connect(self._update)
        take_mine = QPushButton(self.tr("Whole Body from %1").replace("%1", mine), self)
        take_theirs = QPushButton(self.tr("Whole Body from %1").replace("%1", theirs), self)
        take_mine.clicked.connect(lambda: self.set_body(plan.body.pick("mine")))
        take_theirs.clicked.connect(lambda: self.set_body(plan.body.pick("theirs")))

        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.error_label.setObjectName("conflictError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {error_color(self.palette()).name()};")
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            self.tr("Save Resolution"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveResolution")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.keys_label)
        top_layout.addWidget(self.table)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        row_layout = QHBoxLayout()
        row_layout.addWidget(self.body_label, 1)
        row_layout.addWidget(take_mine)
        row_layout.addWidget(take_theirs)
        bottom_layout.addLayout(row_layout)
        bottom_layout.addWidget(self.body)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._built = True
        self._update()

    def _cell(self, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    # -- choosing ------------------------------------------------------------------------

    def take(self, row: int, column: int) -> None:
        key = self._rows[row]
        side = _SIDES[column]
        self.choices[key.key] = side
        self.table.blockSignals(True)
        self._item(row, RESULT).setText(key.text(getattr(key, side)))
        self._mark(row, column)
        self.table.blockSignals(False)
        self._update()

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is made in __init__
        return item

    def _mark(self, row: int, column: int | None) -> None:
        """Show which side the row's result comes from (None: typed)."""
        for other in _SIDES:
            cell = self._item(row, other)
            font = cell.font()
            font.setBold(other == column)
            cell.setFont(font)
            cell.setBackground(QBrush(QColor(46, 125, 50, 60)) if other == column else QBrush())

    def _clicked(self, row: int, column: int) -> None:
        if column in _SIDES:
            self.take(row, column)

    def _edited(self, item: QTableWidgetItem) -> None:
        if item.column() != RESULT:
            return
        from reader.core.article.model import ArticleError

        key = self._rows[item.row()]
        try:
            self.choices[key.key] = key.typed(item.text())
        except ArticleError as exc:
            self.choices.pop(key.key, None)
            self.error_label.setText(f"{key.key}: {exc.message}")
            self._update(keep_error=True)
            return
        self._mark(item.row(), None)
        self._update()

    # -- state and saving ----------------------------------------------------------------

    def unresolved_keys(self) -> list[str]:
        return [k.key for k in self._rows if k.conflict and k.key not in self.choices]

    def _update(self, keep_error: bool = False) -> None:
        from reader.core.article.conflicts import conflict_blocks

        if not self._built:
            return
        left = self.unresolved_keys()
        blocked = self.table.blockSignals(True)  # colours are not edits
        for row, key in enumerate(self._rows):
            cell = self._item(row, RESULT)
            waiting = key.key in left
            cell.setBackground(QBrush(QColor(198, 40, 40, 50)) if waiting else QBrush())
            cell.setToolTip(self.tr("Click a value to take it, or type one") if waiting else "")
        self.table.blockSignals(blocked)
        changed = len(self._rows)
        if changed:
            text = self.tr("%n key(s) differ.", "", changed)
            if left:
                text += " " + self.tr("Choose a value for: %1").replace("%1", ", ".join(left))
        else:
            text = self.tr("The front matter is the same on both sides.")
        self.keys_label.setText(text)
        blocks = len(conflict_blocks(self.body_text()))
        if blocks:
            self.body_label.setText(
                self.tr("Body: %n conflicting stretch(es) left to edit.", "", blocks)
            )
        else:
            self.body_label.setText(self.tr("Body: merged."))
        self.save_button.setEnabled(not left and not blocks)
        if not keep_error:
            self.error_label.clear()

    def result_bytes(self) -> bytes:
        """The resolved file (raises ArticleError while anything is unresolved)."""
        return self.case.plan.result(self.choices, self.body_text())

    def set_body(self, text: str) -> None:
        """Show ``text`` in the body editor; saved byte for byte unless
        edited, and then only what was edited changes (the editor's own
        text turned every no-break space into a space, U+2028 into a line
        break, and a body of mixed line ends into CRLF throughout).  Text an
        editor cannot hold (U+2029) is shown read-only: whole bodies only."""
        self._body_exact = text
        shown, self._layout = source_text(text.encode("utf-8", "surrogateescape"))
        self.body.setPlainText(shown)
        self._body_shown = exact_text(self.body)
        self.body.setReadOnly(not holds_exactly(shown))

    def body_text(self) -> str:
        """The body to save: exactly what was set while the editor shows it
        unchanged; else the text typed, each line with its own line end
        where it was kept (see :func:`~reader.core.edit.source.source_bytes`)."""
        shown = exact_text(self.body)
        if shown == self._body_shown:
            return self._body_exact
        return source_bytes(shown, self._layout).decode("utf-8", "surrogateescape")

    def save(self) -> None:
        from reader.core.article.model import ArticleError

        try:
            new_raw = self.result_bytes()
        except ArticleError as exc:
            self.error_label.setText(str(exc))
            return
        library = self._window.library
        if library is None:
            return
        case = self.case
        self.save_button.setEnabled(False)

        def work() -> bool:
            from reader.core.library.conflicts import resolve_conflict

            return resolve_conflict(library, case, new_raw)

        def done(_changed: bool) -> None:
            text = self.tr("Conflict in %1 resolved").replace("%1", one_line(case.path))
            if case.copy:
                text += " " + self.tr("(the copy was moved to the trash)")
            self._window.show_status(text, 8000)
            self._window.show_after_change(case.path)
            self._vcs.schedule_update()
            self.accept()

        def failed(exc: BaseException) -> None:
            self.error_label.setText(getattr(exc, "message", None) or str(exc))
            self.save_button.setEnabled(True)

        self._window.run(work, done, failed)
