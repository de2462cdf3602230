"""The Playwright engine on several browser servers (two ``playwright
run-server`` processes on 127.0.0.1, ``--browser-ws`` given twice): the
pages are shared out between them and audited as on one browser; a server
killed mid-run loses no page (its pages are audited again on the other);
when every server is gone the run stops with one line and keeps what
finished."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from auditor import AuditConfig, AuditRun, Store
from auditor.engines.remote import EndpointUnreachable
from auditor.run.servers import LOST_NOTE
from servers import ServerProcess, answers, free_port

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

BROWSER = "/usr/bin/chromium"
RULES = ("image-alt", "button-name", "color-contrast", "document-title", "html-has-lang", "label")
"""Six axe rules, each with a fixture page that breaks it and one that keeps it: twelve pages."""


def _browser_server(spawn, name: str) -> tuple[str, ServerProcess]:
    port = free_port()
    process = spawn(name, [sys.executable, "-m", "playwright", "run-server", "--port", str(port), "--host", "127.0.0.1", "--unsafe"],
                    lambda: answers(f"http://127.0.0.1:{port}/"))
    return f"ws://127.0.0.1:{port}/", process


def _kill(process: ServerProcess) -> None:
    """The server and the browsers it launched, at once, as a machine that dies."""
    os.killpg(process.process.pid, signal.SIGKILL)
    process.process.wait(timeout=30)


def _wait_until(condition, what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.01)


def _urls(server) -> dict[str, str | None]:
    """Each page's address and the rule it breaks (None: a clean page)."""
    return {**{server.url(f"{rule}.html"): rule for rule in RULES}, **{server.url(f"{rule}-clean.html"): None for rule in RULES}}


def _audited_right(rows: dict[str, dict], urls: dict[str, str | None]) -> None:
    assert set(rows) == set(urls)
    for url, rule in urls.items():
        row = rows[url]
        assert row["error"] is None and row["check_errors"] == [], (url, row["error"])
        found = {f["rule"] for f in row["findings"]}
        if rule is None:
            assert not found & set(RULES), (url, found)
        else:
            assert rule in found, (url, found)


def test_a_run_is_shared_out_between_two_servers(spawn, server, tmp_path, validate):
    first, _ = _browser_server(spawn, "playwright-server-a")
    second, _ = _browser_server(spawn, "playwright-server-b")
    urls = _urls(server)
    code, document = run_cli(tmp_path, [*urls, "--browser-ws", first, "--browser-ws", second, "--browser", BROWSER, "--concurrency", "2"])
    assert code == 2
    validate(document)
    _audited_right({row["url"]: row for row in document["pages"]}, urls)
    shared = document["tool"]["browser_servers"]
    assert [s["endpoint"] for s in shared] == [first, second]
    assert all(s["visits"] >= 3 for s in shared) and not any("gone" in s for s in shared), shared
    assert all(LOST_NOTE not in row["notes"] for row in document["pages"])


def _run(store: Store, urls, endpoints) -> AuditRun:
    """A run of ``urls`` on the servers; no retries, so a page kept is not one a retry happened to save."""
    config = AuditConfig(urls=tuple(urls), browser_ws=tuple(endpoints), browser=BROWSER, concurrency=2, retries=0, profile="quick", formats=("json",))
    return AuditRun.start_new(store, config)


def test_killing_one_server_mid_run_loses_no_page(spawn, server, tmp_path):
    (first, doomed), (second, _) = _browser_server(spawn, "playwright-server-doomed"), _browser_server(spawn, "playwright-server-kept")
    urls = _urls(server)
    store = Store(str(tmp_path / "runs.sqlite3"))
    run = _run(store, urls, [first, second])
    pool = run.engine
    rows = {}
    for result in run.results():
        rows[result.url] = result.to_dict()
        if len(rows) == 2:  # the doomed server has a page open: it dies under it
            _wait_until(lambda: pool.members[0].open_visits > 0, "a page open on the first server")
            _kill(doomed)
    _audited_right(rows, urls)
    assert any(LOST_NOTE in row["notes"] for row in rows.values())  # a page was moved, and says so
    assert store.finished_urls(run.run_id) == set(urls)
    shared = store.run(run.run_id).tool["browser_servers"]
    assert shared[0]["endpoint"] == first and shared[0]["gone"].startswith(f"cannot use the browser server at {first}"), shared
    assert "gone" not in shared[1] and shared[1]["visits"] > shared[0]["visits"]


def test_when_every_server_is_gone_the_run_stops_and_keeps_what_finished(spawn, server, tmp_path):
    servers = [_browser_server(spawn, f"playwright-server-gone-{n}") for n in range(2)]
    urls = _urls(server)
    store = Store(str(tmp_path / "runs.sqlite3"))
    run = _run(store, urls, [ws for ws, _ in servers])
    seen = []
    with pytest.raises(EndpointUnreachable) as stopped:
        for result in run.results():
            seen.append(result.url)
            if len(seen) == 2:
                for _, process in servers:
                    _kill(process)
    message = str(stopped.value)
    assert message.startswith("every browser server stopped answering (") and len(message.splitlines()) == 1
    assert all(ws in message for ws, _ in servers) and "resume" in message
    assert set(seen) <= store.finished_urls(run.run_id) and len(seen) >= 2


def test_one_server_gone_for_good_stops_the_run_with_one_line(spawn, server, tmp_path):
    """A single server (no pool) that dies mid-run and cannot be reached again:
    the run stops with why, instead of waiting for ever for its workers."""
    ws, process = _browser_server(spawn, "playwright-server-alone")
    urls = _urls(server)
    store = Store(str(tmp_path / "runs.sqlite3"))
    run = _run(store, urls, [ws])
    seen = []
    with pytest.raises(EndpointUnreachable, match=f"^cannot use the browser server at {ws}: ") as stopped:
        for result in run.results():
            seen.append(result.url)
            if len(seen) == 2:
                _kill(process)
    assert len(str(stopped.value).splitlines()) == 1
    assert set(seen) <= store.finished_urls(run.run_id) and len(seen) >= 2
