"""Filters and sort orders over the index, compiled to SQL.  No Qt here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.library.fulltext_tables import MAIN_FULLTEXT, FulltextTables
from reader.core.library.records import LEVEL_SEP, LIST_ORDER_KEY, PATH_SEP, SUMMARY_COLUMNS

__all__ = [
    "LIST_LINE_SELECT",
    "LIST_ORDER",
    "SORTS",
    "STREAMED_SORTS",
    "SUMMARY_SELECT",
    "Query",
    "compile_query",
    "ignored_text_words",
]

# The columns Summary decodes, in its order (no excerpt: Summary reads it on access).
SUMMARY_SELECT = ", ".join(f"a.{column}" for column in SUMMARY_COLUMNS)

# One line of ``article-reader list`` per article, made by SQLite (a million
# lines are then one text column each, no summary per row): the date as
# written (none for the file's time), the title, the categories as they are
# typed (``format_category_path``: a backslash or slash in a name escaped;
# levels joined by "/", paths by "; "; "-" for none), the path, and the count
# of problems if any.  Text from files is not made printable here: the
# caller does that, as for any other line.
_US, _RS = f"'{LEVEL_SEP}'", f"'{PATH_SEP}'"  # (as literals: no function call per row)
LIST_LINE_SELECT = (
    # the date, padded to 10 characters as Python's f"{date:<10}" pads it
    "CASE WHEN a.date_source IS 'file-time' THEN '          '"
    " ELSE substr(substr(coalesce(a.date, ''), 1, 10) || '          ', 1, 10) END"
    " || '  ' || a.title || '  ('"
    # the categories: escaped only when a name holds a slash or a backslash,
    # their separators replaced only when there are some (most have one path)
    " || CASE WHEN a.categories = '' THEN '-'"
    " WHEN instr(a.categories, '\\') OR instr(a.categories, '/') THEN"
    " replace(replace(replace(replace(a.categories,"
    f" '\\', '\\\\'), '/', '\\/'), {_US}, '/'), {_RS}, '; ')"
    f" WHEN instr(a.categories, {_RS}) THEN replace(replace(a.categories, {_US}, '/'), {_RS}, '; ')"
    f" ELSE replace(a.categories, {_US}, '/') END"
    " || ')  ' || a.path"
    " || CASE WHEN a.problem_count THEN '  [' || a.problem_count || ' problem(s)]' ELSE '' END"
)

# sort name → ORDER BY clause; undated/un-updated articles sort last either way.
SORTS = {
    "date": "a.date_ts IS NULL, a.date_ts, a.title_key, a.path",
    # NULL is the smallest value: descending puts the undated last (and lets
    # SQLite walk the date index instead of sorting every row)
    "-date": "a.date_ts DESC, a.title_key, a.path",
    "updated": "a.updated_ts IS NULL, a.updated_ts, a.date_ts, a.path",
    "-updated": "a.updated_ts IS NULL, a.updated_ts DESC, a.date_ts DESC, a.path",
    "title": "a.title_key, a.path",
    "-title": "a.title_key DESC, a.path DESC",
    "path": "a.path",
    # articles without an author (without categories) last either way
    "author": "coalesce(a.author, '') = '', a.author COLLATE NOCASE, a.title_key, a.path",
    "-author": "coalesce(a.author, '') = '', a.author COLLATE NOCASE DESC, a.title_key, a.path",
    "categories": "a.categories = '', a.categories, a.title_key, a.path",
    "-categories": "a.categories = '', a.categories DESC, a.title_key, a.path",
}

# The same orders for a query whose every row is read (a streamed list): the
# unary ``+`` keeps SQLite from walking an index for the order.  Walking the
# date index costs a lookup per row in date order, scattered over the whole
# table (at a million rows, a page read per row); one pass over the table
# in its own order and a sort is faster, and gives the same rows in the same
# order (the order is total: it ends with the unique path).  A query with a
# limit still walks the index: it stops after the first rows.
STREAMED_SORTS = {
    **SORTS,
    "-date": "+a.date_ts DESC, a.title_key, a.path",
    "path": "+a.path",
}


# The order ``-date`` of a query with no condition: the same order, named as
# the index ``articles_list`` is (see records.LIST_ORDER_KEY), which holds every
# column of a summary and of a list line.  Such a query reads that index in
# order: no sort, no table lookup, however many rows (or few: a limit stops
# early).  A query with conditions keeps SORTS / STREAMED_SORTS, so that its
# own index (a category, a year, problems) drives it.
LIST_ORDER = f"{LIST_ORDER_KEY.replace('date_ts', 'a.date_ts')} DESC, a.title_key, a.path"


@dataclass(frozen=True, slots=True)
class Query:
    """Which articles to list.  Every field that is set must hold (AND).

    * ``category``: a path such as ``("金融", "银行")``; with ``descendants``
      (the default) articles in sub-categories count too;
    * ``tag``, ``author``: exact names;
    * ``year`` / ``month`` / ``day``: the article's date as written (articles
      whose date comes from the file time have none — they are *undated*);
    * ``problems``: only articles with problems (``errors_only``: with errors);
    * ``uncategorized`` / ``undated``: the special groups;
    * ``grouped``: the articles the tree's heading of that name counts:
      ``"categories"``, ``"tags"``, ``"dates"`` or ``"authors"`` (those with
      a category, a tag, a date, an author);
    * ``paths`` / ``exclude_paths``: only (or all but) these paths (the
      site's groups: drafts, pages, schema warnings);
    * ``text``: a full-text query (see :mod:`reader.core.library.fulltext`;
      a word with no letter or digit is ignored, see :func:`ignored_text_words`);
    * ``paths``: only these relative paths (the articles changed since the
      last commit);
    * ``sort``: one of :data:`SORTS` (``-`` for descending);
    * ``limit`` / ``offset``: a page of the result.
    """

    category: Sequence[str] | None = None
    descendants: bool = True
    tag: str | None = None
    author: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    problems: bool = False
    errors_only: bool = False
    uncategorized: bool = False
    undated: bool = False
    grouped: str | None = None
    text: str | None = None
    paths: Sequence[str] | None = None
    exclude_paths: Sequence[str] | None = None
    sort: str = "-date"
    limit: int | None = None
    offset: int = 0


def compile_where(
    query: Query, fts: FulltextTables = MAIN_FULLTEXT
) -> tuple[list[str], list[object]]:
    """SQL conditions over ``articles a`` for ``query``, and their parameters
    (``fts``: where the full-text index is, see :meth:`IndexDB.fulltext_tables`)."""
    where: list[str] = []
    params: list[object] = []
    if query.category:
        key = LEVEL_SEP.join(query.category)
        clause = (
            "a.id IN (SELECT article_id FROM article_categories WHERE path=?"
            + ("" if query.descendants else " AND exact=1")
            + ")"
        )
        where.append(clause)
        params.append(key)
    if query.tag is not None:
        where.append("a.id IN (SELECT article_id FROM article_tags WHERE tag=?)")
        params.append(query.tag)
    if query.author is not None:
        where.append("a.author=?")
        params.append(query.author)
    for name in ("year", "month", "day"):
        value = getattr(query, name)
        if value is not None:
            where.append(f"a.{name}=?")
            params.append(int(value))
    if query.problems or query.errors_only:
        where.append("a.error_count > 0" if query.errors_only else "a.problem_count > 0")
    if query.uncategorized:
        where.append("a.categories = ''")
    if query.undated:
        where.append("a.year IS NULL")
    if query.grouped is not None:
        where.append(_GROUPED[query.grouped])  # (KeyError: not a heading)
    if query.paths is not None:
        where.append("a.path IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(query.paths)))
    if query.exclude_paths:
        where.append("a.path NOT IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(query.exclude_paths)))
    if query.text and query.text.strip():
        from reader.core.library.fulltext import fts_match, parse_query  # text searches only

        match = fts_match(parse_query(query.text))
        if match is not None:  # (None: only words with nothing to search for, ignored)
            where.append(f"a.fts_rowid IN ({fts.matching_rowids()})")
            params.extend(fts.params(match))
    return where, params


# What each heading of the tree counts (as reader.core.library.catalog does).
_GROUPED = {
    "categories": "a.categories != ''",
    "tags": "a.id IN (SELECT article_id FROM article_tags)",
    "dates": "a.year IS NOT NULL",
    "authors": "a.author IS NOT NULL",
}


def ignored_text_words(text: str | None) -> list[str]:
    """The words and phrases of a full-text query (``Query.text``) with
    nothing to search for (no letter or digit: ``(``, ``*``): ignored, as
    the query language ignores them (see
    :func:`reader.core.library.querylang.ignored_words`), each once."""
    if not text:
        return []
    from reader.core.library.fulltext import parse_query

    found = [term.text for term in parse_query(text) if term.fts() is None]
    return list(dict.fromkeys(found))


def compile_query(
    query: Query,
    columns: str = SUMMARY_SELECT,
    fts: FulltextTables = MAIN_FULLTEXT,
    *,
    every_row: bool = False,
    filtered: bool = False,
) -> tuple[str, list[object]]:
    """``SELECT`` of ``columns`` (:data:`SUMMARY_SELECT`) for ``query``, with
    its parameters.  ``every_row``: the caller reads all the rows the query
    gives (see :data:`STREAMED_SORTS`); ``filtered``: the caller adds
    conditions of its own (before ``ORDER BY``)."""
    if query.sort not in SORTS:
        raise ValueError(f"unknown sort {query.sort!r}; use one of {', '.join(SORTS)}")
    where, params = compile_where(query, fts)
    sql = f"SELECT {columns} FROM articles a"
    if where:
        sql += " WHERE " + " AND ".join(where)
    whole = every_row and query.limit is None and not query.offset
    if query.sort == "-date" and not (where or filtered):
        sql += " ORDER BY " + LIST_ORDER
    else:
        sql += " ORDER BY " + (STREAMED_SORTS if whole else SORTS)[query.sort]
    if query.limit is not None or query.offset:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if query.limit is None else int(query.limit), int(query.offset)]
    return sql, params


def compile_count(query: Query, fts: FulltextTables = MAIN_FULLTEXT) -> tuple[str, list[object]]:
    where, params = compile_where(query, fts)
    sql = "SELECT count(*) FROM articles a"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params
