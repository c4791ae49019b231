"""The configuration is parsed once per version of its file (see
``detect._read_config``), never served stale: a disk whose times count
whole seconds (HFS+, FAT, many network shares) gives a file rewritten in
place within one second, at the same size, the same inode, size and times
as before: only its bytes tell the versions apart."""

from __future__ import annotations

import os

import pytest

from reader.core.site.detect import load_site


@pytest.fixture
def whole_seconds(monkeypatch):
    """``fstat`` as on a disk that keeps whole seconds."""
    real = os.fstat

    def fstat(fd):
        st = real(fd)
        times = {
            f"st_{name}_ns": getattr(st, f"st_{name}_ns") // 10**9 * 10**9
            for name in ("atime", "mtime", "ctime")
        }
        return os.stat_result(tuple(st)[:10], times)

    monkeypatch.setattr(os, "fstat", fstat)


def _config(root, text: str) -> None:
    with open(root / "_config.yml", "w", encoding="utf-8") as handle:  # (in place: one inode)
        handle.write(text)


def test_a_configuration_rewritten_at_its_size_within_a_second_is_read_again(
    whole_seconds, tmp_path
):
    (tmp_path / "source" / "_posts").mkdir(parents=True)
    _config(tmp_path, "new_post_name: :year-:title.md\n")
    assert load_site(tmp_path).new_post_name == ":year-:title.md"
    # (the same second, as the whole-second times say: set so, whatever the clock)
    before = os.stat(tmp_path / "_config.yml")
    _config(tmp_path, "new_post_name: :month:title.md\n")
    os.utime(tmp_path / "_config.yml", ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(tmp_path / "_config.yml")
    assert (after.st_ino, after.st_size) == (before.st_ino, before.st_size)
    assert load_site(tmp_path).new_post_name == ":month:title.md"


def test_a_configuration_unchanged_is_parsed_once(monkeypatch, tmp_path):
    from reader.core.site import detect

    (tmp_path / "source" / "_posts").mkdir(parents=True)
    _config(tmp_path, "new_post_name: :year-:title.md\n")
    calls = []
    real = detect.parse_config
    monkeypatch.setattr(
        detect, "parse_config", lambda raw, path: calls.append(1) or real(raw, path)
    )
    for _ in range(3):
        site = load_site(tmp_path)
        assert site.new_post_name == ":year-:title.md"
    assert len(calls) <= 1
