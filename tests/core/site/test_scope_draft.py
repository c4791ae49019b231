"""Hugo's draft, read as Hugo reads it (Go's cast.ToBool)."""

from __future__ import annotations

import pytest

from reader.core.site.scope import draft_flag


@pytest.mark.parametrize(
    ("value", "draft"),
    [
        (True, True),
        (False, False),
        (None, False),
        (1, True),
        (0, False),
        (1.5, True),
        (0.0, False),
        ("true", True),
        ("True", True),
        ("t", True),
        ("1", True),
        ("false", False),
        ("yes", False),
        ("", False),
        ([True], False),
    ],
)
def test_a_draft_value_reads_as_hugo_reads_it(value, draft):
    assert draft_flag(value) is draft
