"""One file that makes Article Reader itself fail (a mistake of ours, not
the file's) is named and left out; the rest of the library is indexed."""

from __future__ import annotations

import pytest

from reader.core.article import codec
from reader.core.library import records
from tests.core.libhelpers import write


def _fails_for(name, real):
    def wrapper(article_or_path, *args, **kwargs):
        where = getattr(article_or_path, "path", article_or_path)
        if str(where).endswith(name):
            raise IndexError("string index out of range")
        return real(article_or_path, *args, **kwargs)

    return wrapper


def _library(root):
    write(root, "a.md", "---\ntitle: A\n---\nalpha words\n")
    write(root, "bad.md", "---\ntitle: Bad\n---\nbeta words\n")
    write(root, "c.md", "---\ntitle: C\n---\ngamma words\n")


@pytest.mark.parametrize("fulltext", [False, True])
def test_a_file_our_parser_fails_on_is_named_and_the_rest_indexed(
    open_library, root, monkeypatch, fulltext
):
    _library(root)
    real = codec.parse_article

    def parse(raw, path=None, **kwargs):
        if str(path).endswith("bad.md"):
            raise IndexError("string index out of range")
        return real(raw, path, **kwargs)

    monkeypatch.setattr(codec, "parse_article", parse)
    lib = open_library(fulltext=fulltext)
    assert sorted(s.path for s in lib.find("")) == ["a.md", "c.md"]
    [problem] = lib.unreadable()
    assert problem.path == "bad.md"
    assert "IndexError in Article Reader" in problem.message
    if fulltext:
        assert [hit.path for hit in lib.search("gamma")] == ["c.md"]


@pytest.mark.parametrize("fulltext", [False, True])
def test_a_file_its_index_row_fails_for_is_named_and_the_rest_indexed(
    open_library, root, monkeypatch, fulltext
):
    _library(root)
    monkeypatch.setattr(records, "record_of", _fails_for("bad.md", records.record_of))
    # (as the CLI's index builds it: parsed and full text in one pass)
    lib = open_library(refresh=False)
    lib.refresh(fulltext=fulltext)
    assert sorted(s.path for s in lib.find("")) == ["a.md", "c.md"]
    assert [p.path for p in lib.unreadable()] == ["bad.md"]


def test_a_file_its_full_text_fails_for_in_one_pass_stays_listed(open_library, root, monkeypatch):
    _library(root)
    real = records.fulltext_entry

    def entry(title, *args):
        if title == "Bad":
            raise IndexError("string index out of range")
        return real(title, *args)

    monkeypatch.setattr(records, "fulltext_entry", entry)
    lib = open_library(refresh=False)
    lib.refresh(fulltext=True)
    assert sorted(s.path for s in lib.find("")) == ["a.md", "bad.md", "c.md"]
    assert [hit.path for hit in lib.search("gamma")] == ["c.md"]


def test_a_file_its_plain_text_fails_for_in_one_pass_stays_listed(open_library, root, monkeypatch):
    """The plain texts of a group are made one after the other, before the
    full-text entries: one that fails leaves the others of its group alone."""
    _library(root)
    from reader.core.library import fulltext

    real = fulltext.plain_text

    def plain(body, *args, **kwargs):
        if "beta" in body:
            raise IndexError("string index out of range")
        return real(body, *args, **kwargs)

    monkeypatch.setattr(fulltext, "plain_text", plain)
    lib = open_library(refresh=False)
    lib.refresh(fulltext=True)
    assert sorted(s.path for s in lib.find("")) == ["a.md", "bad.md", "c.md"]
    assert [hit.path for hit in lib.search("gamma")] == ["c.md"]
    assert [hit.path for hit in lib.search("alpha")] == ["a.md"]


def test_an_article_whose_full_text_fails_stays_listed_and_the_rest_are_searchable(
    open_library, root, monkeypatch
):
    # (as the window builds it: listed first, the full text after)
    _library(root)
    real = records.fulltext_entry

    def entry(title, *args):
        if title == "Bad":
            raise IndexError("string index out of range")
        return real(title, *args)

    from reader.core.library import search

    monkeypatch.setattr(search, "fulltext_entry", entry)
    lib = open_library(fulltext=True)
    assert sorted(s.path for s in lib.find("")) == ["a.md", "bad.md", "c.md"]
    assert [hit.path for hit in lib.search("gamma")] == ["c.md"]
    assert [hit.path for hit in lib.search("alpha")] == ["a.md"]


def test_an_article_whose_plain_text_fails_stays_listed_and_the_rest_are_searchable(
    open_library, root, monkeypatch
):
    # (review: the plain text was read outside the guard; one body stopped
    # the search index of the whole library)
    _library(root)
    from reader.core.library import search

    real = search.plain_text

    def plain(body, *args, **kwargs):
        if "beta" in body:
            raise IndexError("string index out of range")
        return real(body, *args, **kwargs)

    monkeypatch.setattr(search, "plain_text", plain)
    lib = open_library(fulltext=True)
    assert sorted(s.path for s in lib.find("")) == ["a.md", "bad.md", "c.md"]
    assert [hit.path for hit in lib.search("gamma")] == ["c.md"]
