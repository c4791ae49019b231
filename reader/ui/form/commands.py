"""Undo commands of the form: each applies an operation on the article's
:class:`~reader.core.edit.ArticleEdit` (set a key, remove a key, replace the
front-matter text) and restores the state before it on undo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

__all__ = ["EditCommand"]

_MERGE_ID = 0x4652  # consecutive edits of one key merge into one step


class EditCommand(QUndoCommand):
    """``operation`` mutates ``form.edit``; the states before and after are
    snapshots, so undo and redo are exact whatever the operation was."""

    def __init__(
        self, form, text: str, key: str, operation: Callable[[], None], merge: bool = False
    ):
        super().__init__(text)
        self.form = form
        self.key = key
        self.merge = merge
        self.before = form.edit.snapshot()
        operation()
        self.after = form.edit.snapshot()
        self._first = True

    def id(self) -> int:
        return _MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or not other.merge or other.key != self.key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._first:  # the operation ran already; the editor shows it
            self._first = False
            self.form.state_changed()
            return
        self.form.restore_state(self.after, self.key)

    def undo(self) -> None:
        self.form.restore_state(self.before, self.key)
