"""Bring the index up to date with the files.  No Qt here.

Every file is stat-ed (one ``scandir`` walk); only files whose
``(mtime_ns, size, ctime_ns, inode)`` differ from the index are read and
parsed, deleted files are dropped and new ones added.  (The modification
time alone is not enough: ``cp -p``, ``rsync -t`` and ``tar`` put it back.)
Large batches are parsed in a process pool; the results are written in
batches, one transaction each, so a cancelled refresh keeps what it finished.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import os
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from reader.core.common.apart import Apart, process_context, run_apart
from reader.core.common.tasks import (
    Cancel,
    Progress,
    exit_with_parent,
    signals_held,
)
from reader.core.library.index import IndexDB, IndexedState
from reader.core.library.records import PathProblem, Record, read_record, read_records
from reader.core.library.scan import FileStat, ScanResult, is_gone, scan

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator
    from concurrent.futures import Future, ProcessPoolExecutor

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

__all__ = [
    "PARALLEL_THRESHOLD",
    "RefreshStats",
    "chunk_starts",
    "parse_in_pool",
    "pool_map",
    "refresh",
    "sync",
    "workers",
]

# Below this many files to parse, a process pool costs more than it saves.
PARALLEL_THRESHOLD = 2000
_CHUNK = 200  # files per worker task
_BATCH = 1000  # records per transaction
_BULK_BATCH = 5000  # … when filling an empty index
# … and at most about this many bytes of full text (UTF-8) per transaction
# (measured: 4 M characters, about 7 MB of the generated library's mostly
# Chinese index text, was about three times faster than 16 M, and a little
# faster than 2 M or 8 M).
_BATCH_BYTES = 7 * 1024 * 1024
# Chunks in flight per worker when reading the full text too: the workers go
# on while this process writes.
_FULLTEXT_WINDOW = 8
# A bulk load with the full text builds its secondary SQL indexes while the
# workers parse about this many last articles each (see _index_in_shards).
_TAIL = 400
# Filling an empty index with at least this many articles drops the secondary
# SQL indexes first and builds them at the end (see IndexDB.bulk_load).
BULK_THRESHOLD = 2000

_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing allocates many small containers that all live to the end of
    the batch, so the cyclic collector runs often and finds nothing; pausing
    it makes a large refresh about 15% faster.  (Process-wide, reference
    counted across threads; it is re-enabled when the last refresh ends.)"""
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


@dataclass(slots=True)
class RefreshStats:
    """What a refresh did.  ``unreadable`` lists the files and folders that
    could not be read (a file deleted meanwhile is simply gone: removed)."""

    scanned: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    unreadable: list[PathProblem] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    parallel: bool = False

    @property
    def parsed(self) -> int:
        return self.added + self.updated

    def merge(self, other: RefreshStats) -> None:
        for name in ("scanned", "added", "updated", "removed", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.unreadable.extend(other.unreadable)
        self.cancelled = self.cancelled or other.cancelled
        self.parallel = self.parallel or other.parallel


def workers() -> int:
    """How many processes a pool uses: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


_workers = workers


def sync(
    db: IndexDB,
    root: str,
    on_disk: ScanResult | dict[str, FileStat],
    indexed: dict[str, IndexedState],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    parallel: bool | None = None,
    worker_start: str | None = None,
    fulltext: bool = False,
) -> RefreshStats:
    """Make the index rows ``indexed`` match the files ``on_disk`` (both for
    the same part of the library).  What the scan could not read is reported
    in the result's ``unreadable``.  ``fulltext`` puts what is read into the
    full-text index too, from the same read of each file (otherwise
    :func:`~reader.core.library.search.build_fulltext` does that later)."""
    started = time.perf_counter()
    db.heal_after_load()  # (what a load cut short left behind: see IndexDB.heal_after_load)
    stats = RefreshStats(scanned=len(on_disk))
    if isinstance(on_disk, ScanResult):
        stats.unreadable.extend(on_disk.unreadable)
    deleted = [(state[4], state[5]) for path, state in indexed.items() if path not in on_disk]
    changed: list[str] = []
    for path, st in on_disk.items():
        state = indexed.get(path)
        if (
            state is None
            or state[0] != st.mtime_ns
            or state[1] != st.size
            or state[2] != st.ctime_ns
            or state[3] != st.inode
        ):
            changed.append(path)
    stats.unchanged = len(on_disk) - len(changed)
    stats.removed = len(deleted)
    if deleted:
        db.apply_changes([], deleted)
    changed.sort()
    total = len(changed)
    if progress is not None:
        progress(0, total, "")
    if parallel is None:
        parallel = total > PARALLEL_THRESHOLD and _workers() > 1
    stats.parallel = bool(parallel and total)
    pending: list[tuple[Record, int | None, int | None, int, int]] = []
    done = 0
    bulk = not indexed and total >= BULK_THRESHOLD and db.count() == 0
    batch = _BULK_BATCH if bulk else _BATCH

    chars = 0

    def flush() -> None:
        nonlocal chars
        if pending:
            db.apply_changes(pending, [])
            pending.clear()
            chars = 0

    def take(result: Record | PathProblem, rel: str) -> None:
        nonlocal done, chars
        done += 1
        state = indexed.get(rel)
        if isinstance(result, PathProblem) and not is_gone(os.path.join(root, rel)):
            # Read once more: an editor that saves by moving the file aside
            # and writing a new one (vim, a `git checkout`) leaves a moment
            # with no file, which a read may fall in ("no such file" for a
            # file there before and after).  (Its full text, if asked for, is
            # left pending: a shard's writer may be the one to hold it.)
            result = read_record(root, rel)
        if isinstance(result, PathProblem):
            # Deleted between the scan and the read: gone, not unreadable.
            if not is_gone(os.path.join(root, rel)):
                stats.unreadable.append(result)
            if state is not None:  # unreadable or gone now: drop the stale row
                db.apply_changes([], [(state[4], state[5])])
                stats.removed += 1
            return
        st = on_disk[rel]
        if state is None:
            stats.added += 1
            pending.append((result, None, None, st.ctime_ns, st.inode))
        else:
            stats.updated += 1
            pending.append((result, state[4], state[5], st.ctime_ns, st.inode))
        entry = result[4]  # the full-text entry, when asked for
        if entry is not None and not isinstance(entry, int):
            chars += len(entry[2])
        if len(pending) >= batch or chars > _BATCH_BYTES:
            flush()

    with contextlib.ExitStack() as stack:
        if total:
            stack.enter_context(gc_paused())
        if bulk:
            stack.enter_context(db.bulk_load())
        if stats.parallel and bulk and fulltext:
            complete: list[bool] = []
            # after the last rows, or an error
            stack.callback(lambda: db.check_shards(complete=bool(complete)))
            with signals_held() as signalled:  # (Ctrl+C: raised once the pool is down)
                stop = _either(cancel, signalled)
                _index_in_shards(
                    db, root, changed, take, flush, progress, stop, stats, worker_start
                )
            if not stats.cancelled:
                complete.append(True)
        elif stats.parallel:
            with signals_held() as signalled, _process_pool(worker_start) as pool:

                def submit(_: int, chunk: list[str]) -> Future[list[Record | PathProblem]]:
                    return pool.submit(read_records, root, chunk, fulltext)

                stop = _either(cancel, signalled)
                parse_in_pool(submit, changed, fulltext, take, progress, stop, stats, idle=flush)
        else:
            read = functools.partial(read_record, fulltext=True) if fulltext else read_record
            for rel in changed:
                if cancel is not None and cancel():
                    stats.cancelled = True
                    break
                take(read(root, rel), rel)
                if progress is not None and (done % 100 == 0 or done == total):
                    progress(done, total, rel)
        flush()
    stats.seconds = time.perf_counter() - started
    return stats


def _index_in_shards(
    db: IndexDB,
    root: str,
    changed: list[str],
    take: Callable[[Record | PathProblem, str], None],
    flush: Callable[[], None],
    progress: Progress | None,
    cancel: Cancel | None,
    stats: RefreshStats,
    worker_start: str | None,
) -> None:
    """The pool of a bulk load with the full text: each worker writes the
    full text into a shard of its own (see :mod:`.shards`), this process the
    rows (``take`` them, ``flush`` to write what was taken)."""
    from concurrent.futures import ProcessPoolExecutor

    from reader.core.library.shards import index_chunk, prepare_fork, start_worker

    base, paths = db.begin_shards(_workers(), len(changed))
    count = len(paths)  # one worker per shard
    context = process_context(worker_start)
    if context.get_start_method() == "fork":
        prepare_fork()  # once here, not in each worker
    queue = context.Queue()
    for path in paths:
        queue.put(str(path))
    cancelled = context.Event()
    try:
        with ProcessPoolExecutor(
            max_workers=count,
            mp_context=context,
            initializer=start_worker,
            initargs=(queue, cancelled, os.getpid()),
        ) as pool:

            def submit(start: int, chunk: list[str]) -> Future[list[Record | PathProblem]]:
                return pool.submit(index_chunk, root, chunk, base + start)

            stopped = True
            try:
                # The secondary indexes are built while the workers parse the
                # last chunks, rather than after them with one core idle.
                parse_in_pool(
                    submit, changed, True, take, progress, cancel, stats, flush, db.build_next_index
                )
                stopped = stats.cancelled
            finally:
                if stopped:  # (cancelled, Ctrl+C, an error)
                    cancelled.set()  # the workers merge nothing as they exit
    finally:
        queue.close()


def parse_in_pool(
    submit: Callable[[int, list[str]], Future[list[Record | PathProblem]]],
    changed: list[str],
    fulltext: bool,
    take: Callable[[Record | PathProblem, str], None],
    progress: Progress | None,
    cancel: Cancel | None,
    stats: RefreshStats,
    idle: Callable[[], None] | None = None,
    tail: Callable[[], bool] | None = None,
) -> None:
    """Parse ``changed`` in chunks, ``submit(start, chunk)`` giving each
    chunk's future (``start``: the chunk's position in ``changed``), and hand
    the results to ``take`` in order.  Once the last chunk is submitted,
    ``idle()`` is called whenever the next chunk is not parsed yet, to
    write what was taken meanwhile (so that the last rows are not all
    written after the pool's last chunk; before then a write per chunk
    would cost more in transactions than it saves).  While it waits for one
    of the last chunks (the last :func:`workers` × :data:`_TAIL` files),
    ``tail()`` is called after ``idle()``, again while the chunk is not
    parsed and until it returns False (work of this process's own, done in
    steps)."""
    total = len(changed)
    starts = chunk_starts(total, _workers())
    chunks = [changed[i:j] for i, j in itertools.pairwise([*starts, total])]
    # Submit a bounded window so that cancelling stops promptly; with the full
    # text a wider one, so that the workers go on while this process writes.
    window = _workers() * (_FULLTEXT_WINDOW if fulltext else 2)
    futures: list[tuple[list[str], Future[list[Record | PathProblem]]]] = []
    index = 0
    try:
        while index < len(chunks) and len(futures) < window:
            futures.append((chunks[index], submit(starts[index], chunks[index])))
            index += 1
        done = 0
        tail_from = total - min(total, _workers() * _TAIL)
        while futures:
            chunk, future = futures.pop(0)
            if index == len(chunks) and not future.done():
                if idle is not None:
                    idle()
                while tail is not None and done >= tail_from and not future.done():
                    if not tail():
                        tail = None
            for rel, result in zip(chunk, future.result(), strict=True):
                take(result, rel)
            done += len(chunk)
            if progress is not None:
                progress(done, total, "")
            if cancel is not None and cancel():
                stats.cancelled = True
                for _, pending_future in futures:
                    pending_future.cancel()
                break
            if index < len(chunks):
                futures.append((chunks[index], submit(starts[index], chunks[index])))
                index += 1
    except BaseException:
        # (Ctrl+C, an error): the chunks not started are dropped, so that the
        # pool's shutdown waits only for those being parsed
        for _, pending_future in futures:
            pending_future.cancel()
        raise


def _either(cancel: Cancel | None, signalled: Cancel) -> Cancel:
    """A cancel that is true when ``cancel`` (if any) or ``signalled`` is."""
    if cancel is None:
        return signalled
    return lambda: signalled() or cancel()


def chunk_starts(total: int, workers: int) -> list[int]:
    """Where the chunks of ``total`` files start: :data:`_CHUNK` files each,
    and the last ``workers`` chunks' worth in quarters, so that the workers
    end their last chunks close together rather than one waiting for the
    other's whole chunk."""
    tail = min(total, workers * _CHUNK)
    step = max(1, _CHUNK // 4)
    return [*range(0, total - tail, _CHUNK), *range(total - tail, total, step)]


def _process_pool(worker_start: str | None) -> ProcessPoolExecutor:
    """A pool of :func:`workers` processes that end with this one."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=_workers(),
        mp_context=process_context(worker_start),
        initializer=exit_with_parent,
        initargs=(os.getpid(),),
    )


def call_apart(
    function: Callable[[str, _Item], _Result],
    root: str,
    item: _Item,
    cancel: Cancel | None = None,
    worker_start: str | None = None,
) -> _Result | None:
    """``function(root, item)`` in a process of its own (``worker_start``
    as for :func:`sync`), for work that only reads: ``None`` when it was
    cancelled (the process is killed at once, not waited for: a window
    closing waited for it; a process this one cannot kill, as one whose
    forkserver died, ends itself once its pipe is closed here), when it
    raised, or when its process ended without an answer (killed): the
    callers have another way."""
    try:
        answer: _Result = run_apart(
            Apart(_call_with_root, (function, root, item)), cancel=cancel, start=worker_start
        )
    except Exception:  # (cancelled, failed or never started: see above)
        return None
    return answer


def _call_with_root(job: tuple[Callable[[str, Any], Any], str, Any], _say: object) -> Any:
    """In :func:`call_apart`'s process: ``function(root, item)``."""
    function, root, item = job
    return function(root, item)


def pool_map(
    function: Callable[[str, list[_Item]], _Result],
    root: str,
    batches: Iterator[list[_Item]],
    cancel: Cancel | None = None,
    worker_start: str | None = None,
) -> Generator[tuple[list[_Item], _Result], None, None]:
    """``(batch, function(root, batch))`` for each of ``batches``, in order,
    computed in a process pool (``worker_start`` as for :func:`sync`).  Only a
    small window of batches is in flight, so that cancelling (``cancel()``,
    or closing this generator) stops promptly and memory stays bounded."""
    window = workers() * 2
    with signals_held() as signalled, _process_pool(worker_start) as pool:
        cancel = _either(cancel, signalled)  # (Ctrl+C: raised once the pool is down)
        futures: list[tuple[list[_Item], Future[_Result]]] = []
        try:
            for batch in batches:
                if cancel():  # (before the work is handed out: closing waits for what was)
                    return
                futures.append((batch, pool.submit(function, root, batch)))
                if len(futures) < window:
                    continue
                done, future = futures.pop(0)
                yield done, future.result()
                if cancel is not None and cancel():
                    return
            while futures:
                done, future = futures.pop(0)
                yield done, future.result()
                if cancel is not None and cancel():
                    return
        finally:
            for _, future in futures:
                future.cancel()


def refresh(
    db: IndexDB,
    root: str,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    parallel: bool | None = None,
    fulltext: bool = False,
) -> RefreshStats:
    """A full rescan of the library."""
    started = time.perf_counter()
    on_disk = scan(root)
    stats = sync(db, root, on_disk, db.file_states(), progress, cancel, parallel, fulltext=fulltext)
    stats.seconds = time.perf_counter() - started
    return stats
