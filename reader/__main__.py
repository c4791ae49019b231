"""``python -m reader`` and the ``article-reader`` console script."""

from __future__ import annotations

import sys


def main() -> int:
    from reader.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
