from __future__ import annotations

import os
import stat

import pytest

from reader.core.article import ArticleError
from reader.core.codec import load_article
from reader.core.patch import patch_metadata
from reader.core.storage import FileChangedError, create_exclusive, save_article, write_atomic

RAW = b"---\ntitle: Old\ntags: [a]\n---\nBody\n"


@pytest.fixture
def post(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(RAW)
    os.chmod(path, 0o640)
    return path


def test_save_changes_only_the_key_and_keeps_permissions(post):
    article = load_article(post)
    assert save_article(article, patch_metadata(article, {"title": "New"}))
    assert post.read_bytes() == RAW.replace(b"Old", b"New")
    assert stat.S_IMODE(post.stat().st_mode) == 0o640
    assert [p.name for p in post.parent.iterdir()] == ["post.md"]  # no temp files left


def test_unchanged_article_is_never_rewritten(post):
    os.utime(post, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = post.stat().st_mtime_ns
    article = load_article(post)
    assert save_article(article, patch_metadata(article, {"title": "Old"})) is False
    assert post.stat().st_mtime_ns == before


def test_file_changed_between_read_and_write_is_refused(post):
    article = load_article(post)
    post.write_bytes(RAW + b"edited elsewhere\n")
    with pytest.raises(FileChangedError, match=r"post\.md: the file changed on disk"):
        save_article(article, patch_metadata(article, {"title": "New"}))
    assert post.read_bytes() == RAW + b"edited elsewhere\n"


def test_same_size_same_mtime_change_is_still_detected(post):
    article = load_article(post)
    st = post.stat()
    post.write_bytes(RAW.replace(b"Old", b"Odd"))
    os.utime(post, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(FileChangedError):
        save_article(article, patch_metadata(article, {"title": "New"}))
    assert b"Odd" in post.read_bytes()


def test_deleted_file_is_refused(post):
    article = load_article(post)
    post.unlink()
    with pytest.raises(FileChangedError, match="deleted or moved"):
        save_article(article, patch_metadata(article, {"title": "New"}))
    assert not post.exists()


def test_failed_replace_leaves_the_original_and_no_temp_file(post, monkeypatch):
    article = load_article(post)
    new = patch_metadata(article, {"title": "New"})

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ArticleError, match="No space left"):
        save_article(article, new)
    assert post.read_bytes() == RAW
    assert [p.name for p in post.parent.iterdir()] == ["post.md"]


def test_write_atomic_new_file_and_create_exclusive(tmp_path):
    target = tmp_path / "new.md"
    write_atomic(target, b"x")
    assert target.read_bytes() == b"x"
    other = tmp_path / "other.md"
    create_exclusive(other, b"y")
    assert other.read_bytes() == b"y"
    with pytest.raises(FileExistsError):
        create_exclusive(other, b"z")
    assert other.read_bytes() == b"y"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md", "other.md"]


def test_saving_through_a_symlink_edits_the_file_it_points_at(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(RAW)
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    article = load_article(link)
    assert save_article(article, patch_metadata(article, {"title": "New"}))
    assert link.is_symlink()
    assert real.read_bytes() == RAW.replace(b"Old", b"New")
