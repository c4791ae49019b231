"""End to end: a library of hundreds of seed-shaped articles plus awkward
hand-written files, one key edited in each through the CLI, byte-level
fidelity checked for every file."""

from __future__ import annotations

import difflib
import json

import pytest

from reader.cli import main
from tests.fixtures.library_gen import write_library

AWKWARD = {
    "crlf.md": b"---\r\ntitle: Windows\r\ntags:\r\n  - a\r\n---\r\nbody\r\n",
    "bom.md": "\ufeff---\ntitle: 带 BOM\n---\n正文\n".encode(),
    "comments.md": (
        b"---\n# leading comment\ntitle: x  # inline\n\n# between\nauthor: me\n# trailing\n---\nb\n"
    ),
    "jekyll.md": b"---\ntitle: Dots\nlayout: post\n...\nbody\n",
    "toml.md": b'+++\ntitle = "TOML"\ndate = 2021-04-16T15:21:00Z\n\n[params]\nx = 1\n+++\nbody\n',
    "hexo-json.md": b';;;\n"title": "JSON",\n"date": "2013/7/13 20:46:25"\n;;;\nbody\n',
    "hugo-json.md": b'{\n  "title": "Hugo",\n  "tags": ["a", "b"]\n}\n\nbody\n',
    "no-front-matter.md": b"# Only a heading\n\ntext\n",
    "block-scalar.md": b"---\ntitle: T\ndescription: |\n  one\n  two\n\nlast: 1\n---\n",
    "quoted-keys.md": b"---\n'title': 'Quoted'\n\"author\": \"Q\"\n---\n",
    "trailing-spaces.md": b"---   \ntitle: T   \n---  \nbody   \n   ",
    "leading-blank.txt": b"\n\n---\ntitle: T\n---\n\n<div><p>x</p></div>\n      ",
    "flow-map.md": b"---\ntitle: T\nseo: {keywords: [a, b], robots: index}\n---\n",
    "emoji.md": "---\ntitle: 😀 表情\n---\n".encode(),
    "2020-01-02-dated-by-name.md": b"---\ntitle: Named\n---\n",
}


@pytest.fixture
def library(tmp_path):
    paths = write_library(tmp_path / "generated", 300, seed=7)
    for name, raw in AWKWARD.items():
        (tmp_path / name).write_bytes(raw)
        paths.append(tmp_path / name)
    return paths


def _other_lines(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    matcher = difflib.SequenceMatcher(
        a=old.decode("utf-8").splitlines(True),
        b=new.decode("utf-8").splitlines(True),
        autojunk=False,
    )
    removed, added = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += matcher.a[i1:i2]
            added += matcher.b[j1:j2]
    return removed, added


def test_edit_one_key_in_every_file_through_the_cli(library, capsys):
    originals = {path: path.read_bytes() for path in library}

    # 1. Add a key to every file, then remove it: every file is back byte for byte.
    assert main(["set", *map(str, library), "-s", "reviewed=true"]) == 0
    for path, raw in originals.items():
        new = path.read_bytes()
        if raw.lstrip(b"\xef\xbb\xbf\r\n ").startswith((b"---", b"+++", b";;;", b"{")):
            removed, added = _other_lines(raw, new)
            if path.name.endswith("json.md"):
                # JSON needs a comma after the member before the new one.
                assert [line.rstrip("\n") + ",\n" for line in removed] == added[:-1], path.name
                added = added[-1:]
            else:
                assert removed == [], path.name
            assert len(added) == 1 and "reviewed" in added[0], (path.name, added)
    assert main(["set", *map(str, library), "-u", "reviewed"]) == 0
    for path, raw in originals.items():
        if path.name != "no-front-matter.md":
            assert path.read_bytes() == raw, path.name

    # 2. Change the title of every file: only the title line changes.
    capsys.readouterr()
    for path in library:
        assert main(["set", str(path), "-s", "title=新的标题 New title"]) == 0, path
    for path, raw in originals.items():
        new = path.read_bytes()
        removed, added = _other_lines(raw, new)
        if path.name == "no-front-matter.md":
            continue
        assert len(added) == 1 and "新的标题 New title" in added[0], (path.name, added)
        assert len(removed) == 1 and "title" in removed[0].lower(), (path.name, removed)
        # The body is untouched: the file ends exactly as it did.
        body_start = raw.find(b"\n", raw.find(b"title")) + 1
        assert new.endswith(raw[body_start:]), path.name

    # 3. Everything reads back with the new title and no new problems.
    capsys.readouterr()
    assert main(["show", "--json", *map(str, library)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(library)
    assert all(row["title"] == "新的标题 New title" for row in rows)
    assert all(not [p for p in row["problems"] if p["severity"] == "error"] for row in rows)
