"""An article whose bytes are not UTF-8 is read with a notice over it: which
file, that it is shown decoded with replacement characters, and that it will
not be rewritten (core reports it as the error ``codec.NOT_UTF8``)."""

from __future__ import annotations

import pytest

LATIN1 = b"---\ntitle: Latin-1\n---\n\nCaf\xe9 au lait, first line.\n\nSecond \xff line.\n"


def _open(qtbot, window, library_copy, rel):
    """The window shown, on ``library_copy``, with ``rel`` read."""
    window.show()
    with qtbot.waitSignal(window.list_filled, timeout=20000):
        window.open_library(str(library_copy))
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.show_article(rel)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_file_that_is_not_utf8_is_shown_with_a_notice(qtbot, window, library_copy):
    (library_copy / "latin1.md").write_bytes(LATIN1)
    (library_copy / "plain.md").write_bytes(b"---\ntitle: Plain\n---\n\nAll UTF-8: caf\xc3\xa9.\n")
    _open(qtbot, window, library_copy, "latin1.md")
    assert not window.reader.result.raw  # rendered, as Markdown
    assert "Caf\ufffd au lait" in window.reader.browser.toPlainText()
    notice = window.reader.notice()
    assert "latin1.md" in notice  # which file
    assert "line 5" in notice  # where its first such byte is
    assert "\ufffd" in notice and "replaced" in notice  # decoded with replacement
    assert "will not be rewritten" in notice
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.show_article("plain.md")
    assert window.reader.notice() == ""  # only over the article it is about
    with qtbot.waitSignal(window.article_shown, timeout=20000):
        window.show_article("latin1.md")
    assert "latin1.md" in window.reader.notice()
    window.reader.show_message("Nothing")
    assert window.reader.notice() == ""


def test_the_notice_reads_in_chinese(qapp):
    from reader.ui.i18n import TsTranslator, catalogue_path

    translator = TsTranslator(catalogue_path("zh_CN"))
    source = (
        "%1 is not valid UTF-8 (from line %2): it is shown with each byte that cannot "
        "be decoded replaced by \ufffd, and it will not be rewritten."
    )
    assert translator.translate("ReaderView", source) == (
        "%1 不是有效的 UTF-8（自第 %2 行起）：无法解码的字节显示为 \ufffd，此文件不会被改写。"
    )


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_front_matter_never_closed_is_said_over_the_article(qtbot, window, library_copy):
    # listed under Problems, and nothing else said: no mark, no notice, an
    # empty form; the keys were shown as the body's text
    (library_copy / "noend.md").write_bytes(b"---\ntitle: No end\ntags: [a]\n\nThe text.\n")
    _open(qtbot, window, library_copy, "noend.md")
    notice = window.reader.notice()
    assert "noend.md" in notice and "never closed" in notice and "keys are read" in notice
    assert "title: No end" in window.reader.browser.toPlainText()  # (as text)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_utf16_file_with_its_mark_is_read_as_utf16(qtbot, window, library_copy):
    # it was read as UTF-8: its title the file's name, its text a byte each
    # replaced, and the notice said "not valid UTF-8 from line 1"
    text = "---\ntitle: 宽字符\n---\n\n第一段，UTF-16 保存。\n"
    (library_copy / "wide.md").write_bytes(text.encode("utf-16"))
    _open(qtbot, window, library_copy, "wide.md")
    assert not window.reader.result.raw
    shown = window.reader.browser.toPlainText()
    assert "宽字符" in shown and "第一段，UTF-16 保存。" in shown and "\ufffd" not in shown
    notice = window.reader.notice()
    assert "wide.md" in notice and "UTF-16" in notice and "will not be rewritten" in notice


def test_the_utf16_notice_reads_in_chinese(qapp):
    from reader.ui.i18n import TsTranslator, catalogue_path

    translator = TsTranslator(catalogue_path("zh_CN"))
    source = (
        "%1 is saved as %3, not UTF-8: it is shown, but it will not be rewritten. "
        "Save it as UTF-8 to edit it."
    )
    assert "不会被改写" in translator.translate("ReaderView", source)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_empty_file_is_said_over_it(qtbot, window, library_copy):
    # listed under Problems ("empty file"), and the reader showed only its
    # name and a date, without a word why
    (library_copy / "empty.md").write_bytes(b"")
    _open(qtbot, window, library_copy, "empty.md")
    notice = window.reader.notice()
    assert "empty.md" in notice and "is empty" in notice
    from reader.ui.i18n import TsTranslator, catalogue_path

    chinese = TsTranslator(catalogue_path("zh_CN")).translate(
        "ReaderView", "%1 is empty: it holds no front matter and no text."
    )
    assert chinese.startswith("%1 ") and "空文件" in chinese
