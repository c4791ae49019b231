"""What the window says about a query: its errors in the window's language
(under the search box, for a saved search), and the words it ignores — a
search of such words alone lists what its count says."""

from __future__ import annotations

import pytest

from reader.core.library.querylang import ERROR_KINDS, QueryError
from reader.ui.query_feedback import query_error_text, query_problem
from tests.ui.searchhelpers import search_for

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _search(qtbot, window, text):
    search_for(qtbot, window, text)


@pytest.mark.parametrize("word", ["(", "*", "%", "_", "\\"])
def test_a_search_with_nothing_to_search_for_lists_what_its_count_says(
    qtbot, opened, sample_count, word
):
    # review: "(" said "No articles match" over the list and 16 results in
    # the status bar.  The word is ignored (as by the command line), and the
    # box says so.
    window = opened
    _search(qtbot, window, word)
    assert window.list_model.rowCount() == sample_count
    assert window.list_pane.search is not None and window.list_pane.search.total == sample_count
    assert window.count_label.text().startswith(f"{sample_count} result")
    assert window.list_pane.empty_message() == ""
    feedback = window.query_feedback
    assert feedback.error_text == ""
    assert feedback.note_text == (
        f"Ignored “{word}”: a word needs a letter or a digit to be searched for."
    )
    window.search_field.setText("tea")  # a word to search for: no note
    assert feedback.note_text == ""


def test_query_errors_and_notes_read_in_chinese(qtbot, opened, zh_catalogue):
    feedback = opened.query_feedback
    opened.search_field.setText("cat:金融 OR")
    assert (
        feedback.error_text == "查询在第 10 个字符处有错误：OR 在末尾：请在它后面写一个词或筛选条件"
    )
    opened.search_field.setText("x date:2021-13")
    assert feedback.error_text == "查询在第 8 个字符处有错误：没有 13 月"
    opened.search_field.setText("has:video")
    assert feedback.error_text.endswith("has: 只能是 image, problems 之一，不能是“video”")
    opened.search_field.setText('茶 "(" *')
    assert feedback.error_text == ""
    assert feedback.note_text == '已忽略 “"("” “*”：词里要有字母或数字才能搜索。'


def test_every_kind_of_query_error_has_a_chinese_message(zh_catalogue):
    for kind, names in ERROR_KINDS.items():
        values = tuple(f"<{name}%2>" for name in names)  # a value holding %2 stays as typed
        error = QueryError("the core's English", 4, "text", kind, values)
        text = query_problem(error)
        assert text != "the core's English", kind
        assert any("\u4e00" <= char <= "\u9fff" for char in text), (kind, text)
        assert all(value in text for value in values), (kind, text)
        assert query_error_text(error) == f"{text}（在第 5 个字符处）"
    unknown = QueryError("as the core says", 0, "", "a-kind-of-a-later-version")
    assert query_problem(unknown) == "as the core says"


def test_a_saved_searchs_error_reads_in_chinese(zh_catalogue):
    from reader.core.library.state.searches import SavedSearch
    from reader.ui.saved_searches import count_searches

    broken = SavedSearch("b" * 32, "Broken", "cat:x OR", None)
    (entry,) = count_searches(None, [broken])  # (the query fails before the library is asked)
    assert entry.error == "OR 在末尾：请在它后面写一个词或筛选条件（在第 9 个字符处）"


def test_an_empty_list_under_a_query_with_an_error_says_to_correct_it(qtbot, opened):
    # The query was not run: the list said "No articles match … Try fewer
    # words.", as if it had been, and fewer words were no help.
    window = opened
    _search(qtbot, window, '(tea OR "garden')
    assert window.list_model.rowCount() == 0
    assert window.query_feedback.error_text.startswith("Query error at character")
    message = window.list_pane.empty_message()
    assert "until the query is corrected" in message and "fewer words" not in message
    _search(qtbot, window, "nosuchwordanywhere")  # a query that runs: as before
    assert "Check the spelling, or try another word." in window.list_pane.empty_message()
    _search(qtbot, window, "nosuchword anywhere")
    assert "Try fewer words." in window.list_pane.empty_message()


def test_a_one_word_search_is_not_told_to_use_fewer_words(qtbot, opened, zh_catalogue):
    # (review) "No articles match “汉”. Try fewer words." for one word
    _search(qtbot, opened, "zzzznomatchqq")
    assert opened.list_pane.empty_message().splitlines() == [
        "没有与“zzzznomatchqq”匹配的文章。",
        "请检查拼写，或换一个关键词试试。",
    ]


def test_a_long_query_in_chinese_keeps_the_end_of_the_sentence(qtbot, opened, zh_catalogue):
    # (review) in a narrow window the quoted query's last piece was cut at its
    # end, and with it the closing quote and the next character (匹)
    window = opened
    window.resize(700, 500)
    window.show()
    qtbot.waitExposed(window)
    _search(qtbot, window, "x" * 3000)
    empty = window.list_pane.empty_label
    qtbot.waitUntil(lambda: "…" in empty.text(), timeout=5000)
    assert "”匹配的文章。" in empty.text() and empty.text().startswith("没有与“x")


def test_the_empty_lists_message_quotes_a_long_query_cut_short(qtbot, opened):
    # a query pasted 10,000 characters long filled the list pane, quoted whole
    window = opened
    words = " ".join(f"nosuchword{n}" for n in range(900))
    _search(qtbot, window, words)
    message = window.list_pane.empty_message()
    quoted = message.split("“", 1)[1].split("”", 1)[0]
    assert len(quoted) == 60 and " … " in quoted
    assert quoted.startswith(words[:28] + " … ") and quoted.endswith(words[-29:])


def test_the_note_of_ignored_words_names_a_few_cut_short(opened):
    feedback = opened.query_feedback
    opened.search_field.setText("tea " + "(" * 5000)
    assert feedback.note_text == (
        f"Ignored “{'(' * 40}…”: a word needs a letter or a digit to be searched for."
    )
    opened.search_field.setText("tea * & % # @ ~")
    assert feedback.note_text.startswith("Ignored “*” “&” “%” “#” “@” …: ")


def test_a_query_of_one_long_word_never_widens_the_list(qtbot, opened):
    # review: the error under the box quotes the word, which a label cannot
    # wrap: the list pane grew from 188 to 307 pixels as it was typed, taking
    # the room of the groups and the reader; the message over the empty list
    # was cut off at both of its sides.
    window = opened
    window.resize(700, 600)
    window.show()
    qtbot.waitExposed(window)
    window.splitter.setSizes([207, 188, 297])
    qtbot.waitUntil(lambda: window.list_pane.width() == 188, timeout=5000)
    sizes = window.splitter.sizes()
    word = "date:2021-13-45" + "x" * 120
    _search(qtbot, window, word)
    label = window.query_feedback.label
    assert window.query_feedback.error_text.endswith("”")  # said whole
    assert window.splitter.sizes() == sizes
    assert label.isVisible() and label.width() <= window.list_pane.width()
    assert "…" in label.text()  # cut where it is drawn
    empty = window.list_pane.empty_label
    assert "cannot be searched for" in window.list_pane.empty_message()
    assert word[:28] + " … " + word[-29:] in window.list_pane.empty_message()  # (cut short)
    for shown in (label, empty):  # no word wider than its label: each shows whole, or cut
        widest = max(shown.fontMetrics().horizontalAdvance(w) for w in shown.text().split())
        assert widest <= shown.contentsRect().width(), shown.text()


def test_an_empty_search_names_the_filter_no_article_matches(qtbot, opened):
    # filters compare names exactly: tag:Python listed nothing and said
    # "Try fewer words." when the sample's tag is python
    window = opened
    _search(qtbot, window, "tag:Python")
    assert window.list_model.rowCount() == 0
    message = window.list_pane.empty_message()
    assert message.splitlines() == [
        "No articles match “tag:Python”.",
        "No article has the tag “Python”. Did you mean “python”?",
    ]
    _search(qtbot, window, "cat:technology auther:x")
    assert window.list_pane.empty_message().splitlines()[1] == (
        "No article has the category “technology”. Did you mean “Technology”?"
        " No article has a value for the key “auther”. Did you mean “author”?"
    )
    _search(qtbot, window, "tag:python nosuchwordanywhere")  # known names: as before
    assert "Try fewer words." in window.list_pane.empty_message()


def test_the_filter_no_article_matches_is_named_in_chinese(qtbot, opened, zh_catalogue):
    _search(qtbot, opened, "tag:Python")
    assert opened.list_pane.empty_message().splitlines()[1] == (
        "没有文章带有标签“Python”。您是不是要找“python”？"
    )
