"""The check families: :mod:`.base` says what a check is; each family is a
module of its own, registered in :mod:`auditor.registry`."""

from __future__ import annotations

from typing import Iterable

from ..model import Finding
from .base import Check, CheckResult, Metric, PageContext


def one_per_barrier(findings: Iterable[Finding], checks: Iterable[Check]) -> tuple[Finding, ...]:
    """The page's findings with each barrier reported once: a finding whose
    family defers that rule to another family's rule (``Check.defers_to``)
    is dropped when that rule failed on the same page."""
    findings = tuple(findings)
    failed = {f.rule_id for f in findings if f.outcome == "fail"}
    deferred = {(c.id, rule): others for c in checks for rule, others in c.defers_to.items()}
    return tuple(f for f in findings if not failed.intersection(deferred.get((f.check, f.rule), ())))


__all__ = ["Check", "CheckResult", "Metric", "PageContext", "one_per_barrier"]
