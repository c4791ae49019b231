"""Shared pytest set-up.  Qt runs offscreen so the suite works without a display."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_user_data(tmp_path_factory, monkeypatch):
    """Tests never write into the real per-user data folder (the sample copy)."""
    monkeypatch.setenv("ARTICLE_READER_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))


from tests.unprivileged import unprivileged  # noqa: E402, F401  (a fixture for permission tests)
