"""Find the articles of a library folder.  No Qt here.

Rules (see :func:`scan`):

* articles are files ending in ``.md .markdown .mdown .txt .html .htm``
  (any case);
* hidden entries (``.git``, ``.DS_Store``, ``.foo.swp``) and ``node_modules``
  are skipped, and so is the generated output beside a site configuration:
  ``public/`` beside Hexo's ``_config.yml`` (or Hugo's ``hugo.*`` /
  ``config.toml``) and Jekyll's ``_site/`` beside ``_config.yml``;
* editor leftovers are skipped: names ending in ``~``, ``.swp``, ``.swo`` or
  ``%`` and Emacs' ``#autosave#`` files;
* sync-tool conflict copies (:mod:`.sync_copies`) whose original is beside
  them are not articles: they are set aside in ``result.copies`` under it
  (a copy without its original is listed, never hidden);
* temporary files left by a killed write (``reader.core.article.storage``) are
  removed once they are stale, when their folder is scanned;
* when the library root is the root of a Hexo, Jekyll or Hugo site, only
  the site's content counts (:mod:`reader.core.site.scope`): no scaffolds,
  archetypes, README, ``robots.txt``, themes or layouts;
* symbolic links are followed only when they resolve inside the library; a
  file or folder reached both directly and through a link is listed once
  (under its real path when that is itself listed), and link loops end.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat as statmod
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import chain, compress, repeat
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from reader.core.article.storage import is_temporary_name, sweep_stale_temporaries
from reader.core.common.files import file_kind, named_exactly
from reader.core.library.records import PathProblem
from reader.core.library.sync_copies import COPY_MARK, existing_original, is_listed_file
from reader.core.site.detect import Site, load_site
from reader.core.site.scope import classify, may_hold_articles

__all__ = [
    "ARTICLE_SUFFIXES",
    "SPLIT_NAMES",
    "FileStat",
    "FlatScan",
    "FolderSizes",
    "FolderStamp",
    "ScanResult",
    "StatNames",
    "fingerprint",
    "folder_stamp",
    "in_skipped_folder",
    "is_article_name",
    "is_gone",
    "is_skipped_folder",
    "is_skipped_name",
    "is_utf8_name",
    "look_at",
    "scan",
    "scan_flat",
    "stat_values",
    "unchanged_since",
    "would_list",
]

ARTICLE_SUFFIXES = (".md", ".markdown", ".mdown", ".txt", ".html", ".htm")
_SKIP_DIRS = frozenset({"node_modules", "__pycache__"})
_SITE_CONFIGS = {
    "public": ("_config.yml", "_config.yaml", "hugo.toml", "hugo.yaml", "hugo.json", "config.toml"),
    "_site": ("_config.yml", "_config.yaml"),
    # a site's templates of new articles and of its pages, no articles (a
    # Hexo site inside a library listed its scaffolds/post.md, "{{ title }}"
    # and all, as a broken article)
    "scaffolds": ("_config.yml", "_config.yaml"),
    "archetypes": ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml"),
    "_layouts": ("_config.yml", "_config.yaml"),
    "_includes": ("_config.yml", "_config.yaml"),
}
# A file or folder that is no longer there: deleted (or moved) during the scan.
_GONE = (FileNotFoundError, NotADirectoryError)
# Folders are listed through a descriptor where the system allows it.
_SCANDIR_FD = os.scandir in os.supports_fd
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NAME = attrgetter("name")
# an entry's kind and permissions, then FileStat's values
_FINGERPRINT_VALUES = attrgetter("st_mode", "st_mtime_ns", "st_size", "st_ctime_ns", "st_ino")
# A folder the scan never enters is in a fingerprint by its mode alone.
_NOT_ENTERED = array("q", bytes(4 * 8))
# The byte of a 64-bit mode holding its file-type bits (12 to 15), and each
# such byte's kind: L a symbolic link, D a folder, "." anything else.
_MODE_TYPE_BYTE = 1 if sys.byteorder == "little" else 6
_KINDS = bytes(
    {statmod.S_IFLNK >> 12: ord("L"), statmod.S_IFDIR >> 12: ord("D")}.get(byte >> 4, ord("."))
    for byte in range(256)
)


class FileStat(NamedTuple):
    """What tells a changed file from an unchanged one.  ``ctime_ns`` and
    ``inode`` are there because the modification time can be put back (``cp
    -p``, ``rsync -t``, ``tar``), while the change time cannot and a
    replace-by-rename gives a new inode.  A tuple: a million of them are
    made on every rescan of a large library, and compared as tuples."""

    mtime_ns: int
    size: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileStat:
        return cls(st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)


class ScanResult(dict[str, FileStat]):
    """``{relative posix path: FileStat}`` for every article found, plus
    ``unreadable``: the folders (and links, and files) that could not be
    read, each a :class:`PathProblem` (``""`` is the root itself).  A dict,
    so that callers who only want the files need not care."""

    __slots__ = ("copies", "folders", "linked", "unreadable")

    def __init__(self) -> None:
        super().__init__()
        self.unreadable: list[PathProblem] = []
        self.copies: dict[str, str] = {}  # sync-tool conflict copy → its original
        self.linked = False  # a symbolic link was met
        self.folders: list[str] = []  # the sub-folders a scan with descend=False left

    def problem(self, rel: str, what: str, exc: OSError) -> None:
        reason = "symbolic link loop" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
        self.unreadable.append(PathProblem(rel, f"cannot read the {what}: {reason}"))

    def not_an_article(self, rel: str, why: str) -> None:
        """An article's name on what is not a file to read (a FIFO, a
        device, a link to nothing): listed with why, never opened."""
        self.unreadable.append(PathProblem(rel, f"not read: {why}"))


def is_gone(path: str | os.PathLike) -> bool:
    """True when nothing is at ``path`` any more (deleted or moved away since
    it was listed); False when it is there but unreadable, or its name is
    beyond the system's limits."""
    try:
        os.lstat(path)
    except _GONE:
        return True
    except OSError:
        return False
    return False


_SKIPPED_STARTS = (".", "#")
_SKIPPED_ENDS = ("~", "%", ".swp", ".swo", "#")


def is_skipped_name(name: str) -> bool:
    """Hidden files and editor leftovers."""
    return name.startswith(_SKIPPED_STARTS) or name.endswith(_SKIPPED_ENDS)


def is_skipped_folder(name: str) -> bool:
    """Whether a folder of this name is never scanned: a hidden or editor
    name (:func:`is_skipped_name`), or a tool's (``node_modules``,
    ``__pycache__``)."""
    return is_skipped_name(name) or name in _SKIP_DIRS


def is_utf8_name(name: str) -> bool:
    """Whether ``name`` (a name, which may hold bytes escaped as lone
    surrogates) is valid UTF-8, as the index requires of every path."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_article_name(name: str) -> bool:
    return not is_skipped_name(name) and name.lower().endswith(ARTICLE_SUFFIXES)


def _generated_dirs(folder: str, names: set[str]) -> set[str]:
    skipped = set()
    for generated, configs in _SITE_CONFIGS.items():
        if generated in names and any(c in names for c in configs):
            skipped.add(generated)
    return skipped


def _generated_in_listing(folder: str, pieces: list[str], folder_names: set[str]) -> set[str]:
    """:func:`_generated_dirs` of a folder whose names, joined by NULs in
    ``pieces`` (see :func:`_joined_pieces`), and its sub-folders'
    ``folder_names``: no set of every name is made (at the top of a
    scraper's library, a million names hashed with the interpreter's lock
    held for 100 ms, the window's event loop waiting)."""
    wanted = [name for name in _SITE_CONFIGS if name in folder_names]
    if not wanted:
        return set()
    configs = {
        c
        for name in wanted
        for c in _SITE_CONFIGS[name]
        if any(f"\0{c}\0" in f"\0{piece}\0" for piece in pieces)
    }
    return _generated_dirs(folder, folder_names | configs)


def site_of_root(root: str | os.PathLike) -> Site | None:
    """The site whose root ``root`` is (its content is then the library), or None."""
    from reader.core.article.boundary import is_site_root

    return load_site(root) if is_site_root(root) else None


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def scan(root: str | os.PathLike, folder: str = "", *, descend: bool = True) -> ScanResult:
    """Every article under ``root`` (or under its sub-folder ``folder``, a
    relative posix path) as ``{relative posix path: FileStat}``.

    ``descend=False`` lists the articles of the folder itself and leaves its
    sub-folders to the caller, in ``result.folders`` (the ones a full scan
    would enter); symbolic links are then only noted (``result.linked``),
    not followed.

    Nothing is skipped silently: a folder that cannot be listed (no
    permission, a path beyond the system's limits), a link that loops and an
    article that cannot be stat-ed are in ``result.unreadable``.  Only what
    disappears while the scan runs is left out without a word: it is gone."""
    return scan_flat(root, folder, descend=descend).result()


class FlatScan:
    """What :func:`scan_flat` found, as it found it: the relative paths in
    ``rels`` and, four values per path in the same order, their
    :class:`FileStat` fields in ``values`` (no tuple per file: a rescan that
    only needs a digest of them never builds one).  ``found`` holds the rest
    of the :class:`ScanResult` (unreadable places, conflict copies, folders
    left, ``linked``) and, for a scan that followed links, every file."""

    __slots__ = ("found", "rels", "values")

    def __init__(self, found: ScanResult, rels: list[str], values: list[int]):
        self.found = found
        self.rels = rels
        self.values = values

    def __len__(self) -> int:
        return len(self.found) + len(self.rels)

    def result(self) -> ScanResult:
        """The :class:`ScanResult` (built once: the paths move into it)."""
        found, rels, values = self.found, self.rels, self.values
        if rels:
            it = iter(values)
            walked = dict(zip(rels, map(FileStat, it, it, it, it), strict=True))
            # the walk's files first, then those found through links (as met)
            walked.update(found)
            found.clear()
            found.update(walked)
            self.rels, self.values = [], []
        return found


def scan_flat(root: str | os.PathLike, folder: str = "", *, descend: bool = True) -> FlatScan:
    """:func:`scan`, its files kept as two flat lists (see :class:`FlatScan`)."""
    root_real = os.path.realpath(os.fspath(root))
    found = ScanResult()
    rels: list[str] = []
    values: list[int] = []
    flat = FlatScan(found, rels, values)
    visited_dirs: set[tuple[int, int]] = set()
    links: list[tuple[str, str]] = []  # (absolute link path, relative path)

    start = os.path.join(root_real, *folder.split("/")) if folder else root_real
    if folder and in_skipped_folder(root_real, folder.split("/")):
        return flat  # (a folder the scan of the whole never enters: scaffolds/, public/…)
    try:
        st = os.stat(start)
    except _GONE:
        return flat
    except OSError as exc:
        found.problem(folder, "folder", exc)
        return flat
    if not _inside(os.path.realpath(start), root_real) or not statmod.S_ISDIR(st.st_mode):
        return flat
    visited_dirs.add((st.st_dev, st.st_ino))
    site = site_of_root(root_real)
    devs: list[int] = []
    _walk(start, folder, found, rels, values, devs, visited_dirs, links, site, descend)
    if not descend or not links:
        return flat

    # Links last, so that a real path wins over a link to it.
    seen_files = set(zip(devs, values[3::4], strict=True))
    while links:
        pending, links = links, []
        for abs_path, rel in pending:
            try:
                real = os.path.realpath(abs_path)
                if not _inside(real, root_real):
                    if _may_be_article(site, rel):
                        found.not_an_article(rel, _outside_link(abs_path))
                    elif _may_hold_articles(site, rel) and os.path.isdir(real):
                        # (said: a site's content folder linked in from
                        # elsewhere left it empty, without a word)
                        found.not_an_article(rel, _OUTSIDE_FOLDER)
                    continue
                st = os.stat(real)
            except _GONE:  # a link to nothing, or gone meanwhile
                if _may_be_article(site, rel) and os.path.islink(abs_path):
                    found.not_an_article(rel, "a symbolic link to nothing")
                continue
            except OSError as exc:
                found.problem(rel, "link", exc)
                continue
            key = (st.st_dev, st.st_ino)
            if statmod.S_ISDIR(st.st_mode):
                if key in visited_dirs:
                    continue
                visited_dirs.add(key)
                if site is None or may_hold_articles(site, rel):
                    sub_rels: list[str] = []
                    sub_values: list[int] = []
                    sub_devs: list[int] = []
                    _walk(
                        real, rel, found, sub_rels, sub_values, sub_devs, visited_dirs, links, site
                    )
                    it = iter(sub_values)
                    for path, dev, stat in zip(
                        sub_rels, sub_devs, map(FileStat, it, it, it, it), strict=True
                    ):
                        seen_files.add((dev, stat.inode))
                        found[path] = stat
            elif statmod.S_ISREG(st.st_mode) and is_article_name(os.path.basename(rel)):
                if site is not None and classify(site, rel) is None:
                    continue
                if key in seen_files:
                    continue
                seen_files.add(key)
                found[rel] = FileStat.of(st)
            elif _may_be_article(site, rel):
                kind = file_kind(st.st_mode)
                if kind is not None:
                    found.not_an_article(rel, f"a link to {kind}, not a regular file")
    return flat


def _may_be_article(site: Site | None, rel: str) -> bool:
    """Whether ``rel`` is where an article could be: an article's name, and
    in a site, a place its content rules read (not a README at its root)."""
    return is_article_name(os.path.basename(rel)) and (
        site is None or classify(site, rel) is not None
    )


_OUTSIDE_FOLDER = (
    "a symbolic link to a folder outside the library; its articles are not listed "
    "(open that folder as a library of its own, or the folder holding both)"
)


def _may_hold_articles(site: Site | None, rel: str) -> bool:
    """Whether the folder ``rel`` is one whose articles would be listed (not
    hidden, and in a site, one its content rules read)."""
    if os.path.basename(rel).startswith("."):
        return False
    return site is None or may_hold_articles(site, rel)


def _outside_link(path: str) -> str:
    """Why the link ``path``, with an article's name, pointing out of the library is not read."""
    if not os.path.exists(path):
        return "a symbolic link to nothing"
    return "a symbolic link to outside the library"


def _walk(
    folder: str,
    rel: str,
    found: ScanResult,
    rels: list[str],
    values: list[int],
    devs: list[int],
    visited_dirs: set[tuple[int, int]],
    links: list[tuple[str, str]],
    site: Site | None = None,
    descend: bool = True,
) -> None:
    """Walk ``folder``: each article's path goes to ``rels``, its stat
    values (``FileStat`` order) to ``values`` and its device to ``devs``."""
    stack = [(folder, rel)]
    while stack:
        path, prefix = stack.pop()
        fd = -1
        try:
            if _SCANDIR_FD:
                # Listed through a descriptor, each entry is stat-ed by its name
                # relative to it: the system resolves one name, not the path.
                fd = os.open(path, _DIR_FLAGS)
            with os.scandir(fd if fd >= 0 else path) as iterator:
                entries = list(iterator)
        except _GONE:
            _close(fd)
            continue
        except OSError as exc:
            _close(fd)
            found.problem(prefix, "folder", exc)
            continue
        try:
            _entries(
                path,
                fd,
                prefix,
                entries,
                found,
                rels,
                values,
                devs,
                visited_dirs,
                links,
                site,
                descend,
                stack,
            )
        finally:
            _close(fd)


def _close(fd: int) -> None:
    if fd >= 0:
        os.close(fd)


def _entries(
    path: str,
    fd: int,
    prefix: str,
    entries: list[os.DirEntry[str]],
    found: ScanResult,
    rels: list[str],
    values: list[int],
    devs: list[int],
    visited_dirs: set[tuple[int, int]],
    links: list[tuple[str, str]],
    site: Site | None,
    descend: bool,
    stack: list[tuple[str, str]],
) -> None:
    """The entries of one folder (``path``, relative ``prefix``; listed
    through the descriptor ``fd`` unless it is -1), listed by :func:`_walk`:
    articles to ``rels``/``values``/``devs``, sub-folders to ``stack`` (or
    ``found.folders``), links to ``links``."""
    add_rel, add_dev = rels.append, devs.append
    # An article is stat-ed by its name relative to the folder's descriptor
    # (as DirEntry.stat does), but its stat result is not kept by the entry:
    # each is freed once read, and a folder's are not all held to its end.
    stat, at_fd = os.stat, fd if fd >= 0 else None
    suffixes, skipped_starts, skipped_ends = ARTICLE_SUFFIXES, _SKIPPED_STARTS, _SKIPPED_ENDS
    listed = list(map(_NAME, entries))
    names = set(listed)
    generated = _generated_dirs(path, names)
    hidden = compress(listed, map(str.startswith, listed, repeat(".")))  # (in C)
    leftovers = [name for name in hidden if is_temporary_name(name)]
    if leftovers:
        # A killed writer's temporary files: removed once they are stale.
        sweep_stale_temporaries(path, leftovers)
    head = f"{prefix}/" if prefix else ""
    for entry in entries:
        name = entry.name
        if name.startswith(skipped_starts) or name.endswith(skipped_ends):
            continue
        what = "file"
        try:
            lower = name.lower()
            # The common case first: a regular file named as an article
            # (is_file without following links is False for a link).
            if lower.endswith(suffixes) and entry.is_file(follow_symlinks=False):
                if COPY_MARK in lower:  # perhaps a sync tool's conflict copy
                    original = existing_original(
                        name, lambda n: n in names and is_listed_file(os.path.join(path, n))
                    )
                    if original is not None:
                        found.copies[head + name] = head + original
                        continue
                if site is not None and classify(site, head + name) is None:
                    continue
                st = (
                    stat(name, dir_fd=at_fd, follow_symlinks=False)
                    if at_fd is not None
                    else entry.stat(follow_symlinks=False)
                )
                values += (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)
                add_rel(head + name)
                add_dev(st.st_dev)
                continue
            if entry.is_symlink():
                found.linked = True
                links.append((os.path.join(path, name), head + name))
                continue
            if lower.endswith(suffixes) and not entry.is_dir(follow_symlinks=False):
                # a FIFO, a device or a socket with an article's name
                if site is None or classify(site, head + name) is not None:
                    kind = file_kind(entry.stat(follow_symlinks=False).st_mode)
                    found.not_an_article(head + name, f"{kind}, not a regular file")
                continue
            if entry.is_dir(follow_symlinks=False):
                if name in _SKIP_DIRS or name in generated:
                    continue
                child_rel = head + name
                if site is not None and not may_hold_articles(site, child_rel):
                    continue
                what = "folder"
                st = entry.stat(follow_symlinks=False)
                key = (st.st_dev, st.st_ino)
                if key in visited_dirs:
                    continue
                visited_dirs.add(key)
                if descend:
                    stack.append((os.path.join(path, name), child_rel))
                else:
                    found.folders.append(child_rel)
        except _GONE:
            continue
        except OSError as exc:
            found.problem(head + name, what, exc)
            continue


# The values of its entries a fingerprint holds (as bytes, or as the array
# of 64-bit values itself), given a folder's path and the names listed in it
# (see fingerprint's ``stat_names``).
StatNames = Callable[[str, list[str]], "bytes | array[int]"]


def can_fingerprint() -> bool:
    """Whether this system can make a :func:`fingerprint` at all (it lists
    folders by descriptor: not on Windows)."""
    return _SCANDIR_FD


def fingerprint(
    root: str | os.PathLike, folder: str, stat_names: StatNames | None = None
) -> str | None:
    """A digest of everything :func:`scan` of the sub-folder ``folder``
    depends on, in a library that is not a site: the names of the entries
    of the folder and of each sub-folder the scan enters (not those it
    skips: hidden names, editors' leftovers), and the kind, permissions and
    :class:`FileStat` values of each (and of the folder itself: which
    directory it is, not its times).  A digest kept with a scan stands
    for it when the folder was :func:`unchanged_since` its stamp taken
    before the fingerprint: two equal fingerprints then mean the scan's
    result is the same.

    Made without Python code per file (the entries are listed and stat-ed
    by C functions mapped over them), at about 0.7 times the cost of the
    scan.  ``None`` when the scan itself must decide: a symbolic link, a
    sync tool's conflict copy, a killed writer's temporary file, or a folder
    that cannot be read.  A site's content rules depend on more than the
    folder: ask :func:`site_of_root` first.

    ``stat_names`` makes the values of the entries of a folder of
    :data:`SPLIT_NAMES` entries or more, in the order named, instead of this
    process (a pool of processes, for a folder of a million files): the
    fingerprint is the same either way.  An :class:`OSError` it raises means
    ``None``, as here."""
    root_real = os.path.realpath(os.fspath(root))
    parts = folder.split("/") if folder else []
    if not _SCANDIR_FD or any(is_skipped_folder(part) for part in parts):
        return None
    digest = hashlib.blake2b(digest_size=20)
    stack = [(os.path.join(root_real, *parts), folder)]
    visited: set[tuple[int, int]] = set()
    while stack:
        path, rel = stack.pop()
        try:
            fd = os.open(path, _DIR_FLAGS)
        except OSError:
            return None
        try:
            listed = _fingerprint_folder(fd, path, rel, digest, visited, stack, stat_names)
        except (OSError, OverflowError):  # unreadable, gone meanwhile, a value beyond 64 bits
            return None
        finally:
            os.close(fd)
        if not listed:
            return None
    return digest.hexdigest()


def _fingerprint_folder(
    fd: int,
    path: str,
    rel: str,
    digest: hashlib.blake2b,
    visited: set[tuple[int, int]],
    stack: list[tuple[str, str]],
    stat_names: StatNames | None = None,
) -> bool:
    """Add one folder (open as ``fd``) to a :func:`fingerprint`'s digest and
    its sub-folders to ``stack``; False when the scan itself must decide."""
    own = os.fstat(fd)
    if (own.st_dev, own.st_ino) in visited:  # a folder met twice (a bind mount)
        return False
    visited.add((own.st_dev, own.st_ino))
    names = os.listdir(fd)
    pieces = _joined_pieces(names)
    # The names the scan skips (hidden ones, editors' leftovers) are not in
    # it: the library's own state folder made at its top, git's, an editor's
    # swap file come and go without the folder being scanned again.
    skipped = [
        start + place
        for start, piece in zip(range(0, len(names), _PIECE_NAMES), pieces, strict=True)
        for place in _skipped_places(piece, names[start : start + _PIECE_NAMES])
    ]
    if skipped:
        if any(is_temporary_name(names[place]) for place in skipped):
            return False  # left for the scan, which sweeps them
        for place in reversed(skipped):
            del names[place]
        pieces = _joined_pieces(names)
    if any(COPY_MARK in piece.lower() for piece in pieces):
        return False
    # Every entry is stat-ed (not only those named as articles): its kind
    # comes from its mode, so the entries need not be made as DirEntry.
    if stat_names is not None and len(names) >= SPLIT_NAMES:
        made = stat_names(path, names)
        if isinstance(made, array):
            values = made
        else:
            values = array("q")
            values.frombytes(made)
        if len(values) != 5 * len(names):
            return False
    else:
        values = _stat_values(fd, names)
    kinds = _kinds(values)
    if b"L" in kinds:
        return False
    entered = []
    folders = _places(kinds, b"D")
    if folders:
        generated = _generated_in_listing(path, pieces, {names[i] for i in folders})
        for index in folders:
            name = names[index]
            if name in _SKIP_DIRS or name in generated:
                # Never entered: its name and kind are part of the
                # fingerprint, not its times (a tool writes there).
                values[5 * index + 1 : 5 * index + 5] = _NOT_ENTERED
            else:
                entered.append(name)
    digest.update(f"{rel}\0{len(names)}\0".encode("utf-8", "surrogateescape"))
    # Which directory the folder is (the top one is in no listing); not its
    # times, which a hidden name made in it changes.  A directory put in its
    # place between a fingerprint and a scan, or a name made in it, is told
    # by their callers, who compare the folder's stamp taken before the
    # fingerprint with the folder after the scan (see unchanged_since).
    digest.update(array("q", (own.st_mode, own.st_ino)).tobytes())
    for number, piece in enumerate(pieces):  # the names joined by NULs, a piece at a time
        if number:
            digest.update(b"\0")
        digest.update(piece.encode("utf-8", "surrogateescape"))
    digest.update(values)  # (its bytes, not copied: 40 MB for a million names)
    head = f"{rel}/" if rel else ""
    for name in entered:
        stack.append((os.path.join(path, name), head + name))
    return True


class FolderStamp(NamedTuple):
    """Which directory a folder is and when it last changed (see
    :func:`folder_stamp`)."""

    device: int
    inode: int
    ctime_ns: int
    mtime_ns: int
    # Changed long enough before the stamp was taken that a change made
    # after it gives the folder other times (see SETTLE_NS).
    settled: bool


# How long after its last change a folder's times are trusted to show a
# further change: longer than the times' grain.  Times in whole seconds are
# taken to be a coarse file system's (FAT's 2 s, HFS+, many network shares);
# any other the kernel's (a clock tick, a few milliseconds, on Linux before
# 6.13).  As git's "racily clean" entries: a folder changed within its times'
# grain of the stamp may change again with the same times.
SETTLE_NS = 100_000_000
SETTLE_COARSE_NS = 3_000_000_000


def folder_stamp(root: str | os.PathLike, folder: str) -> FolderStamp | None:
    """The stamp of the sub-folder ``folder`` of the library: which
    directory it is, its change and modification times (a name made,
    removed or renamed in it, or the folder renamed, changes them, within
    the grain of its times), and whether they were settled when taken.
    ``None`` when it cannot be had."""
    parts = folder.split("/") if folder else []
    path = os.path.join(os.path.realpath(os.fspath(root)), *parts)
    now = time.time_ns()  # (before the stat: a pause between them only makes it less settled)
    try:
        st = os.stat(path)
    except OSError:
        return None
    # By its change time alone, which the file system sets at every name
    # made, removed or renamed in it: anyone may set the modification time,
    # ahead of the clock too (touch -d, tar), and it then never settled.
    last = st.st_ctime_ns
    coarse = last % 1_000_000_000 == 0
    settled = now - last >= (SETTLE_COARSE_NS if coarse else SETTLE_NS)
    return FolderStamp(st.st_dev, st.st_ino, st.st_ctime_ns, st.st_mtime_ns, settled)


def unchanged_since(root: str | os.PathLike, folder: str, stamp: FolderStamp | None) -> bool:
    """Whether the sub-folder ``folder`` is the directory ``stamp`` was
    taken of, not changed since, and was settled then: taken before a
    :func:`fingerprint` and checked after the scan it is kept with, the
    scan saw the folder's names as the fingerprint did (a file made during
    the scan and removed after would otherwise be indexed for good, the
    folder back as fingerprinted)."""
    if stamp is None or not stamp.settled:
        return False
    now = folder_stamp(root, folder)
    return now is not None and now[:4] == stamp[:4]


# A fingerprint joins, searches and encodes a folder's names this many at a
# time: at a million names, each of those passes over the whole held the
# interpreter's lock for 50-65 ms in one call (the window's thread waiting),
# a piece of them for about 2 ms.
_PIECE_NAMES = 32_768


def _joined_pieces(names: list[str]) -> list[str]:
    """``names`` joined by NULs, :data:`_PIECE_NAMES` names a piece (the
    pieces joined by NULs again are the whole); none for no names."""
    if not names:
        return []
    if len(names) <= _PIECE_NAMES:
        return ["\0".join(names)]
    return [
        "\0".join(names[start : start + _PIECE_NAMES])
        for start in range(0, len(names), _PIECE_NAMES)
    ]


# Past this many names a scan skips in one folder, they are found by a call
# per name (a million such calls hold the interpreter's lock for ~70 ms).
_FEW_SKIPPED = 512


def _skipped_places(joined: str, names: list[str]) -> list[int]:
    """The places in ``names`` (joined by NULs: ``joined``) of the names
    the scan skips (:func:`is_skipped_name`), in order.  Where they are few
    they are found by the string's own searches, none longer than about
    25 ms over a million names (a character absent from every name is
    ruled out by one ``memchr``-fast search, about 1 ms)."""
    starts: set[int] = set()
    if joined.startswith(_SKIPPED_STARTS):
        starts.add(0)
    marks = ["\0."]
    if "#" in joined:
        marks.append("\0#")
    for mark in marks:
        at = joined.find(mark)
        while at >= 0 and len(starts) <= _FEW_SKIPPED:
            starts.add(at + 1)
            at = joined.find(mark, at + 1)
    tails = [tail for tail in ("~", "%", "#") if tail in joined]
    if ".sw" in joined:
        tails += [".swp", ".swo"]
    for tail in tails:
        if joined.endswith(tail):
            starts.add(joined.rfind("\0") + 1)
        mark = tail + "\0"
        at = joined.find(mark)
        while at >= 0 and len(starts) <= _FEW_SKIPPED:
            starts.add(joined.rfind("\0", 0, at) + 1)
            at = joined.find(mark, at + 1)
    if len(starts) > _FEW_SKIPPED:
        return [place for place, name in enumerate(names) if is_skipped_name(name)]
    places, place, counted = [], 0, 0
    for at in sorted(starts):
        place += joined.count("\0", counted, at)
        counted = at
        places.append(place)
    return places


# A folder of this many entries or more has them stat-ed by a fingerprint's
# ``stat_names``, when it is given.
SPLIT_NAMES = 200_000


def _kinds(values: array[int]) -> bytes:
    """One byte per entry of ``values`` (five values an entry, its mode
    first): ``L`` a symbolic link, ``D`` a folder, ``.`` anything else.  A
    few milliseconds for a million entries, in C; a call per entry (S_ISLNK,
    then S_ISDIR) held the interpreter's lock for 126 ms, and the window's
    thread waited for it."""
    view = memoryview(values).cast("B")[_MODE_TYPE_BYTE :: 5 * values.itemsize]
    return bytes(view).translate(_KINDS)


def _places(kinds: bytes, kind: bytes) -> list[int]:
    """Where ``kind`` is in ``kinds`` (see :func:`_kinds`), in order."""
    places = []
    at = kinds.find(kind)
    while at >= 0:
        places.append(at)
        at = kinds.find(kind, at + 1)
    return places


def _stat_values(fd: int, names: list[str]) -> array[int]:
    """The five values a fingerprint holds of each of ``names`` in the
    folder open as ``fd``, in order, by C functions mapped over them."""
    stats = map(partial(os.stat, dir_fd=fd, follow_symlinks=False), names)
    return array("q", chain.from_iterable(map(_FINGERPRINT_VALUES, stats)))


def stat_values(folder: str, names: list[str]) -> bytes:
    """The values a fingerprint holds of ``names`` in ``folder`` (its path),
    in order, as bytes: a part of a large folder's, in a worker process."""
    fd = os.open(folder, _DIR_FLAGS)
    try:
        return _stat_values(fd, names).tobytes()
    finally:
        os.close(fd)


def relative_path(root: str | os.PathLike, path: str | os.PathLike) -> str | None:
    """``path`` relative to ``root`` as a posix string, or ``None`` when it is
    outside.  ``path`` may be relative to ``root`` already."""
    root_abs = os.path.abspath(os.fspath(root))
    candidate = os.fspath(path)
    if not os.path.isabs(candidate):
        candidate = os.path.join(root_abs, candidate)
    candidate = os.path.normpath(candidate)
    if not _inside(candidate, root_abs):
        root_real = os.path.realpath(root_abs)
        parent_real = os.path.realpath(os.path.dirname(candidate))
        candidate = os.path.join(parent_real, os.path.basename(candidate))
        if not _inside(candidate, root_real):
            return None
        root_abs = root_real
    rel = os.path.relpath(candidate, root_abs)
    if rel == ".":
        return ""
    if rel.startswith(".."):
        return None
    return Path(rel).as_posix()


def in_skipped_folder(root: str | os.PathLike, folders: Sequence[str]) -> bool:
    """Whether the folder ``folders`` (its names, from ``root`` down) lies in
    one a scan never enters: a hidden or tool folder, or a site's generated
    output or templates (``public``, ``scaffolds``… beside its configuration)."""
    folder = os.fspath(root)
    for part in folders:
        if is_skipped_folder(part):
            return True
        if part in _SITE_CONFIGS:
            try:
                names = set(os.listdir(folder))
            except OSError:
                return True
            if part in _generated_dirs(folder, names):
                return True
        folder = os.path.join(folder, part)
    return False


def would_list(root: str | os.PathLike, rel: str) -> bool:
    """Whether :func:`scan` would list an article at ``rel`` once it is
    there (its folders may not be there yet): not in a hidden or tool
    folder, nor in a site's output folder (made or not yet made, beside the
    site's configuration), and in a site's content when ``root`` is a site."""
    root_real = os.path.realpath(os.fspath(root))
    parts = [part for part in rel.split("/") if part]
    if not parts or not is_article_name(parts[-1]) or is_skipped_name(parts[-1]):
        return False
    folder = root_real
    for part in parts[:-1]:
        if is_skipped_folder(part):
            return False
        if part in _SITE_CONFIGS:
            try:
                names = set(os.listdir(folder))
            except OSError:
                names = set()  # (a folder the move makes: no configuration beside)
            if any(config in names for config in _SITE_CONFIGS[part]):
                return False
        folder = os.path.join(folder, part)
    site = site_of_root(root_real)
    return site is None or classify(site, "/".join(parts)) is not None


def stat_article(root: str | os.PathLike, rel: str) -> FileStat | None:
    """The :class:`FileStat` of ``rel`` if :func:`scan` would list it under
    that path (same skipping rules), else ``None``.  Paths reached through a
    symbolic link return ``None``; a full scan decides those."""
    found = look_at(root, rel)
    return found if isinstance(found, FileStat) else None


def look_at(root: str | os.PathLike, rel: str) -> FileStat | PathProblem | None:
    """What :func:`scan` would make of ``rel``: its :class:`FileStat` when
    it would list it, the :class:`PathProblem` it would report for an
    article's name on what is not a file to read (a FIFO, a device, a
    socket), else ``None`` (skipped, gone, a folder; reached through a
    symbolic link: a full scan decides those)."""
    root_real = os.path.realpath(os.fspath(root))
    parts = [p for p in rel.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts) or not is_article_name(parts[-1]):
        return None
    if in_skipped_folder(root_real, parts[:-1]):
        return None
    folder = os.path.join(root_real, *parts[:-1])
    site = site_of_root(root_real)
    if site is not None and classify(site, "/".join(parts)) is None:
        return None
    path = os.path.join(folder, parts[-1])
    if os.path.realpath(path) != path:
        return None
    original = existing_original(parts[-1], lambda n: is_listed_file(os.path.join(folder, n)))
    if original is not None:
        return None  # a sync tool's conflict copy, set aside under its original
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    if statmod.S_ISREG(st.st_mode):
        return FileStat.of(st)
    if statmod.S_ISDIR(st.st_mode):
        return None
    return PathProblem("/".join(parts), f"not read: {file_kind(st.st_mode)}, not a regular file")


class FolderSizes:
    """Which paths of a folder are articles, and the sizes of ``candidates``
    (paths relative to it), read from disk (no index):
    :class:`~reader.core.library.state.store.ArticleSizes` for a command
    that opens no index (``mark``): state left by an article renamed outside
    the app is looked for among the articles it names (those it marks), never
    by scanning the whole folder."""

    def __init__(self, root: str | os.PathLike, candidates: Iterable[str]):
        self.root = os.fspath(root)
        self.candidates = list(dict.fromkeys(candidates))

    def ids_of_paths(self, paths: Iterable[str]) -> dict[str, int]:
        """The ``paths`` a regular file is at (one ``lstat`` each: a path
        with state is looked for elsewhere only when nothing is there)."""
        found: dict[str, int] = {}
        listed: dict[str, frozenset[str] | None] = {}
        for path in dict.fromkeys(paths):
            try:
                st = os.lstat(os.path.join(self.root, *path.split("/")))
            except (OSError, ValueError):
                continue
            # (under that very name: on a volume that ignores case, the old
            # name of a file renamed note.md from Note.md is found too)
            if statmod.S_ISREG(st.st_mode) and named_exactly(self.root, path, listed):
                found[path] = len(found)
        return found

    def file_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for path in self.candidates:
            found = stat_article(self.root, path)
            if found is not None:
                sizes[path] = found.size
        return sizes


def has_links(root: str | os.PathLike, rel: str) -> bool:
    """True when some component of ``rel`` is a symbolic link."""
    root_real = os.path.realpath(os.fspath(root))
    path = os.path.join(root_real, *[p for p in rel.split("/") if p])
    return os.path.realpath(path) != os.path.normpath(path)
