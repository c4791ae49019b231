#!/usr/bin/env python3
"""Reopen a large indexed library with nothing changed and list every
article (issue #15, section 2), this tree against a baseline tree measured
in the same run:

    git -C . archive <baseline commit> | tar -x -C /tmp/baseline
    python tests/benchmarks/bench_reopen.py --library /data/lib1m --cache /data/cache1m \\
        --baseline /tmp/baseline [--runs 3]

Both trees open the same index (their schema must be the same).  Each run
is a fresh process, the two trees alternating, so that the load of a shared
machine falls on both alike.  Prints, for each tree, the best run and every
run, and this tree's figures as ratios to the baseline's:

* the rescan alone (``Library.refresh`` of the warm index);
* reopen + every row as a ``Summary`` in date order, streamed
  (``Library.iter_query``, as ``article-reader list`` reads them), and the
  peak memory of that process;
* ``article-reader list`` of every article to /dev/null, and its peak
  memory (``/usr/bin/time``);
* the CPU seconds of the first two (the rescan's worker processes included),
  which a shared machine's load sways less than the clock.

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
THIS_TREE = HERE.parents[2]
sys.path.insert(0, str(THIS_TREE))
from bench_library import compile_tree, installed_env  # noqa: E402


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (the
    rescan's pool): less swayed by a shared machine's load than the clock."""
    import resource

    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _child(tree: str, root: str, cache: str) -> None:
    """In a fresh process, with ``tree``'s code: reopen and list every row."""
    sys.path.insert(0, tree)
    started = time.perf_counter()
    cpu_started = _cpu()
    import reader
    from reader.core.library.facade import Library

    if not reader.__file__ or not reader.__file__.startswith(tree):
        raise SystemExit(f"imported {reader.__file__}, not the tree {tree}")
    lib = Library.open(root, cache_dir=cache)
    opened = time.perf_counter()
    cpu_opened = _cpu()
    stats = lib.refresh()
    refreshed = time.perf_counter()
    cpu_refreshed = _cpu()
    rows = 0
    for row in lib.iter_query():
        rows += len(row.title) >= 0
    done = time.perf_counter()
    cpu_done = _cpu()
    print(
        json.dumps(
            {
                "seconds": done - started,
                "open": opened - started,
                "refresh": refreshed - opened,
                "list": done - refreshed,
                "cpu": cpu_done - cpu_started,
                "refresh_cpu": cpu_refreshed - cpu_opened,
                "list_cpu": cpu_done - cpu_refreshed,
                "rows": rows,
                "parsed": stats.parsed,
                "peak_mb": _peak_mb(),
            }
        )
    )


def _reopen(tree: Path, root: Path, cache: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", str(tree), str(root), str(cache)],
        capture_output=True,
        text=True,
        check=True,
        env=installed_env(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cli_list(tree: Path, root: Path, cache: Path) -> dict:
    """``article-reader list ROOT`` with ``tree``'s code, to /dev/null."""
    code = (
        f"import sys; sys.path.insert(0, {str(tree)!r}); "
        "from reader.__main__ import main; sys.exit(main())"
    )
    env = installed_env(ARTICLE_READER_CACHE_DIR=str(cache))
    with open(os.devnull, "w") as sink:
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", sys.executable, "-c", code, "list", str(root)],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
        )
    lines = done.stderr.strip().splitlines()
    seconds, kb = lines[-1].split()
    return {
        "seconds": float(seconds),
        "peak_mb": int(kb) / 1024,
        "exit": done.returncode,
        "said": lines[-2] if len(lines) > 1 else "",
    }


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--baseline", type=Path, required=True, help="the baseline's source tree")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-cli", action="store_true", help="skip article-reader list")
    args = parser.parse_args()
    trees = {"baseline": args.baseline.resolve(), "this tree": THIS_TREE}
    for tree in trees.values():
        compile_tree(tree)
    reopen: dict[str, list[dict]] = {name: [] for name in trees}
    cli: dict[str, list[dict]] = {name: [] for name in trees}
    print(f"load average at the start: {_load()}")
    for run in range(args.runs):
        order = list(trees.items()) if run % 2 == 0 else list(reversed(trees.items()))
        for name, tree in order:
            reopen[name].append(_reopen(tree, args.library, args.cache))
            if not args.no_cli:
                cli[name].append(_cli_list(tree, args.library, args.cache))
        print(f"  run {run + 1} done, load average {_load()}", flush=True)

    def best(runs: list[dict], key: str) -> float:
        return min(r[key] for r in runs)

    for name in trees:
        runs = reopen[name]
        each = ", ".join(f"{r['refresh']:.2f}+{r['list']:.2f}" for r in runs)
        print(
            f"{name}: rescan {best(runs, 'refresh'):.2f} s, list {best(runs, 'list'):.2f} s, "
            f"reopen + list {best(runs, 'seconds'):.2f} s (best; runs rescan+list: {each}); "
            f"{runs[0]['rows']} rows, parsed {runs[0]['parsed']}, "
            f"peak {max(r['peak_mb'] for r in runs):.0f} MB"
        )
        print(
            f"{name}: CPU seconds (with the rescan's workers; least): rescan "
            f"{best(runs, 'refresh_cpu'):.2f}, list {best(runs, 'list_cpu'):.2f}, "
            f"reopen + list {best(runs, 'cpu'):.2f}"
        )
        if cli[name]:
            each = ", ".join(f"{r['seconds']:.1f}" for r in cli[name])
            print(
                f"{name}: article-reader list to /dev/null {best(cli[name], 'seconds'):.1f} s "
                f"(runs: {each}), peak {max(r['peak_mb'] for r in cli[name]):.0f} MB, "
                f"exit {cli[name][0]['exit']} ({cli[name][0]['said']})"
            )
    base, new = reopen["baseline"], reopen["this tree"]
    for key, label in (("refresh", "rescan"), ("list", "list"), ("seconds", "reopen + list")):
        ratio = best(new, key) / best(base, key)
        print(f"ratio this tree / baseline, {label}: {ratio:.2f}")
    for key, label in (("refresh_cpu", "rescan"), ("list_cpu", "list"), ("cpu", "reopen + list")):
        ratio = best(new, key) / best(base, key)
        print(f"ratio this tree / baseline, CPU seconds of {label}: {ratio:.2f}")
    if cli["baseline"]:
        ratio = best(cli["this tree"], "seconds") / best(cli["baseline"], "seconds")
        print(f"ratio this tree / baseline, article-reader list: {ratio:.2f}")
    print(f"load average at the end: {_load()}")


if __name__ == "__main__":
    main()
