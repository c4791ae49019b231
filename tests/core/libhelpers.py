"""Helpers for the library tests: small hand-written libraries in tmp_path."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from reader.core.library.facade import Library


def article(
    title: str,
    *,
    categories: str | None = None,
    tags: str | None = None,
    date: str | None = "2021-04-16 15:21:00",
    author: str | None = None,
    body: str = "<p>Hello world</p>\n",
) -> str:
    lines = ["---", f"title: '{title}'"]
    if categories is not None:
        lines.append(f"categories: {categories}")
    if tags is not None:
        lines.append(f"tags: {tags}")
    if author is not None:
        lines.append(f"author: {author}")
    if date is not None:
        lines.append(f"date: {date}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root.joinpath(*rel.split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


@contextmanager
def index_connection(lib: Library) -> Iterator[sqlite3.Connection]:
    """A connection of the test's own to the library's index file
    (``Library.index_path``), to look inside it or damage it; what it
    changes is committed when the block ends."""
    with closing(sqlite3.connect(lib.index_path)) as conn, conn:
        yield conn


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """Indexes go to tmp (also through the environment, for the CLI)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ARTICLE_READER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def root(tmp_path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    return folder


@pytest.fixture
def open_library(root, cache_dir):
    opened: list[Library] = []

    def factory(path: Path | None = None, *, refresh: bool = True, fulltext: bool = False):
        lib = Library.open(path or root, cache_dir=cache_dir)
        opened.append(lib)
        if refresh:
            lib.refresh()
        if fulltext:
            lib.build_fulltext()
        return lib

    yield factory
    for lib in opened:
        lib.close()


def process_gone(pid: int) -> bool:
    """Whether the process ``pid`` has ended and been reaped (killed, not
    left running or a zombie of its parent)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
