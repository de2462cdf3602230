"""The check families, by id."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..model import Finding
from . import axe, bandwidth, documents, keyboard, nojs, reading, reflow
from .base import Check, CheckResult, Metric, PageContext

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


def one_per_barrier(findings: Iterable[Finding], checks: Iterable[Check]) -> tuple[Finding, ...]:
    """The page's findings with each barrier reported once: a finding whose
    family defers that rule to another family's rule (``Check.defers_to``)
    is dropped when that rule failed on the same page."""
    findings = tuple(findings)
    failed = {f.rule_id for f in findings if f.outcome == "fail"}
    deferred = {(c.id, rule): others for c in checks for rule, others in c.defers_to.items()}
    return tuple(f for f in findings if not failed.intersection(deferred.get((f.check, f.rule), ())))


__all__ = ["CHECKS", "Check", "CheckResult", "Metric", "PageContext", "metric_table", "one_per_barrier"]
