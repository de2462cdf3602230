"""The order family through the real CLI and Chromium, on both engines: the
fixture pages under tests/fixtures/site/order/ (steps moved by flex
``order``, a total drawn before its item by ``row-reverse``, a summary put
first by grid areas, a paragraph placed below the next by ``position:
absolute``, a run of ``float: right``, two links whose Tab order runs
against how they are drawn), their exact findings, and clean twins with
none (among them a sticky header, an image floated left and CSS columns)."""

from __future__ import annotations

import pytest

from .family_harness import ENGINES, Family

pytestmark = pytest.mark.integration

GROUPS = ["screen-reader", "cognitive"]
REVIEW = ("visual-order-differs-from-reading-order", "review", "moderate", ["1.3.2"], GROUPS)

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "flex-order": [(*REVIEW, "#steps")],
    "row-reverse": [(*REVIEW, "#total")],
    "grid": [(*REVIEW, "#pay")],
    "absolute": [(*REVIEW, "#notice")],
    "float-right": [(*REVIEW, "#pager")],
    "focus": [("focus-order-differs-from-visual-order", "fail", "serious", ["2.4.3", "1.3.2"],
               ["keyboard", "screen-reader", "cognitive"], "#actions")],
}
FAMILY = Family("order", EXPECTED)
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
    (steps,) = row(document, server, "flex-order")["findings"]
    assert steps["summary"] == "CSS shows 3 blocks in #steps in another order than they are read."
    assert steps["detail"].startswith("“Step 2: tell us which bins you have.” is shown before “Step 1: check you live in the borough.”, "
                                      "which is read first; “Step 3: pay for the garden waste collection.” is shown before “Step 1")
    assert "Caused by order: 3 on #steps > p:nth-of-type(1). A screen reader" in steps["detail"]
    (grid,) = row(document, server, "grid")["findings"]
    assert "grid placement (" in grid["detail"]
    (absolute,) = row(document, server, "absolute")["findings"]
    assert "position: absolute on #notice > p:nth-of-type(1)" in absolute["detail"]
    (floated,) = row(document, server, "float-right")["findings"]
    assert "float: right on #pager > p:nth-of-type(1)" in floated["detail"]
    (focus,) = row(document, server, "focus")["findings"]
    assert focus["detail"].startswith("“Change your answers” is shown before “Send application”, which is read first.")
    assert row(document, server, "focus-clean")["metrics"]["order_blocks"] == 6
