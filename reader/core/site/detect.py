"""Which site a folder belongs to, and its configuration.  No Qt here.

:func:`find_site` looks at the folder and every folder above it (the rule of
:mod:`reader.core.article.boundary`: a configuration *and* its content
folder); :func:`load_site` reads one site root.  A configuration that is
missing or broken never raises: the :class:`Site` then has the defaults of
its kind and says what went wrong in ``problems`` (file and line).

The :class:`Site` is plain data that callers pass on (the renderer receives
it from its caller; it never imports this package).
"""

from __future__ import annotations

import copy
import fnmatch
import functools
import json
import os
import re
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.article.boundary import (
    HEXO_JEKYLL_CONFIGS,
    HUGO_CONFIGS,
    is_site_root,
    jekyll_source,
    unusable_configs,
    within,
)
from reader.core.common.files import open_regular

__all__ = [
    "HEXO",
    "HUGO",
    "JEKYLL",
    "LONG_NUMBER",
    "MAX_DEPTH",
    "MAX_VALUES",
    "Site",
    "count_values",
    "find_site",
    "load_site",
    "long_number_line",
    "nesting_line",
    "parse_config",
    "path_prefixes",
    "unusable_configs",
    "value_problem",
]

HEXO = "hexo"
JEKYLL = "jekyll"
HUGO = "hugo"

CONFIG_LIMIT = 1024 * 1024
"""A configuration larger than this is reported and not read (a megabyte of
YAML takes seconds to parse; a site's own configuration is a few kilobytes)."""

MAX_VALUES = 1_000_000
"""A configuration or data file whose values, with YAML aliases expanded,
number more than this is reported and not used (an alias bomb)."""


MAX_DEPTH = 100
"""A configuration or data file whose values nest deeper than this is
reported and not used (as front matter: every walk of it would recurse)."""

_RECURSIVE = -1  # (a value that holds itself: a YAML alias inside its own anchor)

# The tokens that matter to the nesting of TOML and JSON: strings and
# comments (whose brackets do not count) and the brackets themselves
# (compiled when first used).
_NESTING_TOKENS = {
    "toml": (
        r'"""(?:[^"\\]|\\.|"(?!""))*"{3,5}'
        r"|'''(?:[^']|'(?!''))*'{3,5}"
        r'|"(?:[^"\\\n]|\\.)*"'
        r"|'[^'\n]*'"
        r"|#[^\n]*"
        r"|[\[\]{}]"
    ),
    "json": r'"(?:[^"\\]|\\.)*"|[\[\]{}]',
}


def nesting_line(text: str, syntax: str, limit: int = MAX_DEPTH) -> int | None:
    """The line on which the brackets of the TOML or JSON (``syntax``)
    ``text`` first nest deeper than ``limit``, or None.  Found in one pass
    without parsing: the parsers recurse once per level, and thousands of
    ``[`` end in a RecursionError that says nothing of where."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in re.compile(_NESTING_TOKENS[syntax], re.DOTALL).finditer(text):
        char = match.group(0)
        if char in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _measure(value: object, limit: int) -> tuple[int, int]:
    """How many values ``value`` holds at every depth, with shared values
    (YAML aliases) counted each time they appear, up to just past ``limit``;
    and how deep its lists and mappings nest (:data:`_RECURSIVE` when one
    holds itself).  Each shared value is walked once, so an alias bomb
    (a "billion laughs") is measured without being expanded."""
    sizes: dict[int, tuple[int, int]] = {}  # id of a list or mapping → its count and depth
    walking: set[int] = set()  # the lists and mappings on the path to the one walked
    stack: list[tuple[object, bool]] = [(value, False)]
    while stack:
        item, done = stack.pop()
        if not isinstance(item, dict | list | tuple):
            continue
        key = id(item)
        children = item.values() if isinstance(item, dict) else item
        if done:
            count = 1 + (len(item) if isinstance(item, dict) else 0)
            depth = 0
            for child in children:
                size = sizes.get(id(child)) if isinstance(child, dict | list | tuple) else None
                count += size[0] if size is not None else 1
                depth = max(depth, size[1] + 1 if size is not None else 1)
            sizes[key] = (min(count, limit + 1), depth)
            walking.discard(key)
        elif key in walking:
            return limit + 1, _RECURSIVE
        elif key not in sizes:
            walking.add(key)
            stack.append((item, True))
            stack.extend((child, False) for child in children)
    if not isinstance(value, dict | list | tuple):
        return 1, 0
    return sizes[id(value)]


def count_values(value: object, limit: int = MAX_VALUES) -> int:
    """How many values ``value`` holds at every depth, with shared values (YAML
    aliases) counted each time they appear, counting to just past ``limit``
    (a value that holds itself counts as past it)."""
    return _measure(value, limit)[0]


def value_problem(value: object) -> str | None:
    """Why a configuration or data file's ``value`` is not used, in words
    that follow its name ("expands to more than 1,000,000 values"), or None."""
    count, depth = _measure(value, MAX_VALUES)
    if depth == _RECURSIVE:
        return "holds itself (a YAML alias inside its own anchor)"
    if count > MAX_VALUES:
        return f"expands to more than {MAX_VALUES:,} values"
    if depth > MAX_DEPTH:
        return f"nests deeper than {MAX_DEPTH} levels"
    return None


@dataclass(frozen=True)
class Site:
    """A Hexo, Jekyll or Hugo site: what its configuration says, with the
    defaults of its kind filled in.  Folders are posix paths relative to
    ``root`` (``""`` is the root itself)."""

    kind: str  # HEXO, JEKYLL or HUGO
    root: Path
    config_path: Path | None
    config: Mapping[str, Any]
    problems: tuple[str, ...]  # a missing or broken configuration, said plainly
    content_dir: str  # Hexo "source", Jekyll "" (its source), Hugo "content"
    posts_dir: str | None  # Hexo "source/_posts", Jekyll "_posts"; Hugo None
    drafts_dir: str | None  # Hexo "source/_drafts", Jekyll "_drafts"; Hugo None
    scaffolds_dir: str  # Hexo "scaffolds", Hugo "archetypes", Jekyll "" (none)
    collections: tuple[str, ...] = ()  # Jekyll collection folders ("_docs")
    data_dirs: tuple[str, ...] = ()
    post_asset_folder: bool = False
    new_post_name: str = ":title.md"
    default_category: str | None = None
    category_map: Mapping[str, str] = field(default_factory=dict)
    tag_map: Mapping[str, str] = field(default_factory=dict)
    main_sections: tuple[str, ...] = ()  # Hugo: sections that hold posts
    exclude: tuple[str, ...] = ()  # Jekyll's exclude list
    # Jekyll's front-matter defaults: (path prefix, type or "", the keys they set)
    defaults: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def default_keys(self, rel: str, kind: str | None) -> frozenset[str]:
        """The keys Jekyll's ``defaults`` give the file at ``rel`` (posix,
        from the root) of ``kind`` ("post", "draft", "page"): a scope's
        ``type`` is posts, drafts, pages or a collection's name (``docs``
        for ``_docs``), its ``path`` a folder or a glob (``_posts/*``)."""
        types = {"", {"post": "posts", "draft": "drafts", "page": "pages"}.get(kind or "", "")}
        prefixes = path_prefixes(rel)
        types |= {c.rsplit("/", 1)[-1].lstrip("_") for c in self.collection_set if c in prefixes}
        keys: set[str] = set()
        by_prefix = self.defaults_by_prefix
        for prefix in {"", *prefixes}:
            for scope_type, names in by_prefix.get(prefix, ()):
                if scope_type in types:
                    keys.update(names)
        for pattern, scope_type, names in self.defaults:
            if (
                "*" in pattern
                and scope_type in types
                and any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes)
            ):
                keys.update(names)
        return frozenset(keys)

    # Looked up for every file a scan meets: sets made once, so that a
    # configuration listing 30,000 collections or excludes costs a few set
    # look-ups per file, not 30,000 comparisons.

    @functools.cached_property
    def defaults_by_prefix(self) -> Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """Jekyll's ``defaults`` by their path: (type or "", the keys) each."""
        found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for prefix, scope_type, names in self.defaults:
            found.setdefault(prefix.rstrip("/"), []).append((scope_type, names))
        return {prefix: tuple(scopes) for prefix, scopes in found.items()}

    @functools.cached_property
    def main_section_set(self) -> frozenset[str]:
        return frozenset(self.main_sections)

    @functools.cached_property
    def collection_set(self) -> frozenset[str]:
        return frozenset(folder for folder in self.collections if folder)

    @functools.cached_property
    def exclude_set(self) -> frozenset[str]:
        return frozenset(entry.strip("/") for entry in self.exclude if entry.strip("/"))

    @functools.cached_property
    def article_dirs(self) -> frozenset[str]:
        """Jekyll: the folders that hold articles (posts, drafts, collections)."""
        return frozenset(d for d in (self.posts_dir, self.drafts_dir, *self.collections) if d)

    @functools.cached_property
    def article_dir_parents(self) -> frozenset[str]:
        """Every folder above one of :attr:`article_dirs` (``a`` and ``a/b``
        for ``a/b/_docs``)."""
        return frozenset(p for d in self.article_dirs for p in path_prefixes(d)[:-1])

    def path(self, rel: str) -> Path:
        return self.root.joinpath(*[p for p in rel.split("/") if p])

    def display_category(self, name: str) -> str:
        """A category as the site shows it (``category_map``); the file keeps its spelling."""
        return str(self.category_map.get(name, name))

    def display_tag(self, name: str) -> str:
        return str(self.tag_map.get(name, name))


def path_prefixes(rel: str) -> list[str]:
    """``rel`` (a posix path) and every path it is inside: ``a``, ``a/b``,
    ``a/b/c.md`` for ``a/b/c.md``.  ``rel`` is inside ``folder`` (or is it)
    exactly when ``folder`` is one of them."""
    return [rel[:i] for i, char in enumerate(rel) if char == "/"] + [rel]


def find_site(path: str | os.PathLike) -> Site | None:
    """The site ``path`` (a file or folder) is in, or None."""
    start = Path(os.path.abspath(path))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if is_site_root(folder):
            return load_site(folder)
    return None


def _read_config(path: Path, root: Path) -> tuple[dict[str, Any], str | None]:
    """The mapping in a configuration file, or ({}, the problem).  A file
    that is a link to outside the site ``root`` (resolved) is not read: a
    cloned site's ``_config.yml`` naming a private file would put that file's
    values on every page.  What a file held is kept while its bytes stay
    the same (the site is looked up for every page rendered, and a large
    configuration takes a while to parse; reading it again is quick).  Not
    its size, times and inode: on a disk that keeps whole seconds (HFS+,
    FAT, network shares) a file rewritten in place within one second, at
    the same size, keeps them all, and its new values went unseen."""
    if not within(path, root):
        return {}, f"{path}: the configuration is a link to outside the site; not read"
    try:
        # never waits on a FIFO swapped in; what was checked is what is read
        # (a link put in its place since is refused)
        with open_regular(os.path.realpath(path), follow_links=False) as handle:
            st = os.fstat(handle.fileno())
            if st.st_size > CONFIG_LIMIT:
                return {}, (
                    f"{path}: the configuration is too large to read ({st.st_size:,} bytes; "
                    f"at most {CONFIG_LIMIT:,})"
                )
            raw = handle.read(CONFIG_LIMIT + 1)
    except OSError as exc:
        return {}, f"{path}: cannot read the configuration: {exc.strerror or exc}"
    if len(raw) > CONFIG_LIMIT:  # grew since its stat
        return {}, f"{path}: the configuration is too large to read (over {CONFIG_LIMIT:,} bytes)"
    key = str(path)
    with _parsed_lock:
        cached = _parsed.get(key)
    if cached is not None and cached[2] == raw:
        data, problem = cached[0], cached[1]
    else:
        data, problem = parse_config(raw, path)
    with _parsed_lock:
        if len(_parsed) >= 16 and key not in _parsed:
            _parsed.clear()
            _texts.clear()
        _parsed[key] = (data, problem, raw)
        _texts[key] = raw
    return copy.deepcopy(data), problem  # (callers may change theirs)


#: A configuration file's path → what it held, the problem reading it, and
#: its bytes (what it held is used again only for the very same bytes).
_parsed: dict[str, tuple[dict[str, Any], str | None, bytes]] = {}
#: A configuration file's path → its bytes as last read (for the lines of
#: the settings reported, :func:`_at`).
_texts: dict[str, bytes] = {}
_parsed_lock = threading.Lock()


def _at(config: Path | None, key: str) -> str:
    """``config`` and, when found, the line its setting ``key`` is written
    on (``/site/_config.yml line 4``): the first line that starts with the
    key (quoted or not, any case) followed by ``:`` or ``=``, or a TOML
    table header of that name."""
    from reader.core.common.text import NotUTF8Error, site_text

    raw = _texts.get(str(config)) if config is not None else None
    try:
        text = site_text(raw) if raw else ""
    except NotUTF8Error:
        text = ""
    if not text:
        return str(config)
    name = re.escape(key)
    found = re.search(
        rf"""^[ \t]*(?:\[[ \t]*)?(?:{name}|"{name}"|'{name}')[ \t]*(?:[:=]|\])""",
        text,
        re.MULTILINE | re.IGNORECASE,
    )
    return f"{config} line {text.count(chr(10), 0, found.start()) + 1}" if found else str(config)


def parse_config(raw: bytes, path: Path) -> tuple[dict[str, Any], str | None]:
    """The mapping in the bytes of the configuration file ``path`` (YAML,
    TOML or JSON by its suffix), or ({}, the problem, naming the file and,
    where there is one, the line)."""
    from reader.core.common.text import NotUTF8Error, site_text

    try:
        text = site_text(raw)
    except NotUTF8Error as exc:
        where = f" line {exc.line}" if exc.line else ""
        return {}, f"{path}{where}: the configuration is {exc.message}"
    suffix = path.suffix.lower()
    if suffix in (".toml", ".json"):
        line = nesting_line(text, suffix[1:])
        if line is not None:
            return {}, f"{path} line {line}: the configuration nests deeper than {MAX_DEPTH} levels"
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif suffix == ".json":
            data = json.loads(text)
        else:
            data = _load_yaml(text)
    except _YAMLProblem as exc:
        where = f" line {exc.line}" if exc.line else ""
        return {}, f"{path}{where}: invalid YAML: {exc.message}"
    except tomllib.TOMLDecodeError as exc:
        from reader.core.article.codec import toml_error_place

        message, line = toml_error_place(str(exc), text, "the end of the file")
        return {}, f"{path} line {line}: invalid TOML: {message}"
    except json.JSONDecodeError as exc:
        return {}, f"{path} line {exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})"
    except RecursionError:
        return {}, f"{path}: the configuration nests deeper than {MAX_DEPTH} levels"
    except (ValueError, TypeError, OverflowError) as exc:
        line = long_number_line(text)
        if line is not None:
            return {}, f"{path} line {line}: the configuration holds {LONG_NUMBER}"
        return {}, f"{path}: invalid configuration: {str(exc).splitlines()[0] if str(exc) else exc}"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, f"{path}: the configuration is not a mapping of keys to values"
    line = long_number_line(text) if len(text) > 3_000 else None
    if line is not None:  # (read from hexadecimal digits, it failed wherever it was shown)
        return {}, f"{path} line {line}: the configuration holds {LONG_NUMBER}"
    problem = value_problem(data)
    if problem is not None:
        return {}, f"{path}: the configuration {problem}"
    return {str(k): v for k, v in data.items()}, None


LONG_NUMBER = "a number of more than 4,300 digits"
"""What Python refuses to read (``sys.get_int_max_str_digits``), said plainly."""


def long_number_line(text: str) -> int | None:
    """The line of the first number in ``text`` with more than 4,300 digits
    (which Python refuses to read), or None."""
    found = _LONG_NUMBER.search(text)
    return text.count("\n", 0, found.start()) + 1 if found is not None else None


# Decimal digits, and the hexadecimal, octal or binary ones of a number that
# has more than 4,300 decimal digits (they were read, and failed when shown).
_LONG_NUMBER = re.compile(
    r"(?<![\w.])(?:[0-9](?:_?[0-9]){4300,}|0[xX](?:_?[0-9a-fA-F]){3572,}"
    r"|0[oO](?:_?[0-7]){4762,}|0[bB](?:_?[01]){14285,})"
)


class _YAMLProblem(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _load_yaml(text: str) -> Any:
    """The value of the YAML ``text`` (libyaml's safe loader, YAML 1.1 as
    Jekyll and Hexo read it).  Raises :class:`_YAMLProblem` with the line."""
    import yaml

    try:
        from reader.core.article.yamlload import SafeLoader

        return yaml.load(text, Loader=SafeLoader)
    except yaml.reader.ReaderError as exc:
        # (its position is a byte offset from libyaml, a character offset
        # from the pure-Python reader: the character is found again)
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        code = ord(found.group()) if found else exc.character
        line = text.count("\n", 0, found.start()) + 1 if found else None
        if not isinstance(code, int):
            raise _YAMLProblem("a character YAML does not allow", line) from None
        kind = "a control character" if code < 0xA0 else "a character"
        raise _YAMLProblem(f"U+{code:04X} is {kind} YAML does not allow", line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise _YAMLProblem(str(exc.problem or exc.context or "not YAML"), line) from None
    except yaml.YAMLError as exc:
        raise _YAMLProblem(str(exc).splitlines()[0] if str(exc) else "not YAML", None) from None


def _text(value: Any, default: str) -> str:
    return value.strip().strip("/") if isinstance(value, str) and value.strip() else default


def _folder(value: Any, default: str, key: str, problems: list[str], config: Path | None) -> str:
    """A folder setting, relative to the site root, spelled as the site's
    paths are compared (``./content`` and ``content/`` are ``content``;
    ``.`` is the site root itself, ``""``): one that leads out of the site
    (``..``, absolute) is reported and the default used instead."""
    text = _text(value, default)
    raw = value.strip() if isinstance(value, str) else ""
    parts = [part for part in text.replace("\\", "/").split("/") if part not in ("", ".")]
    if raw.startswith(("/", "\\")) or ".." in parts or ":" in text:
        problems.append(
            f"{_at(config, key)}: {key} {raw!r} leads out of the site; using {default!r}"
        )
        return default
    if "\0" in text:  # (no folder is named so: every look at it failed, ValueError)
        problems.append(f"{_at(config, key)}: {key} {raw!r} is no folder name; using {default!r}")
        return default
    return "/".join(parts)


#: The settings we read, and the types they must have (others are reported
#: and ignored: the default is used).
_SETTING_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "source_dir": ((str,), "a folder name"),
    "new_post_name": ((str,), "a file-name pattern"),
    "default_category": ((str, int, float), "a name"),
    "category_map": ((dict,), "a mapping"),
    "tag_map": ((dict,), "a mapping"),
    "post_asset_folder": ((bool,), "true or false"),
    "render_drafts": ((bool,), "true or false"),
    "collections_dir": ((str,), "a folder name"),
    "source": ((str,), "a folder name"),
    "collections": ((dict, list), "a mapping or a list"),
    "defaults": ((list,), "a list"),
    "exclude": ((list, str), "a list"),
    "data_dir": ((str,), "a folder name"),
    "contentdir": ((str,), "a folder name"),
    "archetypedir": ((str,), "a folder name"),
    "datadir": ((str,), "a folder name"),
    "params": ((dict,), "a mapping"),
    "taxonomies": ((dict,), "a mapping"),
}


def _report_types(config: dict[str, Any], config_path: Path | None, problems: list[str]) -> None:
    """Report the settings whose value has the wrong type (they are ignored)."""
    for key, value in config.items():
        expected = _SETTING_TYPES.get(key.lower())
        if expected is None or value is None or isinstance(value, expected[0]):
            continue
        problems.append(
            f"{_at(config_path, key)}: {key} should be {expected[1]}, "
            f"not {type(value).__name__}; ignored"
        )


def _mapping(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    scalars = (str, int, float)
    return {
        str(k): str(v)
        for k, v in value.items()
        if isinstance(k, scalars) and isinstance(v, scalars) and not isinstance(v, bool)
    }


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, str | int))
    return ()


def load_site(root: str | os.PathLike) -> Site:
    """Read the site at ``root`` (a site root, see
    :func:`~reader.core.article.boundary.is_site_root`).  Never raises for a
    missing or broken configuration: see :attr:`Site.problems`."""
    root_path = Path(root).resolve()
    if any((root_path / name).is_file() for name in HEXO_JEKYLL_CONFIGS) and (
        (root_path / "source").is_dir()
        or (root_path / "_posts").is_dir()
        or any(jekyll_source(root_path, name) for name in HEXO_JEKYLL_CONFIGS)
    ):
        return _hexo_or_jekyll(root_path)
    return _hugo(root_path)


def _hexo_or_jekyll(root: Path) -> Site:
    config_path = next(
        (root / name for name in HEXO_JEKYLL_CONFIGS if (root / name).is_file()), None
    )
    config: dict[str, Any] = {}
    problems: list[str] = []
    if config_path is not None:
        config, problem = _read_config(config_path, root)
        if problem:
            problems.append(problem)
        _report_types(config, config_path, problems)
    hexo_keys = {"source_dir", "new_post_name", "post_asset_folder", "render_drafts"}
    is_hexo = (
        bool(hexo_keys & config.keys())
        or (root / "scaffolds").is_dir()
        or (
            (root / "source").is_dir()
            and not (root / "_posts").is_dir()
            and "source" not in config  # (Jekyll's own, naming its site's folder)
        )
    )
    if is_hexo:
        source = _folder(config.get("source_dir"), "source", "source_dir", problems, config_path)
        inside = f"{source}/" if source else ""  # (source_dir "." is the site's own folder)
        return Site(
            HEXO,
            root,
            config_path,
            config,
            tuple(problems),
            source,
            f"{inside}_posts",
            f"{inside}_drafts",
            "scaffolds",
            data_dirs=(f"{inside}_data",),
            post_asset_folder=config.get("post_asset_folder") is True,
            new_post_name=_text(config.get("new_post_name"), ":title.md"),
            default_category=(
                str(config["default_category"]) if config.get("default_category") else None
            ),
            category_map=_mapping(config.get("category_map")),
            tag_map=_mapping(config.get("tag_map")),
        )
    # Jekyll's "source": the folder the site's files are in (the posts, the
    # collections and the data below it), the configuration beside it
    source = _folder(config.get("source"), "", "source", problems, config_path)
    inside = f"{source}/" if source else ""
    collections_dir = _folder(
        config.get("collections_dir"), "", "collections_dir", problems, config_path
    )
    prefix = f"{inside}{collections_dir}/" if collections_dir else inside
    collections = config.get("collections")
    names = list(collections) if isinstance(collections, dict | list) else []
    data_dir = _folder(config.get("data_dir"), "_data", "data_dir", problems, config_path)
    return Site(
        JEKYLL,
        root,
        config_path,
        config,
        tuple(problems),
        source,
        f"{prefix}_posts",
        f"{prefix}_drafts",
        "",
        collections=tuple(f"{prefix}_{n}" for n in names if isinstance(n, str) and n != "posts"),
        data_dirs=(f"{inside}{data_dir}",),
        new_post_name=":year-:month-:day-:title.md",
        exclude=_names(config.get("exclude")),
        defaults=_defaults(config.get("defaults")),
    )


def _defaults(value: Any) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Jekyll's ``defaults``: each scope's path and type, and the keys it sets."""
    if not isinstance(value, list):
        return ()
    found = []
    for item in value:
        if not isinstance(item, dict):
            continue
        scope = item.get("scope")
        values = item.get("values")
        if not isinstance(scope, dict) or not isinstance(values, dict):
            continue
        path = scope.get("path", "")
        kind = scope.get("type", "")
        if not isinstance(path, str) or not isinstance(kind, str):
            continue
        found.append((path.strip("/"), kind, tuple(str(k) for k in values)))
    return tuple(found)


def _sections(names: tuple[str, ...], problems: list[str], config: Path | None) -> tuple[str, ...]:
    """Hugo's ``mainSections``: each a folder of ``content/`` (new posts go
    there); a name that is not one folder's name (``..``, ``a/b``) is reported
    and left out."""
    kept = []
    for name in names:
        text = name.strip()
        if not text or text in (".", "..") or any(c in text for c in "/\\:\x00"):
            problems.append(
                f"{_at(config, 'mainSections')}: mainSections {name!r} is not a section's name; "
                "ignored"
            )
            continue
        kept.append(text)
    return tuple(kept)


def _hugo(root: Path) -> Site:
    config_path = next((root / name for name in HUGO_CONFIGS if (root / name).is_file()), None)
    default = root / "config" / "_default"
    if config_path is None:
        config_path = next(
            (default / name for name in HUGO_CONFIGS if (default / name).is_file()), None
        )
    config: dict[str, Any] = {}
    problems: list[str] = []
    if config_path is None:
        problems.append(f"{root}: no Hugo configuration file found; using Hugo's defaults")
    else:
        config, problem = _read_config(config_path, root)
        if problem:
            problems.append(problem)
    if default.is_dir():
        # Hugo's configuration folder: params.* is the `params` table (beside
        # a configuration of the root too: it was read only without one)
        for name in ("params.toml", "params.yaml", "params.yml", "params.json"):
            # (one that is no regular file, a FIFO, is said, not passed over)
            if os.path.lexists(default / name):
                extra, problem = _read_config(default / name, root)
                if problem:
                    problems.append(problem)
                elif extra:
                    # (into the configuration's own [Params], in whatever case it is written)
                    key = next((k for k in config if k.lower() == "params"), "params")
                    merged = config.get(key)
                    config[key] = {**(merged if isinstance(merged, dict) else {}), **extra}
                break
    _report_types(config, config_path, problems)
    lowered = {k.lower(): v for k, v in config.items()}
    params = lowered.get("params")
    # (Hugo reads its keys in any case: params.mainsections too)
    main = (
        next((v for k, v in params.items() if str(k).lower() == "mainsections"), None)
        if isinstance(params, dict)
        else None
    )
    sections = _sections(_names(main), problems, config_path)
    content = _folder(lowered.get("contentdir"), "content", "contentDir", problems, config_path)
    archetypes = _folder(
        lowered.get("archetypedir"), "archetypes", "archetypeDir", problems, config_path
    )
    data_dir = _folder(lowered.get("datadir"), "data", "dataDir", problems, config_path)
    return Site(
        HUGO,
        root,
        config_path,
        config,
        tuple(problems),
        content,
        None,
        None,
        archetypes,
        data_dirs=(data_dir,),
        new_post_name=":title.md",
        main_sections=sections or ("posts", "post", "blog"),
    )
