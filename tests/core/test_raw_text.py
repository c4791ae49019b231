"""The Raw tab's model: the front-matter text as a whole is the single source
of truth while it is typed, applied to the file as read (never on top of an
earlier keystroke), with every byte outside the front matter untouched."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.article.codec import parse_article
from reader.core.article.model import ArticleError
from reader.core.article.split import encode, split
from reader.core.edit.diff import ArticleEdit
from reader.core.edit.source import front_text_error, front_view, replace_front_text

# -- seed-shaped fixtures ------------------------------------------------------------------

YAML_LINES = [
    "title: 港口夜航：渡轮上的一小时",
    "categories:",
    "  - [旅行, 港口]",
    "  - [摄影, 夜景]",
    "author: 周明远",
    "date: Fri, 16 Apr 2021 15:21:00 GMT",
    "headimg: https://pics.example.net/ferry/cover.jpg",
    "photos:",
    "  - https://pics.example.net/ferry/deck.jpg",
    "comments: true",
]
TOML_LINES = [
    'title = "港口夜航：渡轮上的一小时"',
    'categories = [["旅行", "港口"], ["摄影", "夜景"]]',
    'author = "周明远"',
    'date = "Fri, 16 Apr 2021 15:21:00 GMT"',
    'headimg = "https://pics.example.net/ferry/cover.jpg"',
    "comments = true",
]
JSON_LINES = [
    "{",
    '  "title": "港口夜航：渡轮上的一小时",',
    '  "categories": [["旅行", "港口"], ["摄影", "夜景"]],',
    '  "author": "周明远",',
    '  "date": "Fri, 16 Apr 2021 15:21:00 GMT",',
    '  "comments": true',
    "}",
]
BODY_LINES = [
    "<h2>夜里的渡轮</h2>",
    "<p>船开出时，码头的灯一盏盏亮起来。\u00a0The engines hum.</p>",
    "<p>---</p>",
]
# format -> (opening line, closing line, front lines, the line a person adds)
FORMATS = {
    "yaml": ("---", "---", YAML_LINES, "draft: true"),
    "toml": ("+++", "+++", TOML_LINES, "draft = true"),
    "json": (";;;", ";;;", JSON_LINES, None),
    "hugo": ("", "", JSON_LINES, None),
    "none": (None, None, [], "draft: true"),
}


@dataclass(frozen=True)
class Seed:
    fmt: str
    newline: str = "\n"
    bom: bool = False
    lead: bool = True  # a blank line before the opening delimiter
    final_newline: bool = True

    def build(self, front_lines: list[str] | None = None) -> bytes:
        opener, closer, lines, _ = FORMATS[self.fmt]
        front_lines = lines if front_lines is None else front_lines
        out = []
        if self.fmt == "none":
            if front_lines:  # the Raw tab adds YAML front matter
                out = ["---", *front_lines, "---"]
        else:
            out = ([""] if self.lead else []) + ([opener] if opener else []) + front_lines
            out += [closer] if closer else []
        text = self.newline.join(out + BODY_LINES)
        if self.final_newline:
            text += self.newline
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")

    def article(self):
        return parse_article(self.build(), f"seed-{self.fmt}.md")


SEEDS = [
    Seed(fmt, newline, bom, lead, final)
    for fmt in FORMATS
    for newline, bom, lead, final in [
        ("\n", False, True, True),
        ("\n", False, False, False),
        ("\r\n", True, True, True),
        ("\r\n", False, True, False),
    ]
]


def _typed(edit: ArticleEdit, text: str) -> None:
    """What the form does for each change of the Raw text."""
    if edit.front_text_error(text) is None:
        edit.set_front_text(text)


def _type_at(edit: ArticleEdit, position: int, typed: str) -> str:
    """Type ``typed`` one character at a time at ``position`` of the Raw text."""
    start = edit.front_text()
    text = start
    for count in range(1, len(typed) + 1):
        text = start[:position] + typed[:count] + start[position:]
        _typed(edit, text)
    return text


def _ids(seed: Seed) -> str:
    return (
        f"{seed.fmt}-{'crlf' if seed.newline == chr(13) + chr(10) else 'lf'}"
        + ("-bom" if seed.bom else "")
        + ("" if seed.final_newline else "-no-final-newline")
    )


# -- the reproduction, for every kind of file ----------------------------------------


@pytest.mark.parametrize("seed", [s for s in SEEDS if FORMATS[s.fmt][3]], ids=_ids)
def test_typing_a_key_at_the_very_end_adds_exactly_that_line(seed):
    article = seed.article()
    line = FORMATS[seed.fmt][3]
    edit = ArticleEdit(article)
    assert edit.front_text() == "\n".join(FORMATS[seed.fmt][2]) + (
        "\n" if seed.fmt != "none" else ""
    )
    _type_at(edit, len(edit.front_text()), line)  # Ctrl+End, then the keys
    assert edit.new_bytes() == seed.build([*FORMATS[seed.fmt][2], line])
    saved = parse_article(edit.new_bytes(), "seed.md")
    assert saved.metadata["draft"] is True and not saved.problems


@pytest.mark.parametrize("seed", [s for s in SEEDS if FORMATS[s.fmt][3]], ids=_ids)
def test_typing_then_deleting_it_again_leaves_the_file_as_it_was(seed):
    article = seed.article()
    edit = ArticleEdit(article)
    start = edit.front_text()
    text = _type_at(edit, len(start), FORMATS[seed.fmt][3])
    while text != start:  # Backspace, one character at a time
        text = text[:-1]
        _typed(edit, text)
    assert edit.new_bytes() == article.raw
    assert not edit.is_modified() and not edit.has_changes()


def test_typing_at_the_start_of_the_text():
    seed = Seed("yaml", "\r\n", bom=True)
    edit = ArticleEdit(seed.article())
    _type_at(edit, 0, "layout: post\n")
    assert edit.new_bytes() == seed.build(["layout: post", *YAML_LINES])


def test_removing_the_last_line_break_changes_nothing():
    """Backspace at the very end joins nothing: the closing delimiter keeps its line."""
    seed = Seed("yaml")
    edit = ArticleEdit(seed.article())
    _typed(edit, edit.front_text()[:-1])
    assert edit.new_bytes() == seed.article().raw and not edit.is_modified()


@pytest.mark.parametrize("fmt", ["yaml", "toml", "json"])
def test_an_emptied_text_keeps_the_delimiters_and_the_body(fmt):
    seed = Seed(fmt, "\r\n", bom=True)
    article = seed.article()
    edit = ArticleEdit(article)
    assert edit.front_text_error("") is None
    edit.set_front_text("")
    assert edit.new_bytes() == seed.build([])
    assert split(edit.new_bytes()).body == article.parts.body


def test_an_emptied_text_on_a_file_without_front_matter_writes_nothing():
    article = Seed("none").article()
    assert replace_front_text(article, "") == article.raw
    assert replace_front_text(article, "  \n\n") == article.raw


@pytest.mark.parametrize(("fmt", "closer"), [("yaml", "---"), ("yaml", "..."), ("toml", "+++")])
def test_a_closing_delimiter_line_in_the_text_is_refused_with_its_line(fmt, closer):
    article = Seed(fmt).article()
    text = front_view(article.parts.front)
    lines = text.split("\n")
    lines.insert(2, closer)
    broken = "\n".join(lines)
    with pytest.raises(ArticleError, match="would end the front matter") as raised:
        replace_front_text(article, broken)
    assert raised.value.path == article.display_path
    assert raised.value.line == article.parts.front_start_line + 2
    problem = front_text_error(article, broken)
    assert problem is not None and problem.line == 3  # counted in the Raw text


def test_the_result_never_depends_on_the_texts_typed_before():
    """The issue's cascade: every keystroke that parsed was applied on top of
    the previous (broken) result.  Now the last text alone decides."""
    seed = Seed("yaml")
    article = seed.article()
    edit = ArticleEdit(article)
    start = edit.front_text()
    for text in (
        start + "d",
        start + "draft:",
        start + "draft: tr",
        "",
        start + "x: [",
        start[:5],
        start + "draft: true",
    ):
        _typed(edit, text)
    assert edit.new_bytes() == replace_front_text(article, start + "draft: true")
    assert edit.new_bytes() == seed.build([*YAML_LINES, "draft: true"])


def test_fields_edits_after_the_raw_text_then_the_raw_text_again():
    seed = Seed("yaml", "\r\n")
    article = seed.article()
    edit = ArticleEdit(article)
    _type_at(edit, len(edit.front_text()), "draft: true")
    edit.diff.set_value("comments", False)
    shown = edit.front_text()  # the Raw tab shows both edits
    assert shown.endswith("comments: false\ndraft: true\n")
    _typed(edit, shown + "layout: post\n")
    lines = [*YAML_LINES[:-1], "comments: false", "draft: true", "layout: post"]
    assert edit.new_bytes() == seed.build(lines)


def test_undo_and_redo_states_carry_the_raw_text():
    article = Seed("yaml").article()
    edit = ArticleEdit(article)
    before = edit.snapshot()
    text = _type_at(edit, len(edit.front_text()), "draft: true")
    after = edit.snapshot()
    edit.restore(before)
    assert edit.front_text() == front_view(article.parts.front) and not edit.is_modified()
    edit.restore(after)
    assert edit.front_text() == text and edit.is_modified()
    edit.revert()
    assert edit.new_bytes() == article.raw and not edit.is_modified()


def test_mixed_line_ends_stay_on_the_lines_not_touched():
    raw = b"---\r\ntitle: a\nauthor: b\r\n---\nBody\r\n"
    article = parse_article(raw, "mixed.md")
    text = front_view(article.parts.front)
    assert text == "title: a\nauthor: b\n"
    new = replace_front_text(article, text.replace("author: b\n", "author: b\nx: 1\n"))
    assert new == b"---\r\ntitle: a\nauthor: b\r\nx: 1\r\n---\nBody\r\n"


def test_a_file_without_front_matter_gets_one_in_its_own_line_ends():
    seed = Seed("none", "\r\n", bom=True)
    article = seed.article()
    new = replace_front_text(article, "title: x")
    assert new == b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n" + article.raw[3:]


def test_hugo_json_at_the_end_of_the_file_keeps_its_missing_line_end():
    raw = b'{\n  "title": "x"\n}'
    article = parse_article(raw, "hugo.md")
    assert replace_front_text(article, '{\n  "title": "x"\n}') == raw
    assert replace_front_text(article, '{\n  "title": "y"\n}') == b'{\n  "title": "y"\n}'


def test_an_error_in_the_body_refuses_the_text_and_names_the_file_line():
    raw = b"---\ntitle: a\n---\nok\n\xff broken\n"
    article = parse_article(raw, "bad.md")
    with pytest.raises(ArticleError, match="not valid UTF-8"):
        replace_front_text(article, "title: b\n")
    problem = front_text_error(article, "title: b\n")
    assert problem is not None and problem.line is None and "line 5 of the file" in problem.message


def test_a_broken_file_is_fixed_from_the_file_as_read():
    raw = b'\n+++\r\ntitle = "oops\r\n+++\r\nBody\r\n'
    article = parse_article(raw, "broken.md")
    assert article.has_errors
    edit = ArticleEdit(article)
    assert edit.front_text() == 'title = "oops\n'
    _type_at(edit, len('title = "oops'), '"')
    assert edit.new_bytes() == b'\n+++\r\ntitle = "oops"\r\n+++\r\nBody\r\n'
    assert edit.editable


# -- the property: any edit sequence, then a save -----------------------------------------

_PIECES = [
    "draft: true",
    "draft = true",
    "\n",
    "x",
    ":",
    " ",
    "-",
    "---",
    "+++",
    "...",
    "\n---\n",
    "# note",
    '"',
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "é",
    "\u00a0",
    "\t",
    "中文",
    "\u2028",
    "title: y\n",
    "\n\n",
]

_LINES = [
    "draft: true",
    "layout: post",
    "# 注释",
    "draft = true",
    'layout = "post"',
    '  "draft": true,',
    "tags: [a, b]",
    "",
    "---",
    "+++",
    "  - [x, y]",
]

_edits = st.lists(
    st.one_of(
        st.tuples(
            st.just("insert"),
            st.one_of(st.just(-1), st.integers(0, 2000)),
            st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)),
        ),
        st.tuples(
            st.just("delete"), st.one_of(st.just(-1), st.integers(0, 2000)), st.integers(1, 30)
        ),
        # whole lines, which keep the text valid more often
        st.tuples(
            st.just("line"), st.one_of(st.just(-1), st.integers(0, 50)), st.sampled_from(_LINES)
        ),
        st.tuples(st.just("drop"), st.integers(0, 50), st.just(None)),
    ),
    max_size=12,
)


def _apply(text: str, op: tuple) -> str:
    kind, where, what = op
    if kind in ("line", "drop"):
        lines = text.split("\n")
        index = len(lines) if where == -1 else where % (len(lines) + 1)
        if kind == "line":
            lines.insert(index, what)
        elif index < len(lines):
            del lines[index]
        return "\n".join(lines)
    if kind == "insert":
        position = len(text) if where == -1 else where % (len(text) + 1)
        return text[:position] + what + text[position:]
    if where == -1:  # Backspace at the very end
        return text[: max(0, len(text) - what)]
    position = where % (len(text) + 1)
    return text[:position] + text[position + what :]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), _edits)
def test_any_edit_sequence_saves_the_final_text_or_is_refused(seed, ops):
    article = seed.article()
    parts = article.parts
    edit = ArticleEdit(article)
    text = edit.front_text()
    for op in ops:
        text = _apply(text, op)
        if edit.front_text_error(text) is None:
            edit.set_front_text(text)
        else:  # refused as a whole: the state before stays
            state = edit.new_bytes()
            with pytest.raises(ArticleError):
                edit.set_front_text(text)
            assert edit.new_bytes() == state

    problem = front_text_error(article, text)
    if problem is not None:  # the save is refused, with a message
        assert problem.message
        with pytest.raises(ArticleError) as raised:
            replace_front_text(article, text)
        assert raised.value.path == article.display_path
        return
    new = edit.new_bytes()
    assert new == replace_front_text(article, text)  # the final text alone decides
    if new == article.raw:
        assert not edit.is_modified()
    if parts.format is None and not text.strip():
        assert new == article.raw
        return
    normal = front_view(text)
    expected_front = normal if not normal or normal.endswith("\n") else normal + "\n"
    reread = split(new)
    assert front_view(reread.front) == expected_front
    assert encode(reread.body) == encode(parts.body)  # body bytes untouched
    assert new.endswith(encode(parts.body))
    assert reread.bom == parts.bom
    if parts.format is not None:
        assert (reread.lead, reread.opener, reread.closer) == (
            parts.lead,
            parts.opener,
            parts.closer,
        )
    else:
        assert reread.opener == reread.closer == "---" + seed.newline
    assert set(re.findall(r"\r\n|\r|\n", reread.front)) <= {seed.newline}
    assert not parse_article(new, "seed.md").has_errors


def test_a_key_changed_in_the_raw_text_is_marked_changed_against_the_file():
    # the form's markers read the Fields tab's diff, which compares with the
    # Raw tab's text already applied: a key changed there (Undo Save is such
    # a change) showed no marker
    article = parse_article(b"---\ntitle: Old\nauthor: Ines\ntags: [a]\n---\nBody\n", "a.md")
    edit = ArticleEdit(article)
    assert edit.status("title") == "unchanged"
    edit.set_front_text('title: New\nauthor: Ines\nsubtitle: "x"\n')
    assert edit.status("title") == "changed"
    assert edit.status("author") == "unchanged"
    assert edit.status("subtitle") == "added"
    assert edit.status("tags") == "removed"
    assert edit.status("missing") == "unchanged"
    edit.diff.set_value("title", "Old")  # edited back in the fields
    assert edit.status("title") == "unchanged"
    edit.diff.set_value("author", "Ana")
    assert edit.status("author") == "changed"
    edit.diff.remove("subtitle")
    assert edit.status("subtitle") == "unchanged"
