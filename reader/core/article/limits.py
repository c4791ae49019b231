"""Limits on what one article may cost to read.  No Qt here.

A library is input from anywhere (a ``git pull``, an unpacked archive, a
scraper), and one file must never be able to take the whole library down:
hang a command, exhaust memory or end it in a traceback.  Reading and parsing
therefore stop at these limits, and what is over them becomes a clear error
on that one file while every command carries on with the rest:

* :data:`MAX_ARTICLE_BYTES` — a file larger than this is not read at all
  (:class:`~reader.core.article.model.ArticleError`, like an unreadable file).
* :data:`MAX_FRONT_MATTER_BYTES` — front matter larger than this is not
  parsed (an error problem on its first line; the body is still shown).
  Parsing builds an object per value at tens of times the text's size.
* :data:`MAX_NESTING` — front matter whose values nest deeper than this
  (lists in lists, mappings in mappings) is refused with an error problem.
  Real front matter nests two or three levels; the recursive walks over
  values (JSON output, taxonomy, comparisons before a save) rely on this
  bound, so keep it far below Python's recursion limit.
* :data:`MAX_CATEGORY_LEVELS` — a category path longer than this (Hexo
  reads a flat list as one path, so ``categories: [a, b, …]`` with thousands
  of names is one path that deep) is refused with an error problem: the
  index stores every prefix of every path, which costs the square of its
  length.
* :data:`MAX_ALIAS_NODES` and :data:`MAX_ALIAS_BYTES` — YAML aliases
  (``*name``) repeat what their anchor (``&name``) holds, so a few lines can
  stand for billions of values ("billion laughs").  Front matter whose
  aliases add more than this many values, or this much text, once expanded
  is refused with an error problem on the line of the alias; an alias used
  inside its own anchor (``a: &a [*a]``) is refused the same way.

These are defaults.  :func:`~reader.core.article.codec.load_article`,
:func:`~reader.core.article.codec.parse_article` and the other readers take a
:class:`Limits` to use others.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_ALIAS_BYTES",
    "MAX_ALIAS_NODES",
    "MAX_ARTICLE_BYTES",
    "MAX_CATEGORY_LEVELS",
    "MAX_FRONT_MATTER_BYTES",
    "MAX_NESTING",
    "Limits",
    "describe_size",
]

MAX_ARTICLE_BYTES = 64 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 1024 * 1024
MAX_NESTING = 100
MAX_CATEGORY_LEVELS = 32
MAX_ALIAS_NODES = 10_000
MAX_ALIAS_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits one read works within (see the module's documentation)."""

    max_article_bytes: int = MAX_ARTICLE_BYTES
    max_front_matter_bytes: int = MAX_FRONT_MATTER_BYTES
    max_nesting: int = MAX_NESTING
    max_category_levels: int = MAX_CATEGORY_LEVELS
    max_alias_nodes: int = MAX_ALIAS_NODES
    max_alias_bytes: int = MAX_ALIAS_BYTES


DEFAULT_LIMITS = Limits()


def describe_size(size: int) -> str:
    """``64 MB``, ``1.5 MB``, ``300 KB``, ``12 bytes``: sizes in messages."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def describe_sizes(size: int, limit: int) -> tuple[str, str]:
    """``size`` and ``limit`` as :func:`describe_size` says them, or in
    bytes when it says both alike ("64.0 MB, over the 64 MB limit")."""
    said = describe_size(size), describe_size(limit)
    (number, unit), (limit_number, limit_unit) = (text.split() for text in said)
    if size != limit and unit == limit_unit and float(number) == float(limit_number):
        return f"{size:,} bytes", f"{limit:,}-byte"
    return said
