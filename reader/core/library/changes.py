"""A library inside a git work tree: which articles changed since the last
commit, committing exactly some of them, and a message suggested from the
edits.  No Qt here.

Only articles count (the names :func:`reader.core.library.scan.scan` lists,
inside the library folder): a commit from the app never takes a file
outside the library, nor a non-article file inside it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from reader.core.article.limits import MAX_ARTICLE_BYTES
from reader.core.common.files import NotRegularFileError, open_regular
from reader.core.common.tasks import Cancel
from reader.core.library.scan import in_skipped_folder, is_article_name
from reader.core.library.sync_copies import existing_original, is_listed_file
from reader.core.vcs.git import CONFLICTED, DELETED, REMOVED, FileStatus, GitError, Repo, open_repo

__all__ = [
    "ChangedArticle",
    "EditedPaths",
    "changed_articles",
    "commit_articles",
    "edited_since_commit",
    "is_article_path",
    "library_repo",
    "suggest_message",
]


class EditedPaths(Protocol):
    """What the app itself edited on this device (the reading-state store
    records it): library-relative posix paths."""

    def edited_paths(self) -> Iterable[str]: ...


@dataclass(frozen=True, slots=True)
class ChangedArticle:
    """An article that differs from the last commit: ``path`` relative to the
    library, ``repo_path`` relative to the work tree's top, ``kind`` as in
    :class:`~reader.core.vcs.git.FileStatus`."""

    path: str
    repo_path: str
    kind: str


def is_article_path(rel: str, root: str | os.PathLike, *, gone: bool = False) -> bool:
    """Whether a library-relative path is one the scan of the library at
    ``root`` would list: a name like a sync tool's conflict copy is set
    aside only while an original it could go under exists (as the scan
    does); else it is an article of its own, and can be committed.  A copy
    that is ``gone`` (committed once, deleted since: a conflict resolved)
    counts: its removal is a change to commit, or the conflict came back
    on every other clone."""
    parts = rel.split("/")
    if not parts or any(p in ("", ".", "..") for p in parts):
        return False
    if in_skipped_folder(root, parts[:-1]):  # (a site's scaffolds/ too)
        return False
    if not is_article_name(parts[-1]):
        return False
    if gone:
        return True
    folder = Path(root).joinpath(*parts[:-1])
    return existing_original(parts[-1], lambda name: is_listed_file(folder / name)) is None


def library_repo(root: str | os.PathLike) -> Repo:
    """The work tree that holds the library (raises
    :class:`~reader.core.vcs.git.GitUnavailable` without git or outside one)."""
    return open_repo(root)


def _prefix(repo: Repo, root: str | os.PathLike) -> str:
    rel = repo.relative(os.path.realpath(os.fspath(root)))
    return f"{rel}/" if rel else ""


def changed_articles(root: str | os.PathLike, repo: Repo) -> list[ChangedArticle]:
    """The library's articles that are modified, new, untracked, deleted or
    in conflict, by library-relative path.  A file the user took out of the
    index and kept (``git rm --cached``) is not one: committing it from the
    app would add it back, the staged removal lost; it is left to git."""
    from reader.core.library.scan import site_of_root
    from reader.core.site.scope import classify

    prefix = _prefix(repo, root)
    statuses: dict[str, FileStatus] = repo.status([prefix.rstrip("/")] if prefix else [])
    site = site_of_root(root)  # on a site, only its content counts (not a theme's README)
    found = []
    for repo_path, status in sorted(statuses.items()):
        if not repo_path.startswith(prefix) or status.kind == REMOVED:
            continue
        rel = repo_path[len(prefix) :]
        gone = status.kind == DELETED
        if is_article_path(rel, root, gone=gone) and (
            site is None or classify(site, rel) is not None
        ):
            found.append(ChangedArticle(rel, repo_path, status.kind))
    return found


def edited_since_commit(
    repo: Repo, changed: Iterable[ChangedArticle], log: EditedPaths
) -> list[str]:
    """The changed articles the app edited on this device *after* their last
    commit: one the app edited last month, that was committed since and
    then changed by hand, is not the app's edit.  A log that gives no times
    (only ``edited_paths()``) counts every path it names."""
    candidates = list(changed)
    one_of = getattr(log, "edited_after", None)
    since_of = getattr(log, "edited_paths_since", None)
    if one_of is None and since_of is None:
        edited = set(log.edited_paths())
        return [c.path for c in candidates if c.path in edited]
    ever = set(log.edited_paths())  # (only those the app edited at all ask git)
    candidates = [c for c in candidates if c.path in ever]
    times = repo.last_commit_times([c.repo_path for c in candidates])
    if one_of is not None:  # one article at a time, not every edit for each
        return [c.path for c in candidates if one_of(c.path, times[c.repo_path])]
    assert since_of is not None
    return [c.path for c in candidates if c.path in since_of(times[c.repo_path])]


def commit_articles(
    root: str | os.PathLike,
    repo: Repo,
    paths: Iterable[str],
    message: str,
    cancel: Cancel | None = None,
) -> tuple[str, list[str]]:
    """Commit exactly the given changed articles (library-relative) with
    ``message``; returns the commit's hash and the paths committed.  A path
    that is not a changed article of this library is refused before
    anything is run.  ``cancel`` stops git and its hooks (see
    :meth:`~reader.core.vcs.git.Repo.commit`).

    The paths returned are those the commit holds as asked: a deleted
    article the commit still has (a merge commit once left deletions
    out), or one present it lacks, is not among them."""
    changed = {c.path: c for c in changed_articles(root, repo)}
    chosen = list(dict.fromkeys(paths))
    if not chosen:
        raise GitError("nothing to commit: no changed articles chosen", Path(root))
    unknown = [p for p in chosen if p not in changed]
    if unknown:
        raise GitError(
            "not a changed article of this library: " + ", ".join(unknown[:5]), Path(root)
        )
    unmerged = {p: changed[p].repo_path for p in chosen if changed[p].kind == CONFLICTED}
    _refuse_conflict_markers(root, chosen, repo, unmerged)
    gone = {p for p in chosen if not os.path.lexists(Path(root).joinpath(*p.split("/")))}
    commit = repo.commit([changed[p].repo_path for p in chosen], message, cancel)
    try:
        held = repo.files(commit, _prefix(repo, root).rstrip("/"))
    except GitError:  # (committed all the same: git said so)
        return commit, chosen
    return commit, [p for p in chosen if (changed[p].repo_path in held) != (p in gone)]


def _refuse_conflict_markers(
    root: str | os.PathLike,
    paths: Iterable[str],
    repo: Repo,
    unmerged: dict[str, str],
) -> None:
    """Never commit merge conflict markers: ``git add`` would mark the file
    resolved and the markers would go into the history (a rebase or merge
    stopped on a conflict, a sync tool that merged text).

    Markers in a fenced code block are an article's own (one about git)
    unless git says the file is ``unmerged`` (library path to top-relative
    path): then git may have put them there, so a block inside a fence
    counts too, unless one side of the merge already had it."""
    from reader.core.article.conflicts import conflict_blocks
    from reader.core.article.split import decode

    # markers git writes longer in files that say so (.gitattributes:
    # "*.md conflict-marker-size=12"), in every file committed: one marked
    # resolved by hand (git add) may hold them too
    chosen = list(paths)
    in_repo = {rel: repo.relative(Path(root).joinpath(*rel.split("/"))) for rel in chosen}
    sizes = repo.marker_sizes(list(in_repo.values()))
    for rel in chosen:
        path = Path(root).joinpath(*rel.split("/"))
        size = sizes.get(in_repo[rel], 7)
        try:
            with open_regular(path) as handle:
                raw = handle.read(MAX_ARTICLE_BYTES + 1)
                if len(raw) > MAX_ARTICLE_BYTES:
                    # more than any article: looked through a piece at a
                    # time (read whole, 1.5 GB took 3 GB or ended in a
                    # MemoryError), not read as text
                    _refuse_markers_in_large_file(handle, raw, size, path)
                    continue
        except FileNotFoundError:
            continue  # a deletion
        except NotRegularFileError:
            continue  # not text git could merge (a FIFO is never added)
        except OSError as exc:
            raise GitError(f"cannot read: {exc.strerror or exc}", path) from None
        if size > len(raw) or b"<" * size not in raw:
            continue
        text = decode(raw)
        blocks = conflict_blocks(text, size=size)
        if blocks:
            first = blocks[0]
            raise GitError(
                f"unresolved merge conflict (lines {first.start}–{first.end}): "
                "resolve it before committing; nothing was committed",
                path,
                first.start,
            )
        if rel in unmerged:
            _refuse_fenced_conflict(repo, unmerged[rel], path, text, size)


def _refuse_markers_in_large_file(handle: BinaryIO, first: bytes, size: int, path: Path) -> None:
    """The conflict check of a file larger than any article: refused when a
    line of it starts with a marker (``<`` × ``size``), read a piece at a
    time (its first ``first`` bytes read already)."""
    marker = rb"(?<=\n)" + b"<" * size
    inside = re.compile(marker + rb"[ \t\r\n]")  # (a piece's end is not the file's)
    at_end = re.compile(marker + rb"(?:[ \t\r\n]|\Z)")
    piece, lines = b"\n" + first, 0  # (the file's start is a line start)
    while piece:
        more = handle.read(_PIECE)
        found = (inside if more else at_end).search(piece)
        if found is not None:
            raise GitError(
                "unresolved merge conflict (a marker at this line, in a file larger than "
                f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MB): resolve it before committing; "
                "nothing was committed",
                path,
                lines + piece.count(b"\n", 0, found.start()),
            )
        # the piece's last bytes again with the next: a marker across the two
        cut = max(0, len(piece) - size - 2)
        lines += piece.count(b"\n", 0, cut)
        piece = piece[cut:] + more if more else b""


_PIECE = 8 * 1024 * 1024


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_FENCE_LINE = re.compile(r"[ \t]*(?:```|~~~)")


def _refuse_fenced_conflict(
    repo: Repo, repo_path: str, path: Path, text: str, size: int = 7
) -> None:
    """The check for a file git reports unmerged: every line that could
    open or close a fence is blanked (a marker never starts so, and the
    line numbers stay), and a block neither side of the merge had is git's."""
    from reader.core.article.conflicts import conflict_blocks
    from reader.core.article.split import decode

    lines = [line for line in _LINE.findall(text) if line]
    blank = "".join(
        line[len(line.rstrip("\r\n")) :] if _FENCE_LINE.match(line) else line for line in lines
    )
    blocks = conflict_blocks(blank, size=size)
    if not blocks:
        return
    sides = [decode(side) for side in repo.stages(repo_path)[1:] if side is not None]
    for block in blocks:
        own = "".join(lines[block.start - 1 : block.end])
        if any(own in side for side in sides):
            continue  # an example the article already showed
        raise GitError(
            f"git reports the file unmerged and it holds merge conflict markers "
            f"(lines {block.start}–{block.end}, inside a code block): resolve them before "
            "committing (if the article shows them on purpose, mark it resolved with "
            "git add); nothing was committed",
            path,
            block.start,
        )


def suggest_message(
    paths: Sequence[str],
    operations: Sequence[tuple[str, Collection[str]]] = (),
    titles: dict[str, str] | None = None,
) -> str:
    """A commit message from what was edited: the description of a bulk edit
    (``operations``: its description and paths) that covers the chosen
    ``paths`` ("Rename category 财经 → 金融/财经 in 37 articles"), else the
    article's title, else a count."""
    chosen = set(paths)
    lines = []
    covered: set[str] = set()
    for description, touched in operations:
        inside = chosen.intersection(touched)
        if not inside or not description:
            continue
        covered |= inside
        count = len(inside)
        noun = "article" if count == 1 else "articles"
        said = f"{description[0].upper()}{description[1:]}"
        if count == 1 and next(iter(inside)).rpartition("/")[2] in description:
            lines.append(said)  # ("Resolve conflict in a.md", not "… in 1 article")
        else:
            lines.append(f"{said} in {count} {noun}")
    rest = [p for p in paths if p not in covered]
    if len(rest) == 1:
        name = (titles or {}).get(rest[0]) or rest[0].rpartition("/")[2]
        lines.append(f"Edit {name}")
    elif rest:
        lines.append(f"Edit {len(rest)} articles")
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0]
    return lines[0] + "\n\n" + "\n".join(f"- {line}" for line in lines[1:])
