"""Starting the window where there is no display to open it on (an SSH
session, a server, a container): a sentence and exit 3, not Qt's abort
(exit 134) and a page about its platform plugins."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reader.app import no_display_reason


@pytest.mark.parametrize(
    ("environ", "platform", "refused"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"DISPLAY": ""}, "freebsd14", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_no_display_is_said_where_qt_would_abort(environ, platform, refused):
    assert (no_display_reason(environ, platform) is not None) == refused


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland platforms")
def test_the_window_without_a_display_is_an_error_naming_what_works(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["HOME"] = str(tmp_path)  # (no settings of the user's are read or written)
    done = subprocess.run(
        [sys.executable, "-m", "reader", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "no display to open the window on" in done.stderr
    assert "article-reader --help" in done.stderr
    assert "plugin" not in done.stderr
