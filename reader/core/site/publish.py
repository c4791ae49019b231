"""Publish and unpublish, the way the site's own tools do.  No Qt here.

* **Hexo** (``hexo publish``) and **Jekyll** (``jekyll publish``): the
  draft moves from ``_drafts`` to ``_posts``; a Jekyll post gets the
  date-prefixed name (``2026-12-02-title.md``), a Hexo post the site's
  ``new_post_name``; the ``date`` is set (in the site's spelling) only
  when the draft has none.  The folder named after the draft (Hexo's
  ``post_asset_folder``, an import's images) moves with it, unless it
  holds articles; the body's links into it by its old name (``d/p.png``)
  follow it in the same write.  Unpublish moves a post back to
  ``_drafts`` (a Jekyll date prefix is dropped) and keeps its date.
* **Hugo**: ``draft`` is toggled in place (``draft: false`` / ``true``).
  Hugo reads front-matter keys whatever their case (``Draft``, ``DATE``):
  so does publish, and a key is changed in its own spelling.

A symbolic link is not published (its target, or a link left in the posts
that points back into the drafts, would be what changed): it is refused,
naming what it points to.  Nor is a read-only file whose bytes publishing
changes (a date, links), before anything moves.

Every change is journaled before it is made (the file's old bytes and the
move), so ``undo`` puts everything back.  The file's write lock is held
throughout, and every step is checked against the bytes the plan was made
from: the move through :func:`~reader.core.article.storage.move_article`
(only those bytes move) and the new bytes through
:func:`~reader.core.article.storage.save_article` (written only over
those bytes), so every other byte of the file stays as it was and a change
made meanwhile is never overwritten: the publish is refused instead, with
the file moved back where it was.  The folders a move creates (Hexo's
``_posts/2024/05`` for ``new_post_name: :year/:month/:title.md``) are
journaled too, and the undo (:func:`reader.core.edit.bulk.undo_last`)
removes those that are empty again: never a folder that was there before,
never one that holds anything.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, time
from urllib.parse import quote

from reader.core.article.codec import load_article
from reader.core.article.dates import date_from_filename
from reader.core.article.model import Article, ArticleError
from reader.core.article.patch import patch_metadata
from reader.core.article.split import encode
from reader.core.article.storage import (
    FileChangedError,
    ReadOnlyError,
    drop_second_name,
    is_read_only,
    locked,
    move_article,
    save_article,
)
from reader.core.common.files import holds_files_ending
from reader.core.edit.bulk import missing_folders, remove_empty_folders
from reader.core.edit.journal import Journal
from reader.core.site.detect import HUGO, JEKYLL, Site
from reader.core.site.scaffold import file_name, site_date_text
from reader.core.site.scope import DRAFT, POST, POST_SUFFIXES, classify, draft_flag

__all__ = [
    "PublishError",
    "PublishPlan",
    "apply_publish",
    "is_draft",
    "plan_publish",
    "relocated",
]


class PublishError(ArticleError):
    """Publishing or unpublishing was refused (not a draft, a name taken…)."""


@dataclass(frozen=True)
class PublishPlan:
    """One publish or unpublish: where the file goes and its new bytes."""

    verb: str  # "publish" or "unpublish"
    old_path: str  # relative to the site root
    new_path: str
    old_raw: bytes
    new_raw: bytes
    asset_moves: tuple[tuple[str, str], ...] = field(default=())

    @property
    def description(self) -> str:
        if self.old_path == self.new_path:
            return f"{self.verb} {self.old_path}"
        return f"{self.verb} {self.old_path} → {self.new_path}"


def is_draft(site: Site, rel: str, article: Article | None) -> bool:
    """Whether the article at ``rel`` is a draft of the site."""
    if site.kind == HUGO:
        return article is not None and any(
            draft_flag(article.metadata[key]) for key in _spellings(article, "draft")
        )
    return classify(site, rel) == DRAFT


def _spellings(article: Article, name: str) -> list[str]:
    """The keys of the front matter that Hugo reads as ``name``: it
    lower-cases every key, so ``Draft`` and ``DRAFT`` are its ``draft``."""
    return [key for key in article.metadata if key.lower() == name]


def _hugo_key(article: Article, name: str, verb: str) -> str | None:
    """The one spelling of the Hugo key ``name`` in the front matter, or
    None.  Two spellings (``draft`` and ``Draft``) are refused: Hugo keeps
    one of them, which is not for us to guess, and changing the other
    would change nothing."""
    keys = _spellings(article, name)
    if len(keys) > 1:
        raise PublishError(
            f"cannot {verb}: {' and '.join(keys)} are one key to Hugo; keep one",
            article.display_path,
            article.key_lines.get(keys[1]),
        )
    return keys[0] if keys else None


_NATIVE_DATE = re.compile(r"\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?)?")


def date_value(site: Site, when: datetime) -> object:
    """The date to write, in the site's spelling: a date value when the
    spelling is one the front matter reads as a date (so it is written
    unquoted), else the text."""
    text = site_date_text(site, when)
    if _NATIVE_DATE.fullmatch(text):
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    return text


def _shown(value: object, most: int = 60) -> str:
    """A value as a message quotes it: on one line, at most ``most``
    characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _strip_date_prefix(name: str) -> str:
    return name[11:] if date_from_filename(name) is not None and len(name) > 11 else name


_TITLE_MARK = "\ue000"  # (a character no file name pattern holds: where :title goes)


def _title_in(site: Site, stem: str, stamp: datetime) -> str:
    """The ``:title`` part of ``stem``, a file name ``new_post_name`` made
    for the date ``stamp`` (``20200229-dated`` of ``:year:month:day-:title.md``),
    or ``stem`` when it is none such.  (Unpublished, a post kept what the
    pattern added: published again, 20200229-20200229-dated.)"""
    base = file_name(site, _TITLE_MARK, stamp, slug=_TITLE_MARK)[1]
    before, mark, after = base.partition(_TITLE_MARK)
    if not mark or (not before and not after):
        return stem
    if stem.startswith(before) and stem.endswith(after) and len(stem) > len(before) + len(after):
        return stem[len(before) : len(stem) - len(after)]
    return stem


def _same_page(site: Site, rel: str) -> str | None:
    """Another post of the name ``rel`` gets, but another extension
    (``2024-05-01-notes.markdown`` beside ``2024-05-01-notes.md``), or None."""
    stem, _, ext = rel.rpartition(".")
    for suffix in POST_SUFFIXES:
        other = stem + suffix
        if suffix != f".{ext}" and os.path.lexists(site.path(other)):
            return other
    return None


def plan_publish(
    site: Site, rel: str, article: Article, *, publish: bool, now: datetime | None = None
) -> PublishPlan:
    """What publishing (``publish=True``) or unpublishing ``rel`` would do.
    Raises :class:`PublishError` when it makes no sense (not a draft, not a
    post, a name taken) or the front matter does not parse."""
    verb = "publish" if publish else "unpublish"
    _refuse_link(site.path(rel), verb)
    if article.has_errors:
        first = article.errors[0]
        raise PublishError(f"cannot {verb}: {first.message}", article.display_path, first.line)
    when = (now or datetime.now()).replace(microsecond=0)
    if when.tzinfo is None:
        when = when.astimezone()
    if site.kind == HUGO:
        # (Hugo's keys, whatever their case: "Draft: true" is a draft, and
        # a "Date" is the date, never joined by a second "date")
        draft_key = _hugo_key(article, "draft", verb)
        draft = draft_key is not None and draft_flag(article.metadata[draft_key])
        if publish != draft:
            state = "not a draft" if publish else "a draft already"
            raise PublishError(f"cannot {verb}: the article is {state}", article.display_path)
        changes: dict[str, object] = {draft_key or "draft": not publish}
        if publish and not _spellings(article, "date"):
            changes["date"] = date_value(site, when)
        return PublishPlan(verb, rel, rel, article.raw, patch_metadata(article, changes))

    kind = classify(site, rel)
    if publish and kind != DRAFT:
        raise PublishError(
            f"cannot publish: not in the drafts folder ({site.drafts_dir})", article.display_path
        )
    if not publish and kind != POST:
        raise PublishError(
            f"cannot unpublish: not in the posts folder ({site.posts_dir})", article.display_path
        )
    assert site.posts_dir is not None and site.drafts_dir is not None  # Hexo and Jekyll
    source_folder = site.drafts_dir if publish else site.posts_dir
    name = rel[len(source_folder) + 1 :]
    sub, _, leaf = name.rpartition("/")
    stem, dot, ext = leaf.rpartition(".")
    if not dot:
        stem, ext = leaf, "md"
    new_raw = article.raw
    if publish:
        date = (
            article.date.value if article.date and article.date_source == "front-matter" else None
        )
        given = article.metadata.get("date")
        if date is None and given not in (None, ""):
            # not replaced with the time now: the text is the user's, and
            # the site would not read it either
            raise PublishError(
                f"cannot publish: its date ({_shown(given)}) is not a date; "
                "correct it or remove it",
                article.display_path,
                article.key_lines.get("date"),
            )
        if date is None:
            new_raw = patch_metadata(article, {"date": date_value(site, when)})
            date = when
        stamp = date if isinstance(date, datetime) else datetime(date.year, date.month, date.day)
        if site.kind == JEKYLL:
            day = f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d}"  # (%Y: "1" for year 1)
            new_leaf = f"{day}-{_strip_date_prefix(stem)}.{ext}"
            new_rel = f"{site.posts_dir}/{sub + '/' if sub else ''}{new_leaf}"
        else:
            title = _title_in(site, _strip_date_prefix(stem), stamp)
            folder, base, _ext = file_name(site, title, stamp, slug=title)
            parts = [p for p in (site.posts_dir, sub, folder) if p]
            new_rel = "/".join([*parts, f"{base}.{ext}"])
    else:
        dated = article.date.value if article.date is not None else None
        if site.kind == JEKYLL:
            given = article.metadata.get("date")
            if article.date_source == "filename" and dated is not None and given in (None, ""):
                # The draft's name holds no date (Jekyll's drafts are named
                # without one): the post's date, kept only in its name,
                # goes into the front matter, or it was lost (and publishing
                # again dated the post today).  A date written that cannot
                # be read is the user's text: kept, as publish keeps it.
                new_raw = patch_metadata(article, {"date": dated})
            stem = _strip_date_prefix(stem)
        elif dated is not None:
            stamp = dated if isinstance(dated, datetime) else datetime.combine(dated, time())
            # The folders new_post_name made of the date (:year/:month/)
            # are left behind: publishing again makes them anew (a draft in
            # _drafts/2026/ became _posts/2026/2026/).
            made = file_name(site, stem, stamp, slug=stem)[0] if sub else ""
            if made and (sub == made or sub.endswith("/" + made)):
                sub = sub[: len(sub) - len(made)].rstrip("/")
            # and what it made of the name (20200229-dated: dated)
            stem = _title_in(site, stem, stamp)
        new_rel = f"{site.drafts_dir}/{sub + '/' if sub else ''}{stem}.{ext}"
    if os.path.lexists(site.path(new_rel)):
        raise PublishError(f"cannot {verb}: {new_rel} exists already", article.display_path)
    twin = _same_page(site, new_rel)
    if twin is not None:
        # (the site would make one page of both: Jekyll stops with "Conflict:
        # the following destination is shared by multiple files")
        raise PublishError(
            f"cannot {verb}: {twin} exists already, and the site makes one page of a "
            f"post by that name whatever its extension",
            article.display_path,
        )
    moves: list[tuple[str, str]] = []
    old_assets = rel.rpartition(".")[0]
    new_assets = new_rel.rpartition(".")[0]
    assets = site.path(old_assets)
    # The article's folder of the same name goes with it: Hexo's asset
    # folder, and the images an import saves there in any site (left behind,
    # the published post showed "image not found").  A folder that holds
    # articles is a category's, not the article's: it stays (a draft's
    # publish took the drafts in it along, published).
    #
    # It takes the post's name, and the body's links into it by the old
    # name (``d/p.png``, as Typora and other editors write them) are
    # rewritten to the new one in the same write (:func:`_relinked`: only
    # those targets change; undo writes the old bytes back):
    # * Hexo: ``hexo publish`` moves the asset folder under the post's new
    #   name (post_asset_folder).  ``asset_img`` and bare names need no
    #   change; the plugins that serve ``d/p.png`` links (hexo-image-link,
    #   hexo-asset-image) want the folder named like the post.
    # * Jekyll has no asset folders (``jekyll publish`` moves the file
    #   alone, and Jekyll copies nothing out of ``_drafts`` or ``_posts``):
    #   such a folder is the user's or an import's, there to read the post
    #   here and in an editor, so it must stay beside it for its relative
    #   links.  It is named like the post all the same: in the flat
    #   ``_posts`` the date-prefixed name is what tells two posts of one
    #   name apart (a second ``weekly.md`` would find ``_posts/weekly/``
    #   taken), and an import's bare names are found by that name.
    # * Hugo publishes in place: nothing moves.
    if (
        assets.is_dir()
        and not os.path.islink(assets)
        and not holds_files_ending(assets, POST_SUFFIXES)
    ):
        if os.path.lexists(site.path(new_assets)):
            raise PublishError(
                f"cannot {verb}: the asset folder {new_assets} exists already",
                article.display_path,
            )
        moves.append((old_assets, new_assets))
        new_raw = _relinked(
            new_raw,
            article.body,
            old_assets,
            new_assets,
            markdown=article.body_format == "markdown",
        )
    return PublishPlan(verb, rel, new_rel, article.raw, new_raw, tuple(moves))


def _refuse_link(path: str | os.PathLike, verb: str) -> None:
    """Refuse to publish a symbolic link: the link moved into the posts
    still pointed into the drafts, and the file it points to got the date
    while it stayed a draft.  (The scan lists no link: it is no article of
    the library, its target is.)"""
    if os.path.islink(path):
        try:
            pointed = os.readlink(os.fspath(path))
        except OSError:
            pointed = "?"
        raise PublishError(
            f"cannot {verb}: a symbolic link to {pointed}; {verb} the file it points to",
            os.fspath(path),
        )


# A link's target, up to where it starts: a Markdown link or image
# ``](``, a reference definition ``[id]:`` (either with ``<…>``), or an
# ``src``/``href``/``poster`` attribute inside an HTML tag; then an
# optional ``./``.
_TARGET_START = (
    r"(?:\]\([ \t]*<?"
    r"|^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?"  # (not a footnote's "[^1]:")
    # (an attribute's quoted value may hold "<" or ">": alt="x > y")
    r"|<[A-Za-z](?:[^<>\"']|\"[^\"]*\"|'[^']*')*?\s(?i:src|href|poster)[ \t]*=[ \t]*[\"']?)"
    r"(?:\./)?"
)
# Code spans (not past a blank line): their text is the user's, not links.
_CODE_SPAN = re.compile(
    r"(?<![`\\])(?P<ticks>`+)(?!`)(?:(?!\n[ \t\r]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.S
)  # (not from an escaped backtick: \` is one)
# Blocks of code written as Liquid's and Hexo's tags ({% raw %} is no code:
# Markdown renders what it holds, links included).
_CODE_TAG = re.compile(r"\{%-?\s*(highlight|codeblock|code)\b")
_CODE_TAG_END = r"\{%%-?\s*end%s\s*-?%%\}"
# Where markdown-it ends a line (it reads "\r\n" and "\r" as "\n", and no
# other separator: U+2028 is text there).
_LINE_END = re.compile(r"\r\n?|\n")
_URL_SAFE = "/-_.~!$&'()*+,;=:@"


def _code_ranges(body: str, markdown: bool) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where ``body`` holds no link of each kind (disjoint, sorted ranges):
    ``(markup, tags)``.  An HTML tag's address is one wherever HTML is read
    (in ``<pre>`` too: its pictures show), except in Markdown's code (fenced
    and indented blocks, code spans) and in ``{% highlight %}`` and
    ``{% codeblock %}`` blocks: those are ``tags``.  A Markdown link is one
    outside those and outside HTML blocks (raw HTML, as markdown-it reads
    the blocks): those are ``markup``.  An opening never closed is no code."""
    code: list[tuple[int, int]] = []
    html: list[tuple[int, int]] = []
    if markdown:
        from markdown_it import MarkdownIt

        lines = [0] + [m.end() for m in _LINE_END.finditer(body)] + [len(body)]
        for token in MarkdownIt("commonmark").parse(body):
            if token.map and token.type in ("fence", "code_block", "html_block"):
                first, last = (lines[min(n, len(lines) - 1)] for n in token.map)
                (html if token.type == "html_block" else code).append((first, last))
        code += [m.span() for m in _CODE_SPAN.finditer(body)]
    in_code = _disjoint(code)
    ends: dict[str, list[tuple[int, int]]] = {}
    for match in _CODE_TAG.finditer(body):
        if _inside(in_code, match.start(1)):
            continue  # (written in code: "`{% highlight %}` opens one")
        name = match.group(1).lower()
        if name not in ends:
            pattern = re.compile(_CODE_TAG_END % re.escape(name), re.I)
            ends[name] = [m.span() for m in pattern.finditer(body)]
        found = ends[name]
        at = bisect.bisect_left(found, (match.end(), 0))
        if at < len(found):
            code.append((match.start(), found[at][1]))
    return _disjoint([*code, *html]), _disjoint(code)


def _disjoint(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` sorted, those that overlap made one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _inside(ranges: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` lies in one of ``ranges`` (disjoint, sorted)."""
    index = bisect.bisect_right(ranges, (at, 1 << 62)) - 1
    return index >= 0 and at < ranges[index][1]


def _relinked(
    raw: bytes, body: str, old_folder: str, new_folder: str, *, markdown: bool = True
) -> bytes:
    """``raw`` (whose body is ``body``) with the body's links into the
    asset folder ``old_folder`` (relative paths: the folder beside the
    article, named like it) pointing into ``new_folder`` instead.  Only
    the folder's name in those targets changes, spelled as the link spells
    it (as it is, or percent-encoded); every other byte stays.  A target
    that reaches it another way (``../_drafts/d/p.png``) is left alone."""
    old = old_folder.rpartition("/")[2]
    new = new_folder.rpartition("/")[2]
    body_raw = encode(body)
    if old == new or not body or not raw.endswith(body_raw):
        return raw
    spellings = {old: new}
    for spell in (lambda name: quote(name, safe=_URL_SAFE), lambda name: name.replace(" ", "%20")):
        spellings.setdefault(spell(old), spell(new))
    names = "|".join(re.escape(name) for name in sorted(spellings, key=len, reverse=True))
    pattern = re.compile(f"{_TARGET_START}(?P<name>{names})/", re.M)
    markup, tags = _code_ranges(body, markdown)
    pieces: list[str] = []
    done = 0
    for match in pattern.finditer(body):
        at = match.start("name")
        tag = match.group(0).startswith("<")
        if not (tag or markdown) or _inside(tags if tag else markup, at):
            continue  # (in an HTML body, Markdown's syntax is text)
        pieces += [body[done:at], spellings[match["name"]]]
        done = match.end("name")
    if not pieces:
        return raw
    pieces.append(body[done:])
    return raw[: len(raw) - len(body_raw)] + encode("".join(pieces))


def relocated(
    plan: PublishPlan, old_path: str, new_path: str, assets: tuple[tuple[str, str], ...]
) -> PublishPlan:
    """``plan`` with its paths given relative to another folder (the library's root)."""
    return PublishPlan(plan.verb, old_path, new_path, plan.old_raw, plan.new_raw, assets)


def _settle_moves(root: str, recorded: list[tuple[str, str]], journal: Journal, op_id: int) -> None:
    """Put back the moves journaled in ``recorded`` (article first, then
    asset folders, as (old, new) relative paths), last first, forgetting
    each in the journal.  A move is looked for on disk, not taken on trust:
    one journaled but not made (an error or Ctrl+C before it) is only
    forgotten; one made, or half made (the second name a move stopped
    between its link and its unlink leaves), is moved back.  Should a move back fail, the
    journal keeps it and the earlier ones: undo ends them."""
    for old, new in reversed(recorded):
        old_abs = os.path.join(root, *old.split("/"))
        new_abs = os.path.join(root, *new.split("/"))
        try:
            if os.path.lexists(old_abs) or not os.path.lexists(new_abs):
                # not made, or stopped between its link and its unlink: then
                # the new name, a second name of the very file, goes
                drop_second_name(new_abs, old_abs)
            elif os.path.isdir(new_abs) and not os.path.islink(new_abs):
                os.rename(new_abs, old_abs)
            else:
                move_article(new_abs, old_abs)
        except (OSError, ArticleError):
            return
        journal.forget_move(op_id, old)


def _holds(path: str, data: bytes) -> bool:
    """Whether the file ``path`` holds exactly ``data`` now."""
    try:
        return load_article(path).raw == data
    except ArticleError:
        return False


def _refuse_read_only(path: str | os.PathLike, verb: str, shown: str | os.PathLike) -> None:
    """:class:`ReadOnlyError` naming ``shown`` when the file ``path`` may
    not be written."""
    if is_read_only(path):
        raise ReadOnlyError(f"file is read-only; not {verb}ed", shown)


def _write_over(path: str, old_raw: bytes, new_raw: bytes, verb: str, shown: str) -> None:
    """Write ``new_raw`` over the file ``path`` only if it holds exactly
    ``old_raw`` (the bytes the plan was made from, not whatever it holds
    now), under its lock; else :class:`FileChangedError` naming ``shown``
    (where the file goes back to), and the file is left as it is."""
    with locked(path):
        article = load_article(path)
        if article.raw != old_raw:
            raise FileChangedError(
                f"the file changed on disk while it was being {verb}ed; "
                "nothing done (reload it first)",
                shown,
            )
        _refuse_read_only(path, verb, shown)  # (made read-only since: named where it goes back)
        try:
            save_article(article, new_raw)  # (re-checked against those bytes again)
        except FileChangedError:
            raise FileChangedError(
                f"the file changed on disk while it was being {verb}ed; "
                "nothing done (reload it first)",
                shown,
            ) from None


def _begin(journal: Journal, description: str) -> int:
    """:meth:`Journal.begin`; a Ctrl+C that lands while it writes (after
    the operation was stored, before its number came back) does not leave
    an empty operation that ``undo`` would then say it undid."""
    try:
        return journal.begin(description)
    except KeyboardInterrupt:
        with contextlib.suppress(ArticleError):
            last = journal.last()
            if last is not None and last.description == description:
                journal.finish(last.id)  # (drops it only if it holds nothing)
        raise


def apply_publish(root: str, plan: PublishPlan, journal: Journal) -> int:
    """Carry out ``plan`` (its paths relative to ``root``; journaled for
    undo); returns the journal operation.

    The file's write lock is held from the check to the last write, and
    every step is checked against the bytes the plan was made from
    (``plan.old_raw``): the move moves only those bytes, and the new bytes
    are written only over them.  A writer of ours (``article-reader set``,
    the window) waits meanwhile, so its change lands on the published file;
    a change by another program is never overwritten.
    Raises :class:`FileChangedError` when the file changed since it was read,
    and another :class:`ArticleError` (:class:`PublishError` for an asset
    folder) when a step cannot be done.  On any error or interruption
    (Ctrl+C) before the end, what was moved is moved back and the journal
    forgets it: nothing is left half done, nor an undo step for a publish
    that did not happen."""
    source = os.path.join(root, *plan.old_path.split("/"))
    target = os.path.join(root, *plan.new_path.split("/"))
    with locked(source, target):
        _refuse_link(source, plan.verb)  # (made a link since the plan)
        if load_article(source).raw != plan.old_raw:
            raise FileChangedError(
                "the file changed on disk since it was read; nothing done", source
            )
        if plan.new_raw != plan.old_raw:
            # Before anything moves: the write after the move was refused,
            # and the error named the post the file had just been moved
            # back from.  (A read-only draft that needs no date moves: a
            # move writes the folders, not the file.)
            _refuse_read_only(source, plan.verb, source)
        op_id = _begin(journal, plan.description)
        try:
            _carry_out(root, plan, journal, op_id, source, target)
        finally:
            journal.finish(op_id)
    return op_id


def _carry_out(
    root: str, plan: PublishPlan, journal: Journal, op_id: int, source: str, target: str
) -> None:
    """The steps of :func:`apply_publish`, under the file's lock."""
    rewrite = plan.new_raw != plan.old_raw
    recorded: list[tuple[str, str]] = []  # moves journaled (made or about to be)
    created: list[str] = []  # the folders the move makes (undo removes them, if empty)
    moves = plan.new_path != plan.old_path
    try:
        # The move is journaled before the entry at the new path: undo knows
        # such an entry by its move (stopped before the move: still where it
        # was).  Killed between the two the other way round, undo said the
        # file at the new path was missing, exit 3, and used itself up.
        if moves:
            created = missing_folders(root, plan.new_path)
            if created:
                journal.record_folders(op_id, created)
            recorded.append((plan.old_path, plan.new_path))
            journal.record_move(op_id, plan.old_path, plan.new_path)
        if rewrite:
            journal.record(op_id, plan.new_path, plan.old_raw, plan.new_raw)
        if moves:
            move_article(source, target, expected=plan.old_raw)
            for old_assets, new_assets in plan.asset_moves:
                old_abs = os.path.join(root, *old_assets.split("/"))
                new_abs = os.path.join(root, *new_assets.split("/"))
                if os.path.lexists(new_abs):
                    raise PublishError("the asset folder's new place is taken", new_abs)
                recorded.append((old_assets, new_assets))
                journal.record_move(op_id, old_assets, new_assets)
                try:
                    os.rename(old_abs, new_abs)
                except OSError as exc:
                    raise PublishError(
                        f"the asset folder cannot be moved: {exc.strerror or exc}", old_abs
                    ) from None
        if rewrite:
            # over the very bytes the plan was made from, never over a change
            # made since (the move kept them: it was checked)
            _write_over(target, plan.old_raw, plan.new_raw, plan.verb, source)
    except (ArticleError, KeyboardInterrupt):  # (Ctrl+C, SIGTERM and SIGHUP too)
        if rewrite and _holds(target, plan.new_raw):
            raise  # (stopped after its last write: done, and journaled for undo)
        # Nothing half done: what moved goes back, and the journal forgets
        # it (should a move back fail, the journal keeps it for undo).
        _settle_moves(root, recorded, journal, op_id)
        journal.forget(op_id, plan.new_path)
        if created:
            with contextlib.suppress(ArticleError):  # (the first error is the one said)
                if not journal.moves(op_id):  # all moved back: no folder needed
                    remove_empty_folders(root, created)
                    journal.forget_folders(op_id)
        raise
