"""Hypothesis strategies for front-matter articles.

``articles()`` draws a YAML front-matter article together with the line range
of every top-level key, so tests can check that an edit of one key touches
nothing outside that key's lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "Delta",
    "news",
    "技术",
    "交易",
    "知识产权",
    "上海",
    "emoji😀",
    "x y",
]
KEYS = [
    "title",
    "author",
    "tags",
    "categories",
    "comments",
    "layout",
    "note",
    "extra",
    "series",
    "draft",
    "permalink",
    "description",
    "rank",
]


@dataclass
class Generated:
    text: str  # the whole file as text
    newline: str
    keys: list[str]
    key_lines: dict[str, tuple[int, int]]  # key -> (first line index, line count) in text
    front_first_line: int  # index of the first front-matter line

    @property
    def raw(self) -> bytes:
        return self.text.encode("utf-8")


def _quote(word: str, style: str) -> str:
    if style == "'":
        return "'" + word.replace("'", "''") + "'"
    if style == '"':
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


scalar_style = st.sampled_from(["", "'", '"'])


@st.composite
def scalar_text(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    style = draw(scalar_style)
    text = " ".join(words)
    if style == "" and text[0] in "'\"":
        style = "'"
    return _quote(text, style)


@st.composite
def entry_lines(draw, key: str) -> list[str]:
    kind = draw(
        st.sampled_from(["scalar", "int", "bool", "flow", "block", "comment-scalar", "empty"])
    )
    if kind == "scalar":
        return [f"{key}: {draw(scalar_text())}"]
    if kind == "comment-scalar":
        return [f"{key}: {draw(scalar_text())}  # note {draw(st.sampled_from(WORDS))}"]
    if kind == "int":
        return [f"{key}: {draw(st.integers(min_value=1, max_value=10**6))}"]
    if kind == "bool":
        return [f"{key}: {draw(st.sampled_from(['true', 'false']))}"]
    if kind == "empty":
        return [f"{key}:"]
    items = draw(st.lists(scalar_text(), min_size=1, max_size=4))
    if kind == "flow":
        return [f"{key}: [{', '.join(items)}]"]
    indent = draw(st.sampled_from(["", " ", "  ", "    "]))
    trailing = draw(st.sampled_from(["", " "]))
    return [f"{key}:{trailing}"] + [f"{indent}- {item}" for item in items]


@st.composite
def articles(draw) -> Generated:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    lead = draw(st.sampled_from(["", "\n", "\n\n", "  \n"]))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True))
    lines: list[str] = []
    key_lines: dict[str, tuple[int, int]] = {}
    opener = "---" + draw(st.sampled_from(["", " ", "\t"]))
    lead_lines = lead.count("\n")
    first = lead_lines + 1
    for key in keys:
        if draw(st.booleans()) and draw(st.booleans()):
            lines.append(draw(st.sampled_from(["# a comment", "#", "", "# 注释 😀"])))
        entry = draw(entry_lines(key))
        key_lines[key] = (first + len(lines), len(entry))
        lines.extend(entry)
    if draw(st.booleans()):
        lines.append("# closing comment")
    closer = draw(st.sampled_from(["---", "--- ", "..."]))
    body = draw(
        st.sampled_from(
            [
                "",
                "Body text.",
                '<div>\n<p>段落 <a href="http://e.x/">link</a></p>\n</div>\n   \n',
                "# Heading\n\nSome *markdown*.\n\n---\n\nmore: not yaml\n",
            ]
        )
    )
    body = body.replace("\n", newline)
    text = (
        bom
        + lead.replace("\n", newline)
        + opener
        + newline
        + "".join(line + newline for line in lines)
        + closer
        + newline
        + body
    )
    return Generated(text, newline, keys, key_lines, first)


new_values = st.one_of(
    st.sampled_from(WORDS),
    st.text(min_size=0, max_size=20),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.booleans(),
    st.lists(st.sampled_from(WORDS), max_size=4),
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(["a", "b", "键"]), st.sampled_from(WORDS), max_size=2),
)
