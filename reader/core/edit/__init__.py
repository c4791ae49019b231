"""The editing model: the diff beside the form, field kinds, templates for new
articles, the source text, bulk edits and their undo journal.  Builds on
``article``.

No Qt here."""
