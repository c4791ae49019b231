"""Plain output is safe on a terminal: control characters from files (escape
sequences, newlines, tabs, bidirectional overrides) are shown as escapes, one
line per article stays one line, Chinese stays Chinese; JSON stays exact."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from reader.cli import main
from tests.core.libhelpers import write

# YAML escapes: ESC, a tab, a newline, a C1 CSI and a right-to-left override.
TITLE_YAML = '"红\\e[31mred\\tx\\nnew \\x9b \\u202e 中文"'
TITLE = "红\x1b[31mred\tx\nnew \x9b \u202e 中文"
SHOWN = "红\\x1b[31mred\\tx\\nnew \\u009b \\u202e 中文"
NAME = "esc\x1b[2Jname.md"  # a file name with an escape sequence
NAME_SHOWN = "esc\\x1b[2Jname.md"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]")  # anything but "\n"


@pytest.fixture
def library(root, cache_dir):
    text = f"---\ntitle: {TITLE_YAML}\ntags: [a]\n---\n知识产权 body \x1b[2J text\n"
    write(root, NAME, text)
    write(root, "plain.md", "---\ntitle: 普通中文\n---\n知识产权\n")
    return root


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert not RAW.search(out), out
    assert not RAW.search(err), err
    return code, out, err


def test_list_escapes_titles_and_paths_one_line_each(library, capsys):
    code, out, _ = _run(capsys, "list", str(library), "--sort", "title")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert SHOWN in lines[1] and NAME_SHOWN in lines[1]
    assert "普通中文" in lines[0]


def test_show_escapes_every_value_and_the_problems(library, capsys):
    code, out, err = _run(capsys, "show", str(library / NAME), str(library / "plain.md"))
    assert code == 0
    assert f"title       {SHOWN}\n" in out and "title       普通中文\n" in out
    assert NAME_SHOWN in out and NAME_SHOWN in err  # the body's control character is a problem


def test_search_escapes_titles_and_snippets(library, capsys):
    code, out, _ = _run(capsys, "search", str(library), "知识产权")
    assert code == 0
    assert SHOWN in out and "\\x1b[2J" in out


def test_check_escapes_the_file_names_in_problems(library, capsys):
    code, out, _ = _run(capsys, "check", str(library))
    assert code == 1
    assert f"{NAME_SHOWN}:5:" in out


def test_bulk_output_and_diff_are_escaped(library, capsys):
    code, out, _ = _run(capsys, "rename-tag", str(library), "a", "b", "--dry-run")
    assert code == 0
    assert f"+++ b/{NAME_SHOWN}\n" in out and "\\x1b[2J" in out
    code, out, _ = _run(capsys, "rename-tag", str(library), "a", "b")
    assert code == 0 and f"{NAME_SHOWN}: saved\n" in out
    code, out, _ = _run(capsys, "undo", str(library))
    assert code == 0 and f"{NAME_SHOWN}: restored\n" in out


def test_json_output_is_exact(library, capsys):
    assert main(["list", str(library), "--json", "--sort", "title"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out)  # JSON escapes these too (\u009b, \u202e)
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[1]["title"] == TITLE and rows[1]["path"] == NAME
    assert main(["show", str(library / NAME), "--json"]) == 0
    captured = capsys.readouterr()
    assert not RAW.search(captured.out)
    assert json.loads(captured.out)["title"] == TITLE


def test_a_real_terminal_stream_gets_no_raw_escape(library, cache_dir):
    """Through a pipe, as a terminal would receive it (bytes, UTF-8)."""
    done = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(library)],
        capture_output=True,
        timeout=60,
        check=False,
        env={"ARTICLE_READER_CACHE_DIR": str(cache_dir), "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout and b"\xc2\x9b" not in done.stdout
    assert SHOWN.encode() in done.stdout and "普通中文".encode() in done.stdout


def test_a_crlf_file_diff_keeps_its_line_ends_and_nothing_else_raw(root, cache_dir, capsys):
    write(root, "crlf.md", b"---\r\ntitle: x\r\ntags: [a]\r\n---\r\nbo\rdy\r\n")
    assert main(["rename-tag", str(root), "a", "b", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "-tags: [a]\r\n+tags: [b]\r\n" in out
    # a lone carriage return ends a line of the file (the hunk counts 6), and
    # of the diff as \r\n does; never obeyed alone (the line written over)
    assert "@@ -1,6 +1,6 @@\n" in out and " bo\r\n dy\r\n" in out
    assert out.replace("\r\n", "\n").count("\r") == 0


def test_a_cr_file_diff_has_one_line_per_line(root, cache_dir, capsys):
    # old Mac line ends: the diff was one output line of \r escapes, its
    # + and - in the middle of it
    write(root, "cr.md", b"---\rtitle: cr\rtags: [a]\r---\rbody\r")
    expected = [
        "--- a/cr.md",
        "+++ b/cr.md",
        "@@ -1,5 +1,5 @@",
        " ---\r",
        " title: cr\r",
        "-tags: [a]\r",
        "+tags: [b]\r",
        " ---\r",
        " body\r",
    ]
    assert main(["rename-tag", str(root), "a", "b", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.split("\n")[:-1] == expected
    assert main(["set", str(root / "cr.md"), "-s", "title=X", "--dry-run"]) == 0
    out = capsys.readouterr().out
    lines = out.split("\n")[:-1]
    assert lines[0].startswith("--- ") and lines[2] == "@@ -1,5 +1,5 @@"
    assert lines[3:] == [
        " ---\r",
        "-title: cr\r",
        "+title: X\r",
        " tags: [a]\r",
        " ---\r",
        " body\r",
    ]
