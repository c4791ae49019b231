"""Parse throughput of the codec against a plain python-frontmatter loop.

    python tests/benchmarks/bench_codec.py [--count 10000] [--library DIR]

Writes a library with the project's generator (or uses DIR), then times
``reader.core.article.codec.load_article`` and ``frontmatter.load`` over the same
files in the same run, and prints articles per second and their ratio.
Not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import frontmatter

from reader.core.article.codec import load_article
from tests.fixtures.library_gen import write_library


def _time(fn, paths, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for path in paths:
            fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--library", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.library or Path(tmp)
        if args.library is None:
            write_library(root, args.count, seed=1)
        paths = sorted(p for p in root.rglob("*") if p.is_file())
        # Warm the OS cache once so both loops read from memory.
        for path in paths:
            path.read_bytes()
        ours = _time(load_article, paths, args.rounds)
        naive = _time(frontmatter.load, paths, args.rounds)
    n = len(paths)
    print(f"articles:                 {n}")
    print(f"reader.core load_article: {n / ours:10.0f} articles/s  ({ours:.2f} s)")
    print(f"frontmatter.load loop:    {n / naive:10.0f} articles/s  ({naive:.2f} s)")
    print(f"ratio (ours / baseline time): {ours / naive:.2f}x  (target: below 1.00x)")


if __name__ == "__main__":
    main()
