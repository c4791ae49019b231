"""The search box's parse errors, shown inline under it.

:class:`QueryFeedback` watches a search field: while its text is not a valid
query (:func:`reader.core.library.querylang.parse_or_error`) a line under
the field says what is wrong and where, and the field gets a red frame.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QLabel, QLineEdit

__all__ = ["QueryFeedback"]


class QueryFeedback(QObject):
    """Shows the parse error of ``field``'s query in a label placed right
    under it (in the field's own layout)."""

    def __init__(self, field: QLineEdit):
        super().__init__(field)
        self._field = field
        parent = field.parentWidget()
        self.label = QLabel(parent)
        self.label.setObjectName("queryError")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #c0392b;")
        self.label.hide()
        layout = parent.layout() if parent is not None else None
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(layout.indexOf(field) + 1, self.label)
        # The reading state's provider, once the window has one (see
        # reader.core.library.querylang.StateProvider); without it is: terms
        # are an error.
        self.states: Callable[[str], Collection[str]] | None = None
        field.textChanged.connect(self.check)

    def check(self, text: str | None = None) -> bool:
        """Show or hide the error for ``text`` (default: the field's); True when valid."""
        from reader.core.library.querylang import QueryError, parse_or_error

        text = self._field.text() if text is None else text
        result = parse_or_error(text, self.states) if text.strip() else None
        if isinstance(result, QueryError):
            template = self.tr("Query error at character %1: %2")
            self.label.setText(
                template.replace("%1", str(result.position + 1)).replace("%2", result.message)
            )
            self.label.setToolTip(result.pointer())
            self.label.show()
            self._field.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }")
            return False
        self.label.hide()
        self._field.setStyleSheet("")
        return True

    @property
    def error_text(self) -> str:
        """The error shown, or "" when the query is valid."""
        return self.label.text() if not self.label.isHidden() else ""
