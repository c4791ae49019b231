"""`saved LIBRARY`, `list --saved NAME` and `export --saved NAME`."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.core.library.root import STATE_FOLDER
from tests.core.libhelpers import article, write


@pytest.fixture
def library(root, cache_dir):
    write(root, "a.md", article("Alpha", categories="[金融, 银行]", tags="[IPO]"))
    write(root, "b.md", article("Beta", categories="[体育]", date="2020-01-02"))
    return root


def test_add_list_rename_delete(library, capsys):
    assert main(["saved", str(library)]) == 0
    assert "0 saved search(es)" in capsys.readouterr().err
    assert main(["saved", str(library), "--add", "金融新闻", "cat:金融"]) == 0
    assert main(["saved", str(library), "--add", "Sport", "cat:体育"]) == 0
    capsys.readouterr()
    assert main(["saved", str(library)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == ["Sport\tcat:体育", "金融新闻\tcat:金融"]
    assert main(["saved", str(library), "--rename", "sport", "Sports"]) == 0
    assert main(["saved", str(library), "--delete", "金融新闻"]) == 0
    capsys.readouterr()
    assert main(["saved", str(library), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["name"], r["query"]) for r in rows] == [("Sports", "cat:体育")]
    assert list((library / STATE_FOLDER / "searches").glob("*.jsonl"))


def test_list_and_export_run_a_saved_search(library, capsys, tmp_path):
    assert main(["saved", str(library), "--add", "Finance", "cat:金融"]) == 0
    capsys.readouterr()
    assert main(["list", str(library), "--saved", "Finance", "--json"]) == 0
    paths = [json.loads(line)["path"] for line in capsys.readouterr().out.splitlines()]
    assert paths == ["a.md"]
    out = tmp_path / "out"
    assert main(["export", str(library), "--saved", "Finance", "--html-dir", str(out)]) == 0
    pages = [p.name for p in out.rglob("*.html") if p.name != "index.html"]
    assert len(pages) == 1
    assert "Alpha" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["list", "{lib}", "--saved", "Nope"],
        ["export", "{lib}", "--saved", "Nope", "--html-dir", "{tmp}/x"],
        ["saved", "{lib}", "--rename", "Nope", "New"],
        ["saved", "{lib}", "--delete", "Nope"],
    ],
)
def test_an_unknown_name_exits_2_with_a_clear_message(library, capsys, tmp_path, args):
    argv = [a.format(lib=library, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    assert "no saved search called 'Nope'" in capsys.readouterr().err


def test_bad_input_is_refused(library, capsys):
    assert main(["saved", str(library), "--add", "Bad", "cat:金融 OR"]) == 2
    assert "OR at the end" in capsys.readouterr().err
    assert main(["saved", str(library), "--add", "", "tag:x"]) == 2
    assert "needs a name" in capsys.readouterr().err
    assert main(["saved", str(library), "--add", "Same", "tag:x"]) == 0
    assert main(["saved", str(library), "--add", "same", "tag:y"]) == 2
    assert "exists already" in capsys.readouterr().err
    assert main(["list", str(library), "--saved", "Same", "--query", "tag:x"]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["saved", str(library / "missing")]) == 3


def test_a_damaged_log_line_is_a_warning_not_a_failure(library, capsys):
    assert main(["saved", str(library), "--add", "Kept", "tag:IPO"]) == 0
    log = next((library / STATE_FOLDER / "searches").glob("*.jsonl"))
    with open(log, "ab") as handle:
        handle.write(b"\x00garbage\n")
    capsys.readouterr()
    assert main(["list", str(library), "--saved", "Kept"]) == 0
    captured = capsys.readouterr()
    assert "a.md" in captured.out
    assert f"{log}:4: not JSON; skipped" in captured.err


def test_a_saved_query_may_start_by_leaving_something_out(library, capsys):
    # argparse took "-tag:x" for an option
    assert main(["saved", str(library), "--add", "Not finance", "-cat:金融"]) == 0
    capsys.readouterr()
    assert main(["saved", str(library), "--json"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["query"] == "-cat:金融"


def test_a_saved_query_with_ignored_words_says_so_when_saved_and_run(library, capsys):
    assert main(["saved", str(library), "--add", "Stray", "cat:金融 ("]) == 0
    assert "note: ignored '('" in capsys.readouterr().err
    assert main(["list", str(library), "--saved", "Stray", "--json"]) == 0
    out, error = capsys.readouterr()
    assert [json.loads(line)["path"] for line in out.splitlines()] == ["a.md"]
    assert "note: ignored '('" in error


def test_a_linked_searches_folder_is_named_as_why_they_are_kept_per_user(library, capsys, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (library / STATE_FOLDER).mkdir(exist_ok=True)
    (library / STATE_FOLDER / "searches").symlink_to(outside)
    assert main(["saved", str(library), "--add", "Finance", "cat:金融"]) == 0
    error = capsys.readouterr().err
    link = library.resolve() / STATE_FOLDER / "searches"
    assert f"note: {link} is a symbolic link; saved searches are kept in " in error
    assert "cannot be written" not in error
    assert list(outside.iterdir()) == []
    assert main(["saved", str(library)]) == 0
    assert capsys.readouterr().out == "Finance\tcat:金融\n"


def test_a_saved_query_that_no_longer_parses_is_named_in_the_error(library, capsys, tmp_path):
    # (kept by another version, or edited by hand: "error in the query" named
    # no saved search, and the query was not one the person had typed)
    from reader.cli.saved import open_searches

    open_searches(str(library)).add("Broken", 'cat:金融 "unclosed')
    for args in (
        ["list", str(library)],
        ["export", str(library), "--html-dir", str(tmp_path / "x")],
    ):
        assert main([*args, "--saved", "Broken"]) == 2
        error = capsys.readouterr().err
        assert "error in the query of the saved search 'Broken': " in error
        assert "Traceback" not in error


def test_a_name_two_devices_saved_says_which_search_it_is(library, capsys, tmp_path, monkeypatch):
    """Two devices each saved a search called "same" before a sync tool
    brought their logs together: both are kept and listed; a command naming
    it takes the one saved first and says so, and how to rename it (it used
    one of them silently)."""
    import shutil

    other = tmp_path / "other-copy"
    shutil.copytree(library, other)
    monkeypatch.setenv("ARTICLE_READER_DATA_DIR", str(tmp_path / "device-a"))
    assert main(["saved", str(library), "--add", "same", "cat:金融"]) == 0
    monkeypatch.setenv("ARTICLE_READER_DATA_DIR", str(tmp_path / "device-b"))
    assert main(["saved", str(other), "--add", "same", "cat:体育"]) == 0
    for log in (other / STATE_FOLDER / "searches").glob("*.jsonl"):
        shutil.copy(log, library / STATE_FOLDER / "searches")  # as a sync tool does
    capsys.readouterr()
    assert main(["saved", str(library)]) == 0
    assert capsys.readouterr().out.splitlines() == ["same\tcat:金融", "same\tcat:体育"]
    note = (
        "note: 2 saved searches are called 'same' (saved on more than one device); this is "
        "the one saved first, 'same' (cat:金融); rename one of them (saved --rename) to tell "
        "them apart\n"
    )
    assert main(["list", str(library), "--saved", "same", "--json"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["path"] for line in out.splitlines()] == ["a.md"]
    assert err.startswith(note)
    assert main(["saved", str(library), "--rename", "same", "Finance"]) == 0
    assert capsys.readouterr().err == note + "renamed 'same' to 'Finance'\n"
    assert main(["saved", str(library), "--delete", "same"]) == 0  # one left: no note
    assert capsys.readouterr().err == "deleted 'same'\n"
    assert main(["saved", str(library)]) == 0
    assert capsys.readouterr().out == "Finance\tcat:金融\n"


@pytest.mark.parametrize("change", [["--rename", "Gone", "Other"], ["--delete", "Gone"]])
def test_a_search_deleted_by_another_process_meanwhile_is_named_not_a_traceback(
    library, capsys, monkeypatch, change
):
    # `saved --rename` racing `saved --delete`: KeyError and a traceback
    from reader.cli import saved as saved_cli
    from reader.core.library.state.searches import SavedSearches

    assert main(["saved", str(library), "--add", "Gone", "cat:体育"]) == 0
    named = saved_cli._named  # noqa: SLF001

    def found_then_deleted(searches: SavedSearches, name: str):
        search = named(searches, name)
        other = SavedSearches.open(library, device=searches.device)
        other.delete(search.id)  # (another process, between finding and changing it)
        return search

    monkeypatch.setattr(saved_cli, "_named", found_then_deleted)
    capsys.readouterr()
    assert main(["saved", str(library), *change]) == 2
    assert "no saved search called 'Gone'" in capsys.readouterr().err


def test_names_and_queries_may_start_with_a_dash(library, capsys):
    # `saved --add -dash -hello`: "expected 2 arguments"; -hello read as -h
    assert main(["saved", str(library), "--add", "-dash", "-hello"]) == 0
    assert main(["saved", str(library), "--rename", "-dash", "-dash2"]) == 0
    capsys.readouterr()
    assert main(["saved", str(library)]) == 0
    assert capsys.readouterr().out.splitlines() == ["-dash2\t-hello"]
    assert main(["list", str(library), "--saved", "-dash2"]) == 0
    assert main(["saved", str(library), "--delete", "-dash2"]) == 0
    assert main(["saved", str(library), "--delete", "-dash2"]) == 2
    assert "no saved search called '-dash2'" in capsys.readouterr().err


def test_an_option_after_rename_or_add_is_no_name(library, capsys):
    # `saved LIB --rename a --json` renamed the search to "--json"
    assert main(["saved", str(library), "--add", "a", "x"]) == 0
    assert main(["saved", str(library), "--rename", "a", "--json"]) == 2
    capsys.readouterr()
    assert main(["saved", str(library)]) == 0
    assert capsys.readouterr().out.splitlines() == ["a\tx"]
