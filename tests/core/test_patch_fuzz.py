"""An adversarial fuzzer of the lossless front-matter patcher.

Realistic front matter (YAML with comments everywhere, block and flow
collections, block scalars, anchors, odd line ends, tabs, BOM, line
separators inside values; TOML; JSON) gets random edits, and every edit must

1. read back exactly as asked (as ``patch_metadata`` verifies it), the body
   and the delimiters unchanged;
2. keep every key it did not change byte for byte, comments included;
3. keep every line of a list that was only reordered, and the lines of the
   items it kept when items were only removed;
4. raise nothing but :class:`ArticleError`, and never hang.
"""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from reader.core.article.codec import parse_article
from reader.core.article.model import ArticleError
from reader.core.article.patch import patch_metadata, same_value
from reader.core.article.patch_values import item_key

from .guards import finishes

fuzz = settings(
    max_examples=int(os.environ.get("PATCH_FUZZ_EXAMPLES", "300")),
    suppress_health_check=list(HealthCheck),
    deadline=None,
)

WORDS = [
    "alpha",
    "beta",
    "Gamma",
    "news",
    "技术",
    "知识产权",
    "上海 交易",
    "emoji😀",
    "x y",
    "v1.2",
    "a-b",
    "C++",
    "x" * 120,
]
# words a plain scalar cannot hold as text: quoted in the file
ODD = [
    "a: b",
    "#hash",
    "it's",
    'say "hi"',
    "yes",
    "on",
    "null",
    "0777",
    "1.0",
    "[x]",
    "{y}",
    " lead",
    "trail ",
    "a\u2028b",
    "c\u0085d",
    "e\u2029f",
    "tab\there",
    "back\\slash",
    "",
]
KEYS = ["title", "tags", "categories", "links", "params", "series", "note", "说明", "draft", "x"]


def _single(word: str) -> str:
    return "'" + word.replace("'", "''") + "'"


def _double(word: str) -> str:
    return (
        '"'
        + word.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        # a line separator escaped, or as itself (YAML 1.2 reads it as a character)
        + '"'
    )


@st.composite
def yaml_scalar(draw, flow: bool = False) -> str:
    """A scalar's text: plain, 'single' or "double" quoted."""
    word = draw(st.sampled_from(WORDS + ODD))
    plain_ok = word in WORDS or (word in ("a\u2028b", "c\u0085d", "e\u2029f", "tab\there"))
    if flow and any(c in word for c in ",[]{}"):
        plain_ok = False
    styles = ["'", '"'] + (["", "", ""] if plain_ok else [])
    style = draw(st.sampled_from(styles))
    if style == "'":
        return _single(word)
    if style == '"':
        return _double(word)
    return word


OTHER_SCALARS = [
    "42",
    "-7",
    "3.5",
    "true",
    "False",
    "yes",
    "~",
    "null",
    "2021-04-16",
    "2021-04-16 15:21:00",
    "2021-04-16T15:21:00+08:00",
    "Fri, 16 Apr 2021 15:21:00 GMT",
    ".inf",
]


@dataclass
class Doc:
    """A generated file and what an edit must keep of it."""

    text: str
    newline: str
    fmt: str
    # each top-level key's own lines (key line to last value line)
    chunks: dict[str, list[str]] = field(default_factory=dict)
    # the lines of each block list's items, by key then item
    items: dict[str, list[list[str]]] = field(default_factory=dict)
    body: str = ""

    @property
    def raw(self) -> bytes:
        return self.text.encode("utf-8")


COMMENTS = ["# a note", "#", "# 注释 😀", "#no space", "# - not: an item"]


def _comment(draw) -> str:
    return draw(st.sampled_from(COMMENTS))


def _tail(draw) -> str:
    """An optional comment after a value."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(["  ", " ", "\t"])) + _comment(draw)
    return ""


@st.composite
def block_list_lines(draw, indent: str, maps: bool, depth: int) -> list[list[str]]:
    """Items of a block list: each a list of lines (comments above it first)."""
    items: list[list[str]] = []
    gap = draw(st.sampled_from([" ", " ", "  ", "\t"]))
    for _ in range(draw(st.integers(1, 4))):
        lines: list[str] = []
        if items and draw(st.integers(0, 3)) == 0:
            lines.append(draw(st.sampled_from([indent + _comment(draw), ""])))
        if maps:
            keys = draw(
                st.lists(
                    st.sampled_from(["name", "url", "id", "tags"]),
                    min_size=1,
                    max_size=3,
                    unique=True,
                )
            )
            under = indent + " " + (gap if gap != "\t" else " ")
            for n, key in enumerate(keys):
                lead = f"{indent}-{gap}" if n == 0 else under
                if key == "tags" and depth < 2 and draw(st.booleans()):
                    lines.append(f"{lead}{key}:{_tail(draw)}")
                    for sub in draw(
                        block_list_lines(
                            under + draw(st.sampled_from(["", "  "])), False, depth + 1
                        )
                    ):
                        lines.extend(sub)
                else:
                    lines.append(f"{lead}{key}: {draw(yaml_scalar())}{_tail(draw)}")
                if n + 1 < len(keys) and draw(st.integers(0, 5)) == 0:
                    lines.append(under + _comment(draw))
        else:
            kind = draw(st.integers(0, 9))
            if kind == 0:
                value = draw(st.sampled_from(OTHER_SCALARS))
            elif kind == 1 and depth < 2:
                value = "[" + ", ".join(draw(st.lists(yaml_scalar(flow=True), max_size=3))) + "]"
            else:
                value = draw(yaml_scalar())
            lines.append(f"{indent}-{gap}{value}{_tail(draw)}")
        items.append(lines)
    return items


@st.composite
def yaml_entry(draw, key: str, indent: str, depth: int) -> tuple[list[str], list[list[str]] | None]:
    """The lines of one ``key: value`` (the key at ``indent``), and the lines
    of its items when its value is a block list."""
    colon = ":" + draw(st.sampled_from([" ", " ", " ", "\t", "  "]))
    kind = draw(
        st.sampled_from(
            [
                "scalar",
                "scalar",
                "other",
                "flow",
                "flow-lines",
                "block",
                "block",
                "maps",
                "mapping",
                "flowmap",
                "literal",
                "folded",
                "empty",
                "plain-lines",
            ]
        )
    )
    if depth >= 2 and kind in ("maps", "mapping"):
        kind = "block"
    head = f"{indent}{key}"
    if kind == "scalar":
        return [f"{head}{colon}{draw(yaml_scalar())}{_tail(draw)}"], None
    if kind == "other":
        return [f"{head}{colon}{draw(st.sampled_from(OTHER_SCALARS))}{_tail(draw)}"], None
    if kind == "plain-lines":
        return [
            f"{head}: {draw(st.sampled_from(WORDS))}",
            f"{indent}  {draw(st.sampled_from(WORDS))}",
        ], None
    if kind == "flow":
        items = draw(st.lists(yaml_scalar(flow=True), max_size=4))
        sep = draw(st.sampled_from([", ", ","]))
        return [f"{head}{colon}[{sep.join(items)}]{_tail(draw)}"], None
    if kind == "flow-lines":
        items = draw(st.lists(yaml_scalar(flow=True), min_size=1, max_size=4))
        lines = [f"{head}: [{_tail(draw)}"]
        for n, item in enumerate(items):
            comma = "," if n + 1 < len(items) or draw(st.booleans()) else ""
            lines.append(f"{indent}  {item}{comma}{_tail(draw)}")
        return [*lines, f"{indent}]"], None
    if kind == "flowmap":
        pairs = draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=3, unique=True))
        inner = ", ".join(f"{k}: {draw(yaml_scalar(flow=True))}" for k in pairs)
        return [f"{head}{colon}{{{inner}}}{_tail(draw)}"], None
    if kind in ("block", "maps"):
        sub = indent + draw(st.sampled_from(["", "  ", " ", "    "]))
        items = draw(block_list_lines(sub, kind == "maps", depth))
        lines = [f"{head}:{_tail(draw)}"]
        for item in items:
            lines.extend(item)
        return lines, items
    if kind == "mapping":
        sub = indent + draw(st.sampled_from(["  ", " ", "    "]))
        names = draw(
            st.lists(
                st.sampled_from(["a", "b", "c", "d", "键"]), min_size=1, max_size=4, unique=True
            )
        )
        lines = [f"{head}:{_tail(draw)}"]
        for name in names:
            if draw(st.integers(0, 4)) == 0:
                lines.append(sub + _comment(draw))
            entry, _ = draw(yaml_entry(name, sub, depth + 1))
            lines.extend(entry)
        return lines, None
    if kind in ("literal", "folded"):
        header = ("|" if kind == "literal" else ">") + draw(st.sampled_from(["", "-", "+"]))
        sub = indent + "  "
        content = draw(
            st.lists(st.sampled_from([*WORDS, "", "  indented more"]), min_size=1, max_size=4)
        )
        while content and content[0] == "":
            content.pop(0)
        content = content or ["text"]
        lines = [f"{head}: {header}{_tail(draw)}"]
        lines += [sub + line if line else "" for line in content]
        return lines, None
    # a key with no value, maybe comments under it
    lines = [f"{head}:{_tail(draw) if draw(st.booleans()) else ''}"]
    if draw(st.booleans()):
        lines.append(indent + "  " + _comment(draw))
    return lines, None


@st.composite
def yaml_docs(draw) -> Doc:
    nl = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True))
    lines: list[str] = []
    doc = Doc("", nl, "yaml")
    anchored: str | None = None
    for key in keys:
        if draw(st.integers(0, 2)) == 0:
            lines.append(draw(st.sampled_from(["", _comment(draw), "  " + _comment(draw)])))
        if anchored is None and draw(st.integers(0, 8)) == 0:
            anchored = key
            entry = [f"{key}: &anc {draw(yaml_scalar())}"]
            items = None
        elif anchored is not None and draw(st.integers(0, 3)) == 0:
            entry, items = [f"{key}: *anc{_tail(draw)}"], None
        else:
            entry, items = draw(yaml_entry(key, "", 0))
        doc.chunks[key] = entry
        if items is not None:
            doc.items[key] = items
        lines.extend(entry)
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["# closing", "", "  # end"])))
    body = draw(st.sampled_from(["", "Body.", "# Title\n\ntext\n---\nmore: x\n", "段落\u2028x\n"]))
    doc.body = body.replace("\n", nl)
    doc.text = bom + "---" + nl + "".join(line + nl for line in lines) + "---" + nl + doc.body
    return doc


# --- TOML and JSON ------------------------------------------------------------


@st.composite
def toml_docs(draw) -> Doc:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    keys = draw(
        st.lists(
            st.sampled_from(["title", "tags", "draft", "rank", "note"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    doc = Doc("", nl, "toml")
    lines: list[str] = []
    for key in keys:
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(st.sampled_from(["", "# c"])))
        kind = draw(st.sampled_from(["str", "num", "bool", "array", "array-lines", "date"]))
        tail = draw(st.sampled_from(["", "  # why"]))
        if kind == "str":
            word = draw(st.sampled_from([*WORDS, "it's", 'q"uote', "a\u2028b", ""]))
            text = f"'{word}'" if "'" not in word and draw(st.booleans()) else _double(word)
            entry = [f"{key} = {text}{tail}"]
        elif kind == "num":
            entry = [f"{key} = {draw(st.sampled_from(['1', '-3', '2.5', '1_000']))}{tail}"]
        elif kind == "bool":
            entry = [f"{key} = {draw(st.sampled_from(['true', 'false']))}{tail}"]
        elif kind == "date":
            entry = [
                f"{key} = {draw(st.sampled_from(['2021-04-16', '2021-04-16T15:21:00Z']))}{tail}"
            ]
        else:
            words = draw(st.lists(st.sampled_from(WORDS[:8]), max_size=4, unique=True))
            quoted = [f'"{w}"' if draw(st.booleans()) else f"'{w}'" for w in words]
            if kind == "array" or not words:
                entry = [f"{key} = [{', '.join(quoted)}]{tail}"]
            else:
                entry = [f"{key} = [{tail}"]
                entry += [f"  {q},{draw(st.sampled_from(['', '  # c']))}" for q in quoted]
                entry += ["]"]
        doc.chunks[key] = entry
        lines.extend(entry)
    if draw(st.booleans()):
        lines += ["", "[params]  # table", f"color = {_double(draw(st.sampled_from(WORDS)))}"]
        lines += ["# nested", "[params.deep]", "a = 1"]
    if draw(st.booleans()):
        lines += ["[[links]]", 'name = "a"  # first', "[[links]]", 'name = "b"']
    if draw(st.booleans()):
        lines += ["[site]", "x.y = 1", "x.z = 'two'"]
    doc.body = draw(st.sampled_from(["", "body\n", "+++\nnot front\n"])).replace("\n", nl)
    doc.text = "+++" + nl + "".join(line + nl for line in lines) + "+++" + nl + doc.body
    return doc


@st.composite
def json_docs(draw) -> Doc:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    keys = draw(
        st.lists(
            st.sampled_from(["title", "tags", "draft", "params", "说明"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    hexo = draw(st.booleans())
    indent = draw(st.sampled_from(["  ", "    ", "\t"]))
    doc = Doc("", nl, "json")
    members = []
    for key in keys:
        kind = draw(st.sampled_from(["str", "num", "list", "list-lines", "object", "null"]))
        word = draw(st.sampled_from([*WORDS, "a\u2028b", 'q"uote', ""]))
        if kind == "str":
            value = [_double(word)]
        elif kind == "num":
            value = [draw(st.sampled_from(["1", "-2.5", "true", "false"]))]
        elif kind == "null":
            value = ["null"]
        elif kind == "list":
            words = draw(st.lists(st.sampled_from(WORDS[:8]), max_size=4))
            value = ["[" + ", ".join(_double(w) for w in words) + "]"]
        elif kind == "list-lines":
            words = draw(st.lists(st.sampled_from(WORDS[:8]), min_size=1, max_size=4))
            value = (
                ["["]
                + [
                    f"{indent}{indent}{_double(w)}{',' if n + 1 < len(words) else ''}"
                    for n, w in enumerate(words)
                ]
                + [f"{indent}]"]
            )
        else:
            names = draw(
                st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True)
            )
            value = (
                ["{"]
                + [
                    f'{indent}{indent}"{n}": {_double(draw(st.sampled_from(WORDS)))}'
                    + ("," if i + 1 < len(names) else "")
                    for i, n in enumerate(names)
                ]
                + [f"{indent}}}"]
            )
        members.append((key, value))
    lines = []
    for n, (key, value) in enumerate(members):
        entry = [f'{indent}"{key}": {value[0]}', *value[1:]]
        if n + 1 < len(members):
            entry[-1] += ","
        doc.chunks[key] = entry
        lines.extend(entry)
    doc.body = draw(st.sampled_from(["", "body\n", "{not json}\n"])).replace("\n", nl)
    if hexo:
        doc.text = "".join(line + nl for line in lines) + ";;;" + nl + doc.body
    else:
        doc.text = "{" + nl + "".join(line + nl for line in lines) + "}" + nl + doc.body
    return doc


# --- edits --------------------------------------------------------------------

MULTI = ["two\nlines", "ends\n", "x\n\n", "\nlead", "  lead\nx", "a\r\nb", "ctl\x9b", "p\u2028q"]
new_scalars = st.one_of(
    st.sampled_from(WORDS + ODD + MULTI),
    st.text(max_size=12),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.sampled_from([date(2022, 1, 2), datetime(2022, 1, 2, 3, 4, 5), 1.5]),
)
new_values = st.one_of(
    new_scalars,
    st.lists(st.sampled_from(WORDS + ODD + MULTI), max_size=4),
    st.dictionaries(
        st.sampled_from(["a", "b", "键"]), st.sampled_from(WORDS + ODD + MULTI), max_size=3
    ),
    st.lists(
        st.dictionaries(
            st.sampled_from(["name", "url"]), st.sampled_from(WORDS + MULTI), min_size=1
        ),
        min_size=1,
        max_size=2,
    ),
)


@dataclass
class Edit:
    changes: dict
    remove: list
    kind: dict[str, str]  # key -> "reorder", "drop-items", "other"
    dropped: dict[str, list[int]] = field(default_factory=dict)


def _mutate(draw, value: Any, depth: int = 0) -> tuple[Any, str, list[int]]:
    """A changed copy of ``value``, what kind of change, the items dropped."""
    if isinstance(value, list) and value:
        op = draw(
            st.sampled_from(
                ["reorder", "drop", "insert", "move", "change", "change", "nested", "whole"]
            )
        )
        new = list(value)
        if op == "reorder" and len(value) > 1:
            order = draw(st.permutations(range(len(value))))
            return [value[i] for i in order], "reorder", []
        if op == "drop":
            gone = sorted(draw(st.sets(st.integers(0, len(value) - 1), min_size=1)))
            return [v for i, v in enumerate(value) if i not in gone], "drop-items", gone
        if op == "insert":
            at = draw(st.integers(0, len(value)))
            item = (
                draw(st.one_of(st.sampled_from(value), new_scalars))
                if not isinstance(value[0], dict)
                else draw(
                    st.dictionaries(
                        st.sampled_from(["name", "url"]), st.sampled_from(WORDS), min_size=1
                    )
                )
            )
            new.insert(at, copy.deepcopy(item))
            return new, "other", []
        if op == "move" and len(value) > 1:
            i = draw(st.integers(0, len(value) - 1))
            item = new.pop(i)
            new.insert(draw(st.integers(0, len(new))), item)
            return new, "reorder", []
        if op in ("change", "nested"):
            i = draw(st.integers(0, len(value) - 1))
            if op == "nested" and isinstance(value[i], list | dict) and depth < 3:
                new[i] = _mutate(draw, value[i], depth + 1)[0]
            else:
                new[i] = draw(new_scalars)
            return new, "other", []
        return draw(new_values), "other", []
    if isinstance(value, dict) and value:
        op = draw(st.sampled_from(["set", "nested", "add", "remove", "whole"]))
        new_map = dict(value)
        name = draw(st.sampled_from(list(value)))
        if op == "set":
            new_map[name] = draw(new_scalars)
        elif op == "nested" and isinstance(value[name], list | dict) and depth < 3:
            new_map[name] = _mutate(draw, value[name], depth + 1)[0]
        elif op == "add":
            new_map[draw(st.sampled_from(["zz", "新", "a", "url"]))] = draw(new_values)
        elif op == "remove":
            del new_map[name]
        else:
            return draw(new_values), "other", []
        return new_map, "other", []
    return draw(new_values), "other", []


@st.composite
def edits(draw, metadata: dict) -> Edit:
    edit = Edit({}, [], {})
    keys = list(metadata)
    for key in draw(st.lists(st.sampled_from(keys), max_size=2, unique=True)) if keys else []:
        action = draw(st.sampled_from(["mutate", "mutate", "mutate", "remove"]))
        if action == "remove":
            edit.remove.append(key)
            continue
        new, kind, dropped = _mutate(draw, copy.deepcopy(metadata[key]))
        edit.changes[key] = new
        edit.kind[key] = kind
        edit.dropped[key] = dropped
    if draw(st.integers(0, 4)) == 0:
        edit.changes[draw(st.sampled_from(["added", "新键", "tags2"]))] = draw(new_values)
    return edit


# --- the checks -----------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    return same_value(a, b) or same_value(b, a)


def _lines(text: str) -> list[str]:
    """Lines without their line ends (any of them)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def check(doc: Doc, edit_of) -> None:
    article = parse_article(doc.raw, "f.md")
    assume(not article.has_errors and article.parts.format == doc.fmt)
    edit: Edit = edit_of(article.metadata)
    outcome = finishes(patch_metadata, article, edit.changes, edit.remove, timeout=30)
    if isinstance(outcome, ArticleError):
        event(f"refused: {outcome.message[:60]}")
        assert outcome.message.startswith(
            ("cannot apply", "TOML has no", "JSON has no", "a flow-style")
        )
        return
    if isinstance(outcome, BaseException):
        raise outcome
    new_raw: bytes = outcome
    event("applied" if new_raw is not article.raw else "no change")
    again = parse_article(new_raw, "f.md")
    assert not again.has_errors, (again.errors, new_raw)
    expected = {k: v for k, v in article.metadata.items() if k not in edit.remove}
    expected.update(edit.changes)
    assert set(again.metadata) == set(expected)
    for key, value in expected.items():
        assert _same(again.metadata[key], value), (key, again.metadata[key], value)
    assert again.parts.body == article.parts.body
    assert again.parts.bom == article.parts.bom
    assert again.parts.opener == article.parts.opener
    assert again.parts.closer == article.parts.closer
    text = new_raw.decode("utf-8")
    result_lines = Counter(_lines(text))
    changed = {
        k
        for k, v in edit.changes.items()
        if k not in article.metadata or not _same(article.metadata[k], v)
    }
    changed |= set(edit.remove) & set(article.metadata)
    # the front matter's line ends stay the file's own
    old_ends = set(re.findall(r"\r\n|\r|\n", article.parts.front))
    if len(old_ends) == 1:
        new_ends = set(re.findall(r"\r\n|\r|\n", again.parts.front))
        assert new_ends <= old_ends, (new_ends, text)
    # untouched keys keep their lines, byte for byte, in one piece
    joined = "\n".join(_lines(text))
    anchored = {k for k, chunk in doc.chunks.items() if "&anc" in chunk[0]}
    for key, chunk in doc.chunks.items():
        if "*anc" in chunk[0] and anchored & changed:
            continue  # (the alias of a value changed gets the old value written out)
        if key not in changed and key in article.metadata:
            said = "\n".join(chunk)
            if doc.fmt == "json":  # (the comma after a member goes with the member after it)
                said = said.removesuffix(",")
            assert said in joined, (key, chunk, text)
    for key in changed:
        kind = edit.kind.get(key)
        if key not in doc.items or key not in edit.changes:
            continue
        own = Counter(line for item in doc.items[key] for line in item)
        if kind == "reorder":
            # every line of the list is still there (each item's with its comment)
            assert not own - result_lines, (own - result_lines, text)
        elif kind == "drop-items" and len({item_key(v) for v in article.metadata[key]}) == len(
            article.metadata[key]
        ):
            kept = Counter(
                line
                for n, item in enumerate(doc.items[key])
                if n not in edit.dropped[key]
                for line in item
                if not line.lstrip().startswith("#") and line.strip()
            )
            assert not kept - result_lines, (kept - result_lines, text)


@fuzz
@given(yaml_docs(), st.data())
def test_yaml_edits_are_lossless(doc, data):
    check(doc, lambda metadata: data.draw(edits(metadata)))


@fuzz
@given(toml_docs(), st.data())
def test_toml_edits_are_lossless(doc, data):
    check(doc, lambda metadata: data.draw(edits(metadata)))


@fuzz
@given(json_docs(), st.data())
def test_json_edits_are_lossless(doc, data):
    check(doc, lambda metadata: data.draw(edits(metadata)))
