"""Screenshots of the Export dialog (light, dark, Chinese, running an
export of the sample library) and PNG renders of the first pages of a PDF
export (``pdftoppm``).

    python tools/screenshots_collections.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from reader.assets import sample_library
from reader.ui.i18n import TsTranslator, catalogue_path
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
from reader.ui.theme import ui_font


def wait_for(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def dialog_shot(app, out: Path, name: str, theme: str, language: str | None, work: Path) -> Path:
    translator = TsTranslator(catalogue_path(language or "en"))
    app.installTranslator(translator)
    app.setProperty("readerLanguage", language or "en")
    settings = Settings.from_file(str(work / f"{name}.ini"))
    settings.set("theme", theme)
    window = MainWindow(settings, cache_dir=str(work / "cache"))
    window.resize(1280, 800)
    window.show()
    window.open_library(str(sample_library()))
    wait_for(lambda: window.list_model.rowCount() > 0 and not window.session.busy)
    dialog = window.collections.show_export()
    assert dialog is not None
    dialog.set_toc("category")
    output = work / "Exports" / f"{Path(name).stem}.epub"
    output.parent.mkdir(exist_ok=True)
    dialog.output_field.setText(str(output))
    dialog.start_export(force=True)
    wait_for(lambda: not dialog.running)
    app.processEvents()
    target = out / name
    dialog.grab().save(str(target))
    dialog.close()
    window.close()
    app.removeTranslator(translator)
    return target


def pdf_pages(out: Path, work: Path) -> list[Path]:
    from reader.core.library.facade import Library
    from reader.ui.pdf_export import export_pdf

    pdf = work / "sample.pdf"
    with Library.open(sample_library(), cache_dir=work / "pdf-cache") as library:
        library.refresh()
        paths = [s.path for s in library.query()]
        export_pdf(library, paths, pdf, toc="category", title="Sample library", locale="zh_CN")
    prefix = out / "pdf-export-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(prefix)], check=True
    )
    return sorted(out.glob("pdf-export-page-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(ui_font())
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, theme, language in (
            ("export-dialog-light.png", "light", None),
            ("export-dialog-dark.png", "dark", None),
            ("export-dialog-zh_CN.png", "light", "zh_CN"),
        ):
            print(dialog_shot(app, args.out, name, theme, language, work))
        for page in pdf_pages(args.out, work):
            print(page)


if __name__ == "__main__":
    main()
