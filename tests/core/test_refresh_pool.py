"""How a refresh hands its files to a pool: the chunks, and writing what was
parsed while the next chunk is still being parsed."""

from __future__ import annotations

import itertools
import os
from concurrent.futures import Future

import pytest

import reader.core.library.refresh as refresh_module
from reader.core.library.facade import LibraryError
from reader.core.library.refresh import RefreshStats, chunk_starts, parse_in_pool, workers

from .libhelpers import article, process_gone, write


@pytest.mark.parametrize("total", [0, 1, 7, 49, 50, 51, 199, 200, 401, 1000, 10_000, 12_345])
@pytest.mark.parametrize("workers", [1, 2, 3, 8])
def test_chunks_cover_every_file_once_in_order(total, workers):
    starts = chunk_starts(total, workers)
    bounds = list(itertools.pairwise([*starts, total]))
    assert [i for start, end in bounds for i in range(start, end)] == list(range(total))
    assert all(end > start for start, end in bounds)  # no empty chunk


def test_the_last_chunks_are_smaller_so_the_workers_end_together():
    total, workers = 10_000, 2
    starts = chunk_starts(total, workers)
    sizes = [end - start for start, end in itertools.pairwise([*starts, total])]
    big, small = max(sizes), min(sizes)
    assert small * 4 == big
    # the small ones come last, and hold about one big chunk per worker
    first_small = sizes.index(small)
    assert set(sizes[:first_small]) == {big}
    assert set(sizes[first_small:]) == {small}
    assert sum(sizes[first_small:]) == workers * big


def _parsed(chunk: list[str]) -> list[str]:
    return [name.upper() for name in chunk]


def test_what_was_taken_is_written_while_the_next_chunk_is_parsed():
    """``idle`` runs whenever the next chunk's result is not there yet, and
    only then; results are taken in order whatever order they end in."""
    names = [f"f{i:03}" for i in range(1000)]
    futures: list[tuple[list[str], Future]] = []

    def submit(start: int, chunk: list[str]) -> Future:
        future: Future = Future()
        futures.append((chunk, future))
        if len(futures) % 2:  # every other chunk is parsed at once
            future.set_result(_parsed(chunk))
        return future

    taken: list[tuple[str, str]] = []
    idle_at: list[int] = []

    def idle() -> None:
        idle_at.append(len(taken))
        for chunk, future in futures:  # "the workers" end the next one pending
            if not future.done():
                future.set_result(_parsed(chunk))
                break

    parse_in_pool(
        submit,
        names,
        True,
        lambda result, rel: taken.append((rel, result)),
        None,
        None,
        RefreshStats(),
        idle=idle,
    )
    assert taken == [(name, name.upper()) for name in names]
    # idle ran at chunk boundaries only, each time before a pending chunk
    # (every other one): the first after the first chunk, parsed at once
    ends = list(itertools.accumulate(len(chunk) for chunk, _ in futures))
    assert idle_at[0] == ends[0]
    assert set(idle_at) <= set(ends)
    assert len(idle_at) >= 2


def test_cancelling_stops_taking_and_cancels_what_is_pending():
    names = [f"f{i:03}" for i in range(2000)]
    futures: list[Future] = []

    def submit(start: int, chunk: list[str]) -> Future:
        future: Future = Future()
        if not futures:
            future.set_result(_parsed(chunk))
        futures.append(future)
        return future

    taken: list[str] = []
    stats = RefreshStats()
    parse_in_pool(
        submit, names, False, lambda _r, rel: taken.append(rel), None, lambda: True, stats
    )
    assert stats.cancelled
    assert taken == names[: len(taken)] and 0 < len(taken) < len(names)
    assert all(future.cancelled() for future in futures[1:])


class _Lazy(Future):
    """A chunk the pool parses when it is waited for (or by idle)."""

    def __init__(self, chunk: list[str]):
        super().__init__()
        self.chunk = chunk

    def parse(self) -> None:
        if not self.done():
            self.set_result(_parsed(self.chunk))

    def result(self, timeout=None):
        self.parse()
        return super().result(timeout)


def test_idle_waits_for_the_last_chunk_to_be_submitted():
    """Before then, what is taken is written in large batches (fewer
    transactions); idle writes only the tail."""
    names = [f"f{i:05}" for i in range(20_000)]
    lazy: list[_Lazy] = []
    submitted_at: list[int] = []
    idle_at: list[int] = []
    taken: list[str] = []

    last_start = chunk_starts(len(names), workers())[-1]

    def submit(start: int, chunk: list[str]) -> Future:
        if start == last_start:
            submitted_at.append(len(taken))
        future = _Lazy(chunk)
        lazy.append(future)
        return future

    def idle() -> None:
        idle_at.append(len(taken))
        next(future for future in lazy if not future.done()).parse()

    parse_in_pool(
        submit,
        names,
        True,
        lambda _result, rel: taken.append(rel),
        None,
        None,
        RefreshStats(),
        idle=idle,
    )
    assert taken == names
    assert submitted_at and submitted_at[0] > 0  # submitted while taking
    assert idle_at and min(idle_at) >= submitted_at[0]


def test_tail_work_is_done_in_steps_while_the_last_chunks_are_parsed(monkeypatch):
    """``tail`` (a bulk load's secondary indexes) runs only while this
    process waits for one of the last chunks, after ``idle``, step by step
    until it says it is done; what is taken stays in order."""
    monkeypatch.setattr(refresh_module, "_TAIL", 50)
    names = [f"f{i:05}" for i in range(3000)]
    lazy: list[_Lazy] = []
    events: list[tuple[str, int]] = []
    taken: list[str] = []

    def submit(start: int, chunk: list[str]) -> Future:
        future = _Lazy(chunk)
        lazy.append(future)
        return future

    def idle() -> None:
        events.append(("idle", len(taken)))

    steps = iter([True, True, True, False])

    def tail() -> bool:
        events.append(("tail", len(taken)))
        return next(steps)

    parse_in_pool(
        submit,
        names,
        True,
        lambda _result, rel: taken.append(rel),
        None,
        None,
        RefreshStats(),
        idle,
        tail,
    )
    assert taken == names
    tails = [at for what, at in events if what == "tail"]
    assert len(tails) == 4  # until it returned False, never after
    assert min(tails) >= len(names) - workers() * 50
    first = events.index(("tail", tails[0]))
    assert events[first - 1] == ("idle", tails[0])  # what was taken is written first


def test_no_tail_work_while_the_results_are_there_already(monkeypatch):
    """A writer behind its workers takes their results: the tail's work is
    left to the end of the load."""
    monkeypatch.setattr(refresh_module, "_TAIL", 10_000)
    names = [f"f{i:05}" for i in range(3000)]

    def submit(start: int, chunk: list[str]) -> Future:
        future: Future = Future()
        future.set_result(_parsed(chunk))
        return future

    calls: list[int] = []
    taken: list[str] = []
    parse_in_pool(
        submit,
        names,
        True,
        lambda _result, rel: taken.append(rel),
        None,
        None,
        RefreshStats(),
        lambda: None,
        lambda: bool(calls.append(1)),
    )
    assert taken == names and not calls


def _die(root: str, rels: list[str], fulltext: bool = False) -> list:
    """A pool task whose process dies (killed, out of memory)."""
    os._exit(1)


def test_a_pool_worker_that_dies_is_a_clear_error_and_loses_nothing(
    open_library, root, monkeypatch
):
    for i in range(6):
        write(root, f"a{i}.md", article(f"A{i}"))
    lib = open_library(refresh=False)
    monkeypatch.setattr(refresh_module, "read_records", _die)
    with pytest.raises(LibraryError, match="worker process"):
        lib.refresh(parallel=True)
    monkeypatch.undo()
    stats = lib.refresh(parallel=True)
    assert stats.parsed == 6 and lib.count() == 6


def _apart_answer(root: str, item: str) -> str:
    return f"{root}:{item}:{os.getpid()}"


def _apart_sleeps(root: str, item: str) -> str:
    """Notes its process in ``root``/``item``, then sleeps far longer than a test."""
    import time

    with open(os.path.join(root, item), "w") as note:
        note.write(str(os.getpid()))
    time.sleep(600)
    return "never"


def _apart_raises(root: str, item: str) -> str:
    raise ValueError("no answer")


def _apart_dies(root: str, item: str) -> str:
    os._exit(3)


@pytest.mark.parametrize("start", [None, "spawn", "forkserver"])
def test_a_call_apart_answers_from_another_process(start):
    answer = refresh_module.call_apart(_apart_answer, "root", "item", worker_start=start)
    assert answer is not None and answer.startswith("root:item:")
    assert int(answer.rpartition(":")[2]) != os.getpid()


def test_a_call_apart_cancelled_is_killed_not_waited_for(tmp_path):
    """Cancelled while it runs, the process is killed and nothing is
    answered (a window closing waited for a fingerprint of a million
    files); cancelled before, none is started."""
    note = tmp_path / "pid"
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return note.exists() and note.read_text() != ""

    assert refresh_module.call_apart(_apart_sleeps, str(tmp_path), "pid", cancel) is None
    pid = int(note.read_text())
    assert process_gone(pid)  # killed and reaped, not left sleeping
    assert len(asked) > 1
    note.unlink()
    assert refresh_module.call_apart(_apart_sleeps, str(tmp_path), "pid", lambda: True) is None
    assert not note.exists()  # never started


@pytest.mark.parametrize("function", [_apart_raises, _apart_dies])
def test_a_call_apart_that_fails_answers_none(function):
    assert refresh_module.call_apart(function, "root", "item") is None
