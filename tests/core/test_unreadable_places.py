"""What the scans cannot read is named (its path in the library and why)
and kept by the library until a scan reads it: ``Library.unreadable()``.

Mode bits stop nothing for root: these tests run the library as an
unprivileged user (the ``unprivileged`` fixture)."""

from __future__ import annotations

import json
import os
import sys

from .libhelpers import article, write

SCRIPT = r"""
import json, os, sys
from reader.core.library.facade import Library
from reader.core.library.query import Query

root, cache = sys.argv[1], sys.argv[2]
out = {}
with Library.open(root, cache) as lib:
    stats = lib.refresh()
    out["refresh"] = sorted([p.path, p.message] for p in stats.unreadable)
    out["kept"] = [[p.path, p.message] for p in lib.unreadable()]
    out["listed"] = sorted(s.path for s in lib.query(Query()))
    lib.update_paths([os.path.join(root, "notes")])  # a scan elsewhere keeps them
    out["after other update"] = [p.path for p in lib.unreadable()]
    lib.update_paths([root])  # a scan of the whole library finds them again, once each
    out["after root update"] = [p.path for p in lib.unreadable()]
    os.chmod(os.path.join(root, "2021", "locked"), 0o755)
    lib.update_paths([os.path.join(root, "2021", "locked")])
    out["folder fixed"] = [p.path for p in lib.unreadable()]
    os.chmod(os.path.join(root, "secret.md"), 0o644)
    lib.update_paths([os.path.join(root, "secret.md")])
    out["file fixed"] = [p.path for p in lib.unreadable()]
    out["listed at last"] = sorted(s.path for s in lib.query(Query()))
    os.chmod(os.path.join(root, "notes"), 0)
    lib.refresh()
    out["refresh again"] = [p.path for p in lib.unreadable()]
print(json.dumps(out))
"""


def test_unreadable_files_and_folders_are_named_and_kept_until_read(unprivileged):
    root = unprivileged.folder / "library"
    write(root, "a.md", article("A"))
    write(root, "secret.md", article("Secret"))
    write(root, "2021/locked/b.md", article("B"))
    write(root, "notes/c.md", article("C"))
    unprivileged.give(root)
    os.chmod(root / "secret.md", 0)
    os.chmod(root / "2021" / "locked", 0)
    cache = unprivileged.folder / "cache"
    result = unprivileged.run([sys.executable, "-c", SCRIPT, str(root), str(cache)])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    # each named by its path in the library (never ""), with why
    assert [path for path, _ in out["refresh"]] == ["2021/locked", "secret.md"]
    reasons = dict(out["refresh"])
    assert reasons["2021/locked"].startswith("cannot read the folder: ")
    assert reasons["secret.md"].startswith("cannot read")
    assert out["kept"] == out["refresh"]
    assert out["listed"] == ["a.md", "notes/c.md"]  # the unreadable ones are not listed
    assert out["after other update"] == ["2021/locked", "secret.md"]
    assert out["after root update"] == ["2021/locked", "secret.md"]
    assert out["folder fixed"] == ["secret.md"]
    assert out["file fixed"] == []
    assert out["listed at last"] == ["2021/locked/b.md", "a.md", "notes/c.md", "secret.md"]
    assert out["refresh again"] == ["notes"]
