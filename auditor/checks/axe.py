"""axe-core results as findings.

axe's own impact and tags are copied, never retyped. Violations become
``fail``; incomplete results ("needs review") become ``review``, never dropped.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ..model import IMPACTS, Finding, Target, fingerprint
from .base import Check, CheckResult, Metric, PageContext

SNIPPET_LIMIT = 600

METRICS = (
    Metric("axe_rules_failed", "axe-core rules", "count", "axe-core rules that failed on the page.",
           phrase="{value} failed, {axe_rules_passed} passed"),
    Metric("axe_rules_passed", "axe-core rules passed", "count", "axe-core rules that passed on the page.", shown="in-phrase"),
)

# Who is excluded, by axe-core's rule category tag (cat.*). A rule may also be
# listed under RULE_GROUPS when its category alone says too little.
CATEGORY_GROUPS: Mapping[str, tuple[str, ...]] = {
    "cat.aria": ("screen-reader",),
    "cat.color": ("low-vision",),
    "cat.forms": ("screen-reader", "cognitive"),
    "cat.keyboard": ("keyboard", "screen-reader"),
    "cat.language": ("screen-reader",),
    "cat.name-role-value": ("screen-reader",),
    "cat.parsing": ("screen-reader",),
    "cat.semantics": ("screen-reader",),
    "cat.sensory-and-visual-cues": ("low-vision", "cognitive"),
    "cat.structure": ("screen-reader", "cognitive"),
    "cat.tables": ("screen-reader",),
    "cat.text-alternatives": ("screen-reader",),
    "cat.time-and-media": ("hearing", "cognitive"),
}

RULE_GROUPS: Mapping[str, tuple[str, ...]] = {
    "meta-viewport": ("low-vision",),
    "meta-viewport-large": ("low-vision",),
    "meta-refresh": ("cognitive", "screen-reader"),
    "meta-refresh-no-exceptions": ("cognitive", "screen-reader"),
    "video-caption": ("hearing",),
    "audio-caption": ("hearing",),
    "no-autoplay-audio": ("screen-reader", "cognitive"),
    "blink": ("cognitive", "low-vision"),
    "marquee": ("cognitive", "low-vision"),
    "scrollable-region-focusable": ("keyboard",),
    "target-size": ("low-vision", "older-devices"),
    "avoid-inline-spacing": ("low-vision", "cognitive"),
    "link-in-text-block": ("low-vision",),
    "document-title": ("screen-reader", "cognitive"),
    "bypass": ("keyboard", "screen-reader"),
    "image-alt": ("screen-reader", "low-bandwidth"),
}

_CRITERION = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")


def wcag_criteria(tags: Iterable[str]) -> tuple[str, ...]:
    """Success criteria from axe's tags: ``wcag111`` is 1.1.1, ``wcag1410`` is 1.4.10.

    Level tags (``wcag2a``, ``wcag21aa``) name no criterion and are skipped."""
    found = []
    for tag in tags:
        match = _CRITERION.match(tag)
        if match:
            criterion = ".".join(match.groups())
            if criterion not in found:
                found.append(criterion)
    return tuple(sorted(found, key=lambda c: tuple(int(p) for p in c.split("."))))


def groups_for(rule_id: str, tags: Iterable[str]) -> tuple[str, ...]:
    if rule_id in RULE_GROUPS:
        return RULE_GROUPS[rule_id]
    groups: list[str] = []
    for tag in tags:
        for group in CATEGORY_GROUPS.get(tag, ()):
            if group not in groups:
                groups.append(group)
    return tuple(groups) or ("screen-reader",)


def selector_text(target: Any) -> str:
    """axe's node target as one string.

    A target is a list with one selector per document: the frames it is in,
    then the element. Inside shadow DOM an entry is itself a list, host first.
    Frames are joined with `` >>> ``, shadow roots with `` >> ``."""
    if isinstance(target, str):
        return target
    parts = [" >> ".join(p) if isinstance(p, list) else str(p) for p in target or ()]
    return " >>> ".join(parts)


def _impact(value: Any, fallback: str) -> str:
    return value if value in IMPACTS else fallback


def findings_from_axe(artifact: Mapping[str, Any], page_url: str) -> list[Finding]:
    """One finding per rule and element: violations as ``fail``,
    incomplete as ``review``."""
    findings: list[Finding] = []
    for outcome, key in (("fail", "violations"), ("review", "incomplete")):
        for rule in artifact.get(key, ()):
            rule_id = rule["id"]
            tags = tuple(rule.get("tags", ()))
            wcag = wcag_criteria(tags)
            groups = groups_for(rule_id, tags)
            rule_impact = _impact(rule.get("impact"), "moderate")
            for node in rule.get("nodes", ()):
                selector = selector_text(node.get("target"))
                findings.append(
                    Finding(
                        check="axe",
                        rule=rule_id,
                        outcome=outcome,
                        impact=_impact(node.get("impact"), rule_impact),
                        wcag=wcag,
                        groups=groups,
                        summary=rule.get("help", rule_id),
                        detail=node.get("failureSummary", "") or rule.get("description", ""),
                        help_url=rule.get("helpUrl", ""),
                        tags=tags,
                        targets=(Target(selector=selector, snippet=(node.get("html") or "")[:SNIPPET_LIMIT]),),
                        fingerprint=fingerprint(rule_id, page_url, selector),
                    )
                )
    return findings


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    artifact = artifacts["axe"]
    findings = findings_from_axe(artifact, page.url)
    failed = {f.rule for f in findings if f.outcome == "fail"}
    return CheckResult(
        findings=tuple(findings),
        metrics={
            "axe_rules_failed": len(failed),
            "axe_rules_passed": artifact.get("passes", 0),
            "axe_review": sum(1 for f in findings if f.outcome == "review"),
        },
    )


CHECK = Check(id="axe", title="Accessibility rules (axe-core)", needs=("axe",), evaluate=evaluate, metrics=METRICS, profiles=("quick",))
