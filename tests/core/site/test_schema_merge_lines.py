"""``schema infer`` into an existing schema file that cannot take the new
keys: the error names the schema file and the line of the problem, and
the file is left as it was (it used to say ``[keys] must be a table of
keys`` with no line, name a line past the end of the file, or append keys
to a schema that ``check`` then refused)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.site.schema import (
    KeyRule,
    Schema,
    SchemaError,
    load_schema,
    merge_schema,
    schema_path,
    write_schema,
)

INFERRED = Schema(
    {"title": KeyRule("title", "string", True, 1.0), "date": KeyRule("date", "date")},
    3,
    {"posts": {"layout": KeyRule("layout", "string", True)}},
)

CASES = {
    # keys as an inline table: [keys.date] cannot be appended to it
    "inline keys": (
        'articles = 3\nkeys = { title = { type = "string" } }\n',
        2,
        "keys is written as an inline table (keys = { … }), to which no table can be added; "
        "write it as [keys.NAME] tables to infer again",
    ),
    "inline folders": (
        'folders = { other = { keys = {} } }\n\n[keys.title]\ntype = "string"\n',
        1,
        "folders is written as an inline table",
    ),
    "array of tables": (
        "articles = 3\n\n[[keys]]\ntitle = 1\n",
        3,
        "[keys] must be a table of keys",
    ),
    "keys a string": ('articles = 3\nkeys = "title"\n', 2, "[keys] must be a table of keys"),
    "folders a number": (
        'folders = 1\n\n[keys.title]\ntype = "string"\n',
        1,
        "[folders] must be a table of folders",
    ),
    "unknown type": (
        '[keys.title]\ntype = "string"\n\n[keys.tags]\ntype = "lists"\n',
        5,
        "keys.tags: unknown type 'lists'",
    ),
    "a folder that is no table": (
        '[keys.title]\ntype = "string"\n\n[folders]\nposts = 1\n',
        5,
        "folders.posts must be a table",
    ),
    "invalid TOML": ('[keys.title]\ntype = "string"\nrequired = tru\n', 3, "invalid TOML"),
}


@pytest.mark.parametrize("text, line, message", CASES.values(), ids=list(CASES))
def test_a_merge_that_cannot_be_done_names_the_line(tmp_path, text, line, message):
    path = schema_path(tmp_path)
    path.parent.mkdir()
    path.write_text(text)
    with pytest.raises(SchemaError) as caught:
        merge_schema(text.encode(), INFERRED, path)
    assert caught.value.path == str(path)
    assert caught.value.line == line, str(caught.value)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")
    with pytest.raises(SchemaError) as written:
        write_schema(tmp_path, INFERRED)
    assert written.value.line == line
    assert path.read_text() == text  # nothing written


def test_a_merge_into_a_good_schema_still_appends(tmp_path):
    text = '# mine\narticles = 3\n\n[keys.title]\ntype = "string"  # kept\n'
    data, added = merge_schema(text.encode(), INFERRED, Path("schema.toml"))
    assert added == ["date", "folders.posts.layout"]
    assert data.decode().startswith(text)
    # dotted keys take the appended tables too
    data, added = merge_schema(b'keys.title.type = "string"\n', INFERRED, Path("schema.toml"))
    assert added == ["date", "folders.posts.layout"]
    path = schema_path(tmp_path)
    path.parent.mkdir()
    path.write_bytes(data)
    loaded = load_schema(tmp_path)
    assert loaded is not None and set(loaded.keys) == {"title", "date"}


def test_an_inline_table_with_nothing_to_add_is_left_alone():
    text = b"keys = { title = {}, date = {} }\n[folders.posts.keys.layout]\n"
    assert merge_schema(text, INFERRED, Path("schema.toml")) == (text, [])


def test_a_result_that_would_not_read_names_a_line_of_the_file(monkeypatch):
    """Should the appended tables not read after the file's own text (a
    case the checks above do not foresee), the line named is the file's
    line of the table added to, never one past its end."""
    import tomlkit

    monkeypatch.setattr(tomlkit, "dumps", lambda _document: "[keys.title]\ntype = 1\n")
    text = b'articles = 1\n\n[keys.title]\ntype = "string"\n'
    with pytest.raises(SchemaError) as caught:
        merge_schema(text, INFERRED, Path("schema.toml"))
    assert caught.value.line == 3
    assert "the inferred keys cannot be added to the schema as it is written" in str(caught.value)


def test_a_schema_nested_too_deep_names_its_line_not_a_recursion_error(tmp_path):
    """tomlkit recurses once per level: 5,000 levels raised RecursionError."""
    path = schema_path(tmp_path)
    path.parent.mkdir()
    text = '[keys.title]\ntype = "string"\nnote = "[[[["\nx = ' + "[" * 5000 + "]" * 5000 + "\n"
    path.write_text(text)
    for action in (lambda: load_schema(tmp_path), lambda: write_schema(tmp_path, INFERRED)):
        with pytest.raises(SchemaError) as caught:
            action()
        assert caught.value.line == 4
        assert caught.value.message == "the schema nests deeper than 100 levels"
    assert path.read_text() == text


def test_a_number_too_long_for_python_names_its_line_not_a_value_error(tmp_path):
    """tomlkit raised a bare ValueError (Python reads at most 4,300 digits)."""
    path = schema_path(tmp_path)
    path.parent.mkdir()
    path.write_text("articles = 3\n\n[keys.title]\nshare = " + "9" * 5000 + "\n")
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path)
    assert (caught.value.line, caught.value.message) == (
        4,
        "the schema holds a number of more than 4,300 digits",
    )
    path.write_text("articles = " + "9" * 4300 + "\n")  # as many as Python reads
    loaded = load_schema(tmp_path)
    assert loaded is not None and loaded.articles == int("9" * 4300)
