"""What the schema adds to the form: the editor a key gets (a URL key gets
the URL editor), completions for a key's allowed values, and the rows of
required keys the article lacks (each with an Add button)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCompleter, QGridLayout, QLabel, QPushButton, QWidget

from reader.core.edit.fields import FieldKind
from reader.ui.form.editors import FieldEditor, LineEditor

if TYPE_CHECKING:
    from reader.core.library.catalog import Taxonomy
    from reader.core.site.schema import Schema

__all__ = ["add_missing_rows", "complete_values", "schema_kind", "schema_of"]


def schema_of(taxonomy: Taxonomy | None) -> Schema | None:
    if taxonomy is None or taxonomy.site is None:
        return None
    return taxonomy.site.schema


def schema_kind(schema: Schema | None, key: str, value: Any, kind: str) -> str:
    """``kind`` as the schema refines it: a URL key's text gets the URL editor."""
    rule = schema.rule(key) if schema is not None else None
    if rule is None:
        return kind
    url_text = value is None or isinstance(value, str)
    if rule.type == "url" and kind in (FieldKind.TEXT, FieldKind.YAML) and url_text:
        return FieldKind.URL
    return kind


def complete_values(schema: Schema | None, key: str, editor: FieldEditor) -> None:
    """Offer the key's allowed values as completions in a one-line editor."""
    rule = schema.rule(key) if schema is not None else None
    if rule is None or not rule.values or not isinstance(editor, LineEditor):
        return
    completer = QCompleter(list(rule.values), editor.line)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    editor.line.setCompleter(completer)
    allowed = ", ".join(rule.values)
    editor.line.setToolTip(
        QCoreApplication.translate("FrontMatterForm", "Allowed: %1").replace("%1", allowed)
    )


def add_missing_rows(
    schema: Schema | None, present: Any, grid: QGridLayout, row: int, page: QWidget, add
) -> int:
    """Rows for the required keys not in ``present``; ``add(key)`` adds one.
    Returns the next free row."""
    if schema is None:
        return row
    for key in schema.required:
        if key in present:
            continue
        label = QLabel(key, page)
        label.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        label.setObjectName(f"label-{key}")
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setEnabled(False)
        button = QPushButton(
            QCoreApplication.translate("FrontMatterForm", "Add (required by the schema)"), page
        )
        button.setObjectName(f"addRequired-{key}")
        button.clicked.connect(lambda _c=False, k=key: add(k))
        grid.addWidget(label, row, 0)
        grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignLeft)
        row += 1
    return row
