"""Every line number shown is a line of the file (1-based; the opening ``---``
of a file that starts with it is line 1): the problems of an article (the
reader's notice, the list's tooltips) and the Raw tab's errors, which count
inside the front-matter text and are turned into file lines by one function,
:func:`reader.core.edit.source.file_line`."""

from __future__ import annotations

import pytest

from reader.core.article.codec import parse_article
from reader.core.edit.source import file_line, front_text_error, front_view

# The YAML error is on the file's line 3 ("key: : :"); the text's line 2.
BROKEN = b"---\ntitle: ok\nkey: : :\n---\n\nBody\n"


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        (BROKEN, 3),
        (b"\xef\xbb\xbf" + BROKEN, 3),  # a BOM is no line
        (b"\n\n" + BROKEN, 5),  # blank lines before the opening delimiter are
        (BROKEN.replace(b"\n", b"\r\n"), 3),
    ],
)
def test_an_error_has_the_same_line_in_the_problems_and_in_the_raw_text(raw, line):
    article = parse_article(raw, "broken.md")
    [problem] = article.errors
    assert problem.line == line
    text = front_view(article.parts.front)
    assert text.splitlines()[1] == "key: : :"
    typed = front_text_error(article, text + "more: 1\n")  # typed on in the Raw tab
    assert typed is not None and typed.line == 2  # marked on the text's second line
    assert file_line(article.parts, typed.line) == problem.line


def test_the_first_line_of_the_front_matter_is_line_2():
    article = parse_article(b"---\ntitle: [oops\n---\nBody\n", "first.md")
    [problem] = article.errors
    typed = front_text_error(article, front_view(article.parts.front) + "more: 1\n")
    assert typed is not None and typed.line is not None
    assert file_line(article.parts, typed.line) == problem.line


def test_text_typed_into_a_file_without_front_matter_goes_under_a_new_delimiter():
    article = parse_article(b"Just a body\n", "plain.md")
    typed = front_text_error(article, "title: ok\nkey: : :\n")
    assert typed is not None and typed.line == 2
    assert file_line(article.parts, typed.line) == 3  # "---" is line 1, "title" line 2
    saved = article.raw.replace(b"Just", b"---\ntitle: ok\nkey: : :\n---\nJust")
    [problem] = parse_article(saved, "plain.md").errors
    assert problem.line == 3
