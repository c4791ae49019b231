"""Running a command without root's privileges, for permission tests.

CI and the development machines run as root, for whom mode bits do not
stop reads or writes, so a permission test that simply runs as root proves
nothing.  These helpers run a command as ``nobody`` (through ``setpriv``)
when the tests run as root, and as the current user otherwise, in a folder
that user can reach.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

NOBODY = 65534


def _needs_setpriv() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class Unprivileged:
    """A folder an unprivileged user can use, and a way to run commands as that user."""

    def __init__(self, folder: Path):
        self.folder = folder

    def prefix(self) -> list[str]:
        if not _needs_setpriv():
            return []
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]

    def give(self, *paths: Path) -> None:
        """Hand ``paths`` (recursively) to the unprivileged user."""
        if not _needs_setpriv():
            return
        for path in paths:
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
            if path.is_dir() and not path.is_symlink():
                for dirpath, dirnames, filenames in os.walk(path):
                    for name in [*dirnames, *filenames]:
                        os.chown(os.path.join(dirpath, name), NOBODY, NOBODY, follow_symlinks=False)

    def run(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        timeout: float = 120,
        input: bytes | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` as the unprivileged user (text output, never raises on exit codes)."""
        full_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.folder / "home"),
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "ARTICLE_READER_CACHE_DIR": str(self.folder / "cache"),
            "ARTICLE_READER_DATA_DIR": str(self.folder / "data"),
            "QT_QPA_PLATFORM": "offscreen",
        }
        full_env.update(env or {})
        return subprocess.run(
            [*self.prefix(), *argv],
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=None if input is None else input.decode(),
            cwd=self.folder,
        )

    def cli(self, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
        """``article-reader ARGS`` as the unprivileged user."""
        return self.run([sys.executable, "-m", "reader", *args], **kwargs)


@pytest.fixture
def unprivileged() -> Unprivileged:
    """A world-reachable folder and a runner that drops root's privileges."""
    if _needs_setpriv() and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot drop privileges")
    folder = Path(tempfile.mkdtemp(prefix="ar-unpriv-"))
    os.chmod(folder, 0o777)
    (folder / "home").mkdir()
    for sub in ("home",):
        os.chmod(folder / sub, 0o777)
    try:
        yield Unprivileged(folder)
    finally:
        for dirpath, dirnames, _ in os.walk(folder):
            for name in dirnames:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(dirpath, name), 0o755)
        shutil.rmtree(folder, ignore_errors=True)
