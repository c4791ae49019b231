"""The per-user cache folders that the index and the undo journal live in,
and what goes wrong with them (:class:`CacheError`).  No Qt here."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

from reader.core.article.model import ArticleError
from reader.core.common.dirs import CACHE_ENV, user_cache_dir

# SQLite result codes (the low byte of ``sqlite_errorcode``) meaning the file
# or its folder cannot be written: read-only, permission, full, I/O, cannot open.
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 3, 8, 10, 13, 14
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26

_UNWRITABLE_CODES = frozenset(
    {_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN}
)


def is_corruption(exc: BaseException) -> bool:
    """True for errors meaning the database file is damaged (not merely busy,
    and not merely unwritable)."""
    if not isinstance(exc, sqlite3.DatabaseError) or is_busy(exc) or is_unwritable(exc):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return any(
        word in text
        for word in (
            "not a database",
            "malformed",
            "corrupt",
            "no such table",
            "no such column",
            "file is encrypted",
            "disk image",
            # (Python's sqlite3 reading a text that is not UTF-8: bytes of the
            # file overwritten, never what the index writes)
            "could not decode to utf-8",
        )
    )


def is_busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


class CacheError(ArticleError):
    """The cache folder (the index, the undo journal) cannot be used: not
    writable, on a read-only or full file system, or not a folder at all.

    A separate type because callers react differently from other errors: a
    reader can carry on with a temporary index, while a bulk edit must
    refuse (its undo journal needs a safe home).  ``str()`` names the path.
    """


class IndexDamagedError(CacheError):
    """The index was found damaged while its rows were being given, after
    some of them: it has been rebuilt, and the query must be made again.
    Nothing the user must change (no other cache folder to choose)."""


def is_unwritable(exc: BaseException) -> bool:
    """True for SQLite errors meaning the file cannot be written (or opened)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlite3.Error) and code is not None and code & 0xFF in _UNWRITABLE_CODES


class CacheBusy(CacheError):
    """Another program held the index (or the journal) locked for longer
    than a connection waits: said, and nothing done (a plain
    ``database is locked`` was a traceback).  A :class:`CacheError`: what
    only keeps a cache (a listing's text, a folder's digest) goes without
    it, as it goes without a cache it cannot write; a command that needs
    the index says so instead of carrying on with a temporary one."""


def busy_error(exc: sqlite3.Error, path: str | os.PathLike, what: str = "the index") -> CacheBusy:
    """A :class:`CacheBusy` for a lock SQLite gave up waiting for."""
    return CacheBusy(
        f"{what} is in use by another program, which kept it locked ({exc}); "
        "try again when it is done",
        path,
    )


def cache_error(exc: sqlite3.Error, path: str | os.PathLike, what: str = "the index") -> CacheError:
    """A :class:`CacheError` for an SQLite error on the file at ``path``,
    saying why where the file system tells (SQLite's own words are vague:
    "unable to open database file")."""
    reason = _why_unwritable(Path(path))
    detail = f"{reason} ({exc})" if reason else str(exc)
    return CacheError(f"cannot write {what}: {detail}", path)


def _why_unwritable(path: Path) -> str | None:
    folder = path.parent
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        return "it is a folder, not a file (move it away)"
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
        return "it is not a regular file but a FIFO, socket or device (move it away)"
    try:
        if hasattr(os, "statvfs"):  # not on Windows
            fs = os.statvfs(folder)
            if fs.f_flag & os.ST_RDONLY:
                return "the file system is read-only"
            if fs.f_bavail == 0:
                return "the disk is full"
        if not os.access(folder, os.W_OK | os.X_OK):
            return "its folder is not writable"
        if os.path.exists(path) and not os.access(path, os.W_OK):
            return "the file is read-only"
    except OSError:
        return None
    return None


def make_cache_folder(folder: str | os.PathLike) -> None:
    """Create ``folder`` (and its parents) for the index or the journal;
    raises :class:`CacheError` naming the path that is in the way."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = _not_a_folder(folder)
        if blocker is not None:
            raise CacheError("is not a folder, so it cannot hold the index", blocker) from None
        where = exc.filename if exc.filename is not None else folder
        raise CacheError(f"cannot create the cache folder: {exc.strerror or exc}", where) from None


def _not_a_folder(folder: Path) -> Path | None:
    """The nearest existing ancestor of ``folder`` when it is not a folder."""
    for candidate in (folder, *folder.parents):
        try:
            if os.path.isdir(candidate):
                return None
            os.lstat(candidate)
        except OSError:
            continue
        return candidate
    return None


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    """Where indexes live: ``cache_dir``, else ``$ARTICLE_READER_CACHE_DIR``,
    else the platform's user cache folder; absolute (a relative ``--cache-dir``
    made a URI of the index for the pool's workers fail: exit 70)."""
    if cache_dir is not None:
        return Path(os.path.abspath(cache_dir))
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(os.path.abspath(env))
    return user_cache_dir()


def library_cache_dir(root: str | os.PathLike, cache_dir: str | os.PathLike | None = None) -> Path:
    """The folder holding one library's index and journal."""
    resolved = os.path.realpath(os.fspath(root))
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:20]
    return cache_root(cache_dir) / "libraries" / digest


def probe_writable(conn: sqlite3.Connection, statement: str) -> None:
    """Run ``statement`` (a small write) in a transaction that is rolled back:
    fails now if the database, its folder or its file system is read-only,
    instead of at the first real change, and writes nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(statement)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
