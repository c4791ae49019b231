"""Which files a library consists of."""

from __future__ import annotations

import os

from reader.core.scan import is_article_name, relative_path, scan, stat_article

from .libhelpers import article, write


def test_article_suffixes_any_case_and_nested(root):
    for rel in ["a.md", "b.markdown", "c.mdown", "d.txt", "e.html", "f.htm", "G.MD", "x/y/z.md"]:
        write(root, rel, article(rel))
    write(root, "notes.pdf", b"%PDF")
    write(root, "image.png", b"png")
    assert sorted(scan(root)) == sorted(
        ["a.md", "b.markdown", "c.mdown", "d.txt", "e.html", "f.htm", "G.MD", "x/y/z.md"]
    )


def test_stat_matches_the_file(root):
    path = write(root, "a.md", article("A"))
    st = os.stat(path)
    found = scan(root)["a.md"]
    assert (found.mtime_ns, found.size) == (st.st_mtime_ns, st.st_size)


def test_skipping_rules(root):
    keep = ["post.md", "sub/post.md", "public/kept.md"]  # public/ without _config.yml is kept
    skip = [
        ".hidden.md",
        ".git/x.md",
        "sub/.draft/x.md",
        "node_modules/pkg/readme.md",
        "sub/node_modules/readme.md",
        "post.md~",
        "post.swp",
        "post.md.swp",
        "#post.md#",
        "post.md%",
        "hexo/public/index.html",
        "jekyll/_site/index.html",
    ]
    for rel in keep + skip:
        write(root, rel, article(rel))
    write(root, "hexo/_config.yml", "title: x\n")
    write(root, "hexo/source/_posts/real.md", article("real"))
    write(root, "jekyll/_config.yml", "title: x\n")
    write(root, "jekyll/_posts/2021-01-01-a.md", article("a"))
    assert sorted(scan(root)) == sorted(
        [*keep, "hexo/source/_posts/real.md", "jekyll/_posts/2021-01-01-a.md"]
    )
    assert all(stat_article(root, rel) is None for rel in skip)
    assert all(stat_article(root, rel) is not None for rel in keep)


def test_editor_leftover_names():
    assert not is_article_name("a.md~")
    assert not is_article_name("#a.md#")
    assert not is_article_name(".a.md.swp")
    assert not is_article_name("a.md%")
    assert is_article_name("a.md")


def test_symlink_outside_the_library_is_not_followed(tmp_path, root):
    outside = tmp_path / "outside"
    write(outside, "secret.md", article("secret"))
    write(outside, "folder/deep.md", article("deep"))
    write(root, "mine.md", article("mine"))
    os.symlink(outside / "secret.md", root / "link.md")
    os.symlink(outside / "folder", root / "linkdir")
    os.symlink(tmp_path, root / "up")  # contains the library itself
    assert sorted(scan(root)) == ["mine.md"]


def test_symlinks_inside_are_followed_once_and_loops_end(root):
    write(root, "posts/a.md", article("a"))
    write(root, "other/b.md", article("b"))
    os.symlink(root / "posts", root / "alias")  # duplicate of posts/
    os.symlink(root, root / "posts" / "loop")  # a loop back to the root
    os.symlink(root / "other" / "b.md", root / "b-link.md")  # duplicate file
    os.makedirs(root / "hidden-target")
    write(root, ".private/c.md", article("c"))
    os.symlink(root / ".private" / "c.md", root / "c.md")  # target itself is skipped
    assert sorted(scan(root)) == ["c.md", "other/b.md", "posts/a.md"]


def test_scan_a_sub_folder(root):
    write(root, "a/x.md", article("x"))
    write(root, "b/y.md", article("y"))
    assert sorted(scan(root, "a")) == ["a/x.md"]
    assert scan(root, "missing") == {}
    assert scan(root, "node_modules") == {}


def test_relative_path(root):
    assert relative_path(root, root / "a" / "b.md") == "a/b.md"
    assert relative_path(root, "a/b.md") == "a/b.md"
    assert relative_path(root, root.parent / "x.md") is None
    assert relative_path(root, "../x.md") is None
