"""``python -m reader`` and the ``article-reader`` console script."""

from __future__ import annotations

import contextlib
import os
import signal
import sys


def main() -> int:
    code = 130
    try:
        code = _command()
    except KeyboardInterrupt:  # (a second Ctrl+C, after the command's own handling of one)
        pass
    finally:
        try:
            _end_at_once_on_interrupt()
        except KeyboardInterrupt:  # (in the instant before the line above took Ctrl+C)
            _exit_interrupted()
    return code


def _command() -> int:
    try:
        from reader.cli import main as cli_main
    except KeyboardInterrupt:  # (Ctrl+C while the commands' modules are imported)
        sys.stderr.write("interrupted\n")
        return 130
    return cli_main()


def _end_at_once_on_interrupt() -> None:
    """The command has ended: a Ctrl+C while Python shuts down (the index's
    pool joined by ``threading``'s exit) ends the process at once, exit 130,
    not with "Exception ignored in: <module 'threading'> … KeyboardInterrupt"
    (a terminal's second Ctrl+C, or ``timeout -s INT`` sending two)."""
    with contextlib.suppress(ValueError):  # (not the main thread: nothing to do)
        signal.signal(signal.SIGINT, _exit_interrupted)
    _flush()  # (what os._exit would drop)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # (a closed pipe: said nothing more)
            stream.flush()


def _exit_interrupted(_signum: int = signal.SIGINT, _frame: object = None) -> None:
    _flush()
    os._exit(130)


if __name__ == "__main__":
    sys.exit(main())
