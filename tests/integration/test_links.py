"""The links family through the real CLI and Chromium, on both engines:
the fixture pages under tests/fixtures/site/links/ (a link with
target="_blank", one opened by window.open, abbreviations used before they
are explained), their exact findings, and clean twins with none (warnings
in English and Welsh, expansions before and after, an abbr with a title, a
heading set in capitals)."""

from __future__ import annotations

import pytest

from .family_harness import ENGINES, Family

pytestmark = pytest.mark.integration

NEW_WINDOW = ("new-window-unwarned", "review", "moderate", ["3.2.5"], ["screen-reader", "cognitive"])
ABBREVIATION = ("abbreviation-unexpanded", "review", "minor", [], ["cognitive"])

# page -> the findings it must have, in order: (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "new-window": [(*NEW_WINDOW, "main > p:nth-of-type(2) > a")],
    "window-open": [(*NEW_WINDOW, "main > p:nth-of-type(2) > a")],
    "abbreviation": [(*ABBREVIATION, "abbr"), (*ABBREVIATION, "main > p:nth-of-type(2)")],
}
FAMILY = Family("links", EXPECTED)
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


def test_what_the_findings_say(audit, server):
    document = audit[1]
    (link,) = row(document, server, "new-window")["findings"]
    assert link["summary"] == "The link “Pay your parking fine online” opens a new window or tab (target=\"_blank\") without saying so."
    (scripted,) = row(document, server, "window-open")["findings"]
    assert "by a script (window.open)" in scripted["summary"]
    pip, dvla = row(document, server, "abbreviation")["findings"]
    assert pip["summary"] == "“PIP” is used without saying what it stands for."
    assert dvla["summary"] == "“DVLA” is used without saying what it stands for."
    assert row(document, server, "abbreviation")["metrics"]["unexpanded_abbreviations"] == 2
    assert row(document, server, "new-window-clean")["metrics"]["new_window_unwarned"] == 0


def test_reviews_do_not_fail_the_run(audit):
    code, document = audit
    assert document["summary"]["by_impact"]["critical"] == 0
    assert code == 0
