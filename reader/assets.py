"""The one place that knows where the bundled resources live.

Installed (wheel or PyInstaller bundle) they sit in ``reader/resources``; in a
source checkout they sit in ``resources/`` beside the package.  Nothing here
looks at the current directory.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resource_root() -> Path:
    package_dir = Path(__file__).resolve().parent
    candidates = [package_dir / "resources", package_dir.parent / "resources"]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "reader" / "resources")
    for candidate in candidates:
        if (candidate / "sample-library").is_dir():
            return candidate
    raise FileNotFoundError(
        "Article Reader's resources are missing; looked in " + ", ".join(str(c) for c in candidates)
    )


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("styles", "reader.css")``."""
    return resource_root().joinpath(*parts)


def sample_library() -> Path:
    return resource_path("sample-library")
