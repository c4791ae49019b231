"""Screenshots of the git and sync-conflict views on a copy of the sample
library made into a git repository (light, dark, Chinese):

    python tools/screenshots_vcs.py [--out docs/screenshots]

Makes a history (three commits of one article), a changed and a new
article, and a Dropbox conflict copy, then saves ``widget.grab()`` of the
window (the "Changed since last commit" group), the history dialog and the
conflict view.  Git runs with a configuration of its own (no global or
system settings) and a fixed author.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from reader.assets import sample_library
from reader.ui.i18n import TsTranslator, catalogue_path
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
from reader.ui.theme import ui_font
from tools.screenshots import settle, wait_for

ARTICLE = "_posts/2023-05-02-bookbinding.md"
CJK = "making-dumplings.md"
SHOTS = (("light", None), ("dark", None), ("light", "zh_CN"))


def _git(cwd: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env, timeout=60)


def make_library(folder: Path) -> Path:
    config = folder / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    os.environ.update(
        GIT_CONFIG_GLOBAL=str(config),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Mira Okafor",
        GIT_AUTHOR_EMAIL="mira@example.org",
        GIT_COMMITTER_NAME="Mira Okafor",
        GIT_COMMITTER_EMAIL="mira@example.org",
    )
    library = folder / "library"
    shutil.copytree(sample_library(), library)
    _git(library, "init", "-q")
    _git(library, "add", "-A")
    _git(library, "commit", "-q", "-m", "Import the blog", when="2023-05-02T15:00:00+08:00")
    post = library / ARTICLE
    text = post.read_text(encoding="utf-8")
    text = text.replace("tags: [bookbinding, notebooks, weekend projects]", "tags: [bookbinding]")
    post.write_text(text, encoding="utf-8")
    _git(library, "commit", "-qam", "Fewer tags", when="2023-06-11T09:30:00+08:00")
    text = text.replace("title: A first notebook, sewn by hand", "title: A first notebook")
    text = text.replace("A notebook I made myself", "A notebook I had made myself")
    post.write_text(text, encoding="utf-8")
    message = "Shorter title, one word in the text"
    _git(library, "commit", "-qam", message, when="2024-01-20T20:05:00+08:00")
    dumplings = library / CJK
    raw = dumplings.read_text(encoding="utf-8")
    mine = raw.replace("tags: [饺子, 春节, 家]", "tags: [饺子, 春节]")
    dumplings.write_text(mine, encoding="utf-8")
    copy = library / "making-dumplings (Mira's conflicted copy 2024-02-09).md"
    theirs = raw.replace("title: 除夕前一天，全家一起包饺子", "title: 除夕前一天，全家人一起包饺子")
    theirs = theirs.replace("tags: [饺子, 春节, 家]", "tags: [饺子, 家, 年夜饭]")
    copy.write_text(theirs, encoding="utf-8")
    (library / "notes" / "new-idea.md").write_text(
        "---\ntitle: A new idea\ndate: 2024-02-10\n---\nJotted down on the train.\n",
        encoding="utf-8",
    )
    return library


def shoot(app, out: Path, theme: str, language: str | None, library: Path, work: Path) -> None:
    translator = TsTranslator(catalogue_path(language or "en"))
    app.installTranslator(translator)
    app.setProperty("readerLanguage", language or "en")
    suffix = language or theme
    settings = Settings.from_file(str(work / f"{suffix}.ini"))
    settings.set("theme", theme)
    window = MainWindow(settings, cache_dir=str(work / f"cache-{suffix}"))
    window.resize(1280, 800)
    window.splitter.setSizes([230, 430, 620])
    window.show()
    window.open_library(str(library), ARTICLE)
    wait_for(lambda: window.reader.current == ARTICLE and not window.session.busy)
    wait_for(lambda: bool(window.vcs.changes) and bool(window.vcs.conflicts))
    index = window.nav_model.find(("changed",))
    window.tree.setCurrentIndex(index)
    wait_for(lambda: window.list_model.rowCount() == len(window.vcs.changes))
    window.list_view.setColumnWidth(0, 260)
    settle()
    window.grab().save(str(out / f"git-window-{suffix}.png"))

    from reader.ui.vcs.history import HistoryDialog

    history = HistoryDialog(window, window.vcs, window.vcs.repo, ARTICLE)
    history.show()
    wait_for(lambda: history.list.topLevelItemCount() == 3)
    history.list.setCurrentItem(history.list.topLevelItem(2))
    settle()
    history.grab().save(str(out / f"git-history-{suffix}.png"))
    history.close()

    from reader.core.library.conflicts import open_conflict
    from reader.ui.vcs.conflict import ConflictDialog

    pending = window.vcs.conflicts[0]
    case = open_conflict(window.library, pending.path, pending.copies[0], window.vcs.repo)
    dialog = ConflictDialog(window, window.vcs, case)
    dialog.show()
    dialog.take(0, 3)
    settle()
    dialog.grab().save(str(out / f"git-conflict-{suffix}.png"))
    dialog.close()
    window.close()
    window.deleteLater()
    app.removeTranslator(translator)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(ui_font())
    with tempfile.TemporaryDirectory() as folder:
        library = make_library(Path(folder))
        for theme, language in SHOTS:
            shoot(app, args.out, theme, language, library, Path(folder))
    print(*sorted(str(p) for p in args.out.glob("git-*.png")), sep="\n")


if __name__ == "__main__":
    main()
