"""``Summary``: a tuple of an index row, its excerpt (or a mark: not read)
and where to read the excerpt; ``summaries`` makes a page of them in C."""

from __future__ import annotations

import pickle

from reader.core.library.records import (
    LEVEL_SEP,
    PATH_SEP,
    SUMMARY_COLUMNS,
    ProblemInfo,
    Summary,
    summaries,
)

from .libhelpers import article, write

_ROW = (
    "a/b.md",
    "标题",
    "2021-05-06",
    "front-matter",
    "2021-06-01",
    f"金融{LEVEL_SEP}银行{PATH_SEP}科技",
    f"x{PATH_SEP}y",
    "某人",
    "markdown",
    123,
    456,
    2,
    1,
    '[["error", "bad", 3], ["warning", "odd", null]]',
)


class _Source:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def excerpt(self, rel: str) -> str:
        self.asked.append(rel)
        return f"excerpt of {rel}"


def test_fields_of_a_row():
    assert len(_ROW) == len(SUMMARY_COLUMNS)
    summary = Summary(_ROW)
    assert (summary.path, summary.title, summary.date) == ("a/b.md", "标题", "2021-05-06")
    assert (summary.date_source, summary.updated) == ("front-matter", "2021-06-01")
    assert summary.categories == (("金融", "银行"), ("科技",))
    assert summary.categories_text() == "金融/银行; 科技"
    assert summary.tags == ("x", "y")
    assert (summary.author, summary.body_format) == ("某人", "markdown")
    assert (summary.size, summary.mtime_ns) == (123, 456)
    assert (summary.problem_count, summary.error_count, summary.has_errors) == (2, 1, True)
    assert summary.problems == (ProblemInfo("error", "bad", 3), ProblemInfo("warning", "odd", None))
    assert summary.row == _ROW
    assert summary.excerpt is None  # no source, no excerpt in the row
    assert repr(summary) == "Summary('a/b.md', title='标题', date='2021-05-06')"


def test_the_excerpt_comes_from_the_row_else_from_the_source_on_access():
    source = _Source()
    lazy = Summary(_ROW, source)  # type: ignore[arg-type]
    assert source.asked == []
    assert lazy.excerpt == "excerpt of a/b.md" and source.asked == ["a/b.md"]
    carried = Summary((*_ROW, "from the index"), source)  # type: ignore[arg-type]
    assert carried.excerpt == "from the index" and source.asked == ["a/b.md"]
    assert carried.row == (*_ROW, "from the index")
    none_stored = Summary((*_ROW, None), source)  # type: ignore[arg-type]
    assert none_stored.excerpt is None and source.asked == ["a/b.md"]
    extra = Summary((*_ROW, "x", "ignored rank"), source)  # type: ignore[arg-type]
    assert extra.excerpt == "x" and extra == carried.__class__((*_ROW, "x"))


def test_equal_summaries_are_the_same_row_whatever_the_source():
    one, other = _Source(), _Source()
    assert Summary(_ROW, one) == Summary(_ROW, other)  # type: ignore[arg-type]
    assert (Summary(_ROW, one) != Summary(_ROW, other)) is False  # type: ignore[arg-type]
    assert hash(Summary(_ROW, one)) == hash(Summary(_ROW))  # type: ignore[arg-type]
    assert Summary(_ROW) != Summary((*_ROW, "an excerpt"))
    assert Summary(_ROW) != Summary(("other.md", *_ROW[1:]))
    assert Summary(_ROW) != _ROW and len({Summary(_ROW), Summary(_ROW, one)}) == 1  # type: ignore[arg-type]


def test_summaries_of_pages_are_those_made_one_by_one():
    source = _Source()
    pages = [[_ROW, ("c.md", *_ROW[1:])], [], [("d.md", *_ROW[1:])]]
    made = list(summaries(iter(pages), source))  # type: ignore[arg-type]
    expected = [Summary(row, source) for page in pages for row in page]  # type: ignore[arg-type]
    assert made == expected
    assert all(type(s) is Summary for s in made)
    assert [s.path for s in made] == ["a/b.md", "c.md", "d.md"]
    assert made[1].excerpt == "excerpt of c.md"
    assert list(summaries(iter([]), None)) == []


def test_a_summary_without_a_source_pickles():
    summary = Summary((*_ROW, "an excerpt"))
    again = pickle.loads(pickle.dumps(summary))
    assert again == summary and again.excerpt == "an excerpt" and type(again) is Summary
    lazy = pickle.loads(pickle.dumps(Summary(_ROW)))
    assert lazy == Summary(_ROW) and lazy.excerpt is None


def test_streamed_summaries_and_lines_of_a_library(open_library, root):
    for number in range(5):
        write(root, f"p{number}.md", article(f"T{number}", date=f"2020-01-0{number + 1}"))
    lib = open_library()
    streamed = list(lib.iter_query())
    assert streamed == lib.query()
    assert [s.title for s in streamed] == [f"T{n}" for n in (4, 3, 2, 1, 0)]
    assert streamed[0].excerpt == lib.summary("p4.md").excerpt  # read from the file
    lines = list(lib.iter_query_lines())
    assert len(lines) == 5 and all(isinstance(line, str) for line in lines)
    assert lines[0].startswith("2020-01-05  T4  (-)  p4.md")
    rows = lib.iter_query()
    next(rows)
    del rows  # dropped half read: its cursor is closed, the library goes on
    assert [s.path for s in lib.iter_query()] == [s.path for s in streamed]
