"""Merging the changes of every device: per article and per field, the
change with the highest ``(t, dev)`` wins (and of two with the same, the
one whose value's JSON text is the larger).  The merge is a maximum, so it
does not matter in which order logs (or their lines) arrive, how often a
line is seen, or whether a log was compacted meanwhile.  No Qt here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from reader.core.library.state.log import FIELDS, Change, value_rank

__all__ = ["Cell", "Merged"]

Cell = tuple[int, str, Any]
"""A field's winning change: (t, dev, value)."""


class Merged:
    """The merged state, one table per field: ``fields[field][path] = (t,
    dev, value)``, and the latest known fingerprint of each path
    (``fps[path] = (t, fp)``).  Few, flat containers: quick to snapshot and
    to load."""

    __slots__ = ("fields", "fps", "max_t")

    def __init__(self, fields: Sequence[str] = FIELDS) -> None:
        # ``fields``: the reading state's by default; saved searches merge
        # their own (a search's id in the ``path`` place).
        self.fields: dict[str, dict[str, Cell]] = {field: {} for field in fields}
        self.fps: dict[str, tuple[int, str]] = {}
        self.max_t = 0

    def apply(self, changes: Iterable[Change]) -> set[str]:
        """Take in ``changes``; returns the paths whose state changed."""
        tables = self.fields
        fps = self.fps
        changed: set[str] = set()
        max_t = self.max_t
        for t, dev, path, fp, field, value in changes:
            if t > max_t:
                max_t = t
            table = tables[field]
            old = table.get(path)
            if old is None:
                changed.add(path)
                table[path] = (t, dev, value)
            elif t > old[0] or (t == old[0] and dev > old[1]):
                if old[2] != value or type(old[2]) is not type(value):
                    changed.add(path)
                table[path] = (t, dev, value)
            elif (
                t == old[0]
                and dev == old[1]
                and (old[2] != value or type(old[2]) is not type(value))
                and value_rank(value) > value_rank(old[2])
            ):
                # Two processes of one device (the window and a command)
                # can stamp one change time each with another value: the
                # one kept must not depend on which line came first (each
                # kept its own, for good), so the larger value wins.
                changed.add(path)
                table[path] = (t, dev, value)
            if fp is not None:
                known = fps.get(path)
                if known is None or t > known[0]:
                    fps[path] = (t, fp)
        self.max_t = max_t
        return changed

    def value(self, path: str, field: str) -> Any:
        cell = self.fields[field].get(path)
        return None if cell is None else cell[2]

    def row(self, path: str) -> dict[str, Cell]:
        """Every field of ``path`` that has a change."""
        return {field: table[path] for field, table in self.fields.items() if path in table}

    def paths(self) -> set[str]:
        """Every path with any change."""
        out: set[str] = set()
        for table in self.fields.values():
            out.update(table)
        return out

    def cells(self) -> Iterator[tuple[str, str, Cell]]:
        """Every (path, field, cell)."""
        for field, table in self.fields.items():
            for path, cell in table.items():
                yield path, field, cell
