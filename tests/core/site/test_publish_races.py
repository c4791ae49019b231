"""Publish and unpublish against writes that land while they run.

The publish holds the file's write lock from its check to its last write
and writes only over the bytes its plan was made from: a writer of ours
(``article-reader set``, the window) waits and its change is kept; a
change by another program makes the publish refuse, with the draft back
where it was and no undo step left for a publish that did not happen.
The same holds for a Ctrl+C (KeyboardInterrupt) in the middle."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from reader.core.article.codec import load_article
from reader.core.article.model import ArticleError
from reader.core.article.patch import patch_metadata
from reader.core.article.storage import FileChangedError, update_article
from reader.core.edit.journal import Journal
from reader.core.library.facade import Library
from reader.core.site import publish as publish_module
from tests.fixtures.sites import copy_site, snapshot

WHEN = datetime(2026, 1, 2, 3, 4, 5).astimezone()

# (site, draft, where publishing puts it, its asset folder or None)
UNDATED_DRAFTS = [
    ("jekyll", "_drafts/a-draft.md", "_posts/2026-01-02-a-draft.md", None),
    (
        "hexo",
        "source/_drafts/my-draft.md",
        "source/_posts/2026-01-02-my-draft.md",
        "source/_drafts/my-draft",
    ),
]


@pytest.fixture
def open_site(tmp_path):
    opened: list[Library] = []

    def open_(kind):
        root = copy_site(kind, tmp_path)
        library = Library.open(root, tmp_path / "cache")
        library.refresh()
        opened.append(library)
        return root, library

    yield open_
    for library in opened:
        library.close()


class _Setter:
    """``article-reader set path -s author=Ann`` as the command does it
    (:func:`update_article`: the write path, its lock), in another thread;
    given half a second, then left to finish after the publish."""

    def __init__(self, path):
        self.path = path
        self.result: tuple[bytes, bool] | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            _article, new_raw, written = update_article(
                self.path, lambda article: patch_metadata(article, {"author": "Ann"})
            )
            self.result = (new_raw, written)
        except BaseException as exc:  # (said by the test)
            self.error = exc

    def start_and_give_it_time(self):
        self.thread.start()
        self.thread.join(timeout=0.5)

    def finish(self):
        self.thread.join(timeout=60)
        assert not self.thread.is_alive()
        assert self.error is None, self.error
        assert self.result is not None and self.result[1]  # "saved"
        return self.result[0]


# -- Hugo: draft toggled in place ------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "publish"), [("content/posts/wip.md", True), ("content/posts/first.md", False)]
)
def test_hugo_a_set_during_the_publish_is_kept(open_site, monkeypatch, rel, publish):
    root, library = open_site("hugo")
    path = root / rel
    setter = _Setter(path)
    record = Journal.record

    def set_meanwhile(self, *args, **kwargs):  # the moment the journal is written
        if not setter.thread.is_alive() and setter.result is None:
            setter.start_and_give_it_time()
        return record(self, *args, **kwargs)

    monkeypatch.setattr(Journal, "record", set_meanwhile)
    assert library.publish(rel, publish=publish, now=WHEN) == rel
    written = setter.finish()
    data = path.read_bytes()
    assert data == written  # the set's write is the file's last one
    metadata = load_article(path).metadata
    assert metadata["draft"] is (not publish) and metadata["author"] == "Ann"


def test_hugo_a_write_by_another_program_makes_the_publish_refuse(open_site, monkeypatch):
    root, library = open_site("hugo")
    path = root / "content/posts/wip.md"
    theirs = path.read_bytes().replace(b"WIP.", b"WIP, and their paragraph.")
    record = Journal.record

    def write_meanwhile(self, *args, **kwargs):
        path.write_bytes(theirs)  # an editor that knows nothing of our lock
        return record(self, *args, **kwargs)

    monkeypatch.setattr(Journal, "record", write_meanwhile)
    with pytest.raises(FileChangedError, match="changed on disk"):
        library.publish("content/posts/wip.md", now=WHEN)
    assert path.read_bytes() == theirs
    assert library.last_operation() is None  # no undo step for what did not happen


# -- Jekyll and Hexo: an undated draft is moved, then dated ---------------------------


@pytest.mark.parametrize(("kind", "draft", "post", "assets"), UNDATED_DRAFTS)
def test_a_write_right_after_the_move_makes_the_publish_refuse(
    open_site, monkeypatch, kind, draft, post, assets
):
    root, library = open_site(kind)
    before = snapshot(root)
    move = publish_module.move_article
    calls = []

    def move_then_write(source, target, **kwargs):
        move(source, target, **kwargs)
        if not calls:  # the publish's move (not its move back)
            calls.append(target)
            with open(target, "ab") as handle:  # another program, no lock
                handle.write(b"MARKER\n")

    monkeypatch.setattr(publish_module, "move_article", move_then_write)
    with pytest.raises(ArticleError, match="changed on disk"):
        library.publish(draft, now=WHEN)
    monkeypatch.undo()
    # the draft is back where it was, with their line; nothing else changed
    expected = {**before, draft: before[draft] + b"MARKER\n"}
    assert snapshot(root) == expected
    assert not (root / post).exists()
    if assets is not None:
        assert (root / assets).is_dir()
    assert library.last_operation() is None
    result = library.undo_last()
    assert result.description is None  # nothing to undo
    assert snapshot(root) == expected


@pytest.mark.parametrize(("kind", "draft", "post", "assets"), UNDATED_DRAFTS)
def test_a_set_on_the_new_post_right_after_the_move_is_kept(
    open_site, monkeypatch, kind, draft, post, assets
):
    root, library = open_site(kind)
    move = publish_module.move_article
    setters: list[_Setter] = []

    def move_then_set(source, target, **kwargs):
        move(source, target, **kwargs)
        if not setters:
            setters.append(_Setter(target))
            setters[0].start_and_give_it_time()

    monkeypatch.setattr(publish_module, "move_article", move_then_set)
    assert library.publish(draft, now=WHEN) == post
    written = setters[0].finish()
    data = (root / post).read_bytes()
    assert data == written
    assert b"date: 2026-01-02" in data and b"author: Ann" in data


# -- Ctrl+C in the middle -------------------------------------------------------------


@pytest.mark.parametrize(("kind", "draft", "post", "assets"), UNDATED_DRAFTS)
@pytest.mark.parametrize("moment", ["as it is begun", "before the move", "after the move"])
def test_ctrl_c_leaves_the_draft_and_no_undo_step(
    open_site, monkeypatch, kind, draft, post, assets, moment
):
    root, library = open_site(kind)
    before = snapshot(root)
    if moment == "as it is begun":  # stored, its number not back yet
        begin = Journal.begin

        def interrupted(self, *args, **kwargs):
            begin(self, *args, **kwargs)
            raise KeyboardInterrupt

        monkeypatch.setattr(Journal, "begin", interrupted)
    elif moment == "before the move":
        record_move = Journal.record_move

        def interrupted(self, *args, **kwargs):
            record_move(self, *args, **kwargs)
            raise KeyboardInterrupt

        monkeypatch.setattr(Journal, "record_move", interrupted)
    else:
        move = publish_module.move_article
        calls = []

        def interrupted(source, target, **kwargs):
            move(source, target, **kwargs)
            if not calls:
                calls.append(target)
                raise KeyboardInterrupt

        monkeypatch.setattr(publish_module, "move_article", interrupted)
    with pytest.raises(KeyboardInterrupt):
        library.publish(draft, now=WHEN)
    monkeypatch.undo()
    assert snapshot(root) == before
    assert not (root / post).exists()
    assert library.last_operation() is None  # no "publish" that never happened
    # and the user publishing it later, then undoing, gets the draft back
    assert library.publish(draft, now=WHEN) == post
    library.undo_last()
    assert snapshot(root) == before


class _Killed(BaseException):
    """A kill -9 at that moment: past every handler, nothing cleaned up."""


@pytest.mark.parametrize(("kind", "draft", "post", "assets"), UNDATED_DRAFTS)
@pytest.mark.parametrize("step", ["record_move", "record"])
def test_a_publish_killed_before_its_move_is_undone_as_nothing_to_put_back(
    open_site, monkeypatch, kind, draft, post, assets, step
):
    # (adversarial review) killed between the entry at the new path and its
    # move's record, undo said the new path's file was missing (exit 3), and
    # that empty step was used up as the last undo
    root, library = open_site(kind)
    before = snapshot(root)

    def killed(self, *args, **kwargs):
        raise _Killed

    monkeypatch.setattr(Journal, step, killed)
    with pytest.raises(_Killed):
        library.publish(draft, now=WHEN)
    monkeypatch.undo()
    assert snapshot(root) == before
    result = library.undo_last()
    assert result is not None
    assert result.skipped == [] and result.failed == []
    assert snapshot(root) == before
