"""Import of saved web pages: pages written here (a Chinese news layout, a
single-file page with inlined images, a page with no date)."""

from __future__ import annotations

import base64
import os

import pytest

from reader.core.article.model import ArticleError
from reader.core.convert.webpage import import_page, import_pages, read_web_page
from reader.core.library.facade import LibraryError
from reader.core.library.querylang import parse
from reader.core.render.pipeline import render_article
from tests.core.libhelpers import write

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PNG_URL = "data:image/png;base64," + base64.b64encode(PNG).decode()

NEWS = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>上交会开幕 知识产权保护受关注_证券时报网</title>
<meta property="og:title" content="上交会开幕 知识产权保护受关注">
<meta name="publishdate" content="2021-04-16 09:30:00">
<meta name="author" content="证券时报网">
<link rel="canonical" href="https://news.example.cn/2021/0416/123.html">
<script>var tracker = "不要导入";</script>
</head><body>
<div class="header"><a href="/">首页</a> <a href="/finance">金融</a> <a href="/stock">股票</a></div>
<nav><ul><li><a href="/a">要闻</a></li><li><a href="/b">公司</a></li></ul></nav>
<div class="main">
 <div class="sidebar"><h3>热门</h3><ul><li><a href="/x">其他新闻一</a></li>
 <li><a href="/y">其他新闻二</a></li></ul></div>
 <div class="detail">
  <h1>上交会开幕 知识产权保护受关注</h1>
  <div class="info">2021-04-16 09:30 来源：证券时报网</div>
  <div class="content" id="ctrlfscont">
   <p>第七届中国（上海）国际技术进出口交易会今日开幕，知识产权保护成为关注焦点。</p>
   <p>与会专家表示，加强知识产权保护是促进技术转移的重要保障，企业应重视专利布局。</p>
   <p>本届上交会展览面积三万五千平方米，吸引了来自多个国家和地区的参展商。</p>
  </div>
 </div>
</div>
<div class="footer"><p>版权所有 证券时报网 未经许可不得转载</p></div>
</body></html>
"""

SINGLE_FILE = f"""<!DOCTYPE html><html><!--
 Page saved with SingleFile
 url: https://blog.example.org/posts/charts
 saved date: Fri Apr 16 2021 -->
<head><meta charset="utf-8"><title>Charts of the week | Blog</title>
<meta property="article:published_time" content="2021-04-16T08:00:00+08:00">
</head><body><article><h1>Charts of the week</h1>
<p>Here are the charts that mattered this week, with commentary.</p>
<p><img src="{PNG_URL}" alt="chart one"></p>
<p>And a second one for good measure, in a separate paragraph.</p>
<p><img src="{PNG_URL}" alt="the same chart again"><img src="https://cdn.example.org/remote.png"></p>
</article></body></html>
"""

NO_DATE = """<html><head><title>Notes without a date</title></head><body>
<div id="post"><p>This page has no date anywhere in it, only text worth keeping.</p>
<p>A second paragraph so that the content is found.</p></div></body></html>
"""


@pytest.fixture
def lib(open_library, root):
    write(
        root,
        "2021/old.md",
        "---\ntitle: 'Old'\ndate: 2021-01-01 10:00:00\ncategories:\n  - 金融\nlayout: post\n"
        "---\n<p>Existing article.</p>\n",
    )
    return open_library(fulltext=True)


def save(tmp_path, name, text):
    path = tmp_path / "saved" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_chinese_news_layout(lib, tmp_path):
    page_path = save(tmp_path, "news.html", NEWS)
    before = page_path.read_bytes(), os.stat(page_path).st_mtime_ns
    outcome = import_page(lib, page_path)
    assert (page_path.read_bytes(), os.stat(page_path).st_mtime_ns) == before
    assert outcome.action == "created" and outcome.path.startswith("2021/")
    article = lib.load(outcome.path)
    assert article.title == "上交会开幕 知识产权保护受关注"
    assert article.metadata["source"] == "https://news.example.cn/2021/0416/123.html"
    assert article.author == "证券时报网"
    assert article.date.isoformat().startswith("2021-04-16")
    assert article.metadata["layout"] == "post"  # like its neighbours
    assert not article.problems
    body = article.body
    assert "知识产权保护成为关注焦点" in body and "专利布局" in body
    for noise in ("首页", "其他新闻", "版权所有", "tracker", "<h1"):
        assert noise not in body
    assert lib.summary(outcome.path) is not None  # indexed at once


def test_inlined_images_are_saved_beside_the_article(lib, tmp_path):
    outcome = import_page(lib, save(tmp_path, "charts.html", SINGLE_FILE))
    article = lib.load(outcome.path)
    assert article.metadata["source"] == "https://blog.example.org/posts/charts"
    assert "data:" not in article.body
    folder = lib.root / outcome.path.removesuffix(".md")
    files = list(folder.iterdir())
    assert len(files) == 1 and files[0].read_bytes() == PNG  # the same image once
    assert article.body.count(f'src="{files[0].name}"') == 2
    assert "https://cdn.example.org/remote.png" in article.body
    from reader.core.render.pipeline import render_article

    rendered = render_article(article, library_root=lib.root)
    assert str(files[0]) in rendered.local_images


@pytest.mark.parametrize(
    "src",
    [
        "data:image/png;charset=utf-8;base64," + PNG_URL.partition(",")[2],
        "data:image/png;name=chart.png;base64," + PNG_URL.partition(",")[2],
        "DATA:Image/PNG;base64," + PNG_URL.partition(",")[2],
        "data:image/png," + "".join(f"%{byte:02X}" for byte in PNG),  # percent-escaped
    ],
)
def test_an_inlined_image_with_parameters_is_saved_too(tmp_path, src):
    # only data:image/x;base64, was read: one with a charset or a name was
    # left out of the article
    page = tmp_path / "p.html"
    page.write_text(
        f'<html><head><title>Pictured</title></head><body><article><p><img src="{src}" '
        'alt="a chart">A page with text enough to be its own article.</p></article></body></html>',
        encoding="utf-8",
    )
    read = read_web_page(page)
    assert list(read.images.values()) == [PNG]
    assert "[a chart]" not in read.body


def test_an_inlined_image_that_is_no_picture_is_shown_by_its_alt_text(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><title>Pictured</title></head><body><article><p><img src="data:image/png;'
        'base64,PHN2Zz48L3N2Zz4=" alt="the chart">A page with text enough to be an article.'
        "</p></article></body></html>",
        encoding="utf-8",
    )
    read = read_web_page(page)
    assert not read.images and "[the chart]" in read.body


def test_a_page_without_a_date_gives_an_undated_article(lib, tmp_path):
    outcome = import_page(lib, save(tmp_path, "nodate.html", NO_DATE))
    article = lib.load(outcome.path)
    assert "date" not in article.metadata
    assert article.title == "Notes without a date"
    assert "source" not in article.metadata
    assert lib.summary(outcome.path).date_source == "file-time"


def test_an_untitled_page_whose_name_is_not_utf8_is_imported(lib, tmp_path):
    # its title came from the name, with the byte as a lone surrogate, and the
    # duplicate check stopped the import with a UnicodeEncodeError traceback
    page = tmp_path / os.fsdecode(b"caf\xe9.html")
    page.write_bytes(b"<html><body><p>No title here, just text.</p></body></html>")
    outcome = import_page(lib, page)
    article = lib.load(outcome.path)
    assert article.title == "caf\ufffd" and not article.has_errors


def test_duplicates_by_source_and_by_content(lib, tmp_path):
    first = import_page(lib, save(tmp_path, "news.html", NEWS))
    again = import_page(lib, save(tmp_path, "news-copy.html", NEWS))
    assert (again.action, again.path, again.duplicate) == ("skipped", first.path, "source")
    canonical = '<link rel="canonical" href="https://news.example.cn/2021/0416/123.html">'
    without_url = NEWS.replace(canonical, "")
    lib.build_fulltext()
    same_text = import_page(lib, save(tmp_path, "news-nourl.html", without_url))
    assert (same_text.action, same_text.duplicate) == ("skipped", "content")
    both = import_page(lib, save(tmp_path, "news2.html", NEWS), "keep-both")
    assert both.action == "created" and both.path != first.path
    changed = NEWS.replace("三万五千", "四万")
    replaced = import_page(lib, save(tmp_path, "news3.html", changed), "replace")
    assert replaced.action == "replaced" and replaced.path in (first.path, both.path)
    assert "四万" in lib.load(replaced.path).body
    assert len(lib.find("source:https://news.example.cn/2021/0416/123.html")) == 2


def test_decide_asks_per_page(lib, tmp_path):
    import_page(lib, save(tmp_path, "news.html", NEWS))
    asked = []

    def decide(page, existing, why):
        asked.append((page.title, existing, why))
        return "keep-both"

    outcome = import_page(lib, save(tmp_path, "again.html", NEWS), decide=decide)
    assert outcome.action == "created" and asked[0][2] == "source"


def test_bad_pages_are_reported_by_name(lib, tmp_path):
    empty = save(tmp_path, "empty.html", "<html><body><nav>menu</nav></body></html>")
    missing = tmp_path / "missing.html"
    outcomes, failed = import_pages(lib, [empty, missing, save(tmp_path, "ok.html", NO_DATE)])
    assert [o.action for o in outcomes] == ["created"]
    assert [path for path, _ in failed] == [str(empty), str(missing)]
    assert "no text" in failed[0][1] and "missing.html" in failed[1][1]
    with pytest.raises(ArticleError, match=r"empty\.html"):
        read_web_page(empty)


def test_legacy_encodings(tmp_path):
    page = tmp_path / "gbk.html"
    page.write_bytes(
        '<html><head><meta charset="gbk"><title>中文</title></head>'
        "<body><p>这是一个用 GBK 编码保存的网页。</p></body></html>".encode("gbk")
    )
    assert "GBK 编码" in read_web_page(page).text


def test_a_bad_byte_in_a_declared_utf8_page_is_replaced_not_read_as_gb18030(tmp_path):
    # one bad byte made the whole page GB18030: 中文 became 涓枃
    page = tmp_path / "damaged.html"
    page.write_bytes(
        '<html><head><meta charset="utf-8"><title>中文标题</title></head>'
        "<body><p>这是中文内容，".encode()
        + b"\xff"
        + "其余的字都是好的。</p></body></html>".encode()
    )
    read = read_web_page(page)
    assert read.title == "中文标题"
    assert "这是中文内容，\ufffd其余的字都是好的。" in read.body


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "gbk", "shift_jis"])
def test_a_utf8_page_declaring_another_charset_is_read_as_utf8(tmp_path, declared):
    # re-saved as UTF-8 with its old declaration: read as that, its title
    # "é”™è¯¯å£°æ˜Ž" and its file name too
    page = tmp_path / "wrong.html"
    page.write_bytes(
        f'<html><head><meta charset="{declared}"><title>错误声明</title></head>'
        "<body><p>这是一个声明错了编码的网页，café.</p></body></html>".encode()
    )
    read = read_web_page(page)
    assert read.title == "错误声明"
    assert "这是一个声明错了编码的网页，café." in read.text
    # a page that is what it declares stays so
    latin = tmp_path / "latin.html"
    latin.write_bytes(
        b'<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head>'
        b"<body><p>Un caf\xe9 cr\xe8me.</p></body></html>"
    )
    assert read_web_page(latin).title == "Café"


def test_relative_links_are_made_absolute_against_the_pages_address(tmp_path):
    # its images were, its links not: "/about" led nowhere in the library
    page = tmp_path / "linked.html"
    page.write_text(
        '<html><head><title>Linked</title><link rel="canonical" '
        'href="https://news.example.org/2021/story.html"></head><body><article>'
        '<p>See <a href="/about">about</a>, <a href="next.html">next</a>, '
        '<a href="#notes">the notes</a>, <a href="//cdn.example.org/x">x</a> and '
        '<a href="https://other.example.com/y">y</a>.</p></article></body></html>',
        encoding="utf-8",
    )
    body = read_web_page(page).body
    assert 'href="https://news.example.org/about"' in body
    assert 'href="https://news.example.org/2021/next.html"' in body
    assert 'href="#notes"' in body
    assert 'href="https://cdn.example.org/x"' in body
    assert 'href="https://other.example.com/y"' in body


@pytest.mark.parametrize(
    ("head", "folder"),
    [
        # a <base href> read against the page's address, as browsers read it
        (
            '<link rel="canonical" href="https://news.example.org/2021/story.html">'
            '<base href="/static/v2/">',
            "https://news.example.org/static/v2/",
        ),
        # an absolute one on a page that names no address of its own
        ('<base href="https://mirror.example.net/docs/">', "https://mirror.example.net/docs/"),
    ],
)
def test_relative_links_and_images_are_read_against_the_pages_base(tmp_path, head, folder):
    # the <base href> was passed over: links and images led to the wrong page
    # or to none
    page = tmp_path / "based.html"
    page.write_text(
        f"<html><head><title>Based</title>{head}"
        '<base href="https://second.example.com/ignored/"></head><body><article>'
        '<p>See <a href="next.html">next</a> and <a href="#notes">the notes</a>.</p>'
        '<p><img src="pic.png" alt="a picture"></p></article></body></html>',
        encoding="utf-8",
    )
    body = read_web_page(page).body
    assert f'href="{folder}next.html"' in body
    assert 'href="#notes"' in body
    assert f'src="{folder}pic.png"' in body


@pytest.mark.parametrize("base", ["javascript:alert(1)//", "http:foo/", "file:///etc/"])
def test_a_base_that_is_no_web_address_is_passed_over(tmp_path, base):
    page = tmp_path / "based.html"
    page.write_text(
        '<html><head><title>Based</title><link rel="canonical" '
        f'href="https://news.example.org/2021/story.html"><base href="{base}">'
        '</head><body><article><p>See <a href="next.html">next</a>, a page worth its text.'
        "</p></article></body></html>",
        encoding="utf-8",
    )
    assert 'href="https://news.example.org/2021/next.html"' in read_web_page(page).body


def test_an_undeclared_windows_1252_page_is_not_read_as_gb18030(lib, tmp_path):
    # "R\xe9sum\xe9" read as GB18030 gave 閟 in the title and the file name
    page = tmp_path / "resume.html"
    page.write_bytes(
        b"<html><head><title>R\xe9sum\xe9 of caf\xe9s</title></head><body>"
        b"<p>A na\xefve r\xe9sum\xe9 of the caf\xe9s in town, \x93quoted\x94.</p></body></html>"
    )
    read = read_web_page(page)
    assert read.title == "Résumé of cafés"
    assert "A naïve résumé of the cafés in town, “quoted”." in read.text
    outcome = import_page(lib, page)
    assert "閟" not in outcome.path and "sum" in outcome.path


@pytest.mark.parametrize("declared", [True, False])
def test_a_gbk_page_is_read_with_and_without_its_charset(tmp_path, declared):
    meta = (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' if declared else ""
    )
    page = tmp_path / "gbk.html"
    page.write_bytes(
        f"<html><head>{meta}<title>中文网页</title></head>"
        "<body><p>这是一个用 GBK 编码保存的网页，镕字不在 GB2312 里。</p></body></html>".encode(
            "gbk"
        )
    )
    read = read_web_page(page)
    assert read.title == "中文网页"
    assert "这是一个用 GBK 编码保存的网页，镕字不在 GB2312 里。" in read.text


@pytest.mark.parametrize(
    ("label", "codec", "text"),
    [
        ("big5", "cp950", "圍棋，又稱碁，是一種策略性棋類。Price: €10"),
        ("Shift_JIS", "cp932", "第①章：髙橋さんのテスト。"),
        ("euc-kr", "cp949", "똠방각하와 햏자의 이야기입니다."),
        ("iso-8859-9", "cp1254", "“Türkçe” metin € ile…"),
    ],
)
def test_a_page_is_read_in_the_superset_browsers_read_for_its_label(tmp_path, label, codec, text):
    # the vendors' characters of these labels (碁, 髙, ①, €, 똠) were lost,
    # and the character after one with them
    page = tmp_path / "page.html"
    page.write_bytes(
        f'<html><head><meta charset="{label}"><title>T</title></head>'
        f"<body><p>{text}</p></body></html>".encode(codec)
    )
    assert text in read_web_page(page).text


@pytest.mark.slow
def test_hostile_nesting_and_junk_finish(tmp_path):
    deep = "<div>" * 100_000 + "<p>deep text that is long enough to be the content</p>"
    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{deep}</body></html>", encoding="utf-8")
    assert "deep text" in read_web_page(page).text
    junk = tmp_path / "junk.html"
    junk.write_bytes(b"\xff\xfe<p>\x00\x1b[31m broken </b></i><<<>>> bytes \xc3\x28</p>" * 1000)
    assert "broken" in read_web_page(junk).text


def test_links_nested_in_deep_blocks_are_read_in_one_pass(tmp_path):
    """Each scored block counted its links and text anew, down its whole
    subtree: 70 nested blocks around thousands of links in 75 nested
    anchors (480 KB) did not finish in two minutes.  Now one pass from the
    leaves up measures them, and the same block is chosen."""
    blocks = "".join(
        f'<div class="c{i}"><p>paragraph {i} with enough text in it</p>' for i in range(70)
    )
    links = "<a href='#'>" * 75 + "<i>x</i> " * 20_000 + "</a>" * 75
    page = save(
        tmp_path,
        "links.html",
        f"<html><head><title>Deep</title></head><body>{blocks}{links}{'</div>' * 70}</body></html>",
    )
    assert "paragraph 69 with enough text" in read_web_page(page).text


# -- review of #12 -------------------------------------------------------------------------


def test_an_import_takes_no_author_or_source_from_its_neighbours(open_library, root, tmp_path):
    # the new-article template carries the neighbours' usual values: right for
    # layout or draft, wrong for who wrote a page or where it came from
    for i in range(3):
        write(
            root,
            f"2021/n{i}.md",
            f"---\ntitle: N{i}\ndate: 2021-01-0{i + 1}\nauthor: 李四\n"
            f"source: https://example.com/n\nlayout: post\n---\n<p>neighbour {i}</p>\n",
        )
    lib = open_library(fulltext=True)
    outcome = import_page(lib, save(tmp_path, "nodate.html", NO_DATE))
    article = lib.load(outcome.path)
    assert "author" not in article.metadata and "source" not in article.metadata
    assert article.metadata["layout"] == "post"
    again = import_page(lib, save(tmp_path, "nodate2.html", NO_DATE))
    assert (again.action, again.duplicate) == ("skipped", "content")


def test_a_short_text_alone_does_not_make_a_duplicate(lib, tmp_path):
    page = "<html><head><title>{}</title></head><body><p>Photo</p>{}</body></html>"
    first = import_page(lib, save(tmp_path, "a.html", page.format("One", "")))
    other = import_page(lib, save(tmp_path, "b.html", page.format("Two", f'<img src="{PNG_URL}">')))
    same = import_page(lib, save(tmp_path, "c.html", page.format("One", "")))
    assert first.action == other.action == "created" and other.path != first.path
    assert (same.action, same.path, same.duplicate) == ("skipped", first.path, "content")


@pytest.mark.parametrize(
    ("metas", "author"),
    [
        # a profile address in one: the name in the next is taken
        (
            '<meta name="author" content="https://example.org/staff/li">'
            '<meta property="article:author" content="Li Wei">',
            "Li Wei",
        ),
        (
            '<meta property="article:author" content="https://facebook.com/li">'
            '<meta name="dc.creator" content="Li Wei">',
            "Li Wei",
        ),
        ('<meta name="author" content="https://example.org/staff/li">', None),
    ],
)
def test_an_author_given_as_an_address_is_passed_over_for_a_name(tmp_path, metas, author):
    # the address in <meta name=author> hid the name in article:author
    page = tmp_path / "by.html"
    page.write_text(
        f"<html><head><title>By</title>{metas}</head><body><article>"
        "<p>A page with text enough to be its own article here.</p></article></body></html>",
        encoding="utf-8",
    )
    assert read_web_page(page).author == author


def test_control_characters_leave_the_title_and_author(lib, tmp_path):
    page = tmp_path / "bad.html"
    page.write_bytes(
        b'<html><head><meta name="author" content="a\x00b"><title>Bad \x00\x07 title</title>'
        b"</head><body><p>Some text of the page that is kept as it is.</p></body></html>"
    )
    article = lib.load(import_page(lib, page).path)
    assert article.title == "Bad title" and article.author == "a b"


def test_a_fifo_or_a_device_is_refused_without_hanging(lib, tmp_path):
    # review of #12: `import LIB pipe.html` waited forever on a FIFO
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    outcomes, failed = import_pages(lib, [fifo, "/dev/zero", tmp_path])
    assert outcomes == [] and len(failed) == 3
    assert "not a regular file" in failed[0][1] and "not a regular file" in failed[1][1]


def test_only_real_images_are_saved_beside_the_article(lib, tmp_path):
    # review of #12: a damaged data: URL or a file named .png holding something
    # else was saved into the library as an image
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "notes.png").write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\n")
    page = folder / "p.html"
    page.write_text(
        "<html><head><title>Pictures</title></head><body><p>Three pictures of the market.</p>"
        '<img src="data:image/png;base64,AAAA"><img src="notes.png">'
        f'<img src="{PNG_URL}"></body></html>',
        encoding="utf-8",
    )
    outcome = import_page(lib, page)
    assert outcome.images == 1
    saved = list((lib.root / outcome.path.removesuffix(".md")).iterdir())
    assert [p.read_bytes() for p in saved] == [PNG]


def _png_chunks(payload: bytes) -> bytes:
    """A PNG's chunks around ``payload`` (as its pixels): big, and whole."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    # (rows enough to hold the payload as pixels; stored, not compressed:
    # as big as the payload, and a whole zlib stream)
    header = struct.pack(">IIBBBBB", 64, len(payload) // 64 + 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(payload, 0))
        + chunk(b"IEND", b"")
    )


def test_a_big_inlined_image_is_set_aside_while_the_page_is_cleaned(tmp_path):
    # review of #12: a 40 MB single-file page took ~10 s and ~1 GB to import,
    # the sanitizer walking megabytes of base64 in an attribute (26× the page
    # in memory at 5 MB); the image now waits outside that pass
    import tracemalloc

    big = _png_chunks(bytes(range(256)) * 16000)
    page = tmp_path / "big.html"
    page.write_text(
        "<html><head><title>Big</title></head><body><p>A page with one big picture.</p>"
        f'<img src="data:image/png;base64,{base64.b64encode(big).decode()}"></body></html>',
        encoding="utf-8",
    )
    tracemalloc.start()
    try:
        read = read_web_page(page)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert list(read.images.values()) == [big]
    assert 'src="img-' in read.body
    assert peak < 16 * page.stat().st_size


@pytest.mark.parametrize("charset", ["punycode", "undefined", "idna", "rot13", "base64"])
def test_a_charset_that_is_no_text_encoding_is_passed_over(lib, tmp_path, charset):
    # codecs Python knows that raise UnicodeError (not ...DecodeError) or
    # are no text encoding at all: the page is read as UTF-8 instead, and
    # the pages after it are imported all the same
    bad = tmp_path / "bad.html"
    bad.write_bytes(
        f'<html><head><meta charset="{charset}"><title>Odd</title></head>'
        "<body><p>Hello from a page that names a codec as its charset.</p></body></html>".encode()
    )
    outcomes, failed = import_pages(lib, [bad, save(tmp_path, "ok.html", NO_DATE)])
    assert not failed and [o.action for o in outcomes] == ["created", "created"]
    assert "Hello from a page" in lib.load(outcomes[0].path).body


def test_replacing_a_duplicate_can_be_undone(lib, tmp_path):
    first = import_page(lib, save(tmp_path, "news.html", NEWS))
    path = lib.root / first.path
    edited = path.read_bytes().replace(b"\n---\n", b"\nnotes: mine\n---\n", 1) + b"<p>Mine.</p>\n"
    path.write_bytes(edited)
    lib.refresh()
    replaced = import_page(lib, save(tmp_path, "news2.html", NEWS), "replace")
    assert replaced.action == "replaced" and replaced.path == first.path
    assert path.read_bytes() != edited
    result = lib.undo_last()
    assert result.description is not None and "news2.html" in result.description
    assert path.read_bytes() == edited


def test_a_replace_keeps_what_the_user_wrote_in_the_front_matter(lib, tmp_path):
    # Replace took the neighbours' template: tags, notes, categories and the
    # date set by hand were gone (only undo brought them back)
    first = import_page(lib, save(tmp_path, "news.html", NEWS))
    path = lib.root / first.path
    mine = (
        "---\n# my note on this one\ntitle: Mine\ndate: 2020-02-02 08:00:00\n"
        "categories: [我的, 财经]\ntags:\n  - ip   # kept\nnotes: |\n  read twice\n"
        "source: https://news.example.cn/2021/0416/123.html\n---\n<p>Old text.</p>\n"
    )
    path.write_text(mine, encoding="utf-8")
    lib.refresh()
    changed = NEWS.replace("三万五千", "四万")
    replaced = import_page(lib, save(tmp_path, "news2.html", changed), "replace")
    assert (replaced.action, replaced.path) == ("replaced", first.path)
    data = path.read_text(encoding="utf-8")
    for kept in (
        "# my note on this one\n",
        "date: 2020-02-02 08:00:00\n",
        "categories: [我的, 财经]\n",
        "  - ip   # kept\n",
        "notes: |\n  read twice\n",
    ):
        assert kept in data
    article = lib.load(first.path)
    assert article.metadata["title"] == "上交会开幕 知识产权保护受关注"
    assert article.metadata["author"] == "证券时报网"
    assert "四万" in article.body and "Old text" not in article.body
    lib.undo_last()
    assert path.read_text(encoding="utf-8") == mine


def test_a_replace_writes_each_value_under_the_key_the_article_has_for_it(lib, tmp_path):
    # (review) an "authors" list got an "author" beside it; an article with
    # no date did not get the page's
    first = import_page(lib, save(tmp_path, "news.html", NEWS))
    path = lib.root / first.path
    mine = (
        "---\ntitle: Mine\nauthors: [Ann, Bob]\n"
        "source: https://news.example.cn/2021/0416/123.html\n---\nOld.\n"
    )
    path.write_text(mine, encoding="utf-8")
    lib.refresh()
    import_page(lib, save(tmp_path, "news2.html", NEWS), "replace")
    article = lib.load(first.path)
    assert "author" not in article.metadata and article.metadata["authors"] == ["Ann", "Bob"]
    assert str(article.metadata["date"]).startswith("2021-04-16 09:30")


def test_a_replace_keeps_toml_front_matter_and_crlf_line_ends(lib, tmp_path):
    first = import_page(lib, save(tmp_path, "news.html", NEWS))
    path = lib.root / first.path
    mine = (
        '+++\r\ntitle = "Mine"\r\ntags = ["ip"]\r\n'
        'source = "https://news.example.cn/2021/0416/123.html"\r\n+++\r\nOld.\r\n'
    )
    path.write_bytes(mine.encode())
    lib.refresh()
    import_page(lib, save(tmp_path, "news2.html", NEWS), "replace")
    data = path.read_bytes()
    assert data.startswith(b'+++\r\ntitle = "')
    assert b'tags = ["ip"]\r\n' in data and b"\n" not in data.replace(b"\r\n", b"")
    article = lib.load(first.path)
    assert article.metadata["tags"] == ["ip"] and "知识产权保护" in article.body


def test_a_replace_over_broken_front_matter_writes_it_anew_and_says_so(lib, tmp_path):
    first = import_page(lib, save(tmp_path, "news.html", NEWS))
    path = lib.root / first.path
    # the same text, so that the page is found as a duplicate by its text
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    broken = "---\ntitle: [unclosed\nmine: kept only by undo\n---\n" + body
    path.write_text(broken, encoding="utf-8")
    lib.refresh(fulltext=True)
    replaced = import_page(lib, save(tmp_path, "news2.html", NEWS), "replace")
    assert (replaced.action, replaced.path) == ("replaced", first.path)
    assert any("written anew" in warning for warning in replaced.warnings)
    assert not lib.load(first.path).has_errors
    lib.undo_last()
    assert path.read_text(encoding="utf-8") == broken


# -- adversarial review: pages as browsers read them ------------------------------------


@pytest.mark.parametrize(
    "before",
    [
        # end tags HTML lets a page leave out, inside what an import leaves out
        '<nav><ul><li><a href="/">Home</a><li><a href="/about">About</a></ul></nav>',
        "<form><select name=s><option>One<option>Two</select></form>",
        "<header><p>The site's slogan</header>",
        '<div><svg class="icon"/></div>',
        '<aside><iframe src="https://ads.example.com/"/></aside>',
    ],
)
def test_what_is_left_out_ends_with_its_own_end_tag(lib, tmp_path, before):
    # the article after a menu whose items had no end tags was dropped with
    # the menu: "the page holds no text to import"
    page = save(
        tmp_path,
        "page.html",
        f"<!DOCTYPE html><html><head><title>Kept</title></head><body>{before}"
        "<article><p>The article text that follows the page's menu is kept.</p></article>"
        "</body></html>",
    )
    article = lib.load(import_page(lib, page).path)
    assert "follows the page's menu is kept" in article.body


@pytest.mark.parametrize(
    "head",
    [
        "<head><title>Kept</title>",  # no </head>, no <body>
        "<head><title>Kept</title><noscript><img src=t.gif></noscript></head><body>",
        "<head><title>Kept<br></title></head><body>",  # a tag in the title
    ],
)
def test_the_body_is_found_after_any_head(lib, tmp_path, head):
    page = save(tmp_path, "head.html", f"<html>{head}<p>The body of the page is kept.</p>")
    article = lib.load(import_page(lib, page).path)
    assert "The body of the page is kept." in article.body


def test_a_file_that_holds_no_html_is_no_page(lib, tmp_path):
    # a link named like a page to a file of the system (or a key) was copied
    # into the library as an article, word for word
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nlong enough to be text\n")
    link = tmp_path / "page.html"
    link.symlink_to(secret)
    outcomes, failed = import_pages(lib, [link])
    assert outcomes == [] and failed == [(str(link), f"{link}: not a saved page (no HTML in it)")]
    assert not any("root:x" in lib.load(s.path).body for s in lib.find(parse("")))


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_a_page_saved_as_utf16_is_read(lib, tmp_path, bom, codec):
    page = tmp_path / "unicode.html"
    html = "<html><head><title>统一码</title></head><body><p>保存为 Unicode 的网页。</p></body>"
    page.write_bytes(bom + html.encode(codec))
    read = read_web_page(page)
    assert read.title == "统一码" and "保存为 Unicode 的网页。" in read.text


_DENSE_ZH = (
    "北京时间今天上午，统计部门发布了最新的数据，显示第三季度增长百分之四点九，增速有所回升。"
)
_DENSE_AR = "هذا نص عربي طويل عن الأخبار اليومية في المدينة. "


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    ("title", "body", "said"),
    [
        ("统一码", "<p>保存为 Unicode 的网页，没有字节顺序标记。</p>", "没有字节顺序标记。"),
        # text dense pages: few NULs (it was mojibake, exit 0, or "no HTML in it")
        ("新闻标题", f"<p>{_DENSE_ZH}</p>\n" * 40, "增速有所回升。"),
        ("عنوان عربي " * 60, f"<p>{_DENSE_AR * 400}</p>", "الأخبار اليومية"),
    ],
    ids=["short", "dense-chinese", "dense-arabic"],
)
def test_a_page_in_utf16_without_a_byte_order_mark_is_read(tmp_path, codec, title, body, said):
    page = tmp_path / "unmarked.html"
    head = f'<html><head><meta charset="utf-16"><title>{title}</title></head>'
    html = f"{head}<body>{body}</body></html>"
    page.write_bytes(html.encode(codec))
    read = read_web_page(page)
    assert " ".join(title.split()).startswith(read.title.rstrip("…")) and said in read.text


@pytest.mark.parametrize("bom", [b"", b"\xff\xfe"])
def test_a_utf16_page_with_a_bad_code_unit_is_read_with_a_replacement(tmp_path, bom):
    # a lone surrogate: refused as "no HTML in it"; a browser shows U+FFFD
    html = "<html><head><title>Lone</title></head><body><article><p>Plain words here.</p>"
    raw = html.encode("utf-16-le") + b"\x3d\xd8" + "</article></body></html>".encode("utf-16-le")
    page = tmp_path / "bad-unit.html"
    page.write_bytes(bom + raw)
    read = read_web_page(page)
    assert read.title == "Lone" and "Plain words here." in read.text


def test_bytes_with_nuls_that_are_no_utf16_page_are_not_read_as_one(tmp_path):
    page = tmp_path / "nuls.html"
    page.write_bytes(b"<html><body><p>" + b"a\0" * 300 + b"\0\0" * 50 + b"</p></body></html>")
    read = read_web_page(page)  # (the NULs of a byte encoding: not UTF-16, no tags in it)
    assert "aaa" in read.text.replace("\0", "")


def test_a_utf16_charset_in_ascii_bytes_is_read_as_utf8(tmp_path):
    # decoded as UTF-16 as its meta tag says, a UTF-8 page was nonsense
    page = tmp_path / "says-utf16.html"
    page.write_bytes(
        '<html><head><meta charset="utf-16"><title>Héllo</title></head>'
        "<body><p>A page saved as UTF-8 whose meta tag says UTF-16!</p></body></html>\n".encode()
    )
    assert len(page.read_bytes()) % 2 == 0  # (so that it decodes as UTF-16 too)
    read = read_web_page(page)
    assert read.title == "Héllo" and "whose meta tag says UTF-16!" in read.text


def test_images_go_where_their_folder_can_be_made(lib, tmp_path):
    # a file named like the article's asset folder: the article was written,
    # then "cannot save the page's images", the page counted as failed and
    # the article left pointing at images that were nowhere
    import shutil

    page = save(tmp_path, "charts.html", SINGLE_FILE)
    first = import_page(lib, page).path
    shutil.rmtree(lib.root / first.removesuffix(".md"))
    (lib.root / first).unlink()
    outside = tmp_path / "outside"
    outside.mkdir()
    (lib.root / first.removesuffix(".md")).write_text("a note of mine\n")
    (lib.root / first.replace(".md", "-2")).symlink_to(outside)
    lib.refresh()
    outcome = import_page(lib, page)
    assert outcome.action == "created" and outcome.images == 1
    folder = lib.root / outcome.path.removesuffix(".md")
    assert folder.is_dir() and not folder.is_symlink()
    (image,) = folder.iterdir()
    assert f'src="{image.name}"' in lib.load(outcome.path).body
    assert (lib.root / first.removesuffix(".md")).read_text() == "a note of mine\n"
    assert list(outside.iterdir()) == []


def test_images_are_never_saved_through_a_link(lib, tmp_path):
    import shutil

    page = save(tmp_path, "charts.html", SINGLE_FILE)
    first = import_page(lib, page).path
    folder = lib.root / first.removesuffix(".md")
    shutil.rmtree(folder)
    outside = tmp_path / "outside"
    outside.mkdir()
    folder.symlink_to(outside)
    with pytest.raises(ArticleError, match="symbolic link"):
        import_page(lib, page, "replace")
    assert list(outside.iterdir()) == []


@pytest.fixture
def time_zone(monkeypatch):
    import time

    def set_zone(name):
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "zone, moment",
    [("Asia/Shanghai", "0001-01-01"), ("Pacific/Kiritimati", "9999-12-31T23:59:59")],
)
def test_a_date_that_cannot_be_written_is_left_out_with_a_warning(
    open_library, root, tmp_path, time_zone, zone, moment
):
    # `ValueError: year 0 is out of range` in plan_new_article, and the pages
    # after it were never tried
    time_zone(zone)
    write(root, "a.md", "---\ntitle: A\ndate: 2021-01-01 10:00:00 +0800\n---\n<p>x</p>\n")
    lib = open_library(fulltext=True)
    extreme = save(
        tmp_path,
        "extreme.html",
        f'<html><head><meta property="article:published_time" content="{moment}">'
        "<title>Extreme</title></head><body><p>A page dated at the edge of time itself.</p>"
        "</body></html>",
    )
    outcomes, failed = import_pages(lib, [extreme, save(tmp_path, "ok.html", NO_DATE)])
    assert not failed and [o.action for o in outcomes] == ["created", "created"]
    assert len(outcomes[0].warnings) == 1 and "imported without a date" in outcomes[0].warnings[0]
    assert moment in outcomes[0].warnings[0]
    created = lib.load(outcomes[0].path)
    assert "date" not in created.metadata and created.title == "Extreme"
    assert outcomes[1].warnings == []


def test_a_file_of_the_library_is_refused_not_copied(lib, root, tmp_path):
    # `import LIB LIB/2021/old.md` made a stripped copy (title from the name,
    # date, author and categories lost)
    page = root / "saved.html"
    page.write_text(NO_DATE, encoding="utf-8")
    linked = tmp_path / "outside.md"
    linked.symlink_to(root / "2021" / "old.md")
    before = sorted(p.name for p in root.rglob("*"))
    outcomes, failed = import_pages(lib, [root / "2021" / "old.md", page, linked])
    assert outcomes == [] and [p for p, _ in failed] == [
        str(root / "2021" / "old.md"),
        str(page),
        str(linked),
    ]
    assert all("is inside the library" in message for _, message in failed)
    assert sorted(p.name for p in root.rglob("*")) == before


BLINK_MHTML = (
    b"From: <Saved by Blink>\r\n"
    b"Snapshot-Content-Location: https://example.org/caf\r\n"
    b"Subject: =?utf-8?Q?Caf=C3=A9?=\r\n"
    b"Date: Fri, 16 Apr 2021 08:00:00 -0000\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----B"\r\n\r\n\r\n'
    b"------B\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n"
    b"Content-Location: https://example.org/caf\r\n\r\n"
    b'<html><head><meta charset=3D"utf-8"><title>Caf=C3=A9</title></head><body>'
    b"<p>A caf=C3=A9 page long enough to be imported as text.</p>"
    b'<img src=3D"cid:x@mhtml.blink"></body></html>\r\n------B--\r\n'
)


@pytest.mark.parametrize("name", ["page.mhtml", "page.MHT", "renamed.html"])
def test_a_single_file_page_is_refused_with_why(lib, tmp_path, name):
    page = tmp_path / name
    page.write_bytes(BLINK_MHTML)
    outcomes, failed = import_pages(lib, [page, save(tmp_path, "ok.html", NO_DATE)])
    assert [o.action for o in outcomes] == ["created"]
    assert failed == [
        (
            str(page),
            f"{page}: a single-file page (MHTML) cannot be imported; save the page as HTML",
        )
    ]


def test_an_address_no_one_can_take_apart_fails_nothing(lib, tmp_path):
    """A canonical link or an image at ``http://[zz]/`` made ``urlsplit``
    raise: the import stopped there with a traceback, and the pages after
    it were never tried.  Such an address is no address."""
    bad = save(
        tmp_path,
        "bad.html",
        '<html><head><title>Bad addresses</title><link rel="canonical" href="http://[zz]/">'
        '<meta property="og:url" content="http://[::1/"></head><body><div id="post">'
        '<p>A paragraph of text with an image <img src="http://[zz]/x.png" alt="gone"> and '
        'a relative one <img src="x[.png"> here.</p><p>A second paragraph.</p></div>'
        "</body></html>",
    )
    outcomes, failed = import_pages(lib, [bad, save(tmp_path, "ok.html", NO_DATE)])
    assert failed == [] and [o.action for o in outcomes] == ["created", "created"]
    article = lib.load(outcomes[0].path)
    assert "source" not in article.metadata and "[zz]" not in article.body


def test_the_title_is_the_pages_own_not_an_icons(tmp_path):
    """An ``<svg><title>`` in the body (an icon's label) was added to the
    page's title: "Real TitleMenu icon", and the file named after it."""
    page = save(
        tmp_path,
        "icons.html",
        "<html><head><title>Real Title</title></head><body>"
        '<svg viewBox="0 0 1 1"><title>Menu icon</title></svg><div id="post">'
        "<p>A paragraph of text long enough to be the article, and more of it.</p>"
        "<p>A second paragraph.</p></div><title>Late</title></body></html>",
    )
    assert read_web_page(page).title == "Real Title"


def test_a_page_whose_text_comes_before_its_first_tag_stays_html(lib, tmp_path):
    # written into a .md file, it was read as Markdown: "__init__" bold, the
    # page's text "[click me](…)" a link; and never found as a duplicate
    page = save(
        tmp_path,
        "trap.html",
        "<!doctype html><html><head><meta charset='utf-8'><title>Markdown trap</title></head>"
        "<body><article>Call __init__ first.\n# not a heading\n"
        "[click me](http://evil.example/) and \\*stars\\*\n<p>Second paragraph, long enough"
        " for the extractor to take this as the main content of the page, lorem ipsum dolor"
        " sit amet, consectetur adipiscing elit.</p></article></body></html>",
    )
    first = import_page(lib, page)
    article = lib.load(first.path)
    assert article.body_format == "html"
    rendered = render_article(article).body_html.split('class="article-body"')[1]
    assert "__init__" in rendered and "[click me](http://evil.example/)" in rendered
    assert "<strong>" not in rendered and "<h1" not in rendered
    assert 'href="http://evil.example/' not in rendered
    lib.build_fulltext()
    again = import_page(lib, save(tmp_path, "trap-copy.html", page.read_text()))
    assert (again.action, again.path) == ("skipped", first.path)


# -- a stopped import, addresses, sites, refused replaces -----------------------------------

PNG2 = _png_chunks(b"second picture" * 10)


def _page_with_images(tmp_path, name="pictures.html", title="Pictures"):
    return save(
        tmp_path,
        name,
        f'<html><head><title>{title}</title><link rel="canonical" '
        'href="https://example.org/pictures"></head><body><article>'
        "<p>A page with two pictures and enough text to be the article.</p>"
        f'<img src="{PNG_URL}"><img src="data:image/png;base64,'
        f'{base64.b64encode(PNG2).decode()}"></article></body></html>',
    )


def _image_names(body):
    import re

    return sorted(set(re.findall(r'src="(img-[0-9a-f]+\.png)"', body)))


def test_the_article_appears_only_once_its_images_are_saved(lib, tmp_path, monkeypatch):
    # the article was written first: an import stopped while its images were
    # saved left an article pointing at images that were not there, and the
    # next import skipped it as "already in the library"
    from reader.core.article import storage

    seen = []
    create = storage.create_exclusive

    def watched(path, data, *rest):
        seen.append((os.path.basename(path), (lib.root / "2021" / "pictures.md").exists()))
        return create(path, data, *rest)

    monkeypatch.setattr(storage, "create_exclusive", watched)
    outcome = import_page(lib, _page_with_images(tmp_path))
    assert outcome.path == "2021/pictures.md" and outcome.images == 2
    images = [name for name, _ in seen if name.startswith("img-")]
    assert len(images) == 2
    assert [there for name, there in seen if name in images] == [False, False]
    assert sorted(images) == _image_names(lib.load(outcome.path).body)


def test_an_import_stopped_while_saving_images_leaves_nothing(lib, tmp_path, monkeypatch):
    from reader.core.article import storage

    create = storage.create_exclusive
    calls = []

    def stopped_at_the_second(path, data, *rest):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # (as SIGTERM stops a command)
        return create(path, data, *rest)

    monkeypatch.setattr(storage, "create_exclusive", stopped_at_the_second)
    page = _page_with_images(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        import_page(lib, page)
    assert sorted(p.name for p in (lib.root / "2021").iterdir()) == ["old.md"]  # nothing half-made
    monkeypatch.setattr(storage, "create_exclusive", create)
    outcome = import_page(lib, page)
    assert outcome.action == "created" and outcome.images == 2
    folder = lib.root / "2021" / "pictures"
    assert sorted(p.name for p in folder.iterdir()) == _image_names(lib.load(outcome.path).body)


def test_what_a_killed_import_left_is_completed_by_the_next(lib, tmp_path):
    # kill -9 between the images and the article: an asset folder without
    # its article (one image missing, a temporary file of the write path);
    # the next import uses that folder, fills it and sweeps the leftover
    import time

    page = _page_with_images(tmp_path)
    first = import_page(lib, page)
    body = lib.load(first.path).body
    (lib.root / first.path).rename(tmp_path / "kept.md")  # (never written, as after the kill)
    lib.update_paths([first.path])
    folder = lib.root / "2021" / "pictures"
    kept, missing = _image_names(body)
    (folder / missing).unlink()
    leftover = folder / f".{missing}.Ab3_x-9Z.artmp"
    leftover.write_bytes(b"half an image")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    again = import_page(lib, page)
    assert (again.action, again.path, again.images) == ("created", "2021/pictures.md", 2)
    assert sorted(p.name for p in folder.iterdir()) == [kept, missing]
    assert lib.load(again.path).body == body


def test_a_folder_of_another_article_or_with_other_images_is_not_used(lib, tmp_path):
    page = _page_with_images(tmp_path)
    names = _image_names(read_web_page(page).body)
    here = lib.root / "2021"
    # an article of another type owns pictures/; pictures-2/ holds another
    # file under an image's name; pictures-3/ is a link
    write(lib.root, "2021/pictures.html", "<p>Mine, with my pictures.</p>\n")
    (here / "pictures").mkdir()
    (here / "pictures-2").mkdir()
    (here / "pictures-2" / names[0]).write_bytes(b"not that picture")
    outside = tmp_path / "outside"
    outside.mkdir()
    (here / "pictures-3").symlink_to(outside)
    lib.refresh()
    outcome = import_page(lib, page)
    assert outcome.path == "2021/pictures-4.md"
    assert list((here / "pictures").iterdir()) == []
    assert [p.name for p in (here / "pictures-2").iterdir()] == [names[0]]
    assert (here / "pictures-2" / names[0]).read_bytes() == b"not that picture"
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in (here / "pictures-4").iterdir()) == names


def test_a_refused_replace_writes_no_images(lib, tmp_path):
    # the replace of a read-only article was refused, but the image folder
    # had been made (and filled) already
    first = import_page(lib, save(tmp_path, "news.html", NEWS))
    path = lib.root / first.path
    before = path.read_bytes()
    path.chmod(0o444)
    changed = NEWS.replace("</div>\n </div>", f'<img src="{PNG_URL}"></div>\n </div>', 1)
    assert changed != NEWS
    with pytest.raises(ArticleError, match="read-only"):
        import_page(lib, save(tmp_path, "news2.html", changed), "replace")
    assert path.read_bytes() == before
    assert not os.path.lexists(path.with_suffix(""))


def test_a_replace_never_puts_images_among_articles(lib, tmp_path):
    # (export attack) a new import's images never go into a folder that
    # holds articles; a replace put them into the category folder of the
    # article's name, which publish then left behind
    first = import_page(lib, _page_with_images(tmp_path))
    path = lib.root / first.path
    folder = path.with_suffix("")
    for image in folder.iterdir():
        image.unlink()
    (folder / "rome.md").write_text("---\ntitle: Rome\n---\nRome notes.\n", encoding="utf-8")
    lib.refresh()
    before = path.read_bytes()
    changed = _page_with_images(tmp_path, "pictures2.html", title="Pictures again")
    with pytest.raises(ArticleError, match="holds articles") as raised:
        import_page(lib, changed, "replace")
    assert raised.value.path is not None and os.fspath(raised.value.path) == os.fspath(folder)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["rome.md"]
    kept = import_page(lib, changed, "keep-both")  # (beside it, in a folder of its own)
    assert kept.action == "created" and kept.path != first.path
    assert len(_image_names((lib.root / kept.path).read_text(encoding="utf-8"))) == 2


def test_a_failed_replace_removes_the_images_it_saved(lib, tmp_path, monkeypatch):
    # the article changed on disk while the page was imported over it: the
    # write is refused, and the images saved for it go again
    from reader.core.article import storage

    first = import_page(lib, _page_with_images(tmp_path))
    folder = lib.root / "2021" / "pictures"
    before = sorted(p.name for p in folder.iterdir())
    third = _png_chunks(b"third picture" * 10)
    changed = (
        _page_with_images(tmp_path, "pictures2.html")
        .read_text()
        .replace(
            "</article>",
            f'<img src="data:image/png;base64,{base64.b64encode(third).decode()}">'
            "<p>And a third picture.</p></article>",
        )
    )
    save_checked = storage.save_article

    def changed_meanwhile(article, new_raw):
        (lib.root / first.path).write_bytes(article.raw + b"<p>Mine.</p>\n")
        return save_checked(article, new_raw)

    monkeypatch.setattr(storage, "save_article", changed_meanwhile)
    with pytest.raises(storage.FileChangedError):
        import_page(lib, save(tmp_path, "pictures3.html", changed), "replace")
    assert sorted(p.name for p in folder.iterdir()) == before


def test_addresses_differing_in_their_path_case_are_two_pages(lib, tmp_path):
    # /wiki/Nice and /wiki/NICE are two articles; the index compares
    # ``source`` without case, and the second page was skipped (or, with
    # replace, written over the first)
    def wiki(name, address, text):
        return save(
            tmp_path,
            name,
            f'<html><head><title>{text}</title><link rel="canonical" href="{address}">'
            f"</head><body><article><p>{text} is the subject of this long enough article."
            "</p></article></body></html>",
        )

    nice = import_page(lib, wiki("nice.html", "https://en.wikipedia.org/wiki/Nice", "Nice"))
    before = (lib.root / nice.path).read_bytes()
    upper = wiki("upper.html", "https://en.wikipedia.org/wiki/NICE", "National Institute")
    created = import_page(lib, upper, "replace")
    assert created.action == "created" and created.path != nice.path
    assert (lib.root / nice.path).read_bytes() == before
    # the scheme and the host are compared without case
    same = wiki("same.html", "HTTPS://EN.Wikipedia.ORG/wiki/Nice", "Nice again")
    skipped = import_page(lib, same)
    assert (skipped.action, skipped.path, skipped.duplicate) == ("skipped", nice.path, "source")
    query = wiki("query.html", "https://en.wikipedia.org/wiki/Nice?Lang=FR", "Nice query")
    assert import_page(lib, query).action == "created"


def _site_library(root, tmp_path):
    from reader.core.library.facade import Library

    library = Library.open(root, tmp_path / f"cache-{root.name}")
    library.refresh()
    return library


JEKYLL_NEWEST = "---\ntitle: Newest\ndate: 2025-06-01 10:00:00\n---\nThe newest post.\n"


def test_a_page_imported_into_jekyll_posts_is_named_by_its_date(tmp_path):
    # written as _posts/dated-page.md, which Jekyll never builds
    from datetime import date

    from tests.fixtures.sites import copy_site

    site = copy_site("jekyll", tmp_path)
    write(site, "_posts/2025-06-01-newest.md", JEKYLL_NEWEST)
    library = _site_library(site, tmp_path)
    try:
        dated = save(
            tmp_path,
            "dated.html",
            '<html><head><title>Dated page</title><meta name="date" content="2024-03-05">'
            "</head><body><article><p>A page with a date, text enough for an article."
            f'</p><img src="{PNG_URL}"></article></body></html>',
        )
        outcome = import_page(library, dated)
        assert outcome.path == "_posts/2024-03-05-dated-page.md"
        assert (site / "_posts" / "2024-03-05-dated-page").is_dir()
        undated = import_page(library, save(tmp_path, "undated.html", NO_DATE))
        assert undated.path == f"_posts/{date.today():%Y-%m-%d}-notes-without-a-date.md"
        # the year 1: "1-01-01-…", a name Jekyll passes over (it wants 4 digits)
        ancient = save(
            tmp_path,
            "ancient.html",
            "<html><head><title>Ancient page</title>"
            '<meta property="article:published_time" content="0001-01-01T00:00:00">'
            "</head><body><article><p>A page from long ago, text enough.</p></article>"
            "</body></html>",
        )
        assert import_page(library, ancient).path == "_posts/0001-01-01-ancient-page.md"
    finally:
        library.close()


TEMPLATE_TEXT = (
    "<html><head><title>Templates</title></head><body><article>"
    "<p>Write {{ page.title }} to show the title; {% raw %} starts a raw block.</p>"
    "<p>In Hugo, {{&lt; figure src=x &gt;}} and {{% note %}} are shortcodes; "
    "{# a comment #} in Hexo.</p></article></body></html>"
)
TEMPLATE_SHOWN = (
    "Write {{ page.title }} to show the title; {% raw %} starts a raw block.",
    "In Hugo, {{< figure src=x >}} and {{% note %}} are shortcodes; {# a comment #} in Hexo.",
)


@pytest.mark.parametrize("kind", ["jekyll", "hugo", "plain"])
def test_template_text_of_a_page_stays_its_text(tmp_path, kind):
    # {{ page.title }} was run as Liquid when the imported article was shown
    # (the text changed), and {{&lt; gave `check` a Liquid warning
    from reader.core.library.fulltext import collapse_whitespace, plain_text
    from reader.core.library.sitecontext import site_context_for
    from reader.core.render.sitetemplates import template_problems
    from reader.core.site.detect import find_site
    from tests.fixtures.sites import copy_site

    if kind == "plain":
        root = tmp_path / "plain"
        write(root, "a.md", "---\ntitle: A\n---\nA.\n")
    else:
        root = copy_site(kind, tmp_path)
        if kind == "jekyll":
            write(root, "_posts/2025-06-01-newest.md", JEKYLL_NEWEST)
    library = _site_library(root, tmp_path)
    try:
        outcome = import_page(library, save(tmp_path, "templates.html", TEMPLATE_TEXT))
        article = library.load(outcome.path)
        assert (find_site(article.path) is not None) == (kind != "plain")
        # (the site's context, as the reader pane and `check` take it)
        info = site_context_for(article, library=library)
        site = info.context if info is not None else None
        if site is not None:
            assert template_problems(article, site) == []
        rendered = render_article(article, library_root=library.root, site=site)
        shown = collapse_whitespace(plain_text(rendered.body_html, "html"))
        for text in TEMPLATE_SHOWN:
            assert text in shown
        assert "template-notice" not in rendered.body_html
        # and it is the same page when imported again
        again = import_page(library, save(tmp_path, "templates2.html", TEMPLATE_TEXT))
        assert (again.action, again.path) == ("skipped", outcome.path)
    finally:
        library.close()


def test_images_are_never_saved_through_a_folder_linked_outside(lib, tmp_path, monkeypatch):
    # The images go before the article, whose write path refuses a folder
    # that leads outside the library: they were written there first (and
    # stayed, had the import been killed before the refusal)
    outside = tmp_path / "outside"
    (lib.root / "2021").rename(outside)
    (lib.root / "2021").symlink_to(outside, target_is_directory=True)
    before = sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*"))
    seen = []
    create = lib.create_planned

    def watched(plan):
        seen.append(sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*")))
        return create(plan)

    monkeypatch.setattr(lib, "create_planned", watched)
    with pytest.raises(LibraryError):
        import_page(lib, _page_with_images(tmp_path))
    assert all(found == before for found in seen)
    assert sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*")) == before


@pytest.mark.parametrize(
    "story",
    [
        "<ul><li>Story sentence {n}: the council voted to close the old bridge.</li></ul>",
        "<table><tr><td>Story sentence {n}: the council voted to close it.</td></tr></table>",
        "<pre>Story sentence {n}: the council voted to close the old bridge.</pre>",
        "<blockquote>Story sentence {n}: the council voted to close the bridge.</blockquote>",
        "<div>Story sentence {n}: the council voted to close the old bridge.</div>",
    ],
)
def test_a_story_outside_paragraphs_is_kept_whole_beside_a_short_one(tmp_path, story):
    # the one short paragraph (a copyright line) was taken for the article,
    # and the story's sentences were dropped without a word
    sentences = "".join(story.format(n=n) for n in range(12))
    footer = '<div class="site"><p>Copyright 2020 Example News. All rights reserved.</p></div>'
    page = save(tmp_path, "story.html", f"<html><body>{sentences}{footer}</body></html>")
    text = read_web_page(page).text
    assert all(f"Story sentence {n}:" in text for n in range(12))


def test_a_story_in_two_sections_keeps_both(tmp_path):
    first = "".join(f"<p>First part, paragraph {n}, with enough words in it.</p>" for n in range(3))
    second = "".join(f"<p>Second part, paragraph {n}, with enough words too.</p>" for n in range(2))
    nav = "<nav>" + "".join(f'<a href="/{n}">Other story {n}</a>' for n in range(30)) + "</nav>"
    page = save(
        tmp_path,
        "two.html",
        f"<html><body>{nav}<div><section>{first}</section>"
        f"<section>{second}</section></div></body></html>",
    )
    text = read_web_page(page).text
    assert "First part, paragraph 2" in text and "Second part, paragraph 1" in text
    assert "Other story" not in text


@pytest.mark.parametrize(
    ("codec", "title", "text"),
    [
        ("shift_jis", "日本語のタイトル", "これは日本語の本文です。ひらがなとカタカナがあります。"),
        ("euc_jp", "日本語のタイトル", "これは日本語の本文です。ひらがなとカタカナがあります。"),
        ("big5", "繁體中文標題", "這是一段繁體中文的內容，我們在這裡寫了幾句話。"),
        ("euc_kr", "한국어 제목", "이것은 한국어 본문입니다. 여러 문장을 여기에 씁니다. "),
        ("gb18030", "简体中文标题", "这是一段简体中文的内容，我们在这里写了几句话。"),
    ],
)
def test_an_undeclared_east_asian_page_is_read_in_its_encoding(tmp_path, codec, title, text):
    # Shift_JIS, Big5 and EUC-KR came out as Windows-1252 mojibake, EUC-JP
    # and EUC-KR as GB18030's
    page = tmp_path / "page.html"
    body = f"<html><head><title>{title}</title></head><body><p>{text * 4}</p></body></html>"
    page.write_bytes(body.encode(codec))
    read = read_web_page(page)
    assert read.title == title and text.strip() in read.text


def test_a_shift_jis_page_that_says_utf8_is_read_as_what_it_is(tmp_path):
    page = tmp_path / "page.html"
    text = "これは日本語の本文です。" * 4
    page.write_bytes(
        f"<html><head><meta charset='utf-8'><title>題</title></head><body><p>{text}</p></body>"
        "</html>".encode("shift_jis")
    )
    assert text in read_web_page(page).text


def test_a_page_s_images_never_go_into_a_folder_of_articles(lib, tmp_path):
    # the images went into an existing folder of that name holding articles,
    # which a publish then moved with them
    folder = lib.root / "2021" / "charts-of-the-week"
    write(lib.root, "2021/charts-of-the-week/inside.md", "---\ntitle: Inside\n---\nbody\n")
    outcome = import_page(lib, save(tmp_path, "charts.html", SINGLE_FILE))
    assert outcome.action == "created" and outcome.path == "2021/charts-of-the-week-2.md"
    assert sorted(p.name for p in folder.iterdir()) == ["inside.md"]
    assert len(list((lib.root / "2021" / "charts-of-the-week-2").iterdir())) == 1


def test_a_page_imported_into_a_hugo_site_is_html_content(tmp_path, cache_dir):
    # written as .md, Hugo's Markdown renderer left its HTML out: an empty page
    from reader.core.library.facade import Library
    from tests.fixtures.sites import copy_site

    root = copy_site("hugo", tmp_path)
    with Library.open(root, cache_dir) as library:
        library.refresh()
        outcome = import_page(library, save(tmp_path, "story.html", NEWS))
        assert outcome.path.endswith(".html") and outcome.path.startswith("content/")
        article = library.load(outcome.path)
        assert article.body_format == "html" and "知识产权保护成为关注焦点" in article.body


def test_a_utf8_page_with_a_footer_in_windows_1252_keeps_its_utf8(tmp_path):
    # a few Windows-1252 bytes made the whole page Windows-1252: its title
    # came out "Itâ€™s a â€œquotedâ€\x9d title", and its file name too
    page = tmp_path / "mixed.html"
    page.write_bytes(
        '<html><head><meta charset="utf-8"><title>It’s a “quoted” title — café</title></head>'
        "<body><article><p>The author’s “smart quotes” are UTF-8, as the page says.</p>".encode()
        + "<p>Café Zürich — Grüße, Straße, Façade, naïve, résumé, déjà vu</p>".encode("cp1252")
        + b"</article></body></html>"
    )
    read = read_web_page(page)
    assert read.title == "It’s a “quoted” title — café"
    assert "author’s “smart quotes”" in read.body
    assert "Café Zürich — Grüße, Straße, Façade" in read.body


@pytest.mark.parametrize(
    ("comment", "shown", "hidden"),
    [
        ("<!-- note --!>", ["SECOND", "Third"], ["note"]),  # (ends as --> does)
        ("<!-->", ["SECOND", "Third"], []),  # (an empty comment)
        ("<!--->", ["SECOND", "Third"], []),
        # (ended by the later comment's "-->", as a browser ends it)
        ("<!-- not ended here, password=hunter2", ["Third"], ["SECOND", "hunter2"]),
    ],
)
def test_comments_end_where_a_browser_ends_them(tmp_path, comment, shown, hidden):
    # Python's parser read on to the next "-->": paragraphs a browser shows
    # were lost; and a comment never ended was imported as text
    page = tmp_path / "comments.html"
    page.write_text(
        "<html><head><title>Comments</title></head><body><article>"
        "<p>First paragraph, long enough to be the article's text here.</p>"
        f"{comment}<p>SECOND paragraph, which a browser shows to the reader.</p>"
        "<!-- a later comment --><p>Third paragraph, shown too.</p></article></body></html>",
        encoding="utf-8",
    )
    body = read_web_page(page).body
    assert "First paragraph" in body
    assert all(word in body for word in shown), body
    assert not any(word in body for word in hidden), body


def test_a_comment_never_ended_hides_the_rest_of_the_page(tmp_path):
    page = tmp_path / "unclosed.html"
    page.write_text(
        "<html><head><title>Unclosed</title></head><body><article>"
        "<p>Visible paragraph, long enough to be the article's text here.</p>"
        "<!-- TODO internal: password=hunter2, do not publish\n</article></body></html>",
        encoding="utf-8",
    )
    body = read_web_page(page).body
    assert "Visible paragraph" in body and "hunter2" not in body


def test_a_page_of_too_many_elements_is_refused_before_it_is_built(tmp_path):
    # twenty million elements in 60 MB took 10 minutes and 10 GB to import
    from reader.core.convert.webpage import MAX_PAGE_ELEMENTS

    page = save(
        tmp_path,
        "bomb.html",
        "<html><body>" + "<i>" * (MAX_PAGE_ELEMENTS + 1) + "<p>some text</p></body></html>",
    )
    with pytest.raises(ArticleError) as raised:
        read_web_page(page)
    assert str(raised.value) == (
        f"{page}: the page has more than {MAX_PAGE_ELEMENTS:,} elements (a long page has a "
        "few thousand); not imported"
    )
    under = save(tmp_path, "long.html", "<html><body>" + "<p>words</p>" * 20_000 + "</body></html>")
    assert read_web_page(under).text.count("words") == 20_000


def _distinct_gifs(count: int) -> list[bytes]:
    one = bytearray(base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"))
    gifs = []
    for number in range(count):
        gif = bytearray(one)
        gif[13:16] = number.to_bytes(3, "big")  # (the palette's first colour)
        gifs.append(bytes(gif))
    return gifs


def test_a_page_keeps_so_many_images_as_files_the_rest_noted(lib, tmp_path, monkeypatch):
    # one page of 50,000 distinct one-pixel images wrote 50,000 files
    from reader.core.convert import webpage

    monkeypatch.setattr(webpage, "MAX_PAGE_IMAGES", 3)
    gifs = _distinct_gifs(5)
    images = "".join(
        f'<img alt="pic {n}" src="data:image/gif;base64,{base64.b64encode(gif).decode()}">'
        for n, gif in enumerate([*gifs, gifs[0]])  # (the first again: no new file)
    )
    page = save(
        tmp_path,
        "gifs.html",
        f"<html><head><title>Gifs</title></head><body><p>text</p>{images}</body></html>",
    )
    outcome = import_page(lib, page)
    folder = lib.root / outcome.path.removesuffix(".md")
    assert len(list(folder.iterdir())) == 3
    body = lib.load(outcome.path).body
    assert body.count("<img") == 4  # the three kept, the first twice
    assert "[pic 3]" in body and "[pic 4]" in body


@pytest.mark.parametrize(
    ("name", "title", "read"),
    [
        ("override.html", "\u202e", "override"),  # (a title no one could see)
        ("blank.html", "\u200b\u200b", "blank"),
        ("spoof.html", "invoice\u202egpj.exe", "invoicegpj.exe"),  # (showed "exe.jpg")
        ("\u200b.html", "\u200b", "Untitled"),
    ],
)
def test_a_title_that_shows_nothing_or_reorders_the_text_is_read_as_shown(
    tmp_path, name, title, read
):
    page = save(
        tmp_path,
        name,
        f"<html><head><title>{title}</title></head><body><p>A story of some words.</p>"
        "</body></html>",
    )
    assert read_web_page(page).title == read


def test_an_author_that_shows_nothing_is_no_author(tmp_path):
    page = save(
        tmp_path,
        "by.html",
        '<html><head><title>By</title><meta name="author" content="\u202e\u200b">'
        '<meta property="article:published_time" content="2024-02-29T12:00:00Z"></head>'
        "<body><p>A story of some words.</p></body></html>",
    )
    assert read_web_page(page).author is None
    spoof = save(
        tmp_path,
        "spoof-by.html",
        '<html><head><title>By</title><meta name="author" content="Ann\u202eeoD">'
        "</head><body><p>A story of some words.</p></body></html>",
    )
    assert read_web_page(spoof).author == "AnneoD"


def test_a_title_of_a_whole_page_is_cut(tmp_path):
    # 220,000 characters of <title> went whole into the front matter
    from reader.core.convert.webpage import MAX_TITLE_CHARS

    page = tmp_path / "long.html"
    words = "word " * 50_000
    page.write_text(f"<html><head><title>{words}</title></head><body><p>Text.</p></body></html>")
    read = read_web_page(page)
    assert len(read.title) <= MAX_TITLE_CHARS and read.title.endswith("word…")


PERSIAN = """<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>خبر امروز</title></head>
<body><article><h1>خبر امروز</h1>
<p>این یک متن فارسی است که برای آزمایش نوشته شده و باید درست خوانده شود.</p>
</article></body></html>
"""


@pytest.mark.parametrize(
    ("head", "found"),
    [
        ('<html lang="fa">', "fa"),
        ('<html xml:lang="fa-IR">', "fa-IR"),
        ('<html><meta http-equiv="Content-Language" content="fa, en">', "fa"),
        ('<html><meta property="og:locale" content="fa_IR">', "fa-IR"),
        ('<html lang="">', None),  # ("unknown")
        ('<html lang="not a language">', None),
        ("<html>", None),
    ],
)
def test_the_pages_language_is_read(tmp_path, head, found):
    page = save(tmp_path, "p.html", PERSIAN.replace('<html lang="fa" dir="rtl">', head))
    assert read_web_page(page).language == found


def test_an_imported_page_keeps_its_language(lib, tmp_path, root):
    # (review) a page's <html lang> was dropped: a Persian page was read as
    # Arabic by its letters, in the reader and in an export
    write(root, "2021/en.md", "---\ntitle: English\nlang: en\n---\n<p>Hello.</p>\n")
    lib.refresh()
    outcome = import_page(lib, save(tmp_path, "fa.html", PERSIAN))
    article = lib.load(outcome.path)
    assert article.metadata["lang"] == "fa"
    # a page that says nothing does not take a neighbour's language
    silent = import_page(lib, save(tmp_path, "x.html", NO_DATE))
    assert "lang" not in lib.load(silent.path).metadata


def test_a_replace_adds_the_language_but_keeps_one_set_by_hand(lib, tmp_path):
    first = import_page(lib, save(tmp_path, "fa.html", PERSIAN.replace(' lang="fa"', "")))
    assert "lang" not in lib.load(first.path).metadata
    import_page(lib, save(tmp_path, "fa2.html", PERSIAN), "replace")
    assert lib.load(first.path).metadata["lang"] == "fa"
    path = lib.root / first.path
    path.write_bytes(path.read_bytes().replace(b"lang: fa", b"lang: fa-AF"))
    lib.refresh()
    import_page(lib, save(tmp_path, "fa3.html", PERSIAN), "replace")
    assert lib.load(first.path).metadata["lang"] == "fa-AF"


ARABIC_BODY = (
    "<p>مرحبا بكم في موقعنا. هذه مقالة عن التاريخ العربي والثقافة الإسلامية في المدينة.</p>"
)


@pytest.mark.parametrize(
    ("declared", "body", "kept"),
    [
        ("en-US", ARABIC_BODY, None),  # (a theme's language over an Arabic article)
        ("ar", ARABIC_BODY, "ar"),
        ("fa-IR", ARABIC_BODY, "fa-IR"),  # (of the same direction: taken as declared)
        ("ar", "<p>An English article on an Arabic site, all in English words.</p>", None),
        ("zh-CN", "<p>An English article on a Chinese site, in English words only.</p>", None),
        ("en", "<p>第七届中国国际技术进出口交易会今日开幕，知识产权保护成为关注焦点。</p>", None),
        (
            "zh-Hant",
            "<p>第七届中国国际技术进出口交易会今日开幕，知识产权保护成为关注焦点。</p>",
            "zh-Hant",
        ),
        ("de", "<p>Ein Artikel auf Deutsch, mit ganz gewöhnlichen Wörtern geschrieben.</p>", "de"),
    ],
)
def test_a_declared_language_the_text_contradicts_is_not_kept(tmp_path, declared, body, kept):
    # (review) Themes declare the site's language on every page: lang="en-US"
    # over an Arabic article was written into it, and the reader laid it out
    # left to right
    page = save(
        tmp_path,
        "p.html",
        f'<html lang="{declared}"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body><article>{body}</article></body></html>",
    )
    assert read_web_page(page).language == kept
