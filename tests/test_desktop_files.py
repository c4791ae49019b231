"""The desktop entry, the AppStream metadata and the icon theme files."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from reader.assets import resource_root

RESOURCES = resource_root()
APP_ID = "io.github.article_reader.ArticleReader"
DESKTOP_FILE = RESOURCES / "desktop" / f"{APP_ID}.desktop"
METAINFO_FILE = RESOURCES / "desktop" / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _run_validator(*command: str) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_desktop_entry_is_valid():
    result = _run_validator("desktop-file-validate", str(DESKTOP_FILE))
    assert result.returncode == 0, result.stdout + result.stderr
    # Hints and warnings are printed too; a clean file prints nothing.
    assert result.stdout.strip() == "", result.stdout


def test_desktop_entry_names_the_icon_and_program():
    entries = dict(
        line.split("=", 1)
        for line in DESKTOP_FILE.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert entries["Icon"] == APP_ID
    assert entries["Exec"].split()[0] == "article-reader"
    assert "text/markdown" in entries["MimeType"].split(";")


def test_metainfo_is_valid():
    result = _run_validator("appstreamcli", "validate", "--no-net", str(METAINFO_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_launches_the_desktop_entry():
    text = METAINFO_FILE.read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{DESKTOP_FILE.name}</launchable>' in text


def _png_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as handle:
        head = handle.read(24)
    assert head[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    length, chunk = struct.unpack(">I4s", head[8:16])
    assert chunk == b"IHDR" and length == 13, f"{path} does not start with IHDR"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_has_its_size(size):
    path = RESOURCES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.is_file()
    assert _png_size(path) == (size, size)


def test_scalable_icon_matches_the_source_svg():
    source = RESOURCES / "icons" / "article-reader.svg"
    scalable = RESOURCES / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == source.read_bytes()
    assert b"<svg" in source.read_bytes()
