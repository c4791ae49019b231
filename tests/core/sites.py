"""The hand-written Jekyll and Hugo sites under tests/fixtures/template_sites, copied
into tmp so that a test may add to them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "template_sites"


@pytest.fixture
def sites(tmp_path) -> Path:
    """A copy of tests/fixtures/template_sites (``jekyll/``, ``hugo/``, ``secret.txt``)."""
    target = tmp_path / "sites"
    shutil.copytree(SITES, target)
    return target
