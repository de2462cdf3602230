"""A real HTTP server on 127.0.0.1 for the integration tests.

Serves ``tests/fixtures/site/`` and a set of pages that misbehave on purpose:
a page that never answers, a redirect loop, HTTP errors, non-HTML documents,
a download, dialogs, pop-ups, a busy loop, a flaky connection and slow pages.
Every request is counted, so tests can say which URLs were (not) fetched.
"""

from __future__ import annotations

import collections
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITE = Path(__file__).parent / "fixtures" / "site"

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

DIALOG_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Dialogs</title></head>
<body><main><h1>Confirm your details</h1><p>This page asks questions in dialogs.</p></main>
<script>alert("Your session will expire"); confirm("Continue?"); prompt("Your name?");</script></body></html>"""

POPUP_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Pop-up</title></head>
<body><main><h1>Offers</h1><p>This page opens a window.</p></main>
<script>window.open("/clean.html", "_blank");</script></body></html>"""

# After load, the page spins forever: axe (and anything else) never returns.
BUSY_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Busy</title></head>
<body><main><h1>Busy</h1><p>A script never yields.</p></main>
<script>window.addEventListener("load", () => setTimeout(() => { for (;;) {} }, 0));</script></body></html>"""

# The load event never fires: an image whose response never ends.
STALLED_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Stalled</title></head>
<body><main><h1>Stalled</h1><img src="/never-image" alt="A picture that never arrives"></main></body></html>"""


def slow_page(n: int) -> bytes:
    return f"""<!DOCTYPE html><html lang="en"><head><title>Slow page {n}</title></head>
<body><main><h1>Slow page {n}</h1><p>Content of page {n}.</p><img src="/logo.svg"></main></body></html>""".encode()


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), partial(FixtureHandler, directory=str(SITE)))
        self.hits: collections.Counter[str] = collections.Counter()
        self.stopping = threading.Event()
        self.flaky_seen: set[str] = set()
        self.slow_delay = 0.0
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def start(self) -> "FixtureServer":
        threading.Thread(target=self.serve_forever, name="fixture-server", daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


class FixtureHandler(SimpleHTTPRequestHandler):
    server: FixtureServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path = parts.path
        with self.server.lock:
            self.server.hits[self.path] += 1
        if path in ("/never", "/never-image"):
            self.server.stopping.wait(120)  # accepts, never answers
            return
        if path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        elif path == "/redirect":
            self._send(301, b"", headers={"Location": "/clean.html"})
        elif path == "/missing":
            self._send(404, b"<!DOCTYPE html><title>Not found</title><h1>Page not found</h1>")
        elif path == "/error500":
            self._send(500, b"<!DOCTYPE html><title>Error</title><h1>Sorry, there is a problem with the service</h1>")
        elif path == "/busy503":
            self._send(503, b"<!DOCTYPE html><title>Busy</title><h1>Service unavailable</h1>", headers={"Retry-After": "1"})
        elif path == "/form.pdf":
            self._send(200, PDF_BYTES, "application/pdf")
        elif path == "/data.json":
            self._send(200, b'{"status": "ok"}', "application/json")
        elif path == "/picture.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        elif path == "/download":
            self._send(200, b"a,b\n1,2\n", "text/csv", headers={"Content-Disposition": 'attachment; filename="data.csv"'})
        elif path == "/dialogs.html":
            self._send(200, DIALOG_PAGE)
        elif path == "/popup.html":
            self._send(200, POPUP_PAGE)
        elif path == "/busy.html":
            self._send(200, BUSY_PAGE)
        elif path == "/stalled.html":
            self._send(200, STALLED_PAGE)
        elif path == "/flaky.html":
            with self.server.lock:
                first = self.path not in self.server.flaky_seen
                self.server.flaky_seen.add(self.path)
            if first:  # busy once, then fine
                self._send(503, b"<!DOCTYPE html><title>Busy</title><h1>Try again</h1>", headers={"Retry-After": "1"})
                return
            self.path = "/clean.html"
            super().do_GET()
        elif path == "/busy-once.html":  # spins the first time, fine after that
            with self.server.lock:
                first = self.path not in self.server.flaky_seen
                self.server.flaky_seen.add(self.path)
            self._send(200, BUSY_PAGE if first else slow_page(0))
        elif path == "/drop":  # the connection closes with no answer, every time
            self.close_connection = True
            self.connection.shutdown(2)
        elif path == "/slow":
            n = int(parse_qs(parts.query).get("n", ["0"])[0])
            time.sleep(self.server.slow_delay)
            self._send(200, slow_page(n))
        else:
            super().do_GET()
