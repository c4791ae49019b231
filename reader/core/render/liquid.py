"""Jekyll's Liquid, evaluated with python-liquid before Markdown (as Jekyll does).

:func:`render_liquid` evaluates a post's body against ``page`` (its front
matter) and ``site`` (``_config.yml``, ``site.data``, ``site.posts``), all
taken from the :class:`~reader.core.render.sitecontext.SiteContext` the
caller passes.  Besides the standard filters it knows Jekyll's common ones
(``where``, ``where_exp``, ``sort``, ``date``, ``date_to_string``,
``relative_url``, ``absolute_url``, ``xml_escape``, ``markdownify``,
``jsonify``, ``slugify`` and a few more) and tags (``highlight`` → a code
block with its language, ``raw``, ``link`` and ``post_url`` → a link to the
article, resolved by the caller's resolver, ``include`` and
``include_relative`` → a file of the site).

Nothing a template does can hurt the reader:

* files are read only from ``_includes/`` (``include``) or the post's own
  folder (``include_relative``), never outside the site, regular files of at
  most :attr:`TemplateLimits.include_bytes`, nested at most
  :attr:`TemplateLimits.include_depth` deep;
* python-liquid's own limits bound loop iterations, output size and the
  size of assigned values; a wall-clock deadline is checked while the
  template is read, while output is written and when loops start, and the
  whole evaluation runs in a worker thread that is abandoned (and told to
  stop) when it overruns;
* the template is read in time linear in its length (python-liquid's own
  lexer searches to the end of the text from every ``{{`` that is never
  closed), a ``{{`` or ``{%`` that is never closed is shown as text, so is
  a tag with an expression too large to read quickly (see
  :data:`MAX_EXPRESSION`), and a post with more than :data:`MAX_TAGS` tags
  is shown unevaluated;
* there is no network access and no Python object is reachable.

Whatever goes wrong (an unknown tag or filter, a syntax error, a limit)
becomes a small inline notice naming it; the rest of the post still renders.
The output holds placeholders for the HTML of tags (code blocks, notices);
:meth:`LiquidResult.restore` puts that HTML in after Markdown, like
:mod:`.hexo_tags`.  Everything is sanitized afterwards with the rest of the
article.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
import decimal
import functools
import html
import json
import math
import re
import secrets
import threading
import time
import unicodedata
import zoneinfo
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, field, replace
from functools import lru_cache
from io import StringIO
from pathlib import Path
from typing import Any, TextIO, cast
from urllib.parse import quote

from dateutil import parser as _dateparser  # type: ignore[import-untyped]  # (python-liquid's)
from liquid import BoundTemplate, Environment, Mode, RenderContext
from liquid.ast import BlockNode, IllegalNode, Node
from liquid.builtin.expressions import LoopExpression
from liquid.builtin.output import Output, OutputNode
from liquid.exceptions import (
    FilterArgumentError,
    FilterError,
    LiquidError,
    LiquidInterrupt,
    LoopIterationLimitError,
    OutputStreamLimitError,
    ResourceLimitError,
    StopRender,
)
from liquid.lex import _tokenize_template
from liquid.output import LimitedStringIO, NullIO
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.stringify import to_liquid_string
from liquid.tag import Tag
from liquid.token import (
    TOKEN_CONTENT,
    TOKEN_EOF,
    TOKEN_EXPRESSION,
    TOKEN_ILLEGAL,
    TOKEN_OUTPUT,
    TOKEN_TAG,
    Token,
)
from liquid.undefined import is_undefined

from reader.core.article.boundary import within
from reader.core.article.model import ArticleError
from reader.core.article.readfile import read_article_bytes
from reader.core.common.files import hidden_below, not_read_because
from reader.core.common.text import NotUTF8Error, site_text
from reader.core.render.hexo_tags import Expansion, NextFinder, plugin_tag_html
from reader.core.render.sitecontext import (
    SiteContext,
    TemplateLimits,
    TemplateNotice,
    in_link_destination,
    link_href,
    notices_after_links,
    template_value_kept,
)

__all__ = ["LiquidResult", "has_liquid", "render_liquid"]


@dataclass
class LiquidResult:
    """The evaluated text (with placeholders) and the problems met."""

    text: str
    expansion: Expansion
    notices: list[TemplateNotice] = field(default_factory=list)

    def restore(self, rendered: str) -> str:
        """Put the tags' HTML into ``rendered`` (the text after Markdown)."""
        return self.expansion.restore(rendered)


def has_liquid(text: str) -> bool:
    """Whether ``text`` has anything for Liquid to do."""
    return "{%" in text or "{{" in text


# -- per-render state ---------------------------------------------------------


#: Inline notices per article (more are dropped).
MAX_NOTICES = 100

#: Posts with more ``{{`` and ``{%`` than this are shown unevaluated: each
#: tag costs time to read and to render, and a post of a hundred thousand
#: tags would spend the whole time budget on them (real posts have dozens).
MAX_TAGS = 10_000

#: A tag or output whose expression is longer than this, or has more than
#: :data:`MAX_BRACKETS` ``(`` and ``[``, is shown as written: reading one
#: expression cannot be interrupted, and python-liquid takes time that grows
#: with its length times its brackets (each ``(`` searches on for a ``..``).
MAX_EXPRESSION = 40_000
MAX_BRACKETS = 100
#: The same for a ``{% liquid %}`` tag, which python-liquid reads in time
#: quadratic in a run of spaces.
MAX_LIQUID_TAG = 2_000


class _Deadline(ResourceLimitError):
    """The wall-clock budget is spent (or the render was abandoned)."""


class _State:
    def __init__(
        self,
        site: SiteContext,
        *,
        markdown: bool,
        markdownify: Callable[[str], str],
        article_path: Path | None,
        first_line: int = 1,
    ) -> None:
        self.site = site
        self.line_offset = first_line - 1
        self.limits = site.limits
        self.markdown = markdown
        self.markdownify = markdownify
        self.article_path = article_path
        self.deadline = time.monotonic() + site.limits.seconds
        self.cancelled = threading.Event()
        self.expansion = Expansion("", secrets.token_hex(6))
        self.notices: list[TemplateNotice] = []
        self.noticed: set[tuple[int | None, str]] = set()
        self.parse_errors: list[tuple[int | None, str]] = []  # in the order met
        self.include_depth = 0
        self.include_line: int | None = None
        self.includes: dict[Path, Any] = {}
        #: the text whose ``{{`` and ``{%`` that cannot open anything the lexer
        #: shows as text with a notice (the post's; an include's are errors)
        self.lenient_source: str | None = None
        #: placeholders of notices written inside a link's target, to be
        #: moved after the link (:func:`notices_after_links`)
        self.after_links: list[str] = []
        #: the buffer of the page's own output (not a capture's)
        self.page_buffer: object = None
        #: notices of statements inside a block whose output Liquid drops (a
        #: block of nothing but tags, such as assigns): written after it
        self.pending: list[str] = []

    def check(self) -> None:
        if self.cancelled.is_set() or time.monotonic() > self.deadline:
            raise _Deadline(f"took longer than {self.limits.seconds:g} s", token=None)

    def file_line(self, line: int | None) -> int | None:
        """The file's line for ``line`` of the text; inside an include, the
        line of the outermost ``include`` tag."""
        if self.include_depth > 0:
            line = self.include_line
        return line + self.line_offset if line is not None else None

    def placeholder(self, fragment: str, *, block: bool) -> str:
        key = f"HEXOTAG{self.expansion.nonce}X{len(self.expansion.fragments)}X"
        self.expansion.fragments[key] = (fragment, block)
        return f"\n\n{key}\n\n" if block and self.markdown else key

    def notice(self, message: str, line: int | None) -> str:
        """A placeholder for an inline notice; ``line`` in the evaluated text."""
        line = self.file_line(line)
        if len(self.notices) >= MAX_NOTICES or (line, message) in self.noticed:
            return ""  # the same error again (in a loop), or a post of nothing but errors
        self.noticed.add((line, message))
        self.notices.append(TemplateNotice(line, message))
        where = f" (line {line})" if line is not None else ""
        text = html.escape(f"Liquid: {message}{where}", quote=False)
        return self.placeholder(f'<span class="template-notice">{text}</span>', block=False)


_current = threading.local()


def _state() -> _State:
    state: _State | None = getattr(_current, "state", None)
    if state is None:  # pragma: no cover - only reachable outside render_liquid
        raise LiquidError("no render in progress", token=None)
    return state


def _line(token: Token | None) -> int | None:
    if token is None or token.start_index < 0 or not token.source:
        return None
    return _line_of(token.source, token.start_index)


class _LineCounter(threading.local):
    """The newlines of one text counted up to a position, to count on from
    there: notices and errors come mostly in order, and a notice in a loop
    comes again and again at one position (counting from the start each
    time was quadratic in a post of many of them)."""

    def __init__(self) -> None:
        self.text = ""
        self.position = 0
        self.newlines = 0


_counted = _LineCounter()


def _line_of(text: str, position: int) -> int:
    """The line (from 1) of ``position`` in ``text``."""
    if _counted.text is not text or position < _counted.position:
        _counted.text, _counted.position, _counted.newlines = text, 0, 0
    _counted.newlines += text.count("\n", _counted.position, position)
    _counted.position = position
    return _counted.newlines + 1


def _message(error: LiquidError) -> str:
    message = str(error.message if error.args else type(error).__name__)
    return message.splitlines()[0] if message else type(error).__name__


#: Python's own errors a statement or a filter may raise on odd values (a
#: timestamp out of range, text that is no number, a value nested too deep,
#: a result too large for memory): each becomes a notice for that statement.
_PYTHON_ERRORS = (
    ArithmeticError,
    ValueError,
    TypeError,
    LookupError,
    OSError,
    RecursionError,
    MemoryError,
)


#: The most digits a number printed may have: Python refuses to write
#: longer ones (``sys.get_int_max_str_digits``).  A filter's result past it
#: is refused, so that no number on the page fails when it is printed.
MAX_DIGITS = 4300
LONG_NUMBER = f"a number of more than {MAX_DIGITS:,} digits"
_TOO_MANY_DIGITS = 10**MAX_DIGITS


def _python_error(error: BaseException) -> str:
    """A Python error met while evaluating, in words (never a traceback)."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, MemoryError):
        return "the result would not fit in memory"
    if isinstance(error, decimal.DecimalException):
        return "not a number"
    if isinstance(error, ValueError) and "integer string conversion" in str(error):
        # (Python's own advice, sys.set_int_max_str_digits(), is no reader's)
        return LONG_NUMBER
    text = str(error.strerror) if isinstance(error, OSError) and error.strerror else str(error)
    text = text.splitlines()[0].strip() if text.strip() else ""
    if isinstance(error, OverflowError) and not text:
        return "a number out of range"
    return text or type(error).__name__


# -- the lexer --------------------------------------------------------------

#: Every how many tokens the lexer checks the deadline.
_CHECK_EVERY = 256

#: The tag the lexer puts for a tag or output with an over-long expression.
_REFUSED = "reader_refused"

_WHITESPACE_RE = re.compile(r"\s*+")
_OPENERS = ("{{", "{%")
_DELIMITER_RE = re.compile(r"\{[{%]")
_TAG_NAME_RE = re.compile(r"\{%-?\s*+(#|\w++)")
_RAW_RE = re.compile(r"\{%-?\s*+raw\s*+(-?)%\}")
_END_RAW_RE = re.compile(r"\{%-?\s*+endraw\s*+(-?)%\}")
_DOC_RE = re.compile(r"\{%-?\s*+doc\s*+(-?)%\}")
_END_DOC_RE = re.compile(r"\{%-?\s*+enddoc\s*+(-?)%\}")


class _Match:
    """One match of python-liquid's lexer rules, with what
    ``liquid.lex._tokenize_template`` reads of it."""

    __slots__ = ("groups", "lastgroup", "span", "starts", "value")

    def __init__(
        self,
        kind: str,
        span: tuple[int, int],
        value: str,
        groups: dict[str, str],
        starts: dict[str, int] | None = None,
    ) -> None:
        self.lastgroup = kind
        self.span = span
        self.value = value
        self.groups = groups
        self.starts = starts or {}

    def group(self, name: str | int = 0) -> str | None:
        return self.value if name == 0 else self.groups.get(str(name))

    def start(self, name: str | int = 0) -> int:
        return self.span[0] if name == 0 else self.starts[str(name)]

    def end(self) -> int:
        return self.span[1]


class _Lexer:
    """python-liquid's lexer rules, matched in time linear in the text.

    python-liquid matches them with one regular expression that, from every
    ``{{`` with no ``}}`` after it (and every ``{%`` with no ``%}``, every
    ``{% raw %}`` with no ``{% endraw %}``), searches to the end of the text,
    and backtracks over the spaces inside a tag once per space: 10,000
    ``{{`` took 28 s, a tag of 20,000 spaces 20 s.  This lexer finds the same
    tokens (a test compares the two) but remembers where the next closing
    delimiter is, so that one forward search serves every opener before it.

    In the post itself (``lenient``), a ``{{`` or ``{%`` that cannot open
    anything becomes text with a notice (python-liquid stops with an error
    there): an unclosed delimiter can only be literal text.
    """

    def __init__(self, source: str, state: _State | None) -> None:
        self.source = source
        self.state = state
        self.lenient = state is not None and state.lenient_source is source
        self.next_output_end = NextFinder(source, "}}")
        self.next_tag_end = NextFinder(source, "%}")
        self.block_ends: dict[str, list[re.Match[str]]] = {}
        self.block_end_starts: dict[str, list[int]] = {}
        self.ruled: tuple[int, _Match | None] = (-1, None)

    def matches(self) -> Iterator[_Match]:
        source = self.source
        position = 0
        depth = 0  # {% comment %} blocks, counted as the tokenizer counts them
        count = 0
        while position < len(source):
            count += 1
            if self.state is not None and count % _CHECK_EVERY == 0:
                self.state.check()
            match = self.rule(position)
            if match is None:
                position = yield from self.text(position, depth)
                continue
            if _too_large(match.group("name") or "", match.group("expr") or match.group("stmt")):
                match = self.refused(match)
            if match.lastgroup == "TAG":
                name = match.group("name")
                if depth:
                    depth += (name == "comment") - (name == "endcomment")
                elif name == "comment":
                    depth = 1
            yield match
            position = match.end()

    def refused(self, match: _Match) -> _Match:
        """A ``reader_refused`` tag standing for ``match``, its text as the expression."""
        text = match.group() or ""
        dash = match.group("rst") or match.group("rss") or ""
        start = match.span[0]
        groups = {"name": _REFUSED, "expr": text, "rst": dash}
        return _Match("TAG", match.span, text, groups, {"name": start, "expr": start})

    def rule(self, position: int) -> _Match | None:
        """The raw block, doc block, output or tag starting at ``position``."""
        if self.ruled[0] == position:
            return self.ruled[1]
        match = None
        if self.source.startswith("{%", position):
            match = (
                self.block(position, "raw", "rsr", "rsr_e", _RAW_RE, _END_RAW_RE)
                or self.block(position, "doc", "lsd", "rsd", _DOC_RE, _END_DOC_RE)
                or self.tag(position)
            )
        elif self.source.startswith("{{", position):
            match = self.output(position)
        self.ruled = (position, match)
        return match

    def block(
        self,
        position: int,
        kind: str,
        head_dash: str,
        end_dash: str,
        head_re: re.Pattern[str],
        end_re: re.Pattern[str],
    ) -> _Match | None:
        """``{% raw %}…{% endraw %}`` (or ``doc``): up to the first end tag."""
        head = head_re.match(self.source, position)
        if head is None:
            return None
        if kind not in self.block_ends:
            self.block_ends[kind] = list(end_re.finditer(self.source))
            self.block_end_starts[kind] = [end.start() for end in self.block_ends[kind]]
        index = bisect.bisect_left(self.block_end_starts[kind], head.end())
        if index == len(self.block_ends[kind]):
            return None
        end = self.block_ends[kind][index]
        groups = {
            kind: self.source[head.end() : end.start()],
            head_dash: head.group(1),
            end_dash: end.group(1),
        }
        span = (position, end.end())
        return _Match(kind.upper(), span, self.source[position : end.end()], groups)

    def inside(self, start: int, close: int) -> tuple[str, int, str]:
        """What stands between a delimiter's opening part (ending at ``start``)
        and its closing delimiter (at ``close``): the text without the spaces
        around it, where that text starts, and ``-`` for a closing ``-}}``."""
        spaces = _WHITESPACE_RE.match(self.source, start)
        text_start = spaces.end() if spaces is not None else start  # (it always matches)
        dash = close - 1 >= text_start and self.source[close - 1] == "-"
        text = self.source[text_start : close - 1 if dash else close].rstrip()
        return text, text_start if text else start, "-" if dash else ""

    def output(self, position: int) -> _Match | None:
        start = position + 2 + self.source.startswith("-", position + 2)
        close = self.next_output_end(start)
        if close < 0:
            return None
        stmt, stmt_start, dash = self.inside(start, close)
        span = (position, close + 2)
        value = self.source[position : close + 2]
        return _Match(TOKEN_OUTPUT, span, value, {"stmt": stmt, "rss": dash}, {"stmt": stmt_start})

    def tag(self, position: int) -> _Match | None:
        head = _TAG_NAME_RE.match(self.source, position)
        if head is None:
            return None
        close = self.next_tag_end(head.end())
        if close < 0:
            return None
        expr, expr_start, dash = self.inside(head.end(), close)
        groups = {"name": head.group(1), "expr": expr, "rst": dash}
        starts = {"name": head.start(1), "expr": expr_start}
        span = (position, close + 2)
        return _Match("TAG", span, self.source[position : close + 2], groups, starts)

    def text(self, position: int, depth: int) -> Generator[_Match, None, int]:
        """Text from ``position`` (where no rule matches) up to the next
        delimiter, or in the post up to the next one that opens something.
        Yields its match and returns where the next token starts."""
        source = self.source
        text_end = len(source)
        if source.endswith("\n") and text_end - 1 > position:
            text_end -= 1  # the lexer's ``$``: the last newline is a token of its own
        # ``{{{`` or ``{{%`` that opens nothing: python-liquid reads a ``{`` of text
        lone_brace = source.startswith(_OPENERS, position) and source.startswith(
            _OPENERS, position + 1
        )
        flowing = self.lenient and depth == 0 and not lone_brace
        pieces: list[str] = []
        copied = scan = position
        while True:
            found = _DELIMITER_RE.search(source, scan, text_end)
            stop = found.start() if found is not None else text_end
            if stop == text_end:
                rstrip = ""
                break
            if stop == position and not flowing:  # it opens nothing: python-liquid reads on
                scan = stop + 1
                continue
            if stop > position and (
                not flowing or source.startswith(_OPENERS, stop + 1) or self.rule(stop) is not None
            ):
                rstrip = "-" if source.startswith("-", stop + 2) else ""
                break
            assert self.state is not None  # flowing: the post's own text
            delimiter = source[stop : stop + 2]
            line = _line_of(source, stop)
            pieces.append(source[copied:stop])
            pieces.append(self.state.notice(f"'{delimiter}' is never closed", line))
            pieces.append(self.state.placeholder(html.escape(delimiter), block=False))
            copied = scan = stop + 2
        pieces.append(source[copied:stop])
        yield _Match(TOKEN_CONTENT, (position, stop), "".join(pieces), {"rstrip": rstrip})
        return stop


def _too_large(name: str, expression: str | None) -> bool:
    """Whether python-liquid may take long to read ``expression`` (of a tag
    named ``name``): see :data:`MAX_EXPRESSION`."""
    if not expression:
        return False
    limit = MAX_LIQUID_TAG if name == "liquid" else MAX_EXPRESSION
    brackets = expression.count("(") + expression.count("[")
    return len(expression) > limit or brackets > MAX_BRACKETS


class _LinearRules:
    """Stands for python-liquid's compiled lexer rules: its tokenizer only
    calls ``finditer``."""

    def finditer(self, source: str) -> Iterator[_Match]:
        return _Lexer(source, getattr(_current, "state", None)).matches()


def _tokenize(source: str) -> Iterator[Token]:
    """python-liquid's tokenizer, over the linear lexer's matches."""
    return _tokenize_template(source, cast("re.Pattern[str]", _LinearRules()))


# -- the engine -------------------------------------------------------------


class _Buffer(LimitedStringIO):
    """An output buffer that also keeps the wall-clock deadline."""

    def write(self, s: str, /) -> int:
        _state().check()
        return super().write(s)


class _Context(RenderContext):
    def raise_for_loop_limit(self, length: int = 1) -> None:
        _state().check()
        super().raise_for_loop_limit(length)

    def get_buffer(self, buf: TextIO | None = None) -> StringIO:
        limit = self.env.output_stream_limit or 0
        carry = buf.size if isinstance(buf, LimitedStringIO) else 0
        return _Buffer(limit=max(0, limit - carry))


class _CheckedStream(TokenStream):
    """The tokens of a template, keeping the deadline while the parser reads
    them (a post of thousands of tags can take longer than the budget)."""

    def next_token(self) -> Token:
        state: _State | None = getattr(_current, "state", None)
        if state is not None:
            state.check()
        return super().next_token()

    def next(self) -> Token:
        return self.next_token()


class _Environment(Environment):
    """Lax parsing (errors become notices), strict filters, our limits, a
    lexer that takes linear time."""

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        return _tokenize

    def _parse(self, source: str) -> list[Node]:
        return get_parser(self).parse(_CheckedStream(self.tokenizer()(source)))

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        state: _State | None = getattr(_current, "state", None)
        if state is not None:
            line = _line(exc.token or token)
            state.parse_errors.append((line, _message(exc)))


@lru_cache(maxsize=8)
def _environment(limits: TemplateLimits) -> Environment:
    cls = type(
        "_LimitedEnvironment",
        (_Environment,),
        {
            "loop_iteration_limit": limits.loop_iterations,
            "output_stream_limit": limits.output_bytes,
            "local_namespace_limit": limits.output_bytes * 2,
            "context_depth_limit": 30 + limits.include_depth * 2,
        },
    )
    env: Environment = cls(tolerance=Mode.LAX, strict_filters=True)
    for tag in (
        _Output,
        _Illegal,
        _Unclosed,
        _Refused,
        _Highlight,
        _PostUrl,
        _Link,
        _Include,
        _IncludeRelative,
    ):
        env.add_tag(tag)
    env.tags.pop("render", None)  # Jekyll's Liquid has no render tag (and we no loader)
    for name, function in _FILTERS.items():
        env.add_filter(name, function)
    for name, function in list(env.filters.items()):
        env.filters[name] = _bounded_filter(name, function, limits.output_bytes)
    return env


def _bounded_filter(name: str, function: Callable[..., Any], limit: int) -> Callable[..., Any]:
    """``function``, refusing results longer than the output limit: a string
    filter's result is built in memory before any output limit sees it, so
    ``replace`` and ``join`` are estimated before they run."""

    text_arguments = _TEXT_ARGUMENTS.get(name, ())
    text_input = name in _TEXT_INPUT

    @functools.wraps(function)
    def bounded(value: object, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, range) and _too_long(value, limit):  # (1..100000000) | join
            raise FilterError(f"{name}: a range of more than {limit:,} items", token=None)
        for item in (value, *args):
            if isinstance(item, Mapping | list | tuple) and _nested_items(item, limit) > limit:
                # an alias bomb in _config.yml: 9**8 shared items, printed in C
                # (holding the interpreter, past the deadline) by join or jsonify
                raise FilterError(f"{name}: a value of more than {limit:,} items", token=None)
        if text_arguments:
            args = tuple(
                _ruby_text(arg) if index in text_arguments else arg
                for index, arg in enumerate(args)
            )
        if text_input:
            value = _ruby_text(value)
        elif name == "join" and isinstance(value, list | tuple):
            value = _joined_items(value)
        if name in ("replace", "join") and _estimate(name, value, args) > limit:
            raise FilterError(f"{name}: the result would exceed {limit:,} bytes", token=None)
        try:
            result = function(value, *args, **kwargs)
        except LiquidError:
            raise
        except TypeError:
            raise  # python-liquid says it with the filter's name
        except _PYTHON_ERRORS as exc:  # a filter fails, never the page: said with its line
            raise FilterArgumentError(f"{name}: {_python_error(exc)}", token=None) from None
        too_long = isinstance(result, str | list | tuple) and len(result) > limit
        if too_long:
            raise FilterError(f"{name}: the result would exceed {limit:,} bytes", token=None)
        if isinstance(result, int) and abs(result) >= _TOO_MANY_DIGITS:
            # ({% assign n = n | times: n %} ten times over: the page said
            # "use sys.set_int_max_str_digits() to increase the limit")
            raise FilterError(f"{name}: the result would be {LONG_NUMBER}", token=None)
        return result

    return bounded


#: The filters' arguments that Ruby's Liquid makes text (``to_s``) before
#: using them, by their place after the colon: a nil there is "" (``append:
#: page.subtitle`` with no subtitle wrote "None"), true is "true".
_TEXT_ARGUMENTS: dict[str, tuple[int, ...]] = {
    "append": (0,),
    "prepend": (0,),
    "join": (0,),
    "split": (0,),
    "remove": (0,),
    "remove_first": (0,),
    "remove_last": (0,),
    "replace": (0, 1),
    "replace_first": (0, 1),
    "replace_last": (0, 1),
    "truncate": (1,),
    "truncatewords": (1,),
    "array_to_sentence_string": (0,),
}

#: The filters of text whose input Ruby's Liquid makes text the same way
#: (python-liquid wrote ``True`` and ``['a', 'b']`` where Ruby writes
#: ``true`` and ``["a", "b"]``).
_TEXT_INPUT = frozenset(
    {
        *(name for name in _TEXT_ARGUMENTS if name not in ("join", "array_to_sentence_string")),
        "capitalize",
        "downcase",
        "upcase",
        "strip",
        "lstrip",
        "rstrip",
        "strip_html",
        "strip_newlines",
        "newline_to_br",
        "escape",
        "escape_once",
        "url_encode",
        "url_decode",
        "squish",
    }
)


def _ruby_text(value: object) -> object:
    """``value`` as Ruby's ``to_s`` makes text of it for a filter: nil is "",
    true and false are words, a list or mapping is written as Ruby writes
    one, a range as ``1..3``; anything else is left to the filter (which
    makes text of it as Ruby does)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return _inspect(value)
    if isinstance(value, range):
        return f"{value.start}..{value.stop - 1}"
    return value


def _joined_items(items: list[object] | tuple[object, ...], depth: int = 0) -> list[object]:
    """The items ``join`` writes, as Ruby's ``Array#join`` writes them: a nil
    is "" (python-liquid wrote "None"), a list inside is joined too."""
    found: list[object] = []
    for item in items:
        if isinstance(item, list | tuple) and depth < 20:
            found.extend(_joined_items(item, depth + 1))
        else:
            found.append(_ruby_text(item))
    return found


_HUGE = 1 << 62


def _too_long(items: range, limit: int) -> bool:
    try:
        return len(items) > limit
    except OverflowError:  # longer than sys.maxsize
        return True


def _nested_items(value: object, limit: int) -> int:
    """How many items ``value`` holds at every depth, counting to just past
    ``limit`` (shared lists count each time they appear, as printing does)."""
    count = 0
    stack = [value]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, Mapping):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return count


def _estimate(name: str, value: object, args: tuple[Any, ...]) -> int:
    if name == "replace":
        text = _as_text(value)
        old = _as_text(args[0]) if args else ""
        new = _as_text(args[1]) if len(args) > 1 else ""
        count = text.count(old) if old else len(text) + 1
        return len(text) + count * len(new)
    items = value if isinstance(value, list | tuple | range) else []
    separator = _as_text(args[0]) if args else " "
    if isinstance(items, range):
        return _HUGE if _too_long(items, 1 << 40) else len(items) * (len(separator) + 12)
    return len(items) * (len(separator) + 1) + sum(
        len(item) if isinstance(item, str) else 20 for item in items
    )


# -- nodes and tags -----------------------------------------------------------


def _tag_expression(stream: TokenStream) -> tuple[Token, str]:
    """The tag token and the raw text of its expression; leaves the stream on
    the tag's last token."""
    token = stream.expect(TOKEN_TAG)
    expression = ""
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        expression = stream.current.value
    return token, expression.strip()


class _NoticeNode(Node):
    __slots__ = ("message",)

    def __init__(self, token: Token, message: str) -> None:
        super().__init__(token)
        self.blank = False  # it writes: a block holding only it is not blank
        self.message = message

    def __str__(self) -> str:
        return ""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(_state().notice(self.message, _line(self.token)))


class _Illegal(Tag):
    """An unknown tag: a notice naming it (the block's content still renders)."""

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = _tag_expression(stream)
        name = token.value or "?"
        if name in _PLUGIN_TAGS:  # jekyll-gist and friends: shown as Hexo shows them
            fragment = plugin_tag_html(name, expression)
            if fragment is not None:
                return _FragmentNode(token, fragment)
        return _NoticeNode(token, f"unknown tag '{name}'")


class _Unclosed(Tag):
    """Stands where a block tag that is never closed was (:func:`_close_blocks`)."""

    name = "reader_unclosed"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, _expression = _tag_expression(stream)
        errors = _state().parse_errors
        index = next((i for i, e in enumerate(errors) if e[1].endswith("is never closed")), None)
        message = errors.pop(index)[1] if index is not None else "a block is never closed"
        return _NoticeNode(token, message)


class _Refused(Tag):
    """Stands where a tag or output with an expression too long to read was
    (:class:`_Lexer`): its text, as written, after a notice."""

    name = _REFUSED
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, text = _tag_expression(stream)
        return _RefusedNode(token, text)


class _RefusedNode(Node):
    __slots__ = ("text",)

    def __init__(self, token: Token, text: str) -> None:
        super().__init__(token)
        self.blank = False  # it writes: a block holding only it is not blank
        self.text = text

    def __str__(self) -> str:
        return self.text

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        message = "an expression too large to read; shown as written"
        return buffer.write(_state().notice(message, _line(self.token)) + self.text)


#: Inline tags of common Jekyll plugins that :mod:`.hexo_tags` shows too.
_PLUGIN_TAGS = frozenset({"gist", "youtube", "vimeo", "img", "image", "jsfiddle", "iframe"})


class _OutputNode(OutputNode):
    """``{{ … }}``, printed as Jekyll's Liquid prints values (:func:`_output_text`)."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(_output_text(self.expression.evaluate(context)))


class _Output(Output):
    node_class = _OutputNode


def _output_text(value: object, depth: int = 0) -> str:
    """``value`` as Ruby's Liquid outputs it: a list's items one after the
    other, nested lists too (``Array#join``), a mapping as Ruby writes one
    (``{"a"=>1}``), ``Infinity``; never a Python ``repr``."""
    if is_undefined(value):
        return to_liquid_string(value, autoescape=False)
    if isinstance(value, list | tuple):
        if depth > 20:
            return ""
        return "".join(_output_text(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return _inspect(value, depth)
    if isinstance(value, float) and not math.isfinite(value):
        return _scalar_text(value)
    return to_liquid_string(value, autoescape=False)


def _scalar_text(value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return to_liquid_string(value, autoescape=False)


def _inspect(value: object, depth: int = 0) -> str:
    """Ruby's ``inspect`` of ``value`` (what a Hash prints its members as)."""
    if depth > 20:
        return "..."
    if isinstance(value, dict):
        members = (f"{_inspect(k, depth + 1)}=>{_inspect(v, depth + 1)}" for k, v in value.items())
        return "{" + ", ".join(members) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inspect(item, depth + 1) for item in value) + "]"
    if value is None:
        return "nil"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return _scalar_text(value)


class _FragmentNode(Node):
    """Fixed HTML, put in after Markdown."""

    __slots__ = ("fragment",)

    def __init__(self, token: Token, fragment: str) -> None:
        super().__init__(token)
        self.blank = False  # it writes: a block holding only it is not blank
        self.fragment = fragment

    def __str__(self) -> str:
        return ""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(_state().placeholder(self.fragment, block=False))


class _HighlightNode(Node):
    __slots__ = ("body", "language")

    def __init__(self, token: Token, language: str, body: BlockNode) -> None:
        super().__init__(token)
        self.blank = False  # it writes: a block holding only it is not blank
        self.language = language
        self.body = body

    def __str__(self) -> str:
        return f"{{% highlight {self.language} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        inner = context.get_buffer(buffer)
        self.body.render(context, inner)
        code = re.sub(r"\A[ \t]*\r?\n", "", inner.getvalue()).rstrip()
        language = re.sub(r"[^\w+#.-]", "", self.language)
        attribute = f' class="language-{html.escape(language)}"' if language else ""
        fragment = (
            f'<div class="code-block"><pre><code{attribute}>'
            f"{html.escape(code, quote=False)}</code></pre></div>"
        )
        return buffer.write(_state().placeholder(fragment, block=True))


class _Highlight(Tag):
    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        token, expression = _tag_expression(stream)
        next(stream)
        body = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        words = expression.split()
        return _HighlightNode(token, words[0] if words else "", body)


class _LinkNode(Node):
    __slots__ = ("kind", "target")

    def __init__(self, token: Token, kind: str, target: str) -> None:
        super().__init__(token)
        self.blank = False  # it writes: a block holding only it is not blank
        self.kind = kind
        self.target = target

    def __str__(self) -> str:
        return f"{{% {self.kind} {self.target} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        state = _state()
        target = _expand_variables(self.target, context)
        href = link_href(state.site, state.article_path, self.kind, target)
        start = _tag_start(self.token)
        page = buffer is state.page_buffer  # (not a capture's, not a code block's)
        in_text = page and start >= 0 and not in_link_destination(self.token.source, start)
        if href is not None:
            if not in_text:  # [text]({% post_url … %}), href="…", a capture: the address
                _drop_base_url(buffer, state.site)
                return buffer.write(href)
            # in the text: Jekyll prints the address; here it is a link the
            # window follows to the article (a relative path)
            fragment = f'<a href="{html.escape(href)}">{html.escape(href)}</a>'
            return buffer.write(state.placeholder(fragment, block=False))
        note = state.notice(f"{self.kind}: no article '{target}'", _line(self.token))
        if in_text:
            return buffer.write(note)  # the notice stands where the link would
        if not page or not note:
            return buffer.write("#" + quote(target, safe=""))  # (still reported)
        # the target of a Markdown link: a link to nowhere on the page, and
        # the notice after the link (see notices_after_links)
        state.after_links.append(note)
        return buffer.write("#" + quote(target, safe="") + note)


def _drop_base_url(buffer: TextIO, site: SiteContext) -> None:
    """Take the site's ``baseurl`` (``/blog``, ``/blog/``) off the end of
    ``buffer`` when the address written next follows it: Jekyll's
    ``{{ site.baseurl }}{% post_url x %}`` put it before our address of the
    article, relative to this one (``/blog2024-01-01-x.md`` led nowhere)."""
    base = _setting(site, "baseurl").strip()
    if not base.strip("/") or "://" in base or not buffer.seekable():
        return
    end = buffer.tell()
    for written in (base.rstrip("/") + "/", base.rstrip("/")):
        if end < len(written):
            continue
        buffer.seek(end - len(written))
        if buffer.read(len(written)) == written:
            buffer.seek(end - len(written))
            buffer.truncate()
            return
    buffer.seek(end)


def _tag_start(token: Token) -> int:
    """Where the tag of ``token`` (which starts at its name) opens: its
    ``{%``, or -1 when that is not known."""
    source, start = token.source, token.start_index
    if start < 0 or not source:
        return -1
    opener = source.rfind("{%", max(0, start - 4000), start)
    if opener < 0 or source[opener + 2 : start].strip(" \t\r\n-"):
        return start if source.startswith("{%", start) else -1
    return opener


class _PostUrl(Tag):
    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = _tag_expression(stream)
        return _LinkNode(token, "post_url", expression)


class _Link(Tag):
    name = "link"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = _tag_expression(stream)
        return _LinkNode(token, "link", expression)


_VARIABLE_RE = re.compile(r"\{\{\s*([\w.\[\]'\"-]{1,200})\s*\}\}")
#: ``key="value"``, ``key='value'``, ``key={{ variable }}`` or ``key=variable``
#: (a variable runs to the first ``}}`` at most 1,000 characters on: searching
#: to the end from each ``{{`` with none was quadratic in a long tag).
_PARAM_RE = re.compile(
    r"""([\w-]{1,100})\s*=\s*(?:"([^"]*)"|'([^']*)'|(\{\{.{0,1000}?\}\})|([\w.\[\]'"-]+))""",
    re.S,
)


def _lookup(path: str, context: RenderContext) -> object:
    """The value of a dotted variable path (``page.title``, ``site.data.x``)."""
    parts = re.findall(r"[\w-]+", path)
    if not parts:
        return None
    value: object = context.resolve(parts[0], default=None)
    for part in parts[1:]:
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, Sequence) and not isinstance(value, str) and part.isdigit():
            index = int(part)
            value = value[index] if index < len(value) else None
        else:
            return None
    return value


def _expand_variables(text: str, context: RenderContext) -> str:
    """``{{ var }}`` inside a tag's arguments (Jekyll allows it)."""
    if "{{" not in text:
        return text
    return _VARIABLE_RE.sub(lambda m: _to_text(_lookup(m.group(1), context)), text)


def _to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _IncludeNode(Node):
    __slots__ = ("expression", "relative")

    def __init__(self, token: Token, expression: str, *, relative: bool) -> None:
        super().__init__(token)
        self.blank = False  # it writes: a block holding only it is not blank
        self.expression = expression
        self.relative = relative

    def __str__(self) -> str:
        return f"{{% include {self.expression} %}}"

    def _name_and_params(self, context: RenderContext) -> tuple[str, dict[str, object]]:
        expression = self.expression
        match = re.match(r"\s*(\{\{.*?\}\}|\S+)", expression, re.S)
        name = _expand_variables(match.group(1), context) if match else ""
        params: dict[str, object] = {}
        rest = expression[match.end() :] if match else ""
        for param in _PARAM_RE.finditer(rest):
            key, double, single, variable, path = param.groups()
            if double is not None or single is not None:
                params[key] = _expand_variables(double if double is not None else single, context)
            elif variable is not None:
                params[key] = _lookup(variable.strip("{} \t"), context)
            else:
                params[key] = _lookup(path, context)
        return name.strip(), params

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        state = _state()
        line = _line(self.token)
        tag = "include_relative" if self.relative else "include"
        name, params = self._name_and_params(context)
        if state.include_depth >= state.limits.include_depth:
            return buffer.write(
                state.notice(f"{tag} '{name}': deeper than {state.limits.include_depth}", line)
            )
        path, problem = _include_path(state, name, relative=self.relative)
        if path is None:
            return buffer.write(state.notice(f"{tag} '{name}': {problem}", line))
        template = state.includes.get(path)
        if template is None:
            try:
                data, _stat = read_article_bytes(
                    path, state.limits.include_bytes, of="an included file"
                )
            except ArticleError as exc:
                return buffer.write(state.notice(f"{tag} '{name}': {exc.message}", line))
            try:
                text = site_text(data)
            except NotUTF8Error as exc:  # (its bytes replaced, it would show as noise)
                at = f" (line {exc.line} of {name})" if exc.line else ""
                return buffer.write(state.notice(f"{tag} '{name}' is {exc.message}{at}", line))
            template = _parse(context.env, text)
            _replace_illegal(template.nodes)
            state.includes[path] = template
        if state.include_depth == 0:
            state.include_line = line
        state.include_depth += 1
        try:
            with context.extend({"include": params}):
                for node in template.nodes:
                    node.render(context, buffer)
        finally:
            state.include_depth -= 1
        return 1


#: Jekyll's ``INVALID_SEQUENCES`` in an include's name.
_INVALID_SEQUENCE = re.compile(r"[./]{2,}|\\")


def _include_path(state: _State, name: str, *, relative: bool) -> tuple[Path | None, str]:
    site = state.site
    if not name or "\x00" in name:
        return None, "no file named"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return None, "absolute paths are not read"
    if relative:
        base = state.article_path.parent if state.article_path is not None else None
    else:
        base = site.includes_dir or site.root / "_includes"
    if base is None:
        return None, "no folder to read from"
    path = base.joinpath(*name.split("/"))
    root = site.root.resolve()
    if not within(path, root):
        return None, "outside the site"
    if _INVALID_SEQUENCE.search(name):
        # Jekyll refuses these too ("Invalid syntax for include tag"): no
        # climbing out of _includes/ or the post's folder to another site file
        return None, "'..', './' and '//' are not allowed in the name"
    # Links followed: a link in the post's folder to the site's .git/config
    # was read (and a page at the site's root named .git/config itself),
    # and a template could put what it read in a picture's address
    if not within(path, base.resolve()):
        return None, "outside the post's folder" if relative else "outside _includes/"
    if hidden_below(path, root):
        return None, "hidden files and folders (.git, .env…) are not read"
    if not path.is_file():
        return None, not_read_because(path)
    return path.resolve(), ""


class _Include(Tag):
    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = _tag_expression(stream)
        return _IncludeNode(token, expression, relative=False)


class _IncludeRelative(Tag):
    name = "include_relative"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = _tag_expression(stream)
        return _IncludeNode(token, expression, relative=True)


def _notice_for(node: IllegalNode) -> _NoticeNode:
    """A notice for a tag that failed to parse: each failure records its error
    and then leaves an illegal node, so they pair up in order."""
    errors = _state().parse_errors
    message = errors.pop(0)[1] if errors else f"cannot read '{node.token.value}'"
    return _NoticeNode(node.token, message)


def _replace_illegal(nodes: list[Any], depth: int = 0, *, guard: bool = False) -> None:
    """Swap the nodes of tags that failed to parse for notices naming why, at
    any depth (over the slots of each node's classes), and guard every
    statement of a block so that an error stops only that statement."""
    if depth > 60:
        return
    for index, node in enumerate(nodes):
        if isinstance(node, IllegalNode):
            nodes[index] = _notice_for(node)
            continue
        if not isinstance(node, Node):
            continue
        for cls in type(node).__mro__:
            for name in getattr(cls, "__slots__", ()):
                if name in ("token", "blank"):
                    continue
                value = getattr(node, name, None)
                if isinstance(value, list):
                    statements = isinstance(node, BlockNode) and name == "nodes"
                    _replace_illegal(value, depth + 1, guard=statements)
                elif isinstance(value, Node):
                    _replace_illegal([value], depth + 1)
                elif isinstance(value, LoopExpression) and value.reversed:
                    setattr(node, name, _ReversedLoop(value))
        if guard and not isinstance(node, _Guarded | _NoticeNode):
            nodes[index] = _Guarded(node)


class _ReversedLoop:
    """A ``for … reversed`` whose items python-liquid would first copy into a
    list: refused before that when there are more than the loop limit."""

    def __init__(self, loop: LoopExpression) -> None:
        self._loop = loop

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loop, name)

    def __str__(self) -> str:
        return str(self._loop)

    def evaluate(self, context: RenderContext) -> tuple[Any, int]:
        items = self._loop.iterable.evaluate(context)
        limit = _state().limits.loop_iterations
        try:
            too_many = isinstance(items, Sized) and len(items) > limit
        except OverflowError:
            too_many = True
        if too_many:
            raise LoopIterationLimitError("loop iteration limit reached", token=None)
        return self._loop.evaluate(context)


class _Guarded(Node):
    """A statement inside a block: its error becomes a notice in its place,
    and the block goes on (limits, ``break`` and ``continue`` pass through)."""

    __slots__ = ("node",)

    def __init__(self, node: Node) -> None:
        super().__init__(node.token)
        self.node = node
        self.blank = node.blank

    def __str__(self) -> str:
        return str(self.node)

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        try:
            written = self.node.render(context, buffer)
            _flush_pending(buffer, _state())
            return written
        except (LiquidInterrupt, StopRender, ResourceLimitError):
            raise  # a limit ends the whole statement it is in, never just this part
        except LiquidError as exc:
            state = _state()
            token = exc.token if exc.token is not None else self.token
            line = _line(token if token.source == self.token.source else self.token)
            _write_notice(buffer, state, _message(exc), line)
            return 1
        except _PYTHON_ERRORS as exc:  # (not a limit: those are LiquidErrors)
            _write_notice(buffer, _state(), _python_error(exc), _line(self.token))
            return 1


# -- Jekyll filters -----------------------------------------------------------


def _as_text(value: object) -> str:
    return "" if value is None else _to_text(value)


def _item_value(item: object, key: str) -> object:
    if isinstance(item, Mapping):
        return item.get(key)
    return None


def _where(items: object, key: str, value: object = None) -> list[object]:
    """Jekyll's ``where``: items whose ``key`` equals ``value`` (compared as
    text) or, for a list, contains it."""
    sequence = _sequence(items)
    wanted = _as_text(value)
    found = []
    for item in sequence:
        got = _item_value(item, key)
        if isinstance(got, list | tuple):
            if any(_as_text(v) == wanted for v in got):
                found.append(item)
        elif _as_text(got) == wanted:
            found.append(item)
    return found


def _sequence(items: object) -> list[object]:
    if items is None:
        return []
    if isinstance(items, Mapping):
        return list(items.values())
    if isinstance(items, list | tuple):
        return list(items)
    return [items]


def _where_exp(items: object, name: str, expression: str) -> list[object]:
    """Jekyll's ``where_exp: "item", "item.version == '2.7'"``."""
    state = _state()
    env = _environment(state.limits)
    template = _parse(env, f"{{% if {expression} %}}1{{% endif %}}")
    found = []
    site = _site_globals(state.site)
    for item in _sequence(items)[: state.limits.loop_iterations]:
        state.check()
        context = _Context(template, globals={"site": site, name: item})
        buffer = context.get_buffer()
        for node in template.nodes:
            node.render(context, buffer)
        if buffer.getvalue() == "1":
            found.append(item)
    return found


def _sort(items: object, key: str | None = None, nils: str = "first") -> list[object]:
    sequence = _sequence(items)

    def sort_key(item: object) -> tuple[int, str, float]:
        value = _item_value(item, key) if key is not None else item
        if value is None:
            return (0 if nils == "first" else 2, "", 0.0)
        if isinstance(value, bool):
            return (1, "", float(value))
        if isinstance(value, int | float):
            return (1, "", float(value))
        return (1, _as_text(value), 0.0)

    return sorted(sequence, key=sort_key)


def _to_datetime(value: object) -> _dt.datetime | _dt.date | None:
    if isinstance(value, _dt.datetime | _dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text == "now" or text == "today":
            return _dt.datetime.now()
        try:
            return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


#: Text longer than this is no date (``date`` gives it back as it is).
_LONGEST_DATE = 200
_SECONDS_RE = re.compile(r"[0-9]+")


def _shown(value: object) -> str:
    text = _as_text(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _date(value: object, fmt: object = None) -> object:
    """Liquid's ``date``, as Jekyll's Liquid has it: ``value`` (a date, a
    time, ``now`` or ``today``, seconds since 1970, or text a date is read
    from) spelled with ``fmt`` (``strftime``); text that is no date, and a
    value with no format, are given back as they are.  A date Python cannot
    hold (the year 10,000 or later, seconds beyond that) is a notice
    naming the value."""
    if is_undefined(value):
        return ""
    if fmt is None or is_undefined(fmt) or _as_text(fmt) == "":
        return value
    when = _date_of(value)
    if when is None:
        if isinstance(value, Mapping | list | tuple | range):
            kind = "a mapping" if isinstance(value, Mapping) else "a list"
            raise FilterArgumentError(f"date: expected a date or a time, found {kind}", token=None)
        return value
    try:
        return when.strftime(_as_text(fmt))
    except ValueError as exc:
        raise FilterArgumentError(f"date: {_python_error(exc)}", token=None) from None


def _date_of(value: object) -> _dt.datetime | None:
    """The time ``value`` stands for (Liquid's ``Utils.to_date``), or None."""
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime.combine(value, _dt.time.min)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = value.strip().lower() if isinstance(value, str) else ""
    if text in ("now", "today"):
        return _dt.datetime.now()
    if isinstance(value, int) or _SECONDS_RE.fullmatch(text):
        out_of_range = FilterArgumentError(f"date: {_shown(value)} is out of range", token=None)
        if len(text) > 30:  # (int() refuses text of thousands of digits)
            raise out_of_range
        try:
            return _dt.datetime.fromtimestamp(int(value))
        except (OverflowError, OSError, ValueError):
            raise out_of_range from None
    if not text or len(text) > _LONGEST_DATE:
        return None
    try:
        return _dateparser.parse(str(value))
    except _dateparser.ParserError:
        return None  # no date: given back as it is (as Liquid does)
    except (OverflowError, ValueError):
        raise FilterArgumentError(f"date: {_shown(value)} is out of range", token=None) from None


def _to_integer(value: object) -> int:
    """Jekyll's ``to_integer`` (Ruby's ``to_i``): ``true`` 1, ``false`` and
    nil 0, a number its whole part, a time its seconds since 1970, text the
    whole number it starts with (else 0)."""
    if value is True:
        return 1
    if value is False or value is None or is_undefined(value):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float | decimal.Decimal):
        if not math.isfinite(value):
            raise FilterArgumentError(f"to_integer: {value} is not a finite number", token=None)
        return int(value)
    if isinstance(value, _dt.datetime):
        try:
            return int(value.timestamp())
        except (OverflowError, OSError, ValueError):
            raise FilterArgumentError(f"to_integer: {value} is out of range", token=None) from None
    if not isinstance(value, str):
        raise FilterArgumentError(
            f"to_integer: expected a number or text, found {type(value).__name__}", token=None
        )
    match = re.match(r"\s*([+-]?[0-9]+(?:_[0-9]+)*)", value)
    if match is None:
        return 0
    digits = match.group(1).replace("_", "")
    if len(digits) > 4000:  # (Python refuses to read longer ones)
        raise FilterArgumentError("to_integer: a number of more than 4,000 digits", token=None)
    return int(digits)


def _date_to_string(value: object, style: str | None = None, usa: str | None = None) -> object:
    return _jekyll_date(value, "%b", style, usa)


def _date_to_long_string(value: object, style: str | None = None, usa: str | None = None) -> object:
    return _jekyll_date(value, "%B", style, usa)


def _jekyll_date(value: object, month: str, style: str | None, usa: str | None) -> object:
    date = _to_datetime(value)
    if date is None:
        return value
    day = date.day
    if style == "ordinal":
        suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        if usa == "US":
            return f"{date.strftime(month)} {day}{suffix}, {date.year}"
        return f"{day}{suffix} {date.strftime(month)} {date.year}"
    return f"{day:02d} {date.strftime(month)} {date.year}"


def _date_to_xmlschema(value: object) -> object:
    date = _to_datetime(value)
    return date.isoformat() if date is not None else value


def _date_to_rfc822(value: object) -> object:
    date = _to_datetime(value)
    return date.strftime("%a, %d %b %Y %H:%M:%S %z").strip() if date is not None else value


def _setting(site: SiteContext, key: str) -> str:
    """The site's setting ``key`` (``url``, ``baseurl``) as the text of an
    address: a value that is neither text nor a number (``url: {a: 1}``, a
    list) is as if unset (its Python repr was written into the address)."""
    value = site.config.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value)


def _relative_url(value: object) -> str:
    text = _as_text(value)
    if re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I) or text.startswith("//"):
        return text
    baseurl = _setting(_state().site, "baseurl").strip("/")
    path = "/" + text.lstrip("/")
    return f"/{baseurl}{path}" if baseurl else path


def _absolute_url(value: object) -> str:
    text = _as_text(value)
    if re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I) or text.startswith("//"):
        return text
    url = _setting(_state().site, "url").rstrip("/")
    return url + _relative_url(text)


def _xml_escape(value: object) -> str:
    return html.escape(_as_text(value), quote=True)


def _markdownify(value: object) -> str:
    return _state().markdownify(_as_text(value))


def _jsonify(value: object) -> str:
    from reader.core.article.codec import with_text_keys  # (loaded with the article)

    # keys as text, as Ruby's to_json writes them ({2024-01-01: x} was refused)
    return json.dumps(with_text_keys(value), ensure_ascii=False, default=str)


def _slugify(value: object, mode: str = "default") -> str:
    text = _as_text(value)
    if mode == "none":
        return text
    if mode == "latin":
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    pattern = {"raw": r"\s+", "pretty": r"[^\w.~!$&'()+,;=@-]+", "ascii": r"[^a-zA-Z0-9]+"}.get(
        mode, r"[^\w]+|_+"
    )
    return re.sub(pattern, "-", text).strip("-").lower()


def _array_to_sentence_string(value: object, connector: str = "and") -> str:
    items = [_as_text(v) for v in _sequence(value)]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def _number_of_words(value: object) -> int:
    return len(_as_text(value).split())


def _group_by(items: object, key: str) -> list[dict[str, object]]:
    groups: dict[str, list[object]] = {}
    for item in _sequence(items):
        groups.setdefault(_as_text(_item_value(item, key)), []).append(item)
    return [
        {"name": name, "items": members, "size": len(members)} for name, members in groups.items()
    ]


_FILTERS: dict[str, Callable[..., object]] = {
    "where": _where,
    "where_exp": _where_exp,
    "sort": _sort,
    "date_to_string": _date_to_string,
    "date_to_long_string": _date_to_long_string,
    "date_to_xmlschema": _date_to_xmlschema,
    "date_to_rfc822": _date_to_rfc822,
    "relative_url": _relative_url,
    "absolute_url": _absolute_url,
    "xml_escape": _xml_escape,
    "markdownify": _markdownify,
    "jsonify": _jsonify,
    "slugify": _slugify,
    "array_to_sentence_string": _array_to_sentence_string,
    "number_of_words": _number_of_words,
    "group_by": _group_by,
    "cgi_escape": lambda value: quote(_as_text(value), safe="").replace("%20", "+"),
    "uri_escape": lambda value: quote(_as_text(value), safe="/:?#[]@!$&'()*+,;=~-._%"),
    "normalize_whitespace": lambda value: " ".join(_as_text(value).split()),
    "smartify": _as_text,
    "inspect": _jsonify,
    "to_integer": _to_integer,
    "date": _date,
}


# -- the API ------------------------------------------------------------------


def _site_globals(site: SiteContext) -> dict[str, object]:
    """``site.*``: the configuration, ``site.data``, ``site.posts`` and
    ``site.time``, as plain values (see :func:`template_value_kept`)."""
    config = template_value_kept(site.config)
    values: dict[str, object] = dict(config) if isinstance(config, Mapping) else {}
    values["data"] = template_value_kept(site.data)
    values["posts"] = list(site.posts)
    values.setdefault("time", _jekyll_time(_dt.datetime.now(), site))
    return values


def _page_globals(page: Mapping[str, object], site: SiteContext) -> dict[str, object]:
    """``page.*``: ``page.date`` is a time in the site's time zone, as Jekyll
    makes it (a date alone is its midnight), printed as Jekyll prints it."""
    values = dict(page)
    if "date" in values:
        values["date"] = _jekyll_time(values["date"], site)
    return values


class _Time(_dt.datetime):
    """A Jekyll (Ruby) ``Time``: ``{{ page.date }}`` is ``2024-03-01 00:00:00 +0000``."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()


def _site_zone(site: SiteContext) -> _dt.tzinfo | None:
    """The ``timezone`` of ``_config.yml`` (an IANA name), else None: the
    machine's own, as Jekyll uses when the site names none."""
    name = site.config.get("timezone")
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        return zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _jekyll_time(value: object, site: SiteContext) -> object:
    """``value`` (a ``date``, a ``datetime`` or ISO text) as a :class:`_Time`
    in the site's time zone; anything else (or a time it cannot hold) as
    it is."""
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value
    if not isinstance(value, _dt.date):
        return value
    when = value if isinstance(value, _dt.datetime) else _dt.datetime.combine(value, _dt.time())
    zone = _site_zone(site)
    try:
        if zone is None:
            local = when.astimezone()  # naive: read as local time
        elif when.tzinfo is None:
            local = when.replace(tzinfo=zone)
        else:
            local = when.astimezone(zone)
    except (OverflowError, OSError, ValueError):
        return value
    return _Time.combine(local.date(), local.timetz())


def render_liquid(
    source: str,
    site: SiteContext,
    page: Mapping[str, object],
    *,
    markdown: bool = True,
    markdownify: Callable[[str], str] = html.escape,
    article_path: Path | None = None,
    first_line: int = 1,
) -> LiquidResult:
    """Evaluate the Liquid in ``source`` (a post's body) for ``page``.

    ``first_line`` is the line of the file the text starts on (notices name
    lines of the file).  Never raises for bad templates: problems come back as notices (and as
    inline notices in the text).  Runs in a worker thread that is abandoned
    after :attr:`TemplateLimits.seconds` (plus a little grace).
    """

    def new_state() -> _State:
        return _State(
            _room_for(site, source),
            markdown=markdown,
            markdownify=markdownify,
            article_path=article_path,
            first_line=first_line,
        )

    seconds = site.limits.seconds
    if source.count("{{") + source.count("{%") > MAX_TAGS:
        return _unevaluated(source, new_state(), f"more than {MAX_TAGS:,} tags; shown unevaluated")
    state = new_state()
    outcome: list[str] = []
    failure: list[BaseException] = []

    def work() -> None:
        _current.state = state
        try:
            outcome.append(_evaluate(source, state, page))
        except BaseException as exc:  # reported below, never raised into the reader
            failure.append(exc)
        finally:
            _current.state = None

    worker = threading.Thread(target=work, name="liquid", daemon=True)
    worker.start()
    worker.join(seconds + 0.5)
    if worker.is_alive() or (failure and isinstance(failure[0], _Deadline)):
        state.cancelled.set()  # it stops at its next token, write or loop
        message = f"took longer than {seconds:g} s; shown unevaluated"
        return _unevaluated(source, new_state(), message, state.notices)
    if failure or not outcome:
        error = failure[0] if failure else RuntimeError("no output")
        reason = _message(error) if isinstance(error, LiquidError) else _python_error(error)
        return _unevaluated(source, new_state(), f"cannot evaluate: {reason}")
    text = notices_after_links(outcome[0], state.after_links)
    state.expansion.text = text
    return LiquidResult(text, state.expansion, state.notices)


def _room_for(site: SiteContext, source: str) -> SiteContext:
    """``site`` with an output limit of at least twice the post's length.

    The limit stops a loop or a filter that multiplies the text, not a long
    post: one of 1.5 MB with a single ``{{ page.title }}`` was cut at 1 MB
    with a notice, the rest of it not shown.  The limit is rounded up to a
    power of two, so that few environments are made (see
    :func:`_environment`)."""
    room = 1 << (2 * len(source)).bit_length()
    if room <= site.limits.output_bytes:
        return site
    return replace(site, limits=replace(site.limits, output_bytes=room))


def _unevaluated(
    source: str, state: _State, message: str, notices: Sequence[TemplateNotice] = ()
) -> LiquidResult:
    """``source`` as written, after a notice saying why it is not evaluated."""
    state.notices = list(notices)
    note = state.notice(message, None)
    return LiquidResult(note + "\n\n" + source, state.expansion, state.notices)


def _parse(env: Environment, source: str) -> BoundTemplate:
    """``env.from_string(source)``, letting the deadline through (python-liquid
    wraps an error met while it reads a template in one of its own)."""
    try:
        return env.from_string(source)
    except LiquidError as exc:
        if isinstance(exc.__cause__, _Deadline):
            raise exc.__cause__ from None
        raise


def _evaluate(source: str, state: _State, page: Mapping[str, object]) -> str:
    env = _environment(state.limits)
    source = _close_blocks(source, state)
    state.lenient_source = source  # its unclosed {{ and {% are shown as text
    template = _parse(env, source)
    _replace_illegal(template.nodes)
    context = _Context(
        template,
        globals={
            "page": _page_globals(page, state.site),
            "site": _site_globals(state.site),
            "paginator": {},
        },
    )
    buffer = context.get_buffer()
    state.page_buffer = buffer

    def line_of(error: LiquidError, node: Node) -> int | None:
        token = error.token
        return _line(token if token is not None and token.source == source else node.token)

    for index, node in enumerate(template.nodes):
        written = buffer.tell()
        try:
            node.render(context, buffer)
            _flush_pending(buffer, state)
        except StopRender:
            break
        except LiquidInterrupt as exc:
            _write_notice(buffer, state, f"unexpected '{exc}'", _line(node.token))
        except OutputStreamLimitError as exc:
            if isinstance(buffer, LimitedStringIO) and buffer.size <= buffer.limit:
                # a capture's output went over, not the page's: that tag
                # stops, and the rest of the post renders (as after a loop's
                # limit); the page's own output over it, the page stops
                _write_notice(buffer, state, f"stopped: {_message(exc)}", line_of(exc, node))
                continue
            # (a statement that wrote nothing is shown as written, with the rest)
            start = index if buffer.tell() == written else index + 1
            rest = _rest_of(source, template.nodes[start:])
            return _finish(buffer, state, _message(exc), line_of(exc, node), rest)
        except _Deadline as exc:
            start = index if buffer.tell() == written else index + 1
            rest = _rest_of(source, template.nodes[start:])
            return _finish(buffer, state, _message(exc), line_of(exc, node), rest)
        except LiquidError as exc:
            _write_notice(buffer, state, _message(exc), line_of(exc, node))
        except _PYTHON_ERRORS as exc:  # only this statement fails, said in words
            _write_notice(buffer, state, _python_error(exc), _line(node.token))
    _flush_pending(buffer, state)
    for line, message in state.parse_errors:
        _write_notice(buffer, state, message, line)
    state.parse_errors.clear()
    return buffer.getvalue()


_BLOCK_TAGS = frozenset(
    {"if", "unless", "for", "case", "capture", "tablerow", "ifchanged", "highlight", "comment"}
)
#: A tag's name and the rest up to the first ``%`` (the name taken whole: a
#: shorter one cannot close the tag, and trying each searched the text again).
_TAG_RE = re.compile(r"\{%-?\s*+(end)?(\w++)[^%]*?-?%\}", re.DOTALL)


def _close_blocks(source: str, state: _State) -> str:
    """Neutralise block tags that are never closed: Liquid would swallow the
    rest of the post into them.  Each becomes a notice; its content renders."""
    if "{%" not in source:
        return source
    open_tags: list[tuple[str, int, int]] = []
    unclosed: list[tuple[str, int, int]] = []
    position = 0
    while True:
        match = _TAG_RE.search(source, position)
        if match is None:
            break
        position = match.end()
        end, name = match.group(1), match.group(2)
        if name in ("raw", "comment") and not end:  # literal up to its end tag
            closing = re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}").search(source, position)
            if closing is None:
                # neutralised too, so what follows is Liquid again: its own
                # unclosed tags are looked for (they swallowed the rest)
                unclosed.append((name, match.start(), match.end()))
                continue
            position = closing.end()
            continue
        if name not in _BLOCK_TAGS:
            continue
        if not end:
            open_tags.append((name, match.start(), match.end()))
            continue
        for index in range(len(open_tags) - 1, -1, -1):
            if open_tags[index][0] == name:
                unclosed.extend(open_tags[index + 1 :])  # crossed: {% if %}{% for %}{% endif %}
                del open_tags[index:]
                break
    unclosed.extend(open_tags)
    if not unclosed:
        return source
    pieces: list[str] = []
    copied = 0
    # in order: each reader_unclosed tag takes the first of these errors
    for name, start, stop in sorted(unclosed, key=lambda tag: tag[1]):
        note = state.placeholder("", block=False)
        state.parse_errors.append((_line_of(source, start), f"'{name}' is never closed"))
        pieces += [source[copied:start], "{% reader_unclosed %}", note]
        copied = stop
    pieces.append(source[copied:])
    return "".join(pieces)


def _write_notice(buffer: TextIO, state: _State, message: str, line: int | None) -> None:
    text = state.notice(message, line)
    if isinstance(buffer, NullIO):
        # inside a block whose output Liquid drops ({% if %} around assigns):
        # shown right after that block instead of nowhere
        state.pending.append(text)
        return
    _write_text(buffer, text)


def _flush_pending(buffer: TextIO, state: _State) -> None:
    """Write the notices of a block whose output was dropped, just after it,
    into the page's own output only: never into a capture's (the notice
    became part of a variable: an address, a value compared), which says
    them after the capture instead."""
    if state.pending and buffer is state.page_buffer:
        text = "".join(state.pending)
        state.pending.clear()
        _write_text(buffer, text)


def _write_text(buffer: TextIO, text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # a closed buffer
        if isinstance(buffer, StringIO):
            StringIO.write(buffer, text)  # a notice is written even past the output limit
        else:
            buffer.write(text)


def _rest_of(source: str, nodes: Sequence[Node]) -> str:
    """The post as written from the first of ``nodes`` on: the page's output
    went over its limit just before, or its time ran out.  (It was dropped:
    the text the author wrote after a runaway loop was gone.)"""
    for node in nodes:
        token = node.token
        if token is None or token.source != source or token.start_index < 0:
            continue
        start = token.start_index
        # a tag's token starts at its name: back to its "{%"
        opening = source.rfind("{%", 0, start)
        if opening >= 0 and not source[opening + 2 : start].strip(" \t\r\n-"):
            start = opening
        return source[start:].replace("{% reader_unclosed %}", "")
    return ""


def _finish(buffer: StringIO, state: _State, message: str, line: int | None, rest: str = "") -> str:
    """The output so far, a notice that the page stopped, and the rest of
    the post unevaluated."""
    value = buffer.getvalue()
    notice = state.notice(f"stopped: {message}; what follows is shown unevaluated", line)
    return value + "\n\n" + notice + "\n\n" + rest
