"""A date's spelling, as the schema infers it and check compares it, is how
the file writes it: ``16:45`` has no seconds (the example said ``04:05:06``),
and a YAML timestamp (read as a date object, which keeps no spelling) is
spelled as its own text (``T``, ``Z``)."""

from __future__ import annotations

import pytest

from reader.core.article.codec import parse_article
from reader.core.site.fix import FixRule, _respell, changes_for
from reader.core.site.schema import (
    check_article,
    date_spelling,
    infer_schema,
    spelling_style,
)


def _article(date_line: str, name: str = "a.md"):
    return parse_article(f"---\ntitle: T\n{date_line}\n---\nbody\n".encode(), name)


@pytest.mark.parametrize(
    ("line", "spelling"),
    [
        ("date: 2018-03-05 16:45", "2001-02-03 04:05"),
        ("date: '2018-03-05 16:45'", "2001-02-03 04:05"),
        ("date: 2023-05-02T14:10:00+08:00", "2001-02-03T04:05:06+08:00"),
        ("date: 2023-05-02T14:10:00Z", "2001-02-03T04:05:06Z"),
        ("date: 2023-05-02 14:10:00", "2001-02-03 04:05:06"),
        ("date: 2021-04-16", "2001-02-03"),
        ("updated: 2023-05-02T14:10:00Z", "2001-02-03T04:05:06Z"),
        ("date: Mon, 01 Mar 2021 10:00:00 +0800", "Sat, 03 Feb 2001 04:05:06 +0800"),
    ],
)
def test_the_inferred_spelling_is_the_one_written(line, spelling):
    key = line.split(":")[0]
    schema = infer_schema([_article(line, f"{n}.md") for n in range(3)])
    assert schema.keys[key].spelling == spelling
    assert date_spelling(spelling_style(spelling)) == spelling  # (an example reads back)


def test_check_finds_the_one_spelled_otherwise_only():
    same = [_article("date: 2023-05-02T14:10:00Z", f"{n}.md") for n in range(3)]
    other = _article("date: 2023-05-02 14:10:00+00:00", "other.md")
    schema = infer_schema([*same, other])
    assert all(not check_article(schema, a.display_path, a) for a in same)
    found = check_article(schema, other.display_path, other)
    assert [f.message for f in found] == [
        # (an offset in digits is spelled with the example's own, whatever it is)
        "'date' is spelled like '2001-02-03 04:05:06+08:00', the schema like '2001-02-03T04:05:06Z'"
    ]


def _respelled(schema, article):
    """The article once ``fix --respell-dates`` is done with it (None: unchanged)."""
    changes = changes_for(FixRule("respell-dates"), article, schema)
    return parse_article(_respell(article, changes), article.path) if changes else None


@pytest.mark.parametrize(
    "line",
    [
        "date: 2023-05-02T14:10:00Z",
        "date: '2023-05-02T14:10:00+0000'",
        "date: '2023-05-02 14:10:00 GMT'",
        "date: Fri, 16 Apr 2021 15:21:00 GMT",
    ],
)
def test_a_date_at_utc_in_a_site_of_another_offset_is_respelled_once_for_good(line):
    # its offset kept (the same moment) as +00:00, which check then called
    # spelled otherwise still (+00:00 against the site's +08:00): every run of
    # fix found it again, and check never stopped naming it
    site = [_article("date: 2023-05-02T14:10:00+08:00", f"{n}.md") for n in range(3)]
    schema = infer_schema(site)
    other = _article(line, "other.md")
    assert check_article(schema, other.display_path, other)
    fixed = _respelled(schema, other)
    assert fixed is not None
    assert not check_article(schema, fixed.display_path, fixed)
    assert _respelled(schema, fixed) is None


def test_an_offset_at_utc_in_digits_is_the_sites_spelling_of_an_offset():
    site = [_article("date: 2023-05-02T14:10:00+08:00", f"{n}.md") for n in range(3)]
    schema = infer_schema(site)
    utc = _article("date: 2023-05-02T14:10:00+00:00", "utc.md")
    assert not check_article(schema, utc.display_path, utc)
    assert _respelled(schema, utc) is None


def test_a_zone_name_after_a_blank_is_spelled_as_a_name():
    # '2023-05-02 14:10:00 GMT' was spelled like '… 04:05:06 +08:00', one
    # spelling with '… 14:10:00 +08:00': neither was found spelled otherwise
    schema = infer_schema(
        [_article("date: '2023-05-02 14:10:00 GMT'", f"{n}.md") for n in range(3)]
    )
    assert schema.keys["date"].spelling == "2001-02-03 04:05:06 GMT"
    other = _article("date: '2023-05-02 14:10:00 +08:00'", "other.md")
    assert check_article(schema, other.display_path, other)


def _toml(line: str, name: str = "a.md"):
    return parse_article(f"+++\ntitle = 'T'\n{line}\n+++\nbody\n".encode(), name)


@pytest.mark.parametrize(
    ("line", "spelling"),
    [
        ("date = 2023-05-02T14:10:00+08:00", "2001-02-03T04:05:06+08:00"),
        ("date = 2023-05-02T14:10:00Z  # UTC", "2001-02-03T04:05:06Z"),
        ('"date" = 2023-05-02 14:10:00', "2001-02-03 04:05:06"),
        ("date = 2023-05-02T14:10:00.500", "2001-02-03T04:05:06.000"),
        ("date = 2023-05-02", "2001-02-03"),
    ],
)
def test_a_toml_date_is_spelled_as_its_text(line, spelling):
    # a TOML date's spelling was its value's default: every one with an
    # offset '2001-02-03 04:05:06+00:00', whatever the file wrote (T, +08:00)
    schema = infer_schema([_toml(line, f"{n}.md") for n in range(3)])
    assert schema.keys["date"].spelling == spelling


def test_a_yaml_date_written_as_the_toml_dates_are_is_left_alone():
    # fix rewrote it '2023-05-02 14:10:00+08:00', a spelling no file has
    schema = infer_schema([_toml("date = 2023-05-02T14:10:00+08:00", f"{n}.md") for n in range(3)])
    yaml = _article("date: 2023-05-02T14:10:00+08:00", "y.md")
    assert not check_article(schema, yaml.display_path, yaml)
    assert _respelled(schema, yaml) is None


def test_a_toml_time_of_day_is_no_traceback_for_infer():
    # TypeError: object of type 'datetime.time' has no len()
    schema = infer_schema([_toml("start = 14:10:00", f"{n}.md") for n in range(3)])
    assert schema.keys["start"].type == "string"
