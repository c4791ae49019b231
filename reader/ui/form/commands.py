"""Undo commands of the form: each applies an operation on the article's
:class:`~reader.core.edit.ArticleEdit` (set a key, remove a key, replace the
front-matter text) and restores the state before it on undo.

Consecutive edits of one key merge into one step, but never across runs of
typing in the Raw tab (counted by :class:`~reader.ui.form.keys.FormKeys`):
typing there is as many steps as a text editor makes of it (a run of typing,
a run of deletions, a new line), not one for the whole session.  A step that
ends where it began (a date typed on the way to one that is not a date, and
put back) does not stay: every undo changes something.

Typed input that does not parse (in the Raw tab, or a field's: a date
2021-02-30) is not in the edit; it becomes a step of its own
(:class:`InputCommand`) when undo or redo is asked for, so that undoing
never throws it away for good: redo gives it back.  Input is a mapping of
the field's key (:data:`~reader.ui.form.form.RAW` for the Raw tab) to the
text typed.

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
    "InputCommand",
    "carry_history",
    "input_shown",
    "restore_history",
    "same_state",
]

_MERGE_ID = 0x4652  # consecutive edits of one key merge into one step

#: Typed input that does not parse, by key (the Raw tab's under ``RAW``).
Input = dict[str, str]


def _typing_step(form) -> object:
    """Which run of the Raw tab's typing the form is at (see
    :attr:`reader.ui.form.keys.FormKeys.typing_step`)."""
    keys = getattr(form, "keys", None)
    return keys.typing_step if keys is not None else 0


def _raw_key() -> str:
    from reader.ui.form.form import RAW  # the form imports this module

    return RAW


def input_shown(stack: QUndoStack) -> Input:
    """The typed input that does not parse which the last step done left
    shown (empty: none)."""
    index = stack.index()
    done = stack.command(index - 1) if index > 0 else None
    if isinstance(done, InputCommand | EditCommand):
        return dict(done.inputs_after)
    return {}


def same_values(a: Any, b: Any) -> bool:
    """Whether two front-matter values are the same value of the same type."""
    if a is b:
        return True
    try:
        from reader.core.article.patch import same_value  # (the codec: not at start-up)

        return type(a) is type(b) and same_value(a, b)
    except (TypeError, ValueError):
        return False


def same_state(a: tuple, b: tuple) -> bool:
    """Whether two snapshots of an edit (see
    :meth:`~reader.core.edit.ArticleEdit.snapshot`) are the same state."""
    base_a, changes_a, removed_a, raw_a = a
    base_b, changes_b, removed_b, raw_b = b
    if base_a is not base_b and base_a.raw != base_b.raw:
        return False
    if raw_a != raw_b or removed_a != removed_b or list(changes_a) != list(changes_b):
        return False
    return all(same_values(changes_a[key], changes_b[key]) for key in changes_a)


class EditCommand(QUndoCommand):
    """``operation`` mutates ``form.edit``; the states before and after are
    snapshots, so undo and redo are exact whatever the operation was.

    ``inputs_before`` is the input that does not parse the steps left shown
    before it (undo shows it again); ``inputs_after`` what stays of it (the
    key's own goes: its value replaced it; all of it with ``keep_inputs``
    false, as Revert)."""

    def __init__(
        self,
        form,
        text: str,
        key: str,
        operation: Callable[[], None],
        merge: bool = False,
        keep_inputs: bool = True,
    ):
        super().__init__(text)
        self.form = form
        self.key = key
        self.merge = merge
        self.inputs_before: Input = input_shown(form.undo_stack)
        self.inputs_after: Input = (
            {k: v for k, v in self.inputs_before.items() if k != key} if keep_inputs else {}
        )
        self.before = form.edit.snapshot()
        operation()
        self.after = form.edit.snapshot()
        self.step: object = _typing_step(form)
        self.source = ""  # the untranslated name (see FrontMatterForm.push)
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
        self.inputs_after = other.inputs_after
        # back where it began (2021-02-3 typed on the way to 2021-02-30, and
        # the date put back): the stack drops the step, which would undo nothing
        self.setObsolete(self.changes_nothing())
        return True

    def changes_nothing(self) -> bool:
        return self.inputs_before == self.inputs_after and same_state(self.before, self.after)

    def redo(self) -> None:
        if self._first:  # the operation ran already; the editor shows it
            self._first = False
            self.form.state_changed()
            return
        self.form.restore_state(self.after, self.key)
        if self.inputs_after:
            self.form.show_inputs(self.inputs_after, set(self.inputs_after), reveal=False)

    def undo(self) -> None:
        self.form.restore_state(self.before, self.key)
        if self.inputs_before:
            self.form.show_inputs(self.inputs_before, set(self.inputs_before), reveal=False)

    def carried(self) -> Callable[[Any], QUndoCommand]:
        """This step, to be made a step of another form that edits the same
        :class:`~reader.core.edit.ArticleEdit` (a window opened again)."""
        text, key, merge, source = self.text(), self.key, self.merge, self.source
        before, after = self.before, self.after
        inputs_before, inputs_after = self.inputs_before, self.inputs_after

        def make(form) -> QUndoCommand:
            # named in the language of the form it joins (it said "Edit title"
            # in a window opened again in Chinese)
            # (``source`` is one of the form's own tr() literals, extracted there)
            translate = QCoreApplication.translate
            named = translate("FrontMatterForm", source).replace("%1", key) if source else text
            command = EditCommand(form, named, key, lambda: None, merge)
            command.source = source
            command.before, command.after = before, after
            command.inputs_before, command.inputs_after = inputs_before, inputs_after
            command.step = object()  # later typing makes steps of its own
            return command

        return make


class InputCommand(QUndoCommand):
    """Typing that does not parse, which is kept only where it was typed (a
    field, the Raw tab), not in the edit, as a step: from the input
    ``inputs_before`` to ``inputs_after``.  Made when undo or redo is asked
    for while the form shows other input than the last step left."""

    def __init__(self, form, inputs_before: Input, inputs_after: Input):
        super().__init__(
            QCoreApplication.translate("RawInputCommand", "Type text that does not parse")
        )
        self.form = form
        self.inputs_before = dict(inputs_before)
        self.inputs_after = dict(inputs_after)
        self.state = form.edit.snapshot()
        self._first = True

    def redo(self) -> None:
        if self._first:  # the text is where it was typed already
            self._first = False
            return
        self._show(self.inputs_after)

    def undo(self) -> None:
        self._show(self.inputs_before)

    def _show(self, inputs: Input) -> None:
        keys = set(self.inputs_before) | set(self.inputs_after)
        raw = _raw_key()
        key = raw if raw in keys else min(keys, default=raw)
        self.form.restore_state(self.state, key)
        self.form.show_inputs(inputs, keys)

    def carried(self) -> Callable[[Any], QUndoCommand]:
        inputs_before, inputs_after, state = self.inputs_before, self.inputs_after, self.state

        def make(form) -> QUndoCommand:
            command = InputCommand(form, inputs_before, inputs_after)
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
        if not isinstance(command, EditCommand | InputCommand):
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
