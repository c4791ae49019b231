"""Saved searches: per-device logs in .article-reader/searches, merged across devices."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from reader.core.library.root import STATE_FOLDER
from reader.core.library.state.clock import HybridClock
from reader.core.library.state.searches import (
    SavedSearches,
    SearchGoneError,
    SearchNameError,
    parse_search_log,
)

from .libhelpers import article, write

DEV_A = "aaaaaaaa-0000-4000-8000-000000000001"
DEV_B = "bbbbbbbb-0000-4000-8000-000000000002"


class Ticks:
    def __init__(self, start: int) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


def device(root: Path, dev: str, data: Path, ticks: Ticks | None = None) -> SavedSearches:
    clock = HybridClock(ticks) if ticks is not None else None
    return SavedSearches.open(root, device=dev, data_dir=data, clock=clock)


def sync_copy(source: Path, target: Path, owner: str) -> None:
    """Copy ``owner``'s log from ``source`` to ``target`` the way a sync tool does."""
    src = source / STATE_FOLDER / "searches" / f"{owner}.jsonl"
    dst = target / STATE_FOLDER / "searches"
    dst.mkdir(parents=True, exist_ok=True)
    tmp = dst / f".{src.name}.tmp"
    tmp.write_bytes(src.read_bytes())
    os.replace(tmp, dst / src.name)


def test_saved_searches_live_beside_the_library_and_never_touch_articles(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "2021/a.md", article("A"))
    before = (lib / "2021/a.md").read_bytes()
    searches = device(lib, DEV_A, tmp_path / "data")
    saved = searches.add("  April news ", "cat:金融 date:2021-04")
    assert saved.name == "April news"
    log = lib / STATE_FOLDER / "searches" / f"{DEV_A}.jsonl"
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert {line["field"] for line in lines} == {"created", "name", "query"}
    assert all(line["id"] == saved.id and line["dev"] == DEV_A for line in lines)
    assert (lib / "2021/a.md").read_bytes() == before
    again = device(lib, DEV_A, tmp_path / "data")
    assert [(s.name, s.query) for s in again.searches()] == [
        ("April news", "cat:金融 date:2021-04")
    ]
    assert again.find("april NEWS") == again.get(saved.id)


def test_names_must_be_usable_and_free(tmp_path):
    searches = device(tmp_path, DEV_A, tmp_path / "data")
    searches.add("News", "tag:x")
    with pytest.raises(SearchNameError):
        searches.add("news", "tag:y")
    with pytest.raises(SearchNameError):
        searches.add("   ", "tag:y")
    with pytest.raises(SearchNameError):
        searches.add("a\x1b[31m", "tag:y")
    other = searches.add("Other", "tag:y")
    with pytest.raises(SearchNameError):
        searches.rename(other.id, "NEWS")
    assert searches.rename(other.id, "Renamed").name == "Renamed"
    with pytest.raises(KeyError):
        searches.delete("0" * 32)
    assert [s.name for s in searches.searches()] == ["News", "Renamed"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("\u200f\u200b", "control"),  # (a name that shows nothing)
        ("News\u200b", "control"),  # (looked like "News", was another)
        ("\ufeffNews", "control"),
        ("\u00a0\u2003", "empty"),
        ("\u3164", "empty"),  # (a Hangul filler: a letter that draws nothing)
        ("\u2800", "empty"),  # (the braille blank)
        ("\u0301\u0301\u034f", "empty"),  # (accents on nothing)
        ("News\u00ad", "taken"),  # (a soft hyphen: a second "News" row)
        ("N\u200cews", "taken"),
        ("News\ufe0f", "taken"),
    ],
)
def test_a_new_name_that_shows_nothing_or_hides_a_mark_is_refused(tmp_path, name, reason):
    searches = device(tmp_path, DEV_A, tmp_path / "data")
    searches.add("News", "tag:x")
    with pytest.raises(SearchNameError) as raised:
        searches.add(name, "tag:y")
    assert raised.value.reason == reason
    # the joiners Persian words and emoji are written with are kept
    for kept in ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\U0001f468\u200d\U0001f469"):
        assert searches.add(kept, "tag:z").name == kept


def test_two_devices_rename_edit_and_delete_merge_both_ways(tmp_path):
    a_root, b_root = tmp_path / "a", tmp_path / "b"
    a_root.mkdir()
    b_root.mkdir()
    # (clocks in the past: a change dated more than a day ahead waits for its time)
    ticks_a, ticks_b = Ticks(1_600_000_000_000), Ticks(1_600_000_000_000)
    a = device(a_root, DEV_A, tmp_path / "data-a", ticks_a)
    news = a.add("News", "cat:news")
    gone = a.add("Gone", "tag:old")
    sync_copy(a_root, b_root, DEV_A)
    b = device(b_root, DEV_B, tmp_path / "data-b", ticks_b)
    assert {s.name for s in b.searches()} == {"News", "Gone"}
    # offline on both: A renames News, B edits its query and renames Gone
    ticks_a.now += 1000
    a.rename(news.id, "Finance news")
    a.delete(gone.id)
    ticks_b.now += 2000
    b.set_query(news.id, "cat:news is:unread")
    b.rename(gone.id, "Kept?")
    sync_copy(a_root, b_root, DEV_A)
    sync_copy(b_root, a_root, DEV_B)
    assert a.poll() and b.poll()
    for side in (a, b):
        assert [(s.id, s.name, s.query) for s in side.searches()] == [
            (news.id, "Finance news", "cat:news is:unread")
        ]
    # a later rename on B wins over A's earlier one, on both sides
    ticks_b.now += 1000
    b.rename(news.id, "News (B)")
    sync_copy(b_root, a_root, DEV_B)
    a.poll()
    assert [s.name for s in a.searches()] == ["News (B)"]
    # idempotent: seeing the same lines again changes nothing
    sync_copy(b_root, a_root, DEV_B)
    assert not a.poll()


def test_equal_times_break_the_tie_by_device_id(tmp_path):
    ticks = Ticks(1_600_000_000_000)
    a = device(tmp_path, DEV_A, tmp_path / "da", ticks)
    saved = a.add("Same", "tag:x")
    b = device(tmp_path, DEV_B, tmp_path / "db", Ticks(1_600_000_000_000))
    a.clock = HybridClock(Ticks(1_700_000_000_000))
    b.clock = HybridClock(Ticks(1_700_000_000_000))
    a.rename(saved.id, "From A")
    b.rename(saved.id, "From B")
    a.poll()
    b.poll()
    assert a.get(saved.id).name == b.get(saved.id).name == "From B"  # DEV_B > DEV_A


def test_damaged_lines_are_skipped_with_a_warning_naming_file_and_line(tmp_path):
    searches = device(tmp_path, DEV_A, tmp_path / "data")
    saved = searches.add("Kept", "tag:x")
    log = searches.log_path
    with open(log, "ab") as handle:
        handle.write(b"not json\n")
        handle.write(b'{"t": 5, "dev": "nobody", "id": "x", "field": "name", "value": "Evil"}\n')
        handle.write(b'{"t": 9999999999999999, "dev": "' + DEV_A.encode() + b'", "id": "')
    other = device(tmp_path, DEV_B, tmp_path / "data-b")
    assert [s.id for s in other.searches()] == [saved.id]
    warnings = "\n".join(other.warnings)
    assert f"{log}:4: not JSON" in warnings
    assert f"{log}:5: not a saved-search change" in warnings
    assert f"{log}:6: an incomplete last line" in warnings
    # the next append starts on a line of its own
    searches.add("After", "tag:y")
    assert {s.name for s in device(tmp_path, DEV_B, tmp_path / "data-b").searches()} == {
        "Kept",
        "After",
    }


def test_parse_rejects_foreign_values():
    line = {"t": 10, "dev": DEV_A, "id": "abc", "field": "name", "value": ""}
    parsed = parse_search_log(json.dumps(line).encode() + b"\n", "log")
    assert parsed.changes == [] and parsed.warnings[0].startswith("log:1: ")
    line["value"] = "ok"
    assert parse_search_log(json.dumps(line).encode(), "log").changes[0].value == "ok"


def test_hostile_files_in_the_folder_are_skipped_not_followed(tmp_path):
    searches = device(tmp_path, DEV_A, tmp_path / "data")
    searches.add("Mine", "tag:x")
    secret = tmp_path / "secret.jsonl"
    secret.write_text('{"t": 5}\n')
    os.symlink(secret, searches.shared_folder / f"{DEV_B}.jsonl")
    os.mkfifo(searches.shared_folder / "fifo.jsonl")
    again = device(tmp_path, DEV_A, tmp_path / "data")
    assert [s.name for s in again.searches()] == ["Mine"]
    assert any("not a regular file" in w for w in again.warnings)


def test_a_read_only_library_keeps_saved_searches_per_user(unprivileged):
    lib = unprivileged.folder / "lib"
    write(lib, "a.md", article("A"))
    script = (
        "import sys\n"
        "from reader.core.library.state.searches import SavedSearches\n"
        "s = SavedSearches.open(sys.argv[1])\n"
        "s.add('Private', 'tag:x')\n"
        "print(s.read_only, [x.name for x in SavedSearches.open(sys.argv[1]).searches()])\n"
    )
    lib.chmod(0o555)
    result = unprivileged.run([sys.executable, "-c", script, str(lib)])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "['Private']"]
    assert not (lib / STATE_FOLDER).exists()


def test_concurrent_writers_of_one_log_lose_nothing(tmp_path):
    """Two processes of one device (the window and a script) adding at once."""
    import subprocess

    data = tmp_path / "data"
    script = (
        "import sys\n"
        "from reader.core.library.state.searches import SavedSearches\n"
        "s = SavedSearches(sys.argv[1], device=sys.argv[2], data_dir=sys.argv[3])\n"
        "for i in range(40):\n"
        "    s.add(f'{sys.argv[4]}-{i}', f'tag:t{i}')\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), DEV_A, str(data), name],
            cwd=Path(__file__).resolve().parents[2],
        )
        for name in ("one", "two")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    merged = device(tmp_path, DEV_B, tmp_path / "data-b")
    assert merged.warnings == []
    assert len(merged.searches()) == 80
    assert {s.query for s in merged.searches()} == {f"tag:t{i}" for i in range(40)}


def test_processes_of_one_device_saving_one_name_at_once_save_it_once(tmp_path):
    # each found the name free before the others wrote: two or three searches
    # of one name were saved on one device
    import subprocess

    data = tmp_path / "data"
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from reader.core.library.state.searches import SavedSearches, SearchNameError\n"
        "s = SavedSearches(sys.argv[1], device=sys.argv[2], data_dir=sys.argv[3])\n"
        "go = Path(sys.argv[4])\n"
        "while not go.exists():\n"
        "    time.sleep(0.005)\n"
        "for i in range(15):\n"
        "    try:\n"
        "        s.add(f'same {i}', 'tag:x')\n"
        "    except SearchNameError:\n"
        "        pass\n"
    )
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), DEV_A, str(data), str(go)],
            cwd=Path(__file__).resolve().parents[2],
        )
        for _ in range(6)  # (a state folder made by one while the others lock)
    ]
    time.sleep(1.5)  # (all started and waiting; not a timing assertion)
    go.touch()
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    names = [s.name for s in device(tmp_path, DEV_A, data).searches()]
    assert sorted(names) == sorted(f"same {i}" for i in range(15))


def test_a_name_is_taken_under_one_lock_while_the_state_folder_is_made(tmp_path):
    # the lock was named by the log's path: by its folder's absence, then
    # by the folder, then by the file.  A writer that came while the first
    # made the state folder held another lock, and saved a name twice
    import threading

    data = tmp_path / "data"
    first = SavedSearches(tmp_path, device=DEV_A, data_dir=data)
    second = SavedSearches(tmp_path, device=DEV_A, data_dir=data)
    done = threading.Event()

    def other() -> None:
        with pytest.raises(SearchNameError):
            second.add("same", "tag:y")
        done.set()

    with first._turn():  # noqa: SLF001 (the turn is what is tested)
        (tmp_path / STATE_FOLDER / "searches").mkdir(parents=True)  # (made meanwhile)
        (tmp_path / STATE_FOLDER / "searches" / f"{DEV_A}.jsonl").touch()
        worker = threading.Thread(target=other)
        worker.start()
        assert not done.wait(0.5)  # it waits for the turn
        first.add("same", "tag:x")
    worker.join(60)
    assert done.is_set()
    assert [s.name for s in device(tmp_path, DEV_A, data).searches()] == ["same"]


def test_matching_paths_are_what_find_lists(tmp_path):
    from reader.core.library.facade import Library

    lib = tmp_path / "lib"
    write(lib, "a.md", article("A", categories="[金融]", tags="[x]"))
    write(lib, "b.md", article("B", categories="[体育]", date="2020-01-02"))
    write(lib, "c.md", article("C", categories="[金融]", date="2020-03-04"))
    with Library.open(lib, cache_dir=tmp_path / "cache") as library:
        library.refresh()
        for query in ("cat:金融", "year:2020", "cat:金融 -tag:x", "tag:x OR cat:体育", ""):
            found = sorted(row.path for row in library.find(query))
            assert sorted(library.matching_paths(query)) == found, query


def test_the_warnings_of_a_saved_search_log_are_capped():
    from reader.core.library.state.log import MAX_WARNINGS

    parsed = parse_search_log(b"not json\n" * 1000, "log")
    assert parsed.changes == []
    assert len(parsed.warnings) == MAX_WARNINGS + 1
    assert parsed.warnings[0] == "log:1: not JSON; skipped"
    assert parsed.warnings[-1] == f"log: …and {1000 - MAX_WARNINGS:,} more bad line(s); skipped"


@pytest.mark.parametrize("text", ["n\udcff", "\ud800", "a\udfffb"])
def test_a_name_or_query_that_is_not_utf8_text_is_refused_not_written(tmp_path, text):
    searches = device(tmp_path, DEV_A, tmp_path / "data")
    kept = searches.add("Kept", "tag:x")
    with pytest.raises(SearchNameError) as refused:
        searches.add(text, "tag:x")
    assert refused.value.reason == "text" and "not valid UTF-8 text" in str(refused.value)
    with pytest.raises(SearchNameError) as refused:
        searches.add("Other", f"tag:{text}")
    assert refused.value.reason == "query-text"
    with pytest.raises(SearchNameError):
        searches.rename(kept.id, text)
    with pytest.raises(SearchNameError):
        searches.set_query(kept.id, text)
    again = device(tmp_path, DEV_B, tmp_path / "data-b")
    assert [(s.name, s.query) for s in again.searches()] == [("Kept", "tag:x")]
    assert again.warnings == []


def test_a_logged_name_or_query_with_a_lone_surrogate_is_skipped():
    lines = [
        {"t": 10, "dev": DEV_A, "id": "abc", "field": "name", "value": "n\ud800"},
        {"t": 11, "dev": DEV_A, "id": "abc", "field": "query", "value": "tag:\udcff"},
    ]
    data = b"".join(json.dumps(line).encode() + b"\n" for line in lines)  # (escaped: \\ud800)
    parsed = parse_search_log(data, "log")
    assert parsed.changes == []
    assert [w.split(": ", 1)[0] for w in parsed.warnings] == ["log:1", "log:2"]


# -- adversarial review -------------------------------------------------------------------


def _far_ahead_line(t: int, dev: str = DEV_B, name: str = "Other") -> bytes:
    """A search named ``name`` saved at ``t``: its name and its query."""
    lines = [
        {"t": t, "dev": dev, "id": "abc", "field": field, "value": value}
        for field, value in (("name", name), ("query", "tag:x"))
    ]
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


def test_a_change_dated_far_ahead_never_pushes_new_ones_out_of_the_log(tmp_path, monkeypatch):
    # finding 8: one valid line at t = 2**53 - 1 from another device moved this
    # device's clock past what a log may hold: what it saved next was lost
    import time

    from reader.core.library.state.clock import LOGICAL_BITS

    folder = tmp_path / STATE_FOLDER / "searches"
    folder.mkdir(parents=True)
    (folder / f"{DEV_B}.jsonl").write_bytes(_far_ahead_line(2**53 - 1))
    searches = device(tmp_path, DEV_A, tmp_path / "data")
    assert searches.searches() == []
    assert any("a day ahead" in w and f"{DEV_B}.jsonl" in w for w in searches.warnings)
    assert searches.clock.last < 2**53 - 1
    mine = searches.add("Mine", "tag:a")
    again = device(tmp_path, DEV_A, tmp_path / "data")
    assert [s.id for s in again.searches()] == [mine.id]
    assert not any(f"{DEV_A}.jsonl" in w for w in again.warnings)
    # a change from a clock a little ahead is taken in once its time has come
    ahead = (time.time_ns() // 1_000_000 + 2 * 86_400_000) << LOGICAL_BITS
    (folder / f"{DEV_B}.jsonl").write_bytes(_far_ahead_line(ahead, name="Soon"))
    assert again.poll() is False
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 3 * 86_400 * 10**9)
    assert again.poll() is True
    assert [s.name for s in again.searches()] == ["Mine", "Soon"]


def test_a_rename_made_here_after_one_dated_ahead_wins_once_it_is_due(tmp_path, monkeypatch):
    from reader.core.library.state.clock import LOGICAL_BITS

    folder = tmp_path / STATE_FOLDER / "searches"
    folder.mkdir(parents=True)
    mine = device(tmp_path, DEV_A, tmp_path / "data").add("Mine", "tag:a")
    ahead = (time.time_ns() // 1_000_000 + 2 * 86_400_000) << LOGICAL_BITS
    line = {"t": ahead, "dev": DEV_B, "id": mine.id, "field": "name", "value": "Theirs"}
    (folder / f"{DEV_B}.jsonl").write_bytes(json.dumps(line).encode() + b"\n")
    here = device(tmp_path, DEV_A, tmp_path / "data")
    here.rename(mine.id, "Renamed here")
    assert [s.name for s in here.searches()] == ["Renamed here"]
    assert here.clock.last >> LOGICAL_BITS < time.time_ns() // 1_000_000 + 60_000
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 3 * 86_400 * 10**9)
    for searches in (here, device(tmp_path, DEV_A, tmp_path / "data")):
        searches.poll()
        assert [s.name for s in searches.searches()] == ["Renamed here"]
    # a change at the last time a log can hold is not followed: it wins, as before
    (folder / f"{DEV_B}.jsonl").write_bytes(_far_ahead_line(2**53 - 1, name="Last"))
    other = device(tmp_path, DEV_A, tmp_path / "data")
    other.rename(mine.id, "Still saved")
    assert [s.name for s in other.searches()] == ["Still saved"]


def test_a_clock_past_what_a_log_can_hold_saves_nothing(tmp_path):
    # finding 8: a change the log cannot keep is refused, not reported saved
    searches = device(tmp_path, DEV_A, tmp_path / "data", Ticks(2**43))
    with pytest.raises(OSError, match="clock"):
        searches.add("Lost", "tag:a")
    assert searches.searches() == []
    assert not searches.log_path.exists()


def test_a_library_folder_moved_away_keeps_its_searches_and_is_never_made_again(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "2021/a.md", article("A"))
    searches = device(lib, DEV_A, tmp_path / "data")
    searches.add("April", "date:2021-04")
    lib.rename(tmp_path / "moved")
    assert searches.poll() is False and [s.name for s in searches.searches()] == ["April"]
    with pytest.raises(FileNotFoundError, match="the library's folder is gone"):
        searches.add("May", "date:2021-05")
    assert not lib.exists()


def _grow(log: Path, lines: int) -> None:
    """Append ``lines`` renames of the log's first search, as years of use
    would (each rename and query edit adds a line)."""
    first = json.loads(log.read_text(encoding="utf-8").splitlines()[0])
    last_t = max(json.loads(line)["t"] for line in log.read_text(encoding="utf-8").splitlines())
    with log.open("a", encoding="utf-8") as handle:
        for number in range(lines):
            change = {"t": last_t + number + 1, "dev": first["dev"], "id": first["id"]}
            handle.write(json.dumps({**change, "field": "name", "value": f"n{number}"}) + "\n")


def test_a_log_grown_past_what_is_read_is_compacted_and_its_searches_kept(tmp_path):
    # past 16 MB the own log was skipped ("too large"): every saved search
    # gone, and one saved then said "saved" and never appeared
    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    searches = device(lib, DEV_A, tmp_path / "data")
    kept = searches.add("kept", "tag:a")
    other = searches.add("other", "tag:b")
    log = lib / STATE_FOLDER / "searches" / f"{DEV_A}.jsonl"
    _grow(log, 170_000)
    assert log.stat().st_size > 16 * 2**20
    again = device(lib, DEV_A, tmp_path / "data")
    assert not [w for w in again.warnings if "too large" in w]
    names = {s.id: s.name for s in again.searches()}
    assert names == {kept.id: "n169999", other.id: "other"}
    assert log.stat().st_size < 4096
    again.add("new", "tag:c")
    assert {s.name for s in device(lib, DEV_A, tmp_path / "data").searches()} == {
        "n169999",
        "other",
        "new",
    }


def test_a_log_past_a_megabyte_is_compacted_as_it_is_written(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    searches = device(lib, DEV_A, tmp_path / "data")
    saved = searches.add("one", "tag:a")
    searches.delete(searches.add("gone", "tag:b").id)
    log = lib / STATE_FOLDER / "searches" / f"{DEV_A}.jsonl"
    _grow(log, 12_000)
    searches.poll()
    searches.rename(saved.id, "renamed")
    assert log.stat().st_size < 4096
    assert [s.name for s in device(lib, DEV_A, tmp_path / "data").searches()] == ["renamed"]


def test_a_log_compaction_cannot_shrink_is_not_rewritten_at_every_save(tmp_path):
    import uuid

    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    searches = device(lib, DEV_A, tmp_path / "data")
    first = searches.add("first", "tag:a")
    log = lib / STATE_FOLDER / "searches" / f"{DEV_A}.jsonl"
    t = max(json.loads(line)["t"] for line in log.read_text(encoding="utf-8").splitlines())
    with log.open("a", encoding="utf-8") as handle:
        for number in range(4000):  # as many searches, each saved once: nothing to drop
            key = uuid.uuid4().hex
            for field, value in (("created", 1.0), ("name", f"s{number}"), ("query", "x" * 200)):
                t += 1
                change = {"t": t, "dev": DEV_A, "id": key, "field": field, "value": value}
                handle.write(json.dumps(change) + "\n")
    assert log.stat().st_size > 2**20
    searches.poll()
    inode = log.stat().st_ino
    searches.rename(first.id, "renamed")
    assert log.stat().st_ino == inode  # appended to, not rewritten
    assert len(device(lib, DEV_A, tmp_path / "data").searches()) == 4001


def test_a_folder_in_place_of_this_devices_log_is_named_in_the_note(tmp_path):
    # the note said "the library folder cannot be written", which it can
    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    log = lib / STATE_FOLDER / "searches" / f"{DEV_A}.jsonl"
    log.mkdir(parents=True)
    searches = device(lib, DEV_A, tmp_path / "data")
    searches.add("Mine", "tag:x")
    note = searches.location_note
    assert note is not None
    assert note.startswith(f"{log.resolve()} cannot be written (it is a folder, not a regular")
    assert str(searches.private_folder) in note
    assert [s.name for s in device(lib, DEV_A, tmp_path / "data").searches()] == ["Mine"]
    assert log.is_dir() and not any(log.iterdir())


def test_a_name_written_with_its_accents_composed_or_not_is_one_name(tmp_path):
    # café (é) and café (e + accent) were both kept: two names alike on screen
    import unicodedata

    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    searches = device(lib, DEV_A, tmp_path / "data")
    searches.add(unicodedata.normalize("NFC", "café"), "x")
    with pytest.raises(SearchNameError) as refused:
        searches.add(unicodedata.normalize("NFD", "café"), "y")
    assert refused.value.reason == "taken"
    assert searches.find(unicodedata.normalize("NFD", "Café")) is not None


def test_a_search_renamed_meanwhile_is_not_renamed_or_deleted_by_its_old_name(tmp_path):
    # five `saved --rename s1 rN` at once: each found s1 before the others
    # wrote, three said they had renamed it, and only the last name stayed;
    # a delete racing a rename deleted the search just renamed
    data = tmp_path / "data"
    first = SavedSearches(tmp_path, device=DEV_A, data_dir=data)
    second = SavedSearches(tmp_path, device=DEV_A, data_dir=data)
    saved = first.add("s1", "tag:x")
    second.poll()
    found = second.named("s1")[0]  # (found before the other's rename)
    first.rename(saved.id, "r1", was="s1")
    with pytest.raises(SearchGoneError):
        second.rename(found.id, "r2", was="s1")
    with pytest.raises(SearchGoneError):
        second.delete(found.id, was="s1")
    assert [s.name for s in device(tmp_path, DEV_A, data).searches()] == ["r1"]


def test_a_search_whose_query_line_was_lost_is_not_a_search(tmp_path):
    # its query line cut short by a sync: it ran as the empty query, and
    # `list --saved` (or an export of it) took every article
    searches = device(tmp_path, DEV_A, tmp_path / "data")
    searches.add("Kept", "tag:x")
    log = searches.log_path
    with open(log, "ab") as handle:
        line = {"t": 5 << 20, "dev": DEV_A, "id": "abc", "field": "name", "value": "Finance"}
        handle.write(json.dumps(line).encode() + b"\n")
        handle.write(b'{"t": 5242881, "dev": "' + DEV_A.encode() + b'", "id": "abc", "fie\n')
    other = device(tmp_path, DEV_B, tmp_path / "data-b")
    assert [s.name for s in other.searches()] == ["Kept"]
    assert other.find("Finance") is None
    assert any(f"{log}:" in warning for warning in other.warnings), other.warnings
    # an empty query saved as one is a search (of every article)
    searches.add("Everything", "")
    assert other.poll() and [s.name for s in other.searches()] == ["Everything", "Kept"]


def test_a_newer_builds_search_fields_are_kept_by_a_compaction(tmp_path):
    # a field this build does not know (a newer build's, on this device) was
    # warned about at every open and dropped by the next compaction
    lib = tmp_path / "lib"
    write(lib, "a.md", article("A"))
    searches = device(lib, DEV_A, tmp_path / "data")
    saved = searches.add("one", "tag:a")
    log = lib / STATE_FOLDER / "searches" / f"{DEV_A}.jsonl"
    newer = (
        json.dumps(
            {"t": 10**15, "dev": DEV_A, "id": saved.id, "field": "pinned", "value": True},
            separators=(",", ":"),
        ).encode()
        + b"\n"
    )
    with open(log, "ab") as handle:
        handle.write(newer)
    again = device(lib, DEV_A, tmp_path / "data")
    assert again.warnings == []
    again.compact()
    again.compact()
    assert log.read_bytes().count(newer) == 1
    assert [s.name for s in device(lib, DEV_A, tmp_path / "data").searches()] == ["one"]
