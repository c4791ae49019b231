"""Links in an article open other articles of the library, and nothing outside it."""

from __future__ import annotations

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
