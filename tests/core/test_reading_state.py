"""Reading state: per-device logs in .article-reader/state, merged across devices."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.common.device import device_id, is_device_id
from reader.core.library.root import STATE_FOLDER, find_library_root
from reader.core.library.state import ReadingState, fingerprint
from reader.core.library.state.clock import LOGICAL_BITS, HybridClock
from reader.core.library.state.log import Change, compact_rows, encode_change, parse_log
from reader.core.library.state.store import ArticleState

from .libhelpers import article, write

DEV_A = "aaaaaaaa-0000-4000-8000-000000000001"
DEV_B = "bbbbbbbb-0000-4000-8000-000000000002"
DEV_C = "cccccccc-0000-4000-8000-000000000003"


class Ticks:
    """A wall clock (milliseconds) the test moves by hand."""

    def __init__(self, start: int) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


def make_library(root: Path, count: int = 4) -> list[str]:
    paths = []
    for i in range(count):
        rel = f"2021/post-{i}.md"
        write(root, rel, article(f"Post {i}", body=f"<p>body {i}</p>\n"))
        paths.append(rel)
    return paths


def device(root: Path, dev: str, data: Path, ticks: Ticks | None = None) -> ReadingState:
    clock = HybridClock(ticks) if ticks is not None else None
    return ReadingState.open(root, device=dev, data_dir=data, clock=clock)


def sync_copy(source: Path, target: Path, *, cut: int | None = None) -> None:
    """Copy the logs that changed on ``source`` (its device's own: the only
    ones written there) to ``target``, the way a sync tool does: a whole
    file through a temporary name; ``cut``: only the first ``cut`` bytes,
    an interrupted copy."""
    src = source / STATE_FOLDER / "state"
    dst = target / STATE_FOLDER / "state"
    dst.mkdir(parents=True, exist_ok=True)
    owner = {"a": DEV_A, "b": DEV_B}[source.name]
    for log in sorted(src.glob(f"{owner}.jsonl")):
        data = log.read_bytes()
        if cut is not None:
            data = data[:cut]
        tmp = dst / f".{log.name}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, dst / log.name)


# -- the device id and the library root -------------------------------------------------


def test_device_id_is_kept_in_the_data_folder(tmp_path):
    first = device_id(tmp_path)
    assert is_device_id(first)
    assert device_id(tmp_path) == first
    assert (tmp_path / "device-id").read_text().strip() == first
    (tmp_path / "device-id").write_text("damaged\n")
    replaced = device_id(tmp_path)
    assert is_device_id(replaced) and replaced != first
    assert device_id(tmp_path) == replaced


def test_threads_asking_for_a_new_device_id_at_once_get_the_one_kept(tmp_path):
    # the window's stores ask from two threads as a library opens: the second
    # took the first's new file for a damaged one and replaced it, so the
    # first wrote its reading state under an id the folder no longer named
    import threading

    for attempt in range(20):
        folder = tmp_path / str(attempt)
        start = threading.Barrier(6)
        got: list[str] = []

        def ask(folder=folder, start=start, got=got):
            start.wait()
            got.append(device_id(folder))

        threads = [threading.Thread(target=ask) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        kept = (folder / "device-id").read_text().strip()
        assert got == [kept] * 6


def test_processes_asking_for_a_new_device_id_at_once_get_the_one_kept(tmp_path):
    code = "import sys\nfrom reader.core.common.device import device_id as d\nprint(d(sys.argv[1]))"
    for attempt in range(3):
        folder = tmp_path / str(attempt)
        runs = [
            subprocess.Popen([sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE)
            for _ in range(4)
        ]
        got = [run.communicate(timeout=120)[0].decode().strip() for run in runs]
        assert got == [(folder / "device-id").read_text().strip()] * 4


def test_a_data_folder_copied_to_another_machine_gets_an_id_of_its_own(tmp_path):
    # copied with a home folder to a new laptop, the id was the old laptop's:
    # two machines wrote one log in every library (a sync tool's conflict)
    import shutil

    first = device_id(tmp_path / "old")
    shutil.copytree(tmp_path / "old", tmp_path / "new")  # (new files: other inode numbers)
    assert (tmp_path / "new" / "device-id").read_text().strip() == first
    second = device_id(tmp_path / "new")
    assert is_device_id(second) and second != first
    assert (
        device_id(tmp_path / "new")
        == second
        == (tmp_path / "new" / "device-id").read_text().strip()
    )
    assert device_id(tmp_path / "old") == first  # (the machine it came from keeps its own)


def test_a_data_folder_from_before_the_note_keeps_its_id_and_is_noted(tmp_path):
    import shutil
    import uuid

    old = tmp_path / "old"
    old.mkdir()
    kept = str(uuid.uuid4())
    (old / "device-id").write_text(kept + "\n")  # (as versions before the note wrote it)
    assert device_id(old) == kept and (old / "device-id.file").is_file()
    shutil.copytree(old, tmp_path / "new")
    assert device_id(tmp_path / "new") != kept and device_id(old) == kept


def test_processes_on_a_copied_data_folder_agree_on_its_new_id(tmp_path):
    import shutil

    first = device_id(tmp_path / "old")
    code = "import sys\nfrom reader.core.common.device import device_id as d\nprint(d(sys.argv[1]))"
    for attempt in range(3):
        folder = tmp_path / f"copy{attempt}"
        shutil.copytree(tmp_path / "old", folder)
        runs = [
            subprocess.Popen([sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE)
            for _ in range(4)
        ]
        got = [run.communicate(timeout=120)[0].decode().strip() for run in runs]
        kept = (folder / "device-id").read_text().strip()
        assert got == [kept] * 4 and kept != first


def test_device_id_uses_the_environment_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTICLE_READER_DATA_DIR", str(tmp_path / "data"))
    ident = device_id()
    assert (tmp_path / "data" / "device-id").read_text().strip() == ident


def test_find_library_root_walks_up_to_the_state_folder_or_site(tmp_path):
    lib = tmp_path / "lib"
    make_library(lib)
    post = lib / "2021" / "post-0.md"
    assert find_library_root(post) == (lib / "2021").resolve()  # nothing marks a library
    (lib / STATE_FOLDER).mkdir()
    assert find_library_root(post) == lib.resolve()
    assert find_library_root(lib / "2021") == lib.resolve()
    site = tmp_path / "site"
    write(site, "source/_posts/a.md", article("A"))
    write(site, "_config.yml", "title: x\n")
    found = find_library_root(site / "source" / "_posts" / "a.md")
    assert found in (site.resolve(), (site / "source" / "_posts").resolve())


# -- the log format ---------------------------------------------------------------------------


def test_a_change_line_has_the_documented_keys(tmp_path):
    line = encode_change(Change(5 << LOGICAL_BITS, DEV_A, "a/b.md", "1f.abc", "read", True))
    assert json.loads(line) == {
        "t": 5 << LOGICAL_BITS,
        "dev": DEV_A,
        "path": "a/b.md",
        "fp": "1f.abc",
        "field": "read",
        "value": True,
    }
    assert line.endswith(b"\n") and line.count(b"\n") == 1


def test_damaged_and_foreign_lines_are_skipped_with_a_warning():
    good = encode_change(Change(7, DEV_A, "x.md", None, "starred", True))
    data = b"".join(
        [
            good,
            b"{not json\n",
            b'{"t": 8, "dev": "me", "path": "x.md", "field": "read", "value": true}\n',
            b'{"t": 9, "dev": "' + DEV_A.encode() + b'", "path": "../etc", "field": "read",'
            b' "value": true}\n',
            b'{"t": 9, "dev": "' + DEV_A.encode() + b'", "path": "x.md", "field": "colour",'
            b' "value": 1}\n',
            b'{"t": 9, "dev": "' + DEV_A.encode() + b'", "path": "x.md", "field": "progress",'
            b' "value": 7}\n',
            b"[1, 2, 3]\n",
            b"\x00\xff\xfe\n",
            encode_change(Change(10, DEV_A, "y.md", None, "read", True)),
            b'{"t": 11, "dev',
        ]
    )
    parsed = parse_log(data, "log.jsonl")
    assert [(c.path, c.field) for c in parsed.changes] == [("x.md", "starred"), ("y.md", "read")]
    # (the "colour" line is a field of a newer build: passed over without a word)
    assert len(parsed.warnings) == 7 and not any(":5:" in w for w in parsed.warnings)
    # PATH:N: why, the form of every file-and-line message
    assert all(re.match(r"log\.jsonl:\d+: ", w) for w in parsed.warnings)
    assert parsed.warnings[0].startswith("log.jsonl:2: ")
    assert "cut short" in parsed.warnings[-1]


def test_compacted_rows_read_back_as_the_latest_changes():
    changes = [
        Change(100, DEV_A, "2021/a.md", "1.aa", "read", True),
        Change(101, DEV_A, "2021/a.md", "1.aa", "read", False),
        Change(102, DEV_A, "2021/ab.md", "2.bb", "starred", True),
        Change(103, DEV_A, "2021/ab.md", "2.bb", "progress", 0.5),
        Change(104, DEV_A, "zz/文章|x.md", None, "later", 104),
        Change(105, DEV_A, "zz/文章|x.md", None, "later", None),
    ]
    data = compact_rows(DEV_A, changes)
    parsed = parse_log(data, "c")
    assert parsed.warnings == []
    assert sorted(parsed.changes) == sorted([changes[1], changes[2], changes[3], changes[5]])


def test_a_newer_builds_fields_are_kept_by_a_compaction_and_not_warned_about(tmp_path):
    # a newer build on the same device (two versions installed) logged a
    # field this one does not know: every command warned of damaged lines,
    # and the next compaction dropped them for good
    from reader.core.library.state.log import compact_log

    log = tmp_path / f"{DEV_A}.jsonl"
    future = [
        json.dumps(
            {"t": 200 + n, "dev": DEV_A, "path": "a.md", "fp": None, "field": "rating", "value": n},
            separators=(",", ":"),
        ).encode()
        + b"\n"
        for n in range(3)
    ]
    row_header = json.dumps({"compacted": 1, "dev": DEV_A, "base": 500}).encode()
    # a newer build's compacted row: a known cell (starred) and a letter of its own
    row = json.dumps(["0|b.md", "", "s", 10, 1, "q", 5, [1, 2]]).encode()
    known = encode_change(Change(300, DEV_A, "c.md", None, "read", True))
    log.write_bytes(b"".join(future) + row_header + b"\n" + row + b"\n" + known)
    parsed = parse_log(log.read_bytes(), "log")
    assert parsed.warnings == []
    assert sorted((c.path, c.field, c.value) for c in parsed.changes) == [
        ("b.md", "starred", True),
        ("c.md", "read", True),
    ]
    for _ in range(2):  # (and again: kept once, not twice)
        compact_log(log, DEV_A)
        data = log.read_bytes()
        assert all(data.count(line) == 1 for line in future)
        again = parse_log(data, "log")
        assert again.warnings == []
        assert sorted((c.path, c.field, c.value) for c in again.changes) == [
            ("b.md", "starred", True),
            ("c.md", "read", True),
        ]
        assert b'"q",5,[1,2]' in data and b'"0|b.md"' in data
    # a damaged line is still said and dropped
    log.write_bytes(data + b'{"t":1,"dev":"nobody","field":"rating"}\n')
    assert len(parse_log(log.read_bytes(), "log").warnings) == 1
    compact_log(log, DEV_A)
    assert b"nobody" not in log.read_bytes()


@pytest.mark.parametrize("separates", [False, True])
def test_a_backslash_name_never_moves_the_next_rows_state(monkeypatch, separates):
    # a reader that refuses the backslash row (Windows, or a build before
    # 2026-12-05) read the next row on the wrong prefix: notes/a\c.md's
    # state went to notes/a.c.md
    import reader.core.library.state.log as log

    names = ["notes/a.md", "notes/a\\b.md", "notes/a\\c.md", "notes/a.c.md", "notes/zeta.md"]
    changes = [Change(100 + n, DEV_A, name, None, "starred", True) for n, name in enumerate(names)]
    data = compact_rows(DEV_A, changes)
    monkeypatch.setattr(log, "_BACKSLASH_SEPARATES", separates)
    parsed = parse_log(data, "c")
    kept = [n for n in names if not separates or "\\" not in n]
    assert sorted(c.path for c in parsed.changes) == sorted(kept)
    assert len(parsed.warnings) == (2 if separates else 0)


# -- one device ---------------------------------------------------------------------------------


def test_marks_are_kept_beside_the_library_and_never_touch_articles(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    before = {p: (lib / p).read_bytes() for p in paths}
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark(paths[:2], "read", True)
    state.mark([paths[1]], "starred", True)
    state.mark([paths[2]], "later", state.next_later())
    state.mark([paths[3]], "later", state.next_later())
    assert {p: (lib / p).read_bytes() for p in paths} == before
    assert (lib / STATE_FOLDER / "state" / f"{DEV_A}.jsonl").is_file()
    again = device(lib, DEV_A, tmp_path / "data")
    assert again.paths_with("read") == set(paths[:2])
    assert again.unread(paths) == paths[2:]
    assert again.paths_with("starred") == {paths[1]}
    assert again.later_queue() == [paths[2], paths[3]]
    assert again.get(paths[1]).starred and again.get(paths[1]).read
    assert not again.get(paths[3]).read
    line = json.loads((lib / STATE_FOLDER / "state" / f"{DEV_A}.jsonl").read_text().splitlines()[0])
    assert line["fp"] == fingerprint((lib / paths[0]).read_bytes())


def test_toggle_turns_all_on_unless_all_are_on(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "starred", True)
    assert state.toggle(paths[:2], "starred") is True
    assert state.paths_with("starred") == set(paths[:2])
    assert state.toggle(paths[:2], "starred") is False
    assert state.paths_with("starred") == frozenset()
    state.toggle([paths[0]], "later")
    assert state.later_queue() == [paths[0]]
    state.toggle([paths[0]], "later")
    assert state.later_queue() == []


def test_undoing_mark_all_keeps_what_changed_since_here_and_elsewhere(tmp_path):
    # the undo put every article back, over a later read on another device
    # and a later mark here
    lib = tmp_path / "lib"
    paths = make_library(lib)
    a = device(lib, DEV_A, tmp_path / "a")
    assert a.mark_all_read(paths, "all").count == 4
    b = device(lib, DEV_B, tmp_path / "b")  # the same folder, synced
    b.mark([paths[0]], "read", True)  # B read it, later
    b.mark([paths[1]], "read", False)  # B marked it unread again
    a.mark([paths[2]], "read", True)  # read here again since: still the user's
    undone = a.undo_mark_all()
    assert undone is not None and undone.count == 1  # only the one still as it left it
    assert a.value(paths[0], "read") is True and a.value(paths[1], "read") is False
    assert a.value(paths[2], "read") is True
    assert a.value(paths[3], "read") is None
    assert a.undo_mark_all() is None


def test_undoing_mark_all_follows_an_article_renamed_since(tmp_path):
    # (adversarial review) renamed outside the app after a mark all as read,
    # the article stayed read once it was undone ("kept as read or unread
    # since": nobody had marked it)
    lib = tmp_path / "lib"
    paths = make_library(lib, 3)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[2]], "read", True)  # read before: stays read
    assert state.mark_all_read(paths, "all").count == 2
    os.rename(lib / paths[0], lib / "renamed.md")
    os.rename(lib / paths[2], lib / "renamed-read.md")
    sizes = {p.relative_to(lib).as_posix(): p.stat().st_size for p in lib.rglob("*.md")}
    assert state.resolve_moves(sizes) == {paths[0]: "renamed.md", paths[2]: "renamed-read.md"}
    assert state.is_read("renamed.md")
    other = device(lib, DEV_A, tmp_path / "data")  # (the undo of another process)
    undone = other.undo_mark_all()
    assert undone is not None and undone.count == 2
    assert not other.is_read("renamed.md") and not other.is_read(paths[1])
    assert other.is_read("renamed-read.md")


def test_a_renamed_article_marked_since_keeps_its_mark_when_mark_all_is_undone(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib, 2)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark_all_read(paths, "all")
    state.mark([paths[0]], "read", False)
    state.mark([paths[0]], "read", True)  # read again since: the user's
    os.rename(lib / paths[0], lib / "renamed.md")
    sizes = {p.relative_to(lib).as_posix(): p.stat().st_size for p in lib.rglob("*.md")}
    assert state.resolve_moves(sizes) == {paths[0]: "renamed.md"}
    undone = state.undo_mark_all()
    assert undone is not None and undone.count == 1
    assert state.is_read("renamed.md") and not state.is_read(paths[1])


def test_mark_all_as_read_and_undo_restores_the_exact_earlier_state(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "read", True)
    state.mark([paths[1]], "read", False)  # explicitly unread
    state.mark([paths[2]], "starred", True)
    before = state.snapshot()
    done = state.mark_all_read(paths, "all of 2021")
    assert done.count == 3
    assert state.paths_with("read") == set(paths)
    assert state.last_mark_all() is not None
    # another process of this device (the command line) undoes it
    other = device(lib, DEV_A, tmp_path / "data")
    undone = other.undo_mark_all()
    assert undone is not None and undone.description == "all of 2021"
    assert other.snapshot() == before
    state.poll()
    assert state.snapshot() == before
    assert state.undo_mark_all() is None


def test_progress_opened_and_edited(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark_opened(paths[0], 0.25)
    state.set_progress(paths[0], 0.5)
    state.edited([paths[1]])
    got = device(lib, DEV_A, tmp_path / "data")
    assert got.get(paths[0]).progress == 0.5
    assert got.get(paths[0]).opened is not None
    assert got.edited_paths() == {paths[1]}
    assert got.edited_paths(since=got.get(paths[1]).edited + 1) == set()


def test_edited_on_this_device_is_kept_apart_from_other_devices(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    cache = tmp_path / "cache"
    a = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    b = ReadingState.open(lib, device=DEV_B, data_dir=tmp_path / "db", cache_dir=tmp_path / "c2")
    a.edited([paths[0]])
    b.edited([paths[0], paths[1]])  # later, elsewhere
    a.poll()
    assert a.edited_paths() == {paths[0], paths[1]}
    assert a.edited_paths(this_device=True) == {paths[0]}
    a.save_snapshot()
    again = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert again.edited_paths(this_device=True) == {paths[0]}


def test_the_library_facade_records_edited_and_carries_state_on_rename(tmp_path):
    from reader.core.library.facade import Library

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "starred", True)
    with Library.open(lib, cache_dir=tmp_path / "cache") as library:
        library.refresh()
        library.save(library.load(paths[1]), {"title": "Changed"})
        assert state.edited_paths() == set()  # nothing attached: nothing recorded
        library.attach_observer(state)
        library.save(library.load(paths[1]), {"title": "Changed again"})
        new = library.rename(paths[0], "renamed.md")
        created = library.create_article("Brand new", "2022")
    # (the rename's old name too: its removal is the app's, for commit --only-edited)
    assert state.edited_paths() == {paths[1], paths[0], new, created}
    assert state.get(new).starred


def test_a_new_article_the_site_names_is_recorded_as_edited(tmp_path):
    # a post made the way the site makes it (a dated name in _posts) was
    # written without a word to the observer: commit --only-edited left it out
    from datetime import datetime

    from reader.core.library.facade import Library

    lib = tmp_path / "lib"
    (lib / "_posts").mkdir(parents=True)
    (lib / "_drafts").mkdir()
    (lib / "_config.yml").write_text("title: J\n", encoding="utf-8")
    state = device(lib, DEV_A, tmp_path / "data")
    with Library.open(lib, cache_dir=tmp_path / "cache") as library:
        library.refresh()
        library.attach_observer(state)
        plan = library.plan_site_article("Hello", now=datetime(2024, 5, 1, 9, 30))
        assert plan is not None and plan.name == "2024-05-01-hello"
        created = library.create_planned(plan)
    assert created == "_posts/2024-05-01-hello.md"
    assert state.edited_paths() == {created}


def test_a_rename_outside_the_app_keeps_the_state(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "starred", True)
    state.mark([paths[0]], "read", True)
    (lib / "2022").mkdir()
    os.rename(lib / paths[0], lib / "2022" / "moved.md")  # git mv, a file manager
    again = device(lib, DEV_B, tmp_path / "data-b")
    sizes = {
        p.relative_to(lib).as_posix(): p.stat().st_size
        for p in lib.rglob("*.md")
        if STATE_FOLDER not in p.parts
    }
    assert again.resolve_moves(sizes) == {paths[0]: "2022/moved.md"}
    assert again.get("2022/moved.md").starred and again.get("2022/moved.md").read
    assert again.resolve_moves(sizes) == {}  # carried once; nothing left to find
    assert device(lib, DEV_A, tmp_path / "data").get("2022/moved.md").starred


def test_compaction_keeps_the_state_and_shrinks_the_log(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    for _ in range(20):
        state.mark(paths, "read", True)
        state.mark(paths, "read", False)
    state.mark(paths[:2], "starred", True)
    state.mark([paths[3]], "read", True)
    before = state.snapshot()
    size_before, size_after = state.compact()
    assert size_after < size_before / 10
    assert device(lib, DEV_A, tmp_path / "data").snapshot() == before
    state.mark([paths[2]], "later", 5)  # appending after a compaction
    assert device(lib, DEV_A, tmp_path / "data").later_queue() == [paths[2]]


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_next_append_is_whole(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "read", True)
    with open(state.log_path, "ab") as handle:
        handle.write(b'{"t": 99, "dev": "')  # killed mid-write
    state.mark([paths[1]], "read", True)
    again = device(lib, DEV_A, tmp_path / "data")
    assert again.paths_with("read") == {paths[0], paths[1]}
    assert any(w.startswith(f"{again.log_path}:2: ") for w in again.warnings)


def test_a_bad_line_read_on_from_the_middle_of_a_log_is_named_by_its_line_in_the_file(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    writer = device(lib, DEV_A, tmp_path / "a")
    for path in paths[:3]:
        writer.mark([path], "read", True)
    lines = writer.log_path.read_bytes().count(b"\n")
    assert lines >= 3
    reader = device(lib, DEV_B, tmp_path / "b")
    assert reader.paths_with("read") == set(paths[:3])
    assert reader.warnings == []
    with open(writer.log_path, "ab") as handle:  # the same file, grown: read on from its end
        handle.write(b"not json\n")
    writer.mark([paths[3]], "read", True)
    reader.poll()
    assert reader.paths_with("read") == set(paths)
    assert reader.warnings == [f"{writer.log_path}:{lines + 1}: not JSON; skipped"]
    # the next process starts from the snapshot, and counts on from there
    reader.save_snapshot()
    with open(writer.log_path, "ab") as handle:
        handle.write(b"[]\n")
    again = device(lib, DEV_B, tmp_path / "b")
    assert again.paths_with("read") == set(paths)
    assert again.warnings == [f"{writer.log_path}:{lines + 3}: not a reading-state change; skipped"]


def test_concurrent_writers_of_one_log_lose_nothing(tmp_path):
    lib = tmp_path / "lib"
    make_library(lib, 1)
    data = tmp_path / "data"
    script = (
        "import sys\n"
        "from reader.core.library.state import ReadingState\n"
        "s = ReadingState(sys.argv[1], device=sys.argv[2], data_dir=sys.argv[3])\n"
        "for i in range(150):\n"
        "    s.mark([f'{sys.argv[4]}/{i}.md'], 'starred', True)\n"
        "    if i == 75 and sys.argv[4] == 'p0':\n"
        "        s.compact()\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(lib), DEV_A, str(data), f"p{n}"])
        for n in range(3)
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    state = device(lib, DEV_A, data)
    assert len(state.paths_with("starred")) == 450
    assert state.warnings == []


def test_a_read_only_library_keeps_state_per_user(unprivileged):
    lib = unprivileged.folder / "lib"
    paths = make_library(lib)
    script = (
        "import sys\n"
        "from reader.core.library.state import ReadingState\n"
        "s = ReadingState.open(sys.argv[1])\n"
        "s.mark([sys.argv[2]], 'starred', True)\n"
        "print(s.read_only, s.location_note is not None)\n"
        "print(ReadingState.open(sys.argv[1]).get(sys.argv[2]).starred)\n"
    )
    for folder in (lib, lib / "2021"):
        folder.chmod(0o555)
    result = unprivileged.run([sys.executable, "-c", script, str(lib), paths[0]])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]
    assert not (lib / STATE_FOLDER).exists()


# -- two devices, synced by copying folders -----------------------------------------------------


def test_two_devices_synced_both_ways_out_of_order_and_interrupted(tmp_path):
    lib_a, lib_b = tmp_path / "a", tmp_path / "b"
    paths = make_library(lib_a, 6)
    shutil.copytree(lib_a, lib_b)
    ticks_a, ticks_b = Ticks(1_000_000), Ticks(900_000)  # B's clock is behind
    a = device(lib_a, DEV_A, tmp_path / "data-a", ticks_a)
    b = device(lib_b, DEV_B, tmp_path / "data-b", ticks_b)

    a.mark(paths[0:3], "read", True)  # A reads three
    ticks_a.now += 10
    b.mark([paths[0]], "starred", True)  # B, offline, stars one
    b.mark([paths[4]], "read", True)
    sync_copy(lib_b, lib_a)  # B → A first (out of order: A's news have not reached B)
    assert paths[0] in a.poll()
    a.mark([paths[0]], "read", False)  # A saw B's lines: its change is later than them
    ticks_a.now += 10
    a.mark([paths[5]], "later", a.next_later())

    sync_copy(lib_a, lib_b, cut=150)  # an interrupted copy: half a line
    b.poll()
    assert any("incomplete" in w for w in b.warnings)
    assert b.get(paths[0]).starred  # nothing of B's own was lost
    b.mark([paths[1]], "starred", True)
    ticks_b.now += 5
    b.mark([paths[2]], "read", False)  # B's clock is behind, but it has seen A's read
    sync_copy(lib_a, lib_b)  # the copy completes
    b.poll()
    sync_copy(lib_b, lib_a)
    a.poll()

    expected = {
        paths[0]: {"read": False, "starred": True},
        paths[1]: {"read": True, "starred": True},
        paths[2]: {"read": False},
        paths[4]: {"read": True},
        paths[5]: {"later": a.get(paths[5]).later},
    }
    for merged in (a.snapshot(), b.snapshot()):
        assert {p: {k: v for k, v in f.items() if k != "later"} for p, f in merged.items()} == {
            p: {k: v for k, v in f.items() if k != "later"} for p, f in expected.items()
        }
        assert merged[paths[5]]["later"] == expected[paths[5]]["later"]
    # and a fresh load on either side, from the files alone, agrees
    assert device(lib_a, DEV_A, tmp_path / "data-a").snapshot() == a.snapshot()
    assert device(lib_b, DEV_B, tmp_path / "data-b").snapshot() == b.snapshot()


def test_equal_clocks_break_the_tie_by_device_id(tmp_path):
    lib_a, lib_b = tmp_path / "a", tmp_path / "b"
    paths = make_library(lib_a, 1)
    shutil.copytree(lib_a, lib_b)
    a = device(lib_a, DEV_A, tmp_path / "da", Ticks(5000))
    b = device(lib_b, DEV_B, tmp_path / "db", Ticks(5000))
    a.mark(paths, "read", True)
    b.mark(paths, "read", False)  # the same t: the higher dev (B) wins everywhere
    sync_copy(lib_a, lib_b)
    sync_copy(lib_b, lib_a)
    assert a.poll() == {paths[0]}
    b.poll()
    assert a.get(paths[0]).read is False and b.get(paths[0]).read is False


def test_other_devices_compacting_and_renaming_files_are_picked_up(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    a = device(lib, DEV_A, tmp_path / "da")
    b = device(lib, DEV_B, tmp_path / "db")
    b.mark(paths[:2], "read", True)
    assert a.poll() == set(paths[:2])
    b.mark([paths[0]], "read", False)
    b.compact()  # B's log replaced by a new file
    assert a.poll() == {paths[0]}
    assert a.snapshot() == b.snapshot()
    # a foreign file and a sync tool's temporary are not logs
    (lib / STATE_FOLDER / "state" / "README.txt").write_text("hello")
    (lib / STATE_FOLDER / "state" / f".{uuid.uuid4()}.jsonl.tmp").write_text("{")
    assert a.poll() == set()
    assert a.warnings == []


def test_a_snapshot_made_for_another_device_is_not_taken(tmp_path):
    # a data folder reset (a new id) or another id sharing the cache took the
    # snapshot's "edited on this device" for its own: commit --only-edited
    # committed the other device's edits
    lib = tmp_path / "lib"
    paths = make_library(lib)
    cache = tmp_path / "cache"
    a = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    a.mark([paths[0]], "edited", 1_700_000_000.0)
    a.save_snapshot()
    assert a.edited_paths(this_device=True) == {paths[0]}
    b = ReadingState.open(lib, device=DEV_B, data_dir=tmp_path / "db", cache_dir=cache)
    assert b.edited_paths(this_device=True) == set()
    assert b.edited_paths() == {paths[0]}  # (edited on some device: still so)
    again = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert again.edited_paths(this_device=True) == {paths[0]}


def test_the_snapshot_in_the_cache_is_used_and_stays_true(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    cache = tmp_path / "cache"
    a = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    a.mark(paths[:2], "read", True)
    a.save_snapshot()
    b = ReadingState.open(lib, device=DEV_B, data_dir=tmp_path / "db", cache_dir=tmp_path / "cb")
    b.mark([paths[0]], "read", False)  # after the snapshot
    b.mark([paths[3]], "starred", True)
    again = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert again.paths_with("read") == {paths[1]}
    assert again.paths_with("starred") == {paths[3]}
    fresh = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=tmp_path / "x")
    assert again.snapshot() == fresh.snapshot()
    b_log = b.log_path
    b_log.rename(b_log.with_suffix(".bak"))  # B's log deleted: its changes are gone
    gone = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert gone.paths_with("read") == set(paths[:2]) and gone.paths_with("starred") == set()
    gone.save_snapshot()
    b_log.with_suffix(".bak").rename(b_log)
    snapshot = next(cache.rglob("reading-state.marshal"))
    snapshot.write_bytes(b"\x00garbage")  # a damaged snapshot is ignored
    damaged = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert damaged.snapshot() == fresh.snapshot()


def test_hostile_files_in_the_state_folder_are_skipped_not_followed(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("do not touch\n")
    os.mkfifo(folder / f"{uuid.uuid4()}.jsonl")  # would block a plain open()
    (folder / f"{uuid.uuid4()}.jsonl").symlink_to("/dev/zero")  # would never end
    (folder / f"{DEV_A}.jsonl").symlink_to(secret)  # a synced link named like our log
    (folder / f"{uuid.uuid4()}.jsonl").mkdir()
    deep = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    future = encode_change(Change((2**52 // 1024) << 10, DEV_B, paths[0], None, "read", True))
    (folder / f"{DEV_B}.jsonl").write_bytes(deep + future)
    state = device(lib, DEV_A, tmp_path / "data")
    assert state.snapshot() == {}
    assert sum("not a regular file" in w for w in state.warnings) == 4
    assert any("a day ahead" in w for w in state.warnings)
    assert any(re.search(r"\.jsonl:1: ", w) for w in state.warnings)
    state.mark([paths[0]], "read", True)  # not through the link: kept per user instead
    assert secret.read_text() == "do not touch\n"
    assert state.read_only and state.location_note is not None
    assert device(lib, DEV_A, tmp_path / "data").is_read(paths[0])
    assert state.clock.now() < 2**53


def test_the_device_id_file_as_a_fifo_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "device-id")
    assert is_device_id(device_id(tmp_path))


def test_kill_9_while_appending_loses_only_the_batch_being_written(tmp_path):
    import signal
    import time

    lib = tmp_path / "lib"
    make_library(lib, 1)
    data = tmp_path / "data"
    script = (
        "import sys\n"
        "from reader.core.library.state import ReadingState\n"
        "s = ReadingState(sys.argv[1], device=sys.argv[2], data_dir=sys.argv[3])\n"
        "i = 0\n"
        "while True:\n"
        "    s.mark([f'k/{i}-{j}.md' for j in range(200)], 'starred', True)\n"
        "    print(i, flush=True)\n"
        "    i += 1\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(lib), DEV_A, str(data)], stdout=subprocess.PIPE
    )
    assert proc.stdout is not None
    for _ in range(5):  # five batches are surely on disk
        proc.stdout.readline()
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stdout.close()
    state = device(lib, DEV_A, data)
    starred = state.paths_with("starred")
    batches = {p.split("/")[1].split("-")[0] for p in starred}
    assert {"0", "1", "2", "3", "4"} <= batches
    for batch in batches:  # whole batches, except perhaps the last one cut short
        got = sum(1 for p in starred if p.startswith(f"k/{batch}-"))
        assert got == 200 or batch == max(batches, key=int)
    assert len(state.warnings) <= 1
    state.mark(["k/after.md"], "starred", True)
    assert "k/after.md" in device(lib, DEV_A, data).paths_with("starred")


def test_a_log_rewritten_in_place_is_read_again_whole(tmp_path):
    lib = tmp_path / "lib"
    paths = make_library(lib)
    a = device(lib, DEV_A, tmp_path / "da")
    b = device(lib, DEV_B, tmp_path / "db")
    b.mark(paths[:3], "starred", True)
    assert a.poll() == set(paths[:3])
    b.mark([paths[0]], "starred", False)
    b.mark([paths[3]], "read", True)
    # a sync tool that writes the peer's compacted log over the old file (same inode)
    compacted = compact_rows(DEV_B, parse_log(b.log_path.read_bytes(), "b").changes)
    compacted += encode_change(Change(b.clock.now(), DEV_B, paths[1], None, "later", 7))
    inode = b.log_path.stat().st_ino
    with open(b.log_path, "r+b") as handle:
        handle.write(compacted)
        handle.truncate()
    assert b.log_path.stat().st_ino == inode
    a.poll()
    assert a.warnings == []
    assert a.paths_with("starred") == set(paths[1:3])
    assert a.paths_with("read") == {paths[3]} and a.later_queue() == [paths[1]]


@pytest.mark.parametrize("with_snapshot", [False, True])
def test_a_compacted_log_copied_in_two_goes_is_read_whole(tmp_path, with_snapshot):
    # (adversarial review) read while a sync tool was still writing it, the
    # rest of another device's compacted log was refused row by row when read
    # on ("not a reading-state change"): its state hidden for good
    lib = tmp_path / "lib"
    paths = make_library(lib, 40)
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    changes = [Change(1000 + n, DEV_B, p, None, "starred", True) for n, p in enumerate(paths)]
    compacted = compact_rows(DEV_B, changes)
    log = folder / f"{DEV_B}.jsonl"
    cut = compacted.rindex(b"\n", 0, len(compacted) // 2) + 1
    log.write_bytes(compacted[:cut] + compacted[cut : cut + 5])  # (a line cut short too)
    cache = tmp_path / "cache"
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "a", cache_dir=cache)
    first = state.paths_with("starred")
    assert 0 < len(first) < len(paths)
    if with_snapshot:
        state.save_snapshot()
        state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "a", cache_dir=cache)
        assert state.paths_with("starred") == first
    state.warnings.clear()
    with open(log, "r+b") as handle:  # the copy completes, in place
        handle.write(compacted)
    state.poll()
    assert state.paths_with("starred") == set(paths)
    assert state.warnings == []


def test_a_state_whose_article_has_not_arrived_stays_its_own(tmp_path, monkeypatch):
    # (adversarial review) B starred its new stub; B's log arrived before the
    # file (a sync tool copies the hidden folder first) and a stub here has
    # the same bytes: it took the star, and a newer "not starred" for B's
    # stub was written, which B's own star lost to on every device
    import time

    from reader.core.library.state import store
    from reader.core.library.state.log import fingerprint

    monkeypatch.setattr(store, "_CHANGE_SLACK_MS", 0)  # (the file systems' slack: not waited)
    lib = tmp_path / "lib"
    stub = b"---\ntitle: Untitled\n---\n"
    write(lib, "stub-a.md", stub.decode())
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    time.sleep(0.05)  # B stars its stub after stub-a here was last changed
    star = Change(HybridClock().now(), DEV_B, "stub-b.md", fingerprint(stub), "starred", True)
    (folder / f"{DEV_B}.jsonl").write_bytes(encode_change(star))
    here = device(lib, DEV_A, tmp_path / "a")
    sizes = {"stub-a.md": len(stub)}
    assert here.resolve_moves(sizes) == {}
    assert here.paths_with("starred") == {"stub-b.md"}
    write(lib, "stub-b.md", stub.decode())  # it arrives
    sizes["stub-b.md"] = len(stub)
    assert here.resolve_moves(sizes) == {}
    assert here.paths_with("starred") == {"stub-b.md"}


def test_a_rename_here_carries_the_state_of_a_device_whose_clock_runs_ahead(tmp_path):
    # (review) its state's time was later than the renamed file's change
    # time: the rule for other devices' states left the star behind
    lib = tmp_path / "lib"
    write(lib, "old.md", article("Post", body="<p>body</p>\n"))
    write(lib, "other.md", article("Other", body="<p>other</p>\n"))
    ahead = HybridClock(lambda: time.time_ns() // 1_000_000 + 10 * 60 * 1000)
    b = ReadingState.open(lib, device=DEV_B, data_dir=tmp_path / "b", clock=ahead)
    b.mark(["old.md"], "starred", True)
    os.rename(lib / "old.md", lib / "new.md")  # by a file manager, here
    a = device(lib, DEV_A, tmp_path / "a")
    sizes = {p: (lib / p).stat().st_size for p in ("new.md", "other.md")}
    assert a.resolve_moves(sizes) == {"old.md": "new.md"}
    assert a.get("new.md").starred


def test_a_mark_all_after_a_change_stamped_ahead_keeps_a_later_read(tmp_path):
    # (review) one write stamped after a change dated ahead gave every later
    # mark all as read a span two days long: reading an article again after
    # it was undone with it
    lib = tmp_path / "lib"
    paths = make_library(lib, 3)
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    now_ms = time.time_ns() // 1_000_000
    ahead = Change(
        (now_ms + 2 * 86_400_000) << LOGICAL_BITS, DEV_B, paths[0], None, "starred", True
    )
    (folder / f"{DEV_B}.jsonl").write_bytes(encode_change(ahead))
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "starred", False)  # stamped after B's
    state.mark_all_read(paths[1:])
    state.mark([paths[1]], "read", False)
    state.mark([paths[1]], "read", True)  # read again since: the user's
    undone = state.undo_mark_all()
    assert undone is not None and undone.count == 1
    assert state.is_read(paths[1]) and not state.is_read(paths[2])


def test_a_library_below_the_root_sees_its_own_paths(tmp_path):
    site = tmp_path / "blog"
    write(site, "_config.yml", "title: blog\n")
    posts = site / "source" / "_posts"
    write(posts, "a.md", article("A"))
    write(posts, "b.md", article("B", body="<p>other</p>\n"))
    write(site, "source/about/index.md", article("About"))
    root = find_library_root(posts)
    assert root == site.resolve()
    window = ReadingState.open(root, device=DEV_A, data_dir=tmp_path / "d", library=posts)
    window.mark(["a.md"], "starred", True)
    window.mark_all_read(["a.md", "b.md"])
    whole = ReadingState.open(root, device=DEV_A, data_dir=tmp_path / "d")
    assert whole.paths_with("starred") == {"source/_posts/a.md"}
    assert whole.paths_with("read") == {"source/_posts/a.md", "source/_posts/b.md"}
    whole.mark(["source/about/index.md"], "later", 1)
    assert window.poll() == set()  # not below its folder: not its business
    assert window.later_queue() == []
    assert window.snapshot() == {
        "a.md": {"starred": True, "read": True},
        "b.md": {"read": True},
    }
    assert whole.undo_mark_all() is not None  # the record names keys of the root
    window.poll()
    assert window.paths_with("read") == frozenset()
    os.rename(posts / "a.md", posts / "renamed.md")
    sizes = {p.name: p.stat().st_size for p in posts.iterdir()}
    assert window.resolve_moves(sizes) == {"a.md": "renamed.md"}
    # carried to the new path and cleared at the old one
    assert whole.poll() == {"source/_posts/renamed.md", "source/_posts/a.md"}


def test_changes_from_a_clock_ahead_wait_for_their_time(tmp_path, monkeypatch):
    import time

    lib = tmp_path / "lib"
    paths = make_library(lib, 1)
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    now_ms = time.time_ns() // 1_000_000
    ahead = Change((now_ms + 2 * 86_400_000) << LOGICAL_BITS, DEV_B, paths[0], None, "read", True)
    (folder / f"{DEV_B}.jsonl").write_bytes(encode_change(ahead))
    state = device(lib, DEV_A, tmp_path / "data")
    assert not state.is_read(paths[0])
    assert any("a day ahead" in w for w in state.warnings)
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 3 * 86_400 * 10**9)
    assert state.poll() == {paths[0]}
    assert state.is_read(paths[0])


def test_a_mark_made_here_after_a_change_dated_ahead_wins_once_it_is_due(tmp_path, monkeypatch):
    # A device whose clock is two days ahead marked the article read; it
    # waits for its time.  Marked unread here meanwhile, the article became
    # read again (for good, on every device) once that time came.
    import time

    lib = tmp_path / "lib"
    paths = make_library(lib, 2)
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    now_ms = time.time_ns() // 1_000_000
    ahead = Change((now_ms + 2 * 86_400_000) << LOGICAL_BITS, DEV_B, paths[0], None, "read", True)
    (folder / f"{DEV_B}.jsonl").write_bytes(encode_change(ahead))
    cache = tmp_path / "cache"
    here = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "a", cache_dir=cache)
    here.mark([paths[0]], "read", True)
    here.mark([paths[0]], "read", False)  # the user's last word
    here.mark([paths[1]], "starred", True)
    assert not here.is_read(paths[0])
    # the clock was not moved ahead: a change to another article is dated now
    [own] = [c for c in parse_log(here.log_path.read_bytes(), "log").changes if c.path == paths[1]]
    assert own.t >> LOGICAL_BITS < now_ms + 60_000
    # this device's own change is taken in when read again, with or without the snapshot
    here.save_snapshot()
    for cache_dir in (cache, tmp_path / "fresh-cache"):
        again = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "a", cache_dir=cache_dir)
        assert not again.is_read(paths[0]) and again.get(paths[1]).starred
        assert again.clock.last >> LOGICAL_BITS < now_ms + 60_000
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 3 * 86_400 * 10**9)
    here.poll()
    assert not here.is_read(paths[0])
    # and so on every device, once it is due there
    other = ReadingState.open(lib, device=DEV_C, data_dir=tmp_path / "c", cache_dir=tmp_path / "cc")
    assert not other.is_read(paths[0]) and other.get(paths[1]).starred


def test_a_mark_all_as_read_after_a_change_dated_ahead_is_undone(tmp_path):
    import time

    lib = tmp_path / "lib"
    paths = make_library(lib, 2)
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    now_ms = time.time_ns() // 1_000_000
    ahead = Change((now_ms + 2 * 86_400_000) << LOGICAL_BITS, DEV_B, paths[0], None, "read", False)
    (folder / f"{DEV_B}.jsonl").write_bytes(encode_change(ahead))
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark_all_read(paths)
    assert state.paths_with("read") == set(paths)
    assert state.undo_mark_all() is not None
    assert state.paths_with("read") == frozenset()


def test_keys_that_are_not_utf8_are_refused_before_anything_is_written(tmp_path):
    # review of #11: a lone surrogate (a non-UTF-8 file name) crashed the append
    from reader.core.library.state.log import valid_path

    assert not valid_path("bad\udcff.md") and valid_path("金融/好.md")
    state = ReadingState.open(tmp_path, device=DEV_A, data_dir=tmp_path / "data")
    with pytest.raises(ValueError):
        state.mark(["ok.md", "bad\udcff.md"], "starred", True)
    with pytest.raises(ValueError):
        state.mark_all_read(["bad\udcff.md"])
    assert state.snapshot() == {} and state.last_mark_all() is None
    assert not state.log_path.exists()


def test_a_change_dated_ahead_is_kept_in_the_snapshot_which_is_still_written(tmp_path, monkeypatch):
    # review of #11: one line from a device whose clock was set days ahead
    # stopped the snapshot from ever being written again (every start parsed
    # every log: ~0.9 s at 100,000 entries instead of ≤ 0.2 s)
    import time

    from reader.core.library.state import store

    lib = tmp_path / "lib"
    paths = make_library(lib)
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    ahead = (time.time_ns() // 1_000_000 + 2 * 24 * 3600 * 1000) << LOGICAL_BITS
    (folder / f"{DEV_B}.jsonl").write_bytes(
        encode_change(Change(ahead, DEV_B, paths[0], None, "starred", True))
    )
    cache = tmp_path / "cache"
    a = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert any("a day ahead" in w for w in a.warnings)
    a.mark([paths[1]], "read", True)
    a.save_snapshot()
    assert list(cache.rglob("reading-state.marshal"))
    again = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert again.warnings == []  # from the snapshot: the log is not parsed again
    assert again.is_read(paths[1]) and not again.get(paths[0]).starred
    monkeypatch.setattr(store, "MAX_FUTURE_MS", 3 * 24 * 3600 * 1000)  # its time has come
    assert again.poll() == {paths[0]}
    assert again.get(paths[0]).starred


def _mark_all_in_turn(lib: Path, data: Path, paths: list[str]) -> None:
    state = ReadingState.open(lib, device=DEV_A, data_dir=data)
    for path in paths:
        state.mark_all_read([path])


def test_mark_alls_of_two_processes_at_once_are_all_undoable(tmp_path):
    # review of #11: the undo record was read, extended and written without a
    # cross-process lock, so one process could drop the other's steps
    import multiprocessing

    lib = tmp_path / "lib"
    paths = make_library(lib, 16)
    data = tmp_path / "data"
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_mark_all_in_turn, args=(lib, data, paths[i::2])) for i in (0, 1)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    state = ReadingState.open(lib, device=DEV_A, data_dir=data)
    assert all(state.is_read(p) for p in paths)
    undone = 0
    while state.undo_mark_all() is not None:
        undone += 1
    assert undone == 16
    assert not any(state.is_read(p) for p in paths)


def test_marking_a_fifo_named_like_an_article_does_not_hang(tmp_path):
    # review of #11: the fingerprint was read with a plain open(), which waits
    # for a writer on a FIFO forever
    lib = tmp_path / "lib"
    make_library(lib, 1)
    os.mkfifo(lib / "pipe.md")
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data")
    state.mark(["pipe.md"], "starred", True)
    assert state.get("pipe.md").starred


def test_a_move_carries_another_devices_edited_mark_only_on_that_device(tmp_path):
    # A carried B's "edited" to the new path as its own: commit --only-edited
    # on A then took B's edit, and without the old path's deletion
    lib = tmp_path / "lib"
    paths = make_library(lib)
    b = device(lib, DEV_B, tmp_path / "b")
    b.edited([paths[0]])
    a = device(lib, DEV_A, tmp_path / "a")
    a.edited([paths[1]])
    a.mark([paths[0]], "starred", True)
    os.rename(lib / paths[0], lib / "moved-b.md")
    os.rename(lib / paths[1], lib / "moved-a.md")
    sizes = {p.relative_to(lib).as_posix(): p.stat().st_size for p in lib.rglob("*.md")}
    assert a.resolve_moves(sizes) == {paths[0]: "moved-b.md", paths[1]: "moved-a.md"}
    assert a.edited_paths(this_device=True) == {paths[1], "moved-a.md"}
    assert a.get("moved-b.md").starred and a.edited_after_commit(None) == {paths[1], "moved-a.md"}
    b.poll()
    assert b.edited_paths(this_device=True) == {paths[0]}  # B's own stays B's


@pytest.mark.parametrize("edited_here", [False, True])
def test_an_article_renamed_back_takes_its_state_back(tmp_path, edited_here):
    # its state was carried to the new name and cleared at the old one, and
    # the old name then counted as holding state: renamed back (a branch
    # switched, a rename reverted), the article lost its star for good
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "starred", True)
    state.mark([paths[0]], "read", True)
    if edited_here:  # ("edited" stays at the old name on purpose)
        state.mark([paths[0]], "edited", True)

    def sizes() -> dict[str, int]:
        return {p.relative_to(lib).as_posix(): p.stat().st_size for p in lib.rglob("*.md")}

    os.rename(lib / paths[0], lib / "2021" / "away.md")
    assert state.resolve_moves(sizes()) == {paths[0]: "2021/away.md"}
    os.rename(lib / "2021" / "away.md", lib / paths[0])
    assert state.resolve_moves(sizes()) == {"2021/away.md": paths[0]}
    for seen in (state, device(lib, DEV_B, tmp_path / "data-b")):
        back = seen.get(paths[0])
        assert back.starred and back.read
        assert not seen.get("2021/away.md").starred
    assert state.resolve_moves(sizes()) == {}


def test_a_new_article_where_one_was_moved_from_starts_afresh(tmp_path):
    # review of #11: the state was copied to the new path but stayed at the old
    # one, so an article written later under the old name came up read and starred
    from reader.core.library.facade import Library

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0], paths[1]], "starred", True)
    state.mark([paths[0]], "read", True)
    with Library.open(lib, cache_dir=tmp_path / "cache") as library:
        library.refresh()
        library.attach_observer(state)
        new = library.rename(paths[1], "renamed.md")
    os.rename(lib / paths[0], lib / "moved.md")  # outside the app
    sizes = {p.relative_to(lib).as_posix(): p.stat().st_size for p in lib.glob("*/*.md")}
    sizes["moved.md"] = (lib / "moved.md").stat().st_size
    assert state.resolve_moves(sizes) == {paths[0]: "moved.md"}
    for old in paths[:2]:
        write(lib, old, article("Someone else", body="<p>a new text</p>\n"))
    again = device(lib, DEV_B, tmp_path / "data-b")
    # (edited stays the path's: when the app last wrote there, the rename's
    # removal of the old name included; see ReadingState._carry)
    assert again.get(paths[0]) == replace(again.get(paths[1]), edited=None) == ArticleState()
    assert again.get("moved.md").read and again.get("moved.md").starred
    assert again.get(new).starred


def test_a_library_as_the_size_source_reads_sizes_only_for_orphans(tmp_path, monkeypatch):
    from reader.core.library.facade import Library

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "starred", True)
    library = Library.open(lib, cache_dir=tmp_path / "cache")
    try:
        library.refresh()
        asked = []
        real_sizes = library.file_sizes

        def sizes():
            asked.append(True)
            return real_sizes()

        monkeypatch.setattr(library, "file_sizes", sizes)
        assert state.resolve_moves(library) == {}
        assert asked == []  # every state belongs to an article: no sizes read
        (lib / "2022").mkdir()
        os.rename(lib / paths[0], lib / "2022" / "moved.md")
        library.refresh()
        assert state.resolve_moves(library) == {paths[0]: "2022/moved.md"}
        assert asked == [True]
        assert state.get("2022/moved.md").starred
    finally:
        library.close()


# -- a log full of bad lines: a few warnings, read a block at a time ----------------------


def test_the_warnings_of_a_log_are_capped_with_a_count_of_the_rest():
    from reader.core.library.state.log import MAX_WARNINGS

    good = encode_change(Change(7, DEV_A, "x.md", None, "starred", True))
    data = good + b"{not json\n" * 5 + b'{"t": 8}\n' * 40 + b"null\n" + good
    parsed = parse_log(data, "log.jsonl")
    assert [c.path for c in parsed.changes] == ["x.md", "x.md"]
    assert len(parsed.warnings) == MAX_WARNINGS + 1
    assert parsed.warnings[0] == "log.jsonl:2: not JSON; skipped"
    assert parsed.warnings[5] == "log.jsonl:7: not a reading-state change; skipped"
    assert parsed.warnings[-1] == (
        f"log.jsonl: …and {46 - MAX_WARNINGS} more bad line(s); skipped"
    )  # (the JSON null counts as a bad line too)


def _foreign_log(lib: Path, bad: int) -> Path:
    """Another device's log: a compacted part, full-form changes, ``bad``
    damaged lines among them, and a last whole line without its newline."""
    source = lib.parent / "source"
    paths = make_library(source, 6)
    writer = device(source, DEV_B, lib.parent / "data-source")
    writer.mark(paths, "read", True)
    writer.mark(paths[:3], "starred", True)
    writer.compact()
    writer.mark(paths[3:], "later", 2)
    log = writer.log_path.read_bytes()
    junk = b"".join(b'{"bad": %d, "pad": "%s"}\n' % (i, b"x" * 40) for i in range(bad))
    cut = encode_change(Change(10**15, DEV_B, paths[5], None, "starred", True)).rstrip(b"\n")
    target = lib / STATE_FOLDER / "state" / f"{DEV_B}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    header = log.index(b"\n") + 1  # (the rows after the junk still need it)
    target.write_bytes(log[:header] + junk + log[header:] + b"{not json\n" + cut)
    shutil.rmtree(source)
    return target


def test_a_log_of_many_bad_lines_is_read_in_blocks_with_a_few_warnings(tmp_path, monkeypatch):
    from reader.core.library.state import store
    from reader.core.library.state.log import MAX_WARNINGS, LogParser

    lib = tmp_path / "lib"
    make_library(lib, 6)
    log = _foreign_log(lib, 500)
    whole = device(lib, DEV_A, tmp_path / "data-whole")  # read in one block
    fed: list[int] = []

    class Recording(LogParser):
        def feed(self, data: bytes, *, warn: bool = True) -> list[Change]:
            fed.append(len(data))
            return super().feed(data, warn=warn)

    monkeypatch.setattr(store, "READ_BLOCK", 100)  # shorter than some lines
    monkeypatch.setattr(store, "LogParser", Recording)
    blocks = device(lib, DEV_A, tmp_path / "data-blocks")
    assert blocks.snapshot() == whole.snapshot()
    assert blocks.paths_with("starred") == {f"2021/post-{i}.md" for i in (0, 1, 2, 5)}
    assert blocks.later_queue() == whole.later_queue() != []
    assert len(fed) > 100 and max(fed) < 300  # a block (and a line) at a time
    for state in (whole, blocks):
        ours = [w for w in state.warnings if w.startswith(str(log))]
        assert len(ours) == MAX_WARNINGS + 1
        assert ours[-1] == f"{log}: …and {501 - MAX_WARNINGS} more bad line(s); skipped"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_snapshot_or_the_undo_record_never_blocks(tmp_path):
    from tests.core.guards import finishes

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data", cache_dir=tmp_path)
    state.mark(paths[:1], "starred", True)
    state.save_snapshot()
    from reader.core.article.cache import library_cache_dir
    from reader.core.library.state.store import library_key

    snapshot = library_cache_dir(lib.resolve(), tmp_path) / "reading-state.marshal"
    undo = tmp_path / "data" / "state-undo" / f"{library_key(lib.resolve())}.json"
    assert snapshot.is_file()
    for private in (snapshot, undo):
        private.parent.mkdir(parents=True, exist_ok=True)
        private.unlink(missing_ok=True)
        os.mkfifo(private)

    def reopen():
        again = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data", cache_dir=tmp_path)
        return again.paths_with("starred"), again.last_mark_all()

    starred, undo = finishes(reopen)
    assert starred == {paths[0]} and undo is None


def test_an_undo_record_nested_past_python_s_stack_is_dropped_not_a_crash(tmp_path):
    # `undo` and `mark --read FOLDER` ended in a RecursionError traceback,
    # the mark-all written and its undo record not
    from reader.core.library.state.store import library_key

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data", cache_dir=tmp_path)
    undo = tmp_path / "data" / "state-undo" / f"{library_key(lib.resolve())}.json"
    undo.parent.mkdir(parents=True, exist_ok=True)
    undo.write_text("[" * 100_000 + "]" * 100_000)
    assert state.last_mark_all() is None
    state.mark_all_read(paths, "mark all")
    assert state.last_mark_all() is not None  # (undoable again)


# -- adversarial review: reading state ----------------------------------------------------


def test_a_library_below_the_root_never_moves_the_state_of_articles_outside_it(tmp_path):
    # finding 1: opening (or listing) a subfolder took every key outside it
    # for an article renamed away, and carried it onto an identical copy
    from reader.core.library.facade import Library

    lib = tmp_path / "lib"
    write(lib, "a/post.md", article("Same"))
    write(lib, "b/copy.md", article("Same"))
    (lib / STATE_FOLDER).mkdir()
    whole = device(lib, DEV_A, tmp_path / "data")
    whole.mark(["a/post.md"], "starred", True)
    whole.mark(["a/post.md"], "read", True)
    below = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "data", library=lib / "b")
    assert below.resolve_moves({"copy.md": (lib / "b" / "copy.md").stat().st_size}) == {}
    with Library.open(lib / "b", cache_dir=tmp_path / "cache") as library:
        library.refresh()
        assert below.resolve_moves(library) == {}
    again = device(lib, DEV_A, tmp_path / "data")
    assert again.paths_with("starred") == {"a/post.md"}
    assert again.paths_with("read") == {"a/post.md"}
    assert below.get("copy.md") == ArticleState()
    # an article renamed inside the subfolder is still followed
    below.mark(["copy.md"], "later", 1)
    os.rename(lib / "b" / "copy.md", lib / "b" / "renamed.md")
    sizes = {p.name: p.stat().st_size for p in (lib / "b").iterdir()}
    assert below.resolve_moves(sizes) == {"copy.md": "renamed.md"}
    assert below.later_queue() == ["renamed.md"]
    assert device(lib, DEV_A, tmp_path / "data").paths_with("starred") == {"a/post.md"}


@pytest.mark.parametrize(
    ("line", "number"),
    [
        # a value far beyond any float: math.isfinite raised OverflowError
        (
            b'{"t":1000,"dev":"%s","path":"a.md","fp":null,"field":"later","value":1'
            + b"0" * 400
            + b"}",
            1,
        ),
        (
            b'{"t":1000,"dev":"%s","path":"a.md","fp":null,"field":"opened","value":-1'
            + b"0" * 400
            + b"}",
            1,
        ),
        # a field that is not a string (not hashable): a TypeError
        (b'{"t":1000,"dev":"%s","path":"a.md","fp":null,"field":["read"],"value":true}', 1),
        (b'{"t":1000,"dev":"%s","path":"a.md","fp":null,"field":{"a":1},"value":true}', 1),
        # compacted rows: a prefix length that isdigit() but int() refuses, or
        # longer than int() reads, or a value beyond any float
        (b'{"compacted":1,"dev":"%s","base":1000000}\n["\xc2\xb2|a.md","","r",5,1]', 2),
        (b'{"compacted":1,"dev":"%s","base":1000000}\n["\xd9\xa1|a.md","","r",5,1]', 2),
        (b'{"compacted":1,"dev":"%s","base":1000000}\n["' + b"0" * 5000 + b'|a.md","","r",5,1]', 2),
        (b'{"compacted":1,"dev":"%s","base":1000000}\n["0|a.md","","l",5,1' + b"0" * 400 + b"]", 2),
    ],
)
def test_a_hostile_line_of_another_device_is_skipped_with_its_line(tmp_path, line, number):
    # finding 2: one such line crashed every command that read the state
    line = line.replace(b"%s", DEV_B.encode())
    good = encode_change(Change(2000, DEV_B, "b.md", None, "starred", True))
    parsed = parse_log(good + line + b"\n" + good, "log.jsonl")
    assert [c.path for c in parsed.changes] == ["b.md", "b.md"]
    assert parsed.warnings == [f"log.jsonl:{number + 1}: not a reading-state change; skipped"]
    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    write(lib, "b.md", article("B"))
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    (folder / f"{DEV_B}.jsonl").write_bytes(line + b"\n" + good)
    state = device(lib, DEV_A, tmp_path / "data")
    assert state.paths_with("starred") == {"b.md"}
    assert any(f":{number}: not a reading-state change; skipped" in w for w in state.warnings)
    state.mark(["a.md"], "read", True)
    assert device(lib, DEV_A, tmp_path / "data").is_read("a.md")


def test_numbers_beyond_what_a_log_keeps_exactly_are_refused():
    # finding 2 (siblings): a float that is not finite, or an integer past 2**53
    lines = [
        encode_change(Change(5, DEV_A, "x.md", None, "later", 2**53)),
        encode_change(Change(5, DEV_A, "x.md", None, "opened", 1e300)),
        b'{"t":5,"dev":"%s","path":"x.md","fp":null,"field":"edited","value":NaN}\n',
        b'{"t":5,"dev":"%s","path":"x.md","fp":null,"field":"opened","value":Infinity}\n',
        encode_change(Change(5, DEV_A, "x.md", None, "later", 2**53 - 1)),
        encode_change(Change(5, DEV_A, "x.md", None, "edited", 1700000000.125)),
    ]
    parsed = parse_log(b"".join(lines).replace(b"%s", DEV_A.encode()), "log.jsonl")
    assert [c.value for c in parsed.changes] == [2**53 - 1, 1700000000.125]
    assert [w.split(":")[1] for w in parsed.warnings] == ["1", "2", "3", "4"]


def test_a_clock_past_what_a_log_can_hold_writes_nothing(tmp_path):
    # finding 8 (sibling): a change the logs cannot keep was written and lost
    lib = tmp_path / "lib"
    paths = make_library(lib, 1)
    far = Ticks(2**53 >> LOGICAL_BITS)  # a wall clock set centuries ahead
    state = device(lib, DEV_A, tmp_path / "data", far)
    with pytest.raises(OSError, match="clock"):
        state.mark(paths, "starred", True)
    assert not state.log_path.exists()
    assert state.get(paths[0]) == ArticleState()


def _at(monkeypatch, when: float) -> None:
    import time

    monkeypatch.setattr(time, "time", lambda: when)


def test_only_edits_after_a_commit_of_the_same_second_are_the_apps(tmp_path, monkeypatch):
    # finding 9: git keeps a commit's time in whole seconds; the app's edit in
    # that second, committed by it, made every later hand edit look like the
    # app's (the edit was rounded, and compared with >=)
    from reader.core.library.state import DeviceEdits

    lib = tmp_path / "lib"
    paths = make_library(lib, 4)
    state = device(lib, DEV_A, tmp_path / "data")
    second = 1_700_000_000
    _at(monkeypatch, second + 0.6)  # rounded, this was second + 1
    state.edited(paths)
    assert state.get(paths[0]).edited == second + 0.6  # not rounded to the second
    write(lib, paths[0], article("Changed by hand after the commit"))
    edits = DeviceEdits(device(lib, DEV_A, tmp_path / "data"))
    # a commit made in that same second (git says: second): after the edit,
    # or before it; the file tells: the app's bytes are still there or not
    assert edits.edited_paths_since(second) == set(paths[1:])
    assert edits.edited_paths_since(second + 1) == set()  # a commit in the next second
    assert edits.edited_paths_since(second - 1) == set(paths)  # surely later: every one
    assert edits.edited_paths_since(second + 2) == set()  # surely earlier: none
    assert edits.edited_paths_since(None) == set(paths)
    _at(monkeypatch, second + 0.9)  # the app edits it again, still in that second
    state.edited([paths[0]])
    edits = DeviceEdits(device(lib, DEV_A, tmp_path / "data"))
    assert edits.edited_paths_since(second) == set(paths)


def test_edited_times_of_old_logs_in_whole_seconds_are_still_read(tmp_path):
    # finding 9: logs written before sub-second times keep working
    from reader.core.library.state import DeviceEdits

    lib = tmp_path / "lib"
    paths = make_library(lib, 2)
    folder = lib / STATE_FOLDER / "state"
    folder.mkdir(parents=True)
    fps = {p: fingerprint((lib / p).read_bytes()) for p in paths}
    (folder / f"{DEV_A}.jsonl").write_bytes(
        b"".join(
            encode_change(Change(10 + i, DEV_A, p, fps[p], "edited", 1_700_000_000))
            for i, p in enumerate(paths)
        )
    )
    write(lib, paths[1], article("By hand"))
    state = device(lib, DEV_A, tmp_path / "data")
    assert state.get(paths[0]).edited == 1_700_000_000
    assert DeviceEdits(state).edited_paths_since(1_700_000_000) == {paths[0]}
    assert DeviceEdits(state).edited_paths_since(1_699_999_998) == set(paths)


def test_the_snapshot_never_outlives_a_log_put_back_to_an_earlier_version(tmp_path):
    # finding 11: a log replaced by an earlier version of itself (git
    # checkout, a sync tool's "restore"): the cached snapshot kept what is in
    # no file any more, and the answer depended on the cache
    lib = tmp_path / "lib"
    paths = make_library(lib, 2)
    cache = tmp_path / "cache"
    state = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    state.mark([paths[0]], "read", True)
    log = state.log_path
    before = log.read_bytes()
    state.mark([paths[0]], "starred", True)
    state.save_snapshot()
    earlier = log.with_name(".earlier")
    earlier.write_bytes(before)
    os.replace(earlier, log)  # a new file (git writes one)
    cached = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    fresh = ReadingState.open(
        lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=tmp_path / "c2"
    )
    assert fresh.get(paths[0]) == ArticleState(read=True)
    assert cached.snapshot() == fresh.snapshot()
    # the same file rewritten in place, its old time put back (rsync -t, Syncthing)
    state.mark([paths[1]], "later", 3)
    state.save_snapshot()
    stamp = log.stat()
    with open(log, "r+b") as handle:
        handle.write(before)
        handle.truncate()
    os.utime(log, ns=(stamp.st_atime_ns, stamp.st_mtime_ns - 10**9))
    cached = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert cached.snapshot() == fresh.snapshot() == {paths[0]: {"read": True}}


def test_an_open_state_follows_a_log_put_back_or_deleted(tmp_path):
    # finding 11: the live state (the window's) too
    lib = tmp_path / "lib"
    paths = make_library(lib, 3)
    a = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=tmp_path / "ca")
    b = ReadingState.open(lib, device=DEV_B, data_dir=tmp_path / "db", cache_dir=tmp_path / "cb")
    b.mark([paths[0]], "read", True)
    before = b.log_path.read_bytes()
    b.mark([paths[1]], "starred", True)
    a.mark([paths[2]], "later", 5)
    assert a.poll() == {paths[0], paths[1]}
    earlier = b.log_path.with_name(".earlier")
    earlier.write_bytes(before)
    os.replace(earlier, b.log_path)
    assert a.poll() == {paths[1]}
    assert a.paths_with("starred") == frozenset() and a.is_read(paths[0])
    assert a.later_queue() == [paths[2]]
    b.log_path.unlink()  # a retired device's log removed
    assert a.poll() == {paths[0]}
    assert a.snapshot() == {paths[2]: {"later": 5}}
    assert a.poll() == set()


def test_a_compaction_by_another_device_loses_nothing(tmp_path):
    # finding 11: a compacted log replaces the old one; what it keeps is the same state
    lib = tmp_path / "lib"
    paths = make_library(lib, 3)
    cache = tmp_path / "cache"
    a = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    b = ReadingState.open(lib, device=DEV_B, data_dir=tmp_path / "db", cache_dir=tmp_path / "cb")
    for _ in range(3):
        b.mark(paths, "read", True)
        b.mark(paths[:2], "starred", True)
        b.mark(paths[:1], "read", False)
    a.poll()
    a.save_snapshot()
    expected = a.snapshot()
    b.compact()
    assert a.poll() == set()
    assert a.snapshot() == expected
    again = ReadingState.open(lib, device=DEV_A, data_dir=tmp_path / "da", cache_dir=cache)
    assert again.snapshot() == expected


def test_a_file_in_place_of_the_state_folder_is_named_as_why(tmp_path):
    # the note said "the library folder cannot be written", which it can
    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    (lib / ".article-reader").mkdir()
    (lib / ".article-reader" / "state").write_text("junk\n")
    state = device(lib, DEV_A, tmp_path / "data")
    assert state.read_only
    note = state.location_note
    assert note is not None
    assert note.startswith(
        f"{lib.resolve() / '.article-reader' / 'state'} is a file, not a folder;"
    )
    state.mark(["a.md"], "read", True)
    assert device(lib, DEV_A, tmp_path / "data").is_read("a.md")
    assert (lib / ".article-reader" / "state").read_text() == "junk\n"
    # a FIFO is named as one (it was "a file")
    (lib / ".article-reader" / "state").unlink()
    os.mkfifo(lib / ".article-reader" / "state")
    note = device(lib, DEV_A, tmp_path / "data").location_note
    assert note is not None and "state is a FIFO (named pipe), not a folder;" in note


def test_a_log_compaction_cannot_shrink_is_not_redone_on_every_mark(tmp_path):
    # another device won most of this one's cells: counted by its wins, the
    # log always looked twice too large, and each mark rewrote it whole
    lib = tmp_path / "lib"
    paths = make_library(lib, count=300)
    a = device(lib, DEV_A, tmp_path / "a")
    a.mark(paths, "starred", True)
    b = device(lib, DEV_B, tmp_path / "b")
    b.mark(paths, "starred", False)
    a.poll()
    assert a.compact_if_large()  # (its own first compaction: nothing says its size yet)
    inode = a.log_path.stat().st_ino
    for path in paths[:3]:
        a.mark([path], "read", True)
        assert not a.compact_if_large()
    assert a.log_path.stat().st_ino == inode
    # grown past twice what it was compacted to, it is compacted again
    for _ in range(3):
        a.mark(paths, "later", True)
        a.mark(paths, "later", False)
    assert a.compact_if_large() and a.log_path.stat().st_ino != inode
    assert a.value(paths[0], "starred") is False and a.value(paths[0], "read") is True


def test_a_library_folder_moved_away_keeps_its_state_and_is_never_made_again(tmp_path):
    # the window's next save made the old folder again (a library of one
    # state file), and its poll read the missing logs as no state at all
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "starred", True)
    state.mark([paths[1]], "read", True)
    before = state.snapshot()
    lib.rename(tmp_path / "moved")
    assert state.poll() == set() and state.snapshot() == before
    with pytest.raises(FileNotFoundError, match="the library's folder is gone"):
        state.mark_opened(paths[0])
    with pytest.raises(FileNotFoundError):
        state.mark([paths[2]], "later", True)
    assert not lib.exists() and state.snapshot() == before
    # back in its place, it goes on
    (tmp_path / "moved").rename(lib)
    state.mark([paths[2]], "later", True)
    assert state.poll() == set() and state.value(paths[2], "later") is not None


def _undo_record_unwritable(data: Path) -> None:
    """The per-user folder cannot take the undo record (as when full): a
    folder where the record is written."""
    for record in (data / "state-undo").glob("*.json"):
        record.unlink()
        record.mkdir()


def test_a_mark_all_whose_undo_cannot_be_kept_is_not_done(tmp_path):
    # the marks were written, then the undo record failed: every article
    # stayed read, the command said "cannot be written", and undo had nothing
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[1]], "read", False)
    state.mark_all_read(paths[:1], "one")  # (makes the record's file)
    state.undo_mark_all()
    before = state.snapshot()
    _undo_record_unwritable(tmp_path / "data")
    with pytest.raises(OSError):
        state.mark_all_read(paths, "all")
    assert state.snapshot() == before
    assert device(lib, DEV_A, tmp_path / "data").snapshot() == before  # (in the log too)


def test_an_undo_of_mark_all_whose_record_cannot_be_taken_off_is_not_done(tmp_path, monkeypatch):
    # the articles were put back, then taking the record off failed: the
    # command said it failed, and the record stayed to be undone again
    import errno

    from reader.core.article import storage

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark_all_read(paths, "all")
    marked = state.snapshot()
    write_atomic = storage.write_atomic

    def full(path, data, **kwargs):
        if "state-undo" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return write_atomic(path, data, **kwargs)

    monkeypatch.setattr(storage, "write_atomic", full)
    with pytest.raises(OSError):
        state.undo_mark_all()
    assert state.snapshot() == marked
    assert state.last_mark_all() is not None
    monkeypatch.setattr(storage, "write_atomic", write_atomic)
    assert state.undo_mark_all() is not None
    assert state.paths_with("read") == frozenset()


def test_a_data_folder_that_cannot_keep_the_device_id_gives_the_same_one_at_every_start(
    tmp_path,
):
    # each start made a new id, and with it a new log in the library's
    # state folder, never compacted, that an undo of mark-all did not see
    (tmp_path / "device-id").mkdir()
    code = "import sys\nfrom reader.core.common.device import device_id as d\nprint(d(sys.argv[1]))"
    got = {
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, timeout=120
        )
        .stdout.decode()
        .strip()
        for _ in range(2)
    }
    assert len(got) == 1 and is_device_id(got.pop())
    other = tmp_path / "other"
    other.mkdir()
    (other / "device-id").mkdir()
    assert device_id(other) != device_id(tmp_path)  # (another folder, another device)


def test_an_undo_of_mark_all_that_cannot_mark_the_articles_keeps_its_record(tmp_path, monkeypatch):
    # the record taken off first is put back when the articles cannot be
    # marked unread again (the log not writable anywhere): undone later
    import errno

    from reader.core.library.state import store

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark_all_read(paths, "all")
    append = store.append_changes

    def full(path, changes):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(store, "append_changes", full)
    with pytest.raises(OSError):
        state.undo_mark_all()
    monkeypatch.setattr(store, "append_changes", append)
    assert state.last_mark_all() is not None
    assert state.undo_mark_all() is not None
    assert state.paths_with("read") == frozenset()


def test_a_folder_in_place_of_this_devices_log_is_named_in_the_note(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    log = lib / ".article-reader" / "state" / f"{DEV_A}.jsonl"
    log.mkdir(parents=True)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark(["a.md"], "read", True)
    note = state.location_note
    assert note is not None
    assert note.startswith(f"{log.resolve()} cannot be written (it is a folder, not a regular")
    assert device(lib, DEV_A, tmp_path / "data").is_read("a.md")
    assert log.is_dir() and not any(log.iterdir())


@pytest.mark.parametrize("fitting", [0, 1, 37, 4096])
def test_a_log_write_cut_short_by_a_full_disk_leaves_no_part_of_it(tmp_path, monkeypatch, fitting):
    # the lines that fitted and one cut in two stayed in the library's log:
    # another device read them (24 of 400 stars, a saved search without its
    # query), and every reader warned of the cut line from then on
    from reader.core.library.state import log as state_log

    path = tmp_path / "dev.jsonl"
    state_log.append_lines(path, b'{"first": 1}\n')
    before = path.read_bytes()
    write = os.write

    def short(fd, data):
        room = fitting - (os.fstat(fd).st_size - len(before))
        if room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(fd, bytes(data[:room]))

    monkeypatch.setattr(state_log.os, "write", short)
    with pytest.raises(OSError):
        state_log.append_lines(path, b"".join(b'{"line": %d}\n' % n for n in range(400)))
    monkeypatch.setattr(state_log.os, "write", write)
    assert path.read_bytes() == before
    state_log.append_lines(path, b'{"next": 2}\n')
    assert path.read_bytes() == before + b'{"next": 2}\n'


def _identical_stubs(lib: Path) -> dict[str, int]:
    for name in ("a.md", "b.md", "c.md"):
        write(lib, name, "---\ntitle: stub\n---\n")
    return {name: (lib / name).stat().st_size for name in ("a.md", "b.md", "c.md")}


def _sizes(lib: Path) -> dict[str, int]:
    return {p.relative_to(lib).as_posix(): p.stat().st_size for p in lib.glob("*.md")}


def test_a_renamed_article_s_state_goes_to_it_not_to_an_identical_copy(tmp_path):
    # three identical stubs: b.md renamed, its state went to a.md
    lib = tmp_path / "lib"
    _identical_stubs(lib)
    ten_seconds_ago = time.time_ns() // 1_000_000 - 10_000
    state = device(lib, DEV_A, tmp_path / "data", Ticks(ten_seconds_ago))
    state.mark(["b.md"], "starred", True)
    time.sleep(0.01)  # (the rename changes the file after the copies were made)
    os.rename(lib / "b.md", lib / "b-renamed.md")
    again = device(lib, DEV_B, tmp_path / "data-b")
    assert again.resolve_moves(_sizes(lib)) == {"b.md": "b-renamed.md"}
    assert again.get("b-renamed.md").starred and not again.get("a.md").starred


def test_a_deleted_article_s_state_does_not_go_to_an_identical_copy(tmp_path, monkeypatch):
    # the copies were there, unchanged, before the state was written
    from reader.core.library.state import store

    monkeypatch.setattr(store, "_CHANGE_SLACK_MS", 0)  # (the file systems' slack: not waited)
    lib = tmp_path / "lib"
    _identical_stubs(lib)
    time.sleep(0.05)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark(["b.md"], "starred", True)
    (lib / "b.md").unlink()
    again = device(lib, DEV_B, tmp_path / "data-b")
    assert again.resolve_moves(_sizes(lib)) == {}
    assert not again.get("a.md").starred and not again.get("c.md").starred


def test_a_case_only_rename_on_a_volume_that_ignores_case_takes_the_state(tmp_path, monkeypatch):
    # Note.md renamed note.md: the old name still "exists" there (a lookup
    # ignoring case finds the new file), and the star was lost
    lib = tmp_path / "lib"
    write(lib, "Note.md", "---\ntitle: N\n---\nbody\n")
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark(["Note.md"], "starred", True)
    os.rename(lib / "Note.md", lib / "note.md")
    lstat = os.lstat

    def ignoring_case(path, *args, **kwargs):  # as on a Mac's or Windows' volume
        path = Path(path)
        if path.name == "Note.md":
            path = path.with_name("note.md")
        return lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", ignoring_case)
    again = device(lib, DEV_A, tmp_path / "data")
    assert again.resolve_moves({"note.md": (lib / "note.md").stat().st_size}) == {
        "Note.md": "note.md"
    }
    assert again.get("note.md").starred


def test_a_folder_renamed_in_case_only_takes_its_articles_state_also_through_mark(
    tmp_path, monkeypatch
):
    # (second review) Notes/ renamed notes/ on a volume that ignores case:
    # the file's own name was listed, its folder not checked; and mark's
    # look at the files (FolderSizes) used lstat alone
    from reader.core.library.scan import FolderSizes

    lib = tmp_path / "lib"
    write(lib, "Notes/a.md", "---\ntitle: N\n---\nbody\n")
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark(["Notes/a.md"], "starred", True)
    os.rename(lib / "Notes", lib / "notes")
    lstat = os.lstat

    def ignoring_case(path, *args, **kwargs):  # as on a Mac's or Windows' volume
        return lstat(str(path).replace("/Notes/", "/notes/"), *args, **kwargs)

    monkeypatch.setattr(os, "lstat", ignoring_case)
    again = device(lib, DEV_A, tmp_path / "data")
    assert again.resolve_moves(FolderSizes(lib, ["notes/a.md"])) == {"Notes/a.md": "notes/a.md"}
    assert again.get("notes/a.md").starred


def test_a_renamed_article_takes_its_state_with_the_clock_ahead_of_the_files(tmp_path):
    # a library on a network share whose clock is behind this device's: the
    # renamed article's change time is before the star (it lost it once)
    lib = tmp_path / "lib"
    paths = make_library(lib)
    ahead = time.time_ns() // 1_000_000 + 10_000
    state = device(lib, DEV_A, tmp_path / "data", Ticks(ahead))
    state.mark([paths[0]], "starred", True)
    os.rename(lib / paths[0], lib / "renamed.md")
    sizes = {p.relative_to(lib).as_posix(): p.stat().st_size for p in lib.rglob("*.md")}
    again = device(lib, DEV_A, tmp_path / "data", Ticks(ahead + 1000))
    assert again.resolve_moves(sizes) == {paths[0]: "renamed.md"}


def test_state_of_an_unlisted_file_still_there_stays_with_it(tmp_path):
    # a hidden copy's star went to the listed article of the same bytes (and
    # left the copy): the file was only unlisted, never gone
    lib = tmp_path / "lib"
    paths = make_library(lib)
    (lib / "2021" / ".hidden.md").write_bytes((lib / paths[0]).read_bytes())
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark(["2021/.hidden.md"], "starred", True)
    listed = {p: (lib / p).stat().st_size for p in paths}  # (what list shows)
    again = device(lib, DEV_B, tmp_path / "data-b")
    assert again.resolve_moves(listed) == {}
    assert not again.get(paths[0]).starred and again.get("2021/.hidden.md").starred


def _two_spellings(tmp_path, mac_name, other_name):
    """Devices A (a Mac: ``mac_name``) and B (``other_name``): one article."""
    mac, here = tmp_path / "a", tmp_path / "b"  # (devices A and B: see sync_copy)
    for root, name in ((mac, mac_name), (here, other_name)):
        write(root, name, "---\ntitle: C\n---\nbody\n")

    def on(root, dev, name, ms):
        state = device(root, dev, tmp_path / f"data-{root.name}", Ticks(ms))
        state.resolve_moves({name: (root / name).stat().st_size})
        return state

    return mac, here, on


def test_the_other_spelling_takes_a_mark_with_its_time_not_a_later_one(tmp_path):
    # (second review) B, its clock a minute ahead, only opened its list: the
    # star it copied under its spelling was dated then, and beat the unstar
    # the Mac made after it; and two marks in one millisecond never agreed
    import unicodedata

    nfd, nfc = unicodedata.normalize("NFD", "café.md"), unicodedata.normalize("NFC", "café.md")
    mac, here, on = _two_spellings(tmp_path, nfd, nfc)
    now = time.time_ns() // 1_000_000 - 600_000
    on(mac, DEV_A, nfd, now).mark([nfd], "starred", True)
    sync_copy(mac, here)
    on(here, DEV_B, nfc, now + 65_000)  # (only listed: its clock ahead)
    on(mac, DEV_A, nfd, now + 20_000).mark([nfd], "starred", False)
    for round_ in range(3):
        sync_copy(here, mac)
        on(mac, DEV_A, nfd, now + 30_000 + round_)
        sync_copy(mac, here)
        on(here, DEV_B, nfc, now + 90_000 + round_)
    assert not on(mac, DEV_A, nfd, now + 40_000).get(nfd).starred
    assert not on(here, DEV_B, nfc, now + 100_000).get(nfc).starred
    # two marks in the same millisecond end the same on both
    on(mac, DEV_A, nfd, now + 200_000).mark([nfd], "read", True)
    on(here, DEV_B, nfc, now + 200_000).mark([nfc], "read", False)
    for round_ in range(3):
        sync_copy(mac, here)
        on(here, DEV_B, nfc, now + 210_000 + round_)
        sync_copy(here, mac)
        on(mac, DEV_A, nfd, now + 210_000 + round_)
    assert (
        on(mac, DEV_A, nfd, now + 300_000).get(nfd).read
        == on(here, DEV_B, nfc, now + 300_000).get(nfc).read
    )


def test_three_spellings_of_one_name_settle_and_stop_writing(tmp_path):
    # (third review) three devices, three spellings, one millisecond: copied
    # pair by pair the mark went round, two more lines every sync, for ever
    import unicodedata

    nfc = unicodedata.normalize("NFC", "Café/é.md")
    nfd = unicodedata.normalize("NFD", "Café/é.md")
    mixed = unicodedata.normalize("NFC", "Café") + "/" + unicodedata.normalize("NFD", "é.md")
    roots = {dev: tmp_path / name for dev, name in ((DEV_A, "a"), (DEV_B, "b"), (DEV_C, "c"))}
    names = {DEV_A: mixed, DEV_B: nfc, DEV_C: nfd}
    for dev, root in roots.items():
        write(root, names[dev], "---\ntitle: C\n---\nbody\n")
    now = time.time_ns() // 1_000_000 - 600_000

    def on(dev, ms):
        state = device(roots[dev], dev, tmp_path / f"data-{dev}", Ticks(ms))
        name = names[dev]
        state.resolve_moves({name: (roots[dev] / name).stat().st_size})
        return state

    for dev, value in ((DEV_A, True), (DEV_B, False), (DEV_C, True)):
        on(dev, now).mark([names[dev]], "read", value)

    def sync_all():
        for source in roots.values():
            for log in (source / STATE_FOLDER / "state").glob("*.jsonl"):
                for target in roots.values():
                    if target != source:
                        folder = target / STATE_FOLDER / "state"
                        folder.mkdir(parents=True, exist_ok=True)
                        if (
                            not (folder / log.name).exists()
                            or log.stat().st_size > (folder / log.name).stat().st_size
                        ):
                            (folder / log.name).write_bytes(log.read_bytes())

    sizes = []
    for round_ in range(6):
        sync_all()
        seen = {dev: on(dev, now + 1000 * (round_ + 1)).get(names[dev]).read for dev in roots}
        sizes.append(sum(p.stat().st_size for p in roots[DEV_A].rglob("*.jsonl")))
    assert len(set(seen.values())) == 1, seen
    assert sizes[-1] == sizes[-2] == sizes[-3]  # (nothing more written)


def test_a_folder_and_a_file_in_different_unicode_forms_are_one_name(tmp_path):
    # (second review) the Mac's folder composed and file decomposed: taken for
    # a rename of the other device's all-composed name, carried and cleared
    import unicodedata

    mac_name = unicodedata.normalize("NFC", "Café") + "/" + unicodedata.normalize("NFD", "é.md")
    other = unicodedata.normalize("NFC", "Café/é.md")
    mac, here, on = _two_spellings(tmp_path, mac_name, other)
    now = time.time_ns() // 1_000_000 - 600_000
    on(here, DEV_B, other, now).mark([other], "starred", True)
    sync_copy(here, mac)
    assert on(mac, DEV_A, mac_name, now + 1000).get(mac_name).starred
    sync_copy(mac, here)
    assert on(here, DEV_B, other, now + 2000).get(other).starred


def test_a_name_in_another_unicode_form_shares_one_state_on_both_devices(tmp_path):
    # a Mac's decomposed name (NFD) synced to a system keeping it composed
    # (NFC): carried and cleared, the mark was undone on the Mac; carried
    # and kept, the two went apart at the next mark
    import unicodedata

    mac, here = tmp_path / "a", tmp_path / "b"  # (devices A and B: see sync_copy)
    decomposed = unicodedata.normalize("NFD", "café.md")
    composed = unicodedata.normalize("NFC", "café.md")
    write(mac, decomposed, "---\ntitle: C\n---\nbody\n")
    write(here, composed, "---\ntitle: C\n---\nbody\n")
    on_mac = {decomposed: (mac / decomposed).stat().st_size}
    on_linux = {composed: (here / composed).stat().st_size}

    def mac_state():
        state = device(mac, DEV_A, tmp_path / "data-a")
        assert state.resolve_moves(on_mac) == {}  # (no rename: the same name)
        return state

    def linux_state():
        state = device(here, DEV_B, tmp_path / "data-b")
        assert state.resolve_moves(on_linux) == {}
        return state

    mac_state().mark([decomposed], "read", True)
    sync_copy(mac, here)
    assert linux_state().get(composed).read
    sync_copy(here, mac)
    assert mac_state().get(decomposed).read  # (not undone on the Mac)
    mac_state().mark([decomposed], "read", False)  # read again later, on the Mac
    sync_copy(mac, here)
    assert not linux_state().get(composed).read
    linux_state().mark([composed], "starred", True)  # starred on the other
    sync_copy(here, mac)
    assert mac_state().get(decomposed).starred
    sync_copy(mac, here)
    final = linux_state().get(composed)
    assert final.starred and not final.read


def test_the_one_article_of_those_bytes_takes_the_state_whatever_its_change_time(tmp_path):
    # where a rename leaves the change time as it was (Windows' is the
    # file's birth), or against a clock ahead, the renamed article lost its
    # state.  (A state only another device gave is not carried so: see
    # test_a_state_whose_article_has_not_arrived_stays_its_own.)
    lib = tmp_path / "lib"
    paths = make_library(lib)
    later = time.time_ns() // 1_000_000 + 10_000  # the state written after any change seen
    state = device(lib, DEV_A, tmp_path / "data", Ticks(later))
    state.mark([paths[0]], "starred", True)
    os.rename(lib / paths[0], lib / "renamed.md")
    sizes = {p.relative_to(lib).as_posix(): p.stat().st_size for p in lib.rglob("*.md")}
    again = device(lib, DEV_A, tmp_path / "data")
    assert again.resolve_moves(sizes) == {paths[0]: "renamed.md"}
    assert again.get("renamed.md").starred


def test_a_save_is_not_reported_failed_when_the_state_file_is_held(tmp_path, monkeypatch):
    # the state log's lock held by another process: the article was saved,
    # and the save raised "another program has held this state file for
    # too long; not saved" (the observer must not raise)
    import fcntl

    from reader.core.article import storage
    from reader.core.library.facade import Library

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[1]], "read", True)
    (log,) = (lib / STATE_FOLDER / "state").glob("*.jsonl")
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.2)
    with Library.open(lib, tmp_path / "cache") as library:
        library.refresh()
        library.attach_observer(state)
        with open(log, "rb") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            assert library.save(library.load(paths[0]), {"title": "New"})
            assert library.rename(paths[1], "renamed.md") == "2021/renamed.md"
    assert "title: 'New'" in (lib / paths[0]).read_text(encoding="utf-8")
    assert (lib / "2021" / "renamed.md").is_file()


def test_reading_the_state_does_not_wait_for_a_write_on_its_way_to_disk(tmp_path, monkeypatch):
    # a write held the merged state's lock over its append and fsync: the
    # window's thread, asking whether an article was read, waited on the
    # disk behind a worker's write (110 ms at a million articles)
    import threading

    from reader.core.library.state import store

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "read", True)
    on_disk, go_on = threading.Event(), threading.Event()
    real = store.append_changes

    def slow_append(path, changes):
        on_disk.set()
        assert go_on.wait(30)
        real(path, changes)

    monkeypatch.setattr(store, "append_changes", slow_append)
    first = threading.Thread(target=state.mark, args=([paths[1]], "starred", True))
    second = threading.Thread(target=state.mark, args=([paths[1]], "starred", None))
    first.start()
    assert on_disk.wait(30)
    second.start()  # (another write waits for the first: in the order asked)
    answers = []
    reader = threading.Thread(target=lambda: answers.append(state.is_read(paths[0])))
    reader.start()
    reader.join(30)
    assert answers == [True]  # answered while the write was still on its way
    assert state.get(paths[1]).starred is False  # (not shown before it is written)
    go_on.set()
    first.join(30)
    second.join(30)
    assert not first.is_alive() and not second.is_alive()
    assert state.get(paths[1]).starred is False  # the later write won
    again = device(lib, DEV_A, tmp_path / "data")
    assert again.get(paths[1]).starred is False and again.is_read(paths[0])


def test_a_write_does_not_wait_for_a_poll_of_a_long_log(tmp_path, monkeypatch):
    # (review) polls took the write lock for their whole read: a save on
    # the window's thread marks its article edited, and waited for a poll
    # of another device's long log
    import threading

    from reader.core.library.state import store

    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "read", True)
    other = device(lib, DEV_B, tmp_path / "data-b")
    other.mark([paths[1]], "starred", True)
    reading, go_on = threading.Event(), threading.Event()
    real = store.open_regular

    def slow_open(path, **kwargs):
        if DEV_B in str(path):  # (the other device's log, as a poll reads it)
            reading.set()
            assert go_on.wait(30)
        return real(path, **kwargs)

    monkeypatch.setattr(store, "open_regular", slow_open)
    poll = threading.Thread(target=state.poll)
    poll.start()
    assert reading.wait(30)
    marked = threading.Thread(target=state.mark, args=([paths[2]], "later", True))
    marked.start()
    marked.join(30)
    done = not marked.is_alive()
    go_on.set()
    poll.join(30)
    assert done  # written while the poll was still reading
    assert state.get(paths[2]).later and state.get(paths[1]).starred


def test_two_processes_of_one_device_stamping_one_time_agree_on_the_value():
    # the window and a command of one device marked at one millisecond, one
    # "read" and one "unread": each kept its own value for good, and a
    # fresh reader the first line of the log (the merge hung on the order)
    from itertools import permutations

    from reader.core.library.state.merge import Merged

    t = 1_800_000_000_000 << LOGICAL_BITS
    lines = [
        Change(t, DEV_A, "a.md", None, "read", True),
        Change(t, DEV_A, "a.md", None, "read", False),
        Change(t, DEV_A, "a.md", None, "progress", 0.25),
        Change(t, DEV_A, "a.md", None, "progress", 0.5),
    ]
    kept = set()
    for order in permutations(lines):
        merged = Merged()
        for change in order:  # (one line at a time, as a poll reads them)
            merged.apply([change])
        kept.add((merged.value("a.md", "read"), merged.value("a.md", "progress")))
        parsed = parse_log(compact_rows(DEV_A, order), "compacted")
        again = Merged()
        again.apply(parsed.changes)
        kept.add((again.value("a.md", "read"), again.value("a.md", "progress")))
    assert kept == {(True, 0.5)}


def test_a_change_dated_past_any_clock_is_skipped_as_damaged(tmp_path):
    # a damaged or forged line at the largest time a log holds: no change
    # could be dated after it, and every mark of that article's field (and
    # every other path marked with it) was refused for good, on every device
    lib = tmp_path / "lib"
    paths = make_library(lib)
    state = device(lib, DEV_A, tmp_path / "data")
    state.mark([paths[0]], "read", True)
    forged = Change(2**53 - 1, DEV_B, paths[0], None, "read", False)
    folder = Path(state.log_path).parent
    copy = folder / f"{DEV_B} (conflicted copy).jsonl"
    copy.write_bytes(
        encode_change(Change(5, DEV_B, paths[2], None, "read", True)) + encode_change(forged)
    )
    state.poll()
    said = [w for w in state.warnings if "damaged or forged" in w]
    assert said == [f"{copy}:2: dated in the year 2248 (damaged or forged); skipped"]
    assert state.get(paths[0]).read  # (not taken)
    state.mark([paths[0], paths[1]], "read", False)
    again = device(lib, DEV_A, tmp_path / "data")
    assert not again.get(paths[0]).read and not again.get(paths[1]).read
    assert again.clock.last < 2**53 - 1
