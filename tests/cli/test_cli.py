from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reader import __version__
from reader.cli import main

SEED_LIKE = (
    "\n---\n"
    "title: '上交会助力跨国技术转移交易'\n"
    "categories: \n - 金融\n - 证券时报网\n - 要闻\n"
    "author: 证券时报网\n"
    "comments: false\n"
    "date: Fri, 16 Apr 2021 15:21:00 GMT\n"
    "---\n\n<div>   \n<p>正文</p>\n</div>\n            "
).encode()


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "000_seed.txt"
    path.write_bytes(SEED_LIKE)
    return path


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.md"
    path.write_bytes(b"---\ntitle: ok\ntags: [a, b\n---\nbody\n")
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_json_seed(capsys, seed):
    code, out, err = run(capsys, "show", str(seed), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["title"] == "上交会助力跨国技术转移交易"
    assert data["date"] == "2021-04-16T15:21:00+00:00"
    assert data["date_source"] == "front-matter"
    assert data["categories"] == [["金融", "证券时报网", "要闻"]]
    assert data["body_format"] == "html"
    assert data["format"] == "yaml"
    assert data["metadata"]["comments"] is False
    assert data["problems"] == []


def test_show_json_is_strict_json_for_values_only_yaml_has(capsys, tmp_path):
    # .inf was written as Infinity, which strict JSON readers refuse; a set's
    # items came out in another order each run
    post = tmp_path / "odd.md"
    post.write_text(
        "---\ntitle: odd\nhigh: .inf\nlow: -.inf\nnot: .nan\n"
        "kinds: !!set {zeta, alpha, mid}\nblob: !!binary aGVsbG8=\n---\nbody\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "show", str(post), "--json")
    assert code == 0

    def refuse(name):
        raise ValueError(name)

    metadata = json.loads(out, parse_constant=refuse)["metadata"]
    assert metadata["high"] is None and metadata["low"] is None and metadata["not"] is None
    assert metadata["kinds"] == ["alpha", "mid", "zeta"]
    assert metadata["blob"] == "aGVsbG8="  # (base64, as written: it was "b'hello'")


def test_show_plain_text(capsys, seed):
    code, out, _ = run(capsys, "show", str(seed))
    assert code == 0
    assert "金融/证券时报网/要闻" in out  # as typed for --category


def test_show_broken_file_exits_3_with_file_and_line_on_stderr(capsys, seed, broken):
    code, out, err = run(capsys, "show", str(seed), str(broken), "--json")
    assert code == 3
    assert len(out.splitlines()) == 2
    assert f"{broken}:3: error: invalid YAML" in err
    assert json.loads(out.splitlines()[1])["problems"][0]["line"] == 3  # the line of the unclosed [


def test_show_missing_file_exits_3(capsys, tmp_path):
    code, _, err = run(capsys, "show", str(tmp_path / "nope.md"))
    assert code == 3
    assert "nope.md: no such file" in err


def test_set_changes_only_that_line(capsys, seed):
    code, out, _ = run(capsys, "set", str(seed), "-s", 'title="Re: 新标题"')
    assert code == 0
    assert "saved" in out
    assert seed.read_bytes() == SEED_LIKE.replace(
        "title: '上交会助力跨国技术转移交易'".encode(), "title: 'Re: 新标题'".encode()
    )


def test_set_yaml_values_and_unset(capsys, seed):
    assert run(capsys, "set", str(seed), "-s", "tags=[a, b]", "-s", "comments=true")[0] == 0
    text = seed.read_text(encoding="utf-8")
    assert "comments: true\n" in text
    assert "tags:\n - a\n - b\n" in text
    assert run(capsys, "set", str(seed), "-u", "tags", "-s", "comments=false")[0] == 0
    assert seed.read_bytes() == SEED_LIKE


def test_set_dry_run_prints_a_diff_and_writes_nothing(capsys, seed):
    before = seed.stat().st_mtime_ns
    code, out, _ = run(capsys, "set", str(seed), "-s", "author=新华社", "--dry-run")
    assert code == 0
    assert "-author: 证券时报网\n+author: 新华社\n" in out
    assert seed.read_bytes() == SEED_LIKE
    assert seed.stat().st_mtime_ns == before


def test_the_diff_of_a_file_named_by_its_absolute_path_heads_that_path(
    capsys, seed, monkeypatch, tmp_path
):
    code, out, _ = run(capsys, "set", str(seed), "-s", "author=x", "--dry-run")
    assert code == 0
    assert f"--- {seed}\n+++ {seed}\n" in out  # as diff -u heads it, not a//…
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "set", seed.name, "-s", "author=x", "--dry-run")
    assert code == 0
    assert f"--- a/{seed.name}\n+++ b/{seed.name}\n" in out  # relative: as git heads it


def test_set_says_the_problems_its_change_brings(capsys, seed):
    # a mistyped date and a key its alias hides are saved (the user asked)
    # and said at once, as check would say them, not found later
    code, out, err = run(capsys, "set", str(seed), "-s", "date=tomorrow", "-s", "category=x")
    assert code == 0 and out.endswith("saved\n")
    assert err.splitlines() == [
        f"{seed}:10: warning: cannot read date 'tomorrow'",
        f"{seed}:11: warning: both 'categories' and 'category' are set; 'category' is ignored",
    ]
    # the same before the write, under the diff; problems it had already are not said again
    code, out, err = run(capsys, "set", str(seed), "-s", "tag=z", "--dry-run")
    assert code == 0 and "+tag: z" in out
    assert err == ""
    code, out, err = run(capsys, "set", str(seed), "-s", "tags=[a]", "-s", "tag=z", "--dry-run")
    assert err == f"{seed}:14: warning: both 'tags' and 'tag' are set; 'tag' is ignored\n"
    # a change that mends a problem says nothing
    code, out, err = run(capsys, "set", str(seed), "-s", "date=2021-04-17 08:00:00+00:00")
    assert (code, err) == (0, "")


@pytest.mark.parametrize("typed", ["No", "yes", "On", "OFF"])
def test_set_refuses_a_yaml_1_1_boolean_over_text(capsys, tmp_path, typed):
    """``-s title=No`` saved ``title: False``: YAML 1.1 reads the spelling as
    a boolean, YAML 1.2 (and the person) as text.  Over a key that holds
    text it is refused, saying how to keep it as text; the file is untouched."""
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: Orig\nweight: 3\n---\nbody\n")
    before = path.read_bytes()
    for key in ("title", "weight"):
        code, out, err = run(capsys, "set", str(path), "-s", f"{key}={typed}")
        meaning = "true" if typed.lower() in ("yes", "on") else "false"
        holds = "text" if key == "title" else "a number"
        assert (code, out) == (3, "")
        assert err == (
            f"error: {path}: -s {key}: {typed} is {meaning} in YAML 1.1 (Jekyll) and text in "
            f"YAML 1.2 (Hugo), and the key holds {holds} here; quote it ('{typed}') to keep "
            f"it as text, or type {meaning}; skipped\n"
        )
        assert path.read_bytes() == before
    # quoted, it is the text
    assert run(capsys, "set", str(path), "-s", f"title='{typed}'")[0] == 0
    assert main(["show", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["metadata"]["title"] == typed


def test_set_takes_a_yaml_1_1_boolean_over_a_boolean_or_for_a_new_key(capsys, tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: Orig\ncomments: yes\n---\nbody\n")
    assert run(capsys, "set", str(path), "-s", "comments=off", "-s", "draft=Yes")[0] == 0
    # the key's yes/no kept; a new key a boolean; y is text to every reader
    assert run(capsys, "set", str(path), "-s", "title=y")[0] == 0
    assert path.read_bytes() == b"---\ntitle: 'y'\ncomments: no\ndraft: true\n---\nbody\n"
    # inside a list there is no key's vocabulary: refused, whatever the key holds
    code, out, err = run(capsys, "set", str(path), "-s", "tags=[a, on]")
    assert (code, out) == (2, "")
    assert err == (
        "article-reader set: error: -s tags: the value is refused (column 5): on is true in "
        "YAML 1.1 (Jekyll) and not in YAML 1.2 (Hugo); quote it ('on') to keep it as text, "
        "or type true\n"
    )


def test_set_same_value_does_not_touch_the_file(capsys, seed):
    os.utime(seed, ns=(10**18, 10**18))
    code, out, _ = run(capsys, "set", str(seed), "-s", "date=2021-04-16 15:21:00+00:00")
    assert code == 0 and "unchanged" in out
    assert seed.stat().st_mtime_ns == 10**18


def test_set_date_keeps_rfc2822(capsys, seed):
    assert run(capsys, "set", str(seed), "-s", "date=2022-01-02 03:04:05+00:00")[0] == 0
    assert b"date: Sun, 02 Jan 2022 03:04:05 GMT\n" in seed.read_bytes()


def test_set_skips_broken_file_with_exit_3(capsys, seed, broken):
    before = broken.read_bytes()
    code, _, err = run(capsys, "set", str(broken), str(seed), "-s", "x=1")
    assert code == 3
    assert f"{broken}:3:" in err and "skipped" in err
    assert broken.read_bytes() == before
    assert b"x: 1\n" in seed.read_bytes()


@pytest.mark.parametrize(
    "argv",
    [
        ["set", "f.md"],
        ["set", "f.md", "-s", "novalue"],
        ["set", "f.md", "-s", "tags=[a"],
        ["show"],
        ["check"],
        ["render"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "error" in err


def test_check_folder(capsys, tmp_path, seed, broken):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "amb.md").write_bytes(b"---\nflag: no\n---\n")
    (tmp_path / ".hidden.md").write_bytes(b"---\n: : :\n---\n")
    code, out, _ = run(capsys, "check", str(tmp_path), "--json")
    assert code == 1
    rows = {
        os.path.basename(json.loads(line)["path"]): json.loads(line) for line in out.splitlines()
    }
    assert set(rows) == {"000_seed.txt", "broken.md", "amb.md"}
    assert rows["000_seed.txt"]["problems"] == []
    assert rows["broken.md"]["problems"][0]["severity"] == "error"
    assert rows["amb.md"]["problems"][0]["line"] == 2


def test_check_clean_file_exits_0(capsys, seed):
    code, out, _ = run(capsys, "check", str(seed))
    assert code == 0 and out == ""


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--version", "x"], "article-reader: error: --version takes nothing after it"),
        (["--self-test", "x"], "article-reader: error: --self-test takes nothing after it"),
        (["--help", "a", "b"], "article-reader: error: --help takes nothing after it"),
        (
            ["help", "lsit"],
            "article-reader: error: no command 'lsit' "
            "(run 'article-reader --help' for the commands)",
        ),
    ],
)
def test_what_takes_nothing_refuses_more(capsys, argv, said):
    # (CLI attack) `--version x` and `--self-test x` exited 0, the x unread
    code, out, err = run(capsys, *argv)
    assert (code, out, err.strip()) == (2, "", said)


def test_version_and_help(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"article-reader {__version__}"
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for form in (
        "article-reader [LIBRARY_OR_FILE]",
        "show [--json] FILE",
        "set [-s KEY=VALUE] [-u KEY] [--dry-run] FILE",
        "check [--json] [--strict] PATH",
        "render [--remote-images]",
    ):
        assert form in out


def test_cli_path_never_imports_qt(seed):
    script = (
        "import sys\n"
        "from reader.cli import main\n"
        f"code = main(['show', {str(seed)!r}, '--json'])\n"
        "assert code == 0, code\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "assert not qt, qt\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)


def test_python_dash_m_reader(seed):
    result = subprocess.run(
        [sys.executable, "-m", "reader", "show", str(seed), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "上交会助力跨国技术转移交易"


def test_list_sort_accepts_a_descending_value_after_a_space(capsys, tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.md").write_bytes(b"---\ntitle: A\ndate: 2020-01-01\n---\n")
    (library / "b.md").write_bytes(b"---\ntitle: B\ndate: 2021-01-01\n---\n")
    cache = str(tmp_path / "cache")
    common = ("--json", "--cache-dir", cache)
    code, out, _ = run(capsys, "list", str(library), "--sort", "-date", *common)
    assert code == 0
    assert [json.loads(line)["title"] for line in out.splitlines()] == ["B", "A"]
    code, out, _ = run(capsys, "list", str(library), "--sort", "title", *common)
    assert [json.loads(line)["title"] for line in out.splitlines()] == ["A", "B"]


def test_render_finds_the_hexo_site_root_without_library(capsys, tmp_path):
    site = tmp_path / "blog"
    (site / "source" / "_posts").mkdir(parents=True)
    (site / "source" / "images").mkdir()
    (site / "_config.yml").write_text("title: blog\n")
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    (site / "source" / "images" / "site.png").write_bytes(png)
    post = site / "source" / "_posts" / "post.md"
    post.write_bytes(b"---\ntitle: P\n---\n![c](/images/site.png)\n")
    code, out, _ = run(capsys, "render", str(post))
    assert code == 0
    assert "site.png" in out and "not found" not in out.lower()


def test_render_says_when_the_file_is_not_in_the_library_named(capsys, tmp_path):
    library, elsewhere = tmp_path / "lib", tmp_path / "elsewhere"
    library.mkdir()
    elsewhere.mkdir()
    post = elsewhere / "post.md"
    post.write_bytes(b"---\ntitle: P\n---\nbody\n")
    code, out, err = run(capsys, "render", str(post), "--library", str(library))
    assert code == 0 and "body" in out
    assert err.startswith(f"warning: {post} is not inside {library}: ")
    inside = library / "post.md"
    inside.write_bytes(b"---\ntitle: P\n---\nbody\n")
    code, _, err = run(capsys, "render", str(inside), "--library", str(library))
    assert code == 0 and err == ""


def test_list_json_excerpts_only_when_asked(capsys, tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.md").write_bytes(b"---\ntitle: A\n---\nThe first words of the body.\n")
    cache = str(tmp_path / "cache")
    code, out, _ = run(capsys, "list", str(library), "--json", "--cache-dir", cache)
    assert code == 0 and "excerpt" not in json.loads(out)
    code, out, _ = run(capsys, "list", str(library), "--json", "--excerpts", "--cache-dir", cache)
    assert json.loads(out)["excerpt"].startswith("The first words")


@pytest.mark.parametrize(
    "argument, reason",
    [
        (b"title=a\x01b", "U+0001"),
        (b"title=a\xffb", "0xFF is not UTF-8"),  # argv bytes that are not UTF-8
        (b"title=\x1b[31m", "U+001B"),
    ],
)
def test_set_a_value_yaml_refuses_is_a_usage_error_not_a_traceback(tmp_path, argument, reason):
    target = tmp_path / "a.md"
    target.write_bytes(b"+++\ntitle = 'old'\n+++\nbody\n")
    result = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"reader", b"set", b"-s", argument, bytes(target)],
        capture_output=True,
        timeout=120,
    )
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert reason in err
    assert target.read_bytes() == b"+++\ntitle = 'old'\n+++\nbody\n"


def test_the_c_locale_without_utf8_mode_shows_escapes_and_says_why_text_is_refused(tmp_path):
    # (CLI attack) LC_ALL=C PYTHONUTF8=0: `list`, `show`, `search` ended with
    # exit 70 "internal error: UnicodeEncodeError"; `set -s title=中文` said
    # the byte 0xE4 is not UTF-8, without saying why (the locale)
    library = tmp_path / "lib"
    library.mkdir()
    post = library / "a.md"
    post.write_bytes("---\ntitle: 除夕\ndate: 2020-01-01\n---\nbody\n".encode())
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reader", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            check=False,
        )

    listed = run("list", "--cache-dir", str(tmp_path / "c"), str(library))
    assert listed.returncode == 0, listed.stderr
    assert "\\u9664\\u5915" in listed.stdout  # (除夕, as escapes)
    shown = run("show", str(post))
    assert shown.returncode == 0 and "\\u9664" in shown.stdout, shown.stderr
    refused = run("set", "-s", "title=中文", str(post))
    assert refused.returncode == 2
    assert "this locale reads arguments as" in refused.stderr and "LC_ALL=C.UTF-8" in refused.stderr
    assert "除夕" in post.read_text(encoding="utf-8")
