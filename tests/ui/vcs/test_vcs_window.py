"""The window on a library in git and beside sync tools: status marks and
groups, history with diffs and restore, the commit dialog, pull and push,
the conflict view; and everything still working without git."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from reader.core.library.conflicts import open_conflict
from reader.ui.form import dialogs
from tests.gitrepo import commit_all, git, init_repo, needs_git

HANG_GUARD_MS = 20000


def post(title: str, body: str = "Body line.\n", tags: str = "[a]") -> bytes:
    return f"---\ntitle: {title}\ntags: {tags}\ndate: 2024-01-02 10:00:00\n---\n{body}".encode()


@pytest.fixture
def repo_library(tmp_path, git_env):
    top = init_repo(tmp_path / "blog")
    (top / "a.md").write_bytes(post("Alpha"))
    (top / "b.md").write_bytes(post("Beta"))
    (top / "c.md").write_bytes(post("Gamma"))
    commit_all(top, "first", "2024-01-01T09:00:00+08:00")
    (top / "a.md").write_bytes(post("Alpha v2", "Body line.\nSecond line.\n"))
    commit_all(top, "second", "2024-02-01T09:00:00+08:00")
    (top / "b.md").write_bytes(post("Beta edited"))
    (top / "new.md").write_bytes(post("Brand new"))
    return top


@pytest.fixture
def home_trash(tmp_path, monkeypatch):
    """The system trash in a folder of the test's own."""
    import send2trash.plat_other as plat

    data = tmp_path / "home" / ".local" / "share"
    data.mkdir(parents=True)
    monkeypatch.setattr(plat, "HOMETRASH_B", bytes(data / "Trash"))
    monkeypatch.setattr(plat, "HOMETRASH", str(data / "Trash"))
    return data / "Trash"


def open_window(qtbot, window, folder):
    with qtbot.waitSignal(window.vcs.status_changed, timeout=HANG_GUARD_MS):
        window.open_library(str(folder))
    qtbot.waitUntil(lambda: window.list_model.rowCount() > 0, timeout=HANG_GUARD_MS)
    return window


def titles(window) -> list[str]:
    model = window.list_model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def group(window, kind):
    model = window.nav_model
    for row in range(model.rowCount()):
        node = model.node(model.index(row, 0))
        if node.kind == kind:
            return model.index(row, 0)
    return None


@needs_git
def test_status_marks_and_the_changed_group(qtbot, window, repo_library):
    open_window(qtbot, window, repo_library)
    assert window.vcs.changes == {"b.md": "modified", "new.md": "untracked"}
    shown = titles(window)
    assert "M Beta edited" in shown and "U Brand new" in shown and "Alpha v2" in shown
    index = group(window, "changed")
    assert index is not None
    assert window.nav_model.data(index.siblingAtColumn(1)) == "2"
    window.tree.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=HANG_GUARD_MS)
    assert sorted(titles(window)) == ["M Beta edited", "U Brand new"]


@needs_git
def test_history_diffs_and_restore_with_undo(qtbot, window, repo_library, monkeypatch):
    from reader.ui.vcs.history import HistoryDialog

    open_window(qtbot, window, repo_library)
    dialog = HistoryDialog(window, window.vcs, window.vcs.repo, "a.md")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 2, timeout=HANG_GUARD_MS)
    item = dialog.list.topLevelItem(1)
    assert item.text(1) == "Ann Author" and item.text(2) == "first"
    dialog.list.setCurrentItem(item)
    assert "-title: Alpha v2\n+title: Alpha\n" in dialog.front.toPlainText()
    assert "-Second line." in dialog.body.toPlainText()
    dialog.compare.setCurrentIndex(1)  # what "second" changed
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
    assert "+title: Alpha v2" in dialog.front.toPlainText()
    dialog.list.setCurrentItem(item)
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    with qtbot.waitSignal(dialog.accepted, timeout=HANG_GUARD_MS):
        dialog.restore_button.click()
    assert len(asked) == 1 and asked[0].startswith("Replace the current text of a.md")
    assert (repo_library / "a.md").read_bytes() == post("Alpha")
    qtbot.waitUntil(lambda: "M Alpha" in titles(window), timeout=HANG_GUARD_MS)
    result = window.library.undo_last()
    assert result.restored == ["a.md"]
    assert (repo_library / "a.md").read_bytes() == post("Alpha v2", "Body line.\nSecond line.\n")


@needs_git
def test_commit_dialog_preticks_what_the_app_edited_and_suggests_a_message(
    qtbot, window, repo_library
):
    from reader.ui.vcs.commit import CommitDialog

    open_window(qtbot, window, repo_library)

    class EditLog:
        def edited_paths(self):
            return ["b.md"]

    window.vcs.edit_log = EditLog()
    operations = [("rename tag a → 甲", {"b.md", "c.md"})]
    dialog = CommitDialog(window, window.vcs.changes, {"b.md"}, operations)
    qtbot.addWidget(dialog)
    assert dialog.chosen() == ["b.md"]
    assert dialog.message() == "Rename tag a → 甲 in 1 article"
    dialog.files.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen() == ["b.md", "new.md"]
    assert dialog.message().startswith("Rename tag a → 甲 in 1 article")
    dialog.message_edit.setPlainText("My own words")
    dialog.files.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.message() == "My own words"  # typed text is never replaced
    with qtbot.waitSignal(window.vcs.status_changed, timeout=HANG_GUARD_MS):
        window.vcs.run_commit(window.vcs.repo, dialog.chosen(), dialog.message())
    assert git(repo_library, "log", "-1", "--format=%s").strip() == "My own words"
    assert git(repo_library, "show", "--name-only", "--format=", "HEAD").split() == ["b.md"]
    assert window.vcs.changes == {"new.md": "untracked"}


@needs_git
def test_a_failed_commit_offers_its_message_again_as_typed(
    qtbot, window, repo_library, monkeypatch
):
    # (git attack) a pre-commit hook that refused the commit: the next Commit
    # showed an empty message, the typed one gone; and a no-break space in
    # a message was committed as a plain space
    from reader.ui.form import dialogs
    from reader.ui.vcs.commit import CommitDialog

    open_window(qtbot, window, repo_library)
    hook = repo_library / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint: no' >&2\nexit 1\n")
    hook.chmod(0o755)
    errors = []
    monkeypatch.setattr(window.vcs, "show_error", lambda title, exc: errors.append(str(exc)))
    opened = []
    monkeypatch.setattr(CommitDialog, "open", lambda self: opened.append(self))
    monkeypatch.setattr(dialogs, "inform", lambda *a: pytest.fail("there are changes"))
    typed = "Fix\u00a0the tea note\n\nWith a second paragraph."
    window.vcs.commit()
    opened[-1].message_edit.setPlainText(typed)
    assert opened[-1].message() == typed
    window.vcs.run_commit(window.vcs.repo, ["b.md", "new.md"], opened[-1].message())
    qtbot.waitUntil(lambda: bool(errors), timeout=HANG_GUARD_MS)
    window.vcs.commit()
    assert opened[-1].message() == typed  # offered again, not a suggestion
    assert opened[-1].chosen() == ["b.md", "new.md"]  # (window attack: as they were ticked)
    hook.unlink()
    with qtbot.waitSignal(window.vcs.status_changed, timeout=HANG_GUARD_MS):
        window.vcs.run_commit(window.vcs.repo, ["b.md"], opened[-1].message())
    assert git(repo_library, "log", "-1", "--format=%B").strip() == typed
    window.vcs.commit()
    assert opened[-1].message() != typed  # (committed: suggested again)
    # (review) Shift+Enter puts U+2028 in the editor: a line break for git
    box = opened[-1].message_edit
    box.clear()
    qtbot.keyClicks(box, "Fix typo")
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(box, "More details")
    assert opened[-1].message() == "Fix typo\nMore details"


@needs_git
def test_the_history_of_an_article_in_a_submodule_is_the_submodules(
    qtbot, window, tmp_path, git_env, monkeypatch
):
    # (git attack) the window asked the library's work tree: "This article
    # has no committed versions yet" (`article-reader history` listed them)
    from reader.ui.vcs.history import HistoryDialog

    sub = init_repo(tmp_path / "notes")
    (sub / "s.md").write_bytes(post("First"))
    commit_all(sub, "one", "2024-01-01T09:00:00+00:00")
    (sub / "s.md").write_bytes(post("Second"))
    commit_all(sub, "two", "2024-02-01T09:00:00+00:00")
    top = init_repo(tmp_path / "blog")
    (top / "a.md").write_bytes(post("Alpha"))
    git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "sub")
    commit_all(top, "with the submodule")
    opened = []
    monkeypatch.setattr(HistoryDialog, "open", lambda self: opened.append(self))
    open_window(qtbot, window, top)
    with qtbot.waitSignal(window.article_shown, timeout=HANG_GUARD_MS):
        window.show_article("sub/s.md")
    window.vcs.show_history()
    [dialog] = opened
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 2, timeout=HANG_GUARD_MS)
    assert [dialog.list.topLevelItem(i).text(2) for i in range(2)] == ["two", "one"]


@needs_git
def test_pull_changes_the_open_article_and_push_errors_are_verbatim(
    qtbot, window, tmp_path, repo_library, monkeypatch
):
    commit_all(repo_library, "all")
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo_library), str(remote))
    git(repo_library, "remote", "add", "origin", str(remote))
    git(repo_library, "fetch", "-q", "origin")
    git(repo_library, "branch", "-q", "--set-upstream-to=origin/main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "c.md").write_bytes(post("Gamma from the other laptop"))
    commit_all(other, "elsewhere")
    git(other, "push", "-q")
    open_window(qtbot, window, repo_library)
    with qtbot.waitSignal(window.article_shown, timeout=HANG_GUARD_MS):
        window.show_article("c.md")
    window.vcs.pull()
    qtbot.waitUntil(
        lambda: "Gamma from the other laptop" in window.reader.browser.toPlainText(),
        timeout=HANG_GUARD_MS,
    )
    assert window.library.summary("c.md").title == "Gamma from the other laptop"
    shown = []
    monkeypatch.setattr(window.vcs, "show_error", lambda title, exc: shown.append(exc.message))
    git(repo_library, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    window.vcs.push()
    qtbot.waitUntil(lambda: bool(shown), timeout=HANG_GUARD_MS)
    assert "gone.git" in shown[0]


def test_sync_copy_grouped_and_resolved_in_the_conflict_view(
    qtbot, window, tmp_path, monkeypatch, home_trash
):
    folder = tmp_path / "synced"
    folder.mkdir()
    (folder / "p.md").write_bytes(post("Mine", "Shared.\nMine only.\n"))
    copy = "p (Ann's conflicted copy 2024-01-02).md"
    (folder / copy).write_bytes(post("Theirs", "Shared.\nTheirs only.\n", tags="[a, b]"))
    open_window(qtbot, window, folder)
    assert titles(window) == ["⇄ Mine"]
    assert window.vcs.repo is None and "not inside a git work tree" in window.vcs.unavailable
    assert group(window, "conflicts") is not None
    from reader.ui.vcs.conflict import ConflictDialog

    case = open_conflict(window.library, "p.md", copy)
    dialog = ConflictDialog(window, window.vcs, case)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()  # title and tags wait for a choice
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert keys == ["title", "tags"]
    dialog.take(0, 3)  # theirs
    dialog.table.item(1, 4).setText("[a, b, c]")  # typed
    window.tree.setCurrentIndex(group(window, "conflicts"))
    qtbot.waitUntil(lambda: titles(window) == ["⇄ Mine"], timeout=HANG_GUARD_MS)
    assert "1 conflicting stretch" in dialog.body_label.text()
    dialog.body.setPlainText("Shared.\nBoth.\n")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=HANG_GUARD_MS):
        dialog.save_button.click()
    assert (folder / "p.md").read_bytes() == post("Theirs", "Shared.\nBoth.\n", tags="[a, b, c]")
    assert not (folder / copy).exists()
    qtbot.waitUntil(lambda: not window.vcs.conflicts, timeout=HANG_GUARD_MS)
    assert group(window, "conflicts") is None
    assert window.nav_model.node(window.tree.currentIndex()).key == ("all",)


def test_without_git_the_window_works_and_says_so(qtbot, window, tmp_path, no_git, monkeypatch):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "p.md").write_bytes(post("Plain"))
    open_window(qtbot, window, folder)
    assert titles(window) == ["Plain"]
    assert "git is not installed" in window.vcs.unavailable
    assert group(window, "changed") is None
    said = []
    monkeypatch.setattr(dialogs, "inform", lambda *args, **kw: said.append(args[2]))
    window.vcs.commit()
    window.vcs.pull()
    assert len(said) == 2 and all("git is not installed" in text for text in said)


@needs_git
def test_git_merge_conflict_in_front_matter_resolved_in_the_view(qtbot, window, tmp_path, git_env):
    top = init_repo(tmp_path / "merged")
    base = post("Base", tags="[a]")
    (top / "p.md").write_bytes(base)
    commit_all(top, "base")
    git(top, "checkout", "-q", "-b", "laptop")
    (top / "p.md").write_bytes(post("Laptop", tags="[a]", body="Body line.\nFrom the laptop.\n"))
    commit_all(top, "laptop")
    git(top, "checkout", "-q", "main")
    (top / "p.md").write_bytes(post("Desktop", tags="[a, b]"))
    commit_all(top, "desktop")
    git(top, "merge", "-q", "laptop", check=False)
    open_window(qtbot, window, top)
    assert [c.kind for c in window.vcs.conflicts] == ["git"]
    assert window.vcs.changes == {"p.md": "conflicted"}
    assert titles(window)[0].startswith("C ⇄ ⚠ ")  # in conflict, and an error
    from reader.ui.vcs.conflict import ConflictDialog

    case = open_conflict(window.library, "p.md", None, window.vcs.repo)
    dialog = ConflictDialog(window, window.vcs, case)
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    assert set(rows) == {"title", "tags"}
    assert dialog.table.item(rows["tags"], 4).text() == "[a, b]"  # only ours changed it
    assert dialog.unresolved_keys() == ["title"]
    assert "Body: merged." in dialog.body_label.text()
    dialog.take(rows["title"], 3)
    with qtbot.waitSignal(dialog.accepted, timeout=HANG_GUARD_MS):
        dialog.save_button.click()
    assert (top / "p.md").read_bytes() == post(
        "Laptop", tags="[a, b]", body="Body line.\nFrom the laptop.\n"
    )


def test_conflict_view_keeps_crlf_line_ends_of_the_body(
    qtbot, window, tmp_path, monkeypatch, home_trash
):
    folder = tmp_path / "crlf"
    folder.mkdir()
    mine = b"---\r\ntitle: T\r\n---\r\nOne.\r\nMine.\r\n"
    (folder / "p.md").write_bytes(mine)
    copy = "p.sync-conflict-20240102-030405-ABCDEFG.md"
    (folder / copy).write_bytes(mine.replace(b"Mine.", b"Theirs."))
    open_window(qtbot, window, folder)
    from reader.ui.vcs.conflict import ConflictDialog

    dialog = ConflictDialog(window, window.vcs, open_conflict(window.library, "p.md", copy))
    qtbot.addWidget(dialog)
    dialog.set_body(case_body := dialog.case.plan.body.pick("theirs"))
    assert dialog.body_text() == case_body == "One.\r\nTheirs.\r\n"
    dialog.body.setPlainText("One.\nTyped.\n")
    assert dialog.body_text() == "One.\r\nTyped.\r\n"
    with qtbot.waitSignal(dialog.accepted, timeout=HANG_GUARD_MS):
        dialog.save_button.click()
    assert (folder / "p.md").read_bytes() == b"---\r\ntitle: T\r\n---\r\nOne.\r\nTyped.\r\n"


def test_an_edit_in_the_conflict_view_changes_only_what_was_typed(
    qtbot, window, tmp_path, monkeypatch, home_trash
):
    # (git attack) the editor's own text turned every no-break space of the
    # body into a space, U+2028 into a line break, and mixed line ends into
    # CRLF throughout, once anything was typed
    folder = tmp_path / "nbsp"
    folder.mkdir()
    body = "Price:\u00a0100\u00a0€ per cup.\nA\u2028B\r\nLine two MINE.\n"
    (folder / "tea.md").write_bytes(("---\ntitle: Tea\n---\n" + body).encode())
    copy = "tea.sync-conflict-20240102-030405-ABCDEFG.md"
    (folder / copy).write_bytes(
        ("---\ntitle: Tea\n---\n" + body.replace("MINE", "THEIRS")).encode()
    )
    open_window(qtbot, window, folder)
    from reader.ui.vcs.conflict import ConflictDialog

    dialog = ConflictDialog(window, window.vcs, open_conflict(window.library, "tea.md", copy))
    qtbot.addWidget(dialog)
    typed = dialog.body.document().toRawText().replace("\u2029", "\n")
    start = typed.index("<<<<<<<")
    typed = typed[:start] + "Line two BOTH.\n"
    assert not dialog.body.isReadOnly()
    dialog.body.setPlainText(typed)
    assert dialog.body_text() == body.replace("MINE", "BOTH")
    with qtbot.waitSignal(dialog.accepted, timeout=HANG_GUARD_MS):
        dialog.save_button.click()
    saved = (folder / "tea.md").read_bytes().decode()
    assert saved == "---\ntitle: Tea\n---\n" + body.replace("MINE", "BOTH")


@needs_git
def test_groups_coming_and_going_keep_the_selected_group(qtbot, window, repo_library):
    open_window(qtbot, window, repo_library)
    tags = window.nav_model.find(("tags",))
    window.tree.expand(tags)
    window.tree.setCurrentIndex(tags)
    copy = "a.sync-conflict-20240102-030405-ABCDEFG.md"
    (repo_library / copy).write_bytes(post("Alpha elsewhere"))
    with qtbot.waitSignal(window.vcs.status_changed, timeout=HANG_GUARD_MS):
        window.library.update_paths([copy])
        window.vcs.update_status()
    assert group(window, "conflicts") is not None
    assert window.nav_model.node(window.tree.currentIndex()).key == ("tags",)
    assert window.tree.isExpanded(window.nav_model.find(("tags",)))


@needs_git
def test_a_commit_hook_that_hangs_never_holds_the_window(qtbot, window, repo_library):
    open_window(qtbot, window, repo_library)
    started = repo_library.parent / "hook-started"
    hook = repo_library / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ntouch '{started}'\nsleep 300\n")  # waits for a passphrase
    hook.chmod(0o755)
    window.vcs.run_commit(window.vcs.repo, ["b.md"], "never finishes")
    qtbot.waitUntil(started.exists, timeout=HANG_GUARD_MS)
    assert window.session.busy  # the window is free meanwhile: the commit runs on a worker
    window.session.close()  # what closing the window or opening another library does
    qtbot.waitUntil(lambda: not window.session.busy, timeout=HANG_GUARD_MS)
    assert git(repo_library, "log", "-1", "--format=%s").strip() == "second"
    assert not (repo_library / ".git" / "index.lock").exists()  # git let go of its lock


@needs_git
def test_search_within_the_changed_group_then_esc(qtbot, window, repo_library):
    open_window(qtbot, window, repo_library)
    window.tree.setCurrentIndex(group(window, "changed"))
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=HANG_GUARD_MS)
    assert "Changed since last commit" in window.search_field.placeholderText()
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "Alpha")  # only in a committed, unchanged article
    qtbot.waitUntil(lambda: window.list_pane.search is not None, timeout=HANG_GUARD_MS)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 0, timeout=HANG_GUARD_MS)
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, "Beta")
    qtbot.waitUntil(lambda: titles(window) == ["M Beta edited"], timeout=HANG_GUARD_MS)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.list_pane.search is None, timeout=HANG_GUARD_MS)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=HANG_GUARD_MS)
    assert window.search_field.text() == ""


@needs_git
def test_the_changed_group_counts_what_it_lists(qtbot, window, repo_library):
    (repo_library / "c.md").unlink()  # deleted since the last commit
    open_window(qtbot, window, repo_library)
    assert window.vcs.changes["c.md"] == "deleted"  # the commit dialog offers the deletion
    index = group(window, "changed")
    assert window.nav_model.data(index.siblingAtColumn(1)) == "2"
    window.tree.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=HANG_GUARD_MS)


@needs_git
def test_the_git_dialogs_fit_the_screen(qtbot, window, repo_library):
    from reader.ui.vcs.commit import CommitDialog
    from reader.ui.vcs.conflict import ConflictDialog
    from reader.ui.vcs.history import HistoryDialog

    copy = "b.sync-conflict-20240102-030405-ABCDEFG.md"
    (repo_library / copy).write_bytes(post("Beta from the phone"))
    open_window(qtbot, window, repo_library)
    area = window.screen().availableGeometry()
    case = open_conflict(window.library, "b.md", copy)
    dialogs = [
        HistoryDialog(window, window.vcs, window.vcs.repo, "a.md"),
        CommitDialog(window, window.vcs.changes, set(), []),
        ConflictDialog(window, window.vcs, case),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        # room for a title bar: the buttons at the bottom stay on the screen
        assert dialog.width() <= area.width() and dialog.height() + 36 <= area.height()


@needs_git
def test_history_shows_a_hostile_author_and_subject_on_one_safe_line(
    qtbot, window, tmp_path, git_env
):
    from reader.ui.vcs.history import HistoryDialog

    top = init_repo(tmp_path / "blog")
    (top / "a.md").write_bytes(post("Alpha"))
    git(top, "add", "-A")
    git(
        top,
        "commit",
        "-q",
        "--author=Ann \u202eliveE <ann@example.org>",
        "-m",
        "fix \x1b[31mred\u202e txt.exe",
    )
    open_window(qtbot, window, top)
    dialog = HistoryDialog(window, window.vcs, window.vcs.repo, "a.md")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=HANG_GUARD_MS)
    item = dialog.list.topLevelItem(0)
    assert item.text(1) == "Ann \\u202eliveE"
    assert item.text(2) == "fix \\x1b[31mred\\u202e txt.exe"


@needs_git
def test_restore_writes_what_git_checkout_would(qtbot, window, tmp_path, git_env, monkeypatch):
    # core.autocrlf: the repository stores LF, the work tree has CRLF; the
    # restored file came back LF (the stored form), every line changed
    from reader.ui.vcs.history import HistoryDialog

    top = init_repo(tmp_path / "crlf")
    git(top, "config", "core.autocrlf", "true")
    first = post("Alpha").replace(b"\n", b"\r\n")
    (top / "a.md").write_bytes(first)
    commit_all(top, "first")
    (top / "a.md").write_bytes(post("Alpha v2").replace(b"\n", b"\r\n"))
    commit_all(top, "second")
    open_window(qtbot, window, top)
    dialog = HistoryDialog(window, window.vcs, window.vcs.repo, "a.md")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 2, timeout=HANG_GUARD_MS)
    dialog.list.setCurrentItem(dialog.list.topLevelItem(1))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    with qtbot.waitSignal(dialog.accepted, timeout=HANG_GUARD_MS):
        dialog.restore_button.click()
    assert (top / "a.md").read_bytes() == first
    assert git(top, "diff", "--stat", "HEAD~1") == ""


def _merge_conflict_in_body(top):
    init_repo(top)
    (top / "p.md").write_bytes(post("P", "One.\n\nBase.\n"))
    commit_all(top, "base")
    git(top, "checkout", "-q", "-b", "laptop")
    (top / "p.md").write_bytes(post("P", "One.\n\nLaptop.\n"))
    commit_all(top, "laptop")
    git(top, "checkout", "-q", "main")
    (top / "p.md").write_bytes(post("P", "One.\n\nDesktop.\n"))
    commit_all(top, "desktop")
    git(top, "merge", "-q", "laptop", check=False)
    return top


@needs_git
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_edits_made_in_a_git_conflict_are_kept_by_the_conflict_view(
    qtbot, window, tmp_path, git_env
):
    # The view planned from the index's three stages only: a paragraph the
    # user had already added to the conflicted file vanished on save.
    from reader.ui.vcs.conflict import ConflictDialog

    top = _merge_conflict_in_body(tmp_path / "merged")
    left = (top / "p.md").read_bytes()
    (top / "p.md").write_bytes(left.replace(b"One.\n", b"One, edited by hand.\n\nNew paragraph.\n"))
    open_window(qtbot, window, top)
    assert [c.kind for c in window.vcs.conflicts] == ["git"]
    window.vcs.open_conflict("p.md", None)
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog) is not None, timeout=HANG_GUARD_MS)
    dialog = window.findChild(ConflictDialog)
    qtbot.addWidget(dialog)
    assert "New paragraph." in dialog.body_text()
    dialog.set_body(dialog.case.plan.body.pick("theirs"))
    with qtbot.waitSignal(dialog.accepted, timeout=HANG_GUARD_MS):
        dialog.save_button.click()
    saved = (top / "p.md").read_bytes()
    assert b"One, edited by hand.\n\nNew paragraph.\n" in saved and b"Laptop." in saved


@needs_git
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_git_conflict_resolved_by_hand_is_not_replaced(qtbot, window, tmp_path, git_env):

    from reader.ui.vcs.conflict import ConflictDialog

    top = _merge_conflict_in_body(tmp_path / "merged")
    mine = post("P", "One.\n\nDesktop and laptop, by hand.\n")
    (top / "p.md").write_bytes(mine)
    open_window(qtbot, window, top)
    window.vcs.open_conflict("p.md", None)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "gitError") is not None, timeout=HANG_GUARD_MS
    )
    box = window.findChild(QMessageBox, "gitError")
    assert "edited since git left it in conflict" in box.informativeText()
    # (window attack) room for a line of git's output: it broke every 260 px
    info = box.findChild(QLabel, "qt_msgbox_informativelabel")
    assert info.minimumWidth() >= min(60 * info.fontMetrics().averageCharWidth(), 500)
    assert window.findChild(ConflictDialog) is None
    assert (top / "p.md").read_bytes() == mine


@needs_git
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_git_conflict_as_git_left_it_is_planned_from_the_stages(qtbot, window, tmp_path, git_env):
    from reader.ui.vcs.conflict import ConflictDialog

    top = _merge_conflict_in_body(tmp_path / "merged")
    open_window(qtbot, window, top)
    window.vcs.open_conflict("p.md", None)
    qtbot.waitUntil(lambda: window.findChild(ConflictDialog) is not None, timeout=HANG_GUARD_MS)
    dialog = window.findChild(ConflictDialog)
    qtbot.addWidget(dialog)
    assert dialog.case.kind == "git"


def _history(qtbot, window, top):
    """The history of ``top``'s a.md, its versions listed (all at once)."""
    from reader.ui.vcs.history import HistoryDialog

    open_window(qtbot, window, top)
    dialog = HistoryDialog(window, window.vcs, window.vcs.repo, "a.md")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() > 0, timeout=HANG_GUARD_MS)
    return dialog


def _select(dialog, subject):
    for row in range(dialog.list.topLevelItemCount()):
        item = dialog.list.topLevelItem(row)
        if item.text(2) == subject:
            dialog.list.setCurrentItem(item)
            return
    raise AssertionError(f"no version {subject!r}")


@needs_git
def test_history_diffs_a_version_against_its_own_parent(qtbot, window, tmp_path, git_env):
    # the version listed below by date was another branch's: "side" showed
    # as changing main's title, and the merge was not listed at all
    top = init_repo(tmp_path / "branches")
    (top / "a.md").write_bytes(post("Alpha"))
    commit_all(top, "first", "2024-01-01T09:00:00+08:00")
    git(top, "checkout", "-q", "-b", "side")
    (top / "a.md").write_bytes(post("Side"))
    commit_all(top, "side", "2024-01-03T09:00:00+08:00")
    git(top, "checkout", "-q", "main")
    (top / "a.md").write_bytes(post("Main"))
    commit_all(top, "main", "2024-01-02T09:00:00+08:00")
    git(top, "merge", "-q", "side", check=False)
    (top / "a.md").write_bytes(post("Both"))
    commit_all(top, "merge side", "2024-01-04T09:00:00+08:00")
    dialog = _history(qtbot, window, top)
    dialog.compare.setCurrentIndex(1)  # what the version changed
    _select(dialog, "side")  # listed above main's by date
    assert "-title: Alpha\n+title: Side\n" in dialog.front.toPlainText()
    assert "Main" not in dialog.front.toPlainText()
    count = dialog.list.topLevelItemCount()
    shown = [dialog.list.topLevelItem(row).text(2) for row in range(count)]
    assert shown == ["merge side", "side", "main", "first"]
    _select(dialog, "merge side")  # against its first parent, main's
    assert "-title: Main\n+title: Both\n" in dialog.front.toPlainText()
    _select(dialog, "first")  # made there: against nothing
    assert "+title: Alpha\n" in dialog.front.toPlainText()


@needs_git
def test_history_compares_versions_as_checked_out_under_autocrlf(qtbot, window, tmp_path, git_env):
    # the blob as stored (LF) against the work tree's CRLF: every line changed
    top = init_repo(tmp_path / "crlf")
    git(top, "config", "core.autocrlf", "true")
    (top / "a.md").write_bytes(post("Alpha").replace(b"\n", b"\r\n"))
    commit_all(top, "first")
    (top / "a.md").write_bytes(post("Alpha v2").replace(b"\n", b"\r\n"))
    commit_all(top, "second")
    dialog = _history(qtbot, window, top)
    _select(dialog, "second")  # the current text
    assert dialog.front.toPlainText() == dialog.body.toPlainText() == "(no change)"
    _select(dialog, "first")
    front = dialog.front.toPlainText()
    changed = [line for line in front.splitlines()[2:] if line[:1] in "+-"]
    assert changed == ["-title: Alpha v2", "+title: Alpha"]  # (only the title)
    assert dialog.body.toPlainText() == "(no change)"
