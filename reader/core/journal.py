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
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Journal", "JournalEntry", "Operation", "sha256"]

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
"""
KEEP_OPERATIONS = 20


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


class Journal:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            self.path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        try:
            self._conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError:
            # A damaged journal cannot be trusted for undo: start a new one.
            self._conn.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.path}{suffix}")
            self._conn = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            self._conn.executescript(_SCHEMA)

    def begin(self, description: str) -> int:
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO operations(created, description) VALUES (?, ?)",
                (time.time(), description),
            )
            op_id = int(cur.lastrowid)
            old = self._conn.execute(
                "SELECT id FROM operations ORDER BY id DESC LIMIT -1 OFFSET ?", (KEEP_OPERATIONS,)
            ).fetchall()
            for (old_id,) in old:
                self._conn.execute("DELETE FROM entries WHERE operation_id=?", (old_id,))
                self._conn.execute("DELETE FROM operations WHERE id=?", (old_id,))
            return op_id

    def record(self, op_id: int, path: str, old_bytes: bytes, new_bytes: bytes) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)",
                (op_id, path, old_bytes, sha256(old_bytes), sha256(new_bytes)),
            )

    def forget(self, op_id: int, path: str) -> None:
        """Drop an entry whose write did not happen."""
        with self._lock:
            self._conn.execute("DELETE FROM entries WHERE operation_id=? AND path=?", (op_id, path))

    def finish(self, op_id: int) -> None:
        """Drop the operation if it ended up changing nothing."""
        with self._lock:
            count = self._conn.execute(
                "SELECT count(*) FROM entries WHERE operation_id=?", (op_id,)
            ).fetchone()[0]
            if count == 0:
                self._conn.execute("DELETE FROM operations WHERE id=?", (op_id,))

    def last(self) -> Operation | None:
        """The most recent operation not undone yet."""
        row = self._conn.execute(
            "SELECT o.id, o.created, o.description, o.undone, "
            "(SELECT count(*) FROM entries e WHERE e.operation_id=o.id) "
            "FROM operations o WHERE o.undone=0 ORDER BY o.id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return Operation(row[0], row[1], row[2], bool(row[3]), row[4])

    def entries(self, op_id: int) -> list[JournalEntry]:
        rows = self._conn.execute(
            "SELECT path, old_bytes, old_sha, new_sha FROM entries WHERE operation_id=? "
            "ORDER BY path",
            (op_id,),
        ).fetchall()
        return [JournalEntry(p, bytes(b), o, n) for p, b, o, n in rows]

    def mark_undone(self, op_id: int) -> None:
        with self._lock:
            self._conn.execute("UPDATE operations SET undone=1 WHERE id=?", (op_id,))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
