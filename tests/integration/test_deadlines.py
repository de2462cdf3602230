"""Deadlines hold whatever a page or a server does: checks that could take
minutes on hostile text run in bounded time, off the event loop, so the page
deadline, a neighbour page and SIGTERM are never kept waiting; and every fetch
the tool makes itself (sitemaps, robots.txt, HEAD requests for documents) has
an overall deadline, not only one per read, so a server that sends a byte at a
time cannot hold a run. Pages are served on 127.0.0.1."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from auditor.cli import main
from auditor.model import SKIP_REASONS

from .helpers import page, run_cli
from .test_store_resume import _stored_urls

pytestmark = pytest.mark.integration

ENGINES = ["playwright", "selenium"]
MR_X_WORDS = 20_000
"""The reading check's share of hostile/mr-x.html: 60,000 characters of its 72,000, 'Mr.' and 'X' 10,000 times."""


def _wait_for(condition, proc: subprocess.Popen, what: str, limit_s: float = 120) -> None:
    """Poll ``condition`` until it holds; fail if the run ends first (or never gets there)."""
    give_up = time.monotonic() + limit_s
    while not condition():
        assert proc.poll() is None, f"the run ended before {what}"
        assert time.monotonic() < give_up, f"the run never got to {what}"
        time.sleep(0.05)


# --- item 2: CPU-heavy checks ------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_of_72_kb_of_abbreviations_beside_a_clean_page_both_rows_are_true(server, tmp_path, engine):
    """72 kB of "Mr. X " is one sentence no full stop ends: splitting it
    used to take minutes on the event loop, so the clean page audited beside
    it ran out of time. Both are audited; the reading figures say the text
    was analysed up to a limit, and that they are for that part only."""
    heavy, clean = server.url("hostile/mr-x.html"), server.url("clean.html")
    code, document = run_cli(tmp_path, [heavy, clean, "--engine", engine, "--timeout", "30", "--concurrency", "2", "--fail-on", "none"],
                             profile="default")
    assert code == 0
    row = page(document, heavy)
    assert row["error"] is None, row["error"]
    assert row["check_errors"] == []
    metrics = row["metrics"]
    assert (metrics["reading_truncated"], metrics["words"], metrics["sentences"]) == (True, MR_X_WORDS, 1)
    long = [f for f in row["findings"] if f["rule"] == "long-sentence"]
    assert [f["summary"] for f in long] == [f"A sentence of {MR_X_WORDS} words is hard to follow."]
    assert any(n.startswith("Reading: the main text is longer than 60,000 characters") for n in row["notes"]), row["notes"]

    neighbour = page(document, clean)
    assert neighbour["error"] is None, neighbour["error"]
    assert neighbour["metrics"]["reading_truncated"] is False
    assert not any(n.startswith("Reading:") for n in neighbour["notes"])


@pytest.mark.parametrize("engine", ENGINES)
def test_sigterm_during_the_checks_of_a_heavy_page_stops_the_run_at_once_keeping_what_finished(server, tmp_path, engine):
    """hostile/mr-x-script.html writes 300 kB of "Mr. X " into the page
    (many minutes of sentence splitting, were it done the slow way) and
    fetches an image once its layout is narrowed to 320 px, the last thing
    collected before the checks run. SIGTERM then stops the run: the page
    before it is stored (and the heavy page, if it was done by then), the
    report is written and the process ends. A third page keeps the run going
    however quickly the heavy page is done."""
    clean, heavy, third = server.url("clean.html"), server.url("hostile/mr-x-script.html"), server.url("label.html")
    narrowed = "/logo.svg?narrow"
    seen_before = server.hits[narrowed]
    db = tmp_path / "runs.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "run", clean, heavy, third, "--engine", engine, "--checks", "reading,reflow", "--timeout", "600",
         "--concurrency", "1", "--db", str(db), "--out", str(tmp_path / "out")],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        _wait_for(lambda: server.hits[narrowed] > seen_before and clean in _stored_urls(db), proc, "the heavy page's checks")
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=60)[1]  # a condition, not a measurement: it ends, long before its checks could
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, rest
    assert "interrupted after" in rest and "of 3 pages" in rest and "--resume" in rest
    assert "Traceback" not in rest
    assert clean in _stored_urls(db) and third not in _stored_urls(db)
    assert (tmp_path / "out" / "report.json").exists()


# --- item 3: fetches the tool makes itself --------------------------------------------

DRIP_EVERY_S = 0.5
PADDING = b"# " + b"x" * 2_000 + b"\n"
"""Sent a byte every half second, 2,000 bytes take over a quarter of an hour."""

HOME = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Riverton Borough Council</title></head>
<body><main><h1>Riverton Borough Council</h1><p>Find out about <a href="/a">bins</a> and <a href="/b">parking</a>.</p>
<p>Read the <a href="/leaflet.pdf">council tax leaflet (PDF)</a>.</p></main></body></html>"""


def _simple(title: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><main><h1>{title}</h1><p>Information about {title.lower()}.</p></main></body></html>").encode()


class DripServer(ThreadingHTTPServer):
    """A site whose robots.txt, sitemap and document headers can be sent one
    byte every half second: never silent long enough for a per-read timeout."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), DripHandler)
        self.drip = {"/robots.txt": True, "/sitemap.xml": True, "/leaflet.pdf": True}
        self.hits: collections.Counter[str] = collections.Counter()
        self.asked = {path: threading.Event() for path in self.drip}
        """Set once the path has been asked for."""
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class DripHandler(BaseHTTPRequestHandler):
    server: DripServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _raw(self, data: bytes, drip: bool) -> None:
        """``data`` at once, or a byte at a time until sent, the client goes or the server stops."""
        try:
            if not drip:
                self.wfile.write(data)
                return
            for i in range(len(data)):
                if self.server.stopping.wait(DRIP_EVERY_S):
                    return
                self.wfile.write(data[i:i + 1])
        except OSError:  # the client gave up: the point of the exercise
            return
        finally:
            self.close_connection = True

    def _answer(self, status: str, content_type: str, body: bytes, *, drip_body: bool = False, drip_head: bool = False, send_body: bool = True) -> None:
        head = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                + ("X-Padding: " + "x" * 2_000 + "\r\n" if drip_head else "") + "Connection: close\r\n\r\n").encode()
        self._raw(head, drip_head)
        if send_body and not drip_head:
            self._raw(body, drip_body)

    def _route(self, send_body: bool) -> None:
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.hits[path] += 1
        if path in self.server.asked:
            self.server.asked[path].set()
        drip = self.server.drip.get(path, False)
        if path == "/robots.txt":
            self._answer("200 OK", "text/plain", b"User-agent: *\nDisallow: /b\n" + PADDING, drip_body=drip, send_body=send_body)
        elif path == "/sitemap.xml":
            sitemap = (b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<!-- '
                       + PADDING + b" -->\n<url><loc>" + self.server.url("/").encode() + b"</loc></url>\n</urlset>\n")
            self._answer("200 OK", "application/xml", sitemap, drip_body=drip, send_body=send_body)
        elif path == "/leaflet.pdf":
            self._answer("200 OK", "application/pdf", b"%PDF-1.4\n%%EOF\n", drip_head=drip, send_body=send_body)
        elif path in ("/", "/docs"):
            self._answer("200 OK", "text/html; charset=utf-8", HOME, send_body=send_body)
        elif path in ("/a", "/b"):
            self._answer("200 OK", "text/html; charset=utf-8", _simple({"/a": "Bins", "/b": "Parking"}[path]), send_body=send_body)
        else:
            self._answer("404 Not Found", "text/plain", b"not found", send_body=send_body)

    def do_GET(self) -> None:  # noqa: N802
        self._route(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._route(send_body=False)


@pytest.fixture
def drip() -> Iterator[DripServer]:
    srv = DripServer()
    threading.Thread(target=srv.serve_forever, name="drip-server", daemon=True).start()
    yield srv
    srv.stopping.set()
    srv.shutdown()
    srv.server_close()


@pytest.mark.timeout(240, method="signal")
def test_a_sitemap_sent_a_byte_at_a_time_ends_the_run_in_one_line_naming_the_fetch_deadline(drip, tmp_path, capsys):
    sitemap = drip.url("/sitemap.xml")
    capsys.readouterr()
    code = main(["run", "--sitemap", sitemap, "--timeout", "3", "--no-store", "--out", str(tmp_path), "--profile", "quick", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [f"inclusion-audit: error: cannot read sitemap {sitemap}: it did not arrive in full within the fetch deadline of 3 s (--timeout)"]
    assert not (tmp_path / "report.json").exists()


@pytest.mark.timeout(240, method="signal")
def test_a_robots_txt_sent_a_byte_at_a_time_leaves_the_crawl_s_links_skipped_naming_the_fetch_deadline(drip, tmp_path):
    code, document = run_cli(tmp_path, ["--crawl", drip.url("/"), "--timeout", "5", "--fail-on", "none"])
    assert code == 0 and document["run"]["complete"]
    assert [(p["url"], p["error"]) for p in document["pages"]] == [(drip.url("/"), None)]
    message = SKIP_REASONS["robots-too-slow"]
    assert "fetch deadline" in message
    assert document["skipped"] == [{"url": drip.url(p), "reason": "robots-too-slow", "message": message, "found_on": drip.url("/")} for p in ("/a", "/b")]
    assert drip.hits["/robots.txt"] == 1  # asked once for the site, not once per link


@pytest.mark.timeout(280, method="signal")
def test_a_crawl_stopped_by_sigterm_while_robots_txt_drips_exits_and_resumes_with_its_finished_page(drip, tmp_path):
    """The home page is audited, then robots.txt is asked for before its
    links are followed, and arrives a byte at a time. SIGTERM ends the run
    at once (not when robots.txt has finished), with the home page stored;
    the resumed run audits the page robots.txt allows and never loads the
    home page again."""
    home = drip.url("/")
    db = tmp_path / "runs.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "run", "--crawl", home, "--timeout", "600", "--profile", "quick", "--concurrency", "1",
         "--db", str(db), "--out", str(tmp_path / "first")],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        _wait_for(drip.asked["/robots.txt"].is_set, proc, "asking for robots.txt")
        assert _stored_urls(db) == {home}  # finished before its links were weighed
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=60)[1]  # a condition, not a measurement: robots.txt would take a quarter of an hour
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, rest
    assert "interrupted after 1 of 1 page" in rest and "--resume" in rest
    assert "Traceback" not in rest
    assert _stored_urls(db) == {home}

    drip.drip["/robots.txt"] = False  # answered at once now: /b is disallowed
    code, document = run_cli(tmp_path, ["--resume", "last", "--fail-on", "none"])
    assert code == 0 and document["run"]["complete"]
    assert [(p["url"], p["error"]) for p in document["pages"]] == [(home, None), (drip.url("/a"), None)]
    assert [(s["url"], s["reason"]) for s in document["skipped"]] == [(drip.url("/b"), "robots-disallowed")]
    assert drip.hits["/"] == 1 and drip.hits["/b"] == 0


@pytest.mark.timeout(280, method="signal")
@pytest.mark.parametrize("engine", ENGINES)
def test_a_document_whose_headers_arrive_a_byte_at_a_time_is_left_unsized_and_the_run_ends(drip, tmp_path, engine):
    """The HEAD request for a linked PDF gets its headers a byte every half
    second. The page is audited with the document's size unknown, and the
    process ends (no request is left running for it to wait for)."""
    url = drip.url("/docs")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "run", url, "--engine", engine, "--checks", "documents", "--timeout", "60", "--fail-on", "none",
         "--no-store", "--out", str(out), "--quiet"],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        rest = proc.communicate(timeout=150)[1]  # a condition: the document's headers would take a quarter of an hour
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, rest
    row = page(json.loads((out / "report.json").read_text(encoding="utf-8")), url)
    assert row["error"] is None
    (link,) = [f for f in row["findings"] if f["rule"] == "document-link"]
    assert "(size unknown)" in link["summary"] + link["detail"]
    assert drip.hits["/leaflet.pdf"] >= 1
