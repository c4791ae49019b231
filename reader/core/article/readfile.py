"""Reading an article file's bytes: never blocking, never unbounded.  No Qt here.

Every reader of article files (parsing, the full-text pass, excerpts) goes
through :func:`read_article_bytes`, so that one odd entry in a folder cannot
hang or exhaust a command:

* only regular files are read (a symbolic link to one is fine).  A FIFO
  would block the reader until some writer appears, and a character device
  such as ``/dev/zero`` never ends: the file is opened non-blocking (so that
  opening a FIFO returns at once), and anything but a regular file is
  refused on the descriptor's ``fstat`` before a byte is read;
* at most ``max_bytes + 1`` bytes are read (see
  :data:`~reader.core.article.limits.MAX_ARTICLE_BYTES`), whatever size the file
  claims or grows to meanwhile;
* the bytes are returned without an extra copy (a 50 MB article costs 50 MB
  here, not twice that).
"""

from __future__ import annotations

import contextlib
import os
from typing import NoReturn

from reader.core.article.limits import MAX_ARTICLE_BYTES, describe_size, describe_sizes
from reader.core.article.model import ArticleError
from reader.core.common.files import file_kind

__all__ = ["read_article_bytes"]

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat must not block
    | getattr(os, "O_NOCTTY", 0)  # nor a terminal become ours
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHUNK = 1 << 20


def _refuse(
    st: os.stat_result, path: str | os.PathLike, max_bytes: int, of: str = "an article"
) -> None:
    kind = file_kind(st.st_mode)
    if kind == "a folder":
        raise ArticleError("is a folder, not an article", path)
    if kind is not None:
        raise ArticleError(f"is {kind}, not a regular file; not read", path)
    if st.st_size > max_bytes:
        _too_large(path, st.st_size, max_bytes, of)


def _too_large(
    path: str | os.PathLike, size: int | None, max_bytes: int, of: str = "an article"
) -> NoReturn:
    said, limit = describe_sizes(size if size is not None else 0, max_bytes)
    what = f"is {said}, over" if size is not None else "is over"
    if size is None:
        limit = describe_size(max_bytes)
    raise ArticleError(f"{what} the {limit} limit for {of}; not read", path)


def read_article_bytes(
    path: str | os.PathLike,
    max_bytes: int = MAX_ARTICLE_BYTES,
    *,
    follow_links: bool = True,
    of: str = "an article",
) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``path`` and its stat (taken on the open
    descriptor, so they belong together).  ``follow_links=False`` refuses a
    symbolic link in the last part of ``path`` instead of reading its target.
    ``of`` says what the file is, in a message of its size ("over the 2 MB
    limit for a site's data file").

    Raises :class:`ArticleError`, naming the file, when it does not exist,
    cannot be read, is not a regular file, or holds more than ``max_bytes``.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS if follow_links else _OPEN_FLAGS | _NOFOLLOW)
    except FileNotFoundError:
        raise ArticleError("no such file", path) from None
    except OSError as exc:
        if not follow_links and os.path.islink(path):
            raise ArticleError("is a symbolic link; not read", path) from None
        with contextlib.suppress(OSError):  # a socket cannot be opened: say what it is
            _refuse(os.stat(path), path, max_bytes, of)
        raise ArticleError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        st = os.fstat(fd)
        _refuse(st, path, max_bytes, of)
        # One read for the size fstat gave, one more to see the end (the file
        # may have grown since); a single chunk is returned as it is.
        chunks = [os.read(fd, st.st_size + 1)]
        total = len(chunks[0])
        while chunks[-1] and total <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror or exc}", path) from None
    finally:
        os.close(fd)
    if total > max_bytes:
        _too_large(path, None, max_bytes, of)
    return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), st
