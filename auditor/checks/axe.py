"""axe-core results as findings.

axe's own impact and tags are copied, never retyped. Violations become
``fail``; incomplete results ("needs review") become ``review``, never dropped.
The best-practice rules every audit runs for review (the artifact's
``advisory``, see :data:`auditor.collectors.axe.ADVISORY_RULES`) are
``review`` whether axe found a violation or could not decide.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ..model import IMPACTS, Finding, Target
from ..rule import Rule
from .base import Check, CheckResult, Metric, PageContext
from .axe_words import WORDS

SNIPPET_LIMIT = 600

RULES: tuple[Rule, ...] = ()
"""axe-core's rules are not declared here: they come from axe at run time
(:func:`axe_rule`)."""

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


def axe_rule(meta: Mapping[str, Any], outcome: str = "fail") -> Rule:
    """The :class:`Rule` of an axe-core rule, from the metadata axe gives
    with its results (``id``, ``impact``, ``tags``, ``help``, ``helpUrl``):
    axe's rules are known only when axe runs, so this is the one place they
    are made, for the findings and for the run's rule table alike.

    axe's ``help`` is written for developers; the description, how-to-fix
    and who fixes it come from the plain words of :data:`.axe_words.WORDS`,
    and ``help`` is kept as the rule's ``technical`` text (and as the
    description of a rule the table lacks, from a newer axe). How to fix one
    element is in each finding's ``detail`` (axe's failure summary)."""
    rule_id = meta["id"]
    tags = tuple(meta.get("tags", ()))
    technical = meta.get("help", rule_id)
    words = WORDS.get(rule_id)
    return Rule(
        id=rule_id,
        family="axe",
        impact=_impact(meta.get("impact"), "moderate"),
        wcag=wcag_criteria(tags),
        groups=groups_for(rule_id, tags),
        help_url=meta.get("helpUrl", ""),
        description=words.description if words else technical,
        how_to_fix=words.how_to_fix if words else "",
        outcome=outcome,
        fixed_by=words.fixed_by if words else "code",
        technical=technical,
    )


def findings_from_axe(artifact: Mapping[str, Any], page_url: str) -> list[Finding]:
    """One finding per rule and element: violations as ``fail``,
    incomplete as ``review``. A finding's summary is axe's own ``help``
    (the rule's ``technical`` text), as it always was: what a finding says
    does not change with the plain words of the rule table."""
    findings: list[Finding] = []
    advisory = set(artifact.get("advisory", ()))
    for outcome, key in (("fail", "violations"), ("review", "incomplete")):
        for meta in artifact.get(key, ()):
            rule = axe_rule(meta, "review" if meta.get("id") in advisory else outcome)
            tags = tuple(meta.get("tags", ()))
            for node in meta.get("nodes", ()):
                selector = selector_text(node.get("target"))
                findings.append(rule.finding(
                    page_url,
                    (Target(selector=selector, snippet=(node.get("html") or "")[:SNIPPET_LIMIT]),),
                    rule.technical,
                    node.get("failureSummary", "") or meta.get("description", ""),
                    impact=_impact(node.get("impact"), rule.impact),
                    tags=tags,
                ))
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


CHECK = Check(id="axe", title="Accessibility rules (axe-core)", needs=("axe",), evaluate=evaluate, rules=RULES, metrics=METRICS, profiles=("quick",))
