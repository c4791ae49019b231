#!/usr/bin/env python3
"""Benchmark the query language over the index, and export against rendering.

    python tests/benchmarks/bench_query.py [--count 100000] [--fulltext] [--export 1000]

Queries: for each query the median of 5 runs of evaluating it over the
index (``count_matching``) and of listing every match (``find``), printed
beside the same filter through the older ``Query`` API where one exists
(the baseline, same run) and against the 50 ms budget for metadata-only
queries.  ``--fulltext`` also builds the full-text index and times queries
that mix words and filters.

Export: rendering ``--export`` articles with the render pipeline (the
baseline), then exporting the same articles as EPUB and as an HTML folder;
the ratio is export time / render time (target ≤ 1.5×).

Libraries are generated under ``--work`` (kept between runs).  Prints
figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

from reader.core.library.facade import Library  # noqa: E402
from reader.core.library.query import Query  # noqa: E402
from tests.fixtures.library_gen import write_library  # noqa: E402

# (query, the same filter through Query, or None)
METADATA = [
    ("cat:新闻/本地", Query(category=("新闻", "本地"))),
    ("author:王小明", Query(author="王小明")),
    ("tag:知识产权", Query(tag="知识产权")),
    ("year:2019", Query(year=2019)),
    ("date:2019-04", Query(year=2019, month=4)),
    ("date:2018-01..2018-06", None),
    ("cat:新闻 -tag:城市 date:>=2020-01-01", None),
    ("tag:archive OR tag:offline author:Staff", None),
    ("comments:true cat:科技", None),
    ("has:problems", Query(problems=True)),
    ("body:markdown year:2015", None),
]
TEXT = [
    ("知识产权 cat:新闻", Query(category=("新闻",), text="知识产权")),
    ('"城市" -archive date:2016', None),
    ("python OR 开源 author:Staff", None),
]


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


def median_ms(action, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bench_queries(library: Library, queries: list[tuple[str, Query | None]], budget: str) -> None:
    print(f"  {'query':<42} {'matches':>8} {'count':>9} {'list all':>9}  baseline (Query)")
    for text, baseline in queries:
        matches = library.count_matching(text)
        count_ms = median_ms(lambda text=text: library.count_matching(text))
        list_ms = median_ms(lambda text=text: library.find(text))
        if baseline is not None:
            base_ms = median_ms(lambda baseline=baseline: library.query(baseline))
            ratio = f"{base_ms:7.1f} ms  ({list_ms / base_ms:.2f}×)"
        else:
            ratio = "—"
        print(f"  {text:<42} {matches:>8} {count_ms:7.1f}ms {list_ms:7.1f}ms  {ratio}")
    print(f"  budget: {budget}")


def bench_export(library: Library, count: int, repeats: int = 3) -> None:
    """Rendering (the baseline), EPUB and HTML export of the same articles,
    each ``repeats`` times in turn; the fastest run of each is compared (the
    machine is shared: the fastest run is the one least disturbed)."""
    from reader.core.convert.export import export_epub, export_html_folder
    from reader.core.render.pipeline import render_article

    paths = [s.path for s in library.query(Query(limit=count))]

    def render_all(_folder: Path) -> None:
        for rel in paths:
            render_article(library.load(rel), library_root=library.root)

    def epub(folder: Path) -> None:
        export_epub(library, paths, folder / "book.epub", force=True)

    def html(folder: Path) -> None:
        export_html_folder(library, paths, folder / "site", force=True)

    best = {"render": float("inf"), "epub": float("inf"), "html": float("inf")}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            for name, action in (("render", render_all), ("epub", epub), ("html", html)):
                started = time.perf_counter()
                action(Path(folder))
                best[name] = min(best[name], time.perf_counter() - started)
    render_s = best["render"]
    print(f"  render {len(paths)} articles (baseline, best of {repeats}): {render_s:.2f} s")
    for name, label in (("epub", "EPUB export"), ("html", "HTML folder export")):
        print(f"  {label}: {best[name]:.2f} s ({best[name] / render_s:.2f}×; target ≤ 1.5×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--fulltext", action="store_true")
    parser.add_argument("--export", type=int, default=0, metavar="N")
    parser.add_argument("--no-queries", action="store_true", help="only the export figures")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ar-bench-query"))
    args = parser.parse_args()
    root = ensure_library(args.work, args.count)
    with Library.open(root, cache_dir=args.work / f"cache-{args.count}") as library:
        started = time.perf_counter()
        library.refresh()
        print(f"  {args.count} articles indexed ({time.perf_counter() - started:.1f} s)")
        if not args.no_queries:
            print("metadata-only queries")
            bench_queries(library, METADATA, "≤ 50 ms at 100,000 articles")
        if args.fulltext and not args.no_queries:
            started = time.perf_counter()
            library.build_fulltext()
            print(f"full text built ({time.perf_counter() - started:.1f} s)")
            print("queries with words")
            bench_queries(library, TEXT, "the search budget (≤ 50 ms)")
        if args.export:
            print(f"export of {args.export} articles")
            bench_export(library, args.export)


if __name__ == "__main__":
    main()
