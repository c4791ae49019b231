"""Process pool workers: they end with their owner and leave what they
inherited to the garbage collector's permanent generation."""

from __future__ import annotations

import gc
import multiprocessing
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from reader.core.common.tasks import exit_when_unheard, exit_with_parent


def _frozen() -> int:
    return gc.get_freeze_count()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_worker_freezes_what_it_inherited(method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(
        1, context, initializer=exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        assert pool.submit(_frozen).result(timeout=60) > 0
    assert gc.get_freeze_count() == 0  # this process is left as it was


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_ends_soon_after_its_owner_is_killed(tmp_path):
    owner = textwrap.dedent(
        """
        import os, sys, time
        from concurrent.futures import ProcessPoolExecutor
        from reader.core.common.tasks import exit_with_parent

        with ProcessPoolExecutor(1, initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
            print(pool.submit(os.getpid).result(), flush=True)
            time.sleep(600)
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", owner], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            worker = int(process.stdout.readline())
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
            deadline = time.monotonic() + 60  # a hang guard; the worker checks every second
            while time.monotonic() < deadline and _running(worker):
                time.sleep(0.1)
            if _running(worker):
                os.kill(worker, signal.SIGKILL)
                pytest.fail("the worker outlived its owner")
        finally:
            process.kill()


def _listened_to(sending) -> None:
    """In a process of its own: end once nobody reads ``sending``'s pipe."""
    exit_when_unheard(sending)
    sending.send("watching")
    time.sleep(600)


@pytest.mark.skipif(not hasattr(select, "poll"), reason="POSIX only")
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_process_ends_once_its_answer_is_no_longer_read(method):
    """The process waiting for the answer closes its end of the pipe without
    killing the process that would answer (it could not: a forkserver's
    child is no child of it, and the forkserver had died): that process
    ends itself, with exit code 1, rather than working on for nobody."""
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    context = multiprocessing.get_context(method)
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_listened_to, args=(sending,), daemon=True)
    process.start()
    sending.close()
    try:
        assert receiving.poll(60) and receiving.recv() == "watching"
        process.join(timeout=0.5)  # listened to: it goes on
        assert process.is_alive()
        receiving.close()
        process.join(timeout=60)  # a hang guard: it ends at once
        assert process.exitcode == 1
    finally:
        if process.is_alive():
            process.kill()
            process.join()


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie not yet reaped by init has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return not stat.read().rsplit(") ", 1)[-1].startswith("Z")
    except FileNotFoundError:
        return False
