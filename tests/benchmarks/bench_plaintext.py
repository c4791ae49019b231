#!/usr/bin/env python3
"""The body's plain text (``fulltext.plain_text``, what the complete index,
excerpts and snippets read): this tree's against a baseline commit's, in one
process, on bodies shaped like a blog's and a news archive's.

    python tests/benchmarks/bench_plaintext.py --base df331c7

The baseline's ``reader/core/library/fulltext.py`` (``git show``) is loaded
beside this tree's; each body is read with each in turn, the two alternated,
and the median of the rounds' ratios (this tree / baseline) is printed with
both times and whether the two texts are the same.  The generated library
of the other benchmarks has no emphasis, links or code in its Markdown; a
blog's posts have all three, and the patterns that strip them dominated the
reading of such a post.  Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import timeit
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[2]))

from bench_excerpt import baseline_module  # noqa: E402  (beside this file)

_BLOG_PARAGRAPH = (
    "The release notes list **three fixes** and one _small_ change: see the "
    "[changelog](https://example.org/notes_(2024)) or run `make check` first. "
    "A <kbd>Ctrl</kbd> key and ~~an old flag~~ are gone; 2*3 stays as written.\n"
)
_BLOG_SECTION = (
    "## Getting started\n\n"
    + _BLOG_PARAGRAPH * 6
    + "\n- one item with `code`\n- another with a [link][ref]\n\n"
    + '```html\n<div class="note"><!-- kept as text --></div>\n```\n\n'
    + "| name | value |\n|---|---|\n| a | 1 |\n\n"
    + '[ref]: https://example.org/ref "Reference"\n\n'
)
_CHINESE_PARAGRAPH = (
    "这次更新带来了**三项修复**和一个_小_改动，详见[更新说明](https://example.org/zh)。\n"
    "手工换行的段落在这里\n继续写下去，搜索时应当连成一个词。\n"
)
_NEWS_PARAGRAPH = (
    "<p>记者从市政府获悉，今年城市更新计划将覆盖十二个街区，"
    "涉及<strong>知识产权</strong>保护与公共空间改造。&nbsp;相关负责人表示，"
    "项目将分三期推进。</p>\n"
)

BODIES = {
    "blog markdown": ("markdown", _BLOG_SECTION * 3),
    "chinese markdown": ("markdown", ("## 小标题\n\n" + _CHINESE_PARAGRAPH * 8 + "\n") * 4),
    "plain markdown": ("markdown", ("Words without any marks at all.\n" * 20 + "\n") * 8),
    "news html": ("html", _NEWS_PARAGRAPH * 30),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the baseline commit")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--number", type=int, default=200)
    args = parser.parse_args()
    from reader.core.library import fulltext

    with tempfile.TemporaryDirectory() as folder:
        base = baseline_module(args.base, Path(folder))
        for name, (body_format, body) in BODIES.items():
            ratios, before, after = [], [], []
            for _ in range(args.rounds):
                a = timeit.timeit(
                    lambda b=body, f=body_format: base.plain_text(b, f, collapse=False),
                    number=args.number,
                )
                b = timeit.timeit(
                    lambda b=body, f=body_format: fulltext.plain_text(b, f, collapse=False),
                    number=args.number,
                )
                ratios.append(b / a)
                before.append(a / args.number)
                after.append(b / args.number)
            same = base.plain_text(body, body_format) == fulltext.plain_text(body, body_format)
            print(
                f"{name:17} {len(body):6,} chars  this/base {statistics.median(ratios):.2f}  "
                f"(base {statistics.median(before) * 1e6:.0f} us, "
                f"this {statistics.median(after) * 1e6:.0f} us; same text: {same})"
            )


if __name__ == "__main__":
    main()
