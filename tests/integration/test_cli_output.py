"""What a person or a CI log sees from the real command."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

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
