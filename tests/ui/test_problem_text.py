"""An article's problems in the window's language: each kind of message the
core writes, made by the core itself, is known and translated whole, with
its values kept (reader.ui.problem_text)."""

from __future__ import annotations

import re

import pytest

from reader.core.article.codec import parse_article
from reader.core.article.limits import Limits
from reader.ui.problem_text import _PATTERNS, problem_line, problem_text, severity_text

_SMALL = Limits(
    max_front_matter_bytes=400,
    max_nesting=3,
    max_category_levels=2,
    max_alias_nodes=5,
    max_alias_bytes=1000,
)

# An article that gives each kind of problem, and the limits it is read with.
_ARTICLES: dict[str, tuple[bytes, Limits | None]] = {
    "not-utf8": (b"---\ntitle: a\n---\nbad \xff byte\n", None),
    "looks-wide": ("title and body, as UTF-16\n".encode("utf-16-le"), None),
    "empty": (b"", None),
    "unclosed": (b"---\ntitle: a\nbody\n", None),
    "control-body": (b"---\ntitle: a\n---\nbell \x07 here\n", None),
    "control-key": (b'---\ntitle: "a\\x07b"\n---\nbody\n', None),
    "date": (b"---\ntitle: a\ndate: someday\n---\nbody\n", None),
    "updated": (b"---\ntitle: a\nupdated: someday\n---\nbody\n", None),
    "weekday": (b"---\ntitle: a\ndate: Mon, 06 Jan 2021 10:00:00 +0800\n---\nbody\n", None),
    "weekday-updated": (
        b"---\ntitle: a\nupdated: Mon, 06 Jan 2021 10:00:00 +0800\n---\nbody\n",
        None,
    ),
    "alias-key": (b"---\ntitle: a\ntags: [x]\ntag: y\n---\nbody\n", None),
    "duplicate": (b"---\ntitle: a\ntitle: b\n---\nbody\n", None),
    "duplicate-as": (b"---\ntitle: a\n1: x\n1.0: y\n---\nbody\n", None),
    "one-key": (b"---\ntitle: a\n1: x\ntrue: y\n---\nbody\n", None),
    "yaml": (b"---\ntitle: [a\n---\nbody\n", None),
    "toml": (b"+++\ntitle = \n+++\nbody\n", None),
    "json": (b'{\n"title": ,\n}\nbody\n', None),
    "nesting": (b"---\na: {b: {c: {d: {e: 1}}}}\n---\nbody\n", _SMALL),
    "not-mapping": (b"---\n- a\n- b\n---\nbody\n", None),
    "too-large": (b"---\ntitle: " + b"x" * 500 + b"\n---\nbody\n", _SMALL),
    "huge-int": (b"---\nn: " + b"9" * 5000 + b"\n---\nbody\n", None),
    "categories": (b"---\ncategories: [[a, b, c, d]]\n---\nbody\n", _SMALL),
    "recursive-alias": (b"---\na: &x [1, *x]\n---\nbody\n", None),
    "alias-bomb": (b"---\na: &x [1, 2, 3, 4]\nb: [*x, *x, *x]\n---\nbody\n", _SMALL),
    "yaml-bool": (b"---\ntitle: a\ndraft: yes\n---\nbody\n", None),
    "yaml-octal": (b"---\ntitle: a\nn: 0755\n---\nbody\n", None),
    "yaml-base60": (b"---\ntitle: a\nn: 1:20\n---\nbody\n", None),
    "conflict": (b"---\n<<<<<<< ours\ntitle: a\n=======\ntitle: b\n>>>>>>> theirs\n---\n", None),
    "conflict-body": (b"---\ntitle: a\n---\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n", None),
    "yaml11-break": ("---\ntitle: a\u0085b\n---\nbody\n".encode(), None),
    "toml-int": (b"+++\ntitle = 'a'\nn = 99999999999999999999\n+++\nbody\n", None),
    "surrogate": (b'{\n"title": "a\\ud800b"\n}\nbody\n', None),
}


def _messages(kind: str) -> list[str]:
    raw, limits = _ARTICLES[kind]
    article = parse_article(raw, "post.md", **({"limits": limits} if limits else {}))
    return [problem.message for problem in article.problems]


def _kind_of(message: str) -> str | None:
    for kind, pattern in _PATTERNS:
        if re.fullmatch(pattern, message, re.DOTALL):
            return kind
    return None


@pytest.mark.parametrize("kind", sorted(_ARTICLES))
def test_each_kind_of_message_the_core_writes_is_known(kind, qapp):
    messages = _messages(kind)
    assert kind in [_kind_of(message) for message in messages], messages


def test_every_pattern_has_an_article_that_makes_it():
    # (a kind only reached through a value typed in the form is checked below)
    assert {kind for kind, _ in _PATTERNS} - set(_ARTICLES) <= {
        "yaml-value",
        "yaml-number",
        "front-utf8",
    }


@pytest.mark.parametrize("kind", sorted(_ARTICLES))
def test_each_kind_reads_in_chinese_with_its_values(kind, zh_catalogue):
    for message in _messages(kind):
        if _kind_of(message) != kind:
            continue
        text = problem_text(message)
        assert text != message
        assert re.search("[\u4e00-\u9fff]", text), text
        values = re.fullmatch(dict(_PATTERNS)[kind], message, re.DOTALL).groups()
        assert all(value in text for value in values), (text, values)


def test_english_keeps_the_cores_words(qapp):
    message = _messages("date")[0]
    assert problem_text(message) == message
    assert problem_line("warning", message) == f"warning: {message}"
    assert problem_text("a message of a later version") == "a message of a later version"


def test_a_problem_line_in_chinese(zh_catalogue):
    assert severity_text("error") == "错误" and severity_text("warning") == "警告"
    assert problem_line("warning", "cannot read date 'someday'") == "警告：无法读取日期 'someday'"
    assert problem_line("error", "a message of a later version") == (
        "错误：a message of a later version"
    )


def test_the_lists_tooltip_names_problems_in_chinese(qtbot, opened, zh_catalogue, library_copy):
    (library_copy / "bad-date.md").write_text(
        "---\ntitle: Bad date\ndate: someday\n---\nbody\n", encoding="utf-8"
    )
    opened.session.library.update_paths(["bad-date.md"])
    with qtbot.waitSignal(opened.list_filled, timeout=20000):
        opened.reload_list()
    model = opened.list_model
    row = next(r for r in range(model.rowCount()) if model.path_at(r) == "bad-date.md")
    from PySide6.QtCore import Qt

    tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert "警告：无法读取日期 &#x27;someday&#x27; 第 3 行" in tip


def _refusals(tmp_path) -> dict[str, BaseException]:
    """Each refusal of the core's that the window says, made by the core."""
    import shutil

    from reader.core.article.model import ArticleError
    from reader.core.library.facade import Library
    from reader.core.library.state import ReadingState

    root = tmp_path / "library"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: A\n---\nbody\n")
    (root / "b.md").write_text("---\ntitle: B\n---\nbody\n")
    made: dict[str, BaseException] = {}
    with Library.open(root, cache_dir=tmp_path / "cache") as library:
        library.refresh()
        for kind, name in (
            ("not-a-name", "x/y.md"),
            ("hides", ".hidden.md"),
            ("name-long", "n" * 300 + ".md"),
            ("name-taken", "b.md"),
            ("name-not-utf8", "bad\udcff.md"),
            ("name-unseen", "notes\u202etxt.md"),
            ("name-windows", "CON.md"),
        ):
            with pytest.raises(ArticleError) as refused:
                library.rename("a.md", name)
            made[kind] = refused.value
        with pytest.raises(ArticleError) as refused:
            library.move("a.md", ".git/objects")
        made["unlisted-folder"] = refused.value
        (root / "sub").mkdir()
        (root / "sub" / "c.md").write_text("---\ntitle: C\n---\nbody\n")
        library.refresh()
        moved = library.load("sub/c.md")
        shutil.rmtree(root / "sub")  # the file and its folder moved away while edited
        with pytest.raises(ArticleError) as refused:
            library.write_again(moved, moved.raw)
        made["folder-gone"] = refused.value
        (root / "wide.md").write_bytes("---\ntitle: W\n---\nbody\n".encode("utf-16"))
        library.refresh()
        wide = library.load("wide.md")
        with pytest.raises(ArticleError) as refused:
            library.write(wide, b"---\ntitle: W2\n---\nbody\n")
        made["decoded"] = refused.value
    state = ReadingState.open(root, device="d" * 8, data_dir=tmp_path / "data")
    made.update(_busy(root, state))
    shutil.rmtree(root)
    with pytest.raises(OSError) as gone:
        state.mark(["a.md"], "read", True)
    made["library-gone"] = gone.value
    return made


def _busy(root, state) -> dict[str, Exception]:
    """The refusals of a write whose lock another process holds too long:
    an article's, a state file's."""
    import fcntl
    import subprocess
    import sys

    from reader.core.article import storage
    from reader.core.article.codec import load_article
    from reader.core.article.model import ArticleError

    made: dict[str, Exception] = {}
    state.mark(["a.md"], "read", True)
    (log,) = (root / ".article-reader" / "state").glob("*.jsonl")
    path = root / "a.md"
    holder = (
        "import sys, time\n"
        "from reader.core.article.storage import locked\n"
        "with locked(sys.argv[1], timeout=None):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    held = subprocess.Popen(
        [sys.executable, "-c", holder, str(path)], stdout=subprocess.PIPE, text=True
    )
    before, storage.LOCK_TIMEOUT = storage.LOCK_TIMEOUT, 0.2
    try:
        assert held.stdout is not None and held.stdout.readline() == "held\n"
        with pytest.raises(ArticleError) as refused:
            storage.save_article(load_article(path), path.read_bytes() + b"x\n")
        made["file-busy"] = refused.value
        with open(log, "rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            with pytest.raises(ArticleError) as refused:
                state.mark(["a.md"], "starred", True)
        made["state-busy"] = refused.value
    finally:
        storage.LOCK_TIMEOUT = before
        held.kill()
        held.communicate()  # (its pipe closed)
    return made


def test_each_refusal_the_window_says_is_known_and_reads_in_chinese(tmp_path, zh_catalogue):
    from reader.ui.problem_text import _REFUSALS, failure_text

    made = _refusals(tmp_path)
    assert sorted(made) == sorted(kind for kind, _ in _REFUSALS)
    for kind, exc in made.items():
        shown = failure_text(exc)
        assert re.search(r"[\u4e00-\u9fff]", shown), (kind, shown)
        assert not re.search(r"\b(is|would|exists|gone)\b", shown), (kind, shown)


def test_each_undoable_edits_name_reads_in_chinese(tmp_path, zh_catalogue):
    # "撤销“rename tag a → b”（2 个文件）？": the journal's English name
    from reader.ui.problem_text import _OPERATIONS, operation_text

    made = {
        "rename-tag": "rename tag a → b",
        "rename-category": "rename category 新闻/本地 → 新闻",
        "publish-move": "publish source/_drafts/d.md → source/_posts/d.md",
        "publish": "publish content/posts/p.md",
        "unpublish-move": "unpublish _posts/2024-01-02-x.md → _drafts/x.md",
        "unpublish": "unpublish content/posts/p.md",
        "fix-add": "fix: add series=s1",
        "fix-categories": "fix: categories-list",
        "fix-dates": "fix: respell-dates",
        "trash": "move notes/a.md to the trash",
        "rename-file": "rename file notes/a.md → notes/b.md",
        "move-file": "move file notes/a.md → archive/a.md",
        "restore": "restore notes/a.md to 1a2b3c4",
        "resolve": "resolve conflict in notes/a.md",
        "import-over": "import page.html over notes/a.md",
    }
    assert sorted(made) == sorted(kind for kind, _ in _OPERATIONS)
    for kind, description in made.items():
        shown = operation_text(description)
        assert re.search(r"[\u4e00-\u9fff]", shown), (kind, shown)
    assert operation_text("rename tag a → b") == "重命名标签 a → b"
    assert operation_text("rename file a.md → b.md") == "重命名文件 a.md → b.md"
    assert operation_text("something else") == "something else"


def test_each_reason_a_page_is_not_imported_reads_in_chinese(tmp_path, zh_catalogue):
    # (adversarial review) "已导入 2 个网页。2 个网页无法导入：…empty.html: not
    # a saved page (no HTML in it)": the core's English reasons
    import os

    from reader.core.article.model import ArticleError
    from reader.core.convert import webpage
    from reader.ui.problem_text import _IMPORT_REFUSALS, failure_text

    pages = {
        "page-no-html": ("empty.html", b"just words"),
        "page-no-text": ("blank.html", b"<html><body><p> </p></body></html>"),
        "page-single-file": ("page.mhtml", b"MIME-Version: 1.0\nContent-Type: multipart/related\n"),
    }
    made: dict[str, ArticleError] = {}
    for kind, (name, data) in pages.items():
        page = tmp_path / name
        page.write_bytes(data)
        with pytest.raises(ArticleError) as refused:
            webpage.read_web_page(page)
        made[kind] = refused.value
    fifo = tmp_path / "fifo.html"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError) as refused:
        webpage.read_web_page(fifo)
    made["page-not-file"] = refused.value
    unreadable = tmp_path / "folder.html"
    unreadable.mkdir()
    with pytest.raises(ArticleError) as refused:
        webpage.read_web_page(unreadable)
    made.setdefault("page-not-file", refused.value)
    big = tmp_path / "big.html"
    with open(big, "wb") as handle:
        handle.truncate(webpage.MAX_PAGE_BYTES + 1)
    with pytest.raises(ArticleError) as refused:
        webpage.read_web_page(big)
    made["page-large"] = refused.value
    from reader.core.library.facade import Library

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "page.html").write_bytes(b"<html><body><p>Words.</p></body></html>")
    with Library.open(lib, tmp_path / "cache") as library, pytest.raises(ArticleError) as refused:
        webpage.import_page(library, lib / "page.html")
    made["page-inside"] = refused.value
    png = (  # (a 1×1 PNG)
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    page = tmp_path / "pictured.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://example.org/p"></head><body>'
        f'<p>Words enough to be the page.</p><img src="data:image/png;base64,{png}"></body></html>',
        encoding="utf-8",
    )
    with Library.open(lib, tmp_path / "cache") as library:
        first = webpage.import_page(library, page)
        folder = lib / first.path.rpartition(".")[0]
        for image in folder.iterdir():
            image.unlink()
        (folder / "inner.md").write_text("---\ntitle: Inner\n---\nx\n", encoding="utf-8")
        library.refresh()
        with pytest.raises(ArticleError) as refused:
            webpage.import_page(library, page, "replace")
    made["replace-among-articles"] = refused.value
    made["cannot-read"] = ArticleError("cannot read: Permission denied", tmp_path / "x.html")
    assert sorted(made) == sorted(kind for kind, _ in _IMPORT_REFUSALS)
    for kind, exc in made.items():
        shown = failure_text(exc)
        assert re.search(r"[\u4e00-\u9fff]", shown), (kind, shown)
        assert "saved page" not in shown and "import" not in shown, (kind, shown)
