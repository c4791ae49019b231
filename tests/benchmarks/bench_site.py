"""Schema inference and ``fix`` at library scale, against the existing bulk
edit (``rename-tag``) measured in the same run.

    python tests/benchmarks/bench_site.py [--count 10000]

Writes a library with the project's generator, then times, on the same files:
the baseline bulk edit (plan + apply of a tag rename, per changed file),
``fix --add`` (plan + apply, per changed file), its undo, ``schema infer``
and the schema check, and prints each beside the baseline.  Not a test: it
prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.core.library.facade import Library
from reader.core.site.fix import FixRule
from tests.fixtures.library_gen import write_library


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ar-bench-site-") as folder:
        root = Path(folder) / "lib"
        write_library(root, args.count)
        library = Library.open(root, Path(folder) / "cache")
        library.refresh()

        plan, t_plan = _timed(lambda: library.plan_tag_rename("python", "Python"))
        result, t_apply = _timed(lambda: library.apply(plan))
        base_files = len(result.changed)
        base = (t_plan + t_apply) / max(base_files, 1)
        print(
            f"baseline rename-tag: {base_files} files, plan {t_plan:.2f} s + apply "
            f"{t_apply:.2f} s = {base * 1000:.2f} ms/file"
        )
        library.undo_last()

        plan, f_plan = _timed(lambda: library.plan_fix(FixRule("add", "series", "s1", "s1")))
        result, f_apply = _timed(lambda: library.apply(plan))
        fix_files = len(result.changed)
        per = (f_plan + f_apply) / max(fix_files, 1)
        print(
            f"fix --add: {fix_files} files, plan {f_plan:.2f} s + apply {f_apply:.2f} s = "
            f"{per * 1000:.2f} ms/file ({per / base:.2f}x baseline per file)"
        )
        undo, u_time = _timed(library.undo_last)
        print(
            f"undo of fix: {len(undo.restored)} files in {u_time:.2f} s "
            f"({u_time / max(len(undo.restored), 1) / base:.2f}x baseline per file)"
        )

        schema, i_time = _timed(library.infer_schema)
        print(
            f"schema infer: {schema.articles} articles, {len(schema.keys)} keys in "
            f"{i_time:.2f} s ({i_time / args.count / base:.2f}x baseline per file)"
        )
        library.save_schema(schema)
        found, c_time = _timed(lambda: library.check_schema(schema))
        print(
            f"schema check: {len(found)} warnings in {c_time:.2f} s "
            f"({c_time / args.count / base:.2f}x baseline per file)"
        )
        groups, g_time = _timed(library.site_groups)
        again, g2_time = _timed(library.site_groups)
        assert groups is not None and again is not None
        print(
            f"schema warnings group: {len(groups.warnings)} articles, first {g_time:.2f} s, "
            f"again (nothing changed) {g2_time:.3f} s"
        )
        for name, rule in schema.keys.items():
            print(
                f"  {name}: {rule.type} share={rule.share} required={rule.required}"
                f"{' values=' + str(list(rule.values)) if rule.values else ''}"
                f"{' spelling=' + rule.spelling if rule.spelling else ''}"
                f"{' shape=' + rule.shape if rule.shape else ''}"
            )
        library.close()


if __name__ == "__main__":
    main()
