"""``article-reader --self-test`` on the source tree, in-process and as a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import reader.assets
import reader.core.article.patch
from reader import selftest
from reader.cli import usage_text
from reader.core.library.scan import scan

REPO = Path(__file__).resolve().parents[1]

# The offscreen platform's one known warning (see reader.selftest.HARMLESS_STDERR).
pytestmark = pytest.mark.qt_log_ignore(
    *(re.escape(line) for line in sorted(selftest.HARMLESS_STDERR))
)


def _unexpected(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line not in selftest.HARMLESS_STDERR]


def test_self_test_passes_in_process(capsys):
    assert selftest.run_self_test() == 0
    out, err = capsys.readouterr()
    assert _unexpected(err) == []
    assert "self-test: all checks passed" in out
    for check in (
        "resources",
        "sample library",
        "render",
        "metadata round trip",
        "pdf",
        "window",
    ):
        assert f"ok  {check}" in out


def test_self_test_leaves_the_sample_library_untouched(tmp_path):
    root = reader.assets.sample_library()
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert selftest.run_self_test() == 0
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before


def test_self_test_reports_a_lossy_edit(monkeypatch, capsys):
    real_patch = reader.core.article.patch.patch_metadata

    def lossy_patch(article, changes, remove=()):
        new_raw = real_patch(article, changes, remove)
        # Also "reformat" the first line of the file: not lossless any more.
        first, sep, rest = new_raw.partition(b"\n")
        return first + b"  " + sep + rest

    monkeypatch.setattr(reader.core.article.patch, "patch_metadata", lossy_patch)
    assert selftest.run_self_test() == 1
    out, err = capsys.readouterr()
    assert "self-test: FAIL metadata round trip:" in err
    assert "making-dumplings.md: the edit changed b'---\\n' into b'---  \\n'" in err
    assert "check(s) failed: metadata round trip" in err
    assert "all checks passed" not in out


def test_self_test_reports_a_broken_library(monkeypatch, tmp_path, capsys):
    library = tmp_path / "library"
    library.mkdir()
    (library / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    monkeypatch.setattr(reader.assets, "sample_library", lambda: library)
    assert selftest.run_self_test() == 1
    err = capsys.readouterr().err
    assert "self-test: FAIL sample library: sample articles with errors: broken.md" in err


def test_usage_mentions_self_test():
    assert "--self-test" in usage_text()


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTEST"))}
    env.pop("ARTICLE_READER_STARTUP_PROBE", None)
    env.update(extra)
    return env


@pytest.mark.slow
def test_self_test_command_sets_offscreen_itself(tmp_path):
    # No QT_QPA_PLATFORM: --self-test must choose offscreen on its own.
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--self-test"],
        cwd=tmp_path,
        env=_clean_env(PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _unexpected(result.stderr) == []
    count = len(scan(reader.assets.sample_library()))  # as many as the scanner finds
    assert f"MainWindow shown on 'offscreen', listing {count} articles" in result.stdout
    assert "startup-probe" not in result.stdout


@pytest.mark.slow
def test_startup_probe_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--self-test"],
        cwd=tmp_path,
        env=_clean_env(PYTHONPATH=str(REPO), ARTICLE_READER_STARTUP_PROBE="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines.count(selftest.PROBE_LINE) == 1
    assert lines.index(selftest.PROBE_LINE) < lines.index("self-test: all checks passed")
