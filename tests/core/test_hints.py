"""What to say when a filter finds nothing: names no article has, and the
close names articles do have (reader.core.library.hints)."""

from __future__ import annotations

import pytest

from reader.core.library.hints import UnknownName, unknown_names
from reader.core.library.querylang import parse
from tests.core.libhelpers import article, write


@pytest.fixture
def library(root, open_library):
    write(
        root,
        "a.md",
        article(
            "Alpha",
            categories="[Technology, Open Source]",
            tags="[python, kettles]",
            author="Leo Brandt",
        ),
    )
    text = article("Beta", categories="[生活, 家常菜]", tags="[饺子]", author="刘小满")
    write(root, "b.md", text.replace("title:", "series: Winter\ntitle:"))
    return open_library()


def test_known_names_need_no_hint(library):
    expr = parse('cat:"Technology/Open Source" tag:python author:"Leo Brandt" series:winter')
    assert library.unknown_names(category="生活/家常菜", tag="饺子", author="刘小满") == []
    assert library.unknown_names(expr=parse("cat:Technology tag:python series:x")) == []
    assert library.unknown_names(expr=expr) == []


def test_another_case_comes_first(library):
    assert library.unknown_names(tag="Python", author="leo brandt") == [
        UnknownName("tag", "Python", ("python",)),
        UnknownName("author", "leo brandt", ("Leo Brandt",)),
    ]
    [unknown] = library.unknown_names(category="technology/open source")
    assert unknown.close[0] == "Technology/Open Source"
    assert unknown.message() == (
        "no article has the category 'technology/open source'; "
        f"did you mean {' or '.join(repr(name) for name in unknown.close)}?"
    )


def test_misspelt_names_and_keys(library):
    [category] = library.unknown_names(category="生活/家常")
    assert category.close == ("生活/家常菜",)
    [key, tag] = library.unknown_names(expr=parse("sereis:winter tag:kettle"))
    assert key == UnknownName("key", "sereis", ("series",))
    assert key.message() == ("no article has a value for the key 'sereis'; did you mean 'series'?")
    assert tag == UnknownName("tag", "kettle", ("kettles",))
    # a key the query language answers itself is offered for a near miss
    [author] = library.unknown_names(expr=parse("auther:leo"))
    assert author.close == ("author",)


def test_nothing_close_is_offered_bare(library):
    [unknown] = library.unknown_names(tag="zzzz")
    assert unknown == UnknownName("tag", "zzzz", ())
    assert unknown.message() == "no article has the tag 'zzzz'"


def test_only_filters_that_could_empty_the_listing(library):
    # negated, or beside a known alternative, or not a name: nothing to say
    assert library.unknown_names(expr=parse("-tag:nope tag:python OR tag:nope kettle")) == []
    assert library.unknown_names(expr=parse("date:2021 is:unread has:image")) == []
    # every alternative unknown: each is named once
    assert library.unknown_names(expr=parse("tag:nope OR tag:nada tag:nope")) == [
        UnknownName("tag", "nope", ()),
        UnknownName("tag", "nada", ()),
    ]


def test_keys_are_read_only_when_a_key_filter_asks(library):
    taxonomy = library.taxonomy()

    def keys():
        raise AssertionError("keys read for a query without a key filter")

    def has_key(name):
        raise AssertionError("a key looked up for a query without a key filter")

    found = unknown_names(taxonomy, keys, has_key, tag="python", expr=parse("tag:python cat:x"))
    assert found == [UnknownName("category", "x", ())]


def test_every_name_counts_however_many_there_are(library, monkeypatch):
    # only the first MAX_CANDIDATES names were looked in: a tag past them was
    # said to be missing, with other tags offered
    import reader.core.library.hints as hints

    monkeypatch.setattr(hints, "MAX_CANDIDATES", 1)
    assert library.unknown_names(tag="kettles", author="刘小满") == []
    assert library.unknown_names(expr=parse("series:winter title:alpha")) == []


def test_field_keys_steps_over_each_key(library):
    from tests.core.libhelpers import index_connection

    with index_connection(library) as conn:
        from reader.core.library.index import field_keys

        keys = field_keys(conn, 100)
        assert keys == sorted(set(keys)) and "series" in keys and "title" in keys
        assert field_keys(conn, 1) == keys[:1]


def test_a_long_name_is_cut_in_the_message():
    # (CLI attack) `--query tag:` and 100,000 characters said them all
    message = UnknownName("tag", "x" * 100_000).message()
    assert message == f"no article has the tag '{'x' * 79}…'"
    assert UnknownName("tag", "short").message() == "no article has the tag 'short'"
