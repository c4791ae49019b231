#!/usr/bin/env python3
"""Benchmark the reading state at scale.

    python tests/benchmarks/bench_state.py [--count 100000] [--work /tmp/ar-bench-state]

Writes a log of ``--count`` changes (one per article, paths shaped like the
generated libraries': ``2019/012345_9f8e7d6c.md``) for one device plus a
second device's log of a tenth as many, then prints, each beside a baseline
measured in the same run (``json.loads`` of every line of the same files,
the least any JSON Lines reader does):

* load + merge: ``ReadingState.open`` (read every log, parse, merge);
* the same after compaction, and the compacted log's bytes per article;
* filtering a list of ``--count`` rows by state (unread, starred, read
  later in queue order), the step ``list --unread`` adds to a listing.

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

from reader.core.library.state import ReadingState  # noqa: E402
from reader.core.library.state.log import Change, append_changes  # noqa: E402

DEV_A = "aaaaaaaa-0000-4000-8000-000000000001"
DEV_B = "bbbbbbbb-0000-4000-8000-000000000002"


class Row:
    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path


def paths_for(count: int) -> list[str]:
    import random

    rng = random.Random(count)
    return [f"{2012 + i % 14}/{i:06d}_{rng.getrandbits(32):08x}.md" for i in range(count)]


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def baseline(folder: Path) -> float:
    def parse_all() -> None:
        for log in folder.glob("*.jsonl"):
            for line in log.read_bytes().splitlines():
                json.loads(line)

    return best(parse_all)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--work", default="/tmp/ar-bench-state")
    args = parser.parse_args()
    count = args.count
    root = Path(args.work) / f"lib-{count}"
    shutil.rmtree(root, ignore_errors=True)
    folder = root / ".article-reader" / "state"
    folder.mkdir(parents=True)
    data = Path(args.work) / "data"
    paths = paths_for(count)
    t0 = (time.time_ns() // 1_000_000 - 86_400_000) << 10  # yesterday: never "from the future"
    fields = [("read", True), ("starred", True), ("later", 1), ("progress", 0.5)]
    changes_a = []
    for i, path in enumerate(paths):
        field, value = fields[0] if i % 10 else fields[1 + (i // 10) % 3]
        if field == "later":
            value = i
        changes_a.append(Change(t0 + 40 * i, DEV_A, path, f"{1000 + i:x}.AbCdEf", field, value))
    changes_b = [
        Change(t0 + 40 * i + 7, DEV_B, paths[i], None, "read", False) for i in range(0, count, 10)
    ]
    append_changes(folder / f"{DEV_A}.jsonl", changes_a)
    append_changes(folder / f"{DEV_B}.jsonl", changes_b)
    entries = len(changes_a) + len(changes_b)
    size = sum(p.stat().st_size for p in folder.glob("*.jsonl"))
    print(f"{count:,} articles, {entries:,} log entries, {size / 1e6:.1f} MB of logs")

    base = baseline(folder)
    print(f"baseline: json.loads of every line       {base * 1000:7.1f} ms")

    cache = Path(args.work) / "cache"

    def load() -> ReadingState:
        return ReadingState.open(root, device=DEV_A, data_dir=data, cache_dir=cache)

    def cold() -> ReadingState:
        shutil.rmtree(cache, ignore_errors=True)
        return load()

    loaded = best(cold)
    print(
        f"load + merge, no snapshot (every line)    {loaded * 1000:7.1f} ms  ({loaded / base:.2f}×)"
    )
    cold().save_snapshot()
    warm = best(load)
    print(f"load + merge, from the snapshot           {warm * 1000:7.1f} ms  ({warm / base:.2f}×)")

    state = load()
    before = state.snapshot()
    state.compact()
    with_state = len({c.path for c in changes_a})
    own = (folder / f"{DEV_A}.jsonl").stat().st_size
    compacted_base = baseline(folder)
    compacted = best(cold)
    after = load().snapshot()
    print(f"compacted own log: {own:,} bytes, {own / with_state:.1f} bytes per article with state")
    print(
        f"load + merge, no snapshot, compacted      {compacted * 1000:7.1f} ms  "
        f"({compacted / compacted_base:.2f}× its baseline {compacted_base * 1000:.1f} ms)"
    )
    print(f"state unchanged by compaction: {before == after}")

    rows = [Row(p) for p in paths]
    from reader.cli.state import filter_rows

    copy = best(lambda: [r for r in rows if r.path])
    timings = {}
    for which in ("unread", "starred", "later"):
        state = load()  # cold caches
        started = time.perf_counter()
        list(filter_rows(state, rows, which, keep_order=False))
        cold = time.perf_counter() - started
        warm = statistics.median(
            best(lambda w=which, s=state: list(filter_rows(s, rows, w, keep_order=False)), 1)
            for _ in range(5)
        )
        timings[which] = (cold, warm)
    print(f"baseline: one pass over {count:,} rows            {copy * 1000:7.1f} ms")
    for which, (cold, warm) in timings.items():
        print(
            f"filter --{which:<8} first {cold * 1000:6.1f} ms ({cold / copy:.1f}×), "
            f"then {warm * 1000:6.1f} ms ({warm / copy:.1f}×)"
        )
    shutil.rmtree(root, ignore_errors=True)
    os.sync()


if __name__ == "__main__":
    main()
