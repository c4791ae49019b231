"""Titles, authors and categories from files shown in one line that cannot
reorder or hide the text around them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.library.facade import Library
from reader.core.library.query import Query
from reader.ui.models import AUTHOR, CATEGORIES, TITLE, ArticleListModel, NavigationModel
from reader.ui.shown_text import one_line, qt_length

_RAW = set("\x00\x07\x1b\n\r\t\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_shown_keeps_ordinary_text_and_escapes_what_would_reorder_or_hide():
    for text in ("Plain", "金融　要闻", "👩‍💻 emoji", "שלום\u200f", "non\u00a0breaking"):
        assert one_line(text) == text
    assert one_line("line1\nline2\r\nline3\tend") == "line1 line2  line3 end"
    assert one_line("bell\x07 esc\x1b[31m nul\x00") == "bell\\x07 esc\\x1b[31m nul\\x00"
    assert one_line("\u202eevil") == "\\u202eevil"
    assert one_line("a\u2067b\u2069c\u202ad") == "a\\u2067b\\u2069c\\u202ad"
    assert one_line("c1\x85\x9b") == "c1 \\x9b"
    # a name's byte that is not UTF-8 as the command line shows it (it said \udcff)
    assert one_line("\udcff.md") == "\\xff.md"
    assert one_line("bad\udce9name.md") == "bad\\xe9name.md"
    assert one_line("\ud800\udc10") == "\\ud800\\udc10"  # (no byte of a name)


def _write(folder, name, front):
    (folder / name).write_text("---\n" + front + "---\nBody.\n", encoding="utf-8")


def test_list_rows_and_tree_nodes_show_hostile_values_on_one_safe_line(
    qtmodeltester, tmp_path, cache_dir
):
    lib = tmp_path / "lib"
    lib.mkdir()
    _write(lib, "rtl.md", 'title: "abc\\u202edcba"\ncategories: ["\\u202eevil", "x"]\n')
    _write(lib, "lines.md", 'title: "line1\\nline2\\nline3"\nauthor: "multi\\nline"\n')
    _write(lib, "ctrl.md", 'title: "bell\\x07 esc\\x1b[31m"\ntags: ["a\\x1bb"]\n')
    with Library.open(lib, cache_dir) as library:
        library.refresh()
        rows = library.query(Query())
        taxonomy = library.taxonomy()
    model = ArticleListModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    shown_rows = {}
    for row in range(model.rowCount()):
        texts = [model.index(row, c).data() or "" for c in (TITLE, AUTHOR, CATEGORIES)]
        texts.append(model.index(row, TITLE).data(Qt.ItemDataRole.ToolTipRole) or "")
        texts.append(model.index(row, TITLE).data(Qt.ItemDataRole.AccessibleTextRole) or "")
        from reader.ui.models import SECOND_LINE_ROLE

        texts.append(model.index(row, TITLE).data(SECOND_LINE_ROLE) or "")
        for text in texts:
            assert not _RAW & set(text), repr(text)
        shown_rows[model.path_at(row)] = texts
    assert shown_rows["rtl.md"][0] == "abc\\u202edcba"
    assert shown_rows["rtl.md"][2] == "\\u202eevil › x"
    assert shown_rows["lines.md"][0] == "line1 line2 line3"
    assert shown_rows["lines.md"][1] == "multi line"
    assert shown_rows["ctrl.md"][0] == "bell\\x07 esc\\x1b[31m"

    nav = NavigationModel()
    nav.set_taxonomy(taxonomy)
    qtmodeltester.check(nav)
    evil = nav.find(("category", "\u202eevil"))
    assert evil.isValid()
    assert evil.data() == "\\u202eevil"
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
        assert not _RAW & set(evil.data(role))
    tag = nav.find(("tag", "a\x1bb"))
    assert tag.data() == "a\\x1bb"


def test_a_title_that_shows_nothing_gives_the_row_the_file_name(tmp_path, cache_dir):
    # (review) a title of a zero-width space left the row's title blank,
    # where the reader's heading names the file
    lib = tmp_path / "lib"
    lib.mkdir()
    _write(lib, "zw.md", 'title: "\\u200b"\n')
    _write(lib, "blanks.md", 'title: "   "\n')
    _write(lib, "marks.md", 'title: "\\u200e\\u2060"\n')
    _write(lib, "kept.md", 'title: "a\\u200bb"\n')
    with Library.open(lib, cache_dir) as library:
        library.refresh()
        rows = library.query(Query())
    model = ArticleListModel()
    model.set_rows(rows)
    shown = {model.path_at(r): model.index(r, TITLE).data() for r in range(model.rowCount())}
    assert shown["zw.md"] == "zw" and shown["marks.md"] == "marks"
    assert shown["blanks.md"] == "blanks" and shown["kept.md"] == "a\u200bb"
    tip = model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<b>") and tip[3:4].strip()


def test_file_names_in_the_commit_dialog_and_the_form_cannot_reorder_their_line(qtbot, tmp_path):
    """A file named ``evil\\u202edm.exe.md`` read "evil(dekcartnu) dm.exe.md"
    in the commit dialog: the override reversed the state after it."""
    from PySide6.QtWidgets import QWidget

    from reader.ui.vcs.commit import CommitDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    changes = {"evil\u202edm.exe.md": "untracked", "new\nline.md": "modified"}
    dialog = CommitDialog(parent, changes, set())
    texts = sorted(dialog.files.item(row).text() for row in range(dialog.files.count()))
    assert texts == ["evil\\u202edm.exe.md  (untracked)", "new line.md  (modified)"]
    for row in range(dialog.files.count()):  # the exact names are what is committed
        dialog.files.item(row).setCheckState(Qt.CheckState.Checked)
    assert sorted(dialog.chosen()) == sorted(changes)


def test_a_hovered_link_shows_where_it_really_goes(qtbot):
    from PySide6.QtCore import QUrl

    from reader.ui.reader_view import ReaderView
    from reader.ui.shown_text import shown_address

    assert shown_address(QUrl("https://例子.example/路径?q=中文")) == (
        "https://xn--fsqu00a.example/路径?q=中文"
    )
    assert shown_address(QUrl("https://good.example/%E2%80%AEmoc.live")) == (
        "https://good.example/\\u202emoc.live"
    )
    assert shown_address(QUrl("https://user@аррӏе.com:8080/a")) == (
        "https://xn--80ak6aa92e.com:8080/a"
    )
    # a user name that reads as a host: where the link goes is evil.com
    assert shown_address(QUrl("https://www.apple.com@evil.com/")) == "https://evil.com/"
    assert shown_address(QUrl("https://a:b@host.example/x")) == "https://host.example/x"
    assert shown_address(QUrl("mailto:someone@example.com")) == "mailto:someone@example.com"
    assert shown_address(QUrl()) == ""
    view = ReaderView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.link_hovered) as hovered:
        view.browser.highlighted.emit(QUrl("https://аррӏе.com/login"))
    assert hovered.args == ["https://xn--80ak6aa92e.com/login"]


def test_qt_length_counts_utf16_units_as_qt_positions_do():
    from PySide6.QtGui import QTextDocument

    for text in ["", "plain", "中文", "😀 post", "a😀b👍🏽c", "\U0010ffff"]:
        document = QTextDocument()
        document.setPlainText(text)
        assert qt_length(text) == document.characterCount() - 1


def test_every_label_of_the_window_shows_its_text_as_it_is(qtbot, opened):
    # a title or a path holding a tag was shown as HTML by a label (Qt takes
    # a first line with a tag for rich text): <img src=/dev/stdin> hung it
    from PySide6.QtWidgets import QLabel

    from reader.ui.reader_view import ElidedLabel
    from reader.ui.shown_text import plain_tip

    labels = [
        label
        for label in opened.findChildren(QLabel)
        if not isinstance(label, ElidedLabel) and label.objectName() != "qt_msgbox_label"
    ]
    rich = [
        label.objectName() or label.text()
        for label in labels
        if label.textFormat() != Qt.TextFormat.PlainText
    ]
    assert labels and rich == [], rich
    tip = plain_tip('<img src="/dev/stdin"> and more')
    assert "&lt;img" in tip and "<img" not in tip
    assert plain_tip("a plain path/with.md") == "a plain path/with.md"
