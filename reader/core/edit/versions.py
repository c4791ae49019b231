"""Two versions of an article compared part by part: the front matter and
the body each get their own unified diff (the history view).  No Qt here."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.article.split import file_lines, split
from reader.core.common.sequences import unified_lines

__all__ = ["VersionDiff", "version_diff"]


@dataclass(frozen=True, slots=True)
class VersionDiff:
    front_matter: str  # a unified diff, "" when the front matter is the same
    body: str

    @property
    def same(self) -> bool:
        return not self.front_matter and not self.body


def _diff(old: str, new: str, old_name: str, new_name: str) -> str:
    if old == new:
        return ""
    lines = unified_lines(file_lines(old), file_lines(new), old_name, new_name)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


def version_diff(old: bytes, new: bytes, old_name: str = "a", new_name: str = "b") -> VersionDiff:
    """How ``new`` differs from ``old``: the front matter (with its
    delimiters) and the body separately."""
    before, after = split(old), split(new)
    front_before = before.bom + before.lead + before.opener + before.front + before.closer
    front_after = after.bom + after.lead + after.opener + after.front + after.closer
    return VersionDiff(
        _diff(front_before, front_after, old_name, new_name),
        _diff(before.body, after.body, old_name, new_name),
    )
