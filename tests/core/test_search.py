"""Full-text search: Chinese without spaces, English words and prefixes."""

from __future__ import annotations

import html
import itertools
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article.split import split
from reader.core.library.fulltext import (
    chars_within,
    cjk_token,
    collapse_whitespace,
    excerpt,
    excerpt_of_plain,
    excerpt_of_text,
    fts_match,
    index_text,
    parse_query,
    plain_text,
    snippet,
    text_width,
)
from reader.core.library.query import Query
from reader.core.library.records import fulltext_entry

from .libhelpers import article, write


@pytest.fixture
def lib(open_library, root):
    write(root, "zh.md", article("上交会", body="<p>保护<b>知识</b>产权，促进技术转移。</p>\n"))
    write(root, "zh2.md", article("其他", body="<p>产业发展与市场。权益保护。</p>\n"))
    write(
        root,
        "en.md",
        article("Patents", body="<p>The regulation of semiconductors &amp; AI.</p>\n"),
    )
    write(
        root,
        "meta.md",
        article("Plain", tags="[债券]", categories="[Markets]", body="<p>Nothing here.</p>\n"),
    )
    write(root, "title.md", article("Photosynthesis explained", body="<p>Leaves.</p>\n"))
    return open_library(fulltext=True)


def _paths(hits) -> list[str]:
    return sorted(hit.path for hit in hits)


def test_chinese_words_of_any_length(lib):
    assert _paths(lib.search("知识产权")) == ["zh.md"]  # across an inline tag
    assert _paths(lib.search("产权")) == ["zh.md"]
    assert _paths(lib.search("保护")) == ["zh.md", "zh2.md"]
    assert _paths(lib.search("权")) == ["zh.md", "zh2.md"]  # 产权 and 权益
    assert _paths(lib.search("技术转移")) == ["zh.md"]
    assert _paths(lib.search("产权保护")) == []  # not a substring anywhere
    assert _paths(lib.search("上交会")) == ["zh.md"]  # the title


def test_english_words_and_prefixes(lib):
    assert _paths(lib.search("regulation")) == ["en.md"]
    assert _paths(lib.search("regul")) == ["en.md"]
    assert _paths(lib.search("SEMICONDUCTOR")) == ["en.md"]
    assert _paths(lib.search("semiconductors AI")) == ["en.md"]
    assert _paths(lib.search("semiconductors zebra")) == []
    assert _paths(lib.search('"regulation of"')) == ["en.md"]
    assert _paths(lib.search('"of regulation"')) == []


def test_metadata_is_searched(lib):
    assert _paths(lib.search("债券")) == ["meta.md"]
    assert _paths(lib.search("markets")) == ["meta.md"]


def test_ranking_prefers_the_title(root, open_library):
    write(root, "body.md", article("Other", body="<p>quokka quokka in the body</p>\n"))
    write(root, "title.md", article("Quokka", body="<p>an animal</p>\n"))
    lib = open_library(fulltext=True)
    hits = lib.search("quokka")
    assert [h.path for h in hits] == ["title.md", "body.md"]
    assert hits[0].score >= hits[1].score


def test_snippet_markers(lib):
    [hit] = lib.search("产权")
    assert "知识[产权]" in lib.search("产权", markers=("[", "]"))[0].snippet
    assert "«产权»" in hit.snippet
    [en] = lib.search("regul", markers=("<b>", "</b>"), escape=html.escape)
    assert "<b>regulation</b>" in en.snippet
    assert "&amp; AI" in en.snippet
    assert en.as_dict()["path"] == "en.md" and "score" in en.as_dict()


def test_search_within_a_filter_and_limit(lib):
    assert _paths(lib.search("保护", within=Query(category=("Markets",)))) == []
    assert len(lib.search("保护", limit=1)) == 1
    assert lib.search("   ") == []
    assert lib.search('"') == []


def test_changed_and_deleted_articles(lib, root):
    (root / "zh.md").unlink()
    write(root, "en.md", article("Patents", body="<p>Now about zeppelins.</p>\n"))
    lib.refresh()
    assert lib.fulltext_pending() == 1
    lib.build_fulltext()
    assert lib.search("知识产权") == []
    assert lib.search("regulation") == []
    assert _paths(lib.search("zeppelin")) == ["en.md"]


def _tokens(text: str) -> str:
    """``text``'s CJK words (one run each) as the index's tokens."""
    return " ".join(cjk_token(word) if word[0] >= "\u4e00" else word for word in text.split())


def test_index_text_and_query_forms():
    assert cjk_token("知识") == "_77e58bc6" and cjk_token("权") == "_6743"
    assert cjk_token("𠀀") == "_d840dc00"  # beyond the BMP: both code units
    # Only the words count (FTS5 sees no difference in the blanks between them).
    assert index_text("知识产权").split() == _tokens("知识 识产 产权 权").split()
    assert index_text("AI芯片").split() == ["AI", *_tokens("芯片 片").split()]
    assert index_text("plain English") == "plain English"
    assert index_text("snake_case 城_市").split() == ["snake", "case", *_tokens("城 市").split()]
    assert index_text("AI芯片")[:3] == "AI "  # a CJK run is never a word's tail
    assert fts_match(parse_query("知识产权")) == f'"{_tokens("知识 识产 产权")}"'
    assert fts_match(parse_query("权")) == f'"{_tokens("权")}" *'
    assert fts_match(parse_query("regul 产权")) == f'"regul" * AND "{_tokens("产权")}"'
    assert fts_match(parse_query('"exact phrase"')) == '"exact phrase"'
    assert fts_match(parse_query("snake_case")) == '"snake case" *'
    assert fts_match(parse_query("")) is None


def test_plain_text():
    assert plain_text("<p>a</p><p>b&nbsp;&amp;</p><script>x()</script>", "html") == "a b &"
    assert plain_text("# T\n\n![alt](u) [link](v) **b** `c`\n", "markdown") == "T alt link b c"
    assert plain_text("物流<a href='x'>机器人</a>行业", "html") == "物流机器人行业"


def test_snippet_window():
    text = "x " * 200 + "needle in the haystack" + " y" * 200
    out = snippet(text, parse_query("needle"), ("[", "]"), width=40)
    assert out.startswith("…") and out.endswith("…")
    assert "[needle]" in out and len(out) < 60
    assert snippet("short", [], ("[", "]")) == "short"


def test_plain_text_markup_edge_cases():
    md = "[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) [![badge](b.svg)](ci)\n[ref]: http://x\n"
    assert plain_text(md, "markdown") == "Foo badge"
    html_body = "<P>a</P><SCRIPT type='x'>b()</script ><style>.c{}</STYLE>d<!-- e -->f"
    assert plain_text(html_body, "html") == "a df"  # (a comment is nothing, as a browser shows it)
    # An element never closed keeps its text (its tags go); later ones are still closed.
    assert plain_text("<script>x</script>a <style>never closed<p>b", "html") == "a never closed b"
    assert plain_text("| a | b |\n|---|:---:|\n| 1 | 2 |\n\n***\n", "markdown") == "a b 1 2"


def test_plain_text_whole_line_markdown_marks():
    """The line patterns match whole lines only: at the start of the body,
    on consecutive lines, on the last line with no line break after it, and
    not after a carriage return or inside a line."""
    assert plain_text("---\n---\ntext\n***", "markdown") == "text"
    assert plain_text("# Head\n## Sub\n> quote\n- item\n1. one\n2) two", "markdown") == (
        "Head Sub quote item one two"
    )
    assert plain_text("```py\ncode\n```\nafter", "markdown") == "code after"
    assert plain_text("a | b\n--- | ---\nc | d", "markdown") == "a b c d"
    assert plain_text("x --- y\nnot # a head\n- - -\n", "markdown") == "x --- y not # a head"
    assert plain_text("line\r\n---\r\nnext", "markdown") == "line --- next"  # \r ends no line here
    assert plain_text('[ref]: http://x\n[a]: http://y "t"\nkept', "markdown") == "kept"


def test_plain_text_drops_bytes_that_are_not_utf8():
    body = split(b"---\ntitle: x\n---\ncaf\xe9 au lait \xff\n").body
    text = plain_text(body, "markdown")
    assert text == "caf au lait"
    index_text(text).encode("utf-8")  # what SQLite stores


def test_long_texts_are_transformed_like_short_ones():
    """Long texts go through in pieces (bounded memory): the result is the same."""
    run = "知识产权保护" * 40_000  # one CJK run of 240,000 characters
    grams = index_text(run).split()
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    assert grams == [cjk_token(gram) for gram in [*bigrams, run[-1]]]
    words = ("alpha  beta\n\tgamma " * 50_000) + "知识 产权"
    assert collapse_whitespace(words) == " ".join(words.split())
    assert plain_text(words, "markdown") == " ".join(words.split())
    html_body = "<p>保护<b>知识</b>产权&amp;<i>AI</i>芯片</p>\n" * 20_000  # cut before a "<"
    assert plain_text(html_body, "html") == " ".join(["保护知识产权&AI芯片"] * 20_000)
    markdown = "A **bold** [link](u)\nwrapped line\n\n" * 20_000  # cut at blank lines
    assert plain_text(markdown, "markdown") == " ".join(["A bold link wrapped line"] * 20_000)


def test_a_body_that_is_not_utf8_is_indexed_and_searched(root, open_library):
    write(root, "bad.md", b"---\ntitle: x\n---\ncaf\xe9 au lait, zeppelin\n")
    write(root, "good.md", article("Good", body="<p>zeppelin</p>\n"))
    lib = open_library(fulltext=True)
    hits = lib.search("zeppelin", markers=("[", "]"))
    assert _paths(hits) == ["bad.md", "good.md"]
    for hit in hits:
        hit.snippet.encode("utf-8")
        hit.summary.excerpt.encode("utf-8")
    assert lib.summary("bad.md").has_errors


def test_a_file_name_that_is_not_utf8_is_reported_not_fatal(root, open_library):
    name = os.fsdecode(b"caf\xe9.md")
    try:
        write(root, name, article("Latin-1 name"))
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    write(root, "good.md", article("Good"))
    lib = open_library(refresh=False)
    stats = lib.refresh()
    assert [p.message for p in stats.unreadable] == [
        "the file name is not valid UTF-8; rename it to index it"
    ]
    lib.build_fulltext()
    assert [s.path for s in lib.query()] == ["good.md"]


PATHOLOGICAL = {
    "brackets.md": "[" * 1_000_000 + "]",
    "tags.html": "<b" * 500_000,
    "scripts.md": "<script>" * 125_000,
    "links.md": "[x](" * 250_000,
    "rule.md": "---\n" + " " * 1_000_000 + "x",
    "headings.html": "<h1" * 330_000,
    "cjk.md": "知识产权" * 250_000,
    "line.md": "word " * 2_000_000,  # one 10 MB line
}


def test_pathological_bodies_index_in_linear_time(tmp_path):
    """Each body once took minutes to hours to index (quadratic patterns); a
    hang guard only: the whole library must index and be searchable."""
    library = tmp_path / "library"
    library.mkdir()
    for name, body in PATHOLOGICAL.items():
        write(library, name, f"---\ntitle: {name}\n---\n{body}")
    write(library, "needle.md", article("Needle", body="<p>zeppelin</p>\n"))
    env = {**os.environ, "ARTICLE_READER_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "reader"]
    done = subprocess.run(
        [*command, "index", str(library)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert f"full text: {len(PATHOLOGICAL) + 1} article(s) indexed" in done.stdout
    done = subprocess.run(
        [*command, "search", str(library), "知识产权 zeppelin word"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout == "", done.stderr  # no article has all three


_WHITESPACE_TEXT = st.lists(
    st.sampled_from([*"ab 知识产权\n\t\u3000\u00a0\x1f。,<>*#-[]()&;", "&amp;", "**", "<p>"]),
    max_size=600,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_WHITESPACE_TEXT, st.sampled_from(["markdown", "html", "text"]), st.integers(1, 250))
def test_plain_text_uncollapsed_has_the_same_words_and_excerpt(body, body_format, length):
    # the index takes the plain text as it comes (collapse=False): the same
    # words, so the same tokens, and the same excerpt as the collapsed text
    collapsed = plain_text(body, body_format)
    loose = plain_text(body, body_format, collapse=False)
    assert loose.split() == collapsed.split()
    assert index_text(loose).split() == index_text(collapsed).split()
    assert excerpt_of_text(loose, length) == excerpt_of_plain(collapsed, length)


def test_excerpt_of_text_after_a_long_run_of_whitespace():
    text = " " * 5000 + "\n" * 5000 + "word " * 100
    assert excerpt_of_text(text, 20) == excerpt_of_plain(collapse_whitespace(text), 20)
    assert excerpt_of_text("  a  b  ", 20) == "a b"
    assert excerpt_of_text("", 20) == ""


def test_an_excerpt_is_measured_in_columns():
    # a wide character takes two columns, as on screen: a Chinese excerpt
    # fills the width of a Latin one with half as many characters
    latin, chinese = "word " * 100, "知识产权城市。" * 60
    assert len(excerpt_of_plain(latin)) == 200 and excerpt_of_plain(latin).endswith("word…")
    cut = excerpt_of_plain(chinese)
    assert cut.endswith("…") and len(cut) == 101 and text_width(cut[:-1]) == 200
    mixed = excerpt_of_plain("ab 知识 " * 100, 21)
    assert text_width(mixed[:-1]) <= 21 and mixed.startswith("ab 知识 ab 知识 ab")
    assert excerpt_of_plain("知识", 4) == "知识"
    assert excerpt_of_plain("知识", 3) == "知…"
    assert excerpt_of_plain("ｆｕｌｌ width", 4) == "ｆｕ…"
    assert text_width("a知ｆ한🙂") == 9
    # the emoji Unicode shows wide beyond the blocks of the old wcwidth
    # table (check marks, stars, transport, symbols and pictographs
    # extended-A), Tangut, the kana supplements
    wide = "⌚⏩⏳✅✨❌⭐⭕🀄🆎🈁🚀🛌🟠🥰🫠🪀\U00017000\U0001b000\U0001b150"
    assert text_width(wide) == 2 * len(wide)
    assert text_width("é\u0301→☺★") == 5  # (narrow: U+263A, U+2605)
    assert excerpt_of_plain("✅" * 300, 20) == "✅" * 10 + "…"
    assert text_width("") == 0


@settings(max_examples=300)
@given(
    st.text(alphabet=st.sampled_from([*"ab 知。，ｆ한\u0301", "🙂", "\U00020000"]), max_size=80),
    st.integers(0, 90),
)
def test_chars_within_is_the_longest_start_that_fits(text, width):
    fits = chars_within(text, width)
    assert text_width(text[:fits]) <= width
    assert fits == len(text) or text_width(text[: fits + 1]) > width
    assert chars_within(text, -width) == 0


def _finishes(action, seconds: float = 30.0):
    """``action()`` on a thread that must end (a hang guard, no timing)."""
    import threading

    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(action()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    return result[0]


def test_an_excerpt_of_no_or_negative_length_ends():
    # excerpt_of_text grew its window from 4 * length: from 0 it never grew
    for length in (0, -1, -200):
        for text in ("abc", "  a  b  ", "知识产权", " " * 300 + "x"):
            expected = excerpt_of_plain(collapse_whitespace(text), length)
            assert _finishes(lambda t=text, n=length: excerpt_of_text(t, n)) == expected
            assert expected in ("", "…")
    assert excerpt_of_plain("abc", -1) == "…"  # not "ab…": no width shows nothing
    # excerpt() of a body read a little more each time: from 0, never more
    for length in (0, -1):
        for body in ("hello world", "<p>知识</p>", "\n" * 500 + "x", ""):
            expected = excerpt_of_plain(plain_text(body, "markdown"), length)
            assert _finishes(lambda b=body, n=length: excerpt(b, "markdown", n)) == expected
    assert excerpt_of_text("", 0) == excerpt_of_text("   ", 0) == ""


_HOSTILE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                *" \n\t\r\x0b\x0c\x1c\x1f\x85\u2028\u2029\u3000\u00a0\u200b",
                *"ab知ｆ한🙂\U00020000\u0301\u20dd\x00\x07",
                "word",
                "知识产权",
                "\U0001f468\u200d\U0001f469",
                "x" * 70,
            ]
        ),
        st.text(max_size=3),
    ),
    max_size=120,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_HOSTILE_TEXT, st.integers(-2, 60))
def test_excerpt_of_text_is_the_excerpt_of_the_collapsed_text(text, length):
    # wide characters, combining marks, astral emoji, lone surrogates, NUL,
    # every kind of whitespace; length 0, 1, 2 and below
    expected = excerpt_of_plain(collapse_whitespace(text), length)
    assert excerpt_of_text(text, length) == expected
    assert text_width(expected.removesuffix("…")) <= max(length, 0)
    word = "".join(text.split())  # no space to cut at: as many as fit
    if word and text_width(word) > length >= 0:
        fit = max(k for k in range(len(word) + 1) if text_width(word[:k]) <= length)
        assert excerpt_of_plain(word, length) == word[:fit] + "…"


_HOSTILE_BODIES = [
    "<!-- hidden words --><p>shown\n\n  words</p><script>var hidden = 1;</script>\u2028after",
    "# Title\n\n```python\ncode   inside\tfence\n```\n\n  *emph*\x00nul\x07bell \x1c sep",
    "知识\u3000产权\n\n城市  图书馆\u2029end\u00a0nbsp \udce9 lone",
    "<style>p{}</style>&amp;&nbsp;&#x4e2d;&#20013;\r\n\r\n<b>b</b>  " * 3,
    ("long\u2028line  知识产权\n\t" * 9000) + "tail",  # > 64 KiB: in pieces
    "\n \t " * 5000 + "<p>知</p> 识 " * 2000,
]


@pytest.mark.parametrize("body_format", ["markdown", "html", "text"])
def test_uncollapsed_plain_text_gives_the_index_the_same_tokens(body_format):
    # what FTS5 itself makes of both texts: the same terms at the same
    # positions in each column (fts5vocab's "instance" table)
    import sqlite3

    from reader.core.library.index import FULLTEXT_TABLE

    def instances(collapse: bool) -> list[tuple]:
        conn = sqlite3.connect(":memory:")
        conn.execute(FULLTEXT_TABLE)
        for rowid, body in enumerate(_HOSTILE_BODIES, 1):
            plain = plain_text(body, body_format, collapse=collapse)
            title, meta, text, _ = fulltext_entry("T", "", "", None, plain)
            conn.execute(
                "INSERT INTO fts(rowid, title, meta, body) VALUES (?, ?, ?, ?)",
                (rowid, title, meta, text),
            )
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, fts, instance)")
        rows = conn.execute("SELECT term, doc, col, offset FROM temp.v ORDER BY 1, 2, 3, 4")
        return rows.fetchall()

    collapsed = instances(True)
    assert collapsed and collapsed == instances(False)


@pytest.mark.parametrize("query", [r'"say \"hi\" now"', r'"hi\" now"', r'title:They "say \"hi\""'])
def test_a_phrase_holding_a_quote_finds_what_list_finds(root, open_library, query):
    # search read the phrase's text again with the older parser, which did
    # not know \": the phrase fell apart into words, and q2 was found too
    write(root, "q1.md", article("They", body='<p>They say "hi" now.</p>\n'))
    write(root, "q2.md", article("Other", body="<p>Now and then hi, I say nothing.</p>\n"))
    lib = open_library()
    lib.refresh()
    lib.build_fulltext()
    assert _paths(lib.search_query(query)) == ["q1.md"]
    assert [s.path for s in lib.find(query)] == ["q1.md"]


def test_a_chinese_word_wrapped_by_a_line_break_is_found(root, open_library):
    # 知识\n产权: the break cut the run in two, and 知识产权 or 识产 found nothing
    write(root, "md.md", article("M", body="这是关于知识\n产权的文章。\n\n另一段\n- 项目\n"))
    write(root, "html.md", article("H", body="<p>保护知识\r\n  产权，促进技术转移</p>\n"))
    lib = open_library(fulltext=True)
    assert sorted(_paths(lib.search("知识产权"))) == ["html.md", "md.md"]
    assert sorted(_paths(lib.search("识产"))) == ["html.md", "md.md"]
    assert _paths(lib.search("文章另一段")) == []  # (a paragraph's end is one)


def test_plain_text_joins_only_chinese_and_japanese_across_one_line_break():
    assert plain_text("知识\n产权\n\n第二段\n- 项目", "markdown") == "知识产权 第二段 项目"
    assert plain_text("カタ\nカナ word\nnext", "markdown") == "カタカナ word next"
    assert plain_text("한국\n어", "markdown") == "한국 어"  # (Korean has spaces between words)
    # a heading's line and a table's rows end their blocks
    assert plain_text("# 标题\n正文内容", "markdown") == "标题 正文内容"
    table = "名称 | 颜色\n--- | ---\n苹果 | 红\n香蕉 | 黄\n"
    assert "红 香蕉" in plain_text(table, "markdown")


def test_chinese_wrapped_inside_a_quote_is_joined_and_nested_marks_go():
    # "> 知识⏎> 产权" was not found by 知识产权; "> > 深" kept a ">"
    body = "> 知识\n> 产权\n\n> > 深\n> > 层\n\n段落\n> 引用\n"
    assert plain_text(body, "markdown") == "知识产权 深层 段落 引用"


def test_fullwidth_letters_and_digits_are_found_as_ascii_and_the_other_way(root, open_library):
    # ＧＤＰ in the text was found by ＧＤＰ only, GDP by GDP only
    write(root, "wide.md", article("W", body="今年ＧＤＰ增长５．２％，Ｗｉｎｄｏｗｓ用户"))
    write(root, "narrow.md", article("N", body="The GDP grew in 2021 on Windows."))
    lib = open_library(fulltext=True)
    assert sorted(_paths(lib.search("gdp"))) == ["narrow.md", "wide.md"]
    assert sorted(_paths(lib.search("ＧＤＰ"))) == ["narrow.md", "wide.md"]
    assert sorted(_paths(lib.search("windows"))) == ["narrow.md", "wide.md"]
    assert _paths(lib.search('"ＧＤＰ增长"')) == ["wide.md"]
    hits = lib.search("windows")
    marked = [hit.snippet for hit in hits if hit.path == "wide.md"]
    assert marked and "«Ｗｉｎｄｏｗｓ»" in marked[0]


def test_narrowing_keeps_everything_but_fullwidth_letters_and_digits():
    from reader.core.library.fulltext import narrow

    assert narrow("ＡＢＣ１２３ａｂｃ，（注）") == "ABC123abc，（注）"
    assert narrow("plain ascii") == "plain ascii"
    assert index_text("ＧＤＰ增长") == index_text("GDP增长")


@pytest.mark.parametrize(
    "body",
    [
        "To start a comment, type `<!--` and close it later.\n\nAfter it: pineapplezebra.\n",
        "```html\n<script>console.log('mangosteen')</script>\n```\n\nAfter it: pineapplezebra.\n",
        "~~~~\n<style>p { color: red }\n~~~~\n\nAfter it: pineapplezebra.\n",
        "Type ``<!-- `x` -->`` or `<template>`, then pineapplezebra.\n",
        "```\n<!-- never closed, and neither is the fence\npineapplezebra\n",
        # a stray backtick earlier pairs with none: the spans are as CommonMark makes them
        "It`s fine.\n\nWrite `<!--` to open one.\n\nAfter it: pineapplezebra.\n",
        "``a`b`` then `<!-- x` and pineapplezebra.\n",
        "An escaped \\` then `<!--` and pineapplezebra.\n",
    ],
)
def test_markup_inside_markdown_code_is_text_and_hides_nothing(body):
    # `<!--` in inline code hid the rest of the article from search, and a
    # <script> in a fenced block took the code's words with it
    text = plain_text(body, "markdown")
    assert "pineapplezebra" in text
    assert "<" in text  # the code's markup, shown as text as the reader shows it
    assert "mangosteen" in text or "mangosteen" not in body


def test_markdown_autolinks_keep_their_address():
    text = plain_text("See <https://example.org/word> or <someone@example.org>.", "markdown")
    assert text == "See https://example.org/word or someone@example.org."
    assert plain_text("<b>bold</b> <br/> <p class='x'>p</p>", "markdown") == "bold p"


def test_html_comments_and_scripts_outside_code_are_still_dropped():
    body = "A <!-- hidden --> B <script>var secret</script> `code` C\n\n```\n<!--x-->\n```\n"
    assert plain_text(body, "markdown") == "A B code C <!--x-->"


def test_a_utf16_article_with_its_mark_is_searched_as_its_text(root, open_library):
    """A file saved as UTF-16 (with its byte-order mark) was indexed and
    excerpted as UTF-8 bytes: a snippet of NULs, the title its file name."""
    text = article("宽字符文章", body="<p>产权保护，UTF-16 保存。</p>\n")
    write(root, "wide.md", text.encode("utf-16"))
    lib = open_library(fulltext=True)
    [hit] = lib.search("产权保护", markers=("[", "]"))
    assert hit.path == "wide.md" and hit.title == "宽字符文章"
    assert "[产权保护]" in hit.snippet and "\x00" not in hit.snippet
    [row] = lib.find("")
    assert row.excerpt.startswith("产权保护") and row.has_errors


def test_the_full_text_keeps_the_words_the_reader_shows_whole():
    # (index attack) a comment inside a word, Markdown's * and __ inside a
    # word, soft hyphens and zero-width spaces split or glued words: they
    # were found by none of their own spellings
    html_body = "<p>研究知识<!-- note -->产权保护 and inter<!---->national</p>"
    assert plain_text(html_body, "html") == "研究知识产权保护 and international"
    md = "my__var and 2*3=6 and snake__case, **bold**, __strong__, ~~gone~~ and *em*\n"
    assert (
        plain_text(md, "markdown") == "my__var and 2*3=6 and snake__case, bold, strong, gone and em"
    )
    # (review) "**" and "~~" inside a word are emphasis, as CommonMark shows them
    md = "这是**重要**的内容, it is **un**believable, ~~strike~~through, 2**10\n"
    assert plain_text(md, "markdown") == "这是重要的内容, it is unbelievable, strikethrough, 2**10"
    soft = "Donau&shy;dampf&shy;schiff zero&#8203;width soft\u00adhyphen"
    assert plain_text(soft, "html") == "Donaudampfschiff zerowidth softhyphen"
    assert fts_match(parse_query("ca\u00adfe")) == fts_match(parse_query("cafe"))


def test_a_word_wrapped_at_a_cut_of_a_long_markdown_paragraph_is_kept():
    # (index attack) the paragraph was cut in pieces at a line break before
    # the wrapped words were joined: 知识⏎产权 at a cut was never found
    lines = ["".join(chr(0x4E00 + (7 * i + j) % 20000) for j in range(40)) for i in range(5000)]
    text = plain_text("\n".join(lines), "markdown")
    assert all(a[-1] + b[0] in text for a, b in itertools.pairwise(lines))
