"""``render``: local images stay inside one documented boundary."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """notes/post.md below a stray config.yaml, next to private/secret.png."""
    (tmp_path / "config.yaml").write_text("theme: dark\n", encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.png").write_bytes(PNG)
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.png").write_bytes(PNG)
    post = folder / "post.md"
    post.write_text(
        "---\ntitle: P\n---\n![s](../private/secret.png) ![e](%2e%2e/private/secret.png)\n\n"
        f'<img src="{(tmp_path / "private" / "secret.png").as_uri()}"> ![m](mine.png)\n',
        encoding="utf-8",
    )
    return post


def test_render_without_library_keeps_to_the_files_folder(capsys, notes: Path) -> None:
    code, out, _ = run(capsys, "render", str(notes))
    assert code == 0
    assert "secret.png" not in out.replace("[Image outside the library not loaded", "")
    assert out.count("Image outside the library not loaded") == 3
    assert (notes.parent / "mine.png").resolve().as_uri() in out


def test_render_with_library_uses_it_as_the_boundary(capsys, notes: Path) -> None:
    code, out, _ = run(capsys, "render", str(notes), "--library", str(notes.parent.parent))
    assert code == 0
    secret = (notes.parent.parent / "private" / "secret.png").resolve().as_uri()
    assert out.count(f'src="{secret}"') == 3
    code, out, _ = run(capsys, "render", str(notes), "--library", str(notes.parent / "none"))
    assert code == 3 and out == ""


def test_render_help_states_the_rule(capsys) -> None:
    code, out, _ = run(capsys, "render", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "local images load only from inside LIBRARY" in text
    assert "nearest site root above FILE" in text
    assert "a config file alone does not count" in text
    assert "else from FILE's folder" in text
