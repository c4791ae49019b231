"""`list --query` and `search` with the query language."""

from __future__ import annotations

import json

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


def test_list_query_and_text_both_narrow(library, capsys):
    """``--query`` with ``--text``: the text was dropped, and every article
    the query found was listed."""
    paths = []
    for text in ("知识产权", "English", "不存在的词"):
        assert main(["list", str(library), "--query", "cat:金融", "--text", text, "--json"]) == 0
        paths.append([json.loads(line)["path"] for line in capsys.readouterr().out.splitlines()])
    assert paths == [["a.md"], ["b.md"], []]


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


def test_state_terms_read_the_reading_state(library, capsys):
    assert main(["mark", str(library), str(library / "a.md"), "--read", "--star"]) == 0
    assert main(["mark", str(library), str(library / "b.md"), "--later"]) == 0
    capsys.readouterr()

    def listed(query):
        assert main(["list", str(library), f"--query={query}", "--json"]) == 0
        return sorted(json.loads(line)["path"] for line in capsys.readouterr().out.splitlines())

    assert listed("is:unread") == ["b.md"]
    assert listed("is:starred cat:金融") == ["a.md"]
    assert listed("is:later OR is:starred") == ["a.md", "b.md"]
    assert listed("-is:later") == ["a.md"]
    assert main(["search", str(library), "is:unread 知识产权 OR English", "--json"]) == 0
    assert [json.loads(x)["path"] for x in capsys.readouterr().out.splitlines()] == ["b.md"]


def test_search_ranks_words_and_filters(library, capsys):
    assert main(["search", str(library), "知识产权 cat:金融/银行"]) == 0
    out = capsys.readouterr().out
    assert "a.md" in out and "[知识产权]" in out
    assert main(["search", str(library), "知识产权 -cat:金融"]) == 0
    assert "0 result(s)" in capsys.readouterr().err
    assert main(["search", str(library), "date:2020"]) == 0
    assert "b.md" in capsys.readouterr().out


def test_a_query_may_start_by_leaving_something_out(library, capsys):
    # review of #12: `--query -tag:IPO` was taken for an unknown option (exit 2)
    assert main(["list", str(library), "--query", "-tag:IPO", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"b.md"' in out and '"a.md"' not in out
    assert main(["list", str(library), "--sort", "-title", "--query", "-cat:金融/银行"]) == 0
    out = capsys.readouterr().out
    assert "b.md" in out and "a.md" not in out


def test_search_query_may_start_by_leaving_a_word_out(library, capsys):
    assert main(["search", str(library), "--json", "-English"]) == 0
    out = capsys.readouterr().out
    assert '"a.md"' in out and '"b.md"' not in out
    assert main(["search", str(library), "--limit", "5", "-cat:金融/银行"]) == 0
    out = capsys.readouterr().out
    assert "b.md" in out and "a.md" not in out


def test_a_word_left_out_may_start_with_h(library, capsys):
    # `search LIB -hello` was read as -h with "ello" (exit 2)
    write(library, "c.md", article("Gamma", body="<p>hello there</p>\n"))
    assert main(["search", str(library), "-hello", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"c.md"' not in out and '"a.md"' in out
    assert main(["search", str(library), "--max-wait", "-1", "x"]) == 2  # (a value, not a word)


@pytest.mark.parametrize("before", [[], ["--json"], ["--limit", "5"]])
def test_a_word_left_out_before_the_library_is_refused(library, capsys, before):
    # `search --json -word LIB` took "-word" for the library (" -word: not a
    # folder", exit 3), and `search -word LIB` asked for a QUERY
    assert main(["search", *before, "-English", str(library)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        "article-reader search: error: -English comes before LIBRARY; give the library "
        "first: article-reader search LIBRARY -English"
    ) in captured.err


def test_an_option_typed_with_one_dash_is_named_not_taken_for_a_query(library, capsys):
    # (review) `search -json LIB q` advised a query leaving "json" out
    assert main(["search", "-json", str(library), "English"]) == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: -json" in err and "comes before LIBRARY" not in err
    assert main(["search", "--help", "-x"]) == 0  # (help asked for is help)
    assert "usage: article-reader search" in capsys.readouterr().out


def test_after_a_double_dash_a_library_may_start_with_a_dash(library, capsys, monkeypatch):
    # (CLI attack) `search -- -lib notes` said " -lib: not a folder": the
    # argument was taken for a word the query leaves out, even after "--"
    dashed = library.parent / "-lib"
    library.rename(dashed)
    monkeypatch.chdir(dashed.parent)
    assert main(["search", "--json", "--", "-lib", "English"]) == 0
    out = capsys.readouterr().out
    assert '"b.md"' in out and '"a.md"' not in out
    assert main(["search", "--", "-lib", "-English"]) == 0
    out = capsys.readouterr().out
    assert "a.md" in out and "b.md" not in out


def test_text_says_it_leaves_nothing_out(library, capsys):
    # `list --text -English` listed the articles holding "English", without a word
    assert main(["list", str(library), "--text", "-English"]) == 0
    out, error = capsys.readouterr()
    assert "b.md" in out
    assert "--text leaves nothing out: '-English' searched for as 'English'" in error
    assert "--query '-English'" in error


@pytest.mark.parametrize("category", ["/", "//", " / "])
def test_a_category_of_no_name_is_refused(library, capsys, category):
    # `list --category /` listed every article (--query cat:/ is refused)
    assert main(["list", str(library), "--category", category]) == 2
    assert "names no category" in capsys.readouterr().err


def test_text_says_it_takes_or_as_a_word(library, capsys):
    # `list --text 'walks OR tea'` found nothing and said nothing (--query: 38)
    assert main(["list", str(library), "--text", "English OR Chinese"]) == 0
    error = capsys.readouterr().err
    assert "--text takes every word, 'OR' among them" in error
    assert "--query 'English OR Chinese'" in error
    assert main(["list", str(library), "--text", "OR"]) == 0  # (alone: just a word)
    assert "'OR' among them" not in capsys.readouterr().err


@pytest.mark.parametrize("word", ["(", "*", "%", "_", "\\"])
def test_a_query_with_nothing_to_search_for_is_the_empty_query_and_says_so(library, capsys, word):
    # review: `list --query '('` listed every article, `search '('` none.
    # Such a word is ignored by both (as in the window), with a note.
    note = f"note: ignored '{word}': a word needs a letter or a digit to be searched for"
    assert main(["list", str(library), "--query", word, "--json"]) == 0
    out, error = capsys.readouterr()
    assert sorted(json.loads(line)["path"] for line in out.splitlines()) == ["a.md", "b.md"]
    assert note in error
    assert main(["search", str(library), word, "--json"]) == 0
    out, error = capsys.readouterr()
    assert sorted(json.loads(line)["path"] for line in out.splitlines()) == ["a.md", "b.md"]
    assert note in error
    assert main(["list", str(library), "--text", word]) == 0
    out, error = capsys.readouterr()
    assert "a.md" in out and "b.md" in out and note in error


def test_an_ignored_word_beside_others_changes_nothing(library, capsys):
    assert main(["search", str(library), "知识产权 & *", "--json"]) == 0
    out, error = capsys.readouterr()
    assert [json.loads(line)["path"] for line in out.splitlines()] == ["a.md"]
    assert "ignored '&', '*'" in error
    assert main(["list", str(library), "--query", "English OR ("]) == 0
    out, error = capsys.readouterr()
    assert "b.md" in out and "a.md" not in out and "ignored '('" in error
    assert main(["list", str(library), "--query", "English"]) == 0
    assert "ignored" not in capsys.readouterr().err  # no note without such a word


def test_export_says_which_words_of_its_query_it_ignored(library, capsys, tmp_path):
    out = tmp_path / "site"
    assert main(["export", str(library), "--query", "English (", "--html-dir", str(out)]) == 0
    error = capsys.readouterr().err
    assert "article-reader export: note: ignored '('" in error
    assert (out / "index.html").is_file()


def test_a_note_of_ignored_words_names_a_few_cut_short(library, capsys):
    # a word of 100,000 brackets was written out whole, and so was each of
    # thousands of such words
    assert main(["list", str(library), "--query", "English " + "(" * 100_000]) == 0
    error = capsys.readouterr().err
    assert f"note: ignored '{'(' * 40}…': a word needs" in error and len(error) < 300
    many = " ".join(["*", "&", "%", "#", "@", "~", "^"])
    assert main(["search", str(library), f"English {many}"]) == 0
    error = capsys.readouterr().err
    assert "note: ignored '*', '&', '%', '#', '@', …: a word needs" in error


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (["--tag", "ipo"], "no article has the tag 'ipo'; did you mean 'IPO'?"),
        (
            ["--category", "金融/银"],
            "no article has the category '金融/银'; did you mean '金融/银行'?",
        ),
        (["--query", "tag:ipo", "--json"], "no article has the tag 'ipo'; did you mean 'IPO'?"),
        (
            ["--query", "titel:alpha"],
            "no article has a value for the key 'titel'; did you mean 'title'?",
        ),
    ],
)
def test_an_empty_listing_names_the_filter_no_article_matches(library, capsys, args, note):
    assert main(["list", str(library), *args]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"article-reader list: note: {note}" in captured.err.splitlines()


def test_search_names_the_filter_no_article_matches(library, capsys):
    assert main(["search", str(library), "tag:ipo 知识产权"]) == 0
    err = capsys.readouterr().err
    assert "article-reader search: note: no article has the tag 'ipo'; did you mean 'IPO'?" in err
    assert main(["search", str(library), "tag:IPO 知识产权"]) == 0
    assert "note:" not in capsys.readouterr().err


def test_a_listing_with_rows_or_known_names_says_nothing_more(library, capsys):
    assert main(["list", str(library), "--tag", "IPO"]) == 0
    assert "note:" not in capsys.readouterr().err
    # known names that together match nothing: no name to blame
    assert main(["list", str(library), "--tag", "IPO", "--year", "2020"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "note:" not in captured.err


@pytest.mark.parametrize(
    ("query", "under"),
    [
        ("x\x1b[31mRED date:2021-13", "2021-13"),  # an escape: shown as \x1b, four columns
        ('a\tb "oops', '"'),  # a tab: shown as \t, two columns
        ("cafe\u0301\u0301\u0301 date:2021-13", "2021-13"),  # marks that take no column
        ("a\nb date:2021-13", "2021-13"),  # a line break: one line still
    ],
)
def test_the_caret_sits_under_the_place_as_shown(library, capsys, query, under):
    # (review) the caret counted an escaped control character as one column
    # and a combining mark as one
    assert main(["list", str(library), "--query", query]) == 2
    lines = capsys.readouterr().err.splitlines()
    shown, caret = lines[-2], lines[-1]
    assert caret.strip() == "^" and "\x1b" not in shown and "\t" not in shown
    import unicodedata

    column = 0
    for index, char in enumerate(shown):
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue  # (no column of its own)
        if column == len(caret) - 1:
            assert shown[index:].startswith(under), (shown, caret)
            break
        column += 1
    else:
        raise AssertionError((shown, caret))


def test_a_query_starting_with_a_dash_is_said_as_typed(library, capsys):
    # its error was placed one character on, the query echoed with a space
    # before it; a word too many was named with that space too
    assert main(["search", str(library), "-date:2021-13"]) == 2
    said = capsys.readouterr().err
    assert "(at character 7)" in said and "\n  -date:2021-13\n        ^" in said
    assert main(["search", str(library), "hello", "--limit", "3", "-world"]) == 2
    assert said_line(capsys.readouterr().err).endswith("unrecognized arguments: -world")


def said_line(text: str) -> str:
    return text.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "twice",
    [
        ["--tag", "IPO", "--tag", "x"],
        ["--year", "2020", "--year", "2021"],
        ["--query", "a", "--query", "b"],
    ],
)
def test_a_filter_given_twice_is_refused_not_half_taken(library, capsys, twice):
    # `list --tag a --tag b` listed b's articles, the a dropped without a word
    assert main(["list", str(library), *twice]) == 2
    said = capsys.readouterr().err
    assert f"{twice[0]} given twice" in said and "give it once" in said
