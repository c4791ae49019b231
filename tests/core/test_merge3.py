"""Three-way merges: per front-matter key and line by line for the body."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.article.codec import parse_article
from reader.core.article.conflicts import conflict_blocks, conflict_problems, split_conflicts
from reader.core.article.model import ERROR, ArticleError
from reader.core.edit.merge3 import MINE, MISSING, THEIRS, Edited, KeyMerge, merge_text, plan_merge

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
