"""Editing in the window: the form panel, saving, conflicts, the unsaved-edits
prompt, the source editor and the library operations (new, rename, move,
trash, bulk renames with undo).

All reading, patching and writing goes through :mod:`reader.core`: every
write is a :class:`~reader.core.library.facade.Library` method over the one write
path of :mod:`reader.core.article.storage` (a cross-process lock, the content
re-checked, read-only files refused, atomic), which then updates the index.
This module never writes a file itself.  Library operations run on the
session's workers.

It is this long because every operation shares one guard against losing
edits (the unsaved-edits prompt and the conflict dialog), kept in one class.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from shiboken6 import isValid

from reader.core.article.model import Article, ArticleError
from reader.ui.form.commands import History, carry_history, restore_history
from reader.ui.form.host import EditorHost
from reader.ui.form.keys import redo_shortcuts
from reader.ui.problem_text import failure_text, operation_text
from reader.ui.session import EDIT_CUT_SHORT
from reader.ui.shown_text import fill, one_line

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from PySide6.QtWidgets import QProgressDialog

    from reader.core.edit.diff import ArticleEdit
    from reader.core.library.facade import Library
    from reader.ui.form.form import FrontMatterForm
    from reader.ui.form.source_editor import SourceEditor

__all__ = ["NOT_SAVED", "EditController", "FormHandover"]

# How long the window reads the next article before the form of the one left
# stops taking typing (milliseconds).
_SWITCH_GRACE_MS = 150

#: The standing warning of a save that failed (a key of the window's
#: warnings): why stays said until the edits are saved, reverted or
#: discarded (the form is no longer modified).
NOT_SAVED = "edits not saved"


def _dialogs() -> ModuleType:
    """The editing dialogs, loaded the first time one is shown (not at start-up)."""
    from reader.ui.form import dialogs

    return dialogs


def _file_changed() -> type[Exception]:
    from reader.core.article.storage import FileChangedError  # the write path, on first write

    return FileChangedError


@dataclass(frozen=True)
class FormHandover:
    """The front-matter form as a window opened again (in a new language)
    takes it over: the article, its edit with the unsaved changes, the undo
    steps, the tab shown, whether the file may be written, the text typed in
    the New key box and where the keyboard was in the form (see
    :meth:`FrontMatterForm.typing_place`)."""

    rel: str
    edit: ArticleEdit
    history: History | None
    tab: int
    read_only: bool
    new_key: str = ""
    place: str | None = None


#: The width the article keeps beside the form when the window has room
#: (taken from the tree and the list, not below theirs, see widen_reader).
ARTICLE_BESIDE_FORM = 460


class EditController(QObject):
    def __init__(self, host: EditorHost):
        super().__init__(host.dialog_parent)
        self.host = host
        # The form is built the first time it is needed, not at start-up.
        self._form: FrontMatterForm | None = None
        self.loaded: tuple[str, Article] | None = None  # the article the reader shows
        self.source_editor: SourceEditor | None = None
        self._conflict_open = False  # a conflict dialog is on screen (no stacking)
        self._asking = False  # the unsaved-edits question is on screen (no stacking)
        self._refusal = ""  # the status bar's "Not saved: …" of a refused save
        # the article whose form waits, disabled, for an operation on its
        # file (a trash): nothing else gives it typing back meanwhile
        self._held: str | None = None
        self._operation: str | None = None  # a rename, move, trash or publish running
        self._focus_before: QWidget | None = None  # where the focus was when the form showed
        self._switching: str | None = None  # the article the window is reading
        # (rel, disk version) of a conflict offered and cancelled: not asked again
        # until the file changes again (or a save runs into it).
        self._declined: tuple[str, tuple] | None = None
        # a newer conflict noticed while the dialog was open, asked after it closes
        self._pending_conflict: tuple[str, Article] | None = None
        self._progress: QProgressDialog | None = None

    @property
    def form(self) -> FrontMatterForm:
        if self._form is None:
            from reader.ui.form.form import FrontMatterForm

            form = FrontMatterForm(self.host.reader)
            form.hide()
            self.host.reader.add_side_panel(form)
            form.modified_changed.connect(self._modified_changed)
            form.input_valid_changed.connect(self._input_valid_changed)
            form.save_requested.connect(self.save)
            form.revert_requested.connect(self.revert)
            form.changes_requested.connect(self.show_changes)
            form.undo_available.connect(self.undo_action.setEnabled)
            form.redo_available.connect(self.redo_action.setEnabled)
            # the menu names the step: Undo Save, Undo Edit title
            form.undo_stack.undoTextChanged.connect(self._name_undo)
            form.undo_stack.redoTextChanged.connect(self._name_redo)
            # their keys work where the focus is in the form (see build_actions)
            form.addActions([self.undo_action, self.redo_action])
            form.installEventFilter(self)  # and in the whole window while it is shown
            self._form = form
        return self._form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The form shown: its undo and redo keys work anywhere in the window;
        hidden: only inside it (see build_actions)."""
        if watched is self._form and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            context = (
                Qt.ShortcutContext.WindowShortcut
                if event.type() == QEvent.Type.Show
                else Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            for action in (self.undo_action, self.redo_action):
                action.setShortcutContext(context)
        return False

    def form_rel(self) -> str | None:
        """The article the form edits, if the form exists."""
        return self._form.rel if self._form is not None else None

    def _name_undo(self, step: str) -> None:
        text = self.tr("&Undo %1").replace("%1", step) if step else self.tr("&Undo Edit")
        self.undo_action.setText(text)

    def _name_redo(self, step: str) -> None:
        text = self.tr("&Redo %1").replace("%1", step) if step else self.tr("&Redo Edit")
        self.redo_action.setText(text)

    def _undo(self) -> None:
        if self._form is not None:
            self._form.keys.step("undo")

    def _redo(self) -> None:
        if self._form is not None:
            self._form.keys.step("redo")

    # -- actions -------------------------------------------------------------------------

    def build_actions(self, file_menu: QMenu, edit_menu: QMenu, article_menu: QMenu) -> None:
        w = self.host
        sk = QKeySequence.StandardKey
        first = file_menu.actions()[0] if file_menu.actions() else None
        self.new_action = w.add_action(
            file_menu, self.tr("&New Article…"), self.new_article, sk.New, "newArticle", first
        )
        self.save_action = w.add_action(
            file_menu, self.tr("&Save Article"), self.save, sk.Save, "save", first
        )
        if first is not None:
            file_menu.insertSeparator(first)
        else:
            file_menu.addSeparator()

        edit_menu.addSeparator()
        self.undo_action = w.add_action(
            edit_menu, self.tr("&Undo Edit"), self._undo, sk.Undo, "undoEdit"
        )
        # Ctrl+Shift+Z (the menu shows it) and Ctrl+Y on every platform
        self.redo_action = w.add_action(
            edit_menu, self.tr("&Redo Edit"), self._redo, redo_shortcuts(), "redoEdit"
        )
        # The keys undo the form's edits anywhere in the window while the
        # form is shown, as the menu says (the list and the reader have no
        # undo of their own; a text box that has one, the search box, keeps
        # it: its own keys take precedence), and only inside the form while
        # it is hidden: never a form edit undone or redone out of sight (see
        # eventFilter).  The menu items work from anywhere.
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            for widget in action.associatedObjects():
                if isinstance(widget, QWidget) and not isinstance(widget, QMenu):
                    widget.removeAction(action)  # the window: the form adds them
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.revert_action = w.add_action(
            edit_menu, self.tr("Re&vert Article"), self.revert, "Ctrl+Alt+R", "revert"
        )
        self.changes_action = w.add_action(
            edit_menu, self.tr("Show &Changes…"), self.show_changes, "Ctrl+Shift+D", "showChanges"
        )
        self.revert_action.setEnabled(False)  # (until the form holds an edit)
        self.changes_action.setEnabled(False)
        edit_menu.addSeparator()
        self.rename_group_action = w.add_action(
            edit_menu,
            self.tr("Rename or &Merge Group…"),
            self.rename_group,
            "Ctrl+Shift+F2",
            "renameGroup",
        )
        self.undo_bulk_action = w.add_action(
            edit_menu, self.tr("Undo Last &Bulk Edit…"), self.undo_bulk, "Ctrl+Alt+Z", "undoBulk"
        )

        article_menu.addSeparator()
        self.form_action = w.add_action(
            article_menu,
            self.tr("&Edit Front Matter"),
            self.toggle_form,
            "Ctrl+E",
            "editFrontMatter",
        )
        self.form_action.setCheckable(True)
        w.add_action(
            article_menu, self.tr("Edit Sour&ce…"), self.edit_source, "Ctrl+U", "editSource"
        )
        w.add_action(article_menu, self.tr("Rena&me File…"), self.rename_file, "F2", "renameFile")
        w.add_action(
            article_menu,
            self.tr("Mo&ve to Folder…"),
            self.move_to_folder,
            "Ctrl+Shift+M",
            "moveToFolder",
        )
        w.add_action(
            article_menu,
            self.tr("Move to Categor&y…"),
            self.move_to_category,
            "Ctrl+Alt+M",
            "moveToCategory",
        )
        w.add_action(article_menu, self.tr("Move to &Trash…"), self.trash, "Ctrl+Delete", "trash")

    def _modified_changed(self, modified: bool) -> None:
        self.host.set_modified(self.form.rel if modified else None)
        # nothing to revert or show without an edit (no article, one trashed)
        self.revert_action.setEnabled(modified)
        self.changes_action.setEnabled(modified)
        if not modified:  # saved, reverted or discarded: nothing is left unsaved
            self.host.warn(NOT_SAVED, "")

    def _not_saved(self, rel: str, why: str) -> None:
        """A save failed: said in full once, and why stays in the status bar
        until the edits are saved, reverted or discarded (the form stays
        marked modified meanwhile)."""
        self._message(self.tr("Not saved: %1").replace("%1", why))
        self.host.warn(NOT_SAVED, f"{one_line(rel)}: {why}", self.tr("Edits not saved"))

    def _message(self, text: str, ms: int = 8000) -> None:
        self.host.show_status(text, ms)

    # -- following the reader ------------------------------------------------------------

    def article_loaded(self, rel: str, article: Article) -> None:
        """The window read ``rel`` (opened, re-rendered or changed on disk)."""
        self.loaded = (rel, article)
        if self._form is None:
            return  # nothing to follow until the form is first shown
        form = self._form
        self._switching = None
        if self._held is None:
            form.setEnabled(True)  # (see switching_to)
        if form.edit is None or form.rel != rel:
            if form.is_modified() and self._asking:
                return  # (the question about them is open: its answer decides)
            if form.is_modified() and form.rel is not None and not self.confirm_leave():
                # edits made to another article while this one was read (the
                # form took typing then): never dropped unasked; kept, and
                # the window goes back to their article (else every render
                # of this one asked again)
                self._message(
                    self.tr("The form still holds your unsaved edits to %1").replace(
                        "%1", one_line(form.rel)
                    ),
                    0,
                )
                self.host.show_article(form.rel)
                return
            if not form.isHidden() or form.edit is not None:
                self._load_form(rel, article)
            return
        if article.raw == form.edit.original.raw:
            if (article.mtime_ns, article.size) != (
                form.edit.original.mtime_ns,
                form.edit.original.size,
            ):
                form.edit = form.edit.rebase(article)  # touched, same bytes
            return
        if not form.is_modified():
            self._load_form(rel, article)
            return
        self._conflict(rel, article)

    def switching_to(self, rel: str) -> None:
        """The window starts reading ``rel`` (its question about unsaved edits
        answered).  The form, on another article, takes no typing until it
        follows it: what was typed there meanwhile was lost when ``rel``
        came.  :meth:`article_loaded` and :meth:`switch_failed` free it.
        Only a read that takes a moment disables it (a quick one would make
        it flash grey at every step through the list); what is typed in that
        moment is asked about when ``rel`` comes (see :meth:`article_loaded`)."""
        form = self._form
        if form is None or form.rel in (None, rel):
            return
        self._switching = rel

        def still_reading() -> None:
            if self._switching == rel and self._form is form:
                form.setEnabled(False)

        QTimer.singleShot(_SWITCH_GRACE_MS, still_reading)

    def switch_failed(self, rel: str | None = None) -> None:
        """The article the window started reading (``rel``) cannot be shown.
        The form takes typing again; on another article, with nothing
        unsaved, it is emptied: it showed, and took edits to, the article
        before while the list and the reader were on ``rel``.  (Edits typed
        while ``rel`` was read stay, to be saved to their own file.)"""
        self._switching = None
        if rel is not None and self.loaded is not None and self.loaded[0] != rel:
            self.loaded = None  # (showing the form would load the one before)
        form = self._form
        if form is None or self._held is not None:
            return
        if rel is not None and form.rel not in (None, rel) and not form.is_modified():
            form.clear()
        form.setEnabled(True)

    def _load_form(self, rel: str, article: Article) -> None:
        self._declined = None
        w = self.host
        root = w.library.root if w.library is not None else None
        self.form.set_context(root, w.images_dir, w.taxonomy)
        self.form.load(rel, article)
        self.form.set_read_only(w.library is not None and w.library.is_read_only(rel))

    def toggle_form(self, show: bool | None = None) -> None:
        """Show or hide the form (``show`` None: the action's checked state)."""
        visible = self.form_action.isChecked() if show is None else show
        if visible and self.loaded is not None and self.form.rel != self.loaded[0]:
            self._load_form(*self.loaded)
        focused = QApplication.focusWidget()
        inside = focused is not None and self.form.isAncestorOf(focused)
        if visible and not self.form.isVisible() and not inside:
            self._focus_before = focused  # (given back when the form is hidden)
        self.form.setVisible(visible)
        self.form_action.setChecked(visible)
        if not visible and inside:
            # Qt gave the focus to the next widget of the chain (the tree):
            # it goes back where it was, the list or the article
            before, self._focus_before = self._focus_before, None
            if before is None or not isValid(before) or not before.isVisible():
                before = self.host.reader.browser
            before.setFocus()
        if visible:
            sizes = self.host.reader.splitter.sizes()
            # (beside the article: a width; under it the pane shares its height)
            if len(sizes) == 2 and not self.host.reader.panels_stacked():
                # the article keeps room to be read beside the form (at 1366
                # pixels it had 200, its banner's buttons cut): taken from
                # the tree and the list first
                # as the user left it (a window opened again in a new
                # language had no width yet: 380)
                form = sizes[1] if sizes[1] >= 280 else self.host.reader.panel_width or 380
                self.host.widen_reader(ARTICLE_BESIDE_FORM + form)
                total = sum(self.host.reader.splitter.sizes())
                self.host.reader.splitter.setSizes([max(total - form, 200), form])
                self.host.reader.panel_width = form
            editor = self.form.editors.get("title")
            (editor or self.form.tabs).setFocus()

    # -- handing the form over to a window opened again ----------------------------------

    def commit_typing(self) -> None:
        """Text typed in the form but not taken in yet (a tag typed without
        Enter) becomes an edit: before the form is handed over."""
        if self._form is not None:
            self._form.commit_typing()

    def handover_problem(self) -> str | None:
        """Why the form cannot be handed over (None: it can): typed input
        that does not parse, which only its field or the Raw tab holds."""
        form = self._form
        problems = form.problems() if form is not None and form.edit is not None else []
        return problems[0] if problems else None

    def handover(self) -> FormHandover | None:
        """The form for :meth:`take_over` in another window; None when there
        is nothing to hand over (no article in it, or hidden with no edits).
        Check :meth:`handover_problem` first."""
        form = self._form
        if form is None or form.edit is None or form.rel is None:
            return None
        if form.isHidden() and not form.is_modified() and not form.new_key.text():
            return None
        return FormHandover(
            form.rel,
            form.edit,
            carry_history(form.undo_stack),
            form.tabs.currentIndex(),
            form.read_only,
            form.new_key.text(),
            form.typing_place() if not form.isHidden() else None,
        )

    def take_over(self, handover: FormHandover) -> None:
        """Show the form as another window's form was (see :meth:`handover`),
        at once, whether or not its file can be read now: unsaved edits of a
        file that went away stay in the form (saving them says so), and
        closing asks about them as always."""
        form = self.form
        w = self.host
        root = w.library.root if w.library is not None else None
        form.set_context(root, w.images_dir, w.taxonomy)
        form.set_edit(handover.rel, handover.edit)
        form.set_read_only(handover.read_only)
        if handover.history is not None:
            restore_history(form, handover.history)
        form.new_key.setText(handover.new_key)  # typed, not added yet: still typed
        self.toggle_form(True)
        if handover.tab != form.tabs.currentIndex() and form.tabs.isTabEnabled(handover.tab):
            form.tabs.setCurrentIndex(handover.tab)
            if handover.tab == 1:
                form.raw.setFocus()
        form.return_to(handover.place)  # the keyboard where it was, to go on typing

    @property
    def changing(self) -> bool:
        """Whether the window is renaming, moving, trashing or publishing a
        file, or undoing a bulk edit, now (its files move through it)."""
        return self._operation is not None or self._held is not None

    def follow_library(self, rel: str) -> None:
        """``rel``, whose edit the form took over, is shown: the form takes
        the library's completions and whether the file may be written."""
        w, form = self.host, self._form
        if form is None or form.rel != rel or w.library is None:
            return
        form.set_context(w.library.root, w.images_dir, w.taxonomy)
        form.set_read_only(w.library.is_read_only(rel))

    def clear(self) -> None:
        """The library closed or the article went away."""
        self.loaded = None
        if self._form is not None:
            self._form.clear()

    # -- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the form's edits; True when nothing is left unsaved."""
        form = self.form
        form.commit_typing()  # a tag typed without Enter is saved too
        edit, rel = form.edit, form.rel
        if edit is None or rel is None or not form.is_modified():
            return True
        if form.problems():
            self._refuse_save()
            return False
        try:
            new_raw = edit.new_bytes()
        except ArticleError as exc:
            self._not_saved(rel, str(exc))
            return False
        return self._write(rel, edit.original, new_raw)

    def _refuse_save(self) -> None:
        """Input that does not parse is not saved, nor any other edit (never
        half of them): said in the status bar, and that input is brought
        into view with the keyboard focus, its error beside it."""
        form = self.form
        if form.isHidden():
            if self.loaded is None or self.loaded[0] == form.rel:
                self.toggle_form(True)
            else:  # shown as it is: toggle_form would load the reader's article
                form.show()
                self.form_action.setChecked(True)
        problem = form.reveal_problem() or form.problems()[0]
        # not a standing warning: the field's own error stays while it holds
        self._refusal = self.tr("Not saved: %1").replace("%1", one_line(problem))
        self._message(self._refusal)

    def _input_valid_changed(self, valid: bool) -> None:
        """The input corrected: a save's refusal no longer stands in the
        status bar ("Not saved: date: Not a date" stayed, the date fixed)."""
        if valid:
            self.host.take_back_status(self._refusal)

    def _write(self, rel: str, original: Article, new_raw: bytes) -> bool:
        w = self.host
        try:
            self._library().write(original, new_raw, update_index=False)
        except (_file_changed(), ArticleError) as exc:
            if self._gone(rel):  # deleted or moved away by another program meanwhile
                if not self._write_again(rel, original, new_raw):
                    return False
            elif isinstance(exc, _file_changed()):
                theirs = self._reload(rel)
                if theirs is not None:
                    self._conflict(rel, theirs, saving=True)
                return False
            else:
                self._not_saved(rel, str(exc))
                return False
        article = self._reload(rel)
        if article is None:
            return False
        self.loaded = (rel, article)
        if self.form.rel == rel or self.form.edit is not None:
            self._load_form(rel, article)
            if self.form.rel == rel:
                self.form.keep_saved_step(original)  # Undo Save: back to the bytes before
        w.update_paths(self._paths_of(article))
        w.rerender()
        self._message(self.tr("Saved %1").replace("%1", one_line(rel)), 4000)
        return True

    def _gone(self, rel: str) -> bool:
        library = self.host.library
        return library is not None and not os.path.lexists(library.root.joinpath(*rel.split("/")))

    def _write_again(self, rel: str, original: Article, new_raw: bytes) -> bool:
        """The file was deleted or moved away while it was edited: asked
        whether to write the edited version at its place again (else the
        edits could go nowhere but Discard).  True once written."""
        name = one_line(rel)
        asked = _dialogs().confirm(
            self.host.dialog_parent,
            self.tr("File Gone"),
            self.tr(
                "%1 is no longer on disk: another program deleted or moved it while you "
                "edited it here. Save your edited version as %1 again?"
            ).replace("%1", name),
        )
        if not asked:
            self._not_saved(rel, self.tr("the file is no longer on disk"))
            return False
        try:
            self._library().write_again(original, new_raw)
        except ArticleError as exc:
            self._not_saved(rel, str(exc))
            return False
        return True

    def _reload(self, rel: str) -> Article | None:
        try:
            return self._library().load(rel)
        except ArticleError as exc:
            self._message(str(exc))
            return None

    def _library(self) -> Library:
        """The open library (editing happens only while one is open)."""
        library = self.host.library
        if library is None:
            raise RuntimeError("no library is open")
        return library

    @staticmethod
    def _paths_of(article: Article) -> list[str]:
        return [os.fspath(article.path)] if article.path is not None else []

    def revert(self) -> None:
        form = self.form
        if not form.is_modified():
            return
        form.revert()
        # said, in place of what the status bar still said of the edits
        # ("applied to the new file; not saved yet")
        rel = form.rel or ""
        self._message(self.tr("Reverted the edits of %1").replace("%1", one_line(rel)), 5000)

    def show_changes(self) -> None:
        self.form.commit_typing()  # what Save would save
        edit, rel = self.form.edit, self.form.rel
        if edit is None or rel is None:
            return
        try:
            text = edit.diff_text(rel)  # library-relative, like the conflict dialog
        except ArticleError as exc:
            text = str(exc)
        note = ""
        if self.form.pending_inputs():
            # (the diff is of the edit: typed text that does not parse is in none)
            note = self.tr(
                "Text you typed that does not parse yet (in the Raw tab or a field) is not "
                "in these changes: they show the last text that did. Save saves nothing "
                "until it is fixed or undone."
            )
        _dialogs().show_diff(
            self.host.dialog_parent,
            self.tr("Changes to %1").replace("%1", one_line(rel)),
            text,
            note,
        )

    def asking_to_leave(self) -> bool:
        """The question about unsaved edits is open (see :meth:`confirm_leave`)."""
        return self._asking

    def confirm_leave(self) -> bool:
        """Before switching article or library, or quitting: True to go on.
        Unsaved edits are never dropped without asking.  While the question
        is open (its dialog runs the event loop: a list filled again meanwhile
        asks to show its row), False: it is never asked twice at once, and
        the answer to the open one decides."""
        if self._asking:
            return False
        form = self._form
        if form is not None:
            form.commit_typing()  # a tag typed without Enter is asked about too
        if form is None or not form.is_modified():
            return True
        edit, rel = form.edit, form.rel
        if edit is None or rel is None:  # is_modified() says there is an edit
            return True
        if not edit.has_changes() and not form.problems():
            form.load(rel, edit.original)
            return True
        self._asking = True
        try:
            answer = _dialogs().ask_unsaved(self.host.dialog_parent, rel)
        finally:
            self._asking = False
        if answer == _dialogs().SAVE:
            return self.save()
        if answer == _dialogs().DISCARD:
            form.load(rel, edit.original)
            return True
        return False

    @staticmethod
    def _disk_version(article: Article) -> tuple:
        import hashlib

        return (article.mtime_ns, article.size, hashlib.sha256(article.raw).hexdigest())

    def _conflict(self, rel: str, theirs: Article, saving: bool = False) -> None:
        """The file changed on disk under unsaved edits: ask, never overwrite.

        A version the user cancelled is not asked about again (re-renders, a
        second watcher event) until the file changes again; a save that runs
        into it asks once more (``saving``), and Keep Mine then saves the edits
        on the new file (unless text typed there does not parse yet, or lines
        both changed are marked).  While the dialog is open, later changes wait
        for it instead of stacking a second dialog."""
        if self._conflict_open:
            self._pending_conflict = (rel, theirs)
            return
        version = (rel, self._disk_version(theirs))
        if not saving and self._declined == version:
            return
        form = self.form
        if form.edit is None or form.rel != rel:
            return
        from reader.core.edit.diff import conflict_diffs

        base = form.edit.original.raw
        try:
            own = form.edit.new_bytes()
        except ArticleError:
            own = base
        try:
            mine = form.edit.rebase(theirs)
            diff = conflict_diffs(base, theirs.raw, own, mine.new_bytes(), rel)
        except ArticleError as exc:
            mine = None
            problem = self.tr("Your edits cannot be applied to the new file: %1").replace(
                "%1", str(exc)
            )
            diff = conflict_diffs(base, theirs.raw, own, None, rel, problem)
        note = ""
        if form.pending_inputs():
            # not in any diff (it is in no edit): Keep Mine keeps it as typed
            note = self.tr(
                "Text you typed that does not parse yet (in the Raw tab or a field) "
                "is not in these differences. Keep Mine keeps it, with the other "
                "program's changes to the lines you did not type over taken into the "
                "Raw text; where you both changed the same lines, both versions stay "
                "between conflict markers for you to choose. Take Theirs drops it."
            )
        self._conflict_open = True
        self._pending_conflict = None
        try:
            choice = _dialogs().ask_conflict(self.host.dialog_parent, rel, diff, note)
        finally:
            self._conflict_open = False
        pending, self._pending_conflict = self._pending_conflict, None
        if choice == _dialogs().MINE and mine is not None:
            self._declined = None
            form.set_edit(rel, mine)
            from reader.core.article.conflicts import conflict_blocks  # (not at start-up)

            if form.fields_locked() and conflict_blocks(form.raw_text()):
                self._message(
                    self.tr(
                        "Your edits were applied to the new file; the lines you both "
                        "changed are marked in the Raw tab for you to choose. Not saved yet."
                    )
                )
            elif saving and not form.pending_inputs():
                self.save()  # asked for by Save: the edits on the new file are saved
            else:
                self._message(self.tr("Your edits were applied to the new file; not saved yet."))
        elif choice == _dialogs().THEIRS:
            self._load_form(rel, theirs)
        else:
            self._declined = version
        if pending is not None and self.loaded is not None and self.loaded[0] == pending[0]:
            # changed again while the dialog was open: the file as it is now
            # (the version the dialog answered may be the one just saved over:
            # loaded, it took the saved edits back and raised a false conflict)
            current = self._reload(pending[0]) if self.host.library is not None else None
            if current is not None:
                self.article_loaded(pending[0], current)

    # -- the source editor ---------------------------------------------------------------

    def edit_source(self) -> None:
        if self.loaded is None or not self.confirm_leave():
            return
        rel, article = self.loaded
        from reader.ui.form.source_editor import SourceEditor

        editor = SourceEditor(rel, article, self.host.dialog_parent)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.save_requested.connect(partial(self._save_source, editor, rel))
        self.source_editor = editor
        editor.destroyed.connect(lambda: setattr(self, "source_editor", None))
        editor.open()

    def _save_source(
        self, editor: SourceEditor, rel: str, data: bytes, base: Article | None = None
    ) -> None:
        """Write the source editor's ``data`` over ``base`` (the version it was
        read as, unless Keep Mine chose another).  The editor keeps its base
        and text until a write succeeds, so a write that fails leaves Save to
        run into the other program's version again, never over it unasked."""
        base = base or editor.article
        try:
            self._library().write(base, data, update_index=False)
        except _file_changed():
            theirs = self._reload(rel)
            if theirs is None:
                return
            from reader.core.edit.diff import conflict_diffs
            from reader.core.edit.source import keep_mine_source

            # their changes to lines not edited here stay (what the dialog shows)
            merged = keep_mine_source(base.raw, data, theirs.raw)
            diffs = conflict_diffs(base.raw, theirs.raw, data, merged, rel)
            choice = _dialogs().ask_conflict(editor, rel, diffs)
            if choice == _dialogs().THEIRS:
                editor.saved()
                self._after_write(rel)
            elif choice == _dialogs().MINE:
                self._save_source(editor, rel, merged, theirs)
            return
        except ArticleError as exc:
            editor.status.setText(str(exc))
            return
        editor.saved()
        self._after_write(rel)
        self._message(self.tr("Saved %1").replace("%1", one_line(rel)), 4000)

    def _after_write(self, rel: str) -> None:
        article = self._reload(rel)
        if article is None:
            return
        self.loaded = (rel, article)
        if self._form is not None and self._form.edit is not None:
            self._load_form(rel, article)
        self.host.update_paths(self._paths_of(article))
        self.host.rerender()

    # -- library operations --------------------------------------------------------------

    def _current(self) -> str | None:
        return self.host.reader.current

    def _run(self, work, done, not_done: str) -> None:
        """Run a library operation on a worker; a failure is said after
        ``not_done`` (see :meth:`_failure`)."""
        self.host.run(work, done, self._failure(not_done))

    def _failure(self, not_done: str) -> Callable[[BaseException], None]:
        """What says a failed operation: after ``not_done`` ("Not renamed:
        %1"), in the status bar until the next message (a few seconds were
        easy to miss)."""

        def failed(exc: BaseException) -> None:
            self._message(not_done.replace("%1", failure_text(exc)), 0)

        return failed

    def _said_done(self, text: str, old: str, new: str) -> None:
        """Say a rename or move done ("Moved %1 to %2")."""
        self._message(text.replace("%1", one_line(old)).replace("%2", one_line(new)), 8000)

    def hold_during(
        self,
        rel: str,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``work``, an operation that moves or removes ``rel`` (rename,
        move, trash, publish), on a worker with ``rel``'s form held: it
        takes no typing until the operation is done or failed (what was
        typed meanwhile went to a file no longer there, or was cleared with
        it), and nothing else frees it meanwhile (the watcher's reload of the
        file going away, see :meth:`article_loaded`).  Done, a form whose
        file is gone is cleared before it takes typing again: it follows the
        article to its new place when the window shows it there (freed on
        the old path, it took typing for a file no longer there meanwhile).

        One at a time: another asked for meanwhile is refused, said.  When
        another library was opened meanwhile, ``done`` and ``failed`` do not
        run (they would show or say things in that one)."""
        w = self.host
        if self._operation is not None:
            text = self.tr("Still changing %1; try again when that is done.")
            self._message(text.replace("%1", one_line(self._operation)), 5000)
            return
        library = w.library
        form = self._form if self.form_rel() == rel else None
        self._operation = rel
        if form is not None:
            form.setEnabled(False)
            self._held = rel

        def let_go() -> None:
            self._operation = None
            if form is not None and self._held == rel:
                self._free(form, library)

        def finished(result: Any) -> None:
            let_go()
            if w.library is library:
                done(result)

        def not_finished(exc: BaseException) -> None:
            let_go()
            if w.library is library:
                failed(exc)

        self.host.run(work, finished, not_finished)

    def _free(self, form: FrontMatterForm, library: Library | None) -> None:
        """Give ``form``, held, typing back, cleared first when its file is
        gone (moved or removed by what held it)."""
        self._held = None
        rel = form.rel
        place = library.root.joinpath(*rel.split("/")) if rel and library is not None else None
        if place is not None and not os.path.lexists(place):
            form.clear()  # (its file moved or went away)
        if self._switching is None:
            form.setEnabled(True)

    def _show_after_change(self, rel: str | None) -> None:
        """The library changed on disk through us: groups and list follow."""
        self.host.show_after_change(rel)

    def new_article(self) -> None:
        w = self.host
        library = w.library
        if library is None or not self.confirm_leave():
            return
        title = _dialogs().ask_text(w.dialog_parent, self.tr("New Article"), self.tr("Title:"))
        if not title:
            return
        key = w.node_key
        category = list(key[1:]) if key and key[0] == "category" else []

        def work() -> str:
            # a site's own scaffold or archetype first, else the library's habits
            planned = None if category else library.plan_site_article(title)
            return library.create_planned(planned or library.plan_new_article(title, category))

        def done(rel: str) -> None:
            self._show_after_change(rel)
            self.form_action.setChecked(True)
            self.form.show()
            self._message(self.tr("Created %1").replace("%1", one_line(rel)), 5000)

        self._run(work, done, self.tr("Not created: %1"))

    def rename_file(self, typed: str | None = None, problem: str = "") -> None:
        """Ask for a new name and rename; a name refused (taken, a "/" in
        it) asks again with the name as typed and why, instead of closing
        the dialog and leaving it to be typed again."""
        w, rel = self.host, self._current()
        library = w.library
        if library is None or not rel or (typed is None and not self.confirm_leave()):
            return
        label = self.tr("New file name:")
        if problem:
            label = self.tr("Not renamed: %1").replace("%1", one_line(problem)) + "\n\n" + label
        name = _dialogs().ask_text(
            w.dialog_parent,
            self.tr("Rename File"),
            label,
            posixpath.basename(rel) if typed is None else typed,
        )
        if not name or name == posixpath.basename(rel):
            if problem:
                # given up after a refusal: its "Not renamed" said so, for good
                self._message("", 0)
            return
        if not self._date_kept(rel, name):
            # asked again with the date put back where it was
            from reader.core.article.dates import date_prefix_length

            old = posixpath.basename(rel)
            self.rename_file(
                old[: date_prefix_length(old)] + name,
                self.tr("its date comes from its name: it is put back at the start"),
            )
            return

        def failed(exc: BaseException) -> None:
            self._message(self.tr("Not renamed: %1").replace("%1", failure_text(exc)), 0)
            if self._current() == rel and isinstance(exc, ArticleError):
                self.rename_file(name, failure_text(exc))

        def done(new_rel: str) -> None:
            self._show_after_change(new_rel)
            # (said, as a failure is: a "Not renamed" of before stayed, saying the opposite)
            self._said_done(self.tr("Renamed %1 to %2"), rel, new_rel)

        self.hold_during(rel, lambda: library.rename(rel, name), done, failed)

    def _date_kept(self, rel: str, name: str) -> bool:
        """Whether renaming ``rel`` to ``name`` may go on: an article dated by
        its file name alone (no date in its front matter) whose new name
        drops or changes that date goes on only when the user says so (it
        took the file's time, silently, and moved in the list)."""
        from reader.core.article.dates import date_lost_by_rename

        library = self.host.library
        lost = date_lost_by_rename(posixpath.basename(rel), name)
        summary = library.summary(rel) if library is not None and lost is not None else None
        if lost is None or summary is None or summary.date_source != "filename":
            return True
        text = self.tr(
            "“%1” is dated %2 by its file name alone. Renamed to “%3”, it loses that date "
            "(a Jekyll site does not publish a post without a date at the start of its "
            "name).\n\nRename it anyway?"
        )
        text = fill(text, posixpath.basename(rel), lost.isoformat(), name)
        return bool(_dialogs().confirm(self.host.dialog_parent, self.tr("Rename File"), text))

    def move_to_folder(self) -> None:
        w, rel = self.host, self._current()
        library = w.library
        if library is None or not rel or not self.confirm_leave():
            return
        root = os.fspath(library.root)
        folders = sorted(
            {os.path.relpath(f, root).replace(os.sep, "/") for f in w.library_folders()} | {"."}
        )
        current = posixpath.dirname(rel) or "."
        folder = _dialogs().ask_item(
            w.dialog_parent,
            self.tr("Move to Folder"),
            self.tr("Folder in the library:"),
            folders,
            current,
        )
        if not folder or folder == current:
            return
        target = "" if folder == "." else folder

        def done(new_rel: str) -> None:
            self._show_after_change(new_rel)
            self._said_done(self.tr("Moved %1 to %2"), rel, new_rel)

        self.hold_during(
            rel,
            lambda: library.move(rel, target),
            done,
            self._failure(self.tr("Not moved: %1")),
        )

    def move_to_category(self) -> None:
        """Set the article's category (a form edit: save it with Ctrl+S)."""
        if self.loaded is None:
            return
        self.toggle_form(True)
        edit = self.form.edit
        if edit is None or not edit.editable:
            return
        if self.form.fields_locked():  # the Raw text, fixed, would undo the category
            self.form.tabs.setCurrentIndex(1)
            self.form.raw.setFocus()
            self.host.show_status(self.form.fields_note.text(), 5000)
            return
        paths = self.form.category_completions()
        path = _dialogs().ask_item(
            self.host.dialog_parent,
            self.tr("Move to Category"),
            self.tr("Category (Parent / Child):"),
            paths,
        )
        if not path:
            return
        key = next((k for k in ("categories", "category") if k in edit.diff), "categories")
        original = edit.diff.value(key)
        from reader.core.article.taxonomy import parse_category_path
        from reader.core.edit.fields import categories_value

        parts = list(parse_category_path(path))
        self.form.set_key_value(key, categories_value([parts], original))

    def trash(self) -> None:
        w, rel = self.host, self._current()
        library = w.library
        if library is None or not rel:
            return
        if self.form_rel() == rel and self.form.is_modified():
            # one question that says what is lost; declining keeps the edits
            text = self.tr("Move %1 to the trash? It has unsaved changes; they will be lost.")
        else:
            text = self.tr("Move %1 to the trash?")
        if not _dialogs().confirm(
            w.dialog_parent, self.tr("Move to Trash"), text.replace("%1", one_line(rel))
        ):
            return
        expected = self.loaded[1].raw if self.loaded and self.loaded[0] == rel else None
        # the edits go with the file, not before it: should the trash fail,
        # they are still in the form (held meanwhile, see hold_during)

        def done(undoable: bool) -> None:
            if self.form_rel() == rel:
                self.form.clear()
            self.loaded = None
            w.stop_showing()
            self._show_after_change(None)
            text = (
                self.tr(
                    "Moved %1 to the trash; Edit › Undo Last Bulk Edit (Ctrl+Alt+Z) brings it back"
                )
                if undoable
                else self.tr("Moved %1 to the trash")
            )
            self._message(text.replace("%1", one_line(rel)), 10000)

        self.hold_during(
            rel,
            lambda: library.trash(rel, expected=expected),
            done,
            self._failure(self.tr("Not moved to the trash: %1")),
        )

    # -- bulk edits ----------------------------------------------------------------------

    def group_menu(self, kind: str, key: tuple, parent: QWidget) -> QMenu | None:
        """The context menu of a group in the navigation tree (None: it has none)."""
        if kind not in ("category", "tag"):
            return None
        menu = QMenu(parent)
        text = (
            self.tr("Rename or Merge Category…")
            if kind == "category"
            else self.tr("Rename or Merge Tag…")
        )
        menu.addAction(text, lambda: self.rename_group(key))
        menu.addAction(self.undo_bulk_action)
        return menu

    def rename_group(self, key: tuple | None = None) -> None:
        w = self.host
        library = w.library
        key = key if isinstance(key, tuple) else w.node_key
        if library is None or not key or key[0] not in ("category", "tag"):
            self._message(self.tr("Select a category or a tag first."))
            return
        kind = key[0]
        from reader.core.article.taxonomy import format_category_path

        old = format_category_path(key[1:]) if kind == "category" else key[1]
        if kind == "category":
            title, label = (
                self.tr("Rename or Merge Category"),
                self.tr("New path (Parent/Child); an existing category merges:"),
            )
        else:
            title, label = (
                self.tr("Rename or Merge Tag"),
                self.tr("New name; an existing tag merges:"),
            )
        new = _dialogs().ask_text(w.dialog_parent, title, label, old)
        if not new or new == old or not self.confirm_leave():
            return

        def plan(report, cancelled):
            progress = lambda d, t, _path: report(d, t)  # noqa: E731
            if kind == "category":
                return library.plan_category_rename(key[1:], new, progress, cancelled)
            return library.plan_tag_rename(old, new, progress, cancelled)

        self._long(self.tr("Preparing the changes…"), plan, self._preview)

    def _preview(self, plan, cancelled: bool) -> None:
        if cancelled:
            return
        from reader.ui.form.bulk_dialog import BulkPreviewDialog

        dialog = BulkPreviewDialog(plan, self.host.dialog_parent)
        if not _dialogs().run_dialog(dialog):
            return
        library = self._library()

        def apply(report, cancel):
            from reader.core.library.facade import JournalDamagedError

            damaged = None
            try:
                library.journal.last()  # a damaged journal is found (and kept aside) now
            except JournalDamagedError as exc:
                damaged = str(exc)
            # (after a command-line edit that was planned: see Library.bulk_turn)
            with library.bulk_turn():
                return library.apply(plan, lambda d, t, _path: report(d, t), cancel), damaged

        self._long(self.tr("Changing files…"), apply, self._applied)

    def _applied(self, outcome, _cancelled: bool) -> None:
        result, damaged = outcome
        text = self.tr("%n file(s) changed.", "", len(result.changed))
        if damaged:
            started = self.tr("%1; a new undo journal was started.").replace("%1", damaged)
            text = f"{started} {text}"
        text += self._skipped_text([*result.skipped, *result.failed])
        if result.cancelled:
            text += " " + self.tr(
                "Cancelled; the files already changed stay changed "
                "(Undo Last Bulk Edit restores them)."
            )
        self._message(text, 10000)
        self._after_bulk()

    def _skipped_text(self, passed: list[tuple[str, str]]) -> str:
        """ " N file(s) skipped, e.g. PATH: why" ("" for none): "1 file
        skipped." alone left the user guessing why."""
        if not passed:
            return ""
        path, why = passed[0]
        text = self.tr("%n file(s) skipped, e.g. %1", "", len(passed))
        return " " + text.replace("%1", one_line(f"{path}: {why}"))

    def undo_bulk(self) -> None:
        w = self.host
        library = w.library
        if library is None:
            return
        self._run(library.last_operation, self._confirm_undo_bulk, self.tr("Cannot undo: %1"))

    def _confirm_undo_bulk(self, operation) -> None:
        w = self.host
        if operation is None or operation.undone:
            _dialogs().inform(
                w.dialog_parent,
                self.tr("Undo Last Bulk Edit"),
                self.tr("There is no bulk edit to undo."),
            )
            return
        if not _dialogs().confirm(
            w.dialog_parent,
            self.tr("Undo Last Bulk Edit"),
            self.tr("Undo “%1” (%n file(s))?", "", operation.files).replace(
                "%1", operation_text(operation.description)
            ),
        ):
            return
        if not self.confirm_leave():
            return
        if self._operation is not None:  # (a rename, move or trash of the form's file)
            text = self.tr("Still changing %1; try again when that is done.")
            self._message(text.replace("%1", one_line(self._operation)), 5000)
            return
        library = self._library()
        self._operation = operation_text(operation.description)
        # the form's file may be among those put back, or moved back (a
        # publish): held meanwhile, and cleared when its file went away
        form = self._form
        if form is not None and form.rel is not None:
            form.setEnabled(False)
            self._held = form.rel

        def let_go() -> None:
            self._operation = None
            if form is not None and self._held == form.rel:
                self._free(form, library)

        def work(report, _cancel):
            with library.bulk_turn():  # (not between a command-line edit's plan and writes)
                return library.undo_last(lambda d, t, _path: report(d, t))

        def done(result, _cancelled) -> None:
            if self.host.library is not library:
                return  # (another library opened meanwhile: nothing to say in it)
            if result.changed_nothing:
                text = self.tr(
                    "Nothing to put back: the files of the bulk edit hold their bytes from "
                    "before it (it was stopped before its first write, or they were put back "
                    "since)."
                )
            elif not result.restored and result.skipped and not result.failed:
                # ("0 file(s) restored." read as done)
                text = self.tr(
                    "Nothing was put back: the files are not as the bulk edit left them; "
                    "it is no longer in the undo history."
                )
            else:
                text = self.tr("%n file(s) restored.", "", result.count)
            self.host.warn(EDIT_CUT_SHORT, "")  # (the edit cut short, if it was, is undone)
            text += self._skipped_text([*result.skipped, *result.failed])
            self._message(text, 15000)
            # the article read was moved back (a publish undone): shown where it is
            moved = dict(result.moved_back)
            self._after_bulk(moved.get(self.host.reader.current or ""))

        self._long(self.tr("Undoing the bulk edit…"), work, done, let_go)

    def _after_bulk(self, moved_to: str | None = None) -> None:
        w = self.host
        if moved_to:
            self._show_after_change(moved_to)
            return
        current = w.reader.current
        self._show_after_change(None)
        if current:
            w.show_article(current, reload=True)

    def _long(self, label: str, work, done, after: Callable[[], None] | None = None) -> None:
        """Run ``work(report, cancelled)`` with a cancellable progress dialog;
        ``done(result, cancelled)`` runs after it (``after`` first, whether
        it was done or failed)."""
        from PySide6.QtWidgets import QProgressDialog

        w = self.host
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, w.dialog_parent)
        dialog.setObjectName("progressDialog")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        self._progress = dialog

        def progressed(done_count: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done_count, max(total, 1)))

        def finish(result) -> None:
            cancelled = task.is_cancelled()
            dialog.reset()
            dialog.deleteLater()
            self._progress = None
            if after is not None:
                after()
            done(result, cancelled)

        def failed(exc) -> None:
            dialog.reset()
            dialog.deleteLater()
            self._progress = None
            if after is not None:
                after()
            self._message(str(exc) or type(exc).__name__)

        task = w.run(work, finish, failed, on_progress=progressed)
        dialog.canceled.connect(task.cancel)
