"""One typed editor per front-matter key.

Every editor is a :class:`FieldEditor`: ``set_value(value)`` shows a value
without reporting it, ``edited`` reports a valid value the person typed, and
``error`` is the message shown inline for input that does not parse (the
input stays in the editor; the form blocks saving while any editor has one).
Parsing and value shapes come from :mod:`reader.core.edit`.
"""

from __future__ import annotations

import itertools
import re
from calendar import monthrange
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from math import ceil
from typing import Any

from PySide6.QtCore import QDate, QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QPixmap, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.article.dates import OVERPRECISE_TIME, parse_date
from reader.core.article.patch import same_value
from reader.core.article.taxonomy import display_category_path, parse_category_path
from reader.core.edit.fields import (
    LINE_BREAKS,
    FieldKind,
    categories_value,
    category_paths,
    empty_entry,
    parse_date_text,
    parse_value_text,
    tag_list,
    tags_value,
    typed_tags,
    unclosed_tag_quote,
    value_text,
)
from reader.ui.form.plain_text import exact_text
from reader.ui.problem_text import problem_text
from reader.ui.shown_text import literal, one_line, plain_tip
from reader.ui.theme import error_color

__all__ = ["ErrorLabel", "FieldEditor", "FlowLayout", "error_color", "make_editor"]


#: The longest run of characters without a space an error line shows: a
#: longer one (32,000 characters typed into a date) cannot be wrapped and
#: would be cut off at the field's edge; it is shortened with an ellipsis.
LONGEST_WORD = 48

#: The lines a YAML value's box shows at most (a longer value scrolls).
YAML_LINES_SHOWN = 7


def shortened(text: str, longest: int = LONGEST_WORD) -> str:
    """``text`` with every run of more than ``longest`` characters without a
    space cut to ``longest`` and an ellipsis."""
    words = text.split(" ")
    if all(len(word) <= longest for word in words):
        return text
    return " ".join(word if len(word) <= longest else word[: longest - 1] + "…" for word in words)


class ErrorLabel(QLabel):
    """An error message under a field: word-wrapped, an overlong word
    shortened with an ellipsis (the whole message is its tooltip), in a red
    readable on the theme's background (:func:`error_color`, again whenever
    the palette changes)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._message = ""
        self._colouring = False
        self._recolour()

    def set_message(self, message: str | None) -> None:
        self._message = message or ""
        shown = shortened(self._message)
        self.setToolTip(self._message[:2000] if shown != self._message else "")
        self.setAccessibleName(shown)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The message with each word too wide for the label (which cannot be
        wrapped) elided to its width."""
        shown = shortened(self._message)
        width = self.contentsRect().width() - self.fontMetrics().averageCharWidth()
        if width > 0:
            metrics = self.fontMetrics()
            shown = " ".join(
                metrics.elidedText(word, Qt.TextElideMode.ElideRight, width)
                if metrics.horizontalAdvance(word) > width
                else word
                for word in shown.split(" ")
            )
        if shown != self.text():
            self.setText(shown)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._recolour()

    def _recolour(self) -> None:
        if self._colouring:
            return
        palette = self.palette()
        color = error_color(palette)
        if palette.color(QPalette.ColorRole.WindowText) == color:
            return
        self._colouring = True
        try:
            palette.setColor(QPalette.ColorRole.WindowText, color)
            self.setPalette(palette)
        finally:
            self._colouring = False


class FieldEditor(QWidget):
    """Base class: a value editor with an inline error line."""

    edited = Signal(object)  # a valid value typed by the person
    validity_changed = Signal(bool)
    #: A value not typed (a day picked) is about to replace the typed input
    #: that does not parse: the form keeps that input as a step first, so
    #: that undo gives it back.
    replacing_input = Signal()

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.original: Any = None
        self._setting = False
        self._error: str | None = None
        #: The value the editor last showed or reported: what the edit holds
        #: for the key as far as this editor knows.
        self.held: Any = None
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(2)
        self.error_label = ErrorLabel(self)
        self.error_label.setObjectName("fieldError")
        self.error_label.hide()

    def finish_layout(self) -> None:
        self.column.addWidget(self.error_label)

    def readable_width(self) -> int:
        """The width below which the editor cannot be read (0: it may shrink
        to anything, as text fields scroll)."""
        return 0

    @property
    def error(self) -> str | None:
        return self._error

    def set_error(self, message: str | None) -> None:
        was_valid = self._error is None
        self._error = message
        self.error_label.set_message(message)
        self.error_label.setVisible(bool(message))
        if was_valid != (message is None):
            self.validity_changed.emit(message is None)

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            self.held = value
            self.show_value(value)
            self.set_error(None)
        finally:
            self._setting = False

    def show_value(self, value: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def pending_input(self) -> str | None:
        """The text typed that does not parse (its error is shown), else None.
        The form puts it back when it rebuilds its fields: typed input is
        never dropped by an edit elsewhere."""
        return None

    def restore_input(self, text: str) -> None:
        """Show ``text`` (a :meth:`pending_input`) with its error again,
        reporting nothing: the edit keeps the value it holds."""

    def commit_typing(self) -> None:
        """Report what is typed but not yet taken in (a tag typed without
        Enter), as Enter would: before a save, a switch to another article or
        window, so that it is saved or asked about, never dropped."""

    def report(self, value: Any) -> None:
        if not self._setting:
            self.held = value
            self.edited.emit(value)


def _start_shown(line: QLineEdit) -> None:
    """A value just put in a line edit is shown from its start (a long address
    or title showed its end), unless it is being typed in."""
    if not line.hasFocus():
        line.setCursorPosition(0)


#: QLineEdit's own limit is 32,767 characters: a longer title shown in one
#: was cut there without a word, and saved cut when the field was edited.
UNLIMITED_LENGTH = 2**31 - 1


# Runs of what Python (and YAML) take for the end of a line (no value the
# field is given holds one: see reader.core.edit.fields.field_kind).
_LINE_BREAKS = re.compile(f"(?:{LINE_BREAKS.pattern})+")


class _OneLine(QValidator):
    """Line breaks pasted into a one-line field become ``joiner`` (the field
    showed them as spaces, and the file got them: a title with a hidden
    ``\n``, shown as a YAML box once saved)."""

    def __init__(self, joiner: str, parent: QWidget):
        super().__init__(parent)
        self._joiner = joiner

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if _LINE_BREAKS.search(text) is not None:
            pos = len(_LINE_BREAKS.sub(self._joiner, text[:pos]))
            text = _LINE_BREAKS.sub(self._joiner, text)
        return QValidator.State.Acceptable, text, pos


def text_line(parent: QWidget, text: str = "", joiner: str = " ") -> QLineEdit:
    """A one-line text field that holds text of any length (see
    :data:`UNLIMITED_LENGTH`); a line break typed or pasted into it becomes
    ``joiner``."""
    line = QLineEdit(text, parent)
    line.setMaxLength(UNLIMITED_LENGTH)
    line.setValidator(_OneLine(joiner, line))
    return line


class LineEditor(FieldEditor):
    """Titles and other one-line text."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(key, parent)
        self.line = text_line(self)
        self.line.setAccessibleName(key)
        self.column.addWidget(self.line)
        self.finish_layout()
        self.line.textEdited.connect(self.report)
        self.setFocusProxy(self.line)

    def show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))
        _start_shown(self.line)


class LongTextEditor(FieldEditor):
    """Excerpts and descriptions: several lines."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(key, parent)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(key)
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(70)
        self.text.setMaximumHeight(120)
        self.column.addWidget(self.text)
        self.finish_layout()
        self.text.textChanged.connect(lambda: self.report(exact_text(self.text)))
        self.setFocusProxy(self.text)

    def show_value(self, value: Any) -> None:
        self.text.setPlainText("" if value is None else str(value))


class BoolEditor(FieldEditor):
    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(key, parent)
        self.box = QCheckBox(self)
        self.box.setAccessibleName(key)
        self.column.addWidget(self.box)
        self.finish_layout()
        self.box.toggled.connect(lambda on: self.report(bool(on)))
        self.setFocusProxy(self.box)

    def show_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class UrlEditor(FieldEditor):
    """An image address with a preview from the offline cache or a local file."""

    PREVIEW = QSize(120, 72)

    def __init__(self, key: str, find_image, parent: QWidget | None = None):
        super().__init__(key, parent)
        self._find_image = find_image  # url -> local path or None (never the network)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.line = text_line(self, joiner="")  # (an address broken over lines: one again)
        self.line.setAccessibleName(key)
        self.preview = QLabel(self)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.preview.setObjectName("imagePreview")
        self.preview.setFixedSize(self.PREVIEW)
        self.preview.hide()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAccessibleName(self.tr("Image preview"))
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        self.note.setObjectName("previewNote")
        self.note.setStyleSheet("color: palette(placeholder-text); font-style: italic;")
        row.addWidget(self.line, 1)
        self.column.addLayout(row)
        self.column.addWidget(self.preview)
        self.column.addWidget(self.note)
        self.finish_layout()
        self.line.textEdited.connect(self._typed)
        self.setFocusProxy(self.line)

    def show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))
        _start_shown(self.line)
        self._update_preview()

    def _typed(self, text: str) -> None:
        self._update_preview()
        self.report(text)

    def _update_preview(self) -> None:
        from reader.core.render.imagecheck import image_refusal

        path = self._find_image(self.line.text())
        # (checked as the reader pane checks it: an SVG that loads files from
        # anywhere, or would take minutes to draw, is not handed to Qt)
        refused = image_refusal(path) if path is not None else None
        pixmap = QPixmap(str(path)) if path is not None and refused is None else QPixmap()
        if pixmap.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.hide()
            notes = {
                "large": self.tr("Image too large to show"),
                "complex": self.tr("Image too complex to show"),
                "linked": self.tr("Image that loads other files not shown"),
            }
            note = notes.get(refused or "", self.tr("No offline copy"))
            self.note.setText(note if self.line.text().strip() else "")
            self.note.setVisible(bool(self.line.text().strip()))
            return
        self.note.hide()
        self.preview.show()
        self.preview.setToolTip(plain_tip(str(path)))
        self.preview.setPixmap(
            pixmap.scaled(
                self.PREVIEW,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def has_preview(self) -> bool:
        pixmap = self.preview.pixmap()
        return pixmap is not None and not pixmap.isNull()


def _offset_minutes(tz) -> int | None:
    if tz is None:
        return None
    offset = tz.utcoffset(None) or timedelta(0)
    return int(offset.total_seconds() // 60)


def _zone(minutes: int) -> tzinfo:
    return timezone(timedelta(minutes=minutes))


def _offset_label(tz, floating: str) -> str:
    if tz is None:
        return floating
    offset = tz.utcoffset(None) or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


#: The offsets the time-zone box offers (minutes east of UTC), besides the
#: value's own and "no time zone".
_OFFSETS = (
    *range(-12 * 60, 0, 60),
    -9 * 60 - 30,
    -3 * 60 - 30,
    0,
    *range(60, 15 * 60, 60),
    3 * 60 + 30,
    4 * 60 + 30,
    5 * 60 + 30,
    5 * 60 + 45,
    6 * 60 + 30,
    9 * 60 + 30,
    10 * 60 + 30,
    12 * 60 + 45,
)


class DateEditor(FieldEditor):
    """A date (and time) typed as text and read as the codec reads dates, a
    calendar to pick the day, and the time zone of the value as written,
    which can be changed (the wall-clock time stays, the offset changes).
    The value goes back with its time zone (and as a date when the text has
    no time), so the core patch spells it as the file did.

    Text that is not a date (an impossible one too: 2021-02-30) is kept, with
    the reason at the field, and blocks saving; it is never turned into some
    other date, as a date-time spin box did (2021-02-03 01:00:00).  Nor does
    a date read from part of it stay: a valid text is the value at once (Save
    can follow without leaving the field), but while the text is not a date
    the value is the one the field had settled on (shown, or left with Enter
    or the Tab key, or picked), not the 2021-02-03 read on the way to
    2021-02-30."""

    #: The widest text the field must show whole (its minimum width).
    SAMPLE = "0000-00-00 00:00:00"

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(key, parent)
        self.text = text_line(self)
        self.text.setAccessibleName(key)
        self.text.setPlaceholderText(self.tr("e.g. 2021-04-16 15:21:00 +0800"))
        self.zone = QComboBox(self)
        self.zone.setObjectName("timeZone")
        self.zone.setAccessibleName(self.tr("Time zone"))
        self.zone.setToolTip(self.tr("Time zone"))
        self.zone.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.zone.setMinimumContentsLength(9)  # UTC+05:45
        self.pick = QToolButton(self)
        self.pick.setObjectName("pickDate")
        self.pick.setText(self.tr("Calendar"))
        self.pick.setToolTip(self.tr("Pick the day from a calendar"))
        self.pick.setAccessibleName(self.tr("Pick the day from a calendar"))
        self.calendar: QWidget | None = None  # the calendar while it is open
        # The text on a line of its own, whole even in a narrow form; the
        # time zone and the calendar button below it, one under the other
        # when there is no room for both.
        self.column.addWidget(self.text)
        below = QWidget(self)
        row = FlowLayout(below, spacing=6)
        row.addWidget(self.zone)
        row.addWidget(self.pick)
        self.column.addWidget(below)
        self.finish_layout()
        self._when: datetime | date | None = None  # the last valid value
        self._tz: tzinfo | None = None
        self._has_time = True
        # The value settled on (shown, or typed and left, or picked), as given:
        # what the field holds again while its text is not a date.
        self._settled: Any = None
        self.text.textEdited.connect(self._typed)
        self.text.editingFinished.connect(self._settle)
        self.zone.activated.connect(self._zone_picked)
        self.pick.clicked.connect(self.open_calendar)
        self.setFocusProxy(self.text)

    def readable_width(self) -> int:
        from PySide6.QtWidgets import QStyle, QStyleOptionFrame

        metrics = self.text.fontMetrics()
        margins = self.text.textMargins()
        inner = QSize(
            metrics.horizontalAdvance(self.SAMPLE)
            + metrics.averageCharWidth()  # the cursor after the last digit
            + margins.left()
            + margins.right()
            + 4,  # QLineEdit's own margin on either side
            metrics.height(),
        )
        option = QStyleOptionFrame()
        self.text.initStyleOption(option)
        text = self.text.style().sizeFromContents(
            QStyle.ContentsType.CT_LineEdit, option, inner, self.text
        )
        return max(text.width(), self.zone.sizeHint().width(), self.pick.sizeHint().width())

    def show_value(self, value: Any) -> None:
        self._settled = value
        self._hold(value)
        if self._when is not None:
            self.text.setText(_spell_date(self._when))
        else:  # nothing yet, or a value the codec cannot read: shown as it is
            self.text.setText("" if value is None else str(value))
        _start_shown(self.text)
        self._fill_zones()

    def _hold(self, value: Any) -> None:
        """``value`` (as the edit holds it) is the field's valid value."""
        parsed = parse_date(value) if value is not None else None
        self._when = parsed.value if parsed is not None else None
        if isinstance(self._when, datetime):
            self._has_time, self._tz = True, self._when.tzinfo
        elif self._when is not None:
            self._has_time = False  # the time zone is remembered for a time typed again
        else:
            self._has_time, self._tz = True, None

    def set_error(self, message: str | None) -> None:
        super().set_error(message)
        self._enable_zone()

    def _enable_zone(self) -> None:
        """The time-zone box can be used while the text is a date with a
        time: picking a zone for a text that is not a date would store a
        value no one sees (the text still says its own offset)."""
        self.zone.setEnabled(self.error is None and self._when is not None and self._has_time)

    def _own_text(self, text: str) -> tuple[bool, Any]:
        """Whether ``text`` is the file's own spelling of a value the codec
        does not read as a date (2013.07.13, 16 Apr 2021), shown as it is,
        or of the value the field settled on; and that value.  Typed again
        it is that value, not an error."""
        for value in (self.original, self._settled):
            if (
                value is not None
                and parse_date(value) is None
                and text.strip() == str(value).strip()
            ):
                return True, value
        return False, None

    def pending_input(self) -> str | None:
        return self.text.text() if self.error is not None else None

    def restore_input(self, text: str) -> None:
        value, problem = parse_date_text(text)
        if (problem is None and value is not None) or self._own_text(text)[0]:
            return  # a date after all: the value shown stays
        self._setting = True
        try:
            self.text.setText(text)
            self.set_error(self._problem(text))
        finally:
            self._setting = False

    def _settle(self) -> None:
        """The text is left (Enter, Tab, a click elsewhere): a valid value is
        the one the field goes back to while a later text is not a date."""
        if self.error is None:
            self._settled = self._when if self._when is not None else self.held

    def _back_to_settled(self) -> None:
        """The text is not a date: the field holds its settled value again,
        not one read from a part of the text typed on the way."""
        before = self._when
        self._hold(self._settled)
        if _same_when(before, self._when):
            return
        self._fill_zones()
        self.report(self._settled)

    def _fill_zones(self) -> None:
        """The time-zone box: no time zone, the value's own, common offsets.
        A value shown without a time has none; while typing, a date alone
        only disables it (the form does not jump at every key)."""
        if self._when is None or not self._has_time:
            if self._setting or self.zone.isHidden():
                self.zone.hide()
            self.zone.setEnabled(False)
            return
        self.zone.setEnabled(self.error is None)
        self.zone.show()
        self.zone.clear()
        own = _offset_minutes(self._tz)
        self.zone.addItem(self.tr("no time zone"), None)
        for minutes in sorted({*_OFFSETS, *([] if own is None else [own])}):
            self.zone.addItem(_offset_label(_zone(minutes), ""), minutes)
        self.zone.setCurrentIndex(max(0, self.zone.findData(own)))

    def _zone_picked(self, _index: int) -> None:
        """A time zone picked: the value takes it (the wall-clock time stays),
        and an offset written in the text is rewritten to it, so that the
        text, the box and the value agree."""
        if self.error is not None:  # the box is disabled then (see _enable_zone)
            self.zone.setCurrentIndex(max(0, self.zone.findData(_offset_minutes(self._tz))))
            return
        minutes = self.zone.currentData()
        tz = None if minutes is None else _zone(minutes)
        if _offset_minutes(tz) == _offset_minutes(self._tz) and (tz is None) == (self._tz is None):
            return
        self._tz = tz
        if not isinstance(self._when, datetime):
            return
        self._when = self._when.replace(tzinfo=tz)
        if self.error is None:
            self.text.setText(_with_offset(self.text.text(), self._when))
        self._settled = self._when
        self.report(self._when)

    def value(self) -> datetime | date | None:
        """The last valid value typed or picked (None: there is none)."""
        return self._when

    def _typed(self, text: str) -> None:
        value, problem = parse_date_text(text)
        if problem is not None or value is None:
            own, kept = self._own_text(text)
            if own:  # the file's own text again: its value, unchanged
                self._hold(kept)
                self.set_error(None)
                self._fill_zones()
                if not (self.held is kept or _same_value(self.held, kept)):
                    self.report(kept)
                return
            self.set_error(self._problem(text))
            self._back_to_settled()
            return
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=self._tz)  # the offset the box shows
            elif self._tz is not None and _offset_minutes(value.tzinfo) == _offset_minutes(
                self._tz
            ):
                value = value.replace(tzinfo=self._tz)
        self.set_error(None)
        self._take(value)

    def _problem(self, text: str) -> str:
        """Why ``text`` is not a date, as precisely as can be said."""
        shown = one_line(text.strip())  # a pasted line break: a space
        if not shown:
            return self.tr("Empty: type a date, or remove the key")
        match = _YEAR_MONTH_DAY.match(shown)
        if len(shown) > _LONGEST_SHOWN:
            shown = shown[: _LONGEST_SHOWN - 1] + "…"
        if match is not None:
            year, month, day = (int(part) for part in match.groups())
            if not 1 <= month <= 12:
                return (
                    self.tr("Not a date: %1 (there is no month %2)")
                    .replace("%1", shown)
                    .replace("%2", str(month))
                )
            if year >= 1 and not 1 <= day <= monthrange(year, month)[1]:
                return (
                    self.tr("Not a date: %1 (%2 has %3 days)")
                    .replace("%1", shown)
                    .replace("%2", f"{year:04d}-{month:02d}")
                    .replace("%3", str(monthrange(year, month)[1]))
                )
        if OVERPRECISE_TIME.search(text) and parse_date(text.strip()) is not None:
            return self.tr(
                "Not saved as typed: %1 (at most six digits after the seconds; more would be cut)"
            ).replace("%1", shown)
        return self.tr("Not a date: %1").replace("%1", shown)

    def _take(self, value: datetime | date) -> None:
        """A valid value typed or picked: kept, its time zone shown, reported."""
        before = (self._has_time, self._tz, self._when is None)
        self._when = value
        if isinstance(value, datetime):
            self._has_time, self._tz = True, value.tzinfo
        else:
            self._has_time = False  # the time zone is remembered for a time typed again
        if before != (self._has_time, self._tz, False):
            self._fill_zones()
        self.report(value)

    def open_calendar(self) -> None:
        """A calendar under the field; the day clicked replaces the date (the
        time stays)."""
        from PySide6.QtWidgets import QCalendarWidget

        calendar = QCalendarWidget(self)
        calendar.setObjectName("datePicker")
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setAccessibleName(self.tr("Pick the day from a calendar"))
        when = self._when
        if when is not None:
            calendar.setSelectedDate(QDate(when.year, when.month, when.day))
        calendar.clicked.connect(self.pick_day)
        calendar.activated.connect(self.pick_day)
        calendar.destroyed.connect(lambda: setattr(self, "calendar", None))
        calendar.adjustSize()
        calendar.move(_popup_place(self.text, calendar.size()))
        self.calendar = calendar
        calendar.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def pick_day(self, day: QDate) -> None:
        """``day`` picked (from the calendar): the date, the time kept."""
        if self.calendar is not None:
            self.calendar.close()
        picked = date(day.year(), day.month(), day.day())
        if self.error is not None:
            self.replacing_input.emit()
        when = self._when
        value: datetime | date
        if isinstance(when, datetime):
            value = datetime.combine(picked, when.timetz())
        elif when is None and self._has_time:
            value = datetime.combine(picked, time(0, 0), tzinfo=self._tz)
        else:
            value = picked
        self.text.setText(_spell_date(value))
        self.set_error(None)
        self._take(value)
        self._settled = value
        self.text.setFocus(Qt.FocusReason.PopupFocusReason)


#: The most of a text that is not a date its error message repeats.
_LONGEST_SHOWN = 24


def _same_value(a: Any, b: Any) -> bool:
    try:
        return type(a) is type(b) and same_value(a, b)
    except (TypeError, ValueError):
        return False


def _same_when(a: datetime | date | None, b: datetime | date | None) -> bool:
    if a is None or b is None:
        return a is b
    return same_value(a, b)


#: An offset written at the end of a date's text.
_TEXT_OFFSET = re.compile(r"(\s*)([Zz]|[+-]\d{2}(:?)\d{2}|[+-]\d{2}|UTC|GMT|UT)$")


def _with_offset(text: str, when: datetime) -> str:
    """``text`` (a date that parses) with the offset it writes, if it writes
    one, made ``when``'s (removed for no time zone); the text is spelled
    afresh when that does not give ``when`` back."""
    match = _TEXT_OFFSET.search(text.rstrip())
    if match is None:
        return text
    offset = when.utcoffset()
    head = text.rstrip()[: match.start()]
    if offset is None:
        new = head
    elif offset == timedelta(0) and match.group(2) in ("Z", "z", "UTC", "GMT", "UT"):
        new = text.rstrip()
    else:
        minutes = int(offset.total_seconds() // 60)
        hours, minutes = divmod(abs(minutes), 60)
        sign = "-" if offset < timedelta(0) else "+"
        colon = ":" if match.group(3) else ""
        spaced = match.group(1) or (" " if match.group(2)[0] not in "+-" else "")
        new = f"{head}{spaced}{sign}{hours:02d}{colon}{minutes:02d}"
    value, problem = parse_date_text(new)
    if problem is None and value is not None:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=when.tzinfo)
        if _same_when(value, when):
            return new
    return _spell_date(when)


_YEAR_MONTH_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


def _spell_date(when: datetime | date) -> str:
    """The field's text of a value: its date and wall-clock time (the time
    zone is the box's), fractions of a second only when it has some."""
    text = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
    if not isinstance(when, datetime):
        return text
    text += f" {when.hour:02d}:{when.minute:02d}:{when.second:02d}"
    if when.microsecond:
        text += f".{when.microsecond:06d}".rstrip("0")
    return text


class CategoriesEditor(FieldEditor):
    """Hierarchy paths (``Parent / Child``), several allowed, completed from
    the library's categories."""

    def __init__(self, key: str, completions: list[str], parent: QWidget | None = None):
        super().__init__(key, parent)
        self._completions = completions
        self.rows: list[QLineEdit] = []
        self.rows_box = QVBoxLayout()
        self.rows_box.setContentsMargins(0, 0, 0, 0)
        self.rows_box.setSpacing(2)
        self.column.addLayout(self.rows_box)
        self.add_button = QPushButton(self.tr("Add category"), self)
        self.add_button.setAccessibleName(self.tr("Add a category path"))
        self.add_button.clicked.connect(self._add_row_clicked)
        self.column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._last_stop: QWidget | None = None  # the last row's ×
        self.finish_layout()

    def show_value(self, value: Any) -> None:
        for line in self.rows:
            holder = line.parentWidget()
            if holder is not None:
                holder.deleteLater()
        self.rows = []
        self._last_stop = None
        for path in category_paths(value):
            self._add_row(display_category_path(path))

    def _add_row(self, text: str = "") -> QLineEdit:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        line = text_line(holder, text)
        line.setAccessibleName(self.tr("%1: category path").replace("%1", self.key))
        line.setPlaceholderText(self.tr("Parent / Child"))
        line.setToolTip(
            self.tr("Levels are separated by /. Type \\/ for a / inside a name (A\\/B).")
        )
        completer = QCompleter(self._completions, line)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        line.setCompleter(completer)
        remove = QToolButton(holder)
        remove.setText("×")
        remove.setAccessibleName(self.tr("Remove this category"))
        remove.setToolTip(self.tr("Remove this category"))
        row.addWidget(line, 1)
        row.addWidget(remove)
        self.rows_box.addWidget(holder)
        self.rows.append(line)
        line.textEdited.connect(lambda _t: self._emit())
        completer.activated.connect(lambda _t: self._emit())
        remove.clicked.connect(lambda: self._remove_row(line))
        # Tab as laid out: each row's path and ×, then Add category (made
        # first, it came before the rows)
        if self._last_stop is not None:
            QWidget.setTabOrder(self._last_stop, line)
        QWidget.setTabOrder(line, remove)
        QWidget.setTabOrder(remove, self.add_button)
        self._last_stop = remove
        return line

    def _add_row_clicked(self) -> None:
        self._add_row().setFocus()

    def _remove_row(self, line: QLineEdit) -> None:
        self.rows.remove(line)
        holder = line.parentWidget()
        if holder is not None:
            holder.deleteLater()
        self._emit()

    def paths(self) -> list[list[str]]:
        return [list(parse_category_path(line.text())) for line in self.rows]

    def _emit(self) -> None:
        self.report(categories_value(self.paths(), self.original))


class FlowLayout(QLayout):
    """Items left to right, wrapping (for tag chips)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x = rect.x()
                y += line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(x, y, hint.width(), hint.height()))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class TagsEditor(FieldEditor):
    """Tags as chips; type a tag and press Enter to add one (completed from
    the library's tags)."""

    def __init__(self, key: str, completions: list[str], parent: QWidget | None = None):
        super().__init__(key, parent)
        self.tags: list[str] = []
        self.chips = QWidget(self)
        self.flow = FlowLayout(self.chips)
        self.chips.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.entry = text_line(self, joiner=", ")  # (a pasted list: a tag a line)
        self.entry.setAccessibleName(self.tr("%1: add a tag").replace("%1", key))
        self.entry.setPlaceholderText(self.tr("Add a tag and press Enter"))
        self.entry.setToolTip(
            self.tr(
                "Several tags: separate them with commas. A tag with a comma in it: "
                'put it in double quotes ("R, D").'
            )
        )
        completer = QCompleter(completions, self.entry)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(completer)
        self.column.addWidget(self.chips)
        self.column.addWidget(self.entry)
        self.finish_layout()
        self.entry.returnPressed.connect(self._add_typed)
        self.entry.textChanged.connect(self._typing)
        self.setFocusProxy(self.entry)

    def show_value(self, value: Any) -> None:
        self._set_tags(tag_list(value))

    def _set_tags(self, tags: list[str]) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.tags = list(tags)
        chips: list[QToolButton] = []
        for tag in self.tags:
            chip = QToolButton(self.chips)
            chip.setObjectName("tagChip")
            chip.setText(f"{literal(one_line(tag))}  ×")
            chip.setAccessibleName(self.tr("Remove tag %1").replace("%1", tag))
            chip.setToolTip(self.tr("Remove tag %1").replace("%1", tag))
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _c=False, t=tag: self.remove_tag(t))
            self.flow.addWidget(chip)
            chips.append(chip)
        # Tab as laid out: the chips (above), then the entry (made first)
        for first, second in itertools.pairwise([*chips, self.entry]):
            QWidget.setTabOrder(first, second)
        self.chips.updateGeometry()

    def add_tag(self, tag: str) -> None:
        tag = tag.strip()
        if tag and tag not in self.tags:
            self._set_tags([*self.tags, tag])
            self.report(tags_value(self.tags, self.original))

    def remove_tag(self, tag: str) -> None:
        if tag in self.tags:
            self._set_tags([t for t in self.tags if t != tag])
            self.report(tags_value(self.tags, self.original))

    def _add_typed(self) -> None:
        text = self.entry.text()
        if unclosed_tag_quote(text):
            # (taken as it was, the rest of the line, commas and all, made
            # one tag without a word: said, kept, and nothing saved until fixed)
            self.set_error(self.tr("A quote is not closed: close it, or leave it out."))
            return
        self.set_error(None)
        for tag in typed_tags(text):
            self.add_tag(tag)
        self.entry.clear()

    def _typing(self, text: str) -> None:
        if self.error is not None and not unclosed_tag_quote(text):
            self.set_error(None)  # (fixed, or cleared: Enter takes it)

    def commit_typing(self) -> None:
        if self.entry.text().strip():
            self._add_typed()

    def pending_input(self) -> str | None:
        return self.entry.text() if self.error is not None else None

    def restore_input(self, text: str) -> None:
        self.entry.setText(text)
        if unclosed_tag_quote(text):
            self.set_error(self.tr("A quote is not closed: close it, or leave it out."))


class YamlEditor(FieldEditor):
    """Any other value, nested structures included, as YAML checked while typed."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(key, parent)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(key)
        self.text.setTabChangesFocus(True)
        self.column.addWidget(self.text)
        self.finish_layout()
        self.text.textChanged.connect(self._typed)
        # as tall as its lines, wrapped ones too (a number took 110 px)
        layout = self.text.document().documentLayout()
        layout.documentSizeChanged.connect(self._fit_height)
        self._fit_height()
        self.setFocusProxy(self.text)
        # (value, text): show a boolean as the file spells it ("yes"), not "true"
        self.spelling: tuple[Any, str | None] | None = None
        self._held: Any = None  # the value shown: "no" typed over text is refused

    def _fit_height(self, *_args: object) -> None:
        """The box as tall as its first :data:`YAML_LINES_SHOWN` lines as
        laid out (wrapped ones too; a line of CJK text is taller than the
        font's line spacing, which was taken for every line: each box
        scrolled its first line out of view); more scroll."""
        text = self.text
        document = text.document()
        layout = document.documentLayout()
        margin = document.documentMargin()
        height, lines = 0.0, 0
        block = document.firstBlock()
        first = True
        while block.isValid() and lines < YAML_LINES_SHOWN:
            tall = layout.blockBoundingRect(block).height() - (margin if first else 0)
            count = max(block.lineCount(), 1)
            take = min(count, YAML_LINES_SHOWN - lines)
            height += tall * take / count
            lines += take
            block, first = block.next(), False
        if height <= 0:  # (not laid out yet)
            height = text.fontMetrics().lineSpacing()
        # (+1: the viewport shows a line whole only with a pixel to spare)
        text.setFixedHeight(ceil(height + 2 * margin + 2 * text.frameWidth()) + 1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def show_value(self, value: Any) -> None:
        self._held = value
        spelling = self.spelling
        if spelling is not None and spelling[1] and type(value) is bool and value is spelling[0]:
            self.text.setPlainText(spelling[1])
            return
        self.text.setPlainText(value_text(value))

    def _typed(self) -> None:
        if self._setting:
            return
        value, problem = self._parse(exact_text(self.text))
        if problem is not None:
            self.set_error(problem)
            return
        self.set_error(None)
        self.report(value)

    def _parse(self, text: str) -> tuple[Any, str | None]:
        """The value of ``text``, or why it is not one (said at the field).
        An item or a key's value with nothing typed yet (``- `` on the way
        to ``- b``) is not one: YAML reads it as null, which would be saved
        as ``- null`` without a word; a null is typed as ``null``."""
        value, problem = parse_value_text(text, self._held)
        if problem is not None:
            where = self.tr("line %1: ").replace("%1", str(problem.line)) if problem.line else ""
            return None, where + problem_text(problem.message)
        empty = empty_entry(text) if isinstance(value, dict | list) else None
        if empty is None:
            return value, None
        line, key = empty
        where = self.tr("line %1: ").replace("%1", str(line))
        if key is None:
            return None, where + self.tr(
                "a list item with nothing after “-”: type its value, or null for an empty item"
            )
        return None, where + self.tr(
            "“%1:” has no value: type its value, or null for none"
        ).replace("%1", one_line(key))

    def pending_input(self) -> str | None:
        return exact_text(self.text) if self.error is not None else None

    def restore_input(self, text: str) -> None:
        _value, problem = self._parse(text)
        if problem is None:
            return  # it parses after all: the value shown stays
        self._setting = True
        try:
            self.text.setPlainText(text)
            self.set_error(problem)
        finally:
            self._setting = False


def make_editor(key: str, kind: str, context, parent: QWidget | None = None) -> FieldEditor:
    """The editor for ``kind`` (a :class:`~reader.core.edit.FieldKind`);
    ``context`` gives completions and image previews."""
    editor: FieldEditor
    if kind == FieldKind.DATE:
        editor = DateEditor(key, parent)
    elif kind == FieldKind.CATEGORIES:
        editor = CategoriesEditor(key, context.category_completions(), parent)
    elif kind == FieldKind.TAGS:
        editor = TagsEditor(key, context.tag_completions(), parent)
    elif kind == FieldKind.BOOLEAN:
        editor = BoolEditor(key, parent)
    elif kind == FieldKind.URL:
        editor = UrlEditor(key, context.find_image, parent)
    elif kind == FieldKind.LONG_TEXT:
        editor = LongTextEditor(key, parent)
    elif kind in (FieldKind.TITLE, FieldKind.TEXT):
        editor = LineEditor(key, parent)
    else:
        editor = YamlEditor(key, parent)
    editor.setObjectName(f"field-{key}")
    return editor


def _popup_place(anchor: QWidget, size: QSize) -> QPoint:
    """Where a popup of ``size`` goes under ``anchor`` (its left edges
    lined up), kept on the anchor's screen: moved left when it would run
    past the right edge, above the anchor when there is no room below."""
    below = anchor.mapToGlobal(QPoint(0, anchor.height()))
    screen = anchor.screen()
    if screen is None:
        return below
    area = screen.availableGeometry()
    x = max(area.left(), min(below.x(), area.right() + 1 - size.width()))
    y = below.y()
    if y + size.height() > area.bottom() + 1:
        y = max(area.top(), anchor.mapToGlobal(QPoint(0, 0)).y() - size.height())
    return QPoint(x, y)
