"""Item models over the library index: the navigation tree and the article list.

Both are plain Qt models over data the library layer computed on a worker
thread (a :class:`~reader.core.library.catalog.Taxonomy`, a list of
:class:`~reader.core.library.records.Summary`).  Nothing here touches files.
"""

from __future__ import annotations

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

from reader.ui.problem_text import problem_line
from reader.ui.saved_searches import GROUP as SAVED_GROUP
from reader.ui.saved_searches import KIND as SAVED_KIND
from reader.ui.saved_searches import SavedEntry, entry_nodes, saved_data, saved_group_node
from reader.ui.shown_text import one_line, shown_title
from reader.ui.site_groups import (
    posts_only,
    schema_lines,
    shown_label,
    site_group_nodes,
    site_names,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from reader.core.library.catalog import CategoryNode, DateNode, Taxonomy
    from reader.core.library.listing import Listing
    from reader.core.library.records import Summary
    from reader.core.library.state import ReadingState

__all__ = [
    "KEY_ROLE",
    "NAME_ROLE",
    "PATH_ROLE",
    "UNREADABLE",
    "ArticleListModel",
    "NavNode",
    "NavigationModel",
    "unreadable_label",
]

#: The kind of the Problems group's children: a file or folder that could not
#: be read (key ``(UNREADABLE, path)``; not indexed, so it lists nothing).
UNREADABLE = "unreadable"

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # navigation: the node's key (a tuple)
PATH_ROLE = Qt.ItemDataRole.UserRole + 2  # list: the article's relative path
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3
#: navigation: the name alone, without the unread count "(3)" the display
#: text adds (the tree's delegate cuts the name, never the count)
NAME_ROLE = Qt.ItemDataRole.UserRole + 4
SECOND_LINE_ROLE = Qt.ItemDataRole.UserRole + 20  # list: the title's second line

# The roles as plain ints, looked up once: the views ask data() for seven roles
# of every cell they paint, and an enum member's look-up costs more than the
# comparison (``Qt.ItemDataRole`` members are ints, so either compares equal).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_HORIZONTAL = Qt.Orientation.Horizontal
_NODE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
#: The roles the tree answers (see NavigationModel.data; saved searches answer
#: display, tooltip and accessible text, reader.ui.saved_searches.saved_data).
_NAV_ROLES = frozenset(
    {
        _DISPLAY,
        _TOOLTIP,
        _FONT,
        _ALIGNMENT,
        _ACCESSIBLE,
        int(KEY_ROLE),
        int(COUNT_ROLE),
        int(NAME_ROLE),
    }
)

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
        "paths",
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
        # A site group's articles (reader.ui.site_groups), or what "All" leaves out.
        self.paths: tuple[str, ...] | None = None

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
        if self.paths is not None:
            return {"exclude_paths": self.paths} if kind == "all" else {"paths": self.paths}
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
        if kind in ("categories", "tags", "dates", "authors"):
            return {"grouped": kind}  # (all articles were listed, not those counted)
        if kind == UNREADABLE:
            return {"paths": ()}  # not in the index: nothing to list
        return {}


def _path_group_label(kind: str) -> str:
    if kind == "changed":
        return QCoreApplication.translate("NavigationModel", "Changed since last commit")
    return QCoreApplication.translate("NavigationModel", "Sync conflicts")


def group_labels() -> list[str]:
    """The tree's fixed top-level labels (translated), for sizing the tree
    so that none of them is cut off where the screen allows."""
    return [
        QCoreApplication.translate("NavigationModel", "Read later"),
        QCoreApplication.translate("NavigationModel", "All articles"),
        QCoreApplication.translate("NavigationModel", "Uncategorized"),
        QCoreApplication.translate("NavigationModel", "Schema warnings"),
        _path_group_label("changed"),
        _path_group_label("conflicts"),
    ]


def unreadable_label(path: str, why: str) -> str:
    """How a file or folder that could not be read is named: its path in the
    library (``.``: the library's folder itself) and why."""
    return f"{one_line(path) or '.'}: {one_line(why)}"


def _category_total(nodes: Sequence[CategoryNode]) -> int:
    """How many categories there are, at every level."""
    return sum(1 + _category_total(node.children) for node in nodes)


def month_name(month: int) -> str:
    """The name of ``month`` (1–12) in the window's language."""
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
                label = month_name(date_node.value)
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
        self._path_groups: dict[str, tuple[str, ...]] = {}  # "changed", "conflicts"
        self._unread: Mapping[tuple, int] = {}  # node key → unread articles in it
        self._sizes: dict[str, int] = {}  # reading group → articles in it
        self._site_names: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self._saved: list[SavedEntry] = []  # saved searches (reader.ui.saved_searches)
        self._unreadable: dict[str, str] = {}  # path → why it could not be read

    # -- content -----------------------------------------------------------------------

    def set_taxonomy(self, taxonomy: Taxonomy | None) -> None:
        self.beginResetModel()
        self._root = NavNode("root", (), "", 0, None, 0)
        self._site_names = site_names(taxonomy)  # category_map, tag_map
        if taxonomy is not None:
            self._root._children = self._groups(taxonomy)
        self.endResetModel()

    def set_unread_counts(
        self, counts: Mapping[tuple, int], sizes: Mapping[str, int] | None = None
    ) -> None:
        """Unread articles per node key (see
        :func:`reader.core.library.state.counts.unread_counts`) and the sizes
        of the reading groups (``unread``, ``starred``, ``later``)."""
        self._unread = counts
        self._sizes = dict(sizes or {})
        for node in self._root.children:
            if node.kind in self._sizes:
                node.count = self._sizes[node.kind]
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, 1))
            self._changed_below(QModelIndex())

    def _changed_below(self, parent: QModelIndex) -> None:
        """dataChanged for the expanded (already made) children of ``parent``."""
        node = self.node(parent)
        children = node._children
        if not children:
            return
        self.dataChanged.emit(self.index(0, 0, parent), self.index(len(children) - 1, 1, parent))
        for child in children:
            if child._children:
                self._changed_below(self.createIndex(child.row, 0, child))

    def unread_count(self, key: tuple) -> int:
        return self._unread.get(key, 0)

    def _groups(self, tax: Taxonomy) -> list[NavNode]:
        root = self._root
        reading = [
            (kind, label, self._sizes.get(kind, 0), None)
            for kind, label in (
                ("unread", QCoreApplication.translate("NavigationModel", "Unread")),
                ("starred", QCoreApplication.translate("NavigationModel", "Starred")),
                ("later", QCoreApplication.translate("NavigationModel", "Read later")),
            )
        ]
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
        specs = reading + [
            (kind, label, count, source)
            for (kind, count, source), label in zip(groups, labels, strict=True)
        ]
        distinct = {
            "categories": _category_total(tax.categories),
            "tags": len(tax.tags),
            "authors": len(tax.authors),
        }
        nodes = [
            NavNode(kind, (kind,), label, count, root, row, source, distinct.get(kind))
            for row, (kind, label, count, source) in enumerate(specs)
        ]
        problems = next(node for node in nodes if node.kind == "problems")
        problems._children = self._unreadable_nodes(problems)
        if posts_only(tax):  # on a site, "All articles" are the posts; pages have their group
            everything = nodes[len(reading)]
            everything.paths = posts_only(tax)
            everything.count -= len(everything.paths)
        # saved searches right after the reading groups
        nodes.insert(len(reading), saved_group_node(self._saved, root, len(reading)))
        for row, node in enumerate(nodes):
            node.row = row
        nodes += site_group_nodes(tax, root, len(nodes))
        # the path groups (git, sync conflicts) are the last rows: see set_path_groups
        nodes += [
            NavNode(k, (k,), _path_group_label(k), len(p), root, len(nodes) + i)
            for i, (k, p) in enumerate(self._path_groups.items())
        ]
        return nodes

    def _unreadable_nodes(self, parent: NavNode) -> list[NavNode]:
        return [
            NavNode(UNREADABLE, (UNREADABLE, path), unreadable_label(path, why), 0, parent, row)
            for row, (path, why) in enumerate(sorted(self._unreadable.items()))
        ]

    def set_unreadable(self, problems: Iterable[Any]) -> None:
        """The files and folders that could not be read (``PathProblem``s:
        ``path``, ``message``), listed under Problems until a scan reads them."""
        unreadable = {p.path: p.message for p in problems}
        if unreadable == self._unreadable:
            return
        self._unreadable = unreadable
        group = next((n for n in self._root.children if n.kind == "problems"), None)
        if group is None:
            return  # no taxonomy yet: they come with it
        parent = self.createIndex(group.row, 0, group)
        if group.children:
            self.beginRemoveRows(parent, 0, len(group.children) - 1)
            group._children = []
            self.endRemoveRows()
        nodes = self._unreadable_nodes(group)
        if nodes:
            self.beginInsertRows(parent, 0, len(nodes) - 1)
            group._children = nodes
            self.endInsertRows()
        self.dataChanged.emit(parent, parent.siblingAtColumn(1))

    def unreadable(self) -> dict[str, str]:
        """What :meth:`set_unreadable` was given: path → why."""
        return dict(self._unreadable)

    def set_path_groups(self, groups: dict[str, tuple[str, ...]]) -> None:
        """Groups listed by path after the others (``changed``: since the last
        commit; ``conflicts``: pending conflicts); absent keys are hidden."""
        old = self._path_groups
        if list(old) == list(groups):
            self._path_groups = dict(groups)
            for node in self._root.children:
                if node.kind in groups:
                    node.count = len(groups[node.kind])
                    index = self.createIndex(node.row, 1, node)
                    self.dataChanged.emit(index.siblingAtColumn(0), index)
            return
        children = self._root.children
        keep = [n for n in children if n.kind not in old]
        if not keep:  # no taxonomy yet: the groups come with it
            self._path_groups = dict(groups)
            return
        # The path groups are the last rows: remove them and insert the new
        # ones, so that the rest of the tree keeps its expansion and selection.
        if len(children) > len(keep):
            self.beginRemoveRows(QModelIndex(), len(keep), len(children) - 1)
            self._root._children = keep
            self.endRemoveRows()
        self._path_groups = dict(groups)
        if groups:
            self.beginInsertRows(QModelIndex(), len(keep), len(keep) + len(groups) - 1)
            self._root._children = keep + [
                NavNode(
                    kind, (kind,), _path_group_label(kind), len(paths), self._root, len(keep) + i
                )
                for i, (kind, paths) in enumerate(groups.items())
            ]
            self.endInsertRows()

    def set_saved_searches(self, entries: list[SavedEntry]) -> None:
        """The saved searches, with their matches (see reader.ui.saved_searches)."""
        old, self._saved = self._saved, list(entries)
        group = next((n for n in self._root.children if n.kind == SAVED_GROUP), None)
        if group is None:
            return  # no taxonomy yet: the group comes with it
        parent = self.createIndex(group.row, 0, group)
        group.groups = len(entries)
        if [e.id for e in old] == [e.id for e in entries]:
            for node, entry in zip(group.children, entries, strict=True):
                node.label, node.paths = entry.name, entry.paths or ()
                node.count = len(node.paths)
            if entries:
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(len(entries) - 1, 1, parent)
                )
            self.dataChanged.emit(parent, parent.siblingAtColumn(1))
            return
        if group.children:
            self.beginRemoveRows(parent, 0, len(group.children) - 1)
            group.children.clear()
            self.endRemoveRows()
        if entries:
            self.beginInsertRows(parent, 0, len(entries) - 1)
            group.children.extend(entry_nodes(self._saved, group))
            self.endInsertRows()
        self.dataChanged.emit(parent, parent.siblingAtColumn(1))

    def saved_entries(self) -> list[SavedEntry]:
        return list(self._saved)

    def saved_entry(self, search_id: str) -> SavedEntry | None:
        return next((e for e in self._saved if e.id == search_id), None)

    def filter_for(self, index: _Index) -> dict[str, Any]:
        """:meth:`NavNode.filter` of the node at ``index``; a path group lists its paths."""
        node = self.node(index)
        if node.kind in self._path_groups:
            return {"paths": self._path_groups[node.kind]}
        if node.kind == SAVED_GROUP:
            # the articles any saved search finds (every article was listed:
            # and exported, under "Saved searches")
            found = {path for entry in self._saved for path in entry.paths or ()}
            return {"paths": tuple(sorted(found))}
        return node.filter()

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
        elif kind == SAVED_KIND:
            path_keys = [(SAVED_GROUP,), key]
        elif kind == UNREADABLE:
            path_keys = [("problems",), key]
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
        return _NODE_FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _NAV_ROLES or not index.isValid():
            return None
        node: NavNode = index.internalPointer()
        column = index.column()
        if node.kind in (SAVED_GROUP, SAVED_KIND):
            entry = self.saved_entry(node.key[1]) if node.kind == SAVED_KIND else None
            shown = saved_data(node, column, role, entry)
            if shown is not None:
                return shown
        if node.kind == UNREADABLE:
            if column == 0 and role in (_DISPLAY, _TOOLTIP, _ACCESSIBLE, NAME_ROLE):
                return node.label
            return node.key if role == KEY_ROLE else None
        unread = self._unread.get(node.key, 0) if node.kind not in ("unread",) else 0
        if role == _DISPLAY:
            if column == 1:
                return QLocale().toString(self._shown_count(node))
            label = one_line(shown_label(node.kind, node.label, self._site_names)[0])
            return f"{label} ({QLocale().toString(unread)})" if unread else label
        if role == _TOOLTIP:  # (the count's column too: which count is which)
            tip = f"{one_line(shown_label(node.kind, node.label, self._site_names)[1])}: "
            tip += self._count_text(node)
            if node.kind == "problems" and self._unreadable:
                tip += "\n" + self._unreadable_text()
            if unread:
                tip += "\n" + QCoreApplication.translate("NavigationModel", "%1 unread").replace(
                    "%1", QLocale().toString(unread)
                )
            return tip
        if role == _ACCESSIBLE:
            if column == 0:
                text = f"{one_line(node.label)}, {self._count_text(node)}"
                if node.kind == "problems" and self._unreadable:
                    text += ", " + self._unreadable_text()
                if unread:
                    text += ", " + QCoreApplication.translate(
                        "NavigationModel", "%1 unread"
                    ).replace("%1", QLocale().toString(unread))
                return text
            return self._articles(node)
        if role == _ALIGNMENT and column == 1:
            return _ALIGN_RIGHT
        if role == _FONT and column == 0 and (node.parent is self._root or unread):
            font = QFont()
            font.setBold(True)
            return font
        if role == KEY_ROLE:
            return node.key
        if role == COUNT_ROLE:
            return self._shown_count(node)
        if role == NAME_ROLE and column == 0:
            return self.name(index)
        return None

    def _shown_count(self, node: NavNode) -> int:
        """The count beside a group: its articles; under Problems, also the
        files and folders that could not be read."""
        if node.kind == "problems":
            return node.count + len(self._unreadable)
        return node.count

    def _unreadable_text(self) -> str:
        return QCoreApplication.translate(
            "NavigationModel",
            "%n file(s) or folder(s) could not be read",
            "",
            len(self._unreadable),
        )

    def name(self, index: _Index) -> str:
        """The node's name as the tree shows it, without its unread count
        (a title for what is exported from it)."""
        if not index.isValid():
            return ""
        node: NavNode = index.internalPointer()
        return one_line(shown_label(node.kind, node.label, self._site_names)[0])

    def _articles(self, node: NavNode) -> str:
        return self.tr("%n article(s)", "", node.count)

    def _count_text(self, node: NavNode) -> str:
        """ "7 articles"; for a group, "16 articles in 12 categories"."""
        articles = self._articles(node)
        if node.groups is None:
            return articles
        n = node.groups
        kinds = {
            "categories": self.tr("%n categories", "", n),
            "tags": self.tr("%n tags", "", n),
            "authors": self.tr("%n authors", "", n),
        }
        return (
            QCoreApplication.translate("NavigationModel", "%1 in %2")
            .replace("%1", articles)
            .replace("%2", kinds.get(node.kind, str(n)))
        )

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == _HORIZONTAL:
            if section == 0:
                return QCoreApplication.translate("NavigationModel", "Group")
            return QCoreApplication.translate("NavigationModel", "Articles")
        return None


# -- the article list ----------------------------------------------------------------

TITLE, DATE, AUTHOR, CATEGORIES, SNIPPET = range(5)

#: The roles the list answers (see ArticleListModel.data).
_LIST_ROLES = frozenset(
    {_DISPLAY, _TOOLTIP, _FONT, _ACCESSIBLE, int(PATH_ROLE), int(SECOND_LINE_ROLE)}
)


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

    A group's articles come as a :class:`~reader.core.library.listing.Listing`
    (their ids, ordered by the index; the summaries of the rows shown are
    read a page at a time), so a million rows cost 8 MB and the GUI thread
    never sorts them: sorting one asks for a new listing
    (:attr:`sort_requested`).  Search results come as a short list of
    :class:`Summary` rows, sorted here when short (one ``list.sort``).
    """

    #: A long list is sorted again on a worker, not here on the GUI thread:
    #: emitted with (column, order) instead of sorting in place.
    sort_requested = Signal(int, Qt.SortOrder)
    SORT_HERE_AT_MOST = 3000  # rows; sorting more would stall the window

    def __init__(self, parent=None):
        super().__init__(parent)
        self.defer_long_sorts = False  # True: listings and long lists emit sort_requested
        self._rows: list[Summary] | Listing = []
        self._snippets: dict[str, str] = {}
        self._row_of: dict[str, int] | None = None
        self._modified: str | None = None  # the row with unsaved edits
        self._marks: dict[str, str] = {}  # path → a short git or conflict mark
        self._sort_column = DATE
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._keep_order = False  # search results stay in rank order until sorted
        self._reading: ReadingState | None = None
        # path → schema warnings (the window sets it with each taxonomy)
        self.schema_findings: dict[str, Any] = {}

    # -- content -----------------------------------------------------------------------

    def set_rows(
        self,
        rows: Sequence,
        snippets: dict[str, str] | None = None,
        *,
        ranked: bool = False,
        sorted_by: tuple[int, Qt.SortOrder] | None = None,
    ) -> None:
        """Replace the rows: a list of summaries or a
        :class:`~reader.core.library.listing.Listing` (kept as it is: its
        order is the index's).  ``ranked`` rows (search results) keep their
        order; ``sorted_by`` says the rows are already sorted that way (by
        SQL or :func:`sort_rows` on a worker); otherwise a list is sorted here."""
        self.beginResetModel()
        listing = not isinstance(rows, list) and _is_listing(rows)
        self._rows = rows if isinstance(rows, list) or listing else list(rows)  # type: ignore[assignment]
        self._snippets = dict(snippets or {})
        self._row_of = None
        self._keep_order = ranked
        if sorted_by is not None:
            self._sort_column, self._sort_order = sorted_by
        if not ranked and sorted_by is None and isinstance(self._rows, list):
            self._sort_rows()
        self.endResetModel()

    def set_reading(self, state: ReadingState | None) -> None:
        """Show ``state``: unread rows bold, starred ones with a star."""
        self._reading = state
        self.reading_changed()

    def reading_changed(self) -> None:
        """The reading state changed: every row may look different."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1)
            )

    def is_unread(self, row: int) -> bool:
        state = self._reading
        path = self.path_at(row)
        return state is not None and path is not None and path not in state.paths_with("read")

    def is_starred(self, row: int) -> bool:
        state = self._reading
        path = self.path_at(row)
        return state is not None and path is not None and path in state.paths_with("starred")

    def append_rows(self, rows: Sequence, snippets: dict[str, str] | None = None) -> None:
        """Add ``rows`` at the end (the next page of search results); rows
        already listed are skipped."""
        if not isinstance(self._rows, list):
            self._rows = self._materialized()
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
    def complete(self) -> bool:
        """False while only the first rows of a group are listed (start-up)."""
        return getattr(self._rows, "complete", True)

    @property
    def ranked(self) -> bool:
        """Whether the rows are in search-rank (relevance) order."""
        return self._keep_order

    def summary(self, row: int) -> Summary | None:
        """The row's summary (None: out of range, or the article left the
        index since the list was made; the list is filled again soon)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def path_at(self, row: int) -> str | None:
        summary = self.summary(row)
        return summary.path if summary is not None else None

    def row_of(self, path: str) -> int:
        rows = self._rows
        if not isinstance(rows, list):
            return rows.position_of(path)
        if self._row_of is None:
            self._row_of = {s.path: i for i, s in enumerate(rows)}
        return self._row_of.get(path, -1)

    def _materialized(self) -> list[Summary]:
        """The rows as a list of summaries (those still indexed)."""
        return [s for s in self._rows if s is not None]

    def set_marks(self, marks: dict[str, str]) -> None:
        """Short marks before titles (git status, pending conflicts), by path."""
        self._marks = dict(marks)
        if self._rows:
            self.dataChanged.emit(self.index(0, TITLE), self.index(len(self._rows) - 1, TITLE))

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

    def column_texts(self, column: int, count: int) -> list[str]:
        """What ``column`` shows in the first ``count`` rows (for fitting its width)."""
        rows = self._rows
        shown = (rows[row] for row in range(min(count, len(rows))))
        return [self._display(s, column) or "" for s in shown if s is not None]

    def paths(self) -> list[str]:
        """Every listed path, in list order (a listing reads them from the index)."""
        rows = self._rows
        if not isinstance(rows, list):
            return rows.paths()
        return [s.path for s in rows]

    def paths_reader(self) -> Callable[[], list[str]]:
        """A function giving :meth:`paths` that may run on a worker (a
        listing's paths are read through that thread's own connection)."""
        rows = self._rows
        if not isinstance(rows, list):
            return rows.paths
        paths = [s.path for s in rows]
        return lambda: paths

    @property
    def searching(self) -> bool:
        return bool(self._snippets) or self._keep_order

    # -- QAbstractTableModel -----------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _LIST_ROLES or not index.isValid():
            return None  # decoration, colours, check state, size hints: none
        summary = self.summary(index.row())
        if summary is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            return self._display(summary, column)
        if role == _TOOLTIP:
            return self._tooltip(summary, column)
        if role == PATH_ROLE:
            return summary.path
        if role == _FONT:
            italic = (
                column == DATE and summary.date_source == "file-time"
            ) or summary.path == self._modified
            state = self._reading
            bold = state is not None and summary.path not in state.paths_with("read")
            if italic or bold:
                font = QFont()
                font.setItalic(italic)
                font.setBold(bold)
                return font
            return None
        if role == SECOND_LINE_ROLE:
            return self._second_line(summary) if column == TITLE else None
        # AccessibleTextRole
        text = self._display(summary, column) or ""
        state = self._reading
        if column == TITLE:
            second = self._second_line(summary)
            text = f"{text}; {second.replace('«', '').replace('»', '')}" if second else text
            if state is not None and summary.path not in state.paths_with("read"):
                # bold is not heard: say it
                text = QCoreApplication.translate("ArticleListModel", "%1, unread").replace(
                    "%1", text
                )
        return text

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
            if summary.path in self._marks:
                mark += self._marks[summary.path] + " "
            state = self._reading
            if state is not None and summary.path in state.paths_with("starred"):
                mark += "★ "
            if summary.error_count:
                return mark + "⚠ " + shown_title(summary.title, summary.path)
            return mark + shown_title(summary.title, summary.path)
        if column == DATE:
            return (summary.date or "")[:10]
        if column == AUTHOR:
            return one_line(summary.author or "")
        if column == CATEGORIES:
            return one_line(" · ".join(" › ".join(path) for path in summary.categories))
        if column == SNIPPET:
            return one_line(self._snippets.get(summary.path, summary.excerpt or ""))
        return None

    def _tooltip(self, summary, column: int) -> str:
        import html  # with the first tooltip, not at start-up

        lines = [
            f"<b>{html.escape(shown_title(summary.title, summary.path))}</b>",
            html.escape(one_line(summary.path)),
        ]
        # the row's second line whole (a narrow list cuts it: "Technology › Open So…")
        details = " · ".join(
            p for p in (self._display(summary, c) for c in (DATE, AUTHOR, CATEGORIES)) if p
        )
        if details:
            lines.append(html.escape(details[:2000]))
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
            shown = problem_line(problem.severity, problem.message)
            lines.append(html.escape(f"{shown} {where}".strip()))
        lines += schema_lines(self.schema_findings.get(summary.path, ()))
        return "<br>".join(lines)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY or orientation != _HORIZONTAL:
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
        listing = not isinstance(self._rows, list)
        if self.defer_long_sorts and (listing or len(self._rows) > self.SORT_HERE_AT_MOST):
            self.sort_requested.emit(column, order)  # a new listing, from a worker
            return
        if listing:  # no one to ask for a new listing: sort the rows here
            self._rows = self._materialized()
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
        self._rows = sort_rows(self._materialized(), self._sort_column, self._sort_order)


def _is_listing(rows: object) -> bool:
    from reader.core.library.listing import Listing  # loaded with the library, on a worker

    return isinstance(rows, Listing)
