"""The site around a library: detection, configuration, what counts as an
article, scaffolds and file names (reader.core.site)."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from reader.core.library.facade import Library
from reader.core.site.detect import HEXO, HUGO, JEKYLL, find_site, load_site
from reader.core.site.scaffold import fill_placeholders, moment_format, scaffold_problems
from reader.core.site.scope import DRAFT, PAGE, POST, classify
from tests.fixtures.sites import copy_site

WHEN = datetime(2026, 1, 2, 3, 4, 5)


@pytest.fixture
def hexo(tmp_path):
    return copy_site("hexo", tmp_path)


def open_library(root, tmp_path):
    library = Library.open(root, tmp_path / "cache")
    library.refresh()
    return library


def test_hexo_configuration_is_read(hexo):
    site = find_site(hexo / "source" / "_posts" / "hello-world.md")
    assert site is not None and site.kind == HEXO and site.root == hexo.resolve()
    assert site.problems == ()
    assert (site.posts_dir, site.drafts_dir, site.scaffolds_dir) == (
        "source/_posts",
        "source/_drafts",
        "scaffolds",
    )
    assert site.post_asset_folder is True
    assert site.new_post_name == ":year-:month-:day-:title.md"
    assert site.default_category == "uncategorized"
    assert site.display_category("编程") == "programming"
    assert site.display_tag("Python3") == "python"
    assert site.display_tag("other") == "other"


def test_jekyll_and_hugo_configuration_is_read(tmp_path):
    jekyll = load_site(copy_site("jekyll", tmp_path))
    assert jekyll.kind == JEKYLL and jekyll.collections == ("_docs",)
    assert jekyll.exclude == ("Gemfile", "notes")
    hugo = load_site(copy_site("hugo", tmp_path))
    assert hugo.kind == HUGO and hugo.content_dir == "content"
    assert hugo.main_sections == ("posts",)
    assert hugo.scaffolds_dir == "archetypes"


@pytest.mark.parametrize("folder", ["src", "source"])
def test_a_jekyll_source_folder_holds_the_site(tmp_path, folder):
    # "source: src": its posts were not posts, and "source" made it a Hexo site
    root = tmp_path / "blog"
    (root / folder / "_posts").mkdir(parents=True)
    (root / folder / "_drafts").mkdir()
    (root / folder / "_data").mkdir()
    (root / "_config.yml").write_text(f"title: Blog\nsource: {folder}\n")
    site = load_site(root)
    assert site.kind == JEKYLL
    assert (site.posts_dir, site.drafts_dir) == (f"{folder}/_posts", f"{folder}/_drafts")
    assert site.data_dirs == (f"{folder}/_data",)
    assert classify(site, f"{folder}/_posts/2024-01-02-a.md") == POST
    assert classify(site, f"{folder}/_drafts/b.md") == DRAFT
    assert classify(site, f"{folder}/about.md") == PAGE
    (root / "_posts").mkdir()
    (root / "_config.yml").write_text("source: ../elsewhere\n")
    leading_out = load_site(root)
    assert "leads out of the site" in leading_out.problems[0]
    assert leading_out.posts_dir == "_posts"


@pytest.mark.parametrize(
    "text",
    ["title: [unclosed\n", "- a list\n- not a mapping\n", "\x00\x01binary", ""],
)
def test_a_broken_configuration_is_reported_and_changes_nothing(hexo, tmp_path, text):
    (hexo / "_config.yml").write_text(text)
    site = load_site(hexo)
    assert site.kind == HEXO and site.posts_dir == "source/_posts"
    if text:
        assert site.problems and str(hexo / "_config.yml") in site.problems[0]
    library = open_library(hexo, tmp_path)
    assert {s.path for s in library.query()} >= {"source/_posts/hello-world.md"}


def test_invalid_yaml_configuration_names_its_line(hexo):
    (hexo / "_config.yml").write_text("title: x\nurl: [\n")
    (problem,) = load_site(hexo).problems
    assert "line 3" in problem or "line 2" in problem


def test_what_counts_as_an_article_in_a_hexo_site(hexo, tmp_path):
    library = open_library(hexo, tmp_path)
    listed = sorted(s.path for s in library.query())
    assert listed == [
        "source/_drafts/my-draft.md",
        "source/_posts/hello-world.md",
        "source/_posts/second.md",
        "source/about/index.md",
    ]
    # scaffolds, README, robots.txt, themes, node_modules: none is listed or reported
    assert library.count() == 4
    assert not any(s.path.startswith("scaffolds") for s in library.query())
    site = library.site
    assert site is not None
    assert classify(site, "source/_posts/hello-world.md") == POST
    assert classify(site, "source/_drafts/my-draft.md") == DRAFT
    assert classify(site, "source/about/index.md") == PAGE
    for rel in ("scaffolds/post.md", "README.md", "source/robots.txt", "themes/x/README.md"):
        assert classify(site, rel) is None
    # a single file added later follows the same rule
    (hexo / "scaffolds" / "extra.md").write_text("---\ntitle: {{ title }}\n---\n")
    (hexo / "source" / "_posts" / "new.md").write_text("---\ntitle: New\n---\n")
    library.update_paths(["scaffolds/extra.md", "source/_posts/new.md"])
    assert library.count() == 5


def test_what_counts_in_jekyll_and_hugo(tmp_path):
    jekyll = open_library(copy_site("jekyll", tmp_path), tmp_path / "j")
    assert sorted(s.path for s in jekyll.query()) == [
        "_docs/install.md",
        "_drafts/a-draft.md",
        "_posts/2024-03-04-welcome.md",
        "about.md",
    ]
    hugo = open_library(copy_site("hugo", tmp_path), tmp_path / "h")
    assert sorted(s.path for s in hugo.query()) == [
        "content/docs/_index.md",
        "content/docs/guide.md",
        "content/posts/first.md",
        "content/posts/wip.md",
    ]
    assert hugo.site is not None
    assert classify(hugo.site, "content/posts/first.md") == POST
    assert classify(hugo.site, "content/docs/guide.md") == PAGE
    assert classify(hugo.site, "archetypes/default.md") is None


def test_a_plain_folder_keeps_todays_behaviour(tmp_path):
    (tmp_path / "lib").mkdir()
    for name in ("README.md", "notes.txt", "scaffolds.md"):
        (tmp_path / "lib" / name).write_text("---\ntitle: x\n---\n")
    library = open_library(tmp_path / "lib", tmp_path)
    assert library.site is None
    assert library.count() == 3


def test_the_hexo_scaffold_makes_the_new_article(hexo, tmp_path):
    library = open_library(hexo, tmp_path)
    plan = library.plan_site_article("Hello, 世界: a test", now=WHEN)
    assert plan is not None
    assert plan.folder == "source/_posts"
    assert plan.name == "2026-01-02-Hello-世界-a-test"  # (Hexo keeps the case: filename_case 0)
    assert plan.data == (
        b"---\ntitle: 'Hello, \xe4\xb8\x96\xe7\x95\x8c: a test'\ndate: 2026-01-02 03:04:05\n"
        b"tags:\ncategories:\n---\n"
    )
    path = library.create_planned(plan)
    assert path == "source/_posts/2026-01-02-Hello-世界-a-test.md"
    article = library.load(path)
    assert article.title == "Hello, 世界: a test"
    assert article.date is not None and article.date.value == WHEN
    draft = library.plan_site_article("Later", draft=True, now=WHEN)
    assert draft is not None and draft.folder == "source/_drafts" and draft.name == "Later"
    assert draft.data == b"---\ntitle: Later\ntags:\n---\n"


def test_the_hugo_archetype_makes_the_new_article(tmp_path):
    library = open_library(copy_site("hugo", tmp_path), tmp_path)
    plan = library.plan_site_article("It's new", now=WHEN.astimezone())
    assert plan is not None and plan.folder == "content/posts" and plan.name == "it-s-new"
    path = library.create_planned(plan)
    article = library.load(path)
    assert not article.problems
    assert article.metadata["draft"] is True
    assert article.title == "It's new"  # quoted the way TOML needs
    assert article.date is not None


def test_jekyll_has_no_scaffold_so_the_library_habits_decide(tmp_path):
    library = open_library(copy_site("jekyll", tmp_path), tmp_path)
    plan = library.plan_site_article("A new post", now=WHEN)
    assert plan is not None
    assert (plan.folder, plan.name) == ("_posts", "2026-01-02-a-new-post")
    assert plan.data == library.plan_new_article("A new post", now=WHEN).data
    assert plan.data.startswith(b"---\n")
    draft = library.plan_site_article("Later", draft=True, now=WHEN)
    assert draft is not None and (draft.folder, draft.name) == ("_drafts", "later")


def test_folders_that_lead_out_of_the_site_are_refused(tmp_path):
    hexo = copy_site("hexo", tmp_path)
    (hexo / "_config.yml").write_text("source_dir: ../../etc\n")
    site = load_site(hexo)
    assert site.content_dir == "source" and "leads out of the site" in site.problems[0]
    hugo = copy_site("hugo", tmp_path)
    (hugo / "hugo.toml").write_text("contentDir = '/etc'\n")
    site = load_site(hugo)
    assert site.content_dir == "content" and "leads out of the site" in site.problems[0]


@pytest.mark.parametrize("spelled", ["./source", "source/", "./source/", "source//", "./source/."])
def test_folders_spelled_with_dots_or_slashes_are_the_same_folders(tmp_path, spelled):
    # "./content" was compared as written: the site held no article at all
    hexo = copy_site("hexo", tmp_path / "hexo")
    (hexo / "_config.yml").write_text(f"source_dir: {spelled}\n")
    site = load_site(hexo)
    assert site.content_dir == "source" and not site.problems
    assert classify(site, "source/_posts/hello-world.md") == POST
    assert classify(site, "source/_drafts/my-draft.md") == DRAFT
    hugo = copy_site("hugo", tmp_path / "hugo")
    (hugo / "hugo.toml").write_text(f"contentDir = '{spelled.replace('source', 'content')}'\n")
    site = load_site(hugo)
    assert site.content_dir == "content" and not site.problems
    assert classify(site, "content/posts/x.md") == POST


def test_a_content_folder_of_dot_is_the_site_itself(tmp_path):
    hugo = copy_site("hugo", tmp_path)
    (hugo / "hugo.toml").write_text("contentDir = '.'\n")
    site = load_site(hugo)
    assert site.content_dir == "" and not site.problems
    assert classify(site, "posts/x.md") == POST


def test_a_hexo_source_of_dot_is_the_site_itself(tmp_path):
    # "." gave posts in "/_posts", and every file was out of the site
    hexo = copy_site("hexo", tmp_path)
    (hexo / "_config.yml").write_text("source_dir: .\n")
    site = load_site(hexo)
    assert (site.content_dir, site.posts_dir, site.drafts_dir) == ("", "_posts", "_drafts")
    assert classify(site, "_posts/x.md") == POST
    assert classify(site, "_drafts/y.md") == DRAFT
    assert classify(site, "about/index.md") == PAGE
    assert classify(site, "scaffolds/post.md") is None
    assert classify(site, "README.md") is None


def test_placeholders_and_date_spelling():
    assert moment_format(WHEN, "YYYY/M/D [at] HH:mm") == "2026/1/2 at 03:04"
    text = '---\ntitle: {{ title }}\nsub: "{{ title }}"\nslug: {{ slug }}\nx: {{ unknown }}\n---\n'
    filled = fill_placeholders(text, {"title": 'a: "b"', "slug": "a-b"}, "yaml")
    assert filled == (  # (one not known here: empty, as Hexo fills it)
        '---\ntitle: \'a: "b"\'\nsub: "a: \\"b\\""\nslug: a-b\nx:\n---\n'
    )
    # a scaffold of a body alone: the title as typed
    body = fill_placeholders("# {{ title }}\nOn {{ title }}.\n", {"title": "a: b"}, "yaml")
    assert body == "# a: b\nOn a: b.\n"


_SCAFFOLDS = [
    ('---\ntitle: "{{ title }} | My Blog"\ndate: {{ date }}\n---\n# {{ title }}\n', "{} | My Blog"),
    ("---\ntitle: '{{ title }} - blog'\n---\n", "{} - blog"),
    ("---\ntitle: {{ title }}\n---\n", "{}"),
    ("---\ntitle: My {{ title }} post # a comment\n---\n", "My {} post"),
    ("+++\ntitle = 'Post: {{ title }}'\ndate = {{ .Date }}\n+++\n", "Post: {}"),
    ('+++\ntitle = "{{ replace .File.ContentBaseName "-" " " | title }}"\n+++\n', "{}"),
    ('+++\ntitle = \'{{ replace .File.ContentBaseName "-" " " | title }}\'\n+++\n', "{}"),
    (';;;\n{"title": "{{ title }} ({{ slug }})"}\n;;;\n', "{} (s)"),
    # (the review: a flow mapping, block scalars, TOML's triple quotes, a date beside)
    ('---\nmeta: {t: "{{ title }}"}\ntitle: "{{ title }}"\n---\n', "{}"),
    ("---\ntitle: >-\n  {{ title }}\ndate: {{ date }}\n---\n", "{}"),
    ("---\ntitle: |-\n  {{ title }}\n---\n", "{}"),
    ("+++\ntitle = '''{{ .Title }}'''\n+++\n", "{}"),
    ('+++\ntitle = """{{ .Title }}"""\n+++\n', "{}"),
    ("---\ntitle: {{ date }} {{ title }}\n---\n", "2024-01-02 03:04:05 {}"),
]


_TITLES = ["Hello: world", 'The "best" tool', "C:\\temp paths", "It's", "yes", "tab\there", "日本"]


@pytest.mark.parametrize(("scaffold", "expected"), _SCAFFOLDS)
@pytest.mark.parametrize("title", _TITLES)
def test_a_title_inside_a_scaffold_s_quotes_reads_back_as_typed(scaffold, expected, title):
    # put in with YAML's own quotes inside the scaffold's: "'Hello: world' |
    # My Blog", invalid YAML for The "best" tool, a tab for C:\temp
    from reader.core.article.codec import parse_article

    values = {"title": title, "date": "2024-01-02 03:04:05", "slug": "s"}
    filled = fill_placeholders(scaffold, values, "yaml")
    article = parse_article(filled.encode(), "new.md")
    assert not article.problems, filled
    assert article.metadata["title"] == expected.format(title), filled
    if scaffold.endswith("# {{ title }}\n"):
        assert filled.endswith(f"# {title}\n")  # (the body as typed)


def test_scaffold_problems_are_found(hexo):
    site = load_site(hexo)
    assert scaffold_problems(site) == []
    (hexo / "scaffolds" / "broken.md").write_text("---\ntitle: {{ title }}\nx: [\n---\n")
    (problem,) = scaffold_problems(site)
    assert problem[0].name == "broken.md" and "scaffold" in problem[2]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_among_the_scaffolds_is_reported_not_read(hexo, tmp_path):
    from tests.core.guards import finishes

    site = load_site(hexo)
    post = hexo / "scaffolds" / "post.md"
    post.unlink()
    os.mkfifo(post)
    (hexo / "scaffolds" / "folder.md").mkdir()
    found = finishes(scaffold_problems, site)
    assert found == [
        (hexo / "scaffolds" / "folder.md", None, "the scaffold is a folder; skipped"),
        (post, None, "the scaffold is a FIFO (named pipe), not a regular file; skipped"),
    ]
    library = open_library(hexo, tmp_path)  # a new post: the built-in scaffold, at once
    plan = finishes(library.plan_site_article, "Hello")
    assert plan is not None and b"title: Hello\n" in plan.data


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_scaffold_linked_outside_the_site_is_never_copied_into_an_article(hexo, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: {{ title }}\ntoken: hunter2\n---\n")
    post = hexo / "scaffolds" / "post.md"
    post.unlink()
    post.symlink_to(secret)
    inside = hexo / "scaffolds" / "inside.md"  # a link within the site is the site's own
    inside.symlink_to(hexo / "scaffolds" / "draft.md")
    found = scaffold_problems(load_site(hexo))
    assert (post, None, "the scaffold is a link to outside the site; skipped") in found
    assert not [problem for problem in found if problem[0] == inside]
    library = open_library(hexo, tmp_path)
    plan = library.plan_site_article("Hello", now=WHEN)
    assert plan is not None and b"title: Hello\n" in plan.data and b"hunter2" not in plan.data
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "post.md").symlink_to(secret)
    shutil.rmtree(hexo / "scaffolds")
    (hexo / "scaffolds").symlink_to(outside)  # the whole folder a link out of the site
    found = scaffold_problems(load_site(hexo))
    assert found and all("outside the site" in problem[2] for problem in found)
    plan = library.plan_site_article("Hello", now=WHEN)
    assert plan is not None and b"title: Hello\n" in plan.data and b"hunter2" not in plan.data


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ("fifo", "a FIFO (named pipe), not a regular file"),
        ("folder", "a folder"),
        ("dangling", "a symbolic link to nothing"),
        ("link to a fifo", "a FIFO (named pipe), not a regular file"),
    ],
)
def test_a_scaffold_that_cannot_be_used_is_said_when_an_article_is_made(hexo, kind, why):
    from reader.core.site.scaffold import plan_site_article

    post = hexo / "scaffolds" / "post.md"
    post.unlink()
    if kind == "fifo":
        os.mkfifo(post)
    elif kind == "folder":
        post.mkdir()
    elif kind == "dangling":
        post.symlink_to(hexo / "scaffolds" / "nothing.md")
    else:
        os.mkfifo(hexo / "scaffolds" / "pipe")
        post.symlink_to(hexo / "scaffolds" / "pipe")
    plan = plan_site_article(load_site(hexo), "Hello", WHEN)
    assert plan is not None and b"title: Hello\n" in plan.data  # the built-in scaffold
    assert plan.problems == (f"{post}: the scaffold is {why}; skipped",)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_scaffold_swapped_for_a_link_after_its_check_is_not_read(hexo, tmp_path, monkeypatch):
    """The check and the read of a scaffold are not one step: a link put in
    its place in between is refused by the read itself."""
    import reader.core.site.scaffold as scaffold_module

    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: {{ title }}\ntoken: hunter2\n---\n")
    checked = scaffold_module.within

    def check_then_swap(path, boundary):
        answer = checked(path, boundary)
        swap = Path(f"{path}.swap")
        swap.symlink_to(secret)
        os.replace(swap, path)
        return answer

    monkeypatch.setattr(scaffold_module, "within", check_then_swap)
    plan = scaffold_module.plan_site_article(load_site(hexo), "Hello", WHEN)
    assert plan is not None and b"hunter2" not in plan.data
    assert plan.problems and "skipped" in plan.problems[0]


def test_post_asset_images_resolve_on_the_site_root(hexo, tmp_path):
    from reader.core.render.pipeline import render_article

    library = open_library(hexo, tmp_path)
    article = library.load("source/_posts/hello-world.md")
    html = render_article(article, library_root=library.root).html
    assert f'src="file://{hexo.resolve()}/source/_posts/hello-world/cat.png"' in html
    (hexo / "source/_posts/hello-world.md").write_text(
        "---\ntitle: x\n---\n![p]({% asset_path cat.png %})\n"
    )
    article = library.load("source/_posts/hello-world.md")
    html = render_article(article, library_root=library.root).html
    assert f'src="file://{hexo.resolve()}/source/_posts/hello-world/cat.png"' in html
    # the draft's asset folder moves with it when it is published, and still resolves
    new = library.publish("source/_drafts/my-draft.md", now=WHEN)
    assert (hexo / new).with_suffix("").joinpath("pic.png").is_file()


def test_jekyll_defaults_provide_keys(tmp_path):
    from reader.core.site.schema import KeyRule, Schema, check_article

    root = copy_site("jekyll", tmp_path)
    site = load_site(root)
    assert site.defaults == (("", "posts", ("layout",)),)
    assert site.default_keys("_posts/2024-03-04-welcome.md", POST) == {"layout"}
    assert site.default_keys("about.md", PAGE) == frozenset()
    (root / "_posts" / "2024-05-05-bare.md").write_text("---\ntitle: Bare\n---\n")
    library = open_library(root, tmp_path)
    schema = Schema({"layout": KeyRule("layout", "string", required=True)}, 2)
    library.save_schema(schema)
    groups = library.site_groups()
    assert groups is not None
    assert "_posts/2024-05-05-bare.md" not in groups.warnings  # the defaults give it a layout
    bare = library.load("_posts/2024-05-05-bare.md")
    assert [f.key for f in check_article(schema, "x", bare)] == ["layout"]


def test_hugo_page_bundle_and_jekyll_images_resolve(tmp_path):
    from reader.core.render.pipeline import render_article

    hugo = copy_site("hugo", tmp_path)
    bundle = hugo / "content/posts/bundle"
    bundle.mkdir()
    (bundle / "index.md").write_text("---\ntitle: Bundle\n---\n![a](cat.png)\n")
    (bundle / "cat.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    library = open_library(hugo, tmp_path / "h")
    html = render_article(library.load("content/posts/bundle/index.md"), library_root=hugo).html
    assert f'src="file://{hugo.resolve()}/content/posts/bundle/cat.png"' in html
    jekyll = copy_site("jekyll", tmp_path)
    (jekyll / "assets").mkdir()
    (jekyll / "assets" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    post = jekyll / "_posts/2024-03-04-welcome.md"
    post.write_text(post.read_text() + "![p](/assets/pic.png)\n![q](../assets/pic.png)\n")
    library = open_library(jekyll, tmp_path / "j")
    html = render_article(library.load(post), library_root=jekyll).html
    assert f"file://{jekyll.resolve()}/assets/pic.png" in html


@pytest.mark.parametrize(
    ("files", "title"),
    [
        ({"hugo.yml": "title: YML\n", "content/posts/p.md": "x"}, "YML"),
        ({"config.yml": "title: Old\n", "content/posts/p.md": "x"}, "Old"),
        ({"hugo.toml": 'title = "Src"\ncontentDir = "src"\n', "src/posts/p.md": "x"}, "Src"),
        ({"config/_default/hugo.json": '{"title": "J"}', "content/posts/p.md": "x"}, "J"),
    ],
)
def test_every_hugo_configuration_hugo_reads_makes_a_site(tmp_path, files, title):
    # hugo.yml, a contentDir with no content/ beside it and
    # config/_default/hugo.json were no site: shortcodes shown raw, publish refused
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    site = find_site(tmp_path / next(n for n in files if n.endswith("p.md")))
    assert site is not None and site.kind == HUGO and site.root == tmp_path.resolve()
    assert site.config.get("title") == title and not site.problems


@pytest.mark.parametrize(
    "pattern", ['"a\\0:title.md"', '":year/\\0/:title.md"', '":title\\x01.md"']
)
def test_a_post_name_holding_a_control_character_falls_back_to_the_slug(hexo, tmp_path, pattern):
    # (review) every write of the new article failed with "embedded null byte"
    config = hexo / "_config.yml"
    config.write_text(config.read_text() + f"new_post_name: {pattern}\n", encoding="utf-8")
    library = open_library(hexo, tmp_path)
    plan = library.plan_site_article("Hello There", now=WHEN)
    assert plan is not None
    rel = library.create_planned(plan)
    assert rel.rpartition("/")[2] == "Hello-There.md"
    assert (hexo / rel).is_file()


@pytest.mark.parametrize("title", ["a\x7fb", "line1\nline2", "a\x85b\u2028c", "tab\there"])
@pytest.mark.parametrize("site", ["hexo", "hugo", "hexo-block"])
def test_a_title_pasted_with_control_characters_makes_front_matter_that_reads(
    tmp_path, site, title
):
    # (adversarial review) U+007F went raw into TOML (which forbids it), and a
    # line break into a Hexo scaffold's "title: >-" block: the new article's
    # front matter did not read (no title, an error)
    root = copy_site("hugo" if site == "hugo" else "hexo", tmp_path)
    if site == "hexo-block":
        (root / "scaffolds" / "post.md").write_text(
            "---\ntitle: >-\n  {{ title }}\ndate: {{ date }}\n---\n", encoding="utf-8"
        )
    library = open_library(root, tmp_path)
    plan = library.plan_site_article(title, now=WHEN.astimezone())
    assert plan is not None
    article = library.load(library.create_planned(plan))
    assert not article.errors
    expected = title
    for char in "\x7f\n\x85\u2028\t":
        expected = expected.replace(char, " ")
    assert article.title == expected


def test_a_title_keeps_its_own_blanks_in_a_scaffold(hexo, tmp_path):
    # (review) the line breaks' fix made U+3000 and U+00A0 plain spaces
    library = open_library(hexo, tmp_path)
    plan = library.plan_site_article("第一章\u3000始まり  Bonjour\xa0!", now=WHEN)
    assert plan is not None
    assert library.load(library.create_planned(plan)).title == "第一章\u3000始まり  Bonjour\xa0!"


def test_a_jekyll_site_with_collections_dir_is_a_site(tmp_path):
    # (site attack) its posts in coll/_posts: "not inside a Hexo, Jekyll or Hugo site"
    root = tmp_path / "site"
    (root / "coll" / "_posts").mkdir(parents=True)
    (root / "coll" / "_drafts").mkdir()
    (root / "_config.yml").write_text("collections_dir: coll\n", encoding="utf-8")
    site = find_site(root / "coll" / "_drafts")
    assert site is not None and site.kind == JEKYLL
    assert (site.posts_dir, site.drafts_dir) == ("coll/_posts", "coll/_drafts")


def test_a_hexo_site_configured_in_json_is_a_site(tmp_path):
    # (site attack) Hexo reads any _config.*: _config.json made no site
    root = tmp_path / "site"
    for folder in ("source/_posts", "source/_drafts", "scaffolds"):
        (root / folder).mkdir(parents=True)
    (root / "_config.json").write_text('{"title": "x", "new_post_name": ":title.md"}')
    site = find_site(root)
    assert site is not None and site.kind == HEXO and site.config["title"] == "x"


@pytest.mark.parametrize("key", ["mainSections", "mainsections", "MAINSECTIONS"])
def test_hugo_main_sections_are_read_in_any_case(tmp_path, key):
    # (site attack) only mainSections was read: new posts went to content/posts
    root = tmp_path / "site"
    (root / "content" / "notes").mkdir(parents=True)
    (root / "hugo.toml").write_text(f'[params]\n{key} = ["notes"]\n', encoding="utf-8")
    (root / "content" / "notes" / "n.md").write_text("---\ntitle: N\n---\nx\n")
    site = find_site(root)
    assert site is not None and site.main_sections == ("notes",)
    assert classify(site, "content/notes/n.md") == POST


@pytest.mark.parametrize(
    ("kind", "scaffold", "keys"),
    [
        (
            "hexo",
            "---\ntitle: {{ title }}\ndate: {{ date }}\nauthor: {{ author }}\ntags:\n---\n",
            {"author": None},
        ),
        (
            "hexo",
            "---\ntitle: '{{ title }}'\nsee: \"{{ unknown }} here\"\nlist: [{{ x }}]\n---\n",
            {"see": " here", "list": [""]},
        ),
        (
            "hugo",
            '+++\ntitle = "{{ .Title }}"\nauthor = "{{ .Site.Params.author }}"\n'
            "n = {{ .Params.n }}\n+++\n",
            {"author": "", "n": ""},
        ),
        (
            "hugo",
            '---\ntitle: "{{ .Title }}"\nlastmod: {{ now.Format "2006-01-02" }}\n---\n',
            {"lastmod": None},
        ),
    ],
)
def test_a_placeholder_not_known_here_is_left_empty_in_the_front_matter(
    tmp_path, kind, scaffold, keys
):
    # (site attack) "author: {{ author }}" was written as it was: invalid
    # YAML, the new article had no title and an error
    root = copy_site(kind, tmp_path)
    if kind == "hexo":
        (root / "scaffolds" / "post.md").write_text(scaffold, encoding="utf-8")
    else:
        (root / "archetypes").mkdir(exist_ok=True)
        (root / "archetypes" / "default.md").write_text(scaffold, encoding="utf-8")
        for other in (root / "archetypes").glob("*.md"):
            if other.name != "default.md":
                other.unlink()
    library = open_library(root, tmp_path)
    plan = library.plan_site_article("Hello World", now=WHEN.astimezone())
    assert plan is not None
    article = library.load(library.create_planned(plan))
    assert not article.errors, article.errors
    assert article.title == "Hello World"
    assert {key: article.metadata.get(key) for key in keys} == keys


@pytest.mark.parametrize(
    ("pattern", "post"),
    [
        (":year:month:day-:title.md", "source/_posts/20200229-dated.md"),
        (":year/:month/:day-:title.md", "source/_posts/2020/02/29-dated.md"),
        (":title-:year.md", "source/_posts/dated-2020.md"),
    ],
)
def test_unpublish_then_publish_gives_the_same_names(hexo, tmp_path, pattern, post):
    # (site attack) unpublished, the post kept what new_post_name added to
    # its name: each round trip made it longer (20200229-20200229-dated.md)
    config = hexo / "_config.yml"
    config.write_text(config.read_text() + f'new_post_name: "{pattern}"\n', encoding="utf-8")
    (hexo / "source" / "_drafts" / "dated.md").write_text(
        "---\ntitle: dated\ndate: 2020-02-29 23:30:00\n---\nx\n", encoding="utf-8"
    )
    (hexo / "source" / "_drafts" / "dated").mkdir()
    (hexo / "source" / "_drafts" / "dated" / "a.png").write_bytes(b"png")
    library = open_library(hexo, tmp_path)
    for _ in range(2):
        assert library.publish("source/_drafts/dated.md", now=WHEN) == post
        assert (hexo / post.rpartition(".")[0] / "a.png").is_file()
        assert library.publish(post, publish=False) == "source/_drafts/dated.md"
        assert (hexo / "source" / "_drafts" / "dated" / "a.png").is_file()


def test_jekyll_defaults_by_collection_type_and_by_glob_give_their_keys(tmp_path):
    # (site attack) "the required key 'layout' is missing" where Jekyll's
    # defaults give it: a scope's type may be a collection's name, its path
    # a glob
    root = tmp_path / "site"
    for folder in ("_posts", "_docs", "_notes"):
        (root / folder).mkdir(parents=True)
    (root / "_config.yml").write_text(
        "collections:\n  docs: {output: true}\n  notes: {output: true}\ndefaults:\n"
        '  - scope: {path: "", type: docs}\n    values: {layout: doc}\n'
        '  - scope: {path: "_posts/*"}\n    values: {author: me}\n',
        encoding="utf-8",
    )
    site = find_site(root)
    assert site is not None
    assert site.default_keys("_docs/d.md", classify(site, "_docs/d.md")) == {"layout"}
    assert site.default_keys("_notes/n.md", classify(site, "_notes/n.md")) == frozenset()
    assert site.default_keys("_posts/2020-01-01-p.md", POST) == {"author"}
    assert site.default_keys("_posts/y/2020-01-01-p.md", POST) == {"author"}
    assert site.default_keys("about.md", PAGE) == frozenset()


@pytest.mark.parametrize(
    ("case", "name"),
    [
        (None, "My-New-Post-中文"),
        (0, "My-New-Post-中文"),
        (1, "my-new-post-中文"),
        (2, "MY-NEW-POST-中文"),
    ],
)
def test_a_new_hexo_post_is_named_in_the_case_filename_case_says(hexo, tmp_path, case, name):
    # (window attack) every name was lowercased; hexo new keeps the title's
    # case unless filename_case says 1 (lower) or 2 (upper)
    config = hexo / "_config.yml"
    text = config.read_text(encoding="utf-8") + "new_post_name: :title.md\n"
    if case is not None:
        text += f"filename_case: {case}\n"
    config.write_text(text, encoding="utf-8")
    library = open_library(hexo, tmp_path)
    plan = library.plan_site_article("My New: Post 中文", now=WHEN)
    assert plan is not None and plan.name == name


def test_hugo_params_files_join_the_params_table_in_any_case(tmp_path):
    # params.toml went into a "params" table of its own beside the
    # configuration's [Params] (Hugo reads its keys in any case)
    default = tmp_path / "config" / "_default"
    default.mkdir(parents=True)
    (tmp_path / "content").mkdir()
    (default / "hugo.toml").write_text('[Params]\nFoo = "A"\n', encoding="utf-8")
    (default / "params.toml").write_text('bar = "B"\n', encoding="utf-8")
    site = load_site(tmp_path)
    assert site.config == {"Params": {"Foo": "A", "bar": "B"}}


def test_a_hugo_content_folder_named_in_the_configuration_folder_makes_a_site(tmp_path):
    # config/_default/hugo.toml alone, its contentDir "src" and no content/: no site
    (tmp_path / "config" / "_default").mkdir(parents=True)
    (tmp_path / "config" / "_default" / "hugo.toml").write_text(
        'title = "Dir"\ncontentDir = "src"\n', encoding="utf-8"
    )
    (tmp_path / "src" / "posts").mkdir(parents=True)
    (tmp_path / "src" / "posts" / "p.md").write_text("x\n", encoding="utf-8")
    site = find_site(tmp_path / "src" / "posts" / "p.md")
    assert site is not None and site.kind == HUGO and site.root == tmp_path.resolve()
    assert site.content_dir == "src" and not site.problems


def test_hugo_params_files_join_a_configuration_of_the_root(tmp_path):
    # beside a root hugo.toml, config/_default/params.toml was not read
    (tmp_path / "content").mkdir()
    (tmp_path / "hugo.toml").write_text('title = "T"\n[params]\nfoo = "A"\n', encoding="utf-8")
    (tmp_path / "config" / "_default").mkdir(parents=True)
    (tmp_path / "config" / "_default" / "params.toml").write_text('bar = "B"\n', encoding="utf-8")
    site = load_site(tmp_path)
    assert site.config == {"title": "T", "params": {"foo": "A", "bar": "B"}}
    assert not site.problems
