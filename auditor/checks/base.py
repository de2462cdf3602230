"""What a check is: a declaration of the artifacts it needs and a pure
function from those artifacts to findings and metrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..config import AuditConfig
from ..model import Finding


@dataclass(frozen=True)
class PageContext:
    """What a check may know about the page besides its artifacts."""

    url: str
    final_url: str
    config: AuditConfig


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...] = ()
    metrics: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """A check family. ``evaluate`` never touches the browser: it gets the
    artifacts named in ``needs`` (and only those) and returns findings."""

    id: str
    title: str
    needs: tuple[str, ...]
    evaluate: Callable[[Mapping[str, Any], PageContext], CheckResult]
