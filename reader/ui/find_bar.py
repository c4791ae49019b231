"""The find bar under the reader: Ctrl+F, Enter / Shift+Enter, Escape; it
counts the matches ("3 of 12") of the article shown (another article, or
the same one shown again, and the count is said again when next searched).
Without an article (a message in its place: "Choose an article…") it finds
nothing, and says there is no article to search.

What it holds (the text, open or not, the match selected, the keyboard in
it) is a :class:`FindState`, which a window opened again in another
language takes over (:meth:`FindBar.state`, :meth:`FindBar.take_over`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QToolButton, QWidget

__all__ = ["FindBar", "FindState"]

#: Matches counted at most (a one-letter search in a long article stops here).
MAX_COUNTED = 9999
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class FindState:
    """The find bar as it is: its text, whether it is open, which match is
    selected (1-based; 0: none) and whether the keyboard is in its field."""

    text: str
    opened: bool
    match: int = 0
    focused: bool = False


class FindBar(QWidget):
    closed = Signal()

    def __init__(
        self,
        browser: QTextBrowser,
        parent: QWidget | None = None,
        has_article: Callable[[], bool] | None = None,
    ):
        """``has_article`` says whether ``browser`` shows an article (else
        a message, which is not searched); without it, always."""
        super().__init__(parent)
        self._browser = browser
        self._has_article = has_article or (lambda: True)
        self.setAccessibleName(self.tr("Find in article"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(self.tr("Find in article"))
        self.field.setAccessibleName(self.tr("Text to find"))
        self.field.setClearButtonEnabled(True)
        self.previous_button = QToolButton(self)
        self.previous_button.setText(self.tr("Previous"))
        self.previous_button.setAccessibleName(self.tr("Find previous"))
        self.next_button = QToolButton(self)
        self.next_button.setText(self.tr("Next"))
        self.next_button.setAccessibleName(self.tr("Find next"))
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.status.setObjectName("findStatus")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName(self.tr("Close the find bar"))
        self.close_button.setAutoRaise(True)
        for widget in (self.field, self.previous_button, self.next_button, self.status):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.field.textEdited.connect(lambda: self.search(from_start=True))
        self.field.returnPressed.connect(self.find_next)
        # Shift+Enter before the field, which took it for Enter (next) too
        self.field.installEventFilter(self)
        # the count was of the text shown before (another article)
        browser.textChanged.connect(self._text_replaced)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.hide_bar)
        self.hide()

    def open(self) -> None:
        article = self._has_article()
        selected = self._browser.textCursor().selectedText() if article else ""
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if not article:
            self._show_result(False)

    def hide_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def state(self) -> FindState:
        """What the bar holds now (see :class:`FindState`)."""
        opened = not self.isHidden()
        focus = self.window().focusWidget()
        return FindState(
            self.field.text(),
            opened,
            self.selected_match() if opened else 0,
            opened and focus is self.field,
        )

    def take_over(self, state: FindState) -> None:
        """Hold what another window's bar held (``state``): its text, open
        or not, the keyboard in it.  The match it had selected is for the
        article once shown (:meth:`select_match`)."""
        self.field.setText(state.text)
        self.setVisible(state.opened)
        if state.opened and state.focused:
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_match(self) -> int:
        """Which match of the text is selected (1-based; 0: none, or the
        count not said, as after another text was shown)."""
        if not self.field.text() or not self.status.text():
            return 0
        return self.match_position()[0]

    def select_match(self, number: int) -> bool:
        """Select the ``number``-th match (1-based; the last one when there
        are fewer now) and say its count; False when there is none."""
        from PySide6.QtGui import QTextCursor

        text = self.field.text()
        if not text or number < 1 or not self._has_article():
            return False
        document = self._browser.document()
        cursor = found = QTextCursor(document)
        for _ in range(min(number, MAX_COUNTED)):
            cursor = document.find(self._pattern(text), cursor)
            if cursor.isNull():
                break
            found = cursor
        if not found.hasSelection():
            self._show_result(False)
            return False
        self._browser.setTextCursor(found)
        self._show_result(True)
        return True

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide_bar()
            return
        if event.matches(QKeySequence.StandardKey.FindPrevious):
            self.find_previous()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Shift+Enter in the field finds the previous match (the field
        itself would take it for Enter, the next one)."""
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_previous()
            return True
        return super().eventFilter(watched, event)

    def _text_replaced(self) -> None:
        """Another text in the reader: no match of it is selected yet, and
        the count said was another text's."""
        if self.status.text():
            self.status.setText("")
            self.status.setAccessibleName("")

    def find_next(self) -> bool:
        return self._find_again()

    def find_previous(self) -> bool:
        return self._find_again(backward=True)

    def _find_again(self, backward: bool = False) -> bool:
        """Find Next or Previous (F3, Ctrl+G) also with the bar closed: it
        opens to say which match of how many (it searched unseen), or to
        have the text typed when there is none yet."""
        if not self.field.text():
            self.open()
            return False
        if self.isHidden():
            self.show()  # the keyboard stays in the article
        return self.search(backward=backward)

    @staticmethod
    def _pattern(text: str):
        """What finds ``text`` in the article: case aside, and its letters
        and digits in either width (``GDP`` finds ＧＤＰ, as the library's
        search does)."""
        from PySide6.QtCore import QRegularExpression

        from reader.core.library.fulltext import either_width

        return QRegularExpression(
            either_width(text), QRegularExpression.PatternOption.CaseInsensitiveOption
        )

    def search(self, backward: bool = False, from_start: bool = False) -> bool:
        from PySide6.QtGui import QTextDocument

        text = self.field.text()
        if not text:
            self._show_result(True)
            return False
        if not self._has_article():  # (the message shown instead is not searched)
            self._show_result(False)
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if not self._from_the_view(backward) and from_start:
            cursor = self._browser.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self._browser.setTextCursor(cursor)
        found = self._browser.find(self._pattern(text), flags)
        if not found:  # wrap around
            cursor = self._browser.textCursor()
            move = cursor.MoveOperation
            cursor.movePosition(move.End if backward else move.Start)
            self._browser.setTextCursor(cursor)
            found = self._browser.find(self._pattern(text), flags)
        self._show_result(found)
        return found

    def _from_the_view(self, backward: bool) -> bool:
        """Start where the reader is, as a browser does: when the match
        selected (or the cursor) is out of view (the article scrolled to
        its end, a search there found the first match at the top and
        jumped back), from the top of what is shown (its bottom, searching
        backward).  Whether it moved the start."""
        from PySide6.QtCore import QPoint

        browser = self._browser
        view = browser.viewport().rect()
        cursor = browser.textCursor()
        if view.intersects(browser.cursorRect(cursor)):
            return False
        corner = view.bottomRight() if backward else QPoint(0, 0)
        start = browser.cursorForPosition(corner)
        # (set without scrolling: the position is on screen already)
        bar = browser.verticalScrollBar()
        kept = bar.value()
        browser.setTextCursor(start)
        bar.setValue(kept)
        return True

    def _show_result(self, found: bool) -> None:
        if not self._has_article():
            self.status.setText(self.tr("No article to search"))
            self.status.setAccessibleName(self.status.text())
            return
        if not found:
            self.status.setText(self.tr("Not found") if self.field.text() else "")
            self.status.setAccessibleName(self.status.text())
            return
        current, total = self.match_position()
        text = self.tr("%1 of %2").replace("%1", str(current)).replace("%2", str(total))
        if total >= MAX_COUNTED:
            text = self.tr("%1 of %2+").replace("%1", str(current)).replace("%2", str(total))
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def match_position(self) -> tuple[int, int]:
        """(which match is selected, 1-based; how many matches there are)."""
        text = self.field.text()
        if not text or not self._has_article():
            return 0, 0
        from reader.core.library.fulltext import either_width

        # Counted in the document's text by Python's engine, in one pass:
        # a search of the document for each match (9,999 of a common letter
        # in a long article) held the window for seconds at each keystroke.
        # Positions are the document's, in UTF-16 code units.
        plain = self._browser.document().toPlainText()
        selected = self._browser.textCursor().selectionStart()
        astral = not plain.isascii() and max(plain) > "\uffff"
        total = current = 0
        counted_to = shift = 0  # (code points read for astral characters, and how many)
        for match in re.finditer(either_width(text), plain, re.IGNORECASE):
            total += 1  # (never an empty match: the text is not empty)
            start = match.start()
            if astral:
                shift += len(_ASTRAL.findall(plain, counted_to, start))
                counted_to = start
            if start + shift == selected:
                current = total
            if total >= MAX_COUNTED:
                break
        return current, total
