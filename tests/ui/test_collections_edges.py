"""Export, import and saved searches at their edges: long and Chinese
names, names that collide, names no disk takes."""

from __future__ import annotations

import os

import pytest

from tests.ui.drophelpers import drop

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_long_search_exports_to_a_name_the_disk_takes(qtbot, opened, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    search = "河流 OR 海鸥 OR " + " OR ".join(f"词{n}" for n in range(60)) + ' OR "a/b"'
    with qtbot.waitSignal(opened.list_filled, timeout=20000):
        opened.search_field.setText(search)
    assert opened.list_model.rowCount() > 0
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    assert dialog.title_field.text() == search  # the book is still titled by the search
    out = dialog.output_field.text()
    assert os.path.dirname(out) == str(tmp_path)  # one name, not a path made of the search
    name = os.path.basename(out)
    assert name.endswith(".epub") and name.startswith("河流 OR 海鸥")
    assert len(name.encode()) <= 255 and not set(name) & set('/\\:*?"<>|')
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        dialog.start_export(force=False)
    assert os.path.isfile(out)


def test_a_long_group_name_keeps_the_export_dialog_within_a_small_screen(
    qtbot, opened, tmp_path, monkeypatch
):
    # the label "The 5 article(s) listed: NAME" never wrapped: 811 pixels wide
    # on an 800-pixel screen, its buttons cut off
    monkeypatch.setenv("HOME", str(tmp_path))
    search = "Weekend reading list for the long train journey " * 4 + "海鸥"
    with qtbot.waitSignal(opened.list_filled, timeout=20000):
        opened.search_field.setText(search)
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    assert dialog.sizeHint().width() < 640
    assert "…" in dialog.listed_button.text()
    assert dialog.listed_button.toolTip().endswith("海鸥")  # the whole name, on hover
    assert dialog.title_field.text() == search  # the book keeps its whole title


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("", "articles"),
        ("  ", "articles"),
        ("..", "articles"),
        ("All articles", "All articles"),
        ("旅行 › 徒步", "旅行 › 徒步"),
        ('is:unread tag:"x"', "is-unread tag--x-"),
        ("a\tb\nc", "a b c"),
        (".hidden", "hidden"),
    ],
)
def test_the_default_file_name_of_a_title(title, name):
    from reader.ui.export_dialog import default_file_name

    assert default_file_name(title) == name


OFFERED = object()  # the name "typed" is the one the dialog offered


@pytest.fixture
def naming(qtbot, opened, monkeypatch):
    """The window with its saved searches; the names "typed" in the name
    dialog are taken from a list (empty: Cancel), what it was shown with is
    noted, and the warnings said."""

    from reader.ui.form import dialogs

    qtbot.waitUntil(lambda: opened.saved_searches.searches is not None, timeout=10000)
    names: list[str] = []
    shown: list[str] = []
    warnings: list[str] = []

    def ask_text(_parent, _title, _label, text=""):
        shown.append(text)
        if not names:
            return None
        name = names.pop(0)
        return text if name is OFFERED else name

    monkeypatch.setattr(dialogs, "ask_text", ask_text)
    monkeypatch.setattr(dialogs, "inform", lambda *a, **k: warnings.append(a[2]))
    return opened, names, shown, warnings


def test_a_name_that_is_taken_is_asked_for_again_as_typed(naming):
    window, names, shown, warnings = naming
    saved = window.saved_searches
    window.search_field.setText("海鸥")
    names.append("河边 海鸥")
    first = saved.save_search()
    assert first is not None
    window.search_field.setText("tag:秋天")
    names.extend(["河边 海鸥", "河边 海鸥 2"])  # taken, then corrected
    second = saved.save_search()
    assert second is not None and second != first
    # shown where it went: the group it is in is open
    node = window.nav_model.find(("saved", second))
    assert node.isValid() and window.tree.isExpanded(node.parent())
    assert warnings == ["A saved search called “河边 海鸥” exists already."]
    assert shown == ["海鸥", "tag:秋天", "河边 海鸥"]  # asked again with the name typed
    assert sorted(s.name for s in saved.searches.searches()) == ["河边 海鸥", "河边 海鸥 2"]
    # renamed to a taken name (in another case): asked again, Cancel keeps the name
    names.append("河边 海鸥")
    assert not saved.rename(second)
    assert shown[-2:] == ["河边 海鸥 2", "河边 海鸥"]
    assert saved.searches.get(second).name == "河边 海鸥 2"


def test_a_long_search_is_offered_a_name_that_can_be_saved(naming):
    from reader.core.library.state.searches import MAX_NAME

    window, names, shown, warnings = naming
    query = " OR ".join(f"词{n}" for n in range(80))
    assert len(query) > MAX_NAME
    window.search_field.setText(query)
    names.append(OFFERED)  # OK pressed on the name offered
    search_id = window.saved_searches.save_search()
    assert warnings == [] and search_id is not None
    search = window.saved_searches.searches.get(search_id)
    assert search.query == query and search.name == query[:MAX_NAME].rstrip() == shown[0]


MHTML = """From: <Saved by Blink>
Snapshot-Content-Location: https://example.com/article
Subject: An example article
MIME-Version: 1.0
Content-Type: multipart/related; type="text/html"; boundary="----Boundary----"

------Boundary----
Content-Type: text/html
Content-Transfer-Encoding: quoted-printable
Content-Location: https://example.com/article

<!DOCTYPE html><html><head><title>An example article</title></head><body><art=
icle><h1>An example article</h1><p>A first paragraph with caf=C3=A9 in it, lo=
ng enough to be read as the article.</p></article></body></html>
------Boundary------
"""


@pytest.mark.parametrize("suffix", [".mhtml", ".MHT"])
def test_a_single_file_page_dropped_is_refused_with_why(qtbot, opened, tmp_path, suffix):
    page = tmp_path / f"saved{suffix}"
    page.write_text(MHTML, encoding="utf-8")
    root = opened.library.root
    before = opened.library.query()
    importer = opened.collections.web_import
    with qtbot.waitSignal(importer.message, timeout=20000) as message:
        drop(opened, page)
    assert opened.library.root == root  # its folder was not opened as a library
    assert "MHTML" in message.args[0] and str(page) in message.args[0]
    assert message.args[0].startswith("Imported 0 page(s).")
    assert opened.library.query() == before  # no article of "caf=C3=A9"


PAGE = """<html><head><meta charset="utf-8"><title>夜市回来了</title>
<link rel="canonical" href="https://news.example.cn/night-market"></head>
<body><div class="content"><p>城南夜市重新开放，摊主们早早到场，市民排队品尝小吃。</p>
<p>管理部门表示，夜市将延长营业时间至午夜。</p></div></body></html>"""


def test_a_page_imported_while_another_library_opens_is_not_looked_for_in_it(
    qtbot, opened, tmp_path
):
    page = tmp_path / "night.html"
    page.write_text(PAGE, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.md").write_text("---\ntitle: One\n---\n\nText.\n", encoding="utf-8")
    first = opened.library
    importer = opened.collections.web_import
    messages = []
    importer.message.connect(messages.append)
    importer.import_files([str(page)])  # into the library open now…
    with qtbot.waitSignal(opened.article_shown, timeout=20000):
        opened.open_library(str(other), "one.md")  # …which another replaces meanwhile
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert messages == ["Imported 1 page(s)."]
    assert len(first.find("source:https://news.example.cn/night-market")) == 1
    qtbot.wait(500)
    assert opened.reader.current == "one.md" and opened.reader.message == ""


def test_another_library_opened_during_the_search_for_duplicates_waits_for_it(
    qtbot, opened, tmp_path, monkeypatch
):
    # the library closed under the search for duplicates (a statement running
    # then stops with an error): "Import failed: the library was closed"
    import threading

    from reader.core.convert import webpage

    page = tmp_path / "night.html"
    page.write_text(PAGE, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.md").write_text("---\ntitle: One\n---\n\nText.\n", encoding="utf-8")
    first = opened.library
    events = []
    started, release = threading.Event(), threading.Event()
    real_find, real_close = webpage.find_duplicate, first.close

    def find_duplicate(library, page):
        started.set()
        release.wait(20)
        found = real_find(library, page)
        events.append("searched")
        return found

    def close():
        events.append("closed")
        real_close()

    monkeypatch.setattr(webpage, "find_duplicate", find_duplicate)
    monkeypatch.setattr(first, "close", close)
    importer = opened.collections.web_import
    messages = []
    importer.message.connect(messages.append)
    importer.import_files([str(page)])
    assert started.wait(20)
    threading.Timer(0.3, release.set).start()
    with qtbot.waitSignal(opened.article_shown, timeout=20000):
        opened.open_library(str(other), "one.md")
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert messages == ["Imported 1 page(s)."]
    assert events[:2] == ["searched", "closed"]
    assert events[-1] == "closed"  # (the import opened its index again, and closed it)
    assert len(first.find("source:https://news.example.cn/night-market")) == 1


def test_an_export_refused_after_one_that_finished_does_not_show_100_percent(
    qtbot, opened, tmp_path, monkeypatch, library_copy
):
    monkeypatch.setenv("HOME", str(tmp_path))
    dialog = opened.collections.show_export()
    qtbot.addWidget(dialog)
    dialog.output_field.setText(str(tmp_path / "book.epub"))
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        dialog.start_export(force=False)
    assert dialog.progress.value() == dialog.progress.maximum()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("html"))
    dialog.output_field.setText(str(library_copy / "site"))  # inside the library: refused
    dialog.start_export(force=True)
    assert "inside the library" in dialog.status.text()
    assert dialog.progress.value() == 0
