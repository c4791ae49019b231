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


def test_list_lines_written_a_block_at_a_time_are_one_per_article(library, capsys, monkeypatch):
    """Each line as the article's fields say (categories as typed: a slash
    or backslash in a name escaped), in the list's order, across blocks."""
    import reader.cli.library as library_cli
    from reader.core.article.taxonomy import format_category_path

    monkeypatch.setattr(library_cli, "_LINES_PER_WRITE", 2)
    write(library, "d.md", article("Delta", categories='["A/B", ["C\\\\D", E]]', date="2019-05-06"))
    write(library, "e.md", "---\ntitle: Epsilon\n---\nno date: the file's time\n")
    write(library, "f.md", article("Zeta", categories="[[x, y], z]", date="2018-01-01"))
    assert main(["list", str(library), "--json"]) == 0
    rows = _json_lines(capsys.readouterr().out)
    assert main(["list", str(library)]) == 0
    captured = capsys.readouterr()
    expected = []
    for row in rows:
        date = (row["date"] or "")[:10] if row["date_source"] != "file-time" else ""
        cats = "; ".join(format_category_path(p) for p in row["categories"])
        flag = f"  [{len(row['problems'])} problem(s)]" if row["problems"] else ""
        expected.append(f"{date:<10}  {row['title']}  ({cats or '-'})  {row['path']}{flag}")
    assert captured.out.splitlines() == expected
    assert captured.out.endswith("\n") and len(expected) == 6
    assert captured.err.strip().endswith("6 article(s)")
    delta = next(line for line in expected if "Delta" in line)
    assert "(A\\/B; C\\\\D/E)" in delta
    assert any(line.startswith("            Epsilon") for line in expected)  # no date shown
    assert any("(x/y; z)" in line for line in expected)
    assert any(line.endswith("c.md  [1 problem(s)]") for line in expected)


def test_list_lines_from_the_index_are_the_lines_of_the_rows(library, capsys):
    """The lines the index makes (``iter_query_lines``, ``iter_find_lines``)
    are those made from each row's summary, for every kind of field."""
    from reader.cli.library import _line
    from reader.core.library.facade import Library
    from reader.core.library.query import Query

    write(library, "d.md", article("100% %s %d", categories='["A/B", ["C\\\\D", "E/"]]'))
    write(library, "e.md", "---\ntitle: Epsilon\n---\nno date: the file's time\n")
    write(library, "f.md", article("中文 标题", categories="[[x, y], z, '']", date="2018-01-01"))
    write(library, "g.md", article("Undated", date=None))
    write(library, "h.md", "---\ntitle: [broken\n---\nbody\n")
    lib = Library.open(library)
    try:
        lib.refresh()
        for sort in ("-date", "title", "path", "-categories"):
            query = Query(sort=sort)
            lines = list(lib.iter_query_lines(query))
            assert lines == [_line(row) for row in lib.iter_query(query)], sort
            assert len(lines) == 8
            found = list(lib.iter_find_lines("title:epsilon OR has:problems", sort=sort))
            rows = list(lib.iter_find("title:epsilon OR has:problems", sort=sort))
            assert found == [_line(row) for row in rows] and len(found) >= 2, sort
    finally:
        lib.close()
    assert any("(A\\/B; C\\\\D/E\\/)" in line for line in lines)
    assert any(line.startswith("            Epsilon") for line in lines)
    assert any("100% %s %d" in line for line in lines)


def test_printable_block_is_printable_line_by_line():
    from reader.cli.common import printable, printable_block

    blocks = [
        [],
        ["plain", "中文 line", ""],
        ["a\nb", "c"],  # a newline inside a line is escaped, not a line break
        ["tab\there", "esc \x1b[31m", "rtl \u202e", "nul \x00", "c1 \x9b"],
        ["\r", "lone \udc80"],
        # unprintable to str.isprintable, shown as they are by printable()
        ["no-break\u00a0space", "joiner \u200d", "private \ue000", "line sep \u2028"],
    ]
    for lines in blocks:
        assert printable_block(lines) == "".join(printable(line) + "\n" for line in lines)
    # printable_block's shortcut: whatever str.isprintable accepts needs no escape
    every = "".join(filter(str.isprintable, map(chr, range(0x110000))))
    assert printable(every) == every


def test_list_sees_changes_without_an_explicit_index(library, capsys):
    assert main(["list", str(library), "--json"]) == 0
    capsys.readouterr()
    write(library, "new.md", article("Newcomer"))
    assert main(["list", str(library), "--json"]) == 0
    assert "new.md" in {r["path"] for r in _json_lines(capsys.readouterr().out)}


def test_usage_errors(library, capsys):
    assert main(["list", str(library), "--sort", "size"]) == 2
    assert main(["search", str(library)]) == 2
    assert main(["search", str(library), "x", "--limit", "-1"]) == 2  # (0: none, as for list)
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


def test_search_with_max_wait_while_another_process_builds_the_index_says_so(
    library, cache_dir, capsys
):
    # "0 result(s)", exit 0 and not a word: the wait for the other process's
    # first index ended at the deadline, and nothing was scanned to compare
    from reader.core.library.facade import Library
    from reader.core.library.index import IndexDB

    with Library.open(library, cache_dir=cache_dir) as other:
        db = IndexDB(other.index_path, str(other.root))
        try:
            with db.first_load_turn():  # another process's turn
                assert main(["search", str(library), "产权", "--max-wait", "0.2"]) == 0
        finally:
            db.close()
    said = capsys.readouterr().err
    assert "another process is building the index" in said and "were searched" in said
    assert "0 result(s)" in said


def test_search_with_max_wait_0_on_an_empty_library_says_nothing_of_another_process(
    root, cache_dir, capsys
):
    assert main(["search", str(root), "产权", "--max-wait", "0"]) == 0
    assert "another process" not in capsys.readouterr().err


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


def test_list_of_a_library_closed_meanwhile_is_one_error_line(library, capsys, monkeypatch):
    # another thread of a program that runs commands in-process closes the
    # library while `list` streams it: an error line, no traceback
    from reader.core.library.facade import Library

    real = Library.iter_query_text

    def closed_meanwhile(self, query, block, *, form):
        texts = real(self, query, block, form=form)
        self.close()
        return texts

    monkeypatch.setattr(Library, "iter_query_text", closed_meanwhile)
    assert main(["list", str(library)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and "the library was closed" in captured.err
    assert "Traceback" not in captured.err and len(captured.err.splitlines()) == 1


def test_list_into_a_pipe_closed_early_ends_quietly(root, cache_dir):
    # `article-reader list LIB | head -0`: the reader is gone before the
    # output comes; a closed pipe is not an error (the clause for a library
    # closed under a command must not swallow it first)
    for number in range(50):
        write(root, f"f{number % 7}/{number:04d}.md", article(f"Title {number}"))
    env = dict(os.environ, ARTICLE_READER_CACHE_DIR=str(cache_dir))
    command = [sys.executable, "-m", "reader", "list", str(root)]
    assert subprocess.run(command, capture_output=True, env=env, check=False).returncode == 0
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as listing:
        assert listing.stdout is not None and listing.stderr is not None
        listing.stdout.close()  # as `head -0` exits
        errors = listing.stderr.read().decode()
        assert listing.wait() == 0, errors
    assert "Traceback" not in errors


def _die(root: str, rels: list[str], fulltext: bool = False) -> list:
    os._exit(1)  # a pool worker killed


def test_index_with_a_pool_worker_killed_is_one_error_line(library, capsys, monkeypatch):
    import reader.core.library.refresh as refresh_module

    monkeypatch.setattr(refresh_module, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(refresh_module, "read_records", _die)
    code = main(["index", str(library)])
    captured = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in captured.err
    assert "worker process" in captured.err and captured.err.count("\n") == 1
    monkeypatch.undo()
    assert main(["index", str(library)]) == 0


def test_list_again_prints_the_kept_text_the_same(root, cache_dir, capsys, monkeypatch):
    # a large listing's text is kept in the index; shown again, it must be
    # byte for byte what the lines make, escapes included, and follow edits
    import reader.core.library.listings as listings

    monkeypatch.setattr(listings, "KEEP_FROM", 2)
    write(root, "a.md", '---\ntitle: "red \\e[31m and \\u202e reversed"\n---\nbody\n')
    write(root, "b.md", article("Beta", categories="[金融, 证券时报网]"))
    write(root, "c.md", article("Gamma", date="2020-01-02"))

    def listed():
        assert main(["list", str(root)]) == 0
        return capsys.readouterr()

    first = listed()
    assert "\\x1b[31m" in first.out and "\\u202e" in first.out and "\x1b" not in first.out
    assert first.err == "3 article(s)\n"
    again = listed()
    assert (again.out, again.err) == (first.out, first.err)
    write(root, "b.md", article("Beta, edited", categories="[金融, 证券时报网]"))
    edited = listed()
    assert "Beta, edited" in edited.out and edited.out != first.out


def test_list_writes_through_any_standard_output(library, cache_dir, monkeypatch, capsys):
    # the lines go straight to the bytes under a UTF-8 standard output; any
    # other (a UTF-16 one, a StringIO with no bytes under it) gets them as text
    import io

    assert main(["list", str(library)]) == 0
    expected = capsys.readouterr().out
    assert "金融/银行" in expected
    text = io.StringIO()
    monkeypatch.setattr(sys, "stdout", text)
    assert main(["list", str(library)]) == 0
    assert text.getvalue() == expected
    done = _list_writing(library, cache_dir, "utf-16")
    assert done.returncode == 0 and done.stdout.decode("utf-16") == expected


def _list_writing(library, cache_dir, encoding):
    """``list`` in a process of its own whose standard output writes ``encoding``."""
    env = dict(os.environ, ARTICLE_READER_CACHE_DIR=str(cache_dir), PYTHONIOENCODING=encoding)
    command = [sys.executable, "-m", "reader", "list", str(library)]
    return subprocess.run(command, capture_output=True, env=env, check=False)


def test_list_to_an_output_that_cannot_encode_chinese_shows_escapes(library, cache_dir):
    # PYTHONIOENCODING (or LANG) naming Latin-1: the titles' characters it
    # cannot encode are shown as escapes, not a traceback
    done = _list_writing(library, cache_dir, "latin-1")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("latin-1")
    assert "\\u91d1\\u878d/\\u94f6\\u884c" in out  # 金融/银行
    assert b"Traceback" not in done.stderr


def test_a_bulk_edit_no_file_of_which_can_be_changed_says_so_and_where(root, capsys):
    # said "no article has it; nothing to do", then named the one that has it
    write(root, "a.md", "---\ntitle: x\n" + "k" * 2000 + ": v\ntags: [foo]\n---\n")
    write(root, "b.md", "---\ntitle: y\n---\n")
    code = main(["rename-tag", str(root), "foo", "bar"])
    err = capsys.readouterr().err
    assert code == 3
    assert "no file could be changed" in err and "no article has it" not in err
    assert f"{root / 'a.md'}: does not parse (line 3: " in err


@pytest.mark.parametrize("command", [["search", "word"], ["list"], ["index"]])
def test_an_index_another_program_keeps_locked_is_said_not_a_traceback(
    root, cache_dir, capsys, monkeypatch, command
):
    # "sqlite3.OperationalError: database is locked" and exit 1, after 30 s
    import sqlite3

    from reader.core.library import index

    write(root, "a.md", article("A", body="<p>word</p>\n"))
    assert main(["index", str(root)]) == 0
    capsys.readouterr()
    (path,) = cache_dir.rglob("index.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(index, "LOCK_WAIT_SECONDS", 0.2)
    try:
        write(root, "b.md", article("B"))  # (a change to write)
        code = main([command[0], str(root), *command[1:]])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 3, err
    assert "in use by another program" in err and "Traceback" not in err
    assert main([command[0], str(root), *command[1:]]) == 0  # (free again)


@pytest.mark.parametrize("year", ["9223372036854775808", "-1", "0", "21", "twenty"])
def test_a_year_that_is_no_year_is_a_usage_error(root, capsys, year):
    write(root, "a.md", article("A"))
    assert main(["list", str(root), "--year", year]) == 2
    assert "a year has four digits" in capsys.readouterr().err


def test_a_search_that_could_not_read_the_changes_in_time_says_so(root, cache_dir, capsys):
    # answered from the index as it was (the old title, a word gone still
    # found) without a word: the note counted rows, and the rows were there
    import json
    import os

    write(root, "a.md", "---\ntitle: Old title\ndate: 2022-01-01\n---\noldword\n")
    assert main(["index", str(root)]) == 0
    later = os.stat(root / "a.md").st_mtime_ns + 10**9
    write(root, "a.md", "---\ntitle: New title\ndate: 2022-01-01\n---\nnewword\n")
    os.utime(root / "a.md", ns=(later, later))
    capsys.readouterr()
    assert main(["search", str(root), "oldword", "--max-wait", "0", "--json"]) == 0
    out, err = capsys.readouterr()
    hits = [json.loads(line) for line in out.splitlines()]
    fresh = not hits
    assert fresh or "1 article(s) changed since the index was made were not read again" in err


def test_a_search_given_no_time_says_both_what_is_new_and_what_changed(root, capsys):
    # with new articles beside, the changed one went unsaid; and the new
    # ones are not counted among the changed
    import json
    import os

    write(root, "a.md", "---\ntitle: Old title\ndate: 2022-01-01\n---\noldword\n")
    write(root, "b.md", article("B"))
    assert main(["index", str(root)]) == 0
    later = os.stat(root / "a.md").st_mtime_ns + 10**9
    write(root, "a.md", "---\ntitle: New title\ndate: 2022-01-01\n---\nnewword\n")
    os.utime(root / "a.md", ns=(later, later))
    write(root, "c.md", article("C"))
    write(root, "d.md", article("D"))
    capsys.readouterr()
    assert main(["search", str(root), "oldword", "--max-wait", "0", "--json"]) == 0
    out, err = capsys.readouterr()
    stale = bool([json.loads(line) for line in out.splitlines()])
    assert "article(s) are indexed so far" in err or "of 4" not in err
    assert not stale or "1 article(s) changed since the index was made" in err, err
    assert "3 article(s) changed" not in err and "2 article(s) changed" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "{lib}", "--cache-dir", ""],
        ["index", "{lib}", "--cache-dir", " "],
        ["mark", "--library", "", "{lib}/a.md", "--read"],
        ["render", "--library", "", "{lib}/a.md"],
    ],
)
def test_an_empty_folder_name_is_refused(library, capsys, monkeypatch, tmp_path, argv):
    # `--cache-dir ''` wrote the index into the current folder (a library)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main([arg.format(lib=library) for arg in argv]) == 2
    assert "a folder is needed, not an empty name" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_file_name_that_is_not_utf8_is_said_with_its_byte(tmp_path, cache_dir, capsys):
    # "caf\udce9.md": Python's own spelling of the byte, not the byte
    import os

    from reader.cli import main

    lib = tmp_path / "lib"
    lib.mkdir()
    with open(os.path.join(os.fsencode(lib), b"caf\xe9.md"), "wb") as handle:
        handle.write(b"---\ntitle: C\n---\nx\n")
    assert main(["list", str(lib)]) == 3
    err = capsys.readouterr().err
    assert f"error: {lib}/caf\\xe9.md: the file name is not valid UTF-8" in err
    assert "\\udc" not in err


def test_a_byte_and_a_control_character_of_the_same_number_print_apart(tmp_path, cache_dir, capsys):
    # (review) the byte 0x85 of a name that is not UTF-8 and the character
    # U+0085 both printed as \x85
    from reader.cli.common import printable

    assert printable("a\udc85.md") == "a\\x85.md"
    assert printable("a\x85.md") == "a\\u0085.md"
    assert printable("a\x1b.md") == "a\\x1b.md"


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--month", "2", "--day", "30"], "there is no day 30 in month 2"),
        (["--month", "4", "--day", "31"], "there is no day 31 in month 4"),
        (["--year", "2021", "--month", "2", "--day", "29"], "no day 29 in month 2 of 2021"),
    ],
)
def test_list_refuses_a_day_no_month_has(tmp_path, capsys, flags, said):
    # (index attack) accepted without a word, 0 articles, where
    # --query date:2021-02-30 is refused
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\nx\n", encoding="utf-8")
    assert main(["list", "--cache-dir", str(tmp_path / "c"), *flags, str(tmp_path)]) == 2
    assert said in capsys.readouterr().err
    assert (
        main(
            [
                "list",
                "--cache-dir",
                str(tmp_path / "c"),
                "--month",
                "2",
                "--day",
                "29",
                str(tmp_path),
            ]
        )
        == 0
    )
