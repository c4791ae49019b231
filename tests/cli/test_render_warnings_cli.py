"""``render`` says on stderr what rendering found (a template's notices), as
``FILE:LINE: warning: message``, without changing stdout or the exit code."""

from __future__ import annotations

from reader.cli import main
from reader.core.article.codec import load_article
from reader.core.library.sitecontext import site_context_for
from reader.core.render.pipeline import render_article


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_render_prints_liquid_notices_on_stderr(capsys, tmp_path):
    (tmp_path / "_config.yml").write_text("title: T\n")
    (tmp_path / "_posts").mkdir()
    post = tmp_path / "_posts" / "2024-03-01-d.md"
    post.write_text(
        "---\ntitle: d\n---\nTitle: {{ page.title }}\n\n{{ x | nosuch }}\n\n"
        "{{ '99999999999999999' | date: '%Y' }}\n"
    )
    code, out, err = run(capsys, "render", str(post), "--library", str(tmp_path))
    assert code == 0, "warnings never change the exit code"
    assert err.splitlines() == [
        f"{post}:6: warning: unknown filter 'nosuch'",
        f"{post}:8: warning: date: 99999999999999999 is out of range",
    ]
    article = load_article(post)
    info = site_context_for(article, library_root=tmp_path)
    assert info is not None
    expected = render_article(article, library_root=tmp_path, site=info.context).html
    assert out == expected + ("" if expected.endswith("\n") else "\n")


def test_render_prints_a_missing_ref_on_stderr(capsys, tmp_path):
    (tmp_path / "hugo.toml").write_text("title='x'\n")
    (tmp_path / "content").mkdir()
    page = tmp_path / "content" / "c.md"
    page.write_text('---\ntitle: C\n---\nline\n\nMissing: {{< ref "nothere.md" >}}\n')
    code, out, err = run(capsys, "render", str(page), "--library", str(tmp_path))
    assert code == 0
    assert err == f"{page}:6: warning: ref: no article 'nothere.md'\n"
    assert "Shortcode: ref: no article" in out


def test_render_without_notices_prints_nothing_on_stderr(capsys, tmp_path):
    (tmp_path / "_config.yml").write_text("title: T\n")
    (tmp_path / "_posts").mkdir()
    post = tmp_path / "_posts" / "2024-03-01-d.md"
    post.write_text("---\ntitle: d\n---\nTitle: {{ page.title }}\n")
    code, out, err = run(capsys, "render", str(post))
    assert (code, err) == (0, "")
    assert "Title: d" in out
