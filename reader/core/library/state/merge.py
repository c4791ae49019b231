"""Merging the changes of every device: per article and per field, the
change with the highest ``(t, dev)`` wins.  The merge is a maximum, so it
does not matter in which order logs (or their lines) arrive, how often a
line is seen, or whether a log was compacted meanwhile.  No Qt here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.core.library.state.log import Change

__all__ = ["Cell", "Merged"]

Cell = tuple[int, str, Any]
"""A field's winning change: (t, dev, value)."""


class Merged:
    """The merged state: ``cells[path][field] = (t, dev, value)`` and the
    latest known fingerprint of each path."""

    __slots__ = ("cells", "fps", "max_t")

    def __init__(self) -> None:
        self.cells: dict[str, dict[str, Cell]] = {}
        self.fps: dict[str, tuple[int, str]] = {}
        self.max_t = 0

    def apply(self, changes: Iterable[Change]) -> set[str]:
        """Take in ``changes``; returns the paths whose state changed."""
        cells = self.cells
        fps = self.fps
        changed: set[str] = set()
        max_t = self.max_t
        for t, dev, path, fp, field, value in changes:
            if t > max_t:
                max_t = t
            row = cells.get(path)
            if row is None:
                row = cells[path] = {}
            old = row.get(field)
            if old is None or (t, dev) > (old[0], old[1]):
                if old is None or old[2] != value or type(old[2]) is not type(value):
                    changed.add(path)
                row[field] = (t, dev, value)
            if fp is not None:
                known = fps.get(path)
                if known is None or t > known[0]:
                    fps[path] = (t, fp)
        self.max_t = max_t
        return changed

    def value(self, path: str, field: str) -> Any:
        row = self.cells.get(path)
        if row is None:
            return None
        cell = row.get(field)
        return None if cell is None else cell[2]
