"""The rename that never replaces a file (reader.core.common.files): one
step where the system can, else the caller's link and unlink."""

from __future__ import annotations

import errno
import os

import pytest

from reader.core.common import files
from reader.core.common.files import place_new, rename_no_replace


def test_a_rename_that_never_replaces(tmp_path):
    (tmp_path / "a").write_text("a")
    (tmp_path / "b").write_text("b")
    if not rename_no_replace(tmp_path / "a", tmp_path / "c"):
        pytest.skip("no such rename on this system or disk")
    assert (tmp_path / "c").read_text() == "a" and not (tmp_path / "a").exists()
    with pytest.raises(FileExistsError):
        rename_no_replace(tmp_path / "c", tmp_path / "b")
    assert (tmp_path / "b").read_text() == "b" and (tmp_path / "c").read_text() == "a"


def test_a_name_holding_nul_is_refused_not_cut_short(tmp_path):
    # C stops at the NUL: "b\0.md" renamed the file to "b"
    (tmp_path / "a").write_text("a")
    with pytest.raises(ValueError):
        rename_no_replace(tmp_path / "a", tmp_path / "b\0.md")
    assert sorted(os.listdir(tmp_path)) == ["a"]


@pytest.mark.parametrize("platform", ["win32", "cygwin", "freebsd13"])
def test_elsewhere_the_callers_way_is_used(tmp_path, monkeypatch, platform):
    # on Windows, loading the C library the Unix way raises a TypeError:
    # every new file, rename and journal failed with a traceback
    import ctypes

    def as_on_windows(name, *args, **kwargs):
        raise TypeError("argument of type 'NoneType' is not iterable")

    monkeypatch.setattr(files.sys, "platform", platform)
    monkeypatch.setattr(ctypes, "CDLL", as_on_windows)
    (tmp_path / "a").write_text("a")
    assert rename_no_replace(tmp_path / "a", tmp_path / "b") is False
    assert (tmp_path / "a").exists()
    place_new(tmp_path / "a", tmp_path / "b")  # (a link: the caller removes the old name)
    assert (tmp_path / "b").read_text() == "a"


@pytest.mark.parametrize("code", [errno.EPERM, errno.EINVAL, errno.ENOSYS, errno.EXDEV])
def test_a_call_the_system_refuses_falls_back(tmp_path, monkeypatch, code):
    # (EPERM: a sandbox's filter refusing the call)
    import ctypes

    def refused(_old, _new):
        ctypes.set_errno(code)
        return -1

    monkeypatch.setattr(files, "_noreplace_rename", lambda: refused)
    (tmp_path / "a").write_text("a")
    assert rename_no_replace(tmp_path / "a", tmp_path / "b") is False
    place_new(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_text() == "a"
