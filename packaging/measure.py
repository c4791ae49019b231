#!/usr/bin/env python3
"""Measure the packaged builds against their budgets.

    python3 packaging/measure.py [--dist DIST] [--runs N] [--update-readme]

* one-folder size (dist/article-reader/, apparent size of every file) ≤ 130 MB
* one-file size (dist/onefile/article-reader) ≤ 55 MB
* start-up: process start → main window shown (offscreen) ≤ 1 s for the
  one-folder build; the one-file build's time is reported too.

MB are 10^6 bytes.  Start-up is timed from just before the process is spawned
to the moment it prints ``startup-probe: window shown`` on stdout, which the
program does when ``ARTICLE_READER_STARTUP_PROBE=1`` is set and its window is
exposed (reader.selftest.startup_probe).  The app is started on the bundled
sample library; if this build's GUI does not call the probe (reader/app.py does
not mention ``startup_probe``), the ``--self-test`` window is timed instead
(an upper bound: the self-test indexes, renders and edits before it shows its
window) and the table says so.  Each program runs in a clean environment
(``env -i``: PATH, a fresh HOME, QT_QPA_PLATFORM=offscreen).  Page caches are
not dropped: the runs after the first are warm; the first and the median are
reported, and the budget applies to the slowest run.

``--update-readme`` writes the table into packaging/README.md between the
``budgets`` markers.  Exits 1 when a budget is exceeded.  Standard library only.
"""

from __future__ import annotations

import argparse
import os
import platform
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "packaging" / "README.md"
MARK_START = "<!-- budgets:start (written by packaging/measure.py --update-readme) -->"
MARK_END = "<!-- budgets:end -->"
PROBE_ENV = "ARTICLE_READER_STARTUP_PROBE"
PROBE_LINE = "startup-probe: window shown"
MB = 1_000_000
ONEFOLDER_BUDGET_MB = 130
ONEFILE_BUDGET_MB = 55
STARTUP_BUDGET_S = 1.0
PROBE_TIMEOUT = 30.0


@dataclass
class Measurement:
    name: str
    value: float
    budget: float | None
    unit: str
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.budget is None or self.value <= self.budget

    def _fmt(self, number: float) -> str:
        return f"{number:.1f} {self.unit}" if self.unit == "MB" else f"{number:.2f} {self.unit}"

    @property
    def value_text(self) -> str:
        return self._fmt(self.value)

    @property
    def budget_text(self) -> str:
        return "—" if self.budget is None else "≤ " + self._fmt(self.budget)


def tree_size(path: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(folder, name)).st_size
    return total


def _clean_env(home: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "QT_QPA_PLATFORM": "offscreen",
        PROBE_ENV: "1",
    }


def time_to_window(args: list[str]) -> float | None:
    """Seconds from spawning ``args`` to its probe line; None if it never prints it."""
    home = tempfile.mkdtemp(prefix="article-reader-measure-")
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(
            args,
            env=_clean_env(home),
            cwd=home,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        buffer = b""
        found = None
        deadline = started + PROBE_TIMEOUT
        while found is None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            ready, _, _ = select.select([proc.stdout], [], [], remaining)
            if not ready:
                break
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break  # the program exited without showing a window
            buffer += chunk
            if (PROBE_LINE + "\n").encode() in buffer:
                found = time.perf_counter() - started
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return found
    finally:
        shutil.rmtree(home, ignore_errors=True)


def gui_has_probe() -> bool:
    """Whether this checkout's app start-up calls reader.selftest.startup_probe."""
    app = ROOT / "reader" / "app.py"
    return app.is_file() and "startup_probe" in app.read_text(encoding="utf-8")


def startup(exe: Path, library: Path, runs: int) -> tuple[list[float], str]:
    """Start-up times of ``runs`` runs and what was timed."""
    first = time_to_window([str(exe), str(library)]) if gui_has_probe() else None
    if first is not None:
        args, what = [str(exe), str(library)], "main window on the sample library"
    else:
        args, what = [str(exe), "--self-test"], "the --self-test window (upper bound)"
        first = time_to_window(args)
        if first is None:
            raise RuntimeError(f"{exe} never reported a shown window")
    times = [first]
    for _ in range(runs - 1):
        seconds = time_to_window(args)
        if seconds is None:
            raise RuntimeError(f"{exe} did not report a shown window on a later run")
        times.append(seconds)
    return times, what


def measure(dist: Path, runs: int = 5) -> list[Measurement]:
    results = []
    folder = dist / "article-reader"
    exe = folder / "article-reader"
    library = folder / "_internal" / "reader" / "resources" / "sample-library"
    if not exe.is_file():
        raise SystemExit(f"measure: {exe} is missing; run packaging/build.sh first")
    results.append(
        Measurement("one-folder size", tree_size(folder) / MB, ONEFOLDER_BUDGET_MB, "MB")
    )
    onefile = dist / "onefile" / "article-reader"
    if onefile.is_file():
        results.append(
            Measurement("one-file size", onefile.stat().st_size / MB, ONEFILE_BUDGET_MB, "MB")
        )
    tarballs = sorted(dist.glob("article-reader-*-linux-*.tar.gz"))
    if tarballs:
        results.append(
            Measurement(f"{tarballs[-1].name}", tarballs[-1].stat().st_size / MB, None, "MB")
        )
    times, what = startup(exe, library, runs)
    note = f"{what}; first run {times[0]:.2f} s, median of {runs} {statistics.median(times):.2f} s"
    results.append(
        Measurement("one-folder start-up (slowest run)", max(times), STARTUP_BUDGET_S, "s", note)
    )
    if onefile.is_file():
        times, what = startup(onefile, library, runs)
        note = (
            f"{what}; unpacks to a temporary folder first; first run {times[0]:.2f} s, "
            f"median of {runs} {statistics.median(times):.2f} s"
        )
        results.append(Measurement("one-file start-up (slowest run)", max(times), None, "s", note))
    return results


def table(measurements: list[Measurement]) -> list[str]:
    lines = [
        "| measurement | value | budget | ok | notes |",
        "|---|---|---|---|---|",
    ]
    for m in measurements:
        ok = "yes" if m.ok else "**NO**"
        lines.append(f"| {m.name} | {m.value_text} | {m.budget_text} | {ok} | {m.note} |")
    return lines


def machine() -> str:
    cpus = os.cpu_count() or 0
    return (
        f"{platform.system()} {platform.machine()}, {cpus} CPU(s), Python "
        f"{platform.python_version()}, measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def update_readme(lines: list[str]) -> None:
    text = README.read_text(encoding="utf-8")
    if MARK_START not in text or MARK_END not in text:
        raise SystemExit(f"measure: {README} lacks the budgets markers")
    head, rest = text.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    body = "\n".join([MARK_START, "", *lines, "", MARK_END])
    README.write_text(head + body + tail, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs per build (default 5)")
    parser.add_argument("--update-readme", action="store_true", help="write packaging/README.md")
    args = parser.parse_args()
    measurements = measure(args.dist, max(1, args.runs))
    lines = [*table(measurements), "", f"Measured on {machine()}."]
    print("\n".join(lines))
    if args.update_readme:
        update_readme(lines)
        print(f"\nwritten into {README.relative_to(ROOT)}")
    failed = [m for m in measurements if not m.ok]
    for m in failed:
        print(f"OVER BUDGET: {m.name}: {m.value_text} (budget {m.budget_text})", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
