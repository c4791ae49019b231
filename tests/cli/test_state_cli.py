"""mark, list --unread/--starred/--later, the state in --json, and undo of a mark-all."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.library.root import STATE_FOLDER
from tests.core.libhelpers import article, write


@pytest.fixture
def library(root, cache_dir):
    for i, title in enumerate(["Alpha", "Beta", "Gamma"]):
        write(root, f"2021/{title.lower()}.md", article(title, date=f"2021-0{i + 1}-01"))
    return root


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _listed(library, capsys, *flags: str) -> list[str]:
    assert main(["list", str(library), "--json", *flags]) == 0
    return [row["path"] for row in _json_lines(capsys.readouterr().out)]


def test_mark_and_list_by_state(library, capsys, monkeypatch):
    before = {p: p.read_bytes() for p in library.rglob("*.md")}
    monkeypatch.chdir(library / "2021")
    assert main(["mark", str(library), "alpha.md", "--read", "--star"]) == 0
    assert main(["mark", "gamma.md", "--library", str(library), "--later"]) == 0
    assert main(["mark", str(library / "2021" / "alpha.md"), "--later"]) == 0
    capsys.readouterr()
    assert {p: p.read_bytes() for p in before} == before  # articles untouched
    assert (library / STATE_FOLDER / "state").is_dir()

    assert _listed(library, capsys, "--unread") == ["2021/gamma.md", "2021/beta.md"]
    assert _listed(library, capsys, "--starred") == ["2021/alpha.md"]
    assert _listed(library, capsys, "--later") == ["2021/gamma.md", "2021/alpha.md"]  # queue
    assert _listed(library, capsys, "--later", "--sort", "date") == [
        "2021/alpha.md",
        "2021/gamma.md",
    ]
    assert _listed(library, capsys, "--unread", "--limit", "1") == ["2021/gamma.md"]

    assert main(["list", str(library), "--json", "--sort", "title"]) == 0
    rows = {r["path"]: r["state"] for r in _json_lines(capsys.readouterr().out)}
    assert rows["2021/alpha.md"]["read"] and rows["2021/alpha.md"]["starred"]
    assert rows["2021/alpha.md"]["later"] and not rows["2021/beta.md"]["read"]

    assert main(["show", "--json", "alpha.md"]) == 0
    shown = _json_lines(capsys.readouterr().out)[0]
    assert shown["state"]["starred"] is True and shown["state"]["read"] is True

    assert main(["mark", "alpha.md", "--unstar", "--unread", "--not-later"]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--starred") == []
    assert _listed(library, capsys, "--later") == ["2021/gamma.md"]


def test_later_keeps_the_order_given(library, capsys):
    posts = [str(library / "2021" / name) for name in ("gamma.md", "alpha.md", "beta.md")]
    assert main(["mark", str(library), *posts, "--later"]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--later") == [
        "2021/gamma.md",
        "2021/alpha.md",
        "2021/beta.md",
    ]


def test_a_library_named_twice_is_not_marked_whole(library, capsys):
    # (review) `mark LIB --library LIB PATH` took the first LIB for a folder
    # to mark: every article of the library was marked read
    alpha = str(library / "2021" / "alpha.md")
    assert main(["mark", str(library), "--library", str(library), alpha, "--read"]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--unread") == ["2021/gamma.md", "2021/beta.md"]
    # nor beside a PATH outside it or mistyped
    outside = str(library.parent / "x.md")
    assert main(["mark", str(library), "--library", str(library), outside, "--later"]) != 0
    capsys.readouterr()
    assert _listed(library, capsys, "--later") == []
    # the library alone, as a PATH, is still every article of it
    assert main(["mark", "--library", str(library), str(library), "--read"]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--unread") == []


def test_mark_refuses_bad_input(library, capsys, tmp_path):
    post = str(library / "2021" / "alpha.md")
    assert main(["mark", post]) == 2
    assert main(["mark", post, "--read", "--unread"]) == 2
    assert main(["mark", str(library / "2021" / "nope.md"), "--read"]) == 3
    outside = write(tmp_path, "elsewhere/x.md", article("X"))
    assert main(["mark", str(outside), "--library", str(library), "--read"]) == 2
    assert main(["list", str(library), "--unread", "--starred"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "nope.md: no such file or folder" in err
    assert "x.md: not inside the library" in err


def test_undo_undoes_the_newer_of_mark_all_and_a_bulk_edit(library, capsys):
    write(library, "2021/tagged.md", article("Tagged", tags="[old]"))
    # the first mark names the library (nothing marks it as one yet) ...
    assert main(["mark", str(library), str(library / "2021" / "beta.md"), "--read"]) == 0
    assert main(["rename-tag", str(library), "old", "new"]) == 0
    # ... later ones find it by its .article-reader folder
    assert main(["mark", str(library / "2021"), "--read"]) == 0  # a folder: mark all
    capsys.readouterr()
    assert _listed(library, capsys, "--unread") == []
    assert main(["undo", str(library)]) == 0  # the mark-all, the newer one
    assert "unread again" in capsys.readouterr().err
    assert set(_listed(library, capsys, "--unread")) == {
        "2021/alpha.md",
        "2021/gamma.md",
        "2021/tagged.md",
    }
    assert "tags: [new]" in (library / "2021" / "tagged.md").read_text()
    from reader.core.library.state import ReadingState

    assert ReadingState.open(library).edited_paths() == {"2021/tagged.md"}
    from reader.cli.state import device_edits

    assert device_edits(library).edited_paths() == {"2021/tagged.md"}  # for commit --only-edited
    assert main(["undo", str(library)]) == 0  # now the tag rename
    capsys.readouterr()
    assert "tags: [old]" in (library / "2021" / "tagged.md").read_text()
    assert _listed(library, capsys, "--unread") != []  # beta stays read
    assert "2021/beta.md" not in _listed(library, capsys, "--unread")


def test_damaged_log_lines_are_reported_not_fatal(library, capsys):
    assert (
        main(["mark", str(library / "2021" / "beta.md"), "--library", str(library), "--star"]) == 0
    )
    log = next((library / STATE_FOLDER / "state").glob("*.jsonl"))
    with open(log, "ab") as handle:
        handle.write(b"garbage\n")
    capsys.readouterr()
    assert _listed(library, capsys, "--starred") == ["2021/beta.md"]
    assert main(["list", str(library), "--starred"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {log}:2: not JSON; skipped" in err  # PATH:N:, as every file-and-line


def test_mark_in_a_read_only_library_goes_per_user(unprivileged):
    lib = unprivileged.folder / "lib"
    write(lib, "a.md", article("A"))
    lib.chmod(0o555)
    assert unprivileged.cli("list", str(lib)).returncode == 0  # (a library now)
    result = unprivileged.cli("mark", str(lib / "a.md"), "--star")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("reading state is kept in") == 1, result.stderr
    listed = unprivileged.cli("list", str(lib), "--starred")
    assert "a.md" in listed.stdout, listed.stderr
    assert not (lib / STATE_FOLDER).exists()


def test_state_kept_per_user_while_read_only_goes_back_into_the_library(unprivileged):
    # it stayed in the per-user folder for good: no other device saw those
    # stars and saved searches, and a library folder moved lost them
    lib = unprivileged.folder / "lib"
    write(lib, "a.md", article("A", tags="[t]"))
    write(lib, "b.md", article("B"))
    (lib / STATE_FOLDER).mkdir()
    unprivileged.give(lib)
    assert unprivileged.cli("list", str(lib)).returncode == 0
    lib.chmod(0o555)
    (lib / STATE_FOLDER).chmod(0o555)
    starred = unprivileged.cli("mark", str(lib / "a.md"), "--star")
    assert starred.returncode == 0 and "kept in" in starred.stderr, starred.stderr
    assert unprivileged.cli("saved", str(lib), "--add", "Mine", "tag:t").returncode == 0
    private = list((unprivileged.folder / "data").rglob("*.jsonl"))
    assert len(private) == 2  # (the state's and the saved searches')
    lib.chmod(0o755)
    (lib / STATE_FOLDER).chmod(0o755)
    listed = unprivileged.cli("list", str(lib), "--starred")
    assert "a.md" in listed.stdout and "kept in" not in listed.stderr, listed.stderr
    saved = unprivileged.cli("saved", str(lib))
    assert "Mine" in saved.stdout, saved.stderr
    assert list((unprivileged.folder / "data").rglob("*.jsonl")) == []
    shared = sorted(p.parent.name for p in (lib / STATE_FOLDER).rglob("*.jsonl"))
    assert shared == ["searches", "state"]


def test_a_sites_state_lives_at_the_site_root(tmp_path, cache_dir, capsys):
    site = tmp_path / "blog"
    write(site, "_config.yml", "title: blog\n")
    write(site, "source/_posts/a.md", article("A"))
    write(site, "source/_posts/b.md", article("B", date="2020-01-01"))
    assert main(["mark", str(site / "source" / "_posts" / "a.md"), "--star"]) == 0
    assert (site / STATE_FOLDER / "state").is_dir()
    assert not (site / "source" / "_posts" / STATE_FOLDER).exists()
    capsys.readouterr()
    assert _listed(site / "source" / "_posts", capsys, "--starred") == ["a.md"]
    log = next((site / STATE_FOLDER / "state").glob("*.jsonl")).read_text()
    assert '"path":"source/_posts/a.md"' in log


def test_marking_again_and_again_keeps_the_log_small(library, capsys):
    post = str(library / "2021" / "alpha.md")
    for _ in range(40):
        assert main(["mark", str(library), post, "--star", "--read"]) == 0
        assert main(["mark", str(library), post, "--unstar", "--unread"]) == 0
    capsys.readouterr()
    log = next((library / STATE_FOLDER / "state").glob("*.jsonl"))
    assert log.stat().st_size < 4096 + 400  # compacted on the way, not 80 × 2 lines
    assert _listed(library, capsys, "--starred") == []


def test_list_follows_an_article_renamed_outside_the_app(library, capsys):
    assert main(["mark", str(library), str(library / "2021" / "beta.md"), "--star"]) == 0
    (library / "2021" / "beta.md").rename(library / "2021" / "beta-renamed.md")  # git mv
    capsys.readouterr()
    assert _listed(library, capsys, "--starred") == ["2021/beta-renamed.md"]


def test_mark_follows_an_article_renamed_outside_the_app(library, capsys):
    # the first command after the rename was a mark: the new path took the
    # star alone, and the old path kept "read" and "later" (for whichever
    # article was made there next)
    beta = library / "2021" / "beta.md"
    assert main(["mark", str(library), str(beta), "--read", "--later"]) == 0
    beta.rename(library / "2021" / "beta-renamed.md")
    assert main(["mark", str(library), str(library / "2021" / "beta-renamed.md"), "--star"]) == 0
    write(library, "2021/beta.md", article("Another beta"))
    capsys.readouterr()
    assert main(["list", str(library), "--json"]) == 0
    rows = {r["path"]: r["state"] for r in _json_lines(capsys.readouterr().out)}
    moved = rows["2021/beta-renamed.md"]
    assert moved["read"] and moved["starred"] and moved["later"]
    assert not rows["2021/beta.md"]["read"] and not rows["2021/beta.md"]["later"]


def test_a_file_name_that_is_not_utf8_is_refused_and_the_rest_marked(library, capsys):
    # review of #11: such a name crashed `mark FOLDER` (UnicodeEncodeError), marking nothing
    import os

    bad = os.path.join(os.fsencode(library / "2021"), b"bad\xff.md")
    with open(bad, "wb") as handle:
        handle.write(article("Bad").encode())
    assert main(["mark", str(library), str(library / "2021"), "--read", "--star"]) == 3
    assert "not valid UTF-8" in capsys.readouterr().err
    assert main(["mark", os.fsdecode(bad), "--library", str(library), "--later"]) == 3
    assert "not valid UTF-8" in capsys.readouterr().err
    os.unlink(bad)  # (list reports it as unreadable, exit 3)
    assert _listed(library, capsys, "--starred") == [
        "2021/gamma.md",
        "2021/beta.md",
        "2021/alpha.md",
    ]
    assert main(["undo", str(library)]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--unread") == [
        "2021/gamma.md",
        "2021/beta.md",
        "2021/alpha.md",
    ]


def test_a_mark_all_that_changed_nothing_leaves_undo_to_the_bulk_edit(library, capsys):
    # review of #11: marking an already-read folder read again pushed an empty
    # record, and `undo` then undid nothing instead of the bulk edit before it
    write(library, "2021/tagged.md", article("Tagged", tags="[old]"))
    assert main(["mark", str(library), str(library / "2021"), "--read"]) == 0
    assert main(["rename-tag", str(library), "old", "new"]) == 0
    assert main(["mark", str(library / "2021"), "--read"]) == 0  # all read already
    capsys.readouterr()
    assert main(["undo", str(library)]) == 0
    capsys.readouterr()
    assert "tags: [old]" in (library / "2021" / "tagged.md").read_text()
    assert _listed(library, capsys, "--unread") == []


def test_an_empty_path_never_marks_the_whole_folder(library, capsys, monkeypatch):
    # review of #11: `mark "$FILE" --read` with an empty FILE marked every
    # article of the current folder's library
    monkeypatch.chdir(library)
    assert main(["mark", str(library), str(library / "2021" / "beta.md"), "--star"]) == 0
    assert main(["mark", "", "--read"]) == 2
    assert "PATH: a path is needed, not an empty name" in capsys.readouterr().err
    assert main(["mark", "  ", "--read"]) == 2
    assert "empty PATH" in capsys.readouterr().err
    assert len(_listed(library, capsys, "--unread")) == 3


def test_list_limits_every_kind_of_listing_and_refuses_a_negative_one(library, capsys):
    assert _listed(library, capsys, "--limit", "2") == _listed(library, capsys)[:2]
    assert _listed(library, capsys, "--starred", "--limit", "0") == []
    assert _listed(library, capsys, "--limit", "0") == []
    assert main(["list", str(library), "--limit", "-1"]) == 2
    assert "--limit must be 0 or more" in capsys.readouterr().err


def test_mark_with_a_subfolder_as_the_library_keeps_one_state(library, capsys):
    """``mark LIBRARY PATH...`` and ``--library`` with a folder inside a
    library: the state stays at the library's root (found by walking up,
    as every other command does), paths relative to the folder given."""
    sub = library / "2021"
    assert main(["mark", str(library), str(sub / "alpha.md"), "--star"]) == 0
    assert (library / STATE_FOLDER).is_dir()
    capsys.readouterr()
    assert main(["mark", str(sub), str(sub / "beta.md"), "--star"]) == 0
    assert capsys.readouterr().out.splitlines() == ["beta.md: star"]
    assert main(["mark", str(sub / "gamma.md"), "--library", str(sub), "--later"]) == 0
    assert capsys.readouterr().out.splitlines() == ["gamma.md: later"]
    assert main(["mark", str(sub), "--library", str(sub), "--read"]) == 0  # the whole folder
    assert sorted(capsys.readouterr().out.splitlines()) == [
        f"{name}.md: read" for name in ("alpha", "beta", "gamma")
    ]
    assert not (sub / STATE_FOLDER).exists()
    assert _listed(library, capsys, "--starred") == ["2021/beta.md", "2021/alpha.md"]
    assert _listed(library, capsys, "--later") == ["2021/gamma.md"]
    assert _listed(sub, capsys, "--starred") == ["beta.md", "alpha.md"]
    assert _listed(library, capsys, "--unread") == []
    outside = write(library, "2022/delta.md", article("Delta"))
    assert main(["mark", str(outside), "--library", str(sub), "--read"]) == 2
    assert "delta.md: not inside the library" in capsys.readouterr().err


def test_undo_of_mark_all_keeps_what_another_device_marked_since(
    library, capsys, monkeypatch, tmp_path
):
    posts = library / "2021"
    assert main(["mark", str(library), str(posts), "--read"]) == 0  # device A: all three
    device_a = os.environ["ARTICLE_READER_DATA_DIR"]
    monkeypatch.setenv("ARTICLE_READER_DATA_DIR", str(tmp_path / "device-b"))
    assert main(["mark", str(library), str(posts / "beta.md"), "--read", "--star"]) == 0
    monkeypatch.setenv("ARTICLE_READER_DATA_DIR", device_a)
    capsys.readouterr()
    assert main(["undo", str(library)]) == 0
    assert capsys.readouterr().err == (
        "undid mark 3 as read: 2 article(s) unread again; 1 kept as read or unread since\n"
    )
    assert _listed(library, capsys, "--unread") == ["2021/gamma.md", "2021/alpha.md"]


def test_mark_refuses_what_list_never_shows(library, capsys, tmp_path):
    outside = tmp_path / "outside"
    write(outside, "o.md", article("Outside"))
    (library / "ext").symlink_to(outside)
    (library / "link.md").symlink_to(outside / "o.md")
    copy = "2021/alpha.sync-conflict-20240102-030405-ABCDEFG.md"
    write(library, copy, article("Alpha on the phone"))
    for target, why in [
        ("ext", "a symbolic link to outside the library"),
        ("link.md", "a symbolic link to outside the library"),
        (copy, "a sync tool's conflict copy of alpha.md, not an article of its own"),
    ]:
        assert main(["mark", str(library), str(library / target), "--star"]) == 3
        assert f"error: {library / target}: {why}" in capsys.readouterr().err
    assert main(["mark", str(library), str(library / "2021"), "--star"]) == 0
    # (list says it cannot read them: exit 3)
    (library / "link.md").unlink()
    (library / "ext").unlink()
    capsys.readouterr()
    assert _listed(library, capsys, "--starred") == [
        "2021/gamma.md",
        "2021/beta.md",
        "2021/alpha.md",
    ]
    logs = b"".join(p.read_bytes() for p in (library / STATE_FOLDER / "state").iterdir())
    assert b"sync-conflict" not in logs and b"o.md" not in logs


@pytest.mark.skipif(os.sep == "\\", reason="a backslash separates folders there")
def test_a_backslash_in_a_file_name_holds_reading_state(library, capsys):
    write(library, "2021/a\\b.md", article("Backslash"))
    assert main(["mark", str(library), str(library / "2021" / "a\\b.md"), "--star"]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--starred") == ["2021/a\\b.md"]


def test_mark_through_a_link_inside_the_library_marks_the_listed_article(library, capsys):
    (library / "alias").symlink_to(library / "2021")
    assert main(["mark", str(library), str(library / "alias" / "beta.md"), "--star"]) == 0
    assert main(["mark", str(library), str(library / "alias"), "--later"]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--starred") == ["2021/beta.md"]
    assert len(_listed(library, capsys, "--later")) == 3
    logs = b"".join(p.read_bytes() for p in (library / STATE_FOLDER / "state").iterdir())
    assert b"alias/" not in logs


def test_a_library_given_through_a_link_marks_only_the_paths(library, capsys, tmp_path):
    """``mark LINK PATH`` with LINK a link to a folder and PATH named
    through the folder itself: PATH was taken as not inside LIBRARY (by the
    names alone), LINK as one more PATH, and every article of the folder
    was starred; with the library itself behind the link, LINK was refused
    beside the mark of PATH (exit 2)."""
    (library / STATE_FOLDER).mkdir(exist_ok=True)
    (library / "alias").symlink_to(library / "2021")
    beta = str(library / "2021" / "beta.md")
    assert main(["mark", str(library / "alias"), beta, "--star"]) == 0
    assert capsys.readouterr().out.splitlines() == ["beta.md: star"]
    assert _listed(library, capsys, "--starred") == ["2021/beta.md"]

    link = tmp_path / "link"
    link.symlink_to(library)
    alpha = str(library / "2021" / "alpha.md")
    assert main(["mark", str(link), alpha, "--later"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["2021/alpha.md: later"]
    assert "error" not in err
    assert _listed(library, capsys, "--later") == ["2021/alpha.md"]


def test_a_mistyped_first_path_does_not_start_a_library_where_the_command_runs(
    library, capsys, monkeypatch, tmp_path
):
    """The library was found from the first PATH only: a mistyped one made
    the folder the command ran in the library, and the star of the next
    PATH went into a state folder there, which no listing of the library saw."""
    (library / STATE_FOLDER).mkdir(exist_ok=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    target = str(library / "2021" / "beta.md")
    assert main(["mark", "nonexist.md", target, "--star"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: nonexist.md: no such file or folder\n")
    assert not (elsewhere / STATE_FOLDER).exists()
    assert _listed(library, capsys, "--starred") == ["2021/beta.md"]


def test_mark_never_carries_the_state_of_an_article_still_there_to_a_copy(library, capsys):
    # the sizes mark reads are of the articles it marks only: an article not
    # among them is still there, and keeps its state
    alpha = library / "2021" / "alpha.md"
    assert main(["mark", str(library), str(alpha), "--star"]) == 0
    copy = library / "2021" / "alpha-copy.md"
    copy.write_bytes(alpha.read_bytes())
    assert main(["mark", str(library), str(copy), "--later"]) == 0
    capsys.readouterr()
    assert main(["list", str(library), "--json"]) == 0
    rows = {r["path"]: r["state"] for r in _json_lines(capsys.readouterr().out)}
    assert rows["2021/alpha.md"]["starred"] and not rows["2021/alpha-copy.md"]["starred"]


def test_a_file_marked_alone_belongs_to_the_library_it_is_listed_in(library, capsys):
    # A library listed (indexed) before it keeps any state: ``mark FILE`` in
    # one of its folders started a state of its own in that folder, which
    # the library never read (list --unread still listed the file).
    assert main(["list", str(library)]) == 0
    assert not (library / STATE_FOLDER).exists()
    assert main(["mark", str(library / "2021" / "beta.md"), "--read"]) == 0
    capsys.readouterr()
    assert not (library / "2021" / STATE_FOLDER).exists()
    assert (library / STATE_FOLDER).is_dir()
    assert _listed(library, capsys, "--unread") == ["2021/gamma.md", "2021/alpha.md"]
    assert main(["show", "--json", str(library / "2021" / "beta.md")]) == 0
    assert json.loads(capsys.readouterr().out)["state"]["read"] is True


def test_a_file_in_a_folder_never_opened_is_marked_once_its_library_is_named(
    tmp_path, cache_dir, capsys
):
    # (its state was kept beside it: a guess, see the test below)
    folder = tmp_path / "loose" / "notes"
    write(folder, "a.md", article("A"))
    assert main(["mark", str(folder / "a.md"), "--star"]) == 2
    assert not (folder / STATE_FOLDER).exists()
    assert main(["mark", "--library", str(folder), str(folder / "a.md"), "--star"]) == 0
    assert (folder / STATE_FOLDER).is_dir()
    assert not (tmp_path / "loose" / STATE_FOLDER).exists()
    assert main(["mark", str(folder / "a.md"), "--read"]) == 0  # (known now)


@pytest.mark.parametrize("inside", [["2021/alpha.md"], []])
def test_a_path_outside_the_library_never_makes_it_a_folder_to_mark_whole(
    library, tmp_path, capsys, inside
):
    # mark LIB FILE OUTSIDE --star took LIB as one more folder to mark (one
    # PATH was outside it): every article of the library was starred, which
    # no undo takes back
    outside = write(tmp_path / "other", "o.md", article("O"))
    args = [str(library), *(str(library / p) for p in inside), str(outside), "--star"]
    assert main(["mark", *args]) == 2
    assert f"error: {outside}: not inside the library {library}" in capsys.readouterr().err
    assert _listed(library, capsys, "--starred") == inside


def test_folders_of_one_library_are_marked_as_paths(library, capsys):
    (library / "2022").mkdir()
    (library / "2021" / "beta.md").rename(library / "2022" / "beta.md")
    assert main(["list", str(library)]) == 0  # (a library before it keeps any state)
    assert main(["mark", str(library / "2021"), str(library / "2022"), "--star"]) == 0
    capsys.readouterr()
    assert sorted(_listed(library, capsys, "--starred")) == [
        "2021/alpha.md",
        "2021/gamma.md",
        "2022/beta.md",
    ]


def test_a_folder_named_twice_says_its_problems_once(library, tmp_path, capsys):
    # 'mark --read LIB LIB' said each unreadable entry twice
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, library / "2021" / "elsewhere")
    assert main(["mark", "--read", str(library), str(library)]) == 3
    said = capsys.readouterr().err.splitlines()
    assert [line for line in said if "elsewhere" in line] == [
        f"error: {library / '2021' / 'elsewhere'}: not read: a symbolic link to a folder "
        "outside the library; its articles are not listed (open that folder as a library "
        "of its own, or the folder holding both)"
    ]


@pytest.mark.parametrize("form", ["--library", "first"])
def test_a_folder_named_as_the_library_marks_in_the_library_it_is_listed_in(library, capsys, form):
    # (mark FILE was fixed, but mark --library SUB and mark SUB FILE still
    # started a state of their own in SUB, which list of the library never read)
    assert main(["list", str(library)]) == 0
    sub = library / "2021"
    if form == "--library":
        args = ["mark", "--library", str(sub), str(sub / "beta.md"), "--star"]
    else:
        args = ["mark", str(sub), str(sub / "beta.md"), "--star"]
    assert main(args) == 0
    capsys.readouterr()
    assert not (sub / STATE_FOLDER).exists()
    assert _listed(library, capsys, "--starred") == ["2021/beta.md"]


def test_a_file_of_a_library_nothing_knows_yet_is_not_marked_in_a_guessed_one(
    root, cache_dir, capsys
):
    # `mark --star LIB/2021/alpha.md` took 2021/ for the library: its state
    # was kept in 2021/.article-reader, which `list LIB` never read, and
    # which, once made, won over the library's own ever after
    write(root, "2021/alpha.md", article("Alpha", date="2021-01-01"))
    write(root, "2021/beta.md", article("Beta", date="2021-02-01"))
    assert main(["mark", "--star", str(root / "2021/alpha.md")]) == 2
    said = capsys.readouterr().err
    assert f"{root / '2021/alpha.md'}: not in a library opened before" in said
    assert "--library DIR" in said
    assert not (root / "2021" / STATE_FOLDER).exists() and not (root / STATE_FOLDER).exists()
    assert main(["mark", "--star", "--library", str(root), str(root / "2021/alpha.md")]) == 0
    capsys.readouterr()
    assert _listed(root, capsys, "--starred") == ["2021/alpha.md"]
    # known now (listed, with a state folder): a file named alone is marked there
    assert main(["mark", "--star", str(root / "2021/beta.md")]) == 0
    capsys.readouterr()
    assert sorted(_listed(root, capsys, "--starred")) == ["2021/alpha.md", "2021/beta.md"]


def test_a_file_of_a_listed_library_is_marked_in_it(root, cache_dir, capsys):
    write(root, "2021/alpha.md", article("Alpha", date="2021-01-01"))
    assert main(["list", str(root)]) == 0  # (indexed: known)
    assert main(["mark", "--star", str(root / "2021/alpha.md")]) == 0
    capsys.readouterr()
    assert _listed(root, capsys, "--starred") == ["2021/alpha.md"]
    assert not (root / "2021" / STATE_FOLDER).exists()


def test_mark_says_when_its_own_log_became_unwritable_and_the_marks_went_per_user(unprivileged):
    # it warned that the log could not be written, then "1 article(s)
    # marked", and never said the marks no longer reach other devices
    lib = unprivileged.folder / "lib"
    write(lib, "a.md", article("A"))
    write(lib, "b.md", article("B"))
    unprivileged.give(lib)
    assert unprivileged.cli("mark", str(lib), str(lib / "a.md"), "--read").returncode == 0
    (log,) = (lib / STATE_FOLDER / "state").glob("*.jsonl")
    log.chmod(0o444)
    result = unprivileged.cli("mark", str(lib), str(lib / "b.md"), "--star")
    assert result.returncode == 0, result.stderr
    assert "cannot be written" in result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and "reading state is kept in" in notes[0], result.stderr
    listed = unprivileged.cli("list", str(lib), "--starred")
    assert "b.md" in listed.stdout, listed.stderr


def test_mark_refuses_hidden_files_and_folders_list_never_enters(library, capsys):
    # a hidden copy of an article took a star; list then carried the star to
    # the listed article of the same bytes (never starred) and took it off
    # the copy.  Folders list never enters, and an empty one, said nothing.
    (library / "2021" / ".copy.md").write_bytes((library / "2021" / "alpha.md").read_bytes())
    for folder in (".hidden", "node_modules"):
        write(library, f"{folder}/x.md", article("X"))
    (library / "empty").mkdir()
    before = {p: p.read_bytes() for p in library.rglob("*.md")}
    for target, why in [
        ("2021/.copy.md", "a hidden file or an editor's leftover, which list never shows"),
        (".hidden", "a folder that list never enters"),
        (".hidden/x.md", "in a folder that list never enters"),
        ("node_modules/x.md", "in a folder that list never enters"),
    ]:
        assert main(["mark", str(library), str(library / target), "--star"]) == 3, target
        err = capsys.readouterr().err
        assert f"error: {library / target}: {why}" in err and "0 article(s) marked" in err
    assert main(["mark", str(library), str(library / "empty"), "--read"]) == 0
    err = capsys.readouterr().err
    assert f"note: {library / 'empty'}: no articles in this folder" in err
    assert "0 article(s) marked" in err
    assert _listed(library, capsys, "--starred") == []
    assert not (library / STATE_FOLDER).exists() or not list(
        (library / STATE_FOLDER).rglob("*.jsonl")
    )
    assert {p: p.read_bytes() for p in before} == before


def test_mark_names_what_it_cannot_look_at(library, capsys):
    # a name too long for the system: a traceback, exit 1
    long = library / ("a" * 300 + ".md")
    assert main(["mark", str(library), str(long), "--read"]) == 3
    assert "File name too long" in capsys.readouterr().err
    assert main(["list", str(library / ("a" * 300)), "--unread"]) == 3
    err = capsys.readouterr().err
    assert "cannot be read: File name too long" in err and "Traceback" not in err


def test_mark_waits_for_a_held_state_file_then_says_so(library, capsys, monkeypatch):
    # another process holding the log's lock (stopped with Ctrl+Z, a network
    # folder that hangs) kept every later mark waiting for ever, in silence
    import fcntl

    from reader.core.article import storage

    assert main(["mark", str(library), str(library / "2021" / "alpha.md"), "--read"]) == 0
    (log,) = (library / STATE_FOLDER / "state").glob("*.jsonl")
    before = log.read_bytes()
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.3)
    with open(log, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        capsys.readouterr()
        assert main(["mark", str(library), str(library / "2021" / "beta.md"), "--read"]) == 3
        assert main(["saved", str(library), "--add", "Mine", "tag:x"]) == 0  # (another file)
    err = capsys.readouterr().err
    assert f"error: {log}: another program has held this state file for too long" in err
    assert log.read_bytes() == before


def test_list_takes_the_marks_of_a_name_in_another_unicode_form(tmp_path, cache_dir, capsys):
    # the Mac's log names the article decomposed (NFD); here it is composed
    import unicodedata

    from reader.core.library.state import ReadingState

    mac, lib = tmp_path / "mac", tmp_path / "lib"
    decomposed = unicodedata.normalize("NFD", "café.md")
    composed = unicodedata.normalize("NFC", "café.md")
    write(mac, decomposed, article("C"))
    write(lib, composed, article("C"))
    write(lib, "other.md", article("O"))
    other = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
    on_mac = ReadingState.open(mac, device=other, data_dir=tmp_path / "mac-data")
    on_mac.mark([decomposed], "read", True)
    (lib / STATE_FOLDER / "state").mkdir(parents=True)
    for log in (mac / STATE_FOLDER / "state").glob("*.jsonl"):
        (lib / STATE_FOLDER / "state" / log.name).write_bytes(log.read_bytes())
    assert _listed(lib, capsys, "--unread") == ["other.md"]
    assert _listed(lib, capsys, "--unread") == ["other.md"]  # (and stays so)
    # and the Mac's own spelling keeps it (it was cleared: unread again there)
    again = ReadingState.open(lib, device=other, data_dir=tmp_path / "mac-data")
    assert again.value(decomposed, "read") is True


def test_the_state_snapshot_goes_to_the_cache_given(library, capsys, tmp_path, monkeypatch):
    # (adversarial review) list --cache-dir DIR wrote and read the reading
    # state's snapshot in the default cache, not in DIR
    from reader.core.library.state import store

    monkeypatch.setattr(store, "SNAPSHOT_AFTER", 1)  # (written once this much was parsed)
    assert (
        main(["mark", "--library", str(library), str(library / "2021" / "alpha.md"), "--star"]) == 0
    )
    capsys.readouterr()
    given = tmp_path / "given-cache"
    assert main(["list", "--cache-dir", str(given), "--starred", str(library), "--json"]) == 0
    assert [row["path"] for row in _json_lines(capsys.readouterr().out)] == ["2021/alpha.md"]
    default = os.environ["ARTICLE_READER_CACHE_DIR"]
    assert list(given.rglob("reading-state.marshal"))
    assert not list(Path(default).rglob("reading-state.marshal"))


def test_options_may_stand_between_the_library_and_the_paths(library, capsys):
    # "mark LIB --star PATH" was refused: "unrecognized arguments: PATH"
    alpha, beta = (str(library / "2021" / name) for name in ("alpha.md", "beta.md"))
    assert main(["mark", str(library), "--star", alpha]) == 0
    assert main(["mark", str(library), "--later", alpha, "--read", beta]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--starred") == ["2021/alpha.md"]
    assert _listed(library, capsys, "--later") == ["2021/alpha.md", "2021/beta.md"]
    assert _listed(library, capsys, "--unread") == ["2021/gamma.md"]


def test_after_a_double_dash_a_name_like_an_option_is_a_path(library, capsys):
    write(library, "-odd.md", article("Odd", date="2021-05-01"))
    assert main(["mark", str(library), "--star", "--", str(library / "-odd.md")]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--starred") == ["-odd.md"]
    # an unknown option is still refused, wherever it stands
    assert main(["mark", str(library), "--star", str(library / "-odd.md"), "--bogus"]) == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_a_value_left_unquoted_is_still_refused_whole(library, capsys):
    # only mark takes options between its positionals: "set FILE -s title=My new
    # title" must not save "My" and take "new" and "title" for files
    alpha = library / "2021" / "alpha.md"
    before = alpha.read_bytes()
    assert main(["set", str(alpha), "-s", "title=My", "new", "title"]) == 2
    assert "unrecognized arguments: new title" in capsys.readouterr().err
    assert alpha.read_bytes() == before
    out = library / "book.epub"
    assert main(["export", str(library), "--epub", str(out), "--title", "My", "Book"]) == 2
    assert "unrecognized arguments: Book" in capsys.readouterr().err
    assert not out.exists()


def test_after_a_double_dash_every_name_is_a_path_wherever_the_options_stand(
    library, capsys, monkeypatch
):
    write(library, "-odd.md", article("Odd", date="2021-05-01"))
    monkeypatch.chdir(library)
    assert main(["mark", ".", "--later", "--", "-odd.md"]) == 0
    capsys.readouterr()
    assert _listed(library, capsys, "--later") == ["-odd.md"]


def test_a_state_folder_that_cannot_be_read_is_said_not_taken_for_no_marks(unprivileged):
    # `list --starred` said "0 article(s)", exit 0, not a word: every mark hidden
    lib = unprivileged.folder / "lib"
    write(lib, "a.md", article("A"))
    unprivileged.give(lib)
    marked = unprivileged.cli("mark", "--library", str(lib), str(lib / "a.md"), "--star")
    assert marked.returncode == 0, marked.stderr
    assert unprivileged.cli("saved", str(lib), "--add", "Mine", "tag:t").returncode == 0
    (lib / STATE_FOLDER / "state").chmod(0)
    (lib / STATE_FOLDER / "searches").chmod(0)
    listed = unprivileged.cli("list", str(lib), "--starred")
    assert f"{lib / STATE_FOLDER / 'state'}: cannot be read: Permission denied" in listed.stderr
    saved = unprivileged.cli("saved", str(lib))
    assert f"{lib / STATE_FOLDER / 'searches'}: cannot be read: Permission denied" in saved.stderr
    (lib / STATE_FOLDER / "state").chmod(0o755)
    (lib / STATE_FOLDER / "searches").chmod(0o755)
