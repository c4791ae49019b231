"""The search box's parse errors, shown inline under it, and the words of a
query that are ignored.

:class:`QueryFeedback` watches a search field: while its text is not a valid
query (:func:`reader.core.library.querylang.parse_or_error`) a line under
the field says what is wrong and where, and the field gets a red frame.  A
valid query with words that hold nothing to search for (``(``, ``*``: see
:func:`reader.core.library.querylang.ignored_words`) gets a plain line
saying they are ignored.

The core's errors carry a kind and the texts they name
(:class:`~reader.core.library.querylang.QueryError`); :func:`query_problem`
words them in the window's language.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QLineEdit, QWidget

from reader.ui.shown_text import fill
from reader.ui.theme import error_color

if TYPE_CHECKING:
    from reader.core.library.querylang import QueryError

__all__ = ["FittedLabel", "QueryFeedback", "query_error_text", "query_problem"]


def _templates() -> dict[str, str]:
    """The translated message of each kind of query error
    (``querylang.ERROR_KINDS``), ``%1``… standing for its values.  (Each
    call spelled out: lupdate and ``tests/ui/test_i18n.py`` find them so.)"""
    return {
        "quote-not-closed": QCoreApplication.translate("QueryFeedback", "a quote is not closed"),
        "space-after-quote": QCoreApplication.translate(
            "QueryFeedback", "put a space after the closing quote"
        ),
        "empty-phrase": QCoreApplication.translate("QueryFeedback", "an empty phrase"),
        "minus-alone": QCoreApplication.translate(
            "QueryFeedback", "“-” must be followed by what to leave out"
        ),
        "minus-twice": QCoreApplication.translate(
            "QueryFeedback", "“-” twice: leave out a word or a filter once"
        ),
        "name-missing": QCoreApplication.translate(
            "QueryFeedback", "a field name is missing before “:”"
        ),
        "value-missing": QCoreApplication.translate(
            "QueryFeedback", "a value is missing after “%1:”"
        ),
        "word-not-text": QCoreApplication.translate(
            "QueryFeedback", "the word holds characters that are not text"
        ),
        "phrase-not-text": QCoreApplication.translate(
            "QueryFeedback", "the phrase holds characters that are not text"
        ),
        "name-not-text": QCoreApplication.translate(
            "QueryFeedback", "the field name holds characters that are not text"
        ),
        "value-not-text": QCoreApplication.translate(
            "QueryFeedback", "the value of “%1:” holds characters that are not text"
        ),
        "not-one-of": QCoreApplication.translate("QueryFeedback", "%1: is one of %2, not “%3”"),
        "year": QCoreApplication.translate("QueryFeedback", "year: takes four digits, not “%1”"),
        "date": QCoreApplication.translate(
            "QueryFeedback",
            "date: takes 2021, 2021-04, 2021-04-05, >=2021-01-01 or 2021-01..2021-06, not “%1”",
        ),
        "no-month": QCoreApplication.translate("QueryFeedback", "there is no month %1"),
        "no-day": QCoreApplication.translate("QueryFeedback", "there is no day %1"),
        "no-day-in-month": QCoreApplication.translate(
            "QueryFeedback", "there is no %1: %2 has %3 days"
        ),
        "date-range-ends": QCoreApplication.translate(
            "QueryFeedback", "date: a range needs at least one end"
        ),
        "date-range-reversed": QCoreApplication.translate(
            "QueryFeedback", "date: the range %1..%2 ends before it starts"
        ),
        "category-empty": QCoreApplication.translate("QueryFeedback", "%1: needs a category name"),
        "too-many-terms": QCoreApplication.translate(
            "QueryFeedback", "too many words and filters (%1; at most %2)"
        ),
        "or-at-start": QCoreApplication.translate(
            "QueryFeedback", "OR at the start: put a word or filter before it"
        ),
        "or-at-end": QCoreApplication.translate(
            "QueryFeedback", "OR at the end: put a word or filter after it"
        ),
        "or-twice": QCoreApplication.translate(
            "QueryFeedback", "OR twice: put a word or filter between"
        ),
        "no-reading-state": QCoreApplication.translate(
            "QueryFeedback", "is:%1 needs the reading state, which is not available here"
        ),
    }


def query_problem(error: QueryError) -> str:
    """What is wrong with a query, in the window's language (an error of a
    kind this version does not know: the core's own words)."""
    template = _templates().get(error.kind)
    if template is None:
        return error.message
    return fill(template, *error.values)


def query_error_text(error: QueryError) -> str:
    """:func:`query_problem` and where: for a saved search's error, the
    warning of Save Search… (the search box says where by its own line)."""
    template = QCoreApplication.translate("QueryFeedback", "%1 (at character %2)")
    return fill(template, query_problem(error), str(error.position + 1))


def _holds(layout: QLayout, field: QWidget) -> bool:
    """Whether ``field`` is in ``layout`` or in a layout nested in it."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        inner = item.layout()
        if item.widget() is field or (inner is not None and _holds(inner, field)):
            return True
    return False


def _after(layout: QLayout | None, field: QWidget) -> tuple[QBoxLayout, int] | None:
    """Where a widget goes right under ``field`` in the column ``layout``:
    the box layout and the index after ``field``, or after the row (a
    nested horizontal layout) that holds it."""
    if not isinstance(layout, QBoxLayout):
        return None
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        inner = item.layout()
        if item.widget() is field:
            return layout, index + 1
        if inner is not None and _holds(inner, field):
            vertical = isinstance(inner, QBoxLayout) and inner.direction() in (
                QBoxLayout.Direction.TopToBottom,
                QBoxLayout.Direction.BottomToTop,
            )
            return _after(inner, field) if vertical else (layout, index + 1)
    return None


#: A fitted label gives way down to this many average characters.
_LEAST_CHARS = 10


class FittedLabel(QLabel):
    """A word-wrapped message that never widens its pane: a word too long
    for the label's width (a query typed as one long word, quoted in the
    message) is cut with "…" to it where it is drawn; :meth:`message` is the
    whole message."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # (the query as typed, tags and all)
        self._message = ""

    def set_message(self, message: str) -> None:
        self._message = message
        self._fit()

    def message(self) -> str:
        return self._message

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        least = self.fontMetrics().averageCharWidth() * _LEAST_CHARS
        return QSize(min(hint.width(), least), hint.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        width = self.contentsRect().width() - metrics.averageCharWidth()
        shown = self._message
        if width > 0:  # (laid out: else it is fitted when it is)
            shown = " ".join(_fitted(word, metrics, width) for word in shown.split(" "))
        if shown != self.text():
            self.setText(shown)


def _fitted(word: str, metrics, width: int) -> str:
    """``word`` with each piece of it that cannot be wrapped (between two
    places a line may break: any two Chinese characters, not the letters of
    a long name) and is wider than ``width`` cut with "…" in its middle to
    it (cut at its end, a quoted word lost its closing quote and the
    character after it, where no line may break: in Chinese, the sentence
    that goes on after the quote lost its first word)."""
    if metrics.horizontalAdvance(word) <= width:
        return word
    from PySide6.QtCore import QTextBoundaryFinder

    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, word)
    pieces, start = [], 0
    end = finder.toNextBoundary()
    while end != -1:
        if end > start:
            pieces.append(word[start:end])
            start = end
        end = finder.toNextBoundary()
    pieces.append(word[start:])
    return "".join(
        metrics.elidedText(piece, Qt.TextElideMode.ElideMiddle, width)
        if metrics.horizontalAdvance(piece) > width
        else piece
        for piece in pieces
    )


class QueryFeedback(QObject):
    """Shows the parse error of ``field``'s query in a label placed right
    under it (in the field's own layout), or the words it ignores."""

    def __init__(self, field: QLineEdit):
        super().__init__(field)
        self._field = field
        parent = field.parentWidget()
        self.label = FittedLabel(parent)
        self.label.setObjectName("queryError")
        self.label.hide()
        self._error = False  # the label shows an error (else: a note, or nothing)
        place = _after(parent.layout() if parent is not None else None, field)
        if place is not None:
            place[0].insertWidget(place[1], self.label)
        # The reading state's provider, once the window has one (see
        # reader.core.library.querylang.StateProvider); without it is: terms
        # are an error.
        self.states: Callable[[str], Collection[str]] | None = None
        field.textChanged.connect(self.check)

    def check(self, text: str | None = None) -> bool:
        """Show or hide the error for ``text`` (default: the field's); True when valid."""
        from reader.core.library.querylang import QueryError, ignored_words, parse_or_error

        text = self._field.text() if text is None else text
        result = parse_or_error(text, self.states) if text.strip() else None
        if isinstance(result, QueryError):
            template = self.tr("Query error at character %1: %2")
            self._show(fill(template, str(result.position + 1), query_problem(result)), True)
            self.label.setToolTip(result.pointer())
            self._field.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }")
            return False
        self._field.setStyleSheet("")
        self.label.setToolTip("")
        ignored = ignored_words(result) if result is not None else ()
        if ignored:
            from reader.core.library.querylang import And, shown_ignored, to_text

            texts = shown_ignored([to_text(And((word,))) for word in ignored])
            words = " ".join(text if text == "…" else f"“{text}”" for text in texts)
            note = self.tr("Ignored %1: a word needs a letter or a digit to be searched for.")
            self._show(fill(note, words), False)
        else:
            self._error = False
            self.label.hide()
        return True

    def _show(self, text: str, error: bool) -> None:
        style = f"color: {error_color(self.label.palette()).name()};" if error else ""
        if self.label.styleSheet() != style:
            self.label.setStyleSheet(style)
        self._error = error
        self.label.set_message(text)
        self.label.show()

    @property
    def error_text(self) -> str:
        """The error shown (whole), or "" when the query is valid."""
        return self.label.message() if self._error and not self.label.isHidden() else ""

    @property
    def note_text(self) -> str:
        """The note shown about ignored words (whole), or "" when there is none."""
        return self.label.message() if not self._error and not self.label.isHidden() else ""
