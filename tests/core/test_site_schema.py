"""The schema: inferred, saved losslessly, checked; and fixes in bulk with
dry-run diffs and undo, every other byte kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.library.facade import Library
from reader.core.site.fix import FixRule
from reader.core.site.schema import (
    KeyRule,
    Schema,
    SchemaError,
    date_spelling,
    infer_schema,
    load_schema,
    merge_schema,
    schema_path,
    value_type,
    write_schema,
)
from tests.fixtures.library_gen import write_library

MIXED = {
    "a.md": "---\ntitle: A\ndate: 2024-01-02 10:00:00\nlayout: post\ncategories: [x, y]\n"
    "author: Ann\nlink: https://example.org/a\ndraft: false\nweight: 3\n---\nbody a\n",
    "b.md": "---\ntitle: B\ndate: 2024-01-03 11:00:00\nlayout: post\ncategories: [x]\n"
    "author: Bo\ndraft: true\n---\nbody b\n",
    "c.md": "---\ntitle: C\ndate: 2024/1/4 12:00:00\nlayout: page\ncategories: 编程\n---\nbody c\n",
    "d.md": "title: D\ndate: 2024-01-05 13:00:00\nlayout: post\ncategories: [z]\nauthor: Cy\n"
    "---\nbody d\n---\nrule\n",
    "e.md": "+++\ntitle = 'E'\ndate = 2024-01-06T14:00:00\nlayout = 'post'\n"
    "categories = ['x']\nauthor = 'Di'\n+++\nbody e\n",
    "f.md": "---\ntitle: F\ndate: 2024-01-07 15:00:00\nlayout: pots\n---\nbody f\n",
    "g.md": "---\ntitle: G\nlayout: post\ncategories: [x]\n---\nbody g\n",
    "broken.md": "---\ntitle: [\n---\n",
    "plain.md": "no front matter at all\n---\n",
}


@pytest.fixture
def mixed(tmp_path):
    root = tmp_path / "mixed"
    root.mkdir()
    for name, text in MIXED.items():
        (root / name).write_text(text, encoding="utf-8")
    library = Library.open(root, tmp_path / "cache")
    library.refresh()
    yield root, library
    library.close()


def test_value_types():
    assert value_type("https://x.org/a") == "url"
    assert value_type("2024/1/4 12:00:00") == "date"
    assert value_type("2024 was a year") == "string"
    assert value_type(True) == "boolean" and value_type(3) == "number"
    assert value_type([1]) == "list" and value_type({"a": 1}) == "mapping"
    assert value_type(None) is None


def test_inference_on_a_mixed_library(mixed):
    _, library = mixed
    schema = library.infer_schema()
    assert schema.articles == 7  # the broken and the plain file do not count
    rules = schema.keys
    assert rules["title"].required and rules["title"].type == "string"
    assert rules["date"].type == "date" and rules["date"].share == round(6 / 7, 3)
    assert rules["date"].spelling == "2001-02-03 04:05:06"
    assert rules["layout"].values == ("page", "post", "pots")
    assert rules["categories"].type == "list" and rules["categories"].shape == "path"
    assert rules["link"].type == "url"
    assert rules["draft"].type == "boolean" and rules["weight"].type == "number"
    assert not rules["author"].required


def test_inference_on_the_generated_library(tmp_path):
    write_library(tmp_path / "gen", 300, size=300)
    with Library.open(tmp_path / "gen", tmp_path / "cache") as library:
        library.refresh()
        schema = library.infer_schema()
    assert schema.articles == 300
    for key in ("title", "author", "comments", "headimg", "thumbnail"):
        assert schema.keys[key].required, key
    assert schema.keys["comments"].type == "boolean"
    assert schema.keys["headimg"].type == "url"
    assert schema.keys["date"].type == "date" and not schema.keys["date"].required
    assert schema.keys["categories"].shape == "path"
    assert set(schema.keys["author"].values) <= {
        "本地记者",
        "编辑部",
        "王小明",
        "Ada Park",
        "R. Osei",
        "园艺社",
        "Staff",
    }


def test_the_schema_file_is_written_then_merged_losslessly(mixed):
    root, library = mixed
    schema = library.infer_schema()
    path, added = library.save_schema(schema)
    assert path == root / ".article-reader" / "schema.toml"
    assert added == list(schema.keys)
    assert load_schema(root) is not None
    assert load_schema(root).keys == schema.keys  # type: ignore[union-attr]
    # A person edits it: a comment, a changed rule, a key dropped.
    text = path.read_text()
    text = text.replace("[keys.author]\n", "# who wrote it\n[keys.author]   # mine\n")
    text = text.replace(
        '[keys.layout]\ntype = "string"\nrequired = false',
        '[keys.layout]\ntype = "string"\nrequired = true',
    )
    start = text.index("[keys.weight]")
    text = text[:start]
    path.write_text(text, encoding="utf-8")
    path2, added2 = library.save_schema(schema)
    assert path2 == path and added2 == ["weight"]
    merged = path.read_text()
    assert merged.startswith(text)  # every byte the person wrote is kept
    assert load_schema(root).keys["layout"].required  # type: ignore[union-attr]
    # Nothing new: the file is not touched.
    assert library.save_schema(schema)[1] == []
    assert path.read_text() == merged


def test_a_broken_schema_is_reported_with_its_line(tmp_path):
    path = schema_path(tmp_path)
    path.parent.mkdir()
    path.write_text("[keys.title]\ntype = \n")
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path)
    assert caught.value.line == 2
    path.write_text('[keys.title]\ntype = "colour"\n')
    with pytest.raises(SchemaError, match="unknown type"):
        load_schema(tmp_path)
    path.write_text("[keys.title\n")
    with pytest.raises(SchemaError):
        write_schema(tmp_path, Schema({"x": KeyRule("x", "string")}, 1))
    assert path.read_text() == "[keys.title\n"


def test_a_long_value_is_cut_in_a_schemas_message(tmp_path):
    # (CLI attack) a spelling of 110 KB was said whole by check and fix
    path = schema_path(tmp_path)
    path.parent.mkdir()
    path.write_text(f'[keys.date]\ntype = "date"\nspelling = "{"x" * 110_000}"\n')
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path)
    message = str(caught.value)
    assert "spelling 'xxx" in message and "…'" in message and len(message) < 400
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # tomlkit: "Unexpected character: '\\x00' at line 1 col 0" (the end of the text)
        ("garbage = [\n", 1, "invalid TOML: Invalid value (at the end of the file)"),
        ("# mine\n\n[keys.title]\ntype = [\n\n", 4, "(at the end of the file)"),
        ('[keys.title]\ntype = "string"\nrequired = @\n', 3, "Invalid value (column 12)"),
        ("[keys\n", 1, "Expected ']' at the end of a table declaration (column 6)"),
    ],
)
def test_invalid_toml_in_the_schema_is_described_at_its_place(tmp_path, text, line, message):
    path = schema_path(tmp_path)
    path.parent.mkdir()
    path.write_text(text)
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path)
    assert caught.value.line == line
    assert caught.value.message.startswith("invalid TOML: ")
    assert caught.value.message.endswith(message)
    assert "\\x00" not in caught.value.message and " col " not in caught.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # (fuzzing: an OverflowError, and tomlkit's KeyAlreadyPresent, as they were read)
        ("[keys.a]\nshare = 1" + "0" * 400 + "\n", "share must be a number from 0 to 1"),
        ("[keys.a]\nshare = nan\n", "share must be a number from 0 to 1"),
        ("[keys.a]\nshare = 1.5\n", "share must be a number from 0 to 1"),
        ("[keys.a]\nvalues = [0x" + "f" * 4000 + "]\n", "more than 4,300 digits"),
        (
            '[keys.a]\ntype = "url"\n[folders.x]\n[keys.b]\n[keys.a]\ntype = "url"\n',
            "invalid TOML: ",
        ),
    ],
)
def test_a_schema_tomlkit_or_float_cannot_take_is_refused(tmp_path, text, message):
    path = schema_path(tmp_path)
    path.parent.mkdir()
    path.write_text(text)
    with pytest.raises(SchemaError, match=message):
        load_schema(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_folder_as_the_schema_is_refused_without_blocking(tmp_path):
    from tests.core.guards import finishes

    path = schema_path(tmp_path)
    path.parent.mkdir()
    os.mkfifo(path)
    for attempt in (load_schema, lambda root: write_schema(root, Schema({}, 1))):
        refused = finishes(attempt, tmp_path)
        assert isinstance(refused, SchemaError) and refused.path == str(path)
        assert refused.message == (
            "the schema is a FIFO (named pipe), not a regular file; not read"
        )
    path.unlink()
    path.mkdir()
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path)
    assert str(caught.value) == f"{path}: the schema is a folder; not read"
    path.rmdir()
    path.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(SchemaError, match="the schema is larger than 1 MB; not read"):
        load_schema(tmp_path)
    path.unlink()
    path.symlink_to(tmp_path / "nowhere")
    with pytest.raises(SchemaError, match="the schema is a symbolic link"):
        load_schema(tmp_path)  # even a link to nothing: writing would go through it


def test_a_schema_with_a_bom_is_read_and_kept(tmp_path):
    path = schema_path(tmp_path)
    path.parent.mkdir()
    original = '\ufeff# mine\n[keys.title]\ntype = "string"\n'.encode()
    path.write_bytes(original)
    assert load_schema(tmp_path).keys["title"].type == "string"  # type: ignore[union-attr]
    write_schema(tmp_path, Schema({"x": KeyRule("x", "number")}, 1))
    data = path.read_bytes()
    assert data.startswith(original) and b"[keys.x]" in data
    assert load_schema(tmp_path).keys["x"].type == "number"  # type: ignore[union-attr]


def test_merge_keeps_crlf_files_readable(tmp_path):
    existing = b'# mine\r\n[keys.title]\r\ntype = "string"\r\n'
    data, added = merge_schema(existing, Schema({"x": KeyRule("x", "number")}, 1), tmp_path)
    assert data.startswith(existing) and added == ["x"]
    assert b"\n[keys.x]" not in data.replace(b"\r\n", b"")


def test_check_reports_each_violation_with_its_line(mixed):
    root, library = mixed
    library.save_schema(library.infer_schema())
    text = schema_path(root).read_text()
    text = text.replace('values = ["page", "post", "pots"]', 'values = ["page", "post"]')
    text = text.replace(
        '[keys.author]\ntype = "string"\nrequired = false',
        '[keys.author]\ntype = "string"\nrequired = true',
    )
    schema_path(root).write_text(text)
    schema = library.schema()
    assert schema is not None
    found = {(f.path, f.line, f.key): f.message for f in library.check_schema(schema)}
    assert found[("c.md", 3, "date")].startswith("'date' is spelled like '2001/2/3 04:05:06'")
    assert found[("c.md", 5, "categories")] == "'categories' is a string, the schema says list"
    assert found[("f.md", 4, "layout")] == "'layout' is 'pots', not one of: page, post"
    assert found[("f.md", 2, "author")] == "the required key 'author' is missing"
    assert ("d.md", 1, "author") not in found
    assert all(path not in ("broken.md", "plain.md") for path, _, _ in found)


def file_bytes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file()}


def test_fix_add_dry_run_apply_and_undo(mixed):
    root, library = mixed
    before = file_bytes(root)
    plan = library.plan_fix(FixRule("add", "author", "Staff", "Staff"))
    assert sorted(item.path for item in plan.items) == ["c.md", "f.md", "g.md"]
    assert "+author: Staff" in plan.diff()
    assert file_bytes(root) == before  # a plan writes nothing
    result = library.apply(plan)
    assert sorted(result.changed) == ["c.md", "f.md", "g.md"]
    after = file_bytes(root)
    for name, old in before.items():
        if name in ("c.md", "f.md", "g.md"):
            head, sep, body = old.partition(b"\n---\n")
            assert after[name] == head + b"\nauthor: Staff" + sep + body
        else:
            assert after[name] == old
    library.undo_last()
    assert file_bytes(root) == before


def test_fix_categories_list_and_where(mixed):
    root, library = mixed
    before = file_bytes(root)
    plan = library.plan_fix(FixRule("categories-list"))
    assert [item.path for item in plan.items] == ["c.md"]
    library.apply(plan)
    assert (root / "c.md").read_bytes() == before["c.md"].replace(
        b"categories: \xe7\xbc\x96\xe7\xa8\x8b\n", b"categories:\n- \xe7\xbc\x96\xe7\xa8\x8b\n"
    )
    library.undo_last()
    only = library.plan_fix(
        FixRule("add", "series", "s1", "s1"), where=lambda a: a.metadata.get("layout") == "page"
    )
    assert [item.path for item in only.items] == ["c.md"]


def test_fix_respell_dates_keeps_the_moment(mixed):
    root, library = mixed
    library.save_schema(library.infer_schema())
    before = file_bytes(root)
    plan = library.plan_fix(FixRule("respell-dates"))
    # (a TOML or YAML date value is spelled as its text: e.md's TOML date
    # writes a T where the site writes a blank)
    assert [item.path for item in plan.items] == ["c.md", "e.md"]
    library.apply(plan)
    assert (root / "c.md").read_bytes() == before["c.md"].replace(
        b"2024/1/4 12:00:00", b"2024-01-04 12:00:00"
    )
    assert (root / "e.md").read_bytes() == before["e.md"].replace(
        b"date = 2024-01-06T14:00:00", b"date = 2024-01-06 14:00:00"
    )
    assert all(
        after == before[name]
        for name, after in file_bytes(root).items()
        if name not in ("c.md", "e.md")
    )
    library.undo_last()
    assert file_bytes(root) == before


def test_reference_spelling_round_trips():
    schema = infer_schema([])
    assert schema.articles == 0 and not schema.keys
    from reader.core.article.dates import DateStyle

    for style in (DateStyle(), DateStyle(kind="slash", padded=False), DateStyle(has_time=False)):
        assert date_spelling(style)


def test_a_draft_may_lack_the_date(tmp_path):
    from reader.core.article.codec import parse_article
    from reader.core.site.schema import check_article

    schema = Schema({"date": KeyRule("date", "date", required=True)}, 2)
    article = parse_article(b"---\ntitle: x\n---\n", "d.md")
    assert [f.key for f in check_article(schema, "d.md", article)] == ["date"]
    assert check_article(schema, "d.md", article, draft=True) == []


def test_per_folder_rules_are_inferred_saved_and_used(tmp_path):
    root = tmp_path / "mixed-folders"
    for i in range(25):
        folder = root / "blog"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"p{i}.md").write_text(
            f"---\ntitle: P{i}\ndate: 2024-01-{i % 28 + 1:02d} 10:00:00\nlayout: post\n---\nx\n"
        )
        news = root / "news"
        news.mkdir(exist_ok=True)
        (news / f"n{i}.md").write_text(
            f"---\ntitle: N{i}\ndate: 2024/1/{i % 28 + 1} 10:00:00\nsource: Wire\n---\nx\n"
        )
    with Library.open(root, tmp_path / "cache") as library:
        library.refresh()
        schema = library.infer_schema()
        assert set(schema.folders) == {"blog", "news"}
        assert schema.folders["blog"]["layout"].required
        assert schema.folders["news"]["source"].required
        assert schema.folders["news"]["date"].spelling == "2001/2/3 04:05:06"
        assert not schema.keys["layout"].required  # only half the library has it
        path, added = library.save_schema(schema)
        assert "folders.news.source" in added
        text = path.read_text()
        assert "[folders.news.keys.source]" in text
        loaded = library.schema()
        assert loaded is not None and loaded.folders.keys() == schema.folders.keys()
        assert loaded.for_path("news/n1.md").keys["date"].spelling == "2001/2/3 04:05:06"
        assert loaded.for_path("blog/p1.md").keys["layout"].required
        assert loaded.for_path("other.md").keys == loaded.keys
        # each folder's articles meet their own rules: no warnings
        assert library.check_schema(loaded) == []
        # a news article without a source breaks its folder's rule only
        (root / "news" / "n0.md").write_text("---\ntitle: N0\ndate: 2024/1/1 10:00:00\n---\n")
        library.refresh()
        found = library.check_schema(loaded)
        assert [(f.path, f.key) for f in found] == [("news/n0.md", "source")]
        # merging again keeps the file as it is
        assert library.save_schema(schema)[1] == []
        assert path.read_text() == text


def test_fix_categories_list_keeps_a_comment_on_the_line(tmp_path):
    (tmp_path / "a.md").write_bytes(b"title: A\ncategories: News # from the old blog\n---\na\n")
    quoted = b'---\ntitle: B\ncategories: "Q, R" # keep me\n---\nb\n'
    (tmp_path / "b.md").write_bytes(quoted)
    library = Library.open(tmp_path, tmp_path / "cache")
    library.refresh()
    plan = library.plan_fix(FixRule("categories-list"))
    # (b.md was skipped: its comment would have gone; the lossless patcher
    # keeps a comment on the key line when the value becomes a block list)
    assert [item.path for item in plan.items] == ["a.md", "b.md"]
    assert plan.skipped == []
    library.apply(plan)
    assert (tmp_path / "a.md").read_bytes() == (
        b"title: A\ncategories: [News] # from the old blog\n---\na\n"
    )
    assert (tmp_path / "b.md").read_bytes() == (
        b"---\ntitle: B\ncategories: # keep me\n- Q, R\n---\nb\n"
    )
    library.undo_last()
    assert (
        tmp_path / "a.md"
    ).read_bytes() == b"title: A\ncategories: News # from the old blog\n---\na\n"
    assert (tmp_path / "b.md").read_bytes() == quoted


def test_fix_categories_list_takes_a_number_or_a_date_as_the_category(tmp_path):
    # `categories: 2020` is the category 2020 to show, list and rename-category;
    # the fix passed over it without a word (it took only text)
    (tmp_path / "a.md").write_bytes(b"---\ntitle: A\ncategories: 2020\n---\na\n")
    (tmp_path / "b.md").write_bytes(b"---\ntitle: B\ncategories: 2021-05-01\n---\nb\n")
    (tmp_path / "c.md").write_bytes(b"---\ntitle: C\ncategories: true\n---\nc\n")
    library = Library.open(tmp_path, tmp_path / "cache")
    library.refresh()
    plan = library.plan_fix(FixRule("categories-list"))
    assert [item.path for item in plan.items] == ["a.md", "b.md"]
    library.apply(plan)
    assert (tmp_path / "a.md").read_bytes() == b"---\ntitle: A\ncategories:\n- 2020\n---\na\n"
    assert (tmp_path / "b.md").read_bytes() == (
        b"---\ntitle: B\ncategories:\n- 2021-05-01\n---\nb\n"
    )
    library.undo_last()
    library.close()


def _loaded(tmp_path: Path, text: str) -> Schema:
    (tmp_path / ".article-reader").mkdir(exist_ok=True)
    (tmp_path / ".article-reader" / "schema.toml").write_text(text, encoding="utf-8")
    schema = load_schema(tmp_path)
    assert schema is not None
    return schema


def _dated(line: str, name: str = "a.md"):
    from reader.core.article.codec import parse_article

    return parse_article(f"---\ntitle: T\n{line}\n---\nbody\n".encode(), name)


@pytest.mark.parametrize(
    ("spelling", "same", "other", "shown"),
    [
        ("2021-04-16", "date: 2022-01-30", "date: 2022-01-30 10:00", "'2001-02-03'"),
        (  # README's own example, and the sample library's tech-fair-opens.html
            "Fri, 16 Apr 2021 15:21:00 GMT",
            "date: Sat, 17 Apr 2021 09:30:00 GMT",
            "date: 2021-04-17 09:30:00",
            "'Sat, 03 Feb 2001 04:05:06 GMT'",
        ),
        ("2021/4/16 10:00", "date: 2013/7/13 20:46", "date: 2013/07/13 20:46", "'2001/2/3 04:05'"),
    ],
)
def test_a_spelling_means_its_style_not_its_moment(tmp_path, spelling, same, other, shown):
    # any example but the reference moment (2001-02-03 04:05:06) matched no
    # article: each was reported as spelled otherwise, in the very same style
    from reader.core.site.schema import check_article

    schema = _loaded(tmp_path, f'[keys.date]\ntype = "date"\nspelling = "{spelling}"\n')
    assert schema.keys["date"].spelling == spelling  # (kept as written)
    good = _dated(same)
    assert not check_article(schema, "a.md", good)
    bad = _dated(other, "b.md")
    [finding] = check_article(schema, "b.md", bad)
    assert finding.message.endswith(f"the schema like {shown} (written {spelling!r})")


def test_the_spelling_tally_compares_the_style_of_the_example(tmp_path):
    from reader.core.site.schema import SpellingTally

    schema = _loaded(tmp_path, '[keys.date]\ntype = "date"\nspelling = "2021-04-16"\n')
    tally = SpellingTally(schema)
    for n in range(3):
        tally.add(f"{n}.md", _dated(f"date: 2022-01-{n + 10}", f"{n}.md"))
    assert tally.unmatched(tmp_path) == []
    other = SpellingTally(schema)
    for n in range(3):
        other.add(f"{n}.md", _dated(f"date: 2022-01-{n + 10} 10:00", f"{n}.md"))
    [finding] = other.unmatched(tmp_path)
    assert finding.line == 3
    assert "spells it like '2001-02-03' (written '2021-04-16') (most like" in finding.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # a key named "" (no line: its table is only declared by the one in it)
        ('[keys."".x]\ntype = "string"\n', 1, "keys.\"\": unknown field 'x'"),
        ('[keys.date]\ntype = "date"\n\n[keys.date.x]\na = 1\n', 4, "keys.date: unknown field 'x'"),
        # values of the wrong type were taken (for 0, or as text)
        ('articles = "x"\n[keys.title]\ntype = "string"\n', 1, "articles must be a whole number"),
        ("# c\narticles = true\n", 2, "articles must be a whole number"),
        ("articles = -3\n", 1, "articles must be a whole number"),
        (
            '[keys.tags]\ntype = "list"\nvalues = ["a", 1, [2]]\n',
            3,
            "values must be a list of text",
        ),
        # a folder no article of the library is in
        (
            '[folders."../../etc".keys.title]\ntype = "string"\n',
            1,
            "'../../etc' is not a folder of the library",
        ),
        ('[folders."news/../..".keys.title]\n', 1, "is not a folder of the library"),
        ('[folders."a//b".keys.title]\n', 1, "is not a folder of the library"),
        ("[folders.'..\\etc'.keys.title]\n", 1, "is not a folder of the library"),
        ('[folders."C:/x".keys.title]\n', 1, "is not a folder of the library"),
        ('[folders.""]\n', 1, "is not a folder of the library"),
    ],
)
def test_schema_values_of_the_wrong_kind_name_their_line(tmp_path, text, line, message):
    (tmp_path / ".article-reader").mkdir()
    (tmp_path / ".article-reader" / "schema.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(tmp_path)
    assert message in raised.value.message
    assert raised.value.line == line


def test_a_folder_written_with_slashes_around_it_is_the_librarys(tmp_path):
    text = '[folders."/news/2021/".keys.title]\nrequired = true\n'
    schema = _loaded(tmp_path, text)
    assert list(schema.folders) == ["news/2021"]
    assert schema.for_path("news/2021/a.md").keys["title"].required
