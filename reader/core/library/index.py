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
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.core.article.cache import (
    CacheError,
    cache_error,
    is_busy,
    is_unwritable,
    make_cache_folder,
    probe_writable,
)
from reader.core.common.dirs import CACHE_ENV
from reader.core.library.records import RECORD_COLUMNS, Record

__all__ = [
    "CACHE_ENV",
    "SCHEMA_VERSION",
    "IndexDB",
    "states_under",
    "top_level",
]

# 4: ctime_ns and inode per article (a same-size edit with the modification
# time put back, as ``cp -p`` or ``rsync -t`` do, still changes those).
# 5: has_image, and article_fields for ``key:value`` queries.
# 6: a count of changes to the articles (meta "changes", kept by triggers), for
#    caches of what is computed from every row (the taxonomy).
SCHEMA_VERSION = 6

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
CREATE VIRTUAL TABLE fts USING fts5(
    title, meta, body, content='', tokenize='unicode61 remove_diacritics 2'
);
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
_EXCERPT = RECORD_COLUMNS.index("excerpt")
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
        self._by_thread: dict[int, tuple[int, sqlite3.Connection]] = {}
        self._lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._generation = 0
        self.rebuilt = False  # True when the last open had to start from scratch
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    # -- connections ---------------------------------------------------------------

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """Turn "cannot write" SQLite errors into a :class:`CacheError`."""
        try:
            yield
        except sqlite3.Error as exc:
            if is_unwritable(exc):
                raise cache_error(exc, self.path) from exc
            raise

    def _connect(self) -> sqlite3.Connection:
        with self._translated():
            conn = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                # Sorts and index builds of a million rows spill to temporary
                # files (the system's page cache) instead of the heap: an index
                # built in memory took 150 MB where a file took 75 MB, faster.
                conn.execute("PRAGMA temp_store=FILE")
                conn.execute("PRAGMA cache_size=-32000")
            except BaseException:
                conn.close()
                raise
        with self._lock:
            self._connections.append(conn)
        return conn

    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        ident = threading.get_ident()
        entry = self._by_thread.get(ident)
        if entry is None or entry[0] != self._generation:
            conn = self._connect()
            self._by_thread[ident] = (self._generation, conn)
            return conn
        return entry[1]

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (serialised across threads).  A disk that is
        full or read-only raises :class:`CacheError`; nothing is half-written."""
        with self._lock, self._translated():
            conn = self.conn()
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
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
            self._by_thread.clear()
            self._generation += 1

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
        with self._lock, self._translated():
            probe_writable(self.conn(), "INSERT OR REPLACE INTO meta VALUES ('write-check', '')")

    def _valid(self) -> bool:
        conn = self.conn()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            return self._create(conn)
        if version != SCHEMA_VERSION:
            return False
        row = conn.execute("SELECT value FROM meta WHERE key='root'").fetchone()
        if row is None or row[0] != self.root:
            return False
        conn.execute("SELECT count(*) FROM articles").fetchone()
        conn.execute("SELECT count(*) FROM fts WHERE fts MATCH 'x' ").fetchone()
        self._ensure_indexes(conn)
        return True

    def _ensure_indexes(self, conn: sqlite3.Connection) -> None:
        """Heal what a bulk load cut short left behind: build the secondary
        indexes it dropped, and let the full-text table merge again."""
        present = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        missing = [name for name in _SECONDARY_INDEXES if name not in present]
        if missing or _merging_paused(conn):
            with self.write() as wconn:
                for name in missing:
                    wconn.execute(
                        f"CREATE INDEX IF NOT EXISTS {name} ON {_SECONDARY_INDEXES[name]}"
                    )
                _set_merging(wconn, _MERGE_DEFAULTS)

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """For a large load into an empty index: drop the secondary indexes
        and let the full-text table merge nothing meanwhile; afterwards (also
        after an error or a cancel) build the indexes, merge the full text
        into one segment and restore the merge settings.  (A load cut short by
        a crash is healed when the index is next opened, see _ensure_indexes.)"""
        with self.write() as conn:
            for name in _SECONDARY_INDEXES:
                conn.execute(f"DROP INDEX IF EXISTS {name}")
            _set_merging(conn, _MERGE_NONE)
        try:
            yield
        finally:
            try:
                with self.write() as conn:
                    segments = conn.execute("SELECT count(DISTINCT segid) FROM fts_idx")
                    if segments.fetchone()[0] > 1:
                        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            finally:
                self._ensure_indexes(self.conn())

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
                conn.execute("INSERT INTO meta VALUES ('root', ?)", (self.root,))
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
        with self._lock:
            self.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.unlink(f"{self.path}{suffix}")
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise CacheError(
                        f"cannot replace the damaged index: {exc.strerror or exc}", self.path
                    ) from None
            with self._translated():
                if not self._valid():  # pragma: no cover - a fresh file is always valid
                    raise sqlite3.DatabaseError(f"cannot create the index at {self.path}")
            self.rebuilt = True

    # -- meta ------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    @staticmethod
    def set_meta(conn: sqlite3.Connection, key: str, value: object) -> None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))

    # -- articles ------------------------------------------------------------------

    def file_states(self) -> dict[str, IndexedState]:
        """``{path: (mtime_ns, size, ctime_ns, inode, id, fts_rowid)}`` for
        every indexed article."""
        rows = self.conn().execute(f"SELECT path, {_STATE_COLUMNS} FROM articles")
        return {row[0]: row[1:] for row in rows}

    def states_for(self, paths: Iterable[str]) -> dict[str, IndexedState]:
        conn = self.conn()
        result = {}
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
        return states_under(self.conn(), folder)

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
        with self.write() as conn:
            dead = 0
            if deleted:
                ids = [(article_id,) for article_id, _ in deleted]
                conn.executemany("DELETE FROM articles WHERE id=?", ids)
                conn.executemany("DELETE FROM article_categories WHERE article_id=?", ids)
                conn.executemany("DELETE FROM article_tags WHERE article_id=?", ids)
                conn.executemany("DELETE FROM article_fields WHERE article_id=?", ids)
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
                for record, article_id, fts_rowid, ctime_ns, inode in records:
                    row, prefixes, tag_list, pairs, text = record
                    if article_id is None:
                        article_id = next_id
                        next_id += 1
                    else:
                        stale.append((article_id,))
                    if fts_rowid is not None:
                        dead += 1
                    new_fts = None
                    if text is not None:
                        if next_fts is None:
                            next_fts = int(self.get_meta("fts_next", "1") or 1)
                        new_fts = next_fts
                        next_fts += 1
                        fts_rows.append((new_fts, text[0], text[1], text[2]))
                        row = (*row[:_EXCERPT], text[3], *row[_EXCERPT + 1 :])
                    rows.append((article_id, *row, ctime_ns, inode, new_fts))
                    categories.extend((path, article_id, exact) for path, exact in prefixes)
                    tags.extend((tag, article_id) for tag in tag_list)
                    fields.extend((key, value, article_id) for key, value in pairs)
                if stale:
                    conn.executemany("DELETE FROM article_categories WHERE article_id=?", stale)
                    conn.executemany("DELETE FROM article_tags WHERE article_id=?", stale)
                    conn.executemany("DELETE FROM article_fields WHERE article_id=?", stale)
                conn.executemany(_INSERT_ARTICLE, rows)
                conn.executemany(
                    "INSERT OR IGNORE INTO article_categories VALUES (?, ?, ?)", categories
                )
                conn.executemany("INSERT OR IGNORE INTO article_tags VALUES (?, ?)", tags)
                conn.executemany("INSERT OR IGNORE INTO article_fields VALUES (?, ?, ?)", fields)
                if fts_rows:
                    conn.executemany(_FTS_INSERT, fts_rows)
                    self.set_meta(conn, "fts_next", next_fts)
            if dead:
                current = int(self.get_meta("fts_dead", "0") or 0)
                self.set_meta(conn, "fts_dead", current + dead)

    def count(self) -> int:
        return self.conn().execute("SELECT count(*) FROM articles").fetchone()[0]

    # -- full text -----------------------------------------------------------------

    def fulltext_pending(self) -> int:
        return (
            self.conn()
            .execute("SELECT count(*) FROM articles WHERE fts_rowid IS NULL")
            .fetchone()[0]
        )

    def pending_fulltext(
        self, limit: int, after: int = 0
    ) -> list[tuple[int, str, int, int, str, str, str, str | None]]:
        """Articles not in the full-text index yet, by id, from the first id
        above ``after``: (id, path, mtime_ns, size, title, categories, tags,
        author)."""
        return (
            self.conn()
            .execute(
                "SELECT id, path, mtime_ns, size, title, categories, tags, author FROM articles "
                "WHERE fts_rowid IS NULL AND id > ? ORDER BY id LIMIT ?",
                (after, limit),
            )
            .fetchall()
        )

    def add_fulltext(self, entries: list[tuple[int, int, int, bytes, bytes, bytes, str]]) -> None:
        """``entries``: (article id, mtime_ns, size, title, meta, body, excerpt), the
        three texts in index form, as UTF-8.  An article changed meanwhile (other
        mtime/size in the table) is left pending."""
        if not entries:
            return
        with self.write() as conn:
            next_rowid = int(self.get_meta("fts_next", "1") or 1)
            fts_rows = []
            links = []
            for article_id, mtime_ns, size, title, meta, body, excerpt in entries:
                row = conn.execute(
                    "SELECT mtime_ns, size, fts_rowid FROM articles WHERE id=?", (article_id,)
                ).fetchone()
                if row is None or row[0] != mtime_ns or row[1] != size or row[2] is not None:
                    continue
                fts_rows.append((next_rowid, title, meta, body))
                links.append((next_rowid, excerpt, article_id))
                next_rowid += 1
            conn.executemany(_FTS_INSERT, fts_rows)
            conn.executemany("UPDATE articles SET fts_rowid=?, excerpt=? WHERE id=?", links)
            self.set_meta(conn, "fts_next", next_rowid)

    def fulltext_dead(self) -> int:
        return int(self.get_meta("fts_dead", "0") or 0)

    def reset_fulltext(self) -> None:
        """Empty the full-text index (every article becomes pending)."""
        with self.write() as conn:
            conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
            _tune_fulltext(conn)
            conn.execute("UPDATE articles SET fts_rowid=NULL")
            self.set_meta(conn, "fts_dead", 0)
            self.set_meta(conn, "fts_next", 1)

    def optimize_fulltext(self) -> None:
        with self.write() as conn:
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")


def states_under(conn: sqlite3.Connection, folder: str) -> dict[str, IndexedState]:
    """:meth:`IndexDB.states_under` on any connection to an index (a worker
    process opens its own, read-only): the articles inside ``folder``."""
    low, high = folder + "/", folder + "0"  # "0" sorts right after "/"
    rows = conn.execute(
        f"SELECT path, {_STATE_COLUMNS} FROM articles WHERE path >= ? AND path < ?",
        (low, high),
    )
    return {row[0]: row[1:] for row in rows}


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
