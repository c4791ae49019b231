"""Screenshots of saved searches in the window (light, dark, Chinese): the
"Saved searches" group in the tree with live counts, one search selected
and listing its matches, and a query that no longer runs marked "!".

    python tools/screenshots_saved.py [--out docs/screenshots]

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
from reader.ui.saved_searches import KIND
from reader.ui.settings import Settings
from reader.ui.theme import ui_font
from tools.screenshots import settle, wait_for

SHOTS = (
    ("saved-searches-light.png", "light", None),
    ("saved-searches-dark.png", "dark", None),
    ("saved-searches-zh_CN.png", "light", "zh_CN"),
)
SEARCHES = {
    None: (
        ("Life", "cat:生活"),
        ("News from 2021", "year:2021"),
        ("Unread, with images", "is:unread has:image"),
        ("Broken query", "tag:x OR"),
    ),
    "zh_CN": (
        ("生活", "cat:生活"),
        ("2021 年的新闻", "year:2021"),
        ("未读的图文", "is:unread has:image"),
        ("写错的查询", "tag:x OR"),
    ),
}


def shoot(app, out: Path, name: str, theme: str, language, workdir: Path) -> Path:
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
    window.splitter.setSizes([250, 420, 610])
    window.show()
    window.open_library(str(library))
    wait_for(
        lambda: (
            window.saved_searches.searches is not None
            and window.reading.state is not None
            and not window.session.busy
        )
    )
    searches = window.saved_searches.searches
    ids = [searches.add(label, query).id for label, query in SEARCHES[language]]
    window.saved_searches.poll()
    window.saved_searches.recount()
    wait_for(lambda: all(e.paths is not None or e.error for e in window.nav_model.saved_entries()))
    wait_for(lambda: len(window.nav_model.saved_entries()) == len(ids))
    window.tree.selectionModel().setCurrentIndex(
        window.nav_model.find((KIND, ids[1])), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    wait_for(lambda: not window.session.busy)
    settle(400)
    window.list_view.setColumnWidth(0, 240)
    settle(300)
    target = out / name
    window.grab().save(str(target))
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
        for name, theme, language in SHOTS:
            print(shoot(app, args.out, name, theme, language, Path(folder)))


if __name__ == "__main__":
    main()
