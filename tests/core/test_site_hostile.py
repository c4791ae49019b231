"""The site features against hostile input and a hostile machine: broken and
huge configurations, alias bombs, a crash in the middle of a publish,
read-only folders, a file changed by someone else."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

import pytest

from reader.core.article.model import ArticleError
from reader.core.article.split import split
from reader.core.library.facade import Library
from reader.core.site import publish as publish_module
from reader.core.site.detect import CONFIG_LIMIT, load_site
from tests.fixtures.sites import copy_site, snapshot

WHEN = datetime(2026, 1, 2, 3, 4, 5)


@pytest.fixture
def hexo(tmp_path):
    return copy_site("hexo", tmp_path)


def test_alias_bomb_and_odd_values_in_the_configuration(hexo):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        bomb.append(
            f"{chr(97 + level)}: &{chr(97 + level)} ["
            + ", ".join([f"*{chr(96 + level)}"] * 9)
            + "]"
        )
    bomb += ["category_map:", "  big: *i", "  ok: fine", "tag_map: [not, a, mapping]"]
    bomb += ["new_post_name: 42", "source_dir: ../../etc"]
    (hexo / "_config.yml").write_text("\n".join(bomb) + "\n")
    site = load_site(hexo)
    # the aliases expand to 9**9 values: the whole configuration is refused
    assert dict(site.category_map) == {}
    assert dict(site.tag_map) == {}
    assert site.new_post_name == ":title.md"
    assert site.problems == (
        f"{hexo / '_config.yml'}: the configuration expands to more than 1,000,000 values",
    )


def test_a_huge_configuration_is_reported_not_read(hexo):
    with open(hexo / "_config.yml", "wb") as handle:
        handle.truncate(CONFIG_LIMIT + 1)
    site = load_site(hexo)
    assert site.problems and "too large" in site.problems[0]


def test_a_crash_between_the_move_and_the_write_is_undone(hexo, tmp_path, monkeypatch):
    before = snapshot(hexo)
    library = Library.open(hexo, tmp_path / "cache")
    library.refresh()

    def crash(*_args, **_kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(publish_module, "save_article", crash)
    with pytest.raises(RuntimeError):
        library.publish("source/_drafts/my-draft.md", now=WHEN)
    assert (hexo / "source/_posts/2026-01-02-my-draft.md").read_bytes() == before[
        "source/_drafts/my-draft.md"
    ]
    monkeypatch.undo()
    result = library.undo_last()
    assert not result.failed
    assert snapshot(hexo) == before


def test_kill_9_during_publish_then_undo(hexo, tmp_path):
    """A publishing process killed at any moment leaves either the draft, or
    the published post that undo turns back into the draft."""
    before = snapshot(hexo)
    script = (
        "import os, signal, sys\n"
        "from reader.core.library.facade import Library\n"
        "from reader.core.site import publish\n"
        "real = publish.move_article\n"
        "def moved(*a, **k):\n"
        "    real(*a, **k)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "publish.move_article = moved\n"
        "lib = Library.open(sys.argv[1], sys.argv[2]); lib.refresh()\n"
        "lib.publish('source/_drafts/my-draft.md')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    done = subprocess.run(
        [sys.executable, "-c", script, str(hexo), str(tmp_path / "cache")],
        env=env,
        timeout=120,
        capture_output=True,
    )
    assert done.returncode == -9
    assert not (hexo / "source/_drafts/my-draft.md").exists()
    with Library.open(hexo, tmp_path / "cache") as library:
        library.refresh()
        result = library.undo_last()
        assert result.description is not None and not result.failed
    assert snapshot(hexo) == before


def test_a_file_changed_by_someone_else_is_not_published(hexo, tmp_path, monkeypatch):
    library = Library.open(hexo, tmp_path / "cache")
    library.refresh()
    draft = hexo / "source/_drafts/my-draft.md"
    real_plan = publish_module.plan_publish

    def plan_then_edit(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        draft.write_bytes(draft.read_bytes() + b"their edit\n")
        return plan

    monkeypatch.setattr(publish_module, "plan_publish", plan_then_edit)
    with pytest.raises(ArticleError, match="changed"):
        library.publish("source/_drafts/my-draft.md", now=WHEN)
    assert draft.read_bytes().endswith(b"their edit\n")
    assert not (hexo / "source/_posts/2026-01-02-my-draft.md").exists()
    assert library.last_operation() is None


def test_publish_into_a_read_only_posts_folder_fails_cleanly(unprivileged, tmp_path):
    root = copy_site("hexo", unprivileged.folder)
    unprivileged.give(root)
    os.chmod(root / "source/_posts", 0o555)
    before = snapshot(root)
    result = unprivileged.cli("publish", str(root), "source/_drafts/my-draft.md")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "source/_posts" in result.stderr
    assert snapshot(root) == before


def test_hostile_openerless_candidates_stay_bounded():
    many = b"key: value\n" * 20000 + b"---\nbody\n"  # beyond the limit: a plain file
    assert split(many).format is None
    almost = b"a: 1\n" * 100 + b"not a key line\n---\n"
    assert split(almost).format is None
    nested = b"a: " + b"[" * 5000 + b"\n---\n"
    assert split(nested).format is None


def test_settings_of_the_wrong_type_are_reported_and_ignored(hexo):
    config = hexo / "_config.yml"
    config.write_text(
        "source_dir: [a, b]\ncategory_map: [1, 2]\ntag_map: words\n"
        "new_post_name: 42\npost_asset_folder: 'yes'\n"
    )
    site = load_site(hexo)
    assert site.content_dir == "source"
    assert site.new_post_name == ":title.md"
    assert site.post_asset_folder is False
    reported = {problem.split(": ", 1)[1].split(" should be")[0] for problem in site.problems}
    assert reported == {
        "source_dir",
        "category_map",
        "tag_map",
        "new_post_name",
        "post_asset_folder",
    }
    assert all(problem.startswith(f"{config} line ") for problem in site.problems)


def test_a_data_folder_outside_the_site_is_reported(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("data_dir: ../../etc\n")
    site = load_site(tmp_path)
    assert site.data_dirs == ("_data",)
    assert any("data_dir '../../etc' leads out of the site" in p for p in site.problems)
