"""The site commands against hostile site files: a configuration in
UTF-16 or Latin-1, nested 900 levels deep, an alias bomb, a FIFO or a folder
or a loop of links in its place; FIFOs elsewhere in the library while one
article is published; an existing schema that cannot take the inferred keys.
Each problem is said once, naming the file and the line where there is one,
with the right exit code: no traceback, no hang, nothing half written."""

from __future__ import annotations

import os

import pytest

from reader.cli import main
from reader.core.library.root import STATE_FOLDER
from tests.core.guards import finishes
from tests.fixtures.sites import copy_site

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
UTF16 = "UTF-16 text, not UTF-8; save it as UTF-8"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The command run in-process, guarded against a hang."""
    code = finishes(main, list(argv))
    if isinstance(code, BaseException):
        raise code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def hexo(tmp_path, cache_dir):
    return copy_site("hexo", tmp_path)


@pytest.fixture
def jekyll(tmp_path, cache_dir):
    return copy_site("jekyll", tmp_path)


# -- 1. configurations that are not UTF-8 --------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_check_names_a_utf16_configuration(jekyll, capsys, encoding):
    config = jekyll / "_config.yml"
    config.write_bytes("title: Fixture\nexclude: [notes]\n".encode(encoding))
    code, out, err = run(capsys, "check", str(jekyll))
    assert code == 0
    # FILE: warning: …, as check prints every problem
    assert f"{config}: warning: the configuration is {UTF16}" in out.splitlines()
    assert "position" not in out + err
    code, _out, _err = run(capsys, "check", "--strict", str(jekyll))
    assert code == 1


def test_check_names_the_line_of_a_latin1_configuration_and_a_utf16_data_file(jekyll, capsys):
    config = jekyll / "_config.yml"
    config.write_bytes(b"title: Fixture\nauthor: Ren\xe9\n")
    data = jekyll / "_data" / "menu.yml"
    data.write_bytes("- name: Home\n".encode("utf-16"))
    code, out, _err = run(capsys, "check", str(jekyll))
    assert code == 0
    lines = out.splitlines()
    assert (
        f"{config}:2: warning: the configuration is not UTF-8 text (the byte 0xE9); "
        "save it as UTF-8"
    ) in lines
    assert f"{data}: warning: the data file is {UTF16}" in lines


def test_publish_warns_of_a_utf16_configuration_once_and_uses_the_defaults(hexo, capsys):
    config = hexo / "_config.yml"
    config.write_bytes("title: Blog\n".encode("utf-16"))
    code, out, err = run(capsys, "publish", str(hexo), "source/_drafts/my-draft.md")
    assert code == 0, err
    assert err.count(f"warning: {config}: the configuration is {UTF16}") == 1
    assert "source/_posts/my-draft.md: published" in out  # Hexo's default new_post_name


# -- 2. publish in a library with FIFOs ----------------------------------------------------


@needs_fifo
def test_publish_does_not_list_the_fifos_of_other_folders(hexo, capsys):
    for rel in ("source/_posts/pipe.md", "source/pipe.md", "notes.fifo"):
        os.mkfifo(hexo / rel)
    code, out, err = run(capsys, "publish", str(hexo), "source/_drafts/my-draft.md")
    assert code == 0, err
    assert "published" in out
    assert "FIFO" not in err and "pipe" not in err
    code, _out, err = run(capsys, "unpublish", str(hexo), "source/_posts/second.md")
    assert code == 0
    assert "FIFO" not in err


@needs_fifo
def test_publishing_a_fifo_says_so_once(hexo, capsys):
    fifo = hexo / "source" / "_drafts" / "pipe.md"
    os.mkfifo(fifo)
    os.mkfifo(hexo / "source" / "_posts" / "other.md")
    code, _out, err = run(capsys, "publish", str(hexo), "source/_drafts/pipe.md")
    assert code == 3
    assert err.splitlines() == [
        f"error: {fifo}: is a FIFO (named pipe), not a regular file; not read"
    ]


def test_publishing_a_file_that_is_not_there_names_it_in_the_library(hexo, capsys, monkeypatch):
    monkeypatch.chdir(hexo.parent)
    code, _out, err = run(capsys, "publish", str(hexo), "source/_drafts/none.md")
    assert code == 3
    assert err.splitlines() == [f"error: {hexo / 'source/_drafts/none.md'}: no such file"]


@needs_fifo
def test_publish_says_why_a_configuration_that_is_a_fifo_makes_no_site(hexo, capsys):
    config = hexo / "_config.yml"
    config.unlink()
    os.mkfifo(config)
    code, _out, err = run(capsys, "publish", str(hexo), "source/_drafts/my-draft.md")
    assert code == 3
    assert err.splitlines() == [
        f"warning: {config}: the configuration is a FIFO (named pipe), not a file; no site here",
        f"error: {hexo}: not inside a Hexo, Jekyll or Hugo site",
    ]


# -- 3. schema infer into a schema that cannot take the keys ------------------------------


@pytest.mark.parametrize(
    "text, line, message",
    [
        (
            'articles = 1\nkeys = { title = { type = "string" } }\n',
            2,
            "keys is written as an inline table",
        ),
        ("articles = 1\n\n[[keys]]\ntitle = 1\n", 3, "[keys] must be a table of keys"),
        (
            '[keys.title]\ntype = "string"\n\n[keys.tags]\ntype = "lists"\n',
            5,
            "unknown type 'lists'",
        ),
    ],
)
def test_schema_infer_names_the_line_a_merge_fails_on(hexo, capsys, text, line, message):
    schema = hexo / STATE_FOLDER / "schema.toml"
    schema.parent.mkdir()
    schema.write_text(text)
    code, out, err = run(capsys, "schema", "infer", str(hexo))
    assert code == 3
    (said,) = err.splitlines()
    assert said.startswith(f"error: {schema}:{line}: ") and message in said, said
    assert out == ""
    assert schema.read_text() == text


def test_schema_infer_and_check_name_a_schema_nested_too_deep(hexo, capsys):
    schema = hexo / STATE_FOLDER / "schema.toml"
    schema.parent.mkdir()
    schema.write_text("[keys.a]\n" + "x = {" * 500 + "}" * 500 + "\n")
    said = f"{schema}:2: the schema nests deeper than 100 levels"
    code, _out, err = run(capsys, "schema", "infer", str(hexo))
    assert code == 3
    assert err.splitlines() == [f"error: {said}"]
    code, out, _err = run(capsys, "check", str(hexo))
    assert code == 0
    assert said.replace(": the", ": warning: the", 1) in out.splitlines()


def test_schema_infer_names_a_utf16_schema(hexo, capsys):
    schema = hexo / STATE_FOLDER / "schema.toml"
    schema.parent.mkdir()
    schema.write_bytes('[keys.title]\ntype = "string"\n'.encode("utf-16"))
    code, _out, err = run(capsys, "schema", "infer", str(hexo))
    assert code == 3
    assert err.splitlines() == [f"error: {schema}: the schema is {UTF16}"]


# -- 4. hostile configurations through every site command ---------------------------------


def _nested(config):
    config.write_text("title: x\na: " + "[" * 900 + "]" * 900 + "\n")


def _alias_bomb(config):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 30)]
    config.write_text("\n".join(lines) + "\n")


def _recursive(config):
    config.write_text("title: x\nloop: &a {self: *a}\n")


def _huge(config):
    with open(config, "wb") as handle:
        handle.truncate(8 * 1024 * 1024)


def _folder(config):
    config.unlink()
    config.mkdir()


def _fifo(config):
    config.unlink()
    os.mkfifo(config)


def _loop(config):
    config.unlink()
    config.symlink_to(config.name)


def _link_to_a_device(config):
    config.unlink()
    config.symlink_to("/dev/zero")


def _utf32(config):
    config.write_bytes("title: x\n".encode("utf-32"))


HOSTILE = {
    "nested 900 levels": (_nested, "nests deeper than 100 levels"),
    "alias bomb": (_alias_bomb, "expands to more than 1,000,000 values"),
    "alias in its own anchor": (_recursive, "holds itself"),
    "8 MB of NULs": (_huge, "too large to read"),
    "a folder": (_folder, "the configuration is a folder, not a file; no site here"),
    "a FIFO": (_fifo, "the configuration is a FIFO (named pipe), not a file; no site here"),
    "a loop of links": (_loop, "Too many levels of symbolic links"),
    "a link to /dev/zero": (_link_to_a_device, "the configuration is a character device, not a"),
    "UTF-32": (_utf32, "UTF-32 text, not UTF-8; save it as UTF-8"),
}


@pytest.mark.parametrize("spoil, said", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_configurations_through_the_site_commands(jekyll, capsys, spoil, said):
    if spoil is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    config = jekyll / "_config.yml"
    spoil(config)
    post = jekyll / "_posts" / "2024-03-04-welcome.md"
    post.write_text("---\ntitle: W\n---\n{{ site.title }} {{ site.a }} {{ site.loop }}\n")
    code, out, _err = run(capsys, "check", str(jekyll))
    assert code in (0, 3)  # 3: the scan could not read a link that loops
    assert said in out
    assert out.count(said) == 1
    code, _out, _err = run(capsys, "render", str(post))
    assert code == 0
    code, _out, err = run(capsys, "publish", str(jekyll), "_drafts/a-draft.md")
    # 3: no site at all (a configuration that is no file), said so
    assert code == 0 or (code == 3 and "not inside a Hexo, Jekyll or Hugo site" in err), err
    code, _out, _err = run(capsys, "schema", "infer", "--dry-run", str(jekyll))
    assert code in (0, 3)  # 3: as check, the scan could not read a link that loops
    code, _out, _err = run(capsys, "fix", "--dry-run", "--add", "layout=post", str(jekyll))
    assert code in (0, 3)


def test_check_prints_a_data_files_problem_with_its_line(jekyll, capsys):
    # (review) "warning: /site/_data/bad.json:4: …": not FILE:LINE first
    data = jekyll / "_data" / "bad.json"
    data.write_text('{\n  "a": 1,\n  "b": 2,\n  "c": \n}\n', encoding="utf-8")
    code, out, _err = run(capsys, "check", str(jekyll))
    assert code == 0
    assert any(line.startswith(f"{data}:") and ": warning: " in line for line in out.splitlines())
    assert not any(line.startswith("warning: ") and str(data) in line for line in out.splitlines())
