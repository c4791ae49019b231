#!/usr/bin/env python3
"""Where a worker's time goes, per article, in one process.

    python tests/benchmarks/bench_stages.py [--count 3000] [--rounds 5]
        [--work /tmp/ar-bench] [--tree OTHER_CHECKOUT]

Reads the first ``--count`` articles of the generated 10,000-article library
(the one ``bench_library.py`` and ``bench_index.py`` use, kept under
``--work``) and times each stage of the complete index's worker on all of
them, stage after stage, in CPU microseconds an article (best and median of
``--rounds``): the naive ``frontmatter.load`` loop, reading the files,
parsing them, the index row, the plain text of the body, the full-text entry
(the index texts as UTF-8 and the excerpt), then the FTS5 inserts of those
entries into an empty table as a shard holds them, and ``read_records`` with
the full text, the stages one article at a time as the pool runs them.

``--tree`` times another checkout of the project instead (say, the main
branch exported with ``git archive``); run both on a quiet machine, one after
the other, to compare.  Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ar-bench"))
    parser.add_argument("--tree", type=Path, default=HERE.parents[2])
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parents[2]))
    from bench_library import ensure_library

    root = str(ensure_library(args.work, 10_000))
    # the checkout timed: its modules, not this one's
    for name in [m for m in sys.modules if m == "reader" or m.startswith("reader.")]:
        del sys.modules[name]
    sys.path.insert(0, str(args.tree.resolve()))
    import frontmatter

    from reader.core.article import codec
    from reader.core.article.readfile import read_article_bytes
    from reader.core.library import fulltext
    from reader.core.library.index import FULLTEXT_TABLE
    from reader.core.library.records import fulltext_entry, read_records, record_of
    from reader.core.library.scan import scan

    rels = sorted(scan(root))[: args.count]
    # (the body's flag for bytes that are not UTF-8: session 15 on)
    flagged = "surrogates" in inspect.signature(fulltext.plain_text).parameters
    read: dict[str, tuple] = {}
    parsed: dict[str, codec.Article] = {}
    rows: dict[str, tuple] = {}
    plains: dict[str, str] = {}
    entries: dict[str, tuple] = {}

    def naive() -> None:
        for rel in rels:
            post = frontmatter.load(os.path.join(root, rel))
            _ = post.metadata.get("title"), post.content[:10]

    def read_files() -> None:
        for rel in rels:
            path = Path(root, rel)
            read[rel] = (path, *read_article_bytes(path))

    def parse() -> None:
        for rel in rels:
            path, raw, st = read[rel]
            parsed[rel] = codec.parse_article(raw, path, mtime_ns=st.st_mtime_ns, size=st.st_size)

    def row() -> None:
        for rel in rels:
            rows[rel] = record_of(parsed[rel], rel)[0]

    def plain() -> None:
        for rel in rels:
            article = parsed[rel]
            if flagged:
                bad = any(p.message == codec.NOT_UTF8 for p in article.problems)
                text = fulltext.plain_text(
                    article.body, rows[rel][16], collapse=False, surrogates=bad
                )
            else:
                text = fulltext.plain_text(article.body, rows[rel][16], collapse=False)
            plains[rel] = text

    def entry() -> None:
        for rel in rels:
            r = rows[rel]
            entries[rel] = fulltext_entry(r[3], r[13], r[14], r[15], plains[rel])

    def inserts() -> None:
        path = args.work / "bench-stages-fts.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute(FULLTEXT_TABLE)
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (16 << 20,))
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO fts(rowid, title, meta, body) "
            "VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))",
            [(i, *entries[rel][:3]) for i, rel in enumerate(rels, 1)],
        )
        conn.execute("COMMIT")
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)

    def pooled() -> None:
        read_records(root, rels, fulltext=True)

    stages: list[tuple[str, Callable[[], None]]] = [
        ("naive frontmatter.load loop", naive),
        ("read the files (open, fstat, read)", read_files),
        ("parse (parse_article)", parse),
        ("the index row (record_of)", row),
        ("plain text of the body", plain),
        ("full-text entry (index texts as UTF-8, excerpt)", entry),
        ("FTS5 inserts into an empty shard table", inserts),
        ("read_records(fulltext=True), article by article", pooled),
    ]
    times: dict[str, list[float]] = {name: [] for name, _ in stages}
    for _ in range(args.rounds):
        for name, stage in stages:
            started = time.process_time()
            stage()
            times[name].append((time.process_time() - started) / len(rels) * 1e6)
    print(f"{args.tree}: {len(rels)} articles, CPU µs an article (best, median of {args.rounds})")
    for name, values in times.items():
        print(f"  {name:50s} {min(values):7.1f} {statistics.median(values):7.1f}")


if __name__ == "__main__":
    main()
