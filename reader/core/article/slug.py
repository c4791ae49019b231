"""File names from titles.  No Qt here.

Letters and digits of every script are kept (so Chinese titles give Chinese
file names), everything else becomes ``-``.  A slug is never empty, never
``.``/``..``, holds no path separator and is not a reserved Windows name,
nor ``index``: a site generator takes ``index.md`` for its folder's own page
(in Hugo it makes the folder a bundle, and the other articles in it vanished
from the site).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slugify"]

_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
    "index",
}
_DASHES = re.compile(r"-{2,}")


def slugify(
    title: str, max_length: int = 80, fallback: str = "untitled", *, keep_case: bool = False
) -> str:
    """``"Hello, World!"`` → ``hello-world``; ``"知识产权 保护"`` → ``知识产权-保护``;
    ``keep_case``: ``Hello-World`` (Hexo names new posts so, by default)."""
    text = unicodedata.normalize("NFKC", title)
    if not keep_case:
        text = text.casefold()
    out = []
    for char in text:
        if char.isalnum() and unicodedata.category(char)[0] in "LN":
            out.append(char)
        elif char in "-_" or char.isspace() or unicodedata.category(char)[0] in "PSZC":
            out.append("-")
        # combining marks and the rest are dropped
    slug = _DASHES.sub("-", "".join(out)).strip("-_")
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-_")
    if not slug:
        slug = fallback
    if slug.split(".")[0].casefold() in _RESERVED:
        slug += "-1"
    return slug
