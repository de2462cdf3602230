"""The check families, by id."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..model import IMPACTS, Finding, impact_rank
from ..rule import Rule
from . import axe, bandwidth, documents, keyboard, nojs, reading, reflow
from .axe import axe_rule
from .base import Check, CheckResult, Metric, PageContext, family_options

# In the order families appear in reports.
CHECKS: Mapping[str, Check] = {
    module.CHECK.id: module.CHECK
    for module in (axe, bandwidth, nojs, reflow, keyboard, reading, documents)
    if module.CHECK is not None
}


def metric_table(check_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The page figures the families ``check_ids`` (by default every family)
    declare, in report order, as the run document carries them: the table
    the HTML report and the desktop app list a page's figures from."""
    wanted = set(CHECKS) if check_ids is None else set(check_ids)
    return [metric.to_dict(check.id) for check in CHECKS.values() if check.id in wanted for metric in check.metrics]


def declared_rules(extra: Iterable[Rule] = ()) -> list[Rule]:
    """Every rule the families declare (their ``RULES``), in report order,
    with ``extra`` rules (the journeys') after the rules of their family."""
    extra = list(extra)
    return [rule for check in CHECKS.values() for rule in (*check.rules, *(r for r in extra if r.family == check.id))]


def rule_table(check_ids: Iterable[str] | None = None, findings: Iterable[Mapping[str, Any]] = (),
               extra: Iterable[Rule] = ()) -> list[dict[str, Any]]:
    """The rule table of a run, as the run document carries it: every rule
    the run's families ``check_ids`` declare (and ``extra`` rules of those
    families), whether or not it found anything, so a reader sees what was
    checked; a declared rule of another family when one of ``findings``
    (finding dicts, as stored) is of it; and axe-core's rules that appear
    in ``findings``, built from the metadata the findings keep
    (:func:`~auditor.checks.axe.axe_rule`), since axe's rules are known only
    from its results. In report order; axe's by id."""
    findings = list(findings)
    wanted = set(CHECKS) if check_ids is None else set(check_ids)
    seen = {(f["check"], f["rule"]) for f in findings}
    table = [rule.to_dict() for rule in declared_rules(extra) if rule.family in wanted or (rule.family, rule.id) in seen]
    axe_found: dict[str, list[Mapping[str, Any]]] = {}
    for f in findings:
        if f["check"] == axe.CHECK.id:
            axe_found.setdefault(f["rule"], []).append(f)
    axe_rows = []
    for rule_id, found in sorted(axe_found.items()):
        worst = min((f["impact"] for f in found), key=impact_rank, default=IMPACTS[-1])
        first = found[0]
        meta = {"id": rule_id, "impact": worst, "tags": first.get("tags", ()), "help": first.get("summary", rule_id),
                "helpUrl": first.get("help_url", "")}
        outcome = "fail" if any(f["outcome"] == "fail" for f in found) else "review"
        axe_rows.append(axe_rule(meta, outcome).to_dict())
    return axe_rows + table if axe.CHECK.id in CHECKS else table


def one_per_barrier(findings: Iterable[Finding], checks: Iterable[Check]) -> tuple[Finding, ...]:
    """The page's findings with each barrier reported once: a finding whose
    family defers that rule to another family's rule (``Check.defers_to``)
    is dropped when that rule failed on the same page."""
    findings = tuple(findings)
    failed = {f.rule_id for f in findings if f.outcome == "fail"}
    deferred = {(c.id, rule): others for c in checks for rule, others in c.defers_to.items()}
    return tuple(f for f in findings if not failed.intersection(deferred.get((f.check, f.rule), ())))


__all__ = ["CHECKS", "Check", "CheckResult", "Metric", "PageContext", "Rule", "declared_rules", "family_options", "metric_table",
           "one_per_barrier", "rule_table"]
