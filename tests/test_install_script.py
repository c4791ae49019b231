"""packaging/install.sh: per-user install of a one-folder build, and --uninstall."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reader.assets import resource_root

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "packaging" / "install.sh"
APP_ID = "io.github.article_reader.ArticleReader"
ICON_DIRS = ("16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512")
BASH = shutil.which("bash")

pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A fake one-folder build: a folder with an executable named article-reader."""
    folder = tmp_path / "build"
    folder.mkdir()
    program = folder / "article-reader"
    program.write_text('#!/bin/sh\necho "fake article-reader $*"\n', encoding="utf-8")
    program.chmod(0o755)
    (folder / "_internal").mkdir()
    (folder / "_internal" / "data.txt").write_text("bundled\n", encoding="utf-8")
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run_script(home: Path, *args: str, check: bool = True, **env: str):
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), **env}
    result = subprocess.run(
        [BASH, str(SCRIPT), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every path under root: file contents, link targets, folders."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = path.read_bytes()
    return found


def desktop_entries(path: Path) -> dict[str, str]:
    return dict(
        line.split("=", 1)
        for line in path.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    )


def check_installed(build: Path, prefix: Path, data: Path) -> None:
    lib = prefix / "lib" / "article-reader"
    program = lib / "article-reader"
    assert program.read_bytes() == (build / "article-reader").read_bytes()
    assert os.access(program, os.X_OK)
    assert (lib / "_internal" / "data.txt").read_text(encoding="utf-8") == "bundled\n"

    link = prefix / "bin" / "article-reader"
    assert link.is_symlink()
    assert link.resolve() == program.resolve()
    output = subprocess.run([str(link), "--version"], capture_output=True, text=True, check=True)
    assert output.stdout == "fake article-reader --version\n"

    desktop = data / "applications" / f"{APP_ID}.desktop"
    entries = desktop_entries(desktop)
    original = desktop_entries(resource_root() / "desktop" / f"{APP_ID}.desktop")
    assert entries["TryExec"] == str(program)
    exec_program = str(program) if " " not in str(program) else f'"{program}"'
    assert entries["Exec"] == f"{exec_program} %F"
    for key in ("Name", "Icon", "MimeType", "Categories", "Terminal"):
        assert entries[key] == original[key]
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(desktop)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0 and result.stdout.strip() == "", result.stdout

    icons = resource_root() / "icons" / "hicolor"
    for size in ICON_DIRS:
        installed = data / "icons" / "hicolor" / size / "apps" / f"{APP_ID}.png"
        assert installed.read_bytes() == (icons / size / "apps" / f"{APP_ID}.png").read_bytes()
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == (icons / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes()
    metainfo = data / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert (
        metainfo.read_bytes()
        == (resource_root() / "desktop" / f"{APP_ID}.metainfo.xml").read_bytes()
    )

    if shutil.which("update-desktop-database"):
        cache = (data / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"text/markdown={APP_ID}.desktop;" in cache


def test_install_and_uninstall_in_an_empty_home(build, home):
    result = run_script(home, "--from", str(build))
    assert "Article Reader installed" in result.stdout
    check_installed(build, home / ".local", home / ".local" / "share")

    result = run_script(home, "--uninstall")
    assert "Article Reader removed" in result.stdout
    assert snapshot(home) == {}


def test_uninstall_leaves_everything_else(build, home):
    # Someone else's files in the same folders, including an icon cache.
    other = {
        ".local/bin/other-tool": b"#!/bin/sh\n",
        ".local/lib/other/lib.so": b"\x7fELF",
        ".local/share/applications/other.desktop": (
            b"[Desktop Entry]\nType=Application\nName=Other\nExec=other-tool %f\n"
            b"MimeType=text/plain;\n"
        ),
        ".local/share/icons/hicolor/48x48/apps/other.png": b"\x89PNG\r\n\x1a\n",
        ".local/share/metainfo/other.metainfo.xml": b"<component/>\n",
    }
    for rel, content in other.items():
        path = home / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    before = snapshot(home)

    run_script(home, "--from", str(build))
    check_installed(build, home / ".local", home / ".local" / "share")
    run_script(home, "--uninstall")
    assert snapshot(home) == before


def test_reinstall_replaces_the_previous_install(build, home):
    run_script(home, "--from", str(build))
    (build / "article-reader").write_text('#!/bin/sh\necho "fake article-reader $*"\n# v2\n')
    (build / "_internal" / "data.txt").unlink()
    (build / "_internal" / "data.txt").write_text("bundled\n", encoding="utf-8")
    result = run_script(home, "--from", str(build))
    assert "Replacing the installation" in result.stdout
    check_installed(build, home / ".local", home / ".local" / "share")
    manifest = (home / ".local/lib/article-reader/INSTALLED_FILES").read_text(encoding="utf-8")
    assert len(manifest.splitlines()) == len(set(manifest.splitlines()))
    run_script(home, "--uninstall")
    assert snapshot(home) == {}


def test_prefix_with_a_space_and_xdg_data_home(build, home, tmp_path):
    prefix = tmp_path / "my apps"
    run_script(home, "--from", str(build), "--prefix", str(prefix))
    check_installed(build, prefix, prefix / "share")
    assert not (home / ".local").exists()
    run_script(home, "--uninstall", "--prefix", str(prefix))
    assert snapshot(prefix) == {}

    data = tmp_path / "xdg data"
    run_script(home, "--from", str(build), XDG_DATA_HOME=str(data))
    check_installed(build, home / ".local", data)
    run_script(home, "--uninstall", XDG_DATA_HOME=str(data))
    assert snapshot(home) == {}
    assert snapshot(data) == {}


def test_refuses_to_replace_a_foreign_command(build, home):
    foreign = home / ".local" / "bin" / "article-reader"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    result = run_script(home, "--from", str(build), check=False)
    assert result.returncode != 0
    assert "is not this installation's link" in result.stderr
    assert foreign.read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"
    assert not (home / ".local" / "lib").exists()
    assert not (home / ".local" / "share").exists()


def test_uninstall_when_not_installed(home):
    result = run_script(home, "--uninstall")
    assert "not installed" in result.stdout
    assert snapshot(home) == {}


def test_rejects_a_folder_without_the_program(home, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_script(home, "--from", str(empty), check=False)
    assert result.returncode == 1
    assert "is not an executable program" in result.stderr
    assert snapshot(home) == {}
