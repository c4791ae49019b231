"""Reading article files: only regular files, never blocking, never unbounded."""

from __future__ import annotations

import os

import pytest

from reader.core.article.codec import load_article
from reader.core.article.limits import MAX_ARTICLE_BYTES, Limits
from reader.core.article.model import ArticleError
from reader.core.article.readfile import read_article_bytes
from reader.core.library.records import excerpt_of_file, read_record
from reader.core.library.search import body_text

from .guards import finishes

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@needs_fifo
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = finishes(load_article, fifo)
    assert isinstance(result, ArticleError)
    assert "FIFO" in result.message and "not a regular file" in result.message
    assert str(fifo) in str(result)


def test_a_link_to_a_character_device_is_refused(tmp_path):
    link = tmp_path / "zero.md"
    link.symlink_to(os.devnull)
    result = finishes(read_article_bytes, link)
    assert isinstance(result, ArticleError)
    assert "character device" in result.message


def test_a_link_to_a_regular_file_is_read(tmp_path):
    target = tmp_path / "real.md"
    target.write_bytes(b"---\ntitle: real\n---\nbody\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert load_article(link).title == "real"


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="is a folder"):
        read_article_bytes(tmp_path)


def test_a_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article_bytes(tmp_path / "gone.md")


def test_size_limit_is_exact_and_reported(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(b"x" * 100)
    raw, st = read_article_bytes(path, max_bytes=100)
    assert raw == b"x" * 100 and st.st_size == 100
    path.write_bytes(b"x" * 101)
    with pytest.raises(ArticleError) as caught:
        read_article_bytes(path, max_bytes=100)
    assert "over the 100 bytes limit for an article" in caught.value.message
    assert str(path) in str(caught.value)


def test_load_article_takes_its_limits(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: t\n---\n" + b"word " * 400)
    with pytest.raises(ArticleError, match="limit for an article"):
        load_article(path, limits=Limits(max_article_bytes=1024))
    assert load_article(path).title == "t"


def test_the_default_limit_is_64_mb(tmp_path):
    assert MAX_ARTICLE_BYTES == 64 * 1024 * 1024
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:  # sparse: no 64 MB written
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(ArticleError, match="is 67,108,865 bytes, over the 67,108,864-byte limit"):
        load_article(path)


@needs_fifo
def test_the_full_text_pass_and_excerpts_skip_a_fifo(tmp_path):
    """A file replaced by a FIFO after the scan must not block the full-text
    pass, the excerpt, or the record reader."""
    os.mkfifo(tmp_path / "pipe.md")
    root = str(tmp_path)
    assert finishes(body_text, root, "pipe.md") is None
    assert finishes(excerpt_of_file, root, "pipe.md") is None
    problem = finishes(read_record, root, "pipe.md")
    assert "not a regular file" in problem.message


def test_a_size_just_over_the_limit_is_said_so_that_it_reads_over(tmp_path):
    # "is 64.0 MB, over the 64 MB limit": the same size, said twice
    from reader.core.article.limits import describe_sizes

    assert describe_sizes(67_108_872, 64 * 1024 * 1024) == ("67,108,872 bytes", "67,108,864-byte")
    assert describe_sizes(70 * 1024 * 1024, 64 * 1024 * 1024) == ("70 MB", "64 MB")
    assert describe_sizes(101, 100) == ("101 bytes", "100 bytes")
    path = tmp_path / "post.md"
    path.write_bytes(b"x" * 1025)
    with pytest.raises(ArticleError) as caught:
        read_article_bytes(path, max_bytes=1024)
    assert "is 1,025 bytes, over the 1,024-byte limit for an article" in caught.value.message


def test_a_file_that_is_no_article_is_said_as_what_it_is(tmp_path):
    # (CLI attack) a site's 11 MB _data/big.csv was "over the 2 MB limit for an article"
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ArticleError) as caught:
        read_article_bytes(path, max_bytes=100, of="a site's data file")
    assert "over the 100 bytes limit for a site's data file; not read" in caught.value.message
