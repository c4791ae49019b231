"""Summaries, taxonomy, queries and single-article operations."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from reader.core.article.codec import load_article
from reader.core.article.model import ArticleError
from reader.core.article.slug import slugify
from reader.core.article.storage import FileChangedError
from reader.core.library.facade import LibraryError
from reader.core.library.query import Query

from .libhelpers import article, write


@pytest.fixture
def sample(root):
    write(
        root,
        "a.md",
        article(
            "Alpha",
            categories="[金融, 银行]",
            tags="[知识产权, IPO]",
            date="2021-04-16 15:21:00",
            author="张三",
        ),
    )
    write(
        root,
        "b.md",
        article(
            "beta",
            categories="[金融, 证券时报网, 要闻]",
            tags="IPO",
            date="Fri, 16 Apr 2021 15:21:00 GMT",
            author="张三",
        ),
    )
    write(
        root,
        "c.md",
        article(
            "Gamma",
            categories="\n  - [科技]\n  - [金融, 银行]",
            date="2020/01/02 10:00",
            author="Li Wei",
        ),
    )
    write(root, "d.md", article("Delta", date=None, body="# Heading\n\nText\n"))
    write(root, "2019-05-06-e.md", article("Epsilon", date=None, categories="金融"))
    write(root, "broken.md", b"---\ntitle: one\ntitle: two\n---\nbody\n")
    return root


def test_summary_fields(open_library, sample):
    lib = open_library()
    s = lib.summary("a.md")
    assert s.path == "a.md"
    assert s.title == "Alpha"
    assert s.date == "2021-04-16T15:21:00" and s.date_source == "front-matter"
    assert s.categories == (("金融", "银行"),)
    assert s.tags == ("知识产权", "IPO")
    assert s.author == "张三"
    assert s.body_format == "html"
    assert s.size == os.path.getsize(sample / "a.md")
    assert s.mtime_ns == os.stat(sample / "a.md").st_mtime_ns
    assert s.problem_count == 0 and s.problems == ()
    assert s.excerpt == "Hello world"
    assert lib.summary("2019-05-06-e.md").date_source == "filename"
    assert lib.summary("d.md").date_source == "file-time"
    assert lib.summary("missing.md") is None
    broken = lib.summary("broken.md")
    assert broken.problem_count == 1
    assert broken.problems[0].line == 3 and "duplicate key" in broken.problems[0].message
    assert s.as_dict()["categories"] == [["金融", "银行"]]


def test_excerpt_is_plain_text(open_library, root):
    body = "<p>Fish &amp; chips &lt;3</p><p>" + "word " * 200 + "</p>"
    write(root, "x.html", article("X", body=body))
    write(root, "y.md", article("Y", body="## Title\n\n**bold** and [a link](http://x) here\n"))
    lib = open_library()
    text = lib.summary("x.html").excerpt
    assert text.startswith("Fish & chips <3 word word")
    assert "<" not in text.replace("<3", "") and len(text) <= 201
    assert text.endswith("…")
    assert lib.summary("y.md").excerpt == "Title bold and a link here"


def test_taxonomy_counts(open_library, sample):
    tax = open_library().taxonomy()
    assert tax.total == 6
    finance = tax.category(("金融",))
    # a, b, c (via its second path) and e: each article once
    assert (finance.count, finance.own_count) == (4, 1)
    bank = tax.category(("金融", "银行"))
    assert (bank.count, bank.own_count) == (2, 2)
    assert tax.category(("金融", "证券时报网", "要闻")).count == 1
    assert tax.category(("科技",)).count == 1
    assert [n.name for n in tax.categories] == ["科技", "金融"]
    assert dict(tax.tags) == {"IPO": 2, "知识产权": 1}
    assert dict(tax.authors) == {"张三": 2, "Li Wei": 1}
    assert tax.uncategorized == 2  # d and broken
    assert tax.undated == 2  # d and broken: their date is only the file time
    assert tax.problems == 1 and tax.errors == 1
    years = {node.value: node for node in tax.dates}
    assert years[2021].count == 2 and years[2020].count == 1 and years[2019].count == 1
    april = years[2021].children[0]
    assert (april.level, april.value, april.count) == ("month", 4, 2)
    assert [(d.value, d.count) for d in april.children] == [(16, 2)]


def _paths(lib, **kwargs) -> list[str]:
    return [s.path for s in lib.query(Query(**kwargs))]


def test_filters(open_library, sample):
    lib = open_library()
    assert sorted(_paths(lib, category=("金融",))) == ["2019-05-06-e.md", "a.md", "b.md", "c.md"]
    assert _paths(lib, category=("金融",), descendants=False) == ["2019-05-06-e.md"]
    assert sorted(_paths(lib, category=("金融", "银行"))) == ["a.md", "c.md"]
    assert _paths(lib, category=("金",)) == []
    assert sorted(_paths(lib, tag="IPO")) == ["a.md", "b.md"]
    assert sorted(_paths(lib, author="张三")) == ["a.md", "b.md"]
    assert sorted(_paths(lib, year=2021)) == ["a.md", "b.md"]
    assert sorted(_paths(lib, year=2021, month=4, day=16)) == ["a.md", "b.md"]
    assert _paths(lib, year=2021, month=5) == []
    assert _paths(lib, problems=True) == ["broken.md"]
    assert _paths(lib, errors_only=True) == ["broken.md"]
    assert sorted(_paths(lib, uncategorized=True)) == ["broken.md", "d.md"]
    assert sorted(_paths(lib, undated=True)) == ["broken.md", "d.md"]
    assert _paths(lib, tag="IPO", author="张三", category=("金融", "银行")) == ["a.md"]
    assert lib.count(Query(tag="IPO")) == 2


def test_sorting(open_library, sample):
    lib = open_library()
    by_date = [
        p for p in _paths(lib, sort="date") if p in ("a.md", "b.md", "c.md", "2019-05-06-e.md")
    ]
    assert by_date == ["2019-05-06-e.md", "c.md", "a.md", "b.md"]  # b is 15:21 GMT, a naive
    assert _paths(lib, sort="-date", category=("金融",))[-1] == "2019-05-06-e.md"
    titles = [s.title for s in lib.query(Query(sort="title"))]
    assert titles == sorted(titles, key=str.casefold)
    assert [s.title for s in lib.query(Query(sort="-title"))] == titles[::-1]
    assert len(lib.query(Query(sort="updated"))) == 6
    assert len(lib.query(Query(limit=2, offset=1, sort="title"))) == 2
    with pytest.raises(ValueError):
        lib.query(Query(sort="size"))


def test_filter_combined_with_text(open_library, sample):
    lib = open_library(fulltext=True)
    assert sorted(_paths(lib, text="hello", tag="IPO")) == ["a.md", "b.md"]
    assert _paths(lib, text="heading") == ["d.md"]
    assert _paths(lib, text="nothing-like-this") == []


def test_load_and_save(open_library, root):
    write(root, "a.md", article("Alpha", tags="[x]"))
    lib = open_library()
    art = lib.load("a.md")
    assert lib.save(art, {"tags": ["x", "y"]}) is True
    assert lib.summary("a.md").tags == ("x", "y")
    assert lib.save(lib.load("a.md"), {"tags": ["x", "y"]}) is False
    with pytest.raises(LibraryError):
        lib.load("../outside.md")


def test_save_refuses_a_file_changed_between_read_and_write(open_library, root):
    path = write(root, "a.md", article("Alpha"))
    lib = open_library()
    art = lib.load("a.md")
    concurrent = article("Changed by someone else")
    path.write_text(concurrent, encoding="utf-8")
    with pytest.raises(FileChangedError):
        lib.save(art, {"title": "Mine"})
    assert path.read_text(encoding="utf-8") == concurrent


def test_slugify():
    assert slugify("Hello, World!") == "hello-world"
    assert slugify("知识产权 保护") == "知识产权-保护"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("...") == "untitled"
    assert slugify("CON") == "con-1"
    # a generator's page of its folder (Hugo made the folder a bundle: its articles vanished)
    assert slugify("Index") == slugify("_index") == "index-1"
    assert slugify("Index of rivers") == "index-of-rivers"
    assert slugify("Ünïcödé  Ça va?") == "ünïcödé-ça-va"
    assert len(slugify("x" * 500)) == 80


def test_create_article(open_library, root):
    lib = open_library()
    rel = lib.create_article(
        "知识产权: 新规则",
        categories=[("金融", "银行")],
        tags=["IPO"],
        author="张三",
        date=datetime(2021, 4, 16, 15, 21),
    )
    assert rel == "知识产权-新规则.md"
    art = load_article(root / rel)
    assert art.problems == []
    assert art.title == "知识产权: 新规则"
    assert art.categories == [("金融", "银行")]
    assert art.tags == ["IPO"] and art.author == "张三"
    assert art.date.isoformat() == "2021-04-16T15:21:00"
    assert art.body.strip() == ""
    assert lib.summary(rel).title == "知识产权: 新规则"
    again = lib.create_article("知识产权: 新规则", folder="sub/dir")
    assert again == "sub/dir/知识产权-新规则.md"
    third = lib.create_article("知识产权 新规则")
    assert third == "知识产权-新规则-2.md"
    assert (root / rel).read_bytes().startswith(b"---\ntitle:")
    with pytest.raises(LibraryError):
        lib.create_article("x", folder="../escape")
    with pytest.raises(LibraryError):
        lib.create_article("   ")
    assert not (root.parent / "escape").exists()


def test_rename_and_move(open_library, root):
    write(root, "a.md", article("Alpha"))
    write(root, "taken.md", article("Taken"))
    lib = open_library()
    assert lib.rename("a.md", "b") == "b.md"
    assert not (root / "a.md").exists() and (root / "b.md").exists()
    assert lib.summary("a.md") is None and lib.summary("b.md").title == "Alpha"
    with pytest.raises(LibraryError) as raised:
        lib.rename("b.md", "taken.md")
    # (named as in the library: a full path widened the rename dialog)
    assert str(raised.value.path) == "taken.md"
    assert (root / "taken.md").read_text(encoding="utf-8") == article("Taken")
    with pytest.raises(LibraryError):
        lib.rename("b.md", "../x.md")
    assert lib.move("b.md", "archive/2021") == "archive/2021/b.md"
    assert lib.summary("archive/2021/b.md").title == "Alpha"
    with pytest.raises(LibraryError):
        lib.move("archive/2021/b.md", "../../elsewhere")
    assert sorted(s.path for s in lib.query()) == ["archive/2021/b.md", "taken.md"]


def test_a_rename_or_a_move_is_undone_like_a_bulk_edit(open_library, root):
    # a rename or a move typed by mistake was for good: nothing journaled it
    content = article("Alpha")
    write(root, "notes/a.md", content)
    write(root, "taken.md", article("Taken"))
    lib = open_library()
    assert lib.rename("notes/a.md", "b") == "notes/b.md"
    operation = lib.last_operation()
    assert operation is not None and operation.description == "rename file notes/a.md → notes/b.md"
    assert operation.files == 1
    assert lib.move("notes/b.md", "archive/2021") == "archive/2021/b.md"
    assert lib.last_operation().description == "move file notes/b.md → archive/2021/b.md"
    (root / "archive/2021/b.md").write_text(content + "edited after the move\n", encoding="utf-8")
    result = lib.undo_last()  # the move: back, with the edit made since, and its folders gone
    assert (root / "notes/b.md").read_text(encoding="utf-8").endswith("edited after the move\n")
    assert not (root / "archive").exists() and not result.failed
    assert lib.summary("notes/b.md").title == "Alpha" and lib.summary("archive/2021/b.md") is None
    lib.undo_last()  # the rename
    assert (root / "notes/a.md").is_file() and not (root / "notes/b.md").exists()
    assert lib.last_operation() is None
    # a name taken since is never overwritten: the file stays where it is
    lib.rename("notes/a.md", "c.md")
    write(root, "notes/a.md", article("Another"))
    result = lib.undo_last()
    assert result.skipped and "exists again" in result.skipped[0][1]
    assert "Another" in (root / "notes/a.md").read_text(encoding="utf-8")
    assert (root / "notes/c.md").read_text(encoding="utf-8").startswith(content)
    # a rename refused leaves no undo step
    with pytest.raises(LibraryError):
        lib.rename("notes/c.md", "../../taken.md")
    with pytest.raises(LibraryError):
        lib.rename("notes/c.md", "a.md")  # (taken)
    assert lib.last_operation() is None


def test_undo_never_moves_a_folder_put_at_a_renamed_files_name(open_library, root):
    # (adversary) the file moved away by another program and a folder made
    # at its new name: undo moved the user's folder, with its content, to
    # the article's old name (and said "restored")
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    assert lib.move("a.md", "x/y") == "x/y/a.md"
    (root / "x" / "y" / "a.md").rename(root / "elsewhere.md")
    (root / "x" / "y" / "a.md").mkdir()
    (root / "x" / "y" / "a.md" / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = lib.undo_last()
    assert result.skipped == [("x/y/a.md", "not a file since the edit; not moved back")]
    assert (root / "x" / "y" / "a.md" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not os.path.lexists(root / "a.md")


def test_a_rename_cut_short_after_its_journal_record_is_no_undo(open_library, root):
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    journal = lib.journal  # (killed between the record and the move)
    op_id = journal.begin("rename file a.md → b.md")
    journal.record_move(op_id, "a.md", "b.md")
    result = lib.undo_last()
    assert (result.restored, result.skipped, result.failed) == ([], [], [])
    assert (root / "a.md").is_file() and not (root / "b.md").exists()


@pytest.mark.parametrize("folder", [".git/objects", ".article-reader", "x/.hidden", "node_modules"])
def test_an_article_is_never_moved_where_the_library_does_not_list_it(open_library, root, folder):
    # Move to Folder… took ".git/objects": the article was gone from the library
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    with pytest.raises(LibraryError, match="the library does not list articles in this folder"):
        lib.move("a.md", folder)
    assert (root / "a.md").read_text(encoding="utf-8") == article("Alpha")
    assert not (root / folder).exists() or not list((root / folder).rglob("a.md"))
    assert [s.path for s in lib.query()] == ["a.md"]
    # a new folder named as a site's output is no site's output here
    assert lib.move("a.md", "notes/public") == "notes/public/a.md"
    assert [s.path for s in lib.query()] == ["notes/public/a.md"]


@pytest.mark.parametrize("folder", ["", "notes", "public", "scaffolds"])
def test_an_article_of_a_site_is_never_moved_out_of_its_content(open_library, root, folder):
    # the Move to Folder dialog offers "." (the site's root): the article was
    # gone from the library, and so it was in public/ before it was made
    (root / "_config.yml").write_text("title: s\n", encoding="utf-8")
    write(root, "source/_posts/a.md", article("Alpha"))
    lib = open_library()
    assert [s.path for s in lib.query()] == ["source/_posts/a.md"]
    with pytest.raises(LibraryError, match="the library does not list articles in this folder"):
        lib.move("source/_posts/a.md", folder)
    assert lib.move("source/_posts/a.md", "source/_posts/sub") == "source/_posts/sub/a.md"
    assert [s.path for s in lib.query()] == ["source/_posts/sub/a.md"]


@pytest.fixture
def trash_home(tmp_path, monkeypatch):
    """Send2Trash's freedesktop trash, moved into tmp_path."""
    import send2trash.plat_other as plat

    home = tmp_path / "home"
    data = home / ".local" / "share"
    data.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setattr(plat, "XDG_DATA_HOME", os.fsencode(data))
    monkeypatch.setattr(plat, "HOMETRASH_B", os.fsencode(data / "Trash"))
    monkeypatch.setattr(plat, "HOMETRASH", str(data / "Trash"))
    return data / "Trash"


def test_trash_moves_the_file_to_the_trash(open_library, root, trash_home):
    content = article("Doomed")
    write(root, "doomed.md", content)
    lib = open_library()
    lib.trash("doomed.md")
    assert not (root / "doomed.md").exists()
    assert lib.summary("doomed.md") is None
    trashed = trash_home / "files" / "doomed.md"
    assert trashed.read_text(encoding="utf-8") == content
    info = (trash_home / "info" / "doomed.md.trashinfo").read_text(encoding="utf-8")
    assert "Path=" in info
    with pytest.raises(LibraryError):
        lib.trash("doomed.md")


def test_a_trashed_article_comes_back_with_undo(open_library, root, trash_home):
    # Move to Trash could not be undone in the app: the article was only in
    # the system's trash, and Undo Last Bulk Edit said there was nothing
    content = article("Doomed", tags="[keep]")
    write(root, "2021/doomed.md", content)
    lib = open_library()
    lib.trash("2021/doomed.md")
    assert not (root / "2021" / "doomed.md").exists()
    operation = lib.last_operation()
    assert operation is not None and operation.description == "move 2021/doomed.md to the trash"
    result = lib.undo_last()
    assert result.restored == ["2021/doomed.md"] and not result.skipped
    assert (root / "2021" / "doomed.md").read_text(encoding="utf-8") == content
    assert lib.summary("2021/doomed.md") is not None
    assert (trash_home / "files" / "doomed.md").exists()  # (the trash keeps its copy)
    # a file in its place since is never replaced
    lib.trash("2021/doomed.md")
    write(root, "2021/doomed.md", article("Another"))
    result = lib.undo_last()
    assert result.skipped == [
        (
            "2021/doomed.md",
            "a file is in its place again; not restored (the article is in the system trash)",
        )
    ]
    assert "Another" in (root / "2021" / "doomed.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mode", [0o600, 0o444, 0o640])
def test_a_trashed_article_comes_back_with_its_mode_and_owner(open_library, root, trash_home, mode):
    # (adversarial review) undo brought a private 0600 file back as 0644, a
    # read-only one writable, and (as root) another user's file as root's
    content = article("Kept as it was")
    write(root, "private.md", content)
    path = root / "private.md"
    os.chmod(path, mode)
    owner = (4321, 4321) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        os.chown(path, *owner)
    lib = open_library()
    lib.trash("private.md")
    result = lib.undo_last()
    assert result.restored == ["private.md"]
    st = path.stat()
    assert stat.S_IMODE(st.st_mode) == mode
    assert (st.st_uid, st.st_gid) == owner
    assert path.read_text(encoding="utf-8") == content


def test_a_trashed_link_is_not_journaled_and_a_trash_never_made_is_no_undo(
    open_library, root, trash_home
):
    write(root, "sub/real.md", article("Real"))
    (root / "sub" / "link.md").symlink_to("real.md")
    lib = open_library()
    # undo would have made the link a second copy of its target
    assert lib.trash("sub/link.md") is False
    assert lib.last_operation() is None and (root / "sub" / "real.md").is_file()
    # a trash cut short after its journal entry (kill -9): undo finds the
    # file as it was, and has nothing to do
    journal = lib.journal
    op_id = journal.begin("move sub/real.md to the trash")
    journal.record_removal(op_id, "sub/real.md", (root / "sub" / "real.md").read_bytes())
    result = lib.undo_last()
    assert (result.restored, result.skipped, result.failed) == ([], [], [])
    assert lib.trash("sub/real.md") is True


def test_rename_refuses_a_name_that_would_hide_the_article(open_library, root):
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    with pytest.raises(LibraryError, match="hide"):
        lib.rename("a.md", ".secret.md")
    assert (root / "a.md").exists()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("invoice\u202efdp.md", "direction mark"),  # shown as "invoicedm.pdf"
        ("a\u2066b.md", "direction mark"),
        ("tab\there.md", "control character"),
        ("CON.md", "on Windows"),
        ("com1.notes.md", "on Windows"),
        ("nul", "on Windows"),
        ("COM0.md", "on Windows"),
        ("lpt¹.md", "on Windows"),
        ("CONIN$.md", "on Windows"),
        ("a\u061cb.md", "direction mark"),
        ("a\x85b.md", "control character"),
        ("a\u2028b.md", "control character"),
    ],
)
def test_rename_refuses_a_name_no_one_sees_as_it_is(open_library, root, name, why):
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    with pytest.raises(LibraryError, match=why):
        lib.rename("a.md", name)
    assert sorted(p.name for p in root.iterdir() if p.suffix == ".md") == ["a.md"]
    assert lib.rename("a.md", "console.md") == "console.md"  # (only the device names)
    assert lib.rename("console.md", "notes.") == "notes..md"  # (its extension ends it)


def test_a_refusal_about_a_name_says_no_placeholder_for_a_file(open_library, root):
    # the window said "Not renamed: <article>: 'sub/new.md' is not a file name"
    write(root, "a.md", article("Alpha"))
    with pytest.raises(LibraryError) as caught:
        open_library().rename("a.md", "sub/new.md")
    assert str(caught.value) == "'sub/new.md' is not a file name"
    assert str(LibraryError("no such line", line=3)) == "line 3: no such line"
    assert str(LibraryError("gone", "a.md", 2)) == "a.md:2: gone"


def test_write_again_recreates_a_deleted_article_and_never_replaces_a_file(open_library, root):
    write(root, "2021/a.md", article("Alpha"))
    lib = open_library()
    old = lib.load("2021/a.md")
    (root / "2021" / "a.md").unlink()
    lib.write_again(old, b"---\ntitle: Again\n---\n")
    assert (root / "2021" / "a.md").read_bytes() == b"---\ntitle: Again\n---\n"
    with pytest.raises(LibraryError, match="a file is in its place again; nothing was written"):
        lib.write_again(old, b"---\ntitle: Other\n---\n")
    assert (root / "2021" / "a.md").read_bytes() == b"---\ntitle: Again\n---\n"
    # a folder that cannot be written is a refusal naming the file, not an OSError
    (root / "2021" / "a.md").unlink()
    import errno

    import reader.core.article.storage as storage

    def read_only(path, data, identity=None):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage, "create_exclusive", read_only)
        with pytest.raises(ArticleError, match=r"a\.md"):
            lib.write_again(old, b"---\ntitle: Other\n---\n")
    assert not (root / "2021" / "a.md").exists()
    (root / "2021").rmdir()
    with pytest.raises(LibraryError, match="its folder is gone too"):
        lib.write_again(old, b"x")
    assert not (root / "2021").exists()


def test_load_refuses_a_link_out_of_the_library(open_library, root, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: secret\n---\n")
    (root / "link.md").symlink_to(outside)
    with pytest.raises(LibraryError, match="outside the library"):
        open_library().load("link.md")


def test_a_save_never_waits_for_a_running_refresh(open_library, root):
    import threading

    from reader.core.article.patch import patch_metadata

    for number in range(3):
        write(root, f"p{number}.md", article(f"Post {number}"))
    lib = open_library()
    lib.refresh()
    write(root, "new.md", article("New"))  # something for the next refresh to parse
    inside, release = threading.Event(), threading.Event()

    def blocking_progress(done: int, total: int, _path: str) -> None:
        inside.set()
        release.wait(60)

    refresher = threading.Thread(target=lambda: lib.refresh(progress=blocking_progress))
    refresher.start()
    try:
        assert inside.wait(60)  # the refresh holds the library's lock now
        post = lib.load("p0.md")
        saver = threading.Thread(
            target=lambda: lib.write(
                post, patch_metadata(post, {"title": "Saved"}), update_index=False
            )
        )
        saver.start()
        saver.join(60)
        assert not saver.is_alive()  # the write did not wait for the refresh
        assert b"title: 'Saved'" in (root / "p0.md").read_bytes()
    finally:
        release.set()
        refresher.join(60)
    lib.update_paths(["p0.md"])
    assert lib.summary("p0.md").title == "Saved"


@pytest.fixture
def linked_out(root, tmp_path):
    """A folder outside the library with an article, and a link to it inside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.md").write_text("---\ntitle: outside\n---\nbody\n")
    (root / "ext").symlink_to(outside)
    (root / "o-link.md").symlink_to(outside / "o.md")
    write(root, "a.md", article("Alpha"))
    return outside


def test_writes_refuse_a_path_that_leads_out_of_the_library(
    open_library, root, linked_out, trash_home
):
    # The scan lists no link, but every write takes a path: none of them may
    # reach a file (or put one) outside the library through a link.
    lib = open_library()
    before = sorted(os.listdir(linked_out))
    outside_article = load_article(linked_out / "o.md")
    for attempt in (
        lambda: lib.move("a.md", "ext"),
        lambda: lib.move("a.md", "ext/deeper/still"),
        lambda: lib.trash("ext/o.md"),
        lambda: lib.trash("o-link.md"),
        lambda: lib.rename("ext/o.md", "p.md"),
        lambda: lib.create_article("New", "ext"),
        lambda: lib.write(load_article(root / "ext" / "o.md"), b"---\ntitle: x\n---\n"),
        lambda: lib.save(load_article(root / "o-link.md"), {"title": "x"}),
    ):
        with pytest.raises(LibraryError, match="outside the library"):
            attempt()
    assert sorted(os.listdir(linked_out)) == before
    assert load_article(linked_out / "o.md").raw == outside_article.raw
    assert (root / "a.md").read_text(encoding="utf-8") == article("Alpha")
    assert not list(trash_home.rglob("*.md"))


@pytest.mark.parametrize("name", ["x\x00y.md", "\x00", "caf\udce9.md"])
def test_a_name_or_folder_with_a_nul_or_not_utf8_is_refused(open_library, root, name):
    write(root, "a.md", article("Alpha"))
    lib = open_library()
    with pytest.raises(LibraryError):
        lib.rename("a.md", name)
    with pytest.raises(LibraryError):
        lib.move("a.md", f"sub/{name}")
    with pytest.raises(LibraryError):
        lib.create_article("New", name)
    assert (root / "a.md").read_text(encoding="utf-8") == article("Alpha")


def test_a_library_whose_own_folder_is_not_utf8_creates_and_moves(tmp_path, cache_dir):
    from reader.core.library.facade import Library

    root = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9"))
    os.mkdir(root)
    write(Path(root), "a.md", article("Alpha"))
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh()
        created = lib.create_article("New", os.path.join(root, "sub"))
        assert created == "sub/new.md"
        assert lib.move("a.md", os.path.join(root, "archive")) == "archive/a.md"
        assert sorted(s.path for s in lib.query()) == ["archive/a.md", "sub/new.md"]


def test_writing_again_where_a_folder_took_the_name_says_a_folder(open_library, root):
    # it said "a file is in its place again"
    write(root, "a.md", article("A"))
    lib = open_library()
    article_a = lib.load("a.md")
    (root / "a.md").unlink()
    (root / "a.md").mkdir()
    with pytest.raises(LibraryError, match="a folder is in its place again; nothing was written"):
        lib.write_again(article_a, article_a.raw + b"more\n")
    assert (root / "a.md").is_dir() and not any((root / "a.md").iterdir())


def test_find_moved_follows_a_file_renamed_or_its_folder_moved(open_library, root):
    write(root, "news/a.md", article("A", body="<p>alpha</p>\n"))
    write(root, "news/b.md", article("B", body="<p>beta</p>\n"))
    write(root, "other/copy1.md", article("C", body="<p>same</p>\n"))
    write(root, "other/copy2.md", article("C", body="<p>same</p>\n"))
    lib = open_library()
    raw_a = (root / "news/a.md").read_bytes()
    inode = (root / "news/a.md").stat().st_ino
    assert lib.find_moved("news/a.md", raw_a, inode) is None  # still there
    (root / "news").rename(root / "press")  # another program moves the folder
    lib.refresh()
    assert lib.find_moved("news/a.md", raw_a, inode) == "press/a.md"
    (root / "press/a.md").rename(root / "press/renamed.md")
    lib.refresh()
    assert lib.find_moved("news/a.md", raw_a, inode) == "press/renamed.md"
    # changed on the way: not known where it went
    assert lib.find_moved("news/a.md", raw_a + b"x", inode) is None
    # deleted, with a copy of it there before: not "moved" to the copy
    copy = root / "other/copy1.md"
    raw_c, inode_c = copy.read_bytes(), copy.stat().st_ino
    copy.unlink()
    lib.refresh()
    assert (root / "other/copy2.md").read_bytes() == raw_c
    assert lib.find_moved("other/copy1.md", raw_c, inode_c) is None
