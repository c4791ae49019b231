"""Reliability stress: concurrent writers, kill -9, hostile files.  Prints figures.

    .venv/bin/python tests/benchmarks/stress.py                # the README's figures
    .venv/bin/python tests/benchmarks/stress.py --quick        # a minute or so

Not a test: it asserts nothing and prints counts (losses must be 0).  The same
drills run at a small scale in the test suite (tests/reliability.py,
tests/hostile.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.stress_downloader import measure_downloader_deadline
from tests.hostile import FILE_COMMANDS, run_per_file, write_corpus
from tests.reliability import concurrent_set, kill_during_bulk, kill_during_set


def _hostile(folder: Path) -> dict[str, int]:
    corpus = write_corpus(folder / "corpus")
    env = dict(os.environ, ARTICLE_READER_CACHE_DIR=os.fspath(folder / "cache"))
    figures = {
        "inputs": len(corpus),
        "runs": 0,
        "clean": 0,
        "tracebacks": 0,
        "hangs": 0,
        "crashed": 0,
    }
    for command in FILE_COMMANDS:
        files = (
            list(write_corpus(folder / f"copy-{command}").values())
            if command == "set"
            else (list(corpus.values()))
        )
        run = run_per_file(command, files, env, timeout=600)
        figures["runs"] += len(files)
        figures["hangs"] += run.hung
        # A run the interpreter did not finish (an uncaught error) counts its files.
        figures["crashed"] += len(files) - len(run.outcomes) if not run.hung else 0
        for outcome in run.outcomes.values():
            if "Traceback" in outcome["stderr"]:
                figures["tracebacks"] += 1
            elif outcome["code"] in (0, 1, 3):
                figures["clean"] += 1
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="concurrent `set` rounds")
    parser.add_argument("--kills", type=int, default=20, help="kill -9 during `set`")
    parser.add_argument("--bulk-kills", type=int, default=5, help="kill -9 during a bulk rename")
    parser.add_argument("--quick", action="store_true", help="small numbers")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.kills, args.bulk_kills = 40, 4, 2
    with tempfile.TemporaryDirectory(prefix="ar-stress-") as tmp:
        folder = Path(tmp)
        os.environ.setdefault("ARTICLE_READER_LOCK_DIR", os.fspath(folder / "locks"))
        started = time.perf_counter()
        c = concurrent_set(folder / "concurrent", args.rounds)
        print(
            f"concurrent set: {c.rounds} rounds of 2 writers; both changes kept in "
            f"{c.both_kept}, refused with exit 3 {c.refused}, lost {c.lost}, damaged {c.corrupt}"
        )
        k = kill_during_set(folder / "kill-set", args.kills, files=20)
        print(
            f"kill -9 during set: {k.kills} kills, {k.files_checked} file checks, "
            f"damaged {k.damaged}"
        )
        b = kill_during_bulk(folder / "kill-bulk", folder / "cache", args.bulk_kills, files=200)
        print(
            f"kill -9 during rename-tag: {b.kills} kills ({b.mixed} mid-write), "
            f"{b.files_checked} file checks, damaged {b.damaged}, "
            f"not restored by undo {b.undo_incomplete}"
        )
        h = _hostile(folder / "hostile")
        print(
            f"hostile files: {h['inputs']} inputs x {len(FILE_COMMANDS)} commands = {h['runs']} "
            f"runs; clean {h['clean']}, tracebacks {h['tracebacks'] + h['crashed']}, "
            f"hangs {h['hangs']}"
        )
        d = measure_downloader_deadline()
        print(
            f"downloader against one byte a second: {d['deadline']:.0f} s deadline ended after "
            f"{d['body_deadline']:.2f} s (body) and {d['headers_deadline']:.2f} s (headers); "
            f"cancel took effect after {d['cancel']:.2f} s"
        )
        for detail in [*c.details, *k.details, *b.details][:20]:
            print("  " + detail)
        print(f"({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
