"""What a new user met trying each command the way the README says: a
closed pipe cut a write short, `check --json` gave a file several lines,
`render` wrote a file name's escape sequence raw, a dumb terminal got erase
codes, `fix --respell-dates` rewrote dates `check` found right, the help
left out exit codes and JSON keys, a mistyped command or option was not
named as one, `--where -cat:x` matched nothing silently, and a closed
standard output or error ended in a traceback or a mixed listing."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from reader.cli import main
from tests.core.libhelpers import write


def _closed_pipe_run(argv: list[str], cache_dir) -> tuple[int, str]:
    """Run the command with its standard output a pipe closed before it
    writes (`… | head -0`), unbuffered, so that its first line meets the
    closed pipe; the exit code and standard error."""
    env = dict(os.environ, ARTICLE_READER_CACHE_DIR=str(cache_dir), PYTHONUNBUFFERED="1")
    with subprocess.Popen(
        [sys.executable, "-m", "reader", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        errors = process.stderr.read().decode()
        return process.wait(), errors


def test_set_into_a_closed_pipe_still_writes_every_file(root, cache_dir):
    # `article-reader set *.md -s k=v | head -1` changed the first file and
    # stopped, exit 0: the rest were never written
    files = [
        write(root, f"a{number:02d}.md", f"---\ntitle: t{number}\n---\nbody\n")
        for number in range(20)
    ]
    bad = write(root, "zz-bad.md", "---\ntitle: [unclosed\n---\nbody\n")
    code, errors = _closed_pipe_run(["set", *map(str, files), str(bad), "-s", "k=v"], cache_dir)
    assert "Traceback" not in errors
    assert code == 3, errors  # the file with an error was skipped, and says so
    assert "zz-bad.md:2" in errors
    assert all(b"\nk: v\n" in path.read_bytes() for path in files)


def test_check_into_a_closed_pipe_still_says_problems_were_found(root, cache_dir):
    for number in range(20):
        write(root, f"a{number:02d}.md", "---\ntitle: [unclosed\n---\nbody\n")
    for extra in ([], ["--json"]):
        code, errors = _closed_pipe_run(["check", str(root), *extra], cache_dir)
        assert "Traceback" not in errors
        assert code == 1, (extra, errors)


def test_render_shows_a_problem_of_a_file_named_with_an_escape_as_an_escape(root, capsys):
    # show and check wrote `esc\x1b[2Jname.md:2: error: …`; render wrote the
    # escape sequence itself to the terminal (it clears the screen)
    path = write(root, "esc\x1b[2Jname.md", "---\ntitle: [unclosed\n---\nbody\n")
    assert main(["render", str(path)]) == 3
    errors = capsys.readouterr().err
    assert "\x1b" not in errors
    assert "esc\\x1b[2Jname.md:2: error: invalid YAML" in errors


def test_check_json_is_one_line_per_file_with_the_schema_findings_in_it(root, capsys):
    # `check --json` ("JSON Lines: path and problems per file") gave a file
    # once with its own problems and once more for each schema finding: a
    # reader keeping one object per path lost all but the last
    write(root, "a.md", "---\ntitle: A\ntags: one\ndate: 2021-01-01\n---\nbody\n")
    write(root, "b.md", "---\ntitle: B\ntags: [x]\ndate: 2021-01-02\n---\nbody\n")
    write(root, "c.md", "---\ntitle: C\ntags: [y]\ndate: 2021-01-03\n---\nbody\n")
    write(root, ".article-reader/schema.toml", '[keys.tags]\ntype = "list"\nrequired = true\n')
    (root / "d.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    code = main(["check", "--json", str(root)])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    paths = [row["path"] for row in rows]
    assert (
        sorted(paths)
        == sorted({*paths})
        == [str(root / n) for n in ("a.md", "b.md", "c.md", "d.md")]
    )
    by_path = {row["path"]: row["problems"] for row in rows}
    assert by_path[str(root / "a.md")] == [
        {"severity": "warning", "message": "'tags' is a string, the schema says list", "line": 3}
    ]
    assert by_path[str(root / "d.md")][0]["severity"] == "error"
    assert by_path[str(root / "b.md")] == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_of_an_export_on_a_dumb_terminal_has_no_escape_codes(monkeypatch):
    # on a terminal the progress line is rewritten in place with "\x1b[K",
    # which a dumb one (TERM=dumb: an editor's shell buffer) prints as is
    from reader.cli.collections import _ProgressLine

    for term, live in (("xterm-256color", True), ("dumb", False)):
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setenv("TERM", term)
        progress = _ProgressLine("exported")
        progress(1, 2, "a.md")
        progress.end()
        assert ("\x1b[K" in terminal.getvalue()) is live


def test_fix_respell_dates_leaves_the_dates_check_finds_spelled_right(root, cache_dir, capsys):
    # check and fix --respell-dates agree on what is spelled otherwise: fix
    # rewrote a YAML date written with a T that check said nothing of (the
    # sample library's bookbinding and keeping-notes articles).  A YAML
    # timestamp's spelling is its text: the T is the site's odd one out.
    posts = {
        "a.md": "date: 2023-05-02 14:10:00+08:00",
        "b.md": "date: 2023-05-03 09:00:00+08:00",
        "c.md": "date: 2023-05-04T08:00:00+08:00",
        "d.md": "date: '2023-05-05 07:00:00 +0800'",
    }
    for name, line in posts.items():
        write(root, name, f"---\ntitle: {name}\n{line}\n---\nbody\n")
    assert main(["schema", "infer", str(root)]) == 0
    capsys.readouterr()
    assert main(["check", str(root)]) == 0
    flagged = {line.split(":")[0] for line in capsys.readouterr().out.splitlines()}
    assert main(["fix", str(root), "--respell-dates", "--dry-run"]) == 0
    diff = capsys.readouterr().out
    changed = {line[len("+++ b/") :] for line in diff.splitlines() if line.startswith("+++ ")}
    assert {os.path.basename(path) for path in flagged} == changed == {"c.md", "d.md"}
    assert "-date: '2023-05-05 07:00:00 +0800'\n+date: '2023-05-05 07:00:00+08:00'\n" in diff
    assert "-date: 2023-05-04T08:00:00+08:00\n+date: 2023-05-04 08:00:00+08:00\n" in diff


def test_the_help_lists_the_exit_codes_the_readme_lists(capsys):
    # the README's exit codes include 130, 143 and 129; --help stopped at 3
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "130 interrupted (Ctrl+C), 143 and 129 stopped by SIGTERM or SIGHUP" in out


def test_a_mistyped_command_is_named_as_one(tmp_path, capsys, monkeypatch):
    # `article-reader lsit ~/news` said "give at most one library folder or
    # file to open" and printed the whole usage: it never said the command
    # was not one
    monkeypatch.chdir(tmp_path)
    assert main(["lsit", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "article-reader: error: no command 'lsit' (run 'article-reader --help' for the commands)"
    ]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "an empty name; give a library folder or file to open"),
        ("loop", "loop: a loop of symbolic links"),
        ("dangling", "dangling: a symbolic link to nothing"),
        ("missing", "missing: no such file or folder"),
    ],
)
def test_what_the_window_cannot_open_is_refused_before_it_starts(
    tmp_path, capsys, monkeypatch, name, said
):
    # (CLI attack) `article-reader "$LIB"` with LIB unset opened the library
    # of last time (Path("") is the current folder); a loop of links was
    # "no such file or folder"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "dangling").symlink_to("nothing")
    assert main([name]) == 2
    assert capsys.readouterr().err.splitlines() == [f"article-reader: error: {said}"]


def test_fix_where_leaves_a_category_out_as_the_query_language_does(root, cache_dir, capsys):
    # `--where=-cat:news` was read as a front-matter key "-cat" that no
    # article has (nothing to do, exit 0), then refused; --where is the query
    # language now, and leaves the category out
    write(root, "a.md", "---\ntitle: A\ncategories: [news]\n---\nbody\n")
    write(root, "b.md", "---\ntitle: B\ncategories: [notes]\n---\nbody\n")
    before = {path.name: path.read_bytes() for path in root.iterdir()}
    assert main(["fix", str(root), "--add", "x=1", "--where=-cat:news", "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "+x: 1" in captured.out and "b.md" in captured.out and "a.md" not in captured.out
    assert "1 file(s) would change" in captured.err
    assert {path.name: path.read_bytes() for path in root.iterdir()} == before


def test_an_unknown_option_is_said_by_the_command_it_was_given_to(root, cache_dir, capsys):
    # `list LIB --bogus` printed the usage of the top-level parser (a brace
    # list of every command) and "article-reader: error: …", naming no command
    for argv, prog in (
        (["list", str(root), "--bogus"], "article-reader list"),
        (["schema", "infer", str(root), "--bogus"], "article-reader schema infer"),
        (["show", "--bogus", "a.md"], "article-reader show"),
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"usage: {prog} "), err
        assert err.endswith(f"{prog}: error: unrecognized arguments: --bogus\n")
        assert "{show,set" not in err


def _run_closed(root, cache_dir, redirect: str, *argv: str) -> subprocess.CompletedProcess:
    """The command run by a shell with one of its streams closed (``>&-``)."""
    env = dict(os.environ, ARTICLE_READER_CACHE_DIR=str(cache_dir))
    script = f'exec "$0" -m reader "$@" {redirect}'
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *argv],
        capture_output=True,
        env=env,
        check=False,
    )


def test_a_closed_standard_output_or_error_is_no_traceback_and_no_mix(root, cache_dir):
    # `list LIB >&-` ended in a traceback (sys.stdout is None); with `2>&-`
    # the count meant for standard error ("1 article(s)") went into the listing
    write(root, "a.md", "---\ntitle: A\ndate: 2021-01-01\n---\nbody\n")
    closed_out = _run_closed(root, cache_dir, ">&-", "list", str(root))
    # (lost without a word, exit 0: now said, as `ls >&-` says it)
    assert closed_out.returncode == 3, closed_out.stderr
    assert b"Traceback" not in closed_out.stderr
    assert b"error: standard output: Bad file descriptor; the output is incomplete" in (
        closed_out.stderr
    )
    # a writing command still does its work
    edited = _run_closed(root, cache_dir, ">&-", "set", "-s", "k=v", str(root / "a.md"))
    assert edited.returncode == 3 and b"Traceback" not in edited.stderr
    assert "k: v" in (root / "a.md").read_text(encoding="utf-8")
    # nothing to say: nothing lost
    quiet = _run_closed(root, cache_dir, ">&-", "index", str(root))
    assert b"Traceback" not in quiet.stderr
    closed_err = _run_closed(root, cache_dir, "2>&-", "list", str(root))
    assert closed_err.returncode == 0
    assert closed_err.stdout.decode().splitlines() == ["2021-01-01  A  (-)  a.md"]


def test_saved_json_has_the_keys_its_help_names(root, cache_dir, capsys):
    # the help said "id, name, query"; each line has "created" too
    assert main(["saved", str(root), "--add", "news", "tag:news"]) == 0
    capsys.readouterr()
    assert main(["saved", str(root), "--json"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["saved", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "JSON Lines: " + ", ".join(row) in shown


def _readme_news_commands() -> list[str]:
    """The README's example commands that run on its copy of the sample
    library, ``~/news`` (each line of its shell blocks that starts with
    ``article-reader`` or ``cd ~/news``; ``import`` takes the reader's own
    saved pages: left out)."""
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    commands, in_shell = [], False
    for line in readme.splitlines():
        if line.startswith("```"):
            in_shell = line.strip() == "```sh"
            continue
        wanted = line.startswith(("article-reader ", "cd ")) and "~/Downloads" not in line
        if in_shell and wanted and "~/news" in line:
            commands.append(line)
    return commands


def test_the_readmes_examples_run_on_its_copy_of_the_sample_library(
    tmp_path, cache_dir, monkeypatch, capsys
):
    # (new user) most of them failed there: paths of folders the sample has
    # not (~/blog, ~/news/2024/05), categories and words it has not (金融)
    import glob
    import shlex
    import shutil
    from pathlib import Path

    sample = Path(__file__).parents[2] / "resources" / "sample-library"
    news = tmp_path / "news"
    shutil.copytree(sample, news)
    monkeypatch.setenv("ARTICLE_READER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    commands = _readme_news_commands()
    assert len(commands) >= 12
    for line in commands:
        for command in line.split(" && "):
            words = shlex.split(command.replace("~/news", str(news)))
            if words[0] == "cd":
                monkeypatch.chdir(words[1])
                continue
            argv: list[str] = []
            for word in words[1:]:
                argv += sorted(glob.glob(word)) if "*" in word else [word]
            code = main(argv)
            captured = capsys.readouterr()
            assert code == 0, (command, captured.err)
            assert "0 article(s)\n" not in captured.out + captured.err, command
