#!/usr/bin/env python3
"""The writer's cost of looking up the paths of each batch of new records
(``IndexDB._known_rows``, which keeps two first indexes at once from leaving
orphan rows), alternating with the same load without it.

    python -m tests.fixtures.library_gen /tmp/ar-known --count 3000
    python tests/benchmarks/bench_known_rows.py /tmp/ar-known [--rounds 3]

Each round loads the library into a fresh index in this one process (no
pool, batches of 500 records so that many batches follow the first), once
without the lookup and once as shipped, and prints the CPU seconds of each
and the ratio of the best of each.  Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time

import pytest

import reader.core.library.refresh as refresh_module
from reader.core.library.facade import Library
from reader.core.library.index import IndexDB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    shipped = IndexDB.__dict__["_known_rows"]
    times: dict[str, list[float]] = {"without": [], "shipped": []}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(refresh_module, "_BULK_BATCH", 500)
        for _ in range(args.rounds):
            for name in times:
                lookup = shipped if name == "shipped" else staticmethod(lambda conn, records: {})
                patch.setattr(IndexDB, "_known_rows", lookup)
                cache = tempfile.mkdtemp(prefix="ar-known-")
                try:
                    with Library.open(args.library, cache_dir=cache) as lib:
                        started = time.process_time()
                        lib.refresh(parallel=False, fulltext=True)
                        times[name].append(time.process_time() - started)
                finally:
                    shutil.rmtree(cache)
    for name, values in times.items():
        print(f"{name:8} CPU s: " + ", ".join(f"{v:.2f}" for v in values))
    ratio = min(times["shipped"]) / min(times["without"])
    print(f"ratio shipped/without (best of each): {ratio:.3f}")


if __name__ == "__main__":
    main()
