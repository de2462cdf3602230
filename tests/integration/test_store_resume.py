"""A run killed with SIGKILL loses no finished page; --resume audits only the rest."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from auditor.cli import main

from .helpers import run_cli

pytestmark = pytest.mark.integration


def _stored_urls(db) -> set[str]:
    try:
        with sqlite3.connect(db) as conn:
            return {row[0] for row in conn.execute("SELECT url FROM pages")}
    except sqlite3.OperationalError:  # not created yet
        return set()


def test_sigkill_keeps_finished_pages_and_resume_audits_the_rest(server, tmp_path, capsys, validate):
    server.slow_delay = 0.5
    urls = [server.url(f"slow?n={i}&case=kill") for i in range(8)]
    db = tmp_path / "runs.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "run", *urls, "--db", str(db), "--out", str(tmp_path / "first"), "--concurrency", "1", "--quiet"],
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while len(_stored_urls(db)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the run finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI, its Playwright driver and the browser
        proc.wait()

    done_before = _stored_urls(db)
    assert 3 <= len(done_before) < len(urls)
    hits_before = {u: server.hits[u.removeprefix(server.base)] for u in urls}

    assert main(["runs", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert "unfinished" in listing and f"{len(done_before)}/8" in listing

    server.slow_delay = 0.0
    code, document = run_cli(tmp_path, ["--resume", "last"])
    validate(document)
    assert code == 2  # the slow pages have an image without alt
    assert [p["url"] for p in document["pages"]] == urls  # the whole run, in order
    assert document["run"]["complete"] is True
    for url in done_before:  # a finished page is never fetched again
        assert server.hits[url.removeprefix(server.base)] == hits_before[url]
    for url in set(urls) - done_before:
        assert server.hits[url.removeprefix(server.base)] >= 1
    assert all(p["error"] is None for p in document["pages"])

    assert main(["run", "--resume", "last", "--db", str(db)]) == 1
    assert "no unfinished run" in capsys.readouterr().err


def test_report_rerenders_a_stored_run_without_a_browser(server, tmp_path, monkeypatch, validate):
    code, first = run_cli(tmp_path, [server.url("label.html")])
    monkeypatch.setenv("AUDITOR_BROWSER", "/nonexistent/browser")  # no browser can start now
    out = tmp_path / "again"
    assert main(["report", first["run"]["id"], "--db", str(tmp_path / "runs.sqlite3"), "--out", str(out)]) == 0
    again = validate(out / "report.json")
    assert again == first
    assert "label" in (out / "report.html").read_text(encoding="utf-8")
