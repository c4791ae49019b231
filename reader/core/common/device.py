"""This device's id: a random UUID kept in the per-user data folder.

Reading state is written one log per device (``<uuid>.jsonl``), so each
machine needs an id of its own that survives restarts but is never copied
with the library.  It lives in :func:`reader.core.common.dirs.user_data_dir`
(``$ARTICLE_READER_DATA_DIR`` overrides it), not in the Qt settings, so the
command line and the window agree.  A data folder copied to another machine
(a home folder moved to a new laptop) is told by the file's inode number,
noted beside it: the copy makes an id of its own.  No Qt here."""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from pathlib import Path

from reader.core.common.dirs import user_data_dir
from reader.core.common.files import open_regular
from reader.core.common.flock import wait_for_lock

__all__ = ["DEVICE_FILE", "device_id", "is_device_id"]

DEVICE_FILE = "device-id"
NOTE_FILE = "device-id.file"  # which file holds it (see _own)

_fallback: dict[str, str] = {}  # folder -> id, when the data folder cannot be written
_FALLBACK_NAMESPACE = uuid.UUID("6f1d2c1e-5b7a-4c39-9a55-0a7d3e2b8c41")  # (see _stable_id)
# One thread at a time makes the id: two that found no file could each
# write one, the second taking the first's for a damaged file and replacing
# it, so that the first thread's stores wrote their logs under an id the
# folder no longer names.  (Other processes are told apart by the link.)
_making = threading.Lock()


def is_device_id(text: object) -> bool:
    """True for a canonical lower-case UUID string (what :func:`device_id` makes)."""
    if not isinstance(text, str) or len(text) != 36:
        return False
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def device_id(data_dir: str | os.PathLike | None = None) -> str:
    """This device's UUID, created on first use.

    Two processes starting at once agree: the new id is written to a
    temporary file and linked into place, which fails if another process
    linked its id first (then that one is read).  A damaged file is replaced.
    When the data folder cannot be written (or the file cannot be kept
    there: a folder in its place), the id is made from the machine, the user
    and the folder (:func:`_stable_id`): every start gets the same one, and
    with it the same log, instead of a new log in the library per start."""
    folder = Path(data_dir) if data_dir is not None else user_data_dir()
    with _making:  # (the window's stores ask from two threads as it opens a library)
        return _device_id(folder)


def _device_id(folder: Path) -> str:
    target = folder / DEVICE_FILE
    for _attempt in range(3):
        existing = _read(target)
        if existing is not None:
            return _own(folder, *existing)
        fresh = str(uuid.uuid4())
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary, number = _written(folder, fresh)
            try:
                if os.path.lexists(target):
                    if _read(target) is not None:
                        continue  # another process's id, linked since it was read
                    _note_file(folder, number)
                    os.replace(temporary, target)  # damaged: replace it
                    return fresh
                os.link(temporary, target)
                _note_file(folder, number)
                return fresh
            except FileExistsError:
                continue  # another process was first: read its id
            finally:
                with contextlib.suppress(OSError):
                    temporary.unlink()
        except OSError:
            return _stable_id(folder)
    existing = _read(target)
    return existing[0] if existing is not None else _stable_id(folder)


def _written(folder: Path, ident: str) -> tuple[Path, int]:
    """A new file in ``folder`` holding ``ident``, and its inode number."""
    temporary = folder / f".{DEVICE_FILE}.{ident}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, (ident + "\n").encode("ascii"))
        return temporary, os.fstat(fd).st_ino
    finally:
        os.close(fd)


def _note_file(folder: Path, number: int) -> None:
    """Note which file holds the id (its inode number, in :data:`NOTE_FILE`):
    a data folder copied to another machine holds a file of another number
    there.  Best effort: without the note, a copy is not told apart."""
    note = folder / NOTE_FILE
    temporary = folder / f".{NOTE_FILE}.{uuid.uuid4()}"
    try:
        temporary.write_text(f"{number}\n", encoding="ascii")
        os.replace(temporary, note)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _noted_file(folder: Path) -> int | None:
    try:
        with open_regular(folder / NOTE_FILE) as handle:
            text = handle.read(40).decode("ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _own(folder: Path, ident: str, number: int) -> str:
    """``ident``, read from the file of inode ``number``, unless the data
    folder was copied from another machine (the note names another file):
    a machine of its own then gets an id of its own, or two machines would
    write one log in every library (a sync tool's conflict, one file with
    two writers).  A folder without the note (made before notes were
    kept) is noted now."""
    noted = _noted_file(folder)
    if noted is None:
        _note_file(folder, number)
        return ident
    if noted == number:
        return ident
    lock = None
    with contextlib.suppress(OSError):
        lock = os.open(folder / f"{DEVICE_FILE}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if lock is not None:
            with contextlib.suppress(OSError):
                wait_for_lock(lock, time.monotonic() + 10)
        existing = _read(folder / DEVICE_FILE)
        if existing is not None and _noted_file(folder) == existing[1]:
            return existing[0]  # (another process of this machine made it meanwhile)
        fresh = str(uuid.uuid4())
        try:
            temporary, made = _written(folder, fresh)
            try:
                _note_file(folder, made)
                os.replace(temporary, folder / DEVICE_FILE)
            finally:
                with contextlib.suppress(OSError):
                    temporary.unlink()
        except OSError:
            return ident  # (kept as it is: the folder cannot be written now)
        return fresh
    finally:
        if lock is not None:
            os.close(lock)  # (the lock goes with it)


def _machine() -> str:
    """What tells this machine from others: its systemd/D-Bus machine id,
    else its host name."""
    for name in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        with contextlib.suppress(OSError):
            with open_regular(Path(name)) as handle:
                text = handle.read(100).decode("ascii", errors="replace").strip()
            if text:
                return text
    import socket

    return socket.gethostname()


def _stable_id(folder: Path) -> str:
    """The id of a device whose data folder cannot keep one: a UUID made
    from the machine, the user and the folder (the same at every start,
    another on another machine), kept for this process."""
    key = os.fspath(folder)
    if key not in _fallback:
        user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
        _fallback[key] = str(uuid.uuid5(_FALLBACK_NAMESPACE, f"{_machine()}\0{user}\0{key}"))
    return _fallback[key]


def _read(target: Path) -> tuple[str, int] | None:
    """The id the file holds and the file's inode number, or None."""
    try:
        with open_regular(target) as handle:  # a FIFO would block, a folder cannot be read
            text = handle.read(100).decode("ascii", errors="replace").strip()
            number = os.fstat(handle.fileno()).st_ino
    except OSError:
        return None
    return (text, number) if is_device_id(text) else None
