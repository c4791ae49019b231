"""Fixtures for the library command tests (see tests/core/libhelpers)."""

from tests.core.libhelpers import cache_dir, open_library, root  # noqa: F401
from tests.core.sites import sites  # noqa: F401
from tests.gitrepo import git_env, no_git  # noqa: F401  (real git repositories in tmp)
