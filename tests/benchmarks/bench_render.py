"""How long ``render_article`` takes, on typical and on hostile articles.

    python tests/benchmarks/bench_render.py [--rounds 200]

Builds its articles in memory: a ~6 KB Chinese news article in HTML (the
common case in saved news archives), a ~6 KB Markdown post with a table,
code and Hexo tags, and the big and odd inputs the reader must survive.
Prints median and 90th-percentile times in milliseconds.  Not a test: it
asserts nothing (the target is a median of at most 10 ms for the 6 KB
articles).  The Jekyll (Liquid) and Hugo (shortcodes) posts render against
an in-memory site context; their ratio to the plain Markdown post of the
same size, measured in the same run, is printed next.

Then, for large articles, the ratio of ``render_article`` to a plain
pipeline measured in the same run (markdown-it-py's CommonMark with tables
and strikethrough, then ``bleach.clean`` with the same allowlist and a CSS
sanitizer; target ≤ 1.2×), the time to re-open an article already rendered
(the render cache; target ≤ 20 ms), and the hostile megabytes that used to
take minutes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.core.article.codec import parse_article
from reader.core.render.pipeline import render_article
from reader.core.render.sitecontext import SiteContext

_SITE_DATA = {
    "releases": [
        {
            "version": f"2.{minor}.{patch}",
            "url": {"gz": f"https://cache.example/ruby-2.{minor}.{patch}.tar.gz"},
            "sha256": {"gz": f"{minor:02d}{patch:02d}" * 16},
        }
        for minor in range(8)
        for patch in range(10)
    ]
}
_JEKYLL = SiteContext(
    kind="jekyll", root=Path("/nonexistent-site"), config={"title": "Site"}, data=_SITE_DATA
)
_HUGO = SiteContext(kind="hugo", root=Path("/nonexistent-site"), config={"params": {"v": "1"}})
_LIQUID_SECTION = (
    "## Download\n\n"
    '{% assign release = site.data.releases | where: "version", "2.7.2" | first %}'
    "* <{{ release.url.gz }}>\n\n      SHA256: {{ release.sha256.gz }}\n\n"
    "{% highlight ruby %}\nputs 'hi'\n{% endhighlight %}\n\n"
    "This release of {{ site.title }} fixes **many** bugs in {{ page.title | downcase }}.\n\n"
)
_SHORTCODE_SECTION = (
    "## Section\n\n"
    '{{< figure src="a.png" title="A" >}}\n\n{{< new-in 0.120 >}}\n\n'
    "{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n\n"
    "Version {{< param v >}} with **bold** text and a [link](https://example.com).\n\n"
)


def _site_post(section: str) -> bytes:
    front = "---\ntitle: Ruby 2.7.2 Released\ndate: 2020-10-02 11:00:00 +0000\n---\n"
    prose = "Many committers, developers, and users helped us make this release. " * 3 + "\n\n"
    body = section
    while len((front + body).encode()) < 6000:
        body += prose if len(body) % 3 else section
    return (front + body).encode()


_NEWS_PARAGRAPH = (
    "<p>记者从会上获悉，今年共有八十余家机构的九十多个项目在现场发布，涵盖生物科技、"
    '新材料和智能制造等领域，<a class="hot" style="color: #2f67d1;" '
    'href="http://quotes.example.org/stock?code=600000">相关企业</a>表示将继续加大投入。</p>\n'
)
_MD_SECTION = (
    "## 小节\n\n"
    "这是一段**加粗**和*强调*的文字，附带链接 https://example.com/path 以及脚注[^1]。\n\n"
    "| 项目 | 数量 | 备注 |\n|---|---:|---|\n| 发布 | 92 | 现场 |\n| 签约 | 15 | 线上 |\n\n"
    "```python\nfor item in items:\n    print(item)\n```\n\n"
    "{% blockquote 作者, 出处 %}\n引用的一段话。\n{% endblockquote %}\n\n"
)


def _news_html() -> bytes:
    front = (
        "---\ntitle: '技术交易博览会开幕'\ncategories:\n - 财经\n - 要闻\nauthor: 本报记者\n"
        "date: Fri, 16 Apr 2021 15:21:00 GMT\nheadimg: 'https://images.example.net/a.jpg'\n---\n"
    )
    body = "<div>\n"
    while len((front + body).encode()) < 6000:
        body += _NEWS_PARAGRAPH
    body += '<p><img src="https://cdn.example.com/pic.jpg" alt="现场"></p>\n</div>\n'
    return (front + body).encode()


def _markdown_post(dense: bool = False) -> bytes:
    """A ~6 KB blog post: prose with a list, a table, code and a Hexo quote.

    ``dense`` repeats the table/code/quote section instead: the worst case,
    since sanitizing costs about the same per tag whatever the text length.
    """
    front = "---\ntitle: Markdown 文章\ndate: 2021-04-16 15:21:00 +08:00\ntags: [a, b]\n---\n"
    prose = (
        "这是一段普通的正文，讲述一次出行的见闻，其中有**加粗**的词和*强调*的句子，"
        "也有一个[链接](https://example.com/travel)。旅途中遇到的人和事，都值得慢慢记下来，"
        "留给以后的自己翻看。\n\n"
    )
    body = _MD_SECTION if dense else "## 出发\n\n- 车票\n- 相机\n- 雨伞\n\n" + _MD_SECTION
    while len((front + body).encode()) < 6000:
        body += _MD_SECTION if dense else prose
    return (front + body + "[^1]: 脚注。\n").encode()


def _cases() -> dict[str, tuple[bytes, int]]:
    """name → (file bytes, rounds divisor)."""
    paragraph = _NEWS_PARAGRAPH.encode()
    return {
        "news 6 KB (HTML)": (_news_html(), 1),
        "post 6 KB (Markdown)": (_markdown_post(), 1),
        "tag-dense 6 KB (Markdown)": (_markdown_post(dense=True), 1),
        "1 MB HTML": (b"---\ntitle: big\n---\n" + paragraph * (1_000_000 // len(paragraph)), 100),
        "100 KB single line": (
            b"---\ntitle: line\n---\n" + b"word *em* http://a.example/ " * 3600,
            50,
        ),
        "binary garbage 200 KB": (os.urandom(200_000), 50),
        "10 000 nested divs": (b"---\ntitle: deep\n---\n" + b"<div>" * 10_000 + b"x", 50),
    }


def _measure(raw: bytes, rounds: int, site: SiteContext | None = None) -> list[float]:
    article = parse_article(raw, "bench/post.md")
    render_article(article, site=site)  # warm-up: caches, thread-local parsers
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        render_article(article, cache_dir=os.devnull, site=site)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _large_markdown() -> str:
    section = _MD_SECTION + (
        "这是一段普通的正文，讲述一次出行的见闻，其中有**加粗**的词和*强调*的句子，"
        "也有一个[链接](https://example.com/travel)。\n\n- 车票\n- 相机\n  - 雨伞\n\n"
        "> A quoted line in English, with `code` and a <span>tag</span>.\n\n"
    )
    return section * (1_000_000 // len(section.encode()))


def _plain_pipeline(text: str, markdown: bool) -> str:
    """The baseline: markdown-it-py and bleach, nothing of ours."""
    import bleach
    from bleach.css_sanitizer import CSSSanitizer
    from markdown_it import MarkdownIt

    from reader.core.render.allowlist import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

    if markdown:
        md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
        text = md.render(text)
    return bleach.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        css_sanitizer=CSSSanitizer(),
        strip=True,
    )


def _best(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def large(rounds: int) -> None:
    from reader.core.render.cache import RenderCache

    paragraph = _NEWS_PARAGRAPH
    cases = {
        "1 MB Markdown": (_large_markdown(), "big.md", True),
        "1 MB HTML": (paragraph * (1_000_000 // len(paragraph.encode())), "big.html", False),
    }
    print(f"\n{'large article':<16}{'plain s':>10}{'ours s':>10}{'ratio':>8}{'cached ms':>12}")
    for name, (body, path, markdown) in cases.items():
        article = parse_article(f"---\ntitle: big\n---\n{body}".encode(), path)
        plain = _best(lambda: _plain_pipeline(body, markdown), rounds)  # noqa: B023
        ours = _best(lambda: render_article(article, cache_dir=os.devnull), rounds)  # noqa: B023
        cache = RenderCache()
        render_article(article, cache_dir=os.devnull, cache=cache)
        again = _best(lambda: render_article(article, cache_dir=os.devnull, cache=cache), 5)  # noqa: B023
        print(f"{name:<16}{plain:>10.2f}{ours:>10.2f}{ours / plain:>7.2f}x{again * 1000:>12.1f}")
    print(f"\n{'hostile 1 MB body':<26}{'seconds':>10}")
    front = b"---\ntitle: hostile\n---\n"
    for name, raw, path in (
        ('"[" x 1,000,000', front + b"[" * 1_000_000 + b"]\n", "a.md"),
        ('"<b" x 500,000 (Markdown)', front + b"<b" * 500_000 + b"\n", "a.md"),
        ('"<b" x 500,000 (HTML)', front + b"<b" * 500_000 + b"\n", "a.html"),
        ('"&amp;" x 200,000 (HTML)', front + b"<p>" + b"&amp; " * 200_000 + b"</p>", "a.html"),
    ):
        article = parse_article(raw, path)
        seconds = _best(lambda: render_article(article, cache_dir=os.devnull), 1)  # noqa: B023
        print(f"{name:<26}{seconds:>10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--large-rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{'case':<26}{'size':>10}{'rounds':>8}{'median ms':>12}{'p90 ms':>10}")
    for name, (raw, divisor) in _cases().items():
        rounds = max(3, args.rounds // divisor)
        times = sorted(_measure(raw, rounds))
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        print(f"{name:<26}{len(raw):>10,}{rounds:>8}{statistics.median(times):>12.2f}{p90:>10.2f}")
    baseline = statistics.median(_measure(_markdown_post(), args.rounds))
    for name, raw, site in (
        ("Jekyll post 6 KB (Liquid)", _site_post(_LIQUID_SECTION), _JEKYLL),
        ("Hugo post 6 KB (shortcodes)", _site_post(_SHORTCODE_SECTION), _HUGO),
    ):
        times = sorted(_measure(raw, args.rounds, site))
        median = statistics.median(times)
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        print(
            f"{name:<26}{len(raw):>10,}{args.rounds:>8}{median:>12.2f}{p90:>10.2f}"
            f"   {median / baseline:.2f}x the plain Markdown post ({baseline:.2f} ms)"
        )
    large(args.large_rounds)


if __name__ == "__main__":
    main()
