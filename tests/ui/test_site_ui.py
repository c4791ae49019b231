"""The window on a Hexo site: Drafts and Pages groups, Publish with undo,
Schema › Infer and the Schema warnings group, the asset image shown."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QPushButton

from tests.fixtures.sites import copy_site
from tests.ui.formhelpers import held_until


@pytest.fixture
def said(window, monkeypatch) -> list[str]:
    """The status messages the window shows, in order."""
    shown: list[str] = []
    real = window.show_status

    def spy(text, *args, **kwargs):
        shown.append(text)
        real(text, *args, **kwargs)

    monkeypatch.setattr(window, "show_status", spy)
    return shown


def _open_site(qtbot, window, root):
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.open_library(str(root))
    qtbot.waitUntil(lambda: window.nav_model.find(("drafts",)).isValid(), timeout=20000)


def _select(qtbot, window, key):
    index = window.nav_model.find(key)
    assert index.isValid(), key
    with qtbot.waitSignal(window.list_filled, timeout=10000):
        window.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
    return [window.list_model.summary(row).path for row in range(window.list_model.rowCount())]


def test_drafts_and_pages_groups_publish_and_undo(qtbot, window, tmp_path):
    root = copy_site("hexo", tmp_path)
    _open_site(qtbot, window, root)
    model = window.nav_model
    assert model.node(model.find(("all",))).count == 3  # the posts and the draft
    assert model.node(model.find(("drafts",))).count == 1
    assert model.node(model.find(("pages",))).count == 1
    assert _select(qtbot, window, ("pages",)) == ["source/about/index.md"]
    assert _select(qtbot, window, ("drafts",)) == ["source/_drafts/my-draft.md"]
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
    assert "Not yet." in window.reader.browser.toPlainText()
    window.window_actions.site_actions.publish(True)
    qtbot.waitUntil(lambda: not (root / "source/_drafts/my-draft.md").exists(), timeout=10000)
    qtbot.waitUntil(lambda: model.node(model.find(("drafts",))).count == 0, timeout=10000)
    assert window.library is not None
    result = window.library.undo_last()
    assert (root / "source/_drafts/my-draft.md").is_file() and result.restored


def test_the_form_takes_no_typing_while_its_draft_is_published(
    qtbot, window, tmp_path, monkeypatch
):

    root = copy_site("hexo", tmp_path)
    _open_site(qtbot, window, root)
    _select(qtbot, window, ("drafts",))
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
    window.editing.toggle_form(True)
    form = window.editing.form
    library = window.library
    release = held_until(monkeypatch, library, "publish")
    window.window_actions.site_actions.publish(True)
    assert not form.isEnabled()
    qtbot.keyClicks(form.editors["title"].line, "typed")
    assert not form.is_modified()
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        release.set()
    assert shown.args[0].startswith("source/_posts/")
    assert form.isEnabled() and form.rel == shown.args[0] and not form.is_modified()


def test_an_undo_that_moves_the_form_s_post_back_to_the_drafts_clears_the_form(
    qtbot, window, tmp_path, monkeypatch
):
    # the form stayed on the post's path, enabled: what was typed and saved
    # there wrote the post again beside the draft the undo had put back
    from reader.ui.form import dialogs

    root = copy_site("hexo", tmp_path)
    _open_site(qtbot, window, root)
    _select(qtbot, window, ("drafts",))
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
    window.editing.toggle_form(True)
    form = window.editing.form
    with qtbot.waitSignal(window.article_shown, timeout=20000) as shown:
        window.window_actions.site_actions.publish(True)
    post = shown.args[0]
    assert form.rel == post
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    window.editing.undo_bulk()
    qtbot.waitUntil(lambda: (root / "source/_drafts/my-draft.md").exists(), timeout=10000)
    qtbot.waitUntil(form.isEnabled, timeout=10000)
    assert form.rel != post
    assert not (root / post).exists()
    # the draft shown where it is again (not "this article's file is missing"),
    # and counted once, not under both of its names
    qtbot.waitUntil(lambda: window.reader.current == "source/_drafts/my-draft.md", timeout=10000)
    assert window.statusBar().currentMessage().startswith("1 file(s) restored.")


def test_infer_schema_shows_warnings_apart_from_problems(qtbot, window, tmp_path):
    root = copy_site("hexo", tmp_path)
    _open_site(qtbot, window, root)
    window.window_actions.site_actions.infer_schema()
    qtbot.waitUntil(lambda: window.nav_model.find(("schema_warnings",)).isValid(), timeout=20000)
    node = window.nav_model.node(window.nav_model.find(("schema_warnings",)))
    assert node.count == 1
    assert (root / ".article-reader" / "schema.toml").is_file()
    assert _select(qtbot, window, ("schema_warnings",)) == ["source/_posts/hello-world.md"]
    tip = window.list_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "schema warning: &#x27;categories&#x27; is a string, the schema says list line 4" in tip
    assert window.nav_model.node(window.nav_model.find(("problems",))).count == 0


def test_infer_schema_refuses_a_linked_schema_file_and_says_why(qtbot, window, tmp_path):
    root = copy_site("hexo", tmp_path)
    outside = tmp_path / "outside.toml"
    outside.write_text('# secret = "hunter2"\n')
    (root / ".article-reader").mkdir()
    (root / ".article-reader" / "schema.toml").symlink_to(outside)
    _open_site(qtbot, window, root)
    window.window_actions.site_actions.infer_schema()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Schema not saved: "),
        timeout=20000,
    )
    assert "the schema is a symbolic link" in window.statusBar().currentMessage()
    assert outside.read_text() == '# secret = "hunter2"\n'


def test_asset_image_of_a_post_is_shown(qtbot, window, tmp_path):
    root = copy_site("hexo", tmp_path)
    _open_site(qtbot, window, root)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("source/_posts/hello-world.md")
    html = window.reader.browser.toHtml()
    assert "source/_posts/hello-world/cat.png" in html


SCHEMA = """\
[keys.title]
type = "string"
required = true

[keys.author]
type = "string"
required = true

[keys.layout]
type = "string"
values = ["post", "page"]

[keys.link]
type = "url"
"""


def test_the_form_uses_the_schema(qtbot, window, tmp_path):
    from reader.ui.form.editors import LineEditor, UrlEditor

    root = copy_site("hexo", tmp_path)
    (root / ".article-reader").mkdir()
    (root / ".article-reader" / "schema.toml").write_text(SCHEMA)
    post = root / "source/_posts/hello-world.md"
    post.write_text(
        post.read_text().replace(
            "title: Hello World\n",
            "title: Hello World\nlayout: post\nlink: https://example.org/x\n",
        )
    )
    _open_site(qtbot, window, root)
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.show_article("source/_posts/hello-world.md")
    window.editing.toggle_form(True)
    form = window.editing.form
    assert isinstance(form.editors["link"], UrlEditor)  # a URL key gets the URL editor
    layout = form.editors["layout"]
    assert isinstance(layout, LineEditor)
    completer = layout.line.completer()
    assert completer is not None
    assert completer.model().data(completer.model().index(0, 0)) == "post"
    assert "编程" in form.category_completions()
    assert "Python3" in form.tag_completions()
    # author is required and missing: always shown, with an Add button
    button = form.findChild(QPushButton, "addRequired-author")
    assert button is not None
    button.click()
    assert "author" in form.editors and "author" in form.edit.diff


def test_the_tree_shows_the_site_maps(qtbot, window, tmp_path):
    root = copy_site("hexo", tmp_path)
    _open_site(qtbot, window, root)
    model = window.nav_model
    index = model.find(("category", "编程"))
    assert index.isValid()
    assert index.data() == "programming"
    assert "编程" in index.data(Qt.ItemDataRole.ToolTipRole)
    tag = model.find(("tag", "Python3"))
    assert tag.data() == "python"


def test_a_broken_configuration_is_said_and_changes_nothing(qtbot, window, tmp_path, said):
    root = copy_site("hexo", tmp_path)
    (root / "_config.yml").write_text("title: [\n")
    _open_site(qtbot, window, root)
    assert any("Site configuration" in text and "invalid YAML" in text for text in said)
    assert window.nav_model.node(window.nav_model.find(("drafts",))).count == 1


def test_a_configuration_that_is_no_file_is_said(qtbot, window, tmp_path, said):
    # the folder is no site then: its posts showed their Liquid raw, and only
    # `check` said why
    root = copy_site("hexo", tmp_path)
    (root / "_config.yml").unlink()
    os.mkfifo(root / "_config.yml")
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.open_library(str(root))
    qtbot.waitUntil(lambda: any("Site configuration" in text for text in said), timeout=10000)
    text = next(text for text in said if "Site configuration" in text)
    assert "_config.yml: the configuration is a FIFO" in text and "no site here" in text


def test_new_article_follows_the_site_scaffold(qtbot, window, tmp_path, monkeypatch):
    from reader.ui.form import dialogs

    root = copy_site("hexo", tmp_path)
    _open_site(qtbot, window, root)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": "Fresh post")
    with qtbot.waitSignal(
        window.article_shown,
        timeout=20000,
        check_params_cb=lambda rel: rel.endswith("-Fresh-post.md"),
    ) as shown:
        window.editing.new_article()
    rel = shown.args[0]
    assert rel.startswith("source/_posts/") and rel.endswith("-Fresh-post.md")  # (case kept)
    text = (root / rel).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Fresh post\ndate: ")
    assert text.endswith("tags:\ncategories:\n---\n")
