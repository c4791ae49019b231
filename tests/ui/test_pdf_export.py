"""PDF export: nothing lost past Qt's layout limit, nothing cut on a full
disk, images that fit the page, contents whose page numbers read right."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess

import pytest

from reader.core.convert.export import ExportError
from reader.core.library.facade import Library
from tests.core.libhelpers import article, write

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def page_count(pdf) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def page_text(pdf, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def contents_lines(pdf) -> dict[str, int]:
    """Title → page, as the contents page shows them."""
    found = {}
    for line in page_text(pdf, 1).splitlines():
        title, sep, page = line.rpartition(" … ")
        if sep:
            found[title] = int(page)
    return found


def export(root, tmp_path, out, **kwargs):
    from reader.ui.pdf_export import export_pdf

    with Library.open(root, tmp_path / "cache") as library:
        library.refresh()
        return export_pdf(library, [s.path for s in library.query()], out, **kwargs)


@needs_poppler
def test_a_book_taller_than_one_document_loses_nothing(qapp, tmp_path, monkeypatch):
    # one QTextDocument ends at QFIXED_MAX: past 5,574 pages everything was
    # lost, the contents pointing at page 1, and the export said it was done
    from reader.ui import pdf_export

    page_height = 1505.0  # (A4 at 150 dpi, less the margins and the footer)
    monkeypatch.setattr(pdf_export, "DOCUMENT_HEIGHT_LIMIT", 3 * page_height)
    monkeypatch.setattr(pdf_export, "PART_BYTES", 20_000)
    root = tmp_path / "library"
    long_body = "".join(
        f"<p>paragraph{number:04d} " + "words " * 60 + "</p>\n" for number in range(400)
    )
    write(root, "long.md", article("Long one", date="2021-05-02", body=long_body))
    write(root, "short.md", article("Short one", date="2021-05-01", body="<p>ZQXMARKER</p>\n"))
    out = tmp_path / "book.pdf"
    export(root, tmp_path, out)
    pages = page_count(out)
    assert pages > 10
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    numbers = [int(n) for n in re.findall(r"paragraph(\d{4})", text)]
    # every paragraph, in order (a line at the foot of a page is in the text
    # of the page before too, clipped: Qt's painting, as in one document)
    assert sorted(set(numbers)) == list(range(400)) and numbers == sorted(numbers)
    toc = contents_lines(out)
    assert toc["Long one"] == 2 and "Long one" in page_text(out, 2)
    assert toc["Short one"] == pages and "ZQXMARKER" in page_text(out, pages)


def test_the_real_layout_limit_is_cut_under(qapp, tmp_path):
    """A document just over QFIXED_MAX (8,388,607 pixels) is laid out in
    parts, each whole: its last paragraph is laid out (it was not)."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPdfWriter

    from reader.ui.pdf_export import DOCUMENT_HEIGHT_LIMIT, _Layout, default_font

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(150)
    layout = _Layout(writer, default_font(), DOCUMENT_HEIGHT_LIMIT)
    fragment = "".join(f'<p style="margin-top: 1400px">p{n}</p>' for n in range(6500))
    fragment += "<p>ZQXMARKER</p>"
    whole = layout.document(fragment)
    assert whole.size().height() > 8_388_607 * 0.99  # (Qt's limit: this one lost its end)
    parts = layout.parts(fragment, "big.md")
    assert len(parts) >= 3
    for part in parts:
        assert part.pageCount() * layout.page.height() <= DOCUMENT_HEIGHT_LIMIT
    last = parts[-1]
    assert last.toPlainText().rstrip().endswith("ZQXMARKER")
    end = last.documentLayout().blockBoundingRect(last.lastBlock())
    assert end.height() > 0  # laid out, not dropped
    shown = "".join(part.toPlainText() for part in parts)
    assert [int(n) for n in re.findall(r"p(\d+)", shown)] == list(range(6500))


def test_what_cannot_be_laid_out_fails_the_export(qapp, tmp_path, monkeypatch, cache_dir):
    from reader.cli import main
    from reader.ui import pdf_export

    monkeypatch.setattr(pdf_export, "DOCUMENT_HEIGHT_LIMIT", 10.0)  # (less than a line)
    root = tmp_path / "library"
    write(root, "a.md", article("A", body="<p>text</p>\n"))
    out = tmp_path / "book.pdf"
    with pytest.raises(ExportError, match="too long to be laid out"):
        export(root, tmp_path, out)
    assert main(["export", str(root), "--pdf", str(out)]) == 3
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "cache",
        "library",
    ]


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_an_error_and_a_good_pdf_is_kept(
    qapp, tmp_path, monkeypatch, cache_dir, capsys
):
    # Qt's writer said nothing of a failed write: the export reported
    # success, left a cut PDF and, with --force, put it over a good one
    from reader.cli import main

    root = tmp_path / "library"
    write(root, "a.md", article("A", body="<p>text</p>\n" * 50))
    out = tmp_path / "book.pdf"
    out.write_bytes(b"%PDF-1.4 a good one\n%%EOF\n")
    monkeypatch.setattr(os, "fsync", _no_space)
    with pytest.raises(ExportError) as raised:
        export(root, tmp_path, out, force=True)
    assert str(raised.value) == f"{out}: No space left on device"
    assert out.read_bytes() == b"%PDF-1.4 a good one\n%%EOF\n"
    capsys.readouterr()
    assert main(["export", str(root), "--pdf", str(out), "--force"]) == 3
    error = capsys.readouterr().err
    assert f"error: {out}: No space left on device" in error.splitlines()
    assert "Traceback" not in error
    assert out.read_bytes() == b"%PDF-1.4 a good one\n%%EOF\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf", "cache", "library"]
    monkeypatch.undo()
    export(root, tmp_path, out, force=True)
    assert out.read_bytes().startswith(b"%PDF-") and page_count(out) >= 2


def test_a_big_image_is_scaled_to_the_page(qapp, tmp_path):
    # a 4000×3000 image spilled over 4 pages, only its left edge shown
    from PySide6.QtGui import QColor, QImage

    root = tmp_path / "library"
    root.mkdir()
    for name, width, height in (("wide.png", 4000, 3000), ("tall.png", 300, 9000)):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("steelblue"))
        assert image.save(str(root / name))
    small = QImage(40, 30, QImage.Format.Format_RGB32)
    small.fill(QColor("red"))
    assert small.save(str(root / "small.png"))
    write(root, "a.md", article("Wide", body="<p><img src='wide.png' alt='w'></p>\n"))
    write(root, "b.md", article("Tall", body="<p><img src='tall.png' alt='t'></p>\n"))
    write(root, "c.md", article("Small", body="<p><img src='small.png' alt='s'></p>\n"))
    out = tmp_path / "book.pdf"
    result = export(root, tmp_path, out)
    assert result.images == 3
    # the contents, then a page each (an image taller than what is left of
    # a page goes whole to the next); not 16 pages of image edges
    assert page_count(out) <= 5


def test_the_fitted_size_keeps_the_shape(qapp, tmp_path):
    from PySide6.QtCore import QBuffer, QIODevice, QUrl
    from PySide6.QtGui import QColor, QImage, QPdfWriter

    from reader.ui.pdf_export import DOCUMENT_HEIGHT_LIMIT, _Layout, default_font

    image = QImage(4000, 3000, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    image.save(str(tmp_path / "wide.png"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(150)
    layout = _Layout(writer, default_font(), DOCUMENT_HEIGHT_LIMIT)
    src = QUrl.fromLocalFile(str(tmp_path / "wide.png")).toString()
    fitted = layout.fitted(f'<p><img src="{src}" alt=""/></p>')
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', fitted).groups())
    assert width <= layout.image_width and abs(width / height - 4 / 3) < 0.01
    document = layout.document(fitted)
    assert document.pageCount() == 1
    assert document.documentLayout().documentSize().width() <= layout.page.width()


@needs_poppler
def test_a_picture_longer_than_jpeg_allows_is_drawn_smaller_not_blank(qapp, tmp_path):
    # Qt's PDF writer stores pictures as JPEG, whose sides end at 65,500
    # pixels: a 70,000 pixels wide picture was an empty stream, a blank
    from PySide6.QtGui import QColor, QImage

    root = tmp_path / "library"
    root.mkdir()
    image = QImage(70_000, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    assert image.save(str(root / "wide.png"))
    write(root, "a.md", article("Wide", body="<p>before <img src='wide.png' alt='w'> after</p>\n"))
    sized = "<p><img src='wide.png' alt='s' width='600' height='1'></p>\n"  # (a size given)
    write(root, "b.md", article("Sized", body=sized))
    out = tmp_path / "book.pdf"
    assert export(root, tmp_path, out).images == 1
    listing = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(listing) == 2
    for line in listing:
        width, height, size = (line.split()[i] for i in (3, 4, 14))
        assert 0 < int(width) < 65_500 and int(height) >= 1
        assert size != "0B"  # (a picture that is there)


@needs_poppler
def test_a_right_to_left_title_leaves_its_page_number_as_it_is(qapp, tmp_path):
    # "\u202egpj.exe שלום" turned the 24 beside it into 42; control
    # characters showed as boxes (the EPUB leaves them out)
    root = tmp_path / "library"
    body = "".join(f"<p>paragraph {n} " + "word " * 120 + "</p>\n" for n in range(250))
    for n in range(1, 4):
        write(root, f"a{n}.md", article(f"Long {n}", date=f"2021-05-0{n + 2}", body=body))
    write(
        root,
        "rtl.md",
        '---\ntitle: "\\u202egpj.exe שלום\\x01\\x1b end"\ndate: 2021-05-01\n---\nZQXMARKER\n',
    )
    out = tmp_path / "book.pdf"
    export(root, tmp_path, out)
    pages = page_count(out)
    assert pages >= 12  # (a page number of two digits or more, which could turn)
    assert "ZQXMARKER" in page_text(out, pages)
    line = next(line for line in page_text(out, 1).splitlines() if "exe" in line)
    assert line.endswith(f" … {pages}"), line
    assert "\x01" not in line and "\x1b" not in line


def test_the_contents_leave_out_control_characters_and_isolate_titles():
    from reader.core.convert.export import Chapter
    from reader.ui.pdf_export import pdf_document_html

    chapter = Chapter("a.md", "\u202egpj.exe\x01\x1b\x85 שלום", None, None, (), "he", "<p/>")
    html = pdf_document_html("Book\x07", [("", [chapter])], {1: 24}, {"contents": "C", "none": "N"})
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html)
    assert "\u2068\u202egpj.exe שלום\u2069</a> … 24" in html


def test_tables_nested_deep_are_exported_in_moments_and_kept(tmp_path):
    # 24 levels (824 bytes) kept the export busy for minutes (a hang guard,
    # not a timing test: the export runs in its own process)
    import sys

    root = tmp_path / "library"
    depth = 24
    body = "<table><tr><td>" * depth + "innermost" + "</td></tr></table>" * depth
    write(root, "a.md", article("Nested", body=body + "\n"))
    out = tmp_path / "book.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ARTICLE_READER_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "export", str(root), "--pdf", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    if shutil.which("pdftotext") is not None:
        assert "innermost" in page_text(out, 2)


@needs_poppler
def test_a_printed_article_has_its_pictures_fitted_and_never_writes_beside_them(qapp, tmp_path):
    # printing drew a picture wider than the page at its size (cut off at the
    # page's edge), and one too long for the PDF writer as a blank
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtPrintSupport import QPrinter

    from reader.core.article.codec import load_article
    from reader.core.render.pipeline import render_article
    from reader.ui.printing import article_document, print_document

    root = tmp_path / "library"
    root.mkdir()
    for name, width, height in (("wide.png", 4000, 300), ("long.png", 70_000, 40)):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("green"))
        assert image.save(str(root / name))
    body = "<p>before <img src='wide.png' alt='w'> <img src='long.png' alt='l'> after</p>\n"
    write(root, "a.md", article("Pictures", body=body))
    before = sorted(p.name for p in root.iterdir())
    rendered = render_article(load_article(root / "a.md"), library_root=root)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "print.pdf"
    printer.setOutputFileName(str(out))
    copies = tmp_path / "copies"
    copies.mkdir()
    document = article_document(rendered.html, f"{root}{os.sep}", printer, str(copies))
    assert print_document(document, printer) >= 1
    page = printer.pageLayout().paintRectPixels(printer.logicalDpiX())
    assert document.documentLayout().documentSize().width() <= page.width()
    assert sorted(p.name for p in root.iterdir()) == before  # nothing written in the library
    assert len(list(copies.iterdir())) == 1
    listing = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(listing) == 2
    assert all(line.split()[14] != "0B" for line in listing)  # (both drawn)


@needs_poppler
def test_jekyll_and_hugo_posts_are_exported_as_the_reader_shows_them(qapp, tmp_path):
    # a PDF (the chapters of reader.core.convert.export) showed the shortcodes
    # and Liquid as written, and a shortcode argument holding "<script>" lost
    # every paragraph after it
    import unicodedata

    from tests.core.convert.test_export_sites import EXPECTED, write_sites

    root = tmp_path / "library"
    write_sites(root)
    out = tmp_path / "book.pdf"
    export(root, tmp_path, out)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(unicodedata.normalize("NFKC", text).split())  # ("ﬁ" as "fi")
    for line in (line for lines in EXPECTED.values() for line in lines):
        assert line in words, words
    assert "{{" not in words and "{%" not in words


@needs_poppler
def test_a_title_that_shows_nothing_is_listed_by_its_file_name(qapp, tmp_path):
    # the contents had an entry with no title (a control character's)
    root = tmp_path / "library"
    write(root, "p.md", '---\ntitle: "\\x01"\ndate: 2021-01-01\n---\nBody.\n')
    out = tmp_path / "book.pdf"
    export(root, tmp_path, out)
    assert re.search(r"^p ?… ?2$", page_text(out, 1), re.MULTILINE), page_text(out, 1)


@needs_poppler
def test_the_contents_are_in_the_books_language_whatever_its_region(qapp, tmp_path):
    # (review) articles in en-US: a 0 to 0 tie between "zh" and "en" gave the
    # book a Chinese contents page ("目录", "未注明日期")
    root = tmp_path / "library"
    for name in ("a", "b"):
        write(root, f"{name}.md", f"---\ntitle: {name.upper()}\nlang: en-US\n---\n<p>x</p>\n")
    out = tmp_path / "book.pdf"
    export(root, tmp_path, out)
    first = page_text(out, 1)
    assert "Contents" in first and "目录" not in first and "未注明日期" not in first


def _refused(*args, **kwargs):
    raise AssertionError("Qt laid the book out in this process")


@needs_poppler
def test_apart_the_book_is_made_by_another_process_and_its_pages_are_said(
    qapp, tmp_path, monkeypatch
):
    # on a window's worker, Qt laying the book out took one of its locks
    # while holding Python's, and the window's thread held that lock while
    # waiting for Python's: the window froze for good
    from reader.ui import pdf_export

    monkeypatch.setattr(pdf_export, "paint_documents", _refused)  # (here, not there)
    root = tmp_path / "library"
    write(root, "a.md", article("Apart one", date="2021-05-02", body="<p>words</p>\n" * 300))
    write(root, "b.md", article("Apart two", date="2021-05-01", body="<p>ZQXMARKER</p>\n"))
    out = tmp_path / "book.pdf"
    said = []
    result = export(root, tmp_path, out, apart=True, pages=lambda *page: said.append(page))
    assert result.articles == 2
    pages = page_count(out)
    assert pages >= 4 and said == [(number, pages) for number in range(1, pages + 1)]
    assert contents_lines(out) == {"Apart one": 2, "Apart two": pages}
    assert "ZQXMARKER" in page_text(out, pages)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf", "cache", "library"]


def test_apart_a_cancel_while_pages_are_made_leaves_nothing(qapp, tmp_path):
    from reader.core.convert.export import ExportCancelled

    root = tmp_path / "library"
    write(root, "a.md", article("A", body="<p>words</p>\n" * 400))
    out = tmp_path / "book.pdf"
    said = []
    with pytest.raises(ExportCancelled):
        export(
            root,
            tmp_path,
            out,
            apart=True,
            pages=lambda *page: said.append(page),
            cancel=lambda: bool(said),
        )
    assert len(said) == 1  # (the first page was painted; nothing was kept of it)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "library"]


def test_apart_a_crash_laying_it_out_is_an_error_naming_the_book(qapp, tmp_path, monkeypatch):
    # (a crash in Qt's layout took the window with it when it ran there)
    from reader.core.common.apart import ApartFailed
    from reader.ui import pdf_export

    def crashed(*args, **kwargs):
        raise ApartFailed("was stopped by SIGSEGV", -11)

    monkeypatch.setattr(pdf_export, "run_apart", crashed)
    root = tmp_path / "library"
    write(root, "a.md", article("A", body="<p>text</p>\n"))
    out = tmp_path / "book.pdf"
    with pytest.raises(ExportError) as raised:
        export(root, tmp_path, out, apart=True)
    assert str(raised.value) == (
        f"{out}: could not be written: the process laying it out was stopped by SIGSEGV"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "library"]


def _first_word_box(pdf, page: int) -> tuple[float, float, float]:
    """(xMin, xMax, page width) of the topmost word of ``page``: the article's title."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out)[1])
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', out)
    x_min, _y, x_max = min(words, key=lambda word: float(word[1]))
    return float(x_min), float(x_max), width


def test_an_article_in_arabic_or_hebrew_is_set_right_to_left(qapp, tmp_path):
    # its title, text and lists were set against the left edge (the EPUB and
    # the HTML pages said dir="rtl")
    root = tmp_path / "library"
    body = "## عنوان فرعي\n\nهذا نص عربي طويل عن الأخبار اليومية.\n\n- بند أول\n- بند ثاني\n"
    write(root, "ar.md", f"---\ntitle: مقالة\ndate: 2024-01-03\n---\n{body}")
    write(root, "he.md", "---\ntitle: חדשות\nlang: he\ndate: 2024-01-02\n---\nשלום עולם\n")
    write(root, "en.md", "---\ntitle: News\ndate: 2024-01-01\n---\nHello, world.\n")
    out = tmp_path / "book.pdf"
    export(root, tmp_path, out, toc="date")
    found = {}
    for page in range(2, page_count(out) + 1):
        text = page_text(out, page)
        name = "en" if "Hello" in text else "he" if "שלום" in text else "ar"
        found[name] = _first_word_box(out, page)
    assert sorted(found) == ["ar", "en", "he"]
    for name in ("ar", "he"):
        _x_min, x_max, width = found[name]
        assert x_max > width * 0.75, (name, found[name])  # at the right edge
    x_min, _x_max, width = found["en"]
    assert x_min < width * 0.25, found["en"]
