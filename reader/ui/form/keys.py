"""The keys inside the form: the window's shortcuts win over a field's own
key bindings, and undo and redo are the form's.

A text field has bindings of its own that take keys the window uses: with
X11's bindings Ctrl+U deletes the line and Ctrl+E moves to its end, so the
window's Edit Source and Edit Front Matter never ran while a field had the
focus (and the title was deleted).  Each field would also undo its own
typing, not the form's edit (Ctrl+Z in another field did nothing).

:class:`FormKeys` watches the widget of the form that has the focus (one
at a time, moved with the focus) and, before the field sees a key:

- Undo and Redo (Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y) go to the form's undo stack,
  wherever the focus is in the form, the Raw tab included: its text editor
  keeps no undo history of its own, and its typing is form steps as a text
  editor makes them (a run of typing, a run of deletions, a new line), so
  undo and redo are exact inverses there too.  Typing that does not parse
  (in the Raw tab, or a field's: a date 2021-02-30) first becomes a step of
  its own, so undo never loses it.
  Outside the form the window's Undo Edit and Redo Edit keys do nothing to
  the form (see the controller): a search box keeps its own undo.
- A key that is a shortcut of the window (or of the form) is left to that
  shortcut, and never reaches the field, even while the action is disabled.
  Plain typing, Shift+letter, the clipboard keys and the word keys
  (Ctrl+Delete, Ctrl+Backspace, Ctrl+arrows) stay the field's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QUndoStack

    from reader.ui.form.form import FrontMatterForm

__all__ = ["FormKeys", "redo_shortcuts"]

_SK = QKeySequence.StandardKey
#: Keys a field keeps even when the window has an action on them.
_FIELD_KEYS = (_SK.Copy, _SK.Cut, _SK.Paste, _SK.SelectAll)
#: Keys an editable text field claims for itself: deleting, moving and
#: selecting by word.  A line edit does not claim all of them (Ctrl+Delete,
#: Move to Trash, would run instead of deleting a word).
_WORD_KEYS = (
    _SK.DeleteEndOfWord,
    _SK.DeleteStartOfWord,
    _SK.MoveToNextWord,
    _SK.MoveToPreviousWord,
    _SK.SelectNextWord,
    _SK.SelectPreviousWord,
)
_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def redo_shortcuts() -> list[QKeySequence]:
    """Redo's keys: Ctrl+Shift+Z (shown in the menu on every platform) and
    Ctrl+Y, then whatever else the platform binds to Redo."""
    keys: list[QKeySequence] = []
    for key in (
        QKeySequence("Ctrl+Shift+Z"),
        QKeySequence("Ctrl+Y"),
        *QKeySequence.keyBindings(_SK.Redo),
    ):
        if not key.isEmpty() and key not in keys:
            keys.append(key)
    return keys


def _editable_text(widget: QWidget) -> bool:
    """``widget`` is a text field the user can type in."""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return False


def _changed_key(command: object) -> str | None:
    """The key of the field a step changed (its typed input, else its value)."""
    inputs = [
        *getattr(command, "inputs_before", {}),
        *getattr(command, "inputs_after", {}),
    ]
    key = getattr(command, "key", None)
    return key if isinstance(key, str) else next(iter(inputs), None)


def _sequence(event: QKeyEvent) -> QKeySequence:
    combination = event.keyCombination()
    modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(QKeyCombination(modifiers, combination.key()))


class FormKeys(QObject):
    """The event filter of the focused widget inside ``form`` (see the module)."""

    def __init__(self, form: FrontMatterForm, undo_stack: QUndoStack, raw: QPlainTextEdit):
        super().__init__(form)
        self._form = form
        self._stack = undo_stack
        self._raw = raw
        self._redo = redo_shortcuts()
        self._watched: QWidget | None = None
        #: Counts the runs of typing in the Raw tab (see :meth:`_raw_changed`):
        #: form edits made in one run are one step of the form.
        self.typing_step = 0
        self._run: tuple[str, int] | None = None
        self._blocks = raw.document().blockCount()
        # The Raw tab's undo is the form's: its text editor keeps no history
        # of its own (its context menu's Undo would change the text behind
        # the form's steps).
        raw.setUndoRedoEnabled(False)
        raw.document().contentsChange.connect(self._raw_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _raw_changed(self, position: int, removed: int, added: int) -> None:
        """A change of the Raw tab's text (before the form sees it): a run of
        characters typed one after another, or of Backspace or Delete, is one
        step, as in a text editor; a new line, a paste, a selection typed
        over or a text set by the form starts another."""
        blocks = self._raw.document().blockCount()
        lines = blocks != self._blocks
        self._blocks = blocks
        run: tuple[str, int] | None = None
        continues = False
        if removed == 0 and added == 1:
            run = ("type", position + 1)
            continues = not lines and self._run == ("type", position)
        elif removed == 1 and added == 0:
            run = ("delete", position)
            continues = not lines and self._run in (("delete", position), ("delete", position + 1))
        if not continues:
            self.typing_step += 1
        self._run = run

    def step(self, which: str) -> None:
        """Undo (``which`` "undo") or redo the form's last step.  Typing
        that does not parse (or that took such text away again), in the Raw
        tab or a field, since the last step becomes a step first; redo then
        has nothing to do, that typing being the latest edit."""
        form, stack = self._form, self._stack
        had_focus = form.has_focus_within()
        form.keep_inputs()
        if which == "undo":
            stack.undo()
            done = stack.command(stack.index())
        else:
            stack.redo()
            done = stack.command(stack.index() - 1)
        if had_focus:
            # A tab switched or a field rebuilt sent the focus to the next
            # pane, where the next Ctrl+Z would do nothing: it stays here.
            form.settle_focus(_changed_key(done))

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        watched, self._watched = self._watched, None
        if watched is not None and isValid(watched):
            watched.removeEventFilter(self)
        if new is not None and isValid(self._form) and self._form.isAncestorOf(new):
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if not isinstance(watched, QWidget) or key_event.key() in (0, Qt.Key.Key_unknown):
            return False
        step = self._undo_step(key_event)
        if step is not None:
            if kind == QEvent.Type.ShortcutOverride:
                key_event.accept()  # the key comes here, not to the Edit menu's action
            else:
                self.step(step)
            return True
        if _editable_text(watched) and any(key_event.matches(key) for key in _WORD_KEYS):
            if kind == QEvent.Type.ShortcutOverride:
                key_event.accept()  # the field's, not a shortcut's
            return False
        if not self._window_key(watched, key_event):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            key_event.ignore()  # the field does not claim it: the shortcut runs
        # A key press gets here only when the shortcut did not run (its action
        # is disabled): the field does not take it either.
        return True

    def _undo_step(self, event: QKeyEvent) -> str | None:
        if event.matches(_SK.Undo):
            return "undo"
        if event.matches(_SK.Redo):
            return "redo"
        if event.modifiers() & _COMMAND and _sequence(event) in self._redo:
            return "redo"  # Ctrl+Shift+Z or Ctrl+Y where the platform has the other
        return None

    @staticmethod
    def _window_key(widget: QWidget, event: QKeyEvent) -> bool:
        """``event`` is a shortcut of an action of the form or of the window."""
        if not event.modifiers() & _COMMAND or any(event.matches(key) for key in _FIELD_KEYS):
            return False
        sequence = _sequence(event)
        owner: QWidget | None = widget
        while owner is not None:
            for action in owner.actions():
                if (
                    owner is not widget
                    and action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
                ):
                    continue
                if sequence in action.shortcuts():
                    return True
            if owner.isWindow():
                break
            owner = owner.parentWidget()
        return False
