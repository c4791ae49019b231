"""Text from a file made safe to show in one line of a widget.

A title, author, category or tag comes from the articles, and may hold what
a label must not show raw: a newline (a list row shows only its middle
line, a tree node elides after the first), control characters (drawn as
boxes or not at all) and bidirectional embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069), which reorder not only the value but the
text drawn after it (a count, the › between category levels, the next
field).  Line and paragraph breaks and tabs become a space; the others are
shown as escapes (``\\x1b``, ``\\u202e``), the way the command line prints
them.  Everything else, Chinese, emoji sequences, the ideographic space and
the left-to-right and right-to-left marks included, is shown as itself.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl

_SPACE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8, as the CLI shows it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def qt_length(text: str) -> int:
    """The length of ``text`` as Qt counts positions in it: UTF-16 code
    units, two for a character beyond the Basic Multilingual Plane (an
    emoji), which Python counts as one."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


_PLACEHOLDER = re.compile(r"%(\d)")


def fill(template: str, *values: str) -> str:
    """``template`` (a translated text) with ``%1``, ``%2``… replaced by
    ``values`` in one pass: a value that holds ``%2`` (a file's name) stays
    as it is, where replacing one placeholder after another changed it."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return values[index] if 0 <= index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)


def one_line(text: str) -> str:
    """``text`` as one line that cannot change how other text is drawn."""
    if text.isprintable():  # nearly every value: one pass in C
        return text
    return _ESCAPED.sub(_escape, _SPACE.sub(" ", text))


def shown_title(title: str, path: str) -> str:
    """An article's title as a row shows it: :func:`one_line`, or, when
    nothing in it shows (blanks, a zero-width space, controls, direction
    marks), the file's name without its extension, as the reader's heading
    has it (the row was blank)."""
    if not (title.isprintable() and title.strip()) and not any(
        char.isprintable() and not char.isspace() for char in title
    ):
        name = path.rpartition("/")[2]
        title = name.rpartition(".")[0] or name
    return one_line(title)


def literal(text: str) -> str:
    """``text`` for a widget that reads ``&`` as a keyboard mnemonic (a
    button, a menu entry, a label with a buddy): each ``&`` doubled, so
    that it is shown as itself ("R&D" was shown "RD", and Alt+D pressed
    the tag's remove button)."""
    return text.replace("&", "&&")


def shortened(text: str, limit: int = 60) -> str:
    """``text`` on one line (:func:`one_line`), its middle left out with an
    ellipsis past ``limit`` characters (a query pasted 10,000 characters long
    filled the list pane in the message that nothing matched)."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2  # (blanks around the ellipsis: a line may break there)
    return text[:half] + " … " + text[len(text) - (limit - 3 - half) :]


def shown_address(url: QUrl) -> str:
    """A link's address as the status bar shows it before it is followed:
    readable (percent-escapes decoded, Chinese paths as themselves), on one
    line, and with a host that is not ASCII in its ``xn--`` form, so that
    ``https://аррӏе.com/`` (Cyrillic letters) cannot pass for apple.com and a
    right-to-left override cannot turn ``…/\\u202emoc.evil`` around.  A
    user name and password are left out: ``https://www.apple.com@evil.com/``
    goes to evil.com, and a long user name pushed the host out of sight."""
    if not url.isValid():
        return ""
    if url.userInfo():
        url = QUrl(url)
        url.setUserInfo(None)  # type: ignore[arg-type]  # (None: none; "" leaves "@")
    text = url.toDisplayString()
    host = url.host()
    if host and not host.isascii():
        prefix = f"{url.scheme()}://" if url.scheme() else "//"
        authority = url.authority()
        at = authority.rfind(host)
        if text.startswith(prefix + authority) and at >= 0:
            ace = url.host(QUrl.ComponentFormattingOption.FullyEncoded)
            authority = authority[:at] + ace + authority[at + len(host) :]
            text = prefix + authority + text[len(prefix) + len(url.authority()) :]
    return one_line(text)


def plain_tip(text: str) -> str:
    """``text`` for a tooltip, shown as it is: Qt shows a tooltip whose
    first line holds a tag as HTML (a path or an address from an article,
    ``<img src=/dev/stdin>``, loaded what it names, and could hang the
    window)."""
    from PySide6.QtGui import Qt as QtGui

    return QtGui.convertFromPlainText(text) if QtGui.mightBeRichText(text) else text
