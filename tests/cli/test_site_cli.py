"""The site commands: publish, unpublish, schema infer, fix; check's warnings."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from tests.fixtures.sites import copy_site, snapshot


@pytest.fixture
def hexo(tmp_path, cache_dir):
    return copy_site("hexo", tmp_path)


def test_publish_unpublish_and_undo(hexo, capsys):
    before = snapshot(hexo)
    assert main(["publish", str(hexo), "source/_drafts/my-draft.md"]) == 0
    out = capsys.readouterr().out
    assert "source/_posts/" in out and "-my-draft.md: published" in out
    assert not (hexo / "source/_drafts/my-draft.md").exists()
    assert main(["undo", str(hexo)]) == 0
    assert snapshot(hexo) == before
    assert main(["unpublish", str(hexo), str(hexo / "source/_posts/hello-world.md")]) == 0
    assert (hexo / "source/_drafts/hello-world.md").is_file()
    assert main(["undo", str(hexo)]) == 0
    assert snapshot(hexo) == before


def test_publish_unpublish_and_undo_keep_the_reading_state(hexo, capsys):
    import json

    def listed(flag):
        capsys.readouterr()
        assert main(["list", str(hexo), flag, "--json"]) == 0
        return [json.loads(line)["path"] for line in capsys.readouterr().out.splitlines()]

    def starred():
        return listed("--starred")

    draft = "source/_drafts/my-draft.md"
    assert main(["mark", str(hexo / draft), "--star", "--later"]) == 0
    assert starred() == [draft]
    assert main(["publish", str(hexo), draft]) == 0
    published = starred()
    assert len(published) == 1 and published[0].endswith("-my-draft.md")
    assert published[0].startswith("source/_posts/")
    assert listed("--later") == published
    assert main(["undo", str(hexo)]) == 0
    assert starred() == [draft]
    assert main(["unpublish", str(hexo), "source/_posts/hello-world.md"]) == 0
    assert main(["mark", str(hexo / "source/_drafts/hello-world.md"), "--star"]) == 0
    assert main(["publish", str(hexo), "source/_drafts/hello-world.md"]) == 0
    posts = hexo / "source" / "_posts"
    republished = [p.relative_to(hexo).as_posix() for p in posts.glob("*hello-world.md")]
    assert len(republished) == 1
    assert sorted(starred()) == sorted([draft, *republished])


def test_publish_errors(hexo, tmp_path, capsys):
    assert main(["publish", str(hexo), "source/_posts/hello-world.md"]) == 3
    assert "not in the drafts folder" in capsys.readouterr().err
    assert main(["publish", str(hexo), "no/such.md"]) == 3
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text("---\ntitle: a\n---\n")
    assert main(["publish", str(plain), "a.md"]) == 3  # no site here: not a usage error
    assert "not inside a Hexo, Jekyll or Hugo site" in capsys.readouterr().err


def test_publish_takes_a_file_as_the_shell_names_it(hexo, tmp_path, capsys, monkeypatch):
    # (CLI attack) `publish pj pj/_drafts/nope.md` said pj/pj/_drafts/nope.md:
    # FILE was looked for in the library first, and said as found there
    monkeypatch.chdir(hexo.parent)
    site = hexo.name
    assert main(["publish", site, f"{site}/source/_drafts/nope.md"]) == 3
    err = capsys.readouterr().err
    assert f"{hexo / 'source/_drafts/nope.md'}: no such" in err
    assert f"{site}/{site}/" not in err
    # as the library names it still works from anywhere, a folder holding
    # the same path included (another site's, say: it is not this library's)
    other = copy_site("hexo", tmp_path / "other")
    monkeypatch.chdir(other)
    assert (other / "source/_drafts/my-draft.md").is_file()
    assert main(["publish", str(hexo), "source/_drafts/my-draft.md"]) == 0
    assert not (hexo / "source/_drafts/my-draft.md").exists()
    assert (other / "source/_drafts/my-draft.md").is_file()


def test_schema_infer_says_what_it_wrote(hexo, capsys):
    assert main(["schema", "infer", str(hexo)]) == 0
    captured = capsys.readouterr()
    assert "title: string, in 100% (required)" in captured.out
    assert f"wrote {hexo / '.article-reader' / 'schema.toml'}: 5 key(s) added" in captured.err
    text = (hexo / ".article-reader" / "schema.toml").read_text()
    assert text.startswith("# The front matter of this library")
    assert main(["schema", "infer", str(hexo)]) == 0
    assert "0 key(s) added" in capsys.readouterr().err
    assert (hexo / ".article-reader" / "schema.toml").read_text() == text


def test_schema_infer_dry_run_shows_what_the_run_would_write(hexo, capsys):
    # (site attack) the dry run showed a fresh schema over the hand-edited
    # one (required = true where the user wrote false), and exit 0 where the
    # run refuses the file
    schema = hexo / ".article-reader" / "schema.toml"
    schema.parent.mkdir()
    mine = '[keys.title]\ntype = "string"\nrequired = false  # I decided\n'
    schema.write_text(mine, encoding="utf-8")
    assert main(["schema", "infer", "--dry-run", str(hexo)]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(mine) and shown.count("[keys.title]") == 1
    assert schema.read_text(encoding="utf-8") == mine  # (nothing written)
    assert main(["schema", "infer", str(hexo)]) == 0
    capsys.readouterr()
    assert schema.read_text(encoding="utf-8") == shown
    schema.write_text("foo = 1\n", encoding="utf-8")
    assert main(["schema", "infer", "--dry-run", str(hexo)]) == 3
    assert "foo" in capsys.readouterr().err
    assert main(["schema", "infer", str(hexo)]) == 3


def test_check_reports_schema_warnings_and_exits_0_unless_strict(hexo, capsys):
    assert main(["check", str(hexo)]) == 0
    assert "warning" not in capsys.readouterr().out  # scaffolds are not reported
    main(["schema", "infer", str(hexo)])
    capsys.readouterr()
    assert main(["check", str(hexo)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{hexo / 'source/_posts/hello-world.md'}:4: warning: 'categories' is a string, "
        "the schema says list" in out
    )
    assert main(["check", "--strict", str(hexo)]) == 1
    capsys.readouterr()
    (hexo / ".article-reader" / "schema.toml").write_text("[keys\n")
    assert main(["check", str(hexo)]) == 0
    assert "schema.toml:1: warning: invalid TOML" in capsys.readouterr().out
    (hexo / "_config.yml").write_text("title: [\n")
    assert main(["check", "--json", str(hexo)]) == 0
    assert "invalid YAML" in capsys.readouterr().out


def test_fix_dry_run_apply_undo_keep_every_other_byte(hexo, capsys):
    before = snapshot(hexo)
    assert main(["fix", str(hexo), "--categories-list", "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "-categories: 编程\n+categories:\n+  - 编程\n" in captured.out
    assert "1 file(s) would change" in captured.err
    assert snapshot(hexo) == before
    assert main(["fix", str(hexo), "--categories-list"]) == 0
    after = snapshot(hexo)
    changed = [path for path in before if before[path] != after[path]]
    assert changed == ["source/_posts/hello-world.md"]
    assert main(["undo", str(hexo)]) == 0
    assert snapshot(hexo) == before


def test_fix_add_where(hexo, capsys):
    assert main(["fix", str(hexo), "--add", "author=Me", "--where", "cat:编程 has:tags"]) == 0
    out = capsys.readouterr().out
    assert out.count(": saved") == 1 and "hello-world.md: saved" in out
    assert main(["fix", str(hexo), "--add", "x", "--dry-run"]) == 2
    assert main(["fix", str(hexo), "--add", "a=1", "--where", "cat:"]) == 2  # (the query's error)
    assert main(["fix", str(hexo), "--add", "a=1", "--where", "x OR has:tags"]) == 2
    assert main(["fix", str(hexo), "--categories-list", "--where", "a:b"]) == 2
    capsys.readouterr()
    # a query that starts by leaving something out, as list --query takes it
    # (argparse took "-cat:编程" for an option: "expected one argument")
    assert main(["fix", str(hexo), "--add", "reviewed=1", "--where", "-cat:编程", "--dry-run"]) == 0
    said = capsys.readouterr()
    assert "hello-world.md" not in said.out and "expected one argument" not in said.err
    before = snapshot(hexo)
    # no schema: what the command needs is not there (exit 3), the file named
    assert main(["fix", str(hexo), "--respell-dates"]) == 3
    said = capsys.readouterr().err
    assert said.startswith(
        f"error: {hexo.resolve() / '.article-reader' / 'schema.toml'}: no schema;"
    )
    assert "nothing was changed" in said and "Traceback" not in said
    assert snapshot(hexo) == before


def test_schema_infer_lists_folder_rules(tmp_path, cache_dir, capsys):
    root = tmp_path / "lib"
    for i in range(20):
        for folder, extra in (("blog", "layout: post\n"), ("news", "source: Wire\n")):
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / f"{i}.md").write_text(f"---\ntitle: T{i}\n{extra}---\n")
    assert main(["schema", "infer", str(root)]) == 0
    out = capsys.readouterr().out
    assert "news/ source: string, in 100% (required" in out
    assert "blog/ layout: string, in 100% (required" in out
    assert main(["check", "--strict", str(root)]) == 0


def test_fix_over_a_library_with_a_file_it_could_not_read_exits_3(hexo, capsys):
    import os

    hidden = os.path.join(os.fsencode(hexo / "source" / "_posts"), b"\xff.md")
    with open(hidden, "wb") as handle:
        handle.write(b"---\ntitle: h\n---\nbody\n")
    assert main(["fix", str(hexo), "--add", "author=Me"]) == 3
    err = capsys.readouterr().err
    assert "not valid UTF-8" in err and "1 file(s) could not be read" in err
    with open(hidden, "rb") as handle:
        assert handle.read() == b"---\ntitle: h\n---\nbody\n"


def test_fix_finds_the_sites_schema_as_check_does(hexo, capsys):
    # (site attack) for the posts folder of a site whose schema is at its
    # root, check used the schema and fix --respell-dates said there was none
    assert main(["schema", "infer", str(hexo)]) == 0
    posts = str(hexo / "source" / "_posts")
    capsys.readouterr()
    assert main(["fix", posts, "--respell-dates", "--dry-run"]) == 0
    assert "no schema" not in capsys.readouterr().err
    assert main(["check", "--strict", posts]) == main(["check", "--strict", str(hexo)])


def test_a_schemas_folder_rules_apply_below_it():
    from reader.core.site.schema import KeyRule, Schema

    rules = {"date": KeyRule("date", required=True)}
    schema = Schema({}, 3, {"source/_posts": rules})
    assert schema.for_path("source/_posts/a.md").keys == rules
    assert schema.below("source/_posts").for_path("a.md").keys == rules
    assert schema.below("source").for_path("_posts/x/a.md").keys == rules
    assert schema.below("source").for_path("about/a.md").keys == {}
    assert schema.below(".").for_path("source/_posts/a.md").keys == rules  # (its own folder)


def test_respell_dates_names_what_it_cannot_spell_as_the_schema_says(tmp_path, cache_dir, capsys):
    root = tmp_path / "lib"
    root.mkdir()
    dates = {f"p{n}.md": f"2021-04-0{n} 10:00:00" for n in range(1, 4)}
    dates |= {
        "no-time.md": "2021-05-01",  # the schema's spelling has a time: none is invented
        "slash.md": "2021/05/02 10:00",  # respelled in full
        "offset.md": "Fri, 16 Apr 2021 15:21:00 +0800",  # respelled, the offset kept
    }
    for name, text in dates.items():
        (root / name).write_text(f"---\ntitle: T\ndate: {text}\n---\nbody\n")
    assert main(["schema", "infer", str(root)]) == 0
    capsys.readouterr()
    no_time = (
        f"{root / 'no-time.md'}:3: warning: 'date' stays spelled like '2001-02-03', not like "
        "the schema's '2001-02-03 04:05:06': it has no time, which the schema's spelling "
        "has; add one by hand"
    )
    offset = (
        f"{root / 'offset.md'}:3: warning: 'date' {{}} like '2001-02-03 04:05:06+08:00', not "
        "like the schema's '2001-02-03 04:05:06': it has an offset, which the schema's "
        "spelling lacks (dropping it would change the moment); change it by hand, or give "
        "the spelling an offset"
    )
    assert main(["fix", str(root), "--respell-dates", "--dry-run"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        no_time,
        offset.format("is respelled"),
        "fix: respell-dates: 2 file(s) would change",
    ]
    assert main(["fix", str(root), "--respell-dates"]) == 0
    assert capsys.readouterr().err.splitlines()[:2] == [no_time, offset.format("is respelled")]
    assert (root / "slash.md").read_text().splitlines()[2] == "date: 2021-05-02 10:00:00"
    assert (root / "offset.md").read_text().splitlines()[2] == "date: 2021-04-16 15:21:00+08:00"
    # what check still reports is what the fix said it left
    assert main(["check", str(root)]) == 0
    flagged = [line for line in capsys.readouterr().out.splitlines() if "spelled like" in line]
    assert [line.split(":")[0] for line in flagged] == [
        str(root / "no-time.md"),
        str(root / "offset.md"),
    ]
    assert main(["fix", str(root), "--respell-dates"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [no_time, offset.format("stays spelled"), "fix: respell-dates: nothing to do"]


def test_check_says_once_at_the_schema_a_spelling_no_article_writes(tmp_path, cache_dir, capsys):
    root = tmp_path / "lib"
    (root / "news").mkdir(parents=True)
    for n in range(1, 4):
        (root / f"p{n}.md").write_text(f"---\ntitle: T\ndate: 2021-04-0{n} 10:00:00\n---\n")
        (root / "news" / f"n{n}.md").write_text(f"---\ntitle: News\ndate: 2021-04-0{n}\n---\n")
    schema = root / ".article-reader" / "schema.toml"
    schema.parent.mkdir()
    schema.write_text(
        "[keys.date]\ntype = 'date'\nspelling = '2001-02-03T04:05:06'\n\n"
        "[folders.news.keys.date]\ntype = 'date'\nspelling = '2001-02-03'\n"
    )
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{schema}:3: warning: none of the 3 articles with 'date' spells it like "
        "'2001-02-03T04:05:06' (most like '2001-02-03 04:05:06'), so each is reported: "
        "correct the spelling here (a schema inferred before 2026-12-05 may hold one no "
        "file writes), or respell them all with fix --respell-dates"
    )
    assert sum("is spelled like" in line for line in out) == 3  # the folder's rule holds
    assert not any(str(schema) in line for line in out[1:])
    # one article, a folder, or a spelling one of them writes: nothing said at the schema
    assert main(["check", str(root / "p1.md")]) == 0
    assert str(schema) not in capsys.readouterr().out
    (root / "odd").mkdir()
    for n in range(1, 3):  # (a folder none of whose articles writes the spelling)
        (root / "odd" / f"o{n}.md").write_text(f"---\ntitle: O\ndate: 2021-05-0{n}\n---\n")
    assert main(["check", str(root / "odd")]) == 0
    out = capsys.readouterr().out
    assert str(schema) not in out and out.count("is spelled like") == 2
    for n in range(1, 3):
        (root / "odd" / f"o{n}.md").unlink()
    (root / "p1.md").write_text("---\ntitle: T\ndate: 2021-04-01T10:00:00\n---\n")
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert str(schema) not in out and out.count("is spelled like") == 2


def test_respell_dates_leaves_a_floating_time_and_fractions_with_a_warning(
    tmp_path, cache_dir, capsys
):
    """A schema spelling with an offset, over a time with none (the site's
    own zone, not known here) or with fractions of a second it would drop:
    each file was refused at the write path's last check, "re-spelling
    'date' would change it", exit 3 and no advice.  Now a floating time is
    spelled as near as it goes (all but the zone), fractions stay, and each
    is named in a warning with what to do."""
    root = tmp_path / "lib"
    root.mkdir()
    dates = {f"p{n}.md": f"2021-04-0{n}T10:00:00+08:00" for n in range(1, 4)}
    dates |= {"floating.md": "2021/05/02 10:00", "fraction.md": "2021-05-03T10:00:00.250Z"}
    for name, text in dates.items():
        (root / name).write_text(f"---\ntitle: T\ndate: {text}\n---\nbody\n")
    assert main(["schema", "infer", str(root)]) == 0
    capsys.readouterr()
    assert main(["fix", str(root), "--respell-dates"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{root / 'floating.md'}:3: warning: 'date' is respelled like '2001-02-03T04:05:06', "
        "not like the schema's '2001-02-03T04:05:06+08:00': it has no time zone, which the "
        "schema's spelling has (the site's own is not known here); add it by hand",
        f"{root / 'fraction.md'}:3: warning: 'date' stays spelled like "
        "'2001-02-03T04:05:06.000Z', not like the schema's '2001-02-03T04:05:06+08:00': it "
        "has fractions of a second, which the schema's spelling drops (dropping them would "
        "change the moment); change it by hand",
        f"fix: respell-dates: 1 file(s) changed (undo: article-reader undo {root})",
    ]
    assert (root / "floating.md").read_text().splitlines()[2] == "date: 2021-05-02T10:00:00"
    assert (root / "fraction.md").read_text().splitlines()[2] == "date: 2021-05-03T10:00:00.250Z"


def _respell_library(root, odd: dict[str, bytes]):
    """Three articles whose dates are ``2021-04-0N 10:00:00`` (the spelling
    the schema infers), the ``odd`` files beside them, and the schema."""
    root.mkdir()
    for n in range(1, 4):
        (root / f"p{n}.md").write_text(f"---\ntitle: T\ndate: 2021-04-0{n} 10:00:00\n---\nbody\n")
    for name, data in odd.items():
        (root / name).write_bytes(data)
    assert main(["schema", "infer", str(root)]) == 0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(  # the value on the next line, the key's line a comment naming it
            "---\ntitle: x\ndate: # originally 2013/7/13 20:46:25\n  2013/7/13 20:46:25\n---\nb\n",
            "---\ntitle: x\ndate: # originally 2013/7/13 20:46:25\n  2013-07-13 20:46:25\n---\nb\n",
            id="yaml-value-on-next-line",
        ),
        pytest.param(  # an escaped value, the comment the same date in plain text
            '---\ntitle: x\ndate: "2013\\x2F7\\x2F13 20:46:25" # imported as 2013/7/13 20:46:25\n'
            "---\nb\n",
            '---\ntitle: x\ndate: "2013-07-13 20:46:25" # imported as 2013/7/13 20:46:25\n---\nb\n',
            id="yaml-escaped",
        ),
        pytest.param(  # the comment repeats the value as written (it was refused, exit 3)
            "---\ntitle: x\ndate: '2013/7/13 20:46:25' # was 2013/7/13 20:46:25\n---\nb\n",
            "---\ntitle: x\ndate: '2013-07-13 20:46:25' # was 2013/7/13 20:46:25\n---\nb\n",
            id="yaml-quoted-comment-repeats",
        ),
        pytest.param(
            "---\ntitle: x\ndate: !!str 2013/7/13 20:46:25 # 2013/7/13 20:46:25\n---\nb\n",
            "---\ntitle: x\ndate: !!str 2013-07-13 20:46:25 # 2013/7/13 20:46:25\n---\nb\n",
            id="yaml-tagged",
        ),
        pytest.param(
            '+++\ntitle = "x"\ndate = "2021/4/16 15:21:00" # was 2021/4/16 15:21:00\n+++\nb\n',
            '+++\ntitle = "x"\ndate = "2021-04-16 15:21:00" # was 2021/4/16 15:21:00\n+++\nb\n',
            id="toml-text",
        ),
        pytest.param(
            '+++\ntitle = "x"\ndate = 2021-04-16T15:21:00 # was 2021-04-16T15:21:00\n+++\nb\n',
            '+++\ntitle = "x"\ndate = 2021-04-16 15:21:00 # was 2021-04-16T15:21:00\n+++\nb\n',
            id="toml-date",
        ),
    ],
)
def test_respell_dates_changes_the_value_and_never_a_comment_naming_it(
    tmp_path, cache_dir, capsys, before, after
):
    """It replaced the first place on the key's line where the old text was:
    with the value on the next line (or escaped), that was the comment, the
    value stayed, and the check (of values only) passed: "saved", exit 0."""
    root = tmp_path / "lib"
    _respell_library(root, {"x.md": before.encode()})
    capsys.readouterr()
    assert main(["fix", str(root), "--respell-dates"]) == 0
    assert f"{root / 'x.md'}: saved" in capsys.readouterr().out
    assert (root / "x.md").read_bytes() == after.encode()
    assert main(["check", str(root)]) == 0
    assert "spelled like" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            '{"title": "x", "date": "2021/04/16 15:21:00"}\nbody\n',
            '{"title": "x", "date": "2021-04-16 15:21:00"}\nbody\n',
            id="hugo-one-line",
        ),
        pytest.param(
            ';;;\n"title": "x", "date": "2021/04/16 15:21:00"\n;;;\nbody\n',
            ';;;\n"title": "x", "date": "2021-04-16 15:21:00"\n;;;\nbody\n',
            id="hexo-one-line",
        ),
    ],
)
def test_respell_dates_in_json_front_matter_on_one_line(tmp_path, cache_dir, capsys, before, after):
    """It said "cannot find the line of 'date'; skipped", exit 3, where
    ``set -s 'date="2021-04-16 15:21:00"'`` changes it."""
    root = tmp_path / "lib"
    _respell_library(root, {"x.md": before.encode()})
    capsys.readouterr()
    assert main(["fix", str(root), "--respell-dates"]) == 0
    assert (root / "x.md").read_bytes() == after.encode()


def test_respell_dates_skips_a_value_it_cannot_place_naming_file_and_line(
    tmp_path, cache_dir, capsys
):
    """A value whose place is not for sure (over two lines, an alias) is
    skipped, the file and the key's line named; no other text is changed."""
    odd = {
        "alias.md": b"---\ntitle: x\nd0: &a 2013/7/13 20:46:25\ndate: *a\n---\nb\n",
        "lines.md": b"---\ntitle: x\ndate: 2013/7/13\n  20:46:25 # 2013/7/13\n---\nb\n",
    }
    root = tmp_path / "lib"
    _respell_library(root, odd)
    capsys.readouterr()
    assert main(["fix", str(root), "--respell-dates"]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[-2:] == [
        f"error: {root / 'alias.md'}: line 4: cannot re-spell 'date' in place: its value is "
        "an alias; respell it by hand; skipped",
        f"error: {root / 'lines.md'}: line 3: cannot re-spell 'date' in place: its value is "
        "not on one line; respell it by hand; skipped",
    ]
    for name, data in odd.items():
        assert (root / name).read_bytes() == data


def test_respell_dates_leaves_a_date_the_spelling_would_make_text_with_a_warning(
    tmp_path, cache_dir, capsys
):
    """The README: a date it cannot spell as the schema says is named in a
    warning with what to do.  A YAML date under a spelling that is text in
    YAML (``2021/04/01 10:00:00``) was an error, "would turn from a date into
    text; not re-spelled; skipped", exit 3."""
    root = tmp_path / "lib"
    root.mkdir()
    for n in (1, 2):
        (root / f"d{n}.md").write_text(f"---\ntitle: T\ndate: 2021-04-0{n} 10:00:00\n---\nb\n")
    for n in (3, 4, 5):
        (root / f"s{n}.md").write_text(f"---\ntitle: T\ndate: 2021/04/0{n} 10:00:00\n---\nb\n")
    before = snapshot(root)
    assert main(["schema", "infer", str(root)]) == 0
    capsys.readouterr()
    assert main(["fix", str(root), "--respell-dates"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{root / f'd{n}.md'}:3: warning: 'date' stays spelled like '2001-02-03 04:05:06', "
        "not like the schema's '2001/02/03 04:05:06': it is a YAML date, which that spelling "
        "would make text; respell it by hand if the site reads such text as a date, or "
        "change the schema's spelling"
        for n in (1, 2)
    ] + ["fix: respell-dates: nothing to do"]
    assert snapshot(root) == before


def test_fix_where_path_is_the_path_in_the_library(tmp_path, cache_dir, capsys):
    # the term was looked for in the whole path: the library's own folder
    # ("blog" of ~/blog) matched every article, and all were edited
    lib = tmp_path / "blog"
    for rel in ("notes/a.md", "posts/b.md"):
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        (lib / rel).write_text("---\ntitle: T\n---\nbody\n", encoding="utf-8")
    before = snapshot(lib)
    assert main(["fix", str(lib), "--add", "series=true", "--where", "path:blog"]) == 0
    assert snapshot(lib) == before
    assert main(["fix", str(lib), "--add", "series=true", "--where", "path:posts/"]) == 0
    assert (
        (lib / "posts" / "b.md")
        .read_text(encoding="utf-8")
        .startswith("---\ntitle: T\nseries: true\n")
    )
    assert (lib / "notes" / "a.md").read_bytes() == before["notes/a.md"]


def test_a_file_fix_where_path_leaves_out_is_not_reported(tmp_path, cache_dir, capsys):
    # (site attack) a file that does not parse, which --where path: left out,
    # was reported and made the fix exit 3
    lib = tmp_path / "blog"
    (lib / "posts").mkdir(parents=True)
    (lib / "posts" / "b.md").write_text("---\ntitle: T\n---\nbody\n", encoding="utf-8")
    (lib / "broken.md").write_text("---\ntitle: [broken\n---\nbody\n", encoding="utf-8")
    for where in ("--where=path:posts", "--where=-path:broken"):
        assert main(["fix", str(lib), "--add", "x=1", "--dry-run", where]) == 0, where
        err = capsys.readouterr().err
        assert "broken.md" not in err and "1 file(s) would change" in err
    assert main(["fix", str(lib), "--add", "x=1", "--dry-run"]) == 3  # (selected: said)
    assert "broken.md" in capsys.readouterr().err


def test_fix_where_selects_what_list_query_lists(tmp_path, cache_dir, capsys):
    """--where had a grammar of its own: cat:A/B matched nothing (a path
    looked for among single levels), cat:B every article with a level B
    anywhere (written to, where list --query cat:B lists none), date:2021
    nothing, and quotes were refused.  It is now the query language, with
    the fix's own has:, missing: and path: terms."""
    lib = tmp_path / "lib"
    lib.mkdir()
    files = {
        "a.md": (
            "---\ntitle: A\ncategories: [[金融, 银行]]\ntags: [x]\ndate: 2021-03-01\n---\nbody\n"
        ),
        "b.md": "---\ntitle: B\ncategories: [[其他, 银行]]\ndate: 2020-03-01\n---\nbody\n",
        "c.md": '---\ntitle: "Post 1"\ncategories: [金融]\ndate: 2021-05-01\n---\nwords\n',
    }
    for name, text in files.items():
        (lib / name).write_text(text, encoding="utf-8")

    def listed(query):
        capsys.readouterr()
        assert main(["list", "--json", f"--query={query}", str(lib)]) == 0
        return sorted(json.loads(line)["path"] for line in capsys.readouterr().out.splitlines())

    def fixed(where):
        before = snapshot(lib)
        capsys.readouterr()
        assert main(["fix", str(lib), "--add", "zz=1", f"--where={where}"]) == 0
        changed = sorted(p for p, data in snapshot(lib).items() if data != before[p])
        assert main(["undo", str(lib)]) in (0, 1) or True
        assert snapshot(lib) == before
        return changed

    for query in ("cat:金融/银行", "cat:银行", "date:2021", 'title:"Post 1"', "words", "-cat:金融"):
        assert fixed(query) == listed(query), query
    assert fixed("cat:金融/银行") == ["a.md"]
    assert fixed("cat:银行") == []
    assert fixed("has:tags") == ["a.md"]
    assert fixed("missing:tags date:2021") == ["c.md"]
    assert fixed("-has:tags cat:金融") == ["c.md"]
    assert fixed("path:b") == ["b.md"]


# A 1×1 PNG.
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _jekyll(root, drafts):
    """A Jekyll site at ``root`` with the drafts ``drafts`` (name → bytes)."""
    (root / "_posts").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / "_config.yml").write_text("title: x\n")
    for name, data in drafts.items():
        (root / "_drafts" / name).write_bytes(data)
    return root


def test_hugo_publish_reads_keys_in_any_case(tmp_path, cache_dir, capsys):
    # "Draft: true" was "not a draft" (exit 3); "Date" got a second "date"
    site = tmp_path / "hugo"
    (site / "content").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "x"\n')
    (site / "content/a.md").write_bytes(b"---\ntitle: D\nDate: 2020-05-05\ndraft: true\n---\nx\n")
    (site / "content/b.md").write_bytes(b"---\ntitle: E\nDraft: true\n---\nx\n")
    assert main(["publish", str(site), "content/a.md"]) == 0
    assert (site / "content/a.md").read_bytes() == (
        b"---\ntitle: D\nDate: 2020-05-05\ndraft: false\n---\nx\n"
    )
    assert main(["publish", str(site), "content/b.md"]) == 0
    assert (site / "content/b.md").read_text().startswith("---\ntitle: E\nDraft: false\ndate: ")
    assert main(["unpublish", str(site), "content/b.md"]) == 0
    assert "\nDraft: true\n" in (site / "content/b.md").read_text()


def test_a_published_post_still_shows_the_images_of_its_folder(tmp_path, cache_dir, capsys):
    site = _jekyll(tmp_path / "site", {"d.md": b"---\ntitle: D\n---\n![x](d/p.png)\n"})
    (site / "_drafts/d").mkdir()
    (site / "_drafts/d/p.png").write_bytes(_PNG)
    assert main(["publish", str(site), "_drafts/d.md"]) == 0
    [post] = (site / "_posts").glob("*-d.md")
    capsys.readouterr()
    assert main(["render", str(post), "--library", str(site)]) == 0
    out = capsys.readouterr().out
    assert f"{post.stem}/p.png" in out and "Image not found" not in out
    assert (post.parent / post.stem / "p.png").is_file()


def test_a_symbolic_link_to_a_draft_is_refused(tmp_path, cache_dir, capsys):
    site = _jekyll(tmp_path / "site", {"real.md": b"---\ntitle: R\n---\nx\n"})
    (site / "_drafts/alias.md").symlink_to("real.md")
    before = snapshot(site)
    assert main(["publish", str(site), "_drafts/alias.md"]) == 3
    err = capsys.readouterr().err
    assert f"{site / '_drafts/alias.md'}: cannot publish: a symbolic link to real.md" in err
    assert "Traceback" not in err
    assert snapshot(site) == before and list((site / "_posts").iterdir()) == []


def test_a_read_only_draft_is_refused_naming_the_draft(unprivileged):
    # the error named _posts/<date>-ro.md, a file that was not there
    site = _jekyll(unprivileged.folder / "site", {"ro.md": b"---\ntitle: RO\n---\nx\n"})
    unprivileged.give(site)
    (site / "_drafts/ro.md").chmod(0o444)
    before = snapshot(site)
    result = unprivileged.cli("publish", str(site), "_drafts/ro.md")
    assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr
    assert f"error: {site / '_drafts/ro.md'}: file is read-only; not published" in result.stderr
    assert "_posts" not in result.stderr
    assert snapshot(site) == before and list((site / "_posts").iterdir()) == []


def test_check_names_the_sites_files_as_it_names_the_articles(tmp_path, capsys, monkeypatch):
    # the articles relative to where it ran, the site's own files absolute
    site = tmp_path / "blog"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: [broken\n", encoding="utf-8")
    (site / "_posts" / "2021-01-01-a.md").write_text("---\ntitle: [x\n---\nb\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "blog"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "blog/_posts/2021-01-01-a.md",
        "blog/_config.yml",
    ]
    assert main(["check", str(site), "--json"]) == 1
    paths = [json.loads(line)["path"] for line in capsys.readouterr().out.splitlines()]
    assert paths == [str(site / "_posts" / "2021-01-01-a.md"), str(site / "_config.yml")]


def test_schema_infer_with_an_unreadable_file_exits_3(hexo, capsys):
    # (CLI attack) "error: …: cannot read the folder" was said and the
    # command exited 0; list exits 3 for the same library
    import os

    posts = os.fsencode(hexo / "source" / "_posts")
    with open(os.path.join(posts, b"bad\xffname.md"), "wb") as handle:
        handle.write(b"---\ntitle: bad\n---\n")
    for dry in (["--dry-run"], []):
        assert main(["schema", "infer", str(hexo), *dry]) == 3
        assert "error: " in capsys.readouterr().err
    assert (hexo / ".article-reader" / "schema.toml").is_file()  # (written all the same)
