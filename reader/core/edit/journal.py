"""The undo journal of bulk edits: one SQLite file beside the index.  No Qt here.

It is kept apart from the index so that rebuilding the index (which may
happen at any time) never loses the ability to undo.  Each operation records,
for every file it rewrote, the file's previous bytes and the SHA-256 of the
bytes it wrote; an entry is recorded *before* its file is written, so a
crash in between leaves an entry whose file still holds the old bytes, which
undo recognises.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
from reader.core.article.model import ArticleError
from reader.core.common.files import place_new

__all__ = ["Journal", "JournalDamagedError", "JournalEntry", "Operation", "sha256"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS operations(
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    description TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS entries(
    operation_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    old_bytes BLOB NOT NULL,
    old_sha TEXT NOT NULL,
    new_sha TEXT NOT NULL,
    PRIMARY KEY(operation_id, path)
);
CREATE TABLE IF NOT EXISTS moves(
    operation_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    old_path TEXT NOT NULL,
    new_path TEXT NOT NULL,
    PRIMARY KEY(operation_id, seq)
);
CREATE TABLE IF NOT EXISTS folders(
    operation_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY(operation_id, path)
);
CREATE TABLE IF NOT EXISTS removed(
    operation_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    mode INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    gid INTEGER NOT NULL,
    PRIMARY KEY(operation_id, path)
);
CREATE TABLE IF NOT EXISTS running(
    operation_id INTEGER PRIMARY KEY
);
"""
# Journals made before files could be moved (publish) get the tables on open
# (and those made before a trashed file's mode was kept, its table).
_MOVES_TABLE = _SCHEMA[_SCHEMA.index("CREATE TABLE IF NOT EXISTS moves") :]
# Reading these proves the tables and every column the journal uses are there.
_SCHEMA_CHECKS = (
    "SELECT id, created, description, undone FROM operations LIMIT 0",
    "SELECT operation_id, path, old_bytes, old_sha, new_sha FROM entries LIMIT 0",
    "SELECT count(*) FROM operations",
)
_COMPANIONS = ("-journal", "-wal", "-shm")  # SQLite's files beside the database
# Each table's columns, in order (the inserts give a value for each).
_LAYOUT = {
    "operations": ("id", "created", "description", "undone"),
    "entries": ("operation_id", "path", "old_bytes", "old_sha", "new_sha"),
    "moves": ("operation_id", "seq", "old_path", "new_path"),
    "folders": ("operation_id", "path"),
    "removed": ("operation_id", "path", "mode", "uid", "gid"),
    "running": ("operation_id",),
}


def _check_layout(conn: sqlite3.Connection) -> None:
    """Raise an error SQLite's own damage is told by when a table has other
    columns than this version's (a journal another version of the app
    changed, or a hand's): an insert would fail halfway through a bulk edit.
    A table not there yet is made on open (journals older than moves)."""
    for table, columns in _LAYOUT.items():
        found = tuple(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
        if found and found != columns:
            raise sqlite3.DatabaseError(
                f"malformed journal: the table {table} has the columns {', '.join(found)}"
            )


KEEP_OPERATIONS = 20


def any_running(path: str | os.PathLike) -> bool:
    """Whether the journal at ``path`` holds an operation begun and not
    finished (see :meth:`Journal.take_interrupted`), read without writing
    anything: a journal that is damaged, locked or not there holds none
    here (the edit that opens it says what is wrong with it)."""
    try:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=0.5)
    except (sqlite3.Error, OSError, ValueError):
        return False
    try:
        row = conn.execute(
            "SELECT 1 FROM running r JOIN operations o ON o.id = r.operation_id "
            "WHERE o.undone = 0 LIMIT 1"
        ).fetchone()
        return row is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class JournalDamagedError(ArticleError):
    """The undo journal is damaged (not a database, truncated, malformed, or
    not a journal at all).  It has been renamed to ``aside`` (``None`` when
    even that failed), so that no undo history is ever dropped in silence;
    the next use of the journal starts a new, empty one."""

    def __init__(self, path: str | os.PathLike, aside: Path | None, reason: str = ""):
        self.aside = aside
        if aside is not None:
            message = f"the undo journal is damaged; kept as {aside}"
        else:
            message = f"the undo journal is damaged, and could not be moved aside ({reason})"
        super().__init__(message, path)


@dataclass(frozen=True, slots=True)
class Operation:
    id: int
    created: float
    description: str
    undone: bool
    files: int


@dataclass(frozen=True, slots=True)
class JournalEntry:
    path: str
    old_bytes: bytes
    old_sha: str
    new_sha: str


REMOVED = "removed"
"""The ``new_sha`` of an entry whose file the operation moved to the trash
(no digest: a file with any bytes at its place is another file)."""

RESERVATION_WAIT = 2.0
"""Seconds an empty journal file may be another process's reservation of
the name (no hard links: see :func:`~reader.core.common.files.place_new`)."""


def _wait_while_reserved(path: Path) -> None:
    """Return once ``path`` is not an empty file made just now, or after
    :data:`RESERVATION_WAIT` seconds (then it is one left by a crash, or a
    journal truncated: damage, as its opening says).  An empty file older
    than a few seconds is no reservation: not waited for."""
    deadline = time.monotonic() + RESERVATION_WAIT
    while True:
        try:
            st = os.stat(path)
        except OSError:
            return  # (opening it says what is wrong)
        if st.st_size != 0 or abs(time.time() - st.st_mtime) > 5 * RESERVATION_WAIT:
            return
        if time.monotonic() >= deadline:
            return
        time.sleep(0.05)


class Journal:
    """One library's undo journal.

    Opening it checks that it is a journal and that it can be written, so a
    bulk edit learns *before* its first write that it could not be undone:
    a damaged journal raises :class:`JournalDamagedError` (and is kept aside),
    an unwritable one :class:`~reader.core.article.cache.CacheError`.  Damage found
    later (a malformed page read by :meth:`entries`) is handled the same way.
    A new journal is created whole under a temporary name and then linked
    into place, so a journal file that is empty or lacks its tables is
    damage, never a journal that was just being created -- except, where the
    file system has no hard links, for the moment the empty file that
    reserves its name stands (see :func:`~reader.core.common.files.place_new`):
    an empty journal is given :data:`RESERVATION_WAIT` seconds to be
    replaced before it is taken for a damaged one.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        # held by every operation, and by close(): the connection is never
        # closed under a statement of another thread (that can crash the
        # process); re-entrant for _put_aside, which closes inside one
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self.closed = False
        make_cache_folder(self.path.parent)
        if not os.path.lexists(self.path):
            self._create()
        _wait_while_reserved(self.path)
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            with self._guard() as conn:
                if os.path.getsize(self.path) == 0:
                    # SQLite would take an empty file for an empty database;
                    # ours never is one (see _create): it was truncated.
                    raise sqlite3.DatabaseError("file is not a database (it is empty)")
                for check in _SCHEMA_CHECKS:
                    conn.execute(check).fetchall()
                _check_layout(conn)
                self._check_writable(conn)
                conn.executescript(_MOVES_TABLE)
        except sqlite3.Error as exc:
            self.close()
            if is_busy(exc):
                raise busy_error(exc, self.path, "the undo journal") from exc
            raise cache_error(exc, self.path, "the undo journal") from exc
        except OSError as exc:
            self.close()
            raise CacheError(
                f"cannot open the undo journal: {exc.strerror or exc}", self.path
            ) from None
        except BaseException:
            self.close()
            raise

    def _create(self) -> None:
        unique = f"{os.getpid()}-{threading.get_ident()}"
        temporary = self.path.with_name(f"{self.path.name}.new-{unique}")
        try:
            conn = sqlite3.connect(temporary, isolation_level=None)
            try:
                conn.executescript(_SCHEMA)
            finally:
                conn.close()
            with contextlib.suppress(FileExistsError):  # (one created meanwhile is kept)
                place_new(temporary, self.path)
        except sqlite3.Error as exc:
            raise cache_error(exc, self.path, "the undo journal") from exc
        except OSError as exc:
            raise CacheError(
                f"cannot create the undo journal: {exc.strerror or exc}", self.path
            ) from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    @staticmethod
    def _check_writable(conn: sqlite3.Connection) -> None:
        """A change that is rolled back: fails now if the journal, its folder
        or its file system is read-only."""
        probe_writable(conn, "INSERT INTO operations(created, description) VALUES (0, '')")

    @contextlib.contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """The open connection, with SQLite errors translated: damage → the
        journal is put aside and :class:`JournalDamagedError`; cannot write →
        :class:`CacheError`."""
        conn = self._conn
        if self.closed or conn is None:  # None only before it is opened
            raise CacheError("the undo journal was closed", self.path)
        try:
            yield conn
        except sqlite3.Error as exc:
            if self._conn is not None and self._conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
            if self.closed:  # close() on another thread interrupted this
                raise CacheError("the undo journal was closed", self.path) from exc
            if is_unwritable(exc):
                raise cache_error(exc, self.path, "the undo journal") from exc
            if is_corruption(exc):
                raise self._put_aside() from exc
            raise

    def _put_aside(self) -> JournalDamagedError:
        """Close the journal and rename it (with SQLite's companion files) to
        ``journal.sqlite3.damaged-<timestamp>``."""
        self.close()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        number = 1
        while os.path.lexists(aside):
            number += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{number}")
        try:
            os.rename(self.path, aside)
        except OSError as exc:
            return JournalDamagedError(self.path, None, exc.strerror or str(exc))
        for suffix in _COMPANIONS:
            with contextlib.suppress(OSError):
                os.rename(f"{self.path}{suffix}", f"{aside}{suffix}")
        return JournalDamagedError(self.path, aside)

    def begin(self, description: str) -> int:
        with self._lock, self._guard() as conn:
            conn.execute("BEGIN IMMEDIATE")
            cur = conn.execute(
                "INSERT INTO operations(created, description) VALUES (?, ?)",
                (time.time(), description),
            )
            assert cur.lastrowid is not None  # an INSERT sets it
            op_id = int(cur.lastrowid)
            # (until finish: one still here once its process is gone was cut
            # short, by a kill or a power cut; see take_interrupted)
            conn.execute("INSERT OR REPLACE INTO running VALUES (?)", (op_id,))
            old = conn.execute(
                "SELECT id FROM operations ORDER BY id DESC LIMIT -1 OFFSET ?", (KEEP_OPERATIONS,)
            ).fetchall()
            for (old_id,) in old:
                conn.execute("DELETE FROM entries WHERE operation_id=?", (old_id,))
                conn.execute("DELETE FROM moves WHERE operation_id=?", (old_id,))
                conn.execute("DELETE FROM folders WHERE operation_id=?", (old_id,))
                conn.execute("DELETE FROM removed WHERE operation_id=?", (old_id,))
                conn.execute("DELETE FROM running WHERE operation_id=?", (old_id,))
                conn.execute("DELETE FROM operations WHERE id=?", (old_id,))
            conn.execute("COMMIT")
            return op_id

    def record(self, op_id: int, path: str, old_bytes: bytes, new_bytes: bytes) -> None:
        with self._lock, self._guard() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO entries(operation_id, path, old_bytes, old_sha, new_sha) "
                "VALUES (?, ?, ?, ?, ?)",
                (op_id, path, old_bytes, sha256(old_bytes), sha256(new_bytes)),
            )

    def record_removal(
        self, op_id: int, path: str, old_bytes: bytes, st: os.stat_result | None = None
    ) -> None:
        """Record, before it happens, that ``path`` (holding ``old_bytes``;
        ``st``: its status, for its mode, owner and group) goes to the
        trash: undo writes it again where it was, as it was."""
        with self._lock, self._guard() as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT OR REPLACE INTO entries(operation_id, path, old_bytes, old_sha, new_sha) "
                "VALUES (?, ?, ?, ?, ?)",
                (op_id, path, old_bytes, sha256(old_bytes), REMOVED),
            )
            conn.execute("DELETE FROM removed WHERE operation_id=? AND path=?", (op_id, path))
            if st is not None:
                conn.execute(
                    "INSERT INTO removed(operation_id, path, mode, uid, gid) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (op_id, path, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid),
                )
            conn.execute("COMMIT")

    def removed_identity(self, op_id: int, path: str) -> tuple[int, int, int] | None:
        """The (mode, uid, gid) ``path`` had when the operation trashed it,
        or None (not known: a journal from before they were kept)."""
        with self._lock, self._guard() as conn:
            row = conn.execute(
                "SELECT mode, uid, gid FROM removed WHERE operation_id=? AND path=?",
                (op_id, path),
            ).fetchone()
        return None if row is None else (int(row[0]), int(row[1]), int(row[2]))

    def record_move(self, op_id: int, old_path: str, new_path: str) -> None:
        """Record, before it happens, that ``old_path`` moves to ``new_path``
        (undo moves it back, after restoring the bytes of the entries)."""
        with self._lock, self._guard() as conn:
            conn.execute(
                "INSERT INTO moves VALUES (?, "
                "(SELECT count(*) FROM moves WHERE operation_id=?), ?, ?)",
                (op_id, op_id, old_path, new_path),
            )

    def moves(self, op_id: int) -> list[tuple[str, str]]:
        """The moves of an operation as (old path, new path), in order."""
        with self._lock, self._guard() as conn:
            rows = conn.execute(
                "SELECT old_path, new_path FROM moves WHERE operation_id=? ORDER BY seq", (op_id,)
            ).fetchall()
        return [(str(old), str(new)) for old, new in rows]

    def record_folders(self, op_id: int, folders: list[str]) -> None:
        """Record, before they are made, the folders (relative paths) the
        operation's moves create: its undo removes those empty again."""
        with self._lock, self._guard() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO folders VALUES (?, ?)", [(op_id, f) for f in folders]
            )

    def folders(self, op_id: int) -> list[str]:
        """The folders the operation created (see :meth:`record_folders`)."""
        with self._lock, self._guard() as conn:
            rows = conn.execute(
                "SELECT path FROM folders WHERE operation_id=? ORDER BY path", (op_id,)
            ).fetchall()
        return [str(path) for (path,) in rows]

    def forget_folders(self, op_id: int) -> None:
        """Drop the operation's folders (removed, or never made)."""
        with self._lock, self._guard() as conn:
            conn.execute("DELETE FROM folders WHERE operation_id=?", (op_id,))

    def forget_move(self, op_id: int, old_path: str) -> None:
        """Drop a move that did not happen."""
        with self._lock, self._guard() as conn:
            conn.execute("DELETE FROM moves WHERE operation_id=? AND old_path=?", (op_id, old_path))

    def forget(self, op_id: int, path: str) -> None:
        """Drop an entry whose write did not happen."""
        with self._lock, self._guard() as conn:
            conn.execute("DELETE FROM entries WHERE operation_id=? AND path=?", (op_id, path))
            conn.execute("DELETE FROM removed WHERE operation_id=? AND path=?", (op_id, path))

    def finish(self, op_id: int) -> None:
        """Drop the operation if it ended up changing nothing.  (Nothing to do
        when the journal was put aside meanwhile: that error is reported.)"""
        if self.closed:
            return
        with self._lock, self._guard() as conn:
            conn.execute("DELETE FROM running WHERE operation_id=?", (op_id,))
            count = conn.execute(
                "SELECT (SELECT count(*) FROM entries WHERE operation_id=?)"
                " + (SELECT count(*) FROM moves WHERE operation_id=?)",
                (op_id, op_id),
            ).fetchone()[0]
            if count == 0:
                # its folders too: the next operation takes the same id (the
                # largest plus one), and its undo removed them, made or not
                conn.execute("DELETE FROM folders WHERE operation_id=?", (op_id,))
                conn.execute("DELETE FROM operations WHERE id=?", (op_id,))

    def last(self) -> Operation | None:
        """The most recent operation not undone yet.  Its ``files``: those
        it wrote and those it moved without writing them (a rename; a
        publish that only moves), not the asset folders that went along."""
        with self._lock, self._guard() as conn:
            row = conn.execute(
                "SELECT o.id, o.created, o.description, o.undone "
                "FROM operations o WHERE o.undone=0 ORDER BY o.id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            written = {
                path
                for (path,) in conn.execute(
                    "SELECT path FROM entries WHERE operation_id=?", (row[0],)
                )
            }
            moved = {
                new
                for (new,) in conn.execute(
                    "SELECT new_path FROM moves WHERE operation_id=?", (row[0],)
                )
            }
        # an asset folder goes along with its post ("p" with "p.md")
        folders = {path for path in moved if any(m.startswith(path + ".") for m in moved)}
        files = len(written | (moved - folders))
        return Operation(row[0], row[1], row[2], bool(row[3]), files)

    def entries(self, op_id: int) -> list[JournalEntry]:
        with self._lock, self._guard() as conn:
            rows = conn.execute(
                "SELECT path, old_bytes, old_sha, new_sha FROM entries WHERE operation_id=? "
                "ORDER BY path",
                (op_id,),
            ).fetchall()
        return [JournalEntry(p, bytes(b), o, n) for p, b, o, n in rows]

    def mark_undone(self, op_id: int) -> None:
        with self._lock, self._guard() as conn:
            conn.execute("UPDATE operations SET undone=1 WHERE id=?", (op_id,))
            conn.execute("DELETE FROM running WHERE operation_id=?", (op_id,))

    def take_interrupted(self) -> Operation | None:
        """The most recent operation begun and never finished that changed
        something (a bulk edit, publish or rename whose process was killed),
        when it is still the last one to undo; None if there is none.  Said
        once: every unfinished mark is cleared.  Call it only while holding
        the library's lock (``library_locked``), which every operation holds
        from its beginning to its end: one of a live process is not taken."""
        with self._lock, self._guard() as conn:
            found = conn.execute(
                "SELECT max(operation_id) FROM running r JOIN operations o "
                "ON o.id = r.operation_id WHERE o.undone = 0"
            ).fetchone()[0]
            conn.execute("DELETE FROM running")
        last = self.last()
        return last if last is not None and found == last.id and last.files else None

    def close(self) -> None:
        """Close the journal; safe while another thread is in an operation:
        its statement is interrupted (it raises :class:`CacheError`, "the
        undo journal was closed", and writes nothing), and the connection
        is closed once that operation has let go (never under it)."""
        self.closed = True
        conn = self._conn
        if conn is None:
            return
        with contextlib.suppress(sqlite3.Error):
            conn.interrupt()  # (safe from any thread)
        with self._lock, contextlib.suppress(sqlite3.Error):
            conn.close()
