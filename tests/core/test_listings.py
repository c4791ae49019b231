"""A large listing's text, kept in the index while nothing changes (no Qt)."""

from __future__ import annotations

import pytest

import reader.core.library.listings as listings_module
from reader.core.article.cache import CacheError
from reader.core.library.facade import Library
from reader.core.library.index import IndexDB
from reader.core.library.query import Query

from .libhelpers import article, index_connection, write

FORM = "test form 1"


class Maker:
    """A caller's block function that counts the lines it was given."""

    def __init__(self, mark: str = "") -> None:
        self.lines = 0
        self.mark = mark

    def __call__(self, lines: list[str]) -> str:
        self.lines += len(lines)
        return "".join(f"{self.mark}{line}\n" for line in lines)


def text_of(lib: Library, query: Query | None = None, maker: Maker | None = None, form=FORM):
    blocks = list(lib.iter_query_text(query, maker or Maker(), form=form))
    text = b"".join(data for data, _ in blocks).decode("utf-8", "surrogatepass")
    return text, sum(lines for _, lines in blocks)


def kept_listings(lib: Library) -> list[tuple[str, int]]:
    with index_connection(lib) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'listings'").fetchone():
            return []
        return conn.execute("SELECT changes, lines FROM listings ORDER BY id").fetchall()


@pytest.fixture
def small(monkeypatch):
    """Listings of a few lines are kept too."""
    monkeypatch.setattr(listings_module, "KEEP_FROM", 3)


@pytest.fixture
def lib(root, open_library):
    for number in range(12):
        text = article(f"Title {number}", date=f"2021-04-{number + 1:02d} 10:00:00")
        write(root, f"y{number % 3}/{number:02d}.md", text)
    return open_library()


def plain_text(lib: Library, query: Query | None = None) -> str:
    return "".join(f"{line}\n" for line in lib.iter_query_lines(query))


def test_a_listing_is_kept_and_given_back_without_making_its_lines(small, lib):
    first, count = text_of(lib)
    assert count == 12 and first == plain_text(lib)
    assert [lines for _, lines in kept_listings(lib)] == [12]
    maker = Maker()
    again, count = text_of(lib, maker=maker)
    assert (again, count) == (first, 12)
    assert maker.lines == 0  # read back, not made


def test_small_listings_are_made_each_time(lib):
    text_of(lib)
    assert kept_listings(lib) == []
    maker = Maker()
    text_of(lib, maker=maker)
    assert maker.lines == 12


@pytest.mark.parametrize("change", ["title", "date", "added", "removed", "renamed", "category"])
def test_a_change_to_the_library_is_listed_at_once(small, lib, root, change):
    text_of(lib)
    path = root / "y1" / "04.md"
    if change == "title":
        path.write_text(article("Title 4, edited"), encoding="utf-8")
    elif change == "date":
        path.write_text(article("Title 4", date="1999-01-02 03:04:05"), encoding="utf-8")
    elif change == "added":
        write(root, "y1/new.md", article("New"))
    elif change == "removed":
        path.unlink()
    elif change == "renamed":
        path.rename(root / "y2" / "moved.md")
    else:
        path.write_text(article("Title 4", categories="[Moved]"), encoding="utf-8")
    lib.refresh()
    maker = Maker()
    text, _ = text_of(lib, maker=maker)
    assert text == plain_text(lib)
    assert maker.lines > 0  # made again
    assert len(kept_listings(lib)) == 1  # the stale one was dropped


def test_an_edit_through_the_library_is_listed_at_once(small, lib):
    before, _ = text_of(lib)
    assert lib.save(lib.load("y1/04.md"), {"title": "Saved through the app"})
    after, _ = text_of(lib)
    assert "Saved through the app" in after and after != before
    assert after == plain_text(lib)


def test_each_query_and_form_is_its_own(small, lib):
    by_title = Query(sort="title")
    newest, _ = text_of(lib)
    titled, _ = text_of(lib, by_title)
    assert titled != newest and titled == plain_text(lib, by_title)
    marked, _ = text_of(lib, maker=Maker("> "), form="another form")
    assert marked == "".join(f"> {line}\n" for line in plain_text(lib).splitlines())
    assert text_of(lib)[0] == newest
    assert len(kept_listings(lib)) == listings_module.KEPT == 3
    text_of(lib, Query(sort="path"))  # a fourth: the oldest is dropped
    assert len(kept_listings(lib)) == 3


def test_a_listing_not_read_to_its_end_is_not_kept(small, lib, monkeypatch):
    monkeypatch.setattr("reader.core.library.facade._STREAM_PAGE", 5)
    blocks = lib.iter_query_text(None, Maker(), form=FORM)
    next(blocks)
    blocks.close()
    assert kept_listings(lib) == []


def test_a_listing_made_while_the_index_changed_is_not_kept(small, lib, root, cache_dir):
    other = Library.open(root, cache_dir=cache_dir)
    try:

        def changing(lines: list[str]) -> str:
            # another process's refresh, between the listing's query and its end
            write(root, "y0/late.md", article("Late"))
            other.refresh()
            return Maker()(lines)

        text_of(lib, maker=changing)
        assert kept_listings(lib) == []
        maker = Maker()
        text, _ = text_of(lib, maker=maker)
        assert "Late" in text and maker.lines == 13
    finally:
        other.close()


def test_full_text_listings_are_never_kept(small, root, open_library):
    for number in range(6):
        write(root, f"{number}.md", article(f"Title {number}", body="<p>needle</p>"))
    lib = open_library(fulltext=True)
    query = Query(text="needle")
    text, count = text_of(lib, query)
    assert count == 6 and text == plain_text(lib, query)
    assert kept_listings(lib) == []


def test_an_index_that_cannot_be_written_lists_all_the_same(small, lib, monkeypatch):
    def refused(self):
        raise CacheError("the disk is full")

    monkeypatch.setattr(IndexDB, "write", refused)
    text, count = text_of(lib)
    assert count == 12 and text == plain_text(lib)
    assert kept_listings(lib) == []


def test_any_text_comes_back_as_it_went(small, root, open_library):
    titles = ["\\e[31m red", "\\u202e reversed", "中文 标题", "emoji \\U0001F600", "tab\\there"]
    for number, title in enumerate(titles):
        write(root, f"{number}.md", f'---\ntitle: "{title}"\n---\nbody\n')
    lib = open_library()
    first, _ = text_of(lib)
    assert "\x1b[31m" in first and "\u202e" in first and "\U0001f600" in first
    maker = Maker()
    assert text_of(lib, maker=maker)[0] == first and maker.lines == 0


def test_an_index_rebuilt_starts_without_listings(small, lib):
    text_of(lib)
    with index_connection(lib) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'changes'")  # not the count it was kept at
    maker = Maker()
    text, _ = text_of(lib, maker=maker)
    assert maker.lines == 12 and text == plain_text(lib)


def test_a_damaged_kept_listing_is_dropped_with_a_clear_error(small, lib, monkeypatch):
    monkeypatch.setattr("reader.core.library.facade._STREAM_PAGE", 5)
    first, _ = text_of(lib)  # kept, in three blocks
    with index_connection(lib) as conn:
        conn.execute("UPDATE listing_blocks SET data = x'789c00' WHERE seq = 1")
    blocks = lib.iter_query_text(None, Maker(), form=FORM)
    assert next(blocks)[1] == 5
    with pytest.raises(CacheError, match="a listing kept in the index is damaged"):
        next(blocks)
    assert kept_listings(lib) == []
    maker = Maker()
    assert text_of(lib, maker=maker)[0] == first and maker.lines == 12


def test_every_update_of_an_article_row_is_counted_or_shows_in_no_listing(lib):
    # The kept listings (and the taxonomy, and the folder digests) are valid
    # while the index's count of changes stands.  Rows are written by
    # INSERT OR REPLACE (counted); an UPDATE must name its columns in the
    # update trigger, unless no query reads them.
    import re
    from pathlib import Path

    import reader

    with index_connection(lib) as conn:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_updated'")
    trigger = re.search(r"AFTER UPDATE OF\s+(.*?)\s+ON articles", sql[0], re.S)
    counted = {column.strip() for column in trigger.group(1).split(",")}
    shown_nowhere = {"excerpt", "fts_rowid"}
    package = Path(reader.__file__).parent
    updates = []
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for match in re.finditer(r"UPDATE articles SET ([^\"]*?)(?:\sWHERE\b|\")", text):
            columns = {part.split("=")[0].strip() for part in match.group(1).split(",")}
            updates.append((source.name, columns))
            assert columns <= counted | shown_nowhere, (source, columns)
    assert updates  # the search finds them


@pytest.mark.parametrize("trigger", ["articles_inserted", "articles_deleted"])
def test_an_index_without_its_count_of_changes_gives_back_no_listing(small, lib, root, trigger):
    # A damaged schema that lost a trigger no longer counts the changes a
    # kept listing relies on: none is given back from it.
    text_of(lib)
    with index_connection(lib) as conn:
        conn.execute(f"DROP TRIGGER {trigger}")
    if trigger == "articles_inserted":
        write(root, "y1/04.md", article("Title 4, edited"))
    else:
        (root / "y2" / "05.md").unlink()
    lib.refresh()
    text, _ = text_of(lib)
    assert text == plain_text(lib)
