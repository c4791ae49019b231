"""Links by a site's own address lead to its articles (reader.core.library.addresses)."""

from __future__ import annotations

import pytest

from reader.core.library.addresses import SiteAddress, address_path, name_of, site_address
from reader.core.library.facade import Library
from tests.core.libhelpers import write


def _open(root, tmp_path) -> Library:
    library = Library.open(root, tmp_path / "cache")
    library.refresh()
    return library


@pytest.fixture
def jekyll(tmp_path):
    root = tmp_path / "jekyll"
    write(root, "_config.yml", "title: s\nurl: https://example.org\nbaseurl: /blog\n")
    write(root, "_posts/2021-01-05-first.md", "---\ntitle: First\ndate: 2021-01-05\n---\nx\n")
    write(
        root,
        "_posts/2021-01-06-second.md",
        "---\ntitle: Second\ndate: 2021-01-06\ncategories: [news]\n---\nx\n",
    )
    write(root, "_posts/2022-03-01-second.md", "---\ntitle: Again\ndate: 2022-03-01\n---\nx\n")
    write(
        root,
        "_posts/2021-02-01-custom.md",
        "---\ntitle: Custom\ndate: 2021-02-01\npermalink: /special/place/\n---\nx\n",
    )
    library = _open(root, tmp_path)
    yield library
    library.close()


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/blog/2021/01/06/second/", "_posts/2021-01-06-second.md"),
        ("/blog/2021/01/06/second.html", "_posts/2021-01-06-second.md"),
        ("https://example.org/blog/news/2021/01/06/second.html", "_posts/2021-01-06-second.md"),
        ("HTTPS://EXAMPLE.ORG/blog/2021/01/06/second/#part", "_posts/2021-01-06-second.md"),
        ("/blog/2022/second/", "_posts/2022-03-01-second.md"),
        ("/blog/first", "_posts/2021-01-05-first.md"),
        ("/blog/special/place/", "_posts/2021-02-01-custom.md"),  # its front matter's
        ("/blog/special/place", "_posts/2021-02-01-custom.md"),
        ("/blog/second/", None),  # two of that name, no date: neither
        ("/blog/2021/01/07/second/", None),  # not its date
        ("https://other.org/blog/2021/01/06/second/", None),  # another site
        ("/2021/01/06/second/", None),  # not under the site's base
        ("/blog/", None),
        ("second.md", None),  # a file's link, not an address
        ("mailto:a@example.org", None),
        ("/blog/%00/x/", None),
        # (review) a listing page of the site names no article of its name
        ("/blog/tags/first/", None),
        ("https://example.org/blog/categories/first/", None),
        ("/blog/page/2/first/", None),
        ("/blog/" + "a" * 60_000, None),  # (a pattern past the index's LIKE: no error)
        ("/blog/" + "a-" * 30_000 + "b", None),
    ],
)
def test_a_jekyll_address_names_its_post(jekyll, href, expected):
    assert jekyll.article_at_address(href) == expected


def test_hexo_and_hugo_addresses(tmp_path):
    hexo = tmp_path / "hexo"
    write(
        hexo, "_config.yml", "title: s\nurl: http://ex.com\npermalink: :year/:month/:day/:title/\n"
    )
    write(hexo, "source/_posts/hello-world.md", "---\ntitle: Hello\ndate: 2020-05-06\n---\nx\n")
    write(hexo, "source/_posts/sub/deep.md", "---\ntitle: Deep\ndate: 2020-05-07\n---\nx\n")
    with _open(hexo, tmp_path / "h") as library:
        assert library.article_at_address("/2020/05/06/hello-world/") == (
            "source/_posts/hello-world.md"
        )
        assert library.article_at_address("http://ex.com/2020/05/07/sub/deep/") == (
            "source/_posts/sub/deep.md"
        )
    hugo = tmp_path / "hugo"
    write(
        hugo,
        "hugo.toml",
        "baseURL = 'https://site.example/'\ntitle = 's'\n[permalinks]\nposts = '/:year/:slug/'\n",
    )
    write(
        hugo, "content/posts/my-file.md", "+++\ntitle = 'A Title Here'\ndate = 2023-01-02\n+++\nx\n"
    )
    write(hugo, "content/posts/trip/index.md", "+++\ntitle = 'Trip'\ndate = 2023-02-02\n+++\nx\n")
    write(
        hugo,
        "content/posts/s.md",
        "+++\ntitle = 'S'\nslug = 'the-slug'\ndate = 2023-03-02\n+++\nx\n",
    )
    write(hugo, "content/about.md", "+++\ntitle = 'About'\nurl = '/about-us/'\n+++\nx\n")
    with _open(hugo, tmp_path / "g") as library:
        found = {
            href: library.article_at_address(href)
            for href in (
                "/posts/my-file/",
                "/2023/a-title-here/",  # Hugo's :slug: the title's
                "/posts/trip/",  # a page bundle: its folder's name
                "/2023/the-slug/",
                "/about-us/",
                "https://site.example/posts/trip/",
            )
        }
    assert found == {
        "/posts/my-file/": "content/posts/my-file.md",
        "/2023/a-title-here/": "content/posts/my-file.md",
        "/posts/trip/": "content/posts/trip/index.md",
        "/2023/the-slug/": "content/posts/s.md",
        "/about-us/": "content/about.md",
        "https://site.example/posts/trip/": "content/posts/trip/index.md",
    }


def test_a_plain_folder_has_no_addresses(tmp_path):
    write(tmp_path / "lib", "second.md", "---\ntitle: Second\n---\nx\n")
    with _open(tmp_path / "lib", tmp_path) as library:
        assert library.article_at_address("/second/") is None


def test_an_address_two_articles_give_names_neither(tmp_path):
    root = tmp_path / "jekyll"
    write(root, "_config.yml", "title: s\n")
    for name in ("a", "b"):
        write(root, f"_posts/2021-01-0{ord(name) - 96}-{name}.md", "---\npermalink: /same/\n---\n")
    with _open(root, tmp_path) as library:
        assert library.article_at_address("/same/") is None


def test_the_pieces():
    assert site_address("jekyll", {"url": "https://Example.org", "baseurl": "/blog/"}) == (
        SiteAddress("example.org", "/blog/")
    )
    assert site_address("hugo", {"baseURL": "https://x.org/docs/"}) == SiteAddress(
        "x.org", "/docs/"
    )
    # (Hugo reads its keys in any case)
    assert site_address("hugo", {"BaseURL": "https://x.org/docs/"}) == SiteAddress(
        "x.org", "/docs/"
    )
    assert site_address("hexo", {"url": "http://y.org/sub", "root": "/sub/"}) == (
        SiteAddress("y.org", "/sub/")
    )
    assert site_address("hexo", {}) == SiteAddress(None, "/")
    assert address_path("/blog/a/../b/", SiteAddress(None, "/blog/")) == "/b/"
    assert address_path("/a/../../etc/x", SiteAddress(None, "/")) == "/etc/x"
    assert name_of("_posts/2021-01-06-second.md") == "second"
    assert name_of("content/posts/trip/index.md") == "trip"
    assert name_of("content/posts/trip/_index.md") == "trip"
