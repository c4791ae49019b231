"""What a new user found the commands doing each in its own way: options that
contradict each other, --limit 0, a library that is not there, a path that
is no article file, a folder that is no site, the folders a publish made,
the form of a damaged line's warning, and file names that are not UTF-8 in
JSON.  Each test names the behaviour the commands now share."""

from __future__ import annotations

import base64
import json
import os
import re

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write
from tests.fixtures.sites import copy_site
from tests.gitrepo import commit_all, init_repo, needs_git

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@pytest.fixture
def library(root, cache_dir):
    for i, title in enumerate(["Alpha", "Beta", "Gamma"]):
        write(root, f"2021/{title.lower()}.md", article(title, date=f"2021-0{i + 1}-01"))
    return root


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# -- 1. set: a key set and removed, or set to two values, is refused ---------------------


def test_set_refuses_a_key_both_set_and_removed(library, capsys):
    post = library / "2021" / "alpha.md"
    before = post.read_bytes()
    assert main(["set", str(post), "-s", "a=2", "-u", "a"]) == 2
    assert main(["set", str(post), "-u", "a", "-s", "a=2", "--dry-run"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    said = (
        "article-reader set: error: -s 'a=2' and -u 'a' both name the key 'a'; "
        "set it or remove it, not both"
    )
    assert captured.err.splitlines() == [said, said]
    assert post.read_bytes() == before


def test_set_refuses_a_key_set_to_two_values_but_not_to_one_twice(library, capsys):
    post = library / "2021" / "alpha.md"
    before = post.read_bytes()
    for second in ("a=2", "a=true", "a=1.0", "a='1'"):  # each another value than 1
        assert main(["set", str(post), "-s", "a=1", "-s", second]) == 2, second
        err = capsys.readouterr().err
        assert f"-s 'a=1' and -s {second!r} give the key 'a' two values; give one" in err
    assert post.read_bytes() == before
    # the same value twice (a script's repetition) and a key removed twice contradict nothing
    assert main(["set", str(post), "-s", "a=1", "-s", "a= 1", "-u", "b", "-u", "b"]) == 0
    assert b"\na: 1\n" in post.read_bytes()


def test_set_refuses_an_empty_key_to_remove(library, capsys):
    """``-u ''`` named no key at all: every file was reported "unchanged"."""
    post = library / "2021" / "alpha.md"
    before = post.read_bytes()
    for blank in ("", "  "):
        assert main(["set", str(post), "-u", blank]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == f"article-reader set: error: -u expects a KEY, got {blank!r}\n"
    assert post.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--exact"], "--exact works only with --category"),
        (["--excerpts"], "--excerpts works only with --json"),
        (["--tag", "x", "--exact", "--json"], "--exact works only with --category"),
    ],
)
def test_list_refuses_an_option_that_would_change_nothing(library, capsys, argv, said):
    assert main(["list", str(library), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"article-reader list: error: {said}\n"
    # with the option it needs, it works
    assert main(["list", str(library), "--category", "x", "--exact", "--json", "--excerpts"]) == 0


# -- 2. --limit 0 lists nothing, for list, search and history alike ----------------------


def test_limit_0_lists_nothing_in_list_and_search(library, capsys):
    assert main(["list", str(library), "--limit", "0"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "0 article(s)" in captured.err
    assert main(["search", str(library), "hello", "--limit", "0"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "0 result(s)" in captured.err
    assert main(["search", str(library), "hello", "--limit", "1", "--json"]) == 0
    assert len(_json_lines(capsys.readouterr().out)) == 1  # (there is something to find)
    for command in (["list", str(library)], ["search", str(library), "hello"]):
        assert main([*command, "--limit", "-1"]) == 2
        assert "--limit must be 0 or more" in capsys.readouterr().err


@needs_git
def test_limit_0_lists_no_version_in_history(tmp_path, git_env, capsys):
    top = init_repo(tmp_path / "repo")
    post = write(top, "a.md", article("A"))
    commit_all(top, "first")
    assert main(["history", str(post), "--limit", "0", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""  # not "no committed versions"
    assert main(["history", str(post), "--limit", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["history", str(post), "--limit", "-1"]) == 2
    assert "--limit must be 0 or more" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["list", "search", "history"])
def test_the_help_says_what_limit_0_does(command, capsys):
    assert main([command, "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert re.search(r"--limit N +at most N [a-z]+ \(0: none; default", help_text), help_text


# -- 3. a library that is not a folder: exit 3, one message, for every command ----------


_LIBRARY_COMMANDS = {
    "list": ["list", "{}"],
    "list --saved": ["list", "{}", "--saved", "x"],
    "search": ["search", "{}", "x"],
    "index": ["index", "{}"],
    "rename-category": ["rename-category", "{}", "a", "b"],
    "rename-tag": ["rename-tag", "{}", "a", "b"],
    "undo": ["undo", "{}"],
    "publish": ["publish", "{}", "x.md"],
    "unpublish": ["unpublish", "{}", "x.md"],
    "schema infer": ["schema", "infer", "{}"],
    "fix": ["fix", "{}", "--categories-list"],
    "mark --library": ["mark", "--library", "{}", "x.md", "--read"],
    "commit": ["commit", "{}", "-m", "x"],
    "export": ["export", "{}", "--epub", "{out}"],
    "import": ["import", "{}", "{page}"],
    "saved": ["saved", "{}"],
    "render --library": ["render", "{page}", "--library", "{}"],
}


@pytest.mark.parametrize("kind", ["missing", "a file", "a loop of links"])
@pytest.mark.parametrize("name", list(_LIBRARY_COMMANDS))
def test_a_library_that_is_not_a_folder_exits_3_for_every_command(
    name, kind, tmp_path, cache_dir, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    page = write(tmp_path, "page.md", article("Page"))
    if kind == "missing":
        target = tmp_path / "missing"
    elif kind == "a file":
        target = write(tmp_path, "file", "just a file\n")
    else:
        target = tmp_path / "loop1"
        os.symlink("loop2", target)
        os.symlink("loop1", tmp_path / "loop2")
    argv = [
        arg.format(target, out=tmp_path / "out.epub", page=page) for arg in _LIBRARY_COMMANDS[name]
    ]
    assert main(argv) == 3  # (mark --library exited 2; export through a loop: a traceback)
    # what is there instead said too ("not a folder" alone, for a name with nothing there)
    why = {
        "missing": " (nothing by that name)",
        "a file": "",
        "a loop of links": " (a loop of symbolic links)",
    }[kind]
    assert capsys.readouterr().err.splitlines() == [f"error: {target}: not a folder{why}"]


_EMPTY_PATHS = {
    **{name: [arg.replace("{}", "") for arg in argv] for name, argv in _LIBRARY_COMMANDS.items()},
    "show": ["show", ""],
    "set": ["set", "", "-s", "a=b"],
    "check": ["check", ""],
    "render": ["render", ""],
    "history": ["history", ""],
    "mark": ["mark", "", "--read"],
    "publish FILE": ["publish", "{lib}", ""],
    "import FILE": ["import", "{lib}", ""],
}


@pytest.mark.parametrize("name", list(_EMPTY_PATHS))
def test_an_empty_path_is_a_usage_error_for_every_command(
    name, tmp_path, cache_dir, capsys, monkeypatch
):
    # an unset variable in a script (list "$LIB") was the current folder:
    # run from /, the whole machine was indexed
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "page.md", article("Page"))
    lib = tmp_path / "lib"
    lib.mkdir()
    argv = [
        arg.format(lib=lib, out=tmp_path / "out.epub", page=tmp_path / "page.md")
        for arg in _EMPTY_PATHS[name]
    ]
    assert main(argv) == 2
    [*_, last] = capsys.readouterr().err.splitlines()
    assert last.endswith(": a path is needed, not an empty name") or last.endswith(
        ": a folder is needed, not an empty name"
    )
    assert not (tmp_path / ".article-reader").exists()


# -- 4. mark says what a path is that is no article file ---------------------------------


@needs_fifo
def test_mark_names_a_fifo_a_device_and_a_path_that_is_not_there(library, capsys):
    fifo = library / "2021" / "pipe.md"
    os.mkfifo(fifo)
    device = library / "2021" / "device.md"
    os.symlink(os.devnull, device)
    gone = library / "2021" / "gone.md"
    alpha = library / "2021" / "alpha.md"
    argv = ["mark", str(library), str(fifo), str(device), str(gone), str(alpha), "--star"]
    assert main(argv) == 3
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"error: {fifo}: is a FIFO (named pipe), not an article file",
        f"error: {device}: is a character device, not an article file",
        f"error: {gone}: no such file or folder",
        "1 article(s) marked",
    ]
    assert captured.out == "2021/alpha.md: star\n"  # the article among them is marked


# -- 5. publish outside a site: the folder is not what it needs, not a usage error --------


@pytest.mark.parametrize("verb", ["publish", "unpublish"])
def test_publish_outside_a_site_exits_3(verb, library, capsys):
    assert main([verb, str(library), "2021/alpha.md"]) == 3
    err = capsys.readouterr().err
    assert err.splitlines() == [f"error: {library}: not inside a Hexo, Jekyll or Hugo site"]


# -- 6. undoing a publish removes the folders it made, once empty again -------------------


def _folders(root):
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_dir() and ".article-reader" not in p.parts
    )


def _files(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".article-reader" not in p.parts
    }


@pytest.fixture
def dated_hexo(tmp_path, cache_dir):
    """The Hexo fixture, posts filed by year and month, the draft dated."""
    site = copy_site("hexo", tmp_path)
    config = site / "_config.yml"
    config.write_text(
        config.read_text().replace(
            "new_post_name: :year-:month-:day-:title.md", "new_post_name: :year/:month/:title.md"
        )
    )
    draft = site / "source" / "_drafts" / "my-draft.md"
    draft.write_text("---\ntitle: My Draft\ndate: 2020-05-06 10:00:00\n---\nNot yet.\n")
    return site


def test_undoing_a_publish_removes_the_folders_it_made(dated_hexo, capsys):
    folders, files = _folders(dated_hexo), _files(dated_hexo)
    assert main(["publish", str(dated_hexo), "source/_drafts/my-draft.md"]) == 0
    posted = dated_hexo / "source" / "_posts" / "2020" / "05"
    assert (posted / "my-draft.md").is_file() and (posted / "my-draft" / "pic.png").is_file()
    assert main(["undo", str(dated_hexo)]) == 0
    assert _files(dated_hexo) == files
    assert _folders(dated_hexo) == folders  # no empty _posts/2020/05 left behind
    assert "Traceback" not in capsys.readouterr().err


def test_undo_keeps_a_folder_that_was_there_before_or_holds_something(dated_hexo, capsys):
    posts = dated_hexo / "source" / "_posts"
    (posts / "2020").mkdir()  # there before, empty
    assert main(["publish", str(dated_hexo), "source/_drafts/my-draft.md"]) == 0
    assert main(["undo", str(dated_hexo)]) == 0
    assert (posts / "2020").is_dir() and not (posts / "2020" / "05").exists()

    (posts / "2020").rmdir()
    assert main(["publish", str(dated_hexo), "source/_drafts/my-draft.md"]) == 0
    write(posts, "2020/05/later.md", article("Written since"))  # not the publish's
    write(posts, "2020/.keep", "")
    assert main(["undo", str(dated_hexo)]) == 0
    assert (posts / "2020" / "05" / "later.md").is_file() and (posts / "2020" / ".keep").exists()
    assert (dated_hexo / "source" / "_drafts" / "my-draft.md").is_file()
    assert "Traceback" not in capsys.readouterr().err


# -- 7. a damaged line of the reading state or the saved searches: PATH:N: ----------------


def test_a_damaged_line_is_named_path_colon_line(library, capsys):
    from reader.core.library.root import STATE_FOLDER

    assert main(["mark", str(library), str(library / "2021" / "beta.md"), "--star"]) == 0
    assert main(["saved", str(library), "--add", "Betas", "title:beta"]) == 0
    logs = [
        next((library / STATE_FOLDER / folder).glob("*.jsonl")) for folder in ("state", "searches")
    ]
    damaged = {}
    for log in logs:
        damaged[log] = log.read_bytes().count(b"\n") + 1  # the line appended
        with open(log, "ab") as handle:
            handle.write(b"garbage\n")
    capsys.readouterr()
    assert main(["list", str(library), "--saved", "Betas", "--starred"]) == 0
    err = capsys.readouterr().err
    for log, number in damaged.items():
        assert f"warning: {log}:{number}: not JSON; skipped" in err.splitlines()
    assert ": line " not in err


# -- 8. a file name that is not UTF-8, in JSON ------------------------------------------


def _bad_name(folder) -> bytes:
    name = os.path.join(os.fsencode(folder), b"caf\xe9.md")
    try:
        with open(name, "wb") as handle:
            handle.write(b"---\ntitle: Cafe\n---\nbody\n")
    except OSError:  # a file system that takes UTF-8 names only (macOS)
        pytest.skip("this file system takes no file name that is not UTF-8")
    return name


def _strict(line: str) -> dict:
    """``line`` read as a strict JSON reader reads it: no lone surrogate
    (``\\udce9``) in any string, which Rust's serde_json refuses and Go's
    reader turns into U+FFFD."""
    data = json.loads(line)
    json.dumps(data, ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate
    return data


def test_a_file_name_that_is_not_utf8_is_text_and_bytes_in_json(library, capsys, monkeypatch):
    name = _bad_name(library)
    monkeypatch.chdir(library)
    # (an error: list, search and every bulk edit refuse the library for it)
    assert main(["check", "--json", str(library)]) == 1
    rows = [_strict(line) for line in capsys.readouterr().out.splitlines()]
    [row] = [r for r in rows if "path_b64" in r]
    assert [p["message"] for p in row["problems"]] == [
        "the file name is not valid UTF-8; rename it to index it"
    ]
    assert row["path"] == f"{library}/caf\ufffd.md"  # readable, as the window shows it
    assert base64.b64decode(row["path_b64"]) == name  # exact: the file is found again
    assert list(row)[:2] == ["path", "path_b64"]
    assert all("path_b64" not in r for r in rows if r is not row)  # UTF-8 names: as before

    assert main(["show", "--json", os.fsdecode(b"caf\xe9.md"), "2021/alpha.md"]) == 0
    bad, good = (_strict(line) for line in capsys.readouterr().out.splitlines())
    assert bad["path"] == "caf\ufffd.md" and bad["title"] == "Cafe"
    assert os.path.isfile(base64.b64decode(bad["path_b64"]))
    assert good["path"] == "2021/alpha.md" and "path_b64" not in good


@needs_git
def test_history_json_gives_a_path_that_is_not_utf8_as_text_and_bytes(
    tmp_path, git_env, capsys, monkeypatch
):
    top = init_repo(tmp_path / "repo")
    name = _bad_name(top)
    commit_all(top, "first")
    monkeypatch.chdir(top)
    assert main(["history", "--json", os.fsdecode(name)]) == 0
    [row] = [_strict(line) for line in capsys.readouterr().out.splitlines()]
    assert row["path"] == "caf\ufffd.md"
    assert base64.b64decode(row["path_b64"]) == b"caf\xe9.md"  # relative to the work tree


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export", "{}", "--epub", "{t}/a.epub", "--epub", "{t}/b.epub"], "--epub given twice"),
        (["export", "{}", "--query", "a", "--query", "b", "--epub", "{t}/q.epub"], "--query given"),
        (["fix", "{}", "--add", "a=1", "--add", "b=2", "--dry-run"], "--add given twice"),
        (["fix", "{}", "--add", "a=1", "--where", "x", "--where", "y"], "--where given"),
        (["saved", "{}", "--add", "a", "x", "--add", "b", "y"], "--add given twice ('a' 'x'"),
        (["list", "{}", "--sort", "title", "--sort", "date"], "--sort given twice"),
        (["list", "{}", "--limit", "1", "--limit", "2"], "--limit given twice"),
    ],
)
def test_an_option_of_one_value_given_twice_is_refused(library, capsys, tmp_path, argv, said):
    # (CLI attack) the last one was taken without a word: an export of one
    # category of two, a fix adding one key of two, a saved search of two
    before = {p: p.read_bytes() for p in library.rglob("*") if p.is_file()}
    argv = [a.format(library, t=tmp_path) for a in argv]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert said in captured.err and "give it once" in captured.err
    assert {p: p.read_bytes() for p in library.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob("*.epub"))
