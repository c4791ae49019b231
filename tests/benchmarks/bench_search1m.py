#!/usr/bin/env python3
"""Search at a million articles (issue #15, section 2): the standard queries
(``QUERIES`` of bench_library), ``Library.search(q, limit=20)``, the median
of 5 runs of each, then the median and the worst of those medians.

    chrt -f 10 python tests/benchmarks/bench_search1m.py --library /data/lib1m \\
        --cache /data/cache1m-shards --base /tmp/search-base --rounds 3

``--what count`` times ``Library.count_matching(q)`` instead, ``--what window``
the window's search (``search_query`` and ``count_matching``, as
``ListPane.run_search``); ``--within-year`` searches inside a filter.

Each round opens the index in a fresh process, once with this tree's code and
once with the code of ``--base`` (another checkout, e.g. ``git archive``
of the commit before), alternating which goes first, so the two are timed
under the same load.  Prints each query's median, the overall median and
worst, and their ratios to the baseline of the same round; and whether both
returned the same hits (paths, scores, snippets) in the same order.

Prints figures only; it asserts nothing.  The index must be complete
(``article-reader index``) and is only read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
TREE = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))

from bench_library import QUERIES, compile_tree, installed_env  # noqa: E402


def _child(tree: str, root: str, cache: str, runs: int, year: int | None, what: str) -> None:
    """In a fresh process, with the code of ``tree``: time every query
    (inside the articles of ``year`` when it is given)."""
    sys.path.insert(0, tree)
    from reader.core.library.facade import Library
    from reader.core.library.query import Query

    within = Query(year=year) if year is not None else None
    started = time.perf_counter()
    lib = Library.open(root, cache_dir=cache)
    opened = time.perf_counter() - started

    def one(query: str) -> object:
        if what == "search":
            return [hit.as_dict() for hit in lib.search(query, limit=20, within=within)]
        if what == "count":
            return lib.count_matching(query, within=within)
        # the window's search (ListPane.run_search): ranked hits and the true count
        hits = lib.search_query(query, 20, within=within)
        return [hit.as_dict() for hit in hits], lib.count_matching(query, within=within)

    tables = list(lib._db.fulltext_tables().schemas)  # noqa: SLF001  (which tables were asked)
    medians: dict[str, float] = {}
    digests: dict[str, str] = {}
    for query in QUERIES:
        times = []
        result: object = None
        for _ in range(runs):
            started = time.perf_counter()
            result = one(query)
            times.append(time.perf_counter() - started)
        medians[query] = statistics.median(times) * 1000
        text = json.dumps(result, ensure_ascii=False)
        digests[query] = hashlib.sha1(text.encode()).hexdigest()[:12]
    lib.close()
    print(json.dumps({"open_s": opened, "tables": tables, "medians": medians, "digests": digests}))


def _run(tree: Path, args: argparse.Namespace) -> dict:
    env = installed_env(tree)
    out = subprocess.run(
        [
            *(sys.executable, str(HERE), "--child", str(tree), "--library", str(args.library)),
            *("--cache", str(args.cache), "--runs", str(args.runs)),
            *(("--within-year", str(args.within_year)) if args.within_year else ()),
            *("--what", args.what),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"the run with {tree} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _summary(label: str, result: dict, base: dict | None) -> None:
    medians = result["medians"]
    parts = []
    for query in QUERIES:
        part = f"{query!r} {medians[query]:.0f}"
        if base is not None:
            part += f" ({medians[query] / base['medians'][query]:.2f}x)"
        parts.append(part)
    median = statistics.median(medians.values())
    worst = max(medians.values())
    line = f"  {label}: median {median:.0f} ms, worst {worst:.0f} ms"
    if base is not None:
        base_median = statistics.median(base["medians"].values())
        base_worst = max(base["medians"].values())
        line += f" = {median / base_median:.2f}x / {worst / base_worst:.2f}x the baseline"
    print(line + f"; tables {', '.join(result['tables'])}")
    print("    " + ", ".join(parts), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--base", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="runs of each query (the median)")
    parser.add_argument(
        "--within-year", type=int, help="search inside the articles of this year (a filter)"
    )
    parser.add_argument(
        "--what",
        choices=["search", "count", "window"],
        default="search",
        help="Library.search (default), count_matching, or the window's search: "
        "search_query and count_matching",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(
            args.child, str(args.library), str(args.cache), args.runs, args.within_year, args.what
        )
        return
    for tree in (TREE, args.base):
        if tree is not None:
            compile_tree(tree.resolve())
    inside = f", inside the year {args.within_year}" if args.within_year else ""
    print(
        f"{args.what} of {args.library} ({len(QUERIES)} queries{inside}, "
        f"median of {args.runs} each)"
    )
    for number in range(1, args.rounds + 1):
        load = os.getloadavg()[0]
        print(f"round {number} (load {load:.2f})", flush=True)
        if args.base is None:
            _summary("this tree", _run(TREE, args), None)
            continue
        order = [("baseline", args.base), ("this tree", TREE)]
        if number % 2 == 0:
            order.reverse()
        results = {label: _run(tree, args) for label, tree in order}
        _summary("baseline", results["baseline"], None)
        _summary("this tree", results["this tree"], results["baseline"])
        base, this = results["baseline"]["digests"], results["this tree"]["digests"]
        differ = [q for q in QUERIES if base[q] != this[q]]
        same = len(QUERIES) - len(differ)
        print(
            f"  same results (paths, scores, snippets, order; counts): {same} of {len(QUERIES)}",
            end="",
        )
        print(f"; differ: {differ}" if differ else "")


if __name__ == "__main__":
    main()
