"""The check families, by id."""

from __future__ import annotations

from typing import Iterable, Mapping

from ..model import Finding
from . import axe, bandwidth, documents, keyboard, nojs, reading, reflow
from .base import Check, CheckResult, PageContext

# In the order families appear in reports.
CHECKS: Mapping[str, Check] = {
    module.CHECK.id: module.CHECK
    for module in (axe, bandwidth, nojs, reflow, keyboard, reading, documents)
    if module.CHECK is not None
}



def one_per_barrier(findings: Iterable[Finding], checks: Iterable[Check]) -> tuple[Finding, ...]:
    """The page's findings with each barrier reported once: a finding whose
    family defers that rule to another family's rule (``Check.defers_to``)
    is dropped when that rule failed on the same page."""
    findings = tuple(findings)
    failed = {f.rule_id for f in findings if f.outcome == "fail"}
    deferred = {(c.id, rule): others for c in checks for rule, others in c.defers_to.items()}
    return tuple(f for f in findings if not failed.intersection(deferred.get((f.check, f.rule), ())))


__all__ = ["CHECKS", "Check", "CheckResult", "PageContext", "one_per_barrier"]
