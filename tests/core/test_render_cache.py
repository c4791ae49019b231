"""The bounded render cache: the same bytes with the same settings are not
rendered twice; anything else that changes the result is a miss."""

from __future__ import annotations

from reader.core.article.codec import load_article, parse_article
from reader.core.render.cache import RenderCache
from reader.core.render.pipeline import render_article


def post(body: str, title: str = "Post") -> bytes:
    return f"---\ntitle: {title}\ndate: 2021-04-16\n---\n{body}\n".encode()


def test_a_second_render_is_the_first_one(tmp_path):
    cache = RenderCache()
    article = parse_article(
        post("Some *text* ![x](https://cdn.example.com/a.png)"), tmp_path / "a.md"
    )
    first = render_article(article, cache=cache, cache_dir=tmp_path / "offline")
    second = render_article(article, cache=cache, cache_dir=tmp_path / "offline")
    assert (cache.hits, cache.misses) == (1, 1)
    assert second == first
    assert second.blocked_remote == ["https://cdn.example.com/a.png"]
    assert second.remote_hosts == {"cdn.example.com"}
    # Equal to a render without the cache, too.
    assert render_article(article, cache_dir=tmp_path / "offline") == first


def test_other_bytes_or_settings_are_misses(tmp_path):
    cache = RenderCache()
    article = parse_article(post("Hello"), tmp_path / "a.md")
    base = render_article(article, cache=cache)
    changed = parse_article(post("Hello again"), tmp_path / "a.md")
    assert "again" in render_article(changed, cache=cache).body_html
    dark = render_article(article, cache=cache, theme="dark")
    assert dark.theme == "dark" and dark.html != base.html
    bigger = render_article(article, cache=cache, font_size=20)
    assert "20.0pt" in bigger.html
    chinese = render_article(article, cache=cache, locale="zh_CN")
    moved = parse_article(post("Hello"), tmp_path / "b.md")
    render_article(moved, cache=cache)
    assert chinese.html != base.html
    assert cache.hits == 0 and cache.misses == 6
    assert render_article(article, cache=cache) == base
    assert cache.hits == 1


def test_a_local_image_that_appears_later_is_shown(tmp_path):
    cache = RenderCache()
    path = tmp_path / "a.md"
    path.write_bytes(post("![pic](pic.png)"))
    article = load_article(path)
    before = render_article(article, cache=cache, library_root=tmp_path)
    assert before.local_images == []
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    after = render_article(article, cache=cache, library_root=tmp_path)
    assert after.local_images == [str(tmp_path / "pic.png")]
    assert "pic.png" in after.body_html and after.body_html != before.body_html
    assert cache.hits == 0
    assert render_article(article, cache=cache, library_root=tmp_path) == after
    assert cache.hits == 1


def test_the_cache_is_bounded_by_entries_and_size(tmp_path):
    cache = RenderCache(max_entries=2)
    articles = [parse_article(post(f"text {n}"), tmp_path / f"{n}.md") for n in range(3)]
    for article in articles:
        render_article(article, cache=cache)
    assert len(cache) == 2
    render_article(articles[0], cache=cache)  # the oldest went first
    assert cache.hits == 0
    small = RenderCache(max_chars=1000)  # less than one document with its CSS
    render_article(articles[0], cache=small)
    assert len(small) == 0


def test_an_article_with_errors_is_cached_as_raw_text(tmp_path):
    cache = RenderCache()
    article = parse_article(b"---\ntitle: [unclosed\n---\nbody\n", tmp_path / "bad.md")
    first = render_article(article, cache=cache)
    assert first.raw and first.problems
    again = render_article(article, cache=cache)
    assert again == first and cache.hits == 1
