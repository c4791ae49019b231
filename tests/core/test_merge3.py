"""Three-way merges: per front-matter key and line by line for the body."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article.codec import parse_article
from reader.core.article.conflicts import conflict_blocks, conflict_problems, split_conflicts
from reader.core.article.model import ERROR, ArticleError
from reader.core.edit.merge3 import MINE, MISSING, THEIRS, Edited, KeyMerge, merge_text, plan_merge
from reader.core.edit.source import keep_mine_source

BASE = b"""---
# a comment that must survive
title: "Old title"
tags: [a, b]
draft: true
---
line 1
line 2
line 3
"""


def test_body_changes_on_both_sides_merge_cleanly():
    merged = merge_text("1\n2\n3\n4\n", "1 mine\n2\n3\n4\n", "1\n2\n3\n4 theirs\n")
    assert merged.conflicts == 0
    assert merged.text() == "1 mine\n2\n3\n4 theirs\n"


def test_body_conflict_is_marked_and_can_be_picked():
    merged = merge_text("a\nb\nc\n", "a\nB mine\nc\n", "a\nB theirs\nc\n")
    assert merged.conflicts == 1
    text = merged.text()
    assert "<<<<<<< mine\nB mine\n=======\nB theirs\n>>>>>>> theirs\n" in text
    assert merged.pick(THEIRS) == "a\nB theirs\nc\n"
    assert merged.pick(MINE) == "a\nB mine\nc\n"


def test_without_a_base_every_difference_is_a_conflict():
    merged = merge_text(None, "same\nmine\n", "same\ntheirs\n")
    assert merged.conflicts == 1
    assert merged.pick(MINE) == "same\nmine\n"


def test_last_line_without_a_newline_still_gets_markers_on_their_own_lines():
    merged = merge_text("x", "mine", "theirs")
    assert conflict_blocks(merged.text())


def test_front_matter_per_key_keeps_mine_bytes_and_comments():
    mine = BASE.replace(b'"Old title"', b'"Mine title"')
    theirs = BASE.replace(b"draft: true", b"draft: false").replace(b"line 3", b"line three")
    plan = plan_merge(BASE, mine, theirs, "post.md")
    by_key = {k.key: k for k in plan.keys}
    assert by_key["title"].changed_by == MINE
    assert by_key["draft"].changed_by == THEIRS
    assert by_key["tags"].changed_by == ""
    assert plan.conflicts == 0
    result = plan.result()
    assert result == mine.replace(b"draft: true", b"draft: false").replace(b"line 3", b"line three")
    assert b"# a comment that must survive" in result


def test_front_matter_conflict_needs_a_choice_then_pick_or_edit():
    mine = BASE.replace(b'"Old title"', b'"Mine"')
    theirs = BASE.replace(b'"Old title"', b'"Theirs"')
    plan = plan_merge(BASE, mine, theirs, "post.md")
    title = next(k for k in plan.keys if k.key == "title")
    assert title.conflict and (title.base, title.mine, title.theirs) == (
        "Old title",
        "Mine",
        "Theirs",
    )
    with pytest.raises(ArticleError, match="choose a value for title"):
        plan.result()
    assert parse_article(plan.result({"title": THEIRS})).metadata["title"] == "Theirs"
    edited = plan.result({"title": KeyMerge.parse("Both of us")})
    assert parse_article(edited).metadata["title"] == "Both of us"
    assert b"# a comment" in edited


def test_keys_added_and_removed_on_one_side():
    mine = BASE.replace(b"draft: true\n", b"")  # mine removed draft
    theirs = BASE.replace(b"---\nline 1", b"author: Bo\n---\nline 1")  # theirs added author
    plan = plan_merge(BASE, mine, theirs)
    result = parse_article(plan.result())
    assert "draft" not in result.metadata
    assert result.metadata["author"] == "Bo"
    removed = parse_article(plan.result({"tags": Edited(MISSING)}))
    assert "tags" not in removed.metadata


def test_a_body_left_with_markers_is_refused():
    plan = plan_merge(
        b"---\nt: 1\n---\na\n", b"---\nt: 1\n---\nmine\n", b"---\nt: 1\n---\ntheirs\n"
    )
    with pytest.raises(ArticleError, match="unresolved conflict"):
        plan.result()
    assert plan.result(body="agreed\n").endswith(b"---\nagreed\n")


def test_an_invalid_typed_value_is_an_error():
    with pytest.raises(ArticleError, match="not a valid value"):
        KeyMerge.parse("[unclosed")


CONFLICTED = """---
<<<<<<< HEAD
title: Mine
||||||| base
title: Base
=======
title: Theirs
>>>>>>> side
date: 2024-01-01
---
Body
=======
(a heading underline, not a conflict)
"""


def test_markers_are_problems_with_line_numbers():
    problems = conflict_problems(CONFLICTED)
    assert [(p.severity, p.line) for p in problems] == [(ERROR, 2)]
    assert "lines 2–8" in problems[0].message
    article = parse_article(CONFLICTED.encode(), "post.md")
    assert any("unresolved merge conflict" in p.message and p.line == 2 for p in article.problems)
    assert article.has_errors


def test_a_setext_heading_alone_is_not_a_conflict():
    assert conflict_problems("Title\n=======\ntext\n") == []
    assert not parse_article(b"Title\n=======\ntext\n").has_errors


def test_split_conflicts_gives_the_three_sides():
    sides = split_conflicts(CONFLICTED)
    assert sides is not None
    assert "title: Mine\ndate" in sides.mine and "title: Theirs\ndate" in sides.theirs
    assert sides.base is not None and "title: Base\n" in sides.base
    plan = plan_merge(sides.base.encode(), sides.mine.encode(), sides.theirs.encode())
    title = next(k for k in plan.keys if k.key == "title")
    assert title.conflict


def test_version_diff_splits_front_matter_and_body():
    from reader.core.edit.versions import version_diff

    old = b"---\ntitle: A\n---\nbody\n"
    diff = version_diff(old, b"---\ntitle: B\n---\nbody\nmore\n", "v1", "now")
    assert "-title: A\n+title: B\n" in diff.front_matter
    assert "+more\n" in diff.body and "title" not in diff.body
    assert version_diff(old, old).same


def test_a_body_conflict_is_a_warning_and_a_fenced_example_is_none():
    from reader.core.article.model import WARNING

    body_conflict = b"---\ntitle: T\n---\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> x\n"
    article = parse_article(body_conflict)
    assert [(p.severity, p.line) for p in article.problems] == [(WARNING, 4)]
    assert article.front_matter_read
    example = (
        b"---\ntitle: How to read a conflict\n---\n```diff\n<<<<<<< HEAD\nmine\n"
        b"=======\ntheirs\n>>>>>>> branch\n```\n"
    )
    assert parse_article(example).problems == []
    assert split_conflicts(example.decode()) is None


def test_a_fence_opened_in_the_front_matter_hides_no_conflict():
    """A block scalar holding a code fence that it does not close: the
    markers after it, in the body, are still a conflict."""
    raw = (
        b"---\nsummary: |\n  ```\n  code\ntitle: T\n---\n"
        b"<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> x\n"
    )
    assert [p.line for p in parse_article(raw).problems] == [7]


def test_changes_to_neighbouring_lines_merge():
    merged = merge_text("title: a\nauthor: x\n", "title: b\nauthor: x\n", "title: a\nauthor: y\n")
    assert merged.conflicts == 0 and merged.text() == "title: b\nauthor: y\n"
    added = merge_text("a: 1\nb: 2\n", "a: 1\nb: 2\nc: 3\n", "a: 1\nb: 9\n")
    assert added.conflicts == 0 and added.text() == "a: 1\nb: 9\nc: 3\n"
    # a last line without its line break is never joined to a line added after it
    assert merge_text("a\nb\n", "a\nb\nc", "a\nB").conflicts == 1
    assert merge_text("a\n", "a", "a\na").conflicts == 1
    same_line = merge_text("a: 1\n", "a: 2\n", "a: 3\n")
    same_place = merge_text("a: 1\n", "a: 1\nb: 2\n", "a: 1\nc: 3\n")
    assert same_line.conflicts == same_place.conflicts == 1


def test_a_text_repeated_on_both_sides_still_merges():
    """No line is found once on each side (the text is there three times):
    the lines still line up, and the merge is clean."""
    section = [f"paragraph {n} of the handout\n" for n in range(300)]
    base = section * 3
    mine, theirs = list(base), list(base)
    mine[5], mine[890] = "mine 5\n", "mine 890\n"
    theirs[450] = "theirs 450\n"
    merged = merge_text(*("".join(lines) for lines in (base, mine, theirs)))
    expected = list(base)
    expected[5], expected[890], expected[450] = "mine 5\n", "mine 890\n", "theirs 450\n"
    assert merged.conflicts == 0 and merged.text() == "".join(expected)


_TEXT_LINES = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "\n", "d\r\n", "e"]), max_size=12)


@given(_TEXT_LINES, _TEXT_LINES)
def test_a_change_on_one_side_only_is_taken_whole(base_lines, other_lines):
    base, other = "".join(base_lines), "".join(other_lines)
    assert merge_text(base, other, base).text() == other
    assert merge_text(base, base, other).text() == other
    assert merge_text(base, other, other).text() == other
    assert merge_text(base, other, other).conflicts == 0


@given(_TEXT_LINES, _TEXT_LINES, _TEXT_LINES)
def test_every_conflict_is_marked_and_a_clean_merge_needs_no_pick(b, m, t):
    merged = merge_text("".join(b), "".join(m), "".join(t))
    if merged.conflicts == 0:
        assert merged.pick(MINE) == merged.pick(THEIRS) == merged.text()
    else:
        assert len(conflict_blocks(merged.text())) == merged.conflicts
    two_way = merge_text(None, "".join(m), "".join(t))
    assert two_way.pick(MINE) == "".join(m) and two_way.pick(THEIRS) == "".join(t)


@st.composite
def _three_versions(draw):
    """A base of distinct lines and two versions of it, each with lines
    deleted, replaced or added (every line distinct, every line ended)."""
    base = [f"base {n}\n" for n in range(draw(st.integers(0, 12)))]

    def edited(side: str) -> list[str]:
        out = []
        for n, line in enumerate(base):
            action = draw(st.sampled_from(["keep", "keep", "keep", "drop", "replace"]))
            if action == "keep":
                out.append(line)
            elif action == "replace":
                out.append(f"{side} replaces {n}\n")
            if draw(st.booleans()) and draw(st.booleans()):
                out.append(f"{side} adds after {n}\n")
        if draw(st.booleans()):
            out.insert(0, f"{side} adds first\n")
        return out

    return base, edited("mine"), edited("theirs")


@given(_three_versions())
def test_a_clean_merge_keeps_every_change_of_both_sides(versions):
    base, mine, theirs = versions
    merged = merge_text("".join(base), "".join(mine), "".join(theirs))
    if merged.conflicts:
        return
    lines = merged.text().splitlines(keepends=True)
    assert len(lines) == len(set(lines))  # nothing twice
    for line in set(mine + theirs) - set(base):
        assert line in lines  # every line a side added
    for line in base:  # a base line stays only if both kept it
        assert (line in lines) == (line in mine and line in theirs)
    for side in (mine, theirs):  # in each side's order
        order = [line for line in lines if line in side]
        assert order == [line for line in side if line in lines]


def test_a_line_added_next_to_lines_the_other_side_deleted_is_a_conflict():
    """The list item added after ``- a`` would have joined the list before
    it (categories) once the other side removed tags: git calls it a
    conflict, and so does the merge, at either end of the deleted lines."""
    orig = "---\ntitle: x\ncategories:\n- news\ntags:\n- a\n---\nbody\n"
    mine = orig.replace("- a\n", "- a\n- b\n")
    theirs = "---\ntitle: x\ncategories:\n- news\n---\nbody\n"
    assert merge_text(orig, mine, theirs).conflicts == 1
    assert merge_text(orig, theirs, mine).conflicts == 1
    assert keep_mine_source(orig.encode(), mine.encode(), theirs.encode()) == mine.encode()
    before = merge_text("a\nb\nc\nd\n", "a\nnew\nb\nc\nd\n", "a\nd\n")
    assert before.conflicts == 1
    # next to lines the other replaced with more or fewer lines
    assert merge_text("a\nb\nc\n", "a\nb\nx\nc\n", "a\nB1\nB2\nc\n").conflicts == 1
    # still clean: a line added after one changed in place, neighbours deleted
    assert merge_text("a\nb\nc\n", "a\nb\nx\nc\n", "a\nB\nc\n").text() == "a\nB\nx\nc\n"
    assert merge_text("a\nb\nc\nd\n", "a\nc\nd\n", "a\nb\nd\n").text() == "a\nd\n"


@st.composite
def _insertion_next_to_a_deletion(draw):
    """A base of distinct lines; one side deletes (or replaces with more or
    fewer lines) a stretch, the other adds lines at one end of it."""
    n = draw(st.integers(1, 10))
    base = [f"base {k}\n" for k in range(n)]
    start = draw(st.integers(0, n - 1))
    end = draw(st.integers(start + 1, n))
    count = draw(st.integers(0, 4).filter(lambda c: c != end - start))
    deleting = base[:start] + [f"new {k}\n" for k in range(count)] + base[end:]
    at = draw(st.sampled_from([start, end]))
    adding = base[:at] + ["added\n"] * draw(st.integers(1, 2)) + base[at:]
    return base, adding, deleting


@given(_insertion_next_to_a_deletion(), st.booleans())
def test_an_insertion_at_either_end_of_the_others_deletion_conflicts(versions, swap):
    base, adding, deleting = versions
    mine, theirs = (deleting, adding) if swap else (adding, deleting)
    assert merge_text("".join(base), "".join(mine), "".join(theirs)).conflicts >= 1


def test_a_line_one_side_deleted_and_the_other_moved_is_a_conflict():
    """Lined up the other way round, the move is a deletion (the same as the
    other side's) and an insertion: the deleted line came back, cleanly."""
    assert merge_text("\nP\n", "\n", "P\n\n").conflicts == 1
    assert merge_text("\nP\n", "P\n\n", "\n").conflicts == 1
    base = "title: T\ndate: 2024\ndraft: true\ntags: [a]\n"
    deleted = base.replace("draft: true\n", "")
    moved = "draft: true\n" + deleted
    assert merge_text(base, deleted, moved).conflicts == 1
    assert merge_text(base, moved, deleted).conflicts == 1
    assert merge_text(base, moved, moved).text() == moved  # the same move on both
    # the Raw tab: draft deleted here, moved to the top by another program
    raw, mine_raw, their_raw = (
        f"---\n{text}---\nbody\n".encode() for text in (base, deleted, moved)
    )
    assert keep_mine_source(raw, mine_raw, their_raw) == mine_raw


@st.composite
def _moved_versions(draw):
    """A base of distinct lines among repeated ones (blank lines, ``x``), and
    two versions of it, each with lines deleted, added or moved."""
    fillers = ["\n", "x\n"]
    base = [
        draw(st.sampled_from([f"base {n}\n", *fillers])) for n in range(draw(st.integers(1, 9)))
    ]

    def edited(side: str) -> list[str]:
        out = list(base)
        for n in range(draw(st.integers(1, 3))):
            action = draw(st.sampled_from(["add", "delete", "move"]))
            at = draw(st.integers(0, len(out)))
            if action == "add":
                out.insert(at, draw(st.sampled_from([f"{side} {n}\n", *fillers])))
            elif out:
                line = out.pop(min(at, len(out) - 1))
                if action == "move":
                    out.insert(draw(st.integers(0, len(out))), line)
        return out

    return base, edited("mine"), edited("theirs")


@settings(max_examples=300)
@given(_moved_versions())
def test_a_clean_merge_keeps_every_move_and_delete(versions):
    """Of the lines found once: a base line stays only if both sides kept
    it, every added line is there, and two lines are in the order the
    sides agree on, or the one a side changed them to."""
    base, mine, theirs = versions
    merged = merge_text("".join(base), "".join(mine), "".join(theirs))
    if merged.conflicts:
        return
    lines = [line for line in merged.text().splitlines(keepends=True) if line[0] in "bmt"]
    assert len(lines) == len(set(lines))
    for line in {line for line in base + mine + theirs if line[0] in "bmt"}:
        wanted = (line in mine and line in theirs) if line in base else True
        assert (line in lines) == wanted, line

    def before(seq, first, second):
        return seq.index(first) < seq.index(second)

    for first, second in combinations(lines, 2):
        orders = {before(s, first, second) for s in (mine, theirs) if first in s and second in s}
        if len(orders) == 2 and first in base and second in base:
            orders.discard(before(base, first, second))  # the side that moved one wins
        if len(orders) == 1:
            assert before(lines, first, second) == orders.pop(), (first, second)


QUOTED = b"<pre>\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> branch\n</pre>\n"


def test_a_body_that_quotes_conflict_markers_can_be_merged():
    """The markers were in the body on every side: content, not a conflict
    the merge left (the article could never be merged)."""
    base = b"---\ntitle: a\n---\n" + QUOTED
    mine = base.replace(b"title: a", b"title: b")
    plan = plan_merge(base, mine, base)
    assert plan.conflicts == 0 and plan.result() == mine
    assert plan.result(body=plan.body.text()) == mine
    # one side quotes them, the other adds a line: still content
    theirs = base + b"more\n"
    assert plan_merge(base, mine, theirs).result() == mine + b"more\n"
    # a copy more than the sides had is a conflict left
    with pytest.raises(ArticleError, match="1 unresolved"):
        plan.result(body=QUOTED.decode() * 2)


def test_the_merges_own_markers_are_refused_even_around_quoted_ones():
    base = b"---\ntitle: a\n---\n" + QUOTED
    mine, theirs = base.replace(b"mine\n=", b"MINE\n="), base.replace(b"mine\n=", b"OURS\n=")
    plan = plan_merge(base, mine, theirs)
    assert plan.conflicts == 1
    with pytest.raises(ArticleError, match="1 unresolved"):
        plan.result()
    with pytest.raises(ArticleError, match="1 unresolved"):
        plan.result(body=plan.body.text("Ours", "Theirs"))
    assert plan.result(body=plan.body.pick(MINE)) == mine
    fenced = b"---\nt: 1\n---\n```\na\n```\n"  # a conflict inside a code block
    plan = plan_merge(
        fenced, fenced.replace(b"\na\n", b"\nb\n"), fenced.replace(b"\na\n", b"\nc\n")
    )
    with pytest.raises(ArticleError, match="unresolved"):
        plan.result()


AWKWARD = [
    "\x85",
    "a\x85b",
    "\u2028",
    "a\u2029b",
    "\x00\x01\x1b\x7f",
    "\x1c\x1d\x1e",
    "\x0b\x0c",
    "\t",
    "a\nb",
    "\r",
    "a\r\nb",
    " lead",
    "trail ",
    " ",
    "",
    "#not a comment",
    "a # b",
    "key: value",
    '"double"',
    "'single'",
    "\\back",
    "\ufeff",
    "yes",
    "1",
    "null",
    "- x",
    "[x]",
]


@pytest.mark.parametrize("value", [*AWKWARD, AWKWARD, {"k": "\x85", "\u2028": ["\x85 ", 1]}])
def test_a_value_shown_for_editing_reads_back_the_same(value):
    text = KeyMerge.text(value)
    assert len(text.splitlines()) <= 1  # one line, for the line editor
    read = KeyMerge.parse(text).value
    assert read == value and type(read) is type(value)


@given(st.text(max_size=20))
def test_any_text_shown_for_editing_reads_back_the_same(value):
    read = KeyMerge.parse(KeyMerge.text(value)).value
    assert read == value and type(read) is str


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "expected"),
    [
        (  # I reorder, they change an item: their change stays on its item
            [{"name": "Ann"}, {"name": "Bob"}],
            [{"name": "Bob"}, {"name": "Ann"}],
            [{"name": "Ann", "mail": "ann@x"}, {"name": "Bob"}],
            [{"name": "Bob"}, {"name": "Ann", "mail": "ann@x"}],
        ),
        (  # they reorder, I change an item
            [{"name": "Ann"}, {"name": "Bob"}],
            [{"name": "Ann", "mail": "ann@x"}, {"name": "Bob"}],
            [{"name": "Bob"}, {"name": "Ann"}],
            [{"name": "Bob"}, {"name": "Ann", "mail": "ann@x"}],
        ),
        (["a", "b"], ["a", "b", "mine"], ["a", "b", "theirs"], ["a", "b", "theirs", "mine"]),
        (  # they change an item and insert one after it; I change the same item
            [{"name": "Ann", "role": "x"}, {"name": "Bob"}],
            [{"name": "Ann", "role": "x", "mail": "a@x"}, {"name": "Bob"}],
            [{"name": "Ann", "role": "y"}, {"name": "Cy"}, {"name": "Bob"}],
            [{"name": "Ann", "role": "y", "mail": "a@x"}, {"name": "Cy"}, {"name": "Bob"}],
        ),
        (  # they change an item and drop another
            [{"name": "Ann", "role": "x"}, {"name": "Bob"}],
            [{"name": "Ann", "role": "x", "mail": "a@x"}, {"name": "Bob"}],
            [{"name": "Ann", "role": "y"}],
            [{"name": "Ann", "role": "y", "mail": "a@x"}],
        ),
        (
            [{"a": 1, "b": 1}],
            [{"a": 2, "b": 1}, "new"],
            [{"a": 1, "b": 2}],
            [{"a": 2, "b": 2}, "new"],
        ),
        # items alike as JSON but not as values: None and .inf, a text and a date
        ([None, "a"], [None, "b"], [float("inf"), "a"], [float("inf"), "b"]),
        (
            ["2020-01-01", "a"],
            ["2020-01-01", "b"],
            [date(2020, 1, 1), "a"],
            [date(2020, 1, 1), "b"],
        ),
    ],
)
def test_keep_mine_merges_list_items_by_what_they_are(base, mine, theirs, expected):
    from reader.core.edit.merge3 import merge_value

    merged = merge_value(base, mine, theirs)
    assert merged == expected and [type(v) for v in merged] == [type(v) for v in expected]


def test_keep_mine_of_typed_raw_text_keeps_their_other_parts_of_a_key_both_changed():
    from reader.core.edit.diff import ArticleEdit

    base = parse_article(b"---\nseo:\n  title: A\n  robots: index\n---\nbody\n", "k.md")
    theirs = parse_article(
        b"---\nseo:\n  title: A\n  robots: index\n  lang: en\n---\nbody\n", "k.md"
    )
    edit = ArticleEdit(base)
    edit.set_front_text("seo:\n  title: B\n  robots: index\nnew: 1\n")
    merged = parse_article(edit.rebase(theirs).new_bytes(), "k.md").metadata
    assert merged == {"seo": {"title": "B", "robots": "index", "lang": "en"}, "new": 1}


def test_yes_typed_for_a_key_that_holds_text_is_refused():
    """The merge's typed value refuses yes/no/on/off over a side's text, as
    ``set -s`` and the form do (a title typed ``No`` became ``false``)."""
    key = KeyMerge("title", "Base", "Mine", "Theirs", "conflict")
    with pytest.raises(ArticleError, match="quote it \\('No'\\) to keep it as text"):
        key.typed("No")
    assert key.typed("'No'").value == "No"
    flag = KeyMerge("draft", True, False, True, "conflict")
    assert flag.typed("no").value is False  # over a boolean, the boolean
    with pytest.raises(ArticleError, match=r"on is true in YAML 1\.1"):
        flag.typed("[a, on]")  # inside a list, always ambiguous
