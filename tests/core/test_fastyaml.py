"""The fast path must read front matter exactly as PyYAML's safe loader does."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article.fastyaml import parse_simple
from reader.core.article.split import split

from .strategies import articles

_SCALARS = [
    "plain",
    "two words",
    "中文标题",
    "true",
    "False",
    "yes",
    "no",
    "on",
    "null",
    "~",
    "12",
    "0777",
    "1.5",
    "-3",
    ".inf",
    "12:30",
    "2021-04-16",
    "2021-04-16 15:21:00",
    "2021-04-16T15:21:00+08:00",
    "Fri, 16 Apr 2021 15:21:00 GMT",
    "'quoted'",
    "'it''s'",
    '"double"',
    "a: b",
    "x #c",
    "C#",
    "[a, b]",
    "[]",
    "[1, yes, 2021-01-01]",
    "http://e.x/?a=1&b=2",
    "'unterminated",
    "- dash",
    "!tag x",
    "&anchor",
    "*alias",
    "|",
    ">",
    "{a: 1}",
    "@at",
    "`tick`",
    "%pct",
    "a\tb",
    "0x1F",
    "2021-02-30",
    "+1",
    "1_000",
]


@st.composite
def simple_documents(draw) -> str:
    keys = draw(
        st.lists(
            st.sampled_from(["title", "date", "tags", "x", "a_b", "k-1", "no", "Yes"]),
            min_size=1,
            max_size=5,
        )
    )
    lines = []
    for key in keys:
        shape = draw(st.sampled_from(["scalar", "list", "empty", "comment"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(st.sampled_from(_SCALARS))}")
        elif shape == "empty":
            lines.append(f"{key}:")
        elif shape == "comment":
            lines.append(f"# {key}")
        else:
            indent = draw(st.sampled_from(["", " ", "  ", "\t"]))
            lines.append(f"{key}:")
            for item in draw(st.lists(st.sampled_from(_SCALARS), min_size=1, max_size=3)):
                lines.append(f"{indent}- {item}")
    return "\n".join(lines) + "\n"


def _full(text: str):
    try:
        return ("ok", yaml.load(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, ValueError) as exc:
        return ("error", type(exc).__name__)


@settings(max_examples=400, deadline=None)
@given(simple_documents())
def test_fast_path_agrees_with_pyyaml(text):
    fast = parse_simple(text)
    if fast is None:
        return  # the caller falls back to PyYAML itself
    full = _full(text)
    assert full[0] == "ok", (text, full)
    assert fast[0] == {str(k): v for k, v in (full[1] or {}).items()}, text


@settings(max_examples=200, deadline=None)
@given(articles())
def test_fast_path_agrees_on_generated_articles(generated):
    front = split(generated.raw).front
    fast = parse_simple(front)
    full = _full(front)
    if fast is not None:
        assert fast[0] == (full[1] or {})


def test_seed_shape_takes_the_fast_path():
    front = (
        "title: '标题'\ncategories: \n - 金融\n - 证券时报网\nheadimg: 'https://x.example/a?b=1'\n"
        "author: 证券时报网\ncomments: false\ndate: Fri, 16 Apr 2021 15:21:00 GMT\n"
    )
    data, lines, _ = parse_simple(front)
    assert data == yaml.safe_load(front)
    assert lines == {
        "title": 0,
        "categories": 1,
        "headimg": 4,
        "author": 5,
        "comments": 6,
        "date": 7,
    }
