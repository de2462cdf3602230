"""A run killed with SIGKILL loses no finished page; --resume audits only the rest."""

from __future__ import annotations

import json
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


def _run_until_stored(args: list[str], db, count: int) -> None:
    """Start ``inclusion-audit run ARGS`` and SIGKILL it (the CLI, its
    Playwright driver and the browser) once the store holds ``count`` pages."""
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "run", *args, "--db", str(db), "--concurrency", "2", "--quiet"],
                            start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while len(_stored_urls(db)) < count and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the run finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_two_sigkills_and_resumes_store_every_page_exactly_once(server, tmp_path):
    """Sixty pages, the run SIGKILLed twice and resumed each time (the
    benchmark benchmarks/tenk.py does this at scale): the store ends with
    exactly the pages given, each once and audited, and the run finished."""
    urls = [server.url(f"slow?n={i}&case=twice") for i in range(60)]
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(urls) + "\n", encoding="utf-8")
    db = tmp_path / "runs.sqlite3"
    _run_until_stored(["--urls-file", str(listed), "--profile", "quick", "--out", str(tmp_path / "first")], db, 10)
    first = _stored_urls(db)
    with sqlite3.connect(db) as conn:
        (run_id,), = conn.execute("SELECT id FROM runs").fetchall()
    _run_until_stored(["--resume", run_id, "--out", str(tmp_path / "second")], db, len(first) + 15)
    second = _stored_urls(db)
    assert first < second < set(urls)
    hits = {u: server.hits[u.removeprefix(server.base)] for u in second}

    code, document = run_cli(tmp_path, ["--resume", run_id])
    assert code == 2  # the slow pages have an image without alt
    assert [p["url"] for p in document["pages"]] == urls
    assert document["run"]["complete"] is True
    assert all(p["error"] is None for p in document["pages"])
    for url in second:  # a page stored before a kill is never audited again
        assert server.hits[url.removeprefix(server.base)] == hits[url]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM runs").fetchone() == (1,)
        rows = conn.execute("SELECT url, COUNT(*) FROM pages WHERE run_id = ? GROUP BY url", (run_id,)).fetchall()
        (targets, finished), = conn.execute("SELECT targets, finished FROM runs WHERE id = ?", (run_id,)).fetchall()
    assert sorted(rows) == sorted((u, 1) for u in urls)
    assert json.loads(targets) == urls and finished is not None


def test_report_rerenders_a_stored_run_without_a_browser(server, tmp_path, monkeypatch, validate):
    code, first = run_cli(tmp_path, [server.url("label.html")])
    monkeypatch.setenv("AUDITOR_BROWSER", "/nonexistent/browser")  # no browser can start now
    out = tmp_path / "again"
    assert main(["report", first["run"]["id"], "--db", str(tmp_path / "runs.sqlite3"), "--out", str(out)]) == 0
    again = validate(out / "report.json")
    assert again == first
    assert "label" in (out / "report.html").read_text(encoding="utf-8")
