"""PyInstaller entry point: the same ``main`` as the ``article-reader`` console script.

One difference from ``python -m reader`` has to be made up for here: the
``python`` program coerces the legacy C locale to a UTF-8 one at start-up
(PEP 538), but an embedded interpreter, as in a PyInstaller bundle, does not.
Qt then prints a warning about the "C" locale and switches to C.UTF-8 itself.
Doing the same switch first, as ``python`` would, keeps the frozen app silent
and identical to the pip-installed one.
"""

import os
import sys


def _coerce_c_locale() -> None:
    if sys.platform in ("win32", "darwin") or "LC_ALL" in os.environ:
        return
    import locale

    try:
        current = locale.setlocale(locale.LC_CTYPE, "")
    except locale.Error:
        current = "C"
    if current not in ("C", "POSIX"):
        return
    for candidate in ("C.UTF-8", "C.utf8", "UTF-8"):
        try:
            locale.setlocale(locale.LC_CTYPE, candidate)
        except locale.Error:
            continue
        os.environ["LC_CTYPE"] = candidate
        return


if __name__ == "__main__":
    # reader.core.library.refresh parses large libraries in a process pool: the frozen
    # program must act as the pool's worker when started as one (spawn, forkserver).
    import multiprocessing

    multiprocessing.freeze_support()
    _coerce_c_locale()
    from reader.__main__ import main

    sys.exit(main())
