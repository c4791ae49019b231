"""The persistent index: location, rebuilds, incremental refresh, threads."""

from __future__ import annotations

import os
import sqlite3
import threading
import warnings
from pathlib import Path

import pytest

import reader.core.library.refresh as refresh_module
from reader.core.article.cache import library_cache_dir
from reader.core.library.facade import Library, LibraryError
from reader.core.library.index import SCHEMA_VERSION, IndexDB
from reader.core.library.query import Query

from .libhelpers import article, index_connection, write


def _bump(path, text: str) -> None:
    """Rewrite a file so that its size (and so the index's key) changes."""
    st = os.stat(path)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def parse_counter(monkeypatch):
    parsed: list[str] = []
    original = refresh_module.read_record

    def counting(root, rel, **kwargs):
        parsed.append(rel)
        return original(root, rel, **kwargs)

    monkeypatch.setattr(refresh_module, "read_record", counting)
    return parsed


def test_index_lives_in_the_cache_dir_keyed_by_the_resolved_root(root, cache_dir, tmp_path):
    write(root, "a.md", article("A"))
    with Library.open(root, cache_dir=cache_dir) as lib:
        assert lib.index_path.is_relative_to(cache_dir)
        assert lib.index_path.parent == library_cache_dir(root, cache_dir)
    os.symlink(root, tmp_path / "alias")
    assert library_cache_dir(tmp_path / "alias", cache_dir) == library_cache_dir(root, cache_dir)
    other = tmp_path / "other"
    other.mkdir()
    assert library_cache_dir(other, cache_dir) != library_cache_dir(root, cache_dir)


def test_environment_variable_sets_the_cache(root, tmp_path, monkeypatch):
    monkeypatch.setenv("ARTICLE_READER_CACHE_DIR", str(tmp_path / "env-cache"))
    with Library.open(root) as lib:
        assert lib.index_path.is_relative_to(tmp_path / "env-cache")
        assert lib.index_path.exists()


def test_wal_mode_and_schema_version(open_library, root):
    lib = open_library()
    conn = sqlite3.connect(lib.index_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_not_a_folder(tmp_path, cache_dir):
    with pytest.raises(LibraryError):
        Library.open(tmp_path / "missing", cache_dir=cache_dir)


def test_incremental_refresh_parses_only_changed_files(open_library, root, parse_counter):
    for name in "abcde":
        write(root, f"{name}.md", article(name.upper()))
    lib = open_library()
    assert sorted(parse_counter) == ["a.md", "b.md", "c.md", "d.md", "e.md"]
    assert lib.count() == 5

    parse_counter.clear()
    stats = lib.refresh()
    assert parse_counter == []
    assert (stats.unchanged, stats.parsed, stats.removed) == (5, 0, 0)

    _bump(root / "b.md", article("B changed"))
    (root / "c.md").unlink()
    write(root, "f.md", article("F"))
    stats = lib.refresh()
    assert sorted(parse_counter) == ["b.md", "f.md"]
    assert (stats.added, stats.updated, stats.removed, stats.unchanged) == (1, 1, 1, 3)
    assert sorted(s.path for s in lib.query()) == ["a.md", "b.md", "d.md", "e.md", "f.md"]
    assert lib.summary("b.md").title == "B changed"


def test_reopen_uses_the_stored_index(open_library, root, cache_dir, parse_counter):
    write(root, "a.md", article("A"))
    open_library().close()
    parse_counter.clear()
    with Library.open(root, cache_dir=cache_dir) as again:
        assert not again.rebuilt
        assert again.refresh().unchanged == 1
        assert parse_counter == []


def test_corrupt_index_is_rebuilt(open_library, root, cache_dir):
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    path = lib.index_path
    lib.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.unlink(f"{path}{suffix}")
    path.write_bytes(b"this is not a database at all" * 100)
    with Library.open(root, cache_dir=cache_dir) as again:
        assert again.rebuilt
        again.refresh()
        assert [s.title for s in again.query()] == ["Alpha"]


def test_corruption_found_later_is_repaired(open_library, root):
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    with index_connection(lib) as conn:  # simulate damage: a table vanishes
        conn.execute("DROP TABLE article_tags")
    assert [s.title for s in lib.query(Query(tag="x"))] == []
    assert [s.title for s in lib.query()] == ["Alpha"]


def test_older_schema_is_rebuilt(open_library, root, cache_dir):
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    path = lib.index_path
    lib.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    with Library.open(root, cache_dir=cache_dir) as again:
        assert again.rebuilt
        assert again.count() == 0
        again.refresh()
        assert again.count() == 1


@pytest.mark.parametrize("rules", ["1", None])
def test_an_index_made_under_older_reading_rules_is_read_again(
    open_library, root, cache_dir, rules
):
    """The codec's problems changed (a warning added): an index whose rows
    were read under the rules before gets every article read again."""
    write(root, "a.md", "---\ntitle: Alpha\nratio: 1e3\n---\nbody\n")
    lib = open_library()
    path = lib.index_path
    lib.close()
    conn = sqlite3.connect(path)
    if rules is None:  # an index from before the rules were kept
        conn.execute("DELETE FROM meta WHERE key='rules'")
    else:
        conn.execute("UPDATE meta SET value=? WHERE key='rules'", (rules,))
    conn.commit()
    conn.close()
    with Library.open(root, cache_dir=cache_dir) as again:
        assert again.rebuilt
        again.refresh()
        assert again.count() == 1
    with Library.open(root, cache_dir=cache_dir) as kept:
        assert not kept.rebuilt  # the rules now kept with it


def test_deleting_the_index_loses_nothing(open_library, root, cache_dir):
    write(root, "a.md", article("Alpha", categories="[x, y]", tags="[t]"))
    lib = open_library(fulltext=True)
    before = [s.as_dict() for s in lib.query()]
    path = lib.index_path
    lib.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.unlink(f"{path}{suffix}")
    with Library.open(root, cache_dir=cache_dir) as again:
        again.refresh()
        again.build_fulltext()
        assert [s.as_dict() for s in again.query()] == before
        assert [h.path for h in again.search("hello")] == ["a.md"]


def test_update_paths(open_library, root):
    write(root, "a.md", article("A"))
    write(root, "sub/b.md", article("B"))
    lib = open_library()
    _bump(root / "a.md", article("A2"))
    write(root, "sub/c.md", article("C"))
    write(root, "node_modules/x.md", article("X"))
    stats = lib.update_paths([root / "a.md", "sub/c.md", "node_modules/x.md", "/elsewhere/z.md"])
    assert (stats.updated, stats.added) == (1, 1)
    assert lib.summary("a.md").title == "A2"
    assert lib.summary("node_modules/x.md") is None
    (root / "sub" / "b.md").unlink()
    (root / "sub" / "c.md").unlink()
    (root / "sub").rmdir()
    assert lib.update_paths(["sub"]).removed == 2
    write(root, "new/d.md", article("D"))
    assert lib.update_paths([root / "new"]).added == 1
    assert sorted(s.path for s in lib.query()) == ["a.md", "new/d.md"]


def test_broken_files_are_listed_with_their_problems(open_library, root):
    write(root, "a.md", article("A"))
    folder = root / "dir.md"
    folder.mkdir()  # a folder named like an article is not one
    write(root, "bad.md", b"---\ntitle: [unclosed\n---\nbody\n")
    lib = open_library()
    assert sorted(s.path for s in lib.query()) == ["a.md", "bad.md"]
    bad = lib.summary("bad.md")
    assert bad.problem_count >= 1 and bad.has_errors
    assert bad.problems[0].severity == "error"
    assert bad.problems[0].line in (2, 3)
    assert "YAML" in bad.problems[0].message


def test_cancelled_refresh_keeps_finished_work(open_library, root):
    for i in range(30):
        write(root, f"{i:02d}.md", article(f"T{i}"))
    lib = open_library(refresh=False)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 10

    stats = lib.refresh(cancel=cancel)
    assert stats.cancelled
    assert 0 < lib.count() < 30
    assert not lib.refresh().cancelled
    assert lib.count() == 30


def test_parallel_refresh_gives_the_same_index(open_library, root, cache_dir, tmp_path):
    for i in range(12):
        write(root, f"{i:02d}.md", article(f"T{i}", categories="[a, b]", tags="[x]"))
    serial = open_library(refresh=False)
    serial.refresh(parallel=False)
    expected = [s.as_dict() for s in serial.query()]
    serial.close()
    with Library.open(root, cache_dir=tmp_path / "other-cache") as lib:
        stats = lib.refresh(parallel=True)
        assert stats.parallel and stats.added == 12
        assert [s.as_dict() for s in lib.query()] == expected


def test_usable_from_several_threads(open_library, root):
    for i in range(20):
        write(root, f"{i:02d}.md", article(f"T{i}"))
    lib = open_library(refresh=False)
    errors: list[BaseException] = []
    counts: list[int] = []

    def worker() -> None:
        try:
            lib.refresh()
            counts.append(len(lib.query()))
            lib.build_fulltext()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts == [20, 20, 20, 20]
    assert lib.count() == 20
    assert lib.fulltext_pending() == 0


def test_the_caller_says_how_worker_processes_start():
    import multiprocessing
    import threading

    from reader.core.common.apart import process_context as _mp_context

    methods = multiprocessing.get_all_start_methods()
    for start in ("spawn", "forkserver"):
        if start in methods:
            assert _mp_context(start).get_start_method() == start
    # Without a word from the caller: fork only while this is the only thread.
    started = threading.Event()
    stop = threading.Event()
    worker = threading.Thread(target=lambda: (started.set(), stop.wait(30)))
    worker.start()
    try:
        started.wait(30)
        assert _mp_context().get_start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        worker.join(30)


# -- staleness that the modification time does not show ------------------------------


def _same_size_edit_keeping_mtime(path, old: str, new: str) -> None:
    """What ``cp -p`` or ``rsync -t`` leave: other bytes, same size, old mtime."""
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    st = os.stat(path)
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    # The change time has a coarse clock: within one tick it may not move yet.
    while os.stat(path).st_ctime_ns == st.st_ctime_ns:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (
        st.st_mtime_ns,
        st.st_size,
        st.st_ino,
    )


def test_same_size_edit_with_the_mtime_put_back_is_seen(open_library, root, cache_dir):
    write(root, "a.md", article("Alpha", body="<p>original words</p>\n"))
    open_library(fulltext=True).close()
    _same_size_edit_keeping_mtime(root / "a.md", "Alpha", "Gamma")
    _same_size_edit_keeping_mtime(root / "a.md", "original", "walrusky")
    with Library.open(root, cache_dir=cache_dir) as again:
        stats = again.refresh()
        again.build_fulltext()
        assert (stats.updated, stats.unchanged) == (1, 0)
        assert [s.title for s in again.query()] == ["Gamma"]
        assert [h.path for h in again.search("walrusky")] == ["a.md"]
        assert again.search("original") == []


def test_replace_by_rename_with_the_same_mtime_and_size_is_seen(open_library, root):
    """``tar`` and editors that save through a new file: a new inode."""
    path = write(root, "a.md", article("Alpha"))
    lib = open_library()
    st = os.stat(path)
    fresh = root / ".a.md.new"
    fresh.write_text(article("Gamma"), encoding="utf-8")
    os.utime(fresh, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(fresh, path)
    assert os.stat(path).st_ino != st.st_ino
    assert lib.refresh().updated == 1
    assert [s.title for s in lib.query()] == ["Gamma"]


def test_a_different_inode_alone_counts_as_a_change(open_library, root):
    """Each of the four values is compared; the inode here in isolation."""
    from reader.core.library.index import IndexDB
    from reader.core.library.refresh import sync
    from reader.core.library.scan import scan

    write(root, "a.md", article("Alpha"))
    lib = open_library()
    db = IndexDB(lib.index_path, str(lib.root))
    try:
        on_disk = scan(root)
        assert sync(db, str(lib.root), on_disk, db.file_states()).unchanged == 1
        moved = {"a.md": on_disk["a.md"]._replace(inode=on_disk["a.md"].inode + 1)}
        assert sync(db, str(lib.root), moved, db.file_states()).updated == 1
        assert db.file_states()["a.md"][3] == on_disk["a.md"].inode + 1
    finally:
        db.close()


def test_an_index_from_before_ctime_and_inode_is_rebuilt(open_library, root, cache_dir):
    write(root, "a.md", article("Alpha", tags="[t]"))
    lib = open_library(fulltext=True)
    path = lib.index_path
    lib.close()
    conn = sqlite3.connect(path)  # turn it into a version 3 index
    conn.execute("ALTER TABLE articles DROP COLUMN ctime_ns")
    conn.execute("ALTER TABLE articles DROP COLUMN inode")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Library.open(root, cache_dir=cache_dir) as again:
        assert again.rebuilt
        assert again.refresh().added == 1
        again.build_fulltext()
        assert [s.title for s in again.query(Query(tag="t"))] == ["Alpha"]
        assert [h.path for h in again.search("hello")] == ["a.md"]


def test_deleted_between_scan_and_read_is_gone_not_unreadable(open_library, root):
    write(root, "a.md", article("Alpha"))
    write(root, "b.md", article("Beta"))
    lib = open_library(refresh=False)

    def delete_before_reading(done: int, total: int, _path: str) -> None:
        if done == 0:  # called once the files are listed, before any is read
            (root / "b.md").unlink()

    stats = lib.refresh(progress=delete_before_reading)
    assert stats.unreadable == []
    assert [s.path for s in lib.query()] == ["a.md"]
    # … and an indexed file deleted that way is dropped from the index.
    _bump(root / "a.md", article("Alpha, again"))

    def delete_a(done: int, total: int, _path: str) -> None:
        if done == 0:
            (root / "a.md").unlink()

    stats = lib.refresh(progress=delete_a)
    assert stats.unreadable == [] and stats.removed == 1
    assert lib.query() == []


# -- a cache folder that cannot be used ------------------------------------------------


def test_cache_dir_that_is_a_file_is_a_clear_error(root, tmp_path):
    from reader.core.library.facade import CacheError

    write(root, "a.md", article("Alpha"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(CacheError) as caught:
        Library.open(root, cache_dir=blocker)
    assert caught.value.path == str(blocker)
    assert str(caught.value).startswith(f"{blocker}: is not a folder")
    assert isinstance(caught.value, Exception) and blocker.read_text() == "x"


def test_cache_environment_variable_that_is_a_file(root, tmp_path, monkeypatch):
    from reader.core.library.facade import CacheError

    blocker = tmp_path / "env-file"
    blocker.write_text("x")
    monkeypatch.setenv("ARTICLE_READER_CACHE_DIR", str(blocker))
    with pytest.raises(CacheError, match="is not a folder"):
        Library.open(root)


def test_fallback_opens_a_temporary_index_that_refuses_bulk_edits(root, tmp_path):
    from reader.core.library.facade import CacheError

    write(root, "a.md", article("Alpha", tags="[t]"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    lib = Library.open(root, cache_dir=blocker, fallback=True)
    try:
        assert lib.temporary and str(blocker) in lib.warning
        assert "temporary index" in lib.warning
        assert lib.refresh().added == 1
        lib.build_fulltext()
        assert [s.title for s in lib.query()] == ["Alpha"]
        assert [h.path for h in lib.search("hello")] == ["a.md"]
        plan = lib.plan_tag_rename("t", "u")
        before = (root / "a.md").read_bytes()
        with pytest.raises(CacheError, match="undo journal"):
            lib.apply(plan)
        assert (root / "a.md").read_bytes() == before
        temporary = lib.cache_dir
        assert temporary.exists() and not temporary.is_relative_to(blocker)
    finally:
        lib.close()
    assert not temporary.exists()


def test_a_normal_cache_is_not_temporary(open_library):
    lib = open_library()
    assert not lib.temporary and lib.warning is None


def test_each_fulltext_table_runs_the_tables_side_by_side(open_library, root, monkeypatch):
    import reader.core.library.index as index_module
    from reader.core.library.fulltext_tables import FulltextTables

    monkeypatch.setattr(index_module, "_cores", lambda: 4)  # helper threads, even on one core
    write(root, "a.md", article("Heron"))
    lib = open_library(fulltext=True)
    db = IndexDB(lib.index_path, str(lib.root))
    caller = threading.get_ident()
    both = threading.Barrier(2, timeout=30)  # passes only if two tables run at once

    def work(conn, schema):
        assert conn is db.conn()  # each thread on its own connection
        if schema == "main":
            both.wait()
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        return schema, threading.get_ident(), count

    # "temp" is no full-text table a helper sees: it runs on the caller's thread
    done = db.each_fulltext_table(FulltextTables(("main", "main", "temp")), work)
    assert [schema for schema, _, _ in done] == ["main", "main", "temp"]
    assert {ident for _, ident, _ in done[:2]} - {caller}  # one of them on a helper
    assert done[2][1] == caller
    assert [count for _, _, count in done] == [1, 1, 1]

    def failing(conn, schema):
        if schema == "temp":
            raise ValueError(schema)
        return schema

    with pytest.raises(ValueError):
        db.each_fulltext_table(FulltextTables(("main", "temp")), failing)
    # one table, or one core: all on the caller's thread, no helper
    monkeypatch.setattr(index_module, "_cores", lambda: 1)
    one = db.each_fulltext_table(
        FulltextTables(("main", "main")), lambda c, s: threading.get_ident()
    )
    assert one == [caller, caller]
    db.close()


@pytest.fixture
def one_helper(open_library, root, monkeypatch):
    """An index whose full-text searches get one helper thread, and two
    tables for it to share (the index's own, twice)."""
    import reader.core.library.index as index_module
    from reader.core.library.fulltext_tables import FulltextTables

    monkeypatch.setattr(index_module, "_cores", lambda: 2)
    write(root, "a.md", article("Heron"))
    lib = open_library(fulltext=True)
    db = IndexDB(lib.index_path, str(lib.root))
    yield db, FulltextTables(("main", "main"))
    db.close()


def test_a_search_does_not_wait_for_helpers_busy_with_another(one_helper):
    # The helper threads are shared: with one helper held by a long search,
    # another search does its tables itself and returns, without waiting for
    # the helper to come to its (by then empty) share; and close() meanwhile
    # (which cancels what the helpers have not started) raises nothing new.
    db, tables = one_helper
    holding, release = threading.Event(), threading.Event()
    long_caller: list[int] = []

    def long_work(conn, schema):
        if threading.get_ident() != long_caller[0]:  # on the helper: hold it
            holding.set()
            assert release.wait(60)
        else:  # the caller leaves the other table to the helper
            assert holding.wait(60)
        return schema

    def long_search():
        long_caller.append(threading.get_ident())
        return db.each_fulltext_table(tables, long_work)

    first: list[object] = []
    long_thread = threading.Thread(target=lambda: first.append(long_search()))
    long_thread.start()
    try:
        assert holding.wait(30)
        second: list[object] = []

        def short_search():
            try:
                second.append(db.each_fulltext_table(tables, lambda c, s: s))
            except BaseException as exc:  # (reported below)
                second.append(exc)

        short_thread = threading.Thread(target=short_search)
        short_thread.start()
        short_thread.join(30)
        assert not short_thread.is_alive(), "waited for a helper busy elsewhere"
        assert second == [["main", "main"]]
    finally:
        release.set()
        long_thread.join(30)
    assert not long_thread.is_alive() and first == [["main", "main"]]


def test_close_while_a_search_waits_for_a_helper_does_not_hang(one_helper):
    # close() calls off what the helpers have not started; the search whose
    # part that was must not wait for it forever (no helper is left to run
    # it), and returns what it did itself.
    db, tables = one_helper
    holding, release, closed = threading.Event(), threading.Event(), threading.Event()
    entered = threading.Event()
    callers: dict[str, int] = {}

    def long_work(conn, schema):
        if threading.get_ident() != callers["long"]:
            holding.set()
            assert release.wait(60)
        else:
            assert holding.wait(60)
        return schema

    def queued_work(conn, schema):
        entered.set()  # its helper part was submitted before
        assert closed.wait(60)  # its helper part queued meanwhile, then called off
        return schema

    outcome: dict[str, object] = {}

    def run(name, work):
        callers[name] = threading.get_ident()
        try:
            outcome[name] = db.each_fulltext_table(tables, work)
        except BaseException as exc:  # (checked below)
            outcome[name] = exc

    long_thread = threading.Thread(target=run, args=("long", long_work))
    long_thread.start()
    assert holding.wait(30)
    queued_thread = threading.Thread(target=run, args=("queued", queued_work))
    queued_thread.start()
    try:
        assert entered.wait(30)
        db.close()
        closed.set()
        queued_thread.join(30)
        assert not queued_thread.is_alive(), "hung after close()"
        assert outcome["queued"] == ["main", "main"]
    finally:
        closed.set()
        release.set()
        long_thread.join(30)
    assert outcome["long"] == ["main", "main"]


def _search_in_forked_child(db, queue) -> None:
    from reader.core.library.search import search

    try:
        queue.put(
            (
                id(db.conn()),
                sorted(hit.path for hit in search(db, str(db.root), "heron", limit=10)),
            )
        )
    except BaseException as exc:  # (reported to the parent)
        queue.put(repr(exc))


@pytest.mark.skipif(os.name != "posix", reason="fork")
def test_a_forked_process_searches_on_connections_of_its_own(open_library, root, monkeypatch):
    # SQLite connections must not cross a fork: the child's main thread has
    # the forking thread's id, which named the parent's connection
    import multiprocessing

    import reader.core.library.index as index_module

    monkeypatch.setattr(index_module, "_cores", lambda: 4)  # helper threads too
    write(root, "a.md", article("Heron", body="heron body"))
    write(root, "b.md", article("Other"))
    lib = open_library(fulltext=True)
    db = IndexDB(lib.index_path, str(lib.root))
    parent = db.conn()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_search_in_forked_child, args=(db, queue))
    # another thread of the parent writes (holding the index's lock) as it
    # forks: the child has no such thread to let go of the lock
    holding, forked = threading.Event(), threading.Event()

    def hold() -> None:
        with db.write():
            holding.set()
            forked.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(30)
    try:
        with warnings.catch_warnings():  # (Python 3.12 warns of a fork with threads)
            warnings.simplefilter("ignore", DeprecationWarning)
            child.start()
    finally:
        forked.set()
        holder.join(30)
    try:
        outcome = queue.get(timeout=60)
    finally:
        child.join(60)
        if child.is_alive():
            child.kill()
    assert outcome == (outcome[0], ["a.md"]), outcome
    assert outcome[0] != id(parent)  # (the child's copy of the object is at the same address)
    assert db.conn() is parent  # the parent's own is untouched
    db.close()


@pytest.mark.parametrize("odd", [b"caf\xe9", b"a?b=1#c", b"100%20", b"new\nline"])
def test_a_cache_folder_with_an_odd_name_holds_a_complete_index(root, tmp_path, odd):
    # A name that is not UTF-8 (a Latin-1 home folder), or that means
    # something in a URI: the full-text shards attach and searches run.
    cache = os.fsdecode(os.path.join(os.fsencode(tmp_path), odd))
    for number in range(3):
        write(root, f"a{number}.md", article(f"Alpha {number}", body=f"needle{number} hay\n"))
    with Library.open(root, cache_dir=cache) as lib:
        lib.refresh(fulltext=True)
        lib.build_fulltext()
        assert lib.count() == 3
        assert [hit.path for hit in lib.search("needle1")] == ["a1.md"]
    with Library.open(root, cache_dir=cache) as again:
        again.refresh()
        assert again.count() == 3 and len(again.search("hay")) == 3


def test_a_library_folder_whose_name_is_not_utf8_is_indexed_and_reopened(tmp_path, cache_dir):
    root = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9-library"))
    os.mkdir(root)
    write(Path(root), "a.md", article("Alpha", tags="[x]", body="needle\n"))
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh(fulltext=True)
        assert lib.count() == 1 and [hit.path for hit in lib.search("needle")] == ["a.md"]
    with Library.open(root, cache_dir=cache_dir) as again:
        assert not again.rebuilt  # the same index: its root reads back as recorded
        stats = again.refresh()
        assert stats.parsed == 0 and again.count() == 1


def _damage_title(lib: Library, path: str) -> None:
    """A title of bytes that are not UTF-8, as a damaged disk leaves it:
    Python's sqlite3 cannot read the row (the index never writes one)."""
    with index_connection(lib) as conn:
        conn.execute("UPDATE articles SET title=CAST(x'41ff42' AS TEXT) WHERE path=?", (path,))


def test_a_row_damaged_in_the_index_is_rebuilt_before_a_listing_starts(open_library, root):
    write(root, "a.md", article("Alpha"))
    write(root, "b.md", article("Beta"))
    lib = open_library()
    for listed in (
        lambda: [s.title for s in lib.iter_query()],
        lambda: [line.split("  ")[1] for line in lib.iter_query_lines()],
        lambda: [s.title for s in lib.query()],
    ):
        _damage_title(lib, "b.md")
        assert sorted(listed()) == ["Alpha", "Beta"]


def test_damage_found_after_rows_were_given_is_said_and_repaired(open_library, root, monkeypatch):
    # the rows given are not taken back: the listing stops with an error
    # rather than pass for the whole, and the index is whole again after it
    import reader.core.library.facade as facade
    from reader.core.article.cache import IndexDamagedError

    monkeypatch.setattr(facade, "_STREAM_PAGE", 1)
    for name in ("a", "b", "c"):
        write(root, f"{name}.md", article(name.upper()))
    lib = open_library()
    last = [s.path for s in lib.iter_query()][-1]
    _damage_title(lib, last)
    given = []
    with pytest.raises(IndexDamagedError, match="rebuilt; run the command again"):
        given.extend(s.title for s in lib.iter_query())
    assert len(given) == 2
    assert sorted(s.title for s in lib.iter_query()) == ["A", "B", "C"]


def test_a_file_away_for_a_moment_as_it_is_read_is_read_again(open_library, root, monkeypatch):
    # an editor that saves by moving the file aside and writing a new one
    # (vim, a git checkout): the read fell in the moment with no file, and
    # the article was reported "no such file" and taken out of the index
    write(root, "a.md", article("Alpha"))
    write(root, "b.md", article("Beta"))
    lib = open_library()
    _bump(root / "b.md", article("Beta again"))
    original = refresh_module.read_record
    calls: list[str] = []

    def away_for_the_first_read(folder, rel, **kwargs):
        calls.append(rel)
        if calls.count(rel) > 1:
            return original(folder, rel, **kwargs)
        os.rename(root / rel, root / f"{rel}~")
        try:
            return original(folder, rel, **kwargs)
        finally:
            os.rename(root / f"{rel}~", root / rel)

    monkeypatch.setattr(refresh_module, "read_record", away_for_the_first_read)
    stats = lib.refresh()
    assert (stats.unreadable, stats.removed, calls) == ([], 0, ["b.md", "b.md"])
    assert sorted(s.title for s in lib.query()) == ["Alpha", "Beta again"]


def test_an_article_replaced_by_a_fifo_is_said_as_a_full_scan_says_it(open_library, root):
    # the file watcher's update dropped it from the list without a word,
    # where a refresh named it under Problems
    from reader.core.library.records import PathProblem

    write(root, "a.md", article("Alpha"))
    write(root, "b.md", article("Beta"))
    lib = open_library()
    (root / "b.md").unlink()
    os.mkfifo(root / "b.md")
    stats = lib.update_paths(["b.md"])
    fifo = PathProblem("b.md", "not read: a FIFO (named pipe), not a regular file")
    assert (stats.removed, stats.unreadable, lib.unreadable()) == (1, [fifo], [fifo])
    assert [s.title for s in lib.query()] == ["Alpha"]
    assert lib.refresh().unreadable == [fifo]
    (root / "b.md").unlink()
    write(root, "b.md", article("Beta"))
    lib.update_paths(["b.md"])
    assert lib.unreadable() == []


def test_a_search_that_meets_damage_finds_what_it_found_before(open_library, root):
    # the index rebuilt without its full text: the search run again on it
    # found nothing, without a word
    for n in range(5):
        write(root, f"a{n}.md", article(f"Kettle {n}", body=f"<p>boiling kettle {n}</p>\n"))
    lib = open_library()
    lib.build_fulltext()
    before = sorted(hit.path for hit in lib.search("kettle"))
    assert len(before) == 5
    _damage_title(lib, "a3.md")
    assert sorted(hit.path for hit in lib.search("kettle")) == before
    assert lib.fulltext_pending() == 0
