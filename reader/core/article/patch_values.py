"""Writing values as YAML text, and comparing values the way a patch is verified.  No Qt here."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from typing import Any

import yaml

from reader.core.article.codec import yaml_version_ambiguity
from reader.core.article.dates import DateStyle, parse_date

__all__ = [
    "dump_value",
    "item_key",
    "kind_name",
    "same_value",
]


_NO_WRAP = 1 << 30


_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")


_DEFAULT_DATE_STYLE = DateStyle(kind="iso", separator=" ", seconds=True)


class _Dumper(yaml.SafeDumper):
    """Safe dumper that never emits aliases, and quotes a string that YAML 1.1
    and 1.2 would read differently when plain (``y``, ``n``, ``on``, ``0777``:
    PyYAML itself leaves ``y`` and ``n`` bare), so what we write never draws
    the warning the codec gives such values.

    A string with a line break in it (``\n``, ``\r``, U+0085, U+2028,
    U+2029) is written in double quotes, its breaks escaped (unless another
    style is asked for): PyYAML wrote it
    single-quoted over several lines, with bare ``\n`` in a file whose lines
    end in ``\r\n`` (a mapping "on one line" no longer on one line), and a
    U+2028 folded with the next line's indentation, which YAML 1.2 (Hexo,
    this reader) reads as spaces in the value."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if _BREAKS.search(data) and self.default_style is None:
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        if yaml_version_ambiguity(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def dump_value(value: Any, style: str | None = None, flow: bool | None = None) -> str:
    """YAML text for ``value``: CJK and emoji as themselves, never wrapped."""
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        width=_NO_WRAP,
        default_style=style,
        default_flow_style=flow,
        sort_keys=False,
    )
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    if "\\U" in text and (style == '"' or (isinstance(value, str) and text.startswith('"'))):
        text = _ASTRAL_ESCAPE.sub(_astral, text)
    return text.rstrip("\n") if not isinstance(value, dict | list) or flow else text


# PyYAML escapes every character beyond U+FFFF in double quotes (emoji among
# them), even with allow_unicode; a backslash itself is written "\\".
_ASTRAL_ESCAPE = re.compile(r"\\\\|\\U([0-9A-Fa-f]{8})")


def _astral(match: re.Match) -> str:
    if match.group(1) is None:
        return match.group(0)
    char = chr(int(match.group(1), 16))
    return char if char.isprintable() else match.group(0)


def item_key(value: Any) -> str:
    """A value as lists' alignments compare items: equal keys, identical
    values (types told apart: None and .inf, a date and its text, 1 and "1";
    a mapping's keys in their order)."""

    def typed(item: Any) -> Any:
        if isinstance(item, dict):
            return ["m", [[typed(k), typed(v)] for k, v in item.items()]]
        if isinstance(item, list | tuple):
            return ["l", [typed(v) for v in item]]
        if item is None or isinstance(item, bool | str):
            return [type(item).__name__, item]
        if isinstance(item, int | float | datetime | date):
            return [type(item).__name__, repr(item)]
        return ["o", type(item).__name__, repr(item)]

    return json.dumps(typed(value))


def kind_name(value: Any) -> str:
    """What a value is called in a refusal: YAML's ``!!binary``, ``!!set``,
    ``!!omap`` and ``!!pairs`` make bytes, sets and pairs, which TOML and
    JSON cannot hold."""
    names = {bytes: "binary", set: "set", tuple: "pair"}
    return next((n for t, n in names.items() if isinstance(value, t)), type(value).__name__)


def same_value(old: Any, new: Any) -> bool:
    """Whether writing ``new`` over ``old`` would change nothing a reader sees."""
    if isinstance(new, datetime | date) and not isinstance(old, datetime | date):
        parsed = parse_date(old)
        return parsed is not None and _same_date(parsed.value, new)
    if isinstance(new, datetime | date) and isinstance(old, datetime | date):
        return _same_date(old, new)
    if type(old) is not type(new):
        return False
    if isinstance(new, dict):
        return old.keys() == new.keys() and all(same_value(old[k], new[k]) for k in new)
    if isinstance(new, list):
        return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(new, float):
        if new != new:  # NaN (.nan), equal to no value, itself neither
            return old != old
        # -0.0 == 0.0, yet a reader sees the sign: typing it is a change
        return bool(old == new) and math.copysign(1.0, old) == math.copysign(1.0, new)
    return bool(old == new)


def _same_date(a: datetime | date, b: datetime | date) -> bool:
    if isinstance(a, datetime) != isinstance(b, datetime):
        return False
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return False
        return a == b and a.utcoffset() == b.utcoffset()
    return a == b


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def _line_end(text: str, index: int) -> int:
    """Offset just past the line containing ``index`` (newline included)."""
    match = _NEWLINE_RE.search(text, index)
    return match.end() if match else len(text)
