"""Site files saved in an encoding that is not UTF-8 (UTF-16 with or
without a byte-order mark, UTF-32, Latin-1, GBK) are named as such, with
the file and, where it means something, the line; a UTF-8 byte-order mark is
accepted.  The same for every site file read: the configuration (Hexo,
Jekyll, Hugo), the data files, the schema, scaffolds and Liquid includes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.article.codec import parse_article
from reader.core.common.text import NotUTF8Error, site_text
from reader.core.library.sitecontext import site_context_for, site_problems
from reader.core.render.pipeline import render_article
from reader.core.site.detect import load_site
from reader.core.site.scaffold import scaffold_problems
from reader.core.site.schema import SchemaError, load_schema
from tests.fixtures.sites import copy_site

UTF16 = "UTF-16 text, not UTF-8; save it as UTF-8"

ENCODED = {
    "utf-16 with a mark": ("utf-16", "UTF-16"),
    "utf-16-le without": ("utf-16-le", "UTF-16"),
    "utf-16-be without": ("utf-16-be", "UTF-16"),
    "utf-32 with a mark": ("utf-32", "UTF-32"),
    "utf-32-le without": ("utf-32-le", "UTF-32"),
}


@pytest.mark.parametrize("encoding, name", ENCODED.values(), ids=list(ENCODED))
def test_site_text_names_wide_encodings(encoding, name):
    with pytest.raises(NotUTF8Error) as caught:
        site_text("title: 你好\nurl: https://example.org\n".encode(encoding))
    assert caught.value.message == f"{name} text, not UTF-8; save it as UTF-8"
    assert caught.value.line is None


def test_site_text_names_the_line_of_a_byte_that_is_not_utf8():
    with pytest.raises(NotUTF8Error) as caught:
        site_text(b"title: x\nauthor: caf\xe9\n")
    assert caught.value.line == 2
    assert caught.value.message == "not UTF-8 text (the byte 0xE9); save it as UTF-8"
    with pytest.raises(NotUTF8Error) as caught:
        site_text("a: 1\nb: 2\n标题: 中文\n".encode("gbk"))
    assert caught.value.line == 3


def test_site_text_keeps_utf8_and_drops_its_mark():
    assert site_text("\ufefftitle: 你好\n".encode()) == "title: 你好\n"
    assert site_text(b"a: 1\n") == "a: 1\n"
    assert site_text(b"") == ""
    # NULs that are no UTF-16 are left to the parser (which names their line)
    assert site_text(b"\x00\x01binary") == "\x00\x01binary"
    assert site_text(b"a\x00: 1\n") == "a\x00: 1\n"


@pytest.fixture
def jekyll(tmp_path):
    return copy_site("jekyll", tmp_path)


@pytest.fixture
def hugo(tmp_path):
    return copy_site("hugo", tmp_path)


@pytest.fixture
def hexo(tmp_path):
    return copy_site("hexo", tmp_path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_jekyll_configuration_is_named_not_a_position(jekyll, encoding):
    config = jekyll / "_config.yml"
    config.write_bytes("title: Fixture\nexclude: [notes]\n".encode(encoding))
    site = load_site(jekyll)
    assert site.problems == (f"{config}: the configuration is {UTF16}",)
    assert "position" not in site.problems[0]
    assert dict(site.config) == {}  # the defaults, nothing half read


def test_a_latin1_configuration_names_its_line(hexo):
    config = hexo / "_config.yml"
    config.write_bytes(b"title: Blog\nauthor: Ren\xe9\n")
    (problem,) = load_site(hexo).problems
    assert problem == (
        f"{config} line 2: the configuration is not UTF-8 text (the byte 0xE9); save it as UTF-8"
    )


def test_a_utf8_mark_is_accepted_in_every_configuration_format(hexo, hugo):
    (hexo / "_config.yml").write_bytes("\ufeffnew_post_name: :year/:title.md\n".encode())
    site = load_site(hexo)
    assert site.problems == () and site.new_post_name == ":year/:title.md"
    for name, text in (
        ("hugo.toml", 'contentDir = "content"\n[params]\nmainSections = ["docs"]\n'),
        ("hugo.json", '{"params": {"mainSections": ["docs"]}}'),
    ):
        for other in hugo.glob("hugo.*"):
            other.unlink()
        for other in hugo.glob("config.*"):
            other.unlink()
        (hugo / name).write_bytes(("\ufeff" + text).encode())
        site = load_site(hugo)
        assert site.problems == (), name
        assert site.main_sections == ("docs",), name


@pytest.mark.parametrize("name", ["hugo.toml", "config.toml", "hugo.yaml", "config.json"])
def test_a_utf16_hugo_configuration_is_named(hugo, name):
    for other in [*hugo.glob("hugo.*"), *hugo.glob("config.*")]:
        if other.is_file():
            other.unlink()
    config = hugo / name
    config.write_bytes('title = "x"\n'.encode("utf-16"))
    assert load_site(hugo).problems == (f"{config}: the configuration is {UTF16}",)


def test_parser_errors_name_the_line(hexo, hugo):
    config = hexo / "_config.yml"
    config.write_text("title: x\nbad: a\x01b\n")
    assert load_site(hexo).problems == (
        f"{config} line 2: invalid YAML: U+0001 is a control character YAML does not allow",
    )
    for other in [*hugo.glob("hugo.*"), *hugo.glob("config.*")]:
        other.unlink()
    toml = hugo / "hugo.toml"
    toml.write_text('title = "x"\nbaseURL = \n')
    (problem,) = load_site(hugo).problems
    assert problem.startswith(f"{toml} line 2: invalid TOML: ")
    toml.unlink()
    json_file = hugo / "hugo.json"
    json_file.write_text('{\n"title": "x",\n}\n')
    (problem,) = load_site(hugo).problems
    assert problem.startswith(f"{json_file} line 3: invalid JSON: ")


def _templated(jekyll: Path) -> Path:
    post = jekyll / "_posts" / "2024-05-05-t.md"
    post.write_text(
        "---\ntitle: t\n---\n{{ site.title }} {% for m in site.data.menu %}{{ m.name }}"
        "{% endfor %}\n\n{% include footer.html %}\n"
    )
    return post


def test_a_utf16_data_file_is_named(jekyll):
    data = jekyll / "_data" / "menu.yml"
    data.write_bytes("- name: Home\n".encode("utf-16"))
    post = _templated(jekyll)
    info = site_context_for(parse_article(post.read_bytes(), post))
    assert info is not None
    assert f"{data}: the data file is {UTF16}" in info.problems
    assert "menu" not in info.context.data
    assert site_problems(jekyll) == [f"{data}: the data file is {UTF16}"]
    latin = jekyll / "_data" / "people.yml"
    latin.write_bytes(b"- name: Ann\n- name: Ren\xe9\n")
    assert f"{latin}:2: the data file is not UTF-8 text (the byte 0xE9); save it as UTF-8" in (
        site_problems(jekyll) or []
    )


def test_a_utf16_include_is_a_notice_not_noise(jekyll):
    include = jekyll / "_includes" / "footer.html"
    include.write_bytes("<footer>made here</footer>\n".encode("utf-16"))
    post = _templated(jekyll)
    article = parse_article(post.read_bytes(), post)
    info = site_context_for(article)
    assert info is not None
    html = render_article(article, site=info.context).html
    assert "include 'footer.html' is UTF-16 text, not UTF-8; save it as UTF-8" in html
    assert "\ufffd" not in html and "f\x00o" not in html
    include.write_bytes(b"<footer>caf\xe9</footer>\n")
    info = site_context_for(article)
    assert info is not None
    html = render_article(article, site=info.context).html
    assert "is not UTF-8 text (the byte 0xE9); save it as UTF-8 (line 1 of footer.html)" in html


def test_a_utf16_schema_is_named(tmp_path):
    schema = tmp_path / ".article-reader" / "schema.toml"
    schema.parent.mkdir()
    schema.write_bytes('[keys.title]\ntype = "string"\n'.encode("utf-16"))
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path)
    assert str(caught.value) == f"{schema}: the schema is {UTF16}"
    schema.write_bytes(b'[keys.title]\ntype = "string"\n# Ren\xe9\n')
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path)
    assert caught.value.line == 3
    schema.write_bytes('\ufeff[keys.title]\ntype = "string"\n'.encode())
    loaded = load_schema(tmp_path)
    assert loaded is not None and list(loaded.keys) == ["title"]


def test_a_utf16_scaffold_is_named_and_the_default_used(hexo):
    scaffold = hexo / "scaffolds" / "post.md"
    scaffold.write_bytes("---\ntitle: {{ title }}\n---\n".encode("utf-16"))
    site = load_site(hexo)
    assert (scaffold, None, f"the scaffold is {UTF16}; skipped") in scaffold_problems(site)
