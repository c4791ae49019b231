"""The query language: parsing, errors with positions, printing, evaluation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article.taxonomy import parse_category_path
from reader.core.library.querylang import (
    ERROR_KINDS,
    MAX_TERMS,
    POINTER_CONTEXT,
    And,
    Field,
    Not,
    Or,
    QueryError,
    Text,
    compile_expr,
    ignored_words,
    is_metadata_only,
    parse,
    parse_or_error,
    to_text,
)

from .libhelpers import article, write

# -- parsing ------------------------------------------------------------------------


def test_words_phrases_fields_and_negation():
    expr = parse('cat:金融/证券时报网 -draft:true 知识产权 "exact phrase" -word')
    assert expr == And(
        (
            Field("cat", "金融/证券时报网"),
            Not(Field("draft", "true")),
            Text("知识产权"),
            Text("exact phrase", True),
            Not(Text("word")),
        )
    )


def test_or_binds_tighter_than_the_implicit_and():
    assert parse("a b OR c d") == And((Text("a"), Or((Text("b"), Text("c"))), Text("d")))
    assert parse("tag:x OR -tag:y OR z") == And(
        (Or((Field("tag", "x"), Not(Field("tag", "y")), Text("z"))),)
    )


def test_lower_case_or_is_a_word_and_a_quoted_or_a_phrase():
    assert parse('a or b "OR"') == And((Text("a"), Text("or"), Text("b"), Text("OR", True)))


def test_escapes_in_categories_and_quoted_values():
    assert parse(r"cat:金融\/证券") == And((Field("cat", r"金融\/证券"),))
    assert parse(r'author:"Jane \"JD\" Doe"') == And((Field("author", 'Jane "JD" Doe'),))
    assert parse('layout:"a b"') == And((Field("layout", "a b"),))


def test_field_names_are_case_insensitive_and_enumerations_lower_case():
    assert parse("IS:Unread Has:IMAGE body:HTML") == And(
        (Field("is", "unread"), Field("has", "image"), Field("body", "html"))
    )


_ERRORS = [
    ('"open', 0, "quote is not closed", "quote-not-closed", ()),
    ("a OR", 4, "OR at the end", "or-at-end", ()),
    ("OR a", 0, "OR at the start", "or-at-start", ()),
    ("a OR OR b", 5, "OR twice", "or-twice", ()),
    ("a - b", 2, "'-' must be followed", "minus-alone", ()),
    ("--a", 0, "'-' twice", "minus-twice", ()),
    ("tag:", 4, "a value is missing", "value-missing", ("tag",)),
    (":x", 0, "field name is missing", "name-missing", ()),
    ("is:read", 3, "is: is one of", "not-one-of", ("is", "unread, starred, later", "read")),
    ("has:video", 4, "has: is one of", "not-one-of", ("has", "image, problems", "video")),
    ("body:rst", 5, "body: is one of", "not-one-of", ("body", "html, markdown", "rst")),
    ("year:21", 5, "four digits", "year", ("21",)),
    ("x date:2021-13", 7, "no month 13", "no-month", ("13",)),
    ("date:2021-01-32", 5, "no day 32", "no-day", ("32",)),
    # (these two found nothing, without a word)
    (
        "date:2021-02-29",
        5,
        "no 2021-02-29: 2021-02 has 28 days",
        "no-day-in-month",
        ("2021-02-29", "2021-02", "28"),
    ),
    (
        "date:2020-01..2021-04-31",
        14,
        "no 2021-04-31",
        "no-day-in-month",
        ("2021-04-31", "2021-04", "30"),
    ),
    (
        "date:2021-06..2021-01",
        14,
        "range 2021-06..2021-01 ends before it starts",
        "date-range-reversed",
        ("2021-06", "2021-01"),
    ),
    ("date:2021-01..2021-1x", 14, "date: takes", "date", ("2021-01..2021-1x",)),
    ("date:..", 5, "at least one end", "date-range-ends", ()),
    ("cat:/", 4, "cat: needs a category name", "category-empty", ("cat",)),
    ('"a"b', 3, "space after the closing quote", "space-after-quote", ()),
    ('tag:"a"b', 7, "space after the closing quote", "space-after-quote", ()),
    ('"  "', 0, "empty phrase", "empty-phrase", ()),
    ("tag:\udcff", 4, "the value of 'tag:'", "value-not-text", ("tag",)),
    ("k\udcffey:v", 1, "the field name", "name-not-text", ()),
    ("\udcff", 0, "the word", "word-not-text", ()),
    ('"a \udcff"', 3, "the phrase", "phrase-not-text", ()),
]


@pytest.mark.parametrize(("text", "position", "words"), [e[:3] for e in _ERRORS])
def test_errors_name_the_position(text, position, words):
    with pytest.raises(QueryError) as info:
        parse(text)
    assert info.value.position == position
    assert words in info.value.message
    assert str(position + 1) in str(info.value)
    assert info.value.pointer().splitlines()[0] == text


@pytest.mark.parametrize(("text", "kind", "values"), [(e[0], *e[3:]) for e in _ERRORS])
def test_errors_carry_a_kind_and_the_texts_they_name(text, kind, values):
    # the window words the message itself, in its language, from these
    with pytest.raises(QueryError) as info:
        parse(text)
    assert info.value.kind == kind and info.value.values == values
    assert len(values) == len(ERROR_KINDS[kind])


def test_every_kind_of_error_is_raised_somewhere():
    import ast
    import inspect

    import reader.core.library.querylang as querylang

    source = inspect.getsource(querylang)
    raised = {e[3] for e in _ERRORS} | {"too-many-terms", "no-reading-state"}
    assert raised == set(ERROR_KINDS)
    body = source.split("ERROR_KINDS = {")[1].split("\n}\n", 1)[1]  # past the table
    for kind in ERROR_KINDS:
        assert f'"{kind}"' in body, kind
    # and every error made names its kind (message, position, text, kind…)
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QueryError"
    ]
    assert len(calls) > 15
    assert all(len(call.args) >= 4 for call in calls), [c.lineno for c in calls]


def test_pointer_counts_wide_characters_twice():
    error = parse_or_error("金融 is:x")
    assert isinstance(error, QueryError)
    assert error.pointer().splitlines()[1] == " " * 8 + "^"


def test_a_query_holds_at_most_max_terms_words_and_filters():
    most = " ".join(f"w{i}" for i in range(MAX_TERMS - 2)) + " a OR b"  # OR is no term
    assert len(parse(most).clauses) == MAX_TERMS - 1  # the last two terms are one clause
    text = " ".join(["a"] * (MAX_TERMS + 5000))
    with pytest.raises(QueryError) as info:
        parse(text)
    assert info.value.position == 2 * MAX_TERMS  # the first word too many
    assert f"{MAX_TERMS + 5000}; at most {MAX_TERMS}" in info.value.message
    assert info.value.kind == "too-many-terms"
    assert info.value.values == (str(MAX_TERMS + 5000), str(MAX_TERMS))


def test_the_pointer_of_a_long_query_shows_the_place_only():
    text = "x" * 500 + " is:nothing " + "y" * 500
    error = parse_or_error(text)
    assert isinstance(error, QueryError)
    shown, caret = error.pointer().splitlines()
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) == 2 * POINTER_CONTEXT + 2
    assert error.position > POINTER_CONTEXT
    assert shown[len(caret) - 1] == text[error.position]  # the caret under the place
    assert caret.strip() == "^"
    short = parse_or_error("金融 is:x")
    assert isinstance(short, QueryError)
    assert short.pointer().splitlines()[0] == "金融 is:x"  # nothing cut


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("date:" + "9" * 100_000, "date"),
        ("year:" + "x" * 100_000, "year"),
        ("is:" + "y" * 100_000, "not-one-of"),
        ("k" * 100_000 + ':""', "value-missing"),
        ("k" * 100_000 + ":\udce9", "value-not-text"),
    ],
)
def test_a_huge_value_or_name_is_quoted_cut_short(text, kind):
    # the message quoted the whole value: a megabyte of a mistyped query
    # written back to the terminal (and, in the window, under the box)
    error = parse_or_error(text)
    assert isinstance(error, QueryError) and error.kind == kind
    assert len(error.message) < 200 and "…" in error.message
    assert all(len(value) < 100 for value in error.values)


def test_skipped_clauses_are_the_very_objects_given():
    expr = parse("a a b")
    first, second, _ = expr.clauses
    assert first == second and first is not second
    where, _params = compile_expr(expr, skip=[first])
    assert len(where) == 2  # the other "a" is a clause of its own
    where, _params = compile_expr(expr, skip=list(expr.clauses))
    assert where == []


def test_parse_or_error_returns_the_expression():
    assert parse_or_error("a") == And((Text("a"),))


def test_metadata_only():
    assert is_metadata_only(parse("cat:x -tag:y date:2021 OR year:2020"))
    assert not is_metadata_only(parse("cat:x word"))
    assert not is_metadata_only(parse("tag:x OR word"))


# -- printing round trips ------------------------------------------------------------

_plain = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
_bare_word = _plain.filter(
    lambda s: not any(c.isspace() for c in s) and s[0] not in '"-' and s != "OR" and ":" not in s
)
_phrase = _plain.map(lambda s: " ".join(s.split())).filter(bool)
_key = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda k: k not in ("is", "has", "body", "year", "date", "cat", "category")
)
_field = st.one_of(
    st.builds(Field, _key, _plain.filter(lambda s: s.strip() != "")),
    st.builds(Field, st.sampled_from(["is"]), st.sampled_from(["unread", "starred", "later"])),
    st.builds(Field, st.just("has"), st.sampled_from(["image", "problems"])),
    st.builds(Field, st.just("year"), st.integers(1000, 9999).map(str)),
    st.builds(
        Field,
        st.just("date"),
        st.sampled_from(
            ["2021", "2021-04", "2021-04-05", ">=2021-01-01", "<2020", "2021..2022-06"]
        ),
    ),
    st.builds(Field, st.sampled_from(["tag", "author"]), _phrase),
    # a category the parser accepts: one name at least ("/" alone names none)
    st.builds(Field, st.just("cat"), _phrase.filter(parse_category_path)),
)
_positive = st.one_of(st.builds(Text, _bare_word), st.builds(Text, _phrase, st.just(True)), _field)
_term = st.one_of(_positive, st.builds(Not, _positive))
_clause = st.one_of(_term, st.lists(_term, min_size=2, max_size=3).map(lambda t: Or(tuple(t))))
_expr = st.lists(_clause, max_size=5).map(lambda c: And(tuple(c)))


@settings(max_examples=300, deadline=None)
@given(_expr)
def test_a_printed_expression_parses_back_to_itself(expr):
    assert parse(to_text(expr)) == expr


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab:"-\\ ORtg金融/', max_size=20))
def test_any_text_either_fails_with_a_position_or_prints_to_a_fixed_point(text):
    result = parse_or_error(text)
    if isinstance(result, QueryError):
        assert 0 <= result.position <= len(text)
        return
    printed = to_text(result)
    assert parse(printed) == result
    assert to_text(parse(printed)) == printed


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("tag:\udcff", 4, "the value of 'tag:'"),  # a byte of an argument that was not UTF-8
        ("a cat:x\ud800", 7, "the value of 'cat:'"),  # a lone surrogate
        ('-author:"a \udfff"', 11, "the value of 'author:'"),
        ("k\udcffey:v", 1, "the field name"),
        ("-key:\udcff", 5, "the value of 'key:'"),
        ("\udcff", 0, "the word"),
        ('"a \udcff"', 3, "the phrase"),
    ],
)
def test_text_that_is_not_utf8_is_an_error_at_its_place(text, position, words):
    # SQLite takes UTF-8 text only: never passed on to the index (a traceback)
    with pytest.raises(QueryError) as refused:
        parse(text)
    assert refused.value.position == position
    assert refused.value.message == f"{words} is not valid UTF-8 text"


# -- evaluation over an index -------------------------------------------------------------


@pytest.fixture
def lib(open_library, root):
    write(
        root,
        "a.md",
        "---\ntitle: 'A'\ncategories: [金融, 证券时报网]\ntags: [x]\nauthor: 张三\n"
        "date: 2021-04-16\ndraft: true\nlayout: post\n---\n<p>保护知识产权</p>\n",
    )
    write(root, "b.md", article("B", categories="[金融]", tags="[yy]", date="2021-01-02"))
    write(
        root,
        "c.md",
        "---\ntitle: C\ndate: 2020-12-31\ncategories: ['A/B']\n---\n![pic](p.png) intellectual\n",
    )
    write(root, "d.md", "---\ntitle: [broken\n---\nbody\n")
    return open_library(fulltext=True)


def paths(lib, text, **kwargs):
    return sorted(s.path for s in lib.find(text, **kwargs))


def test_field_filters(lib):
    assert paths(lib, "cat:金融") == ["a.md", "b.md"]
    assert paths(lib, "cat:金融/证券时报网") == ["a.md"]
    assert paths(lib, r"cat:A\/B") == ["c.md"]
    assert paths(lib, "tag:x") == ["a.md"]
    assert paths(lib, "author:张三") == ["a.md"]
    assert paths(lib, "-tag:x") == ["b.md", "c.md", "d.md"]


def test_the_order_of_filters_does_not_matter(lib):
    # the most selective set-like filter drives the query; the others are probed
    assert paths(lib, "cat:金融 tag:x") == paths(lib, "tag:x cat:金融") == ["a.md"]
    assert paths(lib, "draft:true cat:金融") == paths(lib, "cat:金融 draft:true") == ["a.md"]
    assert paths(lib, "cat:金融 -tag:x layout:post") == []
    assert lib.count_matching("tag:yy cat:金融 -draft:true") == 1


def test_dates(lib):
    assert paths(lib, "date:2021-04") == ["a.md"]
    assert paths(lib, "date:2021") == ["a.md", "b.md"]
    assert paths(lib, "date:2021-01-02") == ["b.md"]
    assert paths(lib, "date:>=2021-01-01") == ["a.md", "b.md"]
    assert paths(lib, "date:>2021-01-02") == ["a.md"]
    assert paths(lib, "date:<2021") == ["c.md"]
    assert paths(lib, "date:<=2021-01-02") == ["b.md", "c.md"]
    assert paths(lib, "date:2020-12..2021-01") == ["b.md", "c.md"]
    assert paths(lib, "date:..2020") == ["c.md"]
    assert paths(lib, "year:2020") == ["c.md"]


def test_any_key_has_and_body(lib):
    assert paths(lib, "draft:true") == ["a.md"]
    assert paths(lib, "DRAFT:True layout:POST") == ["a.md"]
    assert paths(lib, "has:image") == ["c.md"]
    assert paths(lib, "has:problems") == ["d.md"]
    assert paths(lib, "body:markdown") == ["c.md", "d.md"]
    assert paths(lib, "body:html") == ["a.md", "b.md"]


def test_text_or_and_negation(lib):
    assert paths(lib, "知识产权") == ["a.md"]
    assert paths(lib, "知识产权 OR intellect") == ["a.md", "c.md"]
    assert paths(lib, "-知识产权 cat:金融") == ["b.md"]
    assert paths(lib, '"intellectual"') == ["c.md"]
    assert paths(lib, "cat:金融 tag:yy OR draft:true") == ["a.md", "b.md"]
    assert lib.count_matching("cat:金融 -date:2021-04") == 1


def test_states_come_from_a_provider(lib):
    with pytest.raises(QueryError, match="needs the reading state") as info:
        lib.find("cat:金融 is:unread")
    assert info.value.position == 7
    assert (info.value.kind, info.value.values) == ("no-reading-state", ("unread",))
    state = {"starred": {"b.md", "c.md"}, "read": {"a.md", "b.md"}, "later": {"a.md"}}
    assert paths(lib, "is:starred", states=state.__getitem__) == ["b.md", "c.md"]
    assert paths(lib, "-is:later", states=state.__getitem__) == ["b.md", "c.md", "d.md"]
    assert paths(lib, "is:unread", states=state.__getitem__) == ["c.md", "d.md"]
    assert paths(lib, "is:unread is:starred", states=state.__getitem__) == ["c.md"]


def test_search_query_ranks_words_and_filters_the_rest(lib):
    hits = lib.search_query("知识产权 cat:金融")
    assert [hit.path for hit in hits] == ["a.md"]
    assert "知识产权" in hits[0].snippet
    assert lib.search_query("知识产权 -cat:金融") == []
    assert [hit.path for hit in lib.search_query("cat:金融", sort="date")] == ["b.md", "a.md"]


@pytest.mark.parametrize("word", ["(", "*", "%", "_", "\\", '"(("', "-(", "( OR *"])
def test_a_query_of_words_with_nothing_to_search_for_is_the_empty_query(lib, word):
    # review: "(" listed nothing in the window while its count said every
    # article; the CLI's list found all, its search none.  Such words are
    # ignored by every way of running a query, and named for the caller.
    everything = paths(lib, "")
    assert len(everything) == 4
    assert paths(lib, word) == everything
    assert lib.count_matching(word) == 4
    assert sorted(hit.path for hit in lib.search_query(word, limit=50)) == everything
    assert [to_text(And((w,))) for w in ignored_words(parse(word))] in (
        [word],
        [word.lstrip("-")],
        ["(", "*"],
    )
    assert is_metadata_only(parse(word))  # nothing for the full-text index to answer


def test_words_with_nothing_to_search_for_are_ignored_beside_others(lib):
    assert paths(lib, "知识产权 (") == paths(lib, "知识产权") == ["a.md"]
    assert paths(lib, "( 知识产权 OR *") == ["a.md"]  # the OR of the others
    assert paths(lib, "cat:金融 % -_") == ["a.md", "b.md"]
    assert [h.path for h in lib.search_query("知识产权 *")] == ["a.md"]
    assert lib.count_matching("知识产权 *") == 1
    assert ignored_words(parse('知识产权 OR c++ & -& "&"')) == (Text("&"), Text("&", True))
    assert ignored_words(parse("知识产权 cat:( c++")) == ()  # a filter's value is no word
    assert lib.search_query("知识产权 -知识产权 (") == []


def test_a_full_text_filter_ignores_them_too(lib):
    from reader.core.library.query import Query, ignored_text_words

    assert lib.count(Query(text="(")) == 4
    assert lib.count(Query(text="( 知识产权 *")) == 1
    assert ignored_text_words("( 知识产权 * (") == ["(", "*"]
    assert ignored_text_words(None) == []


def test_the_index_follows_edits_of_keys(lib, root):
    text = article("B", date="2021-01-02").replace("---\n<p>", "draft: true\n---\n<p>")
    write(root, "b.md", text)
    lib.update_paths(["b.md"])
    assert paths(lib, "draft:true") == ["a.md", "b.md"]


def test_keys_of_the_query_languages_own_fields_keep_no_pairs(open_library, root):
    # ``author:`` and ``date:`` are answered from the articles' columns, so
    # the index keeps no key:value pairs for such keys (whatever their case),
    # and the queries find the article all the same.
    from reader.core.library.querylang import FIELDS
    from reader.core.library.records import QUERY_FIELDS, field_pairs

    assert set(FIELDS) == set(QUERY_FIELDS)
    metadata = {"Author": "张三", "date": "2021-04-16", "Tag": "x", "layout": "post"}
    assert field_pairs(metadata) == [("layout", "post")]
    write(
        root,
        "a.md",
        "---\ntitle: A\nAuthor: x\nauthor: 张三\ndate: 2021-04-16\nlayout: post\n---\nbody\n",
    )
    lib = open_library()
    assert paths(lib, "author:张三") == ["a.md"]
    assert paths(lib, "date:2021-04-16") == ["a.md"]
    assert paths(lib, "layout:post") == ["a.md"]
    assert paths(lib, "Layout:POST date:2021") == ["a.md"]


def test_long_values_are_kept_as_digests_and_still_match_exactly(open_library, root):
    # the index keeps a long value as a short digest: filters still compare
    # whole values, casefolded, and never match a part of one
    from reader.core.library.records import FIELD_DIGEST_OVER, field_pairs

    link = "https://img.example.org/400/300?random=7"
    title = "知识产权图书馆装订读者装订城市笔记工具笔记版本"
    pairs = dict(field_pairs({"headimg": link, "title": title, "layout": "post"}))
    assert pairs["layout"] == "post"
    assert pairs["headimg"].startswith("#") and len(pairs["headimg"]) < len(link)
    assert len(pairs["title"]) <= FIELD_DIGEST_OVER
    edge = "x" * FIELD_DIGEST_OVER
    assert dict(field_pairs({"k": edge}))["k"] == edge  # not over: kept as it is
    write(
        root,
        "a.md",
        f"---\ntitle: '{title}'\nheadimg: '{link}'\nnote: '{'Ab' * 20}'\nedge: {edge}\n---\nbody\n",
    )
    write(root, "b.md", f"---\ntitle: other\nheadimg: '{link}x'\n---\nbody\n")
    lib = open_library()
    assert paths(lib, f"headimg:{link}") == ["a.md"]
    assert paths(lib, f"HEADIMG:{link.upper()}") == ["a.md"]
    assert paths(lib, f"headimg:{link}x") == ["b.md"]
    assert paths(lib, f"headimg:{link[:-1]}") == []
    assert paths(lib, f"title:{title}") == ["a.md"]
    assert paths(lib, f"note:{'aB' * 20}") == ["a.md"]
    assert paths(lib, f"edge:{edge}") == ["a.md"]
    assert paths(lib, f"-headimg:{link}") == ["b.md"]
    assert lib.count_matching(f"headimg:{link} title:{title}") == 1


_FIELD_SCALARS = st.one_of(
    st.text(alphabet=st.sampled_from([*"aB ßİ知识_-", "\u00a0"]), max_size=40),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.dates(),
    st.none(),
    st.dictionaries(st.just("k"), st.just("v"), max_size=1),
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(["title", "Tag", " ", "a", "B", "ß", "note"]), st.integers(0, 3)),
        st.one_of(_FIELD_SCALARS, st.lists(_FIELD_SCALARS, max_size=4)),
        max_size=8,
    )
)
def test_field_pairs_are_each_values_field_text(metadata):
    """field_pairs makes a text value's field text itself (and a long one's
    digest once): the pairs are field_text's of every scalar item."""
    from reader.core.library.records import FIELDS_MAX, QUERY_FIELDS, field_pairs, field_text

    expected: set[tuple[str, str]] = set()
    for key, value in metadata.items():
        if not isinstance(key, str) or not key.strip() or len(expected) >= FIELDS_MAX:
            continue
        name = key.strip().casefold()
        if name in QUERY_FIELDS:
            continue
        for item in value if isinstance(value, list) else [value]:
            text = field_text(item)
            if text is not None:
                expected.add((name, text))
    assert field_pairs(metadata) == sorted(expected)[:FIELDS_MAX]


@pytest.mark.parametrize("text", ["date:2020-02-29", "date:2021-01..2021-01", "date:2021-03-31"])
def test_a_date_that_exists_and_a_range_of_one_month_parse(text):
    assert parse(text) == And((Field("date", text.removeprefix("date:")),))


def test_a_yes_no_word_finds_the_boolean_the_front_matter_reads_it_as(open_library, root):
    # draft: yes is read as YAML 1.1 reads it (true): draft:yes found nothing
    write(root, "yes.md", "---\ntitle: Y\ndraft: yes\ntags: [x]\n---\nbody\n")
    write(root, "off.md", "---\ntitle: O\ndraft: Off\n---\nbody\n")
    write(root, "quoted.md", "---\ntitle: Q\ndraft: 'yes'\n---\nbody\n")
    lib = open_library()
    assert paths(lib, "draft:yes") == ["quoted.md", "yes.md"]
    assert paths(lib, "draft:YES") == ["quoted.md", "yes.md"]
    assert paths(lib, "draft:true") == ["yes.md"]
    assert paths(lib, "draft:off") == paths(lib, "draft:no") == ["off.md"]
    assert paths(lib, "tag:x draft:on") == paths(lib, "draft:on tag:x") == ["yes.md"]
    assert lib.count_matching("draft:yes") == 2


@pytest.mark.parametrize(
    "query",
    [
        "使用Python",
        "手机iPhone",
        '"手机 iPhone"',
        "新闻/本地",
        '"知识产权 is"',
        "Python编程",
        "iPhone拍照",
        "用Python",
        "产权 is",
    ],
)
def test_chinese_followed_by_other_words_is_found(open_library, root, query):
    # the index has a run's last character as a token of its own after the
    # run; the query left it out, so a run followed by anything never matched
    write(
        root,
        "m.md",
        "---\ntitle: 学习使用Python编程\n---\n"
        "我们用手机iPhone拍照。新闻/本地报道。知识产权 is wrapped.\n",
    )
    write(root, "n.md", "---\ntitle: Other\n---\nPython and iPhone, 知识 and 产权 apart.\n")
    lib = open_library(fulltext=True)
    assert paths(lib, query) == ["m.md"]
    assert [hit.path for hit in lib.search_query(query)] == ["m.md"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("version:1.10", ["v.md"]),
        ("version:1.1", ["v.md"]),
        ('when:"2024-01-02 10:00:00"', ["v.md"]),
        ("when:2024-01-02T10:00:00", ["v.md"]),
        ("score:5", ["v.md"]),
        ("score:5.0", ["v.md"]),
        ("count:7.0", ["v.md"]),
        ("count:7", ["v.md"]),
        ("label:1.10", ["w.md"]),  # (quoted in the file: text, kept as written)
        ("version:1.2", []),
        ('zoned:"2024-01-02 10:00:00 +08:00"', ["v.md"]),  # (a long value: kept digested)
        ("count:٧", []),  # (Arabic-Indic seven is no 7 typed)
        # (index attack) YAML 1.1's other spellings of numbers
        ("hex:0x1F", ["v.md"]),
        ("hex:31", ["v.md"]),
        ("limit:.inf", ["v.md"]),
        ("bin:0b101", ["v.md"]),
        ("big:1_000", ["v.md"]),
        ("hex:0x20", []),
        ("oct:010", ["v.md"]),  # (YAML 1.1: 8)
        ("oct:8", ["v.md"]),
        ("word:infinity", []),  # (review: the text "inf" is no infinity typed)
    ],
)
def test_a_value_typed_as_the_file_writes_it_is_found(open_library, root, query, found):
    # the index keeps the value as read (1.1, 5.0, a time with a T); typed
    # as written in the file it found nothing
    write(
        root,
        "v.md",
        "---\ntitle: V\nversion: 1.10\nwhen: 2024-01-02 10:00:00\nscore: 5.0\ncount: 7\n"
        "zoned: 2024-01-02 10:00:00 +08:00\nhex: 0x1F\nlimit: .inf\nbin: 0b101\n"
        "big: 1_000\noct: 010\nword: inf\n---\nx\n",
    )
    write(root, "w.md", "---\ntitle: W\nlabel: '1.10'\n---\ny\n")
    lib = open_library()
    assert paths(lib, query) == found


@pytest.mark.parametrize("typed", ["NFC", "NFD"])
def test_accents_written_either_way_are_found(open_library, root, typed):
    # cat:Économie found nothing in a file that wrote the É as E + accent
    import unicodedata

    def written(form: str, text: str) -> str:
        return unicodedata.normalize(form, text)

    stored = "NFD" if typed == "NFC" else "NFC"
    write(
        root,
        "n.md",
        written(
            stored,
            "---\ntitle: N\ncategories: [Économie]\ntags: [café]\nauthor: José\n"
            "lieu: Genève\n---\nx\n",
        ),
    )
    lib = open_library()
    for query in ("cat:Économie", "tag:café", "author:José", "lieu:Genève"):
        assert paths(lib, written(typed, query)) == ["n.md"], query
