"""The forms family through the real CLI and Chromium, on both engines: the
fixture pages under tests/fixtures/site/forms/ (radio buttons with no
question round them, an empty legend, a field named only by its
placeholder, two fields of one label, a hint and an error message not tied
to their fields), their exact findings, and clean twins with none."""

from __future__ import annotations

import pytest

from .family_harness import ENGINES, Family

pytestmark = pytest.mark.integration

GROUPS = ["screen-reader", "cognitive"]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "choices": [("choices-not-grouped", "fail", "serious", ["1.3.1", "3.3.2"], GROUPS, "#has-yes")],
    "empty-legend": [("empty-legend", "fail", "serious", ["1.3.1"], GROUPS, "fieldset")],
    "placeholder": [("placeholder-label", "fail", "serious", ["3.3.2"], GROUPS, "#postcode")],
    "duplicate-label": [("duplicate-label", "fail", "moderate", ["2.4.6", "1.3.1"], GROUPS, "#line2")],
    "hint": [("hint-not-described", "fail", "serious", ["1.3.1", "3.3.2"], GROUPS, "form > div:nth-of-type(1) > p"),
             ("hint-not-described", "fail", "serious", ["1.3.1", "3.3.2"], GROUPS, "#email-error")],
}
FAMILY = Family("forms", EXPECTED)
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
    (choices,) = row(document, server, "choices")["findings"]
    assert choices["summary"] == "2 radio buttons named “has-bin” are not grouped with their question."
    (placeholder,) = row(document, server, "placeholder")["findings"]
    assert placeholder["summary"] == "The field “Postcode” is named only by its placeholder."
    (same,) = row(document, server, "duplicate-label")["findings"]
    assert same["summary"] == "2 fields have the same label, “Address line”."
    hint, error = row(document, server, "hint")["findings"]
    assert hint["summary"] == "The hint “It is 8 digits, on the letter we sent you.” is not tied to the field “Reference number”."
    assert error["summary"] == "The error message “Enter an email address” is not tied to the field “Email address”."
    assert row(document, server, "hint-clean")["metrics"]["form_fields"] == 4
