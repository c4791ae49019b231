"""No silent failures and a window that fits: the find bar counts matches,
link addresses show in the status bar, a link no browser opens says so,
messages keep one style, the blocked-images banner is one line, and the
window fits the screen from 1024×600 to 4K at scale factors 1, 1.5 and 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QUrl

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support propagateSizeHints",
    r"This plugin does not support QPlatformServices::openUrl",
)

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 120


@pytest.fixture
def links(qtbot, window, library_copy):
    (library_copy / "links.md").write_text(
        "---\ntitle: Links\ndate: 2024-03-03\n---\n\n"
        "Apple one, apple two, and APPLE three.\n\n"
        "Read [the page](https://example.org/page) for more.\n",
        encoding="utf-8",
    )
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "links.md")
    return window


def test_the_find_bar_counts_the_matches(qtbot, links):
    bar = links.reader.find_bar
    bar.open()
    bar.field.setText("apple")
    bar.field.textEdited.emit("apple")
    assert bar.status.text() == "1 of 3"
    bar.find_next()
    assert bar.status.text() == "2 of 3"
    bar.find_previous()
    assert bar.status.text() == "1 of 3"
    bar.find_previous()  # wraps to the last
    assert bar.status.text() == "3 of 3"
    bar.field.setText("pear")
    bar.field.textEdited.emit("pear")
    assert bar.status.text() == "Not found"


def test_hovering_a_link_shows_its_address(qtbot, links):
    browser = links.reader.browser
    cursor = browser.document().find("the page")
    assert not cursor.isNull()
    point = browser.cursorRect(cursor).center() - QPoint(4, 0)
    qtbot.mouseMove(browser.viewport(), point)
    qtbot.waitUntil(
        lambda: links.statusBar().currentMessage() == "https://example.org/page", timeout=5000
    )
    qtbot.mouseMove(browser.viewport(), QPoint(2, browser.viewport().height() - 2))
    qtbot.waitUntil(lambda: links.statusBar().currentMessage() == "", timeout=5000)


def test_a_web_link_no_browser_opens_says_so(qtbot, links, qapp):
    # The offscreen platform has no browser to open: the window says so and
    # puts the address on the clipboard instead of doing nothing.
    links.follow_link(QUrl("https://example.org/page"))
    message = links.statusBar().currentMessage()
    assert "No web browser could open https://example.org/page" in message
    assert qapp.clipboard().text() == "https://example.org/page"


def test_the_empty_state_keeps_its_style_after_opening_a_library(qtbot, links, library_copy):
    from PySide6.QtGui import QPalette, QTextCursor

    window = links
    browser = window.reader.browser
    cursor = QTextCursor(browser.document())  # the cursor in the title: large and bold
    cursor.setPosition(browser.document().find("Links").position())
    browser.setTextCursor(cursor)
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.open_library(str(library_copy))  # File › Open: the same library again
    qtbot.waitUntil(lambda: bool(window.reader.message), timeout=10000)
    shown = window.reader.message_format()
    assert shown.fontPointSize() == 0  # the browser's own size, not the title's
    assert shown.fontWeight() == 400 and not shown.isAnchor()
    quiet = window.reader.palette().color(QPalette.ColorRole.PlaceholderText)
    assert shown.foreground().color().rgba() == quiet.rgba()


def test_the_blocked_images_banner_is_one_short_line(qtbot, window, library_copy):
    (library_copy / "remote.md").write_text(
        "---\ntitle: Remote\n---\n\n"
        + "".join(f"![p{n}](https://img{n}.example.org/p.png)\n\n" for n in range(6)),
        encoding="utf-8",
    )
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "remote.md")
    banner = window.reader.banner
    assert banner.isVisible()
    assert not banner.label.wordWrap()
    assert banner.height() <= 3 * banner.fontMetrics().height() + 16  # one row of buttons
    assert "img5.example.org" in banner.label.toolTip()


def test_the_article_keeps_room_beside_the_form(qtbot, window, library_copy):
    # at 1366 pixels the form took the reader's room alone: the article had
    # 200, the banner's buttons cut ("lways for this sit")
    (library_copy / "remote.md").write_text(
        "---\ntitle: Remote\n---\n\n![p](https://img.example.org/p.png)\n", encoding="utf-8"
    )
    window.resize(1366, 768)
    window.splitter.setSizes(window.pane_sizes(1366))
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library_copy), "remote.md")
    window.editing.toggle_form(True)
    qtbot.waitUntil(lambda: window.reader.splitter.sizes()[1] > 0, timeout=5000)
    article, form = window.reader.splitter.sizes()
    assert article >= 300 and form >= 280, (article, form)
    assert not window.list_pane.is_narrow()  # (the list keeps its columns)
    banner = window.reader.banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    for button in (banner.load_button, banner.always_button):
        assert button.width() >= button.sizeHint().width(), button.text()
    # narrower still: the buttons go under the text, whole
    window.reader.splitter.setSizes([240, sum(window.reader.splitter.sizes()) - 240])
    qtbot.waitUntil(lambda: banner.width() <= 250, timeout=5000)
    for button in (banner.load_button, banner.always_button):
        qtbot.waitUntil(lambda b=button: b.width() >= b.sizeHint().width(), timeout=5000)


def _probe(width: int, height: int, scale: str, tmp_path: Path) -> dict:
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(
        json.dumps(
            {
                "synthesizedScreens": False,
                "screens": [
                    {
                        "name": "s",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ],
            }
        )
    )
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=scale,
        ARTICLE_READER_CACHE_DIR=str(tmp_path / "cache"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.window_probe", str(tmp_path / "settings.ini")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [
        (1024, 600, "1"),
        (1366, 768, "1"),
        (1920, 1080, "1.5"),
        (2560, 1600, "2"),
        (3840, 2160, "1"),
        (3840, 2160, "1.5"),
        (3840, 2160, "2"),
    ],
)
def test_the_first_window_fits_the_screen(width, height, scale, tmp_path):
    found = _probe(width, height, scale, tmp_path)
    available = found["available"]
    window = found["window"]
    assert window[0] <= available[0] and window[1] <= available[1], found
    assert found["geometry"][1] + 36 <= available[1], found  # room left for a title bar
    assert found["minimum"][0] <= available[0] and found["minimum"][1] <= available[1], found
    assert all(size > 0 for size in found["panes"]), found  # no pane collapsed
    assert found["title_column"] >= 120, found  # titles are readable
    if available[0] >= 1200:
        assert not found["narrow"], found  # room for the columns
        assert "Date" in found["columns"], found
    assert found["labels_clipped"] == [], found
    assert found["fields_overflow"] == [], found  # the form never scrolls sideways
    if shutil.which("git"):
        assert found["groups"][-1] == "Changed since last commit", found
    assert found["groups_clipped"] == [], json.dumps(found)  # every group's name is whole


def test_a_size_saved_on_a_larger_screen_is_fitted_again(qtbot, settings, cache_dir):
    from reader.ui.main_window import MainWindow

    big = MainWindow(settings, cache_dir=cache_dir)
    qtbot.addWidget(big)
    big.resize(5000, 3000)
    assert big.width() > big.screen().availableGeometry().width()
    big.save_state()
    big.session.close()
    again = MainWindow(settings, cache_dir=cache_dir)
    qtbot.addWidget(again)
    area = again.screen().availableGeometry()
    assert again.width() <= area.width() and again.height() <= area.height()
    again.session.close()
