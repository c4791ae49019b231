"""Work run in a process of its own (run_apart): its messages in order, its
answer, what it raised, its death, and a cancel that kills it at once."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from reader.core.common.apart import Apart, ApartCancelled, ApartFailed, run_apart
from reader.core.convert.export import ExportError
from tests.core.libhelpers import process_gone

STARTS = ["spawn", "forkserver"]


def _counts(job: tuple[int, str], say) -> str:
    count, word = job
    for number in range(count):
        say((number, word))
    return f"{word}:{os.getpid()}"


def _raises(job: str, say) -> None:
    raise ExportError("is too long to be laid out", job, 7)


class _Unpicklable(Exception):
    def __init__(self, one, two):  # (made again from its args alone: fails)
        super().__init__(one)


def _raises_unpicklable(job: None, say) -> None:
    raise _Unpicklable("a", "b")


def _raises_holding_a_lambda(job: None, say) -> None:
    error = ValueError("holds a lambda")
    error.hook = lambda: None  # (pickling it fails in the process itself)
    raise error


def _dies(job: int, say) -> None:
    say("started")
    os.kill(os.getpid(), job)
    time.sleep(60)


def _exits(job: int, say) -> None:
    os._exit(job)


def _exits_by_systemexit(job: None, say) -> None:
    raise SystemExit(3)


def _interrupted(job: None, say) -> None:
    raise KeyboardInterrupt


def _sleeps(job: None, say) -> None:
    say(os.getpid())
    time.sleep(600)


@pytest.mark.parametrize("start", STARTS)
def test_the_answer_and_every_message_before_it_in_order(start):
    heard = []
    answer = run_apart(Apart(_counts, (500, "word")), on_message=heard.append, start=start)
    word, _, pid = answer.partition(":")
    assert word == "word" and int(pid) != os.getpid()  # (another process)
    assert heard == [(number, "word") for number in range(500)]


def test_what_the_work_raised_is_raised_here_whole():
    with pytest.raises(ExportError) as raised:
        run_apart(Apart(_raises, "a/b.md"), start="forkserver")
    error = raised.value
    assert (error.path, error.line, error.message) == ("a/b.md", 7, "is too long to be laid out")
    assert str(error) == "a/b.md:7: is too long to be laid out"


def test_an_exception_that_cannot_be_made_again_is_said_as_a_failure():
    with pytest.raises(ApartFailed, match=r"^gave an answer that could not be read: _Unpickl"):
        run_apart(Apart(_raises_unpicklable, None), start="forkserver")
    with pytest.raises(ApartFailed, match=r"^failed: (Pickling|Attribute)Error: "):
        run_apart(Apart(_raises_holding_a_lambda, None), start="forkserver")


@pytest.mark.skipif(os.name != "posix", reason="signals")
@pytest.mark.parametrize("signum", [signal.SIGSEGV, signal.SIGKILL])
def test_a_process_that_dies_is_a_failure_naming_the_signal(signum):
    # (a crash in Qt's layout took the window with it when it ran there)
    with pytest.raises(ApartFailed) as raised:
        run_apart(Apart(_dies, int(signum)), start="forkserver")
    assert raised.value.exitcode == -signum
    assert signal.Signals(signum).name in str(raised.value)


@pytest.mark.parametrize(
    ("function", "said"),
    [
        (_exits_by_systemexit, "failed: SystemExit: 3"),
        (_interrupted, "failed: KeyboardInterrupt: "),
    ],
)
def test_an_exit_or_interrupt_in_the_work_is_a_failure_not_raised_here(function, said):
    # (raised here, a SystemExit ended the caller, a KeyboardInterrupt read as Ctrl+C)
    with pytest.raises(ApartFailed) as raised:
        run_apart(Apart(function, None), start="forkserver")
    assert str(raised.value) == said


def test_a_process_that_exits_without_an_answer_is_a_failure_with_its_code():
    with pytest.raises(ApartFailed, match=r"^ended without an answer \(exit code 3\)$") as raised:
        run_apart(Apart(_exits, 3), start="forkserver")
    assert raised.value.exitcode == 3


def test_cancelled_while_it_works_it_is_killed_at_once():
    pids: list[int] = []
    asked = threading.Event()

    def cancel() -> bool:
        asked.set()
        return bool(pids)  # (once it said it is working)

    started = time.monotonic()
    with pytest.raises(ApartCancelled):
        run_apart(Apart(_sleeps, None), cancel=cancel, on_message=pids.append, start="forkserver")
    assert time.monotonic() - started < 60  # (a hang guard: it sleeps 600 s)
    assert asked.is_set() and process_gone(pids[0])  # killed and reaped


def test_cancelled_as_the_answer_comes_nothing_is_kept():
    # the answer had come, but cancel said so first: the caller keeps
    # nothing (a PDF made after Cancel was not put in place)
    heard = []

    def cancel() -> bool:
        return len(heard) == 3  # (after all three messages, before the answer)

    with pytest.raises(ApartCancelled):
        run_apart(
            Apart(_counts, (3, "w")), cancel=cancel, on_message=heard.append, start="forkserver"
        )


def test_cancelled_before_no_process_is_started():
    with pytest.raises(ApartCancelled):
        run_apart(Apart(_dies, int(signal.SIGKILL)), cancel=lambda: True, start="forkserver")
