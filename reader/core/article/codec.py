"""Read articles: split, parse the front matter into plain values, and derive
the fields a reader needs (title, dates, categories, tags, author, body format).

Parsing never raises on bad input: every defect becomes a :class:`Problem`
with a severity, a message and a line.  Writing lives in :mod:`.patch` and
:mod:`.storage`.

Why one module of this size: the three front-matter formats share one
problem model and one bounded walk over parsed values, and splitting them
would scatter the limits that keep a hostile file from taking a library down.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import tomllib
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reader.core.article import taxonomy
from reader.core.article.dates import (
    OVERPRECISE_TIME,
    DateStyle,
    ParsedDate,
    date_from_filename,
    parse_date,
    wrong_weekday,
)
from reader.core.article.fastyaml import parse_simple
from reader.core.article.limits import DEFAULT_LIMITS, Limits, describe_size
from reader.core.article.model import ERROR, WARNING, Article, Problem, looks_wide
from reader.core.article.readfile import read_article_bytes
from reader.core.article.split import Split, as_utf8, encode, file_lines, readable, split
from reader.core.article.yamlload import CheckedScalars, PureSafeLoader, checked
from reader.core.common.text import wide_encoding

__all__ = [
    "NOT_UTF8",
    "YAMLValueError",
    "boolean_over_text",
    "load_article",
    "lone_surrogate",
    "looks_wide",
    "parse_article",
    "parse_front_matter",
    "parse_typed_value",
    "parse_yaml_data",
    "parse_yaml_value",
    "toml_error_place",
    "with_text_keys",
]

if TYPE_CHECKING:  # what the checker sees: the two loaders offer the same methods
    _BaseLoader = yaml.SafeLoader
    _ConstructorMixin = yaml.constructor.SafeConstructor
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", PureSafeLoader)  # libyaml's, when installed
    _ConstructorMixin = object

# YAML 1.1 (PyYAML, Jekyll's Psych) and YAML 1.2 (Hugo, js-yaml in places) read
# these plain scalars differently.
_AMBIGUOUS_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_AMBIGUOUS_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_AMBIGUOUS_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
# Numbers in YAML 1.2's core schema that YAML 1.1 reads as text: an exponent
# without a point or without a sign, a signed ".5", "0o17", a leading zero
# before an 8 or a 9 (a phone number, a postcode: 0912345678, 08540).
_AMBIGUOUS_NUMBER = re.compile(
    r"^(?:[-+]?[0-9]+[eE][-+]?[0-9]+|[-+]?[0-9]+\.[0-9]*[eE][0-9]+|[-+]?\.[0-9]+[eE][0-9]+"
    r"|[-+]\.[0-9]+(?:[eE][-+]?[0-9]+)?|0o[0-7]+|[-+]?0[0-9]*[89][0-9]*)$"
)
_AMBIGUOUS_ANY = re.compile(
    "|".join(
        f"(?:{r.pattern})"
        for r in (_AMBIGUOUS_BOOL, _AMBIGUOUS_OCTAL, _AMBIGUOUS_SEXAGESIMAL, _AMBIGUOUS_NUMBER)
    )
)
_AMBIGUOUS_FIRST = frozenset("yYnNoO+-.0123456789")
# A cheap test for text that may hold one of the above, before walking every node.
_AMBIGUOUS_HINT = re.compile(
    r"(?<![\w'\"])(?:[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF|[-+]?0[0-7_]+"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+"
    r"|[-+]?[0-9.]+[eE][-+]?[0-9]+|[-+]\.[0-9]+|0o[0-7]+|[-+]?0[0-9]*[89][0-9]*)"
    r"(?![\w'\"])"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In a front-matter value or key, the C1 controls too (U+0080..U+009F: U+009B,
# CSI, starts an escape sequence in a terminal as ESC [ does), which an escape
# ("\u009b") or the text itself (TOML and JSON take them as they are) puts
# there; but not U+0085, a line break as \n is (YAML 1.1's: said as such, see
# _YAML11_ONLY_BREAKS).
_VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_COPY_TEST_MAX = 1 << 20  # tests that copy (translate, encode) go a megabyte at a time
_SURROGATE = re.compile(r"[\udc80-\udcff]")  # a byte that is not UTF-8, escaped by split.decode
_ANY_SURROGATE = re.compile(r"[\ud800-\udfff]")  # ... or a \\u escape that names no character
# Where an alias ("*name") may start: YAML without one needs no expansion check.
_ALIAS_HINT = re.compile(r"(?:^|[\s\[{,:?-])\*[^\s,\[\]{}]", re.MULTILINE)

#: The message of the error an article whose body holds bytes that are not
#: UTF-8 carries (at the line of the first): it is rendered with those bytes
#: replaced (U+FFFD), and never written (storage refuses a file with errors).
NOT_UTF8 = "the file is not valid UTF-8; it is shown but will not be rewritten"
# Whole blank lines at the start of a text.
_BLANK_LEAD = re.compile(r"(?:[ \t\f\v]*(?:\r\n|\r|\n))+")
#: The warning of a file whose opening front-matter delimiter is never closed.
UNCLOSED = "an opening front-matter delimiter is never closed; read as body"
#: The warning of a file of no bytes: listed under Problems, and said over it.
EMPTY = "empty file"


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int, first_line: int, first_key: str | None = None):
        self.key, self.line, self.first_line = key, line, first_line
        self.first_key = first_key if first_key is not None else key

    def message(self, first_line: int) -> str:
        """What is wrong, the first key's line given in the file's numbering."""
        if self.first_key == self.key:
            return f"duplicate key '{self.key}' (first defined on line {first_line})"
        if (self.key.lower() in _BOOL_KEYS) != (self.first_key.lower() in _BOOL_KEYS):
            # true and 1: two keys to YAML, one to Python (True == 1)
            return (
                f"the keys '{self.first_key}' (line {first_line}) and '{self.key}' cannot be "
                "told apart here (a true or false key equals 1 or 0); rename one"
            )
        return (
            f"duplicate key '{self.key}': the same key as '{self.first_key}' on line {first_line}"
        )


_BOOL_KEYS = {"true", "false", "yes", "no", "on", "off", "y", "n"}


class _BadValueError(ValueError):
    """A scalar the resolver typed that cannot be made (``2021-02-30`` is a
    date to YAML, but no day); ``line`` (0-based, of the text) is the
    scalar's own, for the message.  ``str()`` is the constructor's message."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


class _RefuseDuplicates(_ConstructorMixin):
    """Mixed into a YAML safe loader: duplicate keys are an error, and a
    value that cannot be made says on which line it is."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except _BadValueError:
            raise  # (the innermost node, the scalar itself, named the line)
        except (ValueError, OverflowError) as exc:
            message = str(exc)
            if message.startswith("offset must be a timedelta"):
                # (Python's words, with its reprs: "datetime.timedelta(days=4, …)")
                message = "a time zone offset of 24 hours or more"
            raise _BadValueError(message, node.start_mark.line) from exc

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, tuple[int, str]] = {}  # (the first key's line and spelling)
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                here = (key_node.start_mark.line, key_node.value)
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise _DuplicateKeyError(key_node.value, here[0], *seen[key])
                seen[key] = here
                if key_node.tag != "tag:yaml.org,2002:str":
                    # Keys spelled differently that are one value (true and
                    # True, 1 and 1.0, ~ and null) or one text (1 and "1"):
                    # a dict would keep the last in silence; js-yaml (Hexo)
                    # calls them duplicates too.
                    for same in self._same_keys(key_node):
                        if same in seen:
                            raise _DuplicateKeyError(key_node.value, here[0], *seen[same])
                        seen[same] = here
                else:
                    same = ("text", key_node.value)
                    if same in seen:
                        raise _DuplicateKeyError(key_node.value, here[0], *seen[same])
                    seen[same] = here
        return super().construct_mapping(node, deep=deep)

    def _same_keys(self, key_node: yaml.ScalarNode) -> list[tuple[str, Any]]:
        try:
            value = self.construct_object(key_node)  # (kept: the mapping reuses it)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError):
            # (2021-02-30, say): the construction proper reports it, as itself
            self.recursive_objects.pop(key_node, None)
            return []
        same: list[tuple[str, Any]] = [("text", _key_text(value))]
        try:
            hash(value)
        except TypeError:
            return same
        return [*same, ("value", value)]


@checked
class _Loader(_RefuseDuplicates, CheckedScalars, _BaseLoader):
    """The YAML safe loader (libyaml's when installed), refusing duplicate
    keys and scalars it cannot construct (see :mod:`.yamlload`)."""


@checked
class _ValueLoader(_RefuseDuplicates, CheckedScalars, PureSafeLoader):
    """The pure-Python safe loader for values people type: its error positions
    are the ones they see (libyaml reports some a line later)."""


# The stubs want constructors whose first argument is typed as a loader; the
# constructor's own methods (construct_yaml_*) type it as the constructor.
_loader_class: type[yaml.SafeLoader]
for _loader_class in (_Loader, _ValueLoader):
    _loader_class.add_constructor(
        "tag:yaml.org,2002:map",
        _loader_class.construct_yaml_map,  # type: ignore[type-var]
    )
    # A plain "=" resolves to YAML 1.1's obsolete "value" type; every generator reads it as text.
    _loader_class.add_constructor(
        "tag:yaml.org,2002:value",
        _loader_class.construct_yaml_str,  # type: ignore[type-var]
    )


_YAML11_ONLY_INT = re.compile(r"[-+]?(?:0[0-7_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+|.*_.*)$")
# A leading zero YAML 1.1 reads as octal, of a value both read alike (0, 007).
_SAME_IN_YAML12 = re.compile(r"[-+]?0*[0-7]$")
_YAML11_ONLY_FLOAT = re.compile(r".*(?:_|:).*$")


class _TypedValueLoader(_ValueLoader):
    """:class:`_ValueLoader` for a value written back in its own spelling of
    the value (``set -s``, a form's YAML field): a scalar that would be
    saved as another value is refused instead, with what to type.  That is a
    time with more than six digits after its seconds (cut to microseconds),
    and the numbers YAML 1.1 (Jekyll, PyYAML) reads where YAML 1.2 (Hugo)
    reads text or another number: ``1:30``, ``017``, ``1_000``, ``0b11``,
    which would be saved as ``90``, ``15``, ``1000``, ``3``.  (``yes`` and
    ``no`` stay booleans: the writer keeps a key's yes/no vocabulary.)"""

    def _refuse(self, node: yaml.ScalarNode, what: str) -> None:
        raise yaml.constructor.ConstructorError(None, None, what, node.start_mark)

    def construct_typed_timestamp(self, node: yaml.ScalarNode) -> Any:
        if OVERPRECISE_TIME.search(str(node.value)):
            self._refuse(
                node,
                "a time with more than six digits after the seconds would be cut to six; "
                "quote it to keep it as text",
            )
        return self.construct_yaml_timestamp(node)

    def _ambiguous(self, node: yaml.ScalarNode, value: Any) -> None:
        spelled = str(node.value)
        plain = str(value).lower() if isinstance(value, bool) else repr(value)
        self._refuse(
            node,
            f"{spelled} is {plain} in YAML 1.1 (Jekyll) and not in YAML 1.2 (Hugo); "
            f"quote it ('{spelled}') to keep it as text, or type {plain}",
        )

    def construct_document(self, node: yaml.Node) -> Any:
        self._root = node
        return super().construct_document(node)

    def construct_typed_bool(self, node: yaml.ScalarNode) -> Any:
        """A yes/no/on/off inside a list or a mapping is refused (YAML 1.2
        reads it as text); the whole value spelled so is its key's to judge
        (see :func:`boolean_over_text`)."""
        value = self.construct_yaml_bool(node)
        if node is not getattr(self, "_root", None) and str(node.value).lower() in _YES_NO:
            self._ambiguous(node, value)
        return value

    def construct_typed_int(self, node: yaml.ScalarNode) -> Any:
        value = self.construct_yaml_int(node)
        spelled = str(node.value)
        if _YAML11_ONLY_INT.match(spelled) and not _SAME_IN_YAML12.match(spelled):
            self._ambiguous(node, value)
        return value

    def construct_typed_float(self, node: yaml.ScalarNode) -> Any:
        value = self.construct_yaml_float(node)
        if _YAML11_ONLY_FLOAT.match(str(node.value)):
            self._ambiguous(node, value)
        return value


_YES_NO = frozenset({"yes", "no", "on", "off"})  # YAML 1.1's booleans that 1.2 reads as text

for _tag, _constructor in (
    ("bool", _TypedValueLoader.construct_typed_bool),
    ("timestamp", _TypedValueLoader.construct_typed_timestamp),
    ("int", _TypedValueLoader.construct_typed_int),
    ("float", _TypedValueLoader.construct_typed_float),
):
    _TypedValueLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _constructor)


def _walk_scalars(node: yaml.Node, out: list[yaml.ScalarNode]) -> None:
    """Every scalar node under ``node``, each once (an aliased node is one node)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode):
            out.append(item)
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(reversed(item.value))
        elif isinstance(item, yaml.MappingNode):
            for key, value in reversed(item.value):
                stack.append(value)
                stack.append(key)


def _ambiguity(node: yaml.ScalarNode, text: str) -> str | None:
    """The warning for a plain scalar of ``text`` that YAML 1.1 and 1.2 read
    differently; none when quoted, a block, or tagged (``!!str yes``: the
    tag says what it is; a tagged node starts at its tag)."""
    if node.style not in (None, ""):  # quoted or block scalars are unambiguous
        return None
    message = yaml_version_ambiguity(node.value)
    if message and text.startswith("!", node.start_mark.index):
        return None
    return message


def yaml_version_ambiguity(text: str) -> str | None:
    """A warning for a plain scalar that YAML 1.1 and 1.2 read differently."""
    if _AMBIGUOUS_BOOL.match(text):
        return (
            f"'{text}' is a boolean in YAML 1.1 but a string in YAML 1.2; "
            "quote it or write true/false"
        )
    if _AMBIGUOUS_OCTAL.match(text) and text.lstrip("+-") not in ("0",):
        return f"'{text}' is an octal number in YAML 1.1 but decimal in YAML 1.2; quote it"
    if _AMBIGUOUS_SEXAGESIMAL.match(text):
        return f"'{text}' is a base-60 number in YAML 1.1 but a string in YAML 1.2; quote it"
    if _AMBIGUOUS_NUMBER.match(text):
        return f"'{text}' is a string in YAML 1.1 but a number in YAML 1.2; quote it"
    return None


def _nesting_message(limits: Limits, what: str = "front matter") -> str:
    return f"{what} nests deeper than {limits.max_nesting} levels; not read"


def _alias_problem(
    text: str,
    first_line: int,
    limits: Limits,
    loader_class: type = _BaseLoader,
    what: str = "front matter",
) -> Problem | None:
    """The problem with the aliases of a YAML text, if any: an alias used
    inside its own anchor, or aliases that expand beyond the limits.

    PyYAML builds an alias as a second reference to its anchor's value, so
    loading stays small; it is everything that walks the values afterwards
    (JSON output, comparisons, the form) that would expand a "billion laughs"
    document or loop forever on a recursive one.  This walks the event stream
    once, keeping for each anchor the size of its expanded value, so the
    expansion is measured without being done; it also bounds the nesting
    (which libyaml caps only at 1,000 levels, and the pure-Python parser not
    at all).  YAML errors are left to the parser, which reports them with
    their line.
    """
    try:
        loader = loader_class(text)  # the pure-Python reader checks the characters here
    except yaml.YAMLError:
        return None
    # Each open collection: [anchor, values, characters, depth of what it holds].
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[int, int, int]] = {}  # closed anchor -> (values, characters, depth)
    open_anchors: set[str] = set()
    extra_values = extra_chars = 0

    def add(values: int, chars: int, depth: int) -> None:
        if stack:
            parent = stack[-1]
            parent[1] += values
            parent[2] += chars
            parent[3] = max(parent[3], depth)

    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) > limits.max_nesting:  # stack[0] is the front matter itself
                    assert event.start_mark is not None  # the parser marks every event
                    return Problem(
                        ERROR, _nesting_message(limits, what), first_line + event.start_mark.line
                    )
                stack.append([event.anchor, 1, 0, 0])
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, values, chars, depth = stack.pop()
                if anchor is not None:
                    anchors[anchor] = (values, chars, depth + 1)
                    open_anchors.discard(anchor)
                add(values, chars, depth + 1)
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    anchors[event.anchor] = (1, len(event.value), 0)
                add(1, len(event.value), 0)
            elif isinstance(event, yaml.AliasEvent):
                name = event.anchor
                assert event.start_mark is not None  # the parser marks every event
                line = first_line + event.start_mark.line
                if name in open_anchors:
                    return Problem(
                        ERROR,
                        f"the alias *{name} is used inside its own anchor &{name} "
                        "(a recursive alias); not read",
                        line,
                    )
                if name not in anchors:
                    continue  # an undefined alias: the parser reports it
                values, chars, depth = anchors[name]
                extra_values += values
                extra_chars += chars
                if extra_values > limits.max_alias_nodes or extra_chars > limits.max_alias_bytes:
                    return Problem(
                        ERROR,
                        f"YAML aliases expand to more than {limits.max_alias_nodes:,} values or "
                        f"{describe_size(limits.max_alias_bytes)} of text; not read",
                        line,
                    )
                if len(stack) - 1 + depth > limits.max_nesting:
                    return Problem(ERROR, _nesting_message(limits, what), line)
                add(values, chars, depth)
    except yaml.YAMLError:
        return None
    except (ValueError, OverflowError) as exc:  # PyYAML's scanner makes an escape's character
        if not _chr_failed(exc):
            raise
        # the scanner stopped at the digits of the escape it could not make
        at = loader.get_mark().index
        escape = _ESCAPE_U.match(text, max(0, at - 2))
        if escape is None:
            escape = _beyond_unicode(text)
        if escape is None:
            raise
        return Problem(
            ERROR, _beyond_message(escape), first_line + _line_of(text, escape.start()) - 1
        )
    finally:
        loader.dispose()
    return None


def _parse_yaml(
    text: str, first_line: int, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, dict[str, int]]:
    simple = parse_simple(text)
    if simple is not None:
        data, relative_lines, plains = simple
        for number, plain in plains:
            if plain[0] in _AMBIGUOUS_FIRST and _AMBIGUOUS_ANY.match(plain):
                message = yaml_version_ambiguity(plain)
                if message:
                    problems.append(Problem(WARNING, message, first_line + number))
        return data, {key: first_line + n for key, n in relative_lines.items()}
    return _parse_yaml_full(text, first_line, problems, limits)


#: Parser contexts that name where something was opened (a flow collection, a
#: quoted scalar): an error in them points at the opening line.
_OPENED_CONTEXTS = (
    "while parsing a flow",
    "while scanning a quoted scalar",
    "while scanning a double-quoted scalar",
    "while scanning a single-quoted scalar",
)


_TAB_REFUSED = "found character '\\t' that cannot start any token"
# ... as PyYAML and as libyaml (which does not name the character) say it
_TAB_PROBLEMS = (_TAB_REFUSED, "found character that cannot start any token")
_UNTAB_BUDGET = 200_000  # characters scanned in all while looking for such tabs (~1 s)


#: What a tab inside a plain scalar (``a<TAB>b``) is while PyYAML's scanner
#: reads the text (see :func:`untabbed`): a Unicode noncharacter, which no
#: front matter holds (one that does has such tabs read as spaces).
TAB_IN_SCALAR = "\ufdd3"


def untabbed(text: str, inside: str = "\t") -> str | None:
    """``text`` with each tab PyYAML refuses made what libyaml and YAML 1.2
    read it as, or None when there is none (or the budget runs out).

    YAML 1.2, js-yaml (Hexo), libyaml and the fast reader (:mod:`.fastyaml`)
    take a tab as the blank between ``key:`` or ``-`` and a value, after a
    block scalar's indicator and before a comment; PyYAML's scanner refuses
    it, naming it.  Such a tab becomes a space.  A tab inside a plain scalar
    (``a<TAB>b``), which libyaml reads as a character of the scalar, becomes
    ``inside``: the tab itself for libyaml (the reader), a character PyYAML
    takes for the patcher (:data:`TAB_IN_SCALAR`; it puts the tab back in
    what it reads).  A tab that indents stays (an error in every YAML).
    Every other character keeps its offset: the marks of the nodes composed
    from the result are those of ``text`` (the lossless patcher cuts
    ``text`` by them)."""
    if "\t" not in text:
        return None
    keep = TAB_IN_SCALAR not in text  # (else such tabs are read as spaces)
    scanned = text  # what the scanner reads: TAB_IN_SCALAR for a tab kept
    made: dict[int, str] = {}
    tries = max(1, min(text.count("\t"), _UNTAB_BUDGET // max(1, len(text))))
    for _ in range(tries):
        try:
            for _token in yaml.scan(scanned, Loader=PureSafeLoader):
                pass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            index = mark.index if mark is not None else -1
            if index < 0 or _indents(scanned, index):
                break
            in_scalar = keep and _inside_scalar(scanned, index, exc.context)
            scanned = (
                f"{scanned[:index]}{TAB_IN_SCALAR if in_scalar else ' '}{scanned[index + 1 :]}"
            )
            made[index] = inside if in_scalar else " "
            continue
        except yaml.YAMLError:
            break
        break
    if not made:
        return None
    chars = list(text)
    for index, char in made.items():
        chars[index] = char
    return "".join(chars)


def _inside_scalar(text: str, index: int, context: str | None) -> bool:
    """Whether the tab at ``index`` is inside a plain scalar (``a<TAB>b``):
    not after an indicator (``key:``, ``-``, ``?``, ``,``, ``[``, ``{``),
    not in a block scalar's header, not before a comment, the line's end
    or a ``:`` that ends a key."""
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    before = text[start:index].rstrip(" \t")
    end = len(text)
    for line_end in ("\n", "\r"):
        found = text.find(line_end, index)
        if found != -1:
            end = min(end, found)
    after = text[index + 1 : end].lstrip(" \t")
    return (
        context != "while scanning a block scalar"
        and before[-1:] not in ("", ",", "[", "{", ":")
        and not (before[-1] in "-?" and before[:-1][-1:] in ("", " ", "\t"))
        and after[:1] not in ("", "#")
        and not re.match(r":(?:[ \t]|$)", after)
    )


def _indents(text: str, index: int) -> bool:
    """Whether the tab at ``index`` is in its line's indentation (which no
    YAML allows), or is no tab at all."""
    if text[index : index + 1] != "\t":
        return True
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return not text[start:index].strip(" \t")


# The line breaks PyYAML counts lines by (its marks' lines, which the other messages use).
_YAML_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> tuple[str, int]:
    """A one-line message and the 1-based line (of ``text``) for a character
    YAML does not allow.  The error's own position is a character offset
    from the pure-Python reader but a byte offset from libyaml, so the
    character is found again in the text."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    code = ord(found.group()) if found else exc.character
    line = len(_YAML_BREAK.findall(text, 0, found.start())) + 1 if found else 1
    if not isinstance(code, int):
        return "a character YAML does not allow", line
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (a command-line argument)
        return f"the byte 0x{code - 0xDC00:02X} is not UTF-8", line
    kind = "a control character" if code < 0xA0 else "a character"
    return f"U+{code:04X} is {kind} YAML does not allow", line


def _yaml_error_problem(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    opening = exc.context_mark
    if (
        opening is not None
        and exc.context
        and exc.context.startswith(_OPENED_CONTEXTS)
        and (mark is None or opening.line < mark.line)
    ):
        # An unclosed bracket or quote: the parser notices on a later line, but
        # the mistake is where it was opened.
        mark = opening
    line = first_line + mark.line if mark is not None else first_line
    message = f"invalid YAML: {_said(exc.problem or exc.context or 'syntax error')}"
    if exc.context and exc.problem:
        message = f"invalid YAML: {_said(exc.problem)} ({exc.context})"
    if "\t" in text and "tab" not in message:
        tab_line = next(
            (
                i
                for i, ln in enumerate(text.splitlines())
                if ln[: len(ln) - len(ln.lstrip())].count("\t")
            ),
            None,
        )
        if tab_line is not None:
            message += "; YAML does not allow tabs for indentation"
            line = first_line + tab_line
    return Problem(ERROR, message, line)


# The characters YAML 1.1 (PyYAML, libyaml: Jekyll, Hugo) takes as line breaks
# and YAML 1.2 (js-yaml: Hexo) as characters like any other, and the Unicode
# noncharacters (kept for a program's internal use) that stand in for them.
_YAML11_ONLY_BREAKS = "\x85\u2028\u2029"
_STAND_INS = "\ufdd0\ufdd1\ufdd2"
_TO_STAND_INS = str.maketrans(_YAML11_ONLY_BREAKS, _STAND_INS)
_FROM_STAND_INS = str.maketrans(_STAND_INS, _YAML11_ONLY_BREAKS)


def unbroken(text: str) -> str | None:
    """``text`` with each U+0085, U+2028 and U+2029 made a noncharacter
    (U+FDD0-U+FDD2), or ``None`` when it holds none of them, or holds one of
    those noncharacters itself (then it is read as YAML 1.1 reads it).

    Text copied from web pages carries U+2028 (LINE SEPARATOR) in titles.
    Hexo reads it as a character; PyYAML as a line break, so a title holding
    one was an error ("could not find expected ':'") and every line number
    after one was a line too far.  Read with the stand-ins, the text is read
    as YAML 1.2 reads it, every character keeps its offset (the lossless
    patcher cuts the text by the nodes' marks) and lines are counted by
    ``\n`` and ``\r`` only; :func:`restored` puts the characters back in what
    was read."""
    if not any(char in text for char in _YAML11_ONLY_BREAKS):
        return None
    if any(char in text for char in _STAND_INS):
        return None
    return text.translate(_TO_STAND_INS)


def restored(value: Any) -> Any:
    """``value`` (or what it holds) with the stand-ins of :func:`unbroken`
    made the characters they stand for again."""
    if isinstance(value, str):
        if any(char in value for char in _STAND_INS):
            return value.translate(_FROM_STAND_INS)
        return value
    if isinstance(value, dict):
        return {restored(k): restored(v) for k, v in value.items()}
    if isinstance(value, list):
        return [restored(item) for item in value]
    if isinstance(value, tuple):
        return tuple(restored(item) for item in value)
    if isinstance(value, set | frozenset):
        return type(value)(restored(item) for item in value)
    return value


def holds_stand_ins(value: Any) -> bool:
    """Whether a text in ``value`` holds a stand-in of :func:`unbroken`."""
    if isinstance(value, str):
        return any(char in value for char in _STAND_INS)
    if isinstance(value, dict):
        return any(holds_stand_ins(k) or holds_stand_ins(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(holds_stand_ins(item) for item in value)
    return False


def _parse_yaml_full(
    text: str, first_line: int, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, dict[str, int]]:
    swapped = unbroken(text)
    if swapped is None:
        return _parse_yaml_text(text, first_line, problems, limits)
    seen = len(problems)
    data, key_lines = _parse_yaml_text(swapped, first_line, problems, limits)
    problems[seen:] = [dataclasses.replace(p, message=restored(p.message)) for p in problems[seen:]]
    if not any(p.severity == ERROR for p in problems[seen:]):
        at = min(text.find(char) for char in _YAML11_ONLY_BREAKS if char in text)
        code = ord(text[at])
        problems.append(
            Problem(
                WARNING,
                f"U+{code:04X} is a line break in YAML 1.1 (Jekyll, Hugo) and a character in "
                f"YAML 1.2 (Hexo); to keep it for both, write it as "
                f"\\{_YAML_ESCAPES[text[at]]} inside double quotes",
                first_line
                + text.count("\n", 0, at)
                + text.count("\r", 0, at)
                - text.count("\r\n", 0, at),
            )
        )
    return restored(data), {restored(k): n for k, n in key_lines.items()}


# how YAML's double-quoted scalars escape them
_YAML_ESCAPES = {"\x85": "N", "\u2028": "L", "\u2029": "P"}


def _parse_yaml_text(
    text: str, first_line: int, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, dict[str, int]]:
    key_lines: dict[str, int] = {}
    if _ALIAS_HINT.search(text):
        problem = _alias_problem(text, first_line, limits)
        if problem is not None:
            problems.append(problem)
            return None, key_lines
    try:
        try:
            return _compose_and_construct(text, first_line, problems, key_lines)
        except yaml.MarkedYAMLError as exc:
            # A tab PyYAML refuses where YAML 1.2 (and the fast reader) take
            # a blank: read as a space, as the fast path does.
            spaced = untabbed(text) if exc.problem in _TAB_PROBLEMS else None
            if spaced is None:
                raise
        # The walk above may have stopped at such a tab: the aliases and the
        # nesting of the text as it is read are checked before it is built.
        if _ALIAS_HINT.search(spaced):
            problem = _alias_problem(spaced, first_line, limits)
            if problem is not None:
                problems.append(problem)
                return None, key_lines
        key_lines.clear()
        return _compose_and_construct(spaced, first_line, problems, key_lines)
    except _DuplicateKeyError as exc:
        problems.append(
            Problem(
                ERROR,
                exc.message(first_line + exc.first_line),
                first_line + exc.line,
            )
        )
        return None, key_lines
    except yaml.MarkedYAMLError as exc:
        problems.append(_yaml_error_problem(exc, text, first_line))
        return None, key_lines
    except yaml.reader.ReaderError as exc:
        message, line = _reader_error(exc, text)
        problems.append(Problem(ERROR, f"invalid YAML: {message}", first_line + line - 1))
        return None, key_lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problems.append(Problem(ERROR, f"invalid YAML: {exc}", line))
        return None, key_lines
    except (ValueError, OverflowError, RecursionError, TypeError) as exc:
        # e.g. a timestamp such as 2021-02-30 that the resolver accepts: on its line
        line = first_line + exc.line if isinstance(exc, _BadValueError) else first_line
        message = _value_message(exc)
        if message == _HUGE_INT:  # (a key's is met as the mapping is made: on its line)
            line = _huge_int_line(text, first_line)
        problems.append(Problem(ERROR, message, line))
        return None, key_lines


def _compose_and_construct(
    text: str, first_line: int, problems: list[Problem], key_lines: dict[str, int]
) -> tuple[Any, dict[str, int]]:
    """The document of ``text`` and its keys' lines (YAML errors propagate)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, key_lines
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_lines.setdefault(key_node.value, first_line + key_node.start_mark.line)
        if _AMBIGUOUS_HINT.search(text):
            scalars: list = []
            _walk_scalars(node, scalars)
            for scalar in scalars:
                message = _ambiguity(scalar, text)
                if message:
                    problems.append(Problem(WARNING, message, first_line + scalar.start_mark.line))
        return loader.construct_document(node), key_lines
    finally:
        loader.dispose()


_KEY_END = re.compile(r"[=:]")


# A TOML table's header, alone on its line: ``[params]``, ``[[menu.main]]``,
# ``["quoted"]``, a comment after it; group 1 the first part of its name.
_TOML_TABLE_HEADER = re.compile(
    r"""[ \t]*\[\[?[ \t]*("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)"""
    r"""(?:[ \t]*\.[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+))*"""
    r"[ \t]*\]\]?[ \t]*(?:#[^\r\n]*)?(?:\r\n?|\n)?\Z"
)


def _guess_key_lines(
    text: str, first_line: int, keys: Iterable[Any], tables: Iterable[str] | None = None
) -> dict[str, int]:
    """The line of each top-level key of TOML or JSON front matter (a guess:
    the first line whose text before its first ``=`` or ``:`` is the key).
    ``tables`` (TOML only: None for JSON) are the keys whose values are
    tables or arrays of them, each on its header's line (``[params]``); in
    TOML, a line that starts inside a multi-line string or array is no
    key's."""
    found: dict[str, int] = {}
    wanted = {str(k) for k in keys}
    headed = set(tables or ())
    inside = _toml_continued_lines(text) if tables is not None else set()
    for number, line in enumerate(file_lines(text)):
        if number in inside:
            continue
        if headed:
            header = _TOML_TABLE_HEADER.match(line)
            if header is not None:
                name = header.group(1)
                if name[:1] in "\"'":
                    name = name[1:-1]
                if name in headed and name not in found:
                    found[name] = first_line + number
                continue
        end = _KEY_END.search(line)
        if end is None:
            continue
        name = line[: end.start()].strip()
        if name.startswith('"'):
            name = name[1:]
        if name.endswith('"'):
            name = name[:-1]
        if name in wanted and '"' not in name and name not in found:
            found[name] = first_line + number
            if len(found) == len(wanted):
                break
    return found


def _toml_continued_lines(text: str) -> set[int]:
    """The lines (0-based) of TOML ``text`` that start inside a multi-line
    string or an array opened on a line before: one pass over its strings,
    comments and brackets (:data:`_TOML_TOKENS`)."""
    breaks = [match.start() for match in re.finditer(r"\r\n|\r|\n", text)]
    continued: set[int] = set()
    depth = 0
    line = 0  # the next line whose start is still to be placed
    for token in _TOML_TOKENS.finditer(text):
        start, end = token.span()
        while line < len(breaks) and breaks[line] < start:
            line += 1  # line + 1 starts after break ``line``, before this token
            if depth > 0:
                continued.add(line)
        kind = token.group()
        if kind in "[{":
            depth += 1
        elif kind in "]}":
            depth = max(0, depth - 1)
        if kind.startswith(('"""', "'''")):  # (a comment may run on past a lone \r)
            while line < len(breaks) and breaks[line] < end:
                line += 1  # a line that starts inside the multi-line string
                continued.add(line)
    while line < len(breaks):
        line += 1
        if depth > 0:
            continued.add(line)
    return continued


# Tokens that matter for nesting in TOML and JSON: strings and comments (whose
# brackets do not count) and the brackets themselves.
_TOML_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"{3,5}'
    r"|'''(?:[^']|'(?!''))*'{3,5}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}]",
    re.DOTALL,
)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _too_deep(
    text: str, tokens: re.Pattern, first_line: int, limits: Limits, outer: int = 0
) -> Problem | None:
    """A problem when the brackets of ``text`` nest deeper than the limit
    (``outer`` levels of brackets hold the front matter itself, as JSON's ``{}``).

    Python's TOML parser recurses once per level and would fail with a
    ``RecursionError`` on thousands of ``[``; this finds the depth first, in
    one pass, without parsing.
    """
    deepest = limits.max_nesting + outer
    if text.count("[") + text.count("{") <= deepest:
        return None
    depth = 0
    for match in tokens.finditer(text):
        char = match.group(0)
        if char in "[{":
            depth += 1
            if depth > deepest:
                line = first_line + text.count("\n", 0, match.start())
                return Problem(ERROR, _nesting_message(limits), line)
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


_TOML_AT = re.compile(r" \(at line (\d+), column (\d+)\)$")
_TOML_AT_END = " (at end of document)"


def toml_error_place(message: str, text: str, end: str = "the end") -> tuple[str, int]:
    """A TOML parser's error message without its own position, and the
    1-based line of ``text`` it is on: the caller puts the line where its
    other messages have it (the file's line), and the message keeps the
    column only (``(column 5)``, ``(at {end})``).  ``tomllib`` writes
    ``Invalid value (at line 4, column 5)``: line 4 of ``text``, which is
    not the file's line when ``text`` is front matter."""
    found = _TOML_AT.search(message)
    if found is not None:
        return f"{message[: found.start()]} (column {found.group(2)})", int(found.group(1))
    if message.endswith(_TOML_AT_END):
        last = text.rstrip().count("\n") + 1  # the last line with something on it
        return f"{message.removesuffix(_TOML_AT_END)} (at {end})", last
    return message, 1


def _parse_toml(
    text: str, first_line: int, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, dict[str, int]]:
    problem = _too_deep(text, _TOML_TOKENS, first_line, limits)
    if problem is not None:
        problems.append(problem)
        return None, {}
    beyond = _FloatsBeyond()  # (1e999 read as infinity, as TOML's own "inf" is)
    try:
        data = tomllib.loads(text, parse_float=beyond.parse)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error_place(str(exc), text, "the end of the front matter")
        problems.append(Problem(ERROR, f"invalid TOML: {message}", first_line + line - 1))
        return None, {}
    except RecursionError:  # nesting the bracket count does not see (the limit may be high)
        problems.append(Problem(ERROR, _nesting_message(limits), first_line))
        return None, {}
    except ValueError as exc:  # (a decimal number of more than 4,300 digits: a traceback)
        problems.append(Problem(ERROR, _value_message(exc), _huge_int_line(text, first_line)))
        return None, {}
    tables = [
        key
        for key, value in data.items()
        if isinstance(value, dict)
        or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value))
    ]
    lines = _guess_key_lines(text, first_line, data, tables)
    for key, value in data.items():
        big = _int_beyond_toml(value)
        if big is not None:
            # (a number of thousands of digits is another problem: not written out)
            shown = str(big) if big.bit_length() <= 128 else "an integer"
            problems.append(
                Problem(
                    WARNING,
                    f"{shown} in '{key}' is beyond TOML's 64-bit integers (Hugo cannot read "
                    "it); quote it to keep it as text",
                    lines.get(key, first_line),
                )
            )
        number = beyond.first_in(value)
        if number is not None:
            problems.append(
                Problem(
                    WARNING,
                    f"{number} in '{key}' is beyond the largest number TOML readers keep "
                    "(about 1.8e308): read as infinity; quote it to keep it as text",
                    lines.get(key, first_line),
                )
            )
    return data, lines


#: TOML's integers are 64-bit: a larger one is an error for TOML readers
#: that keep to the specification (Hugo's), which Python's tomllib reads.
TOML_INT_MIN, TOML_INT_MAX = -(2**63), 2**63 - 1


def _int_beyond_toml(value: Any) -> int | None:
    """The first integer in ``value`` (a TOML value, arrays and tables
    walked) beyond TOML's 64 bits, or None.  Without recursion: the nesting
    is bounded already, but a walk of a deep value need not use the stack."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool):
            if not TOML_INT_MIN <= item <= TOML_INT_MAX:
                return item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _parse_json(
    text: str, first_line: int, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, dict[str, int]]:
    source = text if text.lstrip().startswith("{") else "{" + text + "}"
    if not source.strip("{} \t\r\n"):
        return None, {}
    problem = _too_deep(source, _JSON_TOKENS, first_line, limits, outer=1)
    if problem is not None:
        problems.append(problem)
        return None, {}

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"duplicate key '{key}'")
            result[key] = value
        return result

    # A number beyond a double (1e999999) is read as infinity, which JSON
    # cannot write (null in show --json): said, as a TOML integer beyond 64
    # bits is; a JSON "Infinity" (Python reads it, no JSON reader should)
    # is not one (json never hands it to parse_float).
    beyond = _FloatsBeyond()
    try:
        data = json.loads(source, object_pairs_hook=pairs_hook, parse_float=beyond.parse)
    except json.JSONDecodeError as exc:
        problems.append(Problem(ERROR, f"invalid JSON: {exc.msg}", first_line + exc.lineno - 1))
        return None, {}
    except RecursionError:
        problems.append(Problem(ERROR, _nesting_message(limits), first_line))
        return None, {}
    except ValueError as exc:
        problems.append(Problem(ERROR, f"invalid JSON: {exc}", first_line))
        return None, {}
    lines = _guess_key_lines(text, first_line, data if isinstance(data, dict) else {})
    if isinstance(data, dict):
        for key, value in data.items():
            shown = beyond.first_in(value)
            if shown is not None:
                problems.append(
                    Problem(
                        WARNING,
                        f"{shown} in '{_name(readable(key))}' is beyond the largest number "
                        "JSON readers keep (about 1.8e308): read as infinity (null in JSON "
                        "output); quote it to keep it as text",
                        lines.get(key, first_line),
                    )
                )
    return data, lines


class _FloatsBeyond:
    """The floats of a JSON or TOML text beyond a double (``1e999``), which
    Python reads as infinity: told apart from the format's own infinity by
    their object (kept alive, so that no id is reused), their text kept for
    the message.  ``parse`` is the parser's ``parse_float``."""

    def __init__(self) -> None:
        self.texts: dict[int, str] = {}
        self._kept: list[float] = []

    def parse(self, number: str) -> float:
        value = float(number)
        if value in (math.inf, -math.inf) and number.lstrip("+-") != "inf":
            self.texts[id(value)] = number
            self._kept.append(value)
        return value

    def first_in(self, value: Any) -> str | None:
        """The first such number in ``value`` as a message shows it (a
        number of thousands of digits is another problem: not written
        out), or None."""
        number = _float_beyond(value, self.texts) if self.texts else None
        if number is None:
            return None
        return number if len(number) <= 40 else "a number"


def _float_beyond(value: Any, beyond: dict[int, str]) -> str | None:
    """The text of the first number in ``value`` (a JSON value, arrays and
    objects walked) that ``beyond`` holds (by the id of its float), or None.
    Without recursion, as :func:`_int_beyond_toml`."""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is float:
            if id(item) in beyond:
                return beyond[id(item)]
        elif isinstance(item, dict):
            stack.extend(reversed(item.values()))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return None


_PARSERS = {"yaml": _parse_yaml, "toml": _parse_toml, "json": _parse_json}

_CONTAINERS = (dict, list, tuple, set, frozenset)


def _name(key: str) -> str:
    """A key as messages show it: control characters escaped, long keys cut."""
    text = key if key.isprintable() else key.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 60 else text[:60] + "…"


def lone_surrogate(value: Any) -> str:
    """The first lone surrogate in ``value`` or anything it holds (a text
    that cannot be written as UTF-8), or ``""`` when there is none."""
    return _inspect_value(value, 1 << 30, True)[1]


def _inspect_value(value: Any, max_depth: int, check_text: bool) -> tuple[bool, str, str]:
    """``(too deep, first lone surrogate, first control character)`` of one
    value (``""`` for none).  Iterative, and each container is visited once,
    so any shape of value costs one pass."""
    surrogate = control = ""
    if not check_text and type(value) is list:  # the common case: a list of texts
        for item in value:
            if isinstance(item, _CONTAINERS):
                break
        else:
            return False, surrogate, control
    if not isinstance(value, _CONTAINERS):
        if check_text and isinstance(value, str):
            match = _ANY_SURROGATE.search(value)
            surrogate = match.group(0) if match else ""
            match = _VALUE_CONTROL.search(value)
            control = match.group(0) if match else ""
        return False, surrogate, control
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            return True, surrogate, control
        if id(item) in seen:
            continue
        seen.add(id(item))
        children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        for child in children:
            if isinstance(child, _CONTAINERS):
                stack.append((child, depth + 1))
            elif check_text and isinstance(child, str):
                if not surrogate:
                    match = _ANY_SURROGATE.search(child)
                    surrogate = match.group(0) if match else ""
                if not control:
                    match = _VALUE_CONTROL.search(child)
                    control = match.group(0) if match else ""
    return False, surrogate, control


def _nests(metadata: dict[str, Any]) -> bool:
    """Whether any value holds a collection inside a collection (cheap: most
    front matter is scalars and flat lists)."""
    for value in metadata.values():
        if type(value) is list:
            for item in value:
                if isinstance(item, _CONTAINERS):
                    return True
        elif isinstance(value, _CONTAINERS):
            return True
    return False


def _without_surrogates(value: Any) -> Any:
    """``value`` with lone surrogates in its texts as U+FFFD (depth is checked first)."""
    if isinstance(value, str):
        return _ANY_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


# An integer of more decimal digits than Python prints (4,300 unless the
# interpreter is told otherwise) is read from hexadecimal, octal or binary
# digits (a decimal one is refused as it is read): nothing could show,
# index or write it.  The digits it takes are searched for only in front
# matter long enough to hold them.
_HUGE_INT = "a number of more than 4,300 digits; not read"
_HUGE_INT_BITS = 13_000  # ints below 2 ** 13000 have fewer than 3,914 digits
_LONG_NUMBER_AT = 3_000
# (from the start of a run of digits only: tried at every position, a text
# of runs just too short would take time quadratic in their length)
_LONG_DIGITS = re.compile(r"(?<![0-9A-Fa-f_])[0-9A-Fa-f_]{3000}")


def _value_message(exc: BaseException) -> str:
    """The problem for a value that cannot be made: Python's own message for
    a decimal number too long to read names an interpreter setting."""
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return _HUGE_INT
    return f"invalid YAML value: {exc}"


def _has_huge_int(value: Any) -> bool:
    """Whether ``value`` (a key or value of parsed front matter, at any depth)
    holds an integer too long to be written in decimal digits."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool):
            if item.bit_length() > _HUGE_INT_BITS:
                try:
                    str(item)
                except ValueError:
                    return True
        elif isinstance(item, dict | list | tuple | set | frozenset) and id(item) not in seen:
            seen.add(id(item))
            if isinstance(item, dict):  # (its keys and values: no new objects, whose ids recur)
                stack.extend(item.keys())
                stack.extend(item.values())
            else:
                stack.extend(item)
    return False


def _huge_int_line(text: str, first_line: int) -> int:
    """The line of ``text`` (numbered from ``first_line``) the long digits are on."""
    match = _LONG_DIGITS.search(text)
    return first_line + (text.count("\n", 0, match.start()) if match else 0)


def _check_values(
    metadata: dict[str, Any],
    key_lines: dict[str, int],
    first_line: int,
    problems: list[Problem],
    limits: Limits,
    check_text: bool,
) -> dict[str, Any] | None:
    """Check every value of parsed front matter; ``None`` when it is refused.

    Values nested deeper than the limit are refused (every later walk over
    them may recurse).  Texts are checked when ``check_text`` (the front
    matter has escapes or control characters, the only ways to get them): a
    control character is a warning; a lone surrogate (JSON's ``"\\udce9"``)
    cannot be stored or printed, so it is an error and shown as U+FFFD.
    """
    if not check_text and not _nests(metadata):
        return metadata  # the common case: texts, numbers, dates and lists of them
    cleaned = None
    for key, value in metadata.items():
        if not check_text and not isinstance(value, _CONTAINERS):
            continue
        line = key_lines.get(key, first_line)
        too_deep, surrogate, control = _inspect_value(value, limits.max_nesting, check_text)
        if too_deep:
            problems.append(Problem(ERROR, _nesting_message(limits), line))
            return None
        if check_text:
            key_surrogate = _ANY_SURROGATE.search(key)
            key_control = _VALUE_CONTROL.search(key)
            surrogate = surrogate or (key_surrogate.group(0) if key_surrogate else "")
            control = control or (key_control.group(0) if key_control else "")
        if surrogate:
            problems.append(
                Problem(
                    ERROR,
                    f"'{_name(readable(key))}' holds the escape \\u{ord(surrogate):04x}, "
                    "half of a surrogate pair and not a character; shown as U+FFFD",
                    line,
                )
            )
            if cleaned is None:
                cleaned = dict(metadata)
            del cleaned[key]
            cleaned[_without_surrogates(key)] = _without_surrogates(value)
        if control:
            problems.append(
                Problem(
                    WARNING,
                    f"control character U+{ord(control):04X} in '{_name(readable(key))}'",
                    line,
                )
            )
    return metadata if cleaned is None else cleaned


def _front_size_problem(front: str, first_line: int, limits: Limits) -> Problem | None:
    if len(front) <= limits.max_front_matter_bytes // 4:
        return None
    size = len(encode(front))
    if size <= limits.max_front_matter_bytes:
        return None
    return Problem(
        ERROR,
        f"the front matter is {describe_size(size)}, over the "
        f"{describe_size(limits.max_front_matter_bytes)} limit; not read",
        first_line,
    )


def parse_front_matter(
    parts: Split, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
    """Parse ``parts.front`` into a mapping with ``str`` keys; problems carry file lines.

    Never raises for bad content, and stays within ``limits`` (see
    :mod:`.limits`): what is over them is an error problem and no metadata.
    """
    return _parse_front_matter(parts, limits, None)


def _parse_front_matter(
    parts: Split, limits: Limits, raw_has_control: bool | None
) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
    """:func:`parse_front_matter`; ``raw_has_control`` is False when the file's
    bytes are known to hold no control character (then its text cannot)."""
    problems: list[Problem] = []
    if parts.format is None:
        return {}, problems, {}
    first_line = parts.front_start_line
    front = parts.front
    match = _SURROGATE.search(front) if front.isascii() is False else None
    if match:
        line = first_line + _line_of(front, match.start()) - 1
        problems.append(Problem(ERROR, "front matter is not valid UTF-8", line))
        return {}, problems, {}
    problem = _front_size_problem(front, first_line, limits)
    if problem is not None:
        problems.append(problem)
        return {}, problems, {}
    data, key_lines = _PARSERS[parts.format](front, first_line, problems, limits)
    if data is None:
        return {}, problems, key_lines
    if not isinstance(data, dict):
        names: dict[type, str] = {list: "a list", str: "a string"}
        kind = names.get(type(data), f"a {type(data).__name__}")
        problems.append(
            Problem(
                ERROR, f"front matter must be a mapping of keys to values, not {kind}", first_line
            )
        )
        return {}, problems, key_lines
    if len(front) > _LONG_NUMBER_AT and _LONG_DIGITS.search(front) and _has_huge_int(data):
        problems.append(Problem(ERROR, _HUGE_INT, _huge_int_line(front, first_line)))
        return {}, problems, key_lines
    metadata = {k if isinstance(k, str) else _key_text(k): v for k, v in data.items()}
    # (raw_has_control is of the bytes' C0 controls: a C1 one is two bytes of
    # UTF-8, in front matter that is not ASCII)
    check_text = "\\" in front or (
        (raw_has_control is not False or not front.isascii())
        and _VALUE_CONTROL.search(front) is not None
    )
    checked = _check_values(metadata, key_lines, first_line, problems, limits, check_text)
    if checked is None:
        return {}, problems, key_lines
    return checked, problems, key_lines


class YAMLValueError(ValueError):
    """A YAML value typed by a person (``set -s KEY=VALUE``, the form) that
    cannot be used; ``line`` and ``column`` are 1-based, where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def boolean_over_text(typed: str, current: Any) -> str | None:
    """Why a value typed as ``yes``, ``no``, ``on`` or ``off`` (in any of
    YAML 1.1's spellings) is not to be written over ``current``, a value
    that is there and is not a boolean; None when it may be.  YAML 1.1
    (Jekyll, PyYAML) reads that spelling as a boolean and YAML 1.2 (Hugo) as
    text, so ``set -s title=No`` made a title ``false``.  Over a boolean, or
    for a key not there yet, it is the boolean (the writer keeps a key's
    yes/no vocabulary)."""
    spelled = typed.strip()
    if current is None or isinstance(current, bool) or not _AMBIGUOUS_BOOL.match(spelled):
        return None
    if spelled.lower() in ("y", "n"):
        return None  # text to PyYAML too: written quoted
    meaning = "true" if spelled.lower() in ("yes", "on") else "false"
    quoted = spelled.replace("'", "''")
    return (
        f"{spelled} is {meaning} in YAML 1.1 (Jekyll) and text in YAML 1.2 (Hugo), and "
        f"the key holds {_kind_of(current)} here; quote it ('{quoted}') to keep it as text, "
        f"or type {meaning}"
    )


def _kind_of(value: Any) -> str:
    """What a front-matter value is, in words."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime | date):
        return "a date"
    return "a value"


def parse_typed_value(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """A YAML value a person typed to be written (``set -s KEY=VALUE``, the
    form's YAML fields, ``fix --add``, a merge's typed value): as
    :func:`parse_yaml_value`, and a scalar that would be saved as another
    value is refused (see :class:`_TypedValueLoader`).

    Raises :class:`YAMLValueError`.
    """
    value = _parse_value(text, limits, _TypedValueLoader)
    typed = text.strip()
    if value is None and typed not in ("~", "null", "Null", "NULL"):
        # "#ff0000" (a comment), "---", "!", "&a": nothing; saved, it would be null
        why = " ('#' starts a comment)" if typed.startswith("#") or " #" in typed else ""
        quoted = typed.replace("'", "''")
        raise YAMLValueError(
            f"{typed} is read as nothing{why}; quote it ('{quoted}') to keep it as text, "
            "or type null"
        )
    if (
        isinstance(value, str)
        and "\n" not in value
        and ("\n" in typed or "\r" in typed)
        and not _FOLDED_BLOCK.match(typed)  # (">": joined as asked)
    ):
        # (YAML folds the lines of plain or quoted text into one: saved
        # "line1 line2" without a word)
        raise YAMLValueError(
            "its line breaks would be saved as spaces (YAML joins the lines of plain "
            "text); to keep them, type it as a block: '|' and then the lines, indented"
        )
    comment = _comment_start(text)
    if comment is not None:
        line = text.count("\n", 0, comment) + 1
        column = comment - (text.rfind("\n", 0, comment) + 1) + 1
        said = text[comment:].split("\n", 1)[0].rstrip()
        if "\n" in typed or isinstance(value, dict | list):
            hint = "remove it, or quote the text that holds it"
        else:
            quoted = typed.replace("'", "''")
            hint = f"quote the value ('{quoted}') to keep it as text, or remove the comment"
        raise YAMLValueError(
            f"{said} is a YAML comment, which would not be saved; {hint}", line, column
        )
    return value


def _comment_start(text: str) -> int | None:
    """Where the first YAML comment of a value that parsed starts, or
    ``None``: a ``#`` outside every token of the value (``C# and F# #1``
    holds one, `` #1``; ``"#1"`` and ``C#`` none).  A value is saved, not
    its text, so a comment in it would be lost without a word."""
    if "#" not in text:
        return None
    spans: list[tuple[int, int]] = []
    for token in yaml.scan(text, Loader=PureSafeLoader):
        start, end = token.start_mark.index, token.end_mark.index
        if end > start:
            spans.append((start, end))
    position = text.find("#")
    while position != -1:
        if not any(start <= position < end for start, end in spans):
            return position
        position = text.find("#", position + 1)
    return None


def parse_yaml_value(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """A YAML value (a site's data file): the safe loader, within the same
    limits as front matter (bounded aliases, no recursive alias, bounded
    nesting, no lone surrogates).

    Raises :class:`YAMLValueError`.
    """
    return _parse_value(text, limits, _ValueLoader)


#: Where a YAML tag may start (after a blank, "[", "{" or "," or at a line's
#: start); a "!" inside a word ("Hello!") is no tag.
_TAG_START = re.compile(r"(?:^|[\s\[{,])!", re.MULTILINE)


def parse_yaml_data(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """:func:`parse_yaml_value` for a site's data file (``_data/*.yml``),
    which may be large: walked and loaded by libyaml's loader when it is
    installed (a dense 370 KB list in 0.26 s instead of 1.75 s), within the
    same limits, with the values the pure-Python loader gives.  Text that
    does not load that way is parsed again by the pure-Python loader, whose
    error and line are the ones raised (libyaml places some errors a line
    later); text libyaml reads and PyYAML's parser refuses (a tab after
    ``|``, a backquote inside a flow key) keeps libyaml's reading, which is
    Jekyll's (Psych is libyaml).

    Raises :class:`YAMLValueError`.
    """
    if _BaseLoader is PureSafeLoader or _TAG_START.search(text):
        # (no libyaml here; or a tag, where the two differ: "key: !" is
        # "" to libyaml and None to PyYAML's own parser)
        return parse_yaml_value(text, limits)
    try:
        problem = _alias_problem(text, 1, limits, _Loader, "the value")
        if problem is not None:  # (an event's line: exact in either parser)
            raise YAMLValueError(problem.message.removesuffix("; not read"), problem.line)
        loader = _Loader(text)
        try:
            value = loader.get_single_data()
        finally:
            loader.dispose()
    except YAMLValueError:
        raise
    except (
        yaml.YAMLError,
        _DuplicateKeyError,
        ValueError,
        OverflowError,
        RecursionError,
        TypeError,
    ):
        return parse_yaml_value(text, limits)  # says what is wrong, and where
    # the same checks as the pure-Python way's (a 0b number of 20,000 digits
    # loaded, and its render failed as 'ValueError', no file or line named)
    return _checked_value(value, text, limits)


# A folded block scalar's header (">", ">-", ">+2"), after a tag or an anchor.
_FOLDED_BLOCK = re.compile(r"(?:[!&]\S*\s+)*>[-+0-9]*[ \t]*(?:#[^\n]*)?(?:\r\n|\r|\n)")


def _holds_a_mapping(value: object) -> bool:
    """Whether names (categories, tags) are a mapping, or a list of them (or
    a list in it) holds one."""
    if isinstance(value, dict):
        return True
    if not isinstance(value, list):
        return False
    return any(
        isinstance(item, dict)
        or (isinstance(item, list) and any(isinstance(sub, dict) for sub in item))
        for item in value
    )


def _said(problem: str) -> str:
    """PyYAML's ``problem`` as a person reads it: the character it found at
    the end of the text is its own stand-in, NUL ("but found '\\x00'")."""
    return problem.replace("found '\\x00'", "found the end of the text")


def _parse_value(text: str, limits: Limits, loader_class: type[_ValueLoader]) -> Any:
    # Always walked first: a value is short, and the pure-Python composer
    # below recurses once per level of nesting.
    problem = _alias_problem(text, 1, limits, _ValueLoader, "the value")
    if problem is not None:
        raise YAMLValueError(problem.message.removesuffix("; not read"), problem.line)
    try:
        loader = loader_class(text)  # checks the characters as it is made
    except yaml.reader.ReaderError as exc:
        message, line = _reader_error(exc, text)
        raise YAMLValueError(message, line) from None
    try:
        value = loader.get_single_data()
    except _DuplicateKeyError as exc:
        raise YAMLValueError(exc.message(exc.first_line + 1), exc.line + 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (exc.context or "").startswith(_OPENED_CONTEXTS):
            mark = exc.context_mark if mark is None or exc.context_mark.line < mark.line else mark
        raise YAMLValueError(
            _said(str(exc.problem or exc.context or "invalid YAML")),
            mark.line + 1 if mark is not None else None,
            mark.column + 1 if mark is not None else None,
        ) from None
    except yaml.YAMLError as exc:
        raise YAMLValueError(f"invalid YAML: {exc}") from None
    except (ValueError, OverflowError, RecursionError, TypeError) as exc:
        escape = _beyond_unicode(text) if _chr_failed(exc) else None
        if escape is not None:  # the pure-Python scanner's own chr() fails on it
            raise YAMLValueError(_beyond_message(escape), _line_of(text, escape.start())) from None
        value_line = exc.line + 1 if isinstance(exc, _BadValueError) else None
        raise YAMLValueError(_value_message(exc).removesuffix("; not read"), value_line) from None
    finally:
        loader.dispose()
    return _checked_value(value, text, limits)


def _beyond_unicode(text: str) -> re.Match[str] | None:
    """The first ``\\U`` escape in ``text`` past U+10FFFF, if any."""
    for found in _ESCAPE_U.finditer(text):
        if int(found.group()[2:], 16) > 0x10FFFF:
            return found
    return None


_ESCAPE_U = re.compile(r"\\U[0-9A-Fa-f]{8}")


def _chr_failed(exc: BaseException) -> bool:
    """Whether ``exc`` is PyYAML's ``chr()`` of an escape past U+10FFFF
    (ValueError up to 2**31, OverflowError past it), not a value's own error."""
    text = str(exc)
    return "chr()" in text or (isinstance(exc, OverflowError) and "C int" in text)


def _beyond_message(escape: re.Match[str]) -> str:
    return f"the escape {escape.group()} is past U+10FFFF, the last Unicode character"


def _checked_value(value: Any, text: str, limits: Limits) -> Any:
    """``value``, loaded from ``text``, once it proves within ``limits``: not
    too deep, no integer too long to write in digits (``0b`` and 20,000
    ones: it loads, and fails as text later, nowhere named), no lone
    surrogate.  Raises :class:`YAMLValueError`."""
    too_deep, surrogate, _ = _inspect_value(value, limits.max_nesting, "\\" in text)
    if too_deep:
        raise YAMLValueError(f"the value nests deeper than {limits.max_nesting} levels")
    if len(text) > _LONG_NUMBER_AT and _LONG_DIGITS.search(text) and _has_huge_int(value):
        raise YAMLValueError(_HUGE_INT.removesuffix("; not read"), _huge_int_line(text, 1))
    if surrogate:
        raise YAMLValueError(f"the escape \\u{ord(surrogate):04x} is not a character")
    return value


def _has_control_bytes(raw: bytes) -> bool:
    """Whether ``raw`` holds a control character (the fast test: deleting them
    changes the length), a megabyte at a time, so a large file is not copied whole."""
    for start in range(0, len(raw), _COPY_TEST_MAX):
        chunk = raw[start : start + _COPY_TEST_MAX]
        if len(chunk.translate(None, _CONTROL_BYTES)) != len(chunk):
            return True
    return False


def _first_escaped_byte(text: str) -> int | None:
    """Where the first byte that is not UTF-8 sits in decoded ``text``, if any
    (found by encoding, the fast test, a megabyte at a time)."""
    if text.isascii():
        return None
    for start in range(0, len(text), _COPY_TEST_MAX):
        try:
            text[start : start + _COPY_TEST_MAX].encode("utf-8")
        except UnicodeEncodeError as exc:
            return start + exc.start
    return None


def _check_weekday(
    problems: list[Problem], what: str, value: Any, parsed: ParsedDate, key_lines: dict
) -> None:
    """A warning for an RFC 2822 date whose weekday is not its date's."""
    wrong = wrong_weekday(value, parsed) if isinstance(value, str) else None
    if wrong is None:
        return
    day = parsed.value.strftime("%Y-%m-%d") if isinstance(parsed.value, datetime) else ""
    problems.append(
        Problem(
            WARNING,
            f"{what} {_quoted(value)}: {wrong[0]} does not match {day}, a {wrong[1]}; "
            "some tools read no date from it",
            key_lines.get("updated" if what == "updated date" else "date"),
        )
    )


def _quoted(value: Any, limit: int = 80) -> str:
    """A value as a message quotes it: its repr, cut to about ``limit``
    characters; a list or a mapping written as JSON (``[2024, 1]``,
    ``{"y": 2024}``), not as Python writes it (``{'y': 2024}``)."""
    try:
        if not isinstance(value, (list, tuple, dict)):
            raise TypeError
        full = json.dumps(with_text_keys(value), ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        full = str(value)
    text = repr(full[:limit])
    return text if len(full) <= limit else text[:-1] + "…" + text[-1]


def with_text_keys(value: Any) -> Any:
    """``value`` with every mapping key as text, as JSON needs them (a key
    that is a date, ``{2024-01-01: x}``, stopped the reading of the file)."""
    if isinstance(value, dict):
        return {
            k if isinstance(k, str) else _key_text(k): with_text_keys(v) for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [with_text_keys(item) for item in value]
    return value


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


_HTML_START = re.compile(
    r"\s*<(?:!doctype|html|head|body|div|p|section|article|main|header|h[1-6]|table|ul|ol|"
    r"blockquote|figure|img|span|a|strong|em|b|i|br|hr|pre|center|font|dl|nav|aside|br|video)\b",
    re.IGNORECASE,
)
# A body that starts with a tag is still Markdown when Markdown's own syntax
# shows where Markdown reads it (a post that opens with a cover image, then
# "## Intro" and a list: its site renders Markdown, and the reader must not
# show "##" and "**" as text), and nothing in it is written as only HTML is.
# Where Markdown reads it, as CommonMark has it (see _shows_markdown): not in
# an HTML block (a line opening one with a block-level tag, a comment or a
# tag alone on its line, to the next blank line; <pre>, <script>, <style>,
# <textarea> and comments to their end), nor in indented code.  Written as
# only HTML is: a closing tag of a block element in a line Markdown would
# read as text, at its end ("… the plan.</p>": what a page saved from the
# web holds; read as Markdown, its blank lines would end its HTML, and its
# indented lines become code).
_MARKDOWN_SIGN = re.compile(  # at the start of a line (matched there)
    r" {0,3}(?:#{1,6}(?:[ \t]|$)|```|~~~|>|[-*+][ \t]+\S|\d{1,3}[.)][ \t]+\S"
    r"|(?:=+|-+)[ \t]*$|\|.*\|[ \t]*$)"
)
# Where a line might start with one: one search that skips from line break
# to line break (most HTML has none, and is told so in a few microseconds).
_MAYBE_LINE_SIGN = re.compile(r"\n {0,3}(?:[#`~>=|*+-]|\d{1,3}[.)])")
_INLINE_SIGN = re.compile(
    r"\]\(|\*\*[^\s*]|__[^\s_]|`[^`\n]+`|(?<![\w*])\*[^\s*][^*\n]*\*(?![\w*])"
)
_INLINE_MARKS = ("](", "*", "__", "`")


def _markdown_sign(text: str, *, lines: bool) -> bool:
    """Whether ``text`` holds a Markdown sign (see _MARKDOWN_SIGN): at its
    start, or (``lines``) at the start of any line, or inside a line."""
    if _MARKDOWN_SIGN.match(text) or (lines and _MAYBE_LINE_SIGN.search(text)):
        return True
    return any(mark in text for mark in _INLINE_MARKS) and _INLINE_SIGN.search(text) is not None


_HTML_BLOCK_LINE = re.compile(
    r" {0,3}<(?:!--|[?!]|/?(?:address|article|aside|blockquote|body|caption|center|col|"
    r"colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|"
    r"frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|"
    r"nav|noframes|ol|optgroup|option|p|param|pre|script|search|section|style|summary|"
    r"table|tbody|td|textarea|tfoot|th|thead|title|tr|track|ul)(?=[\s/>]|$))",
    re.IGNORECASE,
)
_TAG_ALONE = re.compile(r" {0,3}</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*$")
# HTML blocks that only their own end closes (CommonMark's kinds 1 to 5).
_RAW_BLOCKS = (
    (re.compile(r" {0,3}<(pre|script|style|textarea)(?=[\s>]|$)", re.IGNORECASE), None),
    (re.compile(r" {0,3}<!--"), "-->"),
    (re.compile(r" {0,3}<\?"), "?>"),
    (re.compile(r" {0,3}<!\[CDATA\["), "]]>"),
    (re.compile(r" {0,3}<![A-Za-z]"), ">"),
)
# A line of text that ends a block element (not a list item, a quote or a
# table's row of Markdown: "- item with <p>para</p>" is Markdown's).
_BLOCK_ENDS_LINE = re.compile(
    r"</(?:address|article|aside|blockquote|dd|div|dl|dt|figure|footer|h[1-6]|header|li|main|"
    r"nav|ol|p|pre|script|section|style|table|td|textarea|th|tr|ul)\s*>[ \t]*$",
    re.IGNORECASE,
)


def _shows_markdown(head: str) -> bool:
    """Whether ``head``, a body that starts with a tag, shows Markdown where
    Markdown reads it and nothing written as only HTML is (see
    _MARKDOWN_SIGN).  Most HTML shows no sign at all: one search."""
    if not _markdown_sign(head, lines=True):
        return False
    lines = head.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sign = False
    paragraph = False  # the line before is Markdown's text
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip():
            paragraph = False
            continue
        if not paragraph and line.startswith(("    ", "\t")):
            continue  # indented code, or a list item's content
        raw_end = _raw_block_end(line)
        if raw_end is not None:
            # to the line that closes it (this one, or one of the next)
            closed = raw_end.search(line, line.index("<") + 2)
            while closed is None and index < len(lines):
                closed = raw_end.search(lines[index])
                index += 1
            paragraph = False
            continue
        if _HTML_BLOCK_LINE.match(line) or (not paragraph and _TAG_ALONE.match(line)):
            while index < len(lines) and lines[index].strip():
                index += 1  # an HTML block, to the next blank line
            paragraph = False
            continue
        if _BLOCK_ENDS_LINE.search(line) and not _MARKDOWN_SIGN.match(line):
            return False  # "… the plan.</p>": text written inside HTML
        if not sign and _markdown_sign(line, lines=False):
            underline = line.strip(" \t")
            # (a line of = or - marks a heading only under a line of text)
            sign = paragraph or not underline or underline.strip("=-") != ""
        paragraph = True
    return sign


def _raw_block_end(line: str) -> re.Pattern[str] | None:
    """What closes the HTML block ``line`` opens when only its own end does
    (``</pre>``, ``-->``), or None."""
    for opening, end in _RAW_BLOCKS:
        found = opening.match(line)
        if found is not None:
            if end is None:
                return re.compile(f"</{found.group(1)}>", re.IGNORECASE)
            return re.compile(re.escape(end))
    return None


# The first heading is looked for in linear time: a pattern never scans past
# the line it starts on, or the next "<", so no text makes it quadratic.
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+)$", re.MULTILINE)
_SETEXT_HEADING = re.compile(r"^ {0,3}(\S[^\n]*)\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_HTML_HEADING_OPEN = re.compile(r"<h([1-6])\b[^<>]*>", re.IGNORECASE)
_HTML_HEADING_CLOSE = {level: re.compile(rf"</h{level}\s*>", re.IGNORECASE) for level in "123456"}
_TAG = re.compile(r"<[^<>]*>")
_HEADING_WINDOW = 20000  # characters of the body searched for a heading


def body_format_of(body: str, path: str | os.PathLike[str] | None) -> str:
    """``html`` for an ``.html``/``.htm`` file or a body that starts as HTML
    and shows no Markdown (see _MARKDOWN_SIGN), else ``markdown``.  ``path``
    may be a library-relative string."""
    suffix = os.path.splitext(os.fspath(path))[1].lower() if path is not None else ""
    if suffix in (".html", ".htm"):
        return "html"
    head = body[:2048]
    if _HTML_START.match(head) and not _shows_markdown(head):
        return "html"
    return "markdown"


def _html_heading(head: str) -> str | None:
    """The inside of the first ``<hN>…</hN>`` in ``head``.  A level found
    unclosed once is not looked for again (nothing closes it later either)."""
    unclosed: set[str] = set()
    for opening in _HTML_HEADING_OPEN.finditer(head):
        level = opening.group(1)
        if level in unclosed:
            continue
        closing = _HTML_HEADING_CLOSE[level].search(head, opening.end())
        if closing is not None:
            return head[opening.end() : closing.start()]
        unclosed.add(level)
        if len(unclosed) == len(_HTML_HEADING_CLOSE):
            break
    return None


def _first_heading(body: str, body_format: str) -> str | None:
    head = body[:_HEADING_WINDOW]
    if body_format == "html":
        inner = _html_heading(head)
        if inner is not None:
            import html

            text = html.unescape(_TAG.sub("", inner)).strip()
            return " ".join(text.split()) or None
        return None
    match = _MD_HEADING.search(head)
    if match:
        return match.group(1).rstrip(" \t#").strip() or None
    match = _SETEXT_HEADING.search(head)
    if match:
        return match.group(1).strip() or None
    return None


def parse_article(
    raw: bytes,
    path: str | os.PathLike | None = None,
    *,
    mtime_ns: int | None = None,
    size: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Article:
    """Parse the bytes of an article.  Never raises for bad content, and stays
    within ``limits`` (see :mod:`.limits`)."""
    file_path = path if isinstance(path, Path) or path is None else Path(path)
    # UTF-16 or UTF-32 with its byte-order mark says what it is: read as that,
    # and an error keeps every writer away
    read = raw
    raw, marked = as_utf8(raw)
    parts = split(raw)  # each part decoded on its own: the file is not held twice as text
    has_control = _has_control_bytes(raw)
    metadata, problems, key_lines = _parse_front_matter(parts, limits, has_control)

    if not raw:
        problems.append(Problem(WARNING, EMPTY, 1))
    if parts.unclosed:
        # (on the opening line: after any blank lines the file starts with)
        blank = _BLANK_LEAD.match(parts.body)
        opening = 1 + len(file_lines(blank.group(0))) if blank else 1
        problems.append(Problem(WARNING, UNCLOSED, opening))
    body = parts.body
    escaped = _first_escaped_byte(body)
    if marked is not None:
        problems.append(Problem(ERROR, looks_wide(marked), 1))
    elif escaped is not None:  # (the only source of lone surrogates: see NOT_UTF8)
        line = parts.body_start_line + _line_of(body, escaped) - 1
        problems.append(Problem(ERROR, NOT_UTF8, line))
    elif has_control and (wide := wide_encoding(raw)) is not None:
        # valid UTF-8 to a decoder (NUL is a character), but written back as
        # UTF-8 a new front matter would go in front of the UTF-16 bytes
        problems.append(Problem(ERROR, looks_wide(wide), 1))
    elif has_control:  # a fast test on the bytes before searching the text
        match = _CONTROL.search(body)
        if match:
            line = parts.body_start_line + _line_of(body, match.start()) - 1
            problems.append(
                Problem(WARNING, f"control character U+{ord(match.group(0)):04X} in the body", line)
            )

    if b"<<<<<<<" in raw:  # merge conflict markers: an error per block, with its lines
        from reader.core.article.conflicts import conflict_problems

        text = str(raw, "utf-8", "surrogateescape")
        problems.extend(conflict_problems(text, body_start_line=parts.body_start_line))
    body_format = body_format_of(body, file_path)

    # Title: front matter, else the first heading, else the file name.
    title_value = metadata.get("title")
    title = taxonomy.name_text(title_value) if title_value is not None else None
    if not title:
        title = _first_heading(body, body_format)
    if not title:
        title = file_path.stem if file_path is not None else ""
    title = readable(title)  # a heading or file name may hold bytes that are not UTF-8

    # Dates
    date_value: ParsedDate | None = None
    date_source: str | None = None
    if "date" in metadata and metadata["date"] is not None:
        date_value = parse_date(metadata["date"])
        if date_value is None:
            problems.append(
                Problem(
                    WARNING,
                    f"cannot read date {_quoted(metadata['date'])}",
                    key_lines.get("date"),
                )
            )
        else:
            date_source = "front-matter"
            _check_weekday(problems, "date", metadata["date"], date_value, key_lines)
    if date_value is None and file_path is not None:
        date_value = date_from_filename(file_path.name)
        if date_value is not None:
            date_source = "filename"
        elif mtime_ns is not None:
            date_value = ParsedDate(
                datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).astimezone(),
                DateStyle(kind="iso", separator="T", offset="+00:00"),
            )
            date_source = "file-time"
    updated: ParsedDate | None = None
    if metadata.get("updated") is not None:
        updated = parse_date(metadata["updated"])
        if updated is None:
            problems.append(
                Problem(
                    WARNING,
                    f"cannot read updated date {_quoted(metadata['updated'])}",
                    key_lines.get("updated"),
                )
            )
        else:
            _check_weekday(problems, "updated date", metadata["updated"], updated, key_lines)

    for key, alias in (("categories", "category"), ("tags", "tag")):
        if key in metadata and alias in metadata:
            problems.append(
                Problem(
                    WARNING,
                    f"both '{key}' and '{alias}' are set; '{alias}' is ignored",
                    key_lines.get(alias),
                )
            )
    category_key = "categories" if "categories" in metadata else "category"
    categories = taxonomy.categories_from(metadata.get(category_key))
    longest = max(map(len, categories), default=0)
    if longest > limits.max_category_levels:
        problems.append(
            Problem(
                ERROR,
                f"a category path of {longest:,} levels is over the limit of "
                f"{limits.max_category_levels}; categories not read",
                key_lines.get(category_key),
            )
        )
        categories = []
    tag_key = "tags" if "tags" in metadata else "tag"
    tags = taxonomy.tags_from(metadata.get(tag_key))
    for key, what in ((category_key, "category"), (tag_key, "tag")):
        if _holds_a_mapping(metadata.get(key)):
            # (left out of the list, the tree and the index without a word)
            problems.append(
                Problem(
                    WARNING,
                    f"'{key}' holds a mapping ({{key: value}}), which is no {what}; it is left out",
                    key_lines.get(key),
                )
            )
    author = taxonomy.author_from(metadata.get("author"))

    if problems:
        display = os.fspath(file_path) if file_path is not None else None
        problems = [
            p if p.path is not None else Problem(p.severity, p.message, p.line, display)
            for p in problems
        ]
        problems.sort(key=lambda p: (p.line or 0, p.severity != ERROR))
    return Article(
        path=file_path,
        raw=read,
        parts=parts,
        metadata=metadata,
        problems=problems,
        title=title,
        date=date_value,
        date_source=date_source,
        updated=updated,
        categories=categories,
        tags=tags,
        author=author,
        body_format=body_format,
        key_lines=key_lines,
        mtime_ns=mtime_ns,
        size=size,
        decoded_from=marked,
    )


def load_article(path: str | os.PathLike, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Read and parse a file.  Raises :class:`~reader.core.article.model.ArticleError`
    only when it cannot be read: missing, unreadable, not a regular file (a
    FIFO, a device), or over ``limits.max_article_bytes``."""
    file_path = Path(path)
    raw, stat = read_article_bytes(file_path, limits.max_article_bytes)
    return parse_article(
        raw, file_path, mtime_ns=stat.st_mtime_ns, size=stat.st_size, limits=limits
    )
