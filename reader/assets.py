"""The one place that knows where the bundled resources live.

Installed (wheel or PyInstaller bundle) they sit in ``reader/resources``; in a
source checkout they sit in ``resources/`` beside the package.  Nothing here
looks at the current directory.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
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
    """The bundled sample library, as installed (treat it as read-only)."""
    return resource_path("sample-library")


def user_data_dir() -> Path:
    """Where the app keeps the user's own files (``ARTICLE_READER_DATA_DIR`` overrides)."""
    from reader.core.common.dirs import user_data_dir as data_dir

    return data_dir()


def user_sample_library() -> Path:
    """A per-user copy of the sample library, made on first use.

    The app opens this copy, so that editing, renaming or deleting sample
    articles never touches the installed files (which may be read-only, and
    are replaced by the next install)."""
    target = user_data_dir() / "Sample library"
    if not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".sample-", dir=target.parent))
        try:
            shutil.copytree(sample_library(), staging / "copy")
            os.replace(staging / "copy", target)  # appears whole, or not at all
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target
