"""The one lock helper of the write path and the state store."""

from __future__ import annotations

import os
import threading
import time

import pytest

from reader.core.common.flock import try_lock, unlock, wait_for_lock


@pytest.fixture
def two_descriptors(tmp_path):
    path = tmp_path / "x.lock"
    first = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    second = os.open(path, os.O_RDWR)
    yield first, second
    os.close(first)
    os.close(second)


def test_a_held_lock_is_refused_until_it_is_released(two_descriptors):
    first, second = two_descriptors
    assert try_lock(first)
    assert not try_lock(second)
    assert not wait_for_lock(second, None)  # None tries once
    unlock(first)
    assert try_lock(second)


def test_waiting_gives_up_at_the_deadline(two_descriptors):
    first, second = two_descriptors
    assert try_lock(first)
    assert not wait_for_lock(second, time.monotonic() + 0.05)
    assert not wait_for_lock(second, time.monotonic() - 1)  # already past: one try


def test_waiting_takes_the_lock_once_the_holder_lets_go(two_descriptors):
    first, second = two_descriptors
    assert try_lock(first)
    releaser = threading.Timer(0.05, unlock, (first,))
    releaser.start()
    try:
        assert wait_for_lock(second, time.monotonic() + 60)
    finally:
        releaser.join()
    assert not try_lock(first)  # the second holds it now


def test_errors_other_than_held_are_raised(tmp_path):
    fd = os.open(tmp_path / "x.lock", os.O_RDWR | os.O_CREAT, 0o644)
    os.close(fd)  # a closed descriptor: EBADF, not "held"
    with pytest.raises(OSError):
        wait_for_lock(fd, time.monotonic() + 60)
