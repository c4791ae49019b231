"""Rendering articles for reading: Markdown and HTML bodies, Hexo tags, the
header, images and privacy, themes, and input that must not freeze us."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.core.article.codec import parse_article
from reader.core.article.dates import parse_date
from reader.core.render.datefmt import format_display_date
from reader.core.render.imagecache import cached_image_path
from reader.core.render.pipeline import (
    THEMES,
    RenderResult,
    reading_margin,
    render_article,
    theme_colors,
    theme_css,
)

# A small PNG (1×1, transparent), enough for a file that exists.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class _Sources(HTMLParser):
    """Every URL the document would *load* (not links)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loaded: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "srcset", "background", "poster", "data") and value:
                self.loaded.append(value)
            if name == "style" and value and "url(" in value:
                self.loaded.append(value)

    handle_startendtag = handle_starttag


def loaded_urls(document: str) -> list[str]:
    parser = _Sources()
    parser.feed(document)
    parser.close()
    return parser.loaded


def article(text: str, path: str | os.PathLike = "post.md"):
    return parse_article(text.encode("utf-8"), path)


def render(text: str, path: str | os.PathLike = "post.md", **options) -> RenderResult:
    options.setdefault("cache_dir", Path(os.devnull) / "no-cache")
    return render_article(article(text, path), **options)


# -- Markdown -----------------------------------------------------------------


def test_markdown_features() -> None:
    result = render(
        "---\ntitle: 特性\n---\n"
        "# 第一章\n\n"
        "**粗体** *斜体* ~~删除~~ `代码`，见 https://example.com/page 和脚注[^n]。\n\n"
        "| 名称 | 数量 |\n|:-----|-----:|\n| 苹果 | 3 |\n\n"
        "- [x] 已完成\n- [ ] 未完成\n\n"
        "> 引用的话\n\n"
        "```python\nprint('hi')\n```\n\n"
        "[^n]: 脚注内容。\n"
    )
    body = result.body_html
    assert "<h1>第一章</h1>" in body
    assert "<strong>粗体</strong>" in body and "<em>斜体</em>" in body
    assert "<s>删除</s>" in body
    assert '<a href="https://example.com/page">https://example.com/page</a>' in body
    assert "<table>" in body and "<th" in body and ">苹果</td>" in body
    assert "☑ 已完成" in body and "☐ 未完成" in body
    assert "<blockquote>\n<p>引用的话</p>\n</blockquote>" in body
    assert "<pre><code class=\"language-python\">print('hi')\n</code></pre>" in body
    assert 'class="footnote-ref"' in body and "脚注内容。" in body
    assert not result.raw and result.title == "特性"


def test_markdown_with_html_blocks_as_hexo_allows() -> None:
    body = render(
        "---\ntitle: mixed\n---\n"
        "Intro *text*.\n\n"
        '<div class="note">\n<p>HTML <b>block</b></p>\n</div>\n\n'
        "After the block, **Markdown** again, with <span>inline HTML</span>.\n"
    ).body_html
    assert "<p>Intro <em>text</em>.</p>" in body
    assert '<div class="note">\n<p>HTML <b>block</b></p>\n</div>' in body
    assert "<strong>Markdown</strong>" in body and "<span>inline HTML</span>" in body


def test_markdown_opening_with_a_cover_image_renders_as_markdown() -> None:
    body = render(
        '---\ntitle: Cover\n---\n<img src="cover.png" alt="cover">\n\n'
        "## Intro\n\nSome **bold** text and a [link](https://example.com).\n"
    ).body_html
    assert "<h2>Intro</h2>" in body and "<strong>bold</strong>" in body
    assert '<a href="https://example.com">link</a>' in body
    assert "##" not in body and "**" not in body


def test_markdown_cannot_inject_active_content() -> None:
    result = render(
        "---\ntitle: x\n---\n"
        "[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
        "<script>alert(2)</script>\n\n"
        '<a href="jav&#x09;ascript:alert(3)">y</a>\n'
    )
    assert "alert(2)" not in result.html
    assert "onerror" not in result.html
    assert 'href="javascript' not in result.body_html.lower()
    assert "<p><a>y</a></p>" in result.body_html


# -- HTML bodies ----------------------------------------------------------------

NEWS = """---
title: '城市举办技术交易博览会'
categories:
 - 财经
 - 本地新闻
 - 头条
tags: [技术, 展会]
headimg: 'https://images.example.net/photos/fair.jpg?w=400'
author: 本报记者
date: Fri, 16 Apr 2021 15:21:00 +0800
---

<div>
<p>本报讯 博览会今日开幕，<a class="hotword" style="color: #2f67d1;text-decoration: none;"
target="_blank" href="http://quotes.example.org/stock?code=600000"
code="600000">相关企业</a>纷纷参展。</p>
<p><strong>展示创新成果</strong></p>
<table><tr><th>项目</th><th>数量</th></tr><tr><td>发布</td><td>92</td></tr></table>
<p><img src="fair-hall.png" alt="展馆"></p>
<p><img src="https://cdn.example.com/pic/booth.jpg" alt="展台"></p>
</div>
"""


@pytest.fixture
def news_post(tmp_path: Path) -> Path:
    post = tmp_path / "news" / "fair.html.md"
    post.parent.mkdir()
    post.write_text(NEWS, encoding="utf-8")
    (post.parent / "fair-hall.png").write_bytes(PNG)
    return post


def test_html_body_keeps_structure_and_links(news_post: Path) -> None:
    result = render(news_post.read_text(encoding="utf-8"), news_post)
    body = result.body_html
    assert (
        '<a class="hotword" style="color: #2f67d1; text-decoration: none" '
        'href="http://quotes.example.org/stock?code=600000">相关企业</a>'
    ) in body
    assert "<p><strong>展示创新成果</strong></p>" in body
    assert "<th>项目</th>" in body and "<td>92</td>" in body


def test_header_shows_title_date_author_categories_tags(news_post: Path) -> None:
    result = render(news_post.read_text(encoding="utf-8"), news_post)
    header = result.body_html.split('<hr class="header-rule">')[0]
    assert '<h1 class="article-title">城市举办技术交易博览会</h1>' in header
    # the source's own time zone, not converted to the reader's
    assert "16 April 2021, 15:21 UTC+08:00" in header
    assert '<span class="article-author">本报记者</span>' in header
    assert '<span class="category">财经 › 本地新闻 › 头条</span>' in header
    assert '<span class="tag">#技术</span>' in header and '<span class="tag">#展会</span>' in header
    # each category and tag apart from the next (an em space showed as one space)
    assert '头条</span> · <span class="tag">#技术</span> · <span class="tag">' in header


def test_header_date_in_chinese_locale(news_post: Path) -> None:
    result = render(news_post.read_text(encoding="utf-8"), news_post, locale="zh_CN")
    assert "2021年4月16日 15:21 (UTC+08:00)" in result.body_html
    assert "已阻止远程图片" in result.body_html


def test_header_date_with_a_custom_formatter(news_post: Path) -> None:
    result = render(
        news_post.read_text(encoding="utf-8"),
        news_post,
        date_formatter=lambda parsed: f"<{parsed.value:%Y/%m/%d}>",
    )
    assert "&lt;2021/04/16&gt;" in result.body_html


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (datetime(2021, 4, 16, 15, 21, tzinfo=UTC), "en", "16 April 2021, 15:21 UTC"),
        (datetime(2021, 4, 16, 15, 21), "en_US", "April 16, 2021, 15:21"),
        (date(2021, 4, 16), "en", "16 April 2021"),
        (date(2021, 4, 16), "zh", "2021年4月16日"),
        (datetime(2021, 4, 16, 9, 5, 7), "ja_JP", "2021年4月16日 09:05:07"),
        (
            datetime(2021, 4, 16, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
            "de_DE",
            "2021-04-16 23:30 UTC-05:00",
        ),
    ],
)
def test_format_display_date(value, locale: str, expected: str) -> None:
    assert format_display_date(value, locale) == expected
    assert format_display_date(parse_date(value), locale) == expected


def test_a_title_with_nothing_to_see_is_headed_by_the_file_name() -> None:
    # control characters and a direction mark: an empty heading, where the
    # list and a book's contents show the file's name
    article = parse_article(b'---\ntitle: "\\x01\\x02\\u202e"\n---\nbody\n', "/lib/ctrl-chars.md")
    html = render_article(article).html
    assert '<h1 class="article-title">ctrl-chars</h1>' in html


def test_title_taken_from_the_first_heading_is_not_shown_twice() -> None:
    result = render("# Only heading\n\nText.\n", "notes.md")
    assert result.title == "Only heading"
    assert result.body_html.count("Only heading") == 1


def test_full_document_embeds_the_theme() -> None:
    result = render("---\ntitle: A <b>bold</b> title\n---\nText.\n", theme="sepia")
    assert result.html.startswith("<!DOCTYPE html>")
    assert "<style>" in result.html and theme_css("sepia") in result.html
    assert "<title>A &lt;b&gt;bold&lt;/b&gt; title</title>" in result.html
    assert 'class="theme-sepia"' in result.html
    assert result.theme == "sepia"


# -- Hexo tags ----------------------------------------------------------------


def test_hexo_blockquote_becomes_a_quotation() -> None:
    body = render(
        "---\ntitle: t\n---\n"
        "{% blockquote Zhuangzi, Inner Chapters https://example.org/zz The source %}\n"
        "Great *knowledge* is broad.\n"
        "{% endblockquote %}\n"
    ).body_html
    assert re.search(
        r'<blockquote class="hexo-quote"><p>Great <em>knowledge</em> is broad.</p>\s*'
        r'<p class="quote-source">— Zhuangzi, Inner Chapters, '
        r'<a href="https://example.org/zz">The source</a></p></blockquote>',
        body,
    )


def test_hexo_codeblock_and_highlight_become_code() -> None:
    body = render(
        "---\ntitle: t\n---\n"
        "{% codeblock Sorting lang:python %}\n"
        "items.sort(key=lambda x: x < 2)\n"
        "{% endcodeblock %}\n\n"
        "{% highlight ruby %}\nputs '<hi>'\n{% endhighlight %}\n"
    ).body_html
    assert '<p class="code-caption">Sorting</p>' in body
    assert '<code class="language-python">items.sort(key=lambda x: x &lt; 2)</code>' in body
    assert "<code class=\"language-ruby\">puts '&lt;hi&gt;'</code>" in body


def test_hexo_img_becomes_an_image(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    (tmp_path / "pic.png").write_bytes(PNG)
    result = render(
        '---\ntitle: t\n---\n{% img left ./pic.png 300 200 "A title" "Alt words" %}\n', post
    )
    image = re.search(r"<img [^>]*>", result.body_html).group(0)
    assert f'src="{(tmp_path / "pic.png").as_uri()}"' in image
    assert 'alt="Alt words"' in image and 'title="A title"' in image
    assert 'width="300"' in image and 'height="200"' in image


def test_unknown_and_unclosed_tags_are_readable_text() -> None:
    body = render(
        "---\ntitle: t\n---\n"
        "See {% mystery arg <b>x</b> %} here.\n\n"
        "{% note warning %}\nBe **careful**.\n{% endnote %}\n\n"
        "{% codeblock %}\nnever closed\n"
    ).body_html
    assert '<code class="hexo-tag">{% mystery arg &lt;b&gt;x&lt;/b&gt; %}</code>' in body
    assert '<p class="hexo-block-label">note warning</p>' in body
    assert "<strong>careful</strong>" in body
    assert '<code class="hexo-tag">{% codeblock %}</code>' in body
    assert "HEXOTAG" not in body


def test_tags_in_fenced_code_are_left_alone() -> None:
    body = render("---\ntitle: t\n---\n```\n{% youtube abc %}\n```\n").body_html
    assert "<pre><code>{% youtube abc %}\n</code></pre>" in body


def test_hexo_tags_in_html_bodies_and_raw() -> None:
    body = render(
        "---\ntitle: t\n---\n<p>Watch {% youtube dQw4w9WgXcQ %}</p>\n"
        "{% raw %}<p>{% not a tag %}</p>{% endraw %}\n"
    ).body_html
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in body
    assert "<p>{% not a tag %}</p>" in body


# -- images and privacy ---------------------------------------------------------


@pytest.fixture
def hexo_site(tmp_path: Path) -> Path:
    site = tmp_path / "blog"
    posts = site / "source" / "_posts"
    (posts / "hello").mkdir(parents=True)
    (site / "source" / "images").mkdir()
    (site / "_config.yml").write_text("title: blog\n", encoding="utf-8")
    (posts / "hello" / "asset.png").write_bytes(PNG)
    (site / "source" / "images" / "shared.png").write_bytes(PNG)
    (posts / "beside.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    return site


def test_local_images_resolve_like_hexo(hexo_site: Path) -> None:
    post = hexo_site / "source" / "_posts" / "hello.md"
    result = render(
        "---\ntitle: Hello\n---\n"
        "![asset](asset.png) ![shared](/images/shared.png) ![bare](shared.png) "
        "![beside](beside.png) ![enc](./beside%2Epng)\n",
        post,
    )
    posts = hexo_site / "source" / "_posts"
    expected = [
        posts / "hello" / "asset.png",
        hexo_site / "source" / "images" / "shared.png",
        posts / "beside.png",
    ]
    assert result.local_images == [str(p.resolve()) for p in expected]
    assert all(url.startswith("file://") for url in loaded_urls(result.html))
    assert len(loaded_urls(result.html)) == 5


def test_images_outside_the_library_are_not_loaded(hexo_site: Path) -> None:
    post = hexo_site / "source" / "_posts" / "hello.md"
    (hexo_site / "source" / "_posts" / "link.png").symlink_to(hexo_site.parent / "secret.png")
    result = render(
        "---\ntitle: Hello\n---\n"
        "![up](../../../secret.png) ![abs](" + str(hexo_site.parent / "secret.png") + ") "
        "![link](link.png) ![gone](missing.png)\n",
        post,
    )
    assert result.local_images == []
    assert loaded_urls(result.html) == []
    body = result.body_html
    assert body.count('class="image-outside"') == 3
    assert '<span class="image-missing">[Image not found: gone]</span>' in body


def test_library_root_argument_bounds_local_images(hexo_site: Path) -> None:
    post = hexo_site / "source" / "_posts" / "hello.md"
    text = "---\ntitle: Hello\n---\n![shared](/images/shared.png)\n"
    assert render(text, post).local_images
    narrow = render(text, post, library_root=hexo_site / "source" / "_posts")
    assert narrow.local_images == [] and loaded_urls(narrow.html) == []


def test_remote_images_are_blocked_by_default(news_post: Path) -> None:
    result = render(news_post.read_text(encoding="utf-8"), news_post)
    hero = "https://images.example.net/photos/fair.jpg?w=400"
    booth = "https://cdn.example.com/pic/booth.jpg"
    assert result.blocked_remote == [hero, booth]
    assert result.remote_images == [hero, booth]
    assert result.remote_hosts == {"images.example.net", "cdn.example.com"}
    for url in loaded_urls(result.html):
        assert url.startswith("file://"), url
    assert "images.example.net" not in "".join(loaded_urls(result.html))
    assert (
        '<span class="image-blocked">[Remote image blocked: 展台 — cdn.example.com]</span>'
        in result.body_html
    )
    assert result.local_images == [str((news_post.parent / "fair-hall.png").resolve())]


def test_remote_images_load_when_allowed(news_post: Path) -> None:
    text = news_post.read_text(encoding="utf-8")
    once = render(text, news_post, remote_images=True)
    assert once.blocked_remote == []
    assert "https://cdn.example.com/pic/booth.jpg" in loaded_urls(once.html)

    site = render(text, news_post, allowed_hosts={"CDN.example.com"})
    assert site.blocked_remote == ["https://images.example.net/photos/fair.jpg?w=400"]
    assert "https://cdn.example.com/pic/booth.jpg" in loaded_urls(site.html)
    assert site.remote_hosts == {"images.example.net", "cdn.example.com"}


def test_offline_copies_replace_blocked_remote_images(news_post: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    copy = cached_image_path("https://cdn.example.com/pic/booth.jpg", cache, "image/jpeg")
    copy.parent.mkdir(parents=True)
    copy.write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    result = render(news_post.read_text(encoding="utf-8"), news_post, cache_dir=cache)
    assert result.blocked_remote == ["https://images.example.net/photos/fair.jpg?w=400"]
    assert copy.as_uri() in loaded_urls(result.html)
    assert str(copy) in result.local_images


def test_protocol_relative_and_entity_encoded_remote_images_are_blocked() -> None:
    result = render(
        "---\ntitle: t\n---\n"
        '<img src="//cdn.example.com/a.png" alt="a">'
        '<img src="&#104;ttps://track.example.com/p.gif" alt="b">'
        '<img src=" https://track.example.com/q.gif " alt="c">\n'
    )
    assert result.blocked_remote == [
        "https://cdn.example.com/a.png",
        "https://track.example.com/p.gif",
        "https://track.example.com/q.gif",
    ]
    assert loaded_urls(result.html) == []


# -- errors and fallbacks -------------------------------------------------------


def test_article_with_errors_is_shown_raw_with_its_problems() -> None:
    text = "---\ntitle: [unclosed\nkey: <script>x</script>\n---\nBody text.\n"
    result = render(text, "broken.md")
    assert result.raw
    assert '<pre class="raw">---\ntitle: [unclosed\nkey: &lt;script&gt;x&lt;/script&gt;' in (
        result.body_html
    )
    assert "<script>" not in result.html
    problem = next(p for p in result.problems if p.severity == "error")
    assert f"line {problem.line}: error: " in result.body_html
    assert problem.message.split(":")[0] in result.body_html


def test_raw_fallback_can_be_turned_off() -> None:
    result = render("---\ntitle: [unclosed\n---\n*Body* text.\n", "broken.md", raw_fallback=False)
    assert not result.raw
    assert "<em>Body</em>" in result.body_html


def test_invalid_utf8_in_the_body_renders_with_replacement_characters() -> None:
    raw = b"---\ntitle: t\n---\nText \xff\xfe more.\n"
    result = render_article(parse_article(raw, "bad.md"))
    assert not result.raw
    assert "Text \ufffd\ufffd more." in result.body_html


def test_invalid_utf8_in_the_front_matter_is_shown_raw() -> None:
    raw = b"---\ntitle: caf\xe9\n---\nText.\n"
    result = render_article(parse_article(raw, "bad.md"))
    assert result.raw
    assert "caf\ufffd" in result.body_html


def test_rendering_failure_degrades_to_raw_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("reader.core.render.pipeline.sanitize_html", explode)
    result = render("---\ntitle: t\n---\nHello <b>there</b>.\n")
    assert result.raw
    assert "Hello &lt;b&gt;there&lt;/b&gt;." in result.body_html
    assert any("RecursionError" in p.message for p in result.problems)


# -- hostile sizes and shapes ---------------------------------------------------


@pytest.mark.slow
def test_one_megabyte_article() -> None:
    paragraph = "<p>一段文字，带<a href='http://example.com/x'>链接</a>和<b>粗体</b>。</p>\n"
    body = paragraph * (1_000_000 // len(paragraph.encode()))
    result = render("---\ntitle: big\n---\n" + body)
    assert not result.raw
    assert result.body_html.count("<p>") == body.count("<p>")


def test_single_100kb_line() -> None:
    line = "字 *em* http://example.com/x " * 4000
    result = render("---\ntitle: long\n---\n" + line)
    assert not result.raw and len(line) > 100_000 // 3
    assert result.body_html.count("<em>em</em>") == 4000


def test_binary_garbage() -> None:
    garbage = bytes(range(256)) * 40 + b"\x00\x00<script>\xff" * 50
    result = render_article(parse_article(garbage, "garbage.md"))
    assert "<script>" not in result.html
    assert "\x00" not in result.html


def test_control_characters_in_valid_utf8() -> None:
    result = render("---\ntitle: t\n---\nA\x00B\x1b[31mC\x7f<b>x</b>\n", raw_fallback=False)
    assert "\x00" not in result.html and "\x1b" not in result.html
    assert "AB[31mC<b>x</b>" in result.body_html


@pytest.mark.parametrize("tag", ["div", "blockquote", "b", "table", "ul"])
def test_html_nested_ten_thousand_deep(tag: str) -> None:
    body = f"<{tag}>" * 10_000 + "bottom" + f"</{tag}>" * 10_000
    result = render("---\ntitle: deep\n---\n" + body)
    assert "bottom" in result.body_html
    assert result.body_html.count(f"<{tag}") < 200


@pytest.mark.parametrize(
    "body",
    [
        ">" * 10_000 + " bottom\n",
        "".join("  " * i + "- bottom\n" for i in range(300)),
        "[" * 10_000 + "bottom" + "]" * 10_000,
        "*" * 10_000 + "bottom" + "*" * 10_000,
        "{% blockquote %}\n" * 10_000 + "bottom\n",
        "{% blockquote %}\n" * 5_000 + "bottom\n" + "{% endblockquote %}\n" * 5_000,
    ],
    ids=["quotes", "lists", "brackets", "emphasis", "unclosed-tags", "nested-tags"],
)
def test_markdown_nested_ten_thousand_deep(body: str) -> None:
    result = render("---\ntitle: deep\n---\n" + body)
    assert "bottom" in result.body_html
    assert not result.raw


def test_wide_table_renders_in_linear_time() -> None:
    rows = "".join(f"| {i} | 值 |\n" for i in range(5000))
    result = render("---\ntitle: wide\n---\n| n | v |\n|---|---|\n" + rows)
    assert result.body_html.count("<tr>") == 5001


# -- themes -------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_theme_css_fits_qt(theme: str) -> None:
    css = theme_css(theme)
    assert "var(" not in css and "--" not in css
    assert re.search(r"line-height:\s*\d+%", css)
    assert not re.search(r"line-height:\s*[\d.]+\s*;", css)  # unitless: Qt gets it wrong
    assert '"Noto Sans CJK SC"' in css or '"Noto Serif CJK SC"' in css
    colors = theme_colors(theme)
    assert f"background-color: {colors['background']}" in css
    assert re.fullmatch(r"#[0-9a-f]{6}", colors["text"])


def test_theme_font_size() -> None:
    assert "font-size: 15.0pt" in theme_css("light", 15)
    result = render("---\ntitle: t\n---\nx\n", font_size=15)
    assert "font-size: 15.0pt" in result.html


def test_unknown_theme_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown theme"):
        theme_css("neon")
    with pytest.raises(ValueError, match="unknown theme"):
        render("x", theme="neon")


def test_dark_theme_drops_article_colours(news_post: Path) -> None:
    text = news_post.read_text(encoding="utf-8")
    assert "color: #2f67d1" in render(text, news_post, theme="light").body_html
    assert "#2f67d1" not in render(text, news_post, theme="dark").body_html


def test_reading_margin() -> None:
    assert reading_margin(1600, 16) == (1600 - 16 * 38) // 2
    assert reading_margin(1600, 16, cjk=False) == (1600 - 16 * 34) // 2
    assert reading_margin(300, 16) == 16


def test_image_only_paragraphs_are_marked_as_figures(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(PNG)
    body = render(
        "---\ntitle: t\n---\n![a](a.png)\n\nText with ![a](a.png) inline.\n", tmp_path / "p.md"
    ).body_html
    assert body.count('<p class="figure"><img ') == 1
    assert "<p>Text with <img " in body


def test_a_stray_byte_in_the_body_still_renders_the_article():
    from reader.core.article.codec import parse_article as _parse
    from reader.core.render.pipeline import render_article as _render

    article = _parse(b"---\ntitle: Good title\n---\n<p>Hello <b>bold</b> caf\xe9</p>\n", "one.html")
    assert article.has_errors and article.front_matter_read
    result = _render(article)
    assert "<b>bold</b>" in result.body_html and "\ufffd" in result.body_html
    assert not result.raw


# -- the boundary for local files (see reader.core.article.boundary) -------------------------


@pytest.fixture
def stray_config(tmp_path: Path) -> Path:
    """A folder of notes below a stray ``config.yaml`` and ``_config.yml``
    (no site beside them), next to a private folder; returns the post."""
    (tmp_path / "config.yaml").write_text("theme: dark\n", encoding="utf-8")
    (tmp_path / "_config.yml").write_text("title: not a site\n", encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.png").write_bytes(PNG)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.png").write_bytes(PNG)
    (notes / "link.png").symlink_to(tmp_path / "private" / "secret.png")
    (notes / "inner").symlink_to(tmp_path / "private")
    return notes / "post.md"


def test_a_stray_config_never_widens_the_boundary(stray_config: Path) -> None:
    secret = stray_config.parent.parent / "private" / "secret.png"
    names = [
        "../private/secret.png",
        "%2e%2e/private/secret.png",
        "%2E%2E%2Fprivate%2Fsecret.png",
        "..%5Cprivate%5Csecret.png",
        str(secret),
        "link.png",
        "inner/secret.png",
    ]
    urls = [  # markdown-it keeps file: URLs out of Markdown images; HTML has them
        secret.as_uri(),
        "file://localhost" + secret.as_posix(),
        secret.as_uri().replace("/secret.png", "/%73ecret.png"),
        "../private/secret.png",
    ]
    body = "\n\n".join(f"![s{i}]({name})" for i, name in enumerate([*names, urls[0]]))
    tags = "".join(f'<img src="{url}" alt="h{i}">' for i, url in enumerate(urls))
    result = render(
        f"---\ntitle: t\nheadimg: ../private/secret.png\n---\n{body}\n\n"
        f"![site](/private/secret.png)\n\n<p>{tags}</p>\n",
        stray_config,
    )
    assert result.local_images == []
    assert loaded_urls(result.html) == []
    # each was found and refused (the hero too); "/private/…" is looked up in the site
    assert result.body_html.count('class="image-outside"') == 1 + len(names) + len(urls)
    assert '<span class="image-missing">[Image not found: site]</span>' in result.body_html


def test_inside_the_boundary_images_load(stray_config: Path) -> None:
    result = render("---\ntitle: t\n---\n![m](mine.png) ![e](%6dine.png)\n", stray_config)
    mine = stray_config.parent / "mine.png"
    assert result.local_images == [str(mine.resolve())]
    assert loaded_urls(result.html) == [mine.resolve().as_uri()] * 2


def test_the_library_root_is_the_boundary_when_given(stray_config: Path) -> None:
    """With the opened library as the boundary, what lies inside it loads and
    nothing outside does, whatever site roots surround it."""
    library = stray_config.parent.parent
    text = "---\ntitle: t\n---\n![s](../private/secret.png) ![l](link.png)\n"
    widened = render(text, stray_config, library_root=library)
    assert len(widened.local_images) == 1  # the link resolves to the same file
    assert len(loaded_urls(widened.html)) == 2
    narrow = render(text, stray_config, library_root=stray_config.parent)
    assert narrow.local_images == [] and loaded_urls(narrow.html) == []


def test_jekyll_and_hugo_site_roots_bound_images(tmp_path: Path) -> None:
    jekyll = tmp_path / "jekyll"
    (jekyll / "_posts").mkdir(parents=True)
    (jekyll / "assets").mkdir()
    (jekyll / "_config.yml").write_text("title: j\n", encoding="utf-8")
    (jekyll / "assets" / "a.png").write_bytes(PNG)
    post = jekyll / "_posts" / "2024-01-01-a.md"
    result = render("---\ntitle: a\n---\n![a](/assets/a.png) ![b](../assets/a.png)\n", post)
    assert result.local_images == [str((jekyll / "assets" / "a.png").resolve())]

    hugo = tmp_path / "hugo"
    (hugo / "content" / "posts").mkdir(parents=True)
    (hugo / "static" / "images").mkdir(parents=True)
    (hugo / "hugo.toml").write_text("title = 'h'\n", encoding="utf-8")
    (hugo / "static" / "images" / "h.png").write_bytes(PNG)
    post = hugo / "content" / "posts" / "h.md"
    result = render("---\ntitle: h\n---\n![h](/images/h.png)\n", post)
    assert result.local_images == [str((hugo / "static" / "images" / "h.png").resolve())]

    (hugo / "content" / "posts" / "config.yaml").write_text("x: 1\n", encoding="utf-8")
    result = render("---\ntitle: h\n---\n![h](/images/h.png)\n", post)
    assert len(result.local_images) == 1  # a config without content/ beside it changes nothing


def test_header_values_cannot_reorder_the_header_around_them() -> None:
    """A right-to-left override in a category ran on into the separator and
    the tags after it ("gat# x ‹ live"): the header shows the values in their
    stored order, without embedding, override or isolate controls."""
    text = (
        '---\ntitle: "abc\\u202edcba"\nauthor: "\\u2067me"\n'
        'categories: ["\\u202eevil", "x"]\ntags: ["t\\u202dag"]\n---\nBody \u202ekept.\n'
    )
    result = render(text)
    header = result.html.split('<hr class="header-rule">')[0]
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in header
    assert "abcdcba" in header and ">me<" in header
    assert "evil › x" in header and "#tag" in header
    assert "Body \u202ekept." in result.html  # the body is the author's to shape


def test_a_line_break_between_chinese_characters_is_no_space():
    # 知识⏎产权 read "知识 产权": a soft break is a space in Western text only
    text = "---\ntitle: T\n---\n关于知识\n产权的文章。\nword\nnext 中\n文 한국\n어 中  \n文\n"
    article = parse_article(text.encode(), "a.md")
    body = render_article(article).body_html.split('class="article-body"')[1]
    assert "关于知识产权的文章。\nword\nnext 中文 한국\n어 中<br" in body


_LIST_WITH_A_BLOCK = (
    "- item\n  - sub\n\n    {open}\n    make\n    {close}\n\n    More text of the sub item.\n"
    "- next\n\n1. one\n\n   {open}\n   x\n   {close}\n\n   after\n2. two\n"
)


def _lists_hold_their_blocks(body: str) -> None:
    import re as _re

    flat = _re.sub(r"\s+", " ", body)
    # the code and the paragraph after it stay in their items; the lists go on
    assert _re.search(r"<li> <p>sub</p> <div[^>]*><pre><code[^>]*>\s*make", flat), flat
    assert "<p>More text of the sub item.</p> </li> </ul> </li> <li>next</li> </ul>" in flat
    assert _re.search(r"<li> <p>one</p> <div[^>]*><pre><code[^>]*>\s*x</code></pre></div>", flat)
    assert "<p>after</p> </li> <li> <p>two</p> </li> </ol>" in flat
    assert "<ol start" not in flat and "<pre><code>More text" not in flat


def test_a_block_tag_in_a_list_item_stays_in_the_item() -> None:
    # (review) its placeholder at the start of a line ended the list: the
    # code went below it, the item's next paragraph became code, and the
    # numbered list started again at 2
    body = render(
        "---\ntitle: t\n---\n"
        + _LIST_WITH_A_BLOCK.format(open="{% codeblock %}", close="{% endcodeblock %}")
    ).body_html
    _lists_hold_their_blocks(body)


def test_a_block_tag_indented_outside_a_list_is_no_code() -> None:
    body = render(
        "---\ntitle: t\n---\ntext\n\n    {% codeblock %}\n    x\n    {% endcodeblock %}\n\nafter\n"
    ).body_html
    assert "HEXOTAG" not in body and "<p>after</p>" in body
    assert body.count("<pre>") == 1


@pytest.mark.parametrize(
    ("front", "body", "rtl"),
    [
        ("title: مقالة", "هذا نص عربي طويل عن الأخبار.", True),
        ("title: חדשות\nlang: he-IL", "שלום עולם", True),
        ("title: Notes\nlang: fa", "text in Latin letters, tagged Persian", True),
        ("title: Notes", "Plain English, with one word: مرحبا.", False),
        ("title: Salam\nlang: ar-Latn", "marhaban bil alam", False),
        ("title: 标题", "中文内容", False),
    ],
)
def test_the_reader_page_reads_right_to_left_for_arabic_and_hebrew(front, body, rtl):
    # Qt set every block of the page left to right: an Arabic article stood
    # against the left edge, its lists' bullets on the wrong side
    result = render_article(parse_article(f"---\n{front}\n---\n{body}\n".encode(), "/lib/a.md"))
    body_tag = re.search(r"<body[^>]*>", result.html).group(0)
    assert ('dir="rtl"' in body_tag) == rtl, body_tag
