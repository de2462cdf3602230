"""Politeness toward a live site, measured by the fixture service itself: how
many page loads overlap on one host, the spacing between loads, Retry-After
obeyed before the second attempt, and a User-Agent that names the tool."""

from __future__ import annotations

import pytest

from auditor import __version__
from service_server import RETRY_AFTER_S, serving

from .helpers import run_cli

pytestmark = pytest.mark.integration
service = pytest.fixture(scope="module", name="service")(serving)

LATENCY_SLACK_S = 0.3
"""The gate spaces the starts of page loads; the server sees each request a
little later, by an amount that varies (a new context, a new connection)."""


def polite_urls(service, n: int) -> list[str]:
    return [service.url(f"/polite/{i}") for i in range(n)]


def test_per_host_limit_bounds_overlapping_page_loads(tmp_path, service):
    service.reset()
    code, _ = run_cli(tmp_path, [*polite_urls(service, 4), "--concurrency", "3", "--per-host", "1", "--fail-on", "none"])
    assert code == 0 and service.polite_max == 1
    # The limit, not the workers, is what kept them apart: allowed three, they overlap.
    service.reset()
    code, _ = run_cli(tmp_path / "three", [*polite_urls(service, 3), "--concurrency", "3", "--per-host", "3", "--fail-on", "none"])
    assert code == 0 and service.polite_max >= 2


def test_delay_spaces_page_loads_on_one_host(tmp_path, service):
    service.reset()
    service.polite_delay = 0.0
    try:
        code, _ = run_cli(tmp_path, [*polite_urls(service, 3), "--concurrency", "3", "--delay", "1", "--fail-on", "none"])
    finally:
        service.polite_delay = 0.6
    starts = sorted(t for path, times in service.times.items() if path.startswith("/polite/") for t in times)
    assert code == 0 and len(starts) == 3
    assert all(b - a >= 1 - LATENCY_SLACK_S for a, b in zip(starts, starts[1:])), starts


def crawl_starts(tmp_path, service, crawl_delay: int) -> list[float]:
    """When each page a crawl of the home page found (depth 1) began to load."""
    service.reset()
    service.crawl_delay = crawl_delay
    try:
        code, _ = run_cli(tmp_path, ["--crawl", service.url("/"), "--max-depth", "1", "--concurrency", "3", "--per-host", "3", "--fail-on", "none"])
    finally:
        service.crawl_delay = 0
    assert code == 0
    return sorted(service.times[path][0] for path in ("/about", "/contact/", "/deep/1", "/rendered"))


def test_robots_crawl_delay_spaces_the_crawl(tmp_path, service):
    # Three workers would load the four pages the home page links to together;
    # "Crawl-delay: 1" (read with robots.txt after the start page) makes each wait its second.
    spaced = crawl_starts(tmp_path, service, 1)
    assert all(b - a >= 1 - LATENCY_SLACK_S for a, b in zip(spaced, spaced[1:])), spaced


@pytest.mark.parametrize("path", ["/retry-after", "/retry-date"])
def test_retry_after_is_honoured_before_the_second_attempt(tmp_path, service, path):
    service.reset()
    code, document = run_cli(tmp_path, [service.url(path), "--retries", "1", "--fail-on", "none"])
    row = document["pages"][0]
    assert code == 0 and row["error"] is None and row["attempts"] == 2
    first, second = service.times[path]
    assert second - first >= RETRY_AFTER_S  # the server asked for the pause: 2 s, or a date at least that far off


def test_user_agent_names_the_tool_and_the_contact(tmp_path, service):
    service.reset()
    code, _ = run_cli(tmp_path, ["--crawl", service.url("/"), "--max-pages", "2", "--contact", "mailto:a11y@example.org", "--fail-on", "none"])
    assert code == 0
    product = f"inclusion-auditor/{__version__} (+mailto:a11y@example.org)"
    agents = dict(service.user_agents)
    assert agents["/robots.txt"] == product  # read by the tool itself
    assert agents["/"].startswith("Mozilla/5.0 ") and " Chrome/" in agents["/"]  # the browser's own, then ours
    assert all(ua.endswith(product) and "HeadlessChrome" not in ua for _, ua in service.user_agents)
