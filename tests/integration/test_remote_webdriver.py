"""The Selenium engine on remote WebDriver endpoints started on 127.0.0.1: a
chromedriver started as a server, and a Selenium 3 Grid (hub plus a node of
one slot, from the npm registry's ``selenium-server`` jar, run with Java) whose
node uses /usr/bin/chromedriver and /usr/bin/chromium."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.engines.selenium import SeleniumEngine
from servers import answers, free_port

from .helpers import page, run_cli
from .test_selenium_engine import BrowserDiesOnce, audit_with

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "/usr/bin/chromium"
# The hub refuses a session request that waited this long for the one slot:
# the Grid below both queues and refuses.
NEW_SESSION_WAIT_MS = 2000


@pytest.fixture(scope="module")
def chromedriver_server(spawn) -> str:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    spawn("chromedriver", ["/usr/bin/chromedriver", f"--port={port}"], lambda: answers(url + "/status"))
    return url


def _grid_jar() -> str:
    """The Selenium 3 standalone jar from scripts/ensure-grid.sh; the tests
    skip (saying why) without Java, and fail if Java is there but the jar is not."""
    if shutil.which("java") is None:
        pytest.skip("java is not installed: the Selenium Grid tests need it (the jar is a Java program)")
    done = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-grid.sh")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stdout.strip(), f"ensure-grid.sh failed: {done.stderr[-1000:]}"
    return done.stdout.strip().splitlines()[-1]


def _free_slots(hub: str) -> int:
    try:
        with urllib.request.urlopen(f"{hub}/grid/api/hub", timeout=2) as response:
            return int(json.load(response)["slotCounts"]["total"])
    except (OSError, ValueError, KeyError):
        return 0


@pytest.fixture(scope="module")
def grid(spawn) -> str:
    """A hub and a node with one Chrome slot; returns the WebDriver URL."""
    jar = _grid_jar()
    hub_port, node_port = free_port(), free_port()
    hub = f"http://127.0.0.1:{hub_port}"
    spawn(
        "grid-hub",
        ["java", "-jar", jar, "-role", "hub", "-host", "127.0.0.1", "-port", str(hub_port), "-newSessionWaitTimeout", str(NEW_SESSION_WAIT_MS), "-timeout", "120"],
        lambda: answers(hub + "/wd/hub/status"),
    )
    spawn(
        "grid-node",
        [
            "java", "-Dwebdriver.chrome.driver=/usr/bin/chromedriver", "-jar", jar, "-role", "node",
            "-host", "127.0.0.1", "-port", str(node_port), "-hub", f"{hub}/grid/register",
            "-browser", "browserName=chrome,maxInstances=1", "-maxSession", "1", "-registerCycle", "1000",
        ],
        lambda: _free_slots(hub) >= 1,
    )
    return hub + "/wd/hub"


def test_chromedriver_server_runs_every_family(chromedriver_server, server, tmp_path):
    paths = ["keyboard/no-visible-focus.html", "nojs/content.html", "bandwidth/heavy.html"]
    urls = [server.url(p) for p in paths]
    code, document = run_cli(tmp_path, [*urls, "--engine", "selenium", "--webdriver-url", chromedriver_server, "--browser", BROWSER, "--concurrency", "2"], profile="default")
    assert code == 2 and document["tool"]["engine"] == "selenium"
    expected = {
        "keyboard/no-visible-focus.html": "no-visible-focus",
        "nojs/content.html": "content-missing-without-javascript",
        "bandwidth/heavy.html": "page-weight-over-budget",
    }
    for path, rule in expected.items():
        row = page(document, server.url(path))
        assert row["error"] is None and row["check_errors"] == []
        assert rule in {f["rule"] for f in row["findings"]}
    # The network log came through the performance log over the wire.
    assert page(document, server.url("bandwidth/heavy.html"))["metrics"]["transfer_bytes"] > 1_000_000


def test_grid_runs_the_families_through_its_node(grid, server, tmp_path):
    # Every family but nojs: its JavaScript-off visit needs a second session
    # alongside the page's own, which a one-slot Grid does not have.
    paths = ["image-alt.html", "keyboard/keyboard-trap.html", "reflow/horizontal-scroll.html"]
    urls = [server.url(p) for p in paths]
    checks = "axe,keyboard,reflow,bandwidth,reading,documents"
    code, document = run_cli(tmp_path, [*urls, "--engine", "selenium", "--webdriver-url", grid, "--browser", BROWSER, "--checks", checks, "--concurrency", "1"], profile=None)
    assert code == 2
    expected = {"image-alt.html": "image-alt", "keyboard/keyboard-trap.html": "keyboard-trap", "reflow/horizontal-scroll.html": "horizontal-scroll-at-320px"}
    for path, rule in expected.items():
        row = page(document, server.url(path))
        assert row["error"] is None and row["check_errors"] == []
        assert rule in {f["rule"] for f in row["findings"]}


def test_one_slot_grid_with_three_pages_in_flight_stays_correct(grid, server):
    """Concurrency 3 on one slot: the hub queues the requests (and refuses
    those that waited too long, which the engine asks again); every page is
    audited once, with its own findings."""
    pages = {"image-alt.html": "image-alt", "label.html": "label", "link-name.html": "link-name", "button-name.html": "button-name", "clean.html": None}
    urls = [server.url(p) for p in pages]
    engine = SeleniumEngine(BROWSER, webdriver_url=grid, sessions=3)
    results = asyncio.run(audit_with(engine, urls, concurrency=3, retries=2))
    assert sorted(r.url for r in results) == sorted(urls)
    for result in results:
        assert result.error is None, result.error
        rule = pages[result.url.rsplit("/", 1)[1]]
        assert {f.rule for f in result.findings if f.check == "axe"} == ({rule} if rule else set())


async def _open_while_the_slot_is_held(grid: str, url: str) -> tuple[int, str]:
    engine = SeleniumEngine(BROWSER, webdriver_url=grid, sessions=2)
    await engine.start()
    try:
        holder = await engine.open(viewport=(800, 600))  # the Grid's only slot
        waiting = asyncio.ensure_future(engine.open(viewport=(800, 600)))
        while engine.sessions_refused == 0 and not waiting.done():
            await asyncio.sleep(0.2)
        await holder.close()  # a slot frees up: the next request is served
        visit = await waiting
        await visit.navigate(url, 30, 0)
        title = await visit.title()
        await visit.close()
        return engine.sessions_refused, title
    finally:
        await engine.shutdown()


def test_a_refused_session_request_is_asked_again(grid, server):
    refused, title = asyncio.run(_open_while_the_slot_is_held(grid, server.url("clean.html")))
    assert refused >= 1
    assert title == "Report a pothole - Riverton Borough Council"


def test_a_session_that_dies_on_the_grid_is_retried_on_a_new_one(grid, server):
    urls = [server.url("image-alt.html"), server.url("clean.html")]
    engine = BrowserDiesOnce(BROWSER, webdriver_url=grid)
    results = {r.url: r for r in asyncio.run(audit_with(engine, urls))}
    assert engine.killed.is_set()
    first = results[urls[0]]
    assert first.error is None and first.attempts == 2, (first.error, first.attempts, first.check_errors)
    assert "image-alt" in {f.rule for f in results[urls[0]].findings}
    assert results[urls[1]].error is None


def test_grid_reused_sessions(grid, server, tmp_path):
    urls = [server.url(p) for p in ("image-alt.html", "label.html", "clean.html")]
    code, document = run_cli(tmp_path, [*urls, "--engine", "selenium", "--webdriver-url", grid, "--browser", BROWSER, "--reuse-sessions", "--concurrency", "1"])
    assert code == 2
    assert page(document, urls[0])["findings"][0]["rule"] == "image-alt"
    assert page(document, urls[1])["findings"][0]["rule"] == "label"
    assert page(document, urls[2])["findings"] == []


def test_bad_or_unreachable_endpoints_are_one_line_errors(server, capsys):
    url = server.url("clean.html")
    cases = {
        "http://127.0.0.1:%d/wd/hub" % free_port(): "cannot reach",
        "127.0.0.1:4444": "is not a valid address",
        server.url("no-webdriver-here"): "does not look like a WebDriver endpoint",
    }
    for endpoint, words in cases.items():
        assert main(["run", url, "--engine", "selenium", "--webdriver-url", endpoint, "--no-store", "--quiet"]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and words in err and "Traceback" not in err
