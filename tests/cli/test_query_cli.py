"""`list --query` and `search` with the query language."""

from __future__ import annotations

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write


@pytest.fixture
def library(root, cache_dir):
    write(
        root,
        "a.md",
        article("Alpha", categories="[金融, 银行]", tags="[IPO]", body="<p>保护知识产权。</p>\n"),
    )
    write(
        root,
        "b.md",
        article("Beta", categories="[金融, 'A/B']", date="2020-01-02", body="<p>English.</p>\n"),
    )
    return root


def test_list_query(library, capsys):
    assert main(["list", str(library), "--query", "cat:金融 date:2020", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"b.md"' in out and '"a.md"' not in out
    assert main(["list", str(library), "--query", r"cat:金融/A\/B", "--json"]) == 0
    assert '"b.md"' in capsys.readouterr().out
    assert main(["list", str(library), "--query", "知识产权 OR English", "--tag", "IPO"]) == 0
    out = capsys.readouterr().out
    assert "a.md" in out and "b.md" not in out


def test_list_text_is_unchanged(library, capsys):
    assert main(["list", str(library), "--text", "cat:金融"]) == 0
    assert "0 article(s)" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["list", "search"])
def test_parse_errors_exit_2_with_the_position(library, capsys, command):
    args = [command, str(library), "--query", "cat:金融 OR"]
    if command == "search":
        args = [command, str(library), "cat:金融 OR"]
    assert main(args) == 2
    error = capsys.readouterr().err
    assert "OR at the end" in error and "character 10" in error
    assert error.rstrip().endswith(" " * 2 + " " * 10 + "^")


def test_states_are_not_available_yet(library, capsys):
    assert main(["list", str(library), "--query", "is:unread"]) == 2
    assert "not available yet" in capsys.readouterr().err


def test_search_ranks_words_and_filters(library, capsys):
    assert main(["search", str(library), "知识产权 cat:金融/银行"]) == 0
    out = capsys.readouterr().out
    assert "a.md" in out and "[知识产权]" in out
    assert main(["search", str(library), "知识产权 -cat:金融"]) == 0
    assert "0 result(s)" in capsys.readouterr().err
    assert main(["search", str(library), "date:2020"]) == 0
    assert "b.md" in capsys.readouterr().out
