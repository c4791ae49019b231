"""What Jekyll and Hugo templates see of a page and a site: plain values only,
printed as the site's generator prints them (never a Python ``repr``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from reader.core.article.codec import load_article
from reader.core.library.sitecontext import site_context_for
from reader.core.render.pipeline import render_article
from reader.core.render.sitetemplates import page_of


def _jekyll(root: Path, name: str, text: str, config: str = "title: x\ntimezone: UTC\n"):
    (root / "_config.yml").write_text(config, encoding="utf-8")
    (root / "_posts").mkdir(exist_ok=True)
    post = root / "_posts" / name
    post.write_text(text, encoding="utf-8")
    return post


def _render(path: Path):
    article = load_article(path)
    info = site_context_for(article)
    assert info is not None
    return render_article(article, site=info.context)


REPR = re.compile(r"ParsedDate|DateStyle|datetime\.|b&#x27;|b'|\{&#x27;|\{'|\(&#x27;|\('")


def test_page_date_from_the_file_name_is_a_jekyll_time(tmp_path):
    post = _jekyll(
        tmp_path,
        "2024-03-01-d.md",
        '---\ntitle: d\n---\nA {{ page.date }} B\n\nC {{ page.date | date: "%B %d, %Y" }} D\n',
    )
    result = _render(post)
    body = result.body_html
    assert "<p>A 2024-03-01 00:00:00 +0000 B</p>" in body
    assert "<p>C March 01, 2024 D</p>" in body
    assert not REPR.search(body)
    assert result.problems == []


def test_page_of_gives_the_date_itself(tmp_path):
    post = _jekyll(tmp_path, "2024-03-01-d.md", "---\ntitle: d\n---\nbody {{ x }}\n")
    page = page_of(load_article(post))
    assert page["date"] == dt.date(2024, 3, 1)
    assert type(page["date"]) is dt.date


def test_page_date_is_in_the_site_s_time_zone(tmp_path):
    post = _jekyll(
        tmp_path,
        "2024-03-01-d.md",
        "---\ntitle: d\ndate: 2024-03-01 10:00:00 +01:00\n---\n"
        '{{ page.date }} / {{ page.date | date: "%H:%M %z" }} / '
        "{{ page.date | date_to_xmlschema }}\n",
        config="title: x\ntimezone: Asia/Tokyo\n",
    )
    body = _render(post).body_html
    assert "2024-03-01 18:00:00 +0900 / 18:00 +0900 / 2024-03-01T18:00:00+09:00" in body


def test_a_front_matter_date_alone_is_midnight(tmp_path):
    post = _jekyll(
        tmp_path, "2024-03-01-d.md", "---\ntitle: d\ndate: 2023-12-24\n---\n{{ page.date }}\n"
    )
    assert "<p>2023-12-24 00:00:00 +0000</p>" in _render(post).body_html


def test_site_time_is_printed_as_jekyll_prints_it(tmp_path):
    post = _jekyll(tmp_path, "2024-03-01-d.md", "---\ntitle: d\n---\n[{{ site.time }}]\n")
    body = _render(post).body_html
    assert re.search(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000\]", body), body


def test_yaml_binary_sets_and_pairs_are_plain_values(tmp_path):
    post = _jekyll(
        tmp_path,
        "2024-03-01-d.md",
        "---\ntitle: d\nbin: !!binary aGVsbG8=\nst: !!set {b, a}\n"
        "om: !!omap [{a: 1}, {b: 2}]\n---\n"
        "bin={{ page.bin }} st={{ page.st | join: ',' }} om={{ page.om }} "
        "first={{ page.om | first | join: '=' }} json={{ page | jsonify }} "
        "data={{ site.data.d.bin }} {{ site.data.d.st | join: ',' }}\n",
    )
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "d.yml").write_text("bin: !!binary d29ybGQ=\nst: !!set {y, x}\n")
    body = _render(post).body_html
    assert "bin=hello st=a,b om=a1b2 first=a=1" in body
    assert "data=world x,y" in body
    assert "&quot;bin&quot;: &quot;hello&quot;" in body
    assert not REPR.search(body), body


def test_nested_lists_and_mappings_print_as_liquid_prints_them(tmp_path):
    post = _jekyll(
        tmp_path,
        "2024-03-01-d.md",
        "---\ntitle: d\nm: [[1, 2], [3, [4]]]\nh: {a: [1, null]}\n---\n"
        "m={{ page.m }} h={{ page.h }} inf={{ page.inf }}\n",
    )
    text = post.read_text().replace("h: {", "inf: .inf\nh: {")
    post.write_text(text)
    body = _render(post).body_html
    assert "m=1234 h={&quot;a&quot;=&gt;[1, nil]} inf=Infinity" in body


def test_hugo_param_of_a_page_dated_by_its_file_is_its_date(tmp_path):
    (tmp_path / "hugo.toml").write_text("title = 'x'\n")
    (tmp_path / "content").mkdir()
    page = tmp_path / "content" / "p.md"
    page.write_text(
        "---\ntitle: P\nbin: !!binary aGVsbG8=\n---\n"
        "date={{< param date >}} bin={{< param bin >}}\n"
    )
    article = load_article(page)
    assert article.date is not None and article.date_source == "file-time"
    body = _render(page).body_html
    expected = article.date.value
    assert f"date={expected}" in body
    assert "bin=hello" in body
    assert not REPR.search(body), body
