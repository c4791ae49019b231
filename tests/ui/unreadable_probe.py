"""Run by tests/ui/test_unreadable_ui.py as an unprivileged user (mode bits
stop nothing for root): open the window on a library with an unreadable
file and folder, print what it shows of them as JSON, then make them
readable and print again."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QItemSelectionModel, QTimer
from PySide6.QtWidgets import QApplication

from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings


def _wait(condition, ms: int = 30000) -> bool:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    timer.start(20)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    return condition()


def _problems(window) -> dict:
    nav = window.nav_model
    group = nav.find(("problems",))
    rows = range(nav.rowCount(group))
    return {
        "count": nav.data(group.siblingAtColumn(1)),
        "tooltip": nav.data(group, 3),
        "children": [nav.data(nav.index(row, 0, group)) for row in rows],
        "keys": [list(nav.node(nav.index(row, 0, group)).key) for row in rows],
        # the status bar's count of them, shown while there are any
        "status": window.problems_button.text() if window.problems_button.isVisible() else "",
    }


def main(root: str, folder: str) -> int:
    app = QApplication(sys.argv[:1])
    from reader.ui.i18n import install_translators

    translators = install_translators(app, "en")  # English plural forms
    window = MainWindow(Settings.from_file(os.path.join(folder, "settings.ini")), folder)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and messages.append(text))
    window.show()
    window.open_library(root)
    _wait(lambda: len(window.nav_model.unreadable()) == 2)
    _wait(lambda: not window.session.busy)
    out: dict = {"opened": _problems(window), "messages": list(messages)}
    # chosen in the tree, a file that could not be read says why in the reader
    index = window.nav_model.find(("unreadable", "secret.md"))
    out["found"] = index.isValid()
    if index.isValid():
        with_list = []
        window.list_filled.connect(with_list.append)
        window.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        _wait(lambda: bool(with_list))
        out["reader"] = window.reader.message
        out["rows"] = window.list_model.rowCount()
    # a change elsewhere (its update scans only there) keeps them listed
    note = Path(root, "notes", "c.md")
    note.write_bytes(note.read_bytes() + b"\nmore\n")
    _wait(lambda: not window.session.busy and False, 1500)
    _wait(lambda: not window.session.busy)
    out["after a change elsewhere"] = _problems(window)
    os.chmod(os.path.join(root, "secret.md"), 0o644)
    os.chmod(os.path.join(root, "2021", "locked"), 0o755)
    _wait(lambda: not window.nav_model.unreadable())
    out["fixed"] = _problems(window)
    print(json.dumps(out))
    window.session.close()
    del translators, app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
