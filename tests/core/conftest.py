"""Fixtures for the library tests (see libhelpers)."""

from .libhelpers import cache_dir, open_library, root  # noqa: F401
from .sites import sites  # noqa: F401
