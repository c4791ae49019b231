"""The one write path for articles: locked, re-checked, atomic.  No Qt here.

Every write of an article file, from the window or the command line (save,
create, rename and move, trash, bulk edits, undo), goes through the
functions of this module, and each of them:

1. takes a **cross-process lock** for the file (:func:`locked`), so that two
   writers — two ``article-reader set`` runs, the window and a bulk rename —
   never interleave their check and their write;
2. **re-checks the content** under that lock: the bytes on disk must still be
   the bytes the change was computed from (:class:`FileChangedError`
   otherwise), so a change made by any other program in the meantime is
   never silently overwritten — the lock only orders our own writers, and
   other machines (a sync tool) do not share it;
3. refuses **read-only files** (:class:`ReadOnlyError`): no write bit in the
   file's mode, or a write that fails with ``EACCES``/``EPERM``/``EROFS``;
4. writes **atomically**: a temporary file in the same folder, flushed and
   fsynced, renamed over the target (or hard-linked into place for a new
   file), so a crash or ``kill -9`` leaves the old file or the new one,
   never half of either.

The locks are files in the per-user cache (``locks/``, or
``$ARTICLE_READER_LOCK_DIR``), never in the library, so sync tools never copy
them.  They are striped: a file's lock is one of :data:`LOCK_STRIPES` lock
files chosen by a hash of its real path, which keeps their number bounded
however many articles are written; two files that share a stripe merely
wait for each other.  Several stripes are always taken in ascending order,
so writers never deadlock.

Temporary files are named ``.<name>.<random>.artmp`` (the name shortened so
the whole stays within 255 bytes).  One left behind by a killed writer is
removed by :func:`sweep_stale_temporaries` when its folder is scanned or
written, once it is older than :data:`STALE_TEMP_SECONDS` and no writer
holds its target's lock.

Why one module of this size: every write of an article must pass through
the same lock, re-check and temporary-file rules, and keeping them together
is what makes it one write path.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.core.article.limits import MAX_ARTICLE_BYTES, describe_sizes
from reader.core.article.model import Article, ArticleError
from reader.core.common.dirs import LOCK_ENV, user_cache_dir
from reader.core.common.files import (
    NotRegularFileError,
    open_regular,
    place_new,
    rename_no_replace,
)
from reader.core.common.flock import unlock, wait_for_lock

__all__ = [
    "LOCK_STRIPES",
    "LOCK_TIMEOUT",
    "STALE_TEMP_SECONDS",
    "FileChangedError",
    "LockTimeoutError",
    "NameTakenError",
    "ReadOnlyError",
    "create_article_file",
    "create_exclusive",
    "drop_second_name",
    "is_read_only",
    "is_temporary_name",
    "library_locked",
    "lock_dir",
    "locked",
    "move_article",
    "refuse_decoded",
    "replace_checked",
    "save_article",
    "sweep_stale_temporaries",
    "trash_article",
    "update_article",
    "write_atomic",
]

LOCK_STRIPES = 256
"""How many lock files writers share (see the module docstring)."""

LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for another one before giving up with an error."""

_WAIT = -1.0  # a lock's default timeout: LOCK_TIMEOUT as it is when the lock is taken

STALE_TEMP_SECONDS = 600
"""A temporary file older than this, whose target nobody is writing, is a leftover."""

TEMP_SUFFIX = ".artmp"
_NAME_MAX = 255
_TOKEN_BYTES = 6  # 8 characters of URL-safe base64
_OUR_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_-]{8}\.artmp$", re.S)


class FileChangedError(ArticleError):
    """The file changed on disk since it was read; it was left untouched."""


class ReadOnlyError(ArticleError):
    """The file (or its folder, or its file system) is read-only; nothing was written."""


class NameTakenError(ArticleError):
    """A rename or move would replace an existing file; nothing was changed."""


class LockTimeoutError(ArticleError):
    """Another writer held the file's lock for longer than :data:`LOCK_TIMEOUT`."""


# -- locks -------------------------------------------------------------------------------


def lock_dir() -> Path:
    """The folder of the lock files: ``$ARTICLE_READER_LOCK_DIR``, else
    ``locks/`` in the per-user cache, else a per-user folder in the system's
    temporary folder when the cache cannot be written.  (Deliberately not the
    index's ``--cache-dir``: every writer of a file must find the same lock.)"""
    explicit = os.environ.get(LOCK_ENV)
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    else:
        candidates.append(user_cache_dir() / "locks")
        uid = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
        candidates.append(Path(tempfile.gettempdir()) / f"article-reader-{uid}" / "locks")
    for folder in candidates:
        try:
            if folder != candidates[0]:
                folder.parent.mkdir(mode=0o700, exist_ok=True)
                folder.mkdir(mode=0o700, exist_ok=True)
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        shared = folder != candidates[0]
        if os.access(folder, os.W_OK | os.X_OK) and _own_folder(folder, shared=shared):
            return folder
    if explicit:  # ("set ARTICLE_READER_LOCK_DIR" said to one who had)
        raise ArticleError(
            f"{LOCK_ENV} names no folder this user can make and write the write locks in",
            candidates[0],
        )
    raise ArticleError(f"no folder for the write locks is writable (set {LOCK_ENV})", candidates[0])


def _own_folder(folder: Path, *, shared: bool) -> bool:
    """A lock folder in a place every user can write (the system's temporary
    folder) must be ours and closed to others, or another user could block
    every save by making it first."""
    if not shared or not hasattr(os, "getuid"):
        return True
    try:
        st = os.stat(folder.parent)
        mine = os.stat(folder)
    except OSError:
        return False
    return all(
        s.st_uid == os.getuid() and not s.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        for s in (st, mine)
    )


def _real_target(path: str | os.PathLike) -> str:
    """The path a write really lands on (through links; the file may not exist)."""
    text = os.fspath(path)
    if os.path.islink(text):
        return os.path.realpath(text)
    folder, name = os.path.split(os.path.abspath(text))
    return os.path.join(os.path.realpath(folder), name)


def _identity(path: str | os.PathLike) -> str:
    """What names the file whatever path reaches it: its device and inode
    (through links, bind mounts and case-insensitive names alike), or for a
    file not there yet its folder's device and inode and its name."""
    try:
        st = os.stat(path)
        return f"file:{st.st_dev}:{st.st_ino}"
    except OSError:
        return _name_identity(path)


def _name_identity(path: str | os.PathLike) -> str:
    """The name ``path`` gives a file in its folder (the folder's device and
    inode and the name), whether a file has it or not."""
    folder, name = os.path.split(os.path.abspath(os.fspath(path)))
    try:
        st = os.stat(folder)
        return f"name:{st.st_dev}:{st.st_ino}:{name}"
    except OSError:
        return "path:" + _real_target(path)


def _stripe_of(identity: str) -> int:
    key = identity.encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.blake2b(key, digest_size=4).digest(), "big") % LOCK_STRIPES


def _stripes(path: str | os.PathLike) -> set[int]:
    """The locks a write of ``path`` holds: its name's always, and the
    file's (its inode) when there is one.  The name's lock is what a writer
    creating the file and one changing it once it is there both take: with
    the file's alone, the second would take the new inode's lock while the
    first, which locked the name, still wrote.  The inode's lock is what two
    names of one file (a hard link, another case) share."""
    name = _stripe_of(_name_identity(path))
    try:
        st = os.stat(path)
    except OSError:
        return {name}  # (no file yet)
    return {name, _stripe_of(f"file:{st.st_dev}:{st.st_ino}")}


def _wait_or_error(fd: int, path: Path, what: str, deadline: float | None) -> bool:
    """:func:`~reader.core.common.flock.wait_for_lock`: False while another
    still holds the lock at ``deadline``.  A lock that cannot be taken at all
    (``ENOLCK`` on a network folder without a lock service, say) is an
    :class:`ArticleError` naming the lock file."""
    try:
        return wait_for_lock(fd, deadline)
    except OSError as exc:
        raise ArticleError(f"{what}: {exc.strerror or exc}", path) from None


def _open_lock_file(path: Path) -> int:
    """A descriptor of the lock file ``path`` (made when missing), to lock.

    Opened for writing where it may be (NFS emulates ``flock`` with
    byte-range locks, which need it), else for reading (``flock`` needs no
    more elsewhere), and left readable by all (it holds nothing): a lock
    folder shared by two users (``ARTICLE_READER_LOCK_DIR``) lets each lock
    the files the other made (mode 0600, the second user was refused every
    save)."""
    if sys.platform == "win32":  # pragma: no cover - (msvcrt locks need a writable file)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError:  # (another user's lock file)
        fd = os.open(path, os.O_RDONLY)
    with contextlib.suppress(OSError):  # (another's file: its mode is theirs to give)
        if os.fstat(fd).st_uid == os.geteuid():
            os.fchmod(fd, 0o644)
    return fd


def _acquire(stripe: int, folder: Path, deadline: float | None) -> int:
    """Open and lock one stripe; returns its descriptor.  ``deadline`` None: try once."""
    lock_path = folder / f"{stripe:03d}.lock"
    try:
        fd = _open_lock_file(lock_path)
    except OSError as exc:
        raise ArticleError(
            f"cannot open the write lock: {exc.strerror or exc}", lock_path
        ) from None
    try:
        locked = _wait_or_error(fd, lock_path, "cannot take the write lock", deadline)
    except ArticleError:
        os.close(fd)
        raise
    if locked:
        return fd
    os.close(fd)
    raise LockTimeoutError("another program has been writing this file for too long; not saved")


class _Held(threading.local):
    """The stripes this thread holds, so that a writer that holds a file's
    lock can call another function of the write path for it (re-entry)."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}


_held = _Held()


@contextlib.contextmanager
def locked(*paths: str | os.PathLike, timeout: float | None = _WAIT) -> Iterator[None]:
    """Hold the cross-process write locks of ``paths`` (existing or not).

    Re-entrant within a thread.  Waits up to ``timeout`` seconds (by default
    :data:`LOCK_TIMEOUT`) for another writer; None tries once.  Then raises
    :class:`LockTimeoutError`, naming the path whose lock another writer holds."""
    if timeout == _WAIT:
        timeout = LOCK_TIMEOUT
    folder = lock_dir()
    deadline = None if timeout is None else time.monotonic() + timeout
    taken: list[tuple[int, int | None]] = []  # (stripe, descriptor or None when re-entered)
    try:
        while True:
            # stripe → the path it is taken for (the one an error names)
            wanted = {stripe: p for p in reversed(paths) for stripe in _stripes(p)}
            for stripe in sorted(wanted):
                try:
                    taken.append((stripe, _take(stripe, folder, deadline)))
                except LockTimeoutError as exc:
                    raise LockTimeoutError(exc.message, wanted[stripe]) from None
            # A writer that held the old file's lock may have replaced the
            # file meanwhile (a new inode), or created it: then the locks to
            # hold are the new file's too.  Take the locks again until they
            # name the files as they are.
            if {stripe for p in paths for stripe in _stripes(p)} <= wanted.keys():
                break
            _release(taken)
            taken = []
            if deadline is not None and time.monotonic() >= deadline:
                raise LockTimeoutError(
                    "the file keeps changing while we wait to write it; not saved", paths[0]
                )
        yield
    finally:
        _release(taken)


def _take(stripe: int, folder: Path, deadline: float | None) -> int | None:
    counts = _held.counts
    fd = None if counts.get(stripe, 0) > 0 else _acquire(stripe, folder, deadline)
    counts[stripe] = counts.get(stripe, 0) + 1
    return fd


def _release(taken: list[tuple[int, int | None]]) -> None:
    counts = _held.counts
    for stripe, fd in reversed(taken):
        counts[stripe] -= 1
        if not counts[stripe]:
            del counts[stripe]
        if fd is not None:
            with contextlib.suppress(OSError):
                unlock(fd)
            os.close(fd)


@contextlib.contextmanager
def library_locked(
    root: str | os.PathLike, timeout: float | None = _WAIT, purpose: str = "library"
) -> Iterator[None]:
    """Hold the cross-process lock of a whole library's bulk edits and undo,
    so that an undo never runs into an edit still being written (and two
    bulk edits never interleave their journals).  Separate from the files'
    locks: a ``set`` on one article never waits for a bulk edit elsewhere.

    ``purpose`` names another lock of the library, taken apart from (and
    before) this one: ``"plan"`` holds a bulk edit's turn from its plan to
    its end (see :meth:`reader.core.library.facade.Library.bulk_turn`)."""
    if timeout == _WAIT:
        timeout = LOCK_TIMEOUT
    folder = lock_dir()
    key = _identity(root).encode("utf-8", "surrogateescape")
    name = f"{purpose}-{hashlib.blake2b(key, digest_size=8).hexdigest()}.lock"
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        fd = _open_lock_file(folder / name)
    except OSError as exc:
        raise ArticleError(f"cannot open the library lock: {exc.strerror or exc}", folder) from None
    try:
        if not _wait_or_error(fd, folder / name, "cannot take the library lock", deadline):
            raise LockTimeoutError(
                "another bulk edit or undo is running in this library; try again when it ends",
                root,
            )
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                unlock(fd)
    finally:
        os.close(fd)


# -- read-only -----------------------------------------------------------------------------


def _mode_read_only(st: os.stat_result) -> bool:
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        # Not root: the bits that apply to us decide (root may write anything,
        # which is why the bits above are checked on their own).
        if st.st_uid == os.geteuid():
            return not st.st_mode & stat.S_IWUSR
        if st.st_gid in os.getgroups() or st.st_gid == os.getegid():
            return not st.st_mode & stat.S_IWGRP
        return not st.st_mode & stat.S_IWOTH
    return False


def is_read_only(path: str | os.PathLike) -> bool:
    """True when the file may not be written: no write bit in its mode (for
    root too), or none for this user, or the system says this user may not
    (an access control list denying what the mode allows: a save replaces
    the file by a new one, which the folder's permissions alone would let
    through).  A missing file is not read-only."""
    try:
        if _mode_read_only(os.stat(path)):
            return True
        if hasattr(os, "geteuid") and os.geteuid() != 0:
            effective = os.access in os.supports_effective_ids
            if not os.access(path, os.W_OK, effective_ids=effective):
                # (a read-only file system is said as such by the write itself)
                return not _on_read_only_file_system(path)
    except OSError:
        return False
    return False


def _on_read_only_file_system(path: str | os.PathLike) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # (no statvfs: not POSIX)
        return False


_READ_ONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


def _write_error(
    exc: OSError, path: str | os.PathLike | None, *, in_folder: bool = False
) -> ArticleError:
    """``in_folder``: the error came from making a file in the target's
    folder (the temporary file), so it is the folder that is read-only."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.EROFS:
        return ReadOnlyError(f"the file system is read-only ({reason}); not saved", path)
    if exc.errno in _READ_ONLY_ERRNOS:
        what = "its folder is read-only" if in_folder else "file is read-only"
        return ReadOnlyError(f"{what} ({reason}); not saved", path)
    return ArticleError(f"cannot write: {reason}", path)


# -- temporary files -----------------------------------------------------------------------


def _temp_name(target_name: str) -> str:
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    room = _NAME_MAX - len(f"..{token}{TEMP_SUFFIX}")
    encoded = target_name.encode("utf-8", "surrogateescape")
    if len(encoded) > room:
        encoded = encoded[:room]
        # Do not end inside a UTF-8 sequence.
        encoded = encoded.decode("utf-8", "ignore").encode("utf-8")
    short = encoded.decode("utf-8", "surrogateescape")
    return f".{short}.{token}{TEMP_SUFFIX}"


def _write_temp(folder: Path, target_name: str, data: bytes, mode: int) -> Path:
    """Write ``data`` to a new temporary file in ``folder``, flushed and fsynced."""
    for _ in range(100):
        tmp = folder / _temp_name(target_name)
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
            )
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 100 collisions of 48 random bits
        raise FileExistsError(errno.EEXIST, "no free temporary name", os.fspath(folder))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def is_temporary_name(name: str) -> bool:
    """A name this module gives its temporary files (``.NAME.XXXXXXXX.artmp``).

    Only these are ever swept: a look-alike of another program's (a
    ``.NAME.tmp`` backup, an editor's swap file) is never touched."""
    return bool(_OUR_TEMP.match(name))


def _temp_target(name: str) -> str | None:
    if _OUR_TEMP.match(name):
        return name[1:].rsplit(".", 2)[0]
    return None


def sweep_stale_temporaries(
    folder: str | os.PathLike,
    names: Iterable[str] | None = None,
    *,
    now: float | None = None,
) -> list[str]:
    """Remove this app's leftover temporary files in ``folder``; returns their names.

    Only names of our own pattern (:func:`is_temporary_name`) are touched,
    only regular files older than :data:`STALE_TEMP_SECONDS`, and never one
    whose target's lock is held (a live writer may own it).  ``names`` may
    pass a listing the caller has anyway (a scan)."""
    folder = Path(folder)
    if names is None:
        try:
            names = os.listdir(folder)
        except OSError:
            return []
    cutoff = (time.time() if now is None else now) - STALE_TEMP_SECONDS
    removed: list[str] = []
    for name in names:
        if not name.startswith(".") or not is_temporary_name(name):
            continue
        path = folder / name
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_mtime > cutoff:
            continue
        target = _temp_target(name) or name
        try:
            with locked(folder / target, timeout=None):
                os.unlink(path)
        except (ArticleError, OSError):
            continue
        removed.append(name)
    return removed


class _SweepThrottle:
    """Folders swept recently by this process: writing many files into one
    folder (a bulk edit) lists it once, not once per file."""

    def __init__(self, interval: float = STALE_TEMP_SECONDS / 2):
        self.interval = interval
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def due(self, folder: Path) -> bool:
        key = os.fspath(folder)
        now = time.monotonic()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self.interval:
                return False
            if len(self._last) > 4096:
                self._last.clear()
            self._last[key] = now
            return True


_throttle = _SweepThrottle()


def _sweep_after_write(folder: Path) -> None:
    if _throttle.due(folder):
        with contextlib.suppress(OSError, ArticleError):
            sweep_stale_temporaries(folder)


# -- primitives (callers hold the lock) ------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` atomically (no lock, no check: the
    article functions below add those; use this for files that are not
    articles).

    The bytes go to a temporary file in the same folder, are flushed and
    fsynced, and then renamed over the target, so a reader (or a crash) sees
    either the old file or the new one, never half of it.  The target's
    permission bits are kept (``mode`` sets them for a new file).  Writes go
    through a symbolic link to the file it points at; replacing the link
    itself would turn it into a separate copy."""
    target, tmp = _prepare(path, data, mode)
    _commit(tmp, target)
    _sweep_after_write(target.parent)  # (a killed writer's temporary file)


def _prepare(path: str | os.PathLike, data: bytes, mode: int | None = None) -> tuple[Path, Path]:
    """The real target of ``path`` and a fsynced temporary file beside it
    holding ``data``, with the target's mode, owner, group and extended
    attributes (ACLs included) where they can be kept."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    if mode is None:
        mode = stat.S_IMODE(st.st_mode) if st is not None else _default_mode()
    tmp = _write_temp(target.parent, target.name, data, mode)
    if st is not None:
        _keep_identity(target, tmp, st)
    return target, tmp


def _give_owner(tmp: Path, identity: tuple[int, int, int]) -> None:
    """Give ``tmp`` the owner and group of ``identity`` (mode, uid, gid),
    best effort (the group at least), with its mode again."""
    mode, uid, gid = identity
    if not hasattr(os, "chown"):
        return
    st = os.stat(tmp)
    if (st.st_uid, st.st_gid) == (uid, gid):
        return
    try:
        os.chown(tmp, uid, gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, gid)
    os.chmod(tmp, mode)  # (chown may clear set-id bits)


def _keep_identity(target: Path, tmp: Path, st: os.stat_result) -> None:
    """Give the new file the old one's owner, group and extended attributes
    (best effort: a user may not give a file away, and some attributes need
    privileges; the content and mode are what a save promises)."""
    if hasattr(os, "chown"):
        tmp_st = os.stat(tmp)
        if (tmp_st.st_uid, tmp_st.st_gid) != (st.st_uid, st.st_gid):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                with contextlib.suppress(OSError):
                    os.chown(tmp, -1, st.st_gid)  # keep at least the group
            os.chmod(tmp, stat.S_IMODE(st.st_mode))  # chown may clear set-id bits
    if hasattr(os, "listxattr"):
        try:
            names = os.listxattr(target)
        except OSError:
            names = []
        for name in names:
            with contextlib.suppress(OSError):
                os.setxattr(tmp, name, os.getxattr(target, name))


def _commit(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _refuse_oversized(data: bytes, shown: str | os.PathLike) -> None:
    """An article is written only if it can be read again: no larger than
    :data:`~reader.core.article.limits.MAX_ARTICLE_BYTES` (an edit that grew
    a file past it would leave one that no command, undo included, opens)."""
    if len(data) > MAX_ARTICLE_BYTES:
        size, limit = describe_sizes(len(data), MAX_ARTICLE_BYTES)
        raise ArticleError(
            f"would be {size}, over the {limit} limit for an article; not saved", shown
        )


def create_exclusive(
    path: str | os.PathLike, data: bytes, identity: tuple[int, int, int] | None = None
) -> None:
    """Create ``path`` with ``data``; fail with FileExistsError if it exists
    (and with :class:`ArticleError` if ``data`` is larger than an article may be).
    ``identity``: the (mode, owner, group) to give it (a file brought back
    from the trash; the owner and group where this user may give them).

    The content is written to a temporary file first and then hard-linked into
    place, so the new file never appears half-written.  Where there are no
    hard links (FAT, some network shares), the name is reserved by an
    exclusive create and the whole temporary file renamed over the
    reservation; an error removes the reservation again."""
    target = Path(path)
    _refuse_oversized(data, target)
    mode = identity[0] if identity is not None else _default_mode()
    tmp = _write_temp(target.parent, target.name, data, mode)
    try:
        if identity is not None:
            _give_owner(tmp, identity)
        place_new(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _fsync_dir(target.parent)


def _read_current(path: Path) -> bytes | None:
    """The file's bytes now, or None when it is gone.  Never blocks: a file
    that has become a FIFO, a device or a folder is a change, not a read."""
    try:
        handle = open_regular(path)
    except FileNotFoundError:
        return None
    except NotRegularFileError:
        raise FileChangedError("the file is no longer a regular file; not saved", path) from None
    except OSError as exc:
        raise FileChangedError(
            f"the file cannot be read any more ({exc.strerror or exc}); not saved", path
        ) from None
    with handle:
        return handle.read()


# -- the write path ------------------------------------------------------------------------


def replace_checked(
    path: str | os.PathLike,
    expected: bytes | Callable[[bytes], bool],
    new_raw: bytes,
    *,
    display: str | os.PathLike | None = None,
) -> None:
    """Under the file's lock: if its bytes are still ``expected`` (or pass the
    ``expected`` test), write ``new_raw`` atomically.

    Raises :class:`FileChangedError` (the file changed or went away),
    :class:`ReadOnlyError`, :class:`LockTimeoutError` or :class:`ArticleError`;
    in every case the file is left as it was."""
    target = Path(path)
    shown = display if display is not None else target
    _refuse_oversized(new_raw, shown)
    with locked(target):
        current = _read_current(target)
        if current is None:
            raise FileChangedError(
                "the file was deleted or moved since it was opened; not saved", shown
            )
        unchanged = expected(current) if callable(expected) else current == expected
        if not unchanged:
            raise FileChangedError(
                "the file changed on disk since it was opened; not saved (reload it first)",
                shown,
            )
        if is_read_only(target):
            raise ReadOnlyError("file is read-only; not saved", shown)
        try:
            real, tmp = _prepare(target, new_raw)
        except OSError as exc:
            raise _write_error(exc, shown, in_folder=True) from None
        # Once more right before the rename: a writer that does not share our
        # lock (another lock folder, another machine) may have written meanwhile.
        try:
            again = _read_current(target)
        except FileChangedError:
            again = None
        if again != current:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise FileChangedError(
                "the file changed on disk while it was being saved; not saved (reload it first)",
                shown,
            )
        try:
            _commit(tmp, real)
        except OSError as exc:
            raise _write_error(exc, shown) from None
    _sweep_after_write(Path(_real_target(target)).parent)


def save_article(article: Article, new_raw: bytes) -> bool:
    """Write ``new_raw`` over the article's file if it differs from what was read.

    Returns False, writing nothing, when there is no change (so the file's
    modification time stays the same).  Otherwise the write is locked,
    re-checked and atomic (see the module docstring): raises
    :class:`FileChangedError` when the file changed since it was read,
    :class:`ReadOnlyError` when it may not be written, and leaves the file
    untouched in every error."""
    if new_raw == article.raw:
        return False
    if article.path is None:
        raise ArticleError("the article has no file to save to")
    refuse_decoded(article)
    replace_checked(article.path, article.raw, new_raw)
    return True


def refuse_decoded(article: Article) -> None:
    """Raise :class:`ArticleError` for an article read from UTF-16 or UTF-32
    (``Article.decoded_from``): what an edit made of its text is UTF-8
    bytes, another file (and any byte that did not decode, lost)."""
    if article.decoded_from is not None:
        raise ArticleError(
            f"is {article.decoded_from} text, not UTF-8; it is shown but not rewritten "
            "(save it as UTF-8 to edit it here); not saved",
            article.path,
        )


def update_article(
    path: str | os.PathLike,
    change: Callable[[Article], bytes],
    *,
    load: Callable[[str | os.PathLike], Article] | None = None,
) -> tuple[Article, bytes, bool]:
    """Read, change and write one article under its lock, so that a change
    computed from the file (``article-reader set``) always applies to its
    latest bytes and never undoes another writer's.  ``change`` returns the
    new bytes (or raises :class:`ArticleError` to refuse).  Returns the
    article as read, the new bytes, and whether the file was written."""
    if load is None:
        from reader.core.article.codec import load_article

        load = load_article
    with locked(path):
        article = load(path)
        new_raw = change(article)
        return article, new_raw, save_article(article, new_raw)


@dataclass(frozen=True, slots=True)
class _Name:
    base: str
    extension: str

    def numbered(self, number: int) -> str:
        return f"{self.base}{'' if number == 1 else f'-{number}'}{self.extension}"


def _fit_name(base: str, extension: str) -> _Name:
    """Shorten ``base`` so that numbered names and their temporaries fit in 255 bytes."""
    room = _NAME_MAX - len(extension.encode()) - len("-9999") - len(f"..{'x' * 8}{TEMP_SUFFIX}")
    encoded = base.encode("utf-8")
    if len(encoded) > room:
        base = encoded[:room].decode("utf-8", "ignore").rstrip("-") or "article"
    return _Name(base, extension)


def create_article_file(folder: str | os.PathLike, base: str, extension: str, data: bytes) -> Path:
    """Create ``folder/<base><extension>`` with ``data`` atomically, never over
    an existing file: ``-2``, ``-3`` … are appended to a name that is taken.
    Returns the new file's path.  This is the only free-name loop."""
    target_dir = Path(folder)
    name = _fit_name(base, extension)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(exc, target_dir) from None
    for number in range(1, 10_000):
        target = target_dir / name.numbered(number)
        if os.path.lexists(target):
            continue
        try:
            create_article_at(target, data)
        except FileExistsError:
            continue
        _sweep_after_write(target_dir)
        return target
    raise ArticleError("no free file name", target_dir / name.numbered(1))  # pragma: no cover


def create_article_at(
    path: str | os.PathLike, data: bytes, identity: tuple[int, int, int] | None = None
) -> None:
    """Create the article file ``path`` with ``data``, under its lock and
    never over a file (:func:`create_exclusive`): FileExistsError when one
    is there; any other failure is an :class:`ArticleError` naming it (a
    read-only folder, a full disk).  New articles, a file deleted while it
    was edited written again, a trashed one brought back (``identity``: see
    :func:`create_exclusive`)."""
    target = Path(path)
    with locked(target):
        try:
            create_exclusive(target, data, identity)
        except FileExistsError:
            raise
        except OSError as exc:
            raise _write_error(exc, target) from None


def move_article(
    source: str | os.PathLike, target: str | os.PathLike, *, expected: bytes | None = None
) -> None:
    """Rename ``source`` to ``target`` (folders are created), never replacing
    an existing file.  With ``expected``, the source must still hold those
    bytes.  Both names are locked."""
    source, target = Path(source), Path(target)
    with locked(source, target):
        if not os.path.isfile(source):
            raise FileChangedError("the file was deleted or moved; not moved", source)
        if expected is not None and _read_current(source) != expected:
            raise FileChangedError(
                "the file changed on disk since it was opened; not moved (reload it first)",
                source,
            )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _write_error(exc, target.parent) from None
        if os.path.islink(source):
            _move_link(source, target)
        else:
            _rename_no_clobber(source, target)


def _move_link(source: Path, target: Path) -> None:
    """Move a symbolic link so that it still points at the same file: a
    relative link is rewritten relative to its new folder."""
    if os.path.lexists(target):
        if _respelled(source, target) and source.parent == target.parent:
            try:
                os.rename(source, target)  # (the same link, its name spelled anew)
            except OSError as exc:
                raise _write_error(exc, source) from None
            return
        raise NameTakenError("a file with that name exists already", target)
    pointed = os.readlink(source)
    if not os.path.isabs(pointed):
        real = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(source)), pointed))
        pointed = os.path.relpath(real, os.path.dirname(os.path.abspath(target)))
    try:
        os.symlink(pointed, target)
    except FileExistsError:
        raise NameTakenError("a file with that name exists already", target) from None
    except OSError as exc:
        raise _write_error(exc, target) from None
    try:
        os.unlink(source)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise _write_error(exc, source) from None


def _respelled(source: Path, target: Path) -> bool:
    """Whether ``target`` names the very folder entry ``source`` does, only
    spelled otherwise: on a file system that ignores case or normalises
    names (macOS, Windows), ``hello.md`` → ``Hello.md`` finds "a file with
    that name" -- the article itself.  A second name of the same file (a
    hard link) is an entry of its own, listed in the folder: not this, nor
    the same file's name in another folder.  An inode number of 0 says
    nothing (some network shares give it to every file): never the same."""
    try:
        first, second = os.lstat(source), os.lstat(target)
        here, there = os.stat(source.parent), os.stat(target.parent)
    except OSError:
        return False
    if not _same_entry(first, second) or not _same_entry(here, there):
        return False
    try:
        return target.name not in os.listdir(target.parent)
    except OSError:
        return False


def _same_entry(first: os.stat_result, second: os.stat_result) -> bool:
    """Whether two stats are of one file, by a device and inode number that
    say so (not 0: unknown)."""
    return bool(first.st_ino) and (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _rename_no_clobber(source: Path, target: Path) -> None:
    """Rename without ever replacing an existing file."""
    if os.path.lexists(target):
        if _respelled(source, target):
            try:
                os.rename(source, target)  # (the file system changes the spelling)
            except OSError as exc:
                raise _write_error(exc, source) from None
            return
        raise NameTakenError("a file with that name exists already", target)
    try:
        if rename_no_replace(source, target):  # one step, where the system can
            return
    except FileExistsError:
        raise NameTakenError("a file with that name exists already", target) from None
    except OSError as exc:
        # (the folder that refused it named: the new name's, or the old one's)
        refused = exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
        writable = os.access(target.parent, os.W_OK | os.X_OK)
        raise _write_error(exc, target if refused and not writable else source) from None
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise NameTakenError("a file with that name exists already", target) from None
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EROFS):
            raise _write_error(exc, target) from None
        # No hard links here (FAT, some network shares): the name reserved,
        # then renamed over (never a check then a rename: see place_new).
        try:
            place_new(source, target)
        except FileExistsError:
            raise NameTakenError("a file with that name exists already", target) from None
        except OSError as exc2:
            raise _write_error(exc2, source) from None
        return
    try:
        os.unlink(source)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(target)  # undo the link: the article keeps its one name
        raise _write_error(exc, source) from None


def drop_second_name(path: str | os.PathLike, other: str | os.PathLike) -> bool:
    """Remove the name ``path`` if it is a second name (a hard link) of the
    very file ``other`` names, which a move killed between its link and its
    unlink leaves behind (see :func:`_rename_no_clobber`); both names are
    locked.  True when removed; False, touching nothing, otherwise."""
    path, other = Path(path), Path(other)
    with locked(path, other):
        try:
            first, second = os.lstat(path), os.lstat(other)
        except OSError:
            return False
        same = (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)
        if not (same and stat.S_ISREG(first.st_mode) and first.st_nlink >= 2):
            return False
        try:
            os.unlink(path)
        except OSError as exc:
            raise _write_error(exc, path) from None
    _fsync_dir(path.parent)
    return True


def trash_article(path: str | os.PathLike, *, expected: bytes | None = None) -> None:
    """Move an article to the system trash (never deleted outright), under
    its lock; with ``expected``, only if it still holds those bytes."""
    from send2trash import send2trash
    from send2trash.exceptions import TrashPermissionError

    target = Path(path)
    with locked(target):
        if not os.path.lexists(target):
            raise FileChangedError("the file was deleted or moved; not moved to the trash", target)
        if expected is not None and _read_current(target) != expected:
            raise FileChangedError(
                "the file changed on disk since it was opened; not moved to the trash", target
            )
        try:
            send2trash(os.fspath(target))
        except (OSError, TrashPermissionError) as exc:
            raise ArticleError(f"cannot move to the trash: {_trash_reason(exc)}", target) from None


def _trash_reason(exc: OSError) -> str:
    """Why send2trash failed, its folder named as text (it gives bytes:
    ``[Errno 13] Permission denied: b'/home/ann/.local/share/Trash/files'``)."""
    reason = exc.strerror or str(exc)
    if isinstance(exc.filename, (bytes, str)):
        reason += f" ({os.fsdecode(exc.filename)})"
    return reason
