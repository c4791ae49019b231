"""Hostile Hugo pages that made the shortcode scanner search 4,000 characters
on from every opener (a page of 300,000 ``{{%`` took 40 s) keep all their
text, and the linear scanner finds what the regular expression it replaced
found."""

from __future__ import annotations

import dataclasses
import html
import random
import re
from pathlib import Path

from reader.core.article.codec import load_article
from reader.core.library.sitecontext import site_context_for
from reader.core.render import shortcodes
from reader.core.render.pipeline import RenderResult, render_article
from reader.core.render.shortcodes import MAX_NOTICES, ShortcodeResult, expand
from reader.core.render.sitecontext import SiteContext, TemplateLimits

from .guards import finishes

# a deadline no loaded machine reaches: what is tested is that the work is bounded
NO_DEADLINE = TemplateLimits(seconds=600)


def _expand(text: str, site: SiteContext) -> ShortcodeResult:
    result = finishes(lambda: expand(text, site, {}, markdown=False, render_block=lambda t, d: t))
    assert isinstance(result, ShortcodeResult), result
    return result


def _render_page(root: Path, body: str) -> RenderResult:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "Site"\n')
    page = root / "content" / "posts" / "o.md"
    page.write_text("---\ntitle: t\n---\n" + body)
    article = load_article(page)
    info = site_context_for(article)
    assert info is not None and info.context.kind == "hugo"
    result = finishes(lambda: render_article(article, site=info.context))
    assert isinstance(result, RenderResult), result
    return result


def test_a_page_of_300000_openers_keeps_its_text(tmp_path):
    result = _render_page(tmp_path, "{{%" * 300_000 + "\n")
    text = html.unescape(re.sub(r"<[^>]*>", "", result.body_html))
    assert "{{%" * 300_000 in text
    assert result.problems == []


def test_openers_without_a_closing_near_enough_are_text(tmp_path):
    site = SiteContext(kind="hugo", root=tmp_path, limits=NO_DEADLINE)
    for text in (
        "{{<" * 300_000,
        "{{<" * 100_000 + ">}}",  # the one closing is too far from all but the last openers
        ("{{< a" + " " * 4_001 + ">}}") * 200,
    ):
        result = _expand(text, site)
        assert result.restore(result.text) == text


def test_notices_of_many_shortcodes_are_capped_and_name_their_lines(tmp_path):
    site = SiteContext(kind="hugo", root=tmp_path, limits=NO_DEADLINE)
    result = _expand("{{< ref nothere >}}\n" * 20_000 + "{{< param nope >}}", site)
    assert len(result.notices) == MAX_NOTICES
    assert [n.line for n in result.notices[:3]] == [1, 2, 3]
    shown = result.restore(result.text)
    # a missing ref is a notice where it stands (past the cap, its name as written)
    assert shown.count("Shortcode: ref: no article &#x27;nothere&#x27;") == MAX_NOTICES
    assert shown.splitlines().count("nothere") == 20_000 - MAX_NOTICES


def test_the_deadline_leaves_the_rest_as_written(tmp_path):
    site = SiteContext(kind="hugo", root=tmp_path, limits=TemplateLimits(seconds=0))
    text = "a {{< x >}} b {{< y >}} c"
    result = _expand(text, site)
    assert [n.message for n in result.notices] == ["took longer than 0 s"]
    shown = result.restore(result.text)
    assert re.sub(r'<span class="template-notice">[^<]*</span>', "", shown) == text
    assert "Shortcode: took longer than 0 s (line 1)" in shown


# -- the scanner finds what the regular expression it replaced found -----------

_OLD_SHORTCODE_RE = re.compile(r"\{\{(<|%)(.{0,4000}?)(?:>|%)\}\}", re.DOTALL)

_PIECES = [
    *["{{<", "{{%", ">}}", "%}}", "{{", "}}", "<", ">", "%", "/", " ", "\n", "x", "/*", "*/"],
    *["details", "highlight go", "{{< x >}}", "{{% /x %}}", "{{< /x >}}", "a=1", '"q"', "{"],
    "z" * 1990,
]


def _old_tokens(text: str) -> list[tuple[object, ...]]:
    """The shortcodes at the places the regular expression found (each read
    by the same ``_token``: the spans are what the scanner changed)."""
    found = []
    for match in _OLD_SHORTCODE_RE.finditer(text):
        token = shortcodes._token(text, match.start(), match.end() - 3)  # noqa: SLF001
        if token is not None:
            found.append(dataclasses.astuple(token))
    return found


def test_the_scanner_finds_what_the_regular_expression_found():
    rng = random.Random(3)
    for _case in range(3_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 25)))
        tokens = shortcodes._tokens(text)  # noqa: SLF001  (the scanner against its oracle)
        new = [dataclasses.astuple(token) for token in tokens]
        assert new == _old_tokens(text), text
