"""File › Print with "Print to File" naming a FIFO (a pipe into another
program): Qt writes the PDF into the pipe; the text-layer repair that
follows (see :func:`reader.ui.pdf_export.map_text_layer`) must not then
open the FIFO to read it back, which waits for ever for a writer: the
window hung."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import threading

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")

_PRINT = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from PySide6.QtPrintSupport import QPrinter
from reader.ui.printing import article_document, print_document
printer = QPrinter(QPrinter.PrinterMode.HighResolution)
printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
printer.setOutputFileName(sys.argv[1])
print(print_document(article_document("<p>中文 text</p>"), printer))
"""


def test_printing_to_a_fifo_never_waits_on_it(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PRINT, str(fifo)],
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("printing to a FIFO waited on it after Qt wrote the PDF")
    finally:
        if reader.is_alive():  # (a writer for the read that waits, if Qt never wrote)
            with (
                contextlib.suppress(OSError),
                open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"),
            ):
                pass
        reader.join(5)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 1
    assert received and received[0].startswith(b"%PDF")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the FIFO, never replaced
