"""A Jekyll or Hugo body → HTML, with its templates evaluated (not sanitized).

The pipeline calls :func:`render_site_body` instead of its own body renderer
when the caller passed a :class:`~reader.core.render.sitecontext.SiteContext`:

* Jekyll: Liquid first (:mod:`.liquid`), then Markdown, as Jekyll does.  The
  Liquid engine has consumed every tag, so Hexo's tag plugins do not run.
* Hugo: shortcodes (:mod:`.shortcodes`), then Markdown.

Problems come back as :class:`TemplateNotice` objects with the line in the
body; the HTML also shows them inline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.article.model import WARNING, Article, Problem
from reader.core.render import shortcodes
from reader.core.render.sitecontext import SiteContext, TemplateNotice, template_value

__all__ = ["SiteBody", "page_of", "render_site_body", "template_problems"]


@dataclass
class SiteBody:
    html: str
    notices: list[TemplateNotice] = field(default_factory=list)


def _has_liquid(text: str) -> bool:
    return "{%" in text or "{{" in text


def page_of(article: Article) -> dict[str, object]:
    """``page.*``: the front matter, with the title, date and file name filled in.

    Only plain values (see :func:`~.sitecontext.template_value`): the date
    is the ``date`` or ``datetime`` itself (one taken from the file's name
    or time included), never the parsed date around it."""
    page: dict[str, object] = dict(article.metadata)
    page.setdefault("title", article.title)
    if article.date is not None:
        page.setdefault("date", article.date.value)
    if article.path is not None:
        page.setdefault("path", article.path.name)
    plain = template_value(page)
    return dict(plain) if isinstance(plain, Mapping) else page


def template_problems(article: Article, site: SiteContext) -> list[Problem]:
    """The article's template problems as warnings with the file's line
    (for ``check``): the templates are evaluated, nothing is rendered."""
    if not (_has_liquid(article.body) or shortcodes.has_shortcodes(article.body)):
        return []
    rendered = render_site_body(
        article.body,
        "html",
        site,
        page_of(article),
        article_path=article.path,
        markdown_html=lambda text: text,
        first_line=article.parts.body_start_line,
    )
    return [Problem(WARNING, n.message, n.line, article.display_path) for n in rendered.notices]


def render_site_body(
    body: str,
    body_format: str,
    site: SiteContext,
    page: Mapping[str, object],
    *,
    article_path: Path | None,
    markdown_html: Callable[[str], str],
    first_line: int = 1,
) -> SiteBody:
    """Evaluate the body's templates for ``site`` and render it.

    ``markdown_html`` is the pipeline's Markdown renderer (no tag expansion);
    ``first_line`` the file's line the body starts on (notices name file lines).
    """
    markdown = body_format == "markdown"

    def to_html(text: str) -> str:
        return markdown_html(text) if markdown else text

    if site.kind == "jekyll":
        if not _has_liquid(body) or page.get("render_with_liquid") is False:
            return SiteBody(to_html(body))
        from reader.core.render.liquid import render_liquid  # python-liquid: Jekyll only

        result = render_liquid(
            body,
            site,
            page,
            markdown=markdown,
            markdownify=markdown_html,
            article_path=article_path,
            first_line=first_line,
        )
        return SiteBody(result.restore(to_html(result.text)), result.notices)
    notices: list[TemplateNotice] = []
    budget = shortcodes.Budget(site.limits)  # shared by the page's nested includes

    def render_block(text: str, depth: int) -> str:
        inner = shortcodes.expand(
            text,
            site,
            dict(page),
            markdown=True,
            render_block=render_block,
            depth=depth,
            article_path=article_path,
            budget=budget,
        )
        # (said at the line of the page's shortcode that led there: see Budget)
        notices.extend(inner.notices)
        return inner.restore(markdown_html(inner.text))

    if not shortcodes.has_shortcodes(body):
        return SiteBody(to_html(body))
    expanded = shortcodes.expand(
        body,
        site,
        dict(page),
        markdown=markdown,
        render_block=render_block,
        article_path=article_path,
        first_line=first_line,
        budget=budget,
    )
    return SiteBody(expanded.restore(to_html(expanded.text)), expanded.notices + notices)
