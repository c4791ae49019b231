"""Opening a file to read it, never blocking on what is not a regular file.  No Qt here.

A name checked with ``is_file()`` or ``lstat`` can be swapped before it is
opened: in a synced folder, in the cache, by another program.  A FIFO put
there would block a plain ``open`` until some writer appears, and a
character device such as ``/dev/zero`` never ends.  :func:`open_regular`
opens without blocking and checks the descriptor itself, so what is read is
what was checked.  (Article files have their own reader, with limits and
messages of its own: :mod:`reader.core.article.readfile`.)

:func:`place_new` gives a whole file a new name without ever replacing a
file there, also where the file system has no hard links.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import sys
from collections.abc import Callable
from typing import BinaryIO

__all__ = [
    "NotRegularFileError",
    "file_kind",
    "holds_files_ending",
    "not_a_folder",
    "open_regular",
    "place_new",
]

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)  # opening a FIFO returns at once
    | getattr(os, "O_NOCTTY", 0)  # nor does a terminal become ours
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotRegularFileError(OSError):
    """The path names a folder, a FIFO, a device or a socket, not a regular file."""


def what_is_at(path: str | os.PathLike[str]) -> str:
    """What holds the name ``path``, for a message: ``"a file"``, or what
    else it is (``"a folder"``, ``"a FIFO (named pipe)"``)."""
    try:
        return file_kind(os.lstat(path).st_mode) or "a file"
    except OSError:
        return "a file"


def file_kind(mode: int) -> str | None:
    """What a file that is not regular is, for a message (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_a_folder(path: str | os.PathLike[str]) -> str:
    """Why ``path``, which is no folder, cannot be a library, for a message:
    ``not a folder``, and what is there instead when the name alone does not
    tell (nothing at all, a link to nothing, a loop of links)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "not a folder (a loop of symbolic links)"
        if exc.errno == errno.ENOENT:
            if os.path.islink(path):
                return "not a folder (a symbolic link to nothing)"
            return "not a folder (nothing by that name)"
    except ValueError:  # (a NUL in the name)
        pass
    return "not a folder"


def not_read_because(path: str | os.PathLike[str]) -> str:
    """Why ``path``, not a regular file, is not read (by a template's
    include): ``not read: a FIFO (named pipe)``, ``not found``; only a stat,
    so a FIFO is named, never waited on."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "not found"
    return f"not read: {file_kind(mode) or 'not a regular file'}"


def hidden_below(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether ``path``, as named or where its links lead, has a hidden part
    (``.git``, ``.env``) below ``root`` (resolved): what a site's templates
    never read."""
    from pathlib import Path

    named = Path(path)
    for candidate in (named, named.resolve()):
        try:
            parts = candidate.relative_to(root).parts
        except ValueError:
            continue
        if any(part.startswith(".") for part in parts):
            return True
    return False


def open_regular(path: str | os.PathLike[str], *, follow_links: bool = True) -> BinaryIO:
    """The regular file at ``path``, open for reading in binary mode.

    Never blocks: the file is opened non-blocking (which changes nothing for
    a regular file) and its descriptor's ``fstat`` must say it is a regular
    file, else :class:`NotRegularFileError` (an :class:`OSError`, its
    ``strerror`` naming what it is).  ``follow_links=False`` refuses a
    symbolic link (``ELOOP``) instead of reading what it points to.  Raises
    :class:`OSError` when the file cannot be opened.
    """
    fd = os.open(path, _FLAGS | (0 if follow_links else _NOFOLLOW))
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegularFileError(errno.EINVAL, f"{kind}, not a regular file", os.fspath(path))
        return open(fd, "rb")  # the file object owns the descriptor from here
    except BaseException:
        os.close(fd)
        raise


_AT_FDCWD = -100
_RENAME_NOREPLACE = 1  # Linux
_RENAME_EXCL = 4  # macOS
# renameat2/renamex_np: the file system cannot do it (no such call for it;
# EPERM: a sandbox's filter refusing the call, as older container defaults did)
_NOT_HERE = {errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EPERM, getattr(errno, "ENOTSUP", -1)}
_NOT_HERE.add(getattr(errno, "EOPNOTSUPP", -1))


def _noreplace_rename() -> Callable[[bytes, bytes], int] | None:
    return _noreplace_rename_on(sys.platform)


@functools.cache
def _noreplace_rename_on(platform: str) -> Callable[[bytes, bytes], int] | None:
    """The system's rename that never replaces (loaded on first use), or None
    (Windows: its own rename never replaces; and there ``CDLL(None)`` fails
    with a TypeError)."""
    if not (platform.startswith("linux") or platform == "darwin"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError, AttributeError):
        return None
    if platform.startswith("linux"):
        renameat2 = getattr(libc, "renameat2", None)
        if renameat2 is None:  # (a C library older than glibc 2.28)
            return None
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        renameat2.argtypes += [ctypes.c_uint]
        renameat2.restype = ctypes.c_int

        def linux(old: bytes, new: bytes) -> int:
            return int(renameat2(_AT_FDCWD, old, _AT_FDCWD, new, _RENAME_NOREPLACE))

        return linux
    renamex_np = getattr(libc, "renamex_np", None)
    if renamex_np is None:
        return None
    renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
    renamex_np.restype = ctypes.c_int

    def macos(old: bytes, new: bytes) -> int:
        return int(renamex_np(old, new, _RENAME_EXCL))

    return macos


def rename_no_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> bool:
    """Rename ``source`` to ``target`` in one step, never replacing a file
    there (:class:`FileExistsError`), where the system and its file system
    can (Linux ``renameat2``, macOS ``renamex_np``): True, done.  False,
    nothing done, where they cannot: then :func:`place_new` and an unlink,
    two steps, between which a kill leaves one file under both names."""
    call = _noreplace_rename()
    if call is None:
        return False
    import ctypes

    old, new = os.fsencode(source), os.fsencode(target)
    if b"\0" in old or b"\0" in new:  # (C would stop there: another name)
        raise ValueError("embedded null character in path")  # (as os.rename says)
    if call(old, new) == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.EEXIST:
        raise FileExistsError(code, os.strerror(code), os.fspath(target))
    if code in _NOT_HERE:
        return False
    raise OSError(code, os.strerror(code), os.fspath(source))


def place_new(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Give the whole file ``source`` the new name ``target`` in one step,
    never replacing a file there (:class:`FileExistsError`).  Renamed where
    the system can (:func:`rename_no_replace`); else a hard link is made
    (``source`` keeps its name too: the caller removes it, and a kill
    between leaves it behind); where the file system has none (FAT, some
    network shares), an empty file made exclusively holds the name and
    ``source`` is renamed over it, and an error removes that reservation
    again.  Never a check then a rename: another program may take the name
    in between."""
    if rename_no_replace(source, target):
        return
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # no hard links here
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)
    reserved = os.stat(target)
    try:
        os.replace(source, target)
    except BaseException:
        with contextlib.suppress(OSError):
            now = os.stat(target)
            if (now.st_dev, now.st_ino, now.st_size) == (reserved.st_dev, reserved.st_ino, 0):
                os.unlink(target)  # (still the empty reservation: nobody else's)
        raise


def holds_files_ending(folder: str | os.PathLike[str], suffixes: tuple[str, ...]) -> bool:
    """Whether ``folder`` holds a file whose name ends with one of
    ``suffixes`` (lower case), at any depth, hidden names and links aside:
    a folder of articles, say, which is no article's own folder of images.
    Stops at the first one found."""
    for _where, folders, files in os.walk(os.fspath(folder)):
        if any(not n.startswith(".") and n.lower().endswith(suffixes) for n in files):
            return True
        folders[:] = [name for name in folders if not name.startswith(".")]
    return False


def named_exactly(
    root: str | os.PathLike, rel: str, listed: dict[str, frozenset[str] | None]
) -> bool:
    """Whether each name of ``rel`` (a posix path below the folder ``root``)
    is in its folder under that very spelling: on a volume that ignores
    case, ``Notes/a.md`` is found by ``lstat`` after a rename to
    ``notes/a.md``, and is not there.  ``listed`` keeps each folder's names
    between calls (None: it cannot be listed, and counts as holding them)."""
    folder = os.fspath(root)
    for part in rel.split("/"):
        if folder not in listed:
            try:
                listed[folder] = frozenset(os.listdir(folder))
            except OSError:
                listed[folder] = None
        names = listed[folder]
        if names is not None and part not in names:
            return False
        folder = os.path.join(folder, part)
    return True
