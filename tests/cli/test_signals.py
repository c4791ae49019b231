"""SIGTERM and SIGHUP stop a command as Ctrl+C does: what it was making is
cleaned up on the way out (an export's staging folder stayed beside the
output until the next sweep, six hours later)."""

from __future__ import annotations

import os
import signal

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write


@pytest.fixture
def library(root):
    write(root, "a.md", article("One"))
    write(root, "b.md", article("Two"))
    return root


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_export_leaves_nothing_behind(library, tmp_path, capsys, monkeypatch, signum):
    from reader.core.convert import export

    out = tmp_path / "out"
    out.mkdir()
    prepare = export.prepare_chapters

    def stopped_midway(*args, **kwargs):
        os.kill(os.getpid(), signum)  # (handled before the call below returns)
        return prepare(*args, **kwargs)

    monkeypatch.setattr(export, "prepare_chapters", stopped_midway)
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    code = main(["export", str(library), "--epub", str(out / "book.epub")])
    assert code == 128 + signum
    assert capsys.readouterr().err.strip().endswith("stopped")
    assert list(out.iterdir()) == []  # no book, no staging folder
    assert {s: signal.getsignal(s) for s in before} == before  # handlers given back


def test_an_ignored_hangup_stays_ignored(library, tmp_path, capsys, monkeypatch):
    from reader.core.convert import export

    prepare = export.prepare_chapters

    def hung_up(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGHUP)  # (as under nohup: nothing happens)
        return prepare(*args, **kwargs)

    monkeypatch.setattr(export, "prepare_chapters", hung_up)
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        assert main(["export", str(library), "--epub", str(tmp_path / "b.epub")]) == 0
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert (tmp_path / "b.epub").is_file()


def _signal_at_save(monkeypatch, nth: int, signum: int) -> None:
    """Send ``signum`` to this process as a bulk edit writes its ``nth``
    file (handled before that write returns)."""
    from reader.core.edit import bulk

    save = bulk.save_article
    calls = []

    def signalled(*args, **kwargs):
        calls.append(1)
        if len(calls) == nth:
            os.kill(os.getpid(), signum)
        return save(*args, **kwargs)

    monkeypatch.setattr(bulk, "save_article", signalled)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_bulk_edit_says_what_it_changed_and_how_to_undo_it(
    root, capsys, monkeypatch, signum
):
    # stopped at once, it said only "stopped": hundreds of files changed,
    # none named, no word of undo
    for name in "abcde":
        write(root, f"{name}.md", article(name.upper(), tags="[foo]"))
    _signal_at_save(monkeypatch, 2, signum)
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    code = main(["rename-tag", str(root), "foo", "bar"])
    out, err = capsys.readouterr()
    assert code == 128 + signum
    changed = sorted(p.name for p in root.glob("*.md") if "bar" in p.read_text())
    assert len(changed) == 2  # the file being written when it came, then no more
    assert sorted(line.rsplit("/", 1)[1].split(":")[0] for line in out.splitlines()) == changed
    assert f"2 file(s) changed (undo: article-reader undo {root})" in err
    assert "stopped" in err.splitlines()[-1]
    assert {s: signal.getsignal(s) for s in before} == before  # handlers given back
    assert main(["undo", str(root)]) == 0
    assert not any("bar" in p.read_text() for p in root.glob("*.md"))


def test_a_signal_after_the_last_file_of_a_bulk_edit_is_no_stop(root, capsys, monkeypatch):
    # every file was written, and it said "stopped before it was done", 143
    for name in "ab":
        write(root, f"{name}.md", article(name.upper(), tags="[foo]"))
    _signal_at_save(monkeypatch, 2, signal.SIGTERM)  # (the last file's)
    assert main(["rename-tag", str(root), "foo", "bar"]) == 0
    assert "stopped" not in capsys.readouterr().err
    assert all("bar" in p.read_text() for p in root.glob("*.md"))
