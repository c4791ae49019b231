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
