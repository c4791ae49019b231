"""Links in a rendered article: bare names with a dot (``notes.md``) are
text, not links to web sites; Hugo's ``ref``/``relref`` and Jekyll's
``post_url``/``link`` give links the window follows to the other article,
and a missing one is a notice where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.article.codec import load_article
from reader.core.library.sitecontext import site_context_for
from reader.core.render.liquid import render_liquid
from reader.core.render.pipeline import render_article, render_markdown
from reader.core.render.sitecontext import SiteContext


def test_bare_file_names_are_not_linked():
    html = render_markdown("See notes.md, README.md and b.md; also example.com.\n")
    assert "<a" not in html
    assert "notes.md, README.md and b.md; also example.com." in html


def test_addresses_with_a_scheme_or_www_are_still_linked():
    html = render_markdown(
        "Go to https://example.org/a?b=1 or www.example.com or mail me@example.net.\n"
    )
    assert '<a href="https://example.org/a?b=1">https://example.org/a?b=1</a>' in html
    assert '<a href="http://www.example.com">www.example.com</a>' in html
    assert '<a href="mailto:me@example.net">me@example.net</a>' in html


def _hugo(root: Path, body: str):
    (root / "hugo.toml").write_text("title='x'\n")
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "b.md").write_text("---\ntitle: B\n---\nbody\n")
    page = posts / "c.md"
    page.write_text("---\ntitle: C\n---\n" + body)
    article = load_article(page)
    info = site_context_for(article, library_root=root)
    assert info is not None
    return render_article(article, library_root=root, site=info.context)


def test_ref_in_the_text_is_a_link_to_the_article(tmp_path):
    result = _hugo(
        tmp_path,
        'See {{< ref "b.md" >}} and {{< relref "posts/b.md" >}}.\n\n'
        '[B]({{< ref "b.md" >}}) and <a href="{{< relref "b" >}}">b</a>\n',
    )
    body = result.body_html
    assert '<p>See <a href="b.md">b.md</a> and <a href="b.md">b.md</a>.</p>' in body
    assert '<a href="b.md">B</a> and <a href="b.md">b</a>' in body
    assert "http://" not in body
    assert result.problems == []


def test_a_missing_ref_is_a_notice_where_it_stands(tmp_path):
    result = _hugo(
        tmp_path,
        'Missing: {{< ref "nothere.md" >}}\n\n[gone]({{< relref "nothere.md#x" >}}) after\n',
    )
    body = result.body_html
    notice = "Shortcode: ref: no article &#x27;nothere.md&#x27; (line 4)"
    assert f'<p>Missing: <span class="template-notice">{notice}</span></p>' in body
    assert (
        '<a href="#x">gone</a><span class="template-notice">'
        "Shortcode: relref: no article &#x27;nothere.md&#x27; (line 6)</span> after"
    ) in body
    assert "http://" not in body
    assert [(p.line, p.message) for p in result.problems] == [
        (4, "ref: no article 'nothere.md'"),
        (6, "relref: no article 'nothere.md'"),
    ]


def _links(kind: str, target: str) -> str | None:
    return f"_posts/{target}.md" if target.startswith("2020") else None


def _liquid(root: Path, source: str):
    site = SiteContext(kind="jekyll", root=root, resolve_link=_links, library_root=root)
    result = render_liquid(source, site, {}, article_path=root / "_posts" / "a.md")
    return result.restore(result.text), [(n.line, n.message) for n in result.notices]


def test_post_url_in_the_text_is_a_link_and_a_missing_one_a_notice(tmp_path):
    shown, notices = _liquid(
        tmp_path,
        "See {% post_url 2020-01-01-x %}.\n"
        "[x]({% post_url 2020-01-01-x %})\n"
        "Gone: {% post_url nothere %}\n"
        "[y]({% post_url nothere2 %}) after\n",
    )
    assert 'See <a href="2020-01-01-x.md">2020-01-01-x.md</a>.' in shown
    assert "[x](2020-01-01-x.md)" in shown
    assert (
        "Gone: <span class=\"template-notice\">Liquid: post_url: no article 'nothere' (line 3)"
        in shown
    )
    assert (
        '[y](#nothere2)<span class="template-notice">'
        "Liquid: post_url: no article 'nothere2' (line 4)</span> after"
    ) in shown
    assert notices == [
        (3, "post_url: no article 'nothere'"),
        (4, "post_url: no article 'nothere2'"),
    ]


def test_tags_alone_in_a_block_still_write(tmp_path):
    shown, notices = _liquid(
        tmp_path,
        "{% for i in (1..2) %}{% post_url 2020-01-01-x %}{% endfor %}|"
        "{% capture u %}{% post_url 2020-01-01-x %}{% endcapture %}[u]({{ u }})|"
        "{% if true %}{% nosuch %}{% endif %}\n",
    )
    assert shown.count('<a href="2020-01-01-x.md">2020-01-01-x.md</a>') == 2
    assert "|[u](2020-01-01-x.md)|" in shown
    assert "Liquid: unknown tag 'nosuch' (line 1)" in shown
    assert notices == [(1, "unknown tag 'nosuch'")]


@pytest.mark.parametrize(
    "body",
    [
        '[B]( {{< ref "b.md" >}} )\n',  # blanks inside the parentheses
        '[B](\n{{< ref "b.md" >}})\n',  # a line break after them
        '[B]( <{{< ref "b.md" >}}> )\n',
    ],
)
def test_ref_as_a_link_target_with_blanks_or_a_line_break_is_its_address(tmp_path, body):
    # an <a> was put inside the link's target: <a href="&lt;a href=">b.md</a>
    body_html = _hugo(tmp_path, body).body_html
    assert '<a href="b.md">B</a>' in body_html and "&lt;a" not in body_html


def test_post_url_as_a_link_target_after_blanks_is_its_address(tmp_path):
    shown, notices = _liquid(tmp_path, "[x]( {% post_url 2020-01-01-x %} )\n")
    assert shown == "[x]( 2020-01-01-x.md )\n" and notices == []


def _jekyll(root: Path, body: str, config: str = "baseurl: /blog\n"):
    (root / "_config.yml").write_text(config)
    posts = root / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / "2024-01-02-o.md").write_text("---\ntitle: O\n---\nx\n")
    page = posts / "2024-01-01-p.md"
    page.write_text("---\ntitle: P\n---\n" + body)
    article = load_article(page)
    info = site_context_for(article, library_root=root)
    assert info is not None
    return render_article(article, library_root=root, site=info.context)


def test_a_link_tag_after_the_start_of_an_address_gives_an_address(tmp_path):
    # Jekyll's documented [x]({{ site.baseurl }}{% post_url … %}): the tag
    # was taken for one in the text and gave a whole link inside the address
    body = _jekyll(
        tmp_path,
        "[Other]({{ site.baseurl }}{% post_url 2024-01-02-o %})\n\n"
        '<a href="{{ site.baseurl }}/{% link _posts/2024-01-02-o.md %}">L</a>\n\n'
        "Inline {% post_url 2024-01-02-o %} here.\n",
    ).body_html
    assert body.count("<a ") == 3 and "&lt;a" not in body and "&gt;" not in body
    # and the site's baseurl before it is taken off: /blog2024-01-02-o.md led nowhere
    assert '<a href="2024-01-02-o.md">Other</a>' in body
    assert '<a href="2024-01-02-o.md">L</a>' in body
    assert 'Inline <a href="2024-01-02-o.md">2024-01-02-o.md</a> here.' in body


def test_pictures_below_the_sites_base_path_are_found(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.png").write_bytes(_PNG)
    body = _jekyll(
        tmp_path,
        '![a]({{ site.baseurl }}/assets/a.png) ![b]({{ "/assets/a.png" | relative_url }})\n',
    ).body_html
    assert body.count(f'src="file://{tmp_path}/assets/a.png"') == 2, body


def test_a_hexo_tag_written_as_a_links_address_gives_an_address(tmp_path):
    (tmp_path / "_config.yml").write_text("title: h\n")
    posts = tmp_path / "source" / "_posts"
    posts.mkdir(parents=True)
    (posts / "hello.md").write_text("---\ntitle: Hello\n---\nhi\n")
    page = posts / "p.md"
    page.write_text(
        "---\ntitle: P\n---\nSee [the post]({% post_path hello %}), [v]({% youtube abc %}) "
        "and {% post_path hello %}.\n"
    )
    body = render_article(load_article(page), library_root=tmp_path).body_html
    assert '<a href="hello">the post</a>' in body and '<a href="">v</a>' in body
    assert '<span class="post-link">hello</span>' in body and "&lt;" not in body


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def test_a_tag_after_an_unquoted_attribute_gives_an_address(tmp_path):
    body = _jekyll(tmp_path, "<a href=/blog/{% link _posts/2024-01-02-o.md %}>L</a>\n").body_html
    assert '<a href="2024-01-02-o.md">L</a>' in body and "&lt;" not in body


def test_hexo_tags_opening_a_footnote_are_not_taken_for_addresses(tmp_path):
    # "[^1]: {% youtube … %}" was taken for a reference definition's address:
    # the footnote came out empty
    (tmp_path / "_config.yml").write_text("title: h\n")
    posts = tmp_path / "source" / "_posts"
    posts.mkdir(parents=True)
    page = posts / "p.md"
    page.write_text(
        "---\ntitle: P\n---\nText[^1] and[^2].\n\n[^1]: {% youtube abc %}\n"
        "[^2]: {% post_link hello %} is where.\n"
    )
    body = render_article(load_article(page), library_root=tmp_path).body_html
    assert "youtube.com/watch?v=abc" in body
    assert '<span class="post-link">hello</span> is where' in body
