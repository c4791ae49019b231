"""Hostile sites: configuration and data folders that lead out of the site,
includes that climb to other site files or are FIFOs, settings that would
put new articles elsewhere, a schema whose values do not fit (with lines)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.article.codec import load_article
from reader.core.library.sitecontext import site_context_for
from reader.core.render.liquid import render_liquid
from reader.core.render.pipeline import render_article
from reader.core.render.sitecontext import SiteContext
from reader.core.site.detect import load_site, unusable_configs
from reader.core.site.schema import SchemaError, load_schema


def _jekyll(root: Path, config: str = "title: Site\n") -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(config)
    return root


def _post(root: Path, body: str, name: str = "2024-01-01-a.md") -> Path:
    path = root / "_posts" / name
    path.write_text(f"---\ntitle: T\n---\n{body}\n")
    return path


def _body(path: Path) -> tuple[str, list[str]]:
    article = load_article(path)
    info = site_context_for(article)
    assert info is not None
    result = render_article(article, site=info.context)
    return result.body_html, [p.message for p in result.problems] + list(info.problems)


# -- configuration and data that lead out of the site --------------------------


def test_a_configuration_linked_to_outside_the_site_is_not_read(tmp_path):
    private = tmp_path / "private.yml"
    private.write_text("title: PRIVATE-VALUE\n")
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").symlink_to(private)
    post = _post(site, "x {{ site.title }}")
    loaded = load_site(site)
    assert loaded.config == {}
    assert loaded.problems == (
        f"{site / '_config.yml'}: the configuration is a link to outside the site; not read",
    )
    body, _problems = _body(post)
    assert "PRIVATE-VALUE" not in body


def test_a_configuration_linked_inside_the_site_is_read(tmp_path):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "config").mkdir()
    (site / "config" / "main.yml").write_text("title: Inside\n")
    (site / "_config.yml").symlink_to(site / "config" / "main.yml")
    assert load_site(site).config == {"title": "Inside"}


def test_a_hugo_params_file_linked_to_outside_is_not_read(tmp_path):
    private = tmp_path / "private.toml"
    private.write_text('secret = "PRIVATE"\n')
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    default = site / "config" / "_default"
    default.mkdir(parents=True)
    (default / "hugo.toml").write_text('title = "H"\n')
    (default / "params.toml").symlink_to(private)
    loaded = load_site(site)
    assert "secret" not in str(loaded.config)
    assert any("link to outside the site" in p for p in loaded.problems)


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_hugo_params_file_that_is_no_file_is_said(tmp_path, kind):
    # passed over without a word: the site's params were simply missing
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    default = site / "config" / "_default"
    default.mkdir(parents=True)
    (default / "hugo.toml").write_text('title = "H"\n')
    params = default / "params.toml"
    os.mkfifo(params) if kind == "fifo" else params.mkdir()
    loaded = load_site(site)
    assert loaded.config == {"title": "H"}
    assert any(p.startswith(f"{params}: cannot read the configuration") for p in loaded.problems)


def test_a_data_folder_linked_to_outside_the_site_is_not_read(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "creds.yml").write_text("pw: SECRET-123\n")
    site = _jekyll(tmp_path / "site")
    (site / "_data").symlink_to(secret)
    body, problems = _body(_post(site, "x {{ site.data.creds.pw }}"))
    assert "SECRET-123" not in body
    assert f"{site / '_data'}: the data folder is a link to outside the site; not read" in problems


def test_jekyll_data_dir_setting_is_followed(tmp_path):
    site = _jekyll(tmp_path / "site", "title: S\ndata_dir: mydata\n")
    (site / "mydata").mkdir()
    (site / "mydata" / "creds.yml").write_text("pw: FROM-MYDATA\n")
    body, _problems = _body(_post(site, "x {{ site.data.creds.pw }}"))
    assert "FROM-MYDATA" in body


def test_data_created_after_a_first_render_is_seen(tmp_path):
    site = _jekyll(tmp_path / "site")
    post = _post(site, "x {{ site.data.d.v }}")
    assert "LATER" not in _body(post)[0]
    (site / "_data").mkdir()
    (site / "_data" / "d.yml").write_text("v: LATER\n")
    assert "LATER" in _body(post)[0]


def test_hugo_main_sections_that_lead_elsewhere_are_reported(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "hugo.toml").write_text('[params]\nmainSections = ["../layouts", "a/b", "notes"]\n')
    loaded = load_site(site)
    assert loaded.main_sections == ("notes",)
    assert sum("mainSections" in p for p in loaded.problems) == 2


@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling"])
def test_a_configuration_that_is_no_file_is_said(tmp_path, kind):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    config = site / "_config.yml"
    if kind == "fifo":
        os.mkfifo(config)
    elif kind == "folder":
        config.mkdir()
    else:
        config.symlink_to(tmp_path / "nothing")
    problems = unusable_configs(site / "_posts")
    assert len(problems) == 1 and problems[0].startswith(f"{config}: the configuration is")


# -- includes ---------------------------------------------------------------


def test_include_relative_does_not_climb_to_other_site_files(tmp_path):
    site = _jekyll(tmp_path / "site", "title: S\nsecret_key: CONFIG-SECRET\n")
    (site / ".env").write_text("TOKEN=ENV-SECRET\n")
    post = _post(
        site, "a {% include_relative ../_config.yml %}\nb {% include_relative ./../.env %}"
    )
    body, problems = _body(post)
    assert "CONFIG-SECRET" not in body and "ENV-SECRET" not in body
    assert "include_relative '../_config.yml': '..', './' and '//' are not allowed" in body
    assert sum("not allowed in the name" in p for p in problems) == 2


def test_include_relative_of_a_file_beside_the_post_still_works(tmp_path):
    site = _jekyll(tmp_path / "site")
    (site / "_posts" / "snippet.txt").write_text("BESIDE")
    body, _problems = _body(_post(site, "{% include_relative snippet.txt %}"))
    assert "BESIDE" in body


def test_an_include_that_is_a_fifo_is_named_as_one(tmp_path):
    site = _jekyll(tmp_path / "site")
    (site / "_includes").mkdir()
    os.mkfifo(site / "_includes" / "pipe.html")
    context = SiteContext(kind="jekyll", root=site, includes_dir=site / "_includes")
    result = render_liquid("{% include pipe.html %}", context, {})
    assert [n.message for n in result.notices] == [
        "include 'pipe.html': not read: a FIFO (named pipe)"
    ]


def _hugo(root: Path) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "H"\nsecret = "CONFIG-SECRET"\n')
    return root


def test_hugo_include_reads_content_files_only(tmp_path):
    site = _hugo(tmp_path / "site")
    (site / "content" / "snip.md").write_text("---\ntitle: s\n---\nSNIPPET\n")
    post = site / "content" / "posts" / "a.md"
    post.write_text(
        '---\ntitle: A\n---\n{{% include "../hugo.toml" %}}\n\n{{% include "snip.md" %}}\n'
    )
    body, problems = _body(post)
    assert "CONFIG-SECRET" not in body
    assert "SNIPPET" in body
    assert "include '../hugo.toml': not a content file (outside content/)" in problems


@pytest.mark.parametrize("content_dir", [None, "."])
def test_hugo_include_never_reads_hidden_files(tmp_path, content_dir):
    # Liquid's include refused them; Hugo's read .env beside the posts, and
    # with contentDir = "." .git/config, a remote's token shown as a link
    site = _hugo(tmp_path / "site")
    content = site if content_dir else site / "content"
    if content_dir:
        (site / "hugo.toml").write_text(f'title = "H"\ncontentDir = "{content_dir}"\n')
    (content / ".env").write_text("API_KEY=ENV-SECRET\n")
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("url = https://u:TOKEN-SECRET@example.com/x.git\n")
    (content / "notes").symlink_to(site / ".git")  # (a link's target counts too)
    names = [".env", "notes/config"] + ([".git/config"] if content_dir else [])
    (content / "posts").mkdir(exist_ok=True)
    post = content / "posts" / "a.md"
    includes = "\n\n".join(f'{{{{% include "{name}" %}}}}' for name in names)
    post.write_text(f"---\ntitle: A\n---\n{includes}\n")
    body, problems = _body(post)
    assert "ENV-SECRET" not in body and "TOKEN-SECRET" not in body
    hidden = "hidden files and folders (.git, .env…) are not read"
    outside = "not a content file (outside content/)"  # (the link leads out of content/)
    for name in names:
        why = outside if name == "notes/config" and not content_dir else hidden
        assert f"include '{name}': {why}" in problems, name


def test_hugo_include_of_a_fifo_is_named_as_one(tmp_path):
    site = _hugo(tmp_path / "site")
    os.mkfifo(site / "content" / "pipe.md")
    post = site / "content" / "posts" / "a.md"
    post.write_text('---\ntitle: A\n---\n{{% include "pipe.md" %}}\n')
    _body_html, problems = _body(post)
    assert "include 'pipe.md': not read: a FIFO (named pipe)" in problems


def test_a_notice_inside_an_included_file_names_the_page_s_include_line(tmp_path):
    # (not the line inside the included file, which is not the page's)
    site = _hugo(tmp_path / "site")
    (site / "content" / "self.md").write_text('---\ntitle: s\n---\nS {{% include "self.md" %}}\n')
    post = site / "content" / "posts" / "a.md"
    post.write_text('---\ntitle: A\n---\n\n\n\n{{% include "self.md" %}}\n')
    body, _problems = _body(post)
    assert "include &#x27;self.md&#x27;: deeper than 10 (line 7)</span>" in body
    assert "(line 1)" not in body
    problems = render_article(load_article(post), site=site_context_for(load_article(post)).context)
    assert [p.line for p in problems.problems if "deeper than" in p.message] == [7]


# -- the schema ---------------------------------------------------------------


def _schema(root: Path, text: str) -> SchemaError:
    (root / ".article-reader").mkdir(exist_ok=True)
    (root / ".article-reader" / "schema.toml").write_text(text)
    with pytest.raises(SchemaError) as raised:
        load_schema(root)
    return raised.value


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('# a\n[keys.title]\ntype = "string"\n\n[keys.date]\ntype = "weird"\n', 6, "unknown type"),
        ("[keys]\ntitle = {}\ndate = 5\n", 3, "keys.date must be a table"),
        ('[keys."date"]\nvalues = "x"\n', 2, "values must be a list"),
        ("articles = 1\nfolders = 1\n", 2, "[folders] must be a table"),
        ("[folders]\nx = 1\n", 2, "folders.x must be a table"),
        ('[folders.x.keys.date]\ntype = "date"\nspelling = 5\n', 3, "spelling 5 is not a date"),
        # a misspelt or unknown field did nothing, without a word
        ("[keys.author]\nrequird = true\n", 2, "keys.author: unknown field 'requird'"),
        ('[keys.layout]\nrequired = "true"\n', 2, "required must be true or false"),
        ('[keys.categories]\nshape = "list-of-paths"\n', 2, 'shape must be "path" or "paths"'),
        ('[keys.layout]\nvalue = ["post"]\n', 2, "unknown field 'value'"),
        ("[key.title]\nrequired = true\n", 1, "unknown table or key 'key'"),
        ("[folders.x.key.title]\nrequired = true\n", 1, "folders.x: unknown table or key 'key'"),
    ],
)
def test_schema_values_that_do_not_fit_name_their_line(tmp_path, text, line, message):
    error = _schema(tmp_path, text)
    assert message in error.message
    assert error.line == line


def test_a_schema_spelling_that_is_no_date_is_refused(tmp_path):
    error = _schema(tmp_path, '[keys.date]\ntype = "date"\nspelling = "garbage!!"\n')
    assert error.line == 3
    assert "spelling 'garbage!!' is not a date" in error.message


def test_a_schema_spelling_written_as_a_toml_date_is_read(tmp_path):
    (tmp_path / ".article-reader").mkdir()
    (tmp_path / ".article-reader" / "schema.toml").write_text(
        '[keys.date]\ntype = "date"\nspelling = 2001-02-03\n'
    )
    schema = load_schema(tmp_path)
    assert schema is not None and schema.keys["date"].spelling == "2001-02-03"


@pytest.mark.parametrize(
    "spelling", ["2001-02-03T04:05:06Z", "2001-02-03T04:05:06+08:00", "2001-02-03 04:05:06"]
)
def test_a_schema_spelling_written_as_a_toml_date_time_is_read_as_written(tmp_path, spelling):
    # 2001-02-03T04:05:06Z was read as 2001-02-03 04:05:06+00:00, and
    # fix --respell-dates then rewrote every article's date so
    (tmp_path / ".article-reader").mkdir()
    (tmp_path / ".article-reader" / "schema.toml").write_text(
        f'[keys.date]\ntype = "date"\nspelling = {spelling}\n\n'
        f"[folders.news.keys.date]\nspelling = {spelling}\n"
    )
    schema = load_schema(tmp_path)
    assert schema is not None and schema.keys["date"].spelling == spelling
    assert schema.folders["news"]["date"].spelling == spelling
