"""The reader pane: a banner for blocked remote images, the article, a find bar.

The pane is a :class:`QSplitter` (:attr:`ReaderView.splitter`) so that a
side panel (the front-matter form) can sit beside the article:
:meth:`ReaderView.add_side_panel`.  Where the pane is too narrow for both
side by side (the article keeps :meth:`ReaderView.article_minimum` and the
panel its own minimum) the panel goes under the article instead, so that a
narrow window never crushes the article to a few letters a line.

Rendering (``reader.core.render.pipeline``) happens on a worker thread; the view only
shows the HTML it gets back.  Remote images that the render allowed are
fetched on workers through the core's checked downloader
(:mod:`reader.core.render.offline`: one overall deadline, a size limit,
raster image types only, cancel), and only for documents whose render
allowed them; there is no second network stack with other limits.  Showing
another document cancels the fetches the new one does not need.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractSlider,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.ui.shown_text import one_line, plain_tip, shown_address

if TYPE_CHECKING:
    from PySide6.QtCore import QTemporaryDir
    from PySide6.QtGui import QKeyEvent, QTextCharFormat

    from reader.ui.find_bar import FindBar, FindState
    from reader.ui.tasks import Task

__all__ = ["ArticleBrowser", "ReaderView", "RemoteImageBanner"]

MAX_IMAGE_BYTES = 20 * 1024 * 1024
#: The article's least width, in average letters of the window's font (never
#: under ARTICLE_MIN_PX): the panes beside it give way first, and a side
#: panel goes under it where the two do not fit side by side.
ARTICLE_MIN_CHARS = 30
ARTICLE_MIN_PX = 200
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: How much wider than the least width for both side by side the pane must
#: be before the panel goes back beside the article, and how close to it
#: the pane may come before the panel goes under it: a window resized
#: across the line does not flip at every pixel, and the side-by-side
#: minimum is never what holds the window wide.
SIDE_BY_SIDE_MARGIN = 64
STACK_MARGIN = 24
#: The longest one remote image may take, all told.
FETCH_TIMEOUT_MS = 20000


def _escape(text: str) -> str:
    """``text`` as HTML element content (html.escape without its import, which
    the window's first message would be alone to need at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: What a ``data:`` picture may be (by its bytes, as QImageReader names them).
_RASTER_FORMATS = frozenset({"png", "jpeg", "jpg", "gif", "webp", "bmp", "ico"})

#: The narrowest a wide picture is read at (a screen of unknown width).
FITTED_MIN_WIDTH = 1024


#: The largest document (in characters) laid out again after its headings
#: are sized (see ArticleBrowser._size_headings).
RELAYOUT_AFTER_HEADINGS = 500_000


class ArticleBrowser(QTextBrowser):
    """A QTextBrowser that pages with Space and fetches allowed remote images."""

    remote_image_done = Signal(str, bool)  # URL, whether it was shown

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Article"))
        self._remote_allowed: set[str] = set()
        self._requested: set[str] = set()
        self._tasks: dict[str, Task] = {}  # fetches under way
        self._folder: QTemporaryDir | None = None
        self.fetch_failures: dict[str, str] = {}  # URL → why it could not be shown
        self.fetch_timeout_ms = FETCH_TIMEOUT_MS
        self.max_image_bytes = MAX_IMAGE_BYTES
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(100)
        self._relayout.timeout.connect(self._refresh_layout)

        self.font_px = 16.0

    def set_document_html(self, html: str, remote_urls: list[str]) -> None:
        self._remote_allowed = set(remote_urls)
        self._requested.clear()
        self.fetch_failures = {}
        for key, task in list(self._tasks.items()):
            if key not in self._remote_allowed:
                task.cancel()  # for the document shown before
        if html:  # (an empty page, as the window opens, has no blocks and no headings)
            from reader.core.render.blocks import bound_blocks, bound_nesting  # (not at start-up)

            self.setHtml(bound_blocks(bound_nesting(html)))
            self._size_headings()
        else:
            self.setHtml("")
        self._update_margin()

    def _size_headings(self) -> None:
        """Headings at the size the stylesheet gives them.  Qt's HTML import
        also gives ``<h1>``…``<h6>`` a size adjustment (``<h1>`` twice the
        widget's font), which wins over the stylesheet's ``font-size``: the
        headings stayed one size whatever the reading size or the zoom, and
        smaller than the text from about 16 pt on."""
        from PySide6.QtGui import QTextCursor, QTextFormat

        adjustment = QTextFormat.Property.FontSizeAdjustment
        size = QTextFormat.Property.FontPointSize
        document = self.document()
        ranges = []
        block = document.firstBlock()
        while block.isValid():
            if block.blockFormat().headingLevel():
                fragments = block.begin()
                while not fragments.atEnd():
                    fragment = fragments.fragment()
                    char_format = fragment.charFormat()
                    if char_format.hasProperty(adjustment) and char_format.hasProperty(size):
                        char_format.clearProperty(adjustment)
                        ranges.append((fragment.position(), fragment.length(), char_format))
                    fragments += 1
            block = block.next()
        if not ranges:
            return
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for position, length, char_format in ranges:
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(char_format)
        cursor.endEditBlock()
        # What follows laid out again: edited while Qt still laid the document
        # out bit by bit, the rest of a long list was never laid out (its last
        # hundred items not drawn, Find going to blank space).  Not in a
        # document of megabytes, which Qt lays out as it is scrolled to, and
        # whose whole layout here held the window for a second.
        count = document.characterCount()
        if count <= RELAYOUT_AFTER_HEADINGS:
            last = max(position + length for position, length, _format in ranges)
            document.markContentsDirty(last, count - last)

    def set_theme(self, theme: str, font_pt: float) -> None:
        """Colour the area around the document like the theme; lines stay readable."""
        from reader.core.render.pipeline import theme_colors  # loaded by the render already

        colors = theme_colors(theme)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(colors["background"]))
        palette.setColor(QPalette.ColorRole.Text, QColor(colors["text"]))
        self.setPalette(palette)
        self.font_px = font_pt * 96 / 72

    def _update_margin(self) -> None:
        if "reader.core.render.pipeline" not in sys.modules:
            return  # nothing rendered yet
        from reader.core.render.pipeline import reading_margin

        width = self.viewport().width()
        margin = reading_margin(width, self.font_px) // 2
        if self.document().documentMargin() != margin:
            self.document().setDocumentMargin(margin)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_margin()

    def loadResource(self, kind: int, url: QUrl | str):
        from PySide6.QtGui import QImage, QTextDocument

        qurl = QUrl(url)
        if kind == QTextDocument.ResourceType.ImageResource and qurl.scheme() in ("http", "https"):
            # (as the core writes it: 图片.png decoded here was never the one allowed)
            key = qurl.toString(QUrl.ComponentFormattingOption.FullyEncoded)
            if key in self._remote_allowed and key not in self._requested:
                self._requested.add(key)
                self._fetch(qurl)
            return QImage()  # shown once it has arrived
        if kind == QTextDocument.ResourceType.ImageResource and qurl.isLocalFile():
            fitted = self._fitted_image(qurl.toLocalFile())
            if fitted is not None:
                return fitted
        if kind == QTextDocument.ResourceType.ImageResource and qurl.scheme() == "data":
            return self._data_image(qurl)
        return super().loadResource(kind, qurl)

    def _data_image(self, url: QUrl):
        """The raster picture of a ``data:`` URL, fitted as a file's is;
        an empty image for anything else (Qt drew what the bytes were,
        whatever the label: the core lets only raster pictures through, and
        this reads nothing else either)."""
        from PySide6.QtCore import QBuffer, QIODevice
        from PySide6.QtGui import QImage, QImageReader

        from reader.core.render.imagecheck import data_url_bytes

        data = data_url_bytes(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        if not data:
            return QImage()
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        if bytes(reader.format().data()).decode("ascii", "replace") not in _RASTER_FORMATS:
            return QImage()
        fitted = self._fitted(reader)
        return fitted if fitted is not None else reader.read()

    def _fitted_image(self, path: str):
        """The picture at ``path`` read at most as wide as the screen (in
        its pixels), or None when it is narrower (read as it is).  Qt reads
        a picture whole, at its own size: eight photos 8,000 pixels square
        took 2 GB (256 MB each), and each ran past any window."""
        from PySide6.QtGui import QImageReader

        return self._fitted(QImageReader(path))

    def _fitted(self, reader):
        """What :meth:`_fitted_image` reads, from ``reader``."""
        size = reader.size()
        screen = self.screen()
        # in the window's own (logical) pixels, as a picture read whole is
        # shown: one pixel each (a limit in the screen's pixels showed, on a
        # screen of two each, pictures a little wider than it at twice its width)
        widest = max(FITTED_MIN_WIDTH, screen.geometry().width() if screen is not None else 0)
        if not size.isValid() or size.width() <= widest:
            return None
        ratio = max(1.0, self.devicePixelRatioF())
        wide = int(widest * ratio)
        reader.setScaledSize(QSize(wide, max(1, round(size.height() * wide / size.width()))))
        image = reader.read()
        if image.isNull():
            return None
        image.setDevicePixelRatio(ratio)  # (shown ``widest`` wide, sharp on that screen)
        return image

    def _fetch(self, url: QUrl) -> None:
        """Fetch one allowed remote image on a worker, through the core's
        checked downloader (:func:`reader.core.render.offline.download_images`:
        its type, size and overall time limits, and cancel), into this
        view's own temporary folder (nothing is kept after the window)."""
        from reader.ui.tasks import run_task

        key = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        folder = self._fetch_folder()
        timeout = self.fetch_timeout_ms / 1000
        max_bytes = self.max_image_bytes

        def work(_report, cancelled):
            from reader.core.render.imagecache import cached_image
            from reader.core.render.offline import download_images

            report = download_images(
                [key], cache_dir=folder, cancel=cancelled, max_bytes=max_bytes, timeout=timeout
            )
            path = cached_image(key, folder)
            reason = next(iter(report.failed.values()), "cancelled" if report.cancelled else "")
            return (str(path) if path is not None else None), reason

        self._tasks[key] = run_task(
            work,
            lambda result: self._arrived(key, *result),
            lambda exc: self._arrived(key, None, str(exc)),
            progress=True,
        )

    def _fetch_folder(self) -> str:
        if self._folder is None:
            from PySide6.QtCore import QTemporaryDir

            self._folder = QTemporaryDir()
        return self._folder.path()

    def _arrived(self, key: str, path: str | None, reason: str) -> None:
        from PySide6.QtGui import QImage, QTextDocument

        self._tasks.pop(key, None)
        shown = False
        refusal = self._refusal(path) if path is not None else None
        if refusal is not None:
            path, reason = None, refusal
        if path is not None and key in self._remote_allowed:  # not another article meanwhile
            image = self._fitted_image(path) or QImage(path)
            if not image.isNull():
                self.document().addResource(
                    QTextDocument.ResourceType.ImageResource, QUrl(key), image
                )
                self._relayout.start()
                shown = True
        if not shown and reason and key in self._remote_allowed:
            self.fetch_failures[key] = reason
        self.remote_image_done.emit(key, shown)

    def _refusal(self, path: str) -> str | None:
        """Why the picture fetched to ``path`` is not shown, checked as a
        file of the library is (an SVG sent as image/png was drawn, with
        the files it points at); None when it may be."""
        from pathlib import Path

        from reader.core.render.imagecheck import image_refusal

        refusal = image_refusal(Path(path))
        if refusal is None:
            return None
        if refusal == "large":
            return self.tr("too large to show")
        if refusal == "complex":
            return self.tr("too complex to show")
        return self.tr("it loads other files")

    def _refresh_layout(self) -> None:
        bar = self.verticalScrollBar()
        value = bar.value()
        self.document().markContentsDirty(0, self.document().characterCount())
        bar.setValue(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        shift = Qt.KeyboardModifier.ShiftModifier
        if event.key() == Qt.Key.Key_Space and not event.modifiers() & ~shift:
            page_up = bool(event.modifiers() & shift)
            self.verticalScrollBar().triggerAction(
                QAbstractSlider.SliderAction.SliderPageStepSub
                if page_up
                else QAbstractSlider.SliderAction.SliderPageStepAdd
            )
            return
        control = Qt.KeyboardModifier.ControlModifier
        ends = (Qt.Key.Key_Home, Qt.Key.Key_End)
        if event.key() in ends and not event.modifiers() & ~control:
            # (Ctrl+Home and Ctrl+End did nothing: the browser has no cursor
            # to move; Home and End alone scrolled)
            self.verticalScrollBar().triggerAction(
                QAbstractSlider.SliderAction.SliderToMinimum
                if event.key() == Qt.Key.Key_Home
                else QAbstractSlider.SliderAction.SliderToMaximum
            )
            return
        super().keyPressEvent(event)

    def scroll_fraction(self) -> float:
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))


class ElidedLabel(QLabel):
    """One line of text, cut with "…" when the room is short (the whole text
    is in the tooltip)."""

    def paintEvent(self, event) -> None:
        from PySide6.QtGui import QPainter  # the banner is hidden at start-up

        painter = QPainter(self)
        metrics = self.fontMetrics()
        text = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("……"), super().minimumSizeHint().height())


class RemoteImageBanner(QFrame):
    """One short line over the article: remote images are blocked; Load once
    (fetched through the core's checked downloader), Always for this site.
    A load that failed says what failed here."""

    load_once = Signal()
    always_allow = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("remoteImageBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Remote images blocked"))
        # the text, then its buttons; under it when the pane is too narrow
        # for both on one line (beside the form the buttons were cut)
        layout = self._rows = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = ElidedLabel(self)
        self.label.setObjectName("bannerText")
        self.label.setWordWrap(False)
        self.label.setMinimumWidth(40)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # QPushButton(text, parent) would make QIcon's type (for the overload
        # with an icon) at start-up: the text is set apart.
        self.load_button = QPushButton(self)
        self.load_button.setText(self.tr("Load once"))
        self.load_button.setAccessibleName(self.tr("Load remote images once"))
        self.always_button = QPushButton(self)
        self.always_button.setText(self.tr("Always for this site"))
        self.always_button.setAccessibleName(self.tr("Always load images from this site"))
        layout.addWidget(self.label, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.always_button)
        layout.addLayout(buttons)
        self.load_button.clicked.connect(self.load_once)
        self.always_button.clicked.connect(self.always_allow)
        self.hide()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The buttons beside the text when both fit (the text at least ten
        characters), else under it."""
        margins = self._rows.contentsMargins()
        needed = (
            margins.left()
            + margins.right()
            + 10 * self.fontMetrics().averageCharWidth()
            + self.load_button.sizeHint().width()
            + self.always_button.sizeHint().width()
            + 3 * max(self._rows.spacing(), 0)
        )
        direction = (
            QBoxLayout.Direction.LeftToRight
            if self.width() >= needed
            else QBoxLayout.Direction.TopToBottom
        )
        if self._rows.direction() != direction:
            self._rows.setDirection(direction)

    def show_blocked(self, count: int, hosts: list[str]) -> None:
        text = self.tr("%n remote image(s) blocked", "", count)
        self.label.setText(text)
        where = self.tr("From %1").replace("%1", ", ".join(hosts))
        self.label.setToolTip(plain_tip(f"{text}\n{where}"))
        self.label.setAccessibleName(f"{text}. {where}")
        self.always_button.setToolTip(plain_tip(", ".join(hosts)))
        self.load_button.setEnabled(True)
        self.show()

    def show_loading(self) -> None:
        self.label.setText(self.tr("Loading remote images…"))
        self.load_button.setEnabled(False)

    def show_failed(self, failed: dict[str, str]) -> None:
        """Say which images a Load once could not fetch, and why."""
        if not failed:
            return
        url, reason = next(iter(failed.items()))
        text = self.tr("%n image(s) could not be loaded", "", len(failed))
        detail = f"{url}: {reason}"
        self.label.setText(f"{text} — {reason}")
        tip = "\n".join(f"{u}: {r}" for u, r in list(failed.items())[:10])
        self.label.setToolTip(plain_tip(tip))
        self.label.setAccessibleName(f"{text}: {detail}")
        self.load_button.setEnabled(True)
        self.load_button.setText(self.tr("Try again"))
        self.show()

    def reset_button(self) -> None:
        self.load_button.setText(self.tr("Load once"))


class ReaderView(QWidget):
    """Banner + article browser + find bar, inside a splitter with room for
    a side panel."""

    link_activated = Signal(QUrl)
    link_hovered = Signal(str)  # the address under the mouse ("" when it leaves)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Reader"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        article_area = QWidget(self.splitter)
        column = QVBoxLayout(article_area)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = RemoteImageBanner(article_area)
        self.browser = ArticleBrowser(article_area)
        column.addWidget(self.banner)
        column.addWidget(self.browser, 1)
        self._article_area, self._column = article_area, column
        self._find_bar: FindBar | None = None  # made when first used (find_bar)
        # the match another window's find bar had selected, for its article (take_find)
        self._find_match: tuple[str, int] | None = None
        self._notice: QLabel | None = None  # made when first needed (show_notice)
        self.splitter.addWidget(article_area)
        # A window made larger or smaller widens or narrows the article, not
        # the side panels: they keep the width given them (the form came back
        # 90-270 px wider in a window opened again in a new language, laid out
        # after its restored sizes were set).
        self.splitter.setStretchFactor(0, 1)
        article_area.setMinimumWidth(self.article_minimum())
        # sizes of the splitter in the other orientation, to go back to them
        self._other_sizes: dict[Qt.Orientation, list[int]] = {}
        #: The width the user gave the side panel beside the article (by
        #: dragging its handle; kept in the settings), None until known:
        #: shown again at that width, after a new language or a narrow window.
        self.panel_width: int | None = None
        self.splitter.splitterMoved.connect(self._handle_dragged)
        self._saved_panes: QByteArray | None = None  # (see restore_panes)
        self.splitter.installEventFilter(self)  # a panel's minimum changed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.browser.anchorClicked.connect(self.link_activated)
        self.browser.remote_image_done.connect(self._image_done)
        self.browser.highlighted.connect(lambda url: self.link_hovered.emit(shown_address(url)))
        self.current: str | None = None  # the relative path shown
        self.message = ""  # the message shown instead of an article
        self.result = None  # its RenderResult

    @property
    def find_bar(self) -> FindBar:
        """The find bar under the article, made when first used (it is hidden
        until Ctrl+F)."""
        if self._find_bar is None:
            from reader.ui.find_bar import FindBar

            # (a message shown instead of an article is not searched)
            bar = FindBar(
                self.browser, self._article_area, has_article=lambda: self.current is not None
            )
            self._column.addWidget(bar)
            bar.closed.connect(lambda: self.browser.setFocus())
            self._find_bar = bar
        return self._find_bar

    def find_state(self) -> FindState | None:
        """What the find bar holds (None: it was never used)."""
        return self._find_bar.state() if self._find_bar is not None else None

    def take_find(self, state: FindState, rel: str | None) -> None:
        """The find bar as another window's was (``state``), the match it
        had selected selected again once ``rel`` is shown: how a window
        opened in a new language takes over the one it replaces."""
        self.find_bar.take_over(state)
        self._find_match = (rel, state.match) if rel and state.match else None

    def restore_panes(self, state: QByteArray) -> None:
        """The splitter's sizes as :meth:`QSplitter.saveState` gave them, now
        and again when a side panel comes (which is made when first shown:
        restored before it was there, it came back wider each time)."""
        self._saved_panes = QByteArray(state)
        self.splitter.restoreState(state)

    def add_side_panel(self, widget: QWidget) -> None:
        self.splitter.addWidget(widget)
        widget.installEventFilter(self)  # shown or hidden: beside or under the article
        if self._saved_panes is not None:
            self.splitter.restoreState(self._saved_panes)
            self._saved_panes = None
        self.fit_panels()

    def article_minimum(self) -> int:
        """The article's least width (beside a side panel too).  The font's
        average letter, not its averageCharWidth(): a CJK font's is that of
        its ideographs, twice a letter's."""
        letter = self.fontMetrics().horizontalAdvance(_LETTERS) / len(_LETTERS)
        return max(ARTICLE_MIN_PX, round(letter * ARTICLE_MIN_CHARS))

    def side_by_side_width(self) -> int:
        """The least width of the pane with the article and the side panels
        shown beside it side by side (0: no panel is shown)."""
        splitter = self.splitter
        panels = (splitter.widget(i) for i in range(1, splitter.count()))
        shown = [panel for panel in panels if panel is not None and not panel.isHidden()]
        if not shown:
            return 0
        widths = (max(p.minimumWidth(), p.minimumSizeHint().width()) for p in shown)
        return self.article_minimum() + sum(widths) + len(shown) * splitter.handleWidth()

    def panels_stacked(self) -> bool:
        """Whether the side panels are under the article (the pane is narrow)."""
        return self.splitter.orientation() == Qt.Orientation.Vertical

    def fit_panels(self) -> None:
        """Side panels beside the article where both have room, under it
        where they do not (with some slack either way: see STACK_MARGIN)."""
        need = self.side_by_side_width()
        if not need:
            return
        width = self.width()
        stacked = self.panels_stacked()
        if stacked and width >= need + SIDE_BY_SIDE_MARGIN:
            self._set_orientation(Qt.Orientation.Horizontal)
        elif not stacked and width < need + STACK_MARGIN:
            self._set_orientation(Qt.Orientation.Vertical)

    def _handle_dragged(self, _pos: int, _index: int) -> None:
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and not self.panels_stacked() and sizes[1] > 0:
            self.panel_width = sizes[1]

    def _set_orientation(self, orientation: Qt.Orientation) -> None:
        splitter = self.splitter
        before = splitter.orientation()
        self._other_sizes[before] = splitter.sizes()
        splitter.setOrientation(orientation)
        sizes = self._other_sizes.get(orientation)
        wanted = self.panel_width
        if orientation == Qt.Orientation.Horizontal and wanted and splitter.count() == 2:
            # beside the article again at the width the user gave it (the
            # sizes from before were those a narrowing window had squeezed)
            room = self.width() - splitter.handleWidth()
            panel = min(wanted, max(room - self.article_minimum(), 0))
            sizes = [room - panel, panel] if panel > 0 else sizes
        if sizes is None or len(sizes) != splitter.count() or not all(sizes):
            # the article first: a panel under it gets the lower part, at most half
            total = self.height() if orientation == Qt.Orientation.Vertical else self.width()
            rest = splitter.count() - 1
            total -= rest * splitter.handleWidth()  # (else taken from the article)
            panel = total // 2 // max(rest, 1)
            sizes = [total - panel * rest] + [panel] * rest
        splitter.setSizes(sizes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (watched is self.splitter and kind == QEvent.Type.LayoutRequest) or (
            watched is not self.splitter and kind in (QEvent.Type.Show, QEvent.Type.Hide)
        ):
            self.fit_panels()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_panels()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._article_area.setMinimumWidth(self.article_minimum())

    def show_result(
        self,
        rel: str,
        result,
        position: float | None = None,
        font_pt: float = 12.0,
        anchor: str = "",
    ) -> None:
        """Show a render result; ``position`` is the scroll fraction to
        restore, ``anchor`` a place to go to instead (a link's ``#place``)."""
        same = rel == self.current
        keep = self.browser.scroll_fraction() if same and position is None else position
        # the match the find bar has selected stays selected when the same
        # article is shown again (zoom, theme, a change on disk)
        bar, match = self._find_bar, 0
        if bar is not None and same and not bar.isHidden():
            match = bar.selected_match()
        if self._find_match is not None:
            wanted, number = self._find_match
            self._find_match = None
            if wanted == rel:
                match = number
        self.current = rel
        self.result = result
        blocked = set(result.blocked_remote)  # (once: per address, 20,000 held the window 15 s)
        allowed = [u for u in result.remote_images if u not in blocked]
        self.browser.set_theme(result.theme, font_pt)
        self.browser.set_document_html(result.html, allowed)
        if bar is not None and match:
            bar.select_match(match)
        if result.blocked_remote:
            hosts = sorted(result.remote_hosts)
            self.banner.show_blocked(len(result.blocked_remote), hosts)
        else:
            self.banner.hide()
        self.show_notice(self._reading_notice(rel, result))
        if anchor:  # (after the layout has settled, as a restored position)
            QTimer.singleShot(0, lambda a=anchor, r=rel: self._go_to_anchor(r, a))
        elif keep:
            # the layout settles after the event loop has run once
            QTimer.singleShot(0, lambda f=keep, r=rel: self._restore(r, f))

    def _go_to_anchor(self, rel: str, anchor: str) -> None:
        if rel == self.current:
            self.browser.scrollToAnchor(anchor)

    def _reading_notice(self, rel: str, result) -> str:
        """What the way the article was read needs said over it: bytes that
        are not UTF-8 (core reports them as the error ``codec.NOT_UTF8``) are
        shown replaced, and the file is never written; nor is a file in
        UTF-16 or UTF-32 (``model.looks_wide``); front matter never
        closed (``codec.UNCLOSED``) is shown as text, its keys unread (the
        list and the reader said nothing, and the form was empty).  The raw
        view (front matter that cannot be read) lists its problems itself."""
        if result.raw or not result.problems:
            return ""
        from reader.core.article.codec import EMPTY, NOT_UTF8, UNCLOSED  # (loaded by the render)
        from reader.core.article.model import looks_wide

        wide = {looks_wide(name): name for name in ("UTF-16", "UTF-32")}
        said = []
        for problem in result.problems:
            if problem.message in wide:
                text = self.tr(
                    "%1 is saved as %3, not UTF-8: it is shown, but it will not be "
                    "rewritten. Save it as UTF-8 to edit it."
                ).replace("%3", wide[problem.message])
            elif problem.message == NOT_UTF8:
                text = self.tr(
                    "%1 is not valid UTF-8 (from line %2): it is shown with each byte that "
                    "cannot be decoded replaced by �, and it will not be rewritten."
                )
            elif problem.message == EMPTY:  # (listed under Problems: the reader said nothing)
                text = self.tr("%1 is empty: it holds no front matter and no text.")
            elif problem.message == UNCLOSED:
                text = self.tr(
                    "The front matter of %1 (line %2) is never closed: it is shown as text, "
                    "and none of its keys are read. Close it with a line like its first."
                )
            else:
                continue
            said.append(text.replace("%1", one_line(rel)).replace("%2", str(problem.line or 1)))
        return "\n".join(dict.fromkeys(said))

    def show_notice(self, text: str) -> None:
        """A line over the article about how it is shown ("" hides it)."""
        notice = self._notice
        if not text:
            if notice is not None:
                notice.hide()
            return
        if notice is None:
            notice = self._notice = QLabel(self._article_area)
            notice.setObjectName("readerNotice")
            notice.setWordWrap(True)
            notice.setFrameShape(QFrame.Shape.StyledPanel)
            notice.setContentsMargins(8, 4, 8, 4)
            notice.setTextFormat(Qt.TextFormat.PlainText)
            self._column.insertWidget(1, notice)  # under the images banner
        notice.setText(text)
        notice.setAccessibleName(text)
        notice.show()

    def notice(self) -> str:
        """The notice shown over the article ("" when none)."""
        notice = self._notice
        return notice.text() if notice is not None and not notice.isHidden() else ""

    def _image_done(self, url: str, shown: bool) -> None:
        """An allowed remote image that could not be fetched says so."""
        if not shown and url in self.browser.fetch_failures:
            self.banner.show_failed(dict(self.browser.fetch_failures))

    def _restore(self, rel: str, fraction: float) -> None:
        if rel == self.current:
            self.browser.set_scroll_fraction(fraction)

    def show_message(self, text: str) -> None:
        """A message instead of an article, always in the same quiet style
        (never in the character format the last article left behind)."""
        shown_before = self.result is not None or bool(self.message)
        self.current = None
        self.result = None
        self.banner.hide()
        self.show_notice("")
        self.browser.set_document_html("", [])
        self.browser.document().clear()
        if shown_before:  # a new browser has the plain format already
            from PySide6.QtGui import QTextCharFormat

            self.browser.setCurrentCharFormat(QTextCharFormat())
        self.browser.document().setDefaultFont(self.font())
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText)
        color = f"rgba({quiet.red()}, {quiet.green()}, {quiet.blue()}, {quiet.alpha()})"
        paragraphs = "".join(
            f'<p align="center" style="color: {color};">{_escape(line)}</p>'
            for line in text.splitlines()
        )
        self.browser.setHtml(f"<div style='margin-top: 2em;'>{paragraphs}</div>")
        self.message = text

    def message_format(self) -> QTextCharFormat:
        """The character format of the message shown (for checks)."""
        from PySide6.QtGui import QTextCursor

        block = self.browser.document().firstBlock()
        while block.isValid() and not block.text():
            block = block.next()
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        return cursor.charFormat()

    def clear(self) -> None:
        self.show_message("")
