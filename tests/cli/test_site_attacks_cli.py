"""``check`` and ``render`` on hostile sites: a configuration that is no
file is said (no silent "no site"), files outside the site never show."""

from __future__ import annotations

import os

from reader.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_says_a_configuration_that_is_a_fifo(capsys, tmp_path):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2024-01-01-a.md").write_text("---\ntitle: A\n---\nx\n")
    os.mkfifo(site / "_config.yml")
    code, out, err = run(capsys, "check", str(site))
    assert code == 0, err
    config = site / "_config.yml"
    assert f"{config}: warning: the configuration is a FIFO (named pipe), not a file" in out
    assert "Traceback" not in err


def test_render_never_shows_a_configuration_outside_the_site(capsys, tmp_path):
    (tmp_path / "private.yml").write_text("title: PRIVATE-VALUE\n")
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").symlink_to(tmp_path / "private.yml")
    post = site / "_posts" / "2024-01-01-a.md"
    post.write_text("---\ntitle: A\n---\nx {{ site.title }}\n")
    code, out, err = run(capsys, "render", str(post))
    assert code == 0, err
    assert "PRIVATE-VALUE" not in out
    code, out, _err = run(capsys, "check", str(site))
    assert "the configuration is a link to outside the site; not read" in out


def test_check_names_the_line_of_a_bad_schema_value(capsys, tmp_path):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: S\n")
    (site / "_posts" / "2024-01-01-a.md").write_text("---\ntitle: A\n---\nx\n")
    (site / ".article-reader").mkdir()
    schema = site / ".article-reader" / "schema.toml"
    schema.write_text('[keys.title]\ntype = "string"\n[keys.date]\ntype = "when"\n')
    code, out, _err = run(capsys, "check", str(site))
    assert code == 0
    assert f"{schema}:4: warning: keys.date: unknown type 'when'" in out
    code, _out, err = run(capsys, "fix", "--respell-dates", str(site))
    assert code == 3
    assert f"error: {schema}:4: keys.date: unknown type 'when'" in err
