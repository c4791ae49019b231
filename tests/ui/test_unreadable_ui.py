"""A file or folder of the library that cannot be read is named (its path in
the library, and why) and listed under Problems until it can be read: not
only in a status message that goes away.

Mode bits stop nothing for root: the window runs as an unprivileged user
(the ``unprivileged`` fixture), in a process of its own."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.core.libhelpers import article, write

PROBE = Path(__file__).with_name("unreadable_probe.py")


def test_unreadable_places_are_listed_under_problems_until_fixed(unprivileged):
    root = unprivileged.folder / "library"
    write(root, "a.md", article("A"))
    write(root, "secret.md", article("Secret"))
    write(root, "2021/locked/b.md", article("B"))
    write(root, "notes/c.md", article("C"))
    folder = unprivileged.folder / "window"
    folder.mkdir()
    unprivileged.give(root, folder)
    os.chmod(root / "secret.md", 0)
    os.chmod(root / "2021" / "locked", 0)
    result = unprivileged.run([sys.executable, str(PROBE), str(root), str(folder)], timeout=180)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    opened = out["opened"]
    assert opened["keys"] == [["unreadable", "2021/locked"], ["unreadable", "secret.md"]]
    assert opened["children"][0].startswith("2021/locked: cannot read the folder: ")
    assert opened["children"][1].startswith("secret.md: cannot read")
    assert opened["count"] == "2"  # no article with problems; two places not read
    assert "2 files or folders could not be read" in opened["tooltip"]
    # the status message names a place too (never an empty name)
    assert any(
        "2021/locked: cannot read" in m or "secret.md: cannot read" in m for m in out["messages"]
    )
    assert not any(": : " in m for m in out["messages"])
    # a folder counts as a folder, and the message says where they are listed
    said = [m for m in out["messages"] if "could not be read" in m]
    assert said and said[0].startswith("2 files or folders could not be read, e.g. ")
    assert said[0].endswith("(see Problems)")
    assert opened["status"] == "2 files or folders not read"  # as long as they are not
    assert out["found"] and out["rows"] == 0
    assert out["reader"].startswith("secret.md: cannot read")
    assert out["after a change elsewhere"]["children"] == opened["children"]
    assert out["fixed"]["children"] == [] and out["fixed"]["count"] == "0"
    assert out["fixed"]["status"] == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_an_article_that_could_not_be_shown_is_shown_once_its_file_is_back(
    qtbot, opened, library_copy
):
    # a FIFO put in its place, then the file back: the reader kept saying
    # why it could not show it until another article was chosen
    window = opened
    rel = "_posts/river-walk.md"
    path = library_copy / "_posts" / "river-walk.md"
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article(rel)
    kept = path.read_bytes()
    path.unlink()
    os.mkfifo(path)
    window.watcher.changed.emit([os.fspath(path)])
    qtbot.waitUntil(lambda: window.reader.current != rel, timeout=10000)
    path.unlink()
    path.write_bytes(kept)
    with qtbot.waitSignal(window.article_shown, timeout=10000) as shown:
        window.watcher.changed.emit([os.fspath(path)])
    assert shown.args == [rel] and window.reader.current == rel
