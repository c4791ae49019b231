"""Hostile site configurations and data files: nesting bombs, aliases that
hold themselves or expand to billions of values, huge files.  Each is one
problem naming the file, the site keeps its defaults, and nothing raises
(a value nested 900 levels deep used to stop ``render`` with a
RecursionError from copying the configuration)."""

from __future__ import annotations

import os

import pytest

from reader.core.article.codec import parse_article
from reader.core.library.sitecontext import site_context_for, site_problems
from reader.core.render.pipeline import render_article
from reader.core.site import detect
from reader.core.site.detect import (
    CONFIG_LIMIT,
    MAX_DEPTH,
    count_values,
    load_site,
    value_problem,
)
from tests.fixtures.sites import copy_site


@pytest.fixture
def jekyll(tmp_path):
    return copy_site("jekyll", tmp_path)


def _render(site_root):
    post = site_root / "_posts" / "2024-05-05-t.md"
    post.write_text("---\ntitle: t\n---\n{{ site.title }} [{{ site.a }}]\n")
    article = parse_article(post.read_bytes(), post)
    info = site_context_for(article)
    assert info is not None
    return info, render_article(article, site=info.context).html


def test_a_configuration_nested_900_levels_is_refused_not_a_recursion_error(jekyll):
    config = jekyll / "_config.yml"
    config.write_text("title: Deep\na: " + "[" * 900 + "]" * 900 + "\n")
    site = load_site(jekyll)
    assert site.problems == (f"{config}: the configuration nests deeper than {MAX_DEPTH} levels",)
    info, html = _render(jekyll)  # raised RecursionError (copy.deepcopy) before
    assert info.problems == site.problems
    assert "[]" in html  # the defaults: no title, no a


def test_a_mapping_nested_deeper_than_libyaml_allows_names_the_line(jekyll):
    config = jekyll / "_config.yml"
    config.write_text("title: x\na: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n")
    (problem,) = load_site(jekyll).problems
    assert problem.startswith(f"{config} line 2: invalid YAML: ")


def test_an_alias_inside_its_own_anchor_is_said_so(jekyll):
    config = jekyll / "_config.yml"
    config.write_text("title: x\nloop: &a [1, *a]\n")
    assert load_site(jekyll).problems == (
        f"{config}: the configuration holds itself (a YAML alias inside its own anchor)",
    )
    _render(jekyll)  # nothing walks it forever


def test_a_billion_laughs_is_measured_without_being_expanded(jekyll):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 40)]
    config = jekyll / "_config.yml"
    config.write_text("\n".join(lines) + "\n")
    # 10**40 values: walking them one by one would never end
    assert count_values(load_site(jekyll).config) <= 1
    assert load_site(jekyll).problems == (
        f"{config}: the configuration expands to more than 1,000,000 values",
    )


def test_count_values_counts_shared_values_each_time():
    shared = [1, 2, 3]
    assert count_values({"a": shared, "b": shared}) == 1 + 2 + 2 * 4
    assert count_values([shared] * 400_000) == 1_000_001  # just past the limit
    assert value_problem([[[1]]]) is None
    nested: list = []
    inner = nested
    for _ in range(MAX_DEPTH + 1):
        inner.append([])
        inner = inner[0]
    assert value_problem(nested) == f"nests deeper than {MAX_DEPTH} levels"


def test_a_data_file_nested_or_looping_is_skipped_with_its_name(jekyll):
    deep = jekyll / "_data" / "deep.json"
    deep.write_text("[\n" + "[" * 5000 + "]" * 5000 + "]")
    deep_toml = jekyll / "_data" / "deep.toml"
    deep_toml.write_text('a = 1\n# [[[[ not counted\nb = "[[[["\nc = ' + "[" * 200 + "]" * 200)
    looping = jekyll / "_data" / "looping.yml"
    looping.write_text("a: &a {b: *a}\n")
    bomb = jekyll / "_data" / "bomb.yml"
    bomb.write_text("a: &a [1, 2]\nb: &b [*a, *a]\n")  # small: read
    problems = site_problems(jekyll) or []
    assert f"{deep}:2: nests deeper than {MAX_DEPTH} levels" in problems
    assert f"{deep_toml}:4: nests deeper than {MAX_DEPTH} levels" in problems
    assert not any(str(bomb) in p for p in problems)
    assert not any("Recursion" in p for p in problems)


def test_a_toml_or_json_configuration_nested_too_deep_names_its_line(tmp_path):
    hugo = copy_site("hugo", tmp_path)
    for other in [*hugo.glob("hugo.*"), *hugo.glob("config.*")]:
        other.unlink()
    config = hugo / "hugo.toml"
    config.write_text('title = "x"\n\n[params]\ndeep = ' + "[" * 5000 + "]" * 5000 + "\n")
    assert load_site(hugo).problems == (
        f"{config} line 4: the configuration nests deeper than {MAX_DEPTH} levels",
    )
    config.unlink()
    config = hugo / "hugo.json"
    config.write_text('{\n"title": "[[[[[",\n"a": ' + "[" * 5000 + "]" * 5000 + "}")
    assert load_site(hugo).problems == (
        f"{config} line 3: the configuration nests deeper than {MAX_DEPTH} levels",
    )


def test_a_configuration_over_the_limit_is_not_read(jekyll):
    config = jekyll / "_config.yml"
    with open(config, "wb") as handle:
        handle.write(b"title: x\n")
        handle.truncate(CONFIG_LIMIT + 1)
    (problem,) = load_site(jekyll).problems
    assert problem.startswith(f"{config}: the configuration is too large to read (")


def test_the_configuration_is_parsed_once_until_it_changes(jekyll, monkeypatch):
    config = jekyll / "_config.yml"
    config.write_text("title: One\n")
    calls = []
    parse = detect.parse_config
    monkeypatch.setattr(detect, "parse_config", lambda *a: calls.append(a) or parse(*a))
    assert load_site(jekyll).config["title"] == "One"
    assert load_site(jekyll).config["title"] == "One"
    assert len(calls) == 1
    load_site(jekyll).config["title"] = "changed by a caller"  # (a copy)
    assert load_site(jekyll).config["title"] == "One"
    config.write_text("title: Two\n")
    st = config.stat()
    os.utime(config, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert load_site(jekyll).config["title"] == "Two"
    assert len(calls) == 2


def test_too_many_data_files_in_nested_folders_is_said_once(jekyll, monkeypatch):
    from reader.core.library import sitecontext

    monkeypatch.setattr(sitecontext, "MAX_DATA_FILES", 3)
    data = jekyll / "_data"
    for folder in ("a", "a/b", "a/b/c"):
        (data / folder).mkdir(parents=True, exist_ok=True)
        for name in ("x", "y"):
            (data / folder / f"{name}.yml").write_text("v: 1\n")
    problems = site_problems(jekyll) or []
    assert problems.count(f"{data}: more than 3 data files; the rest skipped") == 1


def test_data_files_past_the_time_allowed_are_skipped_and_said_once(jekyll, monkeypatch):
    from reader.core.library import sitecontext

    monkeypatch.setattr(sitecontext, "MAX_DATA_SECONDS", -1)  # (no timing: already past)
    (jekyll / "_data" / "sub").mkdir()
    (jekyll / "_data" / "sub" / "more.yml").write_text("v: 1\n")
    problems = site_problems(jekyll) or []
    said = [p for p in problems if "reading the data files took more than" in p]
    assert said == [
        f"{jekyll / '_data'}: reading the data files took more than -1 seconds; "
        "the rest skipped from menu.yml on"
    ]


def test_settings_that_are_ignored_name_their_line(jekyll, tmp_path):
    config = jekyll / "_config.yml"
    config.write_text("title: x\n\nexclude: 7\n'data_dir': ../../etc\n")
    assert load_site(jekyll).problems == (
        f"{config} line 3: exclude should be a list, not int; ignored",
        f"{config} line 4: data_dir '../../etc' leads out of the site; using '_data'",
    )
    hugo = copy_site("hugo", tmp_path)
    toml = hugo / "hugo.toml"
    toml.write_text('title = "x"\nContentDir = "/etc"\n[params]\n  mainSections = ["a/b"]\n')
    assert load_site(hugo).problems == (
        f"{toml} line 4: mainSections 'a/b' is not a section's name; ignored",
        f"{toml} line 2: contentDir '/etc' leads out of the site; using 'content'",
    )


def test_a_number_too_long_to_read_names_its_line(jekyll):
    config = jekyll / "_config.yml"
    config.write_text("title: x\nbig: " + "9" * 5000 + "\n")
    assert load_site(jekyll).problems == (
        f"{config} line 2: the configuration holds a number of more than 4,300 digits",
    )
    for name, text in (
        ("big.json", '{\n"a":\n' + "9" * 5000 + "}"),
        ("big.toml", "a = 1\n\nb = " + "9" * 5000),
    ):
        (jekyll / "_data" / name).write_text(text)
    problems = site_problems(jekyll) or []
    data = jekyll / "_data"
    assert f"{data / 'big.json'}:3: a number of more than 4,300 digits" in problems
    assert f"{data / 'big.toml'}:3: a number of more than 4,300 digits" in problems
