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

import contextlib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.article.boundary import HEXO_JEKYLL_CONFIGS, HUGO_CONFIGS, is_site_root, within
from reader.core.common.files import open_regular

__all__ = [
    "HEXO",
    "HUGO",
    "JEKYLL",
    "MAX_VALUES",
    "Site",
    "count_values",
    "find_site",
    "load_site",
    "unusable_configs",
]

HEXO = "hexo"
JEKYLL = "jekyll"
HUGO = "hugo"

CONFIG_LIMIT = 4 * 1024 * 1024
"""A configuration larger than this is reported and not read."""

MAX_VALUES = 1_000_000
"""A configuration or data file whose values, with YAML aliases expanded,
number more than this is reported and not used (an alias bomb)."""


def count_values(value: object, limit: int = MAX_VALUES) -> int:
    """How many values ``value`` holds at every depth, with shared values (YAML
    aliases) counted each time they appear, counting to just past ``limit``."""
    count = 0
    stack = [value]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return count


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
        from the root) of ``kind`` ("post", "draft", "page")."""
        jekyll_type = {"post": "posts", "draft": "drafts", "page": "pages"}.get(kind or "", "")
        keys: set[str] = set()
        for prefix, scope_type, names in self.defaults:
            if prefix and not (rel == prefix or rel.startswith(prefix.rstrip("/") + "/")):
                continue
            if scope_type and scope_type != jekyll_type:
                continue
            keys.update(names)
        return frozenset(keys)

    def path(self, rel: str) -> Path:
        return self.root.joinpath(*[p for p in rel.split("/") if p])

    def display_category(self, name: str) -> str:
        """A category as the site shows it (``category_map``); the file keeps its spelling."""
        return str(self.category_map.get(name, name))

    def display_tag(self, name: str) -> str:
        return str(self.tag_map.get(name, name))


def find_site(path: str | os.PathLike) -> Site | None:
    """The site ``path`` (a file or folder) is in, or None."""
    start = Path(os.path.abspath(path))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if is_site_root(folder):
            return load_site(folder)
    return None


def unusable_configs(path: str | os.PathLike) -> list[str]:
    """For a ``path`` in no site: the configuration files at or above it that
    would make a site of their folder (a content folder beside) but are no
    regular file (a FIFO, a folder, a device, a link to nothing), said plainly;
    such a folder is no site, and nothing else would say why."""
    from reader.core.common.files import file_kind

    start = Path(os.path.abspath(path))
    if not start.is_dir():
        start = start.parent
    found = []
    for folder in (start, *start.parents):
        names: tuple[str, ...] = ()
        with contextlib.suppress(OSError):
            if (folder / "source").is_dir() or (folder / "_posts").is_dir():
                names += HEXO_JEKYLL_CONFIGS
            if (folder / "content").is_dir():
                names += HUGO_CONFIGS
        for name in names:
            config = folder / name
            try:
                mode = config.stat().st_mode
            except FileNotFoundError:
                if config.is_symlink():
                    found.append(f"{config}: the configuration is a link to nothing; no site here")
                continue
            except OSError as exc:
                found.append(f"{config}: cannot read the configuration: {exc.strerror or exc}")
                continue
            kind = file_kind(mode)
            if kind is not None:
                found.append(f"{config}: the configuration is {kind}, not a file; no site here")
        if found:
            break
    return found


def _read_config(path: Path, root: Path) -> tuple[dict[str, Any], str | None]:
    """The mapping in a configuration file, or ({}, the problem).  A file
    that is a link to outside the site ``root`` (resolved) is not read: a
    cloned site's ``_config.yml`` naming a private file would put that file's
    values on every page."""
    if not within(path, root):
        return {}, f"{path}: the configuration is a link to outside the site; not read"
    try:
        # never waits on a FIFO swapped in; what was checked is what is read
        # (a link put in its place since is refused)
        with open_regular(os.path.realpath(path), follow_links=False) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > CONFIG_LIMIT:
                return {}, f"{path}: the configuration is too large to read ({size} bytes)"
            raw = handle.read(CONFIG_LIMIT + 1)
    except OSError as exc:
        return {}, f"{path}: cannot read the configuration: {exc.strerror or exc}"
    import yaml

    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        where = f" line {line}" if line else ""
        return {}, f"{path}{where}: invalid YAML: {exc.problem or exc}"
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        return {}, f"{path}: invalid configuration: {exc}"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, f"{path}: the configuration is not a mapping of keys to values"
    if count_values(data) > MAX_VALUES:
        return {}, f"{path}: the configuration expands to more than {MAX_VALUES:,} values"
    return {str(k): v for k, v in data.items()}, None


def _text(value: Any, default: str) -> str:
    return value.strip().strip("/") if isinstance(value, str) and value.strip() else default


def _folder(value: Any, default: str, key: str, problems: list[str], config: Path | None) -> str:
    """A folder setting, relative to the site root: one that leads out of the
    site (``..``, absolute) is reported and the default used instead."""
    text = _text(value, default)
    raw = value.strip() if isinstance(value, str) else ""
    if raw.startswith(("/", "\\")) or ".." in text.replace("\\", "/").split("/") or ":" in text:
        problems.append(f"{config}: {key} {raw!r} leads out of the site; using {default!r}")
        return default
    return text


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
            f"{config_path}: {key} should be {expected[1]}, not {type(value).__name__}; ignored"
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
        (root_path / "source").is_dir() or (root_path / "_posts").is_dir()
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
        or ((root / "source").is_dir() and not (root / "_posts").is_dir())
    )
    if is_hexo:
        source = _folder(config.get("source_dir"), "source", "source_dir", problems, config_path)
        return Site(
            HEXO,
            root,
            config_path,
            config,
            tuple(problems),
            source,
            f"{source}/_posts",
            f"{source}/_drafts",
            "scaffolds",
            data_dirs=(f"{source}/_data",),
            post_asset_folder=config.get("post_asset_folder") is True,
            new_post_name=_text(config.get("new_post_name"), ":title.md"),
            default_category=(
                str(config["default_category"]) if config.get("default_category") else None
            ),
            category_map=_mapping(config.get("category_map")),
            tag_map=_mapping(config.get("tag_map")),
        )
    collections_dir = _folder(
        config.get("collections_dir"), "", "collections_dir", problems, config_path
    )
    prefix = f"{collections_dir}/" if collections_dir else ""
    collections = config.get("collections")
    names = list(collections) if isinstance(collections, dict | list) else []
    data_dir = _folder(config.get("data_dir"), "_data", "data_dir", problems, config_path)
    return Site(
        JEKYLL,
        root,
        config_path,
        config,
        tuple(problems),
        "",
        f"{prefix}_posts",
        f"{prefix}_drafts",
        "",
        collections=tuple(f"{prefix}_{n}" for n in names if isinstance(n, str) and n != "posts"),
        data_dirs=(data_dir,),
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
            problems.append(f"{config}: mainSections {name!r} is not a section's name; ignored")
            continue
        kept.append(text)
    return tuple(kept)


def _hugo(root: Path) -> Site:
    config_path = next((root / name for name in HUGO_CONFIGS if (root / name).is_file()), None)
    if config_path is None:
        default = root / "config" / "_default"
        config_path = next(
            (
                default / name
                for name in ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml")
                if (default / name).is_file()
            ),
            None,
        )
    config: dict[str, Any] = {}
    problems: list[str] = []
    if config_path is None:
        problems.append(f"{root}: no Hugo configuration file found; using Hugo's defaults")
    else:
        config, problem = _read_config(config_path, root)
        if problem:
            problems.append(problem)
    if config_path is not None and config_path.parent.name == "_default":
        # Hugo's configuration folder: params.* is the `params` table
        for name in ("params.toml", "params.yaml", "params.yml", "params.json"):
            if (config_path.parent / name).is_file():
                extra, problem = _read_config(config_path.parent / name, root)
                if problem:
                    problems.append(problem)
                elif extra:
                    merged = config.get("params")
                    config["params"] = {**(merged if isinstance(merged, dict) else {}), **extra}
                break
    _report_types(config, config_path, problems)
    lowered = {k.lower(): v for k, v in config.items()}
    params = lowered.get("params")
    sections = _sections(
        _names(params.get("mainSections") if isinstance(params, dict) else None),
        problems,
        config_path,
    )
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
