"""Undo commands of the form: each applies an operation on the article's
:class:`~reader.core.edit.ArticleEdit` (set a key, remove a key, replace the
front-matter text) and restores the state before it on undo.

Consecutive edits of one key merge into one step, but never across runs of
typing in the Raw tab (counted by :class:`~reader.ui.form.keys.FormKeys`):
typing there is as many steps as a text editor makes of it (a run of typing,
a run of deletions, a new line), not one for the whole session.  Typing in
the Raw tab that does not parse is not in the edit; it becomes a step of its
own (:class:`RawInputCommand`) when undo or redo is asked for, so that
undoing never throws it away for good.

:func:`carry_history` and :func:`restore_history` move the steps to the form
of a window opened again (in a new language): they work on the same edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

__all__ = [
    "EditCommand",
    "History",
    "RawInputCommand",
    "carry_history",
    "raw_input_shown",
    "restore_history",
]

_MERGE_ID = 0x4652  # consecutive edits of one key merge into one step


def _typing_step(form) -> object:
    """Which run of the Raw tab's typing the form is at (see
    :attr:`reader.ui.form.keys.FormKeys.typing_step`)."""
    keys = getattr(form, "keys", None)
    return keys.typing_step if keys is not None else 0


def raw_input_shown(stack: QUndoStack) -> str | None:
    """The text that does not parse which the last step done left in the
    Raw tab (None: the edit's own text)."""
    index = stack.index()
    done = stack.command(index - 1) if index > 0 else None
    return done.typed_after if isinstance(done, RawInputCommand) else None


def _show(form, state: tuple, key: str, typed: str | None) -> None:
    """Put ``state`` back; ``typed``, text that does not parse, in the Raw tab."""
    form.restore_state(state, key)
    if typed is None:
        return
    form.tabs.setCurrentIndex(1)
    shown = form.raw_text()
    form.raw.setPlainText(typed)  # the form finds its error again
    # the cursor where the text changed, as after typing it
    same = 0
    limit = min(len(shown), len(typed))
    while same < limit and shown[-1 - same] == typed[-1 - same]:
        same += 1
    cursor = form.raw.textCursor()
    cursor.setPosition(len(typed) - same)
    form.raw.setTextCursor(cursor)


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
        # made right after typing that does not parse was redone: undo shows it again
        self.typed_before = raw_input_shown(form.undo_stack)
        self.before = form.edit.snapshot()
        operation()
        self.after = form.edit.snapshot()
        self.step: object = _typing_step(form)
        self._first = True

    def id(self) -> int:
        return _MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, EditCommand)
            or not other.merge
            or other.key != self.key
            or other.step != self.step
        ):
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
        _show(self.form, self.before, self.key, self.typed_before)

    def carried(self) -> Callable[[Any], QUndoCommand]:
        """This step, to be made a step of another form that edits the same
        :class:`~reader.core.edit.ArticleEdit` (a window opened again)."""
        text, key, merge = self.text(), self.key, self.merge
        before, after, typed_before = self.before, self.after, self.typed_before

        def make(form) -> QUndoCommand:
            command = EditCommand(form, text, key, lambda: None, merge)
            command.before, command.after = before, after
            command.typed_before = typed_before
            command.step = object()  # later typing makes steps of its own
            return command

        return make


class RawInputCommand(QUndoCommand):
    """Typing in the Raw tab that does not parse, which is kept only there
    (not in the edit), as a step: from ``typed_before`` to ``typed_after``
    (None: the edit's own text).  Made when undo or redo is asked for while
    the Raw tab shows other text than the last step left in it."""

    def __init__(self, form, typed_before: str | None, typed_after: str | None):
        super().__init__(
            QCoreApplication.translate("RawInputCommand", "Type text that does not parse")
        )
        self.form = form
        self.typed_before = typed_before
        self.typed_after = typed_after
        self.state = form.edit.snapshot()
        self._first = True

    def redo(self) -> None:
        if self._first:  # the text is in the Raw tab already
            self._first = False
            return
        _show(self.form, self.state, self._raw_key(), self.typed_after)

    def undo(self) -> None:
        _show(self.form, self.state, self._raw_key(), self.typed_before)

    @staticmethod
    def _raw_key() -> str:
        from reader.ui.form.form import RAW  # the form imports this module

        return RAW

    def carried(self) -> Callable[[Any], QUndoCommand]:
        typed_before, typed_after, state = self.typed_before, self.typed_after, self.state

        def make(form) -> QUndoCommand:
            command = RawInputCommand(form, typed_before, typed_after)
            command.state = state
            return command

        return make


#: The undo steps of a form, each to be made again in another form, and how
#: many of them are done (see :func:`carry_history`).
History = tuple[list[Callable[[Any], QUndoCommand]], int]


def carry_history(stack: QUndoStack) -> History | None:
    """The steps of ``stack`` and how many of them are done, for
    :func:`restore_history` in another form (None: a step that cannot be)."""
    makers = []
    for i in range(stack.count()):
        command = stack.command(i)
        if not isinstance(command, EditCommand | RawInputCommand):
            return None
        makers.append(command.carried())
    return makers, stack.index()


def restore_history(form, history: History) -> None:
    """Give ``form`` (just set to the edit the steps were made on, in its
    state now) the undo steps of another form: the same steps, as many of
    them done, the edit left as it is."""
    makers, index = history
    stack: QUndoStack = form.undo_stack
    stack.clear()
    for make in makers:
        stack.push(make(form))  # its first redo does nothing: the edit is as it is
    stack.setIndex(index)  # undoes the steps that were undone, back to the edit's state
