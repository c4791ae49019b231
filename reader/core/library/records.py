"""What the index stores about one article, and the light objects it returns.

:func:`read_record` runs in worker processes, so it is a plain module-level
function taking and returning picklable values.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from hashlib import blake2b  # (imported already to open a library: cache.py)
from itertools import chain, repeat
from operator import add, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from reader.core.article.model import ERROR, Article, ArticleError

if TYPE_CHECKING:
    from reader.core.library.index import IndexDB  # index imports this module

__all__ = ["PathProblem", "ProblemInfo", "Record", "Summary", "read_record", "record_of"]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

LEVEL_SEP = "\x1f"  # between the levels of a category path
PATH_SEP = "\x1e"  # between category paths, and between tags

# Column order of the ``articles`` table after ``id`` (see index.py).
RECORD_COLUMNS = (
    "path",
    "mtime_ns",
    "size",
    "title",
    "title_key",
    "date",
    "date_ts",
    "date_source",
    "year",
    "month",
    "day",
    "updated",
    "updated_ts",
    "categories",
    "tags",
    "author",
    "body_format",
    "format",
    "problem_count",
    "error_count",
    "problems",
    "excerpt",
    "has_image",
)

# Front-matter values the index keeps for ``key:value`` queries: scalars (and
# the scalar items of a list), casefolded, at most this long and this many
# per article (a long text value is no filter anyone types).
FIELD_VALUE_MAX = 500
FIELDS_MAX = 64
# A value longer than this (a title, a link) is kept as a digest of its own
# (see _digest), as a filter compares whole values only: the pairs of the
# generated library's titles and image links took a twentieth of the space
# of its articles.
FIELD_DIGEST_OVER = 24
# The query language's own fields (``author:``, ``date:``, ``cat:`` …): it
# answers them from the articles' columns and the category and tag tables, so
# front-matter keys of these names are not kept as ``key:value`` pairs (the
# author's and the date's pairs were a fifth of the pairs of a typical library).
QUERY_FIELDS = ("cat", "category", "tag", "author", "date", "year", "is", "has", "body")
_IMAGE_IN_BODY = re.compile(r"<img\b|!\[[^\]\n]*\]\(|\{%\s*(?:img|asset_img|image)\b", re.I)


@dataclass(frozen=True, slots=True)
class ProblemInfo:
    severity: str
    message: str
    line: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "message": self.message, "line": self.line}


@dataclass(frozen=True, slots=True)
class PathProblem:
    """A file that could not be read at all (reported, not indexed)."""

    path: str
    message: str


# The full-text entry of an article: its title, metadata and body in index form
# (see fulltext.index_text), each encoded as UTF-8, and its excerpt.  Bytes,
# not text: they cross from a worker process to the writer as one copy each
# (a ``str`` of Chinese text is encoded to UTF-8 by pickle, decoded again on
# the other side, and encoded once more when SQLite binds it), and the writer
# hands them to SQLite as they are (see ``index._FTS_INSERT``).
FullText = tuple[bytes, bytes, bytes, str]

# A record is a tuple in RECORD_COLUMNS order plus the category prefixes, the
# tags, the (key, value) pairs of the front matter (see :func:`field_pairs`),
# and the full-text entry to store when it was asked for, or the full-text row
# id it is stored under already (by a shard's writer, see shards), or ``None``.
Record = tuple[
    tuple, list[tuple[str, int]], list[str], list[tuple[str, str]], FullText | int | None
]


_EXCERPT = RECORD_COLUMNS.index("excerpt")


def with_excerpt(row: tuple, excerpt: str) -> tuple:
    """An index row (``RECORD_COLUMNS``) with its excerpt set."""
    return (*row[:_EXCERPT], excerpt, *row[_EXCERPT + 1 :])


def meta_text(categories: str, tags: str, author: str | None) -> str:
    """The metadata column of the full-text index, from the stored columns."""
    cats = " ".join(categories.replace(LEVEL_SEP, " ").split(PATH_SEP)) if categories else ""
    return " ".join(part for part in (cats, tags.replace(PATH_SEP, " "), author or "") if part)


def fulltext_entry(
    title: str, categories: str, tags: str, author: str | None, plain_body: str
) -> FullText:
    """The full-text entry of an article whose body's plain text is
    ``plain_body`` (its whitespace collapsed or not: see ``plain_text``)."""
    from reader.core.library.fulltext import excerpt_of_text, index_bytes

    return (
        index_bytes(title),
        index_bytes(meta_text(categories, tags, author)),
        index_bytes(plain_body),
        excerpt_of_text(plain_body),
    )


def field_text(value: object) -> str | None:
    """A front-matter scalar as ``key:value`` queries compare it (casefolded;
    a long one as its digest), or ``None`` for values no query names (nested
    maps, empty, too long)."""
    if isinstance(value, str):  # (the most common first)
        text = value.strip()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        return None
    if not text or len(text) > FIELD_VALUE_MAX:
        return None
    text = text.casefold()
    if len(text) > FIELD_DIGEST_OVER:
        return _digest(text)
    return text


def _digest(text: str) -> str:
    """A long value as the index keeps it: ``#`` and the 16 hexadecimal digits
    of its 64-bit BLAKE2 digest (two values of one key alike by chance would
    match each other's filter: once in billions of billions of pairs)."""
    return "#" + blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def field_pairs(metadata: dict[str, Any]) -> list[tuple[str, str]]:
    """The (casefolded key, casefolded value) pairs of a front matter that
    ``key:value`` queries can find; a list gives one pair per scalar item.
    Keys named as the query language's own fields (:data:`QUERY_FIELDS`)
    give none.

    Each value is :func:`field_text`'s; a text value, by far the most common,
    is made here as it does, and a long one's digest once per article (an
    image's link is often given twice, as ``thumbnail`` and ``headimg``)."""
    pairs: set[tuple[str, str]] = set()
    digests: dict[str, str] = {}
    for key, value in metadata.items():
        if not isinstance(key, str) or len(pairs) >= FIELDS_MAX:
            continue
        name = key.strip().casefold()  # (empty only when the key is blank)
        if not name or name in QUERY_FIELDS:
            continue
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, str):
                text = item.strip()
                if not text or len(text) > FIELD_VALUE_MAX:
                    continue
                text = text.casefold()
                if len(text) > FIELD_DIGEST_OVER:
                    digest = digests.get(text)
                    if digest is None:
                        digest = digests[text] = _digest(text)
                    text = digest
            else:
                other = field_text(item)
                if other is None:
                    continue
                text = other
            pairs.add((name, text))
    return sorted(pairs)[:FIELDS_MAX]


def has_image(article: Article) -> bool:
    """Whether the article shows an image: a hero image or one in the body."""
    if article.image():
        return True
    return _IMAGE_IN_BODY.search(article.body) is not None


def _ymd(value: datetime | date) -> tuple[int, int, int]:
    return value.year, value.month, value.day


def record_of(article: Article, rel: str) -> Record:
    """The index row for a parsed article."""
    parsed = article.date
    real_date = parsed is not None and article.date_source in ("front-matter", "filename")
    year = month = day = None
    if real_date and parsed is not None:  # real_date implies a date
        year, month, day = _ymd(parsed.value)
    problems = article.problems
    errors = sum(1 for p in problems if p.severity == ERROR)
    problems_json = (
        json.dumps([[p.severity, p.message, p.line] for p in problems], ensure_ascii=False)
        if problems
        else None
    )
    categories = PATH_SEP.join(LEVEL_SEP.join(path) for path in article.categories)
    prefixes: dict[str, int] = {}
    for path in article.categories:
        for depth in range(1, len(path) + 1):
            key = LEVEL_SEP.join(path[:depth])
            exact = 1 if depth == len(path) else 0
            prefixes[key] = max(prefixes.get(key, 0), exact)
    row = (
        rel,
        article.mtime_ns or 0,
        article.size or 0,
        article.title,
        article.title.casefold(),
        parsed.isoformat() if parsed else None,
        parsed.sort_key() if parsed else None,
        article.date_source,
        year,
        month,
        day,
        article.updated.isoformat() if article.updated else None,
        article.updated.sort_key() if article.updated else None,
        categories,
        PATH_SEP.join(article.tags),
        article.author,
        article.body_format,
        article.format,
        len(problems),
        errors,
        problems_json,
        None,  # excerpt: filled by the full-text pass (see search.build_fulltext)
        1 if has_image(article) else 0,
    )
    fields = field_pairs(article.metadata) if article.front_matter_read else []
    return row, sorted(prefixes.items()), list(article.tags), fields, None


def read_record(root: str, rel: str, fulltext: bool = False) -> Record | PathProblem:
    """Read and parse ``root/rel``; a :class:`PathProblem` when unreadable.
    ``fulltext`` adds the article's full-text entry, from the same read.

    A file whose name is not UTF-8 (a byte kept as a lone surrogate by
    ``os.fsdecode``) is reported, not indexed: the index can only hold text,
    and the name is what finds the file again.
    """
    return read_records(root, [rel], fulltext)[0]


#: Why a file whose name is not UTF-8 is not indexed (``check`` says it too).
NAME_NOT_UTF8 = "the file name is not valid UTF-8; rename it to index it"


def name_not_utf8(rel: str) -> bool:
    """Whether the name ``rel`` (as ``os.fsdecode`` gives it) is not UTF-8."""
    return not rel.isascii() and _LONE_SURROGATE.search(rel) is not None


# A file as read for the index: its name in the library, path, bytes and stat.
_File = tuple[str, Path, bytes, os.stat_result]


def _read(root: str, rel: str) -> _File | PathProblem:
    """The bytes of ``root/rel``, or why they could not be read."""
    if name_not_utf8(rel):
        return PathProblem(rel, NAME_NOT_UTF8)
    from reader.core.article.readfile import read_article_bytes

    path = Path(os.path.join(root, rel))
    try:
        raw, st = read_article_bytes(path)
    except ArticleError as exc:
        return PathProblem(rel, exc.message)
    except Exception as exc:  # one file never stops the index
        return PathProblem(rel, failure_message(exc))
    return rel, path, raw, st


def _parsed(file: _File) -> Article | PathProblem:
    """The article of a file read by :func:`_read`, or why it could not be parsed."""
    from reader.core.article.codec import parse_article  # not needed to open a warm index

    rel, path, raw, st = file
    try:
        return parse_article(raw, path, mtime_ns=st.st_mtime_ns, size=st.st_size)
    except ArticleError as exc:
        return PathProblem(rel, exc.message)
    except Exception as exc:  # one file never stops the index
        return PathProblem(rel, failure_message(exc))


def failure_message(exc: BaseException) -> str:
    """What is reported for a file whose reading failed in Article Reader
    itself (a mistake of ours, not the file's): the file is left out and
    named, and the rest of the library is read."""
    if isinstance(exc, MemoryError):
        return "could not be read: out of memory"
    return f"could not be read: {type(exc).__name__} in Article Reader ({exc}); please report it"


# A chunk goes through the stages (read, parse, row, and with the full text
# its plain text, then its full-text entry) a group of articles at a time
# rather than one article at a time: each stage's code and patterns stay warm
# in the processor's caches over the group, and the system calls that read
# the files come one after the other.  Measured on the generated library, the
# worker's CPU an article was 13% less (314 against 362 µs) in groups of 64
# with the parse, row and full text staged, and about 10% less again (best of
# 11 rounds: 300 against 339 µs) with the reads and the plain texts staged as
# well.  A group ends at this many articles or this many bytes of files,
# whichever comes first, so that a chunk of large articles holds few at once.
_GROUP_ARTICLES = 64
_GROUP_BYTES = 1 << 20


def read_records(root: str, rels: list[str], fulltext: bool = False) -> list[Record | PathProblem]:
    """:func:`read_record` of each of ``rels``, in order (one task per chunk
    for a process pool)."""
    out: list[Record | PathProblem] = []
    index = 0
    while index < len(rels):
        files, index = _read_group(root, rels, index)
        group: list[tuple[str, Article]] = []
        for file in files:
            if isinstance(file, PathProblem):
                _finish(group, fulltext, out)
                out.append(file)
                continue
            parsed = _parsed(file)
            if isinstance(parsed, PathProblem):
                _finish(group, fulltext, out)
                out.append(parsed)
            else:
                group.append((file[0], parsed))
            # (the group holds the article, and the bytes with it: nothing
            # else may, or the last file of a group would stay in memory
            # while the next group is read and parsed)
            del file, parsed
        files = []  # (the group's articles hold the bytes, and free them when finished)
        _finish(group, fulltext, out)
    return out


def _read_group(root: str, rels: list[str], start: int) -> tuple[list[_File | PathProblem], int]:
    """The files of ``rels`` from ``start`` read, one group's worth (see
    :data:`_GROUP_ARTICLES`), and where the next group starts."""
    files: list[_File | PathProblem] = []
    size = 0
    index = start
    while index < len(rels) and len(files) < _GROUP_ARTICLES and size < _GROUP_BYTES:
        file = _read(root, rels[index])
        index += 1
        files.append(file)
        if not isinstance(file, PathProblem):
            size += len(file[2])
    return files, index


def _finish(
    group: list[tuple[str, Article]], fulltext: bool, out: list[Record | PathProblem]
) -> None:
    """The records of a group of parsed articles, stage by stage, onto
    ``out``; the group is emptied (its articles freed) on the way."""
    if not group:
        return
    try:
        records: list[Record | PathProblem] = [record_of(article, rel) for rel, article in group]
    except Exception:  # (rare: then article by article, each failure named)
        records = [_record_or_problem(article, rel) for rel, article in group]
    if not fulltext:
        group.clear()
        out.extend(records)
        return
    from reader.core.article.codec import NOT_UTF8
    from reader.core.library.fulltext import plain_text

    # The body is decoded with "surrogateescape": its only lone surrogates
    # stand for bytes that are not UTF-8, which the parse reported.
    bodies = [
        (article.body, any(problem.message == NOT_UTF8 for problem in article.problems))
        for _, article in group
    ]
    rels = [rel for rel, _ in group]
    group.clear()  # only the bodies are needed from here on: the rest is freed
    plains: list[str | PathProblem] = []
    for rel, (body, surrogates), record in zip(rels, bodies, records, strict=True):
        if isinstance(record, PathProblem):
            plains.append(record)
            continue
        try:
            plains.append(plain_text(body, record[0][16], collapse=False, surrogates=surrogates))
        except Exception as exc:  # one file never stops the index
            plains.append(PathProblem(rel, failure_message(exc)))
    del bodies
    for rel, plain, record in zip(rels, plains, records, strict=True):
        if isinstance(plain, PathProblem):
            out.append(plain)
            continue
        assert not isinstance(record, PathProblem)  # (its plain text is that problem)
        row, prefixes, tags, fields, _ = record
        try:
            entry = fulltext_entry(row[3], row[13], row[14], row[15], plain)
        except Exception as exc:  # one file never stops the index
            out.append(PathProblem(rel, failure_message(exc)))
            continue
        out.append((row, prefixes, tags, fields, entry))


def _record_or_problem(article: Article, rel: str) -> Record | PathProblem:
    try:
        return record_of(article, rel)
    except Exception as exc:  # one file never stops the index
        return PathProblem(rel, failure_message(exc))


# The index columns a Summary decodes, in order (query.SUMMARY_SELECT selects
# them).  The excerpt is not part of
# it: lists of 100,000 summaries stay small, and it is fetched on access.
SUMMARY_COLUMNS = (
    "path",
    "title",
    "date",
    "date_source",
    "updated",
    "categories",
    "tags",
    "author",
    "body_format",
    "size",
    "mtime_ns",
    "problem_count",
    "error_count",
    "problems",
)


# The order of an unfiltered list, newest first (query.LIST_ORDER), and an
# index in that order holding what a list shows (index.py ``articles_list``):
# every row is read from it in order, with no sort and no table lookup.  Its
# first key, ``ifnull(date_ts, NULL)``, sorts as ``date_ts`` but is another
# expression: only a query that names it walks this index, and filtered
# queries keep the plans of their own indexes.
LIST_ORDER_KEY = "ifnull(date_ts, NULL)"
LIST_INDEX_COLUMNS = ", ".join(
    # (date_ts too: the SQLite of Python 3.11 reads a column, not an
    # expression, from an index; without it every row would be looked up)
    (f"{LIST_ORDER_KEY} DESC", "title_key", "path", *SUMMARY_COLUMNS[1:], "date_ts")
)


class ExcerptSource:
    """Where :attr:`Summary.excerpt` comes from: the index (filled by the
    full-text pass), else the start of the file itself."""

    __slots__ = ("_db", "_root")

    def __init__(self, db: IndexDB, root: str):
        self._db = db
        self._root = root

    def excerpt(self, rel: str) -> str | None:
        import sqlite3

        try:
            with self._db.use() as conn:
                row = conn.execute("SELECT excerpt FROM articles WHERE path=?", (rel,)).fetchone()
        except (sqlite3.Error, ArticleError):  # (closed meanwhile: LibraryClosed)
            row = None
        if row is not None and row[0] is not None:
            return row[0]
        return excerpt_of_file(self._root, rel)


def excerpt_of_file(root: str, rel: str) -> str | None:
    """The excerpt of ``root/rel`` read from the file (``None`` if unreadable,
    not a regular file, or over the size limit for an article)."""
    from reader.core.article.codec import body_format_of
    from reader.core.article.readfile import read_article_bytes
    from reader.core.article.split import as_utf8, split
    from reader.core.library.fulltext import excerpt

    try:
        raw, _ = read_article_bytes(os.path.join(root, rel))
    except ArticleError:
        return None
    body = split(as_utf8(raw)[0]).body
    del raw
    return excerpt(body, body_format_of(body, rel))


class _NoExcerpt:
    """In a summary read without its excerpt: read it on access."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<no excerpt>"

    def __reduce__(self) -> str:
        return "_NO_EXCERPT"


_NO_EXCERPT = _NoExcerpt()
_EXCERPT_AT = len(SUMMARY_COLUMNS)  # its place in a summary; the source follows


class Summary(tuple[Any, ...]):
    """One article as the list shows it.  Light: a row, decoded on access.

    Attributes: ``path`` (relative posix path), ``title``, ``date`` and
    ``updated`` (ISO strings or ``None``), ``date_source``
    (``front-matter``, ``filename``, ``file-time`` or ``None``),
    ``categories`` (tuple of paths, each a tuple of levels), ``tags``,
    ``author``, ``body_format``, ``size``, ``mtime_ns``, ``problem_count``,
    ``error_count``, ``problems`` (tuple of :class:`ProblemInfo`), ``excerpt``
    (about 200 columns of plain text from the start of the body; read on
    access, from the index or else from the file).

    Made from a row of :data:`SUMMARY_COLUMNS` (and perhaps the excerpt
    after them) and where to read the excerpt.  A tuple of those columns,
    then the excerpt (or a mark: not read), then the source: a million of
    them are made in C (:func:`summaries`), and a field is an item.
    """

    __slots__ = ()

    def __new__(cls, row: Sequence[Any], source: ExcerptSource | None = None) -> Summary:
        if len(row) > _EXCERPT_AT:  # a row that carries its excerpt
            return tuple.__new__(cls, (*row[: _EXCERPT_AT + 1], source))
        return tuple.__new__(cls, (*row, _NO_EXCERPT, source))

    def __getnewargs__(self) -> tuple[Any, ...]:
        return self.row, self[-1]

    path = property(itemgetter(0))
    title = property(itemgetter(1))
    date = property(itemgetter(2))
    date_source = property(itemgetter(3))
    updated = property(itemgetter(4))
    author = property(itemgetter(7))
    body_format = property(itemgetter(8))
    size = property(itemgetter(9))
    mtime_ns = property(itemgetter(10))
    problem_count = property(itemgetter(11))
    error_count = property(itemgetter(12))

    @property
    def row(self) -> tuple[Any, ...]:
        """The index row it was made from (with its excerpt, if it carried one)."""
        if self[_EXCERPT_AT] is _NO_EXCERPT:
            return self[:_EXCERPT_AT]
        return self[: _EXCERPT_AT + 1]

    @property
    def excerpt(self) -> str | None:
        excerpt = self[_EXCERPT_AT]
        if excerpt is not _NO_EXCERPT:
            return cast("str | None", excerpt)
        source = self[_EXCERPT_AT + 1]
        return source.excerpt(self[0]) if source is not None else None

    @property
    def categories(self) -> tuple[tuple[str, ...], ...]:
        text = self[5]
        if not text:
            return ()
        return tuple(tuple(path.split(LEVEL_SEP)) for path in text.split(PATH_SEP))

    def categories_text(self, separator: str = "/", between: str = "; ") -> str:
        """The categories as they are typed: each path as
        :func:`~reader.core.article.taxonomy.format_category_path` writes it
        (``separator`` and backslashes in a name escaped), joined by
        ``between``; ``""`` for none."""
        text = self[5]
        if not text:
            return ""
        if "\\" not in text and separator not in text:  # nothing to escape
            return cast(str, text.replace(LEVEL_SEP, separator).replace(PATH_SEP, between))
        from reader.core.article.taxonomy import format_category_path

        return between.join(format_category_path(path, separator) for path in self.categories)

    @property
    def tags(self) -> tuple[str, ...]:
        text = self[6]
        return tuple(text.split(PATH_SEP)) if text else ()

    @property
    def problems(self) -> tuple[ProblemInfo, ...]:
        text = self[13]
        if not text:
            return ()
        return tuple(ProblemInfo(*item) for item in json.loads(text))

    @property
    def has_errors(self) -> bool:
        return bool(self[12])

    def as_dict(self, excerpt: bool = True) -> dict[str, Any]:
        """The JSON shape of a summary; ``excerpt=False`` leaves out the excerpt,
        which may have to be read from the file."""
        data = {
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "date_source": self.date_source,
            "updated": self.updated,
            "categories": [list(p) for p in self.categories],
            "tags": list(self.tags),
            "author": self.author,
            "body_format": self.body_format,
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "problems": [p.as_dict() for p in self.problems],
        }
        if excerpt:
            data["excerpt"] = self.excerpt
        return data

    def __eq__(self, other: object) -> bool:
        # the same row; where the excerpt would be read from does not count
        return isinstance(other, Summary) and other[:-1] == self[:-1]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:-1])

    def __repr__(self) -> str:
        return f"Summary({self.path!r}, title={self.title!r}, date={self.date!r})"


def summaries(pages: Iterable[list[tuple]], source: ExcerptSource | None) -> Iterator[Summary]:
    """The rows of ``pages`` (lists of rows of :data:`SUMMARY_COLUMNS`) as
    summaries whose excerpts ``source`` reads: made in C, with no Python
    code run per row (a million rows of ``Library.iter_query``)."""
    tail = (_NO_EXCERPT, source)
    new = partial(tuple.__new__, Summary)
    return chain.from_iterable(map(new, map(add, page, repeat(tail))) for page in pages)
