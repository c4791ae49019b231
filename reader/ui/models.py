"""Item models over the library index: the navigation tree and the article list.

Both are plain Qt models over data the library layer computed on a worker
thread (a :class:`~reader.core.library.catalog.Taxonomy`, a list of
:class:`~reader.core.library.records.Summary`).  Nothing here touches files.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

if TYPE_CHECKING:
    from reader.core.library.catalog import CategoryNode, DateNode, Taxonomy

__all__ = ["KEY_ROLE", "PATH_ROLE", "ArticleListModel", "NavNode", "NavigationModel"]

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # navigation: the node's key (a tuple)
PATH_ROLE = Qt.ItemDataRole.UserRole + 2  # list: the article's relative path
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3
SECOND_LINE_ROLE = Qt.ItemDataRole.UserRole + 20  # list: the title's second line

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: default parent


class NavNode:
    """One node of the navigation tree.  Children are made on first use."""

    __slots__ = (
        "_children",
        "_source",
        "count",
        "groups",
        "key",
        "kind",
        "label",
        "parent",
        "row",
    )

    def __init__(
        self,
        kind: str,
        key: tuple,
        label: str,
        count: int,
        parent: NavNode | None,
        row: int,
        source: Any = None,
        groups: int | None = None,
    ):
        self.kind = kind
        self.key = key
        self.label = label
        self.count = count  # articles
        self.groups = groups  # for Categories, Tags, Authors: how many of them
        self.parent = parent
        self.row = row
        self._source = source
        self._children: list[NavNode] | None = None if source is not None else []

    @property
    def children(self) -> list[NavNode]:
        if self._children is None:
            self._children = _expand(self, self._source)
            self._source = None
        return self._children

    def has_children(self) -> bool:
        if self._children is None:
            return bool(self._source)
        return bool(self._children)

    def filter(self) -> dict[str, Any]:
        """Keyword arguments of :class:`reader.core.library.query.Query` for this node."""
        kind, key = self.kind, self.key
        if kind == "category":
            return {"category": key[1:]}
        if kind == "tag":
            return {"tag": key[1]}
        if kind == "author":
            return {"author": key[1]}
        if kind in ("year", "month", "day"):
            names = ("year", "month", "day")[: len(key) - 1]
            return dict(zip(names, key[1:], strict=True))
        if kind in ("uncategorized", "undated", "problems"):
            return {kind: True}
        return {}


def _category_total(nodes: Sequence[CategoryNode]) -> int:
    """How many categories there are, at every level."""
    return sum(1 + _category_total(node.children) for node in nodes)


def _month_name(month: int) -> str:
    return QLocale().standaloneMonthName(month, QLocale.FormatType.LongFormat)


def _expand(node: NavNode, source: Any) -> list[NavNode]:
    children: list[NavNode] = []
    if node.kind in ("categories", "category"):
        items: Sequence[CategoryNode] = source
        for row, cat in enumerate(items):
            children.append(
                NavNode(
                    "category",
                    ("category", *cat.path),
                    cat.name,
                    cat.count,
                    node,
                    row,
                    cat.children or None,
                )
            )
    elif node.kind == "tags":
        for row, (tag, count) in enumerate(source):
            children.append(NavNode("tag", ("tag", tag), tag, count, node, row))
    elif node.kind == "authors":
        for row, (author, count) in enumerate(source):
            children.append(NavNode("author", ("author", author), author, count, node, row))
    elif node.kind in ("dates", "year", "month"):
        dates: Sequence[DateNode] = source
        for row, date_node in enumerate(dates):
            key = (date_node.level, *node.key[1:], date_node.value)
            if date_node.level == "year":
                label = str(date_node.value)
            elif date_node.level == "month":
                label = _month_name(date_node.value)
            else:
                label = QLocale().toString(date_node.value)
            children.append(
                NavNode(
                    date_node.level,
                    key,
                    label,
                    date_node.count,
                    node,
                    row,
                    date_node.children or None,
                )
            )
    return children


class NavigationModel(QAbstractItemModel):
    """The groups of the library: All articles; Categories; Tags; Dates
    (year › month › day); Authors; Uncategorized; Undated; Problems.

    Column 0 is the name, column 1 the article count.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = NavNode("root", (), "", 0, None, 0)

    # -- content -----------------------------------------------------------------------

    def set_taxonomy(self, taxonomy: Taxonomy | None) -> None:
        self.beginResetModel()
        self._root = NavNode("root", (), "", 0, None, 0)
        if taxonomy is not None:
            self._root._children = self._groups(taxonomy)
        self.endResetModel()

    def _groups(self, tax: Taxonomy) -> list[NavNode]:
        root = self._root
        labels = (
            QCoreApplication.translate("NavigationModel", "All articles"),
            QCoreApplication.translate("NavigationModel", "Categories"),
            QCoreApplication.translate("NavigationModel", "Tags"),
            QCoreApplication.translate("NavigationModel", "Dates"),
            QCoreApplication.translate("NavigationModel", "Authors"),
            QCoreApplication.translate("NavigationModel", "Uncategorized"),
            QCoreApplication.translate("NavigationModel", "Undated"),
            QCoreApplication.translate("NavigationModel", "Problems"),
        )
        # Every count is of articles; how many categories, tags and authors
        # there are is the node's tooltip (NavNode.groups).
        groups: list[tuple[str, int, Any]] = [
            ("all", tax.total, None),
            ("categories", tax.total - tax.uncategorized, tax.categories or None),
            ("tags", tax.tagged, tax.tags or None),
            ("dates", sum(d.count for d in tax.dates), tax.dates or None),
            ("authors", sum(n for _a, n in tax.authors), tax.authors or None),
            ("uncategorized", tax.uncategorized, None),
            ("undated", tax.undated, None),
            ("problems", tax.problems, None),
        ]
        specs = [
            (kind, label, count, source)
            for (kind, count, source), label in zip(groups, labels, strict=True)
        ]
        distinct = {
            "categories": _category_total(tax.categories),
            "tags": len(tax.tags),
            "authors": len(tax.authors),
        }
        return [
            NavNode(kind, (kind,), label, count, root, row, source, distinct.get(kind))
            for row, (kind, label, count, source) in enumerate(specs)
        ]

    def node(self, index: _Index) -> NavNode:
        if index.isValid():
            return index.internalPointer()
        return self._root

    def find(self, key: tuple) -> QModelIndex:
        """The index of the node with ``key`` (expanding lazily), or invalid."""
        if not key:
            return QModelIndex()
        path_keys: list[tuple] = [(key[0],)]
        kind = key[0]
        if kind == "category":
            path_keys = [("categories",)]
            path_keys += [("category", *key[1:i]) for i in range(2, len(key) + 1)]
        elif kind == "tag":
            path_keys = [("tags",), key]
        elif kind == "author":
            path_keys = [("authors",), key]
        elif kind in ("year", "month", "day"):
            levels = ("year", "month", "day")
            path_keys = [("dates",)] + [(levels[i - 2], *key[1:i]) for i in range(2, len(key) + 1)]
        node = self._root
        for wanted in path_keys:
            found = next((c for c in node.children if c.key == wanted), None)
            if found is None:
                return QModelIndex()
            node = found
        return self.createIndex(node.row, 0, node)

    # -- QAbstractItemModel ------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        if column < 0 or column > 1 or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self.node(parent).children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: _Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: NavNode = index.internalPointer()
        up = node.parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 2

    def hasChildren(self, parent: _Index = _ROOT) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        return self.node(parent).has_children()

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: NavNode = index.internalPointer()
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label if column == 0 else QLocale().toString(node.count)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{node.label}: {self._count_text(node)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                f"{node.label}, {self._count_text(node)}" if column == 0 else self._articles(node)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and node.parent is self._root and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == KEY_ROLE:
            return node.key
        if role == COUNT_ROLE:
            return node.count
        return None

    @staticmethod
    def _articles(node: NavNode) -> str:
        return QCoreApplication.translate("NavigationModel", "%n article(s)", "", node.count)

    @staticmethod
    def _count_text(node: NavNode) -> str:
        """ "7 articles"; for a group, "16 articles in 12 categories"."""
        articles = NavigationModel._articles(node)
        if node.groups is None:
            return articles
        n = node.groups
        kinds = {
            "categories": QCoreApplication.translate("NavigationModel", "%n categories", "", n),
            "tags": QCoreApplication.translate("NavigationModel", "%n tags", "", n),
            "authors": QCoreApplication.translate("NavigationModel", "%n authors", "", n),
        }
        return (
            QCoreApplication.translate("NavigationModel", "%1 in %2")
            .replace("%1", articles)
            .replace("%2", kinds.get(node.kind, str(n)))
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return QCoreApplication.translate("NavigationModel", "Group")
            return QCoreApplication.translate("NavigationModel", "Articles")
        return None


# -- the article list ----------------------------------------------------------------

TITLE, DATE, AUTHOR, CATEGORIES, SNIPPET = range(5)


# column → (has a value, sort key); rows without a value sort last either way.
_SORT_KEYS = {
    TITLE: (lambda s: True, lambda s: (s.title.casefold(), s.path)),
    DATE: (lambda s: s.date is not None, lambda s: (s.date, s.path)),
    AUTHOR: (lambda s: bool(s.author), lambda s: (s.author.casefold(), s.path)),
    CATEGORIES: (lambda s: bool(s.categories), lambda s: (s.categories, s.path)),
}


def sort_rows(rows: list, column: int, order: Qt.SortOrder) -> list:
    """``rows`` sorted by a list column (rows without a value last either way).
    Plain Python, so workers can sort before the rows reach the model."""
    if column not in _SORT_KEYS:
        return list(rows)
    has_value, key = _SORT_KEYS[column]
    present = [s for s in rows if has_value(s)]
    missing = [s for s in rows if not has_value(s)]
    present.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
    missing.sort(key=lambda s: (s.title.casefold(), s.path))
    return present + missing


class ArticleListModel(QAbstractTableModel):
    """The articles of the selected group or of a search, one row each.

    Holds a compact list of :class:`Summary` rows; sorting happens here (one
    ``list.sort`` with a key), not in a proxy.
    """

    #: A long list is sorted again on a worker, not here on the GUI thread:
    #: emitted with (column, order) instead of sorting in place.
    sort_requested = Signal(int, Qt.SortOrder)
    SORT_HERE_AT_MOST = 3000  # rows; sorting more would stall the window

    def __init__(self, parent=None):
        super().__init__(parent)
        self.defer_long_sorts = False  # True: long lists emit sort_requested instead
        self._rows: list = []
        self._snippets: dict[str, str] = {}
        self._row_of: dict[str, int] | None = None
        self._modified: str | None = None  # the row with unsaved edits
        self._sort_column = DATE
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._keep_order = False  # search results stay in rank order until sorted

    # -- content -----------------------------------------------------------------------

    def set_rows(
        self,
        rows: Sequence,
        snippets: dict[str, str] | None = None,
        *,
        ranked: bool = False,
        sorted_by: tuple[int, Qt.SortOrder] | None = None,
    ) -> None:
        """Replace the rows.  ``ranked`` rows (search results) keep their order;
        ``sorted_by`` says the rows are already sorted that way (by
        :func:`sort_rows` on a worker); otherwise they are sorted here."""
        self.beginResetModel()
        self._rows = rows if isinstance(rows, list) else list(rows)
        self._snippets = dict(snippets or {})
        self._row_of = None
        self._keep_order = ranked
        if sorted_by is not None:
            self._sort_column, self._sort_order = sorted_by
        if not ranked and sorted_by is None:
            self._sort_rows()
        self.endResetModel()

    def append_rows(self, rows: Sequence, snippets: dict[str, str] | None = None) -> None:
        """Add ``rows`` at the end (the next page of search results); rows
        already listed are skipped."""
        known = {s.path for s in self._rows}
        new = [s for s in rows if s.path not in known]
        if snippets:
            self._snippets.update(snippets)
        if not new:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        self._rows.extend(new)
        self._row_of = None
        self.endInsertRows()
        if not self._keep_order:  # sorted by a column meanwhile: keep it sorted
            self.sort(self._sort_column, self._sort_order)

    @property
    def ranked(self) -> bool:
        """Whether the rows are in search-rank (relevance) order."""
        return self._keep_order

    def summary(self, row: int):
        return self._rows[row]

    def path_at(self, row: int) -> str | None:
        return self._rows[row].path if 0 <= row < len(self._rows) else None

    def row_of(self, path: str) -> int:
        if self._row_of is None:
            self._row_of = {s.path: i for i, s in enumerate(self._rows)}
        return self._row_of.get(path, -1)

    def set_modified(self, path: str | None) -> None:
        """Mark the row of ``path`` as having unsaved edits (None: no row)."""
        changed = [p for p in (self._modified, path) if p]
        self._modified = path
        for item in changed:
            row = self.row_of(item)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def is_modified(self, row: int) -> bool:
        return self._modified is not None and self.path_at(row) == self._modified

    def paths(self) -> list[str]:
        return [s.path for s in self._rows]

    @property
    def searching(self) -> bool:
        return bool(self._snippets) or self._keep_order

    # -- QAbstractTableModel -----------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if role == PATH_ROLE:
            return summary.path
        if role == Qt.ItemDataRole.FontRole and (
            (column == DATE and summary.date_source == "file-time")
            or summary.path == self._modified
        ):
            font = QFont()
            font.setItalic(True)
            return font
        if role == SECOND_LINE_ROLE:
            return self._second_line(summary) if column == TITLE else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._display(summary, column) or ""
            if column == TITLE:
                second = self._second_line(summary)
                text = f"{text}; {second.replace('«', '').replace('»', '')}" if second else text
            return text
        return None

    def _second_line(self, summary) -> str:
        """The snippet of a search hit, else the date, author and categories."""
        snippet = self._snippets.get(summary.path)
        if snippet is not None or self._keep_order:
            return snippet or summary.excerpt or ""
        parts = [
            self._display(summary, DATE),
            self._display(summary, AUTHOR),
            self._display(summary, CATEGORIES),
        ]
        return " · ".join(p for p in parts if p)

    def _display(self, summary, column: int) -> str | None:
        if column == TITLE:
            mark = "● " if summary.path == self._modified else ""
            if summary.error_count:
                return mark + "⚠ " + summary.title
            return mark + summary.title
        if column == DATE:
            return (summary.date or "")[:10]
        if column == AUTHOR:
            return summary.author or ""
        if column == CATEGORIES:
            return " · ".join(" › ".join(path) for path in summary.categories)
        if column == SNIPPET:
            return self._snippets.get(summary.path, summary.excerpt or "")
        return None

    def _tooltip(self, summary, column: int) -> str:
        lines = [f"<b>{html.escape(summary.title)}</b>", html.escape(summary.path)]
        snippet = self._snippets.get(summary.path)
        if snippet:
            marked = html.escape(snippet).replace("«", "<b>").replace("»", "</b>")
            lines.append(marked)
        for problem in summary.problems[:5]:
            where = (
                QCoreApplication.translate("ArticleListModel", "line %1").replace(
                    "%1", str(problem.line)
                )
                if problem.line
                else ""
            )
            lines.append(html.escape(f"{problem.severity}: {problem.message} {where}".strip()))
        return "<br>".join(lines)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            QCoreApplication.translate("ArticleListModel", "Title"),
            QCoreApplication.translate("ArticleListModel", "Date"),
            QCoreApplication.translate("ArticleListModel", "Author"),
            QCoreApplication.translate("ArticleListModel", "Categories"),
            QCoreApplication.translate("ArticleListModel", "Match"),
        )
        if section == TITLE and self._keep_order and self._rows:
            return QCoreApplication.translate("ArticleListModel", "Title · by relevance")
        return names[section] if 0 <= section < len(names) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in _SORT_KEYS:
            return
        self._sort_column, self._sort_order = column, order
        if self._keep_order:
            self._keep_order = False
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, TITLE, TITLE)
        if self.defer_long_sorts and len(self._rows) > self.SORT_HERE_AT_MOST:
            self.sort_requested.emit(column, order)
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        paths = [self.path_at(i.row()) for i in persistent]
        self._sort_rows()
        self._row_of = None
        new = []
        for index, path in zip(persistent, paths, strict=True):
            row = self.row_of(path) if path is not None else -1
            new.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        self._rows = sort_rows(self._rows, self._sort_column, self._sort_order)
