"""The built-in demo site: a small council service with known barriers,
served on 127.0.0.1 so ``make audit`` has something real to audit."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Iterator

PAGES = (
    "index.html",
    "question.html",
    "check-answers.html",
    "confirmation.html",
    "guidance.html",
    "accessibility.html",
)


def site_root() -> Path:
    return Path(str(resources.files("auditor.demo").joinpath("site")))


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to the terminal."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve_directory(root: Path, handler: type[SimpleHTTPRequestHandler] = QuietHandler, port: int = 0) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a background thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_demo(port: int = 0) -> Iterator[list[str]]:
    """Serve the demo site; yields the URLs of its pages."""
    with serve_directory(site_root(), port=port) as base:
        yield [base + page for page in PAGES]
