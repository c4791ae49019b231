"""The library commands: list, search, index, rename-category, rename-tag, undo."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write


@pytest.fixture
def library(root, cache_dir):
    write(
        root,
        "a.md",
        article(
            "Alpha",
            categories="[金融, 银行]",
            tags="[IPO]",
            author="张三",
            body="<p>保护知识产权。</p>\n",
        ),
    )
    write(
        root,
        "b.md",
        article(
            "Beta",
            categories="[金融, 证券时报网]",
            tags="[债券]",
            date="2020-01-02",
            body="<p>English regulation text.</p>\n",
        ),
    )
    write(root, "c.md", b"---\ntitle: one\ntitle: two\n---\nbody\n")
    return root


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_list_json_and_filters(library, capsys):
    assert main(["list", str(library), "--json", "--sort", "title"]) == 0
    rows = _json_lines(capsys.readouterr().out)
    assert [r["path"] for r in rows] == ["a.md", "b.md", "c.md"]
    first = rows[0]
    assert {"path", "title", "date", "categories", "tags", "author", "problems"} <= set(first)
    assert first["categories"] == [["金融", "银行"]] and first["author"] == "张三"

    assert main(["list", str(library), "--json", "--category", "金融/银行"]) == 0
    assert [r["path"] for r in _json_lines(capsys.readouterr().out)] == ["a.md"]
    assert main(["list", str(library), "--json", "--tag", "债券", "--year", "2020"]) == 0
    assert [r["path"] for r in _json_lines(capsys.readouterr().out)] == ["b.md"]
    assert main(["list", str(library), "--json", "--year", "2021", "--month", "4"]) == 0
    assert [r["path"] for r in _json_lines(capsys.readouterr().out)] == ["a.md"]
    assert main(["list", str(library), "--json", "--author", "张三"]) == 0
    assert [r["path"] for r in _json_lines(capsys.readouterr().out)] == ["a.md"]


def test_list_problems_exit_code_and_table(library, capsys):
    assert main(["list", str(library), "--problems"]) == 1
    captured = capsys.readouterr()
    assert "c.md" in captured.out and "a.md" not in captured.out
    assert main(["list", str(library), "--sort=-date"]) == 0  # "-date" needs the = form
    out = capsys.readouterr().out
    assert "Alpha" in out and "(金融/银行)" in out and "2021-04-16" in out


def test_list_sees_changes_without_an_explicit_index(library, capsys):
    assert main(["list", str(library), "--json"]) == 0
    capsys.readouterr()
    write(library, "new.md", article("Newcomer"))
    assert main(["list", str(library), "--json"]) == 0
    assert "new.md" in {r["path"] for r in _json_lines(capsys.readouterr().out)}


def test_usage_errors(library, capsys):
    assert main(["list", str(library), "--sort", "size"]) == 2
    assert main(["search", str(library)]) == 2
    assert main(["search", str(library), "x", "--limit", "0"]) == 2
    capsys.readouterr()
    assert main(["list", str(library / "missing")]) == 3
    assert "missing" in capsys.readouterr().err


def test_search(library, capsys):
    assert main(["search", str(library), "产权", "--json"]) == 0
    [hit] = _json_lines(capsys.readouterr().out)
    assert hit["path"] == "a.md" and hit["title"] == "Alpha"
    assert "«产权»" in hit["snippet"] and isinstance(hit["score"], float)
    assert main(["search", str(library), "regul", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "b.md" in out and "[regulation]" in out


def test_search_with_max_wait_answers_from_what_is_indexed(library, capsys):
    # No time at all on a library never indexed: nothing is searchable yet, and it says so.
    assert main(["search", str(library), "产权", "--max-wait", "0"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 of 3 article(s) are indexed so far" in captured.err
    assert "article-reader index" in captured.err
    # Without a deadline everything is indexed first; then a deadline changes nothing.
    assert main(["search", str(library), "产权"]) == 0
    assert "a.md" in capsys.readouterr().out
    assert main(["search", str(library), "产权", "--max-wait", "0"]) == 0
    captured = capsys.readouterr()
    assert "a.md" in captured.out and "indexed so far" not in captured.err
    for bad in ("-1", "nan"):
        assert main(["search", str(library), "产权", "--max-wait", bad]) == 2
        assert "--max-wait must be 0 or more" in capsys.readouterr().err


def test_index_prints_counts_and_time(library, capsys):
    assert main(["index", str(library)]) == 0
    out = capsys.readouterr().out
    assert "articles: 3 (added 3" in out
    assert "full text: 3" in out and "time:" in out
    assert main(["index", str(library)]) == 0
    assert "unchanged 3" in capsys.readouterr().out


def test_rename_category_dry_run_apply_and_undo(library, capsys):
    before = {p.name: p.read_bytes() for p in library.iterdir()}
    assert main(["rename-category", str(library), "金融/银行", "财经/银行", "--dry-run"]) == 3
    captured = capsys.readouterr()
    assert "+++ b/a.md" in captured.out
    assert "\n-categories: [金融, 银行]\n+categories: [财经, 银行]\n" in captured.out
    assert "c.md" in captured.err  # the unparsable file is reported
    assert {p.name: p.read_bytes() for p in library.iterdir()} == before

    assert main(["rename-category", str(library), "金融/银行", "财经/银行"]) == 3
    captured = capsys.readouterr()
    assert "a.md: saved" in captured.out
    assert main(["list", str(library), "--json", "--category", "财经"]) == 0
    assert [r["path"] for r in _json_lines(capsys.readouterr().out)] == ["a.md"]

    assert main(["undo", str(library)]) == 0
    assert "a.md: restored" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in library.iterdir()} == before
    assert main(["undo", str(library)]) == 0
    assert "nothing to undo" in capsys.readouterr().err


def test_rename_tag(root, cache_dir, capsys):
    write(root, "a.md", article("A", tags="[IPO, 上市]"))
    write(root, "b.md", article("B", tags="IPO"))
    assert main(["rename-tag", str(root), "IPO", "上市"]) == 0
    capsys.readouterr()
    assert main(["list", str(root), "--json", "--tag", "上市"]) == 0
    rows = _json_lines(capsys.readouterr().out)
    assert sorted(r["path"] for r in rows) == ["a.md", "b.md"]
    assert all(r["tags"] == ["上市"] for r in rows)
    assert main(["rename-tag", str(root), "nope", "x"]) == 0


def test_library_commands_never_import_qt(library, cache_dir):
    code = (
        "import sys; from reader.cli import main; "
        f"rc = main(['list', {str(library)!r}, '--json']); "
        f"rc2 = main(['search', {str(library)!r}, '产权']); "
        "assert rc == 0 and rc2 == 0, (rc, rc2); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    env = dict(os.environ, ARTICLE_READER_CACHE_DIR=str(cache_dir))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert '"path": "a.md"' in done.stdout
