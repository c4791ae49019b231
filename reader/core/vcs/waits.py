"""A FIFO that git would wait on, found before git runs or while it waits.  No Qt here.

git opens its configuration (every file it includes too), ``HEAD``, the
index, the ignore and attribute files, ``.mailmap`` and more with a plain
``open``.  A FIFO at one of those names (a synced or cloned library can
carry one, and ``include.path`` can name any file) holds a git call until
its timeout: a minute for each status the window keeps up to date.

Two guards, so that it is named at once instead:

* :func:`waiting_file`, before git runs: the files every command reads
  (the configuration chain, the repository's own files, the top ignore,
  attribute and mailmap files) are looked at with ``stat``.
* :func:`fifo_wait`, while git runs (Linux): a process of git's tree whose
  kernel wait channel is ``wait_for_partner`` is opening a FIFO; the name it
  is opening is read from its pending system call (``/proc``).  This covers
  what the first guard cannot list: the ``.gitignore`` of any folder, a
  submodule's files.
"""

from __future__ import annotations

import os
import platform
import stat
from collections.abc import Iterator
from pathlib import Path

from reader.core.common.files import file_kind, open_regular

__all__ = ["config_paths", "fifo_wait", "waiting_file"]

_INCLUDE_DEPTH = 10  # git's own limit on nested includes
_CONFIG_LIMIT = 1 << 20


# -- the configuration's syntax (enough of it to find file names) ----------------------


def _joined_lines(text: str) -> list[str]:
    """The lines of ``text``, a line ending in an odd number of backslashes
    joined to the next (git's continuation)."""
    lines: list[str] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.rstrip("\r")
        trailing = len(stripped) - len(stripped.rstrip("\\"))
        if trailing % 2:
            pending += stripped[:-1]
            continue
        lines.append(pending + stripped)
        pending = ""
    if pending:
        lines.append(pending)
    return lines


def _value(text: str) -> str:
    """A variable's value as git reads it: quotes removed (and joined),
    escapes turned into their characters, a ``#`` or ``;`` outside quotes
    ending it, spaces around it dropped."""
    out: list[str] = []
    quoted = False
    kept = 0  # the length of ``out`` up to its last quoted or non-space character
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            nxt = text[index + 1]
            out.append({"n": "\n", "t": "\t", "b": "\b"}.get(nxt, nxt))
            kept = len(out)
            index += 2
            continue
        if char == '"':
            quoted = not quoted
            kept = len(out)
        elif not quoted and char in "#;":
            break
        elif quoted or not char.isspace():
            out.append(char)
            kept = len(out)
        elif out:  # an inner space (leading ones are dropped)
            out.append(char)
        index += 1
    return "".join(out[:kept])


def _header(line: str) -> tuple[str, str | None, str] | None:
    """``(section, subsection, rest of the line)`` of a section header."""
    text = line.lstrip()
    if not text.startswith("["):
        return None
    end = 1
    quoted = False
    while end < len(text):
        char = text[end]
        if char == "\\" and quoted:
            end += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "]" and not quoted:
            break
        end += 1
    inside, rest = text[1:end].strip(), text[end + 1 :]
    name, _, sub = inside.partition(" ")
    if sub.strip().startswith('"'):
        return name.lower(), _value(sub.strip()), rest
    if "." in name:  # the old spelling: [section.subsection]
        section, _, subsection = name.partition(".")
        return section.lower(), subsection, rest
    return name.lower(), None, rest


def _entries(text: str) -> Iterator[tuple[str, str | None, str, str]]:
    """Every ``(section, subsection, key, value)`` of a configuration file;
    names lower-cased, as git compares them (not the subsection)."""
    section: str = ""
    subsection: str | None = None
    for line in _joined_lines(text):
        header = _header(line)
        if header is not None:
            section, subsection, line = header
        body = line.strip()
        if not body or body[0] in "#;":
            continue
        key, equals, value = body.partition("=")
        key = key.strip().lower()
        if equals and key:
            yield section, subsection, key, _value(value)


def _read_config(path: Path) -> str:
    try:
        with open_regular(path) as handle:
            return handle.read(_CONFIG_LIMIT).decode("utf-8", "replace")
    except OSError:
        return ""


def _named(value: str, base: Path) -> Path:
    named = Path(os.path.expanduser(value))
    return named if named.is_absolute() else base / named


def config_paths(config: Path) -> tuple[list[Path], list[Path]]:
    """The files ``config`` includes (``include.path``, and every
    ``includeIf.*.path`` whatever its condition), and the other files it
    names for git to read (``core.excludesFile``, ``core.attributesFile``,
    ``mailmap.file``)."""
    included: list[Path] = []
    named: list[Path] = []
    for section, subsection, key, value in _entries(_read_config(config)):
        if not value:
            continue
        if key == "path" and (
            (section == "include" and subsection is None) or section == "includeif"
        ):
            included.append(_named(value, config.parent))
        elif (section, key) in (("core", "excludesfile"), ("core", "attributesfile")) or (
            section == "mailmap" and key == "file"
        ):
            named.append(_named(value, config.parent))
    return included, named


# -- before git runs ---------------------------------------------------------------------


def _git_dir(folder: Path) -> Path | None:
    """The repository folder git would find from ``folder`` (``.git``, or
    what a ``.git`` file names), or None."""
    for top in (folder, *folder.parents):
        dot = top / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            line = _read_config(dot).strip()
            if line.startswith("gitdir:"):
                return _named(line.removeprefix("gitdir:").strip(), top)
            return None
    return None


def _null_device() -> int | None:
    """The device number of :data:`os.devnull`, or None."""
    try:
        st = os.stat(os.devnull)
    except OSError:
        return None
    return st.st_rdev if stat.S_ISCHR(st.st_mode) else None


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when git would wait on it (None: a regular file, a
    folder, the null device or nothing)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    kind = file_kind(st.st_mode)
    if kind == "a character device" and st.st_rdev == _null_device():
        # empty at once: GIT_CONFIG_GLOBAL=/dev/null (as git's manual
        # suggests) or core.excludesFile=/dev/null stopped every git call
        return None
    return None if kind in (None, "a folder") else kind


def _user_configs() -> list[Path]:
    """The user's and the system's configuration files, as git finds them."""
    found: list[Path] = []
    if os.environ.get("GIT_CONFIG_NOSYSTEM", "").lower() not in ("1", "true", "yes"):
        found.append(Path(os.environ.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig"))
    if os.environ.get("GIT_CONFIG_GLOBAL"):
        found.append(Path(os.environ["GIT_CONFIG_GLOBAL"]))
    else:
        found += [_xdg_git() / "config", Path(os.path.expanduser("~/.gitconfig"))]
    return found


def _xdg_git() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return Path(base) / "git"


def waiting_file(folder: Path) -> tuple[Path, str] | None:
    """A file git would wait on before doing anything in ``folder``, and what
    it is (``a FIFO (named pipe)``…); None when there is none to be seen."""
    git_dir = _git_dir(folder)
    files: list[Path] = [_xdg_git() / "ignore", _xdg_git() / "attributes"]
    configs = _user_configs()
    if git_dir is not None:
        files.append(git_dir / "commondir")
        common = git_dir
        text = _read_config(git_dir / "commondir").strip()
        if text:  # a linked work tree keeps its configuration in the common folder
            common = _named(text, git_dir)
        top = git_dir.parent
        files += [
            git_dir / "HEAD",
            git_dir / "index",
            common / "packed-refs",
            common / "objects" / "info" / "alternates",
            common / "info" / "exclude",
            common / "info" / "attributes",
            top / ".gitignore",
            top / ".gitattributes",
            top / ".mailmap",
        ]
        configs += [common / "config", git_dir / "config.worktree"]
    seen: set[Path] = set()
    depth = 0
    while configs and depth <= _INCLUDE_DEPTH:
        files.extend(configs)
        following: list[Path] = []
        for config in configs:
            if config not in seen and _not_regular(config) is None:
                seen.add(config)
                included, named = config_paths(config)
                following += included
                files += named
        configs, depth = following, depth + 1
    for path in files:
        kind = _not_regular(path)
        if kind is not None:
            return path, kind
    return None


# -- while git runs (Linux) ------------------------------------------------------------------

_PROC = Path("/proc")
_OPEN_CALLS = {  # (system call number of openat, of open) on each machine
    "x86_64": (257, 2),
    "amd64": (257, 2),
    "aarch64": (56, None),
    "arm64": (56, None),
}
_AT_FDCWD = (0xFFFFFF9C, 0xFFFFFFFFFFFFFF9C, -100)


def _tree(pid: int, limit: int = 64) -> list[int]:
    """``pid`` and its descendants (at most ``limit``)."""
    found: list[int] = []
    pending = [pid]
    while pending and len(found) < limit:
        each = pending.pop()
        found.append(each)
        try:
            children = (_PROC / str(each) / "task" / str(each) / "children").read_text()
        except OSError:
            continue
        pending += [int(child) for child in children.split()]
    return found


def _opening(pid: int) -> str | None:
    """The name the process ``pid`` is opening (its pending ``open`` or
    ``openat``), made absolute; None when it cannot be told."""
    calls = _OPEN_CALLS.get(platform.machine().lower())
    try:
        fields = (_PROC / str(pid) / "syscall").read_text().split()
        number = int(fields[0])
        if calls is None or number not in calls:
            return None
        args = [int(field, 16) for field in fields[1:4]]
        dirfd, address = (args[0], args[1]) if number == calls[0] else (_AT_FDCWD[0], args[0])
        name = _string_at(pid, address)
        if name is None:
            return None
        if os.path.isabs(name):
            return name
        base = "cwd" if dirfd in _AT_FDCWD else f"fd/{dirfd}"
        return os.path.join(os.readlink(_PROC / str(pid) / base), name)
    except (OSError, ValueError, IndexError):
        return None


def _string_at(pid: int, address: int) -> str | None:
    """The NUL-ended string at ``address`` in the memory of ``pid`` (a child
    of this process), read a page at a time."""
    data = b""
    with open(_PROC / str(pid) / "mem", "rb", buffering=0) as memory:
        while len(data) < 4096:
            memory.seek(address + len(data))
            chunk = memory.read(4096 - (address + len(data)) % 4096)
            if not chunk:
                return None
            end = chunk.find(b"\0")
            if end >= 0:
                return os.fsdecode(data + chunk[:end])
            data += chunk
    return None


def fifo_wait(pid: int) -> tuple[str | None] | None:
    """``(name,)`` when a process of the tree of ``pid`` waits to open a
    FIFO (``name`` the file, or None when it cannot be told); None when none
    does, or where this cannot be seen (not Linux)."""
    for each in _tree(pid):
        try:
            channel = (_PROC / str(each) / "wchan").read_text().strip()
        except OSError:
            continue
        if channel == "wait_for_partner":
            return (_opening(each),)
    return None
