"""Cheap phones, the bandwidth family's low-end estimate, through the real CLI
and Chromium on both engines: a page whose script does a fixed amount of work
while it loads (tests/fixtures/site/bandwidth/busy.html) and its light twin
(busy-clean.html), and the estimate held against DevTools' own CPU throttling
of the same page."""

from __future__ import annotations

import asyncio

import pytest

from auditor.checks.budgets import LOW_END_CPU_SLOWDOWN
from auditor.collectors.network import PAGE_LIMITS, PAGE_SCRIPT
from auditor.engines.playwright import PlaywrightEngine
from auditor.engines.selenium import SeleniumEngine

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

ENGINES = ("playwright", "selenium")
GROUPS = ["older-devices", "low-bandwidth"]

# The budget the audit is run with: between the twins, with room for machines
# faster and slower than this one. The light twin is usable when its 3G load
# ends (1.2-1.5 s measured here) and its main thread takes about 17 ms of
# processor time (1.3-1.4 s in all, loaded or not). busy.js does a fixed
# amount of work (192 rounds of JSON and sorting): 0.81-0.83 s of processor
# time on an idle 2-core machine, whose low-end estimate is then 4.5 s (its 3G
# load of 2.0 s holds the busy time once). The estimate grows by about 4 x the
# processor time, so a machine twice as fast still puts the heavy page near
# 3 s, over the budget, and a loaded one only further. With 96 rounds the
# budget was 3 s and an idle machine put the heavy page under it (2.9 s).
BUDGET_MS = 2_000

# The estimate (4 x the main thread's processor time read unthrottled, what
# the audit uses) against the wall-clock busy time of the long tasks read with
# Emulation.setCPUThrottlingRate 4 on the same page: the least of three loads
# each (the least disturbed by other work on the machine).
# On a machine whose cores are shared by other work, the page's work takes c
# times its processor time of wall-clock time (c, the stretch, is read here
# as the unthrottled long tasks' wall time over the processor time), and
# DevTools' throttling adds (rate - 1) x the processor time the thread used
# rather than x its wall time, so the throttled wall time is about
# (c + 3) x the processor time and the ratio is about 4 / (c + 3): near 1 on
# an idle machine, 0.5 at c = 5. The ratio is held within a factor of two
# either way of that expectation: both throttled and stretch are wall-clock
# times of one renderer on a shared machine, taken at different moments,
# throttling does not slow the JavaScript engine's background compiler (a
# throttled page can be optimised sooner in its own time), and processor
# time counts the parsing and style work that long tasks of under 50 ms leave
# out. benchmarks/low_end.py prints the figures.
RATIO_TOLERANCE = 2.0
SAMPLES = 3


def url(server, name: str) -> str:
    return server.url(f"bandwidth/{name}.html")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"low-end-{request.param}")
    config = tmp / "audit.toml"
    config.write_text(f"[bandwidth]\nbudget_load_ms_low_end = {BUDGET_MS}\n", encoding="utf-8")
    urls = [url(server, "busy"), url(server, "busy-clean")]
    # One page at a time: the heavy page's script must not slow the light
    # twin's load (its 3G figure holds the recorded wall time after the last
    # response), which put the twin over the budget on a loaded machine.
    _, document = run_cli(tmp, [*urls, "--checks", "bandwidth", "--engine", request.param, "--config", str(config), "--concurrency", "1"],
                          profile=None)
    assert document is not None
    return request.param, document


def row(document, server, name):
    result = page(document, url(server, name))
    assert result["error"] is None and result["check_errors"] == []
    return result


def test_the_light_twin_has_no_finding(audit, server):
    result = row(audit[1], server, "busy-clean")
    assert result["findings"] == []
    m = result["metrics"]
    assert m["load_ms_low_end"] < BUDGET_MS
    # Each figure is rounded to the millisecond on its own: main_thread_ms by
    # up to half a millisecond, four times over in the estimate, and each of
    # the other two by half (1,340 against 1,258 + 4 x 20 was seen).
    assert m["load_ms"]["3G"] <= m["load_ms_low_end"] <= m["load_ms"]["3G"] + LOW_END_CPU_SLOWDOWN * (m["main_thread_ms"] + 0.5) + 1


def test_the_heavy_page_is_slow_on_a_low_end_phone(audit, server):
    result = row(audit[1], server, "busy")
    m = result["metrics"]
    busy, low_end, load_3g = m["main_thread_ms"], m["load_ms_low_end"], m["load_ms"]["3G"]
    assert busy > 0
    # The 3G load already holds the busy time after the last response once; never more, never less.
    # (rounding: each figure to the millisecond on its own, as above)
    assert load_3g + (LOW_END_CPU_SLOWDOWN - 1) * (busy - 0.5) - 1 <= low_end <= load_3g + LOW_END_CPU_SLOWDOWN * (busy + 0.5) + 1
    got = [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["groups"], f["targets"][0]["selector"]) for f in result["findings"]]
    impact = "serious" if low_end > 2 * BUDGET_MS else "moderate"
    assert got == [("slow-load-on-low-end-phone", "fail", impact, [], GROUPS, "html")]
    (finding,) = result["findings"]
    assert finding["summary"].startswith("On a low-end phone over 3G the page would be usable after about ")
    assert finding["summary"].endswith("; the budget is 2 seconds.")
    assert "(Lighthouse's mobile throttling, a 4x CPU slowdown)" in finding["detail"]


async def _throttle_cpu(visit, rate: float) -> None:
    """DevTools' CPU throttling on the visit's page: through Playwright's
    DevTools session, or chromedriver's DevTools command."""
    params = {"rate": rate}
    if hasattr(visit, "cdp"):
        await visit.cdp.send("Emulation.setCPUThrottlingRate", params)
    else:
        visit._cdp("Emulation.setCPUThrottlingRate", params)


def expected_ratio(stretch: float) -> float:
    """The estimate over the throttled wall time when the work takes
    ``stretch`` times its processor time (see RATIO_TOLERANCE)."""
    return LOW_END_CPU_SLOWDOWN / (max(1.0, stretch) + LOW_END_CPU_SLOWDOWN - 1)


async def _busy_times(engine_name: str, address: str) -> tuple[list[float], list[float], list[float]]:
    """On fresh visits, SAMPLES of each, interleaved: the processor time the
    audit reads and the long tasks' wall time without throttling, and the
    long tasks' wall time with 4x CPU throttling."""
    engine = PlaywrightEngine() if engine_name == "playwright" else SeleniumEngine(sessions=1)
    await engine.start()
    cpu: list[float] = []
    plain: list[float] = []
    throttled: list[float] = []
    try:
        for _ in range(SAMPLES):
            for rate in (1.0, LOW_END_CPU_SLOWDOWN):
                visit = await engine.open(viewport=(1024, 768))
                try:
                    if rate != 1.0:
                        await _throttle_cpu(visit, rate)
                    await visit.navigate(address, 60, 0)
                    found = await visit.evaluate(PAGE_SCRIPT, PAGE_LIMITS)
                    wall = float(found["main_thread"]["busy_ms"])
                    if rate == 1.0:
                        assert visit.main_thread_cpu_ms is not None
                        cpu.append(visit.main_thread_cpu_ms)
                        plain.append(wall)
                    else:
                        throttled.append(wall)
                finally:
                    await visit.close()
    finally:
        await engine.shutdown()
    return cpu, plain, throttled


def test_the_estimate_agrees_with_applied_cpu_throttling(audit, server):
    engine_name = audit[0]
    cpu, plain, throttled = asyncio.run(_busy_times(engine_name, url(server, "busy")))
    assert min(cpu) > 0 and min(plain) > 0 and min(throttled) > 0
    ratio = LOW_END_CPU_SLOWDOWN * min(cpu) / min(throttled)
    stretch = min(plain) / min(cpu)
    expected = expected_ratio(stretch)
    assert expected / RATIO_TOLERANCE <= ratio <= expected * RATIO_TOLERANCE, (
        f"{engine_name}: estimate {LOW_END_CPU_SLOWDOWN:g} x {cpu} ms of processor time against throttled {throttled} ms: "
        f"ratio {ratio:.2f}, expected {expected:.2f} for work stretched {stretch:.2f} times (unthrottled wall {plain} ms)")
