#!/usr/bin/env python3
"""Smoke-test the PyInstaller builds in a clean environment.

    python3 packaging/smoke_test.py [--no-build] [--no-budgets] [-- BUILD.SH OPTIONS]

Without ``--no-build`` it first runs ``packaging/build.sh`` (options after
``--`` go to it, e.g. ``-- --venv .venv --no-install``).  Then, for the
one-folder build (``dist/article-reader/``) and the one-file build
(``dist/onefile/article-reader``, when it exists), each run under
``env -i`` with only PATH, a fresh temporary HOME and QT_QPA_PLATFORM=offscreen:

* ``--version`` prints the package version;
* ``--self-test`` passes;
* the CLI commands show, check, render, set --dry-run, list and search work
  on the bundled sample library (their lazily imported modules are bundled).

Any output on stderr fails a check, apart from the few lines Qt prints that
are known to be harmless and unavoidable (reader.selftest.HARMLESS_STDERR).
Finally the size and start-up budgets are measured (packaging/measure.py).
Prints a summary; exits 1 if anything failed.  Uses only the standard library.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))

import measure  # noqa: E402

from reader.selftest import HARMLESS_STDERR  # noqa: E402 - a stdlib-only module

SAMPLE = "making-dumplings.md"  # YAML front matter, CJK title and tags
RENDER_SAMPLE = "_posts/2020-11-21-first-snow.md"
TIMEOUT = 120


@dataclass
class Result:
    name: str
    ok: bool
    seconds: float
    detail: str = ""


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def add(self, name: str, ok: bool, seconds: float, detail: str = "") -> None:
        self.results.append(Result(name, ok, seconds, detail))
        mark = "PASS" if ok else "FAIL"
        print(f"[{mark}] {name} ({seconds:.2f} s){': ' + detail if detail else ''}", flush=True)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.ok]


def package_version() -> str:
    tree = ast.parse((ROOT / "reader" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "__version__" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise SystemExit("reader/__init__.py has no __version__")


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.update(extra)
    return env


def unexpected_stderr(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and line not in HARMLESS_STDERR]


def run(exe: Path, args: list[str], home: Path, cwd: Path, **env: str):
    started = time.monotonic()
    proc = subprocess.run(
        [str(exe), *args],
        env=clean_env(home, **env),
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT,
        check=False,
    )
    return proc, time.monotonic() - started


def front_matter_title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip().strip("\"'")
    raise SystemExit(f"{path} has no title line")


def check_build(label: str, exe: Path, library: Path, version: str, report: Report) -> None:
    """Run every check against one executable; ``library`` is a sample library on disk."""
    if not exe.is_file():
        report.add(f"{label}: executable exists", False, 0.0, f"{exe} is missing")
        return
    work = Path(tempfile.mkdtemp(prefix="article-reader-smoke-"))
    try:
        home = work / "home"
        home.mkdir()

        def check(name, args, verify, said=(), **env):
            try:
                proc, seconds = run(exe, args, home, work, **env)
            except subprocess.TimeoutExpired:
                report.add(f"{label}: {name}", False, TIMEOUT, "timed out")
                return
            problems = []
            if proc.returncode != 0:
                problems.append(f"exit status {proc.returncode}")
            # (``said``: the beginnings of the lines the command says on stderr)
            extra = [e for e in unexpected_stderr(proc.stderr) if not e.startswith(tuple(said))]
            if extra:
                problems.append("unexpected stderr: " + " | ".join(extra[:20]))
            try:
                detail = verify(proc.stdout)
            except AssertionError as exc:
                problems.append(f"bad output: {exc}; stdout: {proc.stdout[:500]!r}")
                detail = ""
            report.add(f"{label}: {name}", not problems, seconds, "; ".join(problems) or detail)

        def expect_version(out):
            assert out == f"article-reader {version}\n", f"expected version {version}"
            return out.strip()

        def expect_self_test(out):
            assert "self-test (frozen build" in out, "not running frozen"
            assert "self-test: all checks passed" in out, "the self-test did not pass"
            return next(line.strip() for line in out.splitlines() if "ok  window" in line)

        sample = library / SAMPLE
        title = front_matter_title(sample)

        def expect_show(out):
            lines = out.splitlines()
            assert len(lines) == 1, f"{len(lines)} lines instead of 1"
            data = json.loads(lines[0])
            assert data["path"] == str(sample), f"path {data['path']!r}"
            assert data["title"] == title, f"title {data['title']!r}, expected {title!r}"
            assert data["format"] == "yaml" and data["problems"] == [], "format/problems"
            assert data["date"] and data["tags"], "no date or tags"
            return f"{data['title']} ({data['date']})"

        def expect_check(out):
            rows = [json.loads(line) for line in out.splitlines()]
            assert len(rows) >= 12, f"only {len(rows)} articles checked"
            assert all(row["problems"] == [] for row in rows), "problems reported"
            return f"{len(rows)} articles, no problems"

        render_title = front_matter_title(library / RENDER_SAMPLE)

        def expect_render(out):
            assert "<" in out and render_title in out, f"no HTML with the title {render_title!r}"
            return f"{len(out)} characters of HTML"

        def expect_dry_run(out):
            lines = out.splitlines()
            added = [line for line in lines if line.startswith("+") and not line.startswith("+++")]
            assert added == ["+smoke_test: true"], f"diff adds {added!r}"
            return "one line added"

        check("--version", ["--version"], expect_version)
        check("--self-test", ["--self-test"], expect_self_test)
        check("show --json", ["show", str(sample), "--json"], expect_show)
        check("check --json", ["check", str(library), "--json"], expect_check)
        check("render", ["render", str(library / RENDER_SAMPLE)], expect_render)
        check(
            "set --dry-run",
            ["set", str(sample), "-s", "smoke_test=true", "--dry-run"],
            expect_dry_run,
        )

        cache = str(work / "cache")

        def expect_list(out):
            rows = [json.loads(line) for line in out.splitlines()]
            assert len(rows) >= 12, f"{len(rows)} articles listed"
            assert SAMPLE in {row["path"] for row in rows}, f"{SAMPLE} not listed"
            return f"{len(rows)} articles listed"

        def expect_search(out):
            rows = [json.loads(line) for line in out.splitlines()]
            assert any(row["path"] == SAMPLE for row in rows), f"{SAMPLE} not found"
            return f"{len(rows)} hit(s)"

        check("list --json", ["list", str(library), "--json", "--cache-dir", cache], expect_list)
        check(
            "search --json",
            ["search", str(library), "饺子", "--json", "--cache-dir", cache],
            expect_search,
        )

        # Writes, through the write path's system calls (a rename that never
        # replaces: ctypes in the frozen build), on a copy of the library.
        copy = work / "library"
        shutil.copytree(library, copy)
        edited = copy / SAMPLE
        before = edited.read_bytes()

        def expect_set(out):
            after = edited.read_bytes()
            assert after.count(b"\nsmoke_test: true\n") == 1, "the key is not in the file"
            assert after.replace(b"smoke_test: true\n", b"", 1) == before, "other bytes changed"
            return "one key written"

        check("set", ["set", str(edited), "-s", "smoke_test=true"], expect_set)
        page = work / "page.html"
        page.write_text(
            "<!doctype html><html><head><title>Smoke page</title></head><body><article>"
            "<h1>Smoke page</h1><p>Saved for the smoke test.</p></article></body></html>",
            encoding="utf-8",
        )

        def expect_import(out):
            made = [p for p in copy.rglob("smoke-page.md")]
            assert len(made) == 1, f"{len(made)} imported articles"
            assert b"Saved for the smoke test." in made[0].read_bytes(), "no body"
            return str(made[0].relative_to(copy))

        check(
            "import",
            ["import", str(copy), str(page), "--cache-dir", str(work / "cache2")],
            expect_import,
            said=("1 page(s) imported",),
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="test the existing dist/")
    parser.add_argument("--no-budgets", action="store_true", help="skip size/start-up budgets")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="the dist folder")
    parser.add_argument("build_args", nargs="*", help="options for build.sh (after --)")
    args = parser.parse_args()

    started = time.monotonic()
    report = Report()
    if not args.no_build:
        t0 = time.monotonic()
        build = ["bash", str(ROOT / "packaging" / "build.sh"), *args.build_args]
        proc = subprocess.run(build, check=False)
        report.add("build.sh", proc.returncode == 0, time.monotonic() - t0)
        if proc.returncode != 0:
            return summarize(report, started)

    version = package_version()
    onefolder = args.dist / "article-reader" / "article-reader"
    internal = args.dist / "article-reader" / "_internal"
    bundled_library = internal / "reader" / "resources" / "sample-library"
    check_build("one-folder", onefolder, bundled_library, version, report)
    onefile = args.dist / "onefile" / "article-reader"
    if onefile.exists():
        # The one-file build unpacks its resources at run time; use the folder build's copy.
        check_build("one-file", onefile, bundled_library, version, report)

    if not args.no_budgets:
        measurements = measure.measure(args.dist, runs=5)
        for line in measure.table(measurements):
            print(line)
        for m in measurements:
            report.add(f"budget: {m.name}", m.ok, 0.0, f"{m.value_text} (budget {m.budget_text})")
    return summarize(report, started)


def summarize(report: Report, started: float) -> int:
    total = time.monotonic() - started
    print(
        f"\nsmoke test: {len(report.results) - len(report.failed)} passed, "
        f"{len(report.failed)} failed, {total:.0f} s"
    )
    for result in report.failed:
        print(f"  FAILED {result.name}: {result.detail}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
