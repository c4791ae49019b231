"""python-frontmatter as a differential oracle for the codec.

Wherever ``frontmatter.load`` can read a file, the codec's metadata and body
agree with it: on the generated library, the sample library, the hostile
corpus's regular files, the hand-written fixtures of the other tests and the
Hypothesis articles of the patch tests.  The places where the two differ on
purpose are each listed below (``DIFFERENCES``) and pinned by an example, so
a new disagreement is either a bug or a new line in that list.

Two things are normalised before comparing, because ``frontmatter.load``
does them to every file: it opens the file in text mode (universal newlines,
so CRLF and CR arrive as LF) and strips the body; the codec keeps the bytes
(see ``test_line_endings_are_kept_where_frontmatter_translates_them``).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import frontmatter
import pytest
import yaml
from frontmatter.default_handlers import TOMLHandler
from hypothesis import event, given, seed, settings

from reader.assets import sample_library
from reader.core.article.codec import load_article, parse_article
from reader.core.article.model import ERROR, Article
from reader.core.library.scan import scan
from tests import hostile, reliability
from tests.cli import test_cli
from tests.fixtures.library_gen import write_library

from . import test_codec, test_edit, test_new_article, test_patch, test_render, test_storage
from .strategies import articles

# Why the codec and python-frontmatter may disagree on a file, by name.
DIFFERENCES = {
    "bom": "a UTF-8 BOM: frontmatter keeps it as text, so no front matter is found",
    "indented opener": "blanks before '---' on its line: frontmatter strips the whole text first",
    "toml": "TOML between '+++': frontmatter reads it only with the 'toml' package",
    "hexo json": "Hexo's JSON between ';;;': frontmatter does not know the form",
    "jekyll closer": "'...' closing YAML front matter (Jekyll): frontmatter wants '---'",
    "long delimiter": "'----' or longer: frontmatter takes it for a delimiter, the codec not",
    "limits": "front matter over the codec's bounded limits is not read (an error says so)",
    "duplicate keys": "a key given twice: PyYAML keeps the last, the codec reports an error",
}

# python-frontmatter's YAML delimiter, and the longer dashes only it accepts.
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
_LONG_DASHES = re.compile(r"^-{4,}[ \t]*\r?$", re.MULTILINE)
_LIMIT_MESSAGES = ("limit", "nests deeper", "aliases expand", "recursive alias")


def _text_oracle(raw: bytes) -> tuple[dict, str] | None:
    """``frontmatter.load`` over ``raw`` read as a text file would be
    (universal newlines), or ``None`` where it cannot read it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _oracle(io.StringIO(text, newline=None))


def _oracle(source) -> tuple[dict, str] | None:
    try:
        post = frontmatter.load(source)
    except (UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None  # not UTF-8, not YAML, a date PyYAML rejects, a key that is not text
    return post.metadata, post.content


def _difference(article: Article, *, bom: bool = True) -> str | None:
    """The listed difference that applies to ``article``, if any (leaving
    the BOM out when ``bom`` is false)."""
    parts = article.parts
    errors = [p.message for p in article.problems if p.severity == ERROR]
    if any(word in message for message in errors for word in _LIMIT_MESSAGES):
        return "limits"
    if any(
        message.startswith("duplicate key") or "cannot be told apart" in message
        for message in errors
    ):
        return "duplicate keys"
    if bom and parts.bom:
        return "bom"
    if parts.opener.startswith("+++"):
        return "toml"
    if parts.opener.startswith(";;;"):
        return "hexo json"
    if parts.closer.startswith("..."):
        return "jekyll closer"
    if parts.format is None and _frontmatter_finds_yaml(parts.body):
        first = next(line for line in parts.body.splitlines() if line.strip())
        return "indented opener" if first[0] in " \t" else "long delimiter"
    if parts.format == "yaml" and _LONG_DASHES.search(parts.front):
        return "long delimiter"
    return None


def _frontmatter_finds_yaml(text: str) -> bool:
    stripped = text.strip()
    return bool(_BOUNDARY.match(stripped)) and len(_BOUNDARY.findall(stripped)) >= 2


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _agrees(article: Article, oracle: tuple[dict, str]) -> None:
    metadata, content = oracle
    assert article.metadata == metadata, article.path
    assert _lf(article.parts.body).strip() == content, article.path


def _check(article: Article) -> str:
    """Compare one article with what ``frontmatter.load`` makes of its bytes;
    returns what happened: "agrees", "unreadable" (frontmatter cannot read
    it) or the listed difference.  A file that differs only by its BOM is
    compared without it, and must then agree."""
    difference = _difference(article)
    raw = article.raw
    if difference == "bom":
        other = _difference(article, bom=False)
        if other is not None:
            return other
        raw = raw.removeprefix("\ufeff".encode())
    elif difference is not None:
        return difference
    oracle = _text_oracle(raw)
    if oracle is None:
        return "unreadable"
    _agrees(article, oracle)
    return difference or "agrees"


def _check_file(path: Path) -> str:
    """``_check`` on a file, with ``frontmatter.load`` reading the file itself."""
    article = load_article(path)
    outcome = _check(article)
    if outcome == "agrees":
        _agrees(article, _oracle(path))
    return outcome


def _outcomes(paths) -> dict[str, list[str]]:
    outcomes: dict[str, list[str]] = {}
    for path in paths:
        outcomes.setdefault(_check_file(path), []).append(path.name)
    return outcomes


# --- the libraries -------------------------------------------------------------


def test_generated_library_agrees(tmp_path):
    paths = write_library(tmp_path, 300, seed=7)
    outcomes = _outcomes(paths)
    assert set(outcomes) == {"agrees"}, {k: v[:3] for k, v in outcomes.items()}


def test_sample_library_agrees_or_differs_as_listed():
    root = sample_library()
    outcomes = _outcomes(root / rel for rel in sorted(scan(root)))
    assert set(outcomes) <= {"agrees", *DIFFERENCES}, outcomes
    # The sample library shows several forms on purpose; most are plain YAML.
    assert len(outcomes["agrees"]) > sum(map(len, outcomes.values())) / 2, outcomes
    assert {"bom", "toml", "hexo json"} <= set(outcomes), outcomes


def test_hostile_regular_files_agree_or_differ_as_listed(tmp_path):
    paths = hostile.write_corpus(tmp_path, special=False)
    outcomes = _outcomes(paths[name] for name in sorted(paths))
    assert set(outcomes) <= {"agrees", "unreadable", *DIFFERENCES}, outcomes
    assert "good.md" in outcomes["agrees"]
    assert {"billion-laughs.md", "huge-scalar.md"} <= set(outcomes["limits"])
    assert outcomes["duplicate keys"] == ["duplicate-keys.md"]
    assert "crlf-bom.md" in outcomes["bom"]
    assert "mixed-newlines.md" in outcomes["agrees"]  # CR, CRLF and LF in one file
    # Where frontmatter.load raises (not UTF-8, not YAML), the codec says why.
    assert outcomes["unreadable"]
    for name in outcomes["unreadable"]:
        assert load_article(paths[name]).has_errors, name


HAND_WRITTEN = {
    "test_codec.SEED_LIKE": test_codec.SEED_LIKE,
    "test_patch.SEED_LIKE": test_patch.SEED_LIKE,
    "test_cli.SEED_LIKE": test_cli.SEED_LIKE,
    "test_edit.RAW": test_edit.RAW,
    "test_storage.RAW": test_storage.RAW,
    "test_render.NEWS": test_render.NEWS,
    "test_new_article.HEXO_POST": test_new_article.HEXO_POST,
    "reliability.ARTICLE": reliability.ARTICLE,
    "hostile.FRONT": hostile.FRONT.format(title="x") + "body\n",
}


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_hand_written_fixtures_agree(name, tmp_path):
    raw = HAND_WRITTEN[name]
    path = tmp_path / "article.md"
    path.write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)
    assert _check_file(path) == "agrees"


def test_generated_articles_agree_or_differ_as_listed():
    """The patch tests' Hypothesis articles (BOM, CRLF, blank lines before the
    opener, '...' closers, comments): over a fixed-seed run, every one agrees
    or differs as listed, and most are really compared (a third of them
    close with '...', which frontmatter does not read)."""
    outcomes: Counter[str] = Counter()

    @seed(20260412)
    @settings(max_examples=300, deadline=None, database=None)
    @given(articles())
    def compare(generated):
        outcome = _check(parse_article(generated.raw, "post.md"))
        event(outcome)
        outcomes[outcome] += 1

    compare()
    assert set(outcomes) <= {"agrees", "unreadable", *DIFFERENCES}, outcomes
    compared = outcomes["agrees"] + outcomes["bom"]  # "bom": compared without it
    assert compared >= 0.6 * outcomes.total(), outcomes


# --- each listed difference, pinned by an example ------------------------------

EXAMPLES = {
    "bom": b"\xef\xbb\xbf---\ntitle: x\n---\nbody\n",
    "indented opener": b"   ---\ntitle: x\n---\nbody\n",
    "toml": b'+++\ntitle = "x"\n+++\nbody\n',
    "hexo json": b';;;\n"title": "x"\n;;;\nbody\n',
    "jekyll closer": b"---\ntitle: x\n...\nbody\n",
    "long delimiter": b"---\ntitle: x\n----\nbody\n",
    "limits": b"---\ntitle: " + b"x" * 2_000_000 + b"\n---\nbody\n",
    "duplicate keys": b"---\ntitle: x\ntitle: y\n---\nbody\n",
}
# What frontmatter.load makes of each (metadata, stripped body).
FRONTMATTER_READS = {
    "bom": ({}, "\ufeff---\ntitle: x\n---\nbody"),
    "indented opener": ({"title": "x"}, "body"),
    "toml": ({}, '+++\ntitle = "x"\n+++\nbody'),
    "hexo json": ({}, ';;;\n"title": "x"\n;;;\nbody'),
    "jekyll closer": ({}, "---\ntitle: x\n...\nbody"),
    "long delimiter": ({"title": "x"}, "body"),
    "limits": ({"title": "x" * 2_000_000}, "body"),
    "duplicate keys": ({"title": "y"}, "body"),
}
# What the codec makes of it (metadata, stripped body).
CODEC_READS = {
    "bom": ({"title": "x"}, "body"),
    "indented opener": ({}, "---\ntitle: x\n---\nbody"),
    "toml": ({"title": "x"}, "body"),
    "hexo json": ({"title": "x"}, "body"),
    "jekyll closer": ({"title": "x"}, "body"),
    "long delimiter": ({}, "---\ntitle: x\n----\nbody"),
    "limits": ({}, "body"),
    "duplicate keys": ({}, "body"),
}


def test_every_difference_has_an_example():
    assert set(EXAMPLES) == set(FRONTMATTER_READS) == set(CODEC_READS) == set(DIFFERENCES)


@pytest.mark.parametrize("name", sorted(DIFFERENCES))
def test_listed_difference(name):
    if name == "toml" and TOMLHandler is not None:
        pytest.skip("the 'toml' package is installed, so frontmatter reads TOML too")
    raw = EXAMPLES[name]
    article = parse_article(raw, "post.md")
    assert _difference(article) == name
    assert _text_oracle(raw) == FRONTMATTER_READS[name]
    assert (article.metadata, article.parts.body.strip()) == CODEC_READS[name]
    assert FRONTMATTER_READS[name] != CODEC_READS[name]


def test_blank_lines_before_the_opener_are_read_alike():
    # The codec skips blank lines before '---'; frontmatter strips the text.
    raw = b"\n  \n\t\n---\ntitle: x\n---\nbody\n"
    article = parse_article(raw, "post.md")
    assert article.parts.lead and _difference(article) is None
    _agrees(article, _text_oracle(raw))


def test_line_endings_are_kept_where_frontmatter_translates_them():
    raw = b"---\r\ntitle: x\r\n---\r\nline one\r\nline two\r\n"
    article = parse_article(raw, "post.md")
    assert article.parts.body == "line one\r\nline two\r\n"  # the codec keeps the bytes
    assert _text_oracle(raw) == ({"title": "x"}, "line one\nline two")
    _agrees(article, _text_oracle(raw))


def test_dates_read_alike_and_kept_as_written():
    raw = (
        b"---\ndate: 2021-04-16 15:21:00\nupdated: Fri, 16 Apr 2021 15:21:00 GMT\n"
        b"day: 2021-04-16\n---\nbody\n"
    )
    article = parse_article(raw, "post.md")
    _agrees(article, _text_oracle(raw))
    # Both have what PyYAML makes of them: a timestamp, or the text as written
    # where YAML has no date (RFC 2822) ...
    assert article.metadata["date"] == datetime(2021, 4, 16, 15, 21)
    assert article.metadata["day"] == date(2021, 4, 16)
    assert article.metadata["updated"] == "Fri, 16 Apr 2021 15:21:00 GMT"
    # ... and the codec also reads the date PyYAML left as text, keeping how
    # it was written so that a save writes it back the same way.
    assert article.updated is not None and article.updated.style.kind == "rfc2822"
    assert article.date is not None and article.date.style.kind == "iso"


def test_a_date_pyyaml_rejects_is_a_problem_not_a_failure():
    raw = b"---\ntitle: x\ndate: 2021-02-30\n---\nbody\n"
    assert _text_oracle(raw) is None  # frontmatter.load raises
    article = parse_article(raw, "post.md")
    assert article.parts.body == "body\n"
    assert any("day is out of range" in p.message for p in article.problems)
