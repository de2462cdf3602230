"""The check families: :mod:`.base` says what a check is; each family is a
module of its own, registered in :mod:`auditor.registry`."""

from __future__ import annotations

from typing import Iterable

from ..model import Finding
from .base import Check, CheckResult, Metric, PageContext, family_options


def one_per_barrier(findings: Iterable[Finding], checks: Iterable[Check]) -> tuple[Finding, ...]:
    """The page's findings with each barrier reported once: a finding whose
    family defers that rule to another family's rule (``Check.defers_to``)
    is dropped when that rule failed on the same page, or, for a finding
    that is itself for review, when that rule found anything there (axe's
    best-practice rules report for review by default: a review of ours is
    not said again beside theirs, but a fail of ours is not hidden by it)."""
    findings = tuple(findings)
    failed = {f.rule_id for f in findings if f.outcome == "fail"}
    found = {f.rule_id for f in findings}
    deferred = {(c.id, rule): others for c in checks for rule, others in c.defers_to.items()}
    return tuple(f for f in findings if not (failed if f.outcome == "fail" else found).intersection(deferred.get((f.check, f.rule), ())))


__all__ = ["Check", "CheckResult", "Metric", "PageContext", "family_options", "one_per_barrier"]
