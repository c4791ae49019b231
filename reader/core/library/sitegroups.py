"""The site's own groups of a library: drafts, pages, and the articles
with schema warnings.  No Qt here.

Drafts and pages of Hexo and Jekyll come from where the files are
(:func:`reader.core.site.scope.classify`); Hugo's drafts, and the schema's
warnings, from the front matter, which is read once per file version
(path, size, modification time) and remembered between calls.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from reader.core.article.codec import load_article
from reader.core.article.model import ArticleError
from reader.core.site.detect import HUGO, Site
from reader.core.site.schema import Finding, Schema, check_article
from reader.core.site.scope import DRAFT, PAGE, classify, draft_flag

__all__ = ["SiteGroupCache", "SiteGroups"]


@dataclass(frozen=True)
class SiteGroups:
    """The paths of each site group (relative to the library root)."""

    kind: str | None  # the site's kind; None for a plain folder (only warnings then)
    drafts: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # articles with schema warnings
    warning_count: int = 0
    schema_problem: str | None = None  # the schema file could not be read
    schema: Schema | None = None  # for the form: required keys, allowed values, URL keys
    category_map: tuple[tuple[str, str], ...] = ()  # the site's display names
    tag_map: tuple[tuple[str, str], ...] = ()
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict, compare=False)


class SiteGroupCache:
    """Front-matter facts per file version, so that a refresh re-reads only
    what changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._facts: dict[str, tuple[tuple[int, int], bool, tuple[Finding, ...]]] = {}
        self._schema: Schema | None = None

    def groups(
        self,
        root: str,
        site: Site | None,
        site_rel: dict[str, str],
        files: Iterable[tuple[str, int, int]],
        schema: Schema | None,
        schema_problem: str | None = None,
    ) -> SiteGroups:
        """``files`` are (path, size, mtime_ns) of every indexed article;
        ``site_rel`` maps a library path to its path from the site root."""
        drafts: list[str] = []
        pages: list[str] = []
        warned: list[str] = []
        findings: dict[str, tuple[Finding, ...]] = {}
        count = 0
        needs_front = schema is not None or (site is not None and site.kind == HUGO)
        with self._lock:
            if schema != self._schema:
                self._facts.clear()
                self._schema = schema
            seen = set()
            for path, size, mtime_ns in files:
                seen.add(path)
                kind = classify(site, site_rel.get(path, path)) if site is not None else None
                if kind == PAGE:
                    pages.append(path)
                elif kind == DRAFT:
                    drafts.append(path)
                if not needs_front:
                    continue
                version = (size, mtime_ns)
                fact = self._facts.get(path)
                if fact is None or fact[0] != version:
                    provided = (
                        site.default_keys(site_rel.get(path, path), kind)
                        if site is not None
                        else frozenset()
                    )
                    fact = self._read(root, path, version, schema, kind == DRAFT, provided)
                    self._facts[path] = fact
                _, draft, found = fact
                if draft and site is not None and site.kind == HUGO:
                    drafts.append(path)
                if found:
                    warned.append(path)
                    findings[path] = found
                    count += len(found)
            for gone in set(self._facts) - seen:
                del self._facts[gone]
        return SiteGroups(
            site.kind if site is not None else None,
            tuple(drafts),
            tuple(pages),
            tuple(warned),
            count,
            schema_problem,
            schema,
            tuple(site.category_map.items()) if site is not None else (),
            tuple(site.tag_map.items()) if site is not None else (),
            findings,
        )

    def findings(self, path: str) -> tuple[Finding, ...]:
        with self._lock:
            fact = self._facts.get(path)
        return fact[2] if fact is not None else ()

    @staticmethod
    def _read(
        root: str,
        path: str,
        version: tuple[int, int],
        schema: Schema | None,
        draft: bool,
        provided: frozenset[str],
    ) -> tuple[tuple[int, int], bool, tuple[Finding, ...]]:
        try:
            article = load_article(os.path.join(root, *path.split("/")))
        except ArticleError:
            return version, False, ()
        # (Hugo reads keys whatever their case: "Draft: true" is a draft too)
        metadata = article.metadata
        hugo_draft = any(draft_flag(metadata[k]) for k in metadata if str(k).lower() == "draft")
        draft = draft or hugo_draft
        findings = (
            tuple(
                check_article(schema.for_path(path), path, article, draft=draft, provided=provided)
            )
            if schema is not None
            else ()
        )
        return version, hugo_draft, findings
