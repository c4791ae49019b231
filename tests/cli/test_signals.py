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
    # As from a terminal: a run under nohup (CI started so) ignores SIGHUP,
    # and an ignored hangup rightly stays ignored (see the test below).
    inherited = signal.signal(signum, signal.SIG_DFL)
    try:
        before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
        code = main(["export", str(library), "--epub", str(out / "book.epub")])
        after = {s: signal.getsignal(s) for s in before}
    finally:
        signal.signal(signum, inherited)
    assert code == 128 + signum
    assert capsys.readouterr().err.strip().endswith("stopped")
    assert list(out.iterdir()) == []  # no book, no staging folder
    assert after == before  # handlers given back


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


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rpartition(")")[2].split()
        except OSError:
            continue
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="/proc")
@pytest.mark.parametrize("gap", [0.0, 0.02, 0.2])
def test_ctrl_c_twice_while_the_pool_indexes_ends_the_command(tmp_path, gap):
    # (CLI attack) a terminal's Ctrl+C goes to the whole process group, and
    # `timeout -s INT` sends it twice: the workers stopped holding the pool's
    # queue lock, or the second interrupt broke the pool's shutdown half way,
    # and `index` said "interrupted" and waited for its workers for ever (a
    # third Ctrl+C ended it with tracebacks); or it said a worker "ended
    # unexpectedly (killed, or out of memory)"
    import subprocess
    import sys
    import time

    from tests.fixtures.library_gen import write_library

    root = tmp_path / "lib"
    write_library(root, 3000, size=1500)
    cache = str(tmp_path / "c")
    command = [sys.executable, "-m", "reader", "index", "--cache-dir", cache, str(root)]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2 and proc.poll() is None:  # (the pool is working)
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(gap)
        os.killpg(proc.pid, signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode in (130, -signal.SIGINT), err
    assert b"Traceback" not in err and b"unexpectedly" not in err, err
    deadline = time.monotonic() + 10  # (the workers end with it)
    while _children(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _children(proc.pid)


def test_ctrl_c_while_the_commands_are_made_is_no_traceback(capsys, monkeypatch):
    # (adversary) Ctrl+C in the first 60 ms of a command: a traceback from
    # building the parser (its modules' imports)
    import reader.cli as cli

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_build_parser", interrupted)
    assert main(["list", "."]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "interrupted" and "Traceback" not in err


@pytest.fixture
def entry_point():
    """``reader.__main__``, and this process's Ctrl+C handler given back
    after it (the entry point sets its own for the interpreter's shutdown)."""
    import reader.__main__ as entry

    handler = signal.getsignal(signal.SIGINT)
    yield entry
    signal.signal(signal.SIGINT, handler)


def test_ctrl_c_while_the_command_line_is_imported_is_no_traceback(
    monkeypatch, capsys, entry_point
):
    # (review) the console script imports reader.cli, whose modules load
    # the commands: a Ctrl+C in its first 50 ms was a traceback, exit -2
    import builtins

    entry = entry_point
    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "reader.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    assert entry.main() == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_a_ctrl_c_after_the_command_handled_one_is_no_traceback(monkeypatch, capsys, entry_point):
    # (a terminal's second Ctrl+C, after the command's handlers were given
    # back: a KeyboardInterrupt traceback from writing its last output)
    import reader.cli as cli

    entry = entry_point

    def late(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", late)
    assert entry.main() == 130
    assert "Traceback" not in capsys.readouterr().err


def test_a_ctrl_c_while_python_shuts_down_ends_the_command_at_once(tmp_path):
    # (flaky before: the second Ctrl+C of `timeout -s INT` landed while
    # `threading` joined the index's pool at exit: "Exception ignored in:
    # <module 'threading'> … KeyboardInterrupt")
    import subprocess
    import sys
    import time

    # (a thread joined at exit; it blocks Ctrl+C, as the kernel may give a
    # process's signal to any thread, and only the main thread's wait is cut
    # short by one)
    script = (
        "import signal, sys, threading, time\n"
        "import reader.__main__ as entry\n"
        "ready = threading.Event()\n"
        "def nap():\n"
        "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})\n"
        "    ready.set()\n"
        "    time.sleep(30)\n"
        "threading.Thread(target=nap).start()\n"
        "ready.wait()\n"
        "sys.argv = ['article-reader', '--version']\n"
        "sys.exit(entry.main())\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(b"article-reader ")  # (the command ended)
        # (again and again, as a user would: one that lands just before the
        # main thread starts to wait is only seen after the wait, which
        # CPython cannot help)
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            proc.send_signal(signal.SIGINT)
            time.sleep(0.1)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130
    assert err == b""
