"""Shared pytest set-up.  Qt runs offscreen so the suite works without a display."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No time limit per generated example: a deadline is a timing assertion, and
# on a loaded machine it failed examples that were correct.  The examples are
# the same on every run (derandomized): a run never fails on an example no
# run before it tried.  ARTICLE_READER_HYPOTHESIS=explore draws new ones each
# run, to look for cases (make each one found a fixed example or a fixed rule).
settings.register_profile("article-reader", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None)
settings.load_profile(
    "explore" if os.environ.get("ARTICLE_READER_HYPOTHESIS") == "explore" else "article-reader"
)


@pytest.fixture(scope="session")
def _lock_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("locks")


@pytest.fixture(autouse=True)
def _private_user_data(tmp_path_factory, monkeypatch, _lock_dir):
    """Tests never write into the real per-user folders: the data folder (the
    sample copy) and the write locks (shared with the subprocesses a test
    starts, as every writer of a file must share them)."""
    monkeypatch.setenv("ARTICLE_READER_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))
    monkeypatch.setenv("ARTICLE_READER_LOCK_DIR", str(_lock_dir))


@pytest.fixture(autouse=True)
def _folders_settle_at_once(monkeypatch):
    """A folder's times are trusted to show its next change at once (this
    machine's are fine-grained), not only 100 ms after its last change: a
    test writes a library and refreshes it within a few milliseconds, and
    most expect the folders' digests kept.  Tests of the rule itself set
    the times they mean (tests/core/test_rescan_settle.py)."""
    import reader.core.library.scan as scan_module

    monkeypatch.setattr(scan_module, "SETTLE_NS", 0)


from tests.unprivileged import unprivileged  # noqa: E402, F401  (a fixture for permission tests)
