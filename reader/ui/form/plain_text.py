"""The exact text of a :class:`QPlainTextEdit`.

``QPlainTextEdit.toPlainText()`` is lossy: it turns every no-break space
(U+00A0) into a plain space and every line separator (U+2028) into a line
break.  Front matter and bodies copied from web pages are full of no-break
spaces, so an editor read back with it would change bytes the person never
touched.  :func:`exact_text` reads the document's raw text instead.

Two things a text document cannot hold at all: a paragraph separator
(U+2029, which is how the document stores its own line breaks) and the
lone surrogates that stand for bytes that are not UTF-8 (dropped on the way
in).  :func:`holds_exactly` says whether a text survives a round trip, so
that such text is shown read-only rather than silently changed.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QPlainTextEdit

__all__ = ["exact_text", "holds_exactly"]

_PARAGRAPH_SEPARATOR = "\u2029"
_UNREPRESENTABLE = re.compile("[\u2029\r\ud800-\udfff]")


def exact_text(editor: QPlainTextEdit) -> str:
    """The editor's text with ``\\n`` line ends and every other character as typed."""
    return editor.document().toRawText().replace(_PARAGRAPH_SEPARATOR, "\n")


def holds_exactly(text: str) -> bool:
    """Whether ``text`` (with ``\\n`` line ends) comes back unchanged from an editor:
    no paragraph separators, no carriage returns and no undecodable bytes."""
    return _UNREPRESENTABLE.search(text) is None
