"""The window's collections: the search box's parse errors, the Export
dialog (EPUB, PDF), printing, and dropping saved pages to import them."""

from __future__ import annotations

import subprocess
import unicodedata
import zipfile

import pytest
from PySide6.QtPrintSupport import QPrinter

from tests.ui.drophelpers import drop

# The offscreen platform says so whenever a dialog is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PAGE = """<html><head><meta charset="utf-8"><title>夜市回来了 - 新闻网</title>
<meta property="og:title" content="夜市回来了">
<meta name="publishdate" content="2021-05-01">
<link rel="canonical" href="https://news.example.cn/night-market"></head>
<body><div class="content"><p>城南夜市重新开放，摊主们早早到场，市民排队品尝小吃。</p>
<p>管理部门表示，夜市将延长营业时间至午夜。</p></div></body></html>"""


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout)


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def test_search_box_shows_parse_errors_inline(qtbot, opened):
    window = opened
    feedback = window.query_feedback
    window.search_field.setText("cat:金融 OR")
    assert "character 10" in feedback.error_text and "OR at the end" in feedback.error_text
    qtbot.waitUntil(lambda: window.reading.state is not None)  # is: terms read it
    window.search_field.setText("is:unread")
    assert feedback.error_text == ""
    window.search_field.setText("cat:金融 date:2021")
    assert feedback.error_text == ""


def test_search_box_uses_the_query_language(qtbot, opened):
    opened.search_field.setText("-zzzz date:..1900")
    opened.list_pane.reload_requested.emit()
    qtbot.waitUntil(lambda: opened.list_model.rowCount() == 0, timeout=10000)


@pytest.mark.slow
def test_export_dialog_writes_an_epub_of_the_listed_articles(qtbot, opened, tmp_path):
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.set_format("epub")
    dialog.set_toc("category")
    out = tmp_path / "book.epub"
    dialog.output_field.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=60000) as result:
        dialog.start_export(force=False)
    assert result.args[0].articles == opened.list_model.rowCount()
    with zipfile.ZipFile(out) as book:
        texts = [n for n in book.namelist() if n.startswith("OEBPS/text/")]
        assert len(texts) == opened.list_model.rowCount()
    assert "book.epub" in dialog.status.text()
    # a second export from the same dialog: its button cancels, and says so
    # (it said "Close" while the export ran, and cancelled it)
    assert dialog.cancel_button.text() == "Close"
    dialog.output_field.setText(str(tmp_path / "again.epub"))
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        dialog.start_export(force=False)
        assert dialog.cancel_button.text() == "Cancel"
    assert dialog.cancel_button.text() == "Close"


def test_export_dialog_says_it_writes_the_book_once_every_article_is_read(
    qtbot, opened, tmp_path, monkeypatch
):
    # the bar stood full and still while the book was written (its images,
    # its zip), as long again for a large export
    import threading

    from reader.core.convert import export

    writing = threading.Event()
    release = threading.Event()
    real = export._write_epub  # noqa: SLF001 (the step after every article is read)

    def held(*args, **kwargs):
        writing.set()
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(export, "_write_epub", held)
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.set_format("epub")
    dialog.output_field.setText(str(tmp_path / "book.epub"))
    try:
        dialog.start_export(force=False)
        qtbot.waitUntil(writing.is_set, timeout=60000)
        qtbot.waitUntil(lambda: dialog.status.text() == "Writing book.epub…", timeout=10000)
        assert dialog.progress.maximum() == 0  # busy, not full
    finally:
        release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.progress.value() == dialog.progress.maximum() == 1
    assert "book.epub" in dialog.status.text() and "Exported" in dialog.status.text()


@pytest.mark.slow
def test_export_dialog_pdf_of_the_selected_article(qtbot, opened, tmp_path):
    rel = opened.list_model.path_at(0)
    opened.list_pane.select_listed(rel)
    qtbot.waitUntil(lambda: opened.current_article() == rel, timeout=10000)
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.selected_button.setChecked(True)
    dialog.set_format("pdf")
    out = tmp_path / "one.pdf"
    dialog.output_field.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        dialog.start_export(force=False)
    assert pdf_pages(out) >= 2  # the contents, then the article
    title = opened.library.summary(rel).title
    assert " ".join(title.split()[:2]) in " ".join(pdf_text(out).split())


@pytest.mark.slow
def test_a_pdf_is_written_on_a_worker_and_cancel_stops_it_while_pages_are_made(
    qtbot, opened, tmp_path, monkeypatch
):
    # the PDF was laid out and painted on the GUI thread: a long article
    # held the window for minutes, and Cancel was not seen until it was
    # done; then on a worker thread, where Qt could wait for one of its
    # locks holding Python's while the window's thread, holding that lock,
    # waited for Python's (the window froze for good): now apart
    import threading

    from reader.ui import pdf_export

    painting = threading.Event()
    release = threading.Event()
    real = pdf_export.export_pdf
    asked = []

    def held(*args, pages, **kwargs):
        asked.append(kwargs["apart"])

        def page(done, total):
            painting.set()
            release.wait(60)  # (the worker held while its process paints)
            pages(done, total)

        return real(*args, pages=page, **kwargs)

    monkeypatch.setattr(pdf_export, "export_pdf", held)
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.set_format("pdf")
    out = tmp_path / "book.pdf"
    dialog.output_field.setText(str(out))
    try:
        dialog.start_export(force=False)
        assert dialog.running  # (returned at once: the work is on a worker)
        qtbot.waitUntil(painting.is_set, timeout=60000)
        assert asked == [True]  # (laid out in a process of its own)
        # its choices shown as made, not editable meanwhile (they were)
        assert not dialog.format_box.isEnabled() and not dialog.output_field.isEnabled()
        dialog.cancel()
        assert dialog.status.text() == "Cancelling…"
    finally:
        release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.status.text() == "Cancelled; nothing was written."
    assert not out.exists() and list(tmp_path.glob("*book.pdf*")) == []
    assert dialog.format_box.isEnabled() and dialog.output_field.isEnabled()
    assert dialog.selected_button.isEnabled() == (opened.current_article() is not None)


@pytest.mark.slow
def test_the_bar_shows_the_pages_of_a_pdf_as_they_are_painted(qtbot, opened, tmp_path, monkeypatch):
    # (the bar stood busy for as long as a long book's pages took)
    import threading

    from reader.ui import pdf_export

    seen = []
    at_page = threading.Event()
    go_on = threading.Event()
    real = pdf_export.export_pdf

    def held(*args, pages, **kwargs):
        def page(done, total):
            pages(done, total)
            if done == 1:
                at_page.set()
                go_on.wait(60)

        return real(*args, pages=page, **kwargs)

    monkeypatch.setattr(pdf_export, "export_pdf", held)
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.set_format("pdf")
    dialog.output_field.setText(str(tmp_path / "book.pdf"))
    try:
        dialog.start_export(force=False)
        qtbot.waitUntil(at_page.is_set, timeout=60000)
        qtbot.waitUntil(lambda: dialog.progress.value() == 1, timeout=10000)
        seen.append((dialog.progress.value(), dialog.progress.maximum(), dialog.status.text()))
    finally:
        go_on.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    [(value, maximum, status)] = seen
    assert value == 1 and maximum >= 2 and status == "Writing book.pdf…"
    assert "Exported" in dialog.status.text()


@pytest.mark.slow
def test_closing_the_window_stops_a_pdf_export_and_waits_for_it(
    qtbot, opened, tmp_path, monkeypatch
):
    # the PDF went on being laid out on its worker while the application
    # ended under it: a crash (SIGSEGV), and a staging folder left behind
    import threading

    from reader.ui import pdf_export

    painting = threading.Event()
    release = threading.Event()
    ended = threading.Event()
    real = pdf_export.export_pdf

    def held(*args, pages, **kwargs):
        def page(done, total):
            painting.set()
            release.wait(60)
            pages(done, total)

        try:
            return real(*args, pages=page, **kwargs)
        finally:
            ended.set()

    monkeypatch.setattr(pdf_export, "export_pdf", held)
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.set_format("pdf")
    out = tmp_path / "book.pdf"
    dialog.output_field.setText(str(out))
    dialog.start_export(force=False)
    qtbot.waitUntil(painting.is_set, timeout=60000)
    threading.Timer(0.3, release.set).start()
    opened.close()
    assert ended.is_set()  # (the close waited for the worker)
    assert not out.exists() and list(tmp_path.glob("*book.pdf*")) == []


def test_the_export_dialog_names_the_articles_it_could_not_read(qtbot, opened, tmp_path):
    # "2 article(s) could not be read." named none of them
    listed = [opened.list_model.path_at(0), "gone/one.md", "gone/two.md"]
    dialog = opened.collections.show_export(listed, "Listed")
    qtbot.addWidget(dialog)
    dialog.set_format("epub")
    dialog.output_field.setText(str(tmp_path / "book.epub"))
    with qtbot.waitSignal(dialog.exported, timeout=60000) as done:
        dialog.start_export(force=False)
    assert [path for path, _why in done.args[0].skipped] == ["gone/one.md", "gone/two.md"]
    assert "2 article(s) could not be read, e.g. gone/one.md." in dialog.status.text()
    tip = dialog.status.toolTip().splitlines()
    assert [line.split(":")[0] for line in tip[:2]] == ["gone/one.md", "gone/two.md"]


def test_existing_output_is_not_replaced_without_asking(qtbot, opened, tmp_path, monkeypatch):
    from reader.ui.form import dialogs

    out = tmp_path / "book.epub"
    out.write_bytes(b"keep")
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.output_field.setText(str(out))
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a: asked.append(a[2]) or False)
    dialog.start_export()
    assert not dialog.running and out.read_bytes() == b"keep"
    assert asked == [f"{out} already exists. Replace it?"]  # asked with No as the default


def test_print_paints_pages_with_numbers(qtbot, opened, tmp_path):
    from reader.ui.printing import article_document, print_document

    rel = opened.list_model.path_at(0)
    opened.show_article(rel)
    qtbot.waitUntil(lambda: opened.reader.current == rel, timeout=10000)
    title, html, folder = opened.collections.current_print_html()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "print.pdf"
    printer.setOutputFileName(str(out))
    pages = print_document(article_document(html, folder), printer)
    assert pages >= 1 and pdf_pages(out) == pages
    text = pdf_text(out)
    assert text.strip().splitlines()[-1].strip() == str(pages)  # the last page's number
    assert " ".join(title.split()[:2]) in " ".join(text.split())


def _body_text(html: str) -> str:
    """The words of a rendered page's body, without its tags."""
    import html as entities
    import re

    body = html.split("<body", 1)[1].partition(">")[2]
    return " ".join(
        unicodedata.normalize("NFKC", entities.unescape(re.sub(r"<[^>]+>", " ", body))).split()
    )


@pytest.mark.parametrize("rel", ["hugo/content/posts/a.md", "jekyll/_posts/2021-05-01-j.md"])
def test_a_printed_jekyll_or_hugo_post_is_as_the_reader_shows_it(qtbot, window, tmp_path, rel):
    # printing rendered without the site: its shortcodes and Liquid as written,
    # and everything after a shortcode argument holding "<script>" lost
    from tests.core.convert.test_export_sites import EXPECTED, write_sites

    library = tmp_path / "sites"
    write_sites(library)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library), rel)
    _title, html, _folder = window.collections.current_print_html()
    shown = " ".join(window.reader.browser.toPlainText().split())
    for line in EXPECTED[rel]:
        assert line in shown  # (what the reader shows…)
        assert line in _body_text(html)  # (…and what is printed)
    assert "{{" not in html and "{%" not in html


def test_dropping_a_saved_page_imports_it_and_asks_about_duplicates(qtbot, opened, tmp_path):
    page = tmp_path / "night.html"
    page.write_text(PAGE, encoding="utf-8")
    importer = opened.collections.web_import
    with qtbot.waitSignal(importer.imported, timeout=20000) as created:
        drop(opened, page)
    rel = created.args[0][0]
    assert opened.library.load(rel).metadata["source"] == "https://news.example.cn/night-market"
    asked = []
    importer.ask = lambda title, existing, why: asked.append((title, existing, why)) or "skip"
    with qtbot.waitSignal(importer.message, timeout=20000) as message:
        drop(opened, page)
    assert asked == [("夜市回来了", rel, "source")]
    assert len(opened.library.find("source:https://news.example.cn/night-market")) == 1
    assert message.args[0]


def test_a_tree_node_can_be_exported(qtbot, opened):
    from PySide6.QtWidgets import QMenu

    from reader.core.library.query import Query

    index = opened.nav_model.find(("category", "Notes"))
    assert index.isValid()
    menu = QMenu(opened)
    opened.collections.add_tree_actions(menu, index)
    menu.actions()[-1].trigger()
    dialog = opened.collections.export_dialog
    qtbot.addWidget(dialog)
    expected = opened.library.query(Query(**opened.nav_model.node(index).filter()))
    assert dialog.paths() == [s.path for s in expected] and expected


def test_the_same_page_dropped_twice_at_once_is_imported_once(qtbot, opened, tmp_path):
    # review of #12: a page that was no duplicate when the drop was scanned was
    # imported with "keep both", so two copies of one page made two articles
    first = tmp_path / "night.html"
    second = tmp_path / "night-copy.html"
    first.write_text(PAGE, encoding="utf-8")
    second.write_text(PAGE, encoding="utf-8")
    importer = opened.collections.web_import
    with qtbot.waitSignal(importer.message, timeout=20000) as message:
        drop(opened, first, second)
    assert len(opened.library.find("source:https://news.example.cn/night-market")) == 1
    assert message.args[0] == "Imported 1 page(s). 1 duplicate(s) skipped."


def test_export_from_the_menu_opens_the_dialog_of_the_listed_articles(qtbot, opened):
    """A menu click or shortcut sends triggered(checked=False): Export… took
    that False for its list of paths and failed with a traceback."""
    from PySide6.QtGui import QAction

    node = opened.nav_model.find(opened.node_key)
    qtbot.waitUntil(lambda: node.data() == "All articles (16)", timeout=10000)  # 16 unread
    export = opened.findChild(QAction, "export")
    export.trigger()
    dialog = opened.collections.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert opened.list_model.rowCount() > 1
    assert dialog.listed_button.text().startswith(f"The {opened.list_model.rowCount()} article")
    # the group's name, not the tree's label with its unread count "(16)"
    assert dialog.title_field.text() == "All articles"
    assert dialog.listed_button.text().endswith(": All articles")
    assert dialog.output_field.text().endswith("All articles.epub")
    dialog.close()


def test_what_is_never_replaced_is_refused_before_asking(qtbot, opened, tmp_path, monkeypatch):
    import os

    from reader.ui.form import dialogs

    fifo = tmp_path / "book.epub"
    os.mkfifo(fifo)
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a: asked.append(a) or True)
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    for name in ("epub", "pdf"):
        dialog.set_format(name)
        dialog.output_field.setText(str(fifo))
        dialog.start_export()
        assert not dialog.running and "is not a regular file" in dialog.status.text()
    assert asked == [] and fifo.is_fifo()


def test_a_dropped_page_says_what_of_it_was_left_out(qtbot, opened, tmp_path, monkeypatch):
    # the core's warnings (a page date no time zone can write) were not shown
    import reader.core.convert.webpage as webpage

    real = webpage.import_page

    def with_a_warning(library, path, on_duplicate="skip"):
        outcome = real(library, path, on_duplicate)
        outcome.warnings.append("the date 0001-01-01 cannot be written; imported without a date")
        return outcome

    monkeypatch.setattr(webpage, "import_page", with_a_warning)
    page = tmp_path / "night.html"
    page.write_text(PAGE, encoding="utf-8")
    importer = opened.collections.web_import
    with qtbot.waitSignal(importer.message, timeout=20000) as message:
        drop(opened, page)
    assert message.args[0] == (
        "Imported 1 page(s). night.html: the date 0001-01-01 cannot be written; "
        "imported without a date"
    )


def test_every_field_of_the_export_dialog_has_its_own_alt_key(qtbot, opened):
    # the dialog could not be used from the keyboard: no Alt key reached a field
    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton)]
    keys = [text[text.index("&") + 1].lower() for text in texts if "&" in text.replace("&&", "")]
    assert len(keys) >= 8 and len(keys) == len(set(keys)), keys


def test_a_page_title_holding_tags_is_shown_as_it_is_when_asked_about(
    qtbot, opened, tmp_path, monkeypatch
):
    # the duplicate question showed the title as HTML: a page titled
    # <img src="/dev/stdin"> held the window for good, another drew a
    # picture of the machine's above the buttons
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QMessageBox

    shown = []

    def record(box):
        labels = [label for label in box.findChildren(QLabel) if label.text()]
        shown.append([(label.text(), label.textFormat()) for label in labels])
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    title = '<img src="/dev/stdin"><h1>Click Replace</h1>'
    assert opened.collections.web_import.ask(title, "a<b>.md", "source") == ""
    [labels] = shown
    assert any(title in text for text, _ in labels)
    assert all(form == Qt.TextFormat.PlainText for _, form in labels), labels


def test_the_export_dialog_starts_from_the_last_exports_choices(qtbot, opened, tmp_path):
    # it forgot them: EPUB by date into the home folder, every time
    from pathlib import Path

    first = opened.collections.show_export()
    qtbot.addWidget(first)
    assert first.export_format == "epub" and first.output_field.text().startswith(str(Path.home()))
    first.set_format("html")
    first.set_toc("category")
    (tmp_path / "exports").mkdir()
    first.output_field.setText(str(tmp_path / "exports" / "site"))
    with qtbot.waitSignal(first.exported, timeout=60000):
        first.start_export(force=False)
    first.close()

    again = opened.collections.show_export()
    qtbot.addWidget(again)
    assert again.export_format == "html" and again.toc_box.currentData() == "category"
    assert again.output_field.text() == str(tmp_path / "exports" / "All articles")
    again.set_format("pdf")  # (the suffix follows the format, in the same folder)
    assert again.output_field.text() == str(tmp_path / "exports" / "All articles.pdf")
    again.close()

    # a folder removed since, or a settings file saying nonsense: the defaults
    (tmp_path / "exports" / "site").rename(tmp_path / "site")
    (tmp_path / "exports").rmdir()
    opened.settings.qsettings.setValue("state/export_format", "docx")
    third = opened.collections.show_export()
    qtbot.addWidget(third)
    assert third.export_format == "epub" and third.toc_box.currentData() == "category"
    assert third.output_field.text() == str(Path.home() / "All articles.epub")
    third.close()


def test_a_relative_save_to_goes_into_the_folder_the_dialog_suggested(
    qtbot, opened, tmp_path, monkeypatch
):
    # it went into the folder the app was started from (/ from a desktop menu)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.set_format("html")
    dialog.output_field.setText("relative-out")
    with qtbot.waitSignal(dialog.exported, timeout=60000) as result:
        dialog.start_export(force=False)
    assert (tmp_path / "home" / "relative-out" / "index.html").is_file()
    assert not (tmp_path / "elsewhere" / "relative-out").exists()
    assert str(result.args[0].out) == str(tmp_path / "home" / "relative-out")
    assert str(tmp_path / "home" / "relative-out") in dialog.status.text()
    dialog.close()
