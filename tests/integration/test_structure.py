"""The structure family through the real CLI and Chromium, on both engines:
the fixture pages under tests/fixtures/site/structure/ (a data table with
no headers, two-way headers with no scope, a nested table, a layout table
with headers, an image whose alt and title differ, one with an empty alt
and a title, center and font elements, a colour that carries meaning),
their exact findings, and clean twins with none."""

from __future__ import annotations

import pytest

from .family_harness import ENGINES, Family
from .helpers import run_cli

pytestmark = pytest.mark.integration

GROUPS = ["screen-reader", "cognitive"]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "data-table": [("data-table-without-headers", "fail", "serious", ["1.3.1"], GROUPS, "#days")],
    "two-way": [("two-way-headers-without-scope", "fail", "moderate", ["1.3.1"], GROUPS, "tbody > tr:nth-of-type(1) > th:nth-of-type(1)")],
    "nested": [("nested-table", "fail", "moderate", ["1.3.1"], GROUPS, "#inner")],
    "layout-table": [("layout-table-with-data-markup", "fail", "moderate", ["1.3.1"], GROUPS, "#contact")],
    "alt-title": [("alt-title-differ", "review", "minor", ["1.3.1"], GROUPS, "#photo")],
    "empty-alt-title": [("empty-alt-with-title", "review", "moderate", ["1.3.1"], GROUPS, "#icon")],
    "presentational": [("presentational-markup", "fail", "minor", ["1.3.1"], GROUPS, "center")],
    "colour": [("colour-only-meaning", "review", "serious", ["1.3.1", "1.4.1"], ["low-vision", *GROUPS], "#when")],
}
FAMILY = Family("structure", EXPECTED)
PAGES = FAMILY.pages
url, row = FAMILY.url, FAMILY.row


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
    (table,) = row(document, server, "data-table")["findings"]
    assert table["summary"] == "A table of 3 rows and 2 columns has no header cells."
    (layout,) = row(document, server, "layout-table")["findings"]
    assert layout["summary"] == "A table marked role=\"presentation\" has th."
    (image,) = row(document, server, "alt-title")["findings"]
    assert image["summary"] == "An image's alternative “The new library on Mill Street” and tooltip “Opening day, 4 May” say different things."
    (old,) = row(document, server, "presentational")["findings"]
    assert old["summary"] == "3 presentational elements (<center>, <font>)."
    (colour,) = row(document, server, "colour")["findings"]
    assert colour["summary"] == "The page gives red a meaning, and 1 element (“When was the bin due?”) is marked only in red."
    assert row(document, server, "nested-clean")["metrics"]["tables"] == 3   # a data table, and a layout table round another


def test_axes_table_rules_run_for_review(server, tmp_path):
    """axe-core has these, so the family leaves them to it: a ``scope`` that
    is no scope, and a caption and summary that say the same (a rule axe keeps
    off unless enabled), are reported by axe for review on every audit."""
    code, document = run_cli(tmp_path, [url(server, "axe-tables"), "--checks", "axe"], profile=None)
    findings = row(document, server, "axe-tables")["findings"]
    got = sorted((f["check"], f["rule"], f["outcome"]) for f in findings if f["rule"] in ("scope-attr-valid", "table-duplicate-name"))
    assert got == [("axe", "scope-attr-valid", "review"), ("axe", "table-duplicate-name", "review")]
