"""``python -m reader`` and the ``article-reader`` console script."""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from reader.cli import main as cli_main
    except KeyboardInterrupt:  # (Ctrl+C while the commands' modules are imported)
        sys.stderr.write("interrupted\n")
        return 130
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
