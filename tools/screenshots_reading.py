"""Screenshots of the reading state in the window (light, dark, Chinese):
bold unread rows, stars, unread counts and the Unread / Starred / Read later
groups.

    python tools/screenshots_reading.py [--out docs/screenshots]

Works on a copy of the sample library in a temporary folder, with a fresh
per-user data folder, offscreen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from reader.assets import sample_library
from reader.ui.i18n import TsTranslator, catalogue_path
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
from reader.ui.theme import ui_font
from tools.screenshots import settle, wait_for

SHOTS = (
    ("reading-state-light.png", "light", None, ("all",)),
    ("reading-state-dark.png", "dark", None, ("starred",)),
    ("reading-state-zh_CN.png", "light", "zh_CN", ("all",)),
)
ARTICLE = "_posts/2023-05-02-bookbinding.md"


def shoot(app, out: Path, name: str, theme: str, language, group, workdir: Path) -> Path:
    translator = TsTranslator(catalogue_path(language or "en"))
    app.installTranslator(translator)
    app.setProperty("readerLanguage", language or "en")
    library = workdir / Path(name).stem / "news"  # (the status bar shows its path)
    shutil.copytree(sample_library(), library)
    settings = Settings.from_file(str(workdir / f"{name}.ini"))
    settings.set("theme", theme)
    settings.set("mark_read_after", 0)
    window = MainWindow(settings, cache_dir=str(workdir / "cache"))
    window.resize(1280, 800)
    window.splitter.setSizes([230, 430, 620])
    window.show()
    window.open_library(str(library), ARTICLE)
    wait_for(lambda: window.reading.state is not None and not window.session.busy)
    state = window.reading.state
    paths = window.list_model.paths()
    state.mark(paths[:4], "read", True)
    state.mark([paths[1], paths[5], ARTICLE], "starred", True)
    for path in (paths[6], paths[2]):
        state.mark([path], "later", state.next_later())
    window.reading.poll()
    window.reading.recount()
    settle(600)
    wait_for(lambda: not window.session.busy)
    window.tree.expand(window.nav_model.find(("categories",)))
    if group != ("all",):
        window.tree.selectionModel().setCurrentIndex(
            window.nav_model.find(group), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        wait_for(lambda: not window.session.busy)
    window.list_view.setColumnWidth(0, 250)
    settle(400)
    target = out / name
    window.grab().save(str(target))
    # the Article menu with the toggles, beside the window's picture
    menu = next(
        a.menu() for a in window.menuBar().actions() if a.menu().objectName() == "articleMenu"
    )
    menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
    settle(300)
    menu.grab().save(str(out / name.replace("reading-state-", "reading-menu-")))
    menu.hide()
    window.close()
    window.deleteLater()
    app.removeTranslator(translator)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(ui_font())
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ARTICLE_READER_DATA_DIR"] = str(Path(folder) / "data")
        for name, theme, language, group in SHOTS:
            print(shoot(app, args.out, name, theme, language, group, Path(folder)))


if __name__ == "__main__":
    main()
