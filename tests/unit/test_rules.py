"""Rules as data: each family's RULES, the one builder, the run document's
rule table, the reporters reading descriptions from it, and the README's
rule tables kept equal to RULES (no browser)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from auditor import rules_table
from auditor.registry import CHECKS, declared_rules, rule_table
from auditor.checks.axe import axe_rule
from auditor.checks.axe_words import WORDS
from auditor.checks.base import PageContext, family_options
from auditor.config import AuditConfig
from auditor.journeys import RULES as JOURNEY_RULES
from auditor.model import Target, fingerprint
from auditor.reports import sarif
from auditor.rule import Rule, by_id, describe, rule_index

URL = "https://council.example/apply"


def test_every_family_declares_its_rules_once_with_words_for_people():
    rules = declared_rules(JOURNEY_RULES)
    assert len({r.full_id for r in rules}) == len(rules)
    for check in CHECKS.values():
        assert all(r.family == check.id for r in check.rules)
        if check.id != "axe":  # axe-core's rules come from axe at run time
            assert check.rules, check.id
    for rule in rules:
        assert rule.description.endswith(".") and rule.how_to_fix.endswith("."), rule.full_id
        assert rule.help_url.startswith("https://"), rule.full_id


def test_a_rule_is_checked_when_declared():
    with pytest.raises(ValueError, match="unknown impact"):
        Rule("x", "reading", "huge", (), ("cognitive",), "", "X.")
    with pytest.raises(ValueError, match="unknown group"):
        Rule("x", "reading", "minor", (), ("everyone",), "", "X.")
    rule = Rule("x", "reading", "minor", (), ("cognitive",), "", "X.")
    with pytest.raises(ValueError, match="declared twice"):
        by_id([rule, rule])


def test_the_builder_carries_the_rules_facts_unless_a_finding_differs():
    rule = CHECKS["reflow"].rules[0]
    target = Target("#wide", "<div id=wide>")
    plain = rule.finding(URL, (target,), "Too wide.", "Detail.")
    assert (plain.check, plain.rule, plain.outcome, plain.impact, plain.wcag, plain.groups, plain.help_url) == (
        "reflow", "horizontal-scroll-at-320px", "fail", "serious", ("1.4.10",), ("low-vision", "older-devices"), rule.help_url)
    assert plain.fingerprint == fingerprint("horizontal-scroll-at-320px", URL, "#wide")
    review = rule.finding(URL, (target,), "A table.", outcome="review", impact="moderate", key="table")
    assert (review.outcome, review.impact, review.fingerprint) == ("review", "moderate", fingerprint(rule.id, URL, "table"))


def test_axe_rules_are_built_from_axe_metadata_in_one_place():
    meta = {"id": "image-alt", "impact": "critical", "tags": ["cat.text-alternatives", "wcag2a", "wcag111"],
            "help": "Images must have alternative text", "helpUrl": "https://dequeuniversity.com/rules/axe/4.10/image-alt"}
    rule = axe_rule(meta)
    assert (rule.full_id, rule.impact, rule.wcag, rule.groups, rule.technical) == (
        "axe/image-alt", "critical", ("1.1.1",), ("screen-reader", "low-bandwidth"), "Images must have alternative text")
    assert (rule.description, rule.how_to_fix, rule.fixed_by) == (
        WORDS["image-alt"].description, WORDS["image-alt"].how_to_fix, "design")


def finding_dict(check, rule, impact="serious", outcome="fail", summary="S", tags=()):
    return {"check": check, "rule": rule, "impact": impact, "outcome": outcome, "summary": summary, "help_url": "",
            "tags": list(tags), "wcag": [], "groups": []}


def test_the_run_rule_table_holds_its_families_rules_and_the_axe_rules_found():
    found = [finding_dict("axe", "label", "critical", tags=["cat.forms", "wcag412"], summary="Form elements must have labels"),
             finding_dict("axe", "label", "serious"), finding_dict("axe", "region", "moderate", "review")]
    table = rule_table(("axe", "reading"), found, JOURNEY_RULES)
    ids = [entry["id"] for entry in table]
    assert ids[:2] == ["axe/label", "axe/region"]
    assert ids[2:] == [r.full_id for r in CHECKS["reading"].rules]
    label = table[0]
    assert (label["impact"], label["outcome"], label["wcag"]) == ("critical", "fail", ["4.1.2"])
    # plain words from the table; axe's own help, read back from the findings' summary, as the technical text
    assert (label["description"], label["technical"]) == (WORDS["label"].description, "Form elements must have labels")
    assert table[1]["outcome"] == "review"
    # A rule of a family the run did not choose is there when a finding is of it (a journey's, say).
    journey = rule_table(("reading",), [finding_dict("nojs", "journey-needs-javascript")], JOURNEY_RULES)
    assert "nojs/journey-needs-javascript" in [e["id"] for e in journey]
    assert "nojs/link-needs-javascript" not in [e["id"] for e in journey]


def test_reporters_describe_rules_from_the_document():
    document = {"rules": [{"id": "reading/jargon", "description": "Said by the document.", "how_to_fix": "Fix it so."}]}
    index = rule_index(document)
    assert describe(index, "reading", "jargon", "fallback") == "Said by the document."
    assert describe(index, "reading", "long-sentence", "fallback") == "fallback"
    page = {"url": URL, "final_url": URL, "error": None, "findings": [{**finding_dict("reading", "jargon"), "targets": [], "fingerprint": "f"}]}
    tool = {"name": "inclusion-audit", "version": "1", "axe_version": "4", "engine": "playwright", "browser": "chromium"}
    run = {"id": "r1", "started": "2025-01-01T00:00:00+00:00", "finished": ""}
    out = json.loads(sarif.render({**document, "tool": tool, "run": run, "summary": {"fail_on": "serious"}, "pages": [page]}))
    (rule,) = out["runs"][0]["tool"]["driver"]["rules"]
    assert rule["shortDescription"]["text"] == "Said by the document." and rule["help"]["text"] == "Fix it so."


# Options


@pytest.mark.parametrize("family", [c.id for c in CHECKS.values() if c.parse_options is not None])
def test_each_family_parses_its_table_once_into_frozen_options(family):
    options = family_options(CHECKS[family], {})
    assert dataclasses.is_dataclass(options)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(options, "x", 1)
    with pytest.raises(ValueError, match=f"\\[{family}\\]"):
        family_options(CHECKS[family], {"no_such_setting": 1})


def test_run_settings_reach_only_the_families_that_read_them():
    run = AuditConfig(checks=("bandwidth", "keyboard"), throttle="applied", throttle_profile="2G", viewport_height=640)
    bandwidth = family_options(CHECKS["bandwidth"], {"budget_requests": 10}, run)
    assert (bandwidth.budget_requests, bandwidth.throttle, bandwidth.throttle_profile) == (10, "applied", "2G")
    assert family_options(CHECKS["keyboard"], {}, run).viewport_height == 640
    # A run setting is not a setting of the family's table.
    with pytest.raises(ValueError, match="has no setting 'throttle'"):
        family_options(CHECKS["bandwidth"], {"throttle": "applied"})


def test_a_check_gets_its_options_not_the_config():
    assert [f.name for f in dataclasses.fields(PageContext)] == ["url", "final_url", "options"]


# README


def test_readme_rule_tables_are_written_from_rules():
    text = rules_table.README.read_text(encoding="utf-8")
    assert rules_table.section(text) == rules_table.expected(), (
        f"README.md's rule tables differ from the families' RULES: run `{rules_table.COMMAND}` to write them again")
