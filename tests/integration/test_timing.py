"""The timing family through the real CLI and Chromium: the fixture pages
under tests/fixtures/site/timing/ (a page that reloads itself, one that moves
people on, a form that counts down, forms that announce a session time limit
in English and in Welsh), their exact findings, and clean twins with none."""

from __future__ import annotations

import pytest

from .family_harness import Family

pytestmark = pytest.mark.integration

GROUPS = ["cognitive", "screen-reader"]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "refresh": [("meta-refresh", "fail", "critical", ["2.2.1"], GROUPS, "head > meta:nth-of-type(3)")],
    "redirect": [("meta-refresh", "fail", "critical", ["2.2.1"], GROUPS, "head > meta:nth-of-type(3)")],
    "countdown": [("countdown", "review", "serious", ["2.2.1"], GROUPS, "#time-left")],
    "time-limit": [("time-limit-announced", "review", "moderate", ["2.2.1"], GROUPS, "main > p:nth-of-type(2)")],
    "time-limit-cy": [("time-limit-announced", "review", "moderate", ["2.2.1"], GROUPS, "main > p:nth-of-type(2)")],
}
FAMILY = Family("timing", EXPECTED)
PAGES = FAMILY.pages
url, row = FAMILY.url, FAMILY.row


@pytest.fixture(scope="module")
def audit(server, tmp_path_factory):
    return FAMILY.audit(tmp_path_factory, server)


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    FAMILY.assert_exact_findings(audit[1], server, name)


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_none(audit, server, name):
    assert row(audit[1], server, f"{name}-clean")["findings"] == []


def test_what_the_findings_say(audit, server):
    document = audit[1]
    (refresh,) = row(document, server, "refresh")["findings"]
    assert refresh["summary"] == "The page reloads itself every 600 seconds (meta refresh)."
    assert row(document, server, "refresh")["metrics"]["refresh_after_ms"] == 600_000
    (moved,) = row(document, server, "redirect")["findings"]
    assert moved["summary"] == f"The page sends people to {url(server, 'refresh-clean')} after 45 seconds (meta refresh)."
    assert moved["help_url"] == "https://www.w3.org/WAI/WCAG22/Understanding/timing-adjustable.html"
    (countdown,) = row(document, server, "countdown")["findings"]
    assert countdown["summary"].startswith("A clock on the page counts down (")
    assert row(document, server, "countdown")["metrics"]["countdowns"] == 1
    clean = row(document, server, "countdown-clean")["metrics"]
    assert clean["countdowns"] == 0 and clean["clocks_seen"] == 1  # the clock going up was watched, and is no limit
    (welsh,) = row(document, server, "time-limit-cy")["findings"]
    assert "dod i ben" in welsh["summary"]


def test_a_review_does_not_fail_the_run(audit):
    code, document = audit
    assert document["summary"]["by_impact"]["critical"] == 2  # the two meta refreshes
    assert code == 2
