"""The navigation and list models, checked with pytest-qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.library.catalog import CategoryNode, DateNode, Taxonomy
from reader.core.library.facade import Library
from reader.core.library.query import Query
from reader.ui.models import DATE, TITLE, ArticleListModel, NavigationModel


def _taxonomy() -> Taxonomy:
    bank = CategoryNode("银行", ("金融", "银行"), 2, 2)
    finance = CategoryNode("金融", ("金融",), 3, 1, [bank])
    day = DateNode("day", 5, 2)
    month = DateNode("month", 3, 2, [day])
    year = DateNode("year", 2021, 2, [month])
    return Taxonomy(
        total=4,
        categories=[finance],
        tags=[("a", 2), ("b", 1)],
        authors=[("王小明", 3)],
        dates=[year],
        uncategorized=1,
        undated=2,
        problems=1,
        errors=1,
    )


def test_navigation_model_passes_the_model_tester(qtmodeltester):
    model = NavigationModel()
    model.set_taxonomy(_taxonomy())
    qtmodeltester.check(model)


def test_saved_searches_are_nodes_with_counts_and_paths(qtmodeltester):
    from reader.ui.saved_searches import GROUP, KIND, SavedEntry

    model = NavigationModel()
    model.set_saved_searches([SavedEntry("s1", "Early", "year:2020", ("a.md",))])
    model.set_taxonomy(_taxonomy())
    qtmodeltester.check(model)
    index = model.find((KIND, "s1"))
    assert index.data() == "Early" and index.siblingAtColumn(1).data() == "1"
    assert model.filter_for(index) == {"paths": ("a.md",)}
    model.set_saved_searches(
        [
            SavedEntry("s0", "Broken", "cat:x OR", None, "OR at the end"),
            SavedEntry("s1", "Early", "year:2020", ("a.md", "b.md")),
        ]
    )
    qtmodeltester.check(model)
    group = model.find((GROUP,))
    assert [model.index(r, 0, group).data() for r in range(model.rowCount(group))] == [
        "Broken",
        "Early",
    ]
    assert model.find((KIND, "s1")).siblingAtColumn(1).data() == "2"
    broken = model.find((KIND, "s0"))
    assert broken.siblingAtColumn(1).data() == "!"
    assert "OR at the end" in broken.data(Qt.ItemDataRole.ToolTipRole)
    model.set_saved_searches([SavedEntry("s2", "<img src=x>", "tag:<b>", ())])
    tip = model.find((KIND, "s2")).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=x&gt;" in tip and "tag:&lt;b&gt;" in tip and "<img" not in tip
    model.set_saved_searches([])
    assert model.rowCount(group) == 0


def test_navigation_groups_counts_and_filters():
    model = NavigationModel()
    model.set_taxonomy(_taxonomy())
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels == [
        "Unread",  # the reading groups come first (issue 11)
        "Starred",
        "Read later",
        "Saved searches",  # pinned near the top (issue 12)
        "All articles",
        "Categories",
        "Tags",
        "Dates",
        "Authors",
        "Uncategorized",
        "Undated",
        "Problems",
    ]
    bank = model.find(("category", "金融", "银行"))
    assert bank.isValid()
    assert bank.data() == "银行"
    assert bank.siblingAtColumn(1).data() == "2"
    assert model.node(bank).filter() == {"category": ("金融", "银行")}
    day = model.find(("day", 2021, 3, 5))
    assert model.node(day).filter() == {"year": 2021, "month": 3, "day": 5}
    assert model.node(model.find(("problems",))).filter() == {"problems": True}
    assert model.node(model.find(("tag", "b"))).count == 1
    assert not model.find(("tag", "missing")).isValid()


def test_list_model_over_the_sample_library(qtmodeltester, library_copy, cache_dir, sample_count):
    with Library.open(library_copy, cache_dir) as library:
        library.refresh()
        rows = library.query(Query())
    model = ArticleListModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows) == sample_count
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    titles = [model.index(r, TITLE).data() for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    model.sort(DATE, Qt.SortOrder.DescendingOrder)
    dates = [model.index(r, DATE).data() for r in range(model.rowCount())]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated rows last either way
    path = rows[3].path
    assert model.path_at(model.row_of(path)) == path


def test_every_tree_count_is_of_articles_and_groups_say_how_many_they_hold():
    tax = _taxonomy()
    tax.tagged = 2
    model = NavigationModel()
    model.set_taxonomy(tax)

    def count(key):
        return model.find(key).siblingAtColumn(1).data()

    assert count(("all",)) == "4"
    assert count(("categories",)) == "3"  # articles with a category: 4 less 1 uncategorized
    assert count(("tags",)) == "2"  # articles with a tag, not the 2 tags
    assert count(("authors",)) == "3"
    tip = model.find(("categories",)).data(Qt.ItemDataRole.ToolTipRole)
    assert "2 categor" in tip and "3 article" in tip  # 金融 and 金融 › 银行
    assert "2 tag" in model.find(("tags",)).data(Qt.ItemDataRole.ToolTipRole)
    bank = model.find(("category", "金融", "银行"))
    assert bank.data(Qt.ItemDataRole.ToolTipRole) == "银行: 2 article(s)"
    assert "银行" in bank.data(Qt.ItemDataRole.AccessibleTextRole)


def test_the_taxonomy_counts_tagged_articles(library_copy, cache_dir):
    with Library.open(library_copy, cache_dir) as library:
        library.refresh()
        tax = library.taxonomy()
        tagged = sum(1 for s in library.query(Query()) if s.tags)
    assert tax.tagged == tagged > 0
