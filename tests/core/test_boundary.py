"""The one rule for which local files an article may load (reader.core.article.boundary)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.article.boundary import is_site_root, local_boundary, site_root, within


def _site(folder: Path, config: str, *content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if config.endswith("/"):
        (folder / config).mkdir(parents=True)
    else:
        (folder / config).write_text("title: x\n", encoding="utf-8")
    for name in content:
        (folder / name).mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize(
    ("config", "content", "is_site"),
    [
        ("_config.yml", ("source",), True),  # Hexo
        ("_config.yaml", ("source",), True),
        ("_config.yml", ("_posts",), True),  # Jekyll
        ("_config.toml", ("_posts",), True),
        ("hugo.toml", ("content",), True),  # Hugo
        ("config.yaml", ("content",), True),
        ("config/_default/", ("content",), True),
        ("_config.yml", (), False),  # a config alone is not a site
        ("config.yaml", (), False),
        ("hugo.toml", ("source",), False),  # a config with another generator's folder
        ("hugo.toml", ("src",), False),  # (a folder the configuration does not name)
        ("_config.yml", ("content",), False),
        ("config.yaml", ("_posts",), False),
    ],
)
def test_a_site_root_is_a_config_with_its_content_folder(
    tmp_path: Path, config: str, content: tuple[str, ...], is_site: bool
) -> None:
    folder = _site(tmp_path / "site", config, *content)
    assert is_site_root(folder) is is_site


def test_the_nearest_real_site_root_wins_over_stray_configs(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("x: 1\n", encoding="utf-8")  # stray, higher up
    blog = _site(tmp_path / "blog", "_config.yml", "source/_posts")
    (blog / "source" / "_posts" / "config.toml").write_text("x = 1\n", encoding="utf-8")
    post = blog / "source" / "_posts" / "hello.md"
    assert site_root(post) == blog.resolve()
    assert local_boundary(post) == blog.resolve()


def test_without_a_site_the_files_folder_is_the_boundary(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("x: 1\n", encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    assert site_root(notes / "post.md") is None
    assert local_boundary(notes / "post.md") == notes.resolve()


def test_the_opened_library_root_is_the_boundary(tmp_path: Path) -> None:
    blog = _site(tmp_path / "blog", "_config.yml", "source/_posts")
    post = blog / "source" / "_posts" / "hello.md"
    library = blog / "source" / "_posts"
    assert local_boundary(post, library) == library.resolve()
    assert local_boundary(None, library) == library.resolve()
    assert local_boundary(None, None) is None


def test_within_follows_links_and_dots(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "inside").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.png").write_bytes(b"x")
    (root / "inside" / "ok.png").write_bytes(b"x")
    (root / "link.png").symlink_to(tmp_path / "outside" / "secret.png")
    (root / "loop").symlink_to(root / "loop")
    boundary = local_boundary(None, root)
    assert within(root / "inside" / "ok.png", boundary)
    assert within(root / "inside" / ".." / "inside" / "ok.png", boundary)
    assert not within(root / ".." / "outside" / "secret.png", boundary)
    assert not within(root / "link.png", boundary)
    assert not within(root / "loop" / "x.png", boundary)
    assert not within(root / "inside" / "ok.png", None)
    assert not within("bad\0name", boundary)


def test_a_sites_configuration_is_parsed_once_for_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every look at the site parsed it again: a command looks several times,
    # and a large configuration took seconds each time (27 s for one check)
    import yaml

    from reader.core.article.boundary import jekyll_source

    parsed: list[str] = []
    load = yaml.load

    def counted(text, Loader):
        parsed.append(text)
        return load(text, Loader=Loader)

    monkeypatch.setattr(yaml, "load", counted)
    (tmp_path / "src" / "_posts").mkdir(parents=True)
    config = tmp_path / "_config.yml"
    config.write_text("title: T\nsource: src\n", encoding="utf-8")
    for _ in range(3):
        assert is_site_root(tmp_path)
        assert jekyll_source(tmp_path, "_config.yml") == (tmp_path / "src").resolve()
    assert len(parsed) == 1
    config.write_text("title: T\nsource: elsewhere\n", encoding="utf-8")  # new bytes: read again
    assert jekyll_source(tmp_path, "_config.yml") is None
    assert len(parsed) == 2
    config.write_text("title: T\n" + "k: v\n" * 1000, encoding="utf-8")  # no "source" in it
    assert jekyll_source(tmp_path, "_config.yml") is None
    assert len(parsed) == 2


@pytest.mark.parametrize("name", ["hugo.toml", "config.yaml", "hugo.json"])
def test_a_hugo_content_folder_named_in_the_configuration_folder_makes_a_site_root(tmp_path, name):
    # (config/_default/ alone, its contentDir "src" and no content/, was no site)
    default = tmp_path / "config" / "_default"
    default.mkdir(parents=True)
    text = {"hugo.toml": 'contentDir = "src"\n', "config.yaml": "contentDir: src\n"}
    (default / name).write_text(text.get(name, '{"contentDir": "src"}'), encoding="utf-8")
    assert not is_site_root(tmp_path)  # (no such folder yet)
    (tmp_path / "src").mkdir()
    assert is_site_root(tmp_path)
    assert site_root(tmp_path / "src" / "a.md") == tmp_path.resolve()
    (default / name).write_text('title = "T"\n', encoding="utf-8")
    assert not is_site_root(tmp_path)  # (a folder beside a configuration is no content)
