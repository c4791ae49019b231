"""The article domain object: one file, parsed.  No Qt here."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: keep importing this module cheap
    from reader.core.article.dates import ParsedDate
    from reader.core.article.split import Split

__all__ = ["ERROR", "READING_RULES", "WARNING", "Article", "ArticleError", "Problem"]

ERROR = "error"
WARNING = "warning"

#: The version of how the codec reads articles (their values and problems).
#: An index made under other rules reads every article again: raise it when a
#: change makes the same bytes read differently.
#: 2: YAML 1.2 numbers that YAML 1.1 reads as text warn (1e3, 0o17, 0912); a
#:    tagged scalar (!!str yes) does not.
#: 3: a TOML integer beyond 64 bits warns; a TOML table's key is on its header line;
#:    UTF-16 text without a byte-order mark is an error (it was valid UTF-8 with NULs).
#: 4: a YAML key longer than YAML allows (1024 characters) is an error, as it
#:    is to every YAML parser (it was read, and no edit could be saved).
#: 5: JSON front matter opening with a key on its first line ('{"title": …') is
#:    front matter even when it does not parse (it was body text, without a word).
#: 6: categories or tags holding a mapping warn (it was left out without a word).
#: 7: the front matter's fast path leaves tabs and blanks that are not YAML's
#:    (U+00A0, U+3000…) to YAML (a title of one U+3000 was read as empty), and a
#:    list item "- C++:" (a mapping); a tagged scalar YAML cannot make
#:    ("!!bool x") and a TOML number of 4,300 digits are errors (they failed).
#: 8: U+FFFE and U+FFFF in YAML front matter are errors, as YAML has them (the
#:    fast path read them).
#: 9: the full text keeps a word whole across a comment inside it, a soft
#:    hyphen or a zero-width space, Markdown's * and __ inside a word, and a
#:    wrapped CJK word at a cut of a long Markdown paragraph.
#: 10: a body that starts with a tag but shows Markdown (a cover image, then
#:    "## Intro") is Markdown (it was HTML, its Markdown shown as text).
#: 11: a JSON number beyond a double (1e999999, read as infinity) warns, and so
#:    does a C1 control character (U+0080..U+009F but U+0085, a line break) in
#:    a front-matter value or key (both were read without a word).
READING_RULES = 11

# Keys people use, with their aliases.  Everything else is kept as it is.
TITLE_KEYS = ("title",)
CATEGORY_KEYS = ("categories", "category")
TAG_KEYS = ("tags", "tag")
IMAGE_KEYS = ("headimg", "cover", "thumbnail", "photos")
BOOLEAN_KEYS = ("comments", "published", "draft")
LONG_TEXT_KEYS = ("excerpt", "description")
KNOWN_KEYS = (
    "title",
    "date",
    "updated",
    "categories",
    "category",
    "tags",
    "tag",
    "author",
    "comments",
    "published",
    "draft",
    "headimg",
    "thumbnail",
    "cover",
    "photos",
    "permalink",
    "layout",
    "excerpt",
    "description",
)


@dataclass(frozen=True, slots=True)
class Problem:
    severity: str  # ERROR or WARNING
    message: str
    line: int | None = None  # 1-based line in the file
    path: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "message": self.message, "line": self.line}

    def __str__(self) -> str:
        where = self.path or "<article>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.severity}: {self.message}"


def looks_wide(encoding: str) -> str:
    """The error of a file in UTF-16 or UTF-32 (``encoding``).  With its
    byte-order mark it is read as that (see ``Article.decoded_from``);
    without one it is valid UTF-8 to a decoder, a NUL being a character (see
    ``wide_encoding``).  Written back as UTF-8 either would be another file."""
    return f"the file looks like {encoding} text, not UTF-8; it is shown but will not be rewritten"


class ArticleError(Exception):
    """An article cannot be read, parsed for saving, or written.

    ``str()`` names the file and, where known, the line.
    """

    def __init__(
        self, message: str, path: str | os.PathLike | None = None, line: int | None = None
    ):
        self.message = message
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        # (sent whole from another process: pickled by its arguments alone,
        # it came back as a message naming no file, its path in the text,
        # and a kind made with other arguments could not be made again)
        return (_restored_error, (type(self), self.args, self.__dict__))

    @property
    def at_line(self) -> str:
        """The message after the line it is about, when known ("line 3: …"):
        what a report that names the file itself says."""
        return self.message if self.line is None else f"line {self.line}: {self.message}"

    def __str__(self) -> str:
        if not self.path:  # (a refusal about a name or a value: no file to name)
            return self.at_line
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


def _restored_error(
    kind: type[ArticleError], args: tuple[Any, ...], state: dict[str, Any]
) -> ArticleError:
    """An :class:`ArticleError` (of any kind) as it was pickled."""
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    return error


@dataclass(slots=True)
class Article:
    """A parsed article.

    ``raw`` is exactly what was read; ``parts`` splits it losslessly (but
    see ``decoded_from``);
    ``metadata`` holds plain Python values (str keys; dates as ``date`` or
    ``datetime``).  ``mtime_ns`` and ``size`` are the file's at read time and
    guard against overwriting a file changed by someone else.
    """

    path: Path | None
    raw: bytes
    parts: Split
    metadata: dict[str, Any]
    problems: list[Problem]
    title: str
    date: ParsedDate | None
    date_source: str | None  # "front-matter", "filename", "file-time" or None
    updated: ParsedDate | None
    categories: list[tuple[str, ...]]
    tags: list[str]
    author: str | None
    body_format: str  # "html" or "markdown"
    key_lines: dict[str, int] = field(default_factory=dict)  # key → 1-based line
    mtime_ns: int | None = None
    size: int | None = None
    #: "UTF-16" or "UTF-32" for a file that starts with that encoding's
    #: byte-order mark: ``parts`` then split its text as UTF-8, not ``raw``,
    #: and the error :func:`looks_wide` keeps every writer away from it.
    decoded_from: str | None = None

    @property
    def format(self) -> str | None:
        return self.parts.format

    @property
    def body(self) -> str:
        return self.parts.body

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    @property
    def front_matter_read(self) -> bool:
        """Whether the metadata could be read: any error lies in the body only
        (e.g. bytes that are not UTF-8), so the article can still be rendered."""
        start = self.parts.body_start_line
        whole = looks_wide(self.decoded_from) if self.decoded_from else None
        return not any(
            p.severity == ERROR and (p.line is None or p.line < start) and p.message != whole
            for p in self.problems
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def display_path(self) -> str:
        return os.fspath(self.path) if self.path is not None else "<article>"

    def image(self) -> str | None:
        """The hero image: ``headimg``, ``cover`` or ``thumbnail``, else the first of ``photos``."""
        for key in ("headimg", "cover", "thumbnail"):
            value = self.metadata.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        photos = self.metadata.get("photos")
        if isinstance(photos, list) and photos and isinstance(photos[0], str):
            return photos[0]
        if isinstance(photos, str) and photos.strip():
            return photos.strip()
        return None

    def summary_dict(self) -> dict[str, Any]:
        """The JSON shape of ``article-reader show --json``."""
        from reader.core.article.split import (
            readable,  # a file name may hold bytes that are not UTF-8
        )

        return {
            "path": readable(self.display_path),
            "format": self.format,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source,
            "updated": self.updated.isoformat() if self.updated else None,
            "categories": [list(path) for path in self.categories],
            "tags": list(self.tags),
            "author": self.author,
            "body_format": self.body_format,
            "metadata": jsonable(self.metadata),
            "problems": [p.as_dict() for p in self.problems],
        }


def jsonable(value: Any) -> Any:
    """Metadata as JSON-encodable values (dates as ISO strings)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):  # (YAML's !!set) in one order, run after run
        return sorted((jsonable(v) for v in value), key=repr)
    if isinstance(value, datetime | date | time):  # (TOML has times of day)
        return value.isoformat()
    if isinstance(value, bytes | bytearray):  # YAML's !!binary: base64, as it is written
        import base64

        return base64.b64encode(value).decode("ascii")
    if isinstance(value, str | int | float | bool) or value is None:
        if isinstance(value, float) and not math.isfinite(value):  # NaN, ±inf: not JSON
            return None
        return value
    return str(value)
