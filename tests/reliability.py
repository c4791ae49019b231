"""Concurrent writers and ``kill -9`` against the write path, as reusable drills.

The tests run each drill a few times (``tests/core/test_write_path_processes.py``);
``tests/benchmarks/stress.py`` runs them many times and prints the figures.
Every drill returns counts, never timings, and checks files by their bytes.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE = (
    "\n---\n"
    "title: '{title}'\n"
    "categories:\n  - [新闻, 本地]\n"
    "tags:\n  - a  # first\n  - keep\n"
    "author: 记者\n"
    "date: Fri, 16 Apr 2021 15:21:00 GMT\n"
    "comments: true\n"
    "---\n"
    "<p>正文 body {n}</p>\n"
)


def article_bytes(n: int, title: str | None = None) -> bytes:
    return ARTICLE.format(title=title or f"Article {n}", n=n).encode("utf-8")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    env.update(extra)
    return env


# -- two writers at once ---------------------------------------------------------------------


def _setter(key: str, paths: list[str], barrier, results) -> None:
    """One writer process: for each round, wait for the other, then ``set``."""
    import contextlib
    import io

    from reader.cli import main

    for number, path in enumerate(paths):
        try:
            barrier.wait(timeout=60)
        except Exception:  # the other writer died: stop
            return
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(["set", path, "-s", f"{key}={number}"])
        results.put((key, number, code))


@dataclass
class ConcurrencyFigures:
    rounds: int = 0
    both_kept: int = 0
    refused: int = 0  # a writer exited 3 and its change is absent: said, not lost
    lost: int = 0  # a writer said "saved" (exit 0) and its change is absent
    corrupt: int = 0  # the file no longer parses or its body changed
    details: list[str] = field(default_factory=list)


def concurrent_set(folder: Path, rounds: int) -> ConcurrencyFigures:
    """Two ``article-reader set`` writers on the same file, ``rounds`` times,
    released together by a barrier; every saved change must be in the file."""
    from reader.core.article.codec import load_article

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(rounds):
        path = folder / f"round-{number:04d}.md"
        path.write_bytes(article_bytes(number))
        paths.append(os.fspath(path))
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    writers = [context.Process(target=_setter, args=(key, paths, barrier, results)) for key in "ab"]
    for writer in writers:
        writer.start()
    codes: dict[tuple[str, int], int] = {}
    deadline = time.monotonic() + 60 + rounds * 2
    while len(codes) < 2 * rounds and time.monotonic() < deadline:
        try:
            key, number, code = results.get(timeout=5)
        except Exception:
            if not any(w.is_alive() for w in writers):
                break
            continue
        codes[(key, number)] = code
    for writer in writers:
        writer.join(30)
        if writer.is_alive():
            writer.kill()
    figures = ConcurrencyFigures(rounds=rounds)
    for number, path in enumerate(paths):
        article = load_article(path)
        body_ok = article.body == f"<p>正文 body {number}</p>\n" and not article.problems
        if not body_ok:
            figures.corrupt += 1
            figures.details.append(f"{path}: damaged")
        kept = 0
        for key in "ab":
            code = codes.get((key, number))
            present = article.metadata.get(key) == number
            if code == 0 and not present:
                figures.lost += 1
                figures.details.append(f"{path}: {key} said saved but is missing")
            elif code == 3 and not present:
                figures.refused += 1
            elif code is None:
                figures.details.append(f"{path}: writer {key} never reported")
                figures.lost += 1
            kept += present
        figures.both_kept += kept == 2
    return figures


# -- kill -9 in the middle of writes ------------------------------------------------------------

_SET_LOOP = """
import sys
from reader.cli import main
paths = sys.argv[1:]
n = 0
print("ready", flush=True)
while True:
    n += 1
    main(["set", *paths, "-s", "title=version %d" % n])
"""


@dataclass
class KillFigures:
    kills: int = 0
    files_checked: int = 0
    damaged: int = 0  # neither the old bytes nor a complete new version
    undo_incomplete: int = 0  # files undo did not bring back to their first bytes
    mixed: int = 0  # kills that left some files old and some new (mid-write)
    details: list[str] = field(default_factory=list)


def _wait_ready(process: subprocess.Popen, timeout: float = 60) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith(b"ready"):
        raise RuntimeError(f"the writer did not start: {line!r}")


def kill_during_set(folder: Path, kills: int, files: int = 20, seed: int = 0) -> KillFigures:
    """A process rewrites ``files`` articles in a loop; ``kill -9`` it at a
    random moment, ``kills`` times.  Each file must be a complete version:
    the original with only its title line changed."""
    from reader.core.article.codec import load_article

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(files):
        path = folder / f"post-{number:03d}.md"
        path.write_bytes(article_bytes(number))
        paths.append(path)
    figures = KillFigures()
    title_line = re.compile(rb"^title: (?:'[^'\n]*'|version \d+)$", re.M)
    for _ in range(kills):
        process = subprocess.Popen(
            [sys.executable, "-c", _SET_LOOP, *map(os.fspath, paths)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=child_env(),
        )
        try:
            _wait_ready(process)
            time.sleep(rng.uniform(0.05, 0.6))
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(30)
            if process.stdout:
                process.stdout.close()
        figures.kills += 1
        for number, path in enumerate(paths):
            figures.files_checked += 1
            data = path.read_bytes()
            expected = title_line.sub(b"title: X", article_bytes(number), count=1)
            normal = title_line.sub(b"title: X", data, count=1)
            article = load_article(path)
            if normal != expected or article.problems:
                figures.damaged += 1
                figures.details.append(f"{path}: damaged after a kill")
    return figures


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        env=env,
        capture_output=True,
        timeout=300,
        check=True,
    )


def kill_during_bulk(
    folder: Path, cache: Path, kills: int, files: int = 200, seed: int = 0
) -> KillFigures:
    """``rename-tag`` over ``files`` articles, ``kill -9`` at a random moment;
    every file must hold its old or its new bytes, and ``undo`` must bring
    every byte back."""
    rng = random.Random(seed)
    figures = KillFigures()
    env = child_env(ARTICLE_READER_CACHE_DIR=os.fspath(cache))
    for kill in range(kills):
        library = folder / f"library-{kill}"
        library.mkdir(parents=True)
        originals = {}
        for number in range(files):
            path = library / f"{number:04d}.md"
            path.write_bytes(article_bytes(number))
            originals[path] = path.read_bytes()
        # What a complete rename writes: the same command run to its end on a copy.
        reference = folder / f"reference-{kill}"
        shutil.copytree(library, reference)
        for lib in (library, reference):
            _cli(env, "index", os.fspath(lib))
        _cli(env, "rename-tag", os.fspath(reference), "a", "b")
        renamed = {path: (reference / path.name).read_bytes() for path in originals}
        assert all(renamed[path] != old for path, old in originals.items())
        process = subprocess.Popen(
            [sys.executable, "-m", "reader", "rename-tag", os.fspath(library), "a", "b"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            # Kill in the middle of the writes: once the first file (plans
            # go in path order) has its new bytes, after a random moment.
            first = min(originals)
            deadline = time.monotonic() + 120
            while first.read_bytes() == originals[first] and time.monotonic() < deadline:
                if process.poll() is not None:
                    break
                time.sleep(0.001)
            time.sleep(rng.uniform(0.0, 0.05))
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(30)
            if process.stdout:
                process.stdout.close()
        figures.kills += 1
        states = [path.read_bytes() == old for path, old in originals.items()]
        figures.mixed += 0 < sum(states) < len(states)
        for path, old in originals.items():
            figures.files_checked += 1
            if path.read_bytes() not in (old, renamed[path]):
                figures.damaged += 1
                figures.details.append(f"{path}: neither old nor new after a kill")
        subprocess.run(
            [sys.executable, "-m", "reader", "undo", os.fspath(library)],
            env=env,
            capture_output=True,
            timeout=300,
        )
        for path, old in originals.items():
            if path.read_bytes() != old:
                figures.undo_incomplete += 1
                figures.details.append(f"{path}: not restored by undo")
    return figures
