"""Opening a file that must be regular: never blocking, never following a link when told not to."""

from __future__ import annotations

import os

import pytest

from reader.core.common.device import device_id
from reader.core.common.files import NotRegularFileError, file_kind, open_regular
from reader.core.render.imagecheck import image_refusal
from reader.core.site.detect import load_site

from .guards import finishes

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
needs_fd_listing = pytest.mark.skipif(
    not os.path.isdir("/proc/self/fd"), reason="no /proc/self/fd here"
)


def _read(path, **options):
    with open_regular(path, **options) as handle:
        return handle.read()


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\r\ntwo\x00three")
    assert _read(path) == b"one\r\ntwo\x00three"


@needs_fifo
def test_a_fifo_is_refused_at_once_naming_what_it_is(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = finishes(_read, fifo)
    assert isinstance(result, NotRegularFileError)
    assert isinstance(result, OSError)
    assert result.strerror == "a FIFO (named pipe), not a regular file"
    assert result.filename == str(fifo)


def test_a_folder_is_refused(tmp_path):
    result = finishes(_read, tmp_path)
    assert isinstance(result, NotRegularFileError)
    assert result.strerror.startswith("a folder")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_without_end_is_refused_through_a_link(tmp_path):
    link = tmp_path / "zero"
    link.symlink_to("/dev/zero")
    result = finishes(_read, link)
    assert isinstance(result, NotRegularFileError)
    assert result.strerror.startswith("a character device")


def test_a_link_is_followed_unless_told_not_to(tmp_path):
    target = tmp_path / "target.txt"
    target.write_bytes(b"through the link")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert _read(link) == b"through the link"
    with pytest.raises(OSError) as raised:
        _read(link, follow_links=False)
    assert not isinstance(raised.value, NotRegularFileError)  # ELOOP: never opened


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        _read(tmp_path / "missing")


@needs_fifo
@needs_fd_listing
def test_no_descriptor_is_left_open_by_a_refusal(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        with pytest.raises(NotRegularFileError):
            open_regular(fifo)
        with pytest.raises(NotRegularFileError):
            open_regular(tmp_path)
    assert len(os.listdir("/proc/self/fd")) == before


def test_file_kind_names_each_kind():
    import stat

    assert file_kind(stat.S_IFREG | 0o644) is None
    assert file_kind(stat.S_IFDIR | 0o755) == "a folder"
    assert file_kind(stat.S_IFIFO | 0o644) == "a FIFO (named pipe)"
    assert file_kind(stat.S_IFCHR | 0o644) == "a character device"
    assert file_kind(stat.S_IFBLK | 0o644) == "a block device"
    assert file_kind(stat.S_IFSOCK | 0o644) == "a socket"


# The readers that checked a name and then opened it: a FIFO in the name's
# place is refused, not waited on, by each of them.


@needs_fifo
def test_the_device_file_as_a_fifo_gives_a_fresh_id(tmp_path):
    os.mkfifo(tmp_path / "device-id")
    result = finishes(device_id, tmp_path)
    assert not isinstance(result, BaseException)
    assert isinstance(result, str) and result


@needs_fifo
def test_an_image_that_is_a_fifo_is_not_waited_on(tmp_path):
    fifo = tmp_path / "photo.png"
    os.mkfifo(fifo)
    assert finishes(image_refusal, fifo) is None  # nothing to refuse: Qt reads nothing


@needs_fifo
def test_a_site_configuration_swapped_for_a_fifo_is_not_waited_on(tmp_path, monkeypatch):
    """The name is checked (``is_file``), then a FIFO takes its place before
    it is opened: simulated by letting the check see a regular file."""
    from pathlib import Path

    (tmp_path / "source" / "_posts").mkdir(parents=True)
    config = tmp_path / "_config.yml"
    os.mkfifo(config)
    checked = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda self: self.name == "_config.yml" or checked(self))
    site = finishes(load_site, tmp_path)
    assert not isinstance(site, BaseException), site
    assert any(
        str(config) in problem and "a FIFO (named pipe), not a regular file" in problem
        for problem in site.problems
    ), site.problems
