"""Screenshots of the site features on a small Hexo site: the Drafts group,
the Schema warnings group, and the form with the schema's completions, in
the light and dark themes and in Chinese.

    python tools/screenshots_site.py [--out docs/screenshots]

Renders offscreen with fresh settings, a temporary index and a copy of the
test fixture site (tests/fixtures/sites/hexo) with a few more posts.
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

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QLabel

from reader.ui.i18n import TsTranslator, catalogue_path
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
from reader.ui.theme import ui_font
from tools.screenshots import settle, wait_for

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sites" / "hexo"

POSTS = {
    "source/_posts/2024-03-01-river-walk.md": (
        "---\ntitle: A walk along the river\ndate: 2024-03-01 08:15:00\nlayout: post\n"
        "categories:\n  - 生活\ntags:\n  - walks\nauthor: Ada Park\n"
        "link: https://example.org/river\n---\nThe water was high after the rain.\n"
    ),
    "source/_posts/2024-03-09-tea.md": (
        "---\ntitle: 茶叶市场的早晨\ndate: 2024/3/9 7:30:00\nlayout: post\ncategories: 生活\n"
        "tags: [tea]\n---\n清晨的市场，热水和杯子。\n"
    ),
    "source/_posts/2024-04-02-tools.md": (
        "---\ntitle: Tools I keep\ndate: 2024-04-02 21:00:00\nlayout: psot\n"
        "categories:\n  - 编程\ntags:\n  - Python3\nauthor: R. Osei\n---\nA short list.\n"
    ),
    "source/_drafts/field-notes.md": (
        "---\ntitle: Field notes, unfinished\ntags: [notes]\n---\nTo be continued.\n"
    ),
    "source/_drafts/binding.md": "---\ntitle: 手工装订\n---\n针线和纸张。\n",
}

SCHEMA = """\
# The front matter of this site (edited by hand).
articles = 7

[keys.title]
type = "string"
required = true

[keys.date]
type = "date"
required = true
spelling = "2001-02-03 04:05:06"

[keys.layout]
type = "string"
values = ["page", "post"]

[keys.author]
type = "string"
required = true
values = ["Ada Park", "R. Osei"]

[keys.categories]
type = "list"
shape = "path"

[keys.link]
type = "url"
"""

VARIANTS = (("light", "light", None), ("dark", "dark", None), ("zh_CN", "light", "zh_CN"))


def make_site(folder: Path) -> Path:
    root = folder / "blog"
    shutil.copytree(FIXTURE, root)
    for rel, text in POSTS.items():
        (root / rel).write_text(text, encoding="utf-8")
    (root / ".article-reader").mkdir()
    (root / ".article-reader" / "schema.toml").write_text(SCHEMA, encoding="utf-8")
    return root


def _window(app, workdir: Path, name: str, theme: str, root: Path, article: str) -> MainWindow:
    settings = Settings.from_file(str(workdir / f"{name}.ini"))
    settings.set("theme", theme)
    window = MainWindow(settings, cache_dir=str(workdir / "cache"))
    window.resize(1280, 760)
    window.splitter.setSizes([220, 430, 630])
    window.show()
    window.open_library(str(root), article)
    wait_for(lambda: window.reader.current == article and not window.session.busy)
    wait_for(lambda: window.nav_model.find(("schema_warnings",)).isValid())
    return window


def _select(window: MainWindow, key: tuple, article: str) -> None:
    index = window.nav_model.find(key)
    window.tree.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    wait_for(lambda: not window.session.busy)
    model = window.list_model
    row = next(r for r in range(model.rowCount()) if model.summary(r).path == article)
    window.list_view.setCurrentIndex(model.index(row, 0))
    wait_for(lambda: window.reader.current == article and not window.session.busy)


def shoot(app, out: Path, workdir: Path, root: Path) -> list[Path]:
    saved = []
    for suffix, theme, language in VARIANTS:
        translator = TsTranslator(catalogue_path(language or "en"))
        app.installTranslator(translator)
        app.setProperty("readerLanguage", language or "en")

        draft = "source/_drafts/field-notes.md"
        window = _window(app, workdir, f"drafts-{suffix}", theme, root, draft)
        _select(window, ("drafts",), draft)
        window.list_view.setColumnWidth(0, 230)
        settle()
        target = out / f"site-drafts-{suffix}.png"
        window.grab().save(str(target))
        saved.append(target)

        warned = "source/_posts/2024-04-02-tools.md"
        _select(window, ("schema_warnings",), warned)
        window.tree.expand(window.nav_model.find(("categories",)))
        settle()
        # the row's tool tip lists the article's schema warnings: painted in
        model = window.list_model
        row = next(r for r in range(model.rowCount()) if model.summary(r).path == warned)
        rect = window.list_view.visualRect(model.index(row, 0))
        anchor = window.list_view.viewport().mapTo(window, rect.bottomLeft() + QPoint(40, 4))
        tip = QLabel(window)
        tip.setTextFormat(Qt.TextFormat.RichText)
        tip.setText(str(model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)))
        tip.setStyleSheet(
            "QLabel { background: palette(tooltip-base); color: palette(tooltip-text);"
            " border: 1px solid palette(mid); padding: 4px; }"
        )
        tip.adjustSize()
        tip.move(anchor)
        tip.show()
        settle()
        target = out / f"site-schema-warnings-{suffix}.png"
        window.grab().save(str(target))
        saved.append(target)
        tip.deleteLater()

        window.resize(1440, 820)
        window.splitter.setSizes([190, 330, 920])
        window.editing.toggle_form(True)
        window.reader.splitter.setSizes([440, 480])
        settle()
        editor = window.editing.form.editors["layout"]
        editor.line.setFocus()
        editor.line.setText("p")
        editor.line.textEdited.emit("p")
        completer = editor.line.completer()
        completer.setCompletionPrefix("p")
        completer.complete()
        settle(500)
        image = window.grab()
        popup = completer.popup()
        if popup.isVisible():
            painter = QPainter(image)
            where = editor.line.mapTo(window, QPoint(0, editor.line.height()))
            popup.resize(editor.line.width(), popup.sizeHintForRow(0) * 2 + 6)
            painter.drawPixmap(where, popup.grab())
            painter.end()
        target = out / f"site-form-completions-{suffix}.png"
        image.save(str(target))
        saved.append(target)
        popup.hide()
        window.editing.form.clear()  # the edit was only for the picture
        window.close()
        window.deleteLater()
        app.removeTranslator(translator)
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(ui_font())
    with tempfile.TemporaryDirectory() as folder:
        root = make_site(Path(folder))
        for path in shoot(app, args.out, Path(folder), root):
            print(path)


if __name__ == "__main__":
    main()
