"""A bulk edit killed half way is said by the next command, once, with the
command that takes it back; undo puts every file back."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from reader.cli import main
from tests.core.libhelpers import article, write

KILLED_FIX = textwrap.dedent(
    """
    import os, sys
    import reader.core.edit.bulk as bulk

    written = []
    real = bulk.save_article

    def save_then_die(article, raw):
        saved = real(article, raw)
        written.append(saved)
        if len(written) == 2:
            os._exit(9)  # (killed half way: the third article not written)
        return saved

    bulk.save_article = save_then_die
    from reader.cli import main
    sys.exit(main(["fix", sys.argv[1], "--add", "x=1"]))
    """
)


def test_a_fix_killed_half_way_is_said_by_the_next_command_and_undone(root, cache_dir, capsys):
    for name in ("a", "b", "c"):
        write(root, f"{name}.md", article(name.upper()))
    before = {p.name: p.read_bytes() for p in root.glob("*.md")}
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_FIX, str(root)], capture_output=True, timeout=120
    )
    assert killed.returncode == 9
    changed = [p.name for p in root.glob("*.md") if p.read_bytes() != before[p.name]]
    assert len(changed) == 2  # (half of it done)
    assert main(["list", str(root)]) == 0
    said = capsys.readouterr().err
    assert (
        "warning: the last edit (fix: add x=1) was cut short before it ended; what it "
        f"changed stays as it is (article-reader undo {root} takes it back)"
    ) in said
    assert main(["list", str(root)]) == 0
    assert "cut short" not in capsys.readouterr().err  # (once)
    assert main(["undo", str(root)]) == 0
    assert {p.name: p.read_bytes() for p in root.glob("*.md")} == before
