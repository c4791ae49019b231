"""Screenshots of the main window on the sample library, for the README,
and of the front-matter form beside the reader (English and Chinese).

    python tools/screenshots.py [--out docs/screenshots] [--only NAME...]

Renders offscreen (``QT_QPA_PLATFORM=offscreen``) with fresh settings and a
temporary index, in the light and dark themes and in Chinese, and saves
``widget.grab()`` of the window as PNG.
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

from PySide6.QtCore import QEventLoop, QItemSelectionModel, QTimer
from PySide6.QtWidgets import QApplication

from reader.assets import resource_path, sample_library
from reader.ui.i18n import TsTranslator, catalogue_path
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
from reader.ui.theme import ui_font

SHOTS = (
    # file name, theme, language, group to select, article to show, form edit
    ("main-window-light.png", "light", None, ("all",), "_posts/2023-05-02-bookbinding.md", None),
    ("main-window-dark.png", "dark", None, ("category", "Notes"), "notes/keeping-notes.md", None),
    (
        "main-window-zh_CN.png",
        "light",
        "zh_CN",
        ("all",),
        "news/2021/night-market-returns.html",
        None,
    ),
    # the form, with one unsaved edit so that the markers show (nothing is saved)
    (
        "form-en.png",
        "light",
        None,
        ("all",),
        "_posts/2023-05-02-bookbinding.md",
        ("title", "A first notebook, sewn by hand (revised)"),
    ),
    (
        "form-zh_CN.png",
        "light",
        "zh_CN",
        ("all",),
        "making-dumplings.md",
        ("title", "除夕前一天，全家人一起包饺子"),
    ),
)


# The window at laptop and desktop sizes, as the window lays itself out (no
# splitter or column sizes set here): file name, theme, language, group,
# article, (width, height), search text.
LAYOUT_SHOTS = tuple(
    (
        f"window-{w}x{h}-{variant}.png",
        theme,
        language,
        group,
        article,
        (w, h),
        search,
    )
    for w, h in ((1366, 768), (1920, 1080))
    for variant, theme, language, group, article, search in (
        ("light", "light", None, ("all",), "_posts/2023-05-02-bookbinding.md", ""),
        ("dark", "dark", None, ("category", "Notes"), "notes/keeping-notes.md", ""),
        ("zh_CN", "light", "zh_CN", ("all",), "news/2021/night-market-returns.html", ""),
        ("search-light", "light", None, ("all",), "making-dumplings.md", "饺子"),
        ("search-zh_CN", "dark", "zh_CN", ("category", "生活"), "making-dumplings.md", "饺子"),
    )
)


def wait_for(condition, timeout_ms: int = 20000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    timer.start(20)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()
    if not condition():
        raise SystemExit(f"timed out waiting for the window: {condition.__doc__ or condition}")


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(
    app: QApplication,
    out: Path,
    name: str,
    theme: str,
    language: str | None,
    group: tuple,
    article: str,
    form_edit: tuple | None,
    workdir: Path,
    size: tuple[int, int] | None = None,
    search: str = "",
) -> Path:
    # English is the source language; its catalogue holds the plural forms.
    translator = TsTranslator(catalogue_path(language or "en"))
    app.installTranslator(translator)
    app.setProperty("readerLanguage", language or "en")
    settings = Settings.from_file(str(workdir / f"{name}.ini"))
    settings.set("theme", theme)
    window = MainWindow(settings, cache_dir=str(workdir / "cache"))
    if size is None:
        window.resize(1280, 800)
        window.splitter.setSizes([210, 430, 640])
    else:
        window.resize(*size)
        window.splitter.setSizes(window.pane_sizes(size[0]))  # as on a first start
    window.show()
    # a copy: opening a library records reading state in it (.article-reader/)
    library = workdir / Path(name).stem / "news"  # (the status bar shows its path)
    if not library.exists():
        shutil.copytree(sample_library(), library)
    window.open_library(str(library), article)
    wait_for(lambda: window.reader.current == article and not window.session.busy)
    index = window.nav_model.find(group)
    if group != ("all",):
        window.tree.expand(index.parent())
        window.tree.selectionModel().setCurrentIndex(  # the whole row, as a click
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        wait_for(lambda: window.current_article() == article and not window.session.busy)
    if size is None:
        window.list_view.setColumnWidth(0, 230)
    if search:
        window.search_field.setText(search)
        wait_for(lambda: window.list_pane.search is not None and not window.session.busy)
    if form_edit is not None:
        window.resize(1440, 860)
        window.splitter.setSizes([190, 330, 920])
        window.editing.toggle_form(True)
        window.reader.splitter.setSizes([480, 440])
        key, value = form_edit
        editor = window.editing.form.editors[key]
        editor.line.setText(value)
        editor.line.textEdited.emit(value)
    settle()
    target = out / name
    window.grab().save(str(target))
    window.editing.form.clear()  # the edit was only for the picture
    window.close()
    window.deleteLater()
    if translator is not None:
        app.removeTranslator(translator)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--only", nargs="*", default=None, help="file names to take")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(ui_font())
    icon = resource_path("icons", "article-reader.svg")
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    with tempfile.TemporaryDirectory() as folder:
        for name, theme, language, group, article, form_edit in SHOTS:
            if args.only is None or name in args.only:
                folder_path = Path(folder)
                print(
                    shoot(
                        app, args.out, name, theme, language, group, article, form_edit, folder_path
                    )
                )
        for name, theme, language, group, article, size, search in LAYOUT_SHOTS:
            if args.only is None or name in args.only:
                print(
                    shoot(
                        app,
                        args.out,
                        name,
                        theme,
                        language,
                        group,
                        article,
                        None,
                        Path(folder),
                        size,
                        search,
                    )
                )


if __name__ == "__main__":
    main()
