"""A mistake of Article Reader's own is one line and exit 70, not a traceback."""

from __future__ import annotations

import pytest

from reader.cli import main
from reader.core.article import codec


def _mistake(*args, **kwargs):
    raise IndexError("string index out of range")


def test_a_mistake_of_ours_is_one_line_and_exit_70(tmp_path, capsys, monkeypatch):
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    monkeypatch.delenv("ARTICLE_READER_DEBUG", raising=False)
    monkeypatch.setattr(codec, "parse_article", _mistake)
    assert main(["show", str(article)]) == 70
    _, err = capsys.readouterr()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith("error: internal error: IndexError: string index out of range")
    assert "ARTICLE_READER_DEBUG=1" in err


def test_the_debug_setting_shows_where(tmp_path, monkeypatch):
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    monkeypatch.setenv("ARTICLE_READER_DEBUG", "1")
    monkeypatch.setattr(codec, "parse_article", _mistake)
    with pytest.raises(IndexError):
        main(["show", str(article)])


@pytest.mark.parametrize(
    ("raised", "said"),
    [
        (
            PermissionError(13, "Permission denied", "/some/file"),
            "error: /some/file: Permission denied",
        ),
        (MemoryError(), "error: out of memory; nothing more was done"),
    ],
)
def test_what_the_machine_refuses_is_no_mistake_of_ours(
    tmp_path, capsys, monkeypatch, raised, said
):
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    monkeypatch.setenv("ARTICLE_READER_DEBUG", "0")  # (off, as unset)

    def refused(*args, **kwargs):
        raise raised

    monkeypatch.setattr(codec, "parse_article", refused)
    assert main(["show", str(article)]) == 3
    assert capsys.readouterr().err.strip() == said
