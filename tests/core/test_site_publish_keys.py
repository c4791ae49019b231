"""Publish and unpublish read a Hugo article's keys whatever their case, as
Hugo does; Jekyll's and Hexo's keys keep theirs."""

from __future__ import annotations

from datetime import datetime

import pytest

from reader.core.article.model import ArticleError
from reader.core.library.facade import Library
from reader.core.site.publish import is_draft
from tests.fixtures.sites import snapshot

WHEN = datetime(2026, 1, 2, 3, 4, 5).astimezone()


def _site(root, files):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text)
    return root


@pytest.fixture
def hugo(tmp_path):
    root = _site(
        tmp_path / "site",
        {
            "hugo.toml": b'title = "x"\n',
            "content/a.md": b"---\ntitle: D\nDate: 2020-05-05\ndraft: true\n---\nx\n",
            "content/b.md": b"---\ntitle: E\nDraft: true\n---\nx\n",
            "content/c.md": b'+++\ntitle = "T"\nDRAFT = true\nDATE = 2021-02-03\n+++\nx\n',
        },
    )
    library = Library.open(root, tmp_path / "cache")
    library.refresh()
    yield root, library
    library.close()


def test_hugo_keeps_a_date_spelled_in_another_case(hugo):
    # "Date: 2020-05-05" was joined by a second key "date: <now>", and Hugo
    # may then have dated the post today
    root, library = hugo
    before = snapshot(root)
    assert library.publish("content/a.md", now=WHEN) == "content/a.md"
    assert (root / "content/a.md").read_bytes() == (
        b"---\ntitle: D\nDate: 2020-05-05\ndraft: false\n---\nx\n"
    )
    library.undo_last()
    assert snapshot(root) == before


def test_hugo_reads_draft_in_any_case_and_changes_it_in_its_spelling(hugo):
    # "Draft: true" was "not a draft" (exit 3), though Hugo holds it back
    root, library = hugo
    before = snapshot(root)
    site = library.site
    assert site is not None and is_draft(site, "content/b.md", library.load("content/b.md"))
    library.publish("content/b.md", now=WHEN)
    published = (root / "content/b.md").read_bytes()
    assert published.startswith(b"---\ntitle: E\nDraft: false\ndate: 2026-01-02 03:04:05")
    assert b"\ndraft:" not in published  # (one key: its own spelling)
    library.publish("content/b.md", publish=False)
    assert b"\nDraft: true\n" in (root / "content/b.md").read_bytes()
    assert b"\ndraft:" not in (root / "content/b.md").read_bytes()
    with pytest.raises(ArticleError, match="a draft already"):
        library.publish("content/b.md", publish=False)
    library.publish("content/c.md", now=WHEN)  # (TOML: the same)
    assert (root / "content/c.md").read_bytes() == (
        b'+++\ntitle = "T"\nDRAFT = false\nDATE = 2021-02-03\n+++\nx\n'
    )
    for _ in range(3):
        library.undo_last()
    assert snapshot(root) == before


def test_hugo_refuses_two_spellings_of_one_key(hugo):
    root, library = hugo
    (root / "content/d.md").write_bytes(b"---\ntitle: F\nDraft: true\ndraft: false\n---\nx\n")
    library.refresh()
    before = snapshot(root)
    with pytest.raises(ArticleError, match="Draft and draft are one key to Hugo") as caught:
        library.publish("content/d.md", now=WHEN)
    assert caught.value.line == 4
    assert snapshot(root) == before


def test_jekyll_keys_keep_their_case(tmp_path):
    # Jekyll reads "date" only: a "Date" is a variable of the page's own
    root = _site(
        tmp_path / "site",
        {
            "_config.yml": b"title: x\n",
            "_posts/.keep": b"",
            "_drafts/d.md": b"---\ntitle: D\nDate: 2020-05-05\n---\nx\n",
        },
    )
    with Library.open(root, tmp_path / "cache") as library:
        library.refresh()
        new = library.publish("_drafts/d.md", now=WHEN)
    assert new == "_posts/2026-01-02-d.md"
    text = (root / new).read_text()
    assert text.startswith("---\ntitle: D\nDate: 2020-05-05\ndate: 2026-01-02 03:04:05 ")


def test_hugo_drafts_group_holds_a_draft_key_in_any_case(tmp_path):
    # the Drafts group read only "draft": Hugo's "Draft: true" was not listed
    from reader.core.library.facade import Library

    (tmp_path / "hugo.toml").write_text('title = "x"\n')
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: A\nDraft: true\n---\nx\n")
    (tmp_path / "content" / "b.md").write_text("---\ntitle: B\ndraft: false\n---\nx\n")
    with Library.open(tmp_path, tmp_path / "cache") as library:
        library.refresh()
        groups = library.site_groups()
        assert groups is not None and groups.drafts == ("content/a.md",)
