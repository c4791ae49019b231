"""``article-reader --self-test``: check that an installed or frozen build works.

It indexes and searches the bundled sample library (in a temporary cache),
renders an article, round-trips a metadata edit on temporary copies of sample
articles and shows the main window on the sample library on Qt's offscreen
platform (with a temporary settings file and cache).  Progress goes to
stdout; every failure goes to stderr as ``self-test: FAIL <check>: <reason>``
and makes the exit status 1.  A build that works prints nothing to stderr but
the lines in :data:`HARMLESS_STDERR` (the packaging smoke test relies on that).

With ``ARTICLE_READER_STARTUP_PROBE=1`` in the environment the line
``startup-probe: window shown`` is printed (and flushed) the moment the window
is exposed, so ``packaging/measure.py`` can time process start → window; the
app does the same through :func:`startup_probe`.
"""

from __future__ import annotations

import difflib
import html
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # Qt and the article model are imported by the checks that use them
    from PySide6.QtWidgets import QApplication, QWidget

    from reader.core.article.model import Article

__all__ = ["HARMLESS_STDERR", "PROBE_ENV", "run_self_test", "startup_probe"]

PROBE_ENV = "ARTICLE_READER_STARTUP_PROBE"
PROBE_LINE = "startup-probe: window shown"

# Lines Qt itself may print during a passing self-test, each unavoidable:
HARMLESS_STDERR = frozenset(
    {
        # The offscreen platform plugin does not implement size hints for top-level
        # windows (min/max sizes); Qt warns whenever a window with size constraints
        # is shown on it.  The real platforms (xcb, wayland, windows, cocoa) do.
        "This plugin does not support propagateSizeHints()",
    }
)

# Round-trip a metadata edit in each front-matter format the sample library has.
_ROUND_TRIP_SAMPLES = (
    "making-dumplings.md",  # YAML, CJK text, RFC 2822 date
    "notes/keeping-notes.md",  # TOML
    "notes/afternoon-tea.md",  # JSON
    "notes/calligraphy-practice.md",  # YAML after a BOM
)
_EDIT_KEY = "article_reader_self_test"
_EDIT_VALUE = "round trip ✓"
_WINDOW_TIMEOUT = 20.0


class SelfTestError(Exception):
    """A check failed; the message says how."""


class _State:
    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.article: Article | None = None  # the article rendered and shown
        self.html: str | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix="article-reader-selftest-"))

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# checks


def _check_resources(state: _State) -> str:
    from reader.assets import resource_path, resource_root
    from reader.core.common.dirs import APP_ID

    root = resource_root()
    wanted = [
        resource_path("sample-library"),
        resource_path("icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg"),
        resource_path("desktop", f"{APP_ID}.desktop"),
    ]
    missing = [str(p) for p in wanted if not p.exists()]
    if missing:
        raise SelfTestError("missing bundled resources: " + ", ".join(missing))
    return f"resources at {root}"


def _check_library(state: _State) -> str:
    """Index the sample library (in a throwaway cache, parsing in the process
    pool as a large library would), then read every article; any error fails."""
    # As in the app, Qt is loaded, so the pool starts its workers with forkserver
    # or spawn rather than fork: the frozen program must be able to be a worker.
    import PySide6.QtCore  # noqa: F401

    from reader.assets import sample_library
    from reader.core.article.codec import load_article
    from reader.core.library.facade import Library
    from reader.core.library.scan import scan

    root = sample_library()
    on_disk = sorted(scan(root))
    if not on_disk:
        raise SelfTestError(f"no articles found in the sample library {root}")
    with Library.open(root, cache_dir=state.tmp / "cache") as library:
        stats = library.refresh(parallel=True)
        if stats.unreadable:
            raise SelfTestError(
                "unreadable sample articles: " + "; ".join(str(p) for p in stats.unreadable)
            )
        summaries = library.query()
        indexed = sorted(s.path for s in summaries)
        if indexed != on_disk:
            raise SelfTestError(f"the index lists {indexed}, the folder holds {on_disk}")
        with_errors = [s.path for s in summaries if s.error_count]
        if with_errors:
            raise SelfTestError("sample articles with errors: " + ", ".join(with_errors))
        library.build_fulltext()
        word = "饺子"  # in making-dumplings.md: CJK full-text search
        hits = library.search(word, limit=5)
        if not any(hit.path == "making-dumplings.md" for hit in hits):
            raise SelfTestError(f"searching the sample library for {word!r} found {hits!r}")
    errors: list[str] = []
    for rel in on_disk:
        article = load_article(root / rel)
        errors.extend(f"{rel}: {problem}" for problem in article.errors)
        state.articles.append(article)
    if errors:
        raise SelfTestError("sample library has errors: " + "; ".join(errors))
    pool = "process pool" if stats.parallel else "in process"
    return f"{len(on_disk)} sample articles indexed ({pool}), searched and parsed"


def _pick_article(state: _State) -> Article:
    if state.article is None:
        if not state.articles:
            raise SelfTestError("no article to render (the library check failed)")
        # Prefer an article with CJK text and a Markdown body: it exercises the most.
        markdown = [a for a in state.articles if a.body_format == "markdown"]
        state.article = (markdown or state.articles)[0]
    return state.article


def _check_render(state: _State) -> str:
    article = _pick_article(state)
    from reader.assets import sample_library
    from reader.core.render.pipeline import render_article

    result = render_article(
        article, theme="light", remote_images=False, library_root=sample_library()
    )
    text = getattr(result, "html", None)
    if not isinstance(text, str) or not text.strip():
        raise SelfTestError(f"render_article returned no HTML for {article.display_path}")
    title = article.title.strip()
    spellings = {title, html.escape(title, quote=False), html.escape(title)}
    if not any(spelling in text for spelling in spellings):
        raise SelfTestError(
            f"the rendered HTML of {article.display_path} does not contain its title {title!r}"
        )
    state.html = text
    _check_liquid()
    return f"rendered {Path(article.display_path).name} ({len(text)} characters of HTML)"


def _check_liquid() -> None:
    """python-liquid is bundled and works (Jekyll posts need it)."""
    from reader.core.render.liquid import render_liquid
    from reader.core.render.sitecontext import SiteContext

    site = SiteContext(kind="jekyll", root=Path.cwd(), data={"v": [{"a": 1}, {"a": 2}]})
    result = render_liquid('{{ site.data.v | where: "a", 1 | size }}', site, {})
    if result.text != "1" or result.notices:
        raise SelfTestError(f"Liquid does not evaluate: {result.text!r} {result.notices!r}")


def _changed_lines(old: bytes, new: bytes) -> list[tuple[str, list[bytes], list[bytes]]]:
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        (tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def _round_trip_one(source: Path, work: Path) -> None:
    from reader.core.article.codec import load_article
    from reader.core.article.patch import patch_metadata
    from reader.core.article.storage import save_article

    name = source.name
    target = work / name
    shutil.copyfile(source, target)
    original = target.read_bytes()

    article = load_article(target)
    new_raw = patch_metadata(article, {_EDIT_KEY: _EDIT_VALUE}, [])
    if not save_article(article, new_raw):
        raise SelfTestError(f"{name}: adding a key saved nothing")
    edited = target.read_bytes()
    changes = _changed_lines(original, edited)
    # Exactly one line added (TOML/JSON may also touch the line before it, e.g. a comma).
    added = [line for _, _, new in changes for line in new]
    removed = [line for _, old, _ in changes for line in old]
    key_lines = [line for line in added if _EDIT_KEY.encode() in line]
    if len(key_lines) != 1 or len(added) - len(removed) != 1:
        raise SelfTestError(
            f"{name}: adding one key changed more than its line: "
            f"removed {removed!r}, added {added!r}"
        )
    others = [line for line in added if line not in key_lines]
    for old_line, new_line in zip(removed, others, strict=True):
        # Only a JSON member separator may be added to the line before the new key.
        if new_line.rstrip(b"\r\n") != old_line.rstrip(b"\r\n") + b",":
            raise SelfTestError(f"{name}: the edit changed {old_line!r} into {new_line!r}")
    reread = load_article(target)
    if reread.metadata.get(_EDIT_KEY) != _EDIT_VALUE:
        value = reread.metadata.get(_EDIT_KEY)
        raise SelfTestError(f"{name}: the added key reads back as {value!r}")
    if reread.body != article.body:
        raise SelfTestError(f"{name}: the body changed")

    restored_raw = patch_metadata(reread, {}, [_EDIT_KEY])
    save_article(reread, restored_raw)
    if target.read_bytes() != original:
        raise SelfTestError(
            f"{name}: removing the added key did not restore the original bytes: "
            + repr(_changed_lines(original, target.read_bytes()))
        )


def _check_round_trip(state: _State) -> str:
    from reader.assets import sample_library

    root = sample_library()
    for rel in _ROUND_TRIP_SAMPLES:
        work = state.tmp / "edit" / rel.replace("/", "_")
        work.mkdir(parents=True)
        _round_trip_one(root / rel, work)
    return f"metadata edit round-tripped byte for byte in {len(_ROUND_TRIP_SAMPLES)} articles"


def _check_pdf(state: _State) -> str:
    """Export sample articles as a PDF as the window does: Qt lays the book
    out in a process of its own, which the frozen program must be able to
    be (offscreen, with its fonts)."""
    from reader.assets import sample_library
    from reader.core.library.facade import Library
    from reader.ui.pdf_export import export_pdf

    out = state.tmp / "sample.pdf"
    painted: list[int] = []
    with Library.open(sample_library(), cache_dir=state.tmp / "cache") as library:
        library.refresh()
        paths = [summary.path for summary in library.query()][:3]
        result = export_pdf(
            library, paths, out, apart=True, pages=lambda done, _total: painted.append(done)
        )
    data = out.read_bytes()
    if not data.startswith(b"%PDF-") or not painted or result.articles != len(paths):
        raise SelfTestError(f"the PDF of {paths} is not whole ({len(data)} bytes, {painted})")
    return f"{result.articles} articles in {painted[-1]} pages, laid out in a process of its own"


def _check_window(state: _State) -> str:
    """The app's main window, with its own settings file, on the sample library."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from reader.app import create_window
    from reader.assets import sample_library
    from reader.core.library.scan import scan
    from reader.ui.settings import Settings

    expected = len(scan(sample_library()))

    # instance() is typed as the base class; the one made here is a QApplication
    app = cast(
        QApplication,
        QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "article-reader"]),
    )
    if not isinstance(app, QApplication):
        # (a process whose Qt was started without widgets: a window there
        # aborts the whole process, which must not be the self-test's end)
        raise SelfTestError(
            f"this process runs a {type(app).__name__}, in which no window can be made"
        )
    settings = Settings.from_file(str(state.tmp / "settings.ini"))
    window = create_window(settings, str(sample_library()), cache_dir=str(state.tmp / "ui-cache"))
    rows: list[int] = []
    window.list_filled.connect(rows.append)
    try:
        window.show()
        _wait_until(lambda: (h := window.windowHandle()) is not None and h.isExposed(), "shown")
        if os.environ.get(PROBE_ENV) == "1":
            sys.stdout.write(PROBE_LINE + "\n")
            sys.stdout.flush()
        if not window.isVisible():
            raise SelfTestError("the main window is not visible after show()")
        _wait_until(lambda: expected in rows, f"listing the {expected} sample articles")
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    platform = app.platformName()
    return f"{type(window).__name__} shown on '{platform}', listing {expected} articles"


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + _WINDOW_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestError(f"the main window timed out {what} ({_WINDOW_TIMEOUT:.0f} s)")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.002)


def startup_probe(app: QApplication, window: QWidget) -> None:
    """For the app's start-up: with ``ARTICLE_READER_STARTUP_PROBE=1``, print
    the probe line once ``window`` is exposed and then quit ``app``.

    Call it right after ``window.show()``; without the variable it does nothing.
    ``packaging/measure.py`` times process start → this line."""
    if os.environ.get(PROBE_ENV) != "1":
        return
    from PySide6.QtCore import QTimer

    timer = QTimer(window)
    timer.setInterval(1)

    def poll() -> None:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            timer.stop()
            sys.stdout.write(PROBE_LINE + "\n")
            sys.stdout.flush()
            QTimer.singleShot(0, app.quit)

    timer.timeout.connect(poll)
    timer.start()


_CHECKS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("resources", _check_resources),
    ("sample library", _check_library),
    ("render", _check_render),
    ("metadata round trip", _check_round_trip),
    ("pdf", _check_pdf),
    ("window", _check_window),
)


def run_self_test() -> int:
    """Run every check; 0 if all pass, 1 (with reasons on stderr) otherwise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reader import __version__

    kind = "frozen" if getattr(sys, "frozen", False) else "python"
    print(f"article-reader {__version__} self-test ({kind} build, {sys.executable})")
    state = _State()
    failures = []
    try:
        for name, check in _CHECKS:
            started = time.perf_counter()
            try:
                detail = check(state)
            except SelfTestError as exc:
                failures.append(name)
                print(f"self-test: FAIL {name}: {exc}", file=sys.stderr)
                continue
            except Exception as exc:
                failures.append(name)
                print(f"self-test: FAIL {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                traceback.print_exc(file=sys.stderr)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            print(f"  ok  {name:<20} {elapsed:7.1f} ms  {detail}")
    finally:
        state.cleanup()
    sys.stdout.flush()
    if failures:
        print(f"self-test: {len(failures)} check(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    print("self-test: all checks passed")
    return 0
