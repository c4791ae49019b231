"""``python -m reader`` and the ``article-reader`` console script."""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from reader.cli import main as cli_main
    except KeyboardInterrupt:  # (Ctrl+C while the commands' modules are imported)
        sys.stderr.write("interrupted\n")
        return 130
    try:
        return cli_main()
    except KeyboardInterrupt:  # (a second Ctrl+C, after the command's own handling of one)
        return 130


if __name__ == "__main__":
    sys.exit(main())
