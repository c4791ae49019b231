"""The permission-test helper really drops privileges (else those tests prove nothing)."""

from __future__ import annotations

import sys


def test_mode_bits_apply_to_the_unprivileged_runner(unprivileged):
    target = unprivileged.folder / "locked.txt"
    target.write_text("kept\n")
    target.chmod(0o444)
    unprivileged.give(target)
    result = unprivileged.run([sys.executable, "-c", f"open({str(target)!r}, 'w').write('lost')"])
    assert result.returncode != 0
    assert "Permission denied" in result.stderr
    assert target.read_text() == "kept\n"
