"""Why a filter found nothing: the names it asks for that no article has,
with the names close to them that articles do have (``--tag Python`` when
the library's tag is ``python``).  No Qt here.

Filters compare names exactly (a category path, a tag, an author, a
front-matter key), so a name typed in another case, or misspelt, finds
nothing and says nothing; a caller whose listing came out empty asks
:func:`unknown_names` what to tell the user.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.core.article.taxonomy import format_category_path, parse_category_path
from reader.core.library.catalog import CategoryNode, Taxonomy
from reader.core.library.querylang import FIELDS, And, Expr, Field, Or

__all__ = ["MAX_CANDIDATES", "UnknownName", "unknown_names"]

#: At most this many names of a kind are compared with the one typed (the
#: most used first, as the taxonomy lists them): the hint stays cheap in a
#: library of a million articles with as many distinct names.
MAX_CANDIDATES = 20_000

# How many close names are offered, and how close (difflib's ratio).
_CLOSE = 3
_CUTOFF = 0.7


@dataclass(frozen=True, slots=True)
class UnknownName:
    """A name a filter asks for that no article has: ``kind`` is
    ``"category"``, ``"tag"``, ``"author"`` or ``"key"``; ``close`` holds
    names articles do have, the closest first (the same name in another
    case before any other)."""

    kind: str
    name: str
    close: tuple[str, ...] = ()

    def message(self) -> str:
        """One English sentence (for the command line); a name longer than
        80 characters is cut ("tag:" and 100,000 of them were said whole)."""
        name = self.name if len(self.name) <= 80 else self.name[:79] + "…"
        if self.kind == "key":
            text = f"no article has a value for the key '{name}'"
        else:
            text = f"no article has the {self.kind} '{name}'"
        if self.close:
            text += "; did you mean " + " or ".join(f"'{name}'" for name in self.close) + "?"
        return text


def unknown_names(
    taxonomy: Taxonomy,
    keys: Callable[[], Sequence[str]],
    has_key: Callable[[str], bool],
    *,
    category: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    expr: Expr | None = None,
) -> list[UnknownName]:
    """The names among the filters given (``category`` as typed, ``A/B``;
    the ``cat:``, ``tag:``, ``author:`` and front-matter ``key:value``
    filters that ``expr`` requires) that no article has.  ``has_key(name)``
    says whether a ``key:value`` filter can find the front-matter key
    ``name`` (casefolded); ``keys()`` lists such keys to offer close ones
    from (at most :data:`MAX_CANDIDATES`), called only for a key no
    article has.

    A filter that is negated, or one of several alternatives (``OR``) of
    which another is a known name, could not by itself have emptied the
    listing: it is not named."""
    wanted: list[tuple[str, str]] = []
    if category is not None:
        wanted.append(("category", category))
    if tag is not None:
        wanted.append(("tag", tag))
    if author is not None:
        wanted.append(("author", author))
    out: list[UnknownName] = []
    names = _Names(taxonomy, keys, has_key)
    for kind, name in wanted:
        if not names.has(kind, name):
            out.append(UnknownName(kind, name, names.close(kind, name)))
    for clause in expr.clauses if isinstance(expr, And) else ():
        terms = clause.terms if isinstance(clause, Or) else (clause,)
        fields = [_named(term) for term in terms]
        if any(found is None for found in fields):
            continue  # a word, a date, a negated term…: not a name to look up
        pairs = [found for found in fields if found is not None]
        if any(names.has(kind, name) for kind, name in pairs):
            continue
        for kind, name in pairs:
            unknown = UnknownName(kind, name, names.close(kind, name))
            if unknown not in out:
                out.append(unknown)
    return out


def _named(term: object) -> tuple[str, str] | None:
    """``(kind, name)`` of a positive filter by a name, else None."""
    if not isinstance(term, Field):
        return None
    if term.name in ("cat", "category"):
        return "category", term.value
    if term.name in ("tag", "author"):
        return term.name, term.value
    if term.name in FIELDS:
        return None
    return "key", term.name


class _Names:
    """The names of each kind that articles have, read when first asked."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        keys: Callable[[], Sequence[str]],
        has_key: Callable[[str], bool],
    ):
        self._taxonomy = taxonomy
        self._keys = keys
        self._has_key = has_key
        self._lists: dict[str, list[str]] = {}
        self._sets: dict[str, set[str]] = {}

    def names(self, kind: str) -> list[str]:
        """The names of ``kind`` to offer close ones from: at most
        :data:`MAX_CANDIDATES`, the most used first (keys: in order)."""
        listed = self._lists.get(kind)
        if listed is None:
            taxonomy = self._taxonomy
            found: Iterable[str]
            if kind == "category":
                found = (format_category_path(n.path) for n in _walk(taxonomy.categories))
            elif kind == "tag":
                found = (name for name, _ in taxonomy.tags)
            elif kind == "author":
                found = (name for name, _ in taxonomy.authors)
            else:
                found = self._keys()
            listed = self._lists[kind] = [
                name for _, name in zip(range(MAX_CANDIDATES), found, strict=False)
            ]
        return listed

    def has(self, kind: str, name: str) -> bool:
        """Whether an article has ``name`` (every name of the kind asked,
        not only those offered)."""
        if kind == "category":
            path = parse_category_path(name)
            return not path or self._taxonomy.category(path) is not None
        if kind == "key":
            return name in FIELDS or self._has_key(name)
        known = self._sets.get(kind)
        if known is None:
            pairs = self._taxonomy.tags if kind == "tag" else self._taxonomy.authors
            known = self._sets[kind] = {n for n, _ in pairs}
        return name in known

    def close(self, kind: str, name: str) -> tuple[str, ...]:
        typed = format_category_path(parse_category_path(name)) if kind == "category" else name
        candidates = self.names(kind)
        if kind == "key":
            candidates = [*candidates, *(f for f in FIELDS if f not in ("is", "has", "body"))]
        folded = typed.casefold()
        same = [c for c in candidates if c.casefold() == folded and c != typed]
        by_fold: dict[str, str] = {}
        for candidate in candidates:
            by_fold.setdefault(candidate.casefold(), candidate)
        near = difflib.get_close_matches(folded, list(by_fold), n=_CLOSE, cutoff=_CUTOFF)
        close = [*same, *(by_fold[n] for n in near)]
        return tuple(dict.fromkeys(close))[:_CLOSE]


def _walk(nodes: Iterable[CategoryNode]) -> Iterator[CategoryNode]:
    """Every node of the tree, parents before their children (a loop, not
    recursion: a category path may be deep)."""
    stack = list(nodes)[::-1]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))
