"""A corpus of hostile article files, written fresh for each run.

Each entry is something a real folder can hold by accident or by malice: bad
encodings, nesting and alias bombs, pathological text, special files, names
at the limits.  ``tests/cli/test_hostile_corpus.py`` runs every command over
it; ``tests/benchmarks/stress.py`` counts the outcomes.
"""

from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FRONT = "---\ntitle: {title}\ntags: [a]\ncategories: [A, B]\ndate: 2021-04-16 15:21:00\n---\n"


def _front(title: str = "Hostile") -> str:
    return FRONT.format(title=title)


def _billion_laughs() -> bytes:
    lines = ["---", "title: laughs", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([prev] * 9)}]")
    lines += ["---", "body"]
    return ("\n".join(lines) + "\n").encode()


def _deep_block_yaml(depth: int) -> bytes:
    lines = ["---", "title: deep"]
    for level in range(depth):
        lines.append("  " * level + f"k{level}:")
    lines[-1] += " end"
    lines += ["---", "body"]
    return ("\n".join(lines) + "\n").encode()


def _nest(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _random_bytes(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


# name -> bytes (regular files).  Every name is an article name.
REGULAR: dict[str, Callable[[], bytes]] = {
    "latin1-body.md": lambda: b"---\ntitle: x\ntags: [a]\n---\ncaf\xe9\n",
    "latin1-front.md": lambda: b"---\ntitle: caf\xe9\ntags: [a]\n---\nbody\n",
    "nul-bytes.md": lambda: _front().encode() + b"body\x00with\x00nuls\n",
    "binary.md": lambda: _random_bytes(7, 64 * 1024),
    "empty.md": lambda: b"",
    "bom-only.md": lambda: b"\xef\xbb\xbf",
    "toml-nesting.md": lambda: (
        b"+++\ntitle = 'x'\nx = " + b"[" * 2000 + b"]" * 2000 + b"\n+++\nb\n"
    ),
    "yaml-flow-nesting.md": lambda: (
        b"---\ntitle: x\nx: " + b"[" * 10000 + b"]" * 10000 + b"\n---\n"
    ),
    "yaml-block-nesting.md": lambda: _deep_block_yaml(3000),
    "json-nesting.md": lambda: b'{"title": "x", "x": ' + _nest(5000) + b"}\nbody\n",
    "billion-laughs.md": _billion_laughs,
    "recursive-alias.md": lambda: b"---\ntitle: x\na: &a [*a]\n---\nbody\n",
    "brackets.md": lambda: _front().encode() + b"[" * 1_000_000 + b"]\n",
    "open-tags.md": lambda: _front().encode() + b"<b" * 500_000 + b"\n",
    "long-line-cjk.md": lambda: _front().encode() + "知识产权".encode() * 250_000 + b"\n",
    "deep-html.html": lambda: _front().encode() + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000,
    "deep-list.md": lambda: (
        _front().encode() + "".join("  " * d + "- level\n" for d in range(300)).encode()
    ),
    "emphasis.md": lambda: _front().encode() + b"*a" * 200_000 + b"\n",
    "control-chars.md": lambda: (
        b'---\ntitle: "\\e[31mred\\e[0m \\x07bell"\ntags: ["\\e]0;owned\\a"]\n---\nx\n'
    ),
    "raw-escape-title.md": lambda: b"---\ntitle: a\x1b[2Jb\ntags: [a]\n---\nx\n",
    "unclosed.md": lambda: b"---\ntitle: x\ntags: [a]\nbody without a closing line\n",
    "unclosed-flow.md": lambda: b"---\ntitle: x\ntags: [a\n---\nbody\n",
    "tabs.md": lambda: b"---\ntitle: x\ntags:\n\t- a\n---\nbody\n",
    "duplicate-keys.md": lambda: b"---\ntitle: x\ntitle: y\ntags: [a]\n---\nbody\n",
    "many-keys.md": lambda: (
        "---\ntitle: many\n" + "".join(f"k{i}: {i}\n" for i in range(20_000)) + "---\nbody\n"
    ).encode(),
    "mixed-newlines.md": lambda: b"---\r\ntitle: x\rtags: [a]\n---\r\nbody\r",
    "conflict-markers.md": lambda: (
        b"---\n<<<<<<< HEAD\ntitle: mine\n=======\ntitle: theirs\n>>>>>>> other\n---\nbody\n"
    ),
    "not-a-mapping.md": lambda: b"---\n- just\n- a list\n---\nbody\n",
    "huge-scalar.md": lambda: b"---\ntitle: " + b"x" * 2_000_000 + b"\n---\nbody\n",
    "crlf-bom.md": lambda: b"\xef\xbb\xbf---\r\ntitle: ok\r\ntags: [a]\r\n---\r\nbody\r\n",
    ("n" * 240 + ".md"): lambda: _front("long name").encode() + b"body\n",
    "good.md": lambda: _front("A good one").encode() + b"<p>Everything is fine.</p>\n",
}

OVERSIZED = "oversized.md"  # a sparse file over the article size limit
FIFO = "pipe.md"
DEVICE_LINK = "zero.md"  # a symbolic link to /dev/zero


def write_corpus(folder: Path, *, special: bool = True) -> dict[str, Path]:
    """Write the corpus into ``folder``; returns name -> path.  ``special``
    adds a FIFO, a link to a character device and a sparse oversized file."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, make in REGULAR.items():
        path = folder / name
        path.write_bytes(make())
        paths[name] = path
    if special:
        oversized = folder / OVERSIZED
        with open(oversized, "wb") as handle:
            handle.write(_front("too big").encode())
            handle.truncate(65 * 1024 * 1024)
        paths[OVERSIZED] = oversized
        if hasattr(os, "mkfifo"):
            fifo = folder / FIFO
            os.mkfifo(fifo)
            paths[FIFO] = fifo
        if os.path.exists("/dev/zero"):
            link = folder / DEVICE_LINK
            link.symlink_to("/dev/zero")
            paths[DEVICE_LINK] = link
    return paths


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


# Runs one command per file in a single interpreter (fast), reporting each
# outcome as a JSON line, so that a traceback or a hang names its file.
_PER_FILE = r"""
import contextlib, io, json, sys
from reader.cli import main
command, files = sys.argv[1], sys.argv[2:]
extra = {"set": ["-s", "x=1"], "set-dry": ["-s", "x=1", "--dry-run"],
         "show-json": ["--json"]}.get(command, [])
verb = {"set-dry": "set", "show-json": "show"}.get(command, command)
for name in files:
    print(json.dumps({"start": name}), flush=True)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([verb, name, *extra])
    print(json.dumps({"file": name, "code": code, "stderr": err.getvalue(),
                      "stdout_len": len(out.getvalue())}), flush=True)
"""

FILE_COMMANDS = ("show", "show-json", "check", "render", "set-dry", "set")


@dataclass
class PerFileRun:
    outcomes: dict[str, dict] = field(default_factory=dict)  # file -> code, stderr, stdout_len
    last_started: str | None = None
    hung: bool = False
    returncode: int | None = None
    stderr: str = ""


def run_per_file(
    command: str, files: Sequence[Path], env: Mapping[str, str], timeout: float
) -> PerFileRun:
    """Run ``article-reader COMMAND FILE`` for each file in one interpreter."""
    run = PerFileRun()
    try:
        result = subprocess.run(
            [sys.executable, "-c", _PER_FILE, command, *map(os.fspath, files)],
            env=dict(env),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )
        stdout, run.stderr, run.returncode = result.stdout, result.stderr, result.returncode
    except subprocess.TimeoutExpired as exc:
        run.hung = True
        stdout = exc.stdout.decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else ""
    for line in stdout.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "start" in record:
            run.last_started = record["start"]
        else:
            run.outcomes[record["file"]] = record
    return run
