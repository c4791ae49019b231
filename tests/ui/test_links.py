"""Links in an article open other articles of the library, and nothing outside it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl


def test_links_open_articles_only_inside_the_library(qtbot, window, tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (tmp_path / "private.md").write_text(
        "---\ntitle: Private\n---\nSecret words.\n", encoding="utf-8"
    )
    (library / "a.md").write_text("---\ntitle: A\n---\n[b](b.md)\n", encoding="utf-8")
    (library / "b.md").write_text("---\ntitle: B\n---\nThe b article.\n", encoding="utf-8")
    (library / "link.md").symlink_to(tmp_path / "private.md")
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library), "a.md")
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.follow_link(QUrl("b.md"))
    assert blocker.args == ["b.md"]
    for link in (
        "link.md",
        "../private.md",
        (tmp_path / "private.md").as_uri(),
        (library / "link.md").as_uri(),
    ):
        window.statusBar().clearMessage()
        window.follow_link(QUrl(link))
        assert window.statusBar().currentMessage().startswith("Not found: "), link
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20000)  # any render would be done
    assert window.reader.current == "b.md"
    assert "Secret words" not in window.reader.browser.toPlainText()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_link_to_a_place_in_another_article_opens_it_there(qtbot, window, tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.md").write_text("---\ntitle: A\n---\n[b](b.md#part)\n", encoding="utf-8")
    filler = "".join(f"<p>Paragraph {n} of the first part.</p>\n" for n in range(300))
    (library / "b.md").write_text(
        f'---\ntitle: B\n---\n{filler}<h2 id="part">The second part</h2>\n<p>Here.</p>\n',
        encoding="utf-8",
    )
    window.resize(1000, 700)
    window.show()
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(library), "a.md")
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.follow_link(QUrl("b.md#part"))
    assert blocker.args == ["b.md"]
    browser = window.reader.browser
    # (it opened at its start before: the place was dropped)
    qtbot.waitUntil(lambda: browser.verticalScrollBar().value() > 0, timeout=10000)
    heading = browser.cursorRect(browser.document().find("The second part"))
    assert browser.viewport().rect().contains(heading.center())


def test_a_link_by_the_sites_address_opens_the_article_here(qtbot, window, tmp_path, monkeypatch):
    # /2021/01/06/second/ was "Not found", and the site's full address
    # opened the web browser
    from PySide6.QtGui import QDesktopServices

    opened_outside: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened_outside.append(url.toString()) or True
    )
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: s\nurl: https://example.org\n", encoding="utf-8")
    (site / "_posts" / "2021-01-05-first.md").write_text(
        "---\ntitle: First\ndate: 2021-01-05\n---\n[second](/2021/01/06/second/)\n",
        encoding="utf-8",
    )
    (site / "_posts" / "2021-01-06-second.md").write_text(
        "---\ntitle: Second\ndate: 2021-01-06\n---\nThe second.\n", encoding="utf-8"
    )
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.open_library(str(site), "_posts/2021-01-05-first.md")
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.follow_link(QUrl("/2021/01/06/second/"))
    assert blocker.args == ["_posts/2021-01-06-second.md"]
    with qtbot.waitSignal(window.article_shown, timeout=10000) as blocker:
        window.follow_link(QUrl("https://example.org/2021/01/05/first/"))
    assert blocker.args == ["_posts/2021-01-05-first.md"]
    assert opened_outside == []
    window.follow_link(QUrl("https://example.org/2021/01/05/nothing/"))  # no such post: the web
    assert opened_outside == ["https://example.org/2021/01/05/nothing/"]
