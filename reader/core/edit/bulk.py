"""Bulk edits across a library: rename, merge or move a category path, rename
or merge a tag; plan (with diffs) → apply (journaled) → undo.  No Qt here.

**Category semantics.**  Categories are paths from the root
(``金融/证券时报网``).  Renaming ``OLD`` to ``NEW`` replaces the prefix ``OLD``
of every category path that starts with ``OLD`` (level by level, not as
text): with ``金融/银行`` → ``财经/银行`` the path ``金融/银行/零售`` becomes
``财经/银行/零售`` and ``金融/银行业`` is untouched.  When an article ends up
with the same path twice the copies merge, so renaming onto an existing
category merges the two; moving under another category is the same
operation (``金融/银行`` → ``财经/金融/银行``).

**Shapes.**  The new value keeps Hexo's shape: a single category stays a
string when it is still one level (a list otherwise), a flat list stays a
flat list (one hierarchy), a list of lists stays a list of lists.  Tags stay
a string or a list; renaming onto a tag the article already has merges them.

**Safety.**  Each file is re-read before it is written and skipped (and
reported) if it changed since the plan was made or does not parse; the write
itself is atomic and conflict-checked (:func:`reader.core.article.storage.save_article`).
The journal keeps each rewritten file's previous bytes so that
:func:`undo_last` can restore the whole operation; undo skips (and reports)
files changed since, and never writes through a symbolic link to outside
the library (:func:`leads_outside`, the check every write takes).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.article.boundary import within
from reader.core.article.codec import load_article
from reader.core.article.limits import MAX_ARTICLE_BYTES
from reader.core.article.model import Article, ArticleError
from reader.core.article.patch import patch_metadata
from reader.core.article.storage import FileChangedError, save_article
from reader.core.article.taxonomy import format_category_path, name_text
from reader.core.common.tasks import Cancel, Progress
from reader.core.edit.diff import unified_diff
from reader.core.edit.journal import REMOVED, Journal, JournalEntry, sha256

__all__ = [
    "OUTSIDE_LINK",
    "BulkPlan",
    "BulkResult",
    "PlanItem",
    "UndoResult",
    "apply_plan",
    "leads_outside",
    "missing_folders",
    "plan_edit",
    "remove_empty_folders",
    "rename_category_value",
    "rename_tag_value",
    "undo_last",
]


OUTSIDE_LINK = "a symbolic link to outside the library"
"""Why a file :func:`leads_outside` names is not written (as the scan says it)."""


def leads_outside(root: str | os.PathLike, path: str | os.PathLike) -> bool:
    """Whether a write to ``path`` (below the library folder ``root``) would
    land outside the library through a symbolic link: ``path``, or the
    nearest of its folders that exists, resolves (links followed) outside
    ``root`` (a link loop counts as outside).  The check every write takes
    (:meth:`reader.core.library.facade.Library._inside`, undo)."""
    top = Path(root)
    probe = Path(path)
    while not os.path.lexists(probe) and probe != top and probe != probe.parent:
        probe = probe.parent
    return not within(probe, top.resolve())


# -- value transforms ------------------------------------------------------------------


def _names(names: Sequence[Any], what: str) -> tuple[str, ...]:
    """Names normalised the way front matter is read (stripped; numbers and
    dates as text), so that "a" and " a " are one name; case stays."""
    normalised = tuple(name_text(name) or "" for name in names)
    if not normalised or not all(normalised):
        raise ValueError(f"{what} must not be empty")
    return normalised


def _unprintable(name: str) -> bool:
    """Whether ``name`` holds a control character (a line break, a tab, NUL)."""
    return any(unicodedata.category(char) == "Cc" for char in name)


def _renamed_levels(items: list, old: tuple[str, ...], new: tuple[str, ...]) -> list[Any] | None:
    """One hierarchy (its elements as written) with the prefix ``old``
    replaced by ``new``, or None when it does not start with ``old``.  The
    leading levels that ``old`` and ``new`` share stay as written (their
    spelling, nulls between them), and so does everything after the prefix."""
    positions = [i for i, item in enumerate(items) if name_text(item)]
    names = tuple(name_text(items[i]) for i in positions)
    if names[: len(old)] != old:
        return None
    common = 0
    while common < min(len(old), len(new)) and old[common] == new[common]:
        common += 1
    head = items[: positions[common]] if common < len(old) else items[: positions[len(old) - 1] + 1]
    return [*head, *new[common:], *items[positions[len(old) - 1] + 1 :]]


def rename_category_value(value: Any, old: Sequence[str], new: Sequence[str]) -> tuple[Any, bool]:
    """The ``categories`` value with the prefix ``old`` replaced by ``new``,
    in the same shape; and whether anything changed.

    Names compare as front matter reads them (stripped); renaming a path onto
    itself changes nothing.  Levels the rename does not touch keep their
    spelling, so that the file changes only where the category does."""
    old_t, new_t = _names(old, "category paths"), _names(new, "category paths")
    if value is None or old_t == new_t:
        return value, False
    if not isinstance(value, list):
        name = name_text(value)
        if name is None or (name,)[: len(old_t)] != old_t:
            return value, False
        return (new_t[0] if len(new_t) == 1 else list(new_t)), True
    if not any(isinstance(item, list) for item in value):
        renamed = _renamed_levels(value, old_t, new_t)
        return (value, False) if renamed is None else (renamed, True)
    # Several hierarchies, each a list or a single name.
    result: list[Any] = []
    seen: list[tuple[str, ...]] = []
    changed = False
    for item in value:
        levels = item if isinstance(item, list) else [item]
        renamed = _renamed_levels(levels, old_t, new_t)
        if renamed is not None:
            changed = True
            levels = renamed
            item = renamed if isinstance(item, list) or len(renamed) > 1 else renamed[0]
        path = tuple(text for text in (name_text(i) for i in levels) if text)
        if path and path in seen:
            changed = True  # merged into an earlier copy
            continue
        if path:
            seen.append(path)
        result.append(item)
    return (result if changed else value), changed


def rename_tag_value(value: Any, old: str, new: str) -> tuple[Any, bool]:
    """The ``tags`` value with ``old`` renamed to (or merged into) ``new``.

    Names compare as front matter reads them (stripped); renaming a tag onto
    itself changes nothing (it would otherwise merge the tag into itself)."""
    (old,), (new,) = _names([old], "tag names"), _names([new], "tag names")
    if value is None or old == new:
        return value, False
    if not isinstance(value, list):
        return (new, True) if name_text(value) == old else (value, False)
    if not any(name_text(i) == old for i in _flatten(value)):
        return value, False
    present = {name_text(i) for i in _flatten(value)}
    return _rename_in_list(value, old, new, new in present, [False]), True


def _flatten(items: list) -> list:
    out = []
    for item in items:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _rename_in_list(
    items: list[Any], old: str, new: str, new_present: bool, placed: list[bool]
) -> list[Any]:
    result: list[Any] = []
    for item in items:
        if isinstance(item, list):
            result.append(_rename_in_list(item, old, new, new_present, placed))
        elif name_text(item) == old:
            if new_present or placed[0]:
                continue  # merge: the article has the new tag already
            placed[0] = True
            result.append(new)
        else:
            result.append(item)
    return result


# -- plans -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanItem:
    path: str  # relative posix path
    key: str  # the front-matter key changed
    old_value: Any
    new_value: Any
    base_sha: str  # the bytes the plan was made from
    new_raw: bytes
    diff: str


@dataclass(slots=True)
class BulkPlan:
    """What a bulk edit will do: ``items`` to change, ``skipped`` (path, reason)."""

    kind: str  # "category" or "tag"
    old: tuple[str, ...]
    new: tuple[str, ...]
    items: list[PlanItem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def same_names(self) -> bool:
        """Old and new are one name once normalised ("a" and " a "): there is
        nothing to do, and nothing was planned."""
        return self.old == self.new

    @property
    def old_text(self) -> str:
        """The old name as it is typed (a category path with ``/`` escaped)."""
        return self._typed(self.old)

    @property
    def new_text(self) -> str:
        return self._typed(self.new)

    def _typed(self, names: tuple[str, ...]) -> str:
        return format_category_path(names) if self.kind == "category" else names[0]

    @property
    def description(self) -> str:
        return f"rename {self.kind} {self.old_text} → {self.new_text}"

    def diff(self) -> str:
        return "".join(item.diff for item in self.items)


@dataclass(slots=True)
class BulkResult:
    changed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # could not write
    cancelled: bool = False
    operation_id: int | None = None
    stopped: str | None = None  # why the edit stopped early: the journal's error


@dataclass(slots=True)
class UndoResult:
    """What an undo did: ``restored`` names every path written or moved
    (a file moved back is there under both names, where it was and where it
    is again); ``moved_back`` is ``(from, to)`` of each move undone."""

    description: str | None = None
    restored: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    moved_back: list[tuple[str, str]] = field(default_factory=list)
    folders_back: int = 0  # of the moves undone, those of a folder (a post's assets)
    #: files the edit never reached (stopped before it wrote them): they
    #: held the bytes from before it already
    untouched: int = 0

    @property
    def count(self) -> int:
        """How many files the undo put back: a file moved back counts once,
        not under both of its names, and a post's asset folder moved back
        with it not at all (as the edit it undoes counted them)."""
        return len(self.restored) - len(self.moved_back) - self.folders_back

    @property
    def changed_nothing(self) -> bool:
        """The edit undone had changed no file at all (it was stopped
        before its first write): nothing was put back, skipped or failed."""
        return (
            self.description is not None
            and self.untouched > 0
            and not (self.restored or self.skipped or self.failed)
        )


def _edit_of(
    kind: str, article: Article, old: tuple[str, ...], new: tuple[str, ...]
) -> tuple[str, Any, bool]:
    if kind == "category":
        key = "categories" if "categories" in article.metadata else "category"
        value, changed = rename_category_value(article.metadata.get(key), old, new)
    elif kind == "tag":
        key = "tags" if "tags" in article.metadata else "tag"
        value, changed = rename_tag_value(article.metadata.get(key), old[0], new[0])
    else:
        raise ValueError(f"unknown bulk edit {kind!r}")
    return key, value, changed


def plan_edit(
    root: str,
    kind: str,
    old: Sequence[str],
    new: Sequence[str],
    candidates: list[str],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> BulkPlan:
    """Plan a bulk edit over ``candidates`` (relative paths, from the index).
    Nothing is written.

    Names are normalised first (stripped, as front matter is read); when old
    and new are then the same, the plan is empty and says so
    (:attr:`BulkPlan.same_names`) without reading a file."""
    if kind not in ("category", "tag"):
        raise ValueError(f"unknown bulk edit {kind!r}")
    what = "category paths" if kind == "category" else "tag names"
    plan = BulkPlan(kind, _names(old, what), _names(new, what))
    if any(_unprintable(name) for name in plan.new):
        # (a line break or a tab in a tag went into every file renamed, and
        # showed as a name no one could type back in the tree or the list)
        raise ValueError(f"new {what} must not hold control characters (a line break, a tab)")
    if kind == "tag" and (len(plan.old) != 1 or len(plan.new) != 1):
        raise ValueError("a tag is one name")
    if plan.same_names:
        return plan
    total = len(candidates)
    for done, rel in enumerate(candidates, 1):
        if cancel is not None and cancel():
            break
        if progress is not None:
            progress(done, total, rel)
        try:
            article = load_article(os.path.join(root, rel))
        except ArticleError as exc:
            plan.skipped.append((rel, exc.at_line))
            continue
        if article.has_errors:
            first = article.errors[0]
            where = f"line {first.line}: " if first.line else ""
            plan.skipped.append((rel, f"does not parse ({where}{first.message})"))
            continue
        key, value, changed = _edit_of(kind, article, plan.old, plan.new)
        if not changed:
            continue
        try:
            new_raw = patch_metadata(article, {key: value})
        except ArticleError as exc:
            plan.skipped.append((rel, exc.at_line))
            continue
        if new_raw == article.raw:
            continue
        plan.items.append(
            PlanItem(
                rel,
                key,
                article.metadata.get(key),
                value,
                sha256(article.raw),
                new_raw,
                unified_diff(article.raw, new_raw, rel),
            )
        )
    return plan


def apply_plan(
    root: str,
    plan: BulkPlan,
    journal: Journal,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> BulkResult:
    """Write a plan file by file, journaling each file before it is written.

    When the journal cannot be written the edit stops there: the files not
    written are in ``failed``, with the journal's error as the reason."""
    result = BulkResult()
    if not plan.items:
        return result
    op_id = journal.begin(plan.description)
    result.operation_id = op_id
    total = len(plan.items)
    try:
        for done, item in enumerate(plan.items, 1):
            if cancel is not None and cancel():
                result.cancelled = True
                break
            if progress is not None:
                progress(done, total, item.path)
            if leads_outside(root, os.path.join(root, item.path)):
                # (a folder moved elsewhere and linked back after the plan:
                # never written through, as no other write is)
                result.skipped.append((item.path, OUTSIDE_LINK))
                continue
            try:
                article = load_article(os.path.join(root, item.path))
            except ArticleError as exc:
                result.skipped.append((item.path, exc.at_line))
                continue
            if sha256(article.raw) != item.base_sha:
                result.skipped.append((item.path, "changed on disk since the plan was made"))
                continue
            try:
                journal.record(op_id, item.path, article.raw, item.new_raw)
            except ArticleError as exc:
                # The journal cannot take another entry (a full disk, a cache
                # gone read-only): no file may be written that undo could
                # not restore.  The files written so far stay written (and
                # undoable); this one and the rest are reported, not lost
                # in an exception.
                result.stopped = str(exc)
                reason = f"not changed: {exc}"
                result.failed.extend((rest.path, reason) for rest in plan.items[done - 1 :])
                break
            try:
                saved = save_article(article, item.new_raw)
            except FileChangedError as exc:
                journal.forget(op_id, item.path)
                result.skipped.append((item.path, exc.at_line))
                continue
            except ArticleError as exc:
                journal.forget(op_id, item.path)
                result.failed.append((item.path, exc.at_line))
                continue
            if saved:
                result.changed.append(item.path)
            else:
                journal.forget(op_id, item.path)
    finally:
        try:
            journal.finish(op_id)
        except ArticleError:
            if result.stopped is None:
                raise
            # (the journal failed already: its error is in ``failed``)
    if not result.changed:
        result.operation_id = None
    return result


def _undo_moves(root: str, moves: list[tuple[str, str]], result: UndoResult) -> None:
    """Move files (and post asset folders) back, last move first.  A move
    that never happened (nothing at its new path, the old path still there)
    is passed over; a place taken since is reported, never overwritten."""
    from reader.core.article.storage import drop_second_name, move_article

    held = {path for path, _ in result.skipped + result.failed}
    # a post's asset folder (its name without the extension) stays with it
    held_folders = {path.rpartition(".")[0]: path for path in held if "." in path}
    # (the folder goes back first, last moved: a post its old name blocks stays)
    posts = {new.rpartition(".")[0]: (old, new) for old, new in moves if "." in new}
    # the moves of folders: a post's asset folder, moved with it (its name
    # without the extension); every other move was a file's
    asset_folders = {new for _old, new in moves if new in posts}
    for stem, (old, new) in posts.items():
        if _taken_again(root, old, new):
            held_folders.setdefault(stem, new)
    for old, new in reversed(moves):
        if new in held:
            continue  # its bytes changed since: it stays where it is
        if new in held_folders:
            # moved back alone, the post kept where it is lost its images
            post = held_folders[new]
            why = f"the asset folder of {post}, kept with it; not moved back"
            result.skipped.append((new, why))
            continue
        source = os.path.join(root, *new.split("/"))
        target = os.path.join(root, *old.split("/"))
        if leads_outside(root, source):  # moved back, it would take in a file from outside
            result.skipped.append((new, f"{OUTSIDE_LINK}; not moved back to {old}"))
            continue
        if leads_outside(root, target):  # moved back, it would leave the library
            result.skipped.append((old, f"{OUTSIDE_LINK}; {new} not moved back"))
            continue
        if not os.path.lexists(source):
            if not os.path.lexists(target):
                result.skipped.append((new, "gone since the edit; not moved back"))
            continue
        if os.path.lexists(target):
            try:
                # a move killed between its link and its unlink: one file, two names
                halfway = drop_second_name(source, target)
            except ArticleError as exc:
                result.failed.append((new, exc.message))
                continue
            if halfway:
                if new in result.restored:
                    result.restored.remove(new)
                result.restored.extend([new, old])
                result.moved_back.append((new, old))
            else:
                result.skipped.append((new, f"{old} exists again; not moved back"))
            continue
        folder = os.path.isdir(source) and not os.path.islink(source)
        if folder and new not in asset_folders:
            # a file's move, and a folder at its new name since (another
            # program's): left where it is, never moved in its place
            result.skipped.append((new, "not a file since the edit; not moved back"))
            continue
        try:
            if folder:
                os.rename(source, target)
            else:
                move_article(source, target)
        except (OSError, ArticleError) as exc:
            message = exc.message if isinstance(exc, ArticleError) else str(exc)
            result.failed.append((new, message))
            continue
        if new in result.restored:
            result.restored.remove(new)
        result.restored.extend([new, old])
        result.moved_back.append((new, old))
        result.folders_back += folder


def _taken_again(root: str, old: str, new: str) -> bool:
    """Whether the move of ``old`` to ``new`` cannot be taken back: a file
    is at each name, and not one file with two (a move killed halfway)."""
    source = os.path.join(root, *new.split("/"))
    target = os.path.join(root, *old.split("/"))
    try:
        return not os.path.samestat(os.lstat(source), os.lstat(target))
    except OSError:
        return False


def _gone_or_replaced(path: str) -> bool:
    """Whether the file an undo cannot read is gone for good (deleted, moved
    away, replaced by a folder, a FIFO, a link to nothing, one grown past
    what an article may hold) rather than unreadable for now (its mode or
    its folder's, an I/O error), which an undo run again may get past."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ARTICLE_BYTES


def missing_folders(root: str, rel: str) -> list[str]:
    """The folders above ``rel`` (relative to ``root``) that are not there
    yet, as relative paths, deepest first: those a move to ``rel`` creates
    (journaled, so that its undo removes them once empty again)."""
    parts = rel.split("/")[:-1]
    missing: list[str] = []
    for end in range(len(parts), 0, -1):
        if os.path.lexists(os.path.join(root, *parts[:end])):
            break
        missing.append("/".join(parts[:end]))
    return missing


def remove_empty_folders(root: str, folders: list[str]) -> list[str]:
    """Remove those of ``folders`` (relative to ``root``) that are empty,
    deepest first; the ones removed.  ``rmdir`` removes only an empty
    folder, so one that holds anything (a file added since, a hidden one)
    stays; so does one reached through a link (its real place is not the
    one journaled) and one that is a link."""
    real_root = os.path.realpath(root)
    removed = []
    for folder in sorted(set(folders), key=lambda f: (-f.count("/"), f)):
        parts = folder.split("/")
        if not folder or any(part in ("", ".", "..") for part in parts):
            continue
        path = os.path.join(root, *parts)
        if os.path.islink(path) or os.path.realpath(path) != os.path.join(real_root, *parts):
            continue
        try:
            os.rmdir(path)
        except OSError:  # not empty, gone already, not a folder, not ours to remove
            continue
        removed.append(folder)
    return removed


def _restore_removed(
    path: str, entry: JournalEntry, result: UndoResult, identity: tuple[int, int, int] | None
) -> None:
    """Write a trashed article's bytes again at its place (an exclusive
    create under its lock), with its mode, owner and group (``identity``,
    where known): skipped when a file is there again, or the folder is
    gone; failed (undoable later) when it cannot be written."""
    from reader.core.article.storage import create_article_at
    from reader.core.common.files import what_is_at

    if not os.path.isdir(os.path.dirname(path)):
        result.skipped.append((entry.path, "its folder is gone; not restored"))
        return
    try:
        create_article_at(path, entry.old_bytes, identity)
    except FileExistsError:
        if _same_bytes(path, entry.old_bytes):
            # restored already (an undo cut short), or never trashed (the
            # trash cut short after its journal entry): nothing to do
            return
        taken = (
            f"{what_is_at(path)} is in its place again; not restored "
            "(the article is in the system trash)"
        )
        result.skipped.append((entry.path, taken))
        return
    except ArticleError as exc:  # (cannot be written now: the next undo tries again)
        result.failed.append((entry.path, exc.message))
        return
    result.restored.append(entry.path)


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        return load_article(path).raw == data
    except ArticleError:
        return False


def undo_last(root: str, journal: Journal, progress: Progress | None = None) -> UndoResult:
    """Restore the files of the most recent bulk edit not undone yet.

    A file is restored only if it still holds exactly the bytes the edit
    wrote, and is not (nor is a folder on its way) a symbolic link to outside
    the library; otherwise it is skipped and reported.  A file that cannot be
    read or written now (``failed``) keeps the operation undoable: the next
    undo tries it again, leaving the files it restored already alone."""
    op = journal.last()
    if op is None:
        return UndoResult()
    result = UndoResult(op.description)
    entries = journal.entries(op.id)
    moves = journal.moves(op.id)
    # a file whose old name is taken again stays where it is, as the edit left
    # it (a published post written back as its draft lost its date)
    blocked = {new: old for old, new in moves if _taken_again(root, old, new)}
    moved_to = {new: old for old, new in moves}
    for done, entry in enumerate(entries, 1):
        if progress is not None:
            progress(done, len(entries), entry.path)
        path = os.path.join(root, entry.path)
        if leads_outside(root, path):  # (the scan, and every other write, refuses one too)
            result.skipped.append((entry.path, f"{OUTSIDE_LINK}; not restored"))
            continue
        if sha256(entry.old_bytes) != entry.old_sha:
            # The journal's copy is damaged (a bad sector, a sync tool's
            # half copy: SQLite reads a changed blob without a word), and
            # written back it put garbage into the article.  The file keeps
            # what the edit wrote.
            where = "; it is in the system trash" if entry.new_sha == REMOVED else ""
            result.skipped.append(
                (
                    entry.path,
                    "the undo journal's copy of it is damaged (its checksum differs); "
                    f"not restored{where}",
                )
            )
            continue
        if entry.new_sha == REMOVED:  # moved to the trash: written again where it was
            _restore_removed(path, entry, result, journal.removed_identity(op.id, entry.path))
            continue
        if entry.path in blocked:
            taken = f"{blocked[entry.path]} exists again; kept as it is, not moved back"
            result.skipped.append((entry.path, taken))
            continue
        try:
            article = load_article(path)
        except ArticleError as exc:
            before = moved_to.get(entry.path)
            if (
                before is not None
                and not os.path.lexists(path)
                and _same_bytes(os.path.join(root, *before.split("/")), entry.old_bytes)
            ):
                result.untouched += 1  # stopped before its move: still where it was, as it was
                continue
            if _gone_or_replaced(path):
                result.skipped.append((entry.path, exc.message))
            else:  # (a file made unreadable, an I/O error): the next undo tries again
                result.failed.append((entry.path, exc.message))
            continue
        current = sha256(article.raw)
        if current == entry.old_sha:
            result.untouched += 1  # the edit never reached this file
            continue
        if current != entry.new_sha:
            result.skipped.append((entry.path, "changed since the edit; not restored"))
            continue
        try:
            save_article(article, entry.old_bytes)
        except ArticleError as exc:
            result.failed.append((entry.path, exc.message))
            continue
        result.restored.append(entry.path)
    _undo_moves(root, moves, result)
    if not result.failed:
        # the folders a publish's move made (Hexo's _posts/2024/05), once
        # empty again: the files are back; what is left is best effort.
        # Before the operation is marked undone: killed in between, the next
        # undo takes the same operation again (what is back already is left
        # alone) and ends it; the other way round, the folders stayed.
        with contextlib.suppress(ArticleError):
            folders = journal.folders(op.id)
            if folders:
                remove_empty_folders(root, folders)
                journal.forget_folders(op.id)
        # A file that could not be written (read-only, a full disk) keeps the
        # operation undoable: the next undo tries it again (files already
        # restored are recognised and left alone).
        journal.mark_undone(op.id)
    return result
