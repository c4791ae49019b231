"""``list`` with a kept listing (reader.core.library.listings), attacked: the
output, its count line and the exit code are always those of the listing
made afresh."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

import reader.core.library.listings as listings
from reader.cli import main
from tests.core.libhelpers import article, write


@pytest.fixture
def kept(monkeypatch):
    """Listings of a couple of lines are kept too."""
    monkeypatch.setattr(listings, "KEEP_FROM", 2)


@pytest.fixture
def library(root, cache_dir):
    for number in range(8):
        write(
            root,
            f"f{number % 2}/{number}.md",
            article(
                f"Title {number}",
                categories=f"[金融, 银行{number % 3}]",
                tags=f"[t{number % 2}]",
                date=f"2021-0{number + 1}-1{number} 10:00:00",
            ),
        )
    return root


def index_file(cache_dir):
    (path,) = cache_dir.glob("libraries/*/index.sqlite3")
    return path


def listed(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["list", *args])
    out, err = capsys.readouterr()
    return code, out, err


def made_afresh(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """What ``list`` prints with no kept listing read or kept."""
    with monkeypatch.context() as patched:
        patched.setattr(listings, "KEEP_FROM", 10**12)
        patched.setattr(listings, "has_listings", lambda conn: False)
        return listed(capsys, *args)


@pytest.mark.parametrize("damage", ["no listings table", "listings of another shape"])
def test_listing_tables_damaged_list_all_the_same(
    kept, library, cache_dir, capsys, monkeypatch, damage
):
    first = listed(capsys, str(library))
    assert first[0] == 0 and first[2] == "8 article(s)\n"
    with closing(sqlite3.connect(index_file(cache_dir))) as conn, conn:
        assert conn.execute("SELECT count(*) FROM listings").fetchone()[0] == 1
        conn.execute("DROP TABLE listings")
        if damage == "listings of another shape":
            conn.execute("CREATE TABLE listings(id INTEGER PRIMARY KEY, key TEXT)")
    assert listed(capsys, str(library)) == first
    assert listed(capsys, str(library)) == first
    assert made_afresh(capsys, monkeypatch, str(library)) == first


OPTIONS = [
    [],
    ["--category", "金融/银行1"],
    ["--category", "金融/银行1", "--exact"],
    ["--tag", "t1"],
    ["--year", "2021", "--month", "3"],
    ["--sort", "title"],
    ["--sort", "-updated"],
    ["--limit", "3"],
]


def test_kept_listings_follow_every_edit_through_the_app(kept, library, capsys, monkeypatch):
    # each edit through the app's own commands, then every option listed
    # twice (kept, then given back): always what is made afresh
    edits = [
        ["set", "-s", "title=Renamed", str(library / "f1" / "3.md")],
        ["set", "-s", "date=2021-03-12 09:00:00", str(library / "f0" / "4.md")],
        ["rename-category", str(library), "金融/银行1", "金融/银行2"],
        ["rename-tag", str(library), "t1", "t0"],
        ["undo", str(library)],
    ]
    for options in OPTIONS:
        listed(capsys, str(library), *options)
    for edit in edits:
        assert main(edit) == 0, edit
        capsys.readouterr()
        for options in OPTIONS:
            first = listed(capsys, str(library), *options)
            expected = made_afresh(capsys, monkeypatch, str(library), *options)
            assert first == expected, (edit, options)
            assert listed(capsys, str(library), *options) == expected, (edit, options)
