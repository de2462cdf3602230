"""The built-in demo site: a small council service with known barriers,
served on 127.0.0.1 so ``make audit`` has something real to audit."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import urlsplit

from ..model import DEMO_PATH

PAGES = (
    "index.html",
    "question.html",
    "check-answers.html",
    "confirmation.html",
    "guidance.html",
    "accessibility.html",
)


DEMO_PORT = 8000
"""The demo's usual port, so that a second demo audit has the addresses of the
first. When another program holds it, the demo takes a free port instead;
its findings still match an earlier audit's, because the demo's pages are
known by their path (:func:`auditor.model.page_key`)."""


def site_root() -> Path:
    return Path(str(resources.files("auditor.demo").joinpath("site")))


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to the terminal."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class DemoHandler(QuietHandler):
    """The demo site under :data:`~auditor.model.DEMO_PATH`; the server's root
    sends a person who opens it to the demo's first page, and nothing else exists."""

    def send_head(self):  # noqa: ANN201 - http.server's signature
        path = urlsplit(self.path).path
        if path in ("", "/", DEMO_PATH.rstrip("/")):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", DEMO_PATH + PAGES[0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(DEMO_PATH):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(DEMO_PATH):] if path.startswith(DEMO_PATH) else path)


def _bind(root: Path, handler: type[SimpleHTTPRequestHandler], ports: Sequence[int]) -> ThreadingHTTPServer:
    """A server on the first of ``ports`` that is free (0: any free port)."""
    problem: OSError | None = None
    for port in ports:
        try:
            return ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(root)))
        except OSError as exc:
            problem = exc
    assert problem is not None
    raise problem


@contextmanager
def serve_directory(root: Path, handler: type[SimpleHTTPRequestHandler] = QuietHandler, port: int | Sequence[int] = 0) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a background thread; yields the base URL.
    ``port`` may be several, tried in turn until one is free."""
    server = _bind(root, handler, (port,) if isinstance(port, int) else port)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_demo(port: int | None = None) -> Iterator[list[str]]:
    """Serve the demo site; yields the URLs of its pages. Without ``port``, on
    :data:`DEMO_PORT`, or a free port when that one is busy; a ``port`` given
    is the only one tried (an OSError when it is busy)."""
    with serve_directory(site_root(), DemoHandler, (DEMO_PORT, 0) if port is None else port) as base:
        yield [base + DEMO_PATH.lstrip("/") + page for page in PAGES]
