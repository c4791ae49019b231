"""The complete index in one pass: metadata, excerpts and full text from one
read of each file (``Library.refresh(fulltext=True)``), the full-text pass in
a process pool, and the CJK bigrams built in a constant number of passes."""

from __future__ import annotations

import os
import random
import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.library.facade import Library
from reader.core.library.fulltext import (
    cjk_token,
    fts_match,
    index_bytes,
    index_text,
    parse_query,
    plain_text,
    utf8,
)
from reader.core.library.index import FULLTEXT_HASH_BYTES, FULLTEXT_TABLE, IndexDB
from reader.core.library.records import fulltext_entry

from .libhelpers import article, index_connection, write

CJK = "知识产权城市图书馆𠀀"


def reference_index_text(text: str) -> list[str]:
    """The tokens the index must hold: each CJK run as the tokens of its
    overlapping bigrams and of its last character; everything else as it is
    (written plainly, one character at a time, as the definition)."""
    tokens: list[str] = []
    run: list[str] = []
    other: list[str] = []

    def end_run() -> None:
        if run:
            tokens.extend(cjk_token(run[i] + run[i + 1]) for i in range(len(run) - 1))
            tokens.append(cjk_token(run[-1]))
            run.clear()

    for char in text:
        if char in CJK:
            if other:
                tokens.extend("".join(other).replace("_", " ").split())
                other.clear()
            run.append(char)
        else:
            end_run()
            other.append(char)
    end_run()
    tokens.extend("".join(other).replace("_", " ").split())
    return tokens


@pytest.mark.parametrize("length", [1, 2, 3, 100, 70_000, 140_000])
@pytest.mark.parametrize("alphabet", [CJK, CJK + "ab ._", "ab c", CJK[:2] + "\n"])
def test_index_text_matches_the_definition(length, alphabet):
    rng = random.Random(length)
    text = "".join(rng.choice(alphabet) for _ in range(length))
    assert index_text(text).split() == reference_index_text(text)


def test_one_run_longer_than_a_piece_keeps_every_bigram_once():
    text = "x " + "知识产权" * 50_000 + " 城市"
    assert index_text(text).split() == reference_index_text(text)


_MIXED = st.text(alphabet=st.sampled_from([*"知识产权城𠀀𠀁ab_ 。-Éé"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_MIXED, _MIXED)
def test_a_cjk_query_finds_exactly_the_texts_holding_it(text, query):
    """What FTS5 makes of the index text and of a query: a query of CJK
    characters matches a text exactly when the text holds it within one run
    (a single character anywhere); words stay words whatever ``_`` and the
    tokens' digits around them."""
    conn = sqlite3.connect(":memory:")
    conn.execute(FULLTEXT_TABLE)
    conn.execute("INSERT INTO fts(rowid, body) VALUES (1, ?)", (index_text(text),))

    def found(words: str) -> bool:
        match = fts_match(parse_query(words))
        if match is None:
            return False
        return (
            conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0] > 0
        )

    runs = re.findall("[知识产权城𠀀𠀁]+", query)
    for run in runs:
        assert found(run) == any(run in held for held in re.findall("[知识产权城𠀀𠀁]+", text))
    for word in re.findall("[a-zA-ZÉé]+", query):
        words = re.findall("[a-zA-ZÉé]+", text)
        folded = word.casefold().replace("é", "e")
        assert found(word) == any(w.casefold().replace("é", "e").startswith(folded) for w in words)
    for token in ("_77e5", "77e5", "x77e5", "_", "d840"):
        assert not found(token)


def library_files(root):
    write(root, "zh.md", article("上交会", tags="[开源]", body="<p>保护<b>知识</b>产权。</p>\n"))
    write(root, "en.md", article("Patents", author="Ada", body="The *regulation* of AI.\n"))
    write(root, "both.html", article("混合 mixed", body="<p>城市 archive 图书馆</p>\n"))
    write(root, "latin1.md", b"---\ntitle: Caf\xe9\n---\nna\xefve body text\n")
    write(root, "empty.md", "")


QUERIES = ["知识产权", "产权", "regulation", "regul", "开源", "Ada", "archive", "城", "body"]


def found(lib: Library) -> dict[str, list[str]]:
    return {q: sorted(hit.path for hit in lib.search(q)) for q in QUERIES}


def test_refresh_with_fulltext_indexes_everything_in_one_pass(root, cache_dir, tmp_path):
    library_files(root)
    with Library.open(root, cache_dir=cache_dir) as one_pass:
        stats = one_pass.refresh(fulltext=True)
        assert stats.added == 5 and not stats.unreadable
        assert one_pass.fulltext_pending() == 0
        assert one_pass.build_fulltext() == 0  # nothing left to do
        in_one_pass = found(one_pass)
        excerpts = {s.path: s.excerpt for s in one_pass.query()}
    # The same as listing first and adding the full text afterwards.
    with Library.open(root, cache_dir=tmp_path / "other-cache") as two_passes:
        two_passes.refresh()
        assert two_passes.fulltext_pending() == 5
        assert two_passes.build_fulltext() == 5
        assert found(two_passes) == in_one_pass
        assert {s.path: s.excerpt for s in two_passes.query()} == excerpts
    assert in_one_pass["知识产权"] == ["zh.md"]
    assert in_one_pass["regul"] == ["en.md"]
    assert in_one_pass["城"] == ["both.html"]
    assert in_one_pass["body"] == ["latin1.md"]
    assert excerpts["en.md"] == "The regulation of AI."


def test_a_changed_file_is_found_by_its_new_words_only(root, cache_dir):
    write(root, "a.md", article("A", body="first version\n"))
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh(fulltext=True)
        assert [h.path for h in lib.search("first")] == ["a.md"]
        write(root, "a.md", article("A", body="second edition, longer\n"))
        stats = lib.refresh(fulltext=True)
        assert stats.updated == 1
        assert lib.search("first") == []
        assert [h.path for h in lib.search("edition")] == ["a.md"]
        assert lib.summary("a.md").excerpt == "second edition, longer"
        (root / "a.md").unlink()
        lib.refresh(fulltext=True)
        assert lib.search("edition") == []


def test_unreadable_files_are_reported_and_the_rest_indexed(root, cache_dir):
    write(root, "ok.md", article("OK", body="readable words\n"))
    bad_name = os.path.join(os.fsencode(root), b"bad\xff.md")
    with open(bad_name, "wb") as handle:
        handle.write(article("Bad", body="other words\n").encode())
    with Library.open(root, cache_dir=cache_dir) as lib:
        stats = lib.refresh(fulltext=True)
        assert [p.message for p in stats.unreadable] == [
            "the file name is not valid UTF-8; rename it to index it"
        ]
        assert [h.path for h in lib.search("words")] == ["ok.md"]


@pytest.mark.parametrize("start", ["forkserver", "spawn"])
def test_the_process_pool_gives_the_same_index(root, cache_dir, tmp_path, start):
    for number in range(30):
        zh = "城市图书馆" if number % 2 else "知识产权"
        write(root, f"n{number:02}.md", article(f"T{number}", body=f"{zh} word{number}\n"))
    with Library.open(root, cache_dir=cache_dir) as pooled:
        stats = pooled.refresh(parallel=True, worker_start=start, fulltext=True)
        assert stats.parallel and pooled.fulltext_pending() == 0
        in_refresh = {
            q: sorted(h.path for h in pooled.search(q, limit=100)) for q in ("知识", "馆")
        }
    with Library.open(root, cache_dir=tmp_path / "second") as later:
        later.refresh(parallel=False)
        assert later.build_fulltext(parallel=True, worker_start=start) == 30
        assert {
            q: sorted(h.path for h in later.search(q, limit=100)) for q in ("知识", "馆")
        } == in_refresh
    assert len(in_refresh["知识"]) == 15 and len(in_refresh["馆"]) == 15


def test_cancelled_pooled_fulltext_keeps_what_it_stored(root, cache_dir):
    count = 900  # more than one batch of the full-text pass
    for number in range(count):
        write(root, f"n{number:03}.md", article(f"T{number}", body=f"body {number}\n"))
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh(parallel=False)
        progressed = []

        def cancel() -> bool:  # true once a batch came back
            return bool(progressed)

        added = lib.build_fulltext(
            progress=lambda *args: progressed.append(args),
            cancel=cancel,
            parallel=True,
            worker_start="forkserver",
        )
        assert progressed and 0 < added < count
        assert lib.fulltext_pending() == count - added
        assert lib.build_fulltext() == count - added
        assert lib.fulltext_pending() == 0


def fts_terms(lib: Library) -> set[str]:
    """Every term in the full-text index, as FTS5 tokenized what it was given."""
    with index_connection(lib) as conn:
        conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, fts, row)")
        return {row[0] for row in conn.execute("SELECT term FROM temp.terms")}


def test_the_index_text_crosses_as_utf8_and_is_tokenized_as_text(root, cache_dir):
    # The workers hand the writer UTF-8 bytes; SQLite must read them as text
    # (CAST AS TEXT), tokenized exactly as index_text wrote them.
    write(root, "zh.md", article("上交会", author="Ada", body="<p>保护知识产权。Café naïve</p>\n"))
    entry = fulltext_entry("上交会", "", "开源", "Ada", "保护知识产权。Café naïve")
    assert all(isinstance(part, bytes) for part in entry[:3]) and isinstance(entry[3], str)
    assert entry[2].decode("utf-8") == index_text("保护知识产权。Café naïve")
    with Library.open(root, cache_dir=cache_dir) as lib:
        lib.refresh(fulltext=True)
        terms = fts_terms(lib)
        cjk = ["上交", "交会", "会", "知识", "识产", "产权", "权"]
        assert {*map(cjk_token, cjk), "cafe", "naive", "ada"} <= terms
        assert [h.path for h in lib.search("知识产权")] == ["zh.md"]
        assert [h.path for h in lib.search("café")] == ["zh.md"]
        [hit] = lib.search("产权")
        assert "«产权»" in hit.snippet


def test_a_lone_surrogate_in_the_index_text_is_no_error():
    # No valid article text holds one (the body's plain text never does), but
    # should one reach the entry it becomes "?" rather than an encoding error.
    entry = fulltext_entry("T\ud800", "", "", None, "body\udcff text")
    assert entry[0] == b"T?" and entry[2] == b"body? text"


def test_the_fulltext_table_keeps_its_settings(tmp_path):
    db = IndexDB(tmp_path / "index.sqlite3", str(tmp_path))
    try:

        def settings() -> dict[str, int]:
            rows = db.conn().execute("SELECT k, v FROM fts_config WHERE k != 'version'")
            return dict(rows.fetchall())

        expected = {"hashsize": FULLTEXT_HASH_BYTES}
        assert settings() == expected
        db.reset_fulltext()  # as when dead entries pile up
        assert settings() == expected
    finally:
        db.close()


# Text as the index sees it: CJK runs (one beyond the Basic Multilingual
# Plane), Chinese punctuation, other scripts, "_", and what takes
# index_bytes the way of index_text: NUL and a lone surrogate.
_INDEX_ALPHABET = [*"知识产权城市𠀀ab _.。，-Éé\n", "\x00", "\udce9"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_INDEX_ALPHABET), max_size=60))
def test_index_bytes_holds_the_words_of_index_text(text):
    """index_bytes makes the UTF-8 of index_text's words in one go (what
    SQLite stores; only blanks may differ between them)."""
    made = index_bytes(text)
    assert made.split() == utf8(index_text(text)).split()
    if "\udce9" not in text:
        assert made.split() == [token.encode() for token in reference_index_text(text)]


@pytest.mark.parametrize("length", [1, 2, 70_000])
def test_index_bytes_of_long_and_short_texts(length):
    rng = random.Random(length)
    text = "".join(rng.choice("知识产权 城市。ab") for _ in range(length))
    assert index_bytes(text).split() == [t.encode() for t in reference_index_text(text)]
    assert index_bytes("plain English") == b"plain English"
    assert index_bytes("") == b""


# The HTML elements whose tags part words in the plain text (fulltext._BLOCK
# writes them as a tree of their letters).
BLOCK_TAGS = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
]


def test_exactly_the_block_tags_part_words():
    inline = ["a", "abbr", "b", "bdi", "h7", "hx", "pa", "span", "thx", "tdx", "ulx"]
    for name in [*BLOCK_TAGS, *inline]:
        parted = name in BLOCK_TAGS
        for tag in (f"<{name}>", f"</{name.upper()} x>", f"<{name} class='c'>", f"<{name}/>"):
            assert plain_text(f"x{tag}y", "html") == ("x y" if parted else "xy"), tag
        for longer in (f"<{name}x>", f"<{name}1>", f"<{name}_>"):
            assert plain_text(f"x{longer}y", "html") == "xy", longer
    html_body = "<DIV>a<Span>b</span><p class=x>c</P><pre>d</pre><br/>e<hr>f<abbr>g</abbr>"
    assert plain_text(html_body, "html") == "ab c d e fg"  # (span and abbr are inline)


def test_plain_text_of_a_body_known_to_be_utf8():
    """surrogates=False skips looking for bytes that are not UTF-8 (the
    parse reported none): the same text for a body that has none."""
    body = "# 标题\n\n保护**知识**产权 [link](u) &amp; <b>x</b>\n"
    assert plain_text(body, "markdown", surrogates=False) == plain_text(body, "markdown")


def test_read_records_in_groups_is_read_record_of_each_file(tmp_path):
    """A chunk goes through the stages a group of articles at a time: the
    records are still each file's own, in order, with the files that cannot
    be read in their places (a group ends at one), across groups of articles
    and of bytes (a few large articles)."""
    from reader.core.article.codec import load_article
    from reader.core.library.records import PathProblem, read_records, record_of

    rels = []
    for number in range(150):
        rel = f"a/{number:03d}.md"
        if number in (0, 63, 64, 100, 149):
            rels.append(f"gone/{number:03d}.md")  # never written: unreadable
            continue
        if number == 30:  # not a regular file (its group read on either side of it)
            (tmp_path / "gone").mkdir(exist_ok=True)
            os.mkfifo(tmp_path / "gone" / "pipe.md")
            rels.append("gone/pipe.md")
            continue
        size = 300_000 if number % 37 == 0 else 1  # some large bodies
        body = f"<p>第{number}篇 知识产权 words {number} " + "城市 text " * size + "</p>\n"
        write(tmp_path, rel, article(f"Title {number}", tags=f"[t{number % 5}]", body=body))
        rels.append(rel)
    results = read_records(str(tmp_path), rels, fulltext=True)
    assert len(results) == len(rels)
    for rel, result in zip(rels, results, strict=True):
        if rel.startswith("gone/"):
            assert isinstance(result, PathProblem) and result.path == rel
            continue
        assert not isinstance(result, PathProblem)
        parsed = load_article(str(tmp_path / rel))
        row, prefixes, tags, fields, _ = record_of(parsed, rel)
        plain = plain_text(parsed.body, row[16], collapse=False, surrogates=False)
        entry = fulltext_entry(row[3], row[13], row[14], row[15], plain)
        assert result == (row, prefixes, tags, fields, entry)
    # without the full text: the same rows, no entries
    rows_only = read_records(str(tmp_path), rels)
    for full, bare in zip(results, rows_only, strict=True):
        if isinstance(full, PathProblem):
            assert bare == full
        else:
            assert bare == (*full[:4], None)


def test_read_records_holds_one_large_article_at_a_time(tmp_path):
    """(review) A group's last article stayed referenced while the next
    group was read and parsed: a chunk of large articles held two at once."""
    import tracemalloc

    from reader.core.library.records import read_records

    size = 6 << 20
    rels = []
    for number in range(3):
        body = "word " * (size // 5)
        write(tmp_path, f"big{number}.md", article(f"Big {number}", body=body))
        rels.append(f"big{number}.md")
    tracemalloc.start()
    try:
        results = read_records(str(tmp_path), rels)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r[0][3] for r in results] == ["Big 0", "Big 1", "Big 2"]
    assert peak < 3 * size  # (the bytes and the text of one, and the next one's bytes)


@pytest.mark.parametrize("bom", [b"\xff\xfe", b""])
def test_utf16_articles_are_indexed_as_errors_not_a_crash(tmp_path, bom):
    """A UTF-16 file (Notepad's "Unicode") is not UTF-8: indexed with its
    error.  With a byte-order mark its body holds lone surrogates for the
    bytes that are not UTF-8; when its error was told apart as UTF-16, the
    full text kept them and SQLite refused the row: the whole index failed."""
    text = "---\ntitle: 标题 Title\n---\nПривет, 世界 body text\n" * 3
    write(tmp_path, "u16.md", bom + text.encode("utf-16-le"))
    write(tmp_path, "ok.md", article("Fine"))
    lib = Library.open(tmp_path, cache_dir=tmp_path / ".cache")
    try:
        stats = lib.refresh(fulltext=True, parallel=False)
        assert stats.unreadable == []
        rows = {s.path: s for s in lib.query()}
        assert set(rows) == {"u16.md", "ok.md"}
        assert rows["u16.md"].error_count == 1
        assert [hit.path for hit in lib.search("Fine")] == ["ok.md"]
    finally:
        lib.close()
