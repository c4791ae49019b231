"""An article's problems in the window's language.

The core words its problems in English (the command line prints them as
they are, and the index keeps them so).  The window shows them translated:
each kind of message the core writes is matched here by a pattern over its
English text, and its values (a key, a line, the parser's own words) are put
into the translated sentence as they are.  A message no pattern knows is
shown in English, as before.  ``tests/ui/test_problem_text.py`` makes each
known kind with the core itself, so a change of its wording there is caught
(a new kind of message stays English until a pattern is added here).
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QCoreApplication

from reader.ui.shown_text import fill

__all__ = ["failure_text", "problem_line", "problem_text", "severity_text"]

# The core's messages (reader/core/article/codec.py, conflicts.py), each as
# a pattern over its English text; the groups are its values, in order.
_PATTERNS = (
    ("not-utf8", r"the file is not valid UTF-8; it is shown but will not be rewritten"),
    ("looks-wide", r"the file looks like (\S+) text, not UTF-8; "
        r"it is shown but will not be rewritten"),
    ("empty", r"empty file"),
    ("unclosed", r"an opening front-matter delimiter is never closed; read as body"),
    ("control-body", r"control character (U\+[0-9A-F]+) in the body"),
    ("control-key", r"control character (U\+[0-9A-F]+) in '(.*)'"),
    ("date", r"cannot read date (.*)"),
    ("updated", r"cannot read updated date (.*)"),
    ("weekday", r"date (.*): (\S+) does not match (\S+), a (\S+); "
        r"some tools read no date from it"),
    ("weekday-updated", r"updated date (.*): (\S+) does not match (\S+), a (\S+); "
        r"some tools read no date from it"),
    ("alias-key", r"both '(.*)' and '(.*)' are set; '(.*)' is ignored"),
    ("duplicate", r"duplicate key '(.*)' \(first defined on line (\d+)\)"),
    ("duplicate-as", r"duplicate key '(.*)': the same key as '(.*)' on line (\d+)"),
    ("one-key", r"the keys '(.*)' \(line (\d+)\) and '(.*)' cannot be told apart here "
        r"\(a true or false key equals 1 or 0\); rename one"),
    ("yaml-value", r"invalid YAML value: (.*)"),
    ("yaml", r"invalid YAML: (.*)"),
    ("toml", r"invalid TOML: (.*)"),
    ("json", r"invalid JSON: (.*)"),
    ("nesting", r"front matter nests deeper than (\d+) levels; not read"),
    ("front-utf8", r"front matter is not valid UTF-8"),
    ("not-mapping", r"front matter must be a mapping of keys to values, not (.*)"),
    ("too-large", r"the front matter is (.*), over the (.*) limit; not read"),
    ("huge-int", r"a number of more than 4,300 digits; not read"),
    ("categories", r"a category path of ([\d,]+) levels is over the limit of (\d+); "
        r"categories not read"),
    ("recursive-alias", r"the alias \*(.*) is used inside its own anchor &(.*) "
        r"\(a recursive alias\); not read"),
    ("alias-bomb", r"YAML aliases expand to more than ([\d,]+) values or (.*) of text; not read"),
    ("yaml-bool", r"'(.*)' is a boolean in YAML 1\.1 but a string in YAML 1\.2; "
        r"quote it or write true/false"),
    ("yaml-octal", r"'(.*)' is an octal number in YAML 1\.1 but decimal in YAML 1\.2; quote it"),
    ("yaml-base60", r"'(.*)' is a base-60 number in YAML 1\.1 but a string in YAML 1\.2; "
        r"quote it"),
    ("yaml-number", r"'(.*)' is a string in YAML 1\.1 but a number in YAML 1\.2; quote it"),
    ("conflict", r"unresolved merge conflict \(lines (\d+)–(\d+)\): resolve it before editing"),
    ("conflict-body", r"unresolved merge conflict \(lines (\d+)–(\d+)\): "
        r"resolve it before committing"),
    ("yaml11-break", r"(U\+[0-9A-F]+) is a line break in YAML 1\.1 \(Jekyll, Hugo\) and a "
        r"character in YAML 1\.2 \(Hexo\); to keep it for both, write it as (\\\S+) inside "
        r"double quotes"),
    ("toml-int", r"(.*) in '(.*)' is beyond TOML's 64-bit integers \(Hugo cannot read it\); "
        r"quote it to keep it as text"),
    ("surrogate", r"'(.*)' holds the escape (\\u[0-9a-f]{4}), half of a surrogate pair and "
        r"not a character; shown as U\+FFFD"),
)  # fmt: skip


# The core's refusals of what the window asked (reader/core/library/facade.py,
# reader/core/article/storage.py, the reading state): a name that cannot be
# one, taken, a library folder gone; said after "Not renamed: " and the like.
_REFUSALS = (
    ("not-a-name", r"""['"](.*)['"] is not a file name"""),
    ("hides", r"""['"](.*)['"] would hide the article \(names starting with '\.'\)"""),
    ("name-not-utf8", r"""['"](.*)['"] is not valid UTF-8 as a file name"""),
    ("name-long", r"""['"](.*)['"] is too long for a file name"""),
    ("name-unseen", r"""['"](.*)['"] holds a control character or a direction mark"""),
    ("name-windows", r"""['"](.*)['"] cannot be a file's name on Windows"""),
    ("name-taken", r"a file with that name exists already"),
    ("unlisted-folder", r"the library does not list articles in this folder \(a hidden one, "
        r"one a site makes, or outside its content\); the article would be gone from it"),
    ("library-gone", r"the library's folder is gone \(moved or deleted\); nothing was written"),
    ("folder-gone", r"its folder is gone too; nothing was written"),
    ("file-busy", r"another program has been writing this file for too long; not saved"),
    ("state-busy", r"another program has held this state file for too long; not saved"),
    ("decoded", r"is (\S+) text, not UTF-8; it is shown but not rewritten "
        r"\(save it as UTF-8 to edit it here\); not saved"),
)  # fmt: skip


# Why a saved web page was not imported (reader/core/convert/webpage.py).
_IMPORT_REFUSALS = (
    ("page-not-file", r"not a saved page \(not a regular file\)"),
    ("page-no-html", r"not a saved page \(no HTML in it\)"),
    ("page-large", r"the page is larger than (\d+) MB"),
    ("page-no-text", r"the page holds no text to import"),
    ("page-single-file", r"a single-file page \(MHTML\) cannot be imported; save the page as HTML"),
    ("page-inside", r"is inside the library; only pages from outside it are imported"),
    ("replace-among-articles", r"the folder of the article's name holds articles; the page's "
        r"images would go among them \(publish leaves such a folder behind\); not replaced "
        r"\(keep both instead\)"),
    ("cannot-read", r"cannot read: (.*)"),
)  # fmt: skip


@functools.cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = _PATTERNS + _REFUSALS + _IMPORT_REFUSALS
    return tuple((kind, re.compile(pattern, re.DOTALL)) for kind, pattern in patterns)


def _templates() -> dict[str, str]:
    """The translated sentence of each kind, ``%1``… standing for its values.
    (Each call spelled out: ``tests/ui/test_i18n.py`` finds them so.)"""
    return {
        "not-utf8": QCoreApplication.translate(
            "ProblemText", "the file is not valid UTF-8; it is shown but will not be rewritten"
        ),
        "looks-wide": QCoreApplication.translate(
            "ProblemText",
            "the file looks like %1 text, not UTF-8; it is shown but will not be rewritten",
        ),
        "empty": QCoreApplication.translate("ProblemText", "empty file"),
        "unclosed": QCoreApplication.translate(
            "ProblemText", "an opening front-matter delimiter is never closed; read as body"
        ),
        "control-body": QCoreApplication.translate(
            "ProblemText", "control character %1 in the body"
        ),
        "control-key": QCoreApplication.translate("ProblemText", "control character %1 in “%2”"),
        "date": QCoreApplication.translate("ProblemText", "cannot read date %1"),
        "weekday": QCoreApplication.translate(
            "ProblemText", "date %1: %2 does not match %3, a %4; some tools read no date from it"
        ),
        "weekday-updated": QCoreApplication.translate(
            "ProblemText",
            "updated date %1: %2 does not match %3, a %4; some tools read no date from it",
        ),
        "updated": QCoreApplication.translate("ProblemText", "cannot read updated date %1"),
        "alias-key": QCoreApplication.translate(
            "ProblemText", "both “%1” and “%2” are set; “%3” is ignored"
        ),
        "duplicate": QCoreApplication.translate(
            "ProblemText", "duplicate key “%1” (first defined on line %2)"
        ),
        "duplicate-as": QCoreApplication.translate(
            "ProblemText", "duplicate key “%1”: the same key as “%2” on line %3"
        ),
        "one-key": QCoreApplication.translate(
            "ProblemText",
            "the keys “%1” (line %2) and “%3” cannot be told apart here (a true or false key "
            "equals 1 or 0); rename one",
        ),
        "yaml-value": QCoreApplication.translate("ProblemText", "invalid YAML value: %1"),
        "yaml": QCoreApplication.translate("ProblemText", "invalid YAML: %1"),
        "toml": QCoreApplication.translate("ProblemText", "invalid TOML: %1"),
        "json": QCoreApplication.translate("ProblemText", "invalid JSON: %1"),
        "nesting": QCoreApplication.translate(
            "ProblemText", "front matter nests deeper than %1 levels; not read"
        ),
        "front-utf8": QCoreApplication.translate("ProblemText", "front matter is not valid UTF-8"),
        "not-mapping": QCoreApplication.translate(
            "ProblemText", "front matter must be a mapping of keys to values, not %1"
        ),
        "too-large": QCoreApplication.translate(
            "ProblemText", "the front matter is %1, over the %2 limit; not read"
        ),
        "huge-int": QCoreApplication.translate(
            "ProblemText", "a number of more than 4,300 digits; not read"
        ),
        "categories": QCoreApplication.translate(
            "ProblemText",
            "a category path of %1 levels is over the limit of %2; categories not read",
        ),
        "recursive-alias": QCoreApplication.translate(
            "ProblemText",
            "the alias *%1 is used inside its own anchor &%2 (a recursive alias); not read",
        ),
        "alias-bomb": QCoreApplication.translate(
            "ProblemText", "YAML aliases expand to more than %1 values or %2 of text; not read"
        ),
        "yaml-bool": QCoreApplication.translate(
            "ProblemText",
            "“%1” is a boolean in YAML 1.1 but a string in YAML 1.2; quote it or write true/false",
        ),
        "yaml-octal": QCoreApplication.translate(
            "ProblemText", "“%1” is an octal number in YAML 1.1 but decimal in YAML 1.2; quote it"
        ),
        "yaml-base60": QCoreApplication.translate(
            "ProblemText", "“%1” is a base-60 number in YAML 1.1 but a string in YAML 1.2; quote it"
        ),
        "yaml-number": QCoreApplication.translate(
            "ProblemText", "“%1” is a string in YAML 1.1 but a number in YAML 1.2; quote it"
        ),
        "conflict": QCoreApplication.translate(
            "ProblemText", "unresolved merge conflict (lines %1–%2): resolve it before editing"
        ),
        "conflict-body": QCoreApplication.translate(
            "ProblemText", "unresolved merge conflict (lines %1–%2): resolve it before committing"
        ),
        "yaml11-break": QCoreApplication.translate(
            "ProblemText",
            "%1 is a line break in YAML 1.1 (Jekyll, Hugo) and a character in YAML 1.2 (Hexo); "
            "to keep it for both, write it as %2 inside double quotes",
        ),
        "toml-int": QCoreApplication.translate(
            "ProblemText",
            "%1 in “%2” is beyond TOML's 64-bit integers (Hugo cannot read it); "
            "quote it to keep it as text",
        ),
        "surrogate": QCoreApplication.translate(
            "ProblemText",
            "“%1” holds the escape %2, half of a surrogate pair and not a character; "
            "shown as U+FFFD",
        ),
        "not-a-name": QCoreApplication.translate("ProblemText", "“%1” is not a file name"),
        "unlisted-folder": QCoreApplication.translate(
            "ProblemText",
            "The library does not list articles in this folder (a hidden one, one a site "
            "makes, or outside its content); the article would be gone from it",
        ),
        "hides": QCoreApplication.translate(
            "ProblemText", "“%1” would hide the article (names starting with “.”)"
        ),
        "name-not-utf8": QCoreApplication.translate(
            "ProblemText", "“%1” is not valid UTF-8 as a file name"
        ),
        "name-long": QCoreApplication.translate("ProblemText", "“%1” is too long for a file name"),
        "name-unseen": QCoreApplication.translate(
            "ProblemText", "“%1” holds a control character or a direction mark"
        ),
        "name-windows": QCoreApplication.translate(
            "ProblemText", "“%1” cannot be a file's name on Windows"
        ),
        "name-taken": QCoreApplication.translate(
            "ProblemText", "a file with that name exists already"
        ),
        "library-gone": QCoreApplication.translate(
            "ProblemText", "the library's folder is gone (moved or deleted); nothing was written"
        ),
        "folder-gone": QCoreApplication.translate(
            "ProblemText", "its folder is gone too; nothing was written"
        ),
        "file-busy": QCoreApplication.translate(
            "ProblemText", "another program has been writing this file for too long; not saved"
        ),
        "state-busy": QCoreApplication.translate(
            "ProblemText", "another program has held this state file for too long; not saved"
        ),
        "decoded": QCoreApplication.translate(
            "ProblemText",
            "is %1 text, not UTF-8; it is shown but not rewritten "
            "(save it as UTF-8 to edit it here); not saved",
        ),
        "page-not-file": QCoreApplication.translate(
            "ProblemText", "not a saved page (not a regular file)"
        ),
        "page-no-html": QCoreApplication.translate(
            "ProblemText", "not a saved page (no HTML in it)"
        ),
        "page-large": QCoreApplication.translate("ProblemText", "the page is larger than %1 MB"),
        "page-no-text": QCoreApplication.translate(
            "ProblemText", "the page holds no text to import"
        ),
        "page-single-file": QCoreApplication.translate(
            "ProblemText",
            "a single-file page (MHTML) cannot be imported; save the page as HTML",
        ),
        "page-inside": QCoreApplication.translate(
            "ProblemText", "is inside the library; only pages from outside it are imported"
        ),
        "replace-among-articles": QCoreApplication.translate(
            "ProblemText",
            "the folder of the article's name holds articles; the page's images would go "
            "among them (publish leaves such a folder behind); not replaced (keep both instead)",
        ),
        "cannot-read": QCoreApplication.translate("ProblemText", "cannot read: %1"),
    }


def problem_text(message: str) -> str:
    """The core's problem ``message`` in the window's language (as it is,
    when no pattern knows it)."""
    for kind, pattern in _compiled():
        match = pattern.fullmatch(message)
        if match is not None:
            return fill(_templates()[kind], *match.groups())
    return message


def failure_text(exc: BaseException) -> str:
    """What a failed operation's error says, in the window's language: the
    core's message through :func:`problem_text`, after the file it names."""
    from reader.core.article.model import ArticleError

    if isinstance(exc, ArticleError):
        text = problem_text(exc.message)
        if exc.line is not None:
            text = fill(
                QCoreApplication.translate("ProblemText", "line %1: %2"), str(exc.line), text
            )
        return f"{exc.path}: {text}" if exc.path else text
    if isinstance(exc, OSError) and exc.strerror:
        text = problem_text(exc.strerror)
        return f"{exc.filename}: {text}" if exc.filename else text
    return str(exc) or type(exc).__name__


def severity_text(severity: str) -> str:
    """``"error"`` or ``"warning"`` in the window's language."""
    if severity == "error":
        return QCoreApplication.translate("ProblemText", "error")
    if severity == "warning":
        return QCoreApplication.translate("ProblemText", "warning")
    return severity


def problem_line(severity: str, message: str) -> str:
    """``error: <message>`` in the window's language."""
    template = QCoreApplication.translate("ProblemText", "%1: %2")
    return fill(template, severity_text(severity), problem_text(message))


# The core's names of the edits its undo journal keeps (bulk.py, fix.py,
# publish.py, facade.py, conflicts.py, webpage.py, vcs/history.py), each as a
# pattern over its English text; the groups are its values, in order.
_OPERATIONS = (
    ("rename-tag", r"rename tag (.*) → (.*)"),
    ("rename-category", r"rename category (.*) → (.*)"),
    ("publish-move", r"publish (.*) → (.*)"),
    ("publish", r"publish (.*)"),
    ("unpublish-move", r"unpublish (.*) → (.*)"),
    ("unpublish", r"unpublish (.*)"),
    ("fix-add", r"fix: add (.*)"),
    ("fix-categories", r"fix: categories-list"),
    ("fix-dates", r"fix: respell-dates"),
    ("trash", r"move (.*) to the trash"),
    ("rename-file", r"rename file (.*) → (.*)"),
    ("move-file", r"move file (.*) → (.*)"),
    ("restore", r"restore (.*) to (\S+)"),
    ("resolve", r"resolve conflict in (.*)"),
    ("import-over", r"import (.*) over (.*)"),
)


def operation_text(description: str) -> str:
    """An undoable edit's name (an undo journal's, in English) in the
    window's language; one of no known shape as it is."""
    translate = QCoreApplication.translate
    templates = {
        "rename-tag": translate("ProblemText", "rename tag %1 → %2"),
        "rename-category": translate("ProblemText", "rename category %1 → %2"),
        "publish-move": translate("ProblemText", "publish %1 → %2"),
        "publish": translate("ProblemText", "publish %1"),
        "unpublish-move": translate("ProblemText", "unpublish %1 → %2"),
        "unpublish": translate("ProblemText", "unpublish %1"),
        "fix-add": translate("ProblemText", "fix: add %1"),
        "fix-categories": translate("ProblemText", "fix: categories as lists"),
        "fix-dates": translate("ProblemText", "fix: dates spelled as the schema says"),
        "trash": translate("ProblemText", "move %1 to the trash"),
        "rename-file": translate("ProblemText", "rename file %1 → %2"),
        "move-file": translate("ProblemText", "move file %1 → %2"),
        "restore": translate("ProblemText", "restore %1 to %2"),
        "resolve": translate("ProblemText", "resolve conflict in %1"),
        "import-over": translate("ProblemText", "import %1 over %2"),
    }
    for kind, pattern in _OPERATIONS:
        match = re.fullmatch(pattern, description, re.DOTALL)
        if match is not None:
            return fill(templates[kind], *match.groups())
    return description
