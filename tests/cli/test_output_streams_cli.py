"""A command's standard output or error that cannot be written: a pipe
whose reader has gone (with Python's usual buffering, not only unbuffered),
a full disk (``/dev/full``).  The work is done, the exit code says what
happened, and nothing ends in a traceback or Python's 'Exception ignored'
(exit 120).  And ``--limit`` beyond what SQLite takes lists everything."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reader.cli import main
from tests.core.libhelpers import write

_HANG_GUARD = 120  # seconds: a guard against a hang, not a timing


def _run(argv, cache_dir, *, stdout=None, close_out=False, close_err=False, unbuffered=False):
    """Run the command with Python's usual buffering (no PYTHONUNBUFFERED,
    unless ``unbuffered``), its standard output and error pipes, either of
    them closed before it writes (``| true``), or ``stdout`` (an open
    file); the exit code and what standard error got (None when closed)."""
    env = dict(os.environ, ARTICLE_READER_CACHE_DIR=str(cache_dir))
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:  # (each line meets the closed pipe as it is written)
        env["PYTHONUNBUFFERED"] = "1"
    with subprocess.Popen(
        [sys.executable, "-m", "reader", *argv],
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        if process.stdout is not None and close_out:
            process.stdout.close()
        errors = None
        assert process.stderr is not None
        if close_err:
            process.stderr.close()
        else:
            errors = process.stderr.read().decode()
        if process.stdout is not None and not close_out:
            process.stdout.read()
        return process.wait(timeout=_HANG_GUARD), errors


def _articles(root, count=5):
    return [
        write(root, f"a{number:02d}.md", f"---\ntitle: t{number}\n---\nbody\n")
        for number in range(count)
    ]


def test_set_with_standard_error_a_closed_pipe_writes_every_file_and_keeps_its_code(
    root, cache_dir
):
    # the first message (a file skipped) raised BrokenPipeError: the files
    # after it were never written, and the exit code was 0
    files = _articles(root)
    bad = write(root, "a00-bad.md", "---\ntitle: [unclosed\n---\nbody\n")
    code, _ = _run(["set", str(bad), *map(str, files), "-s", "k=v"], cache_dir, close_err=True)
    assert code == 3
    assert all(b"\nk: v\n" in path.read_bytes() for path in files)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["show", "{missing}"], 3),
        (["check", "{root}"], 1),
        (["list", "{missing}"], 3),
        (["set", "-s", "k=1", "-u", "k", "{file}"], 2),
        (["list", "--no-such-option", "{root}"], 2),
    ],
)
def test_a_closed_standard_error_keeps_the_exit_code(root, cache_dir, argv, expected):
    (file,) = _articles(root, 1)
    write(root, "bad.md", "---\ntitle: [unclosed\n---\nbody\n")
    names = {"missing": str(root / "missing.md"), "root": str(root), "file": str(file)}
    argv = [arg.format(**names) for arg in argv]
    for close_out in (False, True):
        code, _ = _run(argv, cache_dir, close_err=True, close_out=close_out)
        assert code == expected, (argv, close_out)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["set", "-s", "k=v", "{file}"], 0),
        (["check", "{root}"], 1),
        (["show", "{file}"], 0),
        (["--help"], 0),
    ],
)
def test_a_closed_buffered_standard_output_keeps_the_exit_code(root, cache_dir, argv, expected):
    # what was still buffered met the closed pipe at Python's last flush:
    # 'Exception ignored … BrokenPipeError' and exit code 120
    (file,) = _articles(root, 1)
    write(root, "bad.md", "---\ntitle: [unclosed\n---\nbody\n")
    argv = [arg.format(root=root, file=file) for arg in argv]
    code, errors = _run(argv, cache_dir, close_out=True)
    assert code == expected, errors
    assert "Exception ignored" not in errors and "Traceback" not in errors


full_disk = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@full_disk
@pytest.mark.parametrize(
    "argv",
    [
        ["set", "-s", "k=v", "{files}"],
        ["show", "{files}"],
        ["show", "--json", "{files}"],
        ["list", "{root}"],
        ["list", "--json", "{root}"],
        ["search", "{root}", "body"],
        ["--help"],
        ["list", "--help"],
    ],
)
def test_standard_output_on_a_full_disk_is_one_error_and_exit_code_3(root, cache_dir, argv):
    # a traceback ('OSError: [Errno 28] No space left on device'), exit 1;
    # set stopped after its first file
    files = _articles(root)
    expanded: list[str] = []
    for arg in argv:
        if arg == "{files}":
            expanded += map(str, files)
        else:
            expanded.append(arg.format(root=root))
    with open("/dev/full", "wb") as full:
        code, errors = _run(expanded, cache_dir, stdout=full)
    assert code == 3, errors
    assert "Traceback" not in errors and "Exception ignored" not in errors
    assert errors.count("error: standard output: No space left on device") == 1
    if argv[0] == "set":
        assert all(b"\nk: v\n" in path.read_bytes() for path in files)


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--limit", "{huge}", "{root}"],
        ["list", "--json", "--limit", "{huge}", "{root}"],
        ["list", "--unread", "--limit", "{huge}", "{root}"],
        ["list", "--query", "title:t1", "--limit", "{huge}", "{root}"],
        ["search", "--limit", "{huge}", "{root}", "body"],
        ["search", "--limit", "9223372036854775807", "{root}", "body"],
    ],
)
def test_a_limit_beyond_what_sqlite_takes_lists_everything(root, cache_dir, capsys, argv):
    # OverflowError: Python int too large to convert to SQLite INTEGER
    # (islice: 'Stop argument … must be … <= sys.maxsize'), a traceback
    _articles(root, 3)
    huge = "9" * 30
    code = main(
        [arg.format(root=root, huge=huge) for arg in argv] + ["--cache-dir", str(cache_dir)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "a01.md" in captured.out


@pytest.mark.parametrize("unbuffered", [False, True])
def test_index_into_a_closed_pipe_still_says_a_file_was_unreadable(root, cache_dir, unbuffered):
    # its report went through print(): the closed pipe ended it, exit 0
    _articles(root, 2)
    try:
        (root / os.fsdecode(b"lat\xe9n.md")).write_text("---\ntitle: x\n---\n")
    except (OSError, UnicodeError):  # pragma: no cover - a file system of UTF-8 names only
        pytest.skip("the file system takes UTF-8 names only")
    code, errors = _run(["index", str(root)], cache_dir, close_out=True, unbuffered=unbuffered)
    assert code == 3, errors
    assert "not valid UTF-8" in errors and "Traceback" not in errors


def test_saved_into_a_closed_pipe_is_no_error(root, cache_dir):
    # `saved --json | head -1`: "error: …jsonl: cannot be written: Broken pipe", exit 3
    from reader.cli import main

    for number in range(3):
        assert main(["saved", str(root), "--add", f"s{number}", "x"]) == 0
    for argv in (["saved", "--json", str(root)], ["saved", str(root)]):
        code, errors = _run(argv, cache_dir, close_out=True, unbuffered=True)
        assert code == 0, errors
        assert "cannot be written" not in errors and "Traceback" not in errors
