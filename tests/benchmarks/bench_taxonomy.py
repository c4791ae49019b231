"""The taxonomy (tree, tags, dates, authors, counts) after a change, against
a full recount in the same run (prints numbers, asserts nothing).

    python tests/benchmarks/bench_taxonomy.py --library LIB --cache CACHE_COPY [--runs 5]

The changes are made in the index only (never in the library's files) and
undone at the end: the authors of ``k`` articles, a tag added to each and a
category row moved, for several ``k``.  Use a copy of a warm index
(``ARTICLE_READER_CACHE_DIR``): the change log's triggers are added to it.
Each figure is the median of ``--runs``, the full recount timed alternately
with the logged one (target at 1,000,000 articles: ≤ 0.5 s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.library.catalog import load_taxonomy, taxonomy_json  # noqa: E402
from reader.core.library.facade import Library  # noqa: E402
from reader.core.library.state.counts import unread_counts_of_library  # noqa: E402


def _change(db, ids: list[int], forward: bool) -> None:
    """Change (or put back) the authors, a tag and a category row of ``ids``."""
    with db.write() as conn:
        for article_id in ids:
            if forward:
                conn.execute(
                    "UPDATE articles SET author = 'bench author ' || id WHERE id = ?",
                    (article_id,),
                )
                conn.execute(
                    "INSERT OR IGNORE INTO article_tags VALUES ('bench tag', ?)", (article_id,)
                )
            else:
                conn.execute(
                    "UPDATE articles SET author = (SELECT value FROM bench_authors WHERE id = ?) "
                    "WHERE id = ?",
                    (article_id, article_id),
                )
                conn.execute(
                    "DELETE FROM article_tags WHERE tag = 'bench tag' AND article_id = ?",
                    (article_id,),
                )


def _remember(db, ids: list[int]) -> None:
    """Keep the authors of ``ids`` (for :func:`_change` to put them back)."""
    with db.write() as conn:
        conn.execute("DELETE FROM temp.bench_authors")
        conn.executemany(
            "INSERT INTO temp.bench_authors SELECT id, author FROM articles WHERE id = ?",
            [(i,) for i in ids],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--cache", required=True, help="a copy of a warm index (it is changed)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 100, 10_000])
    args = parser.parse_args()
    with Library.open(args.library, args.cache) as library:
        db = library._db  # noqa: SLF001  (the benchmark changes index rows, never files)
        conn = db.conn()
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if not total:  # not indexed yet (a small library for a try)
            library.refresh()
            total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"library: {args.library} ({total:,} articles); index {library.index_path}")
        with db.write() as wconn:
            wconn.execute("CREATE TEMP TABLE bench_authors(id INTEGER PRIMARY KEY, value)")
        t0 = time.perf_counter()
        library.taxonomy()  # counted (or kept) once: the log starts here
        print(f"first taxonomy of this run: {(time.perf_counter() - t0) * 1000:.0f} ms")
        kept = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            library.taxonomy()
            kept.append(time.perf_counter() - t0)
        print(f"taxonomy, nothing changed (kept): {statistics.median(kept) * 1000:.1f} ms")
        for k in args.counts:
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM articles ORDER BY id LIMIT ? OFFSET ?", (k, total // 3)
                )
            ]
            _remember(db, ids)
            full, logged = [], []
            for run in range(args.runs):
                _change(db, ids, forward=run % 2 == 0)
                conn.execute("BEGIN")
                t0 = time.perf_counter()
                expected = taxonomy_json(load_taxonomy(conn))
                full.append(time.perf_counter() - t0)
                conn.execute("COMMIT")
                t0 = time.perf_counter()
                taxonomy = library.taxonomy()
                logged.append(time.perf_counter() - t0)
                taxonomy.site = None
                if taxonomy_json(taxonomy) != expected:
                    print(f"  MISMATCH after changing {k:,} articles (run {run})")
            if args.runs % 2:
                _change(db, ids, forward=False)  # put back
                library.taxonomy()
            f, g = statistics.median(full), statistics.median(logged)
            print(
                f"taxonomy after {k:,} articles changed (author, a tag): {g * 1000:.0f} ms "
                f"logged vs {f * 1000:.0f} ms full recount = {g / f:.2f}× "
                f"(median of {args.runs})"
            )
        # the tree's unread counts after a change: the taxonomy plus the read
        read = {row.path for _, row in zip(range(10_000), library.iter_query(), strict=False)}
        ids = [row[0] for row in conn.execute("SELECT id FROM articles LIMIT 1")]
        _remember(db, ids)
        counts = []
        for run in range(args.runs):
            _change(db, ids, forward=run % 2 == 0)
            t0 = time.perf_counter()
            unread_counts_of_library(library.taxonomy(), library.summaries_for, read)
            counts.append(time.perf_counter() - t0)
        if args.runs % 2:
            _change(db, ids, forward=False)
        print(
            f"tree unread counts after a change, {len(read):,} read: "
            f"{statistics.median(counts) * 1000:.0f} ms (taxonomy included; median of "
            f"{args.runs}; target ≤ 0.5 s)"
        )


if __name__ == "__main__":
    main()
