"""The site's groups in the navigation tree: Drafts, Pages and Schema
warnings (apart from the Problems group, which holds errors and the
codec's own warnings).  Hooked into :class:`reader.ui.models.NavigationModel`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from reader.core.library.catalog import Taxonomy
    from reader.core.site.schema import Finding
    from reader.ui.models import NavNode

__all__ = ["PATH_GROUPS", "site_group_nodes"]

PATH_GROUPS = ("drafts", "pages", "schema_warnings")
"""Node kinds whose articles are a list of paths (``NavNode.paths``)."""


def site_group_nodes(tax: Taxonomy, root: NavNode, first_row: int) -> list[NavNode]:
    """The Drafts, Pages and Schema warnings nodes for ``tax`` (those that apply)."""
    from reader.ui.models import NavNode

    groups = tax.site
    if groups is None:
        return []
    specs: list[tuple[str, str, tuple[str, ...]]] = []
    if groups.kind is not None:
        specs.append(
            ("drafts", QCoreApplication.translate("NavigationModel", "Drafts"), groups.drafts)
        )
        if groups.pages:
            specs.append(
                ("pages", QCoreApplication.translate("NavigationModel", "Pages"), groups.pages)
            )
    if groups.warnings or groups.schema_problem:
        label = QCoreApplication.translate("NavigationModel", "Schema warnings")
        specs.append(("schema_warnings", label, groups.warnings))
    nodes = []
    for offset, (kind, label, paths) in enumerate(specs):
        node = NavNode(kind, (kind,), label, len(paths), root, first_row + offset)
        node.paths = paths
        nodes.append(node)
    return nodes


def posts_only(tax: Taxonomy | None) -> tuple[str, ...]:
    """The paths "All articles" leaves out on a site: its pages (they have their group)."""
    if tax is None or tax.site is None:
        return ()
    return tax.site.pages


SiteNames = tuple[dict[str, str], dict[str, str]]


def site_names(tax: Taxonomy | None) -> SiteNames:
    """The site's ``category_map`` and ``tag_map`` (empty for a plain folder)."""
    if tax is None or tax.site is None:
        return {}, {}
    return dict(tax.site.category_map), dict(tax.site.tag_map)


def shown_label(kind: str, label: str, names: SiteNames) -> tuple[str, str]:
    """(display text, tool tip) of a category or tag node as the site shows
    it; the files keep their own spelling, which the tool tip names."""
    mapping = names[0] if kind == "category" else names[1] if kind == "tag" else {}
    shown = mapping.get(label)
    if not shown or shown == label:
        return label, label
    tip = QCoreApplication.translate("NavigationModel", "%1 (written %2 in the files)")
    return shown, tip.replace("%1", shown).replace("%2", label)


def schema_lines(findings: Sequence[Finding]) -> list[str]:
    """An article's schema warnings as tool-tip lines (HTML-escaped)."""
    lines = []
    for finding in findings[:5]:
        text = QCoreApplication.translate("NavigationModel", "schema warning: %1")
        where = (
            QCoreApplication.translate("ArticleListModel", "line %1").replace(
                "%1", str(finding.line)
            )
            if finding.line
            else ""
        )
        lines.append(_html_escape(f"{text.replace('%1', finding.message)} {where}".strip()))
    return lines


def _html_escape(text: str) -> str:
    import html  # with the first tooltip, not at start-up

    return html.escape(text)
