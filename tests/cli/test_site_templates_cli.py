"""``render`` evaluates Jekyll Liquid and Hugo shortcodes; ``check`` reports
their problems as warnings with a line, changing the exit code only with --strict."""

from __future__ import annotations

import json
import subprocess
import sys

from reader.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_render_jekyll_release_post(capsys, sites):
    post = sites / "jekyll" / "_posts" / "2020-10-02-ruby-2-7-2-released.md"
    code, out, err = run(capsys, "render", str(post))
    assert code == 0 and err == ""
    assert "SHA256: 1e91eaac8da4ec1dc4b43c2e5e09b3e9c0ecdb97ee2fd51ec24d1f79ffb15da6" in out
    assert "{%" not in out


def test_render_hugo_page_with_library(capsys, sites):
    page = sites / "hugo" / "content" / "docs" / "shortcodes.md"
    code, out, _err = run(capsys, "render", str(page), "--library", str(sites))
    assert code == 0
    assert '<a href="other.md">front matter</a>' in out
    assert "Install Hugo with your <strong>package manager</strong>." in out


def test_check_reports_template_problems_as_warnings(capsys, sites):
    code, out, err = run(capsys, "check", str(sites / "jekyll"))
    assert code == 0, "warnings never change the exit code"
    unknown = sites / "jekyll" / "_posts" / "2021-02-02-unknown.md"
    assert f"{unknown}:7: warning: unknown tag 'feed_meta'" in out
    assert f"{unknown}:9: warning: unknown filter 'no_such_filter'" in out
    assert "recursive.html" not in out.replace("include 'recursive.html'", "")
    assert "checked " in err


def test_check_strict_exits_1_on_template_warnings(capsys, tmp_path):
    (tmp_path / "_config.yml").write_text("title: T\n")
    (tmp_path / "_posts").mkdir()
    post = tmp_path / "_posts" / "2020-01-01-a.md"
    post.write_text("---\ntitle: t\n---\nline\n{{ x | nosuch }}\n")
    code, out, _err = run(capsys, "check", str(tmp_path))
    assert code == 0
    assert f"{post}:5: warning: unknown filter 'nosuch'" in out
    code, out, _err = run(capsys, "check", "--strict", str(tmp_path))
    assert code == 1, "--strict: template warnings fail scripts too"
    assert f"{post}:5: warning: unknown filter 'nosuch'" in out


def test_check_json_lists_template_warnings(capsys, sites):
    post = sites / "hugo" / "content" / "docs" / "shortcodes.md"
    code, out, _err = run(capsys, "check", str(post), "--json")
    assert code == 0
    record = json.loads(out)
    assert record["problems"] == [
        {
            "severity": "warning",
            "message": "include '/../../secret.txt': outside the site",
            "line": 52,
        }
    ]


def test_hostile_post_renders_quickly_in_a_process(sites):
    post = sites / "jekyll" / "_posts" / "2021-01-01-hostile.md"
    done = subprocess.run(
        [sys.executable, "-m", "reader", "render", str(post)],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard: the limits stop it well before
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "loop iteration limit reached" in done.stdout
    assert "Traceback" not in done.stderr
