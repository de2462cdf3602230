"""The real CLI, real Chromium and real axe-core against fixture pages with one
known barrier each, and their clean twins."""

from __future__ import annotations

import pytest

from auditor.checks.axe_words import WORDS
from auditor.collectors.axe import axe_version

from .helpers import fail_rules, page, run_cli

pytestmark = pytest.mark.integration

# page -> (rule, impact, WCAG criteria, groups, target selector), as axe-core reports them.
BARRIERS = {
    "image-alt": ("image-alt", "critical", ["1.1.1"], ["screen-reader", "low-bandwidth"], "img"),
    "label": ("label", "critical", ["4.1.2"], ["screen-reader", "cognitive"], "#card-number"),
    "color-contrast": ("color-contrast", "serious", ["1.4.3"], ["low-vision"], ".notice"),
    "link-name": ("link-name", "serious", ["2.4.4", "4.1.2"], ["screen-reader"], "a"),
    "button-name": ("button-name", "critical", ["4.1.2"], ["screen-reader"], "button"),
    "html-has-lang": ("html-has-lang", "serious", ["3.1.1"], ["screen-reader"], "html"),
    "document-title": ("document-title", "serious", ["2.4.2"], ["screen-reader", "cognitive"], "html"),
}


@pytest.fixture(scope="module")
def audit(server, tmp_path_factory, validate):
    urls = [server.url(f"{name}{suffix}.html") for name in BARRIERS for suffix in ("", "-clean")]
    urls.append(server.url("clean.html"))
    code, document = run_cli(tmp_path_factory.mktemp("axe"), urls)
    validate(document)
    return code, document


@pytest.mark.parametrize("name", sorted(BARRIERS))
def test_barrier_page_reports_exactly_its_rule(audit, server, name):
    _, document = audit
    rule, impact, wcag, groups, selector = BARRIERS[name]
    row = page(document, server.url(f"{name}.html"))
    assert row["error"] is None
    assert row["status"] == 200
    assert fail_rules(row) == [rule]
    (finding,) = [f for f in row["findings"] if f["outcome"] == "fail"]
    assert finding["check"] == "axe"
    assert finding["impact"] == impact
    assert finding["wcag"] == wcag
    assert finding["groups"] == groups
    assert finding["targets"][0]["selector"] == selector
    assert finding["targets"][0]["snippet"].startswith("<")
    assert finding["help_url"].startswith("https://dequeuniversity.com/rules/axe/")
    assert len(finding["fingerprint"]) == 20


@pytest.mark.parametrize("name", sorted(BARRIERS))
def test_clean_twin_has_no_findings(audit, server, name):
    _, document = audit
    row = page(document, server.url(f"{name}-clean.html"))
    assert row["error"] is None
    assert row["findings"] == []
    assert row["metrics"]["axe_rules_passed"] > 0


def test_the_rule_table_speaks_plainly_and_keeps_axes_words(audit, server):
    """The run's rule table describes axe's rules in the plain words of the
    table, with axe's own help (what each finding's summary says) as the
    technical text; the findings themselves keep axe's wording."""
    _, document = audit
    rules = {entry["id"]: entry for entry in document["rules"]}
    for name in BARRIERS:
        (finding,) = [f for f in page(document, server.url(f"{name}.html"))["findings"] if f["outcome"] == "fail"]
        entry, words = rules[f"axe/{name}"], WORDS[name]
        assert (entry["description"], entry["how_to_fix"], entry["fixed_by"]) == (words.description, words.how_to_fix, words.fixed_by)
        assert entry["technical"] == finding["summary"] != words.description
    assert rules["axe/image-alt"]["technical"] == "Images must have alternative text"


def test_run_record_and_exit_code(audit, server):
    code, document = audit
    assert code == 2  # critical and serious barriers, default --fail-on serious
    assert document["tool"]["axe_version"] == axe_version() != "unknown"
    assert document["tool"]["engine"] == "playwright"
    assert document["tool"]["browser"].startswith("Chromium ")
    assert document["run"]["complete"] is True
    assert document["summary"]["pages"] == 15
    assert document["summary"]["by_impact"] == {"critical": 3, "serious": 4, "moderate": 0, "minor": 0}
    assert page(document, server.url("clean.html"))["title"]


def test_fail_on_critical_and_none(server, tmp_path):
    serious_only = [server.url("color-contrast.html")]
    assert run_cli(tmp_path / "a", [*serious_only, "--fail-on", "critical"])[0] == 0
    assert run_cli(tmp_path / "b", [*serious_only, "--fail-on", "serious"])[0] == 2
    assert run_cli(tmp_path / "c", [server.url("image-alt.html"), "--fail-on", "none"])[0] == 0


def test_clean_page_exits_zero_without_store(server, tmp_path, validate):
    code, document = run_cli(tmp_path, [server.url("clean.html")], db=False)
    assert code == 0
    validate(document)
    assert not (tmp_path / "runs.sqlite3").exists()
