"""The window renders Jekyll Liquid and Hugo shortcodes, and a post_url or
ref link opens the linked article in the window."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QUrl

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "template_sites"


def test_jekyll_post_url_opens_the_post(qtbot, window, tmp_path):
    library = tmp_path / "sites"
    shutil.copytree(SITES, library)
    release = "jekyll/_posts/2020-10-02-ruby-2-7-2-released.md"
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library), release)
    text = window.reader.browser.toPlainText()
    assert "SHA256: 6e5706d0d4ee4e1e2f883db9d768586b4d06567debea353c796ec45e8321c3d4" in text
    assert "{%" not in text and "{{" not in text
    href = next(
        link
        for link in window.reader.result.body_html.split('href="')[1:]
        if link.startswith("2020-03-31")
    ).split('"')[0]
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.follow_link(QUrl(href))
    assert blocker.args == ["jekyll/_posts/2020-03-31-ruby-2-7-1-released.md"]
    assert "def hello(name)" in window.reader.browser.toPlainText()


def test_hugo_ref_opens_the_page(qtbot, window, tmp_path):
    library = tmp_path / "sites"
    shutil.copytree(SITES, library)
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library), "hugo/content/docs/shortcodes.md")
    text = window.reader.browser.toPlainText()
    assert "new-in 0.120" in text and "{{< new-in" not in text
    assert '{{< figure src="/a.png" >}}' in text  # the escaped shortcode, literal
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.follow_link(QUrl("other.md"))
    assert blocker.args == ["hugo/content/docs/other.md"]
