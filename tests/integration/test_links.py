"""The links family through the real CLI and Chromium, on both engines:
the fixture pages under tests/fixtures/site/links/ (a link with
target="_blank", one opened by window.open, abbreviations used before they
are explained), their exact findings, and clean twins with none (warnings
in English and Welsh, expansions before and after, an abbr with a title, a
heading set in capitals)."""

from __future__ import annotations

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

NEW_WINDOW = ("new-window-unwarned", "review", "moderate", ["3.2.5"], ["screen-reader", "cognitive"])
ABBREVIATION = ("abbreviation-unexpanded", "review", "minor", [], ["cognitive"])

# page -> the findings it must have, in order: (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "new-window": [(*NEW_WINDOW, "main > p:nth-of-type(2) > a")],
    "window-open": [(*NEW_WINDOW, "main > p:nth-of-type(2) > a")],
    "abbreviation": [(*ABBREVIATION, "abbr"), (*ABBREVIATION, "main > p:nth-of-type(2)")],
}
PAGES = tuple(EXPECTED)
ENGINES = ("playwright", "selenium")


def url(server, name):
    return server.url(f"links/{name}.html")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")]
    code, document = run_cli(tmp_path_factory.mktemp(f"links-{request.param}"),
                             [*urls, "--checks", "links", "--engine", request.param], profile=None)
    assert document is not None
    return code, document


def row(document, server, name):
    result = page(document, url(server, name))
    assert result["error"] is None
    assert result["check_errors"] == []
    return result


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    findings = row(audit[1], server, name)["findings"]
    got = [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["groups"], f["targets"][0]["selector"]) for f in findings]
    assert got == EXPECTED[name]
    assert all(f["check"] == "links" for f in findings)


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
