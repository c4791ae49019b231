"""Bulk category and tag edits: plan, apply, undo; shapes and safety."""

from __future__ import annotations

import pytest

import reader.core.edit.bulk as bulk_module
from reader.core.article.codec import load_article
from reader.core.edit.bulk import rename_category_value, rename_tag_value
from reader.core.library.query import Query

from .libhelpers import article, write

# -- value transforms --------------------------------------------------------------


def test_category_string_stays_a_string():
    assert rename_category_value("证券时报网", ("证券时报网",), ("证券时报",)) == ("证券时报", True)
    assert rename_category_value("金融", ("金融",), ("财经", "金融")) == (["财经", "金融"], True)
    assert rename_category_value("其他", ("金融",), ("财经",)) == ("其他", False)


def test_category_flat_list_replaces_elements():
    value = ["金融", "证券时报网", "要闻"]
    assert rename_category_value(value, ("金融", "证券时报网"), ("金融", "证券时报")) == (
        ["金融", "证券时报", "要闻"],
        True,
    )
    assert rename_category_value(["金融", "银行"], ("金融", "银行"), ("财经", "银行")) == (
        ["财经", "银行"],
        True,
    )
    assert rename_category_value(["金融", "银行业"], ("金融", "银行"), ("财经",)) == (
        ["金融", "银行业"],
        False,
    )
    # only a prefix from the root counts
    assert rename_category_value(["金融", "银行"], ("银行",), ("x",))[1] is False


def test_category_list_of_lists_keeps_shape_and_merges():
    value = [["金融", "银行"], ["科技"], "财经"]
    new, changed = rename_category_value(value, ("金融", "银行"), ("财经", "银行"))
    assert changed and new == [["财经", "银行"], ["科技"], "财经"]
    new, changed = rename_category_value([["a", "b"], ["c", "b"]], ("a",), ("c",))
    assert changed and new == [["c", "b"]]  # merged with the existing path
    new, changed = rename_category_value([["a"], "b"], ("b",), ("x", "y"))
    assert new == [["a"], ["x", "y"]]


def test_tag_rename_and_merge():
    assert rename_tag_value("IPO", "IPO", "上市") == ("上市", True)
    assert rename_tag_value(["a", "IPO", "b"], "IPO", "上市") == (["a", "上市", "b"], True)
    assert rename_tag_value(["上市", "IPO"], "IPO", "上市") == (["上市"], True)
    assert rename_tag_value(["a"], "IPO", "上市") == (["a"], False)
    with pytest.raises(ValueError):
        rename_tag_value(["a"], "", "b")


# -- plan, apply, undo ---------------------------------------------------------------


@pytest.fixture
def lib(open_library, root):
    write(
        root,
        "flat.md",
        article("Flat", categories="\n - 金融\n - 证券时报网\n - 要闻", tags="[IPO, 上市]"),
    )
    write(root, "string.md", article("String", categories="金融", tags="IPO"))
    write(
        root,
        "nested.md",
        article("Nested", categories="\n  - [金融, 证券时报网]\n  - [科技]", tags="\n  - IPO"),
    )
    write(root, "other.md", article("Other", categories="[科技]"))
    return open_library()


def test_plan_is_a_dry_run_with_diffs(lib, root):
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    plan = lib.plan_category_rename("金融/证券时报网", "金融/证券时报")
    assert [item.path for item in plan.items] == ["flat.md", "nested.md"]
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before
    flat = plan.items[0]
    assert "\n- - 证券时报网\n+ - 证券时报\n" in flat.diff
    assert flat.diff.startswith("--- a/flat.md\n+++ b/flat.md\n")
    assert plan.diff().count("+++ ") == 2
    assert plan.description == "rename category 金融/证券时报网 → 金融/证券时报"


def test_apply_rewrites_only_the_category_lines_and_updates_the_index(lib, root):
    original = (root / "flat.md").read_text(encoding="utf-8")
    plan = lib.plan_category_rename("金融/证券时报网", "金融/证券时报")
    result = lib.apply(plan)
    assert sorted(result.changed) == ["flat.md", "nested.md"] and not result.skipped
    assert (root / "flat.md").read_text(encoding="utf-8") == original.replace(
        " - 证券时报网\n", " - 证券时报\n"
    )
    assert load_article(root / "nested.md").categories == [("金融", "证券时报"), ("科技",)]
    assert lib.count(Query(category=("金融", "证券时报网"))) == 0
    assert lib.count(Query(category=("金融", "证券时报"))) == 2
    assert lib.taxonomy().category(("金融",)).count == 3


def test_move_a_prefix_under_another_category(lib, root):
    lib.apply(lib.plan_category_rename("金融", "财经/金融"))
    assert load_article(root / "string.md").metadata["categories"] == ["财经", "金融"]
    assert load_article(root / "flat.md").categories == [("财经", "金融", "证券时报网", "要闻")]
    assert lib.taxonomy().category(("金融",)) is None


def test_undo_restores_bytes_exactly(lib, root):
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    result = lib.apply(lib.plan_tag_rename("IPO", "上市"))
    assert sorted(result.changed) == ["flat.md", "nested.md", "string.md"]
    assert load_article(root / "flat.md").tags == ["上市"]  # merged
    assert lib.count(Query(tag="IPO")) == 0
    assert lib.last_operation().description == "rename tag IPO → 上市"
    undo = lib.undo_last()
    assert sorted(undo.restored) == ["flat.md", "nested.md", "string.md"] and not undo.skipped
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before
    assert lib.count(Query(tag="IPO")) == 3
    assert lib.undo_last().description is None  # nothing left to undo


def test_undo_skips_files_changed_since(lib, root):
    lib.apply(lib.plan_tag_rename("IPO", "上市"))
    edited = article("Edited by hand", tags="[上市]")
    (root / "string.md").write_text(edited, encoding="utf-8")
    undo = lib.undo_last()
    assert undo.skipped == [("string.md", "changed since the edit; not restored")]
    assert sorted(undo.restored) == ["flat.md", "nested.md"]
    assert (root / "string.md").read_text(encoding="utf-8") == edited


def test_files_changed_after_planning_are_skipped(lib, root):
    plan = lib.plan_tag_rename("IPO", "上市")
    concurrent = article("Concurrent", tags="[IPO]")
    (root / "string.md").write_text(concurrent, encoding="utf-8")
    result = lib.apply(plan)
    assert result.skipped == [("string.md", "changed on disk since the plan was made")]
    assert (root / "string.md").read_text(encoding="utf-8") == concurrent
    assert sorted(result.changed) == ["flat.md", "nested.md"]


def test_file_changed_between_read_and_write_is_not_overwritten(lib, root, monkeypatch):
    real_save = bulk_module.save_article
    concurrent = article("Written meanwhile", tags="[IPO]")

    def racing_save(article_obj, new_raw):
        if article_obj.path.name == "nested.md":
            (root / "nested.md").write_text(concurrent, encoding="utf-8")
        return real_save(article_obj, new_raw)

    monkeypatch.setattr(bulk_module, "save_article", racing_save)
    result = lib.apply(lib.plan_tag_rename("IPO", "上市"))
    assert [path for path, _ in result.skipped] == ["nested.md"]
    assert "changed on disk" in result.skipped[0][1]
    assert (root / "nested.md").read_text(encoding="utf-8") == concurrent
    # the journal does not cover the skipped file: undo leaves it alone
    undo = lib.undo_last()
    assert sorted(undo.restored) == ["flat.md", "string.md"]
    assert (root / "nested.md").read_text(encoding="utf-8") == concurrent


def test_unparsable_files_are_skipped_and_reported(open_library, root):
    write(root, "good.md", article("Good", tags="[IPO]"))
    broken = b"---\ntitle: one\ntitle: two\ntags: [IPO]\n---\nbody\n"
    write(root, "broken.md", broken)
    lib = open_library()
    plan = lib.plan_tag_rename("IPO", "上市")
    assert [i.path for i in plan.items] == ["good.md"]
    assert plan.skipped[0][0] == "broken.md" and "line 3" in plan.skipped[0][1]
    lib.apply(plan)
    assert (root / "broken.md").read_bytes() == broken


def test_cancel_keeps_saved_files_consistent_and_undoable(lib, root):
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    plan = lib.plan_tag_rename("IPO", "上市")
    seen: list[str] = []
    result = lib.apply(plan, progress=lambda d, t, p: seen.append(p), cancel=lambda: len(seen) >= 1)
    assert result.cancelled and result.changed == ["flat.md"]
    assert load_article(root / "flat.md").tags == ["上市"]
    assert load_article(root / "nested.md").tags == ["IPO"]
    assert lib.undo_last().restored == ["flat.md"]
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before


def test_journal_survives_an_index_rebuild(lib, root, cache_dir):
    from reader.core.library.facade import Library

    before = (root / "string.md").read_bytes()
    lib.apply(lib.plan_tag_rename("IPO", "上市"))
    path = lib.index_path
    lib.close()
    path.write_bytes(b"garbage" * 1000)
    with Library.open(root, cache_dir=cache_dir) as again:
        assert again.rebuilt
        again.refresh()
        assert len(again.undo_last().restored) == 3
    assert (root / "string.md").read_bytes() == before


def test_empty_names_are_refused(lib):
    from reader.core.library.facade import LibraryError

    with pytest.raises(LibraryError):
        lib.plan_category_rename("金融", " / ")
    with pytest.raises(LibraryError):
        lib.plan_tag_rename("", "x")


# -- renaming onto the same name -----------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [("a", "a"), ("a", " a "), (" a", "a ")])
def test_renaming_a_tag_onto_itself_changes_nothing(old, new):
    # Merging "a" into "a" used to drop it from every article.
    for value in (["a", "b"], "a", [["a"], "c"], ["b", " a "]):
        assert rename_tag_value(value, old, new) == (value, False)


@pytest.mark.parametrize(
    ("old", "new"), [(("A",), ("A",)), (("A",), (" A ",)), (("A", "B"), ("A ", " B"))]
)
def test_renaming_a_category_onto_itself_changes_nothing(old, new):
    for value in (" A ", ["A", "B"], [[" A ", "B"], ["C"]], [" A ", "B"]):
        assert rename_category_value(value, old, new) == (value, False)


def test_names_differing_in_case_are_distinct():
    assert rename_tag_value(["a", "b"], "a", "A") == (["A", "b"], True)
    assert rename_category_value(["A", "B"], ("A",), ("a",)) == (["a", "B"], True)


def test_levels_a_rename_does_not_touch_keep_their_spelling():
    # Only the renamed level changes; " A " and the number 2021 stay as written.
    assert rename_category_value([" A ", "B"], ("A", "B"), ("A", "C")) == ([" A ", "C"], True)
    assert rename_category_value([2021, "news"], ("2021", "news"), ("2021", "old")) == (
        [2021, "old"],
        True,
    )
    assert rename_category_value([[2021, "news"], ["x"]], ("2021",), ("2021", "y")) == (
        [[2021, "y", "news"], ["x"]],
        True,
    )
    assert rename_category_value(["A", None, "B", "C"], ("A", "B"), ("A", "D")) == (
        ["A", None, "D", "C"],
        True,
    )


def test_a_plan_onto_the_same_name_reads_no_file(root):
    from reader.core.edit.bulk import plan_edit

    plan = plan_edit(str(root), "tag", ["IPO"], [" IPO "], ["missing.md"])
    assert plan.same_names and not plan.items and not plan.skipped
    assert plan.old == plan.new == ("IPO",)
    plan = plan_edit(str(root), "category", ["A", "B"], ["A ", " B"], ["missing.md"])
    assert plan.same_names and not plan.items and not plan.skipped
    with pytest.raises(ValueError):
        plan_edit(str(root), "tag", ["IPO"], ["  "], [])


@pytest.mark.parametrize(("kind", "new"), [("tag", ["a\nb"]), ("category", ["A", "b\tc"])])
def test_a_new_name_holding_a_control_character_is_refused(root, kind, new):
    # a line break went into every file renamed, a name no one could type back
    from reader.core.edit.bulk import plan_edit

    write(root, "a.md", "---\ntitle: A\ntags: [IPO]\ncategories: [A]\n---\nx\n")
    with pytest.raises(ValueError, match="must not hold control characters"):
        plan_edit(str(root), kind, ["IPO"] if kind == "tag" else ["A"], new, ["a.md"])
    # an old name holding one (a file written so by another program) may still be renamed
    write(root, "b.md", '---\ntitle: B\ntags: ["x\\ty"]\n---\nx\n')
    plan = plan_edit(str(root), "tag", ["x\ty"], ["xy"], ["b.md"])
    assert [item.path for item in plan.items] == ["b.md"]


def test_library_rename_onto_the_same_name_writes_nothing(lib, root):
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.iterdir()}
    for plan in (
        lib.plan_tag_rename("IPO", " IPO "),
        lib.plan_category_rename("金融/证券时报网", " 金融 / 证券时报网 "),
        lib.plan_category_rename(("金融",), (" 金融",)),
    ):
        assert plan.same_names and not plan.items
        assert lib.apply(plan).changed == []
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.iterdir()} == before
    assert lib.last_operation() is None


# -- lists keep their comments ---------------------------------------------------------


def test_a_tag_rename_keeps_comments_on_the_other_items(open_library, root):
    text = "---\ntitle: x\ntags:  # topics\n  - ab\n  - keep  # why\n---\nbody\n"
    write(root, "p.md", text)
    lib = open_library()
    result = lib.apply(lib.plan_tag_rename("ab", "zz"))
    assert result.changed == ["p.md"]
    assert (root / "p.md").read_text(encoding="utf-8") == text.replace("- ab", "- zz")
    lib.apply(lib.plan_tag_rename("zz", "keep"))  # merging removes only that item's line
    assert (root / "p.md").read_text(encoding="utf-8") == text.replace("  - ab\n", "")


def test_a_category_rename_keeps_the_rest_of_the_list_of_lists(open_library, root):
    text = "---\ncategories:\n  - [金融, '证券时报网']  # news\n  - [科技]  # tech\n---\nbody\n"
    write(root, "p.md", text)
    lib = open_library()
    lib.apply(lib.plan_category_rename("金融/证券时报网", "金融/证券时报"))
    assert (root / "p.md").read_text(encoding="utf-8") == text.replace("证券时报网", "证券时报")


# -- a slash inside a category name ------------------------------------------------------


def test_a_category_named_with_a_slash_is_its_own_category(open_library, root):
    write(root, "literal.md", article("Literal", categories="'A/B'"))
    write(root, "nested.md", article("Nested", categories="[A, B]"))
    lib = open_library()
    assert lib.count(Query(category=("A/B",))) == 1
    assert lib.count(Query(category=("A", "B"))) == 1
    plan = lib.plan_category_rename("A\\/B", "C")
    assert [item.path for item in plan.items] == ["literal.md"]
    assert plan.description == "rename category A\\/B → C"
    lib.apply(plan)
    assert load_article(root / "literal.md").categories == [("C",)]
    assert load_article(root / "nested.md").categories == [("A", "B")]
    lib.apply(lib.plan_category_rename("A/B", "D\\/E"))
    assert load_article(root / "nested.md").categories == [("D/E",)]


def test_undo_keeps_a_file_it_could_not_restore_undoable(open_library, root):
    from tests.core.libhelpers import write as write_file

    for name in ("a", "b", "c"):
        write_file(root, f"{name}.md", f"---\ntitle: {name}\ntags: [t1]\n---\nbody\n")
    originals = {p.name: p.read_bytes() for p in root.glob("*.md")}
    lib = open_library()
    lib.apply(lib.plan_tag_rename("t1", "t2"))
    (root / "b.md").chmod(0o444)
    try:
        first = lib.undo_last()
        assert [path for path, _ in first.failed] == ["b.md"]
    finally:
        (root / "b.md").chmod(0o644)
    second = lib.undo_last()
    assert second.restored == ["b.md"] and not second.failed
    assert {p.name: p.read_bytes() for p in root.glob("*.md")} == originals
    assert lib.last_operation() is None


def test_an_undo_waits_for_a_bulk_edit_in_progress(open_library, root):
    import threading

    from reader.core.article import storage
    from tests.core.libhelpers import write as write_file

    for number in range(3):
        write_file(root, f"p{number}.md", f"---\ntitle: p{number}\ntags: [t1]\n---\nbody\n")
    lib = open_library()
    inside, release = threading.Event(), threading.Event()

    def slow_progress(done: int, total: int, _path: str) -> None:
        inside.set()
        release.wait(60)

    editing = threading.Thread(
        target=lambda: lib.apply(lib.plan_tag_rename("t1", "t2"), progress=slow_progress)
    )
    editing.start()
    try:
        assert inside.wait(60)
        busy = pytest.raises(storage.LockTimeoutError, match="bulk edit or undo is running")
        with busy, storage.library_locked(root, timeout=0.2):
            pass  # pragma: no cover
    finally:
        release.set()
        editing.join(60)
    result = lib.undo_last()  # after the edit: undoes all of it
    assert len(result.restored) == 3


def test_a_journal_that_fills_up_mid_edit_stops_it_and_reports_what_changed(open_library, root):
    # The disk under the cache fills up (here the journal's own page limit,
    # SQLite's real "database or disk is full"): the files already written
    # stay written and undoable, the rest are reported as not changed, and
    # the result says so instead of an exception that loses what happened.
    for number in range(6):
        write(root, f"a{number}.md", article(f"A{number}", tags="[IPO]", body="x" * 5000 + "\n"))
    lib = open_library()
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    plan = lib.plan_tag_rename("IPO", "上市")
    conn = lib.journal._conn  # noqa: SLF001  (a page limit belongs to its connection)
    assert conn is not None
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 5}")
    result = lib.apply(plan)
    assert 0 < len(result.changed) < 6
    assert len(result.failed) == 6 - len(result.changed)
    assert all("undo journal" in reason for _, reason in result.failed)
    assert result.stopped is not None and "disk is full" in result.stopped
    for name in before:
        tags = load_article(root / name).tags
        assert tags == (["上市"] if name in result.changed else ["IPO"])
    conn.execute("PRAGMA max_page_count = 1073741823")  # room again
    undone = lib.undo_last()
    assert sorted(undone.restored) == sorted(result.changed) and not undone.failed
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before


def test_an_index_another_program_holds_does_not_lose_the_report_of_an_edit(lib, root, monkeypatch):
    # the files were written and journaled; the index, held elsewhere past the
    # wait, raised after them, and the command named none of the files
    import sqlite3

    from reader.core.library import index

    plan = lib.plan_tag_rename("IPO", "上市公司")
    holder = sqlite3.connect(lib.index_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(index, "LOCK_WAIT_SECONDS", 0.2)
    lib.close()  # (its connections were made with the longer wait)
    try:
        result = lib.apply(plan)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sorted(result.changed) == ["flat.md", "nested.md", "string.md"]
    assert "上市公司" in (root / "string.md").read_text(encoding="utf-8")
    lib.refresh()
    assert lib.count(Query(tag="上市公司")) == 3
