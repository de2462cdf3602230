"""axe-core results into findings: WCAG criteria, groups, selectors, outcomes."""

from __future__ import annotations

import copy

import pytest

from auditor.registry import CHECKS
from auditor.checks.axe import (
    CATEGORY_GROUPS,
    RULE_GROUPS,
    SNIPPET_LIMIT,
    evaluate,
    findings_from_axe,
    groups_for,
    selector_text,
    wcag_criteria,
)
from auditor.checks.base import PageContext
from auditor.config import AuditConfig
from auditor.model import GROUPS, fingerprint

PAGE = "https://example.org/form#step-2"

# wcag_criteria


@pytest.mark.parametrize(
    "tag, criterion",
    [("wcag111", "1.1.1"), ("wcag1410", "1.4.10"), ("wcag412", "4.1.2"), ("wcag143", "1.4.3"), ("wcag258", "2.5.8"), ("wcag1412", "1.4.12")],
)
def test_wcag_criterion_from_tag(tag, criterion):
    assert wcag_criteria([tag]) == (criterion,)


def test_wcag_level_and_other_tags_are_skipped():
    tags = ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "cat.color", "best-practice", "EN-9.1.1.1", "ACT", "TTv5", "section508.22.a", "RGAA-1.1.1"]
    assert wcag_criteria(tags) == ()


def test_wcag_criteria_sorted_numerically_and_deduplicated():
    tags = ["wcag412", "wcag21aa", "wcag1410", "wcag143", "wcag2a", "wcag111", "wcag143", "wcag244"]
    # numeric, not string order: 1.4.3 before 1.4.10
    assert wcag_criteria(tags) == ("1.1.1", "1.4.3", "1.4.10", "2.4.4", "4.1.2")


def test_wcag_criteria_accepts_any_iterable():
    assert wcag_criteria(iter(("wcag131", "wcag111"))) == ("1.1.1", "1.3.1")
    assert wcag_criteria(()) == ()


# groups_for


def test_groups_from_category_tag():
    assert groups_for("color-contrast", ["cat.color", "wcag2aa", "wcag143"]) == ("low-vision",)
    assert groups_for("label", ["cat.forms", "wcag2a"]) == ("screen-reader", "cognitive")


def test_groups_from_several_categories_keep_order_without_duplicates():
    assert groups_for("some-rule", ["cat.keyboard", "cat.structure", "cat.aria"]) == ("keyboard", "screen-reader", "cognitive")


def test_rule_override_wins_over_category():
    assert groups_for("image-alt", ["cat.text-alternatives", "wcag111"]) == ("screen-reader", "low-bandwidth")
    assert groups_for("target-size", ["cat.sensory-and-visual-cues"]) == ("low-vision", "older-devices")
    assert groups_for("meta-viewport", []) == ("low-vision",)


def test_groups_fallback_is_screen_reader():
    assert groups_for("new-rule", ["wcag2a", "cat.unknown"]) == ("screen-reader",)
    assert groups_for("new-rule", []) == ("screen-reader",)


def test_every_mapped_group_is_a_known_group():
    for groups in (*CATEGORY_GROUPS.values(), *RULE_GROUPS.values()):
        assert groups and set(groups) <= set(GROUPS)


# selector_text


@pytest.mark.parametrize(
    "target, text",
    [
        (["#main > img"], "#main > img"),
        ("#already-a-string", "#already-a-string"),
        (["iframe#pay", "button.submit"], "iframe#pay >>> button.submit"),
        (["iframe#a", "iframe#b", "input"], "iframe#a >>> iframe#b >>> input"),
        ([["my-widget", "button"]], "my-widget >> button"),
        ([["outer-host", "inner-host", "span"]], "outer-host >> inner-host >> span"),
        (["iframe#pay", ["card-field", "input#number"]], "iframe#pay >>> card-field >> input#number"),
        ([], ""),
        (None, ""),
    ],
)
def test_selector_text(target, text):
    assert selector_text(target) == text


# findings_from_axe


LONG_HTML = "<div>" + "x" * (SNIPPET_LIMIT * 2) + "</div>"

ARTIFACT = {
    "passes": 23,
    "violations": [
        {
            "id": "image-alt",
            "impact": "critical",
            "tags": ["cat.text-alternatives", "wcag2a", "wcag111", "section508"],
            "description": "Ensures <img> elements have alternate text",
            "help": "Images must have alternative text",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/image-alt",
            "nodes": [
                {"target": ["img.logo"], "html": '<img class="logo" src="a.png">', "impact": "critical", "failureSummary": "Fix any of the following:\n  Element does not have an alt attribute"},
                {"target": ["iframe#ad", ["ad-widget", "img"]], "html": LONG_HTML, "impact": None, "failureSummary": ""},
            ],
        },
        {
            "id": "color-contrast",
            "impact": "serious",
            "tags": ["cat.color", "wcag2aa", "wcag143"],
            "description": "Ensures contrast",
            "help": "Elements must meet minimum color contrast ratio thresholds",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/color-contrast",
            "nodes": [
                {"target": [".updated"], "html": "<p class=updated>", "impact": "moderate", "failureSummary": "Fix any: contrast 2.3"},
            ],
        },
    ],
    "incomplete": [
        {
            "id": "video-caption",
            "impact": None,
            "tags": ["cat.text-alternatives", "wcag2a", "wcag122"],
            "description": "Ensures <video> elements have captions",
            "help": "<video> elements must have captions",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/video-caption",
            "nodes": [{"target": ["video"], "html": "<video src=a.mp4>", "impact": None, "failureSummary": "Check captions"}],
        },
        {
            "id": "color-contrast",
            "impact": "serious",
            "tags": ["cat.color", "wcag2aa", "wcag143"],
            "help": "Elements must meet minimum color contrast ratio thresholds",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/color-contrast",
            "nodes": [{"target": ["h1 span"], "html": "<span>", "failureSummary": "Background could not be determined"}],
        },
    ],
}


@pytest.fixture
def findings():
    return findings_from_axe(copy.deepcopy(ARTIFACT), PAGE)


def test_one_finding_per_rule_and_node(findings):
    assert [(f.rule, f.outcome) for f in findings] == [
        ("image-alt", "fail"),
        ("image-alt", "fail"),
        ("color-contrast", "fail"),
        ("video-caption", "review"),
        ("color-contrast", "review"),
    ]
    assert all(f.check == "axe" for f in findings)


def test_violations_fail_and_incomplete_are_reviews_not_dropped(findings):
    assert sum(f.outcome == "fail" for f in findings) == 3
    assert sum(f.outcome == "review" for f in findings) == 2


def test_node_impact_overrides_rule_impact(findings):
    contrast_fail = findings[2]
    assert contrast_fail.impact == "moderate"  # node says moderate, rule says serious


def test_missing_node_impact_falls_back_to_rule_then_moderate(findings):
    assert findings[1].impact == "critical"  # node impact null -> rule's
    assert findings[3].impact == "moderate"  # both null -> moderate
    assert findings[4].impact == "serious"  # no node impact key -> rule's


def test_unknown_impacts_are_not_copied():
    artifact = {"violations": [{"id": "x-rule", "impact": "catastrophic", "tags": [], "nodes": [{"target": ["a"], "impact": "huge"}]}]}
    (finding,) = findings_from_axe(artifact, PAGE)
    assert finding.impact == "moderate"


def test_rule_metadata_is_copied(findings):
    first = findings[0]
    assert first.wcag == ("1.1.1",)
    assert first.groups == ("screen-reader", "low-bandwidth")
    assert first.summary == "Images must have alternative text"
    assert first.help_url == "https://dequeuniversity.com/rules/axe/4.12/image-alt"
    assert first.tags == ("cat.text-alternatives", "wcag2a", "wcag111", "section508")
    assert first.detail.startswith("Fix any of the following")
    assert findings[3].groups == ("hearing",)  # video-caption override
    assert findings[3].wcag == ("1.2.2",)


def test_detail_falls_back_to_rule_description(findings):
    assert findings[1].detail == "Ensures <img> elements have alternate text"


def test_targets_and_snippet_truncation(findings):
    (first,) = findings[0].targets
    assert first.selector == "img.logo"
    assert first.snippet == '<img class="logo" src="a.png">'
    assert first.box is None
    (second,) = findings[1].targets
    assert second.selector == "iframe#ad >>> ad-widget >> img"
    assert len(second.snippet) == SNIPPET_LIMIT
    assert second.snippet == LONG_HTML[:SNIPPET_LIMIT]


def test_missing_html_gives_empty_snippet():
    artifact = {"violations": [{"id": "region", "impact": "moderate", "tags": [], "nodes": [{"target": ["div"], "html": None}]}]}
    (finding,) = findings_from_axe(artifact, PAGE)
    assert finding.targets[0].snippet == ""
    assert finding.summary == "region"  # no help text: the rule id


def test_fingerprints_are_set_from_rule_page_and_selector(findings):
    for f in findings:
        assert f.fingerprint == fingerprint(f.rule, PAGE, f.targets[0].selector)
    assert findings[0].fingerprint == fingerprint("image-alt", "https://example.org/form", "img.logo")
    assert len({f.fingerprint for f in findings}) == len(findings)


def test_empty_artifact_gives_no_findings():
    assert findings_from_axe({}, PAGE) == []
    assert findings_from_axe({"violations": [], "incomplete": []}, PAGE) == []


def test_evaluate_metrics():
    page = PageContext(url=PAGE, final_url=PAGE, config=AuditConfig())
    result = evaluate({"axe": copy.deepcopy(ARTIFACT)}, page)
    assert len(result.findings) == 5
    assert dict(result.metrics) == {"axe_rules_failed": 2, "axe_rules_passed": 23, "axe_review": 2}


def test_axe_check_is_registered():
    check = CHECKS["axe"]
    assert check.needs == ("axe",)
    assert check.evaluate is evaluate
