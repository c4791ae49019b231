"""Safe writes: atomic replacement, kept permissions, and conflict detection."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .article import Article, ArticleError

__all__ = ["FileChangedError", "create_exclusive", "save_article", "write_atomic"]


class FileChangedError(ArticleError):
    """The file changed on disk since it was read; it was left untouched."""


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
    """Replace ``path`` with ``data`` atomically.

    The bytes go to a temporary file in the same folder, are flushed and
    fsynced, and then renamed over the target, so a reader (or a crash) sees
    either the old file or the new one, never half of it.  The target's
    permission bits are kept (``mode`` sets them for a new file).
    """
    # Write through a symbolic link to the file it points at; replacing the
    # link itself would turn it into a separate copy.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = target.parent
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(folder)


def create_exclusive(path: str | os.PathLike, data: bytes) -> None:
    """Create ``path`` with ``data``; fail with FileExistsError if it exists.

    The content is written to a temporary file first and then hard-linked into
    place, so the new file never appears half-written."""
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        try:
            os.link(tmp_name, target)
        except OSError as exc:
            if isinstance(exc, FileExistsError):
                raise
            # File systems without hard links: fall back to an exclusive open.
            with open(target, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    _fsync_dir(target.parent)


def check_unchanged(article: Article) -> None:
    """Raise :class:`FileChangedError` if the file is no longer what was read."""
    if article.path is None:
        raise ArticleError("the article has no file to save to")
    try:
        st = os.stat(article.path)
    except FileNotFoundError:
        raise FileChangedError(
            "the file was deleted or moved since it was opened; not saved", article.path
        ) from None
    if article.mtime_ns is not None and (
        st.st_mtime_ns != article.mtime_ns or st.st_size != article.size
    ):
        raise FileChangedError(
            "the file changed on disk since it was opened; not saved (reload it first)",
            article.path,
        )
    with open(article.path, "rb") as handle:
        current = handle.read()
    if current != article.raw:
        raise FileChangedError(
            "the file changed on disk since it was opened; not saved (reload it first)",
            article.path,
        )


def save_article(article: Article, new_raw: bytes) -> bool:
    """Write ``new_raw`` over the article's file if it differs from what was read.

    Returns False, writing nothing, when there is no change (so the file's
    modification time stays the same).  Raises :class:`FileChangedError`, and
    leaves the file untouched, when the file changed since it was read.
    """
    if new_raw == article.raw:
        return False
    check_unchanged(article)
    try:
        write_atomic(article.path, new_raw)  # type: ignore[arg-type]
    except OSError as exc:
        raise ArticleError(f"cannot write: {exc.strerror or exc}", article.path) from None
    return True
