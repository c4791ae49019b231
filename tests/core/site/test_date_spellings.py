"""A date's spelling, as the schema infers it and check compares it, is how
the file writes it: ``16:45`` has no seconds (the example said ``04:05:06``),
and a YAML timestamp (read as a date object, which keeps no spelling) is
spelled as its own text (``T``, ``Z``)."""

from __future__ import annotations

import pytest

from reader.core.article.codec import parse_article
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
        "'date' is spelled like '2001-02-03 04:05:06+00:00', the site like '2001-02-03T04:05:06Z'"
    ]
