"""Hugo shortcodes: reader.core.render.shortcodes, through render_article."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.article.codec import load_article
from reader.core.library.sitecontext import site_context_for
from reader.core.render.pipeline import render_article
from reader.core.render.shortcodes import MAX_NESTING, expand
from reader.core.render.sitecontext import SiteContext, TemplateLimits
from reader.core.render.sitetemplates import render_site_body

# For tests of the other limits: a wall-clock deadline that a loaded machine
# cannot reach first (the deadline itself has tests of its own).
NO_DEADLINE = TemplateLimits(seconds=600)


def _docs_page(root: Path):
    article = load_article(root / "content" / "docs" / "shortcodes.md")
    info = site_context_for(article)
    assert info is not None and info.context.kind == "hugo"
    return render_article(article, site=info.context)


def test_built_in_shortcodes_render_natively(sites):
    body = _docs_page(sites / "hugo").body_html
    assert '<a href="other.md">front matter</a>' in body  # ref
    assert '<a href="other.md">again</a>' in body  # relref by name
    assert "Minimum version 0.120.0" in body  # param from the site's params
    assert "page Use embedded, custom, or inline shortcodes." in body  # param from the page
    assert '<p class="caption"><strong>Hugo</strong> The logo</p>' in body  # figure
    assert 'hugo/static/images/hugo-logo.png" alt="Hugo logo">' in body  # Hugo's static/
    assert '<code class="language-go">func main() {' in body  # highlight
    assert '<p class="details-summary"><strong>See the details</strong></p>' in body
    assert "<p>This is a <strong>bold</strong> word.</p>" in body
    assert '<p class="qr-text">QR: <a href="https://gohugo.io">https://gohugo.io</a></p>' in body


def test_video_and_social_shortcodes_are_link_cards(sites):
    body = _docs_page(sites / "hugo").body_html
    for url in (
        "https://www.youtube.com/watch?v=0RKpf3rK57I",
        "https://vimeo.com/55073825",
        "https://x.com/SanDiegoZoo/status/1453110110599868418",
        "https://www.instagram.com/p/CxOWiQNP2MO/",
    ):
        assert f'<p class="link-card"><a href="{url}">' in body
    assert "<iframe" not in body and "<script" not in body


def test_escaped_shortcodes_are_literal(sites):
    body = _docs_page(sites / "hugo").body_html
    assert "<pre><code>{{&lt; figure src=&quot;/a.png&quot; &gt;}}\n</code></pre>" in body
    assert "<code>{{% include &quot;x&quot; %}}</code>" in body


def test_site_shortcodes_are_labelled_blocks(sites):
    body = _docs_page(sites / "hugo").body_html
    assert '<span class="shortcode-label">new-in 0.120</span>' in body
    assert '<p class="shortcode-label">code-toggle file=hugo</p><div class="code-block">' in body
    assert "baseURL = 'https://example.org/'" in body  # code-like: the inner text as code
    assert '<p class="shortcode-label">note</p><p>A note with <em>emphasis</em>.</p>' in body
    assert "{{<" not in body and "{{%" not in body.replace("{{% include &quot;x&quot; %}}", "")


def test_include_inlines_content_inside_the_site_only(sites):
    result = _docs_page(sites / "hugo")
    body = result.body_html
    assert "<p>Install Hugo with your <strong>package manager</strong>.</p>" in body
    assert "_build" not in body  # the included file's front matter is left out
    assert "outside" not in body.replace("outside the site", "")
    assert [(p.line, p.message) for p in result.problems] == [
        (52, "include '/../../secret.txt': outside the site")
    ]


def test_include_depth_is_bounded(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "loop.md").write_text('again {{% include "loop.md" %}}\n')
    site = SiteContext(kind="hugo", root=tmp_path, content_dir=content, limits=NO_DEADLINE)
    rendered: list[str] = []

    def render_block(text: str, depth: int) -> str:
        inner = expand(text, site, {}, markdown=True, render_block=render_block, depth=depth)
        rendered.append(inner.text)
        return inner.restore(inner.text)

    result = expand('{{% include "loop.md" %}}', site, {}, markdown=True, render_block=render_block)
    html = result.restore(result.text)
    assert html.count("again") == 10
    assert "deeper than 10" in html


def test_unclosed_and_stray_shortcodes_do_not_break_the_page(tmp_path):
    site = SiteContext(kind="hugo", root=tmp_path)
    text = "a {{< details >}} b {{< /nothing >}} c {{< >}} d {{< highlight go"
    result = expand(text, site, {}, markdown=False, render_block=lambda t, d: t)
    html = result.restore(result.text)
    assert html.startswith("a ") and " b " in html and " c " in html
    assert html.endswith("d {{< highlight go")  # an unterminated shortcode stays its text


def test_comment_hides_and_gist_is_a_card(tmp_path):
    site = SiteContext(kind="hugo", root=tmp_path)
    text = "a {{< comment >}}hidden{{< /comment >}} b {{< gist spf13 7896402 >}}"
    result = expand(text, site, {}, markdown=False, render_block=lambda t, d: t)
    html = result.restore(result.text)
    assert "hidden" not in html
    assert 'href="https://gist.github.com/spf13/7896402"' in html


def test_includes_cannot_fan_out(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "twice.md").write_text(
        "x" * 60_000 + '\n\n{{% include "twice.md" %}}\n\n{{% include "twice.md" %}}\n'
    )
    site = SiteContext(kind="hugo", root=tmp_path, content_dir=content, limits=NO_DEADLINE)
    body = render_site_body(
        '{{% include "twice.md" %}}',
        "markdown",
        site,
        {},
        article_path=content / "page.md",
        markdown_html=lambda text: text,
    )
    assert len(body.html) < 1_200_000  # 2**10 copies would be 60 MB
    assert "more than 1,000,000 bytes included" in {
        n.message.split(": ", 1)[1] for n in body.notices
    }


def test_thousands_of_nested_shortcodes_stop_at_the_nesting_limit(tmp_path):
    # 5,000 nested site shortcodes once exhausted the stack (a traceback and
    # the raw page) after using 700 MB; now the inner text past the limit
    # shows as a code block with one notice.
    site = SiteContext(kind="hugo", root=tmp_path, limits=NO_DEADLINE)
    text = "{{< a >}}" * 5000 + "deepest" + "{{< /a >}}" * 5000
    body = render_site_body(
        text, "markdown", site, {}, article_path=None, markdown_html=lambda text: text
    )
    assert body.html.count('<p class="shortcode-label">a</p>') == MAX_NESTING + 1
    assert "deepest" in body.html
    assert [n.message for n in body.notices] == [f"'a': nested deeper than {MAX_NESTING}"]


def test_nested_details_stop_at_the_nesting_limit(tmp_path):
    site = SiteContext(kind="hugo", root=tmp_path, limits=NO_DEADLINE)
    text = "{{< details >}}" * 200 + "inner" + "{{< /details >}}" * 200
    body = render_site_body(
        text, "markdown", site, {}, article_path=None, markdown_html=lambda text: text
    )
    assert body.html.count('class="details-summary"') == MAX_NESTING + 1
    assert "inner" in body.html
    assert any("nested deeper than" in n.message for n in body.notices)


def test_what_is_met_inside_an_include_is_said_at_the_include_s_line(tmp_path):
    # "include 'self.md': deeper than 10" came with no line, where Liquid's
    # says the line of the page's include
    content = tmp_path / "content"
    content.mkdir()
    (content / "self.md").write_text('SELF {{% include "self.md" %}}\n')
    (content / "missing-inside.md").write_text('{{% include "nowhere.md" %}}\n')
    site = SiteContext(kind="hugo", root=tmp_path, content_dir=content, limits=NO_DEADLINE)
    body = render_site_body(
        'one\n\n{{% include "missing.md" %}}\n\n{{% include "self.md" %}}\n\n'
        '{{% include "missing-inside.md" %}}\n',
        "markdown",
        site,
        {},
        article_path=content / "p.md",
        markdown_html=lambda text: text,
        first_line=5,
    )
    found = {(n.line, n.message) for n in body.notices}
    assert (7, "include 'missing.md': not found") in found
    assert (9, "include 'self.md': deeper than 10") in found
    assert (11, "include 'nowhere.md': not found") in found
    assert "deeper than 10 (line 9)" in body.html


def _hugo_site_in_its_content(root: Path) -> Path:
    """A Hugo site whose content folder is its own (``contentDir = "."``):
    its configuration, ``.git`` and ``.env`` are in the content folder."""
    (root / "content").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "H"\ncontentDir = "."\nsecret = "CONFIG-SECRET"\n')
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("url = https://u:TOKEN-SECRET@example.com/x.git\n")
    (root / ".env").write_text("API_KEY=ENV-SECRET\n")
    (root / "posts").mkdir()
    return root


def _render_post(post: Path, includes: list[str]) -> tuple[str, list[str]]:
    lines = "\n\n".join(f'{{{{% include "{name}" %}}}}' for name in includes)
    post.write_text(f"---\ntitle: A\n---\n{lines}\n")
    article = load_article(post)
    info = site_context_for(article)
    assert info is not None and info.context.kind == "hugo"
    result = render_article(article, site=info.context)
    return result.body_html, [p.message for p in result.problems]


def test_include_without_a_suffix_never_reads_hidden_files(tmp_path):
    # "notes" read notes.md, a link to .git/config, where "notes.md" was
    # refused: the file the name leads to is checked as the name is
    site = _hugo_site_in_its_content(tmp_path / "site")
    (site / "notes.md").symlink_to(site / ".git" / "config")
    (site / "posts" / "env.md").symlink_to(site / ".env")
    (site / "folder").mkdir()
    (site / "folder" / "index.md").symlink_to(site / ".env")
    body, problems = _render_post(
        site / "posts" / "a.md", ["notes", "notes.md", "posts/env", "folder"]
    )
    assert "TOKEN-SECRET" not in body and "ENV-SECRET" not in body
    hidden = "hidden files and folders (.git, .env…) are not read"
    assert problems == [
        f"include 'notes': {hidden}",
        f"include 'notes.md': {hidden}",
        f"include 'posts/env': {hidden}",
        f"include 'folder': {hidden}",
    ]


def test_include_reads_pages_never_the_configuration(tmp_path):
    # Hugo's include returns a page: with contentDir = "." hugo.toml was shown
    site = _hugo_site_in_its_content(tmp_path / "site")
    (site / "about.md").symlink_to(site / "hugo.toml")
    (site / "snippet.markdown").write_text("---\ntitle: s\n---\nSNIPPET\n")
    body, problems = _render_post(
        site / "posts" / "a.md", ["hugo.toml", "about", "about.md", "snippet"]
    )
    assert "CONFIG-SECRET" not in body
    assert "SNIPPET" in body
    not_a_page = "not a content page (.md, .markdown, .html…)"
    assert problems == [
        f"include 'hugo.toml': {not_a_page}",
        f"include 'about': {not_a_page}",
        f"include 'about.md': {not_a_page}",
    ]


def test_include_reads_the_suffixes_the_library_reads():
    from reader.core.library.scan import ARTICLE_SUFFIXES
    from reader.core.render.shortcodes import PAGE_SUFFIXES

    assert PAGE_SUFFIXES == ARTICLE_SUFFIXES


@pytest.mark.parametrize(
    ("name", "config"),
    [
        ("hugo.toml", '[Params]\nFoo = "BAR"\n[Params.Deep]\nKey = "DEEP"\n'),
        ("hugo.json", '{"Params": {"Foo": "BAR", "deep": {"KEY": "DEEP"}}}'),
        ("config/_default/hugo.toml", '[Params]\nFoo = "BAR"\n'),
    ],
)
def test_param_finds_the_site_s_params_in_any_case(tmp_path, name, config):
    # Hugo reads its keys in any case: [Params] Foo was "param 'foo' is not set"
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(config)
    if name.startswith("config/"):
        (tmp_path / "config" / "_default" / "params.toml").write_text('deep = {key = "DEEP"}\n')
    post = tmp_path / "content" / "posts" / "a.md"
    post.write_text("---\ntitle: A\n---\n{{< param foo >}} {{< param deep.key >}}\n")
    article = load_article(post)
    info = site_context_for(article)
    assert info is not None and info.context.kind == "hugo"
    result = render_article(article, site=info.context)
    assert "<p>BAR DEEP</p>" in result.body_html
    assert result.problems == []


def test_a_highlight_in_a_list_item_stays_in_the_item(tmp_path):
    # (review) the shortcode's block ended the list it was written in
    from tests.core.test_render import _LIST_WITH_A_BLOCK, _lists_hold_their_blocks

    (tmp_path / "hugo.toml").write_text('title = "t"\n')
    post = tmp_path / "content" / "posts" / "p.md"
    post.parent.mkdir(parents=True)
    body = _LIST_WITH_A_BLOCK.format(open="{{< highlight sh >}}", close="{{< /highlight >}}")
    post.write_text("---\ntitle: t\n---\n" + body, encoding="utf-8")
    article = load_article(post)
    info = site_context_for(article)
    assert info is not None and info.context.kind == "hugo"
    _lists_hold_their_blocks(render_article(article, site=info.context).body_html)
