"""New articles are planned in core (template, folder) and created through the write path."""

from __future__ import annotations

from datetime import datetime

import pytest

from reader.core.article.codec import load_article
from reader.core.library.facade import LibraryError

from .libhelpers import write

HEXO_POST = """---
title: {title}
date: Fri, 16 Apr 2021 15:21:00 GMT
categories:
  - [金融, 银行]
author: 记者
comments: true
---
<p>body</p>
"""


def test_plan_follows_the_library_habits(open_library, root):
    for number in range(3):
        write(root, f"_posts/bank-{number}.md", HEXO_POST.format(title=f"Bank {number}"))
    write(root, "notes/other.md", "---\ntitle: Other\ndate: 2020-01-01\n---\nx\n")
    lib = open_library()
    plan = lib.plan_new_article("新的 文章", ("金融", "银行"), now=datetime(2022, 3, 4, 5, 6, 7))
    assert plan.folder == "_posts"
    text = plan.data.decode()
    assert text.startswith("---\ntitle: 新的 文章\ndate: ")
    assert "comments: true" in text and "author: 记者" in text
    assert "金融" in text and "银行" in text
    assert ", 2022 " not in text  # RFC 2822 like its neighbours: "Fri, 04 Mar 2022 …"
    assert " Mar 2022 " in text
    rel = lib.create_planned(plan)
    assert rel == "_posts/新的-文章.md"
    created = load_article(root / rel)
    assert created.problems == [] and created.title == "新的 文章"
    assert created.categories == [("金融", "银行")]
    assert lib.summary(rel).title == "新的 文章"
    again = lib.create_planned(plan)
    assert again == "_posts/新的-文章-2.md"
    assert (root / rel).read_bytes() == plan.data  # the first one was never replaced


def test_plan_in_an_empty_library_uses_the_default_shape(open_library, root):
    lib = open_library()
    plan = lib.plan_new_article("Hello", now=datetime(2022, 3, 4, 5, 6, 7))
    assert plan.folder == ""
    assert plan.data.startswith(b"---\ntitle: Hello\ndate: 2022-03-04 05:06:07\n")
    rel = lib.create_planned(plan)
    assert load_article(root / rel).problems == []


def test_plan_refuses_an_empty_title(open_library):
    with pytest.raises(LibraryError):
        open_library().plan_new_article("   ")


def test_create_article_with_several_category_paths(open_library, root):
    lib = open_library()
    rel = lib.create_article(
        "Two paths",
        categories=[("A", "B"), "C"],
        tags=["x", " ", "y"],
        date=datetime(2021, 1, 2, 3, 4, 5),
    )
    article = load_article(root / rel)
    assert article.problems == []
    assert article.categories == [("A", "B"), ("C",)]
    assert article.tags == ["x", "y"]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda lib: lib.create_article("Caf\udce9 notes"), "title"),
        (lambda lib: lib.create_article("Fine", author="\ud800x"), "author"),
        (lambda lib: lib.create_article("Fine", tags=["ok", "b\udcffad"]), "tag"),
        (lambda lib: lib.create_article("Fine", categories=[["A", "\udce9"]]), "category"),
        (lambda lib: lib.plan_new_article("Caf\udce9"), "title"),
    ],
)
def test_a_new_article_holding_what_is_not_a_character_is_refused(open_library, root, make, field):
    # written as an escape, its front matter did not read back: no title, an error
    lib = open_library()
    before = sorted(p.name for p in root.iterdir())
    with pytest.raises(LibraryError, match=f"the {field} .* which is not a character"):
        make(lib)
    assert sorted(p.name for p in root.iterdir()) == before
