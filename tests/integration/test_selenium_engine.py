"""The Selenium engine on a local chromedriver: every check family runs on it
and finds its barriers, faults become the same result rows as on the
Playwright engine, reused sessions carry nothing from one page to the next,
and a session that dies fails only its page, which is retried."""

from __future__ import annotations

import asyncio
import threading

import pytest
from selenium.common.exceptions import WebDriverException

from auditor.config import AuditConfig
from auditor.engines.selenium import SeleniumEngine, SeleniumVisit
from auditor.engines.selenium_devtools import CDP_COMMAND
from auditor.engines.base import Navigation, Visit
from auditor.run.scheduler import Runner

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

# page -> findings (check, rule) it must have
FAMILY_PAGES = {
    "image-alt.html": {("axe", "image-alt")},
    "keyboard/no-visible-focus.html": {("keyboard", "no-visible-focus")},
    "keyboard/keyboard-trap.html": {("keyboard", "keyboard-trap")},
    "reflow/horizontal-scroll.html": {("reflow", "horizontal-scroll-at-320px")},
    "nojs/content.html": {("nojs", "content-missing-without-javascript"), ("reading", "reading-age-too-high")},
    "bandwidth/heavy.html": {("bandwidth", "page-weight-over-budget"), ("bandwidth", "image-weight-over-budget")},
    "documents/document.html": {("documents", "document-link")},
    "documents/document-name.html": {("documents", "document-link-name-incomplete")},
}


@pytest.fixture(scope="module")
def families(server, tmp_path_factory):
    urls = [server.url(p) for p in (*FAMILY_PAGES, "clean.html")]
    code, document = run_cli(tmp_path_factory.mktemp("selenium"), [*urls, "--engine", "selenium", "--concurrency", "2"], profile="default")
    return code, document


def test_the_report_names_the_selenium_engine_and_its_browser(families):
    code, document = families
    assert code == 2
    assert document["tool"]["engine"] == "selenium"
    assert document["tool"]["browser"].startswith("Chrome 1")
    assert document["run"]["config"]["engine"] == "selenium"


@pytest.mark.parametrize("path", list(FAMILY_PAGES))
def test_every_family_finds_its_barrier_on_selenium(families, server, path):
    _, document = families
    row = page(document, server.url(path))
    assert row["error"] is None
    assert row["check_errors"] == []
    found = {(f["check"], f["rule"]) for f in row["findings"]}
    assert FAMILY_PAGES[path] <= found


def test_clean_page_has_no_axe_findings_and_full_metrics(families, server):
    _, document = families
    row = page(document, server.url("clean.html"))
    assert [f for f in row["findings"] if f["check"] == "axe"] == []
    metrics = row["metrics"]
    # Every family reported: the network log, the Tab walk, 320 px, no-JS render, reading.
    assert metrics["transfer_bytes"] > 0 and metrics["requests"] >= 1
    assert metrics["focus_stops"] > 0
    assert metrics["reflow_scroll_width_320"] == 320
    assert 0.9 <= metrics["nojs_text_ratio"] <= 1.0
    assert metrics["reading_age"] > 0


def test_document_sizes_come_from_head_requests(families, server):
    _, document = families
    metrics = page(document, server.url("documents/document.html"))["metrics"]
    assert metrics["document_sizes_unknown"] == 0
    assert metrics["document_bytes"] > 0


FAULTS = {
    "never": ("timeout", "did not finish"),
    "busy.html": ("timeout", "stopped while"),
    "loop": ("redirect-loop", "ERR_TOO_MANY_REDIRECTS"),
    "error500": ("http-error", "HTTP 500"),
    "missing": ("http-error", "HTTP 404"),
    "form.pdf": ("not-html", "PDF document"),
    "data.json": ("not-html", "JSON file"),
    "download": ("download", "download"),
}


@pytest.fixture(scope="module")
def faults(server, tmp_path_factory):
    urls = [server.url(p) for p in (*FAULTS, "dialogs.html", "popup.html", "redirect")]
    return run_cli(tmp_path_factory.mktemp("selenium-faults"), [*urls, "--engine", "selenium", "--timeout", "6", "--retries", "0"])


@pytest.mark.parametrize("path", list(FAULTS))
def test_faults_are_rows_with_the_same_kinds_as_playwright(faults, server, path):
    _, document = faults
    kind, words = FAULTS[path]
    error = page(document, server.url(path))["error"]
    assert error["kind"] == kind
    assert words in error["message"]


def test_dialogs_and_popups_are_dismissed_and_noted(faults, server):
    _, document = faults
    dialogs = page(document, server.url("dialogs.html"))
    assert dialogs["error"] is None
    assert any("Your session will expire" in n for n in dialogs["notes"])
    popup = page(document, server.url("popup.html"))
    assert popup["error"] is None and any("pop-up" in n for n in popup["notes"])
    redirected = page(document, server.url("redirect"))
    assert redirected["final_url"] == server.url("clean.html")


async def _visit_twice(url: str) -> tuple[str, str, dict, dict]:
    engine = SeleniumEngine(reuse_sessions=True, sessions=1)
    await engine.start()
    try:
        first = await engine.open(viewport=(1024, 700))
        await first.navigate(url, 30, 0)
        left = await first.evaluate(
            "() => { document.cookie = 'left=behind; path=/'; localStorage.setItem('k', 'v'); sessionStorage.setItem('s', 'v');"
            " return {cookie: document.cookie, local: localStorage.length, session: sessionStorage.length}; }"
        )
        await first.close()
        second = await engine.open(viewport=(1024, 700))
        await second.navigate(url, 30, 0)
        seen = await second.evaluate("() => ({cookie: document.cookie, local: localStorage.length, session: sessionStorage.length, width: innerWidth})")
        ids = (first.driver.session_id, second.driver.session_id)
        await second.close()
        return ids[0], ids[1], left, seen
    finally:
        await engine.shutdown()


def test_a_reused_session_carries_nothing_to_the_next_page(server):
    first_id, second_id, left, seen = asyncio.run(_visit_twice(server.url("clean.html")))
    assert first_id == second_id  # the same session served both pages
    assert left == {"cookie": "left=behind", "local": 1, "session": 1}
    assert seen == {"cookie": "", "local": 0, "session": 0, "width": 1024}  # session storage: a fresh tab


class BrowserDiesOnce(SeleniumEngine):
    """The first visit's browser is closed (through DevTools, over the
    WebDriver endpoint) as soon as its page has loaded, before it is audited:
    a real crash of a real session, local or on a Grid's node."""

    def __init__(self, browser: str = "", webdriver_url: str = "") -> None:
        super().__init__(browser, sessions=1, webdriver_url=webdriver_url)
        self.killed = threading.Event()

    async def open(self, *, viewport: tuple[int, int], javascript: bool = True) -> Visit:
        visit = await super().open(viewport=viewport, javascript=javascript)
        if not self.killed.is_set():
            self.killed.set()
            assert isinstance(visit, SeleniumVisit)
            load = visit.navigate

            async def load_then_die(url: str, timeout_s: float, settle_ms: int) -> Navigation:
                navigation = await load(url, timeout_s, settle_ms)
                await asyncio.to_thread(close_browser, visit)
                return navigation

            visit.navigate = load_then_die  # type: ignore[method-assign]
        return visit


def close_browser(visit: SeleniumVisit) -> None:
    """Close the visit's browser through DevTools (the call itself fails as the browser goes)."""
    try:
        visit.driver.execute(CDP_COMMAND, {"cmd": "Browser.close", "params": {}})
    except WebDriverException:
        pass


async def audit_with(engine: SeleniumEngine, urls: list[str], concurrency: int = 1, retries: int = 1) -> list:
    """The quick profile over ``engine``, through the runner (retries and all)."""
    config = AuditConfig(urls=tuple(urls), engine="selenium", profile="quick", concurrency=concurrency, retries=retries, browser=engine.executable)
    return [result async for result in Runner(config, engine).results(urls)]


def test_a_session_that_dies_fails_only_its_page_which_is_retried(server):
    urls = [server.url("image-alt.html"), server.url("clean.html")]
    engine = BrowserDiesOnce()
    results = {r.url: r for r in asyncio.run(audit_with(engine, urls))}
    assert engine.killed.is_set()
    first = results[urls[0]]
    assert first.error is None and first.attempts == 2, (first.error, first.attempts, first.check_errors)
    assert "image-alt" in {f.rule for f in first.findings}
    assert results[urls[1]].error is None and results[urls[1]].attempts == 1


def test_applied_throttling_slows_the_load_on_selenium(server, tmp_path):
    url = server.url("bandwidth/heavy.html")
    code, document = run_cli(tmp_path, [url, "--engine", "selenium", "--checks", "bandwidth", "--throttle", "applied", "--throttle-profile", "3G"], profile=None)
    metrics = page(document, url)["metrics"]
    # 1.3 MB over 1.6 Mbit/s takes over six seconds: emulation, not the wall clock of this machine.
    assert metrics["load_ms_applied"] >= 6000
