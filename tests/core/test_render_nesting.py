"""Lists and quotes nested deeper than markdown-it's ``maxNesting`` render
flattened: no word of the source is lost, at any depth."""

from __future__ import annotations

import html
import re

import pytest

from reader.core.article.codec import parse_article
from reader.core.render.pipeline import render_article, render_markdown


def bullets(depth: int) -> str:
    return "".join(f"{'  ' * i}- bullet{i}word\n" for i in range(depth))


def numbered(depth: int) -> str:
    return "".join(f"{'   ' * i}1. number{i}word\n" for i in range(depth))


def loose(depth: int) -> str:
    return "".join(f"{'  ' * i}* loose{i}word\n\n" for i in range(depth))


def quotes(depth: int) -> str:
    return "".join(f"{'>' * (i + 1)} quote{i}word\n" for i in range(depth))


def spaced_quotes(depth: int) -> str:
    return "".join(f"{'> ' * (i + 1)}spaced{i}word\n" for i in range(depth))


def quoted_lists(depth: int) -> str:
    return "".join(f"{'> - ' * i}mixed{i}word\n" for i in range(depth))


def alternating(depth: int) -> str:
    return "".join(f"{'  ' * i}{'> ' if i % 2 else '- '}alt{i}word\n" for i in range(depth))


SHAPES = [bullets, numbered, loose, quotes, spaced_quotes, quoted_lists, alternating]


def words_of(html_text: str) -> set[str]:
    return set(html.unescape(re.sub(r"<[^>]*>", " ", html_text)).split())


def rendered_words(source: str) -> set[str]:
    """The words of the whole article as the reader shows it (sanitized)."""
    raw = f"---\ntitle: nested\n---\n{source}\nthe end\n".encode()
    result = render_article(parse_article(raw, "nested.md"))
    assert not result.raw
    return words_of(result.body_html)


def source_words(source: str) -> set[str]:
    return set(re.findall(r"[a-z]+\d+word", source))


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_every_word_survives_every_depth(shape):
    # The Markdown stage, where the loss was, at every depth ...
    for depth in range(1, 201):
        source = shape(depth)
        missing = source_words(source) - words_of(render_markdown(source))
        assert not missing, f"{shape.__name__} at depth {depth} lost {sorted(missing)[:5]}"
    # ... and the whole article, sanitized, at some.
    for depth in (1, 19, 20, 21, 40, 41, 100, 200):
        source = shape(depth)
        missing = (source_words(source) | {"the", "end"}) - rendered_words(source)
        assert not missing, f"{shape.__name__} at depth {depth} lost {sorted(missing)[:5]}"


def test_shallow_nesting_still_renders_as_lists():
    result = render_article(parse_article(b"---\ntitle: t\n---\n" + bullets(5).encode(), "t.md"))
    assert result.body_html.count("<ul>") == 5
    assert "- " not in result.body_html
