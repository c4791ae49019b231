"""Pending conflicts in a library and their resolution.  No Qt here.

Three kinds, one resolution view (:func:`reader.core.edit.merge3.plan_merge`):

* ``copy``: a sync tool left a conflict copy beside the article (Syncthing,
  Dropbox, Nextcloud): mine is the article, theirs the copy, the base the
  last commit when the library is in git.  Once resolved, the copy goes to
  the system trash.
* ``git``: the index holds the merge's three stages of the file.
* ``markers``: the file holds conflict markers and nothing else knows the
  sides (a stash, a sync tool that merges text): the markers give them.

Resolving is an ordinary save through the one write path, journaled so
that "Undo Last Bulk Edit" puts the conflicted file back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.core.article.conflicts import split_conflicts
from reader.core.article.model import Article, ArticleError
from reader.core.article.readfile import read_article_bytes
from reader.core.article.split import decode, encode
from reader.core.edit.merge3 import MergePlan, plan_merge
from reader.core.library.changes import ChangedArticle, changed_articles
from reader.core.library.facade import Library, LibraryError
from reader.core.library.query import Query
from reader.core.vcs.git import CONFLICTED, GitError, Repo

__all__ = [
    "COPY",
    "GIT",
    "MARKERS",
    "ConflictCase",
    "PendingConflict",
    "open_conflict",
    "pending_conflicts",
    "resolve_conflict",
]

COPY = "copy"
GIT = "git"
MARKERS = "markers"


@dataclass(frozen=True, slots=True)
class PendingConflict:
    path: str  # the article, relative to the library
    kind: str  # COPY, GIT or MARKERS
    copies: tuple[str, ...] = ()  # the sync tool's copies (COPY)


@dataclass(frozen=True, slots=True)
class ConflictCase:
    """One conflict, opened: the article as it is on disk (``current``),
    the copy being resolved (with its bytes) and the merge plan."""

    path: str
    kind: str
    current: Article
    plan: MergePlan
    copy: str | None = None
    copy_raw: bytes | None = None


def _marker_paths(library: Library) -> list[str]:
    return [
        s.path
        for s in library.query(Query(problems=True))
        if any("unresolved merge conflict" in p.message for p in s.problems)
    ]


def pending_conflicts(
    library: Library, repo: Repo | None = None, changed: Iterable[ChangedArticle] | None = None
) -> list[PendingConflict]:
    """Every pending conflict: sync-tool copies under their original, files
    git has in conflict (from ``changed``, else asked of ``repo``), and files
    with conflict markers."""
    found: dict[str, PendingConflict] = {}
    for original, copies in library.sync_conflicts().items():
        found[original] = PendingConflict(original, COPY, tuple(copies))
    if changed is None and repo is not None:
        try:
            changed = changed_articles(library.root, repo)
        except GitError:
            changed = []  # git's trouble is reported where git is used; markers still count
    for article in changed or ():
        if article.kind == CONFLICTED and article.path not in found:
            found[article.path] = PendingConflict(article.path, GIT)
    for path in _marker_paths(library):
        found.setdefault(path, PendingConflict(path, MARKERS))
    return [found[p] for p in sorted(found)]


#: The committed versions of an article looked through for the one a
#: sync-tool copy was made from (its merge base).
BASE_CANDIDATES = 30


def copy_base(repo: Repo, rel: str, copy: bytes) -> bytes | None:
    """The merge base of a sync-tool copy (``copy``) of the article ``rel``
    (top-relative): of the article's last :data:`BASE_CANDIDATES` committed
    versions, the one the copy differs from in fewest lines (in order), the
    version the other device most likely edited.  None, so that every
    difference is a conflict to decide, when that cannot be told: nothing
    committed, two different versions as near, or a copy that is an older
    version itself (a stale copy, or the other device's revert to it: which
    side's text is newer, nothing says).

    (The last commit was taken: when this device had committed its own
    edit since, the last commit was this side, and the merge took the
    copy's text whole, the committed edit gone without a conflict shown.)"""
    from reader.core.common.sequences import opcodes

    try:
        versions = repo.log(rel, limit=BASE_CANDIDATES)
    except GitError:
        return None
    wanted = copy.splitlines(keepends=True)
    nearest: list[bytes] = []
    fewest = -1
    for newest, version in enumerate(versions):
        try:
            data = repo.show(version.commit, version.path)
        except GitError:
            continue
        if data == copy:  # (no line differs)
            return data if newest == 0 else None
        lines = data.splitlines(keepends=True)
        differ = sum(
            max(i2 - i1, j2 - j1)
            for tag, i1, i2, j1, j2 in opcodes(lines, wanted)
            if tag != "equal"
        )
        if not nearest or differ < fewest:
            nearest, fewest = [data], differ
        elif differ == fewest and data not in nearest:
            nearest.append(data)
    return nearest[0] if len(nearest) == 1 else None


def _copy_plan(
    base: bytes | None, repo: Repo, rel: str, mine: bytes, copy: bytes, display: str | Path | None
) -> MergePlan:
    """The merge plan of a sync-tool copy: over ``base`` when merging over it
    settles the copy as merging over the last commit would; else with no
    base (every difference a conflict to decide).

    A copy made before the last commit and one that undoes what that
    commit changed hold the same text: over the older version, the undoing
    was lost (the commit's text kept); over the last commit, this device's
    committed edit was (the copy's taken).  Which one the other device
    meant, nothing says; where the two merges agree, either is right."""
    if base is None:
        return plan_merge(None, mine, copy, display)
    try:
        head = repo.show("HEAD", rel)
    except GitError:
        return plan_merge(base, mine, copy, display)
    if head == base:
        return plan_merge(base, mine, copy, display)
    try:  # (a version that does not parse, the last commit's say: no base)
        older, last = plan_merge(base, mine, copy, display), plan_merge(head, mine, copy, display)
    except ArticleError:
        return plan_merge(None, mine, copy, display)
    if older.conflicts or last.conflicts or older.result() != last.result():
        return plan_merge(None, mine, copy, display)
    return older


def open_conflict(
    library: Library, path: str, copy: str | None = None, repo: Repo | None = None
) -> ConflictCase:
    """Read the sides of the conflict at ``path`` (with ``copy``: against that
    sync-tool copy) and plan its merge."""
    current = library.load(path)
    display = current.path
    if copy is not None:
        copy_raw, _ = read_article_bytes(library.root.joinpath(*copy.split("/")))
        if repo is None:
            plan = plan_merge(None, current.raw, copy_raw, display)
        else:
            rel = repo.relative(library.root.joinpath(*path.split("/")))
            base = copy_base(repo, rel, copy_raw)
            plan = _copy_plan(base, repo, rel, current.raw, copy_raw, display)
        return ConflictCase(path, COPY, current, plan, copy, copy_raw)
    if repo is not None:
        stage_base, ours, theirs = repo.stages(
            repo.relative(library.root.joinpath(*path.split("/")))
        )
        if ours is not None and theirs is not None:
            return ConflictCase(path, GIT, current, plan_merge(stage_base, ours, theirs, display))
    sides = split_conflicts(decode(current.raw))
    if sides is None:
        raise LibraryError("no conflict to resolve in this article", display)
    plan = plan_merge(
        encode(sides.base) if sides.base is not None else None,
        encode(sides.mine),
        encode(sides.theirs),
        display,
    )
    return ConflictCase(path, MARKERS, current, plan)


def resolve_conflict(library: Library, case: ConflictCase, new_raw: bytes) -> bool:
    """Save the resolved text over the article (one write path, journaled)
    and, for a sync-tool copy, move the copy to the trash.  Returns whether
    the article's bytes changed."""
    if not new_raw:
        raise ArticleError("the resolution is empty; not saved", case.current.display_path)
    name = case.path.rpartition("/")[2]
    # the copy goes to the trash in the same undoable step: undo brings
    # back the article's text and the copy, the conflict as it was
    copy = None
    if case.copy is not None and case.copy_raw is not None:
        copy = (case.copy, case.copy_raw)
    return library.write_undoable(case.current, new_raw, f"resolve conflict in {name}", trash=copy)
