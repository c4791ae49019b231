"""``fix --respell-dates`` with a schema whose ``spelling`` is any date
written the wanted way, not only the reference moment (2001-02-03 04:05:06)."""

from __future__ import annotations

import pytest

from reader.core.site.fix import FixRule, plan_fix
from reader.core.site.schema import load_schema


def _library(tmp_path, spelling: str, files: dict[str, str]):
    (tmp_path / ".article-reader").mkdir()
    (tmp_path / ".article-reader" / "schema.toml").write_text(
        f'[keys.date]\ntype = "date"\nspelling = "{spelling}"\n', encoding="utf-8"
    )
    for name, date_line in files.items():
        (tmp_path / name).write_text(f"---\ntitle: T\n{date_line}\n---\nbody\n", encoding="utf-8")
    return plan_fix(str(tmp_path), FixRule("respell-dates"), sorted(files), load_schema(tmp_path))


@pytest.mark.parametrize(
    ("spelling", "same", "other", "respelled"),
    [
        (
            "2021-04-16 10:00",
            "date: 2022-01-30 11:00",
            "date: '2022/1/30 11:00'",
            "2022-01-30 11:00",
        ),
        (  # README's own example, and the sample library's tech-fair-opens.html
            "Fri, 16 Apr 2021 15:21:00 GMT",
            "date: Sat, 17 Apr 2021 09:30:00 GMT",
            "date: '2021-04-17 09:30:00Z'",
            "Sat, 17 Apr 2021 09:30:00 GMT",
        ),
    ],
)
def test_a_spelling_that_is_not_the_reference_moment_is_written(
    tmp_path, spelling, same, other, respelled
):
    # the example was compared as written: every date was left, "no spelling
    # of that moment reads like it", and 0 files changed
    plan = _library(tmp_path, spelling, {"same.md": same, "other.md": other})
    assert plan.left == []
    assert [item.path for item in plan.items] == ["other.md"]
    assert f"date: '{respelled}'".encode() in plan.items[0].new_raw


def test_what_is_left_names_the_schemas_spelling_as_it_is_compared(tmp_path):
    plan = _library(tmp_path, "2021-04-16 10:00", {"a.md": "date: 2022-01-30"})
    assert plan.items == []
    [(path, line, why)] = plan.left
    assert (path, line) == ("a.md", 3)
    assert why == (
        "'date' stays spelled like '2001-02-03', not like the schema's '2001-02-03 04:05' "
        "(written '2021-04-16 10:00'): it has no time, which the schema's spelling has; "
        "add one by hand"
    )
