"""One bad file never takes a library down: every command reports it, with
its line, and carries on with the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
BAD = {
    "latin1.md": b"---\ntitle: x\n---\ncaf\xe9 zeppelin\n",
    "deep.md": ("+++\nx = " + "[" * 2000 + "]" * 2000 + "\n+++\nzeppelin\n").encode(),
    "laughs.md": f"---\ntags: [keep]\n{LAUGHS}---\nzeppelin\n".encode(),
    "loop.md": b"---\ntags: [keep]\na: &a [*a]\n---\nzeppelin\n",
    "bell.md": b'---\ntitle: "ding\\a"\ntags: [keep]\n---\nzeppelin\n',
}
LINES = {"latin1.md": 4, "deep.md": 2, "laughs.md": 7, "loop.md": 3, "bell.md": 2}


@pytest.fixture
def library(root, cache_dir):
    for name, raw in BAD.items():
        write(root, name, raw)
    write(root, "good.md", article("Good", tags="[keep]", body="<p>zeppelin</p>\n"))
    return root


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_index_list_and_search_carry_on(library, capsys):
    code, out, _ = run(capsys, "index", str(library))
    assert code == 0
    assert "articles: 6" in out and "full text: 6 article(s) indexed" in out

    code, out, _ = run(capsys, "list", str(library), "--problems", "--json", "--excerpts")
    assert code == 1
    rows = {row["path"]: row for row in map(json.loads, out.splitlines())}
    assert set(rows) == set(BAD)
    for name, line in LINES.items():
        assert line in [p["line"] for p in rows[name]["problems"]], name
    assert rows["latin1.md"]["excerpt"] == "caf zeppelin"

    code, out, _ = run(capsys, "search", str(library), "zeppelin", "--json")
    assert code == 0
    assert {json.loads(line)["path"] for line in out.splitlines()} == {*BAD, "good.md"}


def test_check_reports_every_file_with_its_line(library, capsys):
    code, out, err = run(capsys, "check", str(library))
    assert code == 1
    for name, line in LINES.items():
        assert f"{library / name}:{line}: " in out, name
    assert "checked 6 file(s)" in err


def test_rename_tag_skips_the_broken_files_and_renames_the_rest(library, capsys):
    code, out, err = run(capsys, "rename-tag", str(library), "keep", "kept")
    assert code == 3  # some files were skipped
    assert f"{library / 'good.md'}: saved" in out and f"{library / 'bell.md'}: saved" in out
    for name in ("laughs.md", "loop.md", "deep.md"):
        assert f"{library / name}: does not parse" in err
        assert (library / name).read_bytes() == BAD[name]


def test_show_json_of_an_alias_bomb_is_small(library, capsys):
    code, out, err = run(capsys, "show", "--json", str(library / "laughs.md"))
    assert code == 3
    assert len(out) < 2000
    assert "laughs.md:7: error: YAML aliases expand to more than 10,000 values" in err
    assert json.loads(out)["metadata"] == {}


def test_set_refuses_an_alias_bomb_file_and_leaves_it(library, capsys):
    for name in ("laughs.md", "loop.md"):
        code, _, err = run(capsys, "set", str(library / name), "-s", "title=x")
        assert code == 3 and "not saved: the file has an error" in err
        assert (library / name).read_bytes() == BAD[name]


@pytest.mark.parametrize(
    "value, message",
    [
        ("&a [*a]", "the alias *a is used inside its own anchor &a (a recursive alias)"),
        (LAUGHS.replace("\n", ", ").join("{}"), "aliases expand to more than 10,000 values"),
        ("[" * 3000 + "]" * 3000, "nests deeper than 100 levels"),
    ],
)
def test_set_refuses_a_recursive_or_exploding_value_as_a_usage_error(
    library, capsys, value, message
):
    target = library / "good.md"
    before = target.read_bytes()
    code, _, err = run(capsys, "set", str(target), "-s", f"k={value}")
    assert code == 2
    assert "-s k: the value is refused: " in err and message in err
    assert target.read_bytes() == before


def test_set_refuses_a_value_whose_comment_would_be_dropped(library, capsys):
    target = library / "good.md"
    before = target.read_bytes()
    code, _, err = run(capsys, "set", str(target), "-s", "title=C# and F# #1")
    assert code == 2
    assert "-s title: the value is refused (column 11): #1 is a YAML comment" in err
    assert "quote the value ('C# and F# #1')" in err and "Traceback" not in err
    assert target.read_bytes() == before
    code, _, _ = run(capsys, "set", str(target), "-s", "title='C# and F# #1'")
    assert code == 0 and "title: 'C# and F# #1'" in target.read_text()


@pytest.mark.parametrize(
    "value", ["2021-10-03 10:00:00.1234567", "[1, 2021-10-03T10:00:00.123456789Z]"]
)
def test_set_refuses_a_time_it_would_cut_and_keeps_it_quoted(library, capsys, value):
    """A timestamp with more than six digits after the seconds would be saved
    cut to microseconds: refused (exit 2, nothing written); quoted, it is text."""
    target = library / "good.md"
    before = target.read_bytes()
    code, _, err = run(capsys, "set", str(target), "-s", f"date={value}")
    assert code == 2 and "more than six digits after the seconds" in err
    assert "quote it" in err and target.read_bytes() == before
    code, _, _ = run(capsys, "set", str(target), "-s", "date='2021-10-03 10:00:00.1234567'")
    assert code == 0 and b"date: '2021-10-03 10:00:00.1234567'" in target.read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_show_refuses_a_fifo_and_a_device_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "zero.md").symlink_to(os.devnull)
    done = subprocess.run(
        [sys.executable, "-m", "reader", "show", "pipe.md", "zero.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert "pipe.md: is a FIFO (named pipe), not a regular file; not read" in done.stderr
    assert "zero.md: is a character device, not a regular file; not read" in done.stderr
