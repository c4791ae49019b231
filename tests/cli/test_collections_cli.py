"""export and import on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
import zipfile

import pytest

from reader.cli import main
from tests.core.libhelpers import article, write


@pytest.fixture
def library(root, cache_dir):
    write(
        root,
        "a.md",
        article("知识产权保护", categories="[金融, 银行]", body="<p>保护知识产权。</p>\n" * 30),
    )
    write(root, "b.md", article("Beta", categories="[Finance]", date="2020-01-02"))
    return root


def test_export_epub_with_a_query(library, tmp_path, capsys):
    out = tmp_path / "book.epub"
    assert main(["export", str(library), "--query", "cat:金融", "--epub", str(out)]) == 0
    assert "exported 1 article(s)" in capsys.readouterr().err
    with zipfile.ZipFile(out) as book:
        assert sum(1 for name in book.namelist() if name.startswith("OEBPS/text/")) == 1


def test_an_export_that_matches_nothing_exits_1_and_writes_nothing(library, tmp_path, capsys):
    out = tmp_path / "book.epub"
    assert main(["export", str(library), "--query", "tag:none", "--epub", str(out)]) == 1
    assert "no article matches; nothing exported" in capsys.readouterr().err
    assert not out.exists()


def test_existing_output_needs_force(library, tmp_path, capsys):
    out = tmp_path / "book.epub"
    out.write_bytes(b"keep me")
    assert main(["export", str(library), "--epub", str(out)]) == 3
    assert "--force" in capsys.readouterr().err and out.read_bytes() == b"keep me"
    assert main(["export", str(library), "--epub", str(out), "--force"]) == 0
    assert zipfile.is_zipfile(out)


def test_export_usage_errors(library, tmp_path, capsys):
    assert main(["export", str(library), "--query", "cat:", "--epub", str(tmp_path / "x")]) == 2
    assert "a value is missing" in capsys.readouterr().err
    assert main(["export", str(library), "--epub", "a", "--pdf", "b"]) == 2
    assert "not allowed with" in capsys.readouterr().err
    assert main(["export", str(library), "--epub", str(tmp_path / "no" / "x.epub")]) == 3
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--epub", "--pdf", "--html-dir"])
def test_an_export_to_a_dash_is_refused_not_written_to_a_file_named_so(
    library, tmp_path, capsys, monkeypatch, option
):
    # (CLI attack) `--epub -` wrote a file named "-" where a script meant
    # its standard output
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(library), option, "-"]) == 2
    assert "not to standard output" in capsys.readouterr().err
    assert not os.path.lexists(tmp_path / "-")


def test_export_html_folder(library, tmp_path):
    out = tmp_path / "site"
    assert main(["export", str(library), "--html-dir", str(out), "--toc", "category"]) == 0
    assert (out / "index.html").is_file() and len(list((out / "articles").iterdir())) == 2


@pytest.mark.slow
def test_export_pdf_loads_qt_only_for_pdf(library, tmp_path):
    """A fresh process: the PDF has a page per article run, the Chinese
    text, page numbers; the EPUB run never imports Qt."""
    out = tmp_path / "book.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    code = (
        "import sys; from reader.cli import main; rc = main(sys.argv[1:]); "
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT'); "
        "sys.exit(rc)"
    )
    epub = subprocess.run(
        [sys.executable, "-c", code, "export", str(library), "--epub", str(tmp_path / "b.epub")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert epub.returncode == 0 and epub.stdout.strip() == "NOQT", epub.stderr
    pdf = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "export",
            str(library),
            "--pdf",
            str(out),
            "--toc",
            "category",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert pdf.returncode == 0, pdf.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    assert pages >= 3  # contents, then each article on its own pages
    text = unicodedata.normalize(
        "NFKC",
        subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    assert "知识产权保护" in text and "保护知识产权" in text and "Beta" in text
    assert "金融 / 银行" in text


def test_import(library, tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>导入的页面</title>'
        '<link rel="canonical" href="https://example.cn/p/1"></head>'
        "<body><div class='content'><p>一段足够长的正文内容，用来测试导入功能。</p></div>"
        "</body></html>",
        encoding="utf-8",
    )
    assert main(["import", str(library), str(page)]) == 0
    assert "created" in capsys.readouterr().out
    assert main(["import", str(library), str(page)]) == 0
    captured = capsys.readouterr()
    assert "skipped" in captured.out and "the same address" in captured.out
    assert main(["import", str(library), str(page), "--on-duplicate", "keep-both"]) == 0
    assert main(["import", str(library), str(tmp_path / "missing.html")]) == 3
    assert "missing.html" in capsys.readouterr().err
    assert main(["list", str(library), "--query", "source:https://example.cn/p/1"]) == 0
    assert "2 article(s)" in capsys.readouterr().err


def test_read_only_places_are_errors_not_tracebacks(unprivileged):
    library = unprivileged.folder / "library"
    write(library, "a.md", article("Alpha", body="<p>text enough to import</p>\n"))
    out = unprivileged.folder / "out"
    out.mkdir()
    page = unprivileged.folder / "page.html"
    page.write_text("<html><body><p>A saved page with some text in it.</p></body></html>")
    unprivileged.give(library, out, page)
    cache = unprivileged.folder / "cache"
    out.chmod(0o555)
    result = unprivileged.cli(
        "export", str(library), "--epub", str(out / "b.epub"), "--cache-dir", str(cache)
    )
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "cannot write" in result.stderr and str(out) in result.stderr
    assert list(out.iterdir()) == []
    library.chmod(0o555)
    result = unprivileged.cli("import", str(library), str(page), "--cache-dir", str(cache))
    assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr
    assert "page.html" in result.stderr
    assert sorted(p.name for p in library.iterdir()) == ["a.md"]


def test_export_refuses_to_write_over_an_article(tmp_path, cache_dir, capsys):
    from reader.cli import main
    from tests.core.libhelpers import article, write

    write(tmp_path, "lib/a.md", article("A"))
    target = tmp_path / "lib" / "a.md"
    before = target.read_bytes()
    code = main(["export", str(tmp_path / "lib"), "--epub", str(target), "--force"])
    assert code == 3 and target.read_bytes() == before
    assert "named like an article" in capsys.readouterr().err


def test_export_query_can_name_the_reading_state(tmp_path, cache_dir, capsys):
    # review of #12: `export --query is:starred` said the state was not available
    from reader.cli import main
    from tests.core.libhelpers import article, write

    write(tmp_path, "lib/a.md", article("Starred one", date="2021-01-01"))
    write(tmp_path, "lib/b.md", article("Other", date="2021-01-02"))
    lib = tmp_path / "lib"
    assert main(["mark", str(lib), str(lib / "a.md"), "--star"]) == 0
    out = tmp_path / "out"
    assert main(["export", str(lib), "--query", "is:starred", "--html-dir", str(out)]) == 0
    assert "exported 1 article(s)" in capsys.readouterr().err
    pages = list((out / "articles").glob("*.html")) if (out / "articles").is_dir() else []
    assert len(pages) == 1 and "Starred one" in pages[0].read_text(encoding="utf-8")


def test_export_refuses_an_empty_output_as_a_usage_error(library, capsys):
    # `--epub ''` was a TypeError traceback (exit 1)
    for option in ("--epub", "--pdf", "--html-dir"):
        assert main(["export", str(library), option, ""]) == 2
        error = capsys.readouterr().err
        assert option in error and "Traceback" not in error and len(error.splitlines()) == 1


def test_export_force_never_deletes_a_library_inside_the_folder(tmp_path, cache_dir, capsys):
    # the library moved into an earlier export: --force deleted it
    write(tmp_path, "site/notes/precious.md", "---\ntitle: precious\n---\nonly copy\n")
    out = tmp_path / "site-export"
    assert main(["export", str(tmp_path / "site" / "notes"), "--html-dir", str(out)]) == 0
    (tmp_path / "site" / "notes").rename(out / "notes")
    capsys.readouterr()
    code = main(["export", str(out / "notes"), "--html-dir", str(out), "--force"])
    assert code == 3 and "holds the library" in capsys.readouterr().err
    assert (out / "notes" / "precious.md").read_text() == "---\ntitle: precious\n---\nonly copy\n"


def test_export_force_never_replaces_a_fifo(library, tmp_path, capsys):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for option in ("--epub", "--pdf"):
        assert main(["export", str(library), option, str(fifo), "--force"]) == 3
        error = capsys.readouterr().err
        assert "is not a regular file; not replaced" in error and str(fifo) in error
    assert fifo.is_fifo()


_RACE = """
import os, sys, time
from reader.cli import main
go = sys.argv[1]
while not os.path.exists(go):
    time.sleep(0.002)
sys.exit(main(sys.argv[2:]))
"""


def test_import_is_not_about_the_librarys_unreadable_files(library, tmp_path, capsys):
    # (as publish) the library's files that cannot be read were listed as
    # errors by an import that then exited 0
    with open(os.path.join(os.fsencode(library), b"bad\xffname.md"), "wb") as handle:
        handle.write(b"---\ntitle: bad\n---\n")
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>A page</title></head><body><div class='content'>"
        "<p>Enough text in the body of the page to import it.</p></div></body></html>",
        encoding="utf-8",
    )
    assert main(["import", str(library), str(page)]) == 0
    captured = capsys.readouterr()
    assert "created" in captured.out and "error" not in captured.err


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(3))
def test_concurrent_imports_of_one_page_make_one_article(tmp_path, cache_dir, round_):
    # six `import LIB page.html` at once made plain-page.md, plain-page-2.md…:
    # each found no duplicate before any had written
    library = tmp_path / "lib"
    write(library, "a.md", article("Alpha", body="<p>text</p>\n"))
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Plain page</title></head><body><p>A plain page with enough "
        "text in it to be imported as an article of the library.</p></body></html>",
        encoding="utf-8",
    )
    assert main(["index", str(library)]) == 0
    go = tmp_path / "go"
    env = {**os.environ, "ARTICLE_READER_CACHE_DIR": str(cache_dir)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _RACE, str(go), "import", str(library), str(page)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(6)
    ]
    go.touch()
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [code for code, _, _ in results] == [0] * 6, results
    outputs = sorted(out for _, out, _ in results)
    assert sum("created" in out for out in outputs) == 1, outputs
    assert sum("skipped" in out for out in outputs) == 5, outputs
    assert sorted(p.name for p in library.iterdir()) == ["a.md", "plain-page.md"]


def test_export_on_a_full_disk_is_one_line_and_exit_3(library, tmp_path, monkeypatch, capsys):
    import errno

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(zipfile.ZipFile, "writestr", no_space)
    out = tmp_path / "book.epub"
    assert main(["export", str(library), "--epub", str(out)]) == 3
    error = capsys.readouterr().err
    assert error.splitlines() == [f"error: {out}: No space left on device"], error
    monkeypatch.undo()
    monkeypatch.setattr("pathlib.Path.write_text", no_space)
    assert main(["export", str(library), "--html-dir", str(tmp_path / "site")]) == 3
    error = capsys.readouterr().err
    assert error.splitlines() == [f"error: {tmp_path / 'site'}: No space left on device"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "library"]


def test_import_refuses_an_article_of_the_library_and_a_single_file_page(library, tmp_path, capsys):
    # an article imported again became a stripped copy of itself; a Blink
    # .mhtml became an article of quoted-printable, both with exit 0
    mhtml = tmp_path / "page.mhtml"
    mhtml.write_bytes(
        b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\tboundary="----B"\r\n\r\n------B\r\n'
        b"Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"<html><body><p>caf=C3=A9 text long enough to import</p></body></html>\r\n------B--\r\n"
    )
    page = tmp_path / "ok.html"
    page.write_text("<html><body><p>A saved page with some text in it.</p></body></html>")
    before = sorted(p.name for p in library.iterdir())
    code = main(["import", str(library), str(library / "a.md"), str(mhtml), str(page)])
    captured = capsys.readouterr()
    assert code == 3
    errors = [line for line in captured.err.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {library / 'a.md'}: is inside the library; "
        "only pages from outside it are imported",
        f"error: {mhtml}: a single-file page (MHTML) cannot be imported; save the page as HTML",
    ]
    assert "1 page(s) imported, 0 duplicate(s) skipped, 2 failed" in captured.err
    assert len(list(library.iterdir())) == len(before) + 1


def test_import_warns_of_a_date_it_leaves_out(tmp_path, cache_dir, monkeypatch, capsys):
    import time

    library = tmp_path / "dated"
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        write(library, "c.md", article("Gamma", date="2021-01-01 10:00:00 +0800"))
        page = tmp_path / "old.html"
        page.write_text(
            '<html><head><meta property="article:published_time" content="0001-01-01">'
            "<title>Old</title></head><body><p>A page from the first year of all.</p>"
            "</body></html>"
        )
        assert main(["import", str(library), str(page)]) == 0
    finally:
        monkeypatch.undo()
        time.tzset()
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "created" in captured.out
    assert (
        f"warning: {page}: the date 0001-01-01T00:00:00 cannot be written with this time "
        "zone's offset; imported without a date"
    ) in captured.err.splitlines()


def test_an_export_missing_a_file_the_index_could_not_read_exits_3(library, tmp_path, capsys):
    # the file was named as an error, and the export said 0 as if whole
    os.mkfifo(library / "fifo.md")
    code = main(["export", str(library), "--html-dir", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert code == 3
    assert "fifo.md" in err and "exported" in err


def _big_png(size: int) -> bytes:
    """A whole PNG of about ``size`` bytes (its data random: each one differs)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    # (rows enough to hold the data as pixels; stored, not compressed)
    header = struct.pack(">IIBBBBB", 100, size // 300 + 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(os.urandom(size), 0))
        + chunk(b"IEND", b"")
    )


_IMPORT = "import sys; from reader.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("when", "signum"),
    [("images", "SIGKILL"), ("images", "SIGTERM"), ("article", "SIGKILL")],
)
def test_a_killed_import_is_completed_by_the_next(tmp_path, cache_dir, capsys, when, signum):
    # the article was written before its images: killed in between, it
    # stayed pointing at images that were never saved, and importing the
    # page again said "skipped, already in the library" (exit 0)
    import re
    import signal
    import time

    library = tmp_path / "lib"
    write(library, "s.md", article("S"))
    page = tmp_path / "page" / "p.html"
    (page.parent / "files").mkdir(parents=True)
    for number in range(8):
        (page.parent / "files" / f"i{number}.png").write_bytes(_big_png(2_000_000))
    page.write_text(
        "<html><head><title>Kill me</title></head><body><article><p>Kill during import "
        "paragraph long enough to be content.</p>"
        + "".join(f'<img src="files/i{number}.png">' for number in range(8))
        + "</article></body></html>"
    )
    assert main(["index", str(library)]) == 0
    watched = library / ("kill-me" if when == "images" else "kill-me.md")
    process = subprocess.Popen(
        [sys.executable, "-c", _IMPORT, "import", str(library), str(page)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if os.path.lexists(watched):
                process.send_signal(getattr(signal, signum))
                break
            time.sleep(0.001)
    finally:
        process.wait(timeout=60)

    def images_of_the_article() -> tuple[set[str], set[str]]:
        body = (library / "kill-me.md").read_text()
        named = set(re.findall(r'src="(img-[0-9a-f]+\.png)"', body))
        folder = library / "kill-me"
        return named, {p.name for p in folder.iterdir() if not p.name.startswith(".")}

    if (library / "kill-me.md").exists():  # (only ever with all its images)
        named, saved = images_of_the_article()
        assert len(named) == 8 and named <= saved
    capsys.readouterr()
    assert main(["import", str(library), str(page)]) == 0
    named, saved = images_of_the_article()
    assert len(named) == 8 and named <= saved, capsys.readouterr()
    assert sorted(p.name for p in library.iterdir() if not p.name.startswith(".")) == [
        "kill-me",
        "kill-me.md",
        "s.md",
    ]


def test_export_names_an_article_it_shows_as_text(library, tmp_path, capsys):
    write(library, "bad.md", "---\ntitle: [unclosed\n---\nbody\n")
    assert main(["export", str(library), "--html-dir", str(tmp_path / "site")]) == 0
    error = capsys.readouterr().err
    assert f"{library / 'bad.md'}:2: error: invalid YAML" in error


def test_an_import_stopped_says_what_it_imported(tmp_path, cache_dir, monkeypatch, capfd):
    # Ctrl+C said only "interrupted", with the pages imported so far unnamed
    import signal

    from reader.core.convert import webpage

    pages = []
    for number in range(5):
        page = tmp_path / "pages" / f"p{number}.html"
        page.parent.mkdir(exist_ok=True)
        page.write_text(
            f"<html><head><title>Page {number}</title></head>"
            f"<body><p>Story number {number}, with enough words to be a story.</p></body></html>"
        )
        pages.append(str(page))
    library = tmp_path / "library"
    library.mkdir()
    imported = webpage.import_page
    calls = []

    def import_page(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C while the second is imported
        return imported(*args, **kwargs)

    monkeypatch.setattr(webpage, "import_page", import_page)
    assert main(["import", str(library), *pages]) == 130
    out, error = capfd.readouterr()
    assert len(calls) == 2 and out.count(": created ") == 2
    assert "2 page(s) imported" in error and "stopped: 3 page(s) not imported" in error
    # said when it came (a page of megabytes took a minute, the signal unanswered)
    assert "stopping after the step being done (again to stop at once)\n" in error


def test_export_of_a_subfolder_never_writes_into_the_library_above(tmp_path, cache_dir, capsys):
    # (review) the library (its .article-reader/ folder) above the folder
    # exported: --force put an EPUB over one of its articles, and an HTML
    # folder's pages became its articles
    from reader.cli import main

    lib = tmp_path / "lib"
    write(lib, "post1.md", article("P1"))
    write(lib, "sub/post2.md", article("P2"))
    (lib / ".article-reader").mkdir()
    before = (lib / "post1.md").read_bytes()
    code = main(["export", str(lib / "sub"), "--epub", str(lib / "post1.md"), "--force"])
    assert code == 3
    assert "is named like an article of the library; not written" in capsys.readouterr().err
    assert (lib / "post1.md").read_bytes() == before
    assert main(["export", str(lib / "sub"), "--html-dir", str(lib / "out")]) == 3
    assert "is inside the library" in capsys.readouterr().err
    assert not (lib / "out").exists()


@pytest.mark.parametrize("option", ["--epub", "--pdf"])
def test_export_force_never_replaces_the_apps_own_files(tmp_path, cache_dir, capsys, option):
    # (review) --force put a book over the reading state's log (the stars
    # lost), the undo journal (its history lost) and the index in use
    from reader.core.article.cache import library_cache_dir

    lib = tmp_path / "lib"
    write(lib, "a.md", article("A", tags=["a"]))
    assert main(["mark", str(lib), str(lib / "a.md"), "--star"]) == 0
    assert main(["rename-tag", str(lib), "a", "b"]) == 0
    logs = sorted((lib / ".article-reader").rglob("*.jsonl"))
    cache = library_cache_dir(lib, cache_dir)
    targets = [*logs, cache / "journal.sqlite3", cache / "index.sqlite3"]
    assert logs and all(path.is_file() for path in targets)
    before = {path: path.read_bytes() for path in targets}
    capsys.readouterr()
    for target in [*targets, lib / ".article-reader" / "book.epub"]:
        assert main(["export", str(lib), option, str(target), "--force"]) == 3
        error = capsys.readouterr().err
        assert "not written" in error and str(target) in error and "Traceback" not in error
    assert {path: path.read_bytes() for path in targets} == before
    assert not (lib / ".article-reader" / "book.epub").exists()
    assert main(["list", str(lib), "--starred"]) == 0
    assert "a.md" in capsys.readouterr().out
    assert main(["undo", str(lib)]) == 0


def test_export_force_never_replaces_an_index_put_elsewhere_or_the_state_by_another_name(
    tmp_path, capsys
):
    # (review) a PDF went over the index of a --cache-dir; a link or a second
    # name of the state folder let a book in
    from reader.core.article.cache import library_cache_dir

    lib, cache = tmp_path / "lib", tmp_path / "elsewhere"
    write(lib, "a.md", article("A"))
    assert main(["index", "--cache-dir", str(cache), str(lib)]) == 0
    assert main(["mark", str(lib), str(lib / "a.md"), "--star"]) == 0
    index = library_cache_dir(lib, cache) / "index.sqlite3"
    before = index.read_bytes()
    capsys.readouterr()
    for option in ("--pdf", "--epub"):
        args = ["export", "--cache-dir", str(cache), str(lib), option, str(index), "--force"]
        assert main(args) == 3
        assert "a cache folder in use; not written" in capsys.readouterr().err
    assert index.read_bytes() == before
    (tmp_path / "state-link").symlink_to(lib / ".article-reader")
    inside = tmp_path / "state-link" / "book.epub"
    assert main(["export", "--cache-dir", str(cache), str(lib), "--epub", str(inside)]) == 3
    assert "library's own folder" in capsys.readouterr().err
    assert not (lib / ".article-reader" / "book.epub").exists()
    # a link outside to the state is replaced itself, never what it leads to
    log = next((lib / ".article-reader").rglob("*.jsonl"))
    saved = log.read_bytes()
    (tmp_path / "to-log.epub").symlink_to(log)
    args = ["export", "--cache-dir", str(cache), str(lib), "--epub", str(tmp_path / "to-log.epub")]
    assert main([*args, "--force"]) == 0
    assert log.read_bytes() == saved and not (tmp_path / "to-log.epub").is_symlink()


def test_export_force_replaces_only_a_book_inside_the_library(tmp_path, cache_dir, capsys):
    # (CLI attack) --force wrote a book over the site's _config.yml, an
    # article's image and .git/config (git then refused the repository)
    lib = tmp_path / "lib"
    write(lib, "post1.md", article("P1"))
    write(lib, "_config.yml", "title: site\n")
    write(lib, "post1/photo.png", "not really a picture\n")
    write(lib, ".git/config", "[core]\n")
    kept = {p: p.read_bytes() for p in lib.rglob("*") if p.is_file()}
    for name in ("_config.yml", "post1/photo.png"):
        assert main(["export", str(lib), "--epub", str(lib / name), "--force"]) == 3
        assert "is not a book an export wrote" in capsys.readouterr().err
    for name in (".git/config", ".git/book.pdf"):
        assert main(["export", str(lib), "--pdf", str(lib / name), "--force"]) == 3
        assert "inside a hidden folder of the library" in capsys.readouterr().err
    assert main(["export", str(lib), "--epub", str(lib / "_config.yml" / "x.epub")]) == 3
    assert "cannot be written there: Not a directory" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in lib.rglob("*") if p.is_file()} == kept
    # a library in a dot-folder of the library above it exports into itself
    # (review: refused as "inside a hidden folder of the library")
    (lib / ".article-reader").mkdir(exist_ok=True)  # (lib: the library above)
    notes = lib / ".notes"
    write(notes, "n.md", article("N"))
    assert main(["export", str(notes), "--epub", str(notes / "book.epub")]) == 0
    assert main(["export", str(notes), "--pdf", str(lib / ".git" / "x.pdf")]) == 3
    assert "inside a hidden folder of the library" in capsys.readouterr().err
    # a book an earlier export wrote is replaced, and one outside the library is too
    book = lib / "book.epub"
    assert main(["export", str(lib), "--epub", str(book)]) == 0
    assert main(["export", str(lib), "--epub", str(book), "--force"]) == 0
    outside = tmp_path / "notes.txt"
    outside.write_text("mine\n")
    assert main(["export", str(lib), "--epub", str(outside), "--force"]) == 0
