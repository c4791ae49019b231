"""The app's identity and its per-user folders.  No Qt here.

Every place that names the app or finds its cache, data or lock folder asks
here, so that the names cannot drift apart."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "APP_DIR_NAME",
    "APP_ID",
    "APP_NAME",
    "CACHE_ENV",
    "DATA_ENV",
    "LOCK_ENV",
    "user_cache_dir",
    "user_data_dir",
]

APP_NAME = "Article Reader"
"""The name people see."""

APP_ID = "io.github.article_reader.ArticleReader"
"""The reverse-DNS id: desktop file, AppStream metadata, icons."""

APP_DIR_NAME = "article-reader"
"""The folder name in the per-user cache and data folders."""

CACHE_ENV = "ARTICLE_READER_CACHE_DIR"
DATA_ENV = "ARTICLE_READER_DATA_DIR"
LOCK_ENV = "ARTICLE_READER_LOCK_DIR"


def user_cache_dir() -> Path:
    """The per-user cache folder (indexes, offline images, write locks)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False))


def user_data_dir() -> Path:
    """The per-user data folder (``$ARTICLE_READER_DATA_DIR`` overrides it)."""
    explicit = os.environ.get(DATA_ENV)
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
