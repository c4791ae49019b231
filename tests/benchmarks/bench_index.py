#!/usr/bin/env python3
"""The complete index of a fresh library against the naive loop, alternating.

    python tests/benchmarks/bench_index.py [--count 10000] [--rounds 3]
        [--work /tmp/ar-bench] [--naive-sample N] [--compare OTHER_CHECKOUT]

Each round times the naive ``frontmatter.load`` loop over the library, then
the complete index (metadata, excerpts and full text in one pass, what
``article-reader index`` and the first ``search`` do) in a fresh process, and
prints their ratio.  Alternating the two keeps a changing machine load from
favouring either; the naive loop runs again after the index in each round,
and the index is set against the mean of the two loops as well (a machine
whose speed drifts within a round moves both), with the median of those
ratios over the rounds at the end.  For the complete index it prints how
the time was spent too: the CPU seconds of the writer (this child process)
and of its pool's workers, and how long the writer waited for them, and all that CPU
as a ratio to the naive loop's own CPU (two cores cannot make the index's
time less than half of it: the budget of work, which a loaded machine moves
less than it moves times); then the median time of a few searches on the
index it built.

``--compare`` names another checkout of the project (say, the main branch
exported with ``git archive``): its complete index runs in each round too,
right after this one's, against the same naive loop.

The library is the one ``bench_library.py`` generates (kept under ``--work``).
Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

QUERIES = ["知识产权", "产权", "城市", "archive", "arch", "python 开源", "kettle bridge"]


def _child(root: str, cache: str) -> None:
    """In a fresh process: the complete index; print JSON figures."""
    import resource
    from concurrent.futures import Future

    waited = 0.0
    result = Future.result

    def timed(self: Future, timeout: float | None = None) -> object:
        nonlocal waited
        started = time.perf_counter()
        try:
            return result(self, timeout)
        finally:
            waited += time.perf_counter() - started

    Future.result = timed  # type: ignore[method-assign]
    started = time.perf_counter()
    cpu = time.process_time()
    from reader.core.library.facade import Library

    lib = Library.open(root, cache_dir=cache)
    stats = lib.refresh(fulltext=True)
    lib.build_fulltext()  # nothing left, normally
    rows = lib.query()
    seconds = time.perf_counter() - started
    writer_cpu = time.process_time() - cpu
    searches = {}
    for query in QUERIES:
        times = []
        for _ in range(5):
            begun = time.perf_counter()
            lib.search(query, limit=20)
            times.append(time.perf_counter() - begun)
        searches[query] = statistics.median(times)
    lib.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows": len(rows),
                "parsed": stats.parsed,
                "writer_cpu": writer_cpu,
                "workers_cpu": children.ru_utime + children.ru_stime,
                "waited": waited,
                "search": searches,
            }
        )
    )


def _complete(tree: Path, root: Path, cache: Path) -> dict:
    from bench_library import installed_env

    shutil.rmtree(cache, ignore_errors=True)
    env = installed_env(tree)
    # That checkout's copy of this file (it puts its own tree first on the path).
    script = tree / "tests" / "benchmarks" / HERE.name
    if not script.exists():
        script = HERE
    out = subprocess.run(
        [sys.executable, str(script), "--child", str(root), str(cache)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
        env=env,
    )
    figures = json.loads(out.stdout)
    figures["index_bytes"] = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
    shutil.rmtree(cache, ignore_errors=True)
    return figures


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
        return
    from bench_library import compile_tree, ensure_library, naive_with_cpu

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ar-bench"))
    parser.add_argument("--naive-sample", type=int, default=None)
    parser.add_argument("--compare", type=Path, default=None, help="another checkout to time too")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    root = ensure_library(args.work, args.count)
    library_bytes = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
    trees = [("this", HERE.parents[2])]
    if args.compare is not None:
        trees.append(("compare", args.compare.resolve()))
    for _, tree in trees:
        compile_tree(tree)
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), {args.count} articles")
    print(f"  load average at start: {load:.2f}")
    ratios: dict[str, list[float]] = {name: [] for name, _ in trees}
    for number in range(1, args.rounds + 1):
        base, base_cpu, measured = naive_with_cpu(root, args.naive_sample)
        note = "" if measured == args.count else f" (from {measured} files)"
        print(
            f"round {number}: naive {base:.2f} s, CPU {base_cpu:.2f} s{note}; "
            f"load {os.getloadavg()[0]:.2f}"
        )
        timed = []
        for name, tree in trees:
            figures = _complete(tree, root, args.work / f"cache-{args.count}-bench-index")
            timed.append((name, figures))
            seconds = figures["seconds"]
            print(
                f"  {name}: complete index {seconds:.2f} s = {seconds / base:.2f}x naive; "
                f"writer CPU {figures['writer_cpu']:.2f} s, workers CPU "
                f"{figures['workers_cpu']:.2f} s, writer waited {figures['waited']:.2f} s; "
                f"index {figures['index_bytes'] / library_bytes:.2f}x the library "
                f"({figures['rows']} rows)"
            )
            # The work in all, against the naive loop's: on two cores the
            # index can at best take half this ratio of the naive loop's time,
            # and this figure moves less with the machine's load than times do.
            work = figures["writer_cpu"] + figures["workers_cpu"]
            print(f"    CPU in all {work:.2f} s = {work / base_cpu:.2f}x the naive loop's CPU")
            print(
                "    search, median of 5: "
                + ", ".join(f"{q!r} {t * 1000:.1f} ms" for q, t in figures["search"].items())
            )
        # The naive loop again after the index: a machine whose speed drifts
        # within the round moves both loops, and the index is set against
        # their mean (the figure above stays the one measured before 2026-12-04).
        after, _, _ = naive_with_cpu(root, args.naive_sample)
        mean = (base + after) / 2
        print(f"  naive again after the index: {after:.2f} s (mean of the two {mean:.2f} s)")
        for name, figures in timed:
            ratio = figures["seconds"] / mean
            ratios[name].append(ratio)
            print(f"  {name}: complete index = {ratio:.2f}x the mean of the naive loops")
    for name, values in ratios.items():
        print(
            f"{name}: median over {len(values)} round(s) {statistics.median(values):.2f}x "
            f"the naive loops around it (rounds {', '.join(f'{v:.2f}' for v in values)})"
        )
    print(f"  load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
