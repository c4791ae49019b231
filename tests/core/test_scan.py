"""Which files a library consists of."""

from __future__ import annotations

import os
import shutil

from reader.core.library.scan import is_article_name, relative_path, scan, stat_article

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
        "hexo/scaffolds/post.md",  # (a site's templates, no articles)
        "jekyll/_layouts/post.html",
        "jekyll/_includes/note.md",
        "hugo/archetypes/default.md",
    ]
    for rel in keep + skip:
        write(root, rel, article(rel))
    write(root, "hexo/_config.yml", "title: x\n")
    write(root, "hexo/source/_posts/real.md", article("real"))
    write(root, "jekyll/_config.yml", "title: x\n")
    write(root, "jekyll/_posts/2021-01-01-a.md", article("a"))
    write(root, "hugo/hugo.toml", "title = 'x'\n")
    write(root, "hugo/content/b.md", article("b"))
    write(root, "scaffolds/kept.md", article("kept"))  # (no site's: kept)
    assert sorted(scan(root)) == sorted(
        [
            *keep,
            "hexo/source/_posts/real.md",
            "jekyll/_posts/2021-01-01-a.md",
            "hugo/content/b.md",
            "scaffolds/kept.md",
        ]
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


# -- what cannot be read is reported, what vanished is gone --------------------------


def _deep_folder(root, depth: int = 24, name_length: int = 200) -> str:
    """Nested folders whose full path is beyond PATH_MAX (4096 on Linux),
    created relative to an open folder so that no call needs the long path."""
    rel_parts = []
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for level in range(depth):
            name = f"{level:02d}" + "d" * (name_length - 2)
            os.mkdir(name, dir_fd=fd)
            rel_parts.append(name)
            child = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        with open(os.open("deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as handle:
            handle.write(article("deep"))
    finally:
        os.close(fd)
    return "/".join(rel_parts)


def test_a_path_beyond_the_system_limit_is_reported_not_skipped(root):
    write(root, "a.md", article("a"))
    deep = _deep_folder(root)
    assert len(os.path.join(root, deep)) > 4096
    found = scan(root)
    assert sorted(found) == ["a.md"]
    [problem] = found.unreadable
    assert deep.startswith(problem.path) and problem.path
    assert "File name too long" in problem.message


def test_links_that_loop_are_reported_and_end(root):
    write(root, "a.md", article("a"))
    os.symlink("b.md", root / "c.md")
    os.symlink("c.md", root / "b.md")  # c.md → b.md → c.md
    os.symlink("self", root / "self")
    found = scan(root)
    assert sorted(found) == ["a.md"]
    assert sorted(p.path for p in found.unreadable) == ["b.md", "c.md", "self"]
    assert all("symbolic link loop" in p.message for p in found.unreadable)


def test_what_has_an_article_name_but_is_not_read_is_listed_with_why(root, tmp_path):
    """A link to nothing, a FIFO, a link out of the library: not articles,
    never opened, but not silently dropped either (check and Problems name
    them); a link to nothing without an article's name is just skipped."""
    from reader.core.library.records import PathProblem

    write(root, "a.md", article("a"))
    os.symlink("missing.md", root / "dangling.md")
    os.symlink("missing", root / "dangling-folder")
    os.mkfifo(root / "pipe.md")
    outside = tmp_path / "outside.md"
    write(tmp_path, "outside.md", article("out"))
    os.symlink(outside, root / "out.md")
    found = scan(root)
    assert sorted(found) == ["a.md"]
    assert sorted(found.unreadable, key=lambda p: p.path) == [
        PathProblem("dangling.md", "not read: a symbolic link to nothing"),
        PathProblem("out.md", "not read: a symbolic link to outside the library"),
        PathProblem("pipe.md", "not read: a FIFO (named pipe), not a regular file"),
    ]


def test_files_and_folders_deleted_while_listing_are_gone(root, monkeypatch):
    """Between ``scandir`` listing a name and the stat of it, the file or
    folder disappears: it is not there, which is not an error."""
    import reader.core.library.scan as scan_module

    write(root, "a.md", article("a"))
    write(root, "b.md", article("b"))
    write(root, "sub/c.md", article("c"))
    real_scandir = os.scandir

    class Vanishing:
        def __init__(self, path):
            self._inner = real_scandir(path)
            self._path = path

        def __enter__(self):
            entries = list(self._inner)
            if os.path.samefile(self._path, root):
                (root / "b.md").unlink()
                (root / "sub" / "c.md").unlink()
                (root / "sub").rmdir()
            return iter(entries)

        def __exit__(self, *exc):
            self._inner.close()

    monkeypatch.setattr(scan_module.os, "scandir", Vanishing)
    found = scan(root)
    assert sorted(found) == ["a.md"]
    assert found.unreadable == []


def test_scan_records_what_tells_a_changed_file(root):
    path = write(root, "a.md", article("A"))
    st = os.stat(path)
    found = scan(root)["a.md"]
    assert (found.ctime_ns, found.inode) == (st.st_ctime_ns, st.st_ino)
    assert stat_article(root, "a.md") == found


def test_in_a_site_only_where_articles_can_be_are_links_and_fifos_said(tmp_path):
    """A Hexo site's README.md linking out of it (a monorepo) is no article
    of the site, and neither is a FIFO beside it: nothing to report.  In
    its posts folder the same are said."""
    from tests.fixtures.sites import copy_site

    site = copy_site("hexo", tmp_path)
    (site / "README.md").unlink()
    (site / "README.md").symlink_to(tmp_path / "nowhere.md")
    (site / "CHANGELOG.md").symlink_to(tmp_path / "elsewhere.md")
    write(tmp_path, "elsewhere.md", article("outside"))
    os.mkfifo(site / "NOTES.md")
    assert scan(site).unreadable == []
    posts = site / "source" / "_posts"
    (posts / "gone.md").symlink_to(tmp_path / "nowhere.md")
    os.mkfifo(posts / "pipe.md")
    said = sorted((p.path, p.message) for p in scan(site).unreadable)
    assert said == [
        ("source/_posts/gone.md", "not read: a symbolic link to nothing"),
        ("source/_posts/pipe.md", "not read: a FIFO (named pipe), not a regular file"),
    ]


def test_a_site_s_templates_are_no_articles_when_their_folder_is_scanned_alone(root):
    # (review) a full scan left scaffolds/ out, but re-reading that folder
    # alone (the watcher's update) put its post.md in the index
    from reader.core.library.changes import is_article_path

    write(root, "blog/_config.yml", "title: x\n")
    write(root, "blog/source/_posts/real.md", article("real"))
    write(root, "blog/scaffolds/post.md", "---\ntitle: {{ title }}\n---\n")
    assert sorted(scan(root, "blog/scaffolds")) == []
    assert sorted(scan(root, "blog")) == ["blog/source/_posts/real.md"]
    assert not is_article_path("blog/scaffolds/post.md", root)
    assert is_article_path("blog/source/_posts/real.md", root)


def test_a_folder_linked_in_from_outside_is_said_not_followed(tmp_path):
    # a Hugo site's content/ linked in from elsewhere: no article and no word
    from tests.fixtures.sites import copy_site

    outside = tmp_path / "outside"
    write(outside, "posts/a.md", article("A"))
    hugo = copy_site("hugo", tmp_path / "site")
    shutil.rmtree(hugo / "content")
    (hugo / "content").symlink_to(outside)
    (hugo / "themes").mkdir(exist_ok=True)
    (hugo / "themes" / "linked").symlink_to(outside)  # no content of the site
    (hugo / ".hidden").symlink_to(outside)
    found = scan(hugo)
    assert sorted(found) == []
    said = [(p.path, p.message) for p in found.unreadable]
    assert said == [
        (
            "content",
            "not read: a symbolic link to a folder outside the library; its articles are "
            "not listed (open that folder as a library of its own, or the folder holding both)",
        )
    ]


def test_a_fingerprint_tells_folders_links_and_other_files_by_their_modes(root, monkeypatch):
    # the kinds of a folder's entries are read from the bytes of their modes
    # (a call per entry held the interpreter's lock for 126 ms at a million)
    import reader.core.library.scan as scan_module
    from reader.core.library.scan import fingerprint, stat_values

    write(root, "a.md", article("A"))
    write(root, "sub/deeper/b.md", article("B"))
    os.mkfifo(root / "pipe")  # (neither a folder nor a link)
    for split in (False, True):
        if split:  # the values made by stat_names, as a pool's workers do
            monkeypatch.setattr(scan_module, "SPLIT_NAMES", 1)
        stat_names = stat_values if split else None
        first = fingerprint(root, "", stat_names)
        assert first is not None and fingerprint(root, "", stat_names) == first
        # a change two folders down: the folders were entered
        write(root, "sub/deeper/b.md", article(f"B, edited {split}"))
        assert fingerprint(root, "", stat_names) not in (None, first)
        for target in ("a.md", "sub"):  # a link, to a file or to a folder: the scan decides
            (root / "link").symlink_to(root / target)
            assert fingerprint(root, "", stat_names) is None
            (root / "link").unlink()
