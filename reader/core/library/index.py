"""The persistent SQLite index of a library.  No Qt here.

One database per library, in the user cache folder (or ``cache_dir``, or
``$ARTICLE_READER_CACHE_DIR``), named by a hash of the library's resolved
path.  It is only a cache: deleting it loses nothing, and a missing, corrupt
or older database is rebuilt automatically.  One that cannot be written (a
read-only file, folder or file system, a full disk, a cache path that is a
file) raises :class:`CacheError`, so that the caller can choose: carry on
with a temporary index, or refuse.

Threads: every thread gets its own connection (WAL mode lets readers run
while one thread writes); writes are serialised by a lock.  The object can
therefore be shared by the GUI thread and its worker threads.

Closing (:meth:`IndexDB.close`, and :meth:`IndexDB.reset` before a rebuild)
never closes a connection another thread is inside of: closing an SQLite
connection while a statement runs on it can crash the process.  Each use of
a connection (:meth:`IndexDB.use`: a query, a write, a page of a stream, a
helper's share of a search) marks it in use; a connection no one uses is
closed at once, one in use is interrupted (its statement stops with
``sqlite3.OperationalError`` "interrupted") and closed by whoever ends its
last use.  After :meth:`IndexDB.close`, a statement it stopped and a
stream's next page raise :class:`LibraryClosed` (a use already past its
statements may finish on its old connection: SQLite stops only a statement
that runs); a later use opens a new connection, as it always did.  A
connection handed out by :meth:`IndexDB.conn` outside a use is closed only
by its own thread, on its next use.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reader.core.article.cache import (
    CacheError,
    busy_error,
    cache_error,
    is_busy,
    is_corruption,
    is_unwritable,
    make_cache_folder,
    probe_writable,
)
from reader.core.article.model import READING_RULES, ArticleError
from reader.core.common.dirs import CACHE_ENV
from reader.core.library.fulltext_tables import MAIN_FULLTEXT, FulltextTables
from reader.core.library.records import LIST_INDEX_COLUMNS, RECORD_COLUMNS, Record, with_excerpt

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

T = TypeVar("T")

__all__ = [
    "CACHE_ENV",
    "LOCK_WAIT_SECONDS",
    "SCHEMA_VERSION",
    "IndexDB",
    "LibraryClosed",
    "file_states",
    "is_interrupted",
    "states_under",
    "top_level",
]

# 4: ctime_ns and inode per article (a same-size edit with the modification
# time put back, as ``cp -p`` or ``rsync -t`` do, still changes those).
# 5: has_image, and article_fields for ``key:value`` queries.
# 6: a count of changes to the articles (meta "changes", kept by triggers), for
#    caches of what is computed from every row (the taxonomy, the folder
#    digests of rescan.py, the listings of listings.py).  Every article row is
#    written by INSERT OR REPLACE (the insert trigger fires); an UPDATE of a
#    column a query reads, sorts or filters by must be named in the update
#    trigger, or those caches would outlive it.
# 7: a long key:value value is kept as a digest (records.field_text).
# 8: CJK bigrams as ASCII tokens, "_" a token character (fulltext.cjk_token).
# 9: a line break between Chinese or Japanese characters joins them
#    (fulltext.plain_text: 知识\n产权 is found as 知识产权).
# 10: fullwidth Latin letters and digits indexed as the ASCII ones
#    (fulltext.narrow: ＧＤＰ is found as GDP, and GDP as ＧＤＰ).
SCHEMA_VERSION = 10

#: How long a connection waits for a lock another connection (or program)
#: holds, in seconds; then :class:`~reader.core.article.cache.CacheBusy`.
LOCK_WAIT_SECONDS = 30.0

# The full-text table, in the index and in each shard (see fulltext_tables).
FULLTEXT_TABLE = (
    "CREATE VIRTUAL TABLE fts USING fts5(\n"
    "    title, meta, body, content='',\n"
    "    tokenize='unicode61 remove_diacritics 2 tokenchars _'\n)"
)

_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE articles(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    date TEXT,
    date_ts REAL,
    date_source TEXT,
    year INTEGER,
    month INTEGER,
    day INTEGER,
    updated TEXT,
    updated_ts REAL,
    categories TEXT NOT NULL,
    tags TEXT NOT NULL,
    author TEXT,
    body_format TEXT,
    format TEXT,
    problem_count INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    problems TEXT,
    excerpt TEXT,
    has_image INTEGER NOT NULL DEFAULT 0,
    fts_rowid INTEGER
);
CREATE TABLE article_fields(
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY(key, value, article_id)
) WITHOUT ROWID;
CREATE TABLE article_categories(
    path TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    exact INTEGER NOT NULL,
    PRIMARY KEY(path, article_id)
) WITHOUT ROWID;
CREATE TABLE article_tags(
    tag TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY(tag, article_id)
) WITHOUT ROWID;
{FULLTEXT_TABLE};
INSERT INTO meta VALUES ('changes', 0);
CREATE TRIGGER articles_inserted AFTER INSERT ON articles BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'changes';
END;
CREATE TRIGGER articles_deleted AFTER DELETE ON articles BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'changes';
END;
CREATE TRIGGER articles_updated AFTER UPDATE OF
    path, categories, tags, author, year, month, day, problem_count, error_count ON articles
BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'changes';
END;
PRAGMA user_version = {SCHEMA_VERSION};
"""

# Secondary indexes: created with the schema, dropped while a large batch goes
# into an empty index (building them afterwards is cheaper than keeping them
# up to date row by row), and re-created on open if a bulk load was cut short.
_SECONDARY_INDEXES = {
    "articles_date": "articles(date_ts)",
    "articles_ymd": "articles(year, month, day)",
    "articles_author": "articles(author)",
    "articles_fts": "articles(fts_rowid)",
    "article_categories_article": "article_categories(article_id)",
    "article_tags_article": "article_tags(article_id)",
    "article_fields_article": "article_fields(article_id)",
    # for has:problems and has:image (few rows match)
    "articles_problems": "articles(problem_count) WHERE problem_count > 0",
    "articles_image": "articles(has_image) WHERE has_image = 1",
    "articles_uncategorized": "articles(id) WHERE categories = ''",  # the taxonomy's count
    # every row in the list's order with what a list shows (query.LIST_ORDER)
    "articles_list": f"articles({LIST_INDEX_COLUMNS})",
}
_SCHEMA += "".join(
    f"CREATE INDEX {name} ON {target};\n" for name, target in _SECONDARY_INDEXES.items()
)

_INSERT_ARTICLE = (
    "INSERT OR REPLACE INTO articles(id, "
    + ", ".join(RECORD_COLUMNS)
    + ", ctime_ns, inode, fts_rowid) VALUES (?, "
    + ", ".join("?" for _ in RECORD_COLUMNS)
    + ", ?, ?, ?)"
)
_PATH = RECORD_COLUMNS.index("path")
# The full-text columns arrive as UTF-8 bytes (see records.FullText): the CAST
# makes them text inside SQLite, without decoding and re-encoding them in Python.
_FTS_INSERT = (
    "INSERT INTO fts(rowid, title, meta, body) "
    "VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))"
)

# What the refresh compares with the disk, then the row's id and full-text row:
# (mtime_ns, size, ctime_ns, inode, id, fts_rowid).
_STATE_COLUMNS = "mtime_ns, size, ctime_ns, inode, id, fts_rowid"
IndexedState = tuple[int, int, int, int, int, "int | None"]


# FTS5 keeps new entries in memory until this many bytes, or the end of the
# transaction, then writes them as one segment; segments are merged later.
# The default (1 MB) writes many small segments while a library is indexed,
# and merging them was a third of the cost of the full-text index.
FULLTEXT_HASH_BYTES = 16 * 1024 * 1024


def _tune_fulltext(conn: sqlite3.Connection) -> None:
    """Persist the full-text table's settings (an SQLite without them: defaults)."""
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (FULLTEXT_HASH_BYTES,))


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one at a time (a trigger's body
    holds semicolons of its own)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


# FTS5 merges segments as it goes: once 4 (``automerge``) of one level exist,
# and at the latest at 16 (``crisismerge``).  Filling an empty index, that
# rewrites every entry once per level, a few times at 100k articles.  A bulk
# load merges nothing while it runs and everything once at its end
# (``optimize``): the writer's CPU for the complete index of the 100k generated
# library fell from 41 s to 33 s (the full-text inserts alone, replayed: 26 s
# to 20 s); searches were as fast, on one segment instead of nine, and the
# index as large.  (``automerge`` 16 throughout saved 10-15% at 10k but left
# many more segments at 100k.)
_MERGE_DEFAULTS = (("automerge", 4), ("crisismerge", 16))
_MERGE_NONE = (("automerge", 0), ("crisismerge", 2000))


# The key:value pairs a bulk load writes wait here, in the order they come,
# and go into article_fields sorted (see IndexDB.bulk_load): one pair per
# random place in a b-tree of millions of pairs (a title's digest, an image's)
# missed SQLite's page cache at every insert.  Measured on 6 M generated pairs
# (a million articles): 40 s inserted as they came, 13 s staged and moved in
# order; the same at 100,000 articles.  The table stays (another process's
# load may be writing into it) and is empty between loads.  Whoever deletes
# an article's pairs (an edit, a removal: by the load or any other writer)
# deletes its staged ones too.  Pairs left here when no load runs (a load
# killed, or its move failed) are moved by the next refresh and when the
# index is next opened; never while a load runs (moving millions of pairs
# inside another process's write held its load up for seconds).  Filters by
# key:value see a first load's pairs once they are moved.
_STAGED_FIELDS = "article_fields_load"
_STAGED_FIELDS_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {_STAGED_FIELDS}("
    "key TEXT NOT NULL, value TEXT NOT NULL, article_id INTEGER NOT NULL)",
    # (for the pairs of an article written twice or removed during the load;
    # ids come in order, so this index grows at its end)
    f"CREATE INDEX IF NOT EXISTS {_STAGED_FIELDS}_article ON {_STAGED_FIELDS}(article_id)",
)


def _staged_fields_present(conn: sqlite3.Connection) -> bool:
    """Whether a bulk load left key:value pairs staged."""
    try:
        return conn.execute(f"SELECT 1 FROM {_STAGED_FIELDS} LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # (no load ever staged pairs in this index)
            return False
        raise


def _move_staged_fields(conn: sqlite3.Connection) -> bool:
    """Move the pairs a bulk load staged into article_fields, in the key's
    order (inside the caller's write transaction); whether there were any."""
    if not _staged_fields_present(conn):
        return False
    conn.execute(
        f"INSERT OR IGNORE INTO article_fields SELECT key, value, article_id"
        f" FROM {_STAGED_FIELDS} ORDER BY key, value, article_id"
    )
    conn.execute(f"DELETE FROM {_STAGED_FIELDS}")
    return True


def _load_leftovers(conn: sqlite3.Connection) -> tuple[list[str], bool, bool]:
    """What a bulk load leaves until its end: the secondary indexes missing,
    whether the full text merges nothing, whether pairs are staged."""
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    missing = [name for name in _SECONDARY_INDEXES if name not in present]
    return missing, _merging_paused(conn), _staged_fields_present(conn)


def _set_merging(conn: sqlite3.Connection, settings: tuple[tuple[str, int], ...]) -> None:
    for name, value in settings:
        with contextlib.suppress(sqlite3.OperationalError):
            conn.execute("INSERT INTO fts(fts, rank) VALUES (?, ?)", (name, value))


def _merging_paused(conn: sqlite3.Connection) -> bool:
    """Whether a bulk load left the full-text table without merging (it was cut
    short, or runs now in another process)."""
    try:
        row = conn.execute("SELECT v FROM fts_config WHERE k = 'automerge'").fetchone()
    except sqlite3.OperationalError:
        return False
    return row is not None and row[0] == 0


class LibraryClosed(ArticleError):
    """The library's index was closed (:meth:`IndexDB.close`, by
    ``Library.close``) while this read or wrote it, or before: the query was
    stopped, or a list being read (``Library.iter_query``) cannot go on.
    Nothing is damaged; open the library again to carry on."""


_SQLITE_INTERRUPT = 9


def is_interrupted(exc: BaseException) -> bool:
    """True for the error of a statement stopped by ``Connection.interrupt``
    (see :meth:`IndexDB.close`): no damage, never a reason to rebuild."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == _SQLITE_INTERRUPT
    return isinstance(exc, sqlite3.OperationalError) and str(exc) == "interrupted"


class _Held:
    """One thread's connection to the index, and who is using it now (see
    :meth:`IndexDB.use`).  Retired (by close or reset), it is closed at once
    when no one uses it, else by whoever ends its last use."""

    __slots__ = ("_open", "by_close", "conn", "loose", "own", "owner", "retired", "users")

    def __init__(self, conn: sqlite3.Connection, owner: int):
        self.conn = conn
        self.owner = owner  # the thread it was made for
        # one entry per use running now, on any thread (list.append and
        # list.pop are atomic: no lock on the hot path)
        self.users: list[None] = []
        self.own = 0  # of those, the owner's (only the owner changes this)
        # handed out by conn() outside a use: the owner may be inside a
        # statement on it at any time, so only the owner closes it
        self.loose = False
        self.retired = False
        self.by_close = False  # retired by close(), not by reset()
        self._open = [True]  # emptied by the one thread that closes it

    def close(self) -> None:
        """Close the connection (once: the first caller does)."""
        try:
            self._open.pop()
        except IndexError:
            return
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def idle(self, on_owner: bool) -> bool:
        """Whether nothing can be inside a statement on it now (asked by the
        owner thread or another)."""
        return not self.users and (on_owner or not self.loose)


class _Use:
    """A use of a connection (see :meth:`IndexDB.use`; a class, not a
    generator: it runs for every query)."""

    __slots__ = ("_db", "_held", "_taken")

    def __init__(self, db: IndexDB, held: _Held | None):
        self._db = db
        self._held = held

    def __enter__(self) -> sqlite3.Connection:
        self._taken = self._db._take(self._held)
        return self._taken.conn

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        taken = self._taken
        self._db._give_back(taken)
        if (
            exc is not None
            and taken.by_close
            and isinstance(exc, sqlite3.OperationalError)
            and is_interrupted(exc)
        ):
            raise self._db._closed_error() from exc


def _root_text(root: str) -> str:
    """The library's folder as the index records it: as text even when its
    name holds bytes that are not UTF-8 (they are written ``\\xff``)."""
    return root.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _write_ahead(conn: sqlite3.Connection, timeout: float) -> None:
    """Put the index in WAL mode (it stays so: once set, only looked at).
    Setting it takes a lock SQLite does not wait for (its busy handler is not
    called): six commands opening one new index at once had one stop with
    "database is locked" and a traceback.  A busy index is asked again until
    ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


class IndexDB:
    """Low-level access to one library's index database.

    Opening checks that the index can be written (not just read): a
    read-only index file, folder or file system raises :class:`CacheError`
    at once instead of a failure half-way through the first refresh.  A
    damaged or older index is rebuilt.  Any later write that fails because
    the disk is full or the file became read-only raises :class:`CacheError`
    too; other SQLite errors pass through (:func:`is_corruption` tells the
    caller when a rebuild helps).
    """

    def __init__(self, db_path: str | os.PathLike, root: str):
        self.path = Path(db_path)
        self.root = root
        # this thread's connection, by thread id: a QThreadPool worker gets a
        # new Python thread state (and so an empty threading.local) for each
        # task, and a connection per task piled up (a page cache each: 40 MB
        # per listing of a million articles, never given back)
        # (a retired one stays until its thread next asks: it closes it)
        self._by_thread: dict[int, _Held] = {}
        # the shards attached to each connection: (connection, meta entry, schemas)
        self._shards_of: dict[int, tuple[sqlite3.Connection, str, tuple[str, ...]]] = {}
        # the shard later full text goes to, per connection (see _fulltext_target)
        self._target_of: dict[int, tuple[sqlite3.Connection, str, tuple[str, Path] | None]] = {}
        self._lock = threading.RLock()  # writes, reset
        # the connections (not held during a statement: close never waits for one)
        self._registry = threading.Lock()
        self._held: list[_Held] = []  # every connection not retired yet
        self._generation = 0  # one more at each close or reset
        self._loading: tuple[sqlite3.Connection, Path] | None = None  # see begin_shards
        # the table key:value pairs go into: staged during a bulk load
        self._fields_table = "article_fields"
        self._changes_seen: str | None = None  # meta "changes" after this object's last write
        # whether the index may hold rows this object did not write (then
        # every batch looks up the paths it adds: see apply_changes)
        self._others_rows = False
        self._turns = 0  # first-load turns this object holds (see first_load_turn)
        # per thread that asked (see record_own_changes): the runs of meta
        # "changes" its writes of articles made, (before, after) each
        self._own_runs: dict[int, list[tuple[str | None, str | None]]] = {}
        self._helpers: ThreadPoolExecutor | None = None  # see each_fulltext_table
        self._pid = os.getpid()  # the process whose connections these are (see conn)
        self._inherited: list[object] = []  # a forked child's share of its parent's
        self.rebuilt = False  # True when the last open had to start from scratch
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    # -- connections ---------------------------------------------------------------

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """Turn "cannot write" SQLite errors into a :class:`CacheError`, and
        a lock given up on into a :class:`CacheBusy`."""
        try:
            yield
        except sqlite3.Error as exc:
            if is_unwritable(exc):
                raise cache_error(exc, self.path) from exc
            if is_busy(exc):
                raise busy_error(exc, self.path) from exc
            raise

    def _connect(self) -> sqlite3.Connection:
        with self._translated():
            conn = sqlite3.connect(
                self.path,
                timeout=LOCK_WAIT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
                uri=True,
            )
            try:
                _write_ahead(conn, LOCK_WAIT_SECONDS)
                conn.execute("PRAGMA synchronous=NORMAL")
                # Sorts and index builds of a million rows spill to temporary
                # files (the system's page cache) instead of the heap: an index
                # built in memory took 150 MB where a file took 75 MB, faster.
                conn.execute("PRAGMA temp_store=FILE")
                conn.execute("PRAGMA cache_size=-32000")
            except BaseException:
                conn.close()
                raise
        return conn

    def conn(self) -> sqlite3.Connection:
        """This thread's connection.  Outside :meth:`use` it is marked as
        used loosely: only this thread closes it then (see :meth:`close`)."""
        self._check_fork()
        held = self._by_thread.get(threading.get_ident())
        if held is not None:
            if not held.own:
                held.loose = True  # (before looking at retired: see _take)
            if not held.retired:
                return held.conn
            if held.by_close and held.own:
                raise self._closed_error()  # (see _take)
        # (a new one is loose from the start: close() may come as soon as it
        # is registered, and it is not in a use of this thread)
        return self._renew(held, loose=True).conn

    def use(self, held: _Held | None = None) -> _Use:
        """``with db.use() as conn:`` this thread's connection (or
        ``held``'s, see :meth:`lease`), marked in use while the block runs:
        :meth:`close` and :meth:`reset` interrupt it instead of closing it
        under a running statement, and the block's end closes it then.  A
        statement interrupted by :meth:`close` raises :class:`LibraryClosed`.
        Cheap (no lock, a few microseconds): one per query or page, never
        per row."""
        return _Use(self, held)

    def lease(self) -> _Held:
        """This thread's connection, to :meth:`use` again later, maybe on
        another thread (a stream's cursor lives on it between its pages)."""
        self._check_fork()
        held = self._by_thread.get(threading.get_ident())
        if held is None or held.retired:
            held = self._renew(held)
        return held

    def _take(self, pinned: _Held | None) -> _Held:
        self._check_fork()
        ident = threading.get_ident()
        while True:
            held = pinned or self._by_thread.get(ident)
            if held is None or (held.retired and pinned is None):
                if held is not None and held.by_close and held.own:
                    # closed while this thread is inside a use of it: the rest
                    # of that work (its full-text tables were that
                    # connection's) is not carried on on a new one
                    raise self._closed_error()
                held = self._renew(held)
            # in use first, then retired looked at; close() does the reverse:
            # one of the two sees the other (the interpreter's lock orders them)
            held.users.append(None)
            if held.owner == ident:
                held.own += 1
            if not held.retired:
                return held
            self._give_back(held)
            if pinned is not None:  # a stream whose connection is gone
                if held.by_close:
                    raise self._closed_error()
                raise LibraryClosed("the index was rebuilt while this list was read", self.path)

    def _give_back(self, held: _Held) -> None:
        on_owner = held.owner == threading.get_ident()
        held.users.pop()
        if on_owner:
            held.own -= 1
        if held.retired and held.idle(on_owner):
            held.close()

    def _renew(self, old: _Held | None, loose: bool = False) -> _Held:
        """A new connection for this thread (its old one, retired, is closed
        if it is not in use); ``loose``: handed out by :meth:`conn` outside
        a use."""
        ident = threading.get_ident()
        if old is not None and old.owner == ident and old.idle(True):
            old.close()
        while True:
            generation = self._generation
            conn = self._connect()
            with self._registry:
                if generation == self._generation:
                    held = _Held(conn, ident)
                    held.loose = loose  # (before close() can see it)
                    self._by_thread[ident] = held
                    self._held.append(held)
                    return held
            conn.close()  # closed or reset meanwhile: (this one was never handed out)

    def _closed_error(self) -> LibraryClosed:
        return LibraryClosed("the library was closed", self.path)

    def _check_fork(self) -> None:
        if self._pid != os.getpid():
            self._forked()

    def _forked(self) -> None:
        """In a process forked from the one that made the connections: SQLite
        connections must not cross a fork (its locks are the parent's), and
        the forking thread's id, which the child's main thread keeps, named
        the parent's.  They are set aside, neither used nor closed (closing
        could release what the parent holds), and this process opens its own;
        the lock too is new (a thread the fork did not copy may hold it)."""
        self._lock = threading.RLock()
        self._registry = threading.Lock()
        self._inherited.append((self._held, self._by_thread, self._loading, self._helpers))
        self._held = []
        self._by_thread = {}
        self._shards_of = {}
        self._target_of = {}
        self._loading = None
        self._fields_table = "article_fields"
        self._helpers = None
        self._pid = os.getpid()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (serialised across threads).  A disk that is
        full or read-only raises :class:`CacheError`; nothing is half-written."""
        self._check_fork()
        with self._lock, self._translated(), self.use() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (a full disk does that).
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close every connection (see the module's notes: one in use on
        another thread is interrupted, and closed when that use ends).
        Returns at once; closing twice is harmless.  What it stopped raises
        :class:`LibraryClosed`; a later use opens a connection again (as
        before: a window's last queued callback may still ask)."""
        self._check_fork()  # (a forked child closes its own, not its parent's)
        self._end_load()
        with self._registry:
            helpers, self._helpers = self._helpers, None
        if helpers is not None:
            helpers.shutdown(wait=False, cancel_futures=True)
        self._retire(by_close=True)

    def _retire(self, by_close: bool = False) -> list[_Held]:
        """Let go of every connection: those no one uses are closed now,
        the others interrupted (closed when their use ends); returns those."""
        with self._registry:
            self._generation += 1
            retired, self._held = self._held, []
            self._shards_of = {}
            self._target_of = {}
        ident = threading.get_ident()
        busy = []
        for held in retired:
            held.by_close = by_close
            held.retired = True  # first, then users looked at: see _take
            if held.idle(held.owner == ident):
                held.close()
            else:
                with contextlib.suppress(sqlite3.Error):
                    held.conn.interrupt()  # (safe from any thread)
                busy.append(held)
        return busy

    # -- opening, validating, rebuilding ---------------------------------------------

    def _open(self) -> None:
        make_cache_folder(self.path.parent)
        try:
            with self._translated():
                valid = self._valid()
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise
            valid = False  # damaged: rebuilt below
        if not valid:
            self.reset()
        self._check_writable()

    def _check_writable(self) -> None:
        """Make sure this index can be written, without writing anything: a
        change inside a transaction that is rolled back.  (An index one can
        only read would otherwise fail at the first changed file.)"""
        with self._lock, self._translated(), self.use() as conn:
            probe_writable(conn, "INSERT OR REPLACE INTO meta VALUES ('write-check', '')")

    def _valid(self) -> bool:
        with self.use() as conn:
            return self._valid_on(conn)

    def _valid_on(self, conn: sqlite3.Connection) -> bool:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            return self._create(conn)
        if version != SCHEMA_VERSION:
            return False
        row = conn.execute("SELECT value FROM meta WHERE key='root'").fetchone()
        if row is None or row[0] != _root_text(self.root):
            return False
        rules = conn.execute("SELECT value FROM meta WHERE key='rules'").fetchone()
        if (rules[0] if rules is not None else "1") != str(READING_RULES):
            return False  # articles read by other rules (their problems): read again
        conn.execute("SELECT count(*) FROM articles").fetchone()
        conn.execute("SELECT count(*) FROM fts WHERE fts MATCH 'x' ").fetchone()
        self._ensure_indexes(conn)
        listed = self.get_meta(_SHARDS) or ""
        bases = self._shard_bases(_shard_names(listed))
        if _shard_info(listed).get("checked") is False and not any(
            self._load_running(base) for base in bases
        ):
            self.check_shards()  # a load into shards was cut short
            for base in bases:
                _remove_lock(self._lock_path(base))
        return True

    def build_next_index(self) -> bool:
        """Build one of the secondary indexes a running bulk load dropped, if
        one is missing; whether one was.  The rows written after an index is
        built are indexed as they go in: a load builds them this way while
        its last articles are parsed, one at a time between taking them,
        rather than all after them (:meth:`bulk_load` builds the rest).
        The load's staged key:value pairs are moved first (the pages they
        free are the indexes' then); the load's last pairs go straight in."""
        with self._lock:
            if self._fields_table != "article_fields":
                # (no longer staging even should the move fail: the end of
                # the load, or a later refresh, moves what is left)
                self._fields_table = "article_fields"
                with self.write() as wconn:
                    _move_staged_fields(wconn)
                return True
        with self.use() as conn:
            present = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
            }
        for name, target in _SECONDARY_INDEXES.items():
            if name not in present:
                with self.write() as wconn:
                    wconn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
                return True
        return False

    def _ensure_indexes(self, conn: sqlite3.Connection) -> None:
        """Heal what a bulk load cut short left behind: move the key:value
        pairs it staged (unless a load may be running: it moves its own),
        build the secondary indexes it dropped, and let the full-text table
        merge again."""
        missing, paused, staged = _load_leftovers(conn)
        staged = staged and not self._load_may_run()
        if missing or paused or staged:
            self._heal(missing, staged)

    def _heal(self, missing: list[str], staged: bool) -> None:
        with self.write() as wconn:
            if staged:
                _move_staged_fields(wconn)
            for name in missing:
                wconn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {_SECONDARY_INDEXES[name]}")
            _set_merging(wconn, _MERGE_DEFAULTS)

    def heal_after_load(self) -> bool:
        """What a load cut short left behind, made good when no load may be
        running (a load does so itself at its end): key:value pairs staged
        (filters find none of them), secondary indexes dropped, the full
        text's merging paused.  Whether there was anything.  A refresh
        begins with this, as an open does (:meth:`_ensure_indexes`): a load
        killed, whose last move failed on a full disk, or whose index was
        closed under it, left them until the library was opened again.
        Three probes when there is nothing; a disk still full or a busy
        index leaves them for the next refresh."""
        with self.use() as conn:
            missing, paused, staged = _load_leftovers(conn)
        if not (missing or paused or staged) or self._load_may_run():
            return False
        try:
            self._heal(missing, staged)
        except CacheError:
            return False
        return True

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """For a large load into an empty index: drop the secondary indexes
        and let the full-text table merge nothing meanwhile; afterwards (also
        after an error or a cancel) build the indexes, merge the full text
        into one segment and restore the merge settings.  Its key:value
        pairs are staged meanwhile (see _STAGED_FIELDS).  (A load cut short
        by a crash is healed by the next refresh or open, see
        heal_after_load and _ensure_indexes.)"""
        with self.write() as conn:
            for name in _SECONDARY_INDEXES:
                conn.execute(f"DROP INDEX IF EXISTS {name}")
            for statement in _STAGED_FIELDS_SCHEMA:
                conn.execute(statement)
            _set_merging(conn, _MERGE_NONE)
            self._fields_table = _STAGED_FIELDS  # (under the write lock)
        try:
            # No waiting for the disk at each checkpoint while the load runs:
            # the index is a cache, a load killed midway is healed on the next
            # open, and a power cut that damages it makes it rebuilt.  (Inside
            # the try: a close meanwhile, which makes this fail, must not leave
            # this object staging its pairs.)
            with self.use() as conn:
                conn.execute("PRAGMA synchronous=OFF")
            yield
        finally:
            # (first: whatever fails below, even a close meanwhile, this
            # object loads no more; what is left staged is moved later)
            with self._lock:
                self._fields_table = "article_fields"
            with contextlib.suppress(sqlite3.Error), self.use() as conn:
                conn.execute("PRAGMA synchronous=NORMAL")
            try:
                with self.write() as conn:
                    _move_staged_fields(conn)
                with self.write() as conn:
                    segments = conn.execute("SELECT count(DISTINCT segid) FROM fts_idx")
                    if segments.fetchone()[0] > 1:
                        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            finally:
                with self.use() as conn:
                    self._ensure_indexes(conn)

    def _create(self, conn: sqlite3.Connection) -> bool:
        """Create the schema in an empty database; False if it is not empty."""
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    conn.execute("ROLLBACK")
                    return conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
                for statement in _statements(_SCHEMA):
                    conn.execute(statement)
                conn.execute("INSERT INTO meta VALUES ('root', ?)", (_root_text(self.root),))
                conn.execute("INSERT INTO meta VALUES ('rules', ?)", (str(READING_RULES),))
                _tune_fulltext(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        self.rebuilt = True
        return True

    def reset(self) -> None:
        """Throw the database away and start an empty one."""
        self._check_fork()
        with self._lock:
            self._end_load()
            self._fields_table = "article_fields"  # (a load's staging table is gone too)
            busy = self._retire()
            # A connection still open on the old file would, as it closes,
            # delete the new file's write-ahead log (by name): the uses cut
            # short end first (they were interrupted; bounded all the same).
            # (not for this thread's own uses: an outer one waits for this)
            ident = threading.get_ident()

            def others_inside(held: _Held) -> bool:
                # (this thread's own uses of it end only after this returns)
                return len(held.users) > (held.own if held.owner == ident else 0)

            deadline = time.monotonic() + RESET_WAIT
            while any(others_inside(held) for held in busy) and time.monotonic() < deadline:
                time.sleep(0.005)
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.unlink(f"{self.path}{suffix}")
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise CacheError(
                        f"cannot replace the damaged index: {exc.strerror or exc}", self.path
                    ) from None
            self._remove_shard_files()
            with self._translated():
                if not self._valid():  # pragma: no cover - a fresh file is always valid
                    raise sqlite3.DatabaseError(f"cannot create the index at {self.path}")
            self.rebuilt = True

    # -- meta ------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        with self.use() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    @staticmethod
    def set_meta(conn: sqlite3.Connection, key: str, value: object) -> None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))

    # -- articles ------------------------------------------------------------------

    def file_states(self) -> dict[str, IndexedState]:
        """``{path: (mtime_ns, size, ctime_ns, inode, id, fts_rowid)}`` for
        every indexed article."""
        with self.use() as conn:
            return file_states(conn)

    def field_keys(self, limit: int) -> list[str]:
        """See :func:`field_keys`."""
        with self.use() as conn:
            return field_keys(conn, limit)

    def has_field_key(self, key: str) -> bool:
        """Whether some article has a ``key:value`` pair of ``key``."""
        with self.use() as conn:
            found = conn.execute("SELECT 1 FROM article_fields WHERE key=? LIMIT 1", (key,))
            return found.fetchone() is not None

    def article_folders(self) -> set[str]:
        """See :func:`article_folders`."""
        with self.use() as conn:
            return article_folders(conn)

    def states_for(self, paths: Iterable[str]) -> dict[str, IndexedState]:
        result = {}
        with self.use() as conn:
            for path in paths:
                row = conn.execute(
                    f"SELECT {_STATE_COLUMNS} FROM articles WHERE path=?", (path,)
                ).fetchone()
                if row:
                    result[path] = row
        return result

    def states_under(self, folder: str) -> dict[str, IndexedState]:
        """Indexed articles inside ``folder`` (relative, posix; "" for all)."""
        if not folder:
            return self.file_states()
        with self.use() as conn:
            return states_under(conn, folder)

    def _delete_fields(self, conn: sqlite3.Connection, ids: list[tuple[int]]) -> None:
        """Drop the key:value pairs of the articles ``ids``, staged ones too
        (a load's, this object's or another's: an edited article kept its
        old pair beside the new one, a removed one's went to the next
        article given its id)."""
        conn.executemany("DELETE FROM article_fields WHERE article_id=?", ids)
        if self._fields_table != "article_fields" or _staged_fields_present(conn):
            conn.executemany(f"DELETE FROM {_STAGED_FIELDS} WHERE article_id=?", ids)

    def _load_may_run(self) -> bool:
        """Whether a load may be filling this index now (this object's, or
        another's in its first-load turn or writing shards)."""
        # (the first-load turn this object holds is no one's load: a process
        # that waited for another's turn, which was killed, holds it now and
        # heals what that load left before its own sync)
        return (
            self._fields_table != "article_fields"
            or (not self._turns and self.first_load_running())
            or self.loads_running()
        )

    def apply_changes(
        self,
        records: list[tuple[Record, int | None, int | None, int, int]],
        deleted: list[tuple[int, int | None]],
    ) -> None:
        """Store parsed ``records`` and drop ``deleted`` (id, fts row) pairs,
        in one transaction.  A record that carries its full-text entry goes
        into the full-text index in the same transaction.  Each record comes
        with its existing id and fts
        row (``None`` for new articles) and the file's ``ctime_ns`` and inode
        as the scan saw them, before the file was read: should the file
        change in between, the next refresh sees a difference and reads it
        again (never the other way round)."""
        if not records and not deleted:
            return
        # Full text written after a load into shards goes to the largest
        # shard (see _fulltext_target), before this transaction: a write to
        # an attached database waits for the end of a write transaction on
        # the index, so it cannot be made inside one.
        texts = [
            r[0][4][:3] for r in records if r[0][4] is not None and not isinstance(r[0][4], int)
        ]
        in_shard = self._store_after_load(texts)
        seen, self._changes_seen = self._changes_seen, None
        with self.write() as conn:
            before = self.get_meta("changes")
            dead = 0
            if deleted:
                ids = [(article_id,) for article_id, _ in deleted]
                conn.executemany("DELETE FROM articles WHERE id=?", ids)
                conn.executemany("DELETE FROM article_categories WHERE article_id=?", ids)
                conn.executemany("DELETE FROM article_tags WHERE article_id=?", ids)
                self._delete_fields(conn, ids)
                dead += sum(1 for _, fts_rowid in deleted if fts_rowid is not None)
            if records:
                next_id = (conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0) + 1
                next_fts: int | None = None
                rows = []
                categories: list[tuple[str, int, int]] = []
                tags: list[tuple[str, int]] = []
                fields: list[tuple[str, str, int]] = []
                fts_rows: list[tuple[int, bytes, bytes, bytes]] = []
                stale = []
                # An article another process added since this one looked (two
                # first indexes at once) keeps its id; its old rows go.  Not
                # needed while every row is this object's own (a load into an
                # empty index, its batches one after the other); once another
                # writer wrote in between (or the index held rows before this
                # object's first write), any later batch may hold a path it
                # added: INSERT OR REPLACE would give that path a new id and
                # leave the old id's categories, tags and pairs behind,
                # counted by the taxonomy and found by no query.
                changes = self.get_meta("changes")
                if next_id > 1 and (seen is None or changes != seen):
                    self._others_rows = True
                known = self._known_rows(conn, records) if self._others_rows else {}
                for record, article_id, fts_rowid, ctime_ns, inode in records:
                    row, prefixes, tag_list, pairs, text = record
                    if article_id is None and row[_PATH] in known:
                        article_id, fts_rowid = known[row[_PATH]]
                    if article_id is None:
                        article_id = next_id
                        next_id += 1
                    else:
                        stale.append((article_id,))
                    if fts_rowid is not None:
                        dead += 1
                    new_fts = None
                    if isinstance(text, int):  # stored in a shard already (see shards)
                        new_fts = text
                    elif text is not None:
                        if in_shard is not None:  # stored there already, in order
                            new_fts = in_shard
                            in_shard += 1
                        else:
                            if next_fts is None:
                                next_fts = int(self.get_meta("fts_next", "1") or 1)
                            new_fts = next_fts
                            next_fts += 1
                            fts_rows.append((new_fts, text[0], text[1], text[2]))
                        row = with_excerpt(row, text[3])
                    rows.append((article_id, *row, ctime_ns, inode, new_fts))
                    categories.extend((path, article_id, exact) for path, exact in prefixes)
                    tags.extend((tag, article_id) for tag in tag_list)
                    fields.extend((key, value, article_id) for key, value in pairs)
                if stale:
                    conn.executemany("DELETE FROM article_categories WHERE article_id=?", stale)
                    conn.executemany("DELETE FROM article_tags WHERE article_id=?", stale)
                    self._delete_fields(conn, stale)
                conn.executemany(_INSERT_ARTICLE, rows)
                conn.executemany(
                    "INSERT OR IGNORE INTO article_categories VALUES (?, ?, ?)", categories
                )
                conn.executemany("INSERT OR IGNORE INTO article_tags VALUES (?, ?)", tags)
                if self._fields_table == "article_fields":
                    conn.executemany(
                        "INSERT OR IGNORE INTO article_fields VALUES (?, ?, ?)", fields
                    )
                else:  # (a bulk load: moved in order at its end; see _STAGED_FIELDS)
                    conn.executemany(f"INSERT INTO {_STAGED_FIELDS} VALUES (?, ?, ?)", fields)
                if fts_rows:
                    conn.executemany(_FTS_INSERT, fts_rows)
                    self.set_meta(conn, "fts_next", next_fts)
            if dead:
                current = int(self.get_meta("fts_dead", "0") or 0)
                self.set_meta(conn, "fts_dead", current + dead)
            committed = self.get_meta("changes")
        self._changes_seen = committed
        runs = self._own_runs.get(threading.get_ident())
        if runs is not None:
            runs.append((before, committed))

    def record_own_changes(self) -> None:
        """From now on, note the counts of changes (meta ``changes``) before
        and after each write of articles this thread makes (see
        :meth:`own_changes`)."""
        self._own_runs[threading.get_ident()] = []

    def own_changes(self) -> list[tuple[str | None, str | None]]:
        """Stop noting this thread's writes (see :meth:`record_own_changes`):
        the ``(before, after)`` counts of changes of each, in order.  When
        each ``before`` is the ``after`` of the one before it, no one else
        changed the articles between them."""
        return self._own_runs.pop(threading.get_ident(), [])

    @staticmethod
    def _known_rows(
        conn: sqlite3.Connection, records: list[tuple[Record, int | None, int | None, int, int]]
    ) -> dict[str, tuple[int, int | None]]:
        """``{path: (id, fts_rowid)}`` of the rows the index holds already for
        the ``records`` it is to add as new (one lookup for the batch)."""
        paths = [record[0][_PATH] for record, article_id, *_ in records if article_id is None]
        if not paths:
            return {}
        rows = conn.execute(
            "SELECT path, id, fts_rowid FROM articles "
            "WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(paths),),
        )
        return {path: (article_id, fts_rowid) for path, article_id, fts_rowid in rows}

    def count(self) -> int:
        with self.use() as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def holds_at_least(self, folder: str, count: int) -> bool:
        """Whether ``count`` articles or more are indexed inside ``folder``
        (relative, posix; "" for all): at most ``count`` rows are stepped over."""
        low, high = (folder + "/", folder + "0") if folder else ("", "\U0010ffff")
        with self.use() as conn:
            found = conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM articles WHERE path >= ? AND path < ? "
                "LIMIT ?)",
                (low, high, count),
            ).fetchone()[0]
        return found >= count

    def is_empty(self) -> bool:
        """Whether no article is indexed (one row read, not a count)."""
        with self.use() as conn:
            return conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    # -- full text -----------------------------------------------------------------

    def fulltext_pending(self) -> int:
        with self.use() as conn:
            return conn.execute("SELECT count(*) FROM articles WHERE fts_rowid IS NULL").fetchone()[
                0
            ]

    def pending_fulltext(
        self, limit: int, after: int = 0
    ) -> list[tuple[int, str, int, int, str, str, str, str | None]]:
        """Articles not in the full-text index yet, by id, from the first id
        above ``after``: (id, path, mtime_ns, size, title, categories, tags,
        author)."""
        with self.use() as conn:
            return conn.execute(
                "SELECT id, path, mtime_ns, size, title, categories, tags, author FROM articles "
                "WHERE fts_rowid IS NULL AND id > ? ORDER BY id LIMIT ?",
                (after, limit),
            ).fetchall()

    def add_fulltext(self, entries: list[tuple[int, int, int, bytes, bytes, bytes, str]]) -> None:
        """``entries``: (article id, mtime_ns, size, title, meta, body, excerpt), the
        three texts in index form, as UTF-8.  An article changed meanwhile (other
        mtime/size in the table) is left pending."""
        if not entries:
            return
        # (in the largest shard after a load into shards, before this
        # transaction: see apply_changes; an entry found stale below leaves
        # its row there unused)
        in_shard = self._store_after_load(
            [(title, meta, body) for _, _, _, title, meta, body, _ in entries]
        )
        with self.write() as conn:
            next_rowid = int(self.get_meta("fts_next", "1") or 1)
            fts_rows = []
            links = []
            for offset, (article_id, mtime_ns, size, title, meta, body, excerpt) in enumerate(
                entries
            ):
                row = conn.execute(
                    "SELECT mtime_ns, size, fts_rowid FROM articles WHERE id=?", (article_id,)
                ).fetchone()
                if row is None or row[0] != mtime_ns or row[1] != size or row[2] is not None:
                    continue
                if in_shard is not None:
                    links.append((in_shard + offset, excerpt, article_id))
                    continue
                fts_rows.append((next_rowid, title, meta, body))
                links.append((next_rowid, excerpt, article_id))
                next_rowid += 1
            if fts_rows:
                conn.executemany(_FTS_INSERT, fts_rows)
                self.set_meta(conn, "fts_next", next_rowid)
            conn.executemany("UPDATE articles SET fts_rowid=?, excerpt=? WHERE id=?", links)

    def fulltext_dead(self) -> int:
        return int(self.get_meta("fts_dead", "0") or 0)

    def reset_fulltext(self) -> None:
        """Empty the full-text index (every article becomes pending), shards
        included.  Row ids are not handed out again: a connection of another
        process may still see a shard dropped here until its next search."""
        with self.write() as conn:
            conn.execute("INSERT INTO main.fts(fts) VALUES ('delete-all')")
            _tune_fulltext(conn)
            conn.execute("UPDATE articles SET fts_rowid=NULL")
            self.set_meta(conn, "fts_dead", 0)
            conn.execute("DELETE FROM meta WHERE key=?", (_SHARDS,))
        self.fulltext_tables()  # detaches what this thread had attached
        self._remove_shard_files()

    def optimize_fulltext(self) -> None:
        with self.write() as conn:
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")

    # -- full-text shards (see fulltext_tables and shards) -------------------------

    def fulltext_tables(self) -> FulltextTables:
        """The full-text tables to search, on this thread's connection: the
        index's own and each shard's that hold rows.  Shards are attached
        here if they are not yet (and detached when gone).  A shard that is
        missing or damaged is dropped and the full text re-read (every
        article pending again)."""
        with self.use() as conn:
            return self._fulltext_tables(conn)

    def _fulltext_target(self) -> tuple[str, Path] | None:
        """Where full text written now goes, once a load filled shards: the
        largest shard ``(schema, file)``, so that an article changed after
        the load is ranked against the library's statistics (in the index's
        own table, nearly empty then, every word was in nearly every row:
        bm25 scored it about 0, and it sank under every other match).  None
        (the index's own table) without shards, or while a load writes
        them (its shards are its own until it ends)."""
        with self.use() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key=?", (_SHARDS,)).fetchone()
            listed = row[0] if row else ""
            if not listed:
                return None
            cached = self._target_of.get(id(conn))
            if cached is not None and cached[0] is conn and cached[1] == listed:
                target = cached[2]
            else:
                shards = [s for s in self._fulltext_tables(conn).schemas if s != "main"]
                # (fetchall: a statement stepped to its end holds no read
                # lock on the shard, which the shard's write would wait for)
                sizes = {
                    s: conn.execute(f"SELECT count(*) FROM {s}.fts_docsize").fetchall()[0][0]
                    for s in shards
                }
                target = None
                if sizes:
                    largest = max(shards, key=lambda s: sizes[s])
                    files = conn.execute(
                        "SELECT file FROM pragma_database_list WHERE name=?", (largest,)
                    ).fetchall()
                    target = (largest, Path(files[0][0])) if files and files[0][0] else None
                self._target_of[id(conn)] = (conn, listed, target)
        if target is None or self.loads_running():
            return None
        return target

    def _store_after_load(self, texts: Sequence[tuple[bytes, bytes, bytes]]) -> int | None:
        """Store ``texts`` (title, meta, body as UTF-8) in the largest shard
        when a load filled shards (see :meth:`_fulltext_target`), under row
        ids set aside for them, in order; the first of those ids, or None
        when they go to the index's own table (no shards, a load running,
        the shard gone or busy)."""
        if not texts:
            return None
        target = self._fulltext_target()
        if target is None:
            return None
        first = self._reserve_fts_rowids(len(texts))
        rows = [(first + offset, *text) for offset, text in enumerate(texts)]
        return first if _store_in_shard(rows, target[1]) else None

    def _reserve_fts_rowids(self, count: int) -> int:
        """Set aside ``count`` full-text row ids (committed at once); the
        first.  Rows written to a shard in a transaction of its own keep
        ids no later write is given, even should the index's own
        transaction that points at them fail."""
        with self.write() as conn:
            first = int(self.get_meta("fts_next", "1") or 1)
            self.set_meta(conn, "fts_next", first + count)
        return first

    def _fulltext_tables(self, conn: sqlite3.Connection) -> FulltextTables:
        row = conn.execute("SELECT value FROM meta WHERE key=?", (_SHARDS,)).fetchone()
        listed = row[0] if row else ""
        known = self._shards_of.get(id(conn))
        if known is None or known[0] is not conn or known[1] != listed:
            attached = self._attach_shards(conn, listed)
            if attached is None:
                return MAIN_FULLTEXT
            known = (conn, listed, attached)
            self._shards_of[id(conn)] = known
        # Asked each time: a shard still being written fills later.
        filled = tuple(s for s in known[2] if _has_rows(conn, s))
        if not filled:
            return MAIN_FULLTEXT
        # (the index's own table is empty after a load into shards, until
        # articles change)
        if not _has_rows(conn, "main"):
            return FulltextTables(filled)
        return FulltextTables(("main", *filled))

    def each_fulltext_table(
        self, tables: FulltextTables, work: Callable[[sqlite3.Connection, str], T]
    ) -> list[T]:
        """``work(connection, schema)`` for each schema of ``tables`` (as this
        thread's :meth:`fulltext_tables` gave them), the results in that
        order.  With several tables and cores, this thread and helper threads
        (one per core after the first, at most :data:`MAX_HELPERS`, kept until
        :meth:`close`) take the tables in turn, each on its own connection
        (SQLite lets go of Python's lock while a statement runs): a search of
        a sharded index takes about as long as its largest table, not their
        sum.  A helper that does not see a table (the shards changed
        meanwhile) leaves it to this thread.  Errors are raised here, as if
        it had all run here."""
        self._check_fork()
        schemas = tables.schemas
        cores = _cores()
        if len(schemas) == 1 or cores < 2:
            with self.use() as conn:
                return [work(conn, schema) for schema in schemas]
        # (imported here: opening a library for the window needs no threads of its own)
        from concurrent.futures import ThreadPoolExecutor, wait

        with self._registry:
            if self._helpers is None:  # (a forked process has none: see _forked)
                self._helpers = ThreadPoolExecutor(
                    max_workers=min(cores - 1, MAX_HELPERS), thread_name_prefix="fulltext"
                )
            helpers = self._helpers
        waiting = deque(range(len(schemas)))
        results: dict[int, T] = {}

        def drain(on_helper: bool) -> list[int]:
            """Run the tables still waiting, one at a time; the positions of
            those this thread's connection does not see."""
            unseen = []
            with self.use() as conn:
                seen = self._fulltext_tables(conn).schemas if on_helper else schemas
                while waiting:
                    try:
                        position = waiting.popleft()
                    except IndexError:
                        break
                    if schemas[position] in seen:
                        results[position] = work(conn, schemas[position])
                    else:
                        unseen.append(position)
            return unseen

        try:
            futures = [
                helpers.submit(drain, True) for _ in range(min(len(schemas) - 1, MAX_HELPERS))
            ]
        except RuntimeError:  # closed meanwhile: all here
            futures = []
        try:
            drain(False)
        except BaseException:
            waiting.clear()
            raise
        finally:
            # Nothing is left to take: a helper's part that has not started
            # (the helpers are shared: busy with another search) is called
            # off, not waited for; so is one close() called off (wait()
            # would never see it done: no helper is left to say so).  Those
            # that run are waited for, even when this thread's part failed.
            futures = [future for future in futures if not future.cancel()]
            wait(futures)
        for future in futures:
            for position in future.result():  # raises a helper's error here
                with self.use() as conn:
                    results[position] = work(conn, schemas[position])
        return [results[position] for position in range(len(schemas))]

    def _attach_shards(self, conn: sqlite3.Connection, listed: str) -> tuple[str, ...] | None:
        """Attach the shards ``listed`` in meta to ``conn`` (those attached
        already stay; those no longer listed are detached); their schemas,
        or None when they cannot be attached now."""
        prefix = self.path.name + "-fts"
        # Names only: a file name that is not UTF-8 (a cache folder under a
        # Latin-1 home) cannot be read back as text.
        attached = {
            row[0]
            for row in conn.execute("SELECT name FROM pragma_database_list WHERE name != 'main'")
        }
        wanted: dict[str, Path] = {}
        for name in _shard_names(listed):
            suffix = name[len(prefix) :].replace("-", "_")
            if not name.startswith(prefix) or not suffix.replace("_", "").isdigit():
                continue  # not a shard of this index (a damaged entry): ignored
            wanted["fts_shard_" + suffix] = self.path.with_name(name)
        for schema in attached:
            if schema.startswith("fts_shard") and schema not in wanted:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute(f"DETACH DATABASE {schema}")
        running = self._running_shards(list(wanted.values()))
        try:
            for schema, path in list(wanted.items()):
                try:
                    if schema not in attached:
                        if not path.is_file():
                            raise _ShardLost(path)
                        # read-only: a write transaction here never locks a
                        # shard (another process may be writing one, see shards)
                        uri = path.resolve().as_uri() + "?mode=ro"
                        conn.execute("ATTACH DATABASE ? AS " + schema, (uri,))
                    conn.execute(
                        f"SELECT count(*) FROM {schema}.fts WHERE fts MATCH 'x'"
                    ).fetchone()
                except (_ShardLost, sqlite3.DatabaseError):
                    if path.name not in running:
                        raise
                    # a running load's shard between its steps (not made yet,
                    # or switching its journal as its writer ends): searched
                    # without it now, never thrown away under the load
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute(f"DETACH DATABASE {schema}")
                    del wanted[schema]
        except (_ShardLost, sqlite3.DatabaseError) as exc:
            for schema in wanted:
                if schema not in attached:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute(f"DETACH DATABASE {schema}")
            lost = isinstance(exc, _ShardLost) or is_corruption(exc) or is_unwritable(exc)
            if not lost and "no such table" not in str(exc):
                # Not the shard's doing (a transaction open on this
                # connection, say): search without it now, attach next time.
                return None
            if self.loads_running():
                # emptying the full text would take a running load's shards
                # with it: after the load (asked again next time)
                return None
            self.reset_fulltext()  # the articles of a lost shard are read again
            return ()
        return tuple(wanted)

    def _running_shards(self, paths: list[Path]) -> set[str]:
        """The names of ``paths`` that belong to a load running now (in this
        process or another)."""
        live = {b for b in self._shard_bases([p.name for p in paths]) if self._load_running(b)}
        return {p.name for p in paths if self._shard_bases([p.name]) & live}

    def begin_shards(self, count: int, rows: int) -> tuple[int, list[Path]]:
        """Create ``count`` empty shard files for a bulk load of ``rows``
        articles and list them in the index; returns the first of the
        ``rows`` full-text row ids set aside for the load, and the files.
        Each is to be written by one process (see :mod:`.shards`).  Until
        :meth:`check_shards`, this process holds the load's lock: another
        opening the index meanwhile leaves the rows of the running load alone.
        The shards of earlier loads that stored no row (killed early) and no
        longer run are dropped."""
        self._end_load()
        with self.write() as conn:
            base = int(self.get_meta("fts_next", "1") or 1)
            self.set_meta(conn, "fts_next", base + rows)
            listed = _shard_names(self.get_meta(_SHARDS) or "")
            kept = len(listed) - len(self._stale_shards(conn, listed))
        self._loading = self._hold_load(self._lock_path(base))
        # every connection attaches the shards of a load that runs meanwhile too
        count = max(1, min(count, MAX_SHARDS - kept))
        names = [f"{self.path.name}-fts{base}-{number}" for number in range(count)]
        paths = [self.path.with_name(name) for name in names]
        for path in paths:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{path}{suffix}")
            with self._translated():
                shard = sqlite3.connect(path, isolation_level=None)
                try:
                    # Merging the shard into one segment at the end frees the
                    # pages of the segments merged; they are given back then.
                    shard.execute("PRAGMA auto_vacuum=INCREMENTAL")
                    shard.execute("PRAGMA journal_mode=WAL")
                    shard.execute(FULLTEXT_TABLE)
                    shard.execute(
                        "INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (FULLTEXT_HASH_BYTES,)
                    )
                    _set_merging(shard, _MERGE_NONE)
                finally:
                    shard.close()
        with self.write() as conn:
            listed = _shard_names(self.get_meta(_SHARDS) or "")
            dropped = self._stale_shards(conn, listed)
            listed = [n for n in listed if n not in dropped]
            value = json.dumps(
                {"low": base, "high": base + rows, "files": [*listed, *names], "checked": False}
            )
            self.set_meta(conn, _SHARDS, value)
        for name in dropped:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.unlink(self.path.with_name(name + suffix))
        for old in self._shard_bases(dropped):
            _remove_lock(self._lock_path(old))
        return base, paths

    def _stale_shards(self, conn: sqlite3.Connection, listed: list[str]) -> list[str]:
        """Of the shards ``listed``, those a new load into an empty index
        drops: every one of a load that no longer runs (none of its rows
        was stored).  None while the index holds articles."""
        if conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None:
            return []
        running = {b for b in self._shard_bases(listed) if self._load_running(b)}
        return [n for n in listed if self._shard_bases([n]) - running]

    def _shard_bases(self, names: list[str]) -> set[int]:
        """The loads (their first row ids) that wrote the shards ``names``."""
        prefix = self.path.name + "-fts"
        bases = set()
        for name in names:
            base = name[len(prefix) :].partition("-")[0]
            if name.startswith(prefix) and base.isdigit():
                bases.add(int(base))
        return bases

    def _lock_path(self, base: int) -> Path:
        return self.path.with_name(f"{self.path.name}-fts{base}-lock")

    @staticmethod
    def _hold_load(path: Path) -> tuple[sqlite3.Connection, Path] | None:
        """Take a load's lock: a write transaction on the file ``path``, which
        the system ends should this process die."""
        with contextlib.suppress(sqlite3.Error):
            # (a moment's busy wait: another process's probe of the lock, see
            # _load_running, holds it for no longer)
            conn = sqlite3.connect(path, isolation_level=None, timeout=1)
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error:
                conn.close()
                raise
            return conn, path
        return None  # no lock (an unwritable folder): opening may check too soon

    def _load_running(self, base: int) -> bool:
        """Whether the load ``base`` runs now, in this process or another."""
        return _lock_held(self._lock_path(base))

    def loads_running(self) -> bool:
        """Whether a load into shards runs now (this process's or another's):
        its shards are being written, and rows of the index point into them."""
        listed = _shard_names(self.get_meta(_SHARDS) or "")
        with self._registry:
            if self._loading is not None:
                return True
        return any(self._load_running(base) for base in self._shard_bases(listed))

    def _first_load_lock(self) -> Path:
        return self.path.with_name(f"{self.path.name}-first-load")

    def first_load_running(self) -> bool:
        """Whether another process fills this index now, in its turn (see
        :meth:`first_load_turn`)."""
        return _lock_held(self._first_load_lock())

    @contextlib.contextmanager
    def first_load_turn(self, cancel: Callable[[], bool] | None = None) -> Iterator[bool]:
        """While an empty index is filled: this process's turn to fill it,
        waited for while another process fills it (two processes loading at
        once each replaced the other's rows, and the one that finished first
        threw away the full text the other was still writing).  A process
        that waited finds the index filled, and has only the changes to
        make.  Yields False when ``cancel()`` ended the wait (nothing is to
        be done then); goes on without the turn when no lock can be made
        (an unwritable folder) or after :data:`FIRST_LOAD_WAIT` seconds of
        another's turn (a process stopped with Ctrl+Z, a hung disk)."""
        held: sqlite3.Connection | None = None
        deadline = time.monotonic() + FIRST_LOAD_WAIT
        cancelled = False
        try:
            while True:
                try:
                    # (a moment's busy wait: another process's probe, see
                    # first_load_running, holds the lock for no longer)
                    held = sqlite3.connect(self._first_load_lock(), isolation_level=None, timeout=1)
                    held.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.Error as exc:
                    if held is not None:
                        held.close()
                        held = None
                    if not is_busy(exc) or time.monotonic() >= deadline:
                        break
                    if cancel is not None and cancel():
                        cancelled = True
                        break
                    time.sleep(FIRST_LOAD_POLL)
            if held is not None:
                self._turns += 1
            yield not cancelled
        finally:
            if held is not None:
                self._turns = max(self._turns - 1, 0)
                with contextlib.suppress(sqlite3.Error):
                    held.close()

    def _end_load(self) -> None:
        """Let go of the lock of this process's load, if it holds one."""
        with self._registry:
            loading, self._loading = self._loading, None
        if loading is not None:
            conn, path = loading
            with contextlib.suppress(sqlite3.Error):
                conn.close()
            _remove_lock(path)

    def check_shards(self, complete: bool = False) -> int:
        """After a load into shards (or one cut short): the articles whose
        full-text row is in no table (a shard's writer failed or was killed
        before it committed) become pending again.  Unless the load is known
        ``complete``, the rows its shards hold for no article (the chunks in
        flight when it was cancelled, failed or killed) count as dead.
        Returns how many articles became pending.  Ends this process's load
        (see :meth:`begin_shards`)."""
        try:
            return self._check_shards(complete)
        finally:
            self._end_load()

    def _check_shards(self, complete: bool) -> int:
        info = _shard_info(self.get_meta(_SHARDS) or "")
        low, high = info.get("low"), info.get("high")
        if not isinstance(low, int):
            return 0
        tables = self.fulltext_tables()
        union = " UNION ALL ".join(f"SELECT id FROM {s}.fts_docsize" for s in tables.schemas)
        with self.write() as wconn:
            lost = wconn.execute(
                "UPDATE articles SET fts_rowid = NULL WHERE fts_rowid >= ? "
                f"AND fts_rowid NOT IN ({union})",
                (low,),
            ).rowcount
            current = _shard_info(self.get_meta(_SHARDS) or "")
            if current.get("files") == info.get("files"):
                self.set_meta(wconn, _SHARDS, json.dumps({**current, "checked": True}))
            if not complete and isinstance(high, int):
                # (this load's row ids only: another load may run meanwhile)
                unused = wconn.execute(
                    f"SELECT count(*) FROM ({union}) WHERE id >= ?1 AND id < ?2 AND id NOT IN "
                    "(SELECT fts_rowid FROM articles WHERE fts_rowid >= ?1 AND fts_rowid < ?2)",
                    (low, high),
                ).fetchone()[0]
                if unused:
                    self.set_meta(wconn, "fts_dead", self.fulltext_dead() + unused)
        return lost

    def relink_lost_fulltext(self) -> int:
        """Make pending again the articles whose full-text row is in no
        table (an index two processes filled at once before they took
        turns; a shard lost outside the app), so that they are read again;
        returns how many.  Not while a load writes its shards (its rows
        point into them before they are committed)."""
        if self.loads_running():
            return 0
        tables = self.fulltext_tables()
        union = " UNION ALL ".join(f"SELECT id FROM {s}.fts_docsize" for s in tables.schemas)
        with self.write() as wconn:
            return wconn.execute(
                "UPDATE articles SET fts_rowid = NULL WHERE fts_rowid IS NOT NULL "
                f"AND fts_rowid NOT IN ({union})"
            ).rowcount

    def _remove_shard_files(self) -> None:
        """Delete every shard file of this index (best effort: a file another
        process holds open on Windows stays until next time)."""
        prefix = self.path.name + "-fts"
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.path.parent):
                if entry.name.startswith(prefix):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


class _ShardLost(Exception):
    """A shard listed in the index is not there."""


# How long a write of full text into a shard waits for another (see
# IndexDB._store_after_load), in seconds; then it goes to the index's table.
SHARD_WRITE_WAIT = 5.0

# How often a process waiting for another's first load of the index asks
# again, and how long it waits at most, in seconds (see
# IndexDB.first_load_turn).
FIRST_LOAD_POLL = 0.1
FIRST_LOAD_WAIT = 1800.0

# At most this many shards per load: each is attached to every connection,
# and SQLite attaches at most 10 databases.
MAX_SHARDS = 8

# The shards of the full-text index in meta: {"low": the last load's first row id,
# "high": past its last, "files": [names], "checked": whether check_shards ran}.
_SHARDS = "fts_shards"


def _lock_held(path: Path) -> bool:
    """Whether a lock file (a write transaction held on it: see
    ``IndexDB._hold_load``, ``first_load_turn``) is held now, by this
    process or another; False when there is no such file (never taken)."""
    uri = path.resolve().as_uri() + "?mode=rw"
    try:
        conn = sqlite3.connect(uri, isolation_level=None, timeout=0, uri=True)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.Error as exc:
        return is_busy(exc)
    finally:
        conn.close()


def _remove_lock(path: Path) -> None:
    """Delete a load's lock file (see IndexDB.begin_shards), best effort."""
    for suffix in ("", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


# How long reset() waits for the uses it interrupted to end (see reset).
RESET_WAIT = 10.0

# Helper threads that search full-text tables beside the caller's (see
# IndexDB.each_fulltext_table): one per core after the first, at most this many.
MAX_HELPERS = 3


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _store_in_shard(rows: list[tuple[int, bytes, bytes, bytes]], path: Path) -> bool:
    """Store full-text ``rows`` in the shard file ``path``, in a transaction
    of its own; False when it is gone (emptied meanwhile by another
    process), busy or damaged: they are then stored in the index's own
    table."""
    uri = path.resolve().as_uri() + "?mode=rw"
    try:
        shard = sqlite3.connect(uri, isolation_level=None, timeout=SHARD_WRITE_WAIT, uri=True)
    except sqlite3.Error:
        return False
    try:
        shard.execute("BEGIN IMMEDIATE")
        if _merging_paused(shard):  # (as its load left it: small writes merge)
            _set_merging(shard, _MERGE_DEFAULTS)
        shard.executemany(_FTS_INSERT, rows)
        shard.execute("COMMIT")
        return True
    except sqlite3.Error as exc:
        if is_busy(exc) or is_unwritable(exc) or is_corruption(exc) or "no such table" in str(exc):
            return False
        raise
    finally:
        shard.close()


def _has_rows(conn: sqlite3.Connection, schema: str) -> bool:
    """Whether the full-text table of ``schema`` holds any row."""
    # (fetchall: stepped to its end, the statement keeps no read lock)
    return bool(conn.execute(f"SELECT 1 FROM {schema}.fts_docsize LIMIT 1").fetchall())


def _shard_info(value: str) -> dict:
    """The shards' entry in meta, decoded (empty if there is none or it is damaged)."""
    if not value:
        return {}
    try:
        info = json.loads(value)
    except (ValueError, RecursionError):
        return {}
    return info if isinstance(info, dict) else {}


def _shard_names(value: str) -> list[str]:
    files = _shard_info(value).get("files", [])
    if not isinstance(files, list):
        return []
    return [name for name in files if isinstance(name, str) and "/" not in name and name]


def file_states(conn: sqlite3.Connection) -> dict[str, IndexedState]:
    """:meth:`IndexDB.file_states` on any connection to an index (a worker
    process opens its own, read-only)."""
    rows = conn.execute(f"SELECT path, {_STATE_COLUMNS} FROM articles")
    return {row[0]: row[1:] for row in rows}


def states_under(conn: sqlite3.Connection, folder: str) -> dict[str, IndexedState]:
    """:meth:`IndexDB.states_under` on any connection to an index (a worker
    process opens its own, read-only): the articles inside ``folder``."""
    low, high = folder + "/", folder + "0"  # "0" sorts right after "/"
    rows = conn.execute(
        f"SELECT path, {_STATE_COLUMNS} FROM articles WHERE path >= ? AND path < ?",
        (low, high),
    )
    return {row[0]: row[1:] for row in rows}


def article_folders(conn: sqlite3.Connection) -> set[str]:
    """The folders (relative, posix) holding indexed articles, directly or
    in a folder below; the library's own top ("") is not among them.

    Each folder's range of the path index is walked in SQLite for the first
    path one level deeper (a subfolder's), whose whole range is then stepped
    over: the walk reads each article's path once, in C, and no row comes
    back to Python but one per folder (a million articles in 14 folders
    return 14 rows, not a million paths)."""
    found: set[str] = set()
    stack = [""]
    while stack:
        folder = stack.pop()
        prefix = f"{folder}/" if folder else ""
        # "0" sorts right after "/": "a/" <= path < "a0" is everything under a/
        high = f"{folder}0" if folder else None
        deeper = f"instr(substr(path, {len(prefix) + 1}), '/') > 0"
        bound = prefix
        below = "" if high is None else " AND path < ?"
        sql = f"SELECT path FROM articles WHERE path >= ?{below} AND {deeper} ORDER BY path LIMIT 1"
        while True:
            row = conn.execute(sql, (bound,) if high is None else (bound, high)).fetchone()
            if row is None:
                break
            name = row[0][len(prefix) :].partition("/")[0]
            sub = prefix + name
            found.add(sub)
            stack.append(sub)
            bound = sub + "0"  # past everything under sub/
    return found


def field_keys(conn: sqlite3.Connection, limit: int) -> list[str]:
    """The distinct front-matter keys of ``key:value`` filters (casefolded,
    in order; at most ``limit``): one step of the key index per key, not a
    read of every pair."""
    keys: list[str] = []
    row = conn.execute("SELECT min(key) FROM article_fields").fetchone()
    while row is not None and row[0] is not None and len(keys) < limit:
        keys.append(row[0])
        row = conn.execute(
            "SELECT min(key) FROM article_fields WHERE key > ?", (row[0],)
        ).fetchone()
    return keys


def top_level(conn: sqlite3.Connection, limit: int) -> tuple[dict[str, IndexedState], set[str]]:
    """The indexed articles at the top of the library, and the top-level
    folders that hold indexed articles, by stepping over each folder's
    range of the path index (one lookup per file or folder, not per
    article).  Raises ``OverflowError`` past ``limit`` top-level files."""
    files: dict[str, IndexedState] = {}
    folders: set[str] = set()
    bound, inclusive = "", True
    while True:
        op = ">=" if inclusive else ">"
        row = conn.execute(
            f"SELECT path, {_STATE_COLUMNS} FROM articles WHERE path {op} ? ORDER BY path LIMIT 1",
            (bound,),
        ).fetchone()
        if row is None:
            return files, folders
        path = row[0]
        head, slash, _ = path.partition("/")
        if slash:
            folders.add(head)
            bound, inclusive = head + "0", True  # past every path under head/
        else:
            files[path] = row[1:]
            if len(files) > limit:
                raise OverflowError(limit)
            bound, inclusive = path, False
