"""Category paths as they are typed and printed: ``/`` between levels, ``\\/``
and ``\\\\`` inside a name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.article.taxonomy import format_category_path, parse_category_path


def test_levels_are_split_on_slashes_and_stripped():
    assert parse_category_path("金融/银行") == ("金融", "银行")
    assert parse_category_path(" 金融 / / 银行 ") == ("金融", "银行")
    assert parse_category_path(" / ") == ()


def test_an_escaped_slash_is_part_of_the_name():
    assert parse_category_path("A\\/B") == ("A/B",)
    assert parse_category_path("A/B") == ("A", "B")
    assert parse_category_path("x/A\\/B/y") == ("x", "A/B", "y")
    assert parse_category_path("A\\\\/B") == ("A\\", "B")  # an escaped backslash, then a level
    assert parse_category_path("C:\\temp") == ("C:\\temp",)  # other backslashes stay


def test_printing_escapes_what_parsing_reads():
    assert format_category_path(("A/B",)) == "A\\/B"
    assert format_category_path(("A", "B")) == "A/B"
    assert format_category_path(("a\\",)) == "a\\\\"
    assert format_category_path(("金融", "银行")) == "金融/银行"


# Names as front matter gives them: stripped, not empty.
names = st.text(alphabet=st.sampled_from("ab/\\ 金 "), min_size=1, max_size=8).map(str.strip)
paths = st.lists(names.filter(bool), min_size=1, max_size=4).map(tuple)


@given(paths)
def test_every_printed_path_reads_back_as_itself(path):
    assert parse_category_path(format_category_path(path)) == path
