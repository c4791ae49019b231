"""reader.core.common.sequences: a valid alignment always, difflib's own for
small stretches, and no runaway on sequences that make difflib quadratic."""

from __future__ import annotations

import difflib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.common.sequences import EXACT_BUDGET, matching_blocks, opcodes, unified_lines
from reader.core.edit.diff import unified_diff
from reader.core.edit.merge3 import merge_text
from reader.core.edit.source import keep_mine_source
from tests.core.guards import finishes


def _check_alignment(a, b, ops):
    """The opcodes cover both sequences in order, and every ``equal`` is equal."""
    covered_a, covered_b = [], []
    for tag, i1, i2, j1, j2 in ops:
        assert tag in {"equal", "replace", "delete", "insert"}
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        covered_a.extend(range(i1, i2))
        covered_b.extend(range(j1, j2))
    assert covered_a == list(range(len(a))) and covered_b == list(range(len(b)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=60), st.lists(st.integers(0, 5), max_size=60))
def test_small_sequences_match_as_difflib_does(a, b):
    expected = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    assert opcodes(a, b) == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 4000), st.integers(1, 30))
def test_large_sequences_give_a_valid_alignment(seed, length, alphabet):
    rng = random.Random(seed)
    a = [rng.randrange(alphabet) if rng.random() < 0.7 else rng.random() for _ in range(length)]
    b = list(a)
    for _ in range(rng.randrange(1, 40)):  # scattered edits
        at = rng.randrange(len(b) + 1)
        b[at:at] = [rng.random() for _ in range(rng.randrange(3))]
        del b[rng.randrange(len(b)) :][: rng.randrange(3)]
    _check_alignment(a, b, opcodes(a, b))


def test_a_large_sequence_keeps_what_it_shares_with_the_other():
    a = [f"line {n}" for n in range(100_000)]
    b = [*a[:50_000], "new", *a[50_000:99_000], "end"]
    blocks = matching_blocks(a, b)
    assert sum(n for _, _, n in blocks) == 99_000  # nothing shared left unmatched
    assert len(a) * len(b) > EXACT_BUDGET


def _interleaved(n):
    a = list(range(n))
    b = [x for i in range(n) for x in ((i, -i - 1) if i % 2 else (i,))]
    return a, b


def test_sequences_that_make_difflib_quadratic_finish():
    """Many short matches (difflib took minutes on these) and few distinct
    elements; a generous hang guard, not a timing test."""
    rng = random.Random(7)
    cases = [
        _interleaved(60_000),
        ([i // 2 for i in range(60_000)], [i // 3 for i in range(60_000)]),
        ([rng.randrange(2) for _ in range(60_000)], [rng.randrange(2) for _ in range(60_000)]),
    ]
    sections_a, sections_b = [], []
    for k in range(40):  # blank lines against blank and text lines, between headings
        sections_a += [f"## {k}\n"] + ["\n"] * 500
        sections_b += [f"## {k}\n"] + ["\n", "text\n"] * 250
    cases.append((sections_a, sections_b))
    for a, b in cases:
        ops = finishes(opcodes, a, b, timeout=60)
        _check_alignment(a, b, ops)


def test_a_long_article_merges_without_running_away():
    """Keep Mine of the source editor on a 20,000-line file whose lines
    repeat (blank lines, the same few paragraphs): it took 15 s and 53 s."""
    body = "".join("\n" if n % 2 else f"Paragraph {n % 50}\n" for n in range(20_000))
    base = ("---\ntitle: a\n---\n" + body).encode()
    mine = base.replace(b"title: a", b"title: b")
    theirs = base + b"A last line.\n"
    merged = finishes(keep_mine_source, base, mine, theirs, timeout=60)
    assert merged == mine + b"A last line.\n"
    same = ("---\ntitle: a\n---\n" + "x\n" * 20_000).encode()
    merged = finishes(keep_mine_source, same, same.replace(b"a\n", b"b\n", 1), same + b"y\n")
    assert merged == same.replace(b"a\n", b"b\n", 1) + b"y\n"


def test_merging_many_clean_chunks_stays_linear():
    """A merge with thousands of clean stretches between conflicts is joined
    once per run (adding the runs up line by line copied the text each time)."""
    base = "".join(f"{n}\n" for n in range(40_000))
    mine = base.replace("\n1000\n", "\nmine\n")
    theirs = base.replace("\n30000\n", "\ntheirs\n")
    merged = finishes(merge_text, base, mine, theirs, timeout=60)
    assert merged.conflicts == 0
    assert merged.text() == base.replace("\n1000\n", "\nmine\n").replace("\n30000\n", "\ntheirs\n")


_LINES = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "\n", "d"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_LINES, _LINES, st.integers(0, 4))
def test_unified_lines_are_difflibs_for_small_texts(a, b, context):
    expected = list(difflib.unified_diff(a, b, "a/x.md", "b/x.md", n=context))
    assert unified_lines(a, b, "a/x.md", "b/x.md", context) == expected


def test_a_pathological_diff_finishes():
    """Show Changes and the conflict dialog on a long file edited all over
    (difflib took four minutes on this one)."""
    a, b = _interleaved(60_000)
    old = "".join(f"{n}\n" for n in a).encode()
    new = "".join(f"{n}\n" for n in b).encode()
    text = finishes(unified_diff, old, new, "post.md", timeout=60)
    assert text.startswith("--- a/post.md\n+++ b/post.md\n@@ ")
    added = [line for line in text.splitlines() if line.startswith("+") and line != "+++ b/post.md"]
    assert len(added) == len(b) - len(a)  # only the lines that are new


def test_a_long_run_of_alike_lines_lines_up():
    """120 unticked boxes, two ticked here and one there: no line is found
    once (or as often) on each side, and the run was one replacement, a
    false clash in which Keep Mine dropped the other tick."""
    head = b"---\ntitle: Todo\n---\n"
    for count in (20, 120, 1000, 30_000):
        lines = [b"- [ ] task\n"] * count
        mine, theirs, both = list(lines), list(lines), list(lines)
        mine[0] = mine[-1] = theirs[count // 2] = b"- [x] task\n"
        both[0] = both[-1] = both[count // 2] = b"- [x] task\n"
        base, mine_raw, their_raw = (head + b"".join(x) + b"end\n" for x in (lines, mine, theirs))
        merged = finishes(keep_mine_source, base, mine_raw, their_raw, timeout=60)
        assert merged == head + b"".join(both) + b"end\n"
    a = ["x"] * 500
    b = ["y", *["x"] * 498, "y"]
    assert opcodes(a, b) == [
        ("replace", 0, 1, 0, 1),
        ("equal", 1, 499, 1, 499),
        ("replace", 499, 500, 499, 500),
    ]


@settings(max_examples=100, deadline=None)
@given(
    st.integers(3, 3000),
    st.lists(st.floats(0, 1), min_size=3, max_size=3),
    st.sampled_from(["- [ ] task\n", "\n"]),
)
def test_ticks_in_a_run_of_alike_lines_merge(count, where, line):
    """Two lines changed on one side, one on the other, in lines all alike:
    the merge is clean and has the three (apart by two lines or more)."""
    first, last = sorted(int(w * (count - 1)) for w in where[:2])
    other = int(where[2] * (count - 1))
    if first == last or min(abs(other - first), abs(other - last)) < 2:
        return
    base = [line] * count
    mine, theirs, both = list(base), list(base), list(base)
    mine[first] = mine[last] = theirs[other] = "ticked\n"
    both[first] = both[last] = both[other] = "ticked\n"
    merged = merge_text("".join(base), "".join(mine), "".join(theirs))
    assert merged.conflicts == 0 and merged.text() == "".join(both)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 200), st.integers(1, 6))
def test_runs_of_alike_elements_give_a_valid_alignment(seed, runs, alphabet):
    """Runs of one element, their lengths changed on the other side: every
    run is matched (as long as the shorter of the two)."""
    rng = random.Random(seed)
    lengths = [(rng.randrange(alphabet), rng.randrange(1, 300)) for _ in range(runs)]
    a = [x for x, n in lengths for _ in range(n)]
    b = [x for x, n in lengths for _ in range(max(1, n + rng.randrange(-3, 4)))]
    ops = opcodes(a, b)
    _check_alignment(a, b, ops)


def test_long_sequences_of_runs_finish():
    """The run matching stays within the bounds (a hang guard)."""
    rng = random.Random(3)
    n = 200_000
    cases = [
        (["a"] * n, ["a"] * (n - 7)),
        (["a"] * n, ["b", *["a"] * (n - 2), "b"]),
        (
            [x for i in range(n // 50) for x in [i % 7] * 50],
            [x for i in range(n // 49) for x in [i % 5] * 49],
        ),
        ([rng.randrange(3) for _ in range(n)], [rng.randrange(3) for _ in range(n)]),
        ([i % 2 for i in range(n)], [i % 2 for i in range(1, n)]),
        ([x for _ in range(n // 40) for x in [rng.randrange(3)] * rng.randrange(1, 80)], ["a"] * n),
        (list(range(n)), list(range(n))[::-1]),
        (list(range(n)), [*range(n // 2, n), *range(n // 2)]),
    ]
    for a, b in cases:
        _check_alignment(a, b, finishes(opcodes, a, b, timeout=60))
