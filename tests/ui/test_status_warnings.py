"""What stays wrong stays said in the status bar until it is not: files and
folders that could not be read (pointing to Problems), an index that is not
kept or not up to date, a library that did not open.  A timed message says
it in full once; it is not the only place it is said."""

from __future__ import annotations

import os

import pytest

from reader.ui.session import NOT_INDEXED, NOT_OPENED, TEMPORARY_INDEX
from tests.core.libhelpers import article, write

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def english(qapp):
    """English plural forms (the app's catalogue for English)."""
    from reader.ui.i18n import install_translators

    translators = install_translators(qapp, "en")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def _open(qtbot, window, root) -> None:
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.open_library(str(root))
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20000)


@pytest.fixture
def unreadable(tmp_path):
    """A library with a file and two places that cannot be read: a link
    that loops and a file whose name is not UTF-8 (no permissions needed)."""
    root = tmp_path / "library"
    write(root, "a.md", article("A"))
    os.symlink("loop", root / "loop")
    bad = os.path.join(os.fsencode(root), b"\xffbad.md")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(article("B"))
    return root, bad


def test_places_not_read_are_counted_as_files_or_folders_and_point_to_problems(
    qtbot, window, english, unreadable
):
    root, bad = unreadable
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and messages.append(text))
    _open(qtbot, window, root)
    said = [m for m in messages if "could not be read" in m]
    assert said and said[0].startswith("2 files or folders could not be read, e.g. ")
    assert said[0].endswith("(see Problems)")
    button = window.problems_button
    assert not button.isHidden() and button.text() == "2 files or folders not read"
    assert "Problems" in button.toolTip()

    window.statusBar().clearMessage()  # the message goes; the count stays
    assert not button.isHidden()

    button.click()
    assert window.node_key == ("problems",)
    assert window.tree.currentIndex() == window.nav_model.find(("problems",))

    os.remove(root / "loop")
    os.rename(bad, root / "b.md")
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    assert button.isHidden()


def test_one_place_not_read_is_said_in_the_singular(qtbot, window, english, tmp_path):
    root = tmp_path / "library"
    write(root, "a.md", article("A"))
    os.symlink("loop", root / "loop")
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and messages.append(text))
    _open(qtbot, window, root)
    assert window.problems_button.text() == "1 file or folder not read"
    assert any(
        m == "1 file or folder could not be read: loop: cannot read the link: "
        "symbolic link loop (see Problems)"
        for m in messages
    ), messages


def test_a_temporary_index_is_said_until_the_library_has_its_own(
    qtbot, window, tmp_path, cache_dir
):
    root = tmp_path / "library"
    write(root, "a.md", article("A"))
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("x")
    window.session.cache_dir = str(blocker)
    _open(qtbot, window, root)
    label = window.warning_label
    assert TEMPORARY_INDEX in window.session.warnings()
    assert not label.isHidden() and label.text() == "⚠ Temporary index: not kept"
    assert str(blocker) in label.toolTip()

    window.statusBar().showMessage("Something else", 1)  # messages come and go
    window.statusBar().clearMessage()
    assert not label.isHidden()

    window.session.cache_dir = cache_dir  # a cache that can be written
    _open(qtbot, window, root)
    assert window.session.warnings() == {}
    assert label.isHidden()


def test_an_index_not_brought_up_to_date_is_said_until_it_is(qtbot, window, tmp_path, monkeypatch):
    from reader.core.library.facade import Library

    root = tmp_path / "library"
    write(root, "a.md", article("A"))
    refresh = Library.refresh

    def failing(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Library, "refresh", failing)
    with qtbot.waitSignal(window.session.failed, timeout=20000) as failed:
        window.open_library(str(root))
    assert "No space left on device" in failed.args[0]
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20000)
    label = window.warning_label
    assert list(window.session.warnings()) == [NOT_INDEXED]
    assert not label.isHidden() and label.text() == "⚠ The index is not up to date"
    assert "No space left on device" in label.toolTip()

    monkeypatch.setattr(Library, "refresh", refresh)
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    assert label.isHidden() and window.session.warnings() == {}


def test_a_library_that_did_not_open_is_said_until_one_opens(qtbot, window, tmp_path):
    missing = tmp_path / "not-a-folder"
    with qtbot.waitSignal(window.session.failed, timeout=20000):
        window.open_library(str(missing))
    label = window.warning_label
    assert list(window.session.warnings()) == [NOT_OPENED]
    assert not label.isHidden() and label.text() == "⚠ The library could not be opened"
    assert str(missing) in label.toolTip()

    root = tmp_path / "library"
    write(root, "a.md", article("A"))
    _open(qtbot, window, root)
    assert label.isHidden()


def test_many_standing_warnings_show_two_and_a_count_and_all_in_the_tooltip(window):
    for what, name in (("a", "First"), ("b", "Second"), ("c", "Third")):
        window.warn(what, f"why {what}", name)
    label = window.warning_label
    assert label.text() == "⚠ First; Second (+1 more)"
    assert all(f"why {what}" in label.toolTip() for what in "abc")


def test_places_not_read_are_said_once_not_over_the_next_message(
    qtbot, window, english, unreadable
):
    """Each refresh said the places it could not read again, over whatever
    message was just shown: a save's "Not saved: …" was gone in 0.2 s in a
    library with a broken link.  A place is said when it is first found
    (again once it was read meanwhile); the button keeps counting them."""
    root, _bad = unreadable
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and messages.append(text))
    _open(qtbot, window, root)
    assert [m for m in messages if "could not be read" in m]
    window.statusBar().showMessage("Not saved: something", 8000)
    messages.clear()
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    assert window.statusBar().currentMessage() == "Not saved: something"
    assert not [m for m in messages if "could not be read" in m]
    assert window.problems_button.text() == "2 files or folders not read"
    # a place read again and then not read any more is said again
    os.unlink(root / "loop")
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    os.symlink("loop", root / "loop")
    with qtbot.waitSignal(window.session.refreshed, timeout=20000):
        window.session.refresh()
    assert messages == [
        "1 file or folder could not be read: loop: cannot read the link: symbolic link loop "
        "(see Problems)"
    ]
