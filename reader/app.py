"""Start the desktop app (the Qt part is imported only here, lazily)."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(path: str | None) -> int:
    from .assets import sample_library

    target = Path(path) if path else sample_library()
    print(
        "Article Reader's window is not part of this build yet.\n"
        f"The library to open would be: {target}\n"
        f"Meanwhile, try:  article-reader list '{target}'   or   article-reader show FILE",
        file=sys.stderr,
    )
    return 0
