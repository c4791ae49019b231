"""Lossless front-matter edits.

``patch_metadata`` changes, adds or removes top-level keys by rewriting only
the text of those keys.  Every other byte of the file stays as it was: the
other keys with their quoting, order, comments and indentation, the body, the
line endings and the BOM.  A new value is written in the style of the value
it replaces (quoted stays quoted, an RFC 2822 date stays RFC 2822, a block
list stays a block list with the same indentation); new keys go at the end.
A list changes item by item: renaming, removing or appending one item
rewrites only that item, so comments on the other items stay (YAML, TOML and
JSON alike).

Every patch is verified by parsing the result again: if the new front matter
does not read back as exactly the intended metadata, nothing is returned and
:class:`ArticleError` is raised instead.

Each format has its own module (``patch_yaml``, ``patch_toml``,
``patch_json``); ``patch_lists`` splices lists item by item and
``patch_values`` writes values as text.  This module chooses and verifies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reader.core.article.codec import _ANY_SURROGATE, lone_surrogate, parse_front_matter
from reader.core.article.model import Article, ArticleError
from reader.core.article.patch_json import _patch_json
from reader.core.article.patch_toml import _patch_toml
from reader.core.article.patch_values import dump_value, same_value
from reader.core.article.patch_yaml import _fresh_entry, _new_key_text, _patch_yaml
from reader.core.article.split import Split, join, split

__all__ = [
    "dump_value",
    "patch_metadata",
    "same_value",
]


def patch_metadata(
    article: Article,
    changes: Mapping[str, Any] | None = None,
    remove: Iterable[str] = (),
) -> bytes:
    """The article's bytes with ``changes`` set and ``remove`` keys removed.

    Returns ``article.raw`` itself when nothing really changes.  Raises
    :class:`ArticleError` when the article has errors (it is never rewritten)
    or when the edit cannot be made losslessly.
    """
    if article.has_errors:
        first = article.errors[0]
        raise ArticleError(
            f"not saved: the file has an error ({first.message}); fix it first",
            article.display_path,
            first.line,
        )
    if article.parts.unclosed:
        raise ArticleError(
            "not saved: the opening front-matter delimiter is never closed; fix the file first",
            article.display_path,
            1,
        )
    _refuse_non_characters(article, changes or {})
    metadata = article.metadata
    sets = {
        str(k): v
        for k, v in (changes or {}).items()
        if str(k) not in metadata or not same_value(metadata[str(k)], v)
    }
    # (each once: a key removed twice failed in TOML front matter)
    removes = list(
        dict.fromkeys(str(k) for k in remove if str(k) in metadata and str(k) not in sets)
    )
    if not sets and not removes:
        return article.raw

    if article.parts.format is None:
        new_parts = _add_front_matter(article.parts, sets)
        _verify(article, new_parts, sets, removes)
        return join(new_parts)
    # Lists are edited item by item, mappings key by key; should such an edit
    # not read back as intended, the whole values are written instead
    # (verified as well).
    itemwise = any(isinstance(v, list | dict) for v in sets.values())
    try:
        return join(_patched_parts(article, sets, removes, itemwise))
    except ArticleError:
        if not itemwise:
            raise
    return join(_patched_parts(article, sets, removes, False))


def _refuse_non_characters(article: Article, changes: Mapping[str, Any]) -> None:
    """A key or value holding a lone surrogate (a byte of a file name or of
    argv that was not UTF-8, a ``\\ud800`` escape) cannot be written as UTF-8:
    refused here, for every format, before any text is made.  (A key to
    remove needs no check: no file that reads has such a key.)"""
    for key, value in changes.items():
        bad = _ANY_SURROGATE.search(str(key))
        surrogate = bad.group() if bad else lone_surrogate(value)
        if surrogate:
            raise ArticleError(
                f"not saved: {'the key' if bad else 'the value of'} {str(key)!a} holds "
                f"\\u{ord(surrogate):04x}, which is not a character",
                article.display_path,
            )


def _patched_parts(article: Article, sets: dict, removes: list[str], itemwise: bool) -> Split:
    parts = article.parts
    assert parts.format is not None  # a file without front matter takes _add_front_matter
    try:
        new_front = _PATCHERS[parts.format](parts, article.metadata, sets, removes, itemwise)
    except ArticleError as exc:
        if exc.path is None:
            raise ArticleError(exc.message, article.display_path, exc.line) from None
        raise
    new_parts = parts.replace_front(new_front)
    _verify(article, new_parts, sets, removes)
    return new_parts


def _verify(article: Article, new_parts: Split, sets: dict, removes: list[str]) -> None:
    # read again from the bytes, as the reader will: the edit must leave the
    # front matter where it was, in its format, and the body as it was (a
    # JSON object whose every member went lost its closing brace, and read
    # back as no front matter at all, so as the empty mapping expected)
    again = split(join(new_parts))
    if again.format != new_parts.format or again.body != new_parts.body:
        raise ArticleError(
            "cannot apply this edit losslessly: the front matter would not end where it did",
            article.display_path,
        )
    new_meta, problems, _ = parse_front_matter(again)
    errors = [p for p in problems if p.severity == "error"]
    expected = {k: v for k, v in article.metadata.items() if k not in removes}
    expected.update(sets)
    if (
        errors
        or set(new_meta) != set(expected)
        or any(
            not same_value(new_meta.get(k), v) and not same_value(v, new_meta.get(k))
            for k, v in expected.items()
        )
    ):
        detail = errors[0].message if errors else "the result does not read back as the edit"
        raise ArticleError(f"cannot apply this edit losslessly: {detail}", article.display_path)


_PATCHERS = {"yaml": _patch_yaml, "toml": _patch_toml, "json": _patch_json}


def _add_front_matter(parts: Split, sets: dict) -> Split:
    """A file without front matter gets a YAML block at the top."""
    nl = parts.newline
    front = "".join(_fresh_entry(_new_key_text(k), v, ("", " "), nl) for k, v in sets.items())
    return Split(parts.bom, "", "---" + nl, front, "---" + nl, parts.body, "yaml")
