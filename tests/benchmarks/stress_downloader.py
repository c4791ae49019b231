"""How long the offline downloader really takes to give up on a server that
trickles, against the deadline and the cancel it was given.

    python tests/benchmarks/stress_downloader.py [--deadline 2] [--cancel-after 1.4]

Starts a loopback server (``tests/fixtures/trickle_server.py``) that sends
one byte a second, then downloads from it three ways: with a short overall
deadline while the body trickles, with the same deadline while the headers
trickle, and with a long deadline that is cancelled once the body has begun.
Prints each figure in seconds; :func:`measure_downloader_deadline` returns
them for other stress scripts.  Not a test: it asserts nothing (the target is
the deadline, or the moment of the cancel, plus about a second at most).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.core.render.offline import download_images
from tests.fixtures.trickle_server import TrickleServer

_NO_PROXY = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


def _timed(urls: list[str], **kwargs) -> tuple[float, object]:
    started = time.monotonic()
    report = download_images(urls, **kwargs)
    return time.monotonic() - started, report


def measure_downloader_deadline(deadline: float = 2.0, cancel_after: float = 1.4) -> dict:
    """Seconds each download took against a server sending one byte a second.

    ``body_deadline`` and ``headers_deadline`` are downloads limited to
    ``deadline`` seconds; ``cancel`` is how long a download with a 600 s
    deadline ran after its cancel was set, ``cancel_after`` seconds into
    the trickling body.  Only the loopback address is used.
    """
    saved = {name: os.environ.pop(name) for name in _NO_PROXY if name in os.environ}
    saved_no_proxy = os.environ.get("no_proxy")
    os.environ["no_proxy"] = "*"
    try:
        figures: dict = {"deadline": deadline, "cancel_after": cancel_after, "trickle": 1.0}
        with tempfile.TemporaryDirectory() as cache:
            for name, path in (
                ("body_deadline", "/body.png"),
                ("headers_deadline", "/headers.png"),
            ):
                with TrickleServer(interval=1.0) as server:
                    seconds, report = _timed([server.url(path)], cache_dir=cache, timeout=deadline)
                    figures[name] = round(seconds, 3)
                    figures[name + "_outcome"] = next(iter(report.failed.values()), "downloaded")
            with TrickleServer(interval=1.0) as server:
                cancel = threading.Event()
                outcome: dict = {}

                def work(url: str = server.url("/body.png")) -> None:
                    outcome["result"] = _timed(
                        [url], cache_dir=cache, timeout=600, cancel=cancel.is_set
                    )

                thread = threading.Thread(target=work, daemon=True)
                thread.start()
                server.started.wait(timeout=30)
                time.sleep(cancel_after)
                cancelled_at = time.monotonic()
                cancel.set()
                thread.join(timeout=120)
                figures["cancel"] = round(time.monotonic() - cancelled_at, 3)
                figures["cancel_outcome"] = (
                    "cancelled"
                    if "result" in outcome and outcome["result"][1].cancelled
                    else "still running"
                    if thread.is_alive()
                    else "not cancelled"
                )
        return figures
    finally:
        os.environ.update(saved)
        if saved_no_proxy is None:
            os.environ.pop("no_proxy", None)
        else:
            os.environ["no_proxy"] = saved_no_proxy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deadline", type=float, default=2.0, help="seconds (default 2)")
    parser.add_argument(
        "--cancel-after",
        type=float,
        default=1.4,
        help="seconds into the body before cancelling (default 1.4)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = measure_downloader_deadline(args.deadline, args.cancel_after)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"server: 127.0.0.1, one byte every {figures['trickle']:.0f} s")
    print(
        f"deadline {args.deadline:g} s, body trickling:    {figures['body_deadline']:.2f} s"
        f" ({figures['body_deadline_outcome']})"
    )
    print(
        f"deadline {args.deadline:g} s, headers trickling: {figures['headers_deadline']:.2f} s"
        f" ({figures['headers_deadline_outcome']})"
    )
    print(
        f"cancel {args.cancel_after:g} s into the body:      {figures['cancel']:.2f} s"
        f" after the cancel ({figures['cancel_outcome']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
