"""The text layer of an exported PDF: what a search or a copy in a PDF viewer
finds.  The page showed every character, but pdftotext found ``abc`` for
``abc123``, no digit of a date, and ⽂ (a Kangxi radical) for 文."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from reader.core.library.facade import Library
from tests.core.libhelpers import article, write

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

BODY = (
    "<p>Model abc123 sold 2021-04-05 at 3.14 元, englishword0000.</p>\n"
    "<p>中文内容：知识产权，文长生金，目录与页码。</p>\n"
)


def _exported_text(tmp_path, title: str, body: str, locale: str = "zh") -> str:
    """The text layer (pdftotext) of a PDF exported from one article."""
    from reader.ui.pdf_export import export_pdf

    root = tmp_path / "library"
    root.mkdir()
    write(root, "a.md", article(title, body=body))
    out = tmp_path / "book.pdf"
    with Library.open(root, tmp_path / "cache") as library:
        export_pdf(library, ["a.md"], out, locale=locale)
    return subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_every_character_of_an_exported_pdf_is_in_its_text(qapp, tmp_path):
    text = _exported_text(tmp_path, "Digits 2021 中文", BODY)
    flat = "".join(text.split())  # (pdftotext breaks lines where the page does)
    for words in ("abc123", "2021-04-05", "3.14元", "englishword0000", "Digits2021中文"):
        assert words in flat
    assert "中文内容：知识产权，文长生金，目录与页码。" in flat
    assert not any(0x2E80 <= ord(char) < 0x2FE0 for char in text)  # no radical stands in


def test_an_article_printed_to_a_pdf_file_has_the_same_text_layer(qapp, tmp_path):
    """File › Print with "Print to File": the same repair as the export, on
    the file where the user asked for it (and nothing else left beside it)."""
    from PySide6.QtPrintSupport import QPrinter

    from reader.ui.printing import article_document, print_document

    folder = tmp_path / "printed"
    folder.mkdir()
    out = folder / "article.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert print_document(article_document("<h1>Digits 2021 中文</h1>" + BODY), printer) >= 1
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "中文内容：知识产权，文长生金，目录与页码。" in flat
    assert "abc123" in flat and "Digits2021中文" in flat
    assert not any(0x2E80 <= ord(char) < 0x2FE0 for char in text)
    assert [p.name for p in folder.iterdir()] == ["article.pdf"]


def test_no_line_is_in_the_text_layer_of_two_pages(qapp, tmp_path):
    """Qt drew each page from the last line of a paragraph above it, clipped
    away: the page looked right, but a search or a copy found the last line
    of every page twice (once, hidden, in the next page's top margin)."""
    words = " ".join(f"w{n:05d}" for n in range(6000))
    hanzi = "".join(f"第{n}句。" for n in range(3000))
    body = f"<p>{words}</p>\n<p>{hanzi}</p>\n<ul><li>item one</li><li>item two</li></ul>\n"
    text = _exported_text(tmp_path, "Long", body, "en")
    found = [word for word in text.split() if word.startswith("w")]
    assert found == words.split()  # each once, in order
    flat = "".join(text.split())
    assert flat.count("句。") == 3000  # none twice, none lost (page numbers break the rest)
    assert flat.count("第2999句。") == 1 and "itemoneitemtwo" in flat


def test_full_width_punctuation_and_a_radical_of_its_own_keep_their_code_points(qapp, tmp_path):
    """CJK fonts draw ／ with the glyph of ∕ (U+2215), ～ with 〜's, 〈〉 with
    〈〉's, and Qt names a glyph by its lowest code point: a search of the
    PDF for 标题／测试 found nothing.  A radical the text itself holds
    (⼀, U+2F00) was made the ideograph it looks like."""
    body = "<p>符号：／～〈〉 文长生金。</p>\n<p>部首⼆独立。</p>\n"
    text = _exported_text(tmp_path, "标题／测试", body)
    flat = "".join(text.split())
    assert flat.count("标题／测试") == 2  # the contents and the heading
    assert "符号：／～〈〉文长生金。" in flat
    assert "部首⼆独立。" in flat


def test_lines_broken_by_hand_are_in_one_page_each_and_in_place(qapp, tmp_path):
    # a paragraph of <br> lines split at a page's end kept its line break,
    # an empty line more on the page: the pages after moved
    poem = "<br>\n".join(f"verse{n:04d}" for n in range(400))
    text = _exported_text(tmp_path, "Poem", f"<p>{poem}</p>\n", "en")
    assert [w for w in text.split() if w.startswith("verse")] == [
        f"verse{n:04d}" for n in range(400)
    ]


def test_a_justified_paragraph_is_not_split(qapp):
    # its last line on a page would be set ragged, as a paragraph's last line is
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from reader.ui.pdf_export import split_at_pages

    words = " ".join(f"w{n}" for n in range(3000))
    for align, splits in (("justify", 0), ("left", 1)):
        document = QTextDocument()
        document.setHtml(f'<p align="{align}">{words}</p>')
        document.setPageSize(QSizeF(400, 300))
        assert document.pageCount() > 2
        assert (split_at_pages(document) > 0) == bool(splits), align


def test_a_paragraph_over_many_pages_is_cut_in_one_change(qapp):
    # one cut at a time laid the rest of the document out again at each
    # page: a 2 MB paragraph of <br> lines kept an export busy for minutes
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from reader.ui.pdf_export import split_at_pages

    words = " ".join(f"w{n}" for n in range(3000))
    document = QTextDocument()
    document.setHtml(f"<p>{words}</p><p>after</p>")
    document.setPageSize(QSizeF(400, 300))
    pages = document.pageCount()
    assert pages > 5
    changes: list[int] = []
    document.contentsChange.connect(lambda *_: changes.append(1))
    assert split_at_pages(document) == pages - 1
    assert len(changes) == 1
    assert document.pageCount() == pages
    assert document.toPlainText().split() == [*words.split(), "after"]
    # each page's text now starts a paragraph: cut again, nothing is left to cut
    assert split_at_pages(document) == 0


def test_an_article_printed_to_a_pdf_file_has_each_line_once(qapp, tmp_path):
    # (review) printing cut nothing: its document was laid out again for the
    # printer, and a block not laid out yet has no lines to cut at
    from PySide6.QtPrintSupport import QPrinter

    from reader.ui.printing import article_document, print_document

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    html = "".join("<p>" + " ".join(f"w{n}_{j}" for j in range(120)) + "</p>" for n in range(150))
    assert print_document(article_document(html, None, printer, str(tmp_path)), printer) > 10
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [word for word in text.split() if word.startswith("w")]
    assert len(words) == 150 * 120 and len(set(words)) == len(words)


def test_a_list_item_over_a_page_end_is_in_the_text_once(qapp, tmp_path):
    # the last line of the page before was in the next page's text layer
    # (a search found it twice); the rest of the item gets no second bullet
    words = [[f"w{n:02d}x{k:03d}" for k in range(150)] for n in range(12)]
    items = "\n".join(f"- item{n:02d} " + " ".join(line) for n, line in enumerate(words))
    nested = "1. first " + " ".join(f"n{k:03d}" for k in range(400)) + "\n   - inner\n2. second"
    text = _exported_text(tmp_path, "Lists", f"{items}\n\n{nested}\n", "en")
    found = re.findall(r"item\d\d|w\d\dx\d{3}|n\d{3}|inner|second", text)
    expected = [w for n, line in enumerate(words) for w in (f"item{n:02d}", *line)]
    expected += [f"n{k:03d}" for k in range(400)] + ["inner", "second"]
    assert found == expected
    assert re.search(r"^2\. second", text, re.MULTILINE)  # (the numbers go on as they were)
    assert text.count("•") <= len(words) + 1  # (no bullet for an item's rest)


def test_a_table_cell_over_a_page_end_is_in_the_text_once(qapp, tmp_path):
    rows = [[f"c{n}x{k:03d}" for k in range(300)] for n in range(6)]
    cells = "".join(f"<tr><td>row{n}</td><td>{' '.join(r)}</td></tr>" for n, r in enumerate(rows))
    text = _exported_text(tmp_path, "Table", f"<table>{cells}</table>\n", "en")
    found = re.findall(r"row\d|c\dx\d{3}", text)
    assert found == [w for n, r in enumerate(rows) for w in (f"row{n}", *r)]


@pytest.mark.parametrize("tag", ["ul", "ol", "blockquote"])
def test_lists_and_quotes_nested_deeper_than_a_page_lose_no_word(qapp, tmp_path, tag):
    # (export attack) past about the fifteenth level the page drew nothing,
    # and the text layer held none of it; the reader showed it all
    depth = 30
    if tag == "blockquote":
        body = "".join(f"<blockquote>Q{i} " for i in range(depth)) + "DEEPWORD"
        body += "</blockquote>" * depth
    else:
        body = "".join(f"<{tag}><li>L{i} " for i in range(depth)) + "DEEPWORD"
        body += f"</li></{tag}>" * depth
    text = _exported_text(tmp_path, "Deep", body, locale="en")
    words = set(text.split())
    prefix = "Q" if tag == "blockquote" else "L"
    assert {f"{prefix}{i}" for i in range(depth)} | {"DEEPWORD"} <= words


def _mixed_sections(count: int) -> str:
    """Markdown of code, tables, lists, Chinese and English paragraphs in turn."""
    parts = []
    for n in range(count):
        kind = n % 7
        if kind == 0:
            code = "\n".join(f"code{n}_{j} = value{n}_{j}" for j in range(20))
            parts.append(f"```\n{code}\n```")
        elif kind == 1:
            rows = "\n".join(f"| t{n}_{j}a | t{n}_{j}b |" for j in range(10))
            parts.append(f"| a | b |\n|---|---|\n{rows}")
        elif kind == 2:
            parts.append("\n".join(f"- li{n}_{j}" for j in range(10)))
        elif kind == 3:
            parts.append(f"中文段落{n}" + "汉字测试内容" * 50 + f"结束{n}")
        else:
            parts.append(" ".join(f"w{n}_{j}" for j in range(120)))
    return "\n\n".join(parts) + "\n"


def test_no_line_is_in_two_pages_of_a_long_article_of_mixed_paragraphs(qapp, tmp_path):
    # (export attack) a cut could move what follows (a Chinese paragraph laid
    # out again after it), and the cuts found on the layout before were made
    # at the wrong lines: from about the two hundredth page, the last line of
    # a page was in the next page's text layer too
    text = _exported_text(tmp_path, "Mixed", _mixed_sections(1160), "en")
    pages = [
        [line for line in page.splitlines() if line.strip() and not line.strip().isdigit()]
        for page in text.split("\f")
    ]
    repeated = [
        index
        for index in range(1, len(pages))
        if pages[index] and pages[index - 1] and pages[index][0] == pages[index - 1][-1]
    ]
    assert len(pages) > 200 and repeated == []
    found = [word for word in text.split() if word.startswith("w")]
    assert len(found) == len(set(found))
