"""The hears family (what a screen reader hears) through the real CLI and
Chromium, on both engines: the fixture pages under
tests/fixtures/site/hears/ (one barrier page and one clean twin per rule),
their exact findings, the transcript kept with the page's row, and how it
stands beside axe-core (one barrier reported once; axe's best-practice
rules that name a barrier for review by default)."""

from __future__ import annotations

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

GROUPS = ["screen-reader", "cognitive"]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, target selector)
EXPECTED = {
    "vague-link": [("vague-link-text", "review", "serious", ["2.4.4"], "main > p:nth-of-type(2) > a"),
                   ("vague-link-text", "review", "serious", ["2.4.4"], "main > p:nth-of-type(3) > a")],
    "same-name": [("same-name-different-places", "review", "moderate", ["2.4.4"], "ul > li:nth-of-type(1) > a"),
                  ("same-name-different-places", "review", "moderate", ["2.4.4"], "tbody > tr:nth-of-type(2) > td:nth-of-type(2) > button")],
    "adjacent-links": [("adjacent-duplicate-links", "review", "minor", [], "#rivers-text")],
    "alt-says-nothing": [("alt-says-nothing", "fail", "serious", ["1.1.1"], "#photo"),
                         ("alt-says-nothing", "fail", "serious", ["1.1.1"], "#generic")],
    "alt-repeats": [("alt-repeats-link-text", "review", "minor", [], "#help-icon")],
    "title-repeats": [("title-repeats-name", "review", "minor", [], "#prices")],
    "title-contradicts": [("title-contradicts-name", "review", "moderate", ["2.4.6"], "#next")],
    "empty-heading": [("empty-heading", "review", "moderate", ["2.4.6"], "#empty")],
    "no-h1": [("no-level-one-heading", "review", "moderate", ["1.3.1"], "#first")],
    "skipped-level": [("skipped-heading-level", "review", "minor", ["1.3.1"], "#deep")],
    "no-main": [("no-main-landmark", "review", "moderate", ["1.3.1"], "html")],
    "no-skip": [("no-level-one-heading", "review", "moderate", ["1.3.1"], "html"),
                ("no-main-landmark", "fail", "serious", ["1.3.1", "2.4.1"], "html")],
}
PAGES = tuple(EXPECTED)
ENGINES = ("playwright", "selenium")


def url(server, name):
    return server.url(f"hears/{name}.html")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")]
    code, document = run_cli(tmp_path_factory.mktemp(f"hears-{request.param}"),
                             [*urls, "--checks", "hears", "--engine", request.param], profile=None)
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
    got = [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["targets"][0]["selector"]) for f in findings]
    assert got == EXPECTED[name]
    assert all(f["check"] == "hears" and f["groups"] == GROUPS for f in findings)


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_none(audit, server, name):
    assert row(audit[1], server, f"{name}-clean")["findings"] == []


def test_shared_names_name_every_element(audit, server):
    links, buttons = row(audit[1], server, "same-name")["findings"]
    assert [t["selector"] for t in links["targets"]] == ["ul > li:nth-of-type(1) > a", "ul > li:nth-of-type(2) > a"]
    assert links["summary"] == "2 links named “Apply” lead to 2 different places: a screen reader says “Apply, Apply”."
    assert [t["selector"] for t in buttons["targets"]] == ["tbody > tr:nth-of-type(2) > td:nth-of-type(2) > button",
                                                           "tbody > tr:nth-of-type(3) > td:nth-of-type(2) > button"]


def test_the_transcript_is_kept_with_the_page(audit, server):
    heard = row(audit[1], server, "no-skip-clean")["screen_reader"]
    assert [line["text"] for line in heard] == [
        "link, Skip to main content",
        "banner landmark",
        "navigation landmark, Site",
        "link, Home", "link, Rivers", "link, Prices", "link, Contact",
        "main landmark",
        "heading level 1, Apply for a fishing licence",
        "Fishing licences are sold for a day, eight days or a year.",
    ]
    assert heard[3] == {"role": "link", "name": "Home", "level": None, "states": [], "landmark": "navigation",
                        "selector": "nav > a:nth-of-type(1)", "text": "link, Home"}
    assert heard[8]["level"] == 1 and heard[9]["landmark"] == "main" and heard[9]["selector"] == "p"
    assert row(audit[1], server, "no-skip-clean")["metrics"]["heard_lines"] == 10


@pytest.fixture(scope="module")
def with_axe(server, tmp_path_factory):
    names = ("empty-heading", "no-h1", "no-main", "no-skip", "alt-says-nothing")
    code, document = run_cli(tmp_path_factory.mktemp("hears-axe"), [*(url(server, n) for n in names), "--checks", "axe,hears"], profile=None)
    assert document is not None
    return document


def rules(document, server, name):
    return [(f["check"], f["rule"], f["outcome"]) for f in row(document, server, name)["findings"] if f["rule"] != "css-orientation-lock"]


def test_a_barrier_axe_reports_is_reported_once(with_axe, server):
    assert rules(with_axe, server, "empty-heading") == [("axe", "empty-heading", "review")]
    assert rules(with_axe, server, "no-h1") == [("axe", "page-has-heading-one", "review")]
    assert rules(with_axe, server, "no-main") == [("axe", "landmark-one-main", "review")]
    # axe cannot tell whether the page has a way past its navigation (review); ours can (fail), and is kept
    assert rules(with_axe, server, "no-skip") == [("axe", "landmark-one-main", "review"), ("axe", "page-has-heading-one", "review"),
                                                  ("axe", "bypass", "review"), ("hears", "no-main-landmark", "fail")]
    # axe has no rule for an alternative that is a file name
    assert rules(with_axe, server, "alt-says-nothing") == [("hears", "alt-says-nothing", "fail")] * 2


def test_axe_best_practice_rules_that_name_a_barrier_are_for_review_by_default(with_axe, server):
    (finding,) = [f for f in row(with_axe, server, "empty-heading")["findings"] if f["rule"] == "empty-heading"]
    assert (finding["outcome"], finding["impact"], finding["wcag"], finding["targets"][0]["selector"]) == ("review", "minor", [], "#empty")
    assert "best-practice" in finding["tags"]
    table = {r["id"]: r for r in with_axe["rules"]}
    assert table["axe/empty-heading"]["outcome"] == "review"


def test_best_practice_keeps_its_meaning(server, tmp_path):
    _, document = run_cli(tmp_path, [url(server, "empty-heading"), "--checks", "axe", "--best-practice"], profile=None)
    assert ("axe", "empty-heading", "fail") in rules(document, server, "empty-heading")
