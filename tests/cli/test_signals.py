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
