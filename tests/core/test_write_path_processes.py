"""The write path against other processes: two writers at once, and ``kill -9``.

The drills live in ``tests/reliability.py``; ``tests/benchmarks/stress.py``
runs them at a larger scale and prints the figures.
"""

from __future__ import annotations

import pytest

from tests.reliability import concurrent_set, kill_during_bulk, kill_during_set

pytestmark = pytest.mark.slow


def test_two_set_writers_at_once_never_lose_an_update(tmp_path):
    figures = concurrent_set(tmp_path / "posts", rounds=40)
    assert figures.details == []
    assert figures.lost == 0 and figures.corrupt == 0
    # `set` reads, patches and writes under the file's lock, so the second
    # writer builds on the first one's change instead of refusing.
    assert figures.both_kept == figures.rounds


def test_kill_during_set_leaves_complete_files(tmp_path):
    figures = kill_during_set(tmp_path / "posts", kills=4, files=15, seed=1)
    assert figures.kills == 4 and figures.files_checked == 60
    assert figures.details == [] and figures.damaged == 0


def test_kill_during_bulk_rename_then_undo_restores_every_byte(tmp_path):
    figures = kill_during_bulk(tmp_path / "libraries", tmp_path / "cache", kills=2, files=100)
    assert figures.kills == 2 and figures.files_checked == 200
    assert figures.details == []
    assert figures.damaged == 0 and figures.undo_incomplete == 0
