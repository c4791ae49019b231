"""The bulk preview for a rename onto the same name: it says so, and offers
nothing to apply."""

from __future__ import annotations

import pytest

from reader.core.edit.bulk import plan_edit
from reader.ui.form.bulk_dialog import BulkPreviewDialog


@pytest.mark.parametrize(
    ("kind", "old", "new", "text"),
    [
        ("tag", ["a"], [" a "], "“a” and “a” are the same tag; nothing to do."),
        (
            "category",
            ["A/B"],
            [" A/B"],
            "“A\\/B” and “A\\/B” are the same category; nothing to do.",
        ),
    ],
)
def test_same_name_says_so_and_cannot_be_applied(qtbot, tmp_path, kind, old, new, text):
    plan = plan_edit(str(tmp_path), kind, old, new, ["never-read.md"])
    dialog = BulkPreviewDialog(plan, None)
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == text
    assert not dialog.apply_button.isEnabled()
    assert dialog.files.count() == 0
