"""A fast path for the YAML front matter most articles have.

Most front matter is a flat list of ``key: value`` lines, block lists of
scalars and short flow lists.  PyYAML spends most of its time building node
objects for those.  :func:`parse_simple` reads exactly that subset with a few
regular expressions and resolves plain scalars with PyYAML's own resolver
and constructors, so the values are identical to ``yaml.safe_load``'s.

Anything outside the subset (nested mappings, block scalars, anchors, tags,
multi-line values, escapes, duplicate keys, odd characters …) returns
``None`` and the caller falls back to the full YAML parser.  The property
tests compare both paths on generated front matter.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["parse_simple"]

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$")
# A plain value ends at its last character that is not a blank: spelled
# greedily, so that a long run of blanks inside a line costs one pass (a lazy
# "[^\t]*?" before "[ \t]*$" rescans the run at each of its characters).
_FAST_KEY = re.compile(
    r"([A-Za-z_][A-Za-z0-9_-]*):[ \t]+"
    r"(?:'([^'\n]*)'|([^\s'\"\[\]{}#&*!|>%@`,?:~-](?:[^\t]*[^ \t])?))[ \t]*$"
)
_FAST_ITEM = re.compile(r"( *)-[ \t]+([^\s'\"\[\]{}#&*!|>%@`,?:~-](?:[^\t]*[^ \t])?)[ \t]*$")
_ITEM = re.compile(r"( *)-[ \t]+(.*)$")
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?:[ \t]+#.*)?[ \t]*$")
_DOUBLE = re.compile(r'"([^"\\]*)"(?:[ \t]+#.*)?[ \t]*$')
_FLOW = re.compile(r"\[([^\[\]{}'\"#]*)\](?:[ \t]+#.*)?[ \t]*$")
_PLAIN_START_BAD = frozenset("-?:,[]{}#&*!|>'\"%@`")
# What the shortcut leaves to the full parser: control characters, tabs
# (refused or read otherwise by YAML: a line of tabs, a tab before a comment),
# and the blanks that are not YAML's (Python's strip() took U+00A0 and U+3000
# for blanks: a title of one U+3000 was read as empty, one after a list item
# dropped).
_UNUSUAL = re.compile(
    "[\x00-\x08\t\x0b-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
    "\u3000\ufeff\ufffe\uffff\ud800-\udfff]"
)

# YAML allows a key on one line (a "simple key") at most 1024 characters
# long, the colon included; a longer one is an error.  Near that length the
# full parser decides (read here, such a file could not be edited: the
# writer's parser refused it).
_LONG_KEY = 1000

_RESERVED_KEYS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = yaml.SafeLoader("")  # only its constructor methods are used
_BUILTIN = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class _NotSimple(Exception):
    pass


def _plain(text: str, flow: bool = False) -> Any:
    """Resolve a plain scalar exactly as PyYAML's safe loader would."""
    if not text or text[0] in _PLAIN_START_BAD or text != text.strip():
        raise _NotSimple
    if ": " in text or " #" in text or "\t" in text or text.endswith(":"):
        raise _NotSimple
    if flow and any(c in text for c in ",[]{}"):
        raise _NotSimple
    for tag, regexp in _RESOLVERS.get(text[0], ()):
        if regexp.match(text):
            if tag not in _BUILTIN:
                raise _NotSimple
            if tag == "tag:yaml.org,2002:null":
                return None
            node = yaml.ScalarNode(tag, text)
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    return text


def _value(text: str) -> Any:
    if not text:  # ("- " with a blank after the dash: a null item, the full parser's)
        raise _NotSimple
    first = text[0]
    if first == "'":
        match = _SINGLE.match(text)
        if not match:
            raise _NotSimple
        return match.group(1).replace("''", "'")
    if first == '"':
        match = _DOUBLE.match(text)
        if not match:
            raise _NotSimple
        return match.group(1)
    if first == "[":
        match = _FLOW.match(text)
        if not match:
            raise _NotSimple
        inner = match.group(1).strip()
        if not inner:
            return []
        items = [item.strip() for item in inner.split(",")]
        if items[-1] == "":
            items.pop()  # a trailing comma is allowed in flow sequences
        return [_plain(item, flow=True) for item in items]
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    return _plain(text.rstrip(" \t"))


def parse_simple(text: str) -> tuple[dict[str, Any], dict[str, int], list[tuple[int, str]]] | None:
    """Parse simple front matter, or ``None`` when the full parser is needed.

    Returns ``(mapping, key → 0-based line, [(0-based line, plain scalar)])``;
    the last lists every plain scalar so the caller can check for ambiguous
    values without walking a node tree.
    """
    if _UNUSUAL.search(text):
        return None
    try:
        return _parse(text.splitlines())
    except _NotSimple:
        return None
    except (ValueError, OverflowError):
        return None  # e.g. a timestamp PyYAML's constructor rejects: let it report
    except Exception:  # a shortcut's own mistake must not fail a file
        # This is a shortcut; the full parser is the authority.  A case it
        # did not foresee (an empty "- " item raised IndexError, which
        # stopped the index of a whole library) is the full parser's to read.
        return None


def _parse(lines: list[str]) -> tuple[dict[str, Any], dict[str, int], list[tuple[int, str]]]:
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    plains: list[tuple[int, str]] = []
    current: str | None = None  # a key waiting for block list items
    items: list[Any] | None = None
    item_indent: str | None = None
    fast_key = _FAST_KEY.match
    for number, line in enumerate(lines):
        match = fast_key(line)
        if match:
            # The common case: "key: 'quoted'" or "key: plain words".
            key, quoted, plain = match.groups()
            if key in data or key.lower() in _RESERVED_KEYS or len(key) > _LONG_KEY:
                raise _NotSimple
            if quoted is not None:
                data[key] = quoted
            else:
                if ": " in plain or " #" in plain or plain.endswith(":"):
                    raise _NotSimple
                data[key] = _plain(plain) if plain[0] in _RESOLVERS else plain
                plains.append((number, plain))
            key_lines[key] = number
            current, items, item_indent = None, None, None
            continue
        if current is not None:
            match = _FAST_ITEM.match(line)
            if match:
                indent, plain = match.groups()
                if item_indent is None:
                    item_indent = indent
                if (
                    indent == item_indent
                    and ": " not in plain
                    and " #" not in plain
                    and not plain.endswith(":")  # ("- C++:" is a mapping)
                ):
                    items = [] if items is None else items
                    items.append(_plain(plain) if plain[0] in _RESOLVERS else plain)
                    data[current] = items
                    plains.append((number, plain))
                    continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            if stripped and line[0] in " \t" and current is None:
                raise _NotSimple  # an indented comment: keep it simple and bail out
            continue
        if line[0] in " \t-":
            match = _ITEM.match(line)
            if current is None or not match:
                raise _NotSimple
            indent, value_text = match.groups()
            if item_indent is None:
                item_indent = indent
            elif indent != item_indent:
                raise _NotSimple
            if value_text.startswith(("-", "[", "{")):
                raise _NotSimple
            value = _value(value_text.rstrip())
            if value_text[0] not in "'\"":
                plains.append((number, value_text.split(" #")[0].strip()))
            items = [] if items is None else items
            items.append(value)
            data[current] = items
            continue
        match = _KEY.match(line)
        if not match:
            raise _NotSimple
        key, value_text = match.groups()
        if key in data:
            raise _NotSimple  # duplicates are reported by the full parser
        if key.lower() in _RESERVED_KEYS or len(key) > _LONG_KEY:
            raise _NotSimple
        key_lines[key] = number
        current, items, item_indent = None, None, None
        value_text = (value_text or "").rstrip()
        if not value_text or value_text.startswith("#"):
            data[key] = None
            current = key
            continue
        if value_text[0] in "|>&*!{%@`":
            raise _NotSimple
        data[key] = _value(value_text)
        if value_text[0] == "[":
            flow = _FLOW.match(value_text)  # (its own "]": not one in a comment after it)
            inner = flow.group(1) if flow is not None else ""
            plains.extend((number, item.strip()) for item in inner.split(",") if item.strip())
        elif value_text[0] not in "'\"":
            plains.append((number, value_text.split(" #")[0].strip()))
    return data, key_lines, plains
