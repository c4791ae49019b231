"""reader.core.library.sitecontext: the site context built for the renderer."""

from __future__ import annotations

import os

from reader.core.article.codec import load_article
from reader.core.library.sitecontext import find_site, site_context_for
from reader.core.render.pipeline import render_article


def test_find_site_tells_jekyll_hugo_and_hexo_apart(sites, tmp_path):
    assert find_site(sites / "jekyll" / "_posts" / "2021-01-01-hostile.md") == (
        "jekyll",
        (sites / "jekyll").resolve(),
    )
    assert find_site(sites / "hugo" / "content" / "docs") == ("hugo", (sites / "hugo").resolve())
    hexo = tmp_path / "hexo"
    (hexo / "source" / "_posts").mkdir(parents=True)
    (hexo / "_posts").mkdir()
    (hexo / "scaffolds").mkdir()
    (hexo / "_config.yml").write_text("title: x\n")
    assert find_site(hexo / "source" / "_posts") is None
    assert find_site(tmp_path) is None


def test_config_and_data_files(sites):
    article = load_article(sites / "jekyll" / "_posts" / "2021-01-01-hostile.md")
    info = site_context_for(article)
    assert info is not None and info.problems == ()
    context = info.context
    assert context.config["baseurl"] == "/en"
    assert context.data["releases"][0]["version"] == "2.7.2"
    assert context.data["team"]["maintainers"][1]["name"] == "usa"
    assert context.data["docs"]["mirrors"][0] == {
        "name": "Japan",
        "url": "https://ftp.example.jp/ruby/",
    }
    hugo = site_context_for(load_article(sites / "hugo" / "content" / "docs" / "shortcodes.md"))
    assert hugo is not None
    assert hugo.context.config["params"]["minVersion"] == "0.120.0"
    assert hugo.context.data["versions"] == {"current": "0.125.0"}


def test_bad_data_files_are_reported_and_left_out(sites):
    data = sites / "jekyll" / "_data"
    (data / "broken.yml").write_text("a: [1, 2\n")
    (data / "huge.json").write_text("[" + "1," * (1_100_000) + "1]")
    (data / "fifo.yml").unlink(missing_ok=True)
    os.mkfifo(data / "fifo.yml")
    info = site_context_for(load_article(sites / "jekyll" / "_posts" / "2021-01-01-hostile.md"))
    assert info is not None
    assert "broken" not in info.context.data and "huge" not in info.context.data
    assert "releases" in info.context.data
    text = "\n".join(info.problems)
    assert "broken.yml:" in text and "huge.json" in text and "fifo.yml" in text


def test_data_changes_are_seen(sites):
    post = sites / "jekyll" / "_posts" / "2020-10-02-ruby-2-7-2-released.md"
    first = site_context_for(load_article(post))
    releases = sites / "jekyll" / "_data" / "releases.yml"
    releases.write_text(releases.read_text().replace("6e5706d0", "00000000"))
    article = load_article(post)
    second = site_context_for(article)
    assert first is not None and second is not None
    assert second.context.data["releases"][0]["sha256"]["gz"].startswith("00000000")
    assert "00000000d4ee" in render_article(article, site=second.context).body_html


def test_includes_and_layouts_are_not_pages(sites):
    include = load_article(sites / "jekyll" / "_includes" / "recursive.html")
    assert site_context_for(include) is None


def test_posts_come_from_the_index(sites, open_library):
    lib = open_library(sites)
    article = lib.load("jekyll/_posts/2020-03-31-ruby-2-7-1-released.md")
    info = site_context_for(article, library=lib)
    assert info is not None
    titles = [post["title"] for post in info.context.posts]
    assert titles == [
        "Unknown things",
        "Hostile templates",
        "Ruby 2.7.2 Released",
        "Ruby 2.7.1 Released",
    ]
    assert info.context.posts[2]["url"] == "/2020/10/02/ruby-2-7-2-released.html"
    body = render_article(article, library_root=lib.root, site=info.context).body_html
    assert "Latest posts: Unknown things; Hostile templates;" in body
    # links are relative to the post, inside the library the window follows
    assert '<a href="2020-10-02-ruby-2-7-2-released.md">the 2.7.2 news</a>' in body


def test_resolver_stays_inside_the_site(sites):
    article = load_article(sites / "jekyll" / "_posts" / "2021-01-01-hostile.md")
    info = site_context_for(article)
    assert info is not None
    resolve = info.context.resolve_link
    assert resolve("post_url", "2020-03-31-ruby-2-7-1-released") == (
        "_posts/2020-03-31-ruby-2-7-1-released.md"
    )
    assert resolve("link", "_posts/2021-01-01-hostile.md") == "_posts/2021-01-01-hostile.md"
    assert resolve("link", "../secret.txt") is None
    assert resolve("link", "/etc/passwd") is None
    assert resolve("post_url", "nothing-here") is None


def test_hugo_config_default_folder(tmp_path):
    site = tmp_path / "docs"
    (site / "content").mkdir(parents=True)
    (site / "config" / "_default").mkdir(parents=True)
    (site / "config" / "_default" / "hugo.toml").write_text('title = "Docs"\n')
    (site / "config" / "_default" / "params.toml").write_text('minVersion = "0.1"\n')
    page = site / "content" / "a.md"
    page.write_text("---\ntitle: A\n---\nNeeds {{< param minVersion >}}.\n")
    info = site_context_for(load_article(page))
    assert info is not None and info.context.kind == "hugo"
    assert info.context.config["title"] == "Docs"
    assert "Needs 0.1." in render_article(load_article(page), site=info.context).body_html


def _jekyll_in_a_folder(root):
    # source: src -- the site is a folder of the root's
    (root / "src" / "_posts").mkdir(parents=True)
    (root / "src" / "_includes").mkdir()
    (root / "_config.yml").write_text("source: src\ntitle: S\n")
    (root / "src" / "_includes" / "i.html").write_text("Included {{ include.x }}!\n")
    (root / "src" / "_posts" / "2024-01-02-o.md").write_text("---\ntitle: Other Post\n---\nx\n")
    page = root / "src" / "_posts" / "2024-01-01-p.md"
    page.write_text(
        '---\ntitle: Page\n---\n{% include i.html x="yes" %}\n\n'
        "[o]({% post_url 2024-01-02-o %}) [l]({% link _posts/2024-01-02-o.md %})\n\n"
        "{% for p in site.posts %}[{{ p.title }}]{% endfor %}\n"
    )
    return page


def test_a_jekyll_site_in_a_folder_of_its_own_has_its_includes_posts_and_links(tmp_path):
    # with source: src, every include was "not found", post_url and link
    # named no article and site.posts was empty
    page = _jekyll_in_a_folder(tmp_path)
    article = load_article(page)
    info = site_context_for(article, library_root=tmp_path)
    assert info is not None
    result = render_article(article, library_root=tmp_path, site=info.context)
    body = result.body_html
    assert "Included yes!" in body
    assert '<a href="2024-01-02-o.md">o</a> <a href="2024-01-02-o.md">l</a>' in body
    # without an index, the titles are read from the posts (not their names' words)
    assert "[Other Post][Page]" in body
    assert result.problems == []


def test_a_jekyll_site_in_a_folder_lists_its_posts_from_the_index(tmp_path):
    from reader.core.library.facade import Library

    page = _jekyll_in_a_folder(tmp_path)
    with Library.open(tmp_path, tmp_path / "cache") as library:
        library.refresh()
        article = library.load("src/_posts/2024-01-01-p.md")
        info = site_context_for(article, library=library)
        assert info is not None
        assert [p["title"] for p in info.context.posts] == ["Other Post", "Page"]
        assert [p["path"] for p in info.context.posts] == [
            "_posts/2024-01-02-o.md",
            "_posts/2024-01-01-p.md",
        ]
    assert page.is_file()


def test_site_posts_titles_are_read_once_while_the_posts_stay_the_same(tmp_path, monkeypatch):
    # (second review) every article naming site.posts read every post again
    import reader.core.article.codec as codec

    page = _jekyll_in_a_folder(tmp_path)
    read: list[str] = []
    load = codec.load_article

    def counted(path, *args, **kwargs):
        read.append(str(path))
        return load(path, *args, **kwargs)

    monkeypatch.setattr(codec, "load_article", counted)
    for _ in range(3):
        info = site_context_for(load(page), library_root=tmp_path)
        assert info is not None and [p["title"] for p in info.context.posts] == [
            "Other Post",
            "Page",
        ]
    assert sorted(read) == sorted({*read}) and len(read) == 2
    other = tmp_path / "src" / "_posts" / "2024-01-02-o.md"
    other.write_text("---\ntitle: Renamed Post\n---\nx, longer now\n")
    info = site_context_for(load(page), library_root=tmp_path)
    assert info is not None and info.context.posts[0]["title"] == "Renamed Post"


def test_a_folder_setting_holding_a_nul_is_said_and_the_default_used(tmp_path):
    # (fuzzing) every look at the folder failed with ValueError: no site context,
    # and the render of every article of the site a traceback

    for number, (config, text) in enumerate(
        (
            ("hugo.toml", 'title = "x"\ndataDir = "\\u0000"\n'),
            ("_config.yml", 'title: x\ndata_dir: "\\0"\n'),
            ("_config.yml", 'title: x\nsource: "\\0"\n'),
        )
    ):
        site = tmp_path / f"site{number}"
        folder = site / ("content/posts" if config == "hugo.toml" else "_posts")
        folder.mkdir(parents=True)
        (site / config).write_text(text, encoding="utf-8")
        post = folder / "2021-01-01-a.md"
        post.write_text("---\ntitle: A\n---\nbody {{ site.title }}\n", encoding="utf-8")
        from reader.core.site.detect import find_site as detect_site

        found = detect_site(site)
        assert found is not None
        assert any("is no folder name" in problem for problem in found.problems), found.problems
        context = site_context_for(load_article(post), library_root=site)
        assert context is not None, config
        assert "body" in render_article(load_article(post), site=context.context).html


def test_a_number_of_thousands_of_hexadecimal_digits_is_said_not_shown(tmp_path):
    # (review) read from 0x digits, it failed wherever it was shown: an
    # "internal error" from check, a traceback from a Hugo param
    from reader.core.site.detect import find_site as detect_site

    site = tmp_path / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "data").mkdir()
    (site / "hugo.toml").write_text('title = "x"\n[params]\nweight = 0x' + "f" * 4000 + "\n")
    (site / "data" / "big.toml").write_text("n = 0x" + "f" * 4000 + "\n")
    post = site / "content" / "posts" / "a.md"
    post.write_text("---\ntitle: A\n---\nw {{< param weight >}}\n", encoding="utf-8")
    found = detect_site(site)
    assert found is not None
    assert any("more than 4,300 digits" in problem for problem in found.problems)
    context = site_context_for(load_article(post), library_root=site)
    assert context is not None
    assert any("more than 4,300 digits" in problem for problem in context.problems)
    render_article(load_article(post), site=context.context)


def test_a_hugo_site_s_params_table_is_kept_in_its_own_case(tmp_path):
    # an empty "params" was put beside the site's [Params], hiding it
    (tmp_path / "content").mkdir()
    (tmp_path / "hugo.toml").write_text('[Params]\nFoo = "BAR"\n')
    (tmp_path / "content" / "a.md").write_text("---\ntitle: A\n---\n{{< param foo >}}\n")
    info = site_context_for(load_article(tmp_path / "content" / "a.md"))
    assert info is not None
    assert info.context.config == {"Params": {"Foo": "BAR"}}
    (tmp_path / "hugo.toml").write_text('title = "T"\n')
    info = site_context_for(load_article(tmp_path / "content" / "a.md"))
    assert info is not None
    assert info.context.config == {"title": "T", "params": {}}
