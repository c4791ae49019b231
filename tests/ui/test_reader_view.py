"""The reader pane's own fetches of remote images go through the core's
checked downloader: they keep a deadline and a size limit, against a
loopback server that trickles, and a failure is shown."""

from __future__ import annotations

import pytest

from reader.ui.reader_view import ArticleBrowser
from tests.fixtures.trickle_server import TrickleServer

HANG_GUARD_MS = 30000  # generous: the waits end on a signal


@pytest.fixture
def browser(qtbot):
    view = ArticleBrowser()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    return view


@pytest.fixture
def trickle():
    with TrickleServer(interval=0.5, endless_bytes=64 << 20) as server:
        yield server


def _show_image(browser: ArticleBrowser, url: str) -> None:
    browser.set_document_html(f'<p><img src="{url}"></p>', [url])
    browser.document().size()  # lay out: the image is asked for


def test_an_allowed_image_is_fetched_and_shown(qtbot, browser, trickle):
    url = trickle.url("/fast.png")
    with qtbot.waitSignal(browser.remote_image_done, timeout=HANG_GUARD_MS) as blocker:
        _show_image(browser, url)
    assert blocker.args == [url, True]


@pytest.mark.parametrize("path", ["/body.png", "/headers.png"])
def test_a_trickling_image_is_given_up_at_the_deadline(qtbot, browser, trickle, path):
    browser.fetch_timeout_ms = 1000
    url = trickle.url(path)
    with qtbot.waitSignal(browser.remote_image_done, timeout=HANG_GUARD_MS) as blocker:
        _show_image(browser, url)
    assert blocker.args == [url, False]
    assert trickle.client_closed.wait(30)


def test_an_endless_image_stops_at_the_size_limit(qtbot, browser, trickle):
    browser.max_image_bytes = 1 << 20
    url = trickle.url("/endless.png")
    with qtbot.waitSignal(browser.remote_image_done, timeout=HANG_GUARD_MS) as blocker:
        _show_image(browser, url)
    assert blocker.args == [url, False]
    assert trickle.client_closed.wait(30)
    assert trickle.sent < trickle.endless_bytes


def test_showing_another_document_stops_the_fetches_of_the_last(qtbot, browser, trickle):
    url = trickle.url("/body.png")
    _show_image(browser, url)
    assert trickle.started.wait(30)  # the image is coming, a byte at a time
    with qtbot.waitSignal(browser.remote_image_done, timeout=HANG_GUARD_MS) as blocker:
        browser.set_document_html("<p>Another article.</p>", [])
    assert blocker.args == [url, False]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_allowed_image_that_fails_says_so_in_the_banner(qtbot, trickle):
    from reader.ui.reader_view import ReaderView

    view = ReaderView()
    qtbot.addWidget(view)
    view.show()
    browser = view.browser
    browser.fetch_timeout_ms = 1000
    url = trickle.url("/body.png")  # never finishes within the deadline
    with qtbot.waitSignal(browser.remote_image_done, timeout=HANG_GUARD_MS):
        _show_image(browser, url)
    assert browser.fetch_failures == {url: "timed out"}
    assert view.banner.isVisible()
    assert "could not be loaded" in view.banner.label.text()
    assert url in view.banner.label.toolTip()


def test_a_photo_wider_than_the_pane_is_scaled_to_fit_and_small_ones_are_not(
    qtbot, browser, tmp_path
):
    from PySide6.QtGui import QColor, QImage

    from reader.core.article.codec import parse_article
    from reader.core.render.pipeline import render_article

    for name, width in (("photo.png", 3000), ("icon.png", 40)):
        image = QImage(width, 20, QImage.Format.Format_RGB32)
        image.fill(QColor("gray"))
        assert image.save(str(tmp_path / name))
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: t\n---\n![a photo](photo.png)\n\n![an icon](icon.png)\n")
    rendered = render_article(parse_article(post.read_bytes(), post), library_root=tmp_path)
    browser.set_document_html(rendered.html, [])
    room = browser.viewport().width()
    assert browser.document().size().width() <= room  # no sideways scrolling
    browser.resize(400, 400)
    assert browser.document().size().width() <= browser.viewport().width()
    icon_only = tmp_path / "icon.md"
    icon_only.write_text("---\ntitle: t\n---\n![an icon](icon.png)\n")
    rendered = render_article(
        parse_article(icon_only.read_bytes(), icon_only), library_root=tmp_path
    )
    browser.set_document_html(rendered.html, [])
    assert browser.document().idealWidth() < 200  # not stretched to the pane


def test_a_picture_wider_than_the_screen_is_read_at_the_screen_s_width(browser, tmp_path):
    # read whole: eight photos 8,000 pixels square took 2 GB
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QColor, QImage, QTextDocument

    wide = QImage(8000, 4000, QImage.Format.Format_RGB32)
    wide.fill(QColor("green"))
    small = QImage(300, 200, QImage.Format.Format_RGB32)
    small.fill(QColor("red"))
    assert wide.save(str(tmp_path / "wide.png")) and small.save(str(tmp_path / "small.png"))
    urls = [QUrl.fromLocalFile(str(tmp_path / name)) for name in ("wide.png", "small.png")]
    browser.set_document_html("".join(f'<p><img src="{u.toString()}"></p>' for u in urls), [])
    browser.document().size()  # (laid out: the pictures are read)
    kind = QTextDocument.ResourceType.ImageResource
    read = [browser.document().resource(kind, url) for url in urls]
    screen = browser.screen().geometry().width()
    shown = read[0].width() / read[0].devicePixelRatio()  # (in the window's pixels)
    assert 0 < shown <= max(screen, 1024)
    assert abs(read[0].width() / read[0].height() - 2) < 0.01  # (its shape kept)
    assert (read[1].width(), read[1].height()) == (300, 200)  # (a smaller one as it is)


def test_a_paragraph_of_megabytes_is_laid_out_in_blocks_with_all_its_words(browser):
    """Qt lays a paragraph out whole, in time that grows faster than its
    length (a paragraph of 5 MB held the window 8 s, and again at each
    resize): the pane cuts it into blocks, every word kept in order."""
    from reader.core.article.codec import parse_article
    from reader.core.render.blocks import BLOCK_LIMIT
    from reader.core.render.pipeline import render_article

    words = [f"word{n}" for n in range(60_000)]
    article = parse_article(("---\ntitle: Long\n---\n" + " ".join(words)).encode(), "long.md")
    browser.set_document_html(render_article(article).html, [])
    document = browser.document()
    assert document.blockCount() > len(" ".join(words)) // BLOCK_LIMIT
    block = document.firstBlock()
    while block.isValid():
        assert block.length() <= BLOCK_LIMIT + 1
        block = block.next()
    shown = document.toPlainText().split()
    assert shown[shown.index("word0") :] == words


def test_a_list_two_hundred_deep_is_laid_out_to_its_end(qtbot, browser):
    # past the hundred and twenty-sixth item nothing was laid out: the
    # headings' sizes, set while Qt was laying the document out bit by bit,
    # stopped it, and the rest of the list was never drawn
    from reader.core.article.codec import parse_article
    from reader.core.render.pipeline import render_article

    lines = "".join(f"{'  ' * n}- level {n}\n" for n in range(200))
    article = parse_article(f"---\ntitle: Deep\n---\n\n{lines}".encode(), "deep.md")
    browser.set_document_html(render_article(article).html, [])
    qtbot.wait(200)
    document = browser.document()
    layout = document.documentLayout()
    unlaid = []
    block = document.firstBlock()
    while block.isValid():
        if block.text() and layout.blockBoundingRect(block).height() == 0:
            unlaid.append(block.text())
        block = block.next()
    assert unlaid == []
    assert all(f"level {n}" in document.toPlainText() for n in range(200))


def test_a_fetched_picture_is_checked_as_a_file_of_the_library_is(qtbot, browser, trickle):
    # the server's word (image/png) was taken: an SVG sent so was drawn,
    # with the file of the machine it points at
    url = trickle.url("/drawing.png")
    with qtbot.waitSignal(browser.remote_image_done, timeout=HANG_GUARD_MS) as blocker:
        _show_image(browser, url)
    assert blocker.args == [url, False]
    assert browser.fetch_failures == {url: "it loads other files"}


def test_a_data_picture_is_drawn_only_as_the_raster_picture_its_bytes_are(browser):
    # Qt drew what the bytes were, whatever the label: an SVG as image/png
    # (with what it points at, and <use> bombs that held the window a minute)
    import base64

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
    from PySide6.QtGui import QColor, QImage, QTextDocument

    from tests.fixtures.trickle_server import DRAWING

    picture = QImage(3000, 1500, QImage.Format.Format_RGB32)
    picture.fill(QColor("blue"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert picture.save(buffer, "PNG")
    urls = [
        f"data:image/png;base64,{base64.b64encode(bytes(data.data())).decode()}",
        f"data:image/png;base64,{base64.b64encode(DRAWING).decode()}",
    ]
    browser.set_document_html("".join(f'<p><img src="{u}"></p>' for u in urls), [])
    browser.document().size()  # (laid out: the pictures are read)
    kind = QTextDocument.ResourceType.ImageResource
    shown, drawing = (browser.document().resource(kind, QUrl(url)) for url in urls)
    assert abs(shown.width() / shown.height() - 2) < 0.01
    screen = max(browser.screen().geometry().width(), 1024)
    assert 0 < shown.width() / shown.devicePixelRatio() <= screen  # (fitted, as a file is)
    assert drawing.isNull()


@pytest.mark.parametrize("control", [True, False])
def test_home_and_end_with_or_without_control_go_to_the_article_s_ends(qtbot, browser, control):
    # Ctrl+End and Ctrl+Home did nothing: the browser has no cursor to move
    from PySide6.QtCore import Qt

    browser.set_document_html("".join(f"<p>para {i} {'word ' * 40}</p>" for i in range(300)), [])
    bar = browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    modifier = Qt.KeyboardModifier.ControlModifier if control else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(browser, Qt.Key.Key_End, modifier)
    assert bar.value() == bar.maximum() > 0
    qtbot.keyClick(browser, Qt.Key.Key_Home, modifier)
    assert bar.value() == 0
