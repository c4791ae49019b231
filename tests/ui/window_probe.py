"""Run by tests/ui/test_window_fit.py in a subprocess (QT_SCALE_FACTOR and the
screen size are fixed when Qt starts): open the window as on a first start,
with the sample library and the form, and print what fits as JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel

from reader.assets import sample_library
from reader.ui.main_window import MainWindow
from reader.ui.models import ArticleListModel
from reader.ui.settings import Settings


def _wait(condition, ms: int = 30000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    timer.start(20)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _in_git(library: Path) -> bool:
    """Make the library a git work tree with one changed article, so that
    "Changed since last commit" is in the tree (False without git)."""
    if shutil.which("git") is None:
        return False
    who = ["-c", "user.name=Probe", "-c", "user.email=probe@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*who, "commit", "-q", "-m", "sample"]):
        subprocess.run(["git", *args], cwd=library, check=True, capture_output=True, timeout=60)
    post = library / "_posts" / "river-walk.md"
    post.write_bytes(post.read_bytes() + b"\n")
    return True


def main(settings_path: str) -> int:
    app = QApplication(sys.argv[:1])
    library = Path(tempfile.mkdtemp()) / "library"
    shutil.copytree(sample_library(), library)
    in_git = _in_git(library)
    window = MainWindow(Settings.from_file(settings_path))
    window.open_library(str(library), "_posts/river-walk.md")
    window.show()
    _wait(lambda: window.reader.current == "_posts/river-walk.md")
    if in_git:  # the path groups come in when git has answered
        _wait(lambda: bool(window.vcs.changes))
        _wait(lambda: False, 300)
    tree = window.tree
    bold = tree.font()
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    nav = window.nav_model
    groups_clipped = []
    for row in range(nav.rowCount()):
        index = nav.index(row, 0)
        text = str(nav.data(index))
        if tree.visualRect(index).width() < metrics.horizontalAdvance(text) + 4:
            groups_clipped.append(text)
    window.editing.toggle_form(True)
    _wait(lambda: False, 300)
    view = window.list_view
    names = [
        str(window.list_model.headerData(c, Qt.Orientation.Horizontal))
        for c in range(ArticleListModel().columnCount())
        if not view.isColumnHidden(c)
    ]
    form = window.editing.form
    clipped = [
        label.text()
        for label in form.findChildren(QLabel)
        if label.objectName().startswith("label-")
        and label.isVisible()
        and label.width() < label.sizeHint().width()
    ]
    viewport = form.fields_scroll.viewport()
    overflow = [
        key
        for key, editor in form.editors.items()
        if editor.mapTo(viewport, editor.rect().topRight()).x() > viewport.width()
    ]
    area = window.screen().availableGeometry()
    print(
        json.dumps(
            {
                "available": [area.width(), area.height()],
                "window": [window.frameGeometry().width(), window.frameGeometry().height()],
                "geometry": [window.width(), window.height()],
                "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
                "panes": window.splitter.sizes(),
                "title_column": view.columnWidth(0),
                "narrow": window.list_pane.is_narrow(),
                "columns": names,
                "labels_clipped": clipped,
                "fields_overflow": overflow,
                "groups_clipped": groups_clipped,
                "groups": [str(nav.data(nav.index(r, 0))) for r in range(nav.rowCount())],
            }
        )
    )
    window.session.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
