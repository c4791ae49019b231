"""Screenshots of Jekyll Liquid and Hugo shortcodes in the reader (issue 18).

    python tools/site_screenshots.py [--out docs/screenshots]

Opens a copy of the test sites (tests/fixtures/template_sites) offscreen and saves
the window showing the Jekyll release post (checksums from ``site.data``)
and the Hugo docs page, in the light and dark themes.
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

from PySide6.QtWidgets import QApplication

from reader.ui.i18n import TsTranslator, catalogue_path
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
from reader.ui.theme import ui_font
from tools.screenshots import settle, wait_for

SITES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "template_sites"
SHOTS = (
    ("liquid-jekyll-release-light.png", "light", "jekyll/_posts/2020-10-02-ruby-2-7-2-released.md"),
    ("liquid-jekyll-release-dark.png", "dark", "jekyll/_posts/2020-10-02-ruby-2-7-2-released.md"),
    ("shortcodes-hugo-docs-light.png", "light", "hugo/content/docs/shortcodes.md"),
    ("shortcodes-hugo-docs-dark.png", "dark", "hugo/content/docs/shortcodes.md"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(ui_font())
    translator = TsTranslator(catalogue_path("en"))
    app.installTranslator(translator)
    app.setProperty("readerLanguage", "en")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        library = work / "sites"
        shutil.copytree(SITES, library)
        for name, theme, article in SHOTS:
            settings = Settings.from_file(str(work / f"{name}.ini"))
            settings.set("theme", theme)
            window = MainWindow(settings, cache_dir=str(work / "cache"))
            window.resize(1280, 1000)
            window.splitter.setSizes([180, 330, 770])
            window.show()
            window.open_library(str(library), article)
            wait_for(lambda a=article, w=window: w.reader.current == a and not w.session.busy)
            window.list_view.setColumnWidth(0, 230)
            settle()
            target = args.out / name
            window.grab().save(str(target))
            print(target)
            window.close()
            window.deleteLater()


if __name__ == "__main__":
    main()
