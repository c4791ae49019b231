"""``article-reader --self-test``: check that an installed or frozen build works.

It opens the bundled sample library, renders an article, round-trips a
metadata edit on a temporary copy of sample articles and shows a window on
Qt's offscreen platform.  Progress goes to stdout; every failure goes to stderr
as ``self-test: FAIL <check>: <reason>`` and makes the exit status 1.  A build
that works prints nothing at all to stderr (the packaging smoke test relies on
that).

With ``ARTICLE_READER_STARTUP_PROBE=1`` in the environment the line
``startup-probe: window shown`` is printed (and flushed) the moment the window
is exposed, so ``packaging/measure.py`` can time process start → window.
"""

from __future__ import annotations

import difflib
import html
import importlib.util
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

__all__ = ["PROBE_ENV", "run_self_test"]

PROBE_ENV = "ARTICLE_READER_STARTUP_PROBE"
PROBE_LINE = "startup-probe: window shown"

# Round-trip a metadata edit in each front-matter format the sample library has.
_ROUND_TRIP_SAMPLES = (
    "making-dumplings.md",  # YAML, CJK text, RFC 2822 date
    "notes/keeping-notes.md",  # TOML
    "notes/afternoon-tea.md",  # JSON
    "notes/calligraphy-practice.md",  # YAML after a BOM
)
_EDIT_KEY = "article_reader_self_test"
_EDIT_VALUE = "round trip ✓"
_EXPOSE_TIMEOUT = 10.0


class SelfTestError(Exception):
    """A check failed; the message says how."""


def _module_available(name: str) -> bool:
    """Whether ``name`` exists (in the source tree, the wheel or the bundle).

    A module that exists but fails to import is a failure, not an absence."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


class _State:
    def __init__(self) -> None:
        self.articles: list = []
        self.article = None  # the article rendered and shown
        self.html: str | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix="article-reader-selftest-"))

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# checks


def _check_resources(state: _State) -> str:
    from . import APP_ID
    from .assets import resource_path, resource_root

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
    """Scan the sample library and parse every article; any error fails."""
    from .assets import sample_library

    return _check_library_scan(state, sample_library())


def _check_library_scan(state: _State, root: Path) -> str:
    from .core.article import ArticleError
    from .core.codec import load_article
    from .core.scan import scan

    rels = sorted(scan(root))
    if not rels:
        raise SelfTestError(f"no articles found in the sample library {root}")
    errors = []
    for rel in rels:
        try:
            article = load_article(root / rel)
        except ArticleError as exc:
            errors.append(f"{rel}: {exc}")
            continue
        errors.extend(f"{rel}: {problem}" for problem in article.errors)
        if not article.title.strip():
            errors.append(f"{rel}: no title")
        state.articles.append(article)
    if errors:
        raise SelfTestError("sample library has errors: " + "; ".join(errors))
    return f"{len(rels)} sample articles scanned and parsed"


def _pick_article(state: _State):
    if state.article is None:
        if not state.articles:
            raise SelfTestError("no article to render (the library check failed)")
        # Prefer an article with CJK text and a Markdown body: it exercises the most.
        markdown = [a for a in state.articles if a.body_format == "markdown"]
        state.article = (markdown or state.articles)[0]
    return state.article


def _check_render(state: _State) -> str:
    article = _pick_article(state)
    if not _module_available("reader.core.render"):
        return "skipped: reader.core.render is not part of this build"
    from .assets import sample_library
    from .core.render import render_article

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
    return f"rendered {Path(article.display_path).name} ({len(text)} characters of HTML)"


def _changed_lines(old: bytes, new: bytes) -> list[tuple[str, list[bytes], list[bytes]]]:
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        (tag, a[i1:i2], b[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _round_trip_one(source: Path, work: Path) -> None:
    from .core.codec import load_article
    from .core.patch import patch_metadata
    from .core.storage import save_article

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
    from .assets import sample_library

    root = sample_library()
    for rel in _ROUND_TRIP_SAMPLES:
        work = state.tmp / "edit" / rel.replace("/", "_")
        work.mkdir(parents=True)
        _round_trip_one(root / rel, work)
    return f"metadata edit round-tripped byte for byte in {len(_ROUND_TRIP_SAMPLES)} articles"


def _check_window(state: _State) -> str:
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from . import APP_NAME

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "article-reader"])
    window = QTextBrowser()
    window.setWindowTitle(APP_NAME)
    window.resize(800, 600)
    article = _pick_article(state)
    if state.html is not None:
        window.setHtml(state.html)
    else:
        window.setPlainText(article.title + "\n\n" + article.body)
    kind = "QTextBrowser with the article"

    window.show()
    deadline = time.monotonic() + _EXPOSE_TIMEOUT
    handle = window.windowHandle()
    while handle is None or not handle.isExposed():
        if time.monotonic() > deadline:
            raise SelfTestError(f"the window was not shown within {_EXPOSE_TIMEOUT:.0f} s")
        QCoreApplication.processEvents()
        handle = window.windowHandle()
        time.sleep(0.001)
    if os.environ.get(PROBE_ENV) == "1":
        sys.stdout.write(PROBE_LINE + "\n")
        sys.stdout.flush()
    if not window.isVisible():
        raise SelfTestError("the window is not visible after show()")
    platform = QApplication.platformName()
    # Let the event loop run once, so painting and deferred work happen too.
    QTimer.singleShot(0, app.quit)
    app.exec()
    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()
    return f"{kind} shown on the '{platform}' platform"


_CHECKS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("resources", _check_resources),
    ("sample library", _check_library),
    ("render", _check_render),
    ("metadata round trip", _check_round_trip),
    ("window", _check_window),
)


def run_self_test() -> int:
    """Run every check; 0 if all pass, 1 (with reasons on stderr) otherwise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from . import __version__

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
