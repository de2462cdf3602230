"""What a person or a CI log sees from the real command."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from servers import free_port

pytestmark = pytest.mark.integration


def test_plain_progress_lines_when_not_a_terminal(server, tmp_path):
    urls = [server.url("clean.html"), server.url("label.html"), server.url("error500")]
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "run", *urls, "--no-store", "--out", str(tmp_path), "--concurrency", "1", "--retries", "0", "--profile", "quick"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("Run ") and lines[0].endswith(": 3 pages to audit")
    assert f"[1/3] {urls[0]}: 0 barriers, 0 to review" in lines
    assert f"[2/3] {urls[1]}: 1 barrier, 0 to review" in lines
    assert f"[3/3] could not audit {urls[2]}: http-error: The server answered HTTP 500 Internal Server Error" in lines
    assert "3 pages: 2 audited, 1 could not be audited. 1 barrier (1 critical), 0 to review." in lines
    assert "1 of 3 pages has barriers of serious impact or worse, and 1 page could not be audited." in lines
    assert f"Wrote {tmp_path / 'report.json'}" in lines
    assert "Traceback" not in proc.stderr


def test_sigterm_stops_cleanly_and_keeps_finished_pages(server, tmp_path):
    server.slow_delay = 1.0
    urls = [server.url(f"slow?n={i}&case=term") for i in range(6)]
    db = tmp_path / "runs.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "run", *urls, "--db", str(db), "--out", str(tmp_path / "out"), "--concurrency", "1"],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        seen = []
        while not any(line.startswith("[1/6]") for line in seen):
            line = proc.stderr.readline()
            assert line, "the run ended before it could be stopped"
            seen.append(line)
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=60)[1]
    finally:
        server.slow_delay = 0.0
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "interrupted after" in rest and "--resume" in rest
    assert "Traceback" not in rest
    assert (tmp_path / "out" / "report.json").exists()  # the report of what was finished


def test_no_threshold_states_what_was_found(server, tmp_path):
    """--fail-on none: exit 0 and a console line that counts the barriers,
    with no pass or fail words (and never "none impact")."""
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "run", server.url("label.html"), "--no-store", "--out", str(tmp_path), "--profile", "quick", "--fail-on", "none"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 barrier found: 1 critical." in proc.stderr.splitlines()
    assert "none impact" not in proc.stderr


# The console after a run: a crafted run whose top issues and their order are
# known (auditor.priorities ranks them; the console only lists them), with a
# page whose title and a server whose status line carry terminal escape
# sequences.

HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x1b[31m"
"""Sets the terminal's title, clears the screen, turns the text red: obeyed if it reaches a terminal raw."""

HOSTILE_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pay {HOSTILE}now</title></head>
<body><main><h1>Pay a fine</h1><img src="/logo.png"></main></body></html>""".encode()


class _HostileHandler(BaseHTTPRequestHandler):
    """``/title``: a page whose title holds escape sequences (and an image
    without a text alternative); ``/broken``: HTTP 500 with escape sequences
    in the status line's reason phrase, which the browser passes on."""

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/broken"):
            body = b"<!DOCTYPE html><html lang='en'><title>Broken</title><p>Broken</p></html>"
            head = f"HTTP/1.1 500 Oops {HOSTILE}\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            self.wfile.write(head.encode("latin-1") + body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(HOSTILE_PAGE)))
        self.end_headers()
        self.wfile.write(HOSTILE_PAGE)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def hostile():
    """A server of hostile answers on a free port of 127.0.0.1."""
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), _HostileHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def crafted(server, hostile) -> list[str]:
    """Known barriers: ``label`` (critical, on a form field: doubled),
    ``image-alt`` (critical, on two of the four audited pages) and
    ``color-contrast`` (serious); and a page that cannot be audited."""
    return [server.url("label.html"), server.url("image-alt.html"), server.url("color-contrast.html"), f"{hostile}/title", f"{hostile}/broken"]


EXPECTED_ORDER = [("critical", "1", "axe/label"), ("critical", "2", "axe/image-alt"), ("serious", "1", "axe/color-contrast")]


def table_rows(lines: list[str]) -> list[list[str]]:
    """The rows of the Fix first table: each split into its columns."""
    start = next(i for i, line in enumerate(lines) if line.startswith("Fix first:"))
    rows = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


def assert_safe(text: str) -> None:
    assert HOSTILE not in text
    for sequence in ("\x1b]0;", "\x1b[2J", "\x1b[31m", "\x07"):
        assert sequence not in text


def test_console_on_a_pipe_lists_what_to_fix_first_and_json_on_stdout(server, hostile, validate):
    urls = crafted(server, hostile)
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "run", *urls, "--no-store", "--out", "-", "--format", "json", "--concurrency", "1", "--retries", "0", "--profile", "quick"],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 2, proc.stderr
    document = validate(json.loads(proc.stdout))  # standard output holds report.json and nothing else
    assert_safe(proc.stdout)
    assert_safe(proc.stderr)
    ranked = document["priorities"]["fix_first"]
    assert [(i["impact"], str(i["page_count"]), i["id"]) for i in ranked] == EXPECTED_ORDER

    lines = proc.stderr.splitlines()
    run_id = document["run"]["id"]
    assert f"Run {run_id} (not stored: --no-store)" in lines
    assert "5 pages: 4 audited, 1 could not be audited. 4 barriers (3 critical, 1 serious), 0 to review." in lines
    assert "Fix first: 3 issues, most urgent first:" in lines
    rows = table_rows(lines)
    assert rows[0] == ["#", "IMPACT", "PAGES", "ISSUE", "EXAMPLE"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [(str(n), impact, pages) for n, (impact, pages, _) in enumerate(EXPECTED_ORDER, 1)]
    assert [r[3] for r in rows[1:]] == [i["description"] for i in ranked]
    assert [r[4] for r in rows[1:]] == [i["example"]["url"] for i in ranked]
    assert rows[1][4] == urls[0]  # the label barrier is on label.html only
    assert lines[-1] == "Wrote report.json to standard output"
    # The hostile status line is shown, its escapes written out, not obeyed.
    assert f"[5/5] could not audit {hostile}/broken: http-error: The server answered HTTP 500 Oops \\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31m" in lines


def test_console_on_a_terminal_keeps_the_progress_bar_and_the_table(server, hostile, tmp_path):
    urls = crafted(server, hostile)
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "run", *urls, "--no-store", "--out", str(tmp_path), "--concurrency", "1", "--retries", "0", "--profile", "quick"],
        stdin=secondary, stdout=secondary, stderr=secondary, env=env, close_fds=True,
    )
    os.close(secondary)
    received = bytearray()
    try:
        while True:
            ready, _, _ = select.select([primary], [], [], 180)
            assert ready, "the command went quiet for three minutes"
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not chunk:
                break
            received += chunk
        assert proc.wait(timeout=60) == 2
    finally:
        os.close(primary)
        if proc.poll() is None:
            proc.kill()
    output = received.decode("utf-8", errors="replace")
    assert_safe(output)
    assert "5/5 [" in output and "page/s]" in output  # tqdm's bar, not the plain lines of a log
    assert "[1/5]" not in output
    lines = output.replace("\r\n", "\n").split("\n")
    lines = [line.rsplit("\r", 1)[-1] for line in lines]  # what the terminal shows after each carriage return
    assert f"could not audit {hostile}/broken: http-error: The server answered HTTP 500 Oops \\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31m" in lines
    rows = table_rows(lines)
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [(str(n), impact, pages) for n, (impact, pages, _) in enumerate(EXPECTED_ORDER, 1)]
    label = next(r["description"] for r in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["rules"] if r["id"] == "axe/label")
    assert label.startswith(rows[1][3].rstrip("…")) and rows[1][4] == urls[0]  # the plain words, cut to the terminal's column
    assert all(len(line) < 160 for line in lines if line.startswith("  "))
    assert f"Wrote {tmp_path / 'report.json'}" in lines
