"""GUI figures on a 10,000-article library (prints numbers, asserts nothing).

    python tests/benchmarks/bench_gui.py [--library /tmp/bench-gui-10k] [--count 10000]

* start-up: process start → main window shown with the tree and list
  filled, on a warm index, against a bare PySide6 window in the same run
  (target: within 3×);
* UI stalls: the longest gap between ticks of a 5 ms timer on the GUI
  thread while switching articles and while filtering the list (target:
  under 100 ms).

The library is made with /work/shared/tools/make_library.py (or the
project's tests/fixtures/library_gen.py) when it does not exist yet.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1200, 760); w.show()
def done():
    print("ready", time.time(), flush=True); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

FULL = """
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QTimer
app = QApplication(sys.argv[:1])
from reader.ui.settings import Settings
from reader.ui.main_window import MainWindow
w = MainWindow(Settings.from_file({settings!r}), cache_dir={cache!r})
w.resize(1200, 760); w.show()
print("shown", time.time(), flush=True)
w.open_library({library!r})
def check():
    if w.list_model.rowCount() and w.nav_model.rowCount():
        print("ready", time.time(), w.list_model.rowCount(), flush=True)
        w.close(); app.quit()
    else:
        QTimer.singleShot(2, check)
QTimer.singleShot(0, check)
app.exec()
"""


# Installed programs run from bytecode (pip and PyInstaller compile it), so the
# launches may write and use __pycache__ even where the environment forbids it.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _launch(code: str, mark: str = "ready") -> float:
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_ENV
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith(mark))
    return float(line.split()[1]) - started


def _ensure_library(path: Path, count: int) -> None:
    if path.is_dir() and any(path.iterdir()):
        return
    maker = Path("/work/shared/tools/make_library.py")
    if maker.is_file():
        cmd = [sys.executable, str(maker), str(path), "--count", str(count)]
    else:
        cmd = [sys.executable, "-m", "tests.fixtures.library_gen", str(path), "--count", str(count)]
    subprocess.run(cmd, check=True, cwd=ROOT)


class StallMeter:
    """Longest gap between the ticks of a fast timer on the GUI thread."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def _tick(self):
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def __enter__(self):
        self.worst = 0.0
        self.last = time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.stop()
        self._tick()


def _wait(signal, timeout: float = 30.0):
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def _stalls(library: Path, cache: str, settings_file: str) -> dict[str, float]:
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(Settings.from_file(settings_file), cache_dir=cache)
    window.resize(1200, 760)
    window.show()
    window.open_library(str(library))
    while not window.list_model.rowCount() or window.session.busy:
        _wait(window.session.idle, 60)
    figures = {}
    with StallMeter() as meter:
        for row in range(30):
            window.list_view.setCurrentIndex(window.list_model.index(row, 0))
            _wait(window.article_shown)
    figures["switching 30 articles"] = meter.worst
    model = window.nav_model
    keys = [("all",)]
    categories = model.index(1, 0)
    keys += [
        model.node(model.index(r, 0, categories)).key for r in range(model.rowCount(categories))
    ]
    with StallMeter() as meter:
        for key in keys * 2:
            window.tree.selectionModel().setCurrentIndex(
                model.find(key), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            _wait(window.list_filled)
    figures[f"filtering the list ({len(keys) * 2} groups, up to 10,000 rows)"] = meter.worst
    with StallMeter() as meter:
        for text in ("新闻", "river", "城市 交通"):
            window.search_field.setText(text)
            _wait(window.list_filled)
    figures["searching (3 queries)"] = meter.worst
    with StallMeter() as meter:
        for column in (0, 1, 2, 3):
            window.list_view.sortByColumn(column, window.list_view.header().sortIndicatorOrder())
    figures["sorting the search results by 4 columns"] = meter.worst
    window.search_field.clear()
    _wait(window.list_filled)
    with StallMeter() as meter:
        for column in (0, 2, 1):
            window.list_view.sortByColumn(column, window.list_view.header().sortIndicatorOrder())
    figures[f"sorting {window.list_model.rowCount()} rows by 3 columns (in the GUI thread)"] = (
        meter.worst
    )
    window.close()
    del app
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=Path("/tmp/bench-gui-10k"))
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    _ensure_library(args.library, args.count)
    with tempfile.TemporaryDirectory() as folder:
        cache = os.path.join(folder, "cache")
        settings = os.path.join(folder, "settings.ini")
        from reader.core.library.facade import Library

        t0 = time.perf_counter()
        with Library.open(args.library, cache) as library:
            library.refresh()
            library.build_fulltext()
            count = library.count()
        print(
            f"library: {args.library} ({count} articles); cold index "
            f"{time.perf_counter() - t0:.1f} s"
        )
        code = FULL.format(
            root=str(ROOT), settings=settings, cache=cache, library=str(args.library)
        )
        _launch(BARE)  # warm the file cache for both
        _launch(code)  # and write the bytecode, as an install would have
        bare = [_launch(BARE) for _ in range(args.runs)]
        full = [_launch(code) for _ in range(args.runs)]
        shown = [_launch(code, "shown") for _ in range(args.runs)]
        b, f = statistics.median(bare), statistics.median(full)
        print(f"start-up, bare PySide6 window: {b * 1000:.0f} ms (median of {args.runs})")
        print(
            f"start-up, main window shown (empty, library loading): "
            f"{statistics.median(shown) * 1000:.0f} ms"
        )
        print(
            f"start-up, populated main window (warm index): {f * 1000:.0f} ms "
            f"(median of {args.runs}) = {f / b:.1f}× the bare window (target ≤ 3×)"
        )
        for what, worst in _stalls(args.library, cache, settings).items():
            print(f"max UI stall, {what}: {worst * 1000:.0f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
