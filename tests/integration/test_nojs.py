"""The nojs family through the real CLI and Chromium: each fixture page under
tests/fixtures/site/nojs/ loaded with and without JavaScript, its exact
findings and figures, and clean twins with none."""

from __future__ import annotations

import asyncio
import gc

import pytest

from auditor import AuditConfig, AuditRun, Store
from auditor.engines import playwright as playwright_engine
from auditor.engines.playwright import PlaywrightEngine
from auditor.run.browser import make_engine

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

PAGES = ("content", "noscript", "links", "controls", "forms")
PE = "https://www.gov.uk/service-manual/technology/using-progressive-enhancement"

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "content": [
        ("content-missing-without-javascript", "fail", "serious", [], ["older-devices", "low-bandwidth"], "main"),
    ],
    "noscript": [
        ("noscript-only-warning", "fail", "critical", [], ["older-devices", "low-bandwidth"], "html"),
    ],
    "links": [
        ("link-needs-javascript", "fail", "serious", [], ["older-devices"], "main > p:nth-of-type(2) > a"),
        ("link-needs-javascript", "fail", "serious", [], ["older-devices"], "main > p:nth-of-type(4) > a"),
    ],
    "controls": [
        ("control-needs-javascript", "fail", "serious", ["2.1.1", "4.1.2"], ["keyboard", "screen-reader", "older-devices"], "div"),
        ("control-needs-javascript", "fail", "serious", ["2.1.1"], ["keyboard", "older-devices"], "span"),
        ("control-needs-javascript", "fail", "serious", [], ["older-devices"], "button"),
    ],
    "forms": [
        ("form-needs-javascript", "fail", "serious", [], ["older-devices"], "main > form:nth-of-type(1)"),
        ("form-needs-javascript", "fail", "serious", [], ["older-devices"], "#items"),
        ("form-needs-javascript", "review", "serious", [], ["older-devices"], "main > form:nth-of-type(3)"),
        ("form-needs-javascript", "fail", "serious", [], ["older-devices"], "#reminder > form"),
    ],
}


def url(server, name):
    return server.url(f"nojs/{name}.html")


@pytest.fixture(scope="module")
def audit(server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")]
    code, document = run_cli(tmp_path_factory.mktemp("nojs"), [*urls, "--checks", "nojs"], profile=None)
    assert document is not None
    return code, document


def row(audit, server, name):
    result = page(audit[1], url(server, name))
    assert result["error"] is None
    assert result["check_errors"] == []
    return result


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    findings = row(audit, server, name)["findings"]
    got = [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["groups"], f["targets"][0]["selector"]) for f in findings]
    assert got == EXPECTED[name]
    for finding in findings:
        assert finding["check"] == "nojs"
        assert finding["help_url"].startswith("https://")
        assert len(finding["fingerprint"]) == 20


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_no_findings(audit, server, name):
    result = row(audit, server, f"{name}-clean")
    assert result["findings"] == []
    assert result["metrics"]["nojs_text_ratio"] == 1.0
    assert result["metrics"]["nojs_missing_headings"] == []


def test_content_missing_figures(audit, server):
    result = row(audit, server, "content")
    metrics = result["metrics"]
    # Without script: the heading (6 words) and the intro (13 words); with it
    # also "Who can apply" (3), its paragraph (18), "How to apply" (3), its
    # paragraph (18) and the link "Start your application" (3).
    assert (metrics["nojs_words"], metrics["js_words"]) == (19, 64)
    assert metrics["nojs_text_ratio"] == round(19 / 64, 3)
    assert metrics["nojs_missing_headings"] == ["Who can apply", "How to apply"]
    assert (metrics["nojs_links"], metrics["js_links"]) == (1, 2)
    (finding,) = result["findings"]
    assert finding["summary"] == (
        "Without JavaScript the page shows 30% of its main text (19 of 64 words); missing: “Who can apply”, “How to apply”."
    )
    assert finding["help_url"] == PE
    assert finding["targets"][0]["snippet"] == "<main>"


def test_noscript_only_figures(audit, server):
    result = row(audit, server, "noscript")
    metrics = result["metrics"]
    assert (metrics["nojs_words"], metrics["js_words"]) == (9, 53)
    assert metrics["nojs_missing_headings"] == ["Check your bin collection day", "Your next collections", "Missed collections"]
    (finding,) = result["findings"]
    assert "“You need to enable JavaScript to run this app.”" in finding["summary"]
    assert "“Check your bin collection day”" in finding["detail"]


def test_clean_noscript_note_counts_as_content(audit, server):
    metrics = row(audit, server, "noscript-clean")["metrics"]
    # The <noscript> note (9 words) shows only without script, the calendar
    # link (6 words) only with it: more words without script, capped at 1.
    assert (metrics["nojs_words"], metrics["js_words"]) == (63, 59)


def test_link_and_control_details(audit, server):
    links = row(audit, server, "links")["findings"]
    assert links[0]["summary"] == "The link “Show collection times” goes to “#”, so it does nothing without JavaScript."
    assert links[1]["targets"][0]["snippet"] == '<a href="javascript:window.print()">'
    controls = row(audit, server, "controls")
    assert controls["findings"][0]["targets"][0]["snippet"] == '<div class="card">'  # its handler was set by script, not an attribute
    assert "only way forward" in controls["findings"][2]["summary"]
    assert controls["metrics"]["nojs_dependent_controls"] == 3


def test_form_figures(audit, server):
    result = row(audit, server, "forms")
    metrics = result["metrics"]
    assert (metrics["js_forms"], metrics["nojs_forms"], metrics["nojs_forms_missing"]) == (4, 3, 1)
    summaries = [f["summary"] for f in result["findings"]]
    assert "no submit button" in summaries[0]
    assert "javascript:" in summaries[1]
    assert "no action" in summaries[2]
    assert "only when JavaScript runs" in summaries[3]
    # The clean twin's search form has no button but one field: Enter sends it.
    assert row(audit, server, "forms-clean")["metrics"]["nojs_forms"] == 2


def test_exit_code_counts_the_failures(audit):
    code, document = audit
    assert code == 2
    assert document["summary"]["pages"] == 10


def test_min_text_ratio_setting(server, tmp_path):
    config = tmp_path / "audit.toml"
    config.write_text("[nojs]\nmin_text_ratio = 0.25\n", encoding="utf-8")
    code, document = run_cli(tmp_path, [url(server, "content"), "--checks", "nojs", "--config", str(config)], profile=None)
    result = page(document, url(server, "content"))
    assert result["findings"] == []
    assert result["metrics"]["nojs_text_ratio"] == round(19 / 64, 3)
    assert code == 0


def test_a_reused_javascript_off_visit_starts_clean(server):
    """The JavaScript-off load reuses one visit from page to page (opening a
    context costs more than the load), its cookies cleared in between: a
    cookie the first page sets must not change what the second shows."""
    first, second = server.url("nojs/sets-cookie.html"), server.url("nojs/cookie-aware.html")
    config = AuditConfig(urls=(first, second), checks=("nojs",), concurrency=1, formats=("json",))
    engine = make_engine(config)
    run = AuditRun.start_new(Store(), config, engine)
    results = {r.url: r for r in run.results()}
    assert [f.rule for f in results[second].findings] == []
    assert results[second].metrics["nojs_text_ratio"] == 1.0
    # Two pages with JavaScript, and one visit without it, used twice.
    assert engine.pages_since_launch == 3


def live_network_objects() -> int:
    """Playwright's Request and Response objects still alive in this process."""
    from playwright._impl.network import Request, Response

    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) in (Request, Response))


async def _reused_loads(urls: list[str]) -> list[int]:
    engine = PlaywrightEngine()
    await engine.start()
    try:
        visit = await engine.open(viewport=(800, 600), javascript=False)
        held = []
        for address in urls:
            await visit.navigate(address, 30, 0)
            held.append(live_network_objects())
            assert await visit.reset()
        await visit.close()
        return held
    finally:
        await engine.shutdown()


def test_a_reused_javascript_off_visit_lets_go_of_its_pages(server, monkeypatch):
    """Playwright keeps every request and response a page made until the
    page closes: a JavaScript-off visit reused until the browser's relaunch
    held those of hundreds of pages, in this process and in the driver, and
    the run's memory crept. Its page is replaced every PAGE_REUSES pages."""
    monkeypatch.setattr(playwright_engine, "PAGE_REUSES", 3)
    held = asyncio.run(_reused_loads([server.url(f"nojs/content.html?load={n}") for n in range(8)]))
    one = held[0]
    assert one > 0  # the page and what it loads: something to hold
    assert held == [one, 2 * one, 3 * one] * 2 + [one, 2 * one], held
