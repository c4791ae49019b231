"""The window while a PDF is exported (prints numbers, asserts nothing).

    python tests/benchmarks/bench_pdf_window.py [--count 1000] [--rounds 3]

A PDF of ``--count`` articles is exported on a worker thread, as the export
dialog does, while a 10 ms timer ticks on the GUI thread; printed for each
way: the longest gap between ticks, the 99th percentile gap, and the wall
time of the export, as ratios against the same figures for the other way
measured in the same run:

* ``apart``: the book laid out and painted by Qt in a process of its own
  (``export_pdf(apart=True)``, the window's way since session 42);
* ``thread``: laid out and painted on the worker thread itself (the way
  before; PySide holds Python's lock through each call into Qt, so the
  window's thread waited for every long one, and the two could deadlock).

The library is made with tests/fixtures/library_gen.py in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.core.library.facade import Library  # noqa: E402
from reader.ui.pdf_export import export_pdf  # noqa: E402
from tests.fixtures.library_gen import write_library  # noqa: E402


def measure(app: QApplication, library: Library, paths: list[str], out: Path, apart: bool):
    """(longest gap, p99 gap, wall seconds) of one export."""
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    done = threading.Event()
    failed: list[BaseException] = []

    def work() -> None:
        try:
            export_pdf(library, paths, out, force=True, apart=apart, pages=lambda *_: None)
        except BaseException as exc:  # (said after the run)
            failed.append(exc)
        finally:
            done.set()

    started = time.perf_counter()
    timer.start()
    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        app.processEvents()
        time.sleep(0.001)
    wall = time.perf_counter() - started
    timer.stop()
    worker.join()
    if failed:
        raise failed[0]
    gaps.sort()
    p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))] if gaps else 0.0
    return (gaps[-1] if gaps else 0.0), p99, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="bench-pdf-window-") as work:
        root = Path(work) / "library"
        write_library(root, args.count)
        with Library.open(root, Path(work) / "cache") as library:
            library.worker_start = "forkserver"
            library.refresh()
            paths = [summary.path for summary in library.query()]
            figures: dict[str, list[tuple[float, float, float]]] = {"apart": [], "thread": []}
            for _ in range(args.rounds):
                for way in ("apart", "thread"):
                    out = Path(work) / f"{way}.pdf"
                    figures[way].append(measure(app, library, paths, out, way == "apart"))
    print(f"{len(paths)} articles, {args.rounds} round(s) each, median of the rounds")
    medians = {
        way: [statistics.median(values[i] for values in rounds) for i in range(3)]
        for way, rounds in figures.items()
    }
    for way, (longest, p99, wall) in medians.items():
        print(
            f"  {way:<6}  longest gap {longest:8.1f} ms  p99 gap {p99:7.1f} ms  wall {wall:6.2f} s"
        )
    apart, thread = medians["apart"], medians["thread"]
    print(
        f"  apart/thread: longest gap {apart[0] / thread[0]:.2f}×, "
        f"p99 gap {apart[1] / thread[1]:.2f}×, wall {apart[2] / thread[2]:.2f}×"
    )


if __name__ == "__main__":
    main()
