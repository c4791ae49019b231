"""The front-matter form: a side panel beside the reader (Ctrl+E).

A "Fields" tab with one typed editor per key (:mod:`.editors`) and a "Raw"
tab with the front-matter text itself, both views of one
:class:`~reader.core.edit.ArticleEdit`.  Every edit is a command on the
form's :class:`QUndoStack`.  Saving, conflicts and prompts are the
controller's business (:mod:`.controller`); the form only edits.
"""

from __future__ import annotations

import itertools
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QTextCursor,
    QTextFormat,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.article.model import Article, ArticleError
from reader.core.article.taxonomy import display_category_path
from reader.core.edit.diff import ArticleEdit
from reader.core.edit.fields import FieldKind, field_kind, is_plain_boolean, scalar_spelling
from reader.core.edit.source import file_line, front_view
from reader.core.render.images import preview_image_path
from reader.ui.form.commands import EditCommand, InputCommand, input_shown, same_values
from reader.ui.form.editors import ErrorLabel, FieldEditor, YamlEditor, make_editor, text_line
from reader.ui.form.highlighter import SourceHighlighter
from reader.ui.form.keys import FormKeys
from reader.ui.form.plain_text import exact_text, holds_exactly
from reader.ui.problem_text import problem_text
from reader.ui.shown_text import literal, one_line, plain_tip, qt_length

if TYPE_CHECKING:
    from reader.core.library.catalog import CategoryNode, Taxonomy

__all__ = ["FrontMatterForm"]

RAW = "\x00raw"  # the undo key of Raw-tab edits
NEW_KEY = "\x00new key"  # the New key box, as a place of the keyboard (see typing_place)
REMOVE_KEY_SHORTCUT = "Ctrl+Shift+Del"
MINIMUM_WIDTH = 300  # wider when its fields need it (a date's whole text)

#: A key's label takes the width of its name (at most twice this many
#: average characters), but gives way down to this many: a long key
#: (``search_engine_description``) is cut in its middle then, its name whole
#: in the tooltip, rather than pushing its field out of a narrow form.
LABEL_CHARS = 12

_NEW_VALUES: dict[str, Any] = {
    FieldKind.TAGS: [],
    FieldKind.CATEGORIES: [],
}


class KeyLabel(QLabel):
    """A key's name beside its field: whole where there is room for it,
    else cut with "…" in its middle (see :data:`LABEL_CHARS`); its text is
    always the whole name."""

    def _capped(self, chars: int, *, as_changed: bool = False) -> QSize:
        """The size of the whole name, at most ``chars`` average characters
        wide; ``as_changed``: of its changed look too ("● name", in bold), so
        that the column keeps its width at the first edit where there is room
        (every field moved about 17 px to the right)."""
        whole = super().sizeHint()
        width = whole.width()
        if as_changed:
            text = self.text()
            name = text[2:] if text.startswith("● ") else text
            bold = QFont(self.font())
            bold.setBold(True)
            spare = whole.width() - self.fontMetrics().horizontalAdvance(text)
            marked = QFontMetrics(bold).horizontalAdvance("● " + name) + max(spare, 0)
            width = max(width, marked)
        return QSize(min(width, self.fontMetrics().averageCharWidth() * chars), whole.height())

    def sizeHint(self) -> QSize:
        # a very long name never takes the room of its field (twice the least)
        return self._capped(2 * LABEL_CHARS, as_changed=True)

    def minimumSizeHint(self) -> QSize:
        return self._capped(LABEL_CHARS)

    def may_be_cut(self) -> bool:
        return self.minimumSizeHint().width() < super().sizeHint().width()

    def paintEvent(self, event) -> None:
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        text = self.text().replace("&&", "&")  # (see literal: drawn here as it is)
        if metrics.horizontalAdvance(text) <= rect.width():
            super().paintEvent(event)
            return
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


class FrontMatterForm(QWidget):
    modified_changed = Signal(bool)
    #: Whether all input parses (see :meth:`problems`), when that changes.
    input_valid_changed = Signal(bool)
    save_requested = Signal()
    revert_requested = Signal()
    changes_requested = Signal()
    #: Whether there is a step to undo (typed input that does not parse, not a
    #: step yet, is one: see :meth:`keep_inputs`) or to redo.
    undo_available = Signal(bool)
    redo_available = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("frontMatterForm")
        self.setAccessibleName(self.tr("Front matter"))
        self.setMinimumWidth(MINIMUM_WIDTH)
        self.edit: ArticleEdit | None = None
        self.rel: str | None = None
        self.undo_stack = QUndoStack(self)
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, KeyLabel] = {}
        self.library_root: str | None = None
        self.cache_dir: str | None = None
        self.taxonomy: Taxonomy | None = None
        self._raw_error: str | None = None
        self._raw_setting = False
        self._raw_seen = ""  # the Raw tab's text last shown or taken as typed
        self._fields_stale = False
        self._modified = False
        self._valid = True  # (every input parses: see input_valid_changed)
        self._undoable = (False, False)
        self.read_only = False

        self.title_label = QLabel(self)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.title_label.setObjectName("formFile")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.read_only_note = QLabel(self)
        self.read_only_note.setTextFormat(
            Qt.TextFormat.PlainText
        )  # (a name, a title: shown as it is)
        self.read_only_note.setObjectName("readOnlyNote")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setText(
            self.tr("This file is read-only: its front matter is shown, and cannot be edited here.")
        )
        self.read_only_note.hide()

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Front matter views"))
        fields_page = QWidget(self.tabs)
        fields_column = QVBoxLayout(fields_page)
        fields_column.setContentsMargins(0, 0, 0, 0)
        # While the Raw tab's text does not parse the fields cannot be edited:
        # fixing that text applies it whole, which would undo an edit made
        # here meanwhile without a word.
        self.fields_note = QLabel(fields_page)
        self.fields_note.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.fields_note.setObjectName("fieldsNote")
        self.fields_note.setWordWrap(True)
        self.fields_note.setContentsMargins(6, 6, 6, 0)
        self.fields_note.setText(
            self.tr(
                "Fix the Raw text first: it does not parse, and the fields "
                "cannot be edited until it does."
            )
        )
        # the focus while the fields cannot take it (not the next button: Revert)
        self.fields_note.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.fields_note.hide()
        self.fields_scroll = QScrollArea(fields_page)
        self.fields_scroll.setWidgetResizable(True)
        # Fields take the width there is (never sideways scrolling, which hid
        # the labels): the editors shrink, the labels keep their width.
        self.fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields_scroll.setAccessibleName(self.tr("Fields"))
        # no Tab stop of its own (it showed none): Tab goes to the first field,
        # and the area still scrolls to each field the focus comes to
        self.fields_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fields_page = QWidget()
        self.fields_scroll.setWidget(self.fields_page)
        fields_column.addWidget(self.fields_note)
        fields_column.addWidget(self.fields_scroll, 1)

        raw_page = QWidget(self.tabs)
        raw_column = QVBoxLayout(raw_page)
        raw_column.setContentsMargins(4, 4, 4, 4)
        self.raw = QPlainTextEdit(raw_page)
        self.raw.setObjectName("rawFrontMatter")
        self.raw.setAccessibleName(self.tr("Front matter text"))
        self.raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.raw.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.raw.setReadOnly(True)  # (until an article is shown: see _raw_locked)
        # Tab moves on, as in every other field (it typed a tab, which YAML
        # refuses for indentation: the keyboard could not leave the text)
        self.raw.setTabChangesFocus(True)
        self.raw_highlighter = SourceHighlighter(self.raw.document(), "yaml-only")
        self.raw_error = ErrorLabel(raw_page)
        self.raw_error.setObjectName("rawError")
        self.raw_error.hide()
        self.raw_note = QLabel(raw_page)
        self.raw_note.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.raw_note.setObjectName("rawNote")
        self.raw_note.setWordWrap(True)
        self.raw_note.setText(
            self.tr(
                "This front matter holds bytes that are not UTF-8 or a paragraph separator, "
                "which this editor cannot keep; it is read-only here."
            )
        )
        self.raw_note.hide()
        raw_column.addWidget(self.raw, 1)
        raw_column.addWidget(self.raw_error)
        raw_column.addWidget(self.raw_note)
        self.tabs.addTab(fields_page, self.tr("Fields"))
        self.tabs.addTab(raw_page, self.tr("Raw"))

        add_row = QHBoxLayout()
        self.new_key = text_line(self)
        self.new_key.setObjectName("newKey")
        self.new_key.setPlaceholderText(self.tr("New key"))
        self.new_key.setAccessibleName(self.tr("Name of a key to add"))
        self.add_button = QPushButton(self.tr("Add Key"), self)
        self.add_button.setAccessibleName(self.tr("Add the key"))
        add_row.addWidget(self.new_key, 1)
        add_row.addWidget(self.add_button)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setAccessibleName(self.tr("Save the front matter"))
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.revert_button.setAccessibleName(self.tr("Discard the edits"))
        self.changes_button = QPushButton(self.tr("Show Changes"), self)
        self.changes_button.setAccessibleName(self.tr("Show the changes to the file"))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.changes_button)
        for button in (self.save_button, self.revert_button, self.changes_button):
            # a click leaves the focus in the field typed in (Save, disabled
            # once saved, handed it on to the tree: the next key went there)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.title_label)
        column.addWidget(self.read_only_note)
        column.addWidget(self.tabs, 1)
        column.addLayout(add_row)
        column.addLayout(buttons)

        self.remove_key_action = QAction(self.tr("Remove This Key"), self)
        self.remove_key_action.setObjectName("removeKey")
        self.remove_key_action.setShortcut(QKeySequence(REMOVE_KEY_SHORTCUT))
        self.remove_key_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_key_action.triggered.connect(self.remove_focused_key)
        self.addAction(self.remove_key_action)

        # Inside the form the window's shortcuts beat a field's own key
        # bindings, and Ctrl+Z / redo are the form's (:mod:`.keys`).
        self.keys = FormKeys(self, self.undo_stack, self.raw)
        self.undo_stack.indexChanged.connect(self._update_undoable)

        self.raw.textChanged.connect(self._raw_changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.add_button.clicked.connect(self._add_key)
        self.new_key.returnPressed.connect(self._add_key)
        self.save_button.clicked.connect(self.save_requested)
        self.revert_button.clicked.connect(self.revert_requested)
        self.changes_button.clicked.connect(self.changes_requested)
        self._update_buttons()

    # -- context for the editors ---------------------------------------------------------

    def set_context(self, library_root, cache_dir, taxonomy: Taxonomy | None) -> None:
        self.library_root = os.fspath(library_root) if library_root else None
        self.cache_dir = cache_dir
        self.taxonomy = taxonomy

    def category_completions(self) -> list[str]:
        names: list[str] = []
        stack: list[CategoryNode] = (
            list(self.taxonomy.categories) if self.taxonomy is not None else []
        )
        while stack:
            node = stack.pop()
            names.append(display_category_path(node.path))
            stack.extend(node.children)
        return sorted(names)

    def tag_completions(self) -> list[str]:
        return [tag for tag, _count in self.taxonomy.tags] if self.taxonomy is not None else []

    def find_image(self, url: str):
        path = self.edit.original.path if self.edit is not None else None
        return preview_image_path(url, path, self.library_root, self.cache_dir)

    # -- the article -----------------------------------------------------------------------

    def load(self, rel: str, article: Article) -> None:
        """Show ``article`` with no pending edits (the undo history is cleared;
        typed input that does not parse is dropped too)."""
        self.set_edit(rel, ArticleEdit(article), keep_input=False)

    def keep_saved_step(self, before: Article) -> None:
        """After a save: one step back to the front matter as it was before
        (Undo Save), as edits not saved yet; redo gives the saved file again.
        Made only when it gives back exactly the bytes the file had."""
        edit = self.edit
        if edit is None or before.has_errors or not edit.editable or self.read_only:
            return
        saved = edit.snapshot()
        try:
            edit.set_front_text(ArticleEdit(before).front_text())
            exact = edit.new_bytes() == before.raw
        except ArticleError:
            exact = False
        old = edit.snapshot()
        edit.restore(saved)
        if not exact:
            return
        step = EditCommand(self, self.tr("Save"), RAW, lambda: None)
        step.before = old
        self.undo_stack.push(step)

    def set_read_only(self, read_only: bool) -> None:
        """Show the article's front matter without letting it be edited (the
        file may not be written: see :func:`reader.core.article.storage.is_read_only`)."""
        self.read_only = read_only
        self.read_only_note.setVisible(read_only)
        self._enable_fields()
        self.raw.setReadOnly(self._raw_locked(exact_text(self.raw)))
        self._update_buttons()

    def set_edit(self, rel: str, edit: ArticleEdit, keep_input: bool = True) -> None:
        """Show ``edit`` of ``rel``.  The same article again (your edits on
        the file changed on disk): typed input that does not parse stays in
        its field, with its error (see :meth:`_rebuild_fields`)."""
        # The same article again (saved, or changed on disk): the field being
        # typed in keeps the focus and its cursor instead of losing it with
        # the editor it had, which sent it to whatever pane came next.
        keep_input = keep_input and rel == self.rel
        # The window's own focus widget, which it keeps while a question is
        # active (the application's was the question's button then: the
        # field was replaced, and the window gave the keyboard to the tree).
        widget = self.window().focusWidget()
        focused = self._key_of(widget) if rel == self.rel else None
        cursor = widget.cursorPosition() if isinstance(widget, QLineEdit) else None
        # The Raw tab's text that does not parse stays as typed, with its
        # error (the fields locked): it cannot be applied to ``edit``, nor is
        # it dropped without a word (Keep Mine when the file changed on disk).
        typed_raw = self.raw_text() if keep_input and self._raw_error is not None else None
        raw_cursor = self.raw.textCursor().position()
        if typed_raw is not None and self.edit is not None:
            # typed on the file as it was: the other program's changes to
            # other lines come in, a clash stays marked (it does not parse)
            labels = (self.tr("mine (typed here)"), self.tr("theirs (the file now)"))
            typed_raw = self.edit.carry_typed_text(typed_raw, edit, labels)
        self.rel = rel
        self.edit = edit
        self.undo_stack.clear()
        self._raw_error = None
        self.title_label.setText(one_line(rel))
        self.title_label.setToolTip(plain_tip(edit.original.display_path))
        self._rebuild_fields(drop_input=not keep_input)
        editor = self.editors.get(focused) if focused is not None else None
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
            line = self.window().focusWidget()  # (see above: not the question's button)
            if cursor is not None and isinstance(line, QLineEdit):
                line.setCursorPosition(min(cursor, qt_length(line.text())))
        self._show_raw_text()
        if typed_raw is not None:
            # kept even when the new file does not read (their front matter
            # broken, a byte that is not UTF-8): the form finds its error again
            self._set_raw_text(typed_raw)
            self._raw_typed()
            kept = self.raw.textCursor()
            kept.setPosition(min(raw_cursor, qt_length(typed_raw)))
            self.raw.setTextCursor(kept)
        fields_were_disabled = not self.tabs.isTabEnabled(0)
        self.state_changed()
        if not edit.editable:
            self.tabs.setCurrentIndex(1)
        elif fields_were_disabled:
            self.tabs.setCurrentIndex(0)  # Qt moved to Raw while Fields was disabled

    def clear(self) -> None:
        self.rel = None
        self.edit = None
        self.undo_stack.clear()
        self._raw_error = None
        self.title_label.setText(self.tr("No article"))
        self._rebuild_fields(drop_input=True)
        self._set_raw_text("")
        self._show_raw_error(None, None)
        self.state_changed()

    def is_modified(self) -> bool:
        """Edits not saved yet, including typed input that does not parse."""
        return self.edit is not None and (self.edit.is_modified() or bool(self.problems()))

    def fields_locked(self) -> bool:
        """The Raw tab's text does not parse: the fields cannot be edited
        (see :attr:`fields_note`) until it is fixed or undone."""
        return self._raw_error is not None and self.edit is not None and self.edit.editable

    def pending_inputs(self) -> dict[str, str]:
        """Typed input that does not parse, by key; the Raw tab's under
        :data:`RAW` (see :mod:`.commands`)."""
        found = {}
        for key, editor in self.editors.items():
            text = editor.pending_input()
            if text is not None:
                found[key] = text
        if self._raw_error is not None:
            found[RAW] = self.raw_text()
        return found

    def keep_inputs(self, but: str | None = None) -> None:
        """Typed input that does not parse, and was typed since the last
        step, becomes a step of its own (before an undo or redo, or a step
        that would drop it), so that it is never lost for good.

        ``but``: the key a step of typing is about to change (its field or
        the Raw tab): its own input is that step's (what it had shown, undo
        shows again), not a step before it."""
        if self.edit is None:
            return
        typed = self.pending_inputs()
        shown = input_shown(self.undo_stack)
        if but is not None:
            typed.pop(but, None)
            if but in shown:
                typed[but] = shown[but]
        if typed != shown:
            self.undo_stack.push(InputCommand(self, shown, typed))

    def _input_not_kept(self) -> bool:
        """Typed input that does not parse is not (yet) the last step's."""
        return self.edit is not None and self.pending_inputs() != input_shown(self.undo_stack)

    def can_undo(self) -> bool:
        return self.undo_stack.canUndo() or self._input_not_kept()

    def can_redo(self) -> bool:
        """A step to redo, that typing since it (a step of its own first)
        does not throw away."""
        return self.undo_stack.canRedo() and not self._input_not_kept()

    def _update_undoable(self) -> None:
        undoable = (self.can_undo(), self.can_redo())
        if undoable != self._undoable:
            self._undoable = undoable
            self.undo_available.emit(undoable[0])
            self.redo_available.emit(undoable[1])

    def show_inputs(self, inputs: dict[str, str], keys: set[str], reveal: bool = True) -> None:
        """Undo/redo: of the typed input of ``keys``, show ``inputs`` (what
        is not in it, the edit's value), in the Raw tab if it has some, else
        (``reveal``) in the Fields tab."""
        edit = self.edit
        if edit is None:
            return
        fields = [key for key in keys if key != RAW]
        for key in fields:
            editor = self.editors.get(key)
            if editor is None:
                continue
            if key in inputs:
                editor.restore_input(inputs[key])
            elif editor.pending_input() is not None and key in edit.diff:
                editor.set_value(edit.diff.value(key))
        typed = inputs.get(RAW)
        if typed is not None:
            self.tabs.setCurrentIndex(1)
            shown = self.raw_text()
            self._raw_setting = True
            try:
                self.raw.setPlainText(typed)
            finally:
                self._raw_setting = False
            self._raw_typed()  # the form finds its error again
            # the cursor where the text changed, as after typing it
            same = 0
            limit = min(len(shown), len(typed))
            while same < limit and shown[-1 - same] == typed[-1 - same]:
                same += 1
            cursor = self.raw.textCursor()
            cursor.setPosition(qt_length(typed[: len(typed) - same]))
            self.raw.setTextCursor(cursor)
        elif reveal and fields and RAW not in keys and self.tabs.isTabEnabled(0):
            had_focus = self.has_focus_within() and self.tabs.currentIndex() != 0
            self.tabs.setCurrentIndex(0)  # where the input is
            field = next((self.editors[key] for key in sorted(fields) if key in self.editors), None)
            if had_focus and field is not None and not self.fields_locked():
                field.setFocus(Qt.FocusReason.OtherFocusReason)  # the field changed
        self.state_changed()

    def problems(self) -> list[str]:
        """Input that does not parse (blocks saving; never discarded)."""
        found = [f"{key}: {editor.error}" for key, editor in self.editors.items() if editor.error]
        if self._raw_error:
            found.append(self._raw_error)
        return found

    def reveal_problem(self) -> str | None:
        """Save refused: the input that does not parse is shown and has the
        keyboard focus, its error beside it (the Raw tab's text first: while
        it does not parse the fields cannot be edited); returns its problem
        as :meth:`problems` says it (None: there is none)."""
        if self._raw_error is not None:
            self.tabs.setCurrentIndex(1)
            line = self.error_line()
            if line is not None:
                block = self.raw.document().findBlockByLineNumber(line - 1)
                if self.raw.textCursor().blockNumber() != block.blockNumber():
                    self.raw.setTextCursor(QTextCursor(block))
            self.raw.setFocus(Qt.FocusReason.OtherFocusReason)
            self.raw.ensureCursorVisible()
            return self._raw_error
        for key, editor in self.editors.items():
            if editor.error:
                self.tabs.setCurrentIndex(0)
                page = self.fields_scroll.widget()
                layout = page.layout() if page is not None else None
                if layout is not None:
                    layout.activate()  # laid out now, if the tab was never shown
                self.fields_scroll.ensureWidgetVisible(editor.error_label, 0, 0)
                self.fields_scroll.ensureWidgetVisible(editor)
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return f"{key}: {editor.error}"
        return None

    # -- edits -------------------------------------------------------------------------------

    def push(
        self,
        text: str,
        key: str,
        operation,
        merge: bool = False,
        keep_inputs: bool = True,
        source: str = "",
    ) -> None:
        """One undoable step, named ``text`` (translated; ``source``: its
        untranslated form, "Edit %1", so that a window opened again in
        another language names the step in it)."""
        if self.edit is None:
            return
        if keep_inputs:
            # typed input elsewhere is a step first: undo of this one shows
            # it as it is now, and redo of this one is not cut off by it
            self.keep_inputs(but=key)
        command = EditCommand(self, text, key, operation, merge, keep_inputs)
        command.source = source
        self.undo_stack.push(command)

    def set_key_value(self, key: str, value: Any) -> None:
        """Set a key as one undoable edit and show it."""
        edit = self.edit
        if edit is None or not edit.editable or self.fields_locked():
            return
        structure = key not in edit.diff
        self.keep_inputs()  # the key's own typed input too: undo gives it back
        self.push(
            self.tr("Edit %1").replace("%1", key),
            key,
            lambda: edit.diff.set_value(key, value),
            source="Edit %1",
        )
        if structure or key not in self.editors:
            self._rebuild_fields()
        else:
            self.editors[key].set_value(value)
        self.state_changed()  # the field's error went with its input

    def remove_key(self, key: str) -> None:
        edit = self.edit
        if edit is None or self.fields_locked():
            return
        self.keep_inputs()  # the key's own typed input too: undo gives it back
        self.push(
            self.tr("Remove %1").replace("%1", key),
            key,
            lambda: edit.diff.remove(key),
            source="Remove %1",
        )
        self._rebuild_fields()
        self.state_changed()  # its error went with the field (Save can be used again)

    def add_key(self, key: str) -> None:
        """Add ``key`` with a fitting empty value (as the Add Key field does)."""
        self.new_key.setText(key)
        self._add_key()

    def commit_typing(self) -> None:
        """Text typed in a field but not yet taken in (a tag typed without
        Enter) becomes an edit, as Enter would make it (see
        :meth:`FieldEditor.commit_typing`)."""
        edit = self.edit
        if edit is None or not edit.editable or self.read_only or self.fields_locked():
            return
        for editor in list(self.editors.values()):
            editor.commit_typing()

    def focused_key(self) -> str | None:
        """The key whose field has the keyboard focus, if any."""
        return self._key_of(QApplication.focusWidget())

    def _key_of(self, widget: QWidget | None) -> str | None:
        for key, editor in self.editors.items():
            if widget is not None and (widget is editor or editor.isAncestorOf(widget)):
                return key
        return None

    def remove_focused_key(self) -> None:
        """Remove This Key: the key whose field has the focus; the focus moves
        to the next field."""
        key = self.focused_key()
        if key is None or self.read_only or self.edit is None or not self.edit.editable:
            return
        keys = list(self.editors)
        following = keys[keys.index(key) + 1 :] + keys[: keys.index(key)]
        self.remove_key(key)
        for name in following:
            if name in self.editors:
                self.editors[name].setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def _add_key(self) -> None:
        key = self.new_key.text().strip()
        edit = self.edit
        if not key or edit is None or not edit.editable or self.fields_locked():
            return
        self.new_key.clear()
        if key in edit.diff:
            editor = self.editors.get(key)
            if editor is not None:
                self._focus_in_view(editor)
            return
        kind = field_kind(key, None)
        value: Any = _NEW_VALUES.get(kind, "")
        if kind == FieldKind.DATE:
            from datetime import datetime

            value = datetime.now().astimezone().replace(microsecond=0)
        self.push(
            self.tr("Add %1").replace("%1", key),
            key,
            lambda: edit.diff.set_value(key, value),
            source="Add %1",
        )
        self._rebuild_fields()
        self.state_changed()
        editor = self.editors.get(key)
        if editor is not None:
            self._focus_in_view(editor)

    def _focus_in_view(self, editor: QWidget) -> None:
        """The keyboard in ``editor``, scrolled into view (a key added at the
        end of a long form had the focus out of sight: typed into blind)."""
        fields = self.fields_scroll.widget()
        layout = fields.layout() if fields is not None else None
        if layout is not None:
            layout.activate()  # (its place, before the next event loop)
        self.fields_scroll.ensureWidgetVisible(editor)
        editor.setFocus()

    def revert(self) -> None:
        """Discard every edit, typed input that does not parse included
        (undoable: undo gives that back too)."""
        edit = self.edit
        if edit is None or not self.is_modified():
            return
        had_focus = self.has_focus_within()
        self.keep_inputs()
        self._raw_error = None
        self.push(self.tr("Revert"), RAW, edit.revert, keep_inputs=False, source="Revert")
        self._rebuild_fields(drop_input=True)
        self._show_raw_text()
        self.state_changed()
        if had_focus:  # Revert, pressed from the keyboard, disabled itself
            self.settle_focus()

    def typing_place(self) -> str | None:
        """Where in the form the window's keyboard focus is (the window's, so
        also while a dialog is over it): a key (its field), :data:`RAW` or
        :data:`NEW_KEY`; None when it is elsewhere."""
        widget = self.window().focusWidget()
        if widget is None or not self.isAncestorOf(widget):
            return None
        if widget is self.new_key:
            return NEW_KEY
        if widget is self.raw:
            return RAW
        for key, editor in self.editors.items():
            if widget is editor or editor.isAncestorOf(widget):
                return key
        return None

    def return_to(self, place: str | None) -> None:
        """The keyboard focus to ``place`` (see :meth:`typing_place`), if it
        can take it (the Raw tab's text shown, a field not locked)."""
        target: QWidget | None = None
        if place == NEW_KEY:
            target = self.new_key
        elif place == RAW:
            self.tabs.setCurrentIndex(1)
            target = self.raw
        elif place is not None and place in self.editors and self.tabs.isTabEnabled(0):
            self.tabs.setCurrentIndex(0)
            target = self.editors[place]
        if target is not None and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_focus_within(self) -> bool:
        """The keyboard focus is in the form."""
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))

    def settle_focus(self, key: str | None = None) -> None:
        """After an undo, redo or Revert the focus was in the form for: it
        stays there (a field or tab that went away sent it to the next pane,
        and the next Ctrl+Z did nothing).  Where it is still in the
        form it stays; else it goes to the Raw text, or ``key``'s field (the
        one just changed), a field with typed input, the first field."""
        focus = QApplication.focusWidget()
        if (
            focus is not None
            and self.has_focus_within()
            and focus.isVisible()
            and focus.isEnabled()
        ):
            return
        self._resting_place(key).setFocus(Qt.FocusReason.OtherFocusReason)

    def _resting_place(self, key: str | None = None) -> QWidget:
        """Where the focus goes back to in the form (see :meth:`settle_focus`)."""
        if self.tabs.currentIndex() == 1:
            return self.raw
        if self.fields_locked():
            return self.fields_note
        pending = [k for k, e in self.editors.items() if e.pending_input() is not None]
        name = key if key in self.editors else next(iter(pending), None)
        editor = self.editors.get(name) if name is not None else None
        if editor is None and self.editors:
            editor = next(iter(self.editors.values()))
        return editor if editor is not None else self.tabs

    def restore_state(self, state: tuple, key: str) -> None:
        """Undo/redo: put ``state`` back and show it."""
        edit = self.edit
        if edit is None:
            return
        keys_before = edit.diff.keys()
        base_before = edit.base
        edit.restore(state)
        if (
            key == RAW
            or base_before is not edit.base
            or keys_before != edit.diff.keys()
            or key not in self.editors
        ):
            self._raw_error = None
            # Undo from the keyboard again and again: the focus stays in the
            # fields (the field it was in, else the first), not lost with them.
            focused = self.focused_key()
            # Undo or redo of this key's own edit replaces what was typed in
            # its field; input typed in the others stays.
            self._rebuild_fields(drop_input=key)
            if focused is not None and self.editors:
                editor = self.editors.get(focused) or next(iter(self.editors.values()))
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            editor = self.editors[key]
            editor.set_value(edit.diff.value(key))
        if self.tabs.currentIndex() == 1 or key == RAW:
            self._show_raw_text()
        self.state_changed()

    def state_changed(self) -> None:
        self._mark_labels()
        self._update_buttons()
        self._update_undoable()
        valid = not self.problems()
        if valid != self._valid:
            self._valid = valid
            self.input_valid_changed.emit(valid)
        modified = self.is_modified()
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    def _mark_labels(self) -> None:
        """ "● key" in bold for every key changed or added, or holding typed
        input that does not parse (an invalid or cleared date had no mark,
        though the list's row had one); kept across rebuilds."""
        edit = self.edit
        typed = self.pending_inputs() if edit is not None else {}
        for key, label in self.labels.items():
            status = edit.status(key) if edit is not None else "unchanged"
            if status == "unchanged" and key in typed:
                status = "typed"
            label.setText(("● " if status != "unchanged" else "") + literal(one_line(key)))
            font = label.font()
            font.setBold(status != "unchanged")
            label.setFont(font)
            tip = {
                "changed": self.tr("Changed"),
                "added": self.tr("Added"),
                "typed": self.tr("Typed, and not valid yet: not saved until it is corrected"),
            }.get(status, "")
            if label.may_be_cut():  # said whole (a very long one: its start)
                tip = f"{key[:2000]}\n{tip}" if tip else key[:2000]
            label.setToolTip(tip)

    def _update_buttons(self) -> None:
        modified = self.is_modified()
        if not modified:
            self._focus_off_buttons()
        # Save can be pressed while some input does not parse (kept, never
        # saved): it says why nothing is saved and shows that input (see
        # reveal_problem); a disabled button said nothing.
        self.save_button.setEnabled(modified and not self.read_only)
        self.revert_button.setEnabled(modified)
        self.changes_button.setEnabled(modified)
        editable = self.edit is not None and self.edit.editable
        # Never switch tabs here: this runs while the user types in the Raw tab.
        self.tabs.setTabEnabled(0, editable)
        locked = self.fields_locked()
        self.new_key.setEnabled(editable and not self.read_only and not locked)
        self.add_button.setEnabled(editable and not self.read_only and not locked)
        self._enable_fields()

    def _focus_off_buttons(self) -> None:
        """Before Save, Revert and Show Changes are disabled: the focus on
        one of them (Tab, then Space) goes back to the form's fields, not on
        to the next widget of the window (the tree)."""
        buttons = (self.save_button, self.revert_button, self.changes_button)
        if any(button.hasFocus() for button in buttons):
            self._resting_place().setFocus(Qt.FocusReason.OtherFocusReason)

    def _enable_fields(self) -> None:
        """The fields can be edited unless the file is read-only or the Raw
        tab's text does not parse (then :attr:`fields_note` says so)."""
        locked = self.fields_locked()
        self.fields_note.setVisible(locked)
        page = self.fields_scroll.widget()
        if page is not None:
            page.setEnabled(not self.read_only and not locked)

    # -- the Fields tab --------------------------------------------------------------------

    def _rebuild_fields(self, drop_input: bool | str = False) -> None:
        """The Fields tab again, one editor per key of the edit.

        Typed input that does not parse (a date 2021-02-30) is put back in
        its new field with its error, so the form still has the problem and
        Save stays refused: the edit never holds it, and it is never dropped
        by an edit elsewhere (Add or Remove Key, the Raw tab, undo of another
        field).  It goes with ``drop_input`` (True: all; a key: that key's),
        and when the key's value was changed by other means (its line in the
        Raw tab) or the key is gone."""
        self._fields_stale = False
        pending: dict[str, tuple[str, Any]] = {}
        if drop_input is not True:
            for key, old_editor in self.editors.items():
                text = old_editor.pending_input()
                if text is not None and key != drop_input:
                    pending[key] = (text, old_editor.held)
        old = self.fields_scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.editors = {}
        self.labels = {}
        page = QWidget()
        page.setObjectName("fieldsPage")
        grid = QGridLayout(page)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        edit = self.edit
        row = 0
        from reader.ui.form.schema_fields import (
            add_missing_rows,
            complete_values,
            schema_kind,
            schema_of,
        )

        schema = schema_of(self.taxonomy)
        if schema is not None and self.rel:
            schema = schema.for_path(self.rel)  # a folder's own rules
        if edit is not None and edit.editable:
            for key in edit.diff:
                value = edit.diff.value(key)
                original = edit.base.metadata.get(key, value)
                label = KeyLabel(literal(one_line(key)), page)
                label.setObjectName(f"label-{key}")
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                kind = field_kind(key, original)
                if kind == FieldKind.BOOLEAN and not is_plain_boolean(edit.base, key):
                    kind = FieldKind.YAML  # yes/no/on/off: a checkbox is for true/false
                kind = schema_kind(schema, key, original, kind)
                editor = make_editor(key, kind, self, page)
                complete_values(schema, key, editor)
                editor.original = original
                if (
                    kind == FieldKind.YAML
                    and isinstance(editor, YamlEditor)
                    and isinstance(original, bool)
                ):
                    editor.spelling = (original, scalar_spelling(edit.base, key))
                editor.set_value(value)
                editor.setMinimumWidth(editor.readable_width())  # 0: it may shrink
                editor.setSizePolicy(
                    QSizePolicy.Policy.Ignored, editor.sizePolicy().verticalPolicy()
                )
                label.setBuddy(editor)
                editor.edited.connect(lambda v, k=key: self._edited(k, v))
                editor.replacing_input.connect(self.keep_inputs)
                editor.validity_changed.connect(lambda _ok: self.state_changed())
                remove = QToolButton(page)
                remove.setObjectName(f"remove-{key}")
                remove.setText("−")
                # Off the Tab path (Tab goes field to field; Space on a focused
                # "−" would remove a key): the keyboard way is Remove This Key.
                remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                remove.setToolTip(
                    self.tr("Remove the key %1 (%2 in its field)")
                    .replace("%1", key)
                    .replace("%2", REMOVE_KEY_SHORTCUT)
                )
                remove.setAccessibleName(self.tr("Remove the key %1").replace("%1", key))
                remove.clicked.connect(lambda _c=False, k=key: self.remove_key(k))
                grid.addWidget(label, row, 0)
                grid.addWidget(editor, row, 1)
                grid.addWidget(remove, row, 2, Qt.AlignmentFlag.AlignTop)
                self.editors[key] = editor
                self.labels[key] = label
                row += 1
            row = add_missing_rows(schema, edit.diff, grid, row, page, self.add_key)
            for key, (text, held) in pending.items():
                if key in self.editors and same_values(edit.diff.value(key), held):
                    self.editors[key].restore_input(text)
        elif edit is not None:
            note = QLabel(self.tr("The front matter does not parse; fix it in the Raw tab."), page)
            note.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
            note.setWordWrap(True)
            grid.addWidget(note, 0, 0, 1, 3)
            row = 1
        grid.setRowStretch(row, 1)
        self.fields_scroll.setWidget(page)
        self._order_tab_stops(page)
        self._enable_fields()
        # Never narrower than its fields can be read (a date's whole text):
        # the page does not scroll sideways, so it would be cut off instead.
        self.fields_scroll.setMinimumWidth(
            page.minimumSizeHint().width()
            + 2 * self.fields_scroll.frameWidth()
            + self.fields_scroll.verticalScrollBar().sizeHint().width()
        )
        layout = self.layout()
        if layout is not None:  # the splitter goes by the form's own minimum
            self.setMinimumWidth(max(MINIMUM_WIDTH, layout.minimumSize().width()))
        self._mark_labels()

    def _order_tab_stops(self, page: QWidget) -> None:
        """Tab goes through the fields first, then New key, Add Key and the
        buttons under them, as they are laid out (the fields, made after
        those, came last)."""
        start = self.tabs.tabBar()
        last = None
        widget = start.nextInFocusChain()
        for _ in range(100_000):  # (the window's whole chain, at most)
            if widget is None or widget is start:
                break
            if page.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                last = widget
            widget = widget.nextInFocusChain()
        if last is None:
            return
        chain = [
            last,
            self.new_key,
            self.add_button,
            self.save_button,
            self.revert_button,
            self.changes_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _edited(self, key: str, value: Any) -> None:
        edit = self.edit
        if edit is None:
            return
        self.push(
            self.tr("Edit %1").replace("%1", key),
            key,
            lambda: edit.diff.set_value(key, value),
            merge=True,
            source="Edit %1",
        )

    # -- the Raw tab ---------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if index == 1 and self._raw_error is None:
            self._show_raw_text()
        elif index == 0 and self._fields_stale:
            self._rebuild_fields()
            self.state_changed()
        if index == 0 and self.fields_locked():
            # The focus left with the Raw tab for the next widget that takes
            # it, which is a button (Revert) while the fields cannot: the
            # note that says why has it instead.
            focus = QApplication.focusWidget()
            if focus is None or focus is self or self.isAncestorOf(focus):
                self.fields_note.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_raw_text(self) -> None:
        edit = self.edit
        if edit is None:
            return
        try:
            text = edit.front_text()
        except ArticleError as exc:
            text = front_view(edit.base.parts.front)
            self._show_raw_error(str(exc), None)
        self._set_raw_text(text)
        if not edit.base.has_errors:
            self._show_raw_error(None, None)
            return
        first = edit.base.errors[0]
        line = None
        if first.line is not None:
            line = (
                max(1, first.line - edit.base.parts.front_start_line + 1)
                if edit.base.parts.format is not None
                else first.line
            )
        self._show_raw_error(first.message, line, first.line)  # shown: the file's line

    def _raw_locked(self, text: str) -> bool:
        """Whether the Raw tab showing ``text`` takes no typing: the file
        may not be written, the editor cannot hold the text byte for byte,
        or no article is shown (what was typed there went nowhere)."""
        return self.read_only or self.edit is None or not holds_exactly(text)

    def _set_raw_text(self, text: str) -> None:
        """Show ``text`` in the Raw tab, read-only when the editor cannot hold
        it byte for byte (typing would silently change other lines)."""
        exact = holds_exactly(text)
        self.raw.setReadOnly(self._raw_locked(text))
        self.raw_note.setVisible(not exact)
        if text != exact_text(self.raw):
            self._raw_setting = True
            try:
                self.raw.setPlainText(text)
            finally:
                self._raw_setting = False
        self._raw_seen = text

    def raw_text(self) -> str:
        """The Raw tab's text exactly as typed (no-break spaces included)."""
        return exact_text(self.raw)

    def _raw_changed(self) -> None:
        """The Raw tab's ``textChanged``, which Qt also sends when only its
        colours change: the highlighter colours it again on a theme change.
        Its text is then not typed, and it is stale while the fields are
        edited (shown again when the tab is): taken as typed, it undid every
        field edit not saved yet, with the fields still showing them."""
        if not self._raw_setting and self.raw_text() != self._raw_seen:
            self._raw_typed()

    def _raw_typed(self) -> None:
        """The Raw tab's text is the whole front matter: each change is applied
        to the file as read, never on top of the previous keystroke's result."""
        if self._raw_setting or self.edit is None:
            return
        edit = self.edit
        text = self._raw_seen = self.raw_text()
        problem = edit.front_text_error(text)
        if problem is not None:
            message = problem_text(problem.message)
            self._raw_error = self.tr("Raw: ") + message
            row = problem.line  # in the text; shown as the file's line, as the reader does
            shown = None if row is None else file_line(edit.original.parts, row)
            self._show_raw_error(message, row, shown)
            self.state_changed()
            return
        self._raw_error = None
        self._show_raw_error(None, None)
        if text != edit.front_text():
            self._fields_stale = True  # rebuilt when the Fields tab is shown
            self.push(
                self.tr("Edit the front matter text"),
                RAW,
                lambda: edit.set_front_text(text),
                merge=True,
                source="Edit the front matter text",
            )
        self.state_changed()

    def _show_raw_error(
        self, message: str | None, line: int | None, in_file: int | None = None
    ) -> None:
        """Say ``message`` under the Raw tab and mark its ``line`` (of the
        text), saying that line and the file's line ``in_file`` (counted as
        the reader counts it: the opening ``---`` is line 1)."""
        if not message:
            self.raw_error.hide()
            self.raw.setExtraSelections([])
            return
        shown = in_file or line
        if line and shown != line:  # the Raw text has no delimiter line, nor what is above it
            where = self.tr("Line %1 (line %2 of the file): ")
            where = where.replace("%1", str(line)).replace("%2", str(shown))
        else:
            where = self.tr("Line %1: ").replace("%1", str(shown)) if shown else ""
        self.raw_error.set_message(where + message)
        self.raw_error.show()
        if line is None:
            self.raw.setExtraSelections([])
            return
        block = self.raw.document().findBlockByLineNumber(line - 1)
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor(255, 80, 80, 60))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = QTextCursor(block)
        selection.cursor = cursor
        self.raw.setExtraSelections([selection])
        if self.raw.textCursor().blockNumber() != block.blockNumber() and not self.raw.hasFocus():
            self.raw.setTextCursor(cursor)
            self.raw.centerCursor()

    def error_line(self) -> int | None:
        """The line the Raw tab marks (1-based), if any."""
        selections = self.raw.extraSelections()
        return selections[0].cursor.blockNumber() + 1 if selections else None
