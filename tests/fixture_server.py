"""A real HTTP server on 127.0.0.1 for the integration tests.

Serves ``tests/fixtures/site/`` and a set of pages that misbehave on purpose:
a page that never answers, a redirect loop, HTTP errors, non-HTML documents,
a download, dialogs, pop-ups, a busy loop, a flaky connection and slow pages;
``/other-host/PATH`` redirects to PATH on this server under the host name
``localhost`` (another host to pages on 127.0.0.1). Every request is counted, so tests can say which URLs were (not) fetched.
"""

from __future__ import annotations

import collections
import ssl
import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITE = Path(__file__).parent / "fixtures" / "site"
TLS = Path(__file__).parent / "fixtures" / "tls"
"""A self-signed certificate (and its key) for www.riverton.test, *.riverton.test
and 127.0.0.1, made for these tests alone with ``openssl req -x509``; browsers
auditing the HTTPS fixture server are told to accept it
(``--ignore-certificate-errors``)."""

SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
PAGE_HEADERS: dict[str, dict[str, str]] = {
    # trust family over HTTPS: no HSTS and a session cookie without Secure ...
    "/trust/https.html": {**SECURITY_HEADERS, "Set-Cookie": "sessionid=8f2c1a; Path=/; HttpOnly; SameSite=Lax"},
    # ... and its clean twin: HSTS for a year, the cookie Secure.
    "/trust/https-clean.html": {**SECURITY_HEADERS, "Strict-Transport-Security": "max-age=31536000",
                                "Set-Cookie": "sessionid=8f2c1a; Path=/; Secure; HttpOnly; SameSite=Lax"},
}
"""Pages of the site served with these headers besides their own."""

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


# One page in two versions: the second fixes the image and breaks a button.
VARIANTS = {
    "before": b"""<!DOCTYPE html><html lang="en"><head><title>Variant</title></head><body><main><h1>Pay a parking fine</h1>
<img src="/logo.svg"><form action="/pay"><label for="ref">Reference</label><input id="ref" name="ref"><button>Pay</button></form></main></body></html>""",
    "after": b"""<!DOCTYPE html><html lang="en"><head><title>Variant</title></head><body><main><h1>Pay a parking fine</h1>
<img src="/logo.svg" alt="Northmoor Council"><form action="/pay"><label for="ref">Reference</label><input id="ref" name="ref"><button></button></form></main></body></html>""",
}


def slow_page(n: int) -> bytes:
    return f"""<!DOCTYPE html><html lang="en"><head><title>Slow page {n}</title></head>
<body><main><h1>Slow page {n}</h1><p>Content of page {n}.</p><img src="/logo.svg"></main></body></html>""".encode()


# --- bandwidth family ---------------------------------------------------------
# Files under /bandwidth/ (tests/fixtures/site/bandwidth/) are served as a
# well-run server would serve them: text gzip-compressed when the browser
# accepts gzip, and every response with Cache-Control. Variants show barriers:
#   /bandwidth/raw/<file>        the file uncompressed (Cache-Control kept)
#   /bandwidth/nocache/<file>    no Cache-Control, Expires, ETag or Last-Modified
#   /bandwidth/gen/image.png?w=W&h=H&bytes=N   a real W x H PNG of exactly N bytes
#   /bandwidth/gen/font.woff2?bytes=N          N bytes served as a WOFF2 font
#   /bandwidth/gen/app.js?bytes=N              N bytes of JavaScript (random
#                                              text: gzip saves only about a quarter)
#   ...&static=1                               sent as a plain static server sends
#                                              a file: uncompressed, headers first,
#                                              then the body in 64 KiB pieces
#   ...&pause=1                                the first 64 KiB, a pause of PAUSE_S,
#                                              then the rest
#   ...&stall=1                                the first 64 KiB, then nothing more
#                                              (the response never finishes)
# An HTML file may say {{OTHER_ORIGIN}}: this server under another host name
# (http://localhost:PORT), a third party to pages on 127.0.0.1.
# Responses are written by hand so the bytes sent are known exactly: the
# server's bandwidth_sent lists (path, header bytes, body bytes) per response.

import functools  # noqa: E402  (bandwidth family block)

BANDWIDTH = SITE / "bandwidth"
BANDWIDTH_TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml")
STALL_AFTER = 64 * 1024
PAUSE_S = 1.5
BASE64_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def png_bytes(width: int, height: int, size: int | None = None, rgb: tuple[int, int, int] = (29, 79, 145)) -> bytes:
    """A valid PNG of one colour; with ``size``, padded to exactly that many bytes
    with a private ancillary chunk (which decoders skip)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\0" + bytes(rgb) * width
    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    head += chunk(b"IDAT", zlib.compress(row * height, 9))
    end = chunk(b"IEND", b"")
    if size is not None:
        padding = size - len(head) - len(end) - 12
        if padding < 0:
            raise ValueError(f"a {width}x{height} PNG needs at least {len(head) + len(end) + 12} bytes")
        head += chunk(b"paDd", b"\0" * padding)
    return head + end


@functools.lru_cache(maxsize=256)
def _bandwidth_generated(name: str, query: tuple[tuple[str, str], ...]) -> tuple[bytes, str]:
    """A generated file, the same bytes every time (cached: a slow server would
    show up in the load-time estimates)."""
    import random

    options = dict(query)
    if name == "image.png":  # without bytes=, as small as the PNG compresses
        size = int(options["bytes"]) if "bytes" in options else None
        return png_bytes(int(options.get("w", "100")), int(options.get("h", "100")), size), "image/png"
    size = int(options.get("bytes", "1000"))
    rng = random.Random(f"{name}:{size}:{options.get('seed', '')}")
    if name == "font.woff2":
        return rng.randbytes(size), "font/woff2"
    if name == "app.js":
        prefix, suffix = b"window.bandwidthFiller = '", b"';\n"
        letters = rng.randbytes(size - len(prefix) - len(suffix)).translate(BASE64_LETTERS * 4)
        return prefix + letters + suffix, "text/javascript"
    raise FileNotFoundError(name)


@functools.lru_cache(maxsize=256)
def _bandwidth_gzip(body: bytes) -> bytes:
    import gzip

    return gzip.compress(body, compresslevel=9, mtime=0)


def serve_bandwidth(handler: "FixtureHandler", parts) -> None:
    relative = parts.path[len("/bandwidth/"):]
    mode, _, rest = relative.partition("/")
    if mode not in ("raw", "nocache", "gen"):
        mode, rest = "tuned", relative
    try:
        if mode == "gen":
            query = tuple(sorted((k, v[0]) for k, v in parse_qs(parts.query).items()))
            body, content_type = _bandwidth_generated(rest, query)
        else:
            file = (BANDWIDTH / rest).resolve()
            if BANDWIDTH.resolve() not in file.parents or not file.is_file():
                raise FileNotFoundError(rest)
            body = file.read_bytes()
            content_type = handler.guess_type(str(file))
            if content_type == "text/html":
                body = body.replace(b"{{OTHER_ORIGIN}}", f"http://localhost:{handler.server.server_address[1]}".encode())
    except (FileNotFoundError, ValueError):
        handler._send(404, b"<!DOCTYPE html><title>Not found</title><h1>Page not found</h1>")
        return
    static = "static=1" in parts.query  # as a plain static file server sends it: see below
    text = content_type.startswith(BANDWIDTH_TEXT)
    headers = {"Content-Type": content_type + ("; charset=utf-8" if content_type.startswith("text/") else "")}
    if text and mode != "raw" and not static and "gzip" in handler.headers.get("Accept-Encoding", ""):
        body = _bandwidth_gzip(body)
        headers["Content-Encoding"] = "gzip"
    if text:
        headers["Vary"] = "Accept-Encoding"
    if mode != "nocache":
        headers["Cache-Control"] = "public, max-age=86400"
    headers["Content-Length"] = str(len(body))
    head = f"{handler.protocol_version} 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    raw_head = head.encode("latin-1")
    if "stall=1" in parts.query:
        # Headers and the first 64 KiB, then nothing more until the server stops.
        handler.wfile.write(raw_head + body[:STALL_AFTER])
        with handler.server.lock:
            handler.server.bandwidth_sent.append((handler.path, len(raw_head), STALL_AFTER))
        handler.server.stopping.wait(120)
        return
    if "pause=1" in parts.query:
        # The first 64 KiB, a pause, then the rest: still loading when read.
        handler.wfile.write(raw_head + body[:STALL_AFTER])
        handler.server.stopping.wait(PAUSE_S)
        handler.wfile.write(body[STALL_AFTER:])
    elif static:
        # Headers first, then the body in 64 KiB pieces (shutil.copyfileobj's
        # size), uncompressed, as `python -m http.server` sends a file.
        handler.wfile.write(raw_head)
        for start in range(0, len(body), 64 * 1024):
            handler.wfile.write(body[start:start + 64 * 1024])
    else:
        handler.wfile.write(raw_head + body)
    with handler.server.lock:
        handler.server.bandwidth_sent.append((handler.path, len(raw_head), len(body)))
# --- end of the bandwidth family block ----------------------------------------


# --- documents family ---------------------------------------------------------
# /documents/welcome.wav: a spoken-welcome stand-in for tests/fixtures/site/
# documents/autoplay.html, a 4-second 440 Hz tone (8 kHz, 8-bit mono WAV), long
# enough for WCAG 1.4.2 (more than 3 seconds). The documents themselves are
# static files in that folder, so HEAD answers with their exact sizes.
WELCOME_WAV_SECONDS = 4


def welcome_wav() -> bytes:
    import io
    import math
    import wave

    rate = 8000
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes(int(128 + 60 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(WELCOME_WAV_SECONDS * rate)))
    return buffer.getvalue()
# --- end of the documents family block ----------------------------------------


COOKIE_SETTER = b"""<!DOCTYPE html><html lang="en"><title>Welcome</title>
<main><h1>Welcome</h1><p>This answer sets a cookie.</p></main></html>"""
COOKIE_AWARE = b"""<!DOCTYPE html><html lang="en"><title>Your bin day</title>
<main><h1>Your bin day</h1><p>Black bins are collected every other Tuesday.</p>
<h2>Garden waste</h2><p>Green bins are collected every other Friday from March to November.</p></main></html>"""
COOKIE_AWARE_SEEN = b"""<!DOCTYPE html><html lang="en"><title>Your bin day</title><main><p>Welcome back.</p></main></html>"""

class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True
    scheme = "http"
    """``https`` for the site served over TLS (``FixtureServer(tls=True)``)."""

    def __init__(self, tls: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), partial(FixtureHandler, directory=str(SITE)))
        if tls:  # the same site over HTTPS, with the test certificate
            self.scheme = "https"
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(TLS / "cert.pem", TLS / "key.pem")
            self.socket = context.wrap_socket(self.socket, server_side=True)
        self.hits: collections.Counter[str] = collections.Counter()
        self.stopping = threading.Event()
        self.flaky_seen: set[str] = set()
        self.slow_delay = 0.0
        self.lock = threading.Lock()
        self.variant = "before"  # which version /variant.html serves (baseline tests)
        self.bandwidth_sent: list[tuple[str, int, int]] = []  # bandwidth family: (path, header bytes, body bytes)

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def start(self) -> "FixtureServer":
        threading.Thread(target=self.serve_forever, name="fixture-server", daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()



def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
    """Answer a request with exactly ``body`` (its length declared) and ``headers``."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)

class FixtureHandler(SimpleHTTPRequestHandler):
    server: FixtureServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        send(self, status, body, content_type, headers)

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path = parts.path
        with self.server.lock:
            self.server.hits[self.path] += 1
        if path.startswith("/bandwidth/"):  # bandwidth family: see serve_bandwidth
            serve_bandwidth(self, parts)
            return
        if path == "/documents/welcome.wav":  # documents family: audio that plays by itself
            self._send(200, welcome_wav(), "audio/wav")
            return
        if path in PAGE_HEADERS:
            self._send(200, (SITE / path.lstrip("/")).read_bytes(), headers=PAGE_HEADERS[path])
            return
        if path == "/variant.html":  # baselines: a page that changes between two runs
            self._send(200, VARIANTS[self.server.variant])
            return
        if path in ("/never", "/never-image"):
            self.server.stopping.wait(120)  # accepts, never answers
            return
        if path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        elif path == "/redirect":
            self._send(301, b"", headers={"Location": "/clean.html"})
        elif path.startswith("/other-host/"):  # the same path on this server under another host name
            other = f"http://localhost:{self.server.server_address[1]}{path[len('/other-host'):]}"
            self._send(302, b"", headers={"Location": other})
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
        elif path == "/nojs/sets-cookie.html":  # reused JavaScript-off visits: a cookie left behind
            self._send(200, COOKIE_SETTER, headers={"Set-Cookie": "seen=1; Path=/"})
        elif path == "/nojs/cookie-aware.html":  # ... shows almost nothing to a browser that carries it
            self._send(200, COOKIE_AWARE_SEEN if "seen=1" in (self.headers.get("Cookie") or "") else COOKIE_AWARE)
        elif path == "/drop":  # the connection closes with no answer, every time
            self.close_connection = True
            self.connection.shutdown(2)
        elif path == "/slow":
            n = int(parse_qs(parts.query).get("n", ["0"])[0])
            time.sleep(self.server.slow_delay)
            self._send(200, slow_page(n))
        else:
            super().do_GET()
