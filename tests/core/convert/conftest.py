"""Fixtures for the export and import tests (see tests/core/libhelpers)."""

from tests.core.libhelpers import cache_dir, open_library, root  # noqa: F401
