"""GUI figures on a library (prints numbers, asserts nothing).

    python tests/benchmarks/bench_gui.py [--library /tmp/bench-gui-10k] [--count 10000] [--runs 5]
    python tests/benchmarks/bench_gui.py --library LIB1M --cache CACHE1M --runs 3
    python tests/benchmarks/bench_gui.py --library LIB --cache CACHE --no-stalls --compare OLD

* start-up: process start → main window painted with the tree and list
  filled, on a warm index, against a bare PySide6 window painted, in the
  same run (target: within 2×).  Both stop at the end of a paint: the bare
  window's first, the window's first paint of the list with rows in it and
  in the tree (``--ready poll``: the figures as measured before 2026-12-03,
  a 2 ms timer polling the row counts and a bare window not painted yet);
* UI stalls: the longest gap between ticks of a 10 ms timer on the GUI
  thread while switching articles, switching tree nodes, searching,
  scrolling the list to its end and sorting it by each column (target:
  under 100 ms); measured in a process of their own, whose peak memory
  (resident set) is printed too (target at 1,000,000 articles: 1 GB).

``--cache`` uses a warm index made before (``article-reader index`` with
``ARTICLE_READER_CACHE_DIR``) and never writes to the library; without it a
fresh index is built in a temporary folder.  The library is made with the
project's tests/fixtures/library_gen.py when it does not exist yet.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench_library import compile_tree, installed_env  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The figures as measured before 2026-12-03 (``--ready poll``): the bare window
# was timed before its first paint, the window by a 2 ms timer polling its row
# counts (late by whatever the background jobs started after the first paint).
BARE_POLL = """
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

FULL_POLL = """
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

# Both programs stop at the end of a paint (the default, ``--ready paint``): an
# event filter takes the paint event of the widget watched, lets the widget
# paint (sendEvent) and notes the time after.  Both import QEvent and install
# the same filter, so that both pay for it once.
PAINTED = """
from PySide6.QtCore import QCoreApplication, QEvent, QObject
_PAINT = QEvent.Type.Paint
class Painted(QObject):  # calls then() after the first paint of widget once ready()
    def __init__(self, widget, ready, then):
        super().__init__()
        self.ready, self.then, self.done = ready, then, False
        widget.installEventFilter(self)
    def eventFilter(self, obj, event):
        if event.type() != _PAINT or not self.ready():
            return False
        obj.removeEventFilter(self)
        QCoreApplication.sendEvent(obj, event)  # the paint itself, then the time
        self.done = True
        self.then()
        return True
"""

BARE = (
    """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
"""
    + PAINTED
    + """
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1200, 760)
def done():
    print("ready", time.time(), "cpu", time.process_time(), flush=True); app.quit()
painted = Painted(w, lambda: True, done)
w.show()
app.exec()
"""
)

FULL = (
    """
import sys, time
sys.path.insert(0, {root!r})
# As the app does (reader.app.run_app): the collector paused until the list
# fills, and PySide6's per-module check made cheap once PySide6 is imported
# (checkouts from before 2026-12-03, session 8, do neither).
try:
    from reader.app import pause_gc_for_startup, resume_gc_once_filled
    from reader.ui.pyside_imports import lighten_feature_checks
except ImportError:
    pause_gc_for_startup = lighten_feature_checks = lambda: lambda: None
    resume_gc_once_filled = lambda window, resume: None
resume_gc = pause_gc_for_startup()
from PySide6.QtWidgets import QApplication
"""
    + PAINTED
    + """
lighten_feature_checks()
app = QApplication(sys.argv[:1])
from reader.ui.settings import Settings
from reader.ui.main_window import MainWindow
w = MainWindow(Settings.from_file({settings!r}), cache_dir={cache!r})
resume_gc_once_filled(w, resume_gc)
def done():
    print("ready", time.time(), "cpu", time.process_time(), flush=True)
    w.close(); app.quit()
# The list's viewport is painted after the tree's in one pass of the window; the
# tree's own viewport is not asked for (PySide would look its type up, 14 ms).
listed = Painted(
    w.list_view.viewport(), lambda: w.list_model.rowCount() and w.nav_model.rowCount(), done
)
w.resize(1200, 760); w.show()
print("shown", time.time(), flush=True)
w.open_library({library!r})
app.exec()
"""
)


# Installed programs run from bytecode (pip and PyInstaller compile it), so the
# trees timed are compiled first, and the launches may write and use
# __pycache__ even where the environment forbids it.
_ENV = installed_env()


#: CPU seconds (all threads) of the programs that print them at "ready", by program.
_CPU: dict[str, list[float]] = {}


def _launch(code: str, mark: str = "ready") -> float:
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_ENV
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith(mark))
    words = line.split()
    if mark == "ready" and "cpu" in words:
        _CPU.setdefault(code, []).append(float(words[words.index("cpu") + 1]))
    return float(words[1]) - started


def _cpu_ms(code: str) -> float:
    """The median CPU time of ``code``'s launches to their ready point (ms)."""
    return statistics.median(_CPU[code]) * 1000 if _CPU.get(code) else float("nan")


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
    """Longest gap between the ticks of a 10 ms timer on the GUI thread."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
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


def _settle(ms: int) -> None:
    """Let the event loop run for ``ms`` (the view paints, pages are read)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _stalls(library: Path, cache: str, settings_file: str) -> dict[str, float]:
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    started = time.perf_counter()
    window = MainWindow(Settings.from_file(settings_file), cache_dir=cache)
    window.resize(1200, 760)
    window.show()
    window.open_library(str(library))
    while not window.list_model.rowCount():
        _wait(window.list_filled, 120)
    figures: dict[str, float] = {"list populated (in this process)": time.perf_counter() - started}
    figures["peak RSS, list populated (MB)"] = _peak_rss_mb()
    while window.session.busy:  # the refresh from disk, the saved searches, the counts
        _wait(window.session.idle, 600)
    figures["refresh from disk done"] = time.perf_counter() - started
    figures["peak RSS, refresh from disk and counts done (MB)"] = _peak_rss_mb()
    rows = window.list_model.rowCount()
    with StallMeter() as meter:
        for row in range(30):
            window.list_view.setCurrentIndex(window.list_model.index(row, 0))
            _wait(window.article_shown)
    figures["switching 30 articles"] = meter.worst
    model = window.nav_model
    keys: list[tuple] = []  # the window starts on All articles: it comes last
    categories = model.find(("categories",))
    keys += [
        model.node(model.index(r, 0, categories)).key for r in range(model.rowCount(categories))
    ]
    dates = model.find(("dates",))
    keys += [model.node(model.index(r, 0, dates)).key for r in range(model.rowCount(dates))][:3]
    authors = model.find(("authors",))
    keys += [model.node(model.index(r, 0, authors)).key for r in range(model.rowCount(authors))][:3]
    keys.append(("all",))
    with StallMeter() as meter:
        for key in keys:
            window.tree.selectionModel().setCurrentIndex(
                model.find(key), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            _wait(window.list_filled, 120)
    figures[f"switching tree nodes ({len(keys)} groups, up to {rows:,} rows)"] = meter.worst
    bar = window.list_view.verticalScrollBar()
    steps = 200
    with StallMeter() as meter:
        for step in range(steps + 1):  # top to bottom in 200 jumps, painting each
            bar.setValue(bar.maximum() * step // steps)
            _settle(15)
        for _ in range(40):  # then page by page, the last rows
            bar.setValue(max(bar.minimum(), bar.value() - bar.pageStep()))
            _settle(15)
    figures[f"scrolling {rows:,} rows to the end and back 40 pages"] = meter.worst
    figures["peak RSS, tree nodes switched and list scrolled (MB)"] = _peak_rss_mb()
    header = window.list_view.header()
    for column, name in ((0, "title"), (2, "author"), (3, "categories"), (1, "date")):
        with StallMeter() as meter:
            window.list_view.sortByColumn(column, header.sortIndicatorOrder())
            _wait(window.list_filled, 120)  # a listing is sorted by a new query
            _settle(50)
        figures[f"sorting {rows:,} rows by {name}"] = meter.worst
    figures["peak RSS, sorted by each column (MB)"] = _peak_rss_mb()
    with StallMeter() as meter:
        for text in ("新闻", "river", "城市 交通"):
            window.search_field.setText(text)
            _wait(window.list_filled, 120)
    figures["searching (3 queries)"] = meter.worst
    with StallMeter() as meter:
        for column in (0, 1, 2, 3):
            window.list_view.sortByColumn(column, window.list_view.header().sortIndicatorOrder())
            _settle(30)
    figures["sorting the search results by 4 columns"] = meter.worst
    with StallMeter() as meter:
        window.search_field.clear()
        _wait(window.list_filled, 120)
    figures["clearing the search (the whole list again)"] = meter.worst
    figures["peak RSS of the window process, searches done (MB)"] = _peak_rss_mb()
    window.close()
    del app
    return figures


def _window_figures(library: Path, cache: str, settings: str) -> dict[str, float]:
    """:func:`_stalls` in a process of its own (its peak memory is the window's)."""
    out = subprocess.run(
        [sys.executable, __file__, "--stalls-child", str(library), cache, settings],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=Path("/tmp/bench-gui-10k"))
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", help="a warm index made before (not written to)")
    parser.add_argument("--no-stalls", action="store_true", help="start-up figures only")
    parser.add_argument(
        "--ready",
        choices=("paint", "poll"),
        default="paint",
        help="stop at the end of the first paint with rows (default), or poll the row "
        "counts every 2 ms with a bare window not painted yet (the figures before 2026-12-03)",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="another checkout (e.g. git archive of an earlier commit) whose window is "
        "started in the same alternation",
    )
    parser.add_argument("--stalls-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stalls_child:
        library, cache, settings = args.stalls_child
        print(json.dumps(_stalls(Path(library), cache, settings)))
        return
    _ensure_library(args.library, args.count)
    with tempfile.TemporaryDirectory() as folder:
        settings = os.path.join(folder, "settings.ini")
        from reader.core.library.facade import Library

        if args.cache:
            cache = args.cache
            with Library.open(args.library, cache) as library:
                count = library.count()
            print(f"library: {args.library} ({count:,} articles); warm index in {cache}")
        else:
            cache = os.path.join(folder, "cache")
            t0 = time.perf_counter()
            with Library.open(args.library, cache) as library:
                library.refresh()
                library.build_fulltext()
                count = library.count()
            print(
                f"library: {args.library} ({count:,} articles); cold index "
                f"{time.perf_counter() - t0:.1f} s"
            )
        bare_code, full_code = (BARE, FULL) if args.ready == "paint" else (BARE_POLL, FULL_POLL)
        code = full_code.format(
            root=str(ROOT), settings=settings, cache=cache, library=str(args.library)
        )
        other = ""
        if args.compare:  # another checkout's window, with a settings file of its own
            other = full_code.format(
                root=str(args.compare.resolve()),
                settings=os.path.join(folder, "compare.ini"),
                cache=cache,
                library=str(args.library),
            )
        compile_tree(ROOT)
        if args.compare:
            compile_tree(args.compare.resolve())
        _launch(bare_code)  # warm the file cache for both
        _launch(code)
        if other:
            _launch(other)
        _CPU.clear()
        bare, full, shown, before = [], [], [], []
        for _ in range(args.runs):  # alternated, so that load on the machine hits all
            bare.append(_launch(bare_code))
            full.append(_launch(code))
            if other:
                before.append(_launch(other))
            shown.append(_launch(code, "shown"))
        b, f = statistics.median(bare), statistics.median(full)
        print(f"start-up, bare PySide6 window: {b * 1000:.0f} ms (median of {args.runs})")
        print(
            f"start-up, main window shown (empty, library loading): "
            f"{statistics.median(shown) * 1000:.0f} ms"
        )
        print(
            f"start-up, populated main window (warm index): {f * 1000:.0f} ms "
            f"(median of {args.runs}) = {f / b:.2f}× the bare window (target ≤ 2×)"
        )
        if other:
            o = statistics.median(before)
            print(
                f"start-up, populated main window of {args.compare}: {o * 1000:.0f} ms "
                f"(median of {args.runs}) = {o / b:.2f}× the bare window; this tree "
                f"{f / o:.2f}× that one"
            )
        if _CPU:  # less sensitive than the time to other work on the machine
            cpu = f"bare {_cpu_ms(bare_code):.0f} ms, window {_cpu_ms(code):.0f} ms"
            if other:
                cpu += f", {args.compare} {_cpu_ms(other):.0f} ms"
            print(f"CPU time of the process to that point (median, all threads): {cpu}")
        if args.no_stalls:
            return
        for what, value in _window_figures(args.library, cache, settings).items():
            if what.startswith("peak RSS"):
                print(f"{what}: {value:.0f} MB")
            elif what.startswith(("list populated", "refresh")):
                print(f"{what}: {value:.2f} s")
            else:
                print(f"max UI stall, {what}: {value * 1000:.0f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
