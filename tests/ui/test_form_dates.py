"""The date field of the front-matter form: text that is not a date never
leaves a date read from part of it in the edit, and is kept (with its error,
Save refused) through every rebuild of the fields; the time-zone box and an
offset typed in the text agree; edits that change nothing change no byte;
error text is readable in every theme and cut with an ellipsis when long."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest

from reader.core.article.codec import load_article
from reader.core.article.dates import parse_date
from reader.ui.form.form import FrontMatterForm
from reader.ui.theme import apply_palette, contrast

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

CST = timezone(timedelta(hours=8))
ORIGINAL = datetime(2021, 4, 16, 15, 21, tzinfo=CST)


def _form(qtbot, tmp_path, date_line="2021-04-16 15:21:00 +0800", extra=""):
    path = tmp_path / "a.md"
    raw = f"---\ntitle: T\ndate: {date_line}\ncomments: true\n{extra}---\nbody\n".encode()
    path.write_bytes(raw)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.load("a.md", load_article(path))
    form.show()
    return form, raw


def _value(form):
    """The date the edit holds (the file's is text to YAML: read as the codec does)."""
    parsed = parse_date(form.edit.diff.value("date"))
    assert parsed is not None
    return parsed.value


def _key_by_key(editor, text):
    """Select the date's text and type ``text`` over it one key at a time."""
    editor.text.setFocus()
    editor.text.selectAll()
    for char in text:
        QTest.keyClicks(editor.text, char)


def _refused(form, text="2021-02-30"):
    """The field shows ``text`` and its error, and the form will not save."""
    editor = form.editors["date"]
    assert editor.text.text() == text
    assert editor.error is not None and "2021-02-30" in editor.error
    assert editor.error_label.isVisibleTo(form)
    assert any(problem.startswith("date: ") for problem in form.problems())


def test_an_impossible_date_leaves_no_date_read_on_the_way(qtbot, tmp_path):
    """2021-02-3, typed on the way to 2021-02-30, is a date: it was the value
    that Save would write once the error had gone."""
    form, raw = _form(qtbot, tmp_path)
    _key_by_key(form.editors["date"], "2021-02-30")
    _refused(form)
    assert _value(form) == ORIGINAL
    assert not form.edit.has_changes()
    assert form.edit.new_bytes() == raw


def test_a_date_typed_that_does_not_parse_marks_its_key_as_changed(qtbot, tmp_path):
    # the list's row had the mark of unsaved edits, the date's label none
    form, _raw = _form(qtbot, tmp_path)
    label = form.labels["date"]
    assert not label.text().startswith("●")
    _key_by_key(form.editors["date"], "2021-02-30")
    _refused(form)
    assert label.text().startswith("● ") and label.font().bold()
    assert "not valid yet" in label.toolTip()
    assert not form.labels["title"].text().startswith("●")
    _key_by_key(form.editors["date"], "2021-04-16 15:21:00 +0800")  # the file's again
    assert not label.text().startswith("●") and not label.font().bold()


def test_a_time_typed_over_a_date_time_does_not_shape_the_value_on_the_way(qtbot, tmp_path):
    """ "2021-04-17 1" is not a date; "2021-04-17" before it was a date alone:
    the value is not left a date without its time and offset."""
    form, _raw = _form(qtbot, tmp_path)
    editor = form.editors["date"]
    _key_by_key(editor, "2021-04-17 1")
    assert editor.error is not None
    assert _value(form) == ORIGINAL
    assert editor.zone.currentText() == "UTC+08:00"
    QTest.keyClicks(editor.text, "0:00")
    assert editor.error is None and not form.problems()
    assert _value(form) == datetime(2021, 4, 17, 10, 0, tzinfo=CST)
    assert form.edit.new_bytes().decode().splitlines()[2] == "date: 2021-04-17 10:00:00 +0800"


def _remove_other_key(form):
    form.remove_key("comments")


def _add_key(form):
    form.add_key("newkey")


def _add_key_and_undo(form):
    form.add_key("newkey")
    form.undo_stack.undo()


def _edit_title_and_undo(form):
    title = form.editors["title"].line
    title.setFocus()
    QTest.keyClicks(title, "!")
    form.undo_stack.undo()


def _edit_title_then_undo_and_redo_a_key_added(form):
    form.add_key("newkey")
    form.undo_stack.undo()
    form.undo_stack.redo()


def _raw_tab_edit_elsewhere(form):
    form.tabs.setCurrentIndex(1)
    text = form.raw_text()
    form.raw.setPlainText(text.replace("title: T", "title: T2"))
    form.tabs.setCurrentIndex(0)


def _raw_tab_and_back(form):
    form.tabs.setCurrentIndex(1)
    form.tabs.setCurrentIndex(0)


def _same_article_again(form):  # Keep Mine in a conflict; the form taken to a new window
    form.set_edit("a.md", form.edit)


@pytest.mark.parametrize(
    "rebuild",
    [
        _remove_other_key,
        _add_key,
        _add_key_and_undo,
        _edit_title_and_undo,
        _edit_title_then_undo_and_redo_a_key_added,
        _raw_tab_edit_elsewhere,
        _raw_tab_and_back,
        _same_article_again,
    ],
)
def test_the_typed_text_and_its_error_survive_a_rebuild_of_the_fields(qtbot, tmp_path, rebuild):
    form, _raw = _form(qtbot, tmp_path)
    _key_by_key(form.editors["date"], "2021-02-30")
    rebuild(form)
    _refused(form)
    assert _value(form) == ORIGINAL
    assert form.is_modified()
    # fixed afterwards, the typed date is the value
    editor = form.editors["date"]
    editor.text.setFocus()
    editor.text.end(False)
    QTest.keyClick(editor.text, Qt.Key.Key_Backspace)
    QTest.keyClick(editor.text, Qt.Key.Key_Backspace)
    QTest.keyClicks(editor.text, "28")
    assert editor.error is None and not form.problems()
    assert _value(form) == date(2021, 2, 28)


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _focused(qtbot, form, widget):
    """The keyboard in ``widget`` (the form's keys watch the focused widget)."""
    form.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=5000)


def _date_state(form):
    editor = form.editors["date"]
    return (
        editor.text.text(),
        editor.error,
        form.edit.diff.value("title"),
        _value(form),
        tuple(form.problems()),
    )


def test_undo_takes_back_the_text_typed_and_redo_gives_it_back(qtbot, tmp_path):
    """2021-02-3, typed on the way to 2021-02-30, was a date: its step,
    put back, changes nothing and does not stay.  Undo takes back the text
    typed first (as a text editor does); redo gives it back; no undo or
    redo is a step that changes nothing."""
    form, raw = _form(qtbot, tmp_path)
    title = form.editors["title"].line
    _focused(qtbot, form, title)
    title.end(False)
    QTest.keyClicks(title, "!")
    editor = form.editors["date"]
    _focused(qtbot, form, editor.text)
    _key_by_key(editor, "2021-02-30")
    _refused(form)
    assert form.undo_stack.count() == 1  # the title's step; none for the date
    typed = _date_state(form)

    QTest.keyClick(editor.text, Qt.Key.Key_Z, CTRL)
    assert editor.error is None and not form.problems()
    assert editor.text.text() == "2021-04-16 15:21:00"
    assert _value(form) == ORIGINAL and form.edit.diff.value("title") == "T!"
    states = [typed, _date_state(form)]
    while form.undo_stack.canUndo():
        QTest.keyClick(editor.text, Qt.Key.Key_Z, CTRL)
        assert _date_state(form) != states[-1], "every undo changes something"
        states.append(_date_state(form))
    assert len(states) == 3 and states[-1][2] == "T"
    assert not form.is_modified() and form.edit.new_bytes() == raw
    for expected in reversed(states[:-1]):
        QTest.keyClick(editor.text, Qt.Key.Key_Z, CTRL | SHIFT)
        assert _date_state(form) == expected
    _refused(form)  # the typed text is back, with its error: Save still refused
    assert not form.undo_stack.canRedo()
    # typed on from there: the date
    editor.text.end(False)
    QTest.keyClick(editor.text, Qt.Key.Key_Backspace)
    QTest.keyClick(editor.text, Qt.Key.Key_Backspace)
    QTest.keyClicks(editor.text, "28")
    assert _value(form) == date(2021, 2, 28) and not form.problems()
    QTest.keyClick(editor.text, Qt.Key.Key_Z, CTRL)
    assert _date_state(form) == typed


def test_a_date_typed_and_put_back_leaves_no_step(qtbot, tmp_path):
    form, _raw = _form(qtbot, tmp_path)
    editor = form.editors["date"]
    _key_by_key(editor, "2021-04-17 15:21:00")
    assert form.undo_stack.count() == 1 and form.is_modified()
    editor.text.setCursorPosition(10)
    QTest.keyClick(editor.text, Qt.Key.Key_Backspace)
    QTest.keyClicks(editor.text, "6")
    assert not form.is_modified()
    assert form.undo_stack.count() == 0  # an undo that would change nothing


def test_the_date_changed_in_the_raw_tab_replaces_the_typed_text(qtbot, tmp_path):
    form, _raw = _form(qtbot, tmp_path)
    _key_by_key(form.editors["date"], "2021-02-30")
    form.tabs.setCurrentIndex(1)
    form.raw.setPlainText(form.raw_text().replace("2021-04-16", "2021-02-27"))
    form.tabs.setCurrentIndex(0)
    editor = form.editors["date"]
    assert editor.error is None and not form.problems()
    assert editor.text.text() == "2021-02-27 15:21:00"
    assert _value(form) == datetime(2021, 2, 27, 15, 21, tzinfo=CST)


def test_loading_the_file_again_drops_the_typed_text(qtbot, tmp_path):
    """Discard (or Theirs in a conflict) loads the file: nothing typed stays."""
    form, _raw = _form(qtbot, tmp_path)
    _key_by_key(form.editors["date"], "2021-02-30")
    form.load("a.md", form.edit.original)
    assert not form.problems() and not form.is_modified()
    assert form.editors["date"].text.text() == "2021-04-16 15:21:00"


def test_a_date_entered_is_the_one_a_later_bad_text_leaves(qtbot, tmp_path):
    """Enter (or leaving the field) settles a date: a text that is not one
    afterwards leaves that date, not the file's."""
    form, _raw = _form(qtbot, tmp_path)
    editor = form.editors["date"]
    _key_by_key(editor, "2021-05-01 09:00:00")
    QTest.keyClick(editor.text, Qt.Key.Key_Return)
    QTest.keyClicks(editor.text, "x")
    assert editor.error is not None and form.problems()
    assert _value(form) == datetime(2021, 5, 1, 9, 0, tzinfo=CST)


# -- the time-zone box and an offset typed in the text -------------------------------------


def _pick_zone(editor, minutes):
    index = editor.zone.findData(minutes)
    assert index >= 0
    editor.zone.setCurrentIndex(index)
    editor.zone.activated.emit(index)


def test_a_zone_picked_rewrites_the_offset_typed_in_the_text(qtbot, tmp_path):
    form, _raw = _form(qtbot, tmp_path, date_line="2022-01-30 18:20:00 +0800")
    editor = form.editors["date"]
    _key_by_key(editor, "2022-01-30 18:20:00 +0900")
    assert editor.zone.currentText() == "UTC+09:00"
    _pick_zone(editor, 8 * 60)
    assert editor.text.text() == "2022-01-30 18:20:00 +0800"
    assert editor.zone.currentText() == "UTC+08:00"
    assert _value(form) == datetime(2022, 1, 30, 18, 20, tzinfo=CST)
    assert not form.is_modified()
    QTest.keyClicks(editor.text, " ")  # the text read again agrees
    assert _value(form) == datetime(2022, 1, 30, 18, 20, tzinfo=CST)
    _pick_zone(editor, -(3 * 60 + 30))
    assert editor.text.text().rstrip() == "2022-01-30 18:20:00 -0330"
    expected = datetime(2022, 1, 30, 18, 20, tzinfo=timezone(-timedelta(hours=3, minutes=30)))
    assert _value(form) == expected
    assert _value(form).utcoffset() == expected.utcoffset()


def test_no_time_zone_picked_takes_the_offset_out_of_the_text(qtbot, tmp_path):
    form, _raw = _form(qtbot, tmp_path)
    editor = form.editors["date"]
    _key_by_key(editor, "2021-04-16T15:21:00+09:00")
    _pick_zone(editor, None)
    assert editor.text.text() == "2021-04-16T15:21:00"
    assert _value(form) == datetime(2021, 4, 16, 15, 21)
    assert editor.zone.currentData() is None


def test_a_text_without_an_offset_is_left_as_typed_when_a_zone_is_picked(qtbot, tmp_path):
    form, _raw = _form(qtbot, tmp_path)
    editor = form.editors["date"]
    _key_by_key(editor, "2021/4/16 15:21")
    _pick_zone(editor, 9 * 60)
    assert editor.text.text() == "2021/4/16 15:21"
    assert _value(form) == datetime(2021, 4, 16, 15, 21, tzinfo=timezone(timedelta(hours=9)))


# -- edits that change nothing change no byte ---------------------------------------------------

DATES = [
    "2021-04-16",
    "2021-04-16 15:21:00",
    "2021-04-16 15:21",
    "2021-04-16T15:21:00Z",
    "2021-04-16T15:21:00+08:00",
    "2021-04-16 15:21:00 +0800",
    "2021-04-16T15:21:00.250Z",
    "2021-04-16T15:21:00.123456789Z",
    "Fri, 16 Apr 2021 15:21:00 +0800",
    "Sat, 17 Apr 2021 09:30:00 GMT",
    "2013/7/13 20:46:25",
    "Apr 24 2014",
    "April 24, 2014 10:00",
    "2021年4月16日",
    "2021年4月16日 15:21",
    "'2021-04-16'",
    '"2021-04-16 15:21:00"',
    "2021-04-16 15:21:00 -0000",
    "2021-04-16T15:21:00-00:30",
    "2021-4-6",
    "0999-01-01",
    "2021-04-16 15:21:00 UTC",
]


def _retype(editor):
    _key_by_key(editor, editor.text.text())


def _zone_away_and_back(editor):
    if editor.zone.isHidden() or not editor.zone.isEnabled():
        return
    own = editor.zone.currentIndex()
    other = (own + 3) % editor.zone.count()
    for index in (other, own):
        editor.zone.setCurrentIndex(index)
        editor.zone.activated.emit(index)


def _calendar_same_day(editor):
    when = editor.value()
    editor.pick_day(QDate(when.year, when.month, when.day))


def _spaces(editor):
    editor.text.setFocus()
    editor.text.end(False)
    QTest.keyClicks(editor.text, "  ")
    editor.text.home(False)
    QTest.keyClicks(editor.text, " ")


@pytest.mark.parametrize("action", [_retype, _zone_away_and_back, _calendar_same_day, _spaces])
@pytest.mark.parametrize("spelled", DATES)
def test_an_edit_that_changes_nothing_changes_no_byte(qtbot, tmp_path, spelled, action):
    form, raw = _form(qtbot, tmp_path, date_line=spelled)
    editor = form.editors["date"]
    action(editor)
    assert editor.error is None
    assert not form.is_modified() and not form.edit.has_changes()
    assert form.edit.new_bytes() == raw


def _typed_and_taken_back(editor):
    editor.text.setFocus()
    editor.text.end(False)
    QTest.keyClicks(editor.text, "x")
    assert editor.error is not None
    QTest.keyClick(editor.text, Qt.Key.Key_Backspace)


#: Dates the codec does not read: shown as the file writes them.
UNREAD = ["2013.07.13", "16 Apr 2021", "2021-04-16 3:21 PM"]


@pytest.mark.parametrize("action", [_retype, _spaces, _typed_and_taken_back])
@pytest.mark.parametrize("spelled", UNREAD)
def test_the_files_own_text_typed_again_is_no_edit(qtbot, tmp_path, spelled, action):
    """A date the codec does not read is shown as the file writes it; that
    text typed again is the file's value, not "Not a date"."""
    form, raw = _form(qtbot, tmp_path, date_line=spelled)
    editor = form.editors["date"]
    assert editor.text.text() == spelled and editor.error is None
    action(editor)
    QTest.keyClick(editor.text, Qt.Key.Key_Tab)
    assert editor.error is None and not form.problems()
    assert not form.is_modified() and not form.edit.has_changes()
    assert form.edit.new_bytes() == raw
    assert form.undo_stack.count() == 0
    # a date typed, then the file's text again: the file's value
    _key_by_key(editor, "2021-04-17")
    assert form.edit.diff.value("date") == date(2021, 4, 17)
    _key_by_key(editor, spelled)
    assert editor.error is None and not form.is_modified()
    assert form.edit.new_bytes() == raw


def test_the_zone_box_waits_for_a_text_that_is_a_date(qtbot, tmp_path):
    """A zone picked for a text that is not a date would store a value the
    text does not show (and the text's own offset would come back once
    fixed): the box is disabled until the text is a date."""
    form, _raw = _form(qtbot, tmp_path)
    editor = form.editors["date"]
    _key_by_key(editor, "2021-04-16 25:00:00 +0800")
    assert editor.error is not None
    assert not editor.zone.isEnabled()
    index = editor.zone.findData(9 * 60)
    editor.zone.setCurrentIndex(index)
    editor.zone.activated.emit(index)  # sent anyway: it changes nothing
    assert editor.text.text() == "2021-04-16 25:00:00 +0800"
    assert editor.zone.currentText() == "UTC+08:00"
    assert _value(form) == ORIGINAL and not form.edit.has_changes()
    assert form.undo_stack.count() == 0
    form.add_key("newkey")  # a rebuild of the fields keeps the text, its error and the box
    editor = form.editors["date"]
    assert editor.error is not None and not editor.zone.isEnabled()
    # fixed: the text's offset, the box's and the value's agree
    _key_by_key(editor, "2021-04-16 23:00:00 +0800")
    assert editor.error is None and editor.zone.isEnabled()
    assert editor.zone.currentText() == "UTC+08:00"
    assert _value(form) == datetime(2021, 4, 16, 23, 0, tzinfo=CST)
    _pick_zone(editor, 9 * 60)
    assert editor.text.text() == "2021-04-16 23:00:00 +0900"
    assert _value(form) == datetime(2021, 4, 16, 23, 0, tzinfo=timezone(timedelta(hours=9)))


@pytest.mark.parametrize(
    ("spelled", "expected"),
    [
        ("2021-4-6", "date: 2021-4-7"),
        ("2021-04-16T15:21:00.123456789Z", "date: 2021-04-17T15:21:00.123456789Z"),
        ("2021-04-16 15:21:00 -0000", "date: 2021-04-17 15:21:00 -0000"),
        ("Fri, 16 Apr 2021 15:21:00 +0800", "date: Sat, 17 Apr 2021 15:21:00 +0800"),
    ],
)
def test_the_next_day_picked_keeps_the_files_spelling(qtbot, tmp_path, spelled, expected):
    form, _raw = _form(qtbot, tmp_path, date_line=spelled)
    editor = form.editors["date"]
    when = editor.value()
    following = when + timedelta(days=1)
    editor.pick_day(QDate(following.year, following.month, following.day))
    assert form.edit.new_bytes().decode().splitlines()[2] == expected


# -- how the errors and long values show ----------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark", "sepia", None])
def test_error_text_is_readable_in_every_theme(qtbot, qapp, tmp_path, theme):
    before = qapp.palette()
    try:
        if theme is not None:
            apply_palette(qapp, theme)
        form, _raw = _form(qtbot, tmp_path)
        _key_by_key(form.editors["date"], "2021-02-30")
        form.tabs.setCurrentIndex(1)
        form.raw.setPlainText(form.raw_text() + "tags: [a\n")
        for label in (form.editors["date"].error_label, form.raw_error):
            assert not label.isHidden()
            palette = label.palette()
            text = palette.color(QPalette.ColorRole.WindowText)
            window = palette.color(QPalette.ColorRole.Window)
            assert contrast(text, window) >= 4.5, (theme, text.name(), window.name())
            assert text.red() > text.green() and text.red() > text.blue()  # still red
    finally:
        qapp.setPalette(before)


def test_error_text_follows_a_change_of_theme(qtbot, qapp, tmp_path):
    before = qapp.palette()
    try:
        apply_palette(qapp, "light")
        form, _raw = _form(qtbot, tmp_path)
        _key_by_key(form.editors["date"], "2021-02-30")
        label = form.editors["date"].error_label
        light = label.palette().color(QPalette.ColorRole.WindowText)
        apply_palette(qapp, "dark")
        qapp.processEvents()
        palette = label.palette()
        dark = palette.color(QPalette.ColorRole.WindowText)
        assert dark != light
        assert contrast(dark, palette.color(QPalette.ColorRole.Window)) >= 4.5
    finally:
        qapp.setPalette(before)


def test_a_very_long_text_is_cut_with_an_ellipsis_in_its_error(qtbot, tmp_path):
    form, raw = _form(qtbot, tmp_path)
    editor = form.editors["date"]
    editor.text.setFocus()
    editor.text.selectAll()
    QTest.keyClicks(editor.text, "9" * 32000)
    assert editor.error is not None and form.problems()
    shown = editor.error_label.text()
    assert "…" in shown and len(shown) < 100
    assert editor.error_label.sizeHint().width() < 1000
    assert form.edit.new_bytes() == raw


def test_a_long_word_in_any_error_line_is_cut_with_an_ellipsis(qtbot, tmp_path):
    form, _raw = _form(qtbot, tmp_path)
    label = form.editors["date"].error_label
    message = "Not valid: " + "x" * 500
    label.set_message(message)
    assert label.text().startswith("Not valid: xxx") and label.text().endswith("…")
    assert len(label.text()) < 80
    assert label.toolTip() == message


def test_a_long_address_shows_its_start(qtbot, tmp_path):
    url = "https://example.com/" + "very-long-path/" * 40 + "image.png"
    title = "A title " + "that goes on " * 40
    form, _raw = _form(qtbot, tmp_path, extra=f"image: {url}\nsubtitle: {title}\n")
    for key in ("image", "subtitle"):
        line = form.editors[key].line
        assert line.text().startswith(("https://", "A title"))
        assert line.cursorPosition() == 0, key
