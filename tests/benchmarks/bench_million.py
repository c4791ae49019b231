#!/usr/bin/env python3
"""The figures of a very large library (issue #15, section 2), on a library
generated once, outside the repository:

    python -m tests.fixtures.library_gen /data/lib1m --count 1000000 --layout year
    python tests/benchmarks/bench_million.py --library /data/lib1m --cache /data/cache1m \\
        [--complete] [--naive-sample 100000]

Prints, each beside what it is measured against:

* the naive ``frontmatter.load`` loop, timed on a sample and scaled;
* with ``--complete``: the complete index of the library from nothing, in a
  fresh process (what ``article-reader index`` does), as a ratio to it;
* reopen with nothing changed and list every article (streamed, as
  ``article-reader list`` does), in a fresh process: time and peak memory;
* ``article-reader list`` and ``article-reader search`` as commands: time
  and peak memory (``/usr/bin/time``); ``list`` once after a change (its
  text made, and kept) and five times with nothing changed (the kept text);
* search: the median of 5 runs of each standard query, their median and
  the worst;
* the taxonomy (tree, tags, dates, authors) and the tree's unread counts
  with nothing read and with 10,000 articles read.

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
sys.path.insert(0, str(HERE.parent))

from bench_library import QUERIES, compile_tree, installed_env, naive  # noqa: E402

BIN = Path(sys.executable).parent


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _child(mode: str, root: str, cache: str) -> None:
    """In a fresh process: ``complete`` (index from nothing) or ``reopen``
    (index present) and list every article, streamed."""
    started = time.perf_counter()
    from reader.core.library.facade import Library

    lib = Library.open(root, cache_dir=cache)
    stats = lib.refresh(fulltext=mode == "complete")
    indexed = time.perf_counter() - started
    rows = 0
    for row in lib.iter_query():
        rows += len(row.title) >= 0
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "refresh": indexed,
                "rows": rows,
                "parsed": stats.parsed,
                "peak_mb": _peak_mb(),
            }
        )
    )


def _run_child(mode: str, root: Path, cache: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", mode, str(root), str(cache)],
        capture_output=True,
        text=True,
        check=True,
        env=installed_env(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _command(*argv: str, cache: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of an ``article-reader`` command, its
    output thrown away."""
    env = installed_env(ARTICLE_READER_CACHE_DIR=str(cache))
    with open(os.devnull, "w") as sink:
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", str(BIN / "article-reader"), *argv],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
        )
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kb) / 1024, done.returncode


def _reopen_and_list(root: Path, cache: Path) -> None:
    runs = [_run_child("reopen", root, cache) for _ in range(3)]
    best = min(runs, key=lambda r: r["seconds"])
    each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    print(
        f"reopen, nothing changed, + list {best['rows']} (streamed), fresh process: "
        f"{best['seconds']:.2f} s (refresh {best['refresh']:.2f} s; best of 3: {each}; "
        f"target <= 5 s); "
        f"peak {max(r['peak_mb'] for r in runs):.0f} MB (target <= 1 GB)"
    )
    # The command: its text is made (and kept) the first time after a change,
    # read back while nothing changes.  A touched article is such a change.
    touched = next(root.rglob("*.md"))  # (in a folder of its own or at the top)
    os.utime(touched)
    seconds, peak, code = _command("list", str(root), cache=cache)
    print(
        f"article-reader list (to /dev/null), one article touched before: {seconds:.1f} s, "
        f"peak {peak:.0f} MB, exit {code} (the text made, and kept)"
    )
    again = [_command("list", str(root), cache=cache) for _ in range(5)]
    print(
        "article-reader list again, nothing changed (5 runs): "
        + ", ".join(f"{s:.2f}" for s, _, _ in again)
        + f" s, median {statistics.median(s for s, _, _ in again):.2f} s (target <= 5 s); "
        f"peak {max(p for _, p, _ in again):.0f} MB, exit {max(c for _, _, c in again)}"
    )


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--complete", action="store_true", help="index from nothing first")
    parser.add_argument("--naive-sample", type=int, default=100_000)
    parser.add_argument(
        "--reopen-only",
        action="store_true",
        help="only reopen + list (3 fresh processes) and article-reader list",
    )
    args = parser.parse_args()
    root, cache = args.library, args.cache
    compile_tree(HERE.parents[2])

    if args.reopen_only:
        print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        _reopen_and_list(root, cache)
        print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        return
    base, measured = naive(root, args.naive_sample)
    print(f"naive frontmatter.load loop: {base:.1f} s (timed on {measured} files, scaled)")
    if args.complete:
        shutil.rmtree(cache, ignore_errors=True)
        child = _run_child("complete", root, cache)
        print(
            f"complete index from nothing + list {child['rows']}: {child['seconds']:.1f} s = "
            f"{child['seconds'] / base:.2f}x naive (target <= 2x); peak {child['peak_mb']:.0f} MB"
        )
        library_bytes = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
        index_bytes = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
        print(
            f"index {index_bytes / 1e9:.2f} GB = {index_bytes / library_bytes:.2f}x the "
            f"library's {library_bytes / 1e9:.2f} GB (target <= 0.8x)"
        )

    _reopen_and_list(root, cache)
    seconds, peak, code = _command("search", str(root), "知识产权", cache=cache)
    print(f"article-reader search 知识产权: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}")

    from reader.core.library.facade import Library
    from reader.core.library.state.counts import unread_counts_of_library

    lib = Library.open(root, cache_dir=cache)
    medians = {}
    for query in QUERIES:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            lib.search(query, limit=20)
            times.append(time.perf_counter() - started)
        medians[query] = statistics.median(times)
        print(f"  search {query!r}: {medians[query] * 1000:.0f} ms (median of 5)")
    worst = max(medians, key=medians.__getitem__)
    print(
        f"search: median {statistics.median(medians.values()) * 1000:.0f} ms (target <= 100 ms), "
        f"worst {medians[worst] * 1000:.0f} ms for {worst!r} (target <= 300 ms)"
    )
    times = []
    for _ in range(3):
        started = time.perf_counter()
        taxonomy = lib.taxonomy()
        times.append(time.perf_counter() - started)
    print(
        f"taxonomy: {times[0] * 1000:.0f} ms counted, {min(times[1:]) * 1000:.0f} ms kept in the "
        f"index until a change (target <= 500 ms)"
    )
    some = [row.path for _, row in zip(range(10_000), lib.iter_query(), strict=False)]
    for read in (set(), set(some)):
        started = time.perf_counter()
        unread_counts_of_library(lib.taxonomy(), lib.summaries_for, read)
        print(
            f"tree unread counts, {len(read)} read: "
            f"{(time.perf_counter() - started) * 1000:.0f} ms (taxonomy included; target <= 500 ms)"
        )
    print(f"articles: {taxonomy.total}")
    lib.close()


if __name__ == "__main__":
    main()
