#!/usr/bin/env python3
"""Benchmark the library index against a naive python-frontmatter loop.

    python tests/benchmarks/bench_library.py [--counts 10000 100000] [--work /tmp/ar-bench]

For each size it generates a seed-shaped library under ``--work`` (kept
between runs), then prints, beside the naive baseline measured in the same
run (``frontmatter.load`` over every file):

* first open: no index → refresh (parse everything) → list all;
* complete index: no index → metadata, excerpts and full text in one pass
  (``refresh(fulltext=True)``, what ``article-reader index`` and the first
  ``search`` do), in a fresh process; its size beside the library's;
* full text: building the FTS index afterwards (the GUI does this in the
  background);
* reopen: a new process-like open with the index present and nothing changed
  → refresh (stat only) → list all;
* search: median latency of a few queries (Chinese and English);
* memory: peak RSS of a fresh process that opens and lists the library (with
  the index present, and on the first open).  The peak is the process's own
  ``VmHWM``: ``ru_maxrss`` of a child is inherited from the (much larger)
  benchmark process that spawned it, so it is printed only for reference.

The first open runs in a fresh process too (timed inside it, from before the
library is imported), as when the app starts on a new library.

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
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

from tests.fixtures.library_gen import write_library  # noqa: E402

QUERIES = ["知识产权", "产权", "城市", "archive", "arch", "python 开源", "kettle bridge"]


def compile_tree(tree: Path) -> None:
    """Compile ``tree``'s package to bytecode, as pip and PyInstaller do when
    they install it: a timed process then imports it as an installed program
    does, not compiling every module edited since its bytecode was last
    written (with ``PYTHONDONTWRITEBYTECODE`` set, as on some machines, that
    was every such module in every timed process: 12 of the complete index's,
    about 50 ms of it; and a tree exported with ``git archive`` has none)."""
    compileall.compile_dir(tree / "reader", quiet=2)


def installed_env(tree: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a timed process: ``PYTHONDONTWRITEBYTECODE``
    dropped (see :func:`compile_tree`), ``tree`` first on ``PYTHONPATH`` when
    given, and ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    env.update(extra)
    return env


def ensure_library(work: Path, count: int) -> Path:
    root = work / f"lib-{count}"
    marker = root / ".complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        started = time.perf_counter()
        write_library(root, count, seed=count)
        marker.write_text("ok")
        print(f"  generated {count} articles in {time.perf_counter() - started:.1f} s")
    return root


def naive(root: Path, sample: int | None) -> tuple[float, int]:
    """The naive loop's time over the library (scaled from ``sample`` files)
    and the number of files timed."""
    seconds, _, measured = naive_with_cpu(root, sample)
    return seconds, measured


def naive_with_cpu(root: Path, sample: int | None) -> tuple[float, float, int]:
    """:func:`naive` with the loop's CPU seconds (scaled alike) in the middle."""
    import frontmatter

    from reader.core.library.scan import scan

    files = sorted(scan(root))
    chosen = files if sample is None else files[:: max(1, len(files) // sample)]
    started = time.perf_counter()
    cpu = time.process_time()
    for rel in chosen:
        post = frontmatter.load(os.path.join(root, rel))
        _ = post.metadata.get("title"), post.content[:10]
    cpu = time.process_time() - cpu
    elapsed = time.perf_counter() - started
    scale = len(files) / len(chosen)
    return elapsed * scale, cpu * scale, len(chosen)


def _child(root: str, cache: str, parallel: bool | None = None, complete: bool = False) -> None:
    """Run in a fresh process: open, refresh, list; print JSON figures.
    ``complete``: the full text too, in the same pass."""
    import resource

    started = time.perf_counter()
    from reader.core.library.facade import Library

    lib = Library.open(root, cache_dir=cache)
    stats = lib.refresh(parallel=parallel, fulltext=complete)
    if complete:
        lib.build_fulltext()  # nothing left, normally
    rows = lib.query()
    elapsed = time.perf_counter() - started
    _ = [r.title for r in rows]
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "rows": len(rows),
                "rss_mb": _peak_rss_mb(maxrss),
                "ru_maxrss_mb": maxrss,
                "parsed": stats.parsed,
                "parallel": stats.parallel,
            }
        )
    )


def _peak_rss_mb(fallback: float) -> float:
    """This process image's peak resident set (VmHWM), in MB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return fallback


def _run_child(root: Path, cache: Path, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", str(root), str(cache), *extra],
        capture_output=True,
        text=True,
        check=True,
        env=installed_env(),
    )
    return json.loads(out.stdout)


def bench(root: Path, work: Path, count: int, naive_sample: int | None) -> None:
    from reader.core.library.facade import Library

    cache = work / f"cache-{count}"
    shutil.rmtree(cache, ignore_errors=True)

    base, measured = naive(root, naive_sample)
    note = "" if measured == count else f" (extrapolated from {measured} files)"
    print(f"  naive frontmatter.load loop: {base:.2f} s{note}")

    child = _run_child(root, cache)
    first = child["seconds"]
    print(
        f"  first open (no index) + list {child['rows']}, fresh process: {first:.2f} s = "
        f"{first / base:.2f}x naive (target <= 1.5x; parallel={child['parallel']}); "
        f"peak RSS {child['rss_mb']:.0f} MB"
    )
    serial_cache = work / f"cache-{count}-serial"
    shutil.rmtree(serial_cache, ignore_errors=True)
    child = _run_child(root, serial_cache, "--serial")
    shutil.rmtree(serial_cache, ignore_errors=True)
    print(
        f"  first open as above, one process (no pool; as when the cores are busy): "
        f"{child['seconds']:.2f} s = {child['seconds'] / base:.2f}x naive"
    )

    lib = Library.open(root, cache_dir=cache)
    started = time.perf_counter()
    added = lib.build_fulltext()
    fts = time.perf_counter() - started
    print(f"  full-text index of {added} articles afterwards (background in the GUI): {fts:.2f} s")
    lib.close()

    complete_cache = work / f"cache-{count}-complete"
    shutil.rmtree(complete_cache, ignore_errors=True)
    base_again, _ = naive(root, naive_sample)
    child = _run_child(root, complete_cache, "--complete")
    both = (base + base_again) / 2
    library_bytes = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
    index_bytes = sum(f.stat().st_size for f in complete_cache.rglob("*") if f.is_file())
    shutil.rmtree(complete_cache, ignore_errors=True)
    print(
        f"  complete index (metadata, excerpts, full text in one pass), fresh process: "
        f"{child['seconds']:.2f} s = {child['seconds'] / both:.2f}x naive (target <= 2x; naive "
        f"{base:.2f} s before, {base_again:.2f} s after); peak RSS {child['rss_mb']:.0f} MB; "
        f"index {index_bytes / 1e6:.0f} MB = {index_bytes / library_bytes:.2f}x the library's "
        f"{library_bytes / 1e6:.0f} MB (target <= 0.8x)"
    )

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        again = Library.open(root, cache_dir=cache)
        again.refresh()
        rows = again.query()
        timings.append(time.perf_counter() - started)
        again.close()
    reopen = min(timings)
    print(
        f"  reopen (index present, nothing changed) + list {len(rows)}: {reopen:.2f} s = "
        f"{reopen / base:.2f}x naive (target <= 0.3x; < 2 s at 100k)"
    )

    lib = Library.open(root, cache_dir=cache)
    for query in QUERIES:
        times = []
        hits = []
        for _ in range(5):
            started = time.perf_counter()
            hits = lib.search(query, limit=20)
            times.append(time.perf_counter() - started)
        print(
            f"  search {query!r}: {statistics.median(times) * 1000:.1f} ms median, "
            f"{len(hits)} hits (target <= 50 ms)"
        )
    started = time.perf_counter()
    tax = lib.taxonomy()
    print(
        f"  taxonomy: {(time.perf_counter() - started) * 1000:.0f} ms "
        f"({len(tax.categories)} top categories, {len(tax.tags)} tags)"
    )
    lib.close()

    child = _run_child(root, cache)
    print(
        f"  fresh process open + list {child['rows']}: {child['seconds']:.2f} s, "
        f"peak RSS {child['rss_mb']:.0f} MB (target <= 300 MB; ru_maxrss "
        f"{child['ru_maxrss_mb']:.0f} MB, inherited from this process)"
    )
    size = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
    print(f"  index size on disk: {size / 1e6:.0f} MB")


def main() -> None:
    if len(sys.argv) in (4, 5) and sys.argv[1] == "--child":
        extra = sys.argv[4:]
        _child(
            sys.argv[2],
            sys.argv[3],
            False if extra == ["--serial"] else None,
            complete=extra == ["--complete"],
        )
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/ar-bench"))
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=None,
        help="time the naive loop on about this many files and extrapolate",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    compile_tree(HERE.parents[2])
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    for count in args.counts:
        print(f"{count} articles:")
        root = ensure_library(args.work, count)
        bench(root, args.work, count, args.naive_sample)


if __name__ == "__main__":
    main()
