"""Every action is reachable by keyboard: each QAction in the menus has a
shortcut or a menu path with a mnemonic at every step; no two share a
shortcut, and no two in one menu share a mnemonic."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def _walk(menu: QMenu, path: list[str], found: list[tuple[list[str], QAction]]) -> None:
    for action in menu.actions():
        if action.isSeparator():
            continue
        submenu = action.menu()
        if submenu is not None:
            _walk(submenu, [*path, action.text()], found)
        else:
            found.append((path, action))


def _menu_actions(window) -> list[tuple[list[str], QAction]]:
    found: list[tuple[list[str], QAction]] = []
    for action in window.menuBar().actions():
        _walk(action.menu(), [action.text()], found)
    return found


def test_every_menu_action_has_a_shortcut_or_a_mnemonic_path(window):
    window.window_actions.update_recent([f"/library/{n}" for n in range(12)])
    actions = _menu_actions(window)
    assert len(actions) > 30
    unreachable = [
        (" › ".join([*path, action.text()]))
        for path, action in actions
        if action.shortcut().isEmpty()
        and not all(_mnemonic(step) for step in [*path, action.text()])
        and not path[-1].replace("&", "").startswith("Open Recent")
    ]
    assert not unreachable, unreachable
    recent = [a for path, a in actions if path[-1].replace("&", "") == "Open Recent"]
    assert all(a.shortcut().toString() or _mnemonic(a.text()) for a in recent[:9])


def test_no_two_actions_share_a_shortcut(window):
    shortcuts = Counter(
        key.toString()
        for action in window.findChildren(QAction)
        if action.parent() is window
        for key in action.shortcuts()
    )
    assert not [key for key, n in shortcuts.items() if n > 1]


def test_items_reached_only_by_mnemonic_have_their_own_letter(window):
    """An item with no shortcut is reached by its Alt letter alone, so no other
    item of its menu may have that letter (Qt would only cycle between them)."""
    window.window_actions.update_recent(["/library/a"])
    clashes = []
    for menu in [window.menuBar(), *window.findChildren(QMenu)]:
        items = [a for a in menu.actions() if not a.isSeparator() and a.text()]
        letters = Counter(_mnemonic(a.text()) for a in items)
        for action in items:
            only_mnemonic = action.shortcut().isEmpty()
            letter = _mnemonic(action.text())
            if only_mnemonic and letter and letters[letter] > 1:
                clashes.append((menu.title() or "menu bar", action.text()))
    assert not clashes, clashes


def _shared_letters(window) -> list[tuple[str, str]]:
    window.window_actions.update_recent(["/library/a", "/library/b"])
    shared = []
    for menu in [window.menuBar(), *window.findChildren(QMenu)]:
        items = [a for a in menu.actions() if not a.isSeparator() and a.text()]
        letters = Counter(_mnemonic(a.text()) for a in items)
        shared += [
            (menu.title() or "menu bar", a.text())
            for a in items
            if _mnemonic(a.text()) and letters[_mnemonic(a.text())] > 1
        ]
    return shared


def test_no_two_items_of_a_menu_share_a_letter(window):
    # Alt+A, U only went between Next Unread and Unpublish Post, running neither
    assert not _shared_letters(window)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_no_two_items_of_a_menu_share_a_letter_in_chinese(qtbot, window, chinese):
    successor = window.change_language()
    assert successor is not None
    qtbot.addWidget(successor)
    try:
        assert successor.menuBar().actions()[0].text() != "&File"  # (translated)
        assert not _shared_letters(successor)
    finally:
        successor.session.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_focus_moves_by_keyboard_between_the_panes(qtbot, opened):
    window = opened
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    for name, widget in (
        ("Go to &Groups", window.tree),
        ("Go to Arti&cles", window.list_view),
        ("Go to &Reader", window.reader.browser),
    ):
        action = next(a for _p, a in _menu_actions(window) if a.text() == name)
        action.trigger()
        qtbot.waitUntil(widget.hasFocus, timeout=5000)
        ring = window.focus_ring  # the focused pane shows it
        assert ring.target is widget and ring.isVisible()
        assert ring.geometry().topLeft() == widget.mapTo(window, widget.rect().topLeft())
        assert ring.size() == widget.size()
    window.focus_search()
    qtbot.waitUntil(window.search_field.hasFocus, timeout=5000)
    assert not window.focus_ring.isVisible()  # the search box shows its own focus


def _readme_keys() -> set[str]:
    """The keys the README's Keyboard table names, ranges (``Ctrl+Shift+0…3``)
    spelled out, arrows as Qt names them."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Keyboard\n", 1)[1].split("\n## ", 1)[0]
    cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| ")]
    keys: set[str] = set()
    arrows = {"↓": "Down", "↑": "Up", "←": "Left", "→": "Right", "Enter": "Return"}
    for cell in cells:
        for part in re.split(r"(?<!\+), | / | or ", cell):
            key = part.strip().split(" (")[0]
            for arrow, name in arrows.items():
                key = key.replace(arrow, name)
            ranged = re.fullmatch(r"(.*\+)(\d)…(\d)", key)
            if ranged:
                first, last = int(ranged.group(2)), int(ranged.group(3))
                keys |= {f"{ranged.group(1)}{n}" for n in range(first, last + 1)}
            elif key:
                keys.add(key.upper() if len(key) == 1 else key)
    return keys


def test_the_readme_keyboard_table_names_every_shortcut_of_the_menus(window):
    window.window_actions.update_recent([f"/library/{n}" for n in range(12)])
    listed = _readme_keys()
    missing = [
        f"{' › '.join([*path, action.text()])}: {action.shortcut().toString()}"
        for path, action in _menu_actions(window)
        if not action.shortcut().isEmpty() and action.shortcut().toString() not in listed
    ]
    assert not missing, missing


def test_no_two_fields_of_preferences_share_a_letter(qtbot, settings):
    # Reading font and Always load images from both took Alt+F (in Chinese too)
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from reader.ui.i18n import TsTranslator, catalogue_path
    from reader.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton) if "&" in w.text()]
    assert len(texts) >= 8
    chinese = TsTranslator(catalogue_path("zh_CN"))
    for shown in (texts, [chinese.translate("PreferencesDialog", t) or t for t in texts]):
        letters = Counter(_mnemonic(text) for text in shown if _mnemonic(text))
        assert not [letter for letter, n in letters.items() if n > 1], shown
