"""New articles the way the site makes them: its scaffold (Hexo) or
archetype (Hugo) with the placeholders filled, its file-name pattern, its
folder.  No Qt here.

Placeholders filled: Hexo's ``{{ title }}``, ``{{ date }}``, ``{{ slug }}``,
``{{ layout }}``; Hugo's ``{{ .Title }}``, ``{{ .Date }}``, ``{{ .Name }}``,
``{{ .File.ContentBaseName }}`` and the usual ``{{ replace
.File.ContentBaseName "-" " " | title }}``.  A value goes in quoted the way
its place needs (inside quotes: escaped; bare in YAML: YAML-quoted when it
must be; bare in TOML: a TOML string).  A scaffold that cannot be read is
reported and the site's built-in default is used.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader.core.article.boundary import within
from reader.core.article.patch_values import dump_value
from reader.core.article.slug import slugify
from reader.core.site.detect import HEXO, HUGO, Site

__all__ = [
    "SiteNewArticle",
    "fill_placeholders",
    "moment_format",
    "plan_site_article",
    "scaffold_problems",
    "site_date_text",
]

HEXO_DEFAULT_SCAFFOLD = "---\ntitle: {{ title }}\ndate: {{ date }}\ntags:\n---\n"
HEXO_DRAFT_SCAFFOLD = "---\ntitle: {{ title }}\ntags:\n---\n"
HUGO_DEFAULT_ARCHETYPE = (
    '+++\ndate = \'{{ .Date }}\'\ndraft = true\ntitle = \'{{ replace .File.ContentBaseName "-" " "'
    " | title }}'\n+++\n"
)
SCAFFOLD_LIMIT = 256 * 1024

_TOKENS = re.compile(r":(?:year|month|i_month|day|i_day|hour|minute|second|title)")
_MOMENT = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|DD|D|HH|H|hh|h|mm|m|ss|s|ZZ|Z|A|a|\[[^\]]*\]")


def moment_format(when: datetime, pattern: str) -> str:
    """``when`` spelled by a Moment.js pattern (Hexo's ``date_format`` and
    ``time_format``): the common tokens, ``[text]`` kept as text."""
    offset = when.strftime("%z") if when.tzinfo else ""

    def token(match: re.Match[str]) -> str:
        t = match.group(0)
        table = {
            "YYYY": f"{when.year:04d}",
            "YY": f"{when.year % 100:02d}",
            "MMMM": when.strftime("%B"),
            "MMM": when.strftime("%b"),
            "MM": f"{when.month:02d}",
            "M": str(when.month),
            "DD": f"{when.day:02d}",
            "D": str(when.day),
            "HH": f"{when.hour:02d}",
            "H": str(when.hour),
            "hh": f"{(when.hour % 12) or 12:02d}",
            "h": str((when.hour % 12) or 12),
            "mm": f"{when.minute:02d}",
            "m": str(when.minute),
            "ss": f"{when.second:02d}",
            "s": str(when.second),
            "ZZ": offset,
            "Z": f"{offset[:3]}:{offset[3:]}" if offset else "",
            "A": "AM" if when.hour < 12 else "PM",
            "a": "am" if when.hour < 12 else "pm",
        }
        return t[1:-1] if t.startswith("[") else table[t]

    return _MOMENT.sub(token, pattern)


def site_date_text(site: Site, when: datetime) -> str:
    """A date in the site's own spelling (Hexo: ``date_format time_format``;
    Hugo: RFC 3339; Jekyll: ``YYYY-MM-DD HH:mm:ss Z``)."""
    if site.kind == HEXO:
        date_format = site.config.get("date_format")
        time_format = site.config.get("time_format")
        pattern = (date_format if isinstance(date_format, str) else "YYYY-MM-DD") + " "
        pattern += time_format if isinstance(time_format, str) else "HH:mm:ss"
        return moment_format(when, pattern)
    if site.kind == HUGO:
        return when.astimezone().isoformat(timespec="seconds")
    return moment_format(when.astimezone(), "YYYY-MM-DD HH:mm:ss ZZ")


_SPAN = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
# where a YAML line's value starts: after its indent, list dashes and key
_YAML_VALUE_START = re.compile(
    r"[ \t]*(?:-[ \t]+)*"  # indent, list dashes
    r"""(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#:][^:#]*?)[ \t]*:(?:[ \t]+|$))?"""  # key
)


def fill_placeholders(text: str, values: dict[str, str], front_format: str) -> str:
    """``text`` with each known ``{{ … }}`` placeholder replaced, quoted the
    way its place needs; in the body, unknown placeholders stay as they are.

    In the front matter a placeholder not known here (``{{ author }}``,
    ``{{ .Site.Params.author }}``) is left empty, as Hexo fills one it does
    not know (left as it was, it made front matter that did not read: no
    title, an error).  A value inside a quoted string is escaped for that
    string (a title ``The "best" tool`` inside ``"{{ title }} | Blog"``
    made invalid YAML, and ``C:\\temp`` one with a tab); a TOML or YAML
    single-quoted string that cannot hold it becomes a double-quoted one; a
    bare value is quoted when it must be.  In the body a value goes in as
    it is, as it is in a YAML block scalar (``title: >-``).  ``front_format``
    is what a front matter without its delimiters' word is in."""
    from reader.core.article.split import split

    parts = split(text)
    raw = functools.partial(_SPAN.sub, lambda m: _value(m, values, m.group(0)))
    if parts.format is None or parts.unclosed:
        return raw(text)  # (no front matter: all of it is the body)
    front = "".join(_filled_lines(_lines(parts.front), values, parts.format))
    body = raw(parts.body)
    return parts.bom + parts.lead + parts.opener + front + parts.closer + body


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _value(match: re.Match[str], values: dict[str, str], unknown: str) -> str:
    key = _placeholder_key(" ".join(match.group(1).split()))
    return values[key] if key is not None and key in values else unknown


_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?\Z")


def _filled_lines(lines: list[str], values: dict[str, str], front_format: str) -> list[str]:
    """The front matter's lines filled, the lines of a YAML block scalar
    (``title: >-`` and the lines more indented below it) as they are."""
    out: list[str] = []
    block_indent: int | None = None  # the indent of the key a block scalar is of
    for line in lines:
        body = line.rstrip("\r\n")
        indent = len(body) - len(body.lstrip(" "))
        if block_indent is not None and (not body.strip() or indent > block_indent):
            out.append(_SPAN.sub(lambda m: _value(m, values, ""), line))
            continue
        block_indent = None
        if front_format == "yaml":
            start = _YAML_VALUE_START.match(body).end()  # type: ignore[union-attr]
            if _BLOCK_SCALAR.match(body, start):
                block_indent = indent
        out.append(_filled_line(line, values, front_format))
    return out


def _filled_line(line: str, values: dict[str, str], front_format: str) -> str:
    """One front-matter line with its placeholders filled (see
    :func:`fill_placeholders`)."""
    if not _SPAN.search(line):
        return line
    body = line.rstrip("\r\n")
    end = line[len(body) :]
    out: list[str] = []
    at = 0
    yaml = front_format == "yaml"
    value_start = -1
    if yaml:
        value_start = _YAML_VALUE_START.match(body).end()  # type: ignore[union-attr]
        plain = body[value_start:]
        starts = _SPAN.match(plain) is not None  # ("{{" is no flow mapping)
        if plain and (starts or plain[0] not in "\"'[{|>&*!#") and _SPAN.search(plain):
            value = _plain(plain, values)
            key = body[:value_start]
            return (key if value.strip() else key.rstrip(" \t")) + value + end
    while at < len(body):
        char = body[at]
        span = _SPAN.match(body, at)
        if span is not None:
            out.append(_bare(body, span, values, front_format))
            at = span.end()
            continue
        opens_string = char in "\"'" and (
            not yaml or at == value_start or _after_indicator(body, at)
        )
        triple = body[at : at + 3]
        if opens_string and front_format == "toml" and triple in ("'''", '"""'):
            close = body.find(triple, at + 3)  # (on this line: a title is one line)
            if close >= 0:
                inner = body[at + 3 : close]
                filled = _SPAN.sub(lambda m: _value(m, values, ""), inner)
                if triple == '"""':
                    filled = _SPAN.sub(
                        lambda m: json.dumps(_value(m, values, ""), ensure_ascii=False)[1:-1],
                        inner,
                    )
                    out.append(triple + filled + triple)
                elif "'''" in filled or any(ord(c) < 32 and c != "\t" for c in filled):
                    out.append(json.dumps(filled, ensure_ascii=False))
                else:
                    out.append(triple + filled + triple)
                at = close + 3
                continue
        if opens_string:
            string_end = _string_end(body, at, front_format)
            if string_end is not None:
                out.append(_quoted(body[at : string_end + 1], values, front_format))
                at = string_end + 1
                continue
        out.append(char)
        at += 1
    return "".join(out) + end


def _after_indicator(text: str, at: int) -> bool:
    """Whether a YAML quote at ``at`` opens a scalar in a flow collection
    (after ``[``, ``{``, ``,`` or a key's ``:``), not a quote inside plain
    text."""
    return text[:at].rstrip(" \t").endswith(("[", "{", ",", ":"))


def _string_end(text: str, start: int, front_format: str) -> int | None:
    """Where the quoted string opening at ``start`` closes (placeholders in
    it taken whole: a Hugo one holds quotes), or None when it does not."""
    quote = text[start]
    at = start + 1
    while at < len(text):
        span = _SPAN.match(text, at)
        if span is not None:
            at = span.end()
            continue
        char = text[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and front_format == "yaml" and text.startswith("''", at):
                at += 2  # (YAML's escaped quote; TOML's literal ends at the first)
                continue
            return at
        at += 1
    return None


def _quoted(string: str, values: dict[str, str], front_format: str) -> str:
    """A quoted string of the front matter with its placeholders filled."""
    quote, inner = string[0], string[1:-1]
    if quote == '"':  # JSON's escapes are YAML's and TOML's (\\, \", \n, \uXXXX)
        return _SPAN.sub(
            lambda m: json.dumps(_value(m, values, ""), ensure_ascii=False)[1:-1], string
        )
    # single quotes: YAML doubles a quote in them, TOML's literal cannot hold one
    doubled = front_format != "toml"
    text = inner.replace("''", "'") if doubled else inner
    filled = _SPAN.sub(lambda m: _value(m, values, ""), text)
    fits = "\n" not in filled and "\r" not in filled and (doubled or "'" not in filled)
    if fits and not any(ord(c) < 32 and c != "\t" for c in filled):
        return "'" + (filled.replace("'", "''") if doubled else filled) + "'"
    return json.dumps(filled, ensure_ascii=False)  # (a double-quoted string then)


def _plain(scalar: str, values: dict[str, str]) -> str:
    """A YAML plain value holding placeholders, filled: as it is when it
    reads the same (a date must: it is a date), else quoted."""
    comment = scalar.find(" #")
    text, rest = (scalar, "") if comment < 0 else (scalar[:comment], scalar[comment:])
    trailing = text[len(text.rstrip()) :]
    text = text.rstrip()
    keys = {_placeholder_key(" ".join(m.group(1).split())) for m in _SPAN.finditer(text)}
    filled = _SPAN.sub(lambda m: _value(m, values, ""), text)
    if (keys == {"date"} and _SPAN.fullmatch(text)) or not filled:
        return filled + trailing + rest  # (a date alone is a date: YAML reads it so)
    quoted = dump_value(filled)
    if "\n" in quoted:
        quoted = json.dumps(filled, ensure_ascii=False)
    return quoted + trailing + rest


def _bare(line: str, span: re.Match[str], values: dict[str, str], front_format: str) -> str:
    """A placeholder outside quotes in TOML or JSON (or a YAML flow
    collection), filled: a date as it is, anything else as a string."""
    key = _placeholder_key(" ".join(span.group(1).split()))
    value = values.get(key, "") if key is not None else ""  # (one not known here: empty)
    if key == "date" or not line[: span.start()].strip():
        return value
    return json.dumps(value, ensure_ascii=False)


def _placeholder_key(expr: str) -> str | None:
    simple = {
        "title": "title",
        ".Title": "title",
        "date": "date",
        ".Date": "date",
        "slug": "slug",
        ".Name": "slug",
        ".File.ContentBaseName": "slug",
        "layout": "layout",
        ".Type": "layout",
    }
    if expr in simple:
        return simple[expr]
    if expr.startswith("replace .File.ContentBaseName") or expr.startswith("replace .Name"):
        return "title"
    return None


@dataclass(frozen=True)
class SiteNewArticle:
    """Where and what a new article of a site is."""

    folder: str  # relative to the site root
    base: str  # the file name without its extension
    extension: str
    data: bytes
    problems: tuple[str, ...] = ()  # a scaffold that could not be read


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def site_slug(site: Site, title: str) -> str:
    """The name the site makes of ``title`` for a new post's file: Hexo's
    keeps its case unless ``filename_case`` says 1 (lower) or 2 (upper),
    as ``hexo new`` does (every name was lowercased); the others' are
    lowercase."""
    if site.kind != HEXO:
        return slugify(title)
    case = site.config.get("filename_case")
    slug = slugify(title, keep_case=True)
    if case == 1:
        return slug.lower()
    if case == 2:
        return slug.upper()
    return slug


def file_name(
    site: Site, title: str, when: datetime, *, slug: str | None = None, draft: bool = False
) -> tuple[str, str, str]:
    """(sub-folder, base name, extension) from ``new_post_name`` (a draft:
    ``:title.md``, as Hexo names drafts); ``:title`` is ``slug`` when given
    (a draft's own file name, kept as it is), else the title's slug."""
    slug = slug or site_slug(site, title)
    pattern = ":title.md" if draft else (site.new_post_name or ":title.md")
    values = {
        ":year": f"{when.year:04d}",
        ":month": f"{when.month:02d}",
        ":i_month": str(when.month),
        ":day": f"{when.day:02d}",
        ":i_day": str(when.day),
        ":hour": f"{when.hour:02d}",
        ":minute": f"{when.minute:02d}",
        ":second": f"{when.second:02d}",
        ":title": slug,
    }
    name = _TOKENS.sub(lambda m: values[m.group(0)], pattern).strip("/")
    folder, _, leaf = name.rpartition("/")
    base, dot, ext = leaf.rpartition(".")
    if not dot or not base:
        base, ext = leaf, "md"
    parts = [*folder.split("/"), base] if folder else [base]
    if any(
        not part or part in (".", "..") or part.startswith(".") or _CONTROL.search(part)
        for part in parts
    ):
        # (a NUL or a control character names no file: every write of the
        # new article failed with a ValueError)
        folder, base = "", slug
    if "." + ext.lower() not in (".md", ".markdown", ".mdown", ".html", ".htm"):
        ext = "md"
    return folder, base, "." + ext


def _read_scaffold(site: Site, names: tuple[str, ...]) -> tuple[str | None, str | None]:
    if not site.scaffolds_dir:
        return None, None
    for name in names:
        path = site.path(site.scaffolds_dir) / name
        if not os.path.lexists(path):
            continue
        raw, problem = _scaffold_bytes(site, path)
        if raw is None:
            return None, f"{path}: {problem}" if problem else None
        text, line, problem = _scaffold_text(raw)
        if text is None:
            where = f" line {line}" if line else ""
            return None, f"{path}{where}: {problem}"
        return text, None
    return None, None


def _scaffold_text(raw: bytes) -> tuple[str | None, int | None, str]:
    """A scaffold's text (UTF-8, a byte-order mark dropped), or None, the
    line and why not: one saved as UTF-16 or Latin-1 would fill new articles
    with its bytes replaced; the site's default is used instead."""
    from reader.core.common.text import NotUTF8Error, site_text

    try:
        return site_text(raw), None, ""
    except NotUTF8Error as exc:
        return None, exc.line, f"the scaffold is {exc.message}; skipped"


def _scaffold_bytes(site: Site, path: Path) -> tuple[bytes | None, str | None]:
    """A scaffold's bytes, or None and why it was skipped (None: it is gone).
    Never blocks: a FIFO among the scaffolds is reported, not waited on.  A
    link to outside the site is not read: what it points at would be copied
    into the new article (a cloned site's ``scaffolds/post.md`` naming a
    private file)."""
    from reader.core.article.model import ArticleError
    from reader.core.site.schema import read_site_file

    if os.path.islink(path) and not os.path.exists(path):
        return None, "the scaffold is a symbolic link to nothing; skipped"
    real = Path(os.path.realpath(path))
    if not within(real, site.root.resolve()):
        return None, "the scaffold is a link to outside the site; skipped"
    try:
        # what was checked is what is read: the real path, a link put in
        # its place since refused (O_NOFOLLOW)
        raw = read_site_file(real, SCAFFOLD_LIMIT, follow_links=False)
    except ArticleError as exc:
        if os.path.islink(real):
            return None, "the scaffold is a link to outside the site; skipped"
        return None, f"the scaffold {exc.message}; skipped"
    return raw, None


# C0 and C1 controls, DEL, and the line and paragraph separators (line breaks to YAML 1.1)
_NOT_IN_A_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def plan_site_article(
    site: Site, title: str, when: datetime, *, draft: bool = False, section: str | None = None
) -> SiteNewArticle | None:
    """The new article as the site would make it, or None when the site
    has no way of its own (Jekyll: the library's habits decide).  A title
    is one line: a line break or a control character in it (pasted) is a
    blank (a scaffold puts it where one line goes: ``title: >-`` and the
    line below, a TOML string, which cannot hold U+007F as it is)."""
    title = _NOT_IN_A_LINE.sub(" ", title).strip()  # (other blanks kept: U+3000, U+00A0)
    if site.kind == HEXO:
        layout = "draft" if draft else str(site.config.get("default_layout") or "post")
        text, problem = _read_scaffold(site, (f"{layout}.md",))
        if text is None:
            text = HEXO_DRAFT_SCAFFOLD if draft else HEXO_DEFAULT_SCAFFOLD
        sub, base, ext = file_name(site, title, when, draft=draft)
        folder = site.drafts_dir if draft else site.posts_dir
        assert folder is not None  # Hexo always has both
        values = {
            "title": title,
            "date": site_date_text(site, when),
            "slug": site_slug(site, title),
            "layout": layout,
        }
        data = fill_placeholders(text, values, _front_format(text))
        if not data.endswith("\n"):
            data += "\n"
        return SiteNewArticle(
            f"{folder}/{sub}" if sub else folder,
            base,
            ext,
            data.encode("utf-8"),
            (problem,) if problem else (),
        )
    if site.kind == HUGO:
        section = section or site.main_sections[0]
        text, problem = _read_scaffold(site, (f"{section}.md", "default.md"))
        if text is None:
            text = HUGO_DEFAULT_ARCHETYPE
        slug = slugify(title)
        values = {
            "title": title,
            "date": site_date_text(site, when),
            "slug": slug,
            "layout": section,
        }
        data = fill_placeholders(text, values, _front_format(text))
        return SiteNewArticle(
            f"{site.content_dir}/{section}",
            slug,
            ".md",
            data.encode("utf-8"),
            (problem,) if problem else (),
        )
    return None


def _front_format(text: str) -> str:
    first = text.lstrip().split("\n", 1)[0].strip()
    return {"+++": "toml", ";;;": "json"}.get(first, "yaml")


def scaffold_problems(site: Site) -> list[tuple[Path, int | None, str]]:
    """What is wrong with the site's scaffolds or archetypes: unreadable, or
    front matter that would not parse once the placeholders are filled."""
    from reader.core.article.codec import parse_article

    folder = site.path(site.scaffolds_dir) if site.scaffolds_dir else None
    if folder is None or not folder.is_dir():
        return []
    found: list[tuple[Path, int | None, str]] = []
    when = datetime(2001, 2, 3, 4, 5, 6)
    values = {"title": "Title", "date": site_date_text(site, when), "slug": "title"}
    values["layout"] = "post"
    try:
        names = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".md", ".markdown"))
    except OSError as exc:
        return [(folder, None, f"cannot read the scaffolds: {exc.strerror or exc}")]
    for path in names[:200]:
        raw, skipped = _scaffold_bytes(site, path)
        if raw is None:
            if skipped:
                found.append((path, None, skipped))
            continue
        text, line, unusable = _scaffold_text(raw)
        if text is None:
            found.append((path, line, unusable))
            continue
        filled = fill_placeholders(text, values, _front_format(text))
        article = parse_article(filled.encode("utf-8"), path)
        for problem in article.errors:
            found.append((path, problem.line, f"scaffold: {problem.message}"))
    return found
