"""Bad input on the command line gets one clear line and its exit code, never
a traceback or a hang: FIFOs among a site's own files, arguments that are not
UTF-8 text, problems on their own line, a loop of links, a log of damaged
lines, git's messages of several lines."""

from __future__ import annotations

import errno
import os

import pytest

from reader.cli import main
from reader.core.library.root import STATE_FOLDER
from tests.core.guards import finishes
from tests.core.libhelpers import article, write
from tests.gitrepo import commit_all, init_repo, needs_git

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The command run in-process, guarded against a hang."""
    code = finishes(main, list(argv))
    if isinstance(code, BaseException):
        raise code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hexo(tmp_path, cache_dir):
    """A small Hexo site."""
    blog = tmp_path / "blog"
    write(blog, "_config.yml", "title: x\n")
    write(blog, "source/_posts/p.md", article("P", date="2021-04-05"))
    (blog / "scaffolds").mkdir()
    return blog


@pytest.fixture
def library(root, cache_dir):
    write(root, "a.md", article("Alpha", categories="[金融]", tags="[x]"))
    return root


# -- 1. a FIFO where a site keeps its own files ----------------------------------------------


@needs_fifo
def test_a_fifo_among_the_scaffolds_is_a_warning_of_check(hexo, capsys):
    fifo = hexo / "scaffolds" / "post.md"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "check", str(hexo))
    assert code == 0
    assert f"{fifo}: warning: the scaffold is a FIFO (named pipe), not a regular file; skipped" in (
        out.splitlines()
    )
    assert "checked 1 file(s), 1 site or schema warning(s)" in err


@needs_fifo
def test_a_fifo_as_the_schema_is_reported_by_check_fix_and_schema_infer(hexo, capsys, tmp_path):
    schema = hexo / STATE_FOLDER / "schema.toml"
    schema.parent.mkdir()
    os.mkfifo(schema)
    said = f"{schema}: the schema is a FIFO (named pipe), not a regular file; not read"
    code, out, _ = run(capsys, "check", str(hexo))
    assert code == 0 and out.splitlines()[-1] == said.replace(": the", ": warning: the", 1)
    code, _, err = run(capsys, "fix", "--respell-dates", str(hexo))
    assert code == 3 and f"error: {said}" in err.splitlines()
    code, _, err = run(capsys, "schema", "infer", str(hexo))
    assert code == 3 and f"error: {said}" in err.splitlines()
    assert schema.is_fifo()  # never replaced


def test_invalid_toml_in_the_schema_says_where(hexo, capsys):
    schema = hexo / STATE_FOLDER / "schema.toml"
    schema.parent.mkdir()
    schema.write_text("garbage = [\n")
    code, out, _ = run(capsys, "check", str(hexo))
    assert code == 0
    assert out.splitlines() == [
        f"{schema}:1: warning: invalid TOML: Invalid value (at the end of the file)"
    ]


# -- 2. arguments that are not UTF-8 text ----------------------------------------------------

# How Python hands over an argument holding a byte that is not UTF-8 (b"\xff"),
# and one holding the UTF-8 of a lone surrogate (b"\xed\xa0\x80").
BAD = ["\udcff", "\udced\udca0\udc80"]


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize(
    "query", ["tag:{}", "cat:{}", "author:{}", "key:{}", "-tag:{}", 'tag:"a {}"', "{}"]
)
def test_a_query_that_is_not_utf8_is_a_usage_error(library, capsys, query, bad):
    text = query.format(bad)
    for argv, command in (
        (["list", str(library), "--query", text], "list"),
        (["search", str(library), text], "search"),
        # (a query starting with "-" is an option to argparse after --add NAME)
        (["saved", str(library), "--add", "name", f" {text}"], "saved"),
        (["export", str(library), "--query", text, "--html-dir", str(library / "out")], "export"),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2, (argv, err)
        first = err.splitlines()[0]
        assert first.startswith(f"article-reader {command}: error in the query: ")
        assert "is not valid UTF-8 text (at character " in first
        assert "Traceback" not in err and out == ""
    assert not (library / "out").exists()
    assert not (library / STATE_FOLDER).exists()  # no saved search was written


@pytest.mark.parametrize("bad", BAD)
def test_an_option_that_is_not_utf8_is_a_usage_error_naming_it(library, capsys, bad):
    for option in ("--tag", "--category", "--author", "--saved"):
        code, out, err = run(capsys, "list", str(library), option, f"a{bad}")
        assert code == 2 and out == ""
        assert err.startswith(f"article-reader list: error: {option}: not valid UTF-8 text: a\\x")
    for argv, name in (
        (["saved", str(library), "--add", f"n{bad}", "tag:x"], "NAME"),
        (["saved", str(library), "--rename", "old", f"n{bad}"], "NEW"),
        (["saved", str(library), "--delete", f"n{bad}"], "NAME"),
        (["rename-tag", str(library), "x", f"n{bad}"], "NEW"),
        (["rename-category", str(library), f"n{bad}", "y"], "OLD"),
        (["fix", str(library), "--add", f"x{bad}=1", "--dry-run"], "--add"),
        (["fix", str(library), "--add", "x=1", "--where", f"tag:{bad}"], "--where"),
        # (a key was refused per file, exit 3, its message holding "\udcff";
        # a title lost its byte without a word)
        (["set", "-s", f"k{bad}=1", str(library / "a.md")], "-s"),
        (["set", "-u", f"k{bad}", str(library / "a.md")], "-u"),
        (
            ["export", str(library), "--title", f"t{bad}", "--html-dir", str(library.parent / "x")],
            "--title",
        ),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert err.startswith(f"article-reader {argv[0]}: error: {name}: not valid UTF-8 text")
    assert not (library / STATE_FOLDER).exists()


@pytest.mark.skipif(os.name == "nt", reason="names are UTF-16 there")
def test_check_names_a_file_name_the_library_cannot_index(tmp_path, capsys):
    # check passed the folder (exit 0) that list, search and every bulk edit
    # then refused, exit 3
    folder = tmp_path / "lib"
    folder.mkdir()
    name = os.fsdecode(b"x\xffy.md")
    (folder / name).write_text("---\ntitle: X\n---\nbody\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1
    assert out.splitlines() == [
        f"{folder}/x\\xffy.md: error: the file name is not valid UTF-8; rename it to index it"
    ]


# -- 3. a problem on its own line ---------------------------------------------------------------


def test_an_invalid_date_is_reported_on_its_line(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\na: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ndate: 2021-02-30\n---\nb\n")
    code, out, _ = run(capsys, "check", str(bad))
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:9: error: invalid YAML value: day is out of range for month"
    ]
    toml = tmp_path / "bad-toml.md"
    toml.write_text("+++\ntitle = 'x'\na = 1\nb = 2\nc = @\n+++\nbody\n")
    code, out, _ = run(capsys, "check", str(toml))
    assert out.splitlines() == [f"{toml}:5: error: invalid TOML: Invalid value (column 5)"]


# -- 4. a path that cannot be looked at ------------------------------------------------------


def test_check_names_a_loop_of_links_and_a_name_too_long(tmp_path, capsys):
    (tmp_path / "loop").symlink_to("loop.md")
    (tmp_path / "loop.md").symlink_to("loop")
    code, _, err = run(capsys, "check", str(tmp_path / "loop.md"))
    assert code == 3
    assert err == f"error: {tmp_path / 'loop.md'}: cannot read: {os.strerror(errno.ELOOP)}\n"
    long = tmp_path / ("a" * 300)
    code, _, err = run(capsys, "check", str(long))
    assert code == 3 and err.startswith(f"error: {long}: cannot read: ")
    code, _, err = run(capsys, "check", str(tmp_path / "missing.md"))
    assert code == 3 and err == f"error: {tmp_path / 'missing.md'}: no such file or folder\n"


# -- 5. another device's log full of damaged lines ---------------------------------------------


def test_a_log_of_many_bad_lines_gives_a_few_warnings(library, capsys):
    from reader.core.library.state.log import MAX_WARNINGS

    log = library / STATE_FOLDER / "state" / "bbbbbbbb-0000-4000-8000-000000000002.jsonl"
    log.parent.mkdir(parents=True)
    log.write_bytes(b'{"t": 1, "dev": "nobody", "path": "a.md"}\n' * 20_000)
    for argv in (["list", str(library), "--starred"], ["mark", "--star", str(library / "a.md")]):
        code, _, err = run(capsys, *argv)
        assert code == 0
        warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
        assert len(warnings) == MAX_WARNINGS + 1
        assert warnings[0] == f"warning: {log}:1: not a reading-state change; skipped"
        assert warnings[-1] == (
            f"warning: {log}: …and {20_000 - MAX_WARNINGS:,} more bad line(s); skipped"
        )


# -- 6. messages that name the right thing, readably ------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rename-category", "a", ""], "NEW: a category path must not be empty"),
        (["rename-category", " / ", "b"], "OLD: a category path must not be empty"),
        (["rename-tag", "x", "  "], "NEW: a tag name must not be empty"),
        (["rename-tag", "", "y"], "OLD: a tag name must not be empty"),
    ],
)
def test_an_empty_rename_argument_is_named(library, capsys, argv, message):
    code, out, err = run(capsys, argv[0], str(library), *argv[1:])
    assert code == 2 and out == ""
    assert err == f"article-reader {argv[0]}: error: {message}\n"
    assert "<article>" not in err


@needs_git
def test_a_commit_refused_by_a_hook_shows_its_lines(tmp_path, git_env, capsys):
    top = init_repo(tmp_path / "site")
    write(top, "a.md", article("Alpha"))
    commit_all(top, "first")
    hook = top / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\necho 'hook says no' >&2\necho >&2\necho '  see:\tthe docs' >&2\nexit 1\n"
    )
    hook.chmod(0o755)
    write(top, "a.md", article("Alpha 2"))
    code, _, err = run(capsys, "commit", str(top), "-m", "change")
    assert code == 3
    assert err.splitlines() == [f"error: {top}: hook says no", "    see:\\tthe docs"]
