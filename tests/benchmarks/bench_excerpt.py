#!/usr/bin/env python3
"""Excerpts of the complete index (``fulltext.excerpt_of_text``, one per
article): this tree's against a baseline commit's, in one process.

    python tests/benchmarks/bench_excerpt.py --base 9208c32

The baseline's ``reader/core/library/fulltext.py`` (``git show``) is loaded
beside this tree's; each text's excerpt is timed with each in turn, the two
alternated, and the median of the rounds' ratios (this tree / baseline) is
printed with both times.  Texts: Chinese, Chinese with Latin words,
accented Latin, CJK with emoji, ASCII.  Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TEXTS = {
    "chinese": "知识产权城市。" * 600,
    "chinese+latin": "AI 芯片 and 知识产权 " * 300,
    "latin-accents": "café naïve résumé " * 250,
    "cjk+emoji": "ab 知识 🙂 " * 500,
    "ascii": "plain words " * 300,
}


def baseline_module(revision: str, folder: Path):
    source = subprocess.run(
        ["git", "show", f"{revision}:reader/core/library/fulltext.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = folder / "fulltext_base.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("fulltext_base", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fulltext_base"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the baseline commit")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--number", type=int, default=500)
    args = parser.parse_args()
    from reader.core.library import fulltext

    with tempfile.TemporaryDirectory() as folder:
        base = baseline_module(args.base, Path(folder))
        if not hasattr(base, "excerpt_of_text"):
            sys.exit(f"{args.base} has no excerpt_of_text")
        for name, text in TEXTS.items():
            ratios, before, after = [], [], []
            for _ in range(args.rounds):
                a = timeit.timeit(lambda t=text: base.excerpt_of_text(t), number=args.number)
                b = timeit.timeit(lambda t=text: fulltext.excerpt_of_text(t), number=args.number)
                ratios.append(b / a)
                before.append(a / args.number)
                after.append(b / args.number)
            same = base.excerpt_of_text(text) == fulltext.excerpt_of_text(text)
            print(
                f"{name:14} this/base {statistics.median(ratios):.2f}  "
                f"(base {statistics.median(before) * 1e6:.0f} us, "
                f"this {statistics.median(after) * 1e6:.0f} us per excerpt; "
                f"same excerpt: {same})"
            )


if __name__ == "__main__":
    main()
