"""The offline family through the real CLI and Chromium, on both engines: the
fixture pages under tests/fixtures/site/offline/ (a service start page with
no way in but online, in English and in Welsh; a form that demands a mobile
number; a sign-in step whose code comes only by text message), their exact
findings, and clean twins (a telephone number, a postal address, an "I do not
have a mobile phone" choice, a code by post) with none."""

from __future__ import annotations

import pytest

from .family_harness import ENGINES, Family

pytestmark = pytest.mark.integration

GROUPS = ["no-internet-or-phone"]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "start": [("no-other-way-in", "fail", "serious", [], GROUPS, "a")],
    "start-cy": [("no-other-way-in", "fail", "serious", [], GROUPS, "a")],
    "mobile": [("requires-mobile-or-email", "fail", "serious", [], GROUPS, "#mobile")],
    "sign-in": [("verification-by-text-or-app-only", "fail", "serious", [], GROUPS, "main > p:nth-of-type(1)")],
}
ROUTES = {"start": "none", "start-clean": "telephone", "start-cy": "none", "start-cy-clean": "post",
          "mobile": "telephone", "mobile-clean": "telephone", "sign-in": "telephone", "sign-in-clean": "telephone"}

FAMILY = Family("offline", EXPECTED)
PAGES = FAMILY.pages
row = FAMILY.row


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    return FAMILY.audit(tmp_path_factory, server, request.param)


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    FAMILY.assert_exact_findings(audit[1], server, name)


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_none(audit, server, name):
    assert row(audit[1], server, f"{name}-clean")["findings"] == []


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_the_route_found_is_a_metric(audit, server, name):
    assert row(audit[1], server, name)["metrics"]["other_ways_in"] == ROUTES[name]


def test_what_the_findings_say(audit, server):
    document = audit[1]
    (start,) = row(document, server, "start")["findings"]
    assert start["summary"] == "The page starts a service (its start button “Start now”) but offers no way in other than online."
    (mobile,) = row(document, server, "mobile")["findings"]
    assert mobile["summary"] == "The field “Mobile number” requires a phone number, with no other way through."
    (code,) = row(document, server, "sign-in")["findings"]
    assert "security code by text message" in code["summary"]


def test_the_group_is_counted_among_who_is_excluded(audit):
    code, document = audit
    assert document["summary"]["by_group"]["no-internet-or-phone"] == {"findings": 4, "pages": 4}
    assert document["summary"]["by_impact"]["serious"] == 4
    assert code == 2  # serious barriers: at or above the default --fail-on
