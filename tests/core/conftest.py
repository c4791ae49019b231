"""Fixtures for the library tests (see libhelpers)."""

from tests.gitrepo import git_env, no_git  # noqa: F401  (real git repositories in tmp)

from .libhelpers import cache_dir, open_library, root  # noqa: F401
from .sites import sites  # noqa: F401
