from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from reader.core.article.codec import parse_article
from reader.core.article.dates import (
    date_from_filename,
    date_lost_by_rename,
    date_prefix_length,
    format_date,
    parse_date,
)

CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "expected", "has_time", "has_offset"),
    [
        ("Fri, 16 Apr 2021 15:21:00 GMT", datetime(2021, 4, 16, 15, 21, tzinfo=UTC), True, True),
        ("2021-04-16 15:21:00", datetime(2021, 4, 16, 15, 21), True, False),
        ("2021-04-16T15:21:00+08:00", datetime(2021, 4, 16, 15, 21, tzinfo=CST), True, True),
        (
            "2021-04-16T07:21:00.123Z",
            datetime(2021, 4, 16, 7, 21, 0, 123000, tzinfo=UTC),
            True,
            True,
        ),
        ("2021-04-16", date(2021, 4, 16), False, False),
        ("2013/7/13 20:46:25", datetime(2013, 7, 13, 20, 46, 25), True, False),
        ("2021-04-16 10:00:00 +0800", datetime(2021, 4, 16, 10, 0, tzinfo=CST), True, True),
        ("Apr 24 2014", date(2014, 4, 24), False, False),
        ("2021年4月16日", date(2021, 4, 16), False, False),
        ("2021年4月16日 8:05", datetime(2021, 4, 16, 8, 5), True, False),
        ("2018-03-05 16:45", datetime(2018, 3, 5, 16, 45), True, False),
    ],
)
def test_the_strings_people_write(text, expected, has_time, has_offset):
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.value == expected
    assert type(parsed.value) is type(expected)
    assert parsed.has_time is has_time
    assert parsed.has_offset is has_offset


@pytest.mark.parametrize(
    "text",
    [
        "Fri, 16 Apr 2021 15:21:00 GMT",
        "2021-04-16 15:21:00",
        "2021-04-16T15:21:00+08:00",
        "2021-04-16T07:21:00.123Z",
        "2021-04-16",
        "2013/7/13 20:46:25",
        "2021-04-16 10:00:00 +0800",
        "Apr 24 2014",
        "2021年4月16日",
    ],
)
def test_format_gives_back_the_same_spelling(text):
    parsed = parse_date(text)
    assert format_date(parsed.value, parsed.style) == text


def test_yaml_values_are_accepted():
    assert parse_date(date(2021, 1, 2)).value == date(2021, 1, 2)
    aware = datetime(2021, 1, 2, 3, 4, tzinfo=UTC)
    assert parse_date(aware).has_offset


@pytest.mark.parametrize(
    "text", ["", "soon", "2021-13-45", "2021-02-30 10:00:00", "32/13/2021", "12:30"]
)
def test_unparseable_dates_give_none(text):
    assert parse_date(text) is None


def test_iso_output_has_no_offset_where_the_source_had_none():
    assert parse_date("2021-04-16 15:21:00").isoformat() == "2021-04-16T15:21:00"
    assert parse_date("2021-04-16").isoformat() == "2021-04-16"
    assert parse_date("Fri, 16 Apr 2021 15:21:00 GMT").isoformat() == "2021-04-16T15:21:00+00:00"


def test_date_from_filename():
    assert date_from_filename("2021-04-16-hello.md").value == date(2021, 4, 16)
    assert date_from_filename("2021-04-16.md").value == date(2021, 4, 16)
    assert date_from_filename("2021-02-31-x.md") is None
    assert date_from_filename("hello.md") is None


# -- a changed date keeps the file's spelling, and loses nothing silently --------------


def _patched_date(spelled: str, new) -> str:
    """The ``date:`` line after setting ``date`` to ``new`` in a file that
    spells it ``spelled``."""
    from reader.core.article.codec import parse_article
    from reader.core.article.patch import patch_metadata

    raw = f"---\ntitle: T\ndate: {spelled}\n---\nbody\n".encode()
    article = parse_article(raw, "post.md")
    return patch_metadata(article, {"date": new}).decode().splitlines()[2]


def test_a_changed_day_keeps_the_nanoseconds_of_the_file():
    new = datetime(2021, 4, 17, 15, 21, 0, 123456, tzinfo=UTC)
    assert _patched_date("2021-04-16T15:21:00.123456789Z", new) == (
        "date: 2021-04-17T15:21:00.123456789Z"
    )


def test_changed_microseconds_replace_the_finer_digits():
    new = datetime(2021, 4, 16, 15, 21, 0, 500000, tzinfo=UTC)
    assert _patched_date("2021-04-16T15:21:00.123456789Z", new) == (
        "date: 2021-04-16T15:21:00.500000000Z"
    )


@pytest.mark.parametrize(
    ("spelled", "expected"),
    [
        ("2021-04-16 15:21:00 -0000", "date: 2021-04-17 15:21:00 -0000"),
        ("2021-04-16T15:21:00-00:00", "date: 2021-04-17T15:21:00-00:00"),
        ("Fri, 16 Apr 2021 15:21:00 -0000", "date: Sat, 17 Apr 2021 15:21:00 -0000"),
    ],
)
def test_an_unknown_offset_minus_zero_stays_minus_zero(spelled, expected):
    assert _patched_date(spelled, datetime(2021, 4, 17, 15, 21, tzinfo=UTC)) == expected


def test_an_unpadded_iso_date_stays_unpadded():
    assert _patched_date("2021-4-6", date(2021, 4, 7)) == "date: 2021-4-7"
    assert _patched_date("2021-4-6", date(2021, 12, 25)) == "date: 2021-12-25"
    assert format_date(date(2021, 4, 7), parse_date("2021-4-6").style) == "2021-4-7"
    assert format_date(date(2021, 4, 7), parse_date("2021-04-06").style) == "2021-04-07"


def test_a_year_before_1000_is_not_written_as_rfc2822():
    line = _patched_date(
        "Fri, 16 Apr 2021 15:21:00 +0800", datetime(999, 4, 16, 15, 21, tzinfo=CST)
    )
    assert line == "date: 0999-04-16 15:21:00+08:00"
    assert parse_date(line.split(": ", 1)[1]).value == datetime(999, 4, 16, 15, 21, tzinfo=CST)


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("date: Mon, 06 Jan 2021 10:00:00 +0800", 3),  # 6 January 2021 was a Wednesday
        ("date: 'Thursday, 06 Jan 2021 10:00:00 +0800'", 3),
        ("updated: mon, 06 Jan 2021 10:00:00 GMT", 3),
    ],
)
def test_an_rfc2822_weekday_that_is_not_the_dates_is_a_warning(front, line):
    # read all the same (the weekday is ignored), but Hexo's moment reads no
    # date from it; `check` said nothing
    article = parse_article(f"---\ntitle: a\n{front}\n---\nbody\n".encode(), "p.md")
    key = front.partition(":")[0]
    assert (article.date if key == "date" else article.updated).value.day == 6
    [problem] = article.problems
    assert problem.severity == "warning" and problem.line == line
    assert "does not match 2021-01-06, a Wed" in problem.message


@pytest.mark.parametrize(
    "value",
    [
        "Wed, 06 Jan 2021 10:00:00 +0800",
        "06 Jan 2021 10:00:00 +0800",  # (no weekday)
        "Wednesday, 06 Jan 2021 10:00:00 +0800",
        "Tue, 05 Jan 2021 23:30:00 -0800",  # (its own offset's day, not UTC's)
    ],
)
def test_a_right_or_missing_weekday_is_no_warning(value):
    article = parse_article(f"---\ntitle: a\ndate: {value}\n---\nbody\n".encode(), "p.md")
    assert article.date is not None and not article.problems


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Sun, 01 Jan 50 09:00:00 +0000", 1950),  # (email.utils: 2050, a Saturday)
        ("Mon, 01 Jan 68 09:00:00 +0000", 1968),
        ("Fri, 01 Jan 49 09:00:00 +0000", 2049),
        ("Thu, 01 Jan 70 00:00:00 GMT", 1970),
        ("Sat, 01 Jan 150 09:00:00 +0000", 2050),  # (three digits: + 1900)
        ("01 Jan 99 10:00 GMT", 1999),
        ("Tue, Jan 05 60 10:00:00 +0000", 1960),  # (the month first: review)
    ],
)
def test_rfc2822_short_years_are_read_as_the_rfc_reads_them(text, year):
    # (adversary) 50-68 were read in the 2000s and three digits as they are:
    # a century off, and `check` said the right weekday was wrong
    parsed = parse_date(text)
    assert parsed is not None and parsed.value.year == year
    article = parse_article(f"---\ntitle: a\ndate: {text}\n---\nbody\n".encode(), "p.md")
    assert not article.problems


@pytest.mark.parametrize(
    ("name", "length"),
    [
        ("2020-11-21-first-snow.md", 11),
        ("2020-11-21_snow.md", 11),
        ("2020-11-21.md", 11),
        ("2020-13-21-x.md", 0),  # (no such month: no date)
        ("notes.md", 0),
        ("20201121-x.md", 0),
    ],
)
def test_the_date_a_name_starts_with(name, length):
    assert date_prefix_length(name) == length


@pytest.mark.parametrize(
    ("old", "new", "lost"),
    [
        ("2020-11-21-first-snow.md", "first-snow.md", date(2020, 11, 21)),
        ("2020-11-21-first-snow.md", "2020-11-22-first-snow.md", None),  # (changed, as asked)
        ("2020-11-21-first-snow.md", "2020-11-21-snow.md", None),
        ("2020-11-21-first-snow.md", "2020-11-21 snow", None),
        ("first-snow.md", "2020-11-21-first-snow.md", None),  # (gains one: nothing lost)
        ("notes.md", "other.md", None),
    ],
)
def test_a_rename_that_loses_the_date_of_the_name(old, new, lost):
    assert date_lost_by_rename(old, new) == lost


@pytest.mark.parametrize(
    "text",
    [
        "Fri, 16 Apr 2021 15:21:00 GMT junk",
        "Fri, 16 Apr 2021 15:21:00 hello world",
        "Fri, 16 Apr 2021 15:21:00 +0800 +0900",
        "16 Apr 2021 3:21 PM",  # (read as 3:21 in the morning)
    ],
)
def test_an_rfc_2822_date_followed_by_more_is_no_date(text):
    # (CLI attack) Python's reader ignores every word after the fifth, and
    # an unknown zone: these were read as dates, without a warning
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri, 16 Apr 2021 15:21:00 +0800 (CST)", datetime(2021, 4, 16, 15, 21, tzinfo=CST)),
        ("Fri,16 Apr 2021 15:21:00 GMT", datetime(2021, 4, 16, 15, 21, tzinfo=UTC)),
        ("Friday, 16 Apr 2021 15:21:00 UT", datetime(2021, 4, 16, 15, 21, tzinfo=UTC)),
        ("16 Apr 2021 15:21", datetime(2021, 4, 16, 15, 21)),
        # (review) what real feeds and programs write: `date`, an offset and
        # its name, JavaScript's toString, zones Python does not know (read
        # without one, as before)
        ("Fri Apr 16 15:21:00 UTC 2021", datetime(2021, 4, 16, 15, 21, tzinfo=UTC)),
        ("Fri, 16 Apr 2021 15:21:00 +0000 UTC", datetime(2021, 4, 16, 15, 21, tzinfo=UTC)),
        ("Fri, 16 Apr 2021 15:21:00 UTC +0000", datetime(2021, 4, 16, 15, 21, tzinfo=UTC)),
        (
            "Thu Apr 15 2021 15:21:00 GMT+0200 (Central European Summer Time)",
            datetime(2021, 4, 15, 15, 21),
        ),
        ("Fri, 16 Apr 2021 15:21:00 CEST", datetime(2021, 4, 16, 15, 21)),
        ("Fri Apr 16 15:21:00 CEST 2021", datetime(2021, 4, 16, 15, 21)),
        ("16 Apr 2021 15:21 XYZ", datetime(2021, 4, 16, 15, 21)),
    ],
)
def test_an_rfc_2822_date_with_a_comment_or_a_known_zone_is_read(text, expected):
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == expected
