"""The pending edits of one article: the metadata diff beside the form and
the whole edit (:class:`ArticleEdit`) with the Raw tab's text.  No Qt here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.core.article.model import Article, ArticleError
from reader.core.article.patch import patch_metadata, same_value
from reader.core.article.split import decode, file_lines, split
from reader.core.common.sequences import unified_lines
from reader.core.edit.fields import ValueError_
from reader.core.edit.merge3 import (
    MINE,
    MISSING,
    KeyMerge,
    MergePlan,
    alike,
    merge_text,
    merge_value,
    plan_merge,
)
from reader.core.edit.source import _with_front_text, front_text_error, front_view

__all__ = [
    "ArticleEdit",
    "ConflictDiffs",
    "MetadataDiff",
    "conflict_diffs",
    "unified_diff",
]


_MISSING = object()


@dataclass
class MetadataDiff:
    """Pending front-matter changes for one article.

    ``set_value`` and ``remove`` record edits; ``value`` gives what the form
    shows; ``new_bytes`` gives the file as it would be saved.  Setting a key
    back to its original value drops the change, so an article edited back
    to where it started is not modified and is never rewritten.
    """

    article: Article
    changes: dict[str, Any] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    @property
    def original(self) -> dict[str, Any]:
        return self.article.metadata

    def keys(self) -> list[str]:
        """The keys in form order: the file's keys, then new ones."""
        keys = [k for k in self.original if k not in self.removed]
        keys += [k for k in self.changes if k not in self.original]
        return keys

    def __contains__(self, key: object) -> bool:
        return key in self.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def value(self, key: str, default: Any = None) -> Any:
        if key in self.changes:
            return self.changes[key]
        if key in self.removed:
            return default
        return self.original.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        if key in self.removed:
            self.removed.remove(key)
        if key in self.original and same_value(self.original[key], value):
            self.changes.pop(key, None)
        else:
            self.changes[key] = value

    def remove(self, key: str) -> None:
        self.changes.pop(key, None)
        if key in self.original and key not in self.removed:
            self.removed.append(key)

    def revert(self, key: str | None = None) -> None:
        if key is None:
            self.changes.clear()
            self.removed.clear()
            return
        self.changes.pop(key, None)
        if key in self.removed:
            self.removed.remove(key)

    def is_modified(self, key: str | None = None) -> bool:
        if key is None:
            return bool(self.changes or self.removed)
        return key in self.changes or key in self.removed

    def status(self, key: str) -> str:
        """``added``, ``changed``, ``removed`` or ``unchanged`` (for the form's markers)."""
        if key in self.removed:
            return "removed"
        if key in self.changes:
            return "changed" if key in self.original else "added"
        return "unchanged"

    def new_bytes(self) -> bytes:
        """The file with the changes applied (``article.raw`` when there are none)."""
        return patch_metadata(self.article, self.changes, self.removed)

    def diff_text(self) -> str:
        return unified_diff(self.article.raw, self.new_bytes(), self.article.display_path)

    def rebase(self, article: Article) -> MetadataDiff:
        """The same edits on a newer version of the file ("keep mine")."""
        rebased = MetadataDiff(article)
        for key, value in self.changes.items():
            # their changes to the other parts of a value I changed stay
            # (seo.keywords theirs, seo.robots mine: both)
            before = self.original.get(key, MISSING)
            merged = merge_value(before, value, article.metadata.get(key, MISSING))
            if merged is MISSING:
                rebased.remove(key)
            else:
                rebased.set_value(key, merged)
        for key in self.removed:
            if key in article.metadata:
                rebased.remove(key)
        return rebased


def unified_diff(old: bytes, new: bytes, name: str) -> str:
    """A unified diff of two versions of a file (empty when they are equal),
    headed ``a/NAME`` and ``b/NAME`` as git heads a relative path; an
    absolute one is named as it is (as ``diff -u`` does)."""
    if old == new:
        return ""
    absolute = os.path.isabs(name)
    lines = unified_lines(
        file_lines(decode(old)),
        file_lines(decode(new)),
        name if absolute else f"a/{name}",
        name if absolute else f"b/{name}",
    )
    no_newline = "\n\\ No newline at end of file\n"
    text = "".join(line if line.endswith(("\n", "\r")) else line + no_newline for line in lines)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class ConflictDiffs:
    """The three views of a conflict (a file changed on disk under unsaved
    edits), each a unified diff: ``theirs`` the other program's change to
    the version the edits started from, ``mine`` the edits against that same
    version, and ``merged`` what Keep Mine would write, against the file now
    on disk (``None``: the edits cannot be applied to it; ``problem`` says why)."""

    theirs: str
    mine: str
    merged: str | None
    problem: str | None = None


def conflict_diffs(
    base: bytes, theirs: bytes, mine: bytes, merged: bytes | None, name: str, problem: str = ""
) -> ConflictDiffs:
    """:class:`ConflictDiffs` of the version read (``base``), the one on disk
    now (``theirs``), the edits on ``base`` (``mine``) and on ``theirs``
    (``merged``, what Keep Mine writes; None when they do not apply)."""
    return ConflictDiffs(
        theirs=unified_diff(base, theirs, name),
        mine=unified_diff(base, mine, name),
        merged=None if merged is None else unified_diff(theirs, merged, name),
        problem=problem or None,
    )


class ArticleEdit:
    """Everything pending for one open article.

    ``original`` is the file as read (what a save is checked against and what
    every Raw-tab text is applied to).  ``raw_text`` is the Raw tab's text
    once something was typed there: while the person types in the Raw tab it
    is the single source of truth for the front matter, and ``base`` is
    ``original`` with exactly that text as its front matter (``original``
    itself when that changes no byte).  The form's :class:`MetadataDiff`
    holds the Fields tab's edits on top of ``base``.
    """

    def __init__(self, original: Article):
        self.original = original
        self.raw_text: str | None = None
        self.diff = MetadataDiff(original)

    @property
    def base(self) -> Article:
        return self.diff.article

    @property
    def editable(self) -> bool:
        """Whether the form can edit keys (the front matter parses)."""
        return not self.base.has_errors

    def status(self, key: str) -> str:
        """``added``, ``changed``, ``removed`` or ``unchanged`` against the
        file as read (the form's markers), the Raw tab's edits counted too:
        the Fields tab's diff alone compares with ``base``, which after an
        edit of the Raw tab (Undo Save is one) holds that edit already."""
        if self.base is self.original:
            return self.diff.status(key)
        before = self.original.metadata
        if key in self.diff.removed or key not in self.diff:
            return "removed" if key in before else "unchanged"
        if key not in before:
            return "added"
        return "unchanged" if same_value(before[key], self.diff.value(key)) else "changed"

    def front_text(self) -> str:
        """The Raw tab's text: what was typed there, else the front matter as
        it would be saved (with ``\\n`` line ends)."""
        if self.raw_text is not None and not self.diff.is_modified():
            return self.raw_text
        if self.base.has_errors or not self.diff.is_modified():
            return front_view(self.base.parts.front)
        return front_view(split(decode(self.new_bytes())).front)

    def front_text_error(self, front_text: str) -> ValueError_ | None:
        """Why :meth:`set_front_text` would refuse ``front_text`` (None: it would not)."""
        return front_text_error(self.original, front_text)

    def set_front_text(self, front_text: str) -> None:
        """Take the Raw tab's text as the whole front matter, applied to the
        original file (the Fields tab's edits are part of the text already);
        raises :class:`ArticleError` when it cannot be saved, changing nothing."""
        if front_text == self.front_text():
            return
        new = _with_front_text(self.original, front_text)
        self.raw_text = front_text
        self.diff = MetadataDiff(self.original if new is None else new)

    def new_bytes(self) -> bytes:
        return self.diff.new_bytes() if self.diff.is_modified() else self.base.raw

    def is_modified(self) -> bool:
        return self.base is not self.original or self.diff.is_modified()

    def has_changes(self) -> bool:
        """Whether saving would write anything."""
        try:
            return self.new_bytes() != self.original.raw
        except ArticleError:
            return True

    def diff_text(self, name: str | None = None) -> str:
        """The pending changes as a unified diff; ``name`` is the file's name in
        the headers (the library-relative path; the file's path by default)."""
        return unified_diff(self.original.raw, self.new_bytes(), name or self.original.display_path)

    def snapshot(self) -> tuple:
        """The whole editing state, for undo and redo."""
        return (self.diff.article, dict(self.diff.changes), list(self.diff.removed), self.raw_text)

    def restore(self, state: tuple) -> None:
        base, changes, removed, raw_text = state
        self.diff = MetadataDiff(base, dict(changes), list(removed))
        self.raw_text = raw_text

    def revert(self) -> None:
        """Drop every edit: the file as read."""
        self.restore((self.original, {}, [], None))

    def rebase(self, article: Article) -> ArticleEdit:
        """The same edits on a newer version of the file ("keep mine"); raises
        :class:`ArticleError` when the Raw tab's text cannot be applied to it."""
        edit = ArticleEdit(article)
        if self.raw_text is not None and (self.is_modified() or article.raw == self.original.raw):
            # The text typed is merged line by line with the other program's
            # change (lines it changed that were not typed over come in;
            # where both changed the same lines, the typed ones win), so
            # Keep Mine does not take back changes to other keys.
            mine = self.front_text()
            if article.raw == self.original.raw:
                edit.set_front_text(mine)
                return edit
            base, theirs = front_view(self.original.parts.front), front_view(article.parts.front)
            plan = self._key_plan(article)
            try:
                edit.set_front_text(merge_text(base, mine, theirs).pick(MINE))
            except ArticleError:
                pass
            else:
                if plan is None or _reads_as(edit.base.metadata, plan.keys):
                    return edit
            # The lines merged do not parse, or read as values neither side
            # gave (a line typed under a key they removed): merged key by key.
            if plan is None:
                # a side that does not read has no keys to keep: all of the typed text
                edit = ArticleEdit(article)
                edit.set_front_text(mine)
                return edit
            return _merged_by_key(article, plan)
        edit.diff = self.diff.rebase(article)
        return edit

    def _key_plan(self, article: Article) -> MergePlan | None:
        """This edit's keys and ``article``'s against the file as read (None
        when one of the three versions has an error: no key is sure)."""
        if self.original.has_errors or article.has_errors:
            return None
        try:
            plan = plan_merge(self.original.raw, self.new_bytes(), article.raw, article.path)
        except ArticleError:
            return None
        return None if plan.mine.has_errors else plan

    def carry_typed_text(self, typed: str, newer: ArticleEdit, labels: tuple[str, str]) -> str:
        """Raw text ``typed`` on this edit that does not parse (so it is in no
        edit) carried to ``newer``, this edit rebased on a newer file: the
        lines the other program changed that were not typed over come in.
        Where both changed the same lines, both versions stay between
        conflict markers (``labels``: this side's, the file's), so the text
        still does not parse until one is picked by hand.

        The text was typed on the file as it was read (``original``), and is
        merged with the file now (``newer.original``): merged with this
        edit and its rebase instead, a line typed over their change that
        once parsed (the last text that did, which the rebase gave mine
        over theirs) took their change away without a marker."""
        before = front_view(self.original.parts.front)
        after = front_view(newer.original.parts.front)
        if before == after:
            return typed
        return merge_text(before, typed, after).text(*labels)


def _kept(key: KeyMerge) -> Any:
    """What Keep Mine gives ``key``: theirs when only they changed it, else
    mine, with their changes to the other parts of it (see merge_value)."""
    return merge_value(key.base, key.mine, key.theirs)


def _reads_as(metadata: dict[str, Any], keys: tuple[KeyMerge, ...]) -> bool:
    """Whether ``metadata`` (the lines merged) holds what Keep Mine gives
    each key (see :func:`_kept`: a key both changed holds their changes to
    its other parts too; a line merge that took mine whole lost them)."""
    names = {key.key for key in keys}
    if any(name not in names for name in metadata):
        return False
    return all(alike(metadata.get(key.key, MISSING), _kept(key)) for key in keys)


def _merged_by_key(article: Article, plan: MergePlan) -> ArticleEdit:
    """Keep Mine key by key: the keys only they changed take their value,
    the keys I changed (alone, or both: a clash, which mine wins) mine.
    Written losslessly onto ``article`` (their file: only the keys I changed
    are rewritten), else onto my text (only the keys they changed are
    rewritten).  Raises :class:`ArticleError` when neither can be written:
    their change is never dropped without a word."""
    edit = ArticleEdit(article)
    for key in plan.keys:
        value = _kept(key)
        if alike(value, key.theirs):
            continue
        if value is MISSING:
            edit.diff.remove(key.key)
        else:
            edit.diff.set_value(key.key, value)
    try:
        edit.new_bytes()
        return edit
    except ArticleError as exc:
        problem = exc.message
    try:
        mine = plan.result({key.key: MINE for key in plan.keys if key.conflict})
        edit = ArticleEdit(article)
        edit.set_front_text(front_view(split(decode(mine)).front))
    except ArticleError:
        pass
    else:
        if _reads_as(edit.base.metadata, plan.keys):
            return edit
    raise ArticleError(
        "your Raw text and the other program's change to the same lines cannot be "
        f"merged key by key ({problem})",
        article.display_path,
    )
