"""The library commands on a hostile machine: a cache that cannot be written,
a damaged undo journal, folders that cannot be read, files that vanish.

Expected: a clear error naming the path (and, for the cache, the
``--cache-dir`` option), the right exit code, never a traceback.  Reading
commands carry on with a temporary index after a one-line warning; writing
commands refuse, since their undo journal needs a safe home.  Undo needs
only that journal (kept apart from the index): it refuses only when the
journal cannot be written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write

CHECKOUT = Path(__file__).resolve().parents[2]

READ_COMMANDS = [("list",), ("search", "hello")]
WRITE_COMMANDS = [("rename-tag", "IPO", "上市"), ("undo",), ("index",)]


def _library(folder: Path) -> Path:
    write(folder, "a.md", article("Alpha", tags="[IPO]", body="<p>hello there</p>\n"))
    write(folder, "sub/b.md", article("Beta", tags="[IPO]", body="<p>hello again</p>\n"))
    return folder


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*.md")}


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr


def _assert_read_fell_back(rc: int, out: str, err: str, blamed: Path | str) -> None:
    _no_traceback(err)
    assert rc == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, err
    assert str(blamed) in warnings[0] and "--cache-dir" in warnings[0]
    assert "temporary index" in warnings[0]
    assert "a.md" in out


def _assert_write_refused(rc: int, err: str, blamed: Path | str) -> None:
    _no_traceback(err)
    assert rc == 3, err
    [line] = [line for line in err.splitlines() if line.startswith("error:")]
    assert str(blamed) in line and "--cache-dir" in line


# -- a cache path that is a file (stops root too, so in-process) -------------------------


@pytest.mark.parametrize("how", ["option", "environment"])
def test_cache_dir_pointing_at_a_file(root, tmp_path, monkeypatch, capsys, how):
    library = _library(root)
    blocker = tmp_path / "cache-file"
    blocker.write_text("x")
    if how == "option":
        extra = ["--cache-dir", str(blocker)]
    else:
        monkeypatch.setenv("ARTICLE_READER_CACHE_DIR", str(blocker))
        extra = []
    before = _files(library)
    for command in READ_COMMANDS:
        rc = main([command[0], str(library), *command[1:], *extra])
        captured = capsys.readouterr()
        _assert_read_fell_back(rc, captured.out, captured.err, blocker)
    for command in WRITE_COMMANDS:
        rc = main([command[0], str(library), *command[1:], *extra])
        _assert_write_refused(rc, capsys.readouterr().err, blocker)
    assert _files(library) == before and blocker.read_text() == "x"
    # A dry run writes nothing, so it may use a temporary index.
    rc = main(["rename-tag", str(library), "IPO", "上市", "--dry-run", *extra])
    captured = capsys.readouterr()
    assert rc == 0 and "+tags: [上市]" in captured.out and "warning:" in captured.err


# -- permissions (as an unprivileged user: root ignores mode bits) ----------------------


def _cli_checks(
    unprivileged, library: Path, cache: Path, blamed: Path, *, undo_blamed: Path | None = None
) -> None:
    """Reads fall back, writes are refused naming ``blamed``; so is undo,
    naming ``undo_blamed`` (the journal it needs) when that is given."""
    before = _files(library)
    for command in READ_COMMANDS:
        result = unprivileged.cli(command[0], str(library), *command[1:], "--cache-dir", str(cache))
        _assert_read_fell_back(result.returncode, result.stdout, result.stderr, blamed)
    for command in WRITE_COMMANDS:
        result = unprivileged.cli(command[0], str(library), *command[1:], "--cache-dir", str(cache))
        undo = command == ("undo",) and undo_blamed is not None
        _assert_write_refused(result.returncode, result.stderr, undo_blamed if undo else blamed)
    assert _files(library) == before


def _unprivileged_library(unprivileged) -> Path:
    library = _library(unprivileged.folder / "library")
    unprivileged.give(library)
    return library


def test_unwritable_cache_root(unprivileged):
    library = _unprivileged_library(unprivileged)
    cache = unprivileged.folder / "cache-root"
    cache.mkdir()
    cache.chmod(0o555)
    unprivileged.give(cache)
    _cli_checks(unprivileged, library, cache, cache / "libraries")
    assert list(cache.iterdir()) == []


def _index_of(unprivileged, library: Path, cache: Path) -> Path:
    result = unprivileged.cli("index", str(library), "--cache-dir", str(cache))
    assert result.returncode == 0, result.stderr
    [index] = cache.glob("libraries/*/index.sqlite3")
    return index


def test_read_only_index_file(unprivileged):
    library = _unprivileged_library(unprivileged)
    cache = unprivileged.folder / "cache"
    index = _index_of(unprivileged, library, cache)
    assert unprivileged.cli("rename-tag", str(library), "IPO", "上市").returncode == 0
    edited = _files(library)
    stamp = index.read_bytes()
    index.chmod(0o444)
    for command in READ_COMMANDS:
        result = unprivileged.cli(command[0], str(library), *command[1:], "--cache-dir", str(cache))
        _assert_read_fell_back(result.returncode, result.stdout, result.stderr, index)
    for command in WRITE_COMMANDS:
        if command != ("undo",):
            result = unprivileged.cli(
                command[0], str(library), *command[1:], "--cache-dir", str(cache)
            )
            _assert_write_refused(result.returncode, result.stderr, index)
    assert _files(library) == edited
    # The index is a cache: undo needs only its journal, kept apart from it.
    result = unprivileged.cli("undo", str(library), "--cache-dir", str(cache))
    _no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert str(index) in warning and "undo journal" in warning
    assert "undid rename tag IPO → 上市: 2 file(s) restored" in result.stderr
    assert all("上市" not in data.decode() for data in _files(library).values())
    assert index.read_bytes() == stamp


def test_read_only_index_folder(unprivileged):
    library = _unprivileged_library(unprivileged)
    cache = unprivileged.folder / "cache"
    index = _index_of(unprivileged, library, cache)
    index.parent.chmod(0o555)
    # undo needs its journal, which cannot be made there
    _cli_checks(unprivileged, library, cache, index, undo_blamed=index.with_name("journal.sqlite3"))


def test_read_only_journal_stops_a_bulk_edit_before_any_write(unprivileged):
    library = _unprivileged_library(unprivileged)
    cache = unprivileged.folder / "cache"
    result = unprivileged.cli("rename-tag", str(library), "IPO", "上市", "--cache-dir", str(cache))
    assert result.returncode == 0, result.stderr
    [journal] = cache.glob("libraries/*/journal.sqlite3")
    journal.chmod(0o444)
    before = _files(library)
    for command in (("rename-tag", "上市", "IPO"), ("undo",)):
        result = unprivileged.cli(command[0], str(library), *command[1:], "--cache-dir", str(cache))
        _no_traceback(result.stderr)
        assert result.returncode == 3
        assert f"error: {journal}: cannot write the undo journal" in result.stderr
        assert "--cache-dir" in result.stderr
    assert _files(library) == before


def test_unreadable_folder_is_reported_by_check_index_and_list(unprivileged):
    library = _unprivileged_library(unprivileged)
    locked = library / "sub"
    locked.chmod(0o000)
    for command in ("check", "index", "list"):
        args = [command, str(library)]
        if command != "check":
            args += ["--cache-dir", str(unprivileged.folder / "cache")]
        result = unprivileged.cli(*args)
        _no_traceback(result.stderr)
        assert result.returncode == 3, (command, result.stderr)
        assert "a.md" in (result.stdout if command == "list" else "a.md")
        assert f"error: {locked}: cannot read the folder: Permission denied" in result.stderr
    locked.chmod(0o755)


# -- read-only and full file systems (these stop root too) ------------------------------


def _private_mounts_work(where: Path) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    where.mkdir(exist_ok=True)
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs '{where}'"],
        capture_output=True,
        timeout=60,
    )
    return probe.returncode == 0


class _Mounted:
    """A shell script run in a private mount namespace (so that its tmpfs
    mounts never leak), recording each command's output and exit code."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.lines = ["set -e"]
        self.results = tmp_path / "results"
        self.results.mkdir()

    def sh(self, line: str) -> None:
        self.lines.append(line)

    def cli(self, name: str, *args: str) -> None:
        quoted = " ".join(f"'{a}'" for a in args)
        out, err, rc = (self.results / f"{name}.{s}" for s in ("out", "err", "rc"))
        self.lines.append(
            f"'{sys.executable}' -m reader {quoted} >'{out}' 2>'{err}' && echo 0 >'{rc}' "
            f"|| echo $? >'{rc}'"
        )

    def run(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
        done = subprocess.run(
            ["unshare", "-m", "sh", "-c", "\n".join(self.lines)],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        assert done.returncode == 0, done.stderr

    def result(self, name: str) -> tuple[int, str, str]:
        rc, out, err = (self.results / f"{name}.{s}" for s in ("rc", "out", "err"))
        return int(rc.read_text()), out.read_text(), err.read_text()


@pytest.fixture
def mounted(tmp_path):
    if not _private_mounts_work(tmp_path / "probe"):
        pytest.skip("needs root and unshare to mount a private tmpfs")
    return _Mounted(tmp_path)


def test_cache_on_a_read_only_file_system(mounted, root, tmp_path):
    library = _library(root)
    cache = tmp_path / "ro"
    cache.mkdir()
    mounted.sh(f"mount -t tmpfs -o size=4m tmpfs '{cache}'")
    mounted.cli("first", "index", str(library), "--cache-dir", str(cache))
    mounted.sh(f"mount -o remount,ro '{cache}'")
    for number, command in enumerate(READ_COMMANDS + WRITE_COMMANDS):
        mounted.cli(f"c{number}", command[0], str(library), *command[1:], "--cache-dir", str(cache))
    before = _files(library)
    mounted.run()
    assert mounted.result("first")[0] == 0
    for number, command in enumerate(READ_COMMANDS + WRITE_COMMANDS):
        rc, out, err = mounted.result(f"c{number}")
        assert "the file system is read-only" in err
        if command in READ_COMMANDS:
            _assert_read_fell_back(rc, out, err, cache)
        else:
            _assert_write_refused(rc, err, cache)
    assert _files(library) == before


def test_cache_on_a_full_disk(mounted, root, tmp_path):
    library = _library(root)
    disk = tmp_path / "full"
    disk.mkdir()
    mounted.sh(f"mount -t tmpfs -o size=128k tmpfs '{disk}'")
    mounted.sh(f"dd if=/dev/zero of='{disk}/filler' bs=4k 2>/dev/null || true")
    for number, command in enumerate(READ_COMMANDS + WRITE_COMMANDS):
        mounted.cli(
            f"c{number}", command[0], str(library), *command[1:], "--cache-dir", f"{disk}/cache"
        )
    before = _files(library)
    mounted.run()
    for number, command in enumerate(READ_COMMANDS + WRITE_COMMANDS):
        rc, out, err = mounted.result(f"c{number}")
        assert "the disk is full" in err
        if command in READ_COMMANDS:
            _assert_read_fell_back(rc, out, err, disk)
        else:
            _assert_write_refused(rc, err, disk)
    assert _files(library) == before


def _grow_later(mounted, tmp_path: Path, library: Path, title: str, body: str) -> None:
    """Add 400 articles when the script reaches this point (not now)."""
    grow = tmp_path / "grow.py"
    grow.write_text(
        "from pathlib import Path\n"
        "from tests.core.libhelpers import article, write\n"
        f"root = Path({str(library)!r})\n"
        "for n in range(400):\n"
        f"    write(root, f'many/{{n:03d}}.md', article({title!r}.format(n), body={body!r}))\n"
    )
    mounted.sh(f"'{sys.executable}' '{grow}'")


def _fill_disk_but(mounted, disk: Path, kilobytes: int) -> None:
    mounted.sh(f"avail=$(df --output=avail -k '{disk}' | tail -1)")
    mounted.sh(
        f"dd if=/dev/zero of='{disk}/filler' bs=1k count=$((avail - {kilobytes})) 2>/dev/null"
        " || true"
    )


def test_disk_fills_up_during_a_refresh(mounted, root, tmp_path):
    """The index opens (there is room for SQLite's shared memory), but the
    disk is full by the time the new articles are written into it: the
    listing still comes, from a temporary index."""
    library = _library(root)
    disk = tmp_path / "filling"
    disk.mkdir()
    mounted.sh(f"mount -t tmpfs -o size=1m tmpfs '{disk}'")
    mounted.cli("first", "index", str(library), "--cache-dir", str(disk))
    _grow_later(mounted, tmp_path, library, "Many {0} " * 150, "<p>short</p>\n")
    _fill_disk_but(mounted, disk, 64)
    mounted.cli("list", "list", str(library), "--cache-dir", str(disk))
    mounted.run()
    assert mounted.result("first")[0] == 0
    rc, out, err = mounted.result("list")
    _assert_read_fell_back(rc, out, err, disk)
    assert "the disk is full (database or disk is full)" in err
    assert len(out.splitlines()) == 402


def test_disk_fills_up_while_the_full_text_is_built(mounted, root, tmp_path):
    """Room for the new articles' metadata, not for their text: search
    still answers, from a temporary index."""
    library = _library(root)
    disk = tmp_path / "filling"
    disk.mkdir()
    mounted.sh(f"mount -t tmpfs -o size=2m tmpfs '{disk}'")
    mounted.cli("first", "search", str(library), "hello", "--cache-dir", str(disk))
    words = " ".join(f"word{n}x{n * 7919 % 10007}" for n in range(1500))
    _grow_later(mounted, tmp_path, library, "M{}", f"<p>hello {words}</p>\n")
    _fill_disk_but(mounted, disk, 320)
    mounted.cli(
        "search", "search", str(library), "hello", "--limit", "500", "--cache-dir", str(disk)
    )
    mounted.cli("index", "index", str(library), "--cache-dir", str(disk))
    mounted.run()
    assert mounted.result("first")[0] == 0
    rc, out, err = mounted.result("search")
    _assert_read_fell_back(rc, out, err, disk)
    assert "the disk is full" in err
    assert err.splitlines()[-1] == "402 result(s)"
    rc, _, err = mounted.result("index")
    _assert_write_refused(rc, err, disk)


# -- the undo journal -------------------------------------------------------------------


def _damage(path: Path) -> None:
    path.write_bytes(b"garbage, not a journal\n" * 100)


def test_undo_with_a_damaged_journal(root, cache_dir, capsys):
    library = _library(root)
    assert main(["rename-tag", str(library), "IPO", "上市"]) == 0
    [journal] = cache_dir.glob("libraries/*/journal.sqlite3")
    _damage(journal)
    edited = _files(library)
    capsys.readouterr()
    assert main(["undo", str(library)]) == 3
    err = capsys.readouterr().err
    _no_traceback(err)
    [aside] = journal.parent.glob("journal.sqlite3.damaged-*")
    assert err == f"error: {journal}: the undo journal is damaged; kept as {aside}\n"
    assert aside.read_bytes() == b"garbage, not a journal\n" * 100
    assert _files(library) == edited


def test_bulk_edit_after_a_damaged_journal_says_so_once(root, cache_dir, capsys):
    library = _library(root)
    assert main(["rename-tag", str(library), "IPO", "上市"]) == 0
    [journal] = cache_dir.glob("libraries/*/journal.sqlite3")
    _damage(journal)
    # (a command that needs no journal leaves it for the edit to say: the
    # look for an edit cut short reads it without putting it aside)
    assert main(["list", str(library)]) == 0
    capsys.readouterr()
    assert main(["rename-tag", str(library), "上市", "新股"]) == 0
    err = capsys.readouterr().err
    [aside] = journal.parent.glob("journal.sqlite3.damaged-*")
    [warning] = [line for line in err.splitlines() if line.startswith("warning:")]
    assert warning == (
        f"warning: {journal}: the undo journal is damaged; kept as {aside}; "
        "a new undo journal is started for this edit"
    )
    assert main(["rename-tag", str(library), "新股", "IPO"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert main(["undo", str(library)]) == 0
    assert main(["undo", str(library)]) == 0
    assert all(b"tags: [\xe4\xb8\x8a\xe5\xb8\x82]" in data for data in _files(library).values())


# -- files that vanish while a command runs ---------------------------------------------


def test_check_skips_a_file_deleted_after_the_listing(root, capsys, monkeypatch):
    import reader.core.library.scan as scan_module

    library = _library(root)
    real_scan = scan_module.scan

    def scan_then_delete(path, folder=""):
        found = real_scan(path, folder)
        (library / "sub" / "b.md").unlink()
        return found

    monkeypatch.setattr(scan_module, "scan", scan_then_delete)
    assert main(["check", str(library)]) == 0
    err = capsys.readouterr().err
    assert "error" not in err and "checked 1 file(s)" in err


def test_a_path_beyond_the_system_limit_is_reported(root, cache_dir, capsys):
    from tests.core.test_scan import _deep_folder

    library = _library(root)
    deep = _deep_folder(library)
    for command in ("check", "list", "index"):
        assert main([command, str(library)]) == 3
        err = capsys.readouterr().err
        _no_traceback(err)
        assert "File name too long" in err and str(library / deep.split("/")[0]) in err


# -- an index damaged where only reading its rows finds it --------------------------------------


def test_a_listing_that_meets_damage_after_its_first_lines_says_so(
    root, cache_dir, monkeypatch, capsys
):
    # a title of bytes that are not UTF-8 (a damaged disk) was a traceback on
    # every list and search, and `index` left the row as it was
    import json
    import sqlite3
    from contextlib import closing

    import reader.core.library.facade as facade

    library = _library(root)
    assert main(["index", str(library)]) == 0
    [index] = cache_dir.rglob("index.sqlite3")
    monkeypatch.setattr(facade, "_STREAM_PAGE", 1)  # (the damage after the first page)
    capsys.readouterr()
    assert main(["list", str(library), "--json"]) == 0
    last = json.loads(capsys.readouterr().out.splitlines()[-1])["path"]
    with closing(sqlite3.connect(index)) as conn, conn:
        conn.execute("UPDATE articles SET title=CAST(x'41ff42' AS TEXT) WHERE path=?", (last,))
    rc = main(["list", str(library)])
    out, err = capsys.readouterr()
    _no_traceback(err)
    assert (rc, out.count(".md")) == (3, 1)
    assert err == (
        f"error: {index}: the index was found damaged and has been rebuilt; run the command again\n"
    )
    assert main(["list", str(library)]) == 0
    assert "Alpha" in (out := capsys.readouterr().out) and "Beta" in out
