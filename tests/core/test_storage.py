from __future__ import annotations

import os
import stat
import threading
import time

import pytest

from reader.core.article.codec import load_article
from reader.core.article.model import ArticleError
from reader.core.article.patch import patch_metadata
from reader.core.article.storage import (
    STALE_TEMP_SECONDS,
    FileChangedError,
    LockTimeoutError,
    NameTakenError,
    ReadOnlyError,
    create_article_file,
    create_exclusive,
    is_read_only,
    is_temporary_name,
    lock_dir,
    locked,
    move_article,
    save_article,
    sweep_stale_temporaries,
    write_atomic,
)

RAW = b"---\ntitle: Old\ntags: [a]\n---\nBody\n"


@pytest.fixture
def post(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(RAW)
    os.chmod(path, 0o640)
    return path


def test_save_changes_only_the_key_and_keeps_permissions(post):
    article = load_article(post)
    assert save_article(article, patch_metadata(article, {"title": "New"}))
    assert post.read_bytes() == RAW.replace(b"Old", b"New")
    assert stat.S_IMODE(post.stat().st_mode) == 0o640
    assert [p.name for p in post.parent.iterdir()] == ["post.md"]  # no temp files left


def test_unchanged_article_is_never_rewritten(post):
    os.utime(post, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = post.stat().st_mtime_ns
    article = load_article(post)
    assert save_article(article, patch_metadata(article, {"title": "Old"})) is False
    assert post.stat().st_mtime_ns == before


def test_file_changed_between_read_and_write_is_refused(post):
    article = load_article(post)
    post.write_bytes(RAW + b"edited elsewhere\n")
    with pytest.raises(FileChangedError, match=r"post\.md: the file changed on disk"):
        save_article(article, patch_metadata(article, {"title": "New"}))
    assert post.read_bytes() == RAW + b"edited elsewhere\n"


def test_same_size_same_mtime_change_is_still_detected(post):
    article = load_article(post)
    st = post.stat()
    post.write_bytes(RAW.replace(b"Old", b"Odd"))
    os.utime(post, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(FileChangedError):
        save_article(article, patch_metadata(article, {"title": "New"}))
    assert b"Odd" in post.read_bytes()


def test_deleted_file_is_refused(post):
    article = load_article(post)
    post.unlink()
    with pytest.raises(FileChangedError, match="deleted or moved"):
        save_article(article, patch_metadata(article, {"title": "New"}))
    assert not post.exists()


def test_failed_replace_leaves_the_original_and_no_temp_file(post, monkeypatch):
    article = load_article(post)
    new = patch_metadata(article, {"title": "New"})

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ArticleError, match="No space left"):
        save_article(article, new)
    assert post.read_bytes() == RAW
    assert [p.name for p in post.parent.iterdir()] == ["post.md"]


def test_write_atomic_new_file_and_create_exclusive(tmp_path):
    target = tmp_path / "new.md"
    write_atomic(target, b"x")
    assert target.read_bytes() == b"x"
    other = tmp_path / "other.md"
    create_exclusive(other, b"y")
    assert other.read_bytes() == b"y"
    with pytest.raises(FileExistsError):
        create_exclusive(other, b"z")
    assert other.read_bytes() == b"y"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md", "other.md"]


def test_saving_through_a_symlink_edits_the_file_it_points_at(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(RAW)
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    article = load_article(link)
    assert save_article(article, patch_metadata(article, {"title": "New"}))
    assert link.is_symlink()
    assert real.read_bytes() == RAW.replace(b"Old", b"New")


# -- read-only files -------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_read_only_file_is_refused_even_for_root(post, mode):
    post.chmod(mode)
    article = load_article(post)
    with pytest.raises(ReadOnlyError, match="read-only"):
        save_article(article, patch_metadata(article, {"title": "New"}))
    assert post.read_bytes() == RAW
    assert stat.S_IMODE(post.stat().st_mode) == mode
    assert is_read_only(post)
    assert sorted(p.name for p in post.parent.iterdir()) == ["post.md"]


def test_writable_file_is_not_read_only(post):
    assert not is_read_only(post)
    assert not is_read_only(post.parent / "missing.md")


def test_read_only_cli_set_exits_3_and_names_the_file(unprivileged):
    post = unprivileged.folder / "post.md"
    post.write_bytes(RAW)
    post.chmod(0o444)
    unprivileged.give(post)
    result = unprivileged.cli("set", str(post), "-s", "author=Z")
    assert result.returncode == 3, result.stderr
    assert "post.md" in result.stderr and "read-only" in result.stderr
    assert "Traceback" not in result.stderr
    assert post.read_bytes() == RAW


def _deny_write_by_acl(path, uid: int) -> None:
    """An access control list on ``path`` that lets everyone write but the
    user ``uid`` (what ``setfacl -m u:UID:r`` makes), as its extended
    attribute: the mode still shows the file writable to others."""
    import struct

    def entry(tag: int, perm: int, ident: int = 0xFFFFFFFF) -> bytes:
        return struct.pack("<HHI", tag, perm, ident)

    acl = struct.pack("<I", 2) + b"".join(
        [entry(0x01, 6), entry(0x02, 4, uid), entry(0x04, 6), entry(0x10, 6), entry(0x20, 6)]
    )
    try:
        os.setxattr(path, "system.posix_acl_access", acl)
    except OSError as exc:
        pytest.skip(f"no access control lists here: {exc.strerror}")


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="Linux extended attributes")
def test_a_file_an_access_control_list_protects_is_refused(unprivileged):
    # (review) only the mode was looked at: `set` and bulk edits replaced a
    # file the user may not write, and made it theirs
    post = unprivileged.folder / "post.md"
    post.write_bytes(RAW)
    post.chmod(0o666)
    user = 65534 if os.geteuid() == 0 else os.geteuid()
    if user == os.geteuid() and os.geteuid() != 0:
        pytest.skip("needs a file owned by another user than the one running")
    _deny_write_by_acl(post, user)
    before = os.stat(post)
    result = unprivileged.cli("set", str(post), "-s", "author=Z")
    assert result.returncode == 3, result.stderr
    assert "post.md" in result.stderr and "read-only" in result.stderr
    result = unprivileged.cli("fix", str(unprivileged.folder), "--add", "author=Z")
    assert "read-only" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert post.read_bytes() == RAW
    assert (os.stat(post).st_ino, os.stat(post).st_uid) == (before.st_ino, before.st_uid)


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="POSIX file systems")
def test_a_file_on_a_read_only_file_system_is_said_so_by_the_write(tmp_path, monkeypatch):
    # (review) the access check answered for a read-only file system first:
    # "file is read-only" (a chmod that cannot help) instead of its own words
    from reader.core.article import storage

    post = tmp_path / "post.md"
    post.write_bytes(RAW)
    post.chmod(0o666)  # (the mode lets everyone write)
    real_statvfs = os.statvfs

    class ReadOnly:
        def __init__(self, result):
            self.f_flag = result.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "geteuid", lambda: 4321)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    assert storage.is_read_only(post)  # another user's rule
    monkeypatch.setattr(os, "statvfs", lambda path: ReadOnly(real_statvfs(path)))
    assert not storage.is_read_only(post)  # left to the write, which says EROFS


def test_unwritable_folder_is_refused_as_read_only(unprivileged):
    folder = unprivileged.folder / "locked"
    folder.mkdir()
    post = folder / "post.md"
    post.write_bytes(RAW)
    post.chmod(0o666)
    folder.chmod(0o555)  # the file is writable, but no temporary file can be made
    result = unprivileged.cli("set", str(post), "-s", "author=Z")
    assert result.returncode == 3, result.stderr
    assert "read-only" in result.stderr and "Traceback" not in result.stderr
    # the message says what is read-only: `ls -l` shows the file writable
    assert "its folder is read-only" in result.stderr
    assert post.read_bytes() == RAW


# -- names at the limits -------------------------------------------------------------------


def test_longest_file_names_can_be_saved(tmp_path):
    for name in ["a" * 252 + ".md", "知" * 83 + "abc.md"]:  # 255 bytes each
        assert len(name.encode()) == 255
        path = tmp_path / name
        path.write_bytes(RAW)
        article = load_article(path)
        assert save_article(article, patch_metadata(article, {"title": "New"}))
        assert path.read_bytes() == RAW.replace(b"Old", b"New")
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
        path.unlink()


def test_create_article_file_never_collides_and_fits_long_names(tmp_path):
    first = create_article_file(tmp_path / "_posts", "hello-world", ".md", b"one")
    second = create_article_file(tmp_path / "_posts", "hello-world", ".md", b"two")
    assert (first.name, second.name) == ("hello-world.md", "hello-world-2.md")
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"
    long_one = create_article_file(tmp_path, "知" * 200, ".md", b"x")
    assert len(long_one.name.encode()) <= 255 and long_one.read_bytes() == b"x"
    long_two = create_article_file(tmp_path, "知" * 200, ".md", b"y")
    assert long_two.name.endswith("-2.md") and long_two.read_bytes() == b"y"


# -- temporary files left by a killed writer -------------------------------------------------


def _age(path, seconds):
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_stale_temporaries_of_our_pattern_are_swept(tmp_path):
    ours_new = tmp_path / ".post.md.AbC-_123.artmp"
    young = tmp_path / ".other.md.ZZZZZZZZ.artmp"
    # Look-alikes of other programs' files are never ours, however old.
    foreign = [
        ".post.md.swp",
        ".cache.tmp",
        ".notes.txt.x.tmp",
        ".config.yml.abcdefgh.tmp",
        ".draft.md.20240101.tmp",
        ".notes.md.backup_1.tmp",
        ".post.md.k2j4h5g6.tmp",
        ".post.md.artmp",
    ]
    for path in [ours_new, young, *(tmp_path / n for n in foreign)]:
        path.write_bytes(b"half")
        if path is not young:
            _age(path, STALE_TEMP_SECONDS + 60)
    removed = sweep_stale_temporaries(tmp_path)
    assert removed == [ours_new.name]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([young.name, *foreign])


def test_a_state_file_written_sweeps_a_killed_writers_temporary(tmp_path):
    """Reading state, saved searches and snapshots are written with
    write_atomic, in folders no scan sweeps: a temporary left by a killed
    write stayed there for good (and a sync tool carried it)."""
    state = tmp_path / ".article-reader" / "state"
    state.mkdir(parents=True)
    left = state / ".device.jsonl.AbCdEfGh.artmp"
    left.write_bytes(b'{"t": 1')
    _age(left, STALE_TEMP_SECONDS + 60)
    young = state / ".device.jsonl.ZyXwVuTs.artmp"  # a live writer's, maybe
    young.write_bytes(b"")
    write_atomic(state / "device.jsonl", b"{}\n")
    assert sorted(p.name for p in state.iterdir()) == [young.name, "device.jsonl"]


def _in_other_thread(function):
    """Run ``function`` in another thread (the lock is re-entrant within one)."""
    outcome: list[object] = []

    def run():
        try:
            outcome.append(function())
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    return outcome[0]


def test_a_temporary_whose_target_is_being_written_is_kept(tmp_path):
    temp = tmp_path / ".post.md.AbCdEfGh.artmp"
    temp.write_bytes(b"half")
    _age(temp, STALE_TEMP_SECONDS + 60)
    with locked(tmp_path / "post.md"):
        assert _in_other_thread(lambda: sweep_stale_temporaries(tmp_path)) == []
    assert temp.exists()
    assert sweep_stale_temporaries(tmp_path) == [temp.name]


def test_temporary_names_are_ours_and_short(tmp_path):
    post = tmp_path / ("x" * 250 + ".md")
    post.write_bytes(RAW)
    seen = []

    real_replace = os.replace

    def spy(src, dst):
        seen.append(os.path.basename(src))
        return real_replace(src, dst)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "replace", spy)
        article = load_article(post)
        save_article(article, patch_metadata(article, {"title": "New"}))
    assert len(seen) == 1 and is_temporary_name(seen[0])
    assert len(seen[0].encode()) <= 255


# -- the lock ------------------------------------------------------------------------------


def _try_lock_once(path):
    with locked(path, timeout=None):
        return "locked"


def test_lock_is_exclusive_between_threads_and_times_out(tmp_path):
    target = tmp_path / "post.md"
    with locked(target):
        assert isinstance(_in_other_thread(lambda: _try_lock_once(target)), LockTimeoutError)
        with locked(target):  # re-entrant in the same thread
            pass
        result: list[str] = []

        def other():
            with locked(target):
                result.append("got it")

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.3)
        assert result == []  # still waiting for us
    thread.join(60)
    assert result == ["got it"]
    assert _try_lock_once(target) == "locked"


def test_lock_names_the_same_file_through_a_symlink(tmp_path):
    target = tmp_path / "post.md"
    target.write_bytes(RAW)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    with locked(target):
        assert isinstance(_in_other_thread(lambda: _try_lock_once(link)), LockTimeoutError)


def test_locks_live_outside_the_library(tmp_path, monkeypatch):
    monkeypatch.delenv("ARTICLE_READER_LOCK_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert lock_dir().is_relative_to(tmp_path / "cache")
    with locked(tmp_path / "library" / "post.md"):
        pass
    assert not (tmp_path / "library").exists()
    assert len(list(lock_dir().iterdir())) == 1


def test_a_lock_folder_set_that_cannot_be_one_is_named_as_set(tmp_path, monkeypatch):
    # (CLI attack) "no folder for the write locks is writable (set
    # ARTICLE_READER_LOCK_DIR)" was said to one who had set it
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ARTICLE_READER_LOCK_DIR", str(blocker))
    with pytest.raises(ArticleError, match="ARTICLE_READER_LOCK_DIR names no folder") as raised:
        lock_dir()
    assert "(set " not in raised.value.message and os.fspath(raised.value.path) == str(blocker)


def test_unwritable_cache_falls_back_for_locks(tmp_path, monkeypatch):
    monkeypatch.delenv("ARTICLE_READER_LOCK_DIR")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    folder = lock_dir()
    assert not folder.is_relative_to(blocker) and folder.is_dir()


def test_move_never_replaces_and_checks_content(tmp_path):
    source, target = tmp_path / "a.md", tmp_path / "sub" / "b.md"
    source.write_bytes(RAW)
    with pytest.raises(FileChangedError):
        move_article(source, target, expected=b"something else")
    move_article(source, target, expected=RAW)
    assert target.read_bytes() == RAW and not source.exists()
    source.write_bytes(b"other")
    with pytest.raises(NameTakenError):
        move_article(source, target)
    assert target.read_bytes() == RAW and source.read_bytes() == b"other"


def test_scanning_a_folder_sweeps_stale_temporaries(tmp_path):
    from reader.core.library.scan import scan

    (tmp_path / "post.md").write_bytes(RAW)
    stale = tmp_path / ".post.md.AbCdEfGh.artmp"
    fresh = tmp_path / ".post.md.ZyXwVuTs.artmp"
    for path in (stale, fresh):
        path.write_bytes(b"half")
    _age(stale, STALE_TEMP_SECONDS + 60)
    assert list(scan(tmp_path)) == ["post.md"]
    assert not stale.exists() and fresh.exists()


def test_writing_into_a_folder_sweeps_stale_temporaries(tmp_path):
    folder = tmp_path / "fresh-folder"
    folder.mkdir()
    stale = folder / ".old.md.k2j4h5g6.artmp"
    stale.write_bytes(b"half")
    _age(stale, STALE_TEMP_SECONDS + 60)
    post = folder / "post.md"
    post.write_bytes(RAW)
    article = load_article(post)
    assert save_article(article, patch_metadata(article, {"title": "New"}))
    assert not stale.exists()


def test_a_file_that_became_a_fifo_or_folder_is_refused_without_blocking(tmp_path):
    for make in (os.mkfifo, os.mkdir):
        post = tmp_path / "post.md"
        post.write_bytes(RAW)
        article = load_article(post)
        post.rename(tmp_path / "moved.md")
        make(post)
        outcome: list[object] = []

        def save(article=article, outcome=outcome):
            try:
                save_article(article, patch_metadata(article, {"title": "New"}))
            except FileChangedError as exc:
                outcome.append(exc)

        thread = threading.Thread(target=save)
        thread.start()
        thread.join(60)
        assert not thread.is_alive() and isinstance(outcome[0], FileChangedError)
        if post.is_dir():
            post.rmdir()
        else:
            post.unlink()
        (tmp_path / "moved.md").unlink()


def test_two_names_for_one_file_share_its_lock(tmp_path):
    target = tmp_path / "post.md"
    target.write_bytes(RAW)
    alias = tmp_path / "alias.md"
    os.link(target, alias)  # like a bind mount or a case-insensitive name: one inode
    with locked(target):
        assert isinstance(_in_other_thread(lambda: _try_lock_once(alias)), LockTimeoutError)


def test_a_file_created_under_the_lock_of_its_name_stays_locked(tmp_path):
    """A writer that locked a name with no file yet and then created the
    file still excludes the next writer: that one took the new inode's lock,
    not the name's, and both wrote at once."""
    target = tmp_path / "new.md"
    with locked(target):
        target.write_bytes(RAW)  # created while its name is locked
        assert isinstance(_in_other_thread(lambda: _try_lock_once(target)), LockTimeoutError)
    assert _try_lock_once(target) == "locked"


def test_owner_group_and_extended_attributes_are_kept(tmp_path, unprivileged):
    post = unprivileged.folder / "post.md"
    post.write_bytes(RAW)
    post.chmod(0o640)
    try:
        os.setxattr(post, "user.note", b"keep")
        xattrs = True
    except OSError:
        xattrs = False  # the file system has no user attributes
    if os.geteuid() == 0:
        os.chown(post, 65534, 65534)
    before = os.stat(post)
    article = load_article(post)
    assert save_article(article, patch_metadata(article, {"title": "New"}))
    after = os.stat(post)
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert stat.S_IMODE(after.st_mode) == 0o640
    if xattrs:
        assert os.getxattr(post, "user.note") == b"keep"


def test_moving_a_relative_link_keeps_it_pointing_at_its_file(tmp_path):
    (tmp_path / "sub").mkdir()
    real = tmp_path / "real.md"
    real.write_bytes(RAW)
    link = tmp_path / "sub" / "link.md"
    link.symlink_to("../real.md")
    moved = tmp_path / "other" / "deeper" / "link.md"
    move_article(link, moved)
    assert moved.is_symlink() and moved.read_bytes() == RAW
    assert os.path.realpath(moved) == os.path.realpath(real)
    assert not os.path.lexists(link)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_file_read_from_utf16_or_utf32_is_never_written(tmp_path, encoding):
    """Its text is read through its byte-order mark; an edit of it (the
    window's Raw tab made one) was written as UTF-8 over the file."""
    from reader.core.library.facade import Library

    post = tmp_path / "wide.md"
    raw = "---\ntitle: Wide\n---\nline one\n".encode(encoding)
    post.write_bytes(raw)
    article = load_article(post)
    assert article.decoded_from == encoding.upper()
    with pytest.raises(ArticleError, match="not rewritten"):
        save_article(article, b"---\ntitle: Wide\ndraft: true\n---\nline one\n")
    assert post.read_bytes() == raw
    post.unlink()  # gone while edited: written again? no
    with Library.open(tmp_path, tmp_path / "cache") as library, pytest.raises(ArticleError):
        library.write_again(article, b"---\ntitle: Wide\n---\n")
    assert not post.exists()


def test_a_lock_folder_shared_by_two_users_lets_both_save(unprivileged, monkeypatch):
    # the lock files were opened for writing with mode 0600: a second user
    # pointed at the same ARTICLE_READER_LOCK_DIR was refused every save
    # ("cannot open the write lock: Permission denied")
    from reader.core.article.storage import locked

    shared = unprivileged.folder / "locks"
    shared.mkdir()
    shared.chmod(0o1777)
    library = unprivileged.folder / "lib"
    library.mkdir()
    article = library / "a.md"
    article.write_text("---\ntitle: Mine\n---\nbody\n", encoding="utf-8")
    unprivileged.give(library)
    monkeypatch.setenv("ARTICLE_READER_LOCK_DIR", str(shared))
    with locked(article):  # this user's lock files, made first
        pass
    result = unprivileged.cli(
        "set", "-s", "title=Theirs", str(article), env={"ARTICLE_READER_LOCK_DIR": str(shared)}
    )
    assert result.returncode == 0, result.stderr
    assert article.read_text(encoding="utf-8") == "---\ntitle: Theirs\n---\nbody\n"
