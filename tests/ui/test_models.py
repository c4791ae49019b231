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
    # the row's second line, which a narrow list cuts, is whole in its tooltip
    categorized = next(r for r in rows if r.categories)
    tip = model.index(model.row_of(categorized.path), TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert " › ".join(categorized.categories[0]) in tip


def test_list_model_over_a_listing_reads_only_the_pages_asked_for(
    qtmodeltester, library_copy, cache_dir, sample_count
):
    from reader.core.library.listing import Listing

    with Library.open(library_copy, cache_dir) as library:
        library.refresh()
        asked: list[int] = []

        class Counting:
            def summaries_by_id(self, ids):
                asked.append(len(ids))
                return library.summaries_by_id(ids)

            def paths_by_id(self, ids):
                return library.paths_by_id(ids)

            def ids_of_paths(self, paths):
                return library.ids_of_paths(paths)

        expected = [s.path for s in library.query(Query(sort="title"))]
        listing = Listing(library.listing(Query(sort="title")).ids, Counting(), page=4)
        model = ArticleListModel()
        model.set_rows(listing, sorted_by=(TITLE, Qt.SortOrder.AscendingOrder))
        assert model.rowCount() == sample_count and asked == []  # nothing read yet
        assert model.index(1, TITLE).data() == library.summary(expected[1]).title
        assert asked == [4]  # one page, for the row shown
        assert model.paths() == expected
        assert model.row_of(expected[-1]) == len(expected) - 1
        assert model.row_of("no/such.md") == -1
        qtmodeltester.check(model)

        # With a window to ask (defer_long_sorts), sorting a listing asks for a
        # new one instead of sorting here.
        model.defer_long_sorts = True
        requested: list[tuple] = []
        model.sort_requested.connect(lambda column, order: requested.append((column, order)))
        before = len(asked)
        model.sort(DATE, Qt.SortOrder.DescendingOrder)
        assert requested == [(DATE, Qt.SortOrder.DescendingOrder)]
        assert len(asked) == before and model.paths() == expected  # untouched

        # An article that left the index since: its row is empty, not an error.
        gone = expected[0]
        (library_copy / gone).unlink()
        library.refresh()
        listing.forget()
        assert model.path_at(0) is None
        assert model.index(0, TITLE).data() is None
        assert model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole) is None
        assert gone not in model.paths()


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


def test_a_heading_of_the_tree_lists_the_articles_it_counts(library_copy, cache_dir):
    # Categories (8,544) listed all 10,000 articles: a heading filtered nothing
    (library_copy / "loose.md").write_text("---\ntitle: Loose\n---\nno groups\n", encoding="utf-8")
    with Library.open(library_copy, cache_dir) as library:
        library.refresh()
        model = NavigationModel()
        model.set_taxonomy(library.taxonomy())
        total = library.count(Query())
        for kind in ("categories", "tags", "dates", "authors"):
            node = model.node(model.find((kind,)))
            wanted = node.filter()
            assert wanted == {"grouped": kind}
            listed = library.query(Query(**wanted))
            assert len(listed) == node.count == library.count(Query(**wanted)) < total
            assert "loose.md" not in {s.path for s in listed}
