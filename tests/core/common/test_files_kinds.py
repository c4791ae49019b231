"""What a path that should be a folder is instead, in words (files.not_a_folder)."""

from __future__ import annotations

import os

from reader.core.common.files import not_a_folder


def test_each_kind_of_missing_folder_is_told_apart(tmp_path):
    (tmp_path / "file").write_text("x")
    os.symlink("nowhere", tmp_path / "dangling")
    os.symlink("loop2", tmp_path / "loop1")
    os.symlink("loop1", tmp_path / "loop2")
    os.mkfifo(tmp_path / "fifo")
    assert not_a_folder(tmp_path / "missing") == "not a folder (nothing by that name)"
    assert not_a_folder(tmp_path / "dangling") == "not a folder (a symbolic link to nothing)"
    assert not_a_folder(tmp_path / "loop1") == "not a folder (a loop of symbolic links)"
    assert not_a_folder(tmp_path / "file") == "not a folder"
    assert not_a_folder(tmp_path / "fifo") == "not a folder"  # (never opened: no wait)
    assert not_a_folder(tmp_path / "file" / "below") == "not a folder"
    assert not_a_folder("a\0b") == "not a folder"
