"""The code paths that keep large libraries fast: excerpts read on access,
bulk loads into an empty index, the paused collector, tiered search ranking."""

from __future__ import annotations

import gc

import pytest

import reader.core.library.refresh as refresh_module
import reader.core.library.search as search_module
from reader.core.library.facade import Library
from reader.core.library.index import IndexDB
from reader.core.library.query import Query

from .libhelpers import article, index_connection, write

_INDEXES = {
    "articles_date",
    "articles_ymd",
    "articles_author",
    "articles_fts",
    "article_categories_article",
    "article_tags_article",
}


def _index_names(lib: Library) -> set[str]:
    with index_connection(lib) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type='index'").fetchall()
    return {row[0] for row in rows}


def _stored_excerpts(lib: Library) -> list[tuple[str | None]]:
    with index_connection(lib) as conn:
        return conn.execute("SELECT excerpt FROM articles").fetchall()


def test_excerpt_before_and_after_the_fulltext_pass(open_library, root):
    write(root, "a.md", article("A", body="## Head\n\n**Bold** [link](http://x) text\n"))
    lib = open_library()
    assert _stored_excerpts(lib) == [(None,)]  # not computed while listing
    [row] = lib.query()
    assert row.excerpt == "Head Bold link text"  # from the file
    assert row.as_dict()["excerpt"] == "Head Bold link text"
    lib.build_fulltext()
    assert _stored_excerpts(lib) == [("Head Bold link text",)]
    assert lib.query()[0].excerpt == "Head Bold link text"
    assert lib.search("bold")[0].summary.excerpt == "Head Bold link text"


def test_long_excerpt_is_cut_the_same_way_from_the_index(open_library, root):
    body = "<p>" + "word " * 300 + "</p>"
    write(root, "long.html", article("Long", body=body))
    lib = open_library()
    from_file = lib.summary("long.html").excerpt
    lib.build_fulltext()
    assert lib.summary("long.html").excerpt == from_file
    assert from_file.endswith("…") and len(from_file) <= 201


def test_excerpt_of_a_vanished_file_is_none(open_library, root):
    path = write(root, "gone.md", article("Gone"))
    lib = open_library()
    [row] = lib.query()
    path.unlink()
    assert row.excerpt is None
    assert row.title == "Gone"


def test_changed_article_loses_its_stored_excerpt(open_library, root):
    write(root, "a.md", article("A", body="first version\n"))
    lib = open_library(fulltext=True)
    assert lib.summary("a.md").excerpt == "first version"
    write(root, "a.md", article("A", body="second, longer version\n"))
    lib.refresh()
    assert lib.summary("a.md").excerpt == "second, longer version"


def test_bulk_load_builds_the_secondary_indexes(open_library, root, monkeypatch):
    monkeypatch.setattr(refresh_module, "BULK_THRESHOLD", 3)
    for number in range(5):
        write(root, f"{number}.md", article(f"T{number}", tags="[x]", categories="[c]"))
    lib = open_library()
    assert _index_names(lib) >= _INDEXES
    assert lib.count(Query(tag="x")) == 5 and lib.count(Query(category=("c",))) == 5
    with index_connection(lib) as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM articles WHERE date_ts > 0"
        ).fetchall()
    assert "articles_date" in str(plan)


def test_bulk_load_cut_short_is_healed_on_open(root, cache_dir, monkeypatch):
    monkeypatch.setattr(refresh_module, "BULK_THRESHOLD", 3)
    for number in range(5):
        write(root, f"{number}.md", article(f"T{number}"))
    lib = Library.open(root, cache_dir=cache_dir)
    with index_connection(lib) as conn:  # as if a bulk load died between drop and build
        for name in _INDEXES:
            conn.execute(f"DROP INDEX {name}")
    lib.close()
    lib = Library.open(root, cache_dir=cache_dir)
    try:
        assert _index_names(lib) >= _INDEXES
    finally:
        lib.close()


def test_bulk_load_only_into_an_empty_index(open_library, root, monkeypatch):
    monkeypatch.setattr(refresh_module, "BULK_THRESHOLD", 1)
    write(root, "a.md", article("A"))
    lib = open_library()
    calls = []
    original = IndexDB.bulk_load

    def spy(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(IndexDB, "bulk_load", spy)
    write(root, "b.md", article("B"))
    write(root, "c.md", article("C"))
    assert lib.refresh().added == 2
    assert calls == []


def test_collector_is_restored_after_refresh(open_library, root):
    write(root, "a.md", article("A"))
    assert gc.isenabled()
    open_library()
    assert gc.isenabled()
    gc.disable()
    try:
        write(root, "b.md", article("B"))
        open_library()
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_collector_is_restored_after_a_failed_refresh(open_library, root, monkeypatch):
    write(root, "a.md", article("A"))
    lib = open_library(refresh=False)

    def broken(root, rel):
        raise RuntimeError("boom")

    monkeypatch.setattr(refresh_module, "read_record", broken)
    with pytest.raises(RuntimeError):
        lib.refresh(parallel=False)
    assert gc.isenabled()


def test_title_and_metadata_matches_rank_before_body_matches(open_library, root):
    write(root, "body1.md", article("One", body="<p>otter otter otter otter</p>\n"))
    write(root, "body2.md", article("Two", body="<p>an otter</p>\n"))
    write(root, "title.md", article("Otter", body="<p>nothing</p>\n"))
    write(root, "tag.md", article("Three", tags="[otter]", body="<p>nothing</p>\n"))
    lib = open_library(fulltext=True)
    hits = lib.search("otter")
    assert [h.path for h in hits[:2]] == ["title.md", "tag.md"]
    assert sorted(h.path for h in hits[2:]) == ["body1.md", "body2.md"]
    assert hits[2].score >= hits[3].score
    assert [h.path for h in lib.search("otter", limit=1)] == ["title.md"]
    assert [h.path for h in lib.search("otter", limit=3)][:2] == ["title.md", "tag.md"]


def test_terms_split_between_title_and_body_are_found(open_library, root):
    write(root, "a.md", article("Walrus", body="<p>a kettle</p>\n"))
    write(root, "b.md", article("Kettle walrus", body="<p>x</p>\n"))
    lib = open_library(fulltext=True)
    hits = lib.search("walrus kettle")
    assert [h.path for h in hits] == ["b.md", "a.md"]
    assert "«kettle»" in hits[1].snippet


def test_ranking_is_bounded_but_still_ranked(open_library, root, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_RANKED", 3)
    for number in range(8):
        write(root, f"b{number}.md", article(f"B{number}", body="<p>heron heron</p>\n"))
    write(root, "t.md", article("Heron", body="<p>x</p>\n"))
    lib = open_library(fulltext=True)
    hits = lib.search("heron", limit=20)
    assert hits[0].path == "t.md"
    # the body tier ranks only the newest few candidates
    assert 1 < len(hits) <= 1 + 3
    assert all(h.snippet for h in hits)
    # with a filter every match is ranked
    assert len(lib.search("heron", limit=20, within=Query(year=2021))) == 9


def test_chinese_two_characters_and_prefix_in_tiers(open_library, root):
    write(root, "t.md", article("知识产权保护", body="<p>无关</p>\n"))
    write(root, "b.md", article("其他", body="<p>保护知识产权。</p>\n"))
    lib = open_library(fulltext=True)
    assert [h.path for h in lib.search("产权")] == ["t.md", "b.md"]
    assert [h.path for h in lib.search("知识产权")] == ["t.md", "b.md"]
    assert "«产权»" in lib.search("产权")[1].snippet
    write(root, "e.md", article("Regulations", body="<p>about rules</p>\n"))
    write(root, "f.md", article("Other", body="<p>regulatory matters</p>\n"))
    lib.refresh()
    lib.build_fulltext()
    assert [h.path for h in lib.search("regul")] == ["e.md", "f.md"]


def test_search_skips_stale_fulltext_rows(open_library, root):
    write(root, "a.md", article("Ibis", body="<p>x</p>\n"))
    write(root, "b.md", article("Other", body="<p>ibis</p>\n"))
    lib = open_library(fulltext=True)
    write(root, "a.md", article("Ibis changed", body="<p>y</p>\n"))
    lib.refresh()  # a.md's old entry is dead until the next full-text pass
    assert [h.path for h in lib.search("ibis")] == ["b.md"]
    lib.build_fulltext()
    assert [h.path for h in lib.search("ibis")] == ["a.md", "b.md"]


def test_index_without_excerpts_from_an_older_run_still_reads(open_library, root):
    write(root, "a.md", article("A", body="text\n"))
    lib = open_library(fulltext=True)
    with index_connection(lib) as conn:
        conn.execute("UPDATE articles SET excerpt=NULL")
    assert lib.summary("a.md").excerpt == "text"
    assert [row.title for row in lib.query()] == ["A"]  # the index still reads


def test_streamed_listing_is_the_listing_in_pages(open_library, root, monkeypatch):
    import reader.core.library.facade as facade_module

    monkeypatch.setattr(facade_module, "_STREAM_PAGE", 3)  # several pages for 7 rows
    for number in range(7):
        tags = "[archive]" if number % 2 else "[]"
        text = article(f"T{number}", date=f"2020-01-0{number + 1}", tags=tags)
        write(root, f"a{number}.md", text)
    lib = open_library()
    listed = [row.path for row in lib.query()]
    assert [row.path for row in lib.iter_query()] == listed
    assert len(listed) == 7
    by_title = Query(sort="title")
    assert [r.path for r in lib.iter_query(by_title)] == [r.path for r in lib.query(by_title)]
    found = [row.path for row in lib.find("tag:archive", sort="date")]
    assert [row.path for row in lib.iter_find("tag:archive", sort="date")] == found
    assert found == ["a1.md", "a3.md", "a5.md"]
    assert [row.path for row in lib.iter_find("tag:archive", limit=2)] == ["a5.md", "a3.md"]


def test_streamed_find_reports_a_bad_query_at_once(open_library, root):
    from reader.core.library.querylang import QueryError

    write(root, "a.md", article("A"))
    lib = open_library()
    with pytest.raises(QueryError):
        lib.iter_find("date:>=nonsense (")


def _fts_merging(lib: Library) -> tuple[dict[str, int], int]:
    """The full-text table's merge settings and how many segments it has."""
    with index_connection(lib) as conn:
        settings = dict(
            conn.execute(
                "SELECT k, v FROM fts_config WHERE k IN ('automerge', 'crisismerge')"
            ).fetchall()
        )
        segments = conn.execute("SELECT count(DISTINCT segid) FROM fts_idx").fetchone()[0]
    return settings, segments


def test_bulk_load_merges_the_full_text_once_at_the_end(open_library, root, monkeypatch):
    monkeypatch.setattr(refresh_module, "BULK_THRESHOLD", 3)
    monkeypatch.setattr(refresh_module, "_BULK_BATCH", 2)  # a transaction, a segment, per 2
    for number in range(9):
        write(root, f"{number}.md", article(f"T{number}", body=f"城市 word{number}\n"))
    lib = open_library(refresh=False)
    assert lib.refresh(fulltext=True).added == 9
    assert _fts_merging(lib) == ({"automerge": 4, "crisismerge": 16}, 1)
    assert len(lib.search("城市")) == 9 and [h.path for h in lib.search("word4")] == ["4.md"]
    write(root, "new.md", article("New", body="城市 fresh\n"))  # merged as usual from here on
    assert lib.refresh(fulltext=True).added == 1
    assert [h.path for h in lib.search("fresh")] == ["new.md"]
    assert len(lib.search("城市")) == 10


def test_bulk_load_cut_short_merges_again_on_open(root, cache_dir, monkeypatch):
    write(root, "a.md", article("A", body="words\n"))
    lib = Library.open(root, cache_dir=cache_dir)
    lib.refresh(fulltext=True)
    with index_connection(lib) as conn:  # as if a bulk load died before its end
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 0)")
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('crisismerge', 2000)")
    lib.close()
    lib = Library.open(root, cache_dir=cache_dir)
    try:
        assert _fts_merging(lib)[0] == {"automerge": 4, "crisismerge": 16}
        assert [h.path for h in lib.search("words")] == ["a.md"]
    finally:
        lib.close()


def test_cancelled_bulk_load_still_merges_and_restores(open_library, root, monkeypatch):
    monkeypatch.setattr(refresh_module, "BULK_THRESHOLD", 3)
    monkeypatch.setattr(refresh_module, "_BULK_BATCH", 2)
    for number in range(9):
        write(root, f"{number}.md", article(f"T{number}", body=f"word{number}\n"))
    lib = open_library(refresh=False)
    seen = []

    def cancel() -> bool:
        seen.append(1)
        return len(seen) > 5

    stats = lib.refresh(fulltext=True, cancel=cancel, parallel=False)
    assert stats.cancelled and 0 < stats.added < 9
    assert _fts_merging(lib) == ({"automerge": 4, "crisismerge": 16}, 1)
    assert lib.refresh(fulltext=True).added == 9 - stats.added
    assert [h.path for h in lib.search("word8")] == ["8.md"]


def _plan(lib: Library, sql: str, params: list[object]) -> str:
    with index_connection(lib) as conn:
        return " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_a_list_of_every_row_sorts_one_pass_in_the_order_of_the_index_walk(open_library, root):
    """Read whole, the newest-first list is one pass over the table and a
    sort, not a walk of the date index; its rows and their order are those
    of the walk (ties on the date broken by title, then path)."""
    from reader.core.library.query import compile_query

    dates = ["2020-01-02", "2020-01-02", "2020-01-02", "2021-05-06", None, None, "2019-12-31"]
    titles = ["B", "A", "A", "C", "Z", "Y", "D"]
    for number, (date, title) in enumerate(zip(dates, titles, strict=True)):
        write(root, f"f{number % 3}/p{number}.md", article(title, date=date))
    lib = open_library()
    for sort in ("-date", "path", "date", "title"):
        every = [r.path for r in lib.iter_query(Query(sort=sort))]
        walked = [r.path for r in lib.query(Query(sort=sort, limit=100))]  # the index's order
        assert every == walked, sort
        assert [r.path for r in lib.query(Query(sort=sort))] == walked, sort
        found = [r.path for r in lib.iter_find("title:a OR title:b OR title:z", sort=sort)]
        assert found == [p for p in walked if p in set(found)] and len(found) == 4, sort
    dated = [(r.title, r.path) for r in lib.iter_query() if r.date_source == "front-matter"]
    assert dated == [
        ("C", "f0/p3.md"),
        ("A", "f1/p1.md"),
        ("A", "f2/p2.md"),
        ("B", "f0/p0.md"),
        ("D", "f0/p6.md"),
    ]
    whole = _plan(lib, *compile_query(Query(), every_row=True))
    assert "articles_date" not in whole
    # with no filter, newest first: the list's own index, in order, every column in it
    assert whole == "SCAN a USING COVERING INDEX articles_list"
    assert "articles_list" in _plan(lib, *compile_query(Query(limit=10), every_row=True))
    # a filter still uses its own index
    assert "articles_ymd" in _plan(lib, *compile_query(Query(year=2020), every_row=True))


def test_the_list_index_gives_the_rows_and_order_of_a_sort(open_library, root):
    """An unfiltered newest-first list reads the index ``articles_list``:
    the same rows, in the same order, as a sort of the table (dates equal
    and missing, titles equal but for case, Chinese), for summaries and for
    the CLI's lines; filtered queries never walk it."""
    from reader.core.library.query import (
        LIST_LINE_SELECT,
        LIST_ORDER,
        STREAMED_SORTS,
        SUMMARY_SELECT,
        compile_query,
    )

    specs = [
        ("2020-01-02", "b"),
        ("2020-01-02", "B"),
        ("2020-01-02", "a"),
        ("2020-01-02 10:00:00", "z"),
        ("2021-05-06", "银行"),
        ("2021-05-06", "金融"),
        (None, "Z"),
        (None, "y"),
        (None, "y"),
        ("1999-12-31", "D"),
    ]
    for number, (date, title) in enumerate(specs):
        write(root, f"f{number % 3}/p{number}.md", article(title, date=date, categories="[c]"))
    write(root, "plain.md", "no front matter\n")
    lib = open_library()
    by_sort = f"SELECT {{}} FROM articles a ORDER BY {STREAMED_SORTS['-date']}"
    with index_connection(lib) as conn:
        rows = conn.execute(by_sort.format(SUMMARY_SELECT)).fetchall()
        lines = [line for (line,) in conn.execute(by_sort.format(LIST_LINE_SELECT))]
        assert "TEMP B-TREE FOR ORDER BY" in _plan(lib, by_sort.format(SUMMARY_SELECT), [])
    assert len(rows) == len(specs) + 1
    assert [s.row for s in lib.iter_query()] == rows
    assert [s.row for s in lib.query()] == rows
    assert list(lib.iter_query_lines()) == lines
    for columns in (SUMMARY_SELECT, LIST_LINE_SELECT, "a.id", "a.id, a.path"):
        walk = _plan(lib, *compile_query(Query(), columns, every_row=True))
        assert walk == "SCAN a USING COVERING INDEX articles_list", columns
    assert [s.row for s in lib.query(Query(limit=4))] == rows[:4]
    assert [s.row for s in lib.query(Query(limit=4, offset=3))] == rows[3:7]
    assert lib.listing().paths() == [row[0] for row in rows]  # the window's list
    for query in (
        Query(year=2020),
        Query(category=("c",)),
        Query(problems=True),
        Query(uncategorized=True),
        Query(undated=True),
        Query(author="x"),
    ):
        for every_row in (False, True):
            sql, params = compile_query(query, every_row=every_row)
            assert LIST_ORDER not in sql and "articles_list" not in _plan(lib, sql, params)
    sql, _ = compile_query(Query(), every_row=True, filtered=True)
    assert LIST_ORDER not in sql
    found = [s.title for s in lib.iter_find("title:y OR title:z")]
    assert found == [row[1] for row in rows if row[1] in ("y", "Z", "z")]


def test_categories_text_is_each_path_as_typed():
    from reader.core.article.taxonomy import format_category_path
    from reader.core.library.records import LEVEL_SEP, PATH_SEP, Summary

    cases = [
        (),
        (("金融",),),
        (("金融", "银行"), ("科技",)),
        (("A/B",), ("C\\D", "E")),
        (("x; y", "z"),),
    ]
    for paths in cases:
        stored = PATH_SEP.join(LEVEL_SEP.join(path) for path in paths)
        row = ("p.md", "T", None, None, None, stored, "", None, None, 0, 0, 0, 0, None)
        summary = Summary(row)
        assert summary.categories == paths
        for separator, between in (("/", "; "), (" > ", ", ")):
            expected = between.join(format_category_path(p, separator) for p in paths)
            assert summary.categories_text(separator, between) == expected
