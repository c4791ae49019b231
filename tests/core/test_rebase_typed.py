"""Keep Mine of Raw-tab text whose line merge with the other program's change
does not parse, or reads as other values than either side gave: merged key by
key instead, never by taking back the other program's change to another key.
And unified diffs that split lines only where the file does."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from reader.core.article.codec import parse_article
from reader.core.article.model import ArticleError
from reader.core.edit.diff import ArticleEdit, unified_diff

BASE = b"---\ntitle: x\ndate: 2020-01-01\ntags:\n- a\n---\nbody\n"


def _rebased(original: bytes, typed: str, theirs: bytes, **form: object) -> bytes:
    edit = ArticleEdit(parse_article(original, "post.md"))
    edit.set_front_text(typed)
    for key, value in form.items():
        edit.diff.set_value(key, value)
    return edit.rebase(parse_article(theirs, "post.md")).new_bytes()


def _metadata(raw: bytes) -> dict:
    article = parse_article(raw, "post.md")
    assert not article.has_errors
    return article.metadata


def test_typed_flow_list_over_their_new_item_keeps_their_date():
    typed = "title: x\ndate: 2020-01-01\ntags: [a, b]\n"
    theirs = b"---\ntitle: x\ndate: 2021-05-05\ntags:\n- a\n- c\n---\nbody\n"
    new = _rebased(BASE, typed, theirs)
    # the date only they changed is theirs; tags both added to: both items
    # (theirs first, as added at the same place)
    assert _metadata(new) == {"title": "x", "date": date(2021, 5, 5), "tags": ["a", "c", "b"]}
    # written onto their file: only the key I changed is rewritten
    assert new == b"---\ntitle: x\ndate: 2021-05-05\ntags:\n- a\n- c\n- b\n---\nbody\n"


def test_typed_change_to_a_key_they_removed_keeps_mine_and_their_other_keys():
    original = b"---\ntitle: x\ncategories:\n- news\ntags:\n- a\n---\nbody\n"
    typed = "title: x\ncategories:\n- news\ntags:\n- a\n- b\n"
    theirs = b"---\ntitle: x\ncategories:\n- news\n---\nbody\n"
    new = _rebased(original, typed, theirs)
    # the line merge would read "- b" as a category: never a value neither side gave
    assert _metadata(new) == {"title": "x", "categories": ["news"], "tags": ["a", "b"]}


def test_typed_removal_of_a_key_they_moved_stays_removed():
    original = b"---\ntitle: x\ndraft: true\n---\nbody\n"
    theirs = b"---\ndraft: true\ntitle: x\n---\nbody\n"
    new = _rebased(original, "title: x\n", theirs)
    assert _metadata(new) == {"title": "x"}


def test_key_merge_keeps_the_fields_edits_on_the_typed_text_and_their_body():
    typed = "title: mine\ndate: 2020-01-01\ntags: [a, b]\n"
    theirs = b"---\ntitle: x\ndate: 2021-05-05\ntags:\n- a\n- c\n---\ntheir body\n"
    new = _rebased(BASE, typed, theirs, author="me")
    assert _metadata(new) == {
        "title": "mine",
        "date": date(2021, 5, 5),
        "tags": ["a", "c", "b"],
        "author": "me",
    }
    assert new.endswith(b"---\ntheir body\n")


def test_key_merge_keeps_their_line_ends():
    typed = "title: x\ndate: 2020-01-01\ntags: [a, b]\n"
    theirs = b"---\r\ntitle: x\r\ndate: 2021-05-05\r\ntags:\r\n- a\r\n- c\r\n---\r\nbody\r\n"
    new = _rebased(BASE, typed, theirs)
    assert _metadata(new)["date"] == date(2021, 5, 5)
    assert b"\n" not in new.replace(b"\r\n", b"")


def test_key_clash_takes_mine_and_their_other_key_stays():
    typed = "title: mine\ndate: 2020-01-01\ntags: [a, b]\n"
    theirs = b"---\ntitle: theirs\ndate: 2021-05-05\ntags:\n- a\n- c\n---\nbody\n"
    new = _rebased(BASE, typed, theirs)
    assert _metadata(new) == {
        "title": "mine",
        "date": date(2021, 5, 5),
        "tags": ["a", "c", "b"],
    }


def test_a_line_merge_that_reads_as_both_sides_meant_is_kept_as_typed():
    typed = "title: x  # mine\ndate: 2020-01-01\ntags:\n- a\n"
    theirs = BASE.replace(b"2020-01-01", b"2021-05-05")
    new = _rebased(BASE, typed, theirs)
    assert new == b"---\ntitle: x  # mine\ndate: 2021-05-05\ntags:\n- a\n---\nbody\n"


def test_their_item_and_mine_in_one_list_both_stay_as_the_lines_merged():
    original = b"---\ntitle: x\ntags:\n- a\n- b\n- c\ndate: 1\n---\nbody\n"
    typed = "title: x\ntags:\n- a\n- b\n- c\n- d\ndate: 1\n"
    theirs = original.replace(b"- a\n", b"- A\n")
    new = _rebased(original, typed, theirs)
    assert new == b"---\ntitle: x\ntags:\n- A\n- b\n- c\n- d\ndate: 1\n---\nbody\n"


def test_typed_text_carried_after_a_key_merge():
    edit = ArticleEdit(parse_article(BASE, "post.md"))
    edit.set_front_text("title: x\ndate: 2020-01-01\ntags: [a, b]\n")
    theirs = parse_article(b"---\ntitle: t\ndate: 2021-05-05\ntags:\n- a\n- c\n---\nbody\n", None)
    newer = edit.rebase(theirs)
    typed = "title: x\ndate: 2020-01-01\ntags: [a, b\n"  # does not parse
    carried = edit.carry_typed_text(typed, newer, ("mine", "theirs"))
    assert "title: t\n" in carried and "<<<<<<< mine" in carried  # nothing of theirs dropped


def test_key_merge_of_an_anchor_writes_out_the_aliases_kept():
    original = b"---\nt: &x [1]\nu: *x\nv: 1\n---\nbody\n"
    # their w is an alias of t: rewriting t in their file gives w (and u)
    # the value they had, in the anchored value's flow style
    theirs = b"---\nt: &x [1]\nu: *x\nv: 2\nw: *x\n---\nbody\n"
    new = _rebased(original, "t: [1, 2]\nu: [1]\nv: 1\n", theirs)
    assert _metadata(new) == {"t": [1, 2], "u": [1], "v": 2, "w": [1]}
    assert new == b"---\nt: [1, 2]\nu: [1]\nv: 2\nw: [1]\n---\nbody\n"


def test_key_merge_of_anchors_on_both_sides_keeps_theirs():
    # (refused before: an anchor could not be rewritten while its alias stayed)
    original = b"---\np: 1\nq: 1\nr: 1\ns: 1\n---\nbody\n"
    typed = "p: &m 2\nq: *m\nr: &n 1\ns: *n\n"  # r aliased in my text, p in theirs
    theirs = b"---\np: &t 1\nq: 1\nr: 3\ns: *t\n---\nbody\n"
    edit = ArticleEdit(parse_article(original, "post.md"))
    edit.set_front_text(typed)
    merged = edit.rebase(parse_article(theirs, "post.md"))
    assert _metadata(merged.new_bytes()) == {"p": 2, "q": 2, "r": 3, "s": 1}


def test_key_merge_that_cannot_be_written_refuses_instead_of_dropping_theirs():
    # their front matter and my text both one flow mapping: neither can take
    # the other's keys in place
    original = b"---\np: 1\nq: 1\n---\nbody\n"
    theirs = b"---\n{p: 1, q: 3}\n---\nbody\n"
    edit = ArticleEdit(parse_article(original, "post.md"))
    edit.set_front_text("{p: 2, q: 1}\n")
    with pytest.raises(ArticleError, match="cannot be merged key by key"):
        edit.rebase(parse_article(theirs, "post.md"))


def test_typed_text_whole_when_their_front_matter_does_not_read():
    typed = "title: x\ndate: 2020-01-01\ntags: [a, b]\n"
    theirs = b"---\ntitle: x\ndate: [2021\ntags:\n- a\n- c\n---\nbody\n"
    new = _rebased(BASE, typed, theirs)
    assert _metadata(new) == {"title": "x", "date": date(2020, 1, 1), "tags": ["a", "b"]}


# -- unified diffs ----------------------------------------------------------------------

ODD_BREAKS = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def _hunk_counts_match(text: str) -> None:
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)", text)
    k = 2
    while k < len(lines):
        head = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", lines[k])
        assert head, lines[k]
        old = int(head.group(2) or 1)
        new = int(head.group(4) or 1)
        k += 1
        while k < len(lines) and (old or new or lines[k].startswith("\\")):
            line = lines[k]
            if line.startswith("\\"):
                pass
            elif line.startswith(" "):
                old, new = old - 1, new - 1
            elif line.startswith("-"):
                old -= 1
            elif line.startswith("+"):
                new -= 1
            else:
                raise AssertionError(line)
            k += 1
        assert (old, new) == (0, 0)


@pytest.mark.parametrize("brk", ODD_BREAKS)
def test_unified_diff_splits_lines_only_at_line_ends(brk):
    old = f"---\ntitle: x\n---\npage one{brk}page two\nend\n".encode()
    new = f"---\ntitle: y\n---\npage one{brk}page two\nend\n".encode()
    text = unified_diff(old, new, "post.md")
    assert "No newline at end of file" not in text
    assert f" page one{brk}page two\n" in text
    _hunk_counts_match(text)
    changed = unified_diff(old, new.replace(b"two", b"2"), "post.md")
    assert f"-page one{brk}page two\n+page one{brk}page 2\n" in changed
    _hunk_counts_match(changed)


@pytest.mark.skipif(shutil.which("patch") is None, reason="GNU patch is not installed")
@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"page one\x0cpage two\nend\n", b"page one\x0cpage 2\nend\n"),
        (b"a\x0bb\nc\x1cd\ne", b"a\x0bb\nc\x1cD\ne\x1df"),
        ("x\u2028y\nz\x85w\n".encode(), "x\u2028Y\nz\x85w\nmore\u2029\n".encode()),
        (b"one\r\ntwo\x0c\r\nthree\r\n", b"one\r\ntwo\x0c\r\nTHREE\r\n"),
    ],
)
def test_unified_diff_of_odd_line_breaks_applies_with_patch(tmp_path, old, new):
    target = tmp_path / "post.md"
    target.write_bytes(old)
    text = unified_diff(old, new, "post.md")
    _hunk_counts_match(text)
    done = subprocess.run(
        ["patch", "-p1", "--binary", "--no-backup-if-mismatch", "-s"],
        input=text.encode("utf-8", "surrogateescape"),
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert target.read_bytes() == new
