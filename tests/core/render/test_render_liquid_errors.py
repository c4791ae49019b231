"""A Liquid statement that Python cannot evaluate (a date out of range, text
that is no number, a value nested too deep) fails alone, with a notice that
names its line and what was wrong; the rest of the page is evaluated."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.render import liquid
from reader.core.render.liquid import render_liquid
from reader.core.render.sitecontext import SiteContext


def _site(root: Path) -> SiteContext:
    return SiteContext(kind="jekyll", root=root, includes_dir=root / "_includes")


def _render(root: Path, source: str, page: dict | None = None):
    result = render_liquid(source, _site(root), page or {"title": "Hello"}, first_line=4)
    return result.restore(result.text), [(n.line, n.message) for n in result.notices]


def test_a_timestamp_out_of_range_fails_only_its_output(tmp_path):
    source = (
        "Title: {{ page.title }}\n\n"
        "{{ '99999999999999999' | date: '%Y' }}\n\n"
        "{{ 253402300800 | date: '%Y' }}\n\n"
        "{{ 0 | date: '%Y' }} end\n"
    )
    shown, notices = _render(tmp_path, source)
    assert notices == [
        (6, "date: 99999999999999999 is out of range"),
        (8, "date: 253402300800 is out of range"),
    ]
    assert "Title: Hello" in shown
    assert "Liquid: date: 99999999999999999 is out of range (line 6)" in shown
    assert "1970 end" in shown
    assert "cannot evaluate" not in shown and "{{" not in shown


def test_inside_a_block_only_the_statement_fails(tmp_path):
    source = (
        "{% if true %}A {{ 253402300800 | date: '%Y' }} B{% endif %}\n"
        "{% for i in (1..2) %}[{{ '99999999999999999' | date: '%Y' }}{{ i }}]{% endfor %}\n"
    )
    shown, notices = _render(tmp_path, source)
    assert notices == [
        (4, "date: 253402300800 is out of range"),
        (5, "date: 99999999999999999 is out of range"),
    ]
    assert shown.startswith("A <span") and "</span> B\n" in shown
    assert shown.endswith("1][2]\n")  # both items: the notice once (the same line)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "{{ '99999999999999999999 Jan' | date: '%Y' }}",
            "date: 99999999999999999999 Jan is out of range",
        ),
        ("{{ -99999999999999 | date: '%Y' }}", "date: -99999999999999 is out of range"),
        ("{{ '1e99999' | ceil }}", "ceil: cannot convert float infinity to integer"),
        ("{{ '1e99999' | round }}", "round: cannot convert float infinity to integer"),
        ("{{ 'x' | sum }}", "sum: not a number"),
        ("{{ page.deep | jsonify }}", "jsonify: nested too deeply"),
        ("{{ page.huge | to_integer }}", "to_integer: inf is not a finite number"),
    ],
)
def test_python_errors_of_filters_are_notices_with_words(tmp_path, expression, message):
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    page = {"deep": deep, "huge": float("inf")}
    shown, notices = _render(tmp_path, f"before\n{expression}\nafter\n", page)
    assert "before" in shown and "after" in shown
    assert notices == [(5, message)]
    for name in ("OverflowError", "ValueError", "InvalidOperation", "RecursionError", "OSError"):
        assert name not in shown


def test_to_integer_reads_numbers_as_jekyll_does(tmp_path):
    shown, notices = _render(
        tmp_path,
        "{{ '12abc' | to_integer }} {{ 'abc' | to_integer }} {{ '1e400' | to_integer }} "
        "{{ 3.7 | to_integer }} {{ true | to_integer }} {{ ' -4' | to_integer }}\n",
    )
    assert notices == []
    assert shown == "12 0 1 3 1 -4\n"


def test_dates_that_are_no_dates_are_given_back(tmp_path):
    shown, notices = _render(
        tmp_path,
        "{{ 'soon' | date: '%Y' }} {{ '2024-02-30' | date: '%Y' }} {{ 1.5 | date: '%Y' }} "
        "{{ '2024-03-01' | date: '%d.%m.%Y' }} {{ '2024-03-01' | date: '' }}\n",
    )
    assert notices == []
    assert shown == "soon 2024-02-30 1.5 01.03.2024 2024-03-01\n"


def test_a_page_that_cannot_be_evaluated_says_why(tmp_path, monkeypatch):
    def fails(source, state, page):
        raise OSError(75, "Value too large for defined data type")

    monkeypatch.setattr(liquid, "_evaluate", fails)
    shown, notices = _render(tmp_path, "x {{ page.title }}\n")
    assert notices == [(None, "cannot evaluate: Value too large for defined data type")]
    assert "x {{ page.title }}" in shown  # shown as written
